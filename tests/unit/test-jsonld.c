/* test-jsonld.c — JSON-LD 1.1 conformance (the W3C json-ld-api toRdf and
 * expand manifests) and agreement with jsonld.js + rdf-canonize on real
 * badge documents (corpora/derived).  One cmocka test per manifest entry
 * or document; everything is skipped when the corpora are absent.
 * Run from the repository root (the corpora are at ../shared/corpora). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "satchel/buf.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/jsonld.h"
#include "satchel/nquads.h"
#include "satchel/rdfc.h"
#include "satchel/xalloc.h"

#define CORPORA "../shared/corpora"
#define SUITE CORPORA "/json-ld-api"
#define SUITE_BASE "https://w3c.github.io/json-ld-api/tests/"

enum case_kind { CASE_TORDF, CASE_EXPAND, CASE_DERIVED, CASE_SIGNED };
enum case_expect { EXPECT_OK, EXPECT_ERROR, EXPECT_SYNTAX };

struct test_case {
	enum case_kind kind;
	enum case_expect expect;
	char *name;
	char *input;		/* local path */
	char *output;		/* local path of the expected result, or NULL */
	char *error;		/* expected error code */
	char *skip;		/* reason to skip, or NULL */
	json_t *entry;		/* manifest entry (options) or derived record */
	int safe_ok;		/* derived: safe mode must pass (1) / fail (0) / -1 unknown */
	int proof;		/* signed: -1 the document, else the proof index */
};

static struct test_case *cases;
static size_t ncases;

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static struct test_case *add_case(enum case_kind kind, const char *name)
{
	struct test_case *c;

	cases = xrealloc(cases, (ncases + 1) * sizeof(*cases));
	c = &cases[ncases++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->name = xstrdup(name);
	c->proof = -1;
	c->safe_ok = -1;
	return c;
}

static char *read_text(const char *path, size_t *len)
{
	struct buf b;

	buf_init(&b, 0);
	if (file_read(path, 64u << 20, &b, NULL) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, len);
}

/* ---- canonical comparison ---------------------------------------------- */

static char *canon(const struct rdf_dataset *ds, struct err *err)
{
	struct buf b;

	buf_init(&b, 0);
	if (rdfc_canonicalize(ds, RDFC_SHA256, &b, NULL, err) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static char *canon_file(const char *path)
{
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err err = ERR_INIT;
	size_t len;
	char *text = read_text(path, &len), *r = NULL;

	if (text && nquads_parse(text, len, &ds, &err) == 0)
		r = canon(&ds, &err);
	if (!r)
		print_error("cannot read '%s': %s\n", path, err.msg);
	free(text);
	rdf_dataset_release(&ds);
	return r;
}

/* cmocka truncates long messages: with $JSONLD_TEST_DUMP set, the two
 * sides go to files there as well. */
static void dump_difference(const char *want, const char *got)
{
	const char *dir = getenv("JSONLD_TEST_DUMP");
	char *path;
	FILE *f;

	print_error("--- expected\n%s--- got\n%s", want, got);
	if (!dir)
		return;
	path = xasprintf("%s/want.nq", dir);
	if ((f = fopen(path, "w")))
		fputs(want, f), fclose(f);
	free(path);
	path = xasprintf("%s/got.nq", dir);
	if ((f = fopen(path, "w")))
		fputs(got, f), fclose(f);
	free(path);
}

static void assert_same_canon(const struct rdf_dataset *ds, const char *expect_path)
{
	struct err err = ERR_INIT;
	char *got = canon(ds, &err), *want = canon_file(expect_path);

	if (!got)
		print_error("canonicalization failed: %s\n", err.msg);
	if (got && want && strcmp(got, want))
		dump_difference(want, got);
	assert_non_null(got);
	assert_non_null(want);
	assert_string_equal(got, want);
	free(got);
	free(want);
}

/* The JSON-LD error code ends our messages in parentheses. */
static void assert_error_code(const struct err *err, const char *code)
{
	const char *open = strrchr(err->msg, '(');
	size_t n;

	if (!code)
		return;
	n = strlen(code);
	if (!open || strncmp(open + 1, code, n) || open[n + 1] != ')')
		print_error("expected '%s', got '%s'\n", code, err->msg);
	assert_non_null(open);
	assert_memory_equal(open + 1, code, n);
}

/* ---- options of a manifest entry --------------------------------------- */

struct run_opts {
	struct jsonld_opts o;
	char *base;
	json_t *expand_context;
};

static void run_opts_init(struct run_opts *r, const struct test_case *c)
{
	json_t *opt = json_object_get(c->entry, "option");
	const char *s;

	memset(r, 0, sizeof(*r));
	s = json_string_value(json_object_get(opt, "base"));
	r->base = s ? xstrdup(s) : xasprintf("%s%s", SUITE_BASE,
					     json_string_value(json_object_get(c->entry, "input")));
	r->o.base = r->base;
	if ((s = json_string_value(json_object_get(opt, "expandContext")))) {
		char *path = xasprintf("%s/%s", SUITE, s);

		r->expand_context = json_load_file(path, JSON_DECODE_ANY, NULL);
		free(path);
		r->o.expand_context = r->expand_context;
	}
	s = json_string_value(json_object_get(opt, "processingMode"));
	r->o.processing_mode_10 = s && !strcmp(s, "json-ld-1.0");
	s = json_string_value(json_object_get(opt, "rdfDirection"));
	if (s)
		r->o.rdf_direction = !strcmp(s, "i18n-datatype") ? JSONLD_DIR_I18N_DATATYPE :
				     JSONLD_DIR_COMPOUND;
	r->o.produce_generalized_rdf = json_is_true(json_object_get(opt, "produceGeneralizedRdf"));
}

static void run_opts_release(struct run_opts *r)
{
	free(r->base);
	json_decref(r->expand_context);
}

/* ---- the W3C toRdf and expand tests ------------------------------------ */

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* jsonld_to_rdf says its output is a set (RDFC-1.0 then trusts it and
 * keeps every quad): no two lines of it may be equal. */
static void assert_is_set(const struct rdf_dataset *ds)
{
	struct buf b;
	struct err err = ERR_INIT;
	char **lines = xcalloc(ds->n + 1, sizeof(*lines)), *p, *nl;
	size_t n = 0, i;

	assert_true(ds->is_set);
	buf_init(&b, 0);
	assert_int_equal(nquads_serialize(ds, &b, &err), 0);
	for (p = b.s; p && *p && (nl = strchr(p, '\n')); p = nl + 1) {
		*nl = '\0';
		lines[n++] = p;
	}
	assert_int_equal(n, ds->n);
	qsort(lines, n, sizeof(*lines), cmp_line);
	for (i = 1; i < n; i++)
		if (!strcmp(lines[i - 1], lines[i]))
			fail_msg("quad twice in a set: %s", lines[i]);
	free(lines);
	buf_release(&b);
}

/* A dataset that says all its terms borrow their strings is released
 * without looking at them: any term that owns one would leak. */
static void assert_borrows(const struct rdf_dataset *ds)
{
	size_t i, j;

	for (i = 0; ds->borrows_all && i < ds->n; i++) {
		const struct rdf_term *t[4] = { &ds->quads[i].s, &ds->quads[i].p, &ds->quads[i].o,
						&ds->quads[i].g };

		for (j = 0; j < 4; j++)
			if (!t[j]->borrowed && (t[j]->value || t[j]->datatype || t[j]->lang))
				fail_msg("quad %zu term %zu owns its strings in a borrows_all dataset",
					 i, j);
	}
}

/* Each document is turned into RDF twice: by the general algorithms and
 * with any_labels (the direct path where it applies); both must give the
 * expected canonical N-Quads, or the expected error. */
static void tordf_case(const struct test_case *c, json_t *doc, int any_labels)
{
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err err = ERR_INIT;
	struct run_opts ro;
	int r;

	run_opts_init(&ro, c);
	ro.o.any_labels = any_labels;
	r = jsonld_to_rdf(doc, &ro.o, &ds, &err);
	if (c->expect == EXPECT_ERROR) {
		if (r == 0)
			print_error("expected error '%s'\n", c->error);
		assert_int_equal(r, -1);
		assert_error_code(&err, c->error);
	} else {
		if (r < 0)
			print_error("%s\n", err.msg);
		assert_int_equal(r, 0);
		assert_is_set(&ds);
		assert_borrows(&ds);
		if (c->expect == EXPECT_OK)
			assert_same_canon(&ds, c->output);
	}
	rdf_dataset_release(&ds);
	run_opts_release(&ro);
}

static void test_suite_tordf(void **state)
{
	const struct test_case *c = *state;
	json_t *doc;

	if (c->skip)
		skip();
	doc = json_load_file(c->input, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	assert_non_null(doc);
	tordf_case(c, doc, 0);
	tordf_case(c, doc, 1);
	json_decref(doc);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_t *json_canonical(json_t *v, int in_list);

/* Arrays are sets in expanded JSON-LD, except @list values: sort them by
 * their serialization so that two equal documents print the same. */
static json_t *canonical_array(json_t *v, int in_list)
{
	size_t i, n = json_array_size(v);
	char **s = xcalloc(n + 1, sizeof(*s));
	json_t *r = json_array(), *x;

	for (i = 0; i < n; i++) {
		x = json_canonical(json_array_get(v, i), 0);
		s[i] = json_text(x, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
		json_decref(x);
	}
	if (!in_list)
		qsort(s, n, sizeof(*s), cmp_strp);
	for (i = 0; i < n; i++) {
		json_array_append_new(r, json_loads(s[i], JSON_DECODE_ANY, NULL));
		free(s[i]);
	}
	free(s);
	return r;
}

static json_t *json_canonical(json_t *v, int in_list)
{
	json_t *r, *x;
	const char *k;

	if (json_is_array(v))
		return canonical_array(v, in_list);
	if (!json_is_object(v))
		return json_incref(v);
	r = json_object();
	json_object_foreach(v, k, x)
		json_object_set_new(r, k, json_canonical(x, !strcmp(k, "@list")));
	return r;
}

static char *canonical_dump(json_t *v)
{
	json_t *c = json_canonical(v, 0);
	char *s = json_text(c, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);

	json_decref(c);
	return s;
}

static void test_suite_expand(void **state)
{
	const struct test_case *c = *state;
	struct err err = ERR_INIT;
	struct run_opts ro;
	json_t *doc, *out = NULL, *want;
	char *a, *b;
	int r;

	if (c->skip)
		skip();
	doc = json_load_file(c->input, JSON_DECODE_ANY, NULL);
	assert_non_null(doc);
	run_opts_init(&ro, c);
	r = jsonld_expand(doc, &ro.o, &out, &err);
	if (c->expect == EXPECT_ERROR) {
		if (r == 0)
			print_error("expected error '%s'\n", c->error);
		assert_int_equal(r, -1);
		assert_error_code(&err, c->error);
	} else {
		if (r < 0)
			print_error("%s\n", err.msg);
		assert_int_equal(r, 0);
		want = json_load_file(c->output, JSON_DECODE_ANY, NULL);
		assert_non_null(want);
		a = canonical_dump(want);
		b = canonical_dump(out);
		if (strcmp(a, b))
			print_error("--- expected\n%s\n--- got\n%s\n", a, b);
		assert_string_equal(a, b);
		free(a);
		free(b);
		json_decref(want);
	}
	json_decref(out);
	run_opts_release(&ro);
	json_decref(doc);
}

/* ---- real documents against jsonld.js + rdf-canonize -------------------- */

static void check_safe(json_t *doc, int want_ok)
{
	struct jsonld_opts o = { NULL, NULL, 0, 0, 1, 0 };
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err err = ERR_INIT;
	int r = jsonld_to_rdf(doc, &o, &ds, &err);

	rdf_dataset_release(&ds);
	if (want_ok < 0)
		return;
	if ((r == 0) != want_ok)
		print_error("safe mode: expected %s, got %s\n", want_ok ? "success" : "an error",
			    r == 0 ? "success" : err.msg);
	assert_int_equal(r == 0, want_ok);
}

static void test_derived(void **state)
{
	const struct test_case *c = *state;
	json_t *doc;
	int r, any;

	if (c->skip)
		skip();
	doc = json_load_file(c->input, JSON_DECODE_ANY, NULL);
	assert_non_null(doc);
	for (any = 0; any < 2; any++) {
		struct jsonld_opts o = { NULL, NULL, 0, 0, 0, 0, any };
		struct rdf_dataset ds = RDF_DATASET_INIT;
		struct err err = ERR_INIT;

		r = jsonld_to_rdf(doc, &o, &ds, &err);
		if (c->expect == EXPECT_ERROR) {
			assert_int_equal(r, -1);
		} else {
			if (r < 0)
				print_error("%s\n", err.msg);
			assert_int_equal(r, 0);
			assert_same_canon(&ds, c->output);
		}
		rdf_dataset_release(&ds);
	}
	if (c->expect != EXPECT_ERROR)
		check_safe(doc, c->safe_ok);
	json_decref(doc);
}

/* The document without its proof, or proof N without its signature and with
 * the document's @context (the Data Integrity transformation). */
static json_t *signed_part(json_t *doc, int proof)
{
	json_t *p = json_object_get(doc, "proof"), *r;

	if (proof < 0) {
		r = json_copy(doc);
		json_object_del(r, "proof");
		return r;
	}
	if (json_is_array(p))
		p = json_array_get(p, (size_t)proof);
	r = json_copy(p);
	json_object_del(r, "proofValue");
	json_object_del(r, "jws");		/* the reference also drops the */
	json_object_del(r, "signatureValue");	/* older signature entries */
	json_object_set(r, "@context", json_object_get(doc, "@context"));
	return r;
}

/* Signed badges are what the verifier canonicalizes: with any_labels
 * their canonical form must not change, in plain and in safe mode. */
static void test_signed(void **state)
{
	const struct test_case *c = *state;
	json_t *doc, *part;
	int r, any;

	if (c->skip)
		skip();
	doc = json_load_file(c->input, JSON_DECODE_ANY, NULL);
	assert_non_null(doc);
	part = signed_part(doc, c->proof);
	for (any = 0; any < 4; any++) {
		struct jsonld_opts o = { NULL, NULL, 0, any >= 2 ? JSONLD_DIR_I18N_DATATYPE : 0,
					  any >= 2, 0, any & 1 };
		struct rdf_dataset ds = RDF_DATASET_INIT;
		struct err err = ERR_INIT;

		if (any >= 2 && c->safe_ok != 1)
			break;
		r = jsonld_to_rdf(part, &o, &ds, &err);
		if (r < 0)
			print_error("%s\n", err.msg);
		assert_int_equal(r, 0);
		assert_same_canon(&ds, c->output);
		rdf_dataset_release(&ds);
	}
	if (c->proof < 0)
		check_safe(part, c->safe_ok);
	json_decref(part);
	json_decref(doc);
}

/* ---- loading the manifests ----------------------------------------------- */

static int has_type(json_t *entry, const char *type)
{
	return json_has_string(json_object_get(entry, "@type"), type);
}

static void add_suite_entry(enum case_kind kind, const char *manifest, json_t *e)
{
	json_t *opt = json_object_get(e, "option");
	const char *spec = json_string_value(json_object_get(opt, "specVersion"));
	const char *req = json_string_value(json_object_get(e, "requires"));
	const char *expect = json_string_value(json_object_get(e, "expect"));
	struct test_case *c;
	char *name;

	if (spec && !strcmp(spec, "json-ld-1.0"))
		return;
	name = xasprintf("%s%s %s", manifest, json_string_value(json_object_get(e, "@id")),
			 json_string_value(json_object_get(e, "name")));
	c = add_case(kind, name);
	free(name);
	c->entry = json_incref(e);
	c->input = xasprintf("%s/%s", SUITE, json_string_value(json_object_get(e, "input")));
	c->output = expect ? xasprintf("%s/%s", SUITE, expect) : NULL;
	c->error = xstrdup(json_string_value(json_object_get(e, "expectErrorCode")));
	c->expect = has_type(e, "jld:NegativeEvaluationTest") ? EXPECT_ERROR :
		    has_type(e, "jld:PositiveSyntaxTest") ? EXPECT_SYNTAX : EXPECT_OK;
	if (req && !strcmp(req, "GeneralizedRdf"))
		c->skip = xstrdup("generalized RDF is not produced");
}

static void load_suite(enum case_kind kind, const char *file)
{
	char *path = xasprintf("%s/%s", SUITE, file);
	json_t *m = json_load_file(path, 0, NULL), *e;
	size_t i;

	json_array_foreach(json_object_get(m, "sequence"), i, e)
		add_suite_entry(kind, file, e);
	json_decref(m);
	free(path);
}

static char *strip_json(const char *file, const char *suffix)
{
	size_t n = strlen(file);

	if (n > 5 && !strcmp(file + n - 5, ".json"))
		n -= 5;
	return xasprintf("%s/derived/canonical/%.*s%s", CORPORA, (int)n, file, suffix);
}

static void load_derived(void)
{
	json_t *m = json_load_file(CORPORA "/derived/canonicalization-results.json", 0, NULL), *e;
	size_t i;

	json_array_foreach(json_object_get(m, "results"), i, e) {
		const char *file = json_string_value(json_object_get(e, "file"));
		const char *safe = json_string_value(json_object_get(e, "safeMode"));
		struct test_case *c = add_case(CASE_DERIVED, file);

		c->input = xasprintf("%s/%s", CORPORA, file);
		c->output = strip_json(file, ".nq");
		c->expect = json_object_get(e, "error") ? EXPECT_ERROR : EXPECT_OK;
		c->safe_ok = safe ? !strcmp(safe, "ok") : -1;
	}
	json_decref(m);
}

static void add_signed(const char *file, int proof, const char *safe)
{
	char suffix[32], *name;
	struct test_case *c;

	if (proof < 0)
		snprintf(suffix, sizeof(suffix), ".doc.nq");
	else
		snprintf(suffix, sizeof(suffix), ".proof%d.nq", proof);
	name = xasprintf("%s%s", file, suffix);
	c = add_case(CASE_SIGNED, name);
	free(name);
	c->input = xasprintf("%s/%s", CORPORA, file);
	c->output = strip_json(file, suffix);
	c->proof = proof;
	c->safe_ok = safe ? !strcmp(safe, "ok") : -1;
	if (!exists(c->output))
		c->skip = xstrdup("no reference output");
}

static void load_signed(void)
{
	json_t *m = json_load_file(CORPORA "/derived/verification-results.json", 0, NULL), *e;
	size_t i, j;

	json_array_foreach(json_object_get(m, "results"), i, e) {
		const char *file = json_string_value(json_object_get(e, "file"));
		const char *safe = json_string_value(json_object_get(e, "safeMode"));
		json_t *proofs = json_object_get(e, "proofs");

		if (json_object_get(e, "error"))
			continue;
		add_signed(file, -1, safe);
		for (j = 0; j < json_array_size(proofs); j++)
			add_signed(file, (int)j, NULL);
	}
	json_decref(m);
}

/* ---- API behaviour -------------------------------------------------------- */

#define FULL_OB CORPORA "/ob3-spec/examples/ob_v3p0_examples_fullOpenBadge__01.json"

/* A typical OB 3.0 credential with a warm context cache. */
static void test_speed(void **state)
{
	struct jsonld_opts o = { NULL, NULL, 0, 0, 1, 0 };
	json_t *doc = json_load_file(FULL_OB, 0, NULL);
	struct timespec t0, t1;
	struct err err = ERR_INIT;
	int i, n = 200;
	double us;

	(void)state;
	if (!doc)
		skip();
	for (i = 0; i < n + 1; i++) {
		struct rdf_dataset ds = RDF_DATASET_INIT;

		if (i == 1)
			clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(jsonld_to_rdf(doc, &o, &ds, &err), 0);
		rdf_dataset_release(&ds);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = ((double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3) / n;
	print_message("toRdf of the full OB 3.0 example, warm cache: %.1f us\n", us);
	json_decref(doc);
}

/* The typical credential, its proof configuration and the full OB 3.0
 * example take the direct path in safe mode (the verifier's options),
 * and give what the general algorithms give. */
static void direct_same(json_t *doc)
{
	struct jsonld_opts o = { NULL, NULL, 0, JSONLD_DIR_I18N_DATATYPE, 1, 0, 0 };
	struct rdf_dataset a = RDF_DATASET_INIT, b = RDF_DATASET_INIT;
	struct err err = ERR_INIT;
	unsigned long before = jsonld_direct_count();
	char *ca, *cb;

	assert_int_equal(jsonld_to_rdf(doc, &o, &a, &err), 0);
	assert_int_equal(jsonld_direct_count(), before);
	o.any_labels = 1;
	assert_int_equal(jsonld_to_rdf(doc, &o, &b, &err), 0);
	assert_int_equal(jsonld_direct_count(), before + 1);
	/* Only the direct path vouches that its terms borrow everything. */
	assert_false(a.borrows_all);
	assert_true(b.borrows_all);
	assert_borrows(&b);
	ca = canon(&a, &err);
	cb = canon(&b, &err);
	assert_non_null(ca);
	assert_non_null(cb);
	assert_string_equal(ca, cb);
	free(ca);
	free(cb);
	rdf_dataset_release(&a);
	rdf_dataset_release(&b);
}

static void test_direct_path(void **state)
{
	static const char *const files[] = {
		"../shared/oracle/corpus/credentials/valid/di-v2-didkey-full.json", FULL_OB,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		json_t *doc = json_load_file(files[i], 0, NULL), *proof, *part;

		if (!doc)
			skip();
		proof = json_object_get(doc, "proof");
		part = json_copy(doc);
		json_object_del(part, "proof");
		direct_same(part);
		json_decref(part);
		if (json_is_object(proof)) {
			part = json_copy(proof);
			json_object_del(part, "proofValue");
			json_object_set(part, "@context", json_object_get(doc, "@context"));
			direct_same(part);
			json_decref(part);
		}
		json_decref(doc);
	}
}

static void test_unknown_context(void **state)
{
	json_t *doc = json_pack("{s:s,s:s}", "@context", "https://example.com/ctx", "name", "x");
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err err = ERR_INIT;

	(void)state;
	assert_int_equal(jsonld_to_rdf(doc, NULL, &ds, &err), -1);
	assert_int_equal(err.code, ERR_NOTFOUND);
	assert_non_null(strstr(err.msg, "unknown context 'https://example.com/ctx'"));
	json_decref(doc);
}

/* Safe mode names what would be lost. */
static void test_safe_mode(void **state)
{
	static const char *const docs[] = {
		"{\"@context\":\"https://www.w3.org/ns/credentials/v2\",\"type\":\"VerifiableCredential\","
		"\"credentialSubject\":{\"endorsementJwt\":\"x\"}}",
		"{\"@context\":\"https://www.w3.org/ns/credentials/v2\",\"id\":\"relative/id\","
		"\"type\":\"VerifiableCredential\"}",
		"{\"@context\":\"https://www.w3.org/ns/credentials/v2\","
		"\"type\":[\"VerifiableCredential\",\"1EdTechRevocationList\"]}",
		"{\"@context\":{\"@vocab\":\"http://ex/\",\"img\":{\"@type\":\"@id\"}},"
		"\"img\":\"pic.png\"}",
		"{\"@context\":{\"@vocab\":\"http://ex/\"},\"p\":{\"@value\":\"x\",\"@language\":\"e n\"}}",
		/* processed in lax mode first: the context cache must not hide it */
		"{\"@context\":{\"@vocab\":\"rel/\"},\"@id\":\"http://ex/s\",\"p\":\"x\"}",
		/* what the reference verifiers' safe mode refuses too */
		"{\"@context\":{\"@vocab\":\"http://ex/\"},\"@id\":\"http://ex/s\","
		"\"p\":{\"@value\":null,\"@type\":\"http://ex/T\"}}",
		"{\"@context\":{\"@vocab\":\"http://ex/\",\"@foo\":\"http://ex/foo\"},"
		"\"@id\":\"http://ex/s\",\"p\":\"x\"}",
		"{\"@context\":{\"@vocab\":\"http://ex/\",\"q\":{\"@id\":\"@bar\"}},"
		"\"@id\":\"http://ex/s\",\"p\":\"x\"}",
		"{\"@context\":{\"@vocab\":\"http://ex/\",\"r\":{\"@reverse\":\"@baz\"}},"
		"\"@id\":\"http://ex/s\",\"p\":\"x\"}",
		"{\"@context\":{\"@vocab\":\"http://ex/\",\"@language\":\"not a tag\"},"
		"\"@id\":\"http://ex/s\",\"p\":1}",
		/* named as the document wrote it, not as relabelled (_:b0) */
		"{\"@context\":{\"@vocab\":\"http://ex/\"},\"@id\":\"http://ex/s\","
		"\"_:myprop\":\"x\"}",
		/* null values are dropped before a top-level node is judged
		 * (diff-canon, seed 5: the reference refuses these too) */
		"{\"@context\":{\"@vocab\":\"http://ex/\"},\"@id\":\"http://ex/s\",\"p\":null}",
		"{\"@context\":{\"@vocab\":\"http://ex/\"},\"p\":null,\"q\":null}",
		"{\"@context\":[\"https://www.w3.org/2018/credentials/v1\","
		"\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
		"\"id\":\"https://example.edu/x#b\",\"name\":null,\"ex:prefixed\":null}",
	};
	static const char *const names[] = { "endorsementJwt", "relative/id", "1EdTechRevocationList",
					     "'img'", "'e n'", "'rel/'", "null @value", "'@foo'",
					     "'@bar'", "'@baz'", "'not a tag'", "'_:myprop'",
					     "only @id", "an empty object", "only @id" };
	/* Plain safe mode, and the verifier's options (blank node labels
	 * free: the direct path of direct.c) */
	static const struct jsonld_opts modes[] = {
		{ NULL, NULL, 0, 0, 1, 0 },
		{ .rdf_direction = JSONLD_DIR_I18N_DATATYPE, .safe = 1, .any_labels = 1 },
	};
	struct jsonld_opts lax = { NULL, NULL, 0, 0, 0, 0 };
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		struct rdf_dataset ds = RDF_DATASET_INIT;
		struct err lax_err = ERR_INIT;
		json_t *doc = json_loads(docs[i], 0, NULL);

		assert_non_null(doc);
		assert_int_equal(jsonld_to_rdf(doc, &lax, &ds, &lax_err), 0);
		rdf_dataset_release(&ds);
		for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
			struct err err = ERR_INIT;

			if (jsonld_to_rdf(doc, &modes[k], &ds, &err) != -1)
				fail_msg("safe mode %zu accepted %s", k, docs[i]);
			assert_int_equal(err.code, ERR_FORMAT);
			assert_non_null(strstr(err.msg, names[i]));
			rdf_dataset_release(&ds);
		}
		json_decref(doc);
	}
}

/* Subject IRIs in safe mode: RDF keeps an IRI only when it has a scheme,
 * none of IRIREF's excluded characters and at most one '#'.  Long ones
 * put the bad byte past the 16-byte steps of the scanner, and on both
 * sides of a multi-byte character. */
static void test_iri_checks(void **state)
{
	static const struct {
		const char *iri;
		int ok;
	} iris[] = {
		{ "http://example.org/a", 1 },
		{ "http://example.org/credentials/3732#frag", 1 },
		{ "http://example.org/caf\\u00e9/\\u6f22\\u5b57/long/path", 1 },
		{ "urn:uuid:3978344f-8596-4c3a-a978-8fcaba3903c5", 1 },
		{ "http://example.org/credentials/3732#a#b", 0 },
		{ "http://example.org/credentials/37 32", 0 },
		{ "http://example.org/credentials/3732/x|y", 0 },
		{ "http://example.org/credentials/3732/x\\\\y", 0 },
		{ "http://example.org/credentials/3732/x^y", 0 },
		{ "http://example.org/caf\\u00e9/x{y}", 0 },
		{ "http://example.org/credentials/3732/\\u0001", 0 },
		{ "http://ex.org/<a>", 0 },
		{ "no-scheme/at/all/but/long/enough", 0 },
	};
	struct jsonld_opts safe = { NULL, NULL, 0, 0, 1, 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(iris) / sizeof(iris[0]); i++) {
		char *text = xasprintf("{\"@id\":\"%s\",\"http://ex/p\":\"x\"}", iris[i].iri);
		json_t *doc = json_loads(text, 0, NULL);
		struct rdf_dataset ds = RDF_DATASET_INIT;
		struct err err = ERR_INIT;

		assert_non_null(doc);
		if (jsonld_to_rdf(doc, &safe, &ds, &err) != (iris[i].ok ? 0 : -1))
			fail_msg("%s: %s", iris[i].iri, iris[i].ok ? err.msg : "accepted");
		rdf_dataset_release(&ds);
		json_decref(doc);
		free(text);
	}
}

/* Numbers: integer vs double by value, canonical forms (pitfall 3). */
static void test_numbers(void **state)
{
	static const char *const nums[][2] = {
		{ "3.0", "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>" },
		{ "2.5", "\"2.5E0\"^^<http://www.w3.org/2001/XMLSchema#double>" },
		{ "0.1", "\"1.0E-1\"^^<http://www.w3.org/2001/XMLSchema#double>" },
		{ "1e21", "\"1.0E21\"^^<http://www.w3.org/2001/XMLSchema#double>" },
		{ "-0.53", "\"-5.3E-1\"^^<http://www.w3.org/2001/XMLSchema#double>" },
		/* jsonld.js writes these two as "0" and "-0" (DEVIATIONS, [small-double]) */
		{ "1e-7", "\"1.0E-7\"^^<http://www.w3.org/2001/XMLSchema#double>" },
		{ "-1e-300", "\"-1.0E-300\"^^<http://www.w3.org/2001/XMLSchema#double>" },
		{ "true", "\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		char *text = xasprintf("{\"http://ex/p\":%s}", nums[i][0]), *want;
		json_t *doc = json_loads(text, 0, NULL);
		struct rdf_dataset ds = RDF_DATASET_INIT;
		struct err err = ERR_INIT;
		struct buf b;

		buf_init(&b, 0);
		assert_int_equal(jsonld_to_rdf(doc, NULL, &ds, &err), 0);
		assert_int_equal(nquads_serialize(&ds, &b, &err), 0);
		want = xasprintf("_:b0 <http://ex/p> %s .\n", nums[i][1]);
		assert_string_equal(b.s, want);
		free(want);
		free(text);
		buf_release(&b);
		rdf_dataset_release(&ds);
		json_decref(doc);
	}
}

static void release_cases(void)
{
	size_t i;

	for (i = 0; i < ncases; i++) {
		free(cases[i].name);
		free(cases[i].input);
		free(cases[i].output);
		free(cases[i].error);
		free(cases[i].skip);
		json_decref(cases[i].entry);
	}
	free(cases);
}

static int run_group(const char *name, enum case_kind kind, CMUnitTestFunction fn)
{
	struct CMUnitTest *tests = xcalloc(ncases + 1, sizeof(*tests));
	size_t i, n = 0;
	int failed;

	for (i = 0; i < ncases; i++)
		if (cases[i].kind == kind) {
			tests[n].name = cases[i].name;
			tests[n].test_func = fn;
			tests[n].initial_state = &cases[i];
			n++;
		}
	failed = n ? _cmocka_run_group_tests(name, tests, n, NULL, NULL) : 0;
	free(tests);
	return failed;
}

int main(void)
{
	const struct CMUnitTest api[] = {
		cmocka_unit_test(test_unknown_context),
		cmocka_unit_test(test_safe_mode),
		cmocka_unit_test(test_iri_checks),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_speed),
		cmocka_unit_test(test_direct_path),
	};
	char *share = realpath("share", NULL);
	int failed = 0;

	if (share)
		setenv("SATCHEL_DATADIR", share, 1);
	free(share);
	jsonld_loader_map(SUITE_BASE, SUITE, NULL);
	if (exists(SUITE "/toRdf-manifest.jsonld")) {
		load_suite(CASE_TORDF, "toRdf-manifest.jsonld");
		load_suite(CASE_EXPAND, "expand-manifest.jsonld");
	} else {
		add_case(CASE_TORDF, "json-ld-api suite")->skip = xstrdup("corpus absent");
	}
	if (exists(CORPORA "/derived/canonicalization-results.json")) {
		load_derived();
		load_signed();
	} else {
		add_case(CASE_DERIVED, "derived documents")->skip = xstrdup("corpus absent");
	}
	failed += cmocka_run_group_tests_name("jsonld-api", api, NULL, NULL);
	failed += run_group("w3c-toRdf", CASE_TORDF, test_suite_tordf);
	failed += run_group("w3c-expand", CASE_EXPAND, test_suite_expand);
	failed += run_group("derived-unsigned", CASE_DERIVED, test_derived);
	failed += run_group("derived-signed", CASE_SIGNED, test_signed);
	release_cases();
	jsonld_cleanup();
	return failed;
}
