/* cc_erlang: closed-form Erlang B, C and A (M/M/c+M) results. Pure functions, no engine:
 * the oracle the simulator is tested against, and the first guess of `ccsim staff`.
 * Rates are per second, times in seconds. References: Mandelbaum & Zeltyn, "The Palm/Erlang-A
 * queue, with applications to call centers" (2007); Garnett, Mandelbaum & Reiman, MSOM 2002. */
#ifndef CC_ERLANG_H
#define CC_ERLANG_H

#include <stdbool.h>
#include <stddef.h>

struct cc_erlang_input {
    double lambda;     /* arrivals per second, > 0 */
    double aht_s;      /* mean service time, > 0 */
    double patience_s; /* mean exponential patience; 0 or +INFINITY: nobody abandons (Erlang C);
                          so is a patience over CC_ERLANG_MAX_PATIENCE_RATIO times
                          1 / lambda or aht_s / agents */
    int agents;        /* >= 1 */
    double t_s;        /* service-level threshold, >= 0 */
};

/* Above this patience / (mean time between arrivals or between agent releases), Erlang A is
 * indistinguishable from Erlang C and its series would run too long: Erlang C is used. */
#define CC_ERLANG_MAX_PATIENCE_RATIO 1e12

struct cc_erlang_result {
    bool stable;        /* false only for Erlang C at load >= agents (then NAN after load) */
    double load;        /* offered load in Erlangs: lambda * aht */
    double p_wait;      /* probability an arrival waits (finds all agents busy) */
    double mean_wait_s; /* mean wait of all arrivals (abandoning ones up to their abandonment) */
    double asa_s;       /* mean wait of answered arrivals */
    double p_abandon;   /* probability an arrival abandons */
    double p_wait_gt_t; /* P(wait > t) for an arrival, waits counted until answer or abandon */
    double sl;          /* P(answered within t) over all arrivals */
    double occupancy;   /* busy agents / agents */
};

/* Erlang B blocking probability for a servers with offered load a (stable recurrence). */
double cc_erlang_b(int servers, double load);
/* Erlang C probability of waiting; 1 when load >= servers. */
double cc_erlang_c(int servers, double load);

/* True when cc_erlang_eval uses Erlang A: 0 < patience and patience is not so long that it
 * counts as infinite (see CC_ERLANG_MAX_PATIENCE_RATIO). */
bool cc_erlang_has_abandonment(const struct cc_erlang_input *in);

/* Erlang C (patience 0/inf) or Erlang A; fills *out. */
void cc_erlang_eval(const struct cc_erlang_input *in, struct cc_erlang_result *out);

/* Smallest number of agents in [1, max_agents] whose result meets every given target
 * (a target < 0 is ignored): sl >= sl_min, p_abandon <= abandon_max, asa_s <= asa_max_s.
 * Returns -1 if none does. */
int cc_erlang_min_agents(const struct cc_erlang_input *in, double sl_min, double abandon_max,
                         double asa_max_s, int max_agents);

/* Waiting places of cc_erlang_mmck: at most this many (the state vector and the service-level
 * recursion are linear in it). */
#define CC_ERLANG_MAX_CAPACITY 1000000

struct cc_erlang_mmck_result {
    double load;        /* offered load in Erlangs: lambda * aht */
    double p_block;     /* probability an arrival finds the c + K places full (PASTA) */
    double p_wait;      /* probability an arrival is admitted and waits */
    double p_abandon;   /* probability an arrival abandons (over all arrivals) */
    double p_answer;    /* probability an arrival is answered; p_block + p_abandon + p_answer = 1 */
    double mean_wait_s; /* mean wait of all arrivals (blocked ones: 0; abandoning: until then) */
    double asa_s;       /* mean wait of answered arrivals */
    double sl;          /* P(answered within t) over all arrivals; NAN when too costly (below) */
    double occupancy;   /* busy agents / agents */
    double mean_queue;  /* mean number of callers waiting */
};

/* The M/M/c/K+M queue (Erlang A with K waiting places; a caller finding c + K in the system is
 * blocked) solved exactly as a birth-death chain on 0..c+K: birth lambda, death
 * min(n, c) mu + max(n - c, 0) theta (theta = 1 / patience; patience 0 or +INFINITY: nobody
 * abandons, and any load is allowed). K = 0 is Erlang B; K large tends to Erlang A (or C).
 * capacity in [0, CC_ERLANG_MAX_CAPACITY]. sl is NAN when its uniformisation would take more
 * than ~2e8 steps (very large K with a long t). */
void cc_erlang_mmck(const struct cc_erlang_input *in, int capacity,
                    struct cc_erlang_mmck_result *out);

/* ---- Staffing for targets: the fewest agents meeting every target ------------------------- */

/* The figures `ccsim erlang` prints, by index. P_BLOCK and MEAN_QUEUE only come from the
 * M/M/c/K+M model (capacity >= 0); P_ANSWER is 1 - P_ABANDON without it; SL is at in->t_s. */
enum cc_erlang_metric {
    CC_ERLANG_P_BLOCK,
    CC_ERLANG_P_WAIT,
    CC_ERLANG_MEAN_WAIT,
    CC_ERLANG_ASA,
    CC_ERLANG_P_ABANDON,
    CC_ERLANG_P_ANSWER,
    CC_ERLANG_SL,
    CC_ERLANG_OCCUPANCY,
    CC_ERLANG_MEAN_QUEUE,
    CC_ERLANG_METRIC_COUNT
};

struct cc_erlang_target {
    enum cc_erlang_metric metric;
    bool at_most; /* metric <= bound; otherwise metric >= bound */
    double bound;
};

/* Every metric of in (with in->agents) into m, NAN where the model has none; capacity < 0: no
 * limit (Erlang C or A), else M/M/c/K+M. False when the queue is unstable (Erlang C at load >=
 * agents without capacity): then m is all NAN. */
bool cc_erlang_metrics(const struct cc_erlang_input *in, int capacity,
                       double m[CC_ERLANG_METRIC_COUNT]);

/* The fewest agents (in->agents is ignored) whose metrics meet every target (a NAN metric meets
 * none), from the first stable count up to max_agents or to a bound past which no metric moves
 * any more (see erlang.c; *last_tried gets it when last_tried is not NULL); -1 if none does.
 * n_targets >= 1. */
int cc_erlang_agents_for_targets(const struct cc_erlang_input *in, int capacity,
                                 const struct cc_erlang_target *targets, size_t n_targets,
                                 int max_agents, int *last_tried);

#endif
