/* cc_checkpoint: see checkpoint.h. The file is read once at open into an index sorted by
 * (scenario key, replication); payloads are read back with pread when a replication is asked
 * for, so a study of thousands of replications costs only the index in memory. */
#include "models/checkpoint.h"

#include "models/runner.h"
#include "models/scenario.h"
#include "sim/bug.h"

#include <errno.h>
#include <fcntl.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CK_MAGIC "CCSIMCK\1"
#define CK_ORDER 0x01020304u
#define CK_FORMAT 1u
#define CK_HEADER (8 + 4 + 4 + 32)
#define CK_RECORD_HEAD (32 + 4 + 4)

struct ck_entry {
    uint8_t key[32];
    int32_t rep;
    uint32_t len;
    off_t at; /* payload offset */
};

struct cc_checkpoint {
    char *path;
    int fd; /* -1 until bound or opened */
    bool exists;
    bool bound;
    uint8_t study[32];
    off_t good_end; /* end of the last whole record */
    struct ck_entry *e;
    size_t n, cap;
    long reused;
    sim_diag *d;
};

static int entry_cmp(const void *a, const void *b)
{
    const struct ck_entry *x = a, *y = b;
    const int c = memcmp(x->key, y->key, 32);
    if (c != 0)
        return c;
    return (x->rep > y->rep) - (x->rep < y->rep);
}

static bool read_all(int fd, void *buf, size_t n, off_t at)
{
    unsigned char *p = buf;
    while (n > 0) {
        const ssize_t k = pread(fd, p, n, at);
        if (k <= 0) {
            if (k < 0 && errno == EINTR)
                continue;
            return false;
        }
        p += k;
        n -= (size_t)k;
        at += k;
    }
    return true;
}

static bool write_all(int fd, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n > 0) {
        const ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += k;
        n -= (size_t)k;
    }
    return true;
}

/* Indexes every whole record; stops at the first torn or corrupt one (the tail a kill cut). */
static enum sim_status load_records(struct cc_checkpoint *ck, off_t size)
{
    off_t at = CK_HEADER;
    unsigned char head[CK_RECORD_HEAD];
    unsigned char *buf = NULL;
    size_t buf_len = 0;
    while (at + CK_RECORD_HEAD + 32 <= size && read_all(ck->fd, head, sizeof head, at)) {
        int32_t rep;
        uint32_t len;
        memcpy(&rep, head + 32, 4);
        memcpy(&len, head + 36, 4);
        if (rep < 0 || (off_t)len > size - at - CK_RECORD_HEAD - 32)
            break;
        const size_t whole = CK_RECORD_HEAD + (size_t)len + 32;
        if (whole > buf_len) {
            unsigned char *nb = realloc(buf, whole);
            if (!nb) {
                free(buf);
                return SIM_ENOMEM;
            }
            buf = nb;
            buf_len = whole;
        }
        if (!read_all(ck->fd, buf, whole, at))
            break;
        uint8_t sum[32];
        SHA2_CTX c;
        SHA256Init(&c);
        SHA256Update(&c, buf, whole - 32);
        SHA256Final(sum, &c);
        if (memcmp(sum, buf + whole - 32, 32) != 0)
            break;
        if (ck->n == ck->cap) {
            const size_t cap = ck->cap ? 2 * ck->cap : 64;
            struct ck_entry *ne = realloc(ck->e, cap * sizeof *ne);
            if (!ne) {
                free(buf);
                return SIM_ENOMEM;
            }
            ck->e = ne;
            ck->cap = cap;
        }
        struct ck_entry *e = &ck->e[ck->n++];
        memcpy(e->key, head, 32);
        e->rep = rep;
        e->len = len;
        e->at = at + CK_RECORD_HEAD;
        at += (off_t)whole;
    }
    free(buf);
    ck->good_end = at;
    if (ck->n > 1)
        qsort(ck->e, ck->n, sizeof *ck->e, entry_cmp);
    return SIM_OK;
}

struct cc_checkpoint *cc_checkpoint_open(const char *path, sim_diag *d, enum sim_status *st)
{
    struct cc_checkpoint *ck = calloc(1, sizeof *ck);
    if (ck) {
        ck->fd = -1;
        ck->path = strdup(path);
        ck->d = sim_diag_alloc();
    }
    if (!ck || !ck->path || !ck->d) {
        cc_checkpoint_close(ck);
        *st = SIM_ENOMEM;
        return NULL;
    }
    ck->fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (ck->fd < 0 && errno == ENOENT) {
        *st = SIM_OK;
        return ck;
    }
    struct stat sb;
    unsigned char h[CK_HEADER];
    const char *bad = NULL;
    if (ck->fd < 0 || fstat(ck->fd, &sb) != 0) {
        sim_diag_add(d, "%s: %s", path, strerror(errno));
        *st = SIM_EIO;
    } else if (!S_ISREG(sb.st_mode)) {
        sim_diag_add(d, "%s: expected a regular file, got %s", path,
                     sim_diag_file_kind(sb.st_mode));
        *st = SIM_EINVAL;
    } else if (sb.st_size < CK_HEADER || !read_all(ck->fd, h, sizeof h, 0) ||
               memcmp(h, CK_MAGIC, 8) != 0) {
        bad = "expected a ccsim checkpoint, got something else";
    } else {
        uint32_t order, format;
        memcpy(&order, h + 8, 4);
        memcpy(&format, h + 12, 4);
        if (order != CK_ORDER)
            bad = "written on a machine of another byte order";
        else if (format != CK_FORMAT)
            bad = "written by another version of ccsim";
    }
    if (bad) {
        sim_diag_add(d, "%s: %s; delete it or run without --resume", path, bad);
        *st = SIM_EINVAL;
    }
    if (ck->fd < 0 || bad || !S_ISREG(sb.st_mode)) {
        cc_checkpoint_close(ck);
        return NULL;
    }
    memcpy(ck->study, h + 16, 32);
    ck->exists = true;
    *st = load_records(ck, sb.st_size);
    if (*st != SIM_OK) {
        cc_checkpoint_close(ck);
        return NULL;
    }
    return ck;
}

void cc_checkpoint_close(struct cc_checkpoint *ck)
{
    if (!ck)
        return;
    if (ck->fd >= 0)
        close(ck->fd);
    free(ck->path);
    free(ck->e);
    sim_diag_free(ck->d);
    free(ck);
}

void cc_checkpoint_remove(struct cc_checkpoint *ck)
{
    if (!ck)
        return;
    if (ck->bound)
        unlink(ck->path);
    cc_checkpoint_close(ck);
}

void cc_checkpoint_key(const struct cc_scenario *sc, uint8_t key[32])
{
    SHA2_CTX c;
    SHA256Init(&c);
    SHA256Update(&c, (const uint8_t *)sc->resolved_json, strlen(sc->resolved_json) + 1);
    const uint64_t seed = sc->seed;
    const int32_t reps = sc->reps;
    SHA256Update(&c, (const uint8_t *)&seed, sizeof seed);
    SHA256Update(&c, (const uint8_t *)&reps, sizeof reps);
    SHA256Final(key, &c);
}

/* A new file: the header goes to PATH.tmp, then one rename puts it in place, so the file is
 * never seen without a whole header. */
static enum sim_status create_file(struct cc_checkpoint *ck)
{
    const size_t n = strlen(ck->path) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return SIM_ENOMEM;
    snprintf(tmp, n, "%s.tmp", ck->path);
    unsigned char h[CK_HEADER];
    const uint32_t order = CK_ORDER, format = CK_FORMAT;
    memcpy(h, CK_MAGIC, 8);
    memcpy(h + 8, &order, 4);
    memcpy(h + 12, &format, 4);
    memcpy(h + 16, ck->study, 32);
    const int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    bool ok = fd >= 0 && write_all(fd, h, sizeof h) && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    ok = ok && rename(tmp, ck->path) == 0;
    if (!ok) {
        sim_diag_add(ck->d, "%s: %s", ck->path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return SIM_EIO;
    }
    free(tmp);
    ck->fd = open(ck->path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (ck->fd < 0) {
        sim_diag_add(ck->d, "%s: %s", ck->path, strerror(errno));
        return SIM_EIO;
    }
    ck->good_end = CK_HEADER;
    return SIM_OK;
}

enum sim_status cc_checkpoint_bind(struct cc_checkpoint *ck, const struct cc_scenario *const *scs,
                                   size_t n)
{
    if (ck->bound)
        return SIM_OK;
    uint8_t study[32];
    SHA2_CTX c;
    SHA256Init(&c);
    for (size_t i = 0; i < n; i++) {
        uint8_t key[32];
        cc_checkpoint_key(scs[i], key);
        SHA256Update(&c, key, sizeof key);
    }
    SHA256Final(study, &c);
    if (ck->exists && memcmp(study, ck->study, 32) != 0) {
        sim_diag_add(ck->d,
                     "%s: made for other inputs (scenario, seed or replications differ); "
                     "delete it or run without --resume",
                     ck->path);
        return SIM_EINVAL;
    }
    memcpy(ck->study, study, 32);
    enum sim_status st = SIM_OK;
    if (!ck->exists)
        st = create_file(ck);
    else if (ftruncate(ck->fd, ck->good_end) != 0) {
        sim_diag_add(ck->d, "%s: %s", ck->path, strerror(errno));
        st = SIM_EIO;
    }
    if (st == SIM_OK && lseek(ck->fd, 0, SEEK_END) < 0) {
        sim_diag_add(ck->d, "%s: %s", ck->path, strerror(errno));
        st = SIM_EIO;
    }
    ck->bound = st == SIM_OK;
    return st;
}

bool cc_checkpoint_get(struct cc_checkpoint *ck, const uint8_t key[32], int rep,
                       const struct cc_layout *l, struct cc_rep *out)
{
    if (ck->n == 0)
        return false; /* a new file: nothing to look up (and bsearch wants an array) */
    struct ck_entry want = {.rep = rep};
    memcpy(want.key, key, 32);
    const struct ck_entry *e = bsearch(&want, ck->e, ck->n, sizeof *ck->e, entry_cmp);
    const size_t len = cc_rep_packed_size(l);
    if (!e || e->len != len)
        return false;
    unsigned char *buf = malloc(len);
    const bool ok = buf && read_all(ck->fd, buf, len, e->at);
    if (ok) {
        cc_rep_unpack(l, buf, out);
        ck->reused++;
    }
    free(buf);
    return ok;
}

enum sim_status cc_checkpoint_put(struct cc_checkpoint *ck, const uint8_t key[32], int rep,
                                  const struct cc_layout *l, const struct cc_rep *r)
{
    SIM_ASSERT(ck->bound);
    const size_t len = cc_rep_packed_size(l);
    const size_t whole = CK_RECORD_HEAD + len + 32;
    unsigned char *buf = malloc(whole);
    if (!buf)
        return SIM_ENOMEM;
    const int32_t rep32 = rep;
    const uint32_t len32 = (uint32_t)len;
    memcpy(buf, key, 32);
    memcpy(buf + 32, &rep32, 4);
    memcpy(buf + 36, &len32, 4);
    cc_rep_pack(l, r, buf + CK_RECORD_HEAD);
    SHA2_CTX c;
    SHA256Init(&c);
    SHA256Update(&c, buf, whole - 32);
    SHA256Final(buf + whole - 32, &c);
    /* One write: a kill leaves a whole record or a torn one that fails its checksum. */
    const bool ok = write_all(ck->fd, buf, whole);
    free(buf);
    if (!ok) {
        sim_diag_add(ck->d, "%s: %s", ck->path, strerror(errno));
        return SIM_EIO;
    }
    return SIM_OK;
}

long cc_checkpoint_reused(const struct cc_checkpoint *ck)
{
    return ck->reused;
}

const char *cc_checkpoint_path(const struct cc_checkpoint *ck)
{
    return ck->path;
}

const sim_diag *cc_checkpoint_diag(const struct cc_checkpoint *ck)
{
    return ck->d;
}
