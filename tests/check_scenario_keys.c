/* Tests of the key stage of the scenario loader (models/scenario_keys.c) through its internal
 * API read_top: every default written into the tree (the station model's documented defaults,
 * docs/scenarios.md), the name taken from the file, and the rules of opening hours. */
#include "tests/check_scenario_stage.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_LEN 4096

/* read_top on the tree of json, as the file path; returns the messages in msgs and the tree
 * printed (NULL when json is refused); *sc_out gets sc when wanted. */
static char *keys_of(const char *path, const char *json, char *msgs, struct cc_scenario **sc_out)
{
    cJSON *root = stage_tree(json);
    struct cc_scenario *sc = calloc(1, sizeof *sc);
    struct build b;
    memset(&b, 0, sizeof b);
    ck_assert(sc != NULL);
    struct ctx c = stage_ctx(path);
    read_top(root, sc, &b, &c);
    int errors = c.errors;
    stage_end(&c, msgs, TEXT_LEN);
    build_free(&b);
    char *s = errors == 0 ? stage_print(root) : NULL;
    cJSON_Delete(root);
    if (sc_out != NULL)
        *sc_out = sc;
    else
        cc_scenario_free(sc);
    return s;
}

/* The station model's defaults: 10 replications, 60-minute slots, 1000 h after 10 h of
 * warm-up, one agent, always open, exponential service (mean required) and no abandonment. */
START_TEST(read_top_writes_every_default_into_the_tree)
{
    char msgs[TEXT_LEN];
    struct cc_scenario *sc = NULL;
    char *s = keys_of("some/dir/mm1.json",
                      "{\"model\": \"station\", \"arrivals\": {\"calls_per_hour\": 10}, "
                      "\"station\": {\"aht_s\": 300}}",
                      msgs, &sc);
    ck_assert_str_eq(msgs, "");
    ck_assert_ptr_nonnull(s);
    cJSON *t = stage_tree(s);
    const char *run = cJSON_PrintUnformatted(cJSON_GetObjectItem(t, "run"));
    ck_assert_str_eq(run, "{\"reps\":10,\"jobs\":0,\"interval_min\":60,\"hours\":1000,"
                          "\"warmup_hours\":10}");
    cJSON_free((void *)run);
    const cJSON *st = cJSON_GetObjectItem(t, "station");
    ck_assert_str_eq(cJSON_GetObjectItem(st, "open")->valuestring, "always");
    ck_assert_double_eq(cJSON_GetObjectItem(st, "agents")->valuedouble, 1);
    ck_assert_str_eq(cJSON_GetObjectItem(st, "service_dist")->valuestring, "exponential");
    ck_assert_double_eq(cJSON_GetObjectItem(st, "patience_s")->valuedouble, 0);
    ck_assert_str_eq(cJSON_GetObjectItem(t, "name")->valuestring, "mm1");
    ck_assert_str_eq(sc->name, "mm1");
    ck_assert_int_eq(sc->reps, 10);
    ck_assert_double_eq(sc->interval_s, 3600);
    ck_assert_double_eq(sc->horizon_s, 1010 * 3600.0);
    cJSON_Delete(t);
    free(s);
    cc_scenario_free(sc);
}
END_TEST

/* Times are "HH:MM" up to 24:00 on the slot grid (30 minutes by default); a span ends after it
 * starts. Each problem names the exact item. */
START_TEST(opening_hours_follow_their_rules)
{
    char msgs[TEXT_LEN];
    char *s = keys_of("f.json",
                      "{\"prefectures\": {\"open\": {\"hours\": [[\"09:00\", \"08:60\"], "
                      "[\"09:10\", \"12:00\"], [\"12:00\", \"12:00\"], [\"23:30\", \"24:00\"], "
                      "[\"00:00\", \"24:30\"]]}}}",
                      msgs, NULL);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(msgs, "f.json: prefectures.open.hours[0][1]: expected \"HH:MM\" from 00:00 "
                           "to 24:00, got \"08:60\"\n"
                           "f.json: prefectures.open.hours[1][0]: must be a multiple of "
                           "interval_min (30 min), got 09:10\n"
                           "f.json: prefectures.open.hours[2][1]: must be after 12:00, got 12:00\n"
                           "f.json: prefectures.open.hours[4][1]: expected \"HH:MM\" from 00:00 "
                           "to 24:00, got \"24:30\"\n");
}
END_TEST

/* Staffing is one choice; shifts may not overlap, and must cover the open hours. */
START_TEST(staffing_is_one_choice_and_shifts_cover_the_hours)
{
    char msgs[TEXT_LEN];
    char *s = keys_of("f.json", "{\"level2\": {\"agents\": 3, \"etpt\": 13}}", msgs, NULL);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(msgs, "f.json: level2: expected only one of agents, agents_schedule, etpt, "
                           "got agents and etpt\n");
    s = keys_of("f.json",
                "{\"level2\": {\"agents_schedule\": [{\"from\": \"08:30\", \"to\": \"12:00\", "
                "\"agents\": 2}, {\"from\": \"11:30\", \"to\": \"18:00\", \"agents\": 3}]}}",
                msgs, NULL);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(msgs, "f.json: level2.agents_schedule[1]: overlaps "
                           "level2.agents_schedule[0]\n");
    s = keys_of("f.json",
                "{\"level2\": {\"agents_schedule\": [{\"from\": \"08:30\", \"to\": \"12:00\", "
                "\"agents\": 2}, {\"from\": \"13:00\", \"to\": \"18:00\", \"agents\": 3, "
                "\"days\": [\"mon\"]}]}}",
                msgs, NULL);
    ck_assert_ptr_null(s);
    ck_assert_str_eq(msgs, "f.json: level2.agents_schedule: does not cover open hours "
                           "12:00-13:00\n"
                           "f.json: level2.agents_schedule: does not cover open hours "
                           "13:00-18:00 on tue, wed, thu, fri\n");
}
END_TEST

Suite *scenario_keys_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_keys_suite(void)
{
    Suite *s = suite_create("scenario_keys");
    TCase *tc = tcase_create("keys");
    tcase_add_test(tc, read_top_writes_every_default_into_the_tree);
    tcase_add_test(tc, opening_hours_follow_their_rules);
    tcase_add_test(tc, staffing_is_one_choice_and_shifts_cover_the_hours);
    suite_add_tcase(s, tc);
    return s;
}
