/* cc_center: one replication of a scenario, as a pure function of (scenario, replication
 * index): it wires the scenario into a sim_engine, runs it, and returns the replication's
 * metrics. No I/O, no globals, so replications run on any thread in any order.
 *
 * Output rows ("stations" of summary.csv): station model: its one station. Network model:
 * "network" (end to end, per caller), "switchboard" (all prefectures), each prefecture,
 * "level1", "level2". Interval rows (intervals.csv): the station, or switchboard/level1/level2.
 * Interval bins are (weekday, slot): runs longer than a week fold onto one week, so memory
 * does not grow with the horizon. With a dated calendar (calendar.start) the interval rows also
 * get month bins (months.csv), the twelve months of the year, folded likewise. */
#ifndef CC_CENTER_H
#define CC_CENTER_H

#include "models/scenario.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cc_metric {
    CC_M_OFFERED = 0,
    CC_M_ANSWERED,
    CC_M_ABANDONED,
    CC_M_BLOCKED,
    CC_M_ANSWER_RATE,
    CC_M_ABANDON_RATE,
    CC_M_ASA_S,
    CC_M_MEAN_WAIT_S,
    CC_M_WAIT_P90_S,
    CC_M_SL_20,
    CC_M_SL_60,
    CC_M_SL_180,
    CC_M_OCCUPANCY,
    CC_M_AGENTS_AVG,
    CC_M_ETPT,
    CC_M_OVERTIME_H,
    CC_M_TRANSFERRED,        /* prefectures: general calls sent to level 1 */
    CC_M_UNANSWERED_GENERAL, /* prefectures: general calls nobody answered */
    CC_M_COUNT
};
extern const char *const cc_metric_name[CC_M_COUNT];

/* End-to-end outcomes of prefecture general-information calls (journeys.csv). */
enum cc_outcome {
    CC_OUT_CLOSED_L1 = 0,
    CC_OUT_CLOSED_L2,
    CC_OUT_ABANDONED_SWITCHBOARD,
    CC_OUT_ABANDONED_L1,
    CC_OUT_ABANDONED_L2,
    CC_OUT_BLOCKED_SWITCHBOARD,
    CC_OUT_BLOCKED_L1,
    CC_OUT_BLOCKED_L2,
    CC_OUT_UNANSWERED_GENERAL,
    CC_OUT_COUNT
};
extern const char *const cc_outcome_name[CC_OUT_COUNT];

/* Yearly costs (docs/model.md s.7), summary.csv station "costs". */
enum cc_cost {
    CC_C_L1_TRANSFERRED_CALLS = 0, /* level-1 answered calls from prefectures, per year */
    CC_C_L1_TRANSFERRED_EUR,       /* provider cost of those calls, per year */
    CC_C_MINISTRY_EUR,             /* the ministry's share of it */
    CC_C_L1_TOTAL_EUR,             /* provider cost of all level-1 calls */
    CC_C_L2_EUR,                   /* level-2 ETPT cost */
    CC_C_CALLER_EUR,               /* what callers pay for their minutes on 3939 */
    CC_C_L1_TRANSFERRED_OFFERED,   /* level-1 calls offered that came from prefectures */
    CC_C_OPERATOR_EUR,             /* the operator's part: level-1 cost minus the ministry's */
    CC_C_MINISTRY_TOTAL_EUR,       /* the ministry's part: its level-1 share plus level 2 */
    CC_C_PUBLIC_EUR,               /* ministry + operator = level-1 and level-2 cost */
    CC_C_ANSWERED_CALLS,           /* journeys that ended answered at level 1 or 2 */
    CC_C_EUR_PER_ANSWERED,         /* public cost per such journey */
    CC_C_COUNT
};
extern const char *const cc_cost_name[CC_C_COUNT];

/* Which rows exist and which metrics apply to them; derived from the scenario only. */
struct cc_layout {
    size_t n_rows;
    char **row_name;         /* owned */
    int *row_station;        /* station index, or -1 for an aggregate row */
    unsigned char *row_mask; /* [n_rows][CC_M_COUNT]: 1 if the metric is reported */
    size_t n_irows;          /* rows with interval statistics */
    int *irow_row;           /* row index of each interval row */
    size_t n_bins;           /* 7 * slots_per_day */
    size_t n_months;         /* CC_MONTHS with a dated calendar (calendar.start), else 0 */
    bool has_network;        /* journeys and costs exist */
};

struct cc_layout *cc_layout_alloc(const struct cc_scenario *sc);
void cc_layout_free(struct cc_layout *l);

/* Metrics per interval bin (intervals.csv). */
enum cc_imetric {
    CC_IM_OFFERED = 0,
    CC_IM_ANSWERED,
    CC_IM_ABANDONED,
    CC_IM_BLOCKED,
    CC_IM_ANSWER_RATE,
    CC_IM_ABANDON_RATE,
    CC_IM_ASA_S,
    CC_IM_MEAN_WAIT_S,
    CC_IM_SL_20,
    CC_IM_SL_60,
    CC_IM_SL_180,
    CC_IM_OCCUPANCY,
    CC_IM_AGENTS_AVG,
    CC_IM_OFFERED_LOAD, /* Erlangs: service time of the calls offered in the bin / its length */
    CC_IM_COUNT
};
extern const char *const cc_imetric_name[CC_IM_COUNT];

#define CC_MON_OPEN_DAYS CC_IM_COUNT
#define CC_MON_COUNT (CC_IM_COUNT + 1)

/* One replication's results. Values are NAN where undefined (a ratio with nothing to divide). */
struct cc_rep {
    uint64_t events;    /* events the engine ran */
    uint64_t calls;     /* external arrivals */
    double *summary;    /* [n_rows][CC_M_COUNT] */
    double *ivl;        /* [n_irows][n_bins][CC_IM_COUNT], averaged over the weeks folded in */
    double *ivl_lambda; /* [n_irows][n_bins] offered calls per second in the bin */
    /* [n_irows][n_months][CC_MON_COUNT] (months.csv): the interval metrics of each calendar
     * month of the year (runs longer than a year fold onto one), counts per open day of the
     * station in that month, then the open days (CC_MON_OPEN_DAYS); NULL when n_months is 0. */
    double *mon;
    double journeys[CC_OUT_COUNT][2]; /* count, summed wait (s) */
    double costs[CC_C_COUNT];
};

struct cc_rep *cc_rep_alloc(const struct cc_layout *l);
void cc_rep_free(struct cc_rep *r);

/* Simulates replication rep of sc into out (allocated with cc_rep_alloc for the same layout).
 * Returns SIM_OK, or SIM_ENOMEM. */
enum sim_status cc_center_run(const struct cc_scenario *sc, const struct cc_layout *l, unsigned rep,
                              struct cc_rep *out);

/* The years a run's yearly figures (costs) divide its totals by: the whole years it covers when
 * it is dated and covers whole years from calendar.start (the simulated years' own totals),
 * else its level-1 open days over costs.open_days_per_year (a simulated week scaled up).
 * Closed dates are not open days. *open_days (if not NULL) gets the level-1 open days of the
 * run. 0 when level 1 never opens (no network, or no open day). */
double cc_center_years(const struct cc_scenario *sc, int *open_days);

#endif
