/* clr.c — CLR 2.0 associations to the pathway model (SPECS.md 10.2).
 *
 * sourceId <associationType> targetId: a program isParentOf its courses,
 * a course isChildOf / isPartOf its program, A precedes B.  The program
 * becomes the pathway (held, it completes it), its children the parts. */
#include <stdlib.h>
#include <string.h>
#include "pathway-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

struct clr {
	const json_t *achievements;	/* array of Achievement objects */
	const json_t *assoc;		/* array of Association objects */
	struct err *err;
	size_t nodes;
};

static const json_t *subject(const json_t *doc)
{
	const json_t *cs = json_object_get(doc, "credentialSubject");

	return json_is_object(cs) ? cs : doc;
}

int pathway_is_clr(const json_t *doc)
{
	return json_is_array(json_object_get(subject(doc), "association"));
}

/* 1 when parent P has child C by any of the three association types. */
static int is_child(const struct clr *c, const char *parent, const char *child)
{
	const json_t *a;
	size_t i;

	json_array_foreach(c->assoc, i, a) {
		const char *t = json_str(a, "associationType"), *s = json_str(a, "sourceId");
		const char *d = json_str(a, "targetId");

		if (!t || !s || !d)
			continue;
		if ((!strcmp(t, "isParentOf") && !strcmp(s, parent) && !strcmp(d, child)) ||
		    ((!strcmp(t, "isChildOf") || !strcmp(t, "isPartOf")) && !strcmp(s, child) &&
		     !strcmp(d, parent)))
			return 1;
	}
	return 0;
}

/* Order by "precedes": how many achievements must come before id. */
static int order_of(const struct clr *c, const char *id, int depth)
{
	const json_t *a;
	size_t i;
	int best = 0;

	if (depth > PATHWAY_MAX_DEPTH)
		return 0;
	json_array_foreach(c->assoc, i, a) {
		const char *t = json_str(a, "associationType");

		if (t && !strcmp(t, "precedes") && json_str(a, "targetId") &&
		    !strcmp(json_str(a, "targetId"), id) && json_str(a, "sourceId")) {
			int o = 1 + order_of(c, json_str(a, "sourceId"), depth + 1);

			if (o > best)
				best = o;
		}
	}
	return best;
}

static int count_children(const struct clr *c, const char *parent)
{
	const json_t *x;
	size_t i;
	int n = 0;

	json_array_foreach(c->achievements, i, x)
		if (json_str(x, "id") && is_child(c, parent, json_str(x, "id")))
			n++;
	return n;
}

static int node(struct clr *c, const json_t *ach, int depth, struct req *r)
{
	const char *id = json_str(ach, "id");
	const json_t *x;
	size_t i, n = (size_t)count_children(c, id);

	if (depth > PATHWAY_MAX_DEPTH || ++c->nodes > PATHWAY_MAX_NODES)
		return err_set(c->err, ERR_PARSE, "CLR associations too deep (a cycle?)");
	r->label = xstrdup(json_str(ach, "name"));
	r->order = order_of(c, id, 0);
	if (!n) {
		r->kind = REQ_LEAF;
		r->leaf = LEAF_ACHIEVEMENT;
		r->need = 1;
		r->achievement = xstrdup(id);
		r->criteria = xstrdup(json_str(json_object_get(ach, "criteria"), "id"));
		return 0;
	}
	r->kind = REQ_ALL;
	r->need = n;
	r->kids = xcalloc(n, sizeof(*r->kids));
	json_array_foreach(c->achievements, i, x)
		if (json_str(x, "id") && is_child(c, id, json_str(x, "id")) &&
		    node(c, x, depth + 1, &r->kids[r->nkids++]) < 0)
			return -1;
	return 0;
}

/* The root: an achievement with children that is nobody's child. */
static const json_t *root_of(const struct clr *c)
{
	const json_t *x, *y;
	size_t i, k;

	json_array_foreach(c->achievements, i, x) {
		int child = 0;

		if (!json_str(x, "id") || !count_children(c, json_str(x, "id")))
			continue;
		json_array_foreach(c->achievements, k, y)
			child |= json_str(y, "id") && is_child(c, json_str(y, "id"), json_str(x, "id"));
		if (!child)
			return x;
	}
	return NULL;
}

int pathway_parse_clr(const json_t *doc, struct pathway *p, struct err *err)
{
	const json_t *s = subject(doc);
	struct clr c = { json_object_get(s, "achievement"), json_object_get(s, "association"), err, 0 };
	const json_t *root;

	if (!json_is_array(c.achievements))
		return err_set(err, ERR_PARSE, "CLR: associations without an 'achievement' list");
	root = root_of(&c);
	if (!root)
		return err_set(err, ERR_PARSE, "CLR: no achievement is a parent of others");
	p->name = xstrdup(json_str(root, "name") ? json_str(root, "name") : json_str(root, "id"));
	p->description = xstrdup(json_str(root, "description"));
	p->id = xstrdup(json_str(root, "id"));
	p->completion = xstrdup(json_str(root, "id"));	/* holding the program completes it */
	return node(&c, root, 0, &p->root);
}
