/* report.c — checks, verdicts and the report object (include/satchel/verify.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/verify.h"
#include "satchel/xalloc.h"

void report_release(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->checks[i].name);
		free(r->checks[i].message);
	}
	free(r->checks);
	json_decref(r->linked);
	memset(r, 0, sizeof(*r));
}

void report_keep_linked(struct report *r, const char *url, json_t *doc)
{
	if (!r->linked)
		r->linked = json_object();
	json_object_set(r->linked, url, doc);
}

/* A check's message is one line: the text it quotes from a badge (a URL,
 * a name) may hold line breaks and other controls, which would let a
 * badge add lines of its own to a printed report ("    pass proof ...").
 * They become spaces. */
static void one_line(char *msg)
{
	for (; *msg; msg++)
		if ((unsigned char)*msg < 0x20 || *msg == 0x7F)
			*msg = ' ';
}

static void add(struct report *r, const char *name, enum check_outcome o, enum check_effect e,
		int incomplete, const char *fmt, va_list ap)
{
	struct check *c;
	char msg[1024];

	vsnprintf(msg, sizeof(msg), i18n_tr(fmt), ap);
	one_line(msg);
	xgrow((void **)&r->checks, &r->cap, r->n + 1, sizeof(*r->checks));
	c = &r->checks[r->n++];
	c->name = xstrdup(name);
	c->outcome = o;
	c->effect = e;
	c->incomplete = incomplete;
	c->message = xstrdup(msg);
}

void report_add(struct report *r, const char *name, enum check_outcome o, enum check_effect e,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(r, name, o, e, 0, fmt, ap);
	va_end(ap);
}

void report_incomplete(struct report *r, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(r, name, CHECK_SKIP, EFFECT_NONE, 1, fmt, ap);
	va_end(ap);
}

/* Verdicts by precedence, strongest first; the effect a failing check
 * must have to give each. */
static const struct { enum check_effect effect; const char *verdict; } precedence[] = {
	{ EFFECT_REVOKED, "revoked" },
	{ EFFECT_SUSPENDED, "suspended" },
	{ EFFECT_INVALID, "invalid" },
	{ EFFECT_EXPIRED, "expired" },
	{ EFFECT_NOT_YET_VALID, "not-yet-valid" },
};

const char *report_verdict(const struct report *r)
{
	size_t i, k;

	for (k = 0; k < sizeof(precedence) / sizeof(precedence[0]); k++)
		for (i = 0; i < r->n; i++)
			if (r->checks[i].outcome == CHECK_FAIL &&
			    r->checks[i].effect == precedence[k].effect)
				return precedence[k].verdict;
	for (i = 0; i < r->n; i++)
		if (r->checks[i].incomplete)
			return "unknown";
	return r->n ? "verified" : "unknown";
}

static const char *const outcome_names[] = { "pass", "fail", "warn", "skip" };

json_t *report_json(const struct report *r, const char *target, const char *id,
		    int64_t checked_at)
{
	json_t *checks = json_array();
	char when[32];
	size_t i;

	/* Messages quote outside text and the target may be a file name:
	 * either may not be UTF-8, and must not cost the report. */
	for (i = 0; i < r->n; i++)
		json_array_append_new(checks, json_pack("{s:s, s:s, s:o}", "check", r->checks[i].name,
				      "outcome", outcome_names[r->checks[i].outcome], "message",
				      json_string_lossy(r->checks[i].message)));
	time_format(checked_at, when);
	return json_pack("{s:o?, s:s?, s:s, s:s, s:o}", "target", json_string_lossy(target), "id",
			 id, "verdict", report_verdict(r), "checked_at", when, "checks", checks);
}

void report_json_add(const struct report *r, const char *target, const char *id,
		     int64_t checked_at, struct buf *b, size_t indent, size_t depth)
{
	struct json_out o;
	char when[32];
	size_t i;

	time_format(checked_at, when);
	json_out_init(&o, b, indent, depth);
	json_out_open(&o, '{');
	json_out_key(&o, "target");
	json_out_string(&o, target);
	json_out_key(&o, "id");
	json_out_string(&o, id);
	json_out_key(&o, "verdict");
	json_out_string(&o, report_verdict(r));
	json_out_key(&o, "checked_at");
	json_out_string(&o, when);
	json_out_key(&o, "checks");
	json_out_open(&o, '[');
	for (i = 0; i < r->n; i++) {
		json_out_item(&o);
		json_out_open(&o, '{');
		json_out_key(&o, "check");
		json_out_string(&o, r->checks[i].name);
		json_out_key(&o, "outcome");
		json_out_string(&o, outcome_names[r->checks[i].outcome]);
		json_out_key(&o, "message");
		json_out_string(&o, r->checks[i].message);
		json_out_close(&o, '}');
	}
	json_out_close(&o, ']');
	json_out_close(&o, '}');
}
