/* `ccsim erlang --calls-per-hour L --aht S [--patience S] --agents C [--t S] [--csv]`: the
 * analytic figures of one stationary queue from models/erlang (no simulation). With
 * `--target 'METRIC>=X'` (repeatable) instead of --agents it finds the fewest agents meeting
 * every target, as Erlang calculators do, and prints the figures there and at one fewer. Without
 * --patience (or with --patience 0) nobody abandons and it is Erlang C, which needs an offered
 * load below the agents; with a patience it is Erlang A (M/M/c+M), defined at any load.
 * Every option is checked whole (strtod/strtol must consume it) and must be finite; messages
 * follow "ccsim erlang: OPTION: expected X, got 'TEXT'" and exit 2, like the other commands. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "models/erlang.h"
#include "models/report.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_T_S 20.0
/* More targets than metrics would only repeat one. */
#define MAX_TARGETS 16

enum opt { OPT_CALLS, OPT_AHT, OPT_PATIENCE, OPT_AGENTS, OPT_T, OPT_CAPACITY, OPT_COUNT };

struct options {
    const char *text[OPT_COUNT]; /* as given; NULL when absent */
    bool csv;
    bool json;
    const char *target[MAX_TARGETS]; /* --target texts, in order */
    size_t n_targets;
};

static const char *const opt_name[OPT_COUNT] = {"--calls-per-hour", "--aht", "--patience",
                                                "--agents",         "--t",   "--capacity"};

static void usage(FILE *f)
{
    fputs("usage: ccsim erlang --calls-per-hour L --aht S [--patience S] --agents C [--t S]\n"
          "                    [--capacity K] [--csv | --json]\n"
          "       ccsim erlang --calls-per-hour L --aht S [--patience S] --target 'METRIC>=X'...\n"
          "                    [--t S] [--capacity K] [--csv | --json]\n"
          "\n"
          "Analytic figures of one queue with C agents, Poisson arrivals (L calls per hour) and\n"
          "exponential handling times of mean S seconds. Without --patience (or --patience 0)\n"
          "nobody hangs up: Erlang C, which needs L * S / 3600 < C. With --patience P callers\n"
          "hang up after an exponential time of mean P seconds: Erlang A (M/M/c+M). With\n"
          "--capacity K at most K callers wait and the next are blocked: M/M/c/K+M, solved\n"
          "exactly, at any load (K = 0: Erlang B). With --target instead of --agents: the\n"
          "fewest agents meeting every target, and the figures there and at one agent fewer.\n"
          "\n"
          "  --calls-per-hour L  arrival rate, calls per hour (> 0)\n"
          "  --aht S             mean handling time, seconds (> 0)\n"
          "  --patience S        mean patience, seconds (>= 0; 0: nobody abandons)\n"
          "  --agents C          agents (integer >= 1)\n"
          "  --t S               service-level threshold, seconds (>= 0, default 20)\n"
          "  --capacity K        waiting places (integer in [0, 1000000]; default: unlimited)\n"
          "  --target M>=X       M<=X too; repeatable: M is a figure erlang prints (sl_20 at\n"
          "                      the default --t, asa_s, p_abandon, occupancy, ...)\n"
          "  --csv               print metric,value lines instead of a table\n"
          "  --json              print {model, inputs, results} as JSON instead of a table\n"
          "  -h, --help          this text\n"
          "--opt=VALUE works as --opt VALUE, and unique prefixes as whole names (--calls 120).\n",
          f);
}

/* Parses a finite number >= lo (> lo when strict); prints the message and returns false. */
static bool parse_number(const char *opt, const char *text, double lo, bool strict, double *out)
{
    char *end = NULL;
    errno = 0;
    const double x = strtod(text, &end);
    if (end == text || *end != '\0' || errno == ERANGE || !isfinite(x) || x < lo ||
        (strict && x == lo)) {
        fprintf(stderr, "ccsim erlang: %s: expected a number %s %g, got '%s'\n", opt,
                strict ? ">" : ">=", lo, text);
        return false;
    }
    *out = x;
    return true;
}

static bool parse_agents(const char *text, int *out)
{
    char *end = NULL;
    errno = 0;
    const long x = strtol(text, &end, 10);
    /* The formulas sum over the agents: 10^6 keeps an answer within a second. */
    if (end == text || *end != '\0' || errno == ERANGE || x < 1 || x > 1000000) {
        fprintf(stderr, "ccsim erlang: %s: expected an integer in [1, 1000000], got '%s'\n",
                opt_name[OPT_AGENTS], text);
        return false;
    }
    *out = (int)x;
    return true;
}

enum { KEY_CSV = CLI_KEY_OWN + OPT_COUNT, KEY_JSON, KEY_TARGET };
/* Row k < OPT_COUNT is opt_name[k] (key CLI_KEY_OWN + k). */
static const struct cli_opt own_opts[] = {
    {"calls-per-hour", CLI_KEY_OWN + OPT_CALLS, true},
    {"aht", CLI_KEY_OWN + OPT_AHT, true},
    {"patience", CLI_KEY_OWN + OPT_PATIENCE, true},
    {"agents", CLI_KEY_OWN + OPT_AGENTS, true},
    {"t", CLI_KEY_OWN + OPT_T, true},
    {"capacity", CLI_KEY_OWN + OPT_CAPACITY, true},
    {"csv", KEY_CSV, false},
    {"json", KEY_JSON, false},
    {"target", KEY_TARGET, true},
    {NULL, 0, false},
};

static int on_opt(void *ctx, int key, const char *v)
{
    struct options *o = ctx;
    if (key == KEY_TARGET) {
        if (o->n_targets == MAX_TARGETS) {
            fprintf(stderr, "ccsim erlang: --target: expected at most %d targets, got '%s'\n",
                    MAX_TARGETS, v);
            return 2;
        }
        o->target[o->n_targets++] = v;
        return -1;
    }
    if (key == KEY_CSV || key == KEY_JSON) {
        if (o->csv || o->json) {
            fprintf(stderr, "ccsim erlang: %s: give one of --csv and --json\n",
                    key == KEY_CSV ? "--csv" : "--json");
            return 2;
        }
        o->csv = key == KEY_CSV;
        o->json = key == KEY_JSON;
        return -1;
    }
    const int k = key - CLI_KEY_OWN;
    if (o->text[k]) {
        fprintf(stderr, "ccsim erlang: %s: given twice\n", opt_name[k]);
        return 2;
    }
    o->text[k] = v;
    return -1;
}

/* Returns 0 when options were read, 1 after --help, 2 on a usage error (message printed). */
static int read_options(int argc, char **argv, struct options *o)
{
    struct cli_args a = {.cmd = "erlang",
                         .usage = usage,
                         .opts = own_opts,
                         .on_opt = on_opt,
                         .ctx = o,
                         .max_pos = 0};
    const int rc = cli_args_parse(&a, argc, argv);
    if (rc >= 0)
        return rc == 0 ? 1 : rc;
    if (o->n_targets > 0 && o->text[OPT_AGENTS]) {
        fprintf(stderr, "ccsim erlang: --agents: give either --agents or --target\n");
        return 2;
    }
    /* With targets the agents are the answer, not an input. */
    const enum opt required[] = {OPT_CALLS, OPT_AHT, OPT_AGENTS};
    const size_t n_required = o->n_targets > 0 ? 2 : 3;
    for (size_t r = 0; r < n_required; r++) {
        if (!o->text[required[r]]) {
            fprintf(stderr, "ccsim erlang: %s: missing required option\n", opt_name[required[r]]);
            usage(stderr);
            return 2;
        }
    }
    return 0;
}

static bool parse_capacity(const char *text, int *out)
{
    char *end = NULL;
    errno = 0;
    const long x = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno == ERANGE || x < 0 || x > CC_ERLANG_MAX_CAPACITY) {
        fprintf(stderr, "ccsim erlang: %s: expected an integer in [0, %d], got '%s'\n",
                opt_name[OPT_CAPACITY], CC_ERLANG_MAX_CAPACITY, text);
        return false;
    }
    *out = (int)x;
    return true;
}

/* Fills *in from the option texts; false (message printed) on a bad value. */
static bool to_input(const struct options *o, struct cc_erlang_input *in)
{
    double calls_per_hour = 0, patience = 0, t = DEFAULT_T_S;
    if (!parse_number(opt_name[OPT_CALLS], o->text[OPT_CALLS], 0, true, &calls_per_hour) ||
        !parse_number(opt_name[OPT_AHT], o->text[OPT_AHT], 0, true, &in->aht_s))
        return false;
    in->agents = 1;
    if (o->text[OPT_AGENTS] && !parse_agents(o->text[OPT_AGENTS], &in->agents))
        return false;
    if (o->text[OPT_PATIENCE] &&
        !parse_number(opt_name[OPT_PATIENCE], o->text[OPT_PATIENCE], 0, false, &patience))
        return false;
    if (o->text[OPT_T] && !parse_number(opt_name[OPT_T], o->text[OPT_T], 0, false, &t))
        return false;
    in->lambda = calls_per_hour / 3600.0;
    in->patience_s = patience;
    in->t_s = t;
    if (!(in->lambda > 0)) { /* a tiny rate can underflow in the division */
        fprintf(stderr, "ccsim erlang: %s: expected a number > 0, got '%s'\n", opt_name[OPT_CALLS],
                o->text[OPT_CALLS]);
        return false;
    }
    if (!isfinite(in->lambda * in->aht_s)) {
        fprintf(stderr, "ccsim erlang: offered load %s * %s / 3600 is not a finite number\n",
                o->text[OPT_CALLS], o->text[OPT_AHT]);
        return false;
    }
    return true;
}

/* The figures of one evaluation, in the order --csv and --json give them. */
struct figures {
    const char *model; /* for the table and --json */
    char sl_name[48];  /* "sl_20" */
    struct cc_report_value v[10];
    size_t n;
};

static void add(struct figures *f, const char *name, double value)
{
    f->v[f->n++] = (struct cc_report_value){name, value};
}

static void figures_erlang(const struct cc_erlang_input *in, const struct cc_erlang_result *r,
                           struct figures *f)
{
    f->model = cc_erlang_has_abandonment(in) ? "Erlang A (M/M/c+M)" : "Erlang C (M/M/c)";
    snprintf(f->sl_name, sizeof f->sl_name, "sl_%g", in->t_s);
    add(f, "p_wait", r->p_wait);
    add(f, "mean_wait_s", r->mean_wait_s);
    add(f, "asa_s", r->asa_s);
    add(f, "p_abandon", r->p_abandon);
    add(f, f->sl_name, r->sl);
    add(f, "occupancy", r->occupancy);
    add(f, "load_erlangs", r->load);
}

static void figures_mmck(const struct cc_erlang_input *in, const struct cc_erlang_mmck_result *r,
                         struct figures *f)
{
    f->model = cc_erlang_has_abandonment(in) ? "M/M/c/K+M" : "M/M/c/K";
    snprintf(f->sl_name, sizeof f->sl_name, "sl_%g", in->t_s);
    add(f, "p_block", r->p_block);
    add(f, "p_wait", r->p_wait);
    add(f, "mean_wait_s", r->mean_wait_s);
    add(f, "asa_s", r->asa_s);
    add(f, "p_abandon", r->p_abandon);
    add(f, "p_answer", r->p_answer);
    add(f, f->sl_name, r->sl);
    add(f, "occupancy", r->occupancy);
    add(f, "mean_queue", r->mean_queue);
    add(f, "load_erlangs", r->load);
}

static void print_csv(const struct figures *f)
{
    printf("metric,value\n");
    for (size_t i = 0; i < f->n; i++)
        printf("%s,%.10g\n", f->v[i].name, f->v[i].value);
}

static int print_json(const struct cc_erlang_input *in, int capacity, const struct figures *f)
{
    struct cc_report_value inputs[6] = {
        {"calls_per_hour", in->lambda * 3600.0},
        {"aht_s", in->aht_s},
        {"patience_s", in->patience_s},
        {"agents", in->agents},
        {"t_s", in->t_s},
        {"capacity", capacity},
    };
    if (cc_report_erlang_json(stdout, f->model, inputs, capacity >= 0 ? 6 : 5, f->v, f->n) !=
        SIM_OK) {
        fprintf(stderr, "ccsim erlang: out of memory\n");
        return 1;
    }
    return 0;
}

static void print_model(const struct cc_erlang_input *in, int capacity)
{
    if (capacity >= 0 && cc_erlang_has_abandonment(in))
        printf("M/M/c/K+M (%d waiting places, mean patience %g s)\n", capacity, in->patience_s);
    else if (capacity >= 0)
        printf("M/M/c/K (%d waiting places, no abandonment)\n", capacity);
    else if (cc_erlang_has_abandonment(in))
        printf("Erlang A (M/M/c+M, mean patience %g s)\n", in->patience_s);
    else if (in->patience_s > 0)
        printf("Erlang C (no abandonment: mean patience %g s counts as infinite)\n",
               in->patience_s);
    else
        printf("Erlang C (no abandonment)\n");
}

static void print_table(const struct cc_erlang_input *in, const struct figures *f)
{
    printf("  %-30s %.6g Erlang on %d agents\n", "offered load", f->v[f->n - 1].value, in->agents);
    for (size_t i = 0; i + 1 < f->n; i++) {
        static const struct {
            const char *name, *label, *unit;
        } labels[] = {
            {"p_block", "P(blocked)", ""},
            {"p_wait", "P(wait)", ""},
            {"mean_wait_s", "mean wait, all callers", " s"},
            {"asa_s", "ASA, answered callers", " s"},
            {"p_abandon", "P(abandon)", ""},
            {"p_answer", "P(answered)", ""},
            {"occupancy", "occupancy", ""},
            {"mean_queue", "mean callers waiting", ""},
        };
        const struct cc_report_value *v = &f->v[i];
        if (v->name == f->sl_name) {
            /* The label holds t, so its padding is computed from what printf wrote. */
            const int width = printf("  SL, answered within %g s", in->t_s);
            if (isnan(v->value))
                printf("%*s-\n", width < 33 ? 33 - width : 1, "");
            else
                printf("%*s%.6g\n", width < 33 ? 33 - width : 1, "", v->value);
            continue;
        }
        for (size_t k = 0; k < sizeof labels / sizeof *labels; k++)
            if (strcmp(v->name, labels[k].name) == 0)
                printf("  %-30s %.6g%s\n", labels[k].label, v->value, labels[k].unit);
    }
}

/* ---- --target -------------------------------------------------------------------------- */

/* A metric's name as erlang prints it: the service level's carries --t. */
static const char *metric_name(enum cc_erlang_metric m, const char *sl_name)
{
    static const char *const names[CC_ERLANG_METRIC_COUNT] = {
        [CC_ERLANG_P_BLOCK] = "p_block",       [CC_ERLANG_P_WAIT] = "p_wait",
        [CC_ERLANG_MEAN_WAIT] = "mean_wait_s", [CC_ERLANG_ASA] = "asa_s",
        [CC_ERLANG_P_ABANDON] = "p_abandon",   [CC_ERLANG_P_ANSWER] = "p_answer",
        [CC_ERLANG_OCCUPANCY] = "occupancy",   [CC_ERLANG_MEAN_QUEUE] = "mean_queue",
    };
    return m == CC_ERLANG_SL ? sl_name : names[m];
}

/* The metrics a target may name: those the model prints (the M/M/c/K ones only with
 * --capacity), and p_answer, the complement of p_abandon without it. */
static bool metric_printed(enum cc_erlang_metric m, int capacity)
{
    return capacity >= 0 || (m != CC_ERLANG_P_BLOCK && m != CC_ERLANG_MEAN_QUEUE);
}

/* The names `ccsim staff` gives the same figures, accepted so a target reads alike in both. */
static const struct {
    const char *name;
    enum cc_erlang_metric metric;
} aliases[] = {{"abandon_rate", CC_ERLANG_P_ABANDON}, {"answer_rate", CC_ERLANG_P_ANSWER}};

static bool name_is(const char *name, const char *a, const char *b)
{
    return strlen(name) == (size_t)(b - a) && strncmp(name, a, (size_t)(b - a)) == 0;
}

static bool metric_is_probability(enum cc_erlang_metric m)
{
    return m != CC_ERLANG_MEAN_WAIT && m != CC_ERLANG_ASA && m != CC_ERLANG_MEAN_QUEUE;
}

/* Parses "METRIC>=X" or "METRIC<=X" (spaces around the parts allowed); false with the message
 * printed. A probability bound outside [0, 1] and a negative time or count are refused: no
 * staffing could meet the first kind, and the second says nothing. */
static bool parse_target(const char *text, int capacity, const char *sl_name,
                         struct cc_erlang_target *t)
{
    const char *op = strstr(text, ">=");
    const char *le = strstr(text, "<=");
    if (!op || (le && le < op))
        op = le;
    if (!op) {
        fprintf(stderr, "ccsim erlang: --target: expected METRIC>=X or METRIC<=X, got '%s'\n",
                text);
        return false;
    }
    const char *a = text, *b = op;
    while (a < b && *a == ' ')
        a++;
    while (b > a && b[-1] == ' ')
        b--;
    bool found = false;
    for (int m = 0; m < CC_ERLANG_METRIC_COUNT && !found; m++) {
        if (metric_printed((enum cc_erlang_metric)m, capacity) &&
            name_is(metric_name((enum cc_erlang_metric)m, sl_name), a, b)) {
            t->metric = (enum cc_erlang_metric)m;
            found = true;
        }
    }
    for (size_t k = 0; k < sizeof aliases / sizeof *aliases && !found; k++)
        if (name_is(aliases[k].name, a, b)) {
            t->metric = aliases[k].metric;
            found = true;
        }
    if (!found) {
        fprintf(stderr, "ccsim erlang: --target: expected a metric among ");
        for (int m = 0, k = 0; m < CC_ERLANG_METRIC_COUNT; m++)
            if (metric_printed((enum cc_erlang_metric)m, capacity))
                fprintf(stderr, "%s%s", k++ ? ", " : "",
                        metric_name((enum cc_erlang_metric)m, sl_name));
        fprintf(stderr, " (with --t %s; or abandon_rate, answer_rate), got '%.*s'\n", sl_name + 3,
                (int)(b - a), a);
        return false;
    }
    t->at_most = op[0] == '<';
    const char *x = op + 2;
    while (*x == ' ')
        x++;
    char *end = NULL;
    errno = 0;
    t->bound = strtod(x, &end);
    while (end && end > x && *end == ' ')
        end++;
    const bool prob = metric_is_probability(t->metric);
    if (end == x || *end != '\0' || errno == ERANGE || !isfinite(t->bound) || t->bound < 0 ||
        (prob && t->bound > 1)) {
        fprintf(stderr, "ccsim erlang: --target: %s: expected a number %s, got '%s'\n",
                metric_name(t->metric, sl_name), prob ? "in [0, 1]" : ">= 0", x);
        return false;
    }
    return true;
}

/* The figures of in at its agents; false when Erlang C is unstable there. */
static bool figures_at(const struct cc_erlang_input *in, int capacity, struct figures *f)
{
    *f = (struct figures){.n = 0};
    if (capacity >= 0) {
        struct cc_erlang_mmck_result k;
        cc_erlang_mmck(in, capacity, &k);
        figures_mmck(in, &k, f);
        return true;
    }
    struct cc_erlang_result r;
    cc_erlang_eval(in, &r);
    if (!r.stable)
        return false;
    figures_erlang(in, &r, f);
    return true;
}

static int solve_targets(const struct options *o, struct cc_erlang_input *in, int capacity)
{
    char sl_name[48];
    snprintf(sl_name, sizeof sl_name, "sl_%g", in->t_s);
    struct cc_erlang_target t[MAX_TARGETS];
    for (size_t i = 0; i < o->n_targets; i++)
        if (!parse_target(o->target[i], capacity, sl_name, &t[i]))
            return 2;
    const int max_agents = 1000000; /* as --agents */
    int last = 0;
    const int n = cc_erlang_agents_for_targets(in, capacity, t, o->n_targets, max_agents, &last);
    if (n < 0) {
        fprintf(stderr, "ccsim erlang: --target: no number of agents up to %d meets every target\n",
                last);
        return 2;
    }
    struct figures at, fewer;
    in->agents = n;
    figures_at(in, capacity, &at);
    const char *const op[2] = {">=", "<="};
    in->agents = n - 1;
    const bool has_fewer = n > 1 && figures_at(in, capacity, &fewer);
    in->agents = n;
    if (o->json) {
        struct cc_report_value inputs[5] = {
            {"calls_per_hour", in->lambda * 3600.0},
            {"aht_s", in->aht_s},
            {"patience_s", in->patience_s},
            {"t_s", in->t_s},
            {"capacity", capacity},
        };
        struct cc_report_erlang_target targets[MAX_TARGETS];
        for (size_t i = 0; i < o->n_targets; i++)
            targets[i] = (struct cc_report_erlang_target){metric_name(t[i].metric, sl_name),
                                                          op[t[i].at_most], t[i].bound};
        if (cc_report_erlang_targets_json(stdout, at.model, inputs, capacity >= 0 ? 5 : 4, targets,
                                          o->n_targets, n, at.v, at.n, has_fewer ? fewer.v : NULL,
                                          fewer.n) != SIM_OK) {
            fprintf(stderr, "ccsim erlang: out of memory\n");
            return 1;
        }
        return 0;
    }
    if (o->csv) {
        /* Long form: one figure a row, at n agents then at n - 1. */
        printf("agents,metric,value\n");
        for (size_t i = 0; i < at.n; i++)
            printf("%d,%s,%.10g\n", n, at.v[i].name, at.v[i].value);
        for (size_t i = 0; has_fewer && i < fewer.n; i++)
            printf("%d,%s,%.10g\n", n - 1, fewer.v[i].name, fewer.v[i].value);
        return 0;
    }
    print_model(in, capacity);
    printf("targets:");
    for (size_t i = 0; i < o->n_targets; i++)
        printf("%s %s %s %g", i ? "," : "", metric_name(t[i].metric, sl_name), op[t[i].at_most],
               t[i].bound);
    printf("\nfewest agents meeting every target: %d\n", n);
    print_table(in, &at);
    if (n > 1) {
        in->agents = n - 1;
        printf("with one fewer, %d agents:\n", n - 1);
        if (has_fewer)
            print_table(in, &fewer);
        else
            printf("  unstable (offered load %g Erlang >= %d agents)\n", in->lambda * in->aht_s,
                   n - 1);
        in->agents = n;
    }
    return 0;
}

int cc_cmd_erlang(int argc, char **argv)
{
    struct options o = {.csv = false};
    const int rc = read_options(argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? 0 : 2;
    struct cc_erlang_input in;
    int capacity = -1;
    if (!to_input(&o, &in) ||
        (o.text[OPT_CAPACITY] && !parse_capacity(o.text[OPT_CAPACITY], &capacity)))
        return 2;
    if (o.n_targets > 0)
        return solve_targets(&o, &in, capacity);
    struct figures f = {.n = 0};
    if (capacity >= 0) {
        struct cc_erlang_mmck_result k;
        cc_erlang_mmck(&in, capacity, &k);
        figures_mmck(&in, &k, &f);
    } else {
        struct cc_erlang_result r;
        cc_erlang_eval(&in, &r);
        if (!r.stable && in.patience_s > 0) {
            fprintf(stderr,
                    "ccsim erlang: unstable: offered load %g Erlang >= %d agents, and a mean "
                    "patience of %g s counts as infinite; give a shorter --patience, "
                    "--capacity or more agents\n",
                    r.load, in.agents, in.patience_s);
            return 2;
        }
        if (!r.stable) {
            fprintf(stderr,
                    "ccsim erlang: unstable: offered load %g Erlang >= %d agents; give --patience "
                    "for Erlang A or add agents\n",
                    r.load, in.agents);
            return 2;
        }
        figures_erlang(&in, &r, &f);
    }
    if (o.json)
        return print_json(&in, capacity, &f);
    if (o.csv) {
        print_csv(&f);
    } else {
        print_model(&in, capacity);
        print_table(&in, &f);
    }
    return 0;
}
