/* sim_csv: output files that appear whole or not at all. sim_afile writes to
 * "<path>.tmp.<pid>" and renames on commit; sim_csv formats rows on top of it
 * (RFC 4180 quoting, numbers as %.10g, "nan"/"inf" spelled out, C locale). */
#ifndef SIM_CSV_H
#define SIM_CSV_H

#include "sim/diag.h"

#include <stdio.h>

typedef struct sim_afile sim_afile;

/* Opens a temporary file beside path (created with O_EXCL | O_NOFOLLOW: never a link, a FIFO or
 * a device). Refuses a path that exists and is not a regular file ("path: expected a regular
 * file, got a FIFO"). On failure adds "path: reason" to d, returns NULL. */
sim_afile *sim_afile_open(const char *path, sim_diag *d);
FILE *sim_afile_stream(sim_afile *f);
/* Flushes, closes and renames into place; frees f. SIM_EIO (and a diag line) on failure,
 * in which case the temporary file is removed and path is untouched. */
enum sim_status sim_afile_commit(sim_afile *f, sim_diag *d);
void sim_afile_abort(sim_afile *f); /* removes the temporary file; frees f; NULL is a no-op */

typedef struct sim_csv sim_csv;

sim_csv *sim_csv_open(const char *path, sim_diag *d);
/* Writes a header row from a NULL-terminated list of column names. */
void sim_csv_header(sim_csv *c, const char *const *cols);
/* A string cell. s must not start with '=', '+', '-', '@', TAB or CR, which spreadsheets run
 * as a formula: callers validate what reaches a cell (docs/csv.md); SIM_ASSERT otherwise. */
void sim_csv_str(sim_csv *c, const char *s);
void sim_csv_num(sim_csv *c, double x);
void sim_csv_int(sim_csv *c, long long x);
void sim_csv_end_row(sim_csv *c);
enum sim_status sim_csv_commit(sim_csv *c, sim_diag *d);
void sim_csv_abort(sim_csv *c);

/* "dir/file" in a new string (malloc'ed; NULL on ENOMEM). */
char *sim_path_join(const char *dir, const char *file);
/* mkdir -p dir. On failure adds "dir: strerror" to d (when d is not NULL) and returns SIM_EIO;
 * an empty dir is SIM_EINVAL ("expected a folder name, got ''"). */
enum sim_status sim_mkdirs(const char *dir, sim_diag *d);

/* Formats x as the CSV writer does (%.10g, "nan", "inf", "-inf") into buf (>= 32 bytes). */
const char *sim_csv_format_num(double x, char *buf);

#endif
