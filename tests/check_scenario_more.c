/* More tests of cc_scenario_load, written against mutants (tests/mutants/) that the first suite
 * let through: the edges of the "HH:MM" and opening-span rules. */
#include "models/scenario.h"

#include <check.h>
#include <string.h>

#define NETWORK "tests/data/good/network.json"

/* Loads NETWORK with one --set, expects it refused with a message holding want. */
static void assert_refused(const char *set, const char *want)
{
    const char *sets[] = {set};
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(NETWORK, sets, 1, d);
    ck_assert_msg(sc == NULL, "%s loaded but should not have", set);
    bool found = false;
    for (size_t i = 0; i < sim_diag_count(d); i++)
        found = found || strstr(sim_diag_line(d, i), want) != NULL;
    ck_assert_msg(found, "%s: no message holds '%s' (first: '%s')", set, want,
                  sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    sim_diag_free(d);
}

static void assert_loads(const char *set)
{
    const char *sets[] = {set};
    sim_diag *d = sim_diag_alloc();
    struct cc_scenario *sc = cc_scenario_load(NETWORK, sets, 1, d);
    ck_assert_msg(sc != NULL && sim_diag_count(d) == 0, "%s: '%s'", set,
                  sim_diag_count(d) ? sim_diag_line(d, 0) : "");
    sim_diag_free(d);
    cc_scenario_free(sc);
}

/* Minutes run 00..59: "18:59" does not exist on a 30-minute grid either, so the accepted edge
 * is shown with "24:00", the refused one with "18:60". */
START_TEST(a_time_with_sixty_minutes_is_refused)
{
    assert_refused("prefectures.open.hours[2]=[\"18:00\", \"18:60\"]",
                   "prefectures.open.hours[2][1]: expected \"HH:MM\" from 00:00 to 24:00, got "
                   "\"18:60\"");
    assert_loads("prefectures.open.hours[2]=[\"18:00\", \"24:00\"]");
}
END_TEST

/* An opening span [from, to) must not be empty: "to" equal to "from" is refused like an
 * earlier "to", while the shortest span, one interval, loads. */
START_TEST(an_empty_opening_span_is_refused)
{
    assert_refused("prefectures.open.hours[2]=[\"18:00\", \"18:00\"]",
                   "prefectures.open.hours[2][1]: must be after 18:00, got 18:00");
    assert_loads("prefectures.open.hours[2]=[\"18:00\", \"18:30\"]");
}
END_TEST

Suite *scenario_more_suite(void); /* called by check_main.c through suites.h */

Suite *scenario_more_suite(void)
{
    Suite *s = suite_create("scenario_more");
    TCase *tc = tcase_create("edges");
    tcase_add_test(tc, a_time_with_sixty_minutes_is_refused);
    tcase_add_test(tc, an_empty_opening_span_is_refused);
    suite_add_tcase(s, tc);
    return s;
}
