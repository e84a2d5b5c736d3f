/* Helpers shared by the Check suites. */
#ifndef CC_TESTS_CHECK_UTIL_H
#define CC_TESTS_CHECK_UTIL_H

#include <stdlib.h>
#include <string.h>

/* Bug checks abort the process, so they run only when Check forks (CK_FORK unset or "yes");
 * `make valgrind` runs the suites with CK_FORK=no. */
static inline int check_forks(void)
{
    const char *env = getenv("CK_FORK");
    return env == NULL || strcmp(env, "no") != 0;
}

#endif
