/* cli_csv_read: reads a whole CSV file (RFC 4180) into one text buffer plus a table of cell
 * offsets. The unquoted text of a field is never longer than its raw bytes, so one buffer of
 * twice the file size (text + a NUL per field) holds every cell without reallocation. The
 * parser stops at the first malformed record and names its line; line numbers count physical
 * lines, so a quoted field holding line breaks moves the count on as an editor would.
 * Cells are text for people and for gnuplot, never markup or code: a cell holding a control
 * character (C0, DEL; a line break inside quotes included) or bytes that are not UTF-8 is
 * refused with "FILE:LINE: column NAME: ...", so nothing downstream has to guess what it
 * means (docs/security.md). sim_csv writes RFC 4180 too and may quote a line break, but
 * names are meant to be refused where they enter when they hold control characters. */
#include "cli/csv_read.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cli_csv_table {
    char *path;
    char *text;   /* every cell, NUL-terminated, back to back */
    size_t *cell; /* offset of each cell in text, row-major, header first */
    size_t n_cell;
    size_t n_cols;
};

struct parser {
    const char *s;
    size_t n, i;
    long line;
    char *out;
    size_t o;
    size_t *cell;
    size_t n_cell, cap;
    long record, field; /* the record being read (0: the header) and its field */
    size_t n_header;    /* fields of the header, once read */
};

char *cli_csv_read_file(const char *path, size_t *len, sim_diag *d)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sim_diag_add(d, "%s: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    /* One byte stays free for the terminating NUL that the manifest search relies on. */
    while (buf) {
        n += fread(buf + n, 1, cap - 1 - n, f);
        if (n < cap - 1)
            break;
        char *b = realloc(buf, cap *= 2);
        if (!b)
            free(buf);
        buf = b;
    }
    const int err = ferror(f) ? errno : 0;
    fclose(f);
    if (!buf || err) {
        sim_diag_add(d, "%s: %s", path, strerror(buf ? (err ? err : EIO) : ENOMEM));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int push_cell(struct parser *p, size_t start)
{
    if (p->n_cell == p->cap) {
        const size_t cap = p->cap ? 2 * p->cap : 1024;
        size_t *c = realloc(p->cell, cap * sizeof *c);
        if (!c)
            return -1;
        p->cell = c;
        p->cap = cap;
    }
    p->cell[p->n_cell++] = start;
    p->out[p->o++] = '\0';
    return 0;
}

/* Offset of the first byte of s[0..n) that is a control character or not part of well-formed
 * UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), or n. *ctl tells which. */
static size_t bad_byte(const unsigned char *s, size_t n, int *ctl)
{
    for (size_t i = 0; i < n;) {
        const unsigned c = s[i];
        *ctl = c < 0x20 || c == 0x7f;
        if (*ctl)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t len = c >= 0xC2 && c <= 0xDF   ? 2
                     : c >= 0xE0 && c <= 0xEF ? 3
                     : c >= 0xF0 && c <= 0xF4 ? 4
                                              : 0;
        if (len == 0 || i + len > n)
            return i;
        /* The second byte's range excludes overlong forms, surrogates and > U+10FFFF. */
        const unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
        const unsigned hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k < len; k++)
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        i += len;
    }
    return n;
}

/* Refuses the field just read into p->out[start..p->o) when it is not plain text. */
static int check_text(const struct parser *p, size_t start, long line, const char *path,
                      sim_diag *d)
{
    int ctl = 0;
    const size_t n = p->o - start;
    const size_t at = bad_byte((const unsigned char *)p->out + start, n, &ctl);
    if (at == n)
        return 0;
    const unsigned byte = (unsigned char)p->out[start + at];
    char col[96];
    /* The header's name of the column once it is known; its number otherwise. */
    if (p->record > 0 && (size_t)p->field < p->n_header)
        snprintf(col, sizeof col, "column %s", p->out + p->cell[p->field]);
    else
        snprintf(col, sizeof col, "column %ld", p->field + 1);
    sim_diag_add(d, "%s:%ld: %s: expected %s, got byte 0x%02X", path, line, col,
                 ctl ? "text without control characters" : "UTF-8 text", byte);
    return -1;
}

static int is_end(const struct parser *p)
{
    return p->i >= p->n || p->s[p->i] == ',' || p->s[p->i] == '\n' || p->s[p->i] == '\r';
}

/* One field at p->i; leaves p->i on its terminator. 0, or -1 with a message in d. */
static int parse_field(struct parser *p, const char *path, sim_diag *d)
{
    const size_t start = p->o;
    const long line = p->line;
    if (p->i < p->n && p->s[p->i] == '"') {
        const long first = p->line;
        for (p->i++;; p->i++) {
            if (p->i >= p->n) {
                sim_diag_add(d, "%s:%ld: expected a closing quote, got end of file", path, first);
                return -1;
            }
            const char c = p->s[p->i];
            if (c == '"' && p->i + 1 < p->n && p->s[p->i + 1] == '"')
                p->i++;
            else if (c == '"')
                break;
            else if (c == '\n')
                p->line++;
            p->out[p->o++] = c;
        }
        p->i++;
        if (!is_end(p)) {
            sim_diag_add(d, "%s:%ld: expected ',' after a quoted field, got '%c'", path, p->line,
                         p->s[p->i]);
            return -1;
        }
    } else {
        while (!is_end(p))
            p->out[p->o++] = p->s[p->i++];
    }
    if (check_text(p, start, line, path, d) != 0)
        return -1;
    if (push_cell(p, start) != 0) {
        sim_diag_add(d, "%s: %s", path, strerror(ENOMEM));
        return -1;
    }
    return 0;
}

/* One record; consumes its line end. Returns the number of fields, or -1. */
static long parse_record(struct parser *p, const char *path, sim_diag *d)
{
    long fields = 0;
    for (;;) {
        p->field = fields;
        if (parse_field(p, path, d) != 0)
            return -1;
        fields++;
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        break;
    }
    if (p->i < p->n && p->s[p->i] == '\r')
        p->i++;
    if (p->i < p->n && p->s[p->i] == '\n')
        p->i++;
    p->line++;
    return fields;
}

static int parse(struct parser *p, cli_csv_table *t, sim_diag *d)
{
    long cols = -1;
    while (p->i < p->n) {
        if (p->s[p->i] == '\n' || p->s[p->i] == '\r') {
            p->line += p->s[p->i] == '\n';
            p->i++;
            continue;
        }
        const long line = p->line;
        const long f = parse_record(p, t->path, d);
        if (f < 0)
            return -1;
        p->record++;
        if (cols < 0)
            p->n_header = (size_t)(cols = f);
        else if (f != cols) {
            sim_diag_add(d, "%s:%ld: expected %ld fields, got %ld", t->path, line, cols, f);
            return -1;
        }
    }
    if (cols < 0) {
        sim_diag_add(d, "%s: expected a header row, got an empty file", t->path);
        return -1;
    }
    t->n_cols = (size_t)cols;
    return 0;
}

cli_csv_table *cli_csv_read_load(const char *path, sim_diag *d)
{
    struct parser p = {.line = 1};
    cli_csv_table *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path))) {
        sim_diag_add(d, "%s: %s", path, strerror(ENOMEM));
        goto fail;
    }
    char *raw = cli_csv_read_file(path, &p.n, d);
    if (!raw)
        goto fail;
    p.s = raw;
    p.out = t->text = malloc(2 * p.n + 2);
    if (!t->text) {
        sim_diag_add(d, "%s: %s", path, strerror(ENOMEM));
        free(raw);
        goto fail;
    }
    const int rc = parse(&p, t, d);
    free(raw);
    t->cell = p.cell;
    t->n_cell = p.n_cell;
    if (rc != 0)
        goto fail;
    return t;
fail:
    cli_csv_read_free(t);
    return NULL;
}

void cli_csv_read_free(cli_csv_table *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->text);
    free(t->cell);
    free(t);
}

size_t cli_csv_read_rows(const cli_csv_table *t)
{
    return t->n_cols ? t->n_cell / t->n_cols - 1 : 0;
}

size_t cli_csv_read_cols(const cli_csv_table *t)
{
    return t->n_cols;
}

const char *cli_csv_read_path(const cli_csv_table *t)
{
    return t->path;
}

const char *cli_csv_read_name(const cli_csv_table *t, int col)
{
    return col >= 0 && (size_t)col < t->n_cols ? t->text + t->cell[col] : "";
}

int cli_csv_read_col(const cli_csv_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->text + t->cell[c], name) == 0)
            return (int)c;
    return -1;
}

int cli_csv_read_require(const cli_csv_table *t, const char *const *names, sim_diag *d)
{
    int rc = 0;
    for (size_t k = 0; names[k]; k++) {
        if (cli_csv_read_col(t, names[k]) < 0) {
            sim_diag_add(d, "%s: expected column '%s' in the header", t->path, names[k]);
            rc = -1;
        }
    }
    return rc;
}

const char *cli_csv_read_cell(const cli_csv_table *t, size_t row, int col)
{
    if (col < 0 || (size_t)col >= t->n_cols || row >= cli_csv_read_rows(t))
        return "";
    return t->text + t->cell[(row + 1) * t->n_cols + (size_t)col];
}

double cli_csv_read_num(const cli_csv_table *t, size_t row, int col)
{
    const char *s = cli_csv_read_cell(t, row, col);
    char *end = NULL;
    const double x = strtod(s, &end);
    return end == s || *end != '\0' ? NAN : x;
}

int cli_csv_read_is_share(const char *metric)
{
    static const char *const shares[] = {"answer_rate", "abandon_rate", "sl_20", "sl_60",
                                         "sl_180",      "occupancy",    "share", NULL};
    for (size_t i = 0; shares[i]; i++)
        if (strcmp(metric, shares[i]) == 0)
            return 1;
    return 0;
}

/* Appends code point u as UTF-8. */
static size_t put_utf8(char *out, unsigned long u)
{
    if (u < 0x80) {
        out[0] = (char)u;
        return 1;
    }
    if (u < 0x800) {
        out[0] = (char)(0xC0 | (u >> 6));
        out[1] = (char)(0x80 | (u & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (u >> 12));
    out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F));
    return 3;
}

/* Unescapes the JSON string whose first character (after the opening quote) is at s. Surrogate
 * pairs are not joined (the manifest writer escapes only control characters). */
static char *json_string(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    if (!out)
        return NULL;
    for (; *s && *s != '"'; s++) {
        if (*s != '\\') {
            *o++ = *s;
            continue;
        }
        s++;
        static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
        const char *k = *s ? strchr(from, *s) : NULL;
        if (k) {
            *o++ = to[k - from];
        } else if (*s == 'u' && strlen(s) >= 5) {
            char hex[5] = {s[1], s[2], s[3], s[4], '\0'};
            o += put_utf8(o, strtoul(hex, NULL, 16));
            s += 4;
        } else {
            break;
        }
    }
    *o = '\0';
    return out;
}

char *cli_csv_read_manifest(const char *dir, const char *key)
{
    const size_t n = strlen(dir) + 16;
    char *path = malloc(n), *text = NULL, *value = NULL;
    size_t len = 0;
    sim_diag *d = sim_diag_alloc();
    if (path && d) {
        snprintf(path, n, "%s/manifest.json", dir);
        text = cli_csv_read_file(path, &len, d);
    }
    const size_t klen = strlen(key);
    for (const char *p = text; p && (p = strstr(p, "\"")) != NULL; p++) {
        if (strncmp(p + 1, key, klen) != 0 || p[klen + 1] != '"')
            continue;
        const char *v = p + klen + 2;
        v += strspn(v, " \t\r\n");
        if (*v != ':')
            continue;
        v += 1 + strspn(v + 1, " \t\r\n");
        if (*v == '"')
            value = json_string(v + 1);
        else
            value = strndup(v, strcspn(v, ",}\r\n"));
        break;
    }
    free(path);
    free(text);
    sim_diag_free(d);
    return value;
}

const char *cli_outcome_label(const char *outcome)
{
    static const char *const map[][2] = {
        {"closed_l1", "closed at level 1"},
        {"closed_l2", "closed at level 2"},
        {"abandoned_switchboard", "abandoned at the switchboard"},
        {"abandoned_l1", "abandoned at level 1"},
        {"abandoned_l2", "abandoned at level 2"},
        {"blocked_switchboard", "blocked at the switchboard"},
        {"blocked_l1", "blocked at level 1"},
        {"blocked_l2", "blocked at level 2"},
        {"unanswered_general", "general call left unanswered"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(outcome, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}
