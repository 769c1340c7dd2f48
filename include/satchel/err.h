/* err.h — the one error type of satchel.
 *
 * Fallible functions take `struct err *err` last and return -1 (or NULL)
 * after filling it with err_set().  Lower layers never print: the faces
 * (cli/, tui/) decide how to show err->msg.  err may be NULL when the
 * caller does not care about the detail.
 */
#ifndef SATCHEL_ERR_H
#define SATCHEL_ERR_H

#include <stdarg.h>

#define ERR_CODES(_) \
	_(OK,       "success") \
	_(NOMEM,    "out of memory") \
	_(IO,       "i/o error") \
	_(NET,      "network error") \
	_(HTTP,     "unexpected HTTP status") \
	_(PARSE,    "malformed data") \
	_(FORMAT,   "unsupported format") \
	_(TOOBIG,   "too large") \
	_(CRYPTO,   "cryptographic failure") \
	_(AUTH,     "wrong passphrase or key") \
	_(LOCKED,   "wallet is locked") \
	_(NOTFOUND, "not found") \
	_(EXISTS,   "already exists") \
	_(AMBIGUOUS,"ambiguous") \
	_(USAGE,    "invalid usage") \
	_(CONFIG,   "bad configuration") \
	_(OFFLINE,  "offline")

enum err_code {
#define ERR_ENUM(name, msg) ERR_##name,
	ERR_CODES(ERR_ENUM)
#undef ERR_ENUM
};

struct err {
	enum err_code code;
	char msg[512];		/* detail, e.g. "'badge.png': two 'openbadges' chunks" */
};

#define ERR_INIT { ERR_OK, "" }

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

/* Records code and message in e (if not NULL) and returns -1, so callers
 * write `return err_set(err, ERR_PARSE, "...")`.  fmt is translated
 * (gettext domain "satchel") before formatting: write it as a literal,
 * lower case, no full stop, subject quoted as '%s'. */
int err_set(struct err *e, enum err_code code, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Prefixes the existing message with "<prefix>: " (keeps the code); returns -1. */
int err_prefix(struct err *e, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Resets e to ERR_OK and an empty message. */
void err_clear(struct err *e);

/* The short English name of a code ("malformed data"); static storage. */
const char *err_name(enum err_code code);

#endif
