/* json.c — strict JSON loading for outside bytes (include/satchel/json.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "satchel/buf.h"
#include "satchel/codec.h"
#include "satchel/json.h"

/* jansson's own depth limit is a compile-time 2048; a credential never
 * needs more than a few dozen levels, and a shallow limit keeps recursive
 * walkers (JSON-LD expansion, summaries) safe from stack exhaustion. */
static int json_depth_ok(const char *p, size_t len, struct err *err)
{
	size_t i, depth = 0;
	int in_str = 0;

	for (i = 0; i < len; i++) {
		char c = p[i];

		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
			continue;
		}
		if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > JSON_MAX_DEPTH)
				return err_set(err, ERR_PARSE, "JSON nested deeper than %d levels",
					       JSON_MAX_DEPTH);
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
	}
	return 0;
}

json_t *json_strict_load(const char *data, size_t len, struct err *err)
{
	json_error_t je;
	json_t *v;

	if (len > JSON_MAX_BYTES) {
		err_set(err, ERR_TOOBIG, "JSON larger than %u bytes", JSON_MAX_BYTES);
		return NULL;
	}
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;
		len -= 3;
	}
	/* The fast reader refuses nesting deeper than JSON_MAX_DEPTH itself,
	 * so the depth scan only runs before jansson, which decides and says
	 * why for everything the fast reader refuses. */
	if ((v = json_fast_load(data, len)))
		return v;
	if (json_depth_ok(data, len, err) < 0)
		return NULL;
	/* jansson says why the fast reader refused.  It reads integers as
	 * reals here, so that an integer beyond json_int_t, which the fast
	 * reader takes, is not named as the reason when the refusal is further
	 * on (a \u0000, say). */
	v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
		       JSON_DECODE_INT_AS_REAL, &je);
	if (v) {	/* not expected: both readers take the same documents */
		json_decref(v);
		v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	}
	if (!v) {
		err_set(err, ERR_PARSE, "invalid JSON at line %d, column %d: %s",
			je.line, je.column, je.text);
		return NULL;
	}
	return v;
}

const char *json_str(const json_t *obj, const char *key)
{
	json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int json_has_string(const json_t *v, const char *s)
{
	size_t i;
	json_t *e;

	if (json_is_string(v))
		return strcmp(json_string_value(v), s) == 0;
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, e)
		if (json_is_string(e) && strcmp(json_string_value(e), s) == 0)
			return 1;
	return 0;
}

static int to_buf(const char *chunk, size_t n, void *b)
{
	return buf_add(b, chunk, n, NULL);
}

json_t *json_string_lossy(const char *s)
{
	json_t *v;
	struct buf b;
	size_t i = 0, n, k;
	uint32_t cp;

	if (!s)
		return NULL;
	if ((v = json_string(s)))
		return v;
	n = strlen(s);
	buf_init(&b, 0);
	while (i < n) {
		if ((k = utf8_char(s + i, n - i, &cp))) {
			buf_add(&b, s + i, k, NULL);
			i += k;
		} else {
			buf_add(&b, "\xEF\xBF\xBD", 3, NULL);	/* U+FFFD for the byte */
			i++;
		}
	}
	v = json_stringn(b.s, b.len);
	buf_release(&b);
	return v;
}

/* ---- writing ------------------------------------------------------------ */

/* json_text writes JSON itself, in exactly the layout json_dumps gives
 * for the flags it takes (test-buf compares the two on thousands of
 * values): jansson decodes every character of every string to see
 * whether it needs an escape, which made printing a verify report cost
 * half as much as parsing the credential.  Anything else — sorted keys,
 * ASCII-only or slash escapes, a real precision, embedding, a real
 * number, a string that is not UTF-8, nesting deeper than the loader
 * allows — goes to jansson. */
#define WRITE_FLAGS	(JSON_MAX_INDENT | JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY)
#define WRITE_DEPTH	(2 * JSON_MAX_DEPTH)

static void put(struct json_out *o, const char *s, size_t n)
{
	if (buf_add(o->b, s, n, NULL) < 0)
		o->failed = 1;
}

/* Appends n spaces. */
static int add_blanks(struct buf *b, size_t n)
{
	static const char blanks[] = "                                ";
	size_t k;

	for (; n; n -= k) {
		k = n < sizeof(blanks) - 1 ? n : sizeof(blanks) - 1;
		if (buf_add(b, blanks, k, NULL) < 0)
			return -1;
	}
	return 0;
}

/* Before an item at depth: a line break and indentation, or the space
 * that follows a comma when not compact (space set). */
static void put_indent(struct json_out *o, size_t depth, int space)
{
	if (o->indent) {
		put(o, "\n", 1);
		if (add_blanks(o->b, o->indent * depth) < 0)
			o->failed = 1;
	} else if (space && !o->compact) {
		put(o, " ", 1);
	}
}

/* Bytes a string holds as they are: ASCII but the controls, '"' and '\\'
 * (DEL too: jansson writes it raw); the rest are escaped or checked. */
static const unsigned char plain_byte[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x22 '"' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,		/* 0x5C '\\' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/* A string, quoted and escaped as jansson does; -1 when it is not UTF-8
 * (part of it written). */
static int put_string(struct json_out *o, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run, k;
	uint32_t cp;
	char esc[8];

	put(o, "\"", 1);
	while (i < n) {
		for (run = i; run < n && plain_byte[s[run]]; run++)
			;
		put(o, str + i, run - i);
		if ((i = run) == n)
			break;
		if (s[i] >= 0x80) {
			if (!(k = utf8_char(str + i, n - i, &cp)))
				return -1;
			put(o, str + i, k);
			i += k;
			continue;
		}
		switch (s[i]) {
		case '"': put(o, "\\\"", 2); break;
		case '\\': put(o, "\\\\", 2); break;
		case '\b': put(o, "\\b", 2); break;
		case '\f': put(o, "\\f", 2); break;
		case '\n': put(o, "\\n", 2); break;
		case '\r': put(o, "\\r", 2); break;
		case '\t': put(o, "\\t", 2); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", s[i]);
			put(o, esc, 6);
		}
		i++;
	}
	put(o, "\"", 1);
	return 0;
}

/* The bit of o->items for the container whose items are at depth d. */
static uint64_t out_bit(size_t d)
{
	return (uint64_t)1 << (d & 63);
}

void json_out_init(struct json_out *o, struct buf *b, size_t indent, size_t depth)
{
	o->b = b;
	o->indent = indent & JSON_MAX_INDENT;
	o->depth = depth;
	o->items = 0;
	o->compact = 0;
	o->failed = 0;
}

void json_out_open(struct json_out *o, char bracket)
{
	put(o, &bracket, 1);
	o->depth++;
	o->items &= ~out_bit(o->depth);
}

void json_out_close(struct json_out *o, char bracket)
{
	if (o->items & out_bit(o->depth))	/* else "{}" or "[]", as jansson */
		put_indent(o, o->depth - 1, 0);
	put(o, &bracket, 1);
	o->depth--;
}

/* Before a key or an element (o->depth is the items' depth): a comma
 * after the first, then the line break or space. */
void json_out_item(struct json_out *o)
{
	int more = (o->items & out_bit(o->depth)) != 0;

	if (more)
		put(o, ",", 1);
	put_indent(o, o->depth, more);
	o->items |= out_bit(o->depth);
}

/* The ": " after a key, ":" when compact. */
static void put_colon(struct json_out *o)
{
	put(o, ": ", o->compact ? 1 : 2);
}

void json_out_key(struct json_out *o, const char *key)
{
	json_out_item(o);
	json_out_string(o, key);
	put_colon(o);
}

void json_out_string(struct json_out *o, const char *s)
{
	size_t mark = o->b->len;
	json_t *fixed;

	if (!s) {
		put(o, "null", 4);
	} else if (put_string(o, s, strlen(s)) < 0) {	/* not UTF-8 */
		buf_truncate(o->b, mark);
		fixed = json_string_lossy(s);
		put_string(o, json_string_value(fixed), json_string_length(fixed));
		json_decref(fixed);
	}
}

/* v at o->depth; -1 for what jansson must write (see WRITE_FLAGS). */
static int put_value(struct json_out *o, const json_t *v)
{
	const char *k;
	json_t *m;
	size_t i;
	char num[32];

	if (o->depth > WRITE_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_out_open(o, '{');
		json_object_foreach((json_t *)v, k, m) {
			json_out_item(o);
			if (put_string(o, k, strlen(k)) < 0)
				return -1;
			put_colon(o);
			if (put_value(o, m) < 0)
				return -1;
		}
		json_out_close(o, '}');
		return 0;
	case JSON_ARRAY:
		json_out_open(o, '[');
		for (i = 0; i < json_array_size(v); i++) {
			json_out_item(o);
			if (put_value(o, json_array_get(v, i)) < 0)
				return -1;
		}
		json_out_close(o, ']');
		return 0;
	case JSON_STRING:
		return put_string(o, json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		put(o, num, (size_t)snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
					     json_integer_value(v)));
		return 0;
	case JSON_TRUE:
		put(o, "true", 4);
		return 0;
	case JSON_FALSE:
		put(o, "false", 5);
		return 0;
	case JSON_NULL:
		put(o, "null", 4);
		return 0;
	default:	/* reals: jansson's own formatting */
		return -1;
	}
}

/* jansson's text of v for flags, appended to b with each line after the
 * first indented for depth (what json_text_add falls back to). */
static int jansson_text_add(struct buf *b, const json_t *v, size_t flags, size_t depth)
{
	struct buf t;
	size_t i, pad = (flags & JSON_MAX_INDENT) * depth;
	int rc = 0;

	buf_init(&t, 0);
	if (json_dump_callback(v, to_buf, &t, flags) < 0) {
		buf_release(&t);
		return -1;
	}
	for (i = 0; i < t.len && rc == 0; i++) {
		rc = buf_addc(b, t.s[i], NULL);
		if (rc == 0 && t.s[i] == '\n')	/* strings hold no raw newline */
			rc = add_blanks(b, pad);
	}
	buf_release(&t);
	return rc;
}

int json_text_add(struct buf *b, const json_t *v, size_t flags, size_t depth)
{
	struct json_out o;
	size_t mark = b->len;
	int own = v && !(flags & ~(size_t)WRITE_FLAGS) &&
		  ((flags & JSON_ENCODE_ANY) || json_is_object(v) || json_is_array(v));

	json_out_init(&o, b, flags & JSON_MAX_INDENT, depth);
	o.compact = (flags & JSON_COMPACT) != 0;
	if (own && put_value(&o, v) == 0 && !o.failed)
		return 0;
	buf_truncate(b, mark);
	if (v && jansson_text_add(b, v, flags, depth) == 0)
		return 0;
	buf_truncate(b, mark);
	return -1;
}

/* json_dumps' text comes from jansson's allocator (the pool, once
 * installed), which free() must not see; this text is malloc's. */
char *json_text(const json_t *v, size_t flags)
{
	struct buf b;

	buf_init(&b, 0);
	if (json_text_add(&b, v, flags, 0) < 0 || buf_addc(&b, '\0', NULL) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

char *json_dump_compact(const json_t *v)
{
	return json_text(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
}
