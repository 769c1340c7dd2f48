/* draw.c — putting clean text on the screen, tones (colour or, without
 * colour, bold/reverse/underline), and the verdict markers. */
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"

static attr_t tones[TONE_COUNT];

struct area draw_area;

/* Each tone: a colour pair for colour terminals and an attribute that
 * keeps it readable without colour (NO_COLOR, monochrome). */
static const struct {
	short fg, bg;
	attr_t mono, extra;
} tone_def[TONE_COUNT] = {
	[TONE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[TONE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_REVERSE, A_BOLD },
	[TONE_STATUS] = { COLOR_BLACK, COLOR_CYAN, A_REVERSE, A_NORMAL },
	[TONE_SELECTED] = { -1, -1, A_REVERSE, A_REVERSE },
	[TONE_GOOD] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[TONE_BAD] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[TONE_WARN] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[TONE_DIM] = { -1, -1, A_DIM, A_DIM },
	[TONE_LABEL] = { COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[TONE_HEADING] = { -1, -1, A_BOLD | A_UNDERLINE, A_BOLD },
	[TONE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
};

void draw_init_colors(int use_color)
{
	int i;

	if (use_color && has_colors() && start_color() == OK) {
		use_default_colors();
		for (i = 1; i < TONE_COUNT; i++) {
			if (tone_def[i].fg == -1 && tone_def[i].bg == -1) {
				tones[i] = tone_def[i].extra;
				continue;
			}
			init_pair((short)i, tone_def[i].fg, tone_def[i].bg);
			tones[i] = COLOR_PAIR(i) | tone_def[i].extra;
		}
		return;
	}
	for (i = 0; i < TONE_COUNT; i++)
		tones[i] = tone_def[i].mono;
}

attr_t tone_attr(enum tone t)
{
	return tones[t];
}

void draw_fill(int y, int x, int width, attr_t attr)
{
	attrset(attr);
	while (width-- > 0)
		mvaddch(y, x++, ' ');
}

int draw_text(int y, int x, const char *clean, int width, attr_t attr, int pad)
{
	int used = 0, total;
	size_t n;

	if (width <= 0)
		return 0;
	attrset(attr);
	move(y, x);
	total = text_width(clean);
	if (total <= width) {
		n = text_fit(clean, width, &used);
		addnstr(clean, (int)n);
	} else {
		const char *ell = text_utf8() ? "…" : "~";

		n = text_fit(clean, width - 1, &used);
		addnstr(clean, (int)n);
		/* a wide character that did not fit leaves a gap to fill */
		while (used < width - 1) {
			addch(' ');
			used++;
		}
		addstr(ell);
		used++;
	}
	if (pad)
		while (used < width) {
			addch(' ');
			used++;
		}
	return used;
}

int draw_raw(int y, int x, const char *raw, int width, attr_t attr, int pad)
{
	char *c = text_clean(raw, 0);
	int used = draw_text(y, x, c, width, attr, pad);

	free(c);
	return used;
}

/* ---- verdicts ------------------------------------------------------ */

const char *const verdict_names[] = {
	"verified", "revoked", "suspended", "expired", "not-yet-valid", "invalid", "unknown",
	"unchecked", NULL,
};

static const struct {
	const char *mark, *ascii, *label;
	enum tone tone;
	int rank;	/* sort by verdict: the worst first */
} verdicts[] = {
	{ "✓", "+", N_("verified"), TONE_GOOD, 7 },
	{ "R", "R", N_("revoked"), TONE_BAD, 0 },
	{ "S", "S", N_("suspended"), TONE_BAD, 1 },
	{ "E", "E", N_("expired"), TONE_WARN, 3 },
	{ "N", "N", N_("not yet valid"), TONE_WARN, 4 },
	{ "✗", "X", N_("invalid"), TONE_BAD, 2 },
	{ "?", "?", N_("unknown"), TONE_WARN, 5 },
	{ "·", "-", N_("unchecked"), TONE_DIM, 6 },
};

static int verdict_index(const char *v)
{
	int i;

	for (i = 0; v && verdict_names[i]; i++)
		if (!strcmp(verdict_names[i], v))
			return i;
	return 7;	/* anything unknown to us reads as unchecked */
}

const char *verdict_canonical(const char *v)
{
	int i;

	for (i = 0; v && verdict_names[i]; i++)
		if (!strcmp(verdict_names[i], v))
			return verdict_names[i];
	return NULL;
}

const char *verdict_mark(const char *v)
{
	int i = verdict_index(v);

	return text_utf8() ? verdicts[i].mark : verdicts[i].ascii;
}

const char *verdict_label(const char *v)
{
	return _(verdicts[verdict_index(v)].label);
}

enum tone verdict_tone(const char *v)
{
	return verdicts[verdict_index(v)].tone;
}

int verdict_rank(const char *v)
{
	return verdicts[verdict_index(v)].rank;
}

const char *spinner_frame(unsigned tick)
{
	static const char *const braille[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
	static const char *const ascii[] = { "|", "/", "-", "\\" };

	return text_utf8() ? braille[tick % 10] : ascii[tick % 4];
}
