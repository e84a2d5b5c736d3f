/* fuzz_scenario: libFuzzer harness for cc_scenario_load, the parser of untrusted scenario files.
 * Each input is written to input.json in a private temporary directory and loaded; its first
 * line, when it holds an '=', is also applied as a --set (so "run.days=3\n{...}" fuzzes both).
 * A load must either fail with at least one diag line or return a scenario whose resolved arrays
 * are sane: finite, non-negative rates and agents (a NaN or negative number here is a silently
 * wrong result). The directory holds links to the shipped scenarios (FUZZ_SCENARIOS, set by the
 * Makefile), so "extends": "base-3939.json" resolves as it does in scenarios/.
 * Built and run by `make fuzz` / `make fuzz-smoke` (tests/fuzz/run.sh); by hand:
 *   build-fuzz/fuzz_scenario -dict=tests/fuzz/fuzz_scenario.dict -max_len=8192 -timeout=5 \
 *     -close_fd_mask=3 NEW_CORPUS_DIR tests/fuzz/corpus/fuzz_scenario
 * A crash leaves crash-<sha1> in the working directory: rerun it with build-fuzz/fuzz_scenario
 * FILE. */
#include "models/scenario.h"
#include "sim/diag.h"
#include "tests/fuzz/fuzz_util.h"

#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];
static char input[sizeof dir + 16];

/* Removes the links and the input at exit (a crash leaves the directory for inspection). */
static void cleanup(void)
{
    DIR *dp = opendir(dir);
    for (struct dirent *e; dp && (e = readdir(dp)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char path[sizeof dir + 256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (dp)
        closedir(dp);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_mkdtemp(dir, sizeof dir, "fuzz_scenario");
    atexit(cleanup);
    snprintf(input, sizeof input, "%s/input.json", dir);
#ifdef FUZZ_SCENARIOS
    DIR *dp = opendir(FUZZ_SCENARIOS);
    for (struct dirent *e; dp && (e = readdir(dp)) != NULL;) {
        const size_t n = strlen(e->d_name);
        if (e->d_name[0] == '.' || n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char from[4096], to[sizeof dir + 256];
        snprintf(from, sizeof from, "%s/%s", FUZZ_SCENARIOS, e->d_name);
        snprintf(to, sizeof to, "%s/%s", dir, e->d_name);
        if (symlink(from, to) != 0)
            abort();
    }
    if (dp)
        closedir(dp);
#endif
    return 0;
}

static void check_result(const struct cc_scenario *sc)
{
    size_t w = CC_DAYS_PER_WEEK * (size_t)sc->slots_per_day;
    if (sc->slots_per_day <= 0 || !(sc->interval_s > 0) || !isfinite(sc->horizon_s))
        abort();
    for (size_t i = 0; i < sc->n_stations; i++) {
        const struct cc_station *st = &sc->stations[i];
        if (!isfinite(st->etpt) || st->etpt < 0 || !(st->service.mean_s > 0) ||
            !isfinite(st->service.mean_s) || !isfinite(st->patience.mean_s))
            abort();
        for (size_t k = 0; k < w; k++)
            if (st->agents[k] < 0 || (!st->open[k] && st->agents[k] != 0))
                abort();
    }
    for (size_t j = 0; j < sc->n_sources; j++)
        for (size_t k = 0; k < w; k++)
            if (!isfinite(sc->sources[j].rate[k]) || sc->sources[j].rate[k] < 0)
                abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A first line "path=value" (no '{') is a --set; the file is the rest. */
    char set[256] = "";
    size_t n_sets = 0;
    const uint8_t *nl = memchr(data, '\n', size < sizeof set ? size : sizeof set);
    if (nl != NULL && memchr(data, '=', (size_t)(nl - data)) != NULL &&
        memchr(data, '{', (size_t)(nl - data)) == NULL &&
        memchr(data, 0, (size_t)(nl - data)) == NULL) {
        memcpy(set, data, (size_t)(nl - data));
        n_sets = 1;
        size -= (size_t)(nl + 1 - data);
        data = nl + 1;
    }
    const char *sets[] = {set};

    FILE *f = fopen(input, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size) {
        if (f != NULL)
            fclose(f);
        return 0;
    }
    fclose(f);

    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(input, sets, n_sets, d);
    if (sc != NULL) {
        if (sim_diag_count(d) != 0)
            abort();
        check_result(sc);
    } else if (d != NULL && sim_diag_count(d) == 0) {
        abort(); /* refused without a message */
    }
    cc_scenario_free(sc);
    sim_diag_free(d);
    return 0;
}
