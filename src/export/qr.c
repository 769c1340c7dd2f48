/* qr.c — QR codes with libqrencode: in the terminal and as PNG
 * (include/satchel/export.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <qrencode.h>
#include <zlib.h>
#include "satchel/export.h"

#define QUIET	4	/* modules of light border, as the standard asks */
#define SCALE	8	/* PNG pixels per module */

static QRcode *encode(const char *text, struct err *err)
{
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);

	if (!q)
		err_set(err, errno == ERANGE ? ERR_TOOBIG : ERR_NOMEM,
			"cannot make a QR code of %zu bytes", strlen(text));
	return q;
}

/* Dark module at (x, y) of the code with its quiet zone? */
static int dark(const QRcode *q, int x, int y)
{
	x -= QUIET;
	y -= QUIET;
	if (x < 0 || y < 0 || x >= q->width || y >= q->width)
		return 0;
	return q->data[y * q->width + x] & 1;
}

/* Light modules are drawn (the terminal's foreground), dark ones left
 * blank, two rows per line with half blocks: on the usual dark terminal
 * this shows dark-on-light, as scanners expect. */
int export_qr_text(const char *text, struct buf *out, struct err *err)
{
	static const char *const cell[4] = { "█", "▀", "▄", " " };	/* by (top dark, bottom dark) */
	QRcode *q = encode(text, err);
	int x, y, n;

	if (!q)
		return -1;
	n = q->width + 2 * QUIET;
	for (y = 0; y < n; y += 2) {
		for (x = 0; x < n; x++)
			buf_adds(out, cell[dark(q, x, y) * 2 + (y + 1 < n ? dark(q, x, y + 1) : 1)], err);
		buf_addc(out, '\n', err);
	}
	QRcode_free(q);
	return 0;
}

static void put_u32(struct buf *b, uint32_t v)
{
	unsigned char p[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };

	buf_add(b, p, 4, NULL);
}

static void put_chunk(struct buf *b, const char *type, const void *data, size_t len)
{
	uLong crc = crc32(0, (const Bytef *)type, 4);

	crc = crc32(crc, data, (uInt)len);
	put_u32(b, (uint32_t)len);
	buf_add(b, type, 4, NULL);
	buf_add(b, data, len, NULL);
	put_u32(b, (uint32_t)crc);
}

/* 8-bit greyscale rows, each with filter byte 0. */
static unsigned char *raster(const QRcode *q, int *side, size_t *len)
{
	int n = (q->width + 2 * QUIET) * SCALE, x, y;
	unsigned char *r = malloc((size_t)n * ((size_t)n + 1)), *p = r;

	if (!r)
		return NULL;
	for (y = 0; y < n; y++) {
		*p++ = 0;
		for (x = 0; x < n; x++)
			*p++ = dark(q, x / SCALE, y / SCALE) ? 0 : 255;
	}
	*side = n;
	*len = (size_t)(p - r);
	return r;
}

int export_qr_png(const char *text, struct buf *out, struct err *err)
{
	QRcode *q = encode(text, err);
	unsigned char ihdr[13], *raw, *z;
	uLongf zlen;
	size_t rlen = 0;
	int side;

	if (!q)
		return -1;
	raw = raster(q, &side, &rlen);
	zlen = compressBound((uLong)rlen);
	z = raw ? malloc(zlen) : NULL;
	QRcode_free(q);
	if (!z || compress2(z, &zlen, raw, (uLong)rlen, 9) != Z_OK) {
		free(raw);
		free(z);
		return err_set(err, ERR_NOMEM, "cannot encode the QR code as PNG");
	}
	buf_add(out, "\x89PNG\r\n\x1a\n", 8, err);
	memset(ihdr, 0, sizeof(ihdr));
	ihdr[0] = (unsigned char)(side >> 24); ihdr[1] = (unsigned char)(side >> 16);
	ihdr[2] = (unsigned char)(side >> 8); ihdr[3] = (unsigned char)side;
	memcpy(ihdr + 4, ihdr, 4);
	ihdr[8] = 8;	/* bit depth; colour type 0 = greyscale */
	put_chunk(out, "IHDR", ihdr, sizeof(ihdr));
	put_chunk(out, "IDAT", z, zlen);
	put_chunk(out, "IEND", "", 0);
	free(raw);
	free(z);
	return 0;
}
