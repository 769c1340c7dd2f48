/* rdf.c — the RDF dataset model (include/satchel/rdf.h). */
#include <stdlib.h>
#include <string.h>
#include "satchel/rdf.h"
#include "satchel/xalloc.h"

void rdf_term_release(struct rdf_term *t)
{
	free(t->value);
	free(t->datatype);
	free(t->lang);
	memset(t, 0, sizeof(*t));
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
	rdf_dataset_init(ds);
}

void rdf_dataset_add(struct rdf_dataset *ds, struct rdf_quad *q)
{
	xgrow((void **)&ds->quads, &ds->cap, ds->n + 1, sizeof(*ds->quads));
	ds->quads[ds->n++] = *q;
	memset(q, 0, sizeof(*q));
}
