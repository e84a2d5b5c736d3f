/* cc_scenario: a scenario file (JSON) -> a validated, fully resolved struct cc_scenario.
 * The only file that includes cJSON.h. Steps: read the file and its "extends" parents (objects
 * merge key by key, the child wins, null removes a key), apply the --set list, check every key
 * (all problems go to the sim_diag as "file: json.path: message"), write every default into the
 * tree (so resolved_json shows each value used), then resolve per-slot arrays for a week of
 * 7 * slots_per_day slots: arrival rates in calls per second, integer agents on duty.
 * Invariants: a returned scenario passed every check; on any error NULL is returned and nothing
 * leaks. Only regular files of at most 16 MiB of UTF-8 are read (a FIFO would block, a device
 * never end); names that become folders and CSV cells are plain file names (docs/csv.md). ETPT
 * conversion: docs/model.md s.5. Prefecture volumes with calls_per_day_cv > 0 follow a
 * deterministic lognormal spread at the quantiles (i + 0.5) / n, so no random numbers are used. */
#include "models/scenario.h"

#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <sha2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* ---- messages ---------------------------------------------------------------------------- */

static void add_line(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_line(struct ctx *c, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sim_diag_add(c->d, "%s", msg);
    c->errors++;
}

static void report_in(struct ctx *c, const char *file, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report_in(struct ctx *c, const char *file, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (path[0] != '\0')
        add_line(c, "%s: %s: %s", file, path, msg);
    else
        add_line(c, "%s: %s", file, msg);
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 when it is not valid UTF-8
 * (overlong forms, surrogates and code points above U+10FFFF included). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned lead = s[0];
    size_t len = lead < 0x80                    ? 1
                 : lead >= 0xC2 && lead <= 0xDF ? 2
                 : (lead & 0xF0) == 0xE0        ? 3
                 : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((lead == 0xE0 && s[1] < 0xA0) || (lead == 0xED && s[1] > 0x9F) ||
        (lead == 0xF0 && s[1] < 0x90) || (lead == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

/* Offset of the first byte of s[0..n) that is not valid UTF-8, or n. */
static size_t utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len(u + i, n - i);
        if (k == 0)
            return i;
        i += k;
    }
    return n;
}

/* User text as a message quotes it: at most ECHO_MAX characters then "...", control bytes and
 * invalid UTF-8 as \xNN, so a 10 kB key or a terminal escape never lands on stderr whole. */
struct echo {
    char s[ECHO_MAX * 4 + 8];
};
static struct echo echo_n(const char *s, size_t n)
{
    struct echo e;
    const unsigned char *u = (const unsigned char *)s;
    size_t out = 0, chars = 0, i = 0;
    while (i < n && chars < ECHO_MAX) {
        size_t k = utf8_len(u + i, n - i);
        if (k == 0 || u[i] < 0x20 || u[i] == 0x7F) {
            snprintf(e.s + out, sizeof e.s - out, "\\x%02X", u[i]);
            out += 4;
            k = 1;
        } else {
            memcpy(e.s + out, s + i, k);
            out += k;
        }
        i += k;
        chars++;
    }
    if (i < n) {
        memcpy(e.s + out, "...", 3);
        out += 3;
    }
    e.s[out] = '\0';
    return e;
}
static struct echo echo(const char *s)
{
    return echo_n(s, strlen(s));
}

/* Whether the JSON path a is b or one of b's ancestors ("a.b" of "a.b.c" or "a.b[2]"). */
static bool path_covers(const char *a, const char *b)
{
    size_t n = strlen(a);
    return n > 0 && strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '.' || b[n] == '[');
}

/* Whether b is a plus one index ("a[3]"): an item added to or changed in list a. */
static bool path_is_item(const char *a, const char *b)
{
    size_t n = strlen(a);
    if (n == 0 || strncmp(a, b, n) != 0 || b[n] != '[')
        return false;
    size_t k = strspn(b + n + 1, "0123456789");
    return k > 0 && strcmp(b + n + 1 + k, "]") == 0;
}

/* The last --set that wrote path, an ancestor of it, or an item of the list at path; with
 * as_key also one that wrote below path (it created that key). NULL: the file did. */
static const char *set_source(const struct ctx *c, const char *path, bool as_key)
{
    for (size_t i = c->n_sets; i-- > 0;) {
        const char *sp = c->set_paths[i];
        if (path_covers(sp, path) || path_is_item(path, sp) || (as_key && path_covers(path, sp)))
            return c->sets[i];
    }
    return NULL;
}

static void report_msg(struct ctx *c, const char *source_path, bool as_key, const char *path,
                       const char *msg)
{
    const char *set = c->n_sets > 0 ? set_source(c, source_path, as_key) : NULL;
    if (set == NULL)
        report_in(c, c->file, path, "%s", msg);
    else if (path[0] != '\0')
        add_line(c, "--set '%s': %s: %s", echo(set).s, path, msg);
    else
        add_line(c, "--set '%s': %s", echo(set).s, msg);
}

/* "file: json.path: message", or "--set 'path=value': json.path: message" when a --set put
 * the value there. */
static void report(struct ctx *c, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void report(struct ctx *c, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report_msg(c, path, false, path, msg);
}

static void nomem(struct ctx *c)
{
    if (!c->nomem_seen)
        add_line(c, "%s: %s", c->file, strerror(ENOMEM));
    c->nomem_seen = true;
    c->errors++;
}

/* Shortest text that reads back as x ("-3", "1.5", "9007199254740992"). */
struct num {
    char s[32];
};
static struct num num(double x)
{
    struct num n;
    snprintf(n.s, sizeof n.s, "%.15g", x);
    if (strtod(n.s, NULL) != x)
        snprintf(n.s, sizeof n.s, "%.17g", x);
    return n;
}

struct hhmm {
    char s[16];
};
static struct hhmm hhmm(double minutes)
{
    struct hhmm t;
    int m = (int)lround(minutes);
    snprintf(t.s, sizeof t.s, "%02d:%02d", m / 60, m % 60);
    return t;
}

/* A path too long for PATH_LEN ends in "..." (only absurdly deep user files get there). */
static void mark_truncated(char *out, int n)
{
    if (n >= PATH_LEN)
        memcpy(out + PATH_LEN - 4, "...", 4);
}

static void join(char *out, const char *path, const char *key)
{
    int n = path[0] != '\0' ? snprintf(out, PATH_LEN, "%s.%s", path, key)
                            : snprintf(out, PATH_LEN, "%s", key);
    mark_truncated(out, n);
}

static void join_index(char *out, const char *path, size_t i)
{
    mark_truncated(out, snprintf(out, PATH_LEN, "%s[%zu]", path, i));
}

static const char *type_name(const cJSON *v)
{
    if (cJSON_IsBool(v))
        return "boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsNumber(v))
        return "number";
    if (cJSON_IsString(v))
        return "string";
    if (cJSON_IsArray(v))
        return "array";
    if (cJSON_IsObject(v))
        return "object";
    return "invalid JSON";
}

/* Type name, or the quoted string, or "array of N items": what a message says it got. */
struct got {
    char s[sizeof(struct echo) + 2];
};
static struct got got(const cJSON *v)
{
    struct got g;
    if (cJSON_IsString(v))
        snprintf(g.s, sizeof g.s, "\"%s\"", echo(v->valuestring).s);
    else if (cJSON_IsArray(v))
        snprintf(g.s, sizeof g.s, "array of %d item%s", cJSON_GetArraySize(v),
                 cJSON_GetArraySize(v) == 1 ? "" : "s");
    else
        snprintf(g.s, sizeof g.s, "%s", type_name(v));
    return g;
}

/* '"a", "b" or "c"' */
static void choice_text(char *buf, size_t n, const char *const *names)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i] != NULL && len < n; i++) {
        const char *sep = i == 0 ? "" : names[i + 1] != NULL ? ", " : " or ";
        int k = snprintf(buf + len, n - len, "%s\"%s\"", sep, names[i]);
        len += k > 0 ? (size_t)k : 0;
    }
}

static int find_name(const char *s, const char *const *names)
{
    for (int i = 0; names[i] != NULL; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* ---- unknown keys ------------------------------------------------------------------------ */

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[NAME_LEN];
    if (la >= NAME_LEN || lb >= NAME_LEN)
        return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

/* Closest allowed key within edit distance 2, else one that key is a prefix of (or that is a
 * prefix of key), at least 3 characters long; NULL if none. */
static const char *suggest(const char *key, const char *const *allowed)
{
    const char *best = NULL;
    size_t best_d = 3, lk = strlen(key);
    for (size_t i = 0; allowed[i] != NULL; i++) {
        size_t d = edit_distance(key, allowed[i]);
        if (d < best_d) {
            best_d = d;
            best = allowed[i];
        }
    }
    for (size_t i = 0; best == NULL && allowed[i] != NULL; i++) {
        size_t la = strlen(allowed[i]);
        if ((lk >= 3 && strncmp(allowed[i], key, lk) == 0) ||
            (la >= 3 && strncmp(key, allowed[i], la) == 0))
            best = allowed[i];
    }
    return best;
}

static void check_keys(const cJSON *obj, const char *path, const char *const *allowed,
                       struct ctx *c)
{
    for (const cJSON *it = obj != NULL ? obj->child : NULL; it != NULL; it = it->next) {
        if (it->string == NULL || find_name(it->string, allowed) >= 0)
            continue;
        const char *s = suggest(it->string, allowed);
        char key_path[PATH_LEN], msg[512];
        join(key_path, path, it->string);
        if (s != NULL)
            snprintf(msg, sizeof msg, "unknown key '%s' (did you mean '%s'?)", echo(it->string).s,
                     s);
        else
            snprintf(msg, sizeof msg, "unknown key '%s'", echo(it->string).s);
        report_msg(c, key_path, true, path, msg);
    }
}

/* cJSON keeps both copies of a repeated key; a scenario must not be ambiguous. */
static void check_duplicates(const cJSON *node, const char *path, const char *file, struct ctx *c)
{
    size_t i = 0;
    for (const cJSON *it = node->child; it != NULL; it = it->next, i++) {
        char p[PATH_LEN];
        if (cJSON_IsObject(node)) {
            for (const cJSON *q = node->child; q != it; q = q->next) {
                if (strcmp(q->string, it->string) == 0) {
                    report_in(c, file, path, "duplicate key '%s'", echo(it->string).s);
                    break;
                }
            }
            join(p, path, it->string);
        } else {
            join_index(p, path, i);
        }
        check_duplicates(it, p, file, c);
    }
}

/* ---- typed getters: each reports its own problems, writes its default when the key is
 * missing, and leaves *out unchanged (the default) when the value is wrong ---------------- */

struct range {
    double lo, hi;
    bool lo_open, hi_open;
};
static struct range at_least(double lo)
{
    return (struct range){lo, HUGE_VAL, false, false};
}
static struct range above(double lo)
{
    return (struct range){lo, HUGE_VAL, true, false};
}
static struct range between(double lo, double hi)
{
    return (struct range){lo, hi, false, false};
}

static bool in_range(double x, struct range r)
{
    bool lo_ok = r.lo_open ? x > r.lo : x >= r.lo;
    bool hi_ok = r.hi_open ? x < r.hi : x <= r.hi;
    return lo_ok && hi_ok;
}

enum { F_REQ = 1, F_INT = 2, F_DUR = 4, F_CV = 8, F_CALLS = 16, F_WEIGHT = 32 };

/* The limits above for a value of kind flags (0 and HUGE_VAL: none). */
static void limits(unsigned flags, struct range r, double *lo, double *hi)
{
    *lo = 0;
    *hi = HUGE_VAL;
    if (flags & F_DUR) {
        *lo = DURATION_MIN;
        *hi = DURATION_MAX;
    } else if (flags & F_CV) {
        *lo = CV_MIN;
        *hi = CV_MAX;
    } else if (flags & F_CALLS) {
        *hi = CALLS_MAX;
    } else if (flags & F_WEIGHT) {
        *hi = WEIGHT_MAX;
    } else if ((flags & F_INT) && r.hi == HUGE_VAL) {
        *hi = INT_LIMIT; /* stored as int */
    }
}

static bool check_number(const cJSON *v, const char *p, struct range r, unsigned flags, double *out,
                         struct ctx *c)
{
    if (!cJSON_IsNumber(v)) {
        report(c, p, "expected %s, got %s", flags & F_INT ? "integer" : "number", type_name(v));
        return false;
    }
    double x = v->valuedouble;
    if (!isfinite(x)) {
        report(c, p, "must be a finite number, got %s", num(x).s);
        return false;
    }
    if ((flags & F_INT) && x != floor(x)) {
        report(c, p, "must be an integer, got %s", num(x).s);
        return false;
    }
    if (!in_range(x, r)) {
        if (r.hi == HUGE_VAL)
            report(c, p, "must be %s %s, got %s", r.lo_open ? ">" : ">=", num(r.lo).s, num(x).s);
        else
            report(c, p, "must be in %c%s, %s%c, got %s", r.lo_open ? '(' : '[', num(r.lo).s,
                   num(r.hi).s, r.hi_open ? ')' : ']', num(x).s);
        return false;
    }
    double lo, hi;
    limits(flags, r, &lo, &hi);
    if (x > hi || (x > 0 && x < lo)) {
        if (x > hi)
            report(c, p, "must be <= %s, got %s", num(hi).s, num(x).s);
        else
            report(c, p, "must be %s%s, got %s", r.lo_open ? ">= " : "0 or >= ", num(lo).s,
                   num(x).s);
        return false;
    }
    *out = x;
    return true;
}

static void add_item(cJSON *obj, const char *key, cJSON *item, struct ctx *c)
{
    if (item == NULL || obj == NULL || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        nomem(c);
    }
}

static bool get_number(cJSON *obj, const char *key, const char *path, struct range r,
                       unsigned flags, double *out, struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) {
        if (flags & F_REQ) {
            report(c, p, "missing required key");
            return false;
        }
        add_item(obj, key, cJSON_CreateNumber(*out), c);
        return true;
    }
    return check_number(v, p, r, flags, out, c);
}

static bool get_int(cJSON *obj, const char *key, const char *path, struct range r, unsigned flags,
                    int *out, struct ctx *c)
{
    double x = *out;
    if (!get_number(obj, key, path, r, flags | F_INT, &x, c))
        return false;
    *out = (int)x;
    return true;
}

static bool get_string(cJSON *obj, const char *key, const char *path, const char *def,
                       const char **out, struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) {
        add_item(obj, key, cJSON_CreateString(def), c);
        *out = def;
        return true;
    }
    if (!cJSON_IsString(v)) {
        report(c, p, "expected string, got %s", type_name(v));
        return false;
    }
    *out = v->valuestring;
    return true;
}

/* One of names; *out holds the default's index on entry. */
static bool get_choice(cJSON *obj, const char *key, const char *path, const char *const *names,
                       int *out, struct ctx *c)
{
    char p[PATH_LEN], t[256];
    join(p, path, key);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL) {
        add_item(obj, key, cJSON_CreateString(names[*out]), c);
        return true;
    }
    int i = cJSON_IsString(v) ? find_name(v->valuestring, names) : -1;
    if (i >= 0) {
        *out = i;
        return true;
    }
    choice_text(t, sizeof t, names);
    report(c, p, "expected %s, got %s", t, got(v).s);
    return false;
}

/* The object obj.key, created empty when missing; a value of another type is reported and
 * replaced by an empty object, so its keys are checked against the defaults. NULL: no memory. */
static cJSON *get_section(cJSON *obj, const char *key, const char *path, struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, key);
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsObject(v))
        return v;
    cJSON *fresh = cJSON_CreateObject();
    if (v != NULL) {
        report(c, p, "expected object, got %s", type_name(v));
        if (fresh != NULL && cJSON_ReplaceItemInObjectCaseSensitive(obj, key, fresh))
            return fresh;
    } else if (fresh != NULL && obj != NULL && cJSON_AddItemToObject(obj, key, fresh)) {
        return fresh;
    }
    cJSON_Delete(fresh);
    nomem(c);
    return NULL;
}

/* The array obj.key; when missing, def_json is written in (def_json NULL: required). */
static cJSON *get_array(cJSON *obj, const char *key, const char *path, const char *def_json,
                        struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, key);
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v == NULL && def_json == NULL) {
        report(c, p, "missing required key");
        return NULL;
    }
    if (v == NULL) {
        v = cJSON_Parse(def_json);
        add_item(obj, key, v, c);
        return cJSON_GetObjectItemCaseSensitive(obj, key);
    }
    if (!cJSON_IsArray(v)) {
        report(c, p, "expected array, got %s", type_name(v));
        return NULL;
    }
    return v;
}

/* Exactly n numbers in r; why (or NULL) explains n in the message. */
static void get_numbers(cJSON *obj, const char *key, const char *path, const char *def_json,
                        size_t n, const char *why, struct range r, unsigned flags, double *out,
                        struct ctx *c)
{
    char p[PATH_LEN];
    join(p, path, key);
    const cJSON *a = get_array(obj, key, path, def_json, c);
    if (a == NULL)
        return;
    size_t size = (size_t)cJSON_GetArraySize(a), i = 0;
    if (size != n) {
        report(c, p, "expected %zu items%s%s, got %zu", n, why != NULL ? " " : "",
               why != NULL ? why : "", size);
        return;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        char pi[PATH_LEN];
        join_index(pi, p, i);
        check_number(it, pi, r, flags, &out[i], c);
        i++;
    }
}

/* ---- loading: files, syntax errors, extends, --set ---------------------------------------- */

/* Reads a regular file of at most FILE_MAX bytes. The descriptor is opened non-blocking and
 * checked with fstat before any read: a FIFO would block the open (and the read) forever and a
 * device such as /dev/zero never ends. The size check is repeated while reading, since the
 * file may grow after fstat. */
static char *read_file(const char *path, size_t *len, struct ctx *c)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        add_line(c, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        add_line(c, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size > FILE_MAX) {
        if (!S_ISREG(st.st_mode))
            add_line(c, "%s: expected a regular file, got %s", path,
                     sim_diag_file_kind(st.st_mode));
        else
            add_line(c, "%s: file is larger than 16 MiB", path);
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    int err = buf == NULL ? ENOMEM : 0;
    while (err == 0 && n <= FILE_MAX) {
        if (n + 1 == cap) { /* full: the file grew; never beyond FILE_MAX + 1 bytes */
            size_t bigger_cap = cap + FILE_CHUNK > FILE_MAX + 2 ? FILE_MAX + 2 : cap + FILE_CHUNK;
            char *bigger = realloc(buf, bigger_cap);
            if (bigger == NULL) {
                err = ENOMEM;
                break;
            }
            buf = bigger;
            cap = bigger_cap;
        }
        size_t want = cap - 1 - n < FILE_CHUNK ? cap - 1 - n : FILE_CHUNK;
        ssize_t got_n = read(fd, buf + n, want);
        if (got_n < 0 && errno == EINTR)
            continue;
        if (got_n < 0)
            err = errno;
        else if (got_n == 0)
            break;
        else
            n += (size_t)got_n;
    }
    close(fd);
    if (err == 0 && n > FILE_MAX) {
        add_line(c, "%s: file is larger than 16 MiB", path);
        free(buf);
        return NULL;
    }
    if (err != 0) {
        add_line(c, "%s: %s", path, strerror(err));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The top scenario given as bytes (cc_scenario_load_text), as read_file would return it: a
 * copy ended by a NUL, within the same size limit. */
static char *text_copy(const char *path, const char *text, size_t n, size_t *len, struct ctx *c)
{
    if (n > FILE_MAX) {
        add_line(c, "%s: file is larger than 16 MiB", path);
        return NULL;
    }
    char *buf = malloc(n + 1);
    if (buf == NULL) {
        add_line(c, "%s: %s", path, strerror(ENOMEM));
        return NULL;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Line and column (in UTF-8 characters, from 1) of position end in text. */
static void line_col(const char *text, const char *end, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (const char *q = text; q < end; q++) {
        if (*q == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)*q & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

/* The first "\u0000" escape inside a string, or NULL: cJSON would end the C string there and
 * drop the rest of the value ("a\u0000/b" would read as "a"). */
static const char *nul_escape(const char *text)
{
    bool in_str = false;
    for (const char *q = text; *q != '\0'; q++) {
        if (!in_str) {
            in_str = *q == '"';
        } else if (*q == '"') {
            in_str = false;
        } else if (*q == '\\') {
            if (strncmp(q + 1, "u0000", 5) == 0)
                return q;
            if (q[1] != '\0')
                q++;
        }
    }
    return NULL;
}

/* JSON text is UTF-8 (RFC 8259 s.8.1) without NUL: cJSON would stop at a NUL and silently
 * ignore the rest of the file, and invalid UTF-8 would reach names, folders and CSV cells.
 * Returns the text to parse: after a UTF-8 byte order mark, which Windows editors write and
 * which is accepted on purpose (RFC 8259 lets a parser ignore it). NULL: reported. */
static const char *check_text(const char *buf, size_t n, const char *path, struct ctx *c)
{
    const char *text = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
    size_t len = n - (size_t)(text - buf);
    const char *nul = memchr(text, '\0', len);
    size_t bad = utf8_invalid_at(text, nul != NULL ? (size_t)(nul - text) : len);
    int line, col;
    if (nul != NULL && bad == (size_t)(nul - text)) {
        line_col(text, nul, &line, &col);
        add_line(c, "%s:%d:%d: NUL byte in JSON text", path, line, col);
        return NULL;
    }
    if (bad < len) {
        line_col(text, text + bad, &line, &col);
        add_line(c, "%s:%d:%d: invalid UTF-8 in JSON text", path, line, col);
        return NULL;
    }
    const char *esc = nul_escape(text);
    if (esc != NULL) {
        line_col(text, esc, &line, &col);
        add_line(c, "%s:%d:%d: \\u0000 (NUL) in a JSON string", path, line, col);
        return NULL;
    }
    return text;
}

/* cJSON 1.7.15 reports a bad object key one character late (parse_string moves past it), so
 * '{"a": 1,}' would point after the '}'. When end - 1 is where a key should start (after '{'
 * or ',' inside an object), step back onto it. */
static const char *key_error_position(const char *buf, const char *end)
{
    char stack[64], last = 0;
    int depth = 0;
    bool in_str = false;
    if (end == buf || isspace((unsigned char)end[-1]))
        return end;
    for (const char *q = buf; q < end - 1; q++) {
        if (in_str) {
            if (*q == '\\')
                q++;
            else if (*q == '"')
                in_str = false;
            continue;
        }
        if (isspace((unsigned char)*q))
            continue;
        if (*q == '{' || *q == '[') {
            if (depth == (int)sizeof stack)
                return end;
            stack[depth++] = *q;
        } else if ((*q == '}' || *q == ']') && depth > 0) {
            depth--;
        }
        in_str = *q == '"';
        last = *q;
    }
    bool key_expected =
        !in_str && depth > 0 && stack[depth - 1] == '{' && (last == '{' || last == ',');
    return key_expected ? end - 1 : end;
}

/* Syntax errors give "file:line:col: invalid JSON near '...'" from return_parse_end (the
 * global cJSON_GetErrorPtr is not thread-safe). Columns count UTF-8 characters. */
static cJSON *parse_json(const char *buf, const char *path, struct ctx *c)
{
    const char *end = NULL;
    cJSON *tree = cJSON_ParseWithOpts(buf, &end, 1);
    if (tree != NULL)
        return tree;
    if (end == NULL) {
        add_line(c, "%s: %s", path, strerror(ENOMEM));
        return NULL;
    }
    end = key_error_position(buf, end);
    int line, col;
    line_col(buf, end, &line, &col);
    if (*end == '\0') {
        add_line(c, "%s:%d:%d: invalid JSON near end of file", path, line, col);
    } else {
        size_t k = strcspn(end, "\r\n");
        add_line(c, "%s:%d:%d: invalid JSON near '%.*s'", path, line, col, (int)(k < 10 ? k : 10),
                 end);
    }
    return NULL;
}

static const char *const staff_keys[] = {"agents", "agents_schedule", "etpt", NULL};
/* Prefecture volumes are one choice too: a list, or a mean (and spread) for all. */
static const char *const calls_list_keys[] = {"calls_per_day_list", NULL};
static const char *const calls_mean_keys[] = {"calls_per_day", "calls_per_day_cv", NULL};

/* The keys an override naming key drops from its base (key itself excepted), or NULL. */
static const char *const *other_choices(const char *key)
{
    if (find_name(key, staff_keys) >= 0)
        return staff_keys;
    if (find_name(key, calls_list_keys) >= 0)
        return calls_mean_keys;
    if (find_name(key, calls_mean_keys) >= 0)
        return calls_list_keys;
    return NULL;
}

/* Drops from obj the keys of the other choices than key (staffing: the other staffing keys;
 * volumes: list versus mean) unless over (may be NULL) gives them too. */
static void drop_choices(cJSON *obj, const char *key, const cJSON *over)
{
    const char *const *drop = other_choices(key);
    for (size_t i = 0; drop != NULL && drop[i] != NULL; i++)
        if (strcmp(drop[i], key) != 0 &&
            (over == NULL || cJSON_GetObjectItemCaseSensitive(over, drop[i]) == NULL))
            cJSON_DeleteItemFromObjectCaseSensitive(obj, drop[i]);
}

/* Staffing is one choice: an override that names one staffing key drops the others; so are
 * prefecture volumes (calls_per_day_list, or calls_per_day with calls_per_day_cv). */
static void drop_other_staffing(cJSON *base, const cJSON *over)
{
    for (const cJSON *v = over->child; v != NULL; v = v->next)
        if (v->string != NULL && !cJSON_IsNull(v))
            drop_choices(base, v->string, over);
}

/* Merges over into base: objects key by key, over wins, null removes; over is emptied. */
static void merge(cJSON *base, cJSON *over)
{
    drop_other_staffing(base, over);
    cJSON *item = over->child;
    while (item != NULL) {
        cJSON *next = item->next;
        cJSON *old = cJSON_GetObjectItemCaseSensitive(base, item->string);
        if (cJSON_IsNull(item)) {
            cJSON_Delete(cJSON_DetachItemViaPointer(base, old));
        } else if (cJSON_IsObject(old) && cJSON_IsObject(item)) {
            merge(old, item);
        } else {
            cJSON_DetachItemViaPointer(over, item);
            /* Both keep item->string: the key moves with the item. */
            if (old != NULL)
                cJSON_ReplaceItemViaPointer(base, old, item);
            else
                cJSON_AddItemToArray(base, item);
        }
        item = next;
    }
}

/* Null in a file means "absent": the default applies. */
static void strip_nulls(cJSON *node)
{
    cJSON *it = node->child;
    while (it != NULL) {
        cJSON *next = it->next;
        if (cJSON_IsNull(it) && cJSON_IsObject(node))
            cJSON_Delete(cJSON_DetachItemViaPointer(node, it));
        else
            strip_nulls(it);
        it = next;
    }
}

/* The files being loaded, child first; a file is identified by (device, inode). */
struct chain {
    const char *path;
    dev_t dev;
    ino_t ino;
    const struct chain *up;
};

static void append_chain(char *buf, size_t n, const struct chain *node)
{
    if (node->up != NULL)
        append_chain(buf, n, node->up);
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "%s -> ", node->path);
}

static char *sibling_path(const char *path, const char *rel)
{
    const char *slash = strrchr(path, '/');
    if (rel[0] == '/' || slash == NULL)
        return strdup(rel);
    size_t dir = (size_t)(slash - path) + 1, n = dir + strlen(rel) + 1;
    char *out = malloc(n);
    if (out != NULL)
        snprintf(out, n, "%.*s%s", (int)dir, path, rel);
    return out;
}

static cJSON *load_tree(const char *path, const struct chain *up, char *sha, struct ctx *c);

static cJSON *load_parent(const char *path, const cJSON *ext, const struct chain *up, struct ctx *c)
{
    if (!cJSON_IsString(ext)) {
        add_line(c, "%s: extends: expected string, got %s", path, type_name(ext));
        return NULL;
    }
    char *parent = sibling_path(path, ext->valuestring);
    struct stat mine, theirs;
    memset(&mine, 0, sizeof mine);
    memset(&theirs, 0, sizeof theirs);
    /* Text that is no file (stdin) has no inode: its parents are relative to the current
     * folder (sibling_path of "<stdin>") and it cannot be one of them. */
    int err = up == NULL && c->text != NULL ? 0 : stat(path, &mine) != 0 ? errno : 0;
    if (err == 0 && parent != NULL && stat(parent, &theirs) != 0)
        err = errno;
    struct chain me = {path, mine.st_dev, mine.st_ino, up};
    cJSON *base = NULL;
    bool cycle = false;
    for (const struct chain *q = &me; err == 0 && parent != NULL && q != NULL && !cycle; q = q->up)
        cycle = q->dev == theirs.st_dev && q->ino == theirs.st_ino;
    if (parent == NULL) {
        nomem(c);
    } else if (err != 0) {
        add_line(c, "%s: extends: cannot read '%s': %s", path, parent, strerror(err));
    } else if (cycle) {
        char text[1024] = "";
        append_chain(text, sizeof text, &me);
        add_line(c, "%s: extends: cycle %s%s", path, text, parent);
    } else {
        base = load_tree(parent, &me, NULL, c);
        /* A name is not inherited: two files never write to one results folder by accident. */
        cJSON_DeleteItemFromObjectCaseSensitive(base, "name");
    }
    free(parent);
    return base;
}

/* One file and its parents, merged; errors name the file they are in. */
/* Records a file read and its hash for the manifest (c->inputs, moved into the scenario). */
static void add_input(struct ctx *c, const char *path, const char *sha)
{
    struct cc_input_file *v = realloc(c->inputs, (c->n_inputs + 1) * sizeof *v);
    char *p = v != NULL ? strdup(path) : NULL;
    if (v != NULL)
        c->inputs = v;
    if (p == NULL) {
        nomem(c);
        return;
    }
    v[c->n_inputs].path = p;
    snprintf(v[c->n_inputs++].sha256, sizeof v->sha256, "%s", sha);
}

static cJSON *load_tree(const char *path, const struct chain *up, char *sha, struct ctx *c)
{
    size_t len = 0;
    char *buf = up == NULL && c->text != NULL ? text_copy(path, c->text, c->text_len, &len, c)
                                              : read_file(path, &len, c);
    if (buf == NULL)
        return NULL;
    char mine[SHA256_DIGEST_STRING_LENGTH];
    SHA256Data((const uint8_t *)buf, len, mine);
    add_input(c, path, mine);
    if (sha != NULL)
        memcpy(sha, mine, sizeof mine);
    const char *text = check_text(buf, len, path, c);
    cJSON *tree = text != NULL ? parse_json(text, path, c) : NULL;
    free(buf);
    if (tree == NULL)
        return NULL;
    if (!cJSON_IsObject(tree)) {
        add_line(c, "%s: expected object, got %s", path, type_name(tree));
        cJSON_Delete(tree);
        return NULL;
    }
    check_duplicates(tree, "", path, c);
    cJSON *ext = cJSON_DetachItemFromObjectCaseSensitive(tree, "extends");
    if (ext == NULL)
        return tree;
    cJSON *base = load_parent(path, ext, up, c);
    cJSON_Delete(ext);
    if (base != NULL)
        merge(base, tree);
    cJSON_Delete(tree);
    return base;
}

struct token {
    bool is_index;
    size_t at;
    char name[NAME_LEN];
};

#define INDEX_MAX 999999 /* no list of a scenario comes near; keeps an index in an int */
enum tok_error { TOK_SYNTAX = -1, TOK_LONG_KEY = -2, TOK_DEEP = -3, TOK_BIG_INDEX = -4 };

/* path := name ('[' digits ']')* ('.' name ('[' digits ']')*)*; returns the token count, or
 * a tok_error (*bad: the key too long). */
static int tokenize(const char *s, size_t len, struct token *t, const char **bad)
{
    int n = 0;
    size_t i = 0;
    for (;;) {
        size_t k = strcspn(s + i, ".[]=");
        if (k == 0 || i + k > len)
            return TOK_SYNTAX;
        if (k >= NAME_LEN) {
            *bad = s + i;
            return TOK_LONG_KEY;
        }
        if (n == MAX_TOKENS)
            return TOK_DEEP;
        t[n] = (struct token){false, 0, ""};
        memcpy(t[n++].name, s + i, k);
        for (i += k; i < len && s[i] == '['; i++) {
            size_t at = 0, j = i + 1;
            for (; j < len && isdigit((unsigned char)s[j]); j++)
                at = at > INDEX_MAX ? at : at * 10 + (size_t)(s[j] - '0');
            if (j == i + 1 || j >= len || s[j] != ']')
                return TOK_SYNTAX;
            if (n == MAX_TOKENS)
                return TOK_DEEP;
            if (at > INDEX_MAX)
                return TOK_BIG_INDEX;
            t[n++] = (struct token){true, at, ""};
            i = j;
        }
        if (i == len)
            return n;
        if (s[i] != '.')
            return TOK_SYNTAX;
        i++;
    }
}

static void extend_path(char *where, const struct token *t)
{
    char tmp[PATH_LEN];
    snprintf(tmp, sizeof tmp, "%s", where);
    if (t->is_index)
        join_index(where, tmp, t->at);
    else
        join(where, tmp, t->name);
}

/* Puts val at token t of container cur (replacing or appending); takes val on success. */
static bool place(cJSON *cur, const struct token *t, cJSON *val, const char *where, const char *set,
                  struct ctx *c)
{
    if (t->is_index) {
        size_t size = (size_t)cJSON_GetArraySize(cur);
        if (t->at > size) {
            add_line(c, "--set '%s': %s: index out of range (%zu items)", echo(set).s, where, size);
            return false;
        }
        if (t->at == size)
            return cJSON_AddItemToArray(cur, val);
        return cJSON_ReplaceItemInArray(cur, (int)t->at, val);
    }
    if (cJSON_IsNull(val)) {
        cJSON_DeleteItemFromObjectCaseSensitive(cur, t->name);
        cJSON_Delete(val);
        return true;
    }
    drop_choices(cur, t->name, NULL);
    if (cJSON_GetObjectItemCaseSensitive(cur, t->name) != NULL)
        return cJSON_ReplaceItemInObjectCaseSensitive(cur, t->name, val);
    return cJSON_AddItemToObject(cur, t->name, val);
}

/* The container at token t of cur, created when missing (an array when want_array). */
static cJSON *step(cJSON *cur, const struct token *t, bool want_array, const char *where,
                   const char *set, struct ctx *c)
{
    cJSON *child = t->is_index ? cJSON_GetArrayItem(cur, (int)t->at)
                               : cJSON_GetObjectItemCaseSensitive(cur, t->name);
    if (child != NULL && !cJSON_IsNull(child)) {
        if (want_array ? cJSON_IsArray(child) : cJSON_IsObject(child))
            return child;
        add_line(c, "--set '%s': %s: expected %s, got %s", echo(set).s, where,
                 want_array ? "array" : "object", type_name(child));
        return NULL;
    }
    cJSON *fresh = want_array ? cJSON_CreateArray() : cJSON_CreateObject();
    if (fresh == NULL || !place(cur, t, fresh, where, set, c)) {
        cJSON_Delete(fresh);
        return NULL;
    }
    return fresh;
}

static void spread_calls(double mean, double cv, int n, double *out);

/* The number at obj.key if it is one in [lo, hi], def when the key is missing; false when it
 * is there but not such a number (validation reports it later). */
static bool number_or(const cJSON *obj, const char *key, double lo, double hi, double def,
                      double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = v == NULL ? def : cJSON_IsNumber(v) ? v->valuedouble : NAN;
    return *out >= lo && *out <= hi;
}

/* "prefectures.calls_per_day_list[i]=v" on a scenario that gives calls_per_day (and
 * calls_per_day_cv), as every shipped one does: writes the list those imply first, so one
 * prefecture can change and the others keep their volumes. Nothing happens when the list is
 * there, or when count, calls_per_day or calls_per_day_cv are not valid (they get reported). */
static void write_calls_list(cJSON *root, const struct token *tok, int n, struct ctx *c)
{
    if (n < 3 || tok[0].is_index || strcmp(tok[0].name, "prefectures") != 0 || tok[1].is_index ||
        strcmp(tok[1].name, "calls_per_day_list") != 0 || !tok[2].is_index)
        return;
    cJSON *o = cJSON_GetObjectItemCaseSensitive(root, "prefectures");
    double count, mean, cv;
    if (!cJSON_IsObject(o) || cJSON_GetObjectItemCaseSensitive(o, "calls_per_day_list") != NULL ||
        !number_or(o, "count", 1, 200, 14, &count) || count != floor(count) ||
        !number_or(o, "calls_per_day", DBL_MIN, CALLS_MAX, 350, &mean) ||
        !number_or(o, "calls_per_day_cv", 0, CV_MAX, 0, &cv) || (cv > 0 && cv < CV_MIN) ||
        tok[2].at > (size_t)count)
        return; /* the same ranges as read_calls: an invalid value stays to be reported */
    double cpd[200];
    spread_calls(mean, cv, (int)count, cpd);
    cJSON *list = cJSON_CreateDoubleArray(cpd, (int)count);
    if (list == NULL || !cJSON_AddItemToObject(o, "calls_per_day_list", list)) {
        cJSON_Delete(list);
        nomem(c);
        return;
    }
    drop_choices(o, "calls_per_day_list", NULL);
}

/* "a.b[2].c=value": value is JSON if it parses, else a string; null removes the key. A --set
 * that fails leaves the tree as it was (no empty container left behind to cause more
 * messages). On success c->set_paths[i] is the path it wrote. */
static void apply_set(cJSON *root, size_t i_set, struct ctx *c)
{
    const char *set = c->sets[i_set];
    const char *eq = strchr(set, '='), *bad = "";
    struct token tok[MAX_TOKENS];
    int n = eq != NULL ? tokenize(set, (size_t)(eq - set), tok, &bad) : TOK_SYNTAX;
    if (n == TOK_LONG_KEY) {
        add_line(c, "--set '%s': key '%s' is longer than %d characters", echo(set).s,
                 echo_n(bad, strcspn(bad, ".[]=")).s, NAME_LEN - 1);
        return;
    }
    if (n == TOK_DEEP) {
        add_line(c, "--set '%s': path has more than %d parts", echo(set).s, MAX_TOKENS);
        return;
    }
    if (n == TOK_BIG_INDEX) {
        add_line(c, "--set '%s': index too large (at most %d)", echo(set).s, INDEX_MAX);
        return;
    }
    if (n <= 0) {
        add_line(c, "--set '%s': expected path=value", echo(set).s);
        return;
    }
    cJSON *val = cJSON_ParseWithOpts(eq + 1, NULL, 1);
    if (val == NULL)
        val = cJSON_CreateString(eq + 1);
    if (val == NULL) {
        nomem(c);
        return;
    }
    /* A copy to go back to: a failed --set must not leave half its changes (an empty list,
     * dropped staffing or volume keys) to cause more, misleading messages. */
    cJSON *backup = cJSON_Duplicate(root, 1);
    if (backup == NULL) {
        cJSON_Delete(val);
        nomem(c);
        return;
    }
    write_calls_list(root, tok, n, c);
    char where[PATH_LEN] = "";
    cJSON *cur = root;
    int before = c->errors;
    for (int i = 0; i < n - 1 && cur != NULL; i++) {
        extend_path(where, &tok[i]);
        cur = step(cur, &tok[i], tok[i + 1].is_index, where, set, c);
    }
    extend_path(where, &tok[n - 1]);
    if (cur == NULL || !place(cur, &tok[n - 1], val, where, set, c)) {
        cJSON_Delete(val);
        cJSON *changed = root->child; /* swap the children back, free the changed ones */
        root->child = backup->child;
        backup->child = changed;
        cJSON_Delete(backup);
        if (c->errors == before)
            nomem(c);
        return;
    }
    cJSON_Delete(backup);
    snprintf(c->set_paths[i_set], PATH_LEN, "%s", where);
}

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

struct dist_keys {
    const char *mean, *dist, *cv, *table;
    bool patience;
};
static const struct dist_keys service_keys = {"aht_s", "service_dist", "service_cv",
                                              "service_table", false};
static const struct dist_keys patience_keys = {"patience_s", "patience_dist", "patience_cv",
                                               "patience_table", true};
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
    static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
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
    static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
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

static bool spec_open(const struct spec *sp, int d, int s)
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
    static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
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

struct build {
    struct spec station, pref, l1, l2;
    const char *station_name; /* borrowed from the tree */
    double calls_per_hour;
    int count, n_interconnected;
    double general_share;
    double *cpd; /* [count] */
    double direct_cpd, esc_direct, esc_pref, interior_share;
    double weekday[CC_DAYS_PER_WEEK], intraday[24];
};

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
    static const char *const keys[] = {"weekday_weights", "intraday_weights", "busyness_cv", NULL};
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
}

static void spread_calls(double mean, double cv, int n, double *out)
{
    double s2 = log1p(cv * cv), s = sqrt(s2), sum = 0;
    for (int i = 0; i < n; i++) {
        out[i] = cv > 0 ? exp(s * gsl_cdf_ugaussian_Pinv((i + 0.5) / n) - s2 / 2) : 1;
        sum += out[i];
    }
    for (int i = 0; i < n; i++)
        out[i] *= mean * n / sum; /* the quantile mean is not exactly 1: rescale */
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

static void read_levels(cJSON *root, struct build *b, struct ctx *c)
{
    static const char *const keys[] = {"direct_calls_per_day", "escalate", "interior_share",
                                       STATION_KEYS, NULL};
    static const char *const esc_keys[] = {"direct", "prefecture", NULL};
    static const char *const l2_keys[] = {STATION_KEYS, NULL};
    cJSON *o = get_section(root, "level1", "", c);
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
    get_number(o, "interior_share", "level1", between(0, 1), 0, &b->interior_share, c);
    read_station(o, "level1", &level1_def, &b->l1, c);
    o = get_section(root, "level2", "", c);
    check_keys(o, "level2", l2_keys, c);
    read_station(o, "level2", &level2_def, &b->l2, c);
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

/* The hourly weight of slot s (interval_min long): the weight of its hour, or for a slot
 * that spans several hours (interval_min 90, 120... 1440) their mean weighted by overlap. The
 * weight of the hour the slot starts in alone would misplace calls, and with interval_min
 * 1440 would see only 00:00-01:00. */
static double slot_weight(const double intraday[24], int s, double interval_min)
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
    read_levels(root, b, c);
    read_retrial(root, &sc->retrial, c);
    if (c->errors != 0)
        return;
    check_weights(b, &b->pref, "prefectures", c);
    if (b->direct_cpd > 0)
        check_weights(b, &b->l1, "level1", c);
}

static void read_top(cJSON *root, struct cc_scenario *sc, struct build *b, struct ctx *c)
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

/* ---- resolution -------------------------------------------------------------------------- */

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

static void dist_free(struct cc_dist *d)
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
        st->open[k] =
            sp->by_day[k / s] ? sp->by_day[k / s][k % s] : sp->days[k / s] && sp->slot_open[k % s];
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
        in += first->escalate_to == (int)i ? first->escalate_p[src->cls] : 0;
        double gen = src->transfer_to == (int)i ? src->general_share : 0;
        if (moved != NULL && moved->escalate_to == (int)i)
            gen += src->general_share * moved->escalate_p[CC_CLASS_GENERAL];
        for (size_t k = 0; k < w; k++)
            load[k] += src->rate[k] * (in + gen) * st->service.mean_s;
    }
}

/* Integer agents per open slot by cumulative rounding of a * (open slots so far), weighted by
 * load when given, so the total is a * open slots up to rounding; an open slot keeps at least
 * one agent when the budget is positive. */
static void spread_agents(int *agents, const unsigned char *open, size_t w, double a,
                          const double *load)
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
            char p[PATH_LEN];
            join(p, sections[st->role], "etpt");
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

static void resolve_station_model(struct cc_scenario *sc, const struct build *b, struct ctx *c)
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
    size_t n = (size_t)b->count;
    sc->stations = calloc(n + 2, sizeof *sc->stations);
    sc->sources = calloc(n + 1, sizeof *sc->sources);
    if (sc->stations == NULL || sc->sources == NULL)
        return false;
    sc->n_stations = n + 2;
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
    return alloc_station(sc, n, &b->l1, "level1", CC_ROLE_LEVEL1) &&
           alloc_station(sc, n + 1, &b->l2, "level2", CC_ROLE_LEVEL2) &&
           alloc_source(sc, n, "national", (int)n, CC_CLASS_DIRECT, b->direct_cpd);
}

static void resolve_network(struct cc_scenario *sc, const struct build *b, struct ctx *c)
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
    /* Prefectures first, then level 1, then level 2: load flows downstream only. */
    for (size_t i = 0; i < sc->n_stations; i++)
        resolve_staff(sc, i, i < n ? &b->pref : i == n ? &b->l1 : &b->l2, load, c);
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

static void set_defaults(struct cc_scenario *sc)
{
    sc->sl_s[0] = 20;
    sc->sl_s[1] = 60;
    sc->sl_s[2] = 180;
    sc->transfer = (struct cc_transfer){CC_TRANSFER_IVR,
                                        {CC_DIST_DETERMINISTIC, 10, 0, 0, NULL, NULL},
                                        {CC_DIST_EXPONENTIAL, 30, 1, 0, NULL, NULL}};
    sc->retrial = (struct cc_retrial){0, {CC_DIST_EXPONENTIAL, 300, 1, 0, NULL, NULL}, 3};
    sc->costs = (struct cc_costs){2.4, 0, 55000, 0.12, 0.3333333333, 250, CC_BILL_ANSWERED};
}

/* ---- public ------------------------------------------------------------------------------ */

static void build_free(struct build *b)
{
    spec_free(&b->station);
    spec_free(&b->pref);
    spec_free(&b->l1);
    spec_free(&b->l2);
    free(b->cpd);
}

/* Each key may be in range and the run still last hours: refuse it before it starts. The
 * estimate counts external arrivals only, day by day from Monday 00:00 to the horizon. */
static void check_run_length(const struct cc_scenario *sc, struct ctx *c)
{
    size_t s_n = (size_t)sc->slots_per_day;
    double day[CC_DAYS_PER_WEEK] = {0}, calls = 0, days = sc->horizon_s / 86400;
    for (size_t j = 0; j < sc->n_sources; j++)
        for (size_t k = 0; k < CC_DAYS_PER_WEEK * s_n; k++)
            day[k / s_n] += sc->sources[j].rate[k] * sc->interval_s;
    for (int d = 0; d < sc->days; d++)
        calls += day[d % CC_DAYS_PER_WEEK] * fmin(1.0, days - d);
    if (calls > CALLS_PER_REP_MAX)
        report(c, sc->stationary ? "run.hours" : "run.days",
               "gives about %.3g calls per replication, more than %s: simulate less time or "
               "fewer calls",
               calls, num(CALLS_PER_REP_MAX).s);
}

/* The merged, patched tree -> sc; every default is written into root on the way. */
static void build_scenario(cJSON *root, struct cc_scenario *sc, struct ctx *c)
{
    struct build b;
    memset(&b, 0, sizeof b);
    set_defaults(sc);
    read_top(root, sc, &b, c);
    if (c->errors == 0 && sc->stationary)
        resolve_station_model(sc, &b, c);
    else if (c->errors == 0)
        resolve_network(sc, &b, c);
    if (c->errors == 0)
        check_run_length(sc, c);
    build_free(&b);
    char *text = c->errors == 0 ? cJSON_Print(root) : NULL;
    if (text != NULL)
        sc->resolved_json = strdup(text);
    cJSON_free(text);
}

/* ---- declared uncertainty ("uncertain") ---------------------------------------------------
 * Read after the rest of the scenario, against the resolved tree (defaults written in), so a
 * path may name a key the file leaves at its default. Structure is checked here; whether each
 * end of a range is a value the key accepts is asked of the loader itself, by loading the file
 * again with the same sets, "uncertain=null" (no recursion) and "PATH=value": its messages are
 * then reported under uncertain.PATH.low / .high / .values[i]. */

static const char *const unc_keys[] = {"dist",   "low",     "mode",   "high",
                                       "values", "weights", "source", NULL};

static bool unc_is_entry(const cJSON *o)
{
    for (size_t i = 0; unc_keys[i] != NULL; i++)
        if (cJSON_GetObjectItemCaseSensitive(o, unc_keys[i]) != NULL)
            return true;
    return false;
}

/* Flattens node into flat: an object holding any entry key is the entry of the dotted path
 * down to it; two entries of one path (a file writes "level2.aht_s" flat, --set nests
 * level2 -> aht_s) merge key by key, the later winning. */
static void unc_flatten(cJSON *node, const char *path, cJSON *flat, struct ctx *c)
{
    for (cJSON *it = node->child; it != NULL; it = it->next) {
        char p[PATH_LEN], where[PATH_LEN];
        snprintf(p, sizeof p, "%s%s%s", path, path[0] != '\0' ? "." : "", it->string);
        join(where, "uncertain", p);
        if (!cJSON_IsObject(it)) {
            report(c, where, "expected object, got %s", type_name(it));
            continue;
        }
        if (!unc_is_entry(it)) {
            unc_flatten(it, p, flat, c);
            continue;
        }
        cJSON *copy = cJSON_Duplicate(it, 1);
        cJSON *old = cJSON_GetObjectItemCaseSensitive(flat, p);
        if (copy == NULL) {
            nomem(c);
        } else if (old != NULL) {
            merge(old, copy);
            cJSON_Delete(copy);
        } else {
            add_item(flat, p, copy, c);
        }
    }
}

/* The item at a dotted path of root, or NULL. */
static const cJSON *unc_lookup(const cJSON *root, const char *path)
{
    struct token t[MAX_TOKENS];
    const char *bad = NULL;
    int n = tokenize(path, strlen(path), t, &bad);
    const cJSON *cur = n > 0 ? root : NULL;
    for (int i = 0; i < n && cur != NULL; i++)
        cur = t[i].is_index ? cJSON_GetArrayItem(cur, (int)t[i].at)
                            : cJSON_GetObjectItemCaseSensitive(cur, t[i].name);
    return cur;
}

/* A value --set reads back as this string: a word that does not parse as JSON. */
static bool unc_plain_word(const char *s)
{
    if (!isalpha((unsigned char)s[0]) || strcmp(s, "true") == 0 || strcmp(s, "false") == 0 ||
        strcmp(s, "null") == 0)
        return false;
    for (; *s != '\0'; s++)
        if (!isalnum((unsigned char)*s) && strchr("_-.:", *s) == NULL)
            return false;
    return true;
}

static void unc_values(cJSON *o, const char *p, const cJSON *key, struct cc_uncertain *u,
                       struct ctx *c)
{
    char pv[PATH_LEN], pw[PATH_LEN];
    join(pv, p, "values");
    join(pw, p, "weights");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "values");
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "weights");
    if (v == NULL || !cJSON_IsArray(v) || cJSON_GetArraySize(v) == 0) {
        report(c, v == NULL ? p : pv,
               v == NULL ? "missing required key 'values'" : "expected a non-empty array, got %s",
               got(v).s);
        return;
    }
    const bool words = cJSON_IsString(key);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    u->values = calloc(n, sizeof *u->values);
    u->labels = words ? calloc(n, sizeof *u->labels) : NULL;
    u->weights = calloc(n, sizeof *u->weights);
    if (u->values == NULL || (words && u->labels == NULL) || u->weights == NULL) {
        nomem(c);
        return;
    }
    u->n_values = n;
    const cJSON *it;
    cJSON_ArrayForEach(it, v)
    {
        char pi[PATH_LEN];
        join_index(pi, pv, i);
        if (words && !cJSON_IsString(it))
            report(c, pi, "expected string (the key is a string), got %s", got(it).s);
        else if (words && !unc_plain_word(it->valuestring))
            report(c, pi, "expected a word of letters, digits, '_', '-', '.', ':', got %s",
                   got(it).s);
        else if (words && (u->labels[i] = strdup(it->valuestring)) == NULL)
            nomem(c);
        else if (!words)
            check_number(it, pi, (struct range){-HUGE_VAL, HUGE_VAL, false, false}, 0,
                         &u->values[i], c);
        u->values[i] = words ? (double)i : u->values[i];
        u->weights[i] = 1.0 / (double)n;
        i++;
    }
    if (w == NULL)
        return;
    if (!cJSON_IsArray(w) || (size_t)cJSON_GetArraySize(w) != n) {
        report(c, pw, "expected an array of %zu numbers (one per value), got %s", n, got(w).s);
        return;
    }
    double sum = 0;
    i = 0;
    cJSON_ArrayForEach(it, w)
    {
        char pi[PATH_LEN];
        join_index(pi, pw, i);
        check_number(it, pi, at_least(0), F_WEIGHT, &u->weights[i], c);
        sum += u->weights[i++];
    }
    if (!(sum > 0))
        report(c, pw, "must not be all 0");
    for (i = 0; i < n && sum > 0; i++)
        u->weights[i] /= sum;
}

/* One entry: its keys, distribution and parameters, against the key it names in root. */
static void unc_entry(cJSON *o, const char *path, const cJSON *root, struct cc_uncertain *u,
                      struct ctx *c)
{
    static const char *const dists[] = {"uniform", "triangular", "discrete", NULL};
    static const char *const used[][4] = {
        {"low", "high", NULL}, {"low", "mode", "high"}, {"values", "weights", NULL}};
    char p[PATH_LEN];
    join(p, "uncertain", path);
    u->base = NAN;
    check_keys(o, p, unc_keys, c);
    const cJSON *key = unc_lookup(root, path);
    if (key == NULL || cJSON_IsObject(key) || cJSON_IsArray(key) ||
        !(cJSON_IsNumber(key) || cJSON_IsString(key)))
        report(c, p, "%s",
               key == NULL ? "no such key in the scenario (expected the path of a key, "
                             "as --set takes it)"
                           : "expected the path of a number or string key");
    const cJSON *src = cJSON_GetObjectItemCaseSensitive(o, "source");
    char ps[PATH_LEN];
    join(ps, p, "source");
    if (src == NULL)
        report(c, p,
               "missing required key 'source' (where the range comes from, or "
               "\"ASSUMPTION ...\")");
    else if (!cJSON_IsString(src) || src->valuestring[0] == '\0')
        report(c, ps, "expected a non-empty string, got %s", got(src).s);
    else if ((u->source = strdup(src->valuestring)) == NULL)
        nomem(c);
    if (cJSON_GetObjectItemCaseSensitive(o, "dist") == NULL) {
        report(c, p, "missing required key 'dist'");
        return;
    }
    int dist = 0;
    if (!get_choice(o, "dist", p, dists, &dist, c))
        return;
    u->dist = (enum cc_uncertain_dist)dist;
    for (size_t i = 0; unc_keys[i] != NULL; i++) {
        const char *k = unc_keys[i];
        bool ok = strcmp(k, "dist") == 0 || strcmp(k, "source") == 0;
        for (size_t j = 0; j < 3; j++)
            ok = ok || (used[dist][j] != NULL && strcmp(used[dist][j], k) == 0);
        if (!ok && cJSON_GetObjectItemCaseSensitive(o, k) != NULL)
            report(c, p, "key '%s' does not apply to dist '%s'", k, dists[dist]);
    }
    if (key != NULL && cJSON_IsNumber(key))
        u->base = key->valuedouble;
    if (key != NULL && cJSON_IsString(key) && (u->base_label = strdup(key->valuestring)) == NULL)
        nomem(c);
    if (u->dist == CC_UNCERTAIN_DISCRETE) {
        unc_values(o, p, key, u, c);
        return;
    }
    if (key != NULL && cJSON_IsString(key))
        report(c, p, "the key is a string: expected dist 'discrete', got '%s'", dists[dist]);
    const struct range any = {-HUGE_VAL, HUGE_VAL, false, false};
    bool ok = get_number(o, "low", p, any, F_REQ, &u->low, c);
    ok = get_number(o, "high", p, any, F_REQ, &u->high, c) && ok;
    u->mode = u->low;
    if (u->dist == CC_UNCERTAIN_TRIANGULAR)
        ok = get_number(o, "mode", p, any, F_REQ, &u->mode, c) && ok;
    char pk[PATH_LEN];
    join(pk, p, "high");
    if (ok && !(u->low < u->high))
        report(c, pk, "must be > low (%s), got %s", num(u->low).s, num(u->high).s);
    join(pk, p, "mode");
    if (ok && u->low < u->high && !(u->mode >= u->low && u->mode <= u->high))
        report(c, pk, "must be in [low, high] = [%s, %s], got %s", num(u->low).s, num(u->high).s,
               num(u->mode).s);
}

static struct cc_scenario *load_scenario(const char *path, const char *text, size_t text_len,
                                         const char *const *sets, size_t n_sets, sim_diag *d);

/* Loads the file again with PATH=value; reports its problems under uncertain.PATH.what. */
static void unc_try(const char *const *sets, size_t n_sets, const struct cc_uncertain *u,
                    const char *value, const char *what, struct ctx *c)
{
    const char **all = malloc((n_sets + 2) * sizeof *all);
    char set[PATH_LEN + 64];
    sim_diag *d = sim_diag_alloc();
    if (all == NULL || d == NULL) {
        free(all);
        sim_diag_free(d);
        nomem(c);
        return;
    }
    for (size_t i = 0; i < n_sets; i++)
        all[i] = sets[i];
    snprintf(set, sizeof set, "%s=%s", u->path, value);
    all[n_sets] = "uncertain=null";
    all[n_sets + 1] = set;
    cc_scenario_free(load_scenario(c->file, c->text, c->text_len, all, n_sets + 2, d));
    size_t nf = strlen(c->file), np = strlen(u->path), ns = strlen(set);
    for (size_t i = 0; i < sim_diag_count(d); i++) {
        const char *line = sim_diag_line(d, i);
        if (strncmp(line, c->file, nf) == 0 && strncmp(line + nf, ": ", 2) == 0)
            line += nf + 2;
        /* The loader names the --set that wrote a bad value: here that is our own PATH=value. */
        if (strncmp(line, "--set '", 7) == 0 && strncmp(line + 7, set, ns) == 0 &&
            strncmp(line + 7 + ns, "': ", 3) == 0)
            line += 7 + ns + 3;
        if (strncmp(line, u->path, np) == 0 && strncmp(line + np, ": ", 2) == 0)
            line += np + 2;
        add_line(c, "%s: uncertain.%s.%s: %s", c->file, u->path, what, line);
    }
    sim_diag_free(d);
    free(all);
}

/* Each end of the range (each discrete value) must load; a continuous range is also tried at
 * a point inside, not an integer when the ends are, so that a key taking integers only fails
 * here (use dist discrete) rather than in the middle of a study. */
static void unc_check_values(const char *const *sets, size_t n_sets, const struct cc_uncertain *u,
                             struct ctx *c)
{
    char what[96];
    if (u->dist == CC_UNCERTAIN_DISCRETE) {
        for (size_t i = 0; i < u->n_values; i++) {
            snprintf(what, sizeof what, "values[%zu]", i);
            unc_try(sets, n_sets, u, u->labels ? u->labels[i] : num(u->values[i]).s, what, c);
        }
        return;
    }
    int before = c->errors;
    unc_try(sets, n_sets, u, num(u->low).s, "low", c);
    unc_try(sets, n_sets, u, num(u->high).s, "high", c);
    double inside = u->low + (u->high - u->low) * 0.381966;
    snprintf(what, sizeof what, "dist: the key refuses %s, inside [low, high]", num(inside).s);
    if (c->errors == before && inside != floor(inside))
        unc_try(sets, n_sets, u, num(inside).s, what, c);
}

static void unc_free(struct cc_uncertain *u)
{
    free(u->path);
    free(u->values);
    for (size_t i = 0; u->labels != NULL && i < u->n_values; i++)
        free(u->labels[i]);
    free(u->labels);
    free(u->weights);
    free(u->base_label);
    free(u->source);
}

/* unc: the detached "uncertain" value (NULL: none); root: the resolved tree. On success the
 * flattened entries go back into root and resolved_json is printed again with them. */
static void read_uncertain(cJSON *root, cJSON *unc, struct cc_scenario *sc, const char *const *sets,
                           size_t n_sets, struct ctx *c)
{
    if (unc == NULL)
        return;
    cJSON *flat = cJSON_CreateObject();
    if (flat == NULL) {
        nomem(c);
        cJSON_Delete(unc);
        return;
    }
    if (!cJSON_IsObject(unc))
        report(c, "uncertain", "expected object, got %s", type_name(unc));
    else
        unc_flatten(unc, "", flat, c);
    cJSON_Delete(unc);
    size_t n = (size_t)cJSON_GetArraySize(flat);
    sc->uncertain = n > 0 ? calloc(n, sizeof *sc->uncertain) : NULL;
    if (n > 0 && sc->uncertain == NULL)
        nomem(c);
    for (cJSON *it = flat->child; it != NULL && sc->uncertain != NULL; it = it->next) {
        struct cc_uncertain *u = &sc->uncertain[sc->n_uncertain++];
        u->path = strdup(it->string);
        if (u->path == NULL)
            nomem(c);
        else
            unc_entry(it, it->string, root, u, c);
    }
    const bool well_formed = c->errors == 0;
    for (size_t i = 0; i < sc->n_uncertain && well_formed; i++)
        unc_check_values(sets, n_sets, &sc->uncertain[i], c);
    if (c->errors == 0 && cJSON_AddItemToObject(root, "uncertain", flat)) {
        char *text = cJSON_Print(root);
        free(sc->resolved_json);
        sc->resolved_json = text != NULL ? strdup(text) : NULL;
        cJSON_free(text);
        return;
    }
    cJSON_Delete(flat);
}

/* text NULL: read path; else text is the top scenario and path its name in messages. */
static struct cc_scenario *load_scenario(const char *path, const char *text, size_t text_len,
                                         const char *const *sets, size_t n_sets, sim_diag *d)
{
    struct ctx c = {d, path, 0, false, 30, 48, sets, NULL, 0, NULL, 0, text, text_len};
    char sha[SHA256_DIGEST_STRING_LENGTH] = "";
    cJSON *root = load_tree(path, NULL, sha, &c);
    c.set_paths = n_sets > 0 ? calloc(n_sets, sizeof *c.set_paths) : NULL;
    struct cc_scenario *sc = root != NULL && c.errors == 0 && (n_sets == 0 || c.set_paths)
                                 ? calloc(1, sizeof *sc)
                                 : NULL;
    if (sc != NULL) {
        strip_nulls(root);
        c.n_sets = n_sets;
        for (size_t i = 0; i < n_sets; i++)
            apply_set(root, i, &c);
        memcpy(sc->sha256, sha, sizeof sc->sha256);
        sc->inputs = c.inputs;
        sc->n_inputs = c.n_inputs;
        c.inputs = NULL;
        sc->path = strdup(path);
        cJSON *unc = cJSON_DetachItemFromObjectCaseSensitive(root, "uncertain");
        build_scenario(root, sc, &c);
        read_uncertain(root, unc, sc, sets, n_sets, &c);
        if (c.errors == 0 && (sc->path == NULL || sc->resolved_json == NULL))
            nomem(&c);
    } else if (root != NULL && c.errors == 0) {
        nomem(&c);
    }
    cJSON_Delete(root);
    free(c.set_paths);
    for (size_t i = 0; c.inputs != NULL && i < c.n_inputs; i++)
        free(c.inputs[i].path);
    free(c.inputs);
    if (sc != NULL && c.errors == 0 && sc->resolved_json != NULL)
        return sc;
    cc_scenario_free(sc);
    return NULL;
}

struct cc_scenario *cc_scenario_load(const char *path, const char *const *sets, size_t n_sets,
                                     sim_diag *d)
{
    return load_scenario(path, NULL, 0, sets, n_sets, d);
}

struct cc_scenario *cc_scenario_load_text(const char *name, const char *text, size_t len,
                                          const char *const *sets, size_t n_sets, sim_diag *d)
{
    return load_scenario(name, text, len, sets, n_sets, d);
}

void cc_scenario_free(struct cc_scenario *sc)
{
    if (sc == NULL)
        return;
    for (size_t i = 0; i < sc->n_stations; i++) {
        struct cc_station *st = &sc->stations[i];
        free(st->name);
        free(st->open);
        free(st->agents);
        dist_free(&st->service);
        dist_free(&st->patience);
    }
    for (size_t j = 0; j < sc->n_sources; j++) {
        free(sc->sources[j].name);
        free(sc->sources[j].rate);
    }
    free(sc->stations);
    free(sc->sources);
    dist_free(&sc->transfer.delay);
    dist_free(&sc->transfer.handling);
    dist_free(&sc->retrial.delay);
    free(sc->path);
    free(sc->name);
    free(sc->description);
    free(sc->resolved_json);
    for (size_t i = 0; i < sc->n_inputs; i++)
        free(sc->inputs[i].path);
    free(sc->inputs);
    for (size_t i = 0; i < sc->n_uncertain; i++)
        unc_free(&sc->uncertain[i]);
    free(sc->uncertain);
    free(sc);
}

int cc_scenario_station(const struct cc_scenario *sc, const char *name)
{
    for (size_t i = 0; i < sc->n_stations; i++)
        if (strcmp(sc->stations[i].name, name) == 0)
            return (int)i;
    return -1;
}

double cc_scenario_open_hours_per_year(const struct cc_scenario *sc, size_t i)
{
    const struct cc_station *st = &sc->stations[i];
    size_t s_n = (size_t)sc->slots_per_day, slots = 0;
    int days = 0;
    for (size_t d = 0; d < CC_DAYS_PER_WEEK; d++) {
        size_t before = slots;
        for (size_t s = 0; s < s_n; s++)
            slots += st->open[d * s_n + s];
        days += slots > before;
    }
    if (days == 0)
        return 0;
    return (double)slots * sc->interval_s / 3600 / days * sc->costs.open_days_per_year;
}

double cc_scenario_etpt_to_agents(const struct cc_scenario *sc, size_t i, double etpt)
{
    const struct cc_station *st = &sc->stations[i];
    double hours = cc_scenario_open_hours_per_year(sc, i);
    return hours > 0 ? etpt * st->hours_per_etpt * (1 - st->shrinkage) / hours : 0;
}

double cc_scenario_agents_to_etpt(const struct cc_scenario *sc, size_t i, double agents_avg)
{
    const struct cc_station *st = &sc->stations[i];
    return agents_avg * cc_scenario_open_hours_per_year(sc, i) /
           (st->hours_per_etpt * (1 - st->shrinkage));
}
