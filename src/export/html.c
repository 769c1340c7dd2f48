/* html.c — one self-contained HTML page of badges (export.h).
 *
 * Everything from a credential is escaped; images appear only when the
 * credential embeds them as data: URIs of raster or SVG images (an <img>
 * never runs an SVG's scripts); a Content-Security-Policy forbids any
 * request, so the page opens the same offline, printed or as a PDF. */
#include <string.h>
#include "satchel/export.h"
#include "satchel/json.h"

static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;", NULL); break;
		case '<': buf_adds(b, "&lt;", NULL); break;
		case '>': buf_adds(b, "&gt;", NULL); break;
		case '"': buf_adds(b, "&quot;", NULL); break;
		case '\'': buf_adds(b, "&#39;", NULL); break;
		default: buf_addc(b, *s, NULL);
		}
	}
}

static void tag_text(struct buf *b, const char *tag, const char *cls, const char *text)
{
	if (!text || !*text)
		return;
	buf_addf(b, NULL, "<%s class=\"%s\">", tag, cls);
	esc(b, text);
	buf_addf(b, NULL, "</%s>\n", tag);
}

static const char *id_or_string(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : json_str(v, "id");
}

/* The badge image when the credential embeds it. */
static const char *embedded_image(const json_t *doc)
{
	const json_t *cs = json_object_get(doc, "credentialSubject"), *ach;
	const char *img;

	if (json_is_array(cs))
		cs = json_array_get(cs, 0);
	ach = json_object_get(cs, "achievement");
	img = id_or_string(json_object_get(ach, "image"));
	if (!img)
		img = id_or_string(json_object_get(doc, "image"));
	if (!img)
		img = id_or_string(json_object_get(json_object_get(doc, "badge"), "image"));
	if (img && (!strncmp(img, "data:image/png;", 15) || !strncmp(img, "data:image/jpeg;", 16) ||
		    !strncmp(img, "data:image/gif;", 15) || !strncmp(img, "data:image/svg+xml", 18)))
		return img;
	return NULL;
}

static void badge_html(struct buf *b, const struct portfolio_item *it, int redact)
{
	const json_t *d = it->details, *issuer = json_object_get(d, "issuer");
	const char *img = embedded_image(it->doc), *link = export_public_link(d);
	const json_t *crit = json_object_get(d, "criteria"), *rcp = json_object_get(d, "recipient");

	buf_adds(b, "<section class=\"badge\">\n", NULL);
	if (img) {
		buf_adds(b, "<img alt=\"\" src=\"", NULL);
		esc(b, img);
		buf_adds(b, "\">\n", NULL);
	}
	tag_text(b, "h2", "name", json_str(d, "name") ? json_str(d, "name") : "(no name)");
	tag_text(b, "p", "issuer", json_str(issuer, "name") ? json_str(issuer, "name") : json_str(issuer, "id"));
	tag_text(b, "p", "description", json_str(d, "description"));
	tag_text(b, "p", "criteria", json_str(crit, "narrative"));
	buf_adds(b, "<dl>\n", NULL);
	tag_text(b, "dt", "k", "Issued");
	tag_text(b, "dd", "issued", json_str(d, "issued"));
	if (json_str(d, "expires")) {
		tag_text(b, "dt", "k", "Expires");
		tag_text(b, "dd", "expires", json_str(d, "expires"));
	}
	tag_text(b, "dt", "k", "State");
	tag_text(b, "dd", "verdict", json_str(d, "verdict"));
	if (json_str(d, "checked_at"))
		tag_text(b, "dd", "checked", json_str(d, "checked_at"));
	if (link) {
		tag_text(b, "dt", "k", "Verify at");
		tag_text(b, "dd", "link", link);	/* text, not a live link: no requests */
	}
	if (!redact && rcp && json_str(rcp, "identity") && !json_is_true(json_object_get(rcp, "hashed"))) {
		tag_text(b, "dt", "k", "Awarded to");
		tag_text(b, "dd", "recipient", json_str(rcp, "identity"));
	}
	buf_adds(b, "</dl>\n</section>\n", NULL);
}

static void pathway_html(struct buf *b, const json_t *p)
{
	long met = (long)json_integer_value(json_object_get(p, "met"));
	long req = (long)json_integer_value(json_object_get(p, "required"));

	buf_adds(b, "<section class=\"pathway\">\n", NULL);
	tag_text(b, "h2", "name", json_str(p, "name"));
	buf_addf(b, NULL, "<progress max=\"%ld\" value=\"%ld\"></progress> <span>%ld / %ld%s</span>\n",
		 req, met, met, req, json_is_true(json_object_get(p, "complete")) ? " ✓" : "");
	buf_adds(b, "</section>\n", NULL);
}

static const char style[] =
	"body{font-family:sans-serif;max-width:50em;margin:2em auto;color:#222;background:#fff}"
	".badge,.pathway{border:1px solid #ccc;border-radius:6px;padding:1em;margin:1em 0;"
	"break-inside:avoid}.badge img{float:right;max-width:96px;max-height:96px}"
	"dt{font-weight:bold}dd{margin:0 0 .4em 0;overflow-wrap:anywhere}"
	"@media print{body{margin:0}}";

int export_portfolio_html(const struct portfolio_item *items, size_t n, const json_t *pathways,
			  int redact, struct buf *out, struct err *err)
{
	const json_t *p;
	size_t i;

	(void)err;
	buf_adds(out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		 "img-src data:; style-src 'unsafe-inline'\">\n<title>Portfolio</title>\n<style>", NULL);
	buf_adds(out, style, NULL);
	buf_adds(out, "</style>\n</head>\n<body>\n<h1>Portfolio</h1>\n", NULL);
	for (i = 0; i < n; i++)
		badge_html(out, &items[i], redact);
	json_array_foreach(pathways, i, p)
		pathway_html(out, p);
	buf_adds(out, "</body>\n</html>\n", NULL);
	return 0;
}
