/* jsonfast.c — a strict JSON reader that builds jansson values
 * (include/satchel/json.h).
 *
 * jansson's parser reads through a character stream with a callback per
 * byte: about 120 us for a 5 KB credential here, a fifth of verifying one.
 * This one reads the bytes directly and gives the same values for every
 * document jansson accepts with JSON_REJECT_DUPLICATES | JSON_DECODE_ANY
 * (tests/fuzz/fuzz-json.c checks it against jansson).  It refuses what
 * jansson refuses — invalid UTF-8, control characters and lone surrogates
 * in strings, \u0000, leading zeros, reals that overflow, duplicate keys
 * — and on any refusal returns NULL without saying why: json_strict_load
 * then asks jansson, for its error message.  One difference: an integer
 * outside json_int_t, which jansson refuses, becomes the nearest double.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "satchel/codec.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

/* Keys go to jansson with their length (json_object_setn_new_nocheck). */
#if JANSSON_VERSION_HEX < 0x020e00
#error "satchel needs jansson 2.14 or later (Debian 12 has it)"
#endif

struct jp {
	const unsigned char *p, *end;
	unsigned depth;
	char *tmp;		/* decoded strings with escapes */
	size_t tmpcap;
};

static json_t *value(struct jp *s);

/* Whitespace.  Pretty-printed credentials indent every line, so runs of
 * spaces are skipped 8 bytes a step: one branch per word instead of one
 * (mispredicted at the run's end) per byte. */
static void skip_ws(struct jp *s)
{
	for (;;) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		while (s->end - s->p >= 8) {
			uint64_t w;

			memcpy(&w, s->p, 8);
			w ^= 0x2020202020202020ull;	/* spaces become zero bytes */
			if (w) {
				s->p += (unsigned)__builtin_ctzll(w) / 8;	/* little-endian */
				break;
			}
			s->p += 8;
		}
#endif
		if (s->p < s->end && (*s->p == ' ' || *s->p == '\n' || *s->p == '\r' || *s->p == '\t'))
			s->p++;
		else
			return;
	}
}

/* One UTF-8 sequence at p (n bytes left, p[0] >= 0x80): its length, or 0
 * when it is not well formed (overlong, a surrogate, above U+10FFFF). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	uint32_t c;

	return utf8_char((const char *)p, n, &c);
}

static int hex4(const unsigned char *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (uint32_t)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static void tmp_put(struct jp *s, size_t *n, const void *src, size_t len)
{
	if (*n + len + 1 > s->tmpcap) {
		s->tmpcap = 2 * (*n + len + 1) + 64;
		s->tmp = xrealloc(s->tmp, s->tmpcap);
	}
	memcpy(s->tmp + *n, src, len);
	*n += len;
}

static void put_utf8(struct jp *s, size_t *n, uint32_t c)
{
	unsigned char b[4];
	size_t len;

	if (c < 0x80) {
		b[0] = (unsigned char)c, len = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xC0 | (c >> 6));
		b[1] = (unsigned char)(0x80 | (c & 0x3F)), len = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (c >> 12));
		b[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (c & 0x3F)), len = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (c >> 18));
		b[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (c & 0x3F)), len = 4;
	}
	tmp_put(s, n, b, len);
}

/* \uXXXX (and its low surrogate) at s->p, just after the backslash-u. */
static int unicode_escape(struct jp *s, size_t *n)
{
	uint32_t c, lo;

	if (s->end - s->p < 4 || hex4(s->p, &c) < 0)
		return -1;
	s->p += 4;
	if (c >= 0xDC00 && c <= 0xDFFF)
		return -1;
	if (c >= 0xD800 && c <= 0xDBFF) {
		if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
		    hex4(s->p + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return -1;
		s->p += 6;
		c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
	}
	if (c == 0)	/* jansson refuses NUL without JSON_ALLOW_NUL */
		return -1;
	put_utf8(s, n, c);
	return 0;
}

static int escape(struct jp *s, size_t *n)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;

	if (s->p >= s->end)
		return -1;
	if (*s->p == 'u') {
		s->p++;
		return unicode_escape(s, n);
	}
	if (!*s->p || !(k = strchr(from, *s->p)))
		return -1;
	tmp_put(s, n, &to[k - from], 1);
	s->p++;
	return 0;
}

/* The length of the run at p of bytes a string can hold as they are:
 * ASCII from 0x20 up, but '"' and '\\'.  Most of a credential's strings
 * are nothing else, and 16 bytes a step beats one; the rest (the end,
 * escapes, control bytes, UTF-8) is the byte loop's. */
static size_t plain_run(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p;

#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'),
		      space = _mm_set1_epi8(0x20);

	while (end - q >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		/* Signed: bytes from 0x80 are negative, so below 0x20 too. */
		__m128i stop = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
							 _mm_cmpeq_epi8(v, bslash)),
					    _mm_cmplt_epi8(v, space));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);

		if (m)
			return (size_t)(q - p) + (size_t)__builtin_ctz(m);
		q += 16;
	}
#endif
	while (q < end && *q >= 0x20 && *q < 0x80 && *q != '"' && *q != '\\')
		q++;
	return (size_t)(q - p);
}

/* The string at s->p (after the opening quote): *out points at its bytes
 * (in the input when it has no escapes, else at s->tmp), *len its length.
 * It never holds a NUL (a control byte, and \u0000, are refused), so
 * jansson's NUL-terminated keys and strings lose nothing. */
static int string(struct jp *s, const char **out, size_t *len)
{
	const unsigned char *start = s->p;
	size_t n = 0, k;
	int escaped = 0;

	while (s->p < s->end) {
		unsigned char c;

		if ((k = plain_run(s->p, s->end)) > 0) {
			if (escaped)
				tmp_put(s, &n, s->p, k);
			s->p += k;
			continue;
		}
		c = *s->p;

		if (c == '"') {
			if (!escaped) {
				*out = (const char *)start, *len = (size_t)(s->p - start);
			} else {
				tmp_put(s, &n, "", 0);
				s->tmp[n] = '\0';
				*out = s->tmp, *len = n;
			}
			s->p++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c == '\\') {
			if (!escaped) {
				tmp_put(s, &n, start, (size_t)(s->p - start));
				escaped = 1;
			}
			s->p++;
			if (escape(s, &n) < 0)
				return -1;
			continue;
		}
		k = c < 0x80 ? 1 : utf8_len(s->p, (size_t)(s->end - s->p));
		if (!k)
			return -1;
		if (escaped)
			tmp_put(s, &n, s->p, k);
		s->p += k;
	}
	return -1;
}

static locale_t c_locale(void)
{
	static locale_t c;

	if (!c)
		c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return c;
}

/* A number as jansson reads it: an integer (json_int_t) without fraction
 * or exponent, else a real (a real that overflows is refused). */
static json_t *number(struct jp *s)
{
	const unsigned char *start = s->p, *q = s->p;
	char buf[64], *num, *endp;
	int real = 0;
	size_t len;
	json_t *v = NULL;

	if (q < s->end && *q == '-')
		q++;
	if (q < s->end && *q == '0')
		q++;
	else if (q < s->end && *q >= '1' && *q <= '9')
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	else
		return NULL;
	if (q < s->end && *q >= '0' && *q <= '9')	/* a leading zero */
		return NULL;
	if (q < s->end && *q == '.') {
		real = 1;
		if (++q >= s->end || *q < '0' || *q > '9')
			return NULL;
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < s->end && (*q == 'e' || *q == 'E')) {
		real = 1;
		if (++q < s->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= s->end || *q < '0' || *q > '9')
			return NULL;
		while (q < s->end && *q >= '0' && *q <= '9')
			q++;
	}
	len = (size_t)(q - start);
	num = len < sizeof(buf) ? buf : xmalloc(len + 1);
	memcpy(num, start, len);
	num[len] = '\0';
	errno = 0;
	if (!real) {
		long long i = strtoll(num, &endp, 10);

		if (errno != ERANGE && *endp == '\0')
			v = json_integer((json_int_t)i);
		/* Beyond json_int_t: a double, as JavaScript (which signs most
		 * credentials) reads every number; jansson refuses these. */
		real = errno == ERANGE;
		errno = 0;
	}
	if (real) {
		locale_t loc = c_locale();
		double d = loc ? strtod_l(num, &endp, loc) : 0;

		if (loc && *endp == '\0' &&
		    !(errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL)))
			v = json_real(d);
	}
	if (num != buf)
		free(num);
	s->p = q;
	return v;
}

static int literal(struct jp *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n))
		return -1;
	s->p += n;
	return 0;
}

/* Skips whitespace; 1 when close follows (and is consumed). */
static int closes(struct jp *s, char close)
{
	skip_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return 1;
	}
	return 0;
}

/* After a member or an item: 1 at the closing close, 0 after a comma
 * (both consumed, with the whitespace after), -1 at anything else. */
static int after_item(struct jp *s, char close)
{
	if (closes(s, close))
		return 1;
	if (s->p >= s->end || *s->p != ',')
		return -1;
	s->p++;
	skip_ws(s);
	return 0;
}

static json_t *object(struct jp *s)
{
	json_t *obj = json_object(), *v;
	const char *k;
	size_t klen;
	char kbuf[128], *key;
	int r;

	if (closes(s, '}'))
		return obj;
	for (;;) {
		if (s->p >= s->end || *s->p != '"')
			break;
		s->p++;
		if (string(s, &k, &klen) < 0)
			break;
		/* A key with escapes is copied, since the next string may
		 * reuse s->tmp; most keys are read where they stand. */
		key = (char *)k;
		if (k == s->tmp) {
			key = klen < sizeof(kbuf) ? kbuf : xmalloc(klen + 1);
			memcpy(key, k, klen);
		}
		skip_ws(s);
		v = NULL;
		if (s->p < s->end && *s->p == ':') {
			s->p++;
			skip_ws(s);
			v = value(s);
		}
		/* set_new takes v over, even when it fails.  A key already
		 * there is replaced, leaving the size as it was: a duplicate,
		 * found without a look-up of its own. */
		if (v) {
			size_t before = json_object_size(obj);

			if (json_object_setn_new_nocheck(obj, key, klen, v) < 0 ||
			    json_object_size(obj) == before)
				v = NULL;
		}
		if (key != k && key != kbuf)
			free(key);
		if (!v || (r = after_item(s, '}')) < 0)
			break;
		if (r > 0)
			return obj;
	}
	json_decref(obj);
	return NULL;
}

static json_t *array(struct jp *s)
{
	json_t *arr = json_array(), *v;
	int r;

	if (closes(s, ']'))
		return arr;
	for (;;) {
		if (!(v = value(s)) || json_array_append_new(arr, v) < 0 ||
		    (r = after_item(s, ']')) < 0)
			break;
		if (r > 0)
			return arr;
	}
	json_decref(arr);
	return NULL;
}

static json_t *value(struct jp *s)
{
	const char *str;
	size_t len;
	json_t *v = NULL;

	if (s->p >= s->end)
		return NULL;
	switch (*s->p) {
	case '{':
	case '[':
		if (++s->depth > JSON_MAX_DEPTH)
			return NULL;
		s->p++;
		v = s->p[-1] == '{' ? object(s) : array(s);
		s->depth--;
		return v;
	case '"':
		s->p++;
		if (string(s, &str, &len) < 0)
			return NULL;
		return json_stringn_nocheck(str, len);
	case 't':
		return literal(s, "true") < 0 ? NULL : json_true();
	case 'f':
		return literal(s, "false") < 0 ? NULL : json_false();
	case 'n':
		return literal(s, "null") < 0 ? NULL : json_null();
	default:
		return number(s);
	}
}

json_t *json_fast_load(const char *data, size_t len)
{
	struct jp s = { (const unsigned char *)data, (const unsigned char *)data + len, 0, NULL, 0 };
	json_t *v;

	skip_ws(&s);
	v = value(&s);
	skip_ws(&s);
	if (v && s.p != s.end) {
		json_decref(v);
		v = NULL;
	}
	free(s.tmp);
	return v;
}
