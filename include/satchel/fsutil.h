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
/* Like file_read when path is a regular file; returns 1 and reads nothing
 * when it is something else or does not exist (ENOENT, ENOTDIR), so that
 * a caller that takes files and names alike checks with one open instead
 * of a stat first.  A FIFO is never waited on. */
int file_read_regular(const char *path, size_t max, struct buf *out, struct err *err);
/* Appends everything readable from fd (e.g. stdin) to out, at most max. */
int fd_read(int fd, size_t max, struct buf *out, struct err *err);

/* Appends one line from fd (without its newline) to out, at most max
 * bytes; reads byte by byte so nothing after the line is consumed. */
int fd_read_line(int fd, size_t max, struct buf *out, struct err *err);

/* Atomically replaces path with data (mode for a new file). */
int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		      struct err *err);

/* A batch of atomic writes, for bulk work (importing a folder): each
 * write goes to its temporary file at once, but the expensive part --
 * making data and renames durable -- happens once for all of them in
 * write_batch_commit: one syncfs, the renames, one syncfs.  Until the
 * commit nothing is visible under its final name; a crash before it
 * leaves only temporary files (fsck reports them), never a torn file.
 * The batch owns the paths it records. */
struct write_batch {
	struct batch_item { char *tmp; char *path; } *items;
	size_t n, cap;
};

#define WRITE_BATCH_INIT { NULL, 0, 0 }

/* Like file_write_atomic, deferred into batch b (b == NULL: at once). */
int file_write_batched(struct write_batch *b, const char *path, const void *data, size_t len,
		       mode_t mode, struct err *err);
/* 1 when path has a write pending in b. */
int write_batch_has(const struct write_batch *b, const char *path);
/* Makes every pending write durable and visible; dir is any directory
 * on the same file system (for syncfs).  The batch is empty afterwards,
 * also on failure (temporaries of failed renames are removed). */
int write_batch_commit(struct write_batch *b, const char *dir, struct err *err);
/* Drops every pending write (removes the temporaries). */
void write_batch_abort(struct write_batch *b);

/* fsyncs a directory so that a rename in it is durable. */
int dir_fsync(const char *dir, struct err *err);
/* mkdir -p with mode; existing directories are fine. */
int mkdir_p(const char *path, mode_t mode, struct err *err);
/* 1 when path exists (any type), 0 otherwise. */
int path_exists(const char *path);
/* Joins a and b with one '/'; caller owns the result. */
char *path_join(const char *a, const char *b);

#endif
