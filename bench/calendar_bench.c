/* calendar_bench: speed of the engine layer, in isolation and under the reference model.
 *   hold N ITERS     the "hold" model: a calendar of N events; each step pops the earliest and
 *                    pushes it again a random (exponential) time later; prints ns per pair.
 *   mmcm T SEED      M/M/c+M (Erlang A) of bench/README.md on sim_engine, with the
 *                    xoshiro256++ gsl_rng and gsl_ran_exponential; abandonment events are
 *                    cancelled eagerly by handle, as models/center.c does; arrivals and
 *                    departures are fixed events (never cancelled). Prints events/s.
 * Build: make build/libsim.a && cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I. \
 *          bench/calendar_bench.c build/libsim.a $(pkg-config --cflags --libs gsl) -lm
 * Compare with mmcm_baseline.c in the same run: these machines vary by 10-20 % between runs. */
#include "sim/calendar.h"
#include "sim/engine.h"
#include "sim/rng.h"

#include <gsl/gsl_randist.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int bench_hold(long size, long iters)
{
    sim_calendar *c = sim_calendar_alloc((size_t)size);
    gsl_rng *r = sim_rng_stream_alloc(20240601, 0, 1);
    if (c == NULL || r == NULL)
        return 1;
    for (long i = 0; i < size; i++)
        sim_calendar_push(c, gsl_ran_exponential(r, 100.0), 0, NULL);
    double t0 = wall_s();
    double sum = 0.0;
    for (long i = 0; i < iters; i++) {
        double t;
        int kind;
        void *data;
        sim_calendar_pop(c, &t, &kind, &data);
        sum += t;
        sim_calendar_push(c, t + gsl_ran_exponential(r, 100.0), kind, data);
    }
    double el = wall_s() - t0;
    printf("hold size=%ld pairs=%ld wall_s=%.3f ns_per_pair=%.1f (checksum %.6g)\n", size, iters,
           el, el / (double)iters * 1e9, sum);
    gsl_rng_free(r);
    sim_calendar_free(c);
    return 0;
}

/* The reference model, in minutes: lambda 2/min, service mean 4, patience mean 2, 10 agents. */
enum { EV_ARRIVAL, EV_DEPARTURE, EV_ABANDON };

struct mmcm {
    gsl_rng *r;
    int free_agents;
    /* FIFO of waiting callers: ring of (arrival time, abandonment handle), indexed by a
     * monotone sequence number; an abandoned caller leaves a gap (handle 0) skipped later. */
    double *arrived;
    sim_handle *abandon;
    uint64_t mask, head, tail;
    uint64_t waiting, served, abandoned;
    double sum_wait;
};

static void mmcm_grow(struct mmcm *m)
{
    uint64_t cap = m->mask + 1, ncap = 2 * cap;
    double *a = malloc(ncap * sizeof(*a));
    sim_handle *h = malloc(ncap * sizeof(*h));
    if (a == NULL || h == NULL)
        abort();
    for (uint64_t s = m->head; s < m->tail; s++) {
        a[s & (ncap - 1)] = m->arrived[s & m->mask];
        h[s & (ncap - 1)] = m->abandon[s & m->mask];
    }
    free(m->arrived);
    free(m->abandon);
    m->arrived = a;
    m->abandon = h;
    m->mask = ncap - 1;
}

static void mmcm_event(sim_engine *e, int kind, void *data, void *ctx)
{
    struct mmcm *m = ctx;
    double now = sim_engine_now(e);
    if (kind == EV_ARRIVAL) {
        sim_engine_after_fixed(e, gsl_ran_exponential(m->r, 0.5), EV_ARRIVAL, NULL);
        if (m->free_agents > 0) {
            m->free_agents--;
            m->served++;
            sim_engine_after_fixed(e, gsl_ran_exponential(m->r, 4.0), EV_DEPARTURE, NULL);
            return;
        }
        if (m->tail - m->head == m->mask + 1)
            mmcm_grow(m);
        uint64_t s = m->tail++;
        m->arrived[s & m->mask] = now;
        m->abandon[s & m->mask] =
            sim_engine_after(e, gsl_ran_exponential(m->r, 2.0), EV_ABANDON, (void *)(uintptr_t)s);
        m->waiting++;
    } else if (kind == EV_DEPARTURE) {
        if (m->waiting == 0) {
            m->free_agents++;
            return;
        }
        while (m->abandon[m->head & m->mask] == 0)
            m->head++;
        uint64_t s = m->head++;
        sim_engine_cancel(e, m->abandon[s & m->mask]);
        m->waiting--;
        m->served++;
        m->sum_wait += now - m->arrived[s & m->mask];
        sim_engine_after_fixed(e, gsl_ran_exponential(m->r, 4.0), EV_DEPARTURE, NULL);
    } else {
        uint64_t s = (uint64_t)(uintptr_t)data;
        m->abandon[s & m->mask] = 0;
        m->waiting--;
        m->abandoned++;
        m->sum_wait += now - m->arrived[s & m->mask];
        while (m->head < m->tail && m->abandon[m->head & m->mask] == 0)
            m->head++;
    }
}

static int bench_mmcm(double t_end, uint64_t seed)
{
    struct mmcm m = {.free_agents = 10, .mask = 1023};
    m.r = sim_rng_stream_alloc(seed, 0, sim_rng_stream_id("mmcm"));
    m.arrived = malloc((m.mask + 1) * sizeof(*m.arrived));
    m.abandon = malloc((m.mask + 1) * sizeof(*m.abandon));
    sim_engine *e = sim_engine_alloc(mmcm_event, &m);
    if (m.r == NULL || m.arrived == NULL || m.abandon == NULL || e == NULL)
        return 1;
    double t0 = wall_s();
    sim_engine_at_fixed(e, gsl_ran_exponential(m.r, 0.5), EV_ARRIVAL, NULL);
    uint64_t events = sim_engine_run_until(e, t_end);
    double el = wall_s() - t0;
    double done = (double)(m.served + m.abandoned);
    printf("mmcm T=%.0f events=%llu abandon_frac=%.6f mean_wait=%.6f wall_s=%.3f "
           "events_per_s=%.0f\n",
           t_end, (unsigned long long)events, (double)m.abandoned / done, m.sum_wait / done, el,
           (double)events / el);
    sim_engine_free(e);
    gsl_rng_free(m.r);
    free(m.arrived);
    free(m.abandon);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "hold") == 0)
        return bench_hold(argc > 2 ? atol(argv[2]) : 20, argc > 3 ? atol(argv[3]) : 10000000);
    if (argc >= 2 && strcmp(argv[1], "mmcm") == 0)
        return bench_mmcm(argc > 2 ? atof(argv[2]) : 1e6,
                          argc > 3 ? strtoull(argv[3], NULL, 10) : 20240601);
    fprintf(stderr, "usage: calendar_bench hold [N [ITERS]] | mmcm [T [SEED]]\n");
    return 2;
}
