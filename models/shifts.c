/* cc_shifts: exact shift covering (see shifts.h).
 *
 * The program of one run of T intervals: minimise sum_k len_k x_k subject to, for every
 * interval t, sum of x_k over the shifts k covering t, minus a surplus e_t >= 0, equal to r_t.
 * Subtracting row t - 1 from row t (rows -1 and T being 0 = 0) leaves in each column one +1
 * and one -1: a shift starting at s of length L gets +1 in row s and -1 in row s + L, the
 * surplus e_t gets -1 in row t and +1 in row t + 1, and the right-hand side of row t becomes
 * b_t = r_t - r_(t-1). That is the node-arc matrix of a network on nodes 0..T: a shift is an
 * arc s -> s + L costing its length, a surplus an arc t + 1 -> t costing nothing, and node t
 * supplies b_t (a rise of the requirement) or demands -b_t (a fall). The matrix is totally
 * unimodular, so a minimum-cost flow with integral supplies is an integral, optimal plan.
 *
 * Costs are len x BIG + 1 with BIG above any shift count an optimal plan can have, so that the
 * paid intervals are minimised first and the number of shifts second (two 4-h shifts or one
 * 8-h shift: the same hours, one person fewer). Successive shortest paths from a super
 * source to a super sink, the paths found by Bellman-Ford on the residual network (its
 * reverse arcs cost less than 0): a few dozen augmentations for a day of half hours. */
#include "models/shifts.h"

#include "sim/bug.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct arc {
    int to;
    long cap;
    long long cost;
};

struct net {
    struct arc *arc; /* arc i and its reverse i ^ 1 */
    int n_arc, n_node;
};

static int add_arc(struct net *g, int from, int to, long cap, long long cost, int *tail)
{
    const int i = g->n_arc;
    g->arc[i] = (struct arc){to, cap, cost};
    g->arc[i + 1] = (struct arc){from, 0, -cost};
    tail[i] = from;
    tail[i + 1] = to;
    g->n_arc += 2;
    return i;
}

/* The cheapest residual path from src to dst into prev (arc entering each node); false when
 * dst cannot be reached. Bellman-Ford with an early stop: the residual network has no
 * negative cycle (successive shortest paths keep the flow optimal for its value). */
static bool shortest(const struct net *g, const int *tail, int src, int dst, long long *dist,
                     int *prev)
{
    for (int v = 0; v < g->n_node; v++) {
        dist[v] = LLONG_MAX;
        prev[v] = -1;
    }
    dist[src] = 0;
    for (int pass = 0; pass < g->n_node; pass++) {
        bool changed = false;
        for (int i = 0; i < g->n_arc; i++) {
            const int u = tail[i];
            if (g->arc[i].cap <= 0 || dist[u] == LLONG_MAX)
                continue;
            const long long d = dist[u] + g->arc[i].cost;
            if (d < dist[g->arc[i].to]) {
                dist[g->arc[i].to] = d;
                prev[g->arc[i].to] = i;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    return dist[dst] != LLONG_MAX;
}

long cc_shifts_cover(const int *req, int n_slots, const int *len, size_t n_len, int *x)
{
    SIM_ASSERT(n_slots >= 1 && n_len >= 1 && n_len <= CC_SHIFTS_MAX_LENGTHS);
    const int T = n_slots, src = T + 1, dst = T + 2;
    long supply = 0, rmax = 1;
    for (int t = 0; t <= T; t++) {
        const long b = (t < T ? req[t] : 0) - (t > 0 ? req[t - 1] : 0);
        supply += b > 0 ? b : 0;
        if (t < T) {
            SIM_ASSERT(req[t] >= 0);
            rmax = req[t] > rmax ? req[t] : rmax;
        }
    }
    memset(x, 0, (size_t)T * n_len * sizeof *x);
    if (supply == 0)
        return 0;
    /* Shift arcs, surplus arcs, and one source or sink arc per node, each with its reverse. */
    const size_t max_arc = 2 * ((size_t)T * n_len + (size_t)T + (size_t)T + 1);
    struct net g = {.arc = malloc(max_arc * sizeof *g.arc), .n_arc = 0, .n_node = T + 3};
    int *tail = malloc(max_arc * sizeof *tail);
    int *shift_arc = malloc((size_t)T * n_len * sizeof *shift_arc);
    long long *dist = malloc((size_t)g.n_node * sizeof *dist);
    int *prev = malloc((size_t)g.n_node * sizeof *prev);
    long paid = -2;
    if (!g.arc || !tail || !shift_arc || !dist || !prev)
        goto out;
    /* A plan of fewest paid intervals pays at most what rmax shifts of the shortest length L
     * at every interval would, T x rmax x L, so it has at most T x rmax shifts: BIG above
     * that makes one paid interval more cost more than any count of shifts saves. */
    const long long big = (long long)T * rmax + 1;
    for (int s = 0; s < T; s++) {
        for (size_t j = 0; j < n_len; j++) {
            SIM_ASSERT(len[j] >= 1);
            shift_arc[(size_t)s * n_len + j] =
                s + len[j] <= T ? add_arc(&g, s, s + len[j], supply, len[j] * big + 1, tail) : -1;
        }
    }
    for (int t = 0; t < T; t++)
        add_arc(&g, t + 1, t, supply, 0, tail);
    for (int t = 0; t <= T; t++) {
        const long b = (t < T ? req[t] : 0) - (t > 0 ? req[t - 1] : 0);
        if (b > 0)
            add_arc(&g, src, t, b, 0, tail);
        else if (b < 0)
            add_arc(&g, t, dst, -b, 0, tail);
    }
    long flow = 0;
    while (flow < supply && shortest(&g, tail, src, dst, dist, prev)) {
        long push = supply - flow;
        for (int v = dst; v != src; v = tail[prev[v]])
            push = g.arc[prev[v]].cap < push ? g.arc[prev[v]].cap : push;
        for (int v = dst; v != src; v = tail[prev[v]]) {
            g.arc[prev[v]].cap -= push;
            g.arc[prev[v] ^ 1].cap += push;
        }
        flow += push;
    }
    if (flow < supply) {
        paid = -1; /* some rise of the requirement has no shift that fits to serve it */
        goto out;
    }
    paid = 0;
    for (int s = 0; s < T; s++) {
        for (size_t j = 0; j < n_len; j++) {
            const int a = shift_arc[(size_t)s * n_len + j];
            if (a < 0)
                continue;
            x[(size_t)s * n_len + j] = (int)g.arc[a ^ 1].cap; /* the flow it carries */
            paid += (long)len[j] * g.arc[a ^ 1].cap;
        }
    }
out:
    free(g.arc);
    free(tail);
    free(shift_arc);
    free(dist);
    free(prev);
    return paid;
}

/* Appends the shifts of x (a run starting at interval from of day d) to out. */
static bool append(struct cc_shifts_week *out, size_t *cap, const int *x, int T, const int *len,
                   size_t n_len, int d, int from)
{
    for (int s = 0; s < T; s++) {
        for (size_t j = 0; j < n_len; j++) {
            const int a = x[(size_t)s * n_len + j];
            if (a == 0)
                continue;
            if (out->n == *cap) {
                const size_t c = *cap ? 2 * *cap : 16;
                struct cc_shift *p = realloc(out->shift, c * sizeof *p);
                if (!p)
                    return false;
                out->shift = p;
                *cap = c;
            }
            out->shift[out->n++] = (struct cc_shift){d, from + s, len[j], a};
        }
    }
    return true;
}

enum cc_shifts_rc cc_shifts_week(const int *req, const unsigned char *open, int spd, const int *len,
                                 size_t n_len, int *cover, struct cc_shifts_week *out)
{
    *out = (struct cc_shifts_week){.bad_day = -1};
    const size_t n_bins = (size_t)7 * (size_t)spd;
    memset(cover, 0, n_bins * sizeof *cover);
    int *r = malloc((size_t)spd * sizeof *r);
    int *x = malloc((size_t)spd * n_len * sizeof *x);
    size_t cap = 0;
    enum cc_shifts_rc rc = r && x ? CC_SHIFTS_OK : CC_SHIFTS_NOMEM;
    for (int d = 0; d < 7 && rc == CC_SHIFTS_OK; d++) {
        for (int s = 0; s < spd && rc == CC_SHIFTS_OK;) {
            const size_t b0 = (size_t)d * (size_t)spd;
            if (!open[b0 + (size_t)s]) {
                s++;
                continue;
            }
            int e = s;
            while (e < spd && open[b0 + (size_t)e]) {
                r[e - s] = req[b0 + (size_t)e] > 0 ? req[b0 + (size_t)e] : 0;
                e++;
            }
            const long paid = cc_shifts_cover(r, e - s, len, n_len, x);
            if (paid == -1) {
                rc = CC_SHIFTS_NO_FIT;
                out->bad_day = d;
                out->bad_from = s;
                out->bad_to = e;
            } else if (paid < 0 || !append(out, &cap, x, e - s, len, n_len, d, s)) {
                rc = CC_SHIFTS_NOMEM;
            } else {
                out->paid_slots += paid;
            }
            s = e;
        }
    }
    for (size_t i = 0; rc == CC_SHIFTS_OK && i < out->n; i++) {
        const struct cc_shift *k = &out->shift[i];
        for (int t = k->start; t < k->start + k->length; t++)
            cover[(size_t)k->day * (size_t)spd + (size_t)t] += k->agents;
    }
    free(r);
    free(x);
    if (rc != CC_SHIFTS_OK) {
        free(out->shift);
        out->shift = NULL;
        out->n = 0;
    }
    return rc;
}
