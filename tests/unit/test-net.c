/* test-net.c — net_url_allowed rules, and real transfers against the
 * loopback server of tests/lib/https-server.py (started by the group set-up
 * through tests/lib/testca.sh; the transfer tests skip without python3 or
 * openssl).  Runs with the repository root as the working directory.
 *
 * Three servers, each with its own state directory under build/trash:
 *   DIR        HTTPS, cert from the test CA (SATCHEL_CA_FILE), reached as
 *              issuer.example, badges.example, other.example (not in its
 *              cert) through SATCHEL_RESOLVE
 *   DIR/rogue  HTTPS, cert from a second CA that nothing trusts
 *   DIR/plain  plain http, for the loopback exception
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
#include <time.h>
#include <unistd.h>
#include "satchel/err.h"
#include "satchel/net.h"
#include "testutil.h"

static struct {
	char dir[128];
	int ready;		/* servers up: transfer tests may run */
	int port, rogue_port, http_port;
} srv;

static const char routes_json[] =
	"{\n"
	" \"/gone\": {\"status\": 410, \"body\": \"revoked\"},\n"
	" \"/moved\": {\"redirect\": \"/ok.json\"},\n"
	" \"/moved-host\": {\"status\": 301,"
	" \"redirect\": \"https://badges.example:{{PORT}}/ok.json\"},\n"
	" \"/to-http\": {\"redirect\": \"http://127.0.0.1:{{PORT}}/ok.json\"},\n"
	" \"/r0\": {\"redirect\": \"/r1\"}, \"/r1\": {\"redirect\": \"/r2\"},\n"
	" \"/r2\": {\"redirect\": \"/r3\"}, \"/r3\": {\"redirect\": \"/r4\"},\n"
	" \"/r4\": {\"redirect\": \"/r5\"}, \"/r5\": {\"redirect\": \"/r6\"},\n"
	" \"/r6\": {\"redirect\": \"/ok.json\"},\n"
	" \"/slow\": {\"delay_ms\": 3000, \"body_file\": \"ok.json\"},\n"
	" \"/huge\": {\"size\": 60000000},\n"
	" \"/stream\": {\"size\": 5000, \"no_length\": true},\n"
	" \"/exact\": {\"size\": 1000, \"no_length\": true},\n"
	" \"/html\": {\"body\": \"<p>hi</p>\", \"content_type\": \"text/html; charset=utf-8\"},\n"
	" \"/bare\": {\"body\": \"x\", \"content_type\": null},\n"
	" \"/hdr-default\": {\"body_file\": \"ok.json\"},\n"
	" \"/hdr-custom\": {\"body_file\": \"ok.json\"}\n"
	"}\n";

static const char ok_json[] = "{\"type\": \"Profile\", \"name\": \"Test Issuer\"}\n";

/* ---- helpers ---------------------------------------------------------- */

/* The port the server in srv.dir + sub wrote (0 when none). */
static int read_port(const char *sub)
{
	char path[256], *s;
	int port;

	snprintf(path, sizeof(path), "%s%s/port", srv.dir, sub);
	s = tu_read_file(path);
	port = s ? atoi(s) : 0;
	free(s);
	return port;
}

static void set_ca_file(const char *sub)
{
	char path[256];

	snprintf(path, sizeof(path), "%s%s/ca.pem", srv.dir, sub);
	setenv("SATCHEL_CA_FILE", path, 1);
}

static void set_resolve(void)
{
	char v[256];

	snprintf(v, sizeof(v), "issuer.example:%d:127.0.0.1,badges.example:%d:127.0.0.1,"
		 "other.example:%d:127.0.0.1", srv.port, srv.port, srv.port);
	setenv("SATCHEL_RESOLVE", v, 1);
}

static int get(const char *path, const struct net_opts *o, struct net_response *r,
	       struct err *e)
{
	char url[256];

	snprintf(url, sizeof(url), "https://issuer.example:%d%s", srv.port, path);
	return net_get(url, o, r, e);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define NEED_SERVER() do { if (!srv.ready) skip(); } while (0)

/* ---- set-up ------------------------------------------------------------ */

static int start_servers(void)
{
	char path[256];
	const char *d = srv.dir;

	snprintf(path, sizeof(path), "%s/www/ok.json", d);
	if (tu_write_bytes(path, ok_json, strlen(ok_json)) < 0)
		return -1;
	snprintf(path, sizeof(path), "%s/routes.json", d);
	if (tu_write_bytes(path, routes_json, strlen(routes_json)) < 0)
		return -1;
	if (tu_run(". tests/lib/testca.sh && testca_init %s && testca_init %s/rogue issuer.example"
		" && https_server_start %s %s/www %s/routes.json"
		" && https_server_start %s/rogue %s/www"
		" && mkdir -p %s/plain && https_server_start %s/plain %s/www '' --http",
		d, d, d, d, d, d, d, d, d, d) < 0)
		return -1;
	srv.port = read_port("");
	srv.rogue_port = read_port("/rogue");
	srv.http_port = read_port("/plain");
	return srv.port && srv.rogue_port && srv.http_port ? 0 : -1;
}

static int group_setup(void **state)
{
	static const char *const proxies[] = {
		"http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++)
		unsetenv(proxies[i]);
	setenv("no_proxy", "*", 1);
	unsetenv("SATCHEL_NOW");
	unsetenv("SATCHEL_CA_FILE");
	unsetenv("SATCHEL_RESOLVE");
	if (net_global_init(NULL) < 0)
		return -1;
	snprintf(srv.dir, sizeof(srv.dir), "build/trash/test-net-%ld", (long)getpid());
	if (tu_run("command -v python3 >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1") < 0)
		return 0;	/* transfer tests skip */
	if (tu_run("rm -rf %s && mkdir -p %s/www", srv.dir, srv.dir) < 0 || start_servers() < 0)
		return -1;
	set_ca_file("");
	set_resolve();
	srv.ready = 1;
	return 0;
}

static int group_teardown(void **state)
{
	const char *d = srv.dir;

	(void)state;
	if (srv.dir[0] && access(d, F_OK) == 0)
		tu_run(". tests/lib/testca.sh && https_server_stop %s; https_server_stop %s/rogue;"
		    " https_server_stop %s/plain; rm -rf %s", d, d, d, d);
	net_global_cleanup();
	return 0;
}

/* ---- net_url_allowed ------------------------------------------------- */

static void test_url_allowed_table(void **state)
{
	static const struct {
		const char *url;
		int allow_http_loopback;
		int ok;
	} cases[] = {
		{ "https://issuer.example/badge.json", 0, 1 },
		{ "https://issuer.example:8443/a?b=c#d", 0, 1 },
		{ "HTTPS://Issuer.Example/x", 0, 1 },
		{ "https://127.0.0.1/", 0, 1 },
		{ "http://issuer.example/badge.json", 0, 0 },
		{ "http://issuer.example/badge.json", 1, 0 },
		{ "http://127.0.0.1:8080/x", 0, 0 },
		{ "http://127.0.0.1:8080/x", 1, 1 },
		{ "http://127.1.2.3/x", 1, 1 },
		{ "http://127.1/x", 1, 1 },		/* curl reads it as 127.0.0.1 */
		{ "http://0x7f000001/x", 1, 1 },
		{ "http://[::ffff:127.0.0.1]/x", 1, 1 },
		{ "http://[::ffff:10.0.0.1]/x", 1, 0 },
		{ "http://localhost/x", 1, 1 },
		{ "http://LOCALHOST:99/x", 1, 1 },
		{ "http://[::1]:8080/x", 1, 1 },
		{ "http://[::2]/x", 1, 0 },
		{ "http://128.0.0.1/x", 1, 0 },
		{ "http://10.0.0.1/x", 1, 0 },
		{ "http://localhost.example/x", 1, 0 },
		{ "http://127.0.0.1.example/x", 1, 0 },
		{ "ftp://issuer.example/x", 1, 0 },
		{ "file:///etc/passwd", 1, 0 },
		{ "gopher://127.0.0.1/x", 1, 0 },
		{ "ldap://localhost/x", 1, 0 },
		{ "javascript:alert(1)", 1, 0 },
		{ "issuer.example/badge.json", 1, 0 },
		{ "", 1, 0 },
		{ "https://", 1, 0 },
		{ "https://:443/x", 1, 0 },
		{ "https://[]/x", 1, 0 },
		{ "https://exa mple/x", 1, 0 },
		{ "not a url at all", 1, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct net_opts o = { .allow_http_loopback = cases[i].allow_http_loopback };
		struct err e = ERR_INIT;
		int rc = net_url_allowed(cases[i].url, &o, &e);

		if (rc != (cases[i].ok ? 0 : -1))
			fail_msg("'%s' (loopback flag %d): got %d, %s", cases[i].url,
				 cases[i].allow_http_loopback, rc, e.msg);
		if (!cases[i].ok) {
			assert_int_equal(e.code, ERR_USAGE);
			assert_true(e.msg[0] != '\0');
		}
	}
}

static void test_url_allowed_messages(void **state)
{
	struct net_opts loop = { .allow_http_loopback = 1 };
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(net_url_allowed("https://a.example/", NULL, NULL), 0);
	assert_int_equal(net_url_allowed("http://127.0.0.1/", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "https only"));
	assert_int_equal(net_url_allowed("http://a.example/", &loop, &e), -1);
	assert_non_null(strstr(e.msg, "loopback"));
	assert_int_equal(net_url_allowed("ftp://a.example/", &loop, &e), -1);
	assert_non_null(strstr(e.msg, "'ftp'"));
	assert_int_equal(net_url_allowed(NULL, NULL, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
}

static void test_get_refuses_url_before_network(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(net_get("ftp://127.0.0.1/x", NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	assert_int_equal(net_get("http://127.0.0.1:1/x", NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	assert_int_equal(r.status, 0);
	net_response_release(&r);
}

/* ---- transfers --------------------------------------------------------- */

static void test_get_ok(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char want_url[128];
	int64_t t0 = time(NULL);

	(void)state;
	NEED_SERVER();
	if (get("/ok.json", NULL, &r, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "application/ld+json");
	assert_int_equal(r.body.len, strlen(ok_json));
	assert_string_equal(r.body.s, ok_json);
	snprintf(want_url, sizeof(want_url), "https://issuer.example:%d/ok.json", srv.port);
	assert_string_equal(r.final_url, want_url);
	assert_true(r.fetched_at >= t0 && r.fetched_at <= (int64_t)time(NULL) + 1);
	net_response_release(&r);
	assert_null(r.content_type);
	assert_null(r.final_url);
}

static void test_get_fetched_at_uses_time_now(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;

	(void)state;
	NEED_SERVER();
	setenv("SATCHEL_NOW", "2021-06-01T00:00:00Z", 1);
	if (get("/ok.json", NULL, &r, &e) < 0)
		fail_msg("%s", e.msg);
	unsetenv("SATCHEL_NOW");
	assert_int_equal(r.fetched_at, 1622505600);
	net_response_release(&r);
}

static void test_get_error_statuses_are_answers(void **state)
{
	static const struct {
		const char *path;
		long status;
	} cases[] = {
		{ "/missing.json", 404 },
		{ "/gone", 410 },
	};
	size_t i;

	(void)state;
	NEED_SERVER();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct net_response r = NET_RESPONSE_INIT;
		struct err e = ERR_INIT;

		if (get(cases[i].path, NULL, &r, &e) < 0)
			fail_msg("'%s': %s", cases[i].path, e.msg);
		assert_int_equal(r.status, cases[i].status);
		net_response_release(&r);
	}
}

static void test_get_content_types(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;

	(void)state;
	NEED_SERVER();
	assert_int_equal(get("/html", NULL, &r, &e), 0);
	assert_string_equal(r.content_type, "text/html; charset=utf-8");
	assert_string_equal(r.body.s, "<p>hi</p>");
	net_response_release(&r);
	assert_int_equal(get("/bare", NULL, &r, &e), 0);
	assert_null(r.content_type);
	assert_string_equal(r.body.s, "x");
	net_response_release(&r);
}

static void test_get_too_big(void **state)
{
	struct net_opts small = { .max_bytes = 1000 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char want[64];

	(void)state;
	NEED_SERVER();
	/* announced by Content-Length: refused before reading 60 MB */
	assert_int_equal(get("/huge", NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	snprintf(want, sizeof(want), "larger than %u bytes", NET_DEFAULT_MAX_BYTES);
	assert_non_null(strstr(e.msg, want));
	assert_non_null(strstr(e.msg, "response from 'https://issuer.example:"));
	net_response_release(&r);
	/* no length: the write callback stops it */
	assert_int_equal(get("/stream", &small, &r, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "larger than 1000 bytes"));
	assert_true(r.body.len <= 1000);
	net_response_release(&r);
	/* exactly the limit is fine */
	assert_int_equal(get("/exact", &small, &r, &e), 0);
	assert_int_equal(r.body.len, 1000);
	net_response_release(&r);
}

static void test_redirect_followed(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char want[128];

	(void)state;
	NEED_SERVER();
	if (get("/moved", NULL, &r, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(r.status, 200);
	snprintf(want, sizeof(want), "https://issuer.example:%d/ok.json", srv.port);
	assert_string_equal(r.final_url, want);
	assert_string_equal(r.body.s, ok_json);
	net_response_release(&r);
	if (get("/moved-host", NULL, &r, &e) < 0)
		fail_msg("%s", e.msg);
	snprintf(want, sizeof(want), "https://badges.example:%d/ok.json", srv.port);
	assert_string_equal(r.final_url, want);
	net_response_release(&r);
}

static void test_redirect_to_http_refused(void **state)
{
	struct net_opts loop = { .allow_http_loopback = 1 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;

	(void)state;
	NEED_SERVER();
	/* even where http itself would be allowed, never downgrade */
	assert_int_equal(get("/to-http", &loop, &r, &e), -1);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "redirect to 'http://127.0.0.1:"));
	assert_non_null(strstr(e.msg, "refused"));
	net_response_release(&r);
}

static void test_redirect_limit(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;

	(void)state;
	NEED_SERVER();
	assert_int_equal(get("/r1", NULL, &r, &e), -1);	/* 6 redirects */
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "too many redirects"));
	net_response_release(&r);
	if (get("/r2", NULL, &r, &e) < 0)			/* 5 redirects */
		fail_msg("%s", e.msg);
	assert_int_equal(r.status, 200);
	net_response_release(&r);
}

static void test_untrusted_certificates(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];

	(void)state;
	NEED_SERVER();
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/ok.json", srv.rogue_port);
	assert_int_equal(net_get(url, NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "certificate of '127.0.0.1' not trusted"));
	net_response_release(&r);
	/* a trusted CA, but a name the certificate does not cover */
	snprintf(url, sizeof(url), "https://other.example:%d/ok.json", srv.port);
	assert_int_equal(net_get(url, NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "certificate of 'other.example' not trusted"));
	net_response_release(&r);
}

static void test_ca_file_env(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];

	(void)state;
	NEED_SERVER();
	unsetenv("SATCHEL_CA_FILE");	/* the test CA is trusted only through it */
	assert_int_equal(get("/ok.json", NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "not trusted"));
	net_response_release(&r);
	set_ca_file("/rogue");		/* another CA: now that server works */
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/ok.json", srv.rogue_port);
	assert_int_equal(net_get(url, NULL, &r, &e), 0);
	net_response_release(&r);
	setenv("SATCHEL_CA_FILE", "build/no/such/ca.pem", 1);
	assert_int_equal(get("/ok.json", NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_CONFIG);
	assert_non_null(strstr(e.msg, "'build/no/such/ca.pem'"));
	net_response_release(&r);
	set_ca_file("");
}

static void test_timeout(void **state)
{
	struct net_opts quick = { .timeout_ms = 1000 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	double t0 = now_s();

	(void)state;
	NEED_SERVER();
	assert_int_equal(get("/slow", &quick, &r, &e), -1);
	assert_true(now_s() - t0 < 2.5);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "timed out"));
	net_response_release(&r);
}

/* The log line of the one request for path (the server writes JSON with
 * sorted keys); caller frees. */
static char *log_line(const char *path)
{
	char file[256], key[64], *log, *p, *start, *end, *line = NULL;

	snprintf(file, sizeof(file), "%s/requests.log", srv.dir);
	snprintf(key, sizeof(key), "\"path\": \"%s\"", path);
	log = tu_read_file(file);
	if (log && (p = strstr(log, key))) {
		for (start = p; start > log && start[-1] != '\n'; start--)
			;
		end = strchr(p, '\n');
		line = strndup(start, end ? (size_t)(end - start) : strlen(start));
	}
	free(log);
	return line;
}

static void test_headers_sent(void **state)
{
	struct net_opts custom = { .accept = "application/vc+ld+json" };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char *line;

	(void)state;
	NEED_SERVER();
	assert_int_equal(get("/hdr-default", NULL, &r, &e), 0);
	net_response_release(&r);
	assert_int_equal(get("/hdr-custom", &custom, &r, &e), 0);
	net_response_release(&r);
	line = log_line("/hdr-default");
	assert_non_null(line);
	assert_non_null(strstr(line, "\"accept\": \"application/ld+json, application/json\""));
	assert_non_null(strstr(line, "\"user_agent\": \"satchel/" SATCHEL_VERSION "\""));
	free(line);
	line = log_line("/hdr-custom");
	assert_non_null(line);
	assert_non_null(strstr(line, "\"accept\": \"application/vc+ld+json\""));
	free(line);
}

static void test_resolve_env(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];

	(void)state;
	NEED_SERVER();
	snprintf(url, sizeof(url), "https://badges.example:%d/ok.json", srv.port);
	if (net_get(url, NULL, &r, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(r.status, 200);
	net_response_release(&r);
	setenv("SATCHEL_RESOLVE", "badges.example:443", 1);
	assert_int_equal(net_get(url, NULL, &r, &e), -1);
	assert_int_equal(e.code, ERR_CONFIG);
	assert_non_null(strstr(e.msg, "'badges.example:443'"));
	net_response_release(&r);
	set_resolve();
}

static void test_connect_refused(void **state)
{
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];
	int fd, port;

	(void)state;
	NEED_SERVER();
	/* a port that was just free and has no listener */
	port = tu_dead_port(&fd);
	assert_true(port > 0);
	snprintf(url, sizeof(url), "https://127.0.0.1:%d/", port);
	assert_int_equal(net_get(url, NULL, &r, &e), -1);
	close(fd);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "cannot connect to '127.0.0.1'"));
	assert_non_null(strstr(e.msg, "refused"));
	net_response_release(&r);
}

static void test_dns_failure(void **state)
{
	struct net_opts quick = { .timeout_ms = 5000, .connect_timeout_ms = 3000 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];

	(void)state;
	NEED_SERVER();
	/* A 64-byte label is not a valid DNS name: glibc refuses it without
	 * sending a query, so the test never leaves the machine. */
	snprintf(url, sizeof(url), "https://%.64s.invalid/",
		 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	assert_int_equal(net_get(url, &quick, &r, &e), -1);
	assert_int_equal(e.code, ERR_NET);
	assert_non_null(strstr(e.msg, "cannot resolve host 'aaaa"));
	net_response_release(&r);
}

static void test_http_loopback(void **state)
{
	static const char *const hosts[] = { "127.0.0.1", "localhost" };
	struct net_opts loop = { .allow_http_loopback = 1 };
	struct net_response r = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	char url[128];
	size_t i;

	(void)state;
	NEED_SERVER();
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		snprintf(url, sizeof(url), "http://%s:%d/ok.json", hosts[i], srv.http_port);
		if (net_get(url, &loop, &r, &e) < 0)
			fail_msg("'%s': %s", url, e.msg);
		assert_int_equal(r.status, 200);
		assert_string_equal(r.body.s, ok_json);
		net_response_release(&r);
		assert_int_equal(net_get(url, NULL, &r, &e), -1);
		assert_int_equal(e.code, ERR_USAGE);
		net_response_release(&r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_allowed_table),
		cmocka_unit_test(test_url_allowed_messages),
		cmocka_unit_test(test_get_refuses_url_before_network),
		cmocka_unit_test(test_get_ok),
		cmocka_unit_test(test_get_fetched_at_uses_time_now),
		cmocka_unit_test(test_get_error_statuses_are_answers),
		cmocka_unit_test(test_get_content_types),
		cmocka_unit_test(test_get_too_big),
		cmocka_unit_test(test_redirect_followed),
		cmocka_unit_test(test_redirect_to_http_refused),
		cmocka_unit_test(test_redirect_limit),
		cmocka_unit_test(test_untrusted_certificates),
		cmocka_unit_test(test_ca_file_env),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_headers_sent),
		cmocka_unit_test(test_resolve_env),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_dns_failure),
		cmocka_unit_test(test_http_loopback),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
