/* test-pathway.c — the pathway model: parsing every input form, and the
 * evaluator over a table of trees (all, N-of, nested, ordering,
 * completion badge, related achievements, revoked/expired excluded,
 * pending shown apart). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/json.h"
#include "satchel/pathway.h"

/* The learner's badges for every case: achievement ids A..F with
 * verdicts, one related edition, tags. */
static const char holdings_json[] =
	"[{\"id\":\"h-a\",\"achievement_id\":\"urn:a\",\"verdict\":\"verified\",\"name\":\"Alpha\","
	"  \"issuer\":{\"id\":\"https://i.example\",\"name\":\"I\"},\"tags\":[\"data\"]},"
	" {\"id\":\"h-b\",\"achievement_id\":\"urn:b\",\"verdict\":\"verified\",\"name\":\"Beta\","
	"  \"issuer\":{\"id\":\"https://i.example\",\"name\":\"I\"},\"tags\":[]},"
	" {\"id\":\"h-c\",\"achievement_id\":\"urn:c\",\"verdict\":\"unchecked\",\"name\":\"Gamma\"},"
	" {\"id\":\"h-d\",\"achievement_id\":\"urn:d\",\"verdict\":\"revoked\",\"name\":\"Delta\"},"
	" {\"id\":\"h-e\",\"achievement_id\":\"urn:e\",\"verdict\":\"expired\",\"name\":\"Epsilon\"},"
	" {\"id\":\"h-f\",\"achievement_id\":\"urn:f-de\",\"verdict\":\"verified\",\"name\":\"Zeta (de)\","
	"  \"related\":[{\"id\":\"urn:f\"}]}]";

#define HEAD "{\"format\":\"satchel-pathway\",\"version\":1,\"name\":\"P\","

static const struct tree_case {
	const char *what;
	const char *def;
	int complete, met, required;
	const char *next;		/* first "next" label, or NULL */
	size_t pending;			/* pending ids at the root */
} cases[] = {
	{ "all of two verified", HEAD "\"requires\":{\"all\":[{\"achievement\":\"urn:a\"},{\"achievement\":\"urn:b\"}]}}",
	  1, 2, 2, NULL, 0 },
	{ "revoked and expired never count", HEAD "\"requires\":{\"all\":[{\"label\":\"D\",\"achievement\":\"urn:d\"},"
	  "{\"label\":\"E\",\"achievement\":\"urn:e\"}]}}", 0, 0, 2, "D", 0 },
	{ "unchecked is pending, apart", HEAD "\"requires\":{\"all\":[{\"achievement\":\"urn:a\"},{\"label\":\"C\",\"achievement\":\"urn:c\"}]}}",
	  0, 1, 2, "C", 1 },
	{ "2 of 3", HEAD "\"requires\":{\"atLeast\":2,\"of\":[{\"achievement\":\"urn:d\"},{\"achievement\":\"urn:a\"},{\"achievement\":\"urn:b\"}]}}",
	  1, 2, 2, NULL, 0 },
	{ "nested groups", HEAD "\"requires\":{\"all\":[{\"achievement\":\"urn:a\"},{\"atLeast\":1,\"of\":"
	  "[{\"label\":\"X\",\"achievement\":\"urn:x\"},{\"all\":[{\"achievement\":\"urn:b\"},{\"tag\":\"data\"}]}]}]}}",
	  1, 2, 2, NULL, 0 },
	{ "ordering decides what comes next", HEAD "\"requires\":{\"all\":[{\"label\":\"late\",\"order\":5,\"achievement\":\"urn:y\"},"
	  "{\"label\":\"early\",\"order\":1,\"achievement\":\"urn:z\"},{\"label\":\"unordered\",\"achievement\":\"urn:w\"}]}}",
	  0, 0, 3, "early", 0 },
	{ "completion badge held completes", HEAD "\"completion\":\"urn:b\",\"requires\":{\"all\":[{\"achievement\":\"urn:q\"}]}}",
	  1, 0, 1, NULL, 0 },
	{ "completion badge not verified does not", HEAD "\"completion\":\"urn:d\",\"requires\":{\"all\":[{\"label\":\"Q\",\"achievement\":\"urn:q\"}]}}",
	  0, 0, 1, "Q", 0 },
	{ "related edition counts as the same", HEAD "\"requires\":{\"all\":[{\"achievement\":\"urn:f\"}]}}",
	  1, 1, 1, NULL, 0 },
	{ "issuer and name", HEAD "\"requires\":{\"all\":[{\"issuer\":\"https://i.example\",\"name\":\"beta\"}]}}",
	  1, 1, 1, NULL, 0 },
};

static void test_tree(void **state)
{
	const struct tree_case *c = *state;
	json_t *holdings = json_loads(holdings_json, 0, NULL), *pr, *next;
	struct pathway p;
	struct err e = ERR_INIT;

	assert_non_null(holdings);
	if (pathway_parse(c->def, strlen(c->def), &p, &e) < 0)
		fail_msg("%s: %s", c->what, e.msg);
	pr = pathway_progress(&p, holdings);
	assert_int_equal(json_is_true(json_object_get(pr, "complete")), c->complete);
	assert_int_equal(json_integer_value(json_object_get(pr, "met")), c->met);
	assert_int_equal(json_integer_value(json_object_get(pr, "required")), c->required);
	next = json_array_get(json_object_get(pr, "next"), 0);
	if (c->next)
		assert_string_equal(json_str(next, "label"), c->next);
	else
		assert_null(next);
	assert_int_equal(json_array_size(json_object_get(json_array_get(json_object_get(pr, "requirements"), 0),
						       "pending")), c->pending);
	json_decref(pr);
	json_decref(holdings);
	pathway_release(&p);
}

static const struct bad_case { const char *def, *msg; } bad[] = {
	{ "{\"format\":\"satchel-pathway\",\"version\":2,\"name\":\"P\",\"requires\":{\"achievement\":\"a\"}}", "version" },
	{ HEAD "\"requires\":{\"atLeast\":3,\"of\":[{\"achievement\":\"a\"}]}}", "atLeast" },
	{ HEAD "\"requires\":{\"all\":[]}}", "non-empty" },
	{ HEAD "\"requires\":{\"all\":[{\"achievement\":\"a\"},{\"nothing\":1}]}}", "requires.all[1]" },
	{ "{\"format\":\"satchel-pathway\",\"version\":1,\"requires\":{\"achievement\":\"a\"}}", "name" },
	{ "[1,2]", "not a pathway" },
	{ "{\"elements\":[{\"@id\":\"e1\",\"requirements\":{\"@type\":\"ElementJunction\",\"elements\":[\"e2\"]}},"
	  "{\"@id\":\"e2\",\"requirements\":{\"@type\":\"ElementJunction\",\"elements\":[\"e1\"]}}]}", "cycle" },
};

static void test_malformed(void **state)
{
	struct pathway p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct err e = ERR_INIT;

		if (pathway_parse(bad[i].def, strlen(bad[i].def), &p, &e) == 0)
			fail_msg("accepted: %s", bad[i].def);
		if (!strstr(e.msg, bad[i].msg))
			fail_msg("'%s' lacks '%s'", e.msg, bad[i].msg);
	}
}

/* Badgr: a Disjunction of badges inside a Conjunction of elements. */
static const char badgr[] =
	"{\"rootElement\":\"r\",\"elements\":["
	"{\"@id\":\"r\",\"name\":\"Data Track\",\"completionBadge\":\"urn:done\","
	" \"requirements\":{\"@type\":\"ElementJunction\",\"junctionConfig\":{\"@type\":\"Conjunction\"},"
	"  \"elements\":[\"e1\",\"e2\"]}},"
	"{\"@id\":\"e1\",\"name\":\"Basics\",\"ordering\":1,\"requirements\":{\"@type\":\"BadgeJunction\","
	"  \"junctionConfig\":{\"@type\":\"Disjunction\",\"requiredNumber\":1},\"badges\":[\"urn:a\",\"urn:x\"]}},"
	"{\"@id\":\"e2\",\"name\":\"Advanced\",\"ordering\":2,\"requirements\":{\"@type\":\"BadgeJunction\","
	"  \"junctionConfig\":{\"@type\":\"Conjunction\"},\"badges\":[\"urn:b\",\"urn:c\"]}}]}";

/* CLR 2.0: a program isParentOf two courses, one precedes the other. */
static const char clr[] =
	"{\"type\":[\"VerifiableCredential\",\"ClrCredential\"],\"credentialSubject\":{"
	"\"achievement\":[{\"id\":\"urn:prog\",\"name\":\"Programme\"},{\"id\":\"urn:b\",\"name\":\"Course B\"},"
	"{\"id\":\"urn:a\",\"name\":\"Course A\",\"criteria\":{\"id\":\"https://c.example/a\"}}],"
	"\"association\":[{\"type\":\"Association\",\"associationType\":\"isParentOf\",\"sourceId\":\"urn:prog\",\"targetId\":\"urn:b\"},"
	"{\"type\":\"Association\",\"associationType\":\"isChildOf\",\"sourceId\":\"urn:a\",\"targetId\":\"urn:prog\"},"
	"{\"type\":\"Association\",\"associationType\":\"precedes\",\"sourceId\":\"urn:a\",\"targetId\":\"urn:b\"}]}}";

static void test_badgr(void **state)
{
	json_t *holdings = json_loads(holdings_json, 0, NULL), *pr;
	struct pathway p;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(pathway_parse(badgr, strlen(badgr), &p, &e), 0);
	assert_string_equal(p.name, "Data Track");
	assert_string_equal(p.completion, "urn:done");
	pr = pathway_progress(&p, holdings);
	assert_int_equal(json_integer_value(json_object_get(pr, "met")), 1);	/* Basics yes, Advanced no (C pending) */
	assert_false(json_is_true(json_object_get(pr, "complete")));
	json_decref(pr);
	json_decref(holdings);
	pathway_release(&p);
}

static void test_clr(void **state)
{
	json_t *holdings = json_loads(holdings_json, 0, NULL), *pr, *next;
	struct pathway p;
	struct err e = ERR_INIT;

	(void)state;
	assert_int_equal(pathway_parse(clr, strlen(clr), &p, &e), 0);
	assert_string_equal(p.name, "Programme");
	assert_int_equal(p.root.nkids, 2);
	/* the learner holds A and B: both courses met */
	pr = pathway_progress(&p, holdings);
	assert_true(json_is_true(json_object_get(pr, "complete")));
	json_decref(pr);
	json_array_remove(holdings, 0);	/* without A: A comes next (it precedes B) */
	pr = pathway_progress(&p, holdings);
	next = json_array_get(json_object_get(pr, "next"), 0);
	assert_string_equal(json_str(next, "label"), "Course A");
	assert_string_equal(json_str(next, "criteria"), "https://c.example/a");
	json_decref(pr);
	json_decref(holdings);
	pathway_release(&p);
}

static void test_round_trip(void **state)
{
	struct pathway p, q;
	struct err e = ERR_INIT;
	json_t *a, *b;
	char *text;

	(void)state;
	assert_int_equal(pathway_parse(badgr, strlen(badgr), &p, &e), 0);
	a = pathway_to_json(&p);
	text = json_text(a, 0);
	assert_int_equal(pathway_parse(text, strlen(text), &q, &e), 0);
	b = pathway_to_json(&q);
	assert_true(json_equal(a, b));
	free(text);
	json_decref(a);
	json_decref(b);
	pathway_release(&p);
	pathway_release(&q);
}

static void test_suggest(void **state)
{
	json_t *holdings = json_loads(holdings_json, 0, NULL), *s, *x;
	size_t i;
	int issuer = 0;

	(void)state;
	s = pathway_suggest(holdings);
	json_array_foreach(s, i, x)
		issuer |= strstr(json_str(x, "reason"), "from the issuer 'I'") != NULL;
	assert_true(issuer);	/* Alpha and Beta share an issuer */
	json_decref(s);
	json_decref(holdings);
}

int main(void)
{
	struct CMUnitTest tests[sizeof(cases) / sizeof(cases[0]) + 5];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct CMUnitTest t = { cases[i].what, test_tree, NULL, NULL, (void *)&cases[i] };

		tests[i] = t;
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_malformed);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_badgr);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_clr);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_round_trip);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_suggest);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
