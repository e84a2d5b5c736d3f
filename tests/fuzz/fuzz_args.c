/* fuzz_args: libFuzzer harness for the option parsers on their own, without a command around
 * them, so they run at full speed (no file, no directory, no scenario load). An input is lines:
 * the first names the parser, the others are argv strings (an unknown first line picks one from
 * its first byte, so every input does something):
 *   opts      cli_args_parse with the simulation options (--set -s, --reps -r, --seed, --days,
 *             --out -o, --jobs -j, --plot, --quiet -q, --resume, --help, "--"); checks its
 *             result, that argv is left as typed, and what it keeps.
 *   target    cc_target_parse (`--target` of staff) on each line; an accepted target must print
 *             and parse back to itself and be judged consistently (a NAN mean never meets it),
 *             a refused one must leave a "--target '...'" message.
 *   vary      cc_sweep_axis_parse (`--vary path=from:to:step` of sweep) on each line (the first
 *             two accepted axes are kept) and cc_sweep_grid on them; checks the number of values
 *             against from, to and step, and the --set strings of the grid.
 *   number    cli_parse_double and cli_parse_long on each line, with bounds picked by position;
 *             an accepted number must lie within them.
 * The commands themselves, the loader's --set parser and `ccsim erlang` are fuzzed by
 * fuzz_cli.c. Messages go to stderr (closed by -close_fd_mask=2 in tests/fuzz/run.sh).
 * Inputs are kept short (-max_len=256): every line may cost an edit distance to each metric.
 * Built and run by `make fuzz` / `make fuzz-smoke`; by hand:
 *   build-fuzz/fuzz_args -dict=tests/fuzz/fuzz_args.dict -max_len=256 -timeout=5 \
 *     -close_fd_mask=3 NEW_CORPUS_DIR tests/fuzz/corpus/fuzz_args */
#include "cli/common.h"
#include "models/center.h"
#include "models/sweep.h"
#include "models/target.h"
#include "sim/diag.h"
#include "tests/fuzz/fuzz_util.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void no_usage(FILE *f)
{
    (void)f;
}

static void fuzz_opts(int argc, char **argv)
{
    struct cli_sim_opts o;
    cli_sim_opts_init(&o);
    enum { MAX_POS = 4 };
    const char *pos[MAX_POS] = {NULL};
    char *before[256];
    const int n = argc < 256 ? argc : 256;
    memcpy(before, argv, (size_t)n * sizeof *argv);
    struct cli_args a = {
        .cmd = "fuzz", .usage = no_usage, .sim = &o, .pos = pos, .max_pos = MAX_POS};
    const int r = cli_args_parse(&a, argc, argv);
    /* -1 to go on, 0 after --help, 2 on a usage error: nothing else. */
    if (r != -1 && r != 0 && r != 2)
        abort();
    if (a.n_pos < 0 || a.n_pos > MAX_POS)
        abort();
    for (int k = 0; r == -1 && k < a.n_pos; k++)
        if (!pos[k])
            abort();
    /* argv stays as typed: the manifest records it. */
    if (memcmp(before, argv, (size_t)n * sizeof *argv) != 0)
        abort();
    if (o.n_owned > o.n_sets || o.jobs < -1 || o.jobs > 1024)
        abort();
    for (size_t k = 0; k < o.n_sets; k++)
        if (!o.sets[k])
            abort();
    /* Each string made for a shortcut (--reps 3 -> "run.reps=3") is one of the sets. */
    for (size_t k = 0; k < o.n_owned; k++) {
        size_t j = 0;
        while (j < o.n_sets && o.sets[j] != o.owned[k])
            j++;
        if (j == o.n_sets || !strchr(o.owned[k], '='))
            abort();
    }
    cli_sim_opts_free(&o);
}

/* The target the text spells, read independently of cc_target_parse: the metric is the text
 * before the first '<' or '>' without surrounding spaces, the operator that character with an
 * optional '=', the value the rest as strtod reads it. */
static bool same_as_text(const char *text, const struct cc_target *t)
{
    const char *p = strpbrk(text, "<>");
    if (!p)
        return false;
    const bool eq = p[1] == '=';
    const enum cc_target_op op =
        *p == '>' ? (eq ? CC_TARGET_GE : CC_TARGET_GT) : (eq ? CC_TARGET_LE : CC_TARGET_LT);
    const char *name = cc_metric_name[t->metric];
    const char *a = text;
    while (isspace((unsigned char)*a))
        a++;
    size_t len = (size_t)(p - a);
    while (len > 0 && isspace((unsigned char)a[len - 1]))
        len--;
    const double value = strtod(p + (eq ? 2 : 1), NULL);
    return op == t->op && len == strlen(name) && strncmp(a, name, len) == 0 && value == t->value;
}

static void fuzz_target(int argc, char **argv)
{
    sim_diag *d = sim_diag_alloc();
    if (!d)
        return;
    for (int i = 1; i < argc; i++) {
        struct cc_target t;
        sim_diag_clear(d);
        if (!cc_target_parse(argv[i], &t, d)) {
            if (sim_diag_count(d) == 0 || strncmp(sim_diag_line(d, 0), "--target '", 10) != 0)
                abort();
            continue;
        }
        if (sim_diag_count(d) != 0 || (unsigned)t.metric >= CC_M_COUNT ||
            (unsigned)t.op > CC_TARGET_LT || !isfinite(t.value))
            abort();
        if (!same_as_text(argv[i], &t))
            abort();
        /* What staff prints back must parse to the same target. Not for subnormal values:
         * strtod flags their decimal form with ERANGE, which the parser refuses, while their
         * exact hexadecimal form ("0x1p-1074") passes. */
        char text[128];
        snprintf(text, sizeof text, "%s%s%.17g", cc_metric_name[t.metric], cc_target_op_text(t.op),
                 t.value);
        struct cc_target back;
        if (fpclassify(t.value) != FP_SUBNORMAL &&
            (!cc_target_parse(text, &back, d) || back.metric != t.metric || back.op != t.op ||
             back.value != t.value))
            abort();
        if (cc_target_mean_meets(&t, NAN) || cc_target_is_met(&t, (sim_ci){NAN, NAN, NAN, NAN, 0}))
            abort();
        const bool lower = t.op == CC_TARGET_GE || t.op == CC_TARGET_GT;
        const bool strict = t.op == CC_TARGET_GT || t.op == CC_TARGET_LT;
        if (cc_target_mean_meets(&t, t.value) == strict ||
            cc_target_mean_meets(&t, lower ? INFINITY : -INFINITY) != true)
            abort();
    }
    sim_diag_free(d);
}

/* Whether the axis holds every from + i * step <= to + 1e-9 step (the documented tolerance)
 * and no more, up to the rounding of numbers of that size. */
static bool axis_count_ok(const struct cc_sweep_axis *ax)
{
    const double tol = 1e-9 * ax->step;
    const double slack =
        8 * DBL_EPSILON * (fmax(fabs(ax->from), fabs(ax->to)) + (double)ax->n * ax->step);
    const double last = cc_sweep_axis_value(ax, ax->n - 1);
    const double next = cc_sweep_axis_value(ax, ax->n);
    return ax->n >= 1 && ax->n <= CC_SWEEP_MAX_POINTS && last <= ax->to + tol + slack &&
           next > ax->to + tol - slack;
}

static void fuzz_vary(int argc, char **argv)
{
    sim_diag *d = sim_diag_alloc();
    if (!d)
        return;
    struct cc_sweep_axis ax[CC_SWEEP_MAX_AXES];
    size_t n_axes = 0;
    for (int i = 1; i < argc; i++) {
        struct cc_sweep_axis a;
        sim_diag_clear(d);
        if (!cc_sweep_axis_parse(argv[i], &a, d)) {
            if (sim_diag_count(d) == 0 || strncmp(sim_diag_line(d, 0), "--vary '", 8) != 0)
                abort();
            cc_sweep_axis_free(&a);
            continue;
        }
        if (!a.path || !*a.path || strchr(a.path, '=') || !(a.step > 0) || !isfinite(a.from) ||
            !isfinite(a.to) || a.to < a.from || !axis_count_ok(&a))
            abort();
        if (n_axes < CC_SWEEP_MAX_AXES)
            ax[n_axes++] = a;
        else
            cc_sweep_axis_free(&a);
    }
    const size_t grid = n_axes == 0 ? 0 : ax[0].n * (n_axes == 2 ? ax[1].n : 1);
    /* Grids up to 1000 points: larger ones take the same code paths, only slower. */
    if (grid > 0 && grid <= 1000) {
        size_t n_pts = 0;
        struct cc_sweep_point *pts = cc_sweep_grid(ax, n_axes, &n_pts);
        if (!pts || n_pts != grid)
            abort();
        for (size_t p = 0; p < n_pts; p++)
            for (size_t k = 0; k < n_axes; k++) {
                const size_t len = strlen(ax[k].path);
                const char *s = pts[p].set[k];
                char *end = NULL;
                if (!s || strncmp(s, ax[k].path, len) != 0 || s[len] != '=' ||
                    !isfinite(strtod(s + len + 1, &end)) || *end != '\0')
                    abort();
            }
        if (n_axes == 1 && pts[0].set[1] != NULL)
            abort();
        cc_sweep_grid_free(pts, n_pts);
    }
    for (size_t k = 0; k < n_axes; k++)
        cc_sweep_axis_free(&ax[k]);
    sim_diag_free(d);
}

static void fuzz_number(int argc, char **argv)
{
    static const double dbounds[][2] = {{0, 1}, {1e-6, 1e6}, {-1e300, 1e300}, {0, 0}};
    static const long lbounds[][2] = {{1, 10000}, {0, 9007199254740991L}, {1, 3660}, {0, 1024}};
    for (int i = 1; i < argc; i++) {
        const size_t b = (size_t)i % 4;
        double x = NAN;
        if (cli_parse_double("fuzz", "--x", argv[i], dbounds[b][0], dbounds[b][1], &x) &&
            !(x >= dbounds[b][0] && x <= dbounds[b][1]))
            abort();
        long v = -1;
        if (cli_parse_long("fuzz", "--n", argv[i], lbounds[b][0], lbounds[b][1], &v) &&
            (v < lbounds[b][0] || v > lbounds[b][1]))
            abort();
    }
}

enum mode { OPTS, TARGET, VARY, NUMBER, N_MODES };
static const char *const mode_name[N_MODES] = {"opts", "target", "vary", "number"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *argv[FUZZ_MAX_ARGS + 1];
    char *buf = fuzz_split(data, size, argv);
    if (!buf)
        return 0;
    const int argc = fuzz_argc(argv);
    const enum mode m = (enum mode)fuzz_mode(argv, data, mode_name, N_MODES);

    switch (m) {
    case OPTS:
        fuzz_opts(argc, argv);
        break;
    case TARGET:
        fuzz_target(argc, argv);
        break;
    case VARY:
        fuzz_vary(argc, argv);
        break;
    case NUMBER:
    case N_MODES:
        fuzz_number(argc, argv);
        break;
    }
    free(buf);
    return 0;
}
