/* cc_cost: yearly costs from one replication's counts (docs/model.md s.7).
 * Level 1 is priced on the basis costs.l1_billing names: per answered call (the default), per
 * call offered, each with a price per minute of service on top, or per minute on the line
 * (waiting included). Level 2 is priced per ETPT; callers per minute on the line. Counts are
 * annualised by the simulated share of a year of open days. The ministry pays ministry_share
 * of the level-1 cost of the calls transferred from prefectures (the audit: at most one third,
 * 1.3 M EUR -> 430 k EUR) and the Interior's level-2 pool (with CAI sectors, the sector
 * receiving the prefectures' escalations: the other sectors are other ministries' posts); the
 * operator pays the rest of level 1. */
#include "models/cost.h"

#include "sim/bug.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

/* The provider's bill for a set of calls under the scenario's basis. */
static double l1_bill(const struct cc_costs *p, double answered, double offered, double service_s,
                      double line_s)
{
    switch (p->l1_billing) {
    case CC_BILL_ANSWERED:
        return answered * p->l1_eur_per_call + service_s / 60.0 * p->l1_eur_per_min;
    case CC_BILL_OFFERED:
        return offered * p->l1_eur_per_call + service_s / 60.0 * p->l1_eur_per_min;
    case CC_BILL_MINUTE:
        return line_s / 60.0 * p->l1_eur_per_min;
    }
    SIM_ASSERT(false);
    return NAN;
}

void cc_cost_eval(const struct cc_costs *price, const struct cc_cost_input *in,
                  double out[CC_C_COUNT])
{
    SIM_ASSERT(in->years > 0);
    const double per_year = 1.0 / in->years;
    const double transferred_eur =
        l1_bill(price, in->l1_transferred_calls, in->l1_transferred_offered,
                in->l1_transferred_service_s, in->l1_transferred_line_s) *
        per_year;
    const double total_eur =
        l1_bill(price, in->l1_calls, in->l1_offered, in->l1_service_s, in->l1_line_s) * per_year;
    const double ministry_l1 = transferred_eur * price->ministry_share;
    const double l2_eur = in->l2_etpt * price->etpt_eur_per_year;
    const double answered = in->answered_calls * per_year;

    out[CC_C_L1_TRANSFERRED_CALLS] = in->l1_transferred_calls * per_year;
    out[CC_C_L1_TRANSFERRED_EUR] = transferred_eur;
    out[CC_C_MINISTRY_EUR] = ministry_l1;
    out[CC_C_L1_TOTAL_EUR] = total_eur;
    out[CC_C_L2_EUR] = l2_eur;
    out[CC_C_CALLER_EUR] = in->caller_line_s / 60.0 * price->tariff_eur_per_min * per_year;
    out[CC_C_L1_TRANSFERRED_OFFERED] = in->l1_transferred_offered * per_year;
    out[CC_C_OPERATOR_EUR] = total_eur - ministry_l1;
    out[CC_C_MINISTRY_TOTAL_EUR] = ministry_l1 + in->l2_ministry_etpt * price->etpt_eur_per_year;
    out[CC_C_PUBLIC_EUR] = total_eur + l2_eur;
    out[CC_C_ANSWERED_CALLS] = answered;
    out[CC_C_EUR_PER_ANSWERED] = answered > 0 ? (total_eur + l2_eur) / answered : NAN;
}

void cc_cost_marginal(cc_cost_pair_fn *pair, const void *ctx, size_t n, double level,
                      struct cc_marginal *out)
{
    double sc = 0, sn = 0, snn = 0, dc, dn;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        pair(ctx, i, &dc, &dn);
        if (isnan(dc) || isnan(dn))
            continue;
        sc += dc;
        sn += dn;
        snn += dn * dn;
        m++;
    }
    *out = (struct cc_marginal){NAN, NAN, NAN, NAN, NAN, m};
    if (m == 0)
        return;
    out->d_cost = sc / (double)m;
    out->d_calls = sn / (double)m;
    out->eur_per_call = out->d_calls != 0 ? out->d_cost / out->d_calls : NAN;
    if (m < 2 || !isfinite(out->eur_per_call))
        return;
    const double t = gsl_cdf_tdist_Pinv(0.5 + level / 2, (double)(m - 1));
    const double var_n = (snn - sn * sn / (double)m) / (double)(m - 1);
    /* The count's own interval must exclude 0, or the ratio has no finite bound. */
    if (fabs(out->d_calls) <= t * sqrt(var_n / (double)m))
        return;
    double sr = 0;
    for (size_t i = 0; i < n; i++) {
        pair(ctx, i, &dc, &dn);
        if (isnan(dc) || isnan(dn))
            continue;
        const double e = dc - out->eur_per_call * dn;
        sr += e * e;
    }
    const double half = t * sqrt(sr / (double)(m - 1) / (double)m) / fabs(out->d_calls);
    out->ci_low = out->eur_per_call - half;
    out->ci_high = out->eur_per_call + half;
}
