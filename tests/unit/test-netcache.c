/* test-netcache.c — net_get's HTTP cache and offline mode, against the
 * loopback server of tests/lib/https-server.py (started through
 * tests/lib/testca.sh, as test-net.c does; the tests skip without python3
 * or openssl).  Runs with the repository root as the working directory.
 *
 * State under build/trash/test-netcache-PID: the server's files (its
 * request log tells whether a fetch reached it) and cache/, emptied before
 * every test.  The clock is moved with SATCHEL_NOW.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "satchel/crypto.h"
#include "satchel/err.h"
#include "satchel/net.h"
#include "satchel/timeutil.h"
#include "testutil.h"

static struct {
	char dir[128];
	char cache[160];
	int ready;		/* server up: the tests may run */
	int port;
} srv;

#define LM "Mon, 01 Jan 2024 00:00:00 GMT"
#define T0 INT64_C(1700000000)	/* 2023-11-14T22:13:20Z: the clock of most tests */

static const char routes_json[] =
	"{\n"
	" \"/fresh\": {\"body\": \"fresh body\", \"etag\": \"\\\"f1\\\"\","
	" \"headers\": {\"Cache-Control\": \"public, max-age=60\"}},\n"
	" \"/etag\": {\"body\": \"etag body\", \"etag\": \"\\\"e1\\\"\","
	" \"headers\": {\"Cache-Control\": \"max-age=60\"}},\n"
	" \"/lm\": {\"body\": \"lm body\", \"last_modified\": \"" LM "\"},\n"
	" \"/plain\": {\"body\": \"plain body\"},\n"
	" \"/nostore\": {\"body\": \"secret\", \"etag\": \"\\\"n1\\\"\","
	" \"headers\": {\"Cache-Control\": \"no-store, max-age=600\"}},\n"
	" \"/nocache\": {\"body\": \"nc body\", \"etag\": \"\\\"c1\\\"\","
	" \"headers\": {\"Cache-Control\": \"no-cache, max-age=600\"}},\n"
	" \"/expires-future\": {\"body\": \"ef\","
	" \"headers\": {\"Expires\": \"Thu, 01 Jan 2099 00:00:00 GMT\"}},\n"
	" \"/expires-bad\": {\"body\": \"eb\", \"headers\": {\"Expires\": \"0\"}},\n"
	" \"/gone\": {\"status\": 410, \"body\": \"revoked\","
	" \"headers\": {\"Cache-Control\": \"max-age=60\"}},\n"
	" \"/teapot\": {\"status\": 418, \"body\": \"short and stout\"},\n"
	" \"/changed\": {\"body\": \"new body\", \"etag\": \"\\\"new\\\"\"},\n"
	" \"/moved\": {\"redirect\": \"/fresh\"}\n"
	"}\n";

/* ---- helpers ----------------------------------------------------------- */

static void url_of(const char *path, char *url, size_t size)
{
	snprintf(url, size, "https://issuer.example:%d%s", srv.port, path);
}

/* The cache file of url under dir, as cache.h describes it. */
static void entry_path(const char *dir, const char *url, char *out, size_t size)
{
	char hex[SHA256_HEX_LEN + 1];

	crypto_sha256_hex(url, strlen(url), hex);
	snprintf(out, size, "%s/%.2s/%s", dir, hex, hex + 2);
}

static void cached_path(const char *path, char *out, size_t size)
{
	char url[256];

	url_of(path, url, sizeof(url));
	entry_path(srv.cache, url, out, size);
}

static void set_now(int64_t t)
{
	char s[32];

	time_format(t, s);
	setenv("SATCHEL_NOW", s, 1);
}

/* How many requests for path the server logged, and in *last (when not
 * NULL; caller frees) the log line of the latest. */
static int requests(const char *path, char **last)
{
	char file[256], key[128], *log, *p, *end, *line = NULL;
	int n = 0;

	snprintf(file, sizeof(file), "%s/requests.log", srv.dir);
	snprintf(key, sizeof(key), "\"path\": \"%s\"", path);
	log = tu_read_file(file);
	for (p = log; p && *p; p = end ? end + 1 : p + strlen(p)) {
		end = strchr(p, '\n');
		if (!strstr(p, key) || (end && strstr(p, key) > end))
			continue;
		n++;
		free(line);
		line = strndup(p, end ? (size_t)(end - p) : strlen(p));
	}
	free(log);
	if (last)
		*last = line;
	else
		free(line);
	return n;
}

/* GETs path from the test server with the cache in srv.cache. */
static int get(const char *path, int offline, struct net_response *r, struct err *e)
{
	struct net_opts o = { .cache = 1, .offline = offline, .cache_dir = srv.cache };
	char url[256];

	url_of(path, url, sizeof(url));
	net_response_release(r);
	return net_get(url, &o, r, e);
}

/* A fetch that must succeed; returns the status. */
static long get_ok(const char *path, int offline, struct net_response *r)
{
	struct err e = ERR_INIT;

	if (get(path, offline, r, &e) < 0)
		fail_msg("'%s'%s: %s", path, offline ? " offline" : "", e.msg);
	return r->status;
}

static void expect_offline_miss(const char *path)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char want[300], url[256];

	url_of(path, url, sizeof(url));
	assert_int_equal(get(path, 1, &r, &e), -1);
	assert_int_equal(e.code, ERR_OFFLINE);
	snprintf(want, sizeof(want), "offline: no cached copy of '%s'", url);
	assert_string_equal(e.msg, want);
	assert_int_equal(r.from_cache, 0);
	net_response_release(&r);
}

#define NEED_SERVER() do { if (!srv.ready) skip(); } while (0)

/* ---- set-up ------------------------------------------------------------ */

static int group_setup(void **state)
{
	char path[256];

	(void)state;
	unsetenv("https_proxy");
	unsetenv("HTTPS_PROXY");
	unsetenv("ALL_PROXY");
	unsetenv("all_proxy");
	setenv("no_proxy", "*", 1);
	unsetenv("SATCHEL_NOW");
	unsetenv("SATCHEL_CACHE_DIR");
	if (net_global_init(NULL) < 0)
		return -1;
	snprintf(srv.dir, sizeof(srv.dir), "build/trash/test-netcache-%ld", (long)getpid());
	snprintf(srv.cache, sizeof(srv.cache), "%s/cache", srv.dir);
	if (tu_run("command -v python3 >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1") < 0)
		return 0;	/* the tests skip */
	snprintf(path, sizeof(path), "%s/routes.json", srv.dir);
	if (tu_run("rm -rf %s && mkdir -p %s/www", srv.dir, srv.dir) < 0 ||
	    tu_write_bytes(path, routes_json, strlen(routes_json)) < 0)
		return -1;
	if (tu_run(". tests/lib/testca.sh && testca_init %s && https_server_start %s %s/www %s",
		srv.dir, srv.dir, srv.dir, path) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/port", srv.dir);
	{
		char *s = tu_read_file(path);

		srv.port = s ? atoi(s) : 0;
		free(s);
	}
	snprintf(path, sizeof(path), "%s/ca.pem", srv.dir);
	setenv("SATCHEL_CA_FILE", path, 1);
	snprintf(path, sizeof(path), "issuer.example:%d:127.0.0.1", srv.port);
	setenv("SATCHEL_RESOLVE", path, 1);
	srv.ready = srv.port > 0;
	return srv.ready ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	if (srv.dir[0] && access(srv.dir, F_OK) == 0)
		tu_run(". tests/lib/testca.sh && https_server_stop %s; rm -rf %s", srv.dir, srv.dir);
	net_global_cleanup();
	return 0;
}

/* Every test starts with an empty cache, an empty request log and the
 * clock at T0. */
static int test_setup(void **state)
{
	(void)state;
	set_now(T0);
	if (!srv.ready)
		return 0;
	return tu_run("rm -rf %s && : >%s/requests.log", srv.cache, srv.dir);
}

/* ---- fresh entries: no request ------------------------------------------ */

static void test_store_then_fresh_hit(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char file[512];
	struct stat st;

	(void)state;
	NEED_SERVER();
	assert_int_equal(get_ok("/fresh", 0, &r), 200);
	assert_int_equal(r.from_cache, 0);
	assert_int_equal(r.age, 0);
	assert_int_equal(r.fetched_at, T0);
	assert_int_equal(requests("/fresh", NULL), 1);
	cached_path("/fresh", file, sizeof(file));
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0022, 0);		/* nobody else may write */

	set_now(T0 + 59);
	assert_int_equal(get_ok("/fresh", 0, &r), 200);
	assert_int_equal(requests("/fresh", NULL), 1);	/* answered without a request */
	assert_int_equal(r.from_cache, 1);
	assert_int_equal(r.age, 59);
	assert_int_equal(r.fetched_at, T0);
	assert_string_equal(r.body.s, "fresh body");
	assert_string_equal(r.content_type, "application/ld+json");
	net_response_release(&r);
}

static void test_cache_dirs_are_private(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char file[512], *slash;
	struct stat st;

	(void)state;
	NEED_SERVER();
	get_ok("/fresh", 0, &r);
	net_response_release(&r);
	assert_int_equal(stat(srv.cache, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700 & ~(mode_t)umask(umask(0)));
	cached_path("/fresh", file, sizeof(file));
	slash = strrchr(file, '/');
	*slash = '\0';
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 0077, 0);
}

static void test_expires(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;

	(void)state;
	NEED_SERVER();
	/* measured against the server's Date, so SATCHEL_NOW does not matter */
	get_ok("/expires-future", 0, &r);
	set_now(T0 + 86400);
	get_ok("/expires-future", 0, &r);
	assert_int_equal(r.from_cache, 1);
	assert_int_equal(requests("/expires-future", NULL), 1);
	/* an invalid Expires is already expired */
	get_ok("/expires-bad", 0, &r);
	get_ok("/expires-bad", 0, &r);
	assert_int_equal(r.from_cache, 0);
	assert_int_equal(requests("/expires-bad", NULL), 2);
	net_response_release(&r);
}

static void test_fragment_shares_entry(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;

	(void)state;
	NEED_SERVER();
	get_ok("/fresh", 0, &r);
	assert_int_equal(get_ok("/fresh#key-1", 0, &r), 200);
	assert_int_equal(r.from_cache, 1);
	assert_int_equal(requests("/fresh", NULL), 1);
	net_response_release(&r);
}

/* ---- revalidation --------------------------------------------------------- */

static void test_revalidate_etag_304(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char *line;

	(void)state;
	NEED_SERVER();
	get_ok("/etag", 0, &r);
	assert_int_equal(requests("/etag", &line), 1);
	assert_non_null(strstr(line, "\"if_none_match\": null"));
	free(line);

	set_now(T0 + 120);		/* past max-age=60 */
	assert_int_equal(get_ok("/etag", 0, &r), 200);
	assert_int_equal(requests("/etag", &line), 2);
	assert_non_null(strstr(line, "\"if_none_match\": \"\\\"e1\\\"\""));
	free(line);
	assert_int_equal(r.from_cache, 1);	/* the 304 answered from the cache */
	assert_int_equal(r.age, 0);
	assert_int_equal(r.fetched_at, T0 + 120);
	assert_string_equal(r.body.s, "etag body");
	assert_string_equal(r.content_type, "application/ld+json");

	set_now(T0 + 150);		/* the 304 refreshed it: fresh again */
	get_ok("/etag", 0, &r);
	assert_int_equal(requests("/etag", NULL), 2);
	assert_int_equal(r.age, 30);
	assert_int_equal(r.fetched_at, T0 + 120);
	net_response_release(&r);
}

static void test_revalidate_last_modified(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char *line;

	(void)state;
	NEED_SERVER();
	get_ok("/lm", 0, &r);
	/* no freshness at all: every use asks, conditionally */
	set_now(T0 + 1);
	assert_int_equal(get_ok("/lm", 0, &r), 200);
	assert_int_equal(requests("/lm", &line), 2);
	assert_non_null(strstr(line, "\"if_modified_since\": \"" LM "\""));
	assert_non_null(strstr(line, "\"if_none_match\": null"));
	free(line);
	assert_int_equal(r.from_cache, 1);
	assert_string_equal(r.body.s, "lm body");
	net_response_release(&r);
}

static void test_no_cache_always_revalidates(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char *line;

	(void)state;
	NEED_SERVER();
	get_ok("/nocache", 0, &r);
	get_ok("/nocache", 0, &r);	/* max-age=600, but no-cache */
	assert_int_equal(requests("/nocache", &line), 2);
	assert_non_null(strstr(line, "\"if_none_match\": \"\\\"c1\\\"\""));
	free(line);
	assert_int_equal(r.from_cache, 1);
	assert_string_equal(r.body.s, "nc body");
	net_response_release(&r);
}

/* A hand-written entry stands for an older version of the resource. */
static void write_entry(const char *url, const char *etag, int64_t fetched_at,
			const char *body)
{
	char file[512], head[1024], *slash;

	entry_path(srv.cache, url, file, sizeof(file));
	slash = strrchr(file, '/');
	*slash = '\0';
	assert_int_equal(tu_run("mkdir -p %s", file), 0);
	*slash = '/';
	snprintf(head, sizeof(head), "{\"url\": \"%s\", \"status\": 200, \"content_type\":"
		 " \"text/plain\", \"etag\": \"%s\", \"fetched_at\": %lld, \"max_age\": 10,"
		 " \"final_url\": null, \"body_len\": %zu}\n%s", url, etag,
		 (long long)fetched_at, strlen(body), body);
	assert_int_equal(tu_write_bytes(file, head, strlen(head)), 0);
}

static void test_changed_resource_replaces_entry(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char url[256], *line;

	(void)state;
	NEED_SERVER();
	url_of("/changed", url, sizeof(url));
	write_entry(url, "\\\"old\\\"", T0 - 3600, "old body");
	assert_int_equal(get_ok("/changed", 1, &r), 200);
	assert_string_equal(r.body.s, "old body");
	assert_int_equal(r.age, 3600);
	assert_string_equal(r.final_url, url);		/* null final_url: the key */

	assert_int_equal(get_ok("/changed", 0, &r), 200);
	assert_int_equal(requests("/changed", &line), 1);
	assert_non_null(strstr(line, "\"if_none_match\": \"\\\"old\\\"\""));
	free(line);
	assert_int_equal(r.from_cache, 0);
	assert_string_equal(r.body.s, "new body");

	set_now(T0 + 5);
	assert_int_equal(get_ok("/changed", 1, &r), 200);
	assert_string_equal(r.body.s, "new body");
	assert_int_equal(r.age, 5);
	assert_string_equal(r.content_type, "application/ld+json");
	net_response_release(&r);
}

/* ---- offline -------------------------------------------------------------- */

static void test_offline_answers_any_age(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char url[256];

	(void)state;
	NEED_SERVER();
	get_ok("/plain", 0, &r);
	set_now(T0 + 86400 * 400);
	assert_int_equal(get_ok("/plain", 1, &r), 200);
	assert_int_equal(requests("/plain", NULL), 1);
	assert_int_equal(r.from_cache, 1);
	assert_int_equal(r.age, 86400 * 400);
	assert_int_equal(r.fetched_at, T0);
	assert_string_equal(r.body.s, "plain body");
	url_of("/plain", url, sizeof(url));
	assert_string_equal(r.final_url, url);
	/* a clock set back never gives a negative age */
	set_now(T0 - 10);
	get_ok("/plain", 1, &r);
	assert_int_equal(r.age, 0);
	net_response_release(&r);
}

static void test_offline_miss_makes_no_request(void **state)
{
	(void)state;
	NEED_SERVER();
	expect_offline_miss("/plain");
	assert_int_equal(requests("/plain", NULL), 0);
}

static void test_offline_without_cache_flag(void **state)
{
	struct net_opts o = { .offline = 1, .cache_dir = srv.cache };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[256];

	(void)state;
	NEED_SERVER();
	get_ok("/plain", 0, &r);
	url_of("/plain", url, sizeof(url));
	/* offline implies reading the cache */
	assert_int_equal(net_get(url, &o, &r, &e), 0);
	assert_int_equal(r.from_cache, 1);
	/* and still refuses what may never be fetched */
	assert_int_equal(net_get("http://issuer.example/x", &o, &r, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	net_response_release(&r);
}

static void test_redirect_cached_under_asked_url(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char want[256];

	(void)state;
	NEED_SERVER();
	get_ok("/moved", 0, &r);
	assert_int_equal(get_ok("/moved", 1, &r), 200);
	url_of("/fresh", want, sizeof(want));
	assert_string_equal(r.final_url, want);
	assert_string_equal(r.body.s, "fresh body");
	net_response_release(&r);
}

/* ---- what is stored ---------------------------------------------------- */

static void test_no_store_never_cached(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char file[512];

	(void)state;
	NEED_SERVER();
	get_ok("/nostore", 0, &r);
	assert_string_equal(r.body.s, "secret");
	cached_path("/nostore", file, sizeof(file));
	assert_int_not_equal(access(file, F_OK), 0);
	get_ok("/nostore", 0, &r);
	assert_int_equal(requests("/nostore", NULL), 2);
	assert_int_equal(r.from_cache, 0);
	net_response_release(&r);
	expect_offline_miss("/nostore");
}

static void test_gone_cached(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;

	(void)state;
	NEED_SERVER();
	assert_int_equal(get_ok("/gone", 0, &r), 410);
	assert_int_equal(get_ok("/gone", 0, &r), 410);
	assert_int_equal(r.from_cache, 1);
	assert_int_equal(requests("/gone", NULL), 1);
	set_now(T0 + 7200);
	assert_int_equal(get_ok("/gone", 1, &r), 410);
	assert_string_equal(r.body.s, "revoked");
	assert_int_equal(r.age, 7200);
	net_response_release(&r);
}

static void test_other_statuses_not_cached(void **state)
{
	static const char *const paths[] = { "/missing.json", "/teapot" };
	struct net_response r = NET_RESPONSE_INIT;
	size_t i;

	(void)state;
	NEED_SERVER();
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		get_ok(paths[i], 0, &r);
		get_ok(paths[i], 0, &r);
		assert_int_equal(r.from_cache, 0);
		assert_int_equal(requests(paths[i], NULL), 2);
		expect_offline_miss(paths[i]);
	}
	net_response_release(&r);
}

static void test_not_found_forgets_old_entry(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char url[256];

	(void)state;
	NEED_SERVER();
	url_of("/missing.json", url, sizeof(url));
	write_entry(url, "x", T0 - 3600, "was here");
	assert_int_equal(get_ok("/missing.json", 0, &r), 404);
	net_response_release(&r);
	/* the origin said it is gone: offline must not bring it back */
	expect_offline_miss("/missing.json");
}

static void test_larger_than_max_bytes_is_a_miss(void **state)
{
	struct net_opts o = { .offline = 1, .cache_dir = srv.cache, .max_bytes = 4 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[256];

	(void)state;
	NEED_SERVER();
	get_ok("/plain", 0, &r);
	url_of("/plain", url, sizeof(url));
	assert_int_equal(net_get(url, &o, &r, &e), -1);
	assert_int_equal(e.code, ERR_OFFLINE);
	net_response_release(&r);
}

static void test_cache_off_writes_nothing(void **state)
{
	struct net_opts o = { .cache_dir = srv.cache };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[256];

	(void)state;
	NEED_SERVER();
	url_of("/fresh", url, sizeof(url));
	assert_int_equal(net_get(url, &o, &r, &e), 0);
	assert_int_equal(net_get(url, &o, &r, &e), 0);
	assert_int_equal(r.from_cache, 0);
	assert_int_equal(requests("/fresh", NULL), 2);
	assert_int_not_equal(access(srv.cache, F_OK), 0);
	net_response_release(&r);
}

/* ---- damage and failures -------------------------------------------------- */

/* Ways to damage a cache file: literal contents, the real file minus its
 * last byte, or a well-formed head that must still be refused. */
static const struct damage {
	const char *name;
	const char *data;		/* NULL: truncate */
	const char *status, *fetched_at;	/* with data "head": the head's fields */
} damages[] = {
	{ "empty", "" },
	{ "garbage", "\x01\x02 not json at all" },
	{ "no newline", "{\"url\": \"x\"}" },
	{ "truncated body", NULL },
	{ "wrong url", "{\"url\": \"https://elsewhere.example/\", \"status\": 200,"
		       " \"fetched_at\": 1, \"body_len\": 1}\nx" },
	{ "status not kept", "head", "404", "1" },
	{ "wrong type", "head", "200", "\"1\"" },
};

static void damage_entry(const struct damage *d, const char *file, const char *url)
{
	char *orig = tu_read_file(file), head[1024];
	const char *data = d->data;

	assert_non_null(orig);
	if (!data) {
		orig[strlen(orig) - 1] = '\0';
		data = orig;
	} else if (!strcmp(data, "head")) {
		snprintf(head, sizeof(head), "{\"url\": \"%s\", \"status\": %s, \"fetched_at\": %s,"
			 " \"max_age\": 600, \"body_len\": 1}\nx", url, d->status, d->fetched_at);
		data = head;
	}
	assert_int_equal(tu_write_bytes(file, data, strlen(data)), 0);
	free(orig);
}

static void test_damaged_entry_ignored(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	char file[512], url[256];
	size_t i;

	(void)state;
	NEED_SERVER();
	url_of("/fresh", url, sizeof(url));
	cached_path("/fresh", file, sizeof(file));
	for (i = 0; i < sizeof(damages) / sizeof(damages[0]); i++) {
		get_ok("/fresh", 0, &r);	/* stores, or answers the repaired copy */
		damage_entry(&damages[i], file, url);
		expect_offline_miss("/fresh");
		/* online, a damaged entry is a miss: fetched again, and repaired */
		assert_int_equal(get_ok("/fresh", 0, &r), 200);
		if (r.from_cache)
			fail_msg("'%s': damaged entry was used", damages[i].name);
		assert_string_equal(r.body.s, "fresh body");
		assert_int_equal(get_ok("/fresh", 1, &r), 200);
	}
	/* the first store, then one fetch per damaged copy */
	assert_int_equal((size_t)requests("/fresh", NULL), 1 + i);
	net_response_release(&r);
}

static void test_network_failure_not_hidden(void **state)
{
	struct net_opts o = { .cache = 1, .cache_dir = srv.cache };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];
	int fd, port;

	(void)state;
	NEED_SERVER();
	/* a port that was just free and has no listener */
	port = tu_dead_port(&fd);
	assert_true(port > 0);
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/badge", port);
	write_entry(url, "\\\"s\\\"", T0 - 100, "stale");
	/* stale and unreachable: the error, not the stale copy */
	assert_int_equal(net_get(url, &o, &r, &e), -1);
	assert_int_equal(e.code, ERR_NET);
	assert_int_equal(r.from_cache, 0);
	/* the caller may then choose the stale copy, knowing its age */
	o.offline = 1;
	assert_int_equal(net_get(url, &o, &r, &e), 0);
	close(fd);
	assert_int_equal(r.from_cache, 1);
	assert_int_equal(r.age, 100);
	assert_string_equal(r.body.s, "stale");
	assert_string_equal(r.content_type, "text/plain");
	net_response_release(&r);
}

/* ---- where the cache lives ------------------------------------------------ */

/* Fetches /fresh with the default directory and checks the entry is in
 * dir. */
static void expect_default_dir(const char *dir)
{
	struct net_opts o = { .cache = 1 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[256], file[512];

	url_of("/fresh", url, sizeof(url));
	if (net_get(url, &o, &r, &e) < 0)
		fail_msg("%s", e.msg);
	net_response_release(&r);
	entry_path(dir, url, file, sizeof(file));
	if (access(file, F_OK) != 0)
		fail_msg("no cache entry '%s'", file);
}

static void test_default_cache_dir(void **state)
{
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
	char *xdg = getenv("XDG_CACHE_HOME") ? strdup(getenv("XDG_CACHE_HOME")) : NULL;
	char d[512], *abs;

	(void)state;
	NEED_SERVER();
	snprintf(d, sizeof(d), "%s/env", srv.cache);
	setenv("SATCHEL_CACHE_DIR", d, 1);
	expect_default_dir(d);
	unsetenv("SATCHEL_CACHE_DIR");
	abs = realpath(srv.dir, NULL);
	assert_non_null(abs);
	snprintf(d, sizeof(d), "%s/cache/xdg", abs);
	free(abs);
	setenv("XDG_CACHE_HOME", d, 1);
	strcat(d, "/satchel/http");
	expect_default_dir(d);
	setenv("XDG_CACHE_HOME", "relative/ignored", 1);	/* the XDG spec says so */
	snprintf(d, sizeof(d), "%s/home", srv.cache);
	setenv("HOME", d, 1);
	snprintf(d, sizeof(d), "%s/home/.cache/satchel/http", srv.cache);
	expect_default_dir(d);
	if (home)
		setenv("HOME", home, 1);
	else
		unsetenv("HOME");
	if (xdg)
		setenv("XDG_CACHE_HOME", xdg, 1);
	else
		unsetenv("XDG_CACHE_HOME");
	free(home);
	free(xdg);
}

#define T(fn) cmocka_unit_test_setup(fn, test_setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_store_then_fresh_hit),
		T(test_cache_dirs_are_private),
		T(test_expires),
		T(test_fragment_shares_entry),
		T(test_revalidate_etag_304),
		T(test_revalidate_last_modified),
		T(test_no_cache_always_revalidates),
		T(test_changed_resource_replaces_entry),
		T(test_offline_answers_any_age),
		T(test_offline_miss_makes_no_request),
		T(test_offline_without_cache_flag),
		T(test_redirect_cached_under_asked_url),
		T(test_no_store_never_cached),
		T(test_gone_cached),
		T(test_other_statuses_not_cached),
		T(test_not_found_forgets_old_entry),
		T(test_larger_than_max_bytes_is_a_miss),
		T(test_cache_off_writes_nothing),
		T(test_damaged_entry_ignored),
		T(test_network_failure_not_hidden),
		T(test_default_cache_dir),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
