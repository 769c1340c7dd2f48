/* codec.h — hex, base64, base64url, base58btc and multibase.
 *
 * Encoders return a NUL-terminated heap string the caller owns.
 * Decoders append the decoded bytes to `out` (a struct buf the caller has
 * initialised and owns) and return 0, or -1 with ERR_PARSE in err; on
 * failure `out` holds what it held before the call.  Decoders never skip
 * white space.  A decoder may also fail with ERR_TOOBIG when out->max is
 * reached (or, for base58, the input is too long).
 */
#ifndef SATCHEL_CODEC_H
#define SATCHEL_CODEC_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/buf.h"

char *hex_encode(const uint8_t *p, size_t n);		/* lower case */
int hex_decode(const char *s, size_t n, struct buf *out, struct err *err);	/* either case */

char *b64_encode(const uint8_t *p, size_t n);		/* RFC 4648 §4, padded */
char *b64url_encode(const uint8_t *p, size_t n);	/* RFC 4648 §5, no padding */
/* Standard alphabet; padding optional but must be right when present. */
int b64_decode(const char *s, size_t n, struct buf *out, struct err *err);
/* URL alphabet, no padding (as JWS and multibase 'u' use it); the
 * unused low bits of the last character must be zero. */
int b64url_decode(const char *s, size_t n, struct buf *out, struct err *err);

/* Longest base58 text b58_decode accepts: the conversion is quadratic in
 * the length, and real values (keys, signatures) are under 200 characters.
 * Longer input fails with ERR_TOOBIG.  (4096 characters ~ 2.9 KiB.) */
#define B58_MAX_INPUT 4096

char *b58_encode(const uint8_t *p, size_t n);		/* Bitcoin alphabet */
/* Each leading '1' is one leading zero byte; "" decodes to no bytes. */
int b58_decode(const char *s, size_t n, struct buf *out, struct err *err);

/* Multibase: 'z' base58btc, 'u' base64url (no pad), 'U' base64url (pad),
 * 'm' base64, 'M' base64 (pad), 'f'/'F' hex.  Any other prefix fails.
 * Decoding is strict, so that one byte string has one text form: 'u'/'m'
 * reject '=', 'U'/'M' require it, unused trailing bits must be zero, and
 * 'f' takes only lower-case hex, 'F' only upper-case. */
int multibase_decode(const char *s, size_t n, struct buf *out, struct err *err);
char *multibase_encode(char base, const uint8_t *p, size_t n);	/* NULL for unknown base */

/* The length (1 to 4) of the well-formed UTF-8 character at s[0..n),
 * its code point in *cp; 0 when s does not start with one: a stray or
 * missing continuation byte, an overlong form, a surrogate, a code point
 * past U+10FFFF, or n too short.  n must be at least 1. */
size_t utf8_char(const char *s, size_t n, uint32_t *cp);

#endif
