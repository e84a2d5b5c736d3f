/* Helpers of the model suites: a scenario loaded from JSON text through a temporary file, as
 * ccsim would load it, and one run of it; both fail the test case on any problem. */
#ifndef CC_TESTS_CHECK_LOAD_H
#define CC_TESTS_CHECK_LOAD_H

#include "models/runner.h"
#include "models/scenario.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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
    struct cc_scenario *sc = cc_scenario_load(path, NULL, 0, d);
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
