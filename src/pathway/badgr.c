/* badgr.c — Badgr pathway exports to the pathway model (SPECS.md 10.1).
 *
 * An element's completion requirement is a junction: a BadgeJunction
 * over BadgeClass ids or an ElementJunction over child elements,
 * Conjunction (all) or Disjunction (at least requiredNumber). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pathway-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

struct badgr {
	const json_t *elements;		/* array */
	struct err *err;
	size_t nodes;
};

static const json_t *junction_of(const json_t *e)
{
	const json_t *j = json_object_get(e, "requirements");

	return j ? j : json_object_get(e, "completionRequirements");
}

int pathway_is_badgr(const json_t *doc)
{
	const json_t *els = json_is_array(doc) ? doc : json_object_get(doc, "elements");
	const json_t *t = json_object_get(doc, "@type");

	if (json_has_string(t, "BadgeJunction") || json_has_string(t, "ElementJunction"))
		return 1;
	return json_is_array(els) && json_array_size(els) &&
	       json_is_object(json_array_get(els, 0)) &&
	       json_str(json_array_get(els, 0), "@id") != NULL;
}

static const json_t *find_element(const struct badgr *b, const char *id)
{
	const json_t *e;
	size_t i;

	json_array_foreach(b->elements, i, e)
		if (json_str(e, "@id") && !strcmp(json_str(e, "@id"), id))
			return e;
	return NULL;
}

static int element_to_req(struct badgr *b, const json_t *e, int depth, struct req *r);

/* Leaves for BadgeClass ids, or child elements. */
static int junction_kids(struct badgr *b, const json_t *j, int depth, struct req *r)
{
	const json_t *list = json_object_get(j, "badges"), *x;
	int badges = list != NULL;
	size_t i;

	if (!badges)
		list = json_object_get(j, "elements");
	if (!json_is_array(list) || !json_array_size(list))
		return err_set(b->err, ERR_PARSE, "Badgr junction without badges or elements");
	r->kids = xcalloc(json_array_size(list), sizeof(*r->kids));
	json_array_foreach(list, i, x) {
		struct req *k = &r->kids[r->nkids++];
		const json_t *child;

		if (!json_is_string(x))
			return err_set(b->err, ERR_PARSE, "Badgr junction entries must be ids");
		if (badges) {
			k->order = PATHWAY_NO_ORDER;
			k->kind = REQ_LEAF;
			k->leaf = LEAF_ACHIEVEMENT;
			k->need = 1;
			k->achievement = xstrdup(json_string_value(x));
			continue;
		}
		child = find_element(b, json_string_value(x));
		if (!child)
			return err_set(b->err, ERR_PARSE, "Badgr element '%s' is not in the export",
				       json_string_value(x));
		if (element_to_req(b, child, depth + 1, k) < 0)
			return -1;
	}
	return 0;
}

static int junction_to_req(struct badgr *b, const json_t *j, int depth, struct req *r)
{
	const json_t *cfg = json_object_get(j, "junctionConfig");
	const json_t *n = json_object_get(cfg, "requiredNumber");
	int any = json_has_string(json_object_get(cfg, "@type"), "Disjunction");

	if (junction_kids(b, j, depth, r) < 0)
		return -1;
	r->kind = any ? REQ_ANY : REQ_ALL;
	r->need = r->nkids;
	if (any) {
		if (!json_is_integer(n) || json_integer_value(n) < 1 ||
		    (size_t)json_integer_value(n) > r->nkids)
			return err_set(b->err, ERR_PARSE, "Badgr Disjunction needs a requiredNumber "
				       "between 1 and %zu", r->nkids);
		r->need = (size_t)json_integer_value(n);
	}
	return 0;
}

static int element_to_req(struct badgr *b, const json_t *e, int depth, struct req *r)
{
	const json_t *j = junction_of(e), *ord = json_object_get(e, "ordering");

	if (depth > PATHWAY_MAX_DEPTH || ++b->nodes > PATHWAY_MAX_NODES)
		return err_set(b->err, ERR_PARSE, "Badgr pathway too deep or too large (a cycle?)");
	r->label = xstrdup(json_str(e, "name"));
	r->order = json_is_integer(ord) ? (int)json_integer_value(ord) : 99;
	if (j)
		return junction_to_req(b, j, depth, r);
	if (json_str(e, "completionBadge")) {	/* an element met by one badge */
		r->kind = REQ_LEAF;
		r->leaf = LEAF_ACHIEVEMENT;
		r->need = 1;
		r->achievement = xstrdup(json_str(e, "completionBadge"));
		return 0;
	}
	return err_set(b->err, ERR_PARSE, "Badgr element '%s' has no requirements",
		       json_str(e, "@id") ? json_str(e, "@id") : "?");
}

/* The root: named by the export, or the element no other one lists. */
static const json_t *root_of(const struct badgr *b, const json_t *doc)
{
	const char *id = json_str(doc, "rootElement") ? json_str(doc, "rootElement") :
			 json_str(doc, "root_element");
	const json_t *e, *x, *o;
	size_t i, k, m;

	if (id)
		return find_element(b, id);
	json_array_foreach(b->elements, i, e) {
		int listed = 0;

		json_array_foreach(b->elements, k, o) {
			json_array_foreach(json_object_get(junction_of(o), "elements"), m, x)
				listed |= json_is_string(x) && json_str(e, "@id") &&
					  !strcmp(json_string_value(x), json_str(e, "@id"));
		}
		if (!listed)
			return e;
	}
	return NULL;
}

int pathway_parse_badgr(const json_t *doc, struct pathway *p, struct err *err)
{
	struct badgr b = { json_is_array(doc) ? doc : json_object_get(doc, "elements"), err, 0 };
	const json_t *root;

	if (!json_is_array(b.elements)) {	/* a bare junction */
		p->name = xstrdup(json_str(doc, "name") ? json_str(doc, "name") : "Badgr pathway");
		return junction_to_req(&b, doc, 0, &p->root);
	}
	root = root_of(&b, doc);
	if (!root)
		return err_set(err, ERR_PARSE, "Badgr export: no root element (a cycle?)");
	p->name = xstrdup(json_str(root, "name") ? json_str(root, "name") : "Badgr pathway");
	p->description = xstrdup(json_str(root, "description"));
	p->completion = xstrdup(json_str(root, "completionBadge"));
	p->id = xstrdup(json_str(root, "@id"));
	if (element_to_req(&b, root, 0, &p->root) < 0)
		return -1;
	/* The root's own completion badge is the pathway's completion, not
	 * one of its parts (an element without requirements). */
	return 0;
}
