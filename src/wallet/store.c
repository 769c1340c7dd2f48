/* store.c — wallet directory, envelope, objects and sidecars
 * (include/satchel/wallet.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "satchel/codec.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/keyring.h"
#include "satchel/timeutil.h"
#include "satchel/wallet.h"
#include "satchel/xalloc.h"

#define ENVELOPE_MAGIC		"SATCHEL\x01"
#define ENVELOPE_MAGIC_LEN	8
#define KEY_AAD			"satchel/1 wallet-key"
#define CHECK_AAD		"satchel/1 key-check"
#define LOCK_WAIT_MS		10000

char *wallet_default_dir(void)
{
	const char *v = getenv("SATCHEL_WALLET");

	if (v && *v)
		return xstrdup(v);
	v = getenv("XDG_DATA_HOME");
	if (v && *v == '/')
		return xasprintf("%s/satchel", v);
	v = getenv("HOME");
	return xasprintf("%s/.local/share/satchel", v && *v ? v : ".");
}

static char *aad_for(const char *role, const char *name)
{
	return xasprintf("satchel/1 %s %s", role, name);
}

int wallet_read_file(struct wallet *w, const char *role, const char *name, const char *path,
		     size_t max, struct buf *out, struct err *err)
{
	struct buf raw;
	char *aad;
	int rc;

	buf_init(&raw, max + ENVELOPE_MAGIC_LEN + AEAD_NONCE_LEN + AEAD_TAG_LEN);
	if (file_read(path, raw.max, &raw, err) < 0) {
		buf_release(&raw);
		return -1;
	}
	if (!w->encrypted) {
		rc = buf_add(out, raw.s, raw.len, err);
		buf_release(&raw);
		return rc;
	}
	if (raw.len < ENVELOPE_MAGIC_LEN || memcmp(raw.s, ENVELOPE_MAGIC, ENVELOPE_MAGIC_LEN)) {
		buf_release(&raw);
		return err_set(err, ERR_PARSE, "'%s' is not a satchel envelope", path);
	}
	aad = aad_for(role, name);
	rc = crypto_open(w->key, aad, strlen(aad), raw.s + ENVELOPE_MAGIC_LEN,
			 raw.len - ENVELOPE_MAGIC_LEN, out, err);
	free(aad);
	buf_release(&raw);
	if (rc < 0)
		return err_prefix(err, "'%s'", path);
	return 0;
}

int wallet_write_file(struct wallet *w, const char *role, const char *name, const char *path,
		      const void *data, size_t len, struct err *err)
{
	struct buf env;
	char *aad;
	int rc;

	if (!w->encrypted)
		return file_write_batched(w->batch, path, data, len, 0600, err);
	buf_init(&env, 0);
	aad = aad_for(role, name);
	rc = buf_add(&env, ENVELOPE_MAGIC, ENVELOPE_MAGIC_LEN, err);
	if (rc == 0)
		rc = crypto_seal(w->key, aad, strlen(aad), data, len, &env, err);
	if (rc == 0)
		rc = file_write_batched(w->batch, path, env.s, env.len, 0600, err);
	free(aad);
	buf_release(&env);
	return rc;
}

/* ---- wallet.json and keys ------------------------------------------- */

static unsigned kdf_log2n_default(unsigned want)
{
	const char *v = getenv("SATCHEL_KDF_LOG2N");

	if (want)
		return want;
	if (v && atoi(v) >= 10 && atoi(v) <= 22)
		return (unsigned)atoi(v);
	return WALLET_KDF_LOG2N;
}

static int derive_kek(const char *pass, size_t len, const json_t *kdf, uint8_t kek[AEAD_KEY_LEN],
		      struct err *err)
{
	const char *salt64 = json_str(kdf, "salt");
	struct buf salt;
	int rc;

	if (!salt64 || !json_is_integer(json_object_get(kdf, "log2n")))
		return err_set(err, ERR_PARSE, "wallet.json: bad kdf parameters");
	buf_init(&salt, 256);
	rc = b64_decode(salt64, strlen(salt64), &salt, err);
	if (rc == 0)
		rc = crypto_scrypt(pass, len, (uint8_t *)salt.s, salt.len,
				   (unsigned)json_integer_value(json_object_get(kdf, "log2n")),
				   (unsigned)json_integer_value(json_object_get(kdf, "r")),
				   (unsigned)json_integer_value(json_object_get(kdf, "p")),
				   kek, AEAD_KEY_LEN, err);
	buf_release(&salt);
	return rc;
}

/* Seals small (key-sized) data and returns base64 of the blob. */
static char *seal_b64(const uint8_t *key, const char *aad, const void *pt, size_t len,
		      struct err *err)
{
	struct buf b;
	char *s = NULL;

	buf_init(&b, 0);
	if (crypto_seal(key, aad, strlen(aad), pt, len, &b, err) == 0)
		s = b64_encode((uint8_t *)b.s, b.len);
	buf_release(&b);
	return s;
}

static int open_b64(const uint8_t *key, const char *aad, const char *b64, struct buf *out,
		    struct err *err)
{
	struct buf b;
	int rc;

	if (!b64)
		return err_set(err, ERR_PARSE, "wallet.json: missing sealed value");
	buf_init(&b, 4096);
	rc = b64_decode(b64, strlen(b64), &b, err);
	if (rc == 0)
		rc = crypto_open(key, aad, strlen(aad), b.s, b.len, out, err);
	buf_release(&b);
	return rc;
}

static json_t *new_conf(int encrypt, unsigned log2n, const char *wallet_id, struct err *err)
{
	json_t *c = json_pack("{s:s, s:i, s:s, s:b}", "format", "satchel-wallet",
			      "version", WALLET_FORMAT_VERSION, "wallet_id", wallet_id,
			      "encrypted", encrypt);
	char created[32];
	uint8_t salt[16];
	char *salt64;

	time_format(time_now(), created);
	json_object_set_new(c, "created", json_string(created));
	if (!encrypt)
		return c;
	if (crypto_random(salt, sizeof(salt), err) < 0) {
		json_decref(c);
		return NULL;
	}
	salt64 = b64_encode(salt, sizeof(salt));
	json_object_set_new(c, "kdf", json_pack("{s:s, s:i, s:i, s:i, s:s}", "name", "scrypt",
						"log2n", (int)log2n, "r", 8, "p", 1, "salt", salt64));
	free(salt64);
	return c;
}

/* Wraps the wallet key under the passphrase and adds a key check that
 * lets a key from the keyring be recognised without the passphrase. */
static int conf_wrap_key(json_t *conf, const uint8_t key[AEAD_KEY_LEN], const char *pass,
			 size_t pass_len, struct err *err)
{
	uint8_t kek[AEAD_KEY_LEN];
	char *wrapped = NULL, *check = NULL;
	int rc = -1;

	if (derive_kek(pass, pass_len, json_object_get(conf, "kdf"), kek, err) < 0)
		goto out;
	wrapped = seal_b64(kek, KEY_AAD, key, AEAD_KEY_LEN, err);
	check = wrapped ? seal_b64(key, CHECK_AAD, "satchel", 7, err) : NULL;
	if (!check)
		goto out;
	json_object_set_new(conf, "wrapped_key", json_string(wrapped));
	json_object_set_new(conf, "key_check", json_string(check));
	rc = 0;
out:
	crypto_wipe(kek, sizeof(kek));
	free(wrapped);
	free(check);
	return rc;
}

static int write_conf(const char *dir, const json_t *conf, struct err *err)
{
	char *path = path_join(dir, "wallet.json");
	char *text = json_text(conf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	int rc;

	rc = file_write_atomic(path, text, strlen(text), 0600, err);
	free(text);
	free(path);
	return rc;
}

static int make_dirs(const char *dir, struct err *err)
{
	static const char *const subdirs[] = { "objects", "linked", "pathways" };
	size_t i;

	if (mkdir_p(dir, 0700, err) < 0)
		return -1;
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		char *p = path_join(dir, subdirs[i]);
		int rc = mkdir_p(p, 0700, err);

		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int get_new_passphrase(const struct wallet_unlock *u, struct buf *pass, struct err *err)
{
	if (!u->get_pass)
		return err_set(err, ERR_USAGE, "a passphrase is needed to encrypt the wallet");
	if (u->get_pass(u->ctx, 1, pass, err) < 0)
		return -1;
	if (pass->len == 0)
		return err_set(err, ERR_USAGE, "the passphrase must not be empty");
	return 0;
}

int wallet_init(const char *dir, const struct wallet_init_opts *opts,
		struct wallet_init_result *res, struct err *err)
{
	uint8_t key[AEAD_KEY_LEN], idbytes[16];
	char *conf_path = path_join(dir, "wallet.json"), *wallet_id = NULL;
	struct buf pass;
	json_t *conf = NULL;
	int rc = -1;

	buf_init(&pass, 4096);
	memset(res, 0, sizeof(*res));
	if (path_exists(conf_path)) {
		err_set(err, ERR_EXISTS, "a wallet already exists in '%s'", dir);
		goto out;
	}
	if (crypto_random(idbytes, sizeof(idbytes), err) < 0 ||
	    crypto_random(key, sizeof(key), err) < 0)
		goto out;
	wallet_id = hex_encode(idbytes, sizeof(idbytes));
	conf = new_conf(opts->encrypt, kdf_log2n_default(opts->kdf_log2n), wallet_id, err);
	if (!conf)
		goto out;
	if (opts->encrypt && (get_new_passphrase(&opts->unlock, &pass, err) < 0 ||
			      conf_wrap_key(conf, key, pass.s, pass.len, err) < 0))
		goto out;
	if (make_dirs(dir, err) < 0 || write_conf(dir, conf, err) < 0)
		goto out;
	rc = 0;
	if (opts->encrypt && opts->unlock.use_keyring) {
		struct err kerr = ERR_INIT;

		if (keyring_store(wallet_id, dir, key, &kerr) == 0)
			res->keyring_stored = 1;
		else
			snprintf(res->keyring_note, sizeof(res->keyring_note), "%s", kerr.msg);
	}
out:
	crypto_wipe(key, sizeof(key));
	buf_release_secure(&pass);
	json_decref(conf);
	free(wallet_id);
	free(conf_path);
	return rc;
}

static int key_matches(struct wallet *w, const uint8_t key[AEAD_KEY_LEN])
{
	struct buf out;
	int ok;

	buf_init(&out, 64);
	ok = open_b64(key, CHECK_AAD, json_str(w->conf, "key_check"), &out, NULL) == 0 &&
	     out.len == 7 && memcmp(out.s, "satchel", 7) == 0;
	buf_release(&out);
	return ok;
}

static int unlock_with_passphrase(struct wallet *w, const struct wallet_unlock *u,
				  struct err *err)
{
	uint8_t kek[AEAD_KEY_LEN];
	struct buf pass, key;
	int rc = -1;

	buf_init(&pass, 4096);
	buf_init(&key, 64);
	if (!u->get_pass || u->get_pass(u->ctx, 0, &pass, err) < 0) {
		if (!u->get_pass || err == NULL || err->code == ERR_OK)
			err_set(err, ERR_LOCKED, "the wallet is locked: no key in the keyring and no passphrase");
		goto out;
	}
	if (derive_kek(pass.s, pass.len, json_object_get(w->conf, "kdf"), kek, err) < 0)
		goto out;
	if (open_b64(kek, KEY_AAD, json_str(w->conf, "wrapped_key"), &key, NULL) < 0 ||
	    key.len != AEAD_KEY_LEN) {
		err_set(err, ERR_AUTH, "wrong passphrase for the wallet in '%s'", w->dir);
		goto out;
	}
	memcpy(w->key, key.s, AEAD_KEY_LEN);
	w->have_key = 1;
	rc = 0;
out:
	crypto_wipe(kek, sizeof(kek));
	buf_release_secure(&pass);
	buf_release_secure(&key);
	return rc;
}

static int unlock_key(struct wallet *w, const struct wallet_unlock *u, struct err *err)
{
	if (u && u->use_keyring && keyring_lookup(w->wallet_id, w->key, NULL) == 0) {
		if (key_matches(w, w->key)) {
			w->have_key = 1;
			w->keyring_used = 1;
			return 0;
		}
		crypto_wipe(w->key, sizeof(w->key));
	}
	if (unlock_with_passphrase(w, u ? u : &(struct wallet_unlock){ 0 }, err) < 0)
		return -1;
	/* The keyring is a convenience, the passphrase the guarantee: put the
	 * key back into a reachable keyring that lost it. */
	if (u && u->use_keyring)
		keyring_store(w->wallet_id, w->dir, w->key, NULL);
	return 0;
}

static json_t *load_conf(const char *dir, struct err *err)
{
	char *path = path_join(dir, "wallet.json");
	struct buf b;
	json_t *conf = NULL;

	buf_init(&b, 65536);
	if (file_read(path, b.max, &b, err) < 0) {
		if (err && err->code == ERR_NOTFOUND)
			err_set(err, ERR_NOTFOUND, "no wallet in '%s' (run 'satchel init')", dir);
		goto out;
	}
	conf = json_strict_load(b.s, b.len, err);
	if (!conf) {
		err_prefix(err, "'%s'", path);
		goto out;
	}
	if (!json_is_object(conf) || json_integer_value(json_object_get(conf, "version")) != 1 ||
	    !json_str(conf, "wallet_id")) {
		err_set(err, ERR_PARSE, "'%s': not a satchel wallet of format version 1", path);
		json_decref(conf);
		conf = NULL;
	}
out:
	buf_release(&b);
	free(path);
	return conf;
}

int wallet_open(const char *dir, const struct wallet_unlock *unlock, struct wallet **out,
		struct err *err)
{
	struct wallet *w;
	json_t *conf = load_conf(dir, err);

	if (!conf)
		return -1;
	w = xcalloc(1, sizeof(*w));
	w->dir = xstrdup(dir);
	w->conf = conf;
	w->lock_fd = -1;
	w->wallet_id = xstrdup(json_str(conf, "wallet_id"));
	w->encrypted = json_is_true(json_object_get(conf, "encrypted"));
	if (w->encrypted && unlock_key(w, unlock, err) < 0) {
		wallet_close(w);
		return -1;
	}
	*out = w;
	return 0;
}

void wallet_batch_begin(struct wallet *w)
{
	if (!w->batch)
		w->batch = xcalloc(1, sizeof(*w->batch));
}

int wallet_batch_commit(struct wallet *w, struct err *err)
{
	return w->batch ? write_batch_commit(w->batch, w->dir, err) : 0;
}

void wallet_batch_end(struct wallet *w)
{
	if (!w->batch)
		return;
	write_batch_abort(w->batch);
	free(w->batch);
	w->batch = NULL;
}

void wallet_close(struct wallet *w)
{
	if (!w)
		return;
	wallet_batch_end(w);
	wallet_unlock_write(w);
	crypto_wipe(w->key, sizeof(w->key));
	json_decref(w->conf);
	free(w->dir);
	free(w->wallet_id);
	free(w);
}

/* ---- the write lock ------------------------------------------------ */

static int lock_open(struct wallet *w, struct err *err)
{
	char *path;

	if (w->lock_fd >= 0)
		return 0;
	path = path_join(w->dir, "lock");
	w->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	if (w->lock_fd < 0)
		return err_set(err, ERR_IO, "cannot open the wallet lock: %s", strerror(errno));
	return 0;
}

static int lock_take(struct wallet *w, int wait_ms, struct err *err)
{
	struct timespec pause = { 0, 20 * 1000000L };
	int waited = 0;

	if (lock_open(w, err) < 0)
		return -1;
	while (flock(w->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return err_set(err, ERR_IO, "cannot lock the wallet: %s", strerror(errno));
		if (waited >= wait_ms) {
			close(w->lock_fd);
			w->lock_fd = -1;
			return err_set(err, ERR_LOCKED, "another satchel is writing to the wallet in '%s'",
				       w->dir);
		}
		nanosleep(&pause, NULL);
		waited += 20;
	}
	return 0;
}

int wallet_lock(struct wallet *w, struct err *err)
{
	return lock_take(w, LOCK_WAIT_MS, err);
}

int wallet_trylock(struct wallet *w, struct err *err)
{
	return lock_take(w, 0, err);
}

void wallet_unlock_write(struct wallet *w)
{
	if (w->lock_fd < 0)
		return;
	flock(w->lock_fd, LOCK_UN);
	close(w->lock_fd);
	w->lock_fd = -1;
}
