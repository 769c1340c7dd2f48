/* expand-int.h — state shared by expand.c (the algorithm's frame) and
 * expand-entries.c (its step 13: the entries of one map). */
#ifndef SATCHEL_LD_EXPAND_INT_H
#define SATCHEL_LD_EXPAND_INT_H

#include "ld-internal.h"

/* One map being expanded.  Owns active, type_ctx, input_type and result. */
struct xstate {
	struct ld_env *env;
	struct ld_ctx *active;		/* active context for the entries */
	struct ld_ctx *type_ctx;	/* context before type-scoped ones applied */
	const char *prop;		/* active property, or NULL */
	const char *base;
	char *input_type;		/* expanded @type, for @json values */
	json_t *result;
};

/* Steps 13 and 14 for elem (the map itself or a nested @nest value). */
int ld_expand_entries(struct xstate *st, json_t *elem);
/* True when key IRI-expands (vocab) to the keyword kw in c. */
int ld_expands_to(struct ld_env *env, const struct ld_ctx *c, const char *key, const char *kw);

#endif
