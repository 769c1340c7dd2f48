/* di.c — Data Integrity proofs (eddsa-rdfc-2022, ecdsa-rdfc-2019,
 * Ed25519Signature2020).  Placeholder until JSON-LD and RDFC-1.0 land:
 * reports the proof as not checked, so the verdict is "unknown". */
#include "internal.h"

void verify_di_doc(const json_t *doc, const struct verify_opts *o, struct report *r)
{
	(void)o;
	if (!json_object_get(doc, "proof"))
		report_add(r, "proof", CHECK_FAIL, EFFECT_INVALID, "the credential carries no proof");
	else
		report_incomplete(r, "proof", "checking Data Integrity proofs of Open Badges 3.0 is "
				  "not implemented yet");
}

void verify_di_proofs(const struct cred *c, const struct verify_opts *o, struct report *r)
{
	verify_di_doc(c->doc, o, r);
}
