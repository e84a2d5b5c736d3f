/* sim_stat: streaming statistics. Nothing here stores per-observation arrays, so memory does
 * not grow with the horizon.
 *   sim_tally    Welford mean/variance (Welford 1962; Chan et al. merge)
 *   sim_timeavg  time-weighted average of a piecewise-constant quantity
 *   sim_hist     fixed-width histogram with overflow, for quantiles (mergeable)
 *   sim_ci       Student-t confidence interval (gsl_cdf_tdist_Pinv) */
#ifndef SIM_STAT_H
#define SIM_STAT_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim_tally {
    double n;
    double mean;
    double m2;
    double min;
    double max;
} sim_tally;

void sim_tally_init(sim_tally *t);
void sim_tally_add(sim_tally *t, double x);
void sim_tally_merge(sim_tally *into, const sim_tally *from);
double sim_tally_mean(const sim_tally *t);     /* NAN when n == 0 */
double sim_tally_variance(const sim_tally *t); /* sample variance (n-1); NAN when n < 2 */
double sim_tally_sd(const sim_tally *t);
double sim_tally_stderr(const sim_tally *t); /* sd / sqrt(n); NAN when n < 2 */

typedef struct sim_ci {
    double mean;
    double low;
    double high;
    double half; /* half width; NAN when n < 2 */
    size_t n;
} sim_ci;

/* Two-sided Student-t interval at the given level (0.95) over the tally's observations.
 * With n < 2 the bounds are NAN; with zero variance they equal the mean. */
sim_ci sim_tally_ci(const sim_tally *t, double level);

typedef struct sim_timeavg {
    double t_start;
    double t_last;
    double value;
    double area;
} sim_timeavg;

void sim_timeavg_init(sim_timeavg *a, double t, double value);
void sim_timeavg_set(sim_timeavg *a, double t, double value); /* t >= t_last */
double sim_timeavg_area(const sim_timeavg *a, double t);      /* integral up to t */
/* area / (t - t_start); NAN when t == t_start (an empty window has no average). */
double sim_timeavg_mean(const sim_timeavg *a, double t);

typedef struct sim_hist sim_hist;

/* nbins bins of width w starting at 0, plus one overflow bin. NULL on ENOMEM. */
sim_hist *sim_hist_alloc(double width, size_t nbins);
void sim_hist_free(sim_hist *h);
void sim_hist_reset(sim_hist *h);
void sim_hist_add(sim_hist *h, double x);                  /* x < 0 counts as 0 */
void sim_hist_merge(sim_hist *into, const sim_hist *from); /* same shape, else bug */
uint64_t sim_hist_count(const sim_hist *h);
/* p-quantile (0 < p < 1), linear inside the bin; NAN when empty; +INFINITY in overflow. */
double sim_hist_quantile(const sim_hist *h, double p);

#endif
