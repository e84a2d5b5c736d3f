/* cc_runner: runs the replications of one or more scenarios on worker threads and keeps each
 * replication's results at its index. A replication is a pure function of (scenario, index),
 * so the results do not depend on the number of threads or on scheduling. */
#ifndef CC_RUNNER_H
#define CC_RUNNER_H

#include "models/center.h"

/* The replications of one scenario. */
struct cc_run {
    const struct cc_scenario *sc; /* borrowed */
    struct cc_layout *layout;
    int reps;
    struct cc_rep **rep; /* [reps] */
    uint64_t events;
    uint64_t calls;
};

/* Called by workers (serialised by a mutex) after each replication. */
typedef void (*cc_progress_fn)(void *ctx, long done, long total);

/* Runs every replication of scs[0..n-1] with jobs threads (0 = all cores); fills runs[i].
 * Returns SIM_OK or SIM_ENOMEM (then runs are freed). */
enum sim_status cc_runner_run(const struct cc_scenario *const *scs, size_t n, int jobs,
                              cc_progress_fn progress, void *ctx, struct cc_run **runs);
void cc_run_free(struct cc_run *run); /* NULL is a no-op */

/* Number of worker threads jobs means (0 = online cores, at least 1). */
int cc_runner_threads(int jobs);

#endif
