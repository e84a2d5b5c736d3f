/* ccsim plot: gnuplot scripts and figures from the CSV files of a run, compare, sweep or staff
 * directory. The CSVs are the contract (docs/model.md s.7): nothing here links to the simulation.
 * For each CSV present, a script is written beside it (intervals.gp, load.gp, journeys.gp,
 * compare.gp, sweep.gp, staff.gp, months.gp) that reads the CSV itself, picks rows with gnuplot
 * expressions on named columns, and renders every figure as PNG (pngcairo, else png) and SVG;
 * then gnuplot runs each script with DIR as its working directory. The C side only lays out
 * what the CSV holds (stations, days, hours, tick labels), so an analyst can edit a script and
 * re-run it alone. Shares are drawn in %, times in s, loads in Erlangs. Rows selected to NaN
 * are "missing" to gnuplot, so lines join the selected rows across the interleaved others. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/csv_read.h"
#include "sim/csv.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SCRIPTS 8
#define GNUPLOT_MISSING 127

/* One `ccsim plot DIR`: the scripts written so far, relative to dir. CSVs are read from src
 * (so messages name the user's files); scripts and figures go to dir, a staging folder holding
 * the same files; messages about the folder name shown. */
struct plot_job {
    const char *src;
    const char *shown;
    const char *dir;
    sim_diag *d;
    const char *script[MAX_SCRIPTS];
    size_t n_script;
    int figures;
};

/* Distinct strings in first-seen order, borrowed from a table. */
struct strset {
    const char **v;
    size_t n, cap;
};

static const char *const day_key[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const day_label[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

static int strset_find(const struct strset *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0)
            return (int)i;
    return -1;
}

/* Index of x, added when new; -1 when out of memory. */
static int strset_add(struct strset *s, const char *x)
{
    const int i = strset_find(s, x);
    if (i >= 0)
        return i;
    if (s->n == s->cap) {
        const size_t cap = s->cap ? 2 * s->cap : 16;
        const char **v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return -1;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n] = x;
    return (int)s->n++;
}

static void strset_free(struct strset *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

static bool file_exists(const char *dir, const char *file)
{
    char *p = sim_path_join(dir, file);
    struct stat st;
    const bool ok = p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return ok;
}

/* ---- the quoting rule: every string that goes into a .gp script -------------------------------
 * A script is gnuplot code, and the strings written into it come from files a user may have
 * edited (a scenario name, a station, a metric or outcome of a CSV, a sweep path or value).
 * gnuplot interprets a lot inside and around double-quoted strings: `backquotes` run a shell
 * command, backslash escapes are decoded, @name expands a macro, and a newline ends the
 * command so that whatever follows is a new one (system("..."), load, call, !cmd). The rule,
 * checked against gnuplot 5.4 (Debian 12) by tests/smoke_inject.sh, is:
 *   1. every such string is written by gp_str() as SINGLE-quoted literals: gnuplot does no
 *      backquote, macro or backslash processing inside single quotes, and the only special
 *      character there is the quote itself. A quote is not doubled ('' for ', which gnuplot
 *      5.4 misreads at the start of a literal: '''x' is read as '' then 'x') but written as
 *      the constant "'" joined outside the quotes: it's -> 'it'."'".'s';
 *   2. no control character is ever written raw: a line feed (the line break a title asks for)
 *      becomes the constant "\n" joined the same way ('a'."\n".'b'), any other C0 character or
 *      DEL becomes '?' (the CSV reader refuses both anyway); comments get the same treatment
 *      through gp_comment(). So gp_str() writes a string expression, valid wherever gnuplot
 *      takes one (variables, titles, labels, tic labels, key entries, set output);
 *   3. data reaches gnuplot as data: rows are selected by comparing strcol() with variables
 *      that hold such literals, never by pasting a value into an expression, a `using`
 *      column, an `every` or an `if`;
 *   4. file names in a script are constants or stems of the safe alphabet [A-Za-z0-9._-]
 *      (stem_of), always behind a fixed prefix: a data file name never starts with '<' or '|',
 *      which would make gnuplot run it as a shell command.
 * The same rule for the HTML report and the CSV reader is written down in docs/security.md. */
static void gp_str(FILE *f, const char *s)
{
    fputc('\'', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\'')
            fputs("'.\"'\".'", f);
        else if (*p == '\n')
            fputs("'.\"\\n\".'", f);
        else if (*p < 0x20 || *p == 0x7f)
            fputc('?', f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

/* Text of a "# ..." comment line: a comment ends at the line end, so no control character. */
static void gp_comment(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        fputc(*p < 0x20 || *p == 0x7f ? '?' : *p, f);
}

/* "<kind>_<station>" with characters unsafe in file names replaced by '_'. */
static void stem_of(char *buf, size_t n, const char *kind, const char *station)
{
    snprintf(buf, n, "%s_%s", kind, station);
    for (char *p = buf + strlen(kind) + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '.'))
            *p = '_';
}

static bool is_prefecture(const char *station)
{
    return strncmp(station, "prefecture:", 11) == 0;
}

/* Stations drawn one figure each: prefectures are summed up by "switchboard", costs are not a
 * station, so neither gets its own figure. */
static bool is_plotted_station(const char *station)
{
    return !is_prefecture(station) && strcmp(station, "costs") != 0;
}

/* Axis label of a metric, with its unit. */
static const char *metric_axis(const char *m)
{
    static const char *const map[][2] = {
        {"answer_rate", "answered (% of offered calls)"},
        {"abandon_rate", "abandoned (% of offered calls)"},
        {"sl_20", "answered within 20 s (% of offered)"},
        {"sl_60", "answered within 60 s (% of offered)"},
        {"sl_180", "answered within 180 s (% of offered)"},
        {"occupancy", "occupancy (% of agent time)"},
        {"asa_s", "ASA of answered calls (s)"},
        {"mean_wait_s", "mean wait of all callers (s)"},
        {"wait_p90_s", "90th percentile of the wait (s)"},
        /* Counts say their period (docs/csv.md, Units): summary rows count the whole run. */
        {"offered", "calls offered per run"},
        {"answered", "calls answered per run"},
        {"abandoned", "callers who hung up, per run"},
        {"blocked", "calls blocked per run"},
        {"answered_calls_per_year", "calls answered per year"},
        {"public_eur_per_year", "public cost (EUR per year)"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(m, map[i][0]) == 0)
            return map[i][1];
    return m;
}

static double max_reps(const cli_csv_table *t)
{
    const int c = cli_csv_read_col(t, "reps");
    double m = 0;
    for (size_t r = 0; c >= 0 && r < cli_csv_read_rows(t); r++) {
        const double x = cli_csv_read_num(t, r, c);
        if (x > m)
            m = x;
    }
    return m;
}

/* "(mean and 95 % CI over N replications)" or "" when the table has no reps column. */
static void ci_note(char *buf, size_t n, const cli_csv_table *t)
{
    const double reps = max_reps(t);
    if (reps > 0)
        snprintf(buf, n, " (mean and 95 %% CI over %.0f replications)", reps);
    else
        buf[0] = '\0';
}

/* ---- scripts: common parts ---------------------------------------------------------------- */

static void gp_columns(FILE *f, const cli_csv_table *t, const char *csv)
{
    fputs("file = ", f);
    gp_str(f, csv);
    fprintf(f, "\n# Columns of %s, by name, so that the script survives a new column.\n", csv);
    for (size_t c = 0; c < cli_csv_read_cols(t); c++) {
        const char *name = cli_csv_read_name(t, (int)c);
        fputs("c_", f);
        for (const char *p = name; *p; p++)
            fputc((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_', f);
        fprintf(f, " = %zu\n", c + 1);
    }
}

static void gp_preamble(FILE *f, const char *name, const char *csv, const cli_csv_table *t,
                        const char *what)
{
    fprintf(f, "# %s: %s\n", name, what);
    fprintf(f,
            "# Written by `ccsim plot` from %s. Edit freely, then re-run in this directory:\n"
            "#     gnuplot %s\n"
            "# Each figure is written twice: PNG (pngcairo when this gnuplot has it, else png) "
            "and SVG.\n\n",
            csv, name);
    fputs("set datafile separator comma\n"
          "set datafile columnheaders\n"
          "# A point whose value is NaN is skipped, so a line joins the rows selected for it.\n"
          "set datafile missing NaN\n"
          "set encoding utf8\n",
          f);
    gp_columns(f, t, csv);
    fputs("\n# num(c): a column that may be empty or \"nan\" (column() alone would make the whole\n"
          "# point missing); orv(a, b): a, or b when a is NaN; hours(\"08:30\") = 8.5 (\".0\" is\n"
          "# appended because real(\"08\") reads an octal number).\n"
          "num(c) = (strcol(c) eq \"\" || strcol(c) eq \"nan\") ? NaN : column(c)\n"
          "orv(a, b) = a == a ? a : b\n"
          "max2(a, b) = a > b ? a : b\n"
          "hours(s) = strstrt(s, \":\") < 2 ? NaN \\\n"
          "    : real(s[1:strstrt(s, \":\") - 1].\".0\") + real(s[strstrt(s, \":\") + 1:].\".0\") "
          "/ 60\n"
          "png_term = strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0 ? \"pngcairo\" : \"png\"\n"
          "term(fmt, w, h) = fmt eq \"svg\" \\\n"
          "    ? sprintf(\"set terminal svg size %d,%d noenhanced font 'sans-serif,11' "
          "background '#ffffff'\", w, h) \\\n"
          "    : sprintf(\"set terminal %s size %d,%d noenhanced font 'sans-serif,10' "
          "background '#ffffff'\", png_term, w, h)\n\n",
          f);
    fputs("set style line 1 lc rgb \"#1f77b4\" lw 1.5 pt 7 ps 0.7\n"
          "set style line 2 lc rgb \"#d62728\" lw 1.5 pt 5 ps 0.6\n"
          "set style line 3 lc rgb \"#08306b\" lw 2.5\n"
          "set style line 4 lc rgb \"#67000d\" lw 2.5\n"
          "set style line 5 lc rgb \"#2ca02c\" lw 2 pt 9 ps 0.8\n"
          "set style line 9 lc rgb \"#333333\" lw 1.2 pt 7 ps 0\n"
          "set grid ytics lc rgb \"#dddddd\" lt 1\n"
          "set border 3\nset tics nomirror\n"
          "set key opaque box lc rgb \"#cccccc\" samplen 2.5\n\n",
          f);
}

/* Opens DIR/name for an atomic write and writes the preamble. */
static FILE *gp_open(struct plot_job *j, sim_afile **af, const char *name, const char *csv,
                     const cli_csv_table *t, const char *what)
{
    char *path = sim_path_join(j->dir, name);
    *af = path ? sim_afile_open(path, j->d) : NULL;
    free(path);
    if (!*af)
        return NULL;
    FILE *f = sim_afile_stream(*af);
    gp_preamble(f, name, csv, t, what);
    return f;
}

static int gp_close(struct plot_job *j, sim_afile *af, const char *name)
{
    if (sim_afile_commit(af, j->d) != SIM_OK)
        return -1;
    if (j->n_script < MAX_SCRIPTS)
        j->script[j->n_script++] = name;
    return 0;
}

/* Starts one figure: the loop that draws it once per output format. */
static void gp_figure_begin(FILE *f, struct plot_job *j, const char *stem, int w, int h)
{
    fprintf(f, "do for [fmt in \"png svg\"] {\n    eval term(fmt, %d, %d)\n", w, h);
    fputs("    set output ", f);
    gp_str(f, stem);
    fputs(".'.'.fmt\n", f);
    j->figures++;
}

static void gp_figure_end(FILE *f, bool multiplot)
{
    if (multiplot)
        fputs("    unset multiplot\n", f);
    fputs("}\nset output\n\n", f);
}

static void gp_multiplot(FILE *f, const char *layout, const char *title)
{
    fprintf(f, "    set multiplot layout %s title ", layout);
    gp_str(f, title);
    fputs(" font \",13\"\n", f);
}

/* ---- intervals.csv: waits, abandonment, load ------------------------------------------------ */

struct ivl_station {
    const char *name;
    unsigned days;          /* bit d: weekday d (0 = Monday) has open rows */
    double tmin, tmax, len; /* first and last open interval start, interval length; hours */
    double last;            /* the previous start seen, to find len */
    unsigned erl;           /* bit i: erl_metric[i] has an analytic prediction somewhere */
    const char *model;      /* analytic_model of its rows ("" when the CSV has none) */
    /* Slots with rows but no agent on duty (calls that reached a closed station, counted as
     * blocked): left out of the figures, whose x axis holds open hours only. */
    struct {
        int day;
        const char *start;
    } shut[64];
    size_t n_shut;
    bool shut_overflow;
};

/* Metrics drawn with their analytic prediction. A prediction element is written only when the
 * station has one, so gnuplot does not warn about an empty selection. */
static const char *const erl_metric[5] = {"asa_s", "mean_wait_s", "abandon_rate", "agents_avg",
                                          "blocked"};

struct ivl_info {
    struct ivl_station *st;
    size_t n;
    const char *scenario;
    const char *ref_col; /* "analytic", or "erlang_a" in a folder written before it */
    char note[96];
};

/* The formula of analytic_model in words, for legends. */
static const char *model_words(const char *model)
{
    static const char *const map[][2] = {
        {"erlang_a", "Erlang A (M/M/c+M)"},
        {"erlang_c", "Erlang C (M/M/c)"},
        {"erlang_b", "Erlang B (no waiting place)"},
        {"mmck", "M/M/c/K+M (K waiting places)"},
        {"mixed", "M/M/c/K+M or Erlang A by station"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(model, map[i][0]) == 0)
            return map[i][1];
    return "Erlang A (M/M/c+M)"; /* an erlang_a column without analytic_model */
}

static int day_index(const char *day)
{
    for (int d = 0; d < 7; d++)
        if (strcmp(day, day_key[d]) == 0)
            return d;
    return -1;
}

static double parse_hours(const char *s)
{
    int h, m;
    char tail;
    if (sscanf(s, "%d:%d%c", &h, &m, &tail) != 2 || h < 0 || h > 24 || m < 0 || m > 59)
        return NAN;
    return h + m / 60.0;
}

static struct ivl_station *ivl_station_of(struct ivl_info *in, const char *name)
{
    for (size_t i = 0; i < in->n; i++)
        if (strcmp(in->st[i].name, name) == 0)
            return &in->st[i];
    struct ivl_station *s = realloc(in->st, (in->n + 1) * sizeof *s);
    if (!s)
        return NULL;
    in->st = s;
    s += in->n++;
    *s = (struct ivl_station){
        .name = name, .tmin = INFINITY, .tmax = -INFINITY, .len = INFINITY, .last = NAN};
    return s;
}

/* Whether a row is of a slot with nobody on duty: its agents_avg row, whose analytic value is
 * the agents scheduled (0 when closed), or whose simulated mean is 0 or undefined. */
static bool shut_row(const cli_csv_table *t, size_t r, int cm, int cmean, int cref)
{
    if (strcmp(cli_csv_read_cell(t, r, cm), "agents_avg") != 0)
        return false;
    const double sched = cli_csv_read_num(t, r, cref), mean = cli_csv_read_num(t, r, cmean);
    return sched == 0 || (isnan(sched) && !(mean > 0));
}

static void add_shut(struct ivl_station *s, int day, const char *start)
{
    if (s->n_shut == sizeof s->shut / sizeof *s->shut) {
        s->shut_overflow = true;
        return;
    }
    s->shut[s->n_shut].day = day;
    s->shut[s->n_shut++].start = start;
}

/* Days, open hours and interval length of each station; -1 when out of memory. */
static int ivl_collect(const cli_csv_table *t, struct ivl_info *in)
{
    const int cs = cli_csv_read_col(t, "station"), cd = cli_csv_read_col(t, "day");
    const int ct = cli_csv_read_col(t, "interval_start"), cm = cli_csv_read_col(t, "metric");
    in->ref_col = cli_csv_read_col(t, "analytic") >= 0 ? "analytic" : "erlang_a";
    const int ce = cli_csv_read_col(t, in->ref_col), cmean = cli_csv_read_col(t, "mean");
    const int cmodel = cli_csv_read_col(t, "analytic_model");
    in->scenario = cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario"));
    ci_note(in->note, sizeof in->note, t);
    /* Two passes: the closed slots first, so that the open hours are those of the others. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
            const int d = day_index(cli_csv_read_cell(t, r, cd));
            const double h = parse_hours(cli_csv_read_cell(t, r, ct));
            if (d < 0 || isnan(h))
                continue;
            struct ivl_station *s = ivl_station_of(in, cli_csv_read_cell(t, r, cs));
            if (!s)
                return -1;
            if (pass == 0) {
                if (shut_row(t, r, cm, cmean, ce))
                    add_shut(s, d, cli_csv_read_cell(t, r, ct));
                continue;
            }
            bool shut = false;
            for (size_t i = 0; i < s->n_shut && !shut; i++)
                shut = s->shut[i].day == d &&
                       strcmp(s->shut[i].start, cli_csv_read_cell(t, r, ct)) == 0;
            if (fabs(h - s->last) > 1e-9 && fabs(h - s->last) < s->len)
                s->len = fabs(h - s->last);
            s->last = h;
            if (shut)
                continue;
            s->days |= 1u << d;
            s->tmin = fmin(s->tmin, h);
            s->tmax = fmax(s->tmax, h);
            if (!s->model || !*s->model)
                s->model = cli_csv_read_cell(t, r, cmodel);
            for (unsigned i = 0; i < 5; i++)
                if (strcmp(cli_csv_read_cell(t, r, cm), erl_metric[i]) == 0 &&
                    isfinite(cli_csv_read_num(t, r, ce)))
                    s->erl |= 1u << i;
        }
    }
    for (size_t i = 0; i < in->n; i++) {
        struct ivl_station *s = &in->st[i];
        if (!isfinite(s->len))
            s->len = 0.5;
        /* A station never staffed (all its slots "shut") is drawn whole rather than not at all. */
        if (s->days == 0) {
            s->n_shut = 0;
            s->shut_overflow = false;
            s->last = NAN;
            s->tmin = INFINITY;
            s->tmax = -INFINITY;
            for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
                const int d = day_index(cli_csv_read_cell(t, r, cd));
                const double h = parse_hours(cli_csv_read_cell(t, r, ct));
                if (d < 0 || isnan(h) || strcmp(cli_csv_read_cell(t, r, cs), s->name) != 0)
                    continue;
                s->days |= 1u << d;
                s->tmin = fmin(s->tmin, h);
                s->tmax = fmax(s->tmax, h);
            }
        }
        if (!s->model)
            s->model = "";
    }
    return 0;
}

static int popcount7(unsigned days)
{
    int n = 0;
    for (int d = 0; d < 7; d++)
        n += (int)((days >> d) & 1u);
    return n;
}

/* Hours between tick labels: the smallest step that keeps about 16 labels on the axis. */
static double tick_step(double width, int ndays)
{
    static const double steps[] = {0.5, 1, 2, 3, 4, 6, 8, 12, 24};
    const int per_day = ndays >= 16 ? 1 : 16 / (ndays > 0 ? ndays : 1);
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (ceil(width / steps[i] - 1e-9) <= per_day)
            return steps[i];
    return width;
}

static void gp_xtics(FILE *f, const struct ivl_station *s, double width)
{
    const double step = tick_step(width, popcount7(s->days));
    fputs("set xtics (", f);
    int shown = 0, k = 0;
    for (int d = 0; d < 7; d++) {
        if (!((s->days >> d) & 1u))
            continue;
        for (int i = 0; i * step < width - 1e-9; i++) {
            const double h = i * step;
            const int minutes = (int)lround((s->tmin + h) * 60) % (24 * 60);
            fprintf(f, "%s\"%s %02d:%02d\" %g", k++ ? ", " : "", day_label[d], minutes / 60,
                    minutes % 60, width * shown + h);
        }
        shown++;
    }
    fputs(") rotate by 30 right font \",10\"\n", f);
}

/* The x axis of one station: its open days side by side, nights and closed days left out. */
static void gp_xaxis(FILE *f, const struct ivl_station *s)
{
    const double width = s->tmax + s->len - s->tmin;
    const int ndays = popcount7(s->days);
    fputs("# ---- ", f);
    gp_comment(f, s->name);
    fprintf(f,
            ": x = hours since %02d:%02d of the first day shown; each day is %g h "
            "wide, closed hours left out.\nstation = ",
            (int)s->tmin, (int)lround(fmod(s->tmin, 1.0) * 60), width);
    gp_str(f, s->name);
    fputs("\nday_x(d) = ", f);
    int k = 0;
    for (int d = 0; d < 7; d++)
        if ((s->days >> d) & 1u)
            fprintf(f, "d eq \"%s\" ? %g : ", day_key[d], width * k++);
    /* Closed slots are left out: those outside the open hours by the range test, those inside
     * (a lunch closure that calls still reached) by name. */
    fputs("NaN\nshut(d, t) = ", f);
    for (size_t i = 0; i < s->n_shut; i++) {
        fprintf(f, "(d eq \"%s\" && t eq ", day_key[s->shut[i].day]);
        gp_str(f, s->shut[i].start);
        fputs(") || ", f);
    }
    fprintf(f,
            "0\nopen_at(d, t) = !shut(d, t) && hours(t) > %g - 1e-6 && hours(t) < %g + 1e-6\n"
            "# (other stations' rows first: most rows, and the cheapest test)\n"
            "xpos(dx) = strcol(c_station) eq station && open_at(strcol(c_day), "
            "strcol(c_interval_start)) \\\n"
            "    ? day_x(strcol(c_day)) + hours(strcol(c_interval_start)) - %g + %g + dx : NaN\n",
            s->tmin, s->tmax, s->tmin, s->len / 2);
    fprintf(f, "ilen = %g\nset xrange [0:%g]\n", s->len, width * ndays);
    gp_xtics(f, s, width);
    fputs("unset arrow\nset lmargin 12\n", f);
    for (int i = 1; i < ndays; i++)
        fprintf(f, "set arrow from %g, graph 0 to %g, graph 1 nohead dt 3 lc rgb \"#888888\"\n",
                width * i, width * i);
    fprintf(f, "set xlabel \"interval start%s%s%s\"\n", width < 24 || ndays > 1 ? " (" : "",
            width < 24 ? "open hours only" : "",
            ndays > 1
                ? (width < 24 ? "; dotted lines separate days)" : "dotted lines separate days)")
                : (width < 24 ? ")" : ""));
}

static void gp_ivl_functions(FILE *f, const char *ref_col)
{
    fprintf(
        f,
        "# sel(m): rows of the current station and metric m. val, low and high give the mean\n"
        "# and its 95 %% CI (the mean alone when the CI is nan), times k (100 for %%).\n"
        "sel(m) = strcol(c_station) eq station && strcol(c_metric) eq m\n"
        "val(m, k) = sel(m) ? k * column(c_mean) : NaN\n"
        "low(k) = k * orv(num(c_ci_low), column(c_mean))\n"
        "high(k) = k * orv(num(c_ci_high), column(c_mean))\n"
        "# erl(m, k): the stationary analytic prediction of the same interval (the formula is\n"
        "# in the analytic_model column and in the key).\n"
        "c_ref = c_%s\n"
        "erl(m, k) = sel(m) ? k * column(c_ref) : NaN\n"
        "# blocked(c): blocked calls in %% of offered calls of an interval, from its offered and\n"
        "# blocked rows (offered comes first) of column c: the ratio of the mean counts.\n"
        "b_off = NaN\n"
        "blocked(c) = strcol(c_station) ne station ? NaN \\\n"
        "    : strcol(c_metric) eq \"offered\" ? (b_off = num(c), NaN) \\\n"
        "    : strcol(c_metric) eq \"blocked\" && b_off > 0 ? 100 * num(c) / b_off : NaN\n"
        "# seg(m, k, dx): a line from the previous point of metric m to this one, as a vector\n"
        "# (x0, y0) -> (p_x, p_y); none after a gap (a closed slot, a lunch closure, a new\n"
        "# day), so that a closure is drawn as a gap, not as a line across it. Call it first\n"
        "# in a using spec: it sets x0, y0, p_x, p_y.\n"
        "p_x = NaN\np_y = NaN\np_d = \"\"\nx0 = NaN\ny0 = NaN\n"
        "seg(m, k, dx) = !sel(m) ? NaN : (s_x = xpos(dx), s_y = k * column(c_mean), \\\n"
        "    gap = !(s_x > p_x) || s_x - p_x > 1.5 * ilen || strcol(c_day) ne p_d, \\\n"
        "    x0 = p_x, y0 = p_y, p_x = s_x, p_y = s_y, p_d = strcol(c_day), gap ? NaN : x0)\n\n",
        ref_col);
}

/* The plot element of the analytic prediction of erl_metric[i], and the separator after it. */
static void gp_erl_element(FILE *f, const struct ivl_station *s, unsigned i, int k, int ls,
                           const char *what)
{
    if (!((s->erl >> i) & 1u))
        return;
    char title[160];
    if (i == 3)
        snprintf(title, sizeof title, "%s", what);
    else
        snprintf(title, sizeof title, "%s, analytic: %s", what, model_words(s->model));
    if (i == 4)
        fprintf(f,
                "file using (xpos(-ilen / 2)):(blocked(c_ref)):(ilen):(0) with vectors nohead "
                "ls %d \\\n            title ",
                ls);
    else
        fprintf(f,
                "file using (xpos(-ilen / 2)):(erl(\"%s\", %d)):(ilen):(0) with vectors nohead "
                "ls %d \\\n            title ",
                erl_metric[i], k, ls);
    gp_str(f, title);
    fputs(", \\\n         ", f);
}

/* Waits, abandonment and blocking by interval of one station: two panels. The analytic
 * prediction is a flat segment over each interval: a stationary value, not a curve. */
static void gp_waits_station(FILE *f, struct plot_job *j, const struct ivl_info *in,
                             const struct ivl_station *s)
{
    char stem[160], title[320];
    stem_of(stem, sizeof stem, "intervals", s->name);
    gp_xaxis(f, s);
    gp_figure_begin(f, j, stem, 1200, 1000);
    snprintf(title, sizeof title, "%s: %s by interval%s", in->scenario, s->name, in->note);
    gp_multiplot(f, "2,1", title);
    fputs("    set key outside top center horizontal\n"
          "    set title \"Waiting time\"\n    set ylabel \"wait (s)\"\n    set yrange [0:*]\n"
          "    plot ",
          f);
    gp_erl_element(f, s, 0, 1, 3, "ASA");
    gp_erl_element(f, s, 1, 1, 4, "mean wait");
    fputs("file using (xpos(-0.06)):(val(\"asa_s\", 1)):(low(1)):(high(1)) \\\n"
          "            with yerrorbars ls 1 title \"ASA of answered calls, simulated\", \\\n"
          "         file using (xpos(0.06)):(val(\"mean_wait_s\", 1)):(low(1)):(high(1)) \\\n"
          "            with yerrorbars ls 2 title \"mean wait of the callers not blocked, "
          "simulated\"\n"
          "    set title \"Abandonment and blocking\"\n"
          "    set ylabel \"% of offered calls\"\n    set yrange [0:*<100]\n    plot ",
          f);
    gp_erl_element(f, s, 2, 100, 4, "abandoned");
    gp_erl_element(f, s, 4, 100, 3, "blocked");
    fputs("file using (xpos(-0.06)):(val(\"abandon_rate\", 100)):(low(100)):(high(100)) \\\n"
          "            with yerrorbars ls 2 title \"abandoned, simulated\", \\\n"
          "         file using (xpos(0.06)):(blocked(c_mean)) \\\n"
          "            with points ls 1 title \"blocked (waiting line full), simulated\"\n",
          f);
    gp_figure_end(f, true);
}

/* Agents on duty against the offered load in Erlangs, by interval, for one station. Lines are
 * drawn segment by segment (seg) so that they break at closures. */
static void gp_load_station(FILE *f, struct plot_job *j, const struct ivl_info *in,
                            const struct ivl_station *s)
{
    char stem[160], title[320];
    stem_of(stem, sizeof stem, "load", s->name);
    gp_xaxis(f, s);
    gp_figure_begin(f, j, stem, 1200, 600);
    snprintf(title, sizeof title, "%s: %s, agents on duty and offered load by interval%s",
             in->scenario, s->name, in->note);
    gp_multiplot(f, "1,1", title);
    fputs("    set ylabel \"agents, or Erlangs (busy agents the calls need)\"\n"
          "    set yrange [0:*]\n"
          "    set key outside top center horizontal\n    plot ",
          f);
    gp_erl_element(f, s, 3, 1, 3, "agents scheduled");
    fputs("file using (seg(\"agents_avg\", 1, -0.06)):(y0):(p_x - x0):(p_y - y0) \\\n"
          "            with vectors nohead ls 1 notitle, \\\n"
          "         file using (xpos(-0.06)):(val(\"agents_avg\", 1)):(low(1)):(high(1)) \\\n"
          "            with yerrorbars ls 1 title \"agents on duty (time average)\", \\\n"
          "         file using (seg(\"offered_load_erlang\", 1, 0.06)):(y0):(p_x - x0):(p_y - y0) "
          "\\\n            with vectors nohead ls 2 notitle, \\\n"
          "         file using (xpos(0.06)):(val(\"offered_load_erlang\", 1)):(low(1)):(high(1)) "
          "\\\n            with yerrorbars ls 2 title \"offered load (Erlangs = calls x "
          "handling time / interval)\"\n",
          f);
    gp_figure_end(f, true);
}

static int plot_intervals(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"station", "day",    "interval_start", "metric",
                                       "mean",    "ci_low", "ci_high",        NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    struct ivl_info in = {0};
    if (ivl_collect(t, &in) != 0) {
        free(in.st);
        sim_diag_add(j->d, "%s: %s", cli_csv_read_path(t), strerror(ENOMEM));
        return -1;
    }
    sim_afile *aw = NULL, *al = NULL;
    FILE *fw = gp_open(j, &aw, "intervals.gp", "intervals.csv", t,
                       "waits and abandonment by interval, one figure per station");
    FILE *fl = fw ? gp_open(j, &al, "load.gp", "intervals.csv", t,
                            "agents on duty and offered load by interval, one figure per station")
                  : NULL;
    int rc = -1;
    if (fw && fl) {
        gp_ivl_functions(fw, in.ref_col);
        gp_ivl_functions(fl, in.ref_col);
        for (size_t i = 0; i < in.n; i++) {
            gp_waits_station(fw, j, &in, &in.st[i]);
            gp_load_station(fl, j, &in, &in.st[i]);
        }
        rc = gp_close(j, aw, "intervals.gp");
        aw = NULL;
        rc |= gp_close(j, al, "load.gp");
        al = NULL;
    }
    sim_afile_abort(aw);
    sim_afile_abort(al);
    free(in.st);
    return rc;
}

/* ---- journeys.csv: where transferred calls end --------------------------------------------- */

static const char *outcome_label(const char *o)
{
    const char *label = cli_outcome_label(o);
    return label ? label : o;
}

/* yo(o): the row of outcome o, the first outcome of the file at the top. */
static void gp_outcome_rows(FILE *f, const struct strset *out)
{
    fputs("yo(o) = ", f);
    for (size_t i = 0; i < out->n; i++) {
        fputs("o eq ", f);
        gp_str(f, out->v[i]);
        fprintf(f, " ? %zu : ", out->n - i);
    }
    fprintf(f, "NaN\nset yrange [0.4:%zu.6]\n", out->n);
}

static void gp_outcome_tics(FILE *f, const struct strset *out)
{
    fputs("    set format y \"%g\"\n    set ytics (", f);
    for (size_t i = 0; i < out->n; i++) {
        fputs(i ? ", " : "", f);
        gp_str(f, outcome_label(out->v[i]));
        fprintf(f, " %zu", out->n - i);
    }
    fputs(")\n", f);
}

static void gp_journeys(FILE *f, struct plot_job *j, const cli_csv_table *t,
                        const struct strset *out)
{
    char title[320], note[96];
    ci_note(note, sizeof note, t);
    snprintf(title, sizeof title, "%s: journeys of general-information calls%s",
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario")), note);
    fputs("sel(m) = strcol(c_metric) eq m\n"
          "# lo(0), hi(0): the 95 % CI, drawn as a bar with square ends.\n"
          "lo(dummy) = orv(num(c_ci_low), column(c_mean))\n"
          "hi(dummy) = orv(num(c_ci_high), column(c_mean))\n"
          "set style fill solid 0.75 border lc rgb \"#333333\"\n"
          "set grid xtics ytics lc rgb \"#dddddd\" lt 1\nunset key\n",
          f);
    gp_outcome_rows(f, out);
    gp_figure_begin(f, j, "journeys", 1200, 560);
    gp_multiplot(f, "1,2 columnsfirst margins 0.2,0.97,0.12,0.88 spacing 0.06", title);
    gp_outcome_tics(f, out);
    fputs(
        "    set title \"Share of the calls\"\n    set xlabel \"% of general calls\"\n"
        "    set xrange [0:*]\n    set offsets 0, graph 0.15, 0, 0\n"
        "    plot file using (sel(\"share\") ? 100 * column(c_mean) : NaN):(yo(strcol(c_outcome))) "
        "\\\n            :(0):(100 * column(c_mean)):(yo(strcol(c_outcome)) - 0.35)"
        ":(yo(strcol(c_outcome)) + 0.35) with boxxyerror ls 1, \\\n"
        "         file using (sel(\"share\") ? 100 * lo(0) : NaN):(yo(strcol(c_outcome)))"
        ":(100 * (hi(0) - lo(0))):(0) \\\n"
        "            with vectors heads size screen 0.006,90 ls 9, \\\n"
        "         file using (sel(\"share\") ? 100 * orv(num(c_ci_high), column(c_mean)) : NaN)"
        ":(yo(strcol(c_outcome))) \\\n"
        "            :(sprintf(\"%.1f %%\", 100 * column(c_mean))) with labels left offset 0.8,0 "
        "font \",9\"\n",
        f);
    fputs(
        "    set title \"Mean wait on the way\"\n    set xlabel \"wait (s)\"\n"
        "    set offsets 0, graph 0.05, 0, 0\n"
        "    set ytics 1\n    set format y \"\"\n"
        "    plot file using (sel(\"mean_wait_s\") ? column(c_mean) : NaN):(yo(strcol(c_outcome)))"
        " \\\n            :(0):(column(c_mean)):(yo(strcol(c_outcome)) - 0.35)"
        ":(yo(strcol(c_outcome)) + 0.35) with boxxyerror ls 2, \\\n"
        "         file using (sel(\"mean_wait_s\") ? lo(0) : NaN):(yo(strcol(c_outcome)))"
        ":(hi(0) - lo(0)):(0) \\\n"
        "            with vectors heads size screen 0.006,90 ls 9\n",
        f);
    gp_figure_end(f, true);
}

static int plot_journeys(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"outcome", "metric", "mean", "ci_low", "ci_high", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    struct strset out = {0};
    const int co = cli_csv_read_col(t, "outcome");
    for (size_t r = 0; r < cli_csv_read_rows(t); r++)
        if (strset_add(&out, cli_csv_read_cell(t, r, co)) < 0) {
            strset_free(&out);
            sim_diag_add(j->d, "%s: %s", cli_csv_read_path(t), strerror(ENOMEM));
            return -1;
        }
    sim_afile *af = NULL;
    FILE *f = gp_open(j, &af, "journeys.gp", "journeys.csv", t,
                      "end-to-end outcomes of general-information calls");
    int rc = -1;
    if (f) {
        gp_journeys(f, j, t, &out);
        rc = gp_close(j, af, "journeys.gp");
    }
    strset_free(&out);
    return rc;
}

/* ---- months.csv: the calendar months of a dated run ---------------------------------------- */

/* One panel: metric m of every station against the month, with its 95 % CI as error bars;
 * scale 100 draws a share in %. Station names reach gnuplot as the variables st1, st2...
 * (gp_str literals), compared with strcol(): data stays data. */
static void gp_months_panel(FILE *f, size_t n_st, const char *metric, double scale,
                            const char *title, const char *ylabel)
{
    fputs("    set title ", f);
    gp_str(f, title);
    fputs("\n    set ylabel ", f);
    gp_str(f, ylabel);
    fputs("\n    plot ", f);
    for (size_t i = 0; i < n_st; i++)
        fprintf(f,
                "%sfile using (sel(\"%s\", st%zu) ? column(c_month) : NaN):(%g * column(c_mean))"
                ":(%g * lo(0)):(%g * hi(0)) \\\n            with yerrorlines ls %zu title st%zu",
                i ? ", \\\n         " : "", metric, i + 1, scale, scale, scale, i % 4 + 1, i + 1);
    fputs("\n", f);
}

static void gp_months(FILE *f, struct plot_job *j, const cli_csv_table *t, const struct strset *st)
{
    char title[320], note[96];
    ci_note(note, sizeof note, t);
    snprintf(title, sizeof title, "%s: calendar months%s",
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario")), note);
    for (size_t i = 0; i < st->n; i++) {
        fprintf(f, "st%zu = ", i + 1);
        gp_str(f, st->v[i]);
        fputc('\n', f);
    }
    fputs("sel(m, s) = strcol(c_metric) eq m && strcol(c_station) eq s\n"
          "lo(dummy) = orv(num(c_ci_low), column(c_mean))\n"
          "hi(dummy) = orv(num(c_ci_high), column(c_mean))\n"
          "set xrange [0.5:12.5]\n"
          "set xtics (\"Jan\" 1, \"Feb\" 2, \"Mar\" 3, \"Apr\" 4, \"May\" 5, \"Jun\" 6, "
          "\"Jul\" 7, \"Aug\" 8, \"Sep\" 9, \"Oct\" 10, \"Nov\" 11, \"Dec\" 12)\n"
          "set yrange [0:*]\n"
          "set key outside bottom center horizontal\n",
          f);
    gp_figure_begin(f, j, "months", 1200, 820);
    gp_multiplot(f, "2,2 margins 0.08,0.97,0.08,0.9 spacing 0.08,0.12", title);
    /* Levels differ by two orders of magnitude (35,000 calls a day at the switchboards, 300
     * at level 2): a log axis shows each one's seasonality. */
    fputs("    set logscale y\n    set yrange [*:*]\n", f);
    gp_months_panel(f, st->n, "offered", 1, "Calls offered per open day (log scale)",
                    "calls per open day of the month");
    fputs("    unset logscale y\n    set yrange [0:*]\n", f);
    gp_months_panel(f, st->n, "answer_rate", 100, "Answered", metric_axis("answer_rate"));
    gp_months_panel(f, st->n, "asa_s", 1, "Wait before an answer", metric_axis("asa_s"));
    gp_months_panel(f, st->n, "occupancy", 100, "Occupancy", metric_axis("occupancy"));
    gp_figure_end(f, true);
}

static int plot_months(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"station", "month",   "metric", "mean",
                                       "ci_low",  "ci_high", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    struct strset st = {0};
    const int cs = cli_csv_read_col(t, "station");
    for (size_t r = 0; r < cli_csv_read_rows(t); r++)
        if (strset_add(&st, cli_csv_read_cell(t, r, cs)) < 0) {
            strset_free(&st);
            sim_diag_add(j->d, "%s: %s", cli_csv_read_path(t), strerror(ENOMEM));
            return -1;
        }
    sim_afile *af = NULL;
    FILE *f = gp_open(j, &af, "months.gp", "months.csv", t,
                      "the calendar months of a dated run, per open day");
    int rc = -1;
    if (f) {
        gp_months(f, j, t, &st);
        rc = gp_close(j, af, "months.gp");
    }
    strset_free(&st);
    return rc;
}

/* ---- compare.csv: scenario A against scenario B --------------------------------------------- */

static void gp_compare_functions(FILE *f, const cli_csv_table *t)
{
    fputs("name_a = ", f);
    gp_str(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario_a")));
    fputs("\nname_b = ", f);
    gp_str(f, cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario_b")));
    fputs("\n# at(m, i): bar position of metric m in the list ms (NaN for other rows); B's bar\n"
          "# carries the paired 95 % CI of B - A added to A's mean, and '*' marks a difference\n"
          "# whose CI excludes 0.\n"
          "at(ms) = strcol(c_station) ne station ? NaN : "
          "(strstrt(\" \".ms.\" \", \" \".strcol(c_metric).\" \") > 0 ? "
          "words(substr(ms, 1, strstrt(\" \".ms.\" \", \" \".strcol(c_metric).\" \"))) : NaN)\n"
          "b_low(k) = k * (column(c_mean_a) + orv(num(c_ci_low), column(c_diff)))\n"
          "b_high(k) = k * (column(c_mean_a) + orv(num(c_ci_high), column(c_diff)))\n"
          "top(k) = max2(max2(k * column(c_mean_a), k * column(c_mean_b)), b_high(k))\n"
          "set style fill solid 0.8 border lc rgb \"#333333\"\nset boxwidth 0.36\n\n",
          f);
}

/* Whether a row of station with a metric in the space-separated list ms is significant. */
static bool any_significant(const cli_csv_table *t, const char *station, const char *ms)
{
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const int csig = cli_csv_read_col(t, "significant");
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *m = cli_csv_read_cell(t, r, cm);
        const char *at = *m ? strstr(ms, m) : NULL;
        const size_t len = strlen(m);
        if (at && (at == ms || at[-1] == ' ') && (at[len] == ' ' || at[len] == '\0') &&
            strcmp(cli_csv_read_cell(t, r, cs), station) == 0 && cli_csv_read_num(t, r, csig) == 1)
            return true;
    }
    return false;
}

/* Whether some row of station with a metric in ms has a difference or interval other than 0. */
static bool any_nonzero_diff(const cli_csv_table *t, const char *station, const char *ms)
{
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    static const char *const col[] = {"diff", "ci_low", "ci_high"};
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *m = cli_csv_read_cell(t, r, cm);
        const char *at = *m ? strstr(ms, m) : NULL;
        const size_t len = strlen(m);
        if (!at || !(at == ms || at[-1] == ' ') || !(at[len] == ' ' || at[len] == '\0') ||
            strcmp(cli_csv_read_cell(t, r, cs), station) != 0)
            continue;
        for (size_t c = 0; c < 3; c++) {
            const double x = cli_csv_read_num(t, r, cli_csv_read_col(t, col[c]));
            if (isfinite(x) && x != 0)
                return true;
        }
    }
    return false;
}

/* One panel of bars: A and B for each metric of ms ("answer_rate abandon_rate sl_60"), scaled
 * by k, with value labels in format fmt; '*' over the significant pairs when there are any. */
static void gp_compare_panel(FILE *f, const cli_csv_table *t, const char *station, const char *ms,
                             double k, const char *fmt)
{
    size_t n = 1;
    for (const char *p = ms; *p; p++)
        n += *p == ' ';
    /* A single pair of bars leaves the right of its panel free for the key. */
    const double left = n == 1 ? -0.2 : 0.4, right = n == 1 ? 3.2 : (double)n + 0.6;
    fprintf(f, "    ms = \"%s\"\n    set xrange [%g:%g]\n", ms, left, right);
    fprintf(f,
            "    plot file using (at(ms) - 0.19):(%g * column(c_mean_a)) with boxes ls 1 "
            "title name_a, \\\n"
            "         file using (at(ms) + 0.19):(%g * column(c_mean_b)) with boxes ls 2 "
            "title name_b, \\\n"
            "         file using (at(ms) + 0.19):(b_low(%g)):(0):(b_high(%g) - b_low(%g)) \\\n"
            "            with vectors heads size screen 0.008,90 ls 9 \\\n"
            "            title \"B: A + paired 95 %% CI of B - A\", \\\n",
            k, k, k, k, k);
    fprintf(f,
            "         file using (at(ms) - 0.19):(%g * column(c_mean_a)):"
            "(sprintf(\"%s\", %g * column(c_mean_a))) \\\n"
            "            with labels offset 0,0.7 font \",9\" notitle, \\\n"
            "         file using (at(ms) + 0.19):(b_high(%g)):"
            "(sprintf(\"%s\", %g * column(c_mean_b))) \\\n"
            "            with labels offset 0,0.7 font \",9\" notitle",
            k, fmt, k, k, fmt, k);
    if (any_significant(t, station, ms))
        fprintf(f,
                ", \\\n         file using (at(ms)):(column(c_significant) == 1 ? top(%g) : "
                "NaN):(\"*\") \\\n"
                "            with labels offset 0,1.9 font \",18\" tc rgb \"#000000\" notitle",
                k);
    fputs("\n", f);
}

/* The paired difference B - A of each metric of ms with its 95 % CI, scaled by k, in format fmt
 * (the levels panel's xrange and xtics stay): what compare.csv's diff, ci_low and ci_high say,
 * so the figure shows the answer, not only two bars to tell apart. */
static void gp_compare_diff_panel(FILE *f, const cli_csv_table *t, const char *station,
                                  const char *ms, double k, const char *fmt, const char *ylabel)
{
    /* A station upstream of the change has B - A = 0 exactly: gnuplot cannot autoscale a
     * range of width 0, so the range is given. */
    fprintf(f, "    unset key\n    set yrange %s\n    set ylabel \"%s\"\n",
            any_nonzero_diff(t, station, ms) ? "[*:*]" : "[-1:1]", ylabel);
    fputs("    set title \"B - A, paired by replication (common random numbers): mean and 95 % "
          "CI\"\n",
          f);
    fprintf(f, "    ms = \"%s\"\n", ms);
    fprintf(f,
            "    plot file using (at(ms)):(%g * column(c_diff)):(%g * orv(num(c_ci_low), "
            "column(c_diff))) \\\n"
            "            :(%g * orv(num(c_ci_high), column(c_diff))) with yerrorbars ls 5 pt 7 "
            "ps 1.2, \\\n"
            "         file using (at(ms)):(%g * column(c_diff)):(sprintf(\"%s\", %g * "
            "column(c_diff))) \\\n"
            "            with labels left offset 1.2,0 font \",9\", \\\n"
            "         0 with lines ls 9 dt 2\n",
            k, k, k, k, fmt, k);
}

static void gp_compare_station(FILE *f, struct plot_job *j, const cli_csv_table *t, const char *a_b,
                               const char *station)
{
    char stem[160], title[400];
    stem_of(stem, sizeof stem, "compare", station);
    snprintf(title, sizeof title,
             "%s: %s\n* = significant: the paired 95 %% CI of B - A "
             "excludes 0",
             a_b, station);
    fputs("station = ", f);
    gp_str(f, station);
    fputs("\n", f);
    gp_figure_begin(f, j, stem, 1200, 980);
    gp_multiplot(f, "2,2 columnsfirst margins 0.07,0.98,0.06,0.87 spacing 0.08,0.1", title);
    /* One key, in the free right part of the waiting-time panel: it hides no bar and no '*'. */
    fputs("    unset key\n    set yrange [0:119]\n    set ytics 0,20,100\n"
          "    set title \"Answer, abandonment, service level\"\n"
          "    set ylabel \"% of offered calls\"\n"
          "    set xtics (\"answer rate\" 1, \"abandon rate\" 2, \"answered within 60 s\" 3)\n",
          f);
    gp_compare_panel(f, t, station, "answer_rate abandon_rate sl_60", 100, "%.1f");
    fputs("    set ytics autofreq\n", f);
    gp_compare_diff_panel(f, t, station, "answer_rate abandon_rate sl_60", 100, "%+.2f",
                          "difference (percentage points)");
    fputs("    set key top right\n    set yrange [0:*]\n    set ytics autofreq\n"
          "    set title \"Waiting time\"\n"
          "    set ylabel \"ASA (s)\"\n    set xtics (\"ASA of answered calls\" 1)\n"
          "    set offsets 0, 0, graph 0.2, 0\n",
          f);
    gp_compare_panel(f, t, station, "asa_s", 1, "%.1f s");
    fputs("    set offsets 0, 0, graph 0.1, graph 0.1\n", f);
    gp_compare_diff_panel(f, t, station, "asa_s", 1, "%+.2f s", "difference of the ASA (s)");
    fputs("    set offsets 0, 0, 0, 0\n", f);
    gp_figure_end(f, true);
}

static void gp_compare_costs(FILE *f, struct plot_job *j, const cli_csv_table *t, const char *a_b)
{
    char title[400];
    snprintf(title, sizeof title,
             "%s: yearly costs\n* = significant: the paired 95 %% CI of "
             "B - A excludes 0",
             a_b);
    static const char *const ms = "l1_transferred_eur_per_year ministry_eur_per_year "
                                  "l1_total_eur_per_year l2_eur_per_year caller_eur_per_year";
    fputs("station = \"costs\"\n", f);
    gp_figure_begin(f, j, "compare_costs", 1200, 900);
    gp_multiplot(f, "2,1 margins 0.08,0.98,0.07,0.88 spacing 0.1", title);
    fputs("    set title \"Costs of A and B\"\n    set key top left\n    set yrange [0:*]\n"
          "    set ytics autofreq\n"
          "    set offsets 0, 0, graph 0.15, 0\n"
          "    set ylabel \"thousand EUR per year\"\n"
          "    set xtics (\"level 1, transferred calls\" 1, \"ministry share\" 2, "
          "\"level 1, all calls\" 3, \"level 2 staff\" 4, \"callers' phone bills\" 5)\n",
          f);
    gp_compare_panel(f, t, "costs", ms, 0.001, "%.0f");
    fputs("    set offsets 0, 0, graph 0.1, graph 0.1\n", f);
    gp_compare_diff_panel(f, t, "costs", ms, 0.001, "%+.1f", "difference (thousand EUR per year)");
    fputs("    set offsets 0, 0, 0, 0\n", f);
    gp_figure_end(f, true);
}

static int plot_compare(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"scenario_a", "scenario_b",  "station", "metric",
                                       "mean_a",     "mean_b",      "diff",    "ci_low",
                                       "ci_high",    "significant", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    struct strset st = {0};
    const int cs = cli_csv_read_col(t, "station");
    bool costs = false;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *s = cli_csv_read_cell(t, r, cs);
        costs |= strcmp(s, "costs") == 0;
        if (is_plotted_station(s) && strset_add(&st, s) < 0) {
            strset_free(&st);
            sim_diag_add(j->d, "%s: %s", cli_csv_read_path(t), strerror(ENOMEM));
            return -1;
        }
    }
    char a_b[256];
    snprintf(a_b, sizeof a_b, "A = %s vs B = %s",
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario_a")),
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario_b")));
    sim_afile *af = NULL;
    FILE *f = gp_open(j, &af, "compare.gp", "compare.csv", t,
                      "scenario A against scenario B, one figure per station");
    int rc = -1;
    if (f) {
        gp_compare_functions(f, t);
        for (size_t i = 0; i < st.n; i++)
            gp_compare_station(f, j, t, a_b, st.v[i]);
        if (costs)
            gp_compare_costs(f, j, t, a_b);
        rc = gp_close(j, af, "compare.gp");
    }
    strset_free(&st);
    return rc;
}

/* ---- scenario keys in words ------------------------------------------------------------ */

/* An axis label in words for a scenario key of --vary ("level2.etpt" -> "level-2 staff
 * (ETPT)"), and the scale its values are drawn with (100 for a share shown in %). A key the
 * table does not know is shown as it is. */
static double path_words(char *buf, size_t n, const char *path)
{
    static const char *const station[][2] = {
        {"level1.", "level-1 "},  {"level2.", "level-2 "}, {"prefectures.", "prefecture "},
        {"station.", "station "}, {"arrivals.", ""},       {"transfer.", "transfer "},
        {"retrial.", "retrial "}, {"costs.", "cost: "},
    };
    static const struct {
        const char *key, *words;
        double scale;
    } what[] = {
        {"etpt", "staff (ETPT)", 1},
        {"agents", "agents on duty", 1},
        {"aht_s", "mean handling time (s)", 1},
        {"patience_s", "mean patience (s)", 1},
        {"capacity", "waiting places", 1},
        {"calls_per_day", "calls per day", 1},
        {"direct_calls_per_day", "direct calls per day", 1},
        {"calls_per_hour", "calls per hour", 1},
        {"count", "count", 1},
        {"escalate.prefecture", "escalation of prefecture calls (%)", 100},
        {"escalate.direct", "escalation of direct calls (%)", 100},
        {"general_share", "general-information share (%)", 100},
        {"interior_share", "Interior share of escalations (%)", 100},
        {"shrinkage", "shrinkage (%)", 100},
        {"hours_per_etpt", "paid hours per ETPT (h)", 1},
        {"delay_s", "delay (s)", 1},
        {"p", "probability (%)", 100},
    };
    const char *prefix = NULL, *key = path;
    for (size_t i = 0; i < sizeof station / sizeof *station && !prefix; i++)
        if (strncmp(path, station[i][0], strlen(station[i][0])) == 0) {
            prefix = station[i][1];
            key = path + strlen(station[i][0]);
        }
    for (size_t i = 0; prefix && i < sizeof what / sizeof *what; i++)
        if (strcmp(key, what[i].key) == 0) {
            snprintf(buf, n, "%s%s", prefix, what[i].words);
            return what[i].scale;
        }
    snprintf(buf, n, "%s", path);
    return 1;
}

/* ---- sweep.csv: staffing and sensitivity curves --------------------------------------------- */

static const char *const sweep_metric[4] = {"answer_rate", "abandon_rate", "asa_s", "sl_60"};

struct sweep_info {
    struct strset stations, ys;
    double (*range)[4][2]; /* [station][metric]: min and max of the mean over the points */
    const char *x_path, *y_path;
    bool has_diff; /* sweep.csv has the paired differences against the first point */
};

static int sweep_metric_index(const char *m)
{
    for (int i = 0; i < 4; i++)
        if (strcmp(m, sweep_metric[i]) == 0)
            return i;
    return -1;
}

static int sweep_collect(const cli_csv_table *t, struct sweep_info *in)
{
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const int cy = cli_csv_read_col(t, "y"), cmean = cli_csv_read_col(t, "mean");
    in->x_path = cli_csv_read_cell(t, 0, cli_csv_read_col(t, "x_path"));
    in->y_path = "";
    in->has_diff = cli_csv_read_col(t, "diff") >= 0 && cli_csv_read_col(t, "diff_ci_low") >= 0 &&
                   cli_csv_read_col(t, "diff_ci_high") >= 0;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *s = cli_csv_read_cell(t, r, cs), *y = cli_csv_read_cell(t, r, cy);
        const int m = sweep_metric_index(cli_csv_read_cell(t, r, cm));
        if (*y) {
            in->y_path = cli_csv_read_cell(t, r, cli_csv_read_col(t, "y_path"));
            if (strset_add(&in->ys, y) < 0)
                return -1;
        }
        if (!is_plotted_station(s) || m < 0)
            continue;
        const size_t old = in->stations.n;
        const int i = strset_add(&in->stations, s);
        if (i < 0)
            return -1;
        if (in->stations.n != old) {
            double(*rg)[4][2] = realloc(in->range, in->stations.n * sizeof *rg);
            if (!rg)
                return -1;
            in->range = rg;
            for (int k = 0; k < 4; k++) {
                rg[i][k][0] = INFINITY;
                rg[i][k][1] = -INFINITY;
            }
        }
        const double x = cli_csv_read_num(t, r, cmean);
        in->range[i][m][0] = fmin(in->range[i][m][0], x);
        in->range[i][m][1] = fmax(in->range[i][m][1], x);
    }
    return 0;
}

/* A station varied when some metric's mean differs between points. */
static bool sweep_varied(const struct sweep_info *in, size_t i)
{
    for (int k = 0; k < 4; k++) {
        const double lo = in->range[i][k][0], hi = in->range[i][k][1];
        if (isfinite(lo) && hi - lo > 1e-9 * fmax(1.0, fabs(hi)))
            return true;
    }
    return false;
}

static void gp_sweep_functions(FILE *f, const struct sweep_info *in)
{
    char xw[160], yw[160];
    const double xk = path_words(xw, sizeof xw, in->x_path);
    const double yk = path_words(yw, sizeof yw, in->y_path);
    fputs("# One curve per value of y (a two-dimensional sweep) or a single curve.\nx_path = ", f);
    gp_str(f, in->x_path);
    fputs("\ny_path = ", f);
    gp_str(f, in->y_path);
    fputs("\n# The axes in words; xk: the scale of x (100: a share drawn in %).\nx_words = ", f);
    gp_str(f, xw);
    fputs("\ny_words = ", f);
    gp_str(f, yw);
    fprintf(f, "\nxk = %g\n", xk);
    /* yi and curve compare and show the y values as quoted literals: a value is never pasted
     * into an expression (docs/security.md). A number is shown in its scale. */
    fprintf(f,
            "nc = %zu\ntwo_d = %d\n# yi(y): the curve of a row's y value; curve(i): its key "
            "title.\nyi(y) = ",
            in->ys.n > 0 ? in->ys.n : 1, in->ys.n > 0);
    for (size_t i = 0; i < in->ys.n; i++) {
        fputs("y eq ", f);
        gp_str(f, in->ys.v[i]);
        fprintf(f, " ? %zu : ", i + 1);
    }
    fputs(in->ys.n > 0 ? "NaN\ncurve(i) = " : "1\ncurve(i) = ", f);
    for (size_t i = 0; i < in->ys.n; i++) {
        fprintf(f, "i == %zu ? ", i + 1);
        char *end = NULL;
        const double y = strtod(in->ys.v[i], &end);
        char num[48];
        if (end != in->ys.v[i] && *end == '\0' && isfinite(y)) {
            snprintf(num, sizeof num, "%.4g%s", y * yk, yk == 100 ? " %" : "");
            gp_str(f, num);
        } else {
            gp_str(f, in->ys.v[i]);
        }
        fputs(" : ", f);
    }
    fprintf(f,
            "\"mean\"\n"
            "mi(m) = m eq \"answer_rate\" ? 1 : m eq \"abandon_rate\" ? 2 : m eq \"asa_s\" ? 3 "
            ": m eq \"sl_60\" ? 4 : NaN\n"
            "colors = \"#1f77b4 #d62728 #2ca02c #9467bd #ff7f0e #8c564b #17becf #7f7f7f\"\n"
            "color(i) = word(colors, (i - 1) %% 8 + 1)\n"
            "keytitle = two_d ? y_words.\" =\" : \"\"\n"
            "band(i) = i > 1 ? \"\" : (two_d ? \"95 %% CI bands\" : \"95 %% CI\")\n"
            "# $S holds the current station's rows as numbers: x (times xk), curve, metric (mi),\n"
            "# mean, CI low, CI high (the mean alone when the CI is nan), and the paired\n"
            "# difference from the first point of the curve with its CI (columns 7 to 9; NaN in a\n"
            "# sweep.csv without them); sel(m, i): metric m of curve i. c0 = 4 for the values, 7\n"
            "# for the differences.\n"
            "has_diff = %d\n"
            "sel(m, i) = column(3) == m && column(2) == i\n"
            "val(m, i, k, c0) = sel(m, i) ? k * column(c0) : NaN\n"
            "lowv(m, i, k, c0) = sel(m, i) ? k * column(c0 + 1) : NaN\n"
            "high(k, c0) = k * column(c0 + 2)\n"
            "set xlabel x_words\n\n",
            in->has_diff);
}

/* Panel of metric m: its values (diff false) or its paired differences from the first point
 * (diff true). Shares start at 0 like every share panel: a zoomed answer-rate axis made 0.3
 * points look like a cliff. A difference panel has a dashed zero line. */
static void gp_sweep_panel(FILE *f, int m, bool diff, bool flat)
{
    static const char *const title[4] = {"Answer rate", "Abandonment", "Waiting time",
                                         "Service level"};
    const bool share = strcmp(sweep_metric[m], "asa_s") != 0;
    const int k = share ? 100 : 1;
    if (diff)
        fprintf(f,
                "    set title \"%s: paired difference from the first point (common random "
                "numbers)\"\n    set ylabel \"%s\"\n    set yrange %s\n    unset key\n",
                title[m], share ? "difference (percentage points)" : "difference of the ASA (s)",
                flat ? "[-1:1]" : "[*:*]");
    else
        fprintf(f, "    set title \"%s\"\n    set ylabel \"%s\"\n    set yrange %s\n%s", title[m],
                metric_axis(sweep_metric[m]), share ? "[0:*<100]" : "[0:*]",
                m == 0 ? "    set key at screen 0.5, screen 0.95 center top horizontal "
                         "title keytitle\n"
                       : "    unset key\n");
    const int c0 = diff ? 7 : 4;
    fprintf(f,
            "    plot for [i=1:nc] $S using 1:(lowv(%d, i, %d, %d)):(high(%d, %d)) "
            "\\\n            with filledcurves fs transparent solid 0.2 noborder "
            "lc rgb color(i) title band(i), \\\n"
            "         for [i=1:nc] $S using 1:(val(%d, i, %d, %d)) \\\n"
            "            with linespoints lw 2 pt 7 ps 0.7 lc rgb color(i) title curve(i)%s\n",
            m + 1, k, c0, k, c0, m + 1, k, c0,
            diff ? ", \\\n         0 with lines ls 9 dt 2 notitle" : "");
}

static void gp_sweep_station(FILE *f, struct plot_job *j, const cli_csv_table *t,
                             const struct sweep_info *in, size_t st)
{
    const char *station = in->stations.v[st];
    /* Nothing varied: every difference is 0, a range gnuplot cannot autoscale. */
    const bool flat = !sweep_varied(in, st);
    char stem[160], title[400], note[96], xw[160];
    ci_note(note, sizeof note, t);
    stem_of(stem, sizeof stem, "sweep", station);
    path_words(xw, sizeof xw, in->x_path);
    snprintf(title, sizeof title, "%s: %s against %s%s",
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario")), station, xw, note);
    fputs("station = ", f);
    gp_str(f, station);
    /* A sweep over 101 prefectures has tens of thousands of rows and each panel reads its data
     * once per curve: the station's rows are read from the CSV once, into a datablock. gnuplot
     * itself selects them (no shell filter: a file name starting with '<' runs a command).
     * $S is undefined first, so that a station none of whose rows gnuplot selects (its CSV
     * reader does not unquote "" nor a quoted comma) fails loudly instead of showing the
     * previous station's rows. */
    fputs("\n# This station's rows, read once into $S: each panel reads its data once per "
          "curve.\nundefine $S\nset datafile columnheaders\nset table $S separator comma\n"
          "plot file using (xk * column(c_x)):(yi(strcol(c_y))):(mi(strcol(c_metric))):"
          "(column(c_mean)) \\\n"
          "    :(orv(num(c_ci_low), column(c_mean))):(orv(num(c_ci_high), column(c_mean))) "
          "\\\n",
          f);
    if (in->has_diff)
        fputs("    :(num(c_diff)):(orv(num(c_diff_ci_low), num(c_diff))):"
              "(orv(num(c_diff_ci_high), num(c_diff))) \\\n",
              f);
    fputs("    with table if (strcol(c_station) eq station && mi(strcol(c_metric)) > 0 \\\n"
          "                   && yi(strcol(c_y)) > 0)\n"
          "unset table\nset datafile nocolumnheaders\n",
          f);
    if (in->has_diff) {
        gp_figure_begin(f, j, stem, 1300, 1560);
        gp_multiplot(f, "4,2 margins 0.07,0.98,0.05,0.88 spacing 0.08,0.06", title);
        for (int m = 0; m < 4; m++) {
            gp_sweep_panel(f, m, false, flat);
            gp_sweep_panel(f, m, true, flat);
        }
    } else {
        gp_figure_begin(f, j, stem, 1200, 900);
        gp_multiplot(f, "2,2 margins 0.07,0.98,0.07,0.86 spacing 0.09,0.11", title);
        for (int m = 0; m < 4; m++)
            gp_sweep_panel(f, m, false, flat);
    }
    gp_figure_end(f, true);
}

static int plot_sweep(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"x_path", "x",    "y_path", "y",       "station",
                                       "metric", "mean", "ci_low", "ci_high", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    struct sweep_info in = {0};
    int rc = sweep_collect(t, &in);
    sim_afile *af = NULL;
    FILE *f = NULL;
    if (rc != 0)
        sim_diag_add(j->d, "%s: %s", cli_csv_read_path(t), strerror(ENOMEM));
    else
        f = gp_open(j, &af, "sweep.gp", "sweep.csv", t,
                    "staffing or sensitivity curves, one figure per station that varied");
    if (f) {
        gp_sweep_functions(f, &in);
        size_t varied = 0;
        for (size_t i = 0; i < in.stations.n; i++)
            varied += sweep_varied(&in, i);
        /* Stations the sweep left unchanged (upstream of what varied) get no figure, unless
         * nothing varied at all, in which case every station is drawn flat. */
        for (size_t i = 0; i < in.stations.n; i++)
            if (varied == 0 || sweep_varied(&in, i))
                gp_sweep_station(f, j, t, &in, i);
        rc = gp_close(j, af, "sweep.gp");
    } else {
        rc = -1;
    }
    strset_free(&in.stations);
    strset_free(&in.ys);
    free(in.range);
    return rc;
}

/* ---- staff.csv: the staffing search -------------------------------------------------------- */

struct staff_pair {
    const char *station, *metric;
};

struct target {
    char metric[32];
    char op[3];
    double value;
};

/* Parses "sl_60>=0.8" at p into tg; false when p holds no target. */
static bool parse_target(const char *p, struct target *tg)
{
    const size_t len = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
    const size_t ol = strspn(p + len, "<>=");
    char *end = NULL;
    const double v = strtod(p + len + ol, &end);
    if (len == 0 || len >= sizeof tg->metric || ol == 0 || ol > 2 || end == p + len + ol)
        return false;
    memcpy(tg->metric, p, len);
    tg->metric[len] = '\0';
    memcpy(tg->op, p + len, ol);
    tg->op[ol] = '\0';
    tg->value = v;
    return true;
}

/* The targets of the search: a "target" column of staff.csv ("sl_60>=0.8") when there is one,
 * else the --target options of the command line in DIR/manifest.json. Without either, the
 * figure has no target line. */
static size_t staff_targets(const char *dir, const cli_csv_table *t, struct target *tg, size_t max)
{
    const int ct = cli_csv_read_col(t, "target");
    size_t n = 0;
    for (size_t r = 0; ct >= 0 && r < cli_csv_read_rows(t) && n < max; r++) {
        struct target x;
        bool seen = false;
        if (!parse_target(cli_csv_read_cell(t, r, ct), &x))
            continue;
        for (size_t i = 0; i < n && !seen; i++)
            seen = strcmp(tg[i].metric, x.metric) == 0;
        if (!seen)
            tg[n++] = x;
    }
    char *cmd = n == 0 ? cli_csv_read_manifest(dir, "command_line") : NULL;
    const char *p = cmd ? strstr(cmd, "--target") : NULL;
    for (; p != NULL && n < max; p = strstr(p, "--target")) {
        p += strlen("--target");
        p += strspn(p, " ='\"");
        n += parse_target(p, &tg[n]);
    }
    free(cmd);
    return n;
}

/* "smallest staff meeting every target: 14.6 ETPT (step 4)" from the meets column. */
static void staff_answer(char *buf, size_t n, const cli_csv_table *t, int cx, const char *unit)
{
    const int cstep = cli_csv_read_col(t, "step"), cm = cli_csv_read_col(t, "meets");
    double best = INFINITY;
    const char *best_step = NULL;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *step = cli_csv_read_cell(t, r, cstep);
        bool all = true;
        for (size_t q = 0; q < cli_csv_read_rows(t); q++)
            if (strcmp(cli_csv_read_cell(t, q, cstep), step) == 0)
                all &= cli_csv_read_num(t, q, cm) == 1;
        const double x = cli_csv_read_num(t, r, cx);
        if (all && x < best) {
            best = x;
            best_step = step;
        }
    }
    if (best_step)
        snprintf(buf, n, "smallest staff meeting every target: %.4g %s (step %s)", best, unit,
                 best_step);
    else
        snprintf(buf, n, "no step met every target");
}

/* Whether some step of (station, metric) meets its target (want 1) or misses it (want 0). */
static bool any_meets(const cli_csv_table *t, const char *station, const char *metric, int want)
{
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    const int cme = cli_csv_read_col(t, "meets");
    for (size_t r = 0; r < cli_csv_read_rows(t); r++)
        if (strcmp(cli_csv_read_cell(t, r, cs), station) == 0 &&
            strcmp(cli_csv_read_cell(t, r, cm), metric) == 0 &&
            (cli_csv_read_num(t, r, cme) == 1) == (want == 1))
            return true;
    return false;
}

/* One panel: the metric at each step against the staff tried, joined in the order walked. The
 * target is a line across the whole panel (an arrow) plus a key entry. */
static void gp_staff_panel(FILE *f, const cli_csv_table *t, const struct staff_pair *p,
                           const struct target *tg, size_t ntg)
{
    const int k = cli_csv_read_is_share(p->metric) ? 100 : 1;
    const struct target *mine = NULL;
    for (size_t i = 0; i < ntg; i++)
        if (strcmp(tg[i].metric, p->metric) == 0)
            mine = &tg[i];
    fputs("    s = ", f);
    gp_str(f, p->station);
    fputs("\n    m = ", f);
    gp_str(f, p->metric);
    fprintf(f, "\n    k = %d\n    set title sprintf(\"%%s, %%s%s\", s, m)\n    set ylabel ", k,
            mine ? "" : " (target not recorded in staff.csv nor manifest.json)");
    gp_str(f, metric_axis(p->metric));
    fputs("\n    unset arrow\n", f);
    /* The y range always takes in the target: an arrow outside it would be drawn unclipped
     * over the next panel. */
    if (mine) {
        const double y = k * mine->value, pad = fmax(0.05 * fabs(y), 0.01 * k);
        fprintf(f, "    set yrange [%s*<%.6g:%.6g<*%s]\n", k == 100 ? "0<" : "", y - pad, y + pad,
                k == 100 ? "<100" : "");
        fprintf(f,
                "    set arrow from graph 0, first %.10g to graph 1, first %.10g nohead "
                "lc rgb \"#000000\" dt 2 lw 1.5 back\n",
                y, y);
    } else
        fprintf(f, "    set yrange [%s*:*%s]\n", k == 100 ? "0<" : "", k == 100 ? "<100" : "");
    fputs("    plot file using (column(c_xv)):(sel(s, m) ? k * column(c_mean) : NaN) "
          "with lines ls 9 dt 3 title \"the walk, step by step\"",
          f);
    if (any_meets(t, p->station, p->metric, 1))
        fputs(", \\\n         file using (column(c_xv)):(sel(s, m) && column(c_meets) == 1 ? "
              "k * column(c_mean) : NaN):(low(k)):(high(k)) \\\n"
              "            with yerrorbars ls 5 title \"meets the target\"",
              f);
    if (any_meets(t, p->station, p->metric, 0))
        fputs(", \\\n         file using (column(c_xv)):(sel(s, m) && column(c_meets) != 1 ? "
              "k * column(c_mean) : NaN):(low(k)):(high(k)) \\\n"
              "            with yerrorbars ls 2 title \"misses the target\"",
              f);
    fputs(", \\\n         file using (column(c_xv)):(sel(s, m) ? k * column(c_mean) : NaN)"
          ":(strcol(c_step)) \\\n"
          "            with labels offset 0,1.2 font \",8\" notitle",
          f);
    if (mine) {
        char key[96];
        snprintf(key, sizeof key, "target: %s %s %.4g%s", mine->metric, mine->op, k * mine->value,
                 k == 100 ? " %" : "");
        fputs(", \\\n         keyentry with lines lc rgb \"#000000\" dt 2 lw 1.5 title ", f);
        gp_str(f, key);
    }
    fputs("\n", f);
}

static int staff_pairs(const cli_csv_table *t, struct staff_pair **out, size_t *n)
{
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        const char *s = cli_csv_read_cell(t, r, cs), *m = cli_csv_read_cell(t, r, cm);
        bool seen = false;
        for (size_t i = 0; i < *n && !seen; i++)
            seen = strcmp((*out)[i].station, s) == 0 && strcmp((*out)[i].metric, m) == 0;
        if (seen)
            continue;
        struct staff_pair *p = realloc(*out, (*n + 1) * sizeof *p);
        if (!p)
            return -1;
        *out = p;
        p[(*n)++] = (struct staff_pair){s, m};
    }
    return 0;
}

static void gp_staff(FILE *f, struct plot_job *j, const cli_csv_table *t,
                     const struct staff_pair *pr, size_t n)
{
    struct target tg[8];
    const size_t ntg = staff_targets(j->dir, t, tg, 8);
    int cx = cli_csv_read_col(t, "etpt");
    bool etpt = false;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++)
        etpt |= isfinite(cli_csv_read_num(t, r, cx));
    if (!etpt)
        cx = cli_csv_read_col(t, "agents_avg");
    char answer[160], title[400], layout[32];
    staff_answer(answer, sizeof answer, t, cx, etpt ? "ETPT" : "agents");
    snprintf(title, sizeof title, "%s: staffing search for %s (numbers = steps)\n%s",
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "scenario")), pr[0].station, answer);
    fprintf(f,
            "sel(s, m) = strcol(c_station) eq s && strcol(c_metric) eq m\n"
            "low(k) = k * orv(num(c_ci_low), column(c_mean))\n"
            "high(k) = k * orv(num(c_ci_high), column(c_mean))\n"
            "# x: the station's staff at each step.\nc_xv = %d\nset xlabel \"%s\"\n"
            "set offsets graph 0.04, graph 0.04, graph 0.15, 0\n"
            "set lmargin at screen 0.08\nset rmargin at screen 0.73\n\n",
            cx + 1, etpt ? "staff (ETPT)" : "agents on duty (time average)");
    snprintf(layout, sizeof layout, "%zu,1", n);
    gp_figure_begin(f, j, "staff", 1100, 140 + 380 * (int)(n < 6 ? n : 6));
    gp_multiplot(f, layout, title);
    fputs("    set key outside right top\n", f);
    for (size_t i = 0; i < n; i++)
        gp_staff_panel(f, t, &pr[i], tg, ntg);
    gp_figure_end(f, true);
}

static int plot_staff(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"step", "station", "agents_avg", "etpt",  "metric",
                                       "mean", "ci_low",  "ci_high",    "meets", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    struct staff_pair *pr = NULL;
    size_t n = 0;
    if (staff_pairs(t, &pr, &n) != 0) {
        free(pr);
        sim_diag_add(j->d, "%s: %s", cli_csv_read_path(t), strerror(ENOMEM));
        return -1;
    }
    if (n == 0) {
        free(pr);
        sim_diag_add(j->d, "%s: expected at least one step, got none", cli_csv_read_path(t));
        return -1;
    }
    sim_afile *af = NULL;
    FILE *f = gp_open(j, &af, "staff.gp", "staff.csv", t,
                      "the staffing search: each target metric against the staff tried");
    int rc = -1;
    if (f) {
        gp_staff(f, j, t, pr, n);
        rc = gp_close(j, af, "staff.gp");
    }
    free(pr);
    return rc;
}

/* ---- driving gnuplot ------------------------------------------------------------------------ */

struct plot_kind {
    const char *csv;
    int (*write)(struct plot_job *j, const cli_csv_table *t);
};

/* Written further down, with the commands that draw them on --plot. */
static int plot_tornado(struct plot_job *j, const cli_csv_table *t);
static int plot_decide(struct plot_job *j, const cli_csv_table *t);

/* A sensitivity folder has tornado.csv, an uncertainty folder with --decide decide.csv: `ccsim
 * plot DIR` redraws them like any other folder. */
static const struct plot_kind kinds[] = {
    {"intervals.csv", plot_intervals}, {"journeys.csv", plot_journeys},
    {"compare.csv", plot_compare},     {"sweep.csv", plot_sweep},
    {"staff.csv", plot_staff},         {"tornado.csv", plot_tornado},
    {"decide.csv", plot_decide},       {"months.csv", plot_months},
};

static bool has_plottable(const char *dir)
{
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
        if (file_exists(dir, kinds[k].csv))
            return true;
    return false;
}

/* Writes the script of every CSV present. A CSV with a header only gets no script. */
static int write_scripts(struct plot_job *j)
{
    int rc = 0;
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        if (!file_exists(j->src, kinds[k].csv))
            continue;
        char *path = sim_path_join(j->src, kinds[k].csv);
        cli_csv_table *t = path ? cli_csv_read_load(path, j->d) : NULL;
        if (!path)
            sim_diag_add(j->d, "%s: %s", j->src, strerror(ENOMEM));
        if (!t || (cli_csv_read_rows(t) > 0 && kinds[k].write(j, t) != 0))
            rc = -1;
        cli_csv_read_free(t);
        free(path);
    }
    return rc;
}

/* Runs gnuplot on script in dir. Returns its exit status, GNUPLOT_MISSING when it cannot be
 * found, or -1 when the process cannot be made. */
static int run_gnuplot(const char *dir, const char *script)
{
    fflush(stdout);
    fflush(stderr);
    const pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        char *const argv[] = {(char *)"gnuplot", (char *)script, NULL};
        cli_signals_child();
        if (chdir(dir) != 0)
            _exit(126);
        execvp("gnuplot", argv);
        _exit(errno == ENOENT ? GNUPLOT_MISSING : 126);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

static int run_scripts(const struct plot_job *j)
{
    for (size_t i = 0; i < j->n_script; i++) {
        const int st = run_gnuplot(j->dir, j->script[i]);
        if (st == GNUPLOT_MISSING) {
            fprintf(stderr,
                    "ccsim plot: gnuplot not found; install gnuplot-nox (scripts written in %s)\n",
                    j->shown);
            return CLI_PLOT_NO_GNUPLOT;
        }
        if (st < 0) {
            fprintf(stderr, "ccsim plot: cannot run gnuplot: %s\n", strerror(errno));
            return 1;
        }
        if (st != 0) {
            fprintf(stderr, "ccsim plot: %s/%s: gnuplot failed with exit status %d\n", j->shown,
                    j->script[i], st);
            return 1;
        }
    }
    return 0;
}

int cli_plot_dir(const char *src, const char *dir, const char *shown)
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim plot: %s\n", strerror(ENOMEM));
        return 1;
    }
    struct plot_job j = {.src = src, .shown = shown, .dir = dir, .d = d};
    int rc = write_scripts(&j) != 0;
    cli_print_diag(d);
    sim_diag_free(d);
    if (rc == 0 && j.n_script > 0)
        rc = run_scripts(&j);
    if (rc == 0 && j.figures > 0 && !cli_quiet)
        printf("ccsim plot: %d figure%s as PNG and SVG in %s (edit the .gp scripts there and "
               "re-run gnuplot to change them)\n",
               j.figures, j.figures == 1 ? "" : "s", shown);
    /* A compare directory may hold the two runs in a/ and b/. */
    static const char *const sub[] = {"a", "b"};
    for (size_t i = 0; i < 2 && rc == 0; i++) {
        char *s = sim_path_join(src, sub[i]), *p = sim_path_join(dir, sub[i]);
        char *w = sim_path_join(shown, sub[i]);
        if (s && p && w && has_plottable(s))
            rc = cli_plot_dir(s, p, w);
        free(s);
        free(p);
        free(w);
    }
    return rc;
}

/* What `ccsim plot` regenerates: every script and figure, wherever it is in the folder (a
 * figure of a CSV that is gone must not survive), and temporary files of dead writers. */
static bool plot_output(const char *rel, bool is_dir, void *ctx)
{
    (void)ctx;
    if (is_dir)
        return false;
    const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
    const char *dot = strrchr(name, '.');
    return strstr(name, ".tmp.") != NULL ||
           (dot &&
            (strcmp(dot, ".gp") == 0 || strcmp(dot, ".png") == 0 || strcmp(dot, ".svg") == 0));
}

int cli_plot_rebuild(const char *dir)
{
    struct cli_outdir w;
    int rc = cli_outdir_begin(&w, "plot", NULL, dir, NULL);
    if (rc != 0)
        return rc;
    sim_diag *d = sim_diag_alloc();
    rc = d && sim_outdir_fill(w.o, plot_output, NULL, d) == SIM_OK ? 0 : 1;
    if (d)
        cli_print_diag(d);
    sim_diag_free(d);
    if (rc == 0)
        rc = cli_plot_dir(dir, w.path, dir);
    /* Without gnuplot the scripts are a whole result of their own (the message says where). */
    if (rc == 0 || rc == CLI_PLOT_NO_GNUPLOT) {
        const int crc = cli_outdir_commit(&w, "plot");
        rc = crc != 0 ? crc : rc == 0 ? 0 : 1;
    }
    cli_outdir_done(&w, true);
    return rc;
}

static void usage(FILE *f)
{
    fputs("usage: ccsim plot DIR [--quiet]\n"
          "Writes gnuplot scripts (*.gp) beside the CSV files of a run, compare, sweep, staff,\n"
          "sensitivity or uncertainty (--decide) directory and renders them as PNG and SVG;\n"
          "edit a script and re-run it with\n"
          "`cd DIR && gnuplot NAME.gp`.\n"
          "  -q, --quiet   print nothing but errors\n"
          "  -h, --help    this text\n",
          f);
}

static const struct cli_opt plot_opts[] = {{"quiet", 'q', false}, {NULL, 0, false}};

static int plot_opt(void *ctx, int key, const char *v)
{
    (void)ctx, (void)key, (void)v; /* --quiet is the only one */
    cli_quiet = true;
    return -1;
}

int cc_cmd_plot(int argc, char **argv)
{
    const char *dir = NULL;
    struct cli_args a = {.cmd = "plot",
                         .usage = usage,
                         .opts = plot_opts,
                         .on_opt = plot_opt,
                         .pos = &dir,
                         .max_pos = 1};
    const int rc = cli_args_parse(&a, argc, argv);
    if (rc >= 0)
        return rc;
    if (!dir) {
        fprintf(stderr, "ccsim plot: missing DIR\n");
        usage(stderr);
        return 2;
    }
    struct stat st;
    if (stat(dir, &st) != 0) {
        fprintf(stderr, "ccsim plot: %s: %s\n", dir, strerror(errno));
        return 2;
    }
    if (!S_ISDIR(st.st_mode)) {
        fprintf(stderr, "ccsim plot: %s: expected a directory, got a file\n", dir);
        return 2;
    }
    if (!has_plottable(dir)) {
        fprintf(stderr,
                "ccsim plot: %s: no CSV file to plot (expected intervals.csv, journeys.csv, "
                "compare.csv, sweep.csv, staff.csv, tornado.csv or decide.csv)\n",
                dir);
        return 2;
    }
    return cli_plot_rebuild(dir);
}

/* ---- tornado.csv and decide.csv: `ccsim sensitivity` and `ccsim uncertainty --decide` ------
 * Written by those commands when --plot is given, and by `ccsim plot DIR` on their folders (the
 * kinds table). Same rules as above: the scripts read the CSV, select rows by comparing strcol()
 * with variables written by gp_str(). */

/* Scale and axis label of a metric: shares in %. */
static double metric_scale(const char *metric)
{
    return cli_csv_read_is_share(metric) ? 100 : 1;
}

static int plot_tornado(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"station", "metric", "input",   "rank",
                                       "base",    "at_low", "at_high", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    const int cs = cli_csv_read_col(t, "station"), cm = cli_csv_read_col(t, "metric");
    sim_afile *af = NULL;
    FILE *f = gp_open(j, &af, "tornado.gp", "tornado.csv", t,
                      "one tornado per metric: the mean at each end of each declared input");
    if (!f)
        return -1;
    fputs("sel(v) = (strcol(\"station\") eq st && strcol(\"metric\") eq me) ? v : NaN\n"
          "lo(a, b) = a < b ? a : b\nhi(a, b) = a > b ? a : b\n\n",
          f);
    int fig = 0;
    for (size_t r = 0; r < cli_csv_read_rows(t); r++) {
        if (cli_csv_read_num(t, r, cli_csv_read_col(t, "rank")) != 1)
            continue; /* one figure per (station, metric): its first row */
        const char *st = cli_csv_read_cell(t, r, cs), *me = cli_csv_read_cell(t, r, cm);
        size_t n = 0;
        for (size_t q = 0; q < cli_csv_read_rows(t); q++)
            n += strcmp(cli_csv_read_cell(t, q, cs), st) == 0 &&
                 strcmp(cli_csv_read_cell(t, q, cm), me) == 0;
        char stem[64], title[256];
        snprintf(stem, sizeof stem, "tornado_%d", ++fig);
        snprintf(title, sizeof title,
                 "%s %s: mean with each input at its low (blue) and high "
                 "(red) end, the others at base",
                 st, me);
        fputs("st = ", f);
        gp_str(f, st);
        fputs("\nme = ", f);
        gp_str(f, me);
        fprintf(f, "\nk = %g\n", metric_scale(me));
        gp_figure_begin(f, j, stem, 900, 140 + 45 * (int)n);
        fputs("    set title ", f);
        gp_str(f, title);
        fputs("\n    set xlabel ", f);
        gp_str(f, metric_axis(me));
        /* Tic labels from C (each through gp_str), not ytic(): rows of other metrics are NaN. */
        fputs("\n    set ytics (", f);
        for (size_t q = 0, k = 0; q < cli_csv_read_rows(t); q++) {
            if (strcmp(cli_csv_read_cell(t, q, cs), st) != 0 ||
                strcmp(cli_csv_read_cell(t, q, cm), me) != 0)
                continue;
            fputs(k++ ? ", " : "", f);
            gp_str(f, cli_csv_read_cell(t, q, cli_csv_read_col(t, "input")));
            fprintf(f, " %g", cli_csv_read_num(t, q, cli_csv_read_col(t, "rank")));
        }
        fprintf(f,
                ")\n    set yrange [%zu.6:0.4]\n    set ytics nomirror\n"
                "    set grid xtics lc rgb \"#dddddd\" lt 1\n    unset key\n"
                "    set style fill solid 0.8 noborder\n",
                n);
        fputs("    plot file using (k * column(\"base\")):(sel(column(\"rank\"))):"
              "(k * lo(column(\"base\"), column(\"at_low\"))):"
              "(k * hi(column(\"base\"), column(\"at_low\"))):"
              "(column(\"rank\") - 0.35):(column(\"rank\")) "
              "with boxxyerror lc rgb \"#1f77b4\", \\\n"
              "         file using (k * column(\"base\")):(sel(column(\"rank\"))):"
              "(k * lo(column(\"base\"), column(\"at_high\"))):"
              "(k * hi(column(\"base\"), column(\"at_high\"))):"
              "(column(\"rank\")):(column(\"rank\") + 0.35) with boxxyerror lc rgb \"#d62728\"\n",
              f);
        gp_figure_end(f, false);
    }
    return gp_close(j, af, "tornado.gp");
}

static int plot_decide(struct plot_job *j, const cli_csv_table *t)
{
    static const char *const need[] = {"path",    "value",      "p_meet", "ci_low",
                                       "ci_high", "confidence", NULL};
    if (cli_csv_read_require(t, need, j->d) != 0)
        return -1;
    sim_afile *af = NULL;
    FILE *f = gp_open(j, &af, "decide.gp", "decide.csv", t,
                      "probability that every target is met, against the decision value");
    if (!f)
        return -1;
    char title[512];
    snprintf(title, sizeof title,
             "probability over the declared uncertainty that every target is met (95 %% "
             "Clopper-Pearson interval)\n%s",
             cli_csv_read_cell(t, 0, cli_csv_read_col(t, "targets")));
    gp_figure_begin(f, j, "decide", 800, 480);
    fputs("    set title ", f);
    gp_str(f, title);
    fputs("\n    set xlabel ", f);
    /* In words when the values need no scaling (a share would have to be drawn in %). */
    char xw[160];
    const char *path = cli_csv_read_cell(t, 0, cli_csv_read_col(t, "path"));
    gp_str(f, path_words(xw, sizeof xw, path) == 1 ? xw : path);
    fputs("\n    set ylabel 'probability (%)'\n    set yrange [0:105]\n"
          "    set offsets graph 0.05, graph 0.05, 0, 0\n"
          "    set key bottom right\n"
          "    plot file using (column(\"value\")):(100 * column(\"p_meet\")):"
          "(100 * column(\"ci_low\")):(100 * column(\"ci_high\")) with yerrorlines ls 1 "
          "title 'P(all targets met)', \\\n"
          "         file using (column(\"value\")):(100 * column(\"confidence\")) with lines ls 2 "
          "dt 2 title 'required'\n",
          f);
    gp_figure_end(f, false);
    return gp_close(j, af, "decide.gp");
}

/* Reads DIR/csv, writes its script with write, renders it; messages name the folder shown. */
static int plot_one(const char *dir, const char *shown, const char *csv,
                    int (*write)(struct plot_job *, const cli_csv_table *))
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim plot: %s\n", strerror(ENOMEM));
        return 1;
    }
    struct plot_job j = {.src = dir, .shown = shown, .dir = dir, .d = d};
    char *path = sim_path_join(dir, csv);
    cli_csv_table *t = path ? cli_csv_read_load(path, d) : NULL;
    int rc = !t || (cli_csv_read_rows(t) > 0 && write(&j, t) != 0);
    cli_csv_read_free(t);
    free(path);
    cli_print_diag(d);
    sim_diag_free(d);
    if (rc == 0 && j.n_script > 0)
        rc = run_scripts(&j);
    if (rc == 0 && j.figures > 0 && !cli_quiet)
        printf("ccsim plot: %d figure%s as PNG and SVG in %s\n", j.figures,
               j.figures == 1 ? "" : "s", shown);
    return rc;
}

int cli_plot_tornado(const char *dir, const char *shown)
{
    return plot_one(dir, shown, "tornado.csv", plot_tornado);
}

int cli_plot_decide(const char *dir, const char *shown)
{
    return plot_one(dir, shown, "decide.csv", plot_decide);
}
