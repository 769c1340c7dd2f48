/* timeutil.h — instants as seconds since the Unix epoch (UTC).
 *
 * Open Badges and VCs carry ISO 8601 / RFC 3339 date-times; they are
 * compared as instants, never as strings (SPECS.md pitfall 11).
 */
#ifndef SATCHEL_TIMEUTIL_H
#define SATCHEL_TIMEUTIL_H

#include <stdint.h>
#include "satchel/err.h"

/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the instants time_parse
 * accepts (RFC 3339 has four-digit years only). */
#define TIME_MIN INT64_C(-62167219200)
#define TIME_MAX INT64_C(253402300799)

/* Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|z|+hh:mm|-hh:mm)".  Leniency
 * for real-world badges (Open Badges 2.0 dates are ISO 8601): 't' or ' '
 * as separator, a missing offset means UTC, a bare date "YYYY-MM-DD"
 * means midnight UTC, "+hhmm" offsets.  Fractions are truncated to whole
 * seconds (time_parse_instant keeps them).  Range checks: month 1-12,
 * day valid for the month (leap years), hour 0-23, or 24:00:00 (the end
 * of the day, XSD 1.1), minute 0-59, second 0-60 (a leap second counts
 * as :59).  The year has exactly four digits (no sign, no 5-digit years),
 * and the instant itself, after the offset is applied, must lie in
 * [TIME_MIN, TIME_MAX].  Leading or trailing white space is an error.
 * On success stores the instant in *out and returns 0; -1 with ERR_PARSE
 * otherwise (*out untouched). */
int time_parse(const char *s, int64_t *out, struct err *err);

/* Flags of time_parse_instant. */
#define TIME_XSD	1	/* the XSD dateTime form only (VC dates) */

/* time_parse with the fraction kept: *nsec receives it in nanoseconds
 * (0-999999999; digits past the ninth are dropped).  With TIME_XSD only
 * the lexical form of xsd:dateTime that Verifiable Credentials use is
 * read: an upper-case 'T' and 'Z', "+hh:mm" / "-hh:mm" offsets of at most
 * 14:00, seconds 0-59 (no leap second), no bare date; a missing offset
 * still means UTC (SPECS.md pitfall 11).  Its years are XSD's too: a
 * '-' sign and more than four digits (without a leading zero) are read,
 * up to nine digits, and the instant need not lie in [TIME_MIN,
 * TIME_MAX]. */
int time_parse_instant(const char *s, unsigned flags, int64_t *sec, long *nsec,
		       struct err *err);

/* Orders the instants (a, an) and (b, bn) (seconds, nanoseconds):
 * negative, zero or positive. */
int time_cmp(int64_t a, long an, int64_t b, long bn);

/* Like time_parse, but sets *has_offset to whether the text carried an
 * explicit time zone (some checks warn about a missing one). */
int time_parse_ex(const char *s, int64_t *out, int *has_offset, struct err *err);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out (at least 32 bytes).
 * Any int64_t is accepted; outside [TIME_MIN, TIME_MAX] the year has a
 * '-' sign or more than four digits, as XSD writes it: time_parse_instant
 * with TIME_XSD reads it back (up to nine digits), time_parse does not. */
void time_format(int64_t t, char out[32]);

/* The current instant: $SATCHEL_NOW (RFC 3339) when set and valid, else
 * the system clock.  The CLI's --now sets SATCHEL_NOW for the process. */
int64_t time_now(void);
/* The same with its fraction in *nsec (that of SATCHEL_NOW, or the
 * clock's). */
int64_t time_now_instant(long *nsec);

/* Days-from-civil helpers, exposed for tests.  The caller guarantees
 * m in 1-12 and d, hh, mm, ss in range; no normalisation is done. */
int64_t time_from_civil(int y, int m, int d, int hh, int mm, int ss);

#endif
