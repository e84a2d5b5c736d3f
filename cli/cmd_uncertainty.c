/* ccsim uncertainty: propagates the declared uncertainty of a scenario's inputs. A design of
 * --samples points (Latin hypercube or Sobol') in the unit cube is mapped through each input's
 * inverse CDF; every sample runs with the scenario's seed and R replications, so samples share
 * their random streams and differ only by their inputs. Because each sample keeps its R
 * replication values (a nested design), the variance of the sample means splits into the part
 * the inputs cause and the part replication noise adds (noise = mean within-sample variance /
 * R). PRCC ranks the inputs by how much each moves each metric, the others held fixed.
 * --decide PATH=v1,v2,... runs every sample again at each candidate value and gives the share
 * of samples that meet every --target, the probability a planner asks for. Samples run in
 * batches so memory does not grow with --samples. Every sample row of uncertainty.csv carries
 * the --set options that re-run it alone with `ccsim run`. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/csv_read.h"
#include "cli/whatif.h"
#include "models/report.h"
#include "models/target.h"
#include "models/uncertain.h"
#include "sim/csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_METRICS 16
#define MAX_TARGETS 8
#define MAX_CANDIDATES 32
/* Variants per runner call: at least BATCH_MIN, and else as many as give each worker (ranks x
 * threads) BATCH_UNITS_PER_WORKER replications, rounded down so that the last round is not a
 * few units alone, as each call ends with a barrier that leaves workers idle once the units run
 * out (docs/cluster.md); at most BATCH_MAX, as every rank holds a batch's results (about
 * 2.7 MB per variant of 20 yearly replications). */
#define BATCH_MIN 16
#define BATCH_UNITS_PER_WORKER 4
#define BATCH_MAX 1024
#define SET_LEN 320

static void usage(FILE *f)
{
    fputs("usage: ccsim uncertainty SCENARIO.json --samples N --metric STATION.METRIC [...]\n"
          "                         [--design lhs|sobol] [--decide PATH=v1,v2,...\n"
          "                          --target 'STATION.METRIC>=VALUE'... [--confidence P]]\n"
          "                         [--reps R] [--seed S] [--days D] [--set path=value]...\n"
          "                         [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "Samples the declared uncertain inputs (Latin hypercube by default), runs each sample\n"
          "with R replications on common random numbers, and writes DIR/uncertainty.csv (every\n"
          "sample, with the --set options that re-run it), uncertainty_summary.csv (quantiles,\n"
          "input vs simulation-noise variance), prcc.csv (which inputs matter) and, with\n"
          "--decide, decide.csv (probability that every target is met per candidate value;\n"
          "default DIR = results/uncertainty-<name>, --confidence 0.8).\n"
          "  --samples N                 input samples, 3 to 100000\n"
          "  --metric STATION.METRIC     a result to follow (repeatable)\n"
          "  --design lhs|sobol          the sampling design\n"
          "  --decide PATH=V1,V2,...     candidate values of one input\n"
          "  --target 'M>=VALUE'         a target the decision must meet (repeatable)\n"
          "  --confidence P              probability wanted, in [0, 1]\n" CLI_SIM_OPTS_HELP,
          f);
}

struct target {
    struct cli_unc_metric m;
    struct cc_target t;
    size_t metric; /* index in the study's metrics */
    char text[192];
};

struct study {
    const char *path;
    struct cli_sim_opts o;
    long samples;
    enum cc_design design;
    struct cli_unc_metric metric[MAX_METRICS];
    size_t n_metrics;
    struct target target[MAX_TARGETS];
    size_t n_targets;
    char decide_path[256];
    double cand[MAX_CANDIDATES];
    size_t n_cand;
    double confidence;
    bool have_conf; /* --confidence given */
    struct cc_scenario *base;
    size_t k; /* inputs */
    int reps;
    double *x;    /* [samples][k] input values */
    char *sets;   /* [samples][k][SET_LEN] */
    double *mean; /* [variant][metric]; variant = c * samples + i, c = 0 base, 1.. cand */
    sim_ci *ci;   /* [sample][metric], base variant */
    double *rep;  /* [sample][metric][reps], base variant */
    double wall;
    uint64_t events, calls; /* summed over every variant, for the manifest */
};

static void study_free(struct study *s)
{
    cc_scenario_free(s->base);
    free(s->x);
    free(s->sets);
    free(s->mean);
    free(s->ci);
    free(s->rep);
    cli_sim_opts_free(&s->o);
}

static bool add_metric(struct study *s, const struct cli_unc_metric *m, size_t *at)
{
    for (size_t i = 0; i < s->n_metrics; i++) {
        if (strcmp(s->metric[i].station, m->station) == 0 && s->metric[i].cost == m->cost &&
            s->metric[i].metric == m->metric) {
            *at = i;
            return true;
        }
    }
    if (s->n_metrics == MAX_METRICS) {
        fprintf(stderr, "ccsim uncertainty: at most %d metrics\n", MAX_METRICS);
        return false;
    }
    *at = s->n_metrics;
    s->metric[s->n_metrics++] = *m;
    return true;
}

/* "STATION.METRIC>=VALUE"; without a station, level2. */
static bool parse_target(struct study *s, const char *text)
{
    if (s->n_targets == MAX_TARGETS) {
        fprintf(stderr, "ccsim uncertainty: at most %d --target options\n", MAX_TARGETS);
        return false;
    }
    struct target *t = &s->target[s->n_targets];
    const char *op = strpbrk(text, "<>");
    const char *dot = NULL; /* the metric is after the last dot before the operator */
    for (const char *q = text; op && q < op; q++)
        dot = *q == '.' ? q : dot;
    const char *rest = dot ? dot + 1 : text;
    sim_diag *d = sim_diag_alloc();
    if (!d)
        return false;
    const bool ok = cc_target_parse(rest, &t->t, d);
    cli_whatif_diag("uncertainty", d);
    sim_diag_free(d);
    if (!ok)
        return false;
    memset(&t->m, 0, sizeof t->m);
    snprintf(t->m.station, sizeof t->m.station, "%.*s", dot ? (int)(dot - text) : 6,
             dot ? text : "level2");
    t->m.metric = (int)t->t.metric;
    char name[128];
    cli_unc_metric_text(&t->m, name, sizeof name);
    snprintf(t->text, sizeof t->text, "%s%s%g", name, cc_target_op_text(t->t.op), t->t.value);
    if (!add_metric(s, &t->m, &t->metric))
        return false;
    s->n_targets++;
    return true;
}

static bool parse_decide(struct study *s, const char *text)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof s->decide_path) {
        fprintf(stderr, "ccsim uncertainty: --decide '%s': expected PATH=v1,v2,...\n", text);
        return false;
    }
    snprintf(s->decide_path, sizeof s->decide_path, "%.*s", (int)(eq - text), text);
    const char *p = eq + 1;
    for (;;) {
        char *end = NULL;
        const double v = strtod(p, &end);
        if (end == p || !isfinite(v) || (*end != ',' && *end != '\0')) {
            fprintf(stderr, "ccsim uncertainty: --decide '%s': expected numbers separated by ','\n",
                    text);
            return false;
        }
        if (s->n_cand == MAX_CANDIDATES) {
            fprintf(stderr, "ccsim uncertainty: --decide '%s': at most %d values\n", text,
                    MAX_CANDIDATES);
            return false;
        }
        if (s->n_cand > 0 && !(v > s->cand[s->n_cand - 1])) {
            fprintf(stderr, "ccsim uncertainty: --decide '%s': values must increase\n", text);
            return false;
        }
        s->cand[s->n_cand++] = v;
        if (*end == '\0')
            return true;
        p = end + 1;
    }
}

enum { KEY_SAMPLES = CLI_KEY_OWN, KEY_DESIGN, KEY_METRIC, KEY_TARGET, KEY_DECIDE, KEY_CONF };
static const struct cli_opt own_opts[] = {
    {"samples", KEY_SAMPLES, true},
    {"design", KEY_DESIGN, true},
    {"metric", KEY_METRIC, true},
    {"target", KEY_TARGET, true},
    {"decide", KEY_DECIDE, true},
    {"confidence", KEY_CONF, true},
    {NULL, 0, false},
};

static int on_opt(void *ctx, int key, const char *v)
{
    struct study *s = ctx;
    struct cli_unc_metric m;
    size_t at;
    double conf;
    switch (key) {
    case KEY_SAMPLES:
        return cli_parse_long("uncertainty", "--samples", v, 3, 100000, &s->samples) ? -1 : 2;
    case KEY_DESIGN:
        if (strcmp(v, "lhs") != 0 && strcmp(v, "sobol") != 0) {
            fprintf(stderr, "ccsim uncertainty: --design: expected lhs or sobol, got '%s'\n", v);
            return 2;
        }
        s->design = strcmp(v, "lhs") == 0 ? CC_DESIGN_LHS : CC_DESIGN_SOBOL;
        return -1;
    case KEY_METRIC:
        return cli_unc_metric_parse("uncertainty", "--metric", v, &m) && add_metric(s, &m, &at) ? -1
                                                                                                : 2;
    case KEY_TARGET:
        return parse_target(s, v) ? -1 : 2;
    case KEY_DECIDE:
        if (s->n_cand > 0) {
            fprintf(stderr, "ccsim uncertainty: at most one --decide\n");
            return 2;
        }
        return parse_decide(s, v) ? -1 : 2;
    default:
        if (!cli_parse_double("uncertainty", "--confidence", v, 0, 1, &conf))
            return 2;
        s->confidence = conf;
        s->have_conf = true;
        return -1;
    }
}

static int parse_args(int argc, char **argv, struct study *s)
{
    struct cli_args a = {.cmd = "uncertainty",
                         .usage = usage,
                         .opts = own_opts,
                         .sim = &s->o,
                         .on_opt = on_opt,
                         .ctx = s,
                         .pos = &s->path,
                         .max_pos = 1};
    const int rc = cli_args_parse(&a, argc, argv);
    if (rc >= 0)
        return rc;
    const bool have_conf = s->have_conf;
    const char *missing = !s->path                             ? "SCENARIO.json"
                          : s->samples == 0                    ? "--samples"
                          : s->n_metrics == 0                  ? "--metric"
                          : s->n_cand > 0 && s->n_targets == 0 ? "--target (--decide needs one)"
                          : s->n_targets > 0 && s->n_cand == 0 ? "--decide (--target needs it)"
                                                               : NULL;
    if (!missing && have_conf && s->n_cand == 0)
        missing = "--decide (--confidence needs it)";
    if (missing) {
        fprintf(stderr, "ccsim uncertainty: missing %s\n", missing);
        usage(stderr);
        return 2;
    }
    return -1;
}

/* The base, the design and each sample's --set strings. */
static int prepare(struct study *s)
{
    s->base = cli_whatif_load(s->path, &s->o, NULL, 0);
    if (!s->base)
        return 2;
    s->k = s->base->n_uncertain;
    s->reps = s->base->reps;
    if (s->k == 0) {
        fprintf(stderr,
                "ccsim uncertainty: %s: declares no uncertain inputs (add an \"uncertain\" "
                "object, see docs/uncertainty.md)\n",
                s->path);
        return 2;
    }
    if (s->design == CC_DESIGN_SOBOL && s->k > CC_DESIGN_SOBOL_MAX_DIM) {
        fprintf(stderr, "ccsim uncertainty: --design sobol: at most %d inputs, %s declares %zu\n",
                CC_DESIGN_SOBOL_MAX_DIM, s->path, s->k);
        return 2;
    }
    for (size_t j = 0; j < s->k && s->n_cand > 0; j++) {
        if (strcmp(s->base->uncertain[j].path, s->decide_path) == 0) {
            fprintf(stderr, "ccsim uncertainty: --decide %s: is a declared uncertain input\n",
                    s->decide_path);
            return 2;
        }
    }
    const size_t n = (size_t)s->samples, nv = n * (1 + s->n_cand), nm = s->n_metrics;
    s->x = malloc(n * s->k * sizeof *s->x);
    s->sets = malloc(n * s->k * SET_LEN);
    s->mean = malloc(nv * nm * sizeof *s->mean);
    s->ci = malloc(n * nm * sizeof *s->ci);
    s->rep = malloc(n * nm * (size_t)s->reps * sizeof *s->rep);
    if (!s->x || !s->sets || !s->mean || !s->ci || !s->rep ||
        cc_design_unit(s->design, n, s->k, s->base->seed, s->x) != SIM_OK) {
        fprintf(stderr, "ccsim uncertainty: out of memory\n");
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < s->k; j++) {
            const struct cc_uncertain *u = &s->base->uncertain[j];
            s->x[i * s->k + j] = cc_uncertain_inv(u, s->x[i * s->k + j]);
            cc_uncertain_set_text(u, s->x[i * s->k + j], s->sets + (i * s->k + j) * SET_LEN,
                                  SET_LEN);
        }
    }
    return 0;
}

/* Variant v: sample v % samples, candidate v / samples (0: as the scenario says). */
static struct cc_scenario *load_variant(const struct study *s, size_t v)
{
    const size_t n = (size_t)s->samples, i = v % n, c = v / n;
    const char *extra[CC_DESIGN_SOBOL_MAX_DIM * 4 + 2];
    char cand[SET_LEN];
    size_t ne = 0;
    extra[ne++] = "uncertain=null"; /* checked once with the base */
    for (size_t j = 0; j < s->k && ne + 1 < sizeof extra / sizeof *extra; j++)
        extra[ne++] = s->sets + (i * s->k + j) * SET_LEN;
    if (c > 0) {
        snprintf(cand, sizeof cand, "%s=%.17g", s->decide_path, s->cand[c - 1]);
        extra[ne++] = cand;
    }
    return cli_whatif_load(s->path, &s->o, extra, ne);
}

static void keep(struct study *s, size_t v, const struct cc_run *run)
{
    const size_t n = (size_t)s->samples, nm = s->n_metrics, i = v % n;
    for (size_t m = 0; m < nm; m++) {
        const sim_ci ci = cli_unc_metric_ci(run, &s->metric[m]);
        s->mean[v * nm + m] = ci.mean;
        if (v >= n)
            continue;
        s->ci[i * nm + m] = ci;
        for (int r = 0; r < s->reps; r++)
            s->rep[(i * nm + m) * (size_t)s->reps + (size_t)r] =
                r < run->reps ? cli_unc_metric_rep(run, &s->metric[m], r) : NAN;
    }
}

/* The variants per runner call for this many workers. Results do not depend on it (a
 * replication is a pure function of scenario, seed and index): only the idle time does. Every
 * rank must cut the same batches, so rank 0's figure is used (its thread count may differ). */
static size_t batch_size(const struct study *s)
{
    const long workers = (long)cc_runner_ranks() * cc_runner_threads(s->base->jobs);
    long b = BATCH_UNITS_PER_WORKER * workers / s->reps;
    b = b < BATCH_MIN ? BATCH_MIN : b > BATCH_MAX ? BATCH_MAX : b;
    return (size_t)cc_runner_agree((int)b);
}

/* Every variant, batch_size() scenarios per runner call. */
static int run_all(struct study *s)
{
    const size_t nv = (size_t)s->samples * (1 + s->n_cand);
    const size_t batch = batch_size(s);
    struct cc_scenario **sc = malloc(batch * sizeof *sc);
    struct cc_run **run = malloc(batch * sizeof *run);
    if (!sc || !run) {
        free(sc);
        free(run);
        fprintf(stderr, "ccsim uncertainty: out of memory\n");
        return 1;
    }
    int rc = 0;
    for (size_t v0 = 0; v0 < nv && rc == 0; v0 += batch) {
        const size_t nb = nv - v0 < batch ? nv - v0 : batch;
        size_t loaded = 0;
        for (; loaded < nb; loaded++)
            if (!(sc[loaded] = load_variant(s, v0 + loaded)))
                break;
        char label[96];
        snprintf(label, sizeof label, "%s %zu-%zu/%zu", s->base->name, v0 + 1, v0 + nb, nv);
        double wall = 0;
        rc = loaded < nb ? 2
                         : cli_whatif_run("uncertainty", (const struct cc_scenario *const *)sc, nb,
                                          s->base->jobs, label, run, &wall);
        s->wall += wall;
        for (size_t m = 0; rc == 0 && v0 == 0 && m < s->n_metrics; m++)
            if (!cli_unc_metric_check("uncertainty", run[0], &s->metric[m]))
                rc = 2;
        for (size_t b = 0; b < nb && rc == 0; b++) {
            keep(s, v0 + b, run[b]);
            s->events += run[b]->events;
            s->calls += run[b]->calls;
        }
        for (size_t b = 0; loaded == nb && b < nb; b++)
            cc_run_free(run[b]);
        for (size_t b = 0; b < loaded; b++)
            cc_scenario_free(sc[b]);
    }
    free(sc);
    free(run);
    return rc;
}

/* " --set a=1 --set b=load": the user's sets (--reps, --days included), then the sample's. A
 * set with a character a shell would read is single-quoted. */
/* Appends text to buf as one shell word: bare when plain, else single-quoted ('\'' for '). */
static size_t shell_word(char *buf, size_t len, size_t n, const char *text)
{
    const bool plain =
        text[0] != '\0' && strspn(text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789_.:=+-[]/") == strlen(text);
    if (!plain && len < n)
        len += (size_t)snprintf(buf + len, n - len, "'");
    for (const char *p = text; *p && len < n; p++)
        len += (size_t)snprintf(buf + len, n - len, *p == '\'' ? "'\\''" : "%c", *p);
    if (!plain && len < n)
        len += (size_t)snprintf(buf + len, n - len, "'");
    return len;
}

/* The command that re-runs sample i alone: "ccsim run SCENARIO --set ... --set ...". It starts
 * with a letter, so no spreadsheet takes the cell for a formula (docs/csv.md). */
static void sets_text(const struct study *s, size_t i, char *buf, size_t n)
{
    size_t len = (size_t)snprintf(buf, n, "ccsim run ");
    len = shell_word(buf, len, n, s->path);
    for (size_t q = 0; q < s->o.n_sets + s->k; q++) {
        const char *set =
            q < s->o.n_sets ? s->o.sets[q] : s->sets + (i * s->k + q - s->o.n_sets) * SET_LEN;
        if (len < n)
            len += (size_t)snprintf(buf + len, n - len, " --set ");
        len = shell_word(buf, len, n, set);
    }
}

static void csv_samples(sim_csv *c, const struct study *s)
{
    char *sets = malloc(8192);
    for (size_t i = 0; sets && i < (size_t)s->samples; i++) {
        sets_text(s, i, sets, 8192);
        for (size_t m = 0; m < s->n_metrics; m++) {
            const sim_ci ci = s->ci[i * s->n_metrics + m]; /* clipped by cli_unc_metric_ci */
            sim_csv_int(c, (long long)i + 1);
            sim_csv_str(c, s->metric[m].station);
            sim_csv_str(c, cli_unc_metric_name(&s->metric[m]));
            sim_csv_num(c, ci.mean);
            sim_csv_num(c, ci.low);
            sim_csv_num(c, ci.high);
            sim_csv_int(c, (long long)ci.n);
            for (size_t j = 0; j < s->k; j++) {
                char v[64];
                cc_uncertain_value_text(&s->base->uncertain[j], s->x[i * s->k + j], v, sizeof v);
                sim_csv_str(c, v);
            }
            sim_csv_str(c, sets);
            sim_csv_end_row(c);
        }
    }
    free(sets);
}

/* The base variant's means of metric m over the samples (n values, into out). */
static void sample_means(const struct study *s, size_t m, double *out)
{
    for (size_t i = 0; i < (size_t)s->samples; i++)
        out[i] = s->mean[i * s->n_metrics + m];
}

static void csv_summary(sim_csv *c, const struct study *s, double *y, double *rv)
{
    const size_t n = (size_t)s->samples, R = (size_t)s->reps;
    for (size_t m = 0; m < s->n_metrics; m++) {
        sample_means(s, m, y);
        for (size_t i = 0; i < n; i++)
            memcpy(rv + i * R, s->rep + (i * s->n_metrics + m) * R, R * sizeof *rv);
        const struct cc_varsplit v = cc_uncertain_varsplit(rv, n, R);
        sim_csv_str(c, s->metric[m].station);
        sim_csv_str(c, cli_unc_metric_name(&s->metric[m]));
        sim_csv_num(c, v.mean);
        sim_csv_num(c, cc_uncertain_quantile(y, n, 0.05));
        sim_csv_num(c, cc_uncertain_quantile(y, n, 0.50));
        sim_csv_num(c, cc_uncertain_quantile(y, n, 0.95));
        sim_csv_num(c, v.total);
        sim_csv_num(c, v.input);
        sim_csv_num(c, v.noise);
        sim_csv_num(c, v.total > 0 ? v.input / v.total : NAN);
        sim_csv_int(c, (long long)n);
        sim_csv_int(c, (long long)R);
        sim_csv_end_row(c);
    }
}

static enum sim_status csv_prcc(sim_csv *c, const struct study *s, double *y)
{
    struct cc_prcc *p = malloc(s->k * sizeof *p);
    if (!p)
        return SIM_ENOMEM;
    enum sim_status st = SIM_OK;
    for (size_t m = 0; m < s->n_metrics && st == SIM_OK; m++) {
        sample_means(s, m, y);
        st = cc_uncertain_prcc(s->x, (size_t)s->samples, s->k, y, CC_REPORT_LEVEL, p);
        for (size_t j = 0; j < s->k && st == SIM_OK; j++) {
            sim_csv_str(c, s->metric[m].station);
            sim_csv_str(c, cli_unc_metric_name(&s->metric[m]));
            sim_csv_str(c, s->base->uncertain[j].path);
            sim_csv_num(c, p[j].r);
            sim_csv_num(c, p[j].low);
            sim_csv_num(c, p[j].high);
            sim_csv_int(c, (long long)s->samples);
            sim_csv_end_row(c);
        }
    }
    free(p);
    return st;
}

/* Samples of candidate c (1-based) that meet every target. */
static size_t meeting(const struct study *s, size_t c)
{
    const size_t n = (size_t)s->samples;
    size_t met = 0;
    for (size_t i = 0; i < n; i++) {
        bool all = true;
        for (size_t t = 0; t < s->n_targets && all; t++)
            all = cc_target_mean_meets(&s->target[t].t,
                                       s->mean[(c * n + i) * s->n_metrics + s->target[t].metric]);
        met += all;
    }
    return met;
}

/* Index (1-based) of the smallest candidate meeting the targets with the confidence; 0: none. */
static size_t chosen(const struct study *s)
{
    for (size_t c = 1; c <= s->n_cand; c++)
        if ((double)meeting(s, c) / (double)s->samples >= s->confidence)
            return c;
    return 0;
}

static void csv_decide(sim_csv *c, const struct study *s)
{
    char targets[1024] = "";
    for (size_t t = 0; t < s->n_targets; t++) {
        const size_t used = strlen(targets);
        snprintf(targets + used, sizeof targets - used, "%s%s", t ? " " : "", s->target[t].text);
    }
    const size_t best = chosen(s);
    for (size_t k = 1; k <= s->n_cand; k++) {
        const size_t met = meeting(s, k);
        double lo, hi;
        cc_uncertain_binomial_ci(met, (size_t)s->samples, CC_REPORT_LEVEL, &lo, &hi);
        sim_csv_str(c, s->decide_path);
        sim_csv_num(c, s->cand[k - 1]);
        sim_csv_num(c, (double)met / (double)s->samples);
        sim_csv_num(c, lo);
        sim_csv_num(c, hi);
        sim_csv_int(c, (long long)met);
        sim_csv_int(c, (long long)s->samples);
        sim_csv_num(c, s->confidence);
        sim_csv_int(c, k == best);
        sim_csv_str(c, targets);
        sim_csv_end_row(c);
    }
}

/* decide_samples.csv: every sample's mean at every candidate, so that other targets can be
 * judged afterwards without running again. */
static void csv_decide_samples(sim_csv *c, const struct study *s)
{
    const size_t n = (size_t)s->samples;
    for (size_t k = 1; k <= s->n_cand; k++) {
        for (size_t i = 0; i < n; i++) {
            for (size_t m = 0; m < s->n_metrics; m++) {
                sim_csv_str(c, s->decide_path);
                sim_csv_num(c, s->cand[k - 1]);
                sim_csv_int(c, (long long)i + 1);
                sim_csv_str(c, s->metric[m].station);
                sim_csv_str(c, cli_unc_metric_name(&s->metric[m]));
                sim_csv_num(c, s->mean[(k * n + i) * s->n_metrics + m]);
                sim_csv_end_row(c);
            }
        }
    }
}

enum file { F_SAMPLES, F_SUMMARY, F_PRCC, F_DECIDE, F_DECIDE_SAMPLES };

static enum sim_status write_file(const char *dir, enum file which, const struct study *s)
{
    static const char *const names[] = {"uncertainty.csv", "uncertainty_summary.csv", "prcc.csv",
                                        "decide.csv", "decide_samples.csv"};
    _Static_assert(sizeof names / sizeof *names == F_DECIDE_SAMPLES + 1, "one name per file");
    static const char *const summary[] = {
        "station",   "metric",    "mean",        "q05",     "q50",  "q95", "var_total",
        "var_input", "var_noise", "input_share", "samples", "reps", NULL};
    static const char *const prcc[] = {"station", "metric",  "input",   "prcc",
                                       "ci_low",  "ci_high", "samples", NULL};
    static const char *const decide[] = {"path",    "value",           "p_meet",  "ci_low",
                                         "ci_high", "samples_meeting", "samples", "confidence",
                                         "chosen",  "targets",         NULL};
    static const char *const dsamples[] = {"path",   "value", "sample", "station",
                                           "metric", "mean",  NULL};
    const size_t n = (size_t)s->samples;
    const char **cols = malloc((s->k + 9) * sizeof *cols);
    double *y = malloc(n * sizeof *y), *rv = malloc(n * (size_t)s->reps * sizeof *rv);
    char *path = sim_path_join(dir, names[which]);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = cols && y && rv && path && d ? sim_csv_open(path, d) : NULL;
    enum sim_status st = SIM_EIO;
    if (c) {
        static const char *const head[] = {"sample", "station", "metric", "mean",
                                           "ci_low", "ci_high", "reps"};
        for (size_t q = 0; q < 7; q++)
            cols[q] = head[q];
        for (size_t j = 0; j < s->k; j++)
            cols[7 + j] = s->base->uncertain[j].path;
        cols[7 + s->k] = "rerun";
        cols[8 + s->k] = NULL;
        sim_csv_header(c, which == F_SAMPLES   ? cols
                          : which == F_SUMMARY ? summary
                          : which == F_PRCC    ? prcc
                          : which == F_DECIDE  ? decide
                                               : dsamples);
        st = SIM_OK;
        if (which == F_SAMPLES)
            csv_samples(c, s);
        else if (which == F_SUMMARY)
            csv_summary(c, s, y, rv);
        else if (which == F_PRCC)
            st = csv_prcc(c, s, y);
        else if (which == F_DECIDE)
            csv_decide(c, s);
        else
            csv_decide_samples(c, s);
        st = st == SIM_OK ? sim_csv_commit(c, d) : st;
    }
    if (d)
        cli_print_diag(d);
    if (!d || st == SIM_ENOMEM || !cols || !y || !rv || !path)
        fprintf(stderr, "ccsim uncertainty: out of memory\n");
    sim_diag_free(d);
    free(path);
    free(cols);
    free(y);
    free(rv);
    return st;
}

/* Every file of the study goes through here, into the staging folder dir, then the manifest. */
static int write_outputs(const char *dir, const struct study *s)
{
    enum sim_status st = write_file(dir, F_SAMPLES, s);
    if (st == SIM_OK)
        st = write_file(dir, F_SUMMARY, s);
    if (st == SIM_OK)
        st = write_file(dir, F_PRCC, s);
    if (st == SIM_OK && s->n_cand > 0)
        st = write_file(dir, F_DECIDE, s);
    if (st == SIM_OK && s->n_cand > 0)
        st = write_file(dir, F_DECIDE_SAMPLES, s);
    if (st != SIM_OK)
        return 1;
    struct cc_manifest_info info;
    cli_manifest_info(&info, "uncertainty", &s->o, s->wall, cc_runner_threads(s->base->jobs));
    sim_diag *d = sim_diag_alloc();
    const struct cc_scenario *scs[1] = {s->base};
    st = d ? cc_manifest_write(dir, &info, scs, 1, s->events, s->calls, d) : SIM_ENOMEM;
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim uncertainty: out of memory\n");
    sim_diag_free(d);
    return st == SIM_OK ? 0 : 1;
}

static void print_table(const struct study *s)
{
    const size_t n = (size_t)s->samples, R = (size_t)s->reps;
    double *y = malloc(n * sizeof *y), *rv = malloc(n * R * sizeof *rv);
    struct cc_prcc *p = malloc(s->k * sizeof *p);
    if (!y || !rv || !p) {
        free(y);
        free(rv);
        free(p);
        return;
    }
    printf("uncertainty of %s: %zu samples (%s) of %zu inputs, seed %" PRIu64
           ", %zu replications each\n",
           s->base->name, n, s->design == CC_DESIGN_LHS ? "Latin hypercube" : "Sobol'", s->k,
           s->base->seed, R);
    for (size_t m = 0; m < s->n_metrics; m++) {
        char t[128], a[32], b[32], c[32], d[32];
        cli_unc_metric_text(&s->metric[m], t, sizeof t);
        sample_means(s, m, y);
        for (size_t i = 0; i < n; i++)
            memcpy(rv + i * R, s->rep + (i * s->n_metrics + m) * R, R * sizeof *rv);
        const struct cc_varsplit v = cc_uncertain_varsplit(rv, n, R);
        printf("\n%s: mean %s, 5/50/95 %% %s / %s / %s; variance from inputs %.0f %%, from "
               "simulation noise %.0f %%\n",
               t, cli_whatif_num(v.mean, false, a),
               cli_whatif_num(cc_uncertain_quantile(y, n, 0.05), false, b),
               cli_whatif_num(cc_uncertain_quantile(y, n, 0.5), false, c),
               cli_whatif_num(cc_uncertain_quantile(y, n, 0.95), false, d),
               v.total > 0 ? 100 * v.input / v.total : 0,
               v.total > 0 ? 100 * v.noise / v.total : 0);
        if (cc_uncertain_prcc(s->x, n, s->k, y, CC_REPORT_LEVEL, p) != SIM_OK)
            continue;
        for (size_t j = 0; j < s->k; j++) {
            if (isnan(p[j].r))
                printf("  PRCC %-32s -      (constant here, or too few samples)\n",
                       s->base->uncertain[j].path);
            else
                printf("  PRCC %-32s %+.2f  [%+.2f, %+.2f]%s\n", s->base->uncertain[j].path, p[j].r,
                       p[j].low, p[j].high,
                       p[j].low > 0 || p[j].high < 0 ? "" : "  (not distinguishable from 0)");
        }
    }
    if (s->n_cand > 0) {
        printf("\nprobability that every target is met (%zu samples):\n", n);
        for (size_t c = 1; c <= s->n_cand; c++) {
            double lo, hi;
            const size_t met = meeting(s, c);
            cc_uncertain_binomial_ci(met, n, CC_REPORT_LEVEL, &lo, &hi);
            printf("  %s = %-8g %5.1f %%  [%.1f, %.1f]\n", s->decide_path, s->cand[c - 1],
                   100.0 * (double)met / (double)n, 100 * lo, 100 * hi);
        }
        const size_t best = chosen(s);
        if (best)
            printf("smallest %s meeting the targets with probability >= %g: %g\n", s->decide_path,
                   s->confidence, s->cand[best - 1]);
        else
            printf("no candidate %s meets the targets with probability >= %g\n", s->decide_path,
                   s->confidence);
    }
    free(y);
    free(rv);
    free(p);
}

int cc_cmd_uncertainty(int argc, char **argv)
{
    struct study s;
    memset(&s, 0, sizeof s);
    cli_sim_opts_init(&s.o);
    s.confidence = 0.8;
    int rc = parse_args(argc, argv, &s);
    if (rc >= 0) {
        study_free(&s);
        return rc;
    }
    rc = prepare(&s);
    struct cli_outdir w = {0};
    if (rc == 0)
        rc = cli_whatif_outdir(&w, "uncertainty", s.o.out_dir, s.base->name);
    if (rc == 0)
        rc = run_all(&s);
    if (rc == 0)
        rc = write_outputs(w.path, &s);
    /* Figures that fail leave the simulated result worth keeping: commit, exit 1. */
    const int plot_rc = rc == 0 && s.o.plot && s.n_cand > 0 ? cli_plot_decide(w.path, w.target) : 0;
    if (rc == 0)
        rc = cli_outdir_commit(&w, "uncertainty");
    if (rc == 0 && !s.o.quiet) {
        print_table(&s);
        printf("\nwall time %.2f s (simulation) on %d threads\n", s.wall,
               cc_runner_threads(s.base->jobs));
    }
    if (rc == 0 && plot_rc != 0)
        rc = 1;
    cli_outdir_done(&w, s.o.quiet);
    study_free(&s);
    return rc;
}
