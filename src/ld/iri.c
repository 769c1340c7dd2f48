/* iri.c — keywords, IRI classification and RFC 3986 reference resolution
 * for the JSON-LD modules (ld-internal.h). */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/buf.h"
#include "satchel/nquads.h"
#include "satchel/xalloc.h"

static const char *const keywords[] = {	/* sorted, for bsearch */
	"@base", "@container", "@context", "@direction", "@graph", "@id", "@import",
	"@included", "@index", "@json", "@language", "@list", "@nest", "@none",
	"@prefix", "@propagate", "@protected", "@reverse", "@set", "@type", "@value",
	"@version", "@vocab",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int ld_is_keyword(const char *s)
{
	if (!s || s[0] != '@')
		return 0;
	return bsearch(&s, keywords, sizeof(keywords) / sizeof(keywords[0]), sizeof(keywords[0]),
		       cmp_str) != NULL;
}

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* "@" followed by one or more ALPHA: reserved for future keywords, so
 * such terms are ignored rather than defined. */
int ld_keyword_form(const char *s)
{
	if (!s || s[0] != '@' || !s[1])
		return 0;
	for (s++; *s; s++)
		if (!is_alpha((unsigned char)*s))
			return 0;
	return 1;
}

/* Length of a scheme at the start of s, 0 when there is none. */
static size_t scheme_len(const char *s)
{
	size_t i = 0;

	if (!is_alpha((unsigned char)s[0]))
		return 0;
	while (is_alpha((unsigned char)s[i]) || is_digit((unsigned char)s[i]) || s[i] == '+' ||
	       s[i] == '-' || s[i] == '.')
		i++;
	return s[i] == ':' ? i : 0;
}

int ld_is_absolute_iri(const char *s)
{
	size_t i;

	if (!s || !scheme_len(s))
		return 0;
	for (i = 0; s[i]; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return 0;
	return 1;
}

int ld_is_bnode(const char *s)
{
	return s && s[0] == '_' && s[1] == ':';
}

/* An IRI as RDF accepts it: a scheme, none of the characters that
 * IRIREF excludes (controls, space, <>"{}|^`\) and at most one '#'
 * (RFC 3987 has no '#' inside a fragment).  Asked of every IRI a
 * credential yields, so the N-Quads scanner skips the allowed ASCII 16
 * bytes at a time. */
int ld_iri_well_formed(const char *s)
{
	const char *hash;
	size_t n, i;

	if (!s || !scheme_len(s))
		return 0;
	n = strlen(s);
	for (i = 0; (i += nquads_iri_run(s + i, n - i)) < n; i++)
		if ((unsigned char)s[i] < 0x80)
			return 0;	/* an excluded ASCII byte; others are UTF-8 */
	hash = memchr(s, '#', n);
	return !hash || !memchr(hash + 1, '#', n - (size_t)(hash + 1 - s));
}

/* BCP 47 in its simple shape: 1-8 letters, then -subtags of 1-8
 * alphanumerics. */
int ld_lang_well_formed(const char *s)
{
	size_t n = 0;
	int first = 1;

	if (!s || !*s)
		return 0;
	for (; ; s++) {
		if (*s == '-' || !*s) {
			if (n == 0 || n > 8)
				return 0;
			if (!*s)
				return 1;
			n = 0;
			first = 0;
			continue;
		}
		if (!(is_alpha((unsigned char)*s) || (!first && is_digit((unsigned char)*s))))
			return 0;
		n++;
	}
}

/* ---- RFC 3986 section 5.2 ------------------------------------------- */

struct iri_parts {
	const char *scheme, *auth, *path, *query, *frag;
	size_t scheme_n, auth_n, path_n, query_n, frag_n;
	int has_scheme, has_auth, has_query, has_frag;
};

static void iri_split(const char *s, struct iri_parts *p)
{
	size_t n = scheme_len(s);

	memset(p, 0, sizeof(*p));
	if (n) {
		p->has_scheme = 1;
		p->scheme = s;
		p->scheme_n = n;
		s += n + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		p->has_auth = 1;
		p->auth = s + 2;
		p->auth_n = strcspn(p->auth, "/?#");
		s = p->auth + p->auth_n;
	}
	p->path = s;
	p->path_n = strcspn(s, "?#");
	s += p->path_n;
	if (*s == '?') {
		p->has_query = 1;
		p->query = s + 1;
		p->query_n = strcspn(p->query, "#");
		s = p->query + p->query_n;
	}
	if (*s == '#') {
		p->has_frag = 1;
		p->frag = s + 1;
		p->frag_n = strlen(p->frag);
	}
}

/* Drops the last segment (and its "/") already written to out. */
static void pop_segment(struct buf *out)
{
	while (out->len > 0 && out->s[out->len - 1] != '/')
		out->len--;
	if (out->len > 0)
		out->len--;
	out->s[out->len] = '\0';
}

/* remove_dot_segments (RFC 3986 5.2.4) of in[0..n) appended to out. */
static void remove_dots(const char *in, size_t n, struct buf *out)
{
	const char *end = in + n;
	size_t seg;

	while (in < end) {
		size_t left = (size_t)(end - in);

		if (left >= 3 && !memcmp(in, "../", 3)) {
			in += 3;
		} else if (left >= 2 && !memcmp(in, "./", 2)) {
			in += 2;
		} else if (left >= 3 && !memcmp(in, "/./", 3)) {
			in += 2;
		} else if (left == 2 && !memcmp(in, "/.", 2)) {
			in += 1;
			buf_addc(out, '/', NULL);
			in = end;
		} else if (left >= 4 && !memcmp(in, "/../", 4)) {
			in += 3;
			pop_segment(out);
		} else if (left == 3 && !memcmp(in, "/..", 3)) {
			pop_segment(out);
			buf_addc(out, '/', NULL);
			in = end;
		} else if ((left == 1 && in[0] == '.') || (left == 2 && !memcmp(in, "..", 2))) {
			in = end;
		} else {
			seg = 1;
			while (in + seg < end && in[seg] != '/')
				seg++;
			buf_add(out, in, seg, NULL);
			in += seg;
		}
	}
}

/* The path of the target when the reference has no scheme or authority. */
static void merge_path(const struct iri_parts *b, const struct iri_parts *r, struct buf *path)
{
	struct buf m;
	size_t keep;

	if (r->path_n && r->path[0] == '/') {
		remove_dots(r->path, r->path_n, path);
		return;
	}
	buf_init(&m, 0);
	if (b->has_auth && b->path_n == 0) {
		buf_addc(&m, '/', NULL);
	} else {
		keep = b->path_n;
		while (keep > 0 && b->path[keep - 1] != '/')
			keep--;
		buf_add(&m, b->path, keep, NULL);
	}
	buf_add(&m, r->path, r->path_n, NULL);
	remove_dots(m.s, m.len, path);
	buf_release(&m);
}

static void add_part(struct buf *out, const char *pre, const char *s, size_t n)
{
	buf_adds(out, pre, NULL);
	buf_add(out, s, n, NULL);
}

static char *compose(const struct iri_parts *b, const struct iri_parts *r, const struct buf *path)
{
	const struct iri_parts *a = r->has_auth ? r : b;
	const struct iri_parts *q = (r->has_auth || r->path_n || r->has_query) ? r : b;
	struct buf out;

	buf_init(&out, 0);
	add_part(&out, "", b->scheme, b->scheme_n);
	buf_addc(&out, ':', NULL);
	if (a->has_auth)
		add_part(&out, "//", a->auth, a->auth_n);
	buf_add(&out, path->s, path->len, NULL);
	if (q->has_query)
		add_part(&out, "?", q->query, q->query_n);
	if (r->has_frag)
		add_part(&out, "#", r->frag, r->frag_n);
	return buf_detach(&out, NULL);
}

char *ld_iri_resolve(const char *base, const char *ref)
{
	struct iri_parts b, r;
	struct buf path;
	char *res;

	if (!base)
		return xstrdup(ref);
	iri_split(ref, &r);
	if (r.has_scheme)
		return xstrdup(ref);
	iri_split(base, &b);
	if (!b.has_scheme)
		return xstrdup(ref);
	buf_init(&path, 0);
	if (r.has_auth)
		remove_dots(r.path, r.path_n, &path);
	else if (r.path_n == 0)
		buf_add(&path, b.path, b.path_n, NULL);
	else
		merge_path(&b, &r, &path);
	res = compose(&b, &r, &path);
	buf_release(&path);
	return res;
}
