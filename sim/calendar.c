/* sim_calendar: the future event list (see calendar.h). Two d-ary min-heaps under one
 * insertion counter:
 * - the handle heap, for events that may be cancelled: 16-byte entries (time, slot) and a slot
 *   table holding each event's payload, insertion sequence number and heap position; freed
 *   slots form a free list, so steady state never allocates;
 * - the plain heap, for events that are never cancelled: 32-byte entries carrying the payload
 *   and the sequence number themselves, so a push or a pop touches no slot table and a move
 *   writes no position (in ccsim's network model about 85 % of events are of this kind).
 * - the stream tree, for recurring sources with at most one pending event each (arrival
 *   processes): a winner tree over their next events, replayed along one leaf-to-root path.
 * Pop takes the earliest of the three tops by (t, seq), so the order is the one a single heap
 * would give.
 * Invariants: each heap's order is (t, seq), seq strictly increasing over pushes of both
 * kinds (FIFO ties, across heaps too); slots[heap[i].slot].pos == i; a slot's gen is odd iff
 * it holds a pending event, and a handle is (gen << 32 | slot), so handle 0 and handles of
 * popped/cancelled events never match (until one slot is reused 2^31 times). References:
 * libuv heap-inl.h (ties by start counter); D. B. Johnson, "Priority queues with update and
 * finding minimum spanning trees" (1975) for d-ary heaps. */
#include "sim/calendar.h"

#include "sim/bug.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A 4-ary heap has half the levels of a binary one and its four children span at most two
 * cache lines. In the hold model (bench/calendar_bench.c) it measured 2-25% faster than binary
 * for 20..10^5 entries; under the M/M/c+M benchmark the two were within noise. */
#define ARITY 4
#define NO_SLOT UINT32_MAX
/* Keeps ARITY * i + ARITY and 2 * cap far below 2^32, so index arithmetic never wraps. */
#define MAX_CAP (UINT32_C(1) << 28)
#define IDLE_SEQ UINT64_MAX

struct entry {
    double t;
    uint32_t slot;
    uint32_t unused;
};

struct slot {
    void *data;
    uint64_t seq;
    int kind;
    uint32_t gen; /* odd: pending; even: free */
    uint32_t pos; /* heap index when pending; next free slot when free */
};

/* An entry of the plain heap: 32 bytes, so a node's four children fill exactly two cache
 * lines once the array is placed as fixed_alloc does. */
struct fentry {
    double t;
    uint64_t seq;
    void *data;
    int kind;
    uint32_t unused;
};

struct sim_calendar {
    struct entry *heap; /* handle heap: heap[0..n) */
    struct slot *slots; /* slots[0..nslots) have been used at least once */
    uint32_t n;
    uint32_t nslots;
    uint32_t cap; /* capacity of heap and slots alike: n <= nslots <= cap */
    uint32_t free_head;
    struct fentry *fheap; /* plain heap: fheap[0..nf) */
    void *fraw;           /* fheap's allocation */
    uint32_t nf;
    uint32_t fcap;
    /* Stream tree: leaves sleaf[0..sL), sL a power of two >= sn; node j (1 <= j < 2 sL) holds
     * in swin[j] the leaf earliest by (t, seq) in its subtree, leaf i being node sL + i. An
     * idle leaf has t = +inf and seq = IDLE_SEQ. sdirty is a stream whose event popped but
     * whose leaf still holds it (NO_SLOT if none): see stream_settle. */
    struct fentry *sleaf;
    uint32_t *swin;
    uint32_t sn, sL, spending, sdirty;
    uint64_t seq; /* the next push's sequence number, all three kinds */
};

/* A plain heap of capacity cap, placed so that fheap[1] starts a cache line: the children of
 * node i, fheap[4i+1..4i+4], are then two whole lines. NULL on ENOMEM. */
static struct fentry *fixed_alloc(uint32_t cap, void **raw)
{
    /* One spare entry before fheap[0] and one after the end keep the size a multiple of 64. */
    *raw = aligned_alloc(64, ((size_t)cap + 2) * sizeof(struct fentry));
    return *raw == NULL ? NULL : (struct fentry *)*raw + 1;
}

sim_calendar *sim_calendar_alloc(size_t capacity_hint)
{
    sim_calendar *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    uint32_t cap = 16;
    while (cap < capacity_hint && cap < MAX_CAP)
        cap *= 2;
    c->heap = malloc(cap * sizeof(*c->heap));
    c->slots = malloc(cap * sizeof(*c->slots));
    c->fheap = fixed_alloc(cap, &c->fraw);
    if (c->heap == NULL || c->slots == NULL || c->fheap == NULL)
        goto fail;
    c->cap = cap;
    c->fcap = cap;
    c->free_head = NO_SLOT;
    c->sdirty = NO_SLOT;
    return c;
fail:
    sim_calendar_free(c);
    return NULL;
}

void sim_calendar_free(sim_calendar *c)
{
    if (c == NULL)
        return;
    free(c->heap);
    free(c->slots);
    free(c->fraw);
    free(c->sleaf);
    free(c->swin);
    free(c);
}

/* Strict (t, seq) order. Times are almost always distinct, so the slot table is read only on
 * ties; that keeps heap entries at 16 bytes with a full 64-bit sequence number. */
static inline int before(const sim_calendar *c, const struct entry *a, const struct entry *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    return c->slots[a->slot].seq < c->slots[b->slot].seq;
}

static inline void place(sim_calendar *c, uint32_t i, struct entry e)
{
    c->heap[i] = e;
    c->slots[e.slot].pos = i;
}

/* Inline: every push and every pop ends here, and in ccsim's M/M/c+M run the out-of-line call
 * cost about 8 % of the calendar's instructions. */
static inline void sift_up(sim_calendar *c, uint32_t i, struct entry e)
{
    while (i > 0) {
        uint32_t parent = (i - 1) / ARITY;
        if (!before(c, &e, &c->heap[parent]))
            break;
        place(c, i, c->heap[parent]);
        i = parent;
    }
    place(c, i, e);
}

/* The earliest child of node i, or NO_SLOT when i is a leaf. A full node with four distinct
 * times (nearly always) takes a tournament on times alone, which the compiler turns into
 * conditional moves: the compares of a pop's descent are coin flips that mispredicted branches
 * made slow (about 13 % of a network run, generalize-16etpt). Ties and partial nodes take the
 * loop on (time, seq); both pick the same child. */
static inline uint32_t best_child(const sim_calendar *c, uint32_t i)
{
    const struct entry *h = c->heap;
    const uint32_t n = c->n;
    const uint32_t first = ARITY * i + 1;
    if (first >= n)
        return NO_SLOT;
    if (n - first >= ARITY) {
        const double t0 = h[first].t, t1 = h[first + 1].t;
        const double t2 = h[first + 2].t, t3 = h[first + 3].t;
        if (t0 != t1 && t0 != t2 && t0 != t3 && t1 != t2 && t1 != t3 && t2 != t3) {
            const uint32_t a = t1 < t0 ? first + 1 : first;
            const double ta = t1 < t0 ? t1 : t0;
            const uint32_t b = t3 < t2 ? first + 3 : first + 2;
            const double tb = t3 < t2 ? t3 : t2;
            return tb < ta ? b : a;
        }
    }
    const uint32_t end = n - first < ARITY ? n : first + ARITY;
    uint32_t best = first;
    for (uint32_t k = first + 1; k < end; k++)
        if (before(c, &h[k], &h[best]))
            best = k;
    return best;
}

static void sift_down(sim_calendar *c, uint32_t i, struct entry e)
{
    const struct entry *h = c->heap;
    for (;;) {
        const uint32_t best = best_child(c, i);
        if (best == NO_SLOT || !before(c, &h[best], &e))
            break;
        place(c, i, h[best]);
        i = best;
    }
    place(c, i, e);
}

/* Pop's repair (Floyd; Wegener's bottom-up heapsort): the last entry almost always belongs
 * near the bottom, so walk the hole from the root down the smaller children to a leaf without
 * comparing against it, then sift it up from there. That saves one comparison per level
 * against the classic sift_down; a few percent faster per push/pop pair in the hold model. */
static void refill_root(sim_calendar *c, struct entry last)
{
    const struct entry *h = c->heap;
    uint32_t i = 0;
    for (;;) {
        const uint32_t best = best_child(c, i);
        if (best == NO_SLOT)
            break;
        place(c, i, h[best]);
        i = best;
    }
    sift_up(c, i, last);
}

/* Doubles heap and slot table together; ENOMEM here is fatal (calendar.h). */
static void grow(sim_calendar *c)
{
    SIM_ASSERT(c->cap < MAX_CAP);
    uint32_t cap = 2 * c->cap;
    struct entry *heap = realloc(c->heap, cap * sizeof(*heap));
    SIM_ASSERT(heap != NULL);
    c->heap = heap;
    struct slot *slots = realloc(c->slots, cap * sizeof(*slots));
    SIM_ASSERT(slots != NULL);
    c->slots = slots;
    c->cap = cap;
}

/* The plain heap: the same 4-ary heap, tournament and Floyd pop as above, on entries that
 * carry their own sequence number (no slot table, no positions). */
static inline int fbefore(const struct fentry *a, const struct fentry *b)
{
    if (a->t != b->t)
        return a->t < b->t;
    return a->seq < b->seq;
}

static inline void fsift_up(sim_calendar *c, uint32_t i, struct fentry e)
{
    struct fentry *h = c->fheap;
    while (i > 0) {
        uint32_t parent = (i - 1) / ARITY;
        if (!fbefore(&e, &h[parent]))
            break;
        h[i] = h[parent];
        i = parent;
    }
    h[i] = e;
}

static inline uint64_t bits_of(double t)
{
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    return u;
}

/* As best_child, on the plain heap. Out of line on purpose: inlined into the run loop, GCC
 * compiled the tournament's selects as branches, which mispredicted about five times per event
 * (cachegrind, generalize-16etpt) and cost more than the call. */
__attribute__((noinline)) static uint32_t fbest_child(const sim_calendar *c, uint32_t i)
{
    const struct fentry *h = c->fheap;
    const uint32_t n = c->nf;
    const uint32_t first = ARITY * i + 1;
    if (first >= n)
        return NO_SLOT;
    if (n - first >= ARITY) {
        const double t0 = h[first].t, t1 = h[first + 1].t;
        const double t2 = h[first + 2].t, t3 = h[first + 3].t;
        /* The tie test on the times' bits: integer compares, where a double's != also tests
         * for NaN; equal bits are equal times, since pushes refuse NaN and make -0 +0. */
        const uint64_t b0 = bits_of(t0), b1 = bits_of(t1), b2 = bits_of(t2), b3 = bits_of(t3);
        if (b0 != b1 && b0 != b2 && b0 != b3 && b1 != b2 && b1 != b3 && b2 != b3) {
            const uint32_t a = t1 < t0 ? first + 1 : first;
            const double ta = t1 < t0 ? t1 : t0;
            const uint32_t b = t3 < t2 ? first + 3 : first + 2;
            const double tb = t3 < t2 ? t3 : t2;
            return tb < ta ? b : a;
        }
    }
    const uint32_t stop = n - first < ARITY ? n : first + ARITY;
    uint32_t best = first;
    for (uint32_t k = first + 1; k < stop; k++)
        if (fbefore(&h[k], &h[best]))
            best = k;
    return best;
}

/* As refill_root, on the plain heap. */
static void frefill_root(sim_calendar *c, struct fentry last)
{
    struct fentry *h = c->fheap;
    uint32_t i = 0;
    for (;;) {
        const uint32_t best = fbest_child(c, i);
        if (best == NO_SLOT)
            break;
        h[i] = h[best];
        i = best;
    }
    fsift_up(c, i, last);
}

/* Doubles the plain heap; ENOMEM here is fatal (calendar.h). */
static void fgrow(sim_calendar *c)
{
    SIM_ASSERT(c->fcap < MAX_CAP);
    const uint32_t cap = 2 * c->fcap;
    void *raw;
    struct fentry *h = fixed_alloc(cap, &raw);
    SIM_ASSERT(h != NULL);
    memcpy(h, c->fheap, c->nf * sizeof(*h));
    free(c->fraw);
    c->fheap = h;
    c->fraw = raw;
    c->fcap = cap;
}

void sim_calendar_push_fixed(sim_calendar *c, double t, int kind, void *data)
{
    SIM_ASSERT(c != NULL && !isnan(t));
    if (c->nf == c->fcap)
        fgrow(c);
    struct fentry e = {t + 0.0, c->seq++, data, kind, 0}; /* -0 becomes +0 (fbest_child) */
    fsift_up(c, c->nf++, e);
}

static void take_fixed_top(sim_calendar *c, double *t, int *kind, void **data)
{
    const struct fentry *top = &c->fheap[0];
    *t = top->t;
    *kind = top->kind;
    *data = top->data;
    uint32_t n = --c->nf;
    if (n > 0)
        frefill_root(c, c->fheap[n]);
}

static uint32_t take_slot(sim_calendar *c)
{
    uint32_t s = c->free_head;
    if (s != NO_SLOT) {
        c->free_head = c->slots[s].pos;
    } else {
        if (c->nslots == c->cap)
            grow(c);
        s = c->nslots++;
        c->slots[s].gen = 0;
    }
    c->slots[s].gen++; /* now odd: pending */
    return s;
}

static void release_slot(sim_calendar *c, uint32_t s)
{
    struct slot *sl = &c->slots[s];
    sl->gen++; /* now even: every handle naming this slot is stale */
    sl->data = NULL;
    sl->pos = c->free_head;
    c->free_head = s;
}

sim_handle sim_calendar_push(sim_calendar *c, double t, int kind, void *data)
{
    SIM_ASSERT(c != NULL && !isnan(t));
    uint32_t s = take_slot(c);
    struct slot *sl = &c->slots[s];
    sl->data = data;
    sl->kind = kind;
    sl->seq = c->seq++;
    struct entry e = {t, s, 0};
    sift_up(c, c->n++, e);
    return (uint64_t)c->slots[s].gen << 32 | s;
}

static void take_top(sim_calendar *c, double *t, int *kind, void **data)
{
    struct entry top = c->heap[0];
    struct slot *sl = &c->slots[top.slot];
    *t = top.t;
    *kind = sl->kind;
    *data = sl->data;
    release_slot(c, top.slot);
    uint32_t n = --c->n;
    if (n > 0)
        refill_root(c, c->heap[n]);
}

/* ---- streams ---- */

int sim_calendar_streams(sim_calendar *c, uint32_t n)
{
    SIM_ASSERT(c != NULL && c->sn == 0 && n > 0 && n <= MAX_CAP);
    uint32_t L = 1;
    while (L < n)
        L *= 2;
    c->sleaf = malloc(L * sizeof(*c->sleaf));
    c->swin = malloc(2 * (size_t)L * sizeof(*c->swin));
    if (c->sleaf == NULL || c->swin == NULL) {
        free(c->sleaf);
        free(c->swin);
        c->sleaf = NULL;
        c->swin = NULL;
        return 0;
    }
    for (uint32_t i = 0; i < L; i++) {
        c->sleaf[i] = (struct fentry){INFINITY, IDLE_SEQ, NULL, 0, 0};
        c->swin[L + i] = i;
    }
    for (uint32_t j = L - 1; j >= 1; j--)
        c->swin[j] = c->swin[(size_t)2 * j]; /* all idle: any leaf of the subtree will do */
    c->sn = n;
    c->sL = L;
    return 1;
}

/* Recomputes the winners on leaf i's path to the root; each node compares its two children's
 * winners, so the replay is right whatever leaf i's time became. With (t, seq) unique among
 * pending events, the tree's winner is the one a single heap would pop. */
static void stream_replay(sim_calendar *c, uint32_t i)
{
    const struct fentry *lf = c->sleaf;
    uint32_t *w = c->swin;
    uint32_t cur = i;
    for (uint32_t j = c->sL + i; j > 1; j >>= 1) {
        const uint32_t other = w[j ^ 1];
        cur = fbefore(&lf[other], &lf[cur]) ? other : cur;
        w[j >> 1] = cur;
    }
}

/* A popped stream event stays in its leaf until the stream schedules its next one, which
 * then takes one replay instead of two (an arrival process nearly always does, at once).
 * Anything else that needs the true earliest stream event settles first: idles the leaf and
 * replays its path. */
static inline void stream_settle(sim_calendar *c)
{
    const uint32_t i = c->sdirty;
    if (i == NO_SLOT)
        return;
    c->sleaf[i].t = INFINITY;
    c->sleaf[i].seq = IDLE_SEQ;
    c->sdirty = NO_SLOT;
    stream_replay(c, i);
}

void sim_calendar_push_stream(sim_calendar *c, uint32_t i, double t, int kind)
{
    SIM_ASSERT(c != NULL && i < c->sn && t < INFINITY); /* also rejects NaN */
    if (c->sdirty != i) {
        stream_settle(c);
        SIM_ASSERT(c->sleaf[i].seq == IDLE_SEQ); /* one pending event per stream */
    }
    c->sdirty = NO_SLOT;
    c->sleaf[i] = (struct fentry){t, c->seq++, (void *)(uintptr_t)i, kind, 0};
    c->spending++;
    stream_replay(c, i);
}

/* ---- pop ---- */

enum source { FROM_NONE, FROM_FIXED, FROM_HANDLE, FROM_STREAM };

/* Which of the three tops pops next by (t, seq); the stream tree must be settled. */
static inline enum source next_source(const sim_calendar *c, double *t)
{
    double bt = INFINITY;
    uint64_t bs = IDLE_SEQ;
    enum source from = FROM_NONE;
    if (c->nf > 0) {
        bt = c->fheap[0].t;
        bs = c->fheap[0].seq;
        from = FROM_FIXED;
    }
    if (c->n > 0) {
        const struct entry *h = &c->heap[0];
        const uint64_t hs = c->slots[h->slot].seq;
        if (h->t < bt || (h->t == bt && hs < bs)) {
            bt = h->t;
            bs = hs;
            from = FROM_HANDLE;
        }
    }
    if (c->spending > 0) {
        const struct fentry *l = &c->sleaf[c->swin[1]];
        if (l->t < bt || (l->t == bt && l->seq < bs)) {
            bt = l->t;
            from = FROM_STREAM;
        }
    }
    *t = bt;
    return from;
}

static void take_stream_top(sim_calendar *c, double *t, int *kind, void **data)
{
    const uint32_t i = c->swin[1];
    const struct fentry *l = &c->sleaf[i];
    *t = l->t;
    *kind = l->kind;
    *data = l->data;
    c->spending--;
    c->sdirty = i;
}

int sim_calendar_pop(sim_calendar *c, double *t, int *kind, void **data)
{
    SIM_ASSERT(c != NULL && t != NULL && kind != NULL && data != NULL);
    return sim_calendar_pop_until(c, INFINITY, t, kind, data);
}

int sim_calendar_pop_until(sim_calendar *c, double t_end, double *t, int *kind, void **data)
{
    stream_settle(c);
    double tn;
    const enum source from = next_source(c, &tn);
    if (from == FROM_NONE || tn > t_end)
        return 0;
    if (from == FROM_FIXED)
        take_fixed_top(c, t, kind, data);
    else if (from == FROM_STREAM)
        take_stream_top(c, t, kind, data);
    else
        take_top(c, t, kind, data);
    return 1;
}

static int is_pending(const sim_calendar *c, sim_handle h)
{
    uint32_t s = (uint32_t)h;
    uint32_t gen = (uint32_t)(h >> 32);
    return s < c->nslots && (gen & 1) && c->slots[s].gen == gen;
}

int sim_calendar_is_pending(const sim_calendar *c, sim_handle h)
{
    SIM_ASSERT(c != NULL);
    return is_pending(c, h);
}

void sim_calendar_cancel(sim_calendar *c, sim_handle h)
{
    SIM_ASSERT(c != NULL && is_pending(c, h));
    uint32_t s = (uint32_t)h;
    uint32_t i = c->slots[s].pos;
    release_slot(c, s);
    uint32_t n = --c->n;
    if (i == n)
        return;
    /* The last entry fills the hole; it may belong above or below it. */
    struct entry last = c->heap[n];
    if (i > 0 && before(c, &last, &c->heap[(i - 1) / ARITY]))
        sift_up(c, i, last);
    else
        sift_down(c, i, last);
}

size_t sim_calendar_size(const sim_calendar *c)
{
    SIM_ASSERT(c != NULL);
    return (size_t)c->n + c->nf + c->spending;
}

double sim_calendar_next_time(sim_calendar *c)
{
    SIM_ASSERT(c != NULL);
    stream_settle(c);
    double t;
    return next_source(c, &t) == FROM_NONE ? INFINITY : t;
}

void sim_calendar_clear(sim_calendar *c)
{
    SIM_ASSERT(c != NULL);
    for (uint32_t i = 0; i < c->n; i++)
        release_slot(c, c->heap[i].slot);
    c->n = 0;
    c->nf = 0;
    for (uint32_t i = 0; i < c->sL; i++) {
        c->sleaf[i].t = INFINITY;
        c->sleaf[i].seq = IDLE_SEQ;
    }
    c->spending = 0;
    c->sdirty = NO_SLOT;
}
