/* bytes.h — copying short runs of bytes without a call.
 *
 * The canonicalization path copies hundreds of strings per credential,
 * most of them a few dozen bytes: terms into the lines of RDFC-1.0,
 * strings into a dataset's pool, runs into a buffer.  A call to memcpy
 * (through the PLT, then its size dispatch) cost more than such a copy.
 * Up to 64 bytes, two fixed-size moves that may overlap cover any length;
 * the compiler turns each into one or two register moves.
 */
#ifndef SATCHEL_BYTES_H
#define SATCHEL_BYTES_H

#include <stddef.h>
#include <string.h>

/* Copies n bytes from s to d, which must not overlap (as memcpy). */
static inline void bytes_copy(void *dst, const void *src, size_t n)
{
	char *d = dst;
	const char *s = src;

	if (n > 64) {
		memcpy(d, s, n);
	} else if (n >= 32) {
		memcpy(d, s, 32);
		memcpy(d + n - 32, s + n - 32, 32);
	} else if (n >= 16) {
		memcpy(d, s, 16);
		memcpy(d + n - 16, s + n - 16, 16);
	} else if (n >= 8) {
		memcpy(d, s, 8);
		memcpy(d + n - 8, s + n - 8, 8);
	} else if (n >= 4) {
		memcpy(d, s, 4);
		memcpy(d + n - 4, s + n - 4, 4);
	} else if (n) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

#endif
