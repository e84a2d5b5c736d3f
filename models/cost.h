/* cc_cost: the yearly cost arithmetic of docs/model.md s.7, as a pure function so the audit's
 * figures (1.3 M EUR of level-1 cost, one third = 430 k EUR for the ministry) can be tested. */
#ifndef CC_COST_H
#define CC_COST_H

#include "models/center.h"
#include "models/scenario.h"

/* What one replication measured, over the simulated days. */
struct cc_cost_input {
    double l1_transferred_calls;     /* level-1 answered calls that came from prefectures */
    double l1_transferred_service_s; /* their service time at level 1 */
    double l1_calls;                 /* all level-1 answered calls */
    double l1_service_s;             /* all level-1 service time */
    double l2_etpt;                  /* level-2 staff in ETPT */
    double caller_line_s;            /* callers' time on 3939 (waits and service, L1 and L2) */
    double years;                    /* simulated open days / open days per year, > 0 */
};

/* Fills out[CC_C_COUNT] in euros (and calls) per year. */
void cc_cost_eval(const struct cc_costs *price, const struct cc_cost_input *in,
                  double out[CC_C_COUNT]);

#endif
