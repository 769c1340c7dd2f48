/* text.c — UTF-8 text for the screen: decoding, cleaning, widths,
 * fitting and word wrapping.
 *
 * Badge texts come from outside: they may hold control characters,
 * bidi overrides, zero-width joiners, broken UTF-8.  Everything drawn goes
 * through text_clean first, which leaves only characters whose width
 * wcwidth() knows, so the columns the code counts are the columns the
 * terminal uses, and no character is ever cut in the middle.
 */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>
#include "tui-int.h"
#include "satchel/codec.h"
#include "satchel/xalloc.h"

#define CP_REPLACEMENT 0xFFFD

size_t u8_decode(const char *s, size_t len, uint32_t *cp)
{
	size_t n = utf8_char(s, len, cp);

	if (n)
		return n;
	*cp = CP_REPLACEMENT;	/* one bad byte at a time */
	return 1;
}

static size_t u8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

int text_utf8(void)
{
	static int cached = -1;
	const char *cs;

	if (cached < 0) {
		cs = nl_langinfo(CODESET);
		cached = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	}
	return cached;
}

/* Characters that would reorder, join or hide text on a terminal: bidi
 * controls, zero-width joiners and spaces, variation selectors (the
 * terminal and wcwidth disagree about emoji presentation), tag
 * characters, the byte order mark. */
static int is_invisible(uint32_t cp)
{
	return cp == 0x061C || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F) ||
	       (cp >= 0xE0000 && cp <= 0xE01EF);
}

int text_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || is_invisible(cp))
		return -1;
	if (cp < 0x7F)
		return 1;
	if (!text_utf8())
		return -2;
	w = wcwidth((wchar_t)cp);
	return w < 0 ? -2 : w;
}

/* What a non-UTF-8 terminal gets for the characters satchel itself uses. */
static uint32_t ascii_for(uint32_t cp)
{
	static const uint32_t map[][2] = {
		{ 0x00B7, '.' }, { 0x2026, '~' }, { 0x2014, '-' }, { 0x2013, '-' }, { 0x2713, '+' },
		{ 0x2717, 'X' }, { 0x2502, '|' }, { 0x201E, '"' }, { 0x201C, '"' }, { 0x2192, '>' },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i][0] == cp)
			return map[i][1];
	return '?';
}

char *text_clean(const char *s, int keep_newlines)
{
	size_t len = s ? strlen(s) : 0, i = 0, o = 0;
	char *out = xmalloc(len * 3 + 4);	/* a bad byte may become U+FFFD (3 bytes) */
	int at_start = 1;

	while (i < len) {
		uint32_t cp;
		size_t n = u8_decode(s + i, len - i, &cp);
		int w;

		i += n;
		if (cp == '\n' && keep_newlines) {
			out[o++] = '\n';
			at_start = 1;
			continue;
		}
		if (cp == '\n' || cp == '\t' || cp == '\r') {
			if (o && out[o - 1] != ' ')
				out[o++] = ' ';
			at_start = 0;
			continue;
		}
		w = text_cp_width(cp);
		if (w == -1 || (w == 0 && at_start))
			continue;	/* nothing to combine with at the start */
		if (w == -2)
			cp = text_utf8() ? CP_REPLACEMENT : ascii_for(cp);
		o += u8_encode(cp, out + o);
		at_start = 0;
	}
	out[o] = '\0';
	return out;
}

int text_width(const char *clean)
{
	size_t len = strlen(clean), i = 0;
	int w = 0, cw;
	uint32_t cp;

	while (i < len) {
		if ((unsigned char)clean[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		i += u8_decode(clean + i, len - i, &cp);
		cw = text_cp_width(cp);
		w += cw > 0 ? cw : 0;
	}
	return w;
}

size_t text_fit(const char *clean, int width, int *used)
{
	size_t len = strlen(clean), i = 0, n;
	int w = 0, cw;
	uint32_t cp;

	while (i < len && clean[i] != '\n') {
		n = u8_decode(clean + i, len - i, &cp);
		cw = text_cp_width(cp);
		if (cw < 0)
			cw = 0;
		if (w + cw > width)
			break;
		w += cw;
		i += n;
	}
	if (used)
		*used = w;
	return i;
}

/* One paragraph (no newline) of clean text, wrapped greedily: a line
 * ends at its last space, or between characters in a word too long for
 * a line. */
static void wrap_para(const char *s, size_t len, int width, text_line_fn *emit, void *ctx)
{
	size_t start = 0;

	if (len == 0)
		emit(ctx, s, 0);
	while (start < len) {
		size_t i = start, brk = start, end, n;
		int w = 0, cw;
		uint32_t cp;

		while (i < len) {
			n = u8_decode(s + i, len - i, &cp);
			cw = text_cp_width(cp);
			if (cw < 0)
				cw = 0;
			if (cp == ' ')
				brk = i;
			if (w + cw > width && i > start && cw > 0)
				break;
			w += cw;
			i += n;
		}
		end = i;
		if (i < len && s[i] != ' ' && brk > start)
			end = brk;
		if (i >= len)
			end = len;
		while (end > start && s[end - 1] == ' ')
			end--;
		if (end == start && i < len)
			end = i;	/* only spaces before a long word */
		emit(ctx, s + start, end - start);
		start = end;
		while (start < len && s[start] == ' ')
			start++;
	}
}

void text_wrap(const char *clean, int width, text_line_fn *emit, void *ctx)
{
	const char *p = clean;

	if (width < 2)
		width = 2;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		wrap_para(p, len, width, emit, ctx);
		if (!nl)
			break;
		p = nl + 1;
	}
}

char *text_fold(const char *s)
{
	size_t len = strlen(s), i = 0, o = 0;
	char *out = xmalloc(len * 2 + 1);	/* lower case may be longer (rare) */

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;

		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		i += u8_decode(s + i, len - i, &cp);
		if (text_utf8())
			cp = (uint32_t)towlower((wint_t)cp);
		if (o + 4 > len * 2)
			break;
		o += u8_encode(cp, out + o);
	}
	out[o] = '\0';
	return out;
}
