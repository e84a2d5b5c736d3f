/* cc_uncertain: what the declared uncertain inputs of a scenario (struct cc_uncertain, read by
 * the loader) are used for: inverse CDFs, --set text of a value, the one-at-a-time points of a
 * tornado, space-filling designs (Latin hypercube, Sobol'), and the statistics of a study
 * (quantiles, the split of the variance of sample means into input and simulation noise,
 * partial rank correlation coefficients, binomial intervals). Pure: no I/O, no globals.
 * A value is a double: the number itself, or for discrete string values the label's index. */
#ifndef CC_UNCERTAIN_H
#define CC_UNCERTAIN_H

#include "models/scenario.h"
#include "sim/diag.h"

#include <stddef.h>
#include <stdint.h>

/* Inverse CDF of the triangular distribution (low <= mode <= high, low < high), p in [0, 1]. */
double cc_uncertain_triangular_inv(double p, double low, double mode, double high);

/* The value of u at probability p in [0, 1): the inverse CDF (uniform, triangular); discrete:
 * the first value whose cumulative weight exceeds p. */
double cc_uncertain_inv(const struct cc_uncertain *u, double p);

/* The value x as --set reads it back exactly ("0.034512345678901", "load"), and "PATH=VALUE". */
void cc_uncertain_value_text(const struct cc_uncertain *u, double x, char *buf, size_t n);
void cc_uncertain_set_text(const struct cc_uncertain *u, double x, char *buf, size_t n);

/* The values a one-at-a-time study tries: low and high, or each discrete value. Writes at
 * most max into x and returns how many there are. */
size_t cc_uncertain_oat_values(const struct cc_uncertain *u, double *x, size_t max);

enum cc_design { CC_DESIGN_LHS, CC_DESIGN_SOBOL };
#define CC_DESIGN_SOBOL_MAX_DIM 40 /* gsl_qrng_sobol */

/* n points of k probabilities in [0, 1), row-major out[i * k + j]. Latin hypercube: in each
 * column the n strata [s/n, (s+1)/n) hold exactly one point each, placed at random (streams of
 * seed); Sobol': the first n points of GSL's sequence (which starts at (1/2, ...), not at the
 * corner 0), seed unused.
 * SIM_EINVAL when k > CC_DESIGN_SOBOL_MAX_DIM for Sobol', SIM_ENOMEM. */
enum sim_status cc_design_unit(enum cc_design design, size_t n, size_t k, uint64_t seed,
                               double *out);

/* The p-quantile (0..1) of v[0..n) by linear interpolation of the sorted values (NAN skipped;
 * NAN when none). v is not changed. */
double cc_uncertain_quantile(const double *v, size_t n, double p);

/* Nested design: v[i * reps + r] is replication r of sample i (NAN skipped). total: variance
 * over samples of the sample means; noise: the mean within-sample variance / reps, which is
 * what replication noise adds to that variance; input = total - noise, at least 0. */
struct cc_varsplit {
    double mean;
    double total;
    double noise;
    double input;
};
struct cc_varsplit cc_uncertain_varsplit(const double *v, size_t n_samples, size_t reps);

/* Partial rank correlation coefficient of each input x[.][j] with y, controlling for the other
 * inputs, and its Fisher-z interval at the given level. x: n rows of k (row-major). Rows where
 * y is NAN are left out; an input constant over the rows (or y constant) gets NAN. */
struct cc_prcc {
    double r;
    double low;
    double high;
};
enum sim_status cc_uncertain_prcc(const double *x, size_t n, size_t k, const double *y,
                                  double level, struct cc_prcc *out);

/* Clopper-Pearson interval of a proportion x / n at the given level. */
void cc_uncertain_binomial_ci(size_t x, size_t n, double level, double *low, double *high);

#endif
