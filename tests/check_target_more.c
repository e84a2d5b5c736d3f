/* More tests of cc_target, written against mutants (tests/mutants/) that the first suite let
 * through: the "did you mean" threshold (an edit distance of at most 2) and the Erlang guess
 * over several targets (the largest, not the last). */
#include "models/target.h"

#include <check.h>
#include <string.h>

static void assert_message(const char *text, const char *want)
{
    struct cc_target t;
    sim_diag *d = sim_diag_alloc();
    ck_assert_msg(!cc_target_parse(text, &t, d), "%s parsed", text);
    ck_assert_uint_eq(sim_diag_count(d), 1);
    ck_assert_str_eq(sim_diag_line(d, 0), want);
    sim_diag_free(d);
}

/* "sl6" is two insertions from "sl_60" (and three edits from "sl_20"); "asa" is two from
 * "asa_s": both at the limit, so both still get a suggestion. "slx" is three edits from its
 * nearest name, "sl_20": past the limit, so it gets the list. */
START_TEST(a_typo_two_edits_away_still_gets_a_suggestion)
{
    assert_message("sl6>=0.8", "--target 'sl6>=0.8': unknown metric 'sl6' (did you mean 'sl_60'?)");
    assert_message("asa<=20", "--target 'asa<=20': unknown metric 'asa' (did you mean 'asa_s'?)");
    struct cc_target t;
    sim_diag *d = sim_diag_alloc();
    ck_assert(!cc_target_parse("slx>=0.8", &t, d));
    ck_assert_ptr_nonnull(strstr(sim_diag_line(d, 0), "(expected one of offered, answered,"));
    sim_diag_free(d);
}
END_TEST

static struct cc_target parsed(const char *text)
{
    struct cc_target t;
    sim_diag *d = sim_diag_alloc();
    ck_assert(cc_target_parse(text, &t, d));
    sim_diag_free(d);
    return t;
}

/* 10 Erlangs (100 calls in 30 min, 180 s), no patience: 80 % within 20 s needs 14 agents (the
 * classic Erlang C worked example), "nobody abandons" only a stable queue, 11 agents. The
 * guess is the larger, whichever target comes first. */
START_TEST(erlang_guess_takes_the_largest_whatever_the_order)
{
    const struct cc_erlang_input in = {100.0 / 1800.0, 180.0, 0.0, 1, 20.0};
    const double sl_s[3] = {20, 60, 180};
    const struct cc_target strict_first[2] = {parsed("sl_20>=0.8"), parsed("abandon_rate<=0")};
    const struct cc_target strict_last[2] = {parsed("abandon_rate<=0"), parsed("sl_20>=0.8")};
    ck_assert_int_eq(cc_target_erlang_agents(&strict_first[1], 1, &in, sl_s, 1000), 11);
    ck_assert_int_eq(cc_target_erlang_agents(strict_first, 2, &in, sl_s, 1000), 14);
    ck_assert_int_eq(cc_target_erlang_agents(strict_last, 2, &in, sl_s, 1000), 14);
}
END_TEST

Suite *target_more_suite(void); /* called by check_main.c through suites.h */

Suite *target_more_suite(void)
{
    Suite *s = suite_create("target_more");
    TCase *tc = tcase_create("messages_and_guess");
    tcase_add_test(tc, a_typo_two_edits_away_still_gets_a_suggestion);
    tcase_add_test(tc, erlang_guess_takes_the_largest_whatever_the_order);
    suite_add_tcase(s, tc);
    return s;
}
