/* fuzz_csv: libFuzzer harness for cli/csv_read.[ch], the reader behind `ccsim plot` and
 * `ccsim report`, which reads back folders that anybody may have edited by hand. Each input is
 * written to manifest.json in a private temporary directory, and that one file is read three
 * ways: whole (cli_csv_read_file), as a CSV table (cli_csv_read_load, then every accessor on
 * every cell), and as the manifest of the directory (cli_csv_read_manifest, the plain string
 * search for top-level keys). Besides the sanitizers' checks it asserts what the header promises:
 * the file comes back byte for byte, a refused table names the file in at least one diag line, a
 * loaded one has rectangular cells that are never NULL, a header name finds its own first column,
 * and cli_csv_read_require agrees with cli_csv_read_col.
 * Built and run by `make fuzz` / `make fuzz-smoke` (tests/fuzz/run.sh); by hand:
 *   build-fuzz/fuzz_csv -dict=tests/fuzz/fuzz_csv.dict -timeout=5 -close_fd_mask=3 \
 *     NEW_CORPUS_DIR tests/fuzz/corpus/fuzz_csv */
#include "cli/csv_read.h"
#include "sim/diag.h"
#include "tests/fuzz/fuzz_util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char path[sizeof dir + 16];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_mkdtemp(dir, sizeof dir, "fuzz_csv");
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    atexit(cleanup);
    return 0;
}

/* The columns plot and report look for, a missing one among them. */
static const char *const wanted[] = {
    "station",        "metric",  "mean",  "ci_low",         "ci_high", "x",
    "interval_start", "outcome", "share", "no_such_column", NULL};

static void check_table(const cli_csv_table *t)
{
    const size_t rows = cli_csv_read_rows(t), cols = cli_csv_read_cols(t);
    if (cols == 0 || strcmp(cli_csv_read_path(t), path) != 0)
        abort();
    for (size_t c = 0; c < cols; c++) {
        const char *name = cli_csv_read_name(t, (int)c);
        const int found = name ? cli_csv_read_col(t, name) : -1;
        /* The first column of that name: this one or an earlier duplicate. */
        if (found < 0 || (size_t)found > c || strcmp(cli_csv_read_name(t, found), name) != 0)
            abort();
    }
    int all = 1;
    for (size_t k = 0; wanted[k]; k++) {
        const int col = cli_csv_read_col(t, wanted[k]);
        if (col < -1 || col >= (int)cols)
            abort();
        all &= col >= 0;
    }
    sim_diag *d = sim_diag_alloc();
    const int req = cli_csv_read_require(t, wanted, d);
    if ((req == 0) != (all != 0) || (req != 0 && d && sim_diag_count(d) == 0))
        abort();
    sim_diag_free(d);
    for (size_t r = 0; r < rows; r++) {
        const char *none = cli_csv_read_cell(t, r, -1);
        if (!none || *none != '\0' || !isnan(cli_csv_read_num(t, r, -1)))
            abort();
        for (size_t c = 0; c < cols; c++) {
            const char *cell = cli_csv_read_cell(t, r, (int)c);
            if (!cell)
                abort();
            const double x = cli_csv_read_num(t, r, (int)c);
            if (*cell == '\0' && !isnan(x))
                abort();
            (void)cli_csv_read_is_share(cell);
            (void)cli_outcome_label(cell);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (fwrite(data, 1, size, f) != size)
        abort();
    if (fclose(f) != 0)
        abort();

    sim_diag *d = sim_diag_alloc();
    if (!d)
        return 0;
    size_t len = 0;
    char *text = cli_csv_read_file(path, &len, d);
    if (!text || len != size || memcmp(text, data, size) != 0 || text[len] != '\0')
        abort();
    free(text);

    cli_csv_table *t = cli_csv_read_load(path, d);
    if (t) {
        if (sim_diag_count(d) != 0)
            abort();
        check_table(t);
    } else if (sim_diag_count(d) == 0 || strncmp(sim_diag_line(d, 0), path, strlen(path)) != 0) {
        abort(); /* refused without naming the file */
    }
    cli_csv_read_free(t);
    sim_diag_free(d);

    static const char *const keys[] = {"ccsim_version", "command_line", ""};
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
        free(cli_csv_read_manifest(dir, keys[k]));
    return 0;
}
