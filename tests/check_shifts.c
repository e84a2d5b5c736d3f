/* Tests of models/shifts.c, the shift covering of ccsim schedule --shifts: answers worked out by
 * hand, the optimum of small programs found again by enumerating every plan, and the week's
 * plan always covering the requirement inside the opening hours. */
#include "models/shifts.h"

#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Agents on duty at interval t of the run under plan x. */
static int covered(const int *x, int T, const int *len, size_t n_len, int t)
{
    int c = 0;
    for (int s = 0; s < T; s++)
        for (size_t j = 0; j < n_len; j++)
            if (s <= t && t < s + len[j])
                c += x[(size_t)s * n_len + j];
    return c;
}

/* Requirement 1, 3, 1 with 2-interval shifts only: a shift starting at 0 (a agents) and one
 * starting at 1 (b agents; one starting at 2 would run past closing). Interval 0 needs a >= 1,
 * interval 2 needs b >= 1, interval 1 needs a + b >= 3: 3 shifts, 6 paid intervals for 5
 * needed. */
START_TEST(hand_peak_in_the_middle)
{
    const int req[] = {1, 3, 1}, len[] = {2};
    int x[3];
    ck_assert_int_eq(cc_shifts_cover(req, 3, len, 1, x), 6);
    ck_assert_int_ge(x[0], 1);
    ck_assert_int_ge(x[1], 1);
    ck_assert_int_eq(x[0] + x[1], 3);
    ck_assert_int_eq(x[2], 0);
}
END_TEST

/* A flat 2 over 6 intervals with 4-interval shifts (starts 0, 1, 2): interval 0 only has the
 * start at 0 and interval 5 only the start at 2, so both need 2 agents, which already cover
 * every interval: 16 paid for 12 needed, the idle coverage the shape forces. */
START_TEST(hand_shape_forces_idle_coverage)
{
    const int req[] = {2, 2, 2, 2, 2, 2}, len[] = {4};
    int x[6];
    ck_assert_int_eq(cc_shifts_cover(req, 6, len, 1, x), 16);
    const int want[] = {2, 0, 2, 0, 0, 0};
    for (int s = 0; s < 6; s++)
        ck_assert_int_eq(x[s], want[s]);
}
END_TEST

/* One agent over 4 intervals with lengths 2 and 4: two 2-interval shifts or one 4-interval
 * one pay the same 4 intervals; the plan takes the one person. */
START_TEST(hand_equal_hours_fewer_shifts)
{
    const int req[] = {1, 1, 1, 1}, len[] = {2, 4};
    int x[8];
    ck_assert_int_eq(cc_shifts_cover(req, 4, len, 2, x), 4);
    for (int k = 0; k < 8; k++)
        ck_assert_int_eq(x[k], k == 1 ? 1 : 0);
}
END_TEST

/* A shift may end exactly at closing: requirement 1 over 3 intervals, length 3. */
START_TEST(hand_shift_ends_at_closing)
{
    const int req[] = {1, 1, 1}, len[] = {3};
    int x[3];
    ck_assert_int_eq(cc_shifts_cover(req, 3, len, 1, x), 3);
    ck_assert_int_eq(x[0], 1);
}
END_TEST

START_TEST(no_length_fits)
{
    const int req[] = {1, 2}, zero[] = {0, 0}, len[] = {3, 4};
    int x[4];
    ck_assert_int_eq(cc_shifts_cover(req, 2, len, 2, x), -1);
    /* Nothing needed: the empty plan, whatever fits. */
    ck_assert_int_eq(cc_shifts_cover(zero, 2, len, 2, x), 0);
}
END_TEST

static unsigned lcg(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

/* The fewest paid intervals over every plan with at most rmax agents per (start, length), and
 * the fewest shifts among those plans into *shifts: a plan with more has an (s, j) whose
 * intervals all stay covered with one agent fewer, so it is never the only optimum. -1 when
 * no plan covers req. */
static long brute(const int *req, int T, const int *len, size_t n_len, int rmax, long *shifts)
{
    const size_t n = (size_t)T * n_len;
    int x[64] = {0};
    long best = -1;
    for (;;) {
        bool ok = true;
        for (int t = 0; t < T && ok; t++)
            ok = covered(x, T, len, n_len, t) >= req[t];
        long paid = 0, heads = 0;
        for (size_t k = 0; k < n; k++) {
            paid += (long)x[k] * len[k % n_len];
            heads += x[k];
        }
        if (ok && (best < 0 || paid < best || (paid == best && heads < *shifts))) {
            best = paid;
            *shifts = heads;
        }
        /* Next plan: mixed radix over the shifts that fit. */
        size_t k = 0;
        while (k < n) {
            const int s = (int)(k / n_len);
            if (s + len[k % n_len] <= T && x[k] < rmax) {
                x[k]++;
                break;
            }
            x[k] = 0;
            k++;
        }
        if (k == n)
            return best;
    }
}

/* 300 random programs (3 to 6 intervals, two lengths of 1 to 5, requirements 0 to 2): the
 * solver's paid intervals are the enumeration's minimum, with the fewest shifts among the plans
 * paying that, and its plan covers every interval with shifts that end by closing. */
START_TEST(optimum_matches_enumeration)
{
    unsigned seed = 20260101u;
    int feasible = 0;
    for (int c = 0; c < 300; c++) {
        const int T = 3 + (int)(lcg(&seed) % 4);
        int len[2];
        len[0] = 1 + (int)(lcg(&seed) % 5);
        do
            len[1] = 1 + (int)(lcg(&seed) % 5);
        while (len[1] == len[0]);
        int req[6], rmax = 0;
        for (int t = 0; t < T; t++) {
            req[t] = (int)(lcg(&seed) % 3);
            rmax = req[t] > rmax ? req[t] : rmax;
        }
        int x[12];
        const long got = cc_shifts_cover(req, T, len, 2, x);
        long want_shifts = 0;
        const long want = brute(req, T, len, 2, rmax, &want_shifts);
        ck_assert_msg(got == want, "case %d: T %d, lengths %d %d: solver %ld, enumeration %ld", c,
                      T, len[0], len[1], got, want);
        if (got < 0)
            continue;
        feasible++;
        long paid = 0, heads = 0;
        for (int s = 0; s < T; s++) {
            for (size_t j = 0; j < 2; j++) {
                ck_assert_int_ge(x[(size_t)s * 2 + j], 0);
                if (s + len[j] > T)
                    ck_assert_int_eq(x[(size_t)s * 2 + j], 0);
                paid += (long)x[(size_t)s * 2 + j] * len[j];
                heads += x[(size_t)s * 2 + j];
            }
        }
        ck_assert_int_eq(paid, got);
        ck_assert_msg(heads == want_shifts, "case %d: %ld shifts, fewest %ld", c, heads,
                      want_shifts);
        for (int t = 0; t < T; t++)
            ck_assert_int_ge(covered(x, T, len, 2, t), req[t]);
    }
    ck_assert_int_gt(feasible, 200); /* the comparison was not only of refusals */
}
END_TEST

/* A week of 8 intervals a day: Monday open 1-3 and 5-7 (a lunch closing), Tuesday closed,
 * Wednesday open all day, the rest closed. Every open interval is covered, closed ones get no
 * agent, no shift crosses a closing, and the paid intervals are the agents on duty summed. */
START_TEST(week_covers_inside_opening_hours)
{
    enum { SPD = 8 };
    unsigned char open[7 * SPD] = {0};
    int req[7 * SPD] = {0}, cover[7 * SPD];
    for (int s = 1; s < 8; s++)
        open[s] = s != 4;
    for (int s = 0; s < 8; s++)
        open[2 * SPD + s] = 1;
    const int want_req[] = {0, 1, 3, 2, 0, 2, 2, 1};
    for (int s = 0; s < 8; s++) {
        req[s] = open[s] ? want_req[s] : 0;
        req[2 * SPD + s] = 1 + (s >= 2 && s < 6) * 2;
        req[SPD + s] = 5; /* closed: ignored */
    }
    const int len[] = {2, 3};
    struct cc_shifts_week w;
    ck_assert_int_eq(cc_shifts_week(req, open, SPD, len, 2, cover, &w), CC_SHIFTS_OK);
    long sum = 0;
    for (int b = 0; b < 7 * SPD; b++) {
        if (open[b])
            ck_assert_int_ge(cover[b], req[b]);
        else
            ck_assert_int_eq(cover[b], 0);
        sum += cover[b];
    }
    ck_assert_int_eq(sum, w.paid_slots);
    ck_assert_uint_gt(w.n, 0);
    for (size_t i = 0; i < w.n; i++) {
        const struct cc_shift *k = &w.shift[i];
        ck_assert_int_gt(k->agents, 0);
        for (int t = k->start; t < k->start + k->length; t++)
            ck_assert(t < SPD && open[k->day * SPD + t]);
    }
    free(w.shift);
}
END_TEST

START_TEST(week_reports_the_run_no_length_fits)
{
    enum { SPD = 8 };
    unsigned char open[7 * SPD] = {0};
    int req[7 * SPD], cover[7 * SPD];
    for (int b = 0; b < 7 * SPD; b++)
        req[b] = 1;
    memset(open, 1, SPD);             /* Monday: all day */
    memset(open + 3 * SPD + 2, 1, 3); /* Thursday 2-4: 3 intervals */
    const int len[] = {4};
    struct cc_shifts_week w;
    ck_assert_int_eq(cc_shifts_week(req, open, SPD, len, 1, cover, &w), CC_SHIFTS_NO_FIT);
    ck_assert_int_eq(w.bad_day, 3);
    ck_assert_int_eq(w.bad_from, 2);
    ck_assert_int_eq(w.bad_to, 5);
    ck_assert(w.shift == NULL);
}
END_TEST

Suite *shifts_suite(void);
Suite *shifts_suite(void)
{
    Suite *s = suite_create("shifts");
    TCase *tc = tcase_create("cover");
    tcase_add_test(tc, hand_peak_in_the_middle);
    tcase_add_test(tc, hand_shape_forces_idle_coverage);
    tcase_add_test(tc, hand_equal_hours_fewer_shifts);
    tcase_add_test(tc, hand_shift_ends_at_closing);
    tcase_add_test(tc, no_length_fits);
    tcase_add_test(tc, optimum_matches_enumeration);
    tcase_add_test(tc, week_covers_inside_opening_hours);
    tcase_add_test(tc, week_reports_the_run_no_length_fits);
    suite_add_tcase(s, tc);
    return s;
}
