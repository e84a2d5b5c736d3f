/* Tests of cc_erlang_mmck (M/M/c/K+M by its birth-death chain) against independent answers:
 * Erlang B at K = 0 (recurrence and a published table value), Erlang A and Erlang C from
 * cc_erlang_eval's closed forms when K is so large nobody is blocked, a one-agent one-place
 * queue worked out by hand, and the conservation of callers (blocked + abandoned + answered). */
#include "models/erlang.h"

#include <check.h>
#include <math.h>

static void assert_close(double got, double want, double rel, const char *what)
{
    ck_assert_msg(fabs(got - want) <= rel * fabs(want), "%s: got %.17g, want %.17g (rel %g)", what,
                  got, want, rel);
}

static struct cc_erlang_mmck_result mmck(double lambda, double aht_s, double patience_s, int agents,
                                         double t_s, int capacity)
{
    const struct cc_erlang_input in = {lambda, aht_s, patience_s, agents, t_s};
    struct cc_erlang_mmck_result r;
    cc_erlang_mmck(&in, capacity, &r);
    return r;
}

START_TEST(mmck_without_waiting_places_is_erlang_b)
{
    /* Erlang B table: 10 servers, 8 Erlangs: 0.12166 (e.g. Cooper, Introduction to Queueing
     * Theory, table I); the recurrence of cc_erlang_b to full precision. */
    const struct cc_erlang_mmck_result r = mmck(120.0 / 3600, 240, 120, 10, 20, 0);
    ck_assert_msg(fabs(r.p_block - 0.12166) < 5e-6, "p_block %.8f", r.p_block);
    assert_close(r.p_block, cc_erlang_b(10, 8.0), 1e-12, "p_block vs cc_erlang_b");
    ck_assert(r.p_wait == 0 && r.p_abandon == 0 && r.mean_wait_s == 0);
    assert_close(r.p_answer, 1 - r.p_block, 1e-12, "p_answer");
    assert_close(r.sl, 1 - r.p_block, 1e-12, "sl: every admitted caller is answered at once");
    assert_close(r.occupancy, 8.0 * (1 - r.p_block) / 10, 1e-12, "carried load / agents");
    /* Any load: Erlang B at 3 times the agents. */
    const struct cc_erlang_mmck_result o = mmck(0.1, 300, 0, 10, 20, 0);
    assert_close(o.p_block, cc_erlang_b(10, 30.0), 1e-12, "overload p_block");
}
END_TEST

/* With K far beyond any queue the chain reaches, M/M/c/K+M is M/M/c+M: Erlang A. One case
 * below load = agents and one above, where erlang.c uses different formulas. */
static void assert_like_erlang_a(double lambda, double aht_s, double patience_s, int agents)
{
    const struct cc_erlang_input in = {lambda, aht_s, patience_s, agents, 17.3};
    struct cc_erlang_result a;
    cc_erlang_eval(&in, &a);
    struct cc_erlang_mmck_result k;
    cc_erlang_mmck(&in, 3000, &k);
    ck_assert_msg(k.p_block < 1e-300, "p_block %g", k.p_block);
    assert_close(k.p_wait, a.p_wait, 1e-9, "p_wait");
    assert_close(k.p_abandon, a.p_abandon, 1e-9, "p_abandon");
    assert_close(k.mean_wait_s, a.mean_wait_s, 1e-9, "mean_wait_s");
    assert_close(k.asa_s, a.asa_s, 1e-9, "asa_s");
    assert_close(k.sl, a.sl, 1e-9, "sl");
    assert_close(k.occupancy, a.occupancy, 1e-9, "occupancy");
}

START_TEST(mmck_with_large_capacity_is_erlang_a)
{
    assert_like_erlang_a(0.0413, 213.7, 97.3, 11); /* load 8.8 on 11 agents */
    assert_like_erlang_a(0.0437, 213.7, 97.3, 7);  /* load 9.3 on 7 agents */
}
END_TEST

START_TEST(mmck_without_patience_and_large_capacity_is_erlang_c)
{
    const struct cc_erlang_input in = {150.0 / 3600, 240, 0, 11, 15.5};
    struct cc_erlang_result c;
    cc_erlang_eval(&in, &c);
    struct cc_erlang_mmck_result k;
    cc_erlang_mmck(&in, 3000, &k); /* rho = 10/11: rho^3000 ~ 1e-124 */
    ck_assert(k.p_abandon == 0);
    assert_close(k.p_wait, c.p_wait, 1e-9, "p_wait");
    assert_close(k.asa_s, c.asa_s, 1e-9, "asa_s");
    assert_close(k.mean_wait_s, c.mean_wait_s, 1e-9, "mean_wait_s");
    assert_close(k.sl, c.sl, 1e-9, "sl");
}
END_TEST

START_TEST(mmck_one_agent_one_place_by_hand)
{
    /* States 0, 1, 2 with weights 1, l/m, l^2 / (m (m + h)). An arrival in state 1 waits an
     * Exp(m) service against an Exp(h) patience: answered with probability m / (m + h), after
     * a mean 1 / (m + h) given answered, within t with probability m/(m+h) (1 - e^-(m+h)t). */
    const double l = 1.0 / 50, m = 1.0 / 80, h = 1.0 / 60, t = 30;
    const double w0 = 1, w1 = l / m, w2 = l * l / (m * (m + h)), sum = w0 + w1 + w2;
    const double p0 = w0 / sum, p1 = w1 / sum, p2 = w2 / sum;
    const double ans = p0 + p1 * m / (m + h);
    const struct cc_erlang_mmck_result r = mmck(l, 1 / m, 1 / h, 1, t, 1);
    assert_close(r.p_block, p2, 1e-12, "p_block");
    assert_close(r.p_wait, p1, 1e-12, "p_wait");
    assert_close(r.p_answer, ans, 1e-12, "p_answer");
    assert_close(r.p_abandon, p1 * h / (m + h), 1e-12, "p_abandon");
    assert_close(r.asa_s, p1 * m / (m + h) / (m + h) / ans, 1e-12, "asa_s");
    assert_close(r.sl, p0 + p1 * m / (m + h) * (1 - exp(-(m + h) * t)), 1e-10, "sl");
    assert_close(r.mean_wait_s, (p1 + p2) * 0 + p2 * 1 / l, 1e-12, "mean_wait_s (Little)");
}
END_TEST

START_TEST(mmck_accounts_for_every_caller)
{
    /* Flows (answered from busy agents, abandoned from the queue) against PASTA (blocked from
     * the last state): in a stationary chain they add up to the arrivals. */
    const int caps[] = {1, 2, 5, 30};
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
        const struct cc_erlang_mmck_result r = mmck(0.05, 240, 90, 9, 20, caps[i]);
        ck_assert_msg(r.p_block > 0 && r.p_abandon > 0, "K=%d", caps[i]);
        assert_close(r.p_block + r.p_abandon + r.p_answer, 1.0, 1e-12, "sum of outcomes");
        ck_assert_msg(r.sl > 0 && r.sl <= r.p_answer, "K=%d: sl %g", caps[i], r.sl);
    }
    /* More waiting places: fewer blocked, more abandon. */
    const struct cc_erlang_mmck_result a = mmck(0.05, 240, 90, 9, 20, 2);
    const struct cc_erlang_mmck_result b = mmck(0.05, 240, 90, 9, 20, 3);
    ck_assert(b.p_block < a.p_block && b.p_abandon > a.p_abandon);
}
END_TEST

Suite *mmck_suite(void);
Suite *mmck_suite(void)
{
    Suite *s = suite_create("mmck");
    TCase *tc = tcase_create("mmck");
    tcase_add_test(tc, mmck_without_waiting_places_is_erlang_b);
    tcase_add_test(tc, mmck_with_large_capacity_is_erlang_a);
    tcase_add_test(tc, mmck_without_patience_and_large_capacity_is_erlang_c);
    tcase_add_test(tc, mmck_one_agent_one_place_by_hand);
    tcase_add_test(tc, mmck_accounts_for_every_caller);
    suite_add_tcase(s, tc);
    return s;
}
