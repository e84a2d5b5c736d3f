/* ccsim sensitivity: a one-at-a-time study of the scenario's declared uncertain inputs (a
 * tornado). Each input is set to the low and the high end of its range (a discrete input to
 * each of its values), the others staying at their base value, and every variant runs with
 * the base's seed and replication indices: the random streams are common, so a difference
 * between two variants is the input's effect and not noise, and an input the metric does not
 * depend on gets a swing of exactly 0. Writes DIR/sensitivity.csv (one row per input value and
 * metric, sorted by swing) and DIR/tornado.csv (one row per input and metric, for the plot),
 * prints a table per metric. Also holds the metric helpers that `ccsim uncertainty` shares. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/csv_read.h"
#include "cli/whatif.h"
#include "models/report.h"
#include "models/uncertain.h"
#include "sim/csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_METRICS 16

/* ---- shared metric helpers --------------------------------------------------------------- */

bool cli_unc_metric_parse(const char *cmd, const char *opt, const char *text,
                          struct cli_unc_metric *m)
{
    const char *dot = strrchr(text, '.');
    memset(m, 0, sizeof *m);
    if (!dot || dot == text || dot[1] == '\0' || (size_t)(dot - text) >= sizeof m->station) {
        fprintf(stderr, "ccsim %s: %s '%s': expected STATION.METRIC, e.g. level2.answer_rate\n",
                cmd, opt, text);
        return false;
    }
    memcpy(m->station, text, (size_t)(dot - text));
    m->cost = strcmp(m->station, "costs") == 0;
    const char *const *names = m->cost ? cc_cost_name : cc_metric_name;
    const int n = m->cost ? CC_C_COUNT : CC_M_COUNT;
    for (int k = 0; k < n; k++) {
        if (strcmp(dot + 1, names[k]) == 0) {
            m->metric = k;
            return true;
        }
    }
    char list[512] = "";
    for (int k = 0; k < n; k++) {
        const size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", k ? ", " : "", names[k]);
    }
    fprintf(stderr, "ccsim %s: %s '%s': unknown metric '%s' (expected one of %s)\n", cmd, opt, text,
            dot + 1, list);
    return false;
}

bool cli_unc_metric_check(const char *cmd, const struct cc_run *run, const struct cli_unc_metric *m)
{
    char t[128];
    cli_unc_metric_text(m, t, sizeof t);
    if (m->cost) {
        if (run->layout->has_network)
            return true;
        fprintf(stderr, "ccsim %s: --metric '%s': a station model has no costs\n", cmd, t);
        return false;
    }
    const int row = cc_report_row(run, m->station);
    if (row < 0) {
        fprintf(stderr, "ccsim %s: --metric '%s': no station or row '%s' in %s\n", cmd, t,
                m->station, run->sc->name);
        return false;
    }
    if (!run->layout->row_mask[(size_t)row * CC_M_COUNT + (size_t)m->metric]) {
        fprintf(stderr, "ccsim %s: --metric '%s': %s does not report %s\n", cmd, t, m->station,
                cc_metric_name[m->metric]);
        return false;
    }
    return true;
}

const char *cli_unc_metric_name(const struct cli_unc_metric *m)
{
    return m->cost ? cc_cost_name[m->metric] : cc_metric_name[m->metric];
}

void cli_unc_metric_text(const struct cli_unc_metric *m, char *buf, size_t n)
{
    snprintf(buf, n, "%s.%s", m->station, cli_unc_metric_name(m));
}

/* Clipped as summary.csv clips them: counts, times, costs and shares are >= 0, shares <= 1. */
sim_ci cli_unc_metric_ci(const struct cc_run *run, const struct cli_unc_metric *m)
{
    sim_ci ci;
    if (m->cost) {
        ci = cc_report_cost_ci(run, (enum cc_cost)m->metric);
    } else {
        const int row = cc_report_row(run, m->station);
        if (row < 0)
            return (sim_ci){NAN, NAN, NAN, NAN, 0};
        ci = cc_report_ci(run, (size_t)row, (enum cc_metric)m->metric);
        if (cli_csv_read_is_share(cli_unc_metric_name(m)) && ci.high > 1)
            ci.high = 1;
    }
    if (ci.low < 0)
        ci.low = 0;
    return ci;
}

double cli_unc_metric_rep(const struct cc_run *run, const struct cli_unc_metric *m, int r)
{
    if (m->cost)
        return run->rep[r]->costs[m->metric];
    const int row = cc_report_row(run, m->station);
    return row < 0 ? NAN : run->rep[r]->summary[(size_t)row * CC_M_COUNT + (size_t)m->metric];
}

static const char *dist_name(enum cc_uncertain_dist d)
{
    static const char *const names[] = {"uniform", "triangular", "discrete"};
    return names[d];
}

void cli_uncertain_print(const struct cc_scenario *sc, FILE *f)
{
    if (sc->n_uncertain == 0)
        return;
    fprintf(f, "declared uncertain inputs (%zu):\n", sc->n_uncertain);
    for (size_t i = 0; i < sc->n_uncertain; i++) {
        const struct cc_uncertain *u = &sc->uncertain[i];
        char base[64], range[512] = "";
        if (u->base_label)
            snprintf(base, sizeof base, "%s", u->base_label);
        else
            cc_uncertain_value_text(u, u->base, base, sizeof base);
        if (u->dist == CC_UNCERTAIN_UNIFORM) {
            snprintf(range, sizeof range, "[%g, %g]", u->low, u->high);
        } else if (u->dist == CC_UNCERTAIN_TRIANGULAR) {
            snprintf(range, sizeof range, "[%g, %g], mode %g", u->low, u->high, u->mode);
        } else {
            for (size_t k = 0; k < u->n_values; k++) {
                char v[64];
                const size_t used = strlen(range);
                cc_uncertain_value_text(u, u->values[k], v, sizeof v);
                snprintf(range + used, sizeof range - used, "%s%s (%.2g)", k ? ", " : "", v,
                         u->weights[k]);
            }
        }
        fprintf(f, "  %-30s base %-8s %-10s %s\n    source: %s\n", u->path, base,
                dist_name(u->dist), range, u->source);
    }
}

/* ---- ccsim sensitivity ------------------------------------------------------------------- */

static void usage(FILE *f)
{
    fputs("usage: ccsim sensitivity SCENARIO.json --metric STATION.METRIC [--metric ...]\n"
          "                         [--reps N] [--seed S] [--days D] [--set path=value]...\n"
          "                         [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "Runs the scenario with each declared uncertain input (its \"uncertain\" object) at\n"
          "the low and the high end of its range (a discrete input at each value), the others\n"
          "at their base, all with the same seed (common random numbers). Writes\n"
          "DIR/sensitivity.csv and DIR/tornado.csv (default DIR = results/sensitivity-<name>);\n"
          "--plot draws the tornado. Example: --metric level2.answer_rate --metric level2.asa_s\n"
          "  --metric STATION.METRIC  a result to follow (repeatable)\n" CLI_SIM_OPTS_HELP,
          f);
}

/* One variant: input u (or -1 for the base) at value x. */
struct point {
    int input;
    double x;
    char set[320];
};

struct study {
    const char *path;
    struct cli_sim_opts o;
    struct cli_unc_metric metric[MAX_METRICS];
    size_t n_metrics;
    struct cc_scenario *base;
    struct point *pt;
    size_t n_pts;
    struct cc_scenario **sc;
    struct cc_run **run;
    double *mean;  /* [n_pts][n_metrics] */
    double *swing; /* [n_inputs][n_metrics] */
    double wall;
};

static void study_free(struct study *s)
{
    for (size_t p = 0; s->sc && p < s->n_pts; p++)
        if (s->sc[p] != s->base)
            cc_scenario_free(s->sc[p]);
    for (size_t p = 0; s->run && p < s->n_pts; p++)
        cc_run_free(s->run[p]);
    cc_scenario_free(s->base);
    free(s->sc);
    free(s->run);
    free(s->pt);
    free(s->mean);
    free(s->swing);
    cli_sim_opts_free(&s->o);
}

enum { KEY_METRIC = CLI_KEY_OWN };
static const struct cli_opt own_opts[] = {{"metric", KEY_METRIC, true}, {NULL, 0, false}};

static int on_opt(void *ctx, int key, const char *v)
{
    (void)key; /* --metric is the only one */
    struct study *s = ctx;
    if (s->n_metrics == MAX_METRICS) {
        fprintf(stderr, "ccsim sensitivity: at most %d --metric options\n", MAX_METRICS);
        return 2;
    }
    if (!cli_unc_metric_parse("sensitivity", "--metric", v, &s->metric[s->n_metrics++]))
        return 2;
    return -1;
}

static int parse_args(int argc, char **argv, struct study *s)
{
    struct cli_args a = {.cmd = "sensitivity",
                         .usage = usage,
                         .opts = own_opts,
                         .sim = &s->o,
                         .on_opt = on_opt,
                         .ctx = s,
                         .pos = &s->path,
                         .max_pos = 1};
    const int rc = cli_args_parse(&a, argc, argv);
    if (rc >= 0)
        return rc;
    if (!s->path || s->n_metrics == 0) {
        fprintf(stderr, "ccsim sensitivity: missing %s\n", s->path ? "--metric" : "SCENARIO.json");
        usage(stderr);
        return 2;
    }
    return -1;
}

/* The base and one variant per input value; each variant is the base with one more --set
 * (and "uncertain=null": its ranges were checked with the base). */
static int load_points(struct study *s)
{
    s->base = cli_whatif_load(s->path, &s->o, NULL, 0);
    if (!s->base)
        return 2;
    if (s->base->n_uncertain == 0) {
        fprintf(stderr,
                "ccsim sensitivity: %s: declares no uncertain inputs (add an \"uncertain\" "
                "object, see docs/uncertainty.md)\n",
                s->path);
        return 2;
    }
    size_t n = 1;
    for (size_t i = 0; i < s->base->n_uncertain; i++)
        n += cc_uncertain_oat_values(&s->base->uncertain[i], NULL, 0);
    s->pt = calloc(n, sizeof *s->pt);
    s->sc = calloc(n, sizeof *s->sc);   /* NOLINT(bugprone-sizeof-expression) */
    s->run = calloc(n, sizeof *s->run); /* NOLINT(bugprone-sizeof-expression) */
    if (!s->pt || !s->sc || !s->run) {
        fprintf(stderr, "ccsim sensitivity: out of memory\n");
        return 1;
    }
    s->pt[0].input = -1;
    s->sc[0] = s->base;
    s->n_pts = 1;
    for (size_t i = 0; i < s->base->n_uncertain; i++) {
        const struct cc_uncertain *u = &s->base->uncertain[i];
        double x[64];
        const size_t k = cc_uncertain_oat_values(u, x, sizeof x / sizeof *x);
        for (size_t v = 0; v < k && v < sizeof x / sizeof *x; v++) {
            struct point *p = &s->pt[s->n_pts];
            p->input = (int)i;
            p->x = x[v];
            cc_uncertain_set_text(u, x[v], p->set, sizeof p->set);
            const char *extra[] = {"uncertain=null", p->set};
            s->sc[s->n_pts] = cli_whatif_load(s->path, &s->o, extra, 2);
            if (!s->sc[s->n_pts])
                return 2;
            s->n_pts++;
        }
    }
    return 0;
}

static int compute(struct study *s)
{
    const size_t nm = s->n_metrics, ni = s->base->n_uncertain;
    for (size_t m = 0; m < nm; m++)
        if (!cli_unc_metric_check("sensitivity", s->run[0], &s->metric[m]))
            return 2;
    s->mean = malloc(s->n_pts * nm * sizeof *s->mean);
    s->swing = malloc(ni * nm * sizeof *s->swing);
    if (!s->mean || !s->swing) {
        fprintf(stderr, "ccsim sensitivity: out of memory\n");
        return 1;
    }
    for (size_t p = 0; p < s->n_pts; p++)
        for (size_t m = 0; m < nm; m++)
            s->mean[p * nm + m] = cli_unc_metric_ci(s->run[p], &s->metric[m]).mean;
    /* Swing: the largest minus the smallest mean over the input's values. */
    for (size_t i = 0; i < ni; i++) {
        for (size_t m = 0; m < nm; m++) {
            double lo = INFINITY, hi = -INFINITY;
            for (size_t p = 1; p < s->n_pts; p++) {
                const double x = s->mean[p * nm + m];
                if (s->pt[p].input == (int)i && !isnan(x)) {
                    lo = fmin(lo, x);
                    hi = fmax(hi, x);
                }
            }
            s->swing[i * nm + m] = hi >= lo ? hi - lo : NAN;
        }
    }
    return 0;
}

/* Inputs of metric m by decreasing swing (NAN last), ties in file order. */
static void order_inputs(const struct study *s, size_t m, size_t *ord)
{
    const size_t ni = s->base->n_uncertain, nm = s->n_metrics;
    for (size_t i = 0; i < ni; i++)
        ord[i] = i;
    for (size_t i = 1; i < ni; i++) {
        const size_t t = ord[i];
        const double w = s->swing[t * nm + m];
        size_t j = i;
        for (; j > 0; j--) {
            const double v = s->swing[ord[j - 1] * nm + m];
            if (!(isnan(v) ? !isnan(w) : (!isnan(w) && w > v)))
                break;
            ord[j] = ord[j - 1];
        }
        ord[j] = t;
    }
}

static void csv_sensitivity(sim_csv *c, const struct study *s, const size_t *ord, size_t m)
{
    const size_t nm = s->n_metrics;
    for (size_t q = 0; q < s->base->n_uncertain; q++) {
        const size_t i = ord[q];
        const struct cc_uncertain *u = &s->base->uncertain[i];
        for (size_t p = 1; p < s->n_pts; p++) {
            if (s->pt[p].input != (int)i)
                continue;
            char v[64];
            const sim_ci ci = cli_unc_metric_ci(s->run[p], &s->metric[m]);
            cc_uncertain_value_text(u, s->pt[p].x, v, sizeof v);
            sim_csv_str(c, u->path);
            sim_csv_str(c, v);
            sim_csv_str(c, s->metric[m].station);
            sim_csv_str(c, cli_unc_metric_name(&s->metric[m]));
            sim_csv_num(c, ci.mean);
            sim_csv_num(c, ci.low);
            sim_csv_num(c, ci.high);
            sim_csv_num(c, s->swing[i * nm + m]);
            sim_csv_num(c, s->mean[m]);
            sim_csv_int(c, (long long)ci.n);
            sim_csv_str(c, s->pt[p].set);
            sim_csv_end_row(c);
        }
    }
}

/* tornado.csv: per metric and input, the means at the first and the last value tried (low and
 * high), their extremes, and the rank (1 = largest swing) the plot stacks them by. */
static void csv_tornado(sim_csv *c, const struct study *s, const size_t *ord, size_t m)
{
    const size_t nm = s->n_metrics;
    for (size_t q = 0; q < s->base->n_uncertain; q++) {
        const size_t i = ord[q];
        double first = NAN, last = NAN, lo = NAN, hi = NAN;
        bool seen = false;
        for (size_t p = 1; p < s->n_pts; p++) {
            if (s->pt[p].input != (int)i)
                continue;
            const double x = s->mean[p * nm + m];
            first = seen ? first : x;
            last = x;
            lo = seen ? fmin(lo, x) : x;
            hi = seen ? fmax(hi, x) : x;
            seen = true;
        }
        sim_csv_str(c, s->metric[m].station);
        sim_csv_str(c, cli_unc_metric_name(&s->metric[m]));
        sim_csv_str(c, s->base->uncertain[i].path);
        sim_csv_int(c, (long long)(q + 1));
        sim_csv_num(c, s->mean[m]);
        sim_csv_num(c, first);
        sim_csv_num(c, last);
        sim_csv_num(c, lo);
        sim_csv_num(c, hi);
        sim_csv_num(c, s->swing[i * nm + m]);
        sim_csv_end_row(c);
    }
}

static enum sim_status
write_one(const char *dir, const char *name, const char *const *cols, const struct study *s,
          size_t *ord, void (*rows)(sim_csv *, const struct study *, const size_t *, size_t))
{
    char *path = sim_path_join(dir, name);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = path && d ? sim_csv_open(path, d) : NULL;
    enum sim_status st = SIM_EIO;
    if (c) {
        sim_csv_header(c, cols);
        for (size_t m = 0; m < s->n_metrics; m++) {
            order_inputs(s, m, ord);
            rows(c, s, ord, m);
        }
        st = sim_csv_commit(c, d);
    }
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim sensitivity: out of memory\n");
    sim_diag_free(d);
    free(path);
    return st;
}

/* Every file of the study goes through here, into the staging folder dir, then the manifest. */
static int write_outputs(const char *dir, const struct study *s)
{
    static const char *const cols[] = {"input",   "value", "station", "metric", "mean", "ci_low",
                                       "ci_high", "swing", "base",    "reps",   "set",  NULL};
    static const char *const tcols[] = {"station", "metric", "input", "rank",  "base", "at_low",
                                        "at_high", "min",    "max",   "swing", NULL};
    size_t *ord = malloc(s->base->n_uncertain * sizeof *ord);
    if (!ord) {
        fprintf(stderr, "ccsim sensitivity: out of memory\n");
        return 1;
    }
    enum sim_status st = write_one(dir, "sensitivity.csv", cols, s, ord, csv_sensitivity);
    if (st == SIM_OK)
        st = write_one(dir, "tornado.csv", tcols, s, ord, csv_tornado);
    free(ord);
    if (st != SIM_OK)
        return 1;
    uint64_t events = 0, calls = 0;
    for (size_t p = 0; p < s->n_pts; p++) {
        events += s->run[p]->events;
        calls += s->run[p]->calls;
    }
    struct cc_manifest_info info;
    cli_manifest_info(&info, "sensitivity", &s->o, s->wall, cc_runner_threads(s->base->jobs));
    sim_diag *d = sim_diag_alloc();
    st = d ? cc_manifest_write(dir, &info, (const struct cc_scenario *const *)s->sc, s->n_pts,
                               events, calls, d)
           : SIM_ENOMEM;
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim sensitivity: out of memory\n");
    sim_diag_free(d);
    return st == SIM_OK ? 0 : 1;
}

static void print_table(const struct study *s)
{
    const size_t nm = s->n_metrics, ni = s->base->n_uncertain;
    size_t *ord = malloc(ni * sizeof *ord);
    if (!ord)
        return;
    printf("sensitivity of %s: %zu inputs one at a time, seed %" PRIu64
           ", %d replications each (common random numbers)\n",
           s->base->name, ni, s->base->seed, s->base->reps);
    for (size_t m = 0; m < nm; m++) {
        char t[128], b[32];
        cli_unc_metric_text(&s->metric[m], t, sizeof t);
        printf("\n%s: base %s\n", t, cli_whatif_num(s->mean[m], false, b));
        printf("  %-32s %-34s %s\n", "input", "value -> mean", "swing");
        order_inputs(s, m, ord);
        for (size_t q = 0; q < ni; q++) {
            const size_t i = ord[q];
            char cells[256] = "";
            for (size_t p = 1; p < s->n_pts; p++) {
                if (s->pt[p].input != (int)i)
                    continue;
                char v[64], x[32];
                const size_t used = strlen(cells);
                cc_uncertain_value_text(&s->base->uncertain[i], s->pt[p].x, v, sizeof v);
                snprintf(cells + used, sizeof cells - used, "%s%s -> %s", used ? ", " : "", v,
                         cli_whatif_num(s->mean[p * nm + m], false, x));
            }
            printf("  %-32s %-34s %s\n", s->base->uncertain[i].path, cells,
                   cli_whatif_num(s->swing[i * nm + m], false, b));
        }
    }
    free(ord);
}

int cc_cmd_sensitivity(int argc, char **argv)
{
    struct study s;
    memset(&s, 0, sizeof s);
    cli_sim_opts_init(&s.o);
    int rc = parse_args(argc, argv, &s);
    if (rc >= 0) {
        study_free(&s);
        return rc;
    }
    rc = load_points(&s);
    struct cli_outdir w = {0};
    if (rc == 0)
        rc = cli_whatif_outdir(&w, "sensitivity", s.o.out_dir, s.base->name);
    if (rc == 0)
        rc = cli_whatif_run("sensitivity", (const struct cc_scenario *const *)s.sc, s.n_pts,
                            s.base->jobs, s.base->name, s.run, &s.wall);
    if (rc == 0)
        rc = compute(&s);
    if (rc == 0)
        rc = write_outputs(w.path, &s);
    /* Figures that fail leave the simulated result worth keeping: commit, exit 1. */
    const int plot_rc = rc == 0 && s.o.plot ? cli_plot_tornado(w.path, w.target) : 0;
    if (rc == 0)
        rc = cli_outdir_commit(&w, "sensitivity");
    if (rc == 0 && !s.o.quiet) {
        print_table(&s);
        printf("\nwall time %.2f s on %d threads\n", s.wall, cc_runner_threads(s.base->jobs));
    }
    if (rc == 0 && plot_rc != 0)
        rc = 1;
    cli_outdir_done(&w, s.o.quiet);
    study_free(&s);
    return rc;
}
