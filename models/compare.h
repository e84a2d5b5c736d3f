/* cc_compare: paired differences between two runs under common random numbers (docs/model.md s.6).
 * Replication r of run A and of run B used the same random streams (same seed, same index),
 * so d_r = B_r - A_r cancels most of the noise both share; the Student-t interval of d_r is
 * far narrower than the unpaired (Welch) interval of two independent samples, which is
 * reported beside it for comparison. Pure functions: no printing, no allocation. */
#ifndef CC_COMPARE_H
#define CC_COMPARE_H

#include "models/runner.h"

#include <stdbool.h>
#include <stddef.h>

/* One paired comparison. Only replications where both values are defined (not NAN) count, and
 * mean_a / mean_b are over those same pairs, so mean_diff == mean_b - mean_a (up to rounding). */
struct cc_compare {
    double mean_a;
    double mean_b;
    double mean_diff; /* mean of B_r - A_r */
    double ci_low;    /* paired Student-t 95 % interval of the mean difference (NAN if n < 2) */
    double ci_high;
    double half;          /* paired half-width */
    double unpaired_half; /* Welch half-width of mean_b - mean_a from the same values */
    size_t n;             /* pairs used */
    bool significant;     /* the paired interval excludes 0 */
};

/* Compares n pairs (a[i], b[i]) at the given level (0.95); NAN pairs are skipped. */
void cc_compare_values(const double *a, const double *b, size_t n, double level,
                       struct cc_compare *out);

/* Compares summary row name (looked up in each run) and metric m. Returns false, leaving *out
 * untouched, when either run lacks the row or does not report the metric for it. */
bool cc_compare_metric(const struct cc_run *a, const struct cc_run *b, const char *name,
                       enum cc_metric m, struct cc_compare *out);

/* Compares cost k. Returns false when either run has no costs (station model). */
bool cc_compare_cost(const struct cc_run *a, const struct cc_run *b, enum cc_cost k,
                     struct cc_compare *out);

/* The marginal public cost of one more answered caller from A to B (cc_cost_marginal over the
 * replications' public_eur_per_year and answered_calls_per_year), as a comparison: mean_diff is
 * the euros per extra answered call, ci_low / ci_high its paired interval (NAN when B does not
 * answer significantly more or fewer calls), mean_a / mean_b are NAN. False without costs. */
bool cc_compare_marginal_cost(const struct cc_run *a, const struct cc_run *b,
                              struct cc_compare *out);

#endif
