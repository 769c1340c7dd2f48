/* settings.c — the learner's settings kept in the wallet (encrypted like
 * everything else, and carried by backups): LinkedIn organisation ids per
 * issuer, the learner's own identifiers, ...  Keys are dotted names,
 * values strings (include/satchel/collection.h). */
#include <stdlib.h>
#include <string.h>
#include "satchel/collection.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

#define SETTINGS_MAX (1u * 1024 * 1024)

json_t *collection_settings(struct wallet *w, struct err *err)
{
	char *path = path_join(w->dir, "settings");
	struct buf b;
	json_t *s = NULL;

	buf_init(&b, SETTINGS_MAX);
	if (wallet_read_file(w, "settings", "settings", path, SETTINGS_MAX, &b, err) == 0)
		s = json_strict_load(b.s, b.len, err);
	else if (err && err->code == ERR_NOTFOUND)
		err_clear(err);
	buf_release(&b);
	free(path);
	if (s && !json_is_object(s)) {
		json_decref(s);
		s = NULL;
	}
	return s ? s : json_object();
}

/* Keys: letters, digits and . _ - : / (issuer ids are URLs). */
static int key_ok(const char *k)
{
	size_t n = strlen(k);

	return n && n <= 512 && strspn(k, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789._-:/%@+#~?=&") == n;
}

int collection_setting_set(struct wallet *w, const char *key, const char *value,
			   struct err *err)
{
	char *path, *text;
	json_t *s;
	int rc;

	if (!key_ok(key))
		return err_set(err, ERR_USAGE, "'%s' is not a setting name", key);
	if (wallet_lock(w, err) < 0)
		return -1;
	s = collection_settings(w, err);
	if (value)
		json_object_set_new(s, key, json_string(value));
	else
		json_object_del(s, key);
	text = json_text(s, JSON_INDENT(2) | JSON_SORT_KEYS);
	path = path_join(w->dir, "settings");
	rc = wallet_write_file(w, "settings", "settings", path, text, strlen(text), err);
	wallet_unlock_write(w);
	free(path);
	free(text);
	json_decref(s);
	return rc;
}
