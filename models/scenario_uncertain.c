/* The "uncertain" section (declared uncertainty of inputs, for `ccsim uncertainty`).
 * Read after the rest of the scenario, against the resolved tree (defaults written in), so a
 * path may name a key the file leaves at its default. Structure is checked here; whether each
 * end of a range is a value the key accepts is asked of the loader itself, by loading the file
 * again with the same sets, "uncertain=null" (no recursion) and "PATH=value": its messages are
 * then reported under uncertain.PATH.low / .high / .values[i]. */
#include "models/scenario_impl.h"

#include <cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    cc_scenario_free(cc_scenario_load_any(c->file, c->text, c->text_len, all, n_sets + 2, d));
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

void unc_free(struct cc_uncertain *u)
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
void read_uncertain(cJSON *root, cJSON *unc, struct cc_scenario *sc, const char *const *sets,
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
