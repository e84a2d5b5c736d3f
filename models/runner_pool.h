/* The unit pool shared by models/runner.c and models/runner_mpi.c (not a public header). A
 * unit is one (scenario, replication); units are numbered scenario by scenario. */
#ifndef CC_RUNNER_POOL_H
#define CC_RUNNER_POOL_H

#include "models/runner.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

struct cc_pool {
    struct cc_run **runs;
    size_t n;
    uint8_t (*key)[32]; /* checkpoint key of each run's scenario, or NULL */
    long total;         /* every unit */
    long *todo;         /* the units to compute (the others came from the checkpoint) */
    long n_todo;
    atomic_long next;  /* index into todo */
    atomic_int failed; /* the first failure's enum sim_status, or SIM_OK */
    long done;
    pthread_mutex_t lock;
    cc_progress_fn progress;
    void *ctx;
    struct cc_checkpoint *ck;
};

/* The next unit to compute, or -1 when none is left (or after a failure). */
long cc_pool_take(struct cc_pool *p);
void cc_pool_unit(const struct cc_pool *p, long unit, size_t *run, int *rep);
/* Computes a unit into its slot. */
enum sim_status cc_pool_compute(struct cc_pool *p, long unit);
/* A unit's result is in its slot (st SIM_OK) or failed: checkpoint, count, progress. */
void cc_pool_finished(struct cc_pool *p, long unit, enum sim_status st);
/* A thread body: takes, computes and finishes units until none is left. */
void *cc_pool_worker(void *arg);

#ifdef CC_MPI
/* The collective part of cc_runner_run on more than one rank; st is this rank's status so far.
 * Returns the same status on every rank and, when SIM_OK, every rank's runs filled. */
enum sim_status cc_runner_mpi_run(struct cc_pool *p, int threads, enum sim_status st);
#endif

#endif
