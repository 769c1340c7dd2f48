/* prompt.c — the one-line editor on the bottom line: search, ':'
 * commands, import paths (with file name completion), tags, notes and
 * yes/no questions.  It is modal for keys only: background work and
 * redrawing go on while it is open. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "tui-int.h"
#include "satchel/xalloc.h"

void prompt_release(struct prompt *p)
{
	buf_release(&p->text);
	memset(p, 0, sizeof(*p));
}

void prompt_open(struct tui *t, const char *label, const char *initial, prompt_change_fn *chg,
		 prompt_done_fn *done, prompt_complete_fn *comp)
{
	struct prompt *p = &t->prompt;

	prompt_release(p);
	buf_init(&p->text, 4096);
	snprintf(p->label, sizeof(p->label), "%s", label);
	if (initial)
		buf_adds(&p->text, initial, NULL);
	p->cursor = p->text.len;
	p->on_change = chg;
	p->on_done = done;
	p->complete = comp;
	p->active = 1;
	t->msg[0] = '\0';
}

void prompt_yesno(struct tui *t, const char *question, prompt_done_fn *done)
{
	prompt_open(t, question, NULL, NULL, done, NULL);
	t->prompt.yesno = 1;
}

static size_t prev_char(const char *s, size_t at)
{
	if (!at)
		return 0;
	at--;
	while (at && ((unsigned char)s[at] & 0xC0) == 0x80)
		at--;
	return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	uint32_t cp;

	return at < len ? at + u8_decode(s + at, len - at, &cp) : len;
}

static void delete_range(struct buf *b, size_t from, size_t to)
{
	memmove(b->s + from, b->s + to, b->len - to + 1);
	b->len -= to - from;
}

static void insert_text(struct prompt *p, const char *s, size_t n)
{
	struct buf *b = &p->text;

	if (buf_extend(b, n, NULL) == NULL)
		return;
	memmove(b->s + p->cursor + n, b->s + p->cursor, b->len - n - p->cursor);
	memcpy(b->s + p->cursor, s, n);
	b->s[b->len] = '\0';
	p->cursor += n;
}

static unsigned finish(struct tui *t, int ok)
{
	struct prompt *p = &t->prompt;
	prompt_done_fn *done = p->on_done;
	char *text = xstrdup(p->text.s ? p->text.s : "");
	unsigned re;

	p->active = 0;
	curs_set(0);
	re = done ? done(t, text, ok) : RE_NONE;
	free(text);
	if (!t->prompt.active)
		prompt_release(&t->prompt);
	return re | RE_REDRAW;
}

static unsigned yesno_key(struct tui *t, int key)
{
	if (key == 'y' || key == 'Y' || key == 'j' || key == 'J')
		return finish(t, 1);
	if (key == 'n' || key == 'N' || key == KEYC_ESC || key == 7 || key == KEYC_ENTER)
		return finish(t, 0);
	return RE_NONE;
}

static int edit_key(struct prompt *p, int key)
{
	struct buf *b = &p->text;
	size_t at;

	switch (key) {
	case KEYC_FN | KEY_BACKSPACE:
		if (!p->cursor)
			return 0;
		at = prev_char(b->s, p->cursor);
		delete_range(b, at, p->cursor);
		p->cursor = at;
		return 1;
	case KEYC_FN | KEY_DC:
	case 4:	/* C-d */
		if (p->cursor >= b->len)
			return 0;
		delete_range(b, p->cursor, next_char(b->s, b->len, p->cursor));
		return 1;
	case KEYC_FN | KEY_LEFT:
	case 2:	/* C-b */
		p->cursor = prev_char(b->s, p->cursor);
		return 0;
	case KEYC_FN | KEY_RIGHT:
	case 6:	/* C-f */
		p->cursor = next_char(b->s, b->len, p->cursor);
		return 0;
	case KEYC_FN | KEY_HOME:
	case 1:	/* C-a */
		p->cursor = 0;
		return 0;
	case KEYC_FN | KEY_END:
	case 5:	/* C-e */
		p->cursor = b->len;
		return 0;
	case 21:	/* C-u */
		delete_range(b, 0, p->cursor);
		p->cursor = 0;
		return 1;
	case 11:	/* C-k */
		b->len = p->cursor;
		b->s[b->len] = '\0';
		return 1;
	case 23:	/* C-w: the word before the cursor */
		at = p->cursor;
		while (at && b->s[at - 1] == ' ')
			at--;
		while (at && b->s[at - 1] != ' ')
			at--;
		delete_range(b, at, p->cursor);
		p->cursor = at;
		return 1;
	default:
		break;
	}
	if (key >= 0x20 && !(key & KEYC_FN) && key != 0x7F) {
		char u[8];
		wchar_t wc[2] = { (wchar_t)key, 0 };
		size_t n = wcstombs(u, wc, sizeof(u));

		if (n != (size_t)-1 && text_cp_width((uint32_t)key) >= 0) {
			insert_text(p, u, n);
			return 1;
		}
	}
	return 0;
}

unsigned prompt_key(struct tui *t, int key)
{
	struct prompt *p = &t->prompt;

	if (p->yesno)
		return yesno_key(t, key);
	if (key == KEYC_ENTER)
		return finish(t, 1);
	if (key == KEYC_ESC || key == 7 /* C-g */)
		return finish(t, 0);
	if (key == '\t') {
		if (p->complete) {
			p->complete(t, &p->text, &p->cursor);
			if (p->on_change)
				p->on_change(t, p->text.s);
		}
		return RE_REDRAW;
	}
	if (key == (KEYC_FN | KEY_BACKSPACE) && !p->text.len)	/* closes an empty prompt */
		return finish(t, p->on_change != NULL);
	if (edit_key(p, key) && p->on_change)
		p->on_change(t, p->text.s);
	return RE_REDRAW;
}

void prompt_draw(struct tui *t, int y)
{
	struct prompt *p = &t->prompt;
	char *label = text_clean(p->label, 0), *before, *all;
	int lw = text_width(label), avail, cw, skip = 0;

	draw_fill(y, 0, COLS, tone_attr(TONE_NORMAL));
	draw_text(y, 0, label, COLS - 1, tone_attr(p->yesno ? TONE_WARN : TONE_NORMAL), 0);
	avail = COLS - lw - 1;
	before = xstrndup(p->text.s, p->cursor);
	all = text_clean(p->text.s, 0);
	{
		char *cb = text_clean(before, 0);

		cw = text_width(cb);
		free(cb);
	}
	/* keep the cursor on screen: scroll the text by whole characters */
	if (avail > 0 && cw >= avail) {
		const char *s = all;
		int dropped = 0;

		while (*s && cw - dropped >= avail - 1) {
			uint32_t cp;
			size_t n = u8_decode(s, strlen(s), &cp);
			int w = text_cp_width(cp);

			dropped += w > 0 ? w : 0;
			s += n;
		}
		skip = dropped;
		draw_text(y, lw, s, avail, tone_attr(TONE_NORMAL), 0);
	} else if (avail > 0) {
		draw_text(y, lw, all, avail, tone_attr(TONE_NORMAL), 0);
	}
	if (!p->yesno && avail > 0) {
		move(y, lw + cw - skip);
		curs_set(1);
	}
	free(before);
	free(all);
	free(label);
}

/* ---- completion ------------------------------------------------------ */

static char *common_prefix(char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	/* never end in the middle of a character */
	while (i && ((unsigned char)a[i] & 0xC0) == 0x80)
		i--;
	a[i] = '\0';
	return a;
}

static void show_candidates(struct tui *t, char **names, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b, 0);
	for (i = 0; i < n && b.len < 400; i++) {
		buf_adds(&b, names[i], NULL);
		buf_adds(&b, "  ", NULL);
	}
	if (i < n)
		buf_addf(&b, NULL, "(+%zu)", n - i);
	snprintf(t->msg, sizeof(t->msg), "%s", b.s);
	t->msg_error = 0;
	buf_release(&b);
}

static void replace_tail(struct buf *text, size_t *cursor, size_t from, const char *with)
{
	text->len = from;
	text->s[from] = '\0';
	buf_adds(text, with, NULL);
	*cursor = text->len;
}

/* The entries of dir starting with base (hidden ones only when base
 * starts with '.'); *best gets their longest common prefix. */
static size_t dir_candidates(const char *dir, const char *base, char ***names, char **best)
{
	size_t blen = strlen(base), n = 0, cap = 0;
	struct dirent *de;
	DIR *d = opendir(*dir ? dir : ".");

	*names = NULL;
	*best = NULL;
	while (d && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (strncmp(de->d_name, base, blen) || (de->d_name[0] == '.' && base[0] != '.'))
			continue;
		xgrow((void **)names, &cap, n + 1, sizeof(**names));
		(*names)[n++] = xstrdup(de->d_name);
		if (!*best)
			*best = xstrdup(de->d_name);
		else
			common_prefix(*best, de->d_name);
	}
	if (d)
		closedir(d);
	return n;
}

/* A single candidate: complete it, with a '/' after a directory. */
static void complete_one(struct buf *text, size_t *cursor, const char *dir, const char *name)
{
	char *full = xasprintf("%s%s", dir, name);
	struct stat st;

	if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *with = xasprintf("%s/", full);

		free(full);
		full = with;
	}
	replace_tail(text, cursor, 0, full);
	free(full);
}

void complete_path(struct tui *t, struct buf *text, size_t *cursor)
{
	const char *s = text->s, *slash;
	char *dir, *base, *best, **names;
	size_t n, i;

	if (!strncmp(s, "https://", 8) || !strncmp(s, "http://", 7))
		return;
	if (s[0] == '~' && (s[1] == '/' || !s[1]) && getenv("HOME")) {
		char *exp = xasprintf("%s%s", getenv("HOME"), s + 1);

		replace_tail(text, cursor, 0, exp);
		free(exp);
		s = text->s;
	}
	slash = strrchr(s, '/');
	dir = slash ? xstrndup(s, (size_t)(slash - s) + 1) : xstrdup("");
	base = xstrdup(slash ? slash + 1 : s);
	n = dir_candidates(dir, base, &names, &best);
	if (n == 1) {
		complete_one(text, cursor, dir, names[0]);
		t->msg[0] = '\0';
	} else if (n > 1) {
		char *full = xasprintf("%s%s", dir, best);

		replace_tail(text, cursor, 0, full);
		free(full);
		show_candidates(t, names, n);
	} else {
		tui_message(t, 1, _("no file name starts so"));
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(best);
	free(dir);
	free(base);
}

void complete_word(struct tui *t, struct buf *text, size_t *cursor, const char *const *words)
{
	const char *s = text->s, *sp = strrchr(s, ' ');
	size_t start = sp ? (size_t)(sp - s) + 1 : 0, wlen = text->len - start, n = 0, cap = 0, i;
	char *best = NULL, **names = NULL;

	/* after "a, b" complete the word after the last comma too */
	for (i = 0; words && words[i]; i++) {
		if (strncmp(words[i], s + start, wlen))
			continue;
		xgrow((void **)&names, &cap, n + 1, sizeof(*names));
		names[n++] = (char *)words[i];
		if (!best)
			best = xstrdup(words[i]);
		else
			common_prefix(best, words[i]);
	}
	if (n == 1) {
		replace_tail(text, cursor, start, names[0]);
		t->msg[0] = '\0';
	} else if (n > 1) {
		replace_tail(text, cursor, start, best);
		show_candidates(t, names, n);
	}
	free(names);
	free(best);
}
