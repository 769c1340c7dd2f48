/* fuzz-pathway.c — libFuzzer target for the pathway parser (own format,
 * Badgr, CLR): parse, evaluate against a fixed wallet, serialise, parse
 * the serialised form again (it must be accepted and equal). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/json.h"
#include "satchel/pathway.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char holdings[] =
	"[{\"id\":\"1\",\"achievement_id\":\"urn:a\",\"verdict\":\"verified\",\"tags\":[\"t\"]},"
	"{\"id\":\"2\",\"achievement_id\":\"urn:b\",\"verdict\":\"unchecked\"}]";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pathway p, q;
	json_t *h, *pr, *a, *b;
	char *text;

	if (pathway_parse((const char *)data, size, &p, NULL) < 0)
		return 0;
	h = json_loads(holdings, 0, NULL);
	pr = pathway_progress(&p, h);
	a = pathway_to_json(&p);
	text = json_text(a, JSON_COMPACT);
	if (!pr || !text || pathway_parse(text, strlen(text), &q, NULL) < 0)
		abort();
	b = pathway_to_json(&q);
	if (!json_equal(a, b))
		abort();
	json_decref(b);
	pathway_release(&q);
	free(text);
	json_decref(a);
	json_decref(pr);
	json_decref(h);
	pathway_release(&p);
	return 0;
}
