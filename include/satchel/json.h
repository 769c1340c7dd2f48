/* json.h — strict JSON for outside bytes, and small jansson helpers.
 *
 * Credentials are parsed strictly: duplicate keys rejected (a signed
 * document with two meanings is refused), a UTF-8 BOM tolerated, a size
 * limit and a nesting limit.  jansson stays at the boundary: callers get
 * json_t references they own and must json_decref.
 */
#ifndef SATCHEL_JSON_H
#define SATCHEL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "satchel/buf.h"
#include "satchel/err.h"

#define JSON_MAX_BYTES  (8u * 1024 * 1024)
#define JSON_MAX_DEPTH  64

/* Parses data[0..len) as one JSON value with the limits above.  Returns a
 * new reference, or NULL with ERR_PARSE / ERR_TOOBIG and a message that
 * names line and column. */
json_t *json_strict_load(const char *data, size_t len, struct err *err);
/* The fast reader json_strict_load tries first (src/util/jsonfast.c): the
 * value jansson would give with JSON_REJECT_DUPLICATES | JSON_DECODE_ANY
 * (a new reference), or NULL for anything else (nesting deeper than
 * JSON_MAX_DEPTH included), without a reason.  One difference: an
 * integer beyond json_int_t, which jansson refuses, becomes the nearest
 * double, as JavaScript reads it (issuers sign such numbers).  No BOM
 * handling: use json_strict_load. */
json_t *json_fast_load(const char *data, size_t len);

/* Borrowed string value of obj[key], or NULL when absent or not a string. */
const char *json_str(const json_t *obj, const char *key);

/* True when v is the string s, or an array containing the string s. */
int json_has_string(const json_t *v, const char *s);

/* A JSON string of s, which need not be UTF-8 (a file name in another
 * encoding, a message cut inside a character): each byte that is not
 * part of a UTF-8 character becomes U+FFFD, where json_string would give
 * NULL and take a whole report or record down with it.  NULL for NULL
 * (so that json_pack's "o?" leaves the key out); a new reference. */
json_t *json_string_lossy(const char *s);

/* Serialises v with jansson's dump flags; the caller owns the text and
 * frees it with free() (never json_dumps' result: see jsonpool.h).  NULL
 * when v cannot be serialised. */
char *json_text(const json_t *v, size_t flags);
/* Appends that text to b as it reads nested depth levels deep in an
 * indented document (each line after the first indented depth more
 * times); 0, or -1 with b unchanged. */
int json_text_add(struct buf *b, const json_t *v, size_t flags, size_t depth);

/* JSON written piece by piece, in exactly the layout json_text_add gives
 * the same value with JSON_INDENT(indent) (0: on one line), for a
 * producer that would otherwise build a jansson value only to print it.
 * Keys come in the order given; strings need not be UTF-8 (as
 * json_string_lossy), NULL is null.  failed is set when b refused data.
 *
 *	json_out_init(&o, b, 2, depth);
 *	json_out_open(&o, '{');
 *	json_out_key(&o, "k"); json_out_string(&o, "v");
 *	json_out_key(&o, "a"); json_out_open(&o, '[');
 *	json_out_item(&o); json_out_string(&o, "x");
 *	json_out_close(&o, ']');
 *	json_out_close(&o, '}');
 */
struct json_out {
	struct buf *b;
	size_t indent, depth;
	uint64_t items;		/* bit d: the container of items at depth d has one */
	int compact;		/* JSON_COMPACT (json_text_add's, not json_out_init's) */
	int failed;
};

void json_out_init(struct json_out *o, struct buf *b, size_t indent, size_t depth);
void json_out_open(struct json_out *o, char bracket);
void json_out_close(struct json_out *o, char bracket);
void json_out_key(struct json_out *o, const char *key);
void json_out_item(struct json_out *o);
void json_out_string(struct json_out *o, const char *s);
/* Serialises v compactly with keys in insertion order; caller owns it. */
char *json_dump_compact(const json_t *v);

#endif
