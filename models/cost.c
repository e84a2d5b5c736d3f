/* cc_cost: yearly costs from one replication's counts (docs/model.md s.7).
 * Level 1 is priced per answered call and per minute of service; level 2 per ETPT; callers per
 * minute on the line. Counts are annualised by the simulated share of a year of open days.
 * The ministry pays ministry_share of the level-1 cost of the calls transferred from
 * prefectures (the audit: at most one third, 1.3 M EUR -> 430 k EUR). */
#include "models/cost.h"

#include "sim/bug.h"

void cc_cost_eval(const struct cc_costs *price, const struct cc_cost_input *in,
                  double out[CC_C_COUNT])
{
    SIM_ASSERT(in->years > 0);
    const double per_year = 1.0 / in->years;
    const double transferred_eur = in->l1_transferred_calls * price->l1_eur_per_call +
                                   in->l1_transferred_service_s / 60.0 * price->l1_eur_per_min;
    const double total_eur =
        in->l1_calls * price->l1_eur_per_call + in->l1_service_s / 60.0 * price->l1_eur_per_min;

    out[CC_C_L1_TRANSFERRED_CALLS] = in->l1_transferred_calls * per_year;
    out[CC_C_L1_TRANSFERRED_EUR] = transferred_eur * per_year;
    out[CC_C_MINISTRY_EUR] = transferred_eur * per_year * price->ministry_share;
    out[CC_C_L1_TOTAL_EUR] = total_eur * per_year;
    out[CC_C_L2_EUR] = in->l2_etpt * price->etpt_eur_per_year;
    out[CC_C_CALLER_EUR] = in->caller_line_s / 60.0 * price->tariff_eur_per_min * per_year;
}
