/* test-jws.c — compact JWS splitting, sniffing and decoding. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"
#include "satchel/jws.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* RFC 7515 appendix A.1 (HS256): header {"typ":"JWT",\r\n "alg":"HS256"}. */
#define RFC_H "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
#define RFC_P "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv" \
	      "bS9pc19yb290Ijp0cnVlfQ"
#define RFC_S "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
#define RFC_JWS RFC_H "." RFC_P "." RFC_S
#define RFC_SIG_HEX "7418dfb49799e0254ffa607dd8adbbba16d4254d69d6bff05b58055853848d79"

#define H_EDDSA "eyJhbGciOiJFZERTQSJ9"		/* {"alg":"EdDSA"} */
#define P_ISS "eyJpc3MiOiJ4In0"			/* {"iss":"x"} */
#define P_DUP "eyJhIjoxLCJhIjoyfQ"		/* {"a":1,"a":2} */
#define H_DUP "eyJhbGciOiJFZERTQSIsImFsZyI6Im5vbmUifQ"	/* {"alg":"EdDSA","alg":"none"} */
#define X_NOTJSON "bm90IGpzb24"			/* not json */
#define X_ARRAY "WzFd"				/* [1] */
#define X_NUMBER "NDI"				/* 42 */

static void test_split_rfc(void **state)
{
	static const char jws[] = RFC_JWS;
	struct jws_parts p;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(jws_split(jws, strlen(jws), &p, &e), 0);
	assert_ptr_equal(p.header, jws);
	assert_int_equal(p.header_len, strlen(RFC_H));
	assert_ptr_equal(p.payload, jws + strlen(RFC_H) + 1);
	assert_int_equal(p.payload_len, strlen(RFC_P));
	assert_int_equal(p.sig_len, strlen(RFC_S));
	assert_memory_equal(p.sig, RFC_S, p.sig_len);
	/* The signing input is the received bytes, up to the second dot. */
	assert_int_equal(p.signing_input_len, p.header_len + 1 + p.payload_len);
	assert_int_equal(p.signing_input_len, strlen(RFC_H "." RFC_P));
	assert_memory_equal(p.header, RFC_H "." RFC_P, p.signing_input_len);
}

struct split_case {
	const char *in;
	int ok;
	size_t header_len, payload_len, sig_len;	/* when ok */
};

static const struct split_case split_cases[] = {
	{ "a.b.c", 1, 1, 1, 1 },
	{ "a.b.", 1, 1, 1, 0 },			/* empty signature: split allows it */
	{ "  a.b.c\n", 1, 1, 1, 1 },		/* surrounding white space trimmed */
	{ "\r\n\t\f\va.b.c \r\n", 1, 1, 1, 1 },
	{ "AZaz09-_.b.c", 1, 8, 1, 1 },
	{ "", 0 },
	{ " \n ", 0 },
	{ "abc", 0 },				/* one segment */
	{ "a.b", 0 },				/* two */
	{ "a.b.c.d", 0 },			/* four (JWE has five) */
	{ "a.b.c.d.e", 0 },
	{ ".b.c", 0 },				/* empty header */
	{ "a..c", 0 },				/* empty payload */
	{ "..", 0 },
	{ "a.b.c=", 0 },			/* padding is not base64url */
	{ "a=.b.c", 0 },
	{ "a+b.c.d", 0 },			/* standard alphabet */
	{ "a/b.c.d", 0 },
	{ "a.b c.d", 0 },			/* inner white space */
	{ "a.b\n.c", 0 },
	{ "a.\xc3\xa9.c", 0 },			/* non-ASCII */
	{ "{\"a\":1}", 0 },
};

static void test_split_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(split_cases); i++) {
		const struct split_case *c = &split_cases[i];
		struct jws_parts p;
		struct err e = ERR_INIT;
		int rc = jws_split(c->in, strlen(c->in), &p, &e);

		if (!c->ok) {
			if (rc == 0)
				fail_msg("'%s' split but should fail", c->in);
			assert_int_equal(e.code, ERR_PARSE);
			continue;
		}
		if (rc != 0)
			fail_msg("'%s' failed: %s", c->in, e.msg);
		assert_int_equal(p.header_len, c->header_len);
		assert_int_equal(p.payload_len, c->payload_len);
		assert_int_equal(p.sig_len, c->sig_len);
		assert_int_equal(p.signing_input_len, c->header_len + 1 + c->payload_len);
		assert_true(p.header[0] != ' ' && p.header[0] != '\r');
	}
}

/* n bounds the input: a NUL or garbage after it is not looked at. */
static void test_split_length(void **state)
{
	static const char s[] = "a.b.c.d!";
	struct jws_parts p;

	(void)state;
	assert_int_equal(jws_split(s, 5, &p, NULL), 0);
	assert_int_equal(p.sig_len, 1);
	assert_int_equal(jws_split(s, 7, &p, NULL), -1);
}

static const struct {
	const char *in;
	int want;
} sniff_cases[] = {
	{ RFC_JWS, 1 },
	{ " " RFC_JWS "\n", 1 },
	{ H_EDDSA "." P_ISS ".", 1 },
	{ "eyJ.eyJ.x", 1 },		/* a sniff, not a decode */
	{ "a.b.c", 0 },			/* header cannot be a JSON object */
	{ "hello", 0 },
	{ "", 0 },
	{ "{\"@context\":[]}", 0 },
	{ "https://example.org/a.b.c", 0 },
	{ RFC_JWS ".x", 0 },
};

static void test_looks_like(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sniff_cases); i++)
		if (jws_looks_like(sniff_cases[i].in, strlen(sniff_cases[i].in)) !=
		    sniff_cases[i].want)
			fail_msg("jws_looks_like('%s') != %d", sniff_cases[i].in,
				 sniff_cases[i].want);
}

static void test_decode_rfc(void **state)
{
	static const char jws[] = "\n" RFC_JWS "\r\n";
	json_t *h = NULL, *p = NULL;
	struct buf sig;
	struct err e = ERR_INIT;
	char *hex;

	(void)state;
	buf_init(&sig, 0);
	if (jws_decode(jws, strlen(jws), &h, &p, &sig, &e) != 0)
		fail_msg("%s", e.msg);
	assert_string_equal(json_string_value(json_object_get(h, "alg")), "HS256");
	assert_string_equal(json_string_value(json_object_get(h, "typ")), "JWT");
	assert_string_equal(json_string_value(json_object_get(p, "iss")), "joe");
	assert_int_equal(json_integer_value(json_object_get(p, "exp")), 1300819380);
	assert_true(json_is_true(json_object_get(p, "http://example.com/is_root")));
	hex = hex_encode((const uint8_t *)sig.s, sig.len);
	assert_string_equal(hex, RFC_SIG_HEX);
	free(hex);
	json_decref(h);
	json_decref(p);
	buf_release(&sig);
}

static void test_decode_empty_sig(void **state)
{
	static const char jws[] = H_EDDSA "." P_ISS ".";
	json_t *h = NULL, *p = NULL;
	struct buf sig;

	(void)state;
	buf_init(&sig, 0);
	assert_int_equal(jws_decode(jws, strlen(jws), &h, &p, &sig, NULL), 0);
	assert_int_equal(sig.len, 0);
	json_decref(h);
	json_decref(p);
	buf_release(&sig);
}

/* Inputs that split but must not decode. */
static const char *const decode_failures[] = {
	X_NOTJSON "." P_ISS ".AAAA",	/* header not JSON */
	H_EDDSA "." X_NOTJSON ".AAAA",	/* payload not JSON */
	X_ARRAY "." P_ISS ".AAAA",	/* header not an object */
	H_EDDSA "." X_ARRAY ".AAAA",
	H_EDDSA "." X_NUMBER ".AAAA",
	H_EDDSA "." P_DUP ".AAAA",	/* duplicate keys in the payload */
	H_DUP "." P_ISS ".AAAA",	/* ... and in the header */
	"e." P_ISS ".AAAA",		/* header: impossible base64url length */
	H_EDDSA "." P_ISS ".A",		/* signature: impossible length */
	H_EDDSA "." P_ISS ".AB",	/* signature: non-zero trailing bits */
	"e31." P_ISS ".AAAA",		/* header: trailing bits ("e30" is {}) */
	"e30.e30.AAAA" "." "AAAA",	/* four segments */
};

/* On failure nothing reaches the caller: outputs and sig untouched. */
static void test_decode_failures(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(decode_failures); i++) {
		const char *s = decode_failures[i];
		json_t *sentinel = json_object(), *h = sentinel, *p = sentinel;
		struct buf sig;
		struct err e = ERR_INIT;

		buf_init(&sig, 0);
		assert_int_equal(buf_adds(&sig, "xyz", NULL), 0);
		if (jws_decode(s, strlen(s), &h, &p, &sig, &e) == 0)
			fail_msg("'%s' decoded but should fail", s);
		assert_int_equal(e.code, ERR_PARSE);
		assert_true(e.msg[0] != '\0');
		assert_ptr_equal(h, sentinel);
		assert_ptr_equal(p, sentinel);
		assert_int_equal(sig.len, 3);
		assert_string_equal(sig.s, "xyz");
		json_decref(sentinel);
		buf_release(&sig);
	}
}

/* "{}" encodes to "e30": the smallest valid header and payload. */
static void test_decode_minimal(void **state)
{
	json_t *h = NULL, *p = NULL;
	struct buf sig;

	(void)state;
	buf_init(&sig, 0);
	assert_int_equal(buf_adds(&sig, "pre", NULL), 0);
	assert_int_equal(jws_decode("e30.e30.AAAA", 12, &h, &p, &sig, NULL), 0);
	assert_true(json_is_object(h) && json_object_size(h) == 0);
	assert_true(json_is_object(p) && json_object_size(p) == 0);
	assert_int_equal(sig.len, 6);	/* appended after "pre" */
	assert_memory_equal(sig.s, "pre\0\0\0", 6);
	json_decref(h);
	json_decref(p);
	buf_release(&sig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_rfc),
		cmocka_unit_test(test_split_table),
		cmocka_unit_test(test_split_length),
		cmocka_unit_test(test_looks_like),
		cmocka_unit_test(test_decode_rfc),
		cmocka_unit_test(test_decode_empty_sig),
		cmocka_unit_test(test_decode_failures),
		cmocka_unit_test(test_decode_minimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
