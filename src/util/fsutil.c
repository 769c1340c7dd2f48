/* fsutil.c — bounded reads and atomic writes (include/satchel/fsutil.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "satchel/fsutil.h"
#include "satchel/xalloc.h"

#define FREE_AND_NULL(p) do { free(p); (p) = NULL; } while (0)

int fd_read(int fd, size_t max, struct buf *out, struct err *err)
{
	size_t start = out->len;
	char chunk[65536];

	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			out->len = start;
			return err_set(err, ERR_IO, "read failed: %s", strerror(errno));
		}
		if (n == 0)
			return 0;
		if (out->len - start + (size_t)n > max) {
			out->len = start;
			out->s[start] = '\0';
			return err_set(err, ERR_TOOBIG, "larger than the limit of %zu bytes", max);
		}
		if (buf_add(out, chunk, (size_t)n, err) < 0) {
			out->len = start;
			return -1;
		}
	}
}

int fd_read_line(int fd, size_t max, struct buf *out, struct err *err)
{
	char c;
	ssize_t n;

	while ((n = read(fd, &c, 1)) == 1 || (n < 0 && errno == EINTR)) {
		if (n < 0)
			continue;
		if (c == '\n')
			return 0;
		if (out->len >= max)
			return err_set(err, ERR_TOOBIG, "line longer than %zu bytes", max);
		if (buf_addc(out, c, err) < 0)
			return -1;
	}
	return n < 0 ? err_set(err, ERR_IO, "read failed: %s", strerror(errno)) : 0;
}

/* Reads a regular file of size bytes (by fstat) into out: one read of
 * size + 1 bytes straight into the buffer.  Getting exactly size bytes
 * means the file was read as it stood when measured, so no second read
 * to meet the end is needed (a system call is a noticeable part of
 * verifying a small credential); anything else (the file grew or shrank,
 * a signal cut the read short) carries on as fd_read. */
static int read_sized(int fd, size_t size, size_t max, struct buf *out, struct err *err)
{
	size_t start = out->len;
	char *p = buf_space(out, size + 1, NULL);
	ssize_t n;

	if (!p)
		return fd_read(fd, max, out, err);
	do
		n = read(fd, p, size + 1);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		buf_truncate(out, start);
		return err_set(err, ERR_IO, "read failed: %s", strerror(errno));
	}
	buf_truncate(out, start + (size_t)n);
	if ((size_t)n == size)
		return 0;
	if ((size_t)n > max) {
		buf_truncate(out, start);
		return err_set(err, ERR_TOOBIG, "larger than the limit of %zu bytes", max);
	}
	if (fd_read(fd, max - (size_t)n, out, err) < 0) {
		buf_truncate(out, start);
		return -1;
	}
	return 0;
}

int file_read(const char *path, size_t max, struct buf *out, struct err *err)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "cannot open '%s': %s",
			       path, strerror(errno));
	if (fstat(fd, &st) < 0)
		st.st_mode = 0;		/* unknown: reading will tell */
	/* Refuse early by size, so a huge file is never read at all. */
	if (S_ISREG(st.st_mode) && (size_t)st.st_size > max) {
		close(fd);
		return err_set(err, ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", path, max);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(err, ERR_IO, "'%s' is a directory", path);
	}
	rc = S_ISREG(st.st_mode) ? read_sized(fd, (size_t)st.st_size, max, out, err)
				 : fd_read(fd, max, out, err);
	close(fd);
	if (rc < 0)
		return err_prefix(err, "'%s'", path);
	return 0;
}

int file_read_regular(const char *path, size_t max, struct buf *out, struct err *err)
{
	struct stat st;
	int fd, rc;

	/* O_NONBLOCK: opening a FIFO for reading would wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return 1;
	if (fd < 0)
		return err_set(err, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return 1;
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return err_set(err, ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", path, max);
	}
	rc = read_sized(fd, (size_t)st.st_size, max, out, err);
	close(fd);
	return rc < 0 ? err_prefix(err, "'%s'", path) : 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int dir_fsync(const char *dir, struct err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, ERR_IO, "cannot open directory '%s': %s", dir, strerror(errno));
	if (fsync(fd) < 0 && errno != EINVAL) {
		int e = errno;

		close(fd);
		return err_set(err, ERR_IO, "cannot sync directory '%s': %s", dir, strerror(e));
	}
	close(fd);
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Writes data to a new temporary file beside path; *tmp receives its
 * name (caller owns it).  sync: fsync it before closing. */
static int write_temp(const char *path, const void *data, size_t len, mode_t mode, int sync,
		      char **tmp, struct err *err)
{
	char *dir = dir_of(path);
	const char *base = strrchr(path, '/');
	int fd;

	*tmp = xasprintf("%s/" TMP_PREFIX "%s.XXXXXX", dir, base ? base + 1 : path);
	fd = mkostemp(*tmp, O_CLOEXEC);
	if (fd < 0) {
		err_set(err, ERR_IO, "cannot create a file in '%s': %s", dir, strerror(errno));
		free(dir);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	free(dir);
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || (sync && fsync(fd) < 0) ||
	    close(fd) < 0) {
		err_set(err, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	return 0;
}

/* A device or pipe named as an output (-o /dev/null, /dev/stdout, a fifo)
 * must be written in place: renaming over it would replace the device
 * node with a regular file, which as root breaks the whole machine. */
static int write_special(const char *path, const void *data, size_t len, struct err *err)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, ERR_IO, "cannot open '%s': %s", path, strerror(errno));
	if (write_all(fd, data, len) < 0) {
		int e = errno;

		close(fd);
		return err_set(err, ERR_IO, "cannot write '%s': %s", path, strerror(e));
	}
	if (close(fd) < 0)
		return err_set(err, ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		      struct err *err)
{
	char *dir, *tmp;
	struct stat st;
	int ret;

	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return err_set(err, ERR_IO, "cannot write '%s': it is a folder", path);
		if (!S_ISREG(st.st_mode))
			return write_special(path, data, len, err);
	}
	if (write_temp(path, data, len, mode, 1, &tmp, err) < 0)
		return -1;
	if (rename(tmp, path) < 0) {
		err_set(err, ERR_IO, "cannot replace '%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	dir = dir_of(path);
	ret = dir_fsync(dir, err);
	free(dir);
	return ret;
}

int file_write_batched(struct write_batch *b, const char *path, const void *data, size_t len,
		       mode_t mode, struct err *err)
{
	char *tmp;

	if (!b)
		return file_write_atomic(path, data, len, mode, err);
	if (write_temp(path, data, len, mode, 0, &tmp, err) < 0)
		return -1;
	xgrow((void **)&b->items, &b->cap, b->n + 1, sizeof(*b->items));
	b->items[b->n].tmp = tmp;
	b->items[b->n].path = xstrdup(path);
	b->n++;
	return 0;
}

int write_batch_has(const struct write_batch *b, const char *path)
{
	size_t i;

	for (i = 0; b && i < b->n; i++)
		if (!strcmp(b->items[i].path, path))
			return 1;
	return 0;
}

static void batch_clear(struct write_batch *b, int unlink_tmp)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (unlink_tmp && b->items[i].tmp)
			unlink(b->items[i].tmp);
		free(b->items[i].tmp);
		free(b->items[i].path);
	}
	free(b->items);
	memset(b, 0, sizeof(*b));
}

static int sync_fs(const char *dir, struct err *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc;

	if (fd < 0)
		return err_set(err, ERR_IO, "cannot open '%s': %s", dir, strerror(errno));
	rc = syncfs(fd);
	close(fd);
	if (rc < 0)
		return err_set(err, ERR_IO, "cannot sync '%s': %s", dir, strerror(errno));
	return 0;
}

int write_batch_commit(struct write_batch *b, const char *dir, struct err *err)
{
	size_t i;
	int ret;

	if (!b->n)
		return 0;
	/* Data first, then the names: a rename must never reach the disk
	 * before the bytes it points to. */
	ret = sync_fs(dir, err);
	for (i = 0; ret == 0 && i < b->n; i++) {
		if (rename(b->items[i].tmp, b->items[i].path) < 0)
			ret = err_set(err, ERR_IO, "cannot replace '%s': %s", b->items[i].path,
				      strerror(errno));
		else
			FREE_AND_NULL(b->items[i].tmp);
	}
	if (ret == 0)
		ret = sync_fs(dir, err);
	batch_clear(b, 1);
	return ret;
}

void write_batch_abort(struct write_batch *b)
{
	batch_clear(b, 1);
}

int mkdir_p(const char *path, mode_t mode, struct err *err)
{
	char *p, *s;
	struct stat st;
	int ret = 0;

	if (!*path)
		return err_set(err, ERR_USAGE, "empty directory name");
	p = xstrdup(path);
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			ret = err_set(err, ERR_IO, "cannot create directory '%s': %s", p, strerror(errno));
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	/* mkdir's EEXIST also covers a file in the way: say so, as mkdir -p does. */
	if (ret == 0 && (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)))
		ret = err_set(err, ERR_IO, "'%s' exists and is not a directory", path);
	free(p);
	return ret;
}

int path_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

char *path_join(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n && a[n - 1] == '/')
		return xasprintf("%s%s", a, b);
	return xasprintf("%s/%s", a, b);
}
