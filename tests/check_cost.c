/* Tests of the cost arithmetic (models/cost.c) against the audit's own figures: the operator
 * asked 1.3 M EUR a year for the level-1 cost of prefecture calls, and the audit said the
 * ministry should pay at most one third, "soit au cas d'espece 430 000 EUR". */
#include "models/cost.h"

#include <check.h>
#include <math.h>

static const struct cc_costs audit_prices = {
    .l1_eur_per_call = 2.4,
    .l1_eur_per_min = 0.0,
    .etpt_eur_per_year = 55000.0,
    .tariff_eur_per_min = 0.12,
    .ministry_share = 1.0 / 3.0,
    .open_days_per_year = 250.0,
};

START_TEST(one_third_of_1_3_million_is_the_audits_430_thousand)
{
    /* 5 simulated days of 250: the level-1 calls that cost 1.3 M EUR a year at 2.4 EUR. */
    const double years = 5.0 / 250.0;
    const struct cc_cost_input in = {
        .l1_transferred_calls = 1.3e6 / 2.4 * years,
        .l1_calls = 2.0e6 * years,
        .l2_etpt = 13.0,
        .years = years,
    };
    double out[CC_C_COUNT];
    cc_cost_eval(&audit_prices, &in, out);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_EUR], 1.3e6, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_CALLS], 1.3e6 / 2.4, 1e-6);
    /* 433,333 EUR: the audit rounds it to 430,000 (within 1 %) */
    ck_assert_double_eq_tol(out[CC_C_MINISTRY_EUR], 1.3e6 / 3.0, 1e-6);
    ck_assert(fabs(out[CC_C_MINISTRY_EUR] - 430000.0) / 430000.0 < 0.01);
    ck_assert_double_eq_tol(out[CC_C_L1_TOTAL_EUR], 2.0e6 * 2.4, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_L2_EUR], 13.0 * 55000.0, 1e-9);
}
END_TEST

START_TEST(per_minute_prices_and_caller_tariff_are_annualised)
{
    struct cc_costs p = audit_prices;
    p.l1_eur_per_call = 0.0;
    p.l1_eur_per_min = 0.85;
    const struct cc_cost_input in = {
        .l1_transferred_calls = 100,
        .l1_transferred_service_s = 100 * 180.0,
        .l1_calls = 300,
        .l1_service_s = 300 * 180.0,
        .l2_etpt = 2.385,
        .caller_line_s = 12345.0,
        .years = 0.5,
    };
    double out[CC_C_COUNT];
    cc_cost_eval(&p, &in, out);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_EUR], 100 * 3.0 * 0.85 * 2, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_MINISTRY_EUR], 100 * 3.0 * 0.85 * 2 / 3.0, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_L1_TOTAL_EUR], 300 * 3.0 * 0.85 * 2, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_CALLER_EUR], 12345.0 / 60.0 * 0.12 * 2, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_L2_EUR], 2.385 * 55000.0, 1e-9);
}
END_TEST

START_TEST(the_operators_nine_etpt_cost_three_times_the_audits_three)
{
    const struct cc_cost_input base = {.l2_etpt = 13.0, .years = 1.0};
    struct cc_cost_input audit = base, asked = base;
    audit.l2_etpt = 16.0;
    asked.l2_etpt = 22.0;
    double b[CC_C_COUNT], a[CC_C_COUNT], o[CC_C_COUNT];
    cc_cost_eval(&audit_prices, &base, b);
    cc_cost_eval(&audit_prices, &audit, a);
    cc_cost_eval(&audit_prices, &asked, o);
    ck_assert_double_eq_tol(a[CC_C_L2_EUR] - b[CC_C_L2_EUR], 3 * 55000.0, 1e-9);
    ck_assert_double_eq_tol(o[CC_C_L2_EUR] - b[CC_C_L2_EUR], 9 * 55000.0, 1e-9);
}
END_TEST

Suite *cost_suite(void); /* called by check_main.c through suites.h */
Suite *cost_suite(void)
{
    Suite *s = suite_create("cost");
    TCase *tc = tcase_create("arithmetic");
    tcase_add_test(tc, one_third_of_1_3_million_is_the_audits_430_thousand);
    tcase_add_test(tc, per_minute_prices_and_caller_tariff_are_annualised);
    tcase_add_test(tc, the_operators_nine_etpt_cost_three_times_the_audits_three);
    suite_add_tcase(s, tc);
    return s;
}
