/* rdf.c — the RDF dataset model (include/satchel/rdf.h). */
#include <stdlib.h>
#include <string.h>
#include "satchel/bytes.h"
#include "satchel/rdf.h"
#include "satchel/xalloc.h"

/* ---- hashing ----------------------------------------------------------- */

#define HASH_K1		0x9E3779B97F4A7C15ull
#define HASH_K2		0xC2B2AE3D27D4EB4Full

/* The murmur3 finalizer: every input bit reaches the low bits the tables
 * index by. */
static uint64_t hash_mix(uint64_t h)
{
	h = (h ^ h >> 33) * 0xFF51AFD7ED558CCDull;
	h = (h ^ h >> 33) * 0xC4CEB9FE1A85EC53ull;
	return h ^ h >> 33;
}

static uint64_t load64(const char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

static uint64_t load32(const char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return w;
}

/* A string hash 16 bytes a step in two independent lanes (a multiply by
 * an odd constant loses nothing, and the lanes do not wait for each
 * other): byte-wise FNV over every term was a fifth of RDFC-1.0's run.
 * The last bytes are read as whole words that may overlap bytes already
 * read (copying the tail byte by byte into a word stalled every call);
 * that is still a function of the string and its length.  Only equal
 * strings must hash equal; a collision costs a comparison, never a
 * wrong answer. */
uint64_t rdf_hash(const char *s, size_t n, uint64_t seed)
{
	uint64_t a = seed ^ n, b = HASH_K2 ^ n, w, v;
	size_t i;

	if (n >= 16) {
		for (i = 0; i + 16 < n; i += 16) {
			a = (a ^ load64(s + i)) * HASH_K1;
			b = (b ^ load64(s + i + 8)) * HASH_K2;
		}
		w = load64(s + n - 16);
		v = load64(s + n - 8);
	} else if (n >= 8) {
		w = load64(s);
		v = load64(s + n - 8);
	} else if (n >= 4) {
		w = load32(s);
		v = load32(s + n - 4);
	} else {
		w = n ? (uint64_t)(unsigned char)s[0] << 16 |
			(uint64_t)(unsigned char)s[n / 2] << 8 | (unsigned char)s[n - 1] : 0;
		v = 0;
	}
	a = (a ^ w) * HASH_K1;
	b = (b ^ v) * HASH_K2;
	return hash_mix(a ^ (b << 31 | b >> 33));
}

/* ---- the dataset --------------------------------------------------------- */

/* The string pool: blocks of at least POOL_BLOCK bytes, filled in turn. */
#define POOL_BLOCK	8192

struct rdf_pool {
	struct rdf_pool *next;
	size_t used, cap;
	char data[];
};

/* Most terms own nothing: the default graph of every quad, a value moved
 * into a quad, borrowed strings.  free(NULL) is still a call, and toRdf
 * plus the release of its dataset made about 600 of them per credential. */
static void free_set(char *s)
{
	if (s)
		free(s);
}

static void term_clear(struct rdf_term *t)
{
	t->kind = RDF_NONE;
	t->value = t->datatype = t->lang = NULL;
	t->borrowed = 0;
	t->sym = NULL;
}

void rdf_term_release(struct rdf_term *t)
{
	if (!t->borrowed) {
		free_set(t->value);
		free_set(t->datatype);
		free_set(t->lang);
	}
	memset(t, 0, sizeof(*t));
}

char *rdf_dataset_strdup(struct rdf_dataset *ds, const char *s, size_t n)
{
	struct rdf_pool *p = ds->pool;
	char *d;

	if (!p || p->cap - p->used < n + 1) {
		size_t cap = n + 1 > POOL_BLOCK ? n + 1 : POOL_BLOCK;

		p = xmalloc(sizeof(*p) + cap);
		p->next = ds->pool;
		p->used = 0;
		p->cap = cap;
		ds->pool = p;
	}
	d = p->data + p->used;
	bytes_copy(d, s, n);
	d[n] = '\0';
	p->used += n + 1;
	return d;
}

void rdf_quad_release(struct rdf_quad *q)
{
	rdf_term_release(&q->s);
	rdf_term_release(&q->p);
	rdf_term_release(&q->o);
	rdf_term_release(&q->g);
}

void rdf_dataset_init(struct rdf_dataset *ds)
{
	memset(ds, 0, sizeof(*ds));
}

void rdf_dataset_release(struct rdf_dataset *ds)
{
	size_t i;

	for (i = 0; !ds->borrows_all && i < ds->n; i++)
		rdf_quad_release(&ds->quads[i]);
	free(ds->quads);
	while (ds->pool) {
		struct rdf_pool *next = ds->pool->next;

		free(ds->pool);
		ds->pool = next;
	}
	rdf_dataset_init(ds);
}

void rdf_dataset_add(struct rdf_dataset *ds, struct rdf_quad *q)
{
	xgrow((void **)&ds->quads, &ds->cap, ds->n + 1, sizeof(*ds->quads));
	ds->is_set = ds->borrows_all = 0;
	ds->quads[ds->n++] = *q;
	memset(q, 0, sizeof(*q));
}

struct rdf_quad *rdf_dataset_push(struct rdf_dataset *ds)
{
	struct rdf_quad *q;

	xgrow((void **)&ds->quads, &ds->cap, ds->n + 1, sizeof(*ds->quads));
	ds->is_set = ds->borrows_all = 0;
	q = &ds->quads[ds->n++];
	/* Term by term: gcc made one 192-byte memset a `rep stos`, whose
	 * start-up cost was half of toRdf's emitting a quad. */
	term_clear(&q->s);
	term_clear(&q->p);
	term_clear(&q->o);
	term_clear(&q->g);
	return q;
}
