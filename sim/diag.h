/* sim_diag: a list of user-facing problems ("<file>: <path>: <text>"), collected by library
 * code and printed by cli/main.c only. Keeps the first SIM_DIAG_MAX lines and counts the rest. */
#ifndef SIM_DIAG_H
#define SIM_DIAG_H

#include <stddef.h>
#include <sys/types.h>

enum sim_status { SIM_OK = 0, SIM_ENOMEM, SIM_EINVAL, SIM_EIO };

#define SIM_DIAG_MAX 20

typedef struct sim_diag sim_diag;

sim_diag *sim_diag_alloc(void);
void sim_diag_free(sim_diag *d); /* NULL is a no-op */

/* Appends one formatted line (no trailing newline needed). */
void sim_diag_add(sim_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

size_t sim_diag_count(const sim_diag *d);   /* lines kept (<= SIM_DIAG_MAX) */
size_t sim_diag_dropped(const sim_diag *d); /* lines added beyond SIM_DIAG_MAX */
const char *sim_diag_line(const sim_diag *d, size_t i);
void sim_diag_clear(sim_diag *d);

/* What a file of mode m is, for messages ("expected a regular file, got a FIFO"): "a file",
 * "a directory", "a symbolic link", "a FIFO", "a character device", "a block device",
 * "a socket", or "a special file". */
const char *sim_diag_file_kind(mode_t m);

#endif
