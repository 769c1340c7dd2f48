/* crypto.h — the OpenSSL primitives satchel uses for its own data.
 *
 * Hashing for object names, random bytes, AES-256-GCM for encryption at
 * rest and scrypt for the passphrase-derived wrapping key.  Verification
 * crypto (signatures) lives in verify/.
 */
#ifndef SATCHEL_CRYPTO_H
#define SATCHEL_CRYPTO_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/buf.h"

#define SHA256_LEN	32
#define SHA256_HEX_LEN	64
#define AEAD_KEY_LEN	32
#define AEAD_NONCE_LEN	12
#define AEAD_TAG_LEN	16

void crypto_sha256(const void *data, size_t len, uint8_t out[SHA256_LEN]);
/* Lower-case hex digest into out (65 bytes with the NUL). */
void crypto_sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

/* Fills p with len bytes from the OS CSPRNG (RAND_bytes). */
int crypto_random(void *p, size_t len, struct err *err);

/* AES-256-GCM with a fresh random nonce; appends nonce || ciphertext ||
 * tag to out.  aad binds the ciphertext to its role and name, so that a
 * file cannot be swapped for another without detection. */
int crypto_seal(const uint8_t key[AEAD_KEY_LEN], const void *aad, size_t aad_len,
		const void *pt, size_t len, struct buf *out, struct err *err);
/* Reverses crypto_seal; appends the plaintext to out.  ERR_AUTH when the
 * tag does not verify (wrong key, wrong aad, or damaged data). */
int crypto_open(const uint8_t key[AEAD_KEY_LEN], const void *aad, size_t aad_len,
		const void *ct, size_t len, struct buf *out, struct err *err);

/* scrypt (RFC 7914) through OpenSSL's KDF; N = 2^log2n. */
int crypto_scrypt(const char *pass, size_t pass_len, const uint8_t *salt, size_t salt_len,
		  unsigned log2n, unsigned r, unsigned p, uint8_t *out, size_t out_len,
		  struct err *err);

/* Constant-time comparison; 1 when equal. */
int crypto_equal(const void *a, const void *b, size_t len);

/* Wipes memory the compiler may not optimise away (OPENSSL_cleanse). */
void crypto_wipe(void *p, size_t len);

#endif
