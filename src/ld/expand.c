/* expand.c — the Expansion and Value Expansion algorithms (JSON-LD 1.1
 * API 5.1 and 5.3; ld-internal.h).  Keys are processed in code-point
 * order, as the algorithm's "ordered" mode does, so blank nodes are
 * numbered the same way on every run.  The entries of a map (step 13,
 * with the container maps) are in expand-entries.c.
 */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "expand-int.h"
#include "satchel/xalloc.h"

static int is_str(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* Safe mode: an IRI that would be dropped later (relative, no base). */
static int check_iri(struct ld_env *env, const char *iri, const char *prop, const char *raw)
{
	if (!env->safe || !iri || ld_is_keyword(iri) || ld_is_bnode(iri) || ld_is_absolute_iri(iri))
		return 0;
	return ld_unsafe(env, "relative IRI '%s' in '%s' would be dropped", raw, prop);
}

json_t *ld_expand_value(struct ld_env *env, const struct ld_ctx *c, const char *prop, json_t *v,
			int *failed)
{
	const struct ld_term *t = ld_ctx_term(c, prop);
	const char *type = t ? t->type : NULL, *lang, *dir;
	json_t *r;

	if ((is_str(type, "@id") || is_str(type, "@vocab")) && json_is_string(v)) {
		char *id = ld_expand_iri(env, c, json_string_value(v), 1, is_str(type, "@vocab"),
					 NULL, failed);

		if (!id) {
			if (env->safe)
				*failed = ld_unsafe(env, "value '%s' of '%s' ignored",
						    json_string_value(v), prop);
			return NULL;
		}
		if (check_iri(env, id, prop, json_string_value(v)) < 0) {
			free(id);
			*failed = 1;
			return NULL;
		}
		r = json_pack("{s:s}", "@id", id);
		free(id);
		return r;
	}
	r = json_pack("{s:O}", "@value", v);
	if (type && !is_str(type, "@id") && !is_str(type, "@vocab") && !is_str(type, "@none")) {
		json_object_set_new(r, "@type", json_string(type));
	} else if (json_is_string(v)) {
		lang = t && t->has_lang ? t->lang : c->lang;
		dir = t && t->has_dir ? t->dir : c->dir;
		if (lang)
			json_object_set_new(r, "@language", json_string(lang));
		if (dir)
			json_object_set_new(r, "@direction", json_string(dir));
	}
	return r;
}

/* IRI expansion (vocab) can only yield a keyword from the keyword itself
 * or from a term aliasing it, so no expansion is needed. */
int ld_expands_to(struct ld_env *env, const struct ld_ctx *c, const char *key, const char *kw)
{
	const struct ld_term *t;
	unsigned i;

	(void)env;
	if (key[0] == '@')
		return !strcmp(key, kw);
	if (!c)
		return 0;
	if (!c->kw_over) {	/* only an alias can expand to a keyword */
		for (i = 0; i < c->nkw; i++)
			if (c->kw[i]->key[0] == key[0] && !strcmp(c->kw[i]->key, key))
				return !strcmp(c->kw[i]->iri, kw);
		return 0;
	}
	t = ld_ctx_term(c, key);
	return t && t->iri && t->iri[0] == '@' && !strcmp(t->iri, kw);
}

/* ---- arrays and scalars ---------------------------------------------- */

static json_t *expand_array(struct ld_env *env, struct ld_ctx *c, const char *prop, json_t *elem,
			    const char *base, int from_map, int *failed)
{
	const struct ld_term *t = ld_ctx_term(c, prop);
	json_t *result = json_array(), *item, *e;
	size_t i;

	json_array_foreach(elem, i, item) {
		e = ld_expand(env, c, prop, item, base, from_map, failed);
		if (*failed) {
			json_decref(result);
			return NULL;
		}
		if (t && (t->container & LD_C_LIST) && json_is_array(e))
			e = json_pack("{s:o}", "@list", e);
		if (e)
			ld_append(result, e);
		json_decref(e);
	}
	return result;
}

static json_t *expand_scalar(struct ld_env *env, struct ld_ctx *c, const char *prop, json_t *elem,
			     const struct ld_term *scoped, int *failed)
{
	struct ld_ctx *sc;
	json_t *r;

	if (!prop || !strcmp(prop, "@graph")) {
		if (env->safe)
			*failed = ld_unsafe(env, "free-floating value would be dropped");
		return NULL;
	}
	if (!scoped)
		return ld_expand_value(env, c, prop, elem, failed);
	sc = ld_ctx_process(env, c, scoped->context, scoped->ctx_base, 0, NULL);
	if (!sc)
		return *failed = 1, NULL;
	r = ld_expand_value(env, sc, prop, elem, failed);
	ld_ctx_unref(sc);
	return r;
}

/* ---- maps: the contexts that apply (steps 7 to 11) ------------------- */

/* The keys of elem that expand to keyword kw in c, found by looking up
 * kw and its aliases (c->kw) in elem instead of walking elem's keys:
 * how many, at most max of them in out; -1 when c has more aliases than
 * it lists, or elem more such keys than max (the caller walks then). */
static int keys_expanding_to(const struct ld_ctx *c, json_t *elem, const char *kw,
			     const char **out, int max)
{
	int n = 0;
	unsigned i;

	if (!c || c->kw_over)
		return -1;
	if (json_object_get(elem, kw))
		out[n++] = kw;
	for (i = 0; i < c->nkw; i++) {
		/* Keywords mostly differ in their second byte. */
		if (c->kw[i]->iri[1] != kw[1] || strcmp(c->kw[i]->iri, kw) ||
		    !json_object_get(elem, c->kw[i]->key))
			continue;
		if (n == max)
			return -1;
		out[n++] = c->kw[i]->key;
	}
	return n;
}

/* Step 7: a non-propagated context reverts to the previous one, except
 * for value objects and node references. */
static int keeps_context(struct ld_env *env, struct ld_ctx *c, json_t *elem)
{
	const char *k, *found[4];
	json_t *v;
	int n = keys_expanding_to(c, elem, "@value", found, 4);

	if (n > 0)
		return 1;
	if (n == 0 && json_object_size(elem) != 1)
		return 0;
	if (n == 0)	/* one key: at most one of them */
		return keys_expanding_to(c, elem, "@id", found, 4) > 0;
	json_object_foreach(elem, k, v) {
		if (ld_expands_to(env, c, k, "@value"))
			return 1;
	}
	if (json_object_size(elem) == 1) {
		json_object_foreach(elem, k, v) {
			if (ld_expands_to(env, c, k, "@id"))
				return 1;
		}
	}
	return 0;
}

static int apply(struct ld_env *env, struct ld_ctx **c, json_t *local, const char *base,
		 unsigned flags)
{
	struct ld_ctx *n = ld_ctx_process(env, *c, local, base, flags, NULL);

	if (!n)
		return -1;
	ld_ctx_unref(*c);
	*c = n;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The type-scoped contexts of the strings in types, in code-point order,
 * each type once. */
static int apply_types(struct ld_env *env, struct ld_ctx **active, const struct ld_ctx *type_ctx,
		       json_t *types)
{
	const char *one, **tk = &one;
	size_t j, m = 0, n = json_is_array(types) ? json_array_size(types) : 1;
	int ret = 0;

	if (n > 1)
		tk = xmalloc(n * sizeof(*tk));
	for (j = 0; j < n; j++) {
		json_t *v = json_is_array(types) ? json_array_get(types, j) : types;

		if (json_is_string(v))
			tk[m++] = json_string_value(v);
	}
	if (m > 1)
		qsort(tk, m, sizeof(*tk), cmp_str);
	for (j = 0; j < m && ret == 0; j++) {
		const struct ld_term *t = ld_ctx_term(type_ctx, tk[j]);

		if (j > 0 && !strcmp(tk[j], tk[j - 1]))
			continue;
		if (t && t->context)
			ret = apply(env, active, t->context, t->ctx_base, LD_PROC_NOPROPAGATE);
	}
	if (tk != &one)
		free(tk);
	return ret;
}

/* Step 11: type-scoped contexts, looked up in the context before any of
 * them applies, keys in code-point order. */
static int apply_type_scoped(struct ld_env *env, struct ld_ctx **active,
			     const struct ld_ctx *type_ctx, json_t *elem)
{
	const char **keys, *k, *tkey = NULL, *found[4];
	struct ld_ctx *before;
	size_t i, n, ntype = 0;
	json_t *v;
	int ret = 0, nf, j;

	/* Nearly every node has one key expanding to @type: no sorting then,
	 * unless its contexts make a key after it (in code-point order) an
	 * alias of @type, which the sorted walk would apply too.  The keys
	 * are looked up by name where the context lists its aliases. */
	nf = keys_expanding_to(*active, elem, "@type", found, 4);
	if (nf >= 0) {
		ntype = (size_t)nf;
		tkey = nf ? found[0] : NULL;
	} else {
		json_object_foreach(elem, k, v) {
			if (ld_expands_to(env, *active, k, "@type"))
				ntype++, tkey = k;
		}
	}
	if (ntype == 0)
		return 0;
	if (ntype == 1) {
		before = ld_ctx_ref(*active);
		ret = apply_types(env, active, type_ctx, json_object_get(elem, tkey));
		nf = ret == 0 && *active != before ?
		     keys_expanding_to(*active, elem, "@type", found, 4) : 0;
		for (j = 0; j < nf; j++)
			if (strcmp(found[j], tkey) > 0)
				ret = 1;
		if (nf < 0) {
			json_object_foreach(elem, k, v) {
				if (ret == 0 && strcmp(k, tkey) > 0 &&
				    ld_expands_to(env, *active, k, "@type"))
					ret = 1;
			}
		}
		if (ret <= 0) {
			ld_ctx_unref(before);
			return ret;
		}
		ld_ctx_unref(*active);
		*active = before;
		ret = 0;
	}
	keys = ld_sorted_keys(elem, &n);
	for (i = 0; i < n && ret == 0; i++)
		if (ld_expands_to(env, *active, keys[i], "@type"))
			ret = apply_types(env, active, type_ctx, json_object_get(elem, keys[i]));
	free(keys);
	return ret;
}

int ld_map_contexts(struct ld_env *env, struct ld_ctx **active, struct ld_ctx **type_ctx,
		    json_t *elem, const struct ld_term *scoped, int from_map, const char *base)
{
	json_t *local = json_object_get(elem, "@context");

	*type_ctx = NULL;
	if ((*active)->prev && !from_map && !keeps_context(env, *active, elem)) {
		struct ld_ctx *prev = ld_ctx_ref((*active)->prev);

		ld_ctx_unref(*active);
		*active = prev;
	}
	if (scoped && apply(env, active, scoped->context, scoped->ctx_base, LD_PROC_OVERRIDE) < 0)
		return -1;
	if (local && apply(env, active, local, base, LD_PROC_BYVALUE) < 0)
		return -1;
	*type_ctx = ld_ctx_ref(*active);
	return apply_type_scoped(env, active, *type_ctx, elem);
}

/* Step 12: the expanded last value of the first @type entry. */
static void find_input_type(struct xstate *st, json_t *elem)
{
	const char **keys;
	size_t i, n;
	int failed = 0;

	keys = ld_sorted_keys(elem, &n);
	for (i = 0; i < n; i++) {
		json_t *v = json_object_get(elem, keys[i]);

		if (!ld_expands_to(st->env, st->active, keys[i], "@type"))
			continue;
		if (json_is_array(v))
			v = json_array_get(v, json_array_size(v) - 1);
		if (json_is_string(v))
			st->input_type = ld_expand_iri(st->env, st->active, json_string_value(v), 0, 1,
						       NULL, &failed);
		break;
	}
	free(keys);
}

static int setup_contexts(struct xstate *st, json_t *elem, const struct ld_term *scoped,
			  int from_map)
{
	if (ld_map_contexts(st->env, &st->active, &st->type_ctx, elem, scoped, from_map,
			    st->base) < 0)
		return -1;
	find_input_type(st, elem);
	return 0;
}

/* ---- maps: steps 15 to 19 ------------------------------------------ */

static int only_keys(json_t *obj, const char *const *allowed, size_t n)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj, k, v) {
		for (i = 0; i < n && strcmp(k, allowed[i]); i++)
			;
		if (i == n)
			return 0;
	}
	return 1;
}

static int finish_value(struct xstate *st, json_t **res)
{
	static const char *const allowed[] = { "@direction", "@index", "@language", "@type",
					       "@value" };
	json_t *r = *res, *v = json_object_get(r, "@value"), *t = json_object_get(r, "@type");
	struct ld_env *env = st->env;

	if (!only_keys(r, allowed, 5) ||
	    (t && (json_object_get(r, "@language") || json_object_get(r, "@direction"))))
		return ld_error(env, "invalid value object", "a value object has extra entries");
	if (json_is_string(t) && !strcmp(json_string_value(t), "@json"))
		return 0;
	if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
		json_decref(r);
		*res = NULL;
		/* A value object that says nothing is dropped, along with its
		 * @type or @language: safe mode refuses it, as the reference
		 * verifiers' does. */
		return st->env->safe ? ld_unsafe(env, "a value object with a null @value "
						 "would be dropped") : 0;
	}
	if (!json_is_string(v) && json_object_get(r, "@language"))
		return ld_error(env, "invalid language-tagged value", "@language with a non-string");
	if (t && (!json_is_string(t) || !ld_is_absolute_iri(json_string_value(t))))
		return ld_error(env, "invalid typed value", "value @type '%s' is not an IRI",
				json_is_string(t) ? json_string_value(t) : "(not a string)");
	return 0;
}

static int finish_set_list(struct xstate *st, json_t **res)
{
	json_t *r = *res, *set = json_object_get(r, "@set");
	size_t n = json_object_size(r);

	if (n > 2 || (n == 2 && !json_object_get(r, "@index")))
		return ld_error(st->env, "invalid set or list object", "@set/@list with other entries");
	if (set) {
		*res = json_incref(set);
		json_decref(r);
	}
	return 0;
}

/* Steps 18 and 19: what is dropped at the top and in @graph. */
static int drop_floating(struct xstate *st, json_t **res)
{
	json_t *r = *res;
	const char *why = NULL;

	if (!json_is_object(r))
		return 0;
	if (json_object_size(r) == 1 && json_object_get(r, "@language"))
		why = "an object with only @language";
	else if (st->prop && strcmp(st->prop, "@graph"))
		return 0;
	else if (json_object_size(r) == 0)
		why = "an empty object";
	else if (json_object_get(r, "@value") || json_object_get(r, "@list"))
		why = "a free-floating value";
	else if (json_object_size(r) == 1 && json_object_get(r, "@id"))
		why = "an object with only @id";
	if (!why)
		return 0;
	json_decref(r);
	*res = NULL;
	return st->env->safe ? ld_unsafe(st->env, "%s would be dropped", why) : 0;
}

static int finish(struct xstate *st, json_t **res)
{
	json_t *t;

	if (json_object_get(*res, "@value")) {
		if (finish_value(st, res) < 0)
			return -1;
	} else if ((t = json_object_get(*res, "@type")) && !json_is_array(t)) {
		json_object_set_new(*res, "@type", json_pack("[O]", t));
	} else if (json_object_get(*res, "@set") || json_object_get(*res, "@list")) {
		if (finish_set_list(st, res) < 0)
			return -1;
	}
	return drop_floating(st, res);
}

static json_t *expand_object(struct ld_env *env, struct ld_ctx *c, const char *prop, json_t *elem,
			     const char *base, int from_map, const struct ld_term *scoped,
			     int *failed)
{
	struct xstate st = { env, ld_ctx_ref(c), NULL, prop, base, NULL, json_object() };
	json_t *res = NULL;

	if (setup_contexts(&st, elem, scoped, from_map) == 0 && ld_expand_entries(&st, elem) == 0 &&
	    finish(&st, &st.result) == 0) {
		res = st.result;
		st.result = NULL;
	} else {
		*failed = 1;
	}
	json_decref(st.result);
	free(st.input_type);
	ld_ctx_unref(st.type_ctx);
	ld_ctx_unref(st.active);
	return res;
}

json_t *ld_expand(struct ld_env *env, struct ld_ctx *c, const char *prop, json_t *elem,
		  const char *base, int from_map, int *failed)
{
	const struct ld_term *t = prop ? ld_ctx_term(c, prop) : NULL;
	const struct ld_term *scoped = t && t->context ? t : NULL;
	json_t *r;

	if (!elem || json_is_null(elem))
		return NULL;
	if (++env->depth > LD_MAX_DEPTH) {
		env->depth--;
		*failed = ld_error(env, "context overflow", "document nested too deeply");
		return NULL;
	}
	if (json_is_array(elem))
		r = expand_array(env, c, prop, elem, base, from_map, failed);
	else if (json_is_object(elem))
		r = expand_object(env, c, prop, elem, base, from_map, scoped, failed);
	else
		r = expand_scalar(env, c, prop, elem, scoped, failed);
	env->depth--;
	if (*failed) {
		json_decref(r);
		return NULL;
	}
	return r;
}
