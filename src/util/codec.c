/* codec.c — hex, base64, base64url, base58btc and multibase
 * (include/satchel/codec.h).
 *
 * Every decoder appends to a caller-owned struct buf and, on any failure
 * (bad character, wrong length, buffer maximum reached), truncates it back
 * to the length it had on entry, so callers never see half a value.
 */
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"
#include "satchel/xalloc.h"

static const char hex_lower[] = "0123456789abcdef";
static const char hex_upper[] = "0123456789ABCDEF";
static const char b64_std[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char b58_alpha[] =
	"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/* Which letter cases hex_decode_case() accepts for a-f. */
enum hex_case { HEX_LOWER = 1 << 0, HEX_UPPER = 1 << 1, HEX_ANY = HEX_LOWER | HEX_UPPER };

/* How a base64 decoder treats '=' padding. */
enum b64_pad { PAD_NONE, PAD_OPTIONAL, PAD_REQUIRED };

struct b64_style {
	const char *alpha;
	enum b64_pad pad;
	int strict_bits;	/* unused low bits of the last character must be 0 */
	const char *name;	/* for messages */
};

static const struct b64_style style_b64 = { b64_std, PAD_OPTIONAL, 0, "base64" };
static const struct b64_style style_b64url = { b64_url, PAD_NONE, 1, "base64url" };

/* Drops whatever a failed decoder appended; keeps the NUL invariant. */
static int codec_fail(struct buf *out, size_t start)
{
	out->len = start;
	out->s[start] = '\0';
	return -1;
}

/* ---- hex ---------------------------------------------------------------- */

static char *hex_encode_alpha(const uint8_t *p, size_t n, const char *alpha)
{
	char *s = xmalloc(n * 2 + 1);
	size_t i;

	for (i = 0; i < n; i++) {
		s[2 * i] = alpha[p[i] >> 4];
		s[2 * i + 1] = alpha[p[i] & 0x0f];
	}
	s[2 * n] = '\0';
	return s;
}

char *hex_encode(const uint8_t *p, size_t n)
{
	return hex_encode_alpha(p, n, hex_lower);
}

static int hex_digit(char c, enum hex_case cases)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if ((cases & HEX_LOWER) && c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if ((cases & HEX_UPPER) && c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int hex_decode_case(const char *s, size_t n, enum hex_case cases, struct buf *out,
			   struct err *err)
{
	size_t i, start = out->len;

	if (n % 2)
		return err_set(err, ERR_PARSE, "hex string has an odd length (%zu)", n);
	for (i = 0; i < n; i += 2) {
		int hi = hex_digit(s[i], cases), lo = hex_digit(s[i + 1], cases);
		uint8_t byte;

		if (hi < 0 || lo < 0) {
			size_t bad = hi < 0 ? i : i + 1;

			err_set(err, ERR_PARSE, "invalid hex character 0x%02x at offset %zu",
				(unsigned char)s[bad], bad);
			return codec_fail(out, start);
		}
		byte = (uint8_t)(hi << 4 | lo);
		if (buf_add(out, &byte, 1, err) < 0)
			return codec_fail(out, start);
	}
	return 0;
}

int hex_decode(const char *s, size_t n, struct buf *out, struct err *err)
{
	return hex_decode_case(s, n, HEX_ANY, out, err);
}

/* ---- base64 / base64url ---------------------------------------------------- */

static char *b64_encode_style(const uint8_t *p, size_t n, const char *alpha, int pad)
{
	char *s = xmalloc((n + 2) / 3 * 4 + 1), *o = s;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];

		*o++ = alpha[v >> 18];
		*o++ = alpha[(v >> 12) & 63];
		*o++ = alpha[(v >> 6) & 63];
		*o++ = alpha[v & 63];
	}
	if (n - i == 1) {
		*o++ = alpha[p[i] >> 2];
		*o++ = alpha[(p[i] & 3) << 4];
	} else if (n - i == 2) {
		*o++ = alpha[p[i] >> 2];
		*o++ = alpha[(p[i] & 3) << 4 | p[i + 1] >> 4];
		*o++ = alpha[(p[i + 1] & 15) << 2];
	}
	while (pad && (o - s) % 4)
		*o++ = '=';
	*o = '\0';
	return s;
}

char *b64_encode(const uint8_t *p, size_t n)
{
	return b64_encode_style(p, n, b64_std, 1);
}

char *b64url_encode(const uint8_t *p, size_t n)
{
	return b64_encode_style(p, n, b64_url, 0);
}

/* The two alphabets share their first 62 characters. */
static int b64_value(const char *alpha, char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == alpha[62])
		return 62;
	if (c == alpha[63])
		return 63;
	return -1;
}

/* Strips the '=' padding from *n after checking it against the style. */
static int b64_unpad(const char *s, size_t *n, const struct b64_style *st, struct err *err)
{
	size_t pads = 0;

	while (pads < *n && s[*n - 1 - pads] == '=')
		pads++;
	if (pads == 0 && st->pad == PAD_REQUIRED && *n % 4)
		return err_set(err, ERR_PARSE, "%s value is missing its '=' padding", st->name);
	if (pads == 0)
		return 0;
	if (st->pad == PAD_NONE)
		return err_set(err, ERR_PARSE, "'=' padding is not allowed in %s", st->name);
	/* Padding must complete the last quantum exactly: "Zg==" or "Zm8=". */
	if (pads > 2 || *n % 4)
		return err_set(err, ERR_PARSE, "wrong '=' padding in %s value", st->name);
	*n -= pads;
	return 0;
}

/* Decodes the final 2 or 3 characters of an unpadded group. */
static int b64_tail(const char *s, size_t rest, const struct b64_style *st, struct buf *out,
		    struct err *err)
{
	uint32_t v = 0;
	uint8_t bytes[2];
	size_t i;

	for (i = 0; i < rest; i++)
		v = v << 6 | (uint32_t)b64_value(st->alpha, s[i]);
	/* 2 chars carry 12 bits for 1 byte, 3 chars 18 bits for 2 bytes. */
	if (rest == 2) {
		if (st->strict_bits && (v & 0x0f))
			return err_set(err, ERR_PARSE, "non-zero trailing bits in %s", st->name);
		bytes[0] = (uint8_t)(v >> 4);
		return buf_add(out, bytes, 1, err);
	}
	if (st->strict_bits && (v & 0x03))
		return err_set(err, ERR_PARSE, "non-zero trailing bits in %s", st->name);
	bytes[0] = (uint8_t)(v >> 10);
	bytes[1] = (uint8_t)(v >> 2);
	return buf_add(out, bytes, 2, err);
}

static int b64_check_chars(const char *s, size_t n, const struct b64_style *st, struct err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b64_value(st->alpha, s[i]) < 0)
			return err_set(err, ERR_PARSE, "invalid %s character 0x%02x at offset %zu",
				       st->name, (unsigned char)s[i], i);
	if (n % 4 == 1)
		return err_set(err, ERR_PARSE, "%s value has an impossible length (%zu)",
			       st->name, n);
	return 0;
}

static int b64_decode_style(const char *s, size_t n, const struct b64_style *st,
			    struct buf *out, struct err *err)
{
	size_t i, start = out->len;

	if (b64_unpad(s, &n, st, err) < 0 || b64_check_chars(s, n, st, err) < 0)
		return -1;
	for (i = 0; i + 4 <= n; i += 4) {
		uint32_t v = (uint32_t)b64_value(st->alpha, s[i]) << 18 |
			     (uint32_t)b64_value(st->alpha, s[i + 1]) << 12 |
			     (uint32_t)b64_value(st->alpha, s[i + 2]) << 6 |
			     (uint32_t)b64_value(st->alpha, s[i + 3]);
		uint8_t bytes[3] = { (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v };

		if (buf_add(out, bytes, 3, err) < 0)
			return codec_fail(out, start);
	}
	if (n - i && b64_tail(s + i, n - i, st, out, err) < 0)
		return codec_fail(out, start);
	return 0;
}

int b64_decode(const char *s, size_t n, struct buf *out, struct err *err)
{
	return b64_decode_style(s, n, &style_b64, out, err);
}

int b64url_decode(const char *s, size_t n, struct buf *out, struct err *err)
{
	return b64_decode_style(s, n, &style_b64url, out, err);
}

/* ---- base58btc ------------------------------------------------------------ */

char *b58_encode(const uint8_t *p, size_t n)
{
	size_t zeros = 0, size, i, j, used = 0;
	uint8_t *digits;
	char *s, *o;

	while (zeros < n && p[zeros] == 0)
		zeros++;
	/* log(256) / log(58) < 1.38, so this many base-58 digits suffice. */
	size = (n - zeros) / 100 * 138 + (n - zeros) % 100 * 138 / 100 + 1;
	digits = xcalloc(size, 1);
	for (i = zeros; i < n; i++) {
		unsigned carry = p[i];

		/* digits[size - used .. size) holds the number so far. */
		for (j = 0; j < used || carry; j++) {
			carry += 256u * digits[size - 1 - j];
			digits[size - 1 - j] = (uint8_t)(carry % 58);
			carry /= 58;
		}
		used = j;
	}
	o = s = xmalloc(zeros + used + 1);
	memset(o, '1', zeros);
	o += zeros;
	for (j = size - used; j < size; j++)
		*o++ = b58_alpha[digits[j]];
	*o = '\0';
	free(digits);
	return s;
}

/* Each base58 digit's value plus one; 0 for every other byte.  A table
 * rather than the alphabet's six ranges: a branch per range and digit
 * was mispredicted about twice per signature character. */
static const unsigned char b58_digit[256] = {
	['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4, ['5'] = 5, ['6'] = 6, ['7'] = 7,
	['8'] = 8, ['9'] = 9, ['A'] = 10, ['B'] = 11, ['C'] = 12, ['D'] = 13, ['E'] = 14,
	['F'] = 15, ['G'] = 16, ['H'] = 17, ['J'] = 18, ['K'] = 19, ['L'] = 20, ['M'] = 21,
	['N'] = 22, ['P'] = 23, ['Q'] = 24, ['R'] = 25, ['S'] = 26, ['T'] = 27, ['U'] = 28,
	['V'] = 29, ['W'] = 30, ['X'] = 31, ['Y'] = 32, ['Z'] = 33, ['a'] = 34, ['b'] = 35,
	['c'] = 36, ['d'] = 37, ['e'] = 38, ['f'] = 39, ['g'] = 40, ['h'] = 41, ['i'] = 42,
	['j'] = 43, ['k'] = 44, ['m'] = 45, ['n'] = 46, ['o'] = 47, ['p'] = 48, ['q'] = 49,
	['r'] = 50, ['s'] = 51, ['t'] = 52, ['u'] = 53, ['v'] = 54, ['w'] = 55, ['x'] = 56,
	['y'] = 57, ['z'] = 58
};

/* The value of base58 digit c, or -1. */
static int b58_value(char c)
{
	return (int)b58_digit[(unsigned char)c] - 1;
}

#define B58_GROUP 5	/* 58^5 < 2^32: five digits fit one 32-bit limb */

/* Converts s[0..n) (no leading '1's) into big-endian bytes in num[0..size),
 * returning how many low bytes are in use, or -1 at a bad character.  The
 * number grows in 32-bit limbs (least significant first), five digits a
 * step: a byte and a digit at a time was most of decoding a signature. */
static long b58_to_bytes(const char *s, size_t n, uint8_t *num, size_t size, struct err *err)
{
	size_t nlimbs = size / 4 + 2, used = 0, i, j, k, bytes;
	uint32_t *limb = xcalloc(nlimbs, sizeof(*limb));

	for (i = 0; i < n; i += k) {
		uint64_t carry = 0, mul = 1;

		for (k = 0; k < B58_GROUP && i + k < n; k++) {
			int v = b58_value(s[i + k]);

			if (v < 0) {
				free(limb);
				return err_set(err, ERR_PARSE,
					       "invalid base58 character 0x%02x at offset %zu",
					       (unsigned char)s[i + k], i + k);
			}
			carry = carry * 58 + (unsigned)v;
			mul *= 58;
		}
		for (j = 0; j < used; j++) {
			carry += (uint64_t)limb[j] * mul;
			limb[j] = (uint32_t)carry;
			carry >>= 32;
		}
		if (carry)
			limb[used++] = (uint32_t)carry;
	}
	/* Big-endian into num, without the leading zero bytes. */
	for (bytes = 4 * used; bytes && !(limb[(bytes - 1) / 4] >> 8 * ((bytes - 1) % 4) & 0xff);
	     bytes--)
		;
	for (j = 0; j < bytes && j < size; j++)
		num[size - 1 - j] = (uint8_t)(limb[j / 4] >> 8 * (j % 4));
	free(limb);
	return (long)(bytes < size ? bytes : size);
}

int b58_decode(const char *s, size_t n, struct buf *out, struct err *err)
{
	size_t zeros = 0, size, start = out->len;
	uint8_t *num;
	long used;
	int ret = -1;

	/* The conversion is quadratic in the length; real values (keys,
	 * signatures) are under 200 characters. */
	if (n > B58_MAX_INPUT)
		return err_set(err, ERR_TOOBIG, "base58 value longer than %d characters",
			       B58_MAX_INPUT);
	while (zeros < n && s[zeros] == '1')
		zeros++;
	/* log(58) / log(256) < 0.733 */
	size = (n - zeros) * 733 / 1000 + 1;
	num = xcalloc(size, 1);
	used = b58_to_bytes(s + zeros, n - zeros, num, size, err);
	if (used < 0)
		goto out;
	while (zeros--)
		if (buf_addc(out, 0, err) < 0)
			goto out;
	if (buf_add(out, num + size - (size_t)used, (size_t)used, err) < 0)
		goto out;
	ret = 0;
out:
	free(num);
	return ret < 0 ? codec_fail(out, start) : 0;
}

/* ---- multibase ------------------------------------------------------------ */

/* Multibase values are identifiers (keys, proof values), so each base is
 * decoded strictly: exact padding rules, zero trailing bits, and the hex
 * case the prefix names.  That makes decode/encode a bijection. */
struct mb_base {
	char prefix;
	const struct b64_style *b64;	/* NULL: not a base64 variant */
	enum hex_case hex;		/* 0: not hex */
};

static const struct b64_style style_mb_u = { b64_url, PAD_NONE, 1, "multibase 'u'" };
static const struct b64_style style_mb_U = { b64_url, PAD_REQUIRED, 1, "multibase 'U'" };
static const struct b64_style style_mb_m = { b64_std, PAD_NONE, 1, "multibase 'm'" };
static const struct b64_style style_mb_M = { b64_std, PAD_REQUIRED, 1, "multibase 'M'" };

static const struct mb_base mb_bases[] = {
	{ 'z', NULL, 0 },		/* base58btc */
	{ 'u', &style_mb_u, 0 },
	{ 'U', &style_mb_U, 0 },
	{ 'm', &style_mb_m, 0 },
	{ 'M', &style_mb_M, 0 },
	{ 'f', NULL, HEX_LOWER },
	{ 'F', NULL, HEX_UPPER },
};

static const struct mb_base *mb_find(char prefix)
{
	size_t i;

	for (i = 0; i < sizeof(mb_bases) / sizeof(mb_bases[0]); i++)
		if (mb_bases[i].prefix == prefix)
			return &mb_bases[i];
	return NULL;
}

int multibase_decode(const char *s, size_t n, struct buf *out, struct err *err)
{
	const struct mb_base *mb = n ? mb_find(s[0]) : NULL;

	if (n == 0)
		return err_set(err, ERR_PARSE, "empty multibase value");
	if (!mb)
		return err_set(err, ERR_PARSE, "unsupported multibase prefix 0x%02x",
			       (unsigned char)s[0]);
	if (mb->b64)
		return b64_decode_style(s + 1, n - 1, mb->b64, out, err);
	if (mb->hex)
		return hex_decode_case(s + 1, n - 1, mb->hex, out, err);
	return b58_decode(s + 1, n - 1, out, err);
}

char *multibase_encode(char base, const uint8_t *p, size_t n)
{
	const struct mb_base *mb = mb_find(base);
	char *body, *s;

	if (!mb)
		return NULL;
	if (mb->b64)
		body = b64_encode_style(p, n, mb->b64->alpha, mb->b64->pad == PAD_REQUIRED);
	else if (mb->hex)
		body = hex_encode_alpha(p, n, mb->hex == HEX_UPPER ? hex_upper : hex_lower);
	else
		body = b58_encode(p, n);
	s = xasprintf("%c%s", base, body);
	free(body);
	return s;
}

size_t utf8_char(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;
	if (p[0] < 0xC2 || p[0] > 0xF4 || n < len)
		return 0;
	c = p[0] & (0x7Fu >> len);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3Fu);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}
