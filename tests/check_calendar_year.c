/* Tests of the dated calendar (models/scenario_calendar.c and its use in models/center.c): date
 * arithmetic against a day-by-day count, the shipped French holidays against an independent
 * computus, the weekday of calendar.start, closed dates (no calls, no agents), month weights
 * and peaks against the volumes they imply (Poisson tolerances, fixed seeds), and the years the
 * yearly costs divide by. (tests/check_calendar.c is the engine's event calendar.) */
#include "models/center.h"
#include "models/report.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "tests/check_load.h"

#include <cJSON.h>
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HOLIDAYS "scenarios/calendars/fr-holidays.json"

/* ---- dates -------------------------------------------------------------------------------- */

static int month_len(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return len[m - 1] + (m == 2 && leap);
}

/* Every day from 1900-01-01 to 2100-12-31 walked one by one (month lengths, leap rule) has the
 * number cc_date_days gives, comes back through cc_date_civil, and its weekday follows the
 * one before; 1900-01-01 was a Monday, 1970-01-01 is day 0, 2013-01-01 a Tuesday. */
START_TEST(dates_match_a_day_by_day_count)
{
    long n = cc_date_days(1900, 1, 1);
    ck_assert_int_eq(cc_date_weekday(n), 0);
    ck_assert_int_eq(cc_date_days(1970, 1, 1), 0);
    ck_assert_int_eq(cc_date_weekday(cc_date_days(2013, 1, 1)), 1);
    for (int y = 1900; y <= 2100; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= month_len(y, m); d++) {
                ck_assert_int_eq(cc_date_days(y, m, d), n);
                int y2, m2, d2;
                cc_date_civil(n, &y2, &m2, &d2);
                ck_assert(y2 == y && m2 == m && d2 == d);
                n++;
            }
    long t;
    ck_assert(cc_date_parse("2000-02-29", &t) && t == cc_date_days(2000, 2, 29));
    ck_assert(!cc_date_parse("1900-02-29", &t));
    ck_assert(!cc_date_parse("2013-02-30", &t));
    ck_assert(!cc_date_parse("2013-1-01", &t));
    ck_assert(!cc_date_parse("2013-01-01x", &t));
    ck_assert(!cc_date_parse("2013/01/01", &t));
}
END_TEST

/* ---- the shipped holidays ------------------------------------------------------------------ */

/* Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher), not the one that
 * wrote the file (python-dateutil). */
static long easter(int y)
{
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return cc_date_days(y, month, day);
}

static int cmp_long(const void *a, const void *b)
{
    const long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The file lists, for 2000-2040, exactly the eleven French public holidays of each year:
 * 1 Jan, Easter Monday, 1 May, 8 May, Ascension (Easter + 39), Whit Monday (Easter + 50),
 * 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec. Anchors: Easter 2013 was 31 March, 2000 23 April. */
START_TEST(fr_holidays_match_the_computus)
{
    ck_assert_int_eq(easter(2013), cc_date_days(2013, 3, 31));
    ck_assert_int_eq(easter(2000), cc_date_days(2000, 4, 23));
    ck_assert_int_eq(easter(2019), cc_date_days(2019, 4, 21));
    FILE *f = fopen(HOLIDAYS, "rb");
    ck_assert(f != NULL);
    static char buf[1 << 20];
    const size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    cJSON *root = cJSON_Parse(buf);
    ck_assert(root != NULL);
    ck_assert_int_eq(cJSON_GetObjectItem(root, "from_year")->valueint, 2000);
    ck_assert_int_eq(cJSON_GetObjectItem(root, "to_year")->valueint, 2040);
    const cJSON *list = cJSON_GetObjectItem(root, "holidays");
    const size_t count = (size_t)cJSON_GetArraySize(list);
    long *got = calloc(count, sizeof *got), want[41 * 11];
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        ck_assert(cc_date_parse(cJSON_GetObjectItem(it, "date")->valuestring, &got[i]));
        i++;
    }
    size_t w = 0;
    for (int y = 2000; y <= 2040; y++) {
        const long e = easter(y);
        const long days[11] = {cc_date_days(y, 1, 1),
                               e + 1,
                               cc_date_days(y, 5, 1),
                               cc_date_days(y, 5, 8),
                               e + 39,
                               e + 50,
                               cc_date_days(y, 7, 14),
                               cc_date_days(y, 8, 15),
                               cc_date_days(y, 11, 1),
                               cc_date_days(y, 11, 11),
                               cc_date_days(y, 12, 25)};
        for (int k = 0; k < 11; k++)
            want[w++] = days[k];
    }
    qsort(got, count, sizeof *got, cmp_long);
    qsort(want, w, sizeof *want, cmp_long);
    ck_assert_uint_eq(count, w);
    for (size_t k = 0; k < w; k++)
        ck_assert_msg(got[k] == want[k], "holiday %zu differs", k);
    free(got);
    cJSON_Delete(root);
}
END_TEST

/* ---- runs ---------------------------------------------------------------------------------- */

/* A small network: one prefecture, level 1 alone takes the direct calls (1,000 per open day),
 * no transfer, so level-1 offered counts are the direct Poisson arrivals. */
static char *small(const char *run, const char *calendar)
{
    static char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"seed\": 7, \"run\": {%s}, \"calendar\": {%s},"
             " \"prefectures\": {\"count\": 1, \"calls_per_day\": 50, \"interconnected\": false},"
             " \"level1\": {\"direct_calls_per_day\": 1000, \"agents\": 40,"
             " \"escalate\": {\"direct\": 0, \"prefecture\": 0}},"
             " \"level2\": {\"agents\": 1}}",
             run, calendar);
    return buf;
}

static size_t irow_of(const struct cc_layout *l, const char *name)
{
    for (size_t i = 0; i < l->n_irows; i++)
        if (strcmp(l->row_name[l->irow_row[i]], name) == 0)
            return i;
    ck_abort_msg("no interval row %s", name);
    return 0;
}

/* Level-1 offered calls per open day in month m (1-12), mean over replications. */
static double month_offered(const struct cc_run *run, int m, double *open_days)
{
    const struct cc_layout *l = run->layout;
    ck_assert_uint_eq(l->n_months, CC_MONTHS);
    const size_t at = (irow_of(l, "level1") * CC_MONTHS + (size_t)(m - 1)) * CC_MON_COUNT;
    double s = 0;
    for (int r = 0; r < run->reps; r++)
        s += run->rep[r]->mon[at + CC_IM_OFFERED];
    *open_days = run->rep[0]->mon[at + CC_MON_OPEN_DAYS];
    return s / run->reps;
}

/* |x - want| within 4 standard errors of a mean over reps of Poisson counts per open day. */
static void near_poisson(double x, double want, double open_days, int reps, const char *what)
{
    const double se = sqrt(want / open_days / reps);
    ck_assert_msg(fabs(x - want) <= 4 * se, "%s: %.2f, expected %.2f +- %.2f", what, x, want,
                  4 * se);
}

/* Saturday 5 January 2013 and the Sunday after: level 1 is closed (Mon-Fri), so no call and no
 * agent; from Monday 7 January there are. The weekday comes from the date, not from day 0. */
START_TEST(start_date_gives_the_weekday)
{
    struct cc_scenario *sc =
        load_json(small("\"reps\": 1, \"days\": 2", "\"start\": \"2013-01-05\""));
    ck_assert_int_eq(sc->cal.start_wday, 5);
    struct cc_run *run = run_of(sc);
    const int r = cc_report_row(run, "level1");
    ck_assert_double_eq(cc_report_ci(run, (size_t)r, CC_M_OFFERED).mean, 0);
    cc_run_free(run);
    cc_scenario_free(sc);
    sc = load_json(small("\"reps\": 1, \"days\": 1", "\"start\": \"2013-01-07\""));
    run = run_of(sc);
    ck_assert(cc_report_ci(run, (size_t)cc_report_row(run, "level1"), CC_M_OFFERED).mean > 500);
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* A week from Monday 7 January 2013 with Wednesday 9 closed: the Wednesday bins of level 1 see
 * no call and no agent (agents_avg undefined: the station never opened), Tuesday's do. */
START_TEST(closed_date_has_no_calls_and_no_agents)
{
    struct cc_scenario *sc =
        load_json(small("\"reps\": 2, \"days\": 7",
                        "\"start\": \"2013-01-07\", \"closed_dates\": [\"2013-01-09\"]"));
    ck_assert_uint_eq(sc->cal.n_closed, 1);
    struct cc_run *run = run_of(sc);
    const struct cc_layout *l = run->layout;
    const size_t ir = irow_of(l, "level1"), spd = (size_t)sc->slots_per_day;
    double tue = 0, wed = 0, wed_agents = 0;
    for (size_t s = 0; s < spd; s++) {
        const double *t = &run->rep[0]->ivl[(ir * l->n_bins + spd + s) * CC_IM_COUNT];
        const double *w = &run->rep[0]->ivl[(ir * l->n_bins + 2 * spd + s) * CC_IM_COUNT];
        tue += t[CC_IM_OFFERED];
        wed += w[CC_IM_OFFERED];
        wed_agents += isnan(w[CC_IM_AGENTS_AVG]) ? 0 : w[CC_IM_AGENTS_AVG];
    }
    ck_assert(tue > 500);
    ck_assert_double_eq(wed, 0);
    ck_assert_double_eq(wed_agents, 0);
    /* Four open days in January's month bin, not five. */
    double days;
    month_offered(run, 1, &days);
    ck_assert_double_eq(days, 4);
    /* Nobody on duty that day: agents present while a station is closed count as overtime,
     * which the 40 agents of 08:30-18:00 would make about 380 h; a normal week has minutes. */
    const int l1 = cc_report_row(run, "level1");
    ck_assert(cc_report_ci(run, (size_t)l1, CC_M_OVERTIME_H).mean < 10);
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* January and February 2013 with month weights 3 (Jan) and 1 (the rest): normalised to a mean
 * of 1 they are 36/14 and 12/14. February 2013 is four whole weeks, so its weekday weights
 * average 1: 1000 x 12/14 calls per open day. January 2013 starts on a Tuesday: 4 Mondays,
 * 5 Tuesdays, Wednesdays and Thursdays, 4 Fridays, weekday weights 1.25, 1.05, 0.95, 0.95, 0.80
 * average 22.95 / 23 over its 23 open days: 1000 x 36/14 x 22.95/23. */
START_TEST(month_weights_scale_the_arrivals)
{
    struct cc_scenario *sc = load_json(small(
        "\"reps\": 4, \"days\": 59",
        "\"start\": \"2013-01-01\", \"month_weights\": [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"));
    ck_assert_double_eq_tol(sc->cal.month_weight[0], 36.0 / 14, 1e-12);
    struct cc_run *run = run_of(sc);
    double days;
    const double feb = month_offered(run, 2, &days);
    ck_assert_double_eq(days, 20);
    near_poisson(feb, 1000 * 12.0 / 14, days, run->reps, "February");
    const double jan = month_offered(run, 1, &days);
    ck_assert_double_eq(days, 23);
    near_poisson(jan, 1000 * 36.0 / 14 * 22.95 / 23, days, run->reps, "January");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* February 2013 with a peak x 2 on Monday 11 to Friday 15: 25 days' worth of calls over 20 open
 * days, 1250 per open day; without the peak 1000. */
START_TEST(peak_multiplies_its_days)
{
    struct cc_scenario *sc =
        load_json(small("\"reps\": 4, \"days\": 28",
                        "\"start\": \"2013-02-01\", \"peaks\": [{\"name\": \"rush\", \"from\": "
                        "\"2013-02-11\", \"to\": \"2013-02-15\", \"factor\": 2}]"));
    struct cc_run *run = run_of(sc);
    double days;
    const double feb = month_offered(run, 2, &days);
    ck_assert_double_eq(days, 20);
    near_poisson(feb, 1250, days, run->reps, "February with a peak");
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* The years yearly costs divide by: whole years of a dated run are themselves; anything else is
 * level-1 open days / costs.open_days_per_year (250), closed dates not counted. */
START_TEST(years_of_the_yearly_figures)
{
    struct {
        const char *run, *cal;
        double years;
        int open_days;
    } cases[] = {
        {"\"days\": 5", "", 5.0 / 250, 5},
        {"\"days\": 365", "\"start\": \"2013-01-01\"", 1, 261},
        /* 2013: 11 holidays, of which 14 July on a Sunday: 261 - 10 weekdays. */
        {"\"days\": 365", "\"start\": \"2013-01-01\", \"holidays\": \"fr\"", 1, 251},
        {"\"days\": 730", "\"start\": \"2013-01-01\"", 2, 522},
        {"\"days\": 366", "\"start\": \"2012-01-01\"", 1, 261},
        {"\"days\": 365", "\"start\": \"2012-03-01\"", 1, 261},
        /* 2012 is a leap year: 365 days from Sunday 1 January stop on Sunday 30 December, 52
         * whole weeks and a Sunday, 260 weekdays, not a whole year: scaled. */
        {"\"days\": 365", "\"start\": \"2012-01-01\"", 260.0 / 250, 260},
        {"\"days\": 7", "\"start\": \"2013-05-06\", \"holidays\": \"fr\"", 3.0 / 250, 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[] = "/tmp/ccsim-year-XXXXXX";
        ck_assert(mkdtemp(path) != NULL);
        char file[64], cal[64];
        snprintf(file, sizeof file, "%s/case.json", path);
        snprintf(cal, sizeof cal, "%s/calendars", path);
        /* holidays "fr" is found next to the scenario: link the shipped file there. */
        char here[4096];
        ck_assert(getcwd(here, sizeof here) != NULL);
        ck_assert_int_eq(mkdir(cal, 0700), 0);
        char src[4200], dst[128];
        snprintf(src, sizeof src, "%s/" HOLIDAYS, here);
        snprintf(dst, sizeof dst, "%s/fr-holidays.json", cal);
        ck_assert_int_eq(symlink(src, dst), 0);
        FILE *f = fopen(file, "w");
        fputs(small(cases[i].run, cases[i].cal), f);
        fclose(f);
        sim_diag *d = sim_diag_alloc();
        struct cc_scenario *sc = cc_scenario_load(file, NULL, 0, d);
        for (size_t k = 0; k < sim_diag_count(d); k++)
            fprintf(stderr, "%s\n", sim_diag_line(d, k));
        sim_diag_free(d);
        ck_assert(sc != NULL);
        int open_days = -1;
        ck_assert_double_eq_tol(cc_center_years(sc, &open_days), cases[i].years, 1e-12);
        ck_assert_int_eq(open_days, cases[i].open_days);
        cc_scenario_free(sc);
        unlink(dst);
        rmdir(cal);
        unlink(file);
        rmdir(path);
    }
}
END_TEST

/* A dated scenario with no calendar key but start resolves to the same JSON as its undated
 * self plus the start: no default is written for the dated keys, so undated files keep their
 * manifests. And an undated run has no month bins. */
START_TEST(undated_runs_have_no_month_bins)
{
    struct cc_scenario *sc = load_json(small("\"days\": 5", ""));
    ck_assert(!sc->cal.dated);
    ck_assert(strstr(sc->resolved_json, "month_weights") == NULL);
    struct cc_layout *l = cc_layout_alloc(sc);
    ck_assert_uint_eq(l->n_months, 0);
    cc_layout_free(l);
    cc_scenario_free(sc);
}
END_TEST

Suite *calendar_year_suite(void); /* called by check_main.c through suites.h */
Suite *calendar_year_suite(void)
{
    Suite *s = suite_create("calendar_year");
    TCase *tc = tcase_create("calendar_year");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, dates_match_a_day_by_day_count);
    tcase_add_test(tc, fr_holidays_match_the_computus);
    tcase_add_test(tc, start_date_gives_the_weekday);
    tcase_add_test(tc, closed_date_has_no_calls_and_no_agents);
    tcase_add_test(tc, month_weights_scale_the_arrivals);
    tcase_add_test(tc, peak_multiplies_its_days);
    tcase_add_test(tc, years_of_the_yearly_figures);
    tcase_add_test(tc, undated_runs_have_no_month_bins);
    suite_add_tcase(s, tc);
    return s;
}
