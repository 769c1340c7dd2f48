/* net.c — HTTPS GET with libcurl (see include/satchel/net.h).
 *
 * Every call uses its own easy handle: nothing is shared between
 * transfers, so there is no connection cache to reason about and a call
 * can run on any thread once net_global_init has run.  The rules (https
 * only, certificates checked, limits on time, size and redirects) are all
 * set here, in one place, so no caller can forget one.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <curl/curl.h>
#include "satchel/err.h"
#include "satchel/buf.h"
#include "satchel/net.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

#define NET_DEFAULT_ACCEPT	"application/ld+json, application/json"
#define NET_USER_AGENT		"satchel/" SATCHEL_VERSION
#define NET_SYSTEM_CA_FILE	"/etc/ssl/certs/ca-certificates.crt"
#define NET_CA_FILE_MAX		(8u * 1024 * 1024)
#define NET_STR_(x)		#x
#define NET_STR(x)		NET_STR_(x)

/* The state of one transfer, from set-up to clean-up. */
struct net_call {
	CURL *curl;
	const char *url;		/* as the caller gave it */
	struct net_response *resp;
	struct curl_slist *headers;
	struct curl_slist *resolve;
	size_t max_bytes;
	int too_big;			/* the write callback refused data */
	char errbuf[CURL_ERROR_SIZE];
};

static int net_inited;

int net_global_init(struct err *err)
{
	CURLcode rc;

	if (net_inited)
		return 0;
	rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		return err_set(err, ERR_NET, "cannot initialise libcurl: %s",
			       curl_easy_strerror(rc));
	net_inited = 1;
	return 0;
}

void net_global_cleanup(void)
{
	if (!net_inited)
		return;
	curl_global_cleanup();
	net_inited = 0;
}

/* ---- which URLs may be fetched ------------------------------------- */

/* Splits url into scheme (lower-case) and host, both curl-allocated (free
 * with curl_free).  The scheme need not be one curl supports, so that the
 * caller can name it in its message. */
static int net_url_split(const char *url, char **scheme, char **host)
{
	CURLU *u = curl_url();
	int ret = -1;

	*scheme = *host = NULL;
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_SCHEME, scheme, 0) != CURLUE_OK)
		goto out;
	if (curl_url_get(u, CURLUPART_HOST, host, 0) != CURLUE_OK || !**host) {
		curl_free(*host);
		*host = NULL;
		goto out;
	}
	ret = 0;
out:
	curl_url_cleanup(u);
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
	curl_free(scheme);
	curl_free(host);
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
	const char *sys = curl_version_info(CURLVERSION_NOW)->cainfo;
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
	if (curl_easy_setopt(c->curl, CURLOPT_CAINFO_BLOB, &blob) != CURLE_OK) {
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

static int net_set_resolve(struct net_call *c, struct err *err)
{
	const char *env = getenv("SATCHEL_RESOLVE");
	char *copy, *tok, *save = NULL;
	int ret = 0;

	if (!env || !*env)
		return 0;
	copy = xstrdup(env);
	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (!net_resolve_entry_ok(tok)) {
			ret = err_set(err, ERR_CONFIG, "bad SATCHEL_RESOLVE entry '%s'"
				      " (want host:port:address)", tok);
			break;
		}
		c->resolve = curl_slist_append(c->resolve, tok);
		if (!c->resolve) {
			ret = err_set(err, ERR_NOMEM, "cannot store SATCHEL_RESOLVE entry '%s'",
				      tok);
			break;
		}
	}
	free(copy);
	if (!ret && c->resolve && curl_easy_setopt(c->curl, CURLOPT_RESOLVE, c->resolve))
		ret = err_set(err, ERR_CONFIG, "cannot use SATCHEL_RESOLVE '%s'", env);
	return ret;
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
		rc = curl_easy_setopt(c->curl, net_fixed_opts[i].opt, net_fixed_opts[i].val);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR,
				      allow_http ? "https,http" : "https");
	if (!rc)	/* never follow a redirect away from TLS */
		rc = curl_easy_setopt(c->curl, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_URL, c->url);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_USERAGENT, NET_USER_AGENT);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, c->headers);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, net_write_cb);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, c);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, c->errbuf);
	if (!rc)	/* refuse early when Content-Length already says too much */
		rc = curl_easy_setopt(c->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_bytes);
	return rc;
}

static int net_setup(struct net_call *c, const struct net_opts *o, struct err *err)
{
	char *accept = xasprintf("Accept: %s", o->accept ? o->accept : NET_DEFAULT_ACCEPT);
	long total = o->timeout_ms > 0 ? o->timeout_ms : NET_DEFAULT_TIMEOUT_MS;
	long conn = o->connect_timeout_ms > 0 ? o->connect_timeout_ms : NET_DEFAULT_CONNECT_MS;
	CURLcode rc;

	c->headers = curl_slist_append(NULL, accept);
	free(accept);
	if (!c->headers)
		return err_set(err, ERR_NOMEM, "cannot set up the request for '%s'", c->url);
	rc = net_setopts(c, o->allow_http_loopback);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, total);
	if (!rc)
		rc = curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS, conn);
	if (rc)
		return err_set(err, ERR_NET, "cannot set up the request for '%s': %s", c->url,
			       curl_easy_strerror(rc));
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
	curl_easy_getinfo(c->curl, CURLINFO_EFFECTIVE_URL, &where);
	if (f->subject == NET_SUBJ_HOST && where && net_url_split(where, &scheme, &host) == 0)
		subject = host;
	else if (f->subject == NET_SUBJ_WHERE && where)
		subject = where;
	if (f->detail == NET_DETAIL_ERRNO)
		curl_easy_getinfo(c->curl, CURLINFO_OS_ERRNO, &os_errno);
	if (os_errno)
		detail = strerror((int)os_errno);
	else if (f->detail != NET_DETAIL_NONE)
		detail = c->errbuf[0] ? c->errbuf : curl_easy_strerror(rc);
	err_set(err, ERR_NET, "%s '%s'%s%s%s", f->pre, subject, f->post, *detail ? ": " : "",
		detail);
	curl_free(scheme);
	curl_free(host);
	return -1;
}

/* Records what arrived; called whatever the outcome, so that a caller
 * looking at a failed transfer still sees the last status. */
static void net_collect(struct net_call *c)
{
	struct net_response *r = c->resp;
	char *ct = NULL, *where = NULL;

	curl_easy_getinfo(c->curl, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(c->curl, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(c->curl, CURLINFO_EFFECTIVE_URL, &where);
	free(r->content_type);
	free(r->final_url);
	r->content_type = xstrdup(ct);
	r->final_url = xstrdup(where ? where : c->url);
	r->fetched_at = time_now();
}

int net_get(const char *url, const struct net_opts *opts, struct net_response *resp,
	    struct err *err)
{
	static const struct net_opts defaults;
	struct net_call c = { 0 };
	CURLcode rc;
	int ret = -1;

	if (!opts)
		opts = &defaults;
	c.url = url;
	c.resp = resp;
	c.max_bytes = opts->max_bytes ? opts->max_bytes : NET_DEFAULT_MAX_BYTES;
	buf_release(&resp->body);
	buf_init(&resp->body, c.max_bytes);
	if (net_url_allowed(url, opts, err) < 0 || net_global_init(err) < 0)
		return -1;
	c.curl = curl_easy_init();
	if (!c.curl)
		return err_set(err, ERR_NET, "cannot start a transfer for '%s'", url);
	if (net_setup(&c, opts, err) < 0)
		goto out;
	rc = curl_easy_perform(c.curl);
	net_collect(&c);
	if (rc != CURLE_OK)
		net_fail(&c, rc, err);
	else
		ret = 0;
out:
	curl_easy_cleanup(c.curl);
	curl_slist_free_all(c.headers);
	curl_slist_free_all(c.resolve);
	return ret;
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
}
