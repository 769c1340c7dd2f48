/* links.c — verification links and LinkedIn URLs (include/satchel/export.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/export.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

#define LINKEDIN_ADD	"https://www.linkedin.com/profile/add"
#define LINKEDIN_POST	"https://www.linkedin.com/sharing/share-offsite/"

static int is_https(const char *s)
{
	return s && !strncmp(s, "https://", 8);
}

const char *export_public_link(const json_t *d)
{
	const json_t *v = json_object_get(d, "verification");
	const char *url = json_str(v, "url"), *cid = json_str(d, "credential_id");

	if (is_https(url))
		return url;
	if (!strcmp(json_str(d, "format") ? json_str(d, "format") : "", "ob3") && is_https(cid))
		return cid;
	return NULL;
}

void export_url_encode(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;

	for (; p && *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p)) {
			buf_addc(out, (char)*p, NULL);
		} else {
			buf_addc(out, '%', NULL);
			buf_addc(out, hex[*p >> 4], NULL);
			buf_addc(out, hex[*p & 15], NULL);
		}
	}
}

static void param(struct buf *u, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_addc(u, '&', NULL);
	buf_adds(u, name, NULL);
	buf_addc(u, '=', NULL);
	export_url_encode(u, value);
}

/* Year and month of an RFC 3339 date as text parameters. */
static void date_params(struct buf *u, const char *date, const char *year, const char *month)
{
	char y[5], m[3];

	if (!date || strlen(date) < 7)
		return;
	snprintf(y, sizeof(y), "%.4s", date);
	snprintf(m, sizeof(m), "%d", atoi(date + 5));	/* "03" -> "3" */
	param(u, year, y);
	param(u, month, m);
}

char *export_linkedin_add(const json_t *d, const json_t *settings)
{
	const json_t *issuer = json_object_get(d, "issuer");
	const char *iid = json_str(issuer, "id"), *org = NULL;
	const char *issued = json_str(d, "awarded") ? json_str(d, "awarded") : json_str(d, "issued");
	struct buf u;
	char key[600];

	if (iid) {
		snprintf(key, sizeof(key), "linkedin.org.%s", iid);
		org = json_str(settings, key);
	}
	buf_init(&u, 0);
	buf_adds(&u, LINKEDIN_ADD "?startTask=CERTIFICATION_NAME", NULL);
	param(&u, "name", json_str(d, "name"));
	if (org)
		param(&u, "organizationId", org);
	else
		param(&u, "organizationName", json_str(issuer, "name") ? json_str(issuer, "name") : iid);
	date_params(&u, issued, "issueYear", "issueMonth");
	date_params(&u, json_str(d, "expires"), "expirationYear", "expirationMonth");
	param(&u, "certUrl", export_public_link(d));
	param(&u, "certId", json_str(d, "credential_id"));
	return buf_detach(&u, NULL);
}

char *export_linkedin_post(const char *url)
{
	struct buf u;

	buf_init(&u, 0);
	buf_adds(&u, LINKEDIN_POST "?url=", NULL);
	export_url_encode(&u, url);
	return buf_detach(&u, NULL);
}
