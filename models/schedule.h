/* cc_schedule: staffing by the interval (ccsim schedule). The pieces of the search that are
 * arithmetic, kept pure so they can be tested: a target judged on one interval of a run (its
 * replications pooled), the Erlang A first guess of one interval, and the agents_schedule JSON
 * of a per-interval staffing that the scenario loader reads back to the same agents. */
#ifndef CC_SCHEDULE_H
#define CC_SCHEDULE_H

#include "models/runner.h"
#include "models/target.h"

#include <stdbool.h>
#include <stddef.h>

/* Whether metric m exists per interval (intervals.csv), so a target on it can be judged there. */
bool cc_schedule_metric_ok(enum cc_metric m);

/* Interval row of summary row name in the run's layout, or -1. */
int cc_schedule_irow(const struct cc_run *run, const char *name);

/* Value of metric m in interval bin of interval row irow, pooled over the replications as a
 * ratio of sums (each replication's ratio weighted by its denominator: offered calls for the
 * shares of offered, answered calls for asa_s, answered and abandoned for mean_wait_s, and
 * equal weights for occupancy). NAN when no replication has a denominator. */
double cc_schedule_bin_value(const struct cc_run *run, size_t irow, size_t bin, enum cc_metric m);

/* Calls offered in the bin per occurrence, mean over replications. */
double cc_schedule_bin_offered(const struct cc_run *run, size_t irow, size_t bin);

/* Whether every target is met by the pooled mean of the bin; a bin without calls meets them
 * (nobody was kept waiting). */
bool cc_schedule_bin_meets(const struct cc_target *t, size_t n, const struct cc_run *run,
                           size_t irow, size_t bin);

/* The agents_schedule of agents[7 * slots_per_day] over the bins where open[] is set, as JSON
 * text (an array, on one line; free()): one span per run of equal agents within a day, days
 * with the same spans grouped in one "days" list. slot_min is the interval length in minutes.
 * NULL when out of memory. */
char *cc_schedule_json(const int *agents, const unsigned char *open, int slots_per_day,
                       double slot_min);

/* The scenario resolved_json (a cc_scenario's) with station key staffed by the agents_schedule
 * schedule_json instead of its etpt, agents or agents_schedule (and spread), without
 * "uncertain" (its ranges were for the staff replaced), renamed name and described
 * description: pretty JSON text to free(), or NULL when out of memory. */
char *cc_schedule_scenario(const char *resolved_json, const char *key, const char *schedule_json,
                           const char *name, const char *description);

#endif
