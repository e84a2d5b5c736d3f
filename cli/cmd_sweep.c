/* ccsim sweep: a scenario over a grid of one or two parameters (--vary path=from:to:step).
 * Every point loads the scenario with the user's --set plus its own, all with the same seed,
 * so the points share their random streams (common random numbers): a curve over staff is
 * smooth and monotone where the model is, not jagged by noise. All points' replications run
 * in one runner call on --jobs threads. Writes DIR/sweep.csv and prints one line per point. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/whatif.h"
#include "models/compare.h"
#include "models/report.h"
#include "models/sweep.h"
#include "sim/csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: ccsim sweep SCENARIO.json --vary path=from:to:step [--vary path=from:to:step]\n"
          "                   [--reps N] [--seed S] [--days D] [--set path=value]... [--out DIR]\n"
          "                   [--jobs J] [--plot] [--quiet]\n"
          "Runs the scenario at every point of the grid (one --vary: a line; two: their product),\n"
          "all with the same seed (common random numbers), and writes DIR/sweep.csv and\n"
          "DIR/manifest.json (default DIR = results/sweep-<name>), replacing DIR as a whole.\n"
          "Example: --vary level2.etpt=10:24:2\n"
          "  --vary PATH=FROM:TO:STEP  a grid axis (once or twice)\n" CLI_SIM_OPTS_HELP,
          f);
}

struct sweep {
    const char *path;
    struct cli_sim_opts o;
    struct cc_sweep_axis axis[CC_SWEEP_MAX_AXES];
    size_t n_axes;
    struct cc_sweep_point *pts;
    size_t n_pts;
    struct cc_scenario **sc;
    struct cc_run **run;
};

static void sweep_free(struct sweep *s)
{
    for (size_t p = 0; s->sc && p < s->n_pts; p++)
        cc_scenario_free(s->sc[p]);
    for (size_t p = 0; s->run && p < s->n_pts; p++)
        cc_run_free(s->run[p]);
    free(s->sc);
    free(s->run);
    cc_sweep_grid_free(s->pts, s->n_pts);
    for (size_t k = 0; k < s->n_axes; k++)
        cc_sweep_axis_free(&s->axis[k]);
    cli_sim_opts_free(&s->o);
}

static int parse_vary(struct sweep *s, const char *text)
{
    if (s->n_axes == CC_SWEEP_MAX_AXES) {
        fprintf(stderr, "ccsim sweep: --vary '%s': at most %d --vary options\n", text,
                CC_SWEEP_MAX_AXES);
        return 2;
    }
    sim_diag *d = sim_diag_alloc();
    if (!d)
        return 1;
    const bool ok = cc_sweep_axis_parse(text, &s->axis[s->n_axes], d);
    cli_whatif_diag("sweep", d);
    sim_diag_free(d);
    if (!ok)
        return 2;
    s->n_axes++;
    return -1;
}

enum { KEY_VARY = CLI_KEY_OWN };
static const struct cli_opt own_opts[] = {{"vary", KEY_VARY, true}, {NULL, 0, false}};

static int on_opt(void *ctx, int key, const char *value)
{
    (void)key; /* --vary is the only one */
    return parse_vary(ctx, value);
}

/* Fills s from argv; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct sweep *s)
{
    struct cli_args a = {.cmd = "sweep",
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
    if (!s->path || s->n_axes == 0) {
        fprintf(stderr, "ccsim sweep: missing %s\n", s->path ? "--vary" : "SCENARIO.json");
        usage(stderr);
        return 2;
    }
    return -1;
}

/* Expands the grid and loads one scenario per point. */
static int load_points(struct sweep *s)
{
    if (s->axis[0].n * (s->n_axes == 2 ? s->axis[1].n : 1) > CC_SWEEP_MAX_GRID) {
        fprintf(stderr, "ccsim sweep: %zu x %zu points, at most %d in all\n", s->axis[0].n,
                s->axis[1].n, CC_SWEEP_MAX_GRID);
        return 2;
    }
    s->pts = cc_sweep_grid(s->axis, s->n_axes, &s->n_pts);
    /* Arrays of pointers, as cc_runner_run takes them. */
    s->sc =
        s->pts ? calloc(s->n_pts, sizeof *s->sc) : NULL; /* NOLINT(bugprone-sizeof-expression) */
    s->run =
        s->pts ? calloc(s->n_pts, sizeof *s->run) : NULL; /* NOLINT(bugprone-sizeof-expression) */
    if (!s->sc || !s->run) {
        fprintf(stderr, "ccsim sweep: out of memory\n");
        return 1;
    }
    for (size_t p = 0; p < s->n_pts; p++) {
        const char *const *sets = (const char *const *)s->pts[p].set;
        s->sc[p] = cli_whatif_load(s->path, &s->o, sets, s->n_axes);
        if (!s->sc[p])
            return 2;
    }
    return 0;
}

static void csv_key(sim_csv *c, const struct sweep *s, size_t p, const char *station,
                    const char *metric)
{
    sim_csv_str(c, s->sc[p]->name);
    sim_csv_int(c, (long long)p);
    sim_csv_str(c, s->axis[0].path);
    sim_csv_num(c, s->pts[p].x[0]);
    sim_csv_str(c, s->n_axes == 2 ? s->axis[1].path : "");
    if (s->n_axes == 2)
        sim_csv_num(c, s->pts[p].x[1]);
    else
        sim_csv_str(c, "");
    sim_csv_str(c, station);
    sim_csv_str(c, metric);
}

/* The point's interval, then the paired difference against its base point (common random
 * numbers, as compare does): NAN when the base lacks the row. */
static void csv_values(sim_csv *c, sim_ci ci, size_t base, bool paired, const struct cc_compare *k,
                       const char *metric)
{
    sim_csv_num(c, ci.mean);
    sim_csv_num(c, ci.low);
    sim_csv_num(c, ci.high);
    sim_csv_int(c, (long long)ci.n);
    sim_csv_int(c, (long long)base);
    sim_csv_num(c, paired ? k->mean_diff : NAN);
    sim_csv_num(c, paired ? k->ci_low : NAN);
    sim_csv_num(c, paired ? k->ci_high : NAN);
    sim_csv_int(c, paired && k->significant ? 1 : 0);
    sim_csv_str(c, cc_report_unit(metric));
    sim_csv_end_row(c);
}

static void csv_point(sim_csv *c, const struct sweep *s, size_t p)
{
    const struct cc_run *run = s->run[p];
    const struct cc_layout *l = run->layout;
    const size_t base = cc_sweep_base_point(p, s->n_axes == 2 ? s->axis[1].n : 1);
    struct cc_compare k;
    for (size_t r = 0; r < l->n_rows; r++) {
        for (int m = 0; m < CC_M_COUNT; m++) {
            if (!l->row_mask[r * CC_M_COUNT + (size_t)m])
                continue;
            csv_key(c, s, p, l->row_name[r], cc_metric_name[m]);
            const bool paired =
                cc_compare_metric(s->run[base], run, l->row_name[r], (enum cc_metric)m, &k);
            csv_values(c, cc_report_ci(run, r, (enum cc_metric)m), base, paired, &k,
                       cc_metric_name[m]);
        }
    }
    for (int i = 0; l->has_network && i < CC_C_COUNT; i++) {
        csv_key(c, s, p, "costs", cc_cost_name[i]);
        const bool paired = cc_compare_cost(s->run[base], run, (enum cc_cost)i, &k);
        csv_values(c, cc_report_cost_ci(run, (enum cc_cost)i), base, paired, &k, cc_cost_name[i]);
    }
    /* From the previous point of the same line of the grid (same y): the price of the calls
     * this step answers more, with its paired interval (common random numbers). */
    const size_t ny = s->n_axes == 2 ? s->axis[1].n : s->n_pts;
    struct cc_compare m;
    if (p % ny != 0 && cc_compare_marginal_cost(s->run[p - 1], run, &m)) {
        csv_key(c, s, p, "costs", "marginal_eur_per_answered_call");
        csv_values(c, (sim_ci){.mean = m.mean_diff, .low = m.ci_low, .high = m.ci_high, .n = m.n},
                   p - 1, false, &m, "marginal_eur_per_answered_call");
    }
}

/* Writes dir/sweep.csv and dir/manifest.json; 0 or 1. */
static int write_csv(const struct sweep *s, const char *dir, double wall)
{
    static const char *const cols[] = {"scenario",
                                       "point",
                                       "x_path",
                                       "x",
                                       "y_path",
                                       "y",
                                       "station",
                                       "metric",
                                       "mean",
                                       "ci_low",
                                       "ci_high",
                                       "reps",
                                       "base_point",
                                       "diff",
                                       "diff_ci_low",
                                       "diff_ci_high",
                                       "diff_significant",
                                       "unit",
                                       NULL};
    char *path = sim_path_join(dir, "sweep.csv");
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = path && d ? sim_csv_open(path, d) : NULL;
    enum sim_status st = SIM_EIO;
    if (c) {
        sim_csv_header(c, cols);
        for (size_t p = 0; p < s->n_pts; p++)
            csv_point(c, s, p);
        st = sim_csv_commit(c, d);
    }
    uint64_t events = 0, calls = 0;
    for (size_t p = 0; p < s->n_pts; p++) {
        events += s->run[p]->events;
        calls += s->run[p]->calls;
    }
    struct cc_manifest_info info;
    cli_manifest_info(&info, "sweep", &s->o, wall, cc_runner_threads(s->sc[0]->jobs));
    if (st == SIM_OK)
        st = cc_manifest_write(dir, &info, (const struct cc_scenario *const *)s->sc, s->n_pts,
                               events, calls, d);
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim sweep: out of memory\n");
    sim_diag_free(d);
    free(path);
    return st == SIM_OK ? 0 : 1;
}

/* The row the table shows: the station the first axis changes (level1, level2, prefectures ->
 * switchboard), else level2, else the station of a station model. */
static const char *focus_row(const struct sweep *s)
{
    const struct cc_run *run = s->run[0];
    if (!run->layout->has_network)
        return run->layout->row_name[0];
    static const char *const key[][2] = {
        {"level1.", "level1"}, {"level2.", "level2"}, {"prefectures.", "switchboard"}};
    for (size_t k = 0; k < sizeof key / sizeof *key; k++)
        if (strncmp(s->axis[0].path, key[k][0], strlen(key[k][0])) == 0)
            return key[k][1];
    return "level2";
}

/* Width of an axis column: its path and a space. */
static int column(const struct sweep *s, size_t k)
{
    const size_t n = strlen(s->axis[k].path) + 1;
    return n < 12 ? 12 : (int)n;
}

static void print_table(const struct sweep *s)
{
    static const enum cc_metric shown[] = {CC_M_ANSWER_RATE, CC_M_ABANDON_RATE, CC_M_ASA_S,
                                           CC_M_SL_60,       CC_M_OCCUPANCY,    CC_M_ETPT};
    const char *row = focus_row(s);
    printf("sweep of %s: %zu points, seed %" PRIu64 ", %d replications each; %s, mean +/- 95 %% "
           "half-width\n",
           s->sc[0]->name, s->n_pts, s->sc[0]->seed, s->sc[0]->reps, row);
    for (size_t k = 0; k < s->n_axes; k++)
        printf("%-*s", column(s, k), s->axis[k].path);
    for (size_t m = 0; m < sizeof shown / sizeof *shown; m++)
        printf(" %-20s", cc_metric_name[shown[m]]);
    putchar('\n');
    for (size_t p = 0; p < s->n_pts; p++) {
        const int r = cc_report_row(s->run[p], row);
        char x[32], mean[32], half[32], cell[72];
        for (size_t k = 0; k < s->n_axes; k++)
            printf("%-*s", column(s, k), cli_whatif_num(s->pts[p].x[k], false, x));
        for (size_t m = 0; m < sizeof shown / sizeof *shown && r >= 0; m++) {
            const sim_ci ci = cc_report_ci(s->run[p], (size_t)r, shown[m]);
            /* NAN with one replication; below 1e-9 it is rounding noise of summed durations. */
            const double h = isnan(ci.half) || fabs(ci.half) < 1e-9 ? 0.0 : ci.half;
            snprintf(half, sizeof half, "%.2g", h);
            snprintf(cell, sizeof cell, "%s +/- %s", cli_whatif_num(ci.mean, false, mean), half);
            printf(" %-20s", cell);
        }
        putchar('\n');
    }
}

int cc_cmd_sweep(int argc, char **argv)
{
    struct sweep s;
    memset(&s, 0, sizeof s);
    cli_sim_opts_init(&s.o);
    int rc = parse_args(argc, argv, &s);
    if (rc >= 0) {
        sweep_free(&s);
        return rc;
    }
    rc = load_points(&s);
    struct cli_outdir w = {0};
    if (rc == 0)
        rc = cli_whatif_outdir(&w, "sweep", s.o.out_dir, s.sc[0]->name);
    double wall = 0;
    if (rc == 0)
        rc = cli_whatif_run("sweep", (const struct cc_scenario *const *)s.sc, s.n_pts,
                            s.sc[0]->jobs, s.sc[0]->name, s.run, &wall);
    if (rc == 0)
        rc = write_csv(&s, w.path, wall);
    /* Figures that fail leave the simulated result worth keeping: commit, exit 1. */
    const int plot_rc = rc == 0 && s.o.plot ? cli_plot_dir(w.path, w.path, w.target) : 0;
    if (rc == 0)
        rc = cli_outdir_commit(&w, "sweep");
    if (rc == 0 && !s.o.quiet) {
        print_table(&s);
        printf("wall time %.2f s on %d threads\n", wall, cc_runner_threads(s.sc[0]->jobs));
    }
    if (rc == 0 && plot_rc != 0)
        rc = 1;
    cli_outdir_done(&w, s.o.quiet);
    sweep_free(&s);
    return rc;
}
