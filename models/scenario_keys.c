/* Every section and key of the scenario format: which keys a section allows, each key's
 * default (written into the tree, so resolved_json shows each value used) and its rule. Reads
 * the tree into a struct build that scenario_resolve.c turns into per-slot arrays. */
#include "models/scenario_impl.h"

#include <cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- stations ------------------------------------------------------------------------------ */

struct dist_def {
    enum cc_dist_kind kind;
    double mean_s, cv;
};

struct station_def {
    bool always;              /* the station model: open must be "always" */
    const char *days, *hours; /* JSON defaults of open.days and open.hours */
    int agents;               /* default staffing when etpt < 0 */
    double etpt;              /* default staffing in ETPT when >= 0 */
    struct dist_def service, patience;
    int capacity;
};

#define WEEKDAYS "[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"
#define LEVEL_HOURS "[[\"08:30\", \"18:00\"]]"
static const struct station_def model_station_def = {
    true, NULL, NULL, 1, -1, {CC_DIST_EXPONENTIAL, 0, 1}, {CC_DIST_EXPONENTIAL, 0, 1}, -1};
static const struct station_def prefecture_def = {
    false,
    WEEKDAYS,
    "[[\"09:00\", \"12:00\"], [\"13:30\", \"16:30\"]]",
    2,
    -1,
    {CC_DIST_LOGNORMAL, 90, 0.5},
    {CC_DIST_EXPONENTIAL, 60, 1},
    4};
static const struct station_def level1_def = {false,
                                              WEEKDAYS,
                                              LEVEL_HOURS,
                                              40,
                                              -1,
                                              {CC_DIST_LOGNORMAL, 180, 0.8},
                                              {CC_DIST_EXPONENTIAL, 90, 1},
                                              30};
static const struct station_def level2_def = {false,
                                              WEEKDAYS,
                                              LEVEL_HOURS,
                                              0,
                                              13,
                                              {CC_DIST_LOGNORMAL, 540, 0.7},
                                              {CC_DIST_EXPONENTIAL, 180, 1},
                                              -1};

#define STATION_KEYS                                                                               \
    "open", "agents", "agents_schedule", "etpt", "hours_per_etpt", "shrinkage", "spread", "aht_s", \
        "service_dist", "service_cv", "service_table", "patience_s", "patience_dist",              \
        "patience_cv", "patience_table", "capacity"

struct dist_keys {
    const char *mean, *dist, *cv, *table;
    bool patience;
};
static const struct dist_keys service_keys = {"aht_s", "service_dist", "service_cv",
                                              "service_table", false};
static const struct dist_keys patience_keys = {"patience_s", "patience_dist", "patience_cv",
                                               "patience_table", true};
/* Weekdays in the order of a week's slots (slot 0 is Monday 00:00). */
static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
static const char *const dist_names[] = {"exponential", "lognormal", "gamma", "deterministic",
                                         "uniform",     "empirical", NULL};

static bool parse_time(const cJSON *v, const char *p, int *minutes, struct ctx *c)
{
    const char *s = cJSON_IsString(v) ? v->valuestring : "";
    bool shape = strlen(s) == 5 && s[2] == ':';
    for (int i = 0; shape && i < 5; i++)
        shape = i == 2 || isdigit((unsigned char)s[i]);
    int h = shape ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
    int m = shape ? (s[3] - '0') * 10 + (s[4] - '0') : 0;
    if (!shape || m > 59 || h > 24 || (h == 24 && m > 0)) {
        report(c, p, "expected \"HH:MM\" from 00:00 to 24:00, got %s", got(v).s);
        return false;
    }
    double q = (h * 60 + m) / c->interval_min;
    if (fabs(q - round(q)) > 1e-9) {
        report(c, p, "must be a multiple of interval_min (%s min), got %s", num(c->interval_min).s,
               s);
        return false;
    }
    *minutes = h * 60 + m;
    return true;
}

static bool get_time(cJSON *obj, const char *key, const char *path, int *minutes, struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) {
        report(c, p, "missing required key");
        return false;
    }
    return parse_time(v, p, minutes, c);
}

/* [from, to) in minutes -> slots; p_to names the "to" value. */
static bool span_slots(int from, int to, const char *p_to, int *s0, int *s1, struct ctx *c)
{
    if (to <= from) {
        report(c, p_to, "must be after %s, got %s", hhmm(from).s, hhmm(to).s);
        return false;
    }
    *s0 = (int)lround(from / c->interval_min);
    *s1 = (int)lround(to / c->interval_min);
    return true;
}

static void read_days(const cJSON *arr, const char *p, struct spec *sp, struct ctx *c)
{
    char t[128];
    size_t i = 0;
    const cJSON *it;
    choice_text(t, sizeof t, day_names);
    cJSON_ArrayForEach(it, arr)
    {
        char pi[PATH_LEN];
        join_index(pi, p, i++);
        int d = cJSON_IsString(it) ? find_name(it->valuestring, day_names) : -1;
        if (d < 0)
            report(c, pi, "expected %s, got %s", t, got(it).s);
        else
            sp->days[d] = 1;
    }
    if (i == 0)
        report(c, p, "must not be empty");
}

static void read_hours(const cJSON *arr, const char *p, unsigned char *mask, struct ctx *c)
{
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        char pi[PATH_LEN], p0[PATH_LEN], p1[PATH_LEN];
        join_index(pi, p, i++);
        if (!cJSON_IsArray(it) || cJSON_GetArraySize(it) != 2) {
            report(c, pi, "expected [\"HH:MM\", \"HH:MM\"], got %s", got(it).s);
            continue;
        }
        join_index(p0, pi, 0);
        join_index(p1, pi, 1);
        int from = 0, to = 0, s0 = 0, s1 = 0;
        bool ok = parse_time(cJSON_GetArrayItem(it, 0), p0, &from, c);
        ok = parse_time(cJSON_GetArrayItem(it, 1), p1, &to, c) && ok;
        if (ok && span_slots(from, to, p1, &s0, &s1, c))
            memset(mask + s0, 1, (size_t)(s1 - s0));
    }
    if (i == 0)
        report(c, p, "must not be empty");
}

/* "open": {"tue": [["08:30", "13:00"]]}: the hours of one weekday, given by name, replace
 * "hours" on that day and open it (the 2021 level-2 hours differ from day to day). */
static void read_day_hours(cJSON *v, const char *p, struct spec *sp, struct ctx *c)
{
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(v, day_names[d]);
        if (arr == NULL)
            continue;
        char pd[PATH_LEN];
        join(pd, p, day_names[d]);
        if (!cJSON_IsArray(arr)) {
            report(c, pd, "expected array, got %s", type_name(arr));
            continue;
        }
        sp->by_day[d] = calloc((size_t)c->slots, 1);
        if (sp->by_day[d] == NULL) {
            nomem(c);
            return;
        }
        read_hours(arr, pd, sp->by_day[d], c);
        sp->days[d] = 1;
        for (int k = 0; k < c->slots; k++)
            sp->slot_open[k] |= sp->by_day[d][k];
    }
}

static void read_open(cJSON *o, const char *path, const struct station_def *def, struct spec *sp,
                      struct ctx *c)
{
    static const char *const keys[] = {"days", "hours", "mon", "tue", "wed",
                                       "thu",  "fri",   "sat", "sun", NULL};
    char p[PATH_LEN];
    join(p, path, "open");
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "open");
    if (v == NULL && def->always) {
        add_item(o, "open", cJSON_CreateString("always"), c);
        v = cJSON_GetObjectItemCaseSensitive(o, "open");
    } else if (v == NULL) {
        v = get_section(o, "open", path, c);
    }
    if (cJSON_IsString(v) && strcmp(v->valuestring, "always") == 0) {
        memset(sp->days, 1, sizeof sp->days);
        memset(sp->slot_open, 1, (size_t)c->slots);
        return;
    }
    if (def->always) {
        report(c, p, "expected \"always\" (the station model is always open), got %s", got(v).s);
        return;
    }
    if (!cJSON_IsObject(v)) {
        report(c, p, "expected \"always\" or object, got %s", got(v).s);
        return;
    }
    check_keys(v, p, keys, c);
    const cJSON *days = get_array(v, "days", p, def->days, c);
    const cJSON *hours = get_array(v, "hours", p, def->hours, c);
    char pd[PATH_LEN], ph[PATH_LEN];
    join(pd, p, "days");
    join(ph, p, "hours");
    if (days != NULL)
        read_days(days, pd, sp, c);
    if (hours != NULL)
        read_hours(hours, ph, sp->slot_open, c);
    read_day_hours(v, p, sp, c);
}

/* The weekdays a shift applies to: its "days", or every day. */
static void shift_days(cJSON *it, const char *pi, unsigned char on[CC_DAYS_PER_WEEK], struct ctx *c)
{
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(it, "days");
    if (days == NULL) {
        memset(on, 1, CC_DAYS_PER_WEEK);
        return;
    }
    char pd[PATH_LEN];
    join(pd, pi, "days");
    if (!cJSON_IsArray(days)) {
        report(c, pd, "expected array, got %s", type_name(days));
        return;
    }
    struct spec tmp;
    memset(&tmp, 0, sizeof tmp);
    read_days(days, pd, &tmp, c);
    memcpy(on, tmp.days, CC_DAYS_PER_WEEK);
}

static void read_shift(cJSON *it, const char *p, size_t i, struct spec *sp, struct ctx *c)
{
    static const char *const keys[] = {"from", "to", "agents", "days", NULL};
    char pi[PATH_LEN], pt[PATH_LEN], po[PATH_LEN];
    join_index(pi, p, i);
    if (!cJSON_IsObject(it)) {
        report(c, pi, "expected object, got %s", type_name(it));
        return;
    }
    check_keys(it, pi, keys, c);
    int from = 0, to = 0, agents = 0, s0 = 0, s1 = 0;
    unsigned char on[CC_DAYS_PER_WEEK] = {0};
    bool ok = get_time(it, "from", pi, &from, c);
    ok = get_time(it, "to", pi, &to, c) && ok;
    ok = get_int(it, "agents", pi, at_least(0), F_REQ, &agents, c) && ok;
    shift_days(it, pi, on, c);
    join(pt, pi, "to");
    if (!ok || !span_slots(from, to, pt, &s0, &s1, c))
        return;
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++)
        for (int s = s0; s < s1 && on[d]; s++) {
            const int k = d * c->slots + s;
            if (sp->owner[k] >= 0) {
                join_index(po, p, (size_t)sp->owner[k]);
                report(c, pi, "overlaps %s", po);
                return;
            }
        }
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++)
        for (int s = s0; s < s1 && on[d]; s++) {
            sp->owner[d * c->slots + s] = (int)i;
            sp->schedule[d * c->slots + s] = agents;
        }
}

bool spec_open(const struct spec *sp, int d, int s)
{
    return sp->by_day[d] ? sp->by_day[d][s] : sp->days[d] && sp->slot_open[s];
}

static bool spec_gap(const struct spec *sp, int d, int s, int slots)
{
    return spec_open(sp, d, s) && sp->schedule[d * slots + s] < 0;
}

/* Reports each stretch of open hours no shift covers: once when the gap is on every open day
 * (a schedule without "days"), else with the days it falls on. */
static void check_coverage(const struct spec *sp, const char *path, struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, "agents_schedule");
    for (int s = 0; s < c->slots;) {
        unsigned char gap[CC_DAYS_PER_WEEK];
        int n_gap = 0, n_open = 0;
        for (int d = 0; d < CC_DAYS_PER_WEEK; d++) {
            gap[d] = spec_gap(sp, d, s, c->slots);
            n_gap += gap[d];
            n_open += spec_open(sp, d, s);
        }
        if (n_gap == 0) {
            s++;
            continue;
        }
        int e = s + 1; /* the stretch goes on while the same days have a gap */
        for (bool same = true; same && e < c->slots; e += same)
            for (int d = 0; d < CC_DAYS_PER_WEEK && same; d++)
                same = gap[d] == spec_gap(sp, d, e, c->slots);
        char on[64] = "";
        for (int d = 0; d < CC_DAYS_PER_WEEK && n_gap < n_open; d++)
            if (gap[d]) {
                size_t len = strlen(on);
                snprintf(on + len, sizeof on - len, "%s%s", len ? ", " : " on ", day_names[d]);
            }
        report(c, p, "does not cover open hours %s-%s%s", hhmm(s * c->interval_min).s,
               hhmm(e * c->interval_min).s, on);
        s = e;
    }
}

static void read_schedule(const cJSON *sched, const char *path, struct spec *sp, struct ctx *c)
{
    char p[PATH_LEN];
    const cJSON *items = cJSON_IsArray(sched) ? sched : NULL;
    cJSON *it;
    size_t i = 0;
    join(p, path, "agents_schedule");
    if (items == NULL)
        report(c, p, "expected array, got %s", type_name(sched));
    else if (cJSON_GetArraySize(items) == 0)
        report(c, p, "must not be empty");
    cJSON_ArrayForEach(it, items)
    {
        read_shift(it, p, i++, sp, c);
    }
}

/* Exactly one of agents / agents_schedule / etpt; the station's default when none. */
static void read_staffing(cJSON *o, const char *path, const struct station_def *def,
                          struct spec *sp, struct ctx *c)
{
    char given[64] = "";
    int n = 0;
    for (size_t i = 0; staff_keys[i] != NULL; i++) {
        if (cJSON_GetObjectItemCaseSensitive(o, staff_keys[i]) == NULL)
            continue;
        size_t len = strlen(given);
        snprintf(given + len, sizeof given - len, "%s%s", n++ > 0 ? " and " : "", staff_keys[i]);
    }
    if (n > 1)
        report(c, path, "expected only one of agents, agents_schedule, etpt, got %s", given);
    if (n == 0 && def->etpt >= 0)
        add_item(o, "etpt", cJSON_CreateNumber(def->etpt), c);
    else if (n == 0)
        add_item(o, "agents", cJSON_CreateNumber(def->agents), c);
    struct cc_station *st = &sp->st;
    if (cJSON_GetObjectItemCaseSensitive(o, "etpt") != NULL) {
        st->staff_kind = CC_STAFF_ETPT;
        get_number(o, "etpt", path, at_least(0), F_REQ, &st->etpt, c);
    }
    const cJSON *sched = cJSON_GetObjectItemCaseSensitive(o, "agents_schedule");
    if (sched != NULL) {
        st->staff_kind = CC_STAFF_SCHEDULE;
        read_schedule(sched, path, sp, c);
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "agents") != NULL) {
        st->staff_kind = CC_STAFF_AGENTS;
        get_int(o, "agents", path, at_least(0), F_REQ, &sp->agents, c);
    }
}

static bool has_cv(enum cc_dist_kind k)
{
    return k == CC_DIST_LOGNORMAL || k == CC_DIST_GAMMA || k == CC_DIST_UNIFORM;
}

/* [[value_s, weight], ...] -> normalised table with derived mean and cv. */
static void read_table(cJSON *o, const char *path, const struct dist_keys *k, struct cc_dist *out,
                       struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, k->table);
    const cJSON *t = get_array(o, k->table, path, NULL, c), *row;
    size_t n = t != NULL ? (size_t)cJSON_GetArraySize(t) : 0, i = 0;
    if (t != NULL && n == 0)
        report(c, p, "must not be empty");
    if (n == 0)
        return;
    out->values_s = calloc(n, sizeof *out->values_s);
    out->weights = calloc(n, sizeof *out->weights);
    if (out->values_s == NULL || out->weights == NULL) {
        nomem(c);
        return;
    }
    out->n = n;
    int before = c->errors;
    double sum = 0, mean = 0, m2 = 0;
    cJSON_ArrayForEach(row, t)
    {
        char pi[PATH_LEN], p0[PATH_LEN], p1[PATH_LEN];
        join_index(pi, p, i);
        join_index(p0, pi, 0);
        join_index(p1, pi, 1);
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != 2) {
            report(c, pi, "expected [value_s, weight], got %s", got(row).s);
        } else {
            check_number(cJSON_GetArrayItem(row, 0), p0, at_least(0), F_DUR, &out->values_s[i], c);
            check_number(cJSON_GetArrayItem(row, 1), p1, at_least(0), F_WEIGHT, &out->weights[i],
                         c);
        }
        sum += out->weights[i++];
    }
    if (c->errors != before)
        return;
    for (i = 0; i < n && sum > 0; i++) {
        out->weights[i] /= sum;
        mean += out->weights[i] * out->values_s[i];
        m2 += out->weights[i] * out->values_s[i] * out->values_s[i];
    }
    if (sum <= 0 || mean <= 0) {
        report(c, p, "%s", sum <= 0 ? "weights must not all be 0" : "mean must be > 0, got 0");
        return;
    }
    if (mean < DURATION_MIN) {
        report(c, p, "mean must be >= %s, got %s", num(DURATION_MIN).s, num(mean).s);
        return;
    }
    out->mean_s = mean;
    out->cv = sqrt(fmax(0.0, m2 - mean * mean)) / mean;
}

static void read_cv(cJSON *o, const char *path, const struct dist_keys *k, double def_cv,
                    struct cc_dist *out, struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, k->cv);
    if (!has_cv(out->kind)) {
        if (cJSON_GetObjectItemCaseSensitive(o, k->cv) != NULL)
            report(c, p, "only used with a lognormal, gamma or uniform %s, got \"%s\"", k->dist,
                   dist_names[out->kind - 1]);
        if (out->kind == CC_DIST_EXPONENTIAL)
            out->cv = 1;
        else if (out->kind == CC_DIST_DETERMINISTIC)
            out->cv = 0;
        return;
    }
    out->cv = def_cv;
    if (get_number(o, k->cv, path, above(0), F_CV, &out->cv, c) && out->kind == CC_DIST_UNIFORM &&
        out->cv > UNIFORM_CV_MAX)
        report(c, p, "must be <= 0.57735 (1/sqrt(3)) for a uniform %s, got %s", k->dist,
               num(out->cv).s);
}

static void read_dist(cJSON *o, const char *path, const struct dist_keys *k,
                      const struct dist_def *def, struct cc_dist *out, struct ctx *c)
{
    char p[PATH_LEN];
    int kind = (int)def->kind - 1;
    get_choice(o, k->dist, path, dist_names, &kind, c);
    out->kind = (enum cc_dist_kind)(kind + 1);
    if (out->kind == CC_DIST_EMPIRICAL) {
        join(p, path, k->mean);
        if (cJSON_GetObjectItemCaseSensitive(o, k->mean) != NULL)
            report(c, p, "not used with %s \"empirical\" (%s gives the mean)", k->dist, k->table);
        read_table(o, path, k, out, c);
    } else {
        join(p, path, k->table);
        if (cJSON_GetObjectItemCaseSensitive(o, k->table) != NULL)
            report(c, p, "only used with %s \"empirical\", got \"%s\"", k->dist, dist_names[kind]);
        unsigned flags = (!k->patience && def->mean_s <= 0 ? F_REQ : 0) | F_DUR;
        out->mean_s = def->mean_s;
        get_number(o, k->mean, path, k->patience ? at_least(0) : above(0), flags, &out->mean_s, c);
    }
    read_cv(o, path, k, def->cv, out, c);
    if (k->patience && out->kind != CC_DIST_EMPIRICAL && out->mean_s == 0) {
        out->kind = CC_DIST_NONE;
        out->cv = 0;
    }
}

/* The station keys shared by every station (the caller checks the key names). */
static void read_station(cJSON *o, const char *path, const struct station_def *def, struct spec *sp,
                         struct ctx *c)
{
    static const char *const spreads[] = {"flat", "load", NULL};
    struct cc_station *st = &sp->st;
    size_t slots = (size_t)c->slots;
    sp->slot_open = calloc(slots, 1);
    sp->schedule = malloc(CC_DAYS_PER_WEEK * slots * sizeof *sp->schedule);
    sp->owner = malloc(CC_DAYS_PER_WEEK * slots * sizeof *sp->owner);
    if (o == NULL || sp->slot_open == NULL || sp->schedule == NULL || sp->owner == NULL) {
        nomem(c);
        return;
    }
    for (size_t s = 0; s < CC_DAYS_PER_WEEK * slots; s++)
        sp->schedule[s] = sp->owner[s] = -1;
    int before = c->errors;
    read_open(o, path, def, sp, c);
    read_staffing(o, path, def, sp, c);
    if (c->errors == before && st->staff_kind == CC_STAFF_SCHEDULE)
        check_coverage(sp, path, c);
    st->hours_per_etpt = 1607;
    get_number(o, "hours_per_etpt", path, above(0), F_DUR, &st->hours_per_etpt, c);
    st->shrinkage = 0.30;
    get_number(o, "shrinkage", path, (struct range){0, 1, false, true}, 0, &st->shrinkage, c);
    int spread = CC_SPREAD_FLAT;
    get_choice(o, "spread", path, spreads, &spread, c);
    st->spread = (enum cc_spread)spread;
    read_dist(o, path, &service_keys, &def->service, &st->service, c);
    read_dist(o, path, &patience_keys, &def->patience, &st->patience, c);
    st->capacity = def->capacity;
    get_int(o, "capacity", path, at_least(-1), 0, &st->capacity, c);
    st->escalate_to = -1;
}

/* C0 controls (TAB, CR, LF, ESC...) and DEL. */
static bool has_control(const char *s)
{
    for (const unsigned char *u = (const unsigned char *)s; *u != '\0'; u++)
        if (*u < 0x20 || *u == 0x7F)
            return true;
    return false;
}

/* Names become folder names (results/<name>) and CSV cells: a plain file name, and nothing a
 * spreadsheet would run as a formula (docs/csv.md). Reports why s is not one; note ends the
 * message. */
static void check_file_name(struct ctx *c, const char *path, const char *s, const char *note)
{
    size_t n = strlen(s);
    char why[192], size[32] = "";
    if (n == 0 || strchr(s, '/') != NULL)
        snprintf(why, sizeof why, "must be a non-empty file name without '/'");
    else if (n > NAME_BYTES_MAX) {
        snprintf(why, sizeof why, "must be at most %d bytes", NAME_BYTES_MAX);
        snprintf(size, sizeof size, " (%zu bytes)", n);
    } else if (utf8_invalid_at(s, n) < n)
        snprintf(why, sizeof why, "must be valid UTF-8");
    else if (has_control(s))
        snprintf(why, sizeof why, "must not contain control characters");
    else if (s[0] == '.')
        snprintf(why, sizeof why,
                 "must not start with '.' (a hidden file, or the folder \".\" or "
                 "\"..\")");
    else if (s[0] == '-')
        snprintf(why, sizeof why,
                 "must not start with '-' (read as a command-line option, and "
                 "as a formula by spreadsheets opening the CSV files)");
    else if (strchr("=+@", s[0]) != NULL)
        snprintf(why, sizeof why,
                 "must not start with '=', '+' or '@' (spreadsheets opening the "
                 "CSV files would run it as a formula)");
    else
        return;
    report(c, path, "%s, got \"%s\"%s%s", why, echo(s).s, size, note);
}

/* ---- sections --------------------------------------------------------------------------- */

static void read_run(cJSON *root, struct cc_scenario *sc, struct ctx *c)
{
    static const char *const station_keys[] = {"reps",  "jobs",         "interval_min",
                                               "hours", "warmup_hours", NULL};
    static const char *const network_keys[] = {"reps", "jobs", "interval_min", "days", NULL};
    cJSON *r = get_section(root, "run", "", c);
    /* `--days` on a station model (or `run.hours` on a network) is a likely slip: say which
     * key that model uses rather than only "unknown key". */
    const char *other = sc->stationary ? "days" : "hours";
    if (cJSON_IsObject(r) && cJSON_GetObjectItemCaseSensitive(r, other) != NULL) {
        report(c, sc->stationary ? "run.days" : "run.hours",
               sc->stationary ? "the station model runs for run.hours after run.warmup_hours, "
                                "not for days"
                              : "a network scenario runs for run.days, not for hours");
        cJSON_DeleteItemFromObjectCaseSensitive(r, other);
    }
    check_keys(r, "run", sc->stationary ? station_keys : network_keys, c);
    sc->reps = 10;
    get_int(r, "reps", "run", between(1, 10000), 0, &sc->reps, c);
    sc->jobs = 0;
    get_int(r, "jobs", "run", at_least(0), 0, &sc->jobs, c);
    double def = sc->stationary ? 60 : 30, iv = def;
    if (get_number(r, "interval_min", "run", between(1, 1440), 0, &iv, c) &&
        fabs(1440 / iv - round(1440 / iv)) > 1e-9) {
        report(c, "run.interval_min", "must divide 1440, got %s", num(iv).s);
        iv = def;
    }
    c->interval_min = iv;
    c->slots = (int)lround(1440 / iv);
    sc->interval_s = iv * 60;
    sc->slots_per_day = c->slots;
    if (sc->stationary) {
        double hours = 1000, warmup = 10;
        get_number(r, "hours", "run", (struct range){0, HOURS_MAX, true, false}, 0, &hours, c);
        get_number(r, "warmup_hours", "run", between(0, HOURS_MAX), 0, &warmup, c);
        sc->warmup_s = warmup * 3600;
        sc->horizon_s = sc->warmup_s + hours * 3600;
        sc->days = (int)ceil(sc->horizon_s / 86400);
    } else {
        sc->days = 5;
        get_int(r, "days", "run", between(1, 3660), 0, &sc->days, c);
        sc->warmup_s = 0;
        sc->horizon_s = sc->days * 86400.0;
    }
}

static void read_station_model(cJSON *root, struct build *b, struct ctx *c)
{
    static const char *const arrival_keys[] = {"calls_per_hour", NULL};
    static const char *const keys[] = {"name", STATION_KEYS, NULL};
    cJSON *a = get_section(root, "arrivals", "", c);
    check_keys(a, "arrivals", arrival_keys, c);
    get_number(a, "calls_per_hour", "arrivals", above(0), F_REQ | F_CALLS, &b->calls_per_hour, c);
    cJSON *s = get_section(root, "station", "", c);
    check_keys(s, "station", keys, c);
    b->station_name = "queue";
    if (get_string(s, "name", "station", "queue", &b->station_name, c) && !b->station_name[0])
        report(c, "station.name", "must not be empty");
    else if (b->station_name[0] != '\0')
        check_file_name(c, "station.name", b->station_name, "");
    read_station(s, "station", &model_station_def, &b->station, c);
}

static void read_calendar(cJSON *root, struct cc_scenario *sc, struct build *b, struct ctx *c)
{
    static const char *const keys[] = {
        "weekday_weights", "intraday_weights", "busyness_cv", "start", "month_weights",
        "closed_dates",    "holidays",         "peaks",       NULL};
    /* docs/sources.md A4; hour 8 (08:30-09:00 at levels 1 and 2) is not in A4: 1.0, as in the
     * calibrated base-3939.json. */
    static const char *const intraday = "[0, 0, 0, 0, 0, 0, 0, 0, 1.0, 1.3, 1.4, 1.2, 0.6, 0.7, "
                                        "1.2, 1.1, 0.8, 0.6, 0, 0, 0, 0, 0, 0]";
    cJSON *o = get_section(root, "calendar", "", c);
    check_keys(o, "calendar", keys, c);
    get_numbers(o, "weekday_weights", "calendar", "[1.25, 1.05, 0.95, 0.95, 0.80, 0, 0]",
                CC_DAYS_PER_WEEK, "(mon..sun)", at_least(0), F_WEIGHT, b->weekday, c);
    get_numbers(o, "intraday_weights", "calendar", intraday, 24, "(one per hour)", at_least(0),
                F_WEIGHT, b->intraday, c);
    /* docs/sources.md A5: a day-level gamma busyness factor (mean 1), 0.15 as a variant. */
    sc->busyness_cv = 0.0;
    get_number(o, "busyness_cv", "calendar", between(0, 2), 0, &sc->busyness_cv, c);
    read_dated_calendar(o, sc, c);
}

static void read_calls(cJSON *o, struct build *b, struct ctx *c)
{
    b->cpd = calloc((size_t)b->count, sizeof *b->cpd);
    if (b->cpd == NULL) {
        nomem(c);
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "calls_per_day_list") != NULL) {
        if (cJSON_GetObjectItemCaseSensitive(o, "calls_per_day") != NULL)
            report(c, "prefectures",
                   "expected only one of calls_per_day, calls_per_day_list, got both");
        if (cJSON_GetObjectItemCaseSensitive(o, "calls_per_day_cv") != NULL)
            report(c, "prefectures.calls_per_day_cv", "only used with calls_per_day");
        get_numbers(o, "calls_per_day_list", "prefectures", NULL, (size_t)b->count,
                    "(one per prefecture)", above(0), F_CALLS, b->cpd, c);
        return;
    }
    double mean = 350, cv = 0;
    get_number(o, "calls_per_day", "prefectures", above(0), F_CALLS, &mean, c);
    get_number(o, "calls_per_day_cv", "prefectures", at_least(0), F_CV, &cv, c);
    spread_calls(mean, cv, b->count, b->cpd);
}

static void read_prefectures(cJSON *root, struct build *b, struct ctx *c)
{
    static const char *const keys[] = {"count",
                                       "interconnected",
                                       "calls_per_day",
                                       "calls_per_day_list",
                                       "calls_per_day_cv",
                                       "general_share",
                                       STATION_KEYS,
                                       NULL};
    cJSON *o = get_section(root, "prefectures", "", c);
    check_keys(o, "prefectures", keys, c);
    b->count = 14;
    if (!get_int(o, "count", "prefectures", between(1, 200), 0, &b->count, c))
        b->count = 14;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "interconnected");
    double k = b->count;
    if (v == NULL)
        add_item(o, "interconnected", cJSON_CreateTrue(), c);
    else if (cJSON_IsBool(v))
        k = cJSON_IsTrue(v) ? b->count : 0;
    else if (!cJSON_IsNumber(v))
        report(c, "prefectures.interconnected", "expected boolean or integer, got %s",
               type_name(v));
    else
        check_number(v, "prefectures.interconnected", between(0, b->count), F_INT, &k, c);
    b->n_interconnected = (int)k;
    read_calls(o, b, c);
    b->general_share = 0.07;
    get_number(o, "general_share", "prefectures", between(0, 1), 0, &b->general_share, c);
    read_station(o, "prefectures", &prefecture_def, &b->pref, c);
}

/* A sector name becomes part of a station name ("level2:labour"), a CSV cell and a --set path
 * item: a plain lower-case word keeps all three unambiguous. */
#define SECTOR_NAME_MAX 32

static bool plain_word(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > SECTOR_NAME_MAX || !islower((unsigned char)s[0]))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!islower((unsigned char)s[i]) && !isdigit((unsigned char)s[i]) && s[i] != '_')
            return false;
    return true;
}

/* The tree a sector is read from: level2's keys (minus its staff and the sector keys, which a
 * sector never inherits), then the sector's own keys over them. Giving a distribution kind
 * drops the inherited shape keys (service_cv, service_table), which may not fit the new kind. */
static cJSON *sector_tree(const cJSON *l2, const cJSON *item, struct ctx *c)
{
    static const char *const never[] = {"sectors",         "sharing", "agents",
                                        "agents_schedule", "etpt",    NULL};
    static const char *const own[] = {"name", "share", "prefectures", NULL};
    cJSON *t = cJSON_Duplicate(l2, true), *o = cJSON_Duplicate(item, true);
    if (t == NULL || o == NULL) {
        cJSON_Delete(t);
        cJSON_Delete(o);
        nomem(c);
        return NULL;
    }
    for (size_t i = 0; never[i] != NULL; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(t, never[i]);
    for (size_t i = 0; own[i] != NULL; i++)
        cJSON_DeleteItemFromObjectCaseSensitive(o, own[i]);
    if (cJSON_GetObjectItemCaseSensitive(o, "service_dist") != NULL) {
        cJSON_DeleteItemFromObjectCaseSensitive(t, "service_cv");
        cJSON_DeleteItemFromObjectCaseSensitive(t, "service_table");
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "patience_dist") != NULL) {
        cJSON_DeleteItemFromObjectCaseSensitive(t, "patience_cv");
        cJSON_DeleteItemFromObjectCaseSensitive(t, "patience_table");
    }
    merge(t, o);
    cJSON_Delete(o);
    return t;
}

static void read_sector(const cJSON *l2, cJSON *it, size_t i, struct build *b, struct ctx *c)
{
    static const char *const keys[] = {"name", "share", "prefectures", STATION_KEYS, NULL};
    char p[PATH_LEN], pn[PATH_LEN];
    join_index(p, "level2.sectors", i);
    if (!cJSON_IsObject(it)) {
        report(c, p, "expected object, got %s", type_name(it));
        return;
    }
    check_keys(it, p, keys, c);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(it, "name");
    join(pn, p, "name");
    if (name == NULL)
        report(c, pn, "missing required key");
    else if (!cJSON_IsString(name) || !plain_word(name->valuestring))
        report(c, pn,
               "expected a plain word (a lower-case letter, then lower-case letters, digits or "
               "'_', at most %d characters), got %s",
               SECTOR_NAME_MAX, got(name).s);
    else
        snprintf(b->sector_name[i], NAME_LEN, "%s", name->valuestring);
    for (size_t j = 0; j < i && b->sector_name[i][0]; j++)
        if (strcmp(b->sector_name[j], b->sector_name[i]) == 0) {
            char pj[PATH_LEN];
            join_index(pj, "level2.sectors", j);
            report(c, pn, "expected a name no other sector has, got \"%s\" (as %s)",
                   b->sector_name[i], pj);
        }
    get_number(it, "share", p, between(0, 1), F_REQ, &b->sector_share[i], c);
    const cJSON *pref = cJSON_GetObjectItemCaseSensitive(it, "prefectures");
    if (pref == NULL)
        add_item(it, "prefectures", cJSON_CreateFalse(), c);
    if (pref != NULL && !cJSON_IsBool(pref)) {
        char pp[PATH_LEN];
        join(pp, p, "prefectures");
        report(c, pp, "expected boolean, got %s", type_name(pref));
    } else if (cJSON_IsTrue(pref)) {
        if (b->pref_sector >= 0) {
            char pj[PATH_LEN];
            join_index(pj, "level2.sectors", (size_t)b->pref_sector);
            report(c, p,
                   "expected one sector with \"prefectures\": true, got a second one (%s "
                   "is the first)",
                   pj);
        }
        b->pref_sector = (int)i;
    }
    bool staffed = false;
    for (size_t k = 0; staff_keys[k] != NULL; k++)
        staffed = staffed || cJSON_GetObjectItemCaseSensitive(it, staff_keys[k]) != NULL;
    if (!staffed) {
        report(c, p, "missing staff: expected one of agents, agents_schedule, etpt");
        return;
    }
    cJSON *t = sector_tree(l2, it, c);
    if (t != NULL)
        read_station(t, p, &level2_def, &b->sector[i], c);
    cJSON_Delete(t);
}

static void read_sharing(cJSON *o, struct cc_scenario *sc, const struct build *b, struct ctx *c)
{
    static const char *const keys[] = {"rule", "overflow_after_s", NULL};
    static const char *const rules[] = {"none", "overflow", "pool", NULL};
    cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "sharing");
    if (v == NULL)
        return;
    if (b->n_sectors == 0) {
        report(c, "level2.sharing", "only used with level2.sectors");
        return;
    }
    if (!cJSON_IsObject(v)) {
        report(c, "level2.sharing", "expected object, got %s", type_name(v));
        return;
    }
    check_keys(v, "level2.sharing", keys, c);
    int rule = CC_SHARE_NONE;
    get_choice(v, "rule", "level2.sharing", rules, &rule, c);
    sc->sharing.rule = (enum cc_share_rule)rule;
    const bool given = cJSON_GetObjectItemCaseSensitive(v, "overflow_after_s") != NULL;
    if (rule == CC_SHARE_OVERFLOW)
        get_number(v, "overflow_after_s", "level2.sharing", between(0, DURATION_MAX), F_REQ,
                   &sc->sharing.after_s, c);
    else if (given)
        report(c, "level2.sharing.overflow_after_s",
               "only used with rule \"overflow\", got \"%s\" (give null to drop it)", rules[rule]);
}

static void read_sectors(cJSON *o, struct cc_scenario *sc, struct build *b, struct ctx *c)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, "sectors");
    b->pref_sector = -1;
    if (arr != NULL && !cJSON_IsArray(arr)) {
        report(c, "level2.sectors", "expected array, got %s", type_name(arr));
        return;
    }
    size_t n = arr != NULL ? (size_t)cJSON_GetArraySize(arr) : 0;
    if (arr != NULL && n == 0)
        report(c, "level2.sectors", "must not be empty (omit it for one level-2 pool)");
    if (n > 0) {
        b->sector = calloc(n, sizeof *b->sector);
        b->sector_name = calloc(n, sizeof *b->sector_name);
        b->sector_share = calloc(n, sizeof *b->sector_share);
        if (b->sector == NULL || b->sector_name == NULL || b->sector_share == NULL) {
            nomem(c);
            return;
        }
        b->n_sectors = n;
    }
    read_sharing(o, sc, b, c);
    if (n == 0)
        return;
    /* The sectors inherit level2's keys: read them only once those are right, so that a bad
     * level2 key is reported once, where it is written. */
    if (c->errors != 0)
        return;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        read_sector(o, cJSON_GetArrayItem(arr, (int)i), i, b, c);
        sum += b->sector_share[i];
    }
    if (b->pref_sector < 0)
        report(c, "level2.sectors",
               "expected one sector with \"prefectures\": true (it receives the prefectures' "
               "escalations), got none");
    /* The rest of the national escalations goes to sectors the scenario does not model, and
     * ends at level 1 as without sectors; more than all of them is a mistake. */
    if (sum > 1 + 1e-9)
        report(c, "level2.sectors", "shares must sum to at most 1, got %s", num(sum).s);
}

static void read_levels(cJSON *root, struct cc_scenario *sc, struct build *b, struct ctx *c)
{
    static const char *const keys[] = {"direct_calls_per_day", "escalate", "interior_share",
                                       STATION_KEYS, NULL};
    static const char *const esc_keys[] = {"direct", "prefecture", NULL};
    static const char *const l2_keys[] = {STATION_KEYS, "sectors", "sharing", NULL};
    cJSON *o = get_section(root, "level1", "", c);
    cJSON *l2 = cJSON_GetObjectItemCaseSensitive(root, "level2");
    const bool sectors = cJSON_IsObject(l2) && cJSON_GetObjectItemCaseSensitive(l2, "sectors");
    check_keys(o, "level1", keys, c);
    b->direct_cpd = 7000;
    get_number(o, "direct_calls_per_day", "level1", at_least(0), F_CALLS, &b->direct_cpd, c);
    cJSON *e = get_section(o, "escalate", "level1", c);
    check_keys(e, "level1.escalate", esc_keys, c);
    b->esc_direct = 0.20;
    get_number(e, "direct", "level1.escalate", between(0, 1), 0, &b->esc_direct, c);
    b->esc_pref = 0.05;
    get_number(e, "prefecture", "level1.escalate", between(0, 1), 0, &b->esc_pref, c);
    b->interior_share = 0.22;
    if (!sectors)
        get_number(o, "interior_share", "level1", between(0, 1), 0, &b->interior_share, c);
    else if (cJSON_GetObjectItemCaseSensitive(o, "interior_share") != NULL)
        report(c, "level1.interior_share",
               "not used with level2.sectors (each sector's share replaces it): give null to "
               "drop it");
    read_station(o, "level1", &level1_def, &b->l1, c);
    o = get_section(root, "level2", "", c);
    check_keys(o, "level2", l2_keys, c);
    if (!sectors) {
        read_station(o, "level2", &level2_def, &b->l2, c);
        read_sectors(o, sc, b, c);
        return;
    }
    /* With sectors each sector gives its own staff: level2's would count nowhere. */
    for (size_t k = 0; staff_keys[k] != NULL; k++)
        if (cJSON_GetObjectItemCaseSensitive(o, staff_keys[k]) != NULL) {
            char p[PATH_LEN];
            join(p, "level2", staff_keys[k]);
            report(c, p,
                   "not used with level2.sectors (each sector gives its own staff): give "
                   "null to drop it");
        }
    struct station_def def = level2_def;
    def.etpt = -1;
    def.agents = 0;
    read_station(o, "level2", &def, &b->l2, c);
    cJSON_DeleteItemFromObjectCaseSensitive(o, "agents"); /* the default just written */
    read_sectors(o, sc, b, c);
}

static void read_transfer(cJSON *root, struct cc_transfer *t, struct ctx *c)
{
    static const char *const keys[] = {"mode", "delay_s", "handling_s", NULL};
    static const char *const modes[] = {"ivr", "after_answer", NULL};
    cJSON *o = get_section(root, "transfer", "", c);
    check_keys(o, "transfer", keys, c);
    int mode = CC_TRANSFER_IVR;
    get_choice(o, "mode", "transfer", modes, &mode, c);
    t->mode = (enum cc_transfer_mode)mode;
    get_number(o, "delay_s", "transfer", at_least(0), F_DUR, &t->delay.mean_s, c);
    get_number(o, "handling_s", "transfer", above(0), F_DUR, &t->handling.mean_s, c);
}

static void read_retrial(cJSON *root, struct cc_retrial *r, struct ctx *c)
{
    static const char *const keys[] = {"p", "delay_s", "max_attempts", NULL};
    cJSON *o = get_section(root, "retrial", "", c);
    check_keys(o, "retrial", keys, c);
    get_number(o, "p", "retrial", between(0, 1), 0, &r->p, c);
    get_number(o, "delay_s", "retrial", above(0), F_DUR, &r->delay.mean_s, c);
    /* A cap: with p = 1 a blocked caller would otherwise retry up to 1e9 times. */
    get_int(o, "max_attempts", "retrial", between(1, 100), 0, &r->max_attempts, c);
}

static void read_costs(cJSON *root, struct cc_costs *k, struct ctx *c)
{
    static const char *const keys[] = {
        "l1_eur_per_call", "l1_eur_per_min",     "etpt_eur_per_year", "tariff_eur_per_min",
        "ministry_share",  "open_days_per_year", "l1_billing",        NULL};
    static const char *const billings[] = {"per_call_answered", "per_call_offered", "per_minute",
                                           NULL};
    cJSON *o = get_section(root, "costs", "", c);
    check_keys(o, "costs", keys, c);
    get_number(o, "l1_eur_per_call", "costs", at_least(0), 0, &k->l1_eur_per_call, c);
    get_number(o, "l1_eur_per_min", "costs", at_least(0), 0, &k->l1_eur_per_min, c);
    get_number(o, "etpt_eur_per_year", "costs", at_least(0), 0, &k->etpt_eur_per_year, c);
    get_number(o, "tariff_eur_per_min", "costs", at_least(0), 0, &k->tariff_eur_per_min, c);
    get_number(o, "ministry_share", "costs", between(0, 1), 0, &k->ministry_share, c);
    get_number(o, "open_days_per_year", "costs", (struct range){0, 366, true, false}, 0,
               &k->open_days_per_year, c);
    int billing = CC_BILL_ANSWERED;
    get_choice(o, "l1_billing", "costs", billings, &billing, c);
    k->l1_billing = (enum cc_l1_billing)billing;
    /* A price per call that the basis never charges would be silently ignored. */
    if (k->l1_billing == CC_BILL_MINUTE && k->l1_eur_per_call > 0)
        report(c, "costs.l1_eur_per_call", "expected 0 when costs.l1_billing is per_minute, got %g",
               k->l1_eur_per_call);
}

/* Arrivals need some weight on the station's opening hours. */
static void check_weights(const struct build *b, const struct spec *sp, const char *who,
                          struct ctx *c)
{
    double days = 0, hours = 0;
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++)
        days += sp->days[d] ? b->weekday[d] : 0;
    for (int s = 0; s < c->slots; s++)
        hours += sp->slot_open[s] ? slot_weight(b->intraday, s, c->interval_min) : 0;
    if (days <= 0)
        report(c, "calendar.weekday_weights", "all 0 on the open days of %s", who);
    if (hours <= 0)
        report(c, "calendar.intraday_weights", "all 0 in the opening hours of %s", who);
}

static void read_network(cJSON *root, struct cc_scenario *sc, struct build *b, struct ctx *c)
{
    read_calendar(root, sc, b, c);
    read_prefectures(root, b, c);
    read_transfer(root, &sc->transfer, c);
    read_levels(root, sc, b, c);
    read_retrial(root, &sc->retrial, c);
    if (c->errors != 0)
        return;
    check_weights(b, &b->pref, "prefectures", c);
    if (b->direct_cpd > 0)
        check_weights(b, &b->l1, "level1", c);
}

void read_top(cJSON *root, struct cc_scenario *sc, struct build *b, struct ctx *c)
{
    static const char *const models[] = {"network", "station", NULL};
    static const char *const station_keys[] = {"name",     "description", "model", "seed", "run",
                                               "arrivals", "station",     "costs", NULL};
    static const char *const network_keys[] = {
        "name",     "description", "model",  "seed",    "run",   "calendar", "prefectures",
        "transfer", "level1",      "level2", "retrial", "costs", NULL};
    int model = 0;
    get_choice(root, "model", "", models, &model, c);
    sc->stationary = model == 1;
    check_keys(root, "", sc->stationary ? station_keys : network_keys, c);
    const char *slash = strrchr(c->file, '/'), *s = NULL;
    char base[PATH_LEN];
    snprintf(base, sizeof base, "%s", slash != NULL ? slash + 1 : c->file);
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        base[len - 5] = '\0';
    bool from_file = cJSON_GetObjectItemCaseSensitive(root, "name") == NULL;
    if (get_string(root, "name", "", base, &s, c))
        check_file_name(c, "name", s, from_file ? " (the file's name: give a \"name\")" : "");
    sc->name = strdup(s != NULL ? s : base);
    s = "";
    get_string(root, "description", "", "", &s, c);
    sc->description = strdup(s);
    double seed = 1;
    get_number(root, "seed", "", between(0, SEED_MAX), F_INT, &seed, c);
    sc->seed = (uint64_t)seed;
    read_run(root, sc, c);
    if (sc->stationary)
        read_station_model(root, b, c);
    else
        read_network(root, sc, b, c);
    read_costs(root, &sc->costs, c);
    if (sc->name == NULL || sc->description == NULL)
        nomem(c);
}
