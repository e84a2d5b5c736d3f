/* ccsim: the command-line front. Dispatches to one subcommand per file (cli/cmd_*.c); only
 * cli/ prints or exits. Exit codes: 0 ok, 1 runtime failure, 2 usage or invalid input. */
#include "cli/cmds.h"
#include "cli/common.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef CC_MPI
#include <mpi.h>
#endif

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
    {"schedule", cc_cmd_schedule,
     "fewest agents in each interval meeting targets; shift plans, flat and load"},
    {"sensitivity", cc_cmd_sensitivity, "each declared uncertain input at its ends: a tornado"},
    {"uncertainty", cc_cmd_uncertainty, "sample the declared inputs: spread, PRCC, --decide"},
    {"plot", cc_cmd_plot,
     "gnuplot scripts, PNG and SVG from a run, compare, sweep or staff folder"},
    {"report", cc_cmd_report, "one self-contained HTML page for such a folder"},
};

#ifndef CC_GIT_REV
#define CC_GIT_REV "unknown"
#endif

#define N_COMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *f)
{
    /* The name column fits the longest name (sensitivity, uncertainty), not a guess. */
    int width = 0;
    for (size_t i = 0; i < N_COMMANDS; i++)
        if ((int)strlen(commands[i].name) > width)
            width = (int)strlen(commands[i].name);
    fputs("usage: ccsim COMMAND [ARGS]   (ccsim help COMMAND or ccsim COMMAND --help for "
          "details)\n\n",
          f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  %-*s  %s\n", width, commands[i].name, commands[i].help);
    fprintf(f, "  %-*s  %s\n", width, "help", "this list, or ccsim help COMMAND: its options");
    fputs("\n  --version  the version and the git revision ccsim was built from\n", f);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(name, commands[i].name) == 0)
            return &commands[i];
    return NULL;
}

/* Optimal string alignment distance (Levenshtein plus swapping two neighbours), so that the
 * usual typos (a letter missing, extra, wrong or two letters swapped: rnu) cost 1. Names
 * longer than the buffer are far from every command anyway. */
static size_t typo_distance(const char *a, const char *b)
{
    enum { MAX = 32 };
    const size_t n = strlen(a), m = strlen(b);
    if (n >= MAX || m >= MAX)
        return MAX;
    size_t d[MAX][MAX];
    for (size_t i = 0; i <= n; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= m; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            const size_t cost = a[i - 1] != b[j - 1];
            size_t best = d[i - 1][j - 1] + cost;
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

/* "ccsim: unknown command 'rnu'; did you mean 'run'?": the nearest command within 2 edits
 * (and closer than the word's own length, so that 'x' suggests nothing). */
static void unknown_command(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3;
    const char *all[N_COMMANDS + 1];
    for (size_t i = 0; i < N_COMMANDS; i++)
        all[i] = commands[i].name;
    all[N_COMMANDS] = "help";
    for (size_t i = 0; i < N_COMMANDS + 1; i++) {
        const size_t d = typo_distance(name, all[i]);
        if (d < best_d && d < strlen(name)) {
            best_d = d;
            best = all[i];
        }
    }
    if (best)
        fprintf(stderr, "ccsim: unknown command '%s'; did you mean '%s'?\n", name, best);
    else
        fprintf(stderr, "ccsim: unknown command '%s'\n", name);
    /* The suggestion alone is the answer; the whole list would bury it. */
    if (best)
        fputs("(ccsim --help lists the commands)\n", stderr);
    else
        usage(stderr);
}

/* ccsim help [CMD]: the command's own --help, so the two texts cannot drift apart. */
static int help(int argc, char **argv)
{
    if (argc < 3) {
        usage(stdout);
        return 0;
    }
    if (argc > 3) {
        fprintf(stderr, "ccsim help: expected one command, got %d words\n", argc - 2);
        return 2;
    }
    if (strcmp(argv[2], "help") == 0) {
        usage(stdout);
        return 0;
    }
    const struct command *c = find_command(argv[2]);
    if (!c) {
        unknown_command(argv[2]);
        return 2;
    }
    char *sub[] = {argv[2], (char *)"--help", NULL};
    return c->fn(2, sub);
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
        printf("ccsim %s (git %s)\n", CC_VERSION, CC_GIT_REV);
        return 0;
    }
    if (strcmp(argv[1], "help") == 0)
        return help(argc, argv);
    const struct command *c = find_command(argv[1]);
    if (c)
        return c->fn(argc - 1, argv + 1);
    unknown_command(argv[1]);
    return 2;
}

#ifdef CC_MPI
/* Every rank runs the same command line (models/runner.h); only rank 0 prints, so the others'
 * output goes to /dev/null. Threads of other ranks send their own messages: ask for
 * MPI_THREAD_MULTIPLE (runner_mpi.c copes with less). */
static int mpi_start(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_MULTIPLE, &provided) != MPI_SUCCESS) {
        fputs("ccsim: MPI_Init_thread failed\n", stderr);
        return 1;
    }
    if (provided < MPI_THREAD_FUNNELED) {
        fputs("ccsim: this MPI library does not allow threads (MPI_THREAD_FUNNELED)\n", stderr);
        MPI_Finalize();
        return 1;
    }
    if (cc_runner_rank() != 0 &&
        (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))) {
        MPI_Abort(MPI_COMM_WORLD, 1);
        return 1;
    }
    return 0;
}

/* CCSIM_MPI_STATS=1: what the runner moved between ranks (bench/mpi_scaling.sh). */
static void mpi_stop(void)
{
    struct cc_runner_stats s;
    cc_runner_stats_get(&s);
    if (getenv("CCSIM_MPI_STATS") && cc_runner_rank() == 0)
        fprintf(stderr,
                "ccsim: mpi: %d ranks, %ld units from other ranks, %.0f bytes of results (%.0f "
                "per unit), %.0f bytes broadcast per rank\n",
                cc_runner_ranks(), s.units_remote, s.bytes_results,
                s.units_remote > 0 ? s.bytes_results / (double)s.units_remote : 0.0,
                s.bytes_broadcast);
    MPI_Finalize();
}
#endif

int main(int argc, char **argv)
{
    /* First, while the process has one thread: every thread made later inherits the mask. */
    cli_signals_start();
#ifdef CC_MPI
    if (mpi_start(&argc, &argv) != 0)
        return 1;
#endif
    cli_argc = argc;
    cli_argv = argv;
#ifdef CC_MPI
    /* Commands without replications (check, erlang, plot, report, help) are rank 0's alone:
     * the other ranks have nothing to share and must not wait for it. */
    static const char *const collective[] = {"run",         "compare",     "sweep", "staff",
                                             "sensitivity", "uncertainty", NULL};
    bool shared = false;
    for (int k = 0; argc > 1 && collective[k]; k++)
        shared |= strcmp(argv[1], collective[k]) == 0;
    if (!shared && cc_runner_rank() != 0) {
        mpi_stop();
        return 0;
    }
    if (!shared)
        cc_runner_solo();
#endif
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
#ifdef CC_MPI
    mpi_stop();
#endif
    return rc;
}
