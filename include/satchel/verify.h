/* verify.h — the checks pipeline and its report (DESIGN.md "Verify").
 *
 * A verification runs an ordered list of small checks; each records
 * {check, outcome, message} and what a failure means for the verdict.
 * A check that could not be completed (network down, offline without a
 * cached copy, a form satchel cannot check yet) is recorded as skipped
 * and makes the verdict "unknown" -- never "verified": saying "not
 * revoked" when the list could not be fetched is the mistake learners
 * complain about most (PEERS.md).
 */
#ifndef SATCHEL_VERIFY_H
#define SATCHEL_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "satchel/buf.h"

enum check_outcome { CHECK_PASS, CHECK_FAIL, CHECK_WARN, CHECK_SKIP };

/* What a failing check says about the badge. */
enum check_effect {
	EFFECT_NONE,		/* informational */
	EFFECT_INVALID,		/* signature, key binding, data model, scope */
	EFFECT_REVOKED,
	EFFECT_SUSPENDED,
	EFFECT_EXPIRED,
	EFFECT_NOT_YET_VALID,
};

struct check {
	char *name;		/* owned: "hosted-fetch", "signature", ... */
	enum check_outcome outcome;
	enum check_effect effect;
	int incomplete;		/* could not be completed: verdict unknown */
	char *message;		/* owned */
};

struct report {
	struct check *checks;
	size_t n, cap;
	/* Documents the checks fetched that describe the badge (an OB 2.0
	 * BadgeClass and Issuer): URL -> JSON object; owned, NULL when none.
	 * The wallet keeps them for display (collection_keep_linked). */
	json_t *linked;
};

#define REPORT_INIT { NULL, 0, 0, NULL }

void report_release(struct report *r);
/* Records a check; the message is a printf format (translated). */
void report_add(struct report *r, const char *name, enum check_outcome o, enum check_effect e,
		const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Adds doc (a new reference is taken) as what url serves to r->linked. */
void report_keep_linked(struct report *r, const char *url, json_t *doc);
/* Records a check that could not be completed (outcome skip, verdict unknown). */
void report_incomplete(struct report *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The verdict: revoked > suspended > invalid > expired > not-yet-valid >
 * unknown > verified.  Revocation comes from the issuer's own endpoint,
 * so it stands even when the stored copy is damaged; "unknown" only when
 * nothing definitive failed.  Static string. */
const char *report_verdict(const struct report *r);

/* The report object of DESIGN.md's contract; a new reference.  target
 * and id may be NULL (id: a credential outside the wallet). */
json_t *report_json(const struct report *r, const char *target, const char *id,
		    int64_t checked_at);
/* The same object's text, appended to b as json_text_add would write
 * report_json's value with JSON_INDENT(indent) at depth, without making
 * it: verify --json prints thousands. */
void report_json_add(const struct report *r, const char *target, const char *id,
		     int64_t checked_at, struct buf *b, size_t indent, size_t depth);

struct verify_opts {
	int offline;			/* answer from the HTTP cache only */
	int allow_http_loopback;	/* tests only */
	json_t *recipients;		/* borrowed array of the learner's identifiers, or NULL */
};

/* Verifies credential text (JSON or compact JWS/JWT, as stored) and
 * appends the checks to r.  Returns 0 (the verdict is in r), or -1 with
 * err only when satchel itself failed (out of memory).  */
int verify_credential(const char *text, size_t len, const struct verify_opts *o,
		      struct report *r, struct err *err);

/* Verifies a badge source that is not in the wallet: a file's bytes
 * (JSON, JWS, baked PNG/SVG) or, with verify_url, what a URL serves.  A
 * baked pointer (a URL) is followed once.  Same return as above; the
 * text checked is appended to text_out when it is not NULL. */
int verify_source(const uint8_t *data, size_t len, const struct verify_opts *o,
		  struct report *r, struct buf *text_out, struct err *err);
int verify_url(const char *url, const struct verify_opts *o, struct report *r,
	       struct buf *text_out, struct err *err);

/* Adds an eddsa-rdfc-2022 DataIntegrityProof to doc (which has none),
 * signed with an Ed25519 private key, for verification method vm and
 * proofPurpose purpose ("authentication" for a holder's presentation).
 * extra (may be NULL): more proof members, e.g. challenge and domain. */
typedef struct evp_pkey_st EVP_PKEY;
int di_sign(json_t *doc, EVP_PKEY *key, const char *vm, const char *purpose, const json_t *extra,
	    struct err *err);

/* ---- helpers shared by the check modules ----------------------------- */

/* Verifies a JWS-style signature (RS256, ES256, ES384, EdDSA) over msg
 * with a public key given as PEM (SubjectPublicKeyInfo).  ERR_CRYPTO for
 * a bad signature, ERR_FORMAT for an unsupported algorithm or key. */
int sig_verify_pem(const char *pem, const char *alg, const void *msg, size_t mlen,
		   const uint8_t *sig, size_t slen, struct err *err);

#endif
