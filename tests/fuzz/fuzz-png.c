/* fuzz-png.c — libFuzzer target for baked PNG credentials (src/cred/png.c).
 *
 * Properties checked, besides "no crash, leak or hang":
 * - a credential that extracts bakes back and extracts to the same bytes;
 * - any image png_bake accepts gives back exactly the text baked into it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_bake(const uint8_t *img, size_t len, enum baked_gen gen,
		       const char *text, size_t tlen, int must_bake)
{
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;
	struct buf out;

	buf_init(&out, 0);
	if (png_bake(img, len, gen, text, tlen, &out, &e) < 0) {
		if (must_bake)
			abort();
		buf_release(&out);
		return;
	}
	if (png_extract((const uint8_t *)out.s, out.len, &b, &e) < 0)
		abort();
	if (b.image != BAKED_PNG || b.gen != gen || b.len != tlen || memcmp(b.text, text, tlen) ||
	    b.legacy_text)
		abort();
	baked_release(&b);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char json[] = "{\"a\":\"]]>\"}";
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;

	if (png_extract(data, size, &b, &e) == 0)
		check_bake(data, size, b.gen, b.text, b.len, 1);
	baked_release(&b);
	check_bake(data, size, BAKED_CLR, json, sizeof(json) - 1, 0);
	return 0;
}
