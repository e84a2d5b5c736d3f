/* Tests of the call-centre model: simulation against Erlang C and Erlang A (within
 * ck_se_multiple(n) standard errors over n replications, fixed seeds), determinism and thread
 * independence, common random numbers, conservation of calls, exact NHPP arrivals, and the network
 * reduced to one prefecture against the single-station model. */
#include "models/center.h"
#include "models/erlang.h"
#include "models/report.h"
#include "models/runner.h"
#include "models/scenario.h"
#include "tests/check_load.h"

#include <check.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MMCM "scenarios/validation/mmcm.json"

static struct cc_scenario *load(const char *path, const char *const *sets, size_t n)
{
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = ck_scenario_load(path, sets, n, d);
    for (size_t i = 0; i < sim_diag_count(d); i++)
        fprintf(stderr, "%s\n", sim_diag_line(d, i));
    sim_diag_free(d);
    ck_assert_msg(sc != NULL, "cannot load %s", path);
    return sc;
}

static struct cc_run *run_jobs(const struct cc_scenario *sc, int jobs)
{
    struct cc_run *run = NULL;
    const struct cc_scenario *scs[1] = {sc};
    ck_assert_int_eq(cc_runner_run(scs, 1, jobs, NULL, NULL, &run), SIM_OK);
    return run;
}

static sim_ci metric(const struct cc_run *run, const char *row, enum cc_metric m)
{
    const int r = cc_report_row(run, row);
    ck_assert_msg(r >= 0, "no row %s", row);
    return cc_report_ci(run, (size_t)r, m);
}

/* |simulated - exact| <= ck_se_multiple(n) standard errors over n replications (half-width /
 * t_{0.975,n-1}). It was 3 with 10 replications: 1.5 % of the assertions failed by chance
 * (Student's t with 9 degrees of freedom), and the Erlang cases failed for 36 seeds in 150. */
static void near(const struct cc_run *run, const char *row, enum cc_metric m, double exact,
                 const char *what)
{
    const sim_ci ci = metric(run, row, m);
    ck_assert_msg(ci.n >= 2, "%s: %s has %zu replications", what, cc_metric_name[m], ci.n);
    const double se = ci.half / gsl_cdf_tdist_Pinv(0.975, (double)ci.n - 1);
    const double tol = ck_se_multiple(ci.n) * se + 1e-9;
    ck_assert_msg(fabs(ci.mean - exact) <= tol,
                  "%s: %s simulated %.6g (se %.3g), exact %.6g, off by %.1f se", what,
                  cc_metric_name[m], ci.mean, se, exact, fabs(ci.mean - exact) / se);
}

struct erlang_case {
    const char *what;
    double calls_per_hour, aht_s, patience_s;
    int agents;
    double hours;
};

/* Six cases chosen to span the model: light and heavy Erlang C, overloaded Erlang A, patience
 * rate equal to service rate (number in system Poisson), one agent, more than 100 agents. */
static const struct erlang_case erlang_cases[] = {
    {"erlang C light (rho 0.5)", 30, 240, 0, 4, 1000},
    {"erlang C heavy (rho 0.9)", 135, 240, 0, 10, 2000},
    {"erlang A overloaded (load 12 on 10)", 180, 240, 120, 10, 500},
    {"erlang A theta = mu (Poisson in system)", 120, 240, 240, 10, 500},
    {"erlang A one agent", 10, 240, 300, 1, 2000},
    {"erlang A 110 agents", 1500, 240, 120, 110, 100},
    {"reference M/M/c+M", 120, 240, 120, 10, 500},
};

static void check_case(const struct erlang_case *k)
{
    char s[6][64];
    snprintf(s[0], sizeof s[0], "arrivals.calls_per_hour=%.10g", k->calls_per_hour);
    snprintf(s[1], sizeof s[1], "station.aht_s=%.10g", k->aht_s);
    snprintf(s[2], sizeof s[2], "station.patience_s=%.10g", k->patience_s);
    snprintf(s[3], sizeof s[3], "station.agents=%d", k->agents);
    snprintf(s[4], sizeof s[4], "run.hours=%.10g", k->hours);
    /* 40 replications of half the hours that 10 used to run: twice the simulated time, so a
     * tolerance of 4.5 standard errors is about 3.2 of the old ones, as rare by chance as 4
     * standard errors of a normal estimate (with 10, 3 failed 1.5 % of the time). */
    snprintf(s[5], sizeof s[5], "run.reps=40");
    const char *sets[6] = {s[0], s[1], s[2], s[3], s[4], s[5]};
    struct cc_scenario *sc = load(MMCM, sets, 6);
    struct cc_run *run = run_jobs(sc, 0);
    struct cc_erlang_input in = {.lambda = k->calls_per_hour / 3600.0,
                                 .aht_s = k->aht_s,
                                 .patience_s = k->patience_s,
                                 .agents = k->agents};
    struct cc_erlang_result r;
    static const enum cc_metric sl_metric[3] = {CC_M_SL_20, CC_M_SL_60, CC_M_SL_180};
    for (int i = 0; i < 3; i++) {
        in.t_s = sc->sl_s[i];
        cc_erlang_eval(&in, &r);
        ck_assert(r.stable);
        near(run, "queue", sl_metric[i], r.sl, k->what);
    }
    near(run, "queue", CC_M_ANSWER_RATE, 1 - r.p_abandon, k->what);
    near(run, "queue", CC_M_ABANDON_RATE, r.p_abandon, k->what);
    near(run, "queue", CC_M_MEAN_WAIT_S, r.mean_wait_s, k->what);
    near(run, "queue", CC_M_ASA_S, r.asa_s, k->what);
    near(run, "queue", CC_M_OCCUPANCY, r.occupancy, k->what);
    cc_run_free(run);
    cc_scenario_free(sc);
}

START_TEST(simulation_agrees_with_erlang_c_and_a)
{
    check_case(&erlang_cases[_i]);
}
END_TEST

/* ---- determinism ------------------------------------------------------------------------- */

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    const long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)len + 1);
    ck_assert(buf != NULL);
    ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    *n = (size_t)len;
    return buf;
}

/* Runs sc with jobs threads into a fresh directory; returns the directory (malloc'ed). */
static char *run_to_dir(const struct cc_scenario *sc, int jobs)
{
    char tmpl[] = "/tmp/ccsim-test-XXXXXX";
    ck_assert(mkdtemp(tmpl) != NULL);
    struct cc_run *run = run_jobs(sc, jobs);
    struct cc_manifest_info info = {
        .version = "test", .git_rev = "test", .command = "test", .threads = jobs};
    sim_diag *d = sim_diag_alloc();
    ck_assert_int_eq(cc_report_write(run, tmpl, &info, d), SIM_OK);
    sim_diag_free(d);
    cc_run_free(run);
    return strdup(tmpl);
}

static void assert_same_file(const char *a_dir, const char *b_dir, const char *name)
{
    char pa[256], pb[256];
    snprintf(pa, sizeof pa, "%s/%s", a_dir, name);
    snprintf(pb, sizeof pb, "%s/%s", b_dir, name);
    size_t na, nb;
    char *a = slurp(pa, &na);
    char *b = slurp(pb, &nb);
    ck_assert_msg(na == nb && memcmp(a, b, na) == 0, "%s differs between runs", name);
    ck_assert_msg(na > 100, "%s is nearly empty", name);
    free(a);
    free(b);
}

static void remove_dir(char *dir)
{
    static const char *const names[] = {"summary.csv", "intervals.csv", "journeys.csv",
                                        "manifest.json"};
    char p[256];
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
    free(dir);
}

START_TEST(same_seed_gives_byte_identical_summary)
{
    const char *sets[] = {"run.hours=50", "run.reps=3"};
    struct cc_scenario *sc = load(MMCM, sets, 2);
    char *a = run_to_dir(sc, 1);
    char *b = run_to_dir(sc, 1);
    assert_same_file(a, b, "summary.csv");
    assert_same_file(a, b, "intervals.csv");
    remove_dir(a);
    remove_dir(b);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(jobs_1_and_jobs_2_give_identical_files)
{
    struct cc_scenario *sc = load("tests/data/center/small.json", NULL, 0);
    char *a = run_to_dir(sc, 1);
    char *b = run_to_dir(sc, 2);
    assert_same_file(a, b, "summary.csv");
    assert_same_file(a, b, "intervals.csv");
    assert_same_file(a, b, "journeys.csv");
    remove_dir(a);
    remove_dir(b);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(changing_agents_keeps_the_arrival_stream)
{
    const char *s10[] = {"run.hours=100", "run.reps=4", "station.agents=10"};
    const char *s12[] = {"run.hours=100", "run.reps=4", "station.agents=12"};
    struct cc_scenario *a = load(MMCM, s10, 3);
    struct cc_scenario *b = load(MMCM, s12, 3);
    struct cc_run *ra = run_jobs(a, 0);
    struct cc_run *rb = run_jobs(b, 0);
    for (int r = 0; r < 4; r++) {
        ck_assert_uint_eq(ra->rep[r]->calls, rb->rep[r]->calls);
        ck_assert(ra->rep[r]->summary[CC_M_OFFERED] == rb->rep[r]->summary[CC_M_OFFERED]);
    }
    /* More agents must change the waits, or the test proves nothing. */
    ck_assert(ra->rep[0]->summary[CC_M_ASA_S] > rb->rep[0]->summary[CC_M_ASA_S]);
    cc_run_free(ra);
    cc_run_free(rb);
    cc_scenario_free(a);
    cc_scenario_free(b);
}
END_TEST

/* ---- conservation ------------------------------------------------------------------------ */

START_TEST(every_arrival_has_exactly_one_outcome)
{
    struct cc_scenario *sc = load("tests/data/center/small.json", NULL, 0);
    struct cc_run *run = run_jobs(sc, 0);
    const int net = cc_report_row(run, "network");
    const int board = cc_report_row(run, "switchboard");
    ck_assert(net >= 0 && board >= 0);
    for (int r = 0; r < run->reps; r++) {
        const double *m = &run->rep[r]->summary[(size_t)net * CC_M_COUNT];
        const double ends =
            m[CC_M_ANSWERED] + m[CC_M_ABANDONED] + m[CC_M_BLOCKED] + m[CC_M_UNANSWERED_GENERAL];
        ck_assert_double_eq(m[CC_M_OFFERED], (double)run->rep[r]->calls);
        ck_assert_double_eq(ends, m[CC_M_OFFERED]);
        double journeys = 0;
        for (int o = 0; o < CC_OUT_COUNT; o++)
            journeys += run->rep[r]->journeys[o][0];
        /* every general call ended somewhere, and there were some of every kind of loss */
        const double *b = &run->rep[r]->summary[(size_t)board * CC_M_COUNT];
        ck_assert(journeys >= b[CC_M_TRANSFERRED]);
        ck_assert(journeys > 0);
        ck_assert(run->rep[r]->journeys[CC_OUT_CLOSED_L2][0] > 0);
        for (size_t i = 0; i < run->layout->n_rows; i++) {
            const double *s = &run->rep[r]->summary[i * CC_M_COUNT];
            if (run->layout->row_station[i] < 0)
                continue;
            ck_assert_double_le(s[CC_M_ANSWERED] + s[CC_M_ABANDONED] + s[CC_M_BLOCKED],
                                s[CC_M_OFFERED]);
            ck_assert_double_eq(s[CC_M_ANSWERED] + s[CC_M_ABANDONED] + s[CC_M_BLOCKED],
                                s[CC_M_OFFERED]);
        }
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(transfer_after_answer_uses_the_switchboard_and_conserves_calls)
{
    const char *sets[] = {"transfer.mode=after_answer"};
    struct cc_scenario *ivr = load("tests/data/center/small.json", NULL, 0);
    struct cc_scenario *aa = load("tests/data/center/small.json", sets, 1);
    struct cc_run *ri = run_jobs(ivr, 0);
    struct cc_run *ra = run_jobs(aa, 0);
    const sim_ci offered_ivr = metric(ri, "switchboard", CC_M_OFFERED);
    const sim_ci offered_aa = metric(ra, "switchboard", CC_M_OFFERED);
    const sim_ci transferred = metric(ra, "switchboard", CC_M_TRANSFERRED);
    /* The same callers arrive (common random numbers); with a transfer after an answer the
     * general ones (30 %) queue at the switchboard first, so it is offered more calls. */
    ck_assert_double_eq(metric(ri, "network", CC_M_OFFERED).mean,
                        metric(ra, "network", CC_M_OFFERED).mean);
    ck_assert_msg(offered_aa.mean > 1.3 * offered_ivr.mean, "switchboard offered %.1f vs %.1f",
                  offered_aa.mean, offered_ivr.mean);
    ck_assert(transferred.mean > 0);
    const int net = cc_report_row(ra, "network");
    for (int r = 0; r < ra->reps; r++) {
        const double *m = &ra->rep[r]->summary[(size_t)net * CC_M_COUNT];
        ck_assert_double_eq(m[CC_M_ANSWERED] + m[CC_M_ABANDONED] + m[CC_M_BLOCKED] +
                                m[CC_M_UNANSWERED_GENERAL],
                            m[CC_M_OFFERED]);
        /* a general call lost at the switchboard is a journey of its own kind */
        ck_assert(ra->rep[r]->journeys[CC_OUT_ABANDONED_SWITCHBOARD][0] +
                      ra->rep[r]->journeys[CC_OUT_BLOCKED_SWITCHBOARD][0] >
                  0);
    }
    cc_run_free(ri);
    cc_run_free(ra);
    cc_scenario_free(ivr);
    cc_scenario_free(aa);
}
END_TEST

START_TEST(a_prefecture_not_interconnected_leaves_general_calls_unanswered)
{
    const char *sets[] = {"prefectures.interconnected=false"};
    struct cc_scenario *sc = load("tests/data/center/small.json", sets, 1);
    struct cc_run *run = run_jobs(sc, 0);
    const sim_ci unanswered = metric(run, "switchboard", CC_M_UNANSWERED_GENERAL);
    const sim_ci transferred = metric(run, "switchboard", CC_M_TRANSFERRED);
    ck_assert_double_eq(transferred.mean, 0);
    ck_assert_double_gt(unanswered.mean, 0);
    for (int r = 0; r < run->reps; r++) {
        double general = 0;
        for (int o = 0; o < CC_OUT_COUNT; o++)
            general += run->rep[r]->journeys[o][0];
        ck_assert_double_eq(run->rep[r]->journeys[CC_OUT_UNANSWERED_GENERAL][0], general);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(opening_hours_can_differ_by_weekday)
{
    struct cc_scenario *sc = load("tests/data/center/perday.json", NULL, 0);
    const int l2 = cc_scenario_station(sc, "level2");
    ck_assert(l2 >= 0);
    const struct cc_station *st = &sc->stations[l2];
    const int spd = sc->slots_per_day;
    double open_h[CC_DAYS_PER_WEEK] = {0};
    for (int k = 0; k < CC_DAYS_PER_WEEK * spd; k++)
        open_h[k / spd] += st->open[k] * sc->interval_s / 3600.0;
    const double expected[CC_DAYS_PER_WEEK] = {9.5, 4.5, 4.5, 9.5, 4.0, 0, 0};
    for (int d = 0; d < CC_DAYS_PER_WEEK; d++)
        ck_assert_msg(fabs(open_h[d] - expected[d]) < 1e-9, "day %d open %.2f h, expected %.2f", d,
                      open_h[d], expected[d]);
    /* Friday opens at 13:00: nobody is on duty at 12:30, somebody at 13:00. */
    ck_assert_int_eq(st->agents[4 * spd + 25], 0);
    ck_assert_int_gt(st->agents[4 * spd + 26], 0);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(a_schedule_can_differ_by_weekday)
{
    struct cc_scenario *sc = load("tests/data/center/monday.json", NULL, 0);
    const int l1 = cc_scenario_station(sc, "level1");
    ck_assert(l1 >= 0);
    const int spd = sc->slots_per_day, ten = 20; /* 10:00 with 30-min slots */
    ck_assert_int_eq(sc->stations[l1].agents[0 * spd + ten], 4);
    for (int d = 1; d < 5; d++)
        ck_assert_int_eq(sc->stations[l1].agents[d * spd + ten], 3);
    ck_assert_int_eq(sc->stations[l1].agents[5 * spd + ten], 0);
    cc_scenario_free(sc);
}
END_TEST

/* Sample variance of the per-replication offered calls of a row, and their mean. */
static double offered_variance(const struct cc_run *run, const char *row, double *mean)
{
    const int r = cc_report_row(run, row);
    ck_assert(r >= 0);
    sim_tally t;
    sim_tally_init(&t);
    for (int i = 0; i < run->reps; i++)
        sim_tally_add(&t, run->rep[i]->summary[(size_t)r * CC_M_COUNT + CC_M_OFFERED]);
    *mean = sim_tally_mean(&t);
    return sim_tally_variance(&t);
}

/* With a gamma busyness factor G per day (mean 1, cv v) the calls of a day are Poisson(m G):
 * variance m + v^2 m^2; over D independent days D times that. Without it, Poisson: D m. */
static void check_day_variance(double cv)
{
    char busy[64];
    snprintf(busy, sizeof busy, "calendar.busyness_cv=%g", cv);
    const char *sets[] = {"run.days=7", "run.reps=40", busy};
    struct cc_scenario *sc = load("tests/data/center/network1.json", sets, 3);
    struct cc_run *run = run_jobs(sc, 0);
    const double m = 2880.0, days = 7.0, n = run->reps;
    const double var = days * (m + cv * cv * m * m);
    double mean;
    const double s2 = offered_variance(run, "prefecture:001", &mean);
    /* The mean stays D m within 3 standard errors; s^2 (n - 1) / var is chi-square(n - 1):
     * accept the central 99.9 %. */
    ck_assert_msg(fabs(mean - days * m) <= 3 * sqrt(var / n), "mean %.1f", mean);
    const double lo = gsl_cdf_chisq_Pinv(0.0005, n - 1) / (n - 1);
    const double hi = gsl_cdf_chisq_Pinv(0.9995, n - 1) / (n - 1);
    ck_assert_msg(s2 / var > lo && s2 / var < hi, "cv %g: variance %.0f, expected %.0f", cv, s2,
                  var);
    cc_run_free(run);
    cc_scenario_free(sc);
}

START_TEST(busyness_factor_adds_the_gamma_day_variance)
{
    check_day_variance(0.3);
    check_day_variance(0.0);
}
END_TEST

/* ---- arrivals ---------------------------------------------------------------------------- */

START_TEST(a_short_burst_gets_its_expected_number_of_calls)
{
    struct cc_scenario *sc = load("tests/data/center/burst.json", NULL, 0);
    struct cc_run *run = run_jobs(sc, 0);
    const sim_ci offered = metric(run, "prefecture:001", CC_M_OFFERED);
    /* Poisson(600) per replication: the standard error of the mean over 20 is sqrt(600/20),
     * exact, so 4 of them (3 failed by chance 0.27 % of the time). */
    const double se = sqrt(600.0 / run->reps);
    ck_assert_msg(fabs(offered.mean - 600.0) <= 4 * se, "offered %.1f, expected 600 +- %.1f",
                  offered.mean, 4 * se);
    /* and every call arrived inside the burst hour */
    const int irow = 0;
    const size_t bins = run->layout->n_bins;
    for (int r = 0; r < run->reps; r++) {
        double in_burst = 0, total = 0;
        for (size_t b = 0; b < (size_t)sc->slots_per_day; b++) {
            const double n = run->rep[r]->ivl[((size_t)irow * bins + b) * CC_IM_COUNT];
            if (isnan(n))
                continue;
            total += n;
            if (b >= 120 && b < 132)
                in_burst += n;
        }
        ck_assert_double_eq(in_burst, total);
        ck_assert_double_gt(total, 0);
    }
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

/* ---- the network reduced to one station -------------------------------------------------- */

START_TEST(one_prefecture_network_matches_the_single_station_model)
{
    /* 48 replications of 7 days each rather than 12 of 28: the same simulated time, and a
     * tolerance of ck_se_multiple(48) = 4.4 standard errors of the difference, where 3 with 12
     * replications failed by chance 0.7 % of the time per metric. */
    const char *net_sets[] = {"run.days=7", "run.reps=48"};
    struct cc_scenario *net = load("tests/data/center/network1.json", net_sets, 2);
    const char *sets[] = {"run.hours=168", "run.warmup_hours=0", "run.reps=48", "seed=4243"};
    struct cc_scenario *one = load(MMCM, sets, 4);
    struct cc_run *rn = run_jobs(net, 0);
    struct cc_run *ro = run_jobs(one, 0);
    static const enum cc_metric ms[] = {CC_M_ANSWER_RATE, CC_M_ABANDON_RATE, CC_M_ASA_S,
                                        CC_M_MEAN_WAIT_S, CC_M_SL_20,        CC_M_OCCUPANCY};
    for (size_t i = 0; i < sizeof ms / sizeof *ms; i++) {
        const sim_ci a = metric(rn, "prefecture:001", ms[i]);
        const sim_ci b = metric(ro, "queue", ms[i]);
        ck_assert(a.n == 48 && b.n == 48);
        const double t = gsl_cdf_tdist_Pinv(0.975, 47);
        const double se = hypot(a.half / t, b.half / t);
        /* The difference of two means over 48 replications each has between 47 and 94 degrees
         * of freedom (Welch): 47 is the cautious end. */
        ck_assert_msg(fabs(a.mean - b.mean) <= ck_se_multiple(48) * se,
                      "%s: network %.5g, station %.5g, se %.3g", cc_metric_name[ms[i]], a.mean,
                      b.mean, se);
    }
    /* one prefecture always open, 2880 calls a day for 7 days: Poisson, exact standard error */
    const sim_ci offered = metric(rn, "prefecture:001", CC_M_OFFERED);
    ck_assert(fabs(offered.mean - 2880.0 * 7) < 4 * sqrt(2880.0 * 7 / 48));
    cc_run_free(rn);
    cc_run_free(ro);
    cc_scenario_free(net);
    cc_scenario_free(one);
}
END_TEST

START_TEST(etpt_budget_gives_the_converted_agent_hours)
{
    struct cc_scenario *sc = load("tests/data/center/small.json", NULL, 0);
    struct cc_run *run = run_jobs(sc, 1);
    const int l2 = cc_scenario_station(sc, "level2");
    ck_assert(l2 >= 0);
    const struct cc_station *st = &sc->stations[l2];
    /* The run covers Monday to Friday once: the simulated average is the mean of the resolved
     * agents over the week's open slots, exactly. */
    double sum = 0;
    int open = 0;
    for (int k = 0; k < CC_DAYS_PER_WEEK * sc->slots_per_day; k++)
        if (st->open[k]) {
            sum += st->agents[k];
            open++;
        }
    ck_assert_int_eq(open, 5 * 19); /* 08:30-18:00 in 30-minute slots */
    const sim_ci agents = metric(run, "level2", CC_M_AGENTS_AVG);
    ck_assert_msg(fabs(agents.mean - sum / open) < 1e-9, "agents %.6f, schedule %.6f", agents.mean,
                  sum / open);
    /* Cumulative rounding keeps the schedule within one agent-slot of 2.385 ETPT converted. */
    const double avg = cc_scenario_etpt_to_agents(sc, (size_t)l2, 2.385);
    ck_assert_msg(fabs(sum / open - avg) <= 1.0 / open, "schedule %.5f, converted %.5f", sum / open,
                  avg);
    const sim_ci etpt = metric(run, "level2", CC_M_ETPT);
    ck_assert_msg(fabs(etpt.mean - 2.385) <= 2.385 / avg / open, "etpt %.5f", etpt.mean);
    cc_run_free(run);
    cc_scenario_free(sc);
}
END_TEST

Suite *center_suite(void); /* called by check_main.c through suites.h */
Suite *center_suite(void)
{
    Suite *s = suite_create("center");
    TCase *fast = tcase_create("fast");
    tcase_set_timeout(fast, 120);
    tcase_add_test(fast, same_seed_gives_byte_identical_summary);
    tcase_add_test(fast, jobs_1_and_jobs_2_give_identical_files);
    tcase_add_test(fast, changing_agents_keeps_the_arrival_stream);
    tcase_add_test(fast, every_arrival_has_exactly_one_outcome);
    tcase_add_test(fast, a_short_burst_gets_its_expected_number_of_calls);
    tcase_add_test(fast, opening_hours_can_differ_by_weekday);
    tcase_add_test(fast, a_schedule_can_differ_by_weekday);
    tcase_add_test(fast, busyness_factor_adds_the_gamma_day_variance);
    tcase_add_test(fast, transfer_after_answer_uses_the_switchboard_and_conserves_calls);
    tcase_add_test(fast, a_prefecture_not_interconnected_leaves_general_calls_unanswered);
    tcase_add_test(fast, etpt_budget_gives_the_converted_agent_hours);
    suite_add_tcase(s, fast);
    TCase *slow = tcase_create("statistical");
    tcase_set_tags(slow, "slow");
    tcase_set_timeout(slow, 600);
    tcase_add_loop_test(slow, simulation_agrees_with_erlang_c_and_a, 0,
                        (int)(sizeof erlang_cases / sizeof *erlang_cases));
    tcase_add_test(slow, one_prefecture_network_matches_the_single_station_model);
    suite_add_tcase(s, slow);
    return s;
}
