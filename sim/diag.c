/* sim_diag: owns a bounded list of user-facing problem lines (see diag.h).
 * Invariants: lines[0..n) are malloc'ed, NUL-terminated copies owned by the diag; n never
 * exceeds SIM_DIAG_MAX; every line added beyond that (or lost to ENOMEM) is counted in
 * dropped, so the caller can say "and N more". Formatting uses vsnprintf twice (measure,
 * then write), so lines have no length limit. Nothing here prints. */
#include "sim/diag.h"

#include "sim/bug.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

struct sim_diag {
    char *lines[SIM_DIAG_MAX];
    size_t n;
    size_t dropped;
};

sim_diag *sim_diag_alloc(void)
{
    return calloc(1, sizeof(sim_diag));
}

void sim_diag_free(sim_diag *d)
{
    if (d == NULL)
        return;
    sim_diag_clear(d);
    free(d);
}

void sim_diag_add(sim_diag *d, const char *fmt, ...)
{
    SIM_ASSERT(d != NULL && fmt != NULL);
    if (d->n == SIM_DIAG_MAX) {
        d->dropped++;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    /* An encoding error or ENOMEM loses the line; counting it keeps "N more" honest. */
    char *line = len < 0 ? NULL : malloc((size_t)len + 1);
    if (line == NULL) {
        d->dropped++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(line, (size_t)len + 1, fmt, ap);
    va_end(ap);
    d->lines[d->n++] = line;
}

size_t sim_diag_count(const sim_diag *d)
{
    SIM_ASSERT(d != NULL);
    return d->n;
}

size_t sim_diag_dropped(const sim_diag *d)
{
    SIM_ASSERT(d != NULL);
    return d->dropped;
}

const char *sim_diag_line(const sim_diag *d, size_t i)
{
    SIM_ASSERT(d != NULL && i < d->n);
    return d->lines[i];
}

void sim_diag_clear(sim_diag *d)
{
    SIM_ASSERT(d != NULL);
    for (size_t i = 0; i < d->n; i++)
        free(d->lines[i]);
    d->n = 0;
    d->dropped = 0;
}

const char *sim_diag_file_kind(mode_t m)
{
    return S_ISREG(m)    ? "a file"
           : S_ISDIR(m)  ? "a directory"
           : S_ISLNK(m)  ? "a symbolic link"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "a special file";
}
