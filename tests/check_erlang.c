/* Tests of cc_erlang: published Erlang B/C tables, exact identities (Poisson occupancy when
 * patience equals service time, theta P(Ab) = E[W], the Erlang C limit), the reference model of
 * bench/README.md, an independent state-by-state sum (incomplete beta functions instead
 * of incomplete gammas, no quadrature), and a Monte Carlo of the tagged caller (tag "slow"). */
#include "models/erlang.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>

/* Two Erlang A cases with high-entropy parameters, one on each side of load = agents, where
 * models/erlang.c switches from state sums to incomplete-gamma forms and quadrature. */
#define UNDER_LAMBDA 0.0413
#define OVER_LAMBDA 0.0437
#define CASE_AHT 213.7
#define CASE_PATIENCE 97.3
#define UNDER_AGENTS 11
#define OVER_AGENTS 7
#define CASE_T 17.3

static struct cc_erlang_result eval(double lambda, double aht_s, double patience_s, int agents,
                                    double t_s)
{
    const struct cc_erlang_input in = {lambda, aht_s, patience_s, agents, t_s};
    struct cc_erlang_result r;
    cc_erlang_eval(&in, &r);
    return r;
}

static void assert_close(double got, double want, double rel, const char *what)
{
    ck_assert_msg(fabs(got - want) <= rel * fabs(want), "%s: got %.17g, want %.17g (rel %g)", what,
                  got, want, rel);
}

static void assert_probability(double p, const char *what)
{
    ck_assert_msg(isfinite(p) && p >= 0 && p <= 1, "%s: %.17g is not a probability", what, p);
}

/* The metrics of one Erlang A system summed over the states an arrival can find, written
 * independently of models/erlang.c: pi_{c+j} / pi_c = prod_k lambda / (c mu + k theta);
 * P(V_j > t) = I_{exp(-theta t)}(x, j+1) and P(served by t | j) = x / (x+j+1) *
 * I_{1-exp(-theta t)}(j+1, x+1), x = c mu / theta (V_j as an order statistic, Renyi). */
static struct cc_erlang_result state_sum(double lambda, double aht_s, double patience_s, int agents,
                                         double t_s)
{
    const double mu = 1 / aht_s, theta = 1 / patience_s, load = lambda * aht_s;
    const double c_mu = agents * mu, x = c_mu / theta, e = exp(-theta * t_s);
    double below = 0, w = 1; /* sum_{n<c} pi_n / pi_c */
    for (int n = agents; n >= 1; n--) {
        w *= n / load;
        below += w;
    }
    double q = 1, h = 0, wait = 0, ab = 0, mean_w = 0, served_w = 0, gt = 0, sl = 0;
    for (int j = 0; j < 100000 && (j < 10 || q > 1e-19 * wait); j++) {
        const double d = c_mu + (j + 1) * theta;
        h += 1 / d;
        wait += q;
        ab += q * (j + 1) * theta / d;
        mean_w += q * (j + 1) / d;
        served_w += q * (c_mu / d) * h;
        gt += q * e * gsl_sf_beta_inc(x, j + 1, e);
        sl += q * x / (x + j + 1) * gsl_sf_beta_inc(j + 1, x + 1, 1 - e);
        q *= lambda / d;
    }
    const double z = below + wait;
    struct cc_erlang_result r = {.stable = true, .load = load};
    r.p_wait = wait / z;
    r.p_abandon = ab / z;
    r.mean_wait_s = mean_w / z;
    r.asa_s = served_w / z / (1 - r.p_abandon);
    r.p_wait_gt_t = gt / z;
    r.sl = (below + sl) / z;
    r.occupancy = load * (1 - r.p_abandon) / agents;
    return r;
}

START_TEST(erlang_b_matches_published_table)
{
    assert_close(cc_erlang_b(10, 10.0), 0.2146, 5e-4, "B(10, 10)");
    assert_close(cc_erlang_b(1, 2.385), 2.385 / 3.385, 1e-15, "B(1, a) = a / (1 + a)");
    ck_assert(cc_erlang_b(5, 0.0) == 0.0);
}
END_TEST

START_TEST(erlang_b_equals_truncated_poisson_ratio_at_1000_agents)
{
    const double want = gsl_ran_poisson_pdf(1000, 990.0) / gsl_cdf_poisson_P(1000, 990.0);
    assert_close(cc_erlang_b(1000, 990.0), want, 1e-9, "B(1000, 990)");
    const double b = cc_erlang_b(100000, 10.0);
    ck_assert_msg(b == 0.0, "B(100000, 10) underflows to 0, got %g", b);
}
END_TEST

START_TEST(erlang_c_matches_published_table)
{
    assert_close(cc_erlang_c(11, 10.0), 0.6821, 1e-4, "C(11, 10)");
    assert_close(cc_erlang_c(2, 1.0), 1.0 / 3.0, 1e-15, "C(2, 1)");
    ck_assert(cc_erlang_c(10, 10.0) == 1.0);
}
END_TEST

START_TEST(erlang_c_metrics_follow_closed_forms)
{
    const double lambda = 0.0413, aht = 238.5, t = 17.3;
    const int c = 11;
    const double load = lambda * aht, drain = c / aht - lambda, pc = cc_erlang_c(c, load);
    for (int k = 0; k < 2; k++) {
        /* patience 0 and +inf both mean "nobody abandons" */
        const struct cc_erlang_result r = eval(lambda, aht, k ? INFINITY : 0.0, c, t);
        ck_assert(r.stable);
        assert_close(r.load, load, 1e-15, "load");
        assert_close(r.p_wait, pc, 1e-15, "p_wait");
        assert_close(r.mean_wait_s, pc / drain, 1e-13, "mean wait");
        assert_close(r.asa_s, pc / drain, 1e-13, "asa");
        ck_assert(r.p_abandon == 0.0);
        assert_close(r.p_wait_gt_t, pc * exp(-drain * t), 1e-13, "P(W > t)");
        assert_close(r.sl, 1 - pc * exp(-drain * t), 1e-13, "sl");
        assert_close(r.occupancy, load / c, 1e-15, "occupancy");
    }
}
END_TEST

START_TEST(erlang_c_is_unstable_when_load_reaches_agents)
{
    const struct cc_erlang_result r = eval(12.5 / 250.0, 250.0, 0.0, 10, 20.0);
    ck_assert(!r.stable);
    assert_close(r.load, 12.5, 1e-15, "load");
    ck_assert(isnan(r.p_wait) && isnan(r.sl) && isnan(r.mean_wait_s) && isnan(r.occupancy));
    ck_assert(!eval(10.0 / 250.0, 250.0, 0.0, 10, 20.0).stable);
}
END_TEST

START_TEST(erlang_a_matches_reference_model)
{
    /* bench/README.md: 120 calls/h, AHT 4 min, mean patience 2 min, 10 agents. */
    const struct cc_erlang_result r = eval(120.0 / 3600.0, 240.0, 120.0, 10, 20.0);
    ck_assert(r.stable);
    ck_assert_double_eq_tol(r.p_abandon, 0.0684054, 5e-8);
    ck_assert_double_eq_tol(r.mean_wait_s, 0.1368107 * 60, 5e-6);
    ck_assert_double_eq_tol(r.occupancy, 0.745276, 5e-7);
    assert_close(r.load, 8.0, 1e-15, "load");
}
END_TEST

START_TEST(erlang_a_with_patience_equal_to_service_is_poisson)
{
    /* theta = mu: every caller present leaves at rate mu, so N ~ Poisson(a) (M/M/inf). */
    const double aht = 238.5;
    const int c = 9;
    const double loads[] = {5.37, 17.3};
    for (size_t k = 0; k < 2; k++) {
        const double a = loads[k];
        const struct cc_erlang_result r = eval(a / aht, aht, aht, c, CASE_T);
        double excess = a - c; /* E[(N - c)^+] = a - c + sum_{n<c} (c - n) P(N = n) */
        for (int n = 0; n < c; n++)
            excess += (c - n) * gsl_ran_poisson_pdf(n, a);
        assert_close(r.p_wait, gsl_cdf_poisson_Q(c - 1, a), 1e-12, "P(N >= c)");
        assert_close(r.p_abandon, excess / a, 1e-12, "P(Ab) = E[(N-c)^+] / a");
        assert_close(r.mean_wait_s, excess / (a / aht), 1e-12, "E[W] = E[Q] / lambda");
    }
}
END_TEST

START_TEST(erlang_a_abandonment_equals_theta_times_mean_wait)
{
    const double lambdas[] = {UNDER_LAMBDA, OVER_LAMBDA};
    const int agents[] = {UNDER_AGENTS, OVER_AGENTS};
    for (size_t k = 0; k < 2; k++) {
        const struct cc_erlang_result r =
            eval(lambdas[k], CASE_AHT, CASE_PATIENCE, agents[k], CASE_T);
        assert_close(r.p_abandon, r.mean_wait_s / CASE_PATIENCE, 1e-13, "P(Ab) = theta E[W]");
    }
}
END_TEST

START_TEST(erlang_a_matches_state_by_state_sum)
{
    const double lambdas[] = {UNDER_LAMBDA, OVER_LAMBDA};
    const int agents[] = {UNDER_AGENTS, OVER_AGENTS};
    const double ts[] = {0.0, CASE_T, 211.9};
    for (size_t k = 0; k < 2; k++) {
        for (size_t i = 0; i < 3; i++) {
            const struct cc_erlang_result r =
                eval(lambdas[k], CASE_AHT, CASE_PATIENCE, agents[k], ts[i]);
            const struct cc_erlang_result s =
                state_sum(lambdas[k], CASE_AHT, CASE_PATIENCE, agents[k], ts[i]);
            assert_close(r.p_wait, s.p_wait, 1e-12, "p_wait");
            assert_close(r.p_abandon, s.p_abandon, 1e-12, "p_abandon");
            assert_close(r.mean_wait_s, s.mean_wait_s, 1e-12, "mean wait");
            assert_close(r.asa_s, s.asa_s, 1e-10, "asa");
            assert_close(r.p_wait_gt_t, s.p_wait_gt_t, 1e-10, "P(W > t)");
            assert_close(r.sl, s.sl, 1e-10, "sl");
            assert_close(r.occupancy, s.occupancy, 1e-12, "occupancy");
        }
    }
}
END_TEST

START_TEST(erlang_a_tends_to_erlang_c_for_long_patience)
{
    const double lambda = 0.0413, aht = 238.5;
    const int c = 11;
    const struct cc_erlang_result ec = eval(lambda, aht, 0.0, c, CASE_T);
    /* The gap shrinks like 1 / patience: about 2e-4 at 2.4e7 s, 2e-6 at 2.4e9 s. */
    const double patiences[] = {2.385e7, 2.385e9};
    const double tols[] = {1e-3, 1e-5};
    for (size_t k = 0; k < 2; k++) {
        const struct cc_erlang_result ea = eval(lambda, aht, patiences[k], c, CASE_T);
        assert_close(ea.p_wait, ec.p_wait, tols[k], "p_wait");
        assert_close(ea.mean_wait_s, ec.mean_wait_s, tols[k], "mean wait");
        assert_close(ea.asa_s, ec.asa_s, tols[k], "asa");
        assert_close(ea.p_wait_gt_t, ec.p_wait_gt_t, tols[k], "P(W > t)");
        assert_close(ea.sl, ec.sl, tols[k], "sl");
        assert_close(ea.occupancy, ec.occupancy, tols[k], "occupancy");
        ck_assert(ea.p_abandon > 0 && ea.p_abandon < tols[k]);
    }
}
END_TEST

static void assert_sane(const struct cc_erlang_result *r, const char *what)
{
    ck_assert_msg(r->stable, "%s: unstable", what);
    assert_probability(r->p_wait, what);
    assert_probability(r->p_abandon, what);
    assert_probability(r->p_wait_gt_t, what);
    assert_probability(r->sl, what);
    assert_probability(r->occupancy, what);
    ck_assert_msg(isfinite(r->mean_wait_s) && r->mean_wait_s >= 0, "%s: mean wait", what);
    ck_assert_msg(isfinite(r->asa_s) && r->asa_s >= 0, "%s: asa", what);
    ck_assert_msg(r->sl <= 1 - r->p_abandon + 1e-12, "%s: sl above the answered share", what);
}

START_TEST(erlang_a_stays_finite_for_1000_agents_and_overload)
{
    const double aht = 240.0;
    const int c = 1000;
    const struct cc_erlang_result c990 = eval(990.0 / aht, aht, 0.0, c, 20.0);
    assert_sane(&c990, "Erlang C, load 990");
    const double patiences[] = {120.0, 2.385e4, 1e9};
    for (size_t k = 0; k < 3; k++) {
        const struct cc_erlang_result a990 = eval(990.0 / aht, aht, patiences[k], c, 20.0);
        assert_sane(&a990, "Erlang A, load 990");
        const struct cc_erlang_result a2000 = eval(2000.0 / aht, aht, patiences[k], c, 20.0);
        assert_sane(&a2000, "Erlang A, load 2000");
        /* At most c agents' worth of calls can be answered. */
        ck_assert(a2000.p_abandon >= 0.5 - 1e-12);
        ck_assert(a2000.p_wait > 0.999);
    }
}
END_TEST

START_TEST(erlang_a_is_continuous_where_load_crosses_agents)
{
    /* Just below load = agents the figures come from state sums, just above from incomplete
     * gammas and quadrature: they must agree. */
    const double aht = 240.0, patience = 611.3;
    const int c = 1000;
    const struct cc_erlang_result lo = eval(c * (1 - 1e-12) / aht, aht, patience, c, 20.0);
    const struct cc_erlang_result hi = eval(c * (1 + 1e-12) / aht, aht, patience, c, 20.0);
    assert_close(hi.p_wait, lo.p_wait, 1e-8, "p_wait");
    assert_close(hi.p_abandon, lo.p_abandon, 1e-8, "p_abandon");
    assert_close(hi.mean_wait_s, lo.mean_wait_s, 1e-8, "mean wait");
    assert_close(hi.asa_s, lo.asa_s, 1e-8, "asa");
    assert_close(hi.p_wait_gt_t, lo.p_wait_gt_t, 1e-8, "P(W > t)");
    assert_close(hi.sl, lo.sl, 1e-8, "sl");
}
END_TEST

START_TEST(erlang_wait_tail_at_zero_is_p_wait)
{
    const double lambdas[] = {UNDER_LAMBDA, OVER_LAMBDA, UNDER_LAMBDA};
    const double patiences[] = {CASE_PATIENCE, CASE_PATIENCE, 0.0};
    const int agents[] = {UNDER_AGENTS, OVER_AGENTS, UNDER_AGENTS};
    for (size_t k = 0; k < 3; k++) {
        const struct cc_erlang_result r = eval(lambdas[k], CASE_AHT, patiences[k], agents[k], 0);
        assert_close(r.p_wait_gt_t, r.p_wait, 1e-15, "P(W > 0) = P(wait)");
        assert_close(r.sl, 1 - r.p_wait, 1e-15, "SL(0) = P(answered at once)");
    }
}
END_TEST

START_TEST(erlang_min_agents_returns_first_staffing_that_meets_targets)
{
    struct cc_erlang_input in = {0.0413, 238.5, 0.0, 1, 20.0};
    const int c = cc_erlang_min_agents(&in, 0.8, -1, -1, 100);
    ck_assert_int_gt(c, 1);
    in.agents = c;
    struct cc_erlang_result r;
    cc_erlang_eval(&in, &r);
    ck_assert(r.stable && r.sl >= 0.8);
    in.agents = c - 1;
    cc_erlang_eval(&in, &r);
    ck_assert(!r.stable || r.sl < 0.8);

    in.patience_s = 97.3;
    const int ca = cc_erlang_min_agents(&in, -1, 0.02385, 7.3, 100);
    ck_assert_int_gt(ca, 1);
    in.agents = ca;
    cc_erlang_eval(&in, &r);
    ck_assert(r.p_abandon <= 0.02385 && r.asa_s <= 7.3);
    in.agents = ca - 1;
    cc_erlang_eval(&in, &r);
    ck_assert(r.p_abandon > 0.02385 || r.asa_s > 7.3);

    ck_assert_int_eq(cc_erlang_min_agents(&in, -1, 0.02385, 7.3, ca - 1), -1);
}
END_TEST

/* Draws arrivals' states from the stationary distribution (PASTA), then each caller's wait
 * from its definition: phases of rates c mu + i theta for the i = j..0 callers ahead, against
 * its own exponential patience. Compares within 4 standard errors. */
static void check_monte_carlo(double lambda, int agents, gsl_rng *rng)
{
    enum { N_STATES = 400, N_DRAWS = 1000000 };
    const double c_mu = agents / CASE_AHT, theta = 1 / CASE_PATIENCE, load = lambda * CASE_AHT;
    double cdf[N_STATES], w = 1, total = 0;
    for (int n = 0; n < N_STATES; n++) {
        if (n > 0)
            w *= lambda / (n <= agents ? n / CASE_AHT : c_mu + (n - agents) * theta);
        total += w;
        cdf[n] = total;
    }
    double gt = 0, sl = 0, ab = 0, wait = 0, wait2 = 0, served_wait = 0, served_wait2 = 0;
    for (int i = 0; i < N_DRAWS; i++) {
        const double u = gsl_rng_uniform(rng) * cdf[N_STATES - 1];
        int n = 0;
        while (cdf[n] < u)
            n++;
        double v = 0;
        for (int ahead = n - agents; ahead >= 0; ahead--)
            v += gsl_ran_exponential(rng, 1 / (c_mu + ahead * theta));
        const double tau = n < agents ? INFINITY : gsl_ran_exponential(rng, CASE_PATIENCE);
        const double wt = fmin(v, tau);
        gt += wt > CASE_T;
        wait += wt;
        wait2 += wt * wt;
        if (v <= tau) {
            sl += v <= CASE_T;
            served_wait += wt;
            served_wait2 += wt * wt;
        } else {
            ab += 1;
        }
    }
    const double n = N_DRAWS, served = n - ab;
    const struct cc_erlang_result r = eval(lambda, CASE_AHT, CASE_PATIENCE, agents, CASE_T);
    const double p_gt = gt / n, p_sl = sl / n, p_ab = ab / n;
    const double m_w = wait / n, m_sw = served_wait / served;
    ck_assert_double_eq_tol(r.p_wait_gt_t, p_gt, 4 * sqrt(p_gt * (1 - p_gt) / n));
    ck_assert_double_eq_tol(r.sl, p_sl, 4 * sqrt(p_sl * (1 - p_sl) / n));
    ck_assert_double_eq_tol(r.p_abandon, p_ab, 4 * sqrt(p_ab * (1 - p_ab) / n));
    ck_assert_double_eq_tol(r.mean_wait_s, m_w, 4 * sqrt((wait2 / n - m_w * m_w) / n));
    ck_assert_double_eq_tol(r.asa_s, m_sw,
                            4 * sqrt((served_wait2 / served - m_sw * m_sw) / served));
    assert_close(r.load, load, 1e-15, "load");
}

START_TEST(erlang_a_agrees_with_monte_carlo_of_the_tagged_caller)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 20240601);
    check_monte_carlo(UNDER_LAMBDA, UNDER_AGENTS, rng);
    check_monte_carlo(OVER_LAMBDA, OVER_AGENTS, rng);
    gsl_rng_free(rng);
}
END_TEST

Suite *erlang_suite(void); /* called by check_main.c through suites.h */

Suite *erlang_suite(void)
{
    Suite *s = suite_create("erlang");
    TCase *tc = tcase_create("erlang");
    tcase_add_test(tc, erlang_b_matches_published_table);
    tcase_add_test(tc, erlang_b_equals_truncated_poisson_ratio_at_1000_agents);
    tcase_add_test(tc, erlang_c_matches_published_table);
    tcase_add_test(tc, erlang_c_metrics_follow_closed_forms);
    tcase_add_test(tc, erlang_c_is_unstable_when_load_reaches_agents);
    tcase_add_test(tc, erlang_a_matches_reference_model);
    tcase_add_test(tc, erlang_a_with_patience_equal_to_service_is_poisson);
    tcase_add_test(tc, erlang_a_abandonment_equals_theta_times_mean_wait);
    tcase_add_test(tc, erlang_a_matches_state_by_state_sum);
    tcase_add_test(tc, erlang_a_tends_to_erlang_c_for_long_patience);
    tcase_add_test(tc, erlang_a_stays_finite_for_1000_agents_and_overload);
    tcase_add_test(tc, erlang_a_is_continuous_where_load_crosses_agents);
    tcase_add_test(tc, erlang_wait_tail_at_zero_is_p_wait);
    tcase_add_test(tc, erlang_min_agents_returns_first_staffing_that_meets_targets);
    suite_add_tcase(s, tc);
    TCase *slow = tcase_create("erlang_monte_carlo");
    tcase_set_tags(slow, "slow");
    tcase_set_timeout(slow, 60);
    tcase_add_test(slow, erlang_a_agrees_with_monte_carlo_of_the_tagged_caller);
    suite_add_tcase(s, slow);
    return s;
}
