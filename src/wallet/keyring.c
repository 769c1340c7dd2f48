/* keyring.c — the wallet key in the Secret Service (include/satchel/keyring.h). */
#include <stdlib.h>
#include <string.h>
#include <libsecret/secret.h>
#include "satchel/keyring.h"
#include "satchel/xalloc.h"

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
		g_error_free(ge);
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
	for (i = 0; i < AEAD_KEY_LEN; i++) {
		secret[2 * i] = hex[key[i] >> 4];
		secret[2 * i + 1] = hex[key[i] & 15];
	}
	secret[2 * AEAD_KEY_LEN] = '\0';
	label = xasprintf("satchel wallet key (%s)", dir);
	ok = secret_password_store_sync(&key_schema, SECRET_COLLECTION_DEFAULT, label, secret,
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
	secret = secret_password_lookup_nonpageable_sync(&key_schema, NULL, &ge,
							 "wallet-id", wallet_id, NULL);
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
	secret_password_free(secret);	/* clears, then frees */
	if (ret < 0)
		crypto_wipe(key, AEAD_KEY_LEN);
	return ret;
}

int keyring_clear(const char *wallet_id, struct err *err)
{
	GError *ge = NULL;

	if (!keyring_enabled())
		return 0;
	secret_password_clear_sync(&key_schema, NULL, &ge, "wallet-id", wallet_id, NULL);
	if (ge)
		return gerr(err, ge, "cannot clear the keyring entry");
	return 0;
}
