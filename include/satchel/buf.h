/* buf.h — a growable byte buffer with a maximum size.
 *
 * Invariants (as git's strbuf): b.s is never NULL after buf_init and is
 * always NUL-terminated, so it can be used as a C string when the data is
 * text.  b.max bounds growth (0 = no bound): an append that would exceed it
 * fails with ERR_TOOBIG and leaves the buffer as it was, so a bad server
 * reply or file cannot grow it without limit.  The buffer owns b.s;
 * buf_detach() hands it to the caller.
 */
#ifndef SATCHEL_BUF_H
#define SATCHEL_BUF_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/err.h"

struct buf {
	char *s;
	size_t len;
	size_t cap;
	size_t max;
};

#define BUF_INIT { NULL, 0, 0, 0 }

void buf_init(struct buf *b, size_t max);
/* Frees the contents; the struct may be reused after buf_init. */
void buf_release(struct buf *b);
/* Wipes the contents with OPENSSL_cleanse-like zeroing, then releases. */
void buf_release_secure(struct buf *b);
/* Empties the buffer, keeping its allocation and maximum. */
void buf_reset(struct buf *b);
/* Cuts b back to its first len bytes (len <= b->len), as before a
 * failed append. */
void buf_truncate(struct buf *b, size_t len);
/* Returns the data (caller owns it, NUL-terminated) and leaves b empty. */
char *buf_detach(struct buf *b, size_t *len);

/* Makes room for extra more bytes without changing the contents, for a
 * caller that knows about how much it will append; ERR_TOOBIG past the
 * maximum. */
int buf_reserve(struct buf *b, size_t extra, struct err *err);
/* Appends n zero bytes and returns a pointer to them (valid until the next
 * change of b), or NULL with ERR_TOOBIG past the maximum. */
void *buf_extend(struct buf *b, size_t n, struct err *err);
/* The same without the zeroing, for a caller that writes all n bytes at
 * once before b is read (a whole canonical document, say). */
void *buf_space(struct buf *b, size_t n, struct err *err);

int buf_add(struct buf *b, const void *data, size_t len, struct err *err);
int buf_adds(struct buf *b, const char *s, struct err *err);
int buf_addc(struct buf *b, char c, struct err *err);
int buf_addf(struct buf *b, struct err *err, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
