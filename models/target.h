/* cc_target: service targets such as "sl_60>=0.8" or "abandon_rate<=0.05", the test of a
 * target against a confidence interval, and the Erlang A first guess of the staff that meets
 * them (the starting point of `ccsim staff`). Pure: errors go in a sim_diag. */
#ifndef CC_TARGET_H
#define CC_TARGET_H

#include "models/center.h"
#include "models/erlang.h"
#include "sim/diag.h"
#include "sim/stat.h"

#include <stdbool.h>
#include <stddef.h>

enum cc_target_op { CC_TARGET_GE, CC_TARGET_GT, CC_TARGET_LE, CC_TARGET_LT };

struct cc_target {
    enum cc_metric metric;
    enum cc_target_op op;
    double value;
};

/* Parses "METRIC>=VALUE" (also >, <=, <; spaces allowed around each part), METRIC one of
 * cc_metric_name. Shares (answer_rate, abandon_rate, sl_20/60/180, occupancy) need a VALUE in
 * [0, 1]. On a problem adds "--target 'TEXT': what is wrong" to d (TEXT cut after 64 bytes),
 * returns false. */
bool cc_target_parse(const char *text, struct cc_target *t, sim_diag *d);

/* ">=", ">", "<=" or "<". */
const char *cc_target_op_text(enum cc_target_op op);

/* Whether the mean alone meets the target (NAN never does). */
bool cc_target_mean_meets(const struct cc_target *t, double mean);

/* Met with confidence: the interval bound on the unfavourable side meets the target (for >=
 * and >: ci.low; for <= and <: ci.high). NAN bounds (fewer than two replications) never do. */
bool cc_target_is_met(const struct cc_target *t, sim_ci ci);

/* Whether cc_erlang_min_agents can judge the target: sl_20/sl_60/sl_180 with a lower bound,
 * abandon_rate and asa_s with an upper bound, answer_rate (as 1 - abandon_rate) with a lower. */
bool cc_target_has_erlang(const struct cc_target *t);

/* Smallest number of agents in [1, max_agents] for which the Erlang A (or C) model of *in
 * meets every target it can judge; sl_s are the thresholds of sl_20/60/180. Returns 0 when no
 * target can be judged, -1 when max_agents do not suffice. */
int cc_target_erlang_agents(const struct cc_target *t, size_t n, const struct cc_erlang_input *in,
                            const double sl_s[3], int max_agents);

#endif
