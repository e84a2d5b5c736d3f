/* Reading a scenario file and its "extends" parents into one cJSON tree (objects merge key by
 * key, the child wins, null removes a key). Only regular files of at most 16 MiB of UTF-8
 * without NUL are read (a FIFO would block, a device never end); each file read is hashed
 * (SHA-256) for the run manifest. */
#include "models/scenario_impl.h"

#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sha2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- loading: files, syntax errors, extends ------------------------------------------------ */

/* Reads a regular file of at most FILE_MAX bytes. The descriptor is opened non-blocking and
 * checked with fstat before any read: a FIFO would block the open (and the read) forever and a
 * device such as /dev/zero never ends. The size check is repeated while reading, since the
 * file may grow after fstat. */
static char *read_file(const char *path, size_t *len, struct ctx *c)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        add_line(c, "%s: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        add_line(c, "%s: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || (uintmax_t)st.st_size > FILE_MAX) {
        if (!S_ISREG(st.st_mode))
            add_line(c, "%s: expected a regular file, got %s", path,
                     sim_diag_file_kind(st.st_mode));
        else
            add_line(c, "%s: file is larger than 16 MiB", path);
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    int err = buf == NULL ? ENOMEM : 0;
    while (err == 0 && n <= FILE_MAX) {
        if (n + 1 == cap) { /* full: the file grew; never beyond FILE_MAX + 1 bytes */
            size_t bigger_cap = cap + FILE_CHUNK > FILE_MAX + 2 ? FILE_MAX + 2 : cap + FILE_CHUNK;
            char *bigger = realloc(buf, bigger_cap);
            if (bigger == NULL) {
                err = ENOMEM;
                break;
            }
            buf = bigger;
            cap = bigger_cap;
        }
        size_t want = cap - 1 - n < FILE_CHUNK ? cap - 1 - n : FILE_CHUNK;
        ssize_t got_n = read(fd, buf + n, want);
        if (got_n < 0 && errno == EINTR)
            continue;
        if (got_n < 0)
            err = errno;
        else if (got_n == 0)
            break;
        else
            n += (size_t)got_n;
    }
    close(fd);
    if (err == 0 && n > FILE_MAX) {
        add_line(c, "%s: file is larger than 16 MiB", path);
        free(buf);
        return NULL;
    }
    if (err != 0) {
        add_line(c, "%s: %s", path, strerror(err));
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* The top scenario given as bytes (cc_scenario_load_text), as read_file would return it: a
 * copy ended by a NUL, within the same size limit. */
static char *text_copy(const char *path, const char *text, size_t n, size_t *len, struct ctx *c)
{
    if (n > FILE_MAX) {
        add_line(c, "%s: file is larger than 16 MiB", path);
        return NULL;
    }
    char *buf = malloc(n + 1);
    if (buf == NULL) {
        add_line(c, "%s: %s", path, strerror(ENOMEM));
        return NULL;
    }
    memcpy(buf, text, n);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Line and column (in UTF-8 characters, from 1) of position end in text. */
static void line_col(const char *text, const char *end, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (const char *q = text; q < end; q++) {
        if (*q == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)*q & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

/* The first "\u0000" escape inside a string, or NULL: cJSON would end the C string there and
 * drop the rest of the value ("a\u0000/b" would read as "a"). */
static const char *nul_escape(const char *text)
{
    bool in_str = false;
    for (const char *q = text; *q != '\0'; q++) {
        if (!in_str) {
            in_str = *q == '"';
        } else if (*q == '"') {
            in_str = false;
        } else if (*q == '\\') {
            if (strncmp(q + 1, "u0000", 5) == 0)
                return q;
            if (q[1] != '\0')
                q++;
        }
    }
    return NULL;
}

/* JSON text is UTF-8 (RFC 8259 s.8.1) without NUL: cJSON would stop at a NUL and silently
 * ignore the rest of the file, and invalid UTF-8 would reach names, folders and CSV cells.
 * Returns the text to parse: after a UTF-8 byte order mark, which Windows editors write and
 * which is accepted on purpose (RFC 8259 lets a parser ignore it). NULL: reported. */
static const char *check_text(const char *buf, size_t n, const char *path, struct ctx *c)
{
    const char *text = n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? buf + 3 : buf;
    size_t len = n - (size_t)(text - buf);
    const char *nul = memchr(text, '\0', len);
    size_t bad = utf8_invalid_at(text, nul != NULL ? (size_t)(nul - text) : len);
    int line, col;
    if (nul != NULL && bad == (size_t)(nul - text)) {
        line_col(text, nul, &line, &col);
        add_line(c, "%s:%d:%d: NUL byte in JSON text", path, line, col);
        return NULL;
    }
    if (bad < len) {
        line_col(text, text + bad, &line, &col);
        add_line(c, "%s:%d:%d: invalid UTF-8 in JSON text", path, line, col);
        return NULL;
    }
    const char *esc = nul_escape(text);
    if (esc != NULL) {
        line_col(text, esc, &line, &col);
        add_line(c, "%s:%d:%d: \\u0000 (NUL) in a JSON string", path, line, col);
        return NULL;
    }
    return text;
}

/* cJSON 1.7.15 reports a bad object key one character late (parse_string moves past it), so
 * '{"a": 1,}' would point after the '}'. When end - 1 is where a key should start (after '{'
 * or ',' inside an object), step back onto it. */
static const char *key_error_position(const char *buf, const char *end)
{
    char stack[64], last = 0;
    int depth = 0;
    bool in_str = false;
    if (end == buf || isspace((unsigned char)end[-1]))
        return end;
    for (const char *q = buf; q < end - 1; q++) {
        if (in_str) {
            if (*q == '\\')
                q++;
            else if (*q == '"')
                in_str = false;
            continue;
        }
        if (isspace((unsigned char)*q))
            continue;
        if (*q == '{' || *q == '[') {
            if (depth == (int)sizeof stack)
                return end;
            stack[depth++] = *q;
        } else if ((*q == '}' || *q == ']') && depth > 0) {
            depth--;
        }
        in_str = *q == '"';
        last = *q;
    }
    bool key_expected =
        !in_str && depth > 0 && stack[depth - 1] == '{' && (last == '{' || last == ',');
    return key_expected ? end - 1 : end;
}

/* Syntax errors give "file:line:col: invalid JSON near '...'" from return_parse_end (the
 * global cJSON_GetErrorPtr is not thread-safe). Columns count UTF-8 characters. */
static cJSON *parse_json(const char *buf, const char *path, struct ctx *c)
{
    const char *end = NULL;
    cJSON *tree = cJSON_ParseWithOpts(buf, &end, 1);
    if (tree != NULL)
        return tree;
    if (end == NULL) {
        add_line(c, "%s: %s", path, strerror(ENOMEM));
        return NULL;
    }
    end = key_error_position(buf, end);
    int line, col;
    line_col(buf, end, &line, &col);
    if (*end == '\0') {
        add_line(c, "%s:%d:%d: invalid JSON near end of file", path, line, col);
    } else {
        size_t k = strcspn(end, "\r\n");
        add_line(c, "%s:%d:%d: invalid JSON near '%.*s'", path, line, col, (int)(k < 10 ? k : 10),
                 end);
    }
    return NULL;
}

const char *const staff_keys[] = {"agents", "agents_schedule", "etpt", NULL};
/* Prefecture volumes are one choice too: a list, or a mean (and spread) for all. */
static const char *const calls_list_keys[] = {"calls_per_day_list", NULL};
static const char *const calls_mean_keys[] = {"calls_per_day", "calls_per_day_cv", NULL};

/* The keys an override naming key drops from its base (key itself excepted), or NULL. */
static const char *const *other_choices(const char *key)
{
    if (find_name(key, staff_keys) >= 0)
        return staff_keys;
    if (find_name(key, calls_list_keys) >= 0)
        return calls_mean_keys;
    if (find_name(key, calls_mean_keys) >= 0)
        return calls_list_keys;
    return NULL;
}

/* Drops from obj the keys of the other choices than key (staffing: the other staffing keys;
 * volumes: list versus mean) unless over (may be NULL) gives them too. */
void drop_choices(cJSON *obj, const char *key, const cJSON *over)
{
    const char *const *drop = other_choices(key);
    for (size_t i = 0; drop != NULL && drop[i] != NULL; i++)
        if (strcmp(drop[i], key) != 0 &&
            (over == NULL || cJSON_GetObjectItemCaseSensitive(over, drop[i]) == NULL))
            cJSON_DeleteItemFromObjectCaseSensitive(obj, drop[i]);
}

/* Staffing is one choice: an override that names one staffing key drops the others; so are
 * prefecture volumes (calls_per_day_list, or calls_per_day with calls_per_day_cv). */
static void drop_other_staffing(cJSON *base, const cJSON *over)
{
    for (const cJSON *v = over->child; v != NULL; v = v->next)
        if (v->string != NULL && !cJSON_IsNull(v))
            drop_choices(base, v->string, over);
}

/* Merges over into base: objects key by key, over wins, null removes; over is emptied. */
void merge(cJSON *base, cJSON *over)
{
    drop_other_staffing(base, over);
    cJSON *item = over->child;
    while (item != NULL) {
        cJSON *next = item->next;
        cJSON *old = cJSON_GetObjectItemCaseSensitive(base, item->string);
        if (cJSON_IsNull(item)) {
            cJSON_Delete(cJSON_DetachItemViaPointer(base, old));
        } else if (cJSON_IsObject(old) && cJSON_IsObject(item)) {
            merge(old, item);
        } else {
            cJSON_DetachItemViaPointer(over, item);
            /* Both keep item->string: the key moves with the item. */
            if (old != NULL)
                cJSON_ReplaceItemViaPointer(base, old, item);
            else
                cJSON_AddItemToArray(base, item);
        }
        item = next;
    }
}

/* Null in a file means "absent": the default applies. */
void strip_nulls(cJSON *node)
{
    cJSON *it = node->child;
    while (it != NULL) {
        cJSON *next = it->next;
        if (cJSON_IsNull(it) && cJSON_IsObject(node))
            cJSON_Delete(cJSON_DetachItemViaPointer(node, it));
        else
            strip_nulls(it);
        it = next;
    }
}

/* The files being loaded, child first; a file is identified by (device, inode). */
struct chain {
    const char *path;
    dev_t dev;
    ino_t ino;
    const struct chain *up;
};

static void append_chain(char *buf, size_t n, const struct chain *node)
{
    if (node->up != NULL)
        append_chain(buf, n, node->up);
    size_t len = strlen(buf);
    snprintf(buf + len, n - len, "%s -> ", node->path);
}

static char *sibling_path(const char *path, const char *rel)
{
    const char *slash = strrchr(path, '/');
    if (rel[0] == '/' || slash == NULL)
        return strdup(rel);
    size_t dir = (size_t)(slash - path) + 1, n = dir + strlen(rel) + 1;
    char *out = malloc(n);
    if (out != NULL)
        snprintf(out, n, "%.*s%s", (int)dir, path, rel);
    return out;
}

static cJSON *load_parent(const char *path, const cJSON *ext, const struct chain *up, struct ctx *c)
{
    if (!cJSON_IsString(ext)) {
        add_line(c, "%s: extends: expected string, got %s", path, type_name(ext));
        return NULL;
    }
    char *parent = sibling_path(path, ext->valuestring);
    struct stat mine, theirs;
    memset(&mine, 0, sizeof mine);
    memset(&theirs, 0, sizeof theirs);
    /* Text that is no file (stdin) has no inode: its parents are relative to the current
     * folder (sibling_path of "<stdin>") and it cannot be one of them. */
    int err = up == NULL && c->text != NULL ? 0 : stat(path, &mine) != 0 ? errno : 0;
    if (err == 0 && parent != NULL && stat(parent, &theirs) != 0)
        err = errno;
    struct chain me = {path, mine.st_dev, mine.st_ino, up};
    cJSON *base = NULL;
    bool cycle = false;
    for (const struct chain *q = &me; err == 0 && parent != NULL && q != NULL && !cycle; q = q->up)
        cycle = q->dev == theirs.st_dev && q->ino == theirs.st_ino;
    if (parent == NULL) {
        nomem(c);
    } else if (err != 0) {
        add_line(c, "%s: extends: cannot read '%s': %s", path, parent, strerror(err));
    } else if (cycle) {
        char text[1024] = "";
        append_chain(text, sizeof text, &me);
        add_line(c, "%s: extends: cycle %s%s", path, text, parent);
    } else {
        base = load_tree(parent, &me, NULL, c);
        /* A name is not inherited: two files never write to one results folder by accident. */
        cJSON_DeleteItemFromObjectCaseSensitive(base, "name");
    }
    free(parent);
    return base;
}

/* One file and its parents, merged; errors name the file they are in. */
/* Records a file read and its hash for the manifest (c->inputs, moved into the scenario). */
static void add_input(struct ctx *c, const char *path, const char *sha)
{
    struct cc_input_file *v = realloc(c->inputs, (c->n_inputs + 1) * sizeof *v);
    char *p = v != NULL ? strdup(path) : NULL;
    if (v != NULL)
        c->inputs = v;
    if (p == NULL) {
        nomem(c);
        return;
    }
    v[c->n_inputs].path = p;
    snprintf(v[c->n_inputs++].sha256, sizeof v->sha256, "%s", sha);
}

cJSON *load_tree(const char *path, const struct chain *up, char *sha, struct ctx *c)
{
    size_t len = 0;
    char *buf = up == NULL && c->text != NULL ? text_copy(path, c->text, c->text_len, &len, c)
                                              : read_file(path, &len, c);
    if (buf == NULL)
        return NULL;
    char mine[SHA256_DIGEST_STRING_LENGTH];
    SHA256Data((const uint8_t *)buf, len, mine);
    add_input(c, path, mine);
    if (sha != NULL)
        memcpy(sha, mine, sizeof mine);
    const char *text = check_text(buf, len, path, c);
    cJSON *tree = text != NULL ? parse_json(text, path, c) : NULL;
    free(buf);
    if (tree == NULL)
        return NULL;
    if (!cJSON_IsObject(tree)) {
        add_line(c, "%s: expected object, got %s", path, type_name(tree));
        cJSON_Delete(tree);
        return NULL;
    }
    check_duplicates(tree, "", path, c);
    cJSON *ext = cJSON_DetachItemFromObjectCaseSensitive(tree, "extends");
    if (ext == NULL)
        return tree;
    cJSON *base = load_parent(path, ext, up, c);
    cJSON_Delete(ext);
    if (base != NULL)
        merge(base, tree);
    cJSON_Delete(tree);
    return base;
}
