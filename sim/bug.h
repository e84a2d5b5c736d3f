/* sim_bug: the single place where programming errors end the process.
 * SIM_ASSERT is on in every build: a broken invariant in a simulator gives wrong numbers
 * silently, which is worse than a crash. Break on sim_bug_abort in gdb. */
#ifndef SIM_BUG_H
#define SIM_BUG_H

#define SIM_ASSERT(expr) ((expr) ? (void)0 : sim_bug_abort(__FILE__, __LINE__, #expr))

/* Prints "file:line: assertion failed: expr" to stderr and aborts. */
_Noreturn void sim_bug_abort(const char *file, int line, const char *expr);

#endif
