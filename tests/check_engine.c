/* Tests of sim_engine: clock, run_until, stop, cancel, streams, the events counter, bug checks. */
#include "sim/engine.h"
#include "tests/check_util.h"

#include <check.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A handler that logs (time, kind) and reacts to a few kinds. */
enum { K_LOG, K_STOP, K_CHAIN, K_PAST, K_CANCEL_OTHER, K_CHAIN_FIXED, K_PAST_FIXED };

struct trace {
    double t[64];
    int kind[64];
    int n;
    uint64_t events_seen[64];
    sim_handle other;
};

static void on_event(sim_engine *e, int kind, void *data, void *ctx)
{
    struct trace *tr = ctx;
    (void)data;
    tr->t[tr->n] = sim_engine_now(e);
    tr->kind[tr->n] = kind;
    tr->events_seen[tr->n] = sim_engine_events(e);
    tr->n++;
    if (kind == K_STOP)
        sim_engine_stop(e);
    else if (kind == K_CHAIN && tr->n < 10)
        sim_engine_after(e, 1.5, K_CHAIN, NULL);
    else if (kind == K_PAST)
        sim_engine_at(e, sim_engine_now(e) - 0.001, K_LOG, NULL);
    else if (kind == K_CANCEL_OTHER)
        sim_engine_cancel(e, tr->other);
    else if (kind == K_CHAIN_FIXED && tr->n < 10)
        sim_engine_after_fixed(e, 1.5, K_CHAIN_FIXED, NULL);
    else if (kind == K_PAST_FIXED)
        sim_engine_at_fixed(e, sim_engine_now(e) - 0.001, K_LOG, NULL);
}

START_TEST(engine_runs_events_up_to_t_end_then_sets_the_clock_to_t_end)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at(e, 3.0, K_LOG, NULL);
    sim_engine_at(e, 5.0, K_LOG, NULL);
    sim_engine_at(e, 5.5, K_LOG, NULL);
    ck_assert_uint_eq(sim_engine_run_until(e, 5.0), 2);
    ck_assert_int_eq(tr.n, 2);
    ck_assert_double_eq(tr.t[0], 3.0);
    ck_assert_double_eq(tr.t[1], 5.0);
    ck_assert_double_eq(sim_engine_now(e), 5.0);
    ck_assert_uint_eq(sim_engine_pending(e), 1);
    ck_assert_uint_eq(sim_engine_run_until(e, 7.25), 1);
    ck_assert_double_eq(sim_engine_now(e), 7.25);
    ck_assert_uint_eq(sim_engine_events(e), 3);
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_after_schedules_relative_to_now)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at(e, 2.385, K_CHAIN, NULL);
    ck_assert_uint_eq(sim_engine_run(e), 10);
    for (int i = 0; i < 10; i++)
        ck_assert_double_eq_tol(tr.t[i], 2.385 + 1.5 * i, 1e-12);
    ck_assert_double_eq_tol(sim_engine_now(e), 2.385 + 13.5, 1e-12);
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_runs_equal_times_in_scheduling_order)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    for (int i = 0; i < 20; i++)
        sim_engine_at(e, i % 3 == 0 ? 1.0 : 0.5, K_LOG + 100 + i, NULL);
    sim_engine_run(e);
    int last = -1;
    for (int i = 0; i < 20; i++) {
        if (i > 0 && tr.t[i] == tr.t[i - 1])
            ck_assert_int_gt(tr.kind[i], last);
        last = tr.kind[i];
    }
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_after_fixed_schedules_relative_to_now)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at_fixed(e, 2.385, K_CHAIN_FIXED, NULL);
    ck_assert_uint_eq(sim_engine_pending(e), 1);
    ck_assert_uint_eq(sim_engine_run(e), 10);
    for (int i = 0; i < 10; i++)
        ck_assert_double_eq_tol(tr.t[i], 2.385 + 1.5 * i, 1e-12);
    sim_engine_free(e);
}
END_TEST

/* Fixed and cancellable events share one (time, scheduling order): at equal times the one
 * scheduled first runs first, whatever its kind; cancelling leaves the fixed ones alone. */
START_TEST(engine_runs_fixed_and_cancellable_events_in_one_order)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_handle h[20] = {0};
    for (int i = 0; i < 20; i++) {
        const double t = i % 3 == 0 ? 1.0 : 0.5;
        if (i % 2 == 0)
            sim_engine_at_fixed(e, t, K_LOG + 100 + i, NULL);
        else
            h[i] = sim_engine_at(e, t, K_LOG + 100 + i, NULL);
    }
    sim_engine_cancel(e, h[5]);
    sim_engine_cancel(e, h[9]);
    ck_assert_uint_eq(sim_engine_pending(e), 18);
    ck_assert_uint_eq(sim_engine_run(e), 18);
    /* Expected: the pushes at 0.5 in push order, then those at 1.0, less the two cancelled. */
    int want[18], n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < 20; i++)
            if ((i % 3 == 0) == (pass == 1) && i != 5 && i != 9)
                want[n++] = K_LOG + 100 + i;
    ck_assert_int_eq(n, 18);
    for (int i = 0; i < 18; i++)
        ck_assert_int_eq(tr.kind[i], want[i]);
    sim_engine_free(e);
}
END_TEST

/* Streams: two sources that reschedule themselves (every 1.0 and 1.5 from 0.5) among two fixed
 * events; they run in time order with their stream numbers as data, and in scheduling order at
 * equal times (the fixed events were scheduled first; stream 1's 3.5 at 2.0, stream 0's at 2.5). */
struct stream_log {
    double t[16];
    long who[16]; /* the stream, or -1 for a fixed event */
    int n;
};

static void on_stream(sim_engine *e, int kind, void *data, void *ctx)
{
    struct stream_log *lg = ctx;
    const double now = sim_engine_now(e);
    ck_assert_int_lt(lg->n, 16);
    lg->t[lg->n] = now;
    lg->who[lg->n] = kind == K_LOG ? -1 : (long)(uintptr_t)data;
    lg->n++;
    if (kind == K_CHAIN) {
        const uint32_t i = (uint32_t)(uintptr_t)data;
        sim_engine_stream_at(e, i, now + (i == 0 ? 1.0 : 1.5), K_CHAIN);
    }
}

START_TEST(engine_runs_streams_with_the_other_events_in_one_order)
{
    struct stream_log lg = {0};
    sim_engine *e = sim_engine_alloc(on_stream, &lg);
    ck_assert_int_eq(sim_engine_streams(e, 2), 1);
    sim_engine_stream_at(e, 0, 0.5, K_CHAIN);
    sim_engine_stream_at(e, 1, 0.5, K_CHAIN);
    sim_engine_at_fixed(e, 2.0, K_LOG, NULL);
    sim_engine_at_fixed(e, 3.5, K_LOG, NULL);
    ck_assert_uint_eq(sim_engine_run_until(e, 4.0), 9);
    const double t[] = {0.5, 0.5, 1.5, 2.0, 2.0, 2.5, 3.5, 3.5, 3.5};
    const long who[] = {0, 1, 0, -1, 1, 0, -1, 1, 0};
    for (int k = 0; k < 9; k++) {
        ck_assert_double_eq(lg.t[k], t[k]);
        ck_assert_int_eq(lg.who[k], who[k]);
    }
    ck_assert_uint_eq(sim_engine_pending(e), 2); /* stream 0 at 4.5, stream 1 at 5.0 */
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_stop_returns_after_the_current_event_and_keeps_its_time)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at(e, 1.0, K_LOG, NULL);
    sim_engine_at(e, 2.0, K_STOP, NULL);
    sim_engine_at(e, 3.0, K_LOG, NULL);
    ck_assert_uint_eq(sim_engine_run_until(e, 10.0), 2);
    ck_assert_double_eq(sim_engine_now(e), 2.0);
    ck_assert_uint_eq(sim_engine_pending(e), 1);
    /* A later run starts afresh: stop applies to one run only. */
    ck_assert_uint_eq(sim_engine_run_until(e, 10.0), 1);
    ck_assert_double_eq(sim_engine_now(e), 10.0);
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_cancelled_events_do_not_run)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at(e, 1.0, K_CANCEL_OTHER, NULL);
    tr.other = sim_engine_at(e, 2.0, K_LOG, NULL);
    sim_handle h = sim_engine_at(e, 1.5, K_LOG, NULL);
    sim_engine_cancel(e, h);
    ck_assert_uint_eq(sim_engine_run(e), 1);
    ck_assert_int_eq(tr.kind[0], K_CANCEL_OTHER);
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_events_counter_includes_the_running_event)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at(e, 1.0, K_LOG, NULL);
    sim_engine_at(e, 2.0, K_LOG, NULL);
    sim_engine_run(e);
    ck_assert_uint_eq(tr.events_seen[0], 1);
    ck_assert_uint_eq(tr.events_seen[1], 2);
    sim_engine_free(e);
}
END_TEST

START_TEST(engine_scheduling_in_the_past_aborts)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at(e, 1.0, K_PAST, NULL);
    sim_engine_run(e);
}
END_TEST

START_TEST(engine_scheduling_a_fixed_event_in_the_past_aborts)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_at_fixed(e, 1.0, K_PAST_FIXED, NULL);
    sim_engine_run(e);
}
END_TEST

START_TEST(engine_negative_fixed_delay_aborts)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_after_fixed(e, -1e-9, K_LOG, NULL);
}
END_TEST

START_TEST(engine_scheduling_a_stream_in_the_past_aborts)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    ck_assert_int_eq(sim_engine_streams(e, 1), 1);
    sim_engine_at(e, 2.0, K_LOG, NULL);
    sim_engine_run(e);
    sim_engine_stream_at(e, 0, 1.0, K_LOG);
}
END_TEST

START_TEST(engine_run_until_before_now_aborts)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_run_until(e, 5.0);
    sim_engine_run_until(e, 4.0);
}
END_TEST

START_TEST(engine_negative_delay_aborts)
{
    struct trace tr = {0};
    sim_engine *e = sim_engine_alloc(on_event, &tr);
    sim_engine_after(e, -1e-9, K_LOG, NULL);
}
END_TEST

Suite *engine_suite(void); /* called by check_main.c through suites.h */

Suite *engine_suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("run");
    tcase_add_test(tc, engine_runs_events_up_to_t_end_then_sets_the_clock_to_t_end);
    tcase_add_test(tc, engine_after_schedules_relative_to_now);
    tcase_add_test(tc, engine_runs_equal_times_in_scheduling_order);
    tcase_add_test(tc, engine_after_fixed_schedules_relative_to_now);
    tcase_add_test(tc, engine_runs_fixed_and_cancellable_events_in_one_order);
    tcase_add_test(tc, engine_runs_streams_with_the_other_events_in_one_order);
    tcase_add_test(tc, engine_stop_returns_after_the_current_event_and_keeps_its_time);
    tcase_add_test(tc, engine_cancelled_events_do_not_run);
    tcase_add_test(tc, engine_events_counter_includes_the_running_event);
    suite_add_tcase(s, tc);
    if (check_forks()) {
        TCase *bugs = tcase_create("bugs");
        tcase_add_test_raise_signal(bugs, engine_scheduling_in_the_past_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, engine_run_until_before_now_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, engine_negative_delay_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, engine_scheduling_a_fixed_event_in_the_past_aborts,
                                    SIGABRT);
        tcase_add_test_raise_signal(bugs, engine_negative_fixed_delay_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, engine_scheduling_a_stream_in_the_past_aborts, SIGABRT);
        suite_add_tcase(s, bugs);
    }
    return s;
}
