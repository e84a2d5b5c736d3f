/* sim_engine: the clock, the calendar and the run loop. One handler function receives every
 * event (kind, data) with the caller's context; models dispatch on kind. Time is seconds. */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include "sim/calendar.h"

#include <stdint.h>

typedef struct sim_engine sim_engine;
typedef void (*sim_event_fn)(sim_engine *e, int kind, void *data, void *ctx);

sim_engine *sim_engine_alloc(sim_event_fn handler, void *ctx); /* NULL on ENOMEM */
void sim_engine_free(sim_engine *e);

double sim_engine_now(const sim_engine *e);

/* Schedules an event at absolute time t >= now (t < now is a bug); the handle can cancel it. */
sim_handle sim_engine_at(sim_engine *e, double t, int kind, void *data);
/* Schedules an event dt >= 0 seconds from now; the handle can cancel it. */
sim_handle sim_engine_after(sim_engine *e, double dt, int kind, void *data);
void sim_engine_cancel(sim_engine *e, sim_handle h);
/* The same for an event that will never be cancelled: no handle, and cheaper to schedule and
 * to run (see sim_calendar_push_fixed). Both kinds run in one (time, seq) order. */
void sim_engine_at_fixed(sim_engine *e, double t, int kind, void *data);
void sim_engine_after_fixed(sim_engine *e, double dt, int kind, void *data);
/* Recurring sources with at most one pending event each, e.g. arrival processes (see
 * sim_calendar_push_stream): make n of them once (0 on ENOMEM), then schedule stream i's next
 * event at t >= now, t finite; the handler gets (void *)(uintptr_t)i as data. Cheapest when a
 * stream's handler schedules that stream's next event. Same (time, seq) order as the rest. */
int sim_engine_streams(sim_engine *e, uint32_t n);
void sim_engine_stream_at(sim_engine *e, uint32_t i, double t, int kind);

/* Runs events with time <= t_end in (time, seq) order, then sets the clock to t_end unless
 * stopped. Returns the number of events run by this call. */
uint64_t sim_engine_run_until(sim_engine *e, double t_end);
/* Runs until the calendar is empty or stop is called. */
uint64_t sim_engine_run(sim_engine *e);
void sim_engine_stop(sim_engine *e); /* from inside a handler: return after this event */

uint64_t sim_engine_events(const sim_engine *e); /* events run since alloc */
size_t sim_engine_pending(const sim_engine *e);

#endif
