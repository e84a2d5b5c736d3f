/* sim_bug: see bug.h. The one function to break on when an invariant fails. */
#include "sim/bug.h"

#include <stdio.h>
#include <stdlib.h>

_Noreturn void sim_bug_abort(const char *file, int line, const char *expr)
{
    fprintf(stderr, "%s:%d: assertion failed: %s\n", file, line, expr);
    fflush(stderr);
    abort();
}
