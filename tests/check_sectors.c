/* Level-2 sectors and sharing (docs/model.md s.3, "Sectors and sharing") against independent
 * calculations: two pools with overflow after a wait of 0 against a continuous-time Markov chain
 * solved here with GSL; the pool rule with two identical sectors against Erlang A with the
 * summed agents and arrivals; overflow after a very long wait against two independent Erlang A
 * queues; sharing none against the model without sectors, draw for draw; and what the loader
 * makes of the sector keys (inheritance, the split of escalations).
 *
 * The level-2 arrivals are Poisson: level 1 is an M/M/c queue without abandonment whose
 * departures are Poisson (Burke), and every departure escalates, to sector a or b by a fixed
 * share (a thinning of a Poisson process is Poisson). Service and patience are exponential, so
 * each case is a Markov chain. Fixed seeds; tolerances of 4 standard errors of the mean over
 * the replications (about 1 in 16,000 for a correct model). */
#include "models/center.h"
#include "models/erlang.h"
#include "models/report.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "tests/check_load.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AHT_S 240.0

static const double *row_of(const struct cc_run *run, int rep, const char *name)
{
    const int r = cc_report_row(run, name);
    ck_assert_msg(r >= 0, "no row %s", name);
    return &run->rep[rep]->summary[(size_t)r * CC_M_COUNT];
}

static void near(const struct cc_run *run, const char *row, enum cc_metric m, double exact,
                 const char *what)
{
    const int r = cc_report_row(run, row);
    ck_assert_msg(r >= 0, "no row %s", row);
    const sim_ci ci = cc_report_ci(run, (size_t)r, m);
    ck_assert(ci.n >= 2);
    /* ck_se_multiple, not a plain 4: with 8 replications 4 estimated standard errors failed
     * for 17 seeds in 150 (one assertion in 200 by chance, as Student's t with 7 degrees of
     * freedom says); the cases run 30 replications of 8 days instead of 8 of 30. */
    const double se = ci.half / gsl_cdf_tdist_Pinv(0.975, (double)ci.n - 1);
    ck_assert_msg(fabs(ci.mean - exact) <= ck_se_multiple(ci.n) * se,
                  "%s: %s %s simulated %.6g (se %.3g), exact %.6g, off by %.1f se", what, row,
                  cc_metric_name[m], ci.mean, se, exact, fabs(ci.mean - exact) / se);
}

/* A network whose level 2 has the given sectors (JSON list items) and sharing rule; level 1
 * answers every call (30 agents for 0.2 erlang) and escalates it; calls per hour lambda in
 * total reach level 2. Level 2: exponential service of AHT_S, exponential patience 180 s
 * unless a sector says otherwise. */
static struct cc_scenario *cai(int days, int reps, double lambda_h, const char *sectors,
                               const char *sharing)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"seed\": 4417, \"run\": {\"days\": %d, \"reps\": %d, \"interval_min\": 60},"
             " \"calendar\": {\"weekday_weights\": [1, 1, 1, 1, 1, 1, 1],"
             " \"intraday_weights\": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]},"
             " \"prefectures\": {\"count\": 1, \"interconnected\": false, \"calls_per_day\": 10,"
             " \"general_share\": 0, \"open\": \"always\", \"agents\": 1, \"patience_s\": 0},"
             " \"level1\": {\"open\": \"always\", \"agents\": 30, \"aht_s\": 10,"
             " \"service_dist\": \"exponential\", \"patience_s\": 0, \"capacity\": -1,"
             " \"direct_calls_per_day\": %.17g, \"escalate\": {\"direct\": 1, \"prefecture\": 0}},"
             " \"level2\": {\"open\": \"always\", \"aht_s\": %g, \"service_dist\": \"exponential\","
             " \"patience_s\": 180, \"patience_dist\": \"exponential\", \"capacity\": -1,"
             " \"sectors\": [%s], \"sharing\": %s}, \"retrial\": {\"p\": 0}}",
             days, reps, lambda_h * 24, AHT_S, sectors, sharing);
    return load_json(json);
}

/* ---- the Markov chain of two pools with overflow after 0 s ------------------------------- */

/* State (b1, b2, q1, q2): busy agents of each pool and callers waiting in each queue. With
 * overflow after 0 s a caller waits only when every agent of both pools is busy, so the
 * states are (b1, b2, 0, 0) and (c1, c2, q1, q2) with q1 + q2 > 0, queues truncated at qmax
 * (the truncated mass is checked to be negligible). Every agent serves at rate mu whichever
 * caller it serves (same AHT in both sectors); a free agent takes its own queue first, then the
 * other one; an arrival takes a free agent of its own pool first, then of the other pool. */
struct chain {
    int c1, c2, qmax;
    double l1, l2, mu, th1, th2;
    double eq1, eq2, eb1, eb2, tail;
};

static int state(const struct chain *m, int b1, int b2, int q1, int q2)
{
    if (q1 == 0 && q2 == 0)
        return b1 * (m->c2 + 1) + b2;
    return (m->c1 + 1) * (m->c2 + 1) + q1 * (m->qmax + 1) + q2 - 1;
}

static void rate(gsl_matrix *g, int from, int to, double r)
{
    if (to < 0 || r <= 0)
        return;
    /* g is the transpose of the generator: column from, row to */
    *gsl_matrix_ptr(g, (size_t)to, (size_t)from) += r;
    *gsl_matrix_ptr(g, (size_t)from, (size_t)from) -= r;
}

static void transitions(const struct chain *m, gsl_matrix *g, int b1, int b2, int q1, int q2)
{
    const int s = state(m, b1, b2, q1, q2), full = b1 == m->c1 && b2 == m->c2;
    const int q = m->qmax;
    /* arrivals */
    if (b1 < m->c1)
        rate(g, s, state(m, b1 + 1, b2, 0, 0), m->l1);
    else if (b2 < m->c2)
        rate(g, s, state(m, b1, b2 + 1, 0, 0), m->l1);
    else if (q1 < q)
        rate(g, s, state(m, b1, b2, q1 + 1, q2), m->l1);
    if (b2 < m->c2)
        rate(g, s, state(m, b1, b2 + 1, 0, 0), m->l2);
    else if (b1 < m->c1)
        rate(g, s, state(m, b1 + 1, b2, 0, 0), m->l2);
    else if (q2 < q)
        rate(g, s, state(m, b1, b2, q1, q2 + 1), m->l2);
    /* service ends: own queue, then the other, else the agent goes idle */
    if (full && q1 > 0)
        rate(g, s, state(m, b1, b2, q1 - 1, q2), b1 * m->mu);
    else if (full && q2 > 0)
        rate(g, s, state(m, b1, b2, q1, q2 - 1), b1 * m->mu);
    else if (b1 > 0)
        rate(g, s, state(m, b1 - 1, b2, 0, 0), b1 * m->mu);
    if (full && q2 > 0)
        rate(g, s, state(m, b1, b2, q1, q2 - 1), b2 * m->mu);
    else if (full && q1 > 0)
        rate(g, s, state(m, b1, b2, q1 - 1, q2), b2 * m->mu);
    else if (b2 > 0)
        rate(g, s, state(m, b1, b2 - 1, 0, 0), b2 * m->mu);
    /* abandonments */
    if (q1 > 0)
        rate(g, s, state(m, b1, b2, q1 - 1, q2), q1 * m->th1);
    if (q2 > 0)
        rate(g, s, state(m, b1, b2, q1, q2 - 1), q2 * m->th2);
}

/* Stationary distribution: pi G = 0 with sum 1, by LU on G transposed with its last row
 * replaced by ones. */
static void solve_chain(struct chain *m)
{
    const int n = (m->c1 + 1) * (m->c2 + 1) + (m->qmax + 1) * (m->qmax + 1) - 1;
    gsl_matrix *g = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *b = gsl_vector_calloc((size_t)n), *pi = gsl_vector_alloc((size_t)n);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    ck_assert(g && b && pi && perm);
    for (int b1 = 0; b1 <= m->c1; b1++)
        for (int b2 = 0; b2 <= m->c2; b2++)
            transitions(m, g, b1, b2, 0, 0);
    for (int q1 = 0; q1 <= m->qmax; q1++)
        for (int q2 = 0; q2 <= m->qmax; q2++)
            if (q1 + q2 > 0)
                transitions(m, g, m->c1, m->c2, q1, q2);
    for (int j = 0; j < n; j++)
        gsl_matrix_set(g, (size_t)n - 1, (size_t)j, 1.0);
    gsl_vector_set(b, (size_t)n - 1, 1.0);
    int sign = 0;
    ck_assert_int_eq(gsl_linalg_LU_decomp(g, perm, &sign), 0);
    ck_assert_int_eq(gsl_linalg_LU_solve(g, perm, b, pi), 0);
    m->eq1 = m->eq2 = m->eb1 = m->eb2 = m->tail = 0;
    for (int b1 = 0; b1 <= m->c1; b1++)
        for (int b2 = 0; b2 <= m->c2; b2++) {
            const double p = gsl_vector_get(pi, (size_t)state(m, b1, b2, 0, 0));
            m->eb1 += b1 * p;
            m->eb2 += b2 * p;
        }
    for (int q1 = 0; q1 <= m->qmax; q1++)
        for (int q2 = 0; q2 <= m->qmax; q2++) {
            if (q1 + q2 == 0)
                continue;
            const double p = gsl_vector_get(pi, (size_t)state(m, m->c1, m->c2, q1, q2));
            ck_assert(p > -1e-12);
            m->eq1 += q1 * p;
            m->eq2 += q2 * p;
            m->eb1 += m->c1 * p;
            m->eb2 += m->c2 * p;
            if (q1 == m->qmax || q2 == m->qmax)
                m->tail += p;
        }
    gsl_permutation_free(perm);
    gsl_vector_free(pi);
    gsl_vector_free(b);
    gsl_matrix_free(g);
}

/* Sector a: 3 agents, 45 calls/h, patience 180 s (0.94 erlang per agent); sector b: 2 agents,
 * 18 calls/h, patience 120 s (0.6 per agent). Overflow moves a's callers to b's idle agents. */
START_TEST(overflow_after_0_s_matches_the_markov_chain)
{
    struct chain m = {.c1 = 3,
                      .c2 = 2,
                      .qmax = 30,
                      .l1 = 45.0 / 3600,
                      .l2 = 18.0 / 3600,
                      .mu = 1 / AHT_S,
                      .th1 = 1 / 180.0,
                      .th2 = 1 / 120.0};
    solve_chain(&m);
    ck_assert_msg(m.tail < 1e-12, "truncated mass %.3g", m.tail);
    struct cc_scenario *sc = cai(
        8, 30, 63,
        "{\"name\": \"a\", \"share\": 0.7142857142857143, \"prefectures\": true, \"agents\": 3},"
        " {\"name\": \"b\", \"share\": 0.2857142857142857, \"agents\": 2, \"patience_s\": 120}",
        "{\"rule\": \"overflow\", \"overflow_after_s\": 0}");
    struct cc_run *run = run_of(sc);
    /* Abandonments leave queue i at rate th_i E[q_i]; Little's law on each queue gives the mean
     * wait of every caller, answered or abandoned. */
    const double ab1 = m.th1 * m.eq1 / m.l1, ab2 = m.th2 * m.eq2 / m.l2;
    near(run, "level2:a", CC_M_ANSWER_RATE, 1 - ab1, "overflow 0 s");
    near(run, "level2:b", CC_M_ANSWER_RATE, 1 - ab2, "overflow 0 s");
    near(run, "level2:a", CC_M_ABANDON_RATE, ab1, "overflow 0 s");
    near(run, "level2:b", CC_M_ABANDON_RATE, ab2, "overflow 0 s");
    near(run, "level2:a", CC_M_MEAN_WAIT_S, m.eq1 / m.l1, "overflow 0 s");
    near(run, "level2:b", CC_M_MEAN_WAIT_S, m.eq2 / m.l2, "overflow 0 s");
    /* busy time counts at the agent's own pool, whoever it serves */
    near(run, "level2:a", CC_M_OCCUPANCY, m.eb1 / m.c1, "overflow 0 s");
    near(run, "level2:b", CC_M_OCCUPANCY, m.eb2 / m.c2, "overflow 0 s");
    /* the CAI total row adds its sectors up */
    for (int r = 0; r < run->reps; r++) {
        const double *a = row_of(run, r, "level2:a"), *b = row_of(run, r, "level2:b");
        const double *t = row_of(run, r, "level2");
        for (int k = CC_M_OFFERED; k <= CC_M_BLOCKED; k++)
            ck_assert_double_eq(t[k], a[k] + b[k]);
        ck_assert_double_eq_tol(t[CC_M_ETPT], a[CC_M_ETPT] + b[CC_M_ETPT], 1e-9);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

static void erlang_a(double lambda_h, int agents, double patience_s, struct cc_erlang_result *r)
{
    const struct cc_erlang_input in = {.lambda = lambda_h / 3600,
                                       .aht_s = AHT_S,
                                       .patience_s = patience_s,
                                       .agents = agents,
                                       .t_s = 20};
    cc_erlang_eval(&in, r);
}

static void near_erlang(const struct cc_run *run, const char *row, const struct cc_erlang_result *r,
                        const char *what)
{
    near(run, row, CC_M_ABANDON_RATE, r->p_abandon, what);
    near(run, row, CC_M_ASA_S, r->asa_s, what);
    near(run, row, CC_M_MEAN_WAIT_S, r->mean_wait_s, what);
    near(run, row, CC_M_SL_20, r->sl, what);
}

/* Pool: two sectors of 3 agents and 40 calls/h each are one M/M/6+M queue of 80 calls/h
 * (every agent serves the longest waiting caller); each sector's callers see the same. */
START_TEST(pool_of_two_identical_sectors_is_erlang_a_of_the_sum)
{
    struct cc_erlang_result r;
    erlang_a(80, 6, 180, &r);
    /* Twice the simulated time of the other cases: a pool that serves its own sector's queue
     * first moves the total's service level by only 6.5 standard errors with 30 x 8 days. */
    struct cc_scenario *sc =
        cai(12, 40, 80,
            "{\"name\": \"a\", \"share\": 0.5, \"prefectures\": true,"
            " \"agents\": 3}, {\"name\": \"b\", \"share\": 0.5, \"agents\": 3}",
            "{\"rule\": \"pool\"}");
    struct cc_run *run = run_of(sc);
    near_erlang(run, "level2", &r, "pool = M/M/6+M");
    near_erlang(run, "level2:a", &r, "pool = M/M/6+M");
    near_erlang(run, "level2:b", &r, "pool = M/M/6+M");
    near(run, "level2", CC_M_OCCUPANCY, r.occupancy, "pool = M/M/6+M");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* Overflow after more than the run lasts never happens: the sectors of the Markov-chain case
 * are two independent Erlang A queues. */
START_TEST(overflow_after_a_very_long_wait_is_two_independent_queues)
{
    struct cc_erlang_result ra, rb;
    erlang_a(45, 3, 180, &ra);
    erlang_a(18, 2, 120, &rb);
    struct cc_scenario *sc = cai(
        8, 30, 63,
        "{\"name\": \"a\", \"share\": 0.7142857142857143, \"prefectures\": true, \"agents\": 3},"
        " {\"name\": \"b\", \"share\": 0.2857142857142857, \"agents\": 2, \"patience_s\": 120}",
        "{\"rule\": \"overflow\", \"overflow_after_s\": 1e7}");
    struct cc_run *run = run_of(sc);
    near_erlang(run, "level2:a", &ra, "overflow never: M/M/3+M");
    near_erlang(run, "level2:b", &rb, "overflow never: M/M/2+M");
    near(run, "level2:a", CC_M_OCCUPANCY, ra.occupancy, "overflow never: M/M/3+M");
    near(run, "level2:b", CC_M_OCCUPANCY, rb.occupancy, "overflow never: M/M/2+M");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* Between the two limits the chain's answer: overflow after 60 s lies between independent
 * pools (after never) and overflow at once for the overloaded sector a, in the same random
 * numbers, replication by replication on the total over the replications. */
START_TEST(a_longer_overflow_wait_serves_the_busy_sector_less)
{
    static const char *const sectors =
        "{\"name\": \"a\", \"share\": 0.7142857142857143, \"prefectures\": true, \"agents\": 3},"
        " {\"name\": \"b\", \"share\": 0.2857142857142857, \"agents\": 2, \"patience_s\": 120}";
    static const char *const rules[] = {"{\"rule\": \"overflow\", \"overflow_after_s\": 0}",
                                        "{\"rule\": \"overflow\", \"overflow_after_s\": 60}",
                                        "{\"rule\": \"none\"}"};
    double rate[3];
    for (int i = 0; i < 3; i++) {
        struct cc_scenario *sc = cai(10, 4, 63, sectors, rules[i]);
        struct cc_run *run = run_of(sc);
        rate[i] = cc_report_ci(run, (size_t)cc_report_row(run, "level2:a"), CC_M_ANSWER_RATE).mean;
        cc_run_free(run);
        cc_scenario_free(sc);
    }
    ck_assert_msg(rate[0] > rate[1] && rate[1] > rate[2],
                  "sector a answer rate: overflow 0 s %.4f, 60 s %.4f, none %.4f", rate[0], rate[1],
                  rate[2]);
}
END_TEST

/* ---- which sector lends: the one with the most free agents --------------------------------- */

/* Only sector 0 receives calls; sharing overflow after 0 s; sector i has cap[i] agents. A
 * caller of sector 0 who finds its agents busy is taken at once by the other sector with the
 * most free agents (ties: the first in file order), else waits; a freed agent of any sector
 * takes a waiting caller (they only wait when every agent is busy). States: the busy vector
 * (mixed radix) while not all busy, then the queue lengths 1..qmax with everybody busy. */
#define LEND_K 3
struct lend {
    int cap[LEND_K], qmax;
    bool first_free; /* the rule to compare with: the first sector with a free agent lends */
    double lambda, mu, theta;
    double eb[LEND_K], eq, tail;
};

static int lend_full(const struct lend *m)
{
    int n = 1;
    for (int i = 0; i < LEND_K; i++)
        n *= m->cap[i] + 1;
    return n - 1; /* the index of the all-busy vector */
}

static void lend_decode(const struct lend *m, int s, int *busy)
{
    for (int i = LEND_K - 1; i >= 0; i--) {
        busy[i] = s % (m->cap[i] + 1);
        s /= m->cap[i] + 1;
    }
}

static int lend_encode(const struct lend *m, const int *busy)
{
    int s = 0;
    for (int i = 0; i < LEND_K; i++)
        s = s * (m->cap[i] + 1) + busy[i];
    return s;
}

static void solve_lend(struct lend *m)
{
    const int full = lend_full(m), n = full + 1 + m->qmax;
    gsl_matrix *g = gsl_matrix_calloc((size_t)n, (size_t)n);
    gsl_vector *b = gsl_vector_calloc((size_t)n), *pi = gsl_vector_alloc((size_t)n);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)n);
    ck_assert(g && b && pi && perm);
    for (int s = 0; s < n; s++) {
        int busy[LEND_K];
        const int q = s > full ? s - full : 0;
        lend_decode(m, s > full ? full : s, busy);
        /* arrival: an own agent, else the lender, else the queue */
        int to = -1;
        if (busy[0] < m->cap[0]) {
            busy[0]++;
            to = lend_encode(m, busy);
            busy[0]--;
        } else {
            int lender = -1, idle = 0;
            for (int i = 1; i < LEND_K; i++)
                if (m->cap[i] - busy[i] > idle) {
                    idle = m->cap[i] - busy[i];
                    lender = i;
                    if (m->first_free)
                        break;
                }
            if (lender >= 0) {
                busy[lender]++;
                to = lend_encode(m, busy);
                busy[lender]--;
            } else if (q < m->qmax) {
                to = full + q + 1;
            }
        }
        rate(g, s, to, m->lambda);
        /* service ends: a waiting caller is taken at once, else the agent goes idle */
        for (int i = 0; i < LEND_K; i++) {
            if (q > 0) {
                rate(g, s, s - 1 == full ? full : s - 1, busy[i] * m->mu);
                continue;
            }
            busy[i]--;
            rate(g, s, busy[i] >= 0 ? lend_encode(m, busy) : -1, (busy[i] + 1) * m->mu);
            busy[i]++;
        }
        if (q > 0)
            rate(g, s, s - 1, q * m->theta);
    }
    for (int j = 0; j < n; j++)
        gsl_matrix_set(g, (size_t)n - 1, (size_t)j, 1.0);
    gsl_vector_set(b, (size_t)n - 1, 1.0);
    int sign = 0;
    ck_assert_int_eq(gsl_linalg_LU_decomp(g, perm, &sign), 0);
    ck_assert_int_eq(gsl_linalg_LU_solve(g, perm, b, pi), 0);
    memset(m->eb, 0, sizeof m->eb);
    m->eq = m->tail = 0;
    for (int s = 0; s < n; s++) {
        const double p = gsl_vector_get(pi, (size_t)s);
        ck_assert(p > -1e-12);
        int busy[LEND_K];
        lend_decode(m, s > full ? full : s, busy);
        for (int i = 0; i < LEND_K; i++)
            m->eb[i] += busy[i] * p;
        m->eq += (s > full ? s - full : 0) * p;
        if (s == n - 1)
            m->tail = p;
    }
    gsl_permutation_free(perm);
    gsl_vector_free(pi);
    gsl_vector_free(b);
    gsl_matrix_free(g);
}

/* Sector a (1 agent) gets 36 calls/h (2.4 erlangs); b (1 agent) and c (3 agents) none of their
 * own. While c has more free agents than b, c lends: b works mostly when c is nearly full. The
 * rule "the first sector with a free agent" would keep b about twice as busy (checked below on
 * the chain itself, so the test can tell the two rules apart). */
START_TEST(the_sector_with_most_free_agents_lends)
{
    struct lend m = {
        .cap = {1, 1, 3}, .qmax = 60, .lambda = 36.0 / 3600, .mu = 1 / AHT_S, .theta = 1 / 180.0};
    struct lend first = m;
    first.first_free = true;
    solve_lend(&m);
    solve_lend(&first);
    ck_assert_msg(m.tail < 1e-12, "truncated mass %.3g", m.tail);
    ck_assert_msg(first.eb[1] - m.eb[1] > 0.1, "b busy: most free %.4f, first free %.4f", m.eb[1],
                  first.eb[1]);
    struct cc_scenario *sc =
        cai(8, 30, 36,
            "{\"name\": \"a\", \"share\": 1, \"prefectures\": true, \"agents\": 1},"
            " {\"name\": \"b\", \"share\": 0, \"agents\": 1},"
            " {\"name\": \"c\", \"share\": 0, \"agents\": 3}",
            "{\"rule\": \"overflow\", \"overflow_after_s\": 0}");
    struct cc_run *run = run_of(sc);
    near(run, "level2:b", CC_M_OCCUPANCY, m.eb[1], "most free agents lend");
    near(run, "level2:c", CC_M_OCCUPANCY, m.eb[2] / 3, "most free agents lend");
    near(run, "level2:a", CC_M_ABANDON_RATE, m.theta * m.eq / m.lambda, "most free agents lend");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- sharing none is the model without sectors ------------------------------------------- */

/* With rule none the prefectures' sector receives the same calls (one uniform decides both
 * the escalation and its sector), draws from level2's streams, and so is the one level-2 pool
 * of the same scenario without sectors, metric for metric and replication by replication;
 * the other sector only adds its own row. */
START_TEST(sharing_none_keeps_the_interior_pool_of_the_model_without_sectors)
{
    static const char *const common =
        "{\"seed\": 99, \"run\": {\"days\": 5, \"reps\": 3},"
        " \"prefectures\": {\"count\": 6, \"calls_per_day\": 400},"
        " \"transfer\": {\"mode\": \"ivr\"}, \"level1\": {\"escalate\": {\"direct\": 0.2,"
        " \"prefecture\": 0.06}%s}, \"level2\": {\"aht_s\": 500, %s}}";
    char one[1024], two[1024];
    snprintf(one, sizeof one, common, ", \"interior_share\": 0.25", "\"etpt\": 9");
    snprintf(two, sizeof two, common, "",
             "\"sectors\": [{\"name\": \"labour\", \"share\": 0.5, \"etpt\": 20},"
             " {\"name\": \"interior\", \"share\": 0.25, \"prefectures\": true, \"etpt\": 9}],"
             " \"sharing\": {\"rule\": \"none\"}");
    struct cc_scenario *s1 = load_json(one), *s2 = load_json(two);
    struct cc_run *r1 = run_of(s1), *r2 = run_of(s2);
    for (int r = 0; r < r1->reps; r++) {
        const double *a = row_of(r1, r, "level2"), *b = row_of(r2, r, "level2:interior");
        ck_assert_double_gt(a[CC_M_ANSWERED], 100);
        for (int k = 0; k < CC_M_COUNT; k++)
            ck_assert_msg(memcmp(&a[k], &b[k], sizeof a[k]) == 0, "rep %d %s: %.17g vs %.17g", r,
                          cc_metric_name[k], a[k], b[k]);
        ck_assert_double_gt(row_of(r2, r, "level2:labour")[CC_M_OFFERED], 100);
        /* the network's end-to-end row differs only by the labour callers answered there */
        ck_assert_double_eq(row_of(r1, r, "level1")[CC_M_ANSWERED],
                            row_of(r2, r, "level1")[CC_M_ANSWERED]);
    }
    cc_run_free(r1);
    cc_run_free(r2);
    cc_scenario_free(s1);
    cc_scenario_free(s2);
}
END_TEST

/* Every second an agent is busy is a second of service of a call it answered: with a
 * deterministic service of AHT_S the sectors' busy time adds up to answered x AHT_S, whoever
 * lends, up to the calls in service at the two ends of the run (at most one per agent at each
 * end). Overflow after 60 s, so callers also move at their overflow event, not only on
 * arrival. The run's open time is the days simulated: agents_avg x occupancy x that is busy. */
START_TEST(borrowed_service_is_busy_time_at_the_lending_sector)
{
    struct cc_scenario *sc =
        cai(20, 2, 63,
            "{\"name\": \"a\", \"share\": 0.7142857142857143, \"prefectures\": true, \"agents\": 3,"
            " \"service_dist\": \"deterministic\"},"
            " {\"name\": \"b\", \"share\": 0.2857142857142857, \"agents\": 2, \"patience_s\": 120,"
            " \"service_dist\": \"deterministic\"}",
            "{\"rule\": \"overflow\", \"overflow_after_s\": 60}");
    struct cc_run *run = run_of(sc);
    const double open_s = 20 * 86400.0;
    for (int r = 0; r < run->reps; r++) {
        double busy = 0;
        const char *const rows[] = {"level2:a", "level2:b"};
        for (int j = 0; j < 2; j++) {
            const double *m = row_of(run, r, rows[j]);
            busy += m[CC_M_OCCUPANCY] * m[CC_M_AGENTS_AVG] * open_s;
        }
        const double served = row_of(run, r, "level2")[CC_M_ANSWERED] * AHT_S;
        ck_assert_msg(fabs(busy - served) <= 2 * 5 * AHT_S, "rep %d: busy %.1f s, served %.1f s", r,
                      busy, served);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- the CAI total of a dated run's months ------------------------------------------------- */

static size_t irow_named(const struct cc_layout *l, const char *name)
{
    for (size_t i = 0; i < l->n_irows; i++)
        if (strcmp(l->row_name[l->irow_row[i]], name) == 0)
            return i;
    ck_abort_msg("no interval row %s", name);
    return 0;
}

/* months.csv's level2 row is its sectors added up, like summary.csv's: the sectors share their
 * opening hours, so the CAI's open days are each sector's and the counts per open day add up
 * month by month (February and March 2013 here, both with calls in every sector). */
START_TEST(cai_month_rows_add_up_their_sectors)
{
    struct cc_scenario *sc = load_json(
        "{\"seed\": 5, \"run\": {\"days\": 45, \"reps\": 2}, \"calendar\": {\"start\": "
        "\"2013-02-10\"}, \"prefectures\": {\"count\": 2, \"calls_per_day\": 200},"
        " \"level1\": {\"escalate\": {\"direct\": 0.2, \"prefecture\": 0.05}},"
        " \"level2\": {\"aht_s\": 400, \"sectors\": ["
        " {\"name\": \"a\", \"share\": 0.4, \"agents\": 3},"
        " {\"name\": \"b\", \"share\": 0.3, \"agents\": 2},"
        " {\"name\": \"interior\", \"share\": 0.2, \"prefectures\": true, \"agents\": 4}],"
        " \"sharing\": {\"rule\": \"overflow\", \"overflow_after_s\": 60}}}");
    struct cc_run *run = run_of(sc);
    const struct cc_layout *l = run->layout;
    ck_assert_uint_eq(l->n_months, CC_MONTHS);
    const size_t tot = irow_named(l, "level2");
    const size_t sec[3] = {irow_named(l, "level2:a"), irow_named(l, "level2:b"),
                           irow_named(l, "level2:interior")};
    for (int r = 0; r < run->reps; r++)
        for (size_t m = 1; m <= 2; m++) { /* February, March */
            const double *mon = run->rep[r]->mon;
            const double *t = &mon[(tot * CC_MONTHS + m) * CC_MON_COUNT];
            double sum[CC_IM_BLOCKED + 1] = {0};
            for (int j = 0; j < 3; j++) {
                const double *s = &mon[(sec[j] * CC_MONTHS + m) * CC_MON_COUNT];
                ck_assert_double_eq(s[CC_MON_OPEN_DAYS], t[CC_MON_OPEN_DAYS]);
                ck_assert_double_gt(s[CC_IM_OFFERED], 0);
                for (int k = CC_IM_OFFERED; k <= CC_IM_BLOCKED; k++)
                    sum[k] += s[k];
            }
            for (int k = CC_IM_OFFERED; k <= CC_IM_BLOCKED; k++)
                ck_assert_msg(fabs(t[k] - sum[k]) <= 1e-9 * (1 + fabs(sum[k])),
                              "rep %d month %zu metric %d: level2 %.10g, sectors %.10g", r, m + 1,
                              k, t[k], sum[k]);
        }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- the loader ---------------------------------------------------------------------------- */

/* A sector inherits level2's keys it does not give; giving a distribution kind drops the
 * inherited shape keys; level 1's escalation ranges tile [0, p) with the prefectures' sector
 * first, each national range direct x share wide. */
START_TEST(sectors_inherit_level2_keys_and_split_escalations_by_share)
{
    struct cc_scenario *sc = load_json(
        "{\"level1\": {\"escalate\": {\"direct\": 0.2, \"prefecture\": 0.05}},"
        " \"level2\": {\"aht_s\": 500, \"service_dist\": \"lognormal\", \"service_cv\": 0.7,"
        " \"capacity\": 9, \"sectors\": ["
        " {\"name\": \"a\", \"share\": 0.3, \"agents\": 2},"
        " {\"name\": \"b\", \"share\": 0.5, \"agents\": 3, \"service_dist\": \"exponential\","
        " \"capacity\": -1},"
        " {\"name\": \"interior\", \"share\": 0.2, \"prefectures\": true, \"etpt\": 4}]}}");
    ck_assert_uint_eq(sc->n_sectors, 3);
    const struct cc_station *a = &sc->stations[sc->first_sector];
    const struct cc_station *b = a + 1, *in = a + 2;
    ck_assert_str_eq(a->name, "level2:a");
    ck_assert_str_eq(in->name, "level2:interior");
    ck_assert_uint_eq(sc->pref_sector, 2);
    ck_assert_int_eq(a->service.kind, CC_DIST_LOGNORMAL);
    ck_assert_double_eq(a->service.mean_s, 500);
    ck_assert_double_eq(a->service.cv, 0.7);
    ck_assert_int_eq(a->capacity, 9);
    ck_assert_int_eq(b->service.kind, CC_DIST_EXPONENTIAL);
    ck_assert_double_eq(b->service.mean_s, 500);
    ck_assert_double_eq(b->service.cv, 1);
    ck_assert_int_eq(b->capacity, -1);
    ck_assert_double_eq_tol(in->etpt, 4, 1e-12);
    const struct cc_station *l1 = &sc->stations[sc->first_sector - 1];
    ck_assert_int_eq(l1->escalate_to, (int)sc->first_sector);
    ck_assert_int_eq(l1->n_escalate, 3);
    /* [lo, hi) per (sector, class): interior first, then a, then b */
    const double want[3][2][2] = {/* direct, general */
                                  {{0.04, 0.10}, {0.05, 0.05}},
                                  {{0.10, 0.20}, {0.05, 0.05}},
                                  {{0.00, 0.04}, {0.00, 0.05}}};
    for (int j = 0; j < 3; j++)
        for (int k = 0; k < 2; k++) {
            const int cls = k == 0 ? CC_CLASS_DIRECT : CC_CLASS_GENERAL;
            const double *r = &l1->escalate_range[(j * CC_CLASS_COUNT + cls) * 2];
            ck_assert_double_eq_tol(r[0], want[j][k][0], 1e-15);
            ck_assert_double_eq_tol(r[1], want[j][k][1], 1e-15);
        }
    ck_assert_double_eq_tol(l1->escalate_p[CC_CLASS_DIRECT], 0.2, 1e-15);
    ck_assert_double_eq_tol(l1->escalate_p[CC_CLASS_GENERAL], 0.05, 1e-15);
    cc_scenario_free(sc);
}
END_TEST

Suite *sectors_suite(void); /* called by check_main.c through suites.h */
Suite *sectors_suite(void)
{
    Suite *s = suite_create("sectors");
    TCase *tc = tcase_create("sharing");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, overflow_after_0_s_matches_the_markov_chain);
    tcase_add_test(tc, pool_of_two_identical_sectors_is_erlang_a_of_the_sum);
    tcase_add_test(tc, overflow_after_a_very_long_wait_is_two_independent_queues);
    tcase_add_test(tc, a_longer_overflow_wait_serves_the_busy_sector_less);
    tcase_add_test(tc, the_sector_with_most_free_agents_lends);
    tcase_add_test(tc, cai_month_rows_add_up_their_sectors);
    tcase_add_test(tc, borrowed_service_is_busy_time_at_the_lending_sector);
    tcase_add_test(tc, sharing_none_keeps_the_interior_pool_of_the_model_without_sectors);
    suite_add_tcase(s, tc);
    TCase *tl = tcase_create("loader");
    tcase_add_test(tl, sectors_inherit_level2_keys_and_split_escalations_by_share);
    suite_add_tcase(s, tl);
    return s;
}
