/* vp.c — Verifiable Presentations: the holder's proof, then every
 * credential inside, each reported as its own check (SPECS.md 9.3). */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "satchel/json.h"

#define ENVELOPE "data:application/vc+jwt,"

static const struct { const char *verdict; enum check_effect effect; } effects[] = {
	{ "revoked", EFFECT_REVOKED }, { "suspended", EFFECT_SUSPENDED }, { "expired", EFFECT_EXPIRED },
	{ "not-yet-valid", EFFECT_NOT_YET_VALID }, { "invalid", EFFECT_INVALID },
};

/* One credential of the presentation, checked on its own; its verdict
 * becomes one check of the presentation's report. */
static void check_credential(const json_t *vc, size_t n, const struct verify_opts *o,
			     struct report *r)
{
	struct report sub = REPORT_INIT;
	const char *id = json_str(vc, "id"), *v;
	char *text = NULL;
	size_t k;

	if (json_is_object(vc) && id && !strncmp(id, ENVELOPE, strlen(ENVELOPE)))
		verify_credential(id + strlen(ENVELOPE), strlen(id + strlen(ENVELOPE)), o, &sub, NULL);
	else if (json_is_object(vc) && (text = json_text(vc, JSON_COMPACT | JSON_PRESERVE_ORDER)))
		verify_credential(text, strlen(text), o, &sub, NULL);
	else
		report_add(&sub, "parse", CHECK_FAIL, EFFECT_INVALID, "not a credential object");
	free(text);
	v = report_verdict(&sub);
	if (!strcmp(v, "verified")) {
		report_add(r, "credential", CHECK_PASS, EFFECT_NONE, "credential %zu verifies", n + 1);
	} else if (!strcmp(v, "unknown")) {
		report_incomplete(r, "credential", "credential %zu could not be checked", n + 1);
	} else {
		for (k = 0; k < sizeof(effects) / sizeof(effects[0]); k++)
			if (!strcmp(effects[k].verdict, v))
				report_add(r, "credential", CHECK_FAIL, effects[k].effect,
					   "credential %zu is %s", n + 1, v);
	}
	report_release(&sub);
}

static void check_one(const json_t *vp, const struct verify_opts *o, struct report *r)
{
	const json_t *holder = json_object_get(vp, "holder"), *list, *vc;
	const char *h = json_is_string(holder) ? json_string_value(holder) : json_str(holder, "id");
	size_t i;

	if (json_object_get(vp, "proof"))
		verify_di_doc_for(vp, h, "authentication", o, r);
	else
		report_add(r, "proof", CHECK_SKIP, EFFECT_NONE,
			   "the presentation is not signed by its holder");
	list = json_object_get(vp, "verifiableCredential");
	if (json_is_object(list))
		check_credential(list, 0, o, r);
	json_array_foreach(list, i, vc)
		check_credential(vc, i, o, r);
}

void verify_presentation(const json_t *doc, const struct verify_opts *o, struct report *r)
{
	const json_t *p;
	size_t i;

	if (!json_is_array(json_object_get(doc, "presentations"))) {
		check_one(doc, o, r);
		return;
	}
	json_array_foreach(json_object_get(doc, "presentations"), i, p)	/* satchel's bundle */
		check_one(p, o, r);
}
