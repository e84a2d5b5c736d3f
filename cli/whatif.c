/* Shared pieces of ccsim compare, sweep and staff; see whatif.h. They all run several variants
 * of one study (two scenarios, grid points, staff levels) under one seed, so that the random
 * streams are common and differences between variants are not noise. */
#include "cli/whatif.h"

#include "models/report.h"
#include "sim/csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cc_scenario *cli_whatif_load(const char *path, const struct cli_sim_opts *o,
                                    const char *const *extra, size_t n_extra)
{
    const size_t n = o->n_sets + n_extra;
    const char **sets = malloc((n ? n : 1) * sizeof *sets);
    sim_diag *d = sim_diag_alloc();
    if (!sets || !d) {
        free(sets);
        sim_diag_free(d);
        fprintf(stderr, "ccsim: out of memory\n");
        return NULL;
    }
    for (size_t i = 0; i < o->n_sets; i++)
        sets[i] = o->sets[i];
    for (size_t i = 0; i < n_extra; i++)
        sets[o->n_sets + i] = extra[i];
    struct cc_scenario *sc = cli_scenario_load(path, sets, n, d);
    cli_print_diag(d);
    sim_diag_free(d);
    free(sets);
    if (sc && o->jobs >= 0)
        sc->jobs = o->jobs;
    return sc;
}

int cli_whatif_outdir(struct cli_outdir *w, const char *cmd, const char *out, const char *name)
{
    const size_t n = strlen(cmd) + strlen(name) + 2;
    char *base = malloc(n);
    if (base)
        snprintf(base, n, "%s-%s", cmd, name);
    else
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
    const int rc = base ? cli_outdir_begin(w, cmd, "--out", out, base) : 1;
    free(base);
    return rc;
}

int cli_whatif_run(const char *cmd, const struct cc_scenario *const *scs, size_t n, int jobs,
                   const char *label, struct cc_run **runs, double *wall_s)
{
    struct cli_progress prog;
    cli_progress_init(&prog, label);
    const double t0 = cli_now();
    const enum sim_status st = cc_runner_run(scs, n, jobs, cli_progress, &prog, runs);
    cli_progress_end(&prog);
    *wall_s = cli_now() - t0;
    if (st != SIM_OK) {
        cli_runner_failed(cmd, st);
        return 1;
    }
    return 0;
}

void cli_whatif_diag(const char *cmd, const sim_diag *d)
{
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "ccsim %s: %s\n", cmd, sim_diag_line(d, i));
}

int cli_whatif_target(const char *cmd, const char *text, struct cc_target *tg, size_t *n,
                      size_t max)
{
    if (*n == max) {
        fprintf(stderr, "ccsim %s: at most %zu --target options\n", cmd, max);
        return 2;
    }
    sim_diag *d = sim_diag_alloc();
    if (!d)
        return 1;
    const bool ok = cc_target_parse(text, &tg[*n], d);
    cli_whatif_diag(cmd, d);
    sim_diag_free(d);
    if (!ok)
        return 2;
    (*n)++;
    return -1;
}

const char *cli_whatif_num(double x, bool sign, char *buf)
{
    if (fabs(x) < 1e-9)
        x = 0.0; /* rounding noise of sums of durations, not a value worth 4 digits */
    if (isnan(x))
        snprintf(buf, 32, "-");
    else if (fabs(x) >= 10000)
        snprintf(buf, 32, sign ? "%+.0f" : "%.0f", x);
    else
        snprintf(buf, 32, sign ? "%+.4g" : "%.4g", x);
    return buf;
}

size_t cli_whatif_main_rows(const struct cc_run *run, const char **names, size_t max)
{
    static const char *const main_rows[] = {"network", "switchboard", "level1", "level2"};
    const struct cc_layout *l = run->layout;
    size_t n = 0;
    if (!l->has_network) {
        for (size_t r = 0; r < l->n_rows && n < max; r++)
            names[n++] = l->row_name[r];
        return n;
    }
    for (size_t k = 0; k < sizeof main_rows / sizeof *main_rows && n < max; k++)
        if (cc_report_row(run, main_rows[k]) >= 0)
            names[n++] = main_rows[k];
    return n;
}
