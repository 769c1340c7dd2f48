/* nodemap.c — the Node Map Generation algorithm (JSON-LD 1.1 API 7.2)
 * and the blank node identifier issuer (ld-internal.h).  Nodes are merged
 * by @id; every blank node gets a fresh label _:b0, _:b1, ... */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/xalloc.h"

char *ld_issue(struct ld_issuer *is, const char *old)
{
	json_t *known = old ? json_object_get(is->map, old) : NULL;
	char tmp[24], *id = tmp + sizeof(tmp);
	unsigned long n;

	if (known)
		return xstrdup(json_string_value(known));
	/* "_:b" and the counter in decimal, without printf: a credential
	 * issues dozens of labels, and vsnprintf was most of their cost. */
	n = is->counter++;
	*--id = '\0';
	do
		*--id = (char)('0' + n % 10);
	while (n /= 10);
	id -= 3;
	memcpy(id, "_:b", 3);
	id = xstrdup(id);
	if (old)
		json_object_set_new(is->map, old, json_string(id));
	return id;
}

/* Where the algorithm works: graph, subject and property. */
struct nm_pos {
	json_t *map;
	const char *graph;
	const char *subject;	/* subject id, or NULL */
	json_t *ref;		/* reverse: the referencing node, or NULL */
	const char *prop;
	json_t *list;		/* list object being filled, or NULL */
};

static int walk(struct ld_env *env, json_t *elem, const struct nm_pos *pos, struct ld_issuer *is);

static json_t *graph_of(json_t *map, const char *name)
{
	json_t *g = json_object_get(map, name);

	if (!g) {
		g = json_object();
		json_object_set_new(map, name, g);
	}
	return g;
}

/* Appends v to node[prop].  The algorithm adds a value only when no equal
 * one is there; checking that is quadratic in the number of values, and a
 * duplicate value only makes a duplicate quad, which ld_to_rdf removes
 * (the dataset is a set), so values are added as they come. */
static void add_value(json_t *node, const char *prop, json_t *v)
{
	json_t *arr = json_object_get(node, prop);

	if (!arr) {
		arr = json_array();
		json_object_set_new(node, prop, arr);
	}
	json_array_append(arr, v);
}


static json_t *subject_node(const struct nm_pos *pos)
{
	return pos->subject ? json_object_get(graph_of(pos->map, pos->graph), pos->subject) : NULL;
}

/* Step 4: a value object. */
static void walk_value(json_t *elem, const struct nm_pos *pos)
{
	json_t *sn = subject_node(pos);

	if (pos->list)
		add_value(pos->list, "@list", elem);
	else if (sn && pos->prop)
		add_value(sn, pos->prop, elem);
}

/* Step 5: a list object. */
static int walk_list(struct ld_env *env, json_t *elem, const struct nm_pos *pos,
		     struct ld_issuer *is)
{
	json_t *result = json_pack("{s:[]}", "@list"), *sn = subject_node(pos);
	struct nm_pos inner = *pos;
	int r;

	inner.list = result;
	r = walk(env, json_object_get(elem, "@list"), &inner, is);
	if (r == 0) {
		if (pos->list)
			add_value(pos->list, "@list", result);
		else if (sn && pos->prop)
			add_value(sn, pos->prop, result);
	}
	json_decref(result);
	return r;
}

/* Step 6.4 and 6.5: link the node to its referencing subject. */
static void link_node(json_t *node, const char *id, const struct nm_pos *pos)
{
	json_t *sn, *ref;

	if (pos->ref) {
		add_value(node, pos->prop, pos->ref);
		return;
	}
	if (!pos->prop)
		return;
	ref = json_pack("{s:s}", "@id", id);
	if (pos->list)
		add_value(pos->list, "@list", ref);
	else if ((sn = subject_node(pos)))
		add_value(sn, pos->prop, ref);
	json_decref(ref);
}

static void add_types(json_t *node, json_t *types, struct ld_issuer *is)
{
	json_t *t, *v;
	size_t i;

	json_array_foreach(types, i, t) {
		const char *s = json_string_value(t);
		char *label = NULL;

		if (!s)
			continue;
		if (ld_is_bnode(s))
			label = ld_issue(is, s);
		v = json_string(label ? label : s);
		add_value(node, "@type", v);
		json_decref(v);
		free(label);
	}
}

static int walk_reverse(struct ld_env *env, json_t *rev, const char *id, const struct nm_pos *pos,
			struct ld_issuer *is)
{
	json_t *ref = json_pack("{s:s}", "@id", id), *vals, *v;
	struct nm_pos inner = { pos->map, pos->graph, NULL, ref, NULL, NULL };
	const char *prop;
	size_t i;
	int r = 0;

	json_object_foreach(rev, prop, vals) {
		inner.prop = prop;
		json_array_foreach(vals, i, v)
			if (r == 0)
				r = walk(env, v, &inner, is);
	}
	json_decref(ref);
	return r;
}

static int is_node_keyword(const char *k)
{
	return !strcmp(k, "@id") || !strcmp(k, "@type") || !strcmp(k, "@index") ||
	       !strcmp(k, "@reverse") || !strcmp(k, "@graph") || !strcmp(k, "@included");
}

/* Step 6.11: the properties, in code-point order. */
static int walk_properties(struct ld_env *env, json_t *elem, json_t *node, const char *id,
			   const struct nm_pos *pos, struct ld_issuer *is)
{
	struct nm_pos inner = { pos->map, pos->graph, id, NULL, NULL, NULL };
	const char **keys;
	size_t i, n;
	int r = 0;

	keys = ld_sorted_keys(elem, &n);
	for (i = 0; i < n && r == 0; i++) {
		char *label = NULL;

		if (is_node_keyword(keys[i]))
			continue;
		if (ld_is_bnode(keys[i]))
			label = ld_issue(is, keys[i]);
		inner.prop = label ? label : keys[i];
		if (!json_object_get(node, inner.prop))
			json_object_set_new(node, inner.prop, json_array());
		r = walk(env, json_object_get(elem, keys[i]), &inner, is);
		free(label);
	}
	free(keys);
	return r;
}

static int set_index(struct ld_env *env, json_t *node, json_t *index)
{
	json_t *old = json_object_get(node, "@index");

	if (old && !json_equal(old, index))
		return ld_error(env, "conflicting indexes", "a node has two different @index values");
	json_object_set(node, "@index", index);
	return 0;
}

/* Step 6.1: the node's id, blank nodes relabelled.  A null @id (from a
 * keyword-like value) gets an id that is not an IRI, so that the node and
 * references to it are dropped. */
static char *node_id(json_t *elem, struct ld_issuer *is)
{
	json_t *idv = json_object_get(elem, "@id");
	const char *given = json_string_value(idv);

	if (json_is_null(idv))
		return xstrdup("");
	return (!given || ld_is_bnode(given)) ? ld_issue(is, given) : xstrdup(given);
}

/* Step 6: a node object. */
static int walk_node(struct ld_env *env, json_t *elem, const struct nm_pos *pos,
		     struct ld_issuer *is)
{
	char *id = node_id(elem, is);
	json_t *g = graph_of(pos->map, pos->graph), *node = json_object_get(g, id), *v;
	struct nm_pos sub = { pos->map, id, NULL, NULL, NULL, NULL };
	int r = 0;

	if (!node) {
		node = json_pack("{s:s}", "@id", id);
		json_object_set_new(g, id, node);
	}
	link_node(node, id, pos);
	if ((v = json_object_get(elem, "@type")))
		add_types(node, v, is);
	if ((v = json_object_get(elem, "@index")))
		r = set_index(env, node, v);
	if (r == 0 && (v = json_object_get(elem, "@reverse")))
		r = walk_reverse(env, v, id, pos, is);
	if (r == 0 && (v = json_object_get(elem, "@graph")))
		r = walk(env, v, &sub, is);
	sub.graph = pos->graph;
	if (r == 0 && (v = json_object_get(elem, "@included")))
		r = walk(env, v, &sub, is);
	if (r == 0)
		r = walk_properties(env, elem, node, id, pos, is);
	free(id);
	return r;
}

static int walk(struct ld_env *env, json_t *elem, const struct nm_pos *pos, struct ld_issuer *is)
{
	json_t *item;
	size_t i;
	int r = 0;

	if (json_is_array(elem)) {
		json_array_foreach(elem, i, item)
			if (r == 0)
				r = walk(env, item, pos, is);
		return r;
	}
	if (!json_is_object(elem))
		return 0;
	if (json_object_get(elem, "@value"))
		return walk_value(elem, pos), 0;
	if (json_object_get(elem, "@list"))
		return walk_list(env, elem, pos, is);
	return walk_node(env, elem, pos, is);
}

int ld_node_map(struct ld_env *env, json_t *elem, json_t *map, const char *graph,
		json_t *subject, const char *prop, json_t *list, struct ld_issuer *is)
{
	struct nm_pos pos = { map, graph, json_string_value(subject), NULL, prop, list };

	if (json_is_object(subject))
		pos.ref = subject;
	return walk(env, elem, &pos, is);
}
