/* edit.c — the actions that ask something first: search, filters, tags,
 * note, remove, import, the ':' prompt; and the wallet edits they end in.
 * The edits are local and short (a sidecar rewrite); import runs in a
 * child process (jobs.c) because it may fetch a URL. */
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

static unsigned fail(struct tui *t, const struct err *err)
{
	tui_message(t, 1, "%s", err->msg[0] ? err->msg : err_name(err->code));
	return RE_REDRAW;
}

/* ---- search and filters ------------------------------------------- */

static void search_change(struct tui *t, const char *text)
{
	list_set_query(t, text);
}

static unsigned search_done(struct tui *t, const char *text, int ok)
{
	if (!ok)
		list_set_query(t, t->prompt.saved[0] ? t->prompt.saved : NULL);
	else
		list_set_query(t, text);
	return RE_REDRAW;
}

static void to_list(struct tui *t)
{
	while (tui_pop(t))
		;
}

unsigned start_search_prompt(struct tui *t)
{
	to_list(t);
	prompt_open(t, "/", t->list.query, search_change, search_done, NULL);
	snprintf(t->prompt.saved, sizeof(t->prompt.saved), "%s", t->list.query ? t->list.query : "");
	return RE_REDRAW;
}

static void complete_tags(struct tui *t, struct buf *text, size_t *cursor)
{
	const char **tags = list_all_tags(t, NULL);

	complete_word(t, text, cursor, tags);
	free(tags);
}

static unsigned filter_tag_done(struct tui *t, const char *text, int ok)
{
	if (ok) {
		list_set_tag(t, text);
		if (*text)
			tui_message(t, 0, _("showing badges tagged '%s'"), text);
	}
	return RE_REDRAW;
}

unsigned start_filter_tag_prompt(struct tui *t)
{
	to_list(t);
	prompt_open(t, _("Only the tag (Tab completes, empty: all): "), t->list.tag, NULL,
		    filter_tag_done, complete_tags);
	return RE_REDRAW;
}

static void complete_verdict(struct tui *t, struct buf *text, size_t *cursor)
{
	complete_word(t, text, cursor, verdict_names);
}

static unsigned filter_verdict_done(struct tui *t, const char *text, int ok)
{
	if (!ok)
		return RE_REDRAW;
	if (*text && !verdict_canonical(text)) {
		tui_message(t, 1, _("'%s' is not a verdict (Tab shows them)"), text);
		return RE_REDRAW;
	}
	list_set_verdict(t, text);
	if (*text)
		tui_message(t, 0, _("showing badges that are %s"), verdict_label(text));
	return RE_REDRAW;
}

unsigned start_filter_verdict_prompt(struct tui *t)
{
	to_list(t);
	prompt_open(t, _("Only the verdict (Tab completes, empty: all): "), t->list.verdict, NULL,
		    filter_verdict_done, complete_verdict);
	return RE_REDRAW;
}

/* ---- tags ------------------------------------------------------------ */

static json_t *split_tags(const char *text)
{
	json_t *tags = json_array();
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, ",");
		const char *s = p, *e = p + n;

		while (s < e && *s == ' ')
			s++;
		while (e > s && e[-1] == ' ')
			e--;
		if (e > s) {
			json_t *tag = json_stringn(s, (size_t)(e - s));

			if (tag && !json_has_string(tags, json_string_value(tag)))
				json_array_append(tags, tag);
			json_decref(tag);
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return tags;
}

static json_t *row_tags(struct tui *t, const char *id)
{
	struct item *it = list_find(t, id);
	json_t *tags;
	char *s, *p;

	if (!it)
		return json_array();
	s = xstrdup(it->r->f[IX_TAGS]);
	for (p = s; *p; p++)
		if (*p == '\x1f')
			*p = ',';
	tags = split_tags(s);
	free(s);
	return tags;
}

unsigned edit_tags(struct tui *t, const char *id, const char *text)
{
	json_t *want = split_tags(text), *have = row_tags(t, id), *add = json_array(),
	       *drop = json_array(), *x;
	struct err err = ERR_INIT;
	size_t i;
	int rc = 0;

	json_array_foreach(want, i, x)
		if (!json_has_string(have, json_string_value(x)))
			json_array_append(add, x);
	json_array_foreach(have, i, x)
		if (!json_has_string(want, json_string_value(x)))
			json_array_append(drop, x);
	if (json_array_size(add))
		rc = collection_tag(t->w, id, add, 1, &err);
	if (rc == 0 && json_array_size(drop))
		rc = collection_tag(t->w, id, drop, 0, &err);
	json_decref(want);
	json_decref(have);
	json_decref(add);
	json_decref(drop);
	if (rc < 0)
		return fail(t, &err) | RE_RELOAD;
	tui_message(t, 0, _("tags saved"));
	return RE_RELOAD;
}

static unsigned tag_done(struct tui *t, const char *text, int ok)
{
	return ok ? edit_tags(t, t->target, text) : RE_REDRAW;
}

static int take_target(struct tui *t)
{
	const char *id = tui_target_id(t);

	if (!id) {
		tui_message(t, 1, _("no badge selected"));
		return 0;
	}
	snprintf(t->target, sizeof(t->target), "%s", id);
	return 1;
}

unsigned start_tag_prompt(struct tui *t)
{
	struct item *it;
	char *now, *p;

	if (!take_target(t) || !(it = list_find(t, t->target)))
		return RE_REDRAW;
	now = xasprintf("%s", it->r->f[IX_TAGS]);
	/* joined by U+001F in the index; shown comma-separated */
	{
		struct buf b;

		buf_init(&b, 0);
		for (p = now; *p; p++) {
			if (*p == '\x1f')
				buf_adds(&b, ", ", NULL);
			else
				buf_addc(&b, *p, NULL);
		}
		free(now);
		now = buf_detach(&b, NULL);
	}
	prompt_open(t, _("Tags (comma-separated): "), now, NULL, tag_done, complete_tags);
	free(now);
	return RE_REDRAW;
}

/* ---- note ------------------------------------------------------------- */

unsigned edit_note(struct tui *t, const char *id, const char *text)
{
	struct err err = ERR_INIT;

	if (collection_note(t->w, id, text, &err) < 0)
		return fail(t, &err) | RE_RELOAD;
	tui_message(t, 0, *text ? _("note saved") : _("note removed"));
	return RE_RELOAD;
}

static unsigned note_done(struct tui *t, const char *text, int ok)
{
	return ok ? edit_note(t, t->target, text) : RE_REDRAW;
}

unsigned start_note_prompt(struct tui *t)
{
	json_t *e;

	if (!take_target(t))
		return RE_REDRAW;
	e = index_entry_build(t->w, t->target, NULL);
	prompt_open(t, _("Note: "), json_str(e, "note"), NULL, note_done, NULL);
	json_decref(e);
	return RE_REDRAW;
}

/* ---- remove ----------------------------------------------------------- */

unsigned edit_remove(struct tui *t, const char *id)
{
	struct err err = ERR_INIT;
	struct view *v = tui_view(t);

	if (collection_remove(t->w, id, &err) < 0)
		return fail(t, &err) | RE_RELOAD;
	if (v->ops->keymap == KM_DETAIL && !strcmp(v->id, id))
		tui_pop(t);
	tui_message(t, 0, _("removed %.12s"), id);
	return RE_RELOAD;
}

static unsigned remove_done(struct tui *t, const char *text, int ok)
{
	(void)text;
	if (!ok) {
		tui_message(t, 0, _("nothing removed"));
		return RE_REDRAW;
	}
	return edit_remove(t, t->target);
}

unsigned start_remove_prompt(struct tui *t)
{
	struct item *it;
	char *q;

	if (!take_target(t) || !(it = list_find(t, t->target)))
		return RE_REDRAW;
	q = xasprintf(_("Remove '%s' from the wallet? (y/n) "), item_name(it));
	prompt_yesno(t, q, remove_done);
	free(q);
	return RE_REDRAW;
}

/* ---- import and commands ---------------------------------------------- */

static unsigned import_done(struct tui *t, const char *text, int ok)
{
	if (ok && *text)
		jobs_import(t, text);
	return RE_REDRAW;
}

unsigned start_import_prompt(struct tui *t)
{
	prompt_open(t, _("Import (file, folder or https URL; Tab completes): "), NULL, NULL,
		    import_done, complete_path);
	return RE_REDRAW;
}

static unsigned command_done(struct tui *t, const char *text, int ok)
{
	if (!ok || !*text)
		return RE_REDRAW;
	return cmd_run(t, text, 0, NULL, 0);
}

static void complete_command(struct tui *t, struct buf *text, size_t *cursor)
{
	static const char *words[ACT_COUNT + 8];
	static const char *const extra[] = { "bind", "set", "save-display", "wait", NULL };
	size_t n = 0, i;

	if (strchr(text->s, ' '))
		return;
	for (i = 1; i < ACT_COUNT; i++)
		words[n++] = action_name((enum action)i);
	for (i = 0; extra[i]; i++)
		words[n++] = extra[i];
	words[n] = NULL;
	complete_word(t, text, cursor, words);
}

unsigned start_command_prompt(struct tui *t)
{
	prompt_open(t, ":", NULL, NULL, command_done, complete_command);
	return RE_REDRAW;
}
