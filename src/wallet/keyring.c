/* keyring.c — the wallet key in the Secret Service (include/satchel/keyring.h). */
#include <stdlib.h>
#include <string.h>
#include <libsecret/secret.h>
#include "satchel/dl.h"
#include "satchel/keyring.h"
#include "satchel/xalloc.h"

/* libsecret (and GLib, GIO, GObject under it) is opened when the keyring
 * is first used, not linked (dl.h): a wallet without a keyring, or a
 * command without a wallet, never loads it.  g_error_free comes through
 * libsecret's handle, which searches the libraries it depends on. */
#define SECRET_SONAME	"libsecret-1.so.0"

struct secret_api {
	gboolean (*store_sync)(const SecretSchema *, const gchar *, const gchar *, const gchar *,
			       GCancellable *, GError **, ...);
	gchar *(*lookup_nonpageable_sync)(const SecretSchema *, GCancellable *, GError **, ...);
	void (*free)(gchar *);
	gboolean (*clear_sync)(const SecretSchema *, GCancellable *, GError **, ...);
	void (*error_free)(GError *);
};

static struct secret_api ss;

static const struct dl_fn secret_fns[] = {
	DL_FN(struct secret_api, store_sync, "secret_password_store_sync"),
	DL_FN(struct secret_api, lookup_nonpageable_sync, "secret_password_lookup_nonpageable_sync"),
	DL_FN(struct secret_api, free, "secret_password_free"),
	DL_FN(struct secret_api, clear_sync, "secret_password_clear_sync"),
	DL_FN(struct secret_api, error_free, "g_error_free"),
};

static int secret_open(struct err *err)
{
	static void *lib;
	int rc = dl_open(&lib, SECRET_SONAME, secret_fns, sizeof(secret_fns) / sizeof(secret_fns[0]),
			 &ss, err);

	if (rc < 0 && err)
		err->code = ERR_IO;	/* no keyring, as when none answers */
	return rc;
}

static const SecretSchema key_schema = {
	"org.satchel.WalletKey", SECRET_SCHEMA_NONE,
	{
		{ "wallet-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
		{ NULL, 0 },
	}
};

int keyring_enabled(void)
{
	const char *v = getenv("SATCHEL_NO_KEYRING");

	return !(v && *v && strcmp(v, "0") != 0);
}

static int gerr(struct err *err, GError *ge, const char *what)
{
	err_set(err, ERR_IO, "%s: %s", what, ge && ge->message ? ge->message : "no keyring");
	if (ge)
		ss.error_free(ge);
	return -1;
}

int keyring_store(const char *wallet_id, const char *dir, const uint8_t key[AEAD_KEY_LEN],
		  struct err *err)
{
	static const char hex[] = "0123456789abcdef";
	char secret[2 * AEAD_KEY_LEN + 1], *label;
	GError *ge = NULL;
	gboolean ok;
	int i;

	if (!keyring_enabled())
		return err_set(err, ERR_IO, "keyring turned off (SATCHEL_NO_KEYRING)");
	if (secret_open(err) < 0)
		return -1;
	for (i = 0; i < AEAD_KEY_LEN; i++) {
		secret[2 * i] = hex[key[i] >> 4];
		secret[2 * i + 1] = hex[key[i] & 15];
	}
	secret[2 * AEAD_KEY_LEN] = '\0';
	label = xasprintf("satchel wallet key (%s)", dir);
	ok = ss.store_sync(&key_schema, SECRET_COLLECTION_DEFAULT, label, secret,
			   NULL, &ge, "wallet-id", wallet_id, NULL);
	crypto_wipe(secret, sizeof(secret));
	free(label);
	if (!ok)
		return gerr(err, ge, "cannot store the wallet key in the keyring");
	return 0;
}

static int unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int keyring_lookup(const char *wallet_id, uint8_t key[AEAD_KEY_LEN], struct err *err)
{
	GError *ge = NULL;
	gchar *secret;
	int i, ret = 0;

	if (!keyring_enabled())
		return err_set(err, ERR_IO, "keyring turned off (SATCHEL_NO_KEYRING)");
	if (secret_open(err) < 0)
		return -1;
	secret = ss.lookup_nonpageable_sync(&key_schema, NULL, &ge, "wallet-id", wallet_id, NULL);
	if (ge)
		return gerr(err, ge, "cannot read the keyring");
	if (!secret)
		return err_set(err, ERR_NOTFOUND, "no key for this wallet in the keyring");
	if (strlen(secret) != 2 * AEAD_KEY_LEN) {
		ret = err_set(err, ERR_PARSE, "the keyring entry for this wallet is damaged");
	} else {
		for (i = 0; i < AEAD_KEY_LEN; i++) {
			int hi = unhex(secret[2 * i]), lo = unhex(secret[2 * i + 1]);

			if (hi < 0 || lo < 0) {
				ret = err_set(err, ERR_PARSE, "the keyring entry for this wallet is damaged");
				break;
			}
			key[i] = (uint8_t)(hi << 4 | lo);
		}
	}
	ss.free(secret);	/* clears, then frees */
	if (ret < 0)
		crypto_wipe(key, AEAD_KEY_LEN);
	return ret;
}

int keyring_clear(const char *wallet_id, struct err *err)
{
	GError *ge = NULL;

	if (!keyring_enabled())
		return 0;
	if (secret_open(err) < 0)
		return -1;
	ss.clear_sync(&key_schema, NULL, &ge, "wallet-id", wallet_id, NULL);
	if (ge)
		return gerr(err, ge, "cannot clear the keyring entry");
	return 0;
}
