/* testutil.h — small helpers the unit tests share (tests/unit/testutil.c,
 * linked into every unit test). */
#ifndef SATCHEL_TESTUTIL_H
#define SATCHEL_TESTUTIL_H

#include <stddef.h>
#include "satchel/err.h"

/* Runs the shell command fmt; 0 when it exits 0, else -1. */
int tu_run(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Writes data[0..len) to path (created or truncated); 0 or -1. */
int tu_write_bytes(const char *path, const void *data, size_t len);
/* The whole file as a NUL-terminated string (caller frees), or NULL. */
char *tu_read_file(const char *path);
/* A loopback port nothing listens on: a socket bound to it and kept open
 * (*fd, to close after use) so that no one else takes it.  The port, or
 * -1. */
int tu_dead_port(int *fd);
/* A pseudo-random number below n (xorshift64 from a fixed seed, so that
 * a failing randomized test fails the same way again). */
unsigned tu_rand(unsigned n);

#endif
