/* nquads.h — N-Quads (https://www.w3.org/TR/n-quads/): a strict parser
 * and the canonical serialization RDFC-1.0 hashes and signs
 * (https://www.w3.org/TR/rdf-canon/#canonical-quads).
 *
 * Terms are C strings (rdf.h), so a literal cannot hold U+0000 as such:
 * the parser stores it as the two bytes C0 80 ("modified UTF-8", as Java
 * does) and the serializer writes those bytes back as \u0000.  Everything
 * else in a term is well-formed UTF-8.
 *
 * The serializer writes exactly one form per term: IRIs raw between < >,
 * blank nodes as _:label, literals with ECHAR for \b \t \n \f \r \" \\,
 * \uXXXX (upper-case hex) for U+0000-U+0007, U+000B, U+000E-U+001F and
 * U+007F and for U+FFFE and U+FFFF, which are not XML Chars (RDFC-1.0;
 * rdf-canonize writes these two raw: tests/conformance/DEVIATIONS,
 * [non-xml-char]), every other character raw; the xsd:string datatype is
 * left out.  A term that has no
 * N-Quads form (an IRI with a space, a bad blank node label or language
 * tag, invalid UTF-8, a literal subject...) fails with ERR_FORMAT rather
 * than produce text that does not parse back.
 */
#ifndef SATCHEL_NQUADS_H
#define SATCHEL_NQUADS_H

#include <stddef.h>
#include "satchel/buf.h"
#include "satchel/rdf.h"

/* Parses text (len bytes, not necessarily NUL-terminated) and appends its
 * quads to out, which the caller has initialised and owns.  Accepts the
 * whole N-Quads grammar: IRIs (absolute, with \u and \U escapes), blank
 * nodes, literals with ECHAR/UCHAR escapes, language tags and datatypes,
 * comments, CR/LF line ends and an optional graph label.  Duplicates are
 * kept (a caller that needs a set de-duplicates, as the serializer and
 * RDFC do).  On error returns -1 with ERR_PARSE and a message naming the
 * line ("line 3: ..."); out then holds what it held before the call. */
int nquads_parse(const char *text, size_t len, struct rdf_dataset *out, struct err *err);

/* Appends the canonical form of one term (IRI, blank node or literal) to
 * out.  On error (ERR_FORMAT, or ERR_TOOBIG at out->max) out is unchanged. */
int nquads_term(const struct rdf_term *t, struct buf *out, struct err *err);

/* The interned sym of iri (rdf.h), made on first use and kept until
 * nquads_sym_cleanup: borrowed, the same pointer for the same IRI.  NULL
 * when iri is NULL or has no N-Quads form, or when the table is full
 * (SYM_MAX IRIs); the caller then uses the plain string.  Process-wide
 * state, like the cache of processed contexts: not for threads. */
const struct rdf_sym *nquads_sym(const char *iri);
/* Frees every sym; no dataset holding one may be used after. */
void nquads_sym_cleanup(void);

/* The length of the leading run of s[0..n) that an IRIREF holds as it
 * is: ASCII other than the controls, space and <>"{}|^`\.  It stops at
 * any other byte, an excluded one or the first of a UTF-8 sequence
 * (which the caller judges).  Shared with the JSON-LD IRI check. */
size_t nquads_iri_run(const char *s, size_t n);

/* Appends one canonical line, "s p o [g] .\n", to out; the graph is left
 * out for the default graph (g.kind == RDF_NONE).  Checks the term kinds
 * for each position.  On error out is unchanged. */
int nquads_quad(const struct rdf_quad *q, struct buf *out, struct err *err);

/* Appends the whole dataset as canonical N-Quads: one line per distinct
 * quad, lines sorted by code point (byte order of the UTF-8).  Blank node
 * labels are written as they are; RDFC relabels them (rdfc.h).  On error
 * out is unchanged. */
int nquads_serialize(const struct rdf_dataset *ds, struct buf *out, struct err *err);

/* Sorts the n lines spans[] (each ending in "\n") by code point and, when
 * unique is set, drops duplicates; returns the new count.  Shared with
 * rdfc.c, which also sorts lines that must keep their duplicates. */
struct nquads_line {
	const char *s;
	size_t len;
};
size_t nquads_sort_lines(struct nquads_line *spans, size_t n, int unique);

#endif
