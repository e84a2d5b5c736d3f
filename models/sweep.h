/* cc_sweep: the grid of a parameter sweep. An axis "path=from:to:step" gives the values
 * from + i * step (i = 0, 1, ... while <= to); one or two axes, the grid is their product
 * (x outer, y inner). Each grid point becomes --set strings "path=value" for the loader.
 * Pure: errors go in a sim_diag, nothing is printed. */
#ifndef CC_SWEEP_H
#define CC_SWEEP_H

#include "sim/diag.h"

#include <stdbool.h>
#include <stddef.h>

#define CC_SWEEP_MAX_AXES 2
#define CC_SWEEP_MAX_POINTS 1000 /* per axis */
#define CC_SWEEP_MAX_GRID 10000  /* points in all (every point's replications stay in memory) */

struct cc_sweep_axis {
    char *path; /* owned, e.g. "level2.etpt" */
    double from;
    double to;
    double step;
    size_t n; /* number of values, 1..CC_SWEEP_MAX_POINTS */
};

/* Parses text ("level2.etpt=10:30:2") into *ax (free with cc_sweep_axis_free). On a problem
 * adds "--vary 'TEXT': what is wrong" to d and returns false. */
bool cc_sweep_axis_parse(const char *text, struct cc_sweep_axis *ax, sim_diag *d);
void cc_sweep_axis_free(struct cc_sweep_axis *ax);

/* Value i of the axis: from + i * step, computed afresh so that no error accumulates. */
double cc_sweep_axis_value(const struct cc_sweep_axis *ax, size_t i);

/* One grid point: its coordinates and the --set strings that select it. */
struct cc_sweep_point {
    double x[CC_SWEEP_MAX_AXES];
    char *set[CC_SWEEP_MAX_AXES]; /* owned, "path=%.10g"; set[1] NULL for one axis */
};

/* The product grid of n_axes (1 or 2) axes, point p = i * ny + j for x index i and y index j.
 * Returns an array of *n_points points (free with cc_sweep_grid_free), or NULL on ENOMEM. */
struct cc_sweep_point *cc_sweep_grid(const struct cc_sweep_axis *axes, size_t n_axes,
                                     size_t *n_points);
void cc_sweep_grid_free(struct cc_sweep_point *pts, size_t n_points);

/* The point that point p of a grid with n_y values of y (1 for one axis) is compared with
 * (paired differences under common random numbers, sweep.csv's base_point): the first value of
 * x on the same curve, i.e. the same y. So each curve's differences start at 0 and a
 * two-parameter sweep's curves are not mixed up. */
size_t cc_sweep_base_point(size_t p, size_t n_y);

#endif
