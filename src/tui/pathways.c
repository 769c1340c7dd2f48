/* pathways.c — the pathways view: every stored pathway with a progress
 * bar, its requirements and what is still missing.  The data is the one
 * `satchel pathway show` prints (pathway_progress), read once when the
 * view opens. */
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"
#include "satchel/json.h"
#include "satchel/pathway.h"
#include "satchel/xalloc.h"

#define BAR_WIDTH 20

/* "[#####-----] 2 of 3" (blocks in UTF-8 locales) into b. */
static void add_bar(struct buf *b, json_int_t count, json_int_t need)
{
	int i, filled = need > 0 ? (int)((BAR_WIDTH * (count < need ? count : need)) / need) : BAR_WIDTH;
	int utf8 = text_utf8();

	for (i = 0; i < BAR_WIDTH; i++)
		buf_adds(b, i < filled ? (utf8 ? "█" : "#") : (utf8 ? "░" : "-"), NULL);
	buf_addf(b, NULL, _(" %lld of %lld"), (long long)count, (long long)need);
}

static void add_node(struct view *v, const json_t *n, int depth, int width)
{
	const json_t *k;
	size_t i;
	int met = json_is_true(json_object_get(n, "met"));
	int pending = json_array_size(json_object_get(n, "pending")) > 0;
	const char *kind = json_str(n, "kind"), *label = json_str(n, "label");
	const char *mark = met ? (text_utf8() ? "✓" : "+") : pending ? (text_utf8() ? "·" : ".") :
			   (text_utf8() ? "✗" : "x");
	struct buf b;

	buf_init(&b, 0);
	buf_addf(&b, NULL, "%s %s", mark, label ? label : "?");
	if (kind && strcmp(kind, "leaf")) {
		buf_adds(&b, "  ", NULL);
		add_bar(&b, json_integer_value(json_object_get(n, "count")),
			json_integer_value(json_object_get(n, "need")));
	} else if (!met && pending) {
		buf_adds(&b, _("  (would count once verified)"), NULL);
	}
	pager_wrap(v, met ? TONE_GOOD : pending ? TONE_WARN : TONE_NORMAL, 3 + 2 * depth, width,
		   b.s ? b.s : "");
	buf_release(&b);
	if (depth < 8)
		json_array_foreach(json_object_get(n, "requirements"), i, k)
			add_node(v, k, depth + 1, width);
}

static void add_pathway(struct view *v, const json_t *pr, int width)
{
	const json_t *next = json_object_get(pr, "next"), *x;
	int complete = json_is_true(json_object_get(pr, "complete"));
	struct buf b;
	size_t i;

	pager_add(v, TONE_NORMAL, 1, "");
	pager_wrap(v, TONE_HEADING, 1, width, json_str(pr, "name") ? json_str(pr, "name") : "?");
	buf_init(&b, 0);
	add_bar(&b, json_integer_value(json_object_get(pr, "met")),
		json_integer_value(json_object_get(pr, "required")));
	if (complete)
		buf_addf(&b, NULL, "  %s", json_str(pr, "completed_by") ?
			 _("complete (completion badge held)") : _("complete"));
	pager_add(v, complete ? TONE_GOOD : TONE_NORMAL, 3, b.s);
	buf_release(&b);
	json_array_foreach(json_object_get(pr, "requirements"), i, x)
		add_node(v, x, 0, width);
	if (complete || !json_array_size(next))
		return;
	pager_add(v, TONE_LABEL, 3, _("Still missing:"));
	json_array_foreach(next, i, x) {
		char *s = xasprintf("- %s", json_str(x, "label") ? json_str(x, "label") : "?");

		pager_wrap(v, TONE_NORMAL, 5, width, s);
		free(s);
		if (json_str(x, "criteria"))
			pager_wrap(v, TONE_DIM, 7, width, json_str(x, "criteria"));
	}
}

/* The progress of every pathway, or {"error": "..."}. */
static json_t *load_progress(struct tui *t)
{
	struct err err = ERR_INIT;
	json_t *defs, *holdings, *out, *d;
	size_t i;

	if (!(defs = collection_pathways(t->w, &err)))
		return json_pack("{ss}", "error", err.msg);
	if (!(holdings = collection_holdings(t->w, &err))) {
		json_decref(defs);
		return json_pack("{ss}", "error", err.msg);
	}
	out = json_array();
	json_array_foreach(defs, i, d) {
		struct pathway p;

		if (pathway_from_json(d, &p, NULL) == 0) {
			json_array_append_new(out, pathway_progress(&p, holdings));
			pathway_release(&p);
		}
	}
	json_decref(holdings);
	json_decref(defs);
	return out;
}

static void pathways_build(struct tui *t, struct view *v, int width)
{
	const json_t *pr;
	size_t i;

	if (!v->entry)
		v->entry = load_progress(t);
	pager_add(v, TONE_HEADING, 1, _("Pathways"));
	if (json_is_object(v->entry)) {
		char *s = xasprintf(_("The pathways could not be read: %s"), json_str(v->entry, "error"));

		pager_add(v, TONE_NORMAL, 1, "");
		pager_wrap(v, TONE_ERROR, 1, width, s);
		free(s);
		return;
	}
	if (!json_array_size(v->entry)) {
		pager_add(v, TONE_NORMAL, 1, "");
		pager_wrap(v, TONE_NORMAL, 1, width,
			   _("No pathways yet. A pathway shows how your badges stack up towards a goal."));
		pager_add(v, TONE_NORMAL, 1, "");
		pager_wrap(v, TONE_NORMAL, 1, width,
			   _("Add one with 'satchel pathway add FILE' (see satchel-pathway(5)), or let "
			     "'satchel pathway suggest' propose some from your badges."));
		pager_add(v, TONE_NORMAL, 1, "");
		pager_wrap(v, TONE_DIM, 1, width, _("Press q to go back to the list."));
		return;
	}
	json_array_foreach(v->entry, i, pr)
		add_pathway(v, pr, width);
}

static const struct view_ops pathways_ops = {
	KM_PATHWAYS, pager_draw, pager_handle, pager_status, pager_click, pathways_build, pager_done,
};

struct view *view_pathways_new(void)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->ops = &pathways_ops;
	v->title = _("Pathways");
	return v;
}
