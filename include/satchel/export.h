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

#endif
