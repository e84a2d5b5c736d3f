/* The command line of staff and schedule (see search.h): one table of options and one check
 * of what is missing, where each command had its own copy. */
#include "cli/search.h"

#include "cli/whatif.h"
#include "sim/bug.h"

#include <stdlib.h>
#include <string.h>

#define MAX_OWN 8

static int on_opt(void *ctx, int key, const char *v)
{
    struct cli_search_args *a = ctx;
    if (key == CLI_KEY_STATION) {
        a->station = v;
        return -1;
    }
    if (key == CLI_KEY_TARGET) {
        const int rc = cli_whatif_target(a->cmd, v, a->tg, &a->n_tg, a->max_tg);
        return rc >= 0 || !a->target_ok ? rc : a->target_ok(a->cmd, v, &a->tg[a->n_tg - 1]);
    }
    if (key == CLI_KEY_STEP) {
        if (!cli_parse_double(a->cmd, "--step", v, a->step_lo, a->step_hi, &a->step))
            return 2;
        a->step_given = true;
        return -1;
    }
    return a->on_opt(a->ctx, key, v);
}

int cli_search_parse(struct cli_search_args *a, int argc, char **argv)
{
    struct cli_opt opts[3 + MAX_OWN + 1] = {{"station", CLI_KEY_STATION, true},
                                            {"target", CLI_KEY_TARGET, true},
                                            {"step", CLI_KEY_STEP, true}};
    size_t n = 3;
    for (size_t i = 0; a->opts && a->opts[i].name; i++) {
        SIM_ASSERT(n < 3 + MAX_OWN && a->opts[i].key >= CLI_KEY_SEARCH_OWN);
        opts[n++] = a->opts[i];
    }
    opts[n] = (struct cli_opt){NULL, 0, false};
    a->path = a->station = NULL;
    a->n_tg = 0;
    a->step_given = false;
    struct cli_args args = {.cmd = a->cmd,
                            .usage = a->usage,
                            .opts = opts,
                            .sim = a->sim,
                            .on_opt = on_opt,
                            .ctx = a,
                            .pos = &a->path,
                            .max_pos = 1};
    const int rc = cli_args_parse(&args, argc, argv);
    if (rc >= 0)
        return rc;
    const char *missing = !a->path      ? "SCENARIO.json"
                          : !a->station ? "--station NAME"
                          : !a->n_tg    ? "--target EXPR"
                                        : NULL;
    if (missing) {
        fprintf(stderr, "ccsim %s: missing %s\n", a->cmd, missing);
        a->usage(stderr);
        return 2;
    }
    return -1;
}
