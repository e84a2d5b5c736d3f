/* `ccsim erlang --calls-per-hour L --aht S [--patience S] --agents C [--t S] [--csv]`: the
 * analytic figures of one stationary queue from models/erlang (no simulation). Without
 * --patience (or with --patience 0) nobody abandons and it is Erlang C, which needs an offered
 * load below the agents; with a patience it is Erlang A (M/M/c+M), defined at any load.
 * Every option is checked whole (strtod/strtol must consume it) and must be finite; messages
 * follow "ccsim erlang: OPTION: expected X, got 'TEXT'" and exit 2, like the other commands. */
#include "cli/cmds.h"
#include "models/erlang.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_T_S 20.0

enum opt { OPT_CALLS, OPT_AHT, OPT_PATIENCE, OPT_AGENTS, OPT_T, OPT_COUNT };

struct options {
    const char *text[OPT_COUNT]; /* as given; NULL when absent */
    bool csv;
};

static const char *const opt_name[OPT_COUNT] = {"--calls-per-hour", "--aht", "--patience",
                                                "--agents", "--t"};

static void usage(FILE *f)
{
    fputs("usage: ccsim erlang --calls-per-hour L --aht S [--patience S] --agents C [--t S] "
          "[--csv]\n"
          "\n"
          "Analytic figures of one queue with C agents, Poisson arrivals (L calls per hour) and\n"
          "exponential handling times of mean S seconds. Without --patience (or --patience 0)\n"
          "nobody hangs up: Erlang C, which needs L * S / 3600 < C. With --patience P callers\n"
          "hang up after an exponential time of mean P seconds: Erlang A (M/M/c+M).\n"
          "\n"
          "  --calls-per-hour L  arrival rate, calls per hour (> 0)\n"
          "  --aht S             mean handling time, seconds (> 0)\n"
          "  --patience S        mean patience, seconds (>= 0; 0: nobody abandons)\n"
          "  --agents C          agents (integer >= 1)\n"
          "  --t S               service-level threshold, seconds (>= 0, default 20)\n"
          "  --csv               print metric,value lines instead of a table\n",
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
    if (end == text || *end != '\0' || errno == ERANGE || x < 1 || x > INT_MAX) {
        fprintf(stderr, "ccsim erlang: %s: expected an integer >= 1, got '%s'\n",
                opt_name[OPT_AGENTS], text);
        return false;
    }
    *out = (int)x;
    return true;
}

/* Returns 0 when options were read, 1 after --help, 2 on a usage error (message printed). */
static int read_options(int argc, char **argv, struct options *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 1;
        }
        if (strcmp(a, "--csv") == 0) {
            o->csv = true;
            continue;
        }
        int k = 0;
        while (k < OPT_COUNT && strcmp(a, opt_name[k]) != 0)
            k++;
        if (k == OPT_COUNT) {
            fprintf(stderr, "ccsim erlang: %s '%s'\n",
                    a[0] == '-' ? "unknown option" : "unexpected argument", a);
            usage(stderr);
            return 2;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "ccsim erlang: %s: missing value\n", a);
            return 2;
        }
        if (o->text[k]) {
            fprintf(stderr, "ccsim erlang: %s: given twice\n", a);
            return 2;
        }
        o->text[k] = argv[++i];
    }
    const enum opt required[] = {OPT_CALLS, OPT_AHT, OPT_AGENTS};
    for (size_t r = 0; r < sizeof required / sizeof *required; r++) {
        if (!o->text[required[r]]) {
            fprintf(stderr, "ccsim erlang: %s: missing required option\n", opt_name[required[r]]);
            usage(stderr);
            return 2;
        }
    }
    return 0;
}

/* Fills *in from the option texts; false (message printed) on a bad value. */
static bool to_input(const struct options *o, struct cc_erlang_input *in)
{
    double calls_per_hour = 0, patience = 0, t = DEFAULT_T_S;
    if (!parse_number(opt_name[OPT_CALLS], o->text[OPT_CALLS], 0, true, &calls_per_hour) ||
        !parse_number(opt_name[OPT_AHT], o->text[OPT_AHT], 0, true, &in->aht_s) ||
        !parse_agents(o->text[OPT_AGENTS], &in->agents))
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

static void print_csv(const struct cc_erlang_input *in, const struct cc_erlang_result *r)
{
    printf("metric,value\n");
    printf("p_wait,%.10g\n", r->p_wait);
    printf("mean_wait_s,%.10g\n", r->mean_wait_s);
    printf("asa_s,%.10g\n", r->asa_s);
    printf("p_abandon,%.10g\n", r->p_abandon);
    printf("sl_%g,%.10g\n", in->t_s, r->sl);
    printf("occupancy,%.10g\n", r->occupancy);
    printf("load_erlangs,%.10g\n", r->load);
}

static void print_table(const struct cc_erlang_input *in, const struct cc_erlang_result *r)
{
    if (cc_erlang_has_abandonment(in))
        printf("Erlang A (M/M/c+M, mean patience %g s)\n", in->patience_s);
    else if (in->patience_s > 0)
        printf("Erlang C (no abandonment: mean patience %g s counts as infinite)\n",
               in->patience_s);
    else
        printf("Erlang C (no abandonment)\n");
    printf("  %-30s %.6g Erlang on %d agents\n", "offered load", r->load, in->agents);
    printf("  %-30s %.6g\n", "P(wait)", r->p_wait);
    printf("  %-30s %.6g s\n", "mean wait, all callers", r->mean_wait_s);
    printf("  %-30s %.6g s\n", "ASA, answered callers", r->asa_s);
    printf("  %-30s %.6g\n", "P(abandon)", r->p_abandon);
    /* The label holds t, so its padding is computed from what printf wrote. */
    const int width = printf("  SL, answered within %g s", in->t_s);
    printf("%*s%.6g\n", width < 33 ? 33 - width : 1, "", r->sl);
    printf("  %-30s %.6g\n", "occupancy", r->occupancy);
}

int cc_cmd_erlang(int argc, char **argv)
{
    struct options o = {{NULL}, false};
    const int rc = read_options(argc, argv, &o);
    if (rc != 0)
        return rc == 1 ? 0 : 2;
    struct cc_erlang_input in;
    if (!to_input(&o, &in))
        return 2;
    struct cc_erlang_result r;
    cc_erlang_eval(&in, &r);
    if (!r.stable && in.patience_s > 0) {
        fprintf(stderr,
                "ccsim erlang: unstable: offered load %g Erlang >= %d agents, and a mean "
                "patience of %g s counts as infinite; give a shorter --patience or add agents\n",
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
    if (o.csv)
        print_csv(&in, &r);
    else
        print_table(&in, &r);
    return 0;
}
