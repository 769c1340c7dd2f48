/* fsutil.h — reading files with limits, and atomic writes.
 *
 * Every write of wallet data goes through file_write_atomic: a temporary
 * file in the same directory, fsync, rename over the target, fsync of the
 * directory.  A crash at any instant leaves the old or the new file,
 * never a torn one.
 */
#ifndef SATCHEL_FSUTIL_H
#define SATCHEL_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>
#include "satchel/buf.h"

/* Prefix of temporary files; fsck reports leftovers of a crash by it. */
#define TMP_PREFIX ".tmp-"

/* Appends the contents of path to out; ERR_TOOBIG beyond max bytes,
 * ERR_NOTFOUND when the file does not exist, ERR_IO otherwise. */
int file_read(const char *path, size_t max, struct buf *out, struct err *err);
/* Appends everything readable from fd (e.g. stdin) to out, at most max. */
int fd_read(int fd, size_t max, struct buf *out, struct err *err);

/* Appends one line from fd (without its newline) to out, at most max
 * bytes; reads byte by byte so nothing after the line is consumed. */
int fd_read_line(int fd, size_t max, struct buf *out, struct err *err);

/* Atomically replaces path with data (mode for a new file). */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		      struct err *err);

/* fsyncs a directory so that a rename in it is durable. */
int dir_fsync(const char *dir, struct err *err);
/* mkdir -p with mode; existing directories are fine. */
int mkdir_p(const char *path, mode_t mode, struct err *err);
/* 1 when path exists (any type), 0 otherwise. */
int path_exists(const char *path);
/* Joins a and b with one '/'; caller owns the result. */
char *path_join(const char *a, const char *b);

#endif
