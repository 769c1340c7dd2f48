/* pathways.c — the pathways view: every stored pathway with a progress
 * bar, its requirements and what is still missing.  The data is the one
 * `satchel pathway show` prints (pathway_progress), read once when the
 * view opens.  A cursor moves over the requirement lines: open on a group
 * shows just that group (a view of its own, q goes back up), on a met
 * requirement the details of the first badge that met it. */
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
	size_t first;

	buf_init(&b, 0);
	buf_addf(&b, NULL, "%s %s", mark, label ? label : "?");
	if (kind && strcmp(kind, "leaf")) {
		buf_adds(&b, "  ", NULL);
		add_bar(&b, json_integer_value(json_object_get(n, "count")),
			json_integer_value(json_object_get(n, "need")));
	} else if (!met && pending) {
		buf_adds(&b, _("  (would count once verified)"), NULL);
	}
	first = v->nlines;
	pager_wrap(v, met ? TONE_GOOD : pending ? TONE_WARN : TONE_NORMAL, 3 + 2 * depth, width,
		   b.s ? b.s : "");
	for (; first < v->nlines; first++)
		v->lines[first].ref = n;
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
	json_t *defs, *holdings, *out;

	if (!(defs = collection_pathways(t->w, &err)))
		return json_pack("{ss}", "error", err.msg);
	if (!(holdings = collection_holdings(t->w, &err))) {
		json_decref(defs);
		return json_pack("{ss}", "error", err.msg);
	}
	out = pathway_progress_all(defs, holdings, NULL);
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
	if (json_is_object(v->entry) && json_str(v->entry, "kind")) {	/* one group */
		struct buf b;

		pager_wrap(v, TONE_HEADING, 1, width,
			   json_str(v->entry, "label") ? json_str(v->entry, "label") : "?");
		buf_init(&b, 0);
		add_bar(&b, json_integer_value(json_object_get(v->entry, "count")),
			json_integer_value(json_object_get(v->entry, "need")));
		pager_add(v, json_is_true(json_object_get(v->entry, "met")) ? TONE_GOOD : TONE_NORMAL,
			  3, b.s);
		buf_release(&b);
		pager_add(v, TONE_NORMAL, 1, "");
		json_array_foreach(json_object_get(v->entry, "requirements"), i, pr)
			add_node(v, pr, 0, width);
		return;
	}
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

/* ---- the cursor ------------------------------------------------------ */

/* Whether line i starts a requirement (wrapped lines share its ref). */
static int is_start(const struct view *v, size_t i)
{
	return v->lines[i].ref && (i == 0 || v->lines[i - 1].ref != v->lines[i].ref);
}

/* The first line of the selection, or -1. */
static long sel_line(const struct view *v)
{
	size_t i;

	if (!v->sel)
		return -1;
	for (i = 0; i < v->nlines; i++)
		if (v->lines[i].ref == v->sel)
			return (long)i;
	return -1;
}

/* The next (dir 1) or previous (dir -1) requirement from line from; -1. */
static long step_line(const struct view *v, long from, int dir)
{
	const void *cur = from >= 0 && from < (long)v->nlines ? v->lines[from].ref : NULL;
	long i;

	for (i = from + dir; i >= 0 && i < (long)v->nlines; i += dir)
		if (is_start(v, (size_t)i) && (!cur || v->lines[i].ref != cur))
			return i;
	return -1;
}

static void select_line(struct view *v, long i)
{
	size_t h = (size_t)pager_height(), end = (size_t)i;

	v->sel = v->lines[i].ref;
	while (end + 1 < v->nlines && v->lines[end + 1].ref == v->sel)
		end++;
	if ((size_t)i < v->top)
		v->top = (size_t)i;
	else if (end >= v->top + h)
		v->top = end + 1 - h;
	if (v->top > pager_max_top(v))
		v->top = pager_max_top(v);
}

/* After scrolling: keeps the selection on the screen when one is there. */
static void select_visible(struct view *v, int last)
{
	size_t h = (size_t)pager_height(), i, end = v->top + h < v->nlines ? v->top + h : v->nlines;
	long s = sel_line(v), pick = -1;

	if (s >= (long)v->top && s < (long)end)
		return;
	for (i = v->top; i < end; i++)
		if (is_start(v, i) && (pick < 0 || last))
			pick = (long)i;
	if (pick >= 0)
		v->sel = v->lines[pick].ref;
}

static void pathways_ensure(struct tui *t, struct view *v)
{
	size_t i;

	pager_ensure(t, v);
	if (sel_line(v) >= 0)
		return;
	v->sel = NULL;
	for (i = 0; i < v->nlines && !v->sel; i++)
		if (v->lines[i].ref)
			v->sel = v->lines[i].ref;
}

static void pathways_draw(struct tui *t, struct view *v, int top, int height)
{
	long s;
	int y;

	pager_draw(t, v, top, height);
	if ((s = sel_line(v)) < 0)
		return;
	for (y = 0; y < height; y++) {
		size_t i = v->top + (size_t)y;
		const struct line *l;

		if (i >= v->nlines || (long)i < s || v->lines[i].ref != v->sel)
			continue;
		l = &v->lines[i];
		draw_fill(top + y, draw_area.x, draw_area.w, tone_attr(TONE_SELECTED));
		draw_text(top + y, draw_area.x + l->indent, l->text, draw_area.w - l->indent - 1,
			  tone_attr(TONE_SELECTED), 0);
	}
}

static struct view *pathways_view(json_t *entry, const char *title);

static unsigned pathways_open(struct tui *t, struct view *v)
{
	const json_t *n = v->sel;
	const char *kind, *id;

	if (!n)
		return RE_NONE;
	kind = json_str(n, "kind");
	if (kind && strcmp(kind, "leaf")) {
		tui_push(t, pathways_view(json_incref((json_t *)n), _("Pathway group")));
		return RE_REDRAW;
	}
	id = json_string_value(json_array_get(json_object_get(n, "credentials"), 0));
	if (id && json_is_true(json_object_get(n, "met"))) {
		tui_push(t, view_detail_new(id));
		return RE_REDRAW;
	}
	tui_message(t, 0, json_array_size(json_object_get(n, "pending")) ?
				  _("not met yet: the badge would count once verified") :
				  _("not met yet: no badge of yours meets this requirement"));
	return RE_REDRAW;
}

static unsigned pathways_handle(struct tui *t, struct view *v, enum action a)
{
	long s, j;
	unsigned re;

	pathways_ensure(t, v);
	s = sel_line(v);
	switch (a) {
	case ACT_OPEN:
		return pathways_open(t, v);
	case ACT_MOVE_DOWN:
	case ACT_MOVE_UP:
		if (s >= 0 && (j = step_line(v, s, a == ACT_MOVE_DOWN ? 1 : -1)) >= 0) {
			select_line(v, j);
			return RE_REDRAW;
		}
		return pager_handle(t, v, a);	/* scrolls past the first/last one */
	case ACT_MOVE_FIRST:
	case ACT_MOVE_LAST:
		re = pager_handle(t, v, a);
		if (s >= 0 && (j = step_line(v, a == ACT_MOVE_FIRST ? -1 : (long)v->nlines,
					     a == ACT_MOVE_FIRST ? 1 : -1)) >= 0)
			v->sel = v->lines[j].ref;
		return re;
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		re = pager_handle(t, v, a);
		select_visible(v, a == ACT_PAGE_UP);
		return re;
	default:
		return pager_handle(t, v, a);
	}
}

static unsigned pathways_click(struct tui *t, struct view *v, int y, int dir, int twice)
{
	size_t i = v->top + (size_t)(y < 0 ? 0 : y);

	if (dir || y < 0)
		return pager_click(t, v, y, dir, twice);
	pathways_ensure(t, v);
	if (i >= v->nlines || !v->lines[i].ref)
		return RE_NONE;
	if (v->lines[i].ref == v->sel || twice)
		return pathways_open(t, v);
	v->sel = v->lines[i].ref;
	return RE_REDRAW;
}

static const struct view_ops pathways_ops = {
	KM_PATHWAYS, pathways_draw, pathways_handle, pager_status, pathways_click, pathways_build,
	pager_done,
};

static struct view *pathways_view(json_t *entry, const char *title)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->ops = &pathways_ops;
	v->title = title;
	v->entry = entry;
	return v;
}

struct view *view_pathways_new(void)
{
	return pathways_view(NULL, _("Pathways"));
}
