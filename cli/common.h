/* Helpers shared by the subcommands: number parsing with messages, diag printing, the
 * options every simulation command takes, and the progress bar. */
#ifndef CC_CLI_COMMON_H
#define CC_CLI_COMMON_H

#include "models/report.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "sim/diag.h"
#include "sim/outdir.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CC_VERSION "0.1.0"

/* Parses the whole string as a number (integer when integral) in [lo, hi]; on failure prints
 * "ccsim CMD: OPTION: expected ..., got 'TEXT'" and returns false. */
bool cli_parse_double(const char *cmd, const char *opt, const char *text, double lo, double hi,
                      double *out);
bool cli_parse_long(const char *cmd, const char *opt, const char *text, long lo, long hi,
                    long *out);

/* Prints every diag line to stderr (and how many were dropped). */
void cli_print_diag(const sim_diag *d);

/* Options of run/compare/sweep/staff/sensitivity/uncertainty. Shortcut options become --set
 * entries. */
struct cli_sim_opts {
    const char **sets; /* owned array of borrowed/owned strings */
    size_t n_sets;
    char **owned; /* strings made for shortcut options */
    size_t n_owned;
    const char *out_dir;
    int jobs; /* -1: from the scenario */
    bool plot;
    bool quiet;
    bool resume; /* --resume: checkpoint finished replications beside the result folder */
};

void cli_sim_opts_init(struct cli_sim_opts *o);
void cli_sim_opts_free(struct cli_sim_opts *o);

/* ---- the command line: one getopt_long parser for every command ----------------------------
 * A command lists its own options in a table of struct cli_opt ended by {NULL}; the parser adds
 * --help (-h) and, when the command takes them, the simulation options (--set -s, --reps -r,
 * --seed, --days, --out -o, --jobs -j, --plot, --quiet -q). Every form getopt_long knows works:
 * --reps=5, --reps 5, -r 5, -r5, -qr5, unique prefixes (--rep 5), and "--" ends the options;
 * options and arguments may come in any order, and argv is left in its order (the manifest
 * records it). */
struct cli_opt {
    const char *name; /* long name without "--" */
    int key;          /* the short letter, or a CLI_KEY_* code above 255 for a long-only one */
    bool value;       /* takes a value */
};

/* Keys of long-only options; a command numbers its own from CLI_KEY_OWN. */
enum { CLI_KEY_SEED = 256, CLI_KEY_DAYS, CLI_KEY_PLOT, CLI_KEY_RESUME, CLI_KEY_OWN = 300 };

/* The end of every simulation command's --help: the options cli_args_parse adds. */
#define CLI_SIM_OPTS_HELP                                                                          \
    "\nOptions (--opt=VALUE or --opt VALUE; -r5 or -r 5; \"--\" ends the options;\n"               \
    "SCENARIO \"-\" reads the scenario from standard input):\n"                                    \
    "  -s, --set PATH=VALUE  override one scenario value (repeatable)\n"                           \
    "  -r, --reps N          replications (run.reps), 1 to 10000\n"                                \
    "      --seed S          random seed\n"                                                        \
    "      --days D          simulated days (run.days), 1 to 3660\n"                               \
    "  -o, --out DIR         result folder\n"                                                      \
    "  -j, --jobs J          threads (0: one per core; default: the scenario's)\n"                 \
    "      --plot            draw the figures too (gnuplot)\n"                                     \
    "  -q, --quiet           print nothing but errors\n"                                           \
    "      --resume          skip the replications a checkpoint of an interrupted run holds\n"     \
    "  -h, --help            this text\n"

struct cli_args {
    const char *cmd;            /* "run": messages read "ccsim run: ..." */
    void (*usage)(FILE *f);     /* on stdout for --help, on stderr after a usage error */
    const struct cli_opt *opts; /* the command's own options, or NULL */
    struct cli_sim_opts *sim;   /* the simulation options, or NULL when it takes none */
    /* Handles one of opts (value NULL for an option without one): -1 to go on, else the exit
     * code, its message printed. */
    int (*on_opt)(void *ctx, int key, const char *value);
    void *ctx;
    const char **pos; /* room for max_pos positional arguments, n_pos of them given */
    int max_pos;
    int n_pos;
};

/* Parses argv[1..argc-1] (argv[0] is the command). Returns -1 to go on, 0 after --help (the
 * usage printed on stdout), 2 on a usage error (message printed: an unknown or ambiguous
 * option, a value missing or given to an option that takes none, a value out of range, one
 * positional argument too many). Missing arguments are the command's to report. */
int cli_args_parse(struct cli_args *a, int argc, char **argv);

/* Loads a scenario, path "-" meaning standard input (read once, then kept: a command may load
 * it again for each variant of a study); the diag names it <stdin>. */
struct cc_scenario *cli_scenario_load(const char *path, const char *const *sets, size_t n_sets,
                                      sim_diag *d);

/* Loads a scenario with the options' sets; prints diags; NULL on failure. */
struct cc_scenario *cli_load(const char *path, const struct cli_sim_opts *o);

/* The progress callback: a bar with ETA on stderr when it is a terminal, nothing otherwise. */
struct cli_progress {
    double t0;
    bool tty;
    const char *label;
};
void cli_progress_init(struct cli_progress *p, const char *label);
void cli_progress(void *ctx, long done, long total);
void cli_progress_end(struct cli_progress *p);

double cli_now(void); /* monotonic seconds */

/* The manifest facts of this process: version, revision, command and argv, o's --set list
 * (NULL o: none), wall time, threads, peak resident memory. */
void cli_manifest_info(struct cc_manifest_info *info, const char *command,
                       const struct cli_sim_opts *o, double wall_s, int threads);
/* Writes a run's files into dir (a staging folder or a folder inside one); prints problems;
 * 0 ok, 1 failure. */
int cli_write_run(const struct cc_run *run, const char *dir, const struct cc_manifest_info *info);

/* A result folder being written (sim_outdir): every command writes into path, then commits. */
struct cli_outdir {
    sim_outdir *o;
    const char *path; /* the staging folder, until commit or abort */
    char *target;     /* the folder the result goes to */
    const char *cmd;  /* for messages */
    bool committed;   /* the new result is in place */
    bool replaced;    /* ... and there was an earlier one */

    /* --resume (rank 0): the checkpoint .NAME.checkpoint beside the target, and how many
     * replications it gave back. */
    struct cc_checkpoint *ck;
    long reused;
    /* MPI ranks other than 0: the private folder they write instead, removed at the end. */
    char *scratch;
};
/* Starts the result folder of cmd: out (the --out value) when given, else results/<base>,
 * where base must be a plain folder name (no '/', not '.', '..', nor hidden). Validates, locks
 * and makes the staging folder before anything is simulated. opt names the option in messages
 * ("--out"; NULL for a folder given as an argument). Returns 0, or prints why and returns the
 * exit code: 2 for a target that cannot be a result folder, 1 for the environment (a lock held
 * by another ccsim, a parent that cannot be written). */
int cli_outdir_begin(struct cli_outdir *w, const char *cmd, const char *opt, const char *out,
                     const char *base);
/* With --resume (cli_resume), begin also opens the checkpoint beside the target, which the
 * runner reads and appends to; commit deletes it, anything else keeps it for the next
 * --resume. In the MPI build only rank 0 touches the target: the others agree on rank 0's
 * exit code and write into a private scratch folder that commit removes. */
/* Swaps the staging folder in; prints the problem and returns 1 on failure. */
int cli_outdir_commit(struct cli_outdir *w, const char *cmd);
/* Removes the staging folder, leaves the target as it was. */
void cli_outdir_abort(struct cli_outdir *w);
/* After a commit, "wrote DIR/ (replaced the previous result)" on stdout unless quiet; an
 * outdir not committed is aborted with "ccsim CMD: DIR/ left as it was" on stderr; frees w's
 * strings. */
void cli_outdir_done(struct cli_outdir *w, bool quiet);

/* Blocks SIGINT, SIGTERM and SIGHUP in every thread (call first, before any thread exists) and
 * handles them in a thread of their own: it aborts the result folder being written (staging
 * removed, lock released, the previous result intact), prints one line and exits 128 + signo. */
void cli_signals_start(void);
/* In a child after fork, before exec: the default signal mask, so that gnuplot stays killable. */
void cli_signals_child(void);

/* Writes the gnuplot scripts for the CSVs of src into dir and renders them there (dir may be
 * src, or a staging folder holding the same files); messages name the folder shown. 0 ok,
 * CLI_PLOT_NO_GNUPLOT when gnuplot is missing (scripts written), 1 on other failures. */
#define CLI_PLOT_NO_GNUPLOT 3
int cli_plot_dir(const char *src, const char *dir, const char *shown);
/* `ccsim plot DIR`: rebuilds DIR with fresh scripts and figures (old ones left out) through a
 * staging folder. Returns the exit code. */
int cli_plot_rebuild(const char *dir);

extern int cli_argc;
extern char **cli_argv;
/* Set by --resume: cli_outdir_begin keeps a checkpoint. */
extern bool cli_resume;
/* Prints why cc_runner_run failed (out of memory, or the checkpoint's message). */
void cli_runner_failed(const char *cmd, enum sim_status st);
/* Set by --quiet (cli_args_parse): the progress bar and the plot lines, which the commands
 * reach through shared code that has no options at hand, stay silent too. */
extern bool cli_quiet;

#endif
