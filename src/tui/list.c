/* list.c — the badge list: sort, filter, search as you type, and its view.
 *
 * The list works on the index rows (collection.h) as they are: text
 * fields, no JSON.  Sort keys and the folded search text of a row are
 * made once, when first needed; a search that extends the previous one
 * only looks at the rows that matched before.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tui-int.h"
#include "satchel/xalloc.h"

static const char *const sort_names[SORT_COUNT] = { "name", "issuer", "date", "verdict" };

const char *sort_key_name(enum sort_key k)
{
	return sort_names[k];
}

int sort_key_lookup(const char *name)
{
	int i;

	for (i = 0; i < SORT_COUNT; i++)
		if (!strcmp(sort_names[i], name))
			return i;
	if (!strcmp(name, "issued"))
		return SORT_DATE;
	return -1;
}

const char *item_name(const struct item *it)
{
	const char *n = it->r->f[IX_NAME];

	if (*n)
		return n;
	return *it->r->f[IX_ERROR] ? _("(unreadable)") : _("(no name)");
}

static void item_release(struct item *it)
{
	free(it->hay);
	free(it->key);
	it->hay = it->key = NULL;
}

void list_release(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		item_release(&l->items[i]);
	free(l->items);
	free(l->order);
	free(l->vis);
	free(l->query);
	free(l->qfold);
	free(l->tag);
	free(l->verdict);
	memset(l, 0, sizeof(*l));
}

/* ---- sorting -------------------------------------------------------- */

static void make_keys(struct list *l)
{
	size_t i;
	enum index_field f = l->sort == SORT_ISSUER ? IX_ISSUER : IX_NAME;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].key);
		l->items[i].key = text_fold(l->items[i].r->f[f]);
	}
}

static int cmp_items(const void *a, const void *b, void *ctx)
{
	const struct list *l = ctx;
	const struct item *x = &l->items[*(const size_t *)a], *y = &l->items[*(const size_t *)b];
	int r = 0;

	switch (l->sort) {
	case SORT_NAME:
	case SORT_ISSUER:
		r = strcmp(x->key, y->key);
		break;
	case SORT_DATE:	/* newest first */
		r = -strcmp(x->r->f[IX_ISSUED], y->r->f[IX_ISSUED]);
		break;
	case SORT_VERDICT:
		r = verdict_rank(x->verdict) - verdict_rank(y->verdict);
		break;
	default:
		break;
	}
	if (r == 0 && l->sort != SORT_NAME)
		r = strcmp(x->r->f[IX_NAME], y->r->f[IX_NAME]);
	if (r == 0)
		r = strcmp(x->r->id, y->r->id);
	return l->reverse ? -r : r;
}

static void sort_items(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		l->order[i] = i;
	if (l->sort == SORT_NAME || l->sort == SORT_ISSUER)
		make_keys(l);
	qsort_r(l->order, l->n, sizeof(*l->order), cmp_items, l);
}

/* ---- filtering ------------------------------------------------------ */

static char *make_hay(const struct item *it)
{
	const struct index_row *r = it->r;
	char *all = xasprintf("%s\n%s\n%s\n%s", r->f[IX_NAME], r->f[IX_ISSUER],
			      r->f[IX_DESCRIPTION], r->f[IX_TAGS]), *p, *folded;

	for (p = all; *p; p++)
		if (*p == '\x1f')
			*p = ' ';
	folded = text_fold(all);
	free(all);
	return folded;
}

/* Every word of the query must occur (in any of the fields). */
static int query_matches(struct item *it, const char *q)
{
	char word[256];

	if (!it->hay)
		it->hay = make_hay(it);
	while (*q) {
		size_t n;

		while (*q == ' ')
			q++;
		n = strcspn(q, " ");
		if (!n)
			break;
		if (n >= sizeof(word))
			n = sizeof(word) - 1;
		memcpy(word, q, n);
		word[n] = '\0';
		if (!strstr(it->hay, word))
			return 0;
		q += strcspn(q, " ");
	}
	return 1;
}

static int matches(struct list *l, struct item *it)
{
	if (l->tag && !index_row_has_tag(it->r, l->tag))
		return 0;
	if (l->verdict && strcmp(it->verdict, l->verdict))
		return 0;
	return !l->qfold || query_matches(it, l->qfold);
}

static size_t sel_item(const struct list *l)
{
	return l->nvis ? l->vis[l->sel] : (size_t)-1;
}

static void place_selection(struct list *l, size_t want)
{
	size_t i;

	l->sel = 0;
	for (i = 0; want != (size_t)-1 && i < l->nvis; i++)
		if (l->vis[i] == want) {
			l->sel = i;
			break;
		}
}

/* narrow: only rows visible now can match (the query got longer). */
static void refilter(struct list *l, int narrow)
{
	size_t want = sel_item(l), i, n = 0;

	if (narrow) {
		for (i = 0; i < l->nvis; i++)
			if (matches(l, &l->items[l->vis[i]]))
				l->vis[n++] = l->vis[i];
	} else {
		for (i = 0; i < l->n; i++)
			if (matches(l, &l->items[l->order[i]]))
				l->vis[n++] = l->order[i];
	}
	l->nvis = n;
	place_selection(l, want);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void list_set_query(struct tui *t, const char *q)
{
	struct list *l = &t->list;
	char *fold = q && *q ? text_fold(q) : NULL;
	int narrow = fold && l->qfold && !strncmp(fold, l->qfold, strlen(l->qfold));
	double t0 = now_ms(), dt;

	free(l->query);
	free(l->qfold);
	l->query = fold ? xstrdup(q) : NULL;
	l->qfold = fold;
	refilter(l, narrow);
	dt = now_ms() - t0;
	if (dt > t->filter_ms_max)
		t->filter_ms_max = dt;
	if (t->timing)
		fprintf(t->timing, "filter-ms %.3f rows=%zu visible=%zu query=%s\n", dt, l->n, l->nvis,
			q ? q : "");
}

void list_set_sort(struct tui *t, enum sort_key k, int reverse)
{
	struct list *l = &t->list;
	size_t want = sel_item(l);

	l->sort = k;
	l->reverse = reverse;
	sort_items(l);
	l->nvis = 0;
	refilter(l, 0);
	place_selection(l, want);
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s && *s ? xstrdup(s) : NULL;
}

void list_set_tag(struct tui *t, const char *tag)
{
	set_str(&t->list.tag, tag);
	refilter(&t->list, 0);
}

void list_set_verdict(struct tui *t, const char *verdict)
{
	set_str(&t->list.verdict, verdict);
	refilter(&t->list, 0);
}

static int cmp_row_id(const void *key, const void *row)
{
	return strcmp(key, ((const struct index_row *)row)->id);
}

struct item *list_find(struct tui *t, const char *id)
{
	const struct index_row *r;

	if (!t->have_ix || !t->list.items)
		return NULL;
	r = bsearch(id, t->ix.rows, t->ix.n, sizeof(*t->ix.rows), cmp_row_id);
	return r ? &t->list.items[r - t->ix.rows] : NULL;
}

void list_rebuild(struct tui *t)
{
	struct list *l = &t->list;
	char keep[WALLET_ID_LEN + 1] = "";
	struct item *it = list_selected(t);
	size_t i;

	if (t->pending_select) {
		snprintf(keep, sizeof(keep), "%s", t->pending_select);
		free(t->pending_select);
		t->pending_select = NULL;
	} else if (it) {
		snprintf(keep, sizeof(keep), "%s", it->r->id);
	}
	for (i = 0; i < l->n; i++)
		item_release(&l->items[i]);
	free(l->items);
	free(l->order);
	free(l->vis);
	l->n = t->ix.n;
	l->items = xcalloc(l->n + 1, sizeof(*l->items));
	l->order = xcalloc(l->n + 1, sizeof(*l->order));
	l->vis = xcalloc(l->n + 1, sizeof(*l->vis));
	for (i = 0; i < l->n; i++) {
		l->items[i].r = &t->ix.rows[i];
		l->items[i].verdict = t->ix.rows[i].f[IX_VERDICT];
	}
	l->nvis = 0;
	l->idle_next = 0;
	jobs_mark_items(t);
	sort_items(l);
	refilter(l, 0);
	it = keep[0] ? list_find(t, keep) : NULL;
	place_selection(l, it ? (size_t)(it - l->items) : (size_t)-1);
}

int list_idle(struct tui *t)
{
	struct list *l = &t->list;
	size_t end = l->idle_next + 500;

	for (; l->idle_next < l->n && l->idle_next < end; l->idle_next++)
		if (!l->items[l->idle_next].hay)
			l->items[l->idle_next].hay = make_hay(&l->items[l->idle_next]);
	return l->idle_next < l->n;
}

struct item *list_selected(struct tui *t)
{
	struct list *l = &t->list;

	return l->nvis && l->items ? &l->items[l->vis[l->sel]] : NULL;
}

int list_move(struct tui *t, long delta)
{
	struct list *l = &t->list;
	long to = (long)l->sel + delta;

	if (!l->nvis)
		return 0;
	if (to < 0)
		to = 0;
	if (to >= (long)l->nvis)
		to = (long)l->nvis - 1;
	if ((size_t)to == l->sel)
		return 0;
	l->sel = (size_t)to;
	return 1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **list_all_tags(struct tui *t, size_t *count)
{
	const char **tags = NULL;
	size_t n = 0, cap = 0, i, k;
	struct buf all;

	/* The tags live joined in the rows; split copies into one buffer
	 * kept with the index text would need ownership games: instead
	 * collect pointers to static copies interned per call. */
	static char *pool;
	buf_init(&all, 0);
	for (i = 0; i < t->list.n; i++) {
		const char *p = t->list.items[i].r->f[IX_TAGS];

		if (*p) {
			buf_adds(&all, p, NULL);
			buf_addc(&all, '\x1f', NULL);
		}
	}
	free(pool);
	pool = buf_detach(&all, NULL);
	for (char *p = pool; *p; ) {
		char *end = strchr(p, '\x1f');

		*end = '\0';
		xgrow((void **)&tags, &cap, n + 2, sizeof(*tags));
		tags[n++] = p;
		p = end + 1;
	}
	if (!tags)
		tags = xcalloc(1, sizeof(*tags));
	qsort(tags, n, sizeof(*tags), cmp_str);
	for (i = k = 0; i < n; i++)
		if (!k || strcmp(tags[k - 1], tags[i]))
			tags[k++] = tags[i];
	tags[k] = NULL;
	if (count)
		*count = k;
	return tags;
}

/* ---- the view ------------------------------------------------------- */

struct columns {
	int mark, name, nw, issuer, iw, date, verdict, vw;
};

static int verdict_col_width(void)
{
	int i, w = 0;

	for (i = 0; verdict_names[i]; i++) {
		char *c = text_clean(verdict_label(verdict_names[i]), 0);
		int lw = text_width(c);

		free(c);
		if (lw > w)
			w = lw;
	}
	return w;
}

static struct columns layout(void)
{
	struct columns c;
	int rest, W = draw_area.w, X = draw_area.x;

	c.mark = X + 1;
	c.vw = W >= 72 ? verdict_col_width() : 0;
	if (c.vw > 16)
		c.vw = 16;
	rest = W - 3 - 12 - (c.vw ? c.vw + 2 : 0) - 1;
	if (rest < 10) {
		c.vw = 0;
		rest = W - 3 - 12 - 1;
	}
	if (rest < 4)
		rest = 4;
	c.name = X + 3;
	c.nw = rest * 3 / 5 - 1;
	c.issuer = c.name + c.nw + 2;
	c.iw = rest - c.nw - 2;
	c.date = c.issuer + c.iw + 1;
	c.verdict = c.date + 12;
	if (c.nw < 1)
		c.nw = 1;
	if (c.iw < 1)
		c.iw = 1;
	return c;
}

static void draw_header(int y, const struct columns *c)
{
	attr_t a = tone_attr(TONE_HEADING);

	draw_fill(y, draw_area.x, draw_area.w, tone_attr(TONE_NORMAL));
	draw_raw(y, c->name, _("Name"), c->nw, a, 0);
	draw_raw(y, c->issuer, _("Issuer"), c->iw, a, 0);
	draw_raw(y, c->date, _("Issued"), 10, a, 0);
	if (c->vw)
		draw_raw(y, c->verdict, _("Verdict"), c->vw, a, 0);
}

static void draw_row(struct tui *t, int y, const struct item *it, int selected,
		     const struct columns *c)
{
	attr_t base = selected ? tone_attr(TONE_SELECTED) : tone_attr(TONE_NORMAL);
	attr_t vt = selected ? base : tone_attr(verdict_tone(it->verdict));
	const char *mark = verdict_mark(it->verdict), *label = verdict_label(it->verdict);
	char date[11];

	if (it->state == JS_RUNNING) {
		mark = spinner_frame(t->jobs.tick);
		label = _("checking…");
		vt = base;
	} else if (it->state == JS_QUEUED) {
		mark = text_utf8() ? "…" : ".";
		label = _("queued");
		vt = base;
	}
	draw_fill(y, draw_area.x, draw_area.w, base);
	draw_text(y, c->mark, mark, 1, vt, 0);
	draw_raw(y, c->name, item_name(it), c->nw,
		 *it->r->f[IX_NAME] || selected ? base : tone_attr(TONE_ERROR), 0);
	draw_raw(y, c->issuer, it->r->f[IX_ISSUER], c->iw, base, 0);
	snprintf(date, sizeof(date), "%.10s", it->r->f[IX_ISSUED]);
	draw_raw(y, c->date, date, 10, base, 0);
	if (c->vw)
		draw_raw(y, c->verdict, label, c->vw, vt, 0);
}

static void list_draw(struct tui *t, struct view *v, int top, int height)
{
	struct list *l = &t->list;
	struct columns c = layout();
	int rows = height - 1, y;

	(void)v;
	draw_header(top, &c);
	if (rows < 1)
		return;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)rows)
		l->top = l->sel - (size_t)rows + 1;
	if (l->top + (size_t)rows > l->nvis)
		l->top = l->nvis > (size_t)rows ? l->nvis - (size_t)rows : 0;
	for (y = 0; y < rows; y++) {
		size_t i = l->top + (size_t)y;

		if (i < l->nvis)
			draw_row(t, top + 1 + y, &l->items[l->vis[i]], i == l->sel, &c);
		else
			draw_fill(top + 1 + y, draw_area.x, draw_area.w, tone_attr(TONE_NORMAL));
	}
	if (!l->nvis)
		draw_raw(top + 2, draw_area.x + 3, l->n ? _("No badge matches. Press Esc to clear the search and filters.")
				  : _("The wallet is empty. Press i to import badges."),
			 draw_area.w - 4, tone_attr(TONE_DIM), 0);
}

static unsigned list_handle(struct tui *t, struct view *v, enum action a)
{
	struct list *l = &t->list;
	long page = LINES > 5 ? LINES - 5 : 1;

	(void)v;
	switch (a) {
	case ACT_MOVE_DOWN:
		return list_move(t, 1) ? RE_REDRAW : RE_NONE;
	case ACT_MOVE_UP:
		return list_move(t, -1) ? RE_REDRAW : RE_NONE;
	case ACT_PAGE_DOWN:
		l->top += (size_t)page;
		return list_move(t, page), RE_REDRAW;
	case ACT_PAGE_UP:
		l->top = l->top > (size_t)page ? l->top - (size_t)page : 0;
		return list_move(t, -page), RE_REDRAW;
	case ACT_MOVE_FIRST:
		return list_move(t, -(long)l->nvis), RE_REDRAW;
	case ACT_MOVE_LAST:
		return list_move(t, (long)l->nvis), RE_REDRAW;
	case ACT_OPEN:
		if (!list_selected(t))
			return RE_NONE;
		tui_push(t, view_detail_new(list_selected(t)->r->id));
		return RE_REDRAW;
	case ACT_CLEAR_FILTER:
		if (!l->query && !l->tag && !l->verdict)
			return RE_NONE;
		free(l->tag);
		free(l->verdict);
		l->tag = l->verdict = NULL;
		list_set_query(t, NULL);
		tui_message(t, 0, _("showing all badges"));
		return RE_REDRAW;
	case ACT_SORT:
		list_set_sort(t, (enum sort_key)((l->sort + 1) % SORT_COUNT), 0);
		tui_message(t, 0, _("sorted by %s"), sort_key_name(l->sort));
		return RE_REDRAW;
	case ACT_SORT_REVERSE:
		list_set_sort(t, l->sort, !l->reverse);
		return RE_REDRAW;
	default:
		return RE_UNHANDLED;
	}
}

static void list_status(struct tui *t, struct view *v, char *out, size_t n)
{
	struct list *l = &t->list;

	(void)v;
	snprintf(out, n, "[list] %zu/%zu", l->nvis ? l->sel + 1 : 0, l->nvis);
}

static unsigned list_click(struct tui *t, struct view *v, int y, int dir, int twice)
{
	struct list *l = &t->list;
	size_t i;

	if (dir)
		return list_move(t, dir * 3) ? RE_REDRAW : RE_NONE;
	if (y < 1)
		return RE_NONE;
	i = l->top + (size_t)(y - 1);
	if (i >= l->nvis)
		return RE_NONE;
	if (i == l->sel || twice)
		return list_handle(t, v, ACT_OPEN);
	l->sel = i;
	return RE_REDRAW;
}

static void list_done(struct view *v)
{
	free(v);
}

static const struct view_ops list_ops = {
	KM_LIST, list_draw, list_handle, list_status, list_click, NULL, list_done,
};

struct view *view_list_new(void)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->ops = &list_ops;
	v->title = _("Badges");
	return v;
}
