/* tordf.c — Deserialize JSON-LD to RDF, Object to RDF and List to RDF
 * (JSON-LD 1.1 API 8.1 to 8.4; ld-internal.h).  What the algorithms drop
 * (ill-formed IRIs, blank-node predicates, bad language tags, @direction
 * with no rdfDirection) fails instead in safe mode. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/xalloc.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define I18N_NS "https://www.w3.org/ns/i18n#"

/* A copy of s for a term made by e: from the dataset's pool when e says
 * so (the term is then borrowed), else malloc'd. */
static char *term_str(struct ld_emit *e, struct rdf_term *t, const char *s)
{
	if (!s)
		return NULL;
	if (!e->pooled)
		return xstrdup(s);
	t->borrowed = 1;
	return rdf_dataset_strdup(e->out, s, strlen(s));
}

void ld_term_node(struct ld_emit *e, struct rdf_term *t, const char *id)
{
	memset(t, 0, sizeof(*t));
	if (ld_is_bnode(id)) {
		t->kind = RDF_BNODE;
		t->value = term_str(e, t, id + 2);
	} else {
		t->kind = RDF_IRI;
		t->value = term_str(e, t, id);
	}
}

/* dt_sym, when set, is datatype's sym, neither xsd:string nor
 * rdf:langString: a pooled term borrows its string, which lives as long
 * as the process, instead of copying it for every literal. */
static void term_literal(struct ld_emit *e, struct rdf_term *t, const char *value,
			 const char *datatype, const struct rdf_sym *dt_sym, const char *lang)
{
	memset(t, 0, sizeof(*t));
	t->kind = RDF_LITERAL;
	t->value = term_str(e, t, value);
	if (dt_sym && e->pooled)
		t->datatype = (char *)dt_sym->iri;	/* borrowed, as the pooled value */
	else if (datatype && strcmp(datatype, XSD_NS "string") && strcmp(datatype, RDF_LANG_STRING))
		t->datatype = term_str(e, t, datatype);
	t->lang = term_str(e, t, lang);
}

const char ld_default_graph[] = "@default";

int ld_is_default_graph(const char *g)
{
	return g == ld_default_graph || !strcmp(g, ld_default_graph);
}

/* Whether node id (an IRI or "_:" label) is the node t stands for. */
static int same_node(const char *id, const struct rdf_term *t)
{
	if (t->kind == RDF_BNODE)
		return ld_is_bnode(id) && !strcmp(id + 2, t->value);
	return t->kind == RDF_IRI && !ld_is_bnode(id) && !strcmp(id, t->value);
}

void ld_term_sym(struct rdf_term *t, const struct rdf_sym *sym)
{
	memset(t, 0, sizeof(*t));
	t->kind = RDF_IRI;
	t->value = (char *)sym->iri;
	t->borrowed = 1;
	t->sym = sym;
}

void ld_emit_triple_term(struct ld_emit *e, const struct rdf_term *s, const char *p,
			 const struct rdf_sym *psym, struct rdf_term *o)
{
	struct rdf_quad *q = rdf_dataset_push(e->out);

	q->s = *s;
	if (psym)
		ld_term_sym(&q->p, psym);
	else
		ld_term_node(e, &q->p, p);
	q->o = *o;
	memset(o, 0, sizeof(*o));
	if (!ld_is_default_graph(e->graph))
		ld_term_node(e, &q->g, e->graph);
}

void ld_emit_triple(struct ld_emit *e, const char *s, const char *p, struct rdf_term *o)
{
	struct rdf_term st;

	/* A node's triples come together: its subject is copied once, and
	 * the quads share the pooled string (RDFC then sees the same
	 * pointer, which it compares first). */
	if (e->pooled && e->last_s.value && same_node(s, &e->last_s)) {
		st = e->last_s;
	} else {
		ld_term_node(e, &st, s);
		if (e->pooled)
			e->last_s = st;
	}
	ld_emit_triple_term(e, &st, p, NULL, o);	/* an owned st moves in */
}

int ld_well_formed(const char *id)
{
	return id && ((ld_is_bnode(id) && id[2]) || ld_iri_well_formed(id));
}

/* A dropped IRI: fine normally, an error in safe mode. */
static int dropped(struct ld_emit *e, const char *what, const char *iri)
{
	if (!e->env->safe)
		return 0;
	return ld_unsafe(e->env, "%s '%s' is not a valid IRI and would be dropped", what,
			 iri ? iri : "(null)");
}

/* ---- numbers ---------------------------------------------------------- */

/* xsd:double canonical form: 1.5E0, 1.0E-1 (mantissa of up to 16 digits,
 * no '+', no leading exponent zeros), as the specification's
 * toExponential(15) rule gives. */
static void canonical_double(double d, char *out, size_t n)
{
	char tmp[64], *e, *m_end;
	int exp;

	if (d == 0)
		d = 0;	/* -0 prints as 0.0E0 */
	snprintf(tmp, sizeof(tmp), "%.15E", d);
	e = strchr(tmp, 'E');
	exp = atoi(e + 1);
	m_end = e;
	while (m_end > tmp + 1 && m_end[-1] == '0' && m_end[-2] != '.')
		m_end--;
	*m_end = '\0';
	snprintf(out, n, "%.30sE%d", tmp, exp);
}

/* An integral value, printed as JavaScript would (through a double, so
 * that issuers using JSON-LD in JavaScript and satchel agree). */
static void canonical_integer(const json_t *v, char *out, size_t n)
{
	double d = json_number_value(v);
	json_int_t i = json_integer_value(v);

	if (json_is_integer(v) && i >= -(1LL << 53) && i <= (1LL << 53))
		snprintf(out, n, "%lld", (long long)json_integer_value(v));
	else
		snprintf(out, n, "%.0f", d == 0 ? 0.0 : d);
}

static int is_integral(const json_t *v)
{
	double d;

	if (json_is_integer(v))
		return 1;
	d = json_real_value(v);
	if (!isfinite(d) || d >= 1e21 || d <= -1e21)
		return 0;
	/* Every double of magnitude 2^53 or more is a whole number; below
	 * that a cast is exact (and libm is not needed). */
	return d >= 9007199254740992.0 || d <= -9007199254740992.0 || d == (double)(long long)d;
}

/* The lexical form and default datatype of a non-string @value. */
static char *scalar_lexical(const json_t *v, const char *type, const char **dflt)
{
	char num[64];

	if (json_is_boolean(v)) {
		*dflt = XSD_NS "boolean";
		return xstrdup(json_is_true(v) ? "true" : "false");
	}
	if (!is_integral(v) || (type && !strcmp(type, XSD_NS "double"))) {
		*dflt = XSD_NS "double";
		canonical_double(json_number_value(v), num, sizeof(num));
	} else {
		*dflt = XSD_NS "integer";
		canonical_integer(v, num, sizeof(num));
	}
	return xstrdup(num);
}

/* A string's lexical form; U+0000 becomes C0 80 as nquads.h expects,
 * since the terms are C strings.  Borrowed from v unless it holds a
 * U+0000 (most do not, and the term copies it anyway); *owned is what
 * the caller frees. */
static const char *string_lexical(const json_t *v, char **owned)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), i, k = 0;
	char *r;

	*owned = NULL;
	if (!memchr(s, '\0', n))
		return s;
	r = *owned = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		if (s[i]) {
			r[k++] = s[i];
		} else {
			r[k++] = (char)0xC0;
			r[k++] = (char)0x80;
		}
	}
	r[k] = '\0';
	return r;
}

/* ---- Object to RDF ---------------------------------------------------- */

static int object_to_rdf(struct ld_emit *e, json_t *item, struct rdf_term *o);

/* rdfDirection compound-literal: a blank node with rdf:value,
 * rdf:language and rdf:direction. */
static void compound_literal(struct ld_emit *e, const char *value, const char *lang,
			     const char *dir, struct rdf_term *o)
{
	char *b = ld_issue(e->is, NULL), *l;
	struct rdf_term t;

	term_literal(e, &t, value, NULL, NULL, NULL);
	ld_emit_triple(e, b, RDF_NS "value", &t);
	if (lang) {
		l = ld_lowercase(lang);
		term_literal(e, &t, l, NULL, NULL, NULL);
		ld_emit_triple(e, b, RDF_NS "language", &t);
		free(l);
	}
	term_literal(e, &t, dir, NULL, NULL, NULL);
	ld_emit_triple(e, b, RDF_NS "direction", &t);
	ld_term_node(e, o, b);
	free(b);
}

/* Step 12-13 of Object to RDF: the literal, with its direction. */
static int make_literal(struct ld_emit *e, const char *value, const char *type,
			const struct rdf_sym *type_sym, const char *lang, const char *dir,
			struct rdf_term *o)
{
	char *dt;

	if (!dir) {
		term_literal(e, o, value, type, type_sym, lang);
		return 0;
	}
	if (e->env->rdf_direction == JSONLD_DIR_I18N_DATATYPE) {
		char *l = ld_lowercase(lang);

		dt = xasprintf(I18N_NS "%s_%s", l, dir);
		term_literal(e, o, value, dt, NULL, NULL);
		free(dt);
		free(l);
	} else if (e->env->rdf_direction == JSONLD_DIR_COMPOUND) {
		compound_literal(e, value, lang, dir, o);
	} else {
		if (e->env->safe)
			return ld_unsafe(e->env, "@direction of '%s' needs an rdfDirection", value);
		term_literal(e, o, value, type, NULL, lang);
	}
	return 0;
}

int ld_value_literal(struct ld_emit *e, json_t *v, const char *type,
		     const struct rdf_sym *type_sym, const char *lang, const char *dir,
		     struct rdf_term *o)
{
	const char *dflt = NULL, *lex;
	char *owned = NULL;
	int r;

	if (type && !type_sym && strcmp(type, "@json") && !ld_iri_well_formed(type))
		return dropped(e, "datatype", type);
	if (lang && !ld_lang_well_formed(lang))
		return e->env->safe ? ld_unsafe(e->env, "language tag '%s' is not valid", lang) : 0;
	if (type && !type_sym && !strcmp(type, "@json")) {
		lex = owned = ld_jcs(v);
		type = RDF_NS "JSON";
	} else if (json_is_string(v)) {
		lex = string_lexical(v, &owned);
	} else if (json_is_number(v) || json_is_boolean(v)) {
		lex = owned = scalar_lexical(v, type, &dflt);
	} else {
		return e->env->safe ? ld_unsafe(e->env, "a value cannot be converted to RDF") : 0;
	}
	if (!lex)
		return e->env->safe ? ld_unsafe(e->env, "a JSON literal cannot be converted") : 0;
	r = make_literal(e, lex, type ? type : dflt, type ? type_sym : NULL, lang, dir, o);
	free(owned);
	return r;
}

static int value_to_rdf(struct ld_emit *e, json_t *item, struct rdf_term *o)
{
	return ld_value_literal(e, json_object_get(item, "@value"),
				json_string_value(json_object_get(item, "@type")), NULL,
				json_string_value(json_object_get(item, "@language")),
				json_string_value(json_object_get(item, "@direction")), o);
}

/* List to RDF: rdf:first / rdf:rest through fresh blank nodes. */
static int list_to_rdf(struct ld_emit *e, json_t *list, struct rdf_term *o)
{
	size_t i, n = json_array_size(list);
	char **b;
	int r = 0;

	if (n == 0) {
		ld_term_node(e, o, RDF_NS "nil");
		return 0;
	}
	b = xcalloc(n, sizeof(*b));
	for (i = 0; i < n; i++)
		b[i] = ld_issue(e->is, NULL);
	for (i = 0; i < n && r == 0; i++) {
		struct rdf_term t = { .kind = RDF_NONE };

		r = object_to_rdf(e, json_array_get(list, i), &t);
		if (r == 0 && t.kind != RDF_NONE)
			ld_emit_triple(e, b[i], RDF_NS "first", &t);
		rdf_term_release(&t);
		ld_term_node(e, &t, i + 1 < n ? b[i + 1] : RDF_NS "nil");
		ld_emit_triple(e, b[i], RDF_NS "rest", &t);
	}
	if (r == 0)
		ld_term_node(e, o, b[0]);
	for (i = 0; i < n; i++)
		free(b[i]);
	free(b);
	return r;
}

/* Leaves o->kind RDF_NONE when the item yields nothing. */
static int object_to_rdf(struct ld_emit *e, json_t *item, struct rdf_term *o)
{
	json_t *list = json_object_get(item, "@list");
	const char *id;

	if (json_object_get(item, "@value"))
		return value_to_rdf(e, item, o);
	if (list)
		return list_to_rdf(e, list, o);
	id = json_string_value(json_object_get(item, "@id"));
	if (!ld_well_formed(id))
		return dropped(e, "object", id);
	ld_term_node(e, o, id);
	return 0;
}

/* ---- Deserialize JSON-LD to RDF --------------------------------------- */

static int type_triples(struct ld_emit *e, const char *subject, json_t *types)
{
	struct rdf_term t;
	json_t *v;
	size_t i;

	json_array_foreach(types, i, v) {
		const char *s = json_string_value(v);

		if (!ld_well_formed(s)) {
			if (dropped(e, "@type", s) < 0)
				return -1;
			continue;
		}
		ld_term_node(e, &t, s);
		ld_emit_triple(e, subject, RDF_NS "type", &t);
	}
	return 0;
}

/* The label blank node label was issued for, as the document wrote it
 * (node map generation relabels them); label itself when not found. */
static const char *original_label(const struct ld_issuer *is, const char *label)
{
	const char *old;
	json_t *v;

	json_object_foreach(is->map, old, v) {
		if (json_is_string(v) && !strcmp(json_string_value(v), label))
			return old;
	}
	return label;
}

static int property_triples(struct ld_emit *e, const char *subject, const char *prop, json_t *vals)
{
	json_t *v;
	size_t i;

	if (ld_is_bnode(prop) && !e->env->generalized)
		return e->env->safe ? ld_unsafe(e->env, "blank node property '%s' would be dropped",
						original_label(e->is, prop)) : 0;
	if (!ld_well_formed(prop))
		return dropped(e, "property", prop);
	json_array_foreach(vals, i, v) {
		struct rdf_term o = { .kind = RDF_NONE };

		if (object_to_rdf(e, v, &o) < 0)
			return rdf_term_release(&o), -1;
		if (o.kind != RDF_NONE)
			ld_emit_triple(e, subject, prop, &o);
		rdf_term_release(&o);
	}
	return 0;
}

static int node_triples(struct ld_emit *e, const char *subject, json_t *node)
{
	const char **keys;
	size_t i, n;
	int r = 0;

	if (!ld_well_formed(subject))
		return dropped(e, "subject", subject);
	keys = ld_sorted_keys(node, &n);
	for (i = 0; i < n && r == 0; i++) {
		json_t *vals = json_object_get(node, keys[i]);

		if (!strcmp(keys[i], "@type"))
			r = type_triples(e, subject, vals);
		else if (!ld_is_keyword(keys[i]))
			r = property_triples(e, subject, keys[i], vals);
	}
	free(keys);
	return r;
}

static int cmp_str0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_term(const struct rdf_term *a, const struct rdf_term *b)
{
	int r = (int)a->kind - (int)b->kind;

	if (!r)
		r = cmp_str0(a->value, b->value);
	if (!r)
		r = cmp_str0(a->datatype, b->datatype);
	if (!r)
		r = cmp_str0(a->lang, b->lang);
	return r;
}

static int cmp_quad(const void *x, const void *y)
{
	const struct rdf_quad *a = x, *b = y;
	int r = cmp_term(&a->s, &b->s);

	if (!r)
		r = cmp_term(&a->p, &b->p);
	if (!r)
		r = cmp_term(&a->o, &b->o);
	if (!r)
		r = cmp_term(&a->g, &b->g);
	return r;
}

void ld_dedupe(struct rdf_dataset *ds, size_t start)
{
	size_t i, k = start;

	if (ds->n - start < 2)
		return;
	qsort(ds->quads + start, ds->n - start, sizeof(*ds->quads), cmp_quad);
	for (i = start; i < ds->n; i++) {
		if (k > start && !cmp_quad(&ds->quads[k - 1], &ds->quads[i]))
			rdf_quad_release(&ds->quads[i]);
		else
			ds->quads[k++] = ds->quads[i];
	}
	ds->n = k;
}

int ld_to_rdf(struct ld_env *env, json_t *node_map, struct ld_issuer *is, struct rdf_dataset *out)
{
	size_t start = out->n;
	struct ld_emit e = { env, is, out, NULL };
	const char **graphs, **subjects;
	size_t i, j, ng, ns;
	int r = 0;

	graphs = ld_sorted_keys(node_map, &ng);
	for (i = 0; i < ng && r == 0; i++) {
		json_t *g = json_object_get(node_map, graphs[i]);

		e.graph = graphs[i];
		if (strcmp(graphs[i], "@default") && !ld_well_formed(graphs[i])) {
			r = dropped(&e, "graph name", graphs[i]);
			continue;
		}
		subjects = ld_sorted_keys(g, &ns);
		for (j = 0; j < ns && r == 0; j++)
			r = node_triples(&e, subjects[j], json_object_get(g, subjects[j]));
		free(subjects);
	}
	free(graphs);
	ld_dedupe(out, start);
	return r;
}
