/* internal.h — shared by the files of src/verify/ only. */
#ifndef SATCHEL_VERIFY_INTERNAL_H
#define SATCHEL_VERIFY_INTERNAL_H

#include <jansson.h>
#include "satchel/cred.h"
#include "satchel/timeutil.h"
#include "satchel/verify.h"

/* A document fetched from an issuer's endpoint. */
struct fetched {
	long status;
	json_t *doc;		/* owned: the JSON object, when the body is one */
	int from_cache;
	int64_t fetched_at;
};

#define FETCHED_INIT { 0, NULL, 0, 0 }

/* GETs url as JSON.  0 when an HTTP answer arrived (status tells which;
 * doc set for a JSON object body), -1 with err when none could be had
 * (network, offline without a cached copy, size limits). */
int verify_fetch(const char *url, const struct verify_opts *o, struct fetched *f,
		 struct err *err);
void fetched_release(struct fetched *f);
/* Tracks cached answers used by one verification (see fetch.c). */
void verify_cache_reset(void);
int64_t verify_cache_oldest(void);	/* seconds, -1 when none */

/* Open Badges 2.0 (and 1.x hosted) and 3.0 check lists. */
void verify_ob2(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r);
void verify_ob3(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r);

/* Shared date checks: issued not in the future, expiry and not-before,
 * compared as instants to the nanosecond; flags as time_parse_instant's
 * (TIME_XSD for Verifiable Credentials, 0 for Open Badges 2.0). */
void verify_dates(struct report *r, const json_t *issued, const json_t *not_before,
		  const json_t *expires, unsigned flags);

/* The VC data model rules a signature does not cover: ids of the
 * credential and its subjects are URLs, the first @context is the
 * credentials context (failures); an Open Badge's second @context should
 * be an OB 3.0 context (the OB schema's rule; a warning, as the reference
 * verifiers do not check it).  Adds a check only when something is wrong. */
void verify_vc_model(struct report *r, const json_t *doc);

/* Recipient: compares an identity object with the learner's identifiers. */
void verify_recipient(struct report *r, const char *identity, const char *salt, int hashed,
		      const json_t *recipients);

/* ---- keys (keys.c) ----------------------------------------------------- */

#include <openssl/evp.h>

/* A verification method resolved to a public key. */
struct vm_key {
	EVP_PKEY *pkey;		/* owned */
	char *id;		/* owned: the verification method's id */
	char *controller;	/* owned: who controls it (a DID, or an https origin) */
	int assertion;		/* listed under assertionMethod of its controller */
	int authentication;	/* listed under authentication (presentations) */
};

#define VM_KEY_INIT { NULL, NULL, NULL, 0, 0 }

void vm_key_release(struct vm_key *k);
/* Resolves a verification method: did:key, did:jwk, did:web (fetching
 * did.json through the network module), or an https URL serving a JWK, a
 * verification method or a controller document.  base resolves a
 * relative "#fragment".  -1 with err; ERR_NET/ERR_OFFLINE mean "could not
 * check", anything else "invalid". */
int keys_resolve(const char *vm, const char *base, const struct verify_opts *o,
		 struct vm_key *out, struct err *err);
/* A key from a JWK object (RSA, EC P-256/P-384, OKP Ed25519); NULL + err. */
EVP_PKEY *keys_from_jwk(const json_t *jwk, struct err *err);
/* A key from multibase Multikey text (z... with a multicodec header). */
EVP_PKEY *keys_from_multikey(const char *mb, struct err *err);

/* Signature verification with a key in hand (see sig_verify_pem). */
int sig_verify_key(EVP_PKEY *key, const char *alg, const void *msg, size_t mlen,
		   const uint8_t *sig, size_t slen, struct err *err);
/* The signature of the compact JWS text[0..len) over its signing input,
 * with key, or with the PEM public key pem when key is NULL. */
int sig_verify_jws(const char *text, size_t len, const char *alg, EVP_PKEY *key,
		   const char *pem, struct err *err);

/* VC-JWT (jwt.c) and Data Integrity (di.c) proofs of an OB 3.0 credential. */
void verify_jwt_proof(const struct cred *c, const char *text, size_t len,
		      const struct verify_opts *o, struct report *r);
void verify_di_proofs(const struct cred *c, const struct verify_opts *o, struct report *r);

/* hashData of a Data Integrity proof: H(canonical proof configuration)
 * || H(canonical document without proof), 64 or 96 bytes into out.  For
 * a proof of a chain, prior (else NULL) holds the earlier proofs it
 * names, which stand as the document's proof (DI 1.0, proof chains). */
#include "satchel/rdfc.h"
int di_hash_data(const json_t *doc, const json_t *proof, const json_t *prior, enum rdfc_hash h,
		 uint8_t *out, size_t *len, struct err *err);
/* The proofs of doc that proof's previousProof names, in *prior (a new
 * array; NULL when proof has no previousProof).  -1 with a message when
 * one is not among doc's proofs (by "id"), or previousProof is not one
 * id or a list of them. */
int di_prior_proofs(const json_t *doc, const json_t *proof, json_t **prior, struct err *err);

/* Data Integrity proofs of any JSON-LD document (status lists too),
 * by the document's issuer for assertionMethod. */
void verify_di_doc(const json_t *doc, const struct verify_opts *o, struct report *r);
/* The same for a given controller and purpose ("authentication" for a
 * presentation signed by its holder). */
void verify_di_doc_for(const json_t *doc, const char *controller, const char *purpose,
		       const struct verify_opts *o, struct report *r);

/* A Verifiable Presentation (or satchel's bundle of them): the holder's
 * proof when there is one, then every credential inside (vp.c). */
void verify_presentation(const json_t *doc, const struct verify_opts *o, struct report *r);

/* credentialStatus of a credential (status.c). */
void verify_status(const json_t *doc, const struct verify_opts *o, struct report *r);
void verify_status_list(const json_t *entries, const json_t *doc, const char *issuer,
			const struct verify_opts *o, struct report *r);

/* Embedded endorsements (endorsement, endorsementJwt) of a credential,
 * its achievement and its issuer: one check each (ob3.c). */
void verify_endorsements(const json_t *doc, const struct verify_opts *o, struct report *r);

/* The issuer id of a credential (string or object id); borrowed. */
const char *credential_issuer(const json_t *doc);

#endif
