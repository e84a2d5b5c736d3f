/* `ccsim check SCENARIO.json [--set path=value]...`: loads and validates a scenario, simulates
 * nothing, and prints what the file implies per station: open hours, calls per day (external
 * and routed in from other stations), offered load in Erlangs, agents on duty, ETPT, the Erlang A
 * answer rate at the average load, and a warning for every interval whose offered load reaches
 * the agents on duty (no stationary queue can keep up there; callers abandon or are blocked).
 * Routed flows follow the engine's routing (models/center.c): general-information callers of
 * interconnected prefectures go to level 1 (through the switchboard only in after_answer mode),
 * and a station sends escalate_p[class] of its offered calls on. Losses upstream are ignored,
 * so routed volumes are upper bounds, and they are counted in the slot they enter the network. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "models/erlang.h"
#include "models/scenario.h"
#include "sim/bug.h"
#include "sim/diag.h"

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Up to this many prefectures get one line each; beyond, a total and min/median/max. */
#define PREF_DETAIL_MAX 15
/* A station with more overloaded intervals than this gets one summary warning line. */
#define WARN_DETAIL_MAX 3

static const char *const day_name[CC_DAYS_PER_WEEK] = {"Mon", "Tue", "Wed", "Thu",
                                                       "Fri", "Sat", "Sun"};

/* Derived flows of one station, per slot of the week. */
struct flow {
    double *ext;                    /* external arrivals per second */
    double *routed;                 /* arrivals per second routed from other stations */
    double *queued[CC_CLASS_COUNT]; /* arrivals per second joining the queue, by class */
    double *work;                   /* offered load in Erlangs */
    bool receives;                  /* some routing leads here */
};

/* Figures of one station (or of an aggregate) as printed in one table row. */
struct row {
    double open_h_week;
    double ext_per_day;
    double routed_per_day; /* NAN: nothing is routed to this station */
    double load_avg, load_max;
    double agents_min, agents_avg, agents_max;
    double etpt;
    double answer; /* Erlang A answer rate at the average load; NAN: no traffic; -1: unstable */
};

/* Overloaded intervals of a station (or of all prefectures). */
struct overload {
    size_t count;
    size_t stations; /* stations with at least one */
    int worst_station, worst_slot;
    double worst_ratio;
};

struct check {
    const struct cc_scenario *sc;
    size_t n_slots;
    struct flow *fl;
    struct row *rows;
};

static void usage(FILE *f)
{
    fputs("usage: ccsim check SCENARIO.json [--set path=value]... [--quiet]\n"
          "Validates the scenario and prints the loads it implies; simulates nothing.\n"
          "SCENARIO \"-\" reads it from standard input; \"--\" ends the options.\n"
          "  -s, --set PATH=VALUE  override one scenario value (repeatable)\n"
          "  -q, --quiet           print nothing but errors: the exit status says valid (0)\n"
          "  -h, --help            this text\n",
          f);
}

/* "ccsim check: what 'arg'" and the usage on stderr; exit code 2. */
static int usage_error(const char *what, const char *arg)
{
    /* A pasted 10 kB argument is not worth echoing whole: 64 bytes say which one it was. */
    if (arg)
        fprintf(stderr, "ccsim check: %s '%.64s%s'\n", what, arg, strlen(arg) > 64 ? "..." : "");
    else
        fprintf(stderr, "ccsim check: %s\n", what);
    usage(stderr);
    return 2;
}

/* "Mon 10:00-10:30" for slot s of the week. */
static void slot_text(const struct cc_scenario *sc, size_t s, char *buf, size_t n)
{
    const size_t spd = (size_t)sc->slots_per_day;
    const unsigned from = (unsigned)lround((double)(s % spd) * sc->interval_s / 60.0) % 1440u;
    const unsigned to = from + (unsigned)lround(sc->interval_s / 60.0) % 1441u;
    snprintf(buf, n, "%s %02u:%02u-%02u:%02u", day_name[(s / spd) % CC_DAYS_PER_WEEK], from / 60u,
             from % 60u, to / 60u, to % 60u);
}

static bool flows_alloc(struct check *ck)
{
    const size_t n = ck->sc->n_stations;
    ck->fl = calloc(n, sizeof *ck->fl);
    ck->rows = calloc(n, sizeof *ck->rows);
    if (!ck->fl || !ck->rows)
        return false;
    for (size_t i = 0; i < n; i++) {
        struct flow *f = &ck->fl[i];
        f->ext = calloc(ck->n_slots, sizeof *f->ext);
        f->routed = calloc(ck->n_slots, sizeof *f->routed);
        f->work = calloc(ck->n_slots, sizeof *f->work);
        if (!f->ext || !f->routed || !f->work)
            return false;
        for (int c = 0; c < CC_CLASS_COUNT; c++) {
            f->queued[c] = calloc(ck->n_slots, sizeof *f->queued[c]);
            if (!f->queued[c])
                return false;
        }
    }
    return true;
}

static void flows_free(struct check *ck)
{
    if (ck->fl) {
        for (size_t i = 0; i < ck->sc->n_stations; i++) {
            free(ck->fl[i].ext);
            free(ck->fl[i].routed);
            free(ck->fl[i].work);
            for (int c = 0; c < CC_CLASS_COUNT; c++)
                free(ck->fl[i].queued[c]);
        }
    }
    free(ck->fl);
    free(ck->rows);
}

/* Calls of class c at rate r join station i's queue in slot s, each needing mean_s seconds. */
static void offer(struct check *ck, size_t i, int c, size_t s, double r, double mean_s)
{
    ck->fl[i].queued[c][s] += r;
    ck->fl[i].work[s] += r * mean_s;
}

/* External sources: prefecture callers split into local and general-information ones; the
 * general ones skip the switchboard at the IVR and, if interconnected, go on to level 1. */
static void add_sources(struct check *ck)
{
    const struct cc_scenario *sc = ck->sc;
    const bool ivr = sc->transfer.mode == CC_TRANSFER_IVR;
    for (size_t k = 0; k < sc->n_sources; k++) {
        const struct cc_source *src = &sc->sources[k];
        const size_t i = (size_t)src->station;
        SIM_ASSERT(i < sc->n_stations && ck->fl[i].ext != NULL);
        const double mean_s = sc->stations[i].service.mean_s;
        const bool goes_on = src->interconnected && src->transfer_to >= 0;
        if (goes_on)
            ck->fl[src->transfer_to].receives = true;
        for (size_t s = 0; s < ck->n_slots; s++) {
            const double r = src->rate[s];
            const double g = r * src->general_share;
            ck->fl[i].ext[s] += r;
            offer(ck, i, (int)src->cls, s, r - g, mean_s);
            if (g > 0 && !ivr)
                offer(ck, i, CC_CLASS_GENERAL, s, g, sc->transfer.handling.mean_s);
            if (g > 0 && goes_on) {
                const size_t t = (size_t)src->transfer_to;
                ck->fl[t].routed[s] += g;
                offer(ck, t, CC_CLASS_GENERAL, s, g, sc->stations[t].service.mean_s);
            }
        }
    }
}

/* Stations a station escalates to: escalate_to and the n_escalate - 1 after it. */
static int targets(const struct cc_station *st)
{
    return st->n_escalate > 1 ? st->n_escalate : 1;
}

/* Escalations, upstream stations first (Kahn's order on the escalate_to edges); a station's
 * offered calls of class c go on with probability escalate_p[c]. */
static bool add_escalations(struct check *ck)
{
    const struct cc_scenario *sc = ck->sc;
    const size_t n = sc->n_stations;
    int *indeg = calloc(n, sizeof *indeg);
    size_t *order = calloc(n, sizeof *order);
    if (!indeg || !order) {
        free(indeg);
        free(order);
        return false;
    }
    size_t head = 0, tail = 0;
    for (size_t i = 0; i < n; i++)
        for (int j = 0; sc->stations[i].escalate_to >= 0 && j < targets(&sc->stations[i]); j++)
            indeg[sc->stations[i].escalate_to + j]++;
    for (size_t i = 0; i < n; i++)
        if (indeg[i] == 0)
            order[tail++] = i;
    while (head < tail) {
        const size_t i = order[head++];
        const struct cc_station *st = &sc->stations[i];
        if (st->escalate_to < 0)
            continue;
        for (int j = 0; j < targets(st); j++) {
            const size_t e = (size_t)st->escalate_to + (size_t)j;
            ck->fl[e].receives = true;
            for (int c = 0; c < CC_CLASS_COUNT; c++) {
                /* level 1 with level-2 sectors: sector j's range of the escalation draw */
                const double *rg =
                    st->n_escalate > 1 ? &st->escalate_range[(j * CC_CLASS_COUNT + c) * 2] : NULL;
                const double p = rg ? rg[1] - rg[0] : st->escalate_p[c];
                for (size_t s = 0; s < ck->n_slots; s++) {
                    const double r = ck->fl[i].queued[c][s] * p;
                    ck->fl[e].routed[s] += r;
                    offer(ck, e, c, s, r, sc->stations[e].service.mean_s);
                }
            }
            if (--indeg[e] == 0)
                order[tail++] = e;
        }
    }
    free(indeg);
    free(order);
    return true;
}

static double queued_total(const struct flow *f, size_t s)
{
    double r = 0;
    for (int c = 0; c < CC_CLASS_COUNT; c++)
        r += f->queued[c][s];
    return r;
}

/* Analytic answer rate at the station's average rate and load while open: M/M/c/K+M when its
 * waiting line is finite (blocked callers are not answered), Erlang A (or C) when it is not. */
static double predicted_answer(const struct cc_station *st, double lambda, double load,
                               double agents, double t_s)
{
    if (lambda <= 0 || load <= 0)
        return NAN;
    struct cc_erlang_input in = {
        .lambda = lambda,
        .aht_s = load / lambda,
        .patience_s = st->patience.kind == CC_DIST_NONE ? 0 : st->patience.mean_s,
        .agents = agents < 1 ? 1 : (int)lround(agents),
        .t_s = t_s,
    };
    double m[CC_ERLANG_METRIC_COUNT];
    if (!cc_erlang_metrics(&in, st->capacity, m))
        return -1;
    return m[CC_ERLANG_P_ANSWER];
}

static void fill_row(struct check *ck, size_t i)
{
    const struct cc_scenario *sc = ck->sc;
    const struct cc_station *st = &sc->stations[i];
    const struct flow *f = &ck->fl[i];
    struct row *r = &ck->rows[i];
    bool day_open[CC_DAYS_PER_WEEK] = {false};
    size_t n_open = 0, n_days = 0;
    double ext = 0, routed = 0, lambda = 0, load = 0, agents = 0;
    r->agents_min = HUGE_VAL;
    r->agents_max = 0;
    r->load_max = 0;
    for (size_t s = 0; s < ck->n_slots; s++) {
        ext += f->ext[s];
        routed += f->routed[s];
        if (!st->open[s])
            continue;
        n_open++;
        day_open[s / (size_t)sc->slots_per_day] = true;
        lambda += queued_total(f, s);
        load += f->work[s];
        agents += st->agents[s];
        r->load_max = fmax(r->load_max, f->work[s]);
        r->agents_min = fmin(r->agents_min, st->agents[s]);
        r->agents_max = fmax(r->agents_max, st->agents[s]);
    }
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++)
        n_days += day_open[d];
    const double days = n_days > 0 ? (double)n_days : 1;
    r->open_h_week = (double)n_open * sc->interval_s / 3600.0;
    r->ext_per_day = ext * sc->interval_s / days;
    r->routed_per_day = f->receives ? routed * sc->interval_s / days : NAN;
    if (n_open == 0) {
        r->agents_min = r->agents_avg = r->load_avg = r->etpt = 0;
        r->answer = NAN;
        return;
    }
    r->load_avg = load / (double)n_open;
    r->agents_avg = agents / (double)n_open;
    r->etpt = cc_scenario_agents_to_etpt(sc, i, r->agents_avg);
    r->answer =
        predicted_answer(st, lambda / (double)n_open, r->load_avg, r->agents_avg, sc->sl_s[0]);
}

static void print_header(size_t w)
{
    printf("%-*s %6s %18s %15s %19s %7s %8s\n", (int)w, "", "open", "calls per day",
           "offered Erlang", "agents on duty", "", "analytic");
    printf("%-*s %6s %9s %8s %7s %7s %5s %7s %5s %7s %8s\n", (int)w, "station", "h/wk", "external",
           "routed", "avg", "max", "min", "avg", "max", "ETPT", "answered");
}

static void print_row(size_t w, const char *name, const struct row *r)
{
    char routed[32], answer[32];
    if (isnan(r->routed_per_day))
        snprintf(routed, sizeof routed, "-");
    else
        snprintf(routed, sizeof routed, "%.1f", r->routed_per_day);
    if (isnan(r->answer))
        snprintf(answer, sizeof answer, "-");
    else if (r->answer < 0)
        snprintf(answer, sizeof answer, "unstable");
    else
        snprintf(answer, sizeof answer, "%.1f%%", 100 * r->answer);
    printf("%-*s %6.1f %9.1f %8s %7.2f %7.2f %5g %7.2f %5g %7.2f %8s\n", (int)w, name,
           r->open_h_week, r->ext_per_day, routed, r->load_avg, r->load_max, r->agents_min,
           r->agents_avg, r->agents_max, r->etpt, answer);
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The field at byte offset off of every prefecture row, sorted into v; returns the count. */
static size_t pref_values(const struct check *ck, size_t off, double *v)
{
    size_t n = 0;
    for (size_t i = 0; i < ck->sc->n_stations; i++) {
        if (ck->sc->stations[i].role != CC_ROLE_PREFECTURE)
            continue;
        const double x = *(const double *)((const char *)&ck->rows[i] + off);
        if (!isnan(x))
            v[n++] = x;
    }
    qsort(v, n, sizeof *v, cmp_double);
    return n;
}

static const size_t row_fields[] = {
    offsetof(struct row, open_h_week),    offsetof(struct row, ext_per_day),
    offsetof(struct row, routed_per_day), offsetof(struct row, load_avg),
    offsetof(struct row, load_max),       offsetof(struct row, agents_min),
    offsetof(struct row, agents_avg),     offsetof(struct row, agents_max),
    offsetof(struct row, etpt),           offsetof(struct row, answer)};

/* Rows "per prefecture min / median / max": each column's own order statistic. */
static bool print_pref_spread(const struct check *ck, size_t w, size_t n_pref)
{
    double *v = malloc(n_pref * sizeof *v);
    if (!v)
        return false;
    static const char *const label[3] = {"  per prefecture min", "  per prefecture median",
                                         "  per prefecture max"};
    for (int q = 0; q < 3; q++) {
        struct row r = {0};
        for (size_t k = 0; k < sizeof row_fields / sizeof row_fields[0]; k++) {
            const size_t n = pref_values(ck, row_fields[k], v);
            double x = NAN;
            if (n > 0 && q == 0)
                x = v[0];
            else if (n > 0 && q == 1)
                x = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            else if (n > 0)
                x = v[n - 1];
            *(double *)((char *)&r + row_fields[k]) = x;
        }
        print_row(w, label[q], &r);
    }
    free(v);
    return true;
}

/* The "switchboard (N prefectures)" row: sums per slot over all prefectures. */
static void pref_total(const struct check *ck, struct row *t)
{
    const struct cc_scenario *sc = ck->sc;
    size_t n_open = 0;
    double answered = 0, offered = 0;
    memset(t, 0, sizeof *t);
    t->routed_per_day = NAN;
    t->agents_min = HUGE_VAL;
    for (size_t s = 0; s < ck->n_slots; s++) {
        double load = 0, agents = 0;
        bool open = false;
        for (size_t i = 0; i < sc->n_stations; i++) {
            if (sc->stations[i].role != CC_ROLE_PREFECTURE || !sc->stations[i].open[s])
                continue;
            open = true;
            load += ck->fl[i].work[s];
            agents += sc->stations[i].agents[s];
        }
        if (!open)
            continue;
        n_open++;
        t->load_avg += load;
        t->agents_avg += agents;
        t->load_max = fmax(t->load_max, load);
        t->agents_min = fmin(t->agents_min, agents);
        t->agents_max = fmax(t->agents_max, agents);
    }
    for (size_t i = 0; i < sc->n_stations; i++) {
        if (sc->stations[i].role != CC_ROLE_PREFECTURE)
            continue;
        const struct row *r = &ck->rows[i];
        t->ext_per_day += r->ext_per_day;
        t->etpt += r->etpt;
        if (!isnan(r->answer) && r->answer >= 0) {
            answered += r->answer * r->ext_per_day;
            offered += r->ext_per_day;
        }
    }
    t->open_h_week = (double)n_open * sc->interval_s / 3600.0;
    t->load_avg = n_open ? t->load_avg / (double)n_open : 0;
    t->agents_avg = n_open ? t->agents_avg / (double)n_open : 0;
    if (n_open == 0)
        t->agents_min = 0;
    t->answer = offered > 0 ? answered / offered : NAN;
}

static bool print_table(struct check *ck)
{
    const struct cc_scenario *sc = ck->sc;
    size_t w = strlen("  per prefecture median"), n_pref = 0;
    for (size_t i = 0; i < sc->n_stations; i++) {
        n_pref += sc->stations[i].role == CC_ROLE_PREFECTURE;
        if (strlen(sc->stations[i].name) > w)
            w = strlen(sc->stations[i].name);
    }
    char total[64];
    snprintf(total, sizeof total, "switchboard (%zu prefectures)", n_pref);
    if (n_pref > 0 && strlen(total) > w)
        w = strlen(total);
    print_header(w);
    if (n_pref > 0) {
        struct row t;
        pref_total(ck, &t);
        print_row(w, total, &t);
        if (n_pref > PREF_DETAIL_MAX && !print_pref_spread(ck, w, n_pref))
            return false;
    }
    for (size_t i = 0; i < sc->n_stations; i++) {
        if (sc->stations[i].role != CC_ROLE_PREFECTURE || n_pref <= PREF_DETAIL_MAX)
            print_row(w, sc->stations[i].name, &ck->rows[i]);
    }
    return true;
}

/* "<prefix>[name ]Mon 10:00-10:30: offered 7.9 Erlang >= 6 agents". */
static void print_one_overload(const struct check *ck, const char *prefix, bool name, int i, int s)
{
    const struct cc_scenario *sc = ck->sc;
    char when[64];
    slot_text(sc, (size_t)s, when, sizeof when);
    printf("%s%s%s%s: offered %.1f Erlang >= %d agents\n", prefix, name ? sc->stations[i].name : "",
           name ? " " : "", when, ck->fl[i].work[s], sc->stations[i].agents[s]);
}

/* Counts the overloaded open slots of station i into o; prints each one if print is set. */
static void scan_overload(const struct check *ck, size_t i, bool print, struct overload *o)
{
    const struct cc_station *st = &ck->sc->stations[i];
    size_t before = o->count;
    for (size_t s = 0; s < ck->n_slots; s++) {
        const double load = ck->fl[i].work[s];
        if (!st->open[s] || load <= 0 || load < st->agents[s])
            continue;
        const double ratio = st->agents[s] > 0 ? load / st->agents[s] : HUGE_VAL;
        o->count++;
        if (print)
            print_one_overload(ck, "warning: ", true, (int)i, (int)s);
        if (ratio > o->worst_ratio || o->worst_station < 0) {
            o->worst_ratio = ratio;
            o->worst_station = (int)i;
            o->worst_slot = (int)s;
        }
    }
    o->stations += o->count > before;
}

static size_t open_slots(const struct check *ck, size_t i)
{
    size_t n = 0;
    for (size_t s = 0; s < ck->n_slots; s++)
        n += ck->sc->stations[i].open[s];
    return n;
}

static bool is_pref(const struct check *ck, size_t i)
{
    return ck->sc->stations[i].role == CC_ROLE_PREFECTURE;
}

/* Overload warnings of one station (group = false) or of all prefectures together: one line
 * per overloaded interval, or a count and the worst interval when there are many. */
static size_t warn_overload(const struct check *ck, size_t i, bool group)
{
    struct overload o = {.worst_station = -1};
    size_t n_pref = 0, n_open = 0;
    for (size_t k = 0; k < ck->sc->n_stations; k++) {
        if (group ? is_pref(ck, k) : k == i) {
            scan_overload(ck, k, false, &o);
            n_pref++;
            n_open += open_slots(ck, k);
        }
    }
    if (o.count == 0 || o.count <= WARN_DETAIL_MAX) {
        const size_t n = o.count;
        for (size_t k = 0; n > 0 && k < ck->sc->n_stations; k++)
            if (group ? is_pref(ck, k) : k == i)
                scan_overload(ck, k, true, &(struct overload){.worst_station = -1});
        return n;
    }
    if (group)
        printf("warning: switchboard: offered load >= agents in %zu of %zu open intervals, at "
               "%zu of %zu prefectures; worst ",
               o.count, n_open, o.stations, n_pref);
    else
        printf("warning: %s: offered load >= agents in %zu of %zu open intervals; worst ",
               ck->sc->stations[i].name, o.count, n_open);
    print_one_overload(ck, "", group, o.worst_station, o.worst_slot);
    return o.count;
}

/* Calls routed to a station while it is closed are blocked there (models/center.c). */
static size_t warn_closed(const struct check *ck, size_t i)
{
    size_t n = 0, first = 0;
    for (size_t s = 0; s < ck->n_slots; s++) {
        if (!ck->sc->stations[i].open[s] && ck->fl[i].routed[s] > 0 && n++ == 0)
            first = s;
    }
    if (n > 0) {
        char when[64];
        slot_text(ck->sc, first, when, sizeof when);
        printf("warning: %s: calls are routed to it in %zu intervals while it is closed "
               "(first %s)\n",
               ck->sc->stations[i].name, n, when);
    }
    return n;
}

static void print_warnings(const struct check *ck)
{
    const struct cc_scenario *sc = ck->sc;
    size_t n = 0;
    bool prefs = false;
    for (size_t i = 0; i < sc->n_stations; i++) {
        if (!is_pref(ck, i))
            n += warn_overload(ck, i, false);
        else if (!prefs)
            n += warn_overload(ck, i, true);
        prefs = prefs || is_pref(ck, i);
        n += warn_closed(ck, i);
    }
    if (n == 0)
        printf("no stability warning: offered load < agents in every open interval\n");
}

static void print_intro(const struct cc_scenario *sc)
{
    printf("scenario %s (%s): valid\n", sc->name, sc->path);
    if (sc->stationary) {
        printf("model: station, %g-min intervals, %g h after %g h warm-up, %d reps, seed %llu\n",
               sc->interval_s / 60, (sc->horizon_s - sc->warmup_s) / 3600, sc->warmup_s / 3600,
               sc->reps, (unsigned long long)sc->seed);
        return;
    }
    size_t n_pref = 0, n_conn = 0;
    for (size_t k = 0; k < sc->n_sources; k++) {
        if (sc->stations[sc->sources[k].station].role != CC_ROLE_PREFECTURE)
            continue;
        n_pref++;
        n_conn += sc->sources[k].interconnected && sc->sources[k].transfer_to >= 0;
    }
    printf("model: network, %zu prefectures (%zu interconnected, transfer %s), "
           "%g-min intervals, %d days, %d reps, seed %llu\n",
           n_pref, n_conn, sc->transfer.mode == CC_TRANSFER_IVR ? "at the IVR" : "after answer",
           sc->interval_s / 60, sc->days, sc->reps, (unsigned long long)sc->seed);
    if (!sc->cal.dated)
        return;
    /* A dated calendar (docs/model.md s.4): which days, what is closed, what a year is. */
    int y0, m0, d0, y1, m1, d1;
    cc_date_civil(sc->cal.start, &y0, &m0, &d0);
    cc_date_civil(sc->cal.start + sc->days - 1, &y1, &m1, &d1);
    printf("calendar: %04d-%02d-%02d to %04d-%02d-%02d, %zu closed dates (%zu holidays), %zu "
           "peaks; yearly figures %s\n",
           y0, m0, d0, y1, m1, d1, sc->cal.n_closed, sc->cal.n_holidays, sc->cal.n_peaks,
           sc->cal.years > 0 ? "are the simulated years' totals"
                             : "scale the open days to costs.open_days_per_year");
    puts("(the calls per day below are those of a month of weight 1 outside any peak)");
}

static void print_notes(void)
{
    puts("calls per day: per open day of the station. routed: calls sent on by other stations\n"
         "(prefecture transfers, escalations) at their full offered rate, ignoring calls lost\n"
         "upstream: an upper bound. offered Erlang: calls per second x mean handling time, per\n"
         "interval while open (max = busiest interval). ETPT: average agents on duty converted\n"
         "as in docs/model.md, \"Staffing\". analytic answered: M/M/c/K+M (callers beyond\n"
         "the waiting places are blocked) or Erlang A where the line is unlimited, at the\n"
         "average load and agents while open; it ignores the peaks.");
}

static int report(const struct cc_scenario *sc)
{
    struct check ck = {.sc = sc, .n_slots = (size_t)CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day};
    int rc = 1;
    if (!flows_alloc(&ck))
        goto out;
    add_sources(&ck);
    if (!add_escalations(&ck))
        goto out;
    for (size_t i = 0; i < sc->n_stations; i++)
        fill_row(&ck, i);
    print_intro(sc);
    cli_uncertain_print(sc, stdout);
    putchar('\n');
    if (!print_table(&ck))
        goto out;
    putchar('\n');
    print_notes();
    putchar('\n');
    print_warnings(&ck);
    rc = 0;
out:
    if (rc != 0)
        fputs("ccsim check: out of memory\n", stderr);
    flows_free(&ck);
    return rc;
}

struct check_args {
    const char **sets;
    size_t n_sets;
    bool quiet;
};

static const struct cli_opt own_opts[] = {
    {"set", 's', true}, {"quiet", 'q', false}, {NULL, 0, false}};

static int on_opt(void *ctx, int key, const char *v)
{
    struct check_args *c = ctx;
    if (key == 'q') {
        c->quiet = true;
        return -1;
    }
    if (!strchr(v, '='))
        return usage_error("--set expects path=value, got", v);
    c->sets[c->n_sets++] = v;
    return -1;
}

/* Reads argv into *file and sets; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, const char **file, const char **sets, size_t *n_sets,
                      bool *quiet)
{
    struct check_args c = {sets, 0, false};
    struct cli_args a = {.cmd = "check",
                         .usage = usage,
                         .opts = own_opts,
                         .on_opt = on_opt,
                         .ctx = &c,
                         .pos = file,
                         .max_pos = 1};
    const int rc = cli_args_parse(&a, argc, argv);
    *n_sets = c.n_sets;
    *quiet = c.quiet;
    if (rc >= 0)
        return rc;
    if (!*file)
        return usage_error("missing scenario file", NULL);
    return -1;
}

/* Loads the file, prints every diagnostic to stderr; 2 when the scenario is invalid. */
static int load_and_report(const char *file, const char **sets, size_t n_sets, bool quiet)
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fputs("ccsim check: out of memory\n", stderr);
        return 1;
    }
    int rc = 2;
    struct cc_scenario *sc = cli_scenario_load(file, (const char *const *)sets, n_sets, d);
    for (size_t k = 0; k < sim_diag_count(d); k++)
        fprintf(stderr, "%s\n", sim_diag_line(d, k));
    if (sim_diag_dropped(d) > 0)
        fprintf(stderr, "%s: ... and %zu more problems\n", file, sim_diag_dropped(d));
    if (sc) {
        rc = quiet ? 0 : report(sc);
    } else if (sim_diag_count(d) == 0) {
        fprintf(stderr, "ccsim check: cannot load %s\n", file);
        rc = 1;
    }
    cc_scenario_free(sc);
    sim_diag_free(d);
    return rc;
}

int cc_cmd_check(int argc, char **argv)
{
    const char *file = NULL;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t n_sets = 0;
    if (!sets) {
        fputs("ccsim check: out of memory\n", stderr);
        return 1;
    }
    bool quiet = false;
    int rc = parse_args(argc, argv, &file, sets, &n_sets, &quiet);
    if (rc < 0)
        rc = load_and_report(file, sets, n_sets, quiet);
    free(sets);
    return rc;
}
