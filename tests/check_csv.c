/* Tests of sim_csv and sim_afile: RFC 4180 quoting, number format, atomic commit, errors. */
#include "sim/csv.h"

#include <check.h>
#include <dirent.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof(dir), "%s/ccsim_csv_XXXXXX", tmp != NULL ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Removes every entry of d (files only) and d itself. */
static void remove_tree(const char *d)
{
    DIR *dp = opendir(d);
    if (dp == NULL)
        return;
    struct dirent *de;
    char p[512];
    while ((de = readdir(dp)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof(p), "%s/%s", d, de->d_name);
        if (remove(p) != 0)
            remove_tree(p);
    }
    closedir(dp);
    rmdir(d);
}

static int entries(const char *d)
{
    DIR *dp = opendir(d);
    ck_assert_ptr_nonnull(dp);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(dp)) != NULL)
        n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
    closedir(dp);
    return n;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Reads a whole (small) file into buf. */
static const char *slurp(const char *path, char *buf, size_t size)
{
    FILE *fp = fopen(path, "rb");
    ck_assert_ptr_nonnull(fp);
    size_t n = fread(buf, 1, size - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

START_TEST(csv_quotes_fields_with_comma_quote_cr_or_lf)
{
    make_dir();
    char path[512], buf[1024];
    snprintf(path, sizeof(path), "%s/q.csv", dir);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = sim_csv_open(path, d);
    ck_assert_ptr_nonnull(c);
    sim_csv_header(c, (const char *const[]){"station", "metric", NULL});
    sim_csv_str(c, "plain");
    sim_csv_str(c, "a,b");
    sim_csv_str(c, "say \"hi\"");
    sim_csv_str(c, "two\nlines");
    sim_csv_str(c, "cr\rhere");
    sim_csv_str(c, "");
    sim_csv_end_row(c);
    ck_assert_int_eq(sim_csv_commit(c, d), SIM_OK);
    ck_assert_str_eq(slurp(path, buf, sizeof(buf)),
                     "station,metric\n"
                     "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\n");
    ck_assert_uint_eq(sim_diag_count(d), 0);
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(csv_formats_numbers_with_ten_significant_digits)
{
    char buf[32];
    ck_assert_str_eq(sim_csv_format_num(2.385, buf), "2.385");
    ck_assert_str_eq(sim_csv_format_num(1.0 / 3.0, buf), "0.3333333333");
    ck_assert_str_eq(sim_csv_format_num(123456789012.0, buf), "1.23456789e+11");
    ck_assert_str_eq(sim_csv_format_num(-1e-20, buf), "-1e-20");
    ck_assert_str_eq(sim_csv_format_num(0.0, buf), "0");
    ck_assert_str_eq(sim_csv_format_num(-DBL_MAX, buf), "-1.797693135e+308");
    ck_assert_str_eq(sim_csv_format_num(NAN, buf), "nan");
    ck_assert_str_eq(sim_csv_format_num(INFINITY, buf), "inf");
    ck_assert_str_eq(sim_csv_format_num(-INFINITY, buf), "-inf");

    make_dir();
    char path[512], text[256];
    snprintf(path, sizeof(path), "%s/n.csv", dir);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = sim_csv_open(path, d);
    sim_csv_num(c, 0.1 + 0.2);
    sim_csv_num(c, NAN);
    sim_csv_int(c, LLONG_MIN);
    sim_csv_int(c, 42);
    sim_csv_end_row(c);
    ck_assert_int_eq(sim_csv_commit(c, d), SIM_OK);
    ck_assert_str_eq(slurp(path, text, sizeof(text)), "0.3,nan,-9223372036854775808,42\n");
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(afile_is_absent_before_commit_and_present_after)
{
    make_dir();
    char path[512], buf[64];
    snprintf(path, sizeof(path), "%s/out.txt", dir);
    sim_diag *d = sim_diag_alloc();
    sim_afile *f = sim_afile_open(path, d);
    ck_assert_ptr_nonnull(f);
    fputs("whole\n", sim_afile_stream(f));
    ck_assert(!exists(path));
    ck_assert_int_eq(sim_afile_commit(f, d), SIM_OK);
    ck_assert(exists(path));
    ck_assert_str_eq(slurp(path, buf, sizeof(buf)), "whole\n");
    ck_assert_int_eq(entries(dir), 1); /* no temporary file left behind */
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(afile_commit_replaces_an_existing_file)
{
    make_dir();
    char path[512], buf[64];
    snprintf(path, sizeof(path), "%s/out.txt", dir);
    FILE *fp = fopen(path, "w");
    fputs("old\n", fp);
    fclose(fp);
    sim_diag *d = sim_diag_alloc();
    sim_afile *f = sim_afile_open(path, d);
    fputs("new\n", sim_afile_stream(f));
    ck_assert_str_eq(slurp(path, buf, sizeof(buf)), "old\n");
    ck_assert_int_eq(sim_afile_commit(f, d), SIM_OK);
    ck_assert_str_eq(slurp(path, buf, sizeof(buf)), "new\n");
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(afile_abort_leaves_no_file)
{
    make_dir();
    char path[512];
    snprintf(path, sizeof(path), "%s/out.csv", dir);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = sim_csv_open(path, d);
    sim_csv_str(c, "half-written");
    sim_csv_abort(c);
    ck_assert_int_eq(entries(dir), 0);
    sim_csv_abort(NULL);
    sim_afile_abort(NULL);
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(afile_open_in_a_missing_directory_names_the_path)
{
    make_dir();
    char path[512];
    snprintf(path, sizeof(path), "%s/no/such/dir/out.csv", dir);
    sim_diag *d = sim_diag_alloc();
    ck_assert_ptr_null(sim_csv_open(path, d));
    ck_assert_uint_eq(sim_diag_count(d), 1);
    char want[600];
    snprintf(want, sizeof(want), "%s: No such file or directory", path);
    ck_assert_str_eq(sim_diag_line(d, 0), want);
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(afile_commit_into_a_vanished_directory_gives_eio_and_names_the_path)
{
    /* The directory is moved away between open and commit, so rename() finds no directory. */
    make_dir();
    char sub[512], moved[512], path[600];
    snprintf(sub, sizeof(sub), "%s/sub", dir);
    snprintf(moved, sizeof(moved), "%s/moved", dir);
    snprintf(path, sizeof(path), "%s/out.csv", sub);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = sim_csv_open(path, d);
    ck_assert_ptr_nonnull(c);
    sim_csv_str(c, "x");
    sim_csv_end_row(c);
    ck_assert_int_eq(rename(sub, moved), 0);
    ck_assert_int_eq(sim_csv_commit(c, d), SIM_EIO);
    ck_assert(!exists(path));
    ck_assert_uint_eq(sim_diag_count(d), 1);
    char want[700];
    snprintf(want, sizeof(want), "%s: No such file or directory", path);
    ck_assert_str_eq(sim_diag_line(d, 0), want);
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

START_TEST(afile_commit_over_a_directory_fails_and_removes_the_temporary_file)
{
    make_dir();
    char path[512];
    snprintf(path, sizeof(path), "%s/taken", dir);
    sim_diag *d = sim_diag_alloc();
    sim_afile *f = sim_afile_open(path, d);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(mkdir(path, 0700), 0); /* made while the file is written */
    fputs("data\n", sim_afile_stream(f));
    ck_assert_int_eq(sim_afile_commit(f, d), SIM_EIO);
    ck_assert_int_eq(entries(dir), 1); /* only the directory itself */
    ck_assert_uint_eq(sim_diag_count(d), 1);
    ck_assert(strncmp(sim_diag_line(d, 0), path, strlen(path)) == 0);
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

/* A target that exists and is not a regular file is refused before anything is written: a
 * FIFO would block or feed a reader, a device would be written to, a link followed. */
START_TEST(afile_open_refuses_a_fifo_a_link_or_a_directory)
{
    make_dir();
    char path[512], victim[512], buf[64];
    static const char *const kind[3] = {"a FIFO", "a symbolic link", "a directory"};
    snprintf(victim, sizeof(victim), "%s/victim", dir);
    FILE *fp = fopen(victim, "w");
    fputs("keep\n", fp);
    fclose(fp);
    for (int k = 0; k < 3; k++) {
        snprintf(path, sizeof(path), "%s/out%d", dir, k);
        ck_assert_int_eq(k == 0   ? mkfifo(path, 0600)
                         : k == 1 ? symlink(victim, path)
                                  : mkdir(path, 0700),
                         0);
        sim_diag *d = sim_diag_alloc();
        ck_assert_ptr_null(sim_afile_open(path, d));
        ck_assert_uint_eq(sim_diag_count(d), 1);
        char want[600];
        snprintf(want, sizeof(want), "%s: expected a regular file, got %s", path, kind[k]);
        ck_assert_str_eq(sim_diag_line(d, 0), want);
        sim_diag_free(d);
    }
    ck_assert_int_eq(entries(dir), 4); /* victim and the three: no temporary file */
    ck_assert_str_eq(slurp(victim, buf, sizeof(buf)), "keep\n");
    remove_tree(dir);
}
END_TEST

/* A link planted under the temporary name is not followed (O_EXCL | O_NOFOLLOW). */
START_TEST(afile_does_not_follow_a_link_at_its_temporary_name)
{
    make_dir();
    char path[512], tmp[600], victim[512], buf[64];
    snprintf(path, sizeof(path), "%s/out.csv", dir);
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    snprintf(victim, sizeof(victim), "%s/victim", dir);
    FILE *fp = fopen(victim, "w");
    fputs("keep\n", fp);
    fclose(fp);
    ck_assert_int_eq(symlink(victim, tmp), 0);
    sim_diag *d = sim_diag_alloc();
    sim_afile *f = sim_afile_open(path, d);
    ck_assert_ptr_nonnull(f);
    fputs("new\n", sim_afile_stream(f));
    ck_assert_int_eq(sim_afile_commit(f, d), SIM_OK);
    ck_assert_str_eq(slurp(victim, buf, sizeof(buf)), "keep\n");
    ck_assert_str_eq(slurp(path, buf, sizeof(buf)), "new\n");
    sim_diag_free(d);
    remove_tree(dir);
}
END_TEST

/* sim_mkdirs("") used to read the byte before its copy of the string (ASan). */
START_TEST(mkdirs_refuses_an_empty_name)
{
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(sim_mkdirs("", d), SIM_EINVAL);
    ck_assert_str_eq(sim_diag_line(d, 0), "expected a folder name, got ''");
    sim_diag_free(d);
}
END_TEST

Suite *csv_suite(void); /* called by check_main.c through suites.h */

Suite *csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("format");
    tcase_add_test(tc, csv_quotes_fields_with_comma_quote_cr_or_lf);
    tcase_add_test(tc, csv_formats_numbers_with_ten_significant_digits);
    suite_add_tcase(s, tc);
    tc = tcase_create("atomic");
    tcase_add_test(tc, afile_is_absent_before_commit_and_present_after);
    tcase_add_test(tc, afile_commit_replaces_an_existing_file);
    tcase_add_test(tc, afile_abort_leaves_no_file);
    tcase_add_test(tc, afile_open_in_a_missing_directory_names_the_path);
    tcase_add_test(tc, afile_commit_into_a_vanished_directory_gives_eio_and_names_the_path);
    tcase_add_test(tc, afile_commit_over_a_directory_fails_and_removes_the_temporary_file);
    tcase_add_test(tc, afile_open_refuses_a_fifo_a_link_or_a_directory);
    tcase_add_test(tc, afile_does_not_follow_a_link_at_its_temporary_name);
    tcase_add_test(tc, mkdirs_refuses_an_empty_name);
    suite_add_tcase(s, tc);
    return s;
}
