/* cc_report: aggregates replications and writes a run's files (docs/model.md s.7).
 * Every value in a CSV is a mean over replications with its Student-t 95 % interval; a value
 * undefined in a replication (a ratio over zero calls) is left out, and the reps column says
 * how many replications contributed. Files are opened as temporaries, all written, then all
 * renamed, so a failure leaves no half-written file. intervals.csv carries beside each value
 * the stationary analytic prediction for that interval (analytic column; analytic_model names
 * the formula): Erlang A (or C) for an unlimited waiting line, the exact M/M/c/K+M birth-death
 * solution for K waiting places (Erlang B for none): ignoring a finite line made level 1
 * (22 % blocked) look 3 to 4 times off theory. Prefectures at their input arrival rate,
 * levels 1 and 2 at their simulated offered rate (their inflow is an output). */
#include "models/report.h"

#include "models/erlang.h"
#include "sim/bug.h"
#include "sim/csv.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const day_name[CC_DAYS_PER_WEEK] = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

static sim_ci ci_of(const double *first, size_t stride, int n)
{
    sim_tally t;
    sim_tally_init(&t);
    for (int i = 0; i < n; i++) {
        const double x = first[(size_t)i * stride];
        if (!isnan(x))
            sim_tally_add(&t, x);
    }
    return sim_tally_ci(&t, CC_REPORT_LEVEL);
}

/* Which per-replication array a value is gathered from. */
enum rep_array { REP_SUMMARY, REP_COSTS, REP_IVL, REP_IVL_LAMBDA, REP_MON };

/* Gathers one value of every replication, then the interval over them (NAN skipped). */
static sim_ci ci_gather(const struct cc_run *run, size_t offset, enum rep_array which)
{
    double *v = malloc((size_t)run->reps * sizeof *v);
    if (!v) {
        sim_ci none = {NAN, NAN, NAN, NAN, 0};
        return none;
    }
    for (int r = 0; r < run->reps; r++) {
        const struct cc_rep *rep = run->rep[r];
        const double *a = which == REP_SUMMARY ? rep->summary
                          : which == REP_COSTS ? rep->costs
                          : which == REP_IVL   ? rep->ivl
                          : which == REP_MON   ? rep->mon
                                               : rep->ivl_lambda;
        v[r] = a[offset];
    }
    sim_ci ci = ci_of(v, 1, run->reps);
    free(v);
    return ci;
}

sim_ci cc_report_ci(const struct cc_run *run, size_t row, enum cc_metric m)
{
    return ci_gather(run, row * CC_M_COUNT + m, REP_SUMMARY);
}

sim_ci cc_report_cost_ci(const struct cc_run *run, enum cc_cost k)
{
    return ci_gather(run, (size_t)k, REP_COSTS);
}

int cc_report_row(const struct cc_run *run, const char *name)
{
    for (size_t r = 0; r < run->layout->n_rows; r++)
        if (strcmp(run->layout->row_name[r], name) == 0)
            return (int)r;
    return -1;
}

/* Every metric is a count, a time or a share, so an interval is clipped at 0 (and shares at 1):
 * the Student-t interval of a rate near 0 can otherwise reach below it. */
static void csv_ci(sim_csv *c, sim_ci ci)
{
    if (ci.low < 0)
        ci.low = 0;
    sim_csv_num(c, ci.mean);
    sim_csv_num(c, ci.low);
    sim_csv_num(c, ci.high);
    sim_csv_int(c, (long long)ci.n);
}

static bool is_share(const char *metric)
{
    return strstr(metric, "rate") || strncmp(metric, "sl_", 3) == 0 ||
           strcmp(metric, "occupancy") == 0 || strcmp(metric, "share") == 0;
}

const char *cc_report_unit(const char *metric)
{
    /* Longest suffixes first: "l1_transferred_calls_per_year" is calls, not a share. */
    static const char *const suffix[][2] = {
        {"_eur_per_year", "EUR/year"},
        {"_eur_per_answered_call", "EUR/call"},
        {"_calls_per_year", "calls/year"},
        {"_offered_per_year", "calls/year"},
        {"_erlang", "erlang"},
        {"_s", "s"},
        {"_h", "h"},
    };
    const size_t len = strlen(metric);
    for (size_t i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        const size_t n = strlen(suffix[i][0]);
        if (len > n && strcmp(metric + len - n, suffix[i][0]) == 0)
            return suffix[i][1];
    }
    if (is_share(metric))
        return "share";
    if (strcmp(metric, "agents_avg") == 0)
        return "agents";
    if (strcmp(metric, "etpt") == 0)
        return "etpt";
    /* offered, answered, abandoned, blocked, transferred, count...: totals over the simulated
     * horizon (manifest.json "period" says which days); intervals.csv and months.csv say their
     * own period instead (calls/interval, calls/open day). */
    return "calls/run";
}

/* The unit of a metric in a file whose counts are per period ("interval", "open day"). */
static const char *unit_per(const char *metric, const char *period)
{
    const char *u = cc_report_unit(metric);
    if (strcmp(u, "calls/run") != 0)
        return u;
    return strcmp(period, "interval") == 0 ? "calls/interval" : "calls/open day";
}

static void write_summary(const struct cc_run *run, sim_csv *c)
{
    static const char *const cols[] = {"scenario", "station", "metric", "mean", "ci_low",
                                       "ci_high",  "reps",    "unit",   NULL};
    const struct cc_layout *l = run->layout;
    sim_csv_header(c, cols);
    for (size_t r = 0; r < l->n_rows; r++) {
        for (int m = 0; m < CC_M_COUNT; m++) {
            if (!l->row_mask[r * CC_M_COUNT + (size_t)m])
                continue;
            sim_csv_str(c, run->sc->name);
            sim_csv_str(c, l->row_name[r]);
            sim_csv_str(c, cc_metric_name[m]);
            sim_ci ci = cc_report_ci(run, r, (enum cc_metric)m);
            if (is_share(cc_metric_name[m]) && ci.high > 1)
                ci.high = 1;
            csv_ci(c, ci);
            sim_csv_str(c, cc_report_unit(cc_metric_name[m]));
            sim_csv_end_row(c);
        }
    }
    if (!l->has_network)
        return;
    for (int k = 0; k < CC_C_COUNT; k++) {
        sim_csv_str(c, run->sc->name);
        sim_csv_str(c, "costs");
        sim_csv_str(c, cc_cost_name[k]);
        csv_ci(c, cc_report_cost_ci(run, (enum cc_cost)k));
        sim_csv_str(c, cc_report_unit(cc_cost_name[k]));
        sim_csv_end_row(c);
    }
}

static void write_journeys(const struct cc_run *run, sim_csv *c)
{
    static const char *const cols[] = {"scenario", "outcome", "metric", "mean", "ci_low",
                                       "ci_high",  "reps",    "unit",   NULL};
    sim_csv_header(c, cols);
    double *v = malloc((size_t)run->reps * 3 * sizeof *v);
    if (!v)
        return;
    for (int o = 0; o < CC_OUT_COUNT; o++) {
        for (int r = 0; r < run->reps; r++) {
            const struct cc_rep *rep = run->rep[r];
            double total = 0;
            for (int k = 0; k < CC_OUT_COUNT; k++)
                total += rep->journeys[k][0];
            const double n = rep->journeys[o][0];
            v[r] = n;
            v[run->reps + r] = total > 0 ? n / total : NAN;
            v[2 * run->reps + r] = n > 0 ? rep->journeys[o][1] / n : NAN;
        }
        static const char *const metric[3] = {"count", "share", "mean_wait_s"};
        for (int m = 0; m < 3; m++) {
            sim_csv_str(c, run->sc->name);
            sim_csv_str(c, cc_outcome_name[o]);
            sim_csv_str(c, metric[m]);
            sim_ci ci = ci_of(&v[m * run->reps], 1, run->reps);
            if (is_share(metric[m]) && ci.high > 1)
                ci.high = 1;
            csv_ci(c, ci);
            sim_csv_str(c, cc_report_unit(metric[m]));
            sim_csv_end_row(c);
        }
    }
    free(v);
}

/* ---- analytic predictions per interval --------------------------------------------------- */

/* Rates summed over the stations of a row (the switchboard sums its prefectures). model is the
 * formula used, the same for every station of the row or "mixed". */
struct prediction {
    double lambda, load, answered, abandoned, blocked, asa_num, wait_num, sl[3], busy, agents;
    const char *model;
    bool valid;
};

/* The formula a station's queue is solved with: M/M/c/K+M when its waiting line is finite
 * (Erlang B without one), Erlang A otherwise (Erlang C when nobody abandons). */
static const char *station_model(const struct cc_station *st)
{
    if (st->capacity == 0)
        return "erlang_b";
    if (st->capacity > 0)
        return "mmck";
    return st->patience.kind == CC_DIST_NONE || !(st->patience.mean_s > 0) ? "erlang_c"
                                                                           : "erlang_a";
}

/* One station's share of the prediction: callers offered at rate lambda to agents agents. */
struct station_rates {
    double p_answer, p_abandon, p_block, asa_s, wait_s, sl[3];
    bool stable;
};

static void solve_station(const struct cc_scenario *sc, const struct cc_station *st, double lambda,
                          int agents, struct station_rates *out)
{
    struct cc_erlang_input in = {
        .lambda = lambda,
        .aht_s = st->service.mean_s,
        .patience_s = st->patience.kind == CC_DIST_NONE ? 0.0 : st->patience.mean_s,
        .agents = agents,
    };
    out->stable = true;
    if (st->capacity >= 0) {
        /* K is at most CC_ERLANG_MAX_CAPACITY (the loader's bound). */
        struct cc_erlang_mmck_result r;
        for (int i = 0; i < 3; i++) {
            in.t_s = sc->sl_s[i];
            cc_erlang_mmck(&in, st->capacity, &r);
            out->sl[i] = r.sl;
        }
        out->p_answer = r.p_answer;
        out->p_abandon = r.p_abandon;
        out->p_block = r.p_block;
        out->asa_s = r.asa_s;
        /* The mean wait of the simulation leaves blocked callers out (they do not wait). */
        out->wait_s = r.p_block < 1 ? r.mean_wait_s / (1 - r.p_block) : NAN;
        return;
    }
    struct cc_erlang_result res;
    for (int i = 0; i < 3; i++) {
        in.t_s = sc->sl_s[i];
        cc_erlang_eval(&in, &res);
        out->stable &= res.stable;
        out->sl[i] = res.sl;
    }
    out->p_answer = 1 - res.p_abandon;
    out->p_abandon = res.p_abandon;
    out->p_block = 0;
    out->asa_s = res.asa_s;
    out->wait_s = res.mean_wait_s;
}

/* The analytic reference is a pure function of (station, lambda, agents), and the same pair
 * recurs in most bins (prefectures have the same rates and staff from one weekday to the next,
 * and the network row repeats every prefecture's row): solving each distinct triple once took
 * the report of a 35-day run of generalize-16etpt from about a fifth of its instructions to
 * a few per cent. Open addressing, grown by doubling so its memory follows the number of
 * distinct triples, not the number of bins. */
struct solve_entry {
    const struct cc_station *st; /* NULL: empty slot */
    double lambda;
    int agents;
    struct station_rates r;
};

struct solve_cache {
    struct solve_entry *e; /* NULL: no cache, every triple is solved afresh */
    size_t mask, used;
};

static uint64_t solve_hash(const struct cc_station *st, double lambda, int agents)
{
    uint64_t h;
    memcpy(&h, &lambda, sizeof h);
    h ^= (uint64_t)(uintptr_t)st * 0x9e3779b97f4a7c15u ^ (uint64_t)agents;
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9u;
    return h ^ h >> 32;
}

/* The slot of (st, lambda, agents): its entry, or the empty slot where it belongs. */
static struct solve_entry *solve_find(const struct solve_cache *cache, const struct cc_station *st,
                                      double lambda, int agents)
{
    for (size_t i = (size_t)solve_hash(st, lambda, agents) & cache->mask;;
         i = (i + 1) & cache->mask) {
        struct solve_entry *e = &cache->e[i];
        if (e->st == NULL ||
            (e->st == st && e->agents == agents && memcmp(&e->lambda, &lambda, sizeof lambda) == 0))
            return e;
    }
}

/* Doubles the table (it stays at most half full, so probes stay short); on ENOMEM the cache
 * is dropped and the rest of the report solves every triple afresh. */
static void solve_grow(struct solve_cache *cache)
{
    struct solve_cache big = {calloc(2 * (cache->mask + 1), sizeof *big.e), 2 * cache->mask + 1,
                              cache->used};
    if (big.e != NULL)
        for (size_t i = 0; i <= cache->mask; i++)
            if (cache->e[i].st != NULL)
                *solve_find(&big, cache->e[i].st, cache->e[i].lambda, cache->e[i].agents) =
                    cache->e[i];
    free(cache->e);
    *cache = big;
}

static void solve_cached(struct solve_cache *cache, const struct cc_scenario *sc,
                         const struct cc_station *st, double lambda, int agents,
                         struct station_rates *out)
{
    if (cache->e != NULL && 2 * (cache->used + 1) > cache->mask + 1)
        solve_grow(cache);
    if (cache->e == NULL) {
        solve_station(sc, st, lambda, agents, out);
        return;
    }
    struct solve_entry *e = solve_find(cache, st, lambda, agents);
    if (e->st == NULL) {
        *e = (struct solve_entry){.st = st, .lambda = lambda, .agents = agents};
        solve_station(sc, st, lambda, agents, &e->r);
        cache->used++;
    }
    *out = e->r;
}

static void predict_add(struct prediction *p, struct solve_cache *cache,
                        const struct cc_scenario *sc, const struct cc_station *st, double lambda,
                        int agents)
{
    if (lambda <= 0)
        return;
    const char *model = station_model(st);
    p->model = p->model == NULL || strcmp(p->model, model) == 0 ? model : "mixed";
    p->agents += agents;
    p->lambda += lambda;
    p->load += lambda * st->service.mean_s;
    if (agents <= 0) {
        p->valid = false;
        return;
    }
    struct station_rates r;
    solve_cached(cache, sc, st, lambda, agents, &r);
    if (!r.stable) {
        p->valid = false;
        return;
    }
    for (int i = 0; i < 3; i++)
        p->sl[i] += lambda * r.sl[i];
    const double answered = lambda * r.p_answer;
    p->answered += answered;
    p->abandoned += lambda * r.p_abandon;
    p->blocked += lambda * r.p_block;
    p->asa_num += answered * r.asa_s;
    p->wait_num += lambda * (1 - r.p_block) * r.wait_s;
    p->busy += answered * st->service.mean_s;
}

/* Input arrival rate of station i in bin b, when all its traffic is external. */
static double input_lambda(const struct cc_scenario *sc, size_t i, size_t b)
{
    double lambda = 0;
    for (size_t s = 0; s < sc->n_sources; s++) {
        const struct cc_source *src = &sc->sources[s];
        if ((size_t)src->station != i)
            continue;
        double share = 1.0;
        if (sc->transfer.mode == CC_TRANSFER_IVR)
            share -= src->general_share;
        lambda += src->rate[b] * share;
    }
    return lambda;
}

/* A dated run folds days of unequal rates onto a weekday bin (month weights, peaks, closed
 * dates at 0): the mean day factor of the run's days of weekday wd, so that the input rate of a
 * bin is the mean rate of its occurrences, as the simulated counts are. 1 when undated. */
static double weekday_factor(const struct cc_scenario *sc, int wd)
{
    if (!sc->cal.dated)
        return 1.0;
    double sum = 0;
    int n = 0;
    for (long d = 0; d < sc->days; d++)
        if (cc_scenario_weekday(sc, d) == wd) {
            sum += cc_scenario_day_factor(sc, d);
            n++;
        }
    return n > 0 ? sum / n : 1.0;
}

static struct prediction predict(const struct cc_run *run, struct solve_cache *cache, size_t irow,
                                 size_t b)
{
    const struct cc_scenario *sc = run->sc;
    const double f = weekday_factor(sc, (int)(b / (size_t)sc->slots_per_day));
    const struct cc_layout *l = run->layout;
    struct prediction p = {.valid = true};
    const int row = l->irow_row[irow];
    const int station = l->row_station[row];
    if (station >= 0) {
        const struct cc_station *st = &sc->stations[station];
        double lambda = 0;
        if (st->role == CC_ROLE_LEVEL1 || st->role == CC_ROLE_LEVEL2) {
            const sim_ci ci = ci_gather(run, irow * l->n_bins + b, REP_IVL_LAMBDA);
            lambda = ci.n > 0 ? ci.mean : 0.0;
        } else {
            lambda = input_lambda(sc, (size_t)station, b) * f;
        }
        predict_add(&p, cache, sc, st, lambda, st->agents[b]);
        return p;
    }
    if (strcmp(l->row_name[row], "level2") == 0) { /* the CAI total: its sectors, rows 3 ... */
        for (size_t j = 0; j < sc->n_sectors; j++) {
            const struct cc_station *st = &sc->stations[sc->first_sector + j];
            const sim_ci ci = ci_gather(run, (3 + j) * l->n_bins + b, REP_IVL_LAMBDA);
            predict_add(&p, cache, sc, st, ci.n > 0 ? ci.mean : 0.0, st->agents[b]);
        }
        return p;
    }
    for (size_t i = 0; i < sc->n_stations; i++)
        if (sc->stations[i].role == CC_ROLE_PREFECTURE)
            predict_add(&p, cache, sc, &sc->stations[i], input_lambda(sc, i, b) * f,
                        sc->stations[i].agents[b]);
    return p;
}

static double predicted(const struct prediction *p, enum cc_imetric m, double len)
{
    if (m == CC_IM_AGENTS_AVG)
        return p->agents;
    if (m == CC_IM_OFFERED)
        return p->lambda * len;
    if (m == CC_IM_OFFERED_LOAD)
        return p->load;
    if (!p->valid || p->lambda <= 0)
        return NAN;
    switch (m) {
    case CC_IM_ANSWERED:
        return p->answered * len;
    case CC_IM_ABANDONED:
        return p->abandoned * len;
    case CC_IM_BLOCKED:
        return p->blocked * len;
    case CC_IM_ANSWER_RATE:
        return p->answered / p->lambda;
    case CC_IM_ABANDON_RATE:
        return p->abandoned / p->lambda;
    case CC_IM_ASA_S:
        return p->answered > 0 ? p->asa_num / p->answered : NAN;
    case CC_IM_MEAN_WAIT_S:
        return p->lambda > p->blocked ? p->wait_num / (p->lambda - p->blocked) : NAN;
    case CC_IM_SL_20:
    case CC_IM_SL_60:
    case CC_IM_SL_180:
        return p->sl[m - CC_IM_SL_20] / p->lambda;
    case CC_IM_OCCUPANCY:
        return p->agents > 0 ? p->busy / p->agents : NAN;
    default:
        return NAN;
    }
}

/* A bin is worth a row when some replication saw calls or staff in it. */
static bool bin_used(const struct cc_run *run, size_t irow, size_t b)
{
    const size_t at = (irow * run->layout->n_bins + b) * CC_IM_COUNT;
    for (int r = 0; r < run->reps; r++) {
        const double *v = &run->rep[r]->ivl[at];
        if (v[CC_IM_OFFERED] > 0 || (!isnan(v[CC_IM_AGENTS_AVG]) && v[CC_IM_AGENTS_AVG] > 0))
            return true;
    }
    return false;
}

static void write_intervals(const struct cc_run *run, sim_csv *c)
{
    static const char *const cols[] = {
        "scenario", "station", "day",      "interval_start", "metric", "mean", "ci_low",
        "ci_high",  "reps",    "analytic", "analytic_model", "unit",   NULL};
    const struct cc_layout *l = run->layout;
    const int spd = run->sc->slots_per_day;
    const double len = run->sc->interval_s;
    sim_csv_header(c, cols);
    struct solve_cache cache = {calloc(256, sizeof *cache.e), 255, 0};
    for (size_t ir = 0; ir < l->n_irows; ir++) {
        const char *name = l->row_name[l->irow_row[ir]];
        for (size_t b = 0; b < l->n_bins; b++) {
            if (!bin_used(run, ir, b))
                continue;
            const struct prediction p = predict(run, &cache, ir, b);
            const int minute = (int)((double)(b % (size_t)spd) * len / 60.0);
            char start[16];
            snprintf(start, sizeof start, "%02d:%02d", minute / 60, minute % 60);
            for (int m = 0; m < CC_IM_COUNT; m++) {
                sim_csv_str(c, run->sc->name);
                sim_csv_str(c, name);
                sim_csv_str(c, day_name[b / (size_t)spd]);
                sim_csv_str(c, start);
                sim_csv_str(c, cc_imetric_name[m]);
                sim_ci ci = ci_gather(run, (ir * l->n_bins + b) * CC_IM_COUNT + (size_t)m, REP_IVL);
                if (is_share(cc_imetric_name[m]) && ci.high > 1)
                    ci.high = 1;
                csv_ci(c, ci);
                sim_csv_num(c, predicted(&p, (enum cc_imetric)m, len));
                sim_csv_str(c, p.model ? p.model : "");
                sim_csv_str(c, unit_per(cc_imetric_name[m], "interval"));
                sim_csv_end_row(c);
            }
        }
    }
    free(cache.e);
}

/* months.csv (dated runs): each interval row's calendar months, counts per open day. */
static void write_months(const struct cc_run *run, sim_csv *c)
{
    static const char *const cols[] = {"scenario", "station", "month", "metric", "mean",
                                       "ci_low",   "ci_high", "reps",  "unit",   NULL};
    const struct cc_layout *l = run->layout;
    sim_csv_header(c, cols);
    for (size_t ir = 0; ir < l->n_irows; ir++) {
        const char *name = l->row_name[l->irow_row[ir]];
        for (size_t k = 0; k < l->n_months; k++) {
            const size_t at = (ir * l->n_months + k) * CC_MON_COUNT;
            /* Open days are the same in every replication: a month the run did not open on
             * has no row. */
            if (!(run->rep[0]->mon[at + CC_MON_OPEN_DAYS] > 0))
                continue;
            for (int m = 0; m < CC_MON_COUNT; m++) {
                const char *metric = m < CC_IM_COUNT ? cc_imetric_name[m] : "open_days";
                sim_csv_str(c, run->sc->name);
                sim_csv_str(c, name);
                sim_csv_int(c, (long long)k + 1);
                sim_csv_str(c, metric);
                sim_ci ci = ci_gather(run, at + (size_t)m, REP_MON);
                if (is_share(metric) && ci.high > 1)
                    ci.high = 1;
                csv_ci(c, ci);
                sim_csv_str(c, m < CC_IM_COUNT ? unit_per(metric, "open day") : "days/run");
                sim_csv_end_row(c);
            }
        }
    }
}

/* ---- manifest ---------------------------------------------------------------------------- */

/* Every JSON written goes through cJSON (no hand escaping); the resolved scenario, already
 * JSON text made by cJSON in scenario.c, is parsed back and attached as a tree. Top-level
 * scalars come before nested objects: cli/csv_read.c finds a key by its first occurrence. */

static void add_str(cJSON *o, const char *key, const char *v)
{
    cJSON_AddItemToObject(o, key, v ? cJSON_CreateString(v) : cJSON_CreateNull());
}

static cJSON *str_array(const char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; a != NULL && i < n; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v[i] ? v[i] : ""));
    return a;
}

/* argv joined with spaces: the human-readable form (argv holds the exact one). */
static char *joined(int argc, char *const *argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = malloc(n), *p = s;
    for (int i = 0; s != NULL && i < argc; i++)
        p += snprintf(p, n - (size_t)(p - s), "%s%s", i ? " " : "", argv[i]);
    if (s != NULL && argc == 0)
        s[0] = '\0';
    return s;
}

/* The head every manifest shares. */
static cJSON *manifest_head(const struct cc_manifest_info *info)
{
    cJSON *m = cJSON_CreateObject();
    if (m == NULL)
        return NULL;
    add_str(m, "ccsim_version", info->version);
    add_str(m, "git_revision", info->git_rev);
    add_str(m, "command", info->command);
    char *line = joined(info->argc, info->argv);
    add_str(m, "command_line", line ? line : "");
    free(line);
    cJSON_AddItemToObject(
        m, "argv",
        str_array((const char *const *)info->argv, info->argc > 0 ? (size_t)info->argc : 0));
    cJSON_AddItemToObject(m, "sets", str_array(info->sets, info->n_sets));
    return m;
}

/* Appends the input files of sc not yet in inputs. */
static void add_inputs(cJSON *inputs, const struct cc_scenario *sc)
{
    for (size_t i = 0; i < sc->n_inputs; i++) {
        bool seen = false;
        const cJSON *it;
        cJSON_ArrayForEach(it, inputs)
        {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
            const cJSON *h = cJSON_GetObjectItemCaseSensitive(it, "sha256");
            seen |= cJSON_IsString(p) && cJSON_IsString(h) &&
                    strcmp(p->valuestring, sc->inputs[i].path) == 0 &&
                    strcmp(h->valuestring, sc->inputs[i].sha256) == 0;
        }
        if (seen)
            continue;
        cJSON *f = cJSON_CreateObject();
        add_str(f, "path", sc->inputs[i].path);
        add_str(f, "sha256", sc->inputs[i].sha256);
        cJSON_AddItemToArray(inputs, f);
    }
}

static void add_run_facts(cJSON *m, const struct cc_manifest_info *info,
                          const struct cc_scenario *sc, int reps, uint64_t events, uint64_t calls)
{
    cJSON_AddNumberToObject(m, "seed", (double)sc->seed);
    cJSON_AddNumberToObject(m, "reps", reps);
    cJSON_AddNumberToObject(m, "ranks", info->ranks);
    cJSON_AddNumberToObject(m, "threads", info->threads);
    cJSON_AddNumberToObject(m, "wall_time_s", round(info->wall_s * 1000) / 1000);
    cJSON_AddNumberToObject(m, "events", (double)events);
    cJSON_AddNumberToObject(m, "calls", (double)calls);
    cJSON_AddNumberToObject(m, "events_per_s",
                            info->wall_s > 0 ? round((double)events / info->wall_s) : 0.0);
    cJSON_AddNumberToObject(m, "peak_rss_kib", (double)info->peak_rss_kib);
}

/* Prints m into dir/name (atomically) and frees m; NULL m means out of memory. */
static enum sim_status json_save(cJSON *m, const char *dir, const char *name, sim_diag *d)
{
    char *path = sim_path_join(dir, name);
    char *text = m != NULL ? cJSON_Print(m) : NULL;
    cJSON_Delete(m);
    if (path == NULL || text == NULL) {
        sim_diag_add(d, "%s/%s: %s", dir, name, strerror(ENOMEM));
        free(path);
        cJSON_free(text);
        return SIM_ENOMEM;
    }
    sim_afile *f = sim_afile_open(path, d);
    free(path);
    if (f != NULL) {
        fputs(text, sim_afile_stream(f));
        fputc('\n', sim_afile_stream(f));
    }
    cJSON_free(text);
    return f != NULL ? sim_afile_commit(f, d) : SIM_EIO;
}

static void date_of_day(const struct cc_scenario *sc, long d, char out[16])
{
    int y, mo, da;
    cc_date_civil(sc->cal.start + d, &y, &mo, &da);
    snprintf(out, 16, "%04d-%02d-%02d", y, mo, da);
}

/* What the counts of the run's files are counted over: the simulated days (dates when the
 * calendar is dated), the level-1 open days among them, and what the yearly figures are (the
 * simulated years' totals, or the open days scaled to costs.open_days_per_year). */
static cJSON *period_json(const struct cc_scenario *sc)
{
    cJSON *p = cJSON_CreateObject();
    if (p == NULL)
        return NULL;
    static const char *const wday[CC_DAYS_PER_WEEK] = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};
    char a[16], b[16];
    if (sc->cal.dated) {
        date_of_day(sc, 0, a);
        date_of_day(sc, sc->days - 1, b);
    }
    add_str(p, "first_day", sc->cal.dated ? a : NULL);
    add_str(p, "last_day", sc->cal.dated ? b : NULL);
    add_str(p, "first_weekday", sc->stationary ? NULL : wday[cc_scenario_weekday(sc, 0)]);
    cJSON_AddNumberToObject(p, "days", sc->stationary ? sc->horizon_s / 86400 : sc->days);
    int open_days = 0;
    const double years = cc_center_years(sc, &open_days);
    cJSON_AddNumberToObject(p, "open_days_level1", open_days);
    cJSON_AddNumberToObject(p, "closed_dates", (double)sc->cal.n_closed);
    if (years > 0) {
        cJSON_AddNumberToObject(p, "years", years);
        add_str(p, "per_year",
                sc->cal.years > 0 ? "simulated years' totals"
                                  : "open days scaled to costs.open_days_per_year");
    }
    return p;
}

static cJSON *run_manifest(const struct cc_run *run, const struct cc_manifest_info *info)
{
    const struct cc_scenario *sc = run->sc;
    cJSON *m = manifest_head(info);
    if (m == NULL)
        return NULL;
    add_str(m, "scenario_file", sc->path);
    add_str(m, "scenario_sha256", sc->sha256);
    cJSON *inputs = cJSON_AddArrayToObject(m, "inputs");
    if (inputs != NULL)
        add_inputs(inputs, sc);
    add_run_facts(m, info, sc, run->reps, run->events, run->calls);
    cJSON_AddItemToObject(m, "period", period_json(sc));
    cJSON *resolved = sc->resolved_json ? cJSON_Parse(sc->resolved_json) : NULL;
    cJSON_AddItemToObject(m, "scenario", resolved ? resolved : cJSON_CreateNull());
    return m;
}

enum sim_status cc_manifest_write(const char *dir, const struct cc_manifest_info *info,
                                  const struct cc_scenario *const *scs, size_t n, uint64_t events,
                                  uint64_t calls, sim_diag *d)
{
    SIM_ASSERT(n > 0);
    cJSON *m = manifest_head(info);
    cJSON *files = m != NULL ? cJSON_AddArrayToObject(m, "scenario_files") : NULL;
    cJSON *inputs = m != NULL ? cJSON_AddArrayToObject(m, "inputs") : NULL;
    for (size_t i = 0; files != NULL && inputs != NULL && i < n; i++) {
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(scs[k]->path, scs[i]->path) == 0;
        if (!seen)
            cJSON_AddItemToArray(files, cJSON_CreateString(scs[i]->path));
        add_inputs(inputs, scs[i]);
    }
    if (m != NULL) {
        cJSON_AddNumberToObject(m, "variants", (double)n);
        add_run_facts(m, info, scs[0], scs[0]->reps, events, calls);
    }
    const enum sim_status st = json_save(m, dir, "manifest.json", d);
    return st == SIM_OK ? cc_report_inputs_write(dir, info, scs, n, d) : st;
}

enum sim_status cc_report_write(const struct cc_run *run, const char *dir,
                                const struct cc_manifest_info *info, sim_diag *d)
{
    if (sim_mkdirs(dir, d) != SIM_OK)
        return SIM_EIO;
    /* months.csv only for a dated run: an undated one writes the files it always wrote. */
    const bool months = run->layout->n_months > 0;
    const char *names[4] = {"summary.csv", "intervals.csv", "journeys.csv", "months.csv"};
    size_t n_csv = run->layout->has_network ? 3 : 2;
    if (months)
        names[n_csv++] = "months.csv";
    sim_csv *csv[4] = {NULL, NULL, NULL, NULL};
    enum sim_status status = SIM_OK;
    for (size_t i = 0; i < n_csv && status == SIM_OK; i++) {
        char *path = sim_path_join(dir, names[i]);
        csv[i] = path ? sim_csv_open(path, d) : NULL;
        free(path);
        if (!csv[i])
            status = SIM_EIO;
    }
    if (status != SIM_OK) {
        for (size_t i = 0; i < n_csv; i++)
            sim_csv_abort(csv[i]);
        return status;
    }
    write_summary(run, csv[0]);
    write_intervals(run, csv[1]);
    if (run->layout->has_network)
        write_journeys(run, csv[2]);
    if (months)
        write_months(run, csv[n_csv - 1]);
    /* After the first failure the rest are dropped: on a full disk every later file fails
     * too, with a vaguer reason (the stream error has lost its errno). */
    for (size_t i = 0; i < n_csv; i++) {
        if (status != SIM_OK)
            sim_csv_abort(csv[i]);
        else if (sim_csv_commit(csv[i], d) != SIM_OK)
            status = SIM_EIO;
    }
    if (status == SIM_OK && json_save(run_manifest(run, info), dir, "manifest.json", d) != SIM_OK)
        status = SIM_EIO;
    if (status == SIM_OK && cc_report_inputs_write(dir, info, &run->sc, 1, d) != SIM_OK)
        status = SIM_EIO;
    return status;
}

/* ---- human summary ----------------------------------------------------------------------- */

static void print_pct(FILE *out, sim_ci ci)
{
    if (isnan(ci.mean))
        fprintf(out, " %15s", "-");
    else if (isnan(ci.half))
        fprintf(out, " %8.1f%%      ", 100 * ci.mean);
    else
        fprintf(out, " %6.1f%% ±%5.1f", 100 * ci.mean, 100 * ci.half);
}

static void print_num(FILE *out, sim_ci ci, int width)
{
    if (isnan(ci.mean))
        fprintf(out, " %*s", width, "-");
    else if (isnan(ci.half))
        fprintf(out, " %*.1f", width, ci.mean);
    else
        fprintf(out, " %*.1f ±%5.1f", width - 7, ci.mean, ci.half);
}

/* The share of offered calls blocked (a full queue), as a ratio of sums within each
 * replication like the other rates. summary.csv has the counts only; the table needs the share
 * so that answered + abandoned + blocked accounts for the callers. */
static sim_ci blocked_share_ci(const struct cc_run *run, size_t r)
{
    sim_tally t;
    sim_tally_init(&t);
    for (int i = 0; i < run->reps; i++) {
        const double *s = &run->rep[i]->summary[r * CC_M_COUNT];
        if (!isnan(s[CC_M_BLOCKED]) && s[CC_M_OFFERED] > 0)
            sim_tally_add(&t, s[CC_M_BLOCKED] / s[CC_M_OFFERED]);
    }
    return sim_tally_ci(&t, CC_REPORT_LEVEL);
}

static void print_row(const struct cc_run *run, size_t r, FILE *out)
{
    const struct cc_layout *l = run->layout;
    const unsigned char *mask = &l->row_mask[r * CC_M_COUNT];
    fprintf(out, "%-16s", l->row_name[r]);
    print_num(out, cc_report_ci(run, r, CC_M_OFFERED), 15);
    print_pct(out, cc_report_ci(run, r, CC_M_ANSWER_RATE));
    print_pct(out, cc_report_ci(run, r, CC_M_ABANDON_RATE));
    if (mask[CC_M_BLOCKED])
        print_pct(out, blocked_share_ci(run, r));
    else
        fprintf(out, " %15s", "-");
    print_num(out, cc_report_ci(run, r, CC_M_ASA_S), 15);
    print_pct(out, cc_report_ci(run, r, CC_M_SL_60));
    if (mask[CC_M_OCCUPANCY]) {
        print_pct(out, cc_report_ci(run, r, CC_M_OCCUPANCY));
        sim_ci a = cc_report_ci(run, r, CC_M_AGENTS_AVG);
        sim_ci e = cc_report_ci(run, r, CC_M_ETPT);
        fprintf(out, " %7.1f %7.1f", a.mean, e.mean);
    }
    fputc('\n', out);
}

void cc_report_print(const struct cc_run *run, FILE *out)
{
    const struct cc_layout *l = run->layout;
    fprintf(out, "scenario %s: %d replications, %llu calls, %llu events\n", run->sc->name,
            run->reps, (unsigned long long)run->calls, (unsigned long long)run->events);
    fprintf(out, "%-16s %15s %15s %15s %15s %15s %15s %15s %7s %7s\n", "station", "offered",
            "answered", "abandoned", "blocked", "ASA (s)", "SL 60 s", "occupancy", "agents",
            "ETPT");
    size_t shown_prefectures = 0;
    for (size_t r = 0; r < l->n_rows; r++) {
        const int i = l->row_station[r];
        if (i >= 0 && run->sc->stations[i].role == CC_ROLE_PREFECTURE && ++shown_prefectures > 3)
            continue;
        print_row(run, r, out);
    }
    if (shown_prefectures > 3)
        fprintf(out, "(%zu more prefectures in summary.csv)\n", shown_prefectures - 3);
    fputs("(mean ± half-width of the 95 % interval over replications; rates over offered "
          "calls)\n",
          out);
    if (!l->has_network)
        return;
    /* Each name says its unit (..._eur_per_year, ..._per_answered_call); a price per call
     * needs its cents, a yearly total does not. */
    fputs("costs:", out);
    for (int k = 0; k < CC_C_COUNT; k++) {
        sim_ci ci = cc_report_cost_ci(run, (enum cc_cost)k);
        fprintf(out, fabs(ci.mean) < 100 ? "%s %s %.2f" : "%s %s %.0f", k ? "," : "",
                cc_cost_name[k], ci.mean);
    }
    fputc('\n', out);
    /* Which year the yearly figures are: the simulated one, or a scaled stretch. */
    int open_days = 0;
    cc_center_years(run->sc, &open_days);
    if (run->sc->cal.years > 0) {
        char a[16], b[16];
        date_of_day(run->sc, 0, a);
        date_of_day(run->sc, run->sc->days - 1, b);
        fprintf(out, "(per year: totals of the simulated %s to %s, %d open days)\n", a, b,
                open_days);
    } else {
        fprintf(out, "(per year: %d simulated open days scaled to %g open days per year)\n",
                open_days, run->sc->costs.open_days_per_year);
    }
}

/* ---- ccsim erlang --json -------------------------------------------------------------------- */

static bool add_values(cJSON *parent, const char *key, const struct cc_report_value *v, size_t n)
{
    cJSON *o = cJSON_AddObjectToObject(parent, key);
    if (!o)
        return false;
    for (size_t i = 0; i < n; i++) {
        /* JSON has no NaN: an undefined figure is null, not a number a reader might trust. */
        const cJSON *item = isfinite(v[i].value) ? cJSON_AddNumberToObject(o, v[i].name, v[i].value)
                                                 : cJSON_AddNullToObject(o, v[i].name);
        if (!item)
            return false;
    }
    return true;
}

/* Prints root (when ok) to out as pretty JSON and a newline, and frees it: ENOMEM when any step
 * of building or printing it failed. */
static enum sim_status json_print(FILE *out, cJSON *root, bool ok)
{
    char *text = ok && root ? cJSON_Print(root) : NULL;
    cJSON_Delete(root);
    if (!text)
        return SIM_ENOMEM;
    fprintf(out, "%s\n", text);
    cJSON_free(text);
    return SIM_OK;
}

enum sim_status cc_report_erlang_json(FILE *out, const char *model,
                                      const struct cc_report_value *inputs, size_t n_inputs,
                                      const struct cc_report_value *results, size_t n_results)
{
    cJSON *root = cJSON_CreateObject();
    const bool ok = root && cJSON_AddStringToObject(root, "model", model) &&
                    add_values(root, "inputs", inputs, n_inputs) &&
                    add_values(root, "results", results, n_results);
    return json_print(out, root, ok);
}

enum sim_status
cc_report_erlang_targets_json(FILE *out, const char *model, const struct cc_report_value *inputs,
                              size_t n_inputs, const struct cc_report_erlang_target *targets,
                              size_t n_targets, int agents, const struct cc_report_value *results,
                              size_t n_results, const struct cc_report_value *fewer, size_t n_fewer)
{
    cJSON *root = cJSON_CreateObject();
    bool ok = root && cJSON_AddStringToObject(root, "model", model) &&
              add_values(root, "inputs", inputs, n_inputs);
    cJSON *list = ok ? cJSON_AddArrayToObject(root, "targets") : NULL;
    ok = list != NULL;
    for (size_t i = 0; ok && i < n_targets; i++) {
        cJSON *t = cJSON_CreateObject();
        if (!t || !cJSON_AddItemToArray(list, t)) { /* t is root's once added */
            cJSON_Delete(t);
            ok = false;
            break;
        }
        ok = cJSON_AddStringToObject(t, "metric", targets[i].metric) &&
             cJSON_AddStringToObject(t, "op", targets[i].op) &&
             cJSON_AddNumberToObject(t, "value", targets[i].bound);
    }
    ok = ok && cJSON_AddNumberToObject(root, "agents", agents) &&
         add_values(root, "results", results, n_results);
    if (ok && fewer) {
        cJSON *f = cJSON_AddObjectToObject(root, "one_fewer");
        ok = f && cJSON_AddNumberToObject(f, "agents", agents - 1) &&
             add_values(f, "results", fewer, n_fewer);
    } else if (ok) {
        ok = cJSON_AddNullToObject(root, "one_fewer") != NULL;
    }
    return json_print(out, root, ok);
}

/* ---- inputs.csv and inputs.json: the inputs a folder's results come from --------------------
 * A reader of the results needs the resolved parameters beside them, not only the scenario file
 * (which --set, --vary and the extends chain change). inputs.csv is tidy, one value a row, in
 * words and numbers ccsim makes itself (never scenario text, which docs/csv.md keeps out of
 * string cells); the free text (descriptions, override strings) goes to inputs.json through
 * cJSON. */

/* One row of inputs.csv before it is written: a number (text NULL) or a word. */
struct in_row {
    const char *station; /* borrowed from the scenario, or a literal */
    const char *param;   /* literal */
    const char *unit;    /* literal */
    char text[96];       /* a word, or the number as sim_csv writes it (for comparisons) */
    double x;
    bool is_num;
};

struct in_rows {
    struct in_row *v;
    size_t n, cap;
    bool oom;
};

static struct in_row *in_push(struct in_rows *r, const char *station, const char *param,
                              const char *unit)
{
    if (r->n == r->cap) {
        const size_t cap = r->cap ? 2 * r->cap : 64;
        struct in_row *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            r->oom = true;
            return NULL;
        }
        r->v = v;
        r->cap = cap;
    }
    struct in_row *row = &r->v[r->n++];
    *row = (struct in_row){.station = station, .param = param, .unit = unit};
    return row;
}

static void in_num(struct in_rows *r, const char *station, const char *param, double x,
                   const char *unit)
{
    struct in_row *row = in_push(r, station, param, unit);
    if (row) {
        row->is_num = true;
        row->x = x;
        sim_csv_format_num(x, row->text);
    }
}

static void in_word(struct in_rows *r, const char *station, const char *param, const char *word,
                    const char *unit)
{
    struct in_row *row = in_push(r, station, param, unit);
    if (row)
        snprintf(row->text, sizeof row->text, "%s", word);
}

static const char *dist_word(enum cc_dist_kind k)
{
    static const char *const w[] = {"none",          "exponential", "lognormal", "gamma",
                                    "deterministic", "uniform",     "empirical"};
    return (size_t)k < sizeof w / sizeof *w ? w[k] : "unknown";
}

/* A duration: its mean, its law and (when the law has one) its coefficient of variation. */
static void in_dist(struct in_rows *r, const char *station, const char *mean_key,
                    const char *dist_key, const char *cv_key, const struct cc_dist *dist)
{
    in_num(r, station, mean_key, dist->mean_s, "s");
    in_word(r, station, dist_key, dist_word(dist->kind), "");
    if (dist->kind != CC_DIST_EXPONENTIAL && dist->kind != CC_DIST_DETERMINISTIC)
        in_num(r, station, cv_key, dist->cv, "");
}

/* "mon-fri 09:00-12:00 13:30-16:30; sat-sun closed": the open slots of a week, days with the
 * same hours grouped, so that the lunch closure and the weekend can be read at a glance. */
static void open_hours_text(const struct cc_scenario *sc, const unsigned char *open, char *out,
                            size_t n)
{
    const int spd = sc->slots_per_day;
    char day_text[CC_DAYS_PER_WEEK][80];
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++) {
        size_t o = 0;
        day_text[d][0] = '\0';
        for (int s = 0; s < spd; s++) {
            if (!open[d * spd + s] || (s > 0 && open[d * spd + s - 1]))
                continue;
            int e = s;
            while (e < spd && open[d * spd + e])
                e++;
            const int a = (int)(s * sc->interval_s / 60), b = (int)(e * sc->interval_s / 60);
            const int w = snprintf(day_text[d] + o, sizeof day_text[d] - o, "%s%02d:%02d-%02d:%02d",
                                   o ? " " : "", a / 60, a % 60, b / 60, b % 60);
            if (w < 0 || (size_t)w >= sizeof day_text[d] - o) {
                snprintf(day_text[d], sizeof day_text[d], "open at times");
                break;
            }
            o += (size_t)w;
        }
        if (o == 0 && strcmp(day_text[d], "open at times") != 0)
            snprintf(day_text[d], sizeof day_text[d], "closed");
    }
    size_t o = 0;
    out[0] = '\0';
    for (int d = 0; d < CC_DAYS_PER_WEEK;) {
        int e = d + 1;
        while (e < CC_DAYS_PER_WEEK && strcmp(day_text[e], day_text[d]) == 0)
            e++;
        int w = e - d > 1
                    ? snprintf(out + o, n - o, "%s%s-%s %s", o ? "; " : "", day_name[d],
                               day_name[e - 1], day_text[d])
                    : snprintf(out + o, n - o, "%s%s %s", o ? "; " : "", day_name[d], day_text[d]);
        if (w < 0 || (size_t)w >= n - o)
            break;
        o += (size_t)w;
        d = e;
    }
}

/* The arrival streams into station i, beside its other parameters. */
static void in_sources(struct in_rows *r, const struct cc_scenario *sc, size_t i)
{
    for (size_t k = 0; k < sc->n_sources; k++) {
        const struct cc_source *src = &sc->sources[k];
        if ((size_t)src->station != i)
            continue;
        const char *s = sc->stations[src->station].name;
        if (sc->stationary) {
            in_num(r, s, "calls_per_hour", src->rate[0] * 3600, "calls/h");
            continue;
        }
        in_num(r, s, src->cls == CC_CLASS_DIRECT ? "direct_calls_per_day" : "calls_per_day",
               src->calls_per_day, "calls/day");
        if (src->cls == CC_CLASS_DIRECT)
            continue;
        in_num(r, s, "general_share", src->general_share, "share");
        in_word(r, s, "interconnected", src->interconnected ? "yes" : "no", "");
    }
}

static void in_station(struct in_rows *r, const struct cc_scenario *sc, size_t i)
{
    const struct cc_station *st = &sc->stations[i];
    const char *s = st->name;
    const size_t w = (size_t)CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    in_sources(r, sc, i);
    char hours[96];
    open_hours_text(sc, st->open, hours, sizeof hours);
    in_word(r, s, "open_hours", hours, "");
    size_t n_open = 0;
    double sum = 0;
    int lo = 0, hi = 0;
    for (size_t b = 0; b < w; b++) {
        if (!st->open[b])
            continue;
        lo = n_open == 0 || st->agents[b] < lo ? st->agents[b] : lo;
        hi = n_open == 0 || st->agents[b] > hi ? st->agents[b] : hi;
        sum += st->agents[b];
        n_open++;
    }
    in_num(r, s, "open_hours_per_week", (double)n_open * sc->interval_s / 3600, "h");
    static const char *const kinds[] = {"agents", "schedule", "etpt"};
    in_word(r, s, "staffing", kinds[st->staff_kind], "");
    if (st->staff_kind == CC_STAFF_ETPT) {
        in_num(r, s, "etpt", st->etpt, "ETPT");
        in_num(r, s, "hours_per_etpt", st->hours_per_etpt, "h");
        in_num(r, s, "shrinkage", st->shrinkage, "share");
        in_word(r, s, "spread", st->spread == CC_SPREAD_LOAD ? "load" : "flat", "");
    }
    in_num(r, s, "agents_mean_open", n_open ? sum / (double)n_open : 0, "agents");
    in_num(r, s, "agents_min_open", lo, "agents");
    in_num(r, s, "agents_max_open", hi, "agents");
    in_dist(r, s, "aht_s", "service_dist", "service_cv", &st->service);
    if (st->patience.kind == CC_DIST_NONE)
        in_word(r, s, "patience_dist", "none", "");
    else
        in_dist(r, s, "patience_s", "patience_dist", "patience_cv", &st->patience);
    if (st->capacity < 0)
        in_word(r, s, "capacity", "unlimited", "");
    else
        in_num(r, s, "capacity", st->capacity, "calls");
    if (st->escalate_to >= 0) {
        static const char *const cls[CC_CLASS_COUNT] = {"escalate_local", "escalate_general",
                                                        "escalate_direct"};
        /* with level-2 sectors: the CAI, split by the sectors' shares (their own rows) */
        in_word(r, s, "escalate_to",
                st->n_escalate > 1 ? "level2" : sc->stations[st->escalate_to].name, "");
        for (int k = 0; k < CC_CLASS_COUNT; k++)
            in_num(r, s, cls[k], st->escalate_p[k], "share");
    }
}

/* Every resolved input of sc, scenario-wide rows first (station "scenario"). */
/* The dated calendar: day 0, the closed days and peaks in the run, the normalised month
 * weights (the resolved scenario in manifest.json has the dates themselves). */
static void in_calendar(struct in_rows *r, const struct cc_scenario *sc)
{
    static const char *const mw[CC_MONTHS] = {
        "month_weight_jan", "month_weight_feb", "month_weight_mar", "month_weight_apr",
        "month_weight_may", "month_weight_jun", "month_weight_jul", "month_weight_aug",
        "month_weight_sep", "month_weight_oct", "month_weight_nov", "month_weight_dec"};
    const char *g = "scenario";
    char day[16];
    date_of_day(sc, 0, day);
    in_word(r, g, "calendar_start", day, "");
    in_num(r, g, "closed_days", (double)sc->cal.n_closed, "days/run");
    in_num(r, g, "holidays", (double)sc->cal.n_holidays, "days/run");
    in_num(r, g, "peaks", (double)sc->cal.n_peaks, "");
    for (int m = 0; m < CC_MONTHS; m++)
        in_num(r, g, mw[m], sc->cal.month_weight[m], "");
}

static void in_collect(struct in_rows *r, const struct cc_scenario *sc)
{
    const char *g = "scenario";
    in_word(r, g, "model", sc->stationary ? "station" : "network", "");
    in_num(r, g, "seed", (double)sc->seed, "");
    in_num(r, g, "reps", sc->reps, "replications");
    if (sc->stationary) {
        in_num(r, g, "warmup_h", sc->warmup_s / 3600, "h");
        in_num(r, g, "horizon_h", sc->horizon_s / 3600, "h");
    } else {
        in_num(r, g, "days", sc->days, "days");
    }
    in_num(r, g, "interval_min", sc->interval_s / 60, "min");
    static const char *const sl[3] = {"sl_1_threshold_s", "sl_2_threshold_s", "sl_3_threshold_s"};
    for (int i = 0; i < 3; i++)
        in_num(r, g, sl[i], sc->sl_s[i], "s");
    if (!sc->stationary) {
        in_num(r, g, "busyness_cv", sc->busyness_cv, "");
        if (sc->cal.dated) /* undated scenarios keep the rows they always had */
            in_calendar(r, sc);
        in_word(r, g, "transfer_mode",
                sc->transfer.mode == CC_TRANSFER_IVR ? "ivr" : "after_answer", "");
        in_dist(r, g, "transfer_delay_s", "transfer_delay_dist", "transfer_delay_cv",
                &sc->transfer.delay);
        if (sc->transfer.mode == CC_TRANSFER_AFTER_ANSWER)
            in_dist(r, g, "transfer_handling_s", "transfer_handling_dist", "transfer_handling_cv",
                    &sc->transfer.handling);
        in_num(r, g, "retrial_p", sc->retrial.p, "share");
        if (sc->retrial.p > 0) {
            in_dist(r, g, "retrial_delay_s", "retrial_delay_dist", "retrial_delay_cv",
                    &sc->retrial.delay);
            in_num(r, g, "retrial_max_attempts", sc->retrial.max_attempts, "attempts");
        }
        const struct cc_costs *c = &sc->costs;
        static const char *const billing[] = {"per_call_answered", "per_call_offered",
                                              "per_minute"};
        in_word(r, g, "l1_billing", billing[c->l1_billing], "");
        in_num(r, g, "l1_eur_per_call", c->l1_eur_per_call, "EUR/call");
        in_num(r, g, "l1_eur_per_min", c->l1_eur_per_min, "EUR/min");
        in_num(r, g, "etpt_eur_per_year", c->etpt_eur_per_year, "EUR/year");
        in_num(r, g, "tariff_eur_per_min", c->tariff_eur_per_min, "EUR/min");
        in_num(r, g, "ministry_share", c->ministry_share, "share");
        in_num(r, g, "open_days_per_year", c->open_days_per_year, "days/year");
    }
    for (size_t i = 0; i < sc->n_stations; i++)
        in_station(r, sc, i);
}

/* Row k of a is in b with the same value. */
static bool in_same(const struct in_rows *a, size_t k, const struct in_rows *b)
{
    const struct in_row *x = &a->v[k];
    for (size_t i = 0; i < b->n; i++) {
        const struct in_row *y = &b->v[i];
        if (strcmp(x->station, y->station) == 0 && strcmp(x->param, y->param) == 0)
            return strcmp(x->text, y->text) == 0;
    }
    return false;
}

static void in_write_rows(sim_csv *c, size_t variant, const char *name, const struct in_rows *r,
                          const struct in_rows *base)
{
    for (size_t k = 0; k < r->n; k++) {
        if (base && in_same(r, k, base))
            continue;
        const struct in_row *row = &r->v[k];
        sim_csv_int(c, (long long)variant);
        sim_csv_str(c, name);
        sim_csv_str(c, row->station);
        sim_csv_str(c, row->param);
        if (row->is_num)
            sim_csv_num(c, row->x);
        else
            sim_csv_str(c, row->text);
        sim_csv_str(c, row->unit);
        sim_csv_end_row(c);
    }
}

/* The --vary texts of argv ("--vary P=A:B:S" or "--vary=P=A:B:S"): the keys a sweep changes. */
static cJSON *vary_array(const struct cc_manifest_info *info)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 1; a != NULL && i < info->argc; i++) {
        if (strcmp(info->argv[i], "--vary") == 0 && i + 1 < info->argc)
            cJSON_AddItemToArray(a, cJSON_CreateString(info->argv[++i]));
        else if (strncmp(info->argv[i], "--vary=", 7) == 0)
            cJSON_AddItemToArray(a, cJSON_CreateString(info->argv[i] + 7));
    }
    return a;
}

static enum sim_status inputs_json_write(const char *dir, const struct cc_manifest_info *info,
                                         const struct cc_scenario *const *scs, size_t n,
                                         sim_diag *d)
{
    cJSON *m = cJSON_CreateObject();
    cJSON *sets = str_array(info->sets, info->n_sets);
    cJSON_AddItemToObject(m, "sets", sets);
    cJSON_AddItemToObject(m, "vary", vary_array(info));
    cJSON *list = cJSON_AddArrayToObject(m, "scenarios");
    for (size_t i = 0; list != NULL && i < n; i++) {
        /* Variants of one file (a sweep's points) share its description: listed once. */
        bool seen = false;
        for (size_t k = 0; k < i; k++)
            seen |= strcmp(scs[k]->path, scs[i]->path) == 0 &&
                    strcmp(scs[k]->name, scs[i]->name) == 0 &&
                    strcmp(scs[k]->description, scs[i]->description) == 0;
        if (seen)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "variant", (double)i);
        add_str(o, "name", scs[i]->name);
        add_str(o, "file", scs[i]->path);
        add_str(o, "sha256", scs[i]->sha256);
        add_str(o, "description", scs[i]->description);
        /* The file and its extends chain: numbers a description says are inherited come from
         * these. */
        cJSON *files = cJSON_AddArrayToObject(o, "files");
        for (size_t k = 0; files != NULL && k < scs[i]->n_inputs; k++) {
            cJSON *fo = cJSON_CreateObject();
            add_str(fo, "path", scs[i]->inputs[k].path);
            add_str(fo, "sha256", scs[i]->inputs[k].sha256);
            cJSON_AddItemToArray(files, fo);
        }
        cJSON_AddItemToArray(list, o);
    }
    if (list == NULL) {
        cJSON_Delete(m);
        m = NULL;
    }
    return json_save(m, dir, "inputs.json", d);
}

enum sim_status cc_report_inputs_write(const char *dir, const struct cc_manifest_info *info,
                                       const struct cc_scenario *const *scs, size_t n, sim_diag *d)
{
    SIM_ASSERT(n > 0);
    static const char *const cols[] = {"variant", "scenario", "station", "parameter",
                                       "value",   "unit",     NULL};
    struct in_rows base = {0}, other = {0};
    in_collect(&base, scs[0]);
    char *path = sim_path_join(dir, "inputs.csv");
    sim_csv *c = path != NULL && !base.oom ? sim_csv_open(path, d) : NULL;
    enum sim_status st = c != NULL ? SIM_OK : SIM_EIO;
    if (c != NULL) {
        sim_csv_header(c, cols);
        in_write_rows(c, 0, scs[0]->name, &base, NULL);
        for (size_t i = 1; i < n && st == SIM_OK; i++) {
            other.n = 0;
            in_collect(&other, scs[i]);
            if (other.oom)
                st = SIM_ENOMEM;
            else
                in_write_rows(c, i, scs[i]->name, &other, n > CC_INPUTS_FULL ? &base : NULL);
        }
        if (st != SIM_OK) {
            sim_diag_add(d, "%s: %s", path, strerror(ENOMEM));
            sim_csv_abort(c);
        } else {
            st = sim_csv_commit(c, d);
        }
    } else if (path == NULL || base.oom) {
        sim_diag_add(d, "%s/inputs.csv: %s", dir, strerror(ENOMEM));
        st = SIM_ENOMEM;
    }
    free(base.v);
    free(other.v);
    free(path);
    if (st == SIM_OK)
        st = inputs_json_write(dir, info, scs, n, d);
    return st;
}

/* ---- inputs.json read back (ccsim report) ---------------------------------------------------- */

static char **json_strings(const cJSON *a, size_t *n)
{
    *n = 0;
    const size_t cap = (size_t)cJSON_GetArraySize(a);
    char **v = calloc(cap + 1, sizeof *v);
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        if (v != NULL && cJSON_IsString(it) && *n < cap)
            v[(*n)++] = strdup(it->valuestring);
    }
    return v;
}

static char *json_str(const cJSON *o, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    return strdup(cJSON_IsString(s) ? s->valuestring : "");
}

struct cc_inputs_doc *cc_report_inputs_load(const char *dir, sim_diag *d)
{
    char *path = sim_path_join(dir, "inputs.json");
    struct stat st;
    if (path == NULL || lstat(path, &st) != 0) {
        free(path);
        return NULL;
    }
    /* A folder ccsim report reads may come from anyone (docs/security.md): a regular file (a
     * FIFO would block the reader), a size cap, and every value of an unexpected type skipped
     * rather than trusted. */
    enum { MAX = 16 << 20 };
    const char *why = !S_ISREG(st.st_mode) ? sim_diag_file_kind(st.st_mode)
                      : st.st_size > MAX   ? "a file over 16 MiB"
                                           : NULL;
    FILE *f = why == NULL ? fopen(path, "rb") : NULL;
    char *text = f != NULL ? malloc((size_t)st.st_size + 1) : NULL;
    const size_t len = text != NULL ? fread(text, 1, (size_t)st.st_size, f) : 0;
    if (why == NULL && (f == NULL || text == NULL || ferror(f)))
        why = strerror(f == NULL ? errno : text == NULL ? ENOMEM : EIO);
    if (f != NULL)
        fclose(f);
    cJSON *root = NULL;
    if (why == NULL) {
        text[len] = '\0';
        root = cJSON_Parse(text);
        if (!cJSON_IsObject(root))
            why = "something else";
    }
    free(text);
    if (why != NULL) {
        sim_diag_add(d, "%s: expected a JSON object written by ccsim, got %s", path, why);
        cJSON_Delete(root);
        free(path);
        return NULL;
    }
    free(path);
    struct cc_inputs_doc *doc = calloc(1, sizeof *doc);
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "scenarios");
    const size_t cap = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0;
    if (doc != NULL) {
        doc->sets = json_strings(cJSON_GetObjectItemCaseSensitive(root, "sets"), &doc->n_sets);
        doc->vary = json_strings(cJSON_GetObjectItemCaseSensitive(root, "vary"), &doc->n_vary);
        doc->sc = calloc(cap + 1, sizeof *doc->sc);
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        if (doc == NULL || doc->sc == NULL || !cJSON_IsObject(it) || doc->n_sc >= cap)
            continue;
        struct cc_inputs_scenario *s = &doc->sc[doc->n_sc++];
        s->name = json_str(it, "name");
        s->file = json_str(it, "file");
        s->sha256 = json_str(it, "sha256");
        s->description = json_str(it, "description");
        const cJSON *files = cJSON_GetObjectItemCaseSensitive(it, "files");
        const size_t nf = cJSON_IsArray(files) ? (size_t)cJSON_GetArraySize(files) : 0;
        s->files = calloc(nf + 1, sizeof *s->files);
        s->files_sha256 = calloc(nf + 1, sizeof *s->files_sha256);
        const cJSON *fo;
        cJSON_ArrayForEach(fo, files)
        {
            if (s->files != NULL && s->files_sha256 != NULL && cJSON_IsObject(fo) &&
                s->n_files < nf) {
                s->files[s->n_files] = json_str(fo, "path");
                s->files_sha256[s->n_files++] = json_str(fo, "sha256");
            }
        }
    }
    cJSON_Delete(root);
    return doc;
}

void cc_report_inputs_free(struct cc_inputs_doc *doc)
{
    if (doc == NULL)
        return;
    for (size_t i = 0; i < doc->n_sc; i++) {
        free(doc->sc[i].name);
        free(doc->sc[i].file);
        free(doc->sc[i].sha256);
        free(doc->sc[i].description);
        for (size_t k = 0; k < doc->sc[i].n_files; k++) {
            free(doc->sc[i].files[k]);
            free(doc->sc[i].files_sha256[k]);
        }
        free(doc->sc[i].files);
        free(doc->sc[i].files_sha256);
    }
    for (size_t i = 0; i < doc->n_sets; i++)
        free(doc->sets[i]);
    for (size_t i = 0; i < doc->n_vary; i++)
        free(doc->vary[i]);
    free(doc->sc);
    free(doc->sets);
    free(doc->vary);
    free(doc);
}
