/* Tests of cc_uncertain and of the loader's "uncertain" object: inverse CDFs against values
 * worked out by hand, the Latin hypercube's one point per stratum, the variance split and the
 * binomial interval against closed forms, PRCC on synthetic data whose answer is known (an
 * input y does not depend on gets an interval around 0, a monotone one the right sign). The
 * bad "uncertain" blocks are data files run by check_scenario (tests/data/bad/uncertain_*). */
#include "models/scenario.h"
#include "models/uncertain.h"
#include "sim/rng.h"

#include <check.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define UNC "scenarios/generalize-uncertain.json"

START_TEST(triangular_inverse_matches_hand_values)
{
    /* Symmetric (0, 1, 2): F(x) = x^2 / 2 below the mode, so F^-1(1/8) = 1/2. */
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(0.125, 0, 1, 2), 0.5, 1e-12);
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(0.5, 0, 1, 2), 1.0, 1e-12);
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(0.875, 0, 1, 2), 1.5, 1e-12);
    /* Mode at the low end (0, 0, 1): F(x) = 1 - (1 - x)^2, so F^-1(3/4) = 1/2. */
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(0.75, 0, 0, 1), 0.5, 1e-12);
    /* (360, 540, 900): below the mode F(x) = (x - 360)^2 / (540 * 180); F(450) = 1/12. */
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(1.0 / 12, 360, 540, 900), 450, 1e-9);
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(0, 360, 540, 900), 360, 1e-12);
    ck_assert_double_eq_tol(cc_uncertain_triangular_inv(1, 360, 540, 900), 900, 1e-12);
}
END_TEST

START_TEST(discrete_inverse_follows_the_weights)
{
    double values[] = {1, 2}, weights[] = {0.25, 0.75};
    struct cc_uncertain u = {
        .dist = CC_UNCERTAIN_DISCRETE, .n_values = 2, .values = values, .weights = weights};
    ck_assert_double_eq(cc_uncertain_inv(&u, 0.2), 1);
    ck_assert_double_eq(cc_uncertain_inv(&u, 0.3), 2);
    ck_assert_double_eq(cc_uncertain_inv(&u, 0.999), 2);
    struct cc_uncertain v = {.dist = CC_UNCERTAIN_UNIFORM, .low = 10, .high = 20};
    ck_assert_double_eq_tol(cc_uncertain_inv(&v, 0.25), 12.5, 1e-12);
}
END_TEST

START_TEST(lhs_puts_one_point_in_each_stratum)
{
    enum { N = 37, K = 5 };
    double u[N * K];
    ck_assert_int_eq(cc_design_unit(CC_DESIGN_LHS, N, K, 42, u), SIM_OK);
    for (size_t j = 0; j < K; j++) {
        int seen[N] = {0};
        for (size_t i = 0; i < N; i++) {
            const double p = u[i * K + j];
            ck_assert(p >= 0 && p < 1);
            seen[(size_t)floor(p * N)]++;
        }
        for (size_t s = 0; s < N; s++)
            ck_assert_msg(seen[s] == 1, "input %zu stratum %zu holds %d points", j, s, seen[s]);
    }
}
END_TEST

START_TEST(sobol_design_starts_inside_the_cube)
{
    double u[4 * 2];
    ck_assert_int_eq(cc_design_unit(CC_DESIGN_SOBOL, 4, 2, 0, u), SIM_OK);
    /* Gray-code Sobol' from 0, x_n = x_(n-1) xor v_c (c: lowest zero bit of n - 1), with
     * v = 1/2, 1/4 (dimension 1) and 1/2, 3/4 (dimension 2): (1/2, 1/2), (3/4, 1/4),
     * (1/4, 3/4); the corner 0 itself is not a point. */
    const double want[] = {0.5, 0.5, 0.75, 0.25, 0.25, 0.75};
    for (size_t i = 0; i < 6; i++)
        ck_assert_double_eq_tol(u[i], want[i], 1e-15);
    ck_assert_int_eq(cc_design_unit(CC_DESIGN_SOBOL, 4, CC_DESIGN_SOBOL_MAX_DIM + 1, 0, u),
                     SIM_EINVAL);
}
END_TEST

START_TEST(varsplit_matches_the_nested_formula)
{
    /* Sample means 0, 2, 4 (variance 4); each sample's two replications are mean +-1, so the
     * within variance is 2 and the noise in a mean of 2 is 2 / 2 = 1: input part 3. */
    const double v[] = {-1, 1, 1, 3, 3, 5};
    const struct cc_varsplit s = cc_uncertain_varsplit(v, 3, 2);
    ck_assert_double_eq_tol(s.mean, 2, 1e-12);
    ck_assert_double_eq_tol(s.total, 4, 1e-12);
    ck_assert_double_eq_tol(s.noise, 1, 1e-12);
    ck_assert_double_eq_tol(s.input, 3, 1e-12);
}
END_TEST

START_TEST(quantile_interpolates_sorted_values)
{
    const double v[] = {5, NAN, 1, 3, 2, 4};
    ck_assert_double_eq_tol(cc_uncertain_quantile(v, 6, 0.5), 3, 1e-12);
    ck_assert_double_eq_tol(cc_uncertain_quantile(v, 6, 0.05), 1.2, 1e-12);
    ck_assert_double_eq_tol(cc_uncertain_quantile(v, 6, 1), 5, 1e-12);
}
END_TEST

START_TEST(binomial_interval_matches_closed_forms)
{
    /* Clopper-Pearson with 0 or n successes: [0, 1 - (a/2)^(1/n)] and [(a/2)^(1/n), 1]. */
    double lo, hi;
    cc_uncertain_binomial_ci(0, 10, 0.95, &lo, &hi);
    ck_assert_double_eq(lo, 0);
    ck_assert_double_eq_tol(hi, 1 - pow(0.025, 0.1), 1e-9);
    cc_uncertain_binomial_ci(10, 10, 0.95, &lo, &hi);
    ck_assert_double_eq_tol(lo, pow(0.025, 0.1), 1e-9);
    ck_assert_double_eq(hi, 1);
    cc_uncertain_binomial_ci(5, 10, 0.95, &lo, &hi);
    ck_assert_double_eq_tol(lo + hi, 1, 1e-9); /* symmetric at one half */
}
END_TEST

/* y = 2 x0 - x1 + noise, x2 unused: PRCC of x0 > 0, of x1 < 0, of x2 with 0 in its interval. */
START_TEST(prcc_finds_signs_and_the_input_that_does_nothing)
{
    enum { N = 200, K = 3 };
    double u[N * K], y[N];
    ck_assert_int_eq(cc_design_unit(CC_DESIGN_LHS, N, K, 7, u), SIM_OK);
    gsl_rng *r = sim_rng_stream_alloc(7, 0, 99);
    for (size_t i = 0; i < N; i++)
        y[i] = 2 * u[i * K] - u[i * K + 1] + gsl_ran_gaussian(r, 0.3);
    gsl_rng_free(r);
    y[5] = NAN; /* left out, not a crash */
    struct cc_prcc p[K];
    ck_assert_int_eq(cc_uncertain_prcc(u, N, K, y, 0.95, p), SIM_OK);
    ck_assert_msg(p[0].low > 0.8, "x0: %g [%g, %g]", p[0].r, p[0].low, p[0].high);
    ck_assert_msg(p[1].high < -0.5, "x1: %g [%g, %g]", p[1].r, p[1].low, p[1].high);
    ck_assert_msg(p[2].low < 0 && p[2].high > 0, "x2: %g [%g, %g]", p[2].r, p[2].low, p[2].high);
    /* A constant input has no rank correlation: NAN, and the others are still computed. */
    for (size_t i = 0; i < N; i++)
        u[i * K + 2] = 0.5;
    ck_assert_int_eq(cc_uncertain_prcc(u, N, K, y, 0.95, p), SIM_OK);
    ck_assert(isnan(p[2].r));
    ck_assert(p[0].r > 0.8);
}
END_TEST

START_TEST(set_text_reads_back_the_same_double)
{
    struct cc_uncertain u = {.path = "level2.aht_s", .dist = CC_UNCERTAIN_UNIFORM};
    char buf[128];
    const double x = 0.1 + 0.2; /* not 0.3: needs 17 digits */
    cc_uncertain_set_text(&u, x, buf, sizeof buf);
    ck_assert_str_eq(buf, "level2.aht_s=0.30000000000000004");
    ck_assert(strtod(strchr(buf, '=') + 1, NULL) == x);
    char *labels[] = {"flat", "load"};
    u.labels = labels;
    u.n_values = 2;
    cc_uncertain_set_text(&u, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "level2.aht_s=load");
}
END_TEST

START_TEST(loader_reads_the_shipped_ranges_and_nested_sets)
{
    const char *sets[] = {"uncertain.level2.aht_s.high=800"};
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(UNC, sets, 1, d);
    ck_assert_msg(sc != NULL, "%s", sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    ck_assert_uint_eq(sc->n_uncertain, 8);
    const struct cc_uncertain *a = &sc->uncertain[2];
    ck_assert_str_eq(a->path, "level2.aht_s");
    ck_assert_int_eq(a->dist, CC_UNCERTAIN_TRIANGULAR);
    ck_assert_double_eq(a->low, 360);
    ck_assert_double_eq(a->mode, 540);
    ck_assert_double_eq(a->high, 800); /* the --set, merged into the flat entry */
    ck_assert_double_eq(a->base, 540);
    const struct cc_uncertain *s = &sc->uncertain[5];
    ck_assert_str_eq(s->path, "level2.spread");
    ck_assert_str_eq(s->base_label, "flat");
    ck_assert_str_eq(s->labels[1], "load");
    ck_assert_double_eq(s->weights[0], 0.5);
    ck_assert_ptr_nonnull(strstr(sc->resolved_json, "\"level2.aht_s\""));
    cc_scenario_free(sc);
    /* uncertain=null drops the block: nothing declared. */
    const char *none[] = {"uncertain=null"};
    sc = cc_scenario_load(UNC, none, 1, d);
    ck_assert_ptr_nonnull(sc);
    ck_assert_uint_eq(sc->n_uncertain, 0);
    cc_scenario_free(sc);
    sim_diag_free(d);
}
END_TEST

Suite *uncertain_suite(void); /* called by check_main.c through suites.h */

Suite *uncertain_suite(void)
{
    Suite *s = suite_create("uncertain");
    TCase *t = tcase_create("uncertain");
    tcase_add_test(t, triangular_inverse_matches_hand_values);
    tcase_add_test(t, discrete_inverse_follows_the_weights);
    tcase_add_test(t, lhs_puts_one_point_in_each_stratum);
    tcase_add_test(t, sobol_design_starts_inside_the_cube);
    tcase_add_test(t, varsplit_matches_the_nested_formula);
    tcase_add_test(t, quantile_interpolates_sorted_values);
    tcase_add_test(t, binomial_interval_matches_closed_forms);
    tcase_add_test(t, prcc_finds_signs_and_the_input_that_does_nothing);
    tcase_add_test(t, set_text_reads_back_the_same_double);
    tcase_add_test(t, loader_reads_the_shipped_ranges_and_nested_sets);
    suite_add_tcase(s, t);
    return s;
}
