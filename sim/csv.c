/* sim_csv: output files that appear whole or not at all, and a CSV row writer on top.
 * sim_afile owns a stream on "<path>.tmp.<pid>" (beside path, so rename() stays within one
 * file system and is atomic on POSIX); commit checks fflush, ferror, fclose and rename, and on
 * any failure removes the temporary file and leaves path untouched. sim_csv writes RFC 4180
 * fields (quoted when they hold a comma, quote, CR or LF; quotes doubled), rows end in LF,
 * numbers are "%.10g" with "nan", "inf", "-inf" spelled out. The library never calls
 * setlocale, so the C locale applies; format_num still maps a ',' decimal point to '.'. */
#include "sim/csv.h"

#include "sim/bug.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct sim_afile {
    FILE *fp;
    char *path;
    char *tmp;
};

static void afile_release(sim_afile *f)
{
    free(f->path);
    free(f->tmp);
    free(f);
}

/* The temporary is created with O_EXCL | O_NOFOLLOW, so a symbolic link or a FIFO planted under
 * its name is never opened; the target itself is only ever replaced by rename(), which does not
 * follow links either, and must be a regular file when it exists. */
sim_afile *sim_afile_open(const char *path, sim_diag *d)
{
    SIM_ASSERT(path != NULL && d != NULL);
    struct stat st;
    if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        sim_diag_add(d, "%s: expected a regular file, got %s", path,
                     sim_diag_file_kind(st.st_mode));
        return NULL;
    }
    sim_afile *f = calloc(1, sizeof(*f));
    if (f == NULL)
        goto fail;
    size_t len = strlen(path) + 32;
    f->path = strdup(path);
    f->tmp = malloc(len);
    if (f->path == NULL || f->tmp == NULL)
        goto fail;
    snprintf(f->tmp, len, "%s.tmp.%ld", path, (long)getpid());
    const int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
    int fd = open(f->tmp, flags, 0666);
    if (fd < 0 && errno == EEXIST && unlink(f->tmp) == 0) /* left by a dead process of our pid */
        fd = open(f->tmp, flags, 0666);
    if (fd < 0)
        goto fail;
    f->fp = fdopen(fd, "w");
    if (f->fp == NULL) {
        const int err = errno;
        close(fd);
        unlink(f->tmp);
        errno = err;
        goto fail;
    }
    return f;
fail:
    sim_diag_add(d, "%s: %s", path, strerror(errno));
    if (f != NULL)
        afile_release(f);
    return NULL;
}

FILE *sim_afile_stream(sim_afile *f)
{
    SIM_ASSERT(f != NULL);
    return f->fp;
}

enum sim_status sim_afile_commit(sim_afile *f, sim_diag *d)
{
    SIM_ASSERT(f != NULL && d != NULL);
    /* Keep the first failure's errno: a failed write often shows up only at fflush/fclose.
     * ferror() does not set errno, so a sticky stream error without one is reported as EIO. */
    int err = 0;
    if (fflush(f->fp) != 0)
        err = errno;
    if (ferror(f->fp) && err == 0)
        err = EIO;
    if (fclose(f->fp) != 0 && err == 0)
        err = errno;
    if (err == 0 && rename(f->tmp, f->path) != 0)
        err = errno;
    if (err != 0) {
        remove(f->tmp);
        sim_diag_add(d, "%s: %s", f->path, strerror(err));
    }
    afile_release(f);
    return err == 0 ? SIM_OK : SIM_EIO;
}

void sim_afile_abort(sim_afile *f)
{
    if (f == NULL)
        return;
    fclose(f->fp);
    remove(f->tmp);
    afile_release(f);
}

struct sim_csv {
    sim_afile *f;
    FILE *fp;
    int col; /* fields written on the current row */
};

sim_csv *sim_csv_open(const char *path, sim_diag *d)
{
    sim_csv *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        sim_diag_add(d, "%s: %s", path, strerror(errno));
        return NULL;
    }
    c->f = sim_afile_open(path, d);
    if (c->f == NULL) {
        free(c);
        return NULL;
    }
    c->fp = sim_afile_stream(c->f);
    return c;
}

static void separate(sim_csv *c)
{
    if (c->col++ > 0)
        putc(',', c->fp);
}

void sim_csv_header(sim_csv *c, const char *const *cols)
{
    SIM_ASSERT(c != NULL && cols != NULL && c->col == 0);
    for (size_t i = 0; cols[i] != NULL; i++)
        sim_csv_str(c, cols[i]);
    sim_csv_end_row(c);
}

/* Text that strtod reads whole as a finite number ("-0.25", "+3e-2"): a spreadsheet reads
 * it as that number, not as a formula, so it may start with '-' or '+'. */
static bool is_number(const char *s)
{
    char *end = NULL;
    const double x = strtod(s, &end);
    return end != s && *end == '\0' && isfinite(x) && strchr(" \t\r\n\v\f", s[0]) == NULL;
}

void sim_csv_str(sim_csv *c, const char *s)
{
    SIM_ASSERT(c != NULL && s != NULL);
    /* Spreadsheets run a cell starting with one of these as a formula (CSV injection). Input
     * validation keeps them out of every string cell (docs/csv.md); one here is a bug. A quote
     * prefix would change the value pandas and R read back, so none is added. */
    SIM_ASSERT(strchr("=+-@\t\r", s[0]) == NULL || s[0] == '\0' || is_number(s));
    separate(c);
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, c->fp);
        return;
    }
    putc('"', c->fp);
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == '"')
            putc('"', c->fp);
        putc(*p, c->fp);
    }
    putc('"', c->fp);
}

const char *sim_csv_format_num(double x, char *buf)
{
    SIM_ASSERT(buf != NULL);
    if (isnan(x))
        return strcpy(buf, "nan");
    if (isinf(x))
        return strcpy(buf, x > 0 ? "inf" : "-inf");
    snprintf(buf, 32, "%.10g", x);
    /* Under a locale with a decimal comma a number would split into two fields. */
    char *comma = strchr(buf, ',');
    if (comma != NULL)
        *comma = '.';
    return buf;
}

void sim_csv_num(sim_csv *c, double x)
{
    SIM_ASSERT(c != NULL);
    char buf[32];
    separate(c);
    fputs(sim_csv_format_num(x, buf), c->fp);
}

void sim_csv_int(sim_csv *c, long long x)
{
    SIM_ASSERT(c != NULL);
    separate(c);
    fprintf(c->fp, "%lld", x);
}

void sim_csv_end_row(sim_csv *c)
{
    SIM_ASSERT(c != NULL);
    putc('\n', c->fp);
    c->col = 0;
}

enum sim_status sim_csv_commit(sim_csv *c, sim_diag *d)
{
    SIM_ASSERT(c != NULL);
    enum sim_status st = sim_afile_commit(c->f, d);
    free(c);
    return st;
}

void sim_csv_abort(sim_csv *c)
{
    if (c == NULL)
        return;
    sim_afile_abort(c->f);
    free(c);
}

char *sim_path_join(const char *dir, const char *file)
{
    const size_t n = strlen(dir) + strlen(file) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s/%s", dir, file);
    return s;
}

enum sim_status sim_mkdirs(const char *dir, sim_diag *d)
{
    if (dir[0] == '\0') { /* the loop below starts at dir + 1 */
        if (d)
            sim_diag_add(d, "expected a folder name, got ''");
        return SIM_EINVAL;
    }
    char *p = strdup(dir);
    if (!p)
        return SIM_ENOMEM;
    int failed = 0;
    /* Each prefix in turn, like mkdir -p; an existing directory is fine. */
    for (char *s = p + 1; *s && !failed; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        failed = mkdir(p, 0777) != 0 && errno != EEXIST;
        *s = '/';
    }
    if (!failed)
        failed = mkdir(p, 0777) != 0 && errno != EEXIST;
    if (failed && d)
        sim_diag_add(d, "%s: %s", dir, strerror(errno));
    free(p);
    return failed ? SIM_EIO : SIM_OK;
}
