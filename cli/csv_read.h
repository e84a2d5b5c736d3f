/* cli_csv_read: the files a run wrote, read back for `ccsim plot` and `ccsim report`, which work
 * from the output contract of docs/model.md s.7, never from the simulation: a whole CSV file in
 * memory, and the top-level fields of manifest.json found by plain string search (cJSON stays
 * in models/: the scenario files, whose keys models/scenario_keys.c lists, and the reports; the
 * manifest's own fields come before its "scenario" object).
 * RFC 4180: the first record is the header, fields may be quoted ("" for a quote, commas and
 * line breaks inside quotes), CRLF or LF line ends, blank lines skipped. Every record must have
 * as many fields as the header. Cells are borrowed strings that live as long as the table. */
#ifndef CLI_CSV_READ_H
#define CLI_CSV_READ_H

#include "sim/diag.h"

#include <stddef.h>

typedef struct cli_csv_table cli_csv_table;

/* Reads path. On failure adds "path: strerror", "path:LINE: expected ..., got ..." or, for a
 * cell with a control character or bytes that are not UTF-8, "path:LINE: column NAME: expected
 * ..., got byte 0xNN" to d and returns NULL (docs/security.md). */
cli_csv_table *cli_csv_read_load(const char *path, sim_diag *d);
void cli_csv_read_free(cli_csv_table *t); /* NULL is a no-op */

size_t cli_csv_read_rows(const cli_csv_table *t); /* data records, header excluded */
size_t cli_csv_read_cols(const cli_csv_table *t);
const char *cli_csv_read_path(const cli_csv_table *t);

/* Name of header column col (< cols). */
const char *cli_csv_read_name(const cli_csv_table *t, int col);
/* 0-based index of the named header column, or -1. */
int cli_csv_read_col(const cli_csv_table *t, const char *name);
/* Adds "path: expected column 'NAME' in the header" for each missing name of the
 * NULL-terminated list; returns 0 when all are present, -1 otherwise. */
int cli_csv_read_require(const cli_csv_table *t, const char *const *names, sim_diag *d);

/* Cell text; "" when col < 0 (a missing optional column). row < rows, col < cols. */
const char *cli_csv_read_cell(const cli_csv_table *t, size_t row, int col);
/* Cell as a number: NAN when empty, "nan", or not a number. */
double cli_csv_read_num(const cli_csv_table *t, size_t row, int col);

/* True for metrics that are shares in [0, 1] (rates, service levels, occupancy, journey
 * shares), which plots and tables show in %. */
int cli_csv_read_is_share(const char *metric);

/* Reads a whole file as a NUL-terminated string (*len bytes before the NUL). On failure adds
 * "path: strerror" to d and returns NULL. */
char *cli_csv_read_file(const char *path, size_t *len, sim_diag *d);

/* The value of the first "key": in DIR/manifest.json, as a new string (a JSON string is
 * unescaped; a number or literal is copied as written); NULL when the file or key is missing. */
char *cli_csv_read_manifest(const char *dir, const char *key);

/* A reader's label for an outcome of journeys.csv ("closed_l1" -> "closed at level 1"), or
 * NULL for a name it does not know. */
const char *cli_outcome_label(const char *outcome);

#endif
