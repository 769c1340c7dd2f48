/* suggest.c — pathways satchel infers from the learner's own badges
 * (include/satchel/pathway.h: pathway_suggest).
 *
 * Each suggestion is an ordinary pathway in satchel's own format with a
 * reason, so the learner can accept it as it is or edit it. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "pathway-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

/* A leaf for a held badge: its achievement id, or issuer + name. */
static json_t *leaf_for(const json_t *h)
{
	const char *ach = json_str(h, "achievement_id");

	if (ach)
		return json_pack("{s:s?, s:s}", "label", json_str(h, "name"), "achievement", ach);
	return json_pack("{s:s?, s:s?, s:s?}", "label", json_str(h, "name"), "issuer",
			 json_str(json_object_get(h, "issuer"), "id"), "name", json_str(h, "name"));
}

static void add(json_t *out, const char *reason, const char *name, json_t *leaves)
{
	json_t *p;

	if (json_array_size(leaves) < 2) {
		json_decref(leaves);
		return;
	}
	p = json_pack("{s:s, s:i, s:s, s:{s:o}}", "format", PATHWAY_FORMAT, "version",
		      PATHWAY_VERSION, "name", name, "requires", "all", leaves);
	json_array_append_new(out, json_pack("{s:s, s:o}", "reason", reason, "pathway", p));
}

/* Groups holdings by a key function (one key per holding, or several);
 * each group of two or more becomes a suggestion. */
typedef void key_fn(const json_t *h, json_t *keys);

static void by_key(const json_t *holdings, key_fn *keys_of, const char *reason_fmt,
		   const char *name_fmt, json_t *out)
{
	json_t *groups = json_object(), *h, *keys, *k, *g;
	const char *key;
	size_t i, j;

	json_array_foreach(holdings, i, h) {
		keys = json_array();
		keys_of(h, keys);
		json_array_foreach(keys, j, k) {
			g = json_object_get(groups, json_string_value(k));
			if (!g)
				json_object_set_new(groups, json_string_value(k), g = json_array());
			json_array_append_new(g, leaf_for(h));
		}
		json_decref(keys);
	}
	json_object_foreach(groups, key, g) {
		char reason[512], name[256];

		snprintf(reason, sizeof(reason), reason_fmt, json_array_size(g), key);
		snprintf(name, sizeof(name), name_fmt, key);
		add(out, reason, name, json_incref(g));
	}
	json_decref(groups);
}

static void issuer_key(const json_t *h, json_t *keys)
{
	const json_t *is = json_object_get(h, "issuer");
	const char *n = json_str(is, "name") ? json_str(is, "name") : json_str(is, "id");

	if (n)
		json_array_append_new(keys, json_string(n));
}

static void framework_key(const json_t *h, json_t *keys)
{
	const json_t *a;
	size_t i;

	json_array_foreach(json_object_get(h, "alignments"), i, a) {
		const char *k = json_str(a, "targetFramework") ? json_str(a, "targetFramework") :
				json_str(a, "targetUrl");

		if (k && !json_has_string(keys, k))
			json_array_append_new(keys, json_string(k));
	}
}

static void tag_key(const json_t *h, json_t *keys)
{
	const json_t *t;
	size_t i;

	json_array_foreach(json_object_get(h, "tags"), i, t)
		if (json_is_string(t) && strcmp(json_string_value(t), "sample") != 0)
			json_array_append_new(keys, json_string(json_string_value(t)));
}

/* Related achievements: a badge and the other editions it names. */
static void related_key(const json_t *h, json_t *keys)
{
	const json_t *r;
	size_t i;

	if (json_str(h, "achievement_id") && json_array_size(json_object_get(h, "related")))
		json_array_append_new(keys, json_string(json_str(h, "achievement_id")));
	json_array_foreach(json_object_get(h, "related"), i, r)
		if (json_str(r, "id"))
			json_array_append_new(keys, json_string(json_str(r, "id")));
}

/* A badge whose criteria name another held badge builds on it: the
 * named one comes first. */
static void builds_on(const json_t *holdings, json_t *out)
{
	const json_t *a, *b;
	size_t i, k;

	json_array_foreach(holdings, i, a) {
		const char *crit = json_str(json_object_get(a, "criteria"), "narrative");

		json_array_foreach(holdings, k, b) {
			const char *name = json_str(b, "name");
			char reason[512], title[256];
			json_t *leaves, *first;

			if (i == k || !crit || !name || strlen(name) < 4 || !strcasestr(crit, name))
				continue;
			first = leaf_for(b);
			json_object_set_new(first, "order", json_integer(1));
			leaves = json_pack("[o, o]", first, leaf_for(a));
			json_object_set_new(json_array_get(leaves, 1), "order", json_integer(2));
			snprintf(reason, sizeof(reason), "the criteria of '%s' name '%s'",
				 json_str(a, "name") ? json_str(a, "name") : "?", name);
			snprintf(title, sizeof(title), "%s, then %s", name,
				 json_str(a, "name") ? json_str(a, "name") : "?");
			add(out, reason, title, leaves);
		}
	}
}

json_t *pathway_suggest(const json_t *holdings)
{
	json_t *out = json_array();

	by_key(holdings, issuer_key, "%zu badges from the issuer '%s'", "Badges from %s", out);
	by_key(holdings, framework_key, "%zu badges aligned to '%s'", "Aligned to %s", out);
	by_key(holdings, tag_key, "%zu badges tagged '%s'", "Tagged %s", out);
	by_key(holdings, related_key, "%zu editions of the achievement '%s'", "Editions of %s", out);
	builds_on(holdings, out);
	return out;
}
