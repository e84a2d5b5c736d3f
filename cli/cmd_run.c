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
          "once everything is written; a second ccsim on the same DIR stops at once.\n",
          f);
}

int cc_cmd_run(int argc, char **argv)
{
    struct cli_sim_opts o;
    cli_sim_opts_init(&o);
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        const int r = cli_sim_opts_parse("run", &o, argc, argv, &i);
        if (r < 0) {
            cli_sim_opts_free(&o);
            return 2;
        }
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            cli_sim_opts_free(&o);
            return 0;
        }
        if (argv[i][0] == '-' || path) {
            fprintf(stderr, "ccsim run: unexpected argument '%s'\n", argv[i]);
            usage(stderr);
            cli_sim_opts_free(&o);
            return 2;
        }
        path = argv[i];
    }
    if (!path) {
        fprintf(stderr, "ccsim run: missing SCENARIO.json\n");
        usage(stderr);
        cli_sim_opts_free(&o);
        return 2;
    }
    struct cc_scenario *sc = cli_load(path, &o);
    if (!sc) {
        cli_sim_opts_free(&o);
        return 2;
    }
    struct cli_outdir w;
    int rc = cli_outdir_begin(&w, "run", "--out", o.out_dir, sc->name);
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
