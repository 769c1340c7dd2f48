/* internal.h — shared by the files of src/verify/ only. */
#ifndef SATCHEL_VERIFY_INTERNAL_H
#define SATCHEL_VERIFY_INTERNAL_H

#include <jansson.h>
#include "satchel/cred.h"
#include "satchel/verify.h"

/* A document fetched from an issuer's endpoint. */
struct fetched {
	long status;
	json_t *doc;		/* owned: the JSON object, when the body is one */
	int from_cache;
	int64_t fetched_at;
};

#define FETCHED_INIT { 0, NULL, 0, 0 }

/* GETs url as JSON.  0 when an HTTP answer arrived (status tells which;
 * doc set for a JSON object body), -1 with err when none could be had
 * (network, offline without a cached copy, size limits). */
int verify_fetch(const char *url, const struct verify_opts *o, struct fetched *f,
		 struct err *err);
void fetched_release(struct fetched *f);

/* Open Badges 2.0 (and 1.x hosted) and 3.0 check lists. */
void verify_ob2(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r);
void verify_ob3(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r);

/* Shared date checks: issued not in the future, expiry and not-before. */
void verify_dates(struct report *r, const json_t *issued, const json_t *not_before,
		  const json_t *expires);

/* Recipient: compares an identity object with the learner's identifiers. */
void verify_recipient(struct report *r, const char *identity, const char *salt, int hashed,
		      const json_t *recipients);

#endif
