/* sim_calendar: the future event list, ordered by (time, seq), where seq is one insertion
 * counter over every push, so events at equal times pop in insertion (FIFO) order and runs are
 * deterministic. Two kinds of push: sim_calendar_push returns a handle and the event can be
 * cancelled in O(log n); sim_calendar_push_fixed returns nothing and the event cannot be
 * cancelled, which is cheaper (most events of a model are never cancelled). A third kind, the
 * streams, serves recurring sources that have at most one pending event each (an arrival
 * process): sim_calendar_push_stream, cheaper still when a source schedules its next event as
 * its current one runs. All kinds pop in the one (time, seq) order. Entries carry an int kind
 * and a borrowed void *data (a stream's event carries its stream number as data); the calendar
 * never frees data. */
#ifndef SIM_CALENDAR_H
#define SIM_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

typedef struct sim_calendar sim_calendar;

/* A handle names one scheduled event; 0 is never a valid handle. A handle becomes stale
 * when its event pops or is cancelled; stale handles are detected (generation count). */
typedef uint64_t sim_handle;

sim_calendar *sim_calendar_alloc(size_t capacity_hint); /* NULL on ENOMEM */
void sim_calendar_free(sim_calendar *c);

/* Schedules (t, kind, data); never fails except on ENOMEM, which is a bug-abort. */
sim_handle sim_calendar_push(sim_calendar *c, double t, int kind, void *data);
/* Same, for an event that will never be cancelled: no handle, no bookkeeping for cancel. */
void sim_calendar_push_fixed(sim_calendar *c, double t, int kind, void *data);

/* Makes streams 0..n-1 (once per calendar); returns 0 on ENOMEM, 1 otherwise. */
int sim_calendar_streams(sim_calendar *c, uint32_t n);
/* Schedules stream i's next event at t < +inf; its data will be (void *)(uintptr_t)i. The
 * stream must have no pending event (its last one popped, or none yet): a bug otherwise. */
void sim_calendar_push_stream(sim_calendar *c, uint32_t i, double t, int kind);

/* Removes the earliest event; returns 0 when empty, 1 otherwise. */
int sim_calendar_pop(sim_calendar *c, double *t, int *kind, void **data);
/* Same, but only if the earliest event's time is <= t_end (one call per event in a run loop). */
int sim_calendar_pop_until(sim_calendar *c, double t_end, double *t, int *kind, void **data);

/* Removes a pending event. Cancelling a stale or unknown handle is a bug (SIM_ASSERT). */
void sim_calendar_cancel(sim_calendar *c, sim_handle h);
/* 1 if h names an event still in the calendar, 0 otherwise (any handle may be asked about). */
int sim_calendar_is_pending(const sim_calendar *c, sim_handle h);

size_t sim_calendar_size(const sim_calendar *c); /* pending events of all kinds */
double sim_calendar_next_time(sim_calendar *c);  /* +INFINITY when empty */
void sim_calendar_clear(sim_calendar *c);        /* drops every event; their handles become stale */

#endif
