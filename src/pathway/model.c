/* model.c — the pathway model and satchel's own format
 * (include/satchel/pathway.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "pathway-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

static void req_release(struct req *r)
{
	size_t i;

	for (i = 0; i < r->nkids; i++)
		req_release(&r->kids[i]);
	free(r->kids);
	free(r->label);
	free(r->achievement);
	free(r->issuer);
	free(r->name);
	free(r->tag);
	free(r->criteria);
	memset(r, 0, sizeof(*r));
}

void pathway_release(struct pathway *p)
{
	req_release(&p->root);
	free(p->name);
	free(p->description);
	free(p->id);
	free(p->issuer);
	free(p->completion);
	memset(p, 0, sizeof(*p));
}

/* Parsing context: where we are, for error messages, and a node count
 * so a hostile file cannot build a huge tree. */
struct ctx {
	char path[256];
	size_t nodes;
	struct err *err;
};

static int fail(struct ctx *c, const char *fmt, const char *what)
{
	return err_set(c->err, ERR_PARSE, "%s: %s %s", c->path[0] ? c->path : "pathway", fmt,
		       what ? what : "");
}

static char *opt_string(const json_t *o, const char *key)
{
	return xstrdup(json_str(o, key));
}

static int parse_req(struct ctx *c, const json_t *o, int depth, struct req *r);

static int parse_kids(struct ctx *c, const json_t *list, int depth, struct req *r)
{
	size_t i, base = strlen(c->path);

	if (!json_is_array(list) || !json_array_size(list))
		return fail(c, "a group needs a non-empty list of requirements", NULL);
	r->kids = xcalloc(json_array_size(list), sizeof(*r->kids));
	for (i = 0; i < json_array_size(list); i++) {
		snprintf(c->path + base, sizeof(c->path) - base, "[%zu]", i);
		r->nkids++;
		if (parse_req(c, json_array_get(list, i), depth + 1, &r->kids[i]) < 0)
			return -1;
	}
	c->path[base] = '\0';
	return 0;
}

static int parse_group(struct ctx *c, const json_t *o, int depth, struct req *r)
{
	json_t *all = json_object_get(o, "all"), *of = json_object_get(o, "of");
	json_t *n = json_object_get(o, "atLeast");
	size_t base = strlen(c->path);

	if (all && of)
		return fail(c, "a group has 'all' or 'atLeast'/'of', not both", NULL);
	r->kind = all ? REQ_ALL : REQ_ANY;
	snprintf(c->path + base, sizeof(c->path) - base, all ? ".all" : ".of");
	if (parse_kids(c, all ? all : of, depth, r) < 0)
		return -1;
	c->path[base] = '\0';
	if (all) {
		r->need = r->nkids;
		return 0;
	}
	if (!json_is_integer(n) || json_integer_value(n) < 1 ||
	    (size_t)json_integer_value(n) > r->nkids) {
		char what[64];

		snprintf(what, sizeof(what), "(1 to %zu)", r->nkids);
		return fail(c, "'atLeast' must be a whole number", what);
	}
	r->need = (size_t)json_integer_value(n);
	return 0;
}

static int parse_leaf(struct ctx *c, const json_t *o, struct req *r)
{
	r->kind = REQ_LEAF;
	r->need = 1;
	r->criteria = opt_string(o, "criteria");
	if (json_str(o, "achievement")) {
		r->leaf = LEAF_ACHIEVEMENT;
		r->achievement = opt_string(o, "achievement");
	} else if (json_str(o, "tag")) {
		r->leaf = LEAF_TAG;
		r->tag = opt_string(o, "tag");
	} else if (json_str(o, "issuer") && json_str(o, "name")) {
		r->leaf = LEAF_ISSUER_NAME;
		r->issuer = opt_string(o, "issuer");
		r->name = opt_string(o, "name");
	} else {
		return fail(c, "a requirement needs 'achievement', 'issuer' and 'name', 'tag', "
			    "'all' or 'atLeast'/'of'", NULL);
	}
	return 0;
}

static int parse_req(struct ctx *c, const json_t *o, int depth, struct req *r)
{
	json_t *order = json_object_get(o, "order");

	if (!json_is_object(o))
		return fail(c, "a requirement must be an object", NULL);
	if (depth > PATHWAY_MAX_DEPTH || ++c->nodes > PATHWAY_MAX_NODES)
		return fail(c, "the requirement tree is too deep or too large", NULL);
	if (order && !json_is_integer(order))
		return fail(c, "'order' must be a whole number", NULL);
	r->order = order ? (int)json_integer_value(order) : PATHWAY_NO_ORDER;
	r->label = opt_string(o, "label");
	if (json_object_get(o, "all") || json_object_get(o, "of") || json_object_get(o, "atLeast"))
		return parse_group(c, o, depth, r);
	return parse_leaf(c, o, r);
}

int pathway_parse_own(const json_t *doc, struct pathway *p, struct err *err)
{
	struct ctx c = { "requires", 0, err };
	json_t *v = json_object_get(doc, "version");

	if (!json_is_integer(v) || json_integer_value(v) != PATHWAY_VERSION)
		return err_set(err, ERR_FORMAT, "pathway format version %lld is not supported (want %d)",
			       json_is_integer(v) ? (long long)json_integer_value(v) : 0LL, PATHWAY_VERSION);
	if (!json_str(doc, "name") || !*json_str(doc, "name"))
		return err_set(err, ERR_PARSE, "pathway: 'name' is missing");
	p->name = opt_string(doc, "name");
	p->description = opt_string(doc, "description");
	p->id = opt_string(doc, "id");
	p->issuer = opt_string(doc, "issuer");
	p->completion = opt_string(doc, "completion");
	if (!json_object_get(doc, "requires"))
		return err_set(err, ERR_PARSE, "pathway: 'requires' is missing");
	return parse_req(&c, json_object_get(doc, "requires"), 0, &p->root);
}

int pathway_from_json(const json_t *doc, struct pathway *out, struct err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (json_is_object(doc) && json_str(doc, "format") &&
	    !strcmp(json_str(doc, "format"), PATHWAY_FORMAT))
		rc = pathway_parse_own(doc, out, err);
	else if (pathway_is_clr(doc))
		rc = pathway_parse_clr(doc, out, err);
	else if (pathway_is_badgr(doc))
		rc = pathway_parse_badgr(doc, out, err);
	else
		rc = err_set(err, ERR_FORMAT, "not a pathway: neither satchel's format, a Badgr "
			     "pathway export nor a CLR 2.0 credential with associations");
	if (rc < 0)
		pathway_release(out);
	return rc;
}

int pathway_parse(const char *text, size_t len, struct pathway *out, struct err *err)
{
	json_t *doc = json_strict_load(text, len, err);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!doc)
		return -1;
	rc = pathway_from_json(doc, out, err);
	json_decref(doc);
	return rc;
}

/* ---- serialising ------------------------------------------------------ */

static json_t *req_to_json(const struct req *r)
{
	json_t *o = json_object(), *kids;
	size_t i;

	if (r->label)
		json_object_set_new(o, "label", json_string(r->label));
	if (r->order != PATHWAY_NO_ORDER)
		json_object_set_new(o, "order", json_integer(r->order));
	if (r->kind == REQ_LEAF) {
		if (r->achievement)
			json_object_set_new(o, "achievement", json_string(r->achievement));
		if (r->issuer)
			json_object_set_new(o, "issuer", json_string(r->issuer));
		if (r->name)
			json_object_set_new(o, "name", json_string(r->name));
		if (r->tag)
			json_object_set_new(o, "tag", json_string(r->tag));
		if (r->criteria)
			json_object_set_new(o, "criteria", json_string(r->criteria));
		return o;
	}
	kids = json_array();
	for (i = 0; i < r->nkids; i++)
		json_array_append_new(kids, req_to_json(&r->kids[i]));
	if (r->kind == REQ_ANY)
		json_object_set_new(o, "atLeast", json_integer((json_int_t)r->need));
	json_object_set_new(o, r->kind == REQ_ALL ? "all" : "of", kids);
	return o;
}

json_t *pathway_to_json(const struct pathway *p)
{
	json_t *o = json_pack("{s:s, s:i, s:s}", "format", PATHWAY_FORMAT, "version",
			      PATHWAY_VERSION, "name", p->name);
	const char *const keys[] = { "description", "id", "issuer", "completion" };
	const char *vals[] = { p->description, p->id, p->issuer, p->completion };
	size_t i;

	for (i = 0; i < 4; i++)
		if (vals[i])
			json_object_set_new(o, keys[i], json_string(vals[i]));
	json_object_set_new(o, "requires", req_to_json(&p->root));
	return o;
}
