/* png.c — credentials baked into PNG images (SPECS.md §2.1, §2.2, §2.4).
 *
 * The file is walked chunk by chunk and every CRC is checked before any
 * chunk is believed.  A credential lives in a text chunk whose keyword
 * names the generation; only the uncompressed iTXt form is written, and
 * the legacy tEXt form (a URL, pre-spec OB 1.x) is still read.
 *
 * Bytes after IEND are not part of the image: extraction ignores them
 * (as libpng does) and baking drops them, so a baked image never carries
 * a hidden trailer.
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/err.h"
#include "satchel/xalloc.h"

#define PNG_MAX_IMAGE	((size_t)32 << 20)
#define PNG_MAX_TEXT	((size_t)8 << 20)
#define PNG_MAX_CHUNK	0x7fffffffu	/* the spec's bound on a chunk length */
#define PNG_MAX_KEYWORD	79

static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static const struct png_key {
	const char *keyword;
	enum baked_gen gen;
} png_keys[] = {
	{ "openbadges", BAKED_OB2 },
	{ "openbadgecredential", BAKED_OB3 },
	{ "clrcredential", BAKED_CLR },
};

struct png_chunk {
	size_t off;		/* offset of the length field in the file */
	size_t size;		/* length + type + data + CRC */
	uint32_t len;
	char type[5];
	const uint8_t *data;
};

/* What extraction found so far; text points into the image. */
struct png_found {
	size_t count;
	const struct png_key *key;
	const char *type;
	const uint8_t *text;
	size_t len;
	int latin1;
};

typedef int png_chunk_fn(const struct png_chunk *c, void *ctx, struct err *err);
typedef int png_text_fn(const struct png_chunk *c, size_t kwlen,
			struct png_found *f, struct err *err);

static int png_read_itxt(const struct png_chunk *c, size_t kwlen,
			 struct png_found *f, struct err *err);
static int png_read_text(const struct png_chunk *c, size_t kwlen,
			 struct png_found *f, struct err *err);
static int png_read_ztxt(const struct png_chunk *c, size_t kwlen,
			 struct png_found *f, struct err *err);

/* The chunk types that can carry a keyword, hence a credential. */
static const struct png_text_type {
	const char *type;
	png_text_fn *read;
} png_text_types[] = {
	{ "iTXt", png_read_itxt },
	{ "tEXt", png_read_text },
	{ "zTXt", png_read_ztxt },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t png_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void png_put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* Drops whatever a failed bake appended, so out is as the caller gave it. */
static void png_truncate(struct buf *b, size_t len)
{
	if (b->len > len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

/* Only the signature: png_extract() checks the rest. */
int png_is_png(const uint8_t *data, size_t len)
{
	return data && len >= sizeof(png_sig) && !memcmp(data, png_sig, sizeof(png_sig));
}

/* Chunk types are four ASCII letters; anything else means we are lost. */
static int png_type_ok(const char *t)
{
	for (int i = 0; i < 4; i++) {
		unsigned char c = t[i] & ~0x20;

		if (c < 'A' || c > 'Z')
			return 0;
	}
	return 1;
}

static int png_read_chunk(const uint8_t *d, size_t len, size_t pos,
			  struct png_chunk *c, struct err *err)
{
	size_t left = len - pos;
	uLong crc;

	if (!left)
		return err_set(err, ERR_PARSE, "no IEND chunk");
	if (left < 12)
		return err_set(err, ERR_PARSE, "truncated chunk at byte %zu", pos);
	c->len = png_get32(d + pos);
	memcpy(c->type, d + pos + 4, 4);
	c->type[4] = '\0';
	if (!png_type_ok(c->type))
		return err_set(err, ERR_PARSE, "bad chunk type at byte %zu", pos);
	if (c->len > PNG_MAX_CHUNK)
		return err_set(err, ERR_PARSE, "'%s' chunk length %lu too large",
			       c->type, (unsigned long)c->len);
	if (c->len > left - 12)
		return err_set(err, ERR_PARSE, "truncated '%s' chunk at byte %zu", c->type, pos);
	c->off = pos;
	c->size = (size_t)c->len + 12;
	c->data = d + pos + 8;
	crc = crc32(0, d + pos + 4, 4 + c->len);
	if (crc != png_get32(c->data + c->len))
		return err_set(err, ERR_PARSE, "'%s' chunk at byte %zu: CRC mismatch", c->type, pos);
	return 0;
}

/* IHDR comes first and only once: baking inserts right after it. */
static int png_check_ihdr(const struct png_chunk *c, int first, struct err *err)
{
	int ihdr = !strcmp(c->type, "IHDR");

	if (first && !ihdr)
		return err_set(err, ERR_PARSE, "first chunk is not IHDR");
	if (!first && ihdr)
		return err_set(err, ERR_PARSE, "second IHDR chunk at byte %zu", c->off);
	if (first && c->len != 13)
		return err_set(err, ERR_PARSE, "IHDR chunk of %lu bytes", (unsigned long)c->len);
	return 0;
}

/* Checks the whole structure (signature, one IHDR and first, every CRC,
 * IEND) and calls fn on each chunk up to and including IEND. */
static int png_walk(const uint8_t *d, size_t len, png_chunk_fn *fn, void *ctx,
		    struct err *err)
{
	struct png_chunk c;
	size_t pos = sizeof(png_sig);

	if (len > PNG_MAX_IMAGE)
		return err_set(err, ERR_TOOBIG, "image of %zu bytes exceeds %zu", len, PNG_MAX_IMAGE);
	if (!png_is_png(d, len))
		return err_set(err, ERR_PARSE, "not a PNG image (bad signature)");
	for (;;) {
		if (png_read_chunk(d, len, pos, &c, err) < 0)
			return -1;
		if (png_check_ihdr(&c, pos == sizeof(png_sig), err) < 0 || fn(&c, ctx, err) < 0)
			return -1;
		if (!strcmp(c.type, "IEND"))
			return 0;
		pos += c.size;
	}
}

static const struct png_text_type *png_text_type_of(const struct png_chunk *c)
{
	for (size_t i = 0; i < ARRAY_SIZE(png_text_types); i++)
		if (!strcmp(c->type, png_text_types[i].type))
			return &png_text_types[i];
	return NULL;
}

/* The credential keyword a text chunk carries, or NULL.  A keyword that
 * runs to the end of the data (no NUL) still counts: such a chunk is
 * damaged, and must neither be skipped when reading nor kept on re-bake. */
static const struct png_key *png_key_of(const struct png_chunk *c, size_t *kwlen)
{
	size_t n = c->len < PNG_MAX_KEYWORD + 1 ? c->len : PNG_MAX_KEYWORD + 1;
	const uint8_t *nul = memchr(c->data, '\0', n);

	*kwlen = nul ? (size_t)(nul - c->data) : c->len;
	if (!png_text_type_of(c))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(png_keys); i++)
		if (strlen(png_keys[i].keyword) == *kwlen &&
		    !memcmp(c->data, png_keys[i].keyword, *kwlen))
			return &png_keys[i];
	return NULL;
}

/* iTXt: keyword 0 flag method lang 0 translated 0 text. */
static int png_read_itxt(const struct png_chunk *c, size_t kwlen,
			 struct png_found *f, struct err *err)
{
	const uint8_t *p = c->data + kwlen + 1, *end = c->data + c->len;

	if (kwlen >= c->len || end - p < 2)
		return err_set(err, ERR_PARSE, "malformed '%.*s' iTXt chunk", (int)kwlen, c->data);
	if (p[0] == 1)
		return err_set(err, ERR_FORMAT, "compressed iTXt not allowed");
	if (p[0] != 0)
		return err_set(err, ERR_PARSE, "bad iTXt compression flag %u", p[0]);
	p += 2;
	for (int field = 0; field < 2; field++) {	/* language tag, translated keyword */
		const uint8_t *nul = memchr(p, '\0', end - p);

		if (!nul)
			return err_set(err, ERR_PARSE, "malformed '%.*s' iTXt chunk",
				       (int)kwlen, c->data);
		p = nul + 1;
	}
	f->text = p;
	f->len = end - p;
	f->latin1 = 0;
	return 0;
}

/* tEXt: keyword 0 text, in Latin-1. */
static int png_read_text(const struct png_chunk *c, size_t kwlen,
			 struct png_found *f, struct err *err)
{
	if (kwlen >= c->len)
		return err_set(err, ERR_PARSE, "malformed '%.*s' tEXt chunk", (int)kwlen, c->data);
	f->text = c->data + kwlen + 1;
	f->len = c->len - kwlen - 1;
	f->latin1 = 1;
	return 0;
}

static int png_read_ztxt(const struct png_chunk *c, size_t kwlen,
			 struct png_found *f, struct err *err)
{
	(void)f;
	return err_set(err, ERR_FORMAT, "compressed zTXt '%.*s' chunk not allowed",
		       (int)kwlen, c->data);
}

static int png_find_cb(const struct png_chunk *c, void *ctx, struct err *err)
{
	struct png_found *f = ctx, one;
	const struct png_text_type *tt = png_text_type_of(c);
	const struct png_key *key;
	size_t kwlen;

	key = png_key_of(c, &kwlen);
	if (!key)
		return 0;
	/* Every credential chunk is read, so that a damaged or compressed
	 * second one is reported rather than silently shadowed. */
	if (tt->read(c, kwlen, &one, err) < 0)
		return -1;
	if (f->count++)
		return 0;
	f->key = key;
	f->type = tt->type;
	f->text = one.text;
	f->len = one.len;
	f->latin1 = one.latin1;
	return 0;
}

/* Returns a heap copy of Latin-1 text as UTF-8 (tEXt is Latin-1;
 * everything above us expects UTF-8); the caller owns it. */
static char *png_latin1_to_utf8(const uint8_t *s, size_t len, size_t *outlen)
{
	char *out = xmalloc(2 * len + 1), *p = out;

	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x80) {
			*p++ = s[i];
		} else {
			*p++ = (char)(0xc0 | s[i] >> 6);
			*p++ = (char)(0x80 | (s[i] & 0x3f));
		}
	}
	*p = '\0';
	*outlen = p - out;
	return out;
}

static int png_take_text(const struct png_found *f, struct baked *out, struct err *err)
{
	char *text;
	size_t len;

	if (!f->len)
		return err_set(err, ERR_NOTFOUND, "empty '%s' %s chunk", f->key->keyword, f->type);
	if (memchr(f->text, '\0', f->len))
		return err_set(err, ERR_PARSE, "'%s' %s chunk: NUL byte in credential text",
			       f->key->keyword, f->type);
	if (f->len > PNG_MAX_TEXT)
		return err_set(err, ERR_TOOBIG, "credential text exceeds %zu bytes", PNG_MAX_TEXT);
	if (f->latin1) {
		text = png_latin1_to_utf8(f->text, f->len, &len);
	} else {
		text = xstrndup((const char *)f->text, f->len);
		len = f->len;
	}
	if (len > PNG_MAX_TEXT) {
		free(text);
		return err_set(err, ERR_TOOBIG, "credential text exceeds %zu bytes", PNG_MAX_TEXT);
	}
	out->image = BAKED_PNG;
	out->gen = f->key->gen;
	out->text = text;
	out->len = len;
	out->from_attr = 0;
	out->legacy_text = f->latin1;
	return 0;
}

/* data is borrowed.  On success *out is filled and the caller owns
 * out->text (baked_release()); on error *out is untouched. */
int png_extract(const uint8_t *data, size_t len, struct baked *out, struct err *err)
{
	struct png_found f = { 0 };

	if (png_walk(data, len, png_find_cb, &f, err) < 0)
		return -1;
	if (!f.count)
		return err_set(err, ERR_NOTFOUND, "no baked credential in PNG image");
	if (f.count > 1)
		return err_set(err, ERR_AMBIGUOUS, "%zu baked credential chunks in PNG image",
			       f.count);
	return png_take_text(&f, out, err);
}

/* ---- baking ---------------------------------------------------------- */

struct png_bake_ctx {
	struct buf *out;
	const char *keyword;
	const char *text;
	size_t tlen;
};

/* One uncompressed iTXt: keyword, then NUL, flag 0, method 0, empty
 * language tag and translated keyword (five zero bytes), then the text. */
static int png_put_itxt(struct png_bake_ctx *bc, struct err *err)
{
	static const uint8_t zeros[5];
	size_t kwlen = strlen(bc->keyword);
	uint8_t head[8], tail[4];
	uLong crc;

	png_put32(head, (uint32_t)(kwlen + sizeof(zeros) + bc->tlen));
	memcpy(head + 4, "iTXt", 4);
	crc = crc32(0, head + 4, 4);
	crc = crc32(crc, (const Bytef *)bc->keyword, kwlen);
	crc = crc32(crc, zeros, sizeof(zeros));
	crc = crc32(crc, (const Bytef *)bc->text, bc->tlen);
	png_put32(tail, (uint32_t)crc);
	if (buf_add(bc->out, head, sizeof(head), err) < 0 ||
	    buf_add(bc->out, bc->keyword, kwlen, err) < 0 ||
	    buf_add(bc->out, zeros, sizeof(zeros), err) < 0 ||
	    buf_add(bc->out, bc->text, bc->tlen, err) < 0 ||
	    buf_add(bc->out, tail, sizeof(tail), err) < 0)
		return -1;
	return 0;
}

static int png_bake_cb(const struct png_chunk *c, void *ctx, struct err *err)
{
	struct png_bake_ctx *bc = ctx;
	size_t kwlen;

	if (png_key_of(c, &kwlen))
		return 0;	/* an old credential, of any generation: dropped */
	if (buf_add(bc->out, c->data - 8, c->size, err) < 0)
		return -1;
	if (c->off == sizeof(png_sig))	/* IHDR, png_walk() made sure */
		return png_put_itxt(bc, err);
	return 0;
}

static const char *png_keyword_of(enum baked_gen gen)
{
	for (size_t i = 0; i < ARRAY_SIZE(png_keys); i++)
		if (png_keys[i].gen == gen)
			return png_keys[i].keyword;
	return NULL;
}

/* img and text are borrowed; the result is appended to the caller's out,
 * which is left as it was on error.  text is baked byte for byte. */
int png_bake(const uint8_t *img, size_t len, enum baked_gen gen,
	     const char *text, size_t tlen, struct buf *out, struct err *err)
{
	struct png_bake_ctx bc = { out, png_keyword_of(gen), text, tlen };
	size_t start = out->len;

	if (!bc.keyword)
		return err_set(err, ERR_USAGE, "unknown credential generation %d", (int)gen);
	if (!tlen)
		return err_set(err, ERR_USAGE, "empty credential text");
	if (tlen > PNG_MAX_TEXT)
		return err_set(err, ERR_TOOBIG, "credential text exceeds %zu bytes", PNG_MAX_TEXT);
	if (memchr(text, '\0', tlen))
		return err_set(err, ERR_USAGE, "NUL byte in credential text");
	if (buf_add(out, png_sig, sizeof(png_sig), err) < 0 ||
	    png_walk(img, len, png_bake_cb, &bc, err) < 0) {
		png_truncate(out, start);
		return -1;
	}
	return 0;
}
