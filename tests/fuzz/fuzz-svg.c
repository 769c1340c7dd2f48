/* fuzz-svg.c — libFuzzer target for baked SVG credentials (src/cred/svg.c).
 *
 * Properties checked, besides "no crash, leak or hang":
 * - a credential that extracts bakes back and extracts to the same bytes
 *   (extraction trims, so what it returns is what baking keeps);
 * - any image svg_bake accepts gives back exactly the text baked into it,
 *   in the body (JSON) or in the verify attribute (anything else).
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
	if (svg_bake(img, len, gen, text, tlen, &out, &e) < 0) {
		if (must_bake)
			abort();
		buf_release(&out);
		return;
	}
	if (svg_extract((const uint8_t *)out.s, out.len, &b, &e) < 0)
		abort();
	if (b.image != BAKED_SVG || b.gen != gen || b.len != tlen || memcmp(b.text, text, tlen) ||
	    b.from_attr != (text[0] != '{'))
		abort();
	baked_release(&b);
	buf_release(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char json[] = "{\"a\":\"]]>]]]]><![CDATA[\"}";
	static const char jws[] = "a.b&c<d\"e'f>\tg";
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;

	(void)svg_is_svg(data, size);
	if (svg_extract(data, size, &b, &e) == 0)
		check_bake(data, size, b.gen, b.text, b.len, 1);
	baked_release(&b);
	check_bake(data, size, size & 1 ? BAKED_OB2 : BAKED_OB3, json, sizeof(json) - 1, 0);
	check_bake(data, size, BAKED_CLR, jws, sizeof(jws) - 1, 0);
	return 0;
}
