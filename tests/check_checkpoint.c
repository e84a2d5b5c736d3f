/* Tests of the checkpoint (models/checkpoint.h) and of the packed replication results it and
 * the MPI runner carry: bit-for-bit round trips (a NaN keeps its payload), a runner call that
 * reads finished replications back gives the numbers of one that runs them all, and a file
 * of other inputs is refused. */
#include "models/checkpoint.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "tests/check_load.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MMCM "scenarios/validation/mmcm.json"

static struct cc_scenario *load(const char *set)
{
    const char *sets[2] = {"run.hours=4", set};
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = ck_scenario_load(MMCM, sets, set ? 2 : 1, d);
    sim_diag_free(d);
    ck_assert(sc != NULL);
    return sc;
}

static struct cc_run *run_all(const struct cc_scenario *sc)
{
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    ck_assert_int_eq(cc_runner_run(scs, 1, 1, NULL, NULL, &run), SIM_OK);
    return run;
}

/* Every byte of a replication's results, as the reports read them. */
static void assert_same_rep(const struct cc_layout *l, const struct cc_rep *a,
                            const struct cc_rep *b)
{
    const size_t n = cc_rep_packed_size(l);
    unsigned char *pa = malloc(n), *pb = malloc(n);
    ck_assert(pa && pb);
    cc_rep_pack(l, a, pa);
    cc_rep_pack(l, b, pb);
    ck_assert_msg(memcmp(pa, pb, n) == 0, "replication results differ");
    ck_assert(a->events == b->events && a->calls == b->calls);
    ck_assert(memcmp(a->summary, b->summary, l->n_rows * CC_M_COUNT * sizeof(double)) == 0);
    free(pa);
    free(pb);
}

START_TEST(pack_round_trip_is_bit_for_bit)
{
    struct cc_scenario *sc = load(NULL);
    struct cc_run *run = run_all(sc);
    const struct cc_layout *l = run->layout;
    struct cc_rep *r = run->rep[0];
    /* A NaN with a payload of its own: a conversion through arithmetic would lose it. */
    const uint64_t bits = 0x7ff8000000000abcULL;
    memcpy(&r->summary[0], &bits, sizeof bits);
    r->costs[CC_C_COUNT - 1] = -0.0;
    const size_t n = cc_rep_packed_size(l);
    ck_assert_uint_eq(n, 16 + 8 * (l->n_rows * CC_M_COUNT + l->n_irows * l->n_bins * CC_IM_COUNT +
                                   l->n_irows * l->n_bins + 2 * CC_OUT_COUNT + CC_C_COUNT));
    unsigned char *buf = malloc(n);
    struct cc_rep *back = cc_rep_alloc(l);
    ck_assert(buf && back);
    cc_rep_pack(l, r, buf);
    cc_rep_unpack(l, buf, back);
    uint64_t got;
    memcpy(&got, &back->summary[0], sizeof got);
    ck_assert_uint_eq(got, bits);
    ck_assert(signbit(back->costs[CC_C_COUNT - 1]));
    assert_same_rep(l, r, back);
    free(buf);
    cc_rep_free(back);
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(resumed_runner_call_gives_the_same_results)
{
    char dir[] = "/tmp/ccsim-check-XXXXXX", path[64];
    ck_assert(mkdtemp(dir) != NULL);
    snprintf(path, sizeof path, "%s/.r.checkpoint", dir);
    struct cc_scenario *sc = load(NULL);
    struct cc_run *ref = run_all(sc);

    /* A first call writes every replication to the checkpoint... */
    sim_diag *d = sim_diag_alloc();
    enum sim_status st;
    struct cc_checkpoint *ck = cc_checkpoint_open(path, d, &st);
    ck_assert(ck != NULL);
    cc_runner_set_checkpoint(ck);
    struct cc_run *first = run_all(sc);
    cc_run_free(first);
    cc_checkpoint_close(ck);

    /* ... which a second one reads back, all of them, with the same bits. */
    ck = cc_checkpoint_open(path, d, &st);
    ck_assert(ck != NULL);
    cc_runner_set_checkpoint(ck);
    struct cc_run *again = run_all(sc);
    ck_assert_int_eq(cc_checkpoint_reused(ck), sc->reps);
    for (int r = 0; r < sc->reps; r++)
        assert_same_rep(ref->layout, ref->rep[r], again->rep[r]);
    ck_assert(ref->events == again->events);
    cc_run_free(again);
    cc_checkpoint_close(ck);

    /* Other inputs (another seed): refused, with the file named. */
    ck = cc_checkpoint_open(path, d, &st);
    ck_assert(ck != NULL);
    cc_runner_set_checkpoint(ck);
    struct cc_scenario *other = load("seed=12345");
    struct cc_run *none = NULL;
    const struct cc_scenario *scs[1] = {other};
    ck_assert_int_eq(cc_runner_run(scs, 1, 1, NULL, NULL, &none), SIM_EINVAL);
    ck_assert(none == NULL);
    ck_assert_uint_eq(sim_diag_count(cc_checkpoint_diag(ck)), 1);
    ck_assert(strstr(sim_diag_line(cc_checkpoint_diag(ck), 0), "made for other inputs") != NULL);
    /* Removing a checkpoint it was refused for leaves the other study's file alone. */
    cc_runner_set_checkpoint(NULL);
    cc_checkpoint_remove(ck);
    ck_assert(access(path, F_OK) == 0);
    unlink(path);

    cc_scenario_free(other);
    sim_diag_free(d);
    cc_run_free(ref);
    cc_scenario_free(sc);
    rmdir(dir);
}
END_TEST

Suite *checkpoint_suite(void);
Suite *checkpoint_suite(void)
{
    Suite *s = suite_create("checkpoint");
    TCase *tc = tcase_create("checkpoint");
    tcase_add_test(tc, pack_round_trip_is_bit_for_bit);
    tcase_add_test(tc, resumed_runner_call_gives_the_same_results);
    suite_add_tcase(s, tc);
    return s;
}
