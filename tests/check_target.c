/* Tests of cc_target: accepted spellings, every parse error with its exact message, the
 * "met with confidence" rule (the unfavourable bound decides; NAN never meets), and the
 * Erlang first guess (the largest of the per-target minima, 0 when no target is judged). */
#include "models/target.h"

#include <check.h>
#include <math.h>

struct ok_case {
    const char *text;
    enum cc_metric metric;
    enum cc_target_op op;
    double value;
};

static const struct ok_case ok_cases[] = {
    {"sl_60>=0.8", CC_M_SL_60, CC_TARGET_GE, 0.8},
    {"abandon_rate<=0.05", CC_M_ABANDON_RATE, CC_TARGET_LE, 0.05},
    {"asa_s<60", CC_M_ASA_S, CC_TARGET_LT, 60},
    {"answer_rate>0.85", CC_M_ANSWER_RATE, CC_TARGET_GT, 0.85},
    {"  sl_20 >=  2.385e-1 ", CC_M_SL_20, CC_TARGET_GE, 0.2385},
    {"occupancy <= 0.9", CC_M_OCCUPANCY, CC_TARGET_LE, 0.9},
    {"wait_p90_s<=-1.5", CC_M_WAIT_P90_S, CC_TARGET_LE, -1.5},
    /* Shares take [0, 1] with both ends; other metrics take any number. */
    {"sl_60>=1", CC_M_SL_60, CC_TARGET_GE, 1},
    {"abandon_rate<=0", CC_M_ABANDON_RATE, CC_TARGET_LE, 0},
    {"asa_s<=80", CC_M_ASA_S, CC_TARGET_LE, 80},
    {"agents_avg<=120", CC_M_AGENTS_AVG, CC_TARGET_LE, 120},
};

START_TEST(targets_parse_in_every_spelling)
{
    const struct ok_case *k = &ok_cases[_i];
    struct cc_target t;
    sim_diag *d = sim_diag_alloc();
    ck_assert_msg(cc_target_parse(k->text, &t, d), "%s: %s", k->text,
                  sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    ck_assert_uint_eq(sim_diag_count(d), 0);
    ck_assert_int_eq(t.metric, k->metric);
    ck_assert_int_eq(t.op, k->op);
    ck_assert_double_eq(t.value, k->value);
    sim_diag_free(d);
}
END_TEST

struct bad_case {
    const char *text;
    const char *err;
};

static const struct bad_case bad_cases[] = {
    {"sl_60=>0.8", "--target 'sl_60=>0.8': expected METRIC>=VALUE or METRIC<=VALUE"},
    {"sl_60==0.8", "--target 'sl_60==0.8': expected METRIC>=VALUE or METRIC<=VALUE"},
    {"sl_60", "--target 'sl_60': expected METRIC>=VALUE or METRIC<=VALUE"},
    {"", "--target '': expected METRIC>=VALUE or METRIC<=VALUE"},
    {">=0.8", "--target '>=0.8': expected METRIC>=VALUE or METRIC<=VALUE"},
    {"sl 60>=0.8", "--target 'sl 60>=0.8': expected METRIC>=VALUE or METRIC<=VALUE"},
    {"sl60>=0.8", "--target 'sl60>=0.8': unknown metric 'sl60' (did you mean 'sl_60'?)"},
    {"abandon_rte<=0.05",
     "--target 'abandon_rte<=0.05': unknown metric 'abandon_rte' (did you mean "
     "'abandon_rate'?)"},
    {"cost>=1",
     "--target 'cost>=1': unknown metric 'cost' (expected one of offered, answered, "
     "abandoned, blocked, answer_rate, abandon_rate, asa_s, mean_wait_s, wait_p90_s, sl_20, "
     "sl_60, sl_180, occupancy, agents_avg, etpt, overtime_h, transferred, "
     "unanswered_general)"},
    {"asa_s<=x", "--target 'asa_s<=x': expected a number after '<=', got 'x'"},
    {"asa_s<=", "--target 'asa_s<=': expected a number after '<=', got ''"},
    {"sl_60>=0.8.1", "--target 'sl_60>=0.8.1': expected a number after '>=', got '0.8.1'"},
    {"sl_60>>0.8", "--target 'sl_60>>0.8': expected a number after '>', got '>0.8'"},
    {"asa_s<inf", "--target 'asa_s<inf': expected a number after '<', got 'inf'"},
    /* A share above 1 is refused before any simulation; a percentage gets a hint. */
    {"sl_60>=80", "--target 'sl_60>=80': sl_60 is a share: expected a value in [0, 1], got 80 "
                  "(did you mean 0.80?)"},
    {"answer_rate>=95.5", "--target 'answer_rate>=95.5': answer_rate is a share: expected a "
                          "value in [0, 1], got 95.5 (did you mean 0.955?)"},
    {"abandon_rate<=-0.05", "--target 'abandon_rate<=-0.05': abandon_rate is a share: expected a "
                            "value in [0, 1], got -0.05"},
    {"occupancy<=150", "--target 'occupancy<=150': occupancy is a share: expected a value in "
                       "[0, 1], got 150"},
    {"sl_20>1.0000001", "--target 'sl_20>1.0000001': sl_20 is a share: expected a value in [0, "
                        "1], got 1.0000001 (did you mean 0.010000001?)"},
    {"sl_180 >= 100", "--target 'sl_180 >= 100': sl_180 is a share: expected a value in [0, 1], "
                      "got 100 (did you mean 1.00?)"},
    /* Quoted input stops after 64 bytes. */
    {"sl_60>=0.8 and then a very long tail that goes on and on and on and on and on and on",
     "--target 'sl_60>=0.8 and then a very long tail that goes on and on and on ...': expected a "
     "number after '>=', got '0.8 and then a very long tail that goes on and on and on and on "
     "...'"},
};

START_TEST(every_bad_target_gets_its_message)
{
    const struct bad_case *k = &bad_cases[_i];
    struct cc_target t;
    sim_diag *d = sim_diag_alloc();
    ck_assert_msg(!cc_target_parse(k->text, &t, d), "%s parsed", k->text);
    ck_assert_uint_eq(sim_diag_count(d), 1);
    ck_assert_str_eq(sim_diag_line(d, 0), k->err);
    sim_diag_free(d);
}
END_TEST

static struct cc_target target(const char *text)
{
    struct cc_target t;
    sim_diag *d = sim_diag_alloc();
    ck_assert(cc_target_parse(text, &t, d));
    sim_diag_free(d);
    return t;
}

static sim_ci ci(double low, double mean, double high)
{
    sim_ci c = {.mean = mean, .low = low, .high = high, .half = (high - low) / 2, .n = 10};
    return c;
}

START_TEST(the_unfavourable_bound_decides)
{
    const struct cc_target sl = target("sl_60>=0.8");
    ck_assert(!cc_target_is_met(&sl, ci(0.7915, 0.8237, 0.8559)));
    ck_assert(cc_target_mean_meets(&sl, 0.8237));
    ck_assert(cc_target_is_met(&sl, ci(0.8, 0.8237, 0.8474)));
    const struct cc_target gt = target("sl_60>0.8");
    ck_assert(!cc_target_is_met(&gt, ci(0.8, 0.8237, 0.8474)));
    const struct cc_target ab = target("abandon_rate<=0.05");
    ck_assert(cc_target_is_met(&ab, ci(0.0312, 0.0385, 0.0458)));
    ck_assert(!cc_target_is_met(&ab, ci(0.0385, 0.0458, 0.0531)));
    ck_assert(cc_target_is_met(&ab, ci(0.04, 0.045, 0.05)));
    const struct cc_target lt = target("abandon_rate<0.05");
    ck_assert(!cc_target_is_met(&lt, ci(0.04, 0.045, 0.05)));
    /* One replication: no interval, so no confidence. */
    ck_assert(!cc_target_is_met(&sl, ci(NAN, 0.95, NAN)));
    ck_assert(!cc_target_is_met(&ab, ci(NAN, 0.01, NAN)));
    ck_assert(!cc_target_mean_meets(&ab, NAN));
}
END_TEST

START_TEST(erlang_guess_is_the_largest_per_target_minimum)
{
    const struct cc_erlang_input in = {
        .lambda = 120.0 / 3600, .aht_s = 240, .patience_s = 120, .agents = 1};
    const double sl_s[3] = {20, 60, 180};
    struct cc_target t[3] = {target("sl_60>=0.8"), target("abandon_rate<=0.02"),
                             target("occupancy<=0.5")};
    struct cc_erlang_input e = in;
    e.t_s = 60;
    const int sl = cc_erlang_min_agents(&e, 0.8, -1, -1, 1000);
    const int ab = cc_erlang_min_agents(&in, -1, 0.02, -1, 1000);
    ck_assert_int_gt(sl, 0);
    ck_assert_int_gt(ab, 0);
    ck_assert_int_eq(cc_target_erlang_agents(t, 1, &in, sl_s, 1000), sl);
    ck_assert_int_eq(cc_target_erlang_agents(t + 1, 1, &in, sl_s, 1000), ab);
    ck_assert_int_eq(cc_target_erlang_agents(t, 3, &in, sl_s, 1000), sl > ab ? sl : ab);
    ck_assert(!cc_target_has_erlang(&t[2]));
    ck_assert_int_eq(cc_target_erlang_agents(t + 2, 1, &in, sl_s, 1000), 0);
    ck_assert_int_eq(cc_target_erlang_agents(t, 1, &in, sl_s, 5), -1);
    const struct cc_target answer = target("answer_rate>=0.98");
    ck_assert_int_eq(cc_target_erlang_agents(&answer, 1, &in, sl_s, 1000), ab);
}
END_TEST

Suite *target_suite(void); /* called by check_main.c through suites.h */

Suite *target_suite(void)
{
    Suite *s = suite_create("target");
    TCase *tc = tcase_create("parse");
    tcase_add_loop_test(tc, targets_parse_in_every_spelling, 0,
                        (int)(sizeof ok_cases / sizeof *ok_cases));
    tcase_add_loop_test(tc, every_bad_target_gets_its_message, 0,
                        (int)(sizeof bad_cases / sizeof *bad_cases));
    tcase_add_test(tc, the_unfavourable_bound_decides);
    tcase_add_test(tc, erlang_guess_is_the_largest_per_target_minimum);
    suite_add_tcase(s, tc);
    return s;
}
