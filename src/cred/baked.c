/* baked.c — credentials baked into images: dispatch on the image type
 * (include/satchel/baked.h).  The formats themselves are in png.c and
 * svg.c. */
#include <stdlib.h>
#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/err.h"

typedef int baked_extract_fn(const uint8_t *data, size_t len, struct baked *out,
			     struct err *err);
typedef int baked_bake_fn(const uint8_t *img, size_t len, enum baked_gen gen,
			  const char *text, size_t tlen, struct buf *out, struct err *err);

/* PNG first: its signature is exact, the SVG sniff is a heuristic. */
static const struct baked_format {
	int (*is)(const uint8_t *data, size_t len);
	baked_extract_fn *extract;
	baked_bake_fn *bake;
} baked_formats[] = {
	{ png_is_png, png_extract, png_bake },
	{ svg_is_svg, svg_extract, svg_bake },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Frees b->text and resets b to BAKED_INIT, ready for reuse. */
void baked_release(struct baked *b)
{
	free(b->text);
	*b = (struct baked)BAKED_INIT;
}

static const struct baked_format *baked_format_of(const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(baked_formats); i++)
		if (baked_formats[i].is(data, len))
			return &baked_formats[i];
	return NULL;
}

/* Ownership as png_extract()/svg_extract(). */
int baked_extract(const uint8_t *data, size_t len, struct baked *out, struct err *err)
{
	const struct baked_format *f = baked_format_of(data, len);

	if (!f)
		return err_set(err, ERR_FORMAT, "not a PNG or SVG image");
	return f->extract(data, len, out, err);
}

/* Ownership as png_bake()/svg_bake(); the image type is sniffed. */
int baked_bake(const uint8_t *img, size_t len, enum baked_gen gen,
	       const char *text, size_t tlen, struct buf *out, struct err *err)
{
	const struct baked_format *f = baked_format_of(img, len);

	if (!f)
		return err_set(err, ERR_FORMAT, "not a PNG or SVG image");
	return f->bake(img, len, gen, text, tlen, out, err);
}
