/* xalloc.c — allocation that aborts on exhaustion (include/satchel/xalloc.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/xalloc.h"

void (*xalloc_fatal_hook)(void);

static void oom(void)
{
	if (xalloc_fatal_hook)
		xalloc_fatal_hook();
	fputs("satchel: fatal: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom();
	return q;
}

char *xstrdup(const char *s)
{
	return s ? xstrndup(s, strlen(s)) : NULL;
}

char *xstrndup(const char *s, size_t n)
{
	char *p;

	if (!s)
		return NULL;
	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void xgrow(void **p, size_t *cap, size_t want, size_t size)
{
	size_t n = *cap ? *cap : 8;

	if (want <= *cap)
		return;
	while (n < want) {
		if (n > ((size_t)-1 / 2) / size)
			oom();
		n *= 2;
	}
	*p = xrealloc(*p, n * size);
	*cap = n;
}
