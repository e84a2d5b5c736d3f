/* fuzz_scenario: libFuzzer harness for cc_scenario_load, the parser of untrusted scenario files.
 * Each input is written to a temporary file and loaded; its first line, when it holds an '=',
 * is also applied as a --set (so "run.days=3\n{...}" fuzzes both). A load must either fail with
 * at least one diag line or return a scenario whose resolved arrays are sane: finite,
 * non-negative rates and agents (a NaN or negative number here is a silently wrong result).
 * "extends" resolves against the temporary directory, so parents are missing: a clean error.
 * Not built by `make`. Build and run from the repository root (one job; corpus kept in /tmp):
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -std=c11 \
 *     -D_POSIX_C_SOURCE=200809L -I. bench/fuzz_scenario.c sim/[a-z]*.c models/[a-z]*.c \
 *     $(pkg-config --cflags --libs gsl libcjson libmd) -lm -o /tmp/fuzz_scenario
 *   mkdir -p /tmp/fuzz_corpus && cp scenarios/[a-z]*.json scenarios/validation/mmcm.json \
 *     tests/data/good/[a-z]*.json tests/data/bad/[a-z]*.json /tmp/fuzz_corpus/
 *   /tmp/fuzz_scenario -dict=bench/fuzz_scenario.dict -max_len=8192 -timeout=10 \
 *     -rss_limit_mb=2048 -max_total_time=1200 /tmp/fuzz_corpus
 * A crash leaves crash-<sha1> in the working directory: rerun it with /tmp/fuzz_scenario FILE. */
#include "models/scenario.h"
#include "sim/diag.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

    char path[] = "/tmp/fuzz_scenario_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size) {
        if (f != NULL)
            fclose(f);
        unlink(path);
        return 0;
    }
    fclose(f);

    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(path, sets, n_sets, d);
    if (sc != NULL) {
        if (sim_diag_count(d) != 0)
            abort();
        check_result(sc);
    } else if (d != NULL && sim_diag_count(d) == 0) {
        abort(); /* refused without a message */
    }
    cc_scenario_free(sc);
    sim_diag_free(d);
    unlink(path);
    return 0;
}
