/* rdfc.c — RDF Dataset Canonicalization RDFC-1.0 (include/satchel/rdfc.h).
 *
 * Section numbers refer to https://www.w3.org/TR/rdf-canon/.  Blank nodes
 * are interned as small integers; every quad keeps the canonical text of
 * its non-blank terms, so each line hashed or written is a concatenation,
 * and the identifier issuers are arrays with a small open-addressing
 * index, cheap to copy for each permutation.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include "satchel/nquads.h"
#include "satchel/rdfc.h"
#include "satchel/xalloc.h"

#define HEX_MAX		96		/* SHA-384 in hex */
#define POS_G		3		/* positions: 0 s, 1 p, 2 o, 3 g */
#define HASH_STEPS	16		/* a hash costs about 16 steps of a permutation */

static const char rdfc_toomuch[] = "RDFC-1.0: too much work (poison graph?)";

struct rdfc_node {
	const char *label;	/* input label, borrowed from the dataset */
	int *quads;		/* the quads that mention it, in input order */
	size_t nquads, capq;
	char hash[HEX_MAX + 1];	/* Hash First Degree Quads */
	long canon;		/* canonical number, -1 until issued */
};

struct rdfc_quad {
	int bn[4];		/* blank node per position, or -1 */
	size_t off[4], len[4];	/* canonical text of the other terms in terms */
};

/* An identifier issuer (§4.3): node ids[k] was issued prefix + k. */
struct rdfc_issuer {
	int *ids;
	size_t n, cap;
	int *tab;		/* index over ids: position + 1, 0 = empty slot */
	size_t tabcap;		/* 0 or a power of two > 2 n */
};

struct rdfc_state {
	EVP_MD *md;
	EVP_MD_CTX *ctx;
	bool digest_failed;
	struct rdfc_quad *quads;
	size_t nq;
	struct rdfc_node *nodes;
	size_t nn, capn;
	struct buf terms;
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
	if (EVP_DigestInit_ex(st->ctx, st->md, NULL) != 1)
		st->digest_failed = true;
}

static void digest_add(struct rdfc_state *st, const void *p, size_t n)
{
	if (EVP_DigestUpdate(st->ctx, p, n) != 1)
		st->digest_failed = true;
}

/* Finishes the digest as lower-case hex into hex (HEX_MAX + 1 bytes). */
static void digest_end(struct rdfc_state *st, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (EVP_DigestFinal_ex(st->ctx, md, &n) != 1 || 2 * n > HEX_MAX)
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
	if (st->nodes[node].canon >= 0)
		return;
	st->nodes[node].canon = (long)st->ncanon;
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

static int str_cmp(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* The datatype as N-Quads writes it: xsd:string is the absence of one. */
static const char *term_datatype(const struct rdf_term *t)
{
	return t->datatype && strcmp(t->datatype, RDF_XSD_STRING) ? t->datatype : NULL;
}

static int term_cmp(const struct rdf_term *a, const struct rdf_term *b)
{
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->kind == RDF_NONE)
		return 0;
	if ((c = str_cmp(a->value, b->value)) || (c = str_cmp(a->lang, b->lang)))
		return c;
	return a->lang ? 0 : str_cmp(term_datatype(a), term_datatype(b));
}

static int quad_cmp(const struct rdf_quad *x, const struct rdf_quad *y)
{
	int c;

	if ((c = term_cmp(&x->s, &y->s)) || (c = term_cmp(&x->p, &y->p)) ||
	    (c = term_cmp(&x->o, &y->o)))
		return c;
	return term_cmp(&x->g, &y->g);
}

static size_t str_hash(const char *s, size_t h)
{
	if (!s)
		return h * 31;
	while (*s)	/* FNV-1a */
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211u;
	return (h ^ 0xff) * (size_t)1099511628211u;	/* ends the string */
}

static size_t quad_hash(const struct rdf_quad *q)
{
	const struct rdf_term *t[4] = { &q->s, &q->p, &q->o, &q->g };
	size_t h = (size_t)14695981039346656037u, i;

	for (i = 0; i < 4; i++) {
		h = (h ^ t[i]->kind) * 31;
		if (t[i]->kind != RDF_NONE)
			h = str_hash(t[i]->lang, str_hash(t[i]->lang ? NULL : term_datatype(t[i]),
							  str_hash(t[i]->value, h)));
	}
	return h ^ h >> 29;
}

/* A dataset is a set: keep[i] is set for the first of equal quads only,
 * so that a repeated quad is not hashed twice.  A hash table: the strcmp
 * of sorting took a sixth of the whole run. */
static bool *rdfc_unique(const struct rdf_dataset *in)
{
	bool *keep = xcalloc(in->n + 1, sizeof(*keep));
	size_t mask = 15, i, h;
	size_t *tab;

	while (mask < 2 * in->n)
		mask = 2 * mask + 1;
	tab = xcalloc(mask + 1, sizeof(*tab));	/* index + 1, 0 = empty */
	for (i = 0; i < in->n; i++) {
		for (h = quad_hash(&in->quads[i]) & mask; tab[h]; h = (h + 1) & mask)
			if (!quad_cmp(&in->quads[tab[h] - 1], &in->quads[i]))
				break;
		if (!tab[h]) {
			tab[h] = i + 1;
			keep[i] = true;
		}
	}
	free(tab);
	return keep;
}

/* The node for label, added on first sight, so that nodes are numbered in
 * the order the blank node to quads map of §4.4.3 step 2 meets them. */
static int rdfc_intern(struct rdfc_state *st, int *tab, size_t mask, const char *label)
{
	size_t h = str_hash(label, (size_t)14695981039346656037u) & mask;
	struct rdfc_node *nd;

	for (; tab[h]; h = (h + 1) & mask)
		if (!strcmp(st->nodes[tab[h] - 1].label, label))
			return tab[h] - 1;
	xgrow((void **)&st->nodes, &st->capn, st->nn + 1, sizeof(*st->nodes));
	nd = &st->nodes[st->nn];
	memset(nd, 0, sizeof(*nd));
	nd->label = label;
	nd->canon = -1;
	tab[h] = (int)st->nn + 1;
	return (int)st->nn++;
}

/* Adds quad qi to the quads of node, once even if it appears twice in it. */
static void node_add_quad(struct rdfc_node *nd, int qi)
{
	if (nd->nquads && nd->quads[nd->nquads - 1] == qi)
		return;
	xgrow((void **)&nd->quads, &nd->capq, nd->nquads + 1, sizeof(*nd->quads));
	nd->quads[nd->nquads++] = qi;
}

static int rdfc_add_term(struct rdfc_state *st, struct rdfc_quad *cq, size_t i,
			 const struct rdf_term *t, int *tab, size_t mask)
{
	size_t off = st->terms.len;

	cq->bn[i] = -1;
	cq->off[i] = cq->len[i] = 0;
	if ((unsigned)t->kind >= 32 || !(rdfc_positions[i].allowed & KIND(t->kind)))
		return err_set(st->err, ERR_FORMAT, "RDFC-1.0: a quad cannot have this kind of %s",
			       rdfc_positions[i].name);
	if (t->kind == RDF_BNODE) {
		if (!t->value)
			return err_set(st->err, ERR_FORMAT, "RDFC-1.0: blank node without a label");
		cq->bn[i] = rdfc_intern(st, tab, mask, t->value);
		node_add_quad(&st->nodes[cq->bn[i]], (int)st->nq);
	} else if (t->kind != RDF_NONE) {
		if (nquads_term(t, &st->terms, st->err) < 0)
			return -1;
		cq->off[i] = off;
		cq->len[i] = st->terms.len - off;
	}
	return 0;
}

static int rdfc_prepare(struct rdfc_state *st, const struct rdf_dataset *in)
{
	bool *keep = rdfc_unique(in);
	size_t mask = 15, i, j;
	int *tab, rc = 0;

	while (mask < 6 * in->n)	/* at most 3 blank nodes a quad, half full */
		mask = 2 * mask + 1;
	tab = xcalloc(mask + 1, sizeof(*tab));
	st->quads = xmalloc((in->n + 1) * sizeof(*st->quads));
	for (i = 0; i < in->n && rc == 0; i++) {
		const struct rdf_quad *q = &in->quads[i];
		const struct rdf_term *t[4] = { &q->s, &q->p, &q->o, &q->g };

		if (!keep[i])
			continue;
		for (j = 0; j < 4 && rc == 0; j++)
			rc = rdfc_add_term(st, &st->quads[st->nq], j, t[j], tab, mask);
		st->nq++;
	}
	st->canon_order = xmalloc((st->nn + 1) * sizeof(*st->canon_order));
	st->first = xmalloc((st->nn + 1) * sizeof(*st->first));
	for (i = 0; i < st->nn; i++)
		st->first[i] = -1;
	free(tab);
	free(keep);
	return rc;
}

/* ---- lines ----------------------------------------------------------- */

/* Lines of text and where each ends, sorted as spans. */
struct rdfc_lines {
	struct buf text;
	size_t *ends;
	struct nquads_line *spans;
	size_t n, cap;
};

static void lines_reset(struct rdfc_lines *l)
{
	buf_reset(&l->text);
	l->n = 0;
}

static void lines_end(struct rdfc_lines *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->ends = xrealloc(l->ends, l->cap * sizeof(*l->ends));
		l->spans = xrealloc(l->spans, l->cap * sizeof(*l->spans));
	}
	l->ends[l->n++] = l->text.len;
}

/* Sorts the lines (spans are built now: text no longer moves). */
static size_t lines_sort(struct rdfc_lines *l, int unique)
{
	size_t i, start = 0;

	for (i = 0; i < l->n; i++) {
		l->spans[i].s = l->text.s + start;
		l->spans[i].len = l->ends[i] - start;
		start = l->ends[i];
	}
	return nquads_sort_lines(l->spans, l->n, unique);
}

static void lines_release(struct rdfc_lines *l)
{
	buf_release(&l->text);
	free(l->ends);
	free(l->spans);
}

/* Appends the canonical line of cq.  Blank nodes are _:a (self) and _:z
 * (any other) when self >= 0, as Hash First Degree Quads (§4.6.3) wants,
 * else their canonical ids. */
static void rdfc_line(const struct rdfc_state *st, const struct rdfc_quad *cq, int self,
		      struct buf *out)
{
	size_t i;

	for (i = 0; i < 4; i++) {
		int bn = cq->bn[i];

		if (bn < 0 && !cq->len[i])
			continue;	/* the default graph */
		if (i)
			buf_addc(out, ' ', NULL);
		if (bn < 0)
			buf_add(out, st->terms.s + cq->off[i], cq->len[i], NULL);
		else if (self >= 0)
			buf_add(out, bn == self ? "_:a" : "_:z", 3, NULL);
		else
			add_id(out, "_:c14n", (unsigned long)st->nodes[bn].canon);
	}
	buf_add(out, " .\n", 3, NULL);
}

/* Hash First Degree Quads (§4.6.3). */
static void rdfc_first_degree(struct rdfc_state *st, struct rdfc_lines *l, int node)
{
	struct rdfc_node *nd = &st->nodes[node];
	size_t i, n;

	lines_reset(l);
	for (i = 0; i < nd->nquads; i++) {
		rdfc_line(st, &st->quads[nd->quads[i]], node, &l->text);
		lines_end(l);
	}
	n = lines_sort(l, 0);
	digest_begin(st);
	for (i = 0; i < n; i++)
		digest_add(st, l->spans[i].s, l->spans[i].len);
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
		digest_add(st, st->terms.s + cq->off[1], cq->len[1]);
	if (r->canon >= 0)
		digest_add(st, id, fmt_id(id, "_:c14n", (unsigned long)r->canon));
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
	struct rdfc_node **order = xmalloc((st->nn + 1) * sizeof(*order));
	struct rdfc_lines l;
	size_t i, j, shared = 0;
	int rc = 0;

	memset(&l, 0, sizeof(l));
	buf_init(&l.text, 0);
	for (i = 0; i < st->nn; i++) {
		rdfc_first_degree(st, &l, (int)i);
		order[i] = &st->nodes[i];
	}
	lines_release(&l);
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

/* Step 6: the canonical lines, sorted and without duplicates. */
static int rdfc_output(struct rdfc_state *st, struct buf *out)
{
	size_t mark = out->len, i, n;
	struct rdfc_lines l;
	int rc = 0;

	memset(&l, 0, sizeof(l));
	buf_init(&l.text, 0);
	for (i = 0; i < st->nq; i++) {
		rdfc_line(st, &st->quads[i], -1, &l.text);
		lines_end(&l);
	}
	n = lines_sort(&l, 1);
	for (i = 0; i < n && rc == 0; i++)
		rc = buf_add(out, l.spans[i].s, l.spans[i].len, st->err);
	if (rc < 0 && out->len > mark) {
		out->len = mark;
		out->s[mark] = '\0';
	}
	lines_release(&l);
	return rc;
}

static json_t *rdfc_issued_map(const struct rdfc_state *st)
{
	json_t *map = json_object();
	char id[32];
	size_t i;

	for (i = 0; i < st->ncanon; i++) {
		const struct rdfc_node *nd = &st->nodes[st->canon_order[i]];

		fmt_id(id, "c14n", (unsigned long)nd->canon);
		json_object_set_new(map, nd->label, json_string(id));
	}
	return map;
}

static int rdfc_init(struct rdfc_state *st, const struct rdfc_opts *o, struct err *err)
{
	memset(st, 0, sizeof(*st));
	st->err = err;
	buf_init(&st->terms, 0);
	if (o->hash != RDFC_SHA256 && o->hash != RDFC_SHA384)
		return err_set(err, ERR_USAGE, "RDFC-1.0: unknown hash algorithm");
	/* Fetched once: with EVP_sha256() OpenSSL 3 would fetch it again at
	 * every EVP_DigestInit_ex, a tenth of the whole run. */
	st->md = EVP_MD_fetch(NULL, o->hash == RDFC_SHA384 ? "SHA384" : "SHA256", NULL);
	st->ctx = EVP_MD_CTX_new();
	if (!st->md || !st->ctx)
		return err_set(err, ERR_CRYPTO, "RDFC-1.0: no %s",
			       o->hash == RDFC_SHA384 ? "SHA-384" : "SHA-256");
	return 0;
}

static void rdfc_release(struct rdfc_state *st)
{
	size_t i;

	for (i = 0; i < st->nn; i++)
		free(st->nodes[i].quads);
	free(st->nodes);
	free(st->quads);
	free(st->canon_order);
	free(st->first);
	buf_release(&st->terms);
	EVP_MD_CTX_free(st->ctx);
	EVP_MD_free(st->md);
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
