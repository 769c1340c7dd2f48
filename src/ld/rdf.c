/* rdf.c — the RDF dataset model (include/satchel/rdf.h). */
#include <stdlib.h>
#include <string.h>
#include "satchel/rdf.h"
#include "satchel/xalloc.h"

/* The string pool: blocks of at least POOL_BLOCK bytes, filled in turn. */
#define POOL_BLOCK	8192

struct rdf_pool {
	struct rdf_pool *next;
	size_t used, cap;
	char data[];
};

void rdf_term_release(struct rdf_term *t)
{
	if (!t->borrowed) {
		free(t->value);
		free(t->datatype);
		free(t->lang);
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
	memcpy(d, s, n);
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

	for (i = 0; i < ds->n; i++)
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
	ds->quads[ds->n++] = *q;
	memset(q, 0, sizeof(*q));
}

struct rdf_quad *rdf_dataset_push(struct rdf_dataset *ds)
{
	struct rdf_quad *q;

	xgrow((void **)&ds->quads, &ds->cap, ds->n + 1, sizeof(*ds->quads));
	q = &ds->quads[ds->n++];
	memset(q, 0, sizeof(*q));
	return q;
}
