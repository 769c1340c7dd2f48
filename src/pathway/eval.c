/* eval.c — progress of a pathway against the learner's badges
 * (include/satchel/pathway.h: pathway_progress). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "pathway-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

/* Which verdicts count, which would count once checked. */
static int counts(const char *v)
{
	return v && !strcmp(v, "verified");
}

static int pending(const char *v)
{
	return !v || !strcmp(v, "unchecked") || !strcmp(v, "unknown");
}

/* Related achievements (other language editions, earlier versions)
 * count as the same achievement. */
static int same_achievement(const json_t *h, const char *want)
{
	const char *id = json_str(h, "achievement_id");
	const json_t *rel;
	size_t i;

	if (id && !strcmp(id, want))
		return 1;
	json_array_foreach(json_object_get(h, "related"), i, rel)
		if (json_str(rel, "id") && !strcmp(json_str(rel, "id"), want))
			return 1;
	return 0;
}

static int leaf_matches(const struct req *r, const json_t *h)
{
	const json_t *issuer = json_object_get(h, "issuer");

	switch (r->leaf) {
	case LEAF_ACHIEVEMENT:
		return same_achievement(h, r->achievement);
	case LEAF_ISSUER_NAME:
		return json_str(issuer, "id") && !strcmp(json_str(issuer, "id"), r->issuer) &&
		       json_str(h, "name") && !strcasecmp(json_str(h, "name"), r->name);
	case LEAF_TAG:
		return json_has_string(json_object_get(h, "tags"), r->tag) ||
		       json_has_string(json_object_get(h, "badge_tags"), r->tag);
	}
	return 0;
}

static const char *default_label(const struct req *r)
{
	if (r->label)
		return r->label;
	if (r->kind != REQ_LEAF)
		return r->kind == REQ_ALL ? "all of" : "at least";
	return r->leaf == LEAF_ACHIEVEMENT ? r->achievement :
	       r->leaf == LEAF_TAG ? r->tag : r->name;
}

static json_t *eval_req(const struct req *r, const json_t *holdings);

static json_t *eval_leaf(const struct req *r, const json_t *holdings)
{
	json_t *creds = json_array(), *pend = json_array(), *h;
	size_t i;

	json_array_foreach(holdings, i, h) {
		const char *v = json_str(h, "verdict");

		if (!leaf_matches(r, h))
			continue;
		if (counts(v))
			json_array_append(creds, json_object_get(h, "id"));
		else if (pending(v))
			json_array_append(pend, json_object_get(h, "id"));
	}
	return json_pack("{s:s, s:s, s:b, s:i, s:i, s:o, s:o, s:[]}", "label", default_label(r),
			 "kind", "leaf", "met", json_array_size(creds) > 0, "count",
			 json_array_size(creds) > 0, "need", 1, "credentials", creds, "pending", pend,
			 "requirements");
}

static json_t *eval_group(const struct req *r, const json_t *holdings)
{
	json_t *kids = json_array(), *creds = json_array(), *pend = json_array(), *k;
	size_t i, met = 0;

	for (i = 0; i < r->nkids; i++) {
		k = eval_req(&r->kids[i], holdings);
		met += json_is_true(json_object_get(k, "met"));
		json_array_extend(creds, json_object_get(k, "credentials"));
		json_array_extend(pend, json_object_get(k, "pending"));
		json_array_append_new(kids, k);
	}
	return json_pack("{s:s, s:s, s:b, s:i, s:i, s:o, s:o, s:o}", "label", default_label(r),
			 "kind", r->kind == REQ_ALL ? "all" : "any", "met", met >= r->need,
			 "count", (int)met, "need", (int)r->need, "credentials", creds, "pending",
			 pend, "requirements", kids);
}

static json_t *eval_req(const struct req *r, const json_t *holdings)
{
	return r->kind == REQ_LEAF ? eval_leaf(r, holdings) : eval_group(r, holdings);
}

/* Missing leaves in "what comes next" order: order, then document order. */
struct missing {
	const struct req *r;
	size_t seq;
};

static void collect_missing(const struct req *r, const json_t *node, struct missing **m,
			    size_t *n, size_t *cap)
{
	size_t i;

	if (json_is_true(json_object_get(node, "met")))
		return;
	if (r->kind == REQ_LEAF) {
		xgrow((void **)m, cap, *n + 1, sizeof(**m));
		(*m)[*n].r = r;
		(*m)[*n].seq = *n;
		(*n)++;
		return;
	}
	for (i = 0; i < r->nkids; i++)
		collect_missing(&r->kids[i], json_array_get(json_object_get(node, "requirements"), i),
				m, n, cap);
}

static int missing_cmp(const void *a, const void *b)
{
	const struct missing *x = a, *y = b;

	if (x->r->order != y->r->order)
		return x->r->order < y->r->order ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static json_t *next_steps(const struct pathway *p, const json_t *root)
{
	struct missing *m = NULL;
	size_t n = 0, cap = 0, i;
	json_t *next = json_array();

	collect_missing(&p->root, root, &m, &n, &cap);
	qsort(m, n, sizeof(*m), missing_cmp);
	for (i = 0; i < n && i < 3; i++)
		json_array_append_new(next, json_pack("{s:s, s:s*}", "label", default_label(m[i].r),
				      "criteria", m[i].r->criteria));
	free(m);
	return next;
}

static const char *held_completion(const struct pathway *p, const json_t *holdings)
{
	const json_t *h;
	size_t i;

	json_array_foreach(holdings, i, h)
		if (p->completion && same_achievement(h, p->completion) &&
		    counts(json_str(h, "verdict")))
			return json_str(h, "id");
	return NULL;
}

json_t *pathway_progress(const struct pathway *p, const json_t *holdings)
{
	json_t *root = eval_req(&p->root, holdings);
	const char *by = held_completion(p, holdings);
	int met = json_is_true(json_object_get(root, "met"));
	json_t *out;

	out = json_pack("{s:s, s:b, s:s?, s:O, s:O, s:[O], s:o}", "name", p->name, "complete",
			met || by, "completed_by", by, "met", json_object_get(root, "count"),
			"required", json_object_get(root, "need"), "requirements", root, "next",
			met || by ? json_array() : next_steps(p, root));
	json_decref(root);
	return out;
}

json_t *pathway_progress_all(const json_t *defs, const json_t *holdings, const char *only)
{
	json_t *out = json_array(), *d;
	size_t i;

	json_array_foreach(defs, i, d) {
		struct pathway p;

		if (only && (!json_str(d, "name") || strcmp(json_str(d, "name"), only)))
			continue;
		if (pathway_from_json(d, &p, NULL) == 0) {
			json_array_append_new(out, pathway_progress(&p, holdings));
			pathway_release(&p);
		}
	}
	return out;
}
