/* cc_scenario: a scenario file (JSON) -> a validated, fully resolved struct cc_scenario.
 * This file holds the one entry point and the struct's lifetime; the stages live in
 * models/scenario_*.c (scenario_impl.h lists them): read the file and its "extends" parents,
 * apply the --set list, check every key and write every default into the tree (so
 * resolved_json shows each value used), then resolve per-slot arrays. Invariants: a returned
 * scenario passed every check; on any error NULL is returned and nothing leaks. Names that
 * become folders and CSV cells are plain file names (docs/csv.md). ETPT conversion:
 * docs/model.md s.5. */
#include "models/scenario.h"

#include "models/scenario_impl.h"

#include <cJSON.h>
#include <math.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* text NULL: read path; else text is the top scenario and path its name in messages. */
struct cc_scenario *cc_scenario_load_any(const char *path, const char *text, size_t text_len,
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
    return cc_scenario_load_any(path, NULL, 0, sets, n_sets, d);
}

struct cc_scenario *cc_scenario_load_text(const char *name, const char *text, size_t len,
                                          const char *const *sets, size_t n_sets, sim_diag *d)
{
    return cc_scenario_load_any(name, text, len, sets, n_sets, d);
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
        free(st->escalate_range);
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
    calendar_free(&sc->cal);
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
