/* test-fsutil.c — bounded reads, atomic writes, mkdir_p, path_join. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "satchel/fsutil.h"
#include "satchel/dl.h"
#include "satchel/xalloc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a fresh directory per test under build/trash/ ------------------ */

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup_tmp(void **state)
{
	char *dir;

	if (mkdir("build", 0755) < 0 && errno != EEXIST)
		return -1;
	if (mkdir("build/trash", 0755) < 0 && errno != EEXIST)
		return -1;
	dir = xstrdup("build/trash/fsutil-XXXXXX");
	if (!mkdtemp(dir)) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int teardown_tmp(void **state)
{
	char *dir = *state;

	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
	return 0;
}

static char *in_tmp(void **state, const char *name)
{
	return path_join(*state, name);
}

/* Counts directory entries whose name contains needle. */
static int count_named(const char *dir, const char *needle)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, needle))
			n++;
	closedir(d);
	return n;
}

static void write_plain(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* ---- file_write_atomic ---------------------------------------------- */

static void test_write_creates(void **state)
{
	char *path = in_tmp(state, "f.json");
	struct err e = ERR_INIT;
	struct buf b;
	struct stat st;

	assert_int_equal(file_write_atomic(path, "hello", 5, 0640, &e), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0640);
	buf_init(&b, 0);
	assert_int_equal(file_read(path, 100, &b, &e), 0);
	assert_string_equal(b.s, "hello");
	assert_int_equal(count_named(*state, TMP_PREFIX), 0);
	buf_release(&b);
	free(path);
}

static void test_write_replaces(void **state)
{
	char *path = in_tmp(state, "f");
	struct err e = ERR_INIT;
	struct stat before, after;
	struct buf b;

	write_plain(path, "old contents, longer than the new", 33);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(file_write_atomic(path, "new", 3, 0600, &e), 0);
	assert_int_equal(stat(path, &after), 0);
	/* A rename of a new file, not an overwrite in place. */
	assert_true(before.st_ino != after.st_ino);
	assert_int_equal(after.st_mode & 07777, 0600);
	buf_init(&b, 0);
	assert_int_equal(file_read(path, 100, &b, &e), 0);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.s, "new");
	assert_int_equal(count_named(*state, TMP_PREFIX), 0);
	/* Empty data is a valid, empty file. */
	assert_int_equal(file_write_atomic(path, "", 0, 0600, &e), 0);
	buf_reset(&b);
	assert_int_equal(file_read(path, 100, &b, &e), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(count_named(*state, TMP_PREFIX), 0);
	buf_release(&b);
	free(path);
}

static const struct {
	mode_t mode;
} mode_cases[] = { { 0600 }, { 0644 }, { 0400 }, { 0700 } };

static void test_write_modes(void **state)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mode_cases); i++) {
		char name[32], *path;
		struct stat st;

		snprintf(name, sizeof(name), "m%zu", i);
		path = in_tmp(state, name);
		assert_int_equal(file_write_atomic(path, "x", 1, mode_cases[i].mode, NULL), 0);
		assert_int_equal(stat(path, &st), 0);
		if ((st.st_mode & 07777) != mode_cases[i].mode)
			fail_msg("mode %o written as %o", (unsigned)mode_cases[i].mode,
				 (unsigned)(st.st_mode & 07777));
		free(path);
	}
	assert_int_equal(count_named(*state, TMP_PREFIX), 0);
}

/* A failed write reports ERR_IO and leaves no temporary file. */
static void test_write_fails_cleanly(void **state)
{
	char *sub = in_tmp(state, "sub"), *path = path_join(sub, "nodir/f"), *target;
	struct err e = ERR_INIT;

	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(file_write_atomic(path, "x", 1, 0600, &e), -1);
	assert_int_equal(e.code, ERR_IO);
	/* The target is a directory: rename fails, the temporary goes. */
	target = path_join(sub, "isdir");
	assert_int_equal(mkdir(target, 0700), 0);
	{
		char *inner = path_join(target, "keep");

		write_plain(inner, "k", 1);
		free(inner);
	}
	err_clear(&e);
	assert_int_equal(file_write_atomic(target, "x", 1, 0600, &e), -1);
	assert_int_equal(e.code, ERR_IO);
	assert_int_equal(count_named(sub, TMP_PREFIX), 0);
	free(target);
	free(path);
	free(sub);
}

/* ---- file_read, fd_read ----------------------------------------------- */

static const struct {
	size_t size, max;
	int ok;
} read_cases[] = {
	{ 0, 0, 1 },
	{ 100, 100, 1 },	/* exactly the limit */
	{ 100, 99, 0 },
	{ 100, 1000, 1 },
	{ 70000, 69999, 0 },	/* more than one read() chunk */
	{ 70000, 70000, 1 },
	{ 1, 0, 0 },
};

/* file_read and file_read_regular: the same results on regular files
 * (both read a file of known size in one read). */
static int (*const readers[])(const char *, size_t, struct buf *, struct err *) = {
	file_read, file_read_regular,
};

static void read_case(const char *path, size_t k, size_t i)
{
	char *data = malloc(read_cases[i].size + 1);
	struct err e = ERR_INIT;
	struct buf b;
	int rc;

	memset(data, 'q', read_cases[i].size);
	write_plain(path, data, read_cases[i].size);
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "pre", NULL), 0);
	rc = readers[k](path, read_cases[i].max, &b, &e);
	if (read_cases[i].ok) {
		if (rc != 0)
			fail_msg("reader %zu size %zu max %zu: %s", k, read_cases[i].size,
				 read_cases[i].max, e.msg);
		assert_int_equal(b.len, 3 + read_cases[i].size);
		assert_memory_equal(b.s + 3, data, read_cases[i].size);
		assert_int_equal(b.s[b.len], '\0');
	} else {
		if (rc == 0)
			fail_msg("reader %zu size %zu max %zu read", k, read_cases[i].size,
				 read_cases[i].max);
		assert_int_equal(e.code, ERR_TOOBIG);
		assert_int_equal(b.len, 3);	/* out as it was */
		assert_string_equal(b.s, "pre");
	}
	buf_release(&b);
	free(data);
}

static void test_read_limits(void **state)
{
	char *path = in_tmp(state, "data");
	size_t i, k;

	for (k = 0; k < ARRAY_SIZE(readers); k++)
		for (i = 0; i < ARRAY_SIZE(read_cases); i++)
			read_case(path, k, i);
	free(path);
}

/* A file too large by size is refused by its size before any read: a
 * sparse 1 GiB file is refused at once and the buffer never grows. */
static void test_read_refused_before_reading(void **state)
{
	char *path = in_tmp(state, "big");
	struct err e = ERR_INIT;
	struct buf b;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)1 << 30), 0);
	close(fd);
	buf_init(&b, 0);
	assert_int_equal(file_read(path, 10, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "big"));
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);	/* nothing was ever allocated */
	buf_release(&b);
	free(path);
}

static void test_read_missing_and_dir(void **state)
{
	char *path = in_tmp(state, "missing");
	struct err e = ERR_INIT;
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(file_read(path, 100, &b, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	assert_non_null(strstr(e.msg, "missing"));
	err_clear(&e);
	assert_int_equal(file_read(*state, 1u << 20, &b, &e), -1);
	assert_int_equal(e.code, ERR_IO);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	free(path);
}

/* A file whose size says 0 but that has contents (as /proc's do) is
 * read to its end, not cut at the size fstat gave. */
static void test_read_size_zero_with_contents(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k < ARRAY_SIZE(readers); k++) {
		struct err e = ERR_INIT;
		struct buf b;
		struct stat st;

		assert_int_equal(stat("/proc/self/status", &st), 0);
		assert_int_equal(st.st_size, 0);
		buf_init(&b, 0);
		assert_int_equal(readers[k]("/proc/self/status", 1u << 20, &b, &e), 0);
		assert_true(b.len > 100);
		assert_non_null(strstr(b.s, "Name:"));
		assert_non_null(strstr(b.s, "VmRSS:"));	/* well past the first byte */
		buf_release(&b);
		buf_init(&b, 0);
		assert_int_equal(readers[k]("/proc/self/status", 10, &b, &e), -1);
		assert_int_equal(e.code, ERR_TOOBIG);
		assert_int_equal(b.len, 0);
		buf_release(&b);
	}
}

static void test_fd_read_pipe(void **state)
{
	int fds[2];
	struct err e = ERR_INIT;
	struct buf b;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "abcdef", 6), 6);
	close(fds[1]);
	buf_init(&b, 0);
	assert_int_equal(fd_read(fds[0], 6, &b, &e), 0);
	assert_string_equal(b.s, "abcdef");
	close(fds[0]);

	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "abcdef", 6), 6);
	close(fds[1]);
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "k", NULL), 0);
	assert_int_equal(fd_read(fds[0], 5, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_string_equal(b.s, "k");
	close(fds[0]);
	buf_release(&b);
}

/* ---- fd_read_line ----------------------------------------------------- */

static void test_read_line(void **state)
{
	static const char *const want[] = { "one", "", "two words", "last" };
	int fds[2];
	size_t i;
	struct buf b;
	char rest[8];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "one\n\ntwo words\nlast", 19), 19);
	close(fds[1]);
	buf_init(&b, 0);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct err e = ERR_INIT;

		buf_reset(&b);
		if (fd_read_line(fds[0], 100, &b, &e) != 0)
			fail_msg("line %zu: %s", i, e.msg);
		assert_string_equal(b.s, want[i]);
	}
	/* At end of input: success and nothing. */
	buf_reset(&b);
	assert_int_equal(fd_read_line(fds[0], 100, &b, NULL), 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(read(fds[0], rest, sizeof(rest)), 0);
	close(fds[0]);
	buf_release(&b);
}

/* Nothing after the newline is consumed: the rest stays in the pipe. */
static void test_read_line_leaves_rest(void **state)
{
	int fds[2];
	struct buf b;
	char rest[16];

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "secret\nafter", 12), 12);
	close(fds[1]);
	buf_init(&b, 0);
	assert_int_equal(fd_read_line(fds[0], 100, &b, NULL), 0);
	assert_string_equal(b.s, "secret");
	assert_int_equal(read(fds[0], rest, sizeof(rest)), 5);
	assert_memory_equal(rest, "after", 5);
	close(fds[0]);
	buf_release(&b);
}

static void test_read_line_max(void **state)
{
	int fds[2];
	struct err e = ERR_INIT;
	struct buf b;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "12345\n123456\n", 13), 13);
	close(fds[1]);
	buf_init(&b, 0);
	assert_int_equal(fd_read_line(fds[0], 5, &b, &e), 0);	/* exactly max */
	assert_string_equal(b.s, "12345");
	buf_reset(&b);
	assert_int_equal(fd_read_line(fds[0], 5, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	close(fds[0]);
	buf_release(&b);
}

/* ---- mkdir_p, path_exists ------------------------------------------- */

static void test_mkdir_p_nested(void **state)
{
	char *deep = in_tmp(state, "a/b/c/d"), *mid = in_tmp(state, "a/b");
	struct err e = ERR_INIT;
	struct stat st;
	mode_t mask = umask(0);

	umask(mask);
	assert_int_equal(path_exists(deep), 0);
	assert_int_equal(mkdir_p(deep, 0700, &e), 0);
	assert_int_equal(stat(deep, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700 & ~mask);
	assert_int_equal(path_exists(mid), 1);
	/* Again: existing directories are fine. */
	assert_int_equal(mkdir_p(deep, 0700, &e), 0);
	assert_int_equal(mkdir_p(mid, 0700, &e), 0);
	free(mid);
	free(deep);
}

static void test_mkdir_p_forms(void **state)
{
	static const char *const forms[] = { "x/", "y//z", "w/./v", "t/../s" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		char *p = in_tmp(state, forms[i]);
		struct err e = ERR_INIT;

		if (mkdir_p(p, 0700, &e) != 0)
			fail_msg("'%s': %s", forms[i], e.msg);
		assert_int_equal(path_exists(p), 1);
		free(p);
	}
}

static void test_mkdir_p_under_file(void **state)
{
	char *file = in_tmp(state, "plain"), *under = in_tmp(state, "plain/sub/dir");
	struct err e = ERR_INIT;

	write_plain(file, "x", 1);
	assert_int_equal(mkdir_p(under, 0700, &e), -1);
	assert_int_equal(e.code, ERR_IO);
	free(under);
	free(file);
}

/* Regression (fixed): mkdir_p() treats an existing regular file at the final path as
 * success: mkdir() fails with EEXIST, which it ignores without checking
 * that what exists is a directory ("existing directories are fine", and
 * `mkdir -p` itself fails here). */
static void test_mkdir_p_on_file(void **state)
{
	char *file;
	struct err e = ERR_INIT;

	file = in_tmp(state, "afile");
	write_plain(file, "x", 1);
	assert_int_equal(mkdir_p(file, 0700, &e), -1);
	assert_int_equal(e.code, ERR_IO);
	free(file);
}

/* Regression (fixed): mkdir_p("") reads one byte past the end of its heap copy of the
 * path: the loop starts at p + 1, beyond the terminating NUL of "".
 * AddressSanitizer reports a heap-buffer-overflow (reached by
 * wallet_init("") through make_dirs). */
static void test_mkdir_p_empty(void **state)
{
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(mkdir_p("", 0700, &e), -1);
}

static void test_path_exists(void **state)
{
	char *f = in_tmp(state, "exists");

	assert_int_equal(path_exists(*state), 1);
	assert_int_equal(path_exists(f), 0);
	write_plain(f, "", 0);
	assert_int_equal(path_exists(f), 1);
	free(f);
}

/* ---- path_join -------------------------------------------------------- */

static const struct {
	const char *a, *b, *expected;
} join_cases[] = {
	{ "a", "b", "a/b" },
	{ "a/", "b", "a/b" },
	{ "/", "etc", "/etc" },
	{ "/var/lib", "satchel/objects", "/var/lib/satchel/objects" },
	{ "", "b", "/b" },
	{ "a", "", "a/" },
	{ "a//", "b", "a//b" },		/* only one trailing slash is looked at */
};

static void test_path_join(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(join_cases); i++) {
		char *s = path_join(join_cases[i].a, join_cases[i].b);

		if (strcmp(s, join_cases[i].expected) != 0)
			fail_msg("path_join('%s', '%s') = '%s', want '%s'", join_cases[i].a,
				 join_cases[i].b, s, join_cases[i].expected);
		free(s);
	}
}

static void test_dir_fsync(void **state)
{
	char *f = in_tmp(state, "file");
	struct err e = ERR_INIT;

	assert_int_equal(dir_fsync(*state, &e), 0);
	write_plain(f, "", 0);
	assert_int_equal(dir_fsync(f, &e), -1);
	assert_int_equal(e.code, ERR_IO);
	free(f);
}

/* dl_open: the functions land where the table says; a library or a
 * function that is not there is an error that names it, and leaves the
 * handle empty so that nothing half-filled is used. */
struct zlib_api {
	const char *(*version)(void);
	unsigned long (*crc32)(unsigned long, const unsigned char *, unsigned int);
};

static void test_dl_open(void **state)
{
	static const struct dl_fn fns[] = {
		DL_FN(struct zlib_api, version, "zlibVersion"),
		DL_FN(struct zlib_api, crc32, "crc32"),
	};
	static const struct dl_fn missing[] = {
		DL_FN(struct zlib_api, version, "zlibVersion"),
		DL_FN(struct zlib_api, crc32, "no_such_function_in_zlib"),
	};
	struct zlib_api z = { NULL, NULL };
	void *lib = NULL, *again;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(dl_open(&lib, "libz.so.1", fns, 2, &z, &e), 0);
	assert_non_null(lib);
	assert_non_null(z.version());
	assert_int_equal(z.crc32(0, (const unsigned char *)"abc", 3), 0x352441C2ul);
	again = lib;
	assert_int_equal(dl_open(&lib, "libz.so.1", fns, 2, &z, &e), 0);	/* once */
	assert_ptr_equal(lib, again);

	lib = NULL;
	assert_int_equal(dl_open(&lib, "libz.so.1", missing, 2, &z, &e), -1);
	assert_null(lib);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "no_such_function_in_zlib"));
	assert_int_equal(dl_open(&lib, "libsatchel-not-there.so.9", fns, 2, &z, &e), -1);
	assert_null(lib);
	assert_non_null(strstr(e.msg, "libsatchel-not-there.so.9"));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_tmp, teardown_tmp)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_write_creates),
		T(test_write_replaces),
		T(test_write_modes),
		T(test_write_fails_cleanly),
		T(test_read_limits),
		T(test_read_refused_before_reading),
		T(test_read_missing_and_dir),
		cmocka_unit_test(test_read_size_zero_with_contents),
		cmocka_unit_test(test_fd_read_pipe),
		cmocka_unit_test(test_read_line),
		cmocka_unit_test(test_read_line_leaves_rest),
		cmocka_unit_test(test_read_line_max),
		T(test_mkdir_p_nested),
		T(test_mkdir_p_forms),
		T(test_mkdir_p_under_file),
		T(test_mkdir_p_on_file),
		cmocka_unit_test(test_mkdir_p_empty),
		T(test_path_exists),
		cmocka_unit_test(test_path_join),
		T(test_dir_fsync),
		cmocka_unit_test(test_dl_open),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
