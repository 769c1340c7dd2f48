/* baked.h — credentials baked into PNG and SVG images (SPECS.md §2).
 *
 * Extraction never trusts the image: chunks are walked by hand with their
 * CRC-32 checked; SVG is read with a real tokenizer that understands
 * comments, CDATA, processing instructions, quoting and namespace scope,
 * so that a commented-out or differently prefixed element cannot fool it.
 * Baking replaces any existing credential of the same generation and never
 * compresses.
 */
#ifndef SATCHEL_BAKED_H
#define SATCHEL_BAKED_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/buf.h"

enum baked_image { BAKED_PNG = 1, BAKED_SVG };

enum baked_gen {
	BAKED_OB2 = 1,	/* PNG keyword "openbadges"; SVG {http://openbadges.org}assertion */
	BAKED_OB3,	/* "openbadgecredential"; {https://purl.imsglobal.org/ob/v3p0}credential */
	BAKED_CLR,	/* "clrcredential"; {https://purl.imsglobal.org/clr/v2p0}credential */
};

struct baked {
	enum baked_image image;
	enum baked_gen gen;
	char *text;		/* owned, NUL-terminated: the exact baked bytes */
	size_t len;
	int from_attr;		/* SVG: text came from the verify attribute */
	int legacy_text;	/* PNG: from a tEXt chunk (pre-spec, usually a URL) */
};

#define BAKED_INIT { 0, 0, NULL, 0, 0, 0 }

void baked_release(struct baked *b);

/* True when data starts with the PNG signature. */
int png_is_png(const uint8_t *data, size_t len);
/* True when data looks like an SVG/XML document (after BOM and space). */
int svg_is_svg(const uint8_t *data, size_t len);

/* Finds the one baked credential.  ERR_NOTFOUND when the image carries
 * none; ERR_PARSE for a damaged image (bad signature, truncated chunk,
 * CRC mismatch, missing IHDR/IEND, malformed XML); ERR_FORMAT for a
 * compressed iTXt; ERR_AMBIGUOUS when more than one credential is baked
 * in (two chunks, two elements, or both generations). */
int png_extract(const uint8_t *data, size_t len, struct baked *out, struct err *err);
int svg_extract(const uint8_t *data, size_t len, struct baked *out, struct err *err);
/* Dispatches on the image type; ERR_FORMAT when neither PNG nor SVG. */
int baked_extract(const uint8_t *data, size_t len, struct baked *out, struct err *err);

/* Writes img with text baked in as generation gen into out (appended;
 * out is caller-initialised).  Existing baked credentials of any
 * generation are removed first (one credential per image).  PNG: one
 * uncompressed iTXt chunk placed right after IHDR.  SVG: the namespace is
 * declared on the root <svg> element and the element placed directly after
 * its start tag; JSON goes into CDATA (a "]]>" inside is split), a compact
 * JWS or a URL into the verify attribute. */
int png_bake(const uint8_t *img, size_t len, enum baked_gen gen,
	     const char *text, size_t tlen, struct buf *out, struct err *err);
int svg_bake(const uint8_t *img, size_t len, enum baked_gen gen,
	     const char *text, size_t tlen, struct buf *out, struct err *err);
int baked_bake(const uint8_t *img, size_t len, enum baked_gen gen,
	       const char *text, size_t tlen, struct buf *out, struct err *err);

#endif
