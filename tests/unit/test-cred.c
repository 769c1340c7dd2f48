/* test-cred.c — sniffing, parsing and summarising credentials. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CORPORA "../shared/corpora"

#define CTX_OB2 "\"@context\":\"https://w3id.org/openbadges/v2\""
#define CTX_OB1 "\"@context\":\"https://w3id.org/openbadges/v1\""
#define CTX_VC2 "\"@context\":[\"https://www.w3.org/ns/credentials/v2\"," \
		"\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"]"
#define CTX_VC1 "\"@context\":[\"https://www.w3.org/2018/credentials/v1\"," \
		"\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"]"
#define RECIPIENT "\"recipient\":{\"type\":\"email\",\"hashed\":false,\"identity\":\"a@example.org\"}"

/* ---- cred_sniff ---------------------------------------------------------- */

static const struct {
	const char *in;
	enum cred_kind kind;
} sniff_cases[] = {
	{ "\x89PNG\r\n\x1a\n", KIND_PNG },
	{ "\x89PNG\r\n\x1a\nIHDR...", KIND_PNG },
	{ "\x89PNG\r\n", KIND_UNKNOWN },			/* short signature */
	{ "{", KIND_JSON },
	{ "\xEF\xBB\xBF{", KIND_JSON },
	{ " \r\n\t{\"a\":1}", KIND_JSON },
	{ "[1]", KIND_JSON },
	{ "\xEF\xBB\xBF", KIND_UNKNOWN },
	{ "<svg>", KIND_SVG },
	{ "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", KIND_SVG },
	{ "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">", KIND_SVG },
	{ "<?xml version=\"1.0\"?>\n<!-- a comment -->\n<!DOCTYPE svg>\n<svg\n>", KIND_SVG },
	{ "\xEF\xBB\xBF  <svg >", KIND_SVG },
	{ "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\">", KIND_SVG },
	{ "<svgx>", KIND_UNKNOWN },
	{ "<html><svg>", KIND_UNKNOWN },
	{ "https://x.example/a", KIND_URL },
	{ "http://x.example/a", KIND_URL },
	{ "  https://x.example/a?b=c#d\r\n", KIND_URL },
	{ "https://x.example/a b", KIND_UNKNOWN },		/* inner space */
	{ "https://x.example/\xc3\xa9", KIND_UNKNOWN },	/* non-ASCII */
	{ "ftp://x.example/a", KIND_UNKNOWN },
	{ "HTTPS://x.example/a", KIND_UNKNOWN },
	{ "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.", KIND_JWS },
	{ "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.c2ln\n", KIND_JWS },
	{ "eyJhbGciOiJub25lIn0.eyJhIjoxfQ", KIND_UNKNOWN },	/* two segments */
	{ "abc.def.ghi", KIND_UNKNOWN },			/* header is not an object */
	{ "hello, world", KIND_UNKNOWN },
	{ "", KIND_UNKNOWN },
	{ "   ", KIND_UNKNOWN },
};

static void test_sniff(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sniff_cases); i++) {
		const char *in = sniff_cases[i].in;
		enum cred_kind k = cred_sniff((const uint8_t *)in, strlen(in));

		if (k != sniff_cases[i].kind)
			fail_msg("row %zu '%s': %s, want %s", i, in, cred_kind_name(k),
				 cred_kind_name(sniff_cases[i].kind));
	}
}

/* Only len bytes are looked at. */
static void test_sniff_length(void **state)
{
	static const char s[] = "https://x.example/a b";

	(void)state;
	assert_int_equal(cred_sniff((const uint8_t *)s, 19), KIND_URL);
	assert_int_equal(cred_sniff((const uint8_t *)"{", 0), KIND_UNKNOWN);
	assert_int_equal(cred_sniff(NULL, 0), KIND_UNKNOWN);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(cred_kind_name(KIND_PNG), "PNG");
	assert_string_equal(cred_kind_name((enum cred_kind)99), "unknown");
	assert_string_equal(cred_format_name(CRED_OB2), "ob2");
	assert_string_equal(cred_format_name(CRED_OB3), "ob3");
	assert_string_equal(cred_encoding_name(CRED_ENC_JSON), "json");
	assert_string_equal(cred_encoding_name(CRED_ENC_JWS), "jws");
	assert_string_equal(cred_encoding_name(CRED_ENC_JWT), "jwt");
}

/* ---- cred_parse ---------------------------------------------------------- */

#define OB2_MIN "{" CTX_OB2 ",\"type\":\"Assertion\",\"id\":\"https://x.example/a/1\"," RECIPIENT \
		",\"badge\":\"https://x.example/b\",\"issuedOn\":\"2016-12-31T23:59:59Z\"," \
		"\"verification\":{\"type\":\"hosted\"}}"

#define OB3_VC2 "{" CTX_VC2 ",\"id\":\"urn:uuid:1\"," \
	"\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"]," \
	"\"name\":\"Open Badge\"," \
	"\"issuer\":{\"id\":\"https://x.example/issuer\",\"type\":[\"Profile\"],\"name\":\"Example Org\"}," \
	"\"validFrom\":\"2024-05-01T12:00:00+02:00\"," \
	"\"credentialSubject\":{\"type\":[\"AchievementSubject\"],\"id\":\"did:example:learner\"," \
	"\"achievement\":{\"id\":\"https://x.example/ach/1\",\"type\":[\"Achievement\"]," \
	"\"name\":\"Rust Wrangler\",\"description\":\"Wrangles Rust.\"," \
	"\"criteria\":{\"narrative\":\"Wrote a borrow checker.\"}," \
	"\"alignment\":[{\"type\":[\"Alignment\"],\"targetName\":\"Systems\"," \
	"\"targetUrl\":\"https://x.example/fw/sys\",\"targetType\":\"CFItem\",\"extra\":\"dropped\"}," \
	"\"not an object\"]," \
	"\"tag\":[\"rust\",7,\"systems\"]}}}"

#define OB3_VC1 "{" CTX_VC1 ",\"type\":[\"VerifiableCredential\",\"AchievementCredential\"]," \
	"\"issuer\":\"https://x.example/issuer\",\"issuanceDate\":\"2020-03-04T05:06:07Z\"," \
	"\"expirationDate\":\"2030-01-01T00:00:00.999Z\"," \
	"\"credentialSubject\":{\"achievement\":{\"name\":\"Old Hand\"}}}"

static const struct {
	const char *what, *text;
	int ok;
	enum cred_format format;
	const char *version;
	enum err_code code;	/* when rejected */
	const char *why;	/* a substring of the reason, or NULL */
} parse_cases[] = {
	{ "OB 2.0 minimal", OB2_MIN, 1, CRED_OB2, "2.0", 0, NULL },
	{ "OB 2.0 with BOM", "\xEF\xBB\xBF" OB2_MIN, 1, CRED_OB2, "2.0", 0, NULL },
	{ "OB 2.0 context in an array", "{\"@context\":[\"https://w3id.org/openbadges/v2\"],"
	  "\"type\":\"Assertion\"," RECIPIENT ",\"badge\":\"https://x.example/b\"}",
	  1, CRED_OB2, "2.0", 0, NULL },
	{ "OB 1.1", "{" CTX_OB1 ",\"type\":\"Assertion\"," RECIPIENT ",\"badge\":\"https://x.example/b\"}",
	  1, CRED_OB2, "1.1", 0, NULL },
	{ "OB 0.5", "{\"recipient\":\"a@example.org\",\"badge\":{\"version\":\"0.5.0\",\"name\":\"Old\","
	  "\"issuer\":{\"origin\":\"https://x.example\",\"name\":\"Old Org\"}}}",
	  1, CRED_OB2, "0.5", 0, NULL },
	{ "OB 0.5 without version", "{\"recipient\":\"sha256$abc\",\"salt\":\"s\",\"badge\":{\"name\":\"Old\"}}",
	  1, CRED_OB2, "0.5", 0, NULL },
	{ "OB 1.0", "{\"uid\":\"abc\"," RECIPIENT ",\"badge\":\"https://x.example/b\","
	  "\"verify\":{\"type\":\"hosted\",\"url\":\"https://x.example/a\"}}",
	  1, CRED_OB2, "1.0", 0, NULL },
	{ "OB 3.0, VC 2.0", OB3_VC2, 1, CRED_OB3, "3.0", 0, NULL },
	{ "OB 3.0, VC 1.1, AchievementCredential", OB3_VC1, 1, CRED_OB3, "3.0", 0, NULL },
	{ "OB 3.0, subject array", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
	  "\"issuer\":\"https://x.example/i\",\"credentialSubject\":[{\"achievement\":{\"name\":\"A\"}}]}",
	  1, CRED_OB3, "3.0", 0, NULL },

	{ "BadgeClass", "{" CTX_OB2 ",\"type\":\"BadgeClass\",\"id\":\"https://x.example/b\",\"name\":\"B\","
	  "\"issuer\":\"https://x.example/i\"}", 0, 0, NULL, ERR_FORMAT, "not a badge awarded" },
	{ "Issuer", "{" CTX_OB2 ",\"type\":\"Issuer\",\"id\":\"https://x.example/i\",\"name\":\"I\"}",
	  0, 0, NULL, ERR_FORMAT, "not a badge awarded" },
	{ "BadgeClass without context", "{\"type\":\"BadgeClass\",\"name\":\"B\"}",
	  0, 0, NULL, ERR_FORMAT, "not a badge awarded" },
	{ "Assertion without badge", "{" CTX_OB2 ",\"type\":\"Assertion\"," RECIPIENT "}",
	  0, 0, NULL, ERR_FORMAT, "'badge'" },
	{ "Assertion without recipient", "{" CTX_OB2 ",\"type\":\"Assertion\",\"badge\":\"https://x.example/b\"}",
	  0, 0, NULL, ERR_FORMAT, "'recipient'" },
	{ "OB 2.0 recipient as a string", "{" CTX_OB2 ",\"type\":\"Assertion\",\"recipient\":\"a@example.org\","
	  "\"badge\":\"https://x.example/b\"}", 0, 0, NULL, ERR_FORMAT, "identity object" },
	{ "VC that is not a badge", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\"],"
	  "\"issuer\":\"https://x.example/i\",\"credentialSubject\":{\"id\":\"did:example:1\"}}",
	  0, 0, NULL, ERR_FORMAT, "not an Open Badge" },
	{ "VC type as a string", "{" CTX_VC2 ",\"type\":\"VerifiableCredential\","
	  "\"issuer\":\"https://x.example/i\",\"credentialSubject\":{\"id\":\"did:example:1\"}}",
	  0, 0, NULL, ERR_FORMAT, "not an Open Badge" },
	{ "VC without VerifiableCredential", "{" CTX_VC2 ",\"type\":[\"OpenBadgeCredential\"],"
	  "\"issuer\":\"https://x.example/i\",\"credentialSubject\":{}}",
	  0, 0, NULL, ERR_FORMAT, "VerifiableCredential" },
	{ "EndorsementCredential", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\",\"EndorsementCredential\"],"
	  "\"issuer\":\"https://x.example/i\",\"credentialSubject\":{\"id\":\"https://x.example/b\"}}",
	  0, 0, NULL, ERR_FORMAT, "EndorsementCredential" },
	{ "OB 3.0 without subject", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
	  "\"issuer\":\"https://x.example/i\"}", 0, 0, NULL, ERR_FORMAT, "credentialSubject" },
	{ "OB 3.0 with an empty subject array", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\","
	  "\"OpenBadgeCredential\"],\"issuer\":\"https://x.example/i\",\"credentialSubject\":[]}",
	  0, 0, NULL, ERR_FORMAT, "credentialSubject" },
	{ "OB 3.0 without issuer", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
	  "\"credentialSubject\":{}}", 0, 0, NULL, ERR_FORMAT, "issuer" },
	{ "OB 3.0 issuer without id", "{" CTX_VC2 ",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
	  "\"issuer\":{\"name\":\"I\"},\"credentialSubject\":{}}", 0, 0, NULL, ERR_FORMAT, "issuer" },
	{ "unknown JSON-LD", "{\"@context\":\"https://schema.org\",\"type\":\"Assertion\"," RECIPIENT
	  ",\"badge\":\"https://x.example/b\"}", 0, 0, NULL, ERR_FORMAT, "context" },
	{ "plain JSON object", "{\"hello\":\"world\"}", 0, 0, NULL, ERR_FORMAT, "not an Open Badge" },
	{ "JSON array", "[" OB2_MIN "]", 0, 0, NULL, ERR_FORMAT, "not an object" },
	{ "duplicate keys", "{" CTX_OB2 ",\"type\":\"Assertion\"," RECIPIENT ",\"badge\":\"https://x.example/b\","
	  "\"badge\":\"https://x.example/other\"}", 0, 0, NULL, ERR_PARSE, NULL },
	{ "broken JSON", "{" CTX_OB2 ",", 0, 0, NULL, ERR_PARSE, NULL },
	{ "junk", "certainly not a badge", 0, 0, NULL, ERR_FORMAT, NULL },
	{ "a URL", "https://x.example/a", 0, 0, NULL, ERR_FORMAT, NULL },
	{ "empty", "", 0, 0, NULL, ERR_FORMAT, NULL },
};

static void test_parse_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(parse_cases); i++) {
		struct cred c = CRED_INIT;
		struct err e = ERR_INIT;
		int rc = cred_parse(parse_cases[i].text, strlen(parse_cases[i].text), &c, &e);

		if (parse_cases[i].ok) {
			if (rc != 0)
				fail_msg("%s: rejected: %s", parse_cases[i].what, e.msg);
			assert_int_equal(c.format, parse_cases[i].format);
			assert_int_equal(c.encoding, CRED_ENC_JSON);
			assert_string_equal(c.version, parse_cases[i].version);
			assert_true(json_is_object(c.doc));
			assert_null(c.jose);
			assert_null(c.claims);
			cred_release(&c);
			assert_null(c.doc);
			continue;
		}
		if (rc == 0) {
			cred_release(&c);
			fail_msg("%s: accepted", parse_cases[i].what);
		}
		if (e.code != parse_cases[i].code)
			fail_msg("%s: %s, want %s (%s)", parse_cases[i].what, err_name(e.code),
				 err_name(parse_cases[i].code), e.msg);
		if (parse_cases[i].why && !strstr(e.msg, parse_cases[i].why))
			fail_msg("%s: '%s' lacks '%s'", parse_cases[i].what, e.msg, parse_cases[i].why);
		/* Nothing is left to release. */
		assert_null(c.doc);
		assert_null(c.jose);
		assert_null(c.claims);
	}
}

/* The bytes are not changed by parsing, and the original text is not
 * needed afterwards (doc owns its data). */
static void test_parse_owns(void **state)
{
	char *text = xstrdup(OB2_MIN);
	struct cred c = CRED_INIT;

	(void)state;
	assert_int_equal(cred_parse(text, strlen(text), &c, NULL), 0);
	assert_string_equal(text, OB2_MIN);
	memset(text, 'x', strlen(text));
	free(text);
	assert_string_equal(json_str(c.doc, "badge"), "https://x.example/b");
	cred_release(&c);
	cred_release(&c);	/* twice is harmless */
}

/* ---- JWS and JWT ---------------------------------------------------------- */

/* header.payload.sig from JSON texts (compacted as given). */
static char *compact(const char *header, const char *payload, const char *sig)
{
	char *h = b64url_encode((const uint8_t *)header, strlen(header));
	char *p = b64url_encode((const uint8_t *)payload, strlen(payload));
	char *s = xasprintf("%s.%s.%s", h, p, sig);

	free(h);
	free(p);
	return s;
}

static void test_parse_vc_jwt(void **state)
{
	char *payload = xasprintf("{\"iss\":\"https://x.example/issuer\",\"jti\":\"urn:uuid:jwt-1\","
				  "\"nbf\":1262304000,\"vc\":%s}", OB3_VC1);
	char *jwt = compact("{\"alg\":\"EdDSA\"}", payload, "ZHVtbXktc2lnbmF0dXJl");
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;
	json_t *want = json_loads(OB3_VC1, 0, NULL), *s;

	(void)state;
	assert_int_equal(cred_sniff((const uint8_t *)jwt, strlen(jwt)), KIND_JWS);
	if (cred_parse(jwt, strlen(jwt), &c, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(c.format, CRED_OB3);
	assert_int_equal(c.encoding, CRED_ENC_JWT);
	assert_string_equal(c.version, "3.0");
	assert_string_equal(json_str(c.jose, "alg"), "EdDSA");
	assert_string_equal(json_str(c.claims, "jti"), "urn:uuid:jwt-1");
	/* doc is the vc claim, completed from the claims where it is silent
	 * (VC DM 1.1 §6.3.1): here the id, from jti; its own issuer and
	 * issuanceDate stay (nbf says 2010). */
	json_object_set_new(want, "id", json_string("urn:uuid:jwt-1"));
	assert_true(json_equal(c.doc, want));
	assert_string_equal(json_str(c.doc, "issuanceDate"), "2020-03-04T05:06:07Z");
	assert_null(json_object_get(json_object_get(c.claims, "vc"), "id"));	/* claims untouched */

	s = cred_summary(&c, NULL, NULL);
	assert_string_equal(json_str(s, "encoding"), "jwt");
	assert_string_equal(json_str(s, "credential_id"), "urn:uuid:jwt-1");	/* from jti */
	assert_string_equal(json_string_value(json_array_get(json_object_get(s, "proofs"), 0)),
			    "jwt/EdDSA");
	assert_string_equal(json_str(json_object_get(s, "verification"), "type"), "jwt");
	json_decref(s);

	json_decref(want);
	cred_release(&c);
	free(jwt);
	free(payload);
}

/* OB 3.0.3 / VC 2.0 JWT: the credential is the whole claim set. */
static void test_parse_vc2_jwt(void **state)
{
	char *jwt = compact("{\"alg\":\"ES256\",\"typ\":\"vc+jwt\"}", OB3_VC2, "c2ln");
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;

	(void)state;
	if (cred_parse(jwt, strlen(jwt), &c, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(c.format, CRED_OB3);
	assert_int_equal(c.encoding, CRED_ENC_JWT);
	assert_ptr_equal(c.doc, c.claims);
	cred_release(&c);
	free(jwt);
}

static void test_parse_ob2_jws(void **state)
{
	char *jws = compact("{\"alg\":\"RS256\"}", OB2_MIN, "c2ln");
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;
	json_t *s;

	(void)state;
	if (cred_parse(jws, strlen(jws), &c, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(c.format, CRED_OB2);
	assert_int_equal(c.encoding, CRED_ENC_JWS);
	assert_string_equal(c.version, "2.0");
	assert_string_equal(json_str(c.jose, "alg"), "RS256");
	assert_string_equal(json_str(c.doc, "id"), "https://x.example/a/1");
	s = cred_summary(&c, NULL, NULL);
	assert_string_equal(json_str(s, "encoding"), "jws");
	assert_string_equal(json_str(json_object_get(s, "verification"), "type"), "signed");
	json_decref(s);
	cred_release(&c);
	free(jws);
}

static const struct {
	const char *what, *header, *payload, *sig;
	enum err_code code;
	const char *why;
} jws_reject_cases[] = {
	{ "OB 2.0 assertion inside a vc claim", "{\"alg\":\"RS256\"}", "{\"vc\":" OB2_MIN "}", "c2ln",
	  ERR_FORMAT, "must not carry a VC" },
	{ "BadgeClass payload", "{\"alg\":\"RS256\"}", "{" CTX_OB2 ",\"type\":\"BadgeClass\"}", "c2ln",
	  ERR_FORMAT, "not a badge awarded" },
	{ "duplicate keys in the header", "{\"alg\":\"RS256\",\"alg\":\"none\"}", OB2_MIN, "c2ln",
	  ERR_PARSE, NULL },
	{ "duplicate keys in the payload", "{\"alg\":\"RS256\"}", "{\"a\":1,\"a\":2}", "c2ln",
	  ERR_PARSE, NULL },
	{ "payload not JSON", "{\"alg\":\"RS256\"}", "not json", "c2ln", ERR_PARSE, NULL },
	{ "payload an array", "{\"alg\":\"RS256\"}", "[1]", "c2ln", ERR_PARSE, NULL },
	{ "signature not base64url", "{\"alg\":\"RS256\"}", OB2_MIN, "c", ERR_PARSE, NULL },
};

static void test_parse_jws_rejected(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(jws_reject_cases); i++) {
		char *jws = compact(jws_reject_cases[i].header, jws_reject_cases[i].payload,
				    jws_reject_cases[i].sig);
		struct cred c = CRED_INIT;
		struct err e = ERR_INIT;

		if (cred_parse(jws, strlen(jws), &c, &e) == 0) {
			cred_release(&c);
			fail_msg("%s: accepted", jws_reject_cases[i].what);
		}
		if (e.code != jws_reject_cases[i].code)
			fail_msg("%s: %s (%s)", jws_reject_cases[i].what, err_name(e.code), e.msg);
		if (jws_reject_cases[i].why && !strstr(e.msg, jws_reject_cases[i].why))
			fail_msg("%s: '%s' lacks '%s'", jws_reject_cases[i].what, e.msg,
				 jws_reject_cases[i].why);
		assert_null(c.doc);
		assert_null(c.jose);
		assert_null(c.claims);
		free(jws);
	}
}

/* ---- cred_summary --------------------------------------------------------- */

static json_t *summary_of(const char *text)
{
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;
	json_t *s;

	if (cred_parse(text, strlen(text), &c, &e) != 0)
		fail_msg("parse: %s", e.msg);
	s = cred_summary(&c, NULL, NULL);
	cred_release(&c);
	return s;
}

static const char *sub(const json_t *s, const char *a, const char *b)
{
	return json_str(json_object_get(s, a), b);
}

static void test_summary_ob3(void **state)
{
	json_t *s = summary_of(OB3_VC2), *al, *tags;

	(void)state;
	assert_string_equal(json_str(s, "format"), "ob3");
	assert_string_equal(json_str(s, "encoding"), "json");
	assert_string_equal(json_str(s, "version"), "3.0");
	/* The achievement's name wins over the credential's generic one. */
	assert_string_equal(json_str(s, "name"), "Rust Wrangler");
	assert_string_equal(json_str(s, "description"), "Wrangles Rust.");
	assert_string_equal(sub(s, "issuer", "id"), "https://x.example/issuer");
	assert_string_equal(sub(s, "issuer", "name"), "Example Org");
	/* 12:00 at +02:00 is 10:00 UTC. */
	assert_string_equal(json_str(s, "issued"), "2024-05-01T10:00:00Z");
	assert_true(json_is_null(json_object_get(s, "expires")));
	assert_string_equal(sub(s, "criteria", "narrative"), "Wrote a borrow checker.");
	assert_string_equal(sub(s, "recipient", "identity"), "did:example:learner");
	assert_string_equal(json_str(s, "achievement_id"), "https://x.example/ach/1");
	assert_string_equal(json_str(s, "credential_id"), "urn:uuid:1");
	assert_string_equal(sub(s, "verification", "type"), "proof");

	al = json_object_get(s, "alignments");
	assert_int_equal(json_array_size(al), 1);
	assert_string_equal(json_str(json_array_get(al, 0), "targetName"), "Systems");
	assert_string_equal(json_str(json_array_get(al, 0), "targetUrl"), "https://x.example/fw/sys");
	assert_string_equal(json_str(json_array_get(al, 0), "targetType"), "CFItem");
	assert_null(json_object_get(json_array_get(al, 0), "extra"));
	assert_int_equal(json_object_size(json_array_get(al, 0)), 3);
	tags = json_object_get(s, "badge_tags");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 0)), "rust");
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "systems");
	assert_int_equal(json_integer_value(json_object_get(s, "endorsements")), 0);
	assert_true(json_is_array(json_object_get(s, "proofs")));
	json_decref(s);
}

/* Without an achievement name, the credential's own name is used. */
static void test_summary_ob3_name_fallback(void **state)
{
	json_t *s = summary_of("{" CTX_VC2 ",\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],"
			       "\"name\":\"Own Name\",\"issuer\":\"https://x.example/i\","
			       "\"credentialSubject\":{\"achievement\":{\"id\":\"urn:a\"}}}");

	(void)state;
	assert_string_equal(json_str(s, "name"), "Own Name");
	assert_string_equal(sub(s, "issuer", "id"), "https://x.example/i");
	assert_true(json_is_null(json_object_get(json_object_get(s, "issuer"), "name")));
	json_decref(s);
}

static void test_summary_vc11_dates(void **state)
{
	json_t *s = summary_of(OB3_VC1);

	(void)state;
	assert_string_equal(json_str(s, "name"), "Old Hand");
	assert_string_equal(json_str(s, "issued"), "2020-03-04T05:06:07Z");
	assert_string_equal(json_str(s, "expires"), "2030-01-01T00:00:00Z");	/* fraction cut */
	json_decref(s);
}

#define OB2_EMBEDDED "{" CTX_OB2 ",\"type\":\"Assertion\",\"id\":\"https://x.example/a/2\"," RECIPIENT "," \
	"\"issuedOn\":\"2016-12-31T23:59:59Z\",\"expires\":\"2017-06-30T23:59:59+00:00\"," \
	"\"badge\":{\"type\":\"BadgeClass\",\"id\":\"https://x.example/b/2\",\"name\":\"Embedded Badge\"," \
	"\"description\":\"Inline.\",\"criteria\":{\"narrative\":\"Show up.\"}," \
	"\"image\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" \
	"YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"," \
	"\"alignment\":[{\"targetName\":\"Numeracy\",\"targetUrl\":\"https://x.example/fw/n\"," \
	"\"targetCode\":\"N1\"}],\"tags\":[\"maths\",\"year-7\"]," \
	"\"issuer\":{\"type\":\"Profile\",\"id\":\"https://x.example/i/2\",\"name\":\"Inline Issuer\"," \
	"\"url\":\"https://x.example\"}}," \
	"\"verification\":{\"type\":\"hosted\"}}"

static void test_summary_ob2_embedded(void **state)
{
	json_t *s = summary_of(OB2_EMBEDDED), *al, *tags;
	const char *img;

	(void)state;
	assert_string_equal(json_str(s, "format"), "ob2");
	assert_string_equal(json_str(s, "version"), "2.0");
	assert_string_equal(json_str(s, "name"), "Embedded Badge");
	assert_string_equal(json_str(s, "description"), "Inline.");
	assert_string_equal(sub(s, "issuer", "name"), "Inline Issuer");
	assert_string_equal(sub(s, "issuer", "id"), "https://x.example/i/2");
	assert_string_equal(sub(s, "issuer", "url"), "https://x.example");
	assert_string_equal(json_str(s, "issued"), "2016-12-31T23:59:59Z");
	assert_string_equal(json_str(s, "expires"), "2017-06-30T23:59:59Z");
	assert_string_equal(json_str(s, "achievement_id"), "https://x.example/b/2");
	assert_string_equal(json_str(s, "credential_id"), "https://x.example/a/2");
	assert_string_equal(sub(s, "criteria", "narrative"), "Show up.");
	assert_string_equal(sub(s, "recipient", "identity"), "a@example.org");
	assert_string_equal(sub(s, "verification", "type"), "hosted");
	assert_string_equal(sub(s, "verification", "url"), "https://x.example/a/2");

	/* The data: URI is described, not repeated. */
	img = json_str(s, "image");
	assert_non_null(img);
	assert_true(strncmp(img, "data:image/png", 14) == 0);
	assert_non_null(strstr(img, "embedded"));
	assert_null(strstr(img, "iVBOR"));
	assert_true(strlen(img) < 64);

	al = json_object_get(s, "alignments");
	assert_int_equal(json_array_size(al), 1);
	assert_string_equal(json_str(json_array_get(al, 0), "targetCode"), "N1");
	tags = json_object_get(s, "badge_tags");
	assert_int_equal(json_array_size(tags), 2);
	assert_string_equal(json_string_value(json_array_get(tags, 1)), "year-7");
	json_decref(s);
}

/* Linked documents: the callback supplies BadgeClass and Issuer by URL. */
struct linked_ctx {
	const char *const (*docs)[2];	/* { url, json } rows */
	size_t n;
	int calls;
};

static json_t *linked(void *ctx, const char *url)
{
	struct linked_ctx *l = ctx;
	size_t i;

	l->calls++;
	for (i = 0; i < l->n; i++)
		if (!strcmp(l->docs[i][0], url))
			return json_loads(l->docs[i][1], 0, NULL);
	return NULL;
}

static const char *const linked_docs[][2] = {
	{ "https://x.example/b", "{" CTX_OB2 ",\"type\":\"BadgeClass\",\"id\":\"https://x.example/b\","
	  "\"name\":\"Linked Badge\",\"issuer\":\"https://x.example/i\","
	  "\"image\":\"https://x.example/b.png\",\"criteria\":\"https://x.example/crit\"}" },
	{ "https://x.example/i", "{" CTX_OB2 ",\"type\":\"Profile\",\"id\":\"https://x.example/i\","
	  "\"name\":\"Linked Issuer\",\"url\":\"https://x.example/home\"}" },
	{ "https://x.example/not-an-object", "[1,2]" },
};

static void test_summary_ob2_linked(void **state)
{
	struct linked_ctx l = { linked_docs, ARRAY_SIZE(linked_docs), 0 };
	struct cred c = CRED_INIT;
	json_t *s, *urls;

	(void)state;
	assert_int_equal(cred_parse(OB2_MIN, strlen(OB2_MIN), &c, NULL), 0);

	/* Without the documents: names are null, the URLs are what is needed. */
	s = cred_summary(&c, NULL, NULL);
	assert_true(json_is_null(json_object_get(s, "name")));
	assert_string_equal(json_str(s, "achievement_id"), "https://x.example/b");
	json_decref(s);
	urls = cred_linked_urls(&c, NULL, NULL);
	assert_int_equal(json_array_size(urls), 1);
	assert_string_equal(json_string_value(json_array_get(urls, 0)), "https://x.example/b");
	json_decref(urls);

	/* With them: the BadgeClass leads to the Issuer. */
	s = cred_summary(&c, linked, &l);
	assert_true(l.calls >= 2);
	assert_string_equal(json_str(s, "name"), "Linked Badge");
	assert_string_equal(sub(s, "issuer", "name"), "Linked Issuer");
	assert_string_equal(sub(s, "issuer", "url"), "https://x.example/home");
	assert_string_equal(sub(s, "issuer", "id"), "https://x.example/i");
	assert_string_equal(sub(s, "criteria", "id"), "https://x.example/crit");
	assert_true(json_is_null(json_object_get(json_object_get(s, "criteria"), "narrative")));
	json_decref(s);
	urls = cred_linked_urls(&c, linked, &l);
	assert_int_equal(json_array_size(urls), 2);
	assert_string_equal(json_string_value(json_array_get(urls, 1)), "https://x.example/i");
	json_decref(urls);
	cred_release(&c);
}

/* A linked document that is not an object is ignored. */
static void test_summary_linked_not_object(void **state)
{
	static const char text[] = "{" CTX_OB2 ",\"type\":\"Assertion\"," RECIPIENT ","
				   "\"badge\":\"https://x.example/not-an-object\"}";
	struct linked_ctx l = { linked_docs, ARRAY_SIZE(linked_docs), 0 };
	struct cred c = CRED_INIT;
	json_t *s;

	(void)state;
	assert_int_equal(cred_parse(text, strlen(text), &c, NULL), 0);
	s = cred_summary(&c, linked, &l);
	assert_int_equal(l.calls, 1);
	assert_true(json_is_null(json_object_get(s, "name")));
	json_decref(s);
	cred_release(&c);
}

/* issuedOn forms, through an OB 1.0 assertion (no context). */
static const struct {
	const char *issued_on;	/* a JSON value */
	const char *expected;	/* NULL: null */
} date_cases[] = {
	{ "\"1420070400\"", "2015-01-01T00:00:00Z" },		/* Unix seconds as a string */
	{ "1420070400", "2015-01-01T00:00:00Z" },		/* ... and as a number */
	{ "\"2015-04-30\"", "2015-04-30T00:00:00Z" },		/* a bare date */
	{ "\"2016-12-31T23:59:59Z\"", "2016-12-31T23:59:59Z" },
	{ "\"2024-05-01T00:30:00+02:00\"", "2024-04-30T22:30:00Z" },	/* across midnight */
	{ "\"2024-05-01T12:00:00-0530\"", "2024-05-01T17:30:00Z" },
	{ "\"2024-05-01T12:00:00.75Z\"", "2024-05-01T12:00:00Z" },
	{ "\"yesterday\"", NULL },
	{ "\"123\"", NULL },
	{ "\"\"", NULL },
	{ "null", NULL },
	{ "true", NULL },
	{ "{\"a\":1}", NULL },
};

static void test_summary_dates(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(date_cases); i++) {
		char *text = xasprintf("{\"uid\":\"u\"," RECIPIENT ",\"badge\":\"https://x.example/b\","
				       "\"verify\":{\"type\":\"hosted\",\"url\":\"https://x.example/a\"},"
				       "\"issuedOn\":%s}", date_cases[i].issued_on);
		json_t *s = summary_of(text), *v = json_object_get(s, "issued");

		if (date_cases[i].expected) {
			if (!json_is_string(v) || strcmp(json_string_value(v), date_cases[i].expected))
				fail_msg("issuedOn %s: got %s, want %s", date_cases[i].issued_on,
					 json_is_string(v) ? json_string_value(v) : "non-string",
					 date_cases[i].expected);
		} else if (!json_is_null(v)) {
			fail_msg("issuedOn %s: got %s, want null", date_cases[i].issued_on,
				 json_is_string(v) ? json_string_value(v) : "non-null");
		}
		assert_string_equal(json_str(s, "version"), "1.0");
		json_decref(s);
		free(text);
	}
}

/* OB 1.0: verify.url is the hosted copy and the credential id. */
static void test_summary_ob1(void **state)
{
	json_t *s = summary_of("{\"uid\":\"abc\"," RECIPIENT ",\"badge\":\"https://x.example/b\","
			       "\"issuedOn\":\"1420070400\","
			       "\"verify\":{\"type\":\"hosted\",\"url\":\"https://x.example/a\"}}");

	(void)state;
	assert_string_equal(json_str(s, "issued"), "2015-01-01T00:00:00Z");
	assert_string_equal(json_str(s, "credential_id"), "https://x.example/a");
	assert_string_equal(sub(s, "verification", "type"), "hosted");
	assert_string_equal(sub(s, "verification", "url"), "https://x.example/a");
	json_decref(s);
}

/* OB 0.5: a string recipient, issued_on, an issuer with an origin. */
static void test_summary_ob05(void **state)
{
	json_t *s = summary_of("{\"recipient\":\"sha256$abc\",\"salt\":\"pepper\",\"issued_on\":\"2011-06-01\","
			       "\"badge\":{\"version\":\"0.5.0\",\"name\":\"Basic\","
			       "\"issuer\":{\"origin\":\"https://old.example\",\"name\":\"Old Org\"}}}");

	(void)state;
	assert_string_equal(json_str(s, "version"), "0.5");
	assert_string_equal(json_str(s, "name"), "Basic");
	assert_string_equal(json_str(s, "issued"), "2011-06-01T00:00:00Z");
	assert_string_equal(sub(s, "issuer", "name"), "Old Org");
	assert_string_equal(sub(s, "issuer", "id"), "https://old.example");
	assert_string_equal(sub(s, "recipient", "identity"), "sha256$abc");
	assert_string_equal(sub(s, "recipient", "salt"), "pepper");
	assert_true(json_is_true(json_object_get(json_object_get(s, "recipient"), "hashed")));
	json_decref(s);
}

/* ---- the shared corpora --------------------------------------------------- */

static char *corpus_text(const char *rel)
{
	char *path = path_join(CORPORA, rel);
	struct buf b;

	buf_init(&b, CRED_MAX_TEXT);
	if (file_read(path, b.max, &b, NULL) < 0) {
		buf_release(&b);
		free(path);
		return NULL;
	}
	free(path);
	return buf_detach(&b, NULL);
}

static void skip_without_corpora(void)
{
	if (!path_exists(CORPORA "/README.md"))
		skip();
}

static const struct {
	const char *file;
	int ok;
	enum cred_format format;
	const char *version, *name;	/* name: NULL = not checked */
} corpus_cases[] = {
	{ "ob2-validator-core/components/0_5_assertion.json", 1, CRED_OB2, "0.5", "Basic McBadge" },
	{ "ob2-validator-core/components/0_5_1_assertion.json", 1, CRED_OB2, "0.5", "Basic McBadge" },
	{ "ob2-validator-core/components/1_0_basic_assertion.json", 1, CRED_OB2, "1.0", NULL },
	{ "ob2-validator-core/components/1_1_basic_assertion.json", 1, CRED_OB2, "1.1", NULL },
	{ "ob2-validator-core/components/2_0_basic_assertion.json", 1, CRED_OB2, "2.0", NULL },
	{ "ob2-validator-core/components/1_0_assertion_with_errors.json", 0, 0, NULL, NULL },
	{ "ob2-validator-core/components/2_0_basic_badgeclass.json", 0, 0, NULL, NULL },
	{ "ob2-validator-core/components/2_0_basic_issuer.json", 0, 0, NULL, NULL },
	{ "ob2-validator-core/components/1_1_basic_badgeclass.json", 0, 0, NULL, NULL },
	{ "ob3-spec/examples/ob_v3p0_examples_fullOpenBadge__01.json", 1, CRED_OB3, "3.0",
	  "1EdTech University Degree" },
	{ "ob3-spec/examples/ob_v3p0_examples_endorsement__01.json", 0, 0, NULL, NULL },
};

static void test_corpus_rows(void **state)
{
	size_t i;

	(void)state;
	skip_without_corpora();
	for (i = 0; i < ARRAY_SIZE(corpus_cases); i++) {
		char *text = corpus_text(corpus_cases[i].file);
		struct cred c = CRED_INIT;
		struct err e = ERR_INIT;
		int rc;

		if (!text)
			fail_msg("%s: missing from the corpora", corpus_cases[i].file);
		rc = cred_parse(text, strlen(text), &c, &e);
		if (!corpus_cases[i].ok) {
			if (rc == 0)
				fail_msg("%s: accepted", corpus_cases[i].file);
			free(text);
			continue;
		}
		if (rc != 0)
			fail_msg("%s: %s", corpus_cases[i].file, e.msg);
		assert_int_equal(c.format, corpus_cases[i].format);
		assert_string_equal(c.version, corpus_cases[i].version);
		if (corpus_cases[i].name) {
			json_t *s = cred_summary(&c, NULL, NULL);

			assert_string_equal(json_str(s, "name"), corpus_cases[i].name);
			json_decref(s);
		}
		cred_release(&c);
		free(text);
	}
}

/* The OB 2.0 basic assertion with its BadgeClass and Issuer served from
 * the corpus, as the validator's fetch map does. */
struct corpus_fetch {
	int calls;
};

static json_t *corpus_linked(void *ctx, const char *url)
{
	static const char *const map[][2] = {
		{ "https://example.org/robotics-badge.json",
		  "ob2-validator-core/components/2_0_basic_badgeclass.json" },
		{ "https://example.org/organization.json",
		  "ob2-validator-core/components/2_0_basic_issuer.json" },
	};
	struct corpus_fetch *f = ctx;
	size_t i;

	f->calls++;
	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (!strcmp(map[i][0], url)) {
			char *text = corpus_text(map[i][1]);
			json_t *v = text ? json_loads(text, 0, NULL) : NULL;

			free(text);
			return v;
		}
	}
	return NULL;
}

static void test_corpus_ob2_linked(void **state)
{
	struct corpus_fetch f = { 0 };
	struct cred c = CRED_INIT;
	char *text;
	json_t *s;

	(void)state;
	skip_without_corpora();
	text = corpus_text("ob2-validator-core/components/2_0_basic_assertion.json");
	assert_non_null(text);
	assert_int_equal(cred_parse(text, strlen(text), &c, NULL), 0);
	s = cred_summary(&c, corpus_linked, &f);
	assert_string_equal(json_str(s, "name"), "Awesome Robotics Badge");
	assert_string_equal(sub(s, "issuer", "name"), "An Example Badge Issuer");
	assert_string_equal(json_str(s, "issued"), "2016-12-31T23:59:59Z");
	assert_string_equal(json_str(s, "image"), "https://example.org/beths-robot-badge.png");
	assert_true(json_is_true(json_object_get(json_object_get(s, "recipient"), "hashed")));
	json_decref(s);
	cred_release(&c);
	free(text);
}

static void test_corpus_ob3_full(void **state)
{
	char *text;
	json_t *s;

	(void)state;
	skip_without_corpora();
	text = corpus_text("ob3-spec/examples/ob_v3p0_examples_fullOpenBadge__01.json");
	assert_non_null(text);
	s = summary_of(text);
	assert_string_equal(json_str(s, "issued"), "2010-01-01T00:00:00Z");
	assert_string_equal(sub(s, "issuer", "name"), "1EdTech University");
	assert_true(json_array_size(json_object_get(s, "alignments")) >= 1);
	json_decref(s);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_sniff_length),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_parse_rows),
		cmocka_unit_test(test_parse_owns),
		cmocka_unit_test(test_parse_vc_jwt),
		cmocka_unit_test(test_parse_vc2_jwt),
		cmocka_unit_test(test_parse_ob2_jws),
		cmocka_unit_test(test_parse_jws_rejected),
		cmocka_unit_test(test_summary_ob3),
		cmocka_unit_test(test_summary_ob3_name_fallback),
		cmocka_unit_test(test_summary_vc11_dates),
		cmocka_unit_test(test_summary_ob2_embedded),
		cmocka_unit_test(test_summary_ob2_linked),
		cmocka_unit_test(test_summary_linked_not_object),
		cmocka_unit_test(test_summary_dates),
		cmocka_unit_test(test_summary_ob1),
		cmocka_unit_test(test_summary_ob05),
		cmocka_unit_test(test_corpus_rows),
		cmocka_unit_test(test_corpus_ob2_linked),
		cmocka_unit_test(test_corpus_ob3_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
