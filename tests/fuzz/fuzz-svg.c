/* fuzz-svg.c — libFuzzer target for baked SVG credentials (src/cred/svg.c).
 *
 * Properties checked, besides "no crash, leak or hang":
 * - a credential that extracts bakes back and extracts to the same bytes
 *   (extraction trims, so what it returns is what baking keeps);
 * - any image svg_bake accepts gives back exactly the text baked into it,
 *   in the body (JSON) or in the verify attribute (anything else).
 */
#include "bake-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* JSON goes into the body, anything else into the verify attribute. */
static int svg_as_baked(const struct baked *b, const char *text)
{
	return b->from_attr == (text[0] != '{');
}

static const struct bake_kind svg = { BAKED_SVG, svg_bake, svg_extract, svg_as_baked };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char json[] = "{\"a\":\"]]>]]]]><![CDATA[\"}";
	static const char jws[] = "a.b&c<d\"e'f>\tg";
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;

	(void)svg_is_svg(data, size);
	if (svg_extract(data, size, &b, &e) == 0)
		check_bake(&svg, data, size, b.gen, b.text, b.len, 1);
	baked_release(&b);
	check_bake(&svg, data, size, size & 1 ? BAKED_OB2 : BAKED_OB3, json, sizeof(json) - 1, 0);
	check_bake(&svg, data, size, BAKED_CLR, jws, sizeof(jws) - 1, 0);
	return 0;
}
