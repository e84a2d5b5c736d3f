/* Shared pieces of the subcommands; see common.h. Only cli/ prints, and it prints here. */
#include "cli/common.h"

#include "models/checkpoint.h"
#include "sim/bug.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
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

/* The options that are short for one --set of an integer in [lo, hi]. */
static const struct shortcut {
    int key;
    const char *opt, *path;
    long lo, hi;
} shortcuts[] = {
    {'r', "--reps", "run.reps", 1, 10000},
    {CLI_KEY_SEED, "--seed", "seed", 0, 9007199254740991L},
    {CLI_KEY_DAYS, "--days", "run.days", 1, 3660},
};

/* A simulation option; -1 to go on, 2 on a bad value (message printed). */
static int sim_opt(const char *cmd, struct cli_sim_opts *o, int key, const char *v)
{
    switch (key) {
    case 'q':
        o->quiet = true;
        cli_quiet = true;
        return -1;
    case CLI_KEY_PLOT:
        o->plot = cc_runner_rank() == 0; /* figures are files: rank 0 writes them */
        return -1;
    case CLI_KEY_RESUME:
        o->resume = true;
        cli_resume = true;
        return -1;
    case 'o':
        o->out_dir = v;
        return -1;
    case 's':
        if (add_set(o, v, false) > 0)
            return -1;
        fprintf(stderr, "ccsim %s: out of memory\n", cmd);
        return 1;
    case 'j': {
        long jobs;
        if (!cli_parse_long(cmd, "--jobs", v, 0, 1024, &jobs))
            return 2;
        o->jobs = (int)jobs;
        return -1;
    }
    default:
        for (size_t i = 0; i < sizeof shortcuts / sizeof *shortcuts; i++) {
            const struct shortcut *k = &shortcuts[i];
            if (k->key == key)
                return add_shortcut(cmd, o, k->opt, k->path, v, k->lo, k->hi) < 0 ? 2 : -1;
        }
        SIM_ASSERT(!"a simulation option without a case");
        return 2;
    }
}

static const struct cli_opt sim_opts[] = {
    {"set", 's', true},
    {"reps", 'r', true},
    {"seed", CLI_KEY_SEED, true},
    {"days", CLI_KEY_DAYS, true},
    {"out", 'o', true},
    {"jobs", 'j', true},
    {"plot", CLI_KEY_PLOT, false},
    {"quiet", 'q', false},
    {"resume", CLI_KEY_RESUME, false},
    {NULL, 0, false},
};
static const struct cli_opt help_opt[] = {{"help", 'h', false}, {NULL, 0, false}};

enum { MAX_OPTS = 48 };

/* The options of a command: help, the simulation ones, its own. */
struct opt_set {
    const struct cli_opt *opt[MAX_OPTS];
    size_t n;
};

static void opt_set_add(struct opt_set *s, const struct cli_opt *table)
{
    for (size_t i = 0; table && table[i].name; i++) {
        SIM_ASSERT(s->n < MAX_OPTS);
        s->opt[s->n++] = &table[i];
    }
}

static const struct cli_opt *opt_by_key(const struct opt_set *s, int key)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->opt[i]->key == key)
            return s->opt[i];
    return NULL;
}

/* At most 64 bytes of an argument in a message: a pasted 10 kB word says which it was. */
#define QUOTE_FMT "'%.64s%s'"
#define QUOTE(s) (s), strlen(s) > 64 ? "..." : ""

/* The message for getopt_long's '?'. optopt tells the cases apart: 0 for an unknown or
 * ambiguous long option, the key of a flag given "=value", else the unknown short letter. A
 * long option's word is argv[optind - 1] (getopt has moved past it); a short letter's is not
 * known (it may sit inside a word like -qx), so the letter alone is quoted. */
static void bad_option(const char *cmd, const struct opt_set *s, const char *word, int optopt_)
{
    const struct cli_opt *flag = optopt_ ? opt_by_key(s, optopt_) : NULL;
    if (flag) {
        fprintf(stderr, "ccsim %s: --%s: takes no value, got " QUOTE_FMT "\n", cmd, flag->name,
                QUOTE(word));
        return;
    }
    if (optopt_ != 0) {
        const unsigned char c = (unsigned char)optopt_;
        if (isprint(c))
            fprintf(stderr, "ccsim %s: unknown option '-%c'\n", cmd, c);
        else
            fprintf(stderr, "ccsim %s: unknown option: byte 0x%02X after '-'\n", cmd, c);
        return;
    }
    const char *name = word + (strncmp(word, "--", 2) == 0 ? 2 : 0);
    const size_t len = strcspn(name, "=");
    char names[512] = "";
    size_t n = 0, used = 0;
    for (size_t i = 0; i < s->n; i++)
        if (len > 0 && strncmp(s->opt[i]->name, name, len) == 0 && used < sizeof names) {
            used += (size_t)snprintf(names + used, sizeof names - used, "%s--%s", n ? ", " : "",
                                     s->opt[i]->name);
            n++;
        }
    if (n > 1)
        fprintf(stderr, "ccsim %s: ambiguous option '%.*s' (%s)\n", cmd,
                (int)(name - word + len > 66 ? 66 : name - word + len), word, names);
    else
        fprintf(stderr, "ccsim %s: unknown option " QUOTE_FMT "\n", cmd, QUOTE(word));
}

static int positional(struct cli_args *a, const char *word)
{
    if (a->n_pos >= a->max_pos) {
        fprintf(stderr, "ccsim %s: unexpected argument " QUOTE_FMT "\n", a->cmd, QUOTE(word));
        a->usage(stderr);
        return 2;
    }
    a->pos[a->n_pos++] = word;
    return -1;
}

int cli_args_parse(struct cli_args *a, int argc, char **argv)
{
    struct opt_set s = {.n = 0};
    opt_set_add(&s, help_opt);
    if (a->sim)
        opt_set_add(&s, sim_opts);
    opt_set_add(&s, a->opts);
    /* "-": every argument that is not an option comes back in order as key 1 (no permuting,
     * whatever POSIXLY_CORRECT says); ":": a missing value returns ':', and getopt prints
     * nothing, so that every message has the "ccsim CMD: " form. */
    char shorts[3 + 2 * MAX_OPTS] = "-:";
    struct option longs[MAX_OPTS + 1];
    size_t ns = 2;
    for (size_t i = 0; i < s.n; i++) {
        const struct cli_opt *o = s.opt[i];
        longs[i] =
            (struct option){o->name, o->value ? required_argument : no_argument, NULL, o->key};
        if (o->key < 256) {
            shorts[ns++] = (char)o->key;
            if (o->value)
                shorts[ns++] = ':';
        }
    }
    shorts[ns] = '\0';
    longs[s.n] = (struct option){NULL, 0, NULL, 0};
    a->n_pos = 0;
    /* getopt keeps its state in globals: 0 starts afresh, for a second parse in one process. */
    optind = 0;
    opterr = 0;
    int key, rc = -1;
    while (rc < 0 && (key = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
        if (key == 1) {
            rc = positional(a, optarg);
        } else if (key == 'h') {
            a->usage(stdout);
            rc = 0;
        } else if (key == ':') {
            const struct cli_opt *o = opt_by_key(&s, optopt);
            fprintf(stderr, "ccsim %s: --%s: missing value\n", a->cmd, o ? o->name : "?");
            rc = 2;
        } else if (key == '?') {
            /* The word of a long option (bad_option says when it is not the one). */
            const char *word = optind > 1 && optind <= argc ? argv[optind - 1] : "";
            bad_option(a->cmd, &s, word, optopt);
            a->usage(stderr);
            rc = 2;
        } else {
            bool own = true;
            for (size_t i = 0; a->sim && sim_opts[i].name; i++)
                own &= sim_opts[i].key != key;
            rc = own ? a->on_opt(a->ctx, key, optarg) : sim_opt(a->cmd, a->sim, key, optarg);
        }
    }
    /* After "--" the rest are arguments, even those starting with '-'. */
    for (int i = optind; rc < 0 && i < argc; i++)
        rc = positional(a, argv[i]);
    return rc;
}

/* Standard input, read once: studies load the scenario again for every variant. */
static struct {
    char *text;
    size_t len;
    int err; /* errno of the read that failed, or 0 */
    bool read;
} stdin_text;

/* Reads all of stdin, at most one byte beyond the loader's limit (so that /dev/zero ends),
 * which the loader then refuses with its message. */
static void read_stdin(void)
{
    stdin_text.read = true;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    int err = buf ? 0 : ENOMEM;
    while (err == 0 && n <= CC_SCENARIO_MAX_BYTES) {
        if (n == cap) {
            const size_t bigger =
                cap * 2 > CC_SCENARIO_MAX_BYTES + 1 ? CC_SCENARIO_MAX_BYTES + 1 : cap * 2;
            char *b = realloc(buf, bigger);
            if (!b) {
                err = ENOMEM;
                break;
            }
            buf = b;
            cap = bigger;
        }
        const ssize_t got = read(STDIN_FILENO, buf + n, cap - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            err = errno;
        else if (got == 0)
            break;
        else
            n += (size_t)got;
    }
    if (err != 0) {
        free(buf);
        buf = NULL;
        n = 0;
    }
    stdin_text.text = buf;
    stdin_text.len = n;
    stdin_text.err = err;
}

static void free_stdin(void)
{
    free(stdin_text.text);
}

struct cc_scenario *cli_scenario_load(const char *path, const char *const *sets, size_t n_sets,
                                      sim_diag *d)
{
    if (strcmp(path, "-") != 0)
        return cc_scenario_load(path, sets, n_sets, d);
    if (!stdin_text.read) {
        read_stdin();
        atexit(free_stdin);
    }
    if (stdin_text.err != 0) {
        sim_diag_add(d, "<stdin>: %s", strerror(stdin_text.err));
        return NULL;
    }
    return cc_scenario_load_text("<stdin>", stdin_text.text, stdin_text.len, sets, n_sets, d);
}

struct cc_scenario *cli_load(const char *path, const struct cli_sim_opts *o)
{
    sim_diag *d = sim_diag_alloc();
    if (!d) {
        fprintf(stderr, "ccsim: out of memory\n");
        return NULL;
    }
    struct cc_scenario *sc = cli_scenario_load(path, o->sets, o->n_sets, d);
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
    if (stop && ++finished >= atol(stop)) {
        /* Stop here until the signal thread ends the process: on a busy machine it may not run
         * before the other replications finish, and the test needs an interrupted run. The
         * runner calls this with its mutex held, so the other workers stop at their next
         * replication too. */
        kill(getpid(), SIGTERM);
        for (;;)
            pause();
    }
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
        .ranks = cc_runner_ranks(),
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
