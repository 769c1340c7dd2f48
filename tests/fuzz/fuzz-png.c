/* fuzz-png.c — libFuzzer target for baked PNG credentials (src/cred/png.c).
 *
 * Properties checked, besides "no crash, leak or hang":
 * - a credential that extracts bakes back and extracts to the same bytes;
 * - any image png_bake accepts gives back exactly the text baked into it.
 * Each input is also tried with its CRCs repaired: mutations nearly
 * always break them, which would keep the fuzzer out of the chunk data.
 */
#include <zlib.h>
#include "bake-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* New bakes use iTXt only. */
static int png_as_baked(const struct baked *b, const char *text)
{
	(void)text;
	return !b->legacy_text;
}

static const struct bake_kind png = { BAKED_PNG, png_bake, png_extract, png_as_baked };

static void check_image(const uint8_t *data, size_t size)
{
	static const char json[] = "{\"a\":\"]]>\"}";
	struct baked b = BAKED_INIT;
	struct err e = ERR_INIT;

	if (png_extract(data, size, &b, &e) == 0)
		check_bake(&png, data, size, b.gen, b.text, b.len, 1);
	baked_release(&b);
	check_bake(&png, data, size, BAKED_CLR, json, sizeof(json) - 1, 0);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void fix_crcs(uint8_t *p, size_t size)
{
	size_t pos = 8;

	while (pos + 12 <= size) {
		uint32_t len = get32(p + pos);
		uLong crc;

		if (len > size - pos - 12)
			break;
		crc = crc32(0, p + pos + 4, 4 + len);
		p[pos + 8 + len] = crc >> 24;
		p[pos + 9 + len] = crc >> 16;
		p[pos + 10 + len] = crc >> 8;
		p[pos + 11 + len] = crc;
		pos += 12 + (size_t)len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	check_image(data, size);
	if (size < 8)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	fix_crcs(copy, size);
	check_image(copy, size);
	free(copy);
	return 0;
}
