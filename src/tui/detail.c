/* detail.c — one badge in full: what it says, who issued it, what it
 * takes, and the last verification report check by check. */
#include <stdlib.h>
#include <string.h>
#include "tui-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

/* The label column fits the widest translated label. */
static const char *const field_labels[] = {
	N_("Issuer"), N_("Issued"), N_("Expires"), N_("Recipient"), N_("Verdict"), N_("Tags"),
	N_("Note"), N_("Format"), N_("Link"), N_("Source"), N_("Added"), N_("ID"),
};

static int label_indent(void)
{
	size_t i;
	int w = 0;

	for (i = 0; i < sizeof(field_labels) / sizeof(field_labels[0]); i++) {
		char *c = text_clean(_(field_labels[i]), 0);
		int lw = text_width(c);

		free(c);
		if (lw > w)
			w = lw;
	}
	return w + 3;
}

/* "2024-03-15T10:00:00Z" -> "2024-03-15 10:00 UTC"; other text as is. */
static char *nice_date(const char *s)
{
	if (!s)
		return NULL;
	if (strlen(s) >= 16 && s[10] == 'T' && s[strlen(s) - 1] == 'Z')
		return xasprintf("%.10s %.5s UTC", s, s + 11);
	return xstrdup(s);
}

static void field(struct view *v, const char *label, int width, const char *value, enum tone tone)
{
	pager_field(v, _(label), tone, label_indent(), width, value && *value ? value : "—");
}

static void field_date(struct view *v, const char *label, int width, const char *value,
		       const char *none)
{
	char *d = nice_date(value);

	field(v, label, width, d ? d : none, TONE_NORMAL);
	free(d);
}

static void heading(struct view *v, const char *title)
{
	pager_add(v, TONE_NORMAL, 1, "");
	pager_add(v, TONE_HEADING, 1, title);
}

/* Markdown to plain text, enough for criteria narratives: headings,
 * emphasis and list marks go, links keep their text and URL. */
static char *plain_text(const char *md)
{
	size_t len = strlen(md), i = 0, o = 0;
	char *out = xmalloc(len * 2 + 1);
	int line_start = 1;

	while (i < len) {
		char c = md[i];

		if (line_start) {
			while (md[i] == '#' || (md[i] == '>' && md[i + 1] == ' '))
				i++;
			if (md[i] == ' ' && i > 0 && md[i - 1] == '#')
				i++;
			if ((md[i] == '*' || md[i] == '-' || md[i] == '+') && md[i + 1] == ' ') {
				out[o++] = '-';
				out[o++] = ' ';
				i += 2;
			}
			line_start = 0;
			continue;
		}
		if (c == '*' || c == '_' || c == '`') {
			/* emphasis marks, but not inside words like snake_case */
			if (c == '_' && o && out[o - 1] != ' ' && md[i + 1] && md[i + 1] != ' ' &&
			    md[i + 1] != '_') {
				out[o++] = c;
			}
			i++;
			continue;
		}
		if (c == ']' && md[i + 1] == '(') {
			const char *close = strchr(md + i + 2, ')');

			if (close && (size_t)(close - md) < len && o + (size_t)(close - md - i) + 4 < len * 2) {
				out[o++] = ' ';
				out[o++] = '(';
				memcpy(out + o, md + i + 2, (size_t)(close - md - i - 2));
				o += (size_t)(close - md - i - 2);
				out[o++] = ')';
				i = (size_t)(close - md) + 1;
				continue;
			}
		}
		if (c == '[' ) {
			i++;
			continue;
		}
		out[o++] = c;
		if (c == '\n')
			line_start = 1;
		i++;
	}
	out[o] = '\0';
	return out;
}

static void build_head(struct view *v, json_t *e, int width)
{
	json_t *issuer = json_object_get(e, "issuer"), *rec = json_object_get(e, "recipient");
	const char *iurl = json_str(issuer, "url") ? json_str(issuer, "url") : json_str(issuer, "id");
	char *s;

	pager_field(v, NULL, TONE_HEADING, 1, width,
		    json_str(e, "name") ? json_str(e, "name") : _("(no name)"));
	pager_add(v, TONE_NORMAL, 1, "");
	field(v, N_("Issuer"), width, json_str(issuer, "name"), TONE_NORMAL);
	if (iurl)
		pager_field(v, NULL, TONE_DIM, label_indent(), width, iurl);
	field_date(v, N_("Issued"), width, json_str(e, "issued"), "—");
	field_date(v, N_("Expires"), width, json_str(e, "expires"), _("never"));
	if (json_str(rec, "identity")) {
		s = json_is_true(json_object_get(rec, "hashed")) ?
		    xasprintf(_("%s (hashed %s)"), json_str(rec, "identity"),
			      json_str(rec, "type") ? json_str(rec, "type") : "") :
		    xasprintf("%s%s%s%s", json_str(rec, "identity"), json_str(rec, "type") ? " (" : "",
			      json_str(rec, "type") ? json_str(rec, "type") : "",
			      json_str(rec, "type") ? ")" : "");
		field(v, N_("Recipient"), width, s, TONE_NORMAL);
		free(s);
	} else {
		field(v, N_("Recipient"), width, json_str(rec, "id"), TONE_NORMAL);
	}
}

static char *join_strings(json_t *arr, const char *sep)
{
	struct buf b;
	json_t *x;
	size_t i;

	buf_init(&b, 0);
	json_array_foreach(arr, i, x) {
		if (!json_is_string(x))
			continue;
		if (b.len)
			buf_adds(&b, sep, NULL);
		buf_adds(&b, json_string_value(x), NULL);
	}
	return buf_detach(&b, NULL);
}

static void build_mine(struct tui *t, struct view *v, json_t *e, int width)
{
	const char *verdict = json_str(e, "verdict");
	struct item *it = list_find(t, v->id);
	char *s, *d = nice_date(json_str(e, "checked_at"));

	if (it && it->state != JS_IDLE)
		s = xasprintf("%s %s", spinner_frame(0),
			      it->state == JS_RUNNING ? _("checking now…") : _("queued for checking"));
	else if (d)
		s = xasprintf(_("%s %s (checked %s)"), verdict_mark(verdict), verdict_label(verdict), d);
	else
		s = xasprintf(_("%s %s (never checked: press v)"), verdict_mark(verdict),
			      verdict_label(verdict));
	field(v, N_("Verdict"), width, s, verdict_tone(verdict));
	free(s);
	free(d);
	s = join_strings(json_object_get(e, "tags"), ", ");
	field(v, N_("Tags"), width, s, TONE_NORMAL);
	free(s);
	field(v, N_("Note"), width, json_str(e, "note"), TONE_NORMAL);
}

static void build_criteria(struct view *v, json_t *e, int width)
{
	json_t *c = json_object_get(e, "criteria");
	char *plain;

	if (!json_str(c, "narrative") && !json_str(c, "id"))
		return;
	heading(v, _("Criteria"));
	if (json_str(c, "narrative")) {
		plain = plain_text(json_str(c, "narrative"));
		pager_wrap(v, TONE_NORMAL, 3, width, plain);
		free(plain);
	}
	if (json_str(c, "id"))
		pager_wrap(v, TONE_DIM, 3, width, json_str(c, "id"));
}

static void build_alignments(struct view *v, json_t *e, int width)
{
	json_t *al = json_object_get(e, "alignments"), *a;
	char *s;
	size_t i;

	if (json_array_size(al)) {
		heading(v, _("Alignments"));
		json_array_foreach(al, i, a) {
			const char *fw = json_str(a, "targetFramework"), *code = json_str(a, "targetCode");

			s = xasprintf("- %s%s%s%s%s%s", json_str(a, "targetName") ? json_str(a, "targetName") : "?",
				      fw || code ? " (" : "", fw ? fw : "", fw && code ? ", " : "",
				      code ? code : "", fw || code ? ")" : "");
			pager_wrap(v, TONE_NORMAL, 3, width, s);
			free(s);
			if (json_str(a, "targetDescription"))
				pager_wrap(v, TONE_NORMAL, 5, width, json_str(a, "targetDescription"));
			if (json_str(a, "targetUrl"))
				pager_wrap(v, TONE_DIM, 5, width, json_str(a, "targetUrl"));
		}
	}
	if (json_array_size(json_object_get(e, "badge_tags"))) {
		heading(v, _("Skills and keywords"));
		s = join_strings(json_object_get(e, "badge_tags"), ", ");
		pager_wrap(v, TONE_NORMAL, 3, width, s);
		free(s);
	}
}

static void build_evidence(struct view *v, json_t *e, int width)
{
	json_t *ev = json_object_get(e, "evidence"), *x;
	json_int_t endorsements = json_integer_value(json_object_get(e, "endorsements"));
	size_t i;
	char *s;

	if (json_array_size(ev)) {
		heading(v, _("Evidence"));
		json_array_foreach(ev, i, x) {
			s = xasprintf("- %s", json_str(x, "name") ? json_str(x, "name") :
					      json_str(x, "id") ? json_str(x, "id") : "?");
			pager_wrap(v, TONE_NORMAL, 3, width, s);
			free(s);
			if (json_str(x, "description"))
				pager_wrap(v, TONE_NORMAL, 5, width, json_str(x, "description"));
			if (json_str(x, "narrative")) {
				s = plain_text(json_str(x, "narrative"));
				pager_wrap(v, TONE_NORMAL, 5, width, s);
				free(s);
			}
			if (json_str(x, "name") && json_str(x, "id"))
				pager_wrap(v, TONE_DIM, 5, width, json_str(x, "id"));
		}
	}
	heading(v, _("Endorsements"));
	s = endorsements ? xasprintf(_("%lld endorsement(s), not checked by satchel"),
				     (long long)endorsements) : xstrdup(_("none"));
	pager_wrap(v, TONE_NORMAL, 3, width, s);
	free(s);
}

static void build_about(struct view *v, json_t *e, int width)
{
	json_t *ver = json_object_get(e, "verification"), *src = json_object_get(e, "source");
	char *s, *proofs = join_strings(json_object_get(e, "proofs"), ", ");

	heading(v, _("About this badge"));
	s = xasprintf("Open Badges %s (%s%s%s)", json_str(e, "version") ? json_str(e, "version") : "?",
		      json_str(e, "encoding") ? json_str(e, "encoding") : "?",
		      json_str(ver, "type") ? ", " : "", json_str(ver, "type") ? json_str(ver, "type") : "");
	field(v, N_("Format"), width, s, TONE_NORMAL);
	free(s);
	if (*proofs)
		pager_field(v, NULL, TONE_DIM, label_indent(), width, proofs);
	free(proofs);
	field(v, N_("Link"), width, json_str(ver, "url") ? json_str(ver, "url") :
		      json_str(e, "credential_id"), TONE_NORMAL);
	field(v, N_("Source"), width, json_str(src, "location"), TONE_NORMAL);
	field_date(v, N_("Added"), width, json_str(e, "added_at"), "—");
	field(v, N_("ID"), width, json_str(e, "id"), TONE_DIM);
}

static enum tone outcome_tone(const char *o)
{
	if (!o)
		return TONE_NORMAL;
	return !strcmp(o, "pass") ? TONE_GOOD : !strcmp(o, "fail") ? TONE_BAD :
	       !strcmp(o, "warn") ? TONE_WARN : TONE_DIM;
}

static const char *outcome_label(const char *o)
{
	if (!o)
		return "?";
	return !strcmp(o, "pass") ? _("pass") : !strcmp(o, "fail") ? _("FAIL") :
	       !strcmp(o, "warn") ? _("warn") : _("skip");
}

static void build_report(struct view *v, json_t *e, int width)
{
	json_t *rep = json_object_get(e, "report"), *c;
	char *s, *d;
	size_t i;

	heading(v, _("Last verification"));
	if (!json_is_object(rep)) {
		pager_wrap(v, TONE_DIM, 3, width, _("Not verified yet: press v to check it now."));
		return;
	}
	d = nice_date(json_str(rep, "checked_at"));
	s = xasprintf(_("%s %s, checked %s"), verdict_mark(json_str(rep, "verdict")),
		      verdict_label(json_str(rep, "verdict")), d ? d : "?");
	pager_wrap(v, verdict_tone(json_str(rep, "verdict")), 3, width, s);
	free(s);
	free(d);
	json_array_foreach(json_object_get(rep, "checks"), i, c) {
		s = xasprintf("%-4s %s", outcome_label(json_str(c, "outcome")), json_str(c, "check") ?
			      json_str(c, "check") : "?");
		pager_add(v, outcome_tone(json_str(c, "outcome")), 3, s);
		free(s);
		if (json_str(c, "message") && *json_str(c, "message"))
			pager_wrap(v, TONE_NORMAL, 8, width, json_str(c, "message"));
	}
}

static void detail_build(struct tui *t, struct view *v, int width)
{
	json_t *e;

	if (!v->entry)
		v->entry = index_entry_build(t->w, v->id, NULL);
	e = v->entry;
	if (!e) {
		pager_wrap(v, TONE_ERROR, 1, width, _("This badge is no longer in the wallet."));
		return;
	}
	if (json_str(e, "error")) {
		char *s = xasprintf(_("This badge could not be read: %s"), json_str(e, "error"));

		pager_wrap(v, TONE_ERROR, 1, width, s);
		free(s);
	}
	build_head(v, e, width);
	build_mine(t, v, e, width);
	if (json_str(e, "description")) {
		heading(v, _("Description"));
		pager_wrap(v, TONE_NORMAL, 3, width, json_str(e, "description"));
	}
	build_criteria(v, e, width);
	build_alignments(v, e, width);
	build_evidence(v, e, width);
	build_about(v, e, width);
	build_report(v, e, width);
}

static void detail_status(struct tui *t, struct view *v, char *out, size_t n)
{
	char pos[64];

	(void)t;
	pager_position(v, pos, sizeof(pos));
	snprintf(out, n, "[detail] %.12s  %s", v->id, pos);
}

/* next / previous: the neighbour in the list, shown in place. */
static unsigned detail_step(struct tui *t, struct view *v, long delta)
{
	struct item *it;

	if (!list_move(t, delta) || !(it = list_selected(t)))
		return RE_NONE;
	memcpy(v->id, it->r->id, WALLET_ID_LEN + 1);
	json_decref(v->entry);
	v->entry = NULL;
	v->built_width = 0;
	v->top = 0;
	return RE_REDRAW;
}

static unsigned detail_handle(struct tui *t, struct view *v, enum action a)
{
	if (a == ACT_NEXT)
		return detail_step(t, v, 1);
	if (a == ACT_PREVIOUS)
		return detail_step(t, v, -1);
	return pager_handle(t, v, a);
}

static const struct view_ops detail_ops = {
	KM_DETAIL, pager_draw, detail_handle, detail_status, pager_click, detail_build, pager_done,
};

struct view *view_detail_new(const char *id)
{
	struct view *v = xcalloc(1, sizeof(*v));

	v->ops = &detail_ops;
	v->title = _("Badge");
	snprintf(v->id, sizeof(v->id), "%s", id);
	return v;
}
