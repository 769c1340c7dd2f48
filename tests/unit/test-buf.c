/* test-buf.c — the bounded buffer, strict JSON loading and jansson helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/buf.h"
#include "satchel/json.h"
#include "satchel/jsonpool.h"
#include "satchel/xalloc.h"
#include "testutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The invariants every operation must keep. */
static void check_invariants(const struct buf *b)
{
	assert_non_null(b->s);
	assert_int_equal(b->s[b->len], '\0');
	if (b->cap)
		assert_true(b->len < b->cap);
	if (b->max)
		assert_true(b->len <= b->max);
}

/* ---- struct buf ----------------------------------------------------- */

static void test_init_empty(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_init(&b, 10);
	check_invariants(&b);
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 10);
	buf_reset(&b);		/* on a never-grown buffer */
	check_invariants(&b);
	buf_release(&b);
	check_invariants(&b);
	assert_int_equal(b.max, 10);	/* release keeps the bound */
}

static void test_add_family(void **state)
{
	struct buf b;
	struct err e = ERR_INIT;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_add(&b, "ab\0c", 4, &e), 0);
	check_invariants(&b);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.s, "ab\0c", 4);
	assert_int_equal(buf_add(&b, NULL, 0, &e), 0);		/* nothing is fine */
	assert_int_equal(buf_adds(&b, "de", &e), 0);
	check_invariants(&b);
	assert_int_equal(buf_addc(&b, 'f', &e), 0);
	check_invariants(&b);
	assert_int_equal(buf_addc(&b, '\0', &e), 0);		/* a NUL is just a byte */
	assert_int_equal(b.len, 8);
	assert_int_equal(buf_addf(&b, &e, "[%d:%s]", 42, "x"), 0);
	check_invariants(&b);
	assert_int_equal(b.len, 14);
	assert_memory_equal(b.s, "ab\0cdef\0[42:x]", 14);
	assert_int_equal(buf_addf(&b, &e, "%s", ""), 0);	/* empty format output */
	assert_int_equal(b.len, 14);
	buf_release(&b);
}

/* Growth past the first allocation keeps the data. */
static void test_grow(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 5000; i++) {
		assert_int_equal(buf_addc(&b, (char)('a' + i % 26), NULL), 0);
		check_invariants(&b);
	}
	assert_int_equal(b.len, 5000);
	for (i = 0; i < 5000; i++)
		assert_int_equal(b.s[i], 'a' + i % 26);
	assert_int_equal(buf_addf(&b, NULL, "%0300d", 7), 0);
	assert_int_equal(b.len, 5300);
	assert_int_equal(b.s[5299], '7');
	assert_int_equal(b.s[5000], '0');
	buf_release(&b);
}

/* Each row: the buffer holds "12345" with max 8; the append must fail
 * with ERR_TOOBIG (or succeed when it fits exactly) and a failure leaves
 * the buffer as it was. */
enum op { OP_ADD, OP_ADDS, OP_ADDC, OP_ADDF, OP_EXTEND, OP_SPACE };

static const struct {
	enum op op;
	const char *arg;
	size_t n;		/* OP_ADD, OP_EXTEND */
	int ok;
} max_cases[] = {
	{ OP_ADD, "abc", 3, 1 },	/* exactly max */
	{ OP_ADD, "abcd", 4, 0 },
	{ OP_ADDS, "abc", 0, 1 },
	{ OP_ADDS, "abcd", 0, 0 },
	{ OP_ADDS, "a very long string indeed", 0, 0 },
	{ OP_ADDF, "abc", 0, 1 },
	{ OP_ADDF, "abcd", 0, 0 },
	{ OP_EXTEND, NULL, 3, 1 },
	{ OP_EXTEND, NULL, 4, 0 },
	{ OP_EXTEND, NULL, (size_t)-1, 0 },	/* overflow */
	{ OP_SPACE, NULL, 3, 1 },
	{ OP_SPACE, NULL, 4, 0 },
	{ OP_SPACE, NULL, (size_t)-1, 0 },	/* overflow */
	{ OP_ADD, "", (size_t)-1 / 2, 0 },	/* far too big, never read */
};

static int run_op(struct buf *b, int row, struct err *e)
{
	switch (max_cases[row].op) {
	case OP_ADD:
		return buf_add(b, max_cases[row].arg, max_cases[row].n, e);
	case OP_ADDS:
		return buf_adds(b, max_cases[row].arg, e);
	case OP_ADDC:
		return buf_addc(b, max_cases[row].arg[0], e);
	case OP_ADDF:
		return buf_addf(b, e, "%s", max_cases[row].arg);
	case OP_EXTEND:
		return buf_extend(b, max_cases[row].n, e) ? 0 : -1;
	case OP_SPACE:
		return buf_space(b, max_cases[row].n, e) ? 0 : -1;
	}
	return -1;
}

static void test_max_limit(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(max_cases); i++) {
		struct buf b;
		struct err e = ERR_INIT;
		size_t cap;
		int rc;

		buf_init(&b, 8);
		assert_int_equal(buf_adds(&b, "12345", NULL), 0);
		cap = b.cap;
		rc = run_op(&b, (int)i, &e);
		check_invariants(&b);
		if (max_cases[i].ok) {
			if (rc != 0)
				fail_msg("row %zu failed: %s", i, e.msg);
			assert_int_equal(b.len, 8);
		} else {
			if (rc == 0)
				fail_msg("row %zu: append past max succeeded", i);
			assert_int_equal(e.code, ERR_TOOBIG);
			assert_int_equal(b.len, 5);
			assert_int_equal(b.cap, cap);
			assert_string_equal(b.s, "12345");
		}
		buf_release(&b);
	}
}

static void test_addc_at_max(void **state)
{
	struct buf b;
	struct err e = ERR_INIT;

	(void)state;
	buf_init(&b, 2);
	assert_int_equal(buf_addc(&b, 'a', &e), 0);
	assert_int_equal(buf_addc(&b, 'b', &e), 0);
	assert_int_equal(buf_addc(&b, 'c', &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_string_equal(b.s, "ab");
	check_invariants(&b);
	buf_release(&b);
}

static void test_detach(void **state)
{
	struct buf b;
	size_t len = 99;
	char *s;

	(void)state;
	/* An empty buffer still hands out a heap string the caller frees. */
	buf_init(&b, 100);
	s = buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);

	assert_int_equal(buf_adds(&b, "hello", NULL), 0);
	s = buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	/* b is empty again, usable, and keeps its max. */
	check_invariants(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.max, 100);
	assert_true(b.s != s);
	assert_int_equal(buf_adds(&b, "again", NULL), 0);
	assert_string_equal(b.s, "again");
	assert_string_equal(s, "hello");	/* the detached copy is untouched */
	free(s);
	s = buf_detach(&b, NULL);		/* len may be NULL */
	assert_string_equal(s, "again");
	free(s);
	buf_release(&b);
}

static void test_reset(void **state)
{
	struct buf b;
	size_t cap;

	(void)state;
	buf_init(&b, 50);
	assert_int_equal(buf_adds(&b, "some text", NULL), 0);
	cap = b.cap;
	buf_reset(&b);
	check_invariants(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	assert_int_equal(b.cap, cap);	/* allocation kept */
	assert_int_equal(b.max, 50);
	assert_int_equal(buf_adds(&b, "new", NULL), 0);
	assert_string_equal(b.s, "new");
	buf_release(&b);
}

/* buf_extend zeroes the new bytes even when the allocation held data. */
static void test_extend_zeroes(void **state)
{
	struct buf b;
	uint8_t *p;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 100; i++)
		assert_int_equal(buf_addc(&b, 'Z', NULL), 0);
	buf_reset(&b);
	assert_int_equal(buf_adds(&b, "ab", NULL), 0);
	p = buf_extend(&b, 50, NULL);
	assert_non_null(p);
	assert_ptr_equal(p, b.s + 2);
	assert_int_equal(b.len, 52);
	check_invariants(&b);
	for (i = 0; i < 50; i++)
		assert_int_equal(p[i], 0);
	assert_memory_equal(b.s, "ab", 2);
	/* Zero bytes is fine and returns the end. */
	p = buf_extend(&b, 0, NULL);
	assert_ptr_equal(p, b.s + 52);
	buf_release(&b);
}

/* buf_space appends bytes for the caller to write, after the data. */
static void test_space(void **state)
{
	struct buf b;
	char *p;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "ab", NULL), 0);
	p = buf_space(&b, 3, NULL);
	assert_ptr_equal(p, b.s + 2);
	assert_int_equal(b.len, 5);
	check_invariants(&b);
	memcpy(p, "cde", 3);
	assert_string_equal(b.s, "abcde");
	buf_release(&b);
}

/* Integers beyond json_int_t become the nearest double, as JavaScript
 * reads them (jansson alone refuses them); those within stay integers. */
static void test_big_integers(void **state)
{
	static const char text[] = "[9223372036854775807,9223372036854775808,"
				   "-9223372036854775809,123456789012345678901]";
	json_t *v = json_strict_load(text, sizeof(text) - 1, NULL);

	(void)state;
	assert_non_null(v);
	assert_true(json_is_integer(json_array_get(v, 0)));
	assert_true(json_integer_value(json_array_get(v, 0)) == INT64_MAX);
	assert_true(json_is_real(json_array_get(v, 1)));
	assert_true(json_real_value(json_array_get(v, 1)) == 9223372036854775808.0);
	assert_true(json_real_value(json_array_get(v, 2)) == -9223372036854775808.0);
	assert_true(json_real_value(json_array_get(v, 3)) == 123456789012345678901.0);
	json_decref(v);
}

static void test_release_secure(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "secret", NULL), 0);
	buf_release_secure(&b);
	check_invariants(&b);
	assert_int_equal(b.len, 0);
	buf_release_secure(&b);		/* twice is fine */
}

/* ---- json_strict_load --------------------------------------------------- */

static char *nested(size_t depth, char open, char close)
{
	char *s = malloc(2 * depth + 1);
	size_t i;

	for (i = 0; i < depth; i++) {
		s[i] = open;
		s[2 * depth - 1 - i] = close;
	}
	s[2 * depth] = '\0';
	return s;
}

static const struct {
	const char *in;
	size_t len;		/* 0: strlen */
	int ok;
	enum err_code code;	/* when not ok */
} json_cases[] = {
	{ "{\"a\":1}", 0, 1, 0 },
	{ "{\"a\":1,\"a\":2}", 0, 0, ERR_PARSE },		/* duplicate key */
	{ "{\"a\":{\"b\":1,\"b\":1}}", 0, 0, ERR_PARSE },	/* nested duplicate, same value */
	{ "{\"a\":1,\"A\":2}", 0, 1, 0 },			/* keys are case-sensitive */
	{ "[{\"a\":1},{\"a\":2}]", 0, 1, 0 },			/* same key, other objects */
	{ "\xEF\xBB\xBF{\"a\":1}", 0, 1, 0 },			/* BOM */
	{ "\xEF\xBB\xBF", 0, 0, ERR_PARSE },			/* BOM alone */
	{ "\xEF\xBB\xBF\xEF\xBB\xBF{}", 0, 0, ERR_PARSE },	/* two BOMs */
	{ "{\"a\":1} x", 0, 0, ERR_PARSE },			/* trailing garbage */
	{ "{\"a\":1}{}", 0, 0, ERR_PARSE },			/* two values */
	{ "{\"a\":1}  \n", 0, 1, 0 },				/* trailing space is fine */
	{ "{\"a\":\"\xff\"}", 0, 0, ERR_PARSE },		/* invalid UTF-8 */
	{ "{\"a\":\"\xc3\x28\"}", 0, 0, ERR_PARSE },		/* bad continuation */
	{ "{\"a\":\"\xc0\xaf\"}", 0, 0, ERR_PARSE },		/* overlong */
	{ "{\"a\":\"\xed\xa0\x80\"}", 0, 0, ERR_PARSE },	/* UTF-16 surrogate */
	{ "{\"a\":\"caf\xc3\xa9\"}", 0, 1, 0 },			/* valid UTF-8 */
	{ "{\"a\":1}\0junk", 12, 0, ERR_PARSE },		/* len counts, not NUL */
	{ "{\"a\":1}xx", 7, 1, 0 },				/* bytes past len unread */
	{ "", 0, 0, ERR_PARSE },
	{ "42", 0, 1, 0 },					/* any value */
	{ "\"[[[[\"", 0, 1, 0 },
	{ "{\"a\":1,}", 0, 0, ERR_PARSE },
	/* the fast reader (src/util/jsonfast.c) on what jansson decides */
	{ "[1,-0,0.5,-1.25e-3,1E5,12345678901234]", 0, 1, 0 },	/* integers and reals */
	{ "[9223372036854775807,-9223372036854775808]", 0, 1, 0 },
	/* beyond int64: a real, where jansson refuses (test_big_integers) */
	{ "[1e400]", 0, 0, ERR_PARSE },				/* real overflow */
	{ "[1e-400]", 0, 1, 0 },				/* underflow is 0 */
	{ "[01]", 0, 0, ERR_PARSE },				/* leading zero */
	{ "[1.]", 0, 0, ERR_PARSE },
	{ "[.5]", 0, 0, ERR_PARSE },
	{ "[+1]", 0, 0, ERR_PARSE },
	{ "[1e]", 0, 0, ERR_PARSE },
	{ "[-]", 0, 0, ERR_PARSE },
	{ "[NaN]", 0, 0, ERR_PARSE },
	{ "[truex]", 0, 0, ERR_PARSE },
	{ "[tru]", 0, 0, ERR_PARSE },
	{ "[true,false,null]", 0, 1, 0 },
	{ "\"\\u00e9\\ud83d\\ude00\\n\\/\\\"\"", 0, 1, 0 },	/* escapes, a pair */
	{ "\"\\u0000\"", 0, 0, ERR_PARSE },			/* NUL */
	{ "\"\\ud83d\"", 0, 0, ERR_PARSE },			/* lone high surrogate */
	{ "\"\\ude00\"", 0, 0, ERR_PARSE },			/* lone low surrogate */
	{ "\"\\ud83d\\u0041\"", 0, 0, ERR_PARSE },		/* high then not low */
	{ "\"\\x\"", 0, 0, ERR_PARSE },				/* unknown escape */
	{ "\"\\u12g4\"", 0, 0, ERR_PARSE },
	{ "\"a\tb\"", 0, 0, ERR_PARSE },				/* raw control character */
	{ "\"a\x7f\"", 0, 1, 0 },					/* DEL is allowed */
	{ "\"\xf4\x90\x80\x80\"", 0, 0, ERR_PARSE },		/* above U+10FFFF */
	{ "\"\xf0\x9f\x98\"", 0, 0, ERR_PARSE },			/* truncated sequence */
	{ "{\"\\u0061\":1,\"a\":2}", 0, 0, ERR_PARSE },		/* duplicate through an escape */
	{ "{\"a\" : [ 1 , { } , [ ] ] }", 0, 1, 0 },
	/* an escaped key, then escaped strings that reuse its buffer */
	{ "{\"k\\u00e9y\":\"v\\n1\",\"k\\u00e8\":{\"\\u0041\":\"\\t\"}}", 0, 1, 0 },
	{ "{\"\\u0041\":{\"x\":\"\\u0042\"},\"A\":0}", 0, 0, ERR_PARSE },	/* dup after reuse */
	/* whitespace: runs across and beyond 8-byte words, mixed kinds */
	{ "{\n                    \"a\"  \t\r\n         :\n\t\t\t\t\t\t\t\t\t[ 1 ,\r\n        2 ] \n}\n\n\n\n\n\n\n\n\n", 0, 1, 0 },
	{ "                \v1", 0, 0, ERR_PARSE },			/* \v is not JSON space */
	{ "[1,        \f2]", 0, 0, ERR_PARSE },			/* nor \f */
	{ "{\"a\":1 \"b\":2}", 0, 0, ERR_PARSE },
	{ "{1:2}", 0, 0, ERR_PARSE },
	{ "[1,]", 0, 0, ERR_PARSE },
	{ "\"abc", 0, 0, ERR_PARSE },					/* unterminated */
};

static void test_json_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(json_cases); i++) {
		struct err e = ERR_INIT;
		size_t len = json_cases[i].len ? json_cases[i].len : strlen(json_cases[i].in);
		json_t *v = json_strict_load(json_cases[i].in, len, &e);

		if (json_cases[i].ok) {
			const char *in = json_cases[i].in;
			json_t *ref;

			if (!v)
				fail_msg("row %zu rejected: %s", i, e.msg);
			/* The same value as jansson's own parser gives. */
			if (!strncmp(in, "\xEF\xBB\xBF", 3))
				in += 3, len -= 3;
			ref = json_loadb(in, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
			if (!json_equal(v, ref))
				fail_msg("row %zu: not the value jansson reads", i);
			/* ... and the fast reader gives it, not the fallback. */
			json_decref(ref);
			ref = json_fast_load(in, len);
			if (!json_equal(v, ref))
				fail_msg("row %zu: the fast reader refused it", i);
			json_decref(ref);
			json_decref(v);
			continue;
		}
		if (v) {
			json_decref(v);
			fail_msg("row %zu accepted", i);
		}
		assert_int_equal(e.code, json_cases[i].code);
		assert_true(e.msg[0] != '\0');
	}
}

static void test_json_duplicate_message(void **state)
{
	static const char in[] = "{\n \"a\": 1,\n \"a\": 2\n}";
	struct err e = ERR_INIT;

	(void)state;
	assert_null(json_strict_load(in, strlen(in), &e));
	assert_int_equal(e.code, ERR_PARSE);
	assert_non_null(strstr(e.msg, "line 3"));
}

/* A big integer, which the fast reader takes, is not given as the reason
 * for a refusal further on. */
static void test_json_message_after_big_integer(void **state)
{
	static const char in[] = "{\"n\": 100000000000000000000,\n \"s\": \"a\\u0000b\"}";
	struct err e = ERR_INIT;

	(void)state;
	assert_null(json_strict_load(in, strlen(in), &e));
	assert_int_equal(e.code, ERR_PARSE);
	assert_null(strstr(e.msg, "too big"));
	assert_non_null(strstr(e.msg, "line 2"));
	assert_non_null(strstr(e.msg, "\\u0000"));
}

static const struct {
	size_t depth;
	char open, close;
	int ok;
} depth_cases[] = {
	{ 1, '[', ']', 1 },
	{ 63, '[', ']', 1 },
	{ JSON_MAX_DEPTH, '[', ']', 1 },
	{ JSON_MAX_DEPTH + 1, '[', ']', 0 },
	{ 3000, '[', ']', 0 },		/* beyond jansson's own limit too */
};

static void test_json_depth_arrays(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(depth_cases); i++) {
		char *s = nested(depth_cases[i].depth, depth_cases[i].open, depth_cases[i].close);
		struct err e = ERR_INIT;
		json_t *v = json_strict_load(s, strlen(s), &e);

		if (depth_cases[i].ok) {
			if (!v)
				fail_msg("depth %zu rejected: %s", depth_cases[i].depth, e.msg);
		} else {
			if (v)
				fail_msg("depth %zu accepted", depth_cases[i].depth);
			assert_int_equal(e.code, ERR_PARSE);
		}
		json_decref(v);
		free(s);
	}
}

/* Objects nest too: {"a":{"a":...{}}} at 64 and 65 levels, and brackets
 * inside strings do not count. */
static char *nested_objects(size_t depth, const char *inner)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i + 1 < depth; i++)
		buf_adds(&b, "{\"a\":", NULL);
	buf_addf(&b, NULL, "{\"s\":\"%s\"}", inner);
	for (i = 0; i + 1 < depth; i++)
		buf_addc(&b, '}', NULL);
	return buf_detach(&b, NULL);
}

static void test_json_depth_objects(void **state)
{
	struct err e = ERR_INIT;
	char *s;
	json_t *v;

	(void)state;
	s = nested_objects(JSON_MAX_DEPTH, "[[[[{{{{\\\"[[[");
	v = json_strict_load(s, strlen(s), &e);
	if (!v)
		fail_msg("64 levels rejected: %s", e.msg);
	json_decref(v);
	free(s);

	s = nested_objects(JSON_MAX_DEPTH + 1, "]]]]}}}}");
	assert_null(json_strict_load(s, strlen(s), &e));
	assert_int_equal(e.code, ERR_PARSE);
	assert_non_null(strstr(e.msg, "64"));
	free(s);
}

static void test_json_size_limit(void **state)
{
	size_t n = JSON_MAX_BYTES + 1;
	char *s = malloc(n);
	struct err e = ERR_INIT;
	json_t *v;

	(void)state;
	/* A valid JSON string of exactly the limit is accepted... */
	memset(s, 'a', n);
	s[0] = '"';
	s[n - 2] = '"';
	v = json_strict_load(s, n - 1, &e);
	if (!v)
		fail_msg("%u bytes rejected: %s", JSON_MAX_BYTES, e.msg);
	assert_int_equal(json_string_length(v), JSON_MAX_BYTES - 2);
	json_decref(v);
	/* ...one byte more is refused by size before parsing. */
	s[n - 2] = 'a';
	s[n - 1] = '"';
	assert_null(json_strict_load(s, n, &e));
	assert_int_equal(e.code, ERR_TOOBIG);
	free(s);
}

/* ---- helpers ---------------------------------------------------------- */

static const struct {
	const char *json;	/* NULL: pass NULL */
	const char *s;
	int expected;
} has_cases[] = {
	{ "\"Assertion\"", "Assertion", 1 },
	{ "\"Assertion\"", "assertion", 0 },
	{ "\"AssertionX\"", "Assertion", 0 },
	{ "[\"VerifiableCredential\",\"OpenBadgeCredential\"]", "OpenBadgeCredential", 1 },
	{ "[\"VerifiableCredential\"]", "OpenBadgeCredential", 0 },
	{ "[1, null, {\"a\":\"x\"}, \"x\"]", "x", 1 },
	{ "[[\"x\"]]", "x", 0 },		/* not nested arrays */
	{ "[]", "x", 0 },
	{ "{\"x\":\"x\"}", "x", 0 },
	{ "7", "7", 0 },
	{ "\"\"", "", 1 },
	{ NULL, "x", 0 },
};

static void test_json_has_string(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(has_cases); i++) {
		json_t *v = has_cases[i].json ?
			    json_loads(has_cases[i].json, JSON_DECODE_ANY, NULL) : NULL;

		if (has_cases[i].json)
			assert_non_null(v);
		if (json_has_string(v, has_cases[i].s) != has_cases[i].expected)
			fail_msg("json_has_string(%s, '%s') != %d", has_cases[i].json ?
				 has_cases[i].json : "NULL", has_cases[i].s, has_cases[i].expected);
		json_decref(v);
	}
}

static void test_json_str_and_dump(void **state)
{
	json_t *v = json_loads("{\"b\":\"x\",\"a\":1,\"n\":null}", 0, NULL);
	char *s;

	(void)state;
	assert_string_equal(json_str(v, "b"), "x");
	assert_null(json_str(v, "a"));		/* not a string */
	assert_null(json_str(v, "n"));
	assert_null(json_str(v, "missing"));
	assert_null(json_str(NULL, "b"));
	s = json_dump_compact(v);
	assert_string_equal(s, "{\"b\":\"x\",\"a\":1,\"n\":null}");	/* insertion order */
	free(s);
	json_decref(v);
}

/* A freed block is what the next request of its size class gets; other
 * classes do not take it. */
static void test_json_pool_reuse(void **state)
{
	void *a = json_pool_malloc(24), *b, *c;

	(void)state;
	assert_non_null(a);
	json_pool_free(a);
	b = json_pool_malloc(100);		/* another class */
	assert_ptr_not_equal(a, b);
	c = json_pool_malloc(17);		/* 17..32: a's class */
	assert_ptr_equal(a, c);
	json_pool_free(b);
	json_pool_free(c);
	json_pool_free(NULL);
}

/* Blocks of every size are aligned as malloc's, hold what was written
 * into them while thousands of others are in use, and sizes past the
 * pooled ones come from malloc. */
static void test_json_pool_blocks(void **state)
{
	enum { N = 3000 };
	unsigned char *p[N];
	size_t i, k;

	(void)state;
	for (i = 0; i < N; i++) {
		size_t n = i % 600;

		p[i] = json_pool_malloc(n);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], (int)(i & 0xff), n);
	}
	for (i = 0; i < N; i++)
		for (k = 0; k < i % 600; k++)
			if (p[i][k] != (unsigned char)(i & 0xff))
				fail_msg("block %zu (%zu bytes) changed at byte %zu", i, i % 600, k);
	for (i = 0; i < N; i += 2)
		json_pool_free(p[i]);
	for (i = 0; i < N; i += 2)
		assert_non_null(p[i] = json_pool_malloc(i % 600));
	for (i = 0; i < N; i++)
		json_pool_free(p[i]);
}

/* json_text: jansson's flags, malloc'd text (free() below), strings past
 * the pooled sizes, and NULL for a scalar without JSON_ENCODE_ANY. */
static void test_json_text(void **state)
{
	char long_s[1000];
	json_t *v;
	char *s, *want;

	(void)state;
	memset(long_s, 'q', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	v = json_pack("{s:s, s:[i, b]}", "k", long_s, "a", 1, 1);
	s = json_text(v, JSON_COMPACT | JSON_PRESERVE_ORDER);
	want = xasprintf("{\"k\":\"%s\",\"a\":[1,true]}", long_s);
	assert_string_equal(s, want);
	free(s);
	free(want);
	s = json_text(v, JSON_INDENT(1) | JSON_SORT_KEYS);
	assert_true(!strncmp(s, "{\n \"a\": [\n  1,\n  true\n ],\n \"k\": \"qq", 35));
	free(s);
	json_decref(v);
	v = json_integer(7);
	assert_null(json_text(v, JSON_COMPACT));
	s = json_text(v, JSON_ENCODE_ANY);
	assert_string_equal(s, "7");
	free(s);
	json_decref(v);
}

/* ---- json_text against jansson ------------------------------------------ */

/* Random bytes from a palette that holds everything json_text escapes or
 * checks: controls, quote, backslash, slash, DEL, 2- to 4-byte UTF-8 and
 * (when bad is set) bytes that are not UTF-8. */
static size_t random_text(char *out, size_t max, int bad)
{
	static const char *const pieces[] = {
		"a", "Z", " ", "\"", "\\", "/", "\x7F", "\t", "\n", "\r", "\b", "\f", "\x01",
		"\x1F", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9D\x84\x9E", "\xEF\xBF\xBF", "lorem ",
	};
	static const char *const broken[] = { "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80",
					      "\xE2\x82", "\x80", "\xFF" };
	size_t n = 0, k, len;

	for (k = tu_rand(12); k; k--) {
		const char *p = bad && !tu_rand(4) ? broken[tu_rand(6)] : pieces[tu_rand(19)];

		len = strlen(p);
		if (n + len >= max)
			break;
		memcpy(out + n, p, len);
		n += len;
	}
	if (tu_rand(10) == 0 && n + 1 < max)
		out[n++] = '\0';	/* U+0000 inside a string */
	out[n] = '\0';
	return n;
}

static json_t *random_value(int depth, int bad)
{
	char text[128];
	size_t n, k;
	json_t *v;

	switch (depth > 4 ? 3 + tu_rand(5) : tu_rand(8)) {
	case 0:
	case 1:
		v = json_object();
		for (k = tu_rand(5); k; k--) {
			random_text(text, sizeof(text), 0);
			json_object_set_new(v, text, random_value(depth + 1, bad));
		}
		return v;
	case 2:
		v = json_array();
		for (k = tu_rand(5); k; k--)
			json_array_append_new(v, random_value(depth + 1, bad));
		return v;
	case 3:
	case 4:
		n = random_text(text, sizeof(text), bad);
		return bad ? json_stringn_nocheck(text, n) : json_stringn(text, n);
	case 5:
		return json_integer(tu_rand(3) ? (json_int_t)tu_rand(100000) - 50000 :
				    ((json_int_t)tu_rand(1u << 31) << 31 | tu_rand(1u << 31)) *
				    (tu_rand(2) ? 1 : -1));
	case 6:
		return tu_rand(4) ? json_boolean(tu_rand(2)) : json_null();
	default:
		return tu_rand(3) ? json_real((double)tu_rand(100000) / 7.0) : json_string("");
	}
}

static int buf_sink(const char *chunk, size_t n, void *b)
{
	return buf_add(b, chunk, n, NULL);
}

/* jansson's own text, or NULL where it fails. */
static char *jansson_text(const json_t *v, size_t flags)
{
	struct buf b;

	buf_init(&b, 0);
	if (json_dump_callback(v, buf_sink, &b, flags) < 0) {
		buf_release(&b);
		return NULL;
	}
	buf_addc(&b, '\0', NULL);
	return buf_detach(&b, NULL);
}

/* text with depth levels of indent more after each line break */
static char *indented(const char *text, size_t indent, size_t depth)
{
	struct buf b;
	const char *p;
	size_t k;

	buf_init(&b, 0);
	for (p = text; *p; p++) {
		buf_addc(&b, *p, NULL);
		for (k = 0; *p == '\n' && k < indent * depth; k++)
			buf_addc(&b, ' ', NULL);
	}
	buf_addc(&b, '\0', NULL);
	return buf_detach(&b, NULL);
}

static void assert_same_dump(const json_t *v, size_t flags)
{
	char *mine = json_text(v, flags), *theirs = jansson_text(v, flags), *want;
	struct buf b;

	if (!theirs) {
		assert_null(mine);
	} else {
		assert_non_null(mine);
		assert_string_equal(mine, theirs);
	}
	/* nested two levels deep, after what is already in the buffer */
	buf_init(&b, 0);
	buf_adds(&b, "[[", NULL);
	if (!theirs) {
		assert_int_equal(json_text_add(&b, v, flags, 2), -1);
		assert_string_equal(b.s, "[[");
	} else {
		assert_int_equal(json_text_add(&b, v, flags, 2), 0);
		want = indented(theirs, flags & JSON_MAX_INDENT, 2);
		assert_string_equal(b.s + 2, want);
		free(want);
	}
	buf_release(&b);
	free(mine);
	free(theirs);
}

/* json_text writes what json_dumps writes, byte for byte, for every flag
 * set satchel uses and the ones it hands back to jansson; json_text_add
 * the same nested deeper (its own writer or jansson's text re-indented). */
static void test_json_text_matches_jansson(void **state)
{
	static const size_t flag_sets[] = {
		0, JSON_COMPACT, JSON_INDENT(1), JSON_INDENT(2) | JSON_PRESERVE_ORDER,
		JSON_INDENT(4) | JSON_COMPACT, JSON_INDENT(31), JSON_ENCODE_ANY,
		JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER,
		JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY,
		JSON_SORT_KEYS | JSON_INDENT(2), JSON_ENSURE_ASCII, JSON_ESCAPE_SLASH | JSON_COMPACT,
	};
	json_t *v, *deep;
	size_t i, f;

	(void)state;
	for (i = 0; i < 3000; i++) {
		v = random_value(0, i % 10 == 9);
		for (f = 0; f < sizeof(flag_sets) / sizeof(flag_sets[0]); f++)
			assert_same_dump(v, flag_sets[f]);
		json_decref(v);
	}
	/* Deeper than json_text walks itself: jansson's text all the same. */
	deep = json_array();
	for (i = 0; i < 300; i++) {
		v = json_array();
		json_array_append_new(v, deep);
		deep = v;
	}
	assert_same_dump(deep, JSON_INDENT(1));
	json_decref(deep);
}

/* json_string_lossy: UTF-8 as it is, every other byte U+FFFD. */
static void test_json_string_lossy(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain", "plain" },
		{ "caf\xC3\xA9", "caf\xC3\xA9" },
		{ "bad\xFF.json", "bad\xEF\xBF\xBD.json" },
		{ "cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "\xC0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "", "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *v = json_string_lossy(cases[i].in);

		assert_non_null(v);
		assert_string_equal(json_string_value(v), cases[i].want);
		json_decref(v);
	}
	assert_null(json_string_lossy(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_add_family),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_max_limit),
		cmocka_unit_test(test_addc_at_max),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_extend_zeroes),
		cmocka_unit_test(test_space),
		cmocka_unit_test(test_big_integers),
		cmocka_unit_test(test_release_secure),
		cmocka_unit_test(test_json_rows),
		cmocka_unit_test(test_json_duplicate_message),
		cmocka_unit_test(test_json_message_after_big_integer),
		cmocka_unit_test(test_json_depth_arrays),
		cmocka_unit_test(test_json_depth_objects),
		cmocka_unit_test(test_json_size_limit),
		cmocka_unit_test(test_json_has_string),
		cmocka_unit_test(test_json_str_and_dump),
		cmocka_unit_test(test_json_pool_reuse),
		cmocka_unit_test(test_json_pool_blocks),
		cmocka_unit_test(test_json_text),
		cmocka_unit_test(test_json_text_matches_jansson),
		cmocka_unit_test(test_json_string_lossy),
	};

	/* Every jansson value of these tests goes through the pool, as in
	 * satchel (a no-op under the sanitizers). */
	json_pool_install();

	return cmocka_run_group_tests(tests, NULL, NULL);
}
