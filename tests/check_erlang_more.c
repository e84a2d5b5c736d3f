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

Suite *erlang_more_suite(void); /* called by check_main.c through suites.h */

Suite *erlang_more_suite(void)
{
    Suite *s = suite_create("erlang_more");
    TCase *tc = tcase_create("min_agents");
    tcase_add_test(tc, min_agents_may_be_max_agents_itself);
    tcase_add_test(tc, min_agents_accepts_a_target_met_with_equality);
    suite_add_tcase(s, tc);
    return s;
}
