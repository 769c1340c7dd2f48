/* index.c — the index cache of summaries (include/satchel/collection.h).
 *
 * The index is only a cache: it is rebuilt from objects/ when missing or
 * unreadable, and reconciled with objects/ on every load (new objects
 * parsed, removed ones dropped, entries whose sidecar changed rebuilt, by
 * the sidecar's mtime and size).  So a crash between writing an object
 * and writing the index loses nothing.
 */
#include <stdlib.h>
#include <string.h>
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

#define INDEX_MAX	(256u * 1024 * 1024)
#define INDEX_VERSION	1

static json_t *linked_lookup(void *ctx, const char *url)
{
	struct wallet *w = ctx;
	struct buf b;
	json_t *doc;

	buf_init(&b, WALLET_MAX_OBJECT);
	doc = wallet_linked_get(w, url, &b, NULL) == 0 ? json_strict_load(b.s, b.len, NULL) : NULL;
	buf_release(&b);
	return doc;
}

int collection_parse(struct wallet *w, const char *id, struct buf *raw, struct cred *out,
		     struct err *err)
{
	if (wallet_get(w, id, raw, err) < 0)
		return -1;
	return cred_parse(raw->s, raw->len, out, err);
}

static const char *const meta_keys[] = {
	"tags", "note", "verdict", "checked_at", "added_at", "source",
};

static void entry_add_meta(json_t *e, json_t *meta)
{
	size_t i;

	for (i = 0; i < sizeof(meta_keys) / sizeof(meta_keys[0]); i++) {
		json_t *v = json_object_get(meta, meta_keys[i]);

		json_object_set(e, meta_keys[i], v ? v : json_null());
	}
	if (!json_is_array(json_object_get(e, "tags")))
		json_object_set_new(e, "tags", json_array());
	if (!json_is_string(json_object_get(e, "verdict")))
		json_object_set_new(e, "verdict", json_string("unchecked"));
}

json_t *index_entry_build(struct wallet *w, const char *id, struct err *err)
{
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;
	struct buf raw;
	json_t *entry, *meta = NULL;
	char stamp[64];

	(void)err;
	buf_init(&raw, WALLET_MAX_OBJECT);
	if (collection_parse(w, id, &raw, &c, &e) == 0) {
		entry = cred_summary(&c, linked_lookup, w);
	} else {
		entry = json_pack("{s:s, s:n}", "error", e.msg, "name");
		err_clear(&e);
	}
	json_object_set_new(entry, "id", json_string(id));
	if (wallet_meta_get(w, id, &meta, &e) < 0)
		json_object_set_new(entry, "meta_error", json_string(e.msg));
	entry_add_meta(entry, meta);
	wallet_meta_stamp(w, id, stamp);
	json_object_set_new(entry, "_stamp", json_string(stamp));
	json_decref(meta);
	cred_release(&c);
	buf_release(&raw);
	return entry;
}

static char *index_path(struct wallet *w)
{
	return path_join(w->dir, "index");
}

static json_t *index_read(struct wallet *w)
{
	char *path = index_path(w);
	struct buf b;
	json_t *doc = NULL, *entries;

	buf_init(&b, INDEX_MAX);
	if (wallet_read_file(w, "index", "index", path, INDEX_MAX, &b, NULL) == 0)
		doc = json_loadb(b.s, b.len, 0, NULL);	/* our own file: no strictness needed */
	buf_release(&b);
	free(path);
	entries = json_object_get(doc, "entries");
	if (json_integer_value(json_object_get(doc, "version")) != INDEX_VERSION ||
	    !json_is_object(entries))
		entries = NULL;
	json_incref(entries);
	json_decref(doc);
	return entries ? entries : json_object();
}

static int index_write(struct wallet *w, json_t *entries, struct err *err)
{
	json_t *doc = json_pack("{s:i, s:O}", "version", INDEX_VERSION, "entries", entries);
	char *text = json_dumps(doc, JSON_COMPACT), *path = index_path(w);
	int rc;

	rc = wallet_write_file(w, "index", "index", path, text, strlen(text), err);
	free(text);
	free(path);
	json_decref(doc);
	return rc;
}

/* Brings entries in line with objects/; returns whether anything changed. */
static int reconcile(struct wallet *w, json_t *entries, char **ids, size_t n)
{
	json_t *keep = json_object(), *e;
	const char *key;
	void *tmp;
	int changed = 0;
	size_t i;

	for (i = 0; i < n; i++)
		json_object_set_new(keep, ids[i], json_true());
	json_object_foreach_safe(entries, tmp, key, e) {
		if (!json_object_get(keep, key)) {
			json_object_del(entries, key);
			changed = 1;
		}
	}
	for (i = 0; i < n; i++) {
		char stamp[64];
		const char *had;

		e = json_object_get(entries, ids[i]);
		wallet_meta_stamp(w, ids[i], stamp);
		had = json_str(e, "_stamp");
		if (e && had && strcmp(had, stamp) == 0)
			continue;
		json_object_set_new(entries, ids[i], index_entry_build(w, ids[i], NULL));
		changed = 1;
	}
	json_decref(keep);
	return changed;
}

json_t *index_load(struct wallet *w, struct err *err)
{
	json_t *entries = index_read(w);
	char **ids;
	size_t n;
	int had_lock = w->lock_fd >= 0;

	if (wallet_ids(w, &ids, &n, err) < 0) {
		json_decref(entries);
		return NULL;
	}
	/* Writing back is an optimisation: skip it when another process
	 * holds the lock, the next load will do it. */
	if (reconcile(w, entries, ids, n) && (had_lock || wallet_trylock(w, NULL) == 0)) {
		index_write(w, entries, NULL);
		if (!had_lock)
			wallet_unlock_write(w);
	}
	wallet_ids_free(ids);
	return entries;
}

int index_refresh(struct wallet *w, const char *id, struct err *err)
{
	json_t *entries = index_read(w);
	int rc;

	if (wallet_has(w, id))
		json_object_set_new(entries, id, index_entry_build(w, id, NULL));
	else
		json_object_del(entries, id);
	rc = index_write(w, entries, err);
	json_decref(entries);
	return rc;
}
