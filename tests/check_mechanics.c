/* Known answers for the mechanics of one station (models/center.c), each from an independent
 * derivation: a station with no waiting room is Erlang B; a finite waiting room with
 * exponential patience is the M/M/c/K+M birth-death chain, solved here in a few lines; with no
 * waiting room and no patience every wait is exactly 0. Scenarios are written in the test as
 * JSON with uneven rates, fixed seeds, and tolerances of ck_se_multiple(n) standard errors over n
 * replications (as rare by chance as 4 standard errors of a normal estimate, for any seed). */
#include "models/center.h"
#include "models/erlang.h"
#include "models/report.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "tests/check_load.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* |simulated - exact| <= ck_se_multiple(n) standard errors over n replications (half-width /
 * t_{0.975,n-1}); a plain 4 with 8 replications failed for 2 seeds in 150. */
static void near(const struct cc_run *run, enum cc_metric m, double exact, const char *what)
{
    const sim_ci ci = cc_report_ci(run, 0, m);
    ck_assert_msg(ci.n >= 2, "%s: %s has %zu replications", what, cc_metric_name[m], ci.n);
    const double se = ci.half / gsl_cdf_tdist_Pinv(0.975, (double)ci.n - 1);
    ck_assert_msg(fabs(ci.mean - exact) <= ck_se_multiple(ci.n) * se + 1e-12,
                  "%s: %s simulated %.6g (se %.3g), exact %.6g, off by %.1f se", what,
                  cc_metric_name[m], ci.mean, se, exact, fabs(ci.mean - exact) / se);
}

/* blocked / offered per replication within ck_se_multiple(reps) standard errors of exact:
 * blocking clusters in time, so the standard error comes from the replications, not from a
 * binomial. */
static void blocking_near(const struct cc_run *run, double exact, const char *what)
{
    sim_tally t;
    sim_tally_init(&t);
    for (int r = 0; r < run->reps; r++) {
        const double *m = run->rep[r]->summary;
        sim_tally_add(&t, m[CC_M_BLOCKED] / m[CC_M_OFFERED]);
    }
    const double se = sim_tally_stderr(&t);
    ck_assert_msg(fabs(sim_tally_mean(&t) - exact) <= ck_se_multiple((size_t)run->reps) * se,
                  "%s: blocking %.5f, exact %.5f (se %.2g)", what, sim_tally_mean(&t), exact, se);
}

/* ---- the M/M/c/K+M birth-death chain ------------------------------------------------------ */

struct mmck {
    double p_block;   /* arrivals that find c + K in the system */
    double p_abandon; /* arrivals that abandon: theta E[queue] / lambda */
    double mean_wait; /* of accepted arrivals (answered or abandoned): E[queue] / accepted rate */
    double occupancy; /* E[busy agents] / c */
};

/* States n = 0..c+K; birth lambda below c+K; death min(n, c) mu + max(n - c, 0) theta.
 * theta = 0: nobody abandons. Unnormalised p_n by the detailed balance recurrence. */
static struct mmck mmck_solve(double lambda, double mu, double theta, int c, int k)
{
    const int top = c + k;
    double *p = calloc((size_t)top + 1, sizeof *p);
    ck_assert(p != NULL);
    p[0] = 1;
    double sum = 1;
    for (int n = 1; n <= top; n++) {
        const double death = (n < c ? n : c) * mu + (n > c ? n - c : 0) * theta;
        p[n] = p[n - 1] * lambda / death;
        sum += p[n];
    }
    double queue = 0, busy = 0;
    for (int n = 0; n <= top; n++) {
        p[n] /= sum;
        queue += (n > c ? n - c : 0) * p[n];
        busy += (n < c ? n : c) * p[n];
    }
    struct mmck r = {.p_block = p[top],
                     .p_abandon = theta * queue / lambda,
                     .mean_wait = queue / (lambda * (1 - p[top])),
                     .occupancy = busy / c};
    free(p);
    return r;
}

/* ck_se_multiple against Student's t quantiles in closed form: with q = P(Z > 4), one degree
 * of freedom (Cauchy) gives cot(pi q), two give (1 - 2q) / sqrt(2 q (1 - q)); many give 4. */
START_TEST(se_multiple_is_as_rare_as_four_normal_standard_errors)
{
    const double q = 0.5 * erfc(4 / sqrt(2)), pi = acos(-1);
    ck_assert_double_eq_tol(ck_se_multiple(2), 1 / tan(pi * q), 1e-6 / q);
    ck_assert_double_eq_tol(ck_se_multiple(3), (1 - 2 * q) / sqrt(2 * q * (1 - q)), 1e-6);
    ck_assert_double_eq_tol(ck_se_multiple(100000000), 4, 1e-6);
}
END_TEST

START_TEST(birth_death_solver_agrees_with_erlang_b_and_erlang_a)
{
    /* No waiting room: Erlang B, whatever the patience. */
    const double lambda = 71.3 / 3600, aht = 237.5, a = lambda * aht;
    const struct mmck b = mmck_solve(lambda, 1 / aht, 1 / 97.5, 5, 0);
    ck_assert_double_eq_tol(b.p_block, cc_erlang_b(5, a), 1e-12);
    ck_assert_double_eq_tol(b.occupancy, a * (1 - cc_erlang_b(5, a)) / 5, 1e-12);
    ck_assert_double_eq(b.mean_wait, 0);
    /* A waiting room far larger than any queue: Erlang A (M/M/c+M). */
    const struct cc_erlang_input in = {
        .lambda = 130.7 / 3600, .aht_s = 237.5, .patience_s = 97.5, .agents = 8, .t_s = 20};
    struct cc_erlang_result r;
    cc_erlang_eval(&in, &r);
    const struct mmck big = mmck_solve(in.lambda, 1 / in.aht_s, 1 / in.patience_s, 8, 400);
    ck_assert_double_lt(big.p_block, 1e-100);
    ck_assert_double_eq_tol(big.p_abandon, r.p_abandon, 1e-9);
    ck_assert_double_eq_tol(big.mean_wait, r.mean_wait_s, 1e-7);
    ck_assert_double_eq_tol(big.occupancy, r.occupancy, 1e-9);
}
END_TEST

static struct cc_scenario *station(double calls_per_hour, int agents, double aht_s,
                                   double patience_s, int capacity, double hours, int reps)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"model\": \"station\", \"seed\": 2385,"
             " \"run\": {\"reps\": %d, \"hours\": %.10g, \"warmup_hours\": 3.5},"
             " \"arrivals\": {\"calls_per_hour\": %.10g},"
             " \"station\": {\"agents\": %d, \"aht_s\": %.10g, \"service_dist\": \"exponential\","
             " \"patience_s\": %.10g, \"patience_dist\": \"exponential\", \"capacity\": %d}}",
             reps, hours, calls_per_hour, agents, aht_s, patience_s, capacity);
    return load_json(json);
}

START_TEST(no_waiting_room_is_erlang_b)
{
    const double cph = 71.3, aht = 237.5;
    const int c = 5;
    /* 32 replications of 75 h rather than 8 of 300: the same simulated time and standard error,
     * and a tolerance of 4.6 standard errors rather than the 8.5 that 8 would need. */
    struct cc_scenario *sc = station(cph, c, aht, 97.5, 0, 75, 32);
    struct cc_run *run = run_of(sc);
    const double a = cph / 3600 * aht, b = cc_erlang_b(c, a);
    near(run, CC_M_ANSWER_RATE, 1 - b, "erlang B");
    near(run, CC_M_OCCUPANCY, a * (1 - b) / c, "erlang B");
    ck_assert_double_eq(cc_report_ci(run, 0, CC_M_ABANDONED).mean, 0);
    blocking_near(run, b, "erlang B");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(no_waiting_room_and_no_patience_means_no_wait_at_all)
{
    struct cc_scenario *sc = station(93.7, 4, 163.5, 0, 0, 120, 4);
    struct cc_run *run = run_of(sc);
    for (int r = 0; r < run->reps; r++) {
        const double *m = run->rep[r]->summary;
        ck_assert_double_gt(m[CC_M_BLOCKED], 0); /* or the case proves nothing */
        ck_assert_double_eq(m[CC_M_MEAN_WAIT_S], 0);
        ck_assert_double_eq(m[CC_M_ASA_S], 0);
        ck_assert_double_eq(m[CC_M_ABANDONED], 0);
        ck_assert_double_eq(m[CC_M_SL_20], m[CC_M_ANSWER_RATE]);
        ck_assert_double_eq(m[CC_M_ANSWERED] + m[CC_M_BLOCKED], m[CC_M_OFFERED]);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* A finite waiting room: c = 3 agents, K = 2 places, load 2.59 erlangs, patience 97.5 s. */
START_TEST(finite_waiting_room_with_abandonment_is_the_birth_death_chain)
{
    const double cph = 50.3, aht = 185, patience = 97.5;
    const int c = 3, k = 2;
    struct cc_scenario *sc = station(cph, c, aht, patience, k, 100, 32); /* see Erlang B */
    struct cc_run *run = run_of(sc);
    const struct mmck x = mmck_solve(cph / 3600, 1 / aht, 1 / patience, c, k);
    blocking_near(run, x.p_block, "M/M/3/2+M");
    near(run, CC_M_ABANDON_RATE, x.p_abandon, "M/M/3/2+M");
    near(run, CC_M_ANSWER_RATE, 1 - x.p_block - x.p_abandon, "M/M/3/2+M");
    near(run, CC_M_MEAN_WAIT_S, x.mean_wait, "M/M/3/2+M");
    near(run, CC_M_OCCUPANCY, x.occupancy, "M/M/3/2+M");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

Suite *mechanics_suite(void); /* called by check_main.c through suites.h */
Suite *mechanics_suite(void)
{
    Suite *s = suite_create("mechanics");
    TCase *tc = tcase_create("station");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, se_multiple_is_as_rare_as_four_normal_standard_errors);
    tcase_add_test(tc, birth_death_solver_agrees_with_erlang_b_and_erlang_a);
    tcase_add_test(tc, no_waiting_room_is_erlang_b);
    tcase_add_test(tc, no_waiting_room_and_no_patience_means_no_wait_at_all);
    tcase_add_test(tc, finite_waiting_room_with_abandonment_is_the_birth_death_chain);
    suite_add_tcase(s, tc);
    return s;
}
