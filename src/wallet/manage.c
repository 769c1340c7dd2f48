/* manage.c — tags, removal and fsck (include/satchel/collection.h). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

/* One change to a credential's sidecar: edit() rewrites meta in place. */
typedef void meta_edit_fn(json_t *meta, const void *arg);

/* The sidecar is read, edited and written under the write lock; with
 * refresh, the index entry follows (a report waits for index_sync). */
static int edit_sidecar(struct wallet *w, const char *id, meta_edit_fn *edit, const void *arg,
			int refresh, struct err *err)
{
	json_t *meta = NULL;
	int rc = -1;

	if (wallet_lock(w, err) < 0)
		return -1;
	if (wallet_meta_get(w, id, &meta, err) == 0) {
		edit(meta, arg);
		rc = wallet_meta_put(w, id, meta, err);
		if (rc == 0 && refresh)
			rc = index_refresh(w, id, err);
	}
	json_decref(meta);
	wallet_unlock_write(w);
	return rc;
}

struct tag_edit {
	json_t *tags;
	int add;
};

static void tags_apply(json_t *meta, const void *arg)
{
	const struct tag_edit *te = arg;
	json_t *have = json_object_get(meta, "tags"), *t;
	size_t i, j;

	if (!json_is_array(have)) {
		have = json_array();
		json_object_set_new(meta, "tags", have);
	}
	json_array_foreach(te->tags, i, t) {
		const char *s = json_string_value(t);

		if (te->add && !json_has_string(have, s))
			json_array_append(have, t);
		for (j = 0; !te->add && j < json_array_size(have); j++)
			if (!strcmp(json_string_value(json_array_get(have, j)), s))
				json_array_remove(have, j--);
	}
}

int collection_tag(struct wallet *w, const char *id, json_t *tags, int add, struct err *err)
{
	const struct tag_edit te = { tags, add };

	return edit_sidecar(w, id, tags_apply, &te, 1, err);
}

static void note_apply(json_t *meta, const void *arg)
{
	const char *text = arg;

	json_object_set_new(meta, "note", text && *text ? json_string(text) : json_null());
}

int collection_note(struct wallet *w, const char *id, const char *text, struct err *err)
{
	return edit_sidecar(w, id, note_apply, text, 1, err);
}

static void report_apply(json_t *meta, const void *arg)
{
	json_t *report = (json_t *)arg;

	json_object_set(meta, "verdict", json_object_get(report, "verdict"));
	json_object_set(meta, "checked_at", json_object_get(report, "checked_at"));
	json_object_set(meta, "report", report);
}

int collection_record_report(struct wallet *w, const char *id, const json_t *report,
			     struct err *err)
{
	return edit_sidecar(w, id, report_apply, report, 0, err);
}

int collection_keep_linked(struct wallet *w, const json_t *linked, struct err *err)
{
	const char *url;
	json_t *doc;
	int rc = 0;

	if (!json_object_size(linked))
		return 0;
	if (wallet_lock(w, err) < 0)
		return -1;
	json_object_foreach((json_t *)linked, url, doc) {
		struct buf have;
		char *text;

		buf_init(&have, WALLET_MAX_OBJECT);
		if (rc == 0 && wallet_linked_get(w, url, &have, NULL) < 0) {
			text = json_text(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
			rc = text ? wallet_linked_put(w, url, text, strlen(text), err) :
				    err_set(err, ERR_NOMEM, "out of memory");
			free(text);
		}
		buf_release(&have);
	}
	wallet_unlock_write(w);
	return rc;
}

int collection_remove(struct wallet *w, const char *id, struct err *err)
{
	int rc;

	if (wallet_lock(w, err) < 0)
		return -1;
	rc = wallet_remove(w, id, err);
	if (rc == 0)
		rc = index_refresh(w, id, err);
	wallet_unlock_write(w);
	return rc;
}

/* ---- fsck ----------------------------------------------------------- */

static void problem(json_t *out, const char *path, const char *id, const char *what,
		    const char *severity)
{
	json_array_append_new(out, json_pack("{s:s, s:s?, s:s, s:s}", "path", path, "id", id,
					     "problem", what, "severity", severity));
}

static void check_object(struct wallet *w, const char *id, json_t *out)
{
	char *path = wallet_object_path(w, id, ""), *rel = path + strlen(w->dir) + 1;
	struct err e = ERR_INIT;
	struct cred c = CRED_INIT;
	struct buf raw;
	json_t *meta = NULL;

	buf_init(&raw, WALLET_MAX_OBJECT);
	if (wallet_get(w, id, &raw, &e) < 0)
		problem(out, rel, id, e.msg, "error");
	else if (cred_parse(raw.s, raw.len, &c, &e) < 0)
		problem(out, rel, id, e.msg, "error");
	cred_release(&c);
	err_clear(&e);
	if (wallet_meta_get(w, id, &meta, &e) < 0) {
		char *mrel = xasprintf("%s.meta", rel);

		problem(out, mrel, id, e.msg, "error");
		free(mrel);
	}
	json_decref(meta);
	buf_release(&raw);
	free(path);
}

static int is_tmp(const char *name)
{
	return !strncmp(name, TMP_PREFIX, strlen(TMP_PREFIX));
}

/* What a file in objects/xx/ may be: an object (62 hex digits) or its
 * sidecar; anything else is reported.  Elsewhere only leftovers of an
 * interrupted write are of interest. */
static int expected_in_objects(const char *name)
{
	size_t n = strlen(name);

	return n == WALLET_ID_LEN - 2 ||
	       (n == WALLET_ID_LEN + 3 && !strcmp(name + n - 5, ".meta"));
}

static void scan_dir(const char *dir, const char *rel, int objects, json_t *out)
{
	DIR *d = opendir(dir);
	struct dirent *f;

	while (d && (f = readdir(d))) {
		char *path;

		if (!strcmp(f->d_name, ".") || !strcmp(f->d_name, ".."))
			continue;
		if (!is_tmp(f->d_name) && (!objects || expected_in_objects(f->d_name)))
			continue;
		path = *rel ? xasprintf("%s/%s", rel, f->d_name) : xstrdup(f->d_name);
		problem(out, path, NULL, is_tmp(f->d_name) ?
			"temporary file left by an interrupted write (safe to delete)" :
			"unknown file", "warning");
		free(path);
	}
	if (d)
		closedir(d);
}

/* Reports leftovers of crashes and foreign files in every folder of the
 * wallet; fsck never deletes anything. */
static void check_strays(struct wallet *w, json_t *out)
{
	static const char *const fanned[] = { "objects", "linked" };
	size_t i;

	scan_dir(w->dir, "", 0, out);
	for (i = 0; i < sizeof(fanned) / sizeof(fanned[0]); i++) {
		char *top = path_join(w->dir, fanned[i]);
		DIR *d = opendir(top);
		struct dirent *e;

		scan_dir(top, fanned[i], 0, out);
		while (d && (e = readdir(d))) {
			char *sub, *rel;

			if (strlen(e->d_name) != 2 || e->d_name[0] == '.')
				continue;
			sub = path_join(top, e->d_name);
			rel = xasprintf("%s/%s", fanned[i], e->d_name);
			scan_dir(sub, rel, i == 0, out);
			free(rel);
			free(sub);
		}
		if (d)
			closedir(d);
		free(top);
	}
	{
		char *pw = path_join(w->dir, "pathways");

		scan_dir(pw, "pathways", 0, out);
		free(pw);
	}
}

/* The wallet's other sealed files: they must open (a damaged one is
 * reported, never removed). */
static void check_sealed(struct wallet *w, json_t *out)
{
	static const char *const files[] = { "settings", "holder-key" };
	size_t i;
	json_t *defs;
	struct err e = ERR_INIT;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *path = path_join(w->dir, files[i]);
		struct buf b;

		buf_init(&b, 16u << 20);
		if (path_exists(path) && wallet_read_file(w, files[i], files[i], path, b.max, &b, &e) < 0)
			problem(out, files[i], NULL, e.msg, "error");
		buf_release_secure(&b);
		free(path);
	}
	err_clear(&e);
	defs = collection_pathways(w, &e);
	if (e.code != ERR_OK)
		problem(out, "pathways", NULL, e.msg, "error");
	json_decref(defs);
}

json_t *collection_fsck(struct wallet *w, struct err *err)
{
	json_t *out = json_array();
	char **ids;
	size_t i, n;

	if (wallet_ids(w, &ids, &n, err) < 0) {
		json_decref(out);
		return NULL;
	}
	for (i = 0; i < n; i++)
		check_object(w, ids[i], out);
	wallet_ids_free(ids);
	check_strays(w, out);
	check_sealed(w, out);
	return out;
}
