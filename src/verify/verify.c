/* verify.c — dispatch by badge generation (include/satchel/verify.h). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "satchel/json.h"
#include "satchel/net.h"
#include "satchel/xalloc.h"

/* Says how old the issuer's answers are when some came from the cache
 * (always so with --offline). */
static void note_cache(struct report *r)
{
	int64_t age = verify_cache_oldest();

	if (age < 0)
		return;
	if (age < 3600)
		report_add(r, "cache", CHECK_WARN, EFFECT_NONE,
			   "some answers came from the cache, fetched %lld minutes ago", (long long)(age / 60));
	else
		report_add(r, "cache", CHECK_WARN, EFFECT_NONE,
			   "some answers came from the cache, fetched %lld hours ago", (long long)(age / 3600));
}

/* A Verifiable Credential that is not an Open Badge (a status list, for
 * one) is still verifiable: proof, dates and status are the same. */
static int parse_plain_vc(const char *text, size_t len, struct cred *c)
{
	json_t *doc = json_strict_load(text, len, NULL);
	json_t *ctx = json_object_get(doc, "@context");

	if (!json_has_string(json_object_get(doc, "type"), "VerifiableCredential") ||
	    !(json_has_string(ctx, "https://www.w3.org/ns/credentials/v2") ||
	      json_has_string(ctx, "https://www.w3.org/2018/credentials/v1"))) {
		json_decref(doc);
		return -1;
	}
	c->format = CRED_OB3;
	c->encoding = CRED_ENC_JSON;
	c->version = "VC";
	c->doc = doc;
	return 0;
}

/* Whether text holds word, looked for by its byte at anchor with memchr:
 * with a byte rare in credentials there, a few times faster than memmem
 * over a whole credential, which every verification pays. */
static int mentions(const char *text, size_t len, const char *word, size_t anchor)
{
	size_t n = strlen(word);
	const char *p = text, *last, *q;

	if (len < n)
		return 0;
	for (last = text + len - n; p <= last; p++) {
		if (!(q = memchr(p + anchor, word[anchor], (size_t)(last - p) + 1)))
			return 0;
		p = q - anchor;
		if (!memcmp(p, word, n))
			return 1;
	}
	return 0;
}

/* A presentation (or satchel's bundle of them) rather than a credential? */
static int verify_if_presentation(const char *text, size_t len, const struct verify_opts *o,
				  struct report *r)
{
	json_t *doc;
	int vp;

	/* cheap first: most texts are credentials */
	if (!mentions(text, len, "VerifiablePresentation", 0) &&
	    !mentions(text, len, "satchel-portfolio-vp", 12))	/* its 'f' */
		return 0;
	doc = json_strict_load(text, len, NULL);
	vp = json_has_string(json_object_get(doc, "type"), "VerifiablePresentation") ||
		 (json_str(doc, "format") && !strcmp(json_str(doc, "format"), "satchel-portfolio-vp"));

	if (vp) {
		report_add(r, "parse", CHECK_PASS, EFFECT_NONE, "a verifiable presentation");
		verify_presentation(doc, o, r);
	}
	json_decref(doc);
	return vp;
}

int verify_credential(const char *text, size_t len, const struct verify_opts *o,
		      struct report *r, struct err *err)
{
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;

	(void)err;
	if (verify_if_presentation(text, len, o, r))
		return 0;
	verify_cache_reset();
	if (cred_parse(text, len, &c, &e) < 0 && (e.code != ERR_FORMAT ||
						   parse_plain_vc(text, len, &c) < 0)) {
		report_add(r, "parse", CHECK_FAIL, EFFECT_INVALID, "%s", e.msg);
		return 0;
	}
	if (!strcmp(c.version, "VC")) {
		report_add(r, "parse", CHECK_PASS, EFFECT_NONE,
			   "a verifiable credential (not an Open Badge)");
		verify_ob3(&c, text, len, o, r);
		note_cache(r);
		cred_release(&c);
		return 0;
	}
	report_add(r, "parse", CHECK_PASS, EFFECT_NONE, "Open Badges %s, %s", c.version,
		   cred_encoding_name(c.encoding));
	if (c.format == CRED_OB3)
		verify_ob3(&c, text, len, o, r);
	else
		verify_ob2(&c, text, len, o, r);
	note_cache(r);
	cred_release(&c);
	return 0;
}

/* Fetches the bytes at url into body (any content type: a badge may be
 * served as JSON, as a JWS in text/plain, or as a baked image). */
static int fetch_bytes(const char *url, const struct verify_opts *o, struct buf *body,
		       struct report *r)
{
	struct net_opts no = { 0 };
	struct net_response resp = NET_RESPONSE_INIT;
	struct err e = ERR_INIT;
	int rc = -1;

	no.accept = "application/ld+json, application/json, image/png, image/svg+xml, text/plain";
	no.max_bytes = CRED_MAX_SOURCE;
	no.allow_http_loopback = o->allow_http_loopback;
	if (o->offline)
		report_incomplete(r, "fetch", "offline: '%s' not fetched", url);
	else if (net_get(url, &no, &resp, &e) < 0)
		report_incomplete(r, "fetch", "could not fetch '%s': %s", url, e.msg);
	else if (resp.status == 410)
		report_add(r, "revocation", CHECK_FAIL, EFFECT_REVOKED,
			   "the issuer revoked this badge (HTTP 410 Gone)");
	else if (resp.status >= 500 || resp.status == 429)	/* the server's trouble, not the badge's */
		report_incomplete(r, "fetch", "'%s' is unavailable (HTTP %ld)", url, resp.status);
	else if (resp.status != 200)
		report_add(r, "fetch", CHECK_FAIL, EFFECT_INVALID, "'%s' answered HTTP %ld", url,
			   resp.status);
	else
		rc = buf_add(body, resp.body.s, resp.body.len, NULL);
	net_response_release(&resp);
	return rc;
}

static int source_at(const uint8_t *data, size_t len, const struct verify_opts *o,
		     struct report *r, struct buf *text_out, int depth, struct err *err);

/* depth counts URL hops: a pointer to a pointer is refused, not followed
 * around in circles. */
static int url_at(const char *url, const struct verify_opts *o, struct report *r,
		  struct buf *text_out, int depth, struct err *err)
{
	struct buf body;
	int rc = 0;

	if (depth > 1) {
		report_add(r, "fetch", CHECK_FAIL, EFFECT_INVALID,
			   "'%s' leads to another URL, not to a badge", url);
		return 0;
	}
	buf_init(&body, CRED_MAX_SOURCE);
	if (fetch_bytes(url, o, &body, r) == 0)
		rc = source_at((uint8_t *)body.s, body.len, o, r, text_out, depth, err);
	buf_release(&body);
	return rc;
}

int verify_url(const char *url, const struct verify_opts *o, struct report *r,
	       struct buf *text_out, struct err *err)
{
	return url_at(url, o, r, text_out, 0, err);
}

int verify_source(const uint8_t *data, size_t len, const struct verify_opts *o,
		  struct report *r, struct buf *text_out, struct err *err)
{
	return source_at(data, len, o, r, text_out, 0, err);
}

static int source_at(const uint8_t *data, size_t len, const struct verify_opts *o,
		     struct report *r, struct buf *text_out, int depth, struct err *err)
{
	struct cred_source src;
	struct err e = ERR_INIT;
	int rc;

	if (cred_source_open(data, len, &src, &e) < 0) {
		report_add(r, "parse", CHECK_FAIL, EFFECT_INVALID, "%s", e.msg);
		return 0;
	}
	if (src.inner == KIND_URL) {	/* a baked pointer: the hosted copy is the badge */
		char *url = xstrndup(src.text, src.len);

		cred_source_release(&src);
		rc = url_at(url, o, r, text_out, depth + 1, err);
		free(url);
		return rc;
	}
	if (text_out)
		buf_add(text_out, src.text, src.len, NULL);
	rc = verify_credential(src.text, src.len, o, r, err);
	cred_source_release(&src);
	return rc;
}
