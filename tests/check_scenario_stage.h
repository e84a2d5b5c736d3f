/* Helpers of the suites that test one stage of the scenario loader through its internal API
 * (models/scenario_impl.h): a struct ctx reporting to a fresh sim_diag, a tree from JSON text,
 * and the diag lines as one text to compare with the exact expected messages. */
#ifndef CC_TESTS_CHECK_SCENARIO_STAGE_H
#define CC_TESTS_CHECK_SCENARIO_STAGE_H

#include "models/scenario_impl.h"

#include <cJSON.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

/* A context as cc_scenario_load starts one: messages name file, 30-minute slots. */
static inline struct ctx stage_ctx(const char *file)
{
    sim_diag *d = sim_diag_alloc();
    ck_assert(d != NULL);
    return (struct ctx){d, file, 0, false, 30, 48, NULL, NULL, 0, NULL, 0, NULL, 0};
}

/* All diag lines, one per line; the context is freed (its inputs too). */
static inline void stage_end(struct ctx *c, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sim_diag_count(c->d) && len < n; i++) {
        int k = snprintf(buf + len, n - len, "%s\n", sim_diag_line(c->d, i));
        len += k > 0 ? (size_t)k : 0;
    }
    sim_diag_free(c->d);
    for (size_t i = 0; i < c->n_inputs; i++)
        free(c->inputs[i].path);
    free(c->inputs);
}

static inline cJSON *stage_tree(const char *json)
{
    cJSON *t = cJSON_Parse(json);
    ck_assert_msg(t != NULL, "bad test JSON: %s", json);
    return t;
}

/* The tree printed without spaces, for comparison with an expected text (freed by the caller). */
static inline char *stage_print(const cJSON *t)
{
    char *s = cJSON_PrintUnformatted(t);
    ck_assert(s != NULL);
    return s;
}

#endif
