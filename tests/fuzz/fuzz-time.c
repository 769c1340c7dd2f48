/* fuzz-time.c — libFuzzer target for time_parse(): whatever parses must
 * format to text that parses back to the same instant.  The first eight
 * bytes, read as an int64_t, also exercise time_format() on any value.
 * time_parse_instant: within the years 0000-9999 and without a sign, the
 * XSD form is a subset of the lenient one (same instant, same fraction);
 * any XSD instant formats to text the XSD form reads back; the fraction
 * is below one second. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_instant(const char *s)
{
	int64_t lax, xsd;
	long lax_ns = -1, xsd_ns = -1;
	int lax_ok = time_parse_instant(s, 0, &lax, &lax_ns, NULL) == 0;

	if (lax_ok && (lax_ns < 0 || lax_ns > 999999999))
		abort();
	if (time_parse_instant(s, TIME_XSD, &xsd, &xsd_ns, NULL) == 0) {
		char out[32];
		int64_t back;
		long back_ns;

		if (s[0] != '-' && xsd >= TIME_MIN && xsd <= TIME_MAX &&
		    (!lax_ok || xsd != lax || xsd_ns != lax_ns))
			abort();
		time_format(xsd, out);
		if (time_parse_instant(out, TIME_XSD, &back, &back_ns, NULL) != 0 || back != xsd)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[32];
	int64_t t, back;
	struct err e = ERR_INIT;

	if (size >= sizeof(t)) {
		memcpy(&t, data, sizeof(t));
		time_format(t, out);
		if (strlen(out) >= sizeof(out))
			abort();
	}
	if (size > 256)		/* no valid date-time is longer than a few dozen bytes */
		return 0;
	s = xstrndup((const char *)data, size);
	if (time_parse(s, &t, &e) == 0) {
		if (t < TIME_MIN || t > TIME_MAX)
			abort();
		time_format(t, out);
		if (strlen(out) != 20 || time_parse(out, &back, NULL) != 0 || back != t)
			abort();
	} else if (e.code != ERR_PARSE) {
		abort();
	}
	check_instant(s);
	free(s);
	return 0;
}
