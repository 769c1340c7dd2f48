/* err.c — the error type (see include/satchel/err.h). */
#include <stdio.h>
#include <string.h>
#include "satchel/err.h"
#include "satchel/i18n.h"

static const char *const err_names[] = {
#define ERR_NAME(name, msg) msg,
	ERR_CODES(ERR_NAME)
#undef ERR_NAME
};

const char *err_name(enum err_code code)
{
	if ((size_t)code >= sizeof(err_names) / sizeof(err_names[0]))
		return "unknown error";
	return err_names[code];
}

int err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	e->code = code;
	/* Messages reach the learner: the format is translated here, before
	 * the arguments go in (xgettext extracts err_set's third argument). */
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), i18n_tr(fmt), ap);
	va_end(ap);
	return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	char prefix[256], old[sizeof(e->msg)];
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), i18n_tr(fmt), ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	/* Truncation is fine for a message; build it piecewise so that the
	 * compiler can see the bounds. */
	e->msg[0] = '\0';
	strncat(e->msg, prefix, sizeof(e->msg) - 1);
	strncat(e->msg, ": ", sizeof(e->msg) - 1 - strlen(e->msg));
	strncat(e->msg, old, sizeof(e->msg) - 1 - strlen(e->msg));
	return -1;
}

void err_clear(struct err *e)
{
	if (!e)
		return;
	e->code = ERR_OK;
	e->msg[0] = '\0';
}
