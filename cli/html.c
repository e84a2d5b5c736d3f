/* ccsim report: one self-contained HTML page for a run, compare, sweep or staff directory, built
 * from its CSV files and manifest.json (the output contract; the simulation is not linked in),
 * its inputs first (inputs.csv and inputs.json: description, overrides, resolved parameters),
 * with the SVG figures of `ccsim plot` copied inline. The page has no script and loads nothing:
 * each <svg> is copied without <script> elements or on* attributes, and its ids (gnuplot's
 * gpPt0, clip paths) get a per-figure prefix, so that a reference inside one figure never
 * resolves to another figure's definition. Figures are (re)drawn first when an SVG is missing
 * or older than its CSV. Numbers are shown with units: shares in %, waits in s, costs in EUR. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/csv_read.h"
#include "models/report.h"
#include "sim/csv.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct report {
    const char *dir;
    FILE *f;
    sim_diag *d;
    int n_fig; /* figures inlined so far; prefixes their ids */
};

/* Where the mean and its interval are in a table of the contract. */
struct ci_cols {
    int mean, low, high;
};

/* The table DIR/name, or NULL when the file does not exist (or, with a diag line, is bad). */
static cli_csv_table *load_csv(const char *dir, const char *name, sim_diag *d)
{
    char *p = sim_path_join(dir, name);
    struct stat st;
    cli_csv_table *t = p && stat(p, &st) == 0 ? cli_csv_read_load(p, d) : NULL;
    free(p);
    return t;
}

/* Every string from a scenario, a CSV, the manifest, a file name or the command line goes
 * through esc() in text and in (double-quoted) attributes alike: & < > " ' become entities, so
 * no such string can open a tag, end an attribute or start an entity (docs/security.md).
 * Nothing from input is written into <style>, a URL or an id; the page's Content-Security-Policy
 * allows no script at all, as a second line of defence. */
static void esc(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            fputs("&lt;", f);
        else if (*s == '>')
            fputs("&gt;", f);
        else if (*s == '&')
            fputs("&amp;", f);
        else if (*s == '"')
            fputs("&quot;", f);
        else if (*s == '\'')
            fputs("&#39;", f);
        else
            fputc(*s, f);
    }
}

static bool is_prefecture(const char *station)
{
    return strncmp(station, "prefecture:", 11) == 0;
}

/* ---- numbers with units --------------------------------------------------------------------- */

enum unit { U_PLAIN, U_SHARE, U_SECONDS, U_HOURS, U_EUR, U_COUNT, U_STAFF };

static bool ends_with(const char *s, const char *tail)
{
    const size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static enum unit unit_of(const char *metric)
{
    static const char *const counts[] = {"offered", "answered",    "abandoned",          "blocked",
                                         "count",   "transferred", "unanswered_general", NULL};
    if (cli_csv_read_is_share(metric))
        return U_SHARE;
    if (ends_with(metric, "_s"))
        return U_SECONDS;
    if (ends_with(metric, "_h"))
        return U_HOURS;
    if (strstr(metric, "eur"))
        return U_EUR;
    if (ends_with(metric, "calls_per_year"))
        return U_COUNT;
    for (size_t i = 0; counts[i]; i++)
        if (strcmp(metric, counts[i]) == 0)
            return U_COUNT;
    if (strcmp(metric, "etpt") == 0 || strcmp(metric, "agents_avg") == 0)
        return U_STAFF;
    return U_PLAIN;
}

/* x with thousands separated by commas, to decimals places. */
static void grouped(char *buf, size_t n, double x, int decimals)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(x));
    const char *dot = strchr(raw, '.');
    const size_t ints = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    if (x < 0 && o + 1 < n)
        buf[o++] = '-';
    for (size_t i = 0; raw[i] && o + 2 < n; i++) {
        if (i > 0 && i < ints && (ints - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
}

/* "-0.0" (a tiny negative rounded away) reads as a direction that is not there: drop the sign. */
static void drop_negative_zero(char *buf)
{
    if (buf[0] == '-' && strspn(buf + 1, "0.,") == strlen(buf + 1))
        memmove(buf, buf + 1, strlen(buf));
}

static void fmt_num_raw(char *buf, size_t n, double x, enum unit u, bool sign);

/* The number alone (shares as percentages), with a sign when sign is set. */
static void fmt_num(char *buf, size_t n, double x, enum unit u, bool sign)
{
    fmt_num_raw(buf, n, x, u, sign);
    drop_negative_zero(buf);
}

static void fmt_num_raw(char *buf, size_t n, double x, enum unit u, bool sign)
{
    if (isnan(x)) {
        snprintf(buf, n, "n/a");
        return;
    }
    char g[64];
    const char *plus = sign && x > 0 ? "+" : "";
    switch (u) {
    case U_SHARE:
        snprintf(buf, n, "%s%.1f", plus, 100 * x);
        return;
    case U_SECONDS:
    case U_HOURS:
        snprintf(buf, n, "%s%.1f", plus, x);
        return;
    case U_EUR:
    case U_COUNT:
        grouped(g, sizeof g, x, fabs(x) < 100 && x != floor(x) ? 1 : 0);
        snprintf(buf, n, "%s%s", plus, g);
        return;
    case U_STAFF:
        snprintf(buf, n, "%s%.2f", plus, x);
        return;
    default:
        snprintf(buf, n, "%s%.4g", plus, x);
    }
}

static const char *unit_suffix(enum unit u, bool diff)
{
    switch (u) {
    case U_SHARE:
        return diff ? " pp" : " %";
    case U_SECONDS:
        return " s";
    case U_HOURS:
        return " h";
    case U_EUR:
        return " EUR";
    default:
        return "";
    }
}

/* A cell: the value with its unit and, below it, the 95 % interval. */
static void td_value(FILE *f, const char *metric, double mean, double low, double high, bool diff)
{
    const enum unit u = unit_of(metric);
    char m[64];
    fmt_num(m, sizeof m, mean, u, diff);
    if (isnan(mean)) {
        fputs("<td class=\"na\">n/a</td>", f);
        return;
    }
    fprintf(f, "<td>%s%s", m, unit_suffix(u, diff));
    if (!isnan(low) && !isnan(high)) {
        char a[64], b[64];
        fmt_num(a, sizeof a, low, u, diff);
        fmt_num(b, sizeof b, high, u, diff);
        fprintf(f, "<br><small>[%s, %s]</small>", a, b);
    }
    fputs("</td>", f);
}

static void td_row(FILE *f, const cli_csv_table *t, const struct ci_cols *c, long row,
                   const char *metric)
{
    if (row < 0) {
        fputs("<td class=\"na\">&ndash;</td>", f);
        return;
    }
    const size_t r = (size_t)row;
    td_value(f, metric, cli_csv_read_num(t, r, c->mean), cli_csv_read_num(t, r, c->low),
             cli_csv_read_num(t, r, c->high), false);
}

static struct ci_cols ci_cols_of(const cli_csv_table *t)
{
    struct ci_cols c = {cli_csv_read_col(t, "mean"), cli_csv_read_col(t, "ci_low"),
                        cli_csv_read_col(t, "ci_high")};
    return c;
}

/* The first row whose columns ca and cb hold va and vb (cb < 0: any), or -1. */
static long find_row(const cli_csv_table *t, int ca, const char *va, int cb, const char *vb)
{
    for (size_t r = 0; r < cli_csv_read_rows(t); r++)
        if (strcmp(cli_csv_read_cell(t, r, ca), va) == 0 &&
            (cb < 0 || strcmp(cli_csv_read_cell(t, r, cb), vb) == 0))
            return (long)r;
    return -1;
}

static double max_reps(const cli_csv_table *t)
{
    const int c = cli_csv_read_col(t, "reps");
    double m = 0;
    for (size_t r = 0; c >= 0 && r < cli_csv_read_rows(t); r++)
        m = fmax(m, cli_csv_read_num(t, r, c));
    return m;
}

static void ci_caption(FILE *f, const cli_csv_table *t)
{
    const double reps = max_reps(t);
    if (reps > 0)
        fprintf(f,
                "<p class=\"note\">Mean over replications; below it, the Student-t 95 %% "
                "confidence interval (%.0f replications).</p>\n",
                reps);
}

static const char *describe(const char *metric)
{
    static const char *const map[][2] = {
        {"offered", "calls offered"},
        {"answered", "calls answered"},
        {"abandoned", "callers who hung up while waiting"},
        {"blocked", "calls refused: every line busy"},
        {"answer_rate", "answered / offered"},
        {"abandon_rate", "abandoned / offered"},
        {"asa_s", "mean wait of answered calls"},
        {"mean_wait_s", "mean wait of all callers"},
        {"wait_p90_s", "90th percentile of the wait"},
        {"sl_20", "answered within 20 s / offered"},
        {"sl_60", "answered within 60 s / offered"},
        {"sl_180", "answered within 180 s / offered"},
        {"occupancy", "busy time / time on duty"},
        {"agents_avg", "agents on duty, time average"},
        {"etpt", "full-time equivalents paid"},
        {"overtime_h", "work after closing time"},
        {"transferred", "general calls sent to level 1"},
        {"unanswered_general", "general calls nobody answered"},
        {"l1_transferred_calls_per_year", "level-1 calls that came from prefectures"},
        {"l1_transferred_eur_per_year", "provider cost of those calls"},
        {"ministry_eur_per_year", "the ministry's share of that cost"},
        {"l1_total_eur_per_year", "provider cost of all level-1 calls"},
        {"l2_eur_per_year", "level-2 staff cost"},
        {"caller_eur_per_year", "callers' phone bills for 3939 minutes"},
        {"l1_transferred_offered_per_year", "level-1 calls offered that came from prefectures"},
        {"operator_eur_per_year", "what the operator of 3939 pays"},
        {"ministry_total_eur_per_year", "what the ministry pays: its share and level 2"},
        {"public_eur_per_year", "ministry + operator"},
        {"answered_calls_per_year", "journeys answered at level 1 or 2"},
        {"public_eur_per_answered_call", "public cost per answered call"},
        {"marginal_eur_per_answered_call", "public cost of one more answered call"},
        {"count", "calls"},
        {"share", "share of general calls"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(metric, map[i][0]) == 0)
            return map[i][1];
    return "";
}

static void th_metric(FILE *f, const char *metric)
{
    fputs("<th class=\"metric\"><code>", f);
    esc(f, metric);
    fputs("</code><br><small>", f);
    esc(f, describe(metric));
    fputs("</small></th>", f);
}

/* Distinct values of column c in first-seen order, filtered by keep (NULL: all). */
static const char **distinct(const cli_csv_table *t, int c, bool (*keep)(const char *), size_t *n)
{
    const char **v = malloc((cli_csv_read_rows(t) + 1) * sizeof *v);
    *n = 0;
    for (size_t r = 0; v && r < cli_csv_read_rows(t); r++) {
        const char *s = cli_csv_read_cell(t, r, c);
        bool seen = keep && !keep(s);
        for (size_t i = 0; i < *n && !seen; i++)
            seen = strcmp(v[i], s) == 0;
        if (!seen)
            v[(*n)++] = s;
    }
    return v;
}

static bool keep_station(const char *s)
{
    return !is_prefecture(s) && strcmp(s, "costs") != 0;
}

static bool keep_prefecture(const char *s)
{
    return is_prefecture(s);
}

/* ---- a run: summary, prefectures, costs, journeys ---------------------------------------------
 */

/* Metrics as rows, stations as columns: a handful of stations, every metric. */
static void summary_stations(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const struct ci_cols c = ci_cols_of(t);
    size_t ns, nm;
    const char **st = distinct(t, cs, keep_station, &ns);
    const char **ms = distinct(t, cm, NULL, &nm);
    if (st && ms && ns > 0) {
        fputs("<h2>Summary by station</h2>\n", f);
        ci_caption(f, t);
        fputs("<table>\n<thead><tr><th>metric</th>", f);
        for (size_t i = 0; i < ns; i++) {
            fputs("<th>", f);
            esc(f, st[i]);
            fputs("</th>", f);
        }
        fputs("</tr></thead>\n<tbody>\n", f);
        for (size_t k = 0; k < nm; k++) {
            bool any = false;
            for (size_t i = 0; i < ns && !any; i++)
                any = find_row(t, cs, st[i], cm, ms[k]) >= 0;
            if (!any)
                continue;
            fputs("<tr>", f);
            th_metric(f, ms[k]);
            for (size_t i = 0; i < ns; i++)
                td_row(f, t, &c, find_row(t, cs, st[i], cm, ms[k]), ms[k]);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    free(st);
    free(ms);
}

/* One row per prefecture, a few metrics, means only: there may be a hundred of them. */
static void summary_prefectures(struct report *rp, const cli_csv_table *t)
{
    static const char *const cols[] = {"offered", "answer_rate", "abandon_rate",       "asa_s",
                                       "sl_60",   "transferred", "unanswered_general", "etpt",
                                       NULL};
    FILE *f = rp->f;
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const int cmean = cli_csv_read_col(t, "mean");
    size_t np;
    const char **pf = distinct(t, cs, keep_prefecture, &np);
    if (pf && np > 0) {
        fprintf(f,
                "<h2>Prefectures (%zu)</h2>\n<p class=\"note\">Means over replications; "
                "the intervals are in summary.csv.</p>\n<table class=\"compact\">\n"
                "<thead><tr><th>prefecture</th>",
                np);
        bool shown[16] = {false};
        for (size_t k = 0; cols[k]; k++) {
            for (size_t i = 0; i < np && !shown[k]; i++)
                shown[k] = find_row(t, cs, pf[i], cm, cols[k]) >= 0;
            if (shown[k])
                th_metric(f, cols[k]);
        }
        fputs("</tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < np; i++) {
            fputs("<tr><th>", f);
            esc(f, pf[i] + strlen("prefecture:"));
            fputs("</th>", f);
            for (size_t k = 0; cols[k]; k++) {
                if (!shown[k])
                    continue;
                const long r = find_row(t, cs, pf[i], cm, cols[k]);
                td_value(f, cols[k], r < 0 ? NAN : cli_csv_read_num(t, (size_t)r, cmean), NAN, NAN,
                         false);
            }
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    free(pf);
}

static void summary_costs(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const struct ci_cols c = ci_cols_of(t);
    if (find_row(t, cs, "costs", -1, NULL) < 0)
        return;
    fputs("<h2>Yearly costs</h2>\n<table>\n<thead><tr><th>cost</th><th>mean and 95 % CI</th>"
          "</tr></thead>\n<tbody>\n",
          f);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        if (strcmp(cli_csv_read_cell(t, r, cs), "costs") != 0)
            continue;
        fputs("<tr>", f);
        th_metric(f, cli_csv_read_cell(t, r, cm));
        td_row(f, t, &c, (long)r, cli_csv_read_cell(t, r, cm));
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static const char *outcome_label(const char *o)
{
    const char *label = cli_outcome_label(o);
    return label ? label : "";
}

static void journeys_table(struct report *rp, const cli_csv_table *t)
{
    static const char *const ms[] = {"count", "share", "mean_wait_s", NULL};
    FILE *f = rp->f;
    const int co = cli_csv_read_col(t, "outcome"), cm = cli_csv_read_col(t, "metric");
    const struct ci_cols c = ci_cols_of(t);
    size_t n;
    const char **out = distinct(t, co, NULL, &n);
    if (out && n > 0) {
        fputs("<h2>Journeys of general-information calls</h2>\n"
              "<p class=\"note\">Where the calls a prefecture sends to 3939 end, over the whole "
              "run.</p>\n<table>\n<thead><tr><th>outcome</th>",
              f);
        fputs("<th class=\"metric\"><code>count</code><br><small>calls</small></th>"
              "<th class=\"metric\"><code>share</code><br><small>of general calls</small></th>"
              "<th class=\"metric\"><code>mean_wait_s</code><br><small>waiting on the way"
              "</small></th>",
              f);
        fputs("</tr></thead>\n<tbody>\n", f);
        for (size_t i = 0; i < n; i++) {
            fputs("<tr><th class=\"metric\"><code>", f);
            esc(f, out[i]);
            fputs("</code><br><small>", f);
            esc(f, outcome_label(out[i]));
            fputs("</small></th>", f);
            for (size_t k = 0; ms[k]; k++)
                td_row(f, t, &c, find_row(t, co, out[i], cm, ms[k]), ms[k]);
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    free(out);
}

/* ---- compare, sweep, staff --------------------------------------------------------------------
 */

static void compare_row(FILE *f, const cli_csv_table *t, size_t r)
{
    const char *m = cli_csv_read_cell(t, r, cli_csv_read_col(t, "metric"));
    const bool sig = cli_csv_read_num(t, r, cli_csv_read_col(t, "significant")) == 1;
    fprintf(f, "<tr%s><th>", sig ? " class=\"sig\"" : "");
    esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, "station")));
    fputs("</th>", f);
    th_metric(f, m);
    td_value(f, m, cli_csv_read_num(t, r, cli_csv_read_col(t, "mean_a")), NAN, NAN, false);
    td_value(f, m, cli_csv_read_num(t, r, cli_csv_read_col(t, "mean_b")), NAN, NAN, false);
    td_value(f, m, cli_csv_read_num(t, r, cli_csv_read_col(t, "diff")),
             cli_csv_read_num(t, r, cli_csv_read_col(t, "ci_low")),
             cli_csv_read_num(t, r, cli_csv_read_col(t, "ci_high")), true);
    fprintf(f, "<td>%s</td></tr>\n", sig ? "<strong>yes</strong>" : "no");
}

static void compare_head(FILE *f, const cli_csv_table *t)
{
    fputs("<table>\n<thead><tr><th>station</th><th>metric</th><th>A: ", f);
    esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario_a")));
    fputs("</th><th>B: ", f);
    esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario_b")));
    fputs("</th><th>B &minus; A<br><small>[95 % CI, paired]</small></th><th>significant</th>"
          "</tr></thead>\n<tbody>\n",
          f);
}

static void compare_table(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    const int cs = cli_csv_read_col(t, "station");
    const int csig = cli_csv_read_col(t, "significant");
    if (cli_csv_read_rows(t) == 0)
        return;
    fputs("<h2>Comparison</h2>\n<p class=\"note\">Both scenarios ran with common random numbers; "
          "the difference B &minus; A is paired replication by replication, and it is "
          "significant when its 95 % interval excludes 0 (rows in bold).</p>\n",
          f);
    compare_head(f, t);
    size_t pref = 0, pref_sig = 0;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        if (is_prefecture(cli_csv_read_cell(t, r, cs))) {
            pref++;
            pref_sig += cli_csv_read_num(t, r, csig) == 1;
            continue;
        }
        compare_row(f, t, r);
    }
    fputs("</tbody></table>\n", f);
    if (pref == 0)
        return;
    fprintf(f,
            "<h3>Prefectures</h3>\n<p class=\"note\">%zu of %zu prefecture rows differ "
            "significantly%s</p>\n",
            pref_sig, pref, pref_sig ? ":" : ".");
    if (pref_sig == 0)
        return;
    compare_head(f, t);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++)
        if (is_prefecture(cli_csv_read_cell(t, r, cs)) && cli_csv_read_num(t, r, csig) == 1)
            compare_row(f, t, r);
    fputs("</tbody></table>\n", f);
}

/* The rows of the sweep point p for one station as one table row. */
static void sweep_row(FILE *f, const cli_csv_table *t, const char *point, const char *station,
                      const char **ms, size_t nm, bool two_d)
{
    const int cp = cli_csv_read_col(t, "point"), cs = cli_csv_read_col(t, "station");
    const int cm = cli_csv_read_col(t, "metric");
    const struct ci_cols c = ci_cols_of(t);
    const long first = find_row(t, cp, point, cs, station);
    if (first < 0)
        return;
    fputs("<tr><th>", f);
    esc(f, cli_csv_read_cell(t, (size_t)first, cli_csv_read_col(t, "x")));
    fputs("</th>", f);
    if (two_d) {
        fputs("<th>", f);
        esc(f, cli_csv_read_cell(t, (size_t)first, cli_csv_read_col(t, "y")));
        fputs("</th>", f);
    }
    for (size_t k = 0; k < nm; k++) {
        long r = -1;
        for (size_t q = (size_t)first; q < cli_csv_read_rows(t) && r < 0; q++)
            if (strcmp(cli_csv_read_cell(t, q, cp), point) == 0 &&
                strcmp(cli_csv_read_cell(t, q, cs), station) == 0 &&
                strcmp(cli_csv_read_cell(t, q, cm), ms[k]) == 0)
                r = (long)q;
        td_row(f, t, &c, r, ms[k]);
    }
    fputs("</tr>\n", f);
}

static void sweep_station(FILE *f, const cli_csv_table *t, const char *station, const char **points,
                          size_t np, bool two_d)
{
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const char **ms = malloc((cli_csv_read_rows(t) + 1) * sizeof *ms);
    size_t nm = 0;
    for (size_t r = 0; ms && r < cli_csv_read_rows(t); r++) {
        const char *m = cli_csv_read_cell(t, r, cm);
        bool seen = strcmp(cli_csv_read_cell(t, r, cs), station) != 0;
        for (size_t k = 0; k < nm && !seen; k++)
            seen = strcmp(ms[k], m) == 0;
        if (!seen)
            ms[nm++] = m;
    }
    fputs("<h3>", f);
    esc(f, station);
    fputs("</h3>\n<table class=\"compact\">\n<thead><tr><th><code>", f);
    esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "x_path")));
    fputs("</code></th>", f);
    if (two_d) {
        fputs("<th><code>", f);
        esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "y_path")));
        fputs("</code></th>", f);
    }
    for (size_t k = 0; k < nm; k++)
        th_metric(f, ms[k]);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t p = 0; p < np; p++)
        sweep_row(f, t, points[p], station, ms, nm, two_d);
    fputs("</tbody></table>\n", f);
    free(ms);
}

static bool keep_sweep_station(const char *s)
{
    return !is_prefecture(s);
}

static void sweep_tables(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    size_t ns, np, ny;
    const char **st = distinct(t, cli_csv_read_col(t, "station"), keep_sweep_station, &ns);
    const char **pt = distinct(t, cli_csv_read_col(t, "point"), NULL, &np);
    const char **ys = distinct(t, cli_csv_read_col(t, "y"), NULL, &ny);
    const bool two_d = ys && (ny > 1 || (ny == 1 && ys[0][0] != '\0'));
    if (st && pt && np > 0) {
        fprintf(f, "<h2>Sweep over <code>");
        esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "x_path")));
        if (two_d) {
            fputs("</code> and <code>", f);
            esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "y_path")));
        }
        fprintf(f, "</code> (%zu points)</h2>\n", np);
        ci_caption(f, t);
        for (size_t i = 0; i < ns; i++)
            sweep_station(f, t, st[i], pt, np, two_d);
    }
    free(st);
    free(pt);
    free(ys);
}

/* "Smallest staffing that meets every target: step 4, 14.62 ETPT, 804,375 EUR per year." */
static void staff_answer(FILE *f, const cli_csv_table *t)
{
    const int cstep = cli_csv_read_col(t, "step"), cm = cli_csv_read_col(t, "meets");
    const int ce = cli_csv_read_col(t, "etpt"), ceur = cli_csv_read_col(t, "eur_per_year");
    long best = -1;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        bool all = true;
        for (size_t q = 0; q < cli_csv_read_rows(t); q++)
            if (strcmp(cli_csv_read_cell(t, q, cstep), cli_csv_read_cell(t, r, cstep)) == 0)
                all &= cli_csv_read_num(t, q, cm) == 1;
        if (all && (best < 0 || cli_csv_read_num(t, r, ce) < cli_csv_read_num(t, (size_t)best, ce)))
            best = (long)r;
    }
    if (best < 0) {
        fputs("<p><strong>No step met every target.</strong></p>\n", f);
        return;
    }
    char e[64], eur[64];
    fmt_num(e, sizeof e, cli_csv_read_num(t, (size_t)best, ce), U_STAFF, false);
    fmt_num(eur, sizeof eur, cli_csv_read_num(t, (size_t)best, ceur), U_EUR, false);
    fputs("<p><strong>Smallest staffing that meets every target: step ", f);
    esc(f, cli_csv_read_cell(t, (size_t)best, cstep));
    fprintf(f, ", %s ETPT, %s EUR per year.</strong></p>\n", e, eur);
}

static void staff_table(struct report *rp, const cli_csv_table *t)
{
    static const char *const plain[] = {"step", "station", "scale", NULL};
    static const char *const staff[] = {"agents_avg", "etpt", "eur_per_year", NULL};
    FILE *f = rp->f;
    const struct ci_cols c = ci_cols_of(t);
    const int cm = cli_csv_read_col(t, "metric"), cmeets = cli_csv_read_col(t, "meets");
    fputs("<h2>Staffing search</h2>\n<p class=\"note\">Each step of the search, with the "
          "target metric at that staffing (mean and 95 % CI) and whether it meets the "
          "target.</p>\n",
          f);
    staff_answer(f, t);
    fputs("<table>\n<thead><tr><th>step</th><th>station</th><th>scale</th>"
          "<th>agents on duty</th><th>ETPT</th><th>cost (EUR/year)</th><th>metric</th>"
          "<th>value</th><th>meets</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const bool meets = cli_csv_read_num(t, r, cmeets) == 1;
        fprintf(f, "<tr%s>", meets ? " class=\"ok\"" : "");
        for (size_t k = 0; plain[k]; k++) {
            fputs("<td>", f);
            esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, plain[k])));
            fputs("</td>", f);
        }
        for (size_t k = 0; staff[k]; k++)
            td_value(f, staff[k], cli_csv_read_num(t, r, cli_csv_read_col(t, staff[k])), NAN, NAN,
                     false);
        fputs("<td><code>", f);
        esc(f, cli_csv_read_cell(t, r, cm));
        fputs("</code></td>", f);
        td_row(f, t, &c, (long)r, cli_csv_read_cell(t, r, cm));
        fprintf(f, "<td>%s</td></tr>\n", meets ? "yes" : "<strong>no</strong>");
    }
    fputs("</tbody></table>\n", f);
}

/* ---- a sensitivity or uncertainty study ------------------------------------------------------
 */

/* "station.metric" in a code cell, both from the CSV. */
static void td_metric(FILE *f, const cli_csv_table *t, size_t r)
{
    fputs("<td><code>", f);
    esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, "station")));
    fputc('.', f);
    esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, "metric")));
    fputs("</code></td>", f);
}

static void td_text(FILE *f, const cli_csv_table *t, size_t r, const char *col, bool code)
{
    fputs(code ? "<td><code>" : "<td>", f);
    esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, col)));
    fputs(code ? "</code></td>" : "</td>", f);
}

/* A probability or a share of variance in %, with its interval below when there is one. */
static void td_share(FILE *f, double x, double low, double high)
{
    char m[64];
    fmt_num(m, sizeof m, x, U_SHARE, false);
    if (isnan(x)) {
        fputs("<td class=\"na\">n/a</td>", f);
        return;
    }
    fprintf(f, "<td>%s %%", m);
    if (!isnan(low) && !isnan(high)) {
        char a[64], b[64];
        fmt_num(a, sizeof a, low, U_SHARE, false);
        fmt_num(b, sizeof b, high, U_SHARE, false);
        fprintf(f, "<br><small>[%s, %s]</small>", a, b);
    }
    fputs("</td>", f);
}

/* sensitivity.csv, in its own order (largest swing first). */
static void sensitivity_table(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    const struct ci_cols c = ci_cols_of(t);
    const int cm = cli_csv_read_col(t, "metric"), cswing = cli_csv_read_col(t, "swing");
    fputs("<h2>Sensitivity</h2>\n<p class=\"note\">Each declared uncertain input set in turn to "
          "each end of its range, the others at their base value, with common random numbers; "
          "the swing is how far the mean moves between the input's values. Rows are sorted by "
          "swing, largest first.</p>\n",
          f);
    ci_caption(f, t);
    fputs("<table>\n<thead><tr><th>input</th><th>value</th><th>metric</th><th>mean<br>"
          "<small>[95 % CI]</small></th><th>swing</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *metric = cli_csv_read_cell(t, r, cm);
        fputs("<tr>", f);
        td_text(f, t, r, "input", true);
        td_text(f, t, r, "value", false);
        td_metric(f, t, r);
        td_row(f, t, &c, (long)r, metric);
        /* A swing is a difference: percentage points for a share, never signed. */
        const enum unit u = unit_of(metric);
        char sw[64];
        fmt_num(sw, sizeof sw, cli_csv_read_num(t, r, cswing), u, false);
        fprintf(f, "<td>%s%s</td></tr>\n", sw, unit_suffix(u, true));
    }
    fputs("</tbody></table>\n", f);
}

static void uncertainty_summary_table(struct report *rp, const cli_csv_table *t)
{
    static const char *const q[] = {"mean", "q05", "q50", "q95", NULL};
    FILE *f = rp->f;
    const int cm = cli_csv_read_col(t, "metric");
    fputs("<h2>Uncertainty</h2>\n<p class=\"note\">The metric over samples of the declared "
          "uncertain inputs: mean and 5, 50 and 95 % quantiles of the sample means, and the "
          "share of their variance that comes from the inputs (the rest is simulation "
          "noise).</p>\n",
          f);
    fputs("<table>\n<thead><tr><th>metric</th><th>mean</th><th>q05</th><th>q50</th><th>q95</th>"
          "<th>input share of the variance</th><th>samples</th><th>replications</th></tr>"
          "</thead>\n<tbody>\n",
          f);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *metric = cli_csv_read_cell(t, r, cm);
        fputs("<tr>", f);
        td_metric(f, t, r);
        for (size_t k = 0; q[k]; k++)
            td_value(f, metric, cli_csv_read_num(t, r, cli_csv_read_col(t, q[k])), NAN, NAN, false);
        td_share(f, cli_csv_read_num(t, r, cli_csv_read_col(t, "input_share")), NAN, NAN);
        td_text(f, t, r, "samples", false);
        td_text(f, t, r, "reps", false);
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

static void prcc_table(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    const struct ci_cols c = {cli_csv_read_col(t, "prcc"), cli_csv_read_col(t, "ci_low"),
                              cli_csv_read_col(t, "ci_high")};
    fputs("<h3>Which inputs matter (PRCC)</h3>\n<p class=\"note\">Partial rank correlation "
          "of each input with the metric, the other inputs held fixed, and its 95 % interval: "
          "an interval that holds 0 shows no detectable effect.</p>\n",
          f);
    fputs("<table>\n<thead><tr><th>input</th><th>metric</th><th>PRCC<br><small>[95 % CI]"
          "</small></th></tr></thead>\n<tbody>\n",
          f);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        fputs("<tr>", f);
        td_text(f, t, r, "input", true);
        td_metric(f, t, r);
        td_row(f, t, &c, (long)r, "prcc");
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table>\n", f);
}

/* decide.csv: meets = the probability reaches the confidence asked (the rule of `chosen`). */
static void decide_table(struct report *rp, const cli_csv_table *t)
{
    FILE *f = rp->f;
    const int cp = cli_csv_read_col(t, "p_meet"), cconf = cli_csv_read_col(t, "confidence");
    const int cch = cli_csv_read_col(t, "chosen"), cn = cli_csv_read_col(t, "samples");
    const int cmeet = cli_csv_read_col(t, "samples_meeting");
    fputs("<h3>Decision</h3>\n<p class=\"note\">For each candidate value, the probability over "
          "the declared uncertainty that every target (<code>",
          f);
    esc(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "targets")));
    fputs("</code>) is met, with its 95 % Clopper-Pearson interval; it meets the requirement "
          "when the probability reaches ",
          f);
    char conf[64];
    fmt_num(conf, sizeof conf, cli_csv_read_num(t, 0, cconf), U_SHARE, false);
    fprintf(f, "%s %%", conf);
    fputs(" (the bold row is the smallest such candidate).</p>\n", f);
    fputs("<table>\n<thead><tr><th>candidate</th><th>probability<br><small>[95 % CI]</small></th>"
          "<th>meets</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        /* The command's own rule, on the exact counts (p_meet is rounded in the CSV). */
        const bool meets = cli_csv_read_num(t, r, cmeet) / cli_csv_read_num(t, r, cn) >=
                           cli_csv_read_num(t, r, cconf);
        const bool chosen = cli_csv_read_num(t, r, cch) == 1;
        fprintf(f, "<tr%s><td><code>", meets ? " class=\"ok\"" : "");
        fputs(chosen ? "<strong>" : "", f);
        esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, "path")));
        fputc('=', f);
        esc(f, cli_csv_read_cell(t, r, cli_csv_read_col(t, "value")));
        fputs(chosen ? "</strong>" : "", f);
        fputs("</code></td>", f);
        td_share(f, cli_csv_read_num(t, r, cp),
                 cli_csv_read_num(t, r, cli_csv_read_col(t, "ci_low")),
                 cli_csv_read_num(t, r, cli_csv_read_col(t, "ci_high")));
        fprintf(f, "<td>%s</td></tr>\n", meets ? "yes" : "<strong>no</strong>");
    }
    fputs("</tbody></table>\n", f);
}

/* ---- figures ----------------------------------------------------------------------------------
 */

/* The CSV each family of figures is drawn from, for the staleness check. */
static const char *const figure_source[][3] = {
    {"intervals.csv", "intervals_", "load_"},
    {"journeys.csv", "journeys", NULL},
    {"compare.csv", "compare_", NULL},
    {"sweep.csv", "sweep_", NULL},
    {"staff.csv", "staff", NULL},
    {"tornado.csv", "tornado_", NULL},
    {"decide.csv", "decide", NULL},
};
#define N_SOURCES (sizeof figure_source / sizeof *figure_source)

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int station_rank(const char *s)
{
    static const char *const order[] = {"network", "switchboard", "prefecture", "level1",
                                        "level2",  "queue",       "costs"};
    for (int i = 0; i < 7; i++)
        if (starts(s, order[i]))
            return i;
    return 7;
}

/* Sort key of a figure file: its family, then the station in call-flow order, then its name. */
static int figure_cmp(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    int fa = (int)N_SOURCES, fb = (int)N_SOURCES;
    for (size_t i = 0; i < N_SOURCES; i++)
        for (int k = 1; k < 3 && figure_source[i][k]; k++) {
            fa = starts(a, figure_source[i][k]) && fa == (int)N_SOURCES ? (int)i : fa;
            fb = starts(b, figure_source[i][k]) && fb == (int)N_SOURCES ? (int)i : fb;
        }
    if (fa != fb)
        return fa - fb;
    const char *sa = strchr(a, '_'), *sb = strchr(b, '_');
    const int ra = sa ? station_rank(sa + 1) : -1, rb = sb ? station_rank(sb + 1) : -1;
    return ra != rb ? ra - rb : strcmp(a, b);
}

/* A figure file name as `ccsim plot` makes them (stem_of): the safe alphabet [A-Za-z0-9._-],
 * not starting with '.'. Any other *.svg in the directory was not drawn by ccsim. */
static bool safe_name(const char *s)
{
    if (*s == '.' || *s == '\0')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-' || *s == '_' || *s == '.'))
            return false;
    return true;
}

/* The *.svg files of dir, sorted for the page; NULL-terminated, malloc'ed. */
static char **list_svgs(const char *dir, size_t *n)
{
    *n = 0;
    DIR *dp = opendir(dir);
    if (!dp)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        if (!ends_with(e->d_name, ".svg") || !safe_name(e->d_name))
            continue;
        if (*n + 2 > cap) {
            char **w = realloc(v, (cap = cap ? 2 * cap : 16) * sizeof *w);
            if (!w)
                break;
            v = w;
        }
        if ((v[*n] = strdup(e->d_name)) != NULL)
            (*n)++;
    }
    closedir(dp);
    if (v) {
        v[*n] = NULL;
        qsort(v, *n, sizeof *v, figure_cmp);
    }
    return v;
}

static void free_list(char **v)
{
    for (size_t i = 0; v && v[i]; i++)
        free(v[i]);
    free(v);
}

static double mtime_of(const char *dir, const char *file)
{
    char *p = sim_path_join(dir, file);
    struct stat st;
    const double t = p && stat(p, &st) == 0 ? (double)st.st_mtime : NAN;
    free(p);
    return t;
}

/* True when a CSV with figures has none, or one older than the CSV. */
static bool figures_stale(const char *dir)
{
    size_t n;
    char **svg = list_svgs(dir, &n);
    bool stale = false;
    for (size_t i = 0; i < N_SOURCES && !stale; i++) {
        const double csv = mtime_of(dir, figure_source[i][0]);
        if (isnan(csv))
            continue;
        bool found = false;
        for (size_t k = 0; k < n; k++) {
            if (!starts(svg[k], figure_source[i][1]) &&
                !(figure_source[i][2] && starts(svg[k], figure_source[i][2])))
                continue;
            found = true;
            stale |= mtime_of(dir, svg[k]) < csv;
        }
        stale |= !found;
    }
    free_list(svg);
    return stale;
}

/* Length of an on* event attribute at p (" onload='...'"), or 0. */
static size_t event_attr(const char *p)
{
    if (!(p[0] == ' ' || p[0] == '\n' || p[0] == '\t') || p[1] != 'o' || p[2] != 'n')
        return 0;
    size_t i = 3;
    while (p[i] >= 'a' && p[i] <= 'z')
        i++;
    if (i == 3 || p[i] != '=' || (p[i + 1] != '"' && p[i + 1] != '\''))
        return 0;
    const char *end = strchr(p + i + 2, p[i + 1]);
    return end ? (size_t)(end - p) + 1 : 0;
}

/* Copies the <svg> element of svg to f: scripts and event attributes dropped, every id and
 * reference to an id prefixed with pre. */
static void copy_svg(FILE *f, const char *svg, const char *pre)
{
    static const char *const refs[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#", NULL};
    const char *p = strstr(svg, "<svg");
    while (p && *p) {
        if (starts(p, "<script")) {
            const char *e = strstr(p, "</script>");
            p = e ? e + strlen("</script>") : p + strlen(p);
            continue;
        }
        const size_t ev = event_attr(p);
        if (ev > 0) {
            p += ev;
            continue;
        }
        size_t k = 0;
        while (refs[k] &&
               !(starts(p, refs[k]) && (k > 1 || (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t'))))
            k++;
        if (refs[k]) {
            fputs(refs[k], f);
            fputs(pre, f);
            p += strlen(refs[k]);
            continue;
        }
        fputc(*p++, f);
    }
    fputc('\n', f);
}

static const char *figure_caption(const char *name)
{
    static const char *const map[][2] = {
        {"intervals_", "Waits, abandonment and blocking by interval, with the analytic prediction "
                       "(Erlang A, or M/M/c/K+M for a finite waiting line)"},
        {"load_", "Agents on duty and offered load by interval"},
        {"journeys", "Journeys of general-information calls"},
        {"compare_", "Scenario A against scenario B"},
        {"sweep_", "Sweep: answer rate, abandonment, ASA and service level"},
        {"staff", "Staffing search"},
        {"tornado_", "Sensitivity: the mean with each input at the ends of its range"},
        {"decide", "Decision: probability that every target is met"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (starts(name, map[i][0]))
            return map[i][1];
    return "Figure";
}

static void figures(struct report *rp, bool plots_ok)
{
    FILE *f = rp->f;
    size_t n;
    char **svg = list_svgs(rp->dir, &n);
    if (n > 0 || !plots_ok)
        fputs("<h2>Figures</h2>\n", f);
    if (!plots_ok)
        fputs("<p class=\"warn\">Some figures could not be drawn (is gnuplot installed?); run "
              "<code>ccsim plot</code> on this directory, then this report again.</p>\n",
              f);
    for (size_t i = 0; i < n; i++) {
        char *path = sim_path_join(rp->dir, svg[i]);
        size_t len;
        char *text = path ? cli_csv_read_file(path, &len, rp->d) : NULL;
        free(path);
        if (!text)
            continue;
        char pre[32];
        snprintf(pre, sizeof pre, "f%d_", ++rp->n_fig);
        fputs("<figure>\n", f);
        copy_svg(f, text, pre);
        fputs("<figcaption>", f);
        esc(f, figure_caption(svg[i]));
        fputs(" &mdash; <code>", f);
        esc(f, svg[i]);
        fputs("</code> (PNG beside it; edit the <code>.gp</code> script and re-run gnuplot to "
              "change it)</figcaption>\n</figure>\n",
              f);
        free(text);
    }
    free_list(svg);
}

/* ---- the inputs: description, overrides, resolved parameters (inputs.json, inputs.csv) -----
 */

/* A paragraph of a scenario description: a leading label in capitals ("LEVEL 1", "COSTS") in
 * bold, and the source tags of docs/sources.md ([SRC], [SEED], [DERIVED], ASSUMPTION) marked,
 * so that a reader finds what each number rests on. Control bytes other than TAB are dropped
 * (the text may come from anyone's folder); everything else goes through esc(). */
static void description_paragraph(FILE *f, const char *p, size_t n)
{
    static const char *const tags[] = {"[SRC]",      "[SEED]",     "[DERIVED]",
                                       "ASSUMPTION", "CALIBRATED", NULL};
    size_t label = 0;
    while (label < n && ((p[label] >= 'A' && p[label] <= 'Z') || p[label] == ' ' ||
                         (p[label] >= '0' && p[label] <= '9')))
        label++;
    if (label < 3 || label == n)
        label = 0;
    fputs("<p class=\"desc\">", f);
    if (label > 0)
        fputs("<b>", f);
    for (size_t i = 0; i < n; i++) {
        if (label > 0 && i == label)
            fputs("</b>", f);
        bool tagged = false;
        for (size_t k = 0; tags[k] && !tagged && (label == 0 || i >= label); k++) {
            const size_t m = strlen(tags[k]);
            if (i + m <= n && strncmp(p + i, tags[k], m) == 0) {
                fputs("<span class=\"tag\">", f);
                esc(f, tags[k]);
                fputs("</span>", f);
                i += m - 1;
                tagged = true;
            }
        }
        if (tagged)
            continue;
        const char c[2] = {p[i], '\0'};
        if ((unsigned char)p[i] >= 0x20 && p[i] != 0x7f)
            esc(f, c);
        else if (p[i] == '\t')
            fputc(' ', f);
    }
    fputs("</p>\n", f);
}

static void description(FILE *f, const char *text)
{
    if (!text || !*text) {
        fputs("<p class=\"note\">The scenario has no description.</p>\n", f);
        return;
    }
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        const size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0)
            description_paragraph(f, p, n);
        p += n + (e ? 1 : 0);
    }
}

static void overrides(FILE *f, const struct cc_inputs_doc *doc)
{
    fputs("<h3>Overrides</h3>\n", f);
    if (doc->n_sets == 0 && doc->n_vary == 0) {
        fputs("<p class=\"note\">None: the scenario file(s) as written.</p>\n", f);
        return;
    }
    fputs("<p class=\"note\">Applied over the scenario file(s), in this order (the options "
          "<code>--reps</code>, <code>--seed</code>, <code>--days</code> are shortcuts for "
          "<code>--set</code>).</p>\n<ul class=\"overrides\">\n",
          f);
    for (size_t i = 0; i < doc->n_sets; i++) {
        fputs("<li><code>--set ", f);
        esc(f, doc->sets[i] ? doc->sets[i] : "");
        fputs("</code></li>\n", f);
    }
    for (size_t i = 0; i < doc->n_vary; i++) {
        fputs("<li><code>--vary ", f);
        esc(f, doc->vary[i] ? doc->vary[i] : "");
        fputs("</code></li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* Where the columns of inputs.csv are. */
struct in_cols {
    int variant, scenario, station, param, value, unit;
};

/* A station's column of the parameters table: one station, or all prefectures together. */
struct in_group {
    const char *label; /* a station name, or "prefecture:" for the group */
    size_t members;
};

static bool in_group_has(const struct in_group *g, const char *station)
{
    return is_prefecture(g->label) ? is_prefecture(station) : strcmp(g->label, station) == 0;
}

/* A value as read: a share in %, a number to 4 significant digits, a word as it is. */
static void in_value(char *buf, size_t n, const char *text, const char *unit)
{
    char *end;
    const double x = strtod(text, &end);
    if (end == text || *end != '\0')
        snprintf(buf, n, "%s", text);
    else if (strcmp(unit, "share") == 0)
        snprintf(buf, n, "%.4g", 100 * x);
    else if (x == floor(x) && fabs(x) < 1e15)
        snprintf(buf, n, "%.0f", x);
    else
        snprintf(buf, n, "%.4g", x);
}

/* The cell of parameter param for group g in variant v: one value, or the range (or "varies")
 * over the prefectures of the group; false when no row has it. */
static bool in_cell(const cli_csv_table *t, const struct in_cols *c, const char *v,
                    const struct in_group *g, const char *param, char *buf, size_t n)
{
    double lo = INFINITY, hi = -INFINITY;
    const char *first = NULL;
    bool same = true, numeric = true;
    const char *unit = "";
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        if (strcmp(cli_csv_read_cell(t, r, c->variant), v) != 0 ||
            strcmp(cli_csv_read_cell(t, r, c->param), param) != 0 ||
            !in_group_has(g, cli_csv_read_cell(t, r, c->station)))
            continue;
        const char *val = cli_csv_read_cell(t, r, c->value);
        unit = cli_csv_read_cell(t, r, c->unit);
        if (!first)
            first = val;
        same &= strcmp(first, val) == 0;
        const double x = cli_csv_read_num(t, r, c->value);
        numeric &= !isnan(x);
        lo = fmin(lo, x);
        hi = fmax(hi, x);
    }
    if (!first)
        return false;
    if (same) {
        in_value(buf, n, first, unit);
    } else if (numeric) {
        char a[48], b[48], ta[32], tb[32];
        in_value(a, sizeof a, sim_csv_format_num(lo, ta), unit);
        in_value(b, sizeof b, sim_csv_format_num(hi, tb), unit);
        snprintf(buf, n, "%s to %s", a, b);
    } else {
        snprintf(buf, n, "varies");
    }
    return true;
}

static const char *in_unit_label(const char *unit)
{
    return strcmp(unit, "share") == 0 ? "%" : unit;
}

/* Distinct values of column col among the rows of variant v whose station is (or is not, with
 * scenario_rows false) "scenario". */
static const char **in_distinct(const cli_csv_table *t, const struct in_cols *c, const char *v,
                                int col, bool scenario_rows, size_t *n)
{
    const char **out = malloc((cli_csv_read_rows(t) + 1) * sizeof *out);
    *n = 0;
    for (size_t r = 0; out && r < cli_csv_read_rows(t); r++) {
        const char *st = cli_csv_read_cell(t, r, c->station);
        if (strcmp(cli_csv_read_cell(t, r, c->variant), v) != 0 ||
            (strcmp(st, "scenario") == 0) != scenario_rows)
            continue;
        const char *s = cli_csv_read_cell(t, r, col);
        bool seen = false;
        for (size_t i = 0; i < *n && !seen; i++)
            seen = strcmp(out[i], s) == 0 ||
                   (col == c->station && is_prefecture(out[i]) && is_prefecture(s));
        if (!seen)
            out[(*n)++] = s;
    }
    return out;
}

static const char *in_unit_of(const cli_csv_table *t, const struct in_cols *c, const char *param)
{
    const long r = find_row(t, c->param, param, -1, NULL);
    return r < 0 ? "" : cli_csv_read_cell(t, (size_t)r, c->unit);
}

static void th_param(FILE *f, const char *param, const char *unit)
{
    fputs("<th class=\"metric\"><code>", f);
    esc(f, param);
    fputs("</code>", f);
    if (*unit) {
        fputs(" <small>(", f);
        esc(f, in_unit_label(unit));
        fputs(")</small>", f);
    }
    fputs("</th>", f);
}

/* Run, network and cost parameters (station "scenario"): one column per variant shown. */
static void in_scenario_table(FILE *f, const cli_csv_table *t, const struct in_cols *c,
                              const char *const *vs, const char *const *names, size_t nv)
{
    size_t np;
    const char **ps = in_distinct(t, c, vs[0], c->param, true, &np);
    if (ps && np > 0) {
        fputs("<h3>Run, network and costs</h3>\n<table class=\"inputs\">\n<thead><tr>"
              "<th>parameter</th>",
              f);
        for (size_t k = 0; k < nv; k++) {
            fputs("<th>", f);
            esc(f, names[k]);
            fputs("</th>", f);
        }
        fputs("</tr></thead>\n<tbody>\n", f);
        const struct in_group g = {"scenario", 1};
        for (size_t i = 0; i < np; i++) {
            fputs("<tr>", f);
            th_param(f, ps[i], in_unit_of(t, c, ps[i]));
            char first[128] = "";
            for (size_t k = 0; k < nv; k++) {
                char buf[128];
                if (!in_cell(t, c, vs[k], &g, ps[i], buf, sizeof buf)) {
                    fputs("<td class=\"na\">&ndash;</td>", f);
                    continue;
                }
                fprintf(f, "<td%s>", k > 0 && strcmp(buf, first) != 0 ? " class=\"chg\"" : "");
                esc(f, buf);
                fputs("</td>", f);
                if (k == 0)
                    snprintf(first, sizeof first, "%s", buf);
            }
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    free(ps);
}

/* The stations of variant v, parameters as rows and stations as columns (the prefectures in
 * one column); cells that differ from variant base (NULL: none) are marked. */
static void in_station_table(FILE *f, const cli_csv_table *t, const struct in_cols *c,
                             const char *v, const char *name, const char *base)
{
    size_t ns, np;
    const char **ss = in_distinct(t, c, v, c->station, false, &ns);
    const char **ps = in_distinct(t, c, v, c->param, false, &np);
    struct in_group *g = ss ? malloc((ns + 1) * sizeof *g) : NULL;
    if (g && ps && ns > 0) {
        for (size_t i = 0; i < ns; i++) {
            g[i].label = ss[i];
            g[i].members = 0;
            if (is_prefecture(ss[i])) {
                /* Count the prefectures of the variant: distinct station names. */
                const char *prev = NULL;
                for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
                    const char *st = cli_csv_read_cell(t, r, c->station);
                    if (strcmp(cli_csv_read_cell(t, r, c->variant), v) == 0 && is_prefecture(st) &&
                        (!prev || strcmp(prev, st) != 0)) {
                        bool seen = false;
                        for (size_t q = 0; q < r && !seen; q++)
                            seen = strcmp(cli_csv_read_cell(t, q, c->variant), v) == 0 &&
                                   strcmp(cli_csv_read_cell(t, q, c->station), st) == 0;
                        g[i].members += !seen;
                        prev = st;
                    }
                }
            }
        }
        fputs("<h3>Stations", f);
        if (name) {
            fputs(" of <code>", f);
            esc(f, name);
            fputs("</code>", f);
        }
        fputs("</h3>\n<table class=\"inputs\">\n<thead><tr><th>parameter</th>", f);
        for (size_t i = 0; i < ns; i++) {
            if (is_prefecture(g[i].label))
                fprintf(f, "<th>prefectures (%zu)</th>", g[i].members);
            else {
                fputs("<th>", f);
                esc(f, g[i].label);
                fputs("</th>", f);
            }
        }
        fputs("</tr></thead>\n<tbody>\n", f);
        for (size_t k = 0; k < np; k++) {
            fputs("<tr>", f);
            th_param(f, ps[k], in_unit_of(t, c, ps[k]));
            for (size_t i = 0; i < ns; i++) {
                char buf[128], was[128];
                if (!in_cell(t, c, v, &g[i], ps[k], buf, sizeof buf)) {
                    fputs("<td class=\"na\">&ndash;</td>", f);
                    continue;
                }
                const bool chg = base && (!in_cell(t, c, base, &g[i], ps[k], was, sizeof was) ||
                                          strcmp(was, buf) != 0);
                fprintf(f, "<td%s>", chg ? " class=\"chg\"" : "");
                esc(f, buf);
                fputs("</td>", f);
            }
            fputs("</tr>\n", f);
        }
        fputs("</tbody></table>\n", f);
    }
    free(g);
    free(ss);
    free(ps);
}

/* Variants past CC_INPUTS_FULL hold only what differs from variant 0: listed as rows. */
static void in_variant_rows(FILE *f, const cli_csv_table *t, const struct in_cols *c)
{
    enum { MAX_ROWS = 200 };
    size_t shown = 0, more = 0;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        if (strcmp(cli_csv_read_cell(t, r, c->variant), "0") == 0)
            continue;
        if (shown == MAX_ROWS) {
            more++;
            continue;
        }
        if (shown++ == 0)
            fputs("<h3>What each variant changes</h3>\n<p class=\"note\">Every other variant "
                  "(sweep point, sensitivity end) differs from the one above only in these "
                  "values.</p>\n<table class=\"compact\">\n<thead><tr><th>variant</th>"
                  "<th>station</th><th>parameter</th><th>value</th></tr></thead>\n<tbody>\n",
                  f);
        char buf[128];
        const char *unit = cli_csv_read_cell(t, r, c->unit);
        in_value(buf, sizeof buf, cli_csv_read_cell(t, r, c->value), unit);
        fputs("<tr><td>", f);
        esc(f, cli_csv_read_cell(t, r, c->variant));
        fputs("</td><th>", f);
        esc(f, cli_csv_read_cell(t, r, c->station));
        fputs("</th>", f);
        th_param(f, cli_csv_read_cell(t, r, c->param), unit);
        fputs("<td>", f);
        esc(f, buf);
        fputs("</td></tr>\n", f);
    }
    if (shown > 0)
        fputs("</tbody></table>\n", f);
    if (more > 0)
        fprintf(f, "<p class=\"note\">%zu more rows in <code>inputs.csv</code>.</p>\n", more);
}

static void in_tables(FILE *f, const cli_csv_table *t)
{
    static const char *const need[] = {"variant", "scenario", "station", "parameter",
                                       "value",   "unit",     NULL};
    for (size_t i = 0; need[i]; i++)
        if (cli_csv_read_col(t, need[i]) < 0) {
            fprintf(f,
                    "<p class=\"warn\">inputs.csv lacks the column <code>%s</code>: the "
                    "parameters are not shown.</p>\n",
                    need[i]);
            return;
        }
    const struct in_cols c = {cli_csv_read_col(t, "variant"), cli_csv_read_col(t, "scenario"),
                              cli_csv_read_col(t, "station"), cli_csv_read_col(t, "parameter"),
                              cli_csv_read_col(t, "value"),   cli_csv_read_col(t, "unit")};
    /* The variants shown in full: 0, and 1 when the file holds exactly two (compare). */
    size_t nv;
    const char **vs = distinct(t, c.variant, NULL, &nv);
    if (!vs || nv == 0) {
        free(vs);
        return;
    }
    const size_t full = nv <= 2 ? nv : 1;
    const char *names[2];
    char label[2][160];
    for (size_t k = 0; k < full; k++) {
        const long r = find_row(t, c.variant, vs[k], -1, NULL);
        snprintf(label[k], sizeof label[k], "%s%s", full > 1 ? (k ? "B: " : "A: ") : "",
                 cli_csv_read_cell(t, (size_t)r, c.scenario));
        names[k] = label[k];
    }
    in_scenario_table(f, t, &c, vs, names, full);
    for (size_t k = 0; k < full; k++)
        in_station_table(f, t, &c, vs[k], full > 1 ? names[k] : NULL, k > 0 ? vs[0] : NULL);
    if (nv > full)
        in_variant_rows(f, t, &c);
    free(vs);
}

/* Everything the results come from, before the results (issue: an auditor reads the page, not
 * the scenario files). A folder of an older ccsim has no inputs files: said, not guessed. */
static void inputs_section(struct report *rp, const struct cc_inputs_doc *doc,
                           const cli_csv_table *inputs)
{
    FILE *f = rp->f;
    fputs("<h2 id=\"inputs\">Inputs</h2>\n", f);
    if (!doc && !inputs) {
        fputs("<p class=\"note\">No inputs.csv or inputs.json in this directory (written by an "
              "older ccsim): see the scenario file and the command line above.</p>\n",
              f);
        return;
    }
    for (size_t i = 0; doc && i < doc->n_sc; i++) {
        const struct cc_inputs_scenario *s = &doc->sc[i];
        fputs("<h3>Scenario <code>", f);
        esc(f, s->name ? s->name : "");
        fputs("</code></h3>\n<p class=\"note\">file <code>", f);
        esc(f, s->file ? s->file : "");
        fputs("</code>, SHA-256 <code>", f);
        esc(f, s->sha256 ? s->sha256 : "");
        fputs("</code>", f);
        for (size_t k = 1; k < s->n_files; k++) {
            fputs(k == 1 ? "; it extends <code>" : ", which extends <code>", f);
            esc(f, s->files[k] ? s->files[k] : "");
            fputs("</code> (SHA-256 <code>", f);
            esc(f, s->files_sha256[k] ? s->files_sha256[k] : "");
            fputs("</code>)", f);
        }
        fputs("</p>\n<div class=\"description\">\n", f);
        description(f, s->description);
        fputs("</div>\n", f);
    }
    if (doc)
        overrides(f, doc);
    if (inputs)
        in_tables(f, inputs);
    else
        fputs("<p class=\"note\">No inputs.csv in this directory: the resolved parameters are "
              "not shown.</p>\n",
              f);
}

/* ---- the page ---------------------------------------------------------------------------------
 */

static const char css[] =
    "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
    "color:#222;max-width:1200px;margin:2em auto;padding:0 1em}\n"
    "h1{font-size:1.6em;margin:0 0 .2em}\n"
    "h2{font-size:1.25em;margin:1.8em 0 .4em;border-bottom:1px solid #ccc;padding-bottom:.2em}\n"
    "h3{font-size:1.05em;margin:1.2em 0 .3em}\n"
    ".sub,.note{color:#555;margin:.2em 0 .6em}.warn{color:#a40000}\n"
    "small{color:#666;font-size:.8em}code{font-size:.95em}\n"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-variant-numeric:tabular-nums}\n"
    "th,td{border:1px solid #ddd;padding:.25em .55em;vertical-align:top}\n"
    "td{text-align:right;white-space:nowrap}thead th{background:#f3f4f6;text-align:center}\n"
    "th.metric,tbody th{text-align:left;font-weight:normal}td.na{color:#999;text-align:center}\n"
    "tr.sig td,tr.sig th{font-weight:600;background:#fff8e1}tr.ok td:last-child{color:#1a7f37}\n"
    "table.compact{font-size:.9em}td.chg{background:#fff8e1;font-weight:600}\n"
    "table.inputs td{text-align:left;white-space:normal}\n"
    ".description{max-width:60em}p.desc{margin:.3em 0}"
    ".tag{font-size:.8em;color:#0b5394;font-weight:600}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1.2em;margin:1em 0}\n"
    "dt{color:#555}dd{margin:0;overflow-wrap:anywhere}\n"
    "figure{margin:1em 0 2em;break-inside:avoid;page-break-inside:avoid}\n"
    "figure svg{width:100%;height:auto;display:block}figcaption{color:#555;font-size:.9em}\n"
    "@media print{body{margin:0;max-width:none;font-size:10px}"
    "h2,h3{break-after:avoid;page-break-after:avoid}tr{break-inside:avoid}}\n";

static void fact(FILE *f, const char *dir, const char *key, const char *label, const char *unit)
{
    char *v = cli_csv_read_manifest(dir, key);
    if (!v)
        return;
    fputs("<dt>", f);
    esc(f, label);
    fputs("</dt><dd>", f);
    esc(f, v);
    fputs(unit, f);
    fputs("</dd>\n", f);
    free(v);
}

/* The manifest's facts of dir as a definition list; false when it has no manifest.json. */
static bool facts_of(FILE *f, const char *dir)
{
    static const char *const keys[][3] = {
        {"command", "command", ""},
        {"scenario_file", "scenario file", ""},
        {"scenario_sha256", "scenario SHA-256", ""},
        {"seed", "seed", ""},
        {"reps", "replications", ""},
        {"variants", "variants (scenarios simulated)", ""},
        {"threads", "threads", ""},
        {"wall_time_s", "wall time", " s"},
        {"events", "events simulated", ""},
        {"events_per_s", "events per second", ""},
        {"ccsim_version", "ccsim version", ""},
        {"git_revision", "git revision", ""},
        {"command_line", "command line", ""},
    };
    char *probe = cli_csv_read_manifest(dir, "ccsim_version");
    if (!probe)
        return false;
    free(probe);
    fputs("<dl class=\"facts\">\n", f);
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        fact(f, dir, keys[i][0], keys[i][1], keys[i][2]);
    fputs("</dl>\n", f);
    return true;
}

/* The run's manifest, or for a compare directory those of its runs in a/ and b/. */
static void facts(struct report *rp)
{
    FILE *f = rp->f;
    if (facts_of(f, rp->dir))
        return;
    bool any = false;
    static const char *const sub[][2] = {{"a", "Run A"}, {"b", "Run B"}};
    for (size_t i = 0; i < 2; i++) {
        char *p = sim_path_join(rp->dir, sub[i][0]);
        char *probe = p ? cli_csv_read_manifest(p, "ccsim_version") : NULL;
        if (probe) {
            fprintf(f, "<h3>%s (<code>%s/</code>)</h3>\n", sub[i][1], sub[i][0]);
            any |= facts_of(f, p);
        }
        free(probe);
        free(p);
    }
    if (!any)
        fputs("<p class=\"note\">No manifest.json in this directory: seed, replications and "
              "revision are not recorded here.</p>\n",
              f);
}

struct tables {
    cli_csv_table *summary, *journeys, *compare, *sweep, *staff;
    cli_csv_table *sensitivity, *unc_summary, *prcc, *decide, *inputs;
    struct cc_inputs_doc *doc; /* inputs.json */
};

static void page_head(struct report *rp, const struct tables *tb)
{
    FILE *f = rp->f;
    char title[512];
    const cli_csv_table *t = tb->summary ? tb->summary : tb->sweep ? tb->sweep : tb->staff;
    const char *kind = tb->compare       ? "comparison of two scenarios"
                       : tb->sweep       ? "parameter sweep"
                       : tb->staff       ? "staffing search"
                       : tb->sensitivity ? "sensitivity study"
                       : tb->unc_summary ? "uncertainty study"
                                         : "simulation run";
    if (tb->compare)
        snprintf(title, sizeof title, "%s vs %s",
                 cli_csv_read_cell(tb->compare, 0, cli_csv_read_col(tb->compare, "scenario_a")),
                 cli_csv_read_cell(tb->compare, 0, cli_csv_read_col(tb->compare, "scenario_b")));
    else
        snprintf(title, sizeof title, "%s",
                 t ? cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario")) : rp->dir);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    esc(f, title);
    fprintf(f, " &ndash; ccsim report</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
    esc(f, title);
    fprintf(f, "</h1>\n<p class=\"sub\">ccsim report: %s, from the files in <code>", kind);
    esc(f, rp->dir);
    fputs("</code></p>\n", f);
    facts(rp);
    inputs_section(rp, tb->doc, tb->inputs);
}

static void page_body(struct report *rp, const struct tables *tb, bool plots_ok)
{
    if (tb->summary) {
        summary_stations(rp, tb->summary);
        summary_costs(rp, tb->summary);
    }
    if (tb->journeys)
        journeys_table(rp, tb->journeys);
    if (tb->compare)
        compare_table(rp, tb->compare);
    if (tb->sweep)
        sweep_tables(rp, tb->sweep);
    if (tb->staff)
        staff_table(rp, tb->staff);
    if (tb->sensitivity && cli_csv_read_rows(tb->sensitivity) > 0)
        sensitivity_table(rp, tb->sensitivity);
    if (tb->unc_summary && cli_csv_read_rows(tb->unc_summary) > 0)
        uncertainty_summary_table(rp, tb->unc_summary);
    if (tb->prcc && cli_csv_read_rows(tb->prcc) > 0)
        prcc_table(rp, tb->prcc);
    if (tb->decide && cli_csv_read_rows(tb->decide) > 0)
        decide_table(rp, tb->decide);
    if (tb->summary)
        summary_prefectures(rp, tb->summary);
    figures(rp, plots_ok);
    fputs("<p class=\"note\">Written by <code>ccsim report</code> " CC_VERSION
          ". The CSV files beside this page hold every number shown here.</p>\n"
          "</body>\n</html>\n",
          rp->f);
}

/* Writes the page to out atomically; 0, or -1 with diag lines. */
static int write_report(const char *dir, const char *out, bool plots_ok, sim_diag *d)
{
    struct tables tb = {
        load_csv(dir, "summary.csv", d),
        load_csv(dir, "journeys.csv", d),
        load_csv(dir, "compare.csv", d),
        load_csv(dir, "sweep.csv", d),
        load_csv(dir, "staff.csv", d),
        load_csv(dir, "sensitivity.csv", d),
        load_csv(dir, "uncertainty_summary.csv", d),
        load_csv(dir, "prcc.csv", d),
        load_csv(dir, "decide.csv", d),
        load_csv(dir, "inputs.csv", d),
        cc_report_inputs_load(dir, d),
    };
    int rc = -1;
    sim_afile *af = sim_diag_count(d) == 0 ? sim_afile_open(out, d) : NULL;
    if (af) {
        struct report rp = {.dir = dir, .f = sim_afile_stream(af), .d = d};
        page_head(&rp, &tb);
        page_body(&rp, &tb, plots_ok);
        rc = sim_afile_commit(af, d) == SIM_OK ? 0 : -1;
    }
    cli_csv_read_free(tb.summary);
    cli_csv_read_free(tb.journeys);
    cli_csv_read_free(tb.compare);
    cli_csv_read_free(tb.sweep);
    cli_csv_read_free(tb.staff);
    cli_csv_read_free(tb.sensitivity);
    cli_csv_read_free(tb.unc_summary);
    cli_csv_read_free(tb.prcc);
    cli_csv_read_free(tb.decide);
    cli_csv_read_free(tb.inputs);
    cc_report_inputs_free(tb.doc);
    return rc;
}

static void usage(FILE *f)
{
    fputs("usage: ccsim report DIR [--out FILE] [--quiet]\n"
          "Writes one self-contained HTML page (default DIR/report.html) from the CSV files of a\n"
          "run, compare, sweep, staff, sensitivity or uncertainty directory, with its figures\n"
          "inlined as SVG; draws the figures first (ccsim plot) when they are missing or older\n"
          "than their CSV.\n"
          "  -o, --out FILE  the page to write (default DIR/report.html)\n"
          "  -q, --quiet     print nothing but errors\n"
          "  -h, --help      this text\n",
          f);
}

/* The files the report reads; the first N_PLOTTED have figures (the kinds of `ccsim plot`). */
static bool has_any(const char *dir, bool plottable)
{
    static const char *const files[] = {"intervals.csv",   "journeys.csv",
                                        "compare.csv",     "sweep.csv",
                                        "staff.csv",       "tornado.csv",
                                        "decide.csv",      "summary.csv",
                                        "sensitivity.csv", "uncertainty_summary.csv",
                                        "prcc.csv"};
    enum { N_PLOTTED = 7 };
    for (size_t i = 0; i < (plottable ? (size_t)N_PLOTTED : sizeof files / sizeof *files); i++)
        if (!isnan(mtime_of(dir, files[i])))
            return true;
    return false;
}

static const struct cli_opt report_opts[] = {
    {"out", 'o', true}, {"quiet", 'q', false}, {NULL, 0, false}};

static int report_opt(void *ctx, int key, const char *v)
{
    if (key == 'o')
        *(const char **)ctx = v;
    else
        cli_quiet = true;
    return -1;
}

/* argv: report DIR [--out FILE] [--quiet]. -1 to go on, else the exit code; sets *dir and
 * *out. */
static int parse_args(int argc, char **argv, const char **dir, const char **out)
{
    struct cli_args a = {.cmd = "report",
                         .usage = usage,
                         .opts = report_opts,
                         .on_opt = report_opt,
                         .ctx = out,
                         .pos = dir,
                         .max_pos = 1};
    const int rc = cli_args_parse(&a, argc, argv);
    if (rc < 0 && !*dir) {
        fprintf(stderr, "ccsim report: missing DIR\n");
        usage(stderr);
        return 2;
    }
    return rc;
}

/* report.html is no input of the page: it and temporary files of dead writers are left out
 * of the copy of DIR that becomes the new DIR. */
static bool report_output(const char *rel, bool is_dir, void *ctx)
{
    (void)ctx;
    return !is_dir && (strcmp(rel, "report.html") == 0 || strstr(rel, ".tmp.") != NULL);
}

/* Writes the page to out, or rebuilds dir with a new dir/report.html through a staging folder
 * (the tables and figures are read from dir, which the lock keeps unchanged meanwhile). */
static int report_write(const char *dir, const char *out, bool plots_ok)
{
    struct cli_outdir w = {0};
    int rc = out ? 0 : cli_outdir_begin(&w, "report", NULL, dir, NULL);
    if (rc != 0)
        return rc;
    sim_diag *d = sim_diag_alloc();
    char *page = out ? NULL : sim_path_join(w.path, "report.html");
    rc = d && (out || page) ? 0 : -1;
    if (rc == 0 && !out && sim_outdir_fill(w.o, report_output, NULL, d) != SIM_OK)
        rc = -1;
    if (rc == 0)
        rc = write_report(dir, out ? out : page, plots_ok, d);
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim report: out of memory\n");
    sim_diag_free(d);
    free(page);
    if (rc == 0 && !out)
        rc = cli_outdir_commit(&w, "report");
    cli_outdir_done(&w, true);
    if (rc == 0 && !cli_quiet) {
        if (out)
            printf("ccsim report: wrote %s\n", out);
        else
            printf("ccsim report: wrote %s/report.html\n", dir);
    }
    return rc == 0 ? 0 : 1;
}

int cc_cmd_report(int argc, char **argv)
{
    const char *dir = NULL, *out = NULL;
    const int prc = parse_args(argc, argv, &dir, &out);
    if (prc >= 0)
        return prc;
    struct stat st;
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "ccsim report: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "ccsim report: %s: expected a directory, got a file\n", dir);
        return 2;
    }
    if (!has_any(dir, false)) {
        fprintf(stderr,
                "ccsim report: %s: no ccsim CSV file (expected summary.csv, "
                "compare.csv, sweep.csv, staff.csv, sensitivity.csv or "
                "uncertainty_summary.csv)\n",
                dir);
        return 2;
    }
    /* --out FILE: only a regular file (or nothing) is ever replaced, never followed. */
    struct stat ost;
    if (out && lstat(out, &ost) == 0 && !S_ISREG(ost.st_mode)) {
        fprintf(stderr, "ccsim report: --out: %s: expected a regular file, got %s\n", out,
                S_ISDIR(ost.st_mode)    ? "a directory"
                : S_ISLNK(ost.st_mode)  ? "a symbolic link"
                : S_ISFIFO(ost.st_mode) ? "a FIFO"
                                        : "a device or special file");
        return 2;
    }
    bool plots_ok = true;
    if (has_any(dir, true) && figures_stale(dir) && cli_plot_rebuild(dir) != 0) {
        fprintf(stderr, "ccsim report: warning: figures left out of the report\n");
        plots_ok = false;
    }
    return report_write(dir, out, plots_ok);
}
