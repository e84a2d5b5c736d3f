/* cc_runner: runs the replications of one or more scenarios on worker threads and keeps each
 * replication's results at its index. A replication is a pure function of (scenario, index),
 * so the results do not depend on the number of threads or on scheduling.
 *
 * In the MPI build (make MPI=1, models/runner_mpi.c) every rank runs the same command and
 * calls cc_runner_run with the same scenarios: the call is collective. Rank 0 hands the
 * (scenario, replication) units out one at a time to the threads of every rank, gathers each
 * result as raw bytes, then broadcasts them all, so that every rank returns the same runs and
 * the commands' control flow (a staff search, say) stays in step on every rank. */
#ifndef CC_RUNNER_H
#define CC_RUNNER_H

#include "models/center.h"

struct cc_checkpoint;

/* The replications of one scenario. */
struct cc_run {
    const struct cc_scenario *sc; /* borrowed */
    struct cc_layout *layout;
    int reps;
    struct cc_rep **rep; /* [reps] */
    uint64_t events;
    uint64_t calls;
};

/* Called by workers (serialised by a mutex) after each replication; on rank 0 only in the MPI
 * build, counting the units of every rank. */
typedef void (*cc_progress_fn)(void *ctx, long done, long total);

/* Runs every replication of scs[0..n-1] with jobs threads (0 = all cores); fills runs[i].
 * Returns SIM_OK; SIM_ENOMEM (then runs are freed); SIM_EINVAL or SIM_EIO when the checkpoint
 * is refused or cannot be written (cc_checkpoint_diag says why). */
enum sim_status cc_runner_run(const struct cc_scenario *const *scs, size_t n, int jobs,
                              cc_progress_fn progress, void *ctx, struct cc_run **runs);
void cc_run_free(struct cc_run *run); /* NULL is a no-op */

/* Number of worker threads jobs means (0 = online cores, at least 1). */
int cc_runner_threads(int jobs);

/* The checkpoint every later cc_runner_run reads finished replications from and appends new
 * ones to (borrowed; NULL: none). Process-wide, like the result folder it sits beside. */
void cc_runner_set_checkpoint(struct cc_checkpoint *ck);

/* A replication's results as bytes, for the checkpoint and the MPI messages: events, calls,
 * then every double of the cc_rep bit for bit (so NaN stays the same NaN). */
size_t cc_rep_packed_size(const struct cc_layout *l);
void cc_rep_pack(const struct cc_layout *l, const struct cc_rep *r, unsigned char *buf);
void cc_rep_unpack(const struct cc_layout *l, const unsigned char *buf, struct cc_rep *r);

/* This process's MPI rank (0 without MPI) and the number of ranks (1 without MPI). */
int cc_runner_rank(void);
int cc_runner_ranks(void);
/* Collective: rank 0's value, on every rank (value itself without MPI). */
int cc_runner_agree(int value);
/* From now on this process works alone (cc_runner_ranks() is 1), whatever mpirun started:
 * for commands that run no replications, which rank 0 runs by itself. */
void cc_runner_solo(void);
/* Ends every rank (MPI_Abort) when this one cannot follow the others any more, which would
 * leave them waiting for it; does nothing without MPI. */
void cc_runner_abort(int code);

/* What the MPI runner moved, summed over this process's calls (zeros without MPI). */
struct cc_runner_stats {
    long units_remote;      /* units computed by other ranks and received by this one */
    double bytes_results;   /* bytes of those result messages (header included) */
    double bytes_broadcast; /* bytes of results broadcast from rank 0 */
};
void cc_runner_stats_get(struct cc_runner_stats *s);

#endif
