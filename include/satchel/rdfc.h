/* rdfc.h — RDF Dataset Canonicalization, RDFC-1.0
 * (https://www.w3.org/TR/rdf-canon/), the step before hashing and
 * checking an eddsa-rdfc-2022 / ecdsa-rdfc-2019 / Ed25519Signature2020 proof.
 *
 * The input is read, never changed; it is treated as a set (duplicate
 * quads count once).  The output is the canonical N-Quads text: blank
 * nodes relabelled _:c14n0, _:c14n1, ..., one line per quad, lines sorted
 * by code point, every line ending in "\n" (nquads.h has the term form).
 *
 * Work limit.  Telling apart blank nodes that look alike (Hash N-Degree
 * Quads, §4.8) is exponential in the worst case, and a credential comes
 * from outside: a 10-node clique (test074 of the W3C suite) would run for
 * hours.  So one canonicalization may make at most
 *
 *	max_calls = opts->max_calls, or by default
 *	            clamp(2 * S * S, RDFC_CALLS_MIN, RDFC_CALLS_MAX)
 *
 * Hash N-Degree Quads calls, where S counts the blank nodes whose
 * first-degree hash is shared with another one (only those reach §4.8).
 * Quadratic because an honest chain or rdf:List of S look-alike nodes
 * needs S * S calls; the floor covers small tangles (the "evil" tests
 * 044-046 need 318 calls for 12 nodes), the ceiling bounds the time
 * (under a second).  The work inside the calls is bounded too, at
 * RDFC_STEPS_PER_CALL * (max_calls + quads) steps: a permutation costs
 * 1 + its length + the issuer size / 8 steps, a related-node hash 16 (the
 * time each takes, roughly), so a call with a long list of permutations is
 * caught early; and so is the recursion depth (RDFC_MAX_DEPTH).  Past any
 * bound canonicalization stops with ERR_TOOBIG, "RDFC-1.0: too much work
 * (poison graph?)"; test074 stops within 1024 calls, in milliseconds.
 */
#ifndef SATCHEL_RDFC_H
#define SATCHEL_RDFC_H

#include <jansson.h>
#include "satchel/buf.h"
#include "satchel/rdf.h"

enum rdfc_hash { RDFC_SHA256, RDFC_SHA384 };

#define RDFC_DIGEST_MAX	48	/* bytes of SHA-384 */

/* The h digest of p[0..n) into out (RDFC_DIGEST_MAX bytes); returns its
 * length, 0 when hashing failed.  Shared with the Data Integrity hash of
 * the canonical form. */
size_t rdfc_hash_bytes(enum rdfc_hash h, const void *p, size_t n, unsigned char *out);

#define RDFC_CALLS_MIN		1024UL
#define RDFC_CALLS_MAX		50000UL
#define RDFC_STEPS_PER_CALL	256UL
#define RDFC_MAX_DEPTH		1000

struct rdfc_opts {
	enum rdfc_hash hash;		/* SHA-256 unless the proof says otherwise */
	unsigned long max_calls;	/* Hash N-Degree Quads calls; 0 = the rule above */
};

/* Canonicalizes `in` with hash h and the default work limit, and appends
 * the canonical N-Quads to out_nquads (the caller's buffer; its max
 * applies).  When issued is not NULL it receives a new JSON object the
 * caller owns, mapping each input blank node label to its canonical label
 * ("e0" -> "c14n1"), in the order the labels were issued.
 * Errors: ERR_FORMAT for a term with no N-Quads form (nquads.h) or a
 * blank node predicate, ERR_TOOBIG past the work limit or out_nquads->max.
 * On error out_nquads is unchanged and *issued is NULL. */
int rdfc_canonicalize(const struct rdf_dataset *in, enum rdfc_hash h, struct buf *out_nquads,
		      json_t **issued, struct err *err);

/* The same with explicit options (opts NULL = SHA-256, default limit). */
int rdfc_canonicalize_opts(const struct rdf_dataset *in, const struct rdfc_opts *opts,
			   struct buf *out_nquads, json_t **issued, struct err *err);

#endif
