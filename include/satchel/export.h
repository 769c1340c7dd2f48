/* export.h — what a learner shares: LinkedIn add-to-profile URLs, the
 * verification link, QR codes, portfolios (SPECS.md section 9).
 *
 * Every function here works from a credential's details (the JSON of
 * index_entry_build) and the wallet's settings; none touches the network.
 */
#ifndef SATCHEL_EXPORT_H
#define SATCHEL_EXPORT_H

#include <jansson.h>
#include "satchel/buf.h"

/* The best public verification link of a badge: a hosted OB 2.0
 * assertion's URL, or an OB 3.0 credential id that is an https URL.
 * NULL when the badge lives only in a file (borrowed from details). */
const char *export_public_link(const json_t *details);

/* The LinkedIn add-to-profile URL (startTask=CERTIFICATION_NAME, every
 * value percent-encoded, expiry omitted when the badge does not expire,
 * organizationId from settings["linkedin.org.<issuer id>"] else
 * organizationName).  Caller owns the result. */
char *export_linkedin_add(const json_t *details, const json_t *settings);
/* The LinkedIn share-offsite URL for a link; caller owns it. */
char *export_linkedin_post(const char *url);

/* Percent-encodes s (RFC 3986: unreserved characters kept); appends. */
void export_url_encode(struct buf *out, const char *s);

/* A QR code of text: drawn with UTF-8 half blocks (two modules per
 * character row, a quiet zone of 4) into out, or as a PNG image (8
 * pixels a module).  ERR_TOOBIG when text does not fit in a QR code. */
int export_qr_text(const char *text, struct buf *out, struct err *err);
int export_qr_png(const char *text, struct buf *out, struct err *err);

/* ---- portfolios --------------------------------------------------------- */

/* One badge to export: its details (index_entry_build), its credential
 * object (JSON credentials and the decoded VC of a JWT), and the exact
 * stored bytes.  All borrowed. */
struct portfolio_item {
	const json_t *details;
	const json_t *doc;
	const char *text;
	size_t len;
};

/* Appends to out (caller-initialised).  pathways: progress objects or
 * NULL.  redact leaves the learner's identifiers out of the summaries
 * (the credentials themselves are signed and travel unchanged). */
int export_portfolio_json(const struct portfolio_item *items, size_t n, const json_t *pathways,
			  int redact, struct buf *out, struct err *err);
/* Verifiable Presentations: VC 2.0 credentials (JWTs as
 * EnvelopedVerifiableCredential) in one, VC 1.1 ones in another; OB 2.0
 * assertions are not VCs: their ids go to *skipped (a new array). */
int export_portfolio_vp(const struct portfolio_item *items, size_t n, const json_t *pathways,
			struct buf *out, json_t **skipped, struct err *err);
/* The same, each presentation signed by its holder (an Ed25519 did:key:
 * "holder" set, eddsa-rdfc-2022 proof for authentication; proof_extra
 * adds members such as the verifier's challenge and domain). */
typedef struct evp_pkey_st EVP_PKEY;
int export_portfolio_vp_signed(const struct portfolio_item *items, size_t n,
			       const json_t *pathways, EVP_PKEY *key, const char *did,
			       const json_t *proof_extra, struct buf *out, json_t **skipped,
			       struct err *err);
/* JSON Resume: the certificates section, merged into resume when given. */
int export_portfolio_jsonresume(const struct portfolio_item *items, size_t n, json_t *resume,
				struct buf *out, struct err *err);
/* One self-contained HTML page (no external requests). */
int export_portfolio_html(const struct portfolio_item *items, size_t n, const json_t *pathways,
			  int redact, struct buf *out, struct err *err);

#endif
