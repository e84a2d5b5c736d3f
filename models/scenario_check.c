/* The scenario loader's checking toolkit: how a problem is worded and where it is reported
 * ("file: json.path: message", or "--set '...': json.path: message" when a --set wrote the
 * value), how user text is quoted in a message, unknown keys with a suggestion, duplicate keys,
 * and the typed getters every section reads its keys with (each reports its own problem and
 * writes the default into the tree when the key is missing). */
#include "models/scenario_impl.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- messages ---------------------------------------------------------------------------- */

void add_line(struct ctx *c, const char *fmt, ...)
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
size_t utf8_invalid_at(const char *s, size_t n)
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

struct echo echo_n(const char *s, size_t n)
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
struct echo echo(const char *s)
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

void report(struct ctx *c, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    report_msg(c, path, false, path, msg);
}

void nomem(struct ctx *c)
{
    if (!c->nomem_seen)
        add_line(c, "%s: %s", c->file, strerror(ENOMEM));
    c->nomem_seen = true;
    c->errors++;
}

struct num num(double x)
{
    struct num n;
    snprintf(n.s, sizeof n.s, "%.15g", x);
    if (strtod(n.s, NULL) != x)
        snprintf(n.s, sizeof n.s, "%.17g", x);
    return n;
}

struct hhmm hhmm(double minutes)
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

void join(char *out, const char *path, const char *key)
{
    int n = path[0] != '\0' ? snprintf(out, PATH_LEN, "%s.%s", path, key)
                            : snprintf(out, PATH_LEN, "%s", key);
    mark_truncated(out, n);
}

void join_index(char *out, const char *path, size_t i)
{
    mark_truncated(out, snprintf(out, PATH_LEN, "%s[%zu]", path, i));
}

const char *type_name(const cJSON *v)
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

struct got got(const cJSON *v)
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
void choice_text(char *buf, size_t n, const char *const *names)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i] != NULL && len < n; i++) {
        const char *sep = i == 0 ? "" : names[i + 1] != NULL ? ", " : " or ";
        int k = snprintf(buf + len, n - len, "%s\"%s\"", sep, names[i]);
        len += k > 0 ? (size_t)k : 0;
    }
}

int find_name(const char *s, const char *const *names)
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

void check_keys(const cJSON *obj, const char *path, const char *const *allowed, struct ctx *c)
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
void check_duplicates(const cJSON *node, const char *path, const char *file, struct ctx *c)
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

struct range at_least(double lo)
{
    return (struct range){lo, HUGE_VAL, false, false};
}
struct range above(double lo)
{
    return (struct range){lo, HUGE_VAL, true, false};
}
struct range between(double lo, double hi)
{
    return (struct range){lo, hi, false, false};
}

static bool in_range(double x, struct range r)
{
    bool lo_ok = r.lo_open ? x > r.lo : x >= r.lo;
    bool hi_ok = r.hi_open ? x < r.hi : x <= r.hi;
    return lo_ok && hi_ok;
}

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

bool check_number(const cJSON *v, const char *p, struct range r, unsigned flags, double *out,
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

void add_item(cJSON *obj, const char *key, cJSON *item, struct ctx *c)
{
    if (item == NULL || obj == NULL || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        nomem(c);
    }
}

bool get_number(cJSON *obj, const char *key, const char *path, struct range r, unsigned flags,
                double *out, struct ctx *c)
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

bool get_int(cJSON *obj, const char *key, const char *path, struct range r, unsigned flags,
             int *out, struct ctx *c)
{
    double x = *out;
    if (!get_number(obj, key, path, r, flags | F_INT, &x, c))
        return false;
    *out = (int)x;
    return true;
}

bool get_string(cJSON *obj, const char *key, const char *path, const char *def, const char **out,
                struct ctx *c)
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
bool get_choice(cJSON *obj, const char *key, const char *path, const char *const *names, int *out,
                struct ctx *c)
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
cJSON *get_section(cJSON *obj, const char *key, const char *path, struct ctx *c)
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
cJSON *get_array(cJSON *obj, const char *key, const char *path, const char *def_json, struct ctx *c)
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
void get_numbers(cJSON *obj, const char *key, const char *path, const char *def_json, size_t n,
                 const char *why, struct range r, unsigned flags, double *out, struct ctx *c)
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
