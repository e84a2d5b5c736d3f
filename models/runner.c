/* cc_runner: a fixed pool of pthreads takes (scenario, replication) tasks from an atomic
 * counter; each task writes only its own slot, so the merged results are the same for any
 * number of threads. Replications are independent, so there is no other sharing. */
#include "models/runner.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct task_pool {
    struct cc_run **runs;
    size_t n;
    long total;
    atomic_long next;
    atomic_int failed;
    long done;
    pthread_mutex_t lock;
    cc_progress_fn progress;
    void *ctx;
};

static void task_of(const struct task_pool *p, long t, size_t *run, int *rep)
{
    size_t i = 0;
    while (t >= p->runs[i]->reps) {
        t -= p->runs[i]->reps;
        i++;
    }
    *run = i;
    *rep = (int)t;
}

static void *worker(void *arg)
{
    struct task_pool *p = arg;
    for (;;) {
        const long t = atomic_fetch_add(&p->next, 1);
        if (t >= p->total || atomic_load(&p->failed))
            break;
        size_t i;
        int rep;
        task_of(p, t, &i, &rep);
        struct cc_run *run = p->runs[i];
        if (cc_center_run(run->sc, run->layout, (unsigned)rep, run->rep[rep]) != SIM_OK)
            atomic_store(&p->failed, 1);
        pthread_mutex_lock(&p->lock);
        p->done++;
        if (p->progress)
            p->progress(p->ctx, p->done, p->total);
        pthread_mutex_unlock(&p->lock);
    }
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

static enum sim_status run_pool(struct task_pool *p, int jobs)
{
    int n = cc_runner_threads(jobs);
    if (n > p->total)
        n = (int)p->total;
    pthread_t *th = calloc((size_t)n, sizeof *th);
    if (!th)
        return SIM_ENOMEM;
    int started = 0;
    for (; started < n; started++)
        if (pthread_create(&th[started], NULL, worker, p) != 0)
            break;
    if (started == 0)
        worker(p); /* no thread could start: do the work here */
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    return atomic_load(&p->failed) ? SIM_ENOMEM : SIM_OK;
}

enum sim_status cc_runner_run(const struct cc_scenario *const *scs, size_t n, int jobs,
                              cc_progress_fn progress, void *ctx, struct cc_run **runs)
{
    struct task_pool p = {.runs = runs, .n = n, .progress = progress, .ctx = ctx};
    atomic_init(&p.next, 0);
    atomic_init(&p.failed, 0);
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
    if (status == SIM_OK) {
        pthread_mutex_init(&p.lock, NULL);
        status = run_pool(&p, jobs);
        pthread_mutex_destroy(&p.lock);
    }
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
