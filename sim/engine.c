/* sim_engine: owns the simulation clock and the calendar, and runs events in (time, seq)
 * order through one handler (see engine.h). Invariants: now never decreases; every event is
 * scheduled at t >= now (a past time is a bug, caught by SIM_ASSERT); the handler sees now
 * equal to the event's time; events counts handler calls since alloc. A run loop may not be
 * entered from inside a handler. No allocation here except when the calendar grows. */
#include "sim/engine.h"

#include "sim/bug.h"

#include <math.h>
#include <stdlib.h>

struct sim_engine {
    sim_calendar *cal;
    sim_event_fn handler;
    void *ctx;
    double now;
    uint64_t events;
    int stopped;
    int running;
};

sim_engine *sim_engine_alloc(sim_event_fn handler, void *ctx)
{
    SIM_ASSERT(handler != NULL);
    sim_engine *e = calloc(1, sizeof(*e));
    if (e == NULL)
        return NULL;
    e->cal = sim_calendar_alloc(64);
    if (e->cal == NULL) {
        free(e);
        return NULL;
    }
    e->handler = handler;
    e->ctx = ctx;
    return e;
}

void sim_engine_free(sim_engine *e)
{
    if (e == NULL)
        return;
    sim_calendar_free(e->cal);
    free(e);
}

double sim_engine_now(const sim_engine *e)
{
    SIM_ASSERT(e != NULL);
    return e->now;
}

sim_handle sim_engine_at(sim_engine *e, double t, int kind, void *data)
{
    SIM_ASSERT(e != NULL);
    SIM_ASSERT(t >= e->now); /* also rejects NaN */
    return sim_calendar_push(e->cal, t, kind, data);
}

sim_handle sim_engine_after(sim_engine *e, double dt, int kind, void *data)
{
    SIM_ASSERT(e != NULL);
    SIM_ASSERT(dt >= 0.0);
    return sim_calendar_push(e->cal, e->now + dt, kind, data);
}

void sim_engine_at_fixed(sim_engine *e, double t, int kind, void *data)
{
    SIM_ASSERT(e != NULL);
    SIM_ASSERT(t >= e->now); /* also rejects NaN */
    sim_calendar_push_fixed(e->cal, t, kind, data);
}

void sim_engine_after_fixed(sim_engine *e, double dt, int kind, void *data)
{
    SIM_ASSERT(e != NULL);
    SIM_ASSERT(dt >= 0.0);
    sim_calendar_push_fixed(e->cal, e->now + dt, kind, data);
}

int sim_engine_streams(sim_engine *e, uint32_t n)
{
    SIM_ASSERT(e != NULL);
    return sim_calendar_streams(e->cal, n);
}

void sim_engine_stream_at(sim_engine *e, uint32_t i, double t, int kind)
{
    SIM_ASSERT(e != NULL);
    SIM_ASSERT(t >= e->now); /* also rejects NaN */
    sim_calendar_push_stream(e->cal, i, t, kind);
}

void sim_engine_cancel(sim_engine *e, sim_handle h)
{
    SIM_ASSERT(e != NULL);
    sim_calendar_cancel(e->cal, h);
}

/* The hot loop: one calendar call and one handler call per event. */
static uint64_t run_loop(sim_engine *e, double t_end)
{
    SIM_ASSERT(!e->running);
    e->running = 1;
    e->stopped = 0;
    uint64_t first = e->events;
    double t;
    int kind;
    void *data;
    while (!e->stopped && sim_calendar_pop_until(e->cal, t_end, &t, &kind, &data)) {
        e->now = t;
        e->events++; /* before the call, so a handler reading the count includes itself */
        e->handler(e, kind, data, e->ctx);
    }
    e->running = 0;
    return e->events - first;
}

uint64_t sim_engine_run_until(sim_engine *e, double t_end)
{
    SIM_ASSERT(e != NULL);
    SIM_ASSERT(t_end >= e->now);
    uint64_t ran = run_loop(e, t_end);
    if (!e->stopped)
        e->now = t_end;
    return ran;
}

uint64_t sim_engine_run(sim_engine *e)
{
    SIM_ASSERT(e != NULL);
    return run_loop(e, INFINITY);
}

void sim_engine_stop(sim_engine *e)
{
    SIM_ASSERT(e != NULL);
    e->stopped = 1;
}

uint64_t sim_engine_events(const sim_engine *e)
{
    SIM_ASSERT(e != NULL);
    return e->events;
}

size_t sim_engine_pending(const sim_engine *e)
{
    SIM_ASSERT(e != NULL);
    return sim_calendar_size(e->cal);
}
