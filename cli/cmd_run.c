/* ccsim run: simulate one scenario's replications, write results/<name>/ and print a table. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "models/report.h"
#include "models/trace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: ccsim run SCENARIO.json [--reps N] [--seed S] [--days D] [--set path=value]...\n"
          "                 [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "                 [--trace] [--trace-from H] [--trace-to H] [--trace-rep R]\n"
          "Simulates the scenario and writes summary.csv, intervals.csv, journeys.csv and\n"
          "manifest.json into DIR (default results/<scenario name>). DIR is replaced as a whole\n"
          "once everything is written; a second ccsim on the same DIR stops at once.\n"
          "--trace also writes DIR/calls.csv, one row per call and station visit\n"
          "(docs/csv.md); --trace-from/--trace-to keep the visits that reach their station\n"
          "in [H1, H2) hours from the start of the run, --trace-rep R only replication R\n"
          "(1 to run.reps). Each of the three implies --trace.\n" CLI_SIM_OPTS_HELP,
          f);
}

/* The --trace options, handled here as the other run-only options are. */
struct trace_args {
    bool on;
    double from_h, to_h;
    long rep;
};

enum { KEY_TRACE = CLI_KEY_OWN, KEY_TRACE_FROM, KEY_TRACE_TO, KEY_TRACE_REP };
static const struct cli_opt own_opts[] = {{"trace", KEY_TRACE, false},
                                          {"trace-from", KEY_TRACE_FROM, true},
                                          {"trace-to", KEY_TRACE_TO, true},
                                          {"trace-rep", KEY_TRACE_REP, true},
                                          {NULL, 0, false}};

/* Each --trace option implies --trace. */
static int on_opt(void *ctx, int key, const char *value)
{
    struct trace_args *t = ctx;
    t->on = true;
    switch (key) {
    case KEY_TRACE_REP:
        return cli_parse_long("run", "--trace-rep", value, 1, 10000, &t->rep) ? -1 : 2;
    case KEY_TRACE_FROM:
        return cli_parse_double("run", "--trace-from", value, 0, 1e7, &t->from_h) ? -1 : 2;
    case KEY_TRACE_TO:
        return cli_parse_double("run", "--trace-to", value, 0, 1e7, &t->to_h) ? -1 : 2;
    default:
        return -1;
    }
}

/* Checks the --trace options against the scenario; prints why and returns false if they do
 * not fit it. */
static bool trace_check(const struct trace_args *t, const struct cc_scenario *sc)
{
    if (t->rep > sc->reps) {
        fprintf(stderr, "ccsim run: --trace-rep: expected at most %d (run.reps), got %ld\n",
                sc->reps, t->rep);
        return false;
    }
    if (!isnan(t->to_h) && t->to_h <= t->from_h) {
        fprintf(stderr, "ccsim run: --trace-to: expected more than --trace-from (%g), got %g\n",
                t->from_h, t->to_h);
        return false;
    }
    return true;
}

/* Concatenates the replications' traces into DIR/calls.csv; prints why and returns 1 on
 * failure. */
static int trace_finish(cc_trace *t, int reps)
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim run: out of memory\n");
        return 1;
    }
    const enum sim_status st = cc_trace_finish(t, "calls.csv", reps, d);
    if (st != SIM_OK) {
        fprintf(stderr, "ccsim run: cannot write the trace\n");
        cli_print_diag(d);
    }
    sim_diag_free(d);
    return st == SIM_OK ? 0 : 1;
}

int cc_cmd_run(int argc, char **argv)
{
    struct trace_args ta = {.on = false, .from_h = 0, .to_h = NAN, .rep = 0};
    struct cli_sim_opts o;
    cli_sim_opts_init(&o);
    const char *path = NULL;
    struct cli_args a = {.cmd = "run",
                         .usage = usage,
                         .opts = own_opts,
                         .sim = &o,
                         .on_opt = on_opt,
                         .ctx = &ta,
                         .pos = &path,
                         .max_pos = 1};
    int rc = cli_args_parse(&a, argc, argv);
    if (rc < 0 && !path) {
        fprintf(stderr, "ccsim run: missing SCENARIO.json\n");
        usage(stderr);
        rc = 2;
    }
    if (rc >= 0) {
        cli_sim_opts_free(&o);
        return rc;
    }
    struct cc_scenario *sc = cli_load(path, &o);
    if (!sc) {
        cli_sim_opts_free(&o);
        return 2;
    }
    if (ta.on && !trace_check(&ta, sc)) {
        cc_scenario_free(sc);
        cli_sim_opts_free(&o);
        return 2;
    }
    struct cli_outdir w;
    rc = cli_outdir_begin(&w, "run", "--out", o.out_dir, sc->name);
    if (rc != 0) {
        cc_scenario_free(sc);
        cli_sim_opts_free(&o);
        return rc;
    }
    cc_trace *trace = NULL;
    if (ta.on) {
        const struct cc_trace_opts to = {.from_s = ta.from_h * 3600.0,
                                         .to_s = isnan(ta.to_h) ? HUGE_VAL : ta.to_h * 3600.0,
                                         .rep = (int)ta.rep};
        trace = cc_trace_alloc(w.path, &to);
        if (!trace) {
            fprintf(stderr, "ccsim run: out of memory\n");
            cli_outdir_done(&w, o.quiet);
            cc_scenario_free(sc);
            cli_sim_opts_free(&o);
            return 1;
        }
        sc->trace = trace;
    }
    struct cli_progress prog;
    cli_progress_init(&prog, sc->name);
    const double t0 = cli_now();
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    const int threads = cc_runner_threads(sc->jobs);
    rc = 1;
    const enum sim_status st = cc_runner_run(scs, 1, sc->jobs, cli_progress, &prog, &run);
    if (st != SIM_OK) {
        cli_progress_end(&prog);
        cli_runner_failed("run", st);
    } else {
        cli_progress_end(&prog);
        const double wall = cli_now() - t0;
        struct cc_manifest_info info;
        cli_manifest_info(&info, "run", &o, wall, threads);
        rc = cli_write_run(run, w.path, &info);
        if (rc == 0 && trace)
            rc = trace_finish(trace, sc->reps);
        /* Figures that fail leave the simulated result worth keeping: commit, exit 1. */
        const int plot_rc = rc == 0 && o.plot ? cli_plot_dir(w.path, w.path, w.target) : 0;
        if (rc == 0)
            rc = cli_outdir_commit(&w, "run");
        if (rc == 0 && !o.quiet) {
            cc_report_print(run, stdout);
            /* The plain build keeps its line; an MPI run says how the work was spread. */
            const int ranks = cc_runner_ranks();
            if (ranks > 1)
                printf("wall time %.2f s on %d ranks x %d threads (%.2f M events/s)\n", wall, ranks,
                       threads, wall > 0 ? (double)run->events / wall / 1e6 : 0.0);
            else
                printf("wall time %.2f s on %d threads (%.2f M events/s)\n", wall, threads,
                       wall > 0 ? (double)run->events / wall / 1e6 : 0.0);
        }
        if (rc == 0 && plot_rc != 0)
            rc = 1;
    }
    cc_trace_free(trace);
    cli_outdir_done(&w, o.quiet);
    cc_run_free(run);
    cc_scenario_free(sc);
    cli_sim_opts_free(&o);
    return rc;
}
