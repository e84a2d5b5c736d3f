/* cc_trace: the window's bounds, the replication filter, call numbering, that tracing leaves
 * the results alone, and that a folder the trace cannot write is reported, not ignored.
 * (tests/smoke_trace.sh recomputes summary.csv from calls.csv through the command line.) */
#include "check_load.h"
#include "models/center.h"
#include "models/trace.h"
#include "sim/rng.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const small_json =
    "{\"name\": \"tr\", \"seed\": 5, \"run\": {\"days\": 2, \"reps\": 2, \"interval_min\": 30},"
    " \"prefectures\": {\"count\": 2, \"interconnected\": true, \"calls_per_day\": 300,"
    " \"general_share\": 0.3, \"agents\": 2, \"capacity\": 2},"
    " \"level1\": {\"direct_calls_per_day\": 400, \"agents\": 2, \"capacity\": 3,"
    " \"escalate\": {\"direct\": 0.3, \"prefecture\": 0.2}, \"interior_share\": 0.5},"
    " \"level2\": {\"etpt\": 2.385}, \"retrial\": {\"p\": 0.3, \"delay_s\": 120,"
    " \"max_attempts\": 3}}";

static char *tmp_dir(void)
{
    char *dir = strdup("/tmp/ccsim-trace-XXXXXX");
    ck_assert(dir != NULL && mkdtemp(dir) != NULL);
    return dir;
}

/* Reads dir/calls.csv into a malloc'ed string. */
static char *slurp(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/calls.csv", dir);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "no %s", path);
    ck_assert(fseek(f, 0, SEEK_END) == 0);
    const long n = ftell(f);
    ck_assert(n >= 0 && fseek(f, 0, SEEK_SET) == 0);
    char *s = malloc((size_t)n + 1);
    ck_assert(s != NULL && fread(s, 1, (size_t)n, f) == (size_t)n);
    s[n] = '\0';
    fclose(f);
    unlink(path);
    return s;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Field i (0-based) of the line at p, as a number. */
static double field(const char *p, int i)
{
    for (; i > 0; i--) {
        p = strchr(p, ',');
        ck_assert(p != NULL);
        p++;
    }
    return strtod(p, NULL);
}

START_TEST(window_keeps_from_and_drops_to)
{
    struct cc_scenario *sc = load_json(small_json);
    char *dir = tmp_dir();
    const struct cc_trace_opts o = {.from_s = 100, .to_s = 200, .rep = 0};
    cc_trace *t = cc_trace_alloc(dir, &o);
    ck_assert(t != NULL);
    cc_trace_rep *w = cc_trace_rep_open(t, sc, 0);
    ck_assert(w != NULL);
    const double arrivals[] = {99.999, 100, 150, 199.999, 200, 250};
    const int kept[] = {0, 1, 1, 1, 0, 0};
    for (uint32_t i = 0; i < 6; i++) {
        cc_trace_born(w, i);
        const struct cc_trace_visit v = {.slot = i,
                                         .cls = CC_CLASS_DIRECT,
                                         .source = 0,
                                         .station = 0,
                                         .attempt = 1,
                                         .arrival_s = arrivals[i],
                                         .end_s = arrivals[i],
                                         .outcome = CC_TRACE_BLOCKED};
        cc_trace_visit(w, &v);
    }
    cc_trace_rep_close(w);
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(cc_trace_finish(t, "calls.csv", 1, d), SIM_OK);
    char *s = slurp(dir);
    ck_assert_uint_eq(count_lines(s), 4); /* the header and three visits */
    const char *p = strchr(s, '\n') + 1;
    for (int i = 0; i < 6; i++) {
        if (!kept[i])
            continue;
        ck_assert_double_eq(field(p, 7), arrivals[i]);
        ck_assert_double_eq(field(p, 1), i + 1); /* call numbers follow births */
        p = strchr(p, '\n') + 1;
    }
    free(s);
    sim_diag_free(d);
    cc_trace_free(t);
    ck_assert_int_eq(rmdir(dir), 0); /* nothing left behind but calls.csv */
    free(dir);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(only_the_chosen_replication_is_written)
{
    struct cc_scenario *sc = load_json(small_json);
    char *dir = tmp_dir();
    const struct cc_trace_opts o = {.from_s = 0, .to_s = HUGE_VAL, .rep = 2};
    cc_trace *t = cc_trace_alloc(dir, &o);
    ck_assert(cc_trace_rep_open(t, sc, 0) == NULL);
    cc_trace_rep *w = cc_trace_rep_open(t, sc, 1);
    ck_assert(w != NULL);
    cc_trace_rep_close(w);
    cc_trace_free(t);
    ck_assert_int_eq(rmdir(dir), 0); /* free removed the replication's file */
    free(dir);
    cc_scenario_free(sc);
}
END_TEST

/* Runs every replication of sc with trace t (dir) and without; the results must not differ. */
static char *traced_run(struct cc_scenario *sc, const char *dir, const struct cc_trace_opts *o,
                        struct cc_rep **plain, struct cc_rep **traced, struct cc_layout **lay)
{
    cc_trace *t = cc_trace_alloc(dir, o);
    ck_assert(t != NULL);
    *lay = cc_layout_alloc(sc);
    for (int r = 0; r < sc->reps; r++) {
        plain[r] = cc_rep_alloc(*lay);
        traced[r] = cc_rep_alloc(*lay);
        sc->trace = NULL;
        ck_assert_int_eq(cc_center_run(sc, *lay, (unsigned)r, plain[r]), SIM_OK);
        sc->trace = t;
        ck_assert_int_eq(cc_center_run(sc, *lay, (unsigned)r, traced[r]), SIM_OK);
    }
    sc->trace = NULL;
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(cc_trace_finish(t, "calls.csv", sc->reps, d), SIM_OK);
    sim_diag_free(d);
    cc_trace_free(t);
    return slurp(dir);
}

START_TEST(tracing_changes_no_result_and_numbers_every_call_once)
{
    struct cc_scenario *sc = load_json(small_json);
    char *dir = tmp_dir();
    const struct cc_trace_opts o = {.from_s = 0, .to_s = HUGE_VAL, .rep = 0};
    struct cc_rep *plain[2], *traced[2];
    struct cc_layout *lay;
    char *s = traced_run(sc, dir, &o, plain, traced, &lay);
    for (int r = 0; r < 2; r++) {
        ck_assert_int_eq(memcmp(plain[r]->summary, traced[r]->summary,
                                lay->n_rows * CC_M_COUNT * sizeof(double)),
                         0);
        ck_assert_uint_eq(plain[r]->calls, traced[r]->calls);
    }
    /* Per replication: call numbers 1..calls, each call's first visit no earlier than the
     * first visit of the call numbered before it (numbers follow births). */
    for (int r = 0; r < 2; r++) {
        const size_t n = traced[r]->calls;
        double *first = malloc(n * sizeof *first);
        ck_assert(first != NULL);
        for (size_t i = 0; i < n; i++)
            first[i] = HUGE_VAL;
        for (const char *p = strchr(s, '\n') + 1; *p; p = strchr(p, '\n') + 1) {
            if ((int)field(p, 0) != r + 1)
                continue;
            const double call = field(p, 1), arr = field(p, 7);
            ck_assert(call >= 1 && call <= (double)n);
            if (arr < first[(size_t)call - 1])
                first[(size_t)call - 1] = arr;
        }
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(first[i] < HUGE_VAL, "call %zu of replication %d has no row", i + 1,
                          r + 1);
            if (i > 0)
                ck_assert(first[i] >= first[i - 1]);
        }
        free(first);
    }
    for (int r = 0; r < 2; r++) {
        cc_rep_free(plain[r]);
        cc_rep_free(traced[r]);
    }
    cc_layout_free(lay);
    free(s);
    ck_assert_int_eq(rmdir(dir), 0);
    free(dir);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(a_folder_that_cannot_be_written_is_reported)
{
    struct cc_scenario *sc = load_json(small_json);
    char *dir = tmp_dir();
    char gone[300];
    snprintf(gone, sizeof gone, "%s/missing", dir);
    const struct cc_trace_opts o = {.from_s = 0, .to_s = HUGE_VAL, .rep = 0};
    cc_trace *t = cc_trace_alloc(gone, &o);
    struct cc_layout *lay = cc_layout_alloc(sc);
    struct cc_rep *rep = cc_rep_alloc(lay);
    sc->trace = t;
    /* The replication itself still runs to the end: its results are sound. */
    ck_assert_int_eq(cc_center_run(sc, lay, 0, rep), SIM_OK);
    sc->trace = NULL;
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(cc_trace_finish(t, "calls.csv", 1, d), SIM_EIO);
    ck_assert_uint_eq(sim_diag_count(d), 1);
    char want[400];
    snprintf(want, sizeof want, "%s/.calls.rep-000001: No such file or directory", gone);
    ck_assert_str_eq(sim_diag_line(d, 0), want);
    sim_diag_free(d);
    cc_trace_free(t);
    cc_rep_free(rep);
    cc_layout_free(lay);
    ck_assert_int_eq(rmdir(dir), 0);
    free(dir);
    cc_scenario_free(sc);
}
END_TEST

/* Replication r draws from the streams (seed, r, name): the first caller of each replication of
 * an always-open station arrives after one Exp(1) draw of stream "gap/arrivals" divided by the
 * rate, computed here from sim/rng.h, not by the model. A model that seeded its streams with
 * another replication index or name (common random numbers and published seeds would silently
 * change) fails. */
START_TEST(each_replication_draws_from_its_own_named_streams)
{
    struct cc_scenario *sc = load_json(
        "{\"model\": \"station\", \"seed\": 20240601, \"run\": {\"reps\": 3, \"hours\": 1,"
        " \"warmup_hours\": 0}, \"arrivals\": {\"calls_per_hour\": 360},"
        " \"station\": {\"agents\": 2, \"aht_s\": 60}}");
    char *dir = tmp_dir();
    const struct cc_trace_opts o = {.from_s = 0, .to_s = HUGE_VAL, .rep = 0};
    struct cc_rep *plain[3], *traced[3];
    struct cc_layout *lay;
    char *s = traced_run(sc, dir, &o, plain, traced, &lay);
    for (int r = 0; r < 3; r++) {
        gsl_rng *g = sim_rng_stream_alloc(sc->seed, (uint64_t)r, sim_rng_stream_id("gap/arrivals"));
        const double want = sim_rng_exponential(g, 1.0) / (360.0 / 3600.0);
        gsl_rng_free(g);
        double got = NAN;
        for (const char *p = strchr(s, '\n') + 1; *p; p = strchr(p, '\n') + 1)
            if ((int)field(p, 0) == r + 1 && field(p, 1) == 1)
                got = field(p, 7);
        ck_assert_msg(fabs(got - want) <= 1e-9 * want,
                      "replication %d: first arrival %.10g, want %.10g", r + 1, got, want);
        cc_rep_free(plain[r]);
        cc_rep_free(traced[r]);
    }
    cc_layout_free(lay);
    free(s);
    ck_assert_int_eq(rmdir(dir), 0);
    free(dir);
    cc_scenario_free(sc);
}
END_TEST

Suite *trace_suite(void); /* called by check_main.c through suites.h */
Suite *trace_suite(void)
{
    Suite *s = suite_create("trace");
    TCase *tc = tcase_create("fast");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, window_keeps_from_and_drops_to);
    tcase_add_test(tc, only_the_chosen_replication_is_written);
    tcase_add_test(tc, tracing_changes_no_result_and_numbers_every_call_once);
    tcase_add_test(tc, each_replication_draws_from_its_own_named_streams);
    tcase_add_test(tc, a_folder_that_cannot_be_written_is_reported);
    suite_add_tcase(s, tc);
    return s;
}
