/* mmcm_loop: the project's hand-written reference loop for the speed benchmark (bench/run.sh).
 *
 * One M/M/c+M queue (Erlang A), nothing else: Poisson arrivals 120 calls/h, exponential
 * handling time of mean 240 s, exponential patience of mean 120 s, 10 agents, one FCFS queue,
 * always open. It does what a discrete-event simulator does for that model, with no generality:
 * a binary min-heap of pending events (arrival, service end, abandonment) ordered by time, an
 * abandonment event per waiting caller that is cancelled (removed from the heap) when service
 * starts, and a doubly linked waiting line so an abandoning caller leaves in O(1). Nothing is
 * allocated per event. Its events per second are the practical limit ccsim's engine is compared
 * with; its figures are checked against Erlang A so a fast but wrong loop is caught:
 *   P(abandon) 0.0684054, mean wait of all callers 8.2086 s, occupancy 0.745276
 * (see docs/model.md, "Analytic oracle"; `ccsim erlang --calls-per-hour 120 --aht 240
 * --patience 120 --agents 10` prints the same numbers).
 *
 * Usage: mmcm_loop [MINUTES [SEED]]   (default 1000000 minutes, seed 20240601)
 * Prints one line of key=value pairs. Each figure comes with a 95 % half-width from 20 batch
 * means (the run is cut in 20 equal spans of time), and check=ok when all three lie within
 * 4 half-widths / 1.96 (about 4 standard errors) of Erlang A, check=FAILED (exit 1) otherwise.
 *
 * Build: cc -O2 -o mmcm_loop bench/mmcm_loop.c -lm */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define LAMBDA (120.0 / 3600.0) /* arrivals per second */
#define AHT_S 240.0
#define PATIENCE_S 120.0
#define AGENTS 10
#define BATCHES 20

/* Exact Erlang A values for the model above (Mandelbaum and Zeltyn 2007). */
#define EXACT_P_AB 0.0684054
#define EXACT_WAIT_S 8.2086
#define EXACT_OCC 0.745276

enum kind { EV_ARRIVAL, EV_END, EV_ABANDON };

/* ---- random numbers: xoshiro256++ seeded by splitmix64 (Blackman and Vigna) ---------------- */

static uint64_t rng_s[4];

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static void rng_seed(uint64_t x)
{
    for (int i = 0; i < 4; i++) {
        uint64_t z = (x += UINT64_C(0x9e3779b97f4a7c15));
        z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
        rng_s[i] = z ^ (z >> 31);
    }
}

static double rng_exp(double mean)
{
    const uint64_t result = rotl(rng_s[0] + rng_s[3], 23) + rng_s[0];
    const uint64_t t = rng_s[1] << 17;
    rng_s[2] ^= rng_s[0];
    rng_s[3] ^= rng_s[1];
    rng_s[1] ^= rng_s[2];
    rng_s[0] ^= rng_s[3];
    rng_s[2] ^= t;
    rng_s[3] = rotl(rng_s[3], 45);
    /* u in [0, 1) on the 2^-53 grid, so 1 - u > 0 and the log is finite. */
    const double u = (double)(result >> 11) * 0x1.0p-53;
    return -mean * log1p(-u);
}

/* ---- event heap: pool of events, heap of pool indices, pos[] for cancellation ------------- */

struct event {
    double t;
    int kind;
    uint32_t call; /* waiting caller of an abandonment */
};

static struct event *ev;
static uint32_t *heap, *pos, *ev_free;
static uint32_t heap_n, ev_free_n, ev_cap;

static int earlier(uint32_t a, uint32_t b)
{
    return ev[a].t < ev[b].t;
}

static void heap_place(uint32_t i, uint32_t e)
{
    heap[i] = e;
    pos[e] = i;
}

static void sift_up(uint32_t i)
{
    const uint32_t e = heap[i];
    while (i > 0) {
        const uint32_t p = (i - 1) / 2;
        if (!earlier(e, heap[p]))
            break;
        heap_place(i, heap[p]);
        i = p;
    }
    heap_place(i, e);
}

static void sift_down(uint32_t i)
{
    const uint32_t e = heap[i];
    for (;;) {
        uint32_t c = 2 * i + 1;
        if (c >= heap_n)
            break;
        if (c + 1 < heap_n && earlier(heap[c + 1], heap[c]))
            c++;
        if (!earlier(heap[c], e))
            break;
        heap_place(i, heap[c]);
        i = c;
    }
    heap_place(i, e);
}

static uint32_t schedule(double t, int kind, uint32_t call)
{
    /* At most one arrival, AGENTS service ends and one abandonment per waiting caller are
     * pending, so the pool grows only with the longest queue. */
    if (ev_free_n == 0) {
        const uint32_t cap = ev_cap ? 2 * ev_cap : 1024;
        ev = realloc(ev, cap * sizeof *ev);
        heap = realloc(heap, cap * sizeof *heap);
        pos = realloc(pos, cap * sizeof *pos);
        ev_free = realloc(ev_free, cap * sizeof *ev_free);
        if (!ev || !heap || !pos || !ev_free) {
            fputs("mmcm_loop: out of memory\n", stderr);
            exit(1);
        }
        for (uint32_t k = cap; k > ev_cap; k--)
            ev_free[ev_free_n++] = k - 1;
        ev_cap = cap;
    }
    const uint32_t e = ev_free[--ev_free_n];
    ev[e] = (struct event){t, kind, call};
    heap_place(heap_n++, e);
    sift_up(heap_n - 1);
    return e;
}

static void remove_at(uint32_t i)
{
    ev_free[ev_free_n++] = heap[i];
    if (--heap_n == i)
        return;
    const uint32_t e = heap[heap_n];
    heap_place(i, e);
    sift_up(i);
    if (pos[e] == i)
        sift_down(i);
}

/* ---- waiting line: a doubly linked list over a pool of callers --------------------------- */

#define NIL UINT32_MAX

struct caller {
    double t_join;
    uint32_t abandon; /* its pending abandonment event */
    uint32_t prev, next;
};

static struct caller *cl;
static uint32_t cl_cap, cl_n, cl_free = NIL, q_head = NIL, q_tail = NIL;

static uint32_t caller_new(void)
{
    if (cl_free != NIL) {
        const uint32_t id = cl_free;
        cl_free = cl[id].next;
        return id;
    }
    if (cl_n == cl_cap) {
        cl_cap = cl_cap ? 2 * cl_cap : 1024;
        cl = realloc(cl, cl_cap * sizeof *cl);
        if (!cl) {
            fputs("mmcm_loop: out of memory\n", stderr);
            exit(1);
        }
    }
    return cl_n++;
}

static void caller_leave(uint32_t id)
{
    struct caller *k = &cl[id];
    if (k->prev != NIL)
        cl[k->prev].next = k->next;
    else
        q_head = k->next;
    if (k->next != NIL)
        cl[k->next].prev = k->prev;
    else
        q_tail = k->prev;
    k->next = cl_free;
    cl_free = id;
}

/* ---- statistics per batch ----------------------------------------------------------------- */

struct batch {
    double arrived, abandoned, waited, wait_s, busy_s;
};

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Mean of x[0..n) and the 95 % half-width of that mean (Student t, 19 degrees of freedom). */
static void mean_hw(const double *x, int n, double *mean, double *hw)
{
    double s = 0, ss = 0;
    for (int i = 0; i < n; i++)
        s += x[i];
    *mean = s / n;
    for (int i = 0; i < n; i++)
        ss += (x[i] - *mean) * (x[i] - *mean);
    *hw = 2.093 * sqrt(ss / (n - 1) / n); /* t_{0.975, 19} = 2.093 */
}

int main(int argc, char **argv)
{
    const double minutes = argc > 1 ? strtod(argv[1], NULL) : 1e6;
    const unsigned long long seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20240601ULL;
    if (!(minutes >= 1000) || argc > 3) {
        fputs("usage: mmcm_loop [MINUTES >= 1000 [SEED]]\n", stderr);
        return 2;
    }
    const double horizon = minutes * 60, span = horizon / BATCHES;
    rng_seed(seed);

    struct batch b[BATCHES] = {{0}};
    int busy = 0, bi = 0;
    double now = 0, last = 0;
    uint64_t events = 0;
    schedule(rng_exp(1 / LAMBDA), EV_ARRIVAL, 0);
    const double t0 = wall_s();
    while (heap_n > 0) {
        const uint32_t e = heap[0];
        const struct event x = ev[e];
        if (x.t >= horizon)
            break;
        remove_at(0);
        events++;
        /* Agent-time integral, split at batch boundaries. */
        now = x.t;
        while (bi < BATCHES - 1 && now >= (bi + 1) * span) {
            b[bi].busy_s += busy * ((bi + 1) * span - last);
            last = (bi + 1) * span;
            bi++;
        }
        b[bi].busy_s += busy * (now - last);
        last = now;
        switch (x.kind) {
        case EV_ARRIVAL:
            schedule(now + rng_exp(1 / LAMBDA), EV_ARRIVAL, 0);
            b[bi].arrived++;
            if (busy < AGENTS) {
                busy++;
                b[bi].waited++;
                schedule(now + rng_exp(AHT_S), EV_END, 0);
            } else {
                const uint32_t id = caller_new();
                cl[id] = (struct caller){now, 0, q_tail, NIL};
                if (q_tail != NIL)
                    cl[q_tail].next = id;
                else
                    q_head = id;
                q_tail = id;
                cl[id].abandon = schedule(now + rng_exp(PATIENCE_S), EV_ABANDON, id);
            }
            break;
        case EV_END:
            if (q_head == NIL) {
                busy--;
                break;
            }
            {
                /* The agent takes the head of the line at once: busy stays the same. Its wait
                 * counts in the batch where it ends, as its abandonment would. */
                const uint32_t id = q_head;
                b[bi].waited++;
                b[bi].wait_s += now - cl[id].t_join;
                remove_at(pos[cl[id].abandon]);
                caller_leave(id);
                schedule(now + rng_exp(AHT_S), EV_END, 0);
            }
            break;
        case EV_ABANDON:
            b[bi].abandoned++;
            b[bi].waited++;
            b[bi].wait_s += now - cl[x.call].t_join;
            caller_leave(x.call);
            break;
        }
    }
    for (; bi < BATCHES; bi++) {
        b[bi].busy_s += busy * ((bi + 1) * span - last);
        last = (bi + 1) * span;
    }
    const double elapsed = wall_s() - t0;

    /* Ratios per batch, then their mean and spread: batch means absorb the autocorrelation
     * of a single long run. */
    double p_ab[BATCHES], wait[BATCHES], occ[BATCHES], m[3], hw[3];
    for (int i = 0; i < BATCHES; i++) {
        p_ab[i] = b[i].abandoned / b[i].arrived;
        wait[i] = b[i].wait_s / b[i].waited;
        occ[i] = b[i].busy_s / (AGENTS * span);
    }
    mean_hw(p_ab, BATCHES, &m[0], &hw[0]);
    mean_hw(wait, BATCHES, &m[1], &hw[1]);
    mean_hw(occ, BATCHES, &m[2], &hw[2]);
    const double exact[3] = {EXACT_P_AB, EXACT_WAIT_S, EXACT_OCC};
    int ok = 1;
    for (int i = 0; i < 3; i++)
        ok = ok && fabs(m[i] - exact[i]) <= 4 * hw[i] / 1.96;
    printf("events=%llu wall_s=%.3f events_per_s=%.0f p_abandon=%.5f+-%.5f (exact %.7f) "
           "mean_wait_s=%.3f+-%.3f (exact %.4f) occupancy=%.5f+-%.5f (exact %.6f) check=%s\n",
           (unsigned long long)events, elapsed, elapsed > 0 ? (double)events / elapsed : 0.0, m[0],
           hw[0], EXACT_P_AB, m[1], hw[1], EXACT_WAIT_S, m[2], hw[2], EXACT_OCC,
           ok ? "ok" : "FAILED");
    free(ev);
    free(heap);
    free(pos);
    free(ev_free);
    free(cl);
    return ok ? 0 : 1;
}
