/* svg.c — credentials baked into SVG images (SPECS.md §2.3, §2.4).
 *
 * A small XML tokenizer, not a DOM: one pass over the bytes that knows
 * comments, processing instructions, DOCTYPE (with its internal subset),
 * CDATA, quoting, references and namespace scope.  It records what
 * baking needs (the root start tag, the byte range of every credential
 * element) and the text of the first credential element.  Elements are
 * matched by namespace URI and local name, never by the literal prefix,
 * so a commented-out or differently prefixed element cannot fool it.
 *
 * Two deliberate departures from a full XML parser:
 * - line ends and attribute whitespace are not normalised: the credential
 *   comes back as the exact bytes baked (a signed text must not change);
 * - entities declared in a DOCTYPE are not expanded; a reference to one
 *   is kept as written, except inside credential text, where it is an
 *   error (that text must mean the same to every reader).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/err.h"
#include "satchel/xalloc.h"

#define SVG_MAX_IMAGE	((size_t)32 << 20)
#define SVG_MAX_TEXT	((size_t)8 << 20)
#define SVG_MAX_DEPTH	1024
#define SVG_MAX_NS	128	/* bindings in scope; real images use a dozen */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct svg_kind {
	enum baked_gen gen;
	const char *uri;
	const char *local;
} svg_kinds[] = {
	{ BAKED_OB2, "http://openbadges.org", "assertion" },
	{ BAKED_OB3, "https://purl.imsglobal.org/ob/v3p0", "credential" },
	{ BAKED_CLR, "https://purl.imsglobal.org/clr/v2p0", "credential" },
};

static const struct svg_entity {
	const char *name;
	char c;
} svg_entities[] = {
	{ "lt", '<' }, { "gt", '>' }, { "amp", '&' }, { "quot", '"' }, { "apos", '\'' },
};

/* What the verify attribute escapes; tab and line ends too, so that
 * other XML readers, which normalise them, get the same bytes back. */
static const struct svg_escape {
	char c;
	const char *ref;
} svg_escapes[] = {
	{ '&', "&amp;" }, { '<', "&lt;" }, { '>', "&gt;" }, { '"', "&quot;" },
	{ '\'', "&apos;" }, { '\t', "&#9;" }, { '\n', "&#10;" }, { '\r', "&#13;" },
};

struct svg_str {
	const char *s;
	size_t len;
};

struct svg_ns {
	struct svg_str prefix;	/* empty: the default namespace */
	char *uri;		/* owned, references decoded */
	size_t len;
};

struct svg_attr {
	struct svg_str name, value;	/* raw, into the document */
};

struct svg_elem {
	struct svg_str qname;
	size_t ns_mark;		/* bindings in scope before this element */
	size_t cred;		/* 1 + index into creds, 0 when not one */
};

struct svg_cred {
	size_t start, end;	/* the whole element, tags included */
	const struct svg_kind *kind;
};

struct svg_doc {
	const char *s;
	size_t len, pos;
	struct err *err;

	struct svg_elem *stack;
	size_t depth, stack_cap;
	struct svg_ns ns[SVG_MAX_NS];
	size_t nns, max_nns;
	struct svg_attr *attrs;	/* of the tag being read */
	size_t nattrs, attrs_cap;
	size_t tag_close;	/* offset of the ">" or "/>" that ended it */
	struct buf scratch;

	int seen_doctype, seen_root;
	struct svg_str root_name;
	size_t root_close;
	int root_empty;
	size_t root_nns;	/* ns[0 .. root_nns) are declared on the root */

	struct svg_cred *creds;
	size_t ncreds, creds_cap;
	struct buf body;	/* character data of the first credential */
	size_t body_cdata;	/* CDATA sections in it */
	size_t body_text;	/* bytes of character data outside CDATA in it */
	struct buf verify;	/* and its decoded verify attribute */
	int has_verify;
};

static int svg_markup(struct svg_doc *d);

static void svg_doc_init(struct svg_doc *d, const uint8_t *data, size_t len, struct err *err)
{
	memset(d, 0, sizeof(*d));
	d->s = (const char *)data;
	d->len = data ? len : 0;
	d->err = err;
	buf_init(&d->scratch, 0);
	buf_init(&d->body, SVG_MAX_TEXT);
	buf_init(&d->verify, SVG_MAX_TEXT);
}

static void svg_doc_release(struct svg_doc *d)
{
	for (size_t i = 0; i < d->nns; i++)
		free(d->ns[i].uri);
	free(d->stack);
	free(d->attrs);
	free(d->creds);
	buf_release(&d->scratch);
	buf_release(&d->body);
	buf_release(&d->verify);
}

static int svg_fail(struct svg_doc *d, enum err_code code, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* err_set with the current offset, which is what a user needs to look. */
static int svg_fail(struct svg_doc *d, enum err_code code, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(d->err, code, "%s at byte %zu", msg, d->pos);
}

/* Names in messages are cut: the bytes come from outside. */
#define SHOW(str) (int)((str).len < 64 ? (str).len : 64), (str).s

static int svg_str_eq(struct svg_str a, struct svg_str b)
{
	return a.len == b.len && !memcmp(a.s, b.s, a.len);
}

static int svg_str_is(struct svg_str a, const char *lit)
{
	return a.len == strlen(lit) && !memcmp(a.s, lit, a.len);
}

static int svg_at(const struct svg_doc *d, const char *lit)
{
	size_t n = strlen(lit);

	return d->len - d->pos >= n && !memcmp(d->s + d->pos, lit, n);
}

static int svg_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t svg_skip_space(struct svg_doc *d)
{
	size_t from = d->pos;

	while (d->pos < d->len && svg_is_space(d->s[d->pos]))
		d->pos++;
	return d->pos - from;
}

static void svg_trim(const char **s, size_t *len)
{
	while (*len && svg_is_space(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && svg_is_space((*s)[*len - 1]))
		(*len)--;
}

/* XML 1.0 cannot carry C0 controls other than tab and line ends, not
 * even as references, so credential text must not contain them. */
static int svg_text_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 && !svg_is_space(s[i]))
			return 0;
	return 1;
}

/* Not xstrndup: outside bytes may hold a NUL, and lengths must agree. */
static char *svg_dup(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static void svg_truncate(struct buf *b, size_t len)
{
	if (b->len > len) {
		b->len = len;
		b->s[len] = '\0';
	}
}

/* ---- names and references -------------------------------------------- */

/* Bytes of multibyte UTF-8 are all taken as name characters: precise
 * Unicode classes would not change which elements we find. */
static int svg_name_char(unsigned char c, int first)
{
	if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c == ':' || c >= 0x80)
		return 1;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

static int svg_name(struct svg_doc *d, struct svg_str *name)
{
	size_t from = d->pos;

	while (d->pos < d->len && svg_name_char(d->s[d->pos], d->pos == from))
		d->pos++;
	if (d->pos == from)
		return svg_fail(d, ERR_PARSE, "expected a name");
	name->s = d->s + from;
	name->len = d->pos - from;
	return 0;
}

/* Splits a qualified name at its colon; prefix is empty without one. */
static int svg_split(struct svg_doc *d, struct svg_str q, struct svg_str *prefix,
		     struct svg_str *local)
{
	const char *colon = memchr(q.s, ':', q.len);

	*prefix = (struct svg_str){ q.s, 0 };
	*local = q;
	if (!colon)
		return 0;
	prefix->len = colon - q.s;
	local->s = colon + 1;
	local->len = q.len - prefix->len - 1;
	if (!prefix->len || !local->len || memchr(local->s, ':', local->len))
		return svg_fail(d, ERR_PARSE, "malformed qualified name '%.*s'", SHOW(q));
	return 0;
}

static int svg_put_utf8(struct buf *out, unsigned long v, struct err *err)
{
	char u[4];
	size_t n;

	if (v < 0x80) {
		u[0] = (char)v;
		n = 1;
	} else if (v < 0x800) {
		u[0] = (char)(0xc0 | v >> 6);
		u[1] = (char)(0x80 | (v & 0x3f));
		n = 2;
	} else if (v < 0x10000) {
		u[0] = (char)(0xe0 | v >> 12);
		u[1] = (char)(0x80 | (v >> 6 & 0x3f));
		u[2] = (char)(0x80 | (v & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | v >> 18);
		u[1] = (char)(0x80 | (v >> 12 & 0x3f));
		u[2] = (char)(0x80 | (v >> 6 & 0x3f));
		u[3] = (char)(0x80 | (v & 0x3f));
		n = 4;
	}
	return buf_add(out, u, n, err);
}

static int svg_xml_char(unsigned long v)
{
	return v == 0x9 || v == 0xa || v == 0xd || (v >= 0x20 && v <= 0xd7ff) ||
	       (v >= 0xe000 && v <= 0xfffd) || (v >= 0x10000 && v <= 0x10ffff);
}

static int svg_digit(char c, int hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f')
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* s starts with "&#": a decimal or (lower-case x) hexadecimal reference. */
static int svg_charref(struct svg_doc *d, const char *s, size_t n, struct buf *out, size_t *used)
{
	int hex = n > 2 && s[2] == 'x';
	size_t i = hex ? 3 : 2, first = i;
	unsigned long v = 0;

	for (; i < n && s[i] != ';'; i++) {
		int dv = svg_digit(s[i], hex);

		if (dv < 0)
			return svg_fail(d, ERR_PARSE, "malformed character reference");
		v = v * (hex ? 16 : 10) + dv;
		if (v > 0x10ffff)	/* stop before it can overflow */
			return svg_fail(d, ERR_PARSE, "character reference out of range");
	}
	if (i == first || i == n)
		return svg_fail(d, ERR_PARSE, "malformed character reference");
	if (!svg_xml_char(v))
		return svg_fail(d, ERR_PARSE, "reference to invalid character %#lx", v);
	*used = i + 1;
	return svg_put_utf8(out, v, d->err);
}

/* s starts with '&'.  strict: only the five predefined entities. */
static int svg_ref(struct svg_doc *d, const char *s, size_t n, int strict, struct buf *out,
		   size_t *used)
{
	struct svg_str name;
	size_t i = 1;

	if (n > 1 && s[1] == '#')
		return svg_charref(d, s, n, out, used);
	while (i < n && svg_name_char(s[i], i == 1))
		i++;
	if (i == 1 || i == n || s[i] != ';')
		return svg_fail(d, ERR_PARSE, "malformed entity reference");
	name = (struct svg_str){ s + 1, i - 1 };
	*used = i + 1;
	for (size_t k = 0; k < ARRAY_SIZE(svg_entities); k++)
		if (svg_str_is(name, svg_entities[k].name))
			return buf_addc(out, svg_entities[k].c, d->err);
	if (strict)
		return svg_fail(d, ERR_PARSE, "undeclared entity '&%.*s;' in credential", SHOW(name));
	return buf_add(out, s, *used, d->err);
}

/* Appends s[0..n) to out with its references replaced. */
static int svg_decode(struct svg_doc *d, const char *s, size_t n, int strict, struct buf *out)
{
	size_t i = 0, used = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		size_t run = amp ? (size_t)(amp - s) - i : n - i;

		if (buf_add(out, s + i, run, d->err) < 0)
			return -1;
		i += run;
		if (i == n)
			break;
		if (svg_ref(d, s + i, n - i, strict, out, &used) < 0)
			return -1;
		i += used;
	}
	return 0;
}

/* ---- namespaces -------------------------------------------------------- */

/* Finds the URI bound to prefix; the default namespace is always bound
 * (to "" when undeclared), other prefixes only when declared. */
static int svg_lookup(const struct svg_doc *d, struct svg_str prefix, struct svg_str *uri)
{
	for (size_t i = d->nns; i-- > 0;) {
		if (svg_str_eq(d->ns[i].prefix, prefix)) {
			*uri = (struct svg_str){ d->ns[i].uri, d->ns[i].len };
			return 1;
		}
	}
	if (svg_str_is(prefix, "xml"))
		*uri = (struct svg_str){ "http://www.w3.org/XML/1998/namespace", 36 };
	else if (!prefix.len)
		*uri = (struct svg_str){ "", 0 };
	else
		return 0;
	return 1;
}

static int svg_is_xmlns(struct svg_str name, struct svg_str *prefix)
{
	if (svg_str_is(name, "xmlns")) {
		*prefix = (struct svg_str){ name.s + 5, 0 };
		return 1;
	}
	if (name.len > 6 && !memcmp(name.s, "xmlns:", 6)) {
		*prefix = (struct svg_str){ name.s + 6, name.len - 6 };
		return 1;
	}
	return 0;
}

static int svg_declare(struct svg_doc *d, size_t mark, struct svg_str prefix, struct svg_str value)
{
	struct svg_ns *ns;

	for (size_t i = mark; i < d->nns; i++)
		if (svg_str_eq(d->ns[i].prefix, prefix))
			return svg_fail(d, ERR_PARSE, "namespace prefix '%.*s' declared twice",
					SHOW(prefix));
	/* A bound on bindings in scope keeps every lookup short. */
	if (d->nns == SVG_MAX_NS)
		return svg_fail(d, ERR_TOOBIG, "more than %d namespace declarations in scope",
				SVG_MAX_NS);
	buf_reset(&d->scratch);
	if (svg_decode(d, value.s, value.len, 0, &d->scratch) < 0)
		return -1;
	if (prefix.len && !d->scratch.len)
		return svg_fail(d, ERR_PARSE, "empty namespace for prefix '%.*s'", SHOW(prefix));
	ns = &d->ns[d->nns++];
	ns->prefix = prefix;
	ns->uri = svg_dup(d->scratch.s, d->scratch.len);
	ns->len = d->scratch.len;
	if (d->nns > d->max_nns)
		d->max_nns = d->nns;
	return 0;
}

/* Declarations first: they may follow the attributes they qualify. */
static int svg_push_ns(struct svg_doc *d, size_t mark)
{
	struct svg_str prefix;

	for (size_t i = 0; i < d->nattrs; i++)
		if (svg_is_xmlns(d->attrs[i].name, &prefix) &&
		    svg_declare(d, mark, prefix, d->attrs[i].value) < 0)
			return -1;
	return 0;
}

static void svg_pop_ns(struct svg_doc *d, size_t mark)
{
	while (d->nns > mark)
		free(d->ns[--d->nns].uri);
}

/* Every other attribute: its prefix must be bound and its references
 * well formed (decoding checks them). */
static int svg_check_attrs(struct svg_doc *d)
{
	struct svg_str prefix, local, uri;

	for (size_t i = 0; i < d->nattrs; i++) {
		const struct svg_attr *a = &d->attrs[i];

		if (svg_is_xmlns(a->name, &prefix))
			continue;
		if (svg_split(d, a->name, &prefix, &local) < 0)
			return -1;
		if (prefix.len && !svg_lookup(d, prefix, &uri))
			return svg_fail(d, ERR_PARSE, "unbound namespace prefix '%.*s'", SHOW(prefix));
		buf_reset(&d->scratch);
		if (svg_decode(d, a->value.s, a->value.len, 0, &d->scratch) < 0)
			return -1;
	}
	return 0;
}

/* ---- tags ---------------------------------------------------------------- */

static int svg_read_attr(struct svg_doc *d)
{
	struct svg_attr a;
	const char *q;
	void *p = d->attrs;

	if (svg_name(d, &a.name) < 0)
		return -1;
	svg_skip_space(d);
	if (!svg_at(d, "="))
		return svg_fail(d, ERR_PARSE, "attribute '%.*s' without a value", SHOW(a.name));
	d->pos++;
	svg_skip_space(d);
	if (d->pos == d->len || (d->s[d->pos] != '"' && d->s[d->pos] != '\''))
		return svg_fail(d, ERR_PARSE, "unquoted value of attribute '%.*s'", SHOW(a.name));
	q = memchr(d->s + d->pos + 1, d->s[d->pos], d->len - d->pos - 1);
	if (!q)
		return svg_fail(d, ERR_PARSE, "unterminated value of attribute '%.*s'", SHOW(a.name));
	a.value = (struct svg_str){ d->s + d->pos + 1, q - (d->s + d->pos + 1) };
	if (memchr(a.value.s, '<', a.value.len))
		return svg_fail(d, ERR_PARSE, "'<' in value of attribute '%.*s'", SHOW(a.name));
	d->pos = q - d->s + 1;
	xgrow(&p, &d->attrs_cap, d->nattrs + 1, sizeof(*d->attrs));
	d->attrs = p;
	d->attrs[d->nattrs++] = a;
	return 0;
}

/* Reads "<name attr='v' ...>" or ".../>"; the attributes go to d->attrs. */
static int svg_read_tag(struct svg_doc *d, struct svg_str *qname, int *empty)
{
	d->pos++;
	d->nattrs = 0;
	if (svg_name(d, qname) < 0)
		return -1;
	for (;;) {
		size_t space = svg_skip_space(d);

		d->tag_close = d->pos;
		if (d->pos == d->len)
			return svg_fail(d, ERR_PARSE, "unterminated tag '<%.*s'", SHOW(*qname));
		if (d->s[d->pos] == '>' || svg_at(d, "/>")) {
			*empty = d->s[d->pos] == '/';
			d->pos += *empty ? 2 : 1;
			return 0;
		}
		if (!space)
			return svg_fail(d, ERR_PARSE, "malformed tag '<%.*s'", SHOW(*qname));
		if (svg_read_attr(d) < 0)
			return -1;
	}
}

/* The first credential element keeps its verify attribute, decoded. */
static int svg_keep_verify(struct svg_doc *d)
{
	for (size_t i = 0; i < d->nattrs; i++) {
		const struct svg_attr *a = &d->attrs[i];

		if (!svg_str_is(a->name, "verify"))
			continue;
		if (d->has_verify)
			return svg_fail(d, ERR_PARSE, "two verify attributes");
		d->has_verify = 1;
		if (svg_decode(d, a->value.s, a->value.len, 1, &d->verify) < 0)
			return -1;
	}
	return 0;
}

static int svg_match(struct svg_doc *d, size_t start, struct svg_str uri, struct svg_str local)
{
	const struct svg_kind *k = NULL;
	void *p = d->creds;

	for (size_t i = 0; i < ARRAY_SIZE(svg_kinds) && !k; i++)
		if (svg_str_is(uri, svg_kinds[i].uri) && svg_str_is(local, svg_kinds[i].local))
			k = &svg_kinds[i];
	if (!k)
		return 0;
	xgrow(&p, &d->creds_cap, d->ncreds + 1, sizeof(*d->creds));
	d->creds = p;
	d->creds[d->ncreds++] = (struct svg_cred){ start, 0, k };
	d->stack[d->depth - 1].cred = d->ncreds;
	return d->ncreds == 1 ? svg_keep_verify(d) : 0;
}

static int svg_root(struct svg_doc *d, struct svg_str qname, struct svg_str local, int empty)
{
	if (!svg_str_is(local, "svg"))
		return err_set(d->err, ERR_FORMAT, "not an SVG image: root element is '%.*s'",
			       SHOW(qname));
	d->seen_root = 1;
	d->root_name = qname;
	d->root_close = d->tag_close;
	d->root_empty = empty;
	d->root_nns = d->nns;
	return 0;
}

static void svg_close(struct svg_doc *d)
{
	const struct svg_elem *e = &d->stack[--d->depth];

	if (e->cred)
		d->creds[e->cred - 1].end = d->pos;
	if (d->depth)		/* the root's bindings stay: baking needs them */
		svg_pop_ns(d, e->ns_mark);
}

static int svg_start_tag(struct svg_doc *d)
{
	size_t start = d->pos, mark = d->nns;
	struct svg_str qname, prefix, local, uri;
	void *p = d->stack;
	int empty = 0;

	if (!d->depth && d->seen_root)
		return svg_fail(d, ERR_PARSE, "second root element");
	if (d->depth == SVG_MAX_DEPTH)
		return svg_fail(d, ERR_PARSE, "elements nested deeper than %d", SVG_MAX_DEPTH);
	if (svg_read_tag(d, &qname, &empty) < 0 || svg_push_ns(d, mark) < 0 ||
	    svg_check_attrs(d) < 0 || svg_split(d, qname, &prefix, &local) < 0)
		return -1;
	if (!svg_lookup(d, prefix, &uri))
		return svg_fail(d, ERR_PARSE, "unbound namespace prefix '%.*s'", SHOW(prefix));
	if (!d->depth && svg_root(d, qname, local, empty) < 0)
		return -1;
	xgrow(&p, &d->stack_cap, d->depth + 1, sizeof(*d->stack));
	d->stack = p;
	d->stack[d->depth++] = (struct svg_elem){ qname, mark, 0 };
	if (svg_match(d, start, uri, local) < 0)
		return -1;
	if (empty)
		svg_close(d);
	return 0;
}

static int svg_end_tag(struct svg_doc *d)
{
	struct svg_str name = { NULL, 0 }, open;

	if (!d->depth)
		return svg_fail(d, ERR_PARSE, "end tag outside the root element");
	d->pos += 2;
	if (svg_name(d, &name) < 0)
		return -1;
	svg_skip_space(d);
	if (!svg_at(d, ">"))
		return svg_fail(d, ERR_PARSE, "malformed end tag '</%.*s'", SHOW(name));
	d->pos++;
	open = d->stack[d->depth - 1].qname;
	if (!svg_str_eq(name, open))
		return svg_fail(d, ERR_PARSE, "end tag '</%.*s>' does not match '<%.*s>'",
				SHOW(name), SHOW(open));
	svg_close(d);
	return 0;
}

/* ---- other markup and text ------------------------------------------- */

/* Direct character data of the first credential element is its text. */
static int svg_collecting(const struct svg_doc *d)
{
	return d->depth && d->stack[d->depth - 1].cred == 1;
}

static int svg_skip_past(struct svg_doc *d, size_t skip, const char *end, const char *what)
{
	size_t n = strlen(end);
	const char *p = memmem(d->s + d->pos + skip, d->len - d->pos - skip, end, n);

	if (!p)
		return svg_fail(d, ERR_PARSE, "unterminated %s", what);
	d->pos = p - d->s + n;
	return 0;
}

static int svg_comment(struct svg_doc *d)
{
	return svg_skip_past(d, 4, "-->", "comment");
}

static int svg_pi(struct svg_doc *d)
{
	return svg_skip_past(d, 2, "?>", "processing instruction");
}

static int svg_cdata(struct svg_doc *d)
{
	size_t from = d->pos + 9;

	if (!d->depth)
		return svg_fail(d, ERR_PARSE, "CDATA section outside the root element");
	if (svg_skip_past(d, 9, "]]>", "CDATA section") < 0)
		return -1;
	if (!svg_collecting(d))
		return 0;
	d->body_cdata++;
	return buf_add(&d->body, d->s + from, d->pos - 3 - from, d->err);
}

/* Quoted literals and comments may hide '>' or ']'; the internal subset
 * ends at ']', the declaration at the next '>'. */
static int svg_doctype(struct svg_doc *d)
{
	size_t start = d->pos;
	int subset = 0;

	if (d->seen_root || d->seen_doctype)
		return svg_fail(d, ERR_PARSE, "misplaced DOCTYPE");
	d->seen_doctype = 1;
	d->pos += 9;
	while (d->pos < d->len) {
		char c = d->s[d->pos];
		const char *q;

		if (c == '"' || c == '\'') {
			q = memchr(d->s + d->pos + 1, c, d->len - d->pos - 1);
			if (!q)
				break;
			d->pos = q - d->s + 1;
		} else if (subset && svg_at(d, "<!--")) {
			if (svg_comment(d) < 0)
				return -1;
		} else if (subset && svg_at(d, "<?")) {
			if (svg_pi(d) < 0)
				return -1;
		} else {
			d->pos++;
			if (c == '>' && !subset)
				return 0;
			subset = c == '[' ? 1 : c == ']' ? 0 : subset;
		}
	}
	d->pos = start;
	return svg_fail(d, ERR_PARSE, "unterminated DOCTYPE");
}

static int svg_bad_markup(struct svg_doc *d)
{
	return svg_fail(d, ERR_PARSE, "unexpected '<!' markup");
}

static int svg_text(struct svg_doc *d)
{
	const char *t = d->s + d->pos;
	const char *lt = memchr(t, '<', d->len - d->pos);
	size_t n = lt ? (size_t)(lt - t) : d->len - d->pos;

	if (!d->depth) {
		for (size_t i = 0; i < n; i++)
			if (!svg_is_space(t[i]))
				return svg_fail(d, ERR_PARSE, "text outside the root element");
	} else if (svg_collecting(d)) {
		d->body_text += n;
		if (svg_decode(d, t, n, 1, &d->body) < 0)
			return -1;
	}
	d->pos += n;
	return 0;
}

/* Longest opener first: "<" alone is a start tag. */
static const struct svg_markup {
	const char *open;
	int (*fn)(struct svg_doc *d);
} svg_markups[] = {
	{ "<!--", svg_comment },
	{ "<![CDATA[", svg_cdata },
	{ "<!DOCTYPE", svg_doctype },
	{ "<!", svg_bad_markup },
	{ "<?", svg_pi },
	{ "</", svg_end_tag },
	{ "<", svg_start_tag },
};

static int svg_markup(struct svg_doc *d)
{
	for (size_t i = 0; i < ARRAY_SIZE(svg_markups); i++)
		if (svg_at(d, svg_markups[i].open))
			return svg_markups[i].fn(d);
	return svg_fail(d, ERR_PARSE, "expected markup");
}

static void svg_skip_bom(struct svg_doc *d)
{
	if (svg_at(d, "\xef\xbb\xbf"))
		d->pos += 3;
}

static int svg_scan(struct svg_doc *d)
{
	if (d->len > SVG_MAX_IMAGE)
		return err_set(d->err, ERR_TOOBIG, "image of %zu bytes exceeds %zu", d->len,
			       SVG_MAX_IMAGE);
	svg_skip_bom(d);
	while (d->pos < d->len)
		if ((d->s[d->pos] == '<' ? svg_markup(d) : svg_text(d)) < 0)
			return -1;
	if (!d->seen_root)
		return svg_fail(d, ERR_PARSE, "no root element");
	if (d->depth)
		return svg_fail(d, ERR_PARSE, "element '<%.*s>' not closed",
				SHOW(d->stack[d->depth - 1].qname));
	return 0;
}

/* ---- public: sniffing and extraction --------------------------------- */

/* Skips the prolog (BOM, space, PIs, comments, DOCTYPE) and looks at the
 * first start tag only; svg_extract() checks the rest. */
int svg_is_svg(const uint8_t *data, size_t len)
{
	struct svg_doc d;
	struct svg_str name = { NULL, 0 }, prefix, local;
	int ret = 0, r = 0;

	svg_doc_init(&d, data, len, NULL);
	svg_skip_bom(&d);
	for (;;) {
		svg_skip_space(&d);
		if (svg_at(&d, "<!--"))
			r = svg_comment(&d);
		else if (svg_at(&d, "<?"))
			r = svg_pi(&d);
		else if (svg_at(&d, "<!DOCTYPE"))
			r = svg_doctype(&d);
		else
			break;
		if (r < 0)
			goto out;
	}
	if (!svg_at(&d, "<"))
		goto out;
	d.pos++;
	if (svg_name(&d, &name) < 0 || svg_split(&d, name, &prefix, &local) < 0)
		goto out;
	ret = svg_str_is(local, "svg") && d.pos < d.len &&
	      (svg_is_space(d.s[d.pos]) || d.s[d.pos] == '>' || d.s[d.pos] == '/');
out:
	svg_doc_release(&d);
	return ret;
}

static int svg_take_text(struct svg_doc *d, struct baked *out)
{
	const struct svg_kind *k = d->creds[0].kind;
	const char *t = d->body.s;
	size_t n = d->body.len;
	int attr = 0;

	/* A body that is nothing but CDATA (as svg_bake writes it) is taken
	 * byte for byte, so a credential survives bake and extract with the
	 * same SHA-256; indented bodies of other bakers are trimmed. */
	if (!(d->body_cdata && !d->body_text))
		svg_trim(&t, &n);
	if (!n && d->has_verify) {
		t = d->verify.s;
		n = d->verify.len;
		svg_trim(&t, &n);
		attr = 1;
	}
	if (!n)
		return err_set(d->err, ERR_NOTFOUND, "empty '%s' element", k->local);
	if (!svg_text_ok(t, n))
		return err_set(d->err, ERR_PARSE, "control character in credential text");
	out->image = BAKED_SVG;
	out->gen = k->gen;
	out->text = svg_dup(t, n);
	out->len = n;
	out->from_attr = attr;
	out->legacy_text = 0;
	return 0;
}

/* data is borrowed.  On success *out is filled and the caller owns
 * out->text (baked_release()): the body (CDATA and decoded text) trimmed,
 * or else the decoded, trimmed verify attribute.  On error *out is
 * untouched. */
int svg_extract(const uint8_t *data, size_t len, struct baked *out, struct err *err)
{
	struct svg_doc d;
	int ret = -1;

	svg_doc_init(&d, data, len, err);
	if (svg_scan(&d) < 0)
		goto out;
	if (!d.ncreds)
		err_set(err, ERR_NOTFOUND, "no baked credential in SVG image");
	else if (d.ncreds > 1)
		err_set(err, ERR_AMBIGUOUS, "%zu baked credential elements in SVG image", d.ncreds);
	else
		ret = svg_take_text(&d, out);
out:
	svg_doc_release(&d);
	return ret;
}

/* ---- baking ------------------------------------------------------------ */

static const struct svg_kind *svg_kind_for(enum baked_gen gen)
{
	for (size_t i = 0; i < ARRAY_SIZE(svg_kinds); i++)
		if (svg_kinds[i].gen == gen)
			return &svg_kinds[i];
	return NULL;
}

static const struct svg_ns *svg_root_ns(const struct svg_doc *d, const char *prefix)
{
	for (size_t i = 0; i < d->root_nns; i++)
		if (svg_str_is(d->ns[i].prefix, prefix))
			return &d->ns[i];
	return NULL;
}

/* Chooses "openbadges", or "openbadges2", "openbadges3"... when the root
 * binds it to another namespace (the old binding is other bytes of the
 * image, which we keep).  Returns 1 when the root needs a declaration,
 * 0 when it has one already.  The root declares at most SVG_MAX_NS
 * prefixes, so one of the first SVG_MAX_NS + 1 candidates is free. */
static int svg_pick_prefix(struct svg_doc *d, const struct svg_kind *k, char *prefix, size_t size)
{
	for (unsigned n = 1;; n++) {
		const struct svg_ns *ns;

		if (n == 1)
			snprintf(prefix, size, "openbadges");
		else
			snprintf(prefix, size, "openbadges%u", n);
		ns = svg_root_ns(d, prefix);
		if (!ns)
			break;
		if (svg_str_is((struct svg_str){ ns->uri, ns->len }, k->uri))
			return 0;
	}
	if (d->max_nns == SVG_MAX_NS)	/* we would refuse our own output */
		return err_set(d->err, ERR_TOOBIG, "no room for one more namespace declaration");
	return 1;
}

/* "]]>" cannot appear inside CDATA: end the section between "]]" and ">". */
static int svg_put_cdata(const char *text, size_t tlen, struct buf *out, struct err *err)
{
	const char *end;

	while ((end = memmem(text, tlen, "]]>", 3))) {
		size_t n = end - text + 2;

		if (buf_add(out, text, n, err) < 0 || buf_adds(out, "]]><![CDATA[", err) < 0)
			return -1;
		text += n;
		tlen -= n;
	}
	return buf_add(out, text, tlen, err);
}

static const char *svg_escape_of(char c)
{
	for (size_t i = 0; i < ARRAY_SIZE(svg_escapes); i++)
		if (svg_escapes[i].c == c)
			return svg_escapes[i].ref;
	return NULL;
}

static int svg_put_escaped(const char *text, size_t tlen, struct buf *out, struct err *err)
{
	size_t run = 0;

	for (size_t i = 0; i < tlen; i++) {
		const char *ref = svg_escape_of(text[i]);

		if (!ref)
			continue;
		if (buf_add(out, text + run, i - run, err) < 0 || buf_adds(out, ref, err) < 0)
			return -1;
		run = i + 1;
	}
	return buf_add(out, text + run, tlen - run, err);
}

/* JSON goes in the body as CDATA, anything else (a compact JWS, a URL)
 * in the verify attribute of an empty element. */
static int svg_is_json(const char *text, size_t tlen)
{
	svg_trim(&text, &tlen);
	return tlen && text[0] == '{';
}

static int svg_put_element(const struct svg_kind *k, const char *prefix, const char *text,
			   size_t tlen, struct buf *out, struct err *err)
{
	if (svg_is_json(text, tlen)) {
		if (buf_addf(out, err, "<%s:%s><![CDATA[", prefix, k->local) < 0 ||
		    svg_put_cdata(text, tlen, out, err) < 0 ||
		    buf_addf(out, err, "]]></%s:%s>", prefix, k->local) < 0)
			return -1;
		return 0;
	}
	if (buf_addf(out, err, "<%s:%s verify=\"", prefix, k->local) < 0 ||
	    svg_put_escaped(text, tlen, out, err) < 0 || buf_adds(out, "\"/>", err) < 0)
		return -1;
	return 0;
}

/* Copies the rest of the image, leaving out every credential element. */
static int svg_put_rest(const struct svg_doc *d, size_t from, struct buf *out)
{
	for (size_t i = 0; i < d->ncreds; i++) {
		const struct svg_cred *c = &d->creds[i];

		if (c->start < from)
			continue;	/* nested in one already left out */
		if (buf_add(out, d->s + from, c->start - from, d->err) < 0)
			return -1;
		from = c->end;
	}
	return buf_add(out, d->s + from, d->len - from, d->err);
}

static int svg_write(struct svg_doc *d, const struct svg_kind *k, const char *text, size_t tlen,
		     struct buf *out)
{
	char prefix[32];
	int declare = svg_pick_prefix(d, k, prefix, sizeof(prefix));

	if (declare < 0 || buf_add(out, d->s, d->root_close, d->err) < 0)
		return -1;
	if (declare && buf_addf(out, d->err, " xmlns:%s=\"%s\"", prefix, k->uri) < 0)
		return -1;
	if (buf_addc(out, '>', d->err) < 0 || svg_put_element(k, prefix, text, tlen, out, d->err) < 0)
		return -1;
	if (!d->root_empty)
		return svg_put_rest(d, d->root_close + 1, out);
	/* <svg .../> has no content (so no credential): give it an end tag */
	if (buf_addf(out, d->err, "</%.*s>", (int)d->root_name.len, d->root_name.s) < 0)
		return -1;
	return buf_add(out, d->s + d->root_close + 2, d->len - d->root_close - 2, d->err);
}

/* img and text are borrowed; the result is appended to the caller's out,
 * which is left as it was on error.  Surrounding whitespace of text is
 * not baked (extraction trims it); every other byte of img is kept. */
int svg_bake(const uint8_t *img, size_t len, enum baked_gen gen,
	     const char *text, size_t tlen, struct buf *out, struct err *err)
{
	const struct svg_kind *k = svg_kind_for(gen);
	size_t start = out->len;
	struct svg_doc d;
	int ret;

	if (!k)
		return err_set(err, ERR_USAGE, "unknown credential generation %d", (int)gen);
	/* JSON is baked byte for byte (CDATA keeps white space); a JWS or URL
	 * in an attribute is the token alone. */
	if (!svg_is_json(text, tlen))
		svg_trim(&text, &tlen);
	if (!svg_is_json(text, tlen) && !tlen)
		return err_set(err, ERR_USAGE, "empty credential text");
	if (tlen > SVG_MAX_TEXT)
		return err_set(err, ERR_TOOBIG, "credential text exceeds %zu bytes", SVG_MAX_TEXT);
	if (!svg_text_ok(text, tlen))
		return err_set(err, ERR_USAGE, "credential text has control characters XML cannot carry");
	svg_doc_init(&d, img, len, err);
	ret = svg_scan(&d);
	if (!ret)
		ret = svg_write(&d, k, text, tlen, out);
	if (ret < 0)
		svg_truncate(out, start);
	svg_doc_release(&d);
	return ret;
}
