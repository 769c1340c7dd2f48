/* di.c — Data Integrity proofs: eddsa-rdfc-2022 (and its old name
 * eddsa-2022), ecdsa-rdfc-2019 (P-256, P-384) and Ed25519Signature2020
 * (SPECS.md section 5 and pitfalls 1, 4, 12).
 *
 * hashData = H(canonical proof configuration) || H(canonical document),
 * proof first, raw digests; the proof configuration is the proof minus
 * proofValue with the document's @context.  Both are turned into RDF in
 * JSON-LD safe mode: a term that would be dropped is unsigned data and
 * fails the credential.  Any one proof the issuer controls suffices. */
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "internal.h"
#include "satchel/codec.h"
#include "satchel/json.h"
#include "satchel/jsonld.h"
#include "satchel/rdfc.h"
#include "satchel/timeutil.h"

#define CANON_MAX (16u * 1024 * 1024)

enum suite { SUITE_NONE, SUITE_EDDSA, SUITE_ECDSA, SUITE_ED2020 };

static const struct { const char *type, *cryptosuite; enum suite suite; } suites[] = {
	{ "DataIntegrityProof", "eddsa-rdfc-2022", SUITE_EDDSA },
	{ "DataIntegrityProof", "eddsa-2022", SUITE_EDDSA },	/* pre-rename name */
	{ "DataIntegrityProof", "ecdsa-rdfc-2019", SUITE_ECDSA },
	{ "Ed25519Signature2020", NULL, SUITE_ED2020 },
};

static enum suite suite_of(const json_t *p)
{
	const char *type = json_str(p, "type"), *cs = json_str(p, "cryptosuite");
	size_t i;

	for (i = 0; type && i < sizeof(suites) / sizeof(suites[0]); i++)
		if (!strcmp(type, suites[i].type) &&
		    (!suites[i].cryptosuite || (cs && !strcmp(cs, suites[i].cryptosuite))))
			return suites[i].suite;
	return SUITE_NONE;
}

/* One proof's outcome, folded into the report at the end. */
struct attempt {
	enum check_outcome outcome;	/* pass, fail, or skip (could not check) */
	char msg[600];
};

static void attempt_set(struct attempt *a, enum check_outcome o, const char *msg)
{
	a->outcome = o;
	snprintf(a->msg, sizeof(a->msg), "%s", msg);
}

/* H(canonical N-Quads of doc), in out; SHA-384 when h says so. */
static int canon_hash(json_t *doc, enum rdfc_hash h, uint8_t *out, struct err *err)
{
	/* Safe mode, i18n-datatype: the cryptosuites' options; only the
	 * canonical form is used, so blank node labels are free. */
	struct jsonld_opts jo = {
		.base = NULL, .expand_context = NULL, .processing_mode_10 = 0,
		.rdf_direction = JSONLD_DIR_I18N_DATATYPE, .safe = 1,
		.produce_generalized_rdf = 0, .any_labels = 1,
	};
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct buf nq;
	int rc;

	buf_init(&nq, CANON_MAX);
	rc = jsonld_to_rdf(doc, &jo, &ds, err);
	if (rc == 0)
		rc = rdfc_canonicalize(&ds, h, &nq, NULL, err);
	if (rc == 0 && rdfc_hash_bytes(h, nq.s, nq.len, out) == 0)
		rc = err_set(err, ERR_CRYPTO, "hashing the canonical form failed");
	rdf_dataset_release(&ds);
	buf_release(&nq);
	return rc;
}

static int has_context(const json_t *doc, const char *url)
{
	return json_has_string(json_object_get(doc, "@context"), url);
}

/* Checks that need no key or hashing: purpose, created, proofValue. */
static int proof_shape(const json_t *doc, const json_t *p, enum suite s, const char *purpose,
		       struct buf *sig, struct attempt *a)
{
	const char *pv = json_str(p, "proofValue"), *created = json_str(p, "created");
	struct err e = ERR_INIT;
	int64_t t = 0;
	long ns;

	if (s == SUITE_ED2020 && !has_context(doc, "https://w3id.org/security/suites/ed25519-2020/v1")) {
		attempt_set(a, CHECK_FAIL, "an Ed25519Signature2020 proof needs its context in the document");
		return -1;
	}
	if (!json_str(p, "proofPurpose") || strcmp(json_str(p, "proofPurpose"), purpose)) {
		char msg[128];

		snprintf(msg, sizeof(msg), "the proof's purpose is not '%s'", purpose);
		attempt_set(a, CHECK_FAIL, msg);
		return -1;
	}
	if (!json_str(p, "verificationMethod")) {
		attempt_set(a, CHECK_FAIL, json_object_get(p, "verificationMethod") ?
			    "the proof's verificationMethod is not a URL string" :
			    "the proof has no verificationMethod");
		return -1;
	}
	if (created && time_parse_instant(created, TIME_XSD, &t, &ns, NULL) < 0) {
		attempt_set(a, CHECK_FAIL, "the proof's 'created' is not an XSD date-time");
		return -1;
	}
	/* Five minutes of slack for the signer's clock, as the reference
	 * verifier allows. */
	if (created && t > time_now() + 300) {
		attempt_set(a, CHECK_FAIL, "the proof's 'created' is in the future");
		return -1;
	}
	if (!pv || pv[0] != 'z' || multibase_decode(pv, strlen(pv), sig, &e) < 0) {
		attempt_set(a, CHECK_FAIL, "the proofValue is missing or not base58btc multibase");
		return -1;
	}
	return 0;
}

static const char *sig_alg(enum suite s, EVP_PKEY *key, enum rdfc_hash *h)
{
	*h = RDFC_SHA256;
	if (s != SUITE_ECDSA)
		return "EdDSA";
	if (EVP_PKEY_get_bits(key) == 384) {
		*h = RDFC_SHA384;
		return "ES384";
	}
	return "ES256";
}

static void key_attempt(struct attempt *a, const char *vm, const struct err *e)
{
	char msg[600];

	snprintf(msg, sizeof(msg), "the verification method '%s': %s", vm ? vm : "?", e->msg);
	attempt_set(a, e->code == ERR_NET || e->code == ERR_OFFLINE || e->code == ERR_HTTP ?
		    CHECK_SKIP : CHECK_FAIL, msg);
}

/* hashData = H(proof config) || H(document without proof, or with the
 * earlier proofs of a chain as its proof). */
int di_hash_data(const json_t *doc, const json_t *p, const json_t *prior, enum rdfc_hash h,
		 uint8_t *out, size_t *len, struct err *err)
{
	/* Shallow copies: only top-level entries change, and JSON-LD never
	 * modifies its input. */
	json_t *config = json_copy((json_t *)p), *bare = json_copy((json_t *)doc);
	size_t n = h == RDFC_SHA384 ? 48 : 32;
	int rc;

	json_object_del(config, "proofValue");
	json_object_set(config, "@context", json_object_get(doc, "@context"));
	json_object_del(bare, "proof");
	if (prior)
		json_object_set(bare, "proof", (json_t *)prior);
	rc = canon_hash(config, h, out, err);
	if (rc == 0)
		rc = canon_hash(bare, h, out + n, err);
	*len = 2 * n;
	json_decref(config);
	json_decref(bare);
	return rc;
}

/* Who must control the key and for which purpose. */
struct binding {
	const char *controller;
	const char *purpose;
};

static void try_proof(const json_t *doc, const json_t *p, const struct binding *b,
		      const struct verify_opts *o, struct attempt *a)
{
	json_t *prior = NULL;
	enum suite s = suite_of(p);
	const char *vm = json_str(p, "verificationMethod"), *issuer = b->controller;
	int auth = !strcmp(b->purpose, "authentication");
	struct vm_key k = VM_KEY_INIT;
	struct err e = ERR_INIT;
	uint8_t data[96];
	enum rdfc_hash h;
	const char *alg;
	struct buf sig;
	size_t len;

	buf_init(&sig, 256);
	if (s == SUITE_NONE) {
		attempt_set(a, CHECK_FAIL, "the proof type or cryptosuite is not supported");
	} else if (di_prior_proofs(doc, p, &prior, &e) < 0) {
		attempt_set(a, CHECK_FAIL, e.msg);
	} else if (proof_shape(doc, p, s, b->purpose, &sig, a) == 0) {
		if (keys_resolve(vm, issuer, o, &k, &e) < 0) {
			key_attempt(a, vm, &e);
		} else if (!issuer || strcmp(k.controller, issuer) || !(auth ? k.authentication : k.assertion)) {
			attempt_set(a, CHECK_FAIL, issuer && !strcmp(k.controller, issuer) ? (auth ?
				    "the key is not listed for authentication" :
				    "the key is not listed for assertions (assertionMethod)") :
				    "the key is not controlled by the issuer");
		} else if (alg = sig_alg(s, k.pkey, &h),
			   di_hash_data(doc, p, prior, h, data, &len, &e) < 0) {
			attempt_set(a, CHECK_FAIL, e.msg);
		} else if (sig_verify_key(k.pkey, alg, data, len, (uint8_t *)sig.s, sig.len, &e) < 0) {
			attempt_set(a, CHECK_FAIL, e.msg);
		} else {
			snprintf(a->msg, sizeof(a->msg), "the %s proof by '%s' verifies",
				 json_str(p, "cryptosuite") ? json_str(p, "cryptosuite") : json_str(p, "type"), vm);
			a->outcome = CHECK_PASS;
		}
	}
	vm_key_release(&k);
	buf_release(&sig);
	json_decref(prior);
}

/* The proof of doc whose "id" is id, or NULL. */
static const json_t *proof_by_id(const json_t *doc, const char *id)
{
	const json_t *proofs = json_object_get(doc, "proof"), *q;
	size_t i;

	if (json_is_object(proofs))
		return json_str(proofs, "id") && !strcmp(json_str(proofs, "id"), id) ? proofs : NULL;
	json_array_foreach(proofs, i, q)
		if (json_str(q, "id") && !strcmp(json_str(q, "id"), id))
			return q;
	return NULL;
}

int di_prior_proofs(const json_t *doc, const json_t *proof, json_t **prior, struct err *err)
{
	const json_t *pp = json_object_get(proof, "previousProof"), *id, *q;
	size_t i;

	*prior = NULL;
	if (!pp)
		return 0;
	if (!json_is_string(pp) && !(json_is_array(pp) && json_array_size(pp)))
		return err_set(err, ERR_FORMAT, "the proof's previousProof is not a proof id");
	*prior = json_array();
	for (i = 0; i < (json_is_array(pp) ? json_array_size(pp) : 1); i++) {
		id = json_is_array(pp) ? json_array_get(pp, i) : pp;
		if (!json_is_string(id) || !(q = proof_by_id(doc, json_string_value(id)))) {
			err_set(err, ERR_FORMAT, "the previous proof '%.200s' is not in the proof set",
				json_is_string(id) ? json_string_value(id) : "?");
			json_decref(*prior);
			*prior = NULL;
			return -1;
		}
		json_array_append(*prior, (json_t *)q);
	}
	return 0;
}

/* One passing proof is enough; otherwise "could not check" wins over
 * "fails" (a did:web that is down says nothing about the signature). */
static void fold(struct report *r, const struct attempt *a, size_t n)
{
	size_t i, pick = 0;

	for (i = 0; i < n; i++)
		if (a[i].outcome == CHECK_PASS) {
			report_add(r, "proof", CHECK_PASS, EFFECT_NONE, "%s", a[i].msg);
			for (size_t j = 0; j < n; j++)
				if (j != i && a[j].outcome != CHECK_PASS)
					report_add(r, "proof", CHECK_WARN, EFFECT_NONE,
						   "another proof does not verify: %s", a[j].msg);
			return;
		}
	for (i = 0; i < n; i++)
		if (a[i].outcome == CHECK_SKIP)
			pick = i + 1;
	if (pick)
		report_incomplete(r, "proof", "%s", a[pick - 1].msg);
	else
		report_add(r, "proof", CHECK_FAIL, EFFECT_INVALID, "%s", a[0].msg);
}

void verify_di_doc(const json_t *doc, const struct verify_opts *o, struct report *r)
{
	verify_di_doc_for(doc, credential_issuer(doc), "assertionMethod", o, r);
}

void verify_di_doc_for(const json_t *doc, const char *controller, const char *purpose,
		       const struct verify_opts *o, struct report *r)
{
	const struct binding b = { controller, purpose };
	json_t *proofs = json_object_get(doc, "proof");
	struct attempt a[8];
	size_t n = 0, i;

	if (!proofs) {
		report_add(r, "proof", CHECK_FAIL, EFFECT_INVALID, "the credential carries no proof");
		return;
	}
	if (json_is_object(proofs)) {
		try_proof(doc, proofs, &b, o, &a[n++]);
	} else {
		for (i = 0; i < json_array_size(proofs) && n < 8; i++)
			if (json_is_object(json_array_get(proofs, i)))
				try_proof(doc, json_array_get(proofs, i), &b, o, &a[n++]);
	}
	if (!n)
		report_add(r, "proof", CHECK_FAIL, EFFECT_INVALID, "the proof is not an object");
	else
		fold(r, a, n);
}

void verify_di_proofs(const struct cred *c, const struct verify_opts *o, struct report *r)
{
	verify_di_doc(c->doc, o, r);
}

/* ---- signing ------------------------------------------------------------ */

int di_sign(json_t *doc, EVP_PKEY *key, const char *vm, const char *purpose, const json_t *extra,
	    struct err *err)
{
	uint8_t data[64], sig[64];
	size_t len = 0, slen = sizeof(sig);
	char created[32], *mb;
	EVP_MD_CTX *ctx;
	json_t *proof;
	int ok;

	time_format(time_now(), created);
	proof = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof", "cryptosuite",
			  "eddsa-rdfc-2022", "created", created, "verificationMethod", vm,
			  "proofPurpose", purpose);
	if (extra)	/* challenge, domain: signed with the rest */
		json_object_update(proof, (json_t *)extra);
	if (di_hash_data(doc, proof, NULL, RDFC_SHA256, data, &len, err) < 0) {
		json_decref(proof);
		return -1;
	}
	ctx = EVP_MD_CTX_new();
	ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) == 1 &&
	     EVP_DigestSign(ctx, sig, &slen, data, len) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		json_decref(proof);
		return err_set(err, ERR_CRYPTO, "cannot sign with the holder key");
	}
	mb = multibase_encode('z', sig, slen);
	json_object_set_new(proof, "proofValue", json_string(mb));
	json_object_set_new(doc, "proof", proof);
	free(mb);
	return 0;
}
