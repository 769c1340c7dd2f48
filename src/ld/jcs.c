/* jcs.c — the JSON Canonicalization Scheme (RFC 8785) for @json literals:
 * no white space, object keys sorted by UTF-16 code units, strings escaped
 * as ECMAScript's JSON.stringify does, numbers as ECMAScript's
 * Number.prototype.toString (shortest round-trip digits). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/buf.h"
#include "satchel/xalloc.h"

/* The shortest digits that read back as d (d > 0): digits[0..k) and the
 * decimal exponent n such that d = 0.digits * 10^n. */
static int shortest_digits(double d, char *digits, int *n)
{
	char tmp[40], *p, *e;
	int prec, k = 0;

	for (prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	e = strchr(tmp, 'e');
	*n = atoi(e + 1) + 1;
	for (p = tmp; p < e; p++)
		if (*p >= '0' && *p <= '9')
			digits[k++] = *p;
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	return k;
}

static void add_zeros(struct buf *b, int n)
{
	while (n-- > 0)
		buf_addc(b, '0', NULL);
}

/* Number::toString's four shapes, from digits and exponent. */
static void js_format(struct buf *b, const char *digits, int k, int n)
{
	if (k <= n && n <= 21) {
		buf_adds(b, digits, NULL);
		add_zeros(b, n - k);
	} else if (0 < n && n <= 21) {
		buf_add(b, digits, (size_t)n, NULL);
		buf_addc(b, '.', NULL);
		buf_adds(b, digits + n, NULL);
	} else if (-6 < n && n <= 0) {
		buf_adds(b, "0.", NULL);
		add_zeros(b, -n);
		buf_adds(b, digits, NULL);
	} else {
		buf_addc(b, digits[0], NULL);
		if (k > 1)
			buf_addf(b, NULL, ".%s", digits + 1);
		buf_addf(b, NULL, "e%c%d", n - 1 < 0 ? '-' : '+', abs(n - 1));
	}
}

void ld_js_number(double d, char *out, size_t size)
{
	char digits[24];
	struct buf b;
	int n, k;

	if (isnan(d) || isinf(d) || d == 0) {
		snprintf(out, size, "%s", d == 0 ? "0" : isnan(d) ? "NaN" :
			 d > 0 ? "Infinity" : "-Infinity");
		return;
	}
	buf_init(&b, 0);
	if (d < 0) {
		buf_addc(&b, '-', NULL);
		d = -d;
	}
	k = shortest_digits(d, digits, &n);
	js_format(&b, digits, k, n);
	snprintf(out, size, "%s", b.s);
	buf_release(&b);
}

static void jcs_string(struct buf *b, const char *s)
{
	static const char esc[] = { 'b', 't', 'n', 0, 'f', 'r' };	/* 0x08 to 0x0D */
	const unsigned char *p;

	buf_addc(b, '"', NULL);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_addf(b, NULL, "\\%c", *p);
		else if (*p >= 0x08 && *p <= 0x0D && esc[*p - 0x08])
			buf_addf(b, NULL, "\\%c", esc[*p - 0x08]);
		else if (*p < 0x20)
			buf_addf(b, NULL, "\\u%04x", *p);
		else
			buf_addc(b, (char)*p, NULL);
	}
	buf_addc(b, '"', NULL);
}

/* UTF-8 to UTF-16 code units; *n gets the count.  Caller frees. */
static uint16_t *utf16(const char *s, size_t *n)
{
	size_t len = strlen(s), i = 0, k = 0;
	uint16_t *u = xmalloc((len * 2 + 1) * sizeof(*u));
	const unsigned char *p = (const unsigned char *)s;

	while (i < len) {
		uint32_t cp = p[i];
		int extra = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;

		cp &= extra ? (0x3Fu >> extra) : 0xFFu;
		for (i++; extra > 0 && i < len; extra--, i++)
			cp = (cp << 6) | (p[i] & 0x3F);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[k++] = (uint16_t)(0xD800 + (cp >> 10));
			u[k++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
		} else {
			u[k++] = (uint16_t)cp;
		}
	}
	*n = k;
	return u;
}

static int cmp_utf16(const void *a, const void *b)
{
	size_t na, nb, i;
	uint16_t *ua = utf16(*(const char *const *)a, &na);
	uint16_t *ub = utf16(*(const char *const *)b, &nb);
	int r = 0;

	for (i = 0; i < na && i < nb && !r; i++)
		r = (int)ua[i] - (int)ub[i];
	if (!r)
		r = (na > nb) - (na < nb);
	free(ua);
	free(ub);
	return r;
}

static int jcs_value(struct buf *b, const json_t *v);

static int jcs_object(struct buf *b, const json_t *v)
{
	const char **keys, *k;
	json_t *x;
	size_t i = 0, n = json_object_size(v);
	int r = 0;

	keys = xmalloc((n + 1) * sizeof(*keys));
	json_object_foreach((json_t *)v, k, x)
		keys[i++] = k;
	qsort(keys, n, sizeof(*keys), cmp_utf16);
	buf_addc(b, '{', NULL);
	for (i = 0; i < n && r == 0; i++) {
		if (i)
			buf_addc(b, ',', NULL);
		jcs_string(b, keys[i]);
		buf_addc(b, ':', NULL);
		r = jcs_value(b, json_object_get(v, keys[i]));
	}
	buf_addc(b, '}', NULL);
	free(keys);
	return r;
}

static int jcs_value(struct buf *b, const json_t *v)
{
	char num[40];
	size_t i;
	int r = 0;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return jcs_object(b, v);
	case JSON_ARRAY:
		buf_addc(b, '[', NULL);
		for (i = 0; i < json_array_size(v) && r == 0; i++) {
			if (i)
				buf_addc(b, ',', NULL);
			r = jcs_value(b, json_array_get(v, i));
		}
		buf_addc(b, ']', NULL);
		return r;
	case JSON_STRING:
		jcs_string(b, json_string_value(v));
		return 0;
	case JSON_INTEGER:
	case JSON_REAL:
		if (!isfinite(json_number_value(v)))
			return -1;
		ld_js_number(json_number_value(v), num, sizeof(num));
		return buf_adds(b, num, NULL);
	case JSON_TRUE:
		return buf_adds(b, "true", NULL);
	case JSON_FALSE:
		return buf_adds(b, "false", NULL);
	default:
		return buf_adds(b, "null", NULL);
	}
}

char *ld_jcs(const json_t *v)
{
	struct buf b;

	buf_init(&b, 0);
	if (jcs_value(&b, v) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}
