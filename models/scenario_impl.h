/* Private to the scenario loader (models/scenario*.c): what its stages share. The one public
 * entry point is cc_scenario_load (models/scenario.h); nothing else may include this file.
 * The stages, in the order cc_scenario_load runs them (models/scenario.c):
 *   scenario_read.c     read a file and its "extends" parents, merged into one cJSON tree;
 *   scenario_set.c      apply the --set list to the tree;
 *   scenario_keys.c     check every key of every section (with the helpers of
 *                       scenario_check.c), write its default into the tree, fill a struct build;
 *   scenario_calendar.c the dated calendar (start, month weights, closed dates, holidays,
 *                       peaks), read by scenario_keys.c's calendar section;
 *   scenario_resolve.c  the per-slot arrays (arrival rates, agents on duty, ETPT);
 *   scenario_uncertain.c  the "uncertain" section, checked against the resolved tree.
 * Every problem goes through struct ctx to the sim_diag as "file: json.path: message". The
 * names carry no prefix, as when they were static in one file: they are not part of libcc's
 * interface. Only the .c files may include the JSON parser (make lint), hence the typedef. */
#ifndef CC_SCENARIO_IMPL_H
#define CC_SCENARIO_IMPL_H

#include "models/scenario.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct cJSON cJSON;

#define PATH_LEN 256
#define MAX_TOKENS 32
#define NAME_LEN 64
#define INT_LIMIT 1e9
#define SEED_MAX 9007199254740992.0       /* 2^53: the largest exact integer in a JSON double */
#define UNIFORM_CV_MAX 0.5773502691896258 /* 1/sqrt(3): uniform on [0, 2 * mean] */
#define HOURS_MAX 1e7
/* Limits of finite values past which derived numbers overflow (rates are reciprocals of
 * durations, gamma's shape is 1 / cv^2, weights are summed) or a run never ends. */
#define DURATION_MIN 1e-6 /* s (hours for hours_per_etpt) */
#define DURATION_MAX 1e9
#define CV_MIN 1e-6
#define CV_MAX 100.0
#define CALLS_MAX 1e7  /* calls per day (per hour in the station model) of one source */
#define WEIGHT_MAX 1e9 /* calendar and empirical table weights */
#define AGENTS_MAX 1e5 /* average agents on duty from etpt; load spread keeps slots in an int */
#define CALLS_PER_REP_MAX 1e8 /* external calls per replication: about 30 s of run time each */
/* A scenario is a few kB: a larger file is a mistake (a log, an image), and reading it whole
 * would only delay the error. Reads go in chunks so no more than the limit is ever read. */
#define FILE_MAX CC_SCENARIO_MAX_BYTES
#define FILE_CHUNK ((size_t)64 << 10)
#define NAME_BYTES_MAX 100 /* scenario and station names become folder names and CSV cells */
#define ECHO_MAX 64        /* characters of user text quoted in a message */

struct ctx {
    sim_diag *d;
    const char *file; /* the top scenario file: validation messages name it */
    int errors;
    bool nomem_seen;
    double interval_min; /* run.interval_min, once read */
    int slots;           /* slots per day */
    /* --set texts and the JSON path each one wrote ("" when it failed): a value problem under
     * that path names the --set, not the file, as its source. */
    const char *const *sets;
    char (*set_paths)[PATH_LEN];
    size_t n_sets;
    struct cc_input_file *inputs; /* files read so far, handed to the scenario */
    size_t n_inputs;
    const char *text; /* the top scenario's bytes when not read from file (stdin), or NULL */
    size_t text_len;
};

void add_line(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* User text as a message quotes it: at most ECHO_MAX characters then "...", control bytes and
 * invalid UTF-8 as \xNN, so a 10 kB key or a terminal escape never lands on stderr whole. */
struct echo {
    char s[ECHO_MAX * 4 + 8];
};

/* "file: json.path: message", or "--set 'path=value': json.path: message" when a --set put
 * the value there. */
void report(struct ctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Shortest text that reads back as x ("-3", "1.5", "9007199254740992"). */
struct num {
    char s[32];
};

struct hhmm {
    char s[16];
};

/* Type name, or the quoted string, or "array of N items": what a message says it got. */
struct got {
    char s[sizeof(struct echo) + 2];
};

struct range {
    double lo, hi;
    bool lo_open, hi_open;
};

enum { F_REQ = 1, F_INT = 2, F_DUR = 4, F_CV = 8, F_CALLS = 16, F_WEIGHT = 32 };

/* One part of a --set path ("b" or "[2]" of "a.b[2]"); tokenize returns a tok_error. */
struct token {
    bool is_index;
    size_t at;
    char name[NAME_LEN];
};
#define INDEX_MAX 999999 /* no list of a scenario comes near; keeps an index in an int */
enum tok_error { TOK_SYNTAX = -1, TOK_LONG_KEY = -2, TOK_DEEP = -3, TOK_BIG_INDEX = -4 };

/* A station as read from the file; prefectures share one. */
struct spec {
    struct cc_station st; /* template: name, open and agents unused; owns its dist tables */
    unsigned char days[CC_DAYS_PER_WEEK];
    unsigned char *slot_open; /* [slots]: open at this slot of an open day (union of all days) */
    unsigned char *by_day[CC_DAYS_PER_WEEK]; /* [slots] hours of a day given by name, or NULL */
    int *schedule; /* [7 * slots]: agents_schedule per slot of the week, -1 uncovered */
    int *owner;    /* [7 * slots]: agents_schedule item covering the slot, -1 none */
    int agents;
};

struct build {
    struct spec station, pref, l1, l2;
    const char *station_name; /* borrowed from the tree */
    double calls_per_hour;
    int count, n_interconnected;
    double general_share;
    double *cpd; /* [count] */
    double direct_cpd, esc_direct, esc_pref, interior_share;
    double weekday[CC_DAYS_PER_WEEK], intraday[24];
    /* level2.sectors (n_sectors 0 when absent): each sector's station, name, share of the
     * national escalations; pref_sector receives the prefectures' escalations. */
    size_t n_sectors;
    struct spec *sector;
    char (*sector_name)[NAME_LEN];
    double *sector_share;
    int pref_sector;
};

struct chain; /* scenario_read.c: the files being loaded, child first */

/* ---- scenario_check.c: messages, JSON paths, typed getters (each reports its own problem) */
size_t utf8_invalid_at(const char *s, size_t n);
struct echo echo_n(const char *s, size_t n);
struct echo echo(const char *s);
void nomem(struct ctx *c);
struct num num(double x);
struct hhmm hhmm(double minutes);
void join(char *out, const char *path, const char *key);
void join_index(char *out, const char *path, size_t i);
const char *type_name(const cJSON *v);
struct got got(const cJSON *v);
void choice_text(char *buf, size_t n, const char *const *names);
int find_name(const char *s, const char *const *names);
void check_keys(const cJSON *obj, const char *path, const char *const *allowed, struct ctx *c);
void check_duplicates(const cJSON *node, const char *path, const char *file, struct ctx *c);
struct range at_least(double lo);
struct range above(double lo);
struct range between(double lo, double hi);
bool check_number(const cJSON *v, const char *p, struct range r, unsigned flags, double *out,
                  struct ctx *c);
void add_item(cJSON *obj, const char *key, cJSON *item, struct ctx *c);
bool get_number(cJSON *obj, const char *key, const char *path, struct range r, unsigned flags,
                double *out, struct ctx *c);
bool get_int(cJSON *obj, const char *key, const char *path, struct range r, unsigned flags,
             int *out, struct ctx *c);
bool get_string(cJSON *obj, const char *key, const char *path, const char *def, const char **out,
                struct ctx *c);
bool get_choice(cJSON *obj, const char *key, const char *path, const char *const *names, int *out,
                struct ctx *c);
cJSON *get_section(cJSON *obj, const char *key, const char *path, struct ctx *c);
cJSON *get_array(cJSON *obj, const char *key, const char *path, const char *def_json,
                 struct ctx *c);
void get_numbers(cJSON *obj, const char *key, const char *path, const char *def_json, size_t n,
                 const char *why, struct range r, unsigned flags, double *out, struct ctx *c);

/* ---- scenario_read.c: files, JSON text, "extends" chains, merging */
extern const char *const staff_keys[];
void drop_choices(cJSON *obj, const char *key, const cJSON *over);
void merge(cJSON *base, cJSON *over);
void strip_nulls(cJSON *node);
cJSON *load_tree(const char *path, const struct chain *up, char *sha, struct ctx *c);

/* ---- scenario_set.c: --set PATH=VALUE */
int tokenize(const char *s, size_t len, struct token *t, const char **bad);
void apply_set(cJSON *root, size_t i_set, struct ctx *c);

/* ---- scenario_keys.c: every section and key of the format, its default and rule */
void read_top(cJSON *root, struct cc_scenario *sc, struct build *b, struct ctx *c);
/* Whether sp is open at slot s of weekday d: the hours given for that day by name, else the
 * common hours on an open day. */
bool spec_open(const struct spec *sp, int d, int s);

/* ---- scenario_resolve.c: per-slot arrays (rates, agents, ETPT) and volumes */
void spread_calls(double mean, double cv, int n, double *out);
double slot_weight(const double intraday[24], int s, double interval_min);
void spread_agents(int *agents, const unsigned char *open, size_t w, double a, const double *load);
void dist_free(struct cc_dist *d);
void resolve_station_model(struct cc_scenario *sc, const struct build *b, struct ctx *c);
void resolve_network(struct cc_scenario *sc, const struct build *b, struct ctx *c);
void build_free(struct build *b);
void check_run_length(const struct cc_scenario *sc, struct ctx *c);

/* ---- scenario_calendar.c: calendar.start and the dated keys (o: the calendar section) */
void read_dated_calendar(cJSON *o, struct cc_scenario *sc, struct ctx *c);
void calendar_free(struct cc_calendar *k);

/* ---- scenario_uncertain.c: the "uncertain" section */
void unc_free(struct cc_uncertain *u);
/* cc_scenario_load and cc_scenario_load_text (models/scenario.c): text NULL reads path; else
 * text is the top scenario and path its name in messages. read_uncertain reloads with it. */
struct cc_scenario *cc_scenario_load_any(const char *path, const char *text, size_t text_len,
                                         const char *const *sets, size_t n_sets, sim_diag *d);
void read_uncertain(cJSON *root, cJSON *unc, struct cc_scenario *sc, const char *const *sets,
                    size_t n_sets, struct ctx *c);

#endif
