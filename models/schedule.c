/* cc_schedule: per-interval staffing arithmetic (see schedule.h). Intervals are judged on the
 * replications pooled (ratios of sums) rather than on an interval over replications: a half
 * hour of level 2 sees about ten calls a week, so per-interval confidence bounds would staff
 * every interval for its noise; the whole run's interval is reported beside the schedule. */
#include "models/schedule.h"

#include "models/report.h"
#include "sim/bug.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const day_name[CC_DAYS_PER_WEEK] = {"mon", "tue", "wed", "thu",
                                                       "fri", "sat", "sun"};

/* The interval metric of m, or -1. */
static int imetric(enum cc_metric m)
{
    switch (m) {
    case CC_M_ANSWER_RATE:
        return CC_IM_ANSWER_RATE;
    case CC_M_ABANDON_RATE:
        return CC_IM_ABANDON_RATE;
    case CC_M_ASA_S:
        return CC_IM_ASA_S;
    case CC_M_MEAN_WAIT_S:
        return CC_IM_MEAN_WAIT_S;
    case CC_M_SL_20:
        return CC_IM_SL_20;
    case CC_M_SL_60:
        return CC_IM_SL_60;
    case CC_M_SL_180:
        return CC_IM_SL_180;
    case CC_M_OCCUPANCY:
        return CC_IM_OCCUPANCY;
    default:
        return -1;
    }
}

bool cc_schedule_metric_ok(enum cc_metric m)
{
    return imetric(m) >= 0;
}

int cc_schedule_irow(const struct cc_run *run, const char *name)
{
    const int row = cc_report_row(run, name);
    for (size_t i = 0; row >= 0 && i < run->layout->n_irows; i++)
        if (run->layout->irow_row[i] == row)
            return (int)i;
    return -1;
}

static const double *bin_of(const struct cc_run *run, int r, size_t irow, size_t bin)
{
    return &run->rep[r]->ivl[(irow * run->layout->n_bins + bin) * CC_IM_COUNT];
}

double cc_schedule_bin_value(const struct cc_run *run, size_t irow, size_t bin, enum cc_metric m)
{
    const int im = imetric(m);
    SIM_ASSERT(im >= 0);
    double num = 0, den = 0;
    for (int r = 0; r < run->reps; r++) {
        const double *v = bin_of(run, r, irow, bin);
        const double w = m == CC_M_ASA_S         ? v[CC_IM_ANSWERED]
                         : m == CC_M_MEAN_WAIT_S ? v[CC_IM_ANSWERED] + v[CC_IM_ABANDONED]
                         : m == CC_M_OCCUPANCY   ? 1.0
                                                 : v[CC_IM_OFFERED];
        if (isnan(v[im]) || !(w > 0))
            continue;
        num += w * v[im];
        den += w;
    }
    return den > 0 ? num / den : NAN;
}

double cc_schedule_bin_offered(const struct cc_run *run, size_t irow, size_t bin)
{
    double sum = 0;
    for (int r = 0; r < run->reps; r++) {
        const double x = bin_of(run, r, irow, bin)[CC_IM_OFFERED];
        sum += isnan(x) ? 0 : x;
    }
    return run->reps > 0 ? sum / run->reps : 0;
}

bool cc_schedule_bin_meets(const struct cc_target *t, size_t n, const struct cc_run *run,
                           size_t irow, size_t bin)
{
    if (!(cc_schedule_bin_offered(run, irow, bin) > 0))
        return true;
    for (size_t i = 0; i < n; i++) {
        const double v = cc_schedule_bin_value(run, irow, bin, t[i].metric);
        /* No answered call: asa_s is undefined, and so is the wait it promises. */
        if (isnan(v) && (t[i].metric == CC_M_ASA_S || t[i].metric == CC_M_MEAN_WAIT_S))
            continue;
        if (!cc_target_mean_meets(&t[i], v))
            return false;
    }
    return true;
}

static void hhmm(char buf[8], double minutes)
{
    const long m = lround(minutes);
    snprintf(buf, 8, "%02ld:%02ld", m / 60 % 100, m % 60);
}

/* Whether days a and b have the same open slots and agents. */
static bool same_day(const int *agents, const unsigned char *open, int spd, int a, int b)
{
    for (int s = 0; s < spd; s++) {
        const int i = a * spd + s, j = b * spd + s;
        if ((open[i] != 0) != (open[j] != 0) || (open[i] && agents[i] != agents[j]))
            return false;
    }
    return true;
}

/* The spans of day d into arr, with "days" listing every day grouped with it. */
static bool add_spans(cJSON *arr, const int *agents, const unsigned char *open, int spd,
                      double slot_min, int d, const bool group[CC_DAYS_PER_WEEK])
{
    for (int s = 0; s < spd;) {
        const int i = d * spd + s;
        if (!open[i]) {
            s++;
            continue;
        }
        int e = s + 1;
        while (e < spd && open[d * spd + e] && agents[d * spd + e] == agents[i])
            e++;
        char from[8], to[8];
        hhmm(from, s * slot_min);
        hhmm(to, e * slot_min);
        cJSON *o = cJSON_CreateObject();
        cJSON *days = cJSON_CreateArray();
        if (!o || !days || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            cJSON_Delete(days);
            return false;
        }
        if (!cJSON_AddStringToObject(o, "from", from) || !cJSON_AddStringToObject(o, "to", to) ||
            !cJSON_AddNumberToObject(o, "agents", agents[i]) ||
            !cJSON_AddItemToObject(o, "days", days)) {
            cJSON_Delete(days);
            return false;
        }
        for (int k = 0; k < CC_DAYS_PER_WEEK; k++)
            if (group[k] && !cJSON_AddItemToArray(days, cJSON_CreateString(day_name[k])))
                return false;
        s = e;
    }
    return true;
}

/* A malloc'd copy of cJSON's text, so that callers free() it whatever cJSON's hooks. */
static char *text_of(const cJSON *item, bool pretty)
{
    char *t = item ? (pretty ? cJSON_Print(item) : cJSON_PrintUnformatted(item)) : NULL;
    char *copy = t ? malloc(strlen(t) + 1) : NULL;
    if (copy)
        strcpy(copy, t);
    cJSON_free(t);
    return copy;
}

static cJSON *schedule_array(const int *agents, const unsigned char *open, int slots_per_day,
                             double slot_min)
{
    cJSON *arr = cJSON_CreateArray();
    bool done[CC_DAYS_PER_WEEK] = {false};
    for (int d = 0; arr && d < CC_DAYS_PER_WEEK; d++) {
        if (done[d])
            continue;
        bool group[CC_DAYS_PER_WEEK] = {false};
        for (int k = d; k < CC_DAYS_PER_WEEK; k++)
            if (!done[k] && same_day(agents, open, slots_per_day, d, k))
                group[k] = done[k] = true;
        if (!add_spans(arr, agents, open, slots_per_day, slot_min, d, group)) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

char *cc_schedule_json(const int *agents, const unsigned char *open, int slots_per_day,
                       double slot_min)
{
    cJSON *arr = schedule_array(agents, open, slots_per_day, slot_min);
    char *text = text_of(arr, false);
    cJSON_Delete(arr);
    return text;
}

char *cc_schedule_scenario(const char *resolved_json, const char *key, const char *schedule_json,
                           const char *name, const char *description)
{
    cJSON *root = cJSON_Parse(resolved_json);
    cJSON *st = root ? cJSON_GetObjectItemCaseSensitive(root, key) : NULL;
    cJSON *arr = cJSON_Parse(schedule_json);
    bool ok = cJSON_IsObject(st) && cJSON_IsArray(arr);
    if (ok) {
        static const char *const staff[] = {"etpt", "agents", "agents_schedule", "spread"};
        for (size_t i = 0; i < sizeof staff / sizeof *staff; i++)
            cJSON_DeleteItemFromObjectCaseSensitive(st, staff[i]);
        cJSON_DeleteItemFromObjectCaseSensitive(root, "uncertain");
        cJSON_DeleteItemFromObjectCaseSensitive(root, "name");
        cJSON_DeleteItemFromObjectCaseSensitive(root, "description");
        ok = cJSON_AddItemToObject(st, "agents_schedule", arr);
        if (ok)
            arr = NULL;
        ok = ok && cJSON_AddStringToObject(root, "name", name) &&
             cJSON_AddStringToObject(root, "description", description);
    }
    char *text = ok ? text_of(root, true) : NULL;
    cJSON_Delete(arr);
    cJSON_Delete(root);
    return text;
}
