/* keys.c — the action table, key names, and the keymaps.
 *
 * Bindings come from config text only (share/satchel.conf compiled in,
 * then the user's config): `bind KEYMAP KEY ACTION`.  A keymap's own
 * bindings win over the generic ones, as in tig.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include "tui-int.h"
#include "satchel/xalloc.h"

static const struct {
	const char *name, *help;
} actions[ACT_COUNT] = {
	[ACT_NONE] = { "none", N_("No action (unbinds a key)") },
#define ACTION_ROW(id, name, help) [ACT_##id] = { name, help },
	ACTION_INFO(ACTION_ROW)
#undef ACTION_ROW
};

const char *action_name(enum action a)
{
	return a < ACT_COUNT ? actions[a].name : "none";
}

const char *action_help(enum action a)
{
	return a < ACT_COUNT ? _(actions[a].help) : "";
}

enum action action_lookup(const char *name)
{
	int i;

	for (i = 1; i < ACT_COUNT; i++)
		if (!strcmp(actions[i].name, name))
			return (enum action)i;
	return ACT_NONE;
}

/* ---- key names ------------------------------------------------------ */

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", KEYC_ENTER }, { "Esc", KEYC_ESC }, { "Tab", '\t' }, { "Space", ' ' },
	{ "Backspace", KEYC_FN | KEY_BACKSPACE }, { "Up", KEYC_FN | KEY_UP },
	{ "Down", KEYC_FN | KEY_DOWN }, { "Left", KEYC_FN | KEY_LEFT },
	{ "Right", KEYC_FN | KEY_RIGHT }, { "PgUp", KEYC_FN | KEY_PPAGE },
	{ "PgDn", KEYC_FN | KEY_NPAGE }, { "PageUp", KEYC_FN | KEY_PPAGE },
	{ "PageDown", KEYC_FN | KEY_NPAGE }, { "Home", KEYC_FN | KEY_HOME },
	{ "End", KEYC_FN | KEY_END }, { "Ins", KEYC_FN | KEY_IC }, { "Del", KEYC_FN | KEY_DC },
	{ "BackTab", KEYC_FN | KEY_BTAB }, { "LessThan", '<' }, { "Hash", '#' },
};

static int name_to_key(const char *name, size_t len)
{
	size_t i;
	int f;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (strlen(key_names[i].name) == len && !strncasecmp(key_names[i].name, name, len))
			return key_names[i].key;
	if (len == 3 && (name[0] == 'C' || name[0] == 'c') && name[1] == '-') {
		char c = name[2];

		if (c >= 'a' && c <= 'z')
			return c - 'a' + 1;
		if (c >= 'A' && c <= 'Z')
			return c - 'A' + 1;
	}
	if ((name[0] == 'F' || name[0] == 'f') && len >= 2 && len <= 3) {
		f = atoi(name + 1);
		if (f >= 1 && f <= 12)
			return KEYC_FN | KEY_F(f);
	}
	return -1;
}

int key_parse(const char *s, const char **end)
{
	const char *close;
	uint32_t cp;
	size_t n;

	if (!s || !*s)
		return -1;
	if (s[0] == '<' && (close = strchr(s + 1, '>')) && close > s + 1) {
		int k = name_to_key(s + 1, (size_t)(close - s - 1));

		if (k >= 0) {
			if (end)
				*end = close + 1;
			return k;
		}
	}
	if (s[0] == '^' && s[1] >= 'A' && s[1] <= 'Z') {
		if (end)
			*end = s + 2;
		return s[1] - 'A' + 1;
	}
	n = u8_decode(s, strlen(s), &cp);
	if (cp < 0x20 && cp != '\t')
		return -1;
	if (end)
		*end = s + n;
	return (int)cp;
}

void key_format(int key, char *out, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(key_names) / sizeof(key_names[0]); i++)
		if (key_names[i].key == key && key != '<' && key != '#') {
			snprintf(out, n, "<%s>", key_names[i].name);
			return;
		}
	if (key >= 1 && key <= 26) {
		snprintf(out, n, "<C-%c>", 'a' + key - 1);
	} else if (key & KEYC_FN) {
		int f = (key & ~KEYC_FN) - KEY_F0;

		if (f >= 1 && f <= 12)
			snprintf(out, n, "<F%d>", f);
		else
			snprintf(out, n, "<%d>", key & ~KEYC_FN);
	} else {
		wchar_t wc[2] = { (wchar_t)key, 0 };

		if (wcstombs(out, wc, n) == (size_t)-1)
			snprintf(out, n, "?");
	}
}

/* ---- keymaps -------------------------------------------------------- */

static const char *const keymap_names[KM_COUNT] = {
	"generic", "list", "detail", "help", "pathways", "share",
};

const char *keymap_name(enum keymap km)
{
	return keymap_names[km];
}

int keymap_lookup(const char *name)
{
	int i;

	for (i = 0; i < KM_COUNT; i++)
		if (!strcmp(keymap_names[i], name))
			return i;
	return -1;
}

struct binding {
	enum keymap km;
	int key;
	enum action action;	/* ACT_NONE: explicitly unbound here */
};

static struct binding *bindings;
static size_t nbindings, capbindings;

void keys_reset(void)
{
	free(bindings);
	bindings = NULL;
	nbindings = capbindings = 0;
}

void keys_bind(enum keymap km, int key, enum action a)
{
	size_t i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].km == km && bindings[i].key == key) {
			bindings[i].action = a;
			return;
		}
	xgrow((void **)&bindings, &capbindings, nbindings + 1, sizeof(*bindings));
	bindings[nbindings].km = km;
	bindings[nbindings].key = key;
	bindings[nbindings++].action = a;
}

static const struct binding *find(enum keymap km, int key)
{
	size_t i;

	for (i = 0; i < nbindings; i++)
		if (bindings[i].km == km && bindings[i].key == key)
			return &bindings[i];
	return NULL;
}

enum action keys_action(enum keymap km, int key)
{
	const struct binding *b = find(km, key);

	if (b)
		return b->action;
	b = find(KM_GENERIC, key);
	return b ? b->action : ACT_NONE;
}

int keys_of(enum keymap km, enum action a, char *out, size_t n)
{
	size_t i, len = 0;
	int count = 0;
	char k[32];

	out[0] = '\0';
	for (i = 0; i < nbindings; i++) {
		if (bindings[i].km != km || bindings[i].action != a)
			continue;
		key_format(bindings[i].key, k, sizeof(k));
		if (len + strlen(k) + 3 >= n)
			break;
		len += (size_t)snprintf(out + len, n - len, "%s%s", count ? ", " : "", k);
		count++;
	}
	return count;
}
