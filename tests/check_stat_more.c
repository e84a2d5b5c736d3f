/* More tests of sim_stat, written against mutants (tests/mutants/) that the first suite let
 * through. Expected values come from the definitions, not from the program's output. */
#include "sim/stat.h"

#include <check.h>
#include <math.h>

/* The p-quantile is the smallest x with F(x) >= p (F: the histogram's piecewise-linear CDF).
 * With one value in [0, 1), none in [1, 2) and one in [2, 3), F reaches 1/2 at x = 1 and stays
 * flat up to 2: the median is 1, the end of the lower bin, not the start of the next one. */
START_TEST(hist_quantile_on_a_flat_stretch_of_the_cdf_is_its_start)
{
    sim_hist *h = sim_hist_alloc(1.0, 4);
    sim_hist_add(h, 0.5);
    sim_hist_add(h, 2.5);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.5), 1.0, 1e-12);
    sim_hist_reset(h);
    /* Half the mass past the last bin: the median is still finite, 1. */
    sim_hist_add(h, 0.25);
    sim_hist_add(h, 100.0);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.5), 1.0, 1e-12);
    sim_hist_free(h);
}
END_TEST

Suite *stat_more_suite(void); /* called by check_main.c through suites.h */

Suite *stat_more_suite(void)
{
    Suite *s = suite_create("stat_more");
    TCase *tc = tcase_create("hist");
    tcase_add_test(tc, hist_quantile_on_a_flat_stretch_of_the_cdf_is_its_start);
    suite_add_tcase(s, tc);
    return s;
}
