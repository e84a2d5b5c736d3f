/* Shared pieces of the subcommands; see common.h. Only cli/ prints, and it prints here. */
#include "cli/common.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_argc;
char **cli_argv;

bool cli_parse_double(const char *cmd, const char *opt, const char *text, double lo, double hi,
                      double *out)
{
    char *end = NULL;
    errno = 0;
    const double x = text ? strtod(text, &end) : NAN;
    if (!text || end == text || *end != '\0' || errno == ERANGE || !isfinite(x)) {
        fprintf(stderr, "ccsim %s: %s: expected a number, got '%s'\n", cmd, opt, text ? text : "");
        return false;
    }
    if (x < lo || x > hi) {
        fprintf(stderr, "ccsim %s: %s: must be in [%g, %g], got %s\n", cmd, opt, lo, hi, text);
        return false;
    }
    *out = x;
    return true;
}

bool cli_parse_long(const char *cmd, const char *opt, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    const long x = text ? strtol(text, &end, 10) : 0;
    if (!text || end == text || *end != '\0' || errno == ERANGE) {
        fprintf(stderr, "ccsim %s: %s: expected an integer, got '%s'\n", cmd, opt,
                text ? text : "");
        return false;
    }
    if (x < lo || x > hi) {
        fprintf(stderr, "ccsim %s: %s: must be in [%ld, %ld], got %s\n", cmd, opt, lo, hi, text);
        return false;
    }
    *out = x;
    return true;
}

void cli_print_diag(const sim_diag *d)
{
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "%s\n", sim_diag_line(d, i));
    if (sim_diag_dropped(d) > 0)
        fprintf(stderr, "(%zu more problems not shown)\n", sim_diag_dropped(d));
}

void cli_sim_opts_init(struct cli_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = -1;
}

void cli_sim_opts_free(struct cli_sim_opts *o)
{
    for (size_t i = 0; i < o->n_owned; i++)
        free(o->owned[i]);
    free(o->owned);
    free(o->sets);
}

/* Appends a --set string; an owned one (made for a shortcut option) is freed with o, or here
 * when it cannot be added. */
static int add_set(struct cli_sim_opts *o, const char *set, bool owned)
{
    if (owned) {
        char **w = realloc(o->owned, (o->n_owned + 1) * sizeof *w);
        if (!w) {
            free((char *)set);
            return -1;
        }
        o->owned = w;
        o->owned[o->n_owned++] = (char *)set;
    }
    const char **s = realloc(o->sets, (o->n_sets + 1) * sizeof *s);
    if (!s)
        return -1;
    o->sets = s;
    o->sets[o->n_sets++] = set;
    return 1;
}

static int add_shortcut(const char *cmd, struct cli_sim_opts *o, const char *opt, const char *path,
                        const char *value, long lo, long hi)
{
    long x;
    if (!cli_parse_long(cmd, opt, value, lo, hi, &x))
        return -1;
    const size_t n = strlen(path) + 32;
    char *s = malloc(n);
    if (!s)
        return -1;
    snprintf(s, n, "%s=%ld", path, x);
    return add_set(o, s, true);
}

int cli_sim_opts_parse(const char *cmd, struct cli_sim_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--plot") == 0) {
        o->plot = true;
        return 1;
    }
    if (strcmp(a, "--quiet") == 0) {
        o->quiet = true;
        return 1;
    }
    static const char *const with_value[] = {"--set", "--reps", "--seed", "--days",
                                             "--out", "--jobs", NULL};
    int known = 0;
    for (int k = 0; with_value[k]; k++)
        known |= strcmp(a, with_value[k]) == 0;
    if (!known)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "ccsim %s: %s: missing value\n", cmd, a);
        return -1;
    }
    const char *v = argv[++*i];
    if (strcmp(a, "--set") == 0)
        return add_set(o, v, false);
    if (strcmp(a, "--reps") == 0)
        return add_shortcut(cmd, o, a, "run.reps", v, 1, 10000);
    if (strcmp(a, "--seed") == 0)
        return add_shortcut(cmd, o, a, "seed", v, 0, 9007199254740991L);
    if (strcmp(a, "--days") == 0)
        return add_shortcut(cmd, o, a, "run.days", v, 1, 3660);
    if (strcmp(a, "--out") == 0) {
        o->out_dir = v;
        return 1;
    }
    long jobs;
    if (!cli_parse_long(cmd, a, v, 0, 1024, &jobs))
        return -1;
    o->jobs = (int)jobs;
    return 1;
}

struct cc_scenario *cli_load(const char *path, const struct cli_sim_opts *o)
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim: out of memory\n");
        return NULL;
    }
    struct cc_scenario *sc = cc_scenario_load(path, o->sets, o->n_sets, d);
    cli_print_diag(d);
    sim_diag_free(d);
    if (sc && o->jobs >= 0)
        sc->jobs = o->jobs;
    return sc;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(struct cli_progress *p, const char *label)
{
    p->t0 = cli_now();
    p->tty = isatty(STDERR_FILENO) != 0;
    p->label = label;
}

void cli_progress(void *ctx, long done, long total)
{
    struct cli_progress *p = ctx;
    if (!p || !p->tty || total <= 0)
        return;
    const double el = cli_now() - p->t0;
    const double frac = (double)done / (double)total;
    const double eta = done > 0 ? el / frac - el : 0.0;
    char bar[31];
    const int fill = (int)(frac * 30);
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r%s [%s] %ld/%ld  %.0f s elapsed, ETA %.0f s  ", p->label, bar, done, total,
            el, eta);
    fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
    if (p->tty)
        fprintf(stderr, "\r%*s\r", 78, "");
}

char *cli_command_line(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}
