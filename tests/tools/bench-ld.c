/* bench-ld.c — time the canonicalization step of an eddsa-rdfc-2022
 * verification: JSON-LD toRdf + RDFC-1.0 of one credential without its
 * proof, with the processed contexts warm (issue 3).
 *
 *	bench-ld FILE [N]
 *
 * Loads FILE like the verifier does (strict JSON), removes "proof", and
 * after a warm-up times N documents, ROUNDS rounds, keeping the best round
 * (of wall-clock time, and separately of the process's CPU time, which a
 * busy shared core inflates less):
 *
 *	toRdf + RDFC	jsonld_to_rdf (base none, safe mode, rdfDirection
 *			i18n-datatype: the cryptosuite's options) followed by
 *			rdfc_canonicalize (SHA-256), as src/verify/di.c does
 *	toRdf		jsonld_to_rdf alone (and the release of the dataset)
 *	RDFC		rdfc_canonicalize alone, on one dataset made before
 *
 * Prints one line per figure in microseconds per document, then a line
 * "bench-ld: total_us=... tordf_us=... rdfc_us=... total_cpu_us=...
 * tordf_cpu_us=... rdfc_cpu_us=... quads=... bytes=... n=..." for scripts.  N defaults to 1000.  SATCHEL_DATADIR defaults to the
 * source tree's share/ (the tool lives in build/<variant>/tools/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "satchel/buf.h"
#include "satchel/err.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/jsonld.h"
#include "satchel/rdf.h"
#include "satchel/rdfc.h"
#include "satchel/xalloc.h"

#include "tooldata.h"

#define PROG		"bench-ld"
#define FILE_MAX	(16u * 1024 * 1024)
#define CANON_MAX	(64u * 1024 * 1024)
#define ROUNDS		5
#define WARMUP		200

enum part { PART_BOTH, PART_TORDF, PART_RDFC };

static const struct jsonld_opts ld_opts = {
	.base = NULL, .expand_context = NULL, .processing_mode_10 = 0,
	.rdf_direction = JSONLD_DIR_I18N_DATATYPE, .safe = 1, .produce_generalized_rdf = 0,
	.any_labels = 1,	/* as src/verify/di.c */
};

static void die(const char *what, const struct err *e)
{
	fprintf(stderr, "%s: %s: %s\n", PROG, what, e->msg[0] ? e->msg : err_name(e->code));
	exit(1);
}

static double clock_s(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* One document's work for `part`; ds0 is the prepared dataset (RDFC part). */
static void one(json_t *doc, const struct rdf_dataset *ds0, enum part part, struct buf *nq)
{
	struct rdf_dataset ds = RDF_DATASET_INIT;
	struct err e = ERR_INIT;

	if (part != PART_RDFC && jsonld_to_rdf(doc, &ld_opts, &ds, &e) < 0)
		die("toRdf", &e);
	if (part != PART_TORDF) {
		buf_reset(nq);
		if (rdfc_canonicalize(part == PART_RDFC ? ds0 : &ds, RDFC_SHA256, nq, NULL, &e) < 0)
			die("RDFC-1.0", &e);
	}
	rdf_dataset_release(&ds);
}

struct timing {
	double wall_us, cpu_us;		/* best round, microseconds per document */
};

/* Best of ROUNDS rounds of n documents, wall-clock and CPU time. */
static struct timing time_part(json_t *doc, const struct rdf_dataset *ds0, enum part part,
			       long n, struct buf *nq)
{
	struct timing best = { -1, -1 };
	int r;
	long i;

	for (i = 0; i < WARMUP; i++)
		one(doc, ds0, part, nq);
	for (r = 0; r < ROUNDS; r++) {
		double t = clock_s(CLOCK_MONOTONIC), c = clock_s(CLOCK_PROCESS_CPUTIME_ID);
		double wall, cpu;

		for (i = 0; i < n; i++)
			one(doc, ds0, part, nq);
		cpu = (clock_s(CLOCK_PROCESS_CPUTIME_ID) - c) * 1e6 / (double)n;
		wall = (clock_s(CLOCK_MONOTONIC) - t) * 1e6 / (double)n;
		if (best.wall_us < 0 || wall < best.wall_us)
			best.wall_us = wall;
		if (best.cpu_us < 0 || cpu < best.cpu_us)
			best.cpu_us = cpu;
	}
	return best;
}

int main(int argc, char **argv)
{
	struct err e = ERR_INIT;
	struct rdf_dataset ds0 = RDF_DATASET_INIT;
	struct buf text, nq;
	struct timing both, tordf, rdfc;
	json_t *doc;
	char *compact, *end = NULL;
	size_t bytes;
	long n = 1000;

	if (argc < 2 || argc > 3 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: %s FILE [N]\n"
			"times JSON-LD toRdf + RDFC-1.0 of FILE without its proof (N documents,\n"
			"best of %d rounds after a warm-up; N defaults to 1000)\n", PROG, ROUNDS);
		return 2;
	}
	if (argc == 3) {
		n = strtol(argv[2], &end, 10);
		if (!end || *end || n <= 0) {
			fprintf(stderr, "%s: N must be a positive number\n", PROG);
			return 2;
		}
	}
	tool_datadir_from_tree();

	buf_init(&text, FILE_MAX);
	if (file_read(argv[1], FILE_MAX, &text, &e) < 0)
		die(argv[1], &e);
	doc = json_strict_load(text.s, text.len, &e);
	if (!doc)
		die(argv[1], &e);
	buf_release(&text);
	if (!json_is_object(doc)) {
		fprintf(stderr, "%s: %s: not a JSON object\n", PROG, argv[1]);
		return 1;
	}
	json_object_del(doc, "proof");
	compact = json_dump_compact(doc);
	bytes = compact ? strlen(compact) : 0;
	free(compact);

	/* The dataset for the RDFC-only part; also checks that the document
	 * goes through before anything is timed (cold: loads the contexts). */
	buf_init(&nq, CANON_MAX);
	if (jsonld_to_rdf(doc, &ld_opts, &ds0, &e) < 0)
		die("toRdf", &e);
	if (rdfc_canonicalize(&ds0, RDFC_SHA256, &nq, NULL, &e) < 0)
		die("RDFC-1.0", &e);
	printf("document: %s, %zu bytes of compact JSON without the proof, %zu quads, "
	       "%zu bytes of canonical N-Quads\n", argv[1], bytes, ds0.n, nq.len);

	both = time_part(doc, &ds0, PART_BOTH, n, &nq);
	tordf = time_part(doc, &ds0, PART_TORDF, n, &nq);
	rdfc = time_part(doc, &ds0, PART_RDFC, n, &nq);
	printf("toRdf + RDFC-1.0: %.1f us/document (%.0f /s), CPU %.1f us; best of %d rounds of %ld\n",
	       both.wall_us, 1e6 / both.wall_us, both.cpu_us, ROUNDS, n);
	printf("  toRdf alone:    %.1f us/document, CPU %.1f us\n", tordf.wall_us, tordf.cpu_us);
	printf("  RDFC-1.0 alone: %.1f us/document, CPU %.1f us\n", rdfc.wall_us, rdfc.cpu_us);
	printf("bench-ld: total_us=%.2f tordf_us=%.2f rdfc_us=%.2f total_cpu_us=%.2f "
	       "tordf_cpu_us=%.2f rdfc_cpu_us=%.2f quads=%zu bytes=%zu n=%ld\n",
	       both.wall_us, tordf.wall_us, rdfc.wall_us, both.cpu_us, tordf.cpu_us, rdfc.cpu_us,
	       ds0.n, bytes, n);

	rdf_dataset_release(&ds0);
	buf_release(&nq);
	json_decref(doc);
	jsonld_cleanup();
	return 0;
}
