/* cc_target: parsing and judging service targets. A target is met "with confidence" when the
 * bound of the 95 % interval on the unfavourable side meets it: a service level must have its
 * lower bound above the target, an abandonment rate its upper bound below. That is stricter
 * than the mean and is what lets `ccsim staff` promise the target rather than a coin toss.
 * The Erlang first guess takes, per target the closed forms understand, the smallest number of
 * agents that meets it, and the largest of those (Mandelbaum & Zeltyn 2007 for Erlang A). */
#include "models/target.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_text[] = {">=", ">", "<=", "<"};

#define ECHO_MAX 64 /* bytes of the user's text quoted in a message */

/* text as a message quotes it: at most ECHO_MAX bytes, then "..." (cut on a UTF-8 boundary). */
struct echo {
    char s[ECHO_MAX + 4];
};
static struct echo echo(const char *text)
{
    struct echo e;
    size_t n = strlen(text);
    if (n <= ECHO_MAX) {
        memcpy(e.s, text, n + 1);
        return e;
    }
    n = ECHO_MAX;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    memcpy(e.s, text, n);
    memcpy(e.s + n, "...", 4);
    return e;
}

const char *cc_target_op_text(enum cc_target_op op)
{
    return op_text[op];
}

/* Levenshtein distance of two short strings (longer ones count as far apart). */
static size_t edit_distance(const char *a, const char *b)
{
    const size_t na = strlen(a), nb = strlen(b);
    if (na > 63 || nb > 63)
        return 64;
    size_t row[64];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            const size_t up = row[j];
            const size_t sub = diag + (a[i - 1] != b[j - 1]);
            const size_t del = (up < row[j - 1] ? up : row[j - 1]) + 1;
            row[j] = sub < del ? sub : del;
            diag = up;
        }
    }
    return row[nb];
}

static void unknown_metric(const char *text, const char *name, sim_diag *d)
{
    size_t best = 0, best_dist = (size_t)-1;
    for (size_t m = 0; m < CC_M_COUNT; m++) {
        const size_t dist = edit_distance(name, cc_metric_name[m]);
        if (dist < best_dist) {
            best = m;
            best_dist = dist;
        }
    }
    if (best_dist <= 2) {
        sim_diag_add(d, "--target '%s': unknown metric '%s' (did you mean '%s'?)", echo(text).s,
                     name, cc_metric_name[best]);
        return;
    }
    char list[512] = "";
    for (size_t m = 0; m < CC_M_COUNT; m++) {
        const size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s%s", m ? ", " : "", cc_metric_name[m]);
    }
    sim_diag_add(d, "--target '%s': unknown metric '%s' (expected one of %s)", echo(text).s, name,
                 list);
}

/* Copies s[0..len) without surrounding spaces into buf (size n); false if it does not fit. */
static bool trimmed(const char *s, size_t len, char *buf, size_t n)
{
    while (len > 0 && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)s[len - 1]))
        len--;
    if (len >= n)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return true;
}

static bool is_metric_word(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_')
            return false;
    return true;
}

static bool parse_value(const char *text, const char *op, const char *s, double *out, sim_diag *d)
{
    char buf[64];
    const bool fits = trimmed(s, strlen(s), buf, sizeof buf);
    char *end = NULL;
    errno = 0;
    const double x = fits ? strtod(buf, &end) : NAN;
    if (!fits || end == buf || *end != '\0' || errno == ERANGE || !isfinite(x)) {
        sim_diag_add(d, "--target '%s': expected a number after '%s', got '%s'", echo(text).s, op,
                     echo(fits ? buf : s).s);
        return false;
    }
    *out = x;
    return true;
}

/* Metrics that are shares of calls or of time: a target outside [0, 1] can never be met (or
 * is always met), and `ccsim staff` would walk all its steps before saying so. */
static bool is_share(enum cc_metric m)
{
    return m == CC_M_ANSWER_RATE || m == CC_M_ABANDON_RATE || m == CC_M_SL_20 || m == CC_M_SL_60 ||
           m == CC_M_SL_180 || m == CC_M_OCCUPANCY;
}

static bool share_in_range(const char *text, enum cc_metric m, double value, sim_diag *d)
{
    if (!is_share(m) || (value >= 0 && value <= 1))
        return true;
    char hint[64] = "";
    if (value > 1 && value <= 100) { /* a percentage: 80 -> "0.80", 95.5 -> "0.955" */
        char share[32];
        snprintf(share, sizeof share, "%.2f", value / 100);
        if (strtod(share, NULL) != value / 100)
            snprintf(share, sizeof share, "%.10g", value / 100);
        snprintf(hint, sizeof hint, " (did you mean %s?)", share);
    }
    sim_diag_add(d, "--target '%s': %s is a share: expected a value in [0, 1], got %.10g%s",
                 echo(text).s, cc_metric_name[m], value, hint);
    return false;
}

bool cc_target_parse(const char *text, struct cc_target *t, sim_diag *d)
{
    const char *p = strpbrk(text, "<>");
    char name[64];
    if (!p || !trimmed(text, (size_t)(p - text), name, sizeof name) || !is_metric_word(name)) {
        sim_diag_add(d, "--target '%s': expected METRIC>=VALUE or METRIC<=VALUE", echo(text).s);
        return false;
    }
    const bool eq = p[1] == '=';
    const enum cc_target_op op =
        *p == '>' ? (eq ? CC_TARGET_GE : CC_TARGET_GT) : (eq ? CC_TARGET_LE : CC_TARGET_LT);
    int metric = -1;
    for (int m = 0; m < CC_M_COUNT; m++)
        if (strcmp(name, cc_metric_name[m]) == 0)
            metric = m;
    if (metric < 0) {
        unknown_metric(text, name, d);
        return false;
    }
    double value;
    if (!parse_value(text, op_text[op], p + (eq ? 2 : 1), &value, d))
        return false;
    if (!share_in_range(text, (enum cc_metric)metric, value, d))
        return false;
    t->metric = (enum cc_metric)metric;
    t->op = op;
    t->value = value;
    return true;
}

bool cc_target_mean_meets(const struct cc_target *t, double mean)
{
    switch (t->op) {
    case CC_TARGET_GE:
        return mean >= t->value;
    case CC_TARGET_GT:
        return mean > t->value;
    case CC_TARGET_LE:
        return mean <= t->value;
    case CC_TARGET_LT:
        return mean < t->value;
    }
    return false;
}

bool cc_target_is_met(const struct cc_target *t, sim_ci ci)
{
    const bool lower = t->op == CC_TARGET_GE || t->op == CC_TARGET_GT;
    return cc_target_mean_meets(t, lower ? ci.low : ci.high);
}

static int sl_index(enum cc_metric m)
{
    return m == CC_M_SL_20 ? 0 : m == CC_M_SL_60 ? 1 : m == CC_M_SL_180 ? 2 : -1;
}

bool cc_target_has_erlang(const struct cc_target *t)
{
    const bool lower = t->op == CC_TARGET_GE || t->op == CC_TARGET_GT;
    if (sl_index(t->metric) >= 0 || t->metric == CC_M_ANSWER_RATE)
        return lower;
    return !lower && (t->metric == CC_M_ABANDON_RATE || t->metric == CC_M_ASA_S);
}

/* Erlang's smallest staff for one target it can judge. */
static int one_target(const struct cc_target *t, const struct cc_erlang_input *in,
                      const double sl_s[3], int max_agents)
{
    struct cc_erlang_input e = *in;
    const int k = sl_index(t->metric);
    if (k >= 0) {
        e.t_s = sl_s[k];
        return cc_erlang_min_agents(&e, t->value, -1, -1, max_agents);
    }
    if (t->metric == CC_M_ANSWER_RATE)
        return cc_erlang_min_agents(&e, -1, 1 - t->value, -1, max_agents);
    if (t->metric == CC_M_ABANDON_RATE)
        return cc_erlang_min_agents(&e, -1, t->value, -1, max_agents);
    return cc_erlang_min_agents(&e, -1, -1, t->value, max_agents);
}

int cc_target_erlang_agents(const struct cc_target *t, size_t n, const struct cc_erlang_input *in,
                            const double sl_s[3], int max_agents)
{
    if (!(in->lambda > 0) || !(in->aht_s > 0))
        return 0;
    int agents = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cc_target_has_erlang(&t[i]))
            continue;
        const int c = one_target(&t[i], in, sl_s, max_agents);
        if (c < 0)
            return -1;
        agents = c > agents ? c : agents;
    }
    return agents;
}
