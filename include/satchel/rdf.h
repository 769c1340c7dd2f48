/* rdf.h — the RDF dataset model shared by JSON-LD toRdf, N-Quads and
 * RDFC-1.0 canonicalization (src/ld/).
 *
 * Terms own their strings, except borrowed ones, whose strings live in
 * a dataset's string pool (rdf_dataset_strdup) and go with the dataset.
 * A dataset owns its quads; rdf_dataset_add takes ownership of the quad's
 * strings.  Blank node labels are stored
 * without the "_:" prefix.  A literal whose datatype is NULL is an
 * xsd:string (no language) or an rdf:langString (lang set).
 */
#ifndef SATCHEL_RDF_H
#define SATCHEL_RDF_H

#include <stddef.h>
#include <stdint.h>
#include "satchel/buf.h"

#define RDF_XSD_STRING     "http://www.w3.org/2001/XMLSchema#string"
#define RDF_LANG_STRING    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

enum rdf_kind { RDF_NONE = 0, RDF_IRI, RDF_BNODE, RDF_LITERAL };

/* An IRI prepared once for the life of the process (nquads_sym in
 * nquads.h interns them): JSON-LD gives one to each IRI a context term
 * maps to, so the predicates and types of a credential carry theirs, and
 * RDFC-1.0 takes its hash and N-Quads text from it instead of working
 * them out again for every quad of every document.  Interned, so two
 * syms are the same IRI exactly when they are the same pointer. */
struct rdf_sym {
	const char *iri;
	size_t len;		/* strlen(iri) */
	uint64_t hash;		/* rdf_hash(iri, len, RDF_HASH_SEED + RDF_IRI) */
	const char *nq;		/* "<iri>", its N-Quads text */
	size_t nqlen;
};

/* The two ints share a word: a term is 40 bytes, not 48, and a
 * credential's quads fit in fewer cache lines. */
struct rdf_term {
	enum rdf_kind kind;	/* RDF_NONE only for the graph of a default-graph quad */
	int borrowed;		/* strings not the term's own (a dataset's pool, a sym) */
	char *value;		/* IRI, blank node label (no "_:"), or lexical form */
	char *datatype;		/* literals: datatype IRI, NULL for xsd:string / langString */
	char *lang;		/* literals: language tag, or NULL */
	const struct rdf_sym *sym;	/* IRIs: value's sym (value == sym->iri), or NULL */
};

struct rdf_quad {
	struct rdf_term s, p, o, g;
};

struct rdf_pool;

struct rdf_dataset {
	struct rdf_quad *quads;
	size_t n, cap;
	struct rdf_pool *pool;	/* strings of borrowed terms, or NULL */
	/* Set by a producer that made sure no two quads are equal (term by
	 * term, as N-Quads writes them): jsonld_to_rdf into an empty
	 * dataset.  RDFC-1.0 then skips its own check.  Adding a quad
	 * clears it. */
	int is_set;
	/* Set by a producer whose every term borrows its strings (from the
	 * pool or a sym): jsonld_to_rdf's direct path into an empty dataset.
	 * rdf_dataset_release then frees the quads without visiting each
	 * term, which it would read back from memory gone cold since (a
	 * credential's hundred quads are 20 KB).  Adding a quad clears it. */
	int borrows_all;
};

#define RDF_DATASET_INIT { NULL, 0, 0, NULL, 0, 0 }

void rdf_term_release(struct rdf_term *t);
void rdf_quad_release(struct rdf_quad *q);
void rdf_dataset_init(struct rdf_dataset *ds);
void rdf_dataset_release(struct rdf_dataset *ds);
/* Appends q, taking ownership of its strings (q is zeroed). */
void rdf_dataset_add(struct rdf_dataset *ds, struct rdf_quad *q);
/* Appends an empty quad (every term RDF_NONE) for the caller to fill in
 * place, before the next change of ds; ds owns what it is given. */
struct rdf_quad *rdf_dataset_push(struct rdf_dataset *ds);
/* A copy of s[0..n) and a NUL in ds's string pool, freed with the
 * dataset: producers of many terms use it (and mark them borrowed)
 * instead of a malloc per string. */
char *rdf_dataset_strdup(struct rdf_dataset *ds, const char *s, size_t n);

/* A 64-bit hash of s[0..n) for hash tables (not for security): 16 bytes
 * a step, so hashing every term of a dataset stays cheap.  Equal input
 * and seed, equal hash. */
#define RDF_HASH_SEED	0xCBF29CE484222325ull
uint64_t rdf_hash(const char *s, size_t n, uint64_t seed);

#endif
