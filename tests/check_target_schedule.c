/* Tests of models/schedule.c, the arithmetic of ccsim schedule: the agents_schedule it writes
 * must load back to the very agents it was made from, and an interval is judged on its calls
 * pooled over the replications (a ratio of sums, not a mean of ratios). */
#include "models/schedule.h"
#include "tests/check_load.h"

#include <check.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Agents that differ from interval to interval and from day to day, with Monday and Thursday
 * alike (so that days are grouped) and runs of equal values (so that spans are merged). */
static int agents_at(size_t b, int spd)
{
    const int day = (int)b / spd, slot = (int)b % spd;
    const int d = day == 3 ? 0 : day;
    return 1 + (slot / 3 + 2 * d) % 5;
}

START_TEST(agents_schedule_loads_back_to_the_same_agents)
{
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load("scenarios/pilot14-2013.json", NULL, 0, d);
    ck_assert(sc != NULL);
    const int i = cc_scenario_station(sc, "level2");
    ck_assert_int_ge(i, 0);
    const int spd = sc->slots_per_day;
    const size_t n = (size_t)CC_DAYS_PER_WEEK * (size_t)spd;
    int *want = calloc(n, sizeof *want);
    ck_assert(want != NULL);
    for (size_t b = 0; b < n; b++)
        want[b] = sc->stations[i].open[b] ? agents_at(b, spd) : 0;
    char *json = cc_schedule_json(want, sc->stations[i].open, spd, sc->interval_s / 60);
    ck_assert(json != NULL);
    cJSON *arr = cJSON_Parse(json);
    ck_assert(arr != NULL);
    /* Monday's spans carry "days": ["mon", "thu"]. */
    const cJSON *days = cJSON_GetObjectItem(cJSON_GetArrayItem(arr, 0), "days");
    ck_assert_int_eq(cJSON_GetArraySize(days), 2);
    ck_assert_str_eq(cJSON_GetArrayItem(days, 1)->valuestring, "thu");
    cJSON_Delete(arr);
    char *set = malloc(strlen(json) + 32);
    ck_assert(set != NULL);
    sprintf(set, "level2.agents_schedule=%s", json);
    const char *sets[1] = {set};
    struct cc_scenario *back = cc_scenario_load("scenarios/pilot14-2013.json", sets, 1, d);
    for (size_t k = 0; k < sim_diag_count(d); k++)
        fprintf(stderr, "%s\n", sim_diag_line(d, k));
    ck_assert(back != NULL);
    ck_assert_int_eq(back->stations[i].staff_kind, CC_STAFF_SCHEDULE);
    for (size_t b = 0; b < n; b++)
        ck_assert_int_eq(back->stations[i].agents[b], want[b]);
    cc_scenario_free(back);
    cc_scenario_free(sc);
    free(json);
    free(set);
    free(want);
    sim_diag_free(d);
}
END_TEST

/* A run of three replications of one interval, built by hand. */
struct fake {
    struct cc_layout lay;
    int irow_row[1];
    struct cc_rep rep[3];
    struct cc_rep *reps[3];
    double ivl[3][CC_IM_COUNT];
    struct cc_run run;
};

static void fake_init(struct fake *f)
{
    memset(f, 0, sizeof *f);
    f->lay.n_irows = 1;
    f->lay.n_bins = 1;
    f->lay.irow_row = f->irow_row;
    for (int r = 0; r < 3; r++) {
        for (int m = 0; m < CC_IM_COUNT; m++)
            f->ivl[r][m] = NAN;
        f->rep[r].ivl = f->ivl[r];
        f->reps[r] = &f->rep[r];
    }
    f->run.layout = &f->lay;
    f->run.reps = 3;
    f->run.rep = f->reps;
}

static void fake_rep(struct fake *f, int r, double offered, double answered, double asa_s)
{
    f->ivl[r][CC_IM_OFFERED] = offered;
    f->ivl[r][CC_IM_ANSWERED] = answered;
    f->ivl[r][CC_IM_ANSWER_RATE] = offered > 0 ? answered / offered : NAN;
    f->ivl[r][CC_IM_ASA_S] = answered > 0 ? asa_s : NAN;
}

/* 10 calls, 5 answered after 10 s; 30 calls, 27 answered after 20 s; no call. Pooled: 32 of 40
 * answered (0.8, where the mean of the rates would be 0.7), after (5 * 10 + 27 * 20) / 32 =
 * 18.4375 s. */
START_TEST(an_interval_pools_its_replications)
{
    struct fake f;
    fake_init(&f);
    fake_rep(&f, 0, 10, 5, 10);
    fake_rep(&f, 1, 30, 27, 20);
    fake_rep(&f, 2, 0, 0, 0);
    ck_assert_double_eq_tol(cc_schedule_bin_value(&f.run, 0, 0, CC_M_ANSWER_RATE), 0.8, 1e-12);
    ck_assert_double_eq_tol(cc_schedule_bin_value(&f.run, 0, 0, CC_M_ASA_S), 18.4375, 1e-12);
    ck_assert_double_eq_tol(cc_schedule_bin_offered(&f.run, 0, 0), 40.0 / 3, 1e-12);
    struct cc_target t = {CC_M_ANSWER_RATE, CC_TARGET_GE, 0.75};
    ck_assert(cc_schedule_bin_meets(&t, 1, &f.run, 0, 0));
    t.value = 0.85;
    ck_assert(!cc_schedule_bin_meets(&t, 1, &f.run, 0, 0));
    const struct cc_target asa = {CC_M_ASA_S, CC_TARGET_LE, 18.0};
    ck_assert(!cc_schedule_bin_meets(&asa, 1, &f.run, 0, 0));
}
END_TEST

/* An interval without calls meets everything; one whose calls were all lost has no asa_s to
 * judge but fails its answer rate. */
START_TEST(an_interval_without_calls_meets_and_one_without_answers_fails)
{
    struct fake f;
    fake_init(&f);
    for (int r = 0; r < 3; r++)
        fake_rep(&f, r, 0, 0, 0);
    const struct cc_target t[2] = {{CC_M_ASA_S, CC_TARGET_LE, 20},
                                   {CC_M_ANSWER_RATE, CC_TARGET_GE, 0.9}};
    ck_assert(cc_schedule_bin_meets(t, 2, &f.run, 0, 0));
    fake_rep(&f, 1, 4, 0, 0);
    ck_assert(cc_schedule_bin_meets(t, 1, &f.run, 0, 0));
    ck_assert(!cc_schedule_bin_meets(t, 2, &f.run, 0, 0));
}
END_TEST

Suite *target_schedule_suite(void); /* called by check_main.c through suites.h */
Suite *target_schedule_suite(void)
{
    Suite *s = suite_create("target_schedule");
    TCase *tc = tcase_create("schedule");
    tcase_add_test(tc, agents_schedule_loads_back_to_the_same_agents);
    tcase_add_test(tc, an_interval_pools_its_replications);
    tcase_add_test(tc, an_interval_without_calls_meets_and_one_without_answers_fails);
    suite_add_tcase(s, tc);
    return s;
}
