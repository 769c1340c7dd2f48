/* i18n.h — gettext for every user-facing string.
 *
 * Only the faces (cli/, tui/) and messages that reach the user through
 * struct err use _(); N_() marks strings in static tables that are
 * translated where they are shown.  The text domain is "satchel".
 */
#ifndef SATCHEL_I18N_H
#define SATCHEL_I18N_H

#include <libintl.h>

#define _(s) i18n_tr(s)
#define N_(s) (s)

/* Binds the "satchel" domain to the first locale directory that exists:
 * $SATCHEL_LOCALEDIR, <exe>/../share/locale, <exe>/build/locale (source
 * tree), then the compiled-in SATCHEL_LOCALEDIR.  Call after setlocale,
 * and change neither afterwards. */
void i18n_init(void);

/* dgettext("satchel", msgid), remembered by msgid's address once
 * i18n_init has run: the locale is fixed by then, and glibc's look-up
 * (environment, locale names, catalog search) costs more than the
 * rest of many report lines.  So msgid must live as long as the program
 * with the same text, as a message always does (a literal, an entry of
 * a static table); never pass text built at run time.  The result is
 * borrowed, as gettext's. */
#if defined(__GNUC__)
/* format_arg, as gettext's: printf(_("%d badges"), n) stays checked. */
const char *i18n_tr(const char *msgid) __attribute__((format_arg(1)));
#else
const char *i18n_tr(const char *msgid);
#endif

#endif
