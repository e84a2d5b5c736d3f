/* ccsim staff: the smallest staff at one station that meets every --target with confidence
 * (the unfavourable bound of the 95 % interval meets it, models/target.h). The knob is the
 * station's ETPT when it is ETPT-staffed (step 1 ETPT), otherwise its constant agents (step 1).
 * The walk starts from the Erlang A answer for the station's simulated offered rate, then
 * simulates down while the targets are met and up until they are, every step with the same
 * seed: common random numbers make the curve monotone where the model is, so noise cannot
 * flip the decision between neighbours. At most CC_STAFF_MAX_STEPS simulations. */
#include "cli/cmds.h"
#include "cli/common.h"
#include "cli/search.h"
#include "cli/whatif.h"
#include "models/erlang.h"
#include "models/report.h"
#include "models/target.h"
#include "sim/csv.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CC_STAFF_MAX_STEPS 60
#define CC_STAFF_MAX_TARGETS 16
#define CC_STAFF_MAX_AGENTS 100000

static void usage(FILE *f)
{
    fputs("usage: ccsim staff SCENARIO.json --station NAME --target EXPR [--target EXPR]...\n"
          "                   [--step S] [--reps N] [--seed S] [--days D] [--set path=value]...\n"
          "                   [--out DIR] [--jobs J] [--plot] [--quiet]\n"
          "Finds the smallest staff at NAME (level1, level2, prefectures, a level-2 sector\n"
          "level2:SECTOR, or the station of a station model) meeting every target with\n"
          "95 % confidence. EXPR is METRIC>=VALUE or METRIC<=VALUE, e.g. 'sl_60>=0.8'\n"
          "'abandon_rate<=0.05' 'asa_s<=60'. The station's ETPT varies when it is\n"
          "ETPT-staffed (--step default 1), else its agents (step 1).\n"
          "Writes DIR/staff.csv and DIR/manifest.json (default DIR =\n"
          "results/staff-<name>-<station>), replacing DIR as a whole.\n"
          "  --station NAME      the station whose staff varies\n"
          "  --target EXPR       a service target (repeatable)\n"
          "  --step S            ETPT step of the search\n" CLI_SIM_OPTS_HELP,
          f);
}

/* One simulated staff level. */
struct step {
    sim_ci ci[CC_STAFF_MAX_TARGETS];
    double scale;      /* knob value = k * step */
    double agents_avg; /* of the row (all prefectures together for the switchboard) */
    double etpt;
    double eur;
    long k;
    int order;                  /* walk order */
    int agents_min, agents_max; /* per interval while open, at one station */
    bool met[CC_STAFF_MAX_TARGETS];
    bool all_met;
};

struct staff {
    const char *path;
    const char *station; /* as the user named it */
    struct cli_sim_opts o;
    struct cc_target tg[CC_STAFF_MAX_TARGETS];
    size_t n_tg;
    double step;
    bool step_given;
    struct cc_scenario *base;
    size_t st;           /* station index (the first prefecture for "prefectures") */
    size_t n_station;    /* stations the knob sets (the prefecture count) */
    const char *key;     /* JSON key: level1, level2, level2.sectors[i], prefectures, station */
    char sector_key[40]; /* storage of key for a level-2 sector */
    const char *row;     /* summary row the targets are judged on */
    bool etpt_knob;
    bool schedule; /* the station had an agents_schedule, replaced by constant agents */
    struct step steps[CC_STAFF_MAX_STEPS];
    int n_steps;
    struct cli_outdir w;    /* the result folder, locked before the first simulation */
    uint64_t events, calls; /* over every simulation of the search, for the manifest */
    double wall;
};

/* Fills s from argv; returns -1 to go on, else the exit code. */
static int parse_args(int argc, char **argv, struct staff *s)
{
    struct cli_search_args a = {.cmd = "staff",
                                .usage = usage,
                                .sim = &s->o,
                                .tg = s->tg,
                                .max_tg = CC_STAFF_MAX_TARGETS,
                                .step_lo = 1e-6,
                                .step_hi = 1e6};
    const int rc = cli_search_parse(&a, argc, argv);
    s->path = a.path;
    s->station = a.station;
    s->n_tg = a.n_tg;
    s->step = a.step;
    s->step_given = a.step_given;
    return rc;
}

static int find_role(const struct cc_scenario *sc, enum cc_role role, size_t *count)
{
    int first = -1;
    *count = 0;
    for (size_t i = 0; i < sc->n_stations; i++) {
        if (sc->stations[i].role != role)
            continue;
        if (first < 0)
            first = (int)i;
        ++*count;
    }
    return first;
}

/* Maps --station to a station index, JSON key, summary row and knob. */
static int resolve_station(struct staff *s)
{
    const struct cc_scenario *sc = s->base;
    int i = -1;
    s->n_station = 1;
    if (sc->stationary) {
        const bool ok =
            strcmp(s->station, sc->stations[0].name) == 0 || strcmp(s->station, "station") == 0;
        i = ok ? 0 : -1;
        s->key = "station";
        s->row = sc->stations[0].name;
    } else if (sc->n_sectors > 0 && strcmp(s->station, "level2") == 0) {
        /* The level2 row is the whole CAI, whose sectors each have their own staff. */
        fprintf(stderr,
                "ccsim staff: --station level2: level 2 has sectors; name one, e.g. "
                "--station %s\n",
                sc->stations[sc->first_sector].name);
        return 2;
    } else if (strcmp(s->station, "level1") == 0 || strcmp(s->station, "level2") == 0) {
        const bool l1 = s->station[5] == '1';
        i = find_role(sc, l1 ? CC_ROLE_LEVEL1 : CC_ROLE_LEVEL2, &s->n_station);
        s->key = s->row = l1 ? "level1" : "level2";
    } else if (sc->n_sectors > 0 && strncmp(s->station, "level2:", 7) == 0 &&
               (i = cc_scenario_station(sc, s->station)) >= 0) {
        /* Sector k is station first_sector + k and item k of level2.sectors. */
        snprintf(s->sector_key, sizeof s->sector_key, "level2.sectors[%zu]",
                 (size_t)i - sc->first_sector);
        s->key = s->sector_key;
        s->row = sc->stations[i].name;
    } else if (strcmp(s->station, "prefectures") == 0) {
        i = find_role(sc, CC_ROLE_PREFECTURE, &s->n_station);
        s->key = "prefectures";
        s->row = "switchboard";
    }
    if (i < 0) {
        fprintf(stderr, "ccsim staff: --station '%s': expected %s\n", s->station,
                sc->stationary      ? "the station's name or 'station'"
                : sc->n_sectors > 0 ? "level1, prefectures or a level-2 sector (level2:NAME)"
                                    : "level1, level2 or prefectures");
        return 2;
    }
    s->st = (size_t)i;
    s->etpt_knob = sc->stations[i].staff_kind == CC_STAFF_ETPT;
    s->schedule = sc->stations[i].staff_kind == CC_STAFF_SCHEDULE;
    if (!s->step_given)
        s->step = 1;
    if (!s->etpt_knob && s->step != floor(s->step)) {
        fprintf(stderr, "ccsim staff: --step: %s is staffed in whole agents, got %g\n", s->key,
                s->step);
        return 2;
    }
    return -1;
}

/* Seconds station st is open inside the statistics window [warmup, horizon). */
static double open_seconds(const struct cc_scenario *sc, const struct cc_station *st)
{
    const double len = sc->interval_s;
    const long n_bins = (long)CC_DAYS_PER_WEEK * sc->slots_per_day;
    /* A dated calendar: day 0 is calendar.start's weekday, closed dates are not open. */
    const long off = (long)sc->cal.start_wday * sc->slots_per_day;
    double open = 0;
    for (long k = (long)floor(sc->warmup_s / len); (double)k * len < sc->horizon_s; k++) {
        const double a = fmax((double)k * len, sc->warmup_s);
        const double b = fmin((double)(k + 1) * len, sc->horizon_s);
        if (b > a && st->open[(k + off) % n_bins] && !cc_scenario_closed(sc, k / sc->slots_per_day))
            open += b - a;
    }
    return open;
}

static const char *knob_name(const struct staff *s)
{
    return s->etpt_knob ? "etpt" : "agents";
}

/* Erlang A's smallest staff at the station's simulated offered rate, on the knob's grid; the
 * scenario's own staff when no target is one Erlang judges. */
static long first_guess(const struct staff *s, const struct cc_run *run0)
{
    const struct cc_station *st = &s->base->stations[s->st];
    const size_t r = (size_t)cc_report_row(run0, s->row);
    const double offered = cc_report_ci(run0, r, CC_M_OFFERED).mean / (double)s->n_station;
    const double open_s = open_seconds(s->base, st);
    const struct cc_erlang_input in = {
        .lambda = open_s > 0 && offered > 0 ? offered / open_s : 0,
        .aht_s = st->service.mean_s,
        .patience_s = st->patience.kind == CC_DIST_NONE ? 0 : st->patience.mean_s,
        .agents = 1,
    };
    const int c = cc_target_erlang_agents(s->tg, s->n_tg, &in, s->base->sl_s, CC_STAFF_MAX_AGENTS);
    const double given = s->etpt_knob
                             ? st->etpt
                             : cc_report_ci(run0, r, CC_M_AGENTS_AVG).mean / (double)s->n_station;
    const double knob = c <= 0         ? given
                        : s->etpt_knob ? cc_scenario_agents_to_etpt(s->base, s->st, c)
                                       : (double)c;
    const long k0 = isfinite(knob) && knob > 0 ? lround(knob / s->step) : 0;
    if (s->o.quiet)
        return k0;
    printf("%s %s: %.4g calls per open hour, AHT %.4g s, patience %.4g s", s->base->name,
           s->station, in.lambda * 3600, in.aht_s, in.patience_s);
    if (c > 0)
        printf("; Erlang %s: %d agents", in.patience_s > 0 ? "A" : "C", c);
    if (c > 0 && s->etpt_knob)
        printf(" = %.4g ETPT", knob);
    if (c <= 0)
        printf("; %s", c < 0 ? "Erlang: no staff up to the bound" : "no target Erlang judges");
    printf("; start at %s.%s=%.10g\n", s->key, knob_name(s), (double)k0 * s->step);
    return k0;
}

/* Agents per interval at the station while it is open. */
static void agents_range(const struct cc_scenario *sc, size_t i, int *lo, int *hi)
{
    const struct cc_station *st = &sc->stations[i];
    const size_t n = (size_t)CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    *lo = -1;
    *hi = -1;
    for (size_t b = 0; b < n; b++) {
        if (!st->open[b])
            continue;
        if (*lo < 0 || st->agents[b] < *lo)
            *lo = st->agents[b];
        if (st->agents[b] > *hi)
            *hi = st->agents[b];
    }
}

static void fill_step(const struct staff *s, const struct cc_scenario *sc, const struct cc_run *run,
                      struct step *p)
{
    const size_t r = (size_t)cc_report_row(run, s->row);
    p->agents_avg = cc_report_ci(run, r, CC_M_AGENTS_AVG).mean;
    p->etpt = cc_report_ci(run, r, CC_M_ETPT).mean;
    p->eur = p->etpt * sc->costs.etpt_eur_per_year;
    agents_range(sc, s->st, &p->agents_min, &p->agents_max);
    p->all_met = true;
    for (size_t t = 0; t < s->n_tg; t++) {
        p->ci[t] = cc_report_ci(run, r, s->tg[t].metric);
        p->met[t] = cc_target_is_met(&s->tg[t], p->ci[t]);
        p->all_met = p->all_met && p->met[t];
    }
}

/* Simulates staff k * step (same seed as every other step) and records it. */
static int eval_step(struct staff *s, long k)
{
    struct step *p = &s->steps[s->n_steps];
    memset(p, 0, sizeof *p);
    p->order = s->n_steps;
    p->k = k;
    p->scale = (double)k * s->step;
    char set[128], drop[64];
    snprintf(set, sizeof set, "%s.%s=%.10g", s->key, knob_name(s), p->scale);
    snprintf(drop, sizeof drop, "%s.agents_schedule=null", s->key);
    const char *const extra[2] = {drop, set};
    struct cc_scenario *sc =
        cli_whatif_load(s->path, &s->o, s->schedule ? extra : extra + 1, s->schedule ? 2 : 1);
    if (!sc)
        return 2;
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    double wall;
    const int rc = cli_whatif_run("staff", scs, 1, sc->jobs, set, &run, &wall);
    if (rc == 0) {
        s->events += run->events;
        s->calls += run->calls;
        s->wall += wall;
        fill_step(s, sc, run, p);
        s->n_steps++;
    }
    cc_run_free(run);
    cc_scenario_free(sc);
    return rc;
}

/* Down from k0 while the targets are met, or up from k0 until they are. */
static int walk(struct staff *s, long k0)
{
    int rc = eval_step(s, k0);
    if (rc)
        return rc;
    const bool down = s->steps[0].all_met;
    for (long k = down ? k0 - 1 : k0 + 1; k >= 0 && s->n_steps < CC_STAFF_MAX_STEPS;
         k += down ? -1 : 1) {
        rc = eval_step(s, k);
        if (rc)
            return rc;
        if (s->steps[s->n_steps - 1].all_met != down)
            break;
    }
    return 0;
}

/* Index of the smallest staff that met every target, or -1. */
static int answer(const struct staff *s)
{
    int best = -1;
    for (int i = 0; i < s->n_steps; i++)
        if (s->steps[i].all_met && (best < 0 || s->steps[i].k < s->steps[best].k))
            best = i;
    return best;
}

static int by_k(const void *a, const void *b)
{
    const struct step *x = a, *y = b;
    return (x->k > y->k) - (x->k < y->k);
}

static void print_target_cell(const struct step *p, size_t t)
{
    char m[32], lo[32], hi[32], cell[96];
    snprintf(cell, sizeof cell, "%s [%s, %s] %s", cli_whatif_num(p->ci[t].mean, false, m),
             cli_whatif_num(p->ci[t].low, false, lo), cli_whatif_num(p->ci[t].high, false, hi),
             p->met[t] ? "ok" : "no");
    printf("  %-28s", cell);
}

static void print_curve(const struct staff *s)
{
    struct step sorted[CC_STAFF_MAX_STEPS];
    memcpy(sorted, s->steps, (size_t)s->n_steps * sizeof *sorted);
    qsort(sorted, (size_t)s->n_steps, sizeof *sorted, by_k);
    char head[64], tg[64];
    snprintf(head, sizeof head, "%s.%s", s->key, knob_name(s));
    printf("%4s %-16s %10s %8s %12s", "step", head, "agents_avg", "etpt", "eur_per_year");
    for (size_t t = 0; t < s->n_tg; t++) {
        snprintf(tg, sizeof tg, "%s%s%.4g (95 %% CI)", cc_metric_name[s->tg[t].metric],
                 cc_target_op_text(s->tg[t].op), s->tg[t].value);
        printf("  %-28s", tg);
    }
    putchar('\n');
    for (int i = 0; i < s->n_steps; i++) {
        const struct step *p = &sorted[i];
        char a[32], e[32], eur[32];
        printf("%4d %-16.10g %10s %8s %12s", p->order + 1, p->scale,
               cli_whatif_num(p->agents_avg, false, a), cli_whatif_num(p->etpt, false, e),
               cli_whatif_num(p->eur, false, eur));
        for (size_t t = 0; t < s->n_tg; t++)
            print_target_cell(p, t);
        printf("  %s\n", p->all_met ? "met" : "not met");
    }
}

static void print_answer(const struct staff *s, const struct step *p)
{
    const bool many = s->n_station > 1;
    char e[32], eur[32];
    printf("answer: %s.%s = %.10g: agents per interval%s min %d / avg %.3g / max %d; ", s->key,
           knob_name(s), p->scale, many ? " per prefecture" : "", p->agents_min,
           p->agents_avg / (double)s->n_station, p->agents_max);
    printf("%s%s ETPT, %s EUR per year\n", many ? "all prefectures " : "",
           cli_whatif_num(p->etpt, false, e), cli_whatif_num(p->eur, false, eur));
    if (s->steps[0].all_met && s->n_steps == CC_STAFF_MAX_STEPS && p->k > 0)
        printf("note: the walk stopped after %d steps; less staff may meet the targets too\n",
               CC_STAFF_MAX_STEPS);
}

/* The exit-2 message: the highest staff tried and its metrics. */
static void print_failure(const struct staff *s)
{
    const struct step *top = &s->steps[0];
    for (int i = 1; i < s->n_steps; i++)
        if (s->steps[i].k > top->k)
            top = &s->steps[i];
    fprintf(stderr,
            "ccsim staff: no staff meets the targets up to %s.%s=%.10g (%d steps); there:", s->key,
            knob_name(s), top->scale, s->n_steps);
    for (size_t t = 0; t < s->n_tg; t++) {
        char m[32], lo[32], hi[32];
        fprintf(stderr, " %s %s [%s, %s] (target %s %.10g)%s", cc_metric_name[s->tg[t].metric],
                cli_whatif_num(top->ci[t].mean, false, m),
                cli_whatif_num(top->ci[t].low, false, lo),
                cli_whatif_num(top->ci[t].high, false, hi), cc_target_op_text(s->tg[t].op),
                s->tg[t].value, t + 1 < s->n_tg ? ";" : "\n");
    }
}

static void csv_rows(const struct staff *s, sim_csv *c)
{
    static const char *const cols[] = {"scenario", "step",         "station", "scale", "agents_avg",
                                       "etpt",     "eur_per_year", "metric",  "mean",  "ci_low",
                                       "ci_high",  "meets",        "target",  NULL};
    sim_csv_header(c, cols);
    for (int i = 0; i < s->n_steps; i++) {
        const struct step *p = &s->steps[i];
        for (size_t t = 0; t < s->n_tg; t++) {
            sim_csv_str(c, s->base->name);
            sim_csv_int(c, p->order + 1);
            sim_csv_str(c, s->station);
            sim_csv_num(c, p->scale);
            sim_csv_num(c, p->agents_avg);
            sim_csv_num(c, p->etpt);
            sim_csv_num(c, p->eur);
            sim_csv_str(c, cc_metric_name[s->tg[t].metric]);
            sim_csv_num(c, p->ci[t].mean);
            sim_csv_num(c, p->ci[t].low);
            sim_csv_num(c, p->ci[t].high);
            sim_csv_int(c, p->met[t] ? 1 : 0);
            char target[96];
            snprintf(target, sizeof target, "%s%s%.10g", cc_metric_name[s->tg[t].metric],
                     cc_target_op_text(s->tg[t].op), s->tg[t].value);
            sim_csv_str(c, target);
            sim_csv_end_row(c);
        }
    }
}

/* Writes dir/staff.csv and dir/manifest.json; 0 or 1. */
static int write_csv(const struct staff *s, const char *dir)
{
    char *path = sim_path_join(dir, "staff.csv");
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = path && d ? sim_csv_open(path, d) : NULL;
    enum sim_status st = SIM_EIO;
    if (c) {
        csv_rows(s, c);
        st = sim_csv_commit(c, d);
    }
    struct cc_manifest_info info;
    cli_manifest_info(&info, "staff", &s->o, s->wall, cc_runner_threads(s->base->jobs));
    const struct cc_scenario *const scs[1] = {s->base};
    if (st == SIM_OK)
        st = cc_manifest_write(dir, &info, scs, 1, s->events, s->calls, d);
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim staff: out of memory\n");
    sim_diag_free(d);
    free(path);
    return st == SIM_OK ? 0 : 1;
}

/* The targets must be metrics the judged row reports, and intervals need two replications. */
static int check_targets(const struct staff *s, const struct cc_run *run0)
{
    if (s->base->reps < 2) {
        fprintf(stderr,
                "ccsim staff: confidence intervals need at least 2 replications, got %d "
                "(use --reps)\n",
                s->base->reps);
        return 2;
    }
    const int r = cc_report_row(run0, s->row);
    for (size_t t = 0; t < s->n_tg; t++) {
        if (r >= 0 && run0->layout->row_mask[(size_t)r * CC_M_COUNT + s->tg[t].metric])
            continue;
        fprintf(stderr, "ccsim staff: --target %s: %s does not report %s\n",
                cc_metric_name[s->tg[t].metric], s->row, cc_metric_name[s->tg[t].metric]);
        return 2;
    }
    return -1;
}

/* Runs the scenario as given, then walks from the Erlang first guess. */
static int search(struct staff *s)
{
    struct cc_run *run0 = NULL;
    const struct cc_scenario *scs[1] = {s->base};
    double wall;
    int rc = cli_whatif_run("staff", scs, 1, s->base->jobs, s->base->name, &run0, &wall);
    if (rc == 0) {
        s->events += run0->events;
        s->calls += run0->calls;
        s->wall += wall;
        rc = check_targets(s, run0);
    }
    long k0 = 0;
    if (rc < 0)
        k0 = first_guess(s, run0);
    cc_run_free(run0);
    if (rc >= 0)
        return rc;
    if (s->schedule && !s->o.quiet)
        printf("note: %s has an agents_schedule; staff replaces it with constant agents "
               "(%s.agents)\n",
               s->key, s->key);
    return walk(s, k0);
}

static int report(struct staff *s)
{
    int rc = write_csv(s, s->w.path);
    const int best = answer(s);
    /* Figures that fail leave the search worth keeping: commit, exit 1. */
    const int plot_rc = rc == 0 && s->o.plot ? cli_plot_dir(s->w.path, s->w.path, s->w.target) : 0;
    if (rc == 0)
        rc = cli_outdir_commit(&s->w, "staff");
    if (rc == 0 && !s->o.quiet) {
        print_curve(s);
        if (best >= 0)
            print_answer(s, &s->steps[best]);
    }
    if (rc == 0 && plot_rc != 0)
        rc = 1;
    cli_outdir_done(&s->w, s->o.quiet);
    if (rc == 0 && best < 0) {
        print_failure(s);
        rc = 2;
    }
    return rc;
}

int cc_cmd_staff(int argc, char **argv)
{
    struct staff *s = calloc(1, sizeof *s);
    if (!s) {
        fprintf(stderr, "ccsim staff: out of memory\n");
        return 1;
    }
    cli_sim_opts_init(&s->o);
    int rc = parse_args(argc, argv, s);
    if (rc < 0) {
        s->base = cli_whatif_load(s->path, &s->o, NULL, 0);
        rc = s->base ? resolve_station(s) : 2;
    }
    if (rc < 0) {
        const size_t n = strlen(s->base->name) + strlen(s->station) + 16;
        char *base = malloc(n);
        if (base)
            snprintf(base, n, "staff-%s-%s", s->base->name, s->station);
        for (char *p = base; p && *p; p++) /* level2:interior -> a folder name without ':' */
            if (*p == ':')
                *p = '-';
        rc = base ? cli_outdir_begin(&s->w, "staff", "--out", s->o.out_dir, base) : 1;
        free(base);
        if (rc == 0)
            rc = -1;
    }
    if (rc < 0)
        rc = search(s);
    if (rc == 0 && s->n_steps > 0)
        rc = report(s);
    cli_outdir_done(&s->w, true); /* aborts the folder when nothing was committed */
    cc_scenario_free(s->base);
    cli_sim_opts_free(&s->o);
    free(s);
    return rc;
}
