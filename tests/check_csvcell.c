/* Tests of the CSV-injection guard of sim_csv_str (docs/csv.md): a string cell starting with
 * '=', '+', '-', '@', TAB or CR, which spreadsheets run as a formula, is a bug (SIM_ASSERT
 * aborts), because input validation keeps such text out of every string cell; anything else,
 * those characters inside a cell included, is written verbatim so pandas and R read it back
 * unchanged. Numbers go through sim_csv_num and may start with '-'; so may a cell that is a
 * finite number written as text. */
#include "sim/csv.h"
#include "tests/check_util.h"

#include <check.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const formula_starts[] = {
    "=1+1", "+33 1 23 45 67 89", "-2+3", "-inf", "@SUM(A1)", "\tx", "\rx", "-1 "};

/* The aborting children leave their temporary files: they go in one folder, removed by the
 * parent after the case. */
static char dir[64];

static void make_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/check_csvcell.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void remove_dir(void)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    char path[512];
    while (dp != NULL && (e = readdir(dp)) != NULL) {
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (e->d_name[0] != '.')
            remove(path);
    }
    if (dp != NULL)
        closedir(dp);
    rmdir(dir);
}

START_TEST(csv_str_refuses_a_cell_a_spreadsheet_would_run)
{
    char path[128];
    snprintf(path, sizeof path, "%s/refused.csv", dir);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = sim_csv_open(path, d);
    ck_assert_ptr_nonnull(c);
    /* The abort message would clutter the test log. */
    ck_assert_ptr_nonnull(freopen("/dev/null", "w", stderr));
    sim_csv_str(c, formula_starts[_i]);
    sim_csv_abort(c); /* not reached */
}
END_TEST

START_TEST(csv_str_writes_other_cells_verbatim)
{
    char path[128], buf[256] = "";
    snprintf(path, sizeof path, "%s/verbatim.csv", dir);
    sim_diag *d = sim_diag_alloc();
    sim_csv *c = sim_csv_open(path, d);
    ck_assert_ptr_nonnull(c);
    sim_csv_str(c, "");
    sim_csv_str(c, "a=b");
    sim_csv_str(c, "x-1");
    sim_csv_str(c, " =not a formula");
    sim_csv_str(c, "prefecture:001");
    sim_csv_str(c, "-0.25"); /* a number as text: a spreadsheet reads the number */
    sim_csv_num(c, -2.5);
    sim_csv_end_row(c);
    ck_assert_int_eq(sim_csv_commit(c, d), SIM_OK);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    remove(path);
    ck_assert_str_eq(buf, ",a=b,x-1, =not a formula,prefecture:001,-0.25,-2.5\n");
    sim_diag_free(d);
}
END_TEST

Suite *csvcell_suite(void); /* called by check_main.c through suites.h */

Suite *csvcell_suite(void)
{
    Suite *s = suite_create("csvcell");
    TCase *tc = tcase_create("guard");
    tcase_add_unchecked_fixture(tc, make_dir, remove_dir);
    /* The refusal aborts the process: it runs only when Check forks (not under valgrind). */
    if (check_forks())
        tcase_add_loop_test_raise_signal(tc, csv_str_refuses_a_cell_a_spreadsheet_would_run,
                                         SIGABRT, 0,
                                         (int)(sizeof formula_starts / sizeof *formula_starts));
    tcase_add_test(tc, csv_str_writes_other_cells_verbatim);
    suite_add_tcase(s, tc);
    return s;
}
