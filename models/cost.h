/* cc_cost: the yearly cost arithmetic of docs/model.md s.7, as a pure function so the audit's
 * figures (1.3 M EUR of level-1 cost, one third = 430 k EUR for the ministry) can be tested. */
#ifndef CC_COST_H
#define CC_COST_H

#include "models/center.h"
#include "models/scenario.h"

#include <stddef.h>

/* What one replication measured, over the simulated days. "Transferred" calls are the level-1
 * calls that came from prefectures; "line" time is waiting plus service at level 1. */
struct cc_cost_input {
    double l1_transferred_calls;     /* level-1 answered calls that came from prefectures */
    double l1_transferred_service_s; /* their service time at level 1 */
    double l1_calls;                 /* all level-1 answered calls */
    double l1_service_s;             /* all level-1 service time */
    double l2_etpt;                  /* level-2 staff in ETPT (every CAI sector) */
    double l2_ministry_etpt;         /* those of the Interior pool: the ministry's posts */
    double caller_line_s;            /* callers' time on 3939 (waits and service, L1 and L2) */
    double years;                    /* simulated open days / open days per year, > 0 */
    double l1_transferred_offered;   /* level-1 calls offered that came from prefectures */
    double l1_transferred_line_s;    /* their time on the level-1 line */
    double l1_offered;               /* all level-1 calls offered */
    double l1_line_s;                /* all time on the level-1 line */
    double answered_calls;           /* journeys that ended answered at level 1 or 2 */
};

/* Fills out[CC_C_COUNT] in euros (and calls) per year. */
void cc_cost_eval(const struct cc_costs *price, const struct cc_cost_input *in,
                  double out[CC_C_COUNT]);

/* The marginal cost of one more answered call between two runs A and B paired by replication:
 * the ratio estimator R = mean(dC) / mean(dN) of the differences d = B_r - A_r of a cost C and a
 * count N, with the delta-method interval R +- t * s(dC - R dN) / (|mean(dN)| sqrt(n)). The
 * interval is NAN when n < 2 or when the paired interval of dN contains 0 (R is then unbounded:
 * B may answer no more calls than A). Pairs with a NAN are left out. */
struct cc_marginal {
    double d_cost;  /* mean of dC */
    double d_calls; /* mean of dN */
    double eur_per_call;
    double ci_low, ci_high;
    size_t n;
};
/* pair(ctx, r, &dc, &dn) gives replication r's differences; called twice per replication, so
 * that no array has to be allocated. */
typedef void cc_cost_pair_fn(const void *ctx, size_t r, double *dc, double *dn);
void cc_cost_marginal(cc_cost_pair_fn *pair, const void *ctx, size_t n, double level,
                      struct cc_marginal *out);

#endif
