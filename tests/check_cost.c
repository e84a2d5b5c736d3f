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

/* The seed's 1.3 M EUR is the operator's ask for the extension: 87 more prefectures (101 - 14)
 * each transferring 7 % of 350 calls a day (docs/sources.md s.3), that is 2,131.5 calls a day,
 * 532,875 a year over 250 days. Billed per call offered at 2.4 EUR they cost 1,278,900 EUR,
 * 1.6 % under 1.3 M, and the ministry's third 426,300 EUR, 0.9 % under 430 k. Billed per call
 * answered (3 in 4 of them, say), the same calls cost a quarter less. */
START_TEST(billing_every_call_offered_reproduces_the_seeds_figures)
{
    const double years = 5.0 / 250.0, offered = 87 * 350 * 0.07 * 5;
    const struct cc_cost_input in = {
        .l1_transferred_offered = offered,
        .l1_transferred_calls = 0.75 * offered,
        .l1_offered = offered,
        .l1_calls = 0.75 * offered,
        .years = years,
    };
    struct cc_costs p = audit_prices;
    p.l1_billing = CC_BILL_OFFERED;
    double out[CC_C_COUNT];
    cc_cost_eval(&p, &in, out);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_OFFERED], 532875.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_EUR], 1278900.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_MINISTRY_EUR], 426300.0, 1e-6);
    ck_assert(fabs(out[CC_C_L1_TRANSFERRED_EUR] - 1.3e6) / 1.3e6 < 0.02);
    ck_assert(fabs(out[CC_C_MINISTRY_EUR] - 430000.0) / 430000.0 < 0.01);
    p.l1_billing = CC_BILL_ANSWERED;
    cc_cost_eval(&p, &in, out);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_EUR], 0.75 * 1278900.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_CALLS], 0.75 * 532875.0, 1e-6);
}
END_TEST

/* Per minute: the minutes on the level-1 line, waiting included, and no price per call. 100
 * calls of 30 s waiting and 180 s of service at 0.8 EUR a minute over half a year: 100 * 3.5 *
 * 0.8 * 2 = 560 EUR a year, whatever the number answered. */
START_TEST(billing_per_minute_counts_the_line_not_the_calls)
{
    struct cc_costs p = audit_prices;
    p.l1_billing = CC_BILL_MINUTE;
    p.l1_eur_per_call = 0.0;
    p.l1_eur_per_min = 0.8;
    const struct cc_cost_input in = {
        .l1_transferred_calls = 40,
        .l1_transferred_offered = 100,
        .l1_transferred_service_s = 100 * 180.0,
        .l1_transferred_line_s = 100 * 210.0,
        .l1_calls = 40,
        .l1_offered = 100,
        .l1_service_s = 100 * 180.0,
        .l1_line_s = 100 * 210.0,
        .years = 0.5,
    };
    double out[CC_C_COUNT];
    cc_cost_eval(&p, &in, out);
    ck_assert_double_eq_tol(out[CC_C_L1_TRANSFERRED_EUR], 560.0, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_L1_TOTAL_EUR], 560.0, 1e-9);
}
END_TEST

/* Every euro has one payer: the ministry (its share of the transferred calls and the level-2
 * pool), the operator (the rest of level 1) and the callers. Figures: 1,000 transferred calls
 * and 3,000 in all at 2.4 EUR over one year, 10 ETPT, 6,000 minutes on the line, 2,500
 * journeys answered by 3939. */
START_TEST(payers_share_every_euro_and_the_cost_per_answered_call)
{
    const struct cc_cost_input in = {
        .l1_transferred_calls = 1000,
        .l1_calls = 3000,
        .l2_etpt = 10,
        .l2_ministry_etpt = 10,
        .caller_line_s = 6000 * 60.0,
        .answered_calls = 2500,
        .years = 1.0,
    };
    double out[CC_C_COUNT];
    cc_cost_eval(&audit_prices, &in, out);
    ck_assert_double_eq_tol(out[CC_C_MINISTRY_TOTAL_EUR], 2400.0 / 3 + 550000.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_OPERATOR_EUR], 7200.0 - 800.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_CALLER_EUR], 720.0, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_MINISTRY_TOTAL_EUR] + out[CC_C_OPERATOR_EUR],
                            out[CC_C_L1_TOTAL_EUR] + out[CC_C_L2_EUR], 1e-6);
    ck_assert_double_eq_tol(out[CC_C_PUBLIC_EUR], 557200.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_ANSWERED_CALLS], 2500.0, 1e-9);
    ck_assert_double_eq_tol(out[CC_C_EUR_PER_ANSWERED], 557200.0 / 2500, 1e-9);
}
END_TEST

/* With CAI sectors the CAI's staff cost counts every sector, the ministry's only the Interior
 * pool's posts (10 of 25 ETPT here): the other sectors are other ministries' posts, so the
 * ministry and the operator no longer account for the whole public cost. */
START_TEST(ministry_pays_its_own_sector_of_the_cai)
{
    const struct cc_cost_input in = {
        .l1_transferred_calls = 1000,
        .l1_calls = 3000,
        .l2_etpt = 25,
        .l2_ministry_etpt = 10,
        .answered_calls = 2500,
        .years = 1.0,
    };
    double out[CC_C_COUNT];
    cc_cost_eval(&audit_prices, &in, out);
    ck_assert_double_eq_tol(out[CC_C_L2_EUR], 25 * 55000.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_MINISTRY_TOTAL_EUR], 2400.0 / 3 + 10 * 55000.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_PUBLIC_EUR], 7200.0 + 25 * 55000.0, 1e-6);
    ck_assert_double_eq_tol(out[CC_C_PUBLIC_EUR] - out[CC_C_MINISTRY_TOTAL_EUR] -
                                out[CC_C_OPERATOR_EUR],
                            15 * 55000.0, 1e-6);
}
END_TEST

struct diffs {
    const double *dc, *dn;
};

static void diffs_pair(const void *ctx, size_t r, double *dc, double *dn)
{
    const struct diffs *d = ctx;
    *dc = d->dc[r];
    *dn = d->dn[r];
}

/* The ratio of the mean differences, with the delta-method interval. Two replications: dC = 1
 * and 3 for dN = 1 and 1, so R = 2 and the residuals dC - 2 dN are -1 and +1: s = sqrt(2),
 * half-width t(0.975, 1) * sqrt(2) / sqrt(2) / 1 = 12.7062. */
START_TEST(marginal_cost_is_a_ratio_of_paired_means_with_its_interval)
{
    const double dc[] = {1, 3, NAN}, dn[] = {1, 1, 5};
    struct cc_marginal m;
    cc_cost_marginal(diffs_pair, &(struct diffs){dc, dn}, 3, 0.95, &m);
    ck_assert_uint_eq(m.n, 2);
    ck_assert_double_eq_tol(m.eur_per_call, 2.0, 1e-12);
    ck_assert_double_eq_tol(m.ci_low, 2.0 - 12.7062047, 1e-6);
    ck_assert_double_eq_tol(m.ci_high, 2.0 + 12.7062047, 1e-6);
    /* Exactly proportional differences: no noise in the ratio. */
    const double dc3[] = {10, 12, 14}, dn3[] = {5, 6, 7};
    cc_cost_marginal(diffs_pair, &(struct diffs){dc3, dn3}, 3, 0.95, &m);
    ck_assert_double_eq_tol(m.eur_per_call, 2.0, 1e-12);
    ck_assert_double_eq_tol(m.ci_low, 2.0, 1e-12);
    ck_assert_double_eq_tol(m.ci_high, 2.0, 1e-12);
}
END_TEST

/* dN = 2 and -1: mean 0.5, standard error 1.5, so the count's interval holds 0 and the ratio
 * (2 / 0.5 = 4) has no finite bound. */
START_TEST(marginal_cost_has_no_interval_when_the_calls_may_not_change)
{
    const double dc[] = {3, -1}, dn[] = {2, -1};
    struct cc_marginal m;
    cc_cost_marginal(diffs_pair, &(struct diffs){dc, dn}, 2, 0.95, &m);
    ck_assert_double_eq_tol(m.eur_per_call, 2.0, 1e-12);
    ck_assert(isnan(m.ci_low) && isnan(m.ci_high));
    const double zc[] = {1, 1}, zn[] = {0, 0};
    cc_cost_marginal(diffs_pair, &(struct diffs){zc, zn}, 2, 0.95, &m);
    ck_assert(isnan(m.eur_per_call));
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
    tcase_add_test(tc, billing_every_call_offered_reproduces_the_seeds_figures);
    tcase_add_test(tc, billing_per_minute_counts_the_line_not_the_calls);
    tcase_add_test(tc, payers_share_every_euro_and_the_cost_per_answered_call);
    tcase_add_test(tc, ministry_pays_its_own_sector_of_the_cai);
    tcase_add_test(tc, marginal_cost_is_a_ratio_of_paired_means_with_its_interval);
    tcase_add_test(tc, marginal_cost_has_no_interval_when_the_calls_may_not_change);
    suite_add_tcase(s, tc);
    return s;
}
