/* net.h — the one module that talks HTTP (the only user of libcurl).
 *
 * HTTPS only (plain http only for loopback hosts, and only when the
 * caller sets allow_http_loopback); certificate checks always on; connect
 * and total timeouts; a body size limit; at most 5 redirects and never
 * from https to http; a User-Agent naming satchel and its version; proxy
 * variables honoured as curl does.  Test and corporate-network hooks:
 *   SATCHEL_CA_FILE  a PEM bundle trusted in addition to the system CAs
 *   SATCHEL_RESOLVE  "host:port:address[,host:port:address...]" as
 *                    curl's --resolve, so https://issuer.example/ can be
 *                    served by a loopback test server.
 *   SATCHEL_CONNECT_TO "host:port:connect-host:connect-port[,...]" as curl's
 *                    --connect-to: the same with another port (names and
 *                    certificates are still checked for host).
 *   SATCHEL_NET_TIMEOUT_MS  the total time limit of one transfer, in
 *                    milliseconds (1 to NET_MAX_TIMEOUT_MS), used when
 *                    opts->timeout_ms is 0 instead of NET_DEFAULT_TIMEOUT_MS;
 *                    it also bounds the connect time.  For tests (a
 *                    hostile server gives up sooner) and slow links.
 *
 * An HTTP cache (opts->cache) keeps 200 and 410 answers on disk, one file
 * per URL, with the validators (ETag, Last-Modified) and freshness
 * (Cache-Control max-age, Expires) the server sent and the time each
 * answer was fetched.  opts->offline answers from that cache only, at any
 * age, and resp->age says how old the answer is.  Where it lives:
 *   SATCHEL_CACHE_DIR, else $XDG_CACHE_HOME/satchel/http, else
 *   ~/.cache/satchel/http (directories created 0700).
 */
#ifndef SATCHEL_NET_H
#define SATCHEL_NET_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/buf.h"

#define NET_DEFAULT_MAX_BYTES	(16u * 1024 * 1024)
#define NET_DEFAULT_TIMEOUT_MS	20000L
#define NET_DEFAULT_CONNECT_MS	10000L
#define NET_MAX_TIMEOUT_MS	3600000L	/* SATCHEL_NET_TIMEOUT_MS: at most an hour */
#define NET_MAX_REDIRECTS	5

struct net_opts {
	const char *accept;		/* NULL: "application/ld+json, application/json" */
	size_t max_bytes;		/* 0: NET_DEFAULT_MAX_BYTES */
	long timeout_ms;		/* 0: $SATCHEL_NET_TIMEOUT_MS, else NET_DEFAULT_TIMEOUT_MS */
	long connect_timeout_ms;	/* 0: NET_DEFAULT_CONNECT_MS */
	int allow_http_loopback;	/* permit http:// to 127.0.0.0/8, ::1, localhost */
	int cache;			/* 1: answer from and store into the HTTP cache */
	int offline;			/* 1: no network; the cache (any age) or ERR_OFFLINE */
	const char *cache_dir;		/* NULL: the default (see above) */
};

struct net_response {
	long status;			/* HTTP status of the final response */
	char *content_type;		/* owned; NULL when the server sent none */
	char *final_url;		/* owned; the URL after redirects */
	struct buf body;		/* owned; at most max_bytes */
	int64_t fetched_at;		/* time_now() when the answer came from the origin;
					 * for a cached answer, when it was stored or
					 * last revalidated (a 304) */
	int from_cache;			/* 1: the body came from the cache (also after a 304) */
	int64_t age;			/* seconds from fetched_at to now; 0 for an
					 * answer that just came from the origin */
};

#define NET_RESPONSE_INIT { 0, NULL, NULL, BUF_INIT, 0, 0, 0 }

/* Process-wide set-up and tear-down of libcurl; net_get calls init lazily,
 * but that first call is not thread-safe: a program that fetches from
 * several threads calls net_global_init from main() first. */
int net_global_init(struct err *err);
void net_global_cleanup(void);

/* Checks that url may be fetched under opts (scheme, host); 0 or -1 with
 * ERR_USAGE and a message naming the rule. */
int net_url_allowed(const char *url, const struct net_opts *opts, struct err *err);

/* GETs url.  Returns 0 when any HTTP response arrived (resp->status says
 * which; the caller judges 404 or 410), -1 with ERR_NET (connection, TLS,
 * timeout, too many redirects), ERR_TOOBIG (body over the limit) or
 * ERR_USAGE (URL not allowed) or ERR_CONFIG (SATCHEL_CA_FILE unreadable,
 * SATCHEL_RESOLVE, SATCHEL_CONNECT_TO or SATCHEL_NET_TIMEOUT_MS malformed).
 * resp must be NET_RESPONSE_INIT; release it with net_response_release
 * whatever the result (after a failure it holds what had arrived: the
 * last status, a partial body).  opts may be NULL.  Never prints.
 *
 * With opts->cache, a stored answer that is still fresh is returned
 * without a request; a stale one is revalidated (If-None-Match,
 * If-Modified-Since) and a 304 answers from the cache.  A network failure
 * is still -1 when a stale copy exists: the caller may retry with
 * opts->offline to get it, knowing its age.  With opts->offline (which
 * implies reading the cache) nothing is sent: -1 with ERR_OFFLINE when
 * nothing is stored for url.  A damaged cache file counts as absent, and a
 * cache that cannot be written is skipped: the cache never fails a call. */
int net_get(const char *url, const struct net_opts *opts, struct net_response *resp,
	    struct err *err);

/* Frees what resp owns and leaves it empty, ready for another net_get. */
void net_response_release(struct net_response *resp);

#endif
