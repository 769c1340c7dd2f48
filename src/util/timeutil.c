/* timeutil.c — RFC 3339 date-times as Unix instants (include/satchel/timeutil.h).
 *
 * The calendar arithmetic is done here rather than with timegm()/mktime():
 * those depend on TZ and the C library, and a wallet must read the same
 * instant from the same text everywhere.  Proleptic Gregorian calendar.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "satchel/timeutil.h"

#define SECS_PER_DAY 86400
/* Days from 0000-01-01 to 1970-01-01. */
#define EPOCH_DAYS 719528

/* Days before the first of each month in a common year. */
static const int month_start[13] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 };

/* Floor division: C truncates towards zero, calendars need floor. */
static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	return month_start[m] - month_start[m - 1] + (m == 2 && is_leap(y));
}

/* Days from 0000-01-01 to the first of January of year y.  Year 0 is a
 * leap year, so the leap years before y are those in [0, y). */
static int64_t days_before_year(int64_t y)
{
	return 365 * y + floor_div(y + 3, 4) - floor_div(y + 99, 100) + floor_div(y + 399, 400);
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t doy = month_start[m - 1] + (m > 2 && is_leap(y)) + d - 1;

	return days_before_year(y) + doy - EPOCH_DAYS;
}

int64_t time_from_civil(int y, int m, int d, int hh, int mm, int ss)
{
	return days_from_civil(y, m, d) * SECS_PER_DAY + hh * 3600 + mm * 60 + ss;
}

/* The inverse of days_from_civil; days may be any value time_format sees. */
static void civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + EPOCH_DAYS, doy;

	/* 146097 days per 400 years: the estimate is off by at most one. */
	*y = floor_div(z * 400, 146097);
	while (days_before_year(*y + 1) <= z)
		++*y;
	while (days_before_year(*y) > z)
		--*y;
	doy = z - days_before_year(*y);
	for (*m = 1; *m < 12; ++*m) {
		int len = days_in_month(*y, *m);

		if (doy < len)
			break;
		doy -= len;
	}
	*d = (int)doy + 1;
}

/* v in n decimal digits at out, zero-padded (v < 10^n). */
static void put_digits(char *out, unsigned v, int n)
{
	while (n-- > 0) {
		out[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* The longest text, for the year of INT64_MIN seconds (a sign and 12
 * digits), is 29 bytes; gcc -O3 cannot see the year's range and would
 * warn that 32 may truncate. */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
void time_format(int64_t t, char out[32])
{
	int64_t days = floor_div(t, SECS_PER_DAY), y;
	int64_t secs = t % SECS_PER_DAY;	/* not t - days * 86400: overflows at INT64_MIN */
	int m, d;

	if (secs < 0)
		secs += SECS_PER_DAY;

	civil_from_days(days, &y, &m, &d);
	if (y >= 0 && y <= 9999) {
		put_digits(out, (unsigned)y, 4);	/* a report has a few: no printf */
		out[4] = '-';
		put_digits(out + 5, (unsigned)m, 2);
		out[7] = '-';
		put_digits(out + 8, (unsigned)d, 2);
		out[10] = 'T';
		put_digits(out + 11, (unsigned)(secs / 3600), 2);
		out[13] = ':';
		put_digits(out + 14, (unsigned)(secs / 60 % 60), 2);
		out[16] = ':';
		put_digits(out + 17, (unsigned)(secs % 60), 2);
		memcpy(out + 19, "Z", 2);
		return;
	}
	/* A year before 0000 as XSD writes it: "-0001", four digits at least. */
	snprintf(out, 32, "%s%04" PRIu64 "-%02d-%02dT%02d:%02d:%02dZ", y < 0 ? "-" : "",
		 y < 0 ? (uint64_t)0 - (uint64_t)y : (uint64_t)y, m, d,
		 (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

/* ---- parsing ---------------------------------------------------------- */

struct tparse {
	const char *p;
	int xsd;		/* TIME_XSD: nothing beyond xsd:dateTime */
	int y, mon, d, h, min, s;
	long ns;		/* the fraction, in nanoseconds */
	int offset;		/* seconds east of UTC */
	int has_offset;
};

/* Reads exactly n decimal digits. */
static int tp_digits(struct tparse *tp, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (tp->p[i] < '0' || tp->p[i] > '9')
			return -1;
		*v = *v * 10 + (tp->p[i] - '0');
	}
	tp->p += n;
	return 0;
}

static int tp_char(struct tparse *tp, char c)
{
	if (*tp->p != c)
		return -1;
	tp->p++;
	return 0;
}

/* XSD's yearFrag: '-'? then four digits, or more without a leading zero
 * ("-0001" is 2 BCE, year 0 is 1 BCE: astronomical numbering, as here).
 * Up to XSD_YEAR_DIGITS digits, which int and int64_t seconds hold. */
#define XSD_YEAR_DIGITS	9

static int tp_xsd_year(struct tparse *tp)
{
	int neg = *tp->p == '-', n = 0;

	tp->p += neg;
	while (tp->p[n] >= '0' && tp->p[n] <= '9')
		n++;
	if (n < 4 || n > XSD_YEAR_DIGITS || (n > 4 && tp->p[0] == '0') ||
	    tp_digits(tp, n, &tp->y) < 0)
		return -1;
	if (neg)
		tp->y = -tp->y;
	return 0;
}

static int tp_date(struct tparse *tp)
{
	if ((tp->xsd ? tp_xsd_year(tp) : tp_digits(tp, 4, &tp->y)) < 0 ||
	    tp_char(tp, '-') < 0 ||
	    tp_digits(tp, 2, &tp->mon) < 0 || tp_char(tp, '-') < 0 ||
	    tp_digits(tp, 2, &tp->d) < 0)
		return -1;
	if (tp->mon < 1 || tp->mon > 12 || tp->d < 1 || tp->d > days_in_month(tp->y, tp->mon))
		return -1;
	return 0;
}

/* ".digits": the first nine digits as nanoseconds. */
static int tp_fraction(struct tparse *tp)
{
	long scale = 100000000;

	if (*tp->p != '.')
		return 0;
	tp->p++;
	if (*tp->p < '0' || *tp->p > '9')
		return -1;
	for (; *tp->p >= '0' && *tp->p <= '9'; tp->p++, scale /= 10)
		tp->ns += (*tp->p - '0') * scale;
	return 0;
}

/* "HH:MM:SS[.fraction]"; 24:00:00 is the end of the day (the next day's
 * midnight, which time_from_civil gives from hour 24). */
static int tp_clock(struct tparse *tp)
{
	if (tp_digits(tp, 2, &tp->h) < 0 || tp_char(tp, ':') < 0 ||
	    tp_digits(tp, 2, &tp->min) < 0 || tp_char(tp, ':') < 0 ||
	    tp_digits(tp, 2, &tp->s) < 0 || tp_fraction(tp) < 0)
		return -1;
	if (tp->h == 24)
		return tp->min || tp->s || tp->ns ? -1 : 0;
	if (tp->h > 23 || tp->min > 59 || tp->s > (tp->xsd ? 59 : 60))
		return -1;
	if (tp->s == 60)	/* no leap-second table: treat 23:59:60 as :59 */
		tp->s = 59;
	return 0;
}

/* "Z", "z", "+hh:mm", "-hh:mm", "+hhmm", "-hhmm", or nothing (UTC). */
static int tp_zone(struct tparse *tp)
{
	int sign, oh, om;

	if (*tp->p == 'Z' || (*tp->p == 'z' && !tp->xsd)) {
		tp->p++;
		tp->has_offset = 1;
		return 0;
	}
	if (*tp->p != '+' && *tp->p != '-')
		return 0;
	sign = *tp->p++ == '-' ? -1 : 1;
	if (tp_digits(tp, 2, &oh) < 0)
		return -1;
	if (*tp->p == ':')
		tp->p++;
	else if (tp->xsd)
		return -1;
	if (tp_digits(tp, 2, &om) < 0 || oh > 23 || om > 59 ||
	    (tp->xsd && oh * 60 + om > 14 * 60))
		return -1;
	tp->offset = sign * (oh * 3600 + om * 60);
	tp->has_offset = 1;
	return 0;
}

static int tp_all(struct tparse *tp)
{
	if (tp_date(tp) < 0)
		return -1;
	if (*tp->p == '\0' && !tp->xsd)	/* bare date: midnight UTC */
		return 0;
	if (*tp->p != 'T' && (tp->xsd || (*tp->p != 't' && *tp->p != ' ')))
		return -1;
	tp->p++;
	if (tp_clock(tp) < 0 || tp_zone(tp) < 0)
		return -1;
	return *tp->p == '\0' ? 0 : -1;
}

static int parse(struct tparse *tp, const char *s, int64_t *out, struct err *err)
{
	int64_t t = 0;

	if (tp_all(tp) < 0)
		return err_set(err, ERR_PARSE, tp->xsd ? "'%.64s' is not an XSD date-time" :
			       "'%.64s' is not an RFC 3339 date-time", s);
	t = time_from_civil(tp->y, tp->mon, tp->d, tp->h, tp->min, tp->s) - tp->offset;
	/* An offset can push 0000-01-01 or 9999-12-31 out of the four-digit
	 * years, which RFC 3339 (not XSD) text cannot write. */
	if (!tp->xsd && (t < TIME_MIN || t > TIME_MAX))
		return err_set(err, ERR_PARSE, "'%.64s' is outside the years 0000-9999", s);
	*out = t;
	return 0;
}

int time_parse_instant(const char *s, unsigned flags, int64_t *sec, long *nsec,
		       struct err *err)
{
	struct tparse tp = { .p = s, .xsd = (flags & TIME_XSD) != 0 };

	if (parse(&tp, s, sec, err) < 0)
		return -1;
	*nsec = tp.ns;
	return 0;
}

int time_cmp(int64_t a, long an, int64_t b, long bn)
{
	if (a != b)
		return a < b ? -1 : 1;
	return (an > bn) - (an < bn);
}

int time_parse_ex(const char *s, int64_t *out, int *has_offset, struct err *err)
{
	struct tparse tp = { .p = s };
	int64_t t = 0;

	if (parse(&tp, s, &t, err) < 0)
		return -1;
	*out = t;
	if (has_offset)
		*has_offset = tp.has_offset;
	return 0;
}

int time_parse(const char *s, int64_t *out, struct err *err)
{
	return time_parse_ex(s, out, NULL, err);
}

int64_t time_now_instant(long *nsec)
{
	const char *env = getenv("SATCHEL_NOW");
	struct timespec ts;
	int64_t t = 0;

	if (env && *env && time_parse_instant(env, 0, &t, nsec, NULL) == 0)
		return t;
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0) {
		*nsec = ts.tv_nsec;
		return (int64_t)ts.tv_sec;
	}
	*nsec = 0;
	return (int64_t)time(NULL);
}

int64_t time_now(void)
{
	long ns;

	return time_now_instant(&ns);
}
