/* ccsim run: simulate one scenario's replications, write results/<name>/ and print a table. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "models/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifndef CC_GIT_REV
#define CC_GIT_REV "unknown"
#endif

static void usage(FILE *f)
{
    fputs("usage: ccsim run SCENARIO.json [--reps N] [--seed S] [--days D] [--set path=value]...\n"
          "                 [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "Simulates the scenario and writes summary.csv, intervals.csv, journeys.csv and\n"
          "manifest.json into DIR (default results/<scenario name>).\n",
          f);
}

/* Writes a run's files, and its plots when asked; prints what went wrong. */
int cli_write_run(const struct cc_run *run, const char *dir, double wall_s, int threads, bool plot)
{
    char *cmdline = cli_command_line(cli_argc, cli_argv);
    struct cc_manifest_info info = {
        .version = CC_VERSION,
        .git_rev = CC_GIT_REV,
        .command_line = cmdline ? cmdline : "",
        .wall_s = wall_s,
        .threads = threads,
    };
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        info.peak_rss_kib = ru.ru_maxrss;
    sim_diag *d = sim_diag_alloc();
    const enum sim_status st = d ? cc_report_write(run, dir, &info, d) : SIM_ENOMEM;
    if (d)
        cli_print_diag(d);
    sim_diag_free(d);
    free(cmdline);
    if (st != SIM_OK)
        return 1;
    if (plot)
        return cli_plot_dir(dir) == 0 ? 0 : 1;
    return 0;
}

char *cli_default_out(const char *name)
{
    const size_t n = strlen(name) + 16;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "results/%s", name);
    return s;
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
    struct cli_progress prog;
    cli_progress_init(&prog, sc->name);
    const double t0 = cli_now();
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    const int threads = cc_runner_threads(sc->jobs);
    int rc = 1;
    if (cc_runner_run(scs, 1, sc->jobs, cli_progress, &prog, &run) != SIM_OK) {
        cli_progress_end(&prog);
        fprintf(stderr, "ccsim run: out of memory\n");
    } else {
        cli_progress_end(&prog);
        const double wall = cli_now() - t0;
        char *dir = o.out_dir ? NULL : cli_default_out(sc->name);
        const char *out = o.out_dir ? o.out_dir : dir;
        rc = out ? cli_write_run(run, out, wall, threads, o.plot) : 1;
        if (rc == 0 && !o.quiet) {
            cc_report_print(run, stdout);
            printf("wall time %.2f s on %d threads (%.2f M events/s); files in %s/\n", wall,
                   threads, wall > 0 ? (double)run->events / wall / 1e6 : 0.0, out);
        }
        free(dir);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
    cli_sim_opts_free(&o);
    return rc;
}
