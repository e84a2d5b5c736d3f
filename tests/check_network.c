/* Known answers for the network mechanics of models/center.c: escalation routing (none, a
 * binomial share, all), Burke's theorem on a two-station chain, waits measured from the arrival
 * at the answering station, retrials, interval bins against the station totals and the
 * schedule, the ETPT <-> agents conversion by hand, and overtime after closing. Scenarios are
 * written here as JSON: one always-open prefecture that keeps its calls, national calls to
 * level 1 escalated to level 2; fixed seeds, tolerances of 4 standard errors. */
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

static const double *row_of(const struct cc_run *run, int rep, const char *name)
{
    const int r = cc_report_row(run, name);
    ck_assert_msg(r >= 0, "no row %s", name);
    return &run->rep[rep]->summary[(size_t)r * CC_M_COUNT];
}

static double total(const struct cc_run *run, const char *name, enum cc_metric m)
{
    double t = 0;
    for (int r = 0; r < run->reps; r++)
        t += row_of(run, r, name)[m];
    return t;
}

static void near(const struct cc_run *run, const char *row, enum cc_metric m, double exact,
                 const char *what)
{
    const sim_ci ci = cc_report_ci(run, (size_t)cc_report_row(run, row), m);
    ck_assert(ci.n >= 2);
    /* ck_se_multiple, not a plain 4: with 8 replications 4 estimated standard errors failed
     * for 3 seeds in 150, as Student's t with 7 degrees of freedom says. */
    const double se = ci.half / gsl_cdf_tdist_Pinv(0.975, (double)ci.n - 1);
    ck_assert_msg(fabs(ci.mean - exact) <= ck_se_multiple(ci.n) * se,
                  "%s: %s %s simulated %.6g (se %.3g), exact %.6g, off by %.1f se", what, row,
                  cc_metric_name[m], ci.mean, se, exact, fabs(ci.mean - exact) / se);
}

/* A network whose prefecture keeps its (few) calls; level1 and level2 are given as JSON
 * members; the calendar is flat so arrivals are homogeneous Poisson. The prefecture has no
 * waiting room: a caller who finds its two agents busy (rare) is blocked, so nobody ever waits
 * there, whatever the seed (with a queue, a few seeds gave its callers waits and the network
 * row a non-zero ASA in waits_start_at_the_answering_station). */
static struct cc_scenario *network(int days, int reps, const char *level1, const char *level2,
                                   const char *extra)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"seed\": 2385, \"run\": {\"days\": %d, \"reps\": %d, \"interval_min\": 60},"
             " \"calendar\": {\"weekday_weights\": [1, 1, 1, 1, 1, 1, 1],"
             " \"intraday_weights\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]},"
             " \"prefectures\": {\"count\": 1, \"interconnected\": false, \"calls_per_day\": 47.5,"
             " \"general_share\": 0, \"open\": \"always\", \"agents\": 2, \"patience_s\": 0,"
             " \"capacity\": 0},"
             " \"level1\": {%s}, \"level2\": {%s}, \"retrial\": {\"p\": 0}%s}",
             days, reps, level1, level2, extra);
    return load_json(json);
}

#define L1_MMC                                                                                     \
    "\"open\": \"always\", \"agents\": 10, \"aht_s\": 240, \"service_dist\": \"exponential\", "    \
    "\"patience_s\": 0, \"capacity\": -1, \"direct_calls_per_day\": 2880"
#define L2_MMC                                                                                     \
    "\"open\": \"always\", \"agents\": 9, \"aht_s\": 211.5, \"service_dist\": \"exponential\", "   \
    "\"patience_s\": 0, \"capacity\": -1"

/* ---- routing ----------------------------------------------------------------------------- */

START_TEST(zero_escalation_sends_nothing_to_level2)
{
    struct cc_scenario *sc =
        network(3, 3, L1_MMC ", \"escalate\": {\"direct\": 0, \"prefecture\": 0.5}", L2_MMC, "");
    struct cc_run *run = run_of(sc);
    for (int r = 0; r < run->reps; r++) {
        ck_assert_double_gt(row_of(run, r, "level1")[CC_M_ANSWERED], 1000);
        ck_assert_double_eq(row_of(run, r, "level2")[CC_M_OFFERED], 0);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(escalation_p_sends_a_binomial_share_of_level1_answers)
{
    /* p = direct x interior_share = 0.53 x 0.45 = 0.2385 */
    struct cc_scenario *sc = network(
        4, 4, L1_MMC ", \"escalate\": {\"direct\": 0.53}, \"interior_share\": 0.45", L2_MMC, "");
    struct cc_run *run = run_of(sc);
    const double p = 0.2385, n = total(run, "level1", CC_M_ANSWERED);
    const double l2 = total(run, "level2", CC_M_OFFERED);
    const double se = sqrt(n * p * (1 - p));
    ck_assert_msg(fabs(l2 - p * n) <= 4 * se,
                  "level2 offered %.0f, p x level1 answered %.1f +- %.1f", l2, p * n, se);
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* Burke: the departures of an M/M/c queue without abandonment are Poisson at the arrival
 * rate; with p = 1 (and a constant transfer delay) level 2 is itself an M/M/c queue, so
 * Erlang C gives its waits, measured from the arrival at level 2. */
START_TEST(chain_with_p_1_is_two_erlang_c_queues)
{
    /* 28 replications of 4 days rather than 8 of 14: about the same simulated time, and a
     * tolerance of 4.7 estimated standard errors rather than the 8.5 that 8 would need. */
    const int days = 4;
    struct cc_scenario *sc = network(
        days, 28, L1_MMC ", \"escalate\": {\"direct\": 1}, \"interior_share\": 1", L2_MMC, "");
    struct cc_run *run = run_of(sc);
    for (int r = 0; r < run->reps; r++) {
        const double *l1 = row_of(run, r, "level1"), *l2 = row_of(run, r, "level2");
        const double *net = row_of(run, r, "network");
        ck_assert_double_eq(l1[CC_M_ANSWERED], l1[CC_M_OFFERED]);
        ck_assert_double_eq(l2[CC_M_OFFERED], l1[CC_M_ANSWERED]);
        ck_assert_double_eq(l2[CC_M_ANSWERED], l2[CC_M_OFFERED]);
        /* every call ends once: answered at its prefecture or at level 2 */
        ck_assert_double_eq(net[CC_M_OFFERED], (double)run->rep[r]->calls);
        ck_assert_double_eq(net[CC_M_ANSWERED] + net[CC_M_ABANDONED] + net[CC_M_BLOCKED] +
                                net[CC_M_UNANSWERED_GENERAL],
                            net[CC_M_OFFERED]);
        ck_assert_double_eq(net[CC_M_ANSWERED],
                            row_of(run, r, "prefecture:001")[CC_M_ANSWERED] + l2[CC_M_ANSWERED]);
    }
    const double lambda = 2880.0 / 86400;
    /* Poisson(2880 x days) calls per replication */
    const sim_ci offered = cc_report_ci(run, (size_t)cc_report_row(run, "level2"), CC_M_OFFERED);
    ck_assert(fabs(offered.mean - 2880.0 * days) <= 4 * sqrt(2880.0 * days / run->reps));
    struct cc_erlang_input in = {.lambda = lambda, .aht_s = 240, .agents = 10, .t_s = 20};
    struct cc_erlang_result r1, r2;
    cc_erlang_eval(&in, &r1);
    in.aht_s = 211.5;
    in.agents = 9;
    cc_erlang_eval(&in, &r2);
    near(run, "level1", CC_M_ASA_S, r1.asa_s, "erlang C level 1");
    near(run, "level2", CC_M_ASA_S, r2.asa_s, "erlang C level 2 (Burke)");
    near(run, "level2", CC_M_SL_20, r2.sl, "erlang C level 2 (Burke)");
    near(run, "level2", CC_M_OCCUPANCY, r2.occupancy, "erlang C level 2 (Burke)");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* Two loss stations in a row (no waiting room, nobody abandons): nobody ever waits, at
 * either station or end to end, however long the first service and the transfer took. */
START_TEST(waits_start_at_the_answering_station)
{
    struct cc_scenario *sc = network(
        3, 3,
        "\"open\": \"always\", \"agents\": 6, \"aht_s\": 240, \"patience_s\": 0, \"capacity\": 0,"
        " \"direct_calls_per_day\": 2880, \"escalate\": {\"direct\": 1}, \"interior_share\": 1",
        "\"open\": \"always\", \"agents\": 5, \"aht_s\": 311.5, \"patience_s\": 0, \"capacity\": 0",
        "");
    struct cc_run *run = run_of(sc);
    static const char *const rows[] = {"level1", "level2", "network"};
    for (int r = 0; r < run->reps; r++) {
        ck_assert_double_gt(row_of(run, r, "level2")[CC_M_ANSWERED], 1000);
        ck_assert_double_gt(row_of(run, r, "level2")[CC_M_BLOCKED], 0);
        for (int i = 0; i < 3; i++) {
            const double *m = row_of(run, r, rows[i]);
            ck_assert_msg(m[CC_M_ASA_S] == 0 && m[CC_M_MEAN_WAIT_S] == 0,
                          "%s: asa %.4g s, mean wait %.4g s", rows[i], m[CC_M_ASA_S],
                          m[CC_M_MEAN_WAIT_S]);
        }
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- retrials ---------------------------------------------------------------------------- */

/* A prefecture with nobody on duty and no waiting room blocks every call; with p = 1 each
 * caller tries exactly max_attempts times. */
static struct cc_scenario *blocking_prefectures(double p, int max_attempts)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"seed\": 77, \"run\": {\"days\": 2, \"reps\": 2},"
             " \"prefectures\": {\"count\": 2, \"interconnected\": false, \"calls_per_day\": 215.5,"
             " \"general_share\": 0, \"agents\": 0, \"capacity\": 0},"
             " \"level1\": {\"agents\": 3, \"direct_calls_per_day\": 0},"
             " \"retrial\": {\"p\": %.10g, \"delay_s\": 95.5, \"max_attempts\": %d}}",
             p, max_attempts);
    return load_json(json);
}

static void check_attempts(int max_attempts)
{
    struct cc_scenario *sc = blocking_prefectures(1, max_attempts);
    struct cc_run *run = run_of(sc);
    for (int r = 0; r < run->reps; r++) {
        const double *net = row_of(run, r, "network"), *board = row_of(run, r, "switchboard");
        ck_assert_double_gt(net[CC_M_OFFERED], 100);
        ck_assert_double_eq(net[CC_M_BLOCKED], net[CC_M_OFFERED]);
        ck_assert_double_eq(board[CC_M_BLOCKED], board[CC_M_OFFERED]);
        ck_assert_msg(board[CC_M_OFFERED] == max_attempts * net[CC_M_OFFERED],
                      "max_attempts %d: %.0f callers offered %.0f times", max_attempts,
                      net[CC_M_OFFERED], board[CC_M_OFFERED]);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}

START_TEST(a_blocked_caller_tries_exactly_max_attempts_times)
{
    check_attempts(1);
    check_attempts(4);
}
END_TEST

/* With p < 1 and 3 attempts a blocked caller tries once with probability 1 - p, twice with
 * p (1 - p), three times with p^2: mean 1 + p + p^2 attempts, independently per caller. */
START_TEST(a_blocked_caller_tries_again_with_probability_p)
{
    const double p = 0.2385;
    struct cc_scenario *sc = blocking_prefectures(p, 3);
    struct cc_run *run = run_of(sc);
    const double callers = total(run, "network", CC_M_OFFERED);
    const double attempts = total(run, "switchboard", CC_M_OFFERED);
    const double mean = 1 + p + p * p;
    const double var = (1 - p) * 1 + p * (1 - p) * 4 + p * p * 9 - mean * mean;
    const double se = sqrt(callers * var);
    ck_assert_msg(fabs(attempts - mean * callers) <= 4 * se,
                  "%.0f callers, %.0f attempts, expected %.1f +- %.1f", callers, attempts,
                  mean * callers, se);
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- intervals --------------------------------------------------------------------------- */

/* One week (every bin holds one slot), level 1 open on weekdays 08:30-18:00 with a schedule
 * that changes twice a day, level 2 open 10:00-16:00 only: what level 1 escalates outside
 * those hours finds level 2 closed and is blocked. */
START_TEST(interval_bins_add_up_and_follow_the_schedule)
{
    char json[2048];
    snprintf(
        json, sizeof json,
        "{\"seed\": 2385, \"run\": {\"days\": 7, \"reps\": 2, \"interval_min\": 30},"
        " \"prefectures\": {\"count\": 2, \"calls_per_day\": 215.5, \"general_share\": 0.3},"
        " \"level1\": {\"agents_schedule\": [{\"from\": \"08:30\", \"to\": \"12:00\", "
        "\"agents\": 7}, {\"from\": \"12:00\", \"to\": \"14:30\", \"agents\": 4},"
        " {\"from\": \"14:30\", \"to\": \"18:00\", \"agents\": 9}],"
        " \"direct_calls_per_day\": 1385.5, \"aht_s\": 240, \"escalate\": {\"direct\": 0.5}},"
        " \"level2\": {\"agents\": 3, \"open\": {\"days\": [\"mon\", \"tue\", \"wed\", \"thu\","
        " \"fri\"], \"hours\": [[\"10:00\", \"16:00\"]]}}}");
    struct cc_scenario *sc = load_json(json);
    struct cc_run *run = run_of(sc);
    const struct cc_layout *l = run->layout;
    const int l1 = cc_scenario_station(sc, "level1"), l2 = cc_scenario_station(sc, "level2");
    ck_assert(l1 >= 0 && l2 >= 0);
    const int spd = sc->slots_per_day;
    for (int r = 0; r < run->reps; r++) {
        double closed_offered = 0;
        for (size_t i = 0; i < l->n_irows; i++) {
            const int row = l->irow_row[i];
            const double *tot = &run->rep[r]->summary[(size_t)row * CC_M_COUNT];
            double sum[4] = {0};
            for (size_t b = 0; b < l->n_bins; b++) {
                const double *v = &run->rep[r]->ivl[(i * l->n_bins + b) * CC_IM_COUNT];
                for (int k = 0; k < 4; k++)
                    sum[k] += isnan(v[CC_IM_OFFERED + k]) ? 0 : v[CC_IM_OFFERED + k];
                const double occ = v[CC_IM_OCCUPANCY];
                ck_assert_msg(isnan(occ) || (occ >= 0 && occ <= 1), "%s bin %zu occupancy %g",
                              l->row_name[row], b, occ);
                if (strcmp(l->row_name[row], "level2") == 0 && !sc->stations[l2].open[b] &&
                    !isnan(v[CC_IM_OFFERED])) {
                    closed_offered += v[CC_IM_OFFERED];
                    ck_assert_msg(v[CC_IM_ANSWERED] == 0 && v[CC_IM_BLOCKED] == v[CC_IM_OFFERED],
                                  "level2 closed bin %zu: offered %g, answered %g, blocked %g", b,
                                  v[CC_IM_OFFERED], v[CC_IM_ANSWERED], v[CC_IM_BLOCKED]);
                }
                if (strcmp(l->row_name[row], "level1") != 0)
                    continue;
                const double agents = v[CC_IM_AGENTS_AVG];
                if (sc->stations[l1].open[b]) {
                    const int min = (int)(b % (size_t)spd) * 30;
                    const int expected = min < 12 * 60 ? 7 : min < 14 * 60 + 30 ? 4 : 9;
                    ck_assert_msg(fabs(agents - expected) < 1e-9,
                                  "level1 bin %zu (day %zu %02d:%02d): agents_avg %g, schedule %d",
                                  b, b / (size_t)spd, min / 60, min % 60, agents, expected);
                } else {
                    ck_assert_msg(isnan(agents), "level1 closed bin %zu: agents_avg %g", b, agents);
                }
            }
            static const enum cc_metric m[4] = {CC_M_OFFERED, CC_M_ANSWERED, CC_M_ABANDONED,
                                                CC_M_BLOCKED};
            for (int k = 0; k < 4; k++)
                ck_assert_msg(fabs(sum[k] - tot[m[k]]) < 1e-6, "%s %s: bins %.1f, total %.1f",
                              l->row_name[row], cc_metric_name[m[k]], sum[k], tot[m[k]]);
            ck_assert_double_gt(tot[CC_M_OFFERED], 100);
        }
        ck_assert_double_gt(closed_offered, 50);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- ETPT -------------------------------------------------------------------------------- */

/* Level 2 open Mon and Thu 08:30-18:00, Tue 08:30-13:00: 23.5 h over 3 days a week, so
 * 23.5 / 3 x 227 = 1778.1666... open hours a year. */
#define ETPT_CASE                                                                                  \
    "{\"seed\": 5, \"run\": {\"days\": 7, \"reps\": 2}, \"costs\": {\"open_days_per_year\": 227}," \
    " \"prefectures\": {\"count\": 1, \"calls_per_day\": 95.5},"                                   \
    " \"level1\": {\"agents\": 7, \"direct_calls_per_day\": 515.5},"                               \
    " \"level2\": {%s, \"hours_per_etpt\": 1593, \"shrinkage\": 0.245,"                            \
    " \"open\": {\"days\": [\"mon\", \"thu\"], \"hours\": [[\"08:30\", \"18:00\"]],"               \
    " \"tue\": [[\"08:30\", \"13:00\"]]}}}"

START_TEST(etpt_and_agents_convert_by_the_hand_formula)
{
    char json[2048];
    snprintf(json, sizeof json, ETPT_CASE, "\"etpt\": 2.385");
    struct cc_scenario *sc = load_json(json);
    const int l2 = cc_scenario_station(sc, "level2"), l1 = cc_scenario_station(sc, "level1");
    ck_assert(l1 >= 0 && l2 >= 0);
    const double hours = 23.5 / 3 * 227;
    ck_assert_double_eq_tol(cc_scenario_open_hours_per_year(sc, (size_t)l2), hours, 1e-9);
    const double agents = 2.385 * 1593 * (1 - 0.245) / hours; /* 1.6131... */
    ck_assert_double_eq_tol(cc_scenario_etpt_to_agents(sc, (size_t)l2, 2.385), agents, 1e-12);
    ck_assert_double_eq_tol(cc_scenario_agents_to_etpt(sc, (size_t)l2, agents), 2.385, 1e-12);
    /* Level 1 with 7 agents, default open hours (weekdays 08:30-18:00), 1607 h and 30 %. */
    const double l1_etpt = 7 * 9.5 * 227 / (1607 * 0.7);
    ck_assert_double_eq_tol(sc->stations[l1].etpt, l1_etpt, 1e-9);
    /* The prefecture: 2 agents (default) 09:00-12:00 and 13:30-16:30 on weekdays. */
    const double pref_etpt = 2 * 6.0 * 227 / (1607 * 0.7);
    struct cc_run *run = run_of(sc);
    for (int r = 0; r < run->reps; r++) {
        const double *m = row_of(run, r, "level1");
        ck_assert_double_eq_tol(m[CC_M_AGENTS_AVG], 7, 1e-9);
        ck_assert_double_eq_tol(m[CC_M_ETPT], l1_etpt, 1e-9);
        ck_assert_double_eq_tol(row_of(run, r, "prefecture:001")[CC_M_ETPT], pref_etpt, 1e-9);
        ck_assert_double_eq_tol(row_of(run, r, "switchboard")[CC_M_ETPT], pref_etpt, 1e-9);
        /* Level 2's integer agents per slot carry 2.385 ETPT up to the rounding of the
         * cumulative spread: less than one agent-slot over the 47 open slots of the week. */
        const double *m2 = row_of(run, r, "level2");
        ck_assert_msg(fabs(m2[CC_M_AGENTS_AVG] - agents) <= 1.0 / 47,
                      "level2 agents_avg %.5f, converted %.5f", m2[CC_M_AGENTS_AVG], agents);
        ck_assert_msg(fabs(m2[CC_M_ETPT] - 2.385) <= 2.385 / agents / 47, "level2 etpt %.5f",
                      m2[CC_M_ETPT]);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
    /* the other way: 3 agents on the same hours are 3 x hours / (1593 x 0.755) ETPT */
    snprintf(json, sizeof json, ETPT_CASE, "\"agents\": 3");
    sc = load_json(json);
    ck_assert_double_eq_tol(sc->stations[l2].etpt, 3 * hours / (1593 * 0.755), 1e-9);
    cc_scenario_free(sc);
}
END_TEST

/* ---- overtime ---------------------------------------------------------------------------- */

/* One agent, deterministic 600 s calls, a waiting room of 3 and a flood of patient callers
 * from 09:00 to 12:00 on weekdays: the agent is busy from the first arrival (an exponential
 * gap e of mean 1 / lambda after 09:00) back to back, so at 12:00 the call in service has e
 * left and 3 wait: overtime is 1800 s + e a day. */
START_TEST(overtime_serves_the_queue_left_at_closing)
{
    const double cpd = 9850.5; /* a day's calls in the 3 open hours */
    char json[2048];
    snprintf(json, sizeof json,
             "{\"seed\": 2385, \"run\": {\"days\": 7, \"reps\": 6},"
             " \"calendar\": {\"weekday_weights\": [1, 1, 1, 1, 1, 1, 1]},"
             " \"prefectures\": {\"count\": 1, \"interconnected\": false, \"calls_per_day\": %.10g,"
             " \"general_share\": 0, \"open\": {\"days\": [\"mon\", \"tue\", \"wed\", \"thu\","
             " \"fri\"], \"hours\": [[\"09:00\", \"12:00\"]]}, \"agents\": 1, \"aht_s\": 600,"
             " \"service_dist\": \"deterministic\", \"patience_s\": 0, \"capacity\": 3},"
             " \"level1\": {\"direct_calls_per_day\": 0}}",
             cpd);
    struct cc_scenario *sc = load_json(json);
    struct cc_run *run = run_of(sc);
    /* the first hour (09:00-10:00) has intraday weight 1.3 of 3.9 over the open hours */
    const double lambda = cpd * 1.3 / 3.9 / 3600;
    for (int r = 0; r < run->reps; r++) {
        const double *m = row_of(run, r, "prefecture:001");
        ck_assert_double_eq(m[CC_M_ABANDONED], 0);
        const double extra = m[CC_M_OVERTIME_H] * 3600 - 5 * 1800;
        /* The sum of 5 gaps is gamma(5, 1 / lambda): accept its central 1 - 6.3e-5, as rare
         * by chance as 4 normal standard errors. Mean +- 4 sd (the normal's rule on a skewed
         * sum) rejected 1 replication in 500 and failed 4 seed offsets in 150; and its lower
         * end was below 0, so an overtime without the call in service's remainder passed. */
        const double q = gsl_cdf_ugaussian_Q(4);
        const double lo = gsl_cdf_gamma_Pinv(q, 5, 1 / lambda);
        const double hi = gsl_cdf_gamma_Qinv(q, 5, 1 / lambda);
        ck_assert_msg(extra >= lo && extra <= hi,
                      "overtime %.2f s over 5 days, expected 9000 + %.2f (%.2f to %.2f)",
                      extra + 9000, 5 / lambda, lo, hi);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

Suite *network_suite(void); /* called by check_main.c through suites.h */
Suite *network_suite(void)
{
    Suite *s = suite_create("network");
    TCase *tc = tcase_create("mechanics");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, zero_escalation_sends_nothing_to_level2);
    tcase_add_test(tc, escalation_p_sends_a_binomial_share_of_level1_answers);
    tcase_add_test(tc, chain_with_p_1_is_two_erlang_c_queues);
    tcase_add_test(tc, waits_start_at_the_answering_station);
    tcase_add_test(tc, a_blocked_caller_tries_exactly_max_attempts_times);
    tcase_add_test(tc, a_blocked_caller_tries_again_with_probability_p);
    tcase_add_test(tc, interval_bins_add_up_and_follow_the_schedule);
    tcase_add_test(tc, etpt_and_agents_convert_by_the_hand_formula);
    tcase_add_test(tc, overtime_serves_the_queue_left_at_closing);
    suite_add_tcase(s, tc);
    return s;
}
