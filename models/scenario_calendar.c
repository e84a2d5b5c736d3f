/* The dated calendar of a scenario (docs/model.md s.4): calendar.start, month_weights,
 * closed_dates, holidays and peaks, checked and resolved into struct cc_calendar; and the
 * day-level queries the engine asks (weekday, closed, month, factor of a day of the run).
 * Every key is optional and none writes a default into the resolved tree: a scenario without
 * them resolves to the same JSON, and runs the same, as before the calendar existed.
 * Holidays are data, not code: calendar.holidays "fr" reads calendars/fr-holidays.json next
 * to the scenario (or next to a file of its extends chain), and that file is recorded with
 * its SHA-256 among the run's inputs. */
#include "models/scenario_impl.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HOLIDAYS_MAX_BYTES ((size_t)1 << 20) /* about 500 dates take 30 kB */
#define PEAKS_MAX 100

/* ---- dates ------------------------------------------------------------------------------ */

/* Days from civil and back: H. Hinnant's algorithms ("chrono-Compatible Low-Level Date
 * Algorithms"), eras of 400 years so that every division is of a non-negative number. */
long cc_date_days(int year, int month, int day)
{
    const long y = (long)year - (month <= 2);
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void cc_date_civil(long days, int *year, int *month, int *day)
{
    const long z = days + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const long m = mp < 10 ? mp + 3 : mp - 9;
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = (int)m;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
}

int cc_date_weekday(long days)
{
    /* 1970-01-01 was a Thursday (3 with Monday 0). */
    const long w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

bool cc_date_parse(const char *s, long *days)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    const int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    const long t = cc_date_days(y, m, d);
    int y2, m2, d2;
    cc_date_civil(t, &y2, &m2, &d2);
    if (y2 != y || m2 != m || d2 != d) /* 2013-02-30 comes back as 2013-03-02 */
        return false;
    *days = t;
    return true;
}

static void date_text(long days, char out[16])
{
    int y, m, d;
    cc_date_civil(days, &y, &m, &d);
    snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* ---- queries of the engine -------------------------------------------------------------- */

int cc_scenario_weekday(const struct cc_scenario *sc, long d)
{
    return (int)((d + sc->cal.start_wday) % CC_DAYS_PER_WEEK);
}

bool cc_scenario_closed(const struct cc_scenario *sc, long d)
{
    const struct cc_calendar *k = &sc->cal;
    const long day = k->start + d;
    size_t lo = 0, hi = k->n_closed;
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        if (k->closed[mid] < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < k->n_closed && k->closed[lo] == day;
}

int cc_scenario_month(const struct cc_scenario *sc, long d)
{
    if (!sc->cal.dated)
        return 0;
    int y, m, day;
    cc_date_civil(sc->cal.start + d, &y, &m, &day);
    return m - 1;
}

double cc_scenario_day_factor(const struct cc_scenario *sc, long d)
{
    const struct cc_calendar *k = &sc->cal;
    if (!k->dated)
        return 1.0;
    if (cc_scenario_closed(sc, d))
        return 0.0;
    const long day = k->start + d;
    double f = k->month_weight[cc_scenario_month(sc, d)];
    for (size_t i = 0; i < k->n_peaks; i++)
        if (day >= k->peaks[i].from && day <= k->peaks[i].to)
            f *= k->peaks[i].factor;
    return f;
}

/* ---- keys --------------------------------------------------------------------------------- */

/* A date of the file; false (reported) when v is not one. */
static bool get_date(const cJSON *v, const char *p, long *out, struct ctx *c)
{
    if (cJSON_IsString(v) && cc_date_parse(v->valuestring, out))
        return true;
    report(c, p, "expected a date YYYY-MM-DD, got %s", got(v).s);
    return false;
}

static bool closed_add(struct cc_calendar *k, long day, struct ctx *c)
{
    long *v = realloc(k->closed, (k->n_closed + 1) * sizeof *v);
    if (v == NULL) {
        nomem(c);
        return false;
    }
    k->closed = v;
    k->closed[k->n_closed++] = day;
    return true;
}

static int cmp_long(const void *a, const void *b)
{
    const long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

static void read_closed_dates(cJSON *o, struct cc_calendar *k, long end, struct ctx *c)
{
    const cJSON *a = get_array(o, "closed_dates", "calendar", "[]", c);
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        char pi[PATH_LEN];
        join_index(pi, "calendar.closed_dates", i++);
        long day;
        if (get_date(it, pi, &day, c) && day >= k->start && day < end)
            closed_add(k, day, c);
    }
}

/* The file name of the holidays: the scenario's folder and its parents' first. */
static char *holidays_path(const struct cc_scenario *sc, const char *name)
{
    for (size_t i = 0; i <= sc->n_inputs; i++) {
        const char *from = i < sc->n_inputs ? sc->inputs[i].path : "";
        const char *slash = strrchr(from, '/');
        const int dir = slash != NULL ? (int)(slash - from + 1) : 0;
        const size_t n = (size_t)dir + strlen(name) + 32;
        char *p = malloc(n);
        if (p == NULL)
            return NULL;
        snprintf(p, n, "%.*scalendars/%s-holidays.json", dir, from, name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    return NULL;
}

static char *slurp(const char *path, size_t *len, struct ctx *c)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        add_line(c, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(HOLIDAYS_MAX_BYTES + 1);
    size_t n = buf != NULL ? fread(buf, 1, HOLIDAYS_MAX_BYTES + 1, f) : 0;
    const bool bad = buf != NULL && ferror(f);
    fclose(f);
    if (buf == NULL) {
        nomem(c);
        return NULL;
    }
    if (bad || n > HOLIDAYS_MAX_BYTES) {
        add_line(c, "%s: %s", path, bad ? "read error" : "larger than 1 MiB, not a holiday list");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Records the file among the scenario's inputs (manifest.json lists them with their hash). */
static void add_data_input(struct cc_scenario *sc, const char *path, const char *buf, size_t len,
                           struct ctx *c)
{
    struct cc_input_file *v = realloc(sc->inputs, (sc->n_inputs + 1) * sizeof *v);
    if (v == NULL) {
        nomem(c);
        return;
    }
    sc->inputs = v;
    v[sc->n_inputs].path = strdup(path);
    if (v[sc->n_inputs].path == NULL) {
        nomem(c);
        return;
    }
    SHA256Data((const uint8_t *)buf, len, v[sc->n_inputs].sha256);
    sc->n_inputs++;
}

/* {"name", "from_year", "to_year", "holidays": [{"date", "name"}...]}: the dates inside the
 * run become closed days. A problem names the data file and its JSON path. */
static void read_holidays_file(struct cc_scenario *sc, const char *path, long end, struct ctx *c)
{
    struct cc_calendar *k = &sc->cal;
    size_t len = 0;
    char *buf = slurp(path, &len, c);
    if (buf == NULL)
        return;
    cJSON *root = cJSON_ParseWithLength(buf, len);
    add_data_input(sc, path, buf, len, c);
    free(buf);
    const cJSON *from = cJSON_GetObjectItemCaseSensitive(root, "from_year");
    const cJSON *to = cJSON_GetObjectItemCaseSensitive(root, "to_year");
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "holidays");
    if (!cJSON_IsObject(root)) {
        add_line(c, "%s: expected a JSON object, got %s", path,
                 root != NULL ? type_name(root) : "text that is not JSON");
        cJSON_Delete(root);
        return;
    }
    const cJSON *field[3] = {from, to, list};
    static const char *const field_name[3] = {"from_year", "to_year", "holidays"};
    bool shaped = true;
    for (int i = 0; i < 3; i++) {
        const bool fine = i < 2 ? cJSON_IsNumber(field[i]) : cJSON_IsArray(field[i]);
        if (!fine && field[i] == NULL)
            add_line(c, "%s: %s: missing required key", path, field_name[i]);
        else if (!fine)
            add_line(c, "%s: %s: expected %s, got %s", path, field_name[i],
                     i < 2 ? "number" : "array", type_name(field[i]));
        shaped &= fine;
    }
    if (!shaped) {
        cJSON_Delete(root);
        return;
    }
    int y0, y1, m, d;
    cc_date_civil(k->start, &y0, &m, &d);
    cc_date_civil(end - 1, &y1, &m, &d);
    if (y0 < from->valuedouble || y1 > to->valuedouble) {
        char a[16], b[16];
        date_text(k->start, a);
        date_text(end - 1, b);
        report(c, "calendar.holidays", "%s lists the years %d-%d, the run goes from %s to %s", path,
               from->valueint, to->valueint, a, b);
    }
    size_t i = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const cJSON *date = cJSON_GetObjectItemCaseSensitive(it, "date");
        long day;
        if (date == NULL) {
            add_line(c, "%s: holidays[%zu].date: missing required key", path, i);
        } else if (!cJSON_IsString(date) || !cc_date_parse(date->valuestring, &day)) {
            add_line(c, "%s: holidays[%zu].date: expected a date YYYY-MM-DD, got %s", path, i,
                     got(date).s);
        } else if (day >= k->start && day < end) {
            k->n_holidays++;
            closed_add(k, day, c);
        }
        i++;
    }
    cJSON_Delete(root);
}

static void read_holidays(cJSON *o, struct cc_scenario *sc, long end, struct ctx *c)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "holidays");
    if (v == NULL)
        return;
    bool plain = cJSON_IsString(v) && v->valuestring[0] != '\0' && strlen(v->valuestring) <= 16;
    for (const char *s = plain ? v->valuestring : ""; *s; s++)
        plain &= (*s >= 'a' && *s <= 'z') || *s == '_';
    if (!plain) {
        report(c, "calendar.holidays",
               "expected a name of lowercase letters such as \"fr\", got %s", got(v).s);
        return;
    }
    char *path = holidays_path(sc, v->valuestring);
    if (path == NULL) {
        report(c, "calendar.holidays",
               "no file calendars/%s-holidays.json next to the scenario or a file it extends",
               v->valuestring);
        return;
    }
    sc->cal.holidays_file = path;
    read_holidays_file(sc, path, end, c);
}

static void read_peaks(cJSON *o, struct cc_calendar *k, struct ctx *c)
{
    static const char *const keys[] = {"name", "from", "to", "factor", NULL};
    const cJSON *a = get_array(o, "peaks", "calendar", "[]", c);
    if (a == NULL)
        return;
    const size_t n = (size_t)cJSON_GetArraySize(a);
    if (n > PEAKS_MAX) {
        report(c, "calendar.peaks", "expected at most %d peaks, got %zu", PEAKS_MAX, n);
        return;
    }
    k->peaks = n > 0 ? calloc(n, sizeof *k->peaks) : NULL;
    if (n > 0 && k->peaks == NULL) {
        nomem(c);
        return;
    }
    size_t i = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, a)
    {
        char pi[PATH_LEN], p[PATH_LEN];
        join_index(pi, "calendar.peaks", i++);
        struct cc_peak *pk = &k->peaks[k->n_peaks];
        if (!cJSON_IsObject(it)) {
            report(c, pi, "expected object, got %s", type_name(it));
            continue;
        }
        check_keys(it, pi, keys, c);
        const char *name = NULL;
        join(p, pi, "name");
        if (cJSON_GetObjectItemCaseSensitive(it, "name") == NULL)
            report(c, p, "missing required key");
        else if (get_string(it, "name", pi, "", &name, c) && name[0] == '\0')
            report(c, p, "must not be empty");
        bool ok = name != NULL && name[0] != '\0', dates = true;
        const char *ends[2] = {"from", "to"};
        long day[2] = {0, 0};
        for (int e = 0; e < 2; e++) {
            join(p, pi, ends[e]);
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, ends[e]);
            if (v == NULL) {
                report(c, p, "missing required key");
                dates = false;
            } else {
                dates &= get_date(v, p, &day[e], c);
            }
        }
        ok &= dates;
        if (dates && day[1] < day[0]) {
            char a0[16];
            date_text(day[0], a0);
            report(c, p, "must not be before from (%s), got %s", a0,
                   got(cJSON_GetObjectItemCaseSensitive(it, "to")).s);
            ok = false;
        }
        double factor = 1;
        ok &= get_number(it, "factor", pi, above(0), F_REQ | F_WEIGHT, &factor, c);
        if (!ok)
            continue;
        pk->name = strdup(name);
        if (pk->name == NULL) {
            nomem(c);
            return;
        }
        pk->from = day[0];
        pk->to = day[1];
        pk->factor = factor;
        k->n_peaks++;
    }
}

/* Whole years from start to start + days, or 0. */
static int whole_years(long start, int days)
{
    int y, m, d;
    cc_date_civil(start, &y, &m, &d);
    for (int n = 1; n <= 10; n++) {
        const long end = cc_date_days(y + n, m, d);
        if (end == start + days)
            return n;
        if (end > start + days)
            break;
    }
    return 0;
}

void read_dated_calendar(cJSON *o, struct cc_scenario *sc, struct ctx *c)
{
    static const char *const dated[] = {"month_weights", "closed_dates", "holidays", "peaks", NULL};
    struct cc_calendar *k = &sc->cal;
    for (int i = 0; i < CC_MONTHS; i++)
        k->month_weight[i] = 1.0;
    const cJSON *start = cJSON_GetObjectItemCaseSensitive(o, "start");
    if (start == NULL) {
        /* A weight or a closed date without a date for day 0 would be silently ignored. */
        for (int i = 0; dated[i] != NULL; i++)
            if (cJSON_GetObjectItemCaseSensitive(o, dated[i]) != NULL) {
                char p[PATH_LEN];
                join(p, "calendar", dated[i]);
                report(c, p, "needs calendar.start (the date of the run's first day)");
            }
        return;
    }
    if (!get_date(start, "calendar.start", &k->start, c))
        return;
    k->dated = true;
    k->start_wday = cc_date_weekday(k->start);
    const long end = k->start + sc->days;
    k->years = whole_years(k->start, sc->days);
    if (cJSON_GetObjectItemCaseSensitive(o, "month_weights") != NULL) {
        double w[CC_MONTHS], sum = 0;
        for (int i = 0; i < CC_MONTHS; i++)
            w[i] = NAN;
        get_numbers(o, "month_weights", "calendar", NULL, CC_MONTHS, "(jan..dec)", at_least(0),
                    F_WEIGHT, w, c);
        for (int i = 0; i < CC_MONTHS; i++)
            sum += w[i];
        if (sum == 0)
            report(c, "calendar.month_weights", "all 0: no month would have a call");
        else if (isfinite(sum))
            for (int i = 0; i < CC_MONTHS; i++)
                k->month_weight[i] = w[i] * CC_MONTHS / sum;
    }
    if (cJSON_GetObjectItemCaseSensitive(o, "closed_dates") != NULL)
        read_closed_dates(o, k, end, c);
    read_holidays(o, sc, end, c);
    if (cJSON_GetObjectItemCaseSensitive(o, "peaks") != NULL)
        read_peaks(o, k, c);
    if (k->n_closed > 1) {
        qsort(k->closed, k->n_closed, sizeof *k->closed, cmp_long);
        size_t w = 1;
        for (size_t i = 1; i < k->n_closed; i++)
            if (k->closed[i] != k->closed[w - 1])
                k->closed[w++] = k->closed[i];
        k->n_closed = w;
    }
}

void calendar_free(struct cc_calendar *k)
{
    free(k->closed);
    for (size_t i = 0; i < k->n_peaks; i++)
        free(k->peaks[i].name);
    free(k->peaks);
    free(k->holidays_file);
}
