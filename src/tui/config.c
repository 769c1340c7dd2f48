/* config.c — one command language for the config file, the ':' prompt
 * and scripts (tig's approach): `bind KEYMAP KEY ACTION`, `set NAME =
 * VALUE`, and every action name, some with an argument.
 *
 * The default bindings are config text (share/satchel.conf), compiled in
 * by the Makefile; the user's file is read after them.  A bad line gives
 * "path:line: message" and loading goes on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"
#include "satchel/fsutil.h"
#include "satchel/xalloc.h"

const char builtin_config[] =
#include "builtin-conf.h"
	;

#define MAX_ARGS 8

/* Splits line into words (quotes "..." and '...', backslash escapes);
 * returns the count, or -1 when a quote is not closed.  *rest points
 * at the text after the first word. */
static int split(char *line, char **argv, const char **rest)
{
	char *r = line, *w;
	int argc = 0;

	*rest = "";
	while (*r && argc < MAX_ARGS) {
		char q = 0;

		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			break;
		if (argc == 1)
			*rest = r;
		argv[argc++] = w = r;
		while (*r && (q || (*r != ' ' && *r != '\t'))) {
			if (q && *r == q) {
				q = 0;
				r++;
			} else if (!q && (*r == '"' || *r == '\'')) {
				q = *r++;
			} else if (*r == '\\' && r[1]) {
				r++;
				*w++ = *r++;
			} else {
				*w++ = *r++;
			}
		}
		if (q)
			return -1;
		if (*r)
			r++;
		*w = '\0';
	}
	return argc;
}

struct ctx {
	struct tui *t;
	char *err;
	size_t errlen;
};

static unsigned problem(struct ctx *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

static unsigned problem(struct ctx *c, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->err)
		snprintf(c->err, c->errlen, "%s", msg);
	else
		tui_message(c->t, 1, "%s", msg);
	return RE_REDRAW;
}

static unsigned do_bind(struct ctx *c, int argc, char **argv)
{
	const char *end;
	int km, key;
	enum action a;

	if (argc != 4)
		return problem(c, _("usage: bind KEYMAP KEY ACTION"));
	km = keymap_lookup(argv[1]);
	if (km < 0)
		return problem(c, _("no keymap '%s' (generic, list, detail, help, pathways, share)"),
			       argv[1]);
	key = key_parse(argv[2], &end);
	if (key < 0 || *end)
		return problem(c, _("'%s' is not a key (write j, <Down>, <C-x>, <F1>...)"), argv[2]);
	a = action_lookup(argv[3]);
	if (a == ACT_NONE && strcmp(argv[3], "none"))
		return problem(c, _("no action '%s' (see the help, ?)"), argv[3]);
	keys_bind((enum keymap)km, key, a);
	return RE_REDRAW;
}

static int yes(const char *v)
{
	return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1");
}

static unsigned do_set(struct ctx *c, int argc, char **argv)
{
	const char *name, *value;
	int k;

	if (argc == 4 && !strcmp(argv[2], "="))
		name = argv[1], value = argv[3];
	else if (argc == 3)
		name = argv[1], value = argv[2];
	else
		return problem(c, _("usage: set NAME = VALUE"));
	if (!strcmp(name, "mouse")) {
		c->t->use_mouse = yes(value);
		term_set_mouse(c->t->use_mouse);
	} else if (!strcmp(name, "sort")) {
		k = sort_key_lookup(value);
		if (k < 0)
			return problem(c, _("no sort key '%s' (name, issuer, date, verdict)"), value);
		c->t->list.sort = (enum sort_key)k;
		if (c->t->list.items)
			list_set_sort(c->t, (enum sort_key)k, c->t->list.reverse);
	} else if (!strcmp(name, "sort-reverse")) {
		c->t->list.reverse = yes(value);
		if (c->t->list.items)
			list_set_sort(c->t, c->t->list.sort, c->t->list.reverse);
	} else {
		return problem(c, _("no setting '%s' (mouse, sort, sort-reverse)"), name);
	}
	return RE_REDRAW;
}

static unsigned do_save_display(struct ctx *c, int argc, char **argv)
{
	char why[256];

	if (argc != 2)
		return problem(c, _("usage: save-display FILE"));
	tui_draw(c->t);
	if (screen_save(argv[1], why, sizeof(why)) < 0)
		return problem(c, "%s", why);
	return RE_NONE;
}

static unsigned do_sort(struct ctx *c, int argc, char **argv)
{
	int k;

	if (argc < 2)
		return tui_action(c->t, ACT_SORT, NULL);
	k = sort_key_lookup(argv[1]);
	if (k < 0)
		return problem(c, _("no sort key '%s' (name, issuer, date, verdict)"), argv[1]);
	/* the same key again reverses, as clicking a column header does */
	list_set_sort(c->t, (enum sort_key)k,
		      (enum sort_key)k == c->t->list.sort ? !c->t->list.reverse : 0);
	return RE_REDRAW;
}

/* Commands whose argument is the rest of the line. */
static unsigned with_text(struct ctx *c, enum action a, const char *rest)
{
	struct tui *t = c->t;
	const char *id;

	switch (a) {
	case ACT_SEARCH:
		while (tui_pop(t))
			;
		list_set_query(t, rest);
		return RE_REDRAW;
	case ACT_FILTER_TAG:
		list_set_tag(t, rest);
		return RE_REDRAW;
	case ACT_FILTER_VERDICT:
		if (!verdict_canonical(rest) && strcmp(rest, "none"))
			return problem(c, _("'%s' is not a verdict"), rest);
		list_set_verdict(t, strcmp(rest, "none") ? rest : NULL);
		return RE_REDRAW;
	case ACT_IMPORT:
		jobs_import(t, rest);
		return RE_REDRAW;
	case ACT_TAG:
	case ACT_NOTE:
		if (!(id = tui_target_id(t)))
			return problem(c, _("no badge selected"));
		return a == ACT_TAG ? edit_tags(t, id, rest) : edit_note(t, id, rest);
	default:
		return tui_action(t, a, rest);
	}
}

static unsigned run_words(struct ctx *c, int argc, char **argv, const char *rest, int from_config)
{
	enum action a;

	if (!strcmp(argv[0], "bind"))
		return do_bind(c, argc, argv);
	if (!strcmp(argv[0], "set"))
		return do_set(c, argc, argv);
	if (from_config)
		return problem(c, _("'%s' does not belong in the config file (bind, set)"), argv[0]);
	if (!strcmp(argv[0], "save-display"))
		return do_save_display(c, argc, argv);
	if (!strcmp(argv[0], "wait")) {
		c->t->waiting = 1;
		return RE_NONE;
	}
	if (!strcmp(argv[0], "sort"))
		return do_sort(c, argc, argv);
	a = action_lookup(argv[0]);
	if (a == ACT_NONE)
		return problem(c, _("unknown command '%s' (see the help, ?)"), argv[0]);
	if (argc > 1)
		return with_text(c, a, rest);
	return tui_action(c->t, a, NULL);
}

unsigned cmd_run(struct tui *t, const char *line, int from_config, char *err, size_t errlen)
{
	struct ctx c = { t, err, errlen };
	char *copy = xstrdup(line), *argv[MAX_ARGS], *rest_copy;
	const char *rest;
	unsigned re;
	int argc;
	size_t n;

	if (err)
		err[0] = '\0';
	if (copy[strspn(copy, " \t")] == '#') {
		free(copy);
		return RE_NONE;
	}
	argc = split(copy, argv, &rest);
	if (argc < 0) {
		free(copy);
		return problem(&c, _("a quote is not closed"));
	}
	if (argc == 0) {
		free(copy);
		return RE_NONE;
	}
	/* rest points into copy after splitting changed it: take the
	 * original text instead, trimmed */
	rest_copy = xstrdup(argc > 1 ? line + (rest - copy) : "");
	n = strlen(rest_copy);
	while (n && (rest_copy[n - 1] == ' ' || rest_copy[n - 1] == '\n' || rest_copy[n - 1] == '\r'))
		rest_copy[--n] = '\0';
	re = run_words(&c, argc, argv, rest_copy, from_config);
	free(rest_copy);
	free(copy);
	return re;
}

/* ---- loading ---------------------------------------------------------- */

static void load_text(struct tui *t, const char *path, char *text, int *problems)
{
	char err[512], *line = text, *shown;
	const char *home = getenv("HOME");
	size_t lineno = 0, hl = home ? strlen(home) : 0;

	/* "~/..." reads better and fits on the message line */
	if (hl > 1 && !strncmp(path, home, hl) && path[hl] == '/')
		shown = xasprintf("~%s", path + hl);
	else
		shown = xstrdup(path);
	while (line && *line) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		lineno++;
		cmd_run(t, line, 1, err, sizeof(err));
		if (err[0] && !(*problems)++)
			tui_message(t, 1, "%s:%zu: %s", shown, lineno, err);
		line = nl ? nl + 1 : NULL;
	}
	free(shown);
}

static char *config_path(void)
{
	const char *env = getenv("SATCHEL_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME");

	if (env)
		return *env ? xstrdup(env) : NULL;	/* empty: no user config (tests) */
	if (xdg && *xdg)
		return xasprintf("%s/satchel/config", xdg);
	return getenv("HOME") ? xasprintf("%s/.config/satchel/config", getenv("HOME")) : NULL;
}

void config_load(struct tui *t)
{
	char *text = xstrdup(builtin_config), *path = config_path();
	int problems = 0;
	struct buf b;

	keys_reset();
	load_text(t, "satchel.conf", text, &problems);
	free(text);
	buf_init(&b, 1024 * 1024);
	if (path && file_read(path, b.max, &b, NULL) == 0)
		load_text(t, path, b.s, &problems);
	if (problems > 1) {
		char more[64];

		snprintf(more, sizeof(more), _(" (and %d more problems)"), problems - 1);
		if (strlen(t->msg) + strlen(more) < sizeof(t->msg))
			strcat(t->msg, more);
	}
	buf_release(&b);
	free(path);
}
