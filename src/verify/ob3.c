/* ob3.c — Open Badges 3.0: the proof (VC-JWT or Data Integrity), the
 * dates and the recipient (SPECS.md section 3.3). */
#include <stdbool.h>
#include <string.h>
#include "internal.h"
#include "satchel/json.h"
#include "satchel/jws.h"

static json_t *subject_of(const json_t *doc)
{
	json_t *cs = json_object_get(doc, "credentialSubject");

	return json_is_array(cs) ? json_array_get(cs, 0) : cs;
}

static void check_recipient(const json_t *doc, const struct verify_opts *o, struct report *r)
{
	json_t *subject = subject_of(doc), *ids = json_object_get(subject, "identifier");
	json_t *first = json_is_array(ids) ? json_array_get(ids, 0) : ids;

	if (json_str(subject, "id"))
		verify_recipient(r, json_str(subject, "id"), NULL, 0, o->recipients);
	else
		verify_recipient(r, json_str(first, "identityHash"), json_str(first, "salt"),
				 json_is_true(json_object_get(first, "hashed")), o->recipients);
}

/* Whether a check added from index `from` on failed the credential
 * (invalid: not the expired / not-yet-valid of a JWT's exp and nbf). */
static bool invalid_since(const struct report *r, size_t from)
{
	size_t i;

	for (i = from; i < r->n; i++)
		if (r->checks[i].outcome == CHECK_FAIL && r->checks[i].effect == EFFECT_INVALID)
			return true;
	return false;
}

/* The status entry is part of what the proof signs.  When the proof
 * fails, the entry is not the issuer's word: anyone could have pointed a
 * forged badge at a set bit of the issuer's list (and so had it called
 * revoked rather than invalid) or at a URL of their choosing, which
 * satchel would then fetch.  So the list is neither fetched nor read,
 * and the verdict is the proof's: invalid.  The reference verifier also
 * checks status only for a credential whose proof verifies. */
static void check_status(const json_t *d, bool proof_failed, const struct verify_opts *o,
			 struct report *r)
{
	if (!proof_failed)
		verify_status(d, o, r);
	else if (json_object_get(d, "credentialStatus"))
		report_add(r, "status", CHECK_SKIP, EFFECT_NONE,
			   "not checked: the proof does not verify, so the status entry is not the "
			   "issuer's");
}

void verify_ob3(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r)
{
	json_t *d = c->doc;
	size_t proof_at;
	bool proof_failed;

	verify_vc_model(r, d);
	proof_at = r->n;
	if (c->encoding == CRED_ENC_JWT)
		verify_jwt_proof(c, text, len, o, r);
	else
		verify_di_proofs(c, o, r);
	proof_failed = invalid_since(r, proof_at);
	verify_dates(r, NULL, json_object_get(d, "validFrom") ? json_object_get(d, "validFrom") :
		     json_object_get(d, "issuanceDate"),
		     json_object_get(d, "validUntil") ? json_object_get(d, "validUntil") :
		     json_object_get(d, "expirationDate"), TIME_XSD);
	check_status(d, proof_failed, o, r);
	check_recipient(d, o, r);
	verify_endorsements(d, o, r);
}

/* ---- endorsements ------------------------------------------------------ */

/* An endorsement is a claim by a third party about the badge: checked
 * like a credential and reported as its own check, but it does not
 * change the badge's verdict (a failed endorsement is a warning). */
static void report_endorsement(struct report *r, const char *who, const struct report *sub)
{
	const char *v = report_verdict(sub);

	if (!strcmp(v, "verified"))
		report_add(r, "endorsement", CHECK_PASS, EFFECT_NONE, "endorsement by '%s' verifies", who);
	else if (!strcmp(v, "unknown"))
		report_add(r, "endorsement", CHECK_SKIP, EFFECT_NONE,
			   "endorsement by '%s' could not be checked", who);
	else
		report_add(r, "endorsement", CHECK_WARN, EFFECT_NONE, "endorsement by '%s' is %s", who, v);
}

static void check_endorsement_doc(const json_t *e, const struct verify_opts *o, struct report *r)
{
	struct report sub = REPORT_INIT;
	const char *who = credential_issuer(e);

	if (!json_is_object(e))
		return;
	verify_vc_model(&sub, e);
	verify_di_doc(e, o, &sub);
	verify_dates(&sub, NULL, json_object_get(e, "validFrom") ? json_object_get(e, "validFrom") :
		     json_object_get(e, "issuanceDate"),
		     json_object_get(e, "validUntil") ? json_object_get(e, "validUntil") :
		     json_object_get(e, "expirationDate"), TIME_XSD);
	report_endorsement(r, who ? who : "?", &sub);
	report_release(&sub);
}

static void check_endorsement_jwt(const json_t *v, const struct verify_opts *o, struct report *r)
{
	const char *text = json_string_value(v);
	struct report sub = REPORT_INIT;
	struct cred c = CRED_INIT;
	struct buf sig;
	json_t *vc;

	buf_init(&sig, 16384);
	if (!text || jws_decode(text, strlen(text), &c.jose, &c.claims, &sig, NULL) < 0) {
		report_add(r, "endorsement", CHECK_WARN, EFFECT_NONE, "an endorsementJwt is not a JWS");
		buf_release(&sig);
		cred_release(&c);
		return;
	}
	vc = json_object_get(c.claims, "vc");
	c.doc = json_incref(json_is_object(vc) ? vc : c.claims);
	c.format = CRED_OB3;
	c.encoding = CRED_ENC_JWT;
	c.version = "VC";
	verify_jwt_proof(&c, text, strlen(text), o, &sub);
	report_endorsement(r, credential_issuer(c.doc) ? credential_issuer(c.doc) : "?", &sub);
	report_release(&sub);
	cred_release(&c);
	buf_release(&sig);
}

/* endorsement / endorsementJwt of one holder (credential, achievement,
 * issuer profile), each one or an array. */
static void check_holder(const json_t *holder, const struct verify_opts *o, struct report *r)
{
	json_t *list = json_object_get(holder, "endorsement"), *e;
	size_t i;

	if (json_is_object(list))
		check_endorsement_doc(list, o, r);
	json_array_foreach(list, i, e)
		check_endorsement_doc(e, o, r);
	list = json_object_get(holder, "endorsementJwt");
	if (json_is_string(list))
		check_endorsement_jwt(list, o, r);
	json_array_foreach(list, i, e)
		check_endorsement_jwt(e, o, r);
}

void verify_endorsements(const json_t *doc, const struct verify_opts *o, struct report *r)
{
	check_holder(doc, o, r);
	check_holder(json_object_get(subject_of(doc), "achievement"), o, r);
	check_holder(json_object_get(doc, "issuer"), o, r);
}
