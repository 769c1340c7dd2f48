/* test-codec.c — hex, base64, base64url, base58btc and multibase. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef int decode_fn(const char *s, size_t n, struct buf *out, struct err *err);
typedef char *encode_fn(const uint8_t *p, size_t n);

/* One row: the bytes (as lower-case hex, so binary fits) and their text.
 * For decode-only rows, hex == NULL means "must fail". */
struct vec {
	const char *hex;
	const char *text;
};

/* Decodes row->text with fn; on success compares the bytes. */
static void check_decode(decode_fn *fn, const struct vec *v)
{
	struct buf b;
	struct err e = ERR_INIT;
	int rc;

	buf_init(&b, 0);
	rc = fn(v->text, strlen(v->text), &b, &e);
	if (!v->hex) {
		if (rc == 0)
			fail_msg("'%s' decoded but should fail", v->text);
		assert_int_equal(e.code, ERR_PARSE);
		assert_true(e.msg[0] != '\0');
		assert_int_equal(b.len, 0);
	} else {
		char *h;

		if (rc != 0)
			fail_msg("'%s' failed: %s", v->text, e.msg);
		h = hex_encode((const uint8_t *)b.s, b.len);
		assert_string_equal(h, v->hex);
		free(h);
	}
	buf_release(&b);
}

/* Encodes row->hex with fn and compares the text. */
static void check_encode(encode_fn *fn, const struct vec *v)
{
	struct buf bytes;
	char *s;

	buf_init(&bytes, 0);
	assert_int_equal(hex_decode(v->hex, strlen(v->hex), &bytes, NULL), 0);
	s = fn((const uint8_t *)bytes.s, bytes.len);
	assert_string_equal(s, v->text);
	free(s);
	buf_release(&bytes);
}

static void check_table(const struct vec *v, size_t n, encode_fn *enc, decode_fn *dec)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (enc && v[i].hex)
			check_encode(enc, &v[i]);
		check_decode(dec, &v[i]);
	}
}

/* RFC 4648 §10 test vectors ("", "f", "fo", ... "foobar"). */
static const struct vec b64_vectors[] = {
	{ "", "" },
	{ "66", "Zg==" },
	{ "666f", "Zm8=" },
	{ "666f6f", "Zm9v" },
	{ "666f6f62", "Zm9vYg==" },
	{ "666f6f6261", "Zm9vYmE=" },
	{ "666f6f626172", "Zm9vYmFy" },
	{ "fbff", "+/8=" },
	{ "00", "AA==" },
};

/* Decoding only: the leniencies and the rejections of b64_decode. */
static const struct vec b64_decode_cases[] = {
	{ "66", "Zg" },			/* padding is optional */
	{ "666f", "Zm8" },
	{ "66", "Zh==" },		/* non-zero trailing bits tolerated (std only) */
	{ "666f", "Zm9=" },
	{ NULL, "Zg=" },		/* padding present but incomplete */
	{ NULL, "Zg===" },
	{ NULL, "Z===" },
	{ NULL, "Zm9v=" },
	{ NULL, "====" },
	{ NULL, "=" },
	{ NULL, "Z" },			/* one char cannot hold a byte */
	{ NULL, "Zm9vY" },
	{ NULL, "Zg==Zg==" },		/* '=' only at the end */
	{ NULL, "Zm 9v" },		/* no white space anywhere */
	{ NULL, "Zm9v\n" },
	{ NULL, " Zm9v" },
	{ NULL, "Zm9-" },		/* URL alphabet is not standard base64 */
	{ NULL, "Zm9_" },
	{ NULL, "Zm9v!" },
	{ NULL, "Zm\xc3\xa9v" },
};

static const struct vec b64url_vectors[] = {
	{ "", "" },
	{ "66", "Zg" },
	{ "666f", "Zm8" },
	{ "666f6f", "Zm9v" },
	{ "666f6f62", "Zm9vYg" },
	{ "666f6f6261", "Zm9vYmE" },
	{ "666f6f626172", "Zm9vYmFy" },
	{ "fbff", "-_8" },
	{ "fbefbe", "----" },
	{ "ffffff", "____" },
};

static const struct vec b64url_decode_cases[] = {
	{ NULL, "Zg==" },		/* no padding in base64url */
	{ NULL, "Zm8=" },
	{ NULL, "Zh" },			/* trailing bits must be zero */
	{ NULL, "Zm9" },
	{ NULL, "Z" },
	{ NULL, "+/8" },		/* standard alphabet rejected */
	{ NULL, "Zm9v Yg" },
	{ NULL, "Zm9vYg\n" },
	{ NULL, "Zm9v.Yg" },
	{ "00", "AA" },
};

static const struct vec hex_vectors[] = {
	{ "", "" },
	{ "666f6f626172", "666f6f626172" },	/* RFC 4648 base16 "foobar" */
	{ "00ff10ab", "00ff10ab" },
};

static const struct vec hex_decode_cases[] = {
	{ "00ff10ab", "00FF10AB" },	/* either case */
	{ "abcdef", "aBcDeF" },
	{ NULL, "6" },			/* odd length */
	{ NULL, "666" },
	{ NULL, "zz" },
	{ NULL, "0g" },
	{ NULL, " 66" },
	{ NULL, "66\n" },
	{ NULL, "0x66" },
};

/* Bitcoin Core's base58_encode_decode.json vectors plus two strings. */
static const struct vec b58_vectors[] = {
	{ "", "" },
	{ "61", "2g" },
	{ "626262", "a3gV" },
	{ "636363", "aPEr" },
	{ "73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2" },
	{ "00eb15231dfceb60925886b67d065299925915aeb172c06647",
	  "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L" },
	{ "516b6fcd0f", "ABnLTmg" },
	{ "bf4f89001e670274dd", "3SEo3LWLoPntC" },
	{ "572e4794", "3EFU7m" },
	{ "ecac89cad93923c02321", "EJDM8drfXA6uyA" },
	{ "10c8511e", "Rt5zm" },
	{ "00000000000000000000", "1111111111" },
	{ "00", "1" },
	{ "0000287fb4cd", "11233QC4" },
	{ "48656c6c6f20576f726c6421", "2NEpo7TZRRrLZSi2U" },	/* "Hello World!" */
};

static const struct vec b58_decode_cases[] = {
	{ NULL, "0" },			/* 0, O, I and l are not in the alphabet */
	{ NULL, "O" },
	{ NULL, "I" },
	{ NULL, "l" },
	{ NULL, "2g " },
	{ NULL, " 2g" },
	{ NULL, "2g+" },
	{ NULL, "11\xff" },
	{ "000061", "112g" },
	{ "0000", "11" },
};

/* Multibase: the "yes mani !" examples of the multibase spec, and the
 * Ed25519 did:key example (multicodec 0xed 0x01 + 32-byte key). */
static const struct vec mb_vectors[] = {
	{ "796573206d616e692021", "z7paNL19xttacUY" },
	{ "796573206d616e692021", "ueWVzIG1hbmkgIQ" },
	{ "796573206d616e692021", "UeWVzIG1hbmkgIQ==" },
	{ "796573206d616e692021", "meWVzIG1hbmkgIQ" },
	{ "796573206d616e692021", "MeWVzIG1hbmkgIQ==" },
	{ "796573206d616e692021", "f796573206d616e692021" },
	{ "796573206d616e692021", "F796573206D616E692021" },
	{ "ed012e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6",
	  "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK" },
	{ "", "z" },
	{ "", "u" },
	{ "", "f" },
	{ "fbff", "u-_8" },
	{ "fbff", "m+/8" },
};

static const struct vec mb_decode_cases[] = {
	{ NULL, "" },
	{ NULL, "x123" },		/* unknown prefix */
	{ NULL, "Z6Mkha" },
	{ NULL, "b" },			/* base32 is not supported */
	{ NULL, "z0OIl" },
	{ NULL, " z2g" },
	{ NULL, "z2g\n" },
	{ NULL, "uZg==" },		/* 'u' has no padding */
	{ NULL, "UZg" },		/* 'U' must be padded */
	{ NULL, "mZg==" },
	{ NULL, "MZg" },
	{ NULL, "uZh" },		/* trailing bits must be zero */
	{ NULL, "mZh" },		/* strict also for 'm' (b64_decode is not) */
	{ NULL, "MZh==" },
	{ NULL, "m-_8" },		/* wrong alphabet for 'm' */
	{ NULL, "u+/8" },
	{ NULL, "fABCD" },		/* 'f' is lower-case hex only */
	{ NULL, "FabCD" },		/* 'F' upper-case only */
	{ NULL, "f123" },
	{ "66", "MZg==" },
	{ "66", "UZg==" },
};

static void test_hex(void **state)
{
	(void)state;
	check_table(hex_vectors, ARRAY_SIZE(hex_vectors), hex_encode, hex_decode);
	check_table(hex_decode_cases, ARRAY_SIZE(hex_decode_cases), NULL, hex_decode);
}

static void test_b64(void **state)
{
	(void)state;
	check_table(b64_vectors, ARRAY_SIZE(b64_vectors), b64_encode, b64_decode);
	check_table(b64_decode_cases, ARRAY_SIZE(b64_decode_cases), NULL, b64_decode);
}

static void test_b64url(void **state)
{
	(void)state;
	check_table(b64url_vectors, ARRAY_SIZE(b64url_vectors), b64url_encode, b64url_decode);
	check_table(b64url_decode_cases, ARRAY_SIZE(b64url_decode_cases), NULL, b64url_decode);
}

static void test_b58(void **state)
{
	(void)state;
	check_table(b58_vectors, ARRAY_SIZE(b58_vectors), b58_encode, b58_decode);
	check_table(b58_decode_cases, ARRAY_SIZE(b58_decode_cases), NULL, b58_decode);
}

static void test_multibase_decode(void **state)
{
	(void)state;
	check_table(mb_vectors, ARRAY_SIZE(mb_vectors), NULL, multibase_decode);
	check_table(mb_decode_cases, ARRAY_SIZE(mb_decode_cases), NULL, multibase_decode);
}

/* Encodes each vector with the base named by its prefix. */
static void test_multibase_encode(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(mb_vectors); i++) {
		const struct vec *v = &mb_vectors[i];
		struct buf bytes;
		char *s;

		buf_init(&bytes, 0);
		assert_int_equal(hex_decode(v->hex, strlen(v->hex), &bytes, NULL), 0);
		s = multibase_encode(v->text[0], (const uint8_t *)bytes.s, bytes.len);
		assert_non_null(s);
		assert_string_equal(s, v->text);
		free(s);
		buf_release(&bytes);
	}
	assert_null(multibase_encode('x', (const uint8_t *)"a", 1));
	assert_null(multibase_encode('\0', (const uint8_t *)"a", 1));
}

static void test_did_key_header(void **state)
{
	static const char key[] = "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(multibase_decode(key, strlen(key), &b, NULL), 0);
	assert_int_equal(b.len, 34);
	assert_int_equal((uint8_t)b.s[0], 0xed);
	assert_int_equal((uint8_t)b.s[1], 0x01);
	buf_release(&b);
}

/* Every base, every length 0..40: encode then decode gives the bytes. */
static void test_multibase_round_trip(void **state)
{
	static const char bases[] = "zuUmMfF";
	uint8_t data[40];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(data); i++)
		data[i] = i < 3 ? 0 : (uint8_t)(i * 37 + 11);	/* leading zeros for base58 */
	for (i = 0; bases[i]; i++) {
		for (n = 0; n <= sizeof(data); n++) {
			char *s = multibase_encode(bases[i], data, n);
			struct buf b;

			buf_init(&b, 0);
			if (multibase_decode(s, strlen(s), &b, NULL) != 0)
				fail_msg("'%s' does not decode", s);
			assert_int_equal(b.len, n);
			assert_memory_equal(b.s, data, n);
			buf_release(&b);
			free(s);
		}
	}
}

/* A failed decode leaves what the buffer held before. */
static void test_failure_keeps_buffer(void **state)
{
	static decode_fn *const fns[] = { hex_decode, b64_decode, b64url_decode, b58_decode,
					  multibase_decode };
	/* Each input decodes a few bytes before its bad character. */
	static const char *const bad[] = { "6666zz", "Zm9vYmFy!", "Zm9vYmFy+", "2g2g0",
					   "uZm9vYmFyZh" };
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		struct buf b;
		struct err e = ERR_INIT;

		buf_init(&b, 0);
		assert_int_equal(buf_adds(&b, "abc", NULL), 0);
		assert_int_equal(fns[i](bad[i], strlen(bad[i]), &b, &e), -1);
		assert_int_equal(e.code, ERR_PARSE);
		assert_int_equal(b.len, 3);
		assert_string_equal(b.s, "abc");
		buf_release(&b);
	}
}

/* Decoders append; a buffer maximum turns into ERR_TOOBIG, not a cut value. */
static void test_append_and_max(void **state)
{
	struct buf b;
	struct err e = ERR_INIT;

	(void)state;
	buf_init(&b, 5);
	assert_int_equal(b64_decode("Zm8=", 4, &b, NULL), 0);
	assert_int_equal(b58_decode("2g", 2, &b, NULL), 0);
	assert_memory_equal(b.s, "foa", 3);
	assert_int_equal(b64_decode("Zm9v", 4, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.s[3], '\0');
	assert_int_equal(b58_decode("1111", 4, &b, &e), -1);
	assert_int_equal(b.len, 3);
	buf_release(&b);
}

/* n, not the NUL, bounds the input. */
static void test_length_not_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(b64url_decode("Zm9v!!!", 4, &b, NULL), 0);
	assert_int_equal(multibase_decode("z2gXX", 3, &b, NULL), 0);
	assert_int_equal(hex_decode("66zz", 2, &b, NULL), 0);
	assert_memory_equal(b.s, "fooaf", 5);
	buf_release(&b);
}

static void test_b58_limits(void **state)
{
	char *s = malloc(B58_MAX_INPUT + 2);
	struct buf b;
	struct err e = ERR_INIT;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	memset(s, '1', B58_MAX_INPUT);
	assert_int_equal(b58_decode(s, B58_MAX_INPUT, &b, &e), 0);
	assert_int_equal(b.len, B58_MAX_INPUT);
	for (i = 0; i < b.len; i++)
		assert_int_equal(b.s[i], 0);
	buf_reset(&b);
	memset(s, 'z', B58_MAX_INPUT + 1);
	assert_int_equal(b58_decode(s, B58_MAX_INPUT, &b, &e), 0);
	assert_int_equal(b58_decode(s, B58_MAX_INPUT + 1, &b, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	buf_release(&b);
	free(s);
}

/* UTF-8 characters: each form's length and code point, and each way a
 * byte sequence fails to be one. */
static void test_utf8_char(void **state)
{
	static const struct {
		const char *s;
		size_t n, want;
		uint32_t cp;
	} cases[] = {
		{ "A", 1, 1, 0x41 }, { "\x7F", 1, 1, 0x7F }, { "", 1, 1, 0 },
		{ "\xC2\x80", 2, 2, 0x80 }, { "\xC3\xA9", 2, 2, 0xE9 },
		{ "\xE2\x80\xAE", 3, 3, 0x202E }, { "\xEF\xBF\xBF", 3, 3, 0xFFFF },
		{ "\xF0\x9D\x84\x9E", 4, 4, 0x1D11E }, { "\xF4\x8F\xBF\xBF", 4, 4, 0x10FFFF },
		{ "\x80", 1, 0, 0 },			/* a continuation byte first */
		{ "\xC0\x80", 2, 0, 0 },		/* overlong U+0000 */
		{ "\xC1\xBF", 2, 0, 0 },		/* overlong U+007F */
		{ "\xE0\x9F\xBF", 3, 0, 0 },		/* overlong U+07FF */
		{ "\xF0\x8F\xBF\xBF", 4, 0, 0 },	/* overlong U+FFFF */
		{ "\xED\xA0\x80", 3, 0, 0 },		/* a surrogate */
		{ "\xF4\x90\x80\x80", 4, 0, 0 },	/* past U+10FFFF */
		{ "\xF5\x80\x80\x80", 4, 0, 0 },
		{ "\xE2\x82", 2, 0, 0 },		/* cut short */
		{ "\xC3\x28", 2, 0, 0 },		/* no continuation */
		{ "\xFF", 1, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint32_t cp = 0xDEAD;
		size_t got = utf8_char(cases[i].s, cases[i].n, &cp);

		if (got != cases[i].want)
			fail_msg("case %zu: length %zu, want %zu", i, got, cases[i].want);
		if (got && cp != cases[i].cp)
			fail_msg("case %zu: U+%04X, want U+%04X", i, (unsigned)cp, (unsigned)cases[i].cp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_b64),
		cmocka_unit_test(test_b64url),
		cmocka_unit_test(test_b58),
		cmocka_unit_test(test_multibase_decode),
		cmocka_unit_test(test_multibase_encode),
		cmocka_unit_test(test_did_key_header),
		cmocka_unit_test(test_multibase_round_trip),
		cmocka_unit_test(test_failure_keeps_buffer),
		cmocka_unit_test(test_append_and_max),
		cmocka_unit_test(test_length_not_nul),
		cmocka_unit_test(test_b58_limits),
		cmocka_unit_test(test_utf8_char),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
