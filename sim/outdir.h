/* sim_outdir: a result folder that is replaced all at once or not at all.
 * Callers write the whole result into a staging folder beside the target (same parent, so the
 * final rename stays within one file system), then commit swaps it in with one
 * renameat2(RENAME_EXCHANGE) (or, where the file system refuses it, rename-old-aside then
 * rename-new) and removes the previous tree. A reader, a crash, a full disk or a second process
 * therefore only ever sees a whole old result or a whole new one. Layout, for target P/B:
 *   P/.B.lock            flock'ed while a process works on P/B (holds its pid)
 *   P/.B.staging.PID     where the new result is built (starts empty, or as a hard-link copy)
 * The lock is taken by begin and released by commit or abort; staging folders of dead processes
 * are removed by the next holder. Every active outdir of the process is known to
 * sim_outdir_abort_all, which a signal-handling thread calls: commit and abort_all are
 * serialised by one mutex, so a signal sees the previous result or the new one in place. */
#ifndef SIM_OUTDIR_H
#define SIM_OUTDIR_H

#include "sim/diag.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct sim_outdir sim_outdir;

/* Validates target (not empty, not a symbolic link, a directory when it exists, not "." or
 * "..", within PATH_MAX / NAME_MAX), creates its missing parents, takes the lock, removes stale
 * staging folders and creates an empty staging folder. On failure returns NULL, adds one line to
 * d and sets *st: SIM_EINVAL for a target that cannot name a result folder (a usage error),
 * SIM_EIO for the environment (parent not writable, lock held by another process, I/O error),
 * SIM_ENOMEM. A lock held elsewhere reads "TARGET: in use by another ccsim (pid N); ...". */
sim_outdir *sim_outdir_begin(const char *target, sim_diag *d, enum sim_status *st);

/* The staging folder: where the caller writes the new result. */
const char *sim_outdir_path(const sim_outdir *o);
/* The target as given (without trailing slashes). */
const char *sim_outdir_target(const sim_outdir *o);

/* Fills the (empty) staging folder with the regular files and folders of the current target,
 * as hard links (copies where links are refused), skipping every entry for which
 * skip(relative path, is_dir, ctx) is true; symbolic links, devices and FIFOs are left out.
 * For commands that update a result folder in place (plot, report). */
enum sim_status sim_outdir_fill(sim_outdir *o,
                                bool (*skip)(const char *rel, bool is_dir, void *ctx), void *ctx,
                                sim_diag *d);

/* Puts the staging folder in place of the target and removes the previous tree; *replaced
 * (when not NULL) says whether there was one. Frees o and releases the lock in every case; on
 * failure the target is left as it was, the staging folder removed, a line added to d. */
enum sim_status sim_outdir_commit(sim_outdir *o, bool *replaced, sim_diag *d);

/* Removes the staging folder, releases the lock, frees o. NULL is a no-op. */
void sim_outdir_abort(sim_outdir *o);

/* Aborts every outdir of the process (for a signal thread about to exit). Copies the first
 * one's target into first (size bytes, "" when none) and returns how many there were. After it,
 * every begin and commit fails. */
size_t sim_outdir_abort_all(char *first, size_t size);

/* Removes path: a file, or a folder and all it holds, never following a symbolic link (a link
 * is removed, not what it points to). A missing path is not an error. 0, or -1 with errno. */
int sim_rmtree(const char *path);

/* Test hook: when true, commit behaves as if the file system refused RENAME_EXCHANGE. */
extern bool sim_outdir_no_exchange;

#endif
