/* fuzz-nquads.c — libFuzzer target for nquads_parse(), nquads_serialize()
 * and rdfc_canonicalize_opts().  Whatever parses must serialize, and that
 * text must parse back to the same serialization; canonicalization (with
 * a small work limit, so that poison graphs end fast) must give one line
 * per distinct quad, text that parses, and a fixed point. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/nquads.h"
#include "satchel/rdfc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count_lines(const struct buf *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->len; i++)
		n += b->s[i] == '\n';
	return n;
}

static int same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len && !memcmp(a->s, b->s, a->len);
}

/* Serializes text that parsed; it must parse back to itself. */
static void check_serialize(const struct rdf_dataset *ds, struct buf *s1)
{
	struct rdf_dataset again = RDF_DATASET_INIT;
	struct buf s2;

	buf_init(&s2, 0);
	if (nquads_serialize(ds, s1, NULL) != 0 || nquads_parse(s1->s, s1->len, &again, NULL) != 0 ||
	    nquads_serialize(&again, &s2, NULL) != 0 || !same(s1, &s2))
		abort();
	rdf_dataset_release(&again);
	buf_release(&s2);
}

/* Canonical output parses and canonicalizes to itself (unless the second
 * run, with other labels and order, runs out of work first). */
static void check_canon(const struct rdf_dataset *ds, size_t lines)
{
	static const struct rdfc_opts opts = { RDFC_SHA256, 64 };
	struct rdf_dataset again = RDF_DATASET_INIT;
	struct buf c1, c2;
	struct err e = ERR_INIT;
	json_t *map = NULL;

	buf_init(&c1, 0);
	buf_init(&c2, 0);
	if (rdfc_canonicalize_opts(ds, &opts, &c1, &map, &e) != 0) {
		if (e.code != ERR_TOOBIG || c1.len || map)
			abort();
	} else {
		if (count_lines(&c1) != lines || nquads_parse(c1.s, c1.len, &again, NULL) != 0)
			abort();
		if (rdfc_canonicalize_opts(&again, &opts, &c2, NULL, &e) == 0 ? !same(&c1, &c2) :
		    e.code != ERR_TOOBIG)
			abort();
	}
	json_decref(map);
	rdf_dataset_release(&again);
	buf_release(&c1);
	buf_release(&c2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct buf s1;

	if (nquads_parse((const char *)data, size, &ds, NULL) != 0) {
		if (ds.n || ds.quads)	/* a failed parse leaves nothing */
			abort();
		return 0;
	}
	buf_init(&s1, 0);
	check_serialize(&ds, &s1);
	check_canon(&ds, count_lines(&s1));
	buf_release(&s1);
	rdf_dataset_release(&ds);
	return 0;
}
