/* Tests of cc_sweep: the number and values of an axis's points (no drift with decimal steps,
 * the last value never beyond `to`), the 2-D product order (x outer, y inner) and its --set
 * strings, the 1000-point bound, and every parse error with its exact message. */
#include "models/sweep.h"

#include <check.h>
#include <math.h>
#include <string.h>

static struct cc_sweep_axis parse_ok(const char *text)
{
    struct cc_sweep_axis ax;
    sim_diag *d = sim_diag_alloc();
    ck_assert_msg(cc_sweep_axis_parse(text, &ax, d), "%s: %s", text,
                  sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    ck_assert_uint_eq(sim_diag_count(d), 0);
    sim_diag_free(d);
    return ax;
}

START_TEST(axis_values_do_not_drift_with_decimal_steps)
{
    struct cc_sweep_axis ax = parse_ok("level2.hours_per_etpt=0.1:0.7:0.1");
    ck_assert_str_eq(ax.path, "level2.hours_per_etpt");
    ck_assert_uint_eq(ax.n, 7);
    size_t n = 0;
    struct cc_sweep_point *p = cc_sweep_grid(&ax, 1, &n);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(n, 7);
    static const char *const want[7] = {"level2.hours_per_etpt=0.1", "level2.hours_per_etpt=0.2",
                                        "level2.hours_per_etpt=0.3", "level2.hours_per_etpt=0.4",
                                        "level2.hours_per_etpt=0.5", "level2.hours_per_etpt=0.6",
                                        "level2.hours_per_etpt=0.7"};
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(p[i].set[0], want[i]);
        ck_assert_ptr_null(p[i].set[1]);
        ck_assert_double_eq(p[i].x[0], 0.1 + (double)i * 0.1);
    }
    cc_sweep_grid_free(p, n);
    cc_sweep_axis_free(&ax);
}
END_TEST

START_TEST(axis_counts_points_up_to_and_not_beyond_to)
{
    struct cc_sweep_axis ax = parse_ok("level2.etpt=10:15:2");
    ck_assert_uint_eq(ax.n, 3);
    ck_assert_double_eq(cc_sweep_axis_value(&ax, 2), 14.0);
    cc_sweep_axis_free(&ax);
    ax = parse_ok("level2.etpt=13:13:1");
    ck_assert_uint_eq(ax.n, 1);
    cc_sweep_axis_free(&ax);
    ax = parse_ok("station.aht_s=-2.385:2.385:0.477");
    ck_assert_uint_eq(ax.n, 11);
    ck_assert_double_eq_tol(cc_sweep_axis_value(&ax, 10), 2.385, 1e-12);
    cc_sweep_axis_free(&ax);
    ax = parse_ok("seed=1:1000:1");
    ck_assert_uint_eq(ax.n, CC_SWEEP_MAX_POINTS);
    cc_sweep_axis_free(&ax);
}
END_TEST

START_TEST(grid_is_the_product_with_x_outer_and_y_inner)
{
    struct cc_sweep_axis ax[2] = {parse_ok("level2.etpt=13:17:2"),
                                  parse_ok("level1.agents=28:31:1")};
    size_t n = 0;
    struct cc_sweep_point *p = cc_sweep_grid(ax, 2, &n);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(n, 3 * 4);
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 4; j++) {
            const struct cc_sweep_point *q = &p[i * 4 + j];
            ck_assert_double_eq(q->x[0], 13.0 + 2.0 * (double)i);
            ck_assert_double_eq(q->x[1], 28.0 + (double)j);
        }
    }
    ck_assert_str_eq(p[0].set[0], "level2.etpt=13");
    ck_assert_str_eq(p[0].set[1], "level1.agents=28");
    ck_assert_str_eq(p[6].set[0], "level2.etpt=15");
    ck_assert_str_eq(p[6].set[1], "level1.agents=30");
    ck_assert_str_eq(p[11].set[0], "level2.etpt=17");
    ck_assert_str_eq(p[11].set[1], "level1.agents=31");
    cc_sweep_grid_free(p, n);
    cc_sweep_axis_free(&ax[0]);
    cc_sweep_axis_free(&ax[1]);
}
END_TEST

struct bad_case {
    const char *text;
    const char *err;
};

static const struct bad_case bad_cases[] = {
    {"x", "--vary 'x': expected path=from:to:step"},
    {"=1:2:1", "--vary '=1:2:1': expected path=from:to:step"},
    {"level2.etpt=1:2", "--vary 'level2.etpt=1:2': expected path=from:to:step"},
    {"level2.etpt=1", "--vary 'level2.etpt=1': expected path=from:to:step"},
    {"level2.etpt=1:2:3:4", "--vary 'level2.etpt=1:2:3:4': expected path=from:to:step"},
    {"a=b=1:2:1", "--vary 'a=b=1:2:1': expected path=from:to:step"},
    {"level2.etpt=ten:20:1", "--vary 'level2.etpt=ten:20:1': from: expected a number, got 'ten'"},
    {"level2.etpt=10::1", "--vary 'level2.etpt=10::1': to: expected a number, got ''"},
    {"level2.etpt=10:20:1x", "--vary 'level2.etpt=10:20:1x': step: expected a number, got '1x'"},
    {"level2.etpt=10:20:0", "--vary 'level2.etpt=10:20:0': step must be > 0, got 0"},
    {"level2.etpt=10:20:-2.5", "--vary 'level2.etpt=10:20:-2.5': step must be > 0, got -2.5"},
    {"level2.etpt=30:10:1", "--vary 'level2.etpt=30:10:1': to must be >= from"},
    {"seed=0:1000:1", "--vary 'seed=0:1000:1': 1001 points, at most 1000 per axis"},
    {"seed=0:1:0.0001", "--vary 'seed=0:1:0.0001': 10001 points, at most 1000 per axis"},
};

START_TEST(every_bad_axis_gets_its_message)
{
    const struct bad_case *k = &bad_cases[_i];
    struct cc_sweep_axis ax;
    sim_diag *d = sim_diag_alloc();
    ck_assert_msg(!cc_sweep_axis_parse(k->text, &ax, d), "%s parsed", k->text);
    ck_assert_uint_eq(sim_diag_count(d), 1);
    ck_assert_str_eq(sim_diag_line(d, 0), k->err);
    ck_assert_ptr_null(ax.path);
    sim_diag_free(d);
}
END_TEST

/* Each point is paired with the first x of its own curve: a 3 x 2 grid (x outer, y inner)
 * has points 0..5 = (x0,y0) (x0,y1) (x1,y0) (x1,y1) (x2,y0) (x2,y1). */
START_TEST(base_point_is_the_first_x_of_the_same_y)
{
    static const size_t want[6] = {0, 1, 0, 1, 0, 1};
    for (size_t p = 0; p < 6; p++)
        ck_assert_uint_eq(cc_sweep_base_point(p, 2), want[p]);
    for (size_t p = 0; p < 4; p++)
        ck_assert_uint_eq(cc_sweep_base_point(p, 1), 0);
}
END_TEST

Suite *sweep_suite(void); /* called by check_main.c through suites.h */

Suite *sweep_suite(void)
{
    Suite *s = suite_create("sweep");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, axis_values_do_not_drift_with_decimal_steps);
    tcase_add_test(tc, axis_counts_points_up_to_and_not_beyond_to);
    tcase_add_test(tc, grid_is_the_product_with_x_outer_and_y_inner);
    tcase_add_test(tc, base_point_is_the_first_x_of_the_same_y);
    tcase_add_loop_test(tc, every_bad_axis_gets_its_message, 0,
                        (int)(sizeof bad_cases / sizeof *bad_cases));
    suite_add_tcase(s, tc);
    return s;
}
