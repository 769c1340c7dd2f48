/* test-rdfc.c — N-Quads (nquads.h) and RDFC-1.0 (rdfc.h): the whole W3C
 * rdf-canon suite, the vc-di-eddsa / vc-di-ecdsa test vectors, and table
 * cases for parsing, escaping and errors.  Runs from the repository root;
 * the corpora live in ../shared/corpora and their tests skip without it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/evp.h>
#include "satchel/json.h"
#include "satchel/nquads.h"
#include "satchel/rdfc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define CORPORA "../shared/corpora"
#define SUITE CORPORA "/rdf-canon"

/* ---- helpers --------------------------------------------------------- */

/* The whole file, NUL-terminated, or NULL when it cannot be read. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
		s = malloc((size_t)n + 1);
		if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
			free(s);
			s = NULL;
		} else if (s) {
			s[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return s;
}

static void parse_ok(const char *text, size_t len, struct rdf_dataset *ds)
{
	struct err e = ERR_INIT;

	rdf_dataset_init(ds);
	if (nquads_parse(text, len, ds, &e) != 0)
		fail_msg("parse failed: %s", e.msg);
}

/* Canonicalizes the N-Quads text with hash h into out (initialised here). */
static int canon_text(const char *text, size_t len, enum rdfc_hash h, struct buf *out,
		      json_t **map, struct err *e)
{
	struct rdf_dataset ds;
	int rc;

	parse_ok(text, len, &ds);
	buf_init(out, 0);
	rc = rdfc_canonicalize(&ds, h, out, map, e);
	rdf_dataset_release(&ds);
	return rc;
}

/* Compares text with the expected bytes and shows the first difference. */
static void assert_same_text(const char *what, const char *got, size_t glen,
			     const char *want, size_t wlen)
{
	size_t i = 0;

	if (glen == wlen && !memcmp(got, want, wlen))
		return;
	while (i < glen && i < wlen && got[i] == want[i])
		i++;
	fail_msg("%s: output differs at byte %zu\n--- got:\n%.*s--- want:\n%.*s", what, i,
		 (int)glen, got, (int)wlen, want);
}

static void hex_digest(const char *md_name, const void *p, size_t n, char *hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;
	EVP_MD *m = EVP_MD_fetch(NULL, md_name, NULL);

	assert_non_null(m);
	assert_int_equal(EVP_Digest(p, n, md, &len, m, NULL), 1);
	EVP_MD_free(m);
	for (i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	hex[2 * len] = '\0';
}

/* ---- the W3C rdf-canon suite ----------------------------------------- */

static void run_eval(json_t *entry, enum rdfc_hash h)
{
	const char *action = json_string_value(json_object_get(entry, "action"));
	const char *result = json_string_value(json_object_get(entry, "result"));
	char path[512];
	size_t len, wlen;
	char *in, *want;
	struct buf out;
	struct err e = ERR_INIT;

	snprintf(path, sizeof(path), SUITE "/%s", action);
	assert_non_null(in = slurp(path, &len));
	snprintf(path, sizeof(path), SUITE "/%s", result);
	assert_non_null(want = slurp(path, &wlen));
	if (canon_text(in, len, h, &out, NULL, &e) != 0)
		fail_msg("%s: %s", action, e.msg);
	assert_same_text(action, out.s, out.len, want, wlen);
	buf_release(&out);
	free(in);
	free(want);
}

static void run_map(json_t *entry, enum rdfc_hash h)
{
	const char *action = json_string_value(json_object_get(entry, "action"));
	const char *result = json_string_value(json_object_get(entry, "result"));
	char path[512];
	size_t len;
	char *in, *got_s, *want_s;
	json_t *map = NULL, *want;
	struct buf out;
	struct err e = ERR_INIT;

	snprintf(path, sizeof(path), SUITE "/%s", action);
	assert_non_null(in = slurp(path, &len));
	snprintf(path, sizeof(path), SUITE "/%s", result);
	assert_non_null(want = json_load_file(path, 0, NULL));
	if (canon_text(in, len, h, &out, &map, &e) != 0)
		fail_msg("%s: %s", action, e.msg);
	if (!json_equal(map, want)) {
		got_s = json_text(map, JSON_SORT_KEYS | JSON_COMPACT);
		want_s = json_text(want, JSON_SORT_KEYS | JSON_COMPACT);
		fail_msg("%s: map %s, want %s", action, got_s, want_s);
	}
	json_decref(map);
	json_decref(want);
	buf_release(&out);
	free(in);
}

/* The poison graph must stop with the work-limit error, and quickly. */
static void run_negative(json_t *entry, enum rdfc_hash h)
{
	const char *action = json_string_value(json_object_get(entry, "action"));
	char path[512];
	size_t len;
	char *in;
	struct buf out;
	json_t *map = (json_t *)1;
	struct err e = ERR_INIT;
	clock_t t0 = clock();

	snprintf(path, sizeof(path), SUITE "/%s", action);
	assert_non_null(in = slurp(path, &len));
	assert_int_equal(canon_text(in, len, h, &out, &map, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_non_null(strstr(e.msg, "too much work"));
	assert_int_equal(out.len, 0);
	assert_null(map);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	buf_release(&out);
	free(in);
}

typedef void suite_fn(json_t *entry, enum rdfc_hash h);

static const struct {
	const char *type;
	suite_fn *run;
} suite_types[] = {
	{ "rdfc:RDFC10EvalTest", run_eval },
	{ "rdfc:RDFC10MapTest", run_map },
	{ "rdfc:RDFC10NegativeEvalTest", run_negative },
};

static void test_suite_entry(void **state)
{
	json_t *entry = *state;
	const char *type = json_string_value(json_object_get(entry, "type"));
	const char *alg = json_string_value(json_object_get(entry, "hashAlgorithm"));
	enum rdfc_hash h = alg && !strcmp(alg, "SHA384") ? RDFC_SHA384 : RDFC_SHA256;
	size_t i;

	assert_true(!alg || !strcmp(alg, "SHA384") || !strcmp(alg, "SHA256"));
	for (i = 0; i < ARRAY_SIZE(suite_types); i++) {
		if (type && !strcmp(type, suite_types[i].type)) {
			suite_types[i].run(entry, h);
			return;
		}
	}
	fail_msg("unknown test type '%s'", type ? type : "(none)");
}

static void test_suite_absent(void **state)
{
	(void)state;
	skip();
}

/* ---- vc-di-eddsa / vc-di-ecdsa test vectors -------------------------- */

/* canon<Name>.txt re-canonicalizes to itself and its digest is hash<Name>.txt. */
struct vector {
	const char *dir;	/* under CORPORA */
	const char *suffix;	/* file name suffix: DataInt, EdSig, ECDSAP256 ... */
	enum rdfc_hash hash;	/* the suite's hash; RDFC uses it too (P-384) */
};

static const struct vector vectors[] = {
	{ "vc-di-eddsa/TestVectors/eddsa-rdfc-2022", "DataInt", RDFC_SHA256 },
	{ "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/employ", "DataInt", RDFC_SHA256 },
	{ "vc-di-eddsa/TestVectors/Ed25519Signature2020", "EdSig", RDFC_SHA256 },
	{ "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256", "ECDSAP256", RDFC_SHA256 },
	{ "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256/employ", "ECDSAP256", RDFC_SHA256 },
	{ "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384", "ECDSAP384", RDFC_SHA384 },
	{ "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384/employ", "ECDSAP384", RDFC_SHA384 },
};

static void check_vector_file(const struct vector *v, const char *canon, const char *hash)
{
	char path[512], hex[2 * EVP_MAX_MD_SIZE + 1];
	size_t len, hlen;
	char *text, *want;
	struct buf out;
	struct err e = ERR_INIT;

	snprintf(path, sizeof(path), CORPORA "/%s/%s%s.txt", v->dir, canon, v->suffix);
	if (!(text = slurp(path, &len)))
		skip();
	if (canon_text(text, len, v->hash, &out, NULL, &e) != 0)
		fail_msg("%s: %s", path, e.msg);
	assert_same_text(path, out.s, out.len, text, len);
	snprintf(path, sizeof(path), CORPORA "/%s/%s%s.txt", v->dir, hash, v->suffix);
	assert_non_null(want = slurp(path, &hlen));
	while (hlen && (want[hlen - 1] == '\n' || want[hlen - 1] == '\r' || want[hlen - 1] == ' '))
		want[--hlen] = '\0';
	hex_digest(v->hash == RDFC_SHA384 ? "SHA384" : "SHA256", out.s, out.len, hex);
	assert_string_equal(hex, want);
	buf_release(&out);
	free(text);
	free(want);
}

static void test_vector(void **state)
{
	const struct vector *v = *state;

	check_vector_file(v, "canonDoc", "docHash");
	check_vector_file(v, "proofCanon", "proofHash");
}

/* corpora/derived/canonical holds rdf-canonize output for ~400 documents:
 * canonical N-Quads must be a fixed point of canonicalization. */
static int fixed_points, fixed_failures;

static int check_fixed_point(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	size_t len, n = strlen(path);
	struct buf out;
	struct err e = ERR_INIT;
	char *text;

	(void)sb;
	(void)ftw;
	if (flag != FTW_F || n < 3 || strcmp(path + n - 3, ".nq") || !(text = slurp(path, &len)))
		return 0;
	fixed_points++;
	if (canon_text(text, len, RDFC_SHA256, &out, NULL, &e) != 0 || out.len != len ||
	    memcmp(out.s, text, len)) {
		print_message("not a fixed point: %s %s\n", path, e.msg);
		fixed_failures++;
	}
	buf_release(&out);
	free(text);
	return 0;
}

static void test_derived_fixed_points(void **state)
{
	(void)state;
	fixed_points = fixed_failures = 0;
	if (nftw(CORPORA "/derived/canonical", check_fixed_point, 16, FTW_PHYS) != 0 ||
	    !fixed_points)
		skip();
	assert_int_equal(fixed_failures, 0);
}

/* ---- N-Quads: parse, serialize, escape -------------------------------- */

#define S "<http://a/s> <http://a/p> "

/* Parsing in and serializing gives out; out is a fixed point. */
static const struct {
	const char *in, *out;
} round_trips[] = {
	{ "", "" },
	{ "# only a comment\n\n \t\r\n\r", "" },
	{ S "<http://a/o> .", S "<http://a/o> .\n" },
	{ "  <http://a/s>\t<http://a/p>   \"x\" .  # note\r\n", S "\"x\" .\n" },
	{ "<http://a/s><http://a/p><http://a/o>.", S "<http://a/o> .\n" },
	{ S "<http://a/o> <http://a/g> .", S "<http://a/o> <http://a/g> .\n" },
	{ "_:a.b <http://a/p> _:c.", "_:a.b <http://a/p> _:c .\n" },
	{ "_:0 <http://a/p> _:x-\xC2\xB7y _:g .", "_:0 <http://a/p> _:x-\xC2\xB7y _:g .\n" },
	/* xsd:string is the default datatype and is left out */
	{ S "\"x\"^^<http://www.w3.org/2001/XMLSchema#string> .", S "\"x\" .\n" },
	{ S "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .",
	  S "\"1\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n" },
	{ S "\"chat\"@fr-BE .", S "\"chat\"@fr-BE .\n" },
	{ S "\"chat\"@EN .", S "\"chat\"@EN .\n" },	/* RDFC keeps the case */
	/* escapes in IRIs decode to raw characters */
	{ "<http://a/\\u00E9\\U0001F600> <http://a/p> <http://a/\\u0078> .",
	  "<http://a/\xC3\xA9\xF0\x9F\x98\x80> <http://a/p> <http://a/x> .\n" },
	/* ECHAR for \t \b \n \r \f \" \\ ; \' is written raw */
	{ S "\"\\t\\b\\n\\r\\f\\\"\\'\\\\\" .", S "\"\\t\\b\\n\\r\\f\\\"'\\\\\" .\n" },
	/* UCHAR with upper-case hex for the other controls, DEL, and the
	 * non-XML-Chars U+FFFE/F (RDFC-1.0 canonical N-Quads) */
	{ S "\"\\u0000\\u0001\\u0007\\u000b\\u000E\\u001f\\u007f\\uFFFE\\uffff\" .",
	  S "\"\\u0000\\u0001\\u0007\\u000B\\u000E\\u001F\\u007F\\uFFFE\\uFFFF\" .\n" },
	{ S "\"\\U00000008\\U0000000C\" .", S "\"\\b\\f\" .\n" },
	/* everything else raw, escaped or not: printable, NBSP, C1, astral */
	{ S "\"\\u0041\\U0001F303\\u00A0\\u0080 <>{}\" .",
	  S "\"A\xF0\x9F\x8C\x83\xC2\xA0\xC2\x80 <>{}\" .\n" },
	{ S "\"a\tb\x01" "c\x7F\" .", S "\"a\\tb\\u0001c\\u007F\" .\n" },
	/* a set: duplicates go, lines are in code point order */
	{ "<http://a/z> <http://a/p> \"2\" .\n" S "\"\xC3\xA9\" .\n" S "\"z\" .\n"
	  "<http://a/z> <http://a/p> \"2\" .\n",
	  S "\"z\" .\n" S "\"\xC3\xA9\" .\n<http://a/z> <http://a/p> \"2\" .\n" },
};

static void serialize_text(const char *in, struct buf *out)
{
	struct rdf_dataset ds;
	struct err e = ERR_INIT;

	parse_ok(in, strlen(in), &ds);
	buf_init(out, 0);
	if (nquads_serialize(&ds, out, &e) != 0)
		fail_msg("'%s': %s", in, e.msg);
	rdf_dataset_release(&ds);
}

static void test_round_trips(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(round_trips); i++) {
		struct buf a, b;

		serialize_text(round_trips[i].in, &a);
		assert_same_text(round_trips[i].in, a.s, a.len, round_trips[i].out,
				 strlen(round_trips[i].out));
		serialize_text(a.s, &b);
		assert_same_text("again", b.s, b.len, a.s, a.len);
		buf_release(&a);
		buf_release(&b);
	}
}

/* What the model holds: U+0000 as C0 80, xsd:string as no datatype. */
static void test_parse_model(void **state)
{
	static const char text[] = "_:b1 <http://a/p> \"a\\u0000b\"^^<http://www.w3.org/2001/"
				   "XMLSchema#string> <http://a/g> .\n"
				   "<http://a/s> <http://a/p> \"x\"@en .";
	struct rdf_dataset ds;
	const struct rdf_quad *q;

	(void)state;
	parse_ok(text, sizeof(text) - 1, &ds);
	assert_int_equal(ds.n, 2);
	q = &ds.quads[0];
	assert_int_equal(q->s.kind, RDF_BNODE);
	assert_string_equal(q->s.value, "b1");
	assert_int_equal(q->o.kind, RDF_LITERAL);
	assert_string_equal(q->o.value, "a\xC0\x80" "b");
	assert_null(q->o.datatype);
	assert_int_equal(q->g.kind, RDF_IRI);
	q = &ds.quads[1];
	assert_int_equal(q->g.kind, RDF_NONE);
	assert_string_equal(q->o.lang, "en");
	assert_null(q->o.datatype);
	rdf_dataset_release(&ds);
}

/* Bad input and the line the error names. */
static const struct {
	const char *in;
	unsigned line;
} parse_errors[] = {
	{ S "<http://a/o>", 1 },
	{ S "<http://a/o> .\n\n<rel> <http://a/p> <http://a/o> .", 3 },
	{ "# c\r\n" S "\"open .", 2 },
	{ S "\"a\nb\" .", 1 },
	{ "<http://a/s> \"p\" <http://a/o> .", 1 },
	{ "\"s\" <http://a/p> <http://a/o> .", 1 },
	{ S "<http://a/o> \"g\" .", 1 },
	{ "<http://a/s> _:p <http://a/o> .", 1 },
	{ S "\"x\"@ .", 1 },
	{ S "\"x\"@1en .", 1 },
	{ S "\"x\"^^\"y\" .", 1 },
	{ S "\"\\q\" .", 1 },
	{ S "\"\\u12\" .", 1 },
	{ S "\"\\uZZZZ\" .", 1 },
	{ S "\"\\uD800\" .", 1 },
	{ S "\"\\U00110000\" .", 1 },
	{ S "\"\xFF\" .", 1 },
	{ S "\"\xC0\x80\" .", 1 },	/* overlong: only the model may hold it */
	{ S "\"\xED\xA0\x80\" .", 1 },	/* a surrogate in UTF-8 */
	{ "<http://a b> <http://a/p> <http://a/o> .", 1 },
	{ "<http://a\\u0020b> <http://a/p> <http://a/o> .", 1 },
	{ "<http://a\\n> <http://a/p> <http://a/o> .", 1 },
	{ "<http://a/s <http://a/p> <http://a/o> .", 1 },
	{ "_: <http://a/p> <http://a/o> .", 1 },
	{ "_:-a <http://a/p> <http://a/o> .", 1 },
	{ "_a <http://a/p> <http://a/o> .", 1 },
	{ S "<http://a/o> . " S "<http://a/o> .", 1 },
	{ S "<http://a/o> <http://a/g> <http://a/x> .", 1 },
	{ S "<http://a/o> .\n" S, 2 },
	{ S "<http://a/o> ..", 1 },
};

static void test_parse_errors(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(parse_errors); i++) {
		struct rdf_dataset ds = RDF_DATASET_INIT;
		struct err e = ERR_INIT;
		char want[32];

		parse_ok("<http://a/x> <http://a/y> <http://a/z> .", 40, &ds);
		if (nquads_parse(parse_errors[i].in, strlen(parse_errors[i].in), &ds, &e) == 0)
			fail_msg("case %zu parsed: %s", i, parse_errors[i].in);
		assert_int_equal(e.code, ERR_PARSE);
		snprintf(want, sizeof(want), "line %u:", parse_errors[i].line);
		if (!strstr(e.msg, want))
			fail_msg("case %zu: '%s' does not name %s", i, e.msg, want);
		assert_int_equal(ds.n, 1);	/* what it held before */
		rdf_dataset_release(&ds);
		/* into an empty dataset: nothing left, not even the array */
		assert_int_equal(nquads_parse(parse_errors[i].in, strlen(parse_errors[i].in),
					      &ds, &e), -1);
		assert_int_equal(ds.n, 0);
		assert_null(ds.quads);
	}
}

static void test_parse_not_terminated(void **state)
{
	/* len, not a NUL, ends the text */
	static const char text[] = S "<http://a/o> .XYZ";
	struct rdf_dataset ds;

	(void)state;
	parse_ok(text, sizeof(text) - 4, &ds);
	assert_int_equal(ds.n, 1);
	rdf_dataset_release(&ds);
}

#define IRI(v)		{ .kind = RDF_IRI, .value = (char *)(v) }
#define BNODE(v)	{ .kind = RDF_BNODE, .value = (char *)(v) }
#define LIT(v, dt, l)	{ .kind = RDF_LITERAL, .value = (char *)(v), .datatype = (char *)(dt), \
			  .lang = (char *)(l) }

/* Terms with no N-Quads form fail with ERR_FORMAT and leave out alone. */
static const struct rdf_term bad_terms[] = {
	IRI("http://a b"), IRI("http://a/\x01"), IRI("http://a/<"), IRI("http://a/\xFF"), IRI(NULL),
	BNODE(""), BNODE("a b"), BNODE("a."), BNODE("-a"), BNODE("\xFF"),
	LIT("\xFF", NULL, NULL), LIT("\xC3", NULL, NULL), LIT("x", NULL, "en_US"), LIT("x", NULL, ""),
	LIT("x", "http://a b", NULL), LIT(NULL, NULL, NULL),
	{ .kind = RDF_NONE },
};

static void test_bad_terms(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bad_terms); i++) {
		struct buf b;
		struct err e = ERR_INIT;

		buf_init(&b, 0);
		buf_adds(&b, "keep", NULL);
		if (nquads_term(&bad_terms[i], &b, &e) == 0)
			fail_msg("term %zu serialized as '%s'", i, b.s);
		assert_int_equal(e.code, ERR_FORMAT);
		assert_string_equal(b.s, "keep");
		buf_release(&b);
	}
}

static const struct {
	struct rdf_term t;
	const char *out;
} good_terms[] = {
	{ LIT("x", RDF_XSD_STRING, NULL), "\"x\"" },
	{ LIT("x", NULL, "en-GB-oed"), "\"x\"@en-GB-oed" },
	{ LIT("a\xC0\x80" "b", NULL, NULL), "\"a\\u0000b\"" },
	{ LIT("\xEF\xBF\xBE\xEF\xBF\xBF\xEF\xBF\xBD", NULL, NULL), "\"\\uFFFE\\uFFFF\xEF\xBF\xBD\"" },
	{ BNODE("c14n0"), "_:c14n0" },
	{ IRI("urn:x:\xE2\x88\x9E"), "<urn:x:\xE2\x88\x9E>" },
};

static void test_good_terms(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(good_terms); i++) {
		struct buf b;
		struct err e = ERR_INIT;

		buf_init(&b, 0);
		if (nquads_term(&good_terms[i].t, &b, &e) != 0)
			fail_msg("term %zu: %s", i, e.msg);
		assert_string_equal(b.s, good_terms[i].out);
		buf_release(&b);
	}
}

/* Each position takes only some kinds; out is unchanged on error. */
static void test_bad_quads(void **state)
{
	static const struct rdf_quad quads[] = {
		{ LIT("s", NULL, NULL), IRI("http://a/p"), IRI("http://a/o"), { RDF_NONE } },
		{ IRI("http://a/s"), BNODE("p"), IRI("http://a/o"), { RDF_NONE } },
		{ IRI("http://a/s"), IRI("http://a/p"), { RDF_NONE }, { RDF_NONE } },
		{ IRI("http://a/s"), IRI("http://a/p"), IRI("http://a/o"), LIT("g", NULL, NULL) },
		{ IRI("http://a/s"), IRI("http://a/p"), IRI("http://a/o b"), { RDF_NONE } },
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(quads); i++) {
		struct rdf_dataset ds = { (struct rdf_quad *)&quads[i], 1, 1 };
		struct buf b;
		struct err e = ERR_INIT;
		json_t *map = NULL;

		buf_init(&b, 0);
		buf_adds(&b, "keep", NULL);
		assert_int_equal(nquads_quad(&quads[i], &b, &e), -1);
		assert_int_equal(e.code, ERR_FORMAT);
		assert_int_equal(nquads_serialize(&ds, &b, &e), -1);
		assert_int_equal(rdfc_canonicalize(&ds, RDFC_SHA256, &b, &map, &e), -1);
		assert_int_equal(e.code, ERR_FORMAT);
		assert_null(map);
		assert_string_equal(b.s, "keep");
		buf_release(&b);
	}
}

/* ---- canonicalization, beyond the suite ------------------------------ */

static void test_canon_small(void **state)
{
	static const char in[] = "_:x <http://a/p> _:y .\n_:y <http://a/q> \"v\" .\n"
				 "_:x <http://a/p> _:y .\n";
	/* First-degree hashes: x 8c09cf5f..., y b50f9472..., so x is c14n0. */
	static const char want[] = "_:c14n0 <http://a/p> _:c14n1 .\n"
				   "_:c14n1 <http://a/q> \"v\" .\n";
	struct buf out;
	struct err e = ERR_INIT;
	json_t *map = NULL, *want_map = json_pack("{s:s,s:s}", "x", "c14n0", "y", "c14n1");

	(void)state;
	assert_int_equal(canon_text(in, sizeof(in) - 1, RDFC_SHA256, &out, &map, &e), 0);
	assert_string_equal(out.s, want);
	assert_true(json_equal(map, want_map));
	json_decref(map);
	json_decref(want_map);
	buf_release(&out);
	assert_int_equal(canon_text("", 0, RDFC_SHA384, &out, &map, &e), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(json_object_size(map), 0);
	json_decref(map);
	buf_release(&out);
}

/* The caller's maximum applies, and the work limit is a parameter. */
static void test_canon_limits(void **state)
{
	static const char circle[] = "_:a <http://a/p> _:b .\n_:b <http://a/p> _:c .\n"
				     "_:c <http://a/p> _:a .\n";
	struct rdfc_opts o = { RDFC_SHA256, 1 };
	struct rdf_dataset ds;
	struct buf out;
	struct err e = ERR_INIT;
	json_t *map = NULL;

	(void)state;
	parse_ok(circle, sizeof(circle) - 1, &ds);
	buf_init(&out, 40);
	assert_int_equal(rdfc_canonicalize(&ds, RDFC_SHA256, &out, &map, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_int_equal(out.len, 0);
	assert_null(map);
	buf_release(&out);
	buf_init(&out, 0);
	assert_int_equal(rdfc_canonicalize_opts(&ds, &o, &out, NULL, &e), -1);
	assert_int_equal(e.code, ERR_TOOBIG);
	assert_string_equal(e.msg, "RDFC-1.0: too much work (poison graph?)");
	o.max_calls = 9;	/* what a circle of 3 needs */
	assert_int_equal(rdfc_canonicalize_opts(&ds, &o, &out, NULL, &e), 0);
	assert_int_equal(out.len, 3 * strlen("_:c14n0 <http://a/p> _:c14n1 .\n"));
	buf_release(&out);
	rdf_dataset_release(&ds);
}

/* Input order and labels do not matter; a dataset is a set. */
static void test_canon_invariance(void **state)
{
	static const char a[] = "_:e0 <http://a/p> _:e1 .\n_:e1 <http://a/p> _:e2 .\n"
				"_:e2 <http://a/p> _:e0 .\n_:e0 <http://a/q> \"x\" .\n";
	static const char b[] = "_:k <http://a/q> \"x\" .\n_:m <http://a/p> _:k .\n"
				"_:l <http://a/p> _:m .\n_:k <http://a/p> _:l .\n"
				"_:m <http://a/p> _:k .\n";
	struct buf x, y;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(canon_text(a, sizeof(a) - 1, RDFC_SHA256, &x, NULL, &e), 0);
	assert_int_equal(canon_text(b, sizeof(b) - 1, RDFC_SHA256, &y, NULL, &e), 0);
	assert_same_text("relabelled", y.s, y.len, x.s, x.len);
	buf_release(&x);
	buf_release(&y);
}

/* Interned IRIs: one per IRI, with its N-Quads text; none for an IRI
 * that has no N-Quads form. */
static void test_sym_intern(void **state)
{
	const struct rdf_sym *a = nquads_sym("http://a/p"), *b;
	char copy[] = "http://a/p";

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->iri, "http://a/p");
	assert_int_equal(a->len, strlen("http://a/p"));
	assert_string_equal(a->nq, "<http://a/p>");
	assert_int_equal(a->nqlen, strlen("<http://a/p>"));
	assert_ptr_equal(nquads_sym(copy), a);	/* by content, not by pointer */
	b = nquads_sym("http://a/q");
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	assert_null(nquads_sym("http://a/with space"));
	assert_null(nquads_sym("http://a/<"));
	assert_null(nquads_sym(NULL));
}

/* Terms that carry a sym canonicalize exactly as the same terms without:
 * the same IRI with and without one is one term (a duplicate quad that
 * differs only so is dropped), wherever it stands. */
static void test_canon_syms(void **state)
{
	static const char in[] =
		"_:x <http://a/p> _:y .\n_:y <http://a/q> \"v\" .\n"
		"_:x <http://a/type> <http://a/T> .\n_:y <http://a/type> <http://a/p> .\n"
		"<http://a/p> <http://a/q> _:x <http://a/g> .\n"
		"_:y <http://a/q> \"v\" .\n";
	struct rdf_dataset ds, mixed = RDF_DATASET_INIT;
	struct buf x, y;
	struct err e = ERR_INIT;
	size_t i, j;

	(void)state;
	parse_ok(in, sizeof(in) - 1, &ds);
	buf_init(&x, 0);
	buf_init(&y, 0);
	assert_int_equal(rdfc_canonicalize(&ds, RDFC_SHA256, &x, NULL, &e), 0);
	/* The copy borrows ds's strings; every other IRI gets its sym, so
	 * the duplicate last quad differs from its twin in which. */
	for (i = 0; i < ds.n; i++) {
		struct rdf_quad *q = rdf_dataset_push(&mixed);
		struct rdf_term *to[4] = { &q->s, &q->p, &q->o, &q->g };
		const struct rdf_term *from[4] = { &ds.quads[i].s, &ds.quads[i].p,
						   &ds.quads[i].o, &ds.quads[i].g };

		for (j = 0; j < 4; j++) {
			*to[j] = *from[j];
			to[j]->borrowed = 1;
			if (from[j]->kind == RDF_IRI && (i + j) % 2) {
				to[j]->sym = nquads_sym(from[j]->value);
				assert_non_null(to[j]->sym);
				to[j]->value = (char *)to[j]->sym->iri;
			}
		}
	}
	assert_int_equal(rdfc_canonicalize(&mixed, RDFC_SHA256, &y, NULL, &e), 0);
	assert_same_text("with syms", y.s, y.len, x.s, x.len);
	for (i = j = 0; i < x.len; i++)
		j += x.s[i] == '\n';
	assert_int_equal(j, 5);	/* six lines in, one a duplicate */
	buf_release(&x);
	buf_release(&y);
	rdf_dataset_release(&mixed);
	rdf_dataset_release(&ds);
}

/* More distinct terms and blank nodes than RDFC's indexes start with
 * (they grow): without blank nodes the canonical form is the sorted set
 * of lines; with them it does not depend on the input order. */
static void test_canon_index_growth(void **state)
{
	struct buf iris, bnodes, rev, x, y, z;
	struct rdf_dataset ds;
	struct err e = ERR_INIT;
	int i;

	(void)state;
	buf_init(&iris, 0);
	buf_init(&bnodes, 0);
	buf_init(&rev, 0);
	for (i = 0; i < 300; i++) {
		buf_addf(&iris, NULL, "<http://s/%d> <http://p/%d> <http://o/%d> <http://g/%d> .\n",
			 i, i, i, i);
		buf_addf(&bnodes, NULL, "_:n%d <http://p> \"v%d\" .\n_:n%d <http://q> _:n%d .\n",
			 i, i, i, (i + 1) % 300);
		buf_addf(&rev, NULL, "_:m%d <http://q> _:m%d .\n_:m%d <http://p> \"v%d\" .\n",
			 299 - i, (300 - i) % 300, 299 - i, 299 - i);
	}
	assert_int_equal(canon_text(iris.s, iris.len, RDFC_SHA256, &x, NULL, &e), 0);
	parse_ok(iris.s, iris.len, &ds);
	buf_init(&y, 0);
	assert_int_equal(nquads_serialize(&ds, &y, &e), 0);
	assert_same_text("no blank nodes", x.s, x.len, y.s, y.len);
	rdf_dataset_release(&ds);
	buf_release(&x);
	buf_release(&y);
	assert_int_equal(canon_text(bnodes.s, bnodes.len, RDFC_SHA256, &x, NULL, &e), 0);
	assert_int_equal(canon_text(rev.s, rev.len, RDFC_SHA256, &z, NULL, &e), 0);
	assert_same_text("reversed and relabelled", z.s, z.len, x.s, x.len);
	assert_non_null(strstr(x.s, "_:c14n299 "));
	buf_release(&x);
	buf_release(&z);
	buf_release(&iris);
	buf_release(&bnodes);
	buf_release(&rev);
}

/* A fuzzer find: a 12-node graph where an incomplete permutation walk
 * made the output depend on quad order and labels.  Every order and
 * labelling must give the canonical form rdf-canonize 5.0.0 gives (its
 * SHA-256 below). */
static const struct {
	unsigned char s, o;
	char p;
} tangle[] = {
	{ 7, 3, 'p' }, { 10, 2, 'p' }, { 3, 10, 'p' }, { 6, 0, 'p' }, { 5, 0, 'q' },
	{ 7, 11, 'p' }, { 8, 1, 'r' }, { 11, 6, 'p' }, { 5, 4, 'p' }, { 6, 11, 'p' },
	{ 9, 0, 's' }, { 10, 11, 'p' }, { 3, 7, 'p' }, { 6, 2, 'p' }, { 4, 5, 'p' },
	{ 11, 10, 'p' }, { 2, 3, 'p' }, { 11, 7, 'p' }, { 7, 6, 't' }, { 10, 3, 'p' },
	{ 0, 4, 'u' }, { 9, 5, 'p' }, { 2, 6, 'p' }, { 3, 2, 'p' }, { 6, 7, 'p' },
	{ 5, 9, 'p' }, { 9, 8, 'p' }, { 2, 10, 'p' }, { 4, 8, 'p' }, { 4, 1, 'p' },
};

/* The tangle with its quads in a shuffled order and nodes renamed. */
static void tangle_text(unsigned seed, struct buf *out)
{
	size_t order[ARRAY_SIZE(tangle)], i, j, t;
	unsigned name[12];

	for (i = 0; i < ARRAY_SIZE(order); i++)
		order[i] = i;
	for (i = 0; i < 12; i++)
		name[i] = (unsigned)i;
	for (i = ARRAY_SIZE(order) - 1; seed && i > 0; i--) {	/* Fisher-Yates, LCG */
		seed = seed * 1103515245u + 12345u;
		j = (seed >> 8) % (i + 1);
		t = order[i], order[i] = order[j], order[j] = t;
		if (i < 12)
			t = name[i], name[i] = name[j], name[j] = (unsigned)t;
	}
	buf_init(out, 0);
	for (i = 0; i < ARRAY_SIZE(order); i++)
		buf_addf(out, NULL, "_:n%u <http://a/%c> _:n%u .\n", name[tangle[order[i]].s],
			 tangle[order[i]].p, name[tangle[order[i]].o]);
}

static void test_canon_tangle(void **state)
{
	unsigned seed;
	char hex[2 * EVP_MAX_MD_SIZE + 1];

	(void)state;
	for (seed = 0; seed < 40; seed++) {
		struct buf in, out;
		struct err e = ERR_INIT;

		tangle_text(seed, &in);
		if (canon_text(in.s, in.len, RDFC_SHA256, &out, NULL, &e) != 0)
			fail_msg("seed %u: %s", seed, e.msg);
		hex_digest("SHA256", out.s, out.len, hex);
		if (strcmp(hex, "55d1cfa8d395e9420f87b615624a448cebac62ac3925b5bcf133b69d7b941d65"))
			fail_msg("seed %u: canonical form changed:\n%s", seed, out.s);
		buf_release(&in);
		buf_release(&out);
	}
}

/* ---- the test table -------------------------------------------------- */

static const struct CMUnitTest fixed_tests[] = {
	cmocka_unit_test(test_round_trips),
	cmocka_unit_test(test_parse_model),
	cmocka_unit_test(test_parse_errors),
	cmocka_unit_test(test_parse_not_terminated),
	cmocka_unit_test(test_bad_terms),
	cmocka_unit_test(test_good_terms),
	cmocka_unit_test(test_bad_quads),
	cmocka_unit_test(test_canon_small),
	cmocka_unit_test(test_canon_limits),
	cmocka_unit_test(test_canon_invariance),
	cmocka_unit_test(test_canon_tangle),
	cmocka_unit_test(test_canon_index_growth),
	cmocka_unit_test(test_sym_intern),
	cmocka_unit_test(test_canon_syms),
	cmocka_unit_test(test_derived_fixed_points),
};

/* Appends one test per manifest entry (the entry is the test's state),
 * or one skipped test when the corpus is absent. */
static size_t add_suite(json_t *manifest, struct CMUnitTest *t)
{
	json_t *entries = json_object_get(manifest, "entries"), *entry;
	size_t i, n = 0;

	if (!json_is_array(entries)) {
		t[n].name = "rdf-canon suite (corpus absent)";
		t[n++].test_func = test_suite_absent;
		return n;
	}
	json_array_foreach(entries, i, entry) {
		const char *id = json_string_value(json_object_get(entry, "id"));

		t[n].name = id ? id : "(no id)";
		t[n].test_func = test_suite_entry;
		t[n++].initial_state = entry;
	}
	return n;
}

int main(void)
{
	json_t *manifest = json_load_file(SUITE "/manifest.jsonld", 0, NULL);
	size_t max = ARRAY_SIZE(fixed_tests) + ARRAY_SIZE(vectors) + 1 +
		     json_array_size(json_object_get(manifest, "entries"));
	struct CMUnitTest *t = calloc(max, sizeof(*t));
	size_t n = 0, i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(fixed_tests); i++)
		t[n++] = fixed_tests[i];
	for (i = 0; i < ARRAY_SIZE(vectors); i++) {
		t[n].name = vectors[i].dir;
		t[n].test_func = test_vector;
		t[n++].initial_state = (void *)&vectors[i];
	}
	n += add_suite(manifest, t + n);
	rc = _cmocka_run_group_tests("rdfc", t, n, NULL, NULL);
	free(t);
	json_decref(manifest);
	nquads_sym_cleanup();
	return rc;
}
