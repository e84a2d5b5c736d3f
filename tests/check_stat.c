/* Tests of sim_stat: Welford tally and merge, Student-t intervals, time averages, histograms. */
#include "sim/stat.h"

#include <check.h>
#include <math.h>

static uint64_t lcg_state;
static double lcg_uniform(void)
{
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(lcg_state >> 11) * 0x1.0p-53;
}

enum { NOBS = 10000 };

/* Values around 1e6 with spread ~1: the naive sum-of-squares formula loses most digits here. */
static void fill(double *x)
{
    lcg_state = 2385;
    for (int i = 0; i < NOBS; i++)
        x[i] = 1e6 + 2.385 * lcg_uniform();
}

START_TEST(tally_mean_and_variance_match_a_two_pass_computation)
{
    static double x[NOBS];
    fill(x);
    sim_tally t;
    sim_tally_init(&t);
    double sum = 0.0, lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < NOBS; i++) {
        sim_tally_add(&t, x[i]);
        sum += x[i];
        lo = fmin(lo, x[i]);
        hi = fmax(hi, x[i]);
    }
    double mean = sum / NOBS, ss = 0.0;
    for (int i = 0; i < NOBS; i++)
        ss += (x[i] - mean) * (x[i] - mean);
    double var = ss / (NOBS - 1);
    ck_assert_double_eq_tol(sim_tally_mean(&t), mean, 1e-12 * mean);
    ck_assert_double_eq_tol(sim_tally_variance(&t), var, 1e-9 * var);
    ck_assert_double_eq_tol(sim_tally_sd(&t), sqrt(var), 1e-9);
    ck_assert_double_eq_tol(sim_tally_stderr(&t), sqrt(var / NOBS), 1e-9);
    ck_assert_double_eq(t.min, lo);
    ck_assert_double_eq(t.max, hi);
}
END_TEST

START_TEST(tally_merge_equals_sequential_adds)
{
    static double x[NOBS];
    fill(x);
    sim_tally all, a, b, c, empty;
    sim_tally_init(&all);
    sim_tally_init(&a);
    sim_tally_init(&b);
    sim_tally_init(&c);
    sim_tally_init(&empty);
    for (int i = 0; i < NOBS; i++) {
        sim_tally_add(&all, x[i]);
        sim_tally_add(i < 17 ? &a : i < 6000 ? &b : &c, x[i]);
    }
    sim_tally_merge(&a, &b);
    sim_tally_merge(&a, &empty);
    sim_tally_merge(&a, &c);
    ck_assert_double_eq(a.n, all.n);
    ck_assert_double_eq_tol(sim_tally_mean(&a), sim_tally_mean(&all), 1e-12 * sim_tally_mean(&all));
    ck_assert_double_eq_tol(sim_tally_variance(&a), sim_tally_variance(&all),
                            1e-9 * sim_tally_variance(&all));
    ck_assert_double_eq(a.min, all.min);
    ck_assert_double_eq(a.max, all.max);
    /* Merging into an empty tally copies. */
    sim_tally_merge(&empty, &all);
    ck_assert_double_eq(sim_tally_mean(&empty), sim_tally_mean(&all));
}
END_TEST

START_TEST(tally_of_too_few_observations_is_nan)
{
    sim_tally t;
    sim_tally_init(&t);
    ck_assert(isnan(sim_tally_mean(&t)));
    sim_tally_add(&t, 2.385);
    ck_assert_double_eq(sim_tally_mean(&t), 2.385);
    ck_assert(isnan(sim_tally_variance(&t)));
    ck_assert(isnan(sim_tally_stderr(&t)));
    sim_ci ci = sim_tally_ci(&t, 0.95);
    ck_assert_double_eq(ci.mean, 2.385);
    ck_assert(isnan(ci.low) && isnan(ci.high) && isnan(ci.half));
    ck_assert_uint_eq(ci.n, 1);
}
END_TEST

START_TEST(tally_ci_matches_a_hand_computed_t_interval)
{
    /* mean 2.7225, s = 0.8208151436224845, t(0.975, 5) = 2.5705818366147395 (tables: 2.571). */
    static const double x[] = {2.385, 3.1, 1.7, 2.9, 2.2, 4.05};
    sim_tally t;
    sim_tally_init(&t);
    for (int i = 0; i < 6; i++)
        sim_tally_add(&t, x[i]);
    sim_ci ci = sim_tally_ci(&t, 0.95);
    ck_assert_uint_eq(ci.n, 6);
    ck_assert_double_eq_tol(ci.mean, 2.7225, 1e-12);
    ck_assert_double_eq_tol(ci.half, 2.5705818366147395 * 0.33509637917072954, 1e-9);
    ck_assert_double_eq_tol(ci.low, 1.861107334188357, 1e-9);
    ck_assert_double_eq_tol(ci.high, 3.5838926658116432, 1e-9);
}
END_TEST

START_TEST(tally_ci_of_constant_data_has_zero_width)
{
    sim_tally t;
    sim_tally_init(&t);
    for (int i = 0; i < 5; i++)
        sim_tally_add(&t, 0.8125);
    sim_ci ci = sim_tally_ci(&t, 0.95);
    ck_assert_double_eq(ci.low, 0.8125);
    ck_assert_double_eq(ci.high, 0.8125);
    ck_assert_double_eq(ci.half, 0.0);
}
END_TEST

START_TEST(timeavg_weights_each_value_by_its_duration)
{
    sim_timeavg a;
    sim_timeavg_init(&a, 0.0, 2.0);
    sim_timeavg_set(&a, 1.5, 5.0);
    sim_timeavg_set(&a, 4.0, 1.0);
    /* 2 * 1.5 + 5 * 2.5 + 1 * 1 = 16.5 over 5 s. */
    ck_assert_double_eq_tol(sim_timeavg_area(&a, 5.0), 16.5, 1e-12);
    ck_assert_double_eq_tol(sim_timeavg_mean(&a, 5.0), 3.3, 1e-12);
    ck_assert(isnan(sim_timeavg_mean(&(sim_timeavg){0.0, 0.0, 1.0, 0.0}, 0.0)));
}
END_TEST

START_TEST(hist_quantile_interpolates_inside_the_bin)
{
    sim_hist *h = sim_hist_alloc(10.0, 10);
    for (int i = 0; i < 100; i++)
        sim_hist_add(h, i + 0.5);
    ck_assert_uint_eq(sim_hist_count(h), 100);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.5), 50.0, 1e-12);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.9), 90.0, 1e-12);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.25), 25.0, 1e-12);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.123), 12.3, 1e-12);
    sim_hist_free(h);
}
END_TEST

START_TEST(hist_quantile_in_the_overflow_bin_is_infinite)
{
    sim_hist *h = sim_hist_alloc(1.0, 4);
    sim_hist_add(h, -3.0); /* counts as 0 */
    sim_hist_add(h, 0.5);
    sim_hist_add(h, 4.0); /* the first value past the last bin */
    sim_hist_add(h, 1e300);
    ck_assert_double_eq_tol(sim_hist_quantile(h, 0.25), 0.5, 1e-12);
    ck_assert(isinf(sim_hist_quantile(h, 0.75)));
    sim_hist_reset(h);
    ck_assert_uint_eq(sim_hist_count(h), 0);
    ck_assert(isnan(sim_hist_quantile(h, 0.5)));
    sim_hist_free(h);
}
END_TEST

START_TEST(hist_merge_equals_adding_everything_to_one)
{
    sim_hist *all = sim_hist_alloc(0.5, 40);
    sim_hist *a = sim_hist_alloc(0.5, 40);
    sim_hist *b = sim_hist_alloc(0.5, 40);
    lcg_state = 7;
    for (int i = 0; i < 5000; i++) {
        double x = 25.0 * lcg_uniform();
        sim_hist_add(all, x);
        sim_hist_add(i % 3 == 0 ? a : b, x);
    }
    sim_hist_merge(a, b);
    ck_assert_uint_eq(sim_hist_count(a), sim_hist_count(all));
    for (double p = 0.05; p < 1.0; p += 0.05)
        ck_assert(sim_hist_quantile(a, p) == sim_hist_quantile(all, p));
    sim_hist_free(all);
    sim_hist_free(a);
    sim_hist_free(b);
}
END_TEST

Suite *stat_suite(void); /* called by check_main.c through suites.h */

Suite *stat_suite(void)
{
    Suite *s = suite_create("stat");
    TCase *tc = tcase_create("tally");
    tcase_add_test(tc, tally_mean_and_variance_match_a_two_pass_computation);
    tcase_add_test(tc, tally_merge_equals_sequential_adds);
    tcase_add_test(tc, tally_of_too_few_observations_is_nan);
    tcase_add_test(tc, tally_ci_matches_a_hand_computed_t_interval);
    tcase_add_test(tc, tally_ci_of_constant_data_has_zero_width);
    suite_add_tcase(s, tc);
    tc = tcase_create("timeavg_hist");
    tcase_add_test(tc, timeavg_weights_each_value_by_its_duration);
    tcase_add_test(tc, hist_quantile_interpolates_inside_the_bin);
    tcase_add_test(tc, hist_quantile_in_the_overflow_bin_is_infinite);
    tcase_add_test(tc, hist_merge_equals_adding_everything_to_one);
    suite_add_tcase(s, tc);
    return s;
}
