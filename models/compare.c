/* cc_compare: paired comparison of two runs that share their random streams (common random
 * numbers, docs/model.md s.6). For every replication r the difference d_r = B_r - A_r is taken
 * first, then its Student-t interval: the noise A and B share cancels in d_r, which is the
 * whole point of running both with one seed. The Welch (unpaired) half-width of the same
 * values is kept beside it, so a report can show how much the pairing bought. Pairs where
 * either value is NAN (a ratio over zero calls) are left out of every statistic, so the three
 * means describe the same replications and mean_diff equals mean_b - mean_a. */
#include "models/compare.h"

#include "models/cost.h"
#include "models/report.h"
#include "sim/stat.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

struct pairs {
    sim_tally a;
    sim_tally b;
    sim_tally d;
};

static void pairs_init(struct pairs *p)
{
    sim_tally_init(&p->a);
    sim_tally_init(&p->b);
    sim_tally_init(&p->d);
}

static void pairs_add(struct pairs *p, double a, double b)
{
    if (isnan(a) || isnan(b))
        return;
    sim_tally_add(&p->a, a);
    sim_tally_add(&p->b, b);
    sim_tally_add(&p->d, b - a);
}

/* Welch-Satterthwaite half-width of mean_b - mean_a for two samples of equal size n. */
static double welch_half(const struct pairs *p, double level)
{
    const double n = p->d.n;
    if (n < 2)
        return NAN;
    const double va = sim_tally_variance(&p->a) / n;
    const double vb = sim_tally_variance(&p->b) / n;
    const double se2 = va + vb;
    if (!(se2 > 0))
        return 0.0;
    const double df = se2 * se2 / (va * va / (n - 1) + vb * vb / (n - 1));
    return gsl_cdf_tdist_Pinv(0.5 + level / 2, df) * sqrt(se2);
}

static void pairs_finish(const struct pairs *p, double level, struct cc_compare *out)
{
    const sim_ci ci = sim_tally_ci(&p->d, level);
    out->mean_a = sim_tally_mean(&p->a);
    out->mean_b = sim_tally_mean(&p->b);
    out->mean_diff = ci.mean;
    out->ci_low = ci.low;
    out->ci_high = ci.high;
    out->half = ci.half;
    out->unpaired_half = welch_half(p, level);
    out->n = (size_t)p->d.n;
    /* NAN bounds (fewer than two pairs) compare false: never significant. */
    out->significant = ci.low > 0 || ci.high < 0;
}

void cc_compare_values(const double *a, const double *b, size_t n, double level,
                       struct cc_compare *out)
{
    struct pairs p;
    pairs_init(&p);
    for (size_t i = 0; i < n; i++)
        pairs_add(&p, a[i], b[i]);
    pairs_finish(&p, level, out);
}

static int paired_reps(const struct cc_run *a, const struct cc_run *b)
{
    return a->reps < b->reps ? a->reps : b->reps;
}

bool cc_compare_metric(const struct cc_run *a, const struct cc_run *b, const char *name,
                       enum cc_metric m, struct cc_compare *out)
{
    const int ra = cc_report_row(a, name);
    const int rb = cc_report_row(b, name);
    if (ra < 0 || rb < 0)
        return false;
    const size_t ia = (size_t)ra * CC_M_COUNT + (size_t)m;
    const size_t ib = (size_t)rb * CC_M_COUNT + (size_t)m;
    if (!a->layout->row_mask[ia] || !b->layout->row_mask[ib])
        return false;
    struct pairs p;
    pairs_init(&p);
    for (int r = 0; r < paired_reps(a, b); r++)
        pairs_add(&p, a->rep[r]->summary[ia], b->rep[r]->summary[ib]);
    pairs_finish(&p, CC_REPORT_LEVEL, out);
    return true;
}

bool cc_compare_cost(const struct cc_run *a, const struct cc_run *b, enum cc_cost k,
                     struct cc_compare *out)
{
    if (!a->layout->has_network || !b->layout->has_network)
        return false;
    struct pairs p;
    pairs_init(&p);
    for (int r = 0; r < paired_reps(a, b); r++)
        pairs_add(&p, a->rep[r]->costs[k], b->rep[r]->costs[k]);
    pairs_finish(&p, CC_REPORT_LEVEL, out);
    return true;
}

struct run_pair {
    const struct cc_run *a, *b;
};

static void marginal_pair(const void *ctx, size_t r, double *dc, double *dn)
{
    const struct run_pair *p = ctx;
    const double *a = p->a->rep[r]->costs, *b = p->b->rep[r]->costs;
    *dc = b[CC_C_PUBLIC_EUR] - a[CC_C_PUBLIC_EUR];
    *dn = b[CC_C_ANSWERED_CALLS] - a[CC_C_ANSWERED_CALLS];
}

bool cc_compare_marginal_cost(const struct cc_run *a, const struct cc_run *b,
                              struct cc_compare *out)
{
    if (!a->layout->has_network || !b->layout->has_network)
        return false;
    const struct run_pair p = {a, b};
    struct cc_marginal m;
    cc_cost_marginal(marginal_pair, &p, (size_t)paired_reps(a, b), CC_REPORT_LEVEL, &m);
    *out = (struct cc_compare){NAN,      NAN,       m.eur_per_call,
                               m.ci_low, m.ci_high, (m.ci_high - m.ci_low) / 2,
                               NAN,      m.n,       m.ci_low > 0 || m.ci_high < 0};
    return true;
}
