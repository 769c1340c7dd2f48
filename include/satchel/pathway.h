/* pathway.h — stackable badges grouped into goals (SPECS.md section 10).
 *
 * One model for every source: satchel's own format, Badgr pathway
 * exports (BadgeJunction / ElementJunction) and CLR 2.0 associations
 * are all read into a tree of requirements.  A requirement is a leaf (an
 * achievement or BadgeClass id, an issuer + name, or a tag) or a group:
 * all of its parts, or at least N of them, nested to any depth, each with
 * an optional label and order ("what comes next").
 *
 * satchel's own format (documented in satchel-pathway(5)), version 1:
 *   {"format": "satchel-pathway", "version": 1, "name": "...",
 *    "description": "...", "id": "...", "issuer": "...",
 *    "completion": "ACHIEVEMENT-ID",
 *    "requires": REQ}
 *   REQ = {"label": "...", "order": N, "achievement": "ID", "criteria": "URL"}
 *       | {"label": "...", "issuer": "ID", "name": "NAME"}
 *       | {"label": "...", "tag": "TAG"}
 *       | {"label": "...", "all": [REQ...]}
 *       | {"label": "...", "atLeast": N, "of": [REQ...]}
 */
#ifndef SATCHEL_PATHWAY_H
#define SATCHEL_PATHWAY_H

#include <stddef.h>
#include <jansson.h>
#include "satchel/err.h"

#define PATHWAY_FORMAT	"satchel-pathway"
#define PATHWAY_VERSION	1
#define PATHWAY_MAX_DEPTH 32
#define PATHWAY_MAX_NODES 10000
#define PATHWAY_NO_ORDER 1000000	/* unordered requirements come after ordered ones */

enum req_kind { REQ_LEAF, REQ_ALL, REQ_ANY };
enum leaf_kind { LEAF_ACHIEVEMENT = 1, LEAF_ISSUER_NAME, LEAF_TAG };

struct req {
	enum req_kind kind;
	char *label;		/* owned; may be NULL (a default is derived) */
	int order;		/* lower first; ties keep document order;
				 * PATHWAY_NO_ORDER when none is given */
	size_t need;		/* REQ_ANY: how many of kids */
	struct req *kids;	/* owned array (groups) */
	size_t nkids;
	enum leaf_kind leaf;
	char *achievement;	/* LEAF_ACHIEVEMENT */
	char *issuer, *name;	/* LEAF_ISSUER_NAME */
	char *tag;		/* LEAF_TAG */
	char *criteria;		/* optional criteria URL, for "next" */
};

struct pathway {
	char *name, *description, *id, *issuer, *completion;	/* owned */
	struct req root;
};

/* Reads a pathway from JSON text in any supported form (own format,
 * Badgr export, CLR 2.0 credential or subject with associations),
 * strictly: errors name what is wrong and where ("requires.all[2]:
 * 'atLeast' must be between 1 and 3").  out is released on failure. */
int pathway_parse(const char *text, size_t len, struct pathway *out, struct err *err);
/* The same from an already parsed document (borrowed). */
int pathway_from_json(const json_t *doc, struct pathway *out, struct err *err);
void pathway_release(struct pathway *p);

/* The pathway in satchel's own format; a new reference. */
json_t *pathway_to_json(const struct pathway *p);

/* Progress against the learner's badges.  holdings is an array of
 * {"id", "achievement_id", "issuer": {"id","name"}, "name", "tags": [],
 * "badge_tags": [], "verdict", "related": [{"id"}]} (index_entry_build
 * entries fit).  Only verified badges count; unchecked/unknown ones are
 * listed apart as "pending" (they would count once verified); revoked,
 * suspended, expired, not-yet-valid and invalid ones never count.
 * Returns the JSON of `pathway show --json`:
 *   {"name", "complete", "completed_by", "met", "required",
 *    "requirements": [NODE], "next": [labels]}
 *   NODE = {"label", "kind": "all"|"any"|"leaf", "met", "count", "need",
 *           "credentials": [ids], "pending": [ids], "requirements": [NODE...]}
 * A new reference. */
json_t *pathway_progress(const struct pathway *p, const json_t *holdings);
/* The progress of each stored definition in defs (an array, borrowed,
 * may be NULL), or only of the one named only (when not NULL), in order;
 * definitions that do not load are left out.  A new array. */
json_t *pathway_progress_all(const json_t *defs, const json_t *holdings, const char *only);

/* Groupings satchel infers from the badges themselves (same issuer,
 * same alignment framework or target, shared tags, related achievements,
 * criteria naming another held badge): an array of
 * {"reason", "pathway": <own format>}.  A new reference. */
json_t *pathway_suggest(const json_t *holdings);

#endif
