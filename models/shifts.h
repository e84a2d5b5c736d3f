/* cc_shifts: the cheapest shift plan covering a per-interval requirement (ccsim schedule
 * --shifts). Agents come in shifts of a few declared lengths that start on an interval
 * boundary and end by closing time, inside one run of open intervals of one day; the plan
 * says how many agents start at each time on each length so that the agents on duty reach
 * the requirement in every interval, at the fewest paid intervals (agents x length), and
 * among those plans at the fewest shifts.
 *
 * This is a covering integer program, solved exactly: each shift covers consecutive
 * intervals, so the constraint matrix has consecutive ones in every column, is totally
 * unimodular, and differencing consecutive rows turns it into a minimum-cost flow (docs in
 * shifts.c), whose integral optimum successive shortest paths find. No rounding, no search
 * limit, so nothing to tune and nothing that can stop short of the optimum. */
#ifndef CC_SHIFTS_H
#define CC_SHIFTS_H

#include <stddef.h>

#define CC_SHIFTS_MAX_LENGTHS 8

/* Agents starting at one time on one shift length. */
struct cc_shift {
    int day;    /* 0 = Monday */
    int start;  /* first interval of the day covered */
    int length; /* intervals covered */
    int agents;
};

/* One run of n_slots consecutive intervals with requirement req[0..n_slots) (each >= 0) and
 * shift lengths len[0..n_len) in intervals (each >= 1, distinct): fills x[s * n_len + j], the
 * agents starting at interval s on a shift of len[j] intervals (0 when it would end after
 * n_slots). Returns the paid intervals of the plan (sum of agents x length), -1 when some
 * requirement is positive and no length fits in n_slots, -2 when out of memory. */
long cc_shifts_cover(const int *req, int n_slots, const int *len, size_t n_len, int *x);

/* The plan of a week, one cover per run of open intervals of each day. */
struct cc_shifts_week {
    struct cc_shift *shift; /* in order of day, start, length; free() */
    size_t n;
    long paid_slots; /* agents x length over the week */
    /* When no length fits a run: its day and first and last + 1 interval. */
    int bad_day, bad_from, bad_to;
};

enum cc_shifts_rc { CC_SHIFTS_OK, CC_SHIFTS_NO_FIT, CC_SHIFTS_NOMEM };

/* Plans the week of 7 * spd intervals: req[b] agents needed in interval b where open[b] is
 * set (closed intervals are ignored). cover[7 * spd] gets the agents on duty of the plan
 * (>= req[b] where open, 0 where closed). */
enum cc_shifts_rc cc_shifts_week(const int *req, const unsigned char *open, int spd, const int *len,
                                 size_t n_len, int *cover, struct cc_shifts_week *out);

#endif
