/* pathways.c — pathway definitions kept in the wallet (pathways/), in
 * the same envelope as everything else, named by the SHA-256 of the
 * pathway's name (include/satchel/collection.h). */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "satchel/collection.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

#define PATHWAY_MAX (4u * 1024 * 1024)

static char *pathway_path(struct wallet *w, const char *name, char hex[WALLET_ID_LEN + 1])
{
	crypto_sha256_hex(name, strlen(name), hex);
	return xasprintf("%s/pathways/%s", w->dir, hex);
}

int collection_pathway_put(struct wallet *w, const json_t *def, struct err *err)
{
	const char *name = json_str(def, "name");
	char hex[WALLET_ID_LEN + 1], *path, *text, *dir;
	int rc;

	if (!name)
		return err_set(err, ERR_USAGE, "a pathway needs a name");
	dir = path_join(w->dir, "pathways");
	path = pathway_path(w, name, hex);
	text = json_text(def, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	rc = mkdir_p(dir, 0700, err);
	if (rc == 0)
		rc = wallet_lock(w, err);
	if (rc == 0) {
		rc = wallet_write_file(w, "pathway", hex, path, text, strlen(text), err);
		wallet_unlock_write(w);
	}
	free(text);
	free(path);
	free(dir);
	return rc;
}

static json_t *read_one(struct wallet *w, const char *hex, struct err *err)
{
	char *path = xasprintf("%s/pathways/%s", w->dir, hex);
	struct buf b;
	json_t *doc = NULL;

	buf_init(&b, PATHWAY_MAX);
	if (wallet_read_file(w, "pathway", hex, path, PATHWAY_MAX, &b, err) == 0)
		doc = json_strict_load(b.s, b.len, err);
	buf_release(&b);
	free(path);
	return doc;
}

json_t *collection_pathways(struct wallet *w, struct err *err)
{
	char *dir = path_join(w->dir, "pathways");
	struct dirent **list;
	json_t *out = json_array();
	int i, n = scandir(dir, &list, NULL, alphasort);

	for (i = 0; i < n; i++) {
		json_t *doc;

		if (strlen(list[i]->d_name) == WALLET_ID_LEN &&
		    (doc = read_one(w, list[i]->d_name, err)))
			json_array_append_new(out, doc);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
	free(dir);
	return out;
}

int collection_pathway_remove(struct wallet *w, const char *name, struct err *err)
{
	char hex[WALLET_ID_LEN + 1], *path = pathway_path(w, name, hex), *dir;
	int rc = 0;

	if (wallet_lock(w, err) < 0) {
		free(path);
		return -1;
	}
	if (unlink(path) < 0)
		rc = err_set(err, errno == ENOENT ? ERR_NOTFOUND : ERR_IO, "no pathway '%s'", name);
	if (rc == 0) {
		dir = path_join(w->dir, "pathways");
		rc = dir_fsync(dir, err);
		free(dir);
	}
	wallet_unlock_write(w);
	free(path);
	return rc;
}

json_t *collection_holdings(struct wallet *w, struct err *err)
{
	json_t *out = json_array();
	char **ids;
	size_t i, n;

	if (wallet_ids(w, &ids, &n, err) < 0) {
		json_decref(out);
		return NULL;
	}
	for (i = 0; i < n; i++)
		json_array_append_new(out, index_entry_build(w, ids[i], NULL));
	wallet_ids_free(ids);
	return out;
}
