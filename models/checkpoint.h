/* cc_checkpoint: the finished replications of a long study, kept in a file beside its result
 * folder so that an interrupted run can resume (--resume) without running them again.
 * A replication is a pure function of (resolved scenario, seed, replication), so a result read
 * back is the one the run would compute: each record is keyed by the SHA-256 of the resolved
 * scenario (its seed and replication count included) and the replication index, and holds the
 * cc_rep as raw bytes (doubles bit for bit, NaN payloads included).
 *
 * File layout (host byte order; a file from another byte order is refused):
 *   header  "CCSIMCK" 0x01, uint32 0x01020304, uint32 format, 32-byte study key
 *   record  32-byte scenario key, int32 replication, uint32 n, n payload bytes, and the
 *           SHA-256 of all that
 * The header is written to a temporary file and renamed into place; each record is appended
 * by one write(2). A record cut short by a kill or a full disk fails its checksum: it and
 * whatever follows are dropped (and cut off) when the file is opened again. The study key is
 * the key of the scenarios of the first runner call, so a checkpoint of other inputs is
 * refused with a message instead of being mixed in. */
#ifndef CC_CHECKPOINT_H
#define CC_CHECKPOINT_H

#include "models/center.h"
#include "sim/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cc_checkpoint;

/* Reads path when it exists (records indexed, torn tail noted), else prepares to create it on
 * the first bind. NULL (with one line in d and *st set) when the file cannot be read or is not
 * a checkpoint of this build's format. */
struct cc_checkpoint *cc_checkpoint_open(const char *path, sim_diag *d, enum sim_status *st);
/* Closes, keeping the file. NULL is a no-op. */
void cc_checkpoint_close(struct cc_checkpoint *ck);
/* Closes and deletes the file (the result it served is committed). NULL is a no-op. */
void cc_checkpoint_remove(struct cc_checkpoint *ck);

/* The key of one scenario: SHA-256 of its resolved JSON, seed and replication count. */
void cc_checkpoint_key(const struct cc_scenario *sc, uint8_t key[32]);

/* Called by the runner at each call with its scenarios. The first call fixes the study key:
 * it creates the file, or checks an existing file's key (SIM_EINVAL and a line in the
 * checkpoint's diag when it differs) and cuts off a torn tail. Later calls do nothing. */
enum sim_status cc_checkpoint_bind(struct cc_checkpoint *ck, const struct cc_scenario *const *scs,
                                   size_t n);

/* Fills out with the stored result of replication rep of the scenario of key; false when the
 * file holds none. */
bool cc_checkpoint_get(struct cc_checkpoint *ck, const uint8_t key[32], int rep,
                       const struct cc_layout *l, struct cc_rep *out);
/* Appends one finished replication. SIM_EIO (line in the diag) when the write fails. */
enum sim_status cc_checkpoint_put(struct cc_checkpoint *ck, const uint8_t key[32], int rep,
                                  const struct cc_layout *l, const struct cc_rep *r);

/* Replications served from the file so far, and the file's path. */
long cc_checkpoint_reused(const struct cc_checkpoint *ck);
const char *cc_checkpoint_path(const struct cc_checkpoint *ck);
/* Why the last bind or put failed. */
const sim_diag *cc_checkpoint_diag(const struct cc_checkpoint *ck);

#endif
