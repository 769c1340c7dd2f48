/* rdfc.c — RDF Dataset Canonicalization RDFC-1.0 (include/satchel/rdfc.h).
 *
 * Section numbers refer to https://www.w3.org/TR/rdf-canon/.  Blank nodes
 * are interned as small integers, and so are the other terms: each
 * distinct IRI or literal is checked and serialized once, so a quad is
 * four numbers, a repeated quad is found by comparing numbers, and each
 * line hashed or written is a concatenation of prepared texts.  Lines are
 * sorted term by term (item_cmp) rather than as strings, and written
 * straight where they go.  The identifier issuers are arrays with a small
 * open-addressing index, cheap to copy for each permutation.
 *
 * The common case, a credential whose few blank nodes all have distinct
 * first-degree hashes, thus costs one pass over the input, one short sort
 * and one SHA-256 call per blank node, and one sort of the output.  The
 * algorithm itself is unchanged: Hash N-Degree Quads runs exactly as
 * before for nodes that share a first-degree hash.
 */
/* SHA-2 through its own functions rather than EVP: see struct rdfc_md.
 * Defined before any OpenSSL header, which reads it. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/opensslconf.h>
#include <openssl/sha.h>
#include "satchel/bytes.h"
#include "satchel/nquads.h"
#include "satchel/rdfc.h"
#include "satchel/xalloc.h"

#define HEX_MAX		96		/* SHA-384 in hex */
#define POS_G		3		/* positions: 0 s, 1 p, 2 o, 3 g */
#define HASH_STEPS	16		/* a hash costs about 16 steps of a permutation */

static const char rdfc_toomuch[] = "RDFC-1.0: too much work (poison graph?)";

/* A running SHA-256 or SHA-384.  RDFC-1.0 hashes a few hundred bytes per
 * blank node; through EVP each digest also cost an allocation and a
 * provider dispatch, a fifth of the work for such a size.  OpenSSL 3
 * marks these functions deprecated but keeps them, over the same
 * assembly as EVP's digests (SHA extensions where the CPU has them).
 *
 * An OpenSSL built without its deprecated functions (no-deprecated:
 * OPENSSL_NO_DEPRECATED_3_0) has no SHA256_Init; there, and when
 * SATCHEL_RDFC_EVP asks for it (test-rdfc-evp runs RDFC's tests that
 * way), the same digests go through EVP with one context that every
 * hash of a canonicalization reuses.  md_free releases it. */
#if defined(OPENSSL_NO_DEPRECATED_3_0) || defined(SATCHEL_RDFC_EVP)
#define RDFC_SHA_VIA_EVP 1
#include <openssl/evp.h>

struct rdfc_md {
	bool is384;
	EVP_MD_CTX *ctx;	/* owned; made by the first md_begin */
};

static int md_begin(struct rdfc_md *m)
{
	if (!m->ctx && !(m->ctx = EVP_MD_CTX_new()))
		return 0;
	return EVP_DigestInit_ex(m->ctx, m->is384 ? EVP_sha384() : EVP_sha256(), NULL);
}

static int md_add(struct rdfc_md *m, const void *p, size_t n)
{
	return EVP_DigestUpdate(m->ctx, p, n);
}

/* The digest into out (RDFC_DIGEST_MAX bytes); its length, 0 on failure. */
static size_t md_end(struct rdfc_md *m, unsigned char *out)
{
	unsigned int n = 0;

	return EVP_DigestFinal_ex(m->ctx, out, &n) == 1 ? n : 0;
}

static void md_free(struct rdfc_md *m)
{
	EVP_MD_CTX_free(m->ctx);
	m->ctx = NULL;
}
#else
struct rdfc_md {
	bool is384;
	union {
		SHA256_CTX s256;
		SHA512_CTX s512;
	} u;
};

static int md_begin(struct rdfc_md *m)
{
	return m->is384 ? SHA384_Init(&m->u.s512) : SHA256_Init(&m->u.s256);
}

static int md_add(struct rdfc_md *m, const void *p, size_t n)
{
	return m->is384 ? SHA384_Update(&m->u.s512, p, n) : SHA256_Update(&m->u.s256, p, n);
}

/* The digest into out (RDFC_DIGEST_MAX bytes); its length, 0 on failure. */
static size_t md_end(struct rdfc_md *m, unsigned char *out)
{
	if (m->is384)
		return SHA384_Final(out, &m->u.s512) == 1 ? SHA384_DIGEST_LENGTH : 0;
	return SHA256_Final(out, &m->u.s256) == 1 ? SHA256_DIGEST_LENGTH : 0;
}

static void md_free(struct rdfc_md *m)
{
	(void)m;	/* nothing held outside the struct */
}
#endif

struct rdfc_node {
	const char *label;	/* input label, borrowed from the dataset */
	uint64_t lhash;		/* hash_str(label), for growing the index */
	int *quads;		/* the quads that mention it, in input order */
	size_t nquads;
	char hash[HEX_MAX + 1];	/* Hash First Degree Quads */
	long canon;		/* canonical number, -1 until issued */
	char id[32];		/* "_:c14n" canon, once issued */
	size_t idlen;
};

/* A distinct IRI or literal: equal terms share one, so that each is
 * checked and serialized once and quads compare as numbers. */
struct rdfc_term {
	const struct rdf_term *src;	/* its first occurrence */
	const char *dt;			/* term_datatype(src) */
	size_t vlen;			/* strlen(src->value) */
	const char *nq;			/* its canonical text: a sym's, or NULL */
	size_t off, len;		/* (nq, or at off in the state's text) */
	uint64_t hash;
	bool indexed;			/* in st->ttab (rdfc_literal_new's are not) */
};

struct rdfc_quad {
	int bn[4];		/* blank node per position, or -1 */
	int term[4];		/* else the term, or -1 (the default graph) */
	unsigned links;		/* bit i: position i is the first to name bn[i] */
};

/* An identifier issuer (§4.3): node ids[k] was issued prefix + k. */
struct rdfc_issuer {
	int *ids;
	size_t n, cap;
	int *tab;		/* index over ids: position + 1, 0 = empty slot */
	size_t tabcap;		/* 0 or a power of two > 2 n */
};

/* The line of a quad, ready to compare and write: the text of each
 * position and a key, equal exactly when the text is (-1: no graph). */
struct rdfc_item {
	long key[4];
	const char *s[4];
	size_t len[4];
	size_t rank;		/* of the subject's text among the lines', or 0 */
};

/* A blank node label or an IRI (without a sym) looked up before, by the
 * address of its string: the dataset is not changed while it is
 * canonicalized, so one address is one string.  toRdf shares a node's
 * pooled label between its quads and the references to it, which then
 * cost neither strlen, hashing nor comparing. */
#define PTR_SLOTS	64	/* a power of two */

struct rdfc_ptr {
	const char *p;		/* NULL: empty */
	enum rdf_kind kind;
	int v;			/* node (blank node) or term number */
};

struct rdfc_state {
	struct rdfc_md md;
	bool digest_failed;
	struct rdfc_quad *quads;
	size_t nq;
	struct rdfc_node *nodes;
	size_t nn, capn;
	int *links;		/* the quads of every node, one after another */
	struct rdfc_term *terms;
	size_t nterms, nindexed;	/* terms, and those in ttab */
	struct buf text;	/* the canonical text of the terms */
	struct rdfc_ptr ptrs[PTR_SLOTS];
	bool fresh_literals;	/* literals skip the term index (a set's) */
	const struct rdf_term *prev[4];	/* per position, the last term seen */
	int prev_bn[4], prev_term[4];	/* and what it became */
	int *ttab, *ntab, *qtab;	/* indexes: terms, node labels, quads */
	size_t ttabmask, ntabmask, qtabmask;
	struct rdfc_item *items;	/* scratch for sorting lines */
	struct rdfc_item **order;
	char *scratch;		/* the lines of one first-degree hash */
	size_t scratch_cap;
	int *canon_order;	/* nodes in the order of their canonical ids */
	long *first;		/* per node, scratch for rdfc_first_perm; -1 */
	size_t ncanon;
	unsigned long calls, max_calls, steps, max_steps;
	unsigned depth;
	struct err *err;
};

/* ---- small helpers --------------------------------------------------- */

/* Writes prefix and the decimal n to dst (NUL-terminated, at most
 * strlen(prefix) + 21 bytes); returns the length.  Faster than printf,
 * and paths are made of little else. */
static size_t fmt_id(char *dst, const char *prefix, unsigned long n)
{
	char tmp[24];
	size_t i = sizeof(tmp), plen = strlen(prefix);

	do
		tmp[--i] = (char)('0' + n % 10);
	while (n /= 10);
	memcpy(dst, prefix, plen);
	memcpy(dst + plen, tmp + i, sizeof(tmp) - i);
	dst[plen + sizeof(tmp) - i] = '\0';
	return plen + sizeof(tmp) - i;
}

/* Appends prefix and n; internal buffers have no maximum. */
static void add_id(struct buf *b, const char *prefix, unsigned long n)
{
	char tmp[32];

	buf_add(b, tmp, fmt_id(tmp, prefix, n), NULL);
}

static void digest_begin(struct rdfc_state *st)
{
	if (md_begin(&st->md) != 1)
		st->digest_failed = true;
}

static void digest_add(struct rdfc_state *st, const void *p, size_t n)
{
	if (md_add(&st->md, p, n) != 1)
		st->digest_failed = true;
}

/* Finishes the digest as lower-case hex into hex (HEX_MAX + 1 bytes). */
static void digest_end(struct rdfc_state *st, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[RDFC_DIGEST_MAX];
	size_t n = md_end(&st->md, md), i;

	if (n == 0 || 2 * n > HEX_MAX)
		st->digest_failed = true, n = 0;
	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

/* Counts work against one of the two budgets; -1 past it. */
static int spend(struct rdfc_state *st, unsigned long *used, unsigned long amount,
		 unsigned long max)
{
	*used += amount;
	if (*used <= max)
		return 0;
	return err_set(st->err, ERR_TOOBIG, "%s", rdfc_toomuch);
}

/* ---- identifier issuers ---------------------------------------------- */

static size_t issuer_slot(int node, size_t mask)
{
	return ((uint32_t)node * 2654435761u) & mask;
}

static long issuer_find(const struct rdfc_issuer *is, int node)
{
	size_t mask = is->tabcap - 1, h;

	if (!is->tabcap)
		return -1;
	for (h = issuer_slot(node, mask); is->tab[h]; h = (h + 1) & mask)
		if (is->ids[is->tab[h] - 1] == node)
			return is->tab[h] - 1;
	return -1;
}

static void issuer_index(struct rdfc_issuer *is, size_t pos)
{
	size_t mask = is->tabcap - 1, h = issuer_slot(is->ids[pos], mask);

	while (is->tab[h])
		h = (h + 1) & mask;
	is->tab[h] = (int)pos + 1;
}

static void issuer_rehash(struct rdfc_issuer *is, size_t tabcap)
{
	size_t i;

	free(is->tab);
	is->tab = xcalloc(tabcap, sizeof(*is->tab));
	is->tabcap = tabcap;
	for (i = 0; i < is->n; i++)
		issuer_index(is, i);
}

/* Issue Identifier (§4.3): the number of node, issuing the next one if new. */
static size_t issuer_issue(struct rdfc_issuer *is, int node)
{
	long old = issuer_find(is, node);

	if (old >= 0)
		return (size_t)old;
	xgrow((void **)&is->ids, &is->cap, is->n + 1, sizeof(*is->ids));
	is->ids[is->n++] = node;
	if (2 * is->n >= is->tabcap)
		issuer_rehash(is, is->tabcap ? 2 * is->tabcap : 16);
	else
		issuer_index(is, is->n - 1);
	return is->n - 1;
}

static void issuer_copy(struct rdfc_issuer *dst, const struct rdfc_issuer *src)
{
	if (src->n)
		xgrow((void **)&dst->ids, &dst->cap, src->n, sizeof(*dst->ids));
	if (dst->tabcap != src->tabcap) {
		free(dst->tab);
		dst->tab = src->tabcap ? xmalloc(src->tabcap * sizeof(*dst->tab)) : NULL;
		dst->tabcap = src->tabcap;
	}
	if (src->n)
		memcpy(dst->ids, src->ids, src->n * sizeof(*dst->ids));
	if (src->tabcap)
		memcpy(dst->tab, src->tab, src->tabcap * sizeof(*dst->tab));
	dst->n = src->n;
}

static void issuer_swap(struct rdfc_issuer *a, struct rdfc_issuer *b)
{
	struct rdfc_issuer t = *a;

	*a = *b;
	*b = t;
}

static void issuer_release(struct rdfc_issuer *is)
{
	free(is->ids);
	free(is->tab);
	memset(is, 0, sizeof(*is));
}

static void canon_issue(struct rdfc_state *st, int node)
{
	struct rdfc_node *nd = &st->nodes[node];

	if (nd->canon >= 0)
		return;
	nd->canon = (long)st->ncanon;
	nd->idlen = fmt_id(nd->id, "_:c14n", (unsigned long)nd->canon);
	st->canon_order[st->ncanon++] = node;
}

/* ---- the input, as a set of prepared quads --------------------------- */

#define KIND(k)		(1u << (k))

/* The kinds each position may hold; RDFC has no generalized RDF. */
static const struct {
	const char *name;
	unsigned allowed;
} rdfc_positions[4] = {
	{ "subject", KIND(RDF_IRI) | KIND(RDF_BNODE) },
	{ "predicate", KIND(RDF_IRI) },
	{ "object", KIND(RDF_IRI) | KIND(RDF_BNODE) | KIND(RDF_LITERAL) },
	{ "graph", KIND(RDF_NONE) | KIND(RDF_IRI) | KIND(RDF_BNODE) },
};

#define HASH_SEED	RDF_HASH_SEED

static uint64_t hash_str(const char *s, uint64_t h)
{
	return s ? rdf_hash(s, strlen(s), h) : h;
}

static bool str_same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The datatype as N-Quads writes it: xsd:string is the absence of one,
 * a language-tagged string shows none, and neither does an IRI. */
static const char *term_datatype(const struct rdf_term *t)
{
	if (t->kind != RDF_LITERAL || t->lang || !t->datatype ||
	    !strcmp(t->datatype, RDF_XSD_STRING))
		return NULL;
	return t->datatype;
}

static const char *term_lang(const struct rdf_term *t)
{
	return t->kind == RDF_LITERAL ? t->lang : NULL;
}

/* Whether t (value of length vlen, datatype as written dt) is the term
 * ct stands for: the same parts that make its canonical text, so equal
 * terms are exactly those with equal text (which the output relies on:
 * no two quads kept give the same line). */
static bool term_same(const struct rdf_term *t, size_t vlen, const char *dt,
		      const struct rdfc_term *ct)
{
	const struct rdf_term *u = ct->src;

	return t->kind == u->kind && vlen == ct->vlen && !memcmp(t->value, u->value, vlen) &&
	       str_same(term_lang(t), term_lang(u)) && str_same(dt, ct->dt);
}

/* Open-addressing tables of int (index + 1, 0 = empty): sized for what
 * a credential needs and doubled at half full, since zeroing a table
 * sized for the worst case cost more than the look-ups. */
static int *table_new(size_t want, size_t *mask)
{
	*mask = 15;
	while (*mask < 2 * want)
		*mask = 2 * *mask + 1;
	return xcalloc(*mask + 1, sizeof(int));
}

static void table_put(int *tab, size_t mask, uint64_t hash, int v)
{
	size_t h = (size_t)hash & mask;

	while (tab[h])
		h = (h + 1) & mask;
	tab[h] = v;
}

/* The hash of entry i of an index, and whether it has one (is in it). */
static bool term_hash_at(const struct rdfc_state *st, size_t i, uint64_t *hash)
{
	*hash = st->terms[i].hash;
	return st->terms[i].indexed;
}

static bool node_hash_at(const struct rdfc_state *st, size_t i, uint64_t *hash)
{
	*hash = st->nodes[i].lhash;
	return true;
}

/* Doubles an index once it holds more than half as many entries as it has
 * slots (count of the n entries are in it); hash_at gives the hash of
 * entry i. */
static void index_grow(const struct rdfc_state *st, int **tab, size_t *mask, size_t count,
		       size_t n, bool (*hash_at)(const struct rdfc_state *, size_t, uint64_t *))
{
	uint64_t hash;
	size_t i;

	if (2 * count <= *mask)
		return;
	free(*tab);
	*tab = table_new(*mask + 1, mask);
	for (i = 0; i < n; i++)
		if (hash_at(st, i, &hash))
			table_put(*tab, *mask, hash, (int)i + 1);
}

/* The text of term ct. */
static const char *term_text(const struct rdfc_state *st, const struct rdfc_term *ct)
{
	return ct->nq ? ct->nq : st->text.s + ct->off;
}

/* The number of term t (an IRI or a literal with a value), serializing
 * it on first sight; -1 when it has no N-Quads form.  An IRI with a sym
 * brings its hash, length and text along, and finds its number by
 * pointer; the same IRI without one (from a document's @id, say) still
 * finds the same number, since the hashes are the same. */
static int rdfc_term_id(struct rdfc_state *st, const struct rdf_term *t)
{
	const struct rdf_sym *sym = t->sym;
	const char *dt = sym ? NULL : term_datatype(t);
	size_t vlen = sym ? sym->len : strlen(t->value), h, mask = st->ttabmask;
	uint64_t hash;
	struct rdfc_term *ct;

	if (sym) {
		hash = sym->hash;
	} else {
		hash = rdf_hash(t->value, vlen, HASH_SEED + (unsigned)t->kind);
		hash = hash_str(term_lang(t), hash_str(dt, hash));
	}
	for (h = (size_t)hash & mask; st->ttab[h]; h = (h + 1) & mask) {
		ct = &st->terms[st->ttab[h] - 1];
		if (ct->hash == hash &&
		    ((sym && ct->src->sym == sym) || term_same(t, vlen, dt, ct)))
			return st->ttab[h] - 1;
	}
	ct = &st->terms[st->nterms];
	ct->src = t;
	ct->dt = dt;
	ct->vlen = vlen;
	ct->hash = hash;
	ct->indexed = true;
	ct->nq = sym ? sym->nq : NULL;
	ct->off = st->text.len;
	if (sym)
		ct->len = sym->nqlen;
	else if (nquads_term(t, &st->text, st->err) < 0)
		return -1;
	else
		ct->len = st->text.len - ct->off;
	st->ttab[h] = (int)++st->nterms;
	index_grow(st, &st->ttab, &st->ttabmask, ++st->nindexed, st->nterms, term_hash_at);
	return (int)st->nterms - 1;
}

/* A literal as a term of its own, without looking for an equal one: for
 * a dataset that is a set, where equal literals need not share a number.
 * Numbers only have to be equal for equal text where they are compared
 * as numbers instead of text: in finding repeated quads (which a set
 * skips) and in ranking subjects (never literals); lines compare the
 * text of terms whose numbers differ.  Hashing and indexing each literal
 * was a fifth of building the terms. */
static int rdfc_literal_new(struct rdfc_state *st, const struct rdf_term *t)
{
	struct rdfc_term *ct = &st->terms[st->nterms];

	ct->src = t;
	ct->dt = NULL;
	ct->vlen = 0;
	ct->hash = 0;
	ct->nq = NULL;
	ct->indexed = false;
	ct->off = st->text.len;
	if (nquads_term(t, &st->text, st->err) < 0)
		return -1;
	ct->len = st->text.len - ct->off;
	return (int)st->nterms++;
}

/* The node for label, added on first sight, so that nodes are numbered in
 * the order the blank node to quads map of §4.4.3 step 2 meets them. */
static int rdfc_intern(struct rdfc_state *st, const char *label)
{
	uint64_t hash = hash_str(label, HASH_SEED);
	size_t mask = st->ntabmask, h = (size_t)hash & mask;
	struct rdfc_node *nd;

	for (; st->ntab[h]; h = (h + 1) & mask)
		if (!strcmp(st->nodes[st->ntab[h] - 1].label, label))
			return st->ntab[h] - 1;
	xgrow((void **)&st->nodes, &st->capn, st->nn + 1, sizeof(*st->nodes));
	nd = &st->nodes[st->nn];
	/* Field by field: clearing the whole node (its hash and id buffers)
	 * was a `rep stos`, slow to start for a few hundred bytes. */
	nd->label = label;
	nd->lhash = hash;
	nd->quads = NULL;
	nd->nquads = 0;
	nd->hash[0] = '\0';
	nd->canon = -1;
	nd->id[0] = '\0';
	nd->idlen = 0;
	st->ntab[h] = (int)++st->nn;
	index_grow(st, &st->ntab, &st->ntabmask, st->nn, st->nn, node_hash_at);
	return (int)st->nn - 1;
}

/* Whether t is certainly the term p was (p may be NULL): the same parts
 * as written.  Stricter than term equality, so a "no" only costs the full
 * look-up; and one strcmp is cheaper than hashing the term. */
static bool term_repeats(const struct rdf_term *p, const struct rdf_term *t)
{
	if (p && p->sym && t->sym)
		return p->sym == t->sym;
	return p && p->kind == t->kind && str_same(p->value, t->value) &&
	       str_same(p->lang, t->lang) && str_same(p->datatype, t->datatype);
}

/* Position i of cq for blank node or IRI t, through st->ptrs. */
static int rdfc_by_ptr(struct rdfc_state *st, struct rdfc_quad *cq, size_t i,
		       const struct rdf_term *t)
{
	uintptr_t a = (uintptr_t)t->value;
	struct rdfc_ptr *pp = &st->ptrs[(a ^ a >> 6 ^ a >> 12) & (PTR_SLOTS - 1)];
	int v;

	if (pp->p == t->value && pp->kind == t->kind)
		v = pp->v;
	else if (t->kind == RDF_BNODE)
		v = rdfc_intern(st, t->value);
	else if ((v = rdfc_term_id(st, t)) < 0)
		return -1;
	pp->p = t->value;
	pp->kind = t->kind;
	pp->v = v;
	if (t->kind == RDF_BNODE)
		cq->bn[i] = v;
	else
		cq->term[i] = v;
	return 0;
}

static int rdfc_add_term(struct rdfc_state *st, struct rdfc_quad *cq, size_t i,
			 const struct rdf_term *t)
{
	cq->bn[i] = cq->term[i] = -1;
	if ((unsigned)t->kind >= 32 || !(rdfc_positions[i].allowed & KIND(t->kind)))
		return err_set(st->err, ERR_FORMAT, "RDFC-1.0: a quad cannot have this kind of %s",
			       rdfc_positions[i].name);
	if (t->kind == RDF_NONE)
		return 0;
	if (!t->value) {
		if (t->kind == RDF_BNODE)
			return err_set(st->err, ERR_FORMAT, "RDFC-1.0: blank node without a label");
		nquads_term(t, &st->text, st->err);	/* says what is wrong */
		return -1;
	}
	/* Quads come grouped by subject (and graph), so the term at this
	 * position in the quad before is most often this one. */
	if (term_repeats(st->prev[i], t)) {
		cq->bn[i] = st->prev_bn[i];
		cq->term[i] = st->prev_term[i];
		return 0;
	}
	if (t->kind == RDF_LITERAL && st->fresh_literals) {
		if ((cq->term[i] = rdfc_literal_new(st, t)) < 0)
			return -1;
	} else if (t->kind == RDF_LITERAL || t->sym) {
		if ((cq->term[i] = rdfc_term_id(st, t)) < 0)
			return -1;
	} else if (rdfc_by_ptr(st, cq, i, t) < 0) {
		return -1;
	}
	st->prev[i] = t;
	st->prev_bn[i] = cq->bn[i];
	st->prev_term[i] = cq->term[i];
	return 0;
}

/* Position i of cq as one number: equal numbers, equal terms. */
static int quad_slot(const struct rdfc_quad *cq, size_t i)
{
	return cq->bn[i] >= 0 ? -2 - cq->bn[i] : cq->term[i];
}

/* A dataset is a set: true when cq equals a quad kept before.  Terms are
 * numbers by now, so this compares four integers.  Skipped for a dataset
 * whose producer vouches for it (rdf_dataset.is_set). */
static bool rdfc_seen(struct rdfc_state *st, const struct rdfc_quad *cq)
{
	size_t mask = st->qtabmask, h, i;
	int32_t slot[4];

	for (i = 0; i < 4; i++)
		slot[i] = quad_slot(cq, i);
	for (h = (size_t)rdf_hash((const char *)slot, sizeof(slot), HASH_SEED) & mask;
	     st->qtab[h]; h = (h + 1) & mask) {
		const struct rdfc_quad *old = &st->quads[st->qtab[h] - 1];

		for (i = 0; i < 4 && quad_slot(old, i) == quad_slot(cq, i); i++)
			;
		if (i == 4)
			return true;
	}
	st->qtab[h] = (int)st->nq + 1;
	return false;
}

/* Counts kept quad cq for each blank node it names (once per node) and
 * marks the positions that name them first. */
static void rdfc_count_links(struct rdfc_state *st, struct rdfc_quad *cq)
{
	size_t i, j;

	cq->links = 0;
	for (i = 0; i < 4; i++) {
		if (cq->bn[i] < 0)
			continue;
		for (j = 0; j < i && cq->bn[j] != cq->bn[i]; j++)
			;
		if (j == i) {
			cq->links |= 1u << i;
			st->nodes[cq->bn[i]].nquads++;
		}
	}
}

/* The quads of each node, in input order, in one array (counted as the
 * quads were kept). */
static void rdfc_link(struct rdfc_state *st)
{
	size_t i, j, total = 0;

	for (i = 0; i < st->nn; i++)
		total += st->nodes[i].nquads;
	st->links = xmalloc((total + 1) * sizeof(*st->links));
	for (i = 0, total = 0; i < st->nn; i++) {
		st->nodes[i].quads = st->links + total;
		total += st->nodes[i].nquads;
		st->nodes[i].nquads = 0;
	}
	for (i = 0; i < st->nq; i++)
		for (j = 0; st->quads[i].links >> j; j++)
			if (st->quads[i].links & 1u << j) {
				struct rdfc_node *nd = &st->nodes[st->quads[i].bn[j]];

				nd->quads[nd->nquads++] = (int)i;
			}
}

static int rdfc_prepare(struct rdfc_state *st, const struct rdf_dataset *in)
{
	size_t i, j;
	int rc = 0;

	/* A credential's quads hold about two distinct terms each and a
	 * blank node per ten; the indexes grow past that. */
	st->ttab = table_new(2 * in->n, &st->ttabmask);
	st->ntab = table_new(in->n / 8, &st->ntabmask);
	if (!in->is_set)
		st->qtab = table_new(in->n, &st->qtabmask);
	st->fresh_literals = in->is_set;
	st->terms = xmalloc((4 * in->n + 1) * sizeof(*st->terms));
	/* Room for what a credential's terms need (literals and IRIs
	 * without a sym), so that the text and the nodes are not copied
	 * over and over as they grow. */
	buf_reserve(&st->text, 64 * in->n, NULL);
	xgrow((void **)&st->nodes, &st->capn, in->n / 8 + 1, sizeof(*st->nodes));
	st->quads = xmalloc((in->n + 1) * sizeof(*st->quads));
	for (i = 0; i < in->n && rc == 0; i++) {
		const struct rdf_quad *q = &in->quads[i];
		const struct rdf_term *t[4] = { &q->s, &q->p, &q->o, &q->g };
		struct rdfc_quad *cq = &st->quads[st->nq];

		for (j = 0; j < 4 && rc == 0; j++)
			rc = rdfc_add_term(st, cq, j, t[j]);
		if (rc == 0 && (in->is_set || !rdfc_seen(st, cq))) {
			rdfc_count_links(st, cq);
			st->nq++;
		}
	}
	if (rc == 0)
		rdfc_link(st);
	st->items = xmalloc((st->nq + 1) * sizeof(*st->items));
	st->order = xmalloc((2 * st->nq + 1) * sizeof(*st->order));	/* + merge scratch */
	st->canon_order = xmalloc((st->nn + 1) * sizeof(*st->canon_order));
	st->first = xmalloc((st->nn + 1) * sizeof(*st->first));
	for (i = 0; i < st->nn; i++)
		st->first[i] = -1;
	return rc;
}

/* ---- lines ----------------------------------------------------------- */

/* The item of cq.  Blank nodes are _:a (self) and _:z (any other) when
 * self >= 0, as Hash First Degree Quads (§4.6.3) wants, else their
 * canonical ids. */
static void item_fill(const struct rdfc_state *st, const struct rdfc_quad *cq, int self,
		      struct rdfc_item *it)
{
	long base = (long)st->nterms;
	size_t i;

	it->rank = 0;
	for (i = 0; i < 4; i++) {
		int bn = cq->bn[i], t = cq->term[i];

		if (bn >= 0 && self >= 0) {
			it->key[i] = base + (bn != self);
			it->s[i] = bn == self ? "_:a" : "_:z";
			it->len[i] = 3;
		} else if (bn >= 0) {
			it->key[i] = base + st->nodes[bn].canon;
			it->s[i] = st->nodes[bn].id;
			it->len[i] = st->nodes[bn].idlen;
		} else if (t >= 0) {
			it->key[i] = t;
			it->s[i] = term_text(st, &st->terms[t]);
			it->len[i] = st->terms[t].len;
		} else {
			it->key[i] = -1;
			it->s[i] = "";
			it->len[i] = 0;
		}
	}
}

/* Code point order of the lines, compared term by term: a term's text is
 * never a proper prefix of another's where the line has a space (0x20)
 * after the shorter one, since what can follow a whole term inside a
 * longer one ('@', '^', '-', a label or language character) is above
 * 0x20; and no graph (" .") sorts before any graph (" <" or " _").  So
 * comparing the parts in turn, shorter first on a tie, orders the lines
 * as strcmp would, and a term shared by both lines (the subject, mostly)
 * is skipped by its key instead of compared byte by byte.  Subjects that
 * differ compare by rank when the lines have one (rank_subjects). */
static int item_cmp(const struct rdfc_item *a, const struct rdfc_item *b)
{
	size_t i;
	int c;

	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	for (i = 0; i < 4; i++) {
		if (a->key[i] == b->key[i])
			continue;
		c = memcmp(a->s[i], b->s[i], a->len[i] < b->len[i] ? a->len[i] : b->len[i]);
		if (c)
			return c;
		if (a->len[i] != b->len[i])
			return a->len[i] < b->len[i] ? -1 : 1;
	}
	return 0;
}

/* Sorts v[0..n) with tmp[0..n/2) as scratch: a merge sort, insertion
 * sort on short runs; a run already in order (lines often come grouped by
 * subject) costs one comparison to merge. */
static void items_sort(struct rdfc_item **v, size_t n, struct rdfc_item **tmp)
{
	size_t h = n / 2, i, j, k;

	if (n <= 8) {
		for (i = 1; i < n; i++) {
			struct rdfc_item *x = v[i];

			for (j = i; j > 0 && item_cmp(v[j - 1], x) > 0; j--)
				v[j] = v[j - 1];
			v[j] = x;
		}
		return;
	}
	items_sort(v, h, tmp);
	items_sort(v + h, n - h, tmp);
	if (item_cmp(v[h - 1], v[h]) <= 0)
		return;
	memcpy(tmp, v, h * sizeof(*v));
	for (i = 0, j = h, k = 0; i < h; k++)
		v[k] = j < n && item_cmp(v[j], tmp[i]) < 0 ? v[j++] : tmp[i++];
}

static size_t item_len(const struct rdfc_item *it)
{
	return it->len[0] + it->len[1] + it->len[2] + (it->len[3] ? it->len[3] + 1 : 0) + 5;
}

/* Writes "s p o [g] .\n" at p; returns the end. */
static char *item_write(const struct rdfc_item *it, char *p)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		if (!it->len[i])
			continue;	/* the default graph */
		if (i)
			*p++ = ' ';
		bytes_copy(p, it->s[i], it->len[i]);	/* terms are short */
		p += it->len[i];
	}
	memcpy(p, " .\n", 3);
	return p + 3;
}

/* Orders two items by their subjects' text alone. */
static int subject_cmp(const void *x, const void *y)
{
	const struct rdfc_item *a = *(const struct rdfc_item *const *)x;
	const struct rdfc_item *b = *(const struct rdfc_item *const *)y;
	int c = memcmp(a->s[0], b->s[0], a->len[0] < b->len[0] ? a->len[0] : b->len[0]);

	return c ? c : (a->len[0] > b->len[0]) - (a->len[0] < b->len[0]);
}

/* Ranks the n items by subject: a document's lines have a few dozen
 * subjects, so sorting those once and comparing ranks saves most of the
 * text comparisons of the line sort (the ones between subjects).  Keys
 * are term numbers below nterms, canonical blank nodes above. */
static void rank_subjects(struct rdfc_state *st, size_t n)
{
	size_t range = st->nterms + st->nn, i, k = 0;
	size_t *rank = xcalloc(range + 1, sizeof(*rank));
	struct rdfc_item **first = xmalloc((n + 1) * sizeof(*first));

	for (i = 0; i < n; i++) {
		size_t key = (size_t)st->items[i].key[0];

		if (!rank[key]) {
			rank[key] = 1;
			first[k++] = &st->items[i];
		}
	}
	qsort(first, k, sizeof(*first), subject_cmp);
	for (i = 0; i < k; i++)
		rank[first[i]->key[0]] = i + 1;
	for (i = 0; i < n; i++)
		st->items[i].rank = rank[st->items[i].key[0]];
	free(first);
	free(rank);
}

/* The items of the quads qi[0..n) in code point order of their lines, in
 * st->order; the total length of the lines in *len. */
static struct rdfc_item **rdfc_sorted(struct rdfc_state *st, const int *qi, size_t n, int self,
				      size_t *len)
{
	size_t i;

	*len = 0;
	for (i = 0; i < n; i++) {
		item_fill(st, &st->quads[qi ? (size_t)qi[i] : i], self, &st->items[i]);
		st->order[i] = &st->items[i];
		*len += item_len(&st->items[i]);
	}
	if (self < 0)
		rank_subjects(st, n);
	items_sort(st->order, n, st->order + n);
	return st->order;
}

/* Hash First Degree Quads (§4.6.3): the sorted lines written out in one
 * piece and hashed in one call. */
static void rdfc_first_degree(struct rdfc_state *st, int node)
{
	struct rdfc_node *nd = &st->nodes[node];
	struct rdfc_item **order;
	size_t i, len;
	char *p;

	order = rdfc_sorted(st, nd->quads, nd->nquads, node, &len);
	if (len > st->scratch_cap) {
		free(st->scratch);
		st->scratch_cap = 2 * len;
		st->scratch = xmalloc(st->scratch_cap);
	}
	for (i = 0, p = st->scratch; i < nd->nquads; i++)
		p = item_write(order[i], p);
	digest_begin(st);
	digest_add(st, st->scratch, len);
	digest_end(st, nd->hash);
}

/* ---- Hash N-Degree Quads (§4.8) -------------------------------------- */

/* One entry of the hash to related blank nodes map; seq keeps the order
 * in which the nodes were met, which the permutations start from. */
struct rdfc_rel {
	char hash[HEX_MAX + 1];
	int node;
	size_t seq;
};

/* The state of choosing a path among the permutations of one list. */
struct rdfc_choice {
	struct buf path, chosen;
	struct rdfc_issuer copy, best;
	int *rec;		/* the recursion list */
	size_t nrec;
	bool have;		/* chosen is set */
};

static int rdfc_hndq(struct rdfc_state *st, int node, struct rdfc_issuer *is, char *hex);

static int rel_cmp(const void *a, const void *b)
{
	const struct rdfc_rel *x = a, *y = b;
	int c = strcmp(x->hash, y->hash);

	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* Hash Related Blank Node (§4.7.3). */
static void rdfc_hash_related(struct rdfc_state *st, int related, const struct rdfc_quad *cq,
			      int pos, const struct rdfc_issuer *is, char *hex)
{
	static const char pos_name[] = "spog";
	const struct rdfc_node *r = &st->nodes[related];
	char id[32];
	long b;

	digest_begin(st);
	digest_add(st, &pos_name[pos], 1);
	if (pos != POS_G)	/* "<" predicate ">" is its canonical text */
		digest_add(st, term_text(st, &st->terms[cq->term[1]]),
			   st->terms[cq->term[1]].len);
	if (r->canon >= 0)
		digest_add(st, r->id, r->idlen);
	else if ((b = issuer_find(is, related)) >= 0)
		digest_add(st, id, fmt_id(id, "_:b", (unsigned long)b));
	else
		digest_add(st, r->hash, strlen(r->hash));
	digest_end(st, hex);
}

/* Steps 1-3: the related blank nodes of node with their hashes, sorted by
 * hash; NULL past the work limit. */
static struct rdfc_rel *rdfc_related(struct rdfc_state *st, int node,
				     const struct rdfc_issuer *is, size_t *count)
{
	static const int positions[] = { 0, 2, POS_G };
	const struct rdfc_node *nd = &st->nodes[node];
	struct rdfc_rel *rel = xmalloc((3 * nd->nquads + 1) * sizeof(*rel));
	size_t n = 0, i, j;

	for (i = 0; i < nd->nquads; i++) {
		const struct rdfc_quad *cq = &st->quads[nd->quads[i]];

		for (j = 0; j < 3; j++) {
			int r = cq->bn[positions[j]];

			if (r < 0 || r == node)
				continue;
			if (spend(st, &st->steps, HASH_STEPS, st->max_steps) < 0) {
				free(rel);
				return NULL;
			}
			rdfc_hash_related(st, r, cq, positions[j], is, rel[n].hash);
			rel[n].node = r;
			rel[n].seq = n;
			n++;
		}
	}
	qsort(rel, n, sizeof(*rel), rel_cmp);
	*count = n;
	return rel;
}

static int path_cmp(const struct buf *a, const struct buf *b)
{
	int c = memcmp(a->s, b->s, a->len < b->len ? a->len : b->len);

	return c ? c : (a->len < b->len ? -1 : a->len > b->len);
}

/* Steps 5.4.4.3 and 5.4.5.5: this permutation cannot win any more. */
static bool path_worse(const struct rdfc_choice *c)
{
	return c->have && c->path.len >= c->chosen.len && path_cmp(&c->path, &c->chosen) > 0;
}

/* Step 5.4.5: recurses into the nodes this permutation issued first, then
 * keeps the path if it is the smallest so far (step 5.4.6). */
static int rdfc_recurse(struct rdfc_state *st, struct rdfc_choice *c)
{
	char hex[HEX_MAX + 1];
	size_t i;

	for (i = 0; i < c->nrec; i++) {
		int r = c->rec[i];

		if (rdfc_hndq(st, r, &c->copy, hex) < 0)
			return -1;
		add_id(&c->path, "_:b", issuer_issue(&c->copy, r));
		buf_addc(&c->path, '<', NULL);
		buf_adds(&c->path, hex, NULL);
		buf_addc(&c->path, '>', NULL);
		if (path_worse(c))
			return 0;
	}
	if (!c->have || path_cmp(&c->path, &c->chosen) < 0) {
		struct buf t = c->path;

		c->path = c->chosen;
		c->chosen = t;
		issuer_swap(&c->best, &c->copy);
		c->have = true;
	}
	return 0;
}

/* Step 5.4 for one permutation of list. */
static int rdfc_try_path(struct rdfc_state *st, const int *list, const size_t *perm, size_t k,
			 const struct rdfc_issuer *is, struct rdfc_choice *c)
{
	size_t i;

	issuer_copy(&c->copy, is);
	buf_reset(&c->path);
	c->nrec = 0;
	for (i = 0; i < k; i++) {
		int r = list[perm[i]];

		if (st->nodes[r].canon >= 0) {
			add_id(&c->path, "_:c14n", (unsigned long)st->nodes[r].canon);
		} else {
			if (issuer_find(&c->copy, r) < 0)
				c->rec[c->nrec++] = r;
			add_id(&c->path, "_:b", issuer_issue(&c->copy, r));
		}
		if (path_worse(c))
			return 0;
	}
	return rdfc_recurse(st, c);
}

/* The next permutation in lexicographic order, each distinct one once
 * when values repeat; false after the last. */
static bool next_permutation(size_t *a, size_t n)
{
	size_t p = n, j, t;

	while (p > 1 && a[p - 2] >= a[p - 1])
		p--;
	if (p <= 1)
		return false;
	p--;	/* a[p - 1] is the pivot, a[p ..] does not increase */
	for (j = n - 1; a[j] <= a[p - 1]; j--)
		;
	t = a[p - 1], a[p - 1] = a[j], a[j] = t;
	for (j = n - 1; p < j; p++, j--)
		t = a[p], a[p] = a[j], a[j] = t;
	return true;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* The first permutation: for each entry the position of the first entry
 * for the same node, sorted.  Permuting these rather than positions skips
 * the orders that only swap two entries of one node, which give the same
 * path; and a node listed once per quad of a blank-node graph it shares
 * would otherwise cost k! of them.  Without repeats it is 0 .. k-1. */
static void rdfc_first_perm(struct rdfc_state *st, const int *list, size_t k, size_t *perm)
{
	size_t i;

	for (i = 0; i < k; i++) {
		if (st->first[list[i]] < 0)
			st->first[list[i]] = (long)i;
		perm[i] = (size_t)st->first[list[i]];
	}
	for (i = 0; i < k; i++)
		st->first[list[i]] = -1;
	qsort(perm, k, sizeof(*perm), size_cmp);
}

/* Steps 5.2-5.6 for one related hash: appends the smallest path over all
 * permutations of list to data and replaces *is by its issuer. */
static int rdfc_choose_path(struct rdfc_state *st, const int *list, size_t k,
			    struct rdfc_issuer *is, struct buf *data)
{
	size_t *perm = xmalloc(k * sizeof(*perm));
	struct rdfc_choice c;
	int rc;

	memset(&c, 0, sizeof(c));
	buf_init(&c.path, 0);
	buf_init(&c.chosen, 0);
	c.rec = xmalloc(k * sizeof(*c.rec));
	rdfc_first_perm(st, list, k, perm);
	/* A permutation costs a copy of the issuer and a path of k entries. */
	do
		rc = spend(st, &st->steps, 1 + k + is->n / 8, st->max_steps) < 0 ? -1 :
		     rdfc_try_path(st, list, perm, k, is, &c);
	while (rc == 0 && next_permutation(perm, k));
	if (rc == 0) {
		buf_add(data, c.chosen.s, c.chosen.len, NULL);
		issuer_swap(is, &c.best);
	}
	buf_release(&c.path);
	buf_release(&c.chosen);
	issuer_release(&c.copy);
	issuer_release(&c.best);
	free(c.rec);
	free(perm);
	return rc;
}

/* Hash N-Degree Quads (§4.8.3): the hash of node into hex; *is becomes the
 * chosen issuer.  Every call counts against the work limit. */
static int rdfc_hndq(struct rdfc_state *st, int node, struct rdfc_issuer *is, char *hex)
{
	struct rdfc_rel *rel;
	struct buf data;
	size_t n, i, j, k;
	int *list, rc = 0;

	if (spend(st, &st->calls, 1, st->max_calls) < 0)
		return -1;
	if (st->depth >= RDFC_MAX_DEPTH)
		return err_set(st->err, ERR_TOOBIG, "%s", rdfc_toomuch);
	if (!(rel = rdfc_related(st, node, is, &n)))
		return -1;
	st->depth++;
	buf_init(&data, 0);
	list = xmalloc((n + 1) * sizeof(*list));
	for (i = 0; i < n && rc == 0; i = j) {
		for (j = i, k = 0; j < n && !strcmp(rel[j].hash, rel[i].hash); j++)
			list[k++] = rel[j].node;
		buf_adds(&data, rel[i].hash, NULL);
		rc = rdfc_choose_path(st, list, k, is, &data);
	}
	if (rc == 0) {
		digest_begin(st);
		digest_add(st, data.s, data.len);
		digest_end(st, hex);
	}
	st->depth--;
	buf_release(&data);
	free(list);
	free(rel);
	return rc;
}

/* ---- the algorithm (§4.4.3) ------------------------------------------ */

/* The result of Hash N-Degree Quads for one node of a shared hash. */
struct rdfc_result {
	char hash[HEX_MAX + 1];
	struct rdfc_issuer is;
	size_t seq;
};

static int result_cmp(const void *a, const void *b)
{
	const struct rdfc_result *x = a, *y = b;
	int c = strcmp(x->hash, y->hash);

	return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

/* Step 5 for the k nodes that share one first-degree hash. */
static int rdfc_ndegree_group(struct rdfc_state *st, struct rdfc_node *const *members, size_t k)
{
	struct rdfc_result *res = xcalloc(k, sizeof(*res));
	size_t nres = 0, i, j;
	int rc = 0;

	for (i = 0; i < k && rc == 0; i++) {
		int node = (int)(members[i] - st->nodes);

		if (members[i]->canon >= 0)
			continue;
		res[nres].seq = nres;
		issuer_issue(&res[nres].is, node);
		rc = rdfc_hndq(st, node, &res[nres].is, res[nres].hash);
		nres++;
	}
	if (rc == 0)
		qsort(res, nres, sizeof(*res), result_cmp);
	for (i = 0; i < nres; i++) {
		for (j = 0; rc == 0 && j < res[i].is.n; j++)
			canon_issue(st, res[i].is.ids[j]);
		issuer_release(&res[i].is);
	}
	free(res);
	return rc;
}

static int node_hash_cmp(const void *a, const void *b)
{
	const struct rdfc_node *x = *(const struct rdfc_node *const *)a;
	const struct rdfc_node *y = *(const struct rdfc_node *const *)b;
	int c = strcmp(x->hash, y->hash);

	return c ? c : (x < y ? -1 : x > y);
}

static size_t group_end(struct rdfc_node *const *order, size_t i, size_t n)
{
	size_t j = i + 1;

	while (j < n && !strcmp(order[j]->hash, order[i]->hash))
		j++;
	return j;
}

/* The work limit of rdfc.h, from the count of nodes that need step 5. */
static void rdfc_budget(struct rdfc_state *st, const struct rdfc_opts *o, size_t shared)
{
	unsigned long calls = o->max_calls;

	if (!calls) {
		calls = shared > 1000 ? RDFC_CALLS_MAX : 2 * (unsigned long)shared * shared;
		calls = calls < RDFC_CALLS_MIN ? RDFC_CALLS_MIN :
			calls > RDFC_CALLS_MAX ? RDFC_CALLS_MAX : calls;
	}
	st->max_calls = calls;
	if (calls + st->nq < calls || calls + st->nq > ULONG_MAX / RDFC_STEPS_PER_CALL)
		st->max_steps = ULONG_MAX;
	else
		st->max_steps = RDFC_STEPS_PER_CALL * (calls + st->nq);
}

/* Steps 3-5: first-degree hashes, then canonical ids for the unique ones
 * in hash order, then N-degree hashing of the rest, group by group. */
static int rdfc_label_all(struct rdfc_state *st, const struct rdfc_opts *o)
{
	struct rdfc_node **order;
	size_t i, j, shared = 0;
	int rc = 0;

	/* One blank node: its first-degree hash is unique whatever it is,
	 * so it is c14n0 without hashing (a proof configuration's only node). */
	if (st->nn == 1) {
		canon_issue(st, 0);
		return 0;
	}
	order = xmalloc((st->nn + 1) * sizeof(*order));
	for (i = 0; i < st->nn; i++) {
		rdfc_first_degree(st, (int)i);
		order[i] = &st->nodes[i];
	}
	qsort(order, st->nn, sizeof(*order), node_hash_cmp);
	for (i = 0; i < st->nn; i = j) {
		j = group_end(order, i, st->nn);
		if (j - i == 1)
			canon_issue(st, (int)(order[i] - st->nodes));
		else
			shared += j - i;
	}
	rdfc_budget(st, o, shared);
	for (i = 0; i < st->nn && rc == 0; i = j) {
		j = group_end(order, i, st->nn);
		if (j - i > 1)
			rc = rdfc_ndegree_group(st, order + i, j - i);
	}
	free(order);
	return rc;
}

/* Step 6: the canonical lines, sorted, written straight into out.  Quads
 * are unique already (rdfc_seen, or is_set) and canonical ids are too, so no two
 * lines are equal and nothing is left to drop. */
static int rdfc_output(struct rdfc_state *st, struct buf *out)
{
	struct rdfc_item **order;
	size_t i, len;
	char *p;

	order = rdfc_sorted(st, NULL, st->nq, -1, &len);
	if (!(p = buf_space(out, len, st->err)))
		return -1;
	for (i = 0; i < st->nq; i++)
		p = item_write(order[i], p);
	return 0;
}

static json_t *rdfc_issued_map(const struct rdfc_state *st)
{
	json_t *map = json_object();
	size_t i;

	for (i = 0; i < st->ncanon; i++) {
		const struct rdfc_node *nd = &st->nodes[st->canon_order[i]];

		json_object_set_new(map, nd->label, json_stringn(nd->id + 2, nd->idlen - 2));
	}
	return map;
}

size_t rdfc_hash_bytes(enum rdfc_hash h, const void *p, size_t n, unsigned char *out)
{
	struct rdfc_md m = { .is384 = h == RDFC_SHA384 };
	size_t len = 0;

	if ((h == RDFC_SHA256 || h == RDFC_SHA384) && md_begin(&m) == 1 && md_add(&m, p, n) == 1)
		len = md_end(&m, out);
	md_free(&m);
	return len;
}

static int rdfc_init(struct rdfc_state *st, const struct rdfc_opts *o, struct err *err)
{
	memset(st, 0, sizeof(*st));
	st->err = err;
	buf_init(&st->text, 0);
	if (o->hash != RDFC_SHA256 && o->hash != RDFC_SHA384)
		return err_set(err, ERR_USAGE, "RDFC-1.0: unknown hash algorithm");
	st->md.is384 = o->hash == RDFC_SHA384;
	return 0;
}

static void rdfc_release(struct rdfc_state *st)
{
	free(st->nodes);
	free(st->quads);
	free(st->links);
	free(st->terms);
	free(st->ttab);
	free(st->ntab);
	free(st->qtab);
	free(st->items);
	free(st->order);
	free(st->scratch);
	free(st->canon_order);
	free(st->first);
	buf_release(&st->text);
	md_free(&st->md);
}

int rdfc_canonicalize_opts(const struct rdf_dataset *in, const struct rdfc_opts *opts,
			   struct buf *out_nquads, json_t **issued, struct err *err)
{
	static const struct rdfc_opts defaults = { RDFC_SHA256, 0 };
	struct rdfc_state st;
	int rc;

	if (issued)
		*issued = NULL;
	if (!opts)
		opts = &defaults;
	rc = rdfc_init(&st, opts, err);
	if (rc == 0)
		rc = rdfc_prepare(&st, in);
	if (rc == 0)
		rc = rdfc_label_all(&st, opts);
	if (rc == 0 && st.digest_failed)
		rc = err_set(err, ERR_CRYPTO, "RDFC-1.0: hashing failed");
	if (rc == 0)
		rc = rdfc_output(&st, out_nquads);
	if (rc == 0 && issued)
		*issued = rdfc_issued_map(&st);
	rdfc_release(&st);
	return rc;
}

int rdfc_canonicalize(const struct rdf_dataset *in, enum rdfc_hash h, struct buf *out_nquads,
		      json_t **issued, struct err *err)
{
	struct rdfc_opts o = { h, 0 };

	return rdfc_canonicalize_opts(in, &o, out_nquads, issued, err);
}
