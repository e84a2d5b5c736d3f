/* Shared pieces of the subcommands; see common.h. Only cli/ prints, and it prints here. */
#include "cli/common.h"

#include "models/checkpoint.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

int cli_argc;
char **cli_argv;
bool cli_quiet;
bool cli_resume;

bool cli_parse_double(const char *cmd, const char *opt, const char *text, double lo, double hi,
                      double *out)
{
    char *end = NULL;
    errno = 0;
    const double x = text ? strtod(text, &end) : NAN;
    if (!text || end == text || *end != '\0' || errno == ERANGE || !isfinite(x)) {
        fprintf(stderr, "ccsim %s: %s: expected a number, got '%s'\n", cmd, opt, text ? text : "");
        return false;
    }
    if (x < lo || x > hi) {
        fprintf(stderr, "ccsim %s: %s: must be in [%g, %g], got %s\n", cmd, opt, lo, hi, text);
        return false;
    }
    *out = x;
    return true;
}

bool cli_parse_long(const char *cmd, const char *opt, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    const long x = text ? strtol(text, &end, 10) : 0;
    if (!text || end == text || *end != '\0' || errno == ERANGE) {
        fprintf(stderr, "ccsim %s: %s: expected an integer, got '%s'\n", cmd, opt,
                text ? text : "");
        return false;
    }
    if (x < lo || x > hi) {
        fprintf(stderr, "ccsim %s: %s: must be in [%ld, %ld], got %s\n", cmd, opt, lo, hi, text);
        return false;
    }
    *out = x;
    return true;
}

void cli_print_diag(const sim_diag *d)
{
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "%s\n", sim_diag_line(d, i));
    if (sim_diag_dropped(d) > 0)
        fprintf(stderr, "(%zu more problems not shown)\n", sim_diag_dropped(d));
}

void cli_sim_opts_init(struct cli_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->jobs = -1;
}

void cli_sim_opts_free(struct cli_sim_opts *o)
{
    for (size_t i = 0; i < o->n_owned; i++)
        free(o->owned[i]);
    free(o->owned);
    free(o->sets);
}

/* Appends a --set string; an owned one (made for a shortcut option) is freed with o, or here
 * when it cannot be added. */
static int add_set(struct cli_sim_opts *o, const char *set, bool owned)
{
    if (owned) {
        char **w = realloc(o->owned, (o->n_owned + 1) * sizeof *w);
        if (!w) {
            free((char *)set);
            return -1;
        }
        o->owned = w;
        o->owned[o->n_owned++] = (char *)set;
    }
    const char **s = realloc(o->sets, (o->n_sets + 1) * sizeof *s);
    if (!s)
        return -1;
    o->sets = s;
    o->sets[o->n_sets++] = set;
    return 1;
}

static int add_shortcut(const char *cmd, struct cli_sim_opts *o, const char *opt, const char *path,
                        const char *value, long lo, long hi)
{
    long x;
    if (!cli_parse_long(cmd, opt, value, lo, hi, &x))
        return -1;
    const size_t n = strlen(path) + 32;
    char *s = malloc(n);
    if (!s)
        return -1;
    snprintf(s, n, "%s=%ld", path, x);
    return add_set(o, s, true);
}

int cli_sim_opts_parse(const char *cmd, struct cli_sim_opts *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    if (strcmp(a, "--plot") == 0) {
        o->plot = cc_runner_rank() == 0; /* figures are files: rank 0 writes them */
        return 1;
    }
    if (strcmp(a, "--quiet") == 0) {
        o->quiet = true;
        cli_quiet = true;
        return 1;
    }
    if (strcmp(a, "--resume") == 0) {
        o->resume = true;
        cli_resume = true;
        return 1;
    }
    static const char *const with_value[] = {"--set", "--reps", "--seed", "--days",
                                             "--out", "--jobs", NULL};
    int known = 0;
    for (int k = 0; with_value[k]; k++)
        known |= strcmp(a, with_value[k]) == 0;
    if (!known)
        return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "ccsim %s: %s: missing value\n", cmd, a);
        return -1;
    }
    const char *v = argv[++*i];
    if (strcmp(a, "--set") == 0)
        return add_set(o, v, false);
    if (strcmp(a, "--reps") == 0)
        return add_shortcut(cmd, o, a, "run.reps", v, 1, 10000);
    if (strcmp(a, "--seed") == 0)
        return add_shortcut(cmd, o, a, "seed", v, 0, 9007199254740991L);
    if (strcmp(a, "--days") == 0)
        return add_shortcut(cmd, o, a, "run.days", v, 1, 3660);
    if (strcmp(a, "--out") == 0) {
        o->out_dir = v;
        return 1;
    }
    long jobs;
    if (!cli_parse_long(cmd, a, v, 0, 1024, &jobs))
        return -1;
    o->jobs = (int)jobs;
    return 1;
}

struct cc_scenario *cli_load(const char *path, const struct cli_sim_opts *o)
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim: out of memory\n");
        return NULL;
    }
    struct cc_scenario *sc = cc_scenario_load(path, o->sets, o->n_sets, d);
    cli_print_diag(d);
    sim_diag_free(d);
    if (sc && o->jobs >= 0)
        sc->jobs = o->jobs;
    return sc;
}

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cli_progress_init(struct cli_progress *p, const char *label)
{
    p->t0 = cli_now();
    p->tty = !cli_quiet && isatty(STDERR_FILENO) != 0;
    p->label = label;
}

void cli_progress(void *ctx, long done, long total)
{
    /* Test hook: an interruption after N replications finished in this process (over every
     * runner call; the runner serialises these calls), through the same signal path as a real
     * one (tests/smoke_resume.sh). */
    static long finished;
    const char *stop = getenv("CCSIM_TEST_STOP_AFTER");
    if (stop && ++finished >= atol(stop))
        kill(getpid(), SIGTERM);
    struct cli_progress *p = ctx;
    if (!p || !p->tty || total <= 0)
        return;
    const double el = cli_now() - p->t0;
    const double frac = (double)done / (double)total;
    const double eta = done > 0 ? el / frac - el : 0.0;
    char bar[31];
    const int fill = (int)(frac * 30);
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r%s [%s] %ld/%ld  %.0f s elapsed, ETA %.0f s  ", p->label, bar, done, total,
            el, eta);
    fflush(stderr);
}

void cli_progress_end(struct cli_progress *p)
{
    if (p->tty)
        fprintf(stderr, "\r%*s\r", 78, "");
}

#ifndef CC_GIT_REV
#define CC_GIT_REV "unknown"
#endif

void cli_manifest_info(struct cc_manifest_info *info, const char *command,
                       const struct cli_sim_opts *o, double wall_s, int threads)
{
    *info = (struct cc_manifest_info){
        .version = CC_VERSION,
        .git_rev = CC_GIT_REV,
        .command = command,
        .argc = cli_argc,
        .argv = cli_argv,
        .sets = o ? o->sets : NULL,
        .n_sets = o ? o->n_sets : 0,
        .wall_s = wall_s,
        .threads = threads,
    };
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        info->peak_rss_kib = ru.ru_maxrss;
}

int cli_write_run(const struct cc_run *run, const char *dir, const struct cc_manifest_info *info)
{
    sim_diag *d = sim_diag_alloc();
    const enum sim_status st = d ? cc_report_write(run, dir, info, d) : SIM_ENOMEM;
    if (d)
        cli_print_diag(d);
    else
        fprintf(stderr, "ccsim: out of memory\n");
    sim_diag_free(d);
    return st == SIM_OK ? 0 : 1;
}

/* ---- result folders --------------------------------------------------------------------- */

/* A scenario name becomes results/<name>: it must stay one folder inside results/, and not a
 * hidden one (the lock and staging names beside it start with a dot). */
static bool plain_name(const char *base)
{
    return base[0] != '\0' && base[0] != '.' && strchr(base, '/') == NULL;
}

static int outdir_begin(struct cli_outdir *w, const char *cmd, const char *opt, const char *out,
                        const char *base)
{
    char *def = NULL;
    if (!out) {
        if (!plain_name(base)) {
            fprintf(stderr,
                    "ccsim %s: results/%s: expected a plain folder name (no '/', not '.' or "
                    "'..', not starting with '.'), got '%s'; give --out DIR\n",
                    cmd, base, base);
            return 2;
        }
        const size_t n = strlen(base) + 16;
        def = malloc(n);
        if (def)
            snprintf(def, n, "results/%s", base);
    }
    sim_diag *d = sim_diag_alloc();
    if ((!out && !def) || !d) {
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
        free(def);
        sim_diag_free(d);
        return 1;
    }
    enum sim_status st = SIM_OK;
    w->o = sim_outdir_begin(out ? out : def, d, &st);
    free(def);
    const bool usage = st == SIM_EINVAL;
    for (size_t i = 0; !w->o && i < sim_diag_count(d); i++)
        fprintf(stderr, "ccsim %s: %s%s%s\n", cmd, usage && opt ? opt : "",
                usage && opt ? ": " : "", sim_diag_line(d, i));
    sim_diag_free(d);
    if (!w->o)
        return usage ? 2 : 1;
    w->cmd = cmd;
    w->path = sim_outdir_path(w->o);
    w->target = strdup(sim_outdir_target(w->o));
    if (!w->target) {
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
        cli_outdir_abort(w);
        return 1;
    }
    return 0;
}

/* The checkpoint of the result folder being written, for cli_runner_failed's message. */
static struct cc_checkpoint *active_checkpoint;

static const sim_diag *checkpoint_diag(void)
{
    return active_checkpoint ? cc_checkpoint_diag(active_checkpoint) : NULL;
}

/* The checkpoint beside target P/B: P/.B.checkpoint, a hidden name like the lock's. */
static int checkpoint_begin(struct cli_outdir *w, const char *cmd)
{
    const char *slash = strrchr(w->target, '/');
    const int dir_len = slash ? (int)(slash - w->target) : 1;
    const char *dir = slash ? w->target : ".";
    const char *base = slash ? slash + 1 : w->target;
    const size_t n = strlen(w->target) + 32;
    char *path = malloc(n);
    sim_diag *d = sim_diag_alloc();
    enum sim_status st = SIM_ENOMEM;
    if (path && d) {
        snprintf(path, n, "%.*s/.%s.checkpoint", dir_len, dir, base);
        w->ck = cc_checkpoint_open(path, d, &st);
    }
    if (!w->ck && st == SIM_ENOMEM)
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
    for (size_t i = 0; d && i < sim_diag_count(d); i++)
        fprintf(stderr, "ccsim %s: %s\n", cmd, sim_diag_line(d, i));
    free(path);
    sim_diag_free(d);
    if (!w->ck) {
        cli_outdir_abort(w);
        free(w->target);
        w->target = NULL;
        return st == SIM_EINVAL ? 2 : 1;
    }
    active_checkpoint = w->ck;
    cc_runner_set_checkpoint(w->ck);
    return 0;
}

/* The scratch folder of this rank, for the signal thread to remove (a rank killed by SIGKILL
 * leaves it in TMPDIR: nothing can run then). */
static char *_Atomic scratch_live;

/* Ranks other than 0 run the same command but must not touch the result folder: they write
 * into a private folder of TMPDIR, removed at the end. */
static int scratch_begin(struct cli_outdir *w, const char *cmd)
{
    const char *tmp = getenv("TMPDIR");
    const size_t n = strlen(tmp && *tmp ? tmp : "/tmp") + 32;
    w->scratch = malloc(n);
    if (w->scratch)
        snprintf(w->scratch, n, "%s/ccsim-rank-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!w->scratch || !mkdtemp(w->scratch) || !(w->target = strdup(w->scratch))) {
        fprintf(stderr, "ccsim %s: scratch folder: %s\n", cmd, strerror(errno));
        free(w->scratch);
        w->scratch = NULL;
        return 1;
    }
    w->cmd = cmd;
    w->path = w->scratch;
    scratch_live = w->scratch;
    return 0;
}

int cli_outdir_begin(struct cli_outdir *w, const char *cmd, const char *opt, const char *out,
                     const char *base)
{
    memset(w, 0, sizeof *w);
    int rc = 0;
    if (cc_runner_rank() == 0) {
        rc = outdir_begin(w, cmd, opt, out, base);
        if (rc == 0 && cli_resume)
            rc = checkpoint_begin(w, cmd);
    }
    /* Every rank follows rank 0: on to the simulation, or out with its exit code. */
    rc = cc_runner_agree(rc);
    /* Rank 0 and the others are past the point where they could agree on an exit code: a
     * rank that cannot go on ends them all (mpirun says which rank called MPI_Abort). */
    if (rc == 0 && cc_runner_rank() != 0 && scratch_begin(w, cmd) != 0) {
        cc_runner_abort(1);
        rc = 1;
    }
    return rc;
}

void cli_runner_failed(const char *cmd, enum sim_status st)
{
    const sim_diag *d = st != SIM_ENOMEM && cc_runner_rank() == 0 ? checkpoint_diag() : NULL;
    if (!d || sim_diag_count(d) == 0) {
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
        return;
    }
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "ccsim %s: %s\n", cmd, sim_diag_line(d, i));
}

static void checkpoint_end(struct cli_outdir *w, bool remove)
{
    if (!w->ck)
        return;
    w->reused = cc_checkpoint_reused(w->ck);
    cc_runner_set_checkpoint(NULL);
    active_checkpoint = NULL;
    if (remove)
        cc_checkpoint_remove(w->ck);
    else
        cc_checkpoint_close(w->ck);
    w->ck = NULL;
}

int cli_outdir_commit(struct cli_outdir *w, const char *cmd)
{
    if (w->scratch) {
        scratch_live = NULL;
        sim_rmtree(w->scratch);
        w->path = NULL;
        w->committed = true;
        return 0;
    }
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
        cli_outdir_abort(w);
        return 1;
    }
    const enum sim_status st = sim_outdir_commit(w->o, &w->replaced, d);
    w->o = NULL;
    w->path = NULL;
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "ccsim %s: %s\n", cmd, sim_diag_line(d, i));
    sim_diag_free(d);
    w->committed = st == SIM_OK;
    /* The result is in place: its checkpoint has served. */
    checkpoint_end(w, w->committed);
    return st == SIM_OK ? 0 : 1;
}

void cli_outdir_abort(struct cli_outdir *w)
{
    if (w->scratch) {
        scratch_live = NULL;
        sim_rmtree(w->scratch);
    }
    checkpoint_end(w, false);
    sim_outdir_abort(w->o);
    w->o = NULL;
    w->path = NULL;
}

void cli_outdir_done(struct cli_outdir *w, bool quiet)
{
    if (w->scratch) {
        cli_outdir_abort(w);
        free(w->scratch);
        free(w->target);
        w->scratch = w->target = NULL;
        return;
    }
    if (!quiet && w->committed && w->reused > 0)
        printf("resumed: %ld replications read back from the checkpoint\n", w->reused);
    if (!quiet && w->committed)
        printf("wrote %s/ (%s)\n", w->target,
               w->replaced ? "replaced the previous result" : "new folder");
    if (w->o && w->target)
        fprintf(stderr, "ccsim %s: %s/ left as it was\n", w->cmd, w->target);
    cli_outdir_abort(w); /* a no-op after a commit */
    free(w->target);
    w->target = NULL;
}

/* ---- signals ------------------------------------------------------------------------------ */

static sigset_t stop_signals;

/* Ordinary code, not a signal handler: sigwait hands the signal over in this thread. */
static void *signal_thread(void *arg)
{
    (void)arg;
    int sig = 0;
    while (sigwait(&stop_signals, &sig) != 0)
        continue;
    char target[4096];
    const size_t n = sim_outdir_abort_all(target, sizeof target);
    char *scratch = scratch_live;
    if (scratch)
        sim_rmtree(scratch);
    if (n > 0)
        fprintf(stderr, "ccsim: %s: stopped; %s/ left as it was\n", strsignal(sig), target);
    else
        fprintf(stderr, "ccsim: %s: stopped\n", strsignal(sig));
    _exit(128 + sig);
}

void cli_signals_start(void)
{
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &stop_signals, NULL) != 0)
        return;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, signal_thread, NULL) != 0)
        pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL); /* default handling, then */
    pthread_attr_destroy(&attr);
}

void cli_signals_child(void)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}
