/* Tests of cc_scenario_load_text, the loader entry point behind `ccsim CMD -` (a scenario on
 * standard input): the bytes give the same scenario as the file holding them, under the name
 * given, with the hash of the bytes (computed here apart with SHA256Data), the file rules (size
 * limit, NUL) and extends from the current folder; the uncertain-range checks reload the same
 * bytes rather than a file of that name. Run from the repository root, like check_scenario. */
#include "models/scenario.h"

#include <check.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MMCM "scenarios/validation/mmcm.json"

/* The whole file in a malloc'd buffer (no NUL added: the loader takes a length). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* The first diag line of loading text, which must fail. */
static void load_text_bad(const char *text, size_t len, char *line, size_t n)
{
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load_text("<stdin>", text, len, NULL, 0, d);
    ck_assert_ptr_null(sc);
    ck_assert_uint_gt(sim_diag_count(d), 0);
    snprintf(line, n, "%s", sim_diag_line(d, 0));
    sim_diag_free(d);
}

START_TEST(text_gives_the_file_scenario_under_its_name_and_hash)
{
    size_t len;
    char *bytes = slurp(MMCM, &len);
    /* Bytes past len are not the scenario's: garbage there must be ignored. */
    memcpy(bytes + len, "}}garbage", 9);
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *file = cc_scenario_load(MMCM, NULL, 0, d);
    struct cc_scenario *text = cc_scenario_load_text("<stdin>", bytes, len, NULL, 0, d);
    ck_assert_uint_eq(sim_diag_count(d), 0);
    ck_assert_ptr_nonnull(file);
    ck_assert_ptr_nonnull(text);
    ck_assert_str_eq(text->resolved_json, file->resolved_json);
    ck_assert_str_eq(text->path, "<stdin>");
    ck_assert_uint_eq(text->n_inputs, 1);
    ck_assert_str_eq(text->inputs[0].path, "<stdin>");
    char want[SHA256_DIGEST_STRING_LENGTH];
    SHA256Data((const uint8_t *)bytes, len, want);
    ck_assert_str_eq(text->sha256, want);
    ck_assert_str_eq(text->inputs[0].sha256, want);
    cc_scenario_free(file);
    cc_scenario_free(text);
    sim_diag_free(d);
    free(bytes);
}
END_TEST

START_TEST(text_extends_from_the_current_folder)
{
    static const char child[] = "{\"extends\": \"" MMCM "\", \"name\": \"child\"}";
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load_text("<stdin>", child, strlen(child), NULL, 0, d);
    ck_assert_msg(sc != NULL, "%s", sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    ck_assert_str_eq(sc->name, "child");
    ck_assert_uint_eq(sc->n_inputs, 2);
    ck_assert_str_eq(sc->inputs[1].path, MMCM);
    cc_scenario_free(sc);
    sim_diag_free(d);
}
END_TEST

START_TEST(text_follows_the_file_rules)
{
    char line[512];
    static const char nul[] = "{\"name\": \"a\"}\0{}";
    load_text_bad(nul, sizeof nul - 1, line, sizeof line);
    ck_assert_str_eq(line, "<stdin>:1:14: NUL byte in JSON text");
    /* One byte over the limit, whatever the bytes: refused before any parse. */
    char *big = calloc(CC_SCENARIO_MAX_BYTES + 1, 1);
    ck_assert_ptr_nonnull(big);
    load_text_bad(big, CC_SCENARIO_MAX_BYTES + 1, line, sizeof line);
    ck_assert_str_eq(line, "<stdin>: file is larger than 16 MiB");
    free(big);
    static const char missing[] = "{\"extends\": \"no/such.json\"}";
    load_text_bad(missing, sizeof missing - 1, line, sizeof line);
    ck_assert_str_eq(line,
                     "<stdin>: extends: cannot read 'no/such.json': No such file or directory");
}
END_TEST

/* An uncertain range is checked by loading the scenario again at its ends: the text, not a
 * file named <stdin> (which would fail every range with "No such file or directory"). */
#define UNC(low)                                                                                   \
    "{\"extends\": \"" MMCM "\", \"name\": \"u\", \"uncertain\": {\"station.aht_s\": "             \
    "{\"dist\": \"uniform\", \"low\": " low ", \"high\": 280, \"source\": \"test\"}}}"

START_TEST(text_uncertain_ranges_reload_the_text)
{
    static const char good[] = UNC("200"), bad[] = UNC("-5");
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load_text("<stdin>", good, sizeof good - 1, NULL, 0, d);
    ck_assert_msg(sc != NULL, "%s", sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    ck_assert_uint_eq(sc->n_uncertain, 1);
    cc_scenario_free(sc);
    sim_diag_free(d);
    /* aht_s must be > 0 (a duration): the low end breaks it. */
    char line[512];
    load_text_bad(bad, sizeof bad - 1, line, sizeof line);
    ck_assert_str_eq(line, "<stdin>: uncertain.station.aht_s.low: must be > 0, got -5");
}
END_TEST

Suite *scenario_text_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_text_suite(void)
{
    Suite *s = suite_create("scenario_text");
    TCase *tc = tcase_create("text");
    tcase_add_test(tc, text_gives_the_file_scenario_under_its_name_and_hash);
    tcase_add_test(tc, text_extends_from_the_current_folder);
    tcase_add_test(tc, text_follows_the_file_rules);
    tcase_add_test(tc, text_uncertain_ranges_reload_the_text);
    suite_add_tcase(s, tc);
    return s;
}
