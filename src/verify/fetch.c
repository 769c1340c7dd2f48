/* fetch.c — documents from issuers' endpoints for the checks. */
#include <string.h>
#include "internal.h"
#include "satchel/json.h"
#include "satchel/net.h"

#define DOC_MAX (4u * 1024 * 1024)

/* The oldest cached answer used since verify_cache_reset: a report says
 * how old the facts behind an offline verdict are.  One verification at
 * a time, as everything in this module. */
static int64_t oldest_age = -1;

void verify_cache_reset(void)
{
	oldest_age = -1;
}

int64_t verify_cache_oldest(void)
{
	return oldest_age;
}

void fetched_release(struct fetched *f)
{
	json_decref(f->doc);
	memset(f, 0, sizeof(*f));
}

int verify_fetch(const char *url, const struct verify_opts *o, struct fetched *f,
		 struct err *err)
{
	struct net_opts no = { 0 };
	struct net_response resp = NET_RESPONSE_INIT;
	int rc;

	memset(f, 0, sizeof(*f));
	no.cache = 1;		/* online answers are kept for --offline */
	no.offline = o->offline;
	no.max_bytes = DOC_MAX;
	no.allow_http_loopback = o->allow_http_loopback;
	rc = net_get(url, &no, &resp, err);
	if (rc == 0) {
		f->status = resp.status;
		f->fetched_at = resp.fetched_at;
		f->from_cache = resp.from_cache;
		if (resp.from_cache && resp.age > oldest_age)
			oldest_age = resp.age;
		f->doc = json_strict_load(resp.body.s, resp.body.len, NULL);
		if (!json_is_object(f->doc)) {
			json_decref(f->doc);
			f->doc = NULL;
		}
	}
	net_response_release(&resp);
	return rc;
}
