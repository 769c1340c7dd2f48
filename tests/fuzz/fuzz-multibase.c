/* fuzz-multibase.c — libFuzzer target for multibase_decode().
 *
 * Decoding is strict (codec.h), so a value that decodes must re-encode to
 * exactly the same text, and that text must decode to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_round_trip(const char *text, size_t size, const struct buf *first)
{
	struct buf again;
	char *enc = multibase_encode(text[0], (const uint8_t *)first->s, first->len);

	if (!enc)
		abort();	/* decoded with a base the encoder does not know */
	if (strlen(enc) != size || memcmp(enc, text, size) != 0)
		abort();	/* two texts for one byte string */
	buf_init(&again, 0);
	if (multibase_decode(enc, strlen(enc), &again, NULL) != 0)
		abort();
	if (again.len != first->len || memcmp(again.s, first->s, first->len) != 0)
		abort();
	buf_release(&again);
	free(enc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct buf b;
	struct err e = ERR_INIT;

	buf_init(&b, 0);
	if (buf_adds(&b, "keep", NULL) < 0)
		abort();
	if (multibase_decode(text, size, &b, &e) == 0) {
		struct buf bytes = b;

		/* View only what the decoder appended after "keep". */
		bytes.s += 4;
		bytes.len -= 4;
		check_round_trip(text, size, &bytes);
	} else if (b.len != 4 || memcmp(b.s, "keep", 5) != 0 || !e.msg[0]) {
		abort();	/* a failed decode must leave the buffer alone */
	}
	buf_release(&b);
	return 0;
}
