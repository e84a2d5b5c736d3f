/* Helpers of the model suites: a scenario loaded from JSON text through a temporary file, as
 * ccsim would load it, and one run of it; both fail the test case on any problem.
 *
 * Seed sweep (tests/seed_sweep.sh): when the environment variable CK_SEED_OFFSET is an integer
 * k other than 0, every scenario loaded through load_json or ck_scenario_load runs with its
 * master seed plus k, so a statistical test can be run with other seeds than the one it was
 * written with; a test whose claim holds only for its own seed then fails (unset or 0: the
 * scenario is loaded exactly as written). The offset goes in as a last "seed=S" set and the
 * file is loaded a second time, not by writing sc->seed after the load, because the load
 * already wrote the seed into resolved_json (the manifest, the checkpoint key and the
 * schedule's scenarios are made from it); a scenario that gives its own "seed=..." set gets
 * that seed plus k. */
#ifndef CC_TESTS_CHECK_LOAD_H
#define CC_TESTS_CHECK_LOAD_H

#include "models/runner.h"
#include "models/scenario.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* CK_SEED_OFFSET as a number, 0 when unset or empty; anything else fails the test case. */
static inline long long ck_seed_offset(void)
{
    const char *s = getenv("CK_SEED_OFFSET");
    if (s == NULL || *s == '\0')
        return 0;
    char *end;
    long long k = strtoll(s, &end, 10);
    ck_assert_msg(*end == '\0', "CK_SEED_OFFSET=%s: expected an integer", s);
    return k;
}

/* cc_scenario_load, with the master seed moved by CK_SEED_OFFSET (see above). */
static inline struct cc_scenario *ck_scenario_load(const char *path, const char *const *sets,
                                                   size_t n_sets, sim_diag *d)
{
    struct cc_scenario *sc = cc_scenario_load(path, sets, n_sets, d);
    const long long k = ck_seed_offset();
    if (sc == NULL || k == 0)
        return sc;
    const uint64_t seed = sc->seed + (uint64_t)k;
    cc_scenario_free(sc);
    const char **more = malloc((n_sets + 1) * sizeof *more);
    ck_assert(more != NULL);
    for (size_t i = 0; i < n_sets; i++)
        more[i] = sets[i];
    char set[48];
    snprintf(set, sizeof set, "seed=%" PRIu64, seed);
    more[n_sets] = set;
    sc = cc_scenario_load(path, more, n_sets + 1, d);
    free(more);
    ck_assert_msg(sc != NULL && sc->seed == seed, "%s: cannot move the seed to %s", path, set);
    return sc;
}

/* The multiple of a standard error estimated from n replications that a correct mean exceeds by
 * chance as rarely as a normal estimate exceeds 4 true standard errors (6.3e-5, the project's
 * rule): the quantile of Student's t with n - 1 degrees of freedom (4.67 for n = 30, 4 as n
 * grows). A plain 4 trusts a noisy estimate of the standard error: with n = 8 it fails by
 * chance 0.5 % of the time, 3 with n = 10 1.5 %, and the seed sweep found such failures. */
static inline double ck_se_multiple(size_t n)
{
    ck_assert_msg(n >= 2, "a standard error needs 2 replications, got %zu", n);
    return gsl_cdf_tdist_Qinv(gsl_cdf_ugaussian_Q(4), (double)n - 1);
}

static inline struct cc_scenario *load_json(const char *json)
{
    char dir[] = "/tmp/ccsim-check-XXXXXX", path[64];
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/case.json", dir);
    FILE *f = fopen(path, "w");
    ck_assert(f != NULL);
    ck_assert(fputs(json, f) >= 0);
    ck_assert(fclose(f) == 0);
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = ck_scenario_load(path, NULL, 0, d);
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "%s\n", sim_diag_line(d, i));
    sim_diag_free(d);
    unlink(path);
    rmdir(dir);
    ck_assert_msg(sc != NULL, "cannot load:\n%s", json);
    return sc;
}

static inline struct cc_run *run_of(const struct cc_scenario *sc)
{
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    ck_assert_int_eq(cc_runner_run(scs, 1, 0, NULL, NULL, &run), SIM_OK);
    return run;
}

#endif
