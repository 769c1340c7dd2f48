/* fuzz-cred.c — libFuzzer target for the credential parser: sniffing,
 * baked extraction, strict JSON / JWS parsing and the summary of both
 * generations, with a linked-document callback that answers with the
 * input itself (so badge and issuer URLs lead somewhere). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cred.h"
#include "satchel/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t *fz_data;
static size_t fz_size;

static json_t *linked(void *ctx, const char *url)
{
	(void)ctx;
	(void)url;
	return json_strict_load((const char *)fz_data, fz_size, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cred_source src;
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;

	fz_data = data;
	fz_size = size;
	if (cred_source_open(data, size, &src, &e) < 0)
		return 0;
	if (src.inner != KIND_URL && cred_parse(src.text, src.len, &c, &e) == 0) {
		json_t *s = cred_summary(&c, linked, NULL);
		json_t *urls = cred_linked_urls(&c, linked, NULL);
		char *text = json_text(s, JSON_COMPACT);

		if (!s || !text || !json_is_array(urls))
			abort();
		free(text);
		json_decref(urls);
		json_decref(s);
		cred_release(&c);
	}
	cred_source_release(&src);
	return 0;
}
