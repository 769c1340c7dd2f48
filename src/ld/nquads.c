/* nquads.c — N-Quads parser and canonical serializer (include/satchel/nquads.h).
 *
 * Grammar: https://www.w3.org/TR/n-quads/#sec-grammar; canonical form:
 * https://www.w3.org/TR/rdf-canon/#canonical-quads.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/nquads.h"
#include "satchel/xalloc.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define KIND(k)		(1u << (k))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char hex_upper[] = "0123456789ABCDEF";

#define ESC_MAX 12		/* "\uXXXX" plus the worst case snprintf can see */

/* ---- characters ------------------------------------------------------ */

/* Decodes one UTF-8 sequence at p: returns its length and sets *cp, or 0
 * for an invalid, overlong, surrogate or out-of-range one.  Continuation
 * bytes are checked in order, so a NUL stops it before end is reached. */
static size_t utf8_get(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	uint32_t c = p[0];
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	n = c >= 0xF8 ? 0 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
	if (!n || (size_t)(end - p) < n)
		return 0;
	c &= 0x3Fu >> (n - 1);
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3Fu);
	}
	if (c < min[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* Appends cp as UTF-8; U+0000 becomes C0 80 (see nquads.h). */
static void utf8_put(struct buf *b, uint32_t cp)
{
	unsigned char s[4];
	size_t n;

	if (cp < 0x80 && cp != 0) {
		s[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (unsigned char)(0xC0 | cp >> 6);
		s[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (unsigned char)(0xE0 | cp >> 12);
		s[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		s[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (unsigned char)(0xF0 | cp >> 18);
		s[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
		s[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
		s[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	buf_add(b, s, n, NULL);		/* scratch buffers have no maximum */
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool is_alpha(uint32_t c)
{
	c |= 0x20;
	return c >= 'a' && c <= 'z';
}

static bool is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* IRIREF excludes these, raw or escaped (a table: every IRI byte meets it). */
static const bool iri_excluded[128] = {
	[0x00] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[0x10] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	[' '] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['{'] = 1, ['}'] = 1,
	['|'] = 1, ['^'] = 1, ['`'] = 1, ['\\'] = 1,
};

static bool iri_forbidden(uint32_t c)
{
	return c < 0x80 && iri_excluded[c];
}

struct cp_range {
	uint32_t lo, hi;
};

/* PN_CHARS_BASE of the N-Quads grammar. */
static const struct cp_range pn_base[] = {
	{ 'A', 'Z' }, { 'a', 'z' }, { 0xC0, 0xD6 }, { 0xD8, 0xF6 }, { 0xF8, 0x2FF },
	{ 0x370, 0x37D }, { 0x37F, 0x1FFF }, { 0x200C, 0x200D }, { 0x2070, 0x218F },
	{ 0x2C00, 0x2FEF }, { 0x3001, 0xD7FF }, { 0xF900, 0xFDCF }, { 0xFDF0, 0xFFFD },
	{ 0x10000, 0xEFFFF },
};

/* What PN_CHARS adds to PN_CHARS_U. */
static const struct cp_range pn_more[] = {
	{ '-', '-' }, { '0', '9' }, { 0xB7, 0xB7 }, { 0x300, 0x36F }, { 0x203F, 0x2040 },
};

static bool in_ranges(const struct cp_range *r, size_t n, uint32_t c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c >= r[i].lo && c <= r[i].hi)
			return true;
	return false;
}

static bool pn_chars_u(uint32_t c)
{
	return c == '_' || c == ':' || in_ranges(pn_base, ARRAY_SIZE(pn_base), c);
}

static bool pn_chars(uint32_t c)
{
	return pn_chars_u(c) || in_ranges(pn_more, ARRAY_SIZE(pn_more), c);
}

/* Length of the longest blank node label (after "_:") that starts at p:
 * (PN_CHARS_U | digit) ((PN_CHARS | '.')* PN_CHARS)?, so a trailing '.'
 * is left for the end of the statement.  0 when there is none. */
static size_t label_span(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p, *good;
	uint32_t c;
	size_t n;

	if (q >= end || !(n = utf8_get(q, end, &c)) || !(pn_chars_u(c) || is_digit(c)))
		return 0;
	q += n;
	good = q;
	while (q < end && (n = utf8_get(q, end, &c)) && (pn_chars(c) || c == '.')) {
		q += n;
		if (c != '.')
			good = q;
	}
	return (size_t)(good - p);
}

/* Length of the LANGTAG (without '@') at p: [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*. */
static size_t lang_span(const unsigned char *p, const unsigned char *end)
{
	const unsigned char *q = p, *good;

	while (q < end && is_alpha(*q))
		q++;
	if (q == p)
		return 0;
	good = q;
	while (q + 1 < end && *q == '-' && (is_alpha(q[1]) || is_digit(q[1]))) {
		q++;
		while (q < end && (is_alpha(*q) || is_digit(*q)))
			q++;
		good = q;
	}
	return (size_t)(good - p);
}

/* N-Quads has no base IRI, so every IRI needs a scheme (RFC 3987). */
static bool iri_absolute(const char *s)
{
	size_t i = 1;

	if (!is_alpha((unsigned char)s[0]))
		return false;
	while (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]) ||
	       s[i] == '+' || s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':';
}

/* ---- parser ---------------------------------------------------------- */

struct nq_parser {
	const unsigned char *p, *end;
	size_t line;
	struct buf tok;		/* the decoded text of the current term */
	struct err *err;
};

static int nq_error(struct nq_parser *ps, const char *fmt, ...) PRINTF_LIKE(2, 3);

static int nq_error(struct nq_parser *ps, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return err_set(ps->err, ERR_PARSE, "N-Quads line %zu: %s", ps->line, msg);
}

static int nq_peek(const struct nq_parser *ps)
{
	return ps->p < ps->end ? *ps->p : -1;
}

static void nq_skip_ws(struct nq_parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
		ps->p++;
}

static bool nq_at_eol(const struct nq_parser *ps)
{
	return ps->p >= ps->end || *ps->p == '\n' || *ps->p == '\r';
}

/* Consumes one CR, LF or CRLF (EOL ::= [#xD#xA]+ is several of them). */
static void nq_eol(struct nq_parser *ps)
{
	if (*ps->p == '\r' && ps->p + 1 < ps->end && ps->p[1] == '\n')
		ps->p++;
	ps->p++;
	ps->line++;
}

static void nq_skip_comment(struct nq_parser *ps)
{
	while (!nq_at_eol(ps))
		ps->p++;
}

/* One raw character; the callers decide which ones they allow. */
static int nq_char(struct nq_parser *ps, uint32_t *cp)
{
	size_t n = utf8_get(ps->p, ps->end, cp);

	if (!n)
		return nq_error(ps, "invalid UTF-8");
	ps->p += n;
	return 0;
}

/* \uXXXX or \UXXXXXXXX at ps->p (the caller has seen "\u" or "\U"). */
static int nq_uchar(struct nq_parser *ps, uint32_t *cp)
{
	int u = ps->p[1];
	size_t n = u == 'u' ? 4 : 8, i;
	uint32_t c = 0;

	if ((size_t)(ps->end - ps->p) < n + 2)
		return nq_error(ps, "truncated \\%c escape", u);
	for (i = 0; i < n; i++) {
		int d = hex_digit(ps->p[2 + i]);

		if (d < 0)
			return nq_error(ps, "bad hex digit in \\%c escape", u);
		c = c << 4 | (uint32_t)d;
	}
	if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return nq_error(ps, "\\%c escape of %lX: not a Unicode character", u,
				(unsigned long)c);
	ps->p += n + 2;
	*cp = c;
	return 0;
}

static int nq_iri_char(struct nq_parser *ps, uint32_t *cp)
{
	if (*ps->p != '\\')
		return nq_char(ps, cp);
	if (ps->p + 1 >= ps->end || (ps->p[1] != 'u' && ps->p[1] != 'U'))
		return nq_error(ps, "only \\u and \\U escapes are allowed in an IRI");
	return nq_uchar(ps, cp);
}

/* IRIREF at ps->p (on '<'); the decoded IRI goes to *out. */
static int nq_iri(struct nq_parser *ps, char **out)
{
	uint32_t c;

	buf_reset(&ps->tok);
	ps->p++;
	while (nq_peek(ps) != '>') {
		if (ps->p >= ps->end)
			return nq_error(ps, "unterminated IRI");
		if (nq_iri_char(ps, &c) < 0)
			return -1;
		if (iri_forbidden(c))
			return nq_error(ps, "character U+%04lX not allowed in an IRI",
					(unsigned long)c);
		utf8_put(&ps->tok, c);
	}
	ps->p++;
	if (!iri_absolute(ps->tok.s))
		return nq_error(ps, "relative IRI <%.200s>", ps->tok.s);
	*out = xstrndup(ps->tok.s, ps->tok.len);
	return 0;
}

static int nq_iri_term(struct nq_parser *ps, struct rdf_term *t)
{
	t->kind = RDF_IRI;
	return nq_iri(ps, &t->value);
}

static int nq_bnode_term(struct nq_parser *ps, struct rdf_term *t)
{
	size_t n;

	if (ps->end - ps->p < 2 || ps->p[1] != ':')
		return nq_error(ps, "expected '_:' of a blank node");
	ps->p += 2;
	n = label_span(ps->p, ps->end);
	if (!n)
		return nq_error(ps, "bad blank node label");
	t->kind = RDF_BNODE;
	t->value = xstrndup((const char *)ps->p, n);
	ps->p += n;
	return 0;
}

/* ECHAR or UCHAR inside a string (ps->p on the backslash). */
static int nq_string_escape(struct nq_parser *ps, uint32_t *cp)
{
	static const char unechar[128] = {
		['t'] = '\t', ['b'] = '\b', ['n'] = '\n', ['r'] = '\r',
		['f'] = '\f', ['"'] = '"', ['\''] = '\'', ['\\'] = '\\',
	};
	int c = ps->p + 1 < ps->end ? ps->p[1] : -1;

	if (c == 'u' || c == 'U')
		return nq_uchar(ps, cp);
	if (c < 0 || c >= 128 || !unechar[c])
		return nq_error(ps, "bad escape in a string");
	*cp = (unsigned char)unechar[c];
	ps->p += 2;
	return 0;
}

static bool string_plain(unsigned char c)
{
	return c != 0 && c < 0x80 && c != '"' && c != '\\' && c != '\n' && c != '\r';
}

/* STRING_LITERAL_QUOTE at ps->p (on '"'); the decoded text goes to ps->tok. */
static int nq_string(struct nq_parser *ps)
{
	uint32_t c;

	buf_reset(&ps->tok);
	ps->p++;
	for (;;) {
		const unsigned char *run = ps->p;
		int rc;

		while (ps->p < ps->end && string_plain(*ps->p))
			ps->p++;
		buf_add(&ps->tok, run, (size_t)(ps->p - run), NULL);
		if (ps->p >= ps->end || *ps->p == '\n' || *ps->p == '\r')
			return nq_error(ps, "unterminated string");
		if (*ps->p == '"')
			break;
		rc = *ps->p == '\\' ? nq_string_escape(ps, &c) : nq_char(ps, &c);
		if (rc < 0)
			return -1;
		utf8_put(&ps->tok, c);
	}
	ps->p++;
	return 0;
}

/* The optional '^^' IRIREF or LANGTAG after a string. */
static int nq_literal_suffix(struct nq_parser *ps, struct rdf_term *t)
{
	size_t n;

	nq_skip_ws(ps);
	if (nq_peek(ps) == '@') {
		ps->p++;
		n = lang_span(ps->p, ps->end);
		if (!n)
			return nq_error(ps, "bad language tag");
		t->lang = xstrndup((const char *)ps->p, n);
		ps->p += n;
		return 0;
	}
	if (ps->end - ps->p < 2 || ps->p[0] != '^' || ps->p[1] != '^')
		return 0;
	ps->p += 2;
	nq_skip_ws(ps);
	if (nq_peek(ps) != '<')
		return nq_error(ps, "expected a datatype IRI after '^^'");
	if (nq_iri(ps, &t->datatype) < 0)
		return -1;
	if (!strcmp(t->datatype, RDF_XSD_STRING)) {	/* the model's default */
		free(t->datatype);
		t->datatype = NULL;
	}
	return 0;
}

static int nq_literal_term(struct nq_parser *ps, struct rdf_term *t)
{
	if (nq_string(ps) < 0)
		return -1;
	t->kind = RDF_LITERAL;
	t->value = xstrndup(ps->tok.s, ps->tok.len);
	return nq_literal_suffix(ps, t);
}

typedef int nq_term_fn(struct nq_parser *ps, struct rdf_term *t);

/* A term is told apart by its first character. */
static const struct {
	char first;
	enum rdf_kind kind;
	nq_term_fn *parse;
} nq_terms[] = {
	{ '<', RDF_IRI, nq_iri_term },
	{ '_', RDF_BNODE, nq_bnode_term },
	{ '"', RDF_LITERAL, nq_literal_term },
};

/* Parses the term at ps->p into t if its kind is in `allowed`. */
static int nq_term(struct nq_parser *ps, struct rdf_term *t, unsigned allowed, const char *what)
{
	int c;
	size_t i;

	nq_skip_ws(ps);
	c = nq_peek(ps);
	for (i = 0; i < ARRAY_SIZE(nq_terms); i++) {
		if (c != nq_terms[i].first)
			continue;
		if (!(allowed & KIND(nq_terms[i].kind)))
			break;
		return nq_terms[i].parse(ps, t);
	}
	if (c < 0 || c == '\n' || c == '\r')
		return nq_error(ps, "missing %s", what);
	return nq_error(ps, "bad %s at '%c'", what, c >= 0x20 && c < 0x7F ? c : '?');
}

static int nq_statement(struct nq_parser *ps, struct rdf_quad *q)
{
	if (nq_term(ps, &q->s, KIND(RDF_IRI) | KIND(RDF_BNODE), "subject") < 0 ||
	    nq_term(ps, &q->p, KIND(RDF_IRI), "predicate") < 0 ||
	    nq_term(ps, &q->o, KIND(RDF_IRI) | KIND(RDF_BNODE) | KIND(RDF_LITERAL), "object") < 0)
		return -1;
	nq_skip_ws(ps);
	if (nq_peek(ps) != '.' &&
	    nq_term(ps, &q->g, KIND(RDF_IRI) | KIND(RDF_BNODE), "graph label or '.'") < 0)
		return -1;
	nq_skip_ws(ps);
	if (nq_peek(ps) != '.')
		return nq_error(ps, "expected '.' at the end of the statement");
	ps->p++;
	nq_skip_ws(ps);
	if (nq_peek(ps) == '#')
		nq_skip_comment(ps);
	if (!nq_at_eol(ps))
		return nq_error(ps, "text after the end of the statement");
	return 0;
}

/* Skips blank lines and comments; true when a statement starts at ps->p. */
static bool nq_next_statement(struct nq_parser *ps)
{
	for (;;) {
		nq_skip_ws(ps);
		if (ps->p >= ps->end)
			return false;
		if (*ps->p == '#')
			nq_skip_comment(ps);
		else if (!nq_at_eol(ps))
			return true;
		if (ps->p < ps->end)
			nq_eol(ps);
	}
}

int nquads_parse(const char *text, size_t len, struct rdf_dataset *out, struct err *err)
{
	struct nq_parser ps;
	size_t n0 = out->n;
	int rc = 0;

	ps.p = (const unsigned char *)text;
	ps.end = ps.p + len;
	ps.line = 1;
	ps.err = err;
	buf_init(&ps.tok, 0);
	while (rc == 0 && nq_next_statement(&ps)) {
		struct rdf_quad q;

		memset(&q, 0, sizeof(q));
		rc = nq_statement(&ps, &q);
		if (rc == 0)
			rdf_dataset_add(out, &q);
		rdf_quad_release(&q);
	}
	buf_release(&ps.tok);
	while (rc < 0 && out->n > n0)
		rdf_quad_release(&out->quads[--out->n]);
	if (rc < 0 && n0 == 0)	/* nothing to keep: no array either */
		rdf_dataset_release(out);
	return rc;
}

/* ---- serializer ------------------------------------------------------ */

/* ---- runs of characters written as they are --------------------------
 *
 * Most of a term is ASCII that needs neither a check nor an escape; these
 * find where such a run ends, 16 bytes a step where SSE2 is there (every
 * x86-64), one a step elsewhere.  The caller then looks at the byte the
 * run stopped at (an escape, an error or the start of a UTF-8 sequence)
 * byte by byte, as before; a run only skips bytes that need nothing. */

/* Byte classes: 1 ends a run in an IRI, 2 in a literal.  Non-ASCII ends
 * both (UTF-8 is decoded, to be checked), and so does every C0 control:
 * IRIREF excludes #x00-#x20 and < > " { } | ^ ` and the backslash; a
 * canonical literal escapes the controls, DEL, " and the backslash. */
static const unsigned char run_end[256] = {
	[0x00] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0x10] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[' '] = 1, ['"'] = 3, ['<'] = 1, ['>'] = 1, ['\\'] = 3, ['^'] = 1, ['`'] = 1,
	['{'] = 1, ['|'] = 1, ['}'] = 1, [0x7F] = 2,
	[0x80] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0x90] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xA0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xB0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xC0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xD0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xE0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	[0xF0] = 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

#define RUN_IRI		1
#define RUN_LITERAL	2

#ifdef __SSE2__
/* The bytes of v that end a run of kind, as a bit mask.  A signed
 * compare with 0x21 (0x20) catches the controls, the space for an IRI,
 * and every byte from 0x80 at once.  For an IRI, x | 2 == '>' matches
 * exactly '<' and '>', x | 2 == '^' exactly '\\' and '^', x | 1 == '}'
 * exactly '|' and '}'. */
static unsigned run_stops(__m128i v, int kind)
{
	__m128i bad;

	if (kind == RUN_IRI) {
		__m128i v1 = _mm_or_si128(v, _mm_set1_epi8(1));
		__m128i v2 = _mm_or_si128(v, _mm_set1_epi8(2));

		bad = _mm_cmplt_epi8(v, _mm_set1_epi8(0x21));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v2, _mm_set1_epi8('>')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v2, _mm_set1_epi8('^')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('`')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v1, _mm_set1_epi8('}')));
	} else {
		bad = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
		bad = _mm_or_si128(bad, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
	}
	return (unsigned)_mm_movemask_epi8(bad);
}
#endif

/* The length of the run of kind at p (n bytes). */
static size_t run_len(const unsigned char *p, size_t n, int kind)
{
	size_t i = 0;

#ifdef __SSE2__
	for (; i + 16 <= n; i += 16) {
		unsigned stops = run_stops(_mm_loadu_si128((const __m128i *)(const void *)(p + i)),
					   kind);

		if (stops)
			return i + (size_t)__builtin_ctz(stops);
	}
#endif
	while (i < n && !(run_end[p[i]] & kind))
		i++;
	return i;
}

size_t nquads_iri_run(const char *s, size_t n)
{
	return run_len((const unsigned char *)s, n, RUN_IRI);
}

static int nq_put_iri(const char *iri, struct buf *out, struct err *err)
{
	const unsigned char *p = (const unsigned char *)iri;
	size_t len, i, n;
	uint32_t c;
	char *dst;

	if (!iri)
		return err_set(err, ERR_FORMAT, "IRI term without a value");
	len = strlen(iri);
	for (i = 0; (i += run_len(p + i, len - i, RUN_IRI)) < len; i += n) {
		n = 1;
		if (p[i] < 0x80 ? iri_excluded[p[i]] :
		    !(n = utf8_get(p + i, p + len, &c)) || iri_forbidden(c))
			return err_set(err, ERR_FORMAT, "IRI <%.200s> has no N-Quads form", iri);
	}
	if (!(dst = buf_space(out, len + 2, err)))
		return -1;
	dst[0] = '<';
	memcpy(dst + 1, iri, len);
	dst[len + 1] = '>';
	return 0;
}

static int nq_write_iri(const struct rdf_term *t, struct buf *out, struct err *err)
{
	return nq_put_iri(t->value, out, err);
}

static int nq_write_bnode(const struct rdf_term *t, struct buf *out, struct err *err)
{
	const unsigned char *p = (const unsigned char *)t->value;
	size_t n = p ? strlen(t->value) : 0;

	if (!n || label_span(p, p + n) != n)
		return err_set(err, ERR_FORMAT, "bad blank node label '%.200s'",
			       p ? t->value : "");
	if (buf_add(out, "_:", 2, err) < 0)
		return -1;
	return buf_add(out, t->value, n, err);
}

/* How an ASCII character is written inside a canonical literal: 0 raw,
 * 'u' as \u00XX, any other letter as that ECHAR. */
static char literal_escape(unsigned char c)
{
	static const char echar[128] = {
		['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n', ['\f'] = 'f',
		['\r'] = 'r', ['"'] = '"', ['\\'] = '\\',
	};

	if (echar[c])
		return echar[c];
	return c < 0x20 || c == 0x7F ? 'u' : 0;
}

/* The escape for the character at p (before end), written to esc
 * (NUL-terminated, "" when the character is written raw); returns its
 * byte length, 0 for invalid UTF-8. */
static size_t literal_char(const unsigned char *p, const unsigned char *end, char esc[ESC_MAX])
{
	uint32_t c;
	size_t n;
	char e;

	esc[0] = '\0';
	if (p[0] < 0x80) {
		e = literal_escape(p[0]);
		if (e == 'u')
			snprintf(esc, ESC_MAX, "\\u00%c%c", hex_upper[p[0] >> 4], hex_upper[p[0] & 15]);
		else if (e)
			snprintf(esc, ESC_MAX, "\\%c", e);
		return 1;
	}
	if (p[0] == 0xC0 && end - p >= 2 && p[1] == 0x80) {
		strcpy(esc, "\\u0000");
		return 2;
	}
	/* U+FFFE and U+FFFF are not XML Chars: RDFC-1.0's canonical form
	 * writes them as UCHAR (SPECS.md 6.4).  rdf-canonize 5 writes them
	 * raw, so a credential signed by it over one of these characters does
	 * not verify here: tests/conformance/DEVIATIONS, [non-xml-char]. */
	n = utf8_get(p, end, &c);
	if (n && (c == 0xFFFE || c == 0xFFFF))
		snprintf(esc, ESC_MAX, "\\u%04lX", (unsigned long)c);
	return n;
}

/* Appends the escaped lexical form; raw runs are copied in one go. */
static int nq_put_escaped(const char *s, struct buf *out, struct err *err)
{
	const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + strlen(s);
	char esc[ESC_MAX];
	size_t n;

	while ((p += run_len(p, (size_t)(end - p), RUN_LITERAL)) < end) {
		if (!(n = literal_char(p, end, esc)))
			return err_set(err, ERR_FORMAT, "invalid UTF-8 in a literal");
		if (esc[0]) {
			if (buf_add(out, run, (size_t)(p - run), err) < 0 ||
			    buf_adds(out, esc, err) < 0)
				return -1;
			run = p + n;
		}
		p += n;
	}
	return buf_add(out, run, (size_t)(p - run), err);
}

static int nq_write_literal(const struct rdf_term *t, struct buf *out, struct err *err)
{
	const unsigned char *lang = (const unsigned char *)t->lang;

	if (!t->value)
		return err_set(err, ERR_FORMAT, "literal without a value");
	if (buf_addc(out, '"', err) < 0 || nq_put_escaped(t->value, out, err) < 0 ||
	    buf_addc(out, '"', err) < 0)
		return -1;
	if (lang) {
		size_t n = strlen(t->lang);

		if (!n || lang_span(lang, lang + n) != n)
			return err_set(err, ERR_FORMAT, "bad language tag '%.100s'", t->lang);
		return buf_addc(out, '@', err) < 0 ? -1 : buf_add(out, lang, n, err);
	}
	if (!t->datatype || !strcmp(t->datatype, RDF_XSD_STRING))
		return 0;
	if (buf_add(out, "^^", 2, err) < 0)
		return -1;
	return nq_put_iri(t->datatype, out, err);
}

typedef int nq_write_fn(const struct rdf_term *t, struct buf *out, struct err *err);

static nq_write_fn *const nq_writers[] = {
	[RDF_IRI] = nq_write_iri,
	[RDF_BNODE] = nq_write_bnode,
	[RDF_LITERAL] = nq_write_literal,
};

/* ---- interned IRIs ------------------------------------------------------ */

/* Past this many, nquads_sym gives NULL: contexts embedded in documents
 * cannot grow the table without end (the 42 bundled contexts map terms
 * to fewer than 900 distinct IRIs). */
#define SYM_MAX		16384

static struct rdf_sym **sym_tab;	/* open addressing, NULL = empty slot */
static size_t sym_cap, sym_count;	/* sym_cap: 0 or a power of two >= 2 sym_count */

static void sym_put(struct rdf_sym **tab, size_t cap, struct rdf_sym *sym)
{
	size_t h = (size_t)sym->hash & (cap - 1);

	while (tab[h])
		h = (h + 1) & (cap - 1);
	tab[h] = sym;
}

static void sym_grow(void)
{
	size_t cap = sym_cap ? 2 * sym_cap : 1024, i;
	struct rdf_sym **tab = xcalloc(cap, sizeof(*tab));

	for (i = 0; i < sym_cap; i++)
		if (sym_tab[i])
			sym_put(tab, cap, sym_tab[i]);
	free(sym_tab);
	sym_tab = tab;
	sym_cap = cap;
}

/* A new sym, its IRI and N-Quads text in the same block; NULL when the
 * IRI has no N-Quads form. */
static struct rdf_sym *sym_new(const char *iri, size_t len, uint64_t hash)
{
	struct err err = ERR_INIT;
	struct rdf_sym *sym;
	struct buf text;
	char *p;

	buf_init(&text, 0);
	if (nq_put_iri(iri, &text, &err) < 0) {
		buf_release(&text);
		return NULL;
	}
	sym = xmalloc(sizeof(*sym) + len + 1 + text.len + 1);
	p = (char *)(sym + 1);
	memcpy(p, iri, len + 1);
	memcpy(p + len + 1, text.s, text.len + 1);
	sym->iri = p;
	sym->len = len;
	sym->hash = hash;
	sym->nq = p + len + 1;
	sym->nqlen = text.len;
	buf_release(&text);
	return sym;
}

const struct rdf_sym *nquads_sym(const char *iri)
{
	size_t len, h;
	uint64_t hash;
	struct rdf_sym *sym;

	if (!iri)
		return NULL;
	len = strlen(iri);
	hash = rdf_hash(iri, len, RDF_HASH_SEED + RDF_IRI);
	for (h = (size_t)hash & (sym_cap - 1); sym_cap && sym_tab[h]; h = (h + 1) & (sym_cap - 1)) {
		sym = sym_tab[h];
		if (sym->hash == hash && sym->len == len && !memcmp(sym->iri, iri, len))
			return sym;
	}
	if (sym_count >= SYM_MAX || !(sym = sym_new(iri, len, hash)))
		return NULL;
	if (2 * (sym_count + 1) > sym_cap)
		sym_grow();
	sym_put(sym_tab, sym_cap, sym);
	sym_count++;
	return sym;
}

void nquads_sym_cleanup(void)
{
	size_t i;

	for (i = 0; i < sym_cap; i++)
		free(sym_tab[i]);
	free(sym_tab);
	sym_tab = NULL;
	sym_cap = sym_count = 0;
}

int nquads_term(const struct rdf_term *t, struct buf *out, struct err *err)
{
	size_t mark = out->len;

	if ((size_t)t->kind >= ARRAY_SIZE(nq_writers) || !nq_writers[t->kind])
		return err_set(err, ERR_FORMAT, "not an RDF term");
	if (nq_writers[t->kind](t, out, err) < 0) {
		buf_truncate(out, mark);
		return -1;
	}
	return 0;
}

/* The kinds each position of a quad may hold. */
static const struct {
	const char *name;
	unsigned allowed;
} nq_positions[4] = {
	{ "subject", KIND(RDF_IRI) | KIND(RDF_BNODE) },
	{ "predicate", KIND(RDF_IRI) },
	{ "object", KIND(RDF_IRI) | KIND(RDF_BNODE) | KIND(RDF_LITERAL) },
	{ "graph", KIND(RDF_NONE) | KIND(RDF_IRI) | KIND(RDF_BNODE) },
};

int nquads_quad(const struct rdf_quad *q, struct buf *out, struct err *err)
{
	const struct rdf_term *t[4] = { &q->s, &q->p, &q->o, &q->g };
	size_t mark = out->len, i;

	for (i = 0; i < 4; i++)
		if ((unsigned)t[i]->kind >= 32 || !(nq_positions[i].allowed & KIND(t[i]->kind)))
			return err_set(err, ERR_FORMAT, "a quad cannot have this kind of %s",
				       nq_positions[i].name);
	for (i = 0; i < 4; i++) {
		if (t[i]->kind == RDF_NONE)
			continue;
		if ((i && buf_addc(out, ' ', err) < 0) || nquads_term(t[i], out, err) < 0)
			goto fail;
	}
	if (buf_add(out, " .\n", 3, err) == 0)
		return 0;
fail:
	buf_truncate(out, mark);
	return -1;
}

static int line_cmp(const void *a, const void *b)
{
	const struct nquads_line *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

size_t nquads_sort_lines(struct nquads_line *spans, size_t n, int unique)
{
	size_t i, k = 0;

	if (n < 2)
		return n;
	qsort(spans, n, sizeof(*spans), line_cmp);
	if (!unique)
		return n;
	for (i = 1; i < n; i++)
		if (line_cmp(&spans[k], &spans[i]))
			spans[++k] = spans[i];
	return k + 1;
}

int nquads_serialize(const struct rdf_dataset *ds, struct buf *out, struct err *err)
{
	struct buf text;
	size_t *ends = xmalloc((ds->n + 1) * sizeof(*ends));
	struct nquads_line *spans = xmalloc((ds->n + 1) * sizeof(*spans));
	size_t i, n, mark = out->len;
	int rc = 0;

	buf_init(&text, out->max);
	for (i = 0; i < ds->n && rc == 0; i++) {
		rc = nquads_quad(&ds->quads[i], &text, err);
		ends[i] = text.len;
	}
	for (i = 0; i < ds->n && rc == 0; i++) {
		spans[i].s = text.s + (i ? ends[i - 1] : 0);
		spans[i].len = ends[i] - (i ? ends[i - 1] : 0);
	}
	n = rc == 0 ? nquads_sort_lines(spans, ds->n, 1) : 0;
	for (i = 0; i < n && rc == 0; i++)
		rc = buf_add(out, spans[i].s, spans[i].len, err);
	if (rc < 0)
		buf_truncate(out, mark);
	buf_release(&text);
	free(ends);
	free(spans);
	return rc;
}
