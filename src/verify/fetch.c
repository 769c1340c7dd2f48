/* fetch.c — documents from issuers' endpoints for the checks. */
#include <string.h>
#include "internal.h"
#include "satchel/json.h"
#include "satchel/net.h"

#define DOC_MAX (4u * 1024 * 1024)

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
	if (o->offline)
		return err_set(err, ERR_OFFLINE, "offline: '%s' not fetched", url);
	no.max_bytes = DOC_MAX;
	no.allow_http_loopback = o->allow_http_loopback;
	rc = net_get(url, &no, &resp, err);
	if (rc == 0) {
		f->status = resp.status;
		f->fetched_at = resp.fetched_at;
		f->doc = json_strict_load(resp.body.s, resp.body.len, NULL);
		if (!json_is_object(f->doc)) {
			json_decref(f->doc);
			f->doc = NULL;
		}
	}
	net_response_release(&resp);
	return rc;
}
