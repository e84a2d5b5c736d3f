/* fuzz_cli: libFuzzer harness for the commands' own argument parsing. An input is lines: the
 * first names the command, the others are its argv strings (an unknown first line picks a
 * command from its first byte, so every input does something):
 *   run, compare, sweep, staff  the command itself (cc_cmd_*), which parses its options
 *             (cli_sim_opts_parse, the number parsers, --vary, --target, --station, --step) and
 *             then loads its scenarios. The command runs in an empty private directory and every
 *             '/' of the input becomes '_', so no scenario path can name a real file: the load
 *             always fails, nothing is simulated, and the directory must stay empty (no file
 *             written). The exit code must be 2, or 0 after a --help.
 *   check     `ccsim check` on the shipped pilot scenario (FUZZ_SCENARIOS, set by the Makefile)
 *             with the fuzzed arguments: --set path=value reaches the loader's --set parser and
 *             a scenario it accepts goes through check's derived loads. No simulation.
 *   erlang    `ccsim erlang` (analytic figures only). Inputs with --agents above 100000 are
 *             skipped: cc_erlang_eval is O(agents), so a huge --agents is slow by design (about
 *             5 s for 2e9 agents at -O2) and would only report timeouts.
 * The parsers alone (cli_sim_opts_parse, cc_target_parse, cc_sweep_axis_parse, cli_parse_*)
 * are fuzzed at full speed by fuzz_args.c. Nothing writes to stdout (sent to /dev/null); the
 * commands print to stderr, which tests/fuzz/run.sh closes with -close_fd_mask=3.
 * Built and run by `make fuzz` / `make fuzz-smoke`; by hand, with absolute paths (the commands
 * run in another directory, and a crash file is written where the process stands):
 *   build-fuzz/fuzz_cli -dict=tests/fuzz/fuzz_cli.dict -max_len=1024 -timeout=5 \
 *     -close_fd_mask=3 -artifact_prefix=$PWD/ $PWD/NEW_CORPUS_DIR $PWD/tests/fuzz/corpus/fuzz_cli
 */
#include "cli/cmds.h"
#include "cli/common.h"
#include "sim/diag.h"
#include "tests/fuzz/fuzz_util.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef FUZZ_SCENARIOS
#define FUZZ_SCENARIOS "scenarios"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char empty[64];
static int home = -1;

static void cleanup(void)
{
    rmdir(empty);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!freopen("/dev/null", "w", stdout))
        abort();
    fuzz_mkdtemp(empty, sizeof empty, "fuzz_cli");
    home = open(".", O_RDONLY | O_DIRECTORY);
    if (home < 0)
        abort();
    atexit(cleanup);
    return 0;
}

/* Whether argv may ask for --help as getopt_long reads it: --help or a prefix of it (--h),
 * or h inside a cluster of short options (-qh, -hX). Over-approximated on purpose (-rh is
 * --reps with the value h): the harness only needs to know when exit 0 is allowed. */
static bool has_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const size_t n = strlen(a);
        if (n >= 3 && strncmp(a, "--help", n) == 0)
            return true;
        if (a[0] == '-' && a[1] != '-' && strchr(a, 'h'))
            return true;
    }
    return false;
}

/* Runs a command inside the empty directory; it must write nothing there. */
static int in_empty_dir(int (*cmd)(int, char **), int argc, char **argv)
{
    if (chdir(empty) != 0)
        abort();
    const int rc = cmd(argc, argv);
    fflush(stdout);
    if (fchdir(home) != 0)
        abort();
    /* rmdir fails on a directory that is not empty: a file was written. */
    if (rmdir(empty) != 0 || mkdir(empty, 0700) != 0)
        abort();
    return rc;
}

static void scrub_slashes(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        for (char *p = argv[i]; *p; p++)
            if (*p == '/')
                *p = '_';
}

static void fuzz_simulation_command(int (*cmd)(int, char **), int argc, char **argv)
{
    scrub_slashes(argc, argv);
    const int rc = in_empty_dir(cmd, argc, argv);
    if (rc != 2 && !(rc == 0 && has_help(argc, argv)))
        abort(); /* ran, or failed at run time, where only a usage or load error can happen */
}

static void fuzz_check(int argc, char **argv)
{
    /* argv[0] is "check"; the scenario goes first, then the fuzzed arguments. */
    char *args[FUZZ_MAX_ARGS + 2];
    char scenario[] = FUZZ_SCENARIOS "/pilot14-2013.json";
    scrub_slashes(argc, argv);
    args[0] = argv[0];
    args[1] = scenario;
    for (int i = 1; i < argc; i++)
        args[i + 1] = argv[i];
    args[argc + 1] = NULL;
    const int rc = in_empty_dir(cc_cmd_check, argc + 1, args);
    if (rc != 0 && rc != 2)
        abort(); /* 1: a scenario refused without a message, or out of memory */
}

static void fuzz_erlang(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--agents") == 0 && strtod(argv[i + 1], NULL) > 100000)
            return;
    const int rc = cc_cmd_erlang(argc, argv);
    fflush(stdout);
    if (rc != 0 && rc != 2)
        abort();
}

enum mode { RUN, COMPARE, SWEEP, STAFF, CHECK, ERLANG, N_MODES };
static const char *const mode_name[N_MODES] = {"run",   "compare", "sweep",
                                               "staff", "check",   "erlang"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[FUZZ_MAX_ARGS + 1];
    char *buf = fuzz_split(data, size, argv);
    if (!buf)
        return 0;
    const int argc = fuzz_argc(argv);

    const enum mode m = (enum mode)fuzz_mode(argv, data, mode_name, N_MODES);

    switch (m) {
    case RUN:
        fuzz_simulation_command(cc_cmd_run, argc, argv);
        break;
    case COMPARE:
        fuzz_simulation_command(cc_cmd_compare, argc, argv);
        break;
    case SWEEP:
        fuzz_simulation_command(cc_cmd_sweep, argc, argv);
        break;
    case STAFF:
        fuzz_simulation_command(cc_cmd_staff, argc, argv);
        break;
    case CHECK:
        fuzz_check(argc, argv);
        break;
    case ERLANG:
        fuzz_erlang(argc, argv);
        break;
    case N_MODES:
        break;
    }
    free(buf);
    return 0;
}
