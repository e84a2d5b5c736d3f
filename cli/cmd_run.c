/* ccsim run: simulate one scenario's replications, write results/<name>/ and print a table. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "models/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
    fputs("usage: ccsim run SCENARIO.json [--reps N] [--seed S] [--days D] [--set path=value]...\n"
          "                 [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "Simulates the scenario and writes summary.csv, intervals.csv, journeys.csv and\n"
          "manifest.json into DIR (default results/<scenario name>). DIR is replaced as a whole\n"
          "once everything is written; a second ccsim on the same DIR stops at "
          "once.\n" CLI_SIM_OPTS_HELP,
          f);
}

int cc_cmd_run(int argc, char **argv)
{
    struct cli_sim_opts o;
    cli_sim_opts_init(&o);
    const char *path = NULL;
    struct cli_args a = {.cmd = "run", .usage = usage, .sim = &o, .pos = &path, .max_pos = 1};
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
    struct cli_outdir w;
    rc = cli_outdir_begin(&w, "run", "--out", o.out_dir, sc->name);
    if (rc != 0) {
        cc_scenario_free(sc);
        cli_sim_opts_free(&o);
        return rc;
    }
    struct cli_progress prog;
    cli_progress_init(&prog, sc->name);
    const double t0 = cli_now();
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    const int threads = cc_runner_threads(sc->jobs);
    rc = 1;
    if (cc_runner_run(scs, 1, sc->jobs, cli_progress, &prog, &run) != SIM_OK) {
        cli_progress_end(&prog);
        fprintf(stderr, "ccsim run: out of memory\n");
    } else {
        cli_progress_end(&prog);
        const double wall = cli_now() - t0;
        struct cc_manifest_info info;
        cli_manifest_info(&info, "run", &o, wall, threads);
        rc = cli_write_run(run, w.path, &info);
        /* Figures that fail leave the simulated result worth keeping: commit, exit 1. */
        const int plot_rc = rc == 0 && o.plot ? cli_plot_dir(w.path, w.path, w.target) : 0;
        if (rc == 0)
            rc = cli_outdir_commit(&w, "run");
        if (rc == 0 && !o.quiet) {
            cc_report_print(run, stdout);
            printf("wall time %.2f s on %d threads (%.2f M events/s)\n", wall, threads,
                   wall > 0 ? (double)run->events / wall / 1e6 : 0.0);
        }
        if (rc == 0 && plot_rc != 0)
            rc = 1;
    }
    cli_outdir_done(&w, o.quiet);
    cc_run_free(run);
    cc_scenario_free(sc);
    cli_sim_opts_free(&o);
    return rc;
}
