/* Tests of the --set stage of the scenario loader (models/scenario_set.c) through its internal
 * API: the path syntax and its limits, where a value goes and what it replaces, and that a
 * --set that fails leaves the tree as it was. */
#include "tests/check_scenario_stage.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_LEN 4096

/* Applies one --set to the tree of json; returns the tree printed, *msgs the diag lines, and
 * *where the path the set recorded (empty when it failed). */
static char *set_one(const char *json, const char *set, char *msgs, char *where)
{
    cJSON *root = stage_tree(json);
    const char *sets[1] = {set};
    char paths[1][PATH_LEN] = {""};
    struct ctx c = stage_ctx("f.json");
    c.sets = sets;
    c.set_paths = paths;
    c.n_sets = 1;
    apply_set(root, 0, &c);
    stage_end(&c, msgs, TEXT_LEN);
    strcpy(where, paths[0]);
    char *s = stage_print(root);
    cJSON_Delete(root);
    return s;
}

START_TEST(tokenize_splits_names_and_indexes)
{
    struct token t[MAX_TOKENS];
    const char *bad = NULL, *p = "a.b[2][10].c";
    ck_assert_int_eq(tokenize(p, strlen(p), t, &bad), 5);
    ck_assert(!t[0].is_index && strcmp(t[0].name, "a") == 0);
    ck_assert(!t[1].is_index && strcmp(t[1].name, "b") == 0);
    ck_assert(t[2].is_index && t[2].at == 2);
    ck_assert(t[3].is_index && t[3].at == 10);
    ck_assert(!t[4].is_index && strcmp(t[4].name, "c") == 0);
    /* The length bounds the path: "a.b" of "a.b=1". */
    ck_assert_int_eq(tokenize("a.b=1", 3, t, &bad), 2);
}
END_TEST

START_TEST(tokenize_refuses_bad_paths_at_their_limits)
{
    struct token t[MAX_TOKENS];
    const char *bad = NULL;
    const char *syntax[] = {"a..b", ".a", "a.", "a[x]", "a[]", "a[1", "a]", "a[1]b"};
    for (size_t i = 0; i < sizeof syntax / sizeof *syntax; i++)
        ck_assert_msg(tokenize(syntax[i], strlen(syntax[i]), t, &bad) == TOK_SYNTAX, "%s",
                      syntax[i]);
    ck_assert_int_eq(tokenize("a[999999]", 9, t, &bad), 2);
    ck_assert_int_eq(tokenize("a[1000000]", 10, t, &bad), TOK_BIG_INDEX);
    char key[NAME_LEN + 8];
    memset(key, 'k', NAME_LEN - 1); /* the longest key that fits */
    strcpy(key + NAME_LEN - 1, ".x");
    ck_assert_int_eq(tokenize(key, strlen(key), t, &bad), 2);
    memcpy(key, "x.", 2); /* "x." then a key one character longer */
    memset(key + 2, 'k', NAME_LEN);
    key[NAME_LEN + 2] = '\0';
    ck_assert_int_eq(tokenize(key, strlen(key), t, &bad), TOK_LONG_KEY);
    ck_assert_ptr_eq(bad, key + 2);
    char deep[2 * MAX_TOKENS + 4] = "a";
    for (int i = 1; i < MAX_TOKENS; i++)
        strcat(deep, ".a");
    ck_assert_int_eq(tokenize(deep, strlen(deep), t, &bad), MAX_TOKENS);
    strcat(deep, ".a");
    ck_assert_int_eq(tokenize(deep, strlen(deep), t, &bad), TOK_DEEP);
}
END_TEST

/* A value is JSON when it parses, else a string; null removes the key; naming one staffing
 * key drops the others (as merging an override does). */
START_TEST(apply_set_places_the_value)
{
    char msgs[TEXT_LEN], where[PATH_LEN];
    char *s =
        set_one("{\"level1\": {\"etpt\": 10, \"aht_s\": 100}}", "level1.agents=5", msgs, where);
    ck_assert_str_eq(s, "{\"level1\":{\"aht_s\":100,\"agents\":5}}");
    ck_assert_str_eq(where, "level1.agents");
    ck_assert_str_eq(msgs, "");
    free(s);
    s = set_one("{\"a\": {\"b\": 1, \"c\": 2}}", "a.b=null", msgs, where);
    ck_assert_str_eq(s, "{\"a\":{\"c\":2}}");
    free(s);
    s = set_one("{}", "name=pilot 2013", msgs, where);
    ck_assert_str_eq(s, "{\"name\":\"pilot 2013\"}");
    free(s);
    s = set_one("{\"l\": [1, 2]}", "l[2]=[3, 4]", msgs, where);
    ck_assert_str_eq(s, "{\"l\":[1,2,[3,4]]}");
    ck_assert_str_eq(where, "l[2]");
    free(s);
}
END_TEST

/* The containers made on the way ("a", "a.b", the list "a.b.c") go again with the failure. */
START_TEST(a_failed_set_leaves_the_tree_as_it_was)
{
    char msgs[TEXT_LEN], where[PATH_LEN];
    char *s = set_one("{\"x\": 1}", "a.b.c[5]=1", msgs, where);
    ck_assert_str_eq(s, "{\"x\":1}");
    ck_assert_str_eq(msgs, "--set 'a.b.c[5]=1': a.b.c[5]: index out of range (0 items)\n");
    ck_assert_str_eq(where, "");
    free(s);
    s = set_one("{\"level1\": {\"etpt\": 3}}", "level1.etpt.x=1", msgs, where);
    ck_assert_str_eq(s, "{\"level1\":{\"etpt\":3}}");
    ck_assert_str_eq(msgs, "--set 'level1.etpt.x=1': level1.etpt: expected object, got number\n");
    free(s);
}
END_TEST

/* One prefecture's volume on a file that gives a mean: the others keep the mean (cv 0: every
 * prefecture gets exactly calls_per_day) and the mean goes, since the list replaces it. */
START_TEST(one_item_of_the_calls_list_keeps_the_others)
{
    char msgs[TEXT_LEN], where[PATH_LEN];
    char *s = set_one("{\"prefectures\": {\"count\": 3, \"calls_per_day\": 100}}",
                      "prefectures.calls_per_day_list[1]=40", msgs, where);
    ck_assert_str_eq(s, "{\"prefectures\":{\"count\":3,\"calls_per_day_list\":[100,40,100]}}");
    ck_assert_str_eq(msgs, "");
    free(s);
}
END_TEST

Suite *scenario_set_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_set_suite(void)
{
    Suite *s = suite_create("scenario_set");
    TCase *tc = tcase_create("set");
    tcase_add_test(tc, tokenize_splits_names_and_indexes);
    tcase_add_test(tc, tokenize_refuses_bad_paths_at_their_limits);
    tcase_add_test(tc, apply_set_places_the_value);
    tcase_add_test(tc, a_failed_set_leaves_the_tree_as_it_was);
    tcase_add_test(tc, one_item_of_the_calls_list_keeps_the_others);
    suite_add_tcase(s, tc);
    return s;
}
