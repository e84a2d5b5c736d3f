/* cc_runner: a fixed pool of pthreads takes (scenario, replication) tasks from an atomic
 * counter; each task writes only its own slot, so the merged results are the same for any
 * number of threads. Replications are independent, so there is no other sharing. With a
 * checkpoint, the units it holds are read back instead of run; with MPI (runner_mpi.c) the
 * same pool is fed to the threads of every rank. */
#include "models/runner.h"

#include "models/checkpoint.h"
#include "models/runner_pool.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct cc_checkpoint *checkpoint;

void cc_runner_set_checkpoint(struct cc_checkpoint *ck)
{
    checkpoint = ck;
}

void cc_pool_unit(const struct cc_pool *p, long unit, size_t *run, int *rep)
{
    size_t i = 0;
    while (unit >= p->runs[i]->reps) {
        unit -= p->runs[i]->reps;
        i++;
    }
    *run = i;
    *rep = (int)unit;
}

long cc_pool_take(struct cc_pool *p)
{
    if (atomic_load(&p->failed) != SIM_OK)
        return -1;
    const long t = atomic_fetch_add(&p->next, 1);
    return t < p->n_todo ? p->todo[t] : -1;
}

enum sim_status cc_pool_compute(struct cc_pool *p, long unit)
{
    size_t i;
    int rep;
    cc_pool_unit(p, unit, &i, &rep);
    struct cc_run *run = p->runs[i];
    return cc_center_run(run->sc, run->layout, (unsigned)rep, run->rep[rep]);
}

void cc_pool_finished(struct cc_pool *p, long unit, enum sim_status st)
{
    pthread_mutex_lock(&p->lock);
    if (st == SIM_OK && p->ck) {
        size_t i;
        int rep;
        cc_pool_unit(p, unit, &i, &rep);
        st = cc_checkpoint_put(p->ck, p->key[i], rep, p->runs[i]->layout, p->runs[i]->rep[rep]);
    }
    if (st != SIM_OK) {
        int ok = SIM_OK;
        atomic_compare_exchange_strong(&p->failed, &ok, (int)st);
    }
    p->done++;
    if (p->progress)
        p->progress(p->ctx, p->done, p->total);
    pthread_mutex_unlock(&p->lock);
}

void *cc_pool_worker(void *arg)
{
    struct cc_pool *p = arg;
    for (long unit; (unit = cc_pool_take(p)) >= 0;)
        cc_pool_finished(p, unit, cc_pool_compute(p, unit));
    return NULL;
}

int cc_runner_threads(int jobs)
{
    if (jobs > 0)
        return jobs;
    const long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static struct cc_run *run_alloc(const struct cc_scenario *sc)
{
    struct cc_run *run = calloc(1, sizeof *run);
    if (!run)
        return NULL;
    run->sc = sc;
    run->reps = sc->reps;
    run->layout = cc_layout_alloc(sc);
    run->rep = calloc((size_t)sc->reps, sizeof *run->rep);
    if (!run->layout || !run->rep) {
        cc_run_free(run);
        return NULL;
    }
    for (int r = 0; r < sc->reps; r++) {
        run->rep[r] = cc_rep_alloc(run->layout);
        if (!run->rep[r]) {
            cc_run_free(run);
            return NULL;
        }
    }
    return run;
}

void cc_run_free(struct cc_run *run)
{
    if (!run)
        return;
    if (run->rep)
        for (int r = 0; r < run->reps; r++)
            cc_rep_free(run->rep[r]);
    free(run->rep);
    cc_layout_free(run->layout);
    free(run);
}

static enum sim_status run_pool(struct cc_pool *p, int jobs)
{
    int n = cc_runner_threads(jobs);
    if (n > p->n_todo)
        n = (int)p->n_todo;
    if (n <= 0)
        return atomic_load(&p->failed);
    pthread_t *th = calloc((size_t)n, sizeof *th);
    if (!th)
        return SIM_ENOMEM;
    int started = 0;
    for (; started < n; started++)
        if (pthread_create(&th[started], NULL, cc_pool_worker, p) != 0)
            break;
    if (started == 0)
        cc_pool_worker(p); /* no thread could start: do the work here */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    return atomic_load(&p->failed);
}

/* On several ranks every rank takes part, whatever its own status so far (the call is
 * collective); on one, the local threads. */
static enum sim_status run_units(struct cc_pool *p, int jobs, enum sim_status st)
{
#ifdef CC_MPI
    if (cc_runner_ranks() > 1)
        return cc_runner_mpi_run(p, cc_runner_threads(jobs), st);
#endif
    return st == SIM_OK ? run_pool(p, jobs) : st;
}

/* Lists the units to compute: all of them, or those the checkpoint does not hold (the others
 * are read back into their slots and counted done). */
static enum sim_status plan(struct cc_pool *p, const struct cc_scenario *const *scs)
{
    p->todo = malloc((size_t)(p->total ? p->total : 1) * sizeof *p->todo);
    if (!p->todo)
        return SIM_ENOMEM;
    if (p->ck) {
        const enum sim_status st = cc_checkpoint_bind(p->ck, scs, p->n);
        if (st != SIM_OK)
            return st;
        p->key = malloc(p->n * sizeof *p->key);
        if (!p->key)
            return SIM_ENOMEM;
        for (size_t i = 0; i < p->n; i++)
            cc_checkpoint_key(scs[i], p->key[i]);
    }
    long unit = 0;
    for (size_t i = 0; i < p->n; i++)
        for (int r = 0; r < p->runs[i]->reps; r++, unit++) {
            if (p->ck &&
                cc_checkpoint_get(p->ck, p->key[i], r, p->runs[i]->layout, p->runs[i]->rep[r]))
                p->done++;
            else
                p->todo[p->n_todo++] = unit;
        }
    if (p->done > 0 && p->progress)
        p->progress(p->ctx, p->done, p->total);
    return SIM_OK;
}

enum sim_status cc_runner_run(const struct cc_scenario *const *scs, size_t n, int jobs,
                              cc_progress_fn progress, void *ctx, struct cc_run **runs)
{
    struct cc_pool p = {.runs = runs, .n = n, .progress = progress, .ctx = ctx};
    atomic_init(&p.next, 0);
    atomic_init(&p.failed, SIM_OK);
    /* Only rank 0 writes files: the other ranks' units reach the checkpoint through it. */
    if (cc_runner_rank() == 0)
        p.ck = checkpoint;
    for (size_t i = 0; i < n; i++)
        runs[i] = NULL;
    enum sim_status status = SIM_OK;
    for (size_t i = 0; i < n && status == SIM_OK; i++) {
        runs[i] = run_alloc(scs[i]);
        if (!runs[i])
            status = SIM_ENOMEM;
        else
            p.total += runs[i]->reps;
    }
    pthread_mutex_init(&p.lock, NULL);
    if (status == SIM_OK && cc_runner_rank() == 0)
        status = plan(&p, scs);
    status = run_units(&p, jobs, status);
    pthread_mutex_destroy(&p.lock);
    free(p.todo);
    free(p.key);
    for (size_t i = 0; i < n && status == SIM_OK; i++) {
        for (int r = 0; r < runs[i]->reps; r++) {
            runs[i]->events += runs[i]->rep[r]->events;
            runs[i]->calls += runs[i]->rep[r]->calls;
        }
    }
    if (status != SIM_OK) {
        for (size_t i = 0; i < n; i++) {
            cc_run_free(runs[i]);
            runs[i] = NULL;
        }
    }
    return status;
}

/* ---- results as bytes ------------------------------------------------------------------- */

static size_t n_summary(const struct cc_layout *l)
{
    return l->n_rows * CC_M_COUNT;
}

static size_t n_ivl(const struct cc_layout *l)
{
    return l->n_irows * l->n_bins * CC_IM_COUNT;
}

static size_t n_lambda(const struct cc_layout *l)
{
    return l->n_irows * l->n_bins;
}

/* Month bins exist only with a dated calendar: 0 otherwise, so the bytes stay as before. */
static size_t n_mon(const struct cc_layout *l)
{
    return l->n_irows * l->n_months * CC_MON_COUNT;
}

size_t cc_rep_packed_size(const struct cc_layout *l)
{
    return 2 * sizeof(uint64_t) + sizeof(double) * (n_summary(l) + n_ivl(l) + n_lambda(l) +
                                                    2 * CC_OUT_COUNT + CC_C_COUNT + n_mon(l));
}

static unsigned char *put(unsigned char *at, const void *src, size_t n)
{
    memcpy(at, src, n);
    return at + n;
}

static const unsigned char *get(const unsigned char *at, void *dst, size_t n)
{
    memcpy(dst, at, n);
    return at + n;
}

void cc_rep_pack(const struct cc_layout *l, const struct cc_rep *r, unsigned char *buf)
{
    buf = put(buf, &r->events, sizeof r->events);
    buf = put(buf, &r->calls, sizeof r->calls);
    buf = put(buf, r->summary, n_summary(l) * sizeof(double));
    buf = put(buf, r->ivl, n_ivl(l) * sizeof(double));
    buf = put(buf, r->ivl_lambda, n_lambda(l) * sizeof(double));
    buf = put(buf, r->journeys, sizeof r->journeys);
    buf = put(buf, r->costs, sizeof r->costs);
    if (n_mon(l) > 0)
        put(buf, r->mon, n_mon(l) * sizeof(double));
}

void cc_rep_unpack(const struct cc_layout *l, const unsigned char *buf, struct cc_rep *r)
{
    buf = get(buf, &r->events, sizeof r->events);
    buf = get(buf, &r->calls, sizeof r->calls);
    buf = get(buf, r->summary, n_summary(l) * sizeof(double));
    buf = get(buf, r->ivl, n_ivl(l) * sizeof(double));
    buf = get(buf, r->ivl_lambda, n_lambda(l) * sizeof(double));
    buf = get(buf, r->journeys, sizeof r->journeys);
    buf = get(buf, r->costs, sizeof r->costs);
    if (n_mon(l) > 0)
        get(buf, r->mon, n_mon(l) * sizeof(double));
}

/* ---- without MPI: one rank ---------------------------------------------------------------- */

#ifndef CC_MPI
int cc_runner_rank(void)
{
    return 0;
}

int cc_runner_ranks(void)
{
    return 1;
}

int cc_runner_agree(int value)
{
    return value;
}

void cc_runner_stats_get(struct cc_runner_stats *s)
{
    *s = (struct cc_runner_stats){0};
}

void cc_runner_abort(int code)
{
    (void)code;
}

void cc_runner_solo(void)
{
}
#endif
