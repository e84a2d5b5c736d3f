/* sim_outdir: a result folder replaced all at once; see outdir.h.
 * Why each piece is there:
 * - The staging folder is a sibling of the target so that the final rename never crosses a
 *   file system (rename is only atomic within one).
 * - RENAME_EXCHANGE swaps two directory entries in one step: at no instant is the target
 *   missing or half old, half new. File systems without it answer EINVAL; there the old tree is
 *   renamed aside first, which leaves a short window where the target is missing; a crash in
 *   that window is repaired by the next begin, which puts the aside tree back.
 * - The lock is flock() on a separate file, not on the target, because the target's inode
 *   changes at every commit. flock is released by the kernel when the process dies, so a
 *   SIGKILL never leaves a stale lock. Unlinking the lock file at release races with a process
 *   that opened it just before: after locking, each process checks that the path still names
 *   the inode it locked, and starts over otherwise.
 * - Everything is done relative to directory descriptors with O_NOFOLLOW where a name is
 *   opened, so a symbolic link planted inside a result folder is removed, never followed. */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE (glibc >= 2.28), flock */

#include "sim/outdir.h"

#include "sim/bug.h"
#include "sim/csv.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 64 /* result folders are two levels deep; this only bounds descriptors */

bool sim_outdir_no_exchange = false;

struct sim_outdir {
    char *target;  /* as given, trailing slashes removed */
    char *parent;  /* "." when target has no slash */
    char *base;    /* last component */
    char *staging; /* parent/.base.staging.PID */
    char *lock;    /* parent/.base.lock */
    int lock_fd;
    bool dead; /* aborted by abort_all: staging gone, lock released */
    struct sim_outdir *next;
};

/* The outdirs of the process, for abort_all; guarded by mu, which commit also holds. */
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static sim_outdir *active;
static bool dying;

/* ---- removing a tree without following links ---------------------------------------------- */

static int rm_at(int dfd, const char *name, int depth)
{
    if (unlinkat(dfd, name, 0) == 0 || errno == ENOENT)
        return 0;
    const int unlink_err = errno;
    if (unlink_err != EISDIR && unlink_err != EPERM)
        return -1;
    if (depth > MAX_DEPTH) {
        errno = ELOOP;
        return -1;
    }
    const int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOTDIR) /* a file we may not unlink */
            errno = unlink_err;
        return -1;
    }
    DIR *dp = fdopendir(fd);
    if (dp == NULL) {
        close(fd);
        return -1;
    }
    int rc = 0, err = 0;
    /* Removing entries while reading the folder may hide some from readdir: read again until
     * a pass removes nothing (a second pass is enough in practice). */
    for (int pass = 0; pass < 4; pass++) {
        bool removed = false;
        struct dirent *de;
        rewinddir(dp);
        while ((de = readdir(dp)) != NULL) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            if (rm_at(dirfd(dp), de->d_name, depth + 1) != 0) {
                rc = -1;
                err = errno;
            } else {
                removed = true;
            }
        }
        if (!removed || rc != 0)
            break;
    }
    closedir(dp);
    if (rc != 0) {
        errno = err;
        return -1;
    }
    if (unlinkat(dfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT)
        return -1;
    return 0;
}

int sim_rmtree(const char *path)
{
    SIM_ASSERT(path != NULL);
    return rm_at(AT_FDCWD, path, 0);
}

/* ---- names -------------------------------------------------------------------------------- */

/* a b c d concatenated in a new string (NULL on ENOMEM). */
static char *cat(const char *a, const char *b, const char *c, const char *d)
{
    const size_t len = strlen(a) + strlen(b) + strlen(c) + strlen(d) + 1;
    char *s = malloc(len);
    if (s != NULL)
        snprintf(s, len, "%s%s%s%s", a, b, c, d);
    return s;
}

static void outdir_free(sim_outdir *o)
{
    if (o == NULL)
        return;
    free(o->target);
    free(o->parent);
    free(o->base);
    free(o->staging);
    free(o->lock);
    free(o);
}

/* Splits and checks the target; SIM_OK or SIM_EINVAL / SIM_ENOMEM with a diag line. */
static enum sim_status parse_target(sim_outdir *o, const char *target, sim_diag *d)
{
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/')
        len--;
    if (len == 0) {
        sim_diag_add(d, "expected a folder name, got ''");
        return SIM_EINVAL;
    }
    /* Room for ".staging.PID" beside it, and for the files written inside. */
    if (len + 64 >= PATH_MAX) {
        sim_diag_add(d, "%.40s...: longer than PATH_MAX (%d bytes) allows", target, PATH_MAX);
        return SIM_EINVAL;
    }
    o->target = strndup(target, len);
    if (o->target == NULL)
        return SIM_ENOMEM;
    const char *slash = strrchr(o->target, '/');
    o->base = strdup(slash ? slash + 1 : o->target);
    o->parent = slash == o->target ? strdup("/")
                : slash            ? strndup(o->target, (size_t)(slash - o->target))
                                   : strdup(".");
    if (o->base == NULL || o->parent == NULL)
        return SIM_ENOMEM;
    if (o->base[0] == '\0' || strcmp(o->base, ".") == 0 || strcmp(o->base, "..") == 0) {
        sim_diag_add(d, "%s: expected a folder name, got '%s'", o->target,
                     o->base[0] ? o->base : "/");
        return SIM_EINVAL;
    }
    if (strlen(o->base) + 32 > NAME_MAX) {
        sim_diag_add(d,
                     "%.40s...: folder name longer than NAME_MAX (%d bytes) allows with room "
                     "for its staging name",
                     o->base, NAME_MAX);
        return SIM_EINVAL;
    }
    char pid[32];
    snprintf(pid, sizeof pid, ".staging.%ld", (long)getpid());
    o->staging = cat(o->parent, "/.", o->base, pid);
    o->lock = cat(o->parent, "/.", o->base, ".lock");
    if (o->staging == NULL || o->lock == NULL)
        return SIM_ENOMEM;
    struct stat st;
    if (lstat(o->target, &st) == 0) {
        if (!S_ISDIR(st.st_mode)) {
            sim_diag_add(d, "%s: expected a folder, got %s", o->target,
                         sim_diag_file_kind(st.st_mode));
            return SIM_EINVAL;
        }
    } else if (errno != ENOENT) {
        const int err = errno;
        sim_diag_add(d, "%s: %s", o->target, strerror(err));
        return err == ENOTDIR || err == ENAMETOOLONG || err == ELOOP ? SIM_EINVAL : SIM_EIO;
    }
    return SIM_OK;
}

/* ---- the lock ----------------------------------------------------------------------------- */

static long lock_owner(int fd)
{
    char buf[32];
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0)
        return 0;
    buf[n] = '\0';
    return strtol(buf, NULL, 10);
}

static enum sim_status take_lock(sim_outdir *o, sim_diag *d)
{
    for (int attempt = 0; attempt < 16; attempt++) {
        const int fd = open(o->lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) {
            sim_diag_add(d, "%s: %s", o->lock, strerror(errno));
            return SIM_EIO;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int err = errno;
            const long pid = err == EWOULDBLOCK ? lock_owner(fd) : 0;
            close(fd);
            if (err != EWOULDBLOCK)
                sim_diag_add(d, "%s: %s", o->lock, strerror(err));
            else if (pid > 0)
                sim_diag_add(d,
                             "%s: in use by another ccsim (pid %ld); try again when it has "
                             "finished",
                             o->target, pid);
            else
                sim_diag_add(d, "%s: in use by another ccsim; try again when it has finished",
                             o->target);
            return SIM_EIO;
        }
        struct stat mine, now;
        if (fstat(fd, &mine) == 0 && stat(o->lock, &now) == 0 && mine.st_dev == now.st_dev &&
            mine.st_ino == now.st_ino) {
            char pid[32];
            const int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
            /* The pid is only for the message of a second process: no error is fatal here. */
            if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) != n)
                errno = 0;
            o->lock_fd = fd;
            return SIM_OK;
        }
        close(fd); /* the holder before us unlinked it: lock the new file instead */
    }
    sim_diag_add(d, "%s: cannot take the lock (it keeps changing)", o->lock);
    return SIM_EIO;
}

static void release_lock(sim_outdir *o)
{
    if (o->lock_fd < 0)
        return;
    unlink(o->lock); /* while still holding it; see the header comment */
    close(o->lock_fd);
    o->lock_fd = -1;
}

/* Removes what dead processes left: staging folders, and puts back a previous result that a
 * crash left aside between the two renames of the fallback commit. */
static void clean_stale(const sim_outdir *o)
{
    DIR *dp = opendir(o->parent);
    if (dp == NULL)
        return;
    char prefix[NAME_MAX + 1];
    snprintf(prefix, sizeof prefix, ".%s.staging.", o->base);
    const size_t np = strlen(prefix);
    struct stat st;
    const bool target_missing = lstat(o->target, &st) != 0 && errno == ENOENT;
    bool restored = !target_missing;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL) {
        /* Ours only: PID, PID.old or PID.abort after the prefix (a folder named
         * "B.staging.7" has staging names that start with this prefix too). */
        const char *rest = de->d_name + np;
        const size_t digits = strncmp(de->d_name, prefix, np) == 0 ? strspn(rest, "0123456789") : 0;
        if (digits == 0 || (rest[digits] != '\0' && strcmp(rest + digits, ".old") != 0 &&
                            strcmp(rest + digits, ".abort") != 0))
            continue;
        char *p = cat(o->parent, "/", de->d_name, "");
        if (p == NULL)
            break;
        const size_t n = strlen(de->d_name);
        const bool aside = n > 4 && strcmp(de->d_name + n - 4, ".old") == 0;
        if (aside && !restored && rename(p, o->target) == 0)
            restored = true;
        else
            sim_rmtree(p);
        free(p);
    }
    closedir(dp);
}

/* ---- begin, commit, abort ----------------------------------------------------------------- */

sim_outdir *sim_outdir_begin(const char *target, sim_diag *d, enum sim_status *st)
{
    SIM_ASSERT(target != NULL && d != NULL && st != NULL);
    sim_outdir *o = calloc(1, sizeof *o);
    if (o == NULL) {
        *st = SIM_ENOMEM;
        return NULL;
    }
    o->lock_fd = -1;
    *st = parse_target(o, target, d);
    if (*st == SIM_OK && sim_mkdirs(o->parent, d) != SIM_OK)
        *st = SIM_EIO;
    if (*st == SIM_OK && access(o->parent, W_OK | X_OK) != 0) {
        sim_diag_add(d, "%s: %s", o->parent, strerror(errno));
        *st = SIM_EIO;
    }
    if (*st == SIM_OK)
        *st = take_lock(o, d);
    if (*st == SIM_OK) {
        clean_stale(o);
        pthread_mutex_lock(&mu);
        if (dying) {
            sim_diag_add(d, "%s: interrupted", o->target);
            *st = SIM_EIO;
        } else if (mkdir(o->staging, 0777) != 0) {
            sim_diag_add(d, "%s: %s", o->staging, strerror(errno));
            *st = SIM_EIO;
        } else {
            o->next = active;
            active = o;
        }
        pthread_mutex_unlock(&mu);
    }
    if (*st == SIM_ENOMEM)
        sim_diag_add(d, "%s: %s", target, strerror(ENOMEM));
    if (*st != SIM_OK) {
        release_lock(o);
        outdir_free(o);
        return NULL;
    }
    return o;
}

const char *sim_outdir_path(const sim_outdir *o)
{
    SIM_ASSERT(o != NULL);
    return o->staging;
}

const char *sim_outdir_target(const sim_outdir *o)
{
    SIM_ASSERT(o != NULL);
    return o->target;
}

/* Unlinks o from the active list; under mu. */
static void forget(sim_outdir *o)
{
    for (sim_outdir **p = &active; *p != NULL; p = &(*p)->next)
        if (*p == o) {
            *p = o->next;
            return;
        }
}

/* Puts staging in place of the target; under mu. 0, or -1 with errno (target as it was). */
static int swap_in(sim_outdir *o, bool *replaced)
{
    struct stat st;
    *replaced = false;
    for (int attempt = 0; attempt < 2; attempt++) {
        if (lstat(o->target, &st) != 0) {
            if (errno != ENOENT)
                return -1;
            if (rename(o->staging, o->target) == 0)
                return 0;
            if (errno != EEXIST && errno != ENOTEMPTY)
                return -1;
            continue; /* someone made the folder meanwhile: swap with it */
        }
        *replaced = true;
        if (!sim_outdir_no_exchange &&
            renameat2(AT_FDCWD, o->staging, AT_FDCWD, o->target, RENAME_EXCHANGE) == 0) {
            sim_rmtree(o->staging); /* the old tree; a leftover goes with the next begin */
            return 0;
        }
        if (!sim_outdir_no_exchange && errno != EINVAL && errno != ENOSYS)
            return -1;
        /* No atomic exchange here: old aside, new in, old removed. */
        char *aside = cat(o->staging, ".old", "", "");
        if (aside == NULL) {
            errno = ENOMEM;
            return -1;
        }
        int rc = rename(o->target, aside);
        if (rc == 0 && rename(o->staging, o->target) != 0) {
            const int err = errno;
            rename(aside, o->target); /* if this fails too, the next begin puts it back */
            rc = -1;
            errno = err;
        } else if (rc == 0) {
            sim_rmtree(aside);
        }
        free(aside);
        return rc;
    }
    errno = EEXIST;
    return -1;
}

enum sim_status sim_outdir_commit(sim_outdir *o, bool *replaced, sim_diag *d)
{
    SIM_ASSERT(o != NULL && d != NULL);
    bool was = false;
    enum sim_status st = SIM_OK;
    pthread_mutex_lock(&mu);
    if (o->dead) {
        sim_diag_add(d, "%s: interrupted", o->target);
        st = SIM_EIO;
    } else {
        forget(o);
        if (swap_in(o, &was) != 0) {
            sim_diag_add(d, "%s: %s", o->target, strerror(errno));
            sim_rmtree(o->staging);
            st = SIM_EIO;
        }
        release_lock(o);
    }
    pthread_mutex_unlock(&mu);
    if (replaced != NULL)
        *replaced = was;
    outdir_free(o);
    return st;
}

void sim_outdir_abort(sim_outdir *o)
{
    if (o == NULL)
        return;
    pthread_mutex_lock(&mu);
    if (!o->dead) {
        forget(o);
        sim_rmtree(o->staging);
        release_lock(o);
    }
    pthread_mutex_unlock(&mu);
    outdir_free(o);
}

size_t sim_outdir_abort_all(char *first, size_t size)
{
    size_t n = 0;
    if (first != NULL && size > 0)
        first[0] = '\0';
    pthread_mutex_lock(&mu);
    dying = true;
    for (sim_outdir *o = active; o != NULL; o = o->next) {
        if (n++ == 0 && first != NULL && size > 0)
            snprintf(first, size, "%s", o->target);
        /* Renamed first so that the writer still running finds its paths gone at once. */
        char *doomed = cat(o->staging, ".abort", "", "");
        if (doomed != NULL && rename(o->staging, doomed) == 0)
            sim_rmtree(doomed);
        else
            sim_rmtree(o->staging);
        free(doomed);
        release_lock(o);
        o->dead = true;
    }
    active = NULL;
    pthread_mutex_unlock(&mu);
    return n;
}

/* ---- filling staging from the current target ---------------------------------------------- */

struct fill {
    bool (*skip)(const char *rel, bool is_dir, void *ctx);
    void *ctx;
    sim_diag *d;
    const char *target;
    char rel[PATH_MAX];
};

static int copy_file(int from, int to, const char *name, const struct stat *st)
{
    const int in = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (in < 0)
        return -1;
    const int out =
        openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st->st_mode & 0777);
    if (out < 0) {
        close(in);
        return -1;
    }
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0 && rc == 0)
        for (ssize_t off = 0; off < n && rc == 0;) {
            const ssize_t w = write(out, buf + off, (size_t)(n - off));
            if (w < 0)
                rc = -1;
            else
                off += w;
        }
    if (n < 0)
        rc = -1;
    /* Keep the modification time: report compares figures' times with their CSV's. */
    const struct timespec times[2] = {st->st_atim, st->st_mtim};
    if (rc == 0 && futimens(out, times) != 0)
        rc = -1;
    const int err = errno;
    close(in);
    if (close(out) != 0 && rc == 0)
        return -1;
    errno = err;
    return rc;
}

static int fill_dir(struct fill *f, int from, int to, size_t len, int depth)
{
    const int fd = dup(from);
    DIR *dp = fd >= 0 ? fdopendir(fd) : NULL;
    if (dp == NULL) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    int rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(dp)) != NULL) {
        const char *name = de->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        struct stat st;
        const int n = snprintf(f->rel + len, sizeof f->rel - len, "%s%s", len ? "/" : "", name);
        if (n < 0 || (size_t)n >= sizeof f->rel - len) {
            errno = ENAMETOOLONG;
            rc = -1;
        } else if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = -1;
        } else if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
            continue; /* links, devices, FIFOs are no part of a result */
        } else if (f->skip != NULL && f->skip(f->rel, S_ISDIR(st.st_mode), f->ctx)) {
            continue;
        } else if (S_ISREG(st.st_mode)) {
            if (linkat(from, name, to, name, 0) != 0)
                rc = copy_file(from, to, name, &st);
        } else if (depth >= MAX_DEPTH) {
            errno = ELOOP;
            rc = -1;
        } else if (mkdirat(to, name, st.st_mode & 0777) != 0) {
            rc = -1;
        } else {
            const int sub_from =
                openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            const int sub_to = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            rc = sub_from >= 0 && sub_to >= 0
                     ? fill_dir(f, sub_from, sub_to, len + (size_t)n, depth + 1)
                     : -1;
            const int err = errno;
            if (sub_from >= 0)
                close(sub_from);
            if (sub_to >= 0)
                close(sub_to);
            errno = err;
        }
        if (rc != 0)
            sim_diag_add(f->d, "%s/%s: %s", f->target, f->rel, strerror(errno));
    }
    closedir(dp);
    f->rel[len] = '\0';
    return rc;
}

enum sim_status sim_outdir_fill(sim_outdir *o,
                                bool (*skip)(const char *rel, bool is_dir, void *ctx), void *ctx,
                                sim_diag *d)
{
    SIM_ASSERT(o != NULL && d != NULL);
    struct fill *f = calloc(1, sizeof *f);
    if (f == NULL) {
        sim_diag_add(d, "%s: %s", o->target, strerror(ENOMEM));
        return SIM_ENOMEM;
    }
    *f = (struct fill){.skip = skip, .ctx = ctx, .d = d, .target = o->target};
    const int from = open(o->target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    const int to = open(o->staging, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int rc = 0;
    if (from < 0 && errno != ENOENT) {
        sim_diag_add(d, "%s: %s", o->target, strerror(errno));
        rc = -1;
    } else if (to < 0) {
        sim_diag_add(d, "%s: %s", o->staging, strerror(errno));
        rc = -1;
    } else if (from >= 0) {
        rc = fill_dir(f, from, to, 0, 0);
    }
    if (from >= 0)
        close(from);
    if (to >= 0)
        close(to);
    free(f);
    return rc == 0 ? SIM_OK : SIM_EIO;
}
