/* fuzz-jsonld.c — libFuzzer target for JSON-LD toRdf (jsonld_to_rdf) in
 * safe and unsafe mode with the bundled contexts.  Whatever the input,
 * it must not crash, leak or hang, and what it produces must have an
 * N-Quads form (the next step, RDFC, serializes it).  It also runs each
 * document with any_labels (the direct path where it applies): the
 * outcome and the canonical N-Quads must be the general path's. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/json.h"
#include "satchel/jsonld.h"
#include "satchel/nquads.h"
#include "satchel/paths.h"
#include "satchel/rdfc.h"
#include "satchel/xalloc.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The binary is build/fuzz/fuzz-jsonld: the tree's share/ is ../../share. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *exe = paths_exe_dir(), *share = xasprintf("%s/../../share", exe);

	(void)argc;
	(void)argv;
	setenv("SATCHEL_DATADIR", share, 0);
	free(share);
	free(exe);
	return 0;
}

/* 0 and the canonical N-Quads in *canon (caller frees), or -1. */
static int to_canon(json_t *doc, int safe, int any_labels, char **canon)
{
	struct jsonld_opts o = { NULL, NULL, 0, JSONLD_DIR_I18N_DATATYPE, safe, 0, any_labels };
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err err = ERR_INIT;
	struct buf b;
	int rc;

	*canon = NULL;
	buf_init(&b, 0);
	rc = jsonld_to_rdf(doc, &o, &ds, &err);
	if (rc == 0 && nquads_serialize(&ds, &b, &err) < 0)
		abort();
	buf_reset(&b);
	/* A poison graph may hit RDFC's work limit: the same on both paths. */
	if (rc == 0 && rdfc_canonicalize(&ds, RDFC_SHA256, &b, NULL, &err) == 0)
		*canon = buf_detach(&b, NULL);
	/* The output says it is a set, so RDFC kept every quad: checking
	 * for repeats must change nothing. */
	if (*canon && ds.is_set) {
		ds.is_set = 0;
		buf_reset(&b);
		if (rdfc_canonicalize(&ds, RDFC_SHA256, &b, NULL, &err) < 0 ||
		    strlen(*canon) != b.len || memcmp(*canon, b.s, b.len))
			abort();	/* a quad twice in a "set" */
	}
	buf_release(&b);
	rdf_dataset_release(&ds);
	return rc;
}

static void run(json_t *doc, int safe)
{
	char *general, *direct;
	int a = to_canon(doc, safe, 0, &general), b = to_canon(doc, safe, 1, &direct);

	if (a != b || (general == NULL) != (direct == NULL) ||
	    (general && strcmp(general, direct)))
		abort();	/* the direct path differs from the general one */
	free(general);
	free(direct);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = json_strict_load((const char *)data, size, NULL);

	if (!doc)
		return 0;
	run(doc, 1);
	run(doc, 0);
	json_decref(doc);
	return 0;
}
