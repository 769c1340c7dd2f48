/* buf.c — bounded growable buffer (include/satchel/buf.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include "satchel/buf.h"
#include "satchel/bytes.h"
#include "satchel/xalloc.h"

static char buf_empty[1];

void buf_init(struct buf *b, size_t max)
{
	b->s = buf_empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void buf_release(struct buf *b)
{
	if (b->s && b->s != buf_empty)
		free(b->s);
	buf_init(b, b->max);
}

void buf_release_secure(struct buf *b)
{
	if (b->s && b->s != buf_empty)
		OPENSSL_cleanse(b->s, b->cap);
	buf_release(b);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->s != buf_empty)
		b->s[0] = '\0';
}

void buf_truncate(struct buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *s = b->s == buf_empty ? xstrdup("") : b->s;

	if (len)
		*len = b->len;
	buf_init(b, b->max);
	return s;
}

int buf_reserve(struct buf *b, size_t extra, struct err *err)
{
	size_t want, n;

	if (extra > (size_t)-1 - b->len - 1)
		return err_set(err, ERR_TOOBIG, "buffer size overflow");
	want = b->len + extra;
	if (b->max && want > b->max)
		return err_set(err, ERR_TOOBIG, "more than %zu bytes", b->max);
	if (want + 1 <= b->cap)
		return 0;
	n = b->cap ? b->cap : 64;
	while (n < want + 1)
		n = n > (size_t)-1 / 2 ? want + 1 : n * 2;
	if (b->s == buf_empty) {
		b->s = xmalloc(n);
		b->s[0] = '\0';
	} else {
		b->s = xrealloc(b->s, n);
	}
	b->cap = n;
	return 0;
}

void *buf_space(struct buf *b, size_t n, struct err *err)
{
	char *p;

	if (buf_reserve(b, n, err) < 0)
		return NULL;
	p = b->s + b->len;
	b->len += n;
	b->s[b->len] = '\0';
	return p;
}

void *buf_extend(struct buf *b, size_t n, struct err *err)
{
	char *p = buf_space(b, n, err);

	if (p)
		memset(p, 0, n);
	return p;
}

int buf_add(struct buf *b, const void *data, size_t len, struct err *err)
{
	if (buf_reserve(b, len, err) < 0)
		return -1;
	bytes_copy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
	return 0;
}

int buf_adds(struct buf *b, const char *s, struct err *err)
{
	return buf_add(b, s, strlen(s), err);
}

int buf_addc(struct buf *b, char c, struct err *err)
{
	return buf_add(b, &c, 1, err);
}

int buf_addf(struct buf *b, struct err *err, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return err_set(err, ERR_PARSE, "bad format");
	if (buf_reserve(b, (size_t)n, err) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}
