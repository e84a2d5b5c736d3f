/* ccsim compare: two scenarios under common random numbers. Both run in one runner call with
 * the same seed and replication indices, so replication r of A and of B share their random
 * streams and the paired differences B_r - A_r have far narrower intervals than two
 * independent runs (models/compare.h). Writes DIR/compare.csv, each run's files in DIR/a/ and
 * DIR/b/, and prints the main rows with the paired and the independent half-widths. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/whatif.h"
#include "models/compare.h"
#include "models/report.h"
#include "sim/csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: ccsim compare A.json B.json [--reps N] [--seed S] [--days D]\n"
          "                     [--set path=value]... [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "Runs both scenarios with the same seed and replications (common random numbers) and\n"
          "reports paired differences B - A with 95 % intervals. --set applies to both. Writes\n"
          "DIR/compare.csv, DIR/manifest.json and each run's files in DIR/a/ and DIR/b/\n"
          "(default DIR = results/compare-<name A>-vs-<name B>), replacing DIR as a "
          "whole.\n" CLI_SIM_OPTS_HELP,
          f);
}

/* Parses argv into o and the two paths; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct cli_sim_opts *o, const char *path[2])
{
    struct cli_args a = {.cmd = "compare", .usage = usage, .sim = o, .pos = path, .max_pos = 2};
    const int rc = cli_args_parse(&a, argc, argv);
    if (rc >= 0)
        return rc;
    if (a.n_pos < 2) {
        fprintf(stderr, "ccsim compare: expected two scenario files, got %d\n", a.n_pos);
        usage(stderr);
        return 2;
    }
    /* Standard input is read once: one scenario at most can come from it. */
    if (strcmp(path[0], "-") == 0 && strcmp(path[1], "-") == 0) {
        fprintf(stderr, "ccsim compare: '-' given twice: standard input holds one scenario, "
                        "give the other as a file\n");
        return 2;
    }
    return -1;
}

/* Loads A and B; B is reloaded with A's seed and replications when they differ, since
 * common random numbers need the same streams for the same replication indices. */
static int load_pair(const char *path[2], const struct cli_sim_opts *o, struct cc_scenario *sc[2])
{
    sc[0] = cli_whatif_load(path[0], o, NULL, 0);
    sc[1] = sc[0] ? cli_whatif_load(path[1], o, NULL, 0) : NULL;
    if (!sc[1])
        return 2;
    if (sc[1]->seed == sc[0]->seed && sc[1]->reps == sc[0]->reps)
        return 0;
    char diff[128] = "";
    if (sc[1]->seed != sc[0]->seed)
        snprintf(diff, sizeof diff, "seed %" PRIu64 " instead of %" PRIu64, sc[1]->seed,
                 sc[0]->seed);
    if (sc[1]->reps != sc[0]->reps)
        snprintf(diff + strlen(diff), sizeof diff - strlen(diff), "%s%d replications instead of %d",
                 diff[0] ? " and " : "", sc[1]->reps, sc[0]->reps);
    if (!o->quiet)
        fprintf(stderr,
                "ccsim compare: note: %s has %s; it runs with the seed and replications of %s "
                "(common random numbers need the same streams)\n",
                path[1], diff, path[0]);
    char seed[48], reps[32];
    snprintf(seed, sizeof seed, "seed=%" PRIu64, sc[0]->seed);
    snprintf(reps, sizeof reps, "run.reps=%d", sc[0]->reps);
    const char *const extra[2] = {seed, reps};
    cc_scenario_free(sc[1]);
    sc[1] = cli_whatif_load(path[1], o, extra, 2);
    return sc[1] ? 0 : 2;
}

static void csv_row(sim_csv *c, const struct cc_run *const run[2], const char *station,
                    const char *metric, const struct cc_compare *k)
{
    sim_csv_str(c, run[0]->sc->name);
    sim_csv_str(c, run[1]->sc->name);
    sim_csv_str(c, station);
    sim_csv_str(c, metric);
    sim_csv_num(c, k->mean_a);
    sim_csv_num(c, k->mean_b);
    sim_csv_num(c, k->mean_diff);
    sim_csv_num(c, k->ci_low);
    sim_csv_num(c, k->ci_high);
    sim_csv_int(c, (long long)k->n);
    sim_csv_int(c, k->significant ? 1 : 0);
    sim_csv_str(c, cc_report_unit(metric));
    sim_csv_end_row(c);
}

static void csv_rows(sim_csv *c, const struct cc_run *const run[2])
{
    static const char *const cols[] = {"scenario_a",  "scenario_b", "station", "metric",  "mean_a",
                                       "mean_b",      "diff",       "ci_low",  "ci_high", "reps",
                                       "significant", "unit",       NULL};
    sim_csv_header(c, cols);
    const struct cc_layout *l = run[0]->layout;
    struct cc_compare k;
    for (size_t r = 0; r < l->n_rows; r++)
        for (int m = 0; m < CC_M_COUNT; m++)
            if (cc_compare_metric(run[0], run[1], l->row_name[r], (enum cc_metric)m, &k))
                csv_row(c, run, l->row_name[r], cc_metric_name[m], &k);
    for (int i = 0; i < CC_C_COUNT; i++)
        if (cc_compare_cost(run[0], run[1], (enum cc_cost)i, &k))
            csv_row(c, run, "costs", cc_cost_name[i], &k);
    if (cc_compare_marginal_cost(run[0], run[1], &k))
        csv_row(c, run, "costs", "marginal_eur_per_answered_call", &k);
}

static int write_csv(const char *dir, const struct cc_run *const run[2])
{
    char *path = sim_path_join(dir, "compare.csv");
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = path && d ? sim_csv_open(path, d) : NULL;
    enum sim_status st = SIM_EIO;
    if (c) {
        csv_rows(c, run);
        st = sim_csv_commit(c, d);
    }
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim compare: out of memory\n");
    sim_diag_free(d);
    free(path);
    return st == SIM_OK ? 0 : 1;
}

static void print_line(const char *station, const char *metric, const struct cc_compare *k)
{
    char a[32], b[32], diff[32], lo[32], hi[32], ph[32], uh[32], ci[80];
    snprintf(ci, sizeof ci, "[%s, %s]%s", cli_whatif_num(k->ci_low, true, lo),
             cli_whatif_num(k->ci_high, true, hi), k->significant ? " *" : "");
    printf("%-12s %-29s %10s %10s %10s  %-26s %s / %s\n", station, metric,
           cli_whatif_num(k->mean_a, false, a), cli_whatif_num(k->mean_b, false, b),
           cli_whatif_num(k->mean_diff, true, diff), ci, cli_whatif_num(k->half, false, ph),
           cli_whatif_num(k->unpaired_half, false, uh));
}

static void print_table(const struct cc_run *const run[2])
{
    /* blocked (a count: summary.csv has no blocked share) beside abandon_rate, so that the
     * callers a full queue turned away are not left out of the picture. */
    static const enum cc_metric shown[] = {CC_M_ANSWER_RATE, CC_M_ABANDON_RATE, CC_M_BLOCKED,
                                           CC_M_ASA_S,       CC_M_SL_60,        CC_M_OCCUPANCY,
                                           CC_M_AGENTS_AVG,  CC_M_ETPT};
    printf("A = %s, B = %s: %d paired replications, seed %" PRIu64 "\n", run[0]->sc->name,
           run[1]->sc->name, run[0]->reps, run[0]->sc->seed);
    printf("%-12s %-29s %10s %10s %10s  %-26s %s\n", "station", "metric", "A", "B", "B - A",
           "95 % CI of B - A", "half-width paired / independent");
    const char *rows[64];
    const size_t n = cli_whatif_main_rows(run[0], rows, 64);
    struct cc_compare k;
    for (size_t r = 0; r < n; r++)
        for (size_t m = 0; m < sizeof shown / sizeof *shown; m++)
            if (cc_compare_metric(run[0], run[1], rows[r], shown[m], &k))
                print_line(rows[r], cc_metric_name[shown[m]], &k);
    for (int i = 0; i < CC_C_COUNT; i++)
        if (cc_compare_cost(run[0], run[1], (enum cc_cost)i, &k))
            print_line("costs", cc_cost_name[i], &k);
    if (cc_compare_marginal_cost(run[0], run[1], &k))
        print_line("costs", "marginal_eur_per_answered_call", &k);
    puts("* the paired interval excludes 0: the difference is not noise (common random numbers)");
}

/* Writes DIR/a, DIR/b, DIR/compare.csv and DIR/manifest.json. Returns the exit code. */
static int write_all(const char *dir, const struct cc_run *const run[2], double wall, int threads,
                     const struct cli_sim_opts *o)
{
    static const char *const sub[2] = {"a", "b"};
    struct cc_manifest_info info;
    cli_manifest_info(&info, "compare", o, wall, threads);
    for (int k = 0; k < 2; k++) {
        char *d = sim_path_join(dir, sub[k]);
        const int rc = d ? cli_write_run(run[k], d, &info) : 1;
        free(d);
        if (rc)
            return rc;
    }
    if (write_csv(dir, run))
        return 1;
    const struct cc_scenario *const scs[2] = {run[0]->sc, run[1]->sc};
    sim_diag *d = sim_diag_alloc();
    const enum sim_status st =
        d ? cc_manifest_write(dir, &info, scs, 2, run[0]->events + run[1]->events,
                              run[0]->calls + run[1]->calls, d)
          : SIM_ENOMEM;
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim compare: out of memory\n");
    sim_diag_free(d);
    return st == SIM_OK ? 0 : 1;
}

int cc_cmd_compare(int argc, char **argv)
{
    struct cli_sim_opts o;
    cli_sim_opts_init(&o);
    const char *path[2] = {NULL, NULL};
    struct cc_scenario *sc[2] = {NULL, NULL};
    int rc = parse_args(argc, argv, &o, path);
    if (rc < 0)
        rc = load_pair(path, &o, sc);
    struct cli_outdir w = {0};
    if (rc == 0 && sc[1]) {
        const size_t n = strlen(sc[0]->name) + strlen(sc[1]->name) + 16;
        char *base = malloc(n);
        if (base)
            snprintf(base, n, "compare-%s-vs-%s", sc[0]->name, sc[1]->name);
        rc = base ? cli_outdir_begin(&w, "compare", "--out", o.out_dir, base) : 1;
        free(base);
    }
    if (rc != 0 || !sc[1]) {
        cc_scenario_free(sc[0]);
        cc_scenario_free(sc[1]);
        cli_sim_opts_free(&o);
        return rc;
    }
    struct cc_run *runs[2] = {NULL, NULL};
    const struct cc_scenario *scs[2] = {sc[0], sc[1]};
    double wall = 0;
    const int threads = cc_runner_threads(sc[0]->jobs);
    rc = cli_whatif_run("compare", scs, 2, sc[0]->jobs, "compare", runs, &wall);
    const struct cc_run *const run[2] = {runs[0], runs[1]};
    if (rc == 0)
        rc = write_all(w.path, run, wall, threads, &o);
    /* Figures that fail leave the simulated result worth keeping: commit, exit 1. */
    const int plot_rc = rc == 0 && o.plot ? cli_plot_dir(w.path, w.path, w.target) : 0;
    if (rc == 0)
        rc = cli_outdir_commit(&w, "compare");
    if (rc == 0 && !o.quiet) {
        print_table(run);
        printf("wall time %.2f s on %d threads\n", wall, threads);
    }
    if (rc == 0 && plot_rc != 0)
        rc = 1;
    cli_outdir_done(&w, o.quiet);
    cc_run_free(runs[0]);
    cc_run_free(runs[1]);
    cc_scenario_free(sc[0]);
    cc_scenario_free(sc[1]);
    cli_sim_opts_free(&o);
    return rc;
}
