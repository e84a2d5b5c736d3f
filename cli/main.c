/* ccsim: the command-line front. Dispatches to one subcommand per file (cli/cmd_*.c); only
 * cli/ prints or exits. Exit codes: 0 ok, 1 runtime failure, 2 usage or invalid input. */
#include "cli/cmds.h"
#include "cli/common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *help;
};

static const struct command commands[] = {
    {"run", cc_cmd_run, "simulate a scenario; write CSVs, manifest (and plots with --plot)"},
    {"check", cc_cmd_check, "validate a scenario; print derived loads and staff, no simulation"},
    {"erlang", cc_cmd_erlang, "analytic Erlang C / Erlang A (M/M/c+M) figures"},
    {"compare", cc_cmd_compare, "two scenarios under common random numbers: paired differences"},
    {"sweep", cc_cmd_sweep, "a scenario over a grid of one or two parameters (--vary)"},
    {"staff", cc_cmd_staff, "smallest staff at a station meeting service targets"},
    {"sensitivity", cc_cmd_sensitivity, "each declared uncertain input at its ends: a tornado"},
    {"uncertainty", cc_cmd_uncertainty, "sample the declared inputs: spread, PRCC, --decide"},
    {"plot", cc_cmd_plot,
     "gnuplot scripts, PNG and SVG from a run, compare, sweep or staff folder"},
    {"report", cc_cmd_report, "one self-contained HTML page for such a folder"},
};

static void usage(FILE *f)
{
    fputs("usage: ccsim COMMAND [ARGS]   (ccsim COMMAND --help for details)\n\n", f);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("ccsim %s\n", CC_VERSION);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "ccsim: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}

int main(int argc, char **argv)
{
    /* First, while the process has one thread: every thread made later inherits the mask. */
    cli_signals_start();
    cli_argc = argc;
    cli_argv = argv;
    int rc = dispatch(argc, argv);
    /* Output lost to a full disk or a closed pipe is a failure, not a silent success; ferror
     * catches a write that failed before the final flush (errno is gone by then). */
    int err = fflush(stdout) != 0 ? errno : 0;
    if (err == 0 && ferror(stdout))
        err = EIO;
    if (err != 0) {
        fprintf(stderr, "ccsim: stdout: %s\n", strerror(err));
        if (rc == 0)
            rc = 1;
    }
    return rc;
}
