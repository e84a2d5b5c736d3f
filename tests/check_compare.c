/* Tests of cc_compare: the paired (common random numbers) interval against a hand computation
 * and against the unpaired Welch interval of the same runs; hand cases of a significant
 * increase, a significant decrease and neither; NAN pairs are skipped; identical
 * runs differ by nothing; rows or costs missing from either run are refused. */
#include "models/compare.h"
#include "models/report.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "tests/check_load.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MMCM "scenarios/validation/mmcm.json"

static struct cc_scenario *load(const char *agents)
{
    /* 40 replications of 50 h rather than 10 of 200: the paired and unpaired half-widths
     * compared below are estimated from n - 1 degrees of freedom. */
    const char *sets[3] = {"run.hours=50", "run.reps=40", agents};
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = ck_scenario_load(MMCM, sets, 3, d);
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "%s\n", sim_diag_line(d, i));
    sim_diag_free(d);
    ck_assert_msg(sc != NULL, "cannot load %s", MMCM);
    return sc;
}

/* Runs A and B in one runner call, as ccsim compare does. */
static void run_pair(const char *agents_a, const char *agents_b, struct cc_scenario *sc[2],
                     struct cc_run *run[2])
{
    sc[0] = load(agents_a);
    sc[1] = load(agents_b);
    const struct cc_scenario *scs[2] = {sc[0], sc[1]};
    ck_assert_int_eq(cc_runner_run(scs, 2, 0, NULL, NULL, run), SIM_OK);
}

static void free_pair(struct cc_scenario *sc[2], struct cc_run *run[2])
{
    for (int k = 0; k < 2; k++) {
        cc_run_free(run[k]);
        cc_scenario_free(sc[k]);
    }
}

START_TEST(paired_interval_is_much_narrower_than_unpaired)
{
    struct cc_scenario *sc[2];
    struct cc_run *run[2];
    run_pair("station.agents=10", "station.agents=11", sc, run);
    static const enum cc_metric key[] = {CC_M_ASA_S, CC_M_ABANDON_RATE};
    for (size_t i = 0; i < sizeof key / sizeof *key; i++) {
        struct cc_compare k;
        ck_assert(cc_compare_metric(run[0], run[1], "queue", key[i], &k));
        fprintf(stderr, "compare %s: diff %.6g, paired half %.6g, unpaired half %.6g (%.1f %%)\n",
                cc_metric_name[key[i]], k.mean_diff, k.half, k.unpaired_half,
                100 * k.half / k.unpaired_half);
        ck_assert_uint_eq(k.n, 40);
        /* The ratio of the two half-widths is itself a noisy estimate. Over 100 seed offsets it
         * was 0.356 +- 0.043 (asa) and 0.289 +- 0.033 (abandonment) with 40 replications, and
         * 1.01 +- 0.08 when B ran on other streams (no common random numbers, the bug this
         * pins): 0.6 is more than 5 of those sd from both. With 10 replications it was
         * 0.39 +- 0.095, and "< 0.5" failed for 15 offsets in 100. */
        ck_assert_msg(k.half < 0.6 * k.unpaired_half, "%s: paired %.6g, unpaired %.6g",
                      cc_metric_name[key[i]], k.half, k.unpaired_half);
        ck_assert_double_eq_tol(k.mean_diff, k.mean_b - k.mean_a, 1e-9 * fabs(k.mean_a));
        ck_assert_double_eq_tol(k.mean_a, cc_report_ci(run[0], 0, key[i]).mean, 1e-12);
        ck_assert_double_eq_tol(k.mean_b, cc_report_ci(run[1], 0, key[i]).mean, 1e-12);
        /* An eleventh agent shortens waits and abandonment beyond any doubt. */
        ck_assert(k.mean_diff < 0);
        ck_assert(k.significant);
        ck_assert(k.ci_high < 0);
    }
    free_pair(sc, run);
}
END_TEST

START_TEST(identical_runs_differ_by_exactly_nothing)
{
    struct cc_scenario *sc[2];
    struct cc_run *run[2];
    run_pair("station.agents=10", "station.agents=10", sc, run);
    struct cc_compare k;
    ck_assert(cc_compare_metric(run[0], run[1], "queue", CC_M_SL_60, &k));
    ck_assert_double_eq(k.mean_diff, 0.0);
    ck_assert_double_eq(k.ci_low, 0.0);
    ck_assert_double_eq(k.ci_high, 0.0);
    ck_assert(!k.significant);
    ck_assert(!cc_compare_metric(run[0], run[1], "level2", CC_M_SL_60, &k));
    ck_assert(!cc_compare_metric(run[0], run[1], "queue", CC_M_TRANSFERRED, &k));
    ck_assert(!cc_compare_cost(run[0], run[1], CC_C_L2_EUR, &k));
    free_pair(sc, run);
}
END_TEST

START_TEST(values_give_the_hand_computed_intervals)
{
    const double a[5] = {2.385, 3.117, 1.942, 2.871, 2.503};
    const double b[5] = {2.214, 2.983, 1.806, 2.649, 2.412};
    struct cc_compare k;
    cc_compare_values(a, b, 5, 0.95, &k);
    double ma = 0, mb = 0, md = 0;
    for (int i = 0; i < 5; i++) {
        ma += a[i] / 5;
        mb += b[i] / 5;
        md += (b[i] - a[i]) / 5;
    }
    double va = 0, vb = 0, vd = 0;
    for (int i = 0; i < 5; i++) {
        va += (a[i] - ma) * (a[i] - ma) / 4;
        vb += (b[i] - mb) * (b[i] - mb) / 4;
        vd += (b[i] - a[i] - md) * (b[i] - a[i] - md) / 4;
    }
    const double half = gsl_cdf_tdist_Pinv(0.975, 4) * sqrt(vd / 5);
    const double se2 = va / 5 + vb / 5;
    const double df = se2 * se2 / ((va / 5) * (va / 5) / 4 + (vb / 5) * (vb / 5) / 4);
    const double welch = gsl_cdf_tdist_Pinv(0.975, df) * sqrt(se2);
    ck_assert_uint_eq(k.n, 5);
    ck_assert_double_eq_tol(k.mean_a, ma, 1e-12);
    ck_assert_double_eq_tol(k.mean_b, mb, 1e-12);
    ck_assert_double_eq_tol(k.mean_diff, md, 1e-12);
    ck_assert_double_eq_tol(k.half, half, 1e-12);
    ck_assert_double_eq_tol(k.ci_low, md - half, 1e-12);
    ck_assert_double_eq_tol(k.ci_high, md + half, 1e-12);
    ck_assert_double_eq_tol(k.unpaired_half, welch, 1e-12);
    ck_assert(k.significant);
    ck_assert(k.ci_low <= k.mean_diff && k.mean_diff <= k.ci_high);
    ck_assert(k.half < k.unpaired_half);
}
END_TEST

/* The paired interval of d_i = b_i - a_i by hand (mean, s / sqrt(n), t quantile from GSL);
 * sign is +1 for a significant increase, -1 for a significant decrease, 0 for neither. */
static void check_hand_case(const double *a, const double *b, size_t n, int sign)
{
    double md = 0;
    for (size_t i = 0; i < n; i++)
        md += (b[i] - a[i]) / (double)n;
    double vd = 0;
    for (size_t i = 0; i < n; i++)
        vd += (b[i] - a[i] - md) * (b[i] - a[i] - md) / (double)(n - 1);
    const double half = gsl_cdf_tdist_Pinv(0.975, (double)n - 1) * sqrt(vd / (double)n);
    struct cc_compare k;
    cc_compare_values(a, b, n, 0.95, &k);
    ck_assert_double_eq_tol(k.mean_diff, md, 1e-12);
    ck_assert_double_eq_tol(k.ci_low, md - half, 1e-12);
    ck_assert_double_eq_tol(k.ci_high, md + half, 1e-12);
    ck_assert(k.ci_low <= k.mean_diff && k.mean_diff <= k.ci_high);
    ck_assert_int_eq(k.significant, sign != 0);
    if (sign > 0)
        ck_assert(md - half > 0);
    else if (sign < 0)
        ck_assert(md + half < 0);
    else
        ck_assert(md - half <= 0 && md + half >= 0);
}

START_TEST(a_significant_increase_and_a_significant_decrease_are_both_found)
{
    /* b exceeds a by 0.17 to 0.31: an increase whose interval excludes 0 */
    const double a[6] = {2.385, 3.117, 1.942, 2.871, 2.503, 1.776};
    const double up[6] = {2.612, 3.289, 2.231, 3.044, 2.695, 2.083};
    check_hand_case(a, up, 6, +1);
    /* the same differences with the other sign */
    check_hand_case(up, a, 6, -1);
    /* differences of both signs around 0 */
    const double mixed[6] = {2.512, 2.994, 2.071, 2.803, 2.437, 1.815};
    check_hand_case(a, mixed, 6, 0);
}
END_TEST

START_TEST(nan_pairs_are_skipped_and_one_pair_is_never_significant)
{
    const double a[4] = {1.25, NAN, 3.5, 0.75};
    const double b[4] = {1.5, 2.0, NAN, 4.0};
    struct cc_compare k;
    cc_compare_values(a, b, 4, 0.95, &k);
    ck_assert_uint_eq(k.n, 2);
    ck_assert_double_eq_tol(k.mean_a, 1.0, 1e-15);
    ck_assert_double_eq_tol(k.mean_b, 2.75, 1e-15);
    ck_assert_double_eq_tol(k.mean_diff, 1.75, 1e-15);
    cc_compare_values(a, b, 1, 0.95, &k);
    ck_assert_uint_eq(k.n, 1);
    ck_assert(isnan(k.ci_low) && isnan(k.ci_high) && isnan(k.unpaired_half));
    ck_assert(!k.significant);
}
END_TEST

Suite *compare_suite(void); /* called by check_main.c through suites.h */

Suite *compare_suite(void)
{
    Suite *s = suite_create("compare");
    TCase *tc = tcase_create("fast");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, values_give_the_hand_computed_intervals);
    tcase_add_test(tc, a_significant_increase_and_a_significant_decrease_are_both_found);
    tcase_add_test(tc, nan_pairs_are_skipped_and_one_pair_is_never_significant);
    tcase_add_test(tc, paired_interval_is_much_narrower_than_unpaired);
    tcase_add_test(tc, identical_runs_differ_by_exactly_nothing);
    suite_add_tcase(s, tc);
    return s;
}
