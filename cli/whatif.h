/* Helpers shared by the what-if commands (compare, sweep, staff): loading a scenario with
 * extra --set strings, running several scenarios in one runner call with a progress bar,
 * table number formatting, and diag lines prefixed with the command name. */
#ifndef CC_CLI_WHATIF_H
#define CC_CLI_WHATIF_H

#include "cli/common.h"
#include "models/runner.h"
#include "models/target.h"

#include <stdbool.h>
#include <stddef.h>

/* Loads path with the options' sets followed by extra[0..n_extra); prints the loader's
 * problems; applies --jobs. NULL on failure. */
struct cc_scenario *cli_whatif_load(const char *path, const struct cli_sim_opts *o,
                                    const char *const *extra, size_t n_extra);

/* Runs every replication of scs[0..n) in one runner call, with the progress bar labelled
 * label; *wall_s gets the elapsed time. Prints "ccsim CMD: out of memory" on failure. */
/* Starts the result folder of a what-if command (cli_outdir_begin): out when given, else
 * results/CMD-NAME. Returns 0 or the exit code, the reason printed. */
int cli_whatif_outdir(struct cli_outdir *w, const char *cmd, const char *out, const char *name);

int cli_whatif_run(const char *cmd, const struct cc_scenario *const *scs, size_t n, int jobs,
                   const char *label, struct cc_run **runs, double *wall_s);

/* Prints each diag line as "ccsim CMD: line" on stderr. */
void cli_whatif_diag(const char *cmd, const sim_diag *d);

/* Parses one --target of cmd into tg[*n] (at most max of them) and counts it; -1 to go on,
 * else the exit code, the reason printed. */
int cli_whatif_target(const char *cmd, const char *text, struct cc_target *tg, size_t *n,
                      size_t max);

/* Formats x for a table into buf (>= 32 bytes): "-" for NAN, 0 below 1e-9, no decimals from 10000
 * up, otherwise 4 significant digits; with sign, a leading + or -. */
const char *cli_whatif_num(double x, bool sign, char *buf);

/* The rows a table shows: network, switchboard, level1, level2 (those present), or every row
 * of a station model. Fills names (borrowed from run) and returns how many (<= max). */
size_t cli_whatif_main_rows(const struct cc_run *run, const char **names, size_t max);

#endif
