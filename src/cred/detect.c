/* detect.c — which badge is this JSON: generation, version, and whether
 * it is an awarded badge at all (include/satchel/cred.h: cred_parse). */
#include <string.h>
#include "satchel/cred.h"
#include "satchel/json.h"
#include "satchel/jws.h"
#include "satchel/timeutil.h"

static const char *const vc_contexts[] = {
	"https://www.w3.org/2018/credentials/v1",
	"https://www.w3.org/ns/credentials/v2",
};

static const char *const ob2_contexts[] = {
	"https://w3id.org/openbadges/v2",
	"https://openbadgespec.org/v2/context.json",
};

static const char *const ob1_contexts[] = {
	"https://w3id.org/openbadges/v1",
	"http://openbadges.org/standard/1.1/context.json",
	"https://openbadgespec.org/v1/context.json",
};

/* Types that are Open Badges documents but not awarded badges: importing
 * one is a mistake the learner should hear about by name. */
static const char *const not_awards[] = {
	"BadgeClass", "Issuer", "Profile", "CryptographicKey", "RevocationList",
	"Achievement", "Endorsement",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int has_context(const json_t *doc, const char *const *list, size_t n)
{
	json_t *ctx = json_object_get(doc, "@context");
	size_t i;

	for (i = 0; i < n; i++)
		if (json_has_string(ctx, list[i]))
			return 1;
	return 0;
}

static int check_vc(const json_t *doc, struct err *err)
{
	json_t *type = json_object_get(doc, "type"), *cs = json_object_get(doc, "credentialSubject");
	json_t *issuer = json_object_get(doc, "issuer");

	if (!json_has_string(type, "VerifiableCredential"))
		return err_set(err, ERR_FORMAT, "a JSON-LD document with a credentials context but no "
			       "'VerifiableCredential' type");
	if (!json_has_string(type, "OpenBadgeCredential") &&
	    !json_has_string(type, "AchievementCredential")) {
		if (json_has_string(type, "EndorsementCredential"))
			return err_set(err, ERR_FORMAT, "an EndorsementCredential, not a badge awarded to a learner");
		return err_set(err, ERR_FORMAT, "a verifiable credential that is not an Open Badge "
			       "(no 'OpenBadgeCredential' or 'AchievementCredential' type)");
	}
	if (!json_is_object(cs) && !(json_is_array(cs) && json_array_size(cs)))
		return err_set(err, ERR_FORMAT, "Open Badge credential without 'credentialSubject'");
	if (!json_is_string(issuer) && !json_is_string(json_object_get(issuer, "id")))
		return err_set(err, ERR_FORMAT, "Open Badge credential without an 'issuer' id");
	return 0;
}

static const char *ob_legacy_version(const json_t *doc)
{
	json_t *badge = json_object_get(doc, "badge");
	const char *v = json_str(badge, "version");

	if (v && strncmp(v, "0.5", 3) == 0)
		return "0.5";
	if (json_is_string(json_object_get(doc, "recipient")) && json_is_object(badge))
		return "0.5";
	return "1.0";
}

static int check_award_type(const json_t *doc, struct err *err)
{
	json_t *type = json_object_get(doc, "type");
	size_t i;

	if (json_has_string(type, "Assertion"))
		return 0;
	for (i = 0; i < N(not_awards); i++)
		if (json_has_string(type, not_awards[i]))
			return err_set(err, ERR_FORMAT, "a document of type '%s', not a badge awarded "
				       "to a learner (an Assertion)", not_awards[i]);
	return 0;
}

/* OB 0.5-2.0: the parts every awarded badge has. */
static int check_ob2(const json_t *doc, const char *version, struct err *err)
{
	json_t *recipient = json_object_get(doc, "recipient"), *badge = json_object_get(doc, "badge");

	if (check_award_type(doc, err) < 0)
		return -1;
	if (!badge || !(json_is_string(badge) || json_is_object(badge)))
		return err_set(err, ERR_FORMAT, "Open Badges assertion without a 'badge'");
	if (!recipient)
		return err_set(err, ERR_FORMAT, "Open Badges assertion without a 'recipient'");
	if (strcmp(version, "0.5") != 0 && !json_is_object(recipient))
		return err_set(err, ERR_FORMAT, "Open Badges %s assertion whose 'recipient' is not an "
			       "identity object", version);
	return 0;
}

/* Decides generation and version of a JSON credential object. */
static int classify(struct cred *c, struct err *err)
{
	const json_t *doc = c->doc;

	if (!json_is_object(doc))
		return err_set(err, ERR_FORMAT, "the JSON is not an object");
	if (has_context(doc, vc_contexts, N(vc_contexts))) {
		c->format = CRED_OB3;
		c->version = "3.0";
		return check_vc(doc, err);
	}
	c->format = CRED_OB2;
	if (has_context(doc, ob2_contexts, N(ob2_contexts)))
		c->version = "2.0";
	else if (has_context(doc, ob1_contexts, N(ob1_contexts)))
		c->version = "1.1";
	else if (json_object_get(doc, "@context"))
		return err_set(err, ERR_FORMAT, "JSON-LD with no Open Badges or credentials context");
	else if (json_object_get(doc, "badge") || json_object_get(doc, "recipient"))
		c->version = ob_legacy_version(doc);
	else if (json_object_get(doc, "type") && check_award_type(doc, err) < 0)
		return -1;
	else
		return err_set(err, ERR_FORMAT, "JSON that is not an Open Badge (no context, badge or recipient)");
	return check_ob2(doc, c->version, err);
}

/* A member of the JWT claims as a date-time string, or NULL. */
static json_t *claim_date(const json_t *claims, const char *claim)
{
	const json_t *v = json_object_get(claims, claim);
	char when[32];

	if (!json_is_number(v))
		return NULL;
	time_format((int64_t)json_number_value(v), when);
	return json_string(when);
}

/* The credential of a VC DM 1.1 JWT (VC DM 1.1 §6.3.1, SPECS.md 4.4): the
 * vc claim, with what it leaves out taken from the registered claims:
 * issuer from iss, issuanceDate from nbf, id from jti, the subject's id
 * from sub, expirationDate from exp (top level: the text's "of
 * credentialSubject" is a known erratum).  A new reference. */
static json_t *vc_from_claims(const json_t *claims, const json_t *vc)
{
	static const struct {
		const char *member, *claim;
		int date;
	} fill[] = {
		{ "issuer", "iss", 0 }, { "issuanceDate", "nbf", 1 }, { "id", "jti", 0 },
		{ "expirationDate", "exp", 1 },
	};
	json_t *doc = json_deep_copy(vc), *cs = json_object_get(doc, "credentialSubject");
	const json_t *v;
	size_t i;

	for (i = 0; i < sizeof(fill) / sizeof(fill[0]); i++) {
		if (json_object_get(doc, fill[i].member))
			continue;
		v = json_object_get(claims, fill[i].claim);
		if (fill[i].date && json_is_number(v))
			json_object_set_new(doc, fill[i].member, claim_date(claims, fill[i].claim));
		else if (!fill[i].date && json_is_string(v))
			json_object_set(doc, fill[i].member, (json_t *)v);
	}
	if (json_is_object(cs) && !json_object_get(cs, "id") &&
	    json_is_string(json_object_get(claims, "sub")))
		json_object_set(cs, "id", json_object_get(claims, "sub"));
	return doc;
}

static int parse_jws(const char *text, size_t len, struct cred *c, struct err *err)
{
	struct buf sig;
	json_t *vc;
	int rc;

	buf_init(&sig, 16384);
	rc = jws_decode(text, len, &c->jose, &c->claims, &sig, err);
	buf_release(&sig);
	if (rc < 0)
		return -1;
	vc = json_object_get(c->claims, "vc");
	if (json_is_object(vc)) {		/* VC 1.1 JWT: the credential is the vc claim */
		c->doc = vc_from_claims(c->claims, vc);
		c->encoding = CRED_ENC_JWT;
	} else if (has_context(c->claims, vc_contexts, N(vc_contexts))) {
		c->doc = json_incref(c->claims);	/* OB 3.0.3 / VC 2.0: at the top */
		c->encoding = CRED_ENC_JWT;
	} else {
		c->doc = json_incref(c->claims);	/* OB 2.0 signed assertion */
		c->encoding = CRED_ENC_JWS;
	}
	if (classify(c, err) < 0)
		return -1;
	if ((c->format == CRED_OB3) != (c->encoding == CRED_ENC_JWT))
		return err_set(err, ERR_FORMAT, "a signed Open Badges 2.0 assertion must not carry a VC");
	return 0;
}

int cred_parse(const char *text, size_t len, struct cred *out, struct err *err)
{
	enum cred_kind k = cred_sniff((const uint8_t *)text, len);
	int rc;

	memset(out, 0, sizeof(*out));
	if (len > CRED_MAX_TEXT)
		return err_set(err, ERR_TOOBIG, "credential larger than %u MiB", CRED_MAX_TEXT >> 20);
	if (k == KIND_JWS) {
		rc = parse_jws(text, len, out, err);
	} else if (k == KIND_JSON) {
		out->encoding = CRED_ENC_JSON;
		out->doc = json_strict_load(text, len, err);
		rc = out->doc ? classify(out, err) : -1;
	} else {
		rc = err_set(err, ERR_FORMAT, "not a credential (expected JSON or a compact JWS)");
	}
	if (rc < 0)
		cred_release(out);
	return rc;
}
