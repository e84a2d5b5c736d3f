/* More tests of cc_erlang_min_agents, written against mutants (tests/mutants/) that the first
 * suite let through: the search bound and targets met with equality. */
#include "models/erlang.h"

#include <check.h>

/* The classic worked example: 100 calls in 30 minutes, 180 s handling (10 Erlangs), 80 % of
 * calls answered within 20 s. By the Erlang C formula (computed by hand in Python:
 * SL = 1 - C(c, A) exp(-(c - A) t / AHT)), 13 agents give 79.6 % and 14 give 88.8 %: the answer
 * is 14, and a search allowed up to exactly 14 agents must find it. */
START_TEST(min_agents_may_be_max_agents_itself)
{
    const struct cc_erlang_input in = {100.0 / 1800.0, 180.0, 0.0, 1, 20.0};
    ck_assert_int_eq(cc_erlang_min_agents(&in, 0.8, -1, -1, 100), 14);
    ck_assert_int_eq(cc_erlang_min_agents(&in, 0.8, -1, -1, 14), 14);
    ck_assert_int_eq(cc_erlang_min_agents(&in, 0.8, -1, -1, 13), -1);
}
END_TEST

/* Without patience nobody abandons: P(abandon) is exactly 0, so "abandon <= 0" holds as soon
 * as the queue is stable, i.e. at the first staffing above the load (2.5 Erlangs -> 3). */
START_TEST(min_agents_accepts_a_target_met_with_equality)
{
    const struct cc_erlang_input in = {2.5 / 180.0, 180.0, 0.0, 1, 20.0};
    ck_assert_int_eq(cc_erlang_min_agents(&in, -1, 0.0, -1, 100), 3);
}
END_TEST

/* cc_erlang_agents_for_targets on the same worked example: 14 agents, and 13 fall short. */
START_TEST(targets_classic_erlang_c_example)
{
    const struct cc_erlang_input in = {100.0 / 1800.0, 180.0, 0.0, 1, 20.0};
    const struct cc_erlang_target sl = {CC_ERLANG_SL, false, 0.8};
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, &sl, 1, 1000000, NULL), 14);
}
END_TEST

/* Erlang B by its defining sum, B(c, A) = (A^c / c!) / sum_{k<=c} A^k / k!, independent of the
 * recurrence models/erlang.c uses. */
static double erlang_b_by_sum(int c, double a)
{
    double term = 1.0, sum = 1.0;
    for (int k = 1; k <= c; k++) {
        term *= a / k;
        sum += term;
    }
    return term / sum;
}

/* Erlang B (--capacity 0): the published 1 % grade-of-service table gives 11 circuits for
 * 5 Erlangs (10 circuits carry only 4.46 Erlangs at 1 %); the defining sum agrees. */
START_TEST(targets_erlang_b_table)
{
    const struct cc_erlang_input in = {5.0 / 180.0, 180.0, 0.0, 1, 20.0};
    const struct cc_erlang_target block = {CC_ERLANG_P_BLOCK, true, 0.01};
    const int c = cc_erlang_agents_for_targets(&in, 0, &block, 1, 1000000, NULL);
    ck_assert_int_eq(c, 11);
    ck_assert(erlang_b_by_sum(c, 5.0) <= 0.01 && erlang_b_by_sum(c - 1, 5.0) > 0.01);
}
END_TEST

/* Erlang C occupancy is load / c exactly: "occupancy <= 0.5" at 10 Erlangs needs 20 agents,
 * and "<= 0.04" 250, past the 10 + 40 sqrt(10) + 100 = 237 agents where waits stop moving. */
START_TEST(targets_occupancy_and_search_bound)
{
    const struct cc_erlang_input in = {10.0 / 180.0, 180.0, 0.0, 1, 20.0};
    const struct cc_erlang_target half = {CC_ERLANG_OCCUPANCY, true, 0.5};
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, &half, 1, 1000000, NULL), 20);
    const struct cc_erlang_target low = {CC_ERLANG_OCCUPANCY, true, 0.04};
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, &low, 1, 1000000, NULL), 250);
}
END_TEST

/* Erlang C is only defined above the load: with 12.5 Erlangs and nobody abandoning,
 * "p_abandon <= 0" holds from the first stable count, 13; 12 agents must not be taken. Two
 * targets must both hold: "occupancy >= 0.9" (12.5 / 13 = 0.96, 12.5 / 14 = 0.89), met by few
 * agents only, keeps 13; "occupancy <= 0.9" moves it to 14. A target no count meets gives -1. */
START_TEST(targets_erlang_c_starts_above_the_load)
{
    const struct cc_erlang_input in = {12.5 / 250.0, 250.0, 0.0, 1, 20.0};
    struct cc_erlang_target t[2] = {{CC_ERLANG_OCCUPANCY, false, 0.9},
                                    {CC_ERLANG_P_ABANDON, true, 0.0}};
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, &t[1], 1, 1000000, NULL), 13);
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, t, 2, 1000000, NULL), 13);
    t[0].at_most = true;
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, t, 2, 1000000, NULL), 14);
    t[0] = (struct cc_erlang_target){CC_ERLANG_P_WAIT, true, 0.0};
    ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, t, 2, 1000000, NULL), -1);
}
END_TEST

/* The bisection against the definition: the first count, scanning upwards by hand with
 * cc_erlang_eval, whose Erlang A figures meet both targets, over loads of 1 to 400 Erlangs. */
START_TEST(targets_bisection_agrees_with_a_scan)
{
    const struct cc_erlang_target t[2] = {{CC_ERLANG_SL, false, 0.8},
                                          {CC_ERLANG_P_ABANDON, true, 0.03}};
    for (double load = 1.0; load <= 400.0; load *= 1.7) {
        struct cc_erlang_input in = {load / 240.0, 240.0, 90.0, 1, 20.0};
        int scan = 0;
        for (int c = 1; scan == 0; c++) {
            struct cc_erlang_result r;
            in.agents = c;
            cc_erlang_eval(&in, &r);
            if (r.sl >= 0.8 && r.p_abandon <= 0.03)
                scan = c;
        }
        ck_assert_int_eq(cc_erlang_agents_for_targets(&in, -1, t, 2, 1000000, NULL), scan);
    }
}
END_TEST

Suite *erlang_more_suite(void); /* called by check_main.c through suites.h */

Suite *erlang_more_suite(void)
{
    Suite *s = suite_create("erlang_more");
    TCase *tc = tcase_create("min_agents");
    tcase_add_test(tc, min_agents_may_be_max_agents_itself);
    tcase_add_test(tc, min_agents_accepts_a_target_met_with_equality);
    suite_add_tcase(s, tc);
    TCase *tt = tcase_create("targets");
    tcase_add_test(tt, targets_classic_erlang_c_example);
    tcase_add_test(tt, targets_erlang_b_table);
    tcase_add_test(tt, targets_occupancy_and_search_bound);
    tcase_add_test(tt, targets_erlang_c_starts_above_the_load);
    tcase_add_test(tt, targets_bisection_agrees_with_a_scan);
    suite_add_tcase(s, tt);
    return s;
}
