/* ob3.c — Open Badges 3.0: the proof (VC-JWT or Data Integrity), the
 * dates and the recipient (SPECS.md section 3.3). */
#include <string.h>
#include "internal.h"
#include "satchel/json.h"

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

void verify_ob3(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r)
{
	json_t *d = c->doc;

	if (c->encoding == CRED_ENC_JWT)
		verify_jwt_proof(c, text, len, o, r);
	else
		verify_di_proofs(c, o, r);
	verify_dates(r, NULL, json_object_get(d, "validFrom") ? json_object_get(d, "validFrom") :
		     json_object_get(d, "issuanceDate"),
		     json_object_get(d, "validUntil") ? json_object_get(d, "validUntil") :
		     json_object_get(d, "expirationDate"));
	verify_status(d, o, r);
	check_recipient(d, o, r);
}
