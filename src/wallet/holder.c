/* holder.c — the learner's own signing key (a did:key, Ed25519), made on
 * first use and kept in the wallet's envelope like everything else; it
 * signs presentations so a verifier can tell the learner assembled them
 * (include/satchel/collection.h). */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include "satchel/codec.h"
#include "satchel/collection.h"
#include "satchel/fsutil.h"
#include "satchel/xalloc.h"

static EVP_PKEY *load_key(struct wallet *w, const char *path, struct err *err)
{
	struct buf pem;
	EVP_PKEY *key = NULL;
	BIO *bio;

	buf_init(&pem, 16384);
	if (wallet_read_file(w, "holder-key", "holder-key", path, pem.max, &pem, err) == 0) {
		bio = BIO_new_mem_buf(pem.s, (int)pem.len);
		key = bio ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL) : NULL;
		BIO_free(bio);
		if (!key)
			err_set(err, ERR_PARSE, "the wallet's holder key is damaged");
	}
	buf_release_secure(&pem);
	return key;
}

static EVP_PKEY *make_key(struct wallet *w, const char *path, struct err *err)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL;
	long len = 0;

	if (!key || !bio || PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL) != 1 ||
	    (len = BIO_get_mem_data(bio, &data)) <= 0 ||
	    wallet_write_file(w, "holder-key", "holder-key", path, data, (size_t)len, err) < 0) {
		if (err && err->code == ERR_OK)
			err_set(err, ERR_CRYPTO, "cannot make a holder key");
		EVP_PKEY_free(key);
		key = NULL;
	}
	if (data)
		crypto_wipe(data, (size_t)len);
	BIO_free(bio);
	return key;
}

/* did:key of an Ed25519 public key: z + base58btc(0xed 0x01 || key). */
static char *did_of(EVP_PKEY *key)
{
	uint8_t raw[34] = { 0xed, 0x01 };
	size_t n = 32;
	char *mb, *did;

	if (EVP_PKEY_get_raw_public_key(key, raw + 2, &n) != 1 || n != 32)
		return NULL;
	mb = multibase_encode('z', raw, sizeof(raw));
	did = xasprintf("did:key:%s", mb);
	free(mb);
	return did;
}

int collection_holder_key(struct wallet *w, EVP_PKEY **key, char **did, struct err *err)
{
	char *path = path_join(w->dir, "holder-key");
	int rc = -1;

	*key = NULL;
	*did = NULL;
	if (wallet_lock(w, err) < 0) {
		free(path);
		return -1;
	}
	*key = path_exists(path) ? load_key(w, path, err) : make_key(w, path, err);
	wallet_unlock_write(w);
	if (*key && (*did = did_of(*key)))
		rc = 0;
	else if (*key)
		rc = err_set(err, ERR_CRYPTO, "the holder key is not an Ed25519 key");
	free(path);
	return rc;
}
