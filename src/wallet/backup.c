/* backup.c — one encrypted file holding a wallet (or part of it), and
 * restoring it by content hash (include/satchel/collection.h).
 *
 * File format (version 1):
 *   "SATCHEL-BACKUP\n"
 *   one line of JSON: {"format": "satchel-backup", "version": 1,
 *     "kdf": {"name": "scrypt", "log2n", "r", "p", "salt": base64},
 *     "created": RFC 3339}
 *   AES-256-GCM: nonce || ciphertext || tag, key = scrypt(passphrase),
 *     associated data = the header line, so it cannot be altered.
 * The plaintext is JSON: {"objects": [{"id", "data": base64, "meta"}],
 *   "linked": [{"url", "data": base64}], "pathways": [definition...],
 *   "settings": {...}}.  Keyring secrets are never in it. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"
#include "satchel/collection.h"
#include "satchel/crypto.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

#define MAGIC		"SATCHEL-BACKUP\n"
#define MAGIC_LEN	15
#define BACKUP_MAX	(512u * 1024 * 1024)
#define BACKUP_LOG2N	15

/* The key of a backup from its kdf parameters. */
static int backup_key(const json_t *kdf, const char *pass, size_t pass_len,
		      uint8_t key[AEAD_KEY_LEN], struct err *err)
{
	const char *s64 = json_str(kdf, "salt");
	struct buf salt;
	int rc;

	buf_init(&salt, 256);
	rc = b64_decode(s64, strlen(s64), &salt, err);
	if (rc == 0)
		rc = crypto_scrypt(pass, pass_len, (uint8_t *)salt.s, salt.len,
				   (unsigned)json_integer_value(json_object_get(kdf, "log2n")),
				   (unsigned)json_integer_value(json_object_get(kdf, "r")),
				   (unsigned)json_integer_value(json_object_get(kdf, "p")),
				   key, AEAD_KEY_LEN, err);
	buf_release(&salt);
	return rc;
}

/* Linked documents, by their stored names (the SHA-256 of their URL). */
static json_t *collection_linked_all(struct wallet *w)
{
	char *top = path_join(w->dir, "linked");
	json_t *out = json_array();
	struct dirent **subs;
	int i, n = scandir(top, &subs, NULL, alphasort);

	for (i = 0; i < n; i++) {
		char *sub = xasprintf("%s/%s", top, subs[i]->d_name);
		struct dirent **files;
		int k, m = strlen(subs[i]->d_name) == 2 ? scandir(sub, &files, NULL, alphasort) : -1;

		for (k = 0; k < m; k++) {
			char *name = xasprintf("%s%s", subs[i]->d_name, files[k]->d_name);
			char *path = xasprintf("%s/%s", sub, files[k]->d_name);
			struct buf b;

			buf_init(&b, WALLET_MAX_OBJECT);
			if (strlen(name) == WALLET_ID_LEN &&
			    wallet_read_file(w, "linked", name, path, b.max, &b, NULL) == 0) {
				char *b64 = b64_encode((uint8_t *)b.s, b.len);

				json_array_append_new(out, json_pack("{s:s, s:s}", "name", name, "data", b64));
				free(b64);
			}
			buf_release(&b);
			free(path);
			free(name);
			free(files[k]);
		}
		if (m >= 0)
			free(files);
		free(sub);
		free(subs[i]);
	}
	if (n >= 0)
		free(subs);
	free(top);
	return out;
}

static json_t *object_entry(struct wallet *w, const char *id, struct err *err)
{
	struct buf raw;
	json_t *meta = NULL, *e = NULL;
	char *b64;

	buf_init(&raw, WALLET_MAX_OBJECT);
	if (wallet_get(w, id, &raw, err) == 0 && wallet_meta_get(w, id, &meta, err) == 0) {
		b64 = b64_encode((uint8_t *)raw.s, raw.len);
		e = json_pack("{s:s, s:s, s:o}", "id", id, "data", b64, "meta", meta);
		free(b64);
	}
	buf_release(&raw);
	return e;
}

/* The learner's holder key travels with the backup (encrypted like the
 * rest): presentations signed before a restore keep verifying as theirs. */
static json_t *holder_key_b64(struct wallet *w)
{
	char *path = path_join(w->dir, "holder-key"), *b64;
	struct buf b;
	json_t *v = json_null();

	buf_init(&b, 16384);
	if (wallet_read_file(w, "holder-key", "holder-key", path, b.max, &b, NULL) == 0) {
		b64 = b64_encode((uint8_t *)b.s, b.len);
		v = json_string(b64);
		crypto_wipe(b64, strlen(b64));
		free(b64);
	}
	buf_release_secure(&b);
	free(path);
	return v;
}

/* The plaintext: the chosen objects (ids, a new array the caller made)
 * with their linked documents, and every pathway and setting. */
static json_t *collect(struct wallet *w, json_t *ids, struct err *err)
{
	json_t *objects = json_array(), *id;
	size_t i;

	json_array_foreach(ids, i, id) {
		json_t *e = object_entry(w, json_string_value(id), err);

		if (!e) {
			json_decref(objects);
			return NULL;
		}
		json_array_append_new(objects, e);
	}
	return json_pack("{s:o, s:o, s:o, s:o, s:o}", "objects", objects, "linked",
			 collection_linked_all(w), "pathways", collection_pathways(w, NULL),
			 "settings", collection_settings(w, NULL), "holder_key", holder_key_b64(w));
}

static json_t *new_header(uint8_t salt[16], struct err *err)
{
	char now[32], *s64;
	json_t *h;

	if (crypto_random(salt, 16, err) < 0)
		return NULL;
	s64 = b64_encode(salt, 16);
	time_format(time_now(), now);
	h = json_pack("{s:s, s:i, s:{s:s, s:i, s:i, s:i, s:s}, s:s}", "format", "satchel-backup",
		      "version", 1, "kdf", "name", "scrypt", "log2n", BACKUP_LOG2N, "r", 8, "p", 1,
		      "salt", s64, "created", now);
	free(s64);
	return h;
}

int collection_backup(struct wallet *w, json_t *ids, const char *pass, size_t pass_len,
		      const char *path, struct err *err)
{
	uint8_t salt[16], key[AEAD_KEY_LEN];
	json_t *header = new_header(salt, err), *body = header ? collect(w, ids, err) : NULL;
	char *htext = NULL, *btext = NULL;
	struct buf out;
	int rc = -1;

	buf_init(&out, 0);
	if (!body)
		goto done;
	htext = json_text(header, JSON_COMPACT | JSON_PRESERVE_ORDER);
	btext = json_text(body, JSON_COMPACT);
	if (crypto_scrypt(pass, pass_len, salt, 16, BACKUP_LOG2N, 8, 1, key, sizeof(key), err) < 0)
		goto done;
	buf_adds(&out, MAGIC, NULL);
	buf_adds(&out, htext, NULL);
	buf_addc(&out, '\n', NULL);
	if (crypto_seal(key, htext, strlen(htext), btext, strlen(btext), &out, err) == 0)
		rc = file_write_atomic(path, out.s, out.len, 0600, err);
done:
	crypto_wipe(key, sizeof(key));
	if (btext)
		crypto_wipe(btext, strlen(btext));
	free(btext);
	free(htext);
	json_decref(header);
	json_decref(body);
	buf_release_secure(&out);
	return rc;
}

/* The header of a backup: magic, then one JSON line whose scrypt cost
 * is bounded (the file is outside input: 2^22 would ask for gigabytes). */
static json_t *backup_header(const char *data, size_t len, size_t *hlen, struct err *err)
{
	const char *nl = len > MAGIC_LEN ? memchr(data + MAGIC_LEN, '\n', len - MAGIC_LEN) : NULL;
	json_t *h, *kdf, *n;

	if (len < MAGIC_LEN || memcmp(data, MAGIC, MAGIC_LEN) || !nl) {
		err_set(err, ERR_PARSE, "not a satchel backup");
		return NULL;
	}
	*hlen = (size_t)(nl - data) - MAGIC_LEN;
	h = json_strict_load(data + MAGIC_LEN, *hlen, NULL);
	kdf = json_object_get(h, "kdf");
	n = json_object_get(kdf, "log2n");
	if (!h || json_integer_value(json_object_get(h, "version")) != 1 || !json_str(kdf, "salt") ||
	    !json_is_integer(n) || json_integer_value(n) < 10 || json_integer_value(n) > 18 ||
	    json_integer_value(json_object_get(kdf, "r")) != 8 ||
	    json_integer_value(json_object_get(kdf, "p")) != 1) {
		json_decref(h);
		err_set(err, ERR_FORMAT, "unsupported or damaged backup header");
		return NULL;
	}
	return h;
}

int collection_backup_open(const char *data, size_t len, const char *pass, size_t pass_len,
			   json_t **body, struct err *err)
{
	struct buf plain;
	uint8_t key[AEAD_KEY_LEN];
	size_t hlen = 0, off;
	json_t *h = backup_header(data, len, &hlen, err);
	int rc = -1;

	*body = NULL;
	if (!h)
		return -1;
	buf_init(&plain, BACKUP_MAX);
	off = MAGIC_LEN + hlen + 1;
	if (backup_key(json_object_get(h, "kdf"), pass, pass_len, key, err) == 0 &&
	    crypto_open(key, data + MAGIC_LEN, hlen, data + off, len - off, &plain, err) < 0)
		err_set(err, ERR_AUTH, "wrong passphrase, or the backup is damaged");
	else if (plain.len)
		*body = json_strict_load(plain.s, plain.len, err);
	rc = *body && json_is_object(*body) ? 0 : -1;
	if (rc < 0 && *body) {
		json_decref(*body);
		*body = NULL;
		err_set(err, ERR_PARSE, "the backup's content is damaged");
	}
	crypto_wipe(key, sizeof(key));
	json_decref(h);
	buf_release_secure(&plain);
	return rc;
}

/* Reads and decrypts a backup file; *body is a new reference. */
static int open_backup(const char *path, const char *pass, size_t pass_len, json_t **body,
		       struct err *err)
{
	struct buf raw;
	int rc;

	*body = NULL;
	buf_init(&raw, BACKUP_MAX);
	rc = file_read(path, BACKUP_MAX, &raw, err);
	if (rc == 0)
		rc = collection_backup_open(raw.s, raw.len, pass, pass_len, body, err);
	if (rc < 0)
		err_prefix(err, "'%s'", path);
	buf_release(&raw);
	return rc;
}

/* ---- restore ----------------------------------------------------------- */

/* Merges a backup sidecar into the wallet's: tags are joined, the later
 * verification wins, the earlier added_at stays; nothing is lost. */
static int merge_meta(json_t *have, const json_t *theirs)
{
	json_t *tags = json_object_get(have, "tags"), *t;
	const char *hc = json_str(have, "checked_at"), *tc = json_str(theirs, "checked_at");
	size_t i;
	int changed = 0;

	if (!json_is_array(tags)) {
		json_object_set_new(have, "tags", tags = json_array());
		changed = 1;
	}
	json_array_foreach(json_object_get(theirs, "tags"), i, t)
		if (json_is_string(t) && !json_has_string(tags, json_string_value(t))) {
			json_array_append(tags, t);
			changed = 1;
		}
	if (tc && (!hc || strcmp(tc, hc) > 0)) {
		static const char *const keys[] = { "verdict", "checked_at", "report" };

		for (i = 0; i < 3; i++)
			json_object_set(have, keys[i], json_object_get(theirs, keys[i]));
		changed = 1;
	}
	if (!json_str(have, "note") && json_str(theirs, "note")) {
		json_object_set(have, "note", json_object_get(theirs, "note"));
		changed = 1;
	}
	return changed;
}

static int restore_object(struct wallet *w, const json_t *e, struct restore_counts *n,
			  struct err *err)
{
	const char *id = json_str(e, "id"), *b64 = json_str(e, "data");
	char got[WALLET_ID_LEN + 1];
	struct buf data;
	json_t *meta = NULL;
	int existed, rc = -1;

	buf_init(&data, WALLET_MAX_OBJECT);
	if (!id || !b64 || b64_decode(b64, strlen(b64), &data, err) < 0) {
		err_set(err, ERR_PARSE, "a damaged object entry in the backup");
		goto out;
	}
	if (wallet_put(w, data.s, data.len, got, &existed, err) < 0)
		goto out;
	if (strcmp(got, id) != 0) {	/* integrity: the name is the hash */
		err_set(err, ERR_PARSE, "backup object '%.12s' does not match its hash", id);
		goto out;
	}
	if (!existed) {
		n->added++;
		rc = wallet_meta_put(w, id, json_object_get(e, "meta"), err);
	} else if (wallet_meta_get(w, id, &meta, err) == 0) {
		int changed = merge_meta(meta, json_object_get(e, "meta"));

		n->merged += changed;
		n->unchanged += !changed;
		rc = changed ? wallet_meta_put(w, id, meta, err) : 0;
	}
out:
	json_decref(meta);
	buf_release(&data);
	return rc;
}

/* A wallet that has its own holder key keeps it; one without gets the
 * backup's. */
static void restore_holder_key(struct wallet *w, const char *b64)
{
	char *path = path_join(w->dir, "holder-key");
	struct buf b;

	buf_init(&b, 16384);
	if (b64 && !path_exists(path) && b64_decode(b64, strlen(b64), &b, NULL) == 0)
		wallet_write_file(w, "holder-key", "holder-key", path, b.s, b.len, NULL);
	buf_release_secure(&b);
	free(path);
}

static void restore_rest(struct wallet *w, const json_t *body, struct restore_counts *n)
{
	json_t *have = collection_pathways(w, NULL), *settings = collection_settings(w, NULL), *x;
	const char *k;
	size_t i, j;

	json_array_foreach(json_object_get(body, "linked"), i, x) {
		struct buf b;
		const char *name = json_str(x, "name"), *b64 = json_str(x, "data");
		char *path;

		buf_init(&b, WALLET_MAX_OBJECT);
		if (name && b64 && strlen(name) == WALLET_ID_LEN && b64_decode(b64, strlen(b64), &b, NULL) == 0) {
			char *dir = xasprintf("%s/linked/%.2s", w->dir, name);

			mkdir_p(dir, 0700, NULL);
			path = xasprintf("%s/%s", dir, name + 2);
			wallet_write_file(w, "linked", name, path, b.s, b.len, NULL);
			free(path);
			free(dir);
		}
		buf_release(&b);
	}
	json_array_foreach(json_object_get(body, "pathways"), i, x) {
		int dup = 0;
		json_t *y;

		json_array_foreach(have, j, y)
			dup |= json_str(y, "name") && json_str(x, "name") && !strcmp(json_str(y, "name"), json_str(x, "name"));
		if (dup)
			n->kept_pathways++;	/* the wallet's own definition stays */
		else if (collection_pathway_put(w, x, NULL) == 0)
			n->pathways++;
	}
	json_object_foreach(json_object_get(body, "settings"), k, x)
		if (!json_object_get(settings, k) && json_is_string(x))
			collection_setting_set(w, k, json_string_value(x), NULL);
	restore_holder_key(w, json_str(body, "holder_key"));
	json_decref(have);
	json_decref(settings);
}

int collection_restore(struct wallet *w, const char *path, const char *pass, size_t pass_len,
		       struct restore_counts *n, struct err *err)
{
	json_t *body, *e;
	size_t i;
	int rc = 0;

	memset(n, 0, sizeof(*n));
	if (open_backup(path, pass, pass_len, &body, err) < 0)
		return -1;
	/* Check every object before writing anything: a damaged backup must
	 * leave the wallet untouched. */
	json_array_foreach(json_object_get(body, "objects"), i, e) {
		char got[WALLET_ID_LEN + 1];
		struct buf d;
		const char *b64 = json_str(e, "data");

		buf_init(&d, WALLET_MAX_OBJECT);
		if (!b64 || !json_str(e, "id") || b64_decode(b64, strlen(b64), &d, err) < 0 ||
		    (crypto_sha256_hex(d.s, d.len, got), strcmp(got, json_str(e, "id")))) {
			buf_release(&d);
			json_decref(body);
			return err_set(err, ERR_PARSE, "'%s': object %zu does not match its hash", path, i);
		}
		buf_release(&d);
	}
	if (wallet_lock(w, err) < 0) {
		json_decref(body);
		return -1;
	}
	json_array_foreach(json_object_get(body, "objects"), i, e)
		if (rc == 0)
			rc = restore_object(w, e, n, err);
	wallet_unlock_write(w);
	if (rc == 0)
		restore_rest(w, body, n);
	json_decref(body);
	return rc;
}
