/* fuzz-jsonld.c — libFuzzer target for JSON-LD toRdf (jsonld_to_rdf) in
 * safe and unsafe mode with the bundled contexts.  Whatever the input,
 * it must not crash, leak or hang, and what it produces must have an
 * N-Quads form (the next step, RDFC, serializes it). */
#include <stdint.h>
#include <stdlib.h>
#include "satchel/json.h"
#include "satchel/jsonld.h"
#include "satchel/nquads.h"
#include "satchel/paths.h"
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

static void run(json_t *doc, int safe)
{
	struct jsonld_opts o = { NULL, NULL, 0, 0, safe, 0 };
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err err = ERR_INIT;
	struct buf b;

	buf_init(&b, 0);
	if (jsonld_to_rdf(doc, &o, &ds, &err) == 0 && nquads_serialize(&ds, &b, &err) < 0)
		abort();
	buf_release(&b);
	rdf_dataset_release(&ds);
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
