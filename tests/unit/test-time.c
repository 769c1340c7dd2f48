/* test-time.c — RFC 3339 parsing, formatting and the civil-date helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "satchel/timeutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define T_2019 INT64_C(1553608800)	/* 2019-03-26T14:00:00Z */

struct tcase {
	const char *in;
	int ok;
	int64_t want;		/* when ok */
	int has_offset;		/* when ok */
};

static const struct tcase parse_cases[] = {
	{ "2019-03-26T14:00:00Z", 1, T_2019, 1 },
	{ "1970-01-01T00:00:00Z", 1, 0, 1 },
	{ "1969-12-31T23:59:59Z", 1, -1, 1 },
	{ "2019-03-26T14:00:00+05:30", 1, T_2019 - 19800, 1 },
	{ "2019-03-26T14:00:00-08:00", 1, T_2019 + 28800, 1 },
	{ "2019-03-26T14:00:00+00:00", 1, T_2019, 1 },
	{ "2019-03-26T14:00:00-00:00", 1, T_2019, 1 },
	{ "2019-03-26T14:00:00+0530", 1, T_2019 - 19800, 1 },	/* lenient: no colon */
	{ "2019-03-26T14:00:00-0800", 1, T_2019 + 28800, 1 },
	{ "2019-03-26T14:00:00+23:59", 1, T_2019 - 86340, 1 },
	{ "2019-03-26T14:00:00.123Z", 1, T_2019, 1 },		/* fraction truncated */
	{ "2019-03-26T14:00:00.999999999999Z", 1, T_2019, 1 },
	{ "2019-03-26T14:00:00.5+05:30", 1, T_2019 - 19800, 1 },
	{ "2019-03-26T14:00:00.5", 1, T_2019, 0 },
	{ "2019-03-26t14:00:00z", 1, T_2019, 1 },		/* lenient: lower case */
	{ "2019-03-26 14:00:00Z", 1, T_2019, 1 },		/* lenient: space */
	{ "2019-03-26T14:00:00", 1, T_2019, 0 },		/* no offset: UTC */
	{ "2019-03-26", 1, INT64_C(1553558400), 0 },		/* bare date: midnight UTC */
	{ "2019-03-26T23:59:60Z", 1, INT64_C(1553644799), 1 },	/* leap second -> :59 */
	{ "2000-02-29T12:00:00Z", 1, INT64_C(951825600), 1 },	/* divisible by 400 */
	{ "2024-02-29T00:00:00Z", 1, INT64_C(1709164800), 1 },
	{ "1600-02-29T00:00:00Z", 1, INT64_C(-11670998400), 1 },
	{ "2100-02-28T00:00:00Z", 1, INT64_C(4107456000), 1 },
	{ "2019-12-31T23:59:59+01:00", 1, INT64_C(1577833199), 1 },
	{ "0000-01-01T00:00:00Z", 1, TIME_MIN, 1 },
	{ "0000-02-29T00:00:00Z", 1, INT64_C(-62162121600), 1 },	/* year 0 is leap */
	{ "9999-12-31T23:59:59Z", 1, TIME_MAX, 1 },

	{ "", 0 },
	{ "2019", 0 },
	{ "2019-03", 0 },
	{ "2019-3-26", 0 },
	{ "19-03-26", 0 },
	{ "2019-03-26T", 0 },
	{ "2019-03-26Z", 0 },
	{ "2019-03-26T14:00Z", 0 },			/* seconds are required */
	{ "2019-03-26T14Z", 0 },
	{ "2019-03-26T24:00:00Z", 1, INT64_C(1553644800), 1 },	/* end of day: next midnight */
	{ "2019-03-26T24:00:00.000Z", 1, INT64_C(1553644800), 1 },
	{ "2019-03-26T24:00:01Z", 0 },
	{ "2019-03-26T24:01:00Z", 0 },
	{ "2019-03-26T24:00:00.5Z", 0 },
	{ "2019-03-26T23:60:00Z", 0 },
	{ "2019-03-26T23:59:61Z", 0 },
	{ "2019-02-30T00:00:00Z", 0 },
	{ "2019-02-29T00:00:00Z", 0 },			/* 2019 is not leap */
	{ "1900-02-29T00:00:00Z", 0 },			/* century, not leap */
	{ "2100-02-29T00:00:00Z", 0 },
	{ "2019-04-31T00:00:00Z", 0 },
	{ "2019-00-10T00:00:00Z", 0 },
	{ "2019-13-10T00:00:00Z", 0 },
	{ "2019-01-00T00:00:00Z", 0 },
	{ "2019-01-32T00:00:00Z", 0 },
	{ "2019-03-26T14:00:00.Z", 0 },			/* a '.' needs digits */
	{ "2019-03-26T14:00:00,5Z", 0 },
	{ "2019-03-26T14:00:00+05", 0 },
	{ "2019-03-26T14:00:00+5:30", 0 },
	{ "2019-03-26T14:00:00+05:3", 0 },
	{ "2019-03-26T14:00:00+24:00", 0 },
	{ "2019-03-26T14:00:00+05:60", 0 },
	{ "2019-03-26T14:00:00+05:30:00", 0 },
	{ "2019-03-26T14:00:00ZZ", 0 },
	{ "2019-03-26T14:00:00 Z", 0 },
	{ "2019-03-26T14:00:00Z ", 0 },			/* no white space */
	{ " 2019-03-26T14:00:00Z", 0 },
	{ "2019-03-26T14:00:00Z\n", 0 },
	{ "2019-03-26X14:00:00Z", 0 },
	{ "2019-03-26T14:00:00UTC", 0 },
	{ "-2019-03-26T14:00:00Z", 0 },			/* negative years not supported */
	{ "+2019-03-26T14:00:00Z", 0 },
	{ "12019-03-26T14:00:00Z", 0 },			/* nor five-digit years */
	{ "0000-01-01T00:00:00+00:01", 0 },		/* instant before year 0 */
	{ "9999-12-31T23:59:59-00:01", 0 },		/* instant after year 9999 */
	{ "\xef\xbc\x92" "019-03-26", 0 },			/* full-width digit */
};

/* digitalbazaar/vc test/20-dateRegex.spec.js cases
 * (/work/shared/corpora/digitalbazaar-vc/test/dateRegex-cases.json).
 * That regex implements XML Schema dateTime; where our documented
 * leniencies or limits differ, the row says so. */
static const struct tcase dateregex_positive[] = {
	{ "2019-03-26T14:00:00Z", 1, T_2019, 1 },
	{ "99999-03-26T14:00:00Z", 0 },		/* differs: only years 0000-9999 */
	{ "-9999-03-26T14:00:00Z", 0 },		/* differs: no negative years */
	{ "2019-03-26T24:00:00Z", 1, INT64_C(1553644800), 1 },
	{ "2019-03-26T24:00:00+05:00", 1, INT64_C(1553626800), 1 },
	{ "2019-03-26T24:00:00-05:00", 1, INT64_C(1553662800), 1 },
	{ "2019-03-26T14:00:00", 1, T_2019, 0 },
	{ "2024-01-02T03:04:05.678Z", 1, INT64_C(1704164645), 1 },
};

static const struct tcase dateregex_negative[] = {
	{ "", 0 },
	{ "2019-03-26t14:00:00Z", 1, T_2019, 1 },	/* differs: 't' accepted (lenient) */
	{ "2017/09/27", 0 },
	{ "17-09-27T22:07:22.563Z", 0 },
	{ "20190326T1400Z", 0 },
	{ "2019-00-26T14:00:00Z", 0 },
	{ "2019-13-26T14:00:00Z", 0 },
	{ "2019-01-00T14:00:00Z", 0 },
	{ "2019-01-32T14:00:00Z", 0 },
	{ "2019-03-25T24:01:00Z", 0 },
};

static void check_parse_table(const struct tcase *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct err e = ERR_INIT;
		int64_t t = 12345;
		int has = -1;
		int rc = time_parse_ex(c[i].in, &t, &has, &e);

		if (c[i].ok && rc != 0)
			fail_msg("'%s' rejected: %s", c[i].in, e.msg);
		if (!c[i].ok && rc == 0)
			fail_msg("'%s' accepted as %lld", c[i].in, (long long)t);
		if (!c[i].ok) {
			assert_int_equal(e.code, ERR_PARSE);
			assert_int_equal(t, 12345);
			continue;
		}
		if (t != c[i].want)
			fail_msg("'%s': got %lld, want %lld", c[i].in, (long long)t,
				 (long long)c[i].want);
		assert_int_equal(has, c[i].has_offset);
	}
}

static void test_parse(void **state)
{
	(void)state;
	check_parse_table(parse_cases, ARRAY_SIZE(parse_cases));
}

static void test_dateregex_corpus(void **state)
{
	(void)state;
	check_parse_table(dateregex_positive, ARRAY_SIZE(dateregex_positive));
	check_parse_table(dateregex_negative, ARRAY_SIZE(dateregex_negative));
}

static void test_parse_without_err(void **state)
{
	int64_t t;

	(void)state;
	assert_int_equal(time_parse("2019-03-26T14:00:00Z", &t, NULL), 0);
	assert_int_equal(t, T_2019);
	assert_int_equal(time_parse("nope", &t, NULL), -1);
	assert_int_equal(time_parse_ex("2019-03-26", &t, NULL, NULL), 0);
}

/* TIME_XSD: the xsd:dateTime form of Verifiable Credential dates, with
 * the fraction kept. */
static const struct {
	const char *in;
	int ok;
	int64_t s;
	long ns;
} xsd_cases[] = {
	{ "2019-03-26T14:00:00Z", 1, T_2019, 0 },
	{ "2019-03-26T14:00:00.5Z", 1, T_2019, 500000000 },
	{ "2019-03-26T14:00:00.000000001Z", 1, T_2019, 1 },
	{ "2019-03-26T14:00:00.1234567899Z", 1, T_2019, 123456789 },	/* tenth digit dropped */
	{ "2019-03-26T14:00:00+14:00", 1, T_2019 - 50400, 0 },
	{ "2019-03-26T14:00:00-14:00", 1, T_2019 + 50400, 0 },
	{ "2019-03-26T14:00:00", 1, T_2019, 0 },			/* no offset: UTC */
	{ "2019-03-26T24:00:00Z", 1, INT64_C(1553644800), 0 },
	{ "2019-03-26", 0, 0, 0 },
	{ "2019-03-26t14:00:00Z", 0, 0, 0 },
	{ "2019-03-26T14:00:00z", 0, 0, 0 },
	{ "2019-03-26 14:00:00Z", 0, 0, 0 },
	{ "2019-03-26T14:00:00+0530", 0, 0, 0 },
	{ "2019-03-26T14:00:00+14:01", 0, 0, 0 },
	{ "2019-03-26T23:59:60Z", 0, 0, 0 },
	{ "2019-03-26T14:00:00.Z", 0, 0, 0 },
	/* XSD years: a sign, more than four digits (up to nine), no leading
	 * zero then; beyond 0000-9999, which RFC 3339 text cannot hold */
	{ "10000-01-01T00:00:00Z", 1, TIME_MAX + 1, 0 },
	{ "-0001-12-31T23:59:59Z", 1, TIME_MIN - 1, 0 },
	{ "9999-12-31T23:59:59-14:00", 1, TIME_MAX + 50400, 0 },
	{ "-0000-01-01T00:00:00Z", 1, TIME_MIN, 0 },
	{ "999999999-12-31T23:59:59Z", 1, INT64_C(31556889832780799), 0 },
	{ "01000-01-01T00:00:00Z", 0, 0, 0 },
	{ "+2019-03-26T14:00:00Z", 0, 0, 0 },
	{ "-001-01-01T00:00:00Z", 0, 0, 0 },
	{ "1000000000-01-01T00:00:00Z", 0, 0, 0 },
};

static void test_parse_xsd(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(xsd_cases); i++) {
		struct err e = ERR_INIT;
		int64_t t = 7;
		long ns = 7;
		int rc = time_parse_instant(xsd_cases[i].in, TIME_XSD, &t, &ns, &e);

		if (xsd_cases[i].ok != (rc == 0))
			fail_msg("'%s': %s", xsd_cases[i].in, rc ? e.msg : "accepted");
		if (rc) {
			assert_int_equal(t, 7);
			assert_non_null(strstr(e.msg, "XSD"));
			continue;
		}
		if (t != xsd_cases[i].s || ns != xsd_cases[i].ns)
			fail_msg("'%s': %lld.%09ld", xsd_cases[i].in, (long long)t, ns);
	}
	/* Without the flag the lenient forms pass, the fraction still kept. */
	{
		int64_t t;
		long ns;

		assert_int_equal(time_parse_instant("2019-03-26t14:00:00.25z", 0, &t, &ns, NULL), 0);
		assert_int_equal(t, T_2019);
		assert_int_equal(ns, 250000000);
	}
}

/* Instants order by seconds, then by the fraction. */
static void test_cmp(void **state)
{
	(void)state;
	assert_true(time_cmp(10, 0, 11, 0) < 0);
	assert_true(time_cmp(10, 999999999, 11, 0) < 0);
	assert_true(time_cmp(10, 500000000, 10, 0) > 0);
	assert_int_equal(time_cmp(10, 5, 10, 5), 0);
	assert_true(time_cmp(-1, 0, 0, 0) < 0);
}

static const struct {
	int64_t t;
	const char *text;
} format_cases[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ -1, "1969-12-31T23:59:59Z" },
	{ T_2019, "2019-03-26T14:00:00Z" },
	{ INT64_C(951825600), "2000-02-29T12:00:00Z" },
	{ INT64_C(951868800), "2000-03-01T00:00:00Z" },
	{ TIME_MIN, "0000-01-01T00:00:00Z" },
	{ TIME_MAX, "9999-12-31T23:59:59Z" },
	{ TIME_MAX + 1, "10000-01-01T00:00:00Z" },	/* XSD, not RFC 3339 */
	{ TIME_MIN - 1, "-0001-12-31T23:59:59Z" },
};

static void test_format(void **state)
{
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(format_cases); i++) {
		time_format(format_cases[i].t, out);
		assert_string_equal(out, format_cases[i].text);
	}
	/* The extremes must not overflow or write past 32 bytes. */
	time_format(INT64_MAX, out);
	assert_true(strlen(out) < 32);
	time_format(INT64_MIN, out);
	assert_true(strlen(out) < 32);
}

/* format -> parse gives the instant back across the whole range, and the
 * calendar agrees with the C library's gmtime_r (used here only). */
static void test_round_trip_and_gmtime(void **state)
{
	/* A step that is not a whole number of days or hours. */
	const int64_t step = INT64_C(86400) * 13 + 3607;
	int64_t t;

	(void)state;
	for (t = TIME_MIN; t <= TIME_MAX; t += step) {
		char out[32];
		int64_t back = 0;
		time_t tt = (time_t)t;
		struct tm tm;

		time_format(t, out);
		if (time_parse(out, &back, NULL) != 0 || back != t)
			fail_msg("%lld -> '%s' -> %lld", (long long)t, out, (long long)back);
		assert_non_null(gmtime_r(&tt, &tm));
		assert_int_equal(time_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
						 tm.tm_hour, tm.tm_min, tm.tm_sec), t);
	}
}

static void test_from_civil(void **state)
{
	(void)state;
	assert_int_equal(time_from_civil(1970, 1, 1, 0, 0, 0), 0);
	assert_int_equal(time_from_civil(2019, 3, 26, 14, 0, 0), T_2019);
	assert_int_equal(time_from_civil(0, 1, 1, 0, 0, 0), TIME_MIN);
	assert_int_equal(time_from_civil(9999, 12, 31, 23, 59, 59), TIME_MAX);
	/* 1 March follows 29 February in a leap year. */
	assert_int_equal(time_from_civil(2000, 3, 1, 0, 0, 0) -
			 time_from_civil(2000, 2, 29, 0, 0, 0), 86400);
	assert_int_equal(time_from_civil(1900, 3, 1, 0, 0, 0) -
			 time_from_civil(1900, 2, 28, 0, 0, 0), 86400);
}

static void test_now(void **state)
{
	int64_t before, t;

	(void)state;
	setenv("SATCHEL_NOW", "2020-01-01T00:00:00Z", 1);
	assert_int_equal(time_now(), INT64_C(1577836800));
	setenv("SATCHEL_NOW", "2020-01-01T05:30:00+05:30", 1);
	assert_int_equal(time_now(), INT64_C(1577836800));
	/* Invalid or empty: the system clock. */
	setenv("SATCHEL_NOW", "yesterday", 1);
	before = (int64_t)time(NULL);
	t = time_now();
	assert_true(t >= before && t <= before + 5);
	setenv("SATCHEL_NOW", "", 1);
	assert_true(time_now() >= before);
	unsetenv("SATCHEL_NOW");
	assert_true(time_now() >= before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_dateregex_corpus),
		cmocka_unit_test(test_parse_xsd),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_parse_without_err),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip_and_gmtime),
		cmocka_unit_test(test_from_civil),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
