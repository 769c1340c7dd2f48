/* codec.h — hex, base64, base64url, base58btc and multibase.
 *
 * Encoders return a NUL-terminated heap string the caller owns.
 * Decoders append the decoded bytes to `out` (a struct buf the caller has
 * initialised and owns) and return 0, or -1 with ERR_PARSE in err; on
 * failure `out` holds what it held before the call.
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

char *b58_encode(const uint8_t *p, size_t n);		/* Bitcoin alphabet */
int b58_decode(const char *s, size_t n, struct buf *out, struct err *err);

/* Multibase: 'z' base58btc, 'u' base64url (no pad), 'U' base64url (pad),
 * 'm' base64, 'M' base64 (pad), 'f'/'F' hex.  Any other prefix fails. */
int multibase_decode(const char *s, size_t n, struct buf *out, struct err *err);
char *multibase_encode(char base, const uint8_t *p, size_t n);	/* NULL for unknown base */

#endif
