/* test-crypto.c — SHA-256, AES-256-GCM seal/open, scrypt, crypto_equal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"
#include "satchel/crypto.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- SHA-256 -------------------------------------------------------- */

static const struct {
	const char *in;
	const char *hex;
} sha_cases[] = {
	{ "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
};

static void test_sha256_vectors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sha_cases); i++) {
		char hex[SHA256_HEX_LEN + 1];
		uint8_t raw[SHA256_LEN];
		char *raw_hex;

		memset(hex, 'X', sizeof(hex));
		crypto_sha256_hex(sha_cases[i].in, strlen(sha_cases[i].in), hex);
		assert_string_equal(hex, sha_cases[i].hex);
		/* The raw digest is the same bytes. */
		crypto_sha256(sha_cases[i].in, strlen(sha_cases[i].in), raw);
		raw_hex = hex_encode(raw, sizeof(raw));
		assert_string_equal(raw_hex, sha_cases[i].hex);
		free(raw_hex);
	}
}

/* ---- seal / open ---------------------------------------------------- */

static const uint8_t key1[AEAD_KEY_LEN] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};

#define AAD "satchel/1 object abc"
#define PT "a badge, awarded to a learner"

static void seal(struct buf *out, const char *aad, const char *pt, size_t len)
{
	struct err e = ERR_INIT;

	buf_init(out, 0);
	if (crypto_seal(key1, aad, strlen(aad), pt, len, out, &e) != 0)
		fail_msg("seal failed: %s", e.msg);
}

static void test_seal_open_roundtrip(void **state)
{
	struct buf ct, pt;
	struct err e = ERR_INIT;

	(void)state;
	seal(&ct, AAD, PT, strlen(PT));
	assert_int_equal(ct.len, AEAD_NONCE_LEN + strlen(PT) + AEAD_TAG_LEN);
	assert_null(memmem(ct.s, ct.len, PT, strlen(PT)));
	buf_init(&pt, 0);
	assert_int_equal(crypto_open(key1, AAD, strlen(AAD), ct.s, ct.len, &pt, &e), 0);
	assert_int_equal(pt.len, strlen(PT));
	assert_memory_equal(pt.s, PT, pt.len);
	assert_int_equal(pt.s[pt.len], '\0');
	buf_release(&pt);
	buf_release(&ct);
}

/* Both append: what out held before is kept. */
static void test_seal_open_append(void **state)
{
	struct buf ct, pt;
	struct err e = ERR_INIT;

	(void)state;
	buf_init(&ct, 0);
	assert_int_equal(buf_adds(&ct, "HEAD", &e), 0);
	assert_int_equal(crypto_seal(key1, AAD, strlen(AAD), PT, strlen(PT), &ct, &e), 0);
	assert_memory_equal(ct.s, "HEAD", 4);
	buf_init(&pt, 0);
	assert_int_equal(buf_adds(&pt, "pre:", &e), 0);
	assert_int_equal(crypto_open(key1, AAD, strlen(AAD), ct.s + 4, ct.len - 4, &pt, &e), 0);
	assert_string_equal(pt.s, "pre:" PT);
	buf_release(&pt);
	buf_release(&ct);
}

static void test_seal_empty(void **state)
{
	struct buf ct, pt;
	struct err e = ERR_INIT;

	(void)state;
	seal(&ct, "", "", 0);
	assert_int_equal(ct.len, AEAD_NONCE_LEN + AEAD_TAG_LEN);
	buf_init(&pt, 0);
	assert_int_equal(crypto_open(key1, "", 0, ct.s, ct.len, &pt, &e), 0);
	assert_int_equal(pt.len, 0);
	buf_release(&pt);
	buf_release(&ct);
}

/* Where a single flipped bit goes, counted from the start (or end, < 0). */
static const struct {
	const char *what;
	long offset;
} tamper_cases[] = {
	{ "nonce first byte", 0 },
	{ "nonce last byte", AEAD_NONCE_LEN - 1 },
	{ "ciphertext first byte", AEAD_NONCE_LEN },
	{ "ciphertext middle", AEAD_NONCE_LEN + 10 },
	{ "tag first byte", -AEAD_TAG_LEN },
	{ "tag last byte", -1 },
};

static void test_tamper_rejected(void **state)
{
	struct buf ct, pt;
	size_t i;

	(void)state;
	seal(&ct, AAD, PT, strlen(PT));
	for (i = 0; i < ARRAY_SIZE(tamper_cases); i++) {
		struct err e = ERR_INIT;
		size_t at = tamper_cases[i].offset >= 0 ? (size_t)tamper_cases[i].offset :
			    ct.len - (size_t)-tamper_cases[i].offset;

		ct.s[at] ^= 0x01;
		buf_init(&pt, 0);
		assert_int_equal(buf_adds(&pt, "keep", NULL), 0);
		if (crypto_open(key1, AAD, strlen(AAD), ct.s, ct.len, &pt, &e) == 0)
			fail_msg("%s: tampered data opened", tamper_cases[i].what);
		assert_int_equal(e.code, ERR_AUTH);
		/* Nothing of the failed plaintext is left in out. */
		assert_int_equal(pt.len, 4);
		assert_string_equal(pt.s, "keep");
		buf_release(&pt);
		ct.s[at] ^= 0x01;
	}
	buf_release(&ct);
}

static const struct {
	const char *aad;
} aad_cases[] = {
	{ "satchel/1 object abd" },	/* another name */
	{ "satchel/1 meta abc" },	/* another role */
	{ "satchel/1 object ab" },	/* truncated */
	{ "" },				/* none */
};

static void test_aad_mismatch(void **state)
{
	struct buf ct, pt;
	size_t i;

	(void)state;
	seal(&ct, AAD, PT, strlen(PT));
	for (i = 0; i < ARRAY_SIZE(aad_cases); i++) {
		struct err e = ERR_INIT;

		buf_init(&pt, 0);
		if (crypto_open(key1, aad_cases[i].aad, strlen(aad_cases[i].aad), ct.s, ct.len,
				&pt, &e) == 0)
			fail_msg("opened with aad '%s'", aad_cases[i].aad);
		assert_int_equal(e.code, ERR_AUTH);
		assert_int_equal(pt.len, 0);
		buf_release(&pt);
	}
	buf_release(&ct);
}

static void test_wrong_key(void **state)
{
	uint8_t key2[AEAD_KEY_LEN];
	struct buf ct, pt;
	struct err e = ERR_INIT;

	(void)state;
	memcpy(key2, key1, sizeof(key2));
	key2[31] ^= 0x80;
	seal(&ct, AAD, PT, strlen(PT));
	buf_init(&pt, 0);
	assert_int_equal(crypto_open(key2, AAD, strlen(AAD), ct.s, ct.len, &pt, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	buf_release(&pt);
	buf_release(&ct);
}

static void test_truncated(void **state)
{
	struct buf ct, pt;
	size_t n;

	(void)state;
	seal(&ct, AAD, PT, strlen(PT));
	for (n = 0; n < AEAD_NONCE_LEN + AEAD_TAG_LEN; n++) {
		struct err e = ERR_INIT;

		buf_init(&pt, 0);
		assert_int_equal(crypto_open(key1, AAD, strlen(AAD), ct.s, n, &pt, &e), -1);
		assert_int_equal(e.code, ERR_PARSE);
		buf_release(&pt);
	}
	/* One byte short of the whole: the tag no longer lines up. */
	{
		struct err e = ERR_INIT;

		buf_init(&pt, 0);
		assert_int_equal(crypto_open(key1, AAD, strlen(AAD), ct.s, ct.len - 1, &pt, &e), -1);
		assert_int_equal(e.code, ERR_AUTH);
		buf_release(&pt);
	}
	buf_release(&ct);
}

static void test_fresh_nonce(void **state)
{
	struct buf a, b;

	(void)state;
	seal(&a, AAD, PT, strlen(PT));
	seal(&b, AAD, PT, strlen(PT));
	assert_int_equal(a.len, b.len);
	assert_memory_not_equal(a.s, b.s, AEAD_NONCE_LEN);
	assert_memory_not_equal(a.s + AEAD_NONCE_LEN, b.s + AEAD_NONCE_LEN, a.len - AEAD_NONCE_LEN);
	buf_release(&a);
	buf_release(&b);
}

/* A bounded out: seal fails with ERR_TOOBIG and leaves out as it was. */
static void test_seal_bounded(void **state)
{
	struct buf out;
	struct err e = ERR_INIT;

	(void)state;
	buf_init(&out, AEAD_NONCE_LEN + AEAD_TAG_LEN + 3);
	assert_int_equal(buf_adds(&out, "x", NULL), 0);
	assert_int_equal(crypto_seal(key1, AAD, strlen(AAD), PT, strlen(PT), &out, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_int_equal(out.len, 1);
	assert_string_equal(out.s, "x");
	buf_release(&out);
}

/* ---- scrypt --------------------------------------------------------- */

/* RFC 7914 section 12, third vector. */
#define RFC7914_DK "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162" \
		   "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"

static void test_scrypt_rfc7914(void **state)
{
	uint8_t out[64];
	struct err e = ERR_INIT;
	char *hex;

	(void)state;
	assert_int_equal(crypto_scrypt("password", 8, (const uint8_t *)"NaCl", 4, 10, 8, 16, out,
				       sizeof(out), &e), 0);
	hex = hex_encode(out, sizeof(out));
	assert_string_equal(hex, RFC7914_DK);
	free(hex);
}

/* Deterministic, and every input matters. */
static void test_scrypt_inputs(void **state)
{
	uint8_t a[32], b[32];

	(void)state;
	assert_int_equal(crypto_scrypt("pw", 2, (const uint8_t *)"salt", 4, 10, 8, 1, a, 32, NULL), 0);
	assert_int_equal(crypto_scrypt("pw", 2, (const uint8_t *)"salt", 4, 10, 8, 1, b, 32, NULL), 0);
	assert_memory_equal(a, b, 32);
	assert_int_equal(crypto_scrypt("pX", 2, (const uint8_t *)"salt", 4, 10, 8, 1, b, 32, NULL), 0);
	assert_memory_not_equal(a, b, 32);
	assert_int_equal(crypto_scrypt("pw", 2, (const uint8_t *)"salT", 4, 10, 8, 1, b, 32, NULL), 0);
	assert_memory_not_equal(a, b, 32);
	assert_int_equal(crypto_scrypt("pw", 2, (const uint8_t *)"salt", 4, 11, 8, 1, b, 32, NULL), 0);
	assert_memory_not_equal(a, b, 32);
}

static const struct {
	unsigned log2n, r, p;
	int ok;
} scrypt_param_cases[] = {
	{ 4, 1, 1, 0 },		/* RFC 7914's first vector: N = 16, below our floor */
	{ 9, 8, 1, 0 },
	{ 23, 8, 1, 0 },
	{ 31, 8, 1, 0 },
	{ 10, 0, 1, 0 },
	{ 10, 33, 1, 0 },
	{ 10, 8, 0, 0 },
	{ 10, 8, 17, 0 },
	{ 10, 1, 1, 1 },	/* the edges themselves are fine */
	{ 10, 32, 1, 1 },
	{ 10, 1, 16, 1 },
};

static void test_scrypt_params(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(scrypt_param_cases); i++) {
		struct err e = ERR_INIT;
		uint8_t out[16];
		int rc = crypto_scrypt("pw", 2, (const uint8_t *)"salt", 4, scrypt_param_cases[i].log2n,
				       scrypt_param_cases[i].r, scrypt_param_cases[i].p, out,
				       sizeof(out), &e);

		if (scrypt_param_cases[i].ok) {
			if (rc != 0)
				fail_msg("log2n %u r %u p %u: %s", scrypt_param_cases[i].log2n,
					 scrypt_param_cases[i].r, scrypt_param_cases[i].p, e.msg);
			continue;
		}
		if (rc == 0)
			fail_msg("log2n %u r %u p %u accepted", scrypt_param_cases[i].log2n,
				 scrypt_param_cases[i].r, scrypt_param_cases[i].p);
		assert_int_equal(e.code, ERR_CONFIG);
	}
}

/* Regression (fixed): crypto_scrypt() computes `(uint64_t)1 << log2n` before checking
 * that log2n is in range, so log2n >= 64 is undefined behaviour (UBSan:
 * "shift exponent 64 is too large for 64-bit type"; the build under
 * SANITIZE=1 aborts).  log2n comes from wallet.json ("kdf": {"log2n": 64})
 * through derive_kek, so a damaged wallet file reaches it.  The range
 * check must come before the shift. */
static void test_scrypt_log2n_64(void **state)
{
	struct err e = ERR_INIT;
	uint8_t out[16];

	(void)state;
	assert_int_equal(crypto_scrypt("pw", 2, (const uint8_t *)"salt", 4, 64, 8, 1, out,
				       sizeof(out), &e), -1);
	assert_int_equal(e.code, ERR_CONFIG);
}

/* ---- crypto_equal, crypto_wipe ----------------------------------------- */

static const struct {
	const char *a, *b;
	size_t len;
	int equal;
} equal_cases[] = {
	{ "", "", 0, 1 },
	{ "abc", "xyz", 0, 1 },		/* zero length is always equal */
	{ "abc", "abc", 3, 1 },
	{ "abc", "abd", 3, 0 },
	{ "abc", "bbc", 3, 0 },
	{ "abc", "abd", 2, 1 },		/* only len bytes are compared */
	{ "a\0b", "a\0c", 3, 0 },	/* not a string compare */
	{ "a\0b", "a\0b", 3, 1 },
};

static void test_equal(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(equal_cases); i++)
		if (crypto_equal(equal_cases[i].a, equal_cases[i].b, equal_cases[i].len) !=
		    equal_cases[i].equal)
			fail_msg("row %zu: crypto_equal != %d", i, equal_cases[i].equal);
}

static void test_wipe_and_random(void **state)
{
	uint8_t a[32], b[32], zero[32] = { 0 };

	(void)state;
	memset(a, 0xAA, sizeof(a));
	crypto_wipe(a, sizeof(a));
	assert_memory_equal(a, zero, sizeof(a));
	crypto_wipe(NULL, 10);	/* tolerated */
	assert_int_equal(crypto_random(a, sizeof(a), NULL), 0);
	assert_int_equal(crypto_random(b, sizeof(b), NULL), 0);
	assert_memory_not_equal(a, b, sizeof(a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_seal_open_roundtrip),
		cmocka_unit_test(test_seal_open_append),
		cmocka_unit_test(test_seal_empty),
		cmocka_unit_test(test_tamper_rejected),
		cmocka_unit_test(test_aad_mismatch),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_fresh_nonce),
		cmocka_unit_test(test_seal_bounded),
		cmocka_unit_test(test_scrypt_rfc7914),
		cmocka_unit_test(test_scrypt_inputs),
		cmocka_unit_test(test_scrypt_params),
		cmocka_unit_test(test_scrypt_log2n_64),
		cmocka_unit_test(test_equal),
		cmocka_unit_test(test_wipe_and_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
