/* ld-internal.h — what the JSON-LD modules of src/ld/ share (not public;
 * the API is include/satchel/jsonld.h).
 *
 * Ownership: an active context (struct ld_ctx) and a term definition
 * (struct ld_term) are reference counted and immutable once built; a
 * context holds a reference to each of its terms, to its previous context
 * and to the contexts cached in its memo.  Functions returning a context
 * return a new reference.  json_t values follow jansson's rules: "_new"
 * setters steal, returned json_t * are new references unless documented
 * as borrowed.
 */
#ifndef SATCHEL_LD_INTERNAL_H
#define SATCHEL_LD_INTERNAL_H

#include <stddef.h>
#include <jansson.h>
#include "satchel/err.h"
#include "satchel/jsonld.h"
#include "satchel/nquads.h"

#define LD_MAX_REMOTE	10	/* nested remote context loads */
#define LD_MAX_DEPTH	256	/* nested scoped-context processing */
/* Term definitions copied while processing contexts, per call: bounds
 * the time a hostile context (thousands of terms, each with a scoped
 * context checked against all the others) can take. */
#define LD_MAX_WORK	(4UL * 1000 * 1000)

/* Container mapping bits. */
enum {
	LD_C_LIST = 1 << 0,
	LD_C_SET = 1 << 1,
	LD_C_GRAPH = 1 << 2,
	LD_C_ID = 1 << 3,
	LD_C_INDEX = 1 << 4,
	LD_C_LANGUAGE = 1 << 5,
	LD_C_TYPE = 1 << 6,
};

struct ld_term {
	int refs;
	char *key;
	char *iri;		/* IRI, blank node id or keyword; NULL = null mapping */
	char *type;		/* type mapping, or NULL */
	char *lang;		/* language mapping when has_lang (NULL = @language null) */
	char *dir;		/* direction mapping when has_dir (NULL = null) */
	char *index;		/* index mapping, or NULL */
	char *nest;		/* nest value, or NULL */
	json_t *context;	/* scoped context (may be json null), or NULL */
	char *ctx_base;		/* base URL for the scoped context */
	unsigned container;	/* LD_C_* */
	unsigned has_lang : 1, has_dir : 1, prefix : 1, protect : 1, reverse : 1;
	unsigned wf : 1;	/* iri is an absolute, well-formed IRI (ld_well_formed) */
	size_t iri_hash;	/* ld_hash_str(iri), 0 for a null mapping */
	const struct rdf_sym *sym;	/* wf: iri interned (nquads_sym), or NULL */
	/* type when it is a well-formed IRI a literal keeps as its datatype
	 * (not xsd:string or rdf:langString), interned; else NULL. */
	const struct rdf_sym *type_sym;
};

#define LD_KW_ALIASES 8

struct ld_ctx {
	int refs;
	char *base;		/* base IRI, NULL when none */
	char *orig_base;	/* original base URL of the document */
	char *vocab;		/* vocabulary mapping, or NULL */
	char *lang;		/* default language, or NULL */
	char *dir;		/* default base direction, or NULL */
	struct ld_ctx *prev;	/* previous context (non-propagated), or NULL */
	/* Open addressing, cap a power of two.  A slot keeps its key's hash
	 * next to the term, so that a probe past another key compares two
	 * words instead of following the term to its key (a context's terms
	 * are spread over the heap; a look-up per key of every map). */
	struct ld_slot {
		size_t hash;		/* ld_hash_str(t->key) */
		struct ld_term *t;	/* NULL: empty */
	} *slots;
	size_t cap, n;
	size_t nprotected;
	/* The terms whose IRI is a keyword (aliases like "id", "type"), not
	 * owned (slots hold them), so that ld_expands_to, asked of every key
	 * of every map several times, needs no hash look-up; past
	 * LD_KW_ALIASES of them it looks up as before (kw_over). */
	const struct ld_term *kw[LD_KW_ALIASES];
	unsigned nkw, kw_over;
	/* Terms whose key has a ':' (rare: a compact IRI or an IRI used as
	 * a term).  Without any, a value with a ':' is no term, and
	 * ld_expand_iri need not hash a long IRI to look it up. */
	size_t ncolon;
};

/* Per-call settings and the error sink. */
struct ld_env {
	int mode10;		/* json-ld-1.0 processing mode */
	int safe;
	int rdf_direction;
	int generalized;
	unsigned depth;
	unsigned long work;	/* see LD_MAX_WORK */
	struct err *err;
};

/* ---- errors (jsonld.c) -------------------------------------------- */
/* "detail (code)" with ERR_PARSE; returns -1. */
int ld_error(struct ld_env *env, const char *code, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Safe-mode failure "safe mode: detail" with ERR_FORMAT; returns -1. */
int ld_unsafe(struct ld_env *env, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* ---- small JSON helpers (jsonld.c) --------------------------------- */
/* Keys of obj sorted by code point; the caller frees the array (the
 * strings are borrowed from obj). */
const char **ld_sorted_keys(json_t *obj, size_t *n);
/* Appends v (or each element of v when it is an array) to arr. */
void ld_append(json_t *arr, json_t *v);
/* obj[key] as an array: adds v to it, creating it if missing. */
void ld_add_value(json_t *obj, const char *key, json_t *v);
/* A new reference: v itself when it is an array, else [v]. */
json_t *ld_as_array(json_t *v);
int ld_is_scalar(const json_t *v);
/* ASCII lower-case copy (NULL gives ""); caller frees.  Language tags are
 * compared and signed lower-cased, as the reference implementation
 * (jsonld.js) does and the specification allows. */
char *ld_lowercase(const char *s);

/* ---- IRIs and keywords (iri.c) ------------------------------------- */
int ld_is_keyword(const char *s);
int ld_keyword_form(const char *s);
int ld_is_absolute_iri(const char *s);
int ld_is_bnode(const char *s);
int ld_iri_well_formed(const char *s);
int ld_lang_well_formed(const char *s);
/* Resolves ref against base (RFC 3986 section 5.2); caller owns it. */
char *ld_iri_resolve(const char *base, const char *ref);

/* ---- active contexts (context.c, term.c) --------------------------- */
/* FNV-1a of s (ctxobj.c): the term table's hash. */
size_t ld_hash_str(const char *s);
struct ld_ctx *ld_ctx_new(const char *base);
struct ld_ctx *ld_ctx_ref(struct ld_ctx *c);
void ld_ctx_unref(struct ld_ctx *c);
struct ld_ctx *ld_ctx_copy(const struct ld_ctx *c);
const struct ld_term *ld_ctx_term(const struct ld_ctx *c, const char *key);
/* Replaces (t != NULL, reference taken) or removes the term of key. */
void ld_ctx_set_term(struct ld_ctx *c, const char *key, struct ld_term *t);
void ld_term_unref(struct ld_term *t);
/* The memo of processed contexts (ctxobj.c): keyed by the active context,
 * the local context (kj by identity, or ks by value), base and flags. */
struct ld_ctx *ld_memo_get(struct ld_ctx *c, json_t *kj, const char *ks, const char *base,
			   unsigned flags);
void ld_memo_put(struct ld_ctx *c, json_t *kj, const char *ks, const char *base, unsigned flags,
		 struct ld_ctx *result);

enum {
	LD_PROC_OVERRIDE = 1 << 0,	/* override protected */
	LD_PROC_NOPROPAGATE = 1 << 1,	/* propagate = false */
	LD_PROC_NOVALIDATE = 1 << 2,	/* validate scoped context = false */
	LD_PROC_BYVALUE = 1 << 3,	/* memo key: local's content, not identity */
};

/* Remote-context chain for cycle and overflow detection. */
struct ld_remote {
	const char *urls[LD_MAX_REMOTE + 1];
	size_t n;
};

/* The Context Processing algorithm: a new context from active + local,
 * or NULL with env->err set. */
struct ld_ctx *ld_ctx_process(struct ld_env *env, struct ld_ctx *active, json_t *local,
			      const char *base, unsigned flags, const struct ld_remote *remote);

/* The Create Term Definition algorithm (term.c). */
struct ld_define {
	struct ld_env *env;
	struct ld_ctx *active;		/* being built */
	json_t *local;			/* the local context map */
	json_t *defined;		/* term -> true / false */
	const char *base;
	const struct ld_remote *remote;
	unsigned flags;
	int protect;			/* @protected of the context */
};
int ld_term_create(struct ld_define *d, const char *term);

/* IRI expansion; returns a new string (NULL for a null result) and sets
 * *failed on error.  With d != NULL, terms of d->local are defined on
 * demand (during context processing). */
char *ld_expand_iri(struct ld_env *env, const struct ld_ctx *c, const char *value, int doc_rel,
		    int vocab, struct ld_define *d, int *failed);

/* ---- loader.c --------------------------------------------------------- */
/* Borrowed document for url (cached), or NULL with env->err set. */
json_t *ld_load_document(struct ld_env *env, const char *url);
void ld_loader_cleanup(void);
void ld_ctx_cache_cleanup(void);

/* ---- expansion, node map, RDF (expand.c, nodemap.c, tordf.c, jcs.c) -- */
json_t *ld_expand(struct ld_env *env, struct ld_ctx *c, const char *prop, json_t *elem,
		  const char *base, int from_map, int *failed);
/* Steps 7 to 11 of the Expansion algorithm for the map elem: *active (a
 * reference, replaced) becomes the context for its entries, *type_ctx (a
 * new reference, NULL before step 11) the one its @type values expand in.
 * Returns -1 with env->err set. */
int ld_map_contexts(struct ld_env *env, struct ld_ctx **active, struct ld_ctx **type_ctx,
		    json_t *elem, const struct ld_term *scoped, int from_map, const char *base);
json_t *ld_expand_value(struct ld_env *env, const struct ld_ctx *c, const char *prop, json_t *v,
			int *failed);

struct ld_issuer {
	json_t *map;		/* old label -> new label */
	unsigned long counter;
};
char *ld_issue(struct ld_issuer *is, const char *old);
int ld_node_map(struct ld_env *env, json_t *elem, json_t *map, const char *graph,
		json_t *subject, const char *prop, json_t *list, struct ld_issuer *is);
int ld_to_rdf(struct ld_env *env, json_t *node_map, struct ld_issuer *is, struct rdf_dataset *out);

/* Where triples go (tordf.c, direct.c). */
struct ld_emit {
	struct ld_env *env;
	struct ld_issuer *is;
	struct rdf_dataset *out;
	const char *graph;	/* "@default" (ld_default_graph) or a graph name */
	int pooled;		/* terms' strings from out's pool (borrowed terms) */
	struct rdf_term last_s;	/* pooled: the subject of the triple before */
};
/* "@default"; a graph set to this very string is told without strcmp. */
extern const char ld_default_graph[];
/* Whether g names the default graph. */
int ld_is_default_graph(const char *g);
/* Adds (s, p, o) to e's graph; s and p are IRIs or "_:" labels, copied;
 * o is taken over. */
void ld_emit_triple(struct ld_emit *e, const char *s, const char *p, struct rdf_term *o);
/* The same with the subject as a term made by ld_term_node: on a pooled
 * emitter its strings are borrowed from out's pool, and the quads of a
 * node share it, neither copied nor compared; otherwise the quad takes
 * its strings over.  The predicate is psym when set, else p. */
void ld_emit_triple_term(struct ld_emit *e, const struct rdf_term *s, const char *p,
			 const struct rdf_sym *psym, struct rdf_term *o);
/* The term of an IRI or "_:" label id, its string copied (from out's
 * pool when e->pooled). */
void ld_term_node(struct ld_emit *e, struct rdf_term *t, const char *id);
/* The term of an interned IRI: its string borrowed from sym, which lives
 * until jsonld_cleanup. */
void ld_term_sym(struct rdf_term *t, const struct rdf_sym *sym);
/* A well-formed IRI, or a "_:" label that is not empty. */
int ld_well_formed(const char *id);
/* Object to RDF of the value object {@value: v, @type: type, @language:
 * lang, @direction: dir} (each may be NULL); type_sym, when not NULL, is
 * type's term's type_sym (checked and interned already).  o->kind stays
 * RDF_NONE when nothing results.  Returns -1 with env->err set (safe
 * mode). */
int ld_value_literal(struct ld_emit *e, json_t *v, const char *type,
		     const struct rdf_sym *type_sym, const char *lang, const char *dir,
		     struct rdf_term *o);
/* The dataset is a set: sorts the quads from start on and drops
 * duplicates (the node map does not look for them, see nodemap.c). */
void ld_dedupe(struct rdf_dataset *ds, size_t start);

/* The direct path (direct.c): RDF straight from the compacted document
 * for the documents credentials are made of, with blank nodes labelled
 * in an order of its own.  Returns 0 with the quads appended to out, or
 * 1 when the document needs the general algorithms (out unchanged,
 * is reset); it never fails on its own. */
int ld_direct_to_rdf(struct ld_env *env, struct ld_ctx *c, json_t *doc, const char *base,
		     struct ld_issuer *is, struct rdf_dataset *out);

/* JCS (RFC 8785) canonical JSON; caller owns the string, NULL on a value
 * JSON cannot hold (NaN). */
char *ld_jcs(const json_t *v);
/* ECMAScript Number::toString of d into out (at least 32 bytes). */
void ld_js_number(double d, char *out, size_t n);

#endif
