/* Tests of sim_diag: formatting, the SIM_DIAG_MAX cap and the dropped count. */
#include "sim/diag.h"

#include <check.h>
#include <stdio.h>
#include <string.h>

START_TEST(diag_keeps_formatted_copies_of_lines)
{
    sim_diag *d = sim_diag_alloc();
    char path[32];
    strcpy(path, "levels.level2.etpt");
    sim_diag_add(d, "%s: %s: must be >= 0, got %g", "scenarios/x.json", path, -3.0);
    path[0] = 'X'; /* the diag must own its copy */
    ck_assert_uint_eq(sim_diag_count(d), 1);
    ck_assert_str_eq(sim_diag_line(d, 0),
                     "scenarios/x.json: levels.level2.etpt: must be >= 0, got -3");
    sim_diag_free(d);
}
END_TEST

START_TEST(diag_formats_lines_longer_than_any_fixed_buffer)
{
    static char long_text[5000];
    memset(long_text, 'a', sizeof(long_text) - 1);
    sim_diag *d = sim_diag_alloc();
    sim_diag_add(d, "x: %s", long_text);
    ck_assert_uint_eq(strlen(sim_diag_line(d, 0)), 3 + sizeof(long_text) - 1);
    sim_diag_free(d);
}
END_TEST

START_TEST(diag_keeps_the_first_lines_and_counts_the_dropped)
{
    sim_diag *d = sim_diag_alloc();
    for (int i = 0; i < SIM_DIAG_MAX + 7; i++)
        sim_diag_add(d, "line %d", i);
    ck_assert_uint_eq(sim_diag_count(d), SIM_DIAG_MAX);
    ck_assert_uint_eq(sim_diag_dropped(d), 7);
    ck_assert_str_eq(sim_diag_line(d, 0), "line 0");
    char want[32];
    snprintf(want, sizeof(want), "line %d", SIM_DIAG_MAX - 1);
    ck_assert_str_eq(sim_diag_line(d, SIM_DIAG_MAX - 1), want);
    sim_diag_clear(d);
    ck_assert_uint_eq(sim_diag_count(d), 0);
    ck_assert_uint_eq(sim_diag_dropped(d), 0);
    sim_diag_free(d);
    sim_diag_free(NULL);
}
END_TEST

Suite *diag_suite(void); /* called by check_main.c through suites.h */

Suite *diag_suite(void)
{
    Suite *s = suite_create("diag");
    TCase *tc = tcase_create("lines");
    tcase_add_test(tc, diag_keeps_formatted_copies_of_lines);
    tcase_add_test(tc, diag_formats_lines_longer_than_any_fixed_buffer);
    tcase_add_test(tc, diag_keeps_the_first_lines_and_counts_the_dropped);
    suite_add_tcase(s, tc);
    return s;
}
