/* loader.c — the JSON-LD document loader: bundled contexts only.
 *
 * share/contexts/contexts.json maps each context URL to a file beside it;
 * nothing is fetched over the network, so a verifier never depends on
 * (or leaks to) a context host, and a context cannot change under a
 * signature.  Test suites add "URL prefix = directory" mappings.  Loaded
 * documents are parsed once and kept for the life of the process.
 */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/buf.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/paths.h"
#include "satchel/xalloc.h"

struct url_map {
	char *prefix;
	char *dir;
};

static struct url_map *maps;
static size_t nmaps;
static json_t *bundled;		/* URL -> file name, from contexts.json */
static char *bundled_dir;
static json_t *docs;		/* URL -> parsed document */

int jsonld_loader_map(const char *url_prefix, const char *dir, struct err *err)
{
	if (!url_prefix || !*url_prefix || !dir)
		return err_set(err, ERR_USAGE, "jsonld_loader_map needs a URL prefix and a directory");
	maps = xrealloc(maps, (nmaps + 1) * sizeof(*maps));
	maps[nmaps].prefix = xstrdup(url_prefix);
	maps[nmaps].dir = xstrdup(dir);
	nmaps++;
	return 0;
}

void ld_loader_cleanup(void)
{
	size_t i;

	for (i = 0; i < nmaps; i++) {
		free(maps[i].prefix);
		free(maps[i].dir);
	}
	free(maps);
	maps = NULL;
	nmaps = 0;
	json_decref(bundled);
	json_decref(docs);
	bundled = docs = NULL;
	free(bundled_dir);
	bundled_dir = NULL;
}

static json_t *read_json(const char *path, struct err *err)
{
	struct buf b;
	json_t *v = NULL;

	buf_init(&b, 0);
	if (file_read(path, JSON_MAX_BYTES, &b, err) == 0)
		v = json_strict_load(b.s, b.len, err);
	buf_release(&b);
	return v;
}

static int load_bundled_map(struct ld_env *env)
{
	char *data, *path;

	if (bundled)
		return 0;
	data = paths_data_dir();
	bundled_dir = xasprintf("%s/contexts", data);
	path = xasprintf("%s/contexts.json", bundled_dir);
	free(data);
	bundled = read_json(path, env->err);
	if (!bundled || !json_is_object(bundled)) {
		err_prefix(env->err, "cannot read the bundled context list '%s'", path);
		json_decref(bundled);
		bundled = NULL;
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static char *mapped_path(const char *url)
{
	size_t i, n;

	for (i = 0; i < nmaps; i++) {
		n = strlen(maps[i].prefix);
		if (!strncmp(url, maps[i].prefix, n) && !strstr(url + n, ".."))
			return xasprintf("%s/%s", maps[i].dir, url + n);
	}
	return NULL;
}

static char *bundled_path(const char *url)
{
	const char *file = json_string_value(json_object_get(bundled, url));

	if (!file || strchr(file, '/'))
		return NULL;
	return xasprintf("%s/%s", bundled_dir, file);
}

/* Marks a failed load with the specification's error code. */
static void load_failed(struct ld_env *env, const char *url)
{
	err_prefix(env->err, "context '%s'", url);
	env->err->code = ERR_NOTFOUND;
	strncat(env->err->msg, " (loading remote context failed)",
		sizeof(env->err->msg) - strlen(env->err->msg) - 1);
}

json_t *ld_load_document(struct ld_env *env, const char *url)
{
	json_t *doc = json_object_get(docs, url);
	char *path;

	if (doc)
		return doc;
	path = mapped_path(url);
	if (!path) {
		if (load_bundled_map(env) < 0) {
			load_failed(env, url);
			return NULL;
		}
		path = bundled_path(url);
	}
	if (!path) {
		err_set(env->err, ERR_NOTFOUND, "unknown context '%s': satchel only uses its "
			"bundled contexts (loading remote context failed)", url);
		return NULL;
	}
	doc = read_json(path, env->err);
	free(path);
	if (!doc) {
		load_failed(env, url);
		return NULL;
	}
	if (!docs)
		docs = json_object();
	json_object_set_new(docs, url, doc);
	return doc;
}
