/* Tests of the checking toolkit of the scenario loader (models/scenario_check.c) through its
 * internal API: the wording of each range rule at its boundary, which source a message names
 * (the file, or the --set that wrote the value), unknown and duplicate keys, quoting of user
 * text, and defaults written into the tree. Expected texts follow the message forms of
 * docs/style.md ("FILE: json.path: rule broken", "expected X, got Y"). */
#include "tests/check_scenario_stage.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_LEN 4096

/* The message check_number gives for the JSON value json under range r and flags ("" when it
 * accepts it; *out is then the value). */
static void number_msg(const char *json, struct range r, unsigned flags, char *msgs, double *out)
{
    cJSON *v = stage_tree(json);
    struct ctx c = stage_ctx("f.json");
    bool ok = check_number(v, "x", r, flags, out, &c);
    ck_assert(ok == (sim_diag_count(c.d) == 0));
    stage_end(&c, msgs, TEXT_LEN);
    cJSON_Delete(v);
}

START_TEST(check_number_words_each_rule_at_its_boundary)
{
    static const struct {
        const char *json;
        struct range r;
        unsigned flags;
        const char *msg;
    } cases[] = {
        {"0", {0, HUGE_VAL, true, false}, 0, "f.json: x: must be > 0, got 0\n"},
        {"-1", {0, HUGE_VAL, false, false}, 0, "f.json: x: must be >= 0, got -1\n"},
        {"11", {1, 10, false, false}, 0, "f.json: x: must be in [1, 10], got 11\n"},
        {"1", {0, 1, false, true}, 0, "f.json: x: must be in [0, 1), got 1\n"},
        {"1.5", {0, HUGE_VAL, false, false}, F_INT, "f.json: x: must be an integer, got 1.5\n"},
        {"\"3\"", {0, HUGE_VAL, false, false}, 0, "f.json: x: expected number, got string\n"},
        {"true", {0, HUGE_VAL, false, false}, F_INT, "f.json: x: expected integer, got boolean\n"},
        {"1e-7",
         {0, HUGE_VAL, false, false},
         F_DUR,
         "f.json: x: must be 0 or >= 1e-06, got 1e-07\n"},
        {"1e-7", {0, HUGE_VAL, true, false}, F_DUR, "f.json: x: must be >= 1e-06, got 1e-07\n"},
        {"2e7",
         {0, HUGE_VAL, false, false},
         F_CALLS,
         "f.json: x: must be <= 10000000, got 20000000\n"},
        {"2e9",
         {0, HUGE_VAL, false, false},
         F_INT,
         "f.json: x: must be <= 1000000000, got 2000000000\n"},
    };
    char msgs[TEXT_LEN];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double out = -42;
        number_msg(cases[i].json, cases[i].r, cases[i].flags, msgs, &out);
        ck_assert_msg(strcmp(msgs, cases[i].msg) == 0, "%s: got '%s', expected '%s'", cases[i].json,
                      msgs, cases[i].msg);
        ck_assert(out == -42); /* a refused value leaves the default */
    }
    /* The limits themselves are accepted. */
    const char *ok[] = {"0", "1e-300", "1e-6", "1e7"};
    const struct range r[] = {at_least(0), above(0), at_least(0), at_least(0)};
    const unsigned f[] = {F_DUR, 0, F_DUR, F_CALLS};
    for (size_t i = 0; i < 4; i++) {
        double out = -42;
        number_msg(ok[i], r[i], f[i], msgs, &out);
        ck_assert_msg(msgs[0] == '\0', "%s refused: %s", ok[i], msgs);
        ck_assert(out == strtod(ok[i], NULL));
    }
}
END_TEST

/* A value a --set wrote (or one under a path it wrote) is that --set's problem, not the
 * file's; "level1" does not cover "level1x". */
START_TEST(report_names_the_set_that_wrote_the_value)
{
    const char *sets[2] = {"level1={\"aht_s\": -1}", "seed=x"};
    char paths[2][PATH_LEN] = {"level1", "seed"}, msgs[TEXT_LEN];
    struct ctx c = stage_ctx("f.json");
    c.sets = sets;
    c.set_paths = paths;
    c.n_sets = 2;
    report(&c, "level1.aht_s", "must be > 0, got %d", -1);
    report(&c, "level1x", "unknown");
    report(&c, "seed", "expected integer, got string");
    report(&c, "", "top");
    ck_assert_int_eq(c.errors, 4);
    stage_end(&c, msgs, sizeof msgs);
    ck_assert_str_eq(msgs, "--set 'level1={\"aht_s\": -1}': level1.aht_s: must be > 0, got -1\n"
                           "f.json: level1x: unknown\n"
                           "--set 'seed=x': seed: expected integer, got string\n"
                           "f.json: top\n");
}
END_TEST

START_TEST(check_keys_suggests_a_close_key)
{
    static const char *const allowed[] = {"agents", "etpt", "aht_s", NULL};
    cJSON *o = stage_tree("{\"agents\": 1, \"agnets\": 1, \"zzz\": 2, \"aht\": 3}");
    char msgs[TEXT_LEN];
    struct ctx c = stage_ctx("f.json");
    check_keys(o, "level1", allowed, &c);
    stage_end(&c, msgs, sizeof msgs);
    ck_assert_str_eq(msgs, "f.json: level1: unknown key 'agnets' (did you mean 'agents'?)\n"
                           "f.json: level1: unknown key 'zzz'\n"
                           "f.json: level1: unknown key 'aht' (did you mean 'aht_s'?)\n");
    cJSON_Delete(o);
}
END_TEST

/* cJSON keeps both copies of a repeated key: each is named where it repeats. */
START_TEST(check_duplicates_names_each_repeated_key)
{
    cJSON *o = stage_tree("{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}, \"l\": [{\"d\": 1, \"d\": 1}], "
                          "\"a\": 3}");
    char msgs[TEXT_LEN];
    struct ctx c = stage_ctx("f.json");
    check_duplicates(o, "", "g.json", &c);
    stage_end(&c, msgs, sizeof msgs);
    ck_assert_str_eq(msgs, "g.json: b: duplicate key 'c'\n"
                           "g.json: l[0]: duplicate key 'd'\n"
                           "g.json: duplicate key 'a'\n");
    cJSON_Delete(o);
}
END_TEST

/* At most ECHO_MAX characters of user text, then "..."; control bytes and invalid UTF-8 as
 * \xNN; valid UTF-8 kept (one character each). */
START_TEST(echo_quotes_user_text_safely)
{
    char long_key[ECHO_MAX + 8], want[ECHO_MAX + 8];
    memset(long_key, 'x', ECHO_MAX + 1);
    long_key[ECHO_MAX + 1] = '\0';
    memset(want, 'x', ECHO_MAX);
    strcpy(want + ECHO_MAX, "...");
    ck_assert_str_eq(echo(long_key).s, want);
    long_key[ECHO_MAX] = '\0';
    ck_assert_str_eq(echo(long_key).s, long_key);
    ck_assert_str_eq(echo("a\x1b[31mb\x7f").s, "a\\x1B[31mb\\x7F");
    ck_assert_str_eq(echo("\xc3\xa9t\xc3\xa9").s, "\xc3\xa9t\xc3\xa9");
    ck_assert_str_eq(echo("\xc3(").s, "\\xC3(");
}
END_TEST

/* A missing key gets its default written in (resolved_json shows every value used); a
 * required one is reported. */
START_TEST(getters_write_defaults_and_word_choices)
{
    static const char *const modes[] = {"ivr", "after_answer", "both", NULL};
    cJSON *o = stage_tree("{\"mode\": \"x\"}");
    char msgs[TEXT_LEN];
    struct ctx c = stage_ctx("f.json");
    double reps = 10, need = 1;
    int mode = 0;
    ck_assert(get_number(o, "reps", "run", at_least(1), 0, &reps, &c));
    ck_assert(!get_number(o, "p", "run", at_least(1), F_REQ, &need, &c));
    ck_assert(!get_choice(o, "mode", "run", modes, &mode, &c));
    ck_assert(reps == 10 && need == 1 && mode == 0);
    stage_end(&c, msgs, sizeof msgs);
    ck_assert_str_eq(msgs, "f.json: run.p: missing required key\n"
                           "f.json: run.mode: expected \"ivr\", \"after_answer\" or \"both\", "
                           "got \"x\"\n");
    char *s = stage_print(o);
    ck_assert_str_eq(s, "{\"mode\":\"x\",\"reps\":10}");
    free(s);
    cJSON_Delete(o);
}
END_TEST

Suite *scenario_check_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_check_suite(void)
{
    Suite *s = suite_create("scenario_check");
    TCase *tc = tcase_create("check");
    tcase_add_test(tc, check_number_words_each_rule_at_its_boundary);
    tcase_add_test(tc, report_names_the_set_that_wrote_the_value);
    tcase_add_test(tc, check_keys_suggests_a_close_key);
    tcase_add_test(tc, check_duplicates_names_each_repeated_key);
    tcase_add_test(tc, echo_quotes_user_text_safely);
    tcase_add_test(tc, getters_write_defaults_and_word_choices);
    suite_add_tcase(s, tc);
    return s;
}
