/* Tests of sim_calendar: ordering (time, then FIFO at equal times) over the three kinds of
 * push (cancellable, fixed, stream), cancel, handle checks. */
#include "sim/calendar.h"
#include "tests/check_util.h"

#include <check.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

START_TEST(calendar_pops_equal_times_in_fifo_insertion_order)
{
    sim_calendar *c = sim_calendar_alloc(0);
    /* Interleave two times so that heap moves cannot accidentally keep insertion order. */
    for (int i = 0; i < 200; i++)
        sim_calendar_push(c, i % 2 == 0 ? 2.385 : 1.25, i, NULL);
    double t, last_t = -INFINITY;
    int kind, last_kind = -1;
    void *data;
    int n = 0;
    while (sim_calendar_pop(c, &t, &kind, &data)) {
        ck_assert_double_ge(t, last_t);
        if (t == last_t)
            ck_assert_int_gt(kind, last_kind);
        last_t = t;
        last_kind = kind;
        n++;
    }
    ck_assert_int_eq(n, 200);
    sim_calendar_free(c);
}
END_TEST

START_TEST(calendar_returns_kind_and_data_of_each_event)
{
    sim_calendar *c = sim_calendar_alloc(4);
    int a = 1, b = 2;
    sim_calendar_push(c, 7.5, 17, &b);
    sim_calendar_push(c, 3.25, 42, &a);
    double t;
    int kind;
    void *data;
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
    ck_assert(t == 3.25 && kind == 42 && data == &a);
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
    ck_assert(t == 7.5 && kind == 17 && data == &b);
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 0);
    ck_assert(isinf(sim_calendar_next_time(c)));
    sim_calendar_free(c);
}
END_TEST

/* The reference: events as (t, seq) with a flag, popped by linear scan. Simple enough to trust. */
struct ref_event {
    double t;
    sim_handle h; /* 0 for a fixed (uncancellable) event or a stream's */
    int stream;   /* the stream of a stream event, else -1 */
    int live;
};

static uint64_t lcg_state;
static double lcg_uniform(void)
{
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (double)(lcg_state >> 11) * 0x1.0p-53;
}

/* A check that calls into Check only when it fails (see its use below). */
#define REQUIRE(cond)                                                                              \
    do {                                                                                           \
        if (!(cond))                                                                               \
            ck_abort_msg("op %d: %s", op, #cond);                                                  \
    } while (0)

/* Random pushes, cancels and pops, each pop checked against the reference. A share
 * stream_share of the pushes go to one of NSTREAMS streams (when it is idle; otherwise the
 * push falls to the other kinds), and of the rest a share fixed_share are fixed events (no
 * handle), so the pop must merge the three structures; cancels pick among the events that
 * have a handle. Half the time a popped stream schedules its next event at once, as an
 * arrival process does (the stream tree's lazy path); otherwise it stays idle a while. */
enum { OPS = 100000, NSTREAMS = 37 };
struct ref {
    sim_calendar *c;
    struct ref_event *ev;
    size_t *live_ix;
    size_t nev, live;
    int stream_busy[NSTREAMS];
};

static void ref_push(struct ref *r, double t, int stream, int fixed)
{
    struct ref_event *e = &r->ev[r->nev];
    e->t = t;
    e->live = 1;
    e->stream = stream;
    e->h = 0;
    if (stream >= 0) {
        sim_calendar_push_stream(r->c, (uint32_t)stream, t, (int)r->nev);
        r->stream_busy[stream] = 1;
    } else if (fixed) {
        sim_calendar_push_fixed(r->c, t, (int)r->nev, e);
    } else {
        e->h = sim_calendar_push(r->c, t, (int)r->nev, e);
    }
    r->live_ix[r->live++] = r->nev++;
}

static void check_against_sorted_reference(double fixed_share, double stream_share, uint64_t seed)
{
    /* The reference keeps the indices of live events in a dense array (swap-remove), so each
     * check scans the few hundred live events instead of every event ever pushed; and the
     * per-operation checks go through REQUIRE, which costs nothing while they hold (ck_assert
     * writes a mark point to Check's pipe on every success, which made this case slow under
     * load). Same operations, same power. */
    struct ref r = {0};
    r.ev = calloc(2 * OPS, sizeof(*r.ev));
    r.live_ix = calloc(2 * OPS, sizeof(*r.live_ix));
    ck_assert_ptr_nonnull(r.ev);
    ck_assert_ptr_nonnull(r.live_ix);
    r.c = sim_calendar_alloc(0);
    sim_calendar *c = r.c;
    ck_assert_int_eq(sim_calendar_streams(c, NSTREAMS), 1);
    lcg_state = seed;
    double now = 0.0;
    int pops = 0, fixed_pops = 0, stream_pops = 0, cancels = 0;
    for (int op = 0; op < OPS; op++) {
        double u = lcg_uniform();
        if (u < 0.5 || r.live == 0) {
            /* Times on a coarse grid, so ties are frequent and FIFO is exercised too. */
            const double t = now + floor(lcg_uniform() * 50.0) * 0.5;
            int stream = -1;
            if (lcg_uniform() < stream_share) {
                const int k = (int)(lcg_uniform() * NSTREAMS);
                stream = r.stream_busy[k] ? -1 : k;
            }
            ref_push(&r, t, stream, lcg_uniform() < fixed_share);
            REQUIRE(sim_calendar_size(c) == r.live);
            continue;
        }
        int pop = u >= 0.7;
        if (!pop) {
            /* Cancel a random live event; one drawn without a handle is popped instead, so
             * that removals still balance pushes and the live set stays a few hundred. */
            const size_t j = (size_t)(lcg_uniform() * (double)r.live);
            struct ref_event *e = &r.ev[r.live_ix[j]];
            if (e->h == 0) {
                pop = 1;
            } else {
                REQUIRE(sim_calendar_is_pending(c, e->h));
                sim_calendar_cancel(c, e->h);
                REQUIRE(!sim_calendar_is_pending(c, e->h));
                e->live = 0;
                r.live_ix[j] = r.live_ix[--r.live];
                cancels++;
            }
        }
        if (pop) {
            /* The expected event is the live one with the smallest (t, insertion index). */
            size_t bj = 0;
            for (size_t j = 1; j < r.live; j++) {
                const struct ref_event *e = &r.ev[r.live_ix[j]], *b = &r.ev[r.live_ix[bj]];
                if (e->t < b->t || (e->t == b->t && r.live_ix[j] < r.live_ix[bj]))
                    bj = j;
            }
            const size_t best = r.live_ix[bj];
            struct ref_event *b = &r.ev[best];
            REQUIRE(sim_calendar_next_time(c) == b->t);
            double t;
            int kind;
            void *data;
            REQUIRE(sim_calendar_pop(c, &t, &kind, &data) == 1);
            REQUIRE(kind == (int)best);
            REQUIRE(t == b->t);
            REQUIRE(data == (b->stream >= 0 ? (void *)(uintptr_t)b->stream : (void *)b));
            REQUIRE(b->h == 0 || !sim_calendar_is_pending(c, b->h));
            b->live = 0;
            r.live_ix[bj] = r.live_ix[--r.live];
            now = t;
            pops++;
            fixed_pops += b->h == 0 && b->stream < 0;
            if (b->stream >= 0) {
                stream_pops++;
                r.stream_busy[b->stream] = 0;
                if (lcg_uniform() < 0.5)
                    ref_push(&r, now + floor(lcg_uniform() * 50.0) * 0.5, b->stream, 0);
            }
        }
        REQUIRE(sim_calendar_size(c) == r.live);
    }
    /* Every kind was exercised as the shares ask (each share is 0, 1 or in between). */
    ck_assert_int_gt(pops, 10000);
    if (fixed_share < 1.0 && stream_share < 1.0)
        ck_assert_int_gt(cancels, 1000);
    ck_assert(fixed_share == 0.0 ? fixed_pops == 0 : fixed_pops > 1000);
    ck_assert(stream_share == 0.0 ? stream_pops == 0 : stream_pops > 1000);
    ck_assert(fixed_share == 1.0 && stream_share == 0.0 ? fixed_pops == pops : fixed_pops < pops);
    sim_calendar_free(c);
    free(r.live_ix);
    free(r.ev);
}

START_TEST(calendar_pops_in_time_order_against_sorted_reference)
{
    check_against_sorted_reference(0.0, 0.0, 2385);
}
END_TEST

/* About the share of ccsim's network model: most events fixed, a few cancellable. */
START_TEST(calendar_pops_both_kinds_in_time_order_against_sorted_reference)
{
    check_against_sorted_reference(0.85, 0.0, 4719);
}
END_TEST

START_TEST(calendar_pops_fixed_events_in_time_order_against_sorted_reference)
{
    check_against_sorted_reference(1.0, 0.0, 977);
}
END_TEST

/* About ccsim's network model with its arrivals as streams: half the events are a stream's
 * (at most NSTREAMS pending), most of the rest fixed, a few cancellable. */
START_TEST(calendar_pops_streams_with_both_heaps_against_sorted_reference)
{
    check_against_sorted_reference(0.85, 0.5, 3939);
}
END_TEST

/* Equal times, pushed alternately (and in runs) as fixed, cancellable and stream events: they
 * must pop in push order, whichever structure holds them. */
START_TEST(calendar_pops_equal_times_fifo_across_all_kinds)
{
    sim_calendar *c = sim_calendar_alloc(0);
    ck_assert_int_eq(sim_calendar_streams(c, 300), 1);
    lcg_state = 31;
    for (int i = 0; i < 300; i++) {
        const double t = i % 2 == 0 ? 2.385 : 1.25;
        const double u = lcg_uniform();
        if (u < 1.0 / 3.0)
            sim_calendar_push_fixed(c, t, i, NULL);
        else if (u < 2.0 / 3.0)
            sim_calendar_push(c, t, i, NULL);
        else
            sim_calendar_push_stream(c, (uint32_t)i, t, i);
    }
    ck_assert_uint_eq(sim_calendar_size(c), 300);
    double t;
    int kind;
    void *data;
    /* First the odd pushes (time 1.25) in push order, then the even ones. */
    for (int k = 0; k < 300; k++) {
        const int want = k < 150 ? 2 * k + 1 : 2 * (k - 150);
        ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
        ck_assert_int_eq(kind, want);
    }
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 0);
    sim_calendar_free(c);
}
END_TEST

/* -0 and +0 are the same time: fixed events at either pop in push order (the plain heap tests
 * ties on the times' bits, so a push must not keep a -0). */
START_TEST(calendar_pops_signed_zero_times_in_push_order)
{
    /* Zeros of both signs among distinct later times, so that heap nodes mix them. */
    sim_calendar *c = sim_calendar_alloc(0);
    for (int i = 0; i < 400; i++)
        sim_calendar_push_fixed(c, i % 2 ? 1.0 + i : (i % 4 ? -0.0 : 0.0), i, NULL);
    double t;
    int kind;
    void *data;
    for (int i = 0; i < 400; i++) {
        ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
        ck_assert_int_eq(kind, i < 200 ? 2 * i : 2 * (i - 200) + 1);
    }
    sim_calendar_free(c);
}
END_TEST

START_TEST(calendar_pop_until_and_clear_see_fixed_events)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_calendar_push(c, 3.0, 1, NULL);
    sim_calendar_push_fixed(c, 2.0, 2, NULL);
    ck_assert_double_eq(sim_calendar_next_time(c), 2.0);
    double t;
    int kind;
    void *data;
    ck_assert_int_eq(sim_calendar_pop_until(c, 1.999, &t, &kind, &data), 0);
    ck_assert_int_eq(sim_calendar_pop_until(c, 2.0, &t, &kind, &data), 1);
    ck_assert(t == 2.0 && kind == 2);
    sim_calendar_push_fixed(c, 5.0, 3, NULL);
    ck_assert_int_eq(sim_calendar_pop_until(c, 4.0, &t, &kind, &data), 1);
    ck_assert(t == 3.0 && kind == 1);
    ck_assert_int_eq(sim_calendar_pop_until(c, 4.0, &t, &kind, &data), 0);
    ck_assert_uint_eq(sim_calendar_size(c), 1);
    sim_calendar_clear(c);
    ck_assert_uint_eq(sim_calendar_size(c), 0);
    ck_assert(isinf(sim_calendar_next_time(c)));
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 0);
    sim_calendar_free(c);
}
END_TEST

/* A stream's event counts in the size once pushed and not once popped, whether or not the
 * stream schedules again; pop_until leaves it when it is later than t_end; clear idles every
 * stream, which may then be scheduled again. */
START_TEST(calendar_stream_pop_until_size_and_clear)
{
    sim_calendar *c = sim_calendar_alloc(0);
    ck_assert_int_eq(sim_calendar_streams(c, 3), 1);
    sim_calendar_push_stream(c, 2, 4.0, 7);
    sim_calendar_push_stream(c, 0, 6.0, 8);
    sim_calendar_push_fixed(c, 5.0, 9, NULL);
    ck_assert_uint_eq(sim_calendar_size(c), 3);
    double t;
    int kind;
    void *data;
    ck_assert_int_eq(sim_calendar_pop_until(c, 3.0, &t, &kind, &data), 0);
    ck_assert_int_eq(sim_calendar_pop_until(c, 4.0, &t, &kind, &data), 1);
    ck_assert(t == 4.0 && kind == 7 && data == (void *)(uintptr_t)2);
    ck_assert_uint_eq(sim_calendar_size(c), 2);
    /* Stream 2 left idle: the next pops must not see its old event again. */
    ck_assert_double_eq(sim_calendar_next_time(c), 5.0);
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
    ck_assert(t == 5.0 && kind == 9);
    sim_calendar_push_stream(c, 2, 5.5, 10); /* idle since its pop: allowed */
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
    ck_assert(t == 5.5 && kind == 10 && data == (void *)(uintptr_t)2);
    sim_calendar_clear(c);
    ck_assert_uint_eq(sim_calendar_size(c), 0);
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 0);
    sim_calendar_push_stream(c, 0, 1.0, 11); /* was pending before the clear */
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 1);
    ck_assert(t == 1.0 && kind == 11 && data == (void *)(uintptr_t)0);
    ck_assert_int_eq(sim_calendar_pop(c, &t, &kind, &data), 0);
    sim_calendar_free(c);
}
END_TEST

START_TEST(calendar_push_stream_while_pending_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    ck_assert_int_eq(sim_calendar_streams(c, 2), 1);
    sim_calendar_push_stream(c, 1, 1.0, 0);
    sim_calendar_push_stream(c, 1, 2.0, 0); /* one pending event per stream */
}
END_TEST

START_TEST(calendar_push_stream_out_of_range_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    ck_assert_int_eq(sim_calendar_streams(c, 2), 1);
    sim_calendar_push_stream(c, 2, 1.0, 0);
}
END_TEST

START_TEST(calendar_push_stream_at_infinity_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    ck_assert_int_eq(sim_calendar_streams(c, 2), 1);
    sim_calendar_push_stream(c, 0, INFINITY, 0);
}
END_TEST

START_TEST(calendar_push_fixed_of_nan_time_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_calendar_push_fixed(c, NAN, 0, NULL);
}
END_TEST

START_TEST(calendar_reuses_slots_without_reusing_handles)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_handle h1 = sim_calendar_push(c, 1.5, 0, NULL);
    sim_calendar_cancel(c, h1);
    sim_handle h2 = sim_calendar_push(c, 1.5, 0, NULL);
    ck_assert(h1 != 0 && h2 != 0 && h1 != h2);
    ck_assert(!sim_calendar_is_pending(c, h1));
    ck_assert(sim_calendar_is_pending(c, h2));
    ck_assert(!sim_calendar_is_pending(c, 0));
    sim_calendar_free(c);
}
END_TEST

START_TEST(calendar_clear_empties_it_and_makes_handles_stale)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_handle h[100];
    for (int i = 0; i < 100; i++)
        h[i] = sim_calendar_push(c, 100.0 - i, i, NULL);
    sim_calendar_clear(c);
    ck_assert_uint_eq(sim_calendar_size(c), 0);
    for (int i = 0; i < 100; i++)
        ck_assert(!sim_calendar_is_pending(c, h[i]));
    sim_calendar_push(c, 4.5, 7, NULL);
    ck_assert_double_eq(sim_calendar_next_time(c), 4.5);
    sim_calendar_free(c);
}
END_TEST

START_TEST(calendar_pop_until_leaves_later_events)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_calendar_push(c, 2.0, 1, NULL);
    sim_calendar_push(c, 3.0, 2, NULL);
    double t;
    int kind;
    void *data;
    ck_assert_int_eq(sim_calendar_pop_until(c, 2.0, &t, &kind, &data), 1);
    ck_assert_int_eq(kind, 1);
    ck_assert_int_eq(sim_calendar_pop_until(c, 2.999, &t, &kind, &data), 0);
    ck_assert_uint_eq(sim_calendar_size(c), 1);
    sim_calendar_free(c);
}
END_TEST

START_TEST(calendar_cancel_of_a_popped_handle_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_handle h = sim_calendar_push(c, 1.0, 0, NULL);
    double t;
    int kind;
    void *data;
    sim_calendar_pop(c, &t, &kind, &data);
    sim_calendar_cancel(c, h); /* must abort */
}
END_TEST

START_TEST(calendar_cancel_of_a_cancelled_handle_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_handle h = sim_calendar_push(c, 1.0, 0, NULL);
    sim_calendar_cancel(c, h);
    sim_calendar_cancel(c, h); /* must abort */
}
END_TEST

START_TEST(calendar_cancel_of_an_unknown_handle_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_calendar_push(c, 1.0, 0, NULL);
    sim_calendar_cancel(c, (sim_handle)1 << 32 | 5); /* slot 5 was never used */
}
END_TEST

START_TEST(calendar_push_of_nan_time_aborts)
{
    sim_calendar *c = sim_calendar_alloc(0);
    sim_calendar_push(c, NAN, 0, NULL);
}
END_TEST

Suite *calendar_suite(void); /* called by check_main.c through suites.h */

Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("order");
    tcase_add_test(tc, calendar_pops_equal_times_in_fifo_insertion_order);
    tcase_add_test(tc, calendar_returns_kind_and_data_of_each_event);
    tcase_add_test(tc, calendar_pops_in_time_order_against_sorted_reference);
    tcase_add_test(tc, calendar_pops_both_kinds_in_time_order_against_sorted_reference);
    tcase_add_test(tc, calendar_pops_fixed_events_in_time_order_against_sorted_reference);
    tcase_add_test(tc, calendar_pops_equal_times_fifo_across_all_kinds);
    tcase_add_test(tc, calendar_pops_streams_with_both_heaps_against_sorted_reference);
    tcase_add_test(tc, calendar_stream_pop_until_size_and_clear);
    tcase_add_test(tc, calendar_pops_signed_zero_times_in_push_order);
    tcase_add_test(tc, calendar_pop_until_and_clear_see_fixed_events);
    tcase_add_test(tc, calendar_reuses_slots_without_reusing_handles);
    tcase_add_test(tc, calendar_clear_empties_it_and_makes_handles_stale);
    tcase_add_test(tc, calendar_pop_until_leaves_later_events);
    suite_add_tcase(s, tc);
    if (check_forks()) {
        TCase *bugs = tcase_create("bugs");
        tcase_add_test_raise_signal(bugs, calendar_cancel_of_a_popped_handle_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_cancel_of_a_cancelled_handle_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_cancel_of_an_unknown_handle_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_push_of_nan_time_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_push_fixed_of_nan_time_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_push_stream_while_pending_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_push_stream_out_of_range_aborts, SIGABRT);
        tcase_add_test_raise_signal(bugs, calendar_push_stream_at_infinity_aborts, SIGABRT);
        suite_add_tcase(s, bugs);
    }
    return s;
}
