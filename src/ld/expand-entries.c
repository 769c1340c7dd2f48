/* expand-entries.c — step 13 and 14 of the Expansion algorithm: the
 * entries of one map, keywords first by a table, then properties with
 * their container maps (language, index, id, type) and @nest. */
#include <stdlib.h>
#include <string.h>
#include "expand-int.h"
#include "satchel/xalloc.h"

typedef int kw_fn(struct xstate *st, json_t *value, json_t **out);

static int is_str(const char *a, const char *b)
{
	return a && !strcmp(a, b);
}

/* Language tags are lower-cased (see ld_lowercase). */
static json_t *lower_string(const char *s)
{
	char *d = ld_lowercase(s);
	json_t *r = json_string(d);

	free(d);
	return r;
}

static json_t *expand_arr(struct xstate *st, const char *prop, json_t *v, int *failed)
{
	json_t *e = ld_expand(st->env, st->active, prop, v, st->base, 0, failed);

	if (*failed)
		return NULL;
	if (!e)
		return json_array();
	if (json_is_array(e))
		return e;
	return json_pack("[o]", e);
}

static int kw_id(struct xstate *st, json_t *value, json_t **out)
{
	struct ld_env *env = st->env;
	int failed = 0;
	char *id;

	if (!json_is_string(value))
		return ld_error(env, "invalid @id value", "@id must be a string");
	id = ld_expand_iri(env, st->active, json_string_value(value), 1, 0, NULL, &failed);
	if (!id) {
		/* A keyword-like @id: kept as null, so the node is dropped. */
		*out = json_null();
		return env->safe ? ld_unsafe(env, "@id '%s' ignored", json_string_value(value)) : 0;
	}
	if (env->safe && !ld_is_bnode(id) && !ld_is_absolute_iri(id)) {
		free(id);
		return ld_unsafe(env, "relative @id '%s' would be dropped", json_string_value(value));
	}
	*out = json_string(id);
	free(id);
	return 0;
}

static json_t *expand_type_iri(struct xstate *st, json_t *v, int *failed)
{
	struct ld_env *env = st->env;
	const char *s = json_string_value(v);
	char *e = ld_expand_iri(env, st->type_ctx, s, 1, 1, NULL, failed);
	json_t *r;

	if (env->safe && (!e || (!ld_is_keyword(e) && !ld_is_bnode(e) && !ld_is_absolute_iri(e)))) {
		*failed = ld_unsafe(env, "relative @type '%s' would be dropped", s);
		free(e);
		return NULL;
	}
	r = e ? json_string(e) : NULL;
	free(e);
	return r;
}

static int all_strings(json_t *v)
{
	json_t *item;
	size_t i;

	if (json_is_string(v))
		return 1;
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, item)
		if (!json_is_string(item))
			return 0;
	return 1;
}

static int kw_type(struct xstate *st, json_t *value, json_t **out)
{
	json_t *prev = json_object_get(st->result, "@type"), *arr, *items, *e;
	int failed = 0;
	size_t i;

	if (!all_strings(value))
		return ld_error(st->env, "invalid type value", "@type must be strings");
	if (json_is_string(value) && !prev) {
		*out = expand_type_iri(st, value, &failed);
		return failed ? -1 : 0;
	}
	/* Several keys expanding to @type: the earlier values come first. */
	if (!prev)
		arr = json_array();
	else
		arr = json_is_array(prev) ? json_copy(prev) : json_pack("[O]", prev);
	items = ld_as_array(value);
	json_array_foreach(items, i, e) {
		json_t *x = expand_type_iri(st, e, &failed);

		if (failed)
			break;
		if (x)
			json_array_append_new(arr, x);
	}
	json_decref(items);
	if (failed)
		return json_decref(arr), -1;
	*out = arr;
	return 0;
}

static int kw_graph(struct xstate *st, json_t *value, json_t **out)
{
	int failed = 0;

	*out = expand_arr(st, "@graph", value, &failed);
	return failed ? -1 : 0;
}

static int is_node_object(json_t *v)
{
	return json_is_object(v) && !json_object_get(v, "@value") && !json_object_get(v, "@list") &&
	       !json_object_get(v, "@set");
}

static int kw_included(struct xstate *st, json_t *value, json_t **out)
{
	json_t *arr, *item, *prev = json_object_get(st->result, "@included");
	int failed = 0;
	size_t i;

	if (st->env->mode10)
		return st->env->safe ? ld_unsafe(st->env, "@included needs json-ld-1.1") : 0;
	/* "@included" as active property keeps scalars and values, which
	 * are then refused, instead of dropping them as free-floating. */
	arr = expand_arr(st, "@included", value, &failed);
	if (failed)
		return -1;
	json_array_foreach(arr, i, item)
		if (!is_node_object(item)) {
			json_decref(arr);
			return ld_error(st->env, "invalid @included value", "@included needs nodes");
		}
	if (prev) {
		item = json_copy(prev);
		json_array_extend(item, arr);
		json_decref(arr);
		arr = item;
	}
	*out = arr;
	return 0;
}

static int kw_value(struct xstate *st, json_t *value, json_t **out)
{
	if (is_str(st->input_type, "@json")) {
		if (st->env->mode10)
			return ld_error(st->env, "invalid value object value", "@json in json-ld-1.0");
		json_object_set(st->result, "@value", value);
		return 0;
	}
	if (!json_is_null(value) && !ld_is_scalar(value))
		return ld_error(st->env, "invalid value object value", "@value must be a scalar");
	json_object_set(st->result, "@value", value);
	(void)out;
	return 0;
}

static int kw_language(struct xstate *st, json_t *value, json_t **out)
{
	if (json_is_null(value))	/* jsonld.js: as if it were absent */
		return 0;
	if (!json_is_string(value))
		return ld_error(st->env, "invalid language-tagged string", "@language not a string");
	*out = lower_string(json_string_value(value));
	return 0;
}

static int kw_direction(struct xstate *st, json_t *value, json_t **out)
{
	const char *s = json_string_value(value);

	if (st->env->mode10)
		return 0;
	if (!s || (strcmp(s, "ltr") && strcmp(s, "rtl")))
		return ld_error(st->env, "invalid base direction", "@direction must be ltr or rtl");
	*out = json_incref(value);
	return 0;
}

static int kw_index(struct xstate *st, json_t *value, json_t **out)
{
	if (!json_is_string(value))
		return ld_error(st->env, "invalid @index value", "@index must be a string");
	*out = json_incref(value);
	return 0;
}

static int kw_list(struct xstate *st, json_t *value, json_t **out)
{
	int failed = 0;

	if (!st->prop || !strcmp(st->prop, "@graph"))
		return st->env->safe ? ld_unsafe(st->env, "a free-floating list would be dropped") : 0;
	*out = expand_arr(st, st->prop, value, &failed);
	return failed ? -1 : 0;
}

static int kw_set(struct xstate *st, json_t *value, json_t **out)
{
	int failed = 0;

	*out = ld_expand(st->env, st->active, st->prop, value, st->base, 0, &failed);
	return failed ? -1 : 0;
}

static int is_value_or_list(json_t *v)
{
	return json_is_object(v) && (json_object_get(v, "@value") || json_object_get(v, "@list"));
}

/* Adds every item of items to map[prop], refusing values and lists. */
static int add_reverse(struct xstate *st, json_t *map, const char *prop, json_t *items)
{
	json_t *arr = ld_as_array(items), *item;
	size_t i;

	json_array_foreach(arr, i, item) {
		if (is_value_or_list(item)) {
			json_decref(arr);
			return ld_error(st->env, "invalid reverse property value",
					"'%s' reverses a value", prop);
		}
		ld_add_value(map, prop, item);
	}
	json_decref(arr);
	return 0;
}

static json_t *reverse_map(struct xstate *st)
{
	json_t *m = json_object_get(st->result, "@reverse");

	if (!m) {
		m = json_object();
		json_object_set_new(st->result, "@reverse", m);
	}
	return m;
}

static int kw_reverse(struct xstate *st, json_t *value, json_t **out)
{
	json_t *e, *v, *inner;
	const char *k;
	int failed = 0, ret = 0;

	(void)out;
	if (!json_is_object(value))
		return ld_error(st->env, "invalid @reverse value", "@reverse must be a map");
	e = ld_expand(st->env, st->active, "@reverse", value, st->base, 0, &failed);
	if (failed)
		return -1;
	if ((inner = json_object_get(e, "@reverse")))
		json_object_foreach(inner, k, v) {
			ld_add_value(st->result, k, v);
		}
	json_object_foreach(e, k, v) {
		if (strcmp(k, "@reverse") && ret == 0)
			ret = add_reverse(st, reverse_map(st), k, v);
	}
	json_decref(e);
	return ret;
}

struct kw_handler {
	const char *name;
	kw_fn *fn;
};

static const struct kw_handler kw_handlers[] = {	/* sorted for bsearch */
	{ "@direction", kw_direction }, { "@graph", kw_graph }, { "@id", kw_id },
	{ "@included", kw_included }, { "@index", kw_index }, { "@language", kw_language },
	{ "@list", kw_list }, { "@reverse", kw_reverse }, { "@set", kw_set },
	{ "@type", kw_type }, { "@value", kw_value },
};

static int cmp_handler(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kw_handler *)elem)->name);
}

/* Step 13.4: an entry whose key expands to a keyword. */
static int expand_keyword(struct xstate *st, const char *eprop, json_t *value, json_t *nests,
			  const char *key)
{
	const struct kw_handler *h;
	json_t *out = NULL;

	if (is_str(st->prop, "@reverse"))
		return ld_error(st->env, "invalid reverse property map", "keyword '%s' in @reverse",
				eprop);
	if (json_object_get(st->result, eprop) && strcmp(eprop, "@included") &&
	    (strcmp(eprop, "@type") || st->env->mode10))
		return ld_error(st->env, "colliding keywords", "two entries expand to %s", eprop);
	if (!strcmp(eprop, "@nest")) {
		json_object_set_new(nests, key, json_true());
		return 0;
	}
	h = bsearch(eprop, kw_handlers, sizeof(kw_handlers) / sizeof(kw_handlers[0]),
		    sizeof(kw_handlers[0]), cmp_handler);
	if (!h)
		return 0;
	if (h->fn(st, value, &out) < 0)
		return -1;
	if (out)
		json_object_set_new(st->result, eprop, out);
	return 0;
}

/* ---- properties ------------------------------------------------------ */

/* Step 13.7: a language map. */
static json_t *expand_language_map(struct xstate *st, const struct ld_term *t, json_t *value,
				   int *failed)
{
	const char *dir = t->has_dir ? t->dir : st->active->dir, **keys;
	json_t *out = json_array(), *items, *item, *v;
	size_t i, j, n;

	keys = ld_sorted_keys(value, &n);
	for (i = 0; i < n && !*failed; i++) {
		items = ld_as_array(json_object_get(value, keys[i]));
		json_array_foreach(items, j, item) {
			if (json_is_null(item))
				continue;
			if (!json_is_string(item)) {
				*failed = ld_error(st->env, "invalid language map value",
						   "'%s' in a language map", keys[i]);
				break;
			}
			v = json_pack("{s:O}", "@value", item);
			if (strcmp(keys[i], "@none") && !ld_expands_to(st->env, st->active, keys[i], "@none"))
				json_object_set_new(v, "@language", lower_string(keys[i]));
			if (dir)
				json_object_set_new(v, "@direction", json_string(dir));
			json_array_append_new(out, v);
		}
		json_decref(items);
	}
	free(keys);
	return out;
}

static int is_graph_object(json_t *v)
{
	static const char *const allowed[] = { "@graph", "@id", "@index" };
	const char *k;
	json_t *x;
	size_t i;

	if (!json_is_object(v) || !json_object_get(v, "@graph"))
		return 0;
	json_object_foreach(v, k, x) {
		for (i = 0; i < 3 && strcmp(k, allowed[i]); i++)
			;
		if (i == 3)
			return 0;
	}
	return 1;
}

struct index_ctx {
	const struct ld_term *t;
	const char *key;
	const char *index_key;
	const char *index;
	char *expanded_index;
};

/* Step 13.8.3.7.2: a property-valued index. */
static int add_property_index(struct xstate *st, struct index_ctx *ix, json_t *item)
{
	int failed = 0;
	json_t *idx = json_string(ix->index), *re, *vals;
	char *eik;

	re = ld_expand_value(st->env, st->active, ix->index_key, idx, &failed);
	json_decref(idx);
	if (failed)
		return json_decref(re), -1;
	eik = ld_expand_iri(st->env, st->active, ix->index_key, 0, 1, NULL, &failed);
	vals = json_pack("[o]", re);
	if (eik && json_object_get(item, eik))
		ld_append(vals, json_object_get(item, eik));
	if (eik)
		json_object_set_new(item, eik, vals);
	else
		json_decref(vals);
	free(eik);
	if (json_object_get(item, "@value"))
		return ld_error(st->env, "invalid value object", "an indexed value has a property");
	return 0;
}

/* Steps 13.8.3.7.1 to 5: one item of an index, id or type map. */
static int index_item(struct xstate *st, struct index_ctx *ix, json_t **itemp)
{
	unsigned c = ix->t->container;
	int none = is_str(ix->expanded_index, "@none"), failed = 0;
	json_t *item = *itemp, *types;
	char *id;

	if ((c & LD_C_GRAPH) && !is_graph_object(item)) {
		*itemp = json_pack("{s:o}", "@graph", ld_as_array(item));
		json_decref(item);
		item = *itemp;
	}
	if ((c & LD_C_INDEX) && strcmp(ix->index_key, "@index") && !none)
		return add_property_index(st, ix, item);
	if ((c & LD_C_INDEX) && !json_object_get(item, "@index") && !none) {
		json_object_set_new(item, "@index", json_string(ix->index));
	} else if ((c & LD_C_ID) && !json_object_get(item, "@id") && !none) {
		id = ld_expand_iri(st->env, st->active, ix->index, 1, 0, NULL, &failed);
		json_object_set_new(item, "@id", id ? json_string(id) : json_null());
		free(id);
	} else if ((c & LD_C_TYPE) && !none) {
		types = json_pack("[s]", ix->expanded_index);
		if (json_object_get(item, "@type"))
			ld_append(types, json_object_get(item, "@type"));
		json_object_set_new(item, "@type", types);
	}
	return 0;
}

/* The context for the values of one index (13.8.3.1 to 3). */
static struct ld_ctx *index_context(struct xstate *st, const struct ld_term *t, const char *index)
{
	struct ld_ctx *mc = st->active;
	const struct ld_term *it;

	if (t->container & (LD_C_ID | LD_C_TYPE))
		mc = mc->prev ? mc->prev : mc;
	if ((t->container & LD_C_TYPE) && (it = ld_ctx_term(mc, index)) && it->context)
		return ld_ctx_process(st->env, mc, it->context, it->ctx_base, 0, NULL);
	return ld_ctx_ref(mc);
}

static int expand_one_index(struct xstate *st, struct index_ctx *ix, json_t *value, json_t *out)
{
	struct ld_ctx *mc = index_context(st, ix->t, ix->index);
	json_t *vals, *e, *item;
	int failed = 0;
	size_t i;

	if (!mc)
		return -1;
	ix->expanded_index = ld_expand_iri(st->env, st->active, ix->index, 0, 1, NULL, &failed);
	vals = ld_as_array(value);
	e = ld_expand(st->env, mc, ix->key, vals, st->base, 1, &failed);
	json_decref(vals);
	ld_ctx_unref(mc);
	for (i = 0; !failed && i < json_array_size(e); i++) {
		item = json_incref(json_array_get(e, i));
		if (index_item(st, ix, &item) < 0)
			failed = 1;
		else
			json_array_append(out, item);
		json_decref(item);
	}
	json_decref(e);
	free(ix->expanded_index);
	ix->expanded_index = NULL;
	return failed ? -1 : 0;
}

/* Step 13.8: an index, id or type map. */
static json_t *expand_index_map(struct xstate *st, const struct ld_term *t, const char *key,
				json_t *value, int *failed)
{
	struct index_ctx ix = { t, key, t->index ? t->index : "@index", NULL, NULL };
	json_t *out = json_array();
	const char **keys;
	size_t i, n;

	keys = ld_sorted_keys(value, &n);
	for (i = 0; i < n && !*failed; i++) {
		ix.index = keys[i];
		if (expand_one_index(st, &ix, json_object_get(value, keys[i]), out) < 0)
			*failed = 1;
	}
	free(keys);
	return out;
}

/* Steps 13.5 to 13.9: the expanded value of a property. */
static json_t *expand_property_value(struct xstate *st, const struct ld_term *t, const char *key,
				     json_t *value, int *failed)
{
	unsigned c = t ? t->container : 0;

	if (t && is_str(t->type, "@json"))
		return json_pack("{s:O,s:s}", "@value", value, "@type", "@json");
	if ((c & LD_C_LANGUAGE) && json_is_object(value))
		return expand_language_map(st, t, value, failed);
	if ((c & (LD_C_INDEX | LD_C_TYPE | LD_C_ID)) && json_is_object(value))
		return expand_index_map(st, t, key, value, failed);
	return ld_expand(st->env, st->active, key, value, st->base, 0, failed);
}

static int is_list_object(json_t *v)
{
	return json_is_object(v) && json_object_get(v, "@list");
}

/* Steps 13.11 and 13.12: @list and @graph containers. */
static json_t *wrap_containers(unsigned c, json_t *ev)
{
	json_t *arr, *item, *g;
	size_t i;

	if ((c & LD_C_LIST) && !is_list_object(ev))
		ev = json_pack("{s:o}", "@list", json_is_array(ev) ? ev : json_pack("[o]", ev));
	if ((c & LD_C_GRAPH) && !(c & (LD_C_ID | LD_C_INDEX))) {
		arr = ld_as_array(ev);
		g = json_array();
		json_array_foreach(arr, i, item)
			json_array_append_new(g, json_pack("{s:o}", "@graph", ld_as_array(item)));
		json_decref(arr);
		json_decref(ev);
		ev = g;
	}
	return ev;
}

static int expand_property(struct xstate *st, const char *key, const char *eprop, json_t *value)
{
	const struct ld_term *t = ld_ctx_term(st->active, key);
	int failed = 0, ret = 0;
	json_t *ev;

	ev = expand_property_value(st, t, key, value, &failed);
	if (failed)
		return json_decref(ev), -1;
	if (!ev)
		return 0;
	ev = wrap_containers(t ? t->container : 0, ev);
	if (t && t->reverse)
		ret = add_reverse(st, reverse_map(st), eprop, ev);
	else
		ld_add_value(st->result, eprop, ev);
	json_decref(ev);
	return ret;
}

static int expand_nests(struct xstate *st, json_t *elem, json_t *nests);

int ld_expand_entries(struct xstate *st, json_t *elem)
{
	json_t *nests = json_object();
	const char **keys;
	size_t i, n;
	int ret = 0, failed = 0;

	keys = ld_sorted_keys(elem, &n);
	for (i = 0; i < n && ret == 0; i++) {
		json_t *value = json_object_get(elem, keys[i]);
		char *eprop;

		if (!strcmp(keys[i], "@context"))
			continue;
		eprop = ld_expand_iri(st->env, st->active, keys[i], 0, 1, NULL, &failed);
		if (!eprop || (!strchr(eprop, ':') && !ld_is_keyword(eprop))) {
			if (st->env->safe)
				ret = ld_unsafe(st->env, "property '%s' is not defined by the "
						"context and would be dropped", keys[i]);
		} else if (ld_is_keyword(eprop)) {
			ret = expand_keyword(st, eprop, value, nests, keys[i]);
		} else {
			ret = expand_property(st, keys[i], eprop, value);
		}
		free(eprop);
	}
	free(keys);
	if (ret == 0)
		ret = expand_nests(st, elem, nests);
	json_decref(nests);
	return ret;
}

/* One nested value, with the nesting key as active property and its
 * property-scoped context (steps 3, 8, 13 and 14 again). */
static int expand_nested(struct xstate *st, const char *key, json_t *nv)
{
	const struct ld_term *t = ld_ctx_term(st->active, key);
	struct ld_ctx *saved = st->active, *nc = NULL;
	const char *saved_prop = st->prop, *k;
	json_t *x;
	int ret = 0;

	if (!json_is_object(nv))
		return ld_error(st->env, "invalid @nest value", "@nest needs maps");
	if (t && t->context) {
		nc = ld_ctx_process(st->env, saved, t->context, t->ctx_base, LD_PROC_OVERRIDE, NULL);
		if (!nc)
			return -1;
		st->active = nc;
	}
	json_object_foreach(nv, k, x)
		if (ret == 0 && ld_expands_to(st->env, st->active, k, "@value"))
			ret = ld_error(st->env, "invalid @nest value", "@nest with a value");
	st->prop = key;
	if (ret == 0)
		ret = ld_expand_entries(st, nv);
	st->prop = saved_prop;
	st->active = saved;
	ld_ctx_unref(nc);
	return ret;
}

/* Step 14: the entries of @nest values belong to the enclosing node. */
static int expand_nests(struct xstate *st, json_t *elem, json_t *nests)
{
	const char **keys;
	json_t *vals, *nv;
	size_t i, j, n;
	int ret = 0;

	keys = ld_sorted_keys(nests, &n);
	for (i = 0; i < n && ret == 0; i++) {
		vals = ld_as_array(json_object_get(elem, keys[i]));
		json_array_foreach(vals, j, nv)
			if (ret == 0)
				ret = expand_nested(st, keys[i], nv);
		json_decref(vals);
	}
	free(keys);
	return ret;
}
