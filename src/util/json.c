/* json.c — strict JSON loading for outside bytes (include/satchel/json.h). */
#include <string.h>
#include "satchel/buf.h"
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
	v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
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

/* json_dumps' text comes from jansson's allocator (the pool, once
 * installed), which free() must not see; this text is malloc's. */
char *json_text(const json_t *v, size_t flags)
{
	struct buf b;

	buf_init(&b, 0);
	if (json_dump_callback(v, to_buf, &b, flags) < 0 || buf_addc(&b, '\0', NULL) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

char *json_dump_compact(const json_t *v)
{
	return json_text(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
}
