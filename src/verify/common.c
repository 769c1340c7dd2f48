/* common.c — checks both generations share: dates and the recipient. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/evp.h>
#include "internal.h"
#include "satchel/codec.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

/* A date value: ISO 8601 text, or Unix seconds (OB 1.0). */
static int date_of(const json_t *v, int64_t *t)
{
	const char *s = json_string_value(v);
	char *end;

	if (json_is_integer(v)) {
		*t = json_integer_value(v);
		return 0;
	}
	if (!s)
		return -1;
	if (*s && strspn(s, "0123456789") == strlen(s) && strlen(s) >= 9) {
		*t = strtoll(s, &end, 10);
		return 0;
	}
	return time_parse(s, t, NULL);
}

static int check_one_date(struct report *r, const json_t *v, const char *what, int64_t *t)
{
	if (!v)
		return 0;
	if (date_of(v, t) < 0) {
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID, "the %s '%s' is not a date", what,
			   json_is_string(v) ? json_string_value(v) : "?");
		return -1;
	}
	return 1;
}

void verify_dates(struct report *r, const json_t *issued, const json_t *not_before,
		  const json_t *expires)
{
	int64_t now = time_now(), ti = 0, tn = 0, te = 0;
	int hi, hn, he;
	char when[32];

	hi = check_one_date(r, issued, "issue date", &ti);
	hn = check_one_date(r, not_before, "start of validity", &tn);
	he = check_one_date(r, expires, "expiry date", &te);
	if (hi < 0 || hn < 0 || he < 0)
		return;
	if (hi && ti > now) {
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID, "issued in the future");
	} else if (he && ((hi && te < ti) || (hn && te < tn))) {
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID, "expires before it was issued");
	} else if (hn && tn > now) {
		time_format(tn, when);
		report_add(r, "dates", CHECK_FAIL, EFFECT_NOT_YET_VALID, "not valid before %s", when);
	} else if (he && te <= now) {
		time_format(te, when);
		report_add(r, "dates", CHECK_FAIL, EFFECT_EXPIRED, "expired on %s", when);
	} else if (he) {
		time_format(te, when);
		report_add(r, "dates", CHECK_PASS, EFFECT_NONE, "valid until %s", when);
	} else {
		report_add(r, "dates", CHECK_PASS, EFFECT_NONE, "does not expire");
	}
}

/* alg$hex(identifier || salt), compared case-insensitively (SPECS.md 1.4). */
static int hash_matches(const char *identity, const char *candidate, const char *salt)
{
	const char *dollar = strchr(identity, '$');
	const EVP_MD *md;
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *ctx;
	char *hex;
	int ok;

	if (!dollar)
		return 0;
	md = !strncasecmp(identity, "sha256$", 7) ? EVP_sha256() :
	     !strncasecmp(identity, "md5$", 4) ? EVP_md5() : NULL;
	ctx = md ? EVP_MD_CTX_new() : NULL;
	if (!ctx)
		return 0;
	EVP_DigestInit_ex(ctx, md, NULL);
	EVP_DigestUpdate(ctx, candidate, strlen(candidate));
	if (salt)
		EVP_DigestUpdate(ctx, salt, strlen(salt));
	EVP_DigestFinal_ex(ctx, d, &n);
	EVP_MD_CTX_free(ctx);
	hex = hex_encode(d, n);
	ok = !strcasecmp(hex, dollar + 1);
	free(hex);
	return ok;
}

void verify_recipient(struct report *r, const char *identity, const char *salt, int hashed,
		      const json_t *recipients)
{
	json_t *c;
	size_t i;

	if (!identity) {
		report_add(r, "recipient", CHECK_WARN, EFFECT_NONE, "the badge names no recipient");
		return;
	}
	if (!json_array_size(recipients)) {
		report_add(r, "recipient", CHECK_SKIP, EFFECT_NONE,
			   "no identifiers of yours to compare with (verify --recipient EMAIL)");
		return;
	}
	json_array_foreach(recipients, i, c) {
		const char *s = json_string_value(c);

		if (s && (hashed ? hash_matches(identity, s, salt) : !strcmp(identity, s))) {
			report_add(r, "recipient", CHECK_PASS, EFFECT_NONE, "issued to %s", s);
			return;
		}
	}
	report_add(r, "recipient", CHECK_WARN, EFFECT_NONE,
		   "not issued to any of the identifiers you gave");
}
