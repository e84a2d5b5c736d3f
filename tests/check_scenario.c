/* Tests of cc_scenario. Bad inputs are data: every tests/data/bad/<case>.json must fail to load
 * with exactly the diag lines of <case>.err. The other tests check known answers for loading,
 * --set, extends, arrival rates, ETPT staffing, the resolved JSON and the file hash. Paths are
 * relative to the repository root, where `make check` runs the tests. */
#include "models/scenario.h"

#include <check.h>
#include <dirent.h>
#include <math.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BAD_DIR "tests/data/bad"
#define GOOD_DIR "tests/data/good"
#define MMCM "scenarios/validation/mmcm.json"
#define NETWORK GOOD_DIR "/network.json"
#define ETPT GOOD_DIR "/etpt.json"
#define CHILD GOOD_DIR "/extends_child.json"
#define MAX_CASES 512
#define TEXT_LEN 8192

/* All diag lines, one per line. */
static void diag_text(const sim_diag *d, char *buf, size_t n)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sim_diag_count(d) && len < n; i++) {
        int k = snprintf(buf + len, n - len, "%s\n", sim_diag_line(d, i));
        len += k > 0 ? (size_t)k : 0;
    }
}

static struct cc_scenario *load_ok(const char *path, const char *const *sets, size_t n_sets)
{
    char text[TEXT_LEN];
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(path, sets, n_sets, d);
    diag_text(d, text, sizeof text);
    ck_assert_msg(sc != NULL && sim_diag_count(d) == 0, "%s did not load:\n%s", path, text);
    sim_diag_free(d);
    return sc;
}

/* Loads path, expects NULL, returns the diag lines in buf. */
static void load_bad(const char *path, const char *const *sets, size_t n_sets, char *buf, size_t n)
{
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(path, sets, n_sets, d);
    diag_text(d, buf, n);
    ck_assert_msg(sc == NULL, "%s loaded but should not have", path);
    ck_assert_msg(sim_diag_count(d) > 0, "%s failed without a message", path);
    sim_diag_free(d);
}

static bool read_text(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return false;
    size_t len = fread(buf, 1, n - 1, f);
    buf[len] = '\0';
    fclose(f);
    return true;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted names of dir's *.json files (owned by the caller, freed with free_names). */
static size_t json_files(const char *dir, char **names)
{
    DIR *dp = opendir(dir);
    struct dirent *e;
    size_t n = 0;
    ck_assert_msg(dp != NULL, "cannot open %s (run from the repository root)", dir);
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len > 5 && strcmp(e->d_name + len - 5, ".json") == 0) {
            /* a case past the array would otherwise be skipped without a word */
            ck_assert_msg(n < MAX_CASES, "%s: more than %d cases, raise MAX_CASES", dir, MAX_CASES);
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(dp);
    qsort(names, n, sizeof *names, compare_names);
    return n;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
}

static double week_hours(const struct cc_scenario *sc, const struct cc_station *st)
{
    double h = 0;
    for (int k = 0; k < CC_DAYS_PER_WEEK * sc->slots_per_day; k++)
        h += st->agents[k] * sc->interval_s / 3600;
    return h;
}

static double day_calls(const struct cc_scenario *sc, const struct cc_source *src, int day)
{
    double n = 0;
    for (int s = 0; s < sc->slots_per_day; s++)
        n += src->rate[day * sc->slots_per_day + s] * sc->interval_s;
    return n;
}

START_TEST(scenario_bad_inputs_match_their_err_files)
{
    char *names[MAX_CASES];
    size_t n = json_files(BAD_DIR, names);
    ck_assert_uint_ge(n, 30);
    for (size_t i = 0; i < n; i++) {
        char json[512], err[512], expected[TEXT_LEN], actual[TEXT_LEN];
        snprintf(json, sizeof json, "%s/%s", BAD_DIR, names[i]);
        snprintf(err, sizeof err, "%.*s.err", (int)strlen(json) - 5, json);
        ck_assert_msg(read_text(err, expected, sizeof expected), "%s: missing", err);
        load_bad(json, NULL, 0, actual, sizeof actual);
        ck_assert_msg(strcmp(expected, actual) == 0, "%s\nexpected:\n%s\nactual:\n%s", json,
                      expected, actual);
    }
    free_names(names, n);
}
END_TEST

START_TEST(scenario_bad_inputs_cover_every_required_error)
{
    static const char *const cases[] = {"malformed_json",
                                        "missing_required_key",
                                        "negative_aht",
                                        "unknown_key",
                                        "wrong_type",
                                        "share_out_of_range",
                                        "non_integer_agents",
                                        "open_not_on_interval",
                                        "two_staffing_keys",
                                        "schedule_gap",
                                        "calls_list_wrong_length",
                                        "extends_missing",
                                        "extends_cycle_a",
                                        "several_errors",
                                        "truncated_json"};
    char path[512], err[512], expected[TEXT_LEN], text[TEXT_LEN];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        /* present, and failing with exactly its .err (not only a file of that name) */
        snprintf(path, sizeof path, "%s/%s.json", BAD_DIR, cases[i]);
        snprintf(err, sizeof err, "%s/%s.err", BAD_DIR, cases[i]);
        ck_assert_msg(read_text(err, expected, sizeof expected), "%s: missing", err);
        load_bad(path, NULL, 0, text, sizeof text);
        ck_assert_msg(strcmp(expected, text) == 0, "%s\nexpected:\n%s\nactual:\n%s", path, expected,
                      text);
    }
    /* Several problems in one file are all reported, not just the first. */
    load_bad(BAD_DIR "/several_errors.json", NULL, 0, text, sizeof text);
    size_t lines = 0;
    for (const char *p = text; (p = strchr(p, '\n')) != NULL; p++)
        lines++;
    ck_assert_uint_ge(lines, 10);
}
END_TEST

START_TEST(scenario_good_files_load_without_diagnostics)
{
    char *names[MAX_CASES], path[512];
    size_t n = json_files(GOOD_DIR, names);
    ck_assert_uint_ge(n, 5);
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", GOOD_DIR, names[i]);
        cc_scenario_free(load_ok(path, NULL, 0));
    }
    free_names(names, n);
}
END_TEST

START_TEST(scenario_loads_mmcm_with_constant_rate_and_ten_agents)
{
    struct cc_scenario *sc = load_ok(MMCM, NULL, 0);
    ck_assert(sc->stationary);
    ck_assert_str_eq(sc->name, "mmcm");
    ck_assert_ptr_nonnull(strstr(sc->description, "0.0684054"));
    ck_assert_ptr_nonnull(strstr(sc->description, "8.2086"));
    ck_assert_uint_eq(sc->seed, 20240601);
    ck_assert_int_eq(sc->reps, 10);
    ck_assert_double_eq(sc->warmup_s, 36000);
    ck_assert_double_eq(sc->horizon_s, 36000 + 3600000);
    ck_assert_int_eq(sc->days, 43);
    ck_assert_double_eq(sc->interval_s, 3600);
    ck_assert_int_eq(sc->slots_per_day, 24);
    ck_assert_uint_eq(sc->n_stations, 1);
    ck_assert_uint_eq(sc->n_sources, 1);
    const struct cc_station *st = &sc->stations[0];
    const struct cc_source *src = &sc->sources[0];
    ck_assert_str_eq(st->name, "queue");
    ck_assert_int_eq(st->role, CC_ROLE_STATION);
    ck_assert_int_eq(st->staff_kind, CC_STAFF_AGENTS);
    for (int k = 0; k < CC_DAYS_PER_WEEK * 24; k++) {
        ck_assert_int_eq(st->open[k], 1);
        ck_assert_int_eq(st->agents[k], 10);
        ck_assert_double_eq_tol(src->rate[k], 120.0 / 3600, 1e-15);
    }
    ck_assert_int_eq(st->service.kind, CC_DIST_EXPONENTIAL);
    ck_assert_double_eq(st->service.mean_s, 240);
    ck_assert_double_eq(st->service.cv, 1);
    ck_assert_int_eq(st->patience.kind, CC_DIST_EXPONENTIAL);
    ck_assert_double_eq(st->patience.mean_s, 120);
    ck_assert_int_eq(st->capacity, -1);
    ck_assert_int_eq(st->escalate_to, -1);
    ck_assert_str_eq(src->name, "arrivals");
    ck_assert_int_eq(src->station, 0);
    ck_assert_int_eq(src->cls, CC_CLASS_LOCAL);
    ck_assert_double_eq(src->general_share, 0);
    ck_assert_int_eq(src->transfer_to, -1);
    ck_assert_double_eq(src->calls_per_day, 2880);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_applies_the_mmcm_overrides)
{
    const char *sets[] = {"arrivals.calls_per_hour=97.5",
                          "station.agents=13",
                          "station.aht_s=385.5",
                          "station.patience_s=47.25",
                          "run.hours=250.5",
                          "run.warmup_hours=2.25",
                          "run.reps=7",
                          "seed=123456789012"};
    struct cc_scenario *sc = load_ok(MMCM, sets, 8);
    const struct cc_station *st = &sc->stations[0];
    for (int k = 0; k < CC_DAYS_PER_WEEK * 24; k++) {
        ck_assert_int_eq(st->agents[k], 13);
        ck_assert_double_eq_tol(sc->sources[0].rate[k], 97.5 / 3600, 1e-15);
    }
    ck_assert_double_eq(st->service.mean_s, 385.5);
    ck_assert_int_eq(st->patience.kind, CC_DIST_EXPONENTIAL);
    ck_assert_double_eq(st->patience.mean_s, 47.25);
    ck_assert_double_eq(sc->warmup_s, 2.25 * 3600);
    ck_assert_double_eq(sc->horizon_s, (2.25 + 250.5) * 3600);
    ck_assert_int_eq(sc->reps, 7);
    ck_assert_uint_eq(sc->seed, 123456789012ULL);
    ck_assert_ptr_nonnull(strstr(sc->resolved_json, "\"agents\":\t13"));
    cc_scenario_free(sc);
    /* patience_s = 0: callers never abandon. */
    const char *never[] = {"station.patience_s=0"};
    sc = load_ok(MMCM, never, 1);
    ck_assert_int_eq(sc->stations[0].patience.kind, CC_DIST_NONE);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_set_creates_keys_and_list_items)
{
    const char *sets[] = {"level2.capacity=25",
                          "retrial.p=0.125",
                          "transfer.mode=after_answer",
                          "prefectures.calls_per_day_list[2]=1001.5",
                          "prefectures.open.hours[2]=[\"18:00\", \"19:00\"]",
                          "description=plain text, not JSON"};
    struct cc_scenario *sc = load_ok(NETWORK, sets, 6);
    ck_assert_int_eq(sc->stations[cc_scenario_station(sc, "level2")].capacity, 25);
    ck_assert_double_eq(sc->retrial.p, 0.125);
    ck_assert_int_eq(sc->transfer.mode, CC_TRANSFER_AFTER_ANSWER);
    ck_assert_double_eq(sc->sources[2].calls_per_day, 1001.5);
    ck_assert_double_eq(sc->sources[1].calls_per_day, 180.25);
    ck_assert_str_eq(sc->description, "plain text, not JSON");
    const struct cc_station *p1 = &sc->stations[0];
    ck_assert_int_eq(p1->open[36], 1); /* Monday 18:00-18:30 */
    ck_assert_int_eq(p1->open[37], 1);
    ck_assert_int_eq(p1->open[38], 0); /* 19:00 */
    ck_assert_int_eq(p1->agents[37], 2);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_set_null_removes_a_key_and_staffing_keys_replace_each_other)
{
    const char *sets[] = {"station.etpt=12.5", "station.patience_s=null"};
    struct cc_scenario *sc = load_ok(MMCM, sets, 2);
    const struct cc_station *st = &sc->stations[0];
    ck_assert_int_eq(st->staff_kind, CC_STAFF_ETPT);
    ck_assert_double_eq(st->etpt, 12.5);
    ck_assert_int_eq(st->patience.kind, CC_DIST_NONE);
    /* 12.5 ETPT * 1607 h * 0.7 / (24 h * 250 days) = 2.34354 agents, always open. */
    ck_assert_double_eq_tol(cc_scenario_etpt_to_agents(sc, 0, 12.5), 2.3435417, 1e-6);
    ck_assert_double_eq_tol(week_hours(sc, st), 2.3435417 * 168, 0.5);
    ck_assert_ptr_null(strstr(sc->resolved_json, "\"agents\""));
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_rejects_malformed_sets)
{
    const char *sets[] = {"station.agents",
                          "=3",
                          "station..agents=3",
                          "station.agents[x]=3",
                          "station.agents.count=3",
                          "station.name[0]=3",
                          "arrivals=[]"};
    char text[TEXT_LEN];
    load_bad(MMCM, sets, 7, text, sizeof text);
    ck_assert_str_eq(text, "--set 'station.agents': expected path=value\n"
                           "--set '=3': expected path=value\n"
                           "--set 'station..agents=3': expected path=value\n"
                           "--set 'station.agents[x]=3': expected path=value\n"
                           "--set 'station.agents.count=3': station.agents: expected object, "
                           "got number\n"
                           "--set 'station.name[0]=3': station.name: expected array, got string\n"
                           "--set 'arrivals=[]': arrivals: expected object, got array\n"
                           "--set 'arrivals=[]': arrivals.calls_per_hour: missing "
                           "required key\n");
    const char *range[] = {"calendar.weekday_weights[9]=1"};
    load_bad(NETWORK, range, 1, text, sizeof text);
    ck_assert_str_eq(text, "--set 'calendar.weekday_weights[9]=1': calendar.weekday_weights[9]: "
                           "index out of range (7 items)\n");
    /* A failed --set changes nothing: no empty agents_schedule is left in place of level2's
     * etpt to be reported as "must not be empty". */
    const char *half[] = {"level2.agents_schedule[1]={}"};
    load_bad(NETWORK, half, 1, text, sizeof text);
    ck_assert_str_eq(text, "--set 'level2.agents_schedule[1]={}': level2.agents_schedule[1]: "
                           "index out of range (0 items)\n");
}
END_TEST

/* A 64-character key, a path of 33 parts and an 11-digit index each get their own message
 * (they used to be "expected path=value"); echoed text stops after 64 characters. */
START_TEST(scenario_says_what_is_wrong_with_a_set_path)
{
    char key64[80], deep[160], set_key[120], set_deep[200];
    memset(key64, 'k', 64);
    key64[64] = '\0';
    snprintf(set_key, sizeof set_key, "level2.%s=1", key64);
    size_t n = 0;
    for (int i = 0; i < 33; i++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "%sa", i > 0 ? "." : "");
    snprintf(set_deep, sizeof set_deep, "%s=1", deep);
    const char *sets[] = {set_key, set_deep, "prefectures.calls_per_day_list[99999999999]=1"};
    char text[TEXT_LEN], expected[TEXT_LEN];
    load_bad(NETWORK, sets, 3, text, sizeof text);
    snprintf(expected, sizeof expected,
             "--set '%.64s...': key '%s' is longer than 63 characters\n"
             "--set '%.64s...': path has more than 32 parts\n"
             "--set 'prefectures.calls_per_day_list[99999999999]=1': index too large (at most "
             "999999)\n",
             set_key, key64, set_deep);
    ck_assert_str_eq(text, expected);
    /* 63 characters is a key like any other: unknown, and echoed in full. */
    key64[63] = '\0';
    snprintf(set_key, sizeof set_key, "level2.%s=1", key64);
    const char *ok_len[] = {set_key};
    load_bad(NETWORK, ok_len, 1, text, sizeof text);
    snprintf(expected, sizeof expected, "--set '%.64s...': level2: unknown key '%s'\n", set_key,
             key64);
    ck_assert_str_eq(text, expected);
}
END_TEST

START_TEST(scenario_reports_set_values_under_their_set)
{
    const char *sets[] = {"station.agents=-2", "station.shrinkage=1.25", "run.hourz=3"};
    char text[TEXT_LEN];
    load_bad(MMCM, sets, 3, text, sizeof text);
    ck_assert_str_eq(text, "--set 'run.hourz=3': run: unknown key 'hourz' (did you mean "
                           "'hours'?)\n"
                           "--set 'station.agents=-2': station.agents: must be >= 0, got -2\n"
                           "--set 'station.shrinkage=1.25': station.shrinkage: must be in [0, 1), "
                           "got 1.25\n");
    /* A parent object given by --set owns what is under it; a new top-level key too; the last
     * --set of a path wins; a value the --set did not touch still names the file. */
    const char *more[] = {"level2={\"etpt\": -3}", "level3.etpt=1", "retrial.p=2", "retrial.p=3",
                          "prefectures.calls_per_day_list[5]=10"};
    load_bad(NETWORK, more, 5, text, sizeof text);
    ck_assert_str_eq(text, "--set 'level3.etpt=1': unknown key 'level3' (did you mean 'level1'?)\n"
                           "--set 'prefectures.calls_per_day_list[5]=10': "
                           "prefectures.calls_per_day_list: expected 5 items (one per prefecture), "
                           "got 6\n"
                           "--set 'level2={\"etpt\": -3}': level2.etpt: must be >= 0, got -3\n"
                           "--set 'retrial.p=3': retrial.p: must be in [0, 1], got 3\n");
    const char *unrelated[] = {"station.agents=4"};
    load_bad(BAD_DIR "/negative_aht.json", unrelated, 1, text, sizeof text);
    ck_assert_str_eq(text, BAD_DIR "/negative_aht.json: station.aht_s: must be > 0, got -3\n");
}
END_TEST

/* Every shipped scenario spreads prefecture volumes from calls_per_day (and _cv): setting one
 * item of calls_per_day_list first writes the list they imply, so the other prefectures keep
 * their volumes. */
START_TEST(scenario_set_one_prefecture_volume_on_a_spread_scenario)
{
    static const char *const files[] = {"scenarios/pilot14-2013.json",
                                        "scenarios/generalize-13etpt.json"};
    for (size_t f = 0; f < 2; f++) {
        const char *sets[] = {"prefectures.calls_per_day_list[3]=400"};
        struct cc_scenario *plain = load_ok(files[f], NULL, 0);
        struct cc_scenario *sc = load_ok(files[f], sets, 1);
        ck_assert_uint_eq(sc->n_sources, plain->n_sources);
        for (size_t j = 0; j + 1 < sc->n_sources; j++)
            ck_assert_double_eq_tol(sc->sources[j].calls_per_day,
                                    j == 3 ? 400 : plain->sources[j].calls_per_day, 1e-9);
        ck_assert_ptr_null(strstr(sc->resolved_json, "\"calls_per_day\""));
        cc_scenario_free(sc);
        cc_scenario_free(plain);
    }
    /* The whole list replaces calls_per_day (and the other way round), as staffing keys do. */
    const char *list[] = {"prefectures.count=2", "prefectures.calls_per_day_list=[100, 200]"};
    struct cc_scenario *sc = load_ok("scenarios/pilot14-2013.json", list, 2);
    ck_assert_double_eq(sc->sources[0].calls_per_day, 100);
    ck_assert_double_eq(sc->sources[1].calls_per_day, 200);
    cc_scenario_free(sc);
    const char *mean[] = {"prefectures.calls_per_day=50"};
    sc = load_ok(NETWORK, mean, 1);
    for (size_t j = 0; j < 5; j++)
        ck_assert_double_eq(sc->sources[j].calls_per_day, 50);
    cc_scenario_free(sc);
}
END_TEST

/* Writes len bytes of text to dir/name (dir made by mkdtemp); returns the path in buf. */
static const char *write_temp(char *dir, const char *name, const char *text, size_t len, char *buf,
                              size_t n)
{
    if (dir[0] == '\0') {
        snprintf(dir, 64, "/tmp/check_scenario.XXXXXX");
        ck_assert_ptr_nonnull(mkdtemp(dir));
    }
    snprintf(buf, n, "%s/%s", dir, name);
    FILE *f = fopen(buf, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fclose(f);
    return buf;
}

/* A UTF-8 byte order mark (Windows editors write one) is accepted on purpose: the file loads as
 * the same text without it, and the hash stays the hash of the file's bytes. */
START_TEST(scenario_accepts_a_utf8_byte_order_mark)
{
    char text[TEXT_LEN], bom[TEXT_LEN + 3] = "\xEF\xBB\xBF", dir[64] = "", path[128];
    ck_assert(read_text(MMCM, text, sizeof text));
    memcpy(bom + 3, text, strlen(text) + 1);
    write_temp(dir, "bom.json", bom, strlen(bom), path, sizeof path);
    struct cc_scenario *with = load_ok(path, NULL, 0), *without = load_ok(MMCM, NULL, 0);
    ck_assert_str_eq(with->resolved_json, without->resolved_json);
    char sha[SHA256_DIGEST_STRING_LENGTH];
    SHA256Data((const uint8_t *)bom, strlen(bom), sha);
    ck_assert_str_eq(with->sha256, sha);
    cc_scenario_free(with);
    cc_scenario_free(without);
    /* A mark anywhere else is not JSON. */
    write_temp(dir, "late_bom.json", "{}\xEF\xBB\xBF", 5, path, sizeof path);
    load_bad(path, NULL, 0, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "late_bom.json:1:2: invalid JSON near '}"));
    remove(path);
    remove(write_temp(dir, "bom.json", "", 0, path, sizeof path));
    rmdir(dir);
}
END_TEST

/* The name rule at its edges: 100 bytes pass and 101 do not, a UTF-8 name passes, bytes that
 * are not UTF-8 do not (from --set: the file itself must be UTF-8), and a default name taken
 * from the file's name obeys the same rule. */
START_TEST(scenario_names_are_plain_file_names)
{
    char name[128], set[160], text[TEXT_LEN];
    memset(name, 'n', 100);
    name[100] = '\0';
    snprintf(set, sizeof set, "name=%s", name);
    const char *sets100[] = {set};
    struct cc_scenario *sc = load_ok(MMCM, sets100, 1);
    ck_assert_uint_eq(strlen(sc->name), 100);
    cc_scenario_free(sc);
    snprintf(set, sizeof set, "name=%sn", name);
    const char *sets101[] = {set};
    load_bad(MMCM, sets101, 1, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, "name: must be at most 100 bytes"));
    ck_assert_ptr_nonnull(strstr(text, "(101 bytes)"));
    const char *accents[] = {"name=préfecture-Île de France", "station.name=accueil 3939"};
    sc = load_ok(MMCM, accents, 2);
    ck_assert_str_eq(sc->name, "préfecture-Île de France");
    cc_scenario_free(sc);
    const char *latin1[] = {"name=caf\xE9"};
    load_bad(MMCM, latin1, 1, text, sizeof text);
    ck_assert_str_eq(text, "--set 'name=caf\\xE9': name: must be valid UTF-8, got \"caf\\xE9\"\n");
    const char *tab[] = {"station.name=\tq", "name=+33 1 23"};
    load_bad(MMCM, tab, 2, text, sizeof text);
    ck_assert_str_eq(text, "--set 'name=+33 1 23': name: must not start with '=', '+' or '@' "
                           "(spreadsheets opening the CSV files would run it as a formula), got "
                           "\"+33 1 23\"\n"
                           "--set 'station.name=\\x09q': station.name: must not contain control "
                           "characters, got \"\\x09q\"\n");
    char dir[64] = "", path[128];
    const char *body = "{ \"model\": \"station\", \"arrivals\": { \"calls_per_hour\": 10 } }";
    write_temp(dir, "@calls.json", body, strlen(body), path, sizeof path);
    load_bad(path, NULL, 0, text, sizeof text);
    ck_assert_ptr_nonnull(strstr(text, ": name: must not start with '=', '+' or '@'"));
    ck_assert_ptr_nonnull(strstr(text, "got \"@calls\" (the file's name: give a \"name\")"));
    remove(path);
    rmdir(dir);
}
END_TEST

/* interval_min 1440 (one interval a day) on a network open all day: the interval's weight is
 * the mean of the 24 hourly weights, so it loads and a day brings calls_per_day calls (it used
 * to take hour 0's weight, 0, and fail with "all 0 in the opening hours"). With 120-minute
 * intervals the 08:00-10:00 and 10:00-12:00 rates stand as (w8 + w9) to (w10 + w11). */
START_TEST(scenario_long_intervals_average_the_hours_they_cover)
{
    const char *day[] = {"run.interval_min=1440", "prefectures.open.hours=[[\"00:00\", \"24:00\"]]",
                         "level1.open.hours=[[\"00:00\", \"24:00\"]]",
                         "level2.open.hours=[[\"00:00\", \"24:00\"]]"};
    struct cc_scenario *sc = load_ok(NETWORK, day, 4);
    ck_assert_int_eq(sc->slots_per_day, 1);
    /* Monday: 412.5 calls/day x 1.6 / mean of the six open days' weights (5.55 / 6). */
    ck_assert_double_eq_tol(day_calls(sc, &sc->sources[0], 0), 412.5 * 1.6 * 6 / 5.55, 1e-9);
    cc_scenario_free(sc);
    const char *two_hours[] = {
        "run.interval_min=120", "prefectures.open.hours=[[\"08:00\", \"12:00\"]]",
        "level1.open.hours=[[\"08:00\", \"18:00\"]]", "level2.open.hours=[[\"08:00\", \"18:00\"]]"};
    sc = load_ok(NETWORK, two_hours, 4);
    const double *r = sc->sources[0].rate;
    ck_assert_double_eq_tol(r[4] / r[5], (0.45 + 1.3) / (1.45 + 1.2), 1e-12);
    ck_assert_double_eq_tol((r[4] + r[5]) * 7200, 412.5 * 1.6 * 6 / 5.55, 1e-9);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_network_day_totals_equal_calls_per_day_times_weekday_weight)
{
    static const double weekday[7] = {1.6, 1.1, 0.9, 0.9, 0.7, 0.35, 0};
    struct cc_scenario *sc = load_ok(NETWORK, NULL, 0);
    for (size_t j = 0; j < sc->n_sources; j++) {
        const struct cc_source *src = &sc->sources[j];
        /* Prefectures are open Monday to Saturday, level 1 Monday to Friday. */
        int open_days = src->cls == CC_CLASS_DIRECT ? 5 : 6;
        double mean = 0;
        for (int d = 0; d < open_days; d++)
            mean += weekday[d] / open_days;
        for (int d = 0; d < CC_DAYS_PER_WEEK; d++) {
            double expected = d < open_days ? src->calls_per_day * weekday[d] / mean : 0;
            ck_assert_double_eq_tol(day_calls(sc, src, d), expected, 1e-9 * src->calls_per_day);
        }
    }
    /* Known answer: prefecture 1 on Monday, 412.5 calls/day * 1.6 / (5.55 / 6). */
    ck_assert_double_eq_tol(day_calls(sc, &sc->sources[0], 0), 713.5135135, 1e-6);
    /* 09:00-09:30 gets weight 1.3 of the open slots' 15.45 (08:30-12:00, 13:30-17:00). */
    ck_assert_double_eq_tol(sc->sources[0].rate[18] * 1800, 713.5135135 * 1.3 / 15.45, 1e-6);
    ck_assert_double_eq(sc->sources[0].rate[24], 0); /* closed 12:00-13:30 */
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_network_wires_prefectures_levels_and_sources)
{
    struct cc_scenario *sc = load_ok(NETWORK, NULL, 0);
    ck_assert(!sc->stationary);
    ck_assert_uint_eq(sc->n_stations, 7);
    ck_assert_uint_eq(sc->n_sources, 6);
    ck_assert_str_eq(sc->stations[0].name, "prefecture:001");
    ck_assert_str_eq(sc->stations[4].name, "prefecture:005");
    ck_assert_int_eq(cc_scenario_station(sc, "level1"), 5);
    ck_assert_int_eq(cc_scenario_station(sc, "level2"), 6);
    ck_assert_int_eq(cc_scenario_station(sc, "level3"), -1);
    const struct cc_station *l1 = &sc->stations[5], *l2 = &sc->stations[6];
    ck_assert_int_eq(sc->stations[0].role, CC_ROLE_PREFECTURE);
    ck_assert_int_eq(sc->stations[0].escalate_to, -1);
    ck_assert_int_eq(l1->role, CC_ROLE_LEVEL1);
    ck_assert_int_eq(l1->escalate_to, 6);
    ck_assert_double_eq_tol(l1->escalate_p[CC_CLASS_DIRECT], 0.235 * 0.21, 1e-15);
    ck_assert_double_eq(l1->escalate_p[CC_CLASS_GENERAL], 0.065);
    ck_assert_double_eq(l1->escalate_p[CC_CLASS_LOCAL], 0);
    ck_assert_int_eq(l2->role, CC_ROLE_LEVEL2);
    ck_assert_int_eq(l2->escalate_to, -1);
    for (int p = 0; p < 5; p++) {
        const struct cc_source *src = &sc->sources[p];
        ck_assert_str_eq(src->name, sc->stations[p].name);
        ck_assert_int_eq(src->station, p);
        ck_assert_int_eq(src->cls, CC_CLASS_LOCAL);
        ck_assert_double_eq(src->general_share, 0.085);
        ck_assert_int_eq(src->interconnected, p < 3);
        ck_assert_int_eq(src->transfer_to, p < 3 ? 5 : -1);
    }
    ck_assert_str_eq(sc->sources[5].name, "national");
    ck_assert_int_eq(sc->sources[5].station, 5);
    ck_assert_int_eq(sc->sources[5].cls, CC_CLASS_DIRECT);
    ck_assert_double_eq(sc->sources[5].calls_per_day, 6385.5);
    ck_assert_int_eq(sc->stations[0].service.kind, CC_DIST_LOGNORMAL);
    ck_assert_double_eq(sc->stations[0].service.cv, 0.5);
    ck_assert_double_eq(l1->service.mean_s, 180);
    ck_assert_double_eq(l2->service.mean_s, 540);
    ck_assert_double_eq(l2->patience.mean_s, 180);
    ck_assert_int_eq(sc->stations[0].capacity, 4);
    ck_assert_int_eq(l1->capacity, 30);
    ck_assert_int_eq(sc->transfer.mode, CC_TRANSFER_IVR);
    ck_assert_int_eq(sc->transfer.delay.kind, CC_DIST_DETERMINISTIC);
    ck_assert_double_eq(sc->transfer.delay.mean_s, 10);
    ck_assert_double_eq(sc->transfer.handling.mean_s, 30);
    ck_assert_int_eq(sc->retrial.max_attempts, 3);
    ck_assert_double_eq(sc->retrial.delay.mean_s, 300);
    ck_assert_double_eq(sc->costs.open_days_per_year, 250);
    ck_assert_double_eq(sc->sl_s[1], 60);
    ck_assert_double_eq(sc->horizon_s, 5 * 86400);
    ck_assert_double_eq(sc->warmup_s, 0);
    ck_assert_int_eq(sc->slots_per_day, 48);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_etpt_agent_hours_match_the_budget)
{
    struct cc_scenario *sc = load_ok(ETPT, NULL, 0);
    /* etpt * hours_per_etpt * (1 - shrinkage) / open_days_per_year * open days per week. */
    static const struct {
        const char *station;
        double hours;
    } cases[] = {{"prefecture:002", 2.385 * 1593 * 0.7 / 227 * 5},
                 {"level1", 95.5 * 1607 * 0.755 / 227 * 5},
                 {"level2", 13.7 * 1607 * 0.7 / 227 * 4}};
    for (size_t i = 0; i < 3; i++) {
        int s = cc_scenario_station(sc, cases[i].station);
        ck_assert_int_eq(sc->stations[s].staff_kind, CC_STAFF_ETPT);
        ck_assert_double_eq_tol(week_hours(sc, &sc->stations[s]), cases[i].hours, 0.5);
    }
    /* Level 2 (flat): 6.5 h x 227 days a year, so 10.44 agents: every open slot 10 or 11. */
    const struct cc_station *l2 = &sc->stations[4];
    ck_assert_double_eq_tol(cc_scenario_open_hours_per_year(sc, 4), 6.5 * 227, 1e-9);
    ck_assert_double_eq_tol(cc_scenario_etpt_to_agents(sc, 4, 13.7), 10.4446832, 1e-6);
    ck_assert_double_eq_tol(cc_scenario_agents_to_etpt(sc, 4, 10.4446832), 13.7, 1e-6);
    for (int k = 0; k < CC_DAYS_PER_WEEK * 48; k++)
        ck_assert(l2->open[k] ? l2->agents[k] == 10 || l2->agents[k] == 11 : l2->agents[k] == 0);
    ck_assert_int_eq(l2->agents[4 * 48 + 20], 0); /* closed on Friday */
    /* Level 1 (load): the 10:00 peak gets more than twice the 12:30 trough. */
    const struct cc_station *l1 = &sc->stations[3];
    ck_assert(l1->agents[20] > 2 * l1->agents[25]);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_spreads_prefecture_volumes_deterministically_with_exact_mean)
{
    struct cc_scenario *sc = load_ok(ETPT, NULL, 0);
    /* mean 287.5, cv 0.6, 3 prefectures: quantiles 1/6, 1/2, 5/6 of a lognormal, rescaled. */
    static const double expected[3] = {153.0950206, 261.7805720, 447.6244075};
    double sum = 0;
    for (int p = 0; p < 3; p++) {
        ck_assert_double_eq_tol(sc->sources[p].calls_per_day, expected[p], 1e-6);
        sum += sc->sources[p].calls_per_day;
    }
    ck_assert_double_eq_tol(sum / 3, 287.5, 1e-9);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_extends_merges_child_over_parent)
{
    struct cc_scenario *sc = load_ok(CHILD, NULL, 0);
    ck_assert_str_eq(sc->name, "extends_child"); /* a name is not inherited */
    ck_assert_str_eq(sc->description, "Parent of extends_child.json.");
    ck_assert_uint_eq(sc->seed, 78);
    ck_assert_uint_eq(sc->n_stations, 8); /* count 6 from the parent */
    const struct cc_station *p1 = &sc->stations[0], *l1 = &sc->stations[6];
    ck_assert_int_eq(p1->staff_kind, CC_STAFF_AGENTS);
    ck_assert_int_eq(p1->agents[20], 3);
    ck_assert_double_eq(p1->patience.mean_s, 75.5);
    ck_assert_double_eq(sc->sources[0].calls_per_day, 515.5);
    /* The child's etpt replaces the parent's agents; the parent's aht_s stays. */
    ck_assert_int_eq(l1->staff_kind, CC_STAFF_ETPT);
    ck_assert_double_eq(l1->etpt, 90.5);
    ck_assert_double_eq(l1->service.mean_s, 200);
    ck_assert_double_eq(sc->stations[7].service.mean_s, 600);
    /* Arrays are replaced whole: Monday weight 1.2 (mean 1 over Monday-Friday). */
    ck_assert_double_eq_tol(day_calls(sc, &sc->sources[0], 0), 515.5 * 1.2, 1e-9);
    ck_assert_double_eq(sc->retrial.p, 0); /* null removed the parent's 0.15 */
    ck_assert_ptr_null(strstr(sc->resolved_json, "\"extends\""));
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_resolved_json_contains_every_default)
{
    static const char *const child[] = {
        "\"name\":\t\"extends_child\"",
        "\"interval_min\":\t30",
        "\"days\":\t5",
        "\"intraday_weights\":\t[0, 0, 0, 0, 0, 0, 0, 0, 1, 1.3, 1.4, 1.2",
        "\"general_share\":\t0.07",
        "\"hours_per_etpt\":\t1607",
        "\"shrinkage\":\t0.3",
        "\"service_dist\":\t\"lognormal\"",
        "\"service_cv\":\t0.8",
        "\"capacity\":\t30",
        "\"interior_share\":\t0.22",
        "\"direct\":\t0.2",
        "\"etpt\":\t13",
        "\"mode\":\t\"ivr\"",
        "\"delay_s\":\t10",
        "\"max_attempts\":\t3",
        "\"ministry_share\":\t0.3333333333",
        "\"days\":\t[\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"};
    struct cc_scenario *sc = load_ok(CHILD, NULL, 0);
    for (size_t i = 0; i < sizeof child / sizeof *child; i++)
        ck_assert_msg(strstr(sc->resolved_json, child[i]) != NULL, "no %s in\n%s", child[i],
                      sc->resolved_json);
    cc_scenario_free(sc);
    sc = load_ok(MMCM, NULL, 0);
    ck_assert_ptr_nonnull(strstr(sc->resolved_json, "\"open\":\t\"always\""));
    ck_assert_ptr_nonnull(strstr(sc->resolved_json, "\"interval_min\":\t60"));
    ck_assert_ptr_nonnull(strstr(sc->resolved_json, "\"open_days_per_year\":\t250"));
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_resolved_json_reloads_to_the_same_scenario)
{
    struct cc_scenario *a = load_ok(ETPT, NULL, 0);
    char path[] = "/tmp/ccsim-scenario-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(a->resolved_json, f);
    fclose(f);
    struct cc_scenario *b = load_ok(path, NULL, 0);
    unlink(path);
    ck_assert_str_eq(a->resolved_json, b->resolved_json);
    ck_assert_uint_eq(a->n_stations, b->n_stations);
    size_t w = CC_DAYS_PER_WEEK * (size_t)a->slots_per_day;
    for (size_t i = 0; i < a->n_stations; i++)
        ck_assert(memcmp(a->stations[i].agents, b->stations[i].agents, w * sizeof(int)) == 0);
    for (size_t j = 0; j < a->n_sources; j++)
        ck_assert(memcmp(a->sources[j].rate, b->sources[j].rate, w * sizeof(double)) == 0);
    cc_scenario_free(a);
    cc_scenario_free(b);
}
END_TEST

START_TEST(scenario_empirical_table_gives_mean_and_cv)
{
    struct cc_scenario *sc = load_ok(GOOD_DIR "/empirical.json", NULL, 0);
    const struct cc_station *st = &sc->stations[0];
    ck_assert_str_eq(st->name, "desk");
    ck_assert_int_eq(st->service.kind, CC_DIST_EMPIRICAL);
    ck_assert_uint_eq(st->service.n, 3);
    ck_assert_double_eq(st->service.weights[1], 0.625);
    /* values 60, 180, 600 s with weights 0.25, 0.625, 0.125 */
    ck_assert_double_eq_tol(st->service.mean_s, 202.5, 1e-12);
    ck_assert_double_eq_tol(st->service.cv, sqrt(66150 - 202.5 * 202.5) / 202.5, 1e-12);
    ck_assert_int_eq(st->patience.kind, CC_DIST_GAMMA);
    ck_assert_double_eq(st->patience.cv, 0.45);
    /* 2-hour slots: 2 agents until 08:00, 7 until 18:00, then 3. */
    static const int day[12] = {2, 2, 2, 2, 7, 7, 7, 7, 7, 3, 3, 3};
    for (int k = 0; k < CC_DAYS_PER_WEEK * 12; k++)
        ck_assert_int_eq(st->agents[k], day[k % 12]);
    ck_assert_int_eq(st->staff_kind, CC_STAFF_SCHEDULE);
    ck_assert_double_eq_tol(st->etpt, 52.0 / 12 * 24 * 250 / (1607 * 0.7), 1e-9);
    cc_scenario_free(sc);
}
END_TEST

START_TEST(scenario_sha256_is_the_hash_of_the_top_file)
{
    char hex[SHA256_DIGEST_STRING_LENGTH];
    struct cc_scenario *sc = load_ok(CHILD, NULL, 0);
    /* sha256sum tests/data/good/extends_child.json (regenerate if the file changes). */
    ck_assert_str_eq(sc->sha256,
                     "94592103e73b88ff0a4afb53d2c319c3075b76c7aca61893ea9a8ab013608c34");
    ck_assert_str_eq(sc->sha256, SHA256File(CHILD, hex));
    ck_assert_str_ne(sc->sha256, SHA256File(GOOD_DIR "/extends_parent.json", hex));
    ck_assert_str_eq(sc->path, CHILD);
    cc_scenario_free(sc);
}
END_TEST

Suite *scenario_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_suite(void)
{
    Suite *s = suite_create("scenario");
    TCase *bad = tcase_create("bad_input");
    tcase_add_test(bad, scenario_bad_inputs_match_their_err_files);
    tcase_add_test(bad, scenario_bad_inputs_cover_every_required_error);
    tcase_add_test(bad, scenario_rejects_malformed_sets);
    tcase_add_test(bad, scenario_reports_set_values_under_their_set);
    tcase_add_test(bad, scenario_says_what_is_wrong_with_a_set_path);
    suite_add_tcase(s, bad);
    TCase *load = tcase_create("load");
    tcase_add_test(load, scenario_good_files_load_without_diagnostics);
    tcase_add_test(load, scenario_loads_mmcm_with_constant_rate_and_ten_agents);
    tcase_add_test(load, scenario_applies_the_mmcm_overrides);
    tcase_add_test(load, scenario_set_creates_keys_and_list_items);
    tcase_add_test(load, scenario_set_null_removes_a_key_and_staffing_keys_replace_each_other);
    tcase_add_test(load, scenario_set_one_prefecture_volume_on_a_spread_scenario);
    tcase_add_test(load, scenario_accepts_a_utf8_byte_order_mark);
    tcase_add_test(load, scenario_names_are_plain_file_names);
    tcase_add_test(load, scenario_extends_merges_child_over_parent);
    tcase_add_test(load, scenario_resolved_json_contains_every_default);
    tcase_add_test(load, scenario_resolved_json_reloads_to_the_same_scenario);
    tcase_add_test(load, scenario_empirical_table_gives_mean_and_cv);
    tcase_add_test(load, scenario_sha256_is_the_hash_of_the_top_file);
    suite_add_tcase(s, load);
    TCase *resolve = tcase_create("resolve");
    tcase_add_test(resolve, scenario_network_day_totals_equal_calls_per_day_times_weekday_weight);
    tcase_add_test(resolve, scenario_long_intervals_average_the_hours_they_cover);
    tcase_add_test(resolve, scenario_network_wires_prefectures_levels_and_sources);
    tcase_add_test(resolve, scenario_etpt_agent_hours_match_the_budget);
    tcase_add_test(resolve, scenario_spreads_prefecture_volumes_deterministically_with_exact_mean);
    suite_add_tcase(s, resolve);
    return s;
}
