/* cc_scenario: a scenario file (JSON) -> a validated, fully resolved plain struct.
 * The loader (scenario.c and its stages scenario_*.c) is the only code that reads the JSON of
 * a scenario. Two file shapes load into one struct:
 *   "model": "station"  one stationary FCFS station (the validation model, always open);
 *   "model": "network"  (default) N prefectures -> 3939 level 1 -> level 2 (docs/model.md s.2).
 * Everything the engine needs is derived here (rates and agents per slot), so center.c never
 * re-interprets the file. Times in seconds, rates per second, a week has 7 * slots_per_day
 * slots, slot 0 starts Monday 00:00. */
#ifndef CC_SCENARIO_H
#define CC_SCENARIO_H

#include "sim/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CC_DAYS_PER_WEEK 7
#define CC_MONTHS 12

struct cc_trace;

enum cc_dist_kind {
    CC_DIST_NONE = 0, /* patience only: the caller never abandons */
    CC_DIST_EXPONENTIAL,
    CC_DIST_LOGNORMAL,
    CC_DIST_GAMMA,
    CC_DIST_DETERMINISTIC,
    CC_DIST_UNIFORM,
    CC_DIST_EMPIRICAL
};

/* A positive random duration. mean_s and cv are always set (derived for empirical tables);
 * lognormal/gamma/uniform are parametrised by (mean, cv). */
struct cc_dist {
    enum cc_dist_kind kind;
    double mean_s;
    double cv;
    size_t n;         /* empirical: number of table rows */
    double *values_s; /* empirical: values, owned */
    double *weights;  /* empirical: weights summing to 1, owned */
};

/* Caller classes: routing (escalation) probabilities can depend on them. */
enum cc_class {
    CC_CLASS_LOCAL = 0, /* prefecture caller whose question the prefecture handles */
    CC_CLASS_GENERAL,   /* prefecture caller with a general-information question (7 %) */
    CC_CLASS_DIRECT,    /* national caller dialling 3939 directly */
    CC_CLASS_COUNT
};

enum cc_staff_kind { CC_STAFF_AGENTS, CC_STAFF_SCHEDULE, CC_STAFF_ETPT };
enum cc_spread { CC_SPREAD_FLAT, CC_SPREAD_LOAD };
enum cc_role { CC_ROLE_STATION, CC_ROLE_PREFECTURE, CC_ROLE_LEVEL1, CC_ROLE_LEVEL2 };

struct cc_station {
    char *name; /* "queue", "prefecture:017", "level1", "level2" */
    enum cc_role role;
    unsigned char *open; /* [7 * slots_per_day]: 1 when the station accepts calls */
    int *agents;         /* [7 * slots_per_day]: agents on duty (0 when closed), resolved */
    enum cc_staff_kind staff_kind;
    double etpt;           /* input for CC_STAFF_ETPT; otherwise derived from agents */
    double hours_per_etpt; /* default 1607 */
    double shrinkage;      /* default 0.30 */
    enum cc_spread spread;
    struct cc_dist service;
    struct cc_dist patience; /* kind CC_DIST_NONE: never abandons */
    int capacity;            /* max callers waiting; -1 unlimited; 0 = no queue */
    /* After service: escalate to station escalate_to (-1: none) with probability
     * escalate_p[class]. */
    int escalate_to;
    double escalate_p[CC_CLASS_COUNT];
    /* Level 1 with level-2 sectors: n_escalate > 1 targets, escalate_to .. escalate_to +
     * n_escalate - 1; an escalated call of class k goes to the target j whose range
     * escalate_range[(j * CC_CLASS_COUNT + k) * 2 + 0 .. 1] = [lo, hi) holds u, the draw that
     * decided the escalation (u < escalate_p[k]). The ranges tile [0, escalate_p[k]), the
     * prefectures' sector's first. Owned; NULL when n_escalate <= 1. */
    int n_escalate;
    double *escalate_range;
};

/* How the level-2 sectors share their agents (docs/model.md s.3, "Sectors and sharing"). */
enum cc_share_rule {
    CC_SHARE_NONE = 0, /* independent pools */
    CC_SHARE_OVERFLOW, /* a caller who waited after_s may be taken by another sector's agent */
    CC_SHARE_POOL      /* every agent serves every sector, longest wait first */
};

struct cc_sharing {
    enum cc_share_rule rule;
    double after_s; /* overflow: the wait after which another sector may take the caller */
};

/* An external arrival stream (non-homogeneous Poisson, piecewise constant per slot). */
struct cc_source {
    char *name;  /* "prefecture:017", "national", "arrivals" */
    int station; /* where its calls arrive */
    enum cc_class cls;
    double *rate;         /* [7 * slots_per_day] arrivals per second (0 when closed) */
    double calls_per_day; /* mean over open weekdays, as resolved (for reports) */
    /* Prefecture sources only: share of callers with a general-information question, and
     * whether they are transferred (interconnected) to station transfer_to. */
    double general_share;
    bool interconnected;
    int transfer_to; /* level-1 station index, or -1 */
};

enum cc_transfer_mode { CC_TRANSFER_IVR, CC_TRANSFER_AFTER_ANSWER };

struct cc_transfer {
    enum cc_transfer_mode mode;
    struct cc_dist delay;    /* time between leaving one queue and joining the next */
    struct cc_dist handling; /* switchboard time spent on a general call before transfer
                                (after_answer mode) */
};

struct cc_retrial {
    double p;             /* probability a caller who abandoned or was blocked calls again */
    struct cc_dist delay; /* time before calling again */
    int max_attempts;     /* total attempts per caller, >= 1 */
};

/* What the level-1 provider bills (docs/model.md s.7): the calls it answers (the default), every
 * call presented to it (blocked and abandoned included), or the minutes callers spend on its
 * line (waiting included) with no price per call. */
enum cc_l1_billing { CC_BILL_ANSWERED = 0, CC_BILL_OFFERED, CC_BILL_MINUTE };

struct cc_costs {
    double l1_eur_per_call;    /* level-1 provider price per billed call */
    double l1_eur_per_min;     /* level-1 provider price per minute of service */
    double etpt_eur_per_year;  /* level-2 fully loaded cost per ETPT */
    double tariff_eur_per_min; /* what a caller pays per minute on the line (waits included) */
    double ministry_share;     /* share of the cost of transferred calls the ministry pays */
    double open_days_per_year; /* to annualise the simulated days */
    enum cc_l1_billing l1_billing;
};

/* A file read to build the scenario, and the SHA-256 of its bytes (for manifests). */
struct cc_input_file {
    char *path; /* as opened: the scenario file, then each "extends" parent */
    char sha256[65];
};

/* A declared uncertain input: top-level "uncertain" of the file, one entry per key. */
enum cc_uncertain_dist { CC_UNCERTAIN_UNIFORM, CC_UNCERTAIN_TRIANGULAR, CC_UNCERTAIN_DISCRETE };

struct cc_uncertain {
    char *path; /* "level1.escalate.prefecture": a scalar key, as --set takes it */
    enum cc_uncertain_dist dist;
    double low, mode, high; /* uniform: low, high; triangular: all three */
    size_t n_values;        /* discrete */
    double *values;         /* discrete numbers, or NULL when the values are strings */
    char **labels;          /* discrete strings (plain words), or NULL when numbers */
    double *weights;        /* discrete: probabilities, summing to 1 */
    double base;            /* the key's value in the scenario; NAN for a string key */
    char *base_label;       /* the key's string value, or NULL */
    char *source;           /* where the range comes from, or "ASSUMPTION ..." */
};

/* The dated calendar (docs/model.md s.4, calendar section): all optional; without
 * calendar.start the run is undated (day 0 a Monday) and every factor is 1. Days are counted
 * from 1970-01-01 (the proleptic Gregorian calendar), so a date is one integer. */
struct cc_peak {
    char *name;
    long from, to; /* first and last day, inclusive */
    double factor; /* multiplies the arrival rates of the days from..to */
};

struct cc_calendar {
    bool dated;                     /* calendar.start given */
    long start;                     /* day 0 of the run, days since 1970-01-01 */
    int start_wday;                 /* its weekday, 0 = Monday */
    double month_weight[CC_MONTHS]; /* normalised to a mean of 1 over the 12 months */
    long *closed; /* sorted distinct closed days inside the run (days since 1970) */
    size_t n_closed;
    struct cc_peak *peaks;
    size_t n_peaks;
    int years; /* whole years the run covers from start (costs are their totals), else 0 */
    char *holidays_file; /* the holidays data file read, or NULL */
    size_t n_holidays;   /* holidays of that file inside the run */
};

struct cc_scenario {
    char *path; /* file it was loaded from */
    char *name;
    char *description;
    char *resolved_json; /* the fully resolved scenario (extends + --set applied), pretty JSON */
    char sha256[65];     /* of the file's bytes (the top file, not the parents) */
    struct cc_input_file *inputs; /* the file and every file of its extends chain, in order */
    size_t n_inputs;
    bool stationary; /* "model": "station" */
    uint64_t seed;
    int reps;
    int jobs;          /* 0 = all cores */
    double interval_s; /* statistics interval and slot length; divides 86400 */
    int slots_per_day;
    double warmup_s;  /* station model: statistics start here */
    double horizon_s; /* statistics end here (warmup + hours, or days * 86400) */
    int days;         /* network model: simulated calendar days */
    double sl_s[3];   /* service-level thresholds: 20, 60, 180 */
    size_t n_stations;
    struct cc_station *stations;
    size_t n_sources;
    struct cc_source *sources;
    /* Level-2 sectors (level2.sectors): stations first_sector .. first_sector + n_sectors - 1,
     * named "level2:<sector>"; n_sectors 0 when level 2 is one station named "level2". */
    size_t n_sectors;
    size_t first_sector;
    size_t pref_sector; /* the sector receiving the prefectures' escalations (0-based) */
    struct cc_sharing sharing;
    /* Day-level overdispersion: every source's rate on a day is multiplied by a gamma factor
     * of mean 1 and this coefficient of variation (0: plain Poisson). */
    double busyness_cv;
    struct cc_calendar cal;
    struct cc_transfer transfer;
    struct cc_retrial retrial;
    struct cc_costs costs;
    size_t n_uncertain;
    struct cc_uncertain *uncertain; /* [n_uncertain], in file order */
    /* Per-call rows (models/trace.h), set by `ccsim run --trace`; borrowed, NULL when off. */
    struct cc_trace *trace;
};

/* Loads path, resolves "extends" (paths relative to the file), applies sets[i] of the form
 * "json.path=value" (value parsed as JSON, else taken as a string), validates everything.
 * On any problem adds every message to d ("file: json.path: what is wrong", or "--set
 * 'path=value': json.path: ..." when a --set wrote the value; syntax errors
 * "file:line:col: ...") and returns NULL. Files must be regular files of at most 16 MiB of
 * UTF-8 without NUL (a leading byte order mark is skipped). Merge rules (extends and --set
 * alike): objects merge key by key, arrays and scalars are replaced, null removes a key,
 * giving one of agents / agents_schedule / etpt drops the other two, giving
 * calls_per_day_list drops calls_per_day and calls_per_day_cv (and the other way round);
 * "name" is not inherited from a parent. "a.list[i]=v" replaces item i or appends when i is
 * the list's length; "prefectures.calls_per_day_list[i]=v" on a scenario without the list
 * first writes the list that calls_per_day and calls_per_day_cv imply. The name (and
 * station.name) must be a plain file name that no spreadsheet runs as a formula
 * (docs/csv.md).
 * "uncertain": {"PATH": {"dist": ..., "source": ...}} declares uncertain inputs; each range
 * is checked by loading the scenario again with PATH at its ends (or discrete values), and
 * entries nested by --set ("uncertain.level2.aht_s.high=800") merge into the flat ones. */
struct cc_scenario *cc_scenario_load(const char *path, const char *const *sets, size_t n_sets,
                                     sim_diag *d);
/* The same from len bytes of text (standard input, say) named name in messages and in the
 * manifest, whose hash is that of these bytes; "extends" paths are relative to the current
 * folder. At most CC_SCENARIO_MAX_BYTES are accepted, like a file. */
#define CC_SCENARIO_MAX_BYTES ((size_t)16 << 20)
struct cc_scenario *cc_scenario_load_text(const char *name, const char *text, size_t len,
                                          const char *const *sets, size_t n_sets, sim_diag *d);
void cc_scenario_free(struct cc_scenario *sc);

/* Index of the station named name, or -1. */
int cc_scenario_station(const struct cc_scenario *sc, const char *name);

/* Opening hours per year of station i: (open hours per week / open days per week) *
 * costs.open_days_per_year; used by the ETPT conversion (docs/model.md s.5). */
double cc_scenario_open_hours_per_year(const struct cc_scenario *sc, size_t i);
/* ETPT <-> average agents on duty while open, for station i. */
double cc_scenario_etpt_to_agents(const struct cc_scenario *sc, size_t i, double etpt);
double cc_scenario_agents_to_etpt(const struct cc_scenario *sc, size_t i, double agents_avg);

/* Dates as days since 1970-01-01 (proleptic Gregorian; any year from 1 to 9999). */
long cc_date_days(int year, int month, int day);
void cc_date_civil(long days, int *year, int *month, int *day);
int cc_date_weekday(long days); /* 0 = Monday */
/* Reads "YYYY-MM-DD" exactly (a real date); false otherwise. */
bool cc_date_parse(const char *s, long *days);

/* Day d of the run (0 = its first day): its weekday (0 = Monday: day 0 is a Monday when the
 * run is undated), whether the calendar closes every station on it, its month (0-11; 0 when
 * undated) and the factor its arrival rates are multiplied by: 0 when closed, else the month's
 * weight times the factors of the peaks that cover it (1 when undated). */
int cc_scenario_weekday(const struct cc_scenario *sc, long d);
bool cc_scenario_closed(const struct cc_scenario *sc, long d);
int cc_scenario_month(const struct cc_scenario *sc, long d);
double cc_scenario_day_factor(const struct cc_scenario *sc, long d);

#endif
