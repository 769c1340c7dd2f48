/* summary.c — one normalised summary for both badge generations
 * (include/satchel/cred.h: cred_summary). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cred.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

/* Reading context: the credential plus a way to reach linked documents. */
struct rd {
	cred_linked_fn *linked;
	void *ctx;
	json_t *keep;	/* linked documents fetched for this summary (owned) */
};

/* Returns obj itself when it is an object, the linked document when it is
 * a URL string we have, else NULL.  Borrowed (kept alive by rd->keep). */
static json_t *deref(struct rd *rd, json_t *v)
{
	json_t *doc;

	if (json_is_object(v))
		return v;
	if (!json_is_string(v) || !rd->linked)
		return NULL;
	doc = rd->linked(rd->ctx, json_string_value(v));
	if (!json_is_object(doc)) {
		json_decref(doc);
		return NULL;
	}
	json_array_append_new(rd->keep, doc);
	return doc;
}

/* An "id" that may be a string or an object's id. */
static const char *id_of(const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	return json_str(v, "id");
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* Dates: ISO 8601 strings, and the Unix seconds of OB 1.0. */
static json_t *date_value(const json_t *v)
{
	char out[32];
	int64_t t;

	if (json_is_integer(v)) {
		t = json_integer_value(v);
	} else if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t i, n = strlen(s);

		for (i = 0; i < n && isdigit((unsigned char)s[i]); i++)
			;
		if (n >= 9 && i == n)
			t = strtoll(s, NULL, 10);
		else if (time_parse(s, &t, NULL) < 0)
			return json_null();
	} else {
		return json_null();
	}
	time_format(t, out);
	return json_string(out);
}

/* Images: a URL or data: URI, or an object with id.  A data: URI is not
 * repeated in summaries (it can be megabytes): say what it is instead. */
static json_t *image_value(const json_t *v)
{
	const char *s = id_of(v);
	const char *semi;

	if (!s)
		return json_null();
	if (strncmp(s, "data:", 5) != 0)
		return json_string(s);
	semi = strpbrk(s + 5, ";,");
	return json_sprintf("data:%.*s (embedded, %zu bytes)", semi ? (int)(semi - s - 5) : 0,
			    s + 5, strlen(s));
}

static json_t *criteria_value(const json_t *v)
{
	if (json_is_string(v))
		return json_pack("{s:s, s:n}", "id", json_string_value(v), "narrative");
	if (!json_is_object(v))
		return json_null();
	return json_pack("{s:o, s:o}", "id", str_or_null(json_str(v, "id")), "narrative",
			 str_or_null(json_str(v, "narrative")));
}

/* A value that may be one thing or an array of them, as an array. */
static json_t *as_array(json_t *v)
{
	if (!v)
		return json_array();
	if (json_is_array(v))
		return json_deep_copy(v);
	return json_pack("[O]", v);
}

static const char *const alignment_keys[] = {
	"targetName", "targetUrl", "targetDescription", "targetFramework", "targetCode", "targetType",
};

static json_t *alignments_value(json_t *v)
{
	json_t *in = as_array(v), *out = json_array(), *a;
	size_t i, k;

	json_array_foreach(in, i, a) {
		json_t *o;

		if (!json_is_object(a))
			continue;
		o = json_object();
		for (k = 0; k < sizeof(alignment_keys) / sizeof(alignment_keys[0]); k++)
			if (json_str(a, alignment_keys[k]))
				json_object_set(o, alignment_keys[k], json_object_get(a, alignment_keys[k]));
		json_array_append_new(out, o);
	}
	json_decref(in);
	return out;
}

static json_t *strings_value(json_t *v)
{
	json_t *in = as_array(v), *out = json_array(), *e;
	size_t i;

	json_array_foreach(in, i, e)
		if (json_is_string(e))
			json_array_append(out, e);
	json_decref(in);
	return out;
}

/* Evidence and related entries: keep id and the human-readable parts. */
static json_t *entries_value(json_t *v, const char *const *keys, size_t nkeys)
{
	json_t *in = as_array(v), *out = json_array(), *e;
	size_t i, k;

	json_array_foreach(in, i, e) {
		json_t *o = json_object();

		if (json_is_string(e))
			json_object_set(o, "id", e);
		for (k = 0; json_is_object(e) && k < nkeys; k++)
			if (json_object_get(e, keys[k]) && !json_is_object(json_object_get(e, keys[k])))
				json_object_set(o, keys[k], json_object_get(e, keys[k]));
		json_array_append_new(out, o);
	}
	json_decref(in);
	return out;
}

static const char *const evidence_keys[] = { "id", "name", "description", "narrative", "genre" };
static const char *const related_keys[] = { "id", "inLanguage", "version" };

static json_t *issuer_value(struct rd *rd, json_t *v)
{
	json_t *doc = deref(rd, v);
	const char *id = id_of(v);

	if (!doc)
		return json_pack("{s:o, s:n, s:n}", "id", str_or_null(id), "name", "url");
	if (!id)	/* OB 0.5 issuers have an origin, no id */
		id = json_str(doc, "origin");
	return json_pack("{s:o, s:o, s:o}", "id", str_or_null(id), "name",
			 str_or_null(json_str(doc, "name")), "url",
			 str_or_null(json_str(doc, "url") ? json_str(doc, "url") : json_str(doc, "origin")));
}

static size_t count_of(json_t *v)
{
	return json_is_array(v) ? json_array_size(v) : v ? 1 : 0;
}

static json_t *recipient_ob2(json_t *doc)
{
	json_t *r = json_object_get(doc, "recipient");

	if (json_is_string(r))	/* OB 0.5: the identity (or its hash) itself */
		return json_pack("{s:s, s:O, s:b, s:o}", "type", "email", "identity", r, "hashed",
				 strchr(json_string_value(r), '$') != NULL, "salt",
				 str_or_null(json_str(doc, "salt")));
	if (!json_is_object(r))
		return json_null();
	return json_pack("{s:o, s:o, s:b, s:o}", "type", str_or_null(json_str(r, "type")), "identity",
			 str_or_null(json_str(r, "identity")), "hashed",
			 json_is_true(json_object_get(r, "hashed")), "salt",
			 str_or_null(json_str(r, "salt")));
}

static json_t *verification_ob2(json_t *doc, const struct cred *c)
{
	json_t *v = json_object_get(doc, "verification");
	const char *type, *url = NULL;

	if (!v)
		v = json_object_get(doc, "verify");	/* OB 1.0 name */
	type = json_str(v, "type");
	if (c->encoding == CRED_ENC_JWS)
		type = "signed";
	else if (!type || strcmp(type, "HostedBadge") == 0)
		type = "hosted";
	else if (strcmp(type, "SignedBadge") == 0)
		type = "signed";
	if (strcmp(type, "hosted") == 0)
		url = json_str(v, "url") ? json_str(v, "url") : json_str(doc, "id");
	return json_pack("{s:s, s:o}", "type", type, "url", str_or_null(url));
}

static void summary_ob2(struct rd *rd, const struct cred *c, json_t *s)
{
	json_t *doc = c->doc, *badge_ref = json_object_get(doc, "badge");
	json_t *badge = deref(rd, badge_ref);
	json_t *img = json_object_get(doc, "image");
	const char *cid = json_str(doc, "id");

	if (!cid)
		cid = json_str(json_object_get(doc, "verify"), "url");
	if (!cid)
		cid = json_str(doc, "uid");
	json_object_set_new(s, "name", str_or_null(json_str(badge, "name")));
	json_object_set_new(s, "description", str_or_null(json_str(badge, "description")));
	json_object_set_new(s, "issuer", issuer_value(rd, json_object_get(badge, "issuer")));
	json_object_set_new(s, "issued", date_value(json_object_get(doc, "issuedOn") ?
						    json_object_get(doc, "issuedOn") :
						    json_object_get(doc, "issued_on")));
	json_object_set_new(s, "expires", date_value(json_object_get(doc, "expires")));
	json_object_set_new(s, "awarded", json_null());
	json_object_set_new(s, "image", image_value(img ? img : json_object_get(badge, "image")));
	json_object_set_new(s, "criteria", criteria_value(json_object_get(badge, "criteria")));
	json_object_set_new(s, "recipient", recipient_ob2(doc));
	json_object_set_new(s, "achievement_id", str_or_null(id_of(badge_ref)));
	json_object_set_new(s, "achievement_type", json_string("BadgeClass"));
	json_object_set_new(s, "credential_id", str_or_null(cid));
	json_object_set_new(s, "alignments", alignments_value(json_object_get(badge, "alignment")));
	json_object_set_new(s, "badge_tags", strings_value(json_object_get(badge, "tags")));
	json_object_set_new(s, "related", entries_value(json_object_get(badge, "related"),
							related_keys, 3));
	json_object_set_new(s, "evidence", entries_value(json_object_get(doc, "evidence"),
							 evidence_keys, 5));
	json_object_set_new(s, "endorsements",
			    json_integer((json_int_t)count_of(json_object_get(doc, "endorsement"))));
	json_object_set_new(s, "verification", verification_ob2(doc, c));
	json_object_set_new(s, "revoked", json_boolean(json_is_true(json_object_get(doc, "revoked"))));
}

/* OB 3.0: the subject that carries the achievement (credentialSubject may
 * be an array). */
static json_t *subject_ob3(json_t *doc)
{
	json_t *cs = json_object_get(doc, "credentialSubject"), *e;
	size_t i;

	if (json_is_object(cs))
		return cs;
	json_array_foreach(cs, i, e)
		if (json_is_object(json_object_get(e, "achievement")))
			return e;
	return json_array_get(cs, 0);
}

static json_t *recipient_ob3(json_t *subject)
{
	json_t *idents = as_array(json_object_get(subject, "identifier"));
	json_t *first = json_array_get(idents, 0), *r;

	if (json_str(subject, "id"))
		r = json_pack("{s:s, s:s}", "type", "id", "identity", json_str(subject, "id"));
	else if (json_is_object(first))
		r = json_pack("{s:o, s:o, s:b, s:o}", "type", str_or_null(json_str(first, "identityType")),
			      "identity", str_or_null(json_str(first, "identityHash")), "hashed",
			      json_is_true(json_object_get(first, "hashed")), "salt",
			      str_or_null(json_str(first, "salt")));
	else
		r = json_null();
	json_decref(idents);
	return r;
}

static json_t *proofs_ob3(const struct cred *c)
{
	json_t *proofs = as_array(json_object_get(c->doc, "proof")), *out = json_array(), *p;
	size_t i;

	if (c->encoding == CRED_ENC_JWT)
		json_array_append_new(out, json_sprintf("jwt/%s", json_str(c->jose, "alg") ?
							json_str(c->jose, "alg") : "?"));
	json_array_foreach(proofs, i, p) {
		const char *type = json_str(p, "type"), *suite = json_str(p, "cryptosuite");

		json_array_append_new(out, suite ? json_sprintf("%s/%s", type ? type : "?", suite) :
					   json_string(type ? type : "?"));
	}
	json_decref(proofs);
	return out;
}

static const char *first_str(const json_t *a, const char *ka, const json_t *b, const char *kb)
{
	return json_str(a, ka) ? json_str(a, ka) : json_str(b, kb);
}

static json_t *first_date(json_t *doc, const char *a, const char *b)
{
	return date_value(json_object_get(doc, a) ? json_object_get(doc, a) : json_object_get(doc, b));
}

static void summary_ob3(struct rd *rd, const struct cred *c, json_t *s)
{
	json_t *doc = c->doc, *subj = subject_ob3(doc), *ach = json_object_get(subj, "achievement");
	json_t *img = json_object_get(ach, "image");
	const char *cid = json_str(doc, "id");

	if (!cid && c->claims)
		cid = json_str(c->claims, "jti");
	/* The achievement's name first: a credential's own name is often a
	 * generic "Open Badge" (PEERS.md: wrong titles for Credly badges). */
	json_object_set_new(s, "name", str_or_null(first_str(ach, "name", doc, "name")));
	json_object_set_new(s, "description",
			    str_or_null(first_str(ach, "description", doc, "description")));
	json_object_set_new(s, "issuer", issuer_value(rd, json_object_get(doc, "issuer")));
	json_object_set_new(s, "issued", first_date(doc, "validFrom", "issuanceDate"));
	json_object_set_new(s, "expires", first_date(doc, "validUntil", "expirationDate"));
	json_object_set_new(s, "awarded", date_value(json_object_get(doc, "awardedDate")));
	json_object_set_new(s, "image", image_value(img ? img : json_object_get(doc, "image")));
	json_object_set_new(s, "criteria", criteria_value(json_object_get(ach, "criteria")));
	json_object_set_new(s, "recipient", recipient_ob3(subj));
	json_object_set_new(s, "achievement_id", str_or_null(json_str(ach, "id")));
	json_object_set_new(s, "achievement_type", str_or_null(json_str(ach, "achievementType")));
	json_object_set_new(s, "credential_id", str_or_null(cid));
	json_object_set_new(s, "alignments", alignments_value(json_object_get(ach, "alignment")));
	json_object_set_new(s, "badge_tags", strings_value(json_object_get(ach, "tag")));
	json_object_set_new(s, "related", entries_value(json_object_get(ach, "related"),
							related_keys, 3));
	json_object_set_new(s, "evidence", entries_value(json_object_get(doc, "evidence"),
							 evidence_keys, 5));
	json_object_set_new(s, "endorsements",
			    json_integer((json_int_t)(count_of(json_object_get(doc, "endorsement")) +
						      count_of(json_object_get(doc, "endorsementJwt")))));
	json_object_set_new(s, "verification", json_pack("{s:s, s:o}", "type",
			    c->encoding == CRED_ENC_JWT ? "jwt" : "proof", "url",
			    str_or_null(cid && strncmp(cid, "https://", 8) == 0 ? cid : NULL)));
	json_object_set_new(s, "proofs", proofs_ob3(c));
}

json_t *cred_summary(const struct cred *c, cred_linked_fn *linked, void *ctx)
{
	struct rd rd = { linked, ctx, json_array() };
	json_t *s = json_pack("{s:s, s:s, s:s}", "format", cred_format_name(c->format),
			      "encoding", cred_encoding_name(c->encoding), "version",
			      c->version ? c->version : "?");

	if (c->format == CRED_OB3)
		summary_ob3(&rd, c, s);
	else
		summary_ob2(&rd, c, s);
	json_decref(rd.keep);
	return s;
}

json_t *cred_linked_urls(const struct cred *c, cred_linked_fn *linked, void *ctx)
{
	struct rd rd = { linked, ctx, json_array() };
	json_t *urls = json_array(), *badge_ref, *badge;

	if (c->format == CRED_OB2) {
		badge_ref = json_object_get(c->doc, "badge");
		if (json_is_string(badge_ref))
			json_array_append(urls, badge_ref);
		badge = deref(&rd, badge_ref);
		if (json_is_string(json_object_get(badge, "issuer")))
			json_array_append(urls, json_object_get(badge, "issuer"));
	}
	json_decref(rd.keep);
	return urls;
}
