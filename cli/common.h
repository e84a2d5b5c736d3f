/* Helpers shared by the subcommands: number parsing with messages, diag printing, the
 * options every simulation command takes, and the progress bar. */
#ifndef CC_CLI_COMMON_H
#define CC_CLI_COMMON_H

#include "models/runner.h"
#include "models/scenario.h"
#include "sim/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define CC_VERSION "0.1.0"

/* Parses the whole string as a number (integer when integral) in [lo, hi]; on failure prints
 * "ccsim CMD: OPTION: expected ..., got 'TEXT'" and returns false. */
bool cli_parse_double(const char *cmd, const char *opt, const char *text, double lo, double hi,
                      double *out);
bool cli_parse_long(const char *cmd, const char *opt, const char *text, long lo, long hi,
                    long *out);

/* Prints every diag line to stderr (and how many were dropped). */
void cli_print_diag(const sim_diag *d);

/* Options of run/compare/sweep/staff. Shortcut options become --set entries. */
struct cli_sim_opts {
    const char **sets; /* owned array of borrowed/owned strings */
    size_t n_sets;
    char **owned; /* strings made for shortcut options */
    size_t n_owned;
    const char *out_dir;
    int jobs; /* -1: from the scenario */
    bool plot;
    bool quiet;
};

void cli_sim_opts_init(struct cli_sim_opts *o);
void cli_sim_opts_free(struct cli_sim_opts *o);
/* If argv[*i] is one of --set --reps --seed --days --out --jobs --plot --quiet, consumes it
 * (and its value) and returns 1; returns 0 if it is not; -1 (message printed) on a bad value. */
int cli_sim_opts_parse(const char *cmd, struct cli_sim_opts *o, int argc, char **argv, int *i);

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
/* Joins argv with spaces into a new string (for the manifest). */
char *cli_command_line(int argc, char **argv);
/* Writes a run's files into dir (and plots when plot); prints problems; 0 ok, 1 failure. */
int cli_write_run(const struct cc_run *run, const char *dir, double wall_s, int threads, bool plot);
/* "results/<name>" (malloc'ed). */
char *cli_default_out(const char *name);
/* Renders the gnuplot scripts of a run directory into PNG and SVG; 0 ok. */
int cli_plot_dir(const char *dir);

extern int cli_argc;
extern char **cli_argv;

#endif
