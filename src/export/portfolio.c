/* portfolio.c — portfolio files: a plain JSON portfolio of both badge
 * generations, W3C Verifiable Presentations, JSON Resume certificates and
 * one self-contained HTML page (SPECS.md 9.3, 9.5).
 *
 * Credentials are never re-serialised: the output is built with a
 * placeholder per credential and the stored bytes are spliced in, so a
 * signed JSON credential or a JWT arrives exactly as it was issued. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/export.h"
#include "satchel/json.h"
#include "satchel/verify.h"
#include "satchel/xalloc.h"

#define PH_PREFIX "@@satchel-credential-"

/* A credential stored as a compact JWS / JWT (a JSON string when embedded). */
static int is_jws(const struct portfolio_item *it)
{
	return !strcmp(json_str(it->details, "encoding") ? json_str(it->details, "encoding") : "", "jwt") ||
	       !strcmp(json_str(it->details, "encoding") ? json_str(it->details, "encoding") : "", "jws");
}

/* The stored JSON text without a BOM and surrounding space (a JSON value
 * in the middle of another document may not start with a BOM). */
static void trimmed(const struct portfolio_item *it, const char **s, size_t *n)
{
	*s = it->text;
	*n = it->len;
	if (*n >= 3 && !memcmp(*s, "\xEF\xBB\xBF", 3)) {
		*s += 3;
		*n -= 3;
	}
	while (*n && strchr(" \t\r\n", (*s)[0])) {
		(*s)++;
		(*n)--;
	}
	while (*n && strchr(" \t\r\n", (*s)[*n - 1]))
		(*n)--;
}

/* Dumps doc and replaces each "@@satchel-credential-N@@" string by the
 * bytes of item N (JSON as is; a JWS as a JSON string). */
static int splice(const json_t *doc, const struct portfolio_item *items, size_t n,
		  struct buf *out, struct err *err)
{
	char *text = json_text(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER), *p = text, *q;

	while ((q = strstr(p, "\"" PH_PREFIX))) {
		char *end = strstr(q + 1, "@@\"");
		size_t k = (size_t)strtoul(q + 1 + strlen(PH_PREFIX), NULL, 10);
		const char *s;
		size_t len;

		if (!end || k >= n) {
			free(text);
			return err_set(err, ERR_PARSE, "portfolio placeholder out of range");
		}
		buf_add(out, p, (size_t)(q - p), err);
		trimmed(&items[k], &s, &len);
		if (is_jws(&items[k]))
			buf_addc(out, '"', err);
		buf_add(out, s, len, err);	/* a compact JWS has no character to escape */
		if (is_jws(&items[k]))
			buf_addc(out, '"', err);
		p = end + 3;
	}
	buf_adds(out, p, err);
	buf_addc(out, '\n', err);
	free(text);
	return 0;
}

static json_t *placeholder(size_t k)
{
	return json_sprintf(PH_PREFIX "%zu@@", k);
}

static const char *const summary_keys[] = {
	"name", "description", "issuer", "issued", "expires", "achievement_id", "credential_id",
	"criteria", "alignments", "verdict", "checked_at",
};

static json_t *summary_of(const json_t *d, int redact)
{
	json_t *s = json_object();
	size_t i;

	for (i = 0; i < sizeof(summary_keys) / sizeof(summary_keys[0]); i++)
		if (json_object_get(d, summary_keys[i]))
			json_object_set(s, summary_keys[i], json_object_get(d, summary_keys[i]));
	if (!redact && json_object_get(d, "recipient"))
		json_object_set(s, "recipient", json_object_get(d, "recipient"));
	return s;
}

int export_portfolio_json(const struct portfolio_item *items, size_t n, const json_t *pathways,
			  int redact, struct buf *out, struct err *err)
{
	json_t *badges = json_array(), *doc;
	size_t i;
	int rc;

	for (i = 0; i < n; i++)
		json_array_append_new(badges, json_pack("{s:O, s:O, s:O, s:o, s:o}", "id",
				      json_object_get(items[i].details, "id"), "format",
				      json_object_get(items[i].details, "format"), "encoding",
				      json_object_get(items[i].details, "encoding"), "summary",
				      summary_of(items[i].details, redact), "credential", placeholder(i)));
	doc = json_pack("{s:s, s:i, s:o, s:O}", "format", "satchel-portfolio", "version", 1,
			"badges", badges, "pathways", pathways ? pathways : json_null());
	rc = splice(doc, items, n, out, err);
	json_decref(doc);
	return rc;
}

/* ---- Verifiable Presentations ------------------------------------------- */

static int vc_version(const struct portfolio_item *it)
{
	const json_t *ctx = json_object_get(it->doc, "@context");

	if (json_has_string(ctx, "https://www.w3.org/ns/credentials/v2"))
		return 2;
	return json_has_string(ctx, "https://www.w3.org/2018/credentials/v1") ? 1 : 0;
}

/* A VC-JWT travels as an EnvelopedVerifiableCredential (VC 2.0). */
static json_t *enveloped(const struct portfolio_item *it)
{
	json_t *env = json_pack("{s:s, s:s}", "@context", "https://www.w3.org/ns/credentials/v2",
				"type", "EnvelopedVerifiableCredential");
	const char *s;
	size_t n;

	trimmed(it, &s, &n);
	json_object_set_new(env, "id", json_sprintf("data:application/vc+jwt,%.*s", (int)n, s));
	return env;
}

static json_t *presentation(int version)
{
	return json_pack("{s:[s], s:[s], s:[]}", "@context", version == 2 ?
			 "https://www.w3.org/ns/credentials/v2" : "https://www.w3.org/2018/credentials/v1",
			 "type", "VerifiablePresentation", "verifiableCredential");
}

/* The presentation with the credentials as values instead of
 * placeholders: what a verifier canonicalises, so what is signed. */
static json_t *with_values(const json_t *pres, const struct portfolio_item *items, size_t n)
{
	json_t *copy = json_deep_copy(pres), *list = json_object_get(copy, "verifiableCredential"), *x;
	size_t i;

	json_array_foreach(list, i, x) {
		const char *s = json_string_value(x);
		size_t k;

		if (!s || strncmp(s, PH_PREFIX, strlen(PH_PREFIX)))
			continue;
		k = (size_t)strtoul(s + strlen(PH_PREFIX), NULL, 10);
		if (k < n)
			json_array_set(list, i, (json_t *)items[k].doc);
	}
	return copy;
}

static int sign_presentation(json_t *pres, const struct portfolio_item *items, size_t n,
			     EVP_PKEY *key, const char *did, const json_t *extra, struct err *err)
{
	const char *frag = did + strlen("did:key:");
	char *vm = xasprintf("%s#%s", did, frag);
	json_t *signed_copy;
	int rc;

	json_object_set_new(pres, "holder", json_string(did));
	if (!json_has_string(json_object_get(pres, "@context"), "https://www.w3.org/ns/credentials/v2"))
		json_array_append_new(json_object_get(pres, "@context"),	/* VC 1.1 has no DI terms */
				      json_string("https://w3id.org/security/data-integrity/v2"));
	signed_copy = with_values(pres, items, n);
	rc = di_sign(signed_copy, key, vm, "authentication", extra, err);
	if (rc == 0)
		json_object_set(pres, "proof", json_object_get(signed_copy, "proof"));
	json_decref(signed_copy);
	free(vm);
	return rc;
}

int export_portfolio_vp(const struct portfolio_item *items, size_t n, const json_t *pathways,
			struct buf *out, json_t **skipped, struct err *err)
{
	return export_portfolio_vp_signed(items, n, pathways, NULL, NULL, NULL, out, skipped, err);
}

int export_portfolio_vp_signed(const struct portfolio_item *items, size_t n,
			       const json_t *pathways, EVP_PKEY *key, const char *did,
			       const json_t *proof_extra, struct buf *out, json_t **skipped,
			       struct err *err)
{
	json_t *v2 = presentation(2), *v1 = presentation(1), *results = json_array(), *doc, *pres;
	size_t i;
	int rc;

	*skipped = json_array();
	for (i = 0; i < n; i++) {
		const struct portfolio_item *it = &items[i];
		int ver = vc_version(it);

		if (strcmp(json_str(it->details, "format"), "ob3") || !ver) {
			json_array_append(*skipped, json_object_get(it->details, "id"));
			continue;
		}
		if (is_jws(it)) {
			json_array_append_new(json_object_get(v2, "verifiableCredential"), enveloped(it));
		} else {
			json_array_append_new(json_object_get(ver == 2 ? v2 : v1, "verifiableCredential"),
					      placeholder(i));
		}
		json_array_append_new(results, json_pack("{s:O, s:O, s:O}", "id",
				      json_object_get(it->details, "id"), "verdict",
				      json_object_get(it->details, "verdict"), "checked_at",
				      json_object_get(it->details, "checked_at")));
	}
	/* VC 1.1 credentials in a VC 2.0 presentation would make neither
	 * conform: one presentation per data-model version (SPECS.md 9.3). */
	pres = json_array();
	if (json_array_size(json_object_get(v2, "verifiableCredential")))
		json_array_append(pres, v2);
	if (json_array_size(json_object_get(v1, "verifiableCredential")))
		json_array_append(pres, v1);
	for (i = 0; key && i < json_array_size(pres); i++)
		if (sign_presentation(json_array_get(pres, i), items, n, key, did, proof_extra, err) < 0) {
			json_decref(pres);
			json_decref(results);
			json_decref(v1);
			json_decref(v2);
			return -1;
		}
	doc = json_pack("{s:s, s:i, s:o, s:o, s:O}", "format", "satchel-portfolio-vp", "version", 1,
			"presentations", pres, "verification", results, "pathways",
			pathways ? pathways : json_null());
	rc = splice(doc, items, n, out, err);
	json_decref(doc);
	json_decref(v1);
	json_decref(v2);
	return rc;
}

/* ---- JSON Resume ----------------------------------------------------------- */

int export_portfolio_jsonresume(const struct portfolio_item *items, size_t n, json_t *resume,
				struct buf *out, struct err *err)
{
	json_t *doc = resume ? json_incref(resume) : json_object(), *certs;
	size_t i;
	char *text;

	if (!json_is_array(json_object_get(doc, "certificates")))
		json_object_set_new(doc, "certificates", json_array());
	certs = json_object_get(doc, "certificates");
	for (i = 0; i < n; i++) {
		const json_t *d = items[i].details;
		const char *issued = json_str(d, "issued");
		/* JSON Resume 1.2.1: every field optional, date YYYY-MM-DD, url a URI:
		 * what satchel does not know is left out, never null. */
		json_t *c = json_pack("{s:s*, s:s*, s:s*}", "name", json_str(d, "name"), "issuer",
				      json_str(json_object_get(d, "issuer"), "name"), "url",
				      export_public_link(d));

		if (issued && strlen(issued) >= 10)
			json_object_set_new(c, "date", json_stringn(issued, 10));
		json_t *x;
		size_t k;
		int dup = 0;

		json_array_foreach(certs, k, x)	/* merging: the same certificate once */
			dup |= json_equal(x, c);
		if (dup)
			json_decref(c);
		else
			json_array_append_new(certs, c);
	}
	text = json_text(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	buf_adds(out, text, err);
	buf_addc(out, '\n', err);
	free(text);
	json_decref(doc);
	return 0;
}
