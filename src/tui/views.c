/* views.c — the pager (lines of text that scroll) that the detail, help
 * pathways and share views share, and the help view generated from the
 * keymap. */
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"
#include "satchel/xalloc.h"

static int body_height(void)
{
	return LINES > 3 ? LINES - 3 : 1;
}

int pager_height(void)
{
	return body_height();
}

void pager_clear(struct view *v)
{
	size_t i;

	for (i = 0; i < v->nlines; i++) {
		free(v->lines[i].label);
		free(v->lines[i].text);
	}
	v->nlines = 0;
}

static struct line *pager_push(struct view *v)
{
	xgrow((void **)&v->lines, &v->cap, v->nlines + 1, sizeof(*v->lines));
	memset(&v->lines[v->nlines], 0, sizeof(v->lines[0]));
	return &v->lines[v->nlines++];
}

void pager_add(struct view *v, enum tone tone, int indent, const char *raw)
{
	struct line *l = pager_push(v);

	l->text = text_clean(raw ? raw : "", 0);
	l->tone = tone;
	l->indent = indent;
}

struct wrap_ctx {
	struct view *v;
	const char *label;
	enum tone tone;
	int indent;
};

static void wrap_line(void *ctx, const char *s, size_t len)
{
	struct wrap_ctx *w = ctx;
	struct line *l = pager_push(w->v);

	l->text = xstrndup(s, len);
	l->tone = w->tone;
	l->indent = w->indent;
	if (w->label) {
		l->label = text_clean(w->label, 0);
		w->label = NULL;
	}
}

void pager_field(struct view *v, const char *label, enum tone tone, int indent, int width,
		 const char *raw)
{
	struct wrap_ctx w = { v, label, tone, indent };
	char *clean = text_clean(raw ? raw : "", 1);

	text_wrap(clean, width - indent - 1, wrap_line, &w);
	free(clean);
}

size_t pager_max_top(struct view *v)
{
	size_t h = (size_t)body_height();

	return v->nlines > h ? v->nlines - h : 0;
}

void pager_ensure(struct tui *t, struct view *v)
{
	if (v->built_width == draw_area.w)
		return;
	pager_clear(v);
	v->ops->build(t, v, draw_area.w);
	v->built_width = draw_area.w;
	if (v->top > pager_max_top(v))
		v->top = pager_max_top(v);
}

void pager_draw(struct tui *t, struct view *v, int top, int height)
{
	int y;

	pager_ensure(t, v);
	for (y = 0; y < height; y++) {
		size_t i = v->top + (size_t)y;
		const struct line *l = i < v->nlines ? &v->lines[i] : NULL;

		draw_fill(top + y, draw_area.x, draw_area.w, tone_attr(TONE_NORMAL));
		if (!l)
			continue;
		if (l->label)
			draw_text(top + y, draw_area.x + 1, l->label, l->indent - 2,
				  tone_attr(TONE_LABEL), 0);
		draw_text(top + y, draw_area.x + l->indent, l->text, draw_area.w - l->indent - 1,
			  tone_attr(l->tone), 0);
	}
}

unsigned pager_handle(struct tui *t, struct view *v, enum action a)
{
	size_t max, page = (size_t)(body_height() > 1 ? body_height() - 1 : 1);

	pager_ensure(t, v);
	max = pager_max_top(v);
	switch (a) {
	case ACT_MOVE_DOWN:
		v->top = v->top < max ? v->top + 1 : max;
		break;
	case ACT_MOVE_UP:
		v->top = v->top ? v->top - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
		v->top = v->top + page < max ? v->top + page : max;
		break;
	case ACT_PAGE_UP:
		v->top = v->top > page ? v->top - page : 0;
		break;
	case ACT_MOVE_FIRST:
		v->top = 0;
		break;
	case ACT_MOVE_LAST:
		v->top = max;
		break;
	default:
		return RE_UNHANDLED;
	}
	return RE_REDRAW;
}

unsigned pager_click(struct tui *t, struct view *v, int y, int dir, int twice)
{
	(void)y;
	(void)twice;
	if (dir > 0)
		return pager_handle(t, v, ACT_MOVE_DOWN) | pager_handle(t, v, ACT_MOVE_DOWN) |
		       pager_handle(t, v, ACT_MOVE_DOWN);
	if (dir < 0)
		return pager_handle(t, v, ACT_MOVE_UP) | pager_handle(t, v, ACT_MOVE_UP) |
		       pager_handle(t, v, ACT_MOVE_UP);
	return RE_NONE;
}

void pager_position(const struct view *v, char *out, size_t n)
{
	size_t last = v->top + (size_t)body_height();

	if (last > v->nlines)
		last = v->nlines;
	snprintf(out, n, "%zu-%zu/%zu", v->nlines ? v->top + 1 : 0, last, v->nlines);
}

void pager_status(struct tui *t, struct view *v, char *out, size_t n)
{
	char pos[64];

	(void)t;
	pager_position(v, pos, sizeof(pos));
	snprintf(out, n, "[%s] %s  %s", keymap_name(v->ops->keymap), v->title, pos);
}

void pager_done(struct view *v)
{
	pager_clear(v);
	free(v->lines);
	json_decref(v->entry);
	free(v);
}

/* ---- help ----------------------------------------------------------- */

static const struct {
	enum keymap km;
	const char *title;
} help_sections[] = {
	{ KM_GENERIC, N_("Keys in every view") },
	{ KM_LIST, N_("Keys in the badge list") },
	{ KM_DETAIL, N_("Keys in the badge details") },
	{ KM_HELP, N_("Keys in this help") },
	{ KM_PATHWAYS, N_("Keys in the pathways view") },
	{ KM_SHARE, N_("Keys in the share view") },
};

static const struct {
	const char *usage, *help;
} help_commands[] = {
	{ "sort name|issuer|date|verdict", N_("sort the list (again: reverse it)") },
	{ "search TEXT", N_("show only badges matching TEXT") },
	{ "filter-tag TAG", N_("show only badges tagged TAG (none: all)") },
	{ "filter-verdict VERDICT", N_("show only badges with VERDICT (none: all)") },
	{ "import PATH|URL", N_("import badges") },
	{ "tag TAG, TAG...", N_("set the tags of the selected badge") },
	{ "note TEXT", N_("set the note of the selected badge") },
	{ "bind KEYMAP KEY ACTION", N_("bind a key, as in the config file") },
	{ "set mouse = yes|no", N_("turn the mouse on or off") },
	{ "save-display FILE", N_("write the screen as text to FILE") },
	{ "wait", N_("(scripts) wait until background work and idle work are done") },
};

static void help_keymap(struct view *v, enum keymap km, const char *title, int width)
{
	char keys[128];
	int a, any = 0, used;

	for (a = 1; a < ACT_COUNT; a++) {
		if (!keys_of(km, (enum action)a, keys, sizeof(keys)))
			continue;
		if (!any++) {
			pager_add(v, TONE_NORMAL, 1, "");
			pager_add(v, TONE_HEADING, 1, _(title));
		}
		{
			char *ck = text_clean(keys, 0), *label;
			size_t fit = text_fit(ck, 16, &used);

			label = xasprintf("%.*s%*s %s", (int)fit, ck, 16 - used, "",
					  action_name((enum action)a));
			pager_field(v, label, TONE_NORMAL, 34, width, action_help((enum action)a));
			free(label);
			free(ck);
		}
	}
}

static void help_build(struct tui *t, struct view *v, int width)
{
	size_t i;
	int a;

	(void)t;
	pager_add(v, TONE_HEADING, 1, _("satchel: keys and commands"));
	pager_wrap(v, TONE_NORMAL, 1, width,
		   _("Keys are set by 'bind KEYMAP KEY ACTION' lines in $XDG_CONFIG_HOME/satchel/config "
		     "(for example: bind list x verify); the ':' prompt takes the same actions and commands."));
	for (i = 0; i < sizeof(help_sections) / sizeof(help_sections[0]); i++)
		help_keymap(v, help_sections[i].km, help_sections[i].title, width);
	pager_add(v, TONE_NORMAL, 1, "");
	pager_add(v, TONE_HEADING, 1, _("Commands (after ':')"));
	pager_wrap(v, TONE_NORMAL, 1, width, _("Every action above is also a command. Besides:"));
	for (i = 0; i < sizeof(help_commands) / sizeof(help_commands[0]); i++) {
		char *text = xasprintf("%-24s %s", help_commands[i].usage, _(help_commands[i].help));

		pager_wrap(v, TONE_NORMAL, 3, width, text);
		free(text);
	}
	pager_add(v, TONE_NORMAL, 1, "");
	pager_add(v, TONE_HEADING, 1, _("Verdicts"));
	for (a = 0; verdict_names[a]; a++) {
		char *text = xasprintf("%s  %-14s", verdict_mark(verdict_names[a]),
				       verdict_label(verdict_names[a]));

		pager_add(v, verdict_tone(verdict_names[a]), 3, text);
		free(text);
	}
}

static void help_status(struct tui *t, struct view *v, char *out, size_t n)
{
	pager_status(t, v, out, n);
}

static const struct view_ops help_ops = {
	KM_HELP, pager_draw, pager_handle, help_status, pager_click, help_build, pager_done,
};

struct view *view_help_new(void)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->ops = &help_ops;
	v->title = _("Help");
	return v;
}
