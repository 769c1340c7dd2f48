/* timeutil.h — instants as seconds since the Unix epoch (UTC).
 *
 * Open Badges and VCs carry ISO 8601 / RFC 3339 date-times; they are
 * compared as instants, never as strings (SPECS.md pitfall 11).
 */
#ifndef SATCHEL_TIMEUTIL_H
#define SATCHEL_TIMEUTIL_H

#include <stdint.h>
#include "satchel/err.h"

/* Parses "YYYY-MM-DDTHH:MM:SS[.fraction](Z|z|+hh:mm|-hh:mm)".  Leniency
 * for real-world badges: 't' or ' ' as separator, a missing offset means
 * UTC, a bare date "YYYY-MM-DD" means midnight UTC, "+hhmm" offsets.
 * Fractions are truncated to whole seconds.  Range checks: month 1-12,
 * day valid for the month (leap years), hour 0-23 (24:00:00 not allowed),
 * minute 0-59, second 0-60 (a leap second counts as :59).  On success
 * stores the instant in *out and returns 0; -1 with ERR_PARSE otherwise. */
int time_parse(const char *s, int64_t *out, struct err *err);

/* Like time_parse, but sets *has_offset to whether the text carried an
 * explicit time zone (some checks warn about a missing one). */
int time_parse_ex(const char *s, int64_t *out, int *has_offset, struct err *err);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out (at least 32 bytes). */
void time_format(int64_t t, char out[32]);

/* The current instant: $SATCHEL_NOW (RFC 3339) when set and valid, else
 * the system clock.  The CLI's --now sets SATCHEL_NOW for the process. */
int64_t time_now(void);

/* Days-from-civil helpers, exposed for tests. */
int64_t time_from_civil(int y, int m, int d, int hh, int mm, int ss);

#endif
