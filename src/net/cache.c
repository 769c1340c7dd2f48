/* cache.c — the on-disk HTTP cache (see src/net/cache.h).
 *
 * The cache is an optimisation and a record for --offline, never a source
 * of errors: whatever cannot be read is a miss, and the caller (net.c)
 * ignores failed writes.  Nothing here trusts the files it reads more
 * than it would trust a server: sizes are bounded and every field is
 * type-checked before use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "satchel/crypto.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"
#include "cache.h"

#define CACHE_FILE_MODE	0600	/* not secret, but nobody else's business */
#define CACHE_DIR_MODE	0700

char *net_cache_dir(const char *dir)
{
	const char *env = getenv("SATCHEL_CACHE_DIR");

	if (dir && *dir)
		return xstrdup(dir);
	if (env && *env)
		return xstrdup(env);
	env = getenv("XDG_CACHE_HOME");
	if (env && env[0] == '/')
		return xasprintf("%s/satchel/http", env);
	env = getenv("HOME");
	if (env && *env)
		return xasprintf("%s/.cache/satchel/http", env);
	return NULL;
}

/* <dir>/ab/cdef...: the file of url; caller owns it. */
static char *cache_path(const char *dir, const char *url)
{
	char hex[SHA256_HEX_LEN + 1];

	crypto_sha256_hex(url, strlen(url), hex);
	return xasprintf("%s/%.2s/%s", dir, hex, hex + 2);
}

void net_cache_entry_release(struct net_cache_entry *e)
{
	free(e->url);
	free(e->content_type);
	free(e->final_url);
	free(e->etag);
	free(e->last_modified);
	buf_release(&e->body);
	*e = (struct net_cache_entry)NET_CACHE_ENTRY_INIT;
}

/* ---- reading ------------------------------------------------------- */

/* Copies the optional string head[key] into *out; -1 when it is there
 * but neither a string nor null (a damaged file). */
static int head_str(const json_t *head, const char *key, char **out)
{
	json_t *v = json_object_get(head, key);

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -1;
	*out = xstrdup(json_string_value(v));
	return 0;
}

/* The integer head[key] into *out; absent or null gives dflt when
 * optional, else -1. */
static int head_int(const json_t *head, const char *key, int optional, int64_t dflt,
		    int64_t *out)
{
	json_t *v = json_object_get(head, key);

	if (!v || json_is_null(v)) {
		*out = dflt;
		return optional ? 0 : -1;
	}
	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

/* Fills e from the metadata line; body_len receives the promised length. */
static int head_parse(const json_t *head, struct net_cache_entry *e, int64_t *body_len)
{
	json_t *nc = json_object_get(head, "no_cache");
	int64_t status;

	if (!json_is_object(head) || head_str(head, "url", &e->url) < 0 || !e->url)
		return -1;
	if (head_int(head, "status", 0, 0, &status) < 0 || (status != 200 && status != 410))
		return -1;
	e->status = (long)status;
	if (head_str(head, "content_type", &e->content_type) < 0 ||
	    head_str(head, "final_url", &e->final_url) < 0 ||
	    head_str(head, "etag", &e->etag) < 0 ||
	    head_str(head, "last_modified", &e->last_modified) < 0)
		return -1;
	if (head_int(head, "fetched_at", 0, 0, &e->fetched_at) < 0 ||
	    head_int(head, "max_age", 1, -1, &e->max_age) < 0 ||
	    head_int(head, "body_len", 0, 0, body_len) < 0)
		return -1;
	if (nc && !json_is_boolean(nc))
		return -1;
	e->no_cache = json_is_true(nc);
	return 0;
}

/* Splits the file in raw into metadata and body; -1 when damaged. */
static int cache_parse(const struct buf *raw, const char *url, size_t max_bytes,
		       struct net_cache_entry *e)
{
	const char *nl = memchr(raw->s, '\n', raw->len);
	json_t *head;
	int64_t body_len = -1;
	size_t off;
	int ret = -1;

	if (!nl || (size_t)(nl - raw->s) > NET_CACHE_HEAD_MAX)
		return -1;
	off = (size_t)(nl - raw->s) + 1;
	head = json_strict_load(raw->s, off - 1, NULL);
	if (!head || head_parse(head, e, &body_len) < 0)
		goto out;
	/* a hash collision, or a file copied from elsewhere */
	if (strcmp(e->url, url))
		goto out;
	/* a truncated or appended-to file */
	if (body_len < 0 || (uint64_t)body_len != raw->len - off || (size_t)body_len > max_bytes)
		goto out;
	buf_init(&e->body, max_bytes);
	ret = buf_add(&e->body, raw->s + off, raw->len - off, NULL);
out:
	json_decref(head);
	return ret;
}

int net_cache_load(const char *dir, const char *url, size_t max_bytes,
		   struct net_cache_entry *e)
{
	char *path = cache_path(dir, url);
	struct buf raw;
	int ret = -1;

	buf_init(&raw, 0);
	if (file_read(path, max_bytes + NET_CACHE_HEAD_MAX, &raw, NULL) == 0)
		ret = cache_parse(&raw, url, max_bytes, e);
	if (ret < 0)
		net_cache_entry_release(e);
	buf_release(&raw);
	free(path);
	return ret;
}

/* ---- writing ------------------------------------------------------- */

/* A JSON string or null; NULL (not valid UTF-8) makes the set fail. */
static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The metadata line without its newline; NULL when a field cannot be
 * written as JSON.  Caller owns it. */
static char *head_dump(const struct net_cache_entry *e)
{
	json_t *h = json_object();
	char *s = NULL;
	int bad = !h;

	bad = bad || json_object_set_new(h, "url", str_or_null(e->url));
	bad = bad || json_object_set_new(h, "status", json_integer(e->status));
	bad = bad || json_object_set_new(h, "content_type", str_or_null(e->content_type));
	bad = bad || json_object_set_new(h, "etag", str_or_null(e->etag));
	bad = bad || json_object_set_new(h, "last_modified", str_or_null(e->last_modified));
	bad = bad || json_object_set_new(h, "fetched_at", json_integer(e->fetched_at));
	bad = bad || json_object_set_new(h, "max_age",
					 e->max_age >= 0 ? json_integer(e->max_age) : json_null());
	bad = bad || json_object_set_new(h, "no_cache", json_boolean(e->no_cache));
	bad = bad || json_object_set_new(h, "final_url", str_or_null(e->final_url));
	bad = bad || json_object_set_new(h, "body_len", json_integer((json_int_t)e->body.len));
	if (!bad)
		s = json_dump_compact(h);
	json_decref(h);
	return s;
}

int net_cache_store(const char *dir, const struct net_cache_entry *e, struct err *err)
{
	char *head = head_dump(e), *path = NULL, *sub;
	struct buf file;
	int ret = -1;

	buf_init(&file, 0);
	if (!head) {
		err_set(err, ERR_FORMAT, "cannot cache '%s': header not representable", e->url);
		goto out;
	}
	if (buf_adds(&file, head, err) < 0 || buf_addc(&file, '\n', err) < 0 ||
	    (e->body.len && buf_add(&file, e->body.s, e->body.len, err) < 0))
		goto out;
	path = cache_path(dir, e->url);
	sub = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	ret = mkdir_p(sub, CACHE_DIR_MODE, err);
	free(sub);
	if (ret == 0)
		ret = file_write_atomic(path, file.s, file.len, CACHE_FILE_MODE, err);
out:
	free(head);
	free(path);
	buf_release(&file);
	return ret;
}

void net_cache_remove(const char *dir, const char *url)
{
	char *path = cache_path(dir, url);

	unlink(path);
	free(path);
}

/* ---- freshness ----------------------------------------------------- */

int64_t net_cache_age(const struct net_cache_entry *e, int64_t now)
{
	return now > e->fetched_at ? now - e->fetched_at : 0;
}

int net_cache_fresh(const struct net_cache_entry *e, int64_t now)
{
	return !e->no_cache && e->max_age >= 0 && net_cache_age(e, now) < e->max_age;
}
