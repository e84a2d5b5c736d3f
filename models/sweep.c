/* cc_sweep: parsing of --vary axes and expansion of the sweep grid. The i-th value of an axis
 * is from + i * step, never a running sum, so 0.1-steps do not drift; the number of values is
 * floor((to - from) / step) + 1 with a 1e-9 tolerance, so "0:0.3:0.1" ends at 0.3 although
 * 0.3 / 0.1 is 2.9999999999999996 in binary. Values reach the loader as "%.10g" text, the
 * same format the CSV writer uses, so a point's x in sweep.csv is the value it ran with. */
#include "models/sweep.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool parse_num(const char *s, size_t len, double *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    errno = 0;
    const double x = strtod(buf, &end);
    if (end == buf || *end != '\0' || errno == ERANGE || !isfinite(x))
        return false;
    *out = x;
    return true;
}

/* Splits "from:to:step" into three numbers; names the first field that is not a number. */
static bool parse_fields(const char *text, const char *s, double v[3], sim_diag *d)
{
    static const char *const field[3] = {"from", "to", "step"};
    for (int k = 0; k < 3; k++) {
        const char *colon = strchr(s, ':');
        const size_t len = k < 2 ? (colon ? (size_t)(colon - s) : 0) : strlen(s);
        if ((k < 2 && !colon) || (k == 2 && strchr(s, ':'))) {
            sim_diag_add(d, "--vary '%s': expected path=from:to:step", text);
            return false;
        }
        if (!parse_num(s, len, &v[k])) {
            sim_diag_add(d, "--vary '%s': %s: expected a number, got '%.*s'", text, field[k],
                         (int)len, s);
            return false;
        }
        s += len + 1;
    }
    return true;
}

static bool check_range(const char *text, const double v[3], size_t *n, sim_diag *d)
{
    if (!(v[2] > 0)) {
        sim_diag_add(d, "--vary '%s': step must be > 0, got %.10g", text, v[2]);
        return false;
    }
    if (v[1] < v[0]) {
        sim_diag_add(d, "--vary '%s': to must be >= from", text);
        return false;
    }
    const double q = floor((v[1] - v[0]) / v[2] + 1e-9);
    if (q + 1 > CC_SWEEP_MAX_POINTS) {
        sim_diag_add(d, "--vary '%s': %.0f points, at most %d per axis", text, q + 1,
                     CC_SWEEP_MAX_POINTS);
        return false;
    }
    *n = (size_t)q + 1;
    return true;
}

bool cc_sweep_axis_parse(const char *text, struct cc_sweep_axis *ax, sim_diag *d)
{
    memset(ax, 0, sizeof *ax);
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || strchr(eq + 1, '=')) {
        sim_diag_add(d, "--vary '%s': expected path=from:to:step", text);
        return false;
    }
    double v[3];
    size_t n;
    if (!parse_fields(text, eq + 1, v, d) || !check_range(text, v, &n, d))
        return false;
    const size_t len = (size_t)(eq - text);
    ax->path = malloc(len + 1);
    if (!ax->path) {
        sim_diag_add(d, "--vary '%s': out of memory", text);
        return false;
    }
    memcpy(ax->path, text, len);
    ax->path[len] = '\0';
    ax->from = v[0];
    ax->to = v[1];
    ax->step = v[2];
    ax->n = n;
    return true;
}

void cc_sweep_axis_free(struct cc_sweep_axis *ax)
{
    if (!ax)
        return;
    free(ax->path);
    ax->path = NULL;
}

double cc_sweep_axis_value(const struct cc_sweep_axis *ax, size_t i)
{
    return ax->from + (double)i * ax->step;
}

static char *make_set(const char *path, double x)
{
    const size_t n = strlen(path) + 40;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s=%.10g", path, x);
    return s;
}

struct cc_sweep_point *cc_sweep_grid(const struct cc_sweep_axis *axes, size_t n_axes,
                                     size_t *n_points)
{
    if (n_axes < 1 || n_axes > CC_SWEEP_MAX_AXES)
        return NULL;
    const size_t ny = n_axes == 2 ? axes[1].n : 1;
    const size_t n = axes[0].n * ny;
    struct cc_sweep_point *pts = calloc(n, sizeof *pts);
    if (!pts)
        return NULL;
    for (size_t p = 0; p < n; p++) {
        const size_t idx[CC_SWEEP_MAX_AXES] = {p / ny, p % ny};
        for (size_t k = 0; k < n_axes; k++) {
            pts[p].x[k] = cc_sweep_axis_value(&axes[k], idx[k]);
            pts[p].set[k] = make_set(axes[k].path, pts[p].x[k]);
            if (!pts[p].set[k]) {
                cc_sweep_grid_free(pts, n);
                return NULL;
            }
        }
    }
    *n_points = n;
    return pts;
}

void cc_sweep_grid_free(struct cc_sweep_point *pts, size_t n_points)
{
    if (!pts)
        return;
    for (size_t p = 0; p < n_points; p++)
        for (size_t k = 0; k < CC_SWEEP_MAX_AXES; k++)
            free(pts[p].set[k]);
    free(pts);
}

size_t cc_sweep_base_point(size_t p, size_t n_y)
{
    /* Point p = i * n_y + j (x index i, y index j): the base is i = 0, the same j. */
    return n_y > 0 ? p % n_y : 0;
}
