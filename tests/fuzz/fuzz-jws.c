/* fuzz-jws.c — libFuzzer target for jws_split(), jws_looks_like() and
 * jws_decode(). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/jws.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct jws_parts parts;
	json_t *h = NULL, *p = NULL;
	struct buf sig;
	int split_ok = jws_split(s, size, &parts, NULL) == 0;

	if (split_ok && (parts.signing_input_len != parts.header_len + 1 + parts.payload_len ||
			 parts.header + parts.signing_input_len + 1 != parts.sig ||
			 parts.sig + parts.sig_len > s + size))
		abort();
	if (jws_looks_like(s, size) && !split_ok)
		abort();
	buf_init(&sig, 0);
	if (jws_decode(s, size, &h, &p, &sig, NULL) == 0) {
		if (!split_ok || !json_is_object(h) || !json_is_object(p))
			abort();
		json_decref(h);
		json_decref(p);
	} else if (sig.len != 0 || h || p) {
		abort();
	}
	buf_release(&sig);
	return 0;
}
