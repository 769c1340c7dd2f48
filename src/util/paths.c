/* paths.c — locating satchel's data and locale files (include/satchel/paths.h). */
#include <libintl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/paths.h"
#include "satchel/xalloc.h"

char *paths_exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return xstrdup(".");
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	return xstrdup(buf);
}

/* Candidates relative to the executable: installed layout first, then
 * the source tree (the binary lives in build/<variant>/). */
static char *first_existing(const char *env, const char *const *rel, size_t n,
			    const char *compiled)
{
	const char *v = getenv(env);
	char *exe, *p;
	size_t i;

	if (v && *v)
		return xstrdup(v);
	exe = paths_exe_dir();
	for (i = 0; i < n; i++) {
		p = xasprintf("%s/%s", exe, rel[i]);
		if (path_exists(p)) {
			free(exe);
			return p;
		}
		free(p);
	}
	free(exe);
	return xstrdup(compiled);
}

char *paths_data_dir(void)
{
	static const char *const rel[] = { "../share/satchel", "../../share" };

	return first_existing("SATCHEL_DATADIR", rel, 2, SATCHEL_DATADIR);
}

static int i18n_ready;

/* A small cache by address: a slot holds an msgid and its translation.
 * satchel runs on one thread (TUI jobs are processes); thread-local all
 * the same, so that a thread added later needs no lock here. */
#define TR_SLOTS 64

static _Thread_local struct {
	const char *msgid, *text;
} tr_cache[TR_SLOTS];

const char *i18n_tr(const char *msgid)
{
	uintptr_t a = (uintptr_t)msgid;
	size_t i = (a >> 3 ^ a >> 9) & (TR_SLOTS - 1);

	if (!i18n_ready || !msgid)
		return dgettext("satchel", msgid);
	if (tr_cache[i].msgid != msgid) {
		tr_cache[i].text = dgettext("satchel", msgid);
		tr_cache[i].msgid = msgid;
	}
	return tr_cache[i].text;
}

void i18n_init(void)
{
	static const char *const rel[] = { "../share/locale", "../../build/locale" };
	char *dir = first_existing("SATCHEL_LOCALEDIR", rel, 2, SATCHEL_LOCALEDIR);

	bindtextdomain("satchel", dir);
	bind_textdomain_codeset("satchel", "UTF-8");
	textdomain("satchel");
	free(dir);
	i18n_ready = 1;
}
