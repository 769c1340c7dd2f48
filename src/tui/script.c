/* script.c — the replay hook (tig's TIG_SCRIPT): $SATCHEL_TUI_SCRIPT
 * names a file of steps run at start, one per loop turn, before any key
 * from the terminal.  A line is either a command (":save-display
 * list.screen", ":wait") or keys ("jj<Enter>", "/daten<Esc>"); '#'
 * starts a comment.  With screen dumps (save-display) this makes screen
 * tests independent of timing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tui-int.h"
#include "satchel/fsutil.h"
#include "satchel/xalloc.h"

struct script {
	char *text;
	char *next;		/* the next line */
	int keys[256];		/* keys of the current line still to send */
	size_t nkeys, ikey;
	size_t lineno;
};

int script_load(struct tui *t, const char *path, char *why, size_t n)
{
	struct buf b;
	struct err err = ERR_INIT;

	buf_init(&b, 1024 * 1024);
	if (file_read(path, b.max, &b, &err) < 0) {
		snprintf(why, n, "%s", err.msg);
		buf_release(&b);
		return -1;
	}
	t->script = xcalloc(1, sizeof(*t->script));
	t->script->text = buf_detach(&b, NULL);
	t->script->next = t->script->text;
	return 0;
}

static void parse_keys(struct script *s, const char *line)
{
	const char *p = line, *end;

	s->nkeys = s->ikey = 0;
	while (*p && s->nkeys < sizeof(s->keys) / sizeof(s->keys[0])) {
		int k = key_parse(p, &end);

		if (k < 0) {
			p++;
			continue;
		}
		s->keys[s->nkeys++] = k;
		p = end;
	}
}

/* The next line, or NULL at the end; blank lines and comments skipped. */
static char *next_line(struct script *s)
{
	while (s->next && *s->next) {
		char *line = s->next, *nl = strchr(line, '\n');

		if (nl) {
			*nl = '\0';
			s->next = nl + 1;
		} else {
			s->next = NULL;
		}
		s->lineno++;
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line && *line != '#')
			return line;
	}
	return NULL;
}

unsigned script_step(struct tui *t, int *more)
{
	struct script *s = t->script;
	unsigned re = RE_NONE;
	char *line;

	*more = 0;
	if (!s)
		return RE_NONE;
	if (t->waiting) {
		if (jobs_busy(t) || t->jobs.reload_due_ms || t->list.idle_next < t->list.n) {
			*more = 1;
			return RE_NONE;
		}
		t->waiting = 0;
	}
	if (s->ikey < s->nkeys) {
		re = tui_key(t, s->keys[s->ikey++], NULL);
	} else if ((line = next_line(s))) {
		if (line[0] == ':') {
			re = cmd_run(t, line + 1, 0, NULL, 0);
		} else {
			parse_keys(s, line);
			if (s->nkeys)
				re = tui_key(t, s->keys[s->ikey++], NULL);
		}
	}
	*more = s->ikey < s->nkeys || (s->next && *s->next) || t->waiting;
	if (!*more) {
		free(s->text);
		free(s);
		t->script = NULL;
	}
	return re;
}

void script_free(struct tui *t)
{
	if (!t->script)
		return;
	free(t->script->text);
	free(t->script);
	t->script = NULL;
}

/* ---- screen dumps ----------------------------------------------------- */

int screen_save(const char *path, char *why, size_t n)
{
	FILE *f = fopen(path, "w");
	wchar_t *line = xcalloc((size_t)COLS + 1, sizeof(*line));
	char *out = xmalloc((size_t)COLS * MB_CUR_MAX + 2);
	int y;

	if (!f) {
		snprintf(why, n, _("cannot write '%s'"), path);
		free(line);
		free(out);
		return -1;
	}
	for (y = 0; y < LINES; y++) {
		size_t len;

		/* innwstr leaves out the second cell of wide characters */
		if (mvinnwstr(y, 0, line, COLS) == ERR)
			line[0] = L'\0';
		len = wcstombs(out, line, (size_t)COLS * MB_CUR_MAX + 1);
		if (len == (size_t)-1)
			len = 0;
		while (len && out[len - 1] == ' ')
			len--;
		fprintf(f, "%.*s\n", (int)len, out);
	}
	free(line);
	free(out);
	if (fclose(f) != 0) {
		snprintf(why, n, _("cannot write '%s'"), path);
		return -1;
	}
	return 0;
}
