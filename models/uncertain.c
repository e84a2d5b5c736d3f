/* cc_uncertain: see uncertain.h. The PRCC is read off the inverse of the correlation matrix of
 * the ranks (Marino et al. 2008): for inputs and output ranked together, the partial
 * correlation of i and y given the rest is -P[i][y] / sqrt(P[i][i] P[y][y]), P the inverse.
 * Its interval uses Fisher's z with n - 3 - (inputs controlled for) degrees of freedom. */
#include "models/uncertain.h"

#include "sim/rng.h"
#include "sim/stat.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double cc_uncertain_triangular_inv(double p, double low, double mode, double high)
{
    const double w = high - low, split = (mode - low) / w;
    if (p <= split)
        return low + sqrt(p * w * (mode - low));
    return high - sqrt((1 - p) * w * (high - mode));
}

double cc_uncertain_inv(const struct cc_uncertain *u, double p)
{
    switch (u->dist) {
    case CC_UNCERTAIN_UNIFORM:
        return u->low + p * (u->high - u->low);
    case CC_UNCERTAIN_TRIANGULAR:
        return cc_uncertain_triangular_inv(p, u->low, u->mode, u->high);
    case CC_UNCERTAIN_DISCRETE:
        break;
    }
    double cum = 0;
    for (size_t i = 0; i + 1 < u->n_values; i++) {
        cum += u->weights[i];
        if (p < cum)
            return u->values[i];
    }
    return u->values[u->n_values - 1];
}

void cc_uncertain_value_text(const struct cc_uncertain *u, double x, char *buf, size_t n)
{
    if (u->labels != NULL) {
        const size_t i = x >= 0 && x < (double)u->n_values ? (size_t)x : 0;
        snprintf(buf, n, "%s", u->labels[i]);
        return;
    }
    /* The shortest text strtod reads back as x: the run it reproduces gets the same double. */
    snprintf(buf, n, "%.15g", x);
    if (strtod(buf, NULL) != x)
        snprintf(buf, n, "%.17g", x);
}

void cc_uncertain_set_text(const struct cc_uncertain *u, double x, char *buf, size_t n)
{
    char v[64];
    cc_uncertain_value_text(u, x, v, sizeof v);
    snprintf(buf, n, "%s=%s", u->path, v);
}

size_t cc_uncertain_oat_values(const struct cc_uncertain *u, double *x, size_t max)
{
    if (u->dist != CC_UNCERTAIN_DISCRETE) {
        if (max >= 2) {
            x[0] = u->low;
            x[1] = u->high;
        }
        return 2;
    }
    for (size_t i = 0; i < u->n_values && i < max; i++)
        x[i] = u->values[i];
    return u->n_values;
}

static enum sim_status design_lhs(size_t n, size_t k, uint64_t seed, double *out)
{
    gsl_rng *r = sim_rng_stream_alloc(seed, 0, sim_rng_stream_id("uncertainty/lhs"));
    size_t *perm = malloc((n ? n : 1) * sizeof *perm);
    if (!r || !perm) {
        gsl_rng_free(r);
        free(perm);
        return SIM_ENOMEM;
    }
    for (size_t j = 0; j < k; j++) {
        for (size_t i = 0; i < n; i++)
            perm[i] = i;
        gsl_ran_shuffle(r, perm, n, sizeof *perm);
        for (size_t i = 0; i < n; i++) {
            double p = ((double)perm[i] + gsl_rng_uniform(r)) / (double)n;
            /* (s + U) / n can round up to the next stratum's edge; keep it in its own. */
            out[i * k + j] = fmin(p, nextafter(((double)perm[i] + 1) / (double)n, 0));
        }
    }
    gsl_rng_free(r);
    free(perm);
    return SIM_OK;
}

static enum sim_status design_sobol(size_t n, size_t k, double *out)
{
    if (k == 0)
        return SIM_OK;
    if (k > CC_DESIGN_SOBOL_MAX_DIM)
        return SIM_EINVAL;
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)k);
    double *p = malloc(k * sizeof *p);
    if (!q || !p) {
        gsl_qrng_free(q);
        free(p);
        return SIM_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        gsl_qrng_get(q, p);
        memcpy(out + i * k, p, k * sizeof *p);
    }
    gsl_qrng_free(q);
    free(p);
    return SIM_OK;
}

enum sim_status cc_design_unit(enum cc_design design, size_t n, size_t k, uint64_t seed,
                               double *out)
{
    return design == CC_DESIGN_LHS ? design_lhs(n, k, seed, out) : design_sobol(n, k, out);
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double cc_uncertain_quantile(const double *v, size_t n, double p)
{
    double *s = malloc((n ? n : 1) * sizeof *s);
    size_t m = 0;
    if (!s)
        return NAN;
    for (size_t i = 0; i < n; i++)
        if (!isnan(v[i]))
            s[m++] = v[i];
    double q = NAN;
    if (m > 0) {
        qsort(s, m, sizeof *s, cmp_double);
        const double h = p * (double)(m - 1);
        const size_t lo = (size_t)floor(h);
        q = lo + 1 < m ? s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]) : s[m - 1];
    }
    free(s);
    return q;
}

struct cc_varsplit cc_uncertain_varsplit(const double *v, size_t n_samples, size_t reps)
{
    sim_tally means, within;
    sim_tally_init(&means);
    sim_tally_init(&within);
    for (size_t i = 0; i < n_samples; i++) {
        sim_tally t;
        sim_tally_init(&t);
        for (size_t r = 0; r < reps; r++)
            if (!isnan(v[i * reps + r]))
                sim_tally_add(&t, v[i * reps + r]);
        if (t.n > 0)
            sim_tally_add(&means, sim_tally_mean(&t));
        if (t.n > 1)
            sim_tally_add(&within, sim_tally_variance(&t) / t.n);
    }
    struct cc_varsplit s = {sim_tally_mean(&means), sim_tally_variance(&means), NAN, NAN};
    if (within.n > 0)
        s.noise = sim_tally_mean(&within);
    if (!isnan(s.total) && !isnan(s.noise))
        s.input = fmax(s.total - s.noise, 0);
    return s;
}

/* Ranks 1..n of v[0..n), ties sharing their average rank, into r (idx: scratch of n). */
static void rank(const double *v, size_t n, double *r, size_t *idx)
{
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    /* Insertion sort by value: n is a few hundred samples. */
    for (size_t i = 1; i < n; i++) {
        const size_t t = idx[i];
        size_t j = i;
        for (; j > 0 && v[idx[j - 1]] > v[t]; j--)
            idx[j] = idx[j - 1];
        idx[j] = t;
    }
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[idx[j + 1]] == v[idx[i]])
            j++;
        for (size_t q = i; q <= j; q++)
            r[idx[q]] = ((double)i + (double)j) / 2 + 1;
        i = j + 1;
    }
}

static bool constant(const double *r, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (r[i] != r[0])
            return false;
    return true;
}

/* PRCC of the m = kv + 1 ranked columns R[c][0..n) (the last is y), into out of the varying
 * inputs col[]. */
static enum sim_status prcc_ranked(double *const *R, size_t n, size_t kv, const size_t *col,
                                   double level, struct cc_prcc *out)
{
    const size_t m = kv + 1;
    gsl_matrix *C = gsl_matrix_alloc(m, m), *P = gsl_matrix_alloc(m, m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    if (!C || !P || !perm) {
        gsl_matrix_free(C);
        gsl_matrix_free(P);
        gsl_permutation_free(perm);
        return SIM_ENOMEM;
    }
    const double mid = ((double)n + 1) / 2;
    for (size_t a = 0; a < m; a++) {
        for (size_t b = 0; b < m; b++) {
            double sab = 0, saa = 0, sbb = 0;
            for (size_t i = 0; i < n; i++) {
                sab += (R[a][i] - mid) * (R[b][i] - mid);
                saa += (R[a][i] - mid) * (R[a][i] - mid);
                sbb += (R[b][i] - mid) * (R[b][i] - mid);
            }
            gsl_matrix_set(C, a, b, sab / sqrt(saa * sbb));
        }
    }
    int sign = 0;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    const bool ok = gsl_linalg_LU_decomp(C, perm, &sign) == 0 &&
                    fabs(gsl_linalg_LU_det(C, sign)) > 1e-12 &&
                    gsl_linalg_LU_invert(C, perm, P) == 0;
    gsl_set_error_handler(old);
    const double df = (double)n - 3 - (double)(kv - 1);
    const double zq = gsl_cdf_ugaussian_Pinv(0.5 + level / 2);
    for (size_t a = 0; a < kv; a++) {
        struct cc_prcc *o = &out[col[a]];
        if (!ok)
            continue;
        const double pay = gsl_matrix_get(P, a, kv);
        double r = -pay / sqrt(gsl_matrix_get(P, a, a) * gsl_matrix_get(P, kv, kv));
        r = fmax(-1, fmin(1, r));
        o->r = r;
        if (df > 0 && fabs(r) < 1) {
            const double z = atanh(r), h = zq / sqrt(df);
            o->low = tanh(z - h);
            o->high = tanh(z + h);
        }
    }
    gsl_matrix_free(C);
    gsl_matrix_free(P);
    gsl_permutation_free(perm);
    return SIM_OK;
}

enum sim_status cc_uncertain_prcc(const double *x, size_t n, size_t k, const double *y,
                                  double level, struct cc_prcc *out)
{
    for (size_t j = 0; j < k; j++)
        out[j] = (struct cc_prcc){NAN, NAN, NAN};
    size_t nv = 0;
    for (size_t i = 0; i < n; i++)
        nv += !isnan(y[i]);
    double *xs = malloc((nv * (k + 1) + 1) * sizeof *xs);
    double *buf = malloc((nv * (k + 1) + 1) * sizeof *buf);
    double **R = malloc((k + 1) * sizeof *R);
    size_t *idx = malloc((nv + 1) * sizeof *idx), *col = malloc((k + 1) * sizeof *col);
    enum sim_status st = SIM_ENOMEM;
    if (!xs || !buf || !R || !idx || !col)
        goto out;
    /* xs: the rows with a y, column-major, y last. */
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]))
            continue;
        for (size_t j = 0; j < k; j++)
            xs[j * nv + q] = x[i * k + j];
        xs[k * nv + q++] = y[i];
    }
    size_t kv = 0;
    for (size_t j = 0; j <= k; j++) {
        double *r = buf + kv * nv;
        rank(xs + j * nv, nv, r, idx);
        if (nv < 2 || constant(r, nv)) {
            if (j == k)
                kv = 0; /* y constant: no correlation is defined */
            continue;
        }
        R[kv] = r;
        col[kv++] = j;
    }
    st = SIM_OK;
    if (kv >= 2 && col[kv - 1] == k)
        st = prcc_ranked(R, nv, kv - 1, col, level, out);
out:
    free(xs);
    free(buf);
    free(R);
    free(idx);
    free(col);
    return st;
}

void cc_uncertain_binomial_ci(size_t x, size_t n, double level, double *low, double *high)
{
    const double a = (1 - level) / 2;
    if (n == 0) {
        *low = *high = NAN;
        return;
    }
    *low = x == 0 ? 0 : gsl_cdf_beta_Pinv(a, (double)x, (double)(n - x) + 1);
    *high = x == n ? 1 : gsl_cdf_beta_Pinv(1 - a, (double)x + 1, (double)(n - x));
}
