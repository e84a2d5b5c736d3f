/* fuzz_util: helpers shared by the harnesses: the private scratch directory (every execution
 * writes its input there, so it goes to /dev/shm, tmpfs, when that is writable) and the split
 * of an input into argv-like strings. */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Creates DIR/<name>_XXXXXX into buf (size n); aborts when it cannot. */
static inline void fuzz_mkdtemp(char *buf, size_t n, const char *name)
{
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    if (snprintf(buf, n, "%s/%s_XXXXXX", base, name) >= (int)n || !mkdtemp(buf))
        abort();
}

#define FUZZ_MAX_ARGS 64

/* Copies data into a new NUL-terminated buffer (returned, to free) and cuts it at each newline
 * into argv[0..], at most FUZZ_MAX_ARGS strings, then NULL. NULL for an empty input. */
static inline char *fuzz_split(const uint8_t *data, size_t size, char **argv)
{
    char *buf = size > 0 ? malloc(size + 1) : NULL;
    if (!buf)
        return NULL;
    memcpy(buf, data, size);
    buf[size] = '\0';
    int argc = 0;
    for (char *p = buf; argc < FUZZ_MAX_ARGS;) {
        argv[argc++] = p;
        p = strchr(p, '\n');
        if (!p)
            break;
        *p++ = '\0';
    }
    argv[argc] = NULL;
    return buf;
}

static inline int fuzz_argc(char **argv)
{
    int n = 0;
    while (argv[n])
        n++;
    return n;
}

/* The mode an input's first line names (names[0..n-1]), or one picked from its first byte when
 * it names none, so every input does something; argv[0] becomes that name. */
static inline int fuzz_mode(char **argv, const uint8_t *data, const char *const *names, int n)
{
    int m = -1;
    for (int k = 0; k < n; k++)
        if (strcmp(argv[0], names[k]) == 0)
            m = k;
    if (m < 0)
        m = data[0] % n;
    argv[0] = (char *)names[m];
    return m;
}

#endif
