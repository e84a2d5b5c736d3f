/* cc_trace: per-call traces (calls.csv, docs/csv.md "Per-call traces"): one row per call and
 * station visit, written as visits end.
 *
 * Replications run on any thread in any order, so each one streams its rows into a file of its
 * own (a cc_trace_rep, used by one thread only) in the output folder; cc_trace_finish then
 * concatenates those files in replication order, so calls.csv is byte-identical for any
 * number of threads and memory stays flat however long the trace. The center reaches the trace
 * through cc_scenario.trace (NULL: no tracing, and no cost). Errors (a full disk, no memory)
 * never stop a replication: the first one is kept and cc_trace_finish reports it. */
#ifndef CC_TRACE_H
#define CC_TRACE_H

#include "models/scenario.h"
#include "sim/diag.h"

#include <stdbool.h>
#include <stdint.h>

/* How a station visit ended. */
enum cc_trace_outcome {
    CC_TRACE_ANSWERED = 0,    /* served; the call ends here */
    CC_TRACE_ESCALATED,       /* served; sent on to the station it escalates to */
    CC_TRACE_TRANSFERRED,     /* switchboard served a general call and sent it to level 1 */
    CC_TRACE_UNANSWERED,      /* switchboard served a general call, no level 1 to send it to */
    CC_TRACE_IVR_TRANSFERRED, /* IVR sent a general call to level 1 without an agent */
    CC_TRACE_IVR_UNANSWERED,  /* IVR: general call, not interconnected: nobody answers it */
    CC_TRACE_ABANDONED,       /* left the queue */
    CC_TRACE_BLOCKED,         /* station closed or waiting room full */
    CC_TRACE_WAITING,         /* still queued when the run ended (no agents, no patience) */
    CC_TRACE_OUTCOME_COUNT
};
extern const char *const cc_trace_outcome_name[CC_TRACE_OUTCOME_COUNT];

/* What to trace. Visits are kept when their arrival at the station is in [from_s, to_s). */
struct cc_trace_opts {
    double from_s, to_s; /* seconds from the start of the run; to_s may be HUGE_VAL */
    int rep;             /* 1-based replication to trace, or 0 for every one */
};

typedef struct cc_trace cc_trace;
typedef struct cc_trace_rep cc_trace_rep;

/* One station visit, as the center knows it when the visit ends. */
struct cc_trace_visit {
    uint32_t slot;    /* the call's record in the center's pool (reused after the call) */
    int cls;          /* enum cc_class */
    int source;       /* index in sc->sources */
    int station;      /* index in sc->stations */
    int attempt;      /* 1 for the first call, 2 for the first retrial... */
    double arrival_s; /* joined the station */
    bool served;      /* an agent took the call (cc_trace_start gave the time) */
    double end_s;     /* left the station */
    enum cc_trace_outcome outcome;
};

/* A trace into the folder dir (which must exist); NULL on ENOMEM. */
cc_trace *cc_trace_alloc(const char *dir, const struct cc_trace_opts *o);
/* Removes the replication files left (after a failure) and frees t. NULL is a no-op. */
void cc_trace_free(cc_trace *t);

/* The writer of replication rep (0-based) of sc, or NULL when the options leave it out or it
 * cannot be opened (the error is kept). Called by cc_center_run. */
cc_trace_rep *cc_trace_rep_open(cc_trace *t, const struct cc_scenario *sc, unsigned rep);
/* A call was born in pool record slot: it gets the replication's next call number. */
void cc_trace_born(cc_trace_rep *w, uint32_t slot);
/* An agent takes the call in pool record slot now. */
void cc_trace_start(cc_trace_rep *w, uint32_t slot, double now);
/* A station visit ended. */
void cc_trace_visit(cc_trace_rep *w, const struct cc_trace_visit *v);
/* Flushes and closes the replication's file; frees w. NULL is a no-op. */
void cc_trace_rep_close(cc_trace_rep *w);

/* Writes dir/name (calls.csv) from the replication files of reps replications, in order,
 * and removes them. SIM_OK, or the first error (a line in d). */
enum sim_status cc_trace_finish(cc_trace *t, const char *name, int reps, sim_diag *d);

#endif
