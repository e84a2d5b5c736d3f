/* Tests of sim_outdir: a result folder is replaced whole or left as it was, the lock refuses a
 * second holder, stale staging folders go, bad targets are refused; sim_rmtree never follows a
 * link; and the manifest lists every file of a scenario's extends chain with its SHA-256. */
#include "models/report.h"
#include "models/scenario.h"
#include "sim/outdir.h"

#include <cJSON.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static void make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/ccsim_outdir_XXXXXX", tmp != NULL ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    ck_assert_int_eq(fclose(f), 0);
}

static const char *get(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    const size_t k = fread(buf, 1, n - 1, f);
    buf[k] = '\0';
    fclose(f);
    return buf;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Entries of dir other than "." and ".." (the caller checks names it expects). */
static int count_entries(const char *d)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", d);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    int n = -1;
    ck_assert_int_eq(fscanf(p, "%d", &n), 1);
    pclose(p);
    return n;
}

static void cleanup(void)
{
    ck_assert_int_eq(sim_rmtree(dir), 0);
}

/* An old result with a file a new one does not write, and a subfolder. */
static void old_result(const char *target)
{
    char p[1024];
    ck_assert_int_eq(mkdir(target, 0777), 0);
    snprintf(p, sizeof p, "%s/summary.csv", target);
    put(p, "old\n");
    snprintf(p, sizeof p, "%s/journeys.csv", target);
    put(p, "old journeys\n");
    snprintf(p, sizeof p, "%s/sub", target);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/sub/old.png", target);
    put(p, "png\n");
}

static sim_outdir *begin_ok(const char *target)
{
    sim_diag *d = sim_diag_alloc();
    enum sim_status st = SIM_EIO;
    sim_outdir *o = sim_outdir_begin(target, d, &st);
    if (o == NULL)
        ck_abort_msg("begin %s: %s", target, sim_diag_count(d) ? sim_diag_line(d, 0) : "?");
    ck_assert_int_eq(st, SIM_OK);
    sim_diag_free(d);
    return o;
}

/* Begins on target expecting a refusal; returns the status, copies the first line. */
static enum sim_status begin_fails(const char *target, char *line, size_t n)
{
    sim_diag *d = sim_diag_alloc();
    enum sim_status st = SIM_OK;
    sim_outdir *o = sim_outdir_begin(target, d, &st);
    ck_assert_ptr_null(o);
    ck_assert_int_ge(sim_diag_count(d), 1);
    snprintf(line, n, "%s", sim_diag_line(d, 0));
    sim_diag_free(d);
    return st;
}

static void replace_whole(void)
{
    make_dir();
    char target[600], p[1024], buf[64];
    snprintf(target, sizeof target, "%s/res", dir);
    old_result(target);
    sim_outdir *o = begin_ok(target);
    snprintf(p, sizeof p, "%s/summary.csv", sim_outdir_path(o));
    put(p, "new\n");
    sim_diag *d = sim_diag_alloc();
    bool replaced = false;
    ck_assert_int_eq(sim_outdir_commit(o, &replaced, d), SIM_OK);
    sim_diag_free(d);
    ck_assert(replaced);
    snprintf(p, sizeof p, "%s/summary.csv", target);
    ck_assert_str_eq(get(p, buf, sizeof buf), "new\n");
    ck_assert_int_eq(count_entries(target), 1); /* journeys.csv and sub/ are gone */
    ck_assert_int_eq(count_entries(dir), 1);    /* no staging folder, no lock file left */
    cleanup();
}

START_TEST(commit_replaces_the_whole_folder)
{
    replace_whole();
}
END_TEST

START_TEST(commit_replaces_without_rename_exchange)
{
    sim_outdir_no_exchange = true;
    replace_whole();
    sim_outdir_no_exchange = false;
}
END_TEST

START_TEST(commit_creates_a_new_folder_and_its_parents)
{
    make_dir();
    char target[600], p[1024];
    snprintf(target, sizeof target, "%s/x/y/res/", dir);
    sim_outdir *o = begin_ok(target);
    snprintf(p, sizeof p, "%s/a.csv", sim_outdir_path(o));
    put(p, "a\n");
    sim_diag *d = sim_diag_alloc();
    bool replaced = true;
    ck_assert_int_eq(sim_outdir_commit(o, &replaced, d), SIM_OK);
    sim_diag_free(d);
    ck_assert(!replaced);
    snprintf(p, sizeof p, "%s/x/y/res/a.csv", dir);
    ck_assert(exists(p));
    snprintf(p, sizeof p, "%s/x/y", dir);
    ck_assert_int_eq(count_entries(p), 1);
    cleanup();
}
END_TEST

START_TEST(abort_leaves_the_previous_result)
{
    make_dir();
    char target[600], p[1024], buf[64];
    snprintf(target, sizeof target, "%s/res", dir);
    old_result(target);
    sim_outdir *o = begin_ok(target);
    snprintf(p, sizeof p, "%s/summary.csv", sim_outdir_path(o));
    put(p, "new\n");
    sim_outdir_abort(o);
    snprintf(p, sizeof p, "%s/summary.csv", target);
    ck_assert_str_eq(get(p, buf, sizeof buf), "old\n");
    ck_assert_int_eq(count_entries(target), 3);
    ck_assert_int_eq(count_entries(dir), 1);
    cleanup();
}
END_TEST

START_TEST(stale_staging_of_a_dead_process_is_removed)
{
    make_dir();
    char target[600], p[1024];
    snprintf(target, sizeof target, "%s/res", dir);
    snprintf(p, sizeof p, "%s/.res.staging.999999999", dir);
    old_result(p);
    snprintf(p, sizeof p, "%s/.other.staging.999999999", dir); /* another target's: kept */
    ck_assert_int_eq(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/.res.staging.7.staging.1", dir); /* folder "res.staging.7"'s */
    ck_assert_int_eq(mkdir(p, 0777), 0);
    sim_outdir *o = begin_ok(target);
    ck_assert(exists(p));
    snprintf(p, sizeof p, "%s/.res.staging.999999999", dir);
    ck_assert(!exists(p));
    snprintf(p, sizeof p, "%s/.other.staging.999999999", dir);
    ck_assert(exists(p));
    sim_outdir_abort(o);
    cleanup();
}
END_TEST

START_TEST(a_result_left_aside_by_a_crash_is_put_back)
{
    make_dir();
    char target[600], p[1024], buf[64];
    snprintf(target, sizeof target, "%s/res", dir);
    snprintf(p, sizeof p, "%s/.res.staging.999999999.old", dir);
    old_result(p);
    sim_outdir *o = begin_ok(target);
    sim_outdir_abort(o);
    snprintf(p, sizeof p, "%s/summary.csv", target);
    ck_assert_str_eq(get(p, buf, sizeof buf), "old\n");
    cleanup();
}
END_TEST

/* Runs begin on target in a child: 0 when it is refused with the lock message naming pid
 * expect_pid, 1 when it succeeds, 2 otherwise. */
static int child_begin(const char *target, long expect_pid)
{
    fflush(NULL);
    const pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        sim_diag *d = sim_diag_alloc();
        enum sim_status st = SIM_OK;
        sim_outdir *o = sim_outdir_begin(target, d, &st);
        char want[64];
        snprintf(want, sizeof want, "in use by another ccsim (pid %ld)", expect_pid);
        int rc = 2;
        if (o != NULL)
            rc = 1;
        else if (st == SIM_EIO && sim_diag_count(d) == 1 && strstr(sim_diag_line(d, 0), want))
            rc = 0;
        sim_outdir_abort(o);
        sim_diag_free(d); /* a clean exit for valgrind, which checks the child too */
        _exit(rc);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

START_TEST(the_lock_refuses_a_second_holder)
{
    make_dir();
    char target[600];
    snprintf(target, sizeof target, "%s/res", dir);
    sim_outdir *o = begin_ok(target);
    ck_assert_int_eq(child_begin(target, (long)getpid()), 0);
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(sim_outdir_commit(o, NULL, d), SIM_OK);
    sim_diag_free(d);
    ck_assert_int_eq(child_begin(target, 0), 1); /* released by the commit */
    cleanup();
}
END_TEST

START_TEST(abort_all_removes_staging_and_releases_the_lock)
{
    make_dir();
    char target[600], p[1024], buf[64];
    snprintf(target, sizeof target, "%s/res", dir);
    old_result(target);
    fflush(NULL);
    /* In a child: abort_all makes every later begin fail in its process. */
    const pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        sim_diag *d = sim_diag_alloc();
        enum sim_status st;
        sim_outdir *o = sim_outdir_begin(target, d, &st);
        char first[512];
        const size_t n = o ? sim_outdir_abort_all(first, sizeof first) : 0;
        const bool then_refused = sim_outdir_begin(target, d, &st) == NULL;
        sim_outdir_abort(o); /* frees it: abort_all could not, the caller still held it */
        sim_diag_free(d);
        _exit(n == 1 && strcmp(first, target) == 0 && then_refused ? 0 : 1);
    }
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(count_entries(dir), 1); /* staging and lock file gone */
    snprintf(p, sizeof p, "%s/summary.csv", target);
    ck_assert_str_eq(get(p, buf, sizeof buf), "old\n");
    ck_assert_int_eq(child_begin(target, 0), 1);
    cleanup();
}
END_TEST

START_TEST(bad_targets_are_refused)
{
    make_dir();
    char p[1024], q[1024], line[1024];
    ck_assert_int_eq(begin_fails("", line, sizeof line), SIM_EINVAL);
    ck_assert_str_eq(line, "expected a folder name, got ''");
    snprintf(p, sizeof p, "%s/.", dir);
    ck_assert_int_eq(begin_fails(p, line, sizeof line), SIM_EINVAL);
    snprintf(p, sizeof p, "%s/..", dir);
    ck_assert_int_eq(begin_fails(p, line, sizeof line), SIM_EINVAL);
    ck_assert_int_eq(begin_fails("/", line, sizeof line), SIM_EINVAL);
    snprintf(p, sizeof p, "%s/file", dir);
    put(p, "x\n");
    ck_assert_int_eq(begin_fails(p, line, sizeof line), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(line, "expected a folder, got a file"));
    snprintf(q, sizeof q, "%s/real", dir);
    ck_assert_int_eq(mkdir(q, 0777), 0);
    snprintf(p, sizeof p, "%s/link", dir);
    ck_assert_int_eq(symlink(q, p), 0);
    ck_assert_int_eq(begin_fails(p, line, sizeof line), SIM_EINVAL);
    ck_assert_ptr_nonnull(strstr(line, "expected a folder, got a symbolic link"));
    char longname[300];
    memset(longname, 'a', 240);
    longname[240] = '\0';
    snprintf(p, sizeof p, "%s/%s", dir, longname);
    ck_assert_int_eq(begin_fails(p, line, sizeof line), SIM_EINVAL);
    ck_assert_int_eq(count_entries(dir), 3); /* file, real, link: nothing written */
    ck_assert_int_eq(count_entries(q), 0);
    cleanup();
}
END_TEST

static bool skip_png(const char *rel, bool is_dir, void *ctx)
{
    (void)ctx;
    const size_t n = strlen(rel);
    return !is_dir && n > 4 && strcmp(rel + n - 4, ".png") == 0;
}

START_TEST(fill_links_regular_files_and_skips_the_rest)
{
    make_dir();
    char target[600], p[1024], q[1024];
    snprintf(target, sizeof target, "%s/res", dir);
    old_result(target);
    snprintf(p, sizeof p, "%s/outside", dir);
    put(p, "secret\n");
    snprintf(q, sizeof q, "%s/res/link", dir);
    ck_assert_int_eq(symlink(p, q), 0);
    snprintf(q, sizeof q, "%s/res/fifo", dir);
    ck_assert_int_eq(mkfifo(q, 0600), 0);
    sim_outdir *o = begin_ok(target);
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(sim_outdir_fill(o, skip_png, NULL, d), SIM_OK);
    const char *s = sim_outdir_path(o);
    struct stat a, b;
    snprintf(p, sizeof p, "%s/summary.csv", s);
    snprintf(q, sizeof q, "%s/summary.csv", target);
    ck_assert_int_eq(stat(p, &a), 0);
    ck_assert_int_eq(stat(q, &b), 0);
    ck_assert(a.st_ino == b.st_ino && a.st_mtime == b.st_mtime);
    snprintf(p, sizeof p, "%s/sub", s);
    ck_assert_int_eq(count_entries(p), 0); /* sub/old.png skipped, sub/ kept */
    ck_assert_int_eq(count_entries(s), 3); /* summary, journeys, sub; no link, no FIFO */
    ck_assert_int_eq(sim_outdir_commit(o, NULL, d), SIM_OK);
    sim_diag_free(d);
    snprintf(p, sizeof p, "%s/outside", dir);
    ck_assert(exists(p));
    cleanup();
}
END_TEST

START_TEST(rmtree_does_not_follow_links)
{
    make_dir();
    char p[1024], q[1024];
    snprintf(p, sizeof p, "%s/keep", dir);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/keep/file", dir);
    put(p, "x\n");
    snprintf(p, sizeof p, "%s/gone", dir);
    ck_assert_int_eq(mkdir(p, 0777), 0);
    snprintf(p, sizeof p, "%s/gone/link", dir);
    snprintf(q, sizeof q, "%s/keep", dir);
    ck_assert_int_eq(symlink(q, p), 0);
    snprintf(p, sizeof p, "%s/gone", dir);
    ck_assert_int_eq(sim_rmtree(p), 0);
    ck_assert(!exists(p));
    snprintf(p, sizeof p, "%s/keep/file", dir);
    ck_assert(exists(p));
    ck_assert_int_eq(sim_rmtree(p), 0);
    ck_assert(!exists(p));
    ck_assert_int_eq(sim_rmtree(p), 0); /* missing: not an error */
    cleanup();
}
END_TEST

/* The manifest of a scenario that extends another lists both files with their SHA-256 (the
 * hashes are checked against sha256sum, an independent implementation). */
START_TEST(manifest_lists_the_extends_chain)
{
    make_dir();
    char base[512], child[512], cmd[1200], line[256];
    snprintf(base, sizeof base, "%s/base.json", dir);
    snprintf(child, sizeof child, "%s/child.json", dir);
    FILE *src = fopen("scenarios/validation/mmcm.json", "r");
    ck_assert_ptr_nonnull(src);
    FILE *dst = fopen(base, "w");
    int c;
    while ((c = fgetc(src)) != EOF)
        fputc(c, dst);
    fclose(src);
    fclose(dst);
    put(child, "{ \"extends\": \"base.json\", \"name\": \"child\" }\n");
    const char *sets[] = {"run.reps=1"};
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(child, sets, 1, d);
    ck_assert_ptr_nonnull(sc);
    char *argv[] = {"ccsim", "sweep", child};
    struct cc_manifest_info info = {.version = "v",
                                    .git_rev = "g",
                                    .command = "sweep",
                                    .argc = 3,
                                    .argv = argv,
                                    .sets = sets,
                                    .n_sets = 1};
    const struct cc_scenario *const scs[2] = {sc, sc};
    ck_assert_int_eq(cc_manifest_write(dir, &info, scs, 2, 10, 5, d), SIM_OK);
    char path[600], text[8192];
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    ck_assert_ptr_nonnull(get(path, text, sizeof text));
    cJSON *m = cJSON_Parse(text);
    ck_assert_ptr_nonnull(m);
    const cJSON *inputs = cJSON_GetObjectItemCaseSensitive(m, "inputs");
    ck_assert_int_eq(cJSON_GetArraySize(inputs), 2); /* child and base, once each */
    const char *want[2] = {child, base};
    for (int i = 0; i < 2; i++) {
        const cJSON *it = cJSON_GetArrayItem(inputs, i);
        const cJSON *pth = cJSON_GetObjectItemCaseSensitive(it, "path");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(it, "sha256");
        ck_assert(cJSON_IsString(pth) && cJSON_IsString(sha));
        ck_assert_ptr_nonnull(strstr(pth->valuestring, i ? "base.json" : "child.json"));
        snprintf(cmd, sizeof cmd, "sha256sum '%s'", want[i]);
        FILE *p = popen(cmd, "r");
        ck_assert_ptr_nonnull(p);
        ck_assert_ptr_nonnull(fgets(line, sizeof line, p));
        pclose(p);
        ck_assert_int_eq(strncmp(line, sha->valuestring, 64), 0);
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(m, "argv");
    ck_assert_int_eq(cJSON_GetArraySize(a), 3);
    ck_assert_str_eq(cJSON_GetArrayItem(a, 2)->valuestring, child);
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "sets");
    ck_assert_str_eq(cJSON_GetArrayItem(s, 0)->valuestring, "run.reps=1");
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(m, "events")->valuedouble, 10);
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(m, "reps")->valuedouble, 1);
    ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(m, "scenario_files")), 1);
    cJSON_Delete(m);
    cc_scenario_free(sc);
    sim_diag_free(d);
    cleanup();
}
END_TEST

Suite *outdir_suite(void);
Suite *outdir_suite(void)
{
    Suite *s = suite_create("outdir");
    TCase *tc = tcase_create("outdir");
    tcase_add_test(tc, commit_replaces_the_whole_folder);
    tcase_add_test(tc, commit_replaces_without_rename_exchange);
    tcase_add_test(tc, commit_creates_a_new_folder_and_its_parents);
    tcase_add_test(tc, abort_leaves_the_previous_result);
    tcase_add_test(tc, stale_staging_of_a_dead_process_is_removed);
    tcase_add_test(tc, a_result_left_aside_by_a_crash_is_put_back);
    tcase_add_test(tc, the_lock_refuses_a_second_holder);
    tcase_add_test(tc, abort_all_removes_staging_and_releases_the_lock);
    tcase_add_test(tc, bad_targets_are_refused);
    tcase_add_test(tc, fill_links_regular_files_and_skips_the_rest);
    tcase_add_test(tc, rmtree_does_not_follow_links);
    tcase_add_test(tc, manifest_lists_the_extends_chain);
    suite_add_tcase(s, tc);
    return s;
}
