/* Tests of the reading stage of the scenario loader (models/scenario_read.c) through its
 * internal API: merging an override into its base, nulls, the hash of the bytes read, and the
 * "extends" chain (a name is not inherited, a cycle is named file by file). */
#include "tests/check_scenario_stage.h"

#include <check.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_LEN 4096

/* A fresh folder with files name -> text; returns the folder (static storage). */
static const char *write_files(const char *const *names, const char *const *texts, size_t n)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "/tmp/ccsim-read-XXXXXX");
    ck_assert(mkdtemp(dir) != NULL);
    for (size_t i = 0; i < n; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "wb");
        ck_assert(f != NULL);
        ck_assert(fwrite(texts[i], 1, strlen(texts[i]), f) == strlen(texts[i]));
        ck_assert(fclose(f) == 0);
    }
    return dir;
}

static void remove_files(const char *dir, const char *const *names, size_t n)
{
    char path[128];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

/* docs/scenarios.md: objects merge key by key, the override wins, null removes a key, a list
 * is replaced whole, and naming one staffing key drops the base's other staffing keys. */
START_TEST(merge_follows_the_override)
{
    cJSON *base = stage_tree("{\"a\": 1, \"b\": {\"x\": 1, \"y\": 2}, \"agents\": 3, "
                             "\"l\": [1, 2, 3], \"keep\": true}");
    cJSON *over = stage_tree("{\"a\": null, \"b\": {\"y\": 5}, \"etpt\": 4, \"l\": [9]}");
    merge(base, over);
    char *s = stage_print(base);
    ck_assert_str_eq(s, "{\"b\":{\"x\":1,\"y\":5},\"l\":[9],\"keep\":true,\"etpt\":4}");
    free(s);
    cJSON_Delete(base);
    cJSON_Delete(over);
}
END_TEST

/* Prefecture volumes are one choice too: a list replaces the mean and its spread. */
START_TEST(merge_drops_the_other_volume_choice)
{
    cJSON *base = stage_tree("{\"calls_per_day\": 350, \"calls_per_day_cv\": 0.5, \"count\": 2}");
    cJSON *over = stage_tree("{\"calls_per_day_list\": [1, 2]}");
    merge(base, over);
    char *s = stage_print(base);
    ck_assert_str_eq(s, "{\"count\":2,\"calls_per_day_list\":[1,2]}");
    free(s);
    cJSON_Delete(base);
    cJSON_Delete(over);
}
END_TEST

/* Null in an object means "absent"; in a list it is an item (reported later as a wrong type). */
START_TEST(strip_nulls_removes_keys_not_items)
{
    cJSON *t = stage_tree("{\"a\": null, \"b\": [null, 1], \"c\": {\"d\": null, \"e\": 2}}");
    strip_nulls(t);
    char *s = stage_print(t);
    ck_assert_str_eq(s, "{\"b\":[null,1],\"c\":{\"e\":2}}");
    free(s);
    cJSON_Delete(t);
}
END_TEST

/* The hash is of the bytes read, taken before parsing: "abc" is the FIPS 180-2 test vector. */
START_TEST(load_tree_hashes_the_bytes_read)
{
    const char *names[] = {"abc.json"}, *texts[] = {"abc"};
    const char *dir = write_files(names, texts, 1);
    char path[128], sha[SHA256_DIGEST_STRING_LENGTH] = "", text[TEXT_LEN], want[256];
    snprintf(path, sizeof path, "%s/abc.json", dir);
    struct ctx c = stage_ctx(path);
    ck_assert_ptr_null(load_tree(path, NULL, sha, &c));
    ck_assert_str_eq(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    ck_assert_uint_eq(c.n_inputs, 1);
    ck_assert_str_eq(c.inputs[0].sha256, sha);
    stage_end(&c, text, sizeof text);
    snprintf(want, sizeof want, "%s:1:1: invalid JSON near 'abc'\n", path);
    ck_assert_str_eq(text, want);
    remove_files(dir, names, 1);
}
END_TEST

/* The child's keys win, the parent's others stay; "extends" and the parent's name go. */
START_TEST(load_tree_merges_the_parent_without_its_name)
{
    const char *names[] = {"parent.json", "child.json"};
    const char *texts[] = {"{\"name\": \"p\", \"seed\": 3, \"run\": {\"reps\": 5, \"days\": 2}}",
                           "{\"extends\": \"parent.json\", \"run\": {\"reps\": 7}}"};
    const char *dir = write_files(names, texts, 2);
    char path[128], text[TEXT_LEN];
    snprintf(path, sizeof path, "%s/child.json", dir);
    struct ctx c = stage_ctx(path);
    cJSON *t = load_tree(path, NULL, NULL, &c);
    ck_assert_ptr_nonnull(t);
    char *s = stage_print(t);
    ck_assert_str_eq(s, "{\"seed\":3,\"run\":{\"reps\":7,\"days\":2}}");
    free(s);
    cJSON_Delete(t);
    ck_assert_uint_eq(c.n_inputs, 2); /* both files go to the manifest, child first */
    ck_assert_ptr_nonnull(strstr(c.inputs[0].path, "child.json"));
    ck_assert_ptr_nonnull(strstr(c.inputs[1].path, "parent.json"));
    stage_end(&c, text, sizeof text);
    ck_assert_str_eq(text, "");
    remove_files(dir, names, 2);
}
END_TEST

START_TEST(load_tree_names_an_extends_cycle)
{
    const char *names[] = {"a.json", "b.json"};
    const char *texts[] = {"{\"extends\": \"b.json\"}", "{\"extends\": \"a.json\"}"};
    const char *dir = write_files(names, texts, 2);
    char a[128], b[128], text[TEXT_LEN], want[640];
    snprintf(a, sizeof a, "%s/a.json", dir);
    snprintf(b, sizeof b, "%s/b.json", dir);
    struct ctx c = stage_ctx(a);
    ck_assert_ptr_null(load_tree(a, NULL, NULL, &c));
    stage_end(&c, text, sizeof text);
    snprintf(want, sizeof want, "%s: extends: cycle %s -> %s -> %s\n", b, a, b, a);
    ck_assert_str_eq(text, want);
    remove_files(dir, names, 2);
}
END_TEST

/* A folder opens (O_RDONLY) but is no scenario: refused before any read. */
START_TEST(load_tree_refuses_a_directory)
{
    char text[TEXT_LEN];
    struct ctx c = stage_ctx("tests");
    ck_assert_ptr_null(load_tree("tests", NULL, NULL, &c));
    ck_assert_uint_eq(c.n_inputs, 0);
    stage_end(&c, text, sizeof text);
    ck_assert_str_eq(text, "tests: expected a regular file, got a directory\n");
}
END_TEST

Suite *scenario_read_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_read_suite(void)
{
    Suite *s = suite_create("scenario_read");
    TCase *tc = tcase_create("read");
    tcase_add_test(tc, merge_follows_the_override);
    tcase_add_test(tc, merge_drops_the_other_volume_choice);
    tcase_add_test(tc, strip_nulls_removes_keys_not_items);
    tcase_add_test(tc, load_tree_hashes_the_bytes_read);
    tcase_add_test(tc, load_tree_merges_the_parent_without_its_name);
    tcase_add_test(tc, load_tree_names_an_extends_cycle);
    tcase_add_test(tc, load_tree_refuses_a_directory);
    suite_add_tcase(s, tc);
    return s;
}
