/* jws.c — compact JWS splitting and decoding (include/satchel/jws.h). */
#include <string.h>
#include "satchel/codec.h"
#include "satchel/json.h"
#include "satchel/jws.h"

static int jws_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int jws_is_b64url(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* Files and HTTP bodies often end in a newline; a JWT pasted into a
 * prompt may start with a space.  Nothing else is forgiven. */
static void jws_trim(const char **s, size_t *n)
{
	while (*n && jws_is_space(**s)) {
		++*s;
		--*n;
	}
	while (*n && jws_is_space((*s)[*n - 1]))
		--*n;
}

/* Finds the two dots, checking every other character on the way. */
static int jws_find_dots(const char *s, size_t n, size_t dot[2], struct err *err)
{
	size_t i, ndots = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (ndots == 2)
				return err_set(err, ERR_PARSE, "JWS has more than three segments");
			dot[ndots++] = i;
		} else if (!jws_is_b64url(s[i])) {
			return err_set(err, ERR_PARSE,
				       "invalid character 0x%02x in JWS at offset %zu",
				       (unsigned char)s[i], i);
		}
	}
	if (ndots != 2)
		return err_set(err, ERR_PARSE, "JWS has %zu segment%s, not three", ndots + 1,
			       ndots ? "s" : "");
	return 0;
}

int jws_split(const char *s, size_t n, struct jws_parts *out, struct err *err)
{
	size_t dot[2];

	jws_trim(&s, &n);
	if (n == 0)
		return err_set(err, ERR_PARSE, "empty JWS");
	if (jws_find_dots(s, n, dot, err) < 0)
		return -1;
	if (dot[0] == 0)
		return err_set(err, ERR_PARSE, "JWS header segment is empty");
	if (dot[1] == dot[0] + 1)
		return err_set(err, ERR_PARSE, "JWS payload segment is empty");
	out->header = s;
	out->header_len = dot[0];
	out->payload = s + dot[0] + 1;
	out->payload_len = dot[1] - dot[0] - 1;
	out->sig = s + dot[1] + 1;
	out->sig_len = n - dot[1] - 1;
	out->signing_input_len = dot[1];
	return 0;
}

int jws_looks_like(const char *s, size_t n)
{
	struct jws_parts parts;

	/* A JOSE header is a JSON object: '{' encodes to a leading 'e'. */
	return jws_split(s, n, &parts, NULL) == 0 && parts.header[0] == 'e';
}

/* Decodes one base64url segment and parses it as a strict JSON object. */
static json_t *jws_segment(const char *what, const char *s, size_t n, struct err *err)
{
	struct buf b;
	json_t *v = NULL;

	buf_init(&b, JSON_MAX_BYTES);
	if (b64url_decode(s, n, &b, err) < 0) {
		err_prefix(err, "JWS %s", what);
		goto out;
	}
	v = json_strict_load(b.s, b.len, err);
	if (!v) {
		err_prefix(err, "JWS %s", what);
		goto out;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		v = NULL;
		err_set(err, ERR_PARSE, "JWS %s is not a JSON object", what);
	}
out:
	buf_release(&b);
	return v;
}

int jws_decode(const char *s, size_t n, json_t **header, json_t **payload, struct buf *sig,
	       struct err *err)
{
	struct jws_parts parts;
	json_t *h = NULL, *p = NULL;

	if (jws_split(s, n, &parts, err) < 0)
		return -1;
	h = jws_segment("header", parts.header, parts.header_len, err);
	if (h)
		p = jws_segment("payload", parts.payload, parts.payload_len, err);
	/* The signature goes last: b64url_decode leaves sig as it was when it
	 * fails, so nothing reaches the caller unless everything succeeded. */
	if (!p || b64url_decode(parts.sig, parts.sig_len, sig, err) < 0) {
		if (p)
			err_prefix(err, "JWS signature");
		json_decref(h);
		json_decref(p);
		return -1;
	}
	*header = h;
	*payload = p;
	return 0;
}
