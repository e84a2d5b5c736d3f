/* cc_trace: per-call traces. Each replication writes its rows through a sim_csv of its own
 * (".calls.rep-N" beside the final file, committed when the replication ends), so no row is
 * ever held in memory and no lock is taken per row; the only shared state is the first error,
 * under a mutex. cc_trace_finish copies the replication files into one sim_afile in
 * replication order: the bytes depend on the replications alone, not on which thread ran them
 * or when. */
#include "models/trace.h"

#include "sim/bug.h"
#include "sim/csv.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const cc_trace_outcome_name[CC_TRACE_OUTCOME_COUNT] = {
    "answered",           "escalated",       "transferred",
    "unanswered_general", "ivr_transferred", "ivr_unanswered_general",
    "abandoned",          "blocked",         "waiting"};

static const char *const class_name[CC_CLASS_COUNT] = {"local", "general", "direct"};
static const char *const weekday_name[CC_DAYS_PER_WEEK] = {"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};

static const char *const columns[] = {"replication", "call",    "class",     "source",  "station",
                                      "attempt",     "outcome", "arrival_s", "start_s", "end_s",
                                      "wait_s",      "day",     "weekday",   "clock",   NULL};

struct cc_trace {
    char *dir;
    struct cc_trace_opts opts;
    pthread_mutex_t lock;
    bool failed; /* some replication's rows are missing */
    char *error; /* the first failure, "path: reason" (NULL if it could not be copied) */
    int opened;  /* 1 + the highest replication opened, so free can remove every file */
};

/* What the trace knows of the call in one pool record. */
struct slot {
    uint64_t serial; /* its call number */
    double start_s;  /* when its current service started */
};

struct cc_trace_rep {
    cc_trace *t;
    const struct cc_scenario *sc;
    unsigned rep;
    sim_csv *csv;
    sim_diag *d;
    struct slot *slot; /* [cap]: the call in each record of the center's pool */
    uint32_t cap;
    uint64_t born;
    bool failed;
};

static char *part_path(const char *dir, unsigned rep)
{
    char name[40];
    snprintf(name, sizeof name, ".calls.rep-%06u", rep + 1);
    return sim_path_join(dir, name);
}

/* Whether the options keep replication rep (0-based): the writer and the concatenation ask. */
static bool traced(const cc_trace *t, unsigned rep)
{
    return t->opts.rep <= 0 || (unsigned)t->opts.rep == rep + 1;
}

/* Keeps the first error of any replication (the others are usually the same full disk). */
static void keep_error(cc_trace *t, const char *msg)
{
    pthread_mutex_lock(&t->lock);
    if (!t->failed)
        t->error = strdup(msg);
    t->failed = true;
    pthread_mutex_unlock(&t->lock);
}

cc_trace *cc_trace_alloc(const char *dir, const struct cc_trace_opts *o)
{
    cc_trace *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->dir = strdup(dir);
    if (!t->dir) {
        free(t);
        return NULL;
    }
    t->opts = *o;
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

/* Removes the replication files of replications 0..reps-1 (missing ones are fine). */
static void remove_parts(const cc_trace *t, int reps)
{
    for (int r = 0; r < reps; r++) {
        char *part = part_path(t->dir, (unsigned)r);
        if (part)
            remove(part);
        free(part);
    }
}

void cc_trace_free(cc_trace *t)
{
    if (!t)
        return;
    remove_parts(t, t->opened);
    free(t->error);
    free(t->dir);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

static void rep_fail(cc_trace_rep *w, const char *fallback)
{
    if (w->failed)
        return;
    w->failed = true;
    keep_error(w->t, sim_diag_count(w->d) ? sim_diag_line(w->d, 0) : fallback);
}

cc_trace_rep *cc_trace_rep_open(cc_trace *t, const struct cc_scenario *sc, unsigned rep)
{
    if (!traced(t, rep))
        return NULL;
    cc_trace_rep *w = calloc(1, sizeof *w);
    sim_diag *d = sim_diag_alloc();
    char *path = part_path(t->dir, rep);
    pthread_mutex_lock(&t->lock);
    if ((int)rep + 1 > t->opened)
        t->opened = (int)rep + 1;
    pthread_mutex_unlock(&t->lock);
    if (!w || !d || !path) {
        keep_error(t, strerror(ENOMEM));
        free(w);
        sim_diag_free(d);
        free(path);
        return NULL;
    }
    w->t = t;
    w->sc = sc;
    w->rep = rep;
    w->d = d;
    w->csv = sim_csv_open(path, d);
    free(path);
    if (!w->csv) {
        rep_fail(w, strerror(EIO));
        sim_diag_free(d);
        free(w);
        return NULL;
    }
    return w;
}

void cc_trace_born(cc_trace_rep *w, uint32_t slot)
{
    if (slot >= w->cap) {
        /* The pool only grows, by doubling, so this table does too: it is as large as the
         * number of calls present at once, never the number of calls traced. */
        uint32_t cap = w->cap ? w->cap : 1024;
        while (cap <= slot)
            cap *= 2;
        struct slot *p = realloc(w->slot, cap * sizeof *p);
        if (!p) {
            rep_fail(w, strerror(ENOMEM));
            return;
        }
        w->slot = p;
        w->cap = cap;
    }
    w->slot[slot].serial = ++w->born;
}

void cc_trace_start(cc_trace_rep *w, uint32_t slot, double now)
{
    if (slot < w->cap)
        w->slot[slot].start_s = now;
}

void cc_trace_visit(cc_trace_rep *w, const struct cc_trace_visit *v)
{
    const double t0 = v->arrival_s;
    if (w->failed || !(t0 >= w->t->opts.from_s && t0 < w->t->opts.to_s))
        return;
    SIM_ASSERT(v->slot < w->cap && v->outcome < CC_TRACE_OUTCOME_COUNT);
    const struct cc_scenario *sc = w->sc;
    sim_csv *c = w->csv;
    sim_csv_int(c, (long long)w->rep + 1);
    const struct slot *k = &w->slot[v->slot];
    const double start_s = v->served ? k->start_s : NAN;
    sim_csv_int(c, (long long)k->serial);
    sim_csv_str(c, class_name[v->cls]);
    sim_csv_str(c, sc->sources[v->source].name);
    sim_csv_str(c, sc->stations[v->station].name);
    sim_csv_int(c, v->attempt);
    sim_csv_str(c, cc_trace_outcome_name[v->outcome]);
    sim_csv_num(c, t0);
    sim_csv_num(c, start_s);
    sim_csv_num(c, v->end_s);
    /* The caller's wait at this station: until service for a served call, until leaving for
     * one that abandoned or is still waiting at the end, none for a blocked call or an IVR
     * hand-off (summary.csv counts the first two kinds). */
    const double until = v->served ? start_s
                         : v->outcome == CC_TRACE_ABANDONED || v->outcome == CC_TRACE_WAITING
                             ? v->end_s
                             : t0;
    sim_csv_num(c, until - t0);
    const double day = floor(t0 / 86400.0);
    /* Rounding can put t0 - day * 86400 a hair outside [0, 86400). */
    int sec = (int)floor(t0 - day * 86400.0);
    sec = sec < 0 ? 0 : sec > 86399 ? 86399 : sec;
    sim_csv_int(c, (long long)day + 1);
    /* The weekday of the date when the calendar is dated (day 0 a Monday otherwise). */
    sim_csv_str(c, weekday_name[cc_scenario_weekday(sc, (long)day)]);
    char clock[32];
    snprintf(clock, sizeof clock, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60, sec % 60);
    sim_csv_str(c, clock);
    sim_csv_end_row(c);
}

void cc_trace_rep_close(cc_trace_rep *w)
{
    if (!w)
        return;
    if (sim_csv_commit(w->csv, w->d) != SIM_OK)
        rep_fail(w, strerror(EIO));
    else if (w->failed) /* a table that could not grow: the file lacks rows */
        keep_error(w->t, strerror(ENOMEM));
    sim_diag_free(w->d);
    free(w->slot);
    free(w);
}

/* Appends the file at path to out. Returns 0, or the errno of reading path; a failed write
 * stops the copy and stays on out's stream, for sim_afile_commit to report. */
static int append(FILE *out, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return errno;
    char buf[1 << 16];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n)
            break;
    const int err = ferror(in) ? EIO : 0;
    fclose(in);
    return err;
}

/* The header goes through the CSV writer like every row, into a part of its own. */
static enum sim_status write_header(const char *path, sim_diag *d)
{
    sim_csv *c = sim_csv_open(path, d);
    if (!c)
        return SIM_EIO;
    sim_csv_header(c, columns);
    return sim_csv_commit(c, d);
}

enum sim_status cc_trace_finish(cc_trace *t, const char *name, int reps, sim_diag *d)
{
    if (t->failed) {
        sim_diag_add(d, "%s", t->error ? t->error : strerror(ENOMEM));
        return SIM_EIO;
    }
    char *path = sim_path_join(t->dir, name);
    char *head = sim_path_join(t->dir, ".calls.header");
    if (!path || !head) {
        free(path);
        free(head);
        sim_diag_add(d, "%s: %s", t->dir, strerror(ENOMEM));
        return SIM_ENOMEM;
    }
    enum sim_status st = write_header(head, d);
    sim_afile *out = st == SIM_OK ? sim_afile_open(path, d) : NULL;
    if (st == SIM_OK && !out)
        st = SIM_EIO;
    char *part = NULL;
    const char *bad = head;
    int err = out ? append(sim_afile_stream(out), head) : 0;
    /* Replications the options leave out have no file. */
    for (int r = 0; out && !err && !ferror(sim_afile_stream(out)) && r < reps; r++) {
        if (!traced(t, (unsigned)r))
            continue;
        free(part);
        part = part_path(t->dir, (unsigned)r);
        bad = part ? part : t->dir;
        err = part ? append(sim_afile_stream(out), part) : ENOMEM;
    }
    if (err) {
        sim_diag_add(d, "%s: %s", bad, strerror(err));
        sim_afile_abort(out);
        st = SIM_EIO;
    } else if (out && sim_afile_commit(out, d) != SIM_OK) {
        st = SIM_EIO;
    }
    free(part);
    remove(head);
    remove_parts(t, reps);
    free(head);
    free(path);
    return st;
}
