/* Resolution of a checked struct build into the scenario's per-slot arrays for a week of
 * 7 * slots_per_day slots: arrival rates in calls per second, integer agents on duty, and the
 * ETPT they amount to (docs/model.md s.5). Prefecture volumes with calls_per_day_cv > 0 follow
 * a deterministic lognormal spread at the quantiles (i + 0.5) / n, so no random numbers are
 * used. */
#include "models/scenario_impl.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- resolution -------------------------------------------------------------------------- */

void spread_calls(double mean, double cv, int n, double *out)
{
    double s2 = log1p(cv * cv), s = sqrt(s2), sum = 0;
    for (int i = 0; i < n; i++) {
        out[i] = cv > 0 ? exp(s * gsl_cdf_ugaussian_Pinv((i + 0.5) / n) - s2 / 2) : 1;
        sum += out[i];
    }
    for (int i = 0; i < n; i++)
        out[i] *= mean * n / sum; /* the quantile mean is not exactly 1: rescale */
}

/* The hourly weight of slot s (interval_min long): the weight of its hour, or for a slot
 * that spans several hours (interval_min 90, 120... 1440) their mean weighted by overlap. The
 * weight of the hour the slot starts in alone would misplace calls, and with interval_min
 * 1440 would see only 00:00-01:00. */
double slot_weight(const double intraday[24], int s, double interval_min)
{
    double from = s * interval_min, to = from + interval_min;
    int h0 = (int)(from / 60);
    if (to <= (h0 + 1) * 60.0)
        return intraday[h0];
    double w = 0;
    for (int h = h0; h < 24 && h * 60.0 < to; h++)
        w += intraday[h] * (fmin(to, (h + 1) * 60.0) - fmax(from, h * 60.0)) / interval_min;
    return w;
}

static bool dist_copy(struct cc_dist *dst, const struct cc_dist *src)
{
    *dst = *src;
    dst->values_s = dst->weights = NULL;
    if (src->n == 0)
        return true;
    dst->values_s = malloc(src->n * sizeof *dst->values_s);
    dst->weights = malloc(src->n * sizeof *dst->weights);
    if (dst->values_s == NULL || dst->weights == NULL) {
        dst->n = 0;
        return false;
    }
    memcpy(dst->values_s, src->values_s, src->n * sizeof *dst->values_s);
    memcpy(dst->weights, src->weights, src->n * sizeof *dst->weights);
    return true;
}

void dist_free(struct cc_dist *d)
{
    free(d->values_s);
    free(d->weights);
}

static bool alloc_station(struct cc_scenario *sc, size_t i, const struct spec *sp, const char *name,
                          enum cc_role role)
{
    struct cc_station *st = &sc->stations[i];
    size_t s = (size_t)sc->slots_per_day, w = CC_DAYS_PER_WEEK * s;
    *st = sp->st;
    bool ok = dist_copy(&st->service, &sp->st.service);
    ok = dist_copy(&st->patience, &sp->st.patience) && ok;
    st->name = strdup(name);
    st->role = role;
    st->open = calloc(w, 1);
    st->agents = calloc(w, sizeof *st->agents);
    if (!ok || st->name == NULL || st->open == NULL || st->agents == NULL)
        return false;
    for (size_t k = 0; k < w; k++)
        st->open[k] = spec_open(sp, (int)(k / s), (int)(k % s));
    return true;
}

static bool alloc_source(struct cc_scenario *sc, size_t j, const char *name, int station,
                         enum cc_class cls, double cpd)
{
    struct cc_source *src = &sc->sources[j];
    src->name = strdup(name);
    src->station = station;
    src->cls = cls;
    src->calls_per_day = cpd;
    src->transfer_to = -1;
    src->rate = calloc(CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day, sizeof *src->rate);
    return src->name != NULL && src->rate != NULL;
}

/* calls_per_day x weekday weight (mean 1 over the station's open days) x hourly weight of the
 * slot (normalised over the day's open slots) / slot length. */
static void fill_rate(const struct cc_scenario *sc, const struct build *b,
                      const struct cc_station *st, double cpd, double *rate)
{
    size_t s_n = (size_t)sc->slots_per_day;
    bool day_open[CC_DAYS_PER_WEEK] = {false};
    double sum = 0;
    int n_days = 0;
    for (size_t k = 0; k < CC_DAYS_PER_WEEK * s_n; k++)
        day_open[k / s_n] = day_open[k / s_n] || st->open[k];
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++) {
        sum += day_open[d] ? b->weekday[d] : 0;
        n_days += day_open[d];
    }
    for (int d = 0; d < CC_DAYS_PER_WEEK && sum > 0; d++) {
        const unsigned char *open = st->open + d * s_n;
        double wd = b->weekday[d] * n_days / sum, tot = 0, iv = sc->interval_s / 60;
        for (size_t s = 0; s < s_n; s++)
            tot += open[s] ? slot_weight(b->intraday, (int)s, iv) : 0;
        for (size_t s = 0; s < s_n && day_open[d] && tot > 0; s++)
            if (open[s])
                rate[d * s_n + s] =
                    cpd * wd * slot_weight(b->intraday, (int)s, iv) / tot / sc->interval_s;
    }
}

/* Probability that a call of class cls leaving from goes on to station i. */
static double escalate_prob(const struct cc_station *from, size_t i, enum cc_class cls)
{
    if (from->escalate_to < 0 || i < (size_t)from->escalate_to)
        return 0;
    const size_t j = i - (size_t)from->escalate_to;
    if (from->n_escalate <= 1)
        return j == 0 ? from->escalate_p[cls] : 0;
    if (j >= (size_t)from->n_escalate)
        return 0;
    const double *r = &from->escalate_range[(j * CC_CLASS_COUNT + cls) * 2];
    return r[1] - r[0];
}

/* Offered load (erlangs) per slot at station i: direct arrivals, transfers, escalations. */
static void offered_load(const struct cc_scenario *sc, size_t i, double *load)
{
    const struct cc_station *st = &sc->stations[i];
    size_t w = CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    memset(load, 0, w * sizeof *load);
    for (size_t j = 0; j < sc->n_sources; j++) {
        const struct cc_source *src = &sc->sources[j];
        const struct cc_station *first = &sc->stations[src->station];
        const struct cc_station *moved =
            src->transfer_to >= 0 ? &sc->stations[src->transfer_to] : NULL;
        /* General-information callers leave at the IVR when the transfer happens there, so
         * they bring no work to their switchboard; after an answer they bring the handling
         * time, not a full service. */
        const bool here = src->station == (int)i;
        const bool ivr = sc->transfer.mode == CC_TRANSFER_IVR;
        double in = here ? 1.0 - src->general_share : 0.0;
        if (here && !ivr && st->service.mean_s > 0)
            in += src->general_share * sc->transfer.handling.mean_s / st->service.mean_s;
        in += escalate_prob(first, i, src->cls);
        double gen = src->transfer_to == (int)i ? src->general_share : 0;
        if (moved != NULL)
            gen += src->general_share * escalate_prob(moved, i, CC_CLASS_GENERAL);
        for (size_t k = 0; k < w; k++)
            load[k] += src->rate[k] * (in + gen) * st->service.mean_s;
    }
}

/* Integer agents per open slot by cumulative rounding of a * (open slots so far), weighted by
 * load when given, so the total is a * open slots up to rounding; an open slot keeps at least
 * one agent when the budget is positive. */
void spread_agents(int *agents, const unsigned char *open, size_t w, double a, const double *load)
{
    double total = 0, cum = 0;
    size_t n_open = 0;
    for (size_t k = 0; k < w; k++) {
        n_open += open[k];
        total += open[k] && load != NULL ? load[k] : 0;
    }
    if (total <= 0)
        load = NULL;
    long prev = 0;
    for (size_t k = 0; k < w; k++) {
        agents[k] = 0;
        if (!open[k])
            continue;
        cum += load != NULL ? load[k] : 1;
        long next = lround(load != NULL ? a * (double)n_open * cum / total : a * cum);
        agents[k] = (int)(next - prev);
        prev = next;
        if (a > 0 && agents[k] == 0)
            agents[k] = 1;
    }
}

static void resolve_staff(struct cc_scenario *sc, size_t i, const struct spec *sp, double *load,
                          struct ctx *c)
{
    static const char *const sections[] = {"station", "prefectures", "level1", "level2"};
    struct cc_station *st = &sc->stations[i];
    size_t s_n = (size_t)sc->slots_per_day, w = CC_DAYS_PER_WEEK * s_n, n_open = 0;
    if (st->staff_kind == CC_STAFF_ETPT) {
        bool by_load = st->spread == CC_SPREAD_LOAD;
        double a = cc_scenario_etpt_to_agents(sc, i, st->etpt);
        /* Tiny opening hours (or open_days_per_year) turn a fair etpt into absurd staff. */
        if (!(a <= AGENTS_MAX)) {
            char p[PATH_LEN], ps[PATH_LEN];
            snprintf(ps, sizeof ps, "%s", sections[st->role]);
            if (sc->n_sectors > 0 && i >= sc->first_sector)
                join_index(ps, "level2.sectors", i - sc->first_sector);
            join(p, ps, "etpt");
            report(c, p,
                   "gives %s agents on duty on average (etpt x hours_per_etpt x (1 - shrinkage) "
                   "/ open hours per year), more than %s",
                   num(a).s, num(AGENTS_MAX).s);
            return;
        }
        if (by_load)
            offered_load(sc, i, load);
        spread_agents(st->agents, st->open, w, a, by_load ? load : NULL);
        return;
    }
    double sum = 0;
    for (size_t k = 0; k < w; k++) {
        if (!st->open[k])
            continue;
        st->agents[k] = st->staff_kind == CC_STAFF_AGENTS ? sp->agents : sp->schedule[k];
        sum += st->agents[k];
        n_open++;
    }
    st->etpt = cc_scenario_agents_to_etpt(sc, i, n_open > 0 ? sum / (double)n_open : 0);
}

void resolve_station_model(struct cc_scenario *sc, const struct build *b, struct ctx *c)
{
    size_t w = CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    sc->stations = calloc(1, sizeof *sc->stations);
    sc->sources = calloc(1, sizeof *sc->sources);
    double *load = calloc(w, sizeof *load);
    sc->n_stations = sc->stations != NULL ? 1 : 0;
    sc->n_sources = sc->sources != NULL ? 1 : 0;
    if (load == NULL || sc->stations == NULL || sc->sources == NULL ||
        !alloc_station(sc, 0, &b->station, b->station_name, CC_ROLE_STATION) ||
        !alloc_source(sc, 0, "arrivals", 0, CC_CLASS_LOCAL, b->calls_per_hour * 24)) {
        free(load);
        nomem(c);
        return;
    }
    for (size_t k = 0; k < w; k++)
        sc->sources[0].rate[k] = b->calls_per_hour / 3600;
    resolve_staff(sc, 0, &b->station, load, c);
    free(load);
}

static bool alloc_network(struct cc_scenario *sc, const struct build *b)
{
    size_t n = (size_t)b->count, n_l2 = b->n_sectors > 0 ? b->n_sectors : 1;
    sc->stations = calloc(n + 1 + n_l2, sizeof *sc->stations);
    sc->sources = calloc(n + 1, sizeof *sc->sources);
    if (sc->stations == NULL || sc->sources == NULL)
        return false;
    sc->n_stations = n + 1 + n_l2;
    sc->n_sources = n + 1;
    for (size_t p = 0; p < n; p++) {
        char name[32];
        snprintf(name, sizeof name, "prefecture:%03zu", p + 1);
        if (!alloc_station(sc, p, &b->pref, name, CC_ROLE_PREFECTURE) ||
            !alloc_source(sc, p, name, (int)p, CC_CLASS_LOCAL, b->cpd[p]))
            return false;
        struct cc_source *src = &sc->sources[p];
        src->general_share = b->general_share;
        src->interconnected = (int)p < b->n_interconnected;
        src->transfer_to = src->interconnected ? (int)n : -1;
    }
    if (!alloc_station(sc, n, &b->l1, "level1", CC_ROLE_LEVEL1) ||
        !alloc_source(sc, n, "national", (int)n, CC_CLASS_DIRECT, b->direct_cpd))
        return false;
    sc->first_sector = n + 1;
    sc->n_sectors = b->n_sectors;
    sc->pref_sector = b->pref_sector > 0 ? (size_t)b->pref_sector : 0;
    if (b->n_sectors == 0)
        return alloc_station(sc, n + 1, &b->l2, "level2", CC_ROLE_LEVEL2);
    for (size_t j = 0; j < b->n_sectors; j++) {
        char name[NAME_LEN + 8];
        snprintf(name, sizeof name, "level2:%s", b->sector_name[j]);
        if (!alloc_station(sc, n + 1 + j, &b->sector[j], name, CC_ROLE_LEVEL2))
            return false;
    }
    return true;
}

/* Level 1 escalates to the sectors: national calls by their shares, prefecture calls all to
 * the prefectures' sector. One uniform draw u picks both whether and where: the ranges of u
 * start with the prefectures' sector, [0, direct x its share), so that its callers are those
 * the model without sectors sends to its one level-2 pool (u < direct x interior_share). */
static bool split_escalations(struct cc_station *l1, const struct build *b)
{
    const size_t n = b->n_sectors;
    l1->n_escalate = (int)n;
    l1->escalate_range = calloc(n * CC_CLASS_COUNT * 2, sizeof *l1->escalate_range);
    if (l1->escalate_range == NULL)
        return false;
    double cum[CC_CLASS_COUNT] = {0};
    for (size_t k = 0; k < n; k++) {
        /* the prefectures' sector, then the others in file order */
        const size_t j = k == 0 ? (size_t)b->pref_sector : k <= (size_t)b->pref_sector ? k - 1 : k;
        double *r = &l1->escalate_range[j * CC_CLASS_COUNT * 2];
        const double p[CC_CLASS_COUNT] = {[CC_CLASS_DIRECT] = b->esc_direct * b->sector_share[j],
                                          [CC_CLASS_GENERAL] =
                                              (int)j == b->pref_sector ? b->esc_pref : 0};
        for (int cls = 0; cls < CC_CLASS_COUNT; cls++) {
            r[cls * 2] = cum[cls];
            cum[cls] += p[cls];
            r[cls * 2 + 1] = cum[cls];
        }
    }
    memcpy(l1->escalate_p, cum, sizeof cum);
    return true;
}

void resolve_network(struct cc_scenario *sc, const struct build *b, struct ctx *c)
{
    size_t n = (size_t)b->count, w = CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    double *load = malloc(w * sizeof *load);
    if (load == NULL || !alloc_network(sc, b)) {
        free(load);
        nomem(c);
        return;
    }
    for (size_t j = 0; j < sc->n_sources; j++)
        fill_rate(sc, b, &sc->stations[sc->sources[j].station], sc->sources[j].calls_per_day,
                  sc->sources[j].rate);
    struct cc_station *l1 = &sc->stations[n];
    l1->escalate_to = (int)n + 1;
    l1->escalate_p[CC_CLASS_DIRECT] = b->esc_direct * b->interior_share;
    l1->escalate_p[CC_CLASS_GENERAL] = b->esc_pref;
    if (b->n_sectors > 0 && !split_escalations(l1, b)) {
        free(load);
        nomem(c);
        return;
    }
    /* Prefectures first, then level 1, then level 2: load flows downstream only. */
    for (size_t i = 0; i < sc->n_stations; i++)
        resolve_staff(sc, i,
                      i < n              ? &b->pref
                      : i == n           ? &b->l1
                      : b->n_sectors > 0 ? &b->sector[i - n - 1]
                                         : &b->l2,
                      load, c);
    free(load);
}

static void spec_free(struct spec *sp)
{
    free(sp->slot_open);
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++)
        free(sp->by_day[d]);
    free(sp->schedule);
    free(sp->owner);
    dist_free(&sp->st.service);
    dist_free(&sp->st.patience);
}

void build_free(struct build *b)
{
    spec_free(&b->station);
    spec_free(&b->pref);
    spec_free(&b->l1);
    spec_free(&b->l2);
    for (size_t j = 0; j < b->n_sectors; j++)
        spec_free(&b->sector[j]);
    free(b->sector);
    free(b->sector_name);
    free(b->sector_share);
    free(b->cpd);
}

/* Each key may be in range and the run still last hours: refuse it before it starts. The
 * estimate counts external arrivals only, day by day from day 0 (a Monday when undated) to the
 * horizon, with the calendar's factor of each day. */
void check_run_length(const struct cc_scenario *sc, struct ctx *c)
{
    size_t s_n = (size_t)sc->slots_per_day;
    double day[CC_DAYS_PER_WEEK] = {0}, calls = 0, days = sc->horizon_s / 86400;
    for (size_t j = 0; j < sc->n_sources; j++)
        for (size_t k = 0; k < CC_DAYS_PER_WEEK * s_n; k++)
            day[k / s_n] += sc->sources[j].rate[k] * sc->interval_s;
    for (int d = 0; d < sc->days; d++)
        calls +=
            day[cc_scenario_weekday(sc, d)] * cc_scenario_day_factor(sc, d) * fmin(1.0, days - d);
    if (calls > CALLS_PER_REP_MAX)
        report(c, sc->stationary ? "run.hours" : "run.days",
               "gives about %.3g calls per replication, more than %s: simulate less time or "
               "fewer calls",
               calls, num(CALLS_PER_REP_MAX).s);
}
