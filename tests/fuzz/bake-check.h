/* bake-check.h — the round trip that fuzz-png.c and fuzz-svg.c check:
 * text baked into an image extracts as exactly that text, of the same
 * generation, from the same kind of image.  Each target says what else
 * its format records about the text (as_baked). */
#ifndef SATCHEL_FUZZ_BAKE_CHECK_H
#define SATCHEL_FUZZ_BAKE_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/err.h"

struct bake_kind {
	enum baked_image image;
	int (*bake)(const uint8_t *img, size_t len, enum baked_gen gen, const char *text,
		    size_t tlen, struct buf *out, struct err *err);
	int (*extract)(const uint8_t *data, size_t len, struct baked *out, struct err *err);
	int (*as_baked)(const struct baked *b, const char *text);
};

/* Bakes text into img and extracts it again; aborts when the round trip
 * changes anything, or when must_bake and baking refused. */
static void check_bake(const struct bake_kind *k, const uint8_t *img, size_t len,
		       enum baked_gen gen, const char *text, size_t tlen, int must_bake)
{
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf out;

	buf_init(&out, 0);
	if (k->bake(img, len, gen, text, tlen, &out, &e) < 0) {
		if (must_bake)
			abort();
		buf_release(&out);
		return;
	}
	if (k->extract((const uint8_t *)out.s, out.len, &b, &e) < 0)
		abort();
	if (b.image != k->image || b.gen != gen || b.len != tlen || memcmp(b.text, text, tlen) ||
	    !k->as_baked(&b, text))
		abort();
	baked_release(&b);
	buf_release(&out);
}

#endif
