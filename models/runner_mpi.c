/* The MPI runner (make MPI=1 only): cc_runner_run on several ranks. Every rank calls it with
 * the same scenarios (the same command line, the same files), so every rank can lay the runs
 * out alone and only unit numbers and results travel:
 *   - rank 0's main thread is the master: it hands out the units of its pool, one at a time,
 *     to whichever thread asks (dynamic load balancing: a 10-ETPT point may take twice as long
 *     as a 22-ETPT point), and stores each result received at its unit's slot, in the
 *     checkpoint and in the progress count;
 *   - rank 0's own threads take units from the same pool directly;
 *   - every thread of every other rank loops: send the last result (or a hello), receive the
 *     next unit number (-1: none left), compute it;
 *   - at the end the statuses are reduced and rank 0 broadcasts every result, run by run in
 *     unit order, so that every rank returns the same runs as rank 0.
 * Results are the raw bytes of cc_rep_pack, so a number computed on rank 3 is the bit pattern
 * rank 0 would have computed: nothing of the schedule reaches a result. Threads of the other
 * ranks call MPI themselves, which needs MPI_THREAD_MULTIPLE; with less, those ranks run one
 * thread (their main thread). */
#include "models/runner_pool.h"
#include "sim/bug.h"

#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TAG_RESULT = 1, TAG_UNIT = 2 };

/* A worker's message: the unit it finished (-1 for its first message), its thread, the unit's
 * status, then the packed result when the status is SIM_OK. */
struct msg_head {
    int64_t unit;
    int32_t thread;
    int32_t status;
};

static struct cc_runner_stats stats;

int cc_runner_rank(void)
{
    int init = 0, rank = 0;
    MPI_Initialized(&init);
    if (init)
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

static bool solo;

void cc_runner_solo(void)
{
    solo = true;
}

int cc_runner_ranks(void)
{
    int init = 0, size = 1;
    MPI_Initialized(&init);
    if (init && !solo)
        MPI_Comm_size(MPI_COMM_WORLD, &size);
    return size;
}

int cc_runner_agree(int value)
{
    if (cc_runner_ranks() > 1)
        MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
}

void cc_runner_abort(int code)
{
    int init = 0;
    MPI_Initialized(&init);
    if (init)
        MPI_Abort(MPI_COMM_WORLD, code);
}

void cc_runner_stats_get(struct cc_runner_stats *s)
{
    *s = stats;
}

static bool multiple_threads(void)
{
    int provided = MPI_THREAD_SINGLE;
    MPI_Query_thread(&provided);
    return provided >= MPI_THREAD_MULTIPLE;
}

static size_t unit_size(const struct cc_pool *p, long unit)
{
    size_t i;
    int rep;
    cc_pool_unit(p, unit, &i, &rep);
    return cc_rep_packed_size(p->runs[i]->layout);
}

/* ---- ranks other than 0 ------------------------------------------------------------------- */

struct worker_arg {
    struct cc_pool *p;
    int thread;
};

static void *remote_worker(void *arg)
{
    const struct worker_arg *a = arg;
    struct cc_pool *p = a->p;
    unsigned char *buf = NULL;
    size_t cap = 0, len = sizeof(struct msg_head);
    struct msg_head head = {.unit = -1, .thread = a->thread, .status = SIM_OK};
    for (;;) {
        if (cap < len) {
            unsigned char *nb = realloc(buf, len);
            if (!nb) {
                /* Say so with a bare head: the master stops handing out units. */
                head.status = SIM_ENOMEM;
                len = sizeof head;
            } else {
                buf = nb;
                cap = len;
            }
        }
        if (buf)
            memcpy(buf, &head, sizeof head);
        MPI_Send(buf ? (void *)buf : (void *)&head, (int)len, MPI_BYTE, 0, TAG_RESULT,
                 MPI_COMM_WORLD);
        int64_t next;
        MPI_Recv(&next, 1, MPI_INT64_T, 0, TAG_UNIT + a->thread, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (next < 0)
            break;
        head.unit = next;
        head.status = (int32_t)cc_pool_compute(p, (long)next);
        len = sizeof head;
        if (head.status == SIM_OK) {
            size_t i;
            int rep;
            cc_pool_unit(p, (long)next, &i, &rep);
            len += cc_rep_packed_size(p->runs[i]->layout);
            if (cap < len) {
                unsigned char *nb = realloc(buf, len);
                if (nb) {
                    buf = nb;
                    cap = len;
                }
            }
            if (cap >= len)
                cc_rep_pack(p->runs[i]->layout, p->runs[i]->rep[rep], buf + sizeof head);
            else {
                head.status = SIM_ENOMEM;
                len = sizeof head;
            }
        }
    }
    free(buf);
    return NULL;
}

static void serve_as_worker(struct cc_pool *p, int threads)
{
    struct worker_arg *a = calloc((size_t)threads, sizeof *a);
    pthread_t *th = calloc((size_t)threads, sizeof *th);
    int started = 0;
    for (int t = 0; a && th && t < threads; t++) {
        a[t] = (struct worker_arg){.p = p, .thread = t};
        if (t > 0 && pthread_create(&th[t], NULL, remote_worker, &a[t]) != 0)
            break;
        started = t + 1;
    }
    if (started > 0)
        remote_worker(&a[0]); /* thread 0 is this one */
    else {
        /* Nothing could be allocated: still take part, as one thread without a buffer. */
        struct worker_arg one = {.p = p, .thread = 0};
        remote_worker(&one);
    }
    for (int t = 1; t < started; t++)
        pthread_join(th[t], NULL);
    free(th);
    free(a);
}

/* ---- rank 0 ------------------------------------------------------------------------------- */

/* Receives results and hands out units until every thread of every other rank has been told
 * to stop. Polls with a short sleep rather than a blocking receive, which would spin a core
 * that rank 0's own simulation threads need. */
static void serve_as_master(struct cc_pool *p, long remote_threads)
{
    unsigned char *buf = NULL;
    size_t cap = 0;
    for (long stopped = 0; stopped < remote_threads;) {
        int flag = 0;
        MPI_Status ms;
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_RESULT, MPI_COMM_WORLD, &flag, &ms);
        if (!flag) {
            const struct timespec nap = {0, 100000};
            nanosleep(&nap, NULL);
            continue;
        }
        int count = 0;
        MPI_Get_count(&ms, MPI_BYTE, &count);
        if ((size_t)count > cap) {
            unsigned char *nb = realloc(buf, (size_t)count);
            if (nb) {
                buf = nb;
                cap = (size_t)count;
            }
        }
        struct msg_head head = {.unit = -1, .status = SIM_ENOMEM};
        if ((size_t)count <= cap) {
            MPI_Recv(buf, count, MPI_BYTE, ms.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            memcpy(&head, buf, sizeof head);
        } else {
            /* No room for it: receive the head alone (truncated), fail the run. */
            MPI_Recv(&head, (int)sizeof head, MPI_BYTE, ms.MPI_SOURCE, TAG_RESULT, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
            head.status = SIM_ENOMEM;
        }
        if (head.unit >= 0) {
            enum sim_status st = (enum sim_status)head.status;
            if (st == SIM_OK && (size_t)count != sizeof head + unit_size(p, (long)head.unit))
                st = SIM_ENOMEM; /* SIM_ASSERT-worthy, but a rank must not take all down */
            if (st == SIM_OK) {
                size_t i;
                int rep;
                cc_pool_unit(p, (long)head.unit, &i, &rep);
                cc_rep_unpack(p->runs[i]->layout, buf + sizeof head, p->runs[i]->rep[rep]);
                stats.units_remote++;
                stats.bytes_results += count;
            }
            cc_pool_finished(p, (long)head.unit, st);
        } else if (head.status != SIM_OK) {
            int ok = SIM_OK;
            atomic_compare_exchange_strong(&p->failed, &ok, head.status);
        }
        const int64_t next = cc_pool_take(p);
        MPI_Send(&next, 1, MPI_INT64_T, ms.MPI_SOURCE, TAG_UNIT + head.thread, MPI_COMM_WORLD);
        if (next < 0)
            stopped++;
    }
    free(buf);
}

static enum sim_status master(struct cc_pool *p, int threads, long remote_threads)
{
    int n = threads;
    if (n > p->n_todo)
        n = (int)p->n_todo;
    pthread_t *th = calloc((size_t)(n > 0 ? n : 1), sizeof *th);
    int started = 0;
    for (; th && started < n; started++)
        if (pthread_create(&th[started], NULL, cc_pool_worker, p) != 0)
            break;
    serve_as_master(p, remote_threads);
    /* With no thread of its own running (none could start), rank 0 takes what is left. */
    if (started == 0)
        cc_pool_worker(p);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    free(th);
    return atomic_load(&p->failed);
}

/* Rank 0's results to every rank, run by run, replication by replication. */
static enum sim_status broadcast(struct cc_pool *p)
{
    const bool root = cc_runner_rank() == 0;
    for (size_t i = 0; i < p->n; i++) {
        const struct cc_layout *l = p->runs[i]->layout;
        const size_t len = cc_rep_packed_size(l);
        unsigned char *buf = malloc(len);
        int ok = buf != NULL, all = 0;
        MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        if (!all) {
            free(buf);
            return SIM_ENOMEM;
        }
        for (int r = 0; r < p->runs[i]->reps; r++) {
            if (root)
                cc_rep_pack(l, p->runs[i]->rep[r], buf);
            MPI_Bcast(buf, (int)len, MPI_BYTE, 0, MPI_COMM_WORLD);
            if (!root)
                cc_rep_unpack(l, buf, p->runs[i]->rep[r]);
            stats.bytes_broadcast += (double)len;
        }
        free(buf);
    }
    return SIM_OK;
}

enum sim_status cc_runner_mpi_run(struct cc_pool *p, int threads, enum sim_status st)
{
    const int rank = cc_runner_rank();
    /* Every rank must have laid its runs out (and rank 0 bound its checkpoint) before any
     * unit moves; the largest status is as good as any to fail them all with. */
    int mine = (int)st, worst = 0;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != SIM_OK)
        return st != SIM_OK ? st : (enum sim_status)worst;
    int32_t my_threads = rank == 0 || multiple_threads() ? threads : 1;
    int32_t *all = rank == 0 ? calloc((size_t)cc_runner_ranks(), sizeof *all) : NULL;
    /* A few bytes per rank: without them rank 0 cannot know whom to wait for. */
    SIM_ASSERT(rank != 0 || all != NULL);
    MPI_Gather(&my_threads, 1, MPI_INT32_T, all, 1, MPI_INT32_T, 0, MPI_COMM_WORLD);
    if (rank == 0) {
        long remote = 0;
        for (int r = 1; all && r < cc_runner_ranks(); r++)
            remote += all[r];
        free(all);
        st = master(p, threads, remote);
    } else {
        serve_as_worker(p, my_threads);
        st = SIM_OK;
    }
    mine = (int)st;
    MPI_Allreduce(&mine, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (worst != SIM_OK)
        return st != SIM_OK ? st : (enum sim_status)worst;
    return broadcast(p);
}
