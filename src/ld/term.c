/* term.c — the Create Term Definition and IRI Expansion algorithms
 * (JSON-LD 1.1 API 4.2 and 5.2; ld-internal.h). */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/xalloc.h"

static struct ld_term *term_new(const char *key)
{
	struct ld_term *t = xcalloc(1, sizeof(*t));

	t->refs = 1;
	t->key = xstrdup(key);
	return t;
}

static int streq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Equal but for @protected: an identical redefinition of a protected
 * term is allowed. */
static int term_equal(const struct ld_term *a, const struct ld_term *b)
{
	if (!streq(a->iri, b->iri) || !streq(a->type, b->type) || !streq(a->index, b->index) ||
	    !streq(a->nest, b->nest) || a->container != b->container || a->prefix != b->prefix ||
	    a->reverse != b->reverse || a->has_lang != b->has_lang || a->has_dir != b->has_dir)
		return 0;
	if ((a->has_lang && !streq(a->lang, b->lang)) || (a->has_dir && !streq(a->dir, b->dir)))
		return 0;
	if ((a->context == NULL) != (b->context == NULL))
		return 0;
	return !a->context || json_equal(a->context, b->context);
}

/* ---- IRI expansion ------------------------------------------------- */

static int define_on_demand(struct ld_define *d, const char *key)
{
	json_t *st;

	if (!d || !json_object_get(d->local, key))
		return 0;
	st = json_object_get(d->defined, key);
	if (json_is_true(st))
		return 0;
	return ld_term_create(d, key);
}

static char *concat(const char *a, const char *b)
{
	return xasprintf("%s%s", a, b);
}

/* Step 6: a value with a colon after its first character. */
static int expand_compact(struct ld_env *env, const struct ld_ctx *c, const char *value,
			  struct ld_define *d, char **out)
{
	const char *colon = strchr(value + 1, ':');
	const struct ld_term *t;
	char small[64], *prefix;	/* every @id of a document comes here */
	size_t n;
	int r;

	(void)env;
	if (!colon)
		return 0;
	n = (size_t)(colon - value);
	if ((n == 1 && value[0] == '_') || !strncmp(colon + 1, "//", 2)) {
		*out = xstrdup(value);
		return 1;
	}
	prefix = n < sizeof(small) ? small : xmalloc(n + 1);
	memcpy(prefix, value, n);
	prefix[n] = '\0';
	r = define_on_demand(d, prefix);
	t = r < 0 ? NULL : ld_ctx_term(d ? d->active : c, prefix);
	if (prefix != small)
		free(prefix);
	if (r < 0)
		return -1;
	if (t && t->iri && t->prefix) {
		*out = concat(t->iri, colon + 1);
		return 1;
	}
	if (ld_is_absolute_iri(value)) {
		*out = xstrdup(value);
		return 1;
	}
	return 0;
}

char *ld_expand_iri(struct ld_env *env, const struct ld_ctx *c, const char *value, int doc_rel,
		    int vocab, struct ld_define *d, int *failed)
{
	const struct ld_term *t;
	char *out = NULL;
	int r;

	if (!value || ld_is_keyword(value))
		return xstrdup(value);
	if (ld_keyword_form(value))
		return NULL;
	if (d) {
		if (define_on_demand(d, value) < 0)
			return *failed = 1, NULL;
		c = d->active;
	}
	/* An @id is mostly a long IRI: hashing it to find no term was most
	 * of this function's time. */
	t = c && !c->ncolon && strchr(value, ':') ? NULL : ld_ctx_term(c, value);
	if (t && t->iri && ld_is_keyword(t->iri))
		return xstrdup(t->iri);
	if (vocab && t)
		return xstrdup(t->iri);
	if (value[0] && (r = expand_compact(env, c, value, d, &out)) != 0)
		return r < 0 ? (*failed = 1, NULL) : out;
	if (vocab && c->vocab)
		return concat(c->vocab, value);
	if (doc_rel)
		return c->base ? ld_iri_resolve(c->base, value) : xstrdup(value);
	return xstrdup(value);
}

/* ---- Create Term Definition ------------------------------------------ */

/* Step 4: @type may only be redefined as {"@container": "@set",
 * "@protected": ...} in json-ld-1.1. */
static int check_type_redefinition(struct ld_env *env, json_t *value)
{
	const char *k;
	json_t *v;
	int ok = !env->mode10 && json_is_object(value) && json_object_size(value) > 0;

	if (ok)
		json_object_foreach(value, k, v) {
			if (!strcmp(k, "@container") && json_is_string(v) &&
			    !strcmp(json_string_value(v), "@set"))
				continue;
			if (!strcmp(k, "@protected"))
				continue;
			ok = 0;
		}
	return ok ? 0 : ld_error(env, "keyword redefinition", "@type cannot be redefined so");
}

static int set_type(struct ld_define *d, struct ld_term *t, json_t *v)
{
	struct ld_env *env = d->env;
	int failed = 0;
	char *type;

	if (!json_is_string(v))
		return ld_error(env, "invalid type mapping", "term '%s': @type must be a string",
				t->key);
	type = ld_expand_iri(env, d->active, json_string_value(v), 0, 1, d, &failed);
	if (failed)
		return free(type), -1;
	if (type && env->mode10 && (!strcmp(type, "@json") || !strcmp(type, "@none"))) {
		free(type);
		return ld_error(env, "invalid type mapping", "term '%s': @type needs json-ld-1.1",
				t->key);
	}
	if (!type || (strcmp(type, "@id") && strcmp(type, "@json") && strcmp(type, "@none") &&
		      strcmp(type, "@vocab") && !ld_is_absolute_iri(type))) {
		free(type);
		return ld_error(env, "invalid type mapping", "term '%s': bad @type", t->key);
	}
	t->type = type;
	return 0;
}

/* An @id or @reverse of keyword form ("@foo"): JSON-LD ignores the term
 * (*skip), which safe mode, like the reference verifiers', refuses. */
static int reserved_mapping(struct ld_define *d, const char *term, const char *entry,
			    const char *value, int *skip)
{
	if (d->env->safe)
		return ld_unsafe(d->env, "term '%s': %s '%s' is reserved and would be ignored",
				 term, entry, value);
	*skip = 1;
	return 0;
}

/* Step 14: a reverse property. */
static int set_reverse(struct ld_define *d, struct ld_term *t, json_t *value, int *skip)
{
	struct ld_env *env = d->env;
	json_t *rv = json_object_get(value, "@reverse"), *cv;
	int failed = 0;

	if (json_object_get(value, "@id") || json_object_get(value, "@nest"))
		return ld_error(env, "invalid reverse property", "term '%s'", t->key);
	if (!json_is_string(rv))
		return ld_error(env, "invalid IRI mapping", "term '%s': @reverse not a string", t->key);
	if (ld_keyword_form(json_string_value(rv)))
		return reserved_mapping(d, t->key, "@reverse", json_string_value(rv), skip);
	t->iri = ld_expand_iri(env, d->active, json_string_value(rv), 0, 1, d, &failed);
	if (failed)
		return -1;
	if (!t->iri || (!ld_is_absolute_iri(t->iri) && !ld_is_bnode(t->iri)))
		return ld_error(env, "invalid IRI mapping", "term '%s': bad @reverse", t->key);
	cv = json_object_get(value, "@container");
	if (cv && !json_is_null(cv)) {
		const char *s = json_string_value(cv);

		if (!s || (strcmp(s, "@set") && strcmp(s, "@index")))
			return ld_error(env, "invalid reverse property", "term '%s': container",
					t->key);
		t->container = !strcmp(s, "@set") ? LD_C_SET : LD_C_INDEX;
	}
	t->reverse = 1;
	return 0;
}

/* A colon anywhere but first or last: the term looks like an IRI. */
static int inner_colon(const char *term)
{
	size_t i, n = strlen(term);

	for (i = 1; i + 1 < n; i++)
		if (term[i] == ':')
			return 1;
	return 0;
}

/* Step 16: an explicit @id that differs from the term. */
static int set_explicit_id(struct ld_define *d, struct ld_term *t, json_t *idv, int simple,
			   int *skip)
{
	struct ld_env *env = d->env;
	const char *term = t->key, *s = json_string_value(idv);
	int failed = 0;

	if (json_is_null(idv))
		return 0;
	if (!s)
		return ld_error(env, "invalid IRI mapping", "term '%s': @id not a string", term);
	if (!ld_is_keyword(s) && ld_keyword_form(s))
		return reserved_mapping(d, term, "@id", s, skip);
	t->iri = ld_expand_iri(env, d->active, s, 0, 1, d, &failed);
	if (failed)
		return -1;
	if (!t->iri || (!ld_is_keyword(t->iri) && !ld_is_absolute_iri(t->iri) &&
			!ld_is_bnode(t->iri)))
		return ld_error(env, "invalid IRI mapping", "term '%s': '%s' is not an IRI", term, s);
	if (!strcmp(t->iri, "@context"))
		return ld_error(env, "invalid keyword alias", "term '%s' aliases @context", term);
	if (inner_colon(term) || strchr(term, '/')) {
		char *again;

		json_object_set_new(d->defined, term, json_true());
		again = ld_expand_iri(env, d->active, term, 0, 1, d, &failed);
		if (!failed && (!again || strcmp(again, t->iri)))
			failed = ld_error(env, "invalid IRI mapping",
					  "term '%s' looks like an IRI other than its @id", term);
		free(again);
		return failed ? -1 : 0;
	}
	if (simple && !strchr(term, ':') && !strchr(term, '/') &&
	    (strchr(":/?#[]@", t->iri[strlen(t->iri) - 1]) || ld_is_bnode(t->iri)))
		t->prefix = 1;
	return 0;
}

/* Steps 17 to 20: the IRI of a term without an explicit @id. */
static int derive_iri(struct ld_define *d, struct ld_term *t)
{
	struct ld_env *env = d->env;
	const char *term = t->key, *colon = strchr(term + 1, ':');
	int failed = 0;

	if (colon) {
		char *prefix = xstrndup(term, (size_t)(colon - term));
		const struct ld_term *pt;

		if (json_object_get(d->local, prefix) && define_on_demand(d, prefix) < 0)
			return free(prefix), -1;
		pt = ld_ctx_term(d->active, prefix);
		free(prefix);
		t->iri = (pt && pt->iri) ? concat(pt->iri, colon + 1) : xstrdup(term);
		return 0;
	}
	if (strchr(term, '/')) {
		t->iri = ld_expand_iri(env, d->active, term, 0, 1, NULL, &failed);
		if (failed)
			return -1;
		if (!t->iri || !ld_is_absolute_iri(t->iri))
			return ld_error(env, "invalid IRI mapping", "term '%s' is not an IRI", term);
		return 0;
	}
	if (!strcmp(term, "@type")) {
		t->iri = xstrdup("@type");
		return 0;
	}
	if (!d->active->vocab)
		return ld_error(env, "invalid IRI mapping", "term '%s' has no IRI and no @vocab",
				term);
	t->iri = concat(d->active->vocab, term);
	return 0;
}

struct container_name {
	const char *name;
	unsigned bit;
};

static const struct container_name container_names[] = {
	{ "@graph", LD_C_GRAPH }, { "@id", LD_C_ID }, { "@index", LD_C_INDEX },
	{ "@language", LD_C_LANGUAGE }, { "@list", LD_C_LIST }, { "@set", LD_C_SET },
	{ "@type", LD_C_TYPE },
};

static unsigned container_bit(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(container_names) / sizeof(container_names[0]); i++)
		if (!strcmp(s, container_names[i].name))
			return container_names[i].bit;
	return 0;
}

/* The combinations step 21.1 allows. */
static int container_valid(unsigned c, size_t count)
{
	unsigned rest = c & ~LD_C_SET;

	if (count == 1)
		return 1;
	if (c & LD_C_LIST)
		return 0;
	if (rest & LD_C_GRAPH)
		return !(rest & ~(LD_C_GRAPH | LD_C_ID | LD_C_INDEX)) &&
		       (rest & (LD_C_ID | LD_C_INDEX)) != (LD_C_ID | LD_C_INDEX);
	return (c & LD_C_SET) && (rest & (rest - 1)) == 0;
}

static int set_container(struct ld_define *d, struct ld_term *t, json_t *cv)
{
	struct ld_env *env = d->env;
	size_t i, n = json_is_array(cv) ? json_array_size(cv) : 1;
	unsigned bits = 0, b;

	if (env->mode10 && (!json_is_string(cv) ||
			    (container_bit(json_string_value(cv)) & (LD_C_GRAPH | LD_C_ID | LD_C_TYPE))))
		return ld_error(env, "invalid container mapping", "term '%s' (json-ld-1.0)", t->key);
	for (i = 0; i < n; i++) {
		json_t *item = json_is_array(cv) ? json_array_get(cv, i) : cv;

		b = container_bit(json_string_value(item));
		if (!b || (bits & b))
			return ld_error(env, "invalid container mapping", "term '%s'", t->key);
		bits |= b;
	}
	if (!bits || !container_valid(bits, n))
		return ld_error(env, "invalid container mapping", "term '%s'", t->key);
	t->container = bits;
	if (bits & LD_C_TYPE) {
		if (!t->type)
			t->type = xstrdup("@id");
		if (strcmp(t->type, "@id") && strcmp(t->type, "@vocab"))
			return ld_error(env, "invalid type mapping", "term '%s': @type container",
					t->key);
	}
	return 0;
}

static int set_index(struct ld_define *d, struct ld_term *t, json_t *iv)
{
	struct ld_env *env = d->env;
	int failed = 0;
	char *iri;

	if (env->mode10 || !(t->container & LD_C_INDEX))
		return ld_error(env, "invalid term definition", "term '%s': @index", t->key);
	if (!json_is_string(iv))
		return ld_error(env, "invalid term definition", "term '%s': @index", t->key);
	iri = ld_expand_iri(env, d->active, json_string_value(iv), 0, 1, d, &failed);
	if (failed || !iri || !ld_is_absolute_iri(iri)) {
		free(iri);
		return failed ? -1 : ld_error(env, "invalid term definition", "term '%s': @index",
					      t->key);
	}
	free(iri);
	t->index = xstrdup(json_string_value(iv));
	return 0;
}

/* Step 23: a scoped context is checked now, used when expanding. */
static int set_scoped_context(struct ld_define *d, struct ld_term *t, json_t *cv)
{
	struct ld_env *env = d->env;
	struct ld_ctx *check;

	if (env->mode10)
		return ld_error(env, "invalid term definition", "term '%s': @context", t->key);
	check = ld_ctx_process(env, d->active, cv, d->base, LD_PROC_OVERRIDE | LD_PROC_NOVALIDATE,
			       d->remote);
	if (!check) {
		char inner[sizeof(env->err->msg)];

		if (env->err->code != ERR_PARSE)
			return -1;
		memcpy(inner, env->err->msg, sizeof(inner));
		return ld_error(env, "invalid scoped context", "term '%s': %s", t->key, inner);
	}
	ld_ctx_unref(check);
	/* A private copy: cached contexts outlive the document that defined
	 * them, and the memo keys scoped contexts by identity. */
	t->context = json_deep_copy(cv);
	t->ctx_base = xstrdup(d->base);
	return 0;
}

static int set_language_mapping(struct ld_define *d, struct ld_term *t, json_t *v)
{
	if (!json_is_null(v) && !json_is_string(v))
		return ld_error(d->env, "invalid language mapping", "term '%s'", t->key);
	t->has_lang = 1;
	t->lang = json_is_string(v) ? ld_lowercase(json_string_value(v)) : NULL;
	return 0;
}

static int set_direction_mapping(struct ld_define *d, struct ld_term *t, json_t *v)
{
	const char *s = json_string_value(v);

	if (!json_is_null(v) && (!s || (strcmp(s, "ltr") && strcmp(s, "rtl"))))
		return ld_error(d->env, "invalid base direction", "term '%s'", t->key);
	t->has_dir = 1;
	t->dir = xstrdup(s);
	return 0;
}

static int set_nest(struct ld_define *d, struct ld_term *t, json_t *v)
{
	const char *s = json_string_value(v);

	if (d->env->mode10)
		return ld_error(d->env, "invalid term definition", "term '%s': @nest", t->key);
	if (!s || (ld_is_keyword(s) && strcmp(s, "@nest")))
		return ld_error(d->env, "invalid @nest value", "term '%s'", t->key);
	t->nest = xstrdup(s);
	return 0;
}

static int set_prefix(struct ld_define *d, struct ld_term *t, json_t *v)
{
	if (d->env->mode10 || strchr(t->key, ':') || strchr(t->key, '/'))
		return ld_error(d->env, "invalid term definition", "term '%s': @prefix", t->key);
	if (!json_is_boolean(v))
		return ld_error(d->env, "invalid @prefix value", "term '%s'", t->key);
	t->prefix = json_is_true(v);
	if (t->prefix && t->iri && ld_is_keyword(t->iri))
		return ld_error(d->env, "invalid term definition", "term '%s': keyword prefix",
				t->key);
	return 0;
}

static int check_entries(struct ld_define *d, struct ld_term *t, json_t *value)
{
	static const char *const allowed[] = {
		"@container", "@context", "@direction", "@id", "@index", "@language",
		"@nest", "@prefix", "@protected", "@reverse", "@type",
	};
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(value, k, v) {
		for (i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
			if (!strcmp(k, allowed[i]))
				break;
		if (i == sizeof(allowed) / sizeof(allowed[0]))
			return ld_error(d->env, "invalid term definition", "term '%s': entry '%s'",
					t->key, k);
	}
	return 0;
}

/* Steps 21 to 28: the optional entries, in the order of the algorithm. */
static int set_options(struct ld_define *d, struct ld_term *t, json_t *value)
{
	json_t *v;

	if (!t->reverse && (v = json_object_get(value, "@container")) && set_container(d, t, v) < 0)
		return -1;
	if ((v = json_object_get(value, "@index")) && set_index(d, t, v) < 0)
		return -1;
	if ((v = json_object_get(value, "@context")) && set_scoped_context(d, t, v) < 0)
		return -1;
	if ((v = json_object_get(value, "@language")) && !json_object_get(value, "@type") &&
	    set_language_mapping(d, t, v) < 0)
		return -1;
	if ((v = json_object_get(value, "@direction")) && !json_object_get(value, "@type") &&
	    set_direction_mapping(d, t, v) < 0)
		return -1;
	if ((v = json_object_get(value, "@nest")) && set_nest(d, t, v) < 0)
		return -1;
	if ((v = json_object_get(value, "@prefix")) && set_prefix(d, t, v) < 0)
		return -1;
	return check_entries(d, t, value);
}

/* Steps 11 to 20: protection, type, reverse and IRI. */
static int set_core(struct ld_define *d, struct ld_term *t, json_t *value, int simple, int *skip)
{
	json_t *v = json_object_get(value, "@protected"), *idv;

	t->protect = d->protect;
	if (v) {
		if (d->env->mode10)
			return ld_error(d->env, "invalid term definition", "term '%s': @protected",
					t->key);
		if (!json_is_boolean(v))
			return ld_error(d->env, "invalid @protected value", "term '%s'", t->key);
		t->protect = json_is_true(v);
	}
	if ((v = json_object_get(value, "@type")) && set_type(d, t, v) < 0)
		return -1;
	if (json_object_get(value, "@reverse"))
		return set_reverse(d, t, value, skip);
	idv = json_object_get(value, "@id");
	if (idv && !(json_is_string(idv) && !strcmp(json_string_value(idv), t->key)))
		return set_explicit_id(d, t, idv, simple, skip);
	return derive_iri(d, t);
}

/* Step 29: a protected term may only be redefined identically. */
static int check_protected(struct ld_define *d, struct ld_term **tp, const struct ld_term *prev)
{
	if ((d->flags & LD_PROC_OVERRIDE) || !prev || !prev->protect)
		return 0;
	if (!term_equal(*tp, prev))
		return ld_error(d->env, "protected term redefinition",
				"term '%s' is protected and cannot be redefined differently",
				(*tp)->key);
	ld_term_unref(*tp);
	*tp = (struct ld_term *)prev;
	(*tp)->refs++;
	return 0;
}

/* The term's value as a map (steps 7 to 9); a new reference. */
static json_t *term_value(struct ld_env *env, json_t *raw, const char *term, int *simple)
{
	*simple = 0;
	if (json_is_null(raw))
		return json_pack("{s:n}", "@id");
	if (json_is_string(raw)) {
		*simple = 1;
		return json_pack("{s:O}", "@id", raw);
	}
	if (!json_is_object(raw))
		return ld_error(env, "invalid term definition", "term '%s'", term), NULL;
	return json_incref(raw);
}

static int define(struct ld_define *d, const char *term, json_t *value, int simple)
{
	struct ld_term *prev = (struct ld_term *)ld_ctx_term(d->active, term);
	struct ld_term *t = term_new(term);
	int skip = 0, r;

	if (prev)
		prev->refs++;
	ld_ctx_set_term(d->active, term, NULL);
	r = set_core(d, t, value, simple, &skip);
	if (r >= 0 && !skip)
		r = set_options(d, t, value);
	/* Known once here, instead of for every quad the term makes. */
	t->wf = t->iri && !ld_is_keyword(t->iri) && !ld_is_bnode(t->iri) &&
		ld_is_absolute_iri(t->iri) && ld_iri_well_formed(t->iri);
	t->type_sym = t->type && t->type[0] != '@' && ld_iri_well_formed(t->type) &&
		      strcmp(t->type, RDF_XSD_STRING) && strcmp(t->type, RDF_LANG_STRING) ?
		      nquads_sym(t->type) : NULL;
	t->iri_hash = t->iri ? ld_hash_str(t->iri) : 0;
	t->sym = t->wf ? nquads_sym(t->iri) : NULL;
	if (r >= 0 && !skip)
		r = check_protected(d, &t, prev);
	if (r >= 0 && !skip) {
		ld_ctx_set_term(d->active, term, t);
		t = NULL;
	}
	if (r >= 0)
		json_object_set_new(d->defined, term, json_true());
	ld_term_unref(t);
	ld_term_unref(prev);
	return r < 0 ? -1 : 0;
}

int ld_term_create(struct ld_define *d, const char *term)
{
	struct ld_env *env = d->env;
	json_t *st = json_object_get(d->defined, term), *value;
	int simple, r;

	if (st)
		return json_is_true(st) ? 0 : ld_error(env, "cyclic IRI mapping", "term '%s'", term);
	if (!*term)
		return ld_error(env, "invalid term definition", "empty term");
	json_object_set_new(d->defined, term, json_false());
	if (!strcmp(term, "@type")) {
		if (check_type_redefinition(env, json_object_get(d->local, term)) < 0)
			return -1;
	} else if (ld_is_keyword(term)) {
		return ld_error(env, "keyword redefinition", "'%s' is a keyword", term);
	} else if (ld_keyword_form(term)) {
		/* Reserved for future keywords: ignored, which safe mode,
		 * like the reference verifiers', does not allow. */
		if (env->safe)
			return ld_unsafe(env, "term '%s' is reserved and would be ignored", term);
		json_object_set_new(d->defined, term, json_true());
		return 0;
	}
	value = term_value(env, json_object_get(d->local, term), term, &simple);
	if (!value)
		return -1;
	r = define(d, term, value, simple);
	json_decref(value);
	return r;
}
