/* jws.h — compact JWS / JWT splitting and decoding (RFC 7515 §7.1).
 *
 * Only the compact form: three base64url segments joined by '.'.  The
 * signing input is exactly the received "header.payload" bytes (never a
 * re-encoding, SPECS.md pitfall 10).
 */
#ifndef SATCHEL_JWS_H
#define SATCHEL_JWS_H

#include <stddef.h>
#include <jansson.h>
#include "satchel/buf.h"

struct jws_parts {
	const char *header;	/* borrowed from the input */
	size_t header_len;
	const char *payload;
	size_t payload_len;
	const char *sig;
	size_t sig_len;
	size_t signing_input_len;	/* header_len + 1 + payload_len, from header */
};

/* Splits s[0..n) after trimming ASCII white space at both ends.  Fails
 * unless there are exactly three segments, the first two non-empty, and
 * every character is of the base64url alphabet. */
int jws_split(const char *s, size_t n, struct jws_parts *out, struct err *err);

/* True (1) when s[0..n) looks like a compact JWS (cheap sniff, no decode):
 * jws_split() would succeed and the header starts with 'e', which is how
 * the base64url of a JSON object ('{') begins.  0 otherwise. */
int jws_looks_like(const char *s, size_t n);

/* Splits and decodes: *header and *payload are new references the caller
 * owns (strict JSON objects: duplicate keys rejected); sig receives the
 * raw signature bytes.  On failure nothing is returned to the caller. */
int jws_decode(const char *s, size_t n, json_t **header, json_t **payload,
	       struct buf *sig, struct err *err);

#endif
