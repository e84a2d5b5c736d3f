/* sim_stat: streaming statistics (see stat.h). Owns nothing per observation: a tally is five
 * doubles, a time average four, a histogram a fixed array of counts.
 * Invariants: tally m2 >= 0 is the sum of squared deviations from the running mean (Welford
 * 1962), merged with Chan, Golub & LeVeque's pairwise update ("Updating formulae and a
 * pairwise algorithm for computing sample variances", 1979), so merge == sequential adds up
 * to rounding; histogram total == sum of counts including the overflow bin. */
#include "sim/stat.h"

#include "sim/bug.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void sim_tally_init(sim_tally *t)
{
    SIM_ASSERT(t != NULL);
    t->n = 0.0;
    t->mean = 0.0;
    t->m2 = 0.0;
    t->min = INFINITY;
    t->max = -INFINITY;
}

void sim_tally_add(sim_tally *t, double x)
{
    t->n += 1.0;
    double delta = x - t->mean;
    t->mean += delta / t->n;
    t->m2 += delta * (x - t->mean);
    if (x < t->min)
        t->min = x;
    if (x > t->max)
        t->max = x;
}

void sim_tally_merge(sim_tally *into, const sim_tally *from)
{
    SIM_ASSERT(into != NULL && from != NULL);
    if (from->n == 0.0)
        return;
    if (into->n == 0.0) {
        *into = *from;
        return;
    }
    double n = into->n + from->n;
    double delta = from->mean - into->mean;
    into->mean += delta * (from->n / n);
    into->m2 += from->m2 + delta * delta * (into->n * from->n / n);
    into->n = n;
    if (from->min < into->min)
        into->min = from->min;
    if (from->max > into->max)
        into->max = from->max;
}

double sim_tally_mean(const sim_tally *t)
{
    return t->n > 0.0 ? t->mean : NAN;
}

double sim_tally_variance(const sim_tally *t)
{
    return t->n >= 2.0 ? t->m2 / (t->n - 1.0) : NAN;
}

double sim_tally_sd(const sim_tally *t)
{
    return sqrt(sim_tally_variance(t));
}

double sim_tally_stderr(const sim_tally *t)
{
    return t->n >= 2.0 ? sqrt(sim_tally_variance(t) / t->n) : NAN;
}

sim_ci sim_tally_ci(const sim_tally *t, double level)
{
    SIM_ASSERT(t != NULL && level > 0.0 && level < 1.0);
    sim_ci ci = {
        .mean = sim_tally_mean(t), .low = NAN, .high = NAN, .half = NAN, .n = (size_t)t->n};
    if (t->n < 2.0)
        return ci;
    double q = gsl_cdf_tdist_Pinv(1.0 - (1.0 - level) / 2.0, t->n - 1.0);
    ci.half = q * sim_tally_stderr(t);
    ci.low = ci.mean - ci.half;
    ci.high = ci.mean + ci.half;
    return ci;
}

void sim_timeavg_init(sim_timeavg *a, double t, double value)
{
    SIM_ASSERT(a != NULL);
    a->t_start = t;
    a->t_last = t;
    a->value = value;
    a->area = 0.0;
}

void sim_timeavg_set(sim_timeavg *a, double t, double value)
{
    SIM_ASSERT(t >= a->t_last);
    a->area += a->value * (t - a->t_last);
    a->t_last = t;
    a->value = value;
}

double sim_timeavg_area(const sim_timeavg *a, double t)
{
    SIM_ASSERT(t >= a->t_last);
    return a->area + a->value * (t - a->t_last);
}

double sim_timeavg_mean(const sim_timeavg *a, double t)
{
    SIM_ASSERT(t >= a->t_last);
    if (t == a->t_start)
        return NAN;
    return sim_timeavg_area(a, t) / (t - a->t_start);
}

struct sim_hist {
    double width;
    size_t nbins;
    uint64_t total;
    uint64_t counts[]; /* nbins regular bins, then the overflow bin */
};

sim_hist *sim_hist_alloc(double width, size_t nbins)
{
    SIM_ASSERT(width > 0.0 && isfinite(width) && nbins > 0);
    SIM_ASSERT(nbins < (SIZE_MAX - sizeof(sim_hist)) / sizeof(uint64_t) - 1);
    sim_hist *h = calloc(1, sizeof(*h) + (nbins + 1) * sizeof(uint64_t));
    if (h == NULL)
        return NULL;
    h->width = width;
    h->nbins = nbins;
    return h;
}

void sim_hist_free(sim_hist *h)
{
    free(h);
}

void sim_hist_reset(sim_hist *h)
{
    SIM_ASSERT(h != NULL);
    memset(h->counts, 0, (h->nbins + 1) * sizeof(uint64_t));
    h->total = 0;
}

inline void sim_hist_add(sim_hist *h, double x)
{
    SIM_ASSERT(!isnan(x));
    double b = x > 0.0 ? x / h->width : 0.0;
    /* Compare as double first: converting a value beyond SIZE_MAX to size_t is undefined. */
    size_t i = b < (double)h->nbins ? (size_t)b : h->nbins;
    h->counts[i]++;
    h->total++;
}

void sim_hist_merge(sim_hist *into, const sim_hist *from)
{
    SIM_ASSERT(into != NULL && from != NULL);
    SIM_ASSERT(into->width == from->width && into->nbins == from->nbins);
    for (size_t i = 0; i <= into->nbins; i++)
        into->counts[i] += from->counts[i];
    into->total += from->total;
}

uint64_t sim_hist_count(const sim_hist *h)
{
    SIM_ASSERT(h != NULL);
    return h->total;
}

double sim_hist_quantile(const sim_hist *h, double p)
{
    SIM_ASSERT(h != NULL && p > 0.0 && p < 1.0);
    if (h->total == 0)
        return NAN;
    /* The p-quantile is where the cumulative count reaches p * total; observations are taken
     * as spread evenly across their bin, so inside the bin the answer is interpolated. */
    double target = p * (double)h->total;
    double below = 0.0;
    for (size_t i = 0; i < h->nbins; i++) {
        double c = (double)h->counts[i];
        if (c > 0.0 && below + c >= target)
            return h->width * ((double)i + (target - below) / c);
        below += c;
    }
    return INFINITY;
}
