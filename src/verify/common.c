/* common.c — checks both generations share: dates and the recipient. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/evp.h>
#include "internal.h"
#include "satchel/codec.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

/* An instant: seconds and nanoseconds. */
struct when {
	int64_t s;
	long ns;
};

/* A date value: ISO 8601 text, or Unix seconds (OB 1.0); with TIME_XSD
 * (Verifiable Credentials) only the xsd:dateTime text. */
static int date_of(const json_t *v, unsigned flags, struct when *t)
{
	const char *s = json_string_value(v);
	char *end;

	t->ns = 0;
	if (json_is_integer(v) && !(flags & TIME_XSD)) {
		t->s = json_integer_value(v);
		return 0;
	}
	if (!s)
		return -1;
	if (!(flags & TIME_XSD) && *s && strspn(s, "0123456789") == strlen(s) && strlen(s) >= 9) {
		t->s = strtoll(s, &end, 10);
		return 0;
	}
	return time_parse_instant(s, flags, &t->s, &t->ns, NULL);
}

static int check_one_date(struct report *r, const json_t *v, unsigned flags, const char *what,
			  struct when *t)
{
	if (!v)
		return 0;
	if (date_of(v, flags, t) < 0) {
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID, "the %s '%s' is not a date", what,
			   json_is_string(v) ? json_string_value(v) : "?");
		return -1;
	}
	return 1;
}

static int when_cmp(const struct when *a, const struct when *b)
{
	return time_cmp(a->s, a->ns, b->s, b->ns);
}

void verify_dates(struct report *r, const json_t *issued, const json_t *not_before,
		  const json_t *expires, unsigned flags)
{
	struct when now, ti = { 0, 0 }, tn = { 0, 0 }, te = { 0, 0 };
	int hi, hn, he;
	char when[32];

	now.s = time_now_instant(&now.ns);
	hi = check_one_date(r, issued, flags, "issue date", &ti);
	hn = check_one_date(r, not_before, flags, "start of validity", &tn);
	he = check_one_date(r, expires, flags, "expiry date", &te);
	if (hi < 0 || hn < 0 || he < 0)
		return;
	if (hi && when_cmp(&ti, &now) > 0) {
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID, "issued in the future");
	} else if (he && ((hi && when_cmp(&te, &ti) < 0) || (hn && when_cmp(&te, &tn) < 0))) {
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID, "expires before it was issued");
	} else if (hn && when_cmp(&tn, &now) > 0) {
		time_format(tn.s, when);
		report_add(r, "dates", CHECK_FAIL, EFFECT_NOT_YET_VALID, "not valid before %s", when);
	} else if (he && when_cmp(&te, &now) <= 0) {
		time_format(te.s, when);
		report_add(r, "dates", CHECK_FAIL, EFFECT_EXPIRED, "expired on %s", when);
	} else if (he) {
		time_format(te.s, when);
		report_add(r, "dates", CHECK_PASS, EFFECT_NONE, "valid until %s", when);
	} else {
		report_add(r, "dates", CHECK_PASS, EFFECT_NONE, "does not expire");
	}
}

/* The n-th @context entry of doc as a string, or NULL. */
static const char *context_at(const json_t *doc, size_t n)
{
	const json_t *ctx = json_object_get(doc, "@context");

	return json_string_value(json_is_array(ctx) ? json_array_get(ctx, n) :
				 n == 0 ? ctx : NULL);
}

/* The OB 3.0 schema's pattern for the second context,
 * ^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$ */
static int is_ob3_context(const char *s)
{
	static const char base[] = "https://purl.imsglobal.org/spec/ob/v3p0/context";
	size_t n = sizeof(base) - 1;

	if (!s || strncmp(s, base, n))
		return 0;
	for (s += n; s[0] == '-' && s[1] == '3' && s[2] == '.' && isdigit((unsigned char)s[3]) &&
		     s[4] == '.' && isdigit((unsigned char)s[5]); s += 6)
		;
	return !strcmp(s, ".json");
}

/* A URL as the VC data model's ids need: a scheme (RFC 3986: a letter,
 * then letters, digits, '+', '-', '.') and a ':'.  A blank node label
 * ("_:b0") is not one. */
static int is_url(const char *s)
{
	size_t i = 0;

	if (!s || !isalpha((unsigned char)s[0]))
		return 0;
	while (isalnum((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' && s[i + 1];
}

/* What VC DM 2.0 (and the reference's data-model check) require of the
 * members that hold objects: each entry an object that says something,
 * with a type, with an id that is a URL, or with an id at all. */
enum {
	M_OBJECT = 1 << 0,	/* a non-empty object (a string is an id only where allowed) */
	M_TYPED = 1 << 1,	/* with a "type" */
	M_ID_URL = 1 << 2,	/* its id (the string itself, or "id"), when present, a URL */
	M_ID = 1 << 3,		/* an id is required */
};

static const struct {
	const char *member, *name;
	unsigned rules;
} vc_members[] = {
	{ "credentialSubject", "credentialSubject", M_OBJECT | M_ID_URL },
	{ "issuer", "issuer", M_ID | M_ID_URL },
	{ "credentialStatus", "credentialStatus", M_OBJECT | M_TYPED | M_ID_URL },
	{ "evidence", "evidence", M_OBJECT | M_TYPED | M_ID_URL },
	{ "termsOfUse", "termsOfUse", M_OBJECT | M_TYPED },
};

/* Checks one entry v of a member against rules; -1 after a failure. */
static int member_entry(struct report *r, const json_t *v, const char *name, unsigned rules)
{
	const json_t *id = json_is_string(v) ? v : json_object_get(v, "id");
	const char *fmt = NULL;

	if ((rules & M_OBJECT) && (!json_is_object(v) || !json_object_size(v)))
		fmt = N_("the %s is not an object that says something");
	else if (!json_is_object(v) && !json_is_string(v))
		fmt = N_("the %s is neither an id nor an object");
	else if ((rules & M_TYPED) && !json_object_get(v, "type"))
		fmt = N_("the %s has no type");
	else if ((rules & M_ID) && !id)
		fmt = N_("the %s has no id");
	else if ((rules & M_ID_URL) && id && !is_url(json_string_value(id))) {
		report_add(r, "data model", CHECK_FAIL, EFFECT_INVALID, "the %s's id ('%.200s') is not a URL",
			   name, json_is_string(id) ? json_string_value(id) : "not a string");
		return -1;
	}
	if (!fmt)
		return 0;
	report_add(r, "data model", CHECK_FAIL, EFFECT_INVALID, fmt, name);
	return -1;
}

/* VC DM 2.0 §4: the credential's id and the members above. */
static void verify_members(struct report *r, const json_t *doc)
{
	const json_t *v, *x;
	size_t i, j;

	if (member_entry(r, doc, "credential", M_ID_URL) < 0)
		return;
	for (i = 0; i < sizeof(vc_members) / sizeof(vc_members[0]); i++) {
		if (!(v = json_object_get(doc, vc_members[i].member)))
			continue;
		if (!json_is_array(v)) {
			if (member_entry(r, v, vc_members[i].name, vc_members[i].rules) < 0)
				return;
			continue;
		}
		json_array_foreach(v, j, x)
			if (member_entry(r, x, vc_members[i].name, vc_members[i].rules) < 0)
				return;
	}
}

void verify_vc_model(struct report *r, const json_t *doc)
{
	const char *first = context_at(doc, 0);
	const json_t *type = json_object_get(doc, "type");

	int badge = json_has_string(type, "OpenBadgeCredential") ||
		    json_has_string(type, "AchievementCredential");

	verify_members(r, doc);
	if (!first || (strcmp(first, "https://www.w3.org/ns/credentials/v2") &&
		       strcmp(first, "https://www.w3.org/2018/credentials/v1"))) {
		report_add(r, "context", CHECK_FAIL, EFFECT_INVALID,
			   "the first @context is '%.200s', not the Verifiable Credentials context",
			   first ? first : "(not a URL)");
		return;
	}
	if (badge && !is_ob3_context(context_at(doc, 1)))
		report_add(r, "context", CHECK_WARN, EFFECT_NONE,
			   "the second @context is not an Open Badges 3.0 context, as the OB 3.0 "
			   "schema requires");
	/* VC DM 1.1 requires issuanceDate; OB 3.0 requires validFrom of the
	 * VC DM 2.0 form, which VC DM 2.0 itself leaves optional (and so do
	 * the reference verifiers): a warning. */
	if (!strcmp(first, "https://www.w3.org/2018/credentials/v1") &&
	    !json_object_get(doc, "issuanceDate"))
		report_add(r, "dates", CHECK_FAIL, EFFECT_INVALID,
			   "the credential has no issuanceDate, which VC DM 1.1 requires");
	else if (badge && !strcmp(first, "https://www.w3.org/ns/credentials/v2") &&
		 !json_object_get(doc, "validFrom"))
		report_add(r, "dates", CHECK_WARN, EFFECT_NONE,
			   "the badge has no validFrom, which Open Badges 3.0 requires");
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
