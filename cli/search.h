/* The command line of the staffing searches, ccsim staff and ccsim schedule: SCENARIO.json,
 * --station NAME, --target EXPR (repeatable), --step S and the simulation options, parsed once
 * for both; a command adds its own options beside them. */
#ifndef CC_CLI_SEARCH_H
#define CC_CLI_SEARCH_H

#include "cli/common.h"
#include "models/target.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Keys of the shared options; a command numbers its own from CLI_KEY_SEARCH_OWN. */
enum {
    CLI_KEY_STATION = CLI_KEY_OWN,
    CLI_KEY_TARGET,
    CLI_KEY_STEP,
    CLI_KEY_SEARCH_OWN = CLI_KEY_OWN + 8
};

struct cli_search_args {
    /* in */
    const char *cmd;
    void (*usage)(FILE *f);
    struct cli_sim_opts *sim;
    struct cc_target *tg; /* room for max_tg targets */
    size_t max_tg;
    double step_lo, step_hi; /* the range --step accepts */
    /* Further check of a parsed target (NULL: none): -1 to go on, else the exit code, the
     * reason printed. */
    int (*target_ok)(const char *cmd, const char *text, const struct cc_target *t);
    const struct cli_opt *opts; /* the command's own options (keys from CLI_KEY_SEARCH_OWN) */
    int (*on_opt)(void *ctx, int key, const char *value);
    void *ctx;
    /* out; step keeps the value set before the call unless --step is given */
    const char *path;
    const char *station;
    size_t n_tg;
    double step;
    bool step_given;
};

/* Parses argv (cli_args_parse). Returns -1 to go on, else the exit code: 0 after --help, 2 on
 * a usage error or a missing SCENARIO.json, --station or --target (message and usage printed). */
int cli_search_parse(struct cli_search_args *a, int argc, char **argv);

#endif
