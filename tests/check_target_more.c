/* More tests of cc_target, written against mutants (tests/mutants/) that the first suite let
 * through: the "did you mean" threshold (an edit distance of at most 2). */
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

Suite *target_more_suite(void); /* called by check_main.c through suites.h */

Suite *target_more_suite(void)
{
    Suite *s = suite_create("target_more");
    TCase *tc = tcase_create("suggest");
    tcase_add_test(tc, a_typo_two_edits_away_still_gets_a_suggestion);
    suite_add_tcase(s, tc);
    return s;
}
