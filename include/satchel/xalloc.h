/* xalloc.h — allocation that cannot fail.
 *
 * Small, trusted-size allocations go through these: on exhaustion they call
 * the fatal hook (the TUI restores the terminal there) and abort.  Sizes
 * that come from outside input are checked against limits first.
 */
#ifndef SATCHEL_XALLOC_H
#define SATCHEL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a heap copy the caller owns; xstrdup(NULL) returns NULL. */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* A heap-allocated printf; the caller owns the result. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Grows *p (nmemb elements of size) to hold at least want elements. */
void xgrow(void **p, size_t *cap, size_t want, size_t size);

/* Called before abort() on exhaustion (set by the TUI to end curses). */
extern void (*xalloc_fatal_hook)(void);

#endif
