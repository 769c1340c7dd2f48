/* jsonld.h — JSON-LD 1.1 expansion and deserialization to RDF
 * (https://www.w3.org/TR/json-ld11-api/), offline.
 *
 * Contexts come only from the bundled cache share/contexts/ (contexts.json
 * maps each URL to a file; the data directory is paths_data_dir()).
 * Nothing is ever fetched over the network: an unknown context URL fails
 * with ERR_NOTFOUND and "unknown context 'URL': satchel only uses its
 * bundled contexts".
 *
 * Errors.  A JSON-LD error of the specification ends the message with its
 * error code in parentheses, e.g. "term 'name' is protected and cannot be
 * redefined (protected term redefinition)", code ERR_PARSE.  A failed
 * context load is ERR_NOTFOUND ("... (loading remote context failed)").
 * In safe mode, anything the algorithms would silently drop fails with
 * ERR_FORMAT and a message starting "safe mode: " that names the term or
 * value; verifiers need this, because dropped data is unsigned data.
 *
 * Processed contexts are cached for the life of the process, keyed by the
 * context value (the list of URLs for a credential's @context), so many
 * credentials sharing one @context are processed once.  The module is not
 * thread-safe.
 *
 * Ownership: the input document is borrowed and never modified.
 */
#ifndef SATCHEL_JSONLD_H
#define SATCHEL_JSONLD_H

#include <jansson.h>
#include "satchel/err.h"
#include "satchel/rdf.h"

enum jsonld_rdf_direction {
	JSONLD_DIR_NONE = 0,		/* @direction is not represented in RDF */
	JSONLD_DIR_I18N_DATATYPE = 1,	/* https://www.w3.org/ns/i18n#lang_dir datatypes */
	JSONLD_DIR_COMPOUND = 2,	/* rdf:value / rdf:language / rdf:direction nodes */
};

struct jsonld_opts {
	const char *base;	/* document base IRI; NULL for none (Data Integrity) */
	json_t *expand_context;	/* extra context applied first, or NULL (borrowed) */
	int processing_mode_10;	/* 1: json-ld-1.0 processing mode */
	int rdf_direction;	/* enum jsonld_rdf_direction */
	int safe;		/* fail instead of dropping data (see above) */
	int produce_generalized_rdf;	/* keep blank-node predicates */
	/* The caller only canonicalizes the result (RDFC-1.0), so blank node
	 * labels need not follow document order: lets jsonld_to_rdf emit the
	 * quads of a credential-shaped document in one walk (several times
	 * faster), falling back to the general algorithms for the rest. */
	int any_labels;
};

/* Expands doc (any JSON value).  *expanded receives a new reference to
 * the expanded form, always an array; the caller json_decrefs it.  opts
 * may be NULL (base none, json-ld-1.1, not safe).  Returns 0, or -1 with
 * err set and *expanded NULL. */
int jsonld_expand(json_t *doc, const struct jsonld_opts *o, json_t **expanded, struct err *err);

/* Deserializes doc to RDF, appending the quads to out (initialised and
 * owned by the caller; on error it may hold part of the result).
 * Blank nodes are labelled b0, b1, ... in document order (in an order of
 * its own with any_labels); literals follow
 * the specification's conversions (canonical xsd:integer / xsd:double
 * forms, JCS for @json).  Returns 0 or -1 with err set. */
int jsonld_to_rdf(json_t *doc, const struct jsonld_opts *o, struct rdf_dataset *out,
		  struct err *err);

/* How many documents jsonld_to_rdf turned into RDF by the direct path
 * (any_labels) in this process: tests and benchmarks check that the
 * credentials they measure take it. */
unsigned long jsonld_direct_count(void);
/* Test suites only: serve every URL starting with url_prefix from the
 * file dir + the rest of the URL (e.g. the W3C test-suite base mapped to
 * a local checkout).  Mappings are tried before the bundled contexts. */
int jsonld_loader_map(const char *url_prefix, const char *dir, struct err *err);

/* Frees the context cache, the loaded documents and the mappings (for
 * leak checkers; the module stays usable and reloads on demand). */
void jsonld_cleanup(void);

#endif
