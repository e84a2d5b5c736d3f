/* --set PATH=VALUE on the merged tree: PATH as "a.b[2].c", VALUE as JSON if it parses, else a
 * string; a --set that fails leaves the tree as it was. */
#include "models/scenario_impl.h"

#include <cJSON.h>
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* path := name ('[' digits ']')* ('.' name ('[' digits ']')*)*; returns the token count, or
 * a tok_error (*bad: the key too long). */
int tokenize(const char *s, size_t len, struct token *t, const char **bad)
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
void apply_set(cJSON *root, size_t i_set, struct ctx *c)
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
