/* crypto.c — SHA-256, random, AES-256-GCM, scrypt (include/satchel/crypto.h). */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include "satchel/crypto.h"

void crypto_sha256(const void *data, size_t len, uint8_t out[SHA256_LEN])
{
	unsigned int n = SHA256_LEN;

	EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void crypto_sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	uint8_t d[SHA256_LEN];
	size_t i;

	crypto_sha256(data, len, d);
	for (i = 0; i < SHA256_LEN; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[SHA256_HEX_LEN] = '\0';
}

int crypto_random(void *p, size_t len, struct err *err)
{
	if (RAND_bytes(p, (int)len) != 1)
		return err_set(err, ERR_CRYPTO, "no random bytes from the system");
	return 0;
}

int crypto_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

void crypto_wipe(void *p, size_t len)
{
	if (p)
		OPENSSL_cleanse(p, len);
}

/* One GCM pass; enc=1 seals, enc=0 opens.  For opening, tag points to
 * the received tag; for sealing it receives the computed one. */
static int gcm_run(int enc, const uint8_t *key, const uint8_t *nonce, const void *aad,
		   size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n, ok = 0;

	if (!ctx)
		return 0;
	if (EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, nonce, enc) != 1)
		goto out;
	if (aad_len && EVP_CipherUpdate(ctx, NULL, &n, aad, (int)aad_len) != 1)
		goto out;
	if (len && EVP_CipherUpdate(ctx, out, &n, in, (int)len) != 1)
		goto out;
	if (!enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, AEAD_TAG_LEN, tag) != 1)
		goto out;
	if (EVP_CipherFinal_ex(ctx, out + len, &n) != 1)
		goto out;
	if (enc && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, AEAD_TAG_LEN, tag) != 1)
		goto out;
	ok = 1;
out:
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

int crypto_seal(const uint8_t key[AEAD_KEY_LEN], const void *aad, size_t aad_len,
		const void *pt, size_t len, struct buf *out, struct err *err)
{
	size_t start = out->len, total = AEAD_NONCE_LEN + len + AEAD_TAG_LEN;
	uint8_t *p;

	if (len > (size_t)1 << 30)
		return err_set(err, ERR_TOOBIG, "cannot encrypt more than 1 GiB at once");
	p = buf_extend(out, total, err);
	if (!p)
		return -1;
	if (crypto_random(p, AEAD_NONCE_LEN, err) == 0 &&
	    gcm_run(1, key, p, aad, aad_len, pt, len, p + AEAD_NONCE_LEN,
		    p + AEAD_NONCE_LEN + len))
		return 0;
	out->len = start;
	out->s[start] = '\0';
	return err_set(err, ERR_CRYPTO, "encryption failed");
}

int crypto_open(const uint8_t key[AEAD_KEY_LEN], const void *aad, size_t aad_len,
		const void *ct, size_t len, struct buf *out, struct err *err)
{
	const uint8_t *c = ct;
	size_t start = out->len, plen;
	uint8_t tag[AEAD_TAG_LEN];

	if (len < AEAD_NONCE_LEN + AEAD_TAG_LEN)
		return err_set(err, ERR_PARSE, "encrypted data is truncated");
	plen = len - AEAD_NONCE_LEN - AEAD_TAG_LEN;
	memcpy(tag, c + AEAD_NONCE_LEN + plen, AEAD_TAG_LEN);
	if (!buf_extend(out, plen, err))
		return -1;
	if (!gcm_run(0, key, c, aad, aad_len, c + AEAD_NONCE_LEN, plen,
		     (uint8_t *)out->s + start, tag)) {
		crypto_wipe(out->s + start, plen);
		out->len = start;
		out->s[start] = '\0';
		return err_set(err, ERR_AUTH, "authentication tag does not match (wrong key or damaged data)");
	}
	return 0;
}

int crypto_scrypt(const char *pass, size_t pass_len, const uint8_t *salt, size_t salt_len,
		  unsigned log2n, unsigned r, unsigned p, uint8_t *out, size_t out_len,
		  struct err *err)
{
	EVP_KDF *kdf;
	EVP_KDF_CTX *ctx;
	OSSL_PARAM params[6];
	uint64_t n;
	uint32_t rr = r, pp = p;
	int ok;

	if (log2n < 10 || log2n > 22 || r < 1 || r > 32 || p < 1 || p > 16)
		return err_set(err, ERR_CONFIG, "scrypt parameters out of range (log2 N %u, r %u, p %u)",
			       log2n, r, p);
	n = (uint64_t)1 << log2n;	/* only after the range check: no oversized shift */
	kdf = EVP_KDF_fetch(NULL, "SCRYPT", NULL);
	if (!kdf)
		return err_set(err, ERR_CRYPTO, "OpenSSL has no scrypt");
	ctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	if (!ctx)
		return err_set(err, ERR_NOMEM, "out of memory");
	params[0] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, (void *)pass, pass_len);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void *)salt, salt_len);
	params[2] = OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n);
	params[3] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &rr);
	params[4] = OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &pp);
	params[5] = OSSL_PARAM_construct_end();
	ok = EVP_KDF_derive(ctx, out, out_len, params) == 1;
	EVP_KDF_CTX_free(ctx);
	if (!ok)
		return err_set(err, ERR_CRYPTO, "scrypt key derivation failed");
	return 0;
}
