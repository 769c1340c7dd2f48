/* fuzz-json.c — libFuzzer target for json_fast_load(), against jansson.
 *
 * The fast reader may refuse more than jansson (json_strict_load then asks
 * jansson), but whatever it accepts jansson must accept too, with an equal
 * value (json_equal tells integers from reals and compares them exactly).
 * The one exception, integers beyond json_int_t (reals for the fast
 * reader, refused by jansson), is compared with every integer read as a
 * real on both sides.
 */
#include <stdint.h>
#include <stdlib.h>
#include "satchel/json.h"

/* v with every integer made a real, in place of the old value. */
static json_t *ints_as_reals(json_t *v)
{
	const char *k;
	json_t *x, *tmp;
	size_t i;

	if (json_is_integer(v)) {
		x = json_real((double)json_integer_value(v));
		json_decref(v);
		return x;
	}
	json_object_foreach_safe(v, tmp, k, x)
		json_object_set_new(v, k, ints_as_reals(json_incref(x)));
	json_array_foreach(v, i, x)
		json_array_set_new(v, i, ints_as_reals(json_incref(x)));
	return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *fast = json_fast_load((const char *)data, size), *ref;

	if (!fast)
		return 0;
	ref = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
	if (!ref) {
		ref = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
				 JSON_DECODE_INT_AS_REAL, NULL);
		fast = ints_as_reals(fast);
	}
	if (!ref || !json_equal(fast, ref))
		abort();
	json_decref(ref);
	json_decref(fast);
	return 0;
}
