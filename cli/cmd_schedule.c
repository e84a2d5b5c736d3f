/* ccsim schedule: the fewest agents in each interval of level 1 or level 2 such that every
 * interval meets every --target (models/schedule.h). The search starts from each interval's
 * Erlang A answer at the interval's simulated offered rate, then simulates the whole week, so
 * that a queue left at the end of one interval weighs on the next: intervals that miss a target
 * get one more agent; once all meet, every interval not yet found necessary gives one agent
 * back, those that then miss take it again and keep it. A last pass tries the raised intervals
 * one lower again (a later raise may have emptied the queue that made an earlier one needed).
 * Every simulation uses the scenario's seed (common random numbers), so a change of the
 * schedule, not noise, moves the figures.
 * With --shifts, the per-interval staff becomes the requirement of a shift plan
 * (models/shifts.h): the cheapest agents starting at each time on each declared shift length
 * covering it, simulated to check that the targets still hold (an interval that misses raises
 * its requirement by one and the plan is solved again).
 * Beside them, the smallest flat and load-following staffing (ETPT with spread "flat" and
 * "load") that meet the same per-interval targets, for their ETPT and euros.
 * Writes DIR/scenario.json (the scenario with the optimised agents_schedule, runnable),
 * DIR/schedule.csv, DIR/schedule_intervals.csv and DIR/manifest.json, and with --shifts
 * DIR/shifts.csv and DIR/scenario_shifts.json. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/search.h"
#include "cli/whatif.h"
#include "models/erlang.h"
#include "models/report.h"
#include "models/schedule.h"
#include "models/shifts.h"
#include "sim/bug.h"
#include "sim/csv.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHED_MAX_SIMS 60  /* simulations of the per-interval search */
#define SCHED_MAX_LOWER 30 /* simulations of the pass that lowers raised intervals again */
#define SCHED_MAX_SHIFT 8  /* simulations of shift plans */
#define SCHED_MAX_WALK 40  /* simulations of each flat / load walk */
#define SCHED_MAX_TARGETS 16
#define SCHED_MAX_AGENTS 100000

static void usage(FILE *f)
{
    fputs("usage: ccsim schedule SCENARIO.json --station level1|level2 --target EXPR\n"
          "                      [--target EXPR]... [--shifts H[,H]...] [--step ETPT] [--reps N]\n"
          "                      [--seed S] [--days D] [--set path=value]... [--out DIR]\n"
          "                      [--jobs J] [--quiet]\n"
          "Finds the fewest agents in each interval of the station such that every interval\n"
          "meets every target (the interval's calls pooled over the replications), starting\n"
          "from each interval's Erlang A answer and adjusting by simulation (queues carry over\n"
          "from one interval to the next). EXPR is METRIC>=VALUE or METRIC<=VALUE on an\n"
          "interval metric: answer_rate, abandon_rate, asa_s, mean_wait_s, sl_20, sl_60,\n"
          "sl_180, occupancy. Compares it with the smallest flat and load-following ETPT (on a\n"
          "grid of --step ETPT, default 0.5) meeting the same targets. Writes DIR/scenario.json\n"
          "(the scenario with that agents_schedule), DIR/schedule.csv,\n"
          "DIR/schedule_intervals.csv and DIR/manifest.json (default DIR =\n"
          "results/schedule-<name>-<station>), replacing DIR as a whole.\n"
          "  --station NAME      level1 or level2\n"
          "  --target EXPR       a target every interval must meet (repeatable)\n"
          "  --shifts H[,H]...   also the cheapest plan of shifts of these lengths in hours\n"
          "                      (e.g. 7.5h,4h; whole intervals; each inside the opening hours\n"
          "                      of one day) covering the per-interval staff, checked by\n"
          "                      simulation: DIR/shifts.csv and DIR/scenario_shifts.json\n"
          "  --step ETPT         grid of the flat and load-following walks\n"
          "EUR/year is the ETPT cost (costs.etpt_eur_per_year) at level 2, and the level-1\n"
          "provider's bill (l1_total_eur_per_year) at level 1, whose staff it does not "
          "price.\n" CLI_SIM_OPTS_HELP,
          f);
}

/* One staffing plan as simulated. */
struct plan {
    const char *name; /* "flat", "load", "optimised", "shifts" */
    bool found;       /* every interval met the targets */
    double etpt, eur, agents_avg;
    int agents_min, agents_max, bins_open, bins_met;
    sim_ci ci[SCHED_MAX_TARGETS]; /* whole-run figures of the targets' metrics */
};

struct sched {
    const char *path;
    const char *station;
    struct cli_sim_opts o;
    struct cc_target tg[SCHED_MAX_TARGETS];
    size_t n_tg;
    double step;
    struct cc_scenario *base;
    size_t st;
    const char *key; /* level1 or level2: the JSON key and the summary row */
    size_t n_bins;
    int *agents;         /* [n_bins] the optimised schedule (best met so far) */
    int *erlang;         /* [n_bins] Erlang A start, 0 when closed */
    double *offered;     /* [n_bins] calls offered per occurrence, in the base run */
    double *value;       /* [n_bins * n_tg] the targets' metrics in the optimised schedule */
    struct plan plan[4]; /* flat, load, optimised, shifts */
    int n_plans;         /* 4 with --shifts, else 3 */
    /* --shifts: the lengths in hours as given and in intervals, and the plan found */
    double shift_h[CC_SHIFTS_MAX_LENGTHS];
    int shift_len[CC_SHIFTS_MAX_LENGTHS];
    size_t n_shift;
    const char *shifts_text;
    int *shift_cover; /* [n_bins] agents on duty of the shift plan */
    struct cc_shifts_week week;
    int shift_tries; /* shift plans simulated */
    int sims;
    struct cli_outdir w;
    uint64_t events, calls;
    double wall;
};

static void sched_free(struct sched *s)
{
    free(s->agents);
    free(s->erlang);
    free(s->offered);
    free(s->value);
    free(s->shift_cover);
    free(s->week.shift);
    cc_scenario_free(s->base);
    cli_sim_opts_free(&s->o);
}

static int interval_metric(const char *cmd, const char *text, const struct cc_target *t)
{
    if (cc_schedule_metric_ok(t->metric))
        return -1;
    fprintf(stderr, "ccsim %s: --target '%s': %s is not an interval metric\n", cmd, text,
            cc_metric_name[t->metric]);
    return 2;
}

/* --shifts H[,H]...: hours, each with an optional "h", in (0, 24], distinct. */
static int parse_shifts(struct sched *s, const char *text)
{
    s->shifts_text = text;
    s->n_shift = 0;
    const char *p = text;
    for (;;) {
        char *end;
        const double h = strtod(p, &end);
        if (end != p && *end == 'h')
            end++;
        bool ok = end != p && (*end == ',' || *end == '\0') && h > 0 && h <= 24 &&
                  s->n_shift < CC_SHIFTS_MAX_LENGTHS;
        for (size_t i = 0; ok && i < s->n_shift; i++)
            ok = s->shift_h[i] != h;
        if (!ok) {
            fprintf(stderr,
                    "ccsim schedule: --shifts: expected up to %d distinct lengths in hours in "
                    "(0, 24] separated by commas (e.g. 7.5h,4h), got '%s'\n",
                    CC_SHIFTS_MAX_LENGTHS, text);
            return 2;
        }
        s->shift_h[s->n_shift++] = h;
        if (*end == '\0')
            return -1;
        p = end + 1;
    }
}

enum { KEY_SHIFTS = CLI_KEY_SEARCH_OWN };
static const struct cli_opt own_opts[] = {{"shifts", KEY_SHIFTS, true}, {NULL, 0, false}};

static int on_opt(void *ctx, int key, const char *v)
{
    SIM_ASSERT(key == KEY_SHIFTS);
    return parse_shifts(ctx, v);
}

/* Fills s from argv; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct sched *s)
{
    struct cli_search_args a = {.cmd = "schedule",
                                .usage = usage,
                                .sim = &s->o,
                                .tg = s->tg,
                                .max_tg = SCHED_MAX_TARGETS,
                                .step_lo = 0.01,
                                .step_hi = 1000,
                                .target_ok = interval_metric,
                                .opts = own_opts,
                                .on_opt = on_opt,
                                .ctx = s,
                                .step = 0.5};
    const int rc = cli_search_parse(&a, argc, argv);
    s->path = a.path;
    s->station = a.station;
    s->n_tg = a.n_tg;
    s->step = a.step;
    return rc;
}

/* The station: level1 or level2 of a network scenario, which both take etpt and spread. */
static int resolve_station(struct sched *s)
{
    const struct cc_scenario *sc = s->base;
    const bool l1 = strcmp(s->station, "level1") == 0, l2 = strcmp(s->station, "level2") == 0;
    int i = -1;
    if (l2 && sc->n_sectors > 0) {
        fprintf(stderr,
                "ccsim schedule: --station level2: level 2 has sectors, which schedule does not "
                "plan; size one with staff --station %s\n",
                sc->stations[sc->first_sector].name);
        return 2;
    }
    for (size_t k = 0; !sc->stationary && (l1 || l2) && k < sc->n_stations && i < 0; k++)
        if (sc->stations[k].role == (l1 ? CC_ROLE_LEVEL1 : CC_ROLE_LEVEL2))
            i = (int)k;
    if (i < 0) {
        fprintf(stderr,
                "ccsim schedule: --station '%s': expected level1 or level2 of a network "
                "scenario\n",
                s->station);
        return 2;
    }
    s->st = (size_t)i;
    s->key = l1 ? "level1" : "level2";
    s->n_bins = (size_t)CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    s->agents = calloc(s->n_bins, sizeof *s->agents);
    s->erlang = calloc(s->n_bins, sizeof *s->erlang);
    s->offered = calloc(s->n_bins, sizeof *s->offered);
    s->value = calloc(s->n_bins * s->n_tg, sizeof *s->value);
    s->shift_cover = s->n_shift ? calloc(s->n_bins, sizeof *s->shift_cover) : NULL;
    if (!s->agents || !s->erlang || !s->offered || !s->value || (s->n_shift && !s->shift_cover)) {
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    return -1;
}

static void hhmm(char buf[16], double minutes)
{
    const long m = lround(minutes);
    snprintf(buf, 16, "%02ld:%02ld", m / 60 % 100, m % 60);
}

static const char *const day_name[CC_DAYS_PER_WEEK] = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

/* --shifts against the scenario, before anything is simulated: each length a whole number of
 * intervals, and some length fitting every run of opening hours (a day open 08:30-12:00 and
 * 13:30-17:00 has two runs of 3.5 h). */
static int check_shifts(struct sched *s)
{
    const struct cc_scenario *sc = s->base;
    const double slot_min = sc->interval_s / 60;
    for (size_t i = 0; i < s->n_shift; i++) {
        const double k = s->shift_h[i] * 60 / slot_min;
        if (fabs(k - round(k)) > 1e-9) {
            fprintf(stderr,
                    "ccsim schedule: --shifts: %gh is not a whole number of %g-minute intervals\n",
                    s->shift_h[i], slot_min);
            return 2;
        }
        s->shift_len[i] = (int)lround(k);
    }
    /* One agent in every open interval: a plan exists iff some length fits every run. */
    const struct cc_station *st = &sc->stations[s->st];
    for (size_t b = 0; b < s->n_bins; b++)
        s->shift_cover[b] = st->open[b] ? 1 : 0;
    int *cover = malloc(s->n_bins * sizeof *cover);
    struct cc_shifts_week w;
    const enum cc_shifts_rc rc = cover ? cc_shifts_week(s->shift_cover, st->open, sc->slots_per_day,
                                                        s->shift_len, s->n_shift, cover, &w)
                                       : CC_SHIFTS_NOMEM;
    free(cover);
    if (rc == CC_SHIFTS_OK)
        free(w.shift);
    if (rc == CC_SHIFTS_NOMEM) {
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    if (rc == CC_SHIFTS_NO_FIT) {
        char from[16], to[16];
        hhmm(from, w.bad_from * slot_min);
        hhmm(to, w.bad_to * slot_min);
        fprintf(stderr, "ccsim schedule: --shifts '%s': no shift fits %s of %s %s-%s (%g h open)\n",
                s->shifts_text, s->key, day_name[w.bad_day], from, to,
                (w.bad_to - w.bad_from) * slot_min / 60);
        return 2;
    }
    return -1;
}

/* The --set that gives the station agents[] as an agents_schedule; NULL when out of memory. */
static char *schedule_set(const struct sched *s, const int *agents)
{
    const struct cc_scenario *sc = s->base;
    char *json =
        cc_schedule_json(agents, sc->stations[s->st].open, sc->slots_per_day, sc->interval_s / 60);
    if (!json)
        return NULL;
    const size_t n = strlen(s->key) + strlen(json) + 32;
    char *set = malloc(n);
    if (set)
        snprintf(set, n, "%s.agents_schedule=%s", s->key, json);
    free(json);
    return set;
}

/* Loads the scenario with extra sets and simulates it; *run and *sc to be freed by the
 * caller. Returns 0 or the exit code. */
static int simulate(struct sched *s, const char *const *extra, size_t n, const char *label,
                    struct cc_scenario **sc, struct cc_run **run)
{
    *run = NULL;
    *sc = cli_whatif_load(s->path, &s->o, extra, n);
    if (!*sc)
        return 2;
    const struct cc_scenario *scs[1] = {*sc};
    double wall;
    const int rc = cli_whatif_run("schedule", scs, 1, (*sc)->jobs, label, run, &wall);
    if (rc == 0) {
        s->events += (*run)->events;
        s->calls += (*run)->calls;
        s->wall += wall;
        s->sims++;
    }
    return rc;
}

/* Records a simulated plan: whole-run figures, and how many open intervals met the targets;
 * fails[b] (if given) says which did not. */
static void fill_plan(const struct sched *s, const struct cc_scenario *sc, const struct cc_run *run,
                      struct plan *p, bool *fails)
{
    const size_t r = (size_t)cc_report_row(run, s->key);
    const int irow = cc_schedule_irow(run, s->key);
    p->agents_avg = cc_report_ci(run, r, CC_M_AGENTS_AVG).mean;
    p->etpt = cc_report_ci(run, r, CC_M_ETPT).mean;
    /* Level 2's ETPT are the ministry's posts; level 1's are the provider's, who bills calls
     * (or minutes) instead: its column is that bill, not its ETPT at a level-2 price. */
    p->eur = strcmp(s->key, "level2") == 0 ? p->etpt * sc->costs.etpt_eur_per_year
                                           : cc_report_cost_ci(run, CC_C_L1_TOTAL_EUR).mean;
    for (size_t t = 0; t < s->n_tg; t++)
        p->ci[t] = cc_report_ci(run, r, s->tg[t].metric);
    const struct cc_station *st = &sc->stations[s->st];
    p->bins_open = p->bins_met = 0;
    p->agents_min = p->agents_max = -1;
    for (size_t b = 0; b < s->n_bins; b++) {
        if (!st->open[b])
            continue;
        const bool met = cc_schedule_bin_meets(s->tg, s->n_tg, run, (size_t)irow, b);
        if (fails)
            fails[b] = !met;
        p->bins_open++;
        p->bins_met += met;
        if (p->agents_min < 0 || st->agents[b] < p->agents_min)
            p->agents_min = st->agents[b];
        if (st->agents[b] > p->agents_max)
            p->agents_max = st->agents[b];
    }
    p->found = p->bins_met == p->bins_open;
}

/* The base run: each open interval's offered rate and its Erlang A staff. */
static int start(struct sched *s)
{
    struct cc_scenario *sc;
    struct cc_run *run;
    int rc = simulate(s, NULL, 0, s->base->name, &sc, &run);
    if (rc == 0 && sc->reps < 2 && !s->o.quiet)
        printf("note: %d replication; the whole-run figures have no interval\n", sc->reps);
    if (rc == 0) {
        const struct cc_station *st = &sc->stations[s->st];
        const int irow = cc_schedule_irow(run, s->key);
        for (size_t b = 0; b < s->n_bins; b++) {
            if (!st->open[b])
                continue;
            s->offered[b] = cc_schedule_bin_offered(run, (size_t)irow, b);
            const struct cc_erlang_input in = {
                .lambda = s->offered[b] / sc->interval_s,
                .aht_s = st->service.mean_s,
                .patience_s = st->patience.kind == CC_DIST_NONE ? 0 : st->patience.mean_s,
                .agents = 1,
            };
            const int c = in.lambda > 0 ? cc_target_erlang_agents(s->tg, s->n_tg, &in, sc->sl_s,
                                                                  SCHED_MAX_AGENTS)
                                        : 1;
            /* No target Erlang judges (occupancy): the scenario's own staff is the start. */
            s->erlang[b] = c > 0    ? c
                           : c == 0 ? (st->agents[b] > 0 ? st->agents[b] : 1)
                                    : SCHED_MAX_AGENTS;
            s->agents[b] = s->erlang[b];
        }
    }
    cc_run_free(run);
    cc_scenario_free(sc);
    return rc;
}

/* Simulates agents[]: fills *p, fails[] when given, and when every interval met the targets
 * value[] (when given) with the targets' metrics per interval. */
static int try_agents(struct sched *s, const int *agents, bool *fails, struct plan *p,
                      double *value)
{
    char *set = schedule_set(s, agents);
    if (!set) {
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    const char *const extra[1] = {set};
    struct cc_scenario *sc;
    struct cc_run *run;
    char label[32];
    snprintf(label, sizeof label, "schedule %d", s->sims);
    int rc = simulate(s, extra, 1, label, &sc, &run);
    if (rc == 0) {
        fill_plan(s, sc, run, p, fails);
        const int irow = cc_schedule_irow(run, s->key);
        if (p->found && value)
            for (size_t b = 0; b < s->n_bins; b++)
                for (size_t t = 0; t < s->n_tg; t++)
                    value[b * s->n_tg + t] =
                        sc->stations[s->st].open[b]
                            ? cc_schedule_bin_value(run, (size_t)irow, b, s->tg[t].metric)
                            : NAN;
    }
    cc_run_free(run);
    cc_scenario_free(sc);
    free(set);
    return rc;
}

/* The forward pass never lowers an interval it once raised, yet a raise made early may have
 * been needed only while a later interval was short (its queue then spilled back into the
 * judgement of an earlier raise through the common calls), and cuts change what each interval
 * inherits. So each raised interval tries one agent fewer again, while every target holds.
 * Neighbours weigh on each other through the queue they pass on, so the even intervals of a
 * day are lowered together, then the odd ones: a round that meets keeps its cuts (and they are
 * tried again); a round that misses gives them back and drops from the candidates each lowered
 * interval that missed, and the lowered interval before each other one that missed (its queue
 * is the likely cause). Each round that misses drops one candidate at least, so the pass ends;
 * at most SCHED_MAX_LOWER simulations. s->agents and the optimised plan follow its cuts. */
static int lower_raised(struct sched *s, const bool *needed)
{
    const unsigned char *open = s->base->stations[s->st].open;
    const size_t spd = (size_t)s->base->slots_per_day;
    bool *cand = calloc(s->n_bins, sizeof *cand);
    bool *lowered = calloc(s->n_bins, sizeof *lowered);
    bool *fails = calloc(s->n_bins, sizeof *fails);
    int *cur = malloc(s->n_bins * sizeof *cur);
    double *value = malloc(s->n_bins * s->n_tg * sizeof *value);
    if (!cand || !lowered || !fails || !cur || !value) {
        free(cand), free(lowered), free(fails), free(cur), free(value);
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    size_t left = 0;
    for (size_t b = 0; b < s->n_bins; b++) {
        cand[b] = open[b] && needed[b];
        left += cand[b];
    }
    int rc = 0, sims = 0;
    for (size_t parity = 0; rc == 0 && left > 0 && sims < SCHED_MAX_LOWER; parity ^= 1) {
        bool any = false;
        memcpy(cur, s->agents, s->n_bins * sizeof *cur);
        for (size_t b = 0; b < s->n_bins; b++) {
            lowered[b] = cand[b] && b % spd % 2 == parity && cur[b] > 1;
            if (cand[b] && cur[b] <= 1) {
                cand[b] = false; /* an open interval keeps one agent */
                left--;
            }
            cur[b] -= lowered[b];
            any = any || lowered[b];
        }
        if (!any)
            continue;
        struct plan p = {.name = "optimised"};
        rc = try_agents(s, cur, fails, &p, value);
        sims++;
        if (rc)
            break;
        if (p.found) {
            memcpy(s->agents, cur, s->n_bins * sizeof *cur);
            memcpy(s->value, value, s->n_bins * s->n_tg * sizeof *value);
            s->plan[2] = p;
            continue;
        }
        size_t dropped = 0;
        for (size_t b = 0; b < s->n_bins; b++) {
            if (!open[b] || !fails[b])
                continue;
            /* The interval itself if lowered, else the nearest lowered one before it that day. */
            size_t k = b;
            while (!lowered[k] && k % spd > 0)
                k--;
            if (lowered[k] && cand[k]) {
                cand[k] = false;
                dropped++;
            }
        }
        for (size_t b = 0; dropped == 0 && b < s->n_bins; b++)
            if (lowered[b] && cand[b]) {
                cand[b] = false; /* no cause found: none of this round stays a candidate */
                left--;
            }
        left -= dropped;
    }
    free(cand), free(lowered), free(fails), free(cur), free(value);
    return rc;
}

/* The per-interval search of the file comment; s->agents ends as the best schedule met. */
static int optimise(struct sched *s)
{
    int *cur = malloc(s->n_bins * sizeof *cur);
    int *best = malloc(s->n_bins * sizeof *best);
    bool *fails = calloc(s->n_bins, sizeof *fails);
    bool *needed = calloc(s->n_bins, sizeof *needed); /* failed once: keeps its agents */
    bool *cut = calloc(s->n_bins, sizeof *cut);
    if (!cur || !best || !fails || !needed || !cut) {
        free(cur), free(best), free(fails), free(needed), free(cut);
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    memcpy(cur, s->agents, s->n_bins * sizeof *cur);
    const unsigned char *open = s->base->stations[s->st].open;
    struct plan p = {.name = "optimised"};
    bool have_best = false;
    int rc = 0;
    while (rc == 0 && s->sims < SCHED_MAX_SIMS) {
        rc = try_agents(s, cur, fails, &p, s->value);
        if (rc)
            break;
        if (!p.found) {
            /* Missed intervals take one more agent (and a cut one its agent back). */
            for (size_t b = 0; b < s->n_bins; b++) {
                if (open[b] && fails[b] && cur[b] < SCHED_MAX_AGENTS) {
                    cur[b]++;
                    needed[b] = true;
                }
            }
            continue;
        }
        memcpy(best, cur, s->n_bins * sizeof *best);
        s->plan[2] = p;
        have_best = true;
        bool any = false;
        for (size_t b = 0; b < s->n_bins; b++) {
            cut[b] = open[b] && !needed[b] && cur[b] > 1;
            cur[b] -= cut[b];
            any = any || cut[b];
        }
        if (!any)
            break;
        /* A cut interval that now misses is marked needed by the next pass and restored. */
    }
    if (have_best)
        memcpy(s->agents, best, s->n_bins * sizeof *best);
    else
        s->plan[2] = p;
    if (rc == 0 && have_best)
        rc = lower_raised(s, needed);
    s->plan[2].name = "optimised";
    if (rc == 0 && !have_best)
        fprintf(stderr,
                "ccsim schedule: no schedule met every interval's targets in %d simulations\n",
                SCHED_MAX_SIMS);
    free(cur), free(best), free(fails), free(needed), free(cut);
    return rc ? rc : have_best ? 0 : 1;
}

/* The shift plan of --shifts: the cheapest cover of the optimised per-interval staff,
 * simulated; an interval that misses (more agents rarely hurt, but common random numbers are
 * not a proof) asks for one agent more than the plan gave it, and the plan is solved again. */
static int plan_shifts(struct sched *s)
{
    const struct cc_scenario *sc = s->base;
    int *req = malloc(s->n_bins * sizeof *req);
    bool *fails = calloc(s->n_bins, sizeof *fails);
    if (!req || !fails) {
        free(req), free(fails);
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    memcpy(req, s->agents, s->n_bins * sizeof *req);
    struct plan *p = &s->plan[3];
    int rc = 0;
    s->shift_tries = 0;
    while (rc == 0 && s->shift_tries < SCHED_MAX_SHIFT) {
        free(s->week.shift);
        const enum cc_shifts_rc src =
            cc_shifts_week(req, sc->stations[s->st].open, sc->slots_per_day, s->shift_len,
                           s->n_shift, s->shift_cover, &s->week);
        /* check_shifts made sure a plan exists. */
        SIM_ASSERT(src != CC_SHIFTS_NO_FIT);
        if (src != CC_SHIFTS_OK) {
            fprintf(stderr, "ccsim schedule: out of memory\n");
            rc = 1;
            break;
        }
        for (size_t b = 0; b < s->n_bins; b++)
            SIM_ASSERT(!sc->stations[s->st].open[b] || s->shift_cover[b] >= s->agents[b]);
        rc = try_agents(s, s->shift_cover, fails, p, NULL);
        s->shift_tries++;
        if (rc || p->found)
            break;
        for (size_t b = 0; b < s->n_bins; b++)
            if (fails[b])
                req[b] = s->shift_cover[b] + 1;
    }
    p->name = "shifts";
    if (rc == 0 && !p->found) {
        fprintf(stderr,
                "ccsim schedule: no shift plan met every interval's targets in %d simulations\n",
                SCHED_MAX_SHIFT);
        rc = 1;
    }
    free(req), free(fails);
    return rc;
}

/* Simulates ETPT k * step spread flat or by load into *p. */
static int try_spread(struct sched *s, const char *spread, long k, struct plan *p)
{
    char drop[64], set_spread[64], set_etpt[64];
    snprintf(drop, sizeof drop, "%s.agents_schedule=null", s->key);
    snprintf(set_spread, sizeof set_spread, "%s.spread=%s", s->key, spread);
    snprintf(set_etpt, sizeof set_etpt, "%s.etpt=%.10g", s->key, (double)k * s->step);
    const char *const extra[3] = {drop, set_spread, set_etpt};
    struct cc_scenario *sc;
    struct cc_run *run;
    *p = (struct plan){.name = spread};
    const int rc = simulate(s, extra, 3, set_etpt, &sc, &run);
    if (rc == 0)
        fill_plan(s, sc, run, p, NULL);
    cc_run_free(run);
    cc_scenario_free(sc);
    return rc;
}

/* The smallest ETPT on the --step grid, spread flat or by load, meeting every interval's
 * targets: from the optimised ETPT, steps that double until the answer is bracketed, then
 * bisection (common random numbers make "met" monotone in the ETPT where the model is). */
static int walk_spread(struct sched *s, const char *spread, struct plan *out)
{
    const int last = s->sims + SCHED_MAX_WALK;
    long k = lround(s->plan[2].etpt / s->step);
    k = k < 1 ? 1 : k;
    struct plan p;
    int rc = try_spread(s, spread, k, &p);
    if (rc)
        return rc;
    long lo = 0, hi = -1; /* lo fails (0: nothing), hi meets */
    if (p.found) {
        hi = k;
        *out = p;
    } else {
        lo = k;
    }
    for (long d = 1; rc == 0 && s->sims < last; d *= 2) {
        if (hi < 0) {
            rc = try_spread(s, spread, lo + d, &p);
            if (rc == 0 && p.found) {
                hi = lo + d;
                *out = p;
                break;
            }
            if (rc == 0)
                lo += d;
        } else {
            if (hi - d <= lo)
                break;
            rc = try_spread(s, spread, hi - d, &p);
            if (rc == 0 && !p.found) {
                lo = hi - d;
                break;
            }
            if (rc == 0) {
                hi -= d;
                *out = p;
            }
        }
    }
    while (rc == 0 && hi > lo + 1 && s->sims < last) {
        const long mid = lo + (hi - lo) / 2;
        rc = try_spread(s, spread, mid, &p);
        if (rc == 0 && p.found) {
            hi = mid;
            *out = p;
        } else if (rc == 0) {
            lo = mid;
        }
    }
    out->found = hi > 0;
    out->name = spread;
    return rc;
}

/* DIR/scenario.json: the resolved scenario with the optimised schedule at the station. */
static int write_scenario(const struct sched *s, const char *dir, bool shifts)
{
    char name[256], desc[768];
    snprintf(name, sizeof name, "%s-%s", s->base->name, shifts ? "shifts" : "schedule");
    if (shifts)
        snprintf(desc, sizeof desc,
                 "%s with the %s staff of the shift plan that ccsim schedule found: the fewest "
                 "paid hours in shifts of %s h covering the fewest agents in each interval "
                 "meeting every target in every interval (%.4g ETPT). Written by ccsim schedule "
                 "from the resolved scenario, so it needs no other file.",
                 s->base->name, s->key, s->shifts_text, s->plan[3].etpt);
    else
        snprintf(desc, sizeof desc,
                 "%s with the %s staff that ccsim schedule found: the fewest agents in each "
                 "interval meeting every target in every interval (%.4g ETPT). Written by ccsim "
                 "schedule from the resolved scenario, so it needs no other file.",
                 s->base->name, s->key, s->plan[2].etpt);
    char *json =
        cc_schedule_json(shifts ? s->shift_cover : s->agents, s->base->stations[s->st].open,
                         s->base->slots_per_day, s->base->interval_s / 60);
    char *text =
        json ? cc_schedule_scenario(s->base->resolved_json, s->key, json, name, desc) : NULL;
    free(json);
    char *path = sim_path_join(dir, shifts ? "scenario_shifts.json" : "scenario.json");
    if (!text || !path) {
        fprintf(stderr, "ccsim schedule: out of memory\n");
        free(text);
        free(path);
        return 1;
    }
    FILE *f = fopen(path, "w");
    int rc = 0;
    if (!f || fputs(text, f) < 0 || fputc('\n', f) == EOF) {
        fprintf(stderr, "ccsim schedule: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    if (f && fclose(f) != 0 && rc == 0) {
        fprintf(stderr, "ccsim schedule: %s: %s\n", path, strerror(errno));
        rc = 1;
    }
    free(text);
    free(path);
    return rc;
}

static void csv_plans(const struct sched *s, sim_csv *c)
{
    static const char *const cols[] = {
        "scenario",   "station",      "plan",           "found",
        "etpt",       "eur_per_year", "eur_basis",      "agents_avg",
        "agents_min", "agents_max",   "intervals_open", "intervals_met",
        "metric",     "mean",         "ci_low",         "ci_high",
        NULL};
    sim_csv_header(c, cols);
    const char *basis = strcmp(s->key, "level2") == 0 ? "etpt_cost" : "l1_provider_bill";
    for (int k = 0; k < s->n_plans; k++) {
        const struct plan *p = &s->plan[k];
        for (size_t t = 0; t < s->n_tg; t++) {
            sim_csv_str(c, s->base->name);
            sim_csv_str(c, s->key);
            sim_csv_str(c, p->name);
            sim_csv_int(c, p->found);
            sim_csv_num(c, p->found ? p->etpt : NAN);
            sim_csv_num(c, p->found ? p->eur : NAN);
            sim_csv_str(c, basis);
            sim_csv_num(c, p->found ? p->agents_avg : NAN);
            sim_csv_int(c, p->agents_min);
            sim_csv_int(c, p->agents_max);
            sim_csv_int(c, p->bins_open);
            sim_csv_int(c, p->bins_met);
            sim_csv_str(c, cc_metric_name[s->tg[t].metric]);
            sim_csv_num(c, p->ci[t].mean);
            sim_csv_num(c, p->ci[t].low);
            sim_csv_num(c, p->ci[t].high);
            sim_csv_end_row(c);
        }
    }
}

static void csv_intervals(const struct sched *s, sim_csv *c)
{
    static const char *const cols[] = {
        "scenario", "station", "day", "interval_start", "offered", "erlang_a_agents", "agents",
        "metric",   "value",   "met", "shift_agents",   NULL};
    sim_csv_header(c, cols);
    const int spd = s->base->slots_per_day;
    for (size_t b = 0; b < s->n_bins; b++) {
        if (!s->base->stations[s->st].open[b])
            continue;
        char from[16];
        hhmm(from, (double)(b % (size_t)spd) * s->base->interval_s / 60);
        for (size_t t = 0; t < s->n_tg; t++) {
            const double v = s->value[b * s->n_tg + t];
            sim_csv_str(c, s->base->name);
            sim_csv_str(c, s->key);
            sim_csv_str(c, day_name[b / (size_t)spd]);
            sim_csv_str(c, from);
            sim_csv_num(c, s->offered[b]);
            sim_csv_int(c, s->erlang[b]);
            sim_csv_int(c, s->agents[b]);
            sim_csv_str(c, cc_metric_name[s->tg[t].metric]);
            sim_csv_num(c, v);
            sim_csv_int(c, isnan(v) || cc_target_mean_meets(&s->tg[t], v));
            sim_csv_num(c, s->n_shift ? s->shift_cover[b] : NAN);
            sim_csv_end_row(c);
        }
    }
}

/* shifts.csv: how many agents start at each time of each day on each shift length. */
static void csv_shifts(const struct sched *s, sim_csv *c)
{
    static const char *const cols[] = {"scenario", "station", "day",    "shift_length_h",
                                       "start",    "end",     "agents", NULL};
    sim_csv_header(c, cols);
    const double slot_min = s->base->interval_s / 60;
    for (size_t i = 0; i < s->week.n; i++) {
        const struct cc_shift *k = &s->week.shift[i];
        char from[16], to[16];
        hhmm(from, k->start * slot_min);
        hhmm(to, (k->start + k->length) * slot_min);
        sim_csv_str(c, s->base->name);
        sim_csv_str(c, s->key);
        sim_csv_str(c, day_name[k->day]);
        sim_csv_num(c, k->length * slot_min / 60);
        sim_csv_str(c, from);
        sim_csv_str(c, to);
        sim_csv_int(c, k->agents);
        sim_csv_end_row(c);
    }
}

static int write_csv(const struct sched *s, const char *dir, const char *file,
                     void (*rows)(const struct sched *, sim_csv *), sim_diag *d)
{
    char *path = sim_path_join(dir, file);
    sim_csv *c = path ? sim_csv_open(path, d) : NULL;
    enum sim_status st = SIM_EIO;
    if (c) {
        rows(s, c);
        st = sim_csv_commit(c, d);
    }
    free(path);
    return st == SIM_OK ? 0 : 1;
}

static int write_all(const struct sched *s)
{
    int rc = write_scenario(s, s->w.path, false);
    if (rc == 0 && s->n_shift)
        rc = write_scenario(s, s->w.path, true);
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    if (rc == 0)
        rc = write_csv(s, s->w.path, "schedule.csv", csv_plans, d);
    if (rc == 0)
        rc = write_csv(s, s->w.path, "schedule_intervals.csv", csv_intervals, d);
    if (rc == 0 && s->n_shift)
        rc = write_csv(s, s->w.path, "shifts.csv", csv_shifts, d);
    if (rc == 0) {
        struct cc_manifest_info info;
        cli_manifest_info(&info, "schedule", &s->o, s->wall, cc_runner_threads(s->base->jobs));
        const struct cc_scenario *const scs[1] = {s->base};
        rc = cc_manifest_write(s->w.path, &info, scs, 1, s->events, s->calls, d) == SIM_OK ? 0 : 1;
    }
    cli_print_diag(d);
    sim_diag_free(d);
    return rc;
}

static void print_table(const struct sched *s)
{
    printf("%s %s: every interval meeting", s->base->name, s->key);
    for (size_t t = 0; t < s->n_tg; t++)
        printf(" %s%s%g", cc_metric_name[s->tg[t].metric], cc_target_op_text(s->tg[t].op),
               s->tg[t].value);
    printf(" (%d simulations, seed %" PRIu64 ", %d replications)\n", s->sims, s->base->seed,
           s->base->reps);
    const bool l2 = strcmp(s->key, "level2") == 0;
    printf("%-10s %8s %12s %14s %16s", "staffing", "ETPT", l2 ? "EUR/year" : "L1 bill/year",
           "agents min-max", "intervals met");
    for (size_t t = 0; t < s->n_tg; t++)
        printf("  %-24s", cc_metric_name[s->tg[t].metric]);
    putchar('\n');
    for (int k = 0; k < s->n_plans; k++) {
        const struct plan *p = &s->plan[k];
        char e[32], eur[32], range[32], met[32];
        snprintf(range, sizeof range, "%d-%d", p->agents_min, p->agents_max);
        snprintf(met, sizeof met, "%d/%d", p->bins_met, p->bins_open);
        printf("%-10s %8s %12s %14s %16s", p->name,
               p->found ? cli_whatif_num(p->etpt, false, e) : "not found",
               p->found ? cli_whatif_num(p->eur, false, eur) : "-", p->found ? range : "-",
               p->found ? met : "-");
        for (size_t t = 0; t < s->n_tg && p->found; t++) {
            char m[32], lo[32], hi[32], cell[100];
            snprintf(cell, sizeof cell, "%s [%s, %s]", cli_whatif_num(p->ci[t].mean, false, m),
                     cli_whatif_num(p->ci[t].low, false, lo),
                     cli_whatif_num(p->ci[t].high, false, hi));
            printf("  %-24s", cell);
        }
        putchar('\n');
    }
    puts("(flat and load: the smallest ETPT on the --step grid meeting every interval; the "
         "figures are over the whole run, mean [95 % interval])");
    if (!l2)
        puts("(L1 bill/year: what the level-1 provider bills for the calls, l1_total_eur_per_year; "
             "its staff cost is the provider's and not priced here)");
    if (s->n_shift) {
        long need = 0;
        for (size_t b = 0; b < s->n_bins; b++)
            need += s->base->stations[s->st].open[b] ? s->agents[b] : 0;
        const double h = s->base->interval_s / 3600;
        long starts = 0;
        for (size_t i = 0; i < s->week.n; i++)
            starts += s->week.shift[i].agents;
        printf("shifts of %s: %ld shifts a week, %.4g agent-hours on duty against %.4g for the "
               "optimised schedule (+%.3g %%, the idle time the shapes force); %d plan%s "
               "simulated\n",
               s->shifts_text, starts, (double)s->week.paid_slots * h, (double)need * h,
               need > 0 ? 100.0 * (double)(s->week.paid_slots - need) / (double)need : 0.0,
               s->shift_tries, s->shift_tries == 1 ? "" : "s");
    }
}

int cc_cmd_schedule(int argc, char **argv)
{
    struct sched *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "ccsim schedule: out of memory\n");
        return 1;
    }
    cli_sim_opts_init(&s->o);
    int rc = parse_args(argc, argv, s);
    if (rc >= 0) {
        sched_free(s);
        free(s);
        return rc;
    }
    if (rc < 0) {
        s->base = cli_whatif_load(s->path, &s->o, NULL, 0);
        rc = s->base ? resolve_station(s) : 2;
    }
    if (rc < 0 && s->n_shift)
        rc = check_shifts(s);
    s->n_plans = s->n_shift ? 4 : 3;
    if (rc < 0) {
        char base[300];
        snprintf(base, sizeof base, "schedule-%s-%s", s->base->name, s->key);
        rc = cli_outdir_begin(&s->w, "schedule", "--out", s->o.out_dir, base);
    }
    if (rc == 0)
        rc = start(s);
    if (rc == 0)
        rc = optimise(s);
    if (rc == 0 && s->n_shift)
        rc = plan_shifts(s);
    s->plan[0].name = "flat";
    s->plan[1].name = "load";
    if (rc == 0)
        rc = walk_spread(s, "flat", &s->plan[0]);
    if (rc == 0)
        rc = walk_spread(s, "load", &s->plan[1]);
    if (rc == 0)
        rc = write_all(s);
    if (rc == 0)
        rc = cli_outdir_commit(&s->w, "schedule");
    if (rc == 0 && !s->o.quiet)
        print_table(s);
    cli_outdir_done(&s->w, s->o.quiet);
    sched_free(s);
    free(s);
    return rc < 0 ? 0 : rc;
}
