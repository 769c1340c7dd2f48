/* cred.h — credentials understood: sniffing, parsing, normalising.
 *
 * Both badge generations come in through here: Open Badges 2.0 (and the
 * 0.5 / 1.x forms before it) as JSON or signed JWS, Open Badges 3.0 as a
 * JSON-LD Verifiable Credential or a VC-JWT, either of them baked into a
 * PNG or SVG.  The original bytes are never changed: parsing reads them,
 * and the wallet stores them as they came.
 */
#ifndef SATCHEL_CRED_H
#define SATCHEL_CRED_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "satchel/baked.h"
#include "satchel/buf.h"

#define CRED_MAX_SOURCE	(32u * 1024 * 1024)	/* a file or download to import */
#define CRED_MAX_TEXT	(8u * 1024 * 1024)	/* the credential itself */

enum cred_format { CRED_OB2 = 1, CRED_OB3 };
enum cred_encoding { CRED_ENC_JSON = 1, CRED_ENC_JWS, CRED_ENC_JWT };

/* What a source's bytes are, judged by content, never by file name. */
enum cred_kind { KIND_UNKNOWN = 0, KIND_JSON, KIND_JWS, KIND_PNG, KIND_SVG, KIND_URL };

struct cred {
	enum cred_format format;
	enum cred_encoding encoding;
	const char *version;	/* static: "0.5", "1.0", "1.1", "2.0", "3.0" */
	json_t *doc;		/* owned: the credential object (JWT: the claim set's VC) */
	json_t *jose;		/* owned: JWS/JWT header, or NULL */
	json_t *claims;		/* owned: JWT claim set, or NULL */
};

#define CRED_INIT { 0, 0, NULL, NULL, NULL, NULL }

/* The credential found in a source: the text to store and where it came
 * from.  text points into the caller's data or into baked.text. */
struct cred_source {
	enum cred_kind outer;	/* KIND_PNG / KIND_SVG for a baked image, else = inner */
	enum cred_kind inner;	/* KIND_JSON, KIND_JWS or KIND_URL */
	const char *text;
	size_t len;
	struct baked baked;	/* owned when outer is an image */
};

const char *cred_kind_name(enum cred_kind k);
const char *cred_format_name(enum cred_format f);	/* "ob2" / "ob3" */
const char *cred_encoding_name(enum cred_encoding e);	/* "json" / "jws" / "jwt" */

/* Judges bytes by their content. */
enum cred_kind cred_sniff(const uint8_t *data, size_t len);

/* Finds the credential in a source (extracting a baked one).  On success
 * src must be released with cred_source_release. */
int cred_source_open(const uint8_t *data, size_t len, struct cred_source *src, struct err *err);
void cred_source_release(struct cred_source *src);

/* Parses credential text (JSON or compact JWS/JWT) strictly: duplicate
 * keys, non-badges (a BadgeClass, an Issuer profile, a VC that is not an
 * Open Badge) and missing required parts are rejected with a reason. */
int cred_parse(const char *text, size_t len, struct cred *out, struct err *err);
void cred_release(struct cred *c);

/* Looks up a document a credential links to (OB 2.0 BadgeClass, Issuer)
 * by URL; returns a new reference or NULL when it is not at hand. */
typedef json_t *cred_linked_fn(void *ctx, const char *url);

/* The normalised summary with details (DESIGN.md: "Summary object" and
 * "Details"), for both generations.  Keys: name, description, issuer
 * {id, name, url}, recipient, issued, expires, awarded, image, criteria
 * {id, narrative}, achievement_id, achievement_type, credential_id,
 * alignments[], badge_tags[], related[], evidence[], endorsements (count),
 * verification {type, url}, proofs[], format, encoding, version.  Dates
 * are RFC 3339 UTC or null.  linked may be NULL.  Returns a new reference. */
json_t *cred_summary(const struct cred *c, cred_linked_fn *linked, void *ctx);

/* The URLs of documents a credential needs for display that it does not
 * embed (OB 2.0 badge and issuer given as URLs); a new array reference. */
json_t *cred_linked_urls(const struct cred *c, cred_linked_fn *linked, void *ctx);

#endif
