/* cache.h — the on-disk HTTP cache behind net_get (internal to src/net/).
 *
 * One file per URL under the cache directory, named by the SHA-256 of the
 * URL in hex and fanned out as objects are (ab/cdef...), so that no
 * directory grows huge.  A file is one JSON line of metadata, then the
 * body bytes exactly as the origin sent them:
 *
 *   {"url": ..., "status": 200, "content_type": ..., "etag": ...,
 *    "last_modified": ..., "fetched_at": 1700000000, "max_age": 3600,
 *    "no_cache": false, "final_url": ..., "body_len": 1234}\n<body>
 *
 * Files are replaced atomically (file_write_atomic), so a reader sees an
 * old or a new entry, never a torn one; anything that does not parse or
 * does not match (another URL, a wrong body length) is treated as absent.
 * No HTTP here and no curl: net.c decides what to store and when.
 */
#ifndef SATCHEL_NET_CACHE_H
#define SATCHEL_NET_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/buf.h"
#include "satchel/err.h"

/* Room for the metadata line in front of the body. */
#define NET_CACHE_HEAD_MAX	(64u * 1024)

/* One stored answer.  The entry owns every string and the body. */
struct net_cache_entry {
	char *url;		/* the cache key (net.c normalises it) */
	long status;		/* 200 or 410: the only answers kept */
	char *content_type;	/* NULL when the origin sent none */
	char *final_url;	/* after redirects; NULL: same as url */
	char *etag;		/* validators, NULL when not sent */
	char *last_modified;
	int64_t fetched_at;	/* time_now() of the fetch or last 304 */
	int64_t max_age;	/* freshness lifetime from fetched_at; -1: none */
	int no_cache;		/* Cache-Control: no-cache: revalidate every time */
	struct buf body;
};

#define NET_CACHE_ENTRY_INIT { NULL, 0, NULL, NULL, NULL, NULL, 0, -1, 0, BUF_INIT }

/* The cache directory: dir when not NULL or empty, else
 * $SATCHEL_CACHE_DIR, $XDG_CACHE_HOME/satchel/http (an absolute
 * XDG_CACHE_HOME only, as the XDG spec asks), ~/.cache/satchel/http.
 * Caller owns the result; NULL when there is no home to put it in. */
char *net_cache_dir(const char *dir);

/* Loads the entry for url into e (NET_CACHE_ENTRY_INIT); a body larger
 * than max_bytes counts as absent.  Returns 0 when found and sound, -1
 * when absent or damaged (e is then empty).  Never an error: a cache
 * that cannot be read is a cache that misses. */
int net_cache_load(const char *dir, const char *url, size_t max_bytes,
		   struct net_cache_entry *e);

/* Writes e under e->url atomically, creating directories 0700. */
int net_cache_store(const char *dir, const struct net_cache_entry *e, struct err *err);

/* Forgets the entry for url, if any. */
void net_cache_remove(const char *dir, const char *url);

/* Seconds since e was fetched at now (never negative: the clock may be
 * set back, as SATCHEL_NOW can). */
int64_t net_cache_age(const struct net_cache_entry *e, int64_t now);

/* 1 when e may be answered at now without asking the origin. */
int net_cache_fresh(const struct net_cache_entry *e, int64_t now);

/* Frees what e owns and leaves it as NET_CACHE_ENTRY_INIT. */
void net_cache_entry_release(struct net_cache_entry *e);

#endif
