/* objects.c — content-addressed credentials, sidecars and linked
 * documents of a wallet (include/satchel/wallet.h). */
#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/wallet.h"
#include "satchel/xalloc.h"

#define META_MAX	(1u * 1024 * 1024)

static int is_hex_id(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]) || isupper((unsigned char)s[i]))
			return 0;
	return s[n] == '\0';
}

char *wallet_object_path(struct wallet *w, const char *id, const char *suffix)
{
	return xasprintf("%s/objects/%.2s/%s%s", w->dir, id, id + 2, suffix);
}

static char *object_dir(struct wallet *w, const char *id)
{
	return xasprintf("%s/objects/%.2s", w->dir, id);
}

int wallet_pending(struct wallet *w, const char *id)
{
	char *p = wallet_object_path(w, id, "");
	int r = write_batch_has(w->batch, p);

	free(p);
	return r;
}

int wallet_has(struct wallet *w, const char *id)
{
	char *p = wallet_object_path(w, id, "");
	int r = path_exists(p) || write_batch_has(w->batch, p);

	free(p);
	return r;
}

int wallet_put(struct wallet *w, const void *data, size_t len, char id[WALLET_ID_LEN + 1],
	       int *existed, struct err *err)
{
	char *dir, *path;
	int rc;

	crypto_sha256_hex(data, len, id);
	*existed = wallet_has(w, id);
	if (*existed)
		return 0;
	if (len > WALLET_MAX_OBJECT)
		return err_set(err, ERR_TOOBIG, "credential larger than %u bytes", WALLET_MAX_OBJECT);
	dir = object_dir(w, id);
	path = wallet_object_path(w, id, "");
	/* objects/ exists; only the fan-out directory may be missing. */
	rc = mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : mkdir_p(dir, 0700, err);
	if (rc == 0)
		rc = wallet_write_file(w, "object", id, path, data, len, err);
	free(dir);
	free(path);
	return rc;
}

int wallet_get(struct wallet *w, const char *id, struct buf *out, struct err *err)
{
	char *path = wallet_object_path(w, id, ""), got[WALLET_ID_LEN + 1];
	size_t start = out->len;
	int rc;

	rc = wallet_read_file(w, "object", id, path, WALLET_MAX_OBJECT, out, err);
	if (rc == 0) {
		crypto_sha256_hex(out->s + start, out->len - start, got);
		if (strcmp(got, id) != 0)
			rc = err_set(err, ERR_AUTH, "'%s': content does not match its name (hash %.12s...)",
				     path, got);
	}
	free(path);
	return rc;
}

int wallet_meta_get(struct wallet *w, const char *id, json_t **meta, struct err *err)
{
	char *path = wallet_object_path(w, id, ".meta"), *name = xasprintf("%s.meta", id);
	struct buf b;
	int rc;

	buf_init(&b, META_MAX);
	*meta = NULL;
	rc = wallet_read_file(w, "meta", name, path, META_MAX, &b, err);
	if (rc < 0 && err && err->code == ERR_NOTFOUND) {
		err_clear(err);
		*meta = json_object();
		rc = 0;
	} else if (rc == 0) {
		*meta = json_strict_load(b.s, b.len, err);
		if (!*meta || !json_is_object(*meta)) {
			json_decref(*meta);
			*meta = NULL;
			rc = err_set(err, ERR_PARSE, "'%s': sidecar is not a JSON object", path);
		}
	}
	buf_release(&b);
	free(name);
	free(path);
	return rc;
}

int wallet_meta_put(struct wallet *w, const char *id, const json_t *meta, struct err *err)
{
	char *path = wallet_object_path(w, id, ".meta"), *name = xasprintf("%s.meta", id);
	char *text = json_text(meta, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int rc;

	rc = wallet_write_file(w, "meta", name, path, text, strlen(text), err);
	free(text);
	free(name);
	free(path);
	return rc;
}

/* Called for every credential on every index load: no allocation. */
void wallet_meta_stamp(struct wallet *w, const char *id, char out[64])
{
	char path[PATH_MAX];
	size_t n = strlen(w->dir);
	struct stat st;

	out[0] = '\0';
	if (n + sizeof("/objects/ab/") + WALLET_ID_LEN + sizeof(".meta") > sizeof(path))
		return;
	memcpy(path, w->dir, n);
	memcpy(path + n, "/objects/", 9);
	memcpy(path + n + 9, id, 2);
	path[n + 11] = '/';
	memcpy(path + n + 12, id + 2, WALLET_ID_LEN - 2);
	memcpy(path + n + 12 + WALLET_ID_LEN - 2, ".meta", 6);
	if (stat(path, &st) == 0)
		snprintf(out, 64, "%lld.%09ld:%lld", (long long)st.st_mtim.tv_sec,
			 st.st_mtim.tv_nsec, (long long)st.st_size);
}

int wallet_remove(struct wallet *w, const char *id, struct err *err)
{
	char *path = wallet_object_path(w, id, ""), *meta = wallet_object_path(w, id, ".meta");
	char *dir = object_dir(w, id);
	int rc = 0;

	/* Sidecar first: an object without a sidecar is still a complete
	 * credential, a sidecar without its object would be an orphan. */
	if (unlink(meta) < 0 && errno != ENOENT)
		rc = err_set(err, ERR_IO, "cannot remove '%s': %s", meta, strerror(errno));
	else if (unlink(path) < 0)
		rc = err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "cannot remove '%s': %s",
			     path, strerror(errno));
	if (rc == 0)
		rc = dir_fsync(dir, err);
	rmdir(dir);	/* only succeeds when empty, which is what we want */
	free(dir);
	free(meta);
	free(path);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void scan_subdir(const char *path, const char *pfx, char ***ids, size_t *n, size_t *cap)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strlen(e->d_name) != WALLET_ID_LEN - 2 || !is_hex_id(e->d_name, WALLET_ID_LEN - 2))
			continue;
		xgrow((void **)ids, cap, *n + 2, sizeof(char *));
		(*ids)[(*n)++] = xasprintf("%s%s", pfx, e->d_name);
	}
	closedir(d);
}

int wallet_ids(struct wallet *w, char ***ids, size_t *n, struct err *err)
{
	char *objdir = path_join(w->dir, "objects");
	DIR *d = opendir(objdir);
	struct dirent *e;
	size_t cap = 0;

	*ids = NULL;
	*n = 0;
	if (!d) {
		err_set(err, ERR_IO, "cannot read '%s': %s", objdir, strerror(errno));
		free(objdir);
		return -1;
	}
	while ((e = readdir(d))) {
		char *sub;

		if (strlen(e->d_name) != 2 || !is_hex_id(e->d_name, 2))
			continue;
		sub = path_join(objdir, e->d_name);
		scan_subdir(sub, e->d_name, ids, n, &cap);
		free(sub);
	}
	closedir(d);
	free(objdir);
	xgrow((void **)ids, &cap, *n + 1, sizeof(char *));
	(*ids)[*n] = NULL;
	qsort(*ids, *n, sizeof(char *), cmp_str);
	return 0;
}

void wallet_ids_free(char **ids)
{
	size_t i;

	if (!ids)
		return;
	for (i = 0; ids[i]; i++)
		free(ids[i]);
	free(ids);
}

int wallet_resolve(struct wallet *w, const char *prefix, char id[WALLET_ID_LEN + 1],
		   struct err *err)
{
	size_t n, i, len = strlen(prefix), hits = 0;
	char **ids, lower[WALLET_ID_LEN + 1];

	if (len < WALLET_MIN_PREFIX || len > WALLET_ID_LEN)
		return err_set(err, ERR_USAGE, "'%s' is not a credential id (give at least %d hex digits)",
			       prefix, WALLET_MIN_PREFIX);
	for (i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)prefix[i]);
	lower[len] = '\0';
	if (!is_hex_id(lower, len))
		return err_set(err, ERR_USAGE, "'%s' is not a credential id (hex digits only)", prefix);
	if (wallet_ids(w, &ids, &n, err) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (strncmp(ids[i], lower, len) != 0)
			continue;
		if (hits++ == 0)
			memcpy(id, ids[i], WALLET_ID_LEN + 1);
	}
	wallet_ids_free(ids);
	if (hits == 0)
		return err_set(err, ERR_NOTFOUND, "no credential '%s' in the wallet", prefix);
	if (hits > 1)
		return err_set(err, ERR_AMBIGUOUS, "'%s' matches %zu credentials; give more digits",
			       prefix, hits);
	return 0;
}

static char *linked_path(struct wallet *w, const char *url, char name[WALLET_ID_LEN + 1])
{
	crypto_sha256_hex(url, strlen(url), name);
	return xasprintf("%s/linked/%.2s/%s", w->dir, name, name + 2);
}

int wallet_linked_put(struct wallet *w, const char *url, const void *data, size_t len,
		      struct err *err)
{
	char name[WALLET_ID_LEN + 1], *path = linked_path(w, url, name), *dir;
	int rc;

	dir = xasprintf("%s/linked/%.2s", w->dir, name);
	rc = mkdir_p(dir, 0700, err);
	if (rc == 0)
		rc = wallet_write_file(w, "linked", name, path, data, len, err);
	free(dir);
	free(path);
	return rc;
}

int wallet_linked_get(struct wallet *w, const char *url, struct buf *out, struct err *err)
{
	char name[WALLET_ID_LEN + 1], *path = linked_path(w, url, name);
	int rc = wallet_read_file(w, "linked", name, path, WALLET_MAX_OBJECT, out, err);

	free(path);
	return rc;
}
