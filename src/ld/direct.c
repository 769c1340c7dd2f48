/* direct.c — JSON-LD to RDF in one walk over the compacted document
 * (ld-internal.h), for callers that canonicalize the result.
 *
 * The general path builds the expanded document, then the node map, then
 * the quads, all as jansson trees: most of its time goes to creating and
 * freeing JSON values.  Credentials use a small part of JSON-LD — node
 * objects with @id and @type, properties with scalar, value-object or
 * node values, type- and property-scoped contexts, @set, @list and plain
 * @graph containers (a proof, a credential in a presentation) — and for
 * those the quads can be emitted as the document is walked, with the same
 * context machinery (ld_map_contexts, the memo of processed contexts) and
 * the same literal rules (ld_value_literal).
 *
 * The price: blank nodes are numbered in the order of this walk, not the
 * node map's, so the result equals the general one up to blank node
 * labels, which RDFC-1.0 does not look at (hence jsonld_opts.any_labels).
 * The node map merges nodes that share an @id; emitting each occurrence's
 * triples under that same subject gives the same set once duplicates are
 * dropped.
 *
 * Anything else — the @graph keyword, @reverse, @nest, @included, index,
 * id, type and language maps, @json, @direction, nested arrays, maps of
 * more than MAP_ENTRIES keys, and every case where the general path would
 * fail or drop something — makes it give up (return 1) before the caller
 * sees anything, and the general path decides, with its own error
 * messages.  So it never accepts a document the general path refuses;
 * tests/fuzz/fuzz-jsonld.c and the conformance runs of test-jsonld check
 * that both paths agree.
 */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/xalloc.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* Every function returns 0, or GIVE_UP: the general path takes over. */
#define GIVE_UP 1

struct walk {
	struct ld_env *env;
	struct ld_emit e;
	const char *base;
	/* Duplicate quads need ld_dedupe (a sort); they can only come from a
	 * value repeated under one property (checked as emitted), two keys
	 * of a node with one IRI, or a node id met twice (these set dups). */
	int dups;
	struct seen_id {
		char *id;	/* @id of a node seen with entries */
		uint64_t hash;	/* rdf_hash of it, compared first */
	} *ids;
	size_t nids, capids;
	const struct rdf_sym *rdf_type;	/* rdf:type's sym, or NULL */
};

/* The first byte rules out most strings without a call to strcmp. */
static int is_kw(const char *s, const char *kw)
{
	return s && s[0] == kw[0] && !strcmp(s, kw);
}

/* The IRI a key expands to (vocab), borrowed from its term *t when there
 * is one, else in *owned; NULL when it expands to nothing. */
static const char *key_iri(struct walk *w, const struct ld_ctx *c, const char *key, char **owned,
			   const struct ld_term **tp)
{
	const struct ld_term *t = key[0] == '@' ? NULL : ld_ctx_term(c, key);
	int failed = 0;

	*owned = NULL;
	*tp = t;
	if (t)
		return t->iri;
	*owned = ld_expand_iri(w->env, c, key, 0, 1, NULL, &failed);
	return failed ? NULL : *owned;
}

/* An @id or an @type value as a subject or object (*iri, from
 * ld_expand_iri): absolute and well formed, blank node labels reissued.
 * An IRI moves to *out (*iri becomes NULL) instead of being copied. */
static int node_id(struct walk *w, char **iri, char **out)
{
	if (!*iri || !ld_well_formed(*iri))
		return GIVE_UP;
	if (ld_is_bnode(*iri)) {
		*out = ld_issue(w->e.is, *iri);
		return 0;
	}
	/* Well formed means a scheme and no white space: absolute. */
	*out = *iri;
	*iri = NULL;
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The quads that the values of one array made so far, by index in the
 * output: a value repeated in the array is left out (RDF is a set).  Only
 * these quads can hold it: what a value's own node emits in between has
 * other subjects, or sets dups (a node id met twice), and two keys with
 * one IRI set dups too. */
#define VALUES_INLINE	16

struct values {
	size_t one[VALUES_INLINE], *idx;
	size_t n;
};

static void values_init(struct values *vs, size_t count)
{
	vs->idx = count <= VALUES_INLINE ? vs->one : xmalloc(count * sizeof(*vs->idx));
	vs->n = 0;
}

static void values_release(struct values *vs)
{
	if (vs->idx != vs->one)
		free(vs->idx);
}

/* Whether o is the object of one of the quads vs names. */
static int repeated(const struct walk *w, const struct values *vs, const struct rdf_term *o)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		const struct rdf_term *q = &w->e.out->quads[vs->idx[i]].o;

		if (q->kind == o->kind && same_str(q->value, o->value) &&
		    same_str(q->datatype, o->datatype) && same_str(q->lang, o->lang))
			return 1;
	}
	return 0;
}

/* The entries of one map, each key expanded once in the map's active
 * context: the walk needs them several times. */
#define MAP_ENTRIES	48	/* more: the general path (on the stack, nesting <= 64) */

/* Which keyword an entry's key expands to, told once per entry instead
 * of by strcmp at every use. */
enum entry_kw { EK_NONE, EK_ID, EK_TYPE, EK_VALUE, EK_OTHER };

struct entry {
	const char *key;
	json_t *v;
	const struct ld_term *t;	/* key's term, or NULL */
	const char *prop;		/* what key expands to (vocab), or NULL */
	enum entry_kw kw;		/* EK_NONE: not a keyword (or NULL) */
	char *owned;			/* prop when it is not the term's */
	size_t hash;			/* of prop (ld_hash_str), 0 for NULL */
};

struct map {
	struct entry e[MAP_ENTRIES];
	size_t n;			/* entries other than @context */
	int has_value;			/* one expands to @value */
};

static void map_release(struct map *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->e[i].owned);
	m->n = 0;
}

static enum entry_kw entry_kw(const char *prop)
{
	if (!prop || prop[0] != '@')
		return EK_NONE;
	if (!strcmp(prop, "@id"))
		return EK_ID;
	if (!strcmp(prop, "@type"))
		return EK_TYPE;
	if (!strcmp(prop, "@value"))
		return EK_VALUE;
	return ld_is_keyword(prop) ? EK_OTHER : EK_NONE;
}

static int classify(struct walk *w, const struct ld_ctx *a, json_t *obj, struct map *m)
{
	const char *key;
	json_t *v;

	m->n = 0;
	m->has_value = 0;
	json_object_foreach(obj, key, v) {
		struct entry *e = &m->e[m->n];

		if (key[0] == '@' && !strcmp(key, "@context"))
			continue;
		if (m->n == MAP_ENTRIES)
			return GIVE_UP;
		e->key = key;
		e->v = v;
		e->prop = key_iri(w, a, key, &e->owned, &e->t);
		e->hash = !e->prop ? 0 : e->t ? e->t->iri_hash : ld_hash_str(e->prop);
		e->kw = entry_kw(e->prop);
		m->n++;
		if (e->kw == EK_VALUE)
			m->has_value = 1;
	}
	return 0;
}

static int node_body(struct walk *w, struct ld_ctx *a, const struct ld_ctx *type_ctx,
		     const struct map *m, int top, char **subject, struct rdf_term *subj);

/* ---- scalars and value objects -------------------------------------- */

/* Value Expansion then Object to RDF of a scalar of property key (term t
 * in c). */
static int scalar_value(struct walk *w, struct ld_ctx *c, const char *key,
			const struct ld_term *t, json_t *v, struct rdf_term *o)
{
	struct ld_ctx *sc = NULL;
	const char *type, *lang = NULL, *dir = NULL;
	int r = GIVE_UP;

	if (t && t->context) {	/* a property-scoped context applies to values too */
		sc = ld_ctx_process(w->env, c, t->context, t->ctx_base, 0, NULL);
		if (!sc)
			return GIVE_UP;
		c = sc;
		t = ld_ctx_term(c, key);
	}
	type = t ? t->type : NULL;
	if ((is_kw(type, "@id") || is_kw(type, "@vocab")) && json_is_string(v)) {
		int failed = 0;
		char *iri = ld_expand_iri(w->env, c, json_string_value(v), 1,
					  is_kw(type, "@vocab"), NULL, &failed), *id = NULL;

		if (!failed && iri && !ld_is_keyword(iri) && node_id(w, &iri, &id) == 0) {
			ld_term_node(&w->e, o, id);
			r = 0;
		}
		free(id);
		free(iri);
	} else if (!is_kw(type, "@json")) {
		if (is_kw(type, "@id") || is_kw(type, "@vocab") || is_kw(type, "@none"))
			type = NULL;
		if (!type && json_is_string(v)) {
			lang = t && t->has_lang ? t->lang : c->lang;
			dir = t && t->has_dir ? t->dir : c->dir;
		}
		/* type, when set, is t's: its sym comes along. */
		if (!dir && ld_value_literal(&w->e, v, type, type ? t->type_sym : NULL, lang, NULL,
					     o) == 0 &&
		    o->kind != RDF_NONE)
			r = 0;
	}
	ld_ctx_unref(sc);
	return r;
}

/* The entries of a value object (types expand in type_ctx). */
struct vobj {
	json_t *value;
	char *type;
	char *lang;
};

static int value_entry(struct walk *w, const struct ld_ctx *type_ctx, const struct entry *e,
		       struct vobj *vo)
{
	int failed = 0;

	if (e->kw == EK_VALUE && !vo->value && ld_is_scalar(e->v)) {
		vo->value = e->v;
		return 0;
	}
	if (e->kw == EK_TYPE && !vo->type && json_is_string(e->v)) {
		vo->type = ld_expand_iri(w->env, type_ctx, json_string_value(e->v), 1, 1, NULL,
					 &failed);
		return !failed && vo->type && ld_is_absolute_iri(vo->type) ? 0 : GIVE_UP;
	}
	if (is_kw(e->prop, "@language") && !vo->lang && json_is_string(e->v)) {
		vo->lang = ld_lowercase(json_string_value(e->v));
		return 0;
	}
	if (is_kw(e->prop, "@index") && json_is_string(e->v))
		return 0;	/* an index is not in RDF */
	return GIVE_UP;
}

static int value_object(struct walk *w, const struct ld_ctx *type_ctx, const struct map *m,
			struct rdf_term *o)
{
	struct vobj vo = { NULL, NULL, NULL };
	size_t i;
	int r = 0;

	for (i = 0; i < m->n && r == 0; i++)
		r = value_entry(w, type_ctx, &m->e[i], &vo);
	if (r == 0 && (!vo.value || (vo.type && vo.lang) ||
		       (vo.lang && !json_is_string(vo.value))))
		r = GIVE_UP;
	if (r == 0 && (ld_value_literal(&w->e, vo.value, vo.type, NULL, vo.lang, NULL, o) < 0 ||
		       o->kind == RDF_NONE))
		r = GIVE_UP;
	free(vo.type);
	free(vo.lang);
	return r;
}

/* ---- property values ---------------------------------------------- */

/* A map as the value of property key (term t in c): a value object or a
 * node; with graph set, the node goes into a new named graph, whose name
 * is the value (a @graph container). */
static int map_value(struct walk *w, struct ld_ctx *c, const struct ld_term *t, json_t *obj,
		     int graph, struct rdf_term *o)
{
	const struct ld_term *scoped = t && t->context ? t : NULL;
	struct ld_ctx *a, *type_ctx = NULL;
	const char *outer = w->e.graph;
	char *subject = NULL, *name = NULL;
	struct rdf_term subj;
	struct map mm, *m = &mm;
	int r;

	m->n = 0;
	a = ld_ctx_ref(c);
	r = ld_map_contexts(w->env, &a, &type_ctx, obj, scoped, 0, w->base) < 0 ? GIVE_UP : 0;
	if (r == 0)
		r = classify(w, a, obj, m);
	if (r == 0 && m->has_value) {
		/* A value in a @graph container would be dropped. */
		r = graph ? GIVE_UP : value_object(w, type_ctx, m, o);
	} else if (r == 0) {
		if (graph)
			w->e.graph = name = ld_issue(w->e.is, NULL);
		r = node_body(w, a, type_ctx, m, 0, &subject, &subj);
		w->e.graph = outer;
		if (r == 0 && graph)
			ld_term_node(&w->e, o, name);
		else if (r == 0)
			*o = subj;	/* pooled: the quads share its strings */
	}
	map_release(m);
	free(name);
	free(subject);
	ld_ctx_unref(type_ctx);
	ld_ctx_unref(a);
	return r;
}

/* One item of a property's value: nothing (null), a scalar or a map. */
static int item_value(struct walk *w, struct ld_ctx *c, const char *key, const struct ld_term *t,
		      json_t *v, int graph, struct rdf_term *o)
{
	if (json_is_object(v))
		return map_value(w, c, t, v, graph, o);
	if (ld_is_scalar(v) && !graph)
		return scalar_value(w, c, key, t, v, o);
	return GIVE_UP;	/* nested arrays */
}

/* List to RDF of the items of a @list container. */
static int list_value(struct walk *w, struct ld_ctx *c, const char *key, const struct ld_term *t,
		      json_t *value, struct rdf_term *head)
{
	size_t i, n = json_is_array(value) ? json_array_size(value) : 1;
	struct rdf_term *items = xcalloc(n + 1, sizeof(*items));
	size_t m = 0;
	char *node, *next = NULL;
	int r = 0;

	for (i = 0; i < n && r == 0; i++) {
		json_t *v = json_is_array(value) ? json_array_get(value, i) : value;

		if (!json_is_null(v))
			r = item_value(w, c, key, t, v, 0, &items[m++]);
	}
	if (r == 0) {
		/* Built from the end, each cell pointing at the next. */
		for (i = m; i-- > 0;) {
			struct rdf_term rest;

			node = ld_issue(w->e.is, NULL);
			ld_emit_triple(&w->e, node, RDF_NS "first", &items[i]);
			ld_term_node(&w->e, &rest, next ? next : RDF_NS "nil");
			ld_emit_triple(&w->e, node, RDF_NS "rest", &rest);
			free(next);
			next = node;
		}
		ld_term_node(&w->e, head, next ? next : RDF_NS "nil");
	}
	free(next);
	for (i = 0; i < m; i++)
		rdf_term_release(&items[i]);
	free(items);
	return r;
}

/* Emits (subject, pred, o), one of the values of an array (vs), unless
 * an earlier one made the same quad; o is taken over. */
static void emit_once(struct walk *w, struct values *vs, const struct rdf_term *subj,
		      const char *pred, const struct rdf_sym *psym, struct rdf_term *o)
{
	if (repeated(w, vs, o)) {
		rdf_term_release(o);
		return;
	}
	vs->idx[vs->n++] = w->e.out->n;		/* where the quad goes */
	ld_emit_triple_term(&w->e, subj, pred, psym, o);
}

static int property(struct walk *w, struct ld_ctx *c, const struct rdf_term *subj,
		    const struct entry *e)
{
	const struct ld_term *t = e->t;
	const char *prop = e->prop;
	json_t *value = e->v;
	unsigned cont = t ? t->container : 0;
	size_t i, n = json_is_array(value) ? json_array_size(value) : 1;
	int graph = (cont & LD_C_GRAPH) != 0;
	struct rdf_term o;
	struct values vs;
	int r = 0;

	/* Graph containers: only the plain form (each value its own graph). */
	if ((t && (t->reverse || is_kw(t->type, "@json"))) ||
	    (graph && (cont & (LD_C_ID | LD_C_INDEX | LD_C_LIST))) ||
	    (t ? !t->wf : ld_is_bnode(prop) || !ld_well_formed(prop)) ||
	    ((cont & (LD_C_LANGUAGE | LD_C_INDEX | LD_C_TYPE | LD_C_ID)) && json_is_object(value)))
		return GIVE_UP;
	if (json_is_null(value))	/* after @json: a JSON null is a literal */
		return 0;
	if (cont & LD_C_LIST) {
		r = list_value(w, c, e->key, t, value, &o);
		if (r == 0)
			ld_emit_triple_term(&w->e, subj, prop, NULL, &o);
		return r;
	}
	values_init(&vs, n);
	for (i = 0; r == 0 && i < n; i++) {
		json_t *v = json_is_array(value) ? json_array_get(value, i) : value;

		if (json_is_null(v))
			continue;
		memset(&o, 0, sizeof(o));
		r = item_value(w, c, e->key, t, v, graph, &o);
		if (r == 0)
			emit_once(w, &vs, subj, prop, t ? t->sym : NULL, &o);
		rdf_term_release(&o);
	}
	values_release(&vs);
	return r;
}

/* ---- node objects ----------------------------------------------------- */

/* rdf:type triples; a type that is a term with a well-formed IRI needs
 * no expansion. */
static int type_triples(struct walk *w, const struct ld_ctx *type_ctx,
			const struct rdf_term *subj, json_t *types)
{
	size_t i, n = json_is_array(types) ? json_array_size(types) : 1;
	struct values vs;
	int r = 0;

	values_init(&vs, n);
	for (i = 0; i < n && r == 0; i++) {
		json_t *v = json_is_array(types) ? json_array_get(types, i) : types;
		const char *s = json_string_value(v);
		const struct ld_term *t = s && s[0] != '@' ? ld_ctx_term(type_ctx, s) : NULL;
		char *iri = NULL, *id = NULL;
		int failed = 0;
		struct rdf_term o;

		if (!s) {
			r = GIVE_UP;
			break;
		}
		if (t && t->sym) {
			ld_term_sym(&o, t->sym);
		} else if (t && t->wf) {
			ld_term_node(&w->e, &o, t->iri);
		} else {
			iri = ld_expand_iri(w->env, type_ctx, s, 1, 1, NULL, &failed);
			r = failed || !iri || ld_is_keyword(iri) ? GIVE_UP : node_id(w, &iri, &id);
			if (r == 0)
				ld_term_node(&w->e, &o, id);
		}
		if (r == 0)
			emit_once(w, &vs, subj, RDF_NS "type", w->rdf_type, &o);
		free(id);
		free(iri);
	}
	values_release(&vs);
	return r;
}

/* The subject of a node: its @id, or a new blank node. */
static int subject_of(struct walk *w, const struct ld_ctx *a, const struct map *m, char **subject,
		      int *has_id)
{
	const char *id = NULL;
	size_t i;
	int r = 0;

	for (i = 0; i < m->n; i++) {
		if (m->e[i].kw != EK_ID)
			continue;
		if (id || !json_is_string(m->e[i].v))
			r = GIVE_UP;
		id = json_string_value(m->e[i].v);
	}
	*has_id = id != NULL;
	if (r == 0 && id) {
		int failed = 0;
		char *iri = ld_expand_iri(w->env, a, id, 1, 0, NULL, &failed);

		r = failed || !iri || ld_is_keyword(iri) ? GIVE_UP : node_id(w, &iri, subject);
		free(iri);
	} else if (r == 0) {
		*subject = ld_issue(w->e.is, NULL);
	}
	return r;
}

/* Two keys of one node with the same IRI, or one node id met twice with
 * entries: the quads may repeat (see struct walk). */
static void note_props(struct walk *w, const struct map *m)
{
	size_t i, j;

	/* Different hashes: different IRIs, without comparing them. */
	for (i = 0; i < m->n && !w->dups; i++)
		for (j = 0; j < i && !w->dups; j++)
			if (m->e[i].hash == m->e[j].hash && same_str(m->e[i].prop, m->e[j].prop))
				w->dups = 1;
}

static void note_id(struct walk *w, const char *subject)
{
	uint64_t h = rdf_hash(subject, strlen(subject), RDF_HASH_SEED);
	size_t i;

	/* Ids share long prefixes ("did:key:z6Mk", "urn:uuid:"): different
	 * hashes tell most of them apart without comparing. */
	for (i = 0; i < w->nids && !w->dups; i++)
		if (w->ids[i].hash == h && !strcmp(w->ids[i].id, subject))
			w->dups = 1;
	xgrow((void **)&w->ids, &w->capids, w->nids + 1, sizeof(*w->ids));
	w->ids[w->nids].hash = h;
	w->ids[w->nids++].id = xstrdup(subject);
}

/* The entries that expansion keeps: a null value is dropped before a
 * node is judged empty (or @id alone). */
static size_t live_entries(const struct map *m)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		if (!json_is_null(m->e[i].v))
			n++;
	return n;
}

/* Emits the node whose entries m expanded in a (types in type_ctx);
 * *subject gets its id, and *subj its term (in the output's pool, so
 * that its quads and a reference to it share one copy). */
static int node_body(struct walk *w, struct ld_ctx *a, const struct ld_ctx *type_ctx,
		     const struct map *m, int top, char **subject, struct rdf_term *subj)
{
	size_t i;
	int r, has_id;

	*subject = NULL;
	if (++w->env->depth > LD_MAX_DEPTH) {
		w->env->depth--;
		return GIVE_UP;
	}
	r = subject_of(w, a, m, subject, &has_id);
	/* At the top, an empty node or one with nothing but @id is dropped,
	 * which safe mode refuses: expansion's way, the general path's. */
	if (r == 0 && top && live_entries(m) <= (size_t)(has_id ? 1 : 0))
		r = GIVE_UP;
	if (r == 0 && has_id && m->n > 1)
		note_id(w, *subject);
	if (r == 0) {
		note_props(w, m);
		ld_term_node(&w->e, subj, *subject);
	}
	for (i = 0; i < m->n && r == 0; i++) {
		const struct entry *e = &m->e[i];

		if (e->kw == EK_ID)
			continue;
		/* A term with a well-formed IRI has its ':' (it is absolute). */
		if (e->kw == EK_TYPE)
			r = type_triples(w, type_ctx, subj, e->v);
		else if (!e->prop || e->kw != EK_NONE ||
			 (!(e->t && e->t->wf) && !strchr(e->prop, ':')))
			r = GIVE_UP;
		else
			r = property(w, a, subj, e);
	}
	w->env->depth--;
	return r;
}

static int top_level(struct walk *w, struct ld_ctx *c, json_t *doc)
{
	struct ld_ctx *a, *type_ctx = NULL;
	char *subject = NULL;
	struct rdf_term subj;
	struct map mm, *m;
	size_t i;
	int r = 0;

	if (json_is_array(doc)) {
		for (i = 0; i < json_array_size(doc) && r == 0; i++)
			r = top_level(w, c, json_array_get(doc, i));
		return r;
	}
	if (!json_is_object(doc))
		return GIVE_UP;
	a = ld_ctx_ref(c);
	m = &mm;
	m->n = 0;
	r = ld_map_contexts(w->env, &a, &type_ctx, doc, NULL, 0, w->base) < 0 ? GIVE_UP : 0;
	if (r == 0)
		r = classify(w, a, doc, m);
	if (r == 0)
		r = m->has_value ? GIVE_UP : node_body(w, a, type_ctx, m, 1, &subject, &subj);
	map_release(m);
	free(subject);
	ld_ctx_unref(type_ctx);
	ld_ctx_unref(a);
	return r;
}

static unsigned long direct_count;

unsigned long jsonld_direct_count(void)
{
	return direct_count;
}

int ld_direct_to_rdf(struct ld_env *env, struct ld_ctx *c, json_t *doc, const char *base,
		     struct ld_issuer *is, struct rdf_dataset *out)
{
	struct err local = ERR_INIT, *saved = env->err;
	struct walk w = { env, { env, is, out, ld_default_graph, 1 }, base, 0, NULL, 0, 0,
			  nquads_sym(RDF_NS "type") };
	size_t start = out->n, i;
	unsigned depth = env->depth;
	int r;

	env->err = &local;	/* the general path reports, not this one */
	r = top_level(&w, c, doc);
	env->err = saved;
	env->depth = depth;
	for (i = 0; i < w.nids; i++)
		free(w.ids[i].id);
	free(w.ids);
	if (r == 0) {
		if (w.dups)
			ld_dedupe(out, start);
		/* Every term came from tordf.c's pooled helpers (w.e.pooled). */
		out->borrows_all = start == 0;
		direct_count++;
		return 0;
	}
	for (i = start; i < out->n; i++)
		rdf_quad_release(&out->quads[i]);
	out->n = start;
	json_object_clear(is->map);
	is->counter = 0;
	return GIVE_UP;
}
