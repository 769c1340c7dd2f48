/* fuzz-json.c — libFuzzer target for json_fast_load(), against jansson.
 *
 * The fast reader may refuse more than jansson (json_strict_load then asks
 * jansson), but whatever it accepts jansson must accept too, with an equal
 * value (json_equal tells integers from reals and compares them exactly).
 */
#include <stdint.h>
#include <stdlib.h>
#include "satchel/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *fast = json_fast_load((const char *)data, size), *ref;

	if (!fast)
		return 0;
	ref = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	if (!ref || !json_equal(fast, ref))
		abort();
	json_decref(ref);
	json_decref(fast);
	return 0;
}
