/* cc_center: the call-centre network on top of sim_engine (docs/model.md s.2).
 *
 * Stations are pools of identical agents with one FCFS queue (a doubly linked list of call
 * records, so an abandoning caller leaves in O(1)); a waiting caller has one pending abandon
 * event, cancelled when service starts. Call records live in a pool indexed by uint32 and are
 * recycled through a free list, so steady state allocates nothing. Arrivals are exact
 * non-homogeneous Poisson: the next arrival inverts the cumulative intensity of the
 * piecewise-constant rate (no "next gap at the current rate" bug). Slot events at every
 * interval boundary change agents on duty; agents present when a station closes stay until its
 * queue is empty (overtime), and busy agents always finish their call.
 *
 * Randomness: one stream per (replication, named source of randomness): "gap/<source>",
 * "class/<source>", "svc/<station>", "pat/<station>", "route/<station>", "retry/<station>".
 * Each caller draws service, patience and routing when it joins a station, so a change of
 * staffing at one station does not shift the draws of the callers that reach it (CRN).
 *
 * Statistics: per station totals and per (weekday, slot) bins of the interval rows; calls are
 * attributed to the bin in which they joined, agent-time to the bin in which it was spent. */
#include "models/center.h"

#include "models/cost.h"
#include "models/trace.h" /* TRACE */
#include "sim/bug.h"
#include "sim/engine.h"
#include "sim/rng.h"
#include "sim/stat.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cc_metric_name[CC_M_COUNT] = {
    "offered",   "answered",    "abandoned",  "blocked",    "answer_rate", "abandon_rate",
    "asa_s",     "mean_wait_s", "wait_p90_s", "sl_20",      "sl_60",       "sl_180",
    "occupancy", "agents_avg",  "etpt",       "overtime_h", "transferred", "unanswered_general"};

const char *const cc_imetric_name[CC_IM_COUNT] = {
    "offered",    "answered",           "abandoned", "blocked", "answer_rate", "abandon_rate",
    "asa_s",      "mean_wait_s",        "sl_20",     "sl_60",   "sl_180",      "occupancy",
    "agents_avg", "offered_load_erlang"};

const char *const cc_outcome_name[CC_OUT_COUNT] = {
    "closed_l1",    "closed_l2",    "abandoned_switchboard",
    "abandoned_l1", "abandoned_l2", "blocked_switchboard",
    "blocked_l1",   "blocked_l2",   "unanswered_general"};

const char *const cc_cost_name[CC_C_COUNT] = {"l1_transferred_calls_per_year",
                                              "l1_transferred_eur_per_year",
                                              "ministry_eur_per_year",
                                              "l1_total_eur_per_year",
                                              "l2_eur_per_year",
                                              "caller_eur_per_year",
                                              "l1_transferred_offered_per_year",
                                              "operator_eur_per_year",
                                              "ministry_total_eur_per_year",
                                              "public_eur_per_year",
                                              "answered_calls_per_year",
                                              "public_eur_per_answered_call"};

/* Interval metrics are a subset of the summary metrics, in this order. */
static const enum cc_metric imetric_of[CC_IM_COUNT] = {
    CC_M_OFFERED,      CC_M_ANSWERED,  CC_M_ABANDONED,   CC_M_BLOCKED, CC_M_ANSWER_RATE,
    CC_M_ABANDON_RATE, CC_M_ASA_S,     CC_M_MEAN_WAIT_S, CC_M_SL_20,   CC_M_SL_60,
    CC_M_SL_180,       CC_M_OCCUPANCY, CC_M_AGENTS_AVG,  CC_M_OFFERED};

#define NIL UINT32_MAX
#define WAIT_BIN_S 2.0
#define WAIT_BINS 3600 /* waits up to two hours; longer ones land in the overflow bin */

enum { EV_ARRIVAL, EV_SLOT, EV_JOIN, EV_ABANDON, EV_END, EV_OVERFLOW };
enum result { R_ANSWERED, R_ABANDONED, R_BLOCKED, R_UNANSWERED };

/* Additive statistics of a station, or of one interval bin (acc_add adds them as an array of
 * doubles, so the order is free). What every join and answer writes comes first, in 64
 * bytes: a station's totals start a cache line. */
struct acc {
    double offered;
    double work_s; /* service time brought by the calls offered */
    double answered, wait_answered;
    double sl[3];
    double abandoned, blocked, wait_all;
    double busy_s, present_s, sched_s, open_s, overtime_s;
    double transferred, unanswered;
};

/* Agent-time integrals since the last slot boundary; flushed into the station's totals and
 * its interval bin at each boundary, so the hot path updates one small struct. */
struct span {
    double busy_s, present_s, sched_s, open_s, overtime_s;
};

/* A distribution ready to sample: parameters a and b, or an empirical table (24 bytes, so a
 * station's two hot samplers share a cache line with other per-call fields). */
struct sampler {
    enum cc_dist_kind kind;
    union {
        struct {
            double a, b;
        };
        struct {
            gsl_ran_discrete_t *table; /* CC_DIST_EMPIRICAL: owned */
            const double *values;      /* CC_DIST_EMPIRICAL: borrowed from the scenario */
        };
    };
};

struct call {
    double t_birth;
    double t_join;
    double wait_total;
    double svc_s;
    double route_u;
    sim_handle abandon;
    sim_handle overflow; /* sharing "overflow": the event at t_join + after_s, or 0 */
    uint32_t prev, next;
    int32_t station; /* where it waits; in service, whose agent serves it */
    int32_t source;
    int32_t bin;      /* while in service at a borrowed agent: -1 - the caller's sector (TRACE) */
    uint8_t attempts; /* at most retrial.max_attempts <= 100 */
    uint8_t month;    /* dated calendar: month (0-11) of the join, for the month statistics */
    uint8_t cls;
    uint8_t counted; /* joined inside the statistics window */
};

/* Laid out for the cache (issue 12, fifth and sixth passes): about 100 stations are each
 * touched at random, so what one event reads should sit in few lines. Records are 64-byte
 * aligned and 512 bytes, eight lines: (0) counts, queue, slot, clock and the configuration a
 * join and an end test (role, escalation), (1) the time integrals, (2) the two samplers of a
 * join and two per-answer sums, (3) the service and patience streams, held by value, (4) the
 * routing stream and level 1's general-call sums, (5-6) the totals, per-call fields first,
 * (7) the rare paths. A prefecture's join and answer touch lines 0, 1, 2, 3 and 5. */
struct station {
    _Alignas(64) int on_duty;
    int busy, sched, qlen;
    uint32_t qhead, qtail;
    int bin;
    int escalate_to; /* cfg->escalate_to, read by every join and end */
    uint8_t month;   /* month of the current slot (dated calendar) */
    bool open;
    bool counts_open; /* adds open time to shared interval bins (first member only) */
    uint8_t share;    /* enum cc_share_rule: a level-2 sector's rule; NONE elsewhere */
    uint8_t role;     /* enum cc_role: cfg->role */
    double last_t;
    const struct cc_station *cfg;
    struct acc *bins; /* shared interval bins of its interval row, or NULL */

    struct span span;  /* agent-time since the last slot boundary */
    struct acc *mbins; /* dated calendar: the row's month bins [CC_MONTHS], else NULL */
    sim_hist *hist;
    double line_s;

    struct sampler svc, pat;
    double answered_svc_s;
    double l1_general_offered; /* for the billing bases of docs/model.md s.7 */

    struct sim_rng_stream g_svc, g_pat;

    struct sim_rng_stream g_route;
    double l1_general_calls, l1_general_svc_s, l1_general_line_s;

    _Alignas(64) struct acc tot;

    struct sampler handling;       /* prefecture general calls handed to level 1 */
    struct sim_rng_stream g_retry; /* blocked and abandoned callers only */
};
_Static_assert(sizeof(struct station) == 512, "station layout: eight cache lines");

/* Two cache lines per arrival: the gap stream and the cached slot, then the class stream and
 * what a new call copies from the configuration. */
struct source {
    _Alignas(64) struct sim_rng_stream g_gap;
    /* The slot of the last arrival, as floor(t / interval_s), with its end and rate: arrivals
     * mostly fall in the same slot as the previous one, which saves a floor and a modulo. */
    double slot_q, slot_end, slot_rate;
    double factor; /* busy times the calendar's factor of that day (docs/model.md s.4) */

    struct sim_rng_stream g_class;
    double general_share; /* cfg->general_share */
    int32_t station;      /* cfg->station */
    int32_t cls;          /* cfg->cls */
    const struct cc_source *cfg;
    /* Day-level busyness (calendar.busyness_cv): the factor of the day the walk is in, drawn
     * from the source's own stream once per day in order, so it is the same for any staffing. */
    long day;
    double busy;
    struct sim_rng_stream g_busy;
};

struct center {
    const struct cc_scenario *sc;
    const struct cc_layout *lay;
    sim_engine *eng;
    struct station *st;
    struct source *src;
    struct call *calls;
    uint32_t n_calls, cap_calls, free_head;
    double win_lo, win_hi; /* statistics window */
    double arrivals_end;
    int n_bins;
    long wk_off;          /* slots from Monday 00:00 to day 0 (calendar.start's weekday) */
    struct acc *ibins;    /* [n_irows][n_bins] */
    struct acc *mbins;    /* [n_irows][CC_MONTHS] with a dated calendar, else NULL */
    struct acc network;   /* per caller, end to end */
    double answered_3939; /* journeys answered at level 1 or 2: the calls 3939 is paid for */
    sim_hist *network_hist;
    double journeys[CC_OUT_COUNT][2];
    struct sampler delay, retry_delay;
    uint64_t calls_born;
    bool oom;
    cc_trace_rep *trace; /* TRACE: per-call rows (models/trace.h), NULL when off */
};

/* ---- sampling ---------------------------------------------------------------------------- */

static int sampler_init(struct sampler *s, const struct cc_dist *d)
{
    memset(s, 0, sizeof *s);
    s->kind = d->kind;
    switch (d->kind) {
    case CC_DIST_LOGNORMAL: {
        const double s2 = log1p(d->cv * d->cv);
        s->a = log(d->mean_s) - 0.5 * s2;
        s->b = sqrt(s2);
        break;
    }
    case CC_DIST_GAMMA:
        s->a = 1.0 / (d->cv * d->cv);
        s->b = d->mean_s / s->a;
        break;
    case CC_DIST_UNIFORM: {
        const double half = d->mean_s * d->cv * sqrt(3.0);
        s->a = d->mean_s - half;
        s->b = d->mean_s + half;
        break;
    }
    case CC_DIST_EMPIRICAL:
        s->table = gsl_ran_discrete_preproc(d->n, d->weights);
        s->values = d->values_s;
        return s->table != NULL;
    default:
        s->a = d->mean_s;
        break;
    }
    return 1;
}

/* The distributions drawn through GSL, and the constant: out of line (see sample). */
__attribute__((noinline)) static double sample_other(const struct sampler *s,
                                                     struct sim_rng_stream *st)
{
    gsl_rng r = sim_rng_stream_gsl(st); /* for GSL's variates */
    switch (s->kind) {
    case CC_DIST_EXPONENTIAL:
    case CC_DIST_LOGNORMAL:
        SIM_ASSERT(!"drawn by sample");
        break;
    case CC_DIST_GAMMA:
        return gsl_ran_gamma(&r, s->a, s->b);
    case CC_DIST_UNIFORM:
        return gsl_ran_flat(&r, s->a, s->b);
    case CC_DIST_EMPIRICAL:
        return s->values[gsl_ran_discrete(&r, s->table)];
    case CC_DIST_DETERMINISTIC:
        return s->a;
    case CC_DIST_NONE:
        break;
    }
    return HUGE_VAL;
}

/* The exponential and the lognormal (every shipped patience and handling time) inline in the
 * join; a compare each is cheaper than the switch's indirect jump and the call. */
static inline double sample(const struct sampler *s, struct sim_rng_stream *st)
{
    if (s->kind == CC_DIST_EXPONENTIAL)
        return sim_rng_stream_exponential(st, s->a);
    if (s->kind == CC_DIST_LOGNORMAL) /* gsl_ran_lognormal's formula on the ziggurat normal */
        return exp(s->a + s->b * sim_rng_stream_gaussian(st));
    return sample_other(s, st);
}

static void stream(struct sim_rng_stream *st, const struct center *c, unsigned rep,
                   const char *kind, const char *name)
{
    char buf[160];
    snprintf(buf, sizeof buf, "%s/%s", kind, name);
    sim_rng_stream_init(st, c->sc->seed, rep, sim_rng_stream_id(buf));
}

/* ---- call pool --------------------------------------------------------------------------- */

static uint32_t call_new(struct center *c)
{
    if (c->free_head != NIL) {
        const uint32_t id = c->free_head;
        c->free_head = c->calls[id].next;
        return id;
    }
    if (c->n_calls == c->cap_calls) {
        const uint32_t cap = c->cap_calls ? 2 * c->cap_calls : 1024;
        struct call *p = realloc(c->calls, cap * sizeof *p);
        SIM_ASSERT(p != NULL); /* the pool is bounded by calls present at once */
        c->calls = p;
        c->cap_calls = cap;
    }
    /* overflow is 0 whenever a call is not waiting at a sharing sector: every way out of such
     * a queue clears it, so a recycled record has it clear and join need not. */
    c->calls[c->n_calls].overflow = 0;
    return c->n_calls++;
}

static void call_free(struct center *c, uint32_t id)
{
    c->calls[id].next = c->free_head;
    c->free_head = id;
}

static void *as_data(uint32_t id)
{
    return (void *)(uintptr_t)id;
}

/* ---- time integrals ---------------------------------------------------------------------- */

/* Integrates the station's agent counts from its last update to now (inside the window). */
static inline void advance(struct center *c, struct station *s, double now)
{
    const double lo = s->last_t > c->win_lo ? s->last_t : c->win_lo;
    const double hi = now < c->win_hi ? now : c->win_hi;
    s->last_t = now;
    if (hi <= lo)
        return;
    const double dt = hi - lo;
    const int present = s->busy > s->on_duty ? s->busy : s->on_duty;
    struct span *p = &s->span;
    p->busy_s += s->busy * dt;
    p->present_s += present * dt;
    p->sched_s += s->sched * dt;
    if (s->open)
        p->open_s += dt;
    else
        p->overtime_s += present * dt;
}

static void span_add(struct acc *a, const struct span *p, bool with_open)
{
    a->busy_s += p->busy_s;
    a->present_s += p->present_s;
    a->sched_s += p->sched_s;
    a->overtime_s += p->overtime_s;
    if (with_open)
        a->open_s += p->open_s;
}

/* Moves the integrals of the current slot into the totals and the slot's bin. */
static void flush(struct center *c, struct station *s, double now)
{
    advance(c, s, now);
    span_add(&s->tot, &s->span, true);
    if (s->bins)
        span_add(&s->bins[s->bin], &s->span, s->counts_open);
    if (s->mbins)
        span_add(&s->mbins[s->month], &s->span, s->counts_open);
    memset(&s->span, 0, sizeof s->span);
}

/* ---- statistics of calls ----------------------------------------------------------------- */

static void count_answer(struct acc *a, const double *sl_s, double wait)
{
    a->answered += 1;
    a->wait_answered += wait;
    a->wait_all += wait;
    /* Unrolled: the loop cost about 3 % of a network run's instructions. */
    a->sl[0] += wait <= sl_s[0];
    a->sl[1] += wait <= sl_s[1];
    a->sl[2] += wait <= sl_s[2];
}

static struct acc *bin_of(struct station *s, const struct call *k)
{
    return s->bins ? &s->bins[k->bin] : NULL;
}

static enum cc_outcome outcome_of(enum result r, enum cc_role role)
{
    switch (r) {
    case R_ANSWERED:
        return role == CC_ROLE_LEVEL2 ? CC_OUT_CLOSED_L2 : CC_OUT_CLOSED_L1;
    case R_ABANDONED:
        return role == CC_ROLE_PREFECTURE ? CC_OUT_ABANDONED_SWITCHBOARD
               : role == CC_ROLE_LEVEL2   ? CC_OUT_ABANDONED_L2
                                          : CC_OUT_ABANDONED_L1;
    case R_BLOCKED:
        return role == CC_ROLE_PREFECTURE ? CC_OUT_BLOCKED_SWITCHBOARD
               : role == CC_ROLE_LEVEL2   ? CC_OUT_BLOCKED_L2
                                          : CC_OUT_BLOCKED_L1;
    case R_UNANSWERED:
        break;
    }
    return CC_OUT_UNANSWERED_GENERAL;
}

/* The caller's journey ends: network row, journeys, and the record goes back to the pool. */
static void finish(struct center *c, uint32_t id, enum result r, enum cc_role role)
{
    struct call *k = &c->calls[id];
    const bool counted = c->lay->has_network && k->t_birth >= c->win_lo && k->t_birth < c->win_hi;
    if (counted) {
        struct acc *n = &c->network;
        switch (r) {
        case R_ANSWERED:
            count_answer(n, c->sc->sl_s, k->wait_total);
            c->answered_3939 += role != CC_ROLE_PREFECTURE;
            break;
        case R_ABANDONED:
            n->abandoned += 1;
            n->wait_all += k->wait_total;
            break;
        case R_BLOCKED:
            n->blocked += 1;
            break;
        case R_UNANSWERED:
            n->unanswered += 1;
            break;
        }
        if (r == R_ANSWERED || r == R_ABANDONED)
            sim_hist_add(c->network_hist, k->wait_total);
        if (k->cls == CC_CLASS_GENERAL) {
            const enum cc_outcome o = outcome_of(r, role);
            c->journeys[o][0] += 1;
            c->journeys[o][1] += k->wait_total;
        }
    }
    call_free(c, id);
}

/* TRACE: the visit of call id at its station ends now with outcome o (models/trace.h). In IVR
 * mode a general call reaches transfer_general at birth, before joining any station: its
 * prefecture visit has no agent and lasts no time. */
static void trace_visit(const struct center *c, uint32_t id, double now, enum cc_trace_outcome o)
{
    const struct call *k = &c->calls[id];
    const bool ivr = (o == CC_TRACE_TRANSFERRED || o == CC_TRACE_UNANSWERED) &&
                     c->sc->transfer.mode == CC_TRANSFER_IVR;
    const bool served = o <= CC_TRACE_UNANSWERED && !ivr;
    const struct cc_trace_visit v = {.slot = id,
                                     .cls = k->cls,
                                     .source = k->source,
                                     .station = k->station,
                                     .attempt = k->attempts,
                                     .arrival_s = ivr ? now : k->t_join,
                                     .served = served,
                                     .end_s = now,
                                     .outcome = !ivr ? o
                                                : o == CC_TRACE_TRANSFERRED
                                                    ? CC_TRACE_IVR_TRANSFERRED
                                                    : CC_TRACE_IVR_UNANSWERED};
    cc_trace_visit(c->trace, &v);
}

/* TRACE: callers still queued when the run ends (a station with no agents, patient callers). */
static void trace_waiting(const struct center *c, double now)
{
    for (size_t i = 0; i < c->sc->n_stations; i++)
        for (uint32_t id = c->st[i].qhead; id != NIL; id = c->calls[id].next)
            trace_visit(c, id, now, CC_TRACE_WAITING);
}

/* ---- station mechanics ------------------------------------------------------------------- */

/* Sharing code is not inlined: its callers are the hot path of every scenario, and sharing
 * code inlined into them (a second call of the calendar, say) costs the scenarios without
 * sectors. */
#define SHARING_PATH __attribute__((noinline))

/* The caller leaves its queue before its overflow event (served, or hung up). */
SHARING_PATH static void cancel_overflow(struct center *c, struct call *k)
{
    sim_engine_cancel(c->eng, k->overflow);
    k->overflow = 0;
}

static void queue_remove(struct center *c, struct station *s, uint32_t id)
{
    struct call *k = &c->calls[id];
    if (k->prev != NIL)
        c->calls[k->prev].next = k->next;
    else
        s->qhead = k->next;
    if (k->next != NIL)
        c->calls[k->next].prev = k->prev;
    else
        s->qtail = k->prev;
    s->qlen--;
}

static void start_service(struct center *c, struct station *s, uint32_t id, double now)
{
    struct call *k = &c->calls[id];
    const double wait = now - k->t_join;
    const double svc_s = k->svc_s;
    k->wait_total += wait;
    if (c->trace) /* TRACE */
        cc_trace_start(c->trace, id, now);
    if (k->counted) {
        const double *sl_s = c->sc->sl_s;
        count_answer(&s->tot, sl_s, wait);
        sim_hist_add(s->hist, wait);
        if (s->bins)
            count_answer(&s->bins[k->bin], sl_s, wait);
        if (s->mbins)
            count_answer(&s->mbins[k->month], sl_s, wait);
        s->answered_svc_s += svc_s;
        s->line_s += wait + svc_s;
        if (k->cls == CC_CLASS_GENERAL) {
            s->l1_general_calls += 1;
            s->l1_general_svc_s += svc_s;
            s->l1_general_line_s += wait + svc_s;
        }
    }
    s->busy++;
    sim_engine_after_fixed(c->eng, svc_s, EV_END, as_data(id));
}

/* An agent of level-2 sector s serves call id of sector q (borrowed): start_service counts
 * the answer at the station it is given, q; the agent is busy at s. q's busy count goes up
 * and down at the same instant, which its time integrals never see. In service the call's
 * station is then s, so on_end frees the agent there and routes the call as s would (a level-2
 * sector: no escalation, as q); its bin (no longer needed once counted) keeps q for the trace. */
static void start_borrowed(struct center *c, struct station *q, struct station *s, uint32_t id,
                           double now)
{
    start_service(c, q, id, now);
    q->busy--;
    s->busy++;
    struct call *k = &c->calls[id];
    k->bin = -1 - k->station;
    k->station = (int32_t)(s - c->st);
}

/* An agent of s takes the caller at the head of from's queue (from is s, or another level-2
 * sector when sharing): the caller's pending abandonment and overflow events go. */
static void take(struct center *c, struct station *from, struct station *s, double now)
{
    const uint32_t id = from->qhead;
    queue_remove(c, from, id);
    struct call *k = &c->calls[id];
    if (k->abandon)
        sim_engine_cancel(c->eng, k->abandon);
    k->abandon = 0;
    if (k->overflow)
        cancel_overflow(c, k);
    if (from == s)
        start_service(c, s, id, now);
    else
        start_borrowed(c, from, s, id, now);
}

/* Level-2 sharing (docs/model.md s.3): while sector s is open, its free agents serve its own
 * queue first, then the callers of other sectors who have waited overflow_after_s (overflow);
 * or every sector's callers, longest wait first (pool). A queue's head is its longest-waiting
 * caller, so only heads are compared. t + w <= now is the sum the engine computed for the
 * overflow event at t + w, so a caller is eligible exactly when its event fires. */
SHARING_PATH static void share(struct center *c, struct station *s, double now)
{
    const struct cc_scenario *sc = c->sc;
    const bool pool = s->share == CC_SHARE_POOL;
    const double w = pool ? 0.0 : sc->sharing.after_s;
    while (s->busy < s->on_duty) {
        const bool own = !pool && s->qlen > 0;
        struct station *from = own ? s : NULL;
        double best = HUGE_VAL;
        for (size_t j = 0; !own && j < sc->n_sectors; j++) {
            struct station *q = &c->st[sc->first_sector + j];
            if (q->qlen == 0)
                continue;
            const double t = c->calls[q->qhead].t_join;
            if (t + w <= now && t < best) {
                best = t;
                from = q;
            }
        }
        if (from == NULL)
            return;
        take(c, from, s, now);
    }
}

/* Another open level-2 sector with a free agent for a caller of q: the one with the most free
 * agents (ties: the first), so borrowing spreads over the sectors. NULL when none. */
SHARING_PATH static struct station *free_sector(struct center *c, const struct station *q)
{
    struct station *best = NULL;
    int idle = 0;
    for (size_t j = 0; j < c->sc->n_sectors; j++) {
        struct station *s = &c->st[c->sc->first_sector + j];
        if (s != q && s->open && s->on_duty - s->busy > idle) {
            idle = s->on_duty - s->busy;
            best = s;
        }
    }
    return best;
}

/* Serves waiting callers while agents are free; sends overtime staff home once a closed
 * station's queue is empty. */
static void dispatch(struct center *c, struct station *s, double now)
{
    if (s->share != CC_SHARE_NONE && s->open)
        share(c, s, now);
    while (s->qlen > 0 && s->busy < s->on_duty)
        take(c, s, s, now);
    if (!s->open && s->qlen == 0)
        s->on_duty = s->sched;
}

static void retry_or_finish(struct center *c, struct station *s, uint32_t id, enum result r)
{
    const struct cc_retrial *rt = &c->sc->retrial;
    struct call *k = &c->calls[id];
    if (rt->p > 0 && k->attempts < rt->max_attempts &&
        sim_rng_stream_uniform(&s->g_retry) < rt->p) {
        k->attempts++;
        sim_engine_after_fixed(c->eng, sample(&c->retry_delay, &s->g_retry), EV_JOIN, as_data(id));
        return;
    }
    finish(c, id, r, (enum cc_role)s->role);
}

/* Sharing "overflow": the event at which the caller's wait reaches overflow_after_s. */
SHARING_PATH static void schedule_overflow(struct center *c, struct call *k, uint32_t id)
{
    k->overflow = sim_engine_after(c->eng, c->sc->sharing.after_s, EV_OVERFLOW, as_data(id));
}

static void join(struct center *c, uint32_t id, int station, double now)
{
    struct station *s = &c->st[station];
    struct call *k = &c->calls[id];
    advance(c, s, now);
    k->station = station;
    k->t_join = now;
    k->abandon = 0;
    const bool handoff = s->role == CC_ROLE_PREFECTURE && k->cls == CC_CLASS_GENERAL;
    k->svc_s = handoff ? sample(&s->handling, &s->g_svc) : sample(&s->svc, &s->g_svc);
    const double patience = s->pat.kind == CC_DIST_NONE ? HUGE_VAL : sample(&s->pat, &s->g_pat);
    k->route_u = s->escalate_to >= 0 ? sim_rng_stream_uniform(&s->g_route) : 1.0;
    k->counted = now >= c->win_lo && now < c->win_hi;
    k->bin = s->bin;
    k->month = (uint8_t)s->month;
    struct acc *b = k->counted ? bin_of(s, k) : NULL;
    struct acc *mb = k->counted && s->mbins ? &s->mbins[k->month] : NULL;
    if (k->counted) {
        s->tot.offered += 1;
        s->tot.work_s += k->svc_s;
        s->l1_general_offered += k->cls == CC_CLASS_GENERAL;
        if (b) {
            b->offered += 1;
            b->work_s += k->svc_s;
        }
        if (mb) {
            mb->offered += 1;
            mb->work_s += k->svc_s;
        }
    }
    if (s->open && s->busy < s->on_duty) {
        start_service(c, s, id, now);
        return;
    }
    if (s->share != CC_SHARE_NONE && s->open &&
        (s->share == CC_SHARE_POOL || c->sc->sharing.after_s <= 0)) {
        struct station *o = free_sector(c, s); /* no wait to wait: borrow at once */
        if (o != NULL) {
            advance(c, o, now);
            start_borrowed(c, s, o, id, now);
            return;
        }
    }
    if (!s->open || (s->cfg->capacity >= 0 && s->qlen >= s->cfg->capacity)) {
        if (k->counted) {
            s->tot.blocked += 1;
            if (b)
                b->blocked += 1;
            if (mb)
                mb->blocked += 1;
        }
        if (c->trace) /* TRACE */
            trace_visit(c, id, now, CC_TRACE_BLOCKED);
        retry_or_finish(c, s, id, R_BLOCKED);
        return;
    }
    k->next = NIL;
    k->prev = s->qtail;
    if (s->qtail != NIL)
        c->calls[s->qtail].next = id;
    else
        s->qhead = id;
    s->qtail = id;
    s->qlen++;
    if (patience < HUGE_VAL)
        k->abandon = sim_engine_after(c->eng, patience, EV_ABANDON, as_data(id));
    if (s->share == CC_SHARE_OVERFLOW && c->sc->sharing.after_s > 0)
        schedule_overflow(c, k, id);
}

/* Sharing "overflow": the caller's wait reaches overflow_after_s; a free agent of another
 * sector takes it now if there is one (else an agent that frees up later will, in share). */
SHARING_PATH static void on_overflow(struct center *c, uint32_t id, double now)
{
    struct call *k = &c->calls[id];
    k->overflow = 0;
    struct station *q = &c->st[k->station];
    struct station *s = free_sector(c, q);
    if (s == NULL)
        return;
    advance(c, s, now);
    queue_remove(c, q, id);
    if (k->abandon)
        sim_engine_cancel(c->eng, k->abandon);
    k->abandon = 0;
    start_borrowed(c, q, s, id, now);
}

static void on_abandon(struct center *c, uint32_t id, double now)
{
    struct call *k = &c->calls[id];
    struct station *s = &c->st[k->station];
    advance(c, s, now);
    k->abandon = 0;
    if (k->overflow)
        cancel_overflow(c, k);
    queue_remove(c, s, id);
    const double wait = now - k->t_join;
    k->wait_total += wait;
    if (k->counted) {
        s->tot.abandoned += 1;
        s->tot.wait_all += wait;
        s->line_s += wait;
        if (k->cls == CC_CLASS_GENERAL)
            s->l1_general_line_s += wait;
        sim_hist_add(s->hist, wait);
        struct acc *b = bin_of(s, k);
        if (b) {
            b->abandoned += 1;
            b->wait_all += wait;
        }
        if (s->mbins) {
            s->mbins[k->month].abandoned += 1;
            s->mbins[k->month].wait_all += wait;
        }
    }
    if (c->trace) /* TRACE */
        trace_visit(c, id, now, CC_TRACE_ABANDONED);
    dispatch(c, s, now);
    retry_or_finish(c, s, id, R_ABANDONED);
}

/* Sends a general-information call on to level 1, or records that nobody answers it. */
static void transfer_general(struct center *c, struct station *s, uint32_t id, double now)
{
    const struct cc_source *src = c->src[c->calls[id].source].cfg;
    struct acc *b = s->bins ? &s->bins[s->bin] : NULL;
    const bool counted = now >= c->win_lo && now < c->win_hi;
    if (src->interconnected && src->transfer_to >= 0) {
        if (counted) {
            s->tot.transferred += 1;
            if (b)
                b->transferred += 1;
        }
        if (c->trace) /* TRACE */
            trace_visit(c, id, now, CC_TRACE_TRANSFERRED);
        c->calls[id].station = src->transfer_to;
        sim_engine_after_fixed(c->eng, sample(&c->delay, &s->g_route), EV_JOIN, as_data(id));
        return;
    }
    if (counted) {
        s->tot.unanswered += 1;
        if (b)
            b->unanswered += 1;
    }
    if (c->trace) /* TRACE */
        trace_visit(c, id, now, CC_TRACE_UNANSWERED);
    finish(c, id, R_UNANSWERED, CC_ROLE_PREFECTURE);
}

/* Level 1 with sectors: the sector the escalation goes to, from the same draw that decided to
 * escalate (models/scenario.h, escalate_range). */
static int escalate_target(const struct cc_station *cfg, const struct call *k)
{
    int j = 0;
    for (; j < cfg->n_escalate - 1; j++) {
        const double *r = &cfg->escalate_range[(j * CC_CLASS_COUNT + k->cls) * 2];
        if (k->route_u >= r[0] && k->route_u < r[1])
            break;
    }
    return cfg->escalate_to + j;
}

static void on_end(struct center *c, uint32_t id, double now)
{
    struct call *k = &c->calls[id];
    struct station *s = &c->st[k->station];
    advance(c, s, now);
    s->busy--;
    const struct cc_station *cfg = s->cfg;
    if (s->role == CC_ROLE_PREFECTURE && k->cls == CC_CLASS_GENERAL) {
        transfer_general(c, s, id, now);
    } else if (s->escalate_to >= 0 && k->route_u < cfg->escalate_p[k->cls]) {
        if (c->trace) /* TRACE */
            trace_visit(c, id, now, CC_TRACE_ESCALATED);
        k->station = cfg->n_escalate > 1 ? escalate_target(cfg, k) : cfg->escalate_to;
        sim_engine_after_fixed(c->eng, sample(&c->delay, &s->g_route), EV_JOIN, as_data(id));
    } else {
        if (c->trace) { /* TRACE: a borrowed call's visit is at the caller's sector */
            if (k->bin < 0)
                k->station = -1 - k->bin;
            trace_visit(c, id, now, CC_TRACE_ANSWERED);
        }
        finish(c, id, R_ANSWERED, (enum cc_role)s->role);
    }
    if (s->qlen > 0 || !s->open || s->share != CC_SHARE_NONE) /* else nothing to dispatch */
        dispatch(c, s, now);
}

/* ---- arrivals and slots ------------------------------------------------------------------ */

/* Next arrival after t: inverts the cumulative intensity of the piecewise-constant rate with
 * one Exp(1) draw, walking slot by slot. Returns +inf past the end of arrivals. */
/* The factor of the day of slot: the busyness factor, one gamma draw (mean 1, cv busyness_cv)
 * per day walked, days taken in order even when no call arrives on them, times the dated
 * calendar's factor of the day (month weight x peaks, 0 when closed). The calendar's factor is
 * deterministic and the draws are made on every day, closed or not, so the arrivals stay common
 * random numbers across staffing and across calendars. */
static double busyness(const struct center *c, struct source *src, long slot)
{
    const double cv = c->sc->busyness_cv;
    if (cv <= 0 && !c->sc->cal.dated)
        return 1.0;
    const long day = slot / c->sc->slots_per_day;
    if (src->day < day) {
        gsl_rng g = sim_rng_stream_gsl(&src->g_busy);
        for (; src->day < day; src->day++)
            if (cv > 0)
                src->busy = gsl_ran_gamma(&g, 1.0 / (cv * cv), cv * cv);
        src->factor = (cv > 0 ? src->busy : 1.0) * cc_scenario_day_factor(c->sc, day);
    }
    return src->factor;
}

static double next_arrival(const struct center *c, struct source *src, double t)
{
    const double len = c->sc->interval_s;
    double need = sim_rng_stream_exponential(&src->g_gap, 1.0);
    while (t < c->arrivals_end) {
        /* floor(q) == slot_q exactly when slot_q <= q < slot_q + 1, so the cache gives the
         * same slot, end and rate as computing them afresh. */
        const double q = t / len;
        if (!(q >= src->slot_q && q < src->slot_q + 1.0)) {
            const long slot = (long)floor(q);
            double end = (double)(slot + 1) * len;
            src->slot_q = (double)slot;
            src->slot_end = end < c->arrivals_end ? end : c->arrivals_end;
            src->slot_rate =
                src->cfg->rate[(slot + c->wk_off) % c->n_bins] * busyness(c, src, slot);
        }
        const double end = src->slot_end, rate = src->slot_rate;
        if (rate > 0) {
            const double have = rate * (end - t);
            if (need <= have)
                return t + need / rate;
            need -= have;
        }
        t = end;
    }
    return HUGE_VAL;
}

static void on_arrival(struct center *c, int src_index, double now)
{
    struct source *src = &c->src[src_index];
    const double next = next_arrival(c, src, now);
    if (next < HUGE_VAL)
        sim_engine_stream_at(c->eng, (uint32_t)src_index, next, EV_ARRIVAL);

    const uint32_t id = call_new(c);
    struct call *k = &c->calls[id];
    /* join sets the other fields before anything reads them. */
    k->t_birth = now;
    k->wait_total = 0;
    k->source = src_index;
    k->station = src->station;
    k->attempts = 1;
    k->cls = (uint8_t)src->cls;
    c->calls_born++;
    if (c->trace) /* TRACE */
        cc_trace_born(c->trace, id);
    if (now >= c->win_lo && now < c->win_hi)
        c->network.offered += 1;
    if (src->general_share > 0 && sim_rng_stream_uniform(&src->g_class) < src->general_share)
        k->cls = CC_CLASS_GENERAL;
    struct station *s = &c->st[k->station];
    if (k->cls == CC_CLASS_GENERAL && c->sc->transfer.mode == CC_TRANSFER_IVR) {
        advance(c, s, now);
        transfer_general(c, s, id, now);
        return;
    }
    join(c, id, k->station, now);
}

static void on_slot(struct center *c, double now)
{
    const long slot = lround(now / c->sc->interval_s);
    const int bin = (int)((slot + c->wk_off) % c->n_bins);
    /* A closed date of the calendar: no agent and no opening at any station that day. */
    const long day = slot / c->sc->slots_per_day;
    const bool shut = c->sc->cal.n_closed > 0 && cc_scenario_closed(c->sc, day);
    const int month = c->mbins ? cc_scenario_month(c->sc, day) : 0;
    for (size_t i = 0; i < c->sc->n_stations; i++) {
        struct station *s = &c->st[i];
        flush(c, s, now);
        s->bin = bin;
        s->month = month;
        s->sched = shut ? 0 : s->cfg->agents[bin];
        s->open = !shut && s->cfg->open[bin] != 0;
        if (s->open || s->qlen == 0 || s->on_duty < s->sched)
            s->on_duty = s->sched;
        dispatch(c, s, now);
    }
    const double next = (double)(slot + 1) * c->sc->interval_s;
    if (next < c->arrivals_end)
        sim_engine_at_fixed(c->eng, next, EV_SLOT, NULL);
}

static void handle(sim_engine *e, int kind, void *data, void *ctx)
{
    struct center *c = ctx;
    const double now = sim_engine_now(e);
    const uint32_t id = (uint32_t)(uintptr_t)data;
    /* Tests in order of frequency: arrivals and service ends are almost every event, and two
     * predictable compares are cheaper than a jump table's indirect jump. */
    if (kind == EV_END)
        on_end(c, id, now);
    else if (kind == EV_ARRIVAL)
        on_arrival(c, (int)id, now);
    else if (kind == EV_ABANDON)
        on_abandon(c, id, now);
    else if (kind == EV_JOIN)
        join(c, id, c->calls[id].station, now);
    else if (kind == EV_SLOT)
        on_slot(c, now);
    else if (kind == EV_OVERFLOW)
        on_overflow(c, id, now);
    else
        SIM_ASSERT(!"unknown event kind");
}

/* ---- layout ------------------------------------------------------------------------------ */

static const enum cc_metric station_metrics[] = {
    CC_M_OFFERED,     CC_M_ANSWERED,     CC_M_ABANDONED, CC_M_BLOCKED,
    CC_M_ANSWER_RATE, CC_M_ABANDON_RATE, CC_M_ASA_S,     CC_M_MEAN_WAIT_S,
    CC_M_WAIT_P90_S,  CC_M_SL_20,        CC_M_SL_60,     CC_M_SL_180,
    CC_M_OCCUPANCY,   CC_M_AGENTS_AVG,   CC_M_ETPT,      CC_M_OVERTIME_H};

static const enum cc_metric network_metrics[] = {
    CC_M_OFFERED,      CC_M_ANSWERED, CC_M_ABANDONED,         CC_M_BLOCKED,    CC_M_ANSWER_RATE,
    CC_M_ABANDON_RATE, CC_M_ASA_S,    CC_M_MEAN_WAIT_S,       CC_M_WAIT_P90_S, CC_M_SL_20,
    CC_M_SL_60,        CC_M_SL_180,   CC_M_UNANSWERED_GENERAL};

static void layout_row(struct cc_layout *l, const char *name, int station, bool prefecture,
                       bool network)
{
    const size_t r = l->n_rows++;
    l->row_name[r] = strdup(name);
    l->row_station[r] = station;
    unsigned char *m = &l->row_mask[r * CC_M_COUNT];
    if (network) {
        for (size_t i = 0; i < sizeof network_metrics / sizeof *network_metrics; i++)
            m[network_metrics[i]] = 1;
        return;
    }
    for (size_t i = 0; i < sizeof station_metrics / sizeof *station_metrics; i++)
        m[station_metrics[i]] = 1;
    m[CC_M_TRANSFERRED] = prefecture;
    m[CC_M_UNANSWERED_GENERAL] = prefecture;
}

struct cc_layout *cc_layout_alloc(const struct cc_scenario *sc)
{
    struct cc_layout *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    const size_t max_rows = sc->n_stations + 3;
    l->row_name = calloc(max_rows, sizeof *l->row_name);
    l->row_station = calloc(max_rows, sizeof *l->row_station);
    l->row_mask = calloc(max_rows * CC_M_COUNT, 1);
    l->irow_row = calloc(3 + sc->n_sectors, sizeof *l->irow_row);
    l->n_bins = (size_t)CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    l->n_months = sc->cal.dated ? CC_MONTHS : 0;
    if (!l->row_name || !l->row_station || !l->row_mask || !l->irow_row) {
        cc_layout_free(l);
        return NULL;
    }
    if (sc->stationary) {
        for (size_t i = 0; i < sc->n_stations; i++)
            layout_row(l, sc->stations[i].name, (int)i, false, false);
        l->irow_row[l->n_irows++] = 0;
        return l;
    }
    l->has_network = true;
    layout_row(l, "network", -1, false, true);
    layout_row(l, "switchboard", -1, true, false);
    l->irow_row[l->n_irows++] = 1;
    for (size_t i = 0; i < sc->n_stations; i++) {
        const struct cc_station *st = &sc->stations[i];
        /* The CAI total keeps the name "level2", so that what reads the level2 row (staff,
         * sweep, compare, the plots) reads the whole CAI; its sectors follow it. */
        if (sc->n_sectors > 0 && i == sc->first_sector) {
            l->irow_row[l->n_irows++] = (int)l->n_rows;
            layout_row(l, "level2", -1, false, false);
        }
        if (st->role != CC_ROLE_PREFECTURE)
            l->irow_row[l->n_irows++] = (int)l->n_rows;
        layout_row(l, st->name, (int)i, st->role == CC_ROLE_PREFECTURE, false);
    }
    for (size_t r = 0; r < l->n_rows; r++)
        if (!l->row_name[r]) {
            cc_layout_free(l);
            return NULL;
        }
    return l;
}

void cc_layout_free(struct cc_layout *l)
{
    if (!l)
        return;
    for (size_t r = 0; r < l->n_rows; r++)
        free(l->row_name[r]);
    free(l->row_name);
    free(l->row_station);
    free(l->row_mask);
    free(l->irow_row);
    free(l);
}

struct cc_rep *cc_rep_alloc(const struct cc_layout *l)
{
    struct cc_rep *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->summary = calloc(l->n_rows * CC_M_COUNT, sizeof *r->summary);
    r->ivl = calloc(l->n_irows * l->n_bins * CC_IM_COUNT, sizeof *r->ivl);
    r->ivl_lambda = calloc(l->n_irows * l->n_bins, sizeof *r->ivl_lambda);
    const size_t n_mon = l->n_irows * l->n_months * CC_MON_COUNT;
    r->mon = n_mon > 0 ? calloc(n_mon, sizeof *r->mon) : NULL;
    if (!r->summary || !r->ivl || !r->ivl_lambda || (n_mon > 0 && !r->mon)) {
        cc_rep_free(r);
        return NULL;
    }
    return r;
}

void cc_rep_free(struct cc_rep *r)
{
    if (!r)
        return;
    free(r->summary);
    free(r->ivl);
    free(r->ivl_lambda);
    free(r->mon);
    free(r);
}

/* ---- results ----------------------------------------------------------------------------- */

static int station_irow(const struct cc_scenario *sc, size_t i);

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

static void acc_add(struct acc *into, const struct acc *a, bool with_open)
{
    const double open_s = into->open_s;
    double *d = (double *)into;
    const double *s = (const double *)a;
    for (size_t i = 0; i < sizeof *a / sizeof(double); i++)
        d[i] += s[i];
    if (!with_open)
        into->open_s = open_s;
}

/* Metrics of one station (or aggregate) from its sums; etpt and p90 are filled by the caller. */
static void acc_metrics(const struct acc *a, double *m)
{
    m[CC_M_OFFERED] = a->offered;
    m[CC_M_ANSWERED] = a->answered;
    m[CC_M_ABANDONED] = a->abandoned;
    m[CC_M_BLOCKED] = a->blocked;
    m[CC_M_ANSWER_RATE] = ratio(a->answered, a->offered);
    m[CC_M_ABANDON_RATE] = ratio(a->abandoned, a->offered);
    m[CC_M_ASA_S] = ratio(a->wait_answered, a->answered);
    m[CC_M_MEAN_WAIT_S] = ratio(a->wait_all, a->answered + a->abandoned);
    m[CC_M_WAIT_P90_S] = NAN;
    m[CC_M_SL_20] = ratio(a->sl[0], a->offered);
    m[CC_M_SL_60] = ratio(a->sl[1], a->offered);
    m[CC_M_SL_180] = ratio(a->sl[2], a->offered);
    m[CC_M_OCCUPANCY] = ratio(a->busy_s, a->present_s);
    m[CC_M_AGENTS_AVG] = ratio(a->sched_s, a->open_s);
    m[CC_M_ETPT] = NAN;
    m[CC_M_OVERTIME_H] = a->overtime_s / 3600.0;
    m[CC_M_TRANSFERRED] = a->transferred;
    m[CC_M_UNANSWERED_GENERAL] = a->unanswered;
}

static double hist_p90(const sim_hist *h)
{
    return sim_hist_count(h) ? sim_hist_quantile(h, 0.9) : NAN;
}

/* How much of each (weekday, slot) bin lies inside the statistics window: runs longer than a
 * week fold several slots onto one bin, and interval means divide by this. */
static void bin_occupancy(const struct center *c, double *occ)
{
    const double len = c->sc->interval_s;
    const double hi = c->sc->horizon_s;
    for (long k = (long)floor(c->win_lo / len); (double)k * len < hi; k++) {
        double a = (double)k * len, b = a + len;
        a = a > c->win_lo ? a : c->win_lo;
        b = b < hi ? b : hi;
        if (b > a)
            occ[(k + c->wk_off) % c->n_bins] += (b - a) / len;
    }
}

static void fill_intervals(const struct center *c, struct cc_rep *out)
{
    const struct cc_layout *l = c->lay;
    double *occ = calloc(l->n_bins, sizeof *occ);
    SIM_ASSERT(occ != NULL);
    bin_occupancy(c, occ);
    double m[CC_M_COUNT];
    for (size_t r = 0; r < l->n_irows; r++) {
        for (size_t b = 0; b < l->n_bins; b++) {
            const struct acc *a = &c->ibins[r * l->n_bins + b];
            acc_metrics(a, m);
            double *v = &out->ivl[(r * l->n_bins + b) * CC_IM_COUNT];
            for (int i = 0; i < CC_IM_COUNT; i++)
                v[i] = m[imetric_of[i]];
            const double n = occ[b];
            for (int i = CC_IM_OFFERED; i <= CC_IM_BLOCKED; i++)
                v[i] = n > 0 ? v[i] / n : NAN;
            v[CC_IM_OFFERED_LOAD] = n > 0 ? a->work_s / (n * c->sc->interval_s) : NAN;
            out->ivl_lambda[r * l->n_bins + b] = n > 0 ? a->offered / n / c->sc->interval_s : NAN;
        }
    }
    free(occ);
}

/* Open days of station i in each month of the run (closed dates excluded). */
static void month_open_days(const struct center *c, const struct cc_station *st, double *days)
{
    const int spd = c->sc->slots_per_day;
    for (long d = 0; d < c->sc->days; d++) {
        if (cc_scenario_closed(c->sc, d))
            continue;
        const unsigned char *o = &st->open[cc_scenario_weekday(c->sc, d) * spd];
        for (int k = 0; k < spd; k++)
            if (o[k]) {
                days[cc_scenario_month(c->sc, d)] += 1;
                break;
            }
    }
}

/* months.csv: each interval row's month bins; counts per open day of the row's stations (its
 * first station: the prefectures share their hours), offered load over the open hours. */
static void fill_months(const struct center *c, struct cc_rep *out)
{
    const struct cc_layout *l = c->lay;
    double m[CC_M_COUNT];
    for (size_t r = 0; r < l->n_irows; r++) {
        double days[CC_MONTHS] = {0};
        /* With sectors, row 2 is the CAI total: its open days are those of its first sector. */
        const int own = r == 2 && c->sc->n_sectors > 0 ? 3 : (int)r;
        for (size_t i = 0; i < c->sc->n_stations; i++)
            if (station_irow(c->sc, i) == own) {
                month_open_days(c, &c->sc->stations[i], days);
                break;
            }
        for (size_t k = 0; k < CC_MONTHS; k++) {
            const struct acc *a = &c->mbins[r * CC_MONTHS + k];
            double *v = &out->mon[(r * CC_MONTHS + k) * CC_MON_COUNT];
            acc_metrics(a, m);
            for (int i = 0; i < CC_IM_COUNT; i++)
                v[i] = m[imetric_of[i]];
            const double n = days[k];
            for (int i = CC_IM_OFFERED; i <= CC_IM_BLOCKED; i++)
                v[i] = n > 0 ? v[i] / n : NAN;
            v[CC_IM_OFFERED_LOAD] = ratio(a->work_s, a->open_s);
            v[CC_MON_OPEN_DAYS] = n;
        }
    }
}

double cc_center_years(const struct cc_scenario *sc, int *open_days)
{
    const struct cc_station *l1 = NULL;
    for (size_t i = 0; i < sc->n_stations && !l1; i++)
        if (sc->stations[i].role == CC_ROLE_LEVEL1)
            l1 = &sc->stations[i];
    int n = 0;
    for (int d = 0; l1 && d < sc->days; d++) {
        if (cc_scenario_closed(sc, d))
            continue;
        const unsigned char *o = &l1->open[cc_scenario_weekday(sc, d) * sc->slots_per_day];
        for (int k = 0; k < sc->slots_per_day; k++)
            if (o[k]) {
                n++;
                break;
            }
    }
    if (open_days)
        *open_days = n;
    if (n == 0)
        return 0.0;
    return sc->cal.years > 0 ? sc->cal.years : n / sc->costs.open_days_per_year;
}

static void fill_costs(const struct center *c, struct cc_rep *out)
{
    struct cc_cost_input in = {0};
    const struct cc_station *l1 = NULL;
    for (size_t i = 0; i < c->sc->n_stations; i++) {
        const struct station *s = &c->st[i];
        if (s->cfg->role == CC_ROLE_LEVEL1) {
            l1 = s->cfg;
            in.l1_transferred_calls += s->l1_general_calls;
            in.l1_transferred_service_s += s->l1_general_svc_s;
            in.l1_calls += s->tot.answered;
            in.l1_service_s += s->answered_svc_s;
            in.l1_transferred_offered += s->l1_general_offered;
            in.l1_transferred_line_s += s->l1_general_line_s;
            in.l1_offered += s->tot.offered;
            in.l1_line_s += s->line_s;
        } else if (s->cfg->role == CC_ROLE_LEVEL2) {
            in.l2_etpt += s->cfg->etpt;
            /* The ministry's posts: the Interior pool, i.e. the prefectures' sector. */
            if (c->sc->n_sectors == 0 || i == c->sc->first_sector + c->sc->pref_sector)
                in.l2_ministry_etpt += s->cfg->etpt;
        }
        if (s->cfg->role == CC_ROLE_LEVEL1 || s->cfg->role == CC_ROLE_LEVEL2)
            in.caller_line_s += s->line_s;
    }
    in.answered_calls = c->answered_3939;
    in.years = l1 ? cc_center_years(c->sc, NULL) : 0.0;
    if (in.years > 0) {
        cc_cost_eval(&c->sc->costs, &in, out->costs);
    } else {
        for (int i = 0; i < CC_C_COUNT; i++)
            out->costs[i] = NAN;
    }
}

/* An aggregate row: the stations of one role (the prefectures for the switchboard, the
 * sectors for the CAI). Open time is the first member's, so agents_avg is the agents on duty
 * together while it is open; ETPT is the sum of the members'. */
static void aggregate(const struct center *c, enum cc_role role, double *m)
{
    struct acc sum = {0};
    sim_hist *hist = sim_hist_alloc(WAIT_BIN_S, WAIT_BINS);
    SIM_ASSERT(hist != NULL);
    double etpt = 0;
    bool first = true;
    for (size_t i = 0; i < c->sc->n_stations; i++) {
        const struct station *s = &c->st[i];
        if (s->cfg->role != role)
            continue;
        acc_add(&sum, &s->tot, first);
        sim_hist_merge(hist, s->hist);
        etpt += cc_scenario_agents_to_etpt(c->sc, i, ratio(s->tot.sched_s, s->tot.open_s));
        first = false;
    }
    acc_metrics(&sum, m);
    m[CC_M_WAIT_P90_S] = hist_p90(hist);
    m[CC_M_ETPT] = etpt;
    sim_hist_free(hist);
}

static void fill_summary(struct center *c, struct cc_rep *out)
{
    const struct cc_layout *l = c->lay;
    for (size_t r = 0; r < l->n_rows; r++) {
        double *m = &out->summary[r * CC_M_COUNT];
        const int i = l->row_station[r];
        if (i >= 0) {
            const struct station *s = &c->st[i];
            acc_metrics(&s->tot, m);
            m[CC_M_WAIT_P90_S] = hist_p90(s->hist);
            m[CC_M_ETPT] = cc_scenario_agents_to_etpt(c->sc, (size_t)i, m[CC_M_AGENTS_AVG]);
        } else if (strcmp(l->row_name[r], "network") == 0) {
            acc_metrics(&c->network, m);
            m[CC_M_WAIT_P90_S] = hist_p90(c->network_hist);
        } else {
            aggregate(
                c, strcmp(l->row_name[r], "level2") == 0 ? CC_ROLE_LEVEL2 : CC_ROLE_PREFECTURE, m);
        }
    }
}

/* The CAI total interval row (2) from its sectors' rows (3 ...), open time from the first. */
static void sum_sector_bins(struct center *c)
{
    const size_t nb = c->lay->n_bins;
    for (size_t j = 0; j < c->sc->n_sectors && c->lay->n_irows > 3; j++)
        for (size_t b = 0; b < nb; b++)
            acc_add(&c->ibins[2 * nb + b], &c->ibins[(3 + j) * nb + b], j == 0);
}

/* The same for the month bins of a dated run. */
static void sum_sector_months(struct center *c)
{
    for (size_t j = 0; c->mbins && j < c->sc->n_sectors && c->lay->n_irows > 3; j++)
        for (size_t k = 0; k < CC_MONTHS; k++)
            acc_add(&c->mbins[2 * CC_MONTHS + k], &c->mbins[(3 + j) * CC_MONTHS + k], j == 0);
}

/* ---- set-up and run ---------------------------------------------------------------------- */

/* Interval row of station i: switchboard 0, level1 1, level2 2; with sectors, row 2 is the
 * CAI total (summed at the end, sum_sector_bins) and sector j has row 3 + j. */
static int station_irow(const struct cc_scenario *sc, size_t i)
{
    const struct cc_station *st = &sc->stations[i];
    if (sc->stationary)
        return 0;
    if (sc->n_sectors > 0 && st->role == CC_ROLE_LEVEL2)
        return 3 + (int)(i - sc->first_sector);
    switch (st->role) {
    case CC_ROLE_PREFECTURE:
        return 0;
    case CC_ROLE_LEVEL1:
        return 1;
    case CC_ROLE_LEVEL2:
        return 2;
    default:
        return -1;
    }
}

static int station_init(struct center *c, struct station *s, size_t i, unsigned rep,
                        bool *first_prefecture)
{
    const struct cc_scenario *sc = c->sc;
    s->cfg = &sc->stations[i];
    s->role = (uint8_t)s->cfg->role;
    s->escalate_to = s->cfg->escalate_to;
    s->qhead = s->qtail = NIL;
    const int irow = station_irow(sc, i);
    if (sc->n_sectors > 1 && s->cfg->role == CC_ROLE_LEVEL2)
        s->share = sc->sharing.rule;
    if (irow >= 0 && (size_t)irow < c->lay->n_irows) {
        s->bins = &c->ibins[(size_t)irow * c->lay->n_bins];
        s->mbins = c->mbins ? &c->mbins[(size_t)irow * CC_MONTHS] : NULL;
        s->counts_open = s->cfg->role != CC_ROLE_PREFECTURE || *first_prefecture;
        if (s->cfg->role == CC_ROLE_PREFECTURE)
            *first_prefecture = false;
    }
    s->hist = sim_hist_alloc(WAIT_BIN_S, WAIT_BINS);
    /* The prefectures' sector draws from the streams of the one level-2 pool it replaces:
     * with sharing none its callers are those of the scenario without sectors, draw for draw
     * (common random numbers between the two models). */
    const bool l2 = sc->n_sectors > 0 && i == sc->first_sector + sc->pref_sector;
    const char *name = l2 ? "level2" : s->cfg->name;
    stream(&s->g_svc, c, rep, "svc", name);
    stream(&s->g_pat, c, rep, "pat", name);
    stream(&s->g_route, c, rep, "route", name);
    stream(&s->g_retry, c, rep, "retry", name);
    return s->hist && sampler_init(&s->svc, &s->cfg->service) &&
           sampler_init(&s->pat, &s->cfg->patience) &&
           sampler_init(&s->handling, &sc->transfer.handling);
}

static void sampler_free(struct sampler *s)
{
    if (s->kind == CC_DIST_EMPIRICAL && s->table)
        gsl_ran_discrete_free(s->table);
}

static void center_free(struct center *c)
{
    if (c->st) {
        for (size_t i = 0; i < c->sc->n_stations; i++) {
            struct station *s = &c->st[i];
            sim_hist_free(s->hist);
            sampler_free(&s->svc);
            sampler_free(&s->pat);
            sampler_free(&s->handling);
        }
    }
    sampler_free(&c->delay);
    sampler_free(&c->retry_delay);
    free(c->st);
    free(c->src);
    free(c->calls);
    free(c->ibins);
    free(c->mbins);
    sim_hist_free(c->network_hist);
    sim_engine_free(c->eng);
}

static int center_init(struct center *c, const struct cc_scenario *sc, const struct cc_layout *l,
                       unsigned rep)
{
    memset(c, 0, sizeof *c);
    c->sc = sc;
    c->lay = l;
    c->free_head = NIL;
    c->n_bins = (int)l->n_bins;
    c->win_lo = sc->warmup_s;
    c->win_hi = sc->stationary ? sc->horizon_s : HUGE_VAL;
    c->arrivals_end = sc->horizon_s;
    c->eng = sim_engine_alloc(handle, c);
    /* aligned_alloc, not calloc: a station starts on a cache line (its _Alignas(64)), and its
     * size is a multiple of 64, so the hot first fields of every record share one line. */
    c->st = aligned_alloc(64, (sc->n_stations ? sc->n_stations : 1) * sizeof *c->st);
    if (c->st)
        memset(c->st, 0, (sc->n_stations ? sc->n_stations : 1) * sizeof *c->st);
    c->src = aligned_alloc(64, (sc->n_sources ? sc->n_sources : 1) * sizeof *c->src);
    if (c->src)
        memset(c->src, 0, (sc->n_sources ? sc->n_sources : 1) * sizeof *c->src);
    c->ibins = calloc(l->n_irows * l->n_bins, sizeof *c->ibins);
    c->wk_off = (long)sc->cal.start_wday * sc->slots_per_day;
    if (l->n_months > 0) {
        c->mbins = calloc(l->n_irows * l->n_months, sizeof *c->mbins);
        if (!c->mbins)
            return 0;
    }
    c->network_hist = sim_hist_alloc(WAIT_BIN_S, WAIT_BINS);
    if (!c->eng || !c->st || !c->src || !c->ibins || !c->network_hist)
        return 0;
    /* Each source's arrivals are one stream of the engine (its cheapest kind of event). */
    if (sc->n_sources > 0 && !sim_engine_streams(c->eng, (uint32_t)sc->n_sources))
        return 0;
    if (!sampler_init(&c->delay, &sc->transfer.delay) ||
        !sampler_init(&c->retry_delay, &sc->retrial.delay))
        return 0;
    bool first_prefecture = true;
    for (size_t i = 0; i < sc->n_stations; i++)
        if (!station_init(c, &c->st[i], i, rep, &first_prefecture))
            return 0;
    for (size_t i = 0; i < sc->n_sources; i++) {
        struct source *src = &c->src[i];
        src->cfg = &sc->sources[i];
        src->general_share = src->cfg->general_share;
        src->station = src->cfg->station;
        src->cls = src->cfg->cls;
        src->slot_q = -1.0; /* no slot cached: q >= 0 */
        stream(&src->g_gap, c, rep, "gap", src->cfg->name);
        stream(&src->g_class, c, rep, "class", src->cfg->name);
        stream(&src->g_busy, c, rep, "busy", src->cfg->name);
        src->day = -1;
    }
    return 1;
}

enum sim_status cc_center_run(const struct cc_scenario *sc, const struct cc_layout *l, unsigned rep,
                              struct cc_rep *out)
{
    struct center c;
    if (!center_init(&c, sc, l, rep)) {
        center_free(&c);
        return SIM_ENOMEM;
    }
    c.trace = sc->trace ? cc_trace_rep_open(sc->trace, sc, rep) : NULL; /* TRACE */
    sim_engine_at_fixed(c.eng, 0.0, EV_SLOT, NULL);
    for (size_t i = 0; i < sc->n_sources; i++) {
        const double t = next_arrival(&c, &c.src[i], 0.0);
        if (t < HUGE_VAL)
            sim_engine_stream_at(c.eng, (uint32_t)i, t, EV_ARRIVAL);
    }
    sim_engine_run(c.eng);
    if (c.trace) { /* TRACE */
        trace_waiting(&c, sim_engine_now(c.eng));
        cc_trace_rep_close(c.trace);
    }
    for (size_t i = 0; i < sc->n_stations; i++) {
        /* A queue can only outlive the run at a station with no agents and patient callers;
         * those calls stay offered and unanswered. */
        flush(&c, &c.st[i], sim_engine_now(c.eng));
        SIM_ASSERT(c.st[i].busy == 0);
    }
    out->events = sim_engine_events(c.eng);
    out->calls = c.calls_born;
    fill_summary(&c, out);
    sum_sector_bins(&c);
    fill_intervals(&c, out);
    if (c.mbins) {
        sum_sector_months(&c);
        fill_months(&c, out);
    }
    memcpy(out->journeys, c.journeys, sizeof out->journeys);
    if (l->has_network)
        fill_costs(&c, out);
    center_free(&c);
    return SIM_OK;
}
