/* net.c — HTTPS GET with libcurl (see include/satchel/net.h).
 *
 * Every call uses its own easy handle: nothing is shared between
 * transfers, so there is no connection cache to reason about and a call
 * can run on any thread once net_global_init has run.  The rules (https
 * only, certificates checked, limits on time, size and redirects) are all
 * set here, in one place, so no caller can forget one.
 *
 * The HTTP cache (cache.c keeps the files) is driven from here too, since
 * only here are the response headers seen: net_get_cached decides between
 * the stored copy, a conditional request and a plain one, and
 * net_cache_after what to keep of the answer.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "satchel/err.h"
#include "satchel/buf.h"
#include "satchel/dl.h"
#include "satchel/net.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"
#include "cache.h"

#define NET_DEFAULT_ACCEPT	"application/ld+json, application/json"
#define NET_USER_AGENT		"satchel/" SATCHEL_VERSION
#define NET_SYSTEM_CA_FILE	"/etc/ssl/certs/ca-certificates.crt"
#define NET_CA_FILE_MAX		(8u * 1024 * 1024)
#define NET_STR_(x)		#x
#define NET_STR(x)		NET_STR_(x)

/* What the final response said about caching it. */
struct net_meta {
	char *etag, *last_modified;	/* owned; NULL when not sent */
	int64_t max_age;		/* lifetime from max-age or Expires; -1: none */
	int has_freshness;		/* Cache-Control or Expires was sent */
	int no_store, no_cache;
};

#define NET_META_INIT { NULL, NULL, -1, 0, 0, 0 }

/* The state of one transfer, from set-up to clean-up. */
struct net_call {
	CURL *curl;
	const char *url;		/* as the caller gave it */
	struct net_response *resp;
	struct curl_slist *headers;
	struct curl_slist *lists[2];	/* SATCHEL_RESOLVE, SATCHEL_CONNECT_TO */
	size_t max_bytes;
	int too_big;			/* the write callback refused data */
	const struct net_cache_entry *validators;	/* NULL: unconditional */
	struct net_meta *meta;		/* NULL: caching headers not wanted */
	char errbuf[CURL_ERROR_SIZE];
};

/* libcurl is opened when the first URL is checked or fetched, not linked:
 * loaded at start with the two dozen libraries it brings, it made up
 * about half of every satchel command's start-up (8 of 16 ms), and most
 * commands (list, show, an offline verify) never touch the network
 * (dl.h).  The pointers have curl.h's types. */
#define CURL_SONAME	"libcurl.so.4"

struct curl_api {
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	const char *(*easy_strerror)(CURLcode);
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
	CURLUcode (*url_get)(const CURLU *, CURLUPart, char **, unsigned int);
	void (*url_cleanup)(CURLU *);
	void (*free)(void *);
	curl_version_info_data *(*version_info)(CURLversion);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLHcode (*easy_header)(CURL *, const char *, size_t, unsigned int, int,
				 struct curl_header **);
	time_t (*getdate)(const char *, const time_t *);
	CURL *(*easy_init)(void);
	CURLcode (*easy_perform)(CURL *);
	void (*easy_cleanup)(CURL *);
};

static struct curl_api cu;

static const struct dl_fn curl_fns[] = {
	DL_FN(struct curl_api, global_init, "curl_global_init"),
	DL_FN(struct curl_api, global_cleanup, "curl_global_cleanup"),
	DL_FN(struct curl_api, easy_strerror, "curl_easy_strerror"),
	DL_FN(struct curl_api, url, "curl_url"),
	DL_FN(struct curl_api, url_set, "curl_url_set"),
	DL_FN(struct curl_api, url_get, "curl_url_get"),
	DL_FN(struct curl_api, url_cleanup, "curl_url_cleanup"),
	DL_FN(struct curl_api, free, "curl_free"),
	DL_FN(struct curl_api, version_info, "curl_version_info"),
	DL_FN(struct curl_api, easy_setopt, "curl_easy_setopt"),
	DL_FN(struct curl_api, slist_append, "curl_slist_append"),
	DL_FN(struct curl_api, slist_free_all, "curl_slist_free_all"),
	DL_FN(struct curl_api, easy_getinfo, "curl_easy_getinfo"),
	DL_FN(struct curl_api, easy_header, "curl_easy_header"),
	DL_FN(struct curl_api, getdate, "curl_getdate"),
	DL_FN(struct curl_api, easy_init, "curl_easy_init"),
	DL_FN(struct curl_api, easy_perform, "curl_easy_perform"),
	DL_FN(struct curl_api, easy_cleanup, "curl_easy_cleanup"),
};

static void *curl_lib;

static int net_inited;

int net_global_init(struct err *err)
{
	CURLcode rc;

	if (net_inited)
		return 0;
	if (dl_open(&curl_lib, CURL_SONAME, curl_fns, sizeof(curl_fns) / sizeof(curl_fns[0]), &cu,
		    err) < 0)
		return -1;
	rc = cu.global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		return err_set(err, ERR_NET, "cannot initialise libcurl: %s",
			       cu.easy_strerror(rc));
	net_inited = 1;
	return 0;
}

void net_global_cleanup(void)
{
	if (!net_inited)
		return;
	cu.global_cleanup();
	net_inited = 0;
}

/* ---- which URLs may be fetched ------------------------------------- */

/* Splits url into scheme (lower-case) and host, both curl-allocated (free
 * with curl_free).  The scheme need not be one curl supports, so that the
 * caller can name it in its message. */
static int net_url_split(const char *url, char **scheme, char **host)
{
	CURLU *u = cu.url();
	int ret = -1;

	*scheme = *host = NULL;
	if (!u)
		return -1;
	if (cu.url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	if (cu.url_get(u, CURLUPART_SCHEME, scheme, 0) != CURLUE_OK)
		goto out;
	if (cu.url_get(u, CURLUPART_HOST, host, 0) != CURLUE_OK || !**host) {
		cu.free(*host);
		*host = NULL;
		goto out;
	}
	ret = 0;
out:
	cu.url_cleanup(u);
	return ret;
}

/* True for 127.0.0.0/8 (also as ::ffff:127.x), ::1 and "localhost": hosts
 * that cannot leave the machine, where plain http exposes nothing (curl
 * resolves "localhost" itself, never through DNS).  host is as curl_url
 * returns it: IPv4 in dotted form, IPv6 in brackets. */
static int net_host_is_loopback(const char *host)
{
	unsigned char a4[4], a6[16];
	char inner[64];
	size_t len = strlen(host);

	if (!strcasecmp(host, "localhost"))
		return 1;
	if (inet_pton(AF_INET, host, a4) == 1)
		return a4[0] == 127;
	if (len < 3 || len - 2 >= sizeof(inner) || host[0] != '[' || host[len - 1] != ']')
		return 0;
	memcpy(inner, host + 1, len - 2);
	inner[len - 2] = '\0';
	if (inet_pton(AF_INET6, inner, a6) != 1)
		return 0;
	if (IN6_IS_ADDR_V4MAPPED((struct in6_addr *)a6))
		return a6[12] == 127;
	return IN6_IS_ADDR_LOOPBACK((struct in6_addr *)a6);
}

int net_url_allowed(const char *url, const struct net_opts *opts, struct err *err)
{
	char *scheme = NULL, *host = NULL;
	int ret = -1;

	if (net_global_init(err) < 0)
		return -1;
	if (!url || net_url_split(url, &scheme, &host) < 0) {
		err_set(err, ERR_USAGE, "cannot parse URL '%s'", url ? url : "(null)");
		goto out;
	}
	if (!strcmp(scheme, "https"))
		ret = 0;
	else if (strcmp(scheme, "http"))
		err_set(err, ERR_USAGE, "scheme '%s' not allowed in '%s' (https only)",
			scheme, url);
	else if (!opts || !opts->allow_http_loopback)
		err_set(err, ERR_USAGE, "plain http not allowed for '%s' (https only)", url);
	else if (!net_host_is_loopback(host))
		err_set(err, ERR_USAGE,
			"plain http not allowed for '%s' (only for loopback hosts)", url);
	else
		ret = 0;
out:
	cu.free(scheme);
	cu.free(host);
	return ret;
}

/* ---- environment hooks: SATCHEL_CA_FILE, SATCHEL_RESOLVE ------------ */

/* Appends the file at path to b; on failure err->msg says why, without
 * the path (the caller names the file in its own words). */
static int net_read_file(const char *path, struct buf *b, struct err *err)
{
	char chunk[8192];
	size_t n;
	int failed = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return err_set(err, ERR_IO, "%s", strerror(errno));
	while (!failed && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		failed = buf_add(b, chunk, n, err) < 0;
	if (!failed && ferror(f))
		failed = err_set(err, ERR_IO, "read error") < 0;
	fclose(f);
	return failed ? -1 : 0;
}

/* Curl takes a single CA bundle, so trusting SATCHEL_CA_FILE "in addition
 * to" the system CAs means handing it both, concatenated, as one blob. */
static int net_set_ca(struct net_call *c, struct err *err)
{
	const char *extra = getenv("SATCHEL_CA_FILE");
	const char *sys = cu.version_info(CURLVERSION_NOW)->cainfo;
	struct err why = ERR_INIT;
	struct curl_blob blob;
	struct buf b;
	int ret = -1;

	if (!extra || !*extra)
		return 0;
	buf_init(&b, NET_CA_FILE_MAX);
	if (net_read_file(sys ? sys : NET_SYSTEM_CA_FILE, &b, NULL) < 0)
		buf_reset(&b);	/* no system bundle: the extra file alone */
	if (buf_addc(&b, '\n', &why) < 0 || net_read_file(extra, &b, &why) < 0) {
		err_set(err, ERR_CONFIG, "cannot read SATCHEL_CA_FILE '%s': %s", extra, why.msg);
		goto out;
	}
	blob.data = b.s;
	blob.len = b.len;
	blob.flags = CURL_BLOB_COPY;
	if (cu.easy_setopt(c->curl, CURLOPT_CAINFO_BLOB, &blob) != CURLE_OK) {
		err_set(err, ERR_CONFIG, "cannot use SATCHEL_CA_FILE '%s'", extra);
		goto out;
	}
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

/* "host:port:address" with a non-empty host and address and a numeric
 * port; curl would silently skip a malformed entry, hiding the typo. */
static int net_resolve_entry_ok(const char *e)
{
	const char *p = strchr(e, ':'), *q;

	if (!p || p == e)
		return 0;
	q = p + 1 + strspn(p + 1, "0123456789");
	return q > p + 1 && q - p <= 6 && *q == ':' && q[1];
}

/* "host:port:connect-host:connect-port" (curl's --connect-to); a test
 * or a corporate network can send https://issuer.example/ (port 443)
 * to a server listening elsewhere, certificate checks unchanged. */
static int net_connect_entry_ok(const char *e)
{
	const char *p = strchr(e, ':'), *q, *r;

	if (!p || p == e)
		return 0;
	q = p + 1 + strspn(p + 1, "0123456789");
	if (q == p + 1 || q - p > 6 || *q != ':')
		return 0;
	r = strrchr(q + 1, ':');
	return r && r > q + 1 && r[1] && strspn(r + 1, "0123456789") == strlen(r + 1) &&
	       strlen(r + 1) <= 5;
}

/* Environment hooks that become curl host lists, checked entry by entry
 * because curl would silently skip a malformed one, hiding the typo. */
static const struct env_list {
	const char *env;
	CURLoption opt;
	int (*ok)(const char *entry);
	const char *want;
} env_lists[] = {
	{ "SATCHEL_RESOLVE", CURLOPT_RESOLVE, net_resolve_entry_ok, "host:port:address" },
	{ "SATCHEL_CONNECT_TO", CURLOPT_CONNECT_TO, net_connect_entry_ok,
	  "host:port:connect-host:connect-port" },
};

static int net_set_list(struct net_call *c, size_t k, struct err *err)
{
	const struct env_list *l = &env_lists[k];
	const char *env = getenv(l->env);
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if (!env || !*env)
		return 0;
	copy = xstrdup(env);
	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (!l->ok(tok)) {
			ret = err_set(err, ERR_CONFIG, "bad %s entry '%s' (want %s)", l->env, tok,
				      l->want);
			break;
		}
		c->lists[k] = cu.slist_append(c->lists[k], tok);
		if (!c->lists[k]) {
			ret = err_set(err, ERR_NOMEM, "cannot store %s entry '%s'", l->env, tok);
			break;
		}
	}
	free(copy);
	if (!ret && c->lists[k] && cu.easy_setopt(c->curl, l->opt, c->lists[k]))
		ret = err_set(err, ERR_CONFIG, "cannot use %s '%s'", l->env, env);
	return ret;
}

static int net_set_resolve(struct net_call *c, struct err *err)
{
	size_t k;

	for (k = 0; k < sizeof(env_lists) / sizeof(env_lists[0]); k++)
		if (net_set_list(c, k, err) < 0)
			return -1;
	return 0;
}

/* ---- the transfer --------------------------------------------------- */

/* Stores the body; refusing a chunk makes curl abort with
 * CURLE_WRITE_ERROR, which net_fail turns into ERR_TOOBIG. */
static size_t net_write_cb(char *data, size_t size, size_t nmemb, void *userp)
{
	struct net_call *c = userp;
	size_t n = size * nmemb;

	if (buf_add(&c->resp->body, data, n, NULL) < 0) {
		c->too_big = 1;
		return 0;
	}
	return n;
}

/* Options that are the same for every transfer: the security rules. */
static const struct {
	CURLoption opt;
	long val;
} net_fixed_opts[] = {
	{ CURLOPT_NOSIGNAL, 1L },		/* no SIGALRM: threads, the TUI */
	{ CURLOPT_FOLLOWLOCATION, 1L },
	{ CURLOPT_MAXREDIRS, NET_MAX_REDIRECTS },
	{ CURLOPT_SSL_VERIFYPEER, 1L },
	{ CURLOPT_SSL_VERIFYHOST, 2L },
	{ CURLOPT_FAILONERROR, 0L },		/* 404 and 410 are answers */
};

static CURLcode net_setopts(struct net_call *c, int allow_http)
{
	CURLcode rc = CURLE_OK;
	size_t i;

	for (i = 0; !rc && i < sizeof(net_fixed_opts) / sizeof(net_fixed_opts[0]); i++)
		rc = cu.easy_setopt(c->curl, net_fixed_opts[i].opt, net_fixed_opts[i].val);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR,
				      allow_http ? "https,http" : "https");
	if (!rc)	/* never follow a redirect away from TLS */
		rc = cu.easy_setopt(c->curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_URL, c->url);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_USERAGENT, NET_USER_AGENT);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, net_write_cb);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	if (!rc)	/* refuse early when Content-Length already says too much */
		rc = cu.easy_setopt(c->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_bytes);
	return rc;
}

/* Appends "name: value" to the request headers. */
static int net_add_header(struct net_call *c, const char *name, const char *value)
{
	char *line = xasprintf("%s: %s", name, value);
	struct curl_slist *l = cu.slist_append(c->headers, line);

	free(line);
	if (!l)
		return -1;
	c->headers = l;
	return 0;
}

/* Makes the request conditional on the stored copy being outdated, so
 * that an unchanged resource costs a 304 and no body.  A value with a
 * line break can only come from a damaged cache file: it is not sent,
 * so it cannot smuggle in headers of its own. */
static int net_add_validators(struct net_call *c)
{
	const struct net_cache_entry *v = c->validators;

	if (!v)
		return 0;
	if (v->etag && !strpbrk(v->etag, "\r\n") &&
	    net_add_header(c, "If-None-Match", v->etag) < 0)
		return -1;
	if (v->last_modified && !strpbrk(v->last_modified, "\r\n") &&
	    net_add_header(c, "If-Modified-Since", v->last_modified) < 0)
		return -1;
	return 0;
}

/* The total time limit: the caller's, else SATCHEL_NET_TIMEOUT_MS, else
 * the default.  A value that is not a number of milliseconds in range is
 * an error, not ignored: a typo would silently bring back the 20 s that a
 * test or a slow link wanted changed. */
static int net_timeout(const struct net_opts *o, long *ms, struct err *err)
{
	const char *env = getenv("SATCHEL_NET_TIMEOUT_MS");
	char *end;
	long v;

	*ms = o->timeout_ms > 0 ? o->timeout_ms : NET_DEFAULT_TIMEOUT_MS;
	if (o->timeout_ms > 0 || !env || !*env)
		return 0;
	errno = 0;
	v = strtol(env, &end, 10);
	if (errno || end == env || *end || v < 1 || v > NET_MAX_TIMEOUT_MS)
		return err_set(err, ERR_CONFIG,
			       "bad SATCHEL_NET_TIMEOUT_MS '%s' (want milliseconds, 1 to %ld)", env,
			       NET_MAX_TIMEOUT_MS);
	*ms = v;
	return 0;
}

static int net_setup(struct net_call *c, const struct net_opts *o, struct err *err)
{
	long conn = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : NET_DEFAULT_CONNECT_MS;
	long total;
	CURLcode rc;

	if (net_timeout(o, &total, err) < 0)
		return -1;
	if (net_add_header(c, "Accept", o->accept ? o->accept : NET_DEFAULT_ACCEPT) < 0 ||
	    net_add_validators(c) < 0)
		return err_set(err, ERR_NOMEM, "cannot set up the request for '%s'", c->url);
	rc = net_setopts(c, o->allow_http_loopback);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, total);
	if (!rc)
		rc = cu.easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS, conn);
	if (rc)
		return err_set(err, ERR_NET, "cannot set up the request for '%s': %s", c->url,
			       cu.easy_strerror(rc));
	if (net_set_ca(c, err) < 0 || net_set_resolve(c, err) < 0)
		return -1;
	return 0;
}

/* How each curl failure is told: "<pre> '<subject>'<post>[: <detail>]".
 * The subject is the URL asked for, the URL curl was on when it failed
 * (after redirects), or that URL's host. */
enum net_subject { NET_SUBJ_URL, NET_SUBJ_WHERE, NET_SUBJ_HOST };
enum net_detail { NET_DETAIL_NONE, NET_DETAIL_CURL, NET_DETAIL_ERRNO };

static const struct net_failure {
	CURLcode code;
	const char *pre, *post;
	enum net_subject subject;
	enum net_detail detail;
} net_failures[] = {
	{ CURLE_COULDNT_RESOLVE_HOST, "cannot resolve host", "",
	  NET_SUBJ_HOST, NET_DETAIL_NONE },
	{ CURLE_COULDNT_RESOLVE_PROXY, "cannot resolve the proxy for", "",
	  NET_SUBJ_HOST, NET_DETAIL_CURL },
	{ CURLE_COULDNT_CONNECT, "cannot connect to", "",
	  NET_SUBJ_HOST, NET_DETAIL_ERRNO },
	{ CURLE_OPERATION_TIMEDOUT, "timed out fetching", "",
	  NET_SUBJ_URL, NET_DETAIL_CURL },
	{ CURLE_PEER_FAILED_VERIFICATION, "certificate of", " not trusted",
	  NET_SUBJ_HOST, NET_DETAIL_CURL },
	{ CURLE_SSL_CONNECT_ERROR, "TLS handshake with", " failed",
	  NET_SUBJ_HOST, NET_DETAIL_CURL },
	{ CURLE_SSL_CACERT_BADFILE, "cannot load the CA certificates to check", "",
	  NET_SUBJ_HOST, NET_DETAIL_CURL },
	{ CURLE_TOO_MANY_REDIRECTS, "too many redirects fetching",
	  " (more than " NET_STR(NET_MAX_REDIRECTS) ")", NET_SUBJ_URL, NET_DETAIL_NONE },
	/* the URL itself was checked: only a redirect can get here */
	{ CURLE_UNSUPPORTED_PROTOCOL, "redirect to", " refused (https only)",
	  NET_SUBJ_WHERE, NET_DETAIL_NONE },
	{ CURLE_GOT_NOTHING, "empty reply from", "",
	  NET_SUBJ_HOST, NET_DETAIL_NONE },
	{ CURLE_RECV_ERROR, "connection to", " broken while receiving",
	  NET_SUBJ_HOST, NET_DETAIL_CURL },
	{ CURLE_SEND_ERROR, "connection to", " broken while sending",
	  NET_SUBJ_HOST, NET_DETAIL_CURL },
};

static const struct net_failure net_failure_other = {
	CURLE_OK, "cannot fetch", "", NET_SUBJ_URL, NET_DETAIL_CURL
};

static const struct net_failure *net_failure_find(CURLcode rc)
{
	size_t i;

	for (i = 0; i < sizeof(net_failures) / sizeof(net_failures[0]); i++)
		if (net_failures[i].code == rc)
			return &net_failures[i];
	return &net_failure_other;
}

/* Turns a failed transfer into an err. */
static int net_fail(struct net_call *c, CURLcode rc, struct err *err)
{
	const struct net_failure *f = net_failure_find(rc);
	char *where = NULL, *scheme = NULL, *host = NULL;
	const char *subject = c->url, *detail = "";
	long os_errno = 0;

	if (c->too_big || rc == CURLE_FILESIZE_EXCEEDED)
		return err_set(err, ERR_TOOBIG, "response from '%s' larger than %zu bytes", c->url,
			       c->max_bytes);
	cu.easy_getinfo(c->curl, CURLINFO_EFFECTIVE_URL, &where);
	if (f->subject == NET_SUBJ_HOST && where && net_url_split(where, &scheme, &host) == 0)
		subject = host;
	else if (f->subject == NET_SUBJ_WHERE && where)
		subject = where;
	if (f->detail == NET_DETAIL_ERRNO)
		cu.easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno)
		detail = strerror((int)os_errno);
	else if (f->detail != NET_DETAIL_NONE)
		detail = c->errbuf[0] ? c->errbuf : cu.easy_strerror(rc);
	err_set(err, ERR_NET, "%s '%s'%s%s%s", f->pre, subject, f->post, *detail ? ": " : "",
		detail);
	cu.free(scheme);
	cu.free(host);
	return -1;
}

/* ---- caching headers of the response -------------------------------- */

/* The index-th header called name in the final response (after
 * redirects); *h stays valid until the next call. */
static int net_header(CURL *curl, const char *name, size_t index, struct curl_header **h)
{
	return cu.easy_header(curl, name, index, CURLH_HEADER, -1, h) == CURLHE_OK;
}

static char *net_header_dup(CURL *curl, const char *name)
{
	struct curl_header *h;

	return net_header(curl, name, 0, &h) ? xstrdup(h->value) : NULL;
}

/* RFC 9111 delta-seconds, quoted or not: an invalid value means "stale",
 * and a huge one is capped as the RFC says. */
static int64_t net_delta_seconds(const char *s, size_t n)
{
	int64_t v = 0;
	size_t i;

	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		s++;
		n -= 2;
	}
	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		if (v < INT64_C(2147483648))
			v = v * 10 + (s[i] - '0');
	}
	return v < INT64_C(2147483648) ? v : INT64_C(2147483648);
}

/* Applies one directive ("max-age=60", "no-store") of length n. */
static void net_cc_directive(const char *d, size_t n, struct net_meta *m)
{
	const char *eq = memchr(d, '=', n);
	size_t name = eq ? (size_t)(eq - d) : n;

	if (name == 8 && !strncasecmp(d, "no-store", 8))
		m->no_store = 1;
	else if (name == 8 && !strncasecmp(d, "no-cache", 8))
		m->no_cache = 1;	/* also no-cache="field": we keep no fields apart */
	else if (name == 7 && !strncasecmp(d, "max-age", 7) && m->max_age < 0)
		m->max_age = eq ? net_delta_seconds(eq + 1, n - name - 1) : 0;
}

static void net_cache_control(const char *value, struct net_meta *m)
{
	const char *p = value;

	while (*p) {
		size_t n;

		p += strspn(p, " \t,");
		n = strcspn(p, ",");
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n)
			net_cc_directive(p, n, m);
		p += strcspn(p, ",");
	}
}

/* Expires as a lifetime, measured against the server's own Date when
 * there is one, so that a wrong local clock cannot stretch it.  An
 * unparsable Expires ("0", "-1") means already expired (RFC 9111 5.3). */
static int64_t net_expires_lifetime(struct net_call *c, const char *expires)
{
	time_t exp = cu.getdate(expires, NULL), date = -1;
	struct curl_header *h;
	int64_t base;

	if (exp == -1)
		return 0;
	if (net_header(c->curl, "Date", 0, &h))
		date = cu.getdate(h->value, NULL);
	base = date != -1 ? (int64_t)date : c->resp->fetched_at;
	return (int64_t)exp > base ? (int64_t)exp - base : 0;
}

/* Fills m from the headers of the final response; max-age wins over
 * Expires, as RFC 9111 4.2.1 says. */
static void net_meta_read(struct net_call *c, struct net_meta *m)
{
	struct curl_header *h;
	char *expires;
	size_t i, n = 1;

	m->etag = net_header_dup(c->curl, "ETag");
	m->last_modified = net_header_dup(c->curl, "Last-Modified");
	for (i = 0; i < n && net_header(c->curl, "Cache-Control", i, &h); i++) {
		n = h->amount;
		m->has_freshness = 1;
		net_cache_control(h->value, m);
	}
	expires = net_header_dup(c->curl, "Expires");
	if (expires) {
		m->has_freshness = 1;
		if (m->max_age < 0)
			m->max_age = net_expires_lifetime(c, expires);
	}
	free(expires);
}

static void net_meta_release(struct net_meta *m)
{
	free(m->etag);
	free(m->last_modified);
	*m = (struct net_meta)NET_META_INIT;
}

/* ---- the transfer, and net_get ----------------------------------------- */

/* Records what arrived; called whatever the outcome, so that a caller
 * looking at a failed transfer still sees the last status. */
static void net_collect(struct net_call *c)
{
	struct net_response *r = c->resp;
	char *ct = NULL, *where = NULL;

	cu.easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	cu.easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
	cu.easy_getinfo(c->curl, CURLINFO_EFFECTIVE_URL, &where);
	free(r->content_type);
	free(r->final_url);
	r->content_type = xstrdup(ct);
	r->final_url = xstrdup(where ? where : c->url);
	r->fetched_at = time_now();
	if (c->meta)
		net_meta_read(c, c->meta);
}

static size_t net_max_bytes(const struct net_opts *o)
{
	return o->max_bytes ? o->max_bytes : NET_DEFAULT_MAX_BYTES;
}

/* One request to the origin: conditional when v is given, and with the
 * caching headers put in m when it is not NULL. */
static int net_transfer(const char *url, const struct net_opts *opts,
			const struct net_cache_entry *v, struct net_meta *m,
			struct net_response *resp, struct err *err)
{
	struct net_call c = { 0 };
	CURLcode rc;
	int ret = -1;

	c.url = url;
	c.resp = resp;
	c.max_bytes = net_max_bytes(opts);
	c.validators = v;
	c.meta = m;
	if (net_global_init(err) < 0)
		return -1;
	c.curl = cu.easy_init();
	if (!c.curl)
		return err_set(err, ERR_NET, "cannot start a transfer for '%s'", url);
	if (net_setup(&c, opts, err) < 0)
		goto out;
	rc = cu.easy_perform(c.curl);
	net_collect(&c);
	if (rc != CURLE_OK)
		net_fail(&c, rc, err);
	else
		ret = 0;
out:
	cu.easy_cleanup(c.curl);
	cu.slist_free_all(c.headers);
	cu.slist_free_all(c.lists[0]);
	cu.slist_free_all(c.lists[1]);
	return ret;
}

/* The cache key: the URL as curl reads it (scheme in lower case, default
 * port dropped) without its fragment, which is never sent, so that
 * "…/badge#key" and "…/badge" share one entry.  Caller owns it. */
static char *net_cache_key(const char *url)
{
	CURLU *u = cu.url();
	char *s = NULL, *key;

	if (u && cu.url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    cu.url_set(u, CURLUPART_FRAGMENT, NULL, 0) == CURLUE_OK &&
	    cu.url_get(u, CURLUPART_URL, &s, CURLU_NO_DEFAULT_PORT) == CURLUE_OK)
		key = xstrdup(s);
	else
		key = xstrdup(url);
	cu.free(s);
	cu.url_cleanup(u);
	return key;
}

/* Answers r from e, moving e's strings and body into it. */
static void net_answer_cached(struct net_response *r, struct net_cache_entry *e, int64_t now)
{
	free(r->content_type);
	free(r->final_url);
	buf_release(&r->body);
	r->status = e->status;
	r->content_type = e->content_type;
	r->final_url = e->final_url ? e->final_url : xstrdup(e->url);
	r->body = e->body;
	r->fetched_at = e->fetched_at;
	r->age = net_cache_age(e, now);
	r->from_cache = 1;
	e->content_type = e->final_url = NULL;
	e->body = (struct buf)BUF_INIT;
}

/* A 304 to our conditional request: the stored body is current again.
 * Header fields the 304 carries replace the stored ones (RFC 9111 4.3.4). */
static void net_revalidated(const char *dir, struct net_cache_entry *e, struct net_meta *m,
			    struct net_response *r)
{
	e->fetched_at = r->fetched_at;
	if (m->etag) {
		free(e->etag);
		e->etag = m->etag;
		m->etag = NULL;
	}
	if (m->last_modified) {
		free(e->last_modified);
		e->last_modified = m->last_modified;
		m->last_modified = NULL;
	}
	if (m->has_freshness) {
		e->max_age = m->max_age;
		e->no_cache = m->no_cache;
	}
	if (m->no_store)
		net_cache_remove(dir, e->url);
	else
		net_cache_store(dir, e, NULL);
	net_answer_cached(r, e, r->fetched_at);
}

/* Stores a new answer.  The entry is a view: it borrows r's strings and
 * body and m's validators, and is never released. */
static void net_store_answer(const char *dir, char *key, const struct net_meta *m,
			     const struct net_response *r)
{
	struct net_cache_entry view = NET_CACHE_ENTRY_INIT;

	view.url = key;
	view.status = r->status;
	view.content_type = r->content_type;
	view.final_url = r->final_url;
	view.etag = m->etag;
	view.last_modified = m->last_modified;
	view.fetched_at = r->fetched_at;
	view.max_age = m->max_age;
	view.no_cache = m->no_cache;
	view.body = r->body;
	/* a failed write must not leave the older answer to be served */
	if (net_cache_store(dir, &view, NULL) < 0)
		net_cache_remove(dir, key);
}

/* What to keep of an answer.  200 and 410 (how a hosted badge says
 * "revoked") are stored.  Any other answer from the origin supersedes the
 * stored one, which is forgotten so that --offline cannot serve it later;
 * only a 5xx, the server's own trouble, says nothing about the resource. */
static void net_cache_after(const char *dir, char *key, struct net_cache_entry *e,
			    struct net_meta *m, struct net_response *r)
{
	if (r->status == 304 && e)
		net_revalidated(dir, e, m, r);
	else if ((r->status == 200 || r->status == 410) && !m->no_store)
		net_store_answer(dir, key, m, r);
	else if (r->status < 500)
		net_cache_remove(dir, key);
}

static int net_get_cached(const char *url, const struct net_opts *o,
			  struct net_response *resp, struct err *err)
{
	struct net_cache_entry e = NET_CACHE_ENTRY_INIT;
	struct net_meta m = NET_META_INIT;
	char *dir = net_cache_dir(o->cache_dir), *key = net_cache_key(url);
	int64_t now = time_now();
	int have = dir && net_cache_load(dir, key, net_max_bytes(o), &e) == 0;
	int ret = 0;

	if (have && (o->offline || net_cache_fresh(&e, now)))
		net_answer_cached(resp, &e, now);
	else if (o->offline)
		ret = err_set(err, ERR_OFFLINE, "offline: no cached copy of '%s'", url);
	else if ((ret = net_transfer(url, o, have ? &e : NULL, &m, resp, err)) == 0 && dir)
		net_cache_after(dir, key, have ? &e : NULL, &m, resp);
	net_meta_release(&m);
	net_cache_entry_release(&e);
	free(key);
	free(dir);
	return ret;
}

int net_get(const char *url, const struct net_opts *opts, struct net_response *resp,
	    struct err *err)
{
	static const struct net_opts defaults;

	if (!opts)
		opts = &defaults;
	buf_release(&resp->body);
	buf_init(&resp->body, net_max_bytes(opts));
	resp->from_cache = 0;
	resp->age = 0;
	if (net_url_allowed(url, opts, err) < 0)
		return -1;
	if (opts->cache || opts->offline)
		return net_get_cached(url, opts, resp, err);
	return net_transfer(url, opts, NULL, NULL, resp, err);
}

void net_response_release(struct net_response *resp)
{
	if (!resp)
		return;
	free(resp->content_type);
	free(resp->final_url);
	buf_release(&resp->body);
	resp->content_type = NULL;
	resp->final_url = NULL;
	resp->status = 0;
	resp->fetched_at = 0;
	resp->from_cache = 0;
	resp->age = 0;
}
