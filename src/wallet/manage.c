/* manage.c — tags, removal and fsck (include/satchel/collection.h). */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

static void tags_apply(json_t *meta, json_t *tags, int add)
{
	json_t *have = json_object_get(meta, "tags"), *t;
	size_t i, j;

	if (!json_is_array(have)) {
		have = json_array();
		json_object_set_new(meta, "tags", have);
	}
	json_array_foreach(tags, i, t) {
		const char *s = json_string_value(t);

		if (add && !json_has_string(have, s))
			json_array_append(have, t);
		for (j = 0; !add && j < json_array_size(have); j++)
			if (!strcmp(json_string_value(json_array_get(have, j)), s))
				json_array_remove(have, j--);
	}
}

int collection_tag(struct wallet *w, const char *id, json_t *tags, int add, struct err *err)
{
	json_t *meta = NULL;
	int rc = -1;

	if (wallet_lock(w, err) < 0)
		return -1;
	if (wallet_meta_get(w, id, &meta, err) < 0)
		goto out;
	tags_apply(meta, tags, add);
	if (wallet_meta_put(w, id, meta, err) < 0)
		goto out;
	rc = index_refresh(w, id, err);
out:
	json_decref(meta);
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

/* Files in objects/xx/ that are neither an object nor its sidecar: a
 * temporary file left by a crash, or something foreign.  Reported only;
 * fsck never deletes. */
static void check_strays(struct wallet *w, json_t *out)
{
	char *objdir = path_join(w->dir, "objects");
	DIR *d = opendir(objdir), *sd;
	struct dirent *e, *f;

	while (d && (e = readdir(d))) {
		char *sub;

		if (e->d_name[0] == '.')
			continue;
		sub = path_join(objdir, e->d_name);
		sd = opendir(sub);
		while (sd && (f = readdir(sd))) {
			size_t n = strlen(f->d_name);
			char *rel;

			if (!strcmp(f->d_name, ".") || !strcmp(f->d_name, ".."))
				continue;
			if (n == WALLET_ID_LEN - 2 ||
			    (n == WALLET_ID_LEN + 3 && !strcmp(f->d_name + n - 5, ".meta")))
				continue;
			rel = xasprintf("objects/%s/%s", e->d_name, f->d_name);
			problem(out, rel, NULL, !strncmp(f->d_name, TMP_PREFIX, strlen(TMP_PREFIX)) ?
				"temporary file left by an interrupted write (safe to delete)" :
				"unknown file", "warning");
			free(rel);
		}
		if (sd)
			closedir(sd);
		free(sub);
	}
	if (d)
		closedir(d);
	free(objdir);
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
	return out;
}
