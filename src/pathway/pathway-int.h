/* pathway-int.h — shared by the files of src/pathway/ only. */
#ifndef SATCHEL_PATHWAY_INT_H
#define SATCHEL_PATHWAY_INT_H

#include "satchel/pathway.h"

int pathway_parse_own(const json_t *doc, struct pathway *p, struct err *err);
int pathway_is_badgr(const json_t *doc);
int pathway_parse_badgr(const json_t *doc, struct pathway *p, struct err *err);
int pathway_is_clr(const json_t *doc);
int pathway_parse_clr(const json_t *doc, struct pathway *p, struct err *err);

#endif
