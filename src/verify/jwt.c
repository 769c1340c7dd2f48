/* jwt.c — VC-JWT proofs of Open Badges 3.0 (SPECS.md section 4 and
 * pitfall 10): the signature over the received segments, a key bound to
 * the issuer, and the registered claims agreeing with the credential. */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

const char *credential_issuer(const json_t *doc)
{
	json_t *iss = json_object_get(doc, "issuer");

	return json_is_string(iss) ? json_string_value(iss) : json_str(iss, "id");
}

static char *origin_of(const char *url)
{
	const char *p = url ? strstr(url, "://") : NULL, *end = p ? strchr(p + 3, '/') : NULL;

	if (!p)
		return NULL;
	return xstrndup(url, end ? (size_t)(end - url) : strlen(url));
}

/* The key's controller must be the issuer: the same DID, or for a key
 * published at an https URL, the issuer's origin. */
static int bound_to_issuer(const struct vm_key *k, const char *issuer)
{
	char *io;
	int ok;

	if (!strncmp(k->controller, "did:", 4) || !strncmp(issuer, "did:", 4))
		return !strcmp(k->controller, issuer);
	if (!strcmp(k->controller, issuer))
		return 1;
	io = origin_of(issuer);
	ok = io && !strcmp(io, k->controller);
	free(io);
	return ok;
}

/* Records why a key could not be had: "could not check" for network
 * trouble, "invalid" for anything the issuer got wrong. */
static void key_failure(struct report *r, const char *what, const struct err *e)
{
	if (e->code == ERR_NET || e->code == ERR_OFFLINE)
		report_incomplete(r, "key", "could not resolve the key '%s': %s", what, e->msg);
	else
		report_add(r, "key", CHECK_FAIL, EFFECT_INVALID, "the key '%s': %s", what, e->msg);
}

/* The JOSE header rules (RFC 7515 §4.1, OB 3.0 §8 "JWT proof"): nothing
 * critical that satchel does not understand (it understands no extension,
 * so any "crit"), the payload base64url-encoded (no RFC 7797 "b64":
 * false), a key named by a string kid or an inline jwk without a private
 * part.  NULL, or what is wrong. */
static const char *header_problem(const json_t *jose)
{
	const json_t *kid = json_object_get(jose, "kid"), *jwk = json_object_get(jose, "jwk");
	const json_t *b64 = json_object_get(jose, "b64");

	if (json_object_get(jose, "crit"))
		return N_("the JWT header lists critical extensions ('crit') that are not supported");
	if (b64 && !json_is_true(b64))
		return N_("the JWT payload is not base64url-encoded ('b64'), which is not supported");
	if (kid && !json_is_string(kid))
		return N_("the JWT header's 'kid' is not a string");
	if (jwk && !json_is_object(jwk))
		return N_("the JWT header's 'jwk' is not a JSON Web Key");
	if (json_object_get(jwk, "d"))
		return N_("the JWT header's 'jwk' holds a private key ('d')");
	if (!kid && !jwk)
		return N_("the JWT header names no key: Open Badges 3.0 requires 'kid' or 'jwk'");
	return NULL;
}

/* Finds the signing key: kid, or an inline jwk bound to the issuer's
 * did:key / did:jwk (the only binding an inline key can have). */
static int jwt_key(const struct cred *c, const struct verify_opts *o, const char *issuer,
		   struct vm_key *k, struct report *r)
{
	const char *kid = json_str(c->jose, "kid");
	json_t *jwk = json_object_get(c->jose, "jwk");
	struct err e = ERR_INIT;
	const char *want = kid ? kid : issuer;

	/* A DID is not a key: the kid names one of its verification methods
	 * by fragment (SPECS.md 4.6), as the reference requires too. */
	if (kid && !strncmp(kid, "did:", 4) && !strchr(kid, '#')) {
		report_add(r, "key", CHECK_FAIL, EFFECT_INVALID,
			   "the JWT's kid '%s' is a DID, not one of its keys (a DID URL with "
			   "a #fragment)", kid);
		return -1;
	}
	if (!want || (!kid && strncmp(want, "did:key:", 8) && strncmp(want, "did:jwk:", 8))) {
		report_add(r, "key", CHECK_FAIL, EFFECT_INVALID,
			   "the JWT names its key by an inline jwk only, and its issuer is not a "
			   "did:key or did:jwk the jwk could be checked against");
		return -1;
	}
	if (keys_resolve(want, issuer, o, k, &e) < 0) {
		key_failure(r, want, &e);
		return -1;
	}
	if (jwk && !kid) {	/* an inline key counts only as the issuer's own */
		EVP_PKEY *inl = keys_from_jwk(jwk, &e);
		int same = inl && EVP_PKEY_eq(inl, k->pkey) == 1;

		EVP_PKEY_free(inl);
		if (!same) {
			report_add(r, "key", CHECK_FAIL, EFFECT_INVALID,
				   "the inline jwk is not the issuer's key");
			return -1;
		}
	}
	return 0;
}

static void check_binding(const struct vm_key *k, const char *issuer, struct report *r)
{
	if (!issuer || !bound_to_issuer(k, issuer))
		report_add(r, "key", CHECK_FAIL, EFFECT_INVALID,
			   "the key '%s' is controlled by '%s', not by the issuer '%s'", k->id,
			   k->controller, issuer ? issuer : "?");
	else if (!k->assertion)
		report_add(r, "key", CHECK_FAIL, EFFECT_INVALID,
			   "the issuer does not list the key '%s' for assertions (assertionMethod)", k->id);
	else
		report_add(r, "key", CHECK_PASS, EFFECT_NONE, "the key '%s' belongs to the issuer", k->id);
}

static void check_jwt_signature(const char *text, size_t len, const char *alg, EVP_PKEY *key,
				struct report *r)
{
	struct err e = ERR_INIT;

	if (sig_verify_jws(text, len, alg, key, NULL, &e) < 0)
		report_add(r, "signature", CHECK_FAIL, EFFECT_INVALID, "%s", e.msg);
	else
		report_add(r, "signature", CHECK_PASS, EFFECT_NONE, "the %s signature verifies", alg);
}

/* A registered claim (a string, RFC 7519 §4.1) must agree with the
 * credential where both speak. */
static void claim_matches(struct report *r, const struct cred *c, const char *claim,
			  const char *want)
{
	const json_t *v = json_object_get(c->claims, claim);

	if (v && !json_is_string(v))
		report_add(r, "claims", CHECK_FAIL, EFFECT_INVALID, "the JWT claim '%s' is not a string",
			   claim);
	else if (v && want && strcmp(json_string_value(v), want) != 0)
		report_add(r, "claims", CHECK_FAIL, EFFECT_INVALID,
			   "the JWT claim '%s' ('%s') does not match the credential ('%s')", claim,
			   json_string_value(v), want);
}

/* A NumericDate claim (RFC 7519 §2: seconds, fractions allowed) in *t:
 * 1, or 0 when absent, or -1 after reporting one that is not a number. */
static int numeric_date(struct report *r, const struct cred *c, const char *claim, double *t)
{
	const json_t *v = json_object_get(c->claims, claim);

	if (!v)
		return 0;
	if (!json_is_number(v)) {
		report_add(r, "claims", CHECK_FAIL, EFFECT_INVALID,
			   "the JWT claim '%s' is not a NumericDate (a number of seconds)", claim);
		return -1;
	}
	*t = json_number_value(v);
	return 1;
}

static void check_claims(const struct cred *c, const char *issuer, struct report *r)
{
	const json_t *cs = json_object_get(c->doc, "credentialSubject");
	long ns;
	double now = (double)time_now_instant(&ns) + ns / 1e9, t;
	size_t before = r->n;

	if (json_is_array(cs))
		cs = json_array_get(cs, 0);
	claim_matches(r, c, "iss", issuer);
	claim_matches(r, c, "jti", json_str(c->doc, "id"));
	claim_matches(r, c, "sub", json_str(cs, "id"));
	if (numeric_date(r, c, "nbf", &t) > 0 && t > now)
		report_add(r, "claims", CHECK_FAIL, EFFECT_NOT_YET_VALID,
			   "the JWT is not valid before its nbf");
	/* exp is the first instant at which the JWT is no longer valid */
	if (numeric_date(r, c, "exp", &t) > 0 && t <= now)
		report_add(r, "claims", CHECK_FAIL, EFFECT_EXPIRED, "the JWT expired (exp)");
	numeric_date(r, c, "iat", &t);	/* only its form: iat says nothing of validity */
	if (r->n == before)
		report_add(r, "claims", CHECK_PASS, EFFECT_NONE, "the JWT claims agree with the credential");
}

static int alg_ok(const char *alg, struct report *r)
{
	static const char *const algs[] = { "RS256", "ES256", "ES384", "EdDSA" };
	size_t i;

	for (i = 0; alg && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(alg, algs[i]))
			return 1;
	report_add(r, "signature", CHECK_FAIL, EFFECT_INVALID, alg && !strcmp(alg, "none") ?
		   N_("an unsigned JWT (alg none) is refused") :
		   N_("the JWT algorithm '%s' is not accepted (RS256, ES256, ES384, EdDSA)"),
		   alg ? alg : "(none)");
	return 0;
}

void verify_jwt_proof(const struct cred *c, const char *text, size_t len,
		      const struct verify_opts *o, struct report *r)
{
	const char *alg = json_str(c->jose, "alg"), *issuer = credential_issuer(c->doc);
	struct vm_key k = VM_KEY_INIT;

	const char *problem = header_problem(c->jose);

	if (!alg_ok(alg, r))
		return;
	if (problem) {
		report_add(r, "signature", CHECK_FAIL, EFFECT_INVALID, "%s", _(problem));
		return;
	}
	check_claims(c, issuer, r);
	if (jwt_key(c, o, issuer, &k, r) < 0)
		return;
	check_binding(&k, issuer, r);
	check_jwt_signature(text, len, alg, k.pkey, r);
	vm_key_release(&k);
}
