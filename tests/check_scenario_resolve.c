/* Tests of the resolution stage of the scenario loader (models/scenario_resolve.c) through its
 * internal API: integer agents per slot from an average (flat or by load), the deterministic
 * lognormal spread of prefecture volumes, and the hourly weight of a slot. Expected values are
 * worked by hand in the comments. */
#include "tests/check_scenario_stage.h"

#include <check.h>
#include <math.h>

/* a = 2.5 on 4 open slots: cumulative targets 2.5, 5, 7.5, 10 round (half away from zero) to
 * 3, 5, 8, 10, so 3, 2, 3, 2 agents: 10 in all, 2.5 on average; the closed slot gets 0. */
START_TEST(spread_agents_rounds_cumulatively)
{
    const unsigned char open[5] = {1, 1, 0, 1, 1};
    int agents[5];
    spread_agents(agents, open, 5, 2.5, NULL);
    const int want[5] = {3, 2, 0, 3, 2};
    for (int k = 0; k < 5; k++)
        ck_assert_int_eq(agents[k], want[k]);
}
END_TEST

/* a = 2 on 4 open slots by load 1, 3, 0, 0: the budget 8 goes 2 and 6 to the loaded slots;
 * the others keep one agent each, since the budget is positive. */
START_TEST(spread_agents_follows_the_load)
{
    const unsigned char open[4] = {1, 1, 1, 1};
    const double load[4] = {1, 3, 0, 0};
    int agents[4];
    spread_agents(agents, open, 4, 2, load);
    const int want[4] = {2, 6, 1, 1};
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(agents[k], want[k]);
    /* No load at all: flat. A zero budget staffs nobody. */
    const double none[4] = {0, 0, 0, 0};
    spread_agents(agents, open, 4, 2, none);
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(agents[k], 2);
    spread_agents(agents, open, 4, 0, load);
    for (int k = 0; k < 4; k++)
        ck_assert_int_eq(agents[k], 0);
}
END_TEST

/* cv 0: every prefecture gets the mean. cv 0.5: lognormal quantiles (i + 0.5) / n, so the
 * volumes keep the mean, are symmetric in log around the median (out[i] * out[n-1-i] is the
 * same for every i) and the top one is the median times exp(s z(0.9)), s^2 = ln(1 + cv^2),
 * z(0.9) = 1.2815515655446004. */
START_TEST(spread_calls_is_the_lognormal_at_mid_quantiles)
{
    double out[5];
    spread_calls(100, 0, 4, out);
    for (int i = 0; i < 4; i++)
        ck_assert_double_eq_tol(out[i], 100, 1e-12);
    spread_calls(200, 0.5, 5, out);
    double sum = 0;
    for (int i = 0; i < 5; i++)
        sum += out[i];
    ck_assert_double_eq_tol(sum, 1000, 1e-9);
    for (int i = 0; i < 2; i++)
        ck_assert_double_eq_tol(out[i] * out[4 - i], out[2] * out[2], 1e-9 * out[2] * out[2]);
    ck_assert_double_eq_tol(out[4] / out[2], exp(sqrt(log(1.25)) * 1.2815515655446004), 1e-9);
}
END_TEST

/* Hourly weights w[h] = h + 1. A 30-minute slot takes its hour's weight; a 90-minute slot
 * (01:30-03:00) the overlap-weighted mean (30 x 2 + 60 x 3) / 90; a whole-day slot the mean
 * of 1..24, 12.5. */
START_TEST(slot_weight_averages_the_hours_a_slot_spans)
{
    double w[24];
    for (int h = 0; h < 24; h++)
        w[h] = h + 1;
    ck_assert_double_eq_tol(slot_weight(w, 3, 30), 2, 1e-12);
    ck_assert_double_eq_tol(slot_weight(w, 1, 90), 240.0 / 90, 1e-12);
    ck_assert_double_eq_tol(slot_weight(w, 0, 1440), 12.5, 1e-12);
}
END_TEST

Suite *scenario_resolve_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_resolve_suite(void)
{
    Suite *s = suite_create("scenario_resolve");
    TCase *tc = tcase_create("resolve");
    tcase_add_test(tc, spread_agents_rounds_cumulatively);
    tcase_add_test(tc, spread_agents_follows_the_load);
    tcase_add_test(tc, spread_calls_is_the_lognormal_at_mid_quantiles);
    tcase_add_test(tc, slot_weight_averages_the_hours_a_slot_spans);
    suite_add_tcase(s, tc);
    return s;
}
