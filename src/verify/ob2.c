/* ob2.c — Open Badges 2.0 (and 1.x) verification: hosted and signed
 * (SPECS.md sections 1.5-1.8 and pitfall 8).
 *
 * A hosted badge's URL is the source of truth: the stored or baked copy
 * only points there, so the fetched copy is what is checked.  A signed
 * badge is checked against keys its issuer profile links, never against
 * a key the badge itself names without the issuer's consent.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

struct ob2 {
	const struct verify_opts *o;
	struct report *r;
	json_t *assertion;	/* borrowed: the stored or the fetched copy */
	json_t *badge;		/* borrowed */
	json_t *issuer;		/* borrowed */
	json_t *keep;		/* owns fetched documents */
};

/* 5xx and 429: the server's own trouble, which says nothing about the
 * badge -- the check could not be done, it did not fail. */
static int server_trouble(long status)
{
	return status >= 500 || status == 429;
}

static const char *id_of(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : json_str(v, "id");
}

/* An embedded object, or the document at a URL (fetched and kept).
 * Records why when there is none; NULL then.  A fetched BadgeClass or
 * Issuer also goes into the report's linked documents (display). */
enum linked_use { CHECK_ONLY, DESCRIBES_BADGE };

static json_t *resolve(struct ob2 *x, json_t *v, const char *check, const char *what,
		       enum linked_use use)
{
	struct fetched f;
	struct err e = ERR_INIT;
	const char *url = json_string_value(v);

	if (json_is_object(v))
		return v;
	if (!url) {
		report_add(x->r, check, CHECK_FAIL, EFFECT_INVALID, "the %s is missing", what);
		return NULL;
	}
	if (verify_fetch(url, x->o, &f, &e) < 0) {
		report_incomplete(x->r, check, "could not fetch the %s '%s': %s", what, url, e.msg);
		return NULL;
	}
	if (server_trouble(f.status)) {
		report_incomplete(x->r, check, "the %s '%s' is unavailable (HTTP %ld)", what, url, f.status);
		fetched_release(&f);
		return NULL;
	}
	if (f.status != 200 || !f.doc) {
		report_add(x->r, check, CHECK_FAIL, EFFECT_INVALID, f.doc ?
			   N_("the %s '%s' answered HTTP %ld") : N_("the %s '%s' is not a JSON object (HTTP %ld)"),
			   what, url, f.status);
		fetched_release(&f);
		return NULL;
	}
	json_array_append(x->keep, f.doc);
	if (use == DESCRIBES_BADGE)
		report_keep_linked(x->r, url, f.doc);
	fetched_release(&f);
	return json_array_get(x->keep, json_array_size(x->keep) - 1);
}

/* Required properties of a linked document, by class. */
static const struct { const char *check; const char *type[2]; const char *must[5]; } classes[] = {
	{ "badge-class", { "BadgeClass", NULL }, { "name", "description", "image", "criteria", "issuer" } },
	{ "issuer", { "Issuer", "Profile" }, { "name", "url", NULL } },
};

static int check_class(struct ob2 *x, const json_t *doc, size_t k)
{
	json_t *type = json_object_get(doc, "type");
	size_t i;

	if (type && !json_has_string(type, classes[k].type[0]) &&
	    !(classes[k].type[1] && json_has_string(type, classes[k].type[1]))) {
		report_add(x->r, classes[k].check, CHECK_FAIL, EFFECT_INVALID,
			   "the %s document is not of type '%s'", classes[k].check, classes[k].type[0]);
		return -1;
	}
	for (i = 0; i < 5 && classes[k].must[i]; i++) {
		if (!json_object_get(doc, classes[k].must[i])) {
			report_add(x->r, classes[k].check, CHECK_FAIL, EFFECT_INVALID,
				   "the %s lacks the required property '%s'", classes[k].check,
				   classes[k].must[i]);
			return -1;
		}
	}
	return 0;
}

/* BadgeClass and Issuer: fetched (or embedded) and validated. */
static int check_badge_and_issuer(struct ob2 *x)
{
	x->badge = resolve(x, json_object_get(x->assertion, "badge"), "badge-class", "BadgeClass",
			   DESCRIBES_BADGE);
	if (!x->badge || check_class(x, x->badge, 0) < 0)
		return -1;
	report_add(x->r, "badge-class", CHECK_PASS, EFFECT_NONE, "BadgeClass '%s' is complete",
		   json_str(x->badge, "name"));
	x->issuer = resolve(x, json_object_get(x->badge, "issuer"), "issuer", "issuer profile",
			    DESCRIBES_BADGE);
	if (!x->issuer || check_class(x, x->issuer, 1) < 0)
		return -1;
	if (!json_str(x->issuer, "email"))
		report_add(x->r, "issuer", CHECK_WARN, EFFECT_NONE,
			   "issuer '%s' gives no email address (Open Badges 2.0 asks for one)",
			   json_str(x->issuer, "name"));
	else
		report_add(x->r, "issuer", CHECK_PASS, EFFECT_NONE, "issuer '%s' is complete",
			   json_str(x->issuer, "name"));
	return 0;
}

static void check_dates_and_recipient(struct ob2 *x)
{
	json_t *a = x->assertion, *rcp = json_object_get(a, "recipient");

	verify_dates(x->r, json_object_get(a, "issuedOn") ? json_object_get(a, "issuedOn") :
		     json_object_get(a, "issued_on"), NULL, json_object_get(a, "expires"), 0);
	if (json_is_string(rcp))	/* 0.5: the identity itself, salt beside it */
		verify_recipient(x->r, json_string_value(rcp), json_str(a, "salt"),
				 strchr(json_string_value(rcp), '$') != NULL, x->o->recipients);
	else
		verify_recipient(x->r, json_str(rcp, "identity"), json_str(rcp, "salt"),
				 json_is_true(json_object_get(rcp, "hashed")), x->o->recipients);
}

/* ---- hosted ---------------------------------------------------------- */

static const char *hosted_url(const json_t *a)
{
	const char *url = json_str(json_object_get(a, "verify"), "url");	/* OB 1.0 */

	return url ? url : json_str(a, "id");
}

static void report_revoked(struct ob2 *x, const json_t *doc, const char *how)
{
	const char *why = json_str(doc, "revocationReason");

	report_add(x->r, "revocation", CHECK_FAIL, EFFECT_REVOKED, why ?
		   N_("the issuer revoked this badge (%s): %s") : N_("the issuer revoked this badge (%s)%s"),
		   how, why ? why : "");
}

/* Fetches the hosted copy; on success it replaces the stored one as the
 * assertion under test (kept in x->keep). */
static int fetch_hosted(struct ob2 *x, const char *url)
{
	struct err e = ERR_INIT;
	struct fetched f;

	if (verify_fetch(url, x->o, &f, &e) < 0) {
		report_incomplete(x->r, "hosted", "could not fetch the hosted badge '%s': %s", url, e.msg);
		return -1;
	}
	if (f.status == 410) {
		report_revoked(x, f.doc, "HTTP 410 Gone");
	} else if (server_trouble(f.status)) {
		report_incomplete(x->r, "hosted", "the hosted badge '%s' is unavailable (HTTP %ld)", url,
				  f.status);
	} else if (f.status != 200 || !f.doc) {
		report_add(x->r, "hosted", CHECK_FAIL, EFFECT_INVALID, f.status != 200 ?
			   N_("the hosted badge '%s' answered HTTP %ld") :
			   N_("the hosted badge '%s' is not a JSON object"), url, f.status);
	} else if (json_is_true(json_object_get(f.doc, "revoked"))) {
		report_revoked(x, f.doc, "\"revoked\": true");
	} else {
		report_add(x->r, "hosted", CHECK_PASS, EFFECT_NONE, "fetched the hosted badge '%s'", url);
		json_array_append(x->keep, f.doc);
		fetched_release(&f);
		return 0;
	}
	fetched_release(&f);
	return -1;
}

static void compare_copies(struct ob2 *x, json_t *stored, const char *url)
{
	json_t *hosted = json_array_get(x->keep, json_array_size(x->keep) - 1);
	const char *hid = json_str(hosted, "id");

	if (json_equal(stored, hosted))
		report_add(x->r, "hosted-copy", CHECK_PASS, EFFECT_NONE,
			   "the hosted copy matches the stored one");
	else
		report_add(x->r, "hosted-copy", CHECK_WARN, EFFECT_NONE,
			   "the hosted copy differs from the stored one; the hosted copy was checked");
	if (hid && strcmp(hid, url) != 0)
		report_add(x->r, "hosted-copy", CHECK_FAIL, EFFECT_INVALID,
			   "the hosted copy has another id ('%s')", hid);
	x->assertion = hosted;
}

/* The origin (scheme://authority) of an https URL into out. */
static int origin_of(const char *url, char *out, size_t size)
{
	const char *p = strstr(url ? url : "", "://"), *end;

	if (!p)
		return -1;
	end = strchr(p + 3, '/');
	if (!end)
		end = p + strlen(p);
	if ((size_t)(end - url) >= size)
		return -1;
	memcpy(out, url, (size_t)(end - url));
	out[end - url] = '\0';
	return 0;
}

static int host_is(const char *url, const char *host)
{
	char origin[512];
	const char *h;
	size_t n = strlen(host);

	if (origin_of(url, origin, sizeof(origin)) < 0)
		return 0;
	h = strstr(origin, "://") + 3;
	return !strncmp(h, host, n) && (h[n] == '\0' || h[n] == ':');
}

static int any_string(const json_t *v, int (*match)(const char *, const char *), const char *url)
{
	json_t *e;
	size_t i;

	if (json_is_string(v))
		return match(url, json_string_value(v));
	json_array_foreach(v, i, e)
		if (json_is_string(e) && match(url, json_string_value(e)))
			return 1;
	return 0;
}

static int starts_with(const char *url, const char *prefix)
{
	return !strncmp(url, prefix, strlen(prefix));
}

/* The badge must live where its issuer says its badges live: the issuer's
 * verification policy, by default the issuer's own origin. */
static void check_scope(struct ob2 *x, const char *url)
{
	json_t *policy = json_object_get(x->issuer, "verification");
	json_t *origins = json_object_get(policy, "allowedOrigins");
	json_t *prefixes = json_object_get(policy, "startsWith");
	char mine[512], theirs[512];
	int ok;

	if (origins || prefixes) {
		ok = (!origins || any_string(origins, host_is, url)) &&
		     (!prefixes || any_string(prefixes, starts_with, url));
	} else {
		ok = origin_of(url, mine, sizeof(mine)) == 0 &&
		     origin_of(json_str(x->issuer, "id"), theirs, sizeof(theirs)) == 0 &&
		     !strcmp(mine, theirs);
	}
	if (ok)
		report_add(x->r, "scope", CHECK_PASS, EFFECT_NONE,
			   "the badge is hosted where its issuer hosts badges");
	else
		report_add(x->r, "scope", CHECK_FAIL, EFFECT_INVALID,
			   "the badge '%s' is hosted outside its issuer's origin or allowed places", url);
}

static void verify_hosted(struct ob2 *x)
{
	const char *url = hosted_url(x->assertion);

	if (!url || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))) {
		report_add(x->r, "hosted", CHECK_FAIL, EFFECT_INVALID,
			   "a hosted badge needs an https URL as its id");
		return;
	}
	if (fetch_hosted(x, url) < 0)
		return;
	compare_copies(x, x->assertion, url);
	if (check_badge_and_issuer(x) == 0)
		check_scope(x, url);
	check_dates_and_recipient(x);
}

/* ---- signed ---------------------------------------------------------- */

static int lists_key(const json_t *v, const char *key)
{
	json_t *e;
	size_t i;

	if (id_of(v) && !strcmp(id_of(v), key))
		return 1;
	json_array_foreach(v, i, e)
		if (id_of(e) && !strcmp(id_of(e), key))
			return 1;
	return 0;
}

/* The key the badge names must be one its issuer lists, and say so
 * itself (owner): both directions, or anyone could sign. */
static json_t *trusted_key(struct ob2 *x, const char *creator)
{
	json_t *ref = json_string(creator);
	json_t *key = resolve(x, ref, "key", "signing key", CHECK_ONLY);

	json_decref(ref);
	if (!key)
		return NULL;
	if (!json_str(key, "publicKeyPem")) {
		report_add(x->r, "key", CHECK_FAIL, EFFECT_INVALID, "the key '%s' has no publicKeyPem", creator);
		return NULL;
	}
	if (!lists_key(json_object_get(x->issuer, "publicKey"), creator) ||
	    !json_str(key, "owner") || strcmp(json_str(key, "owner"), json_str(x->issuer, "id") ?
					      json_str(x->issuer, "id") : "")) {
		report_add(x->r, "key", CHECK_FAIL, EFFECT_INVALID,
			   "the key '%s' and the issuer do not name each other (publicKey, owner)", creator);
		return NULL;
	}
	report_add(x->r, "key", CHECK_PASS, EFFECT_NONE, "the issuer lists the key '%s'", creator);
	return key;
}

/* 0 when the signature verifies, -1 (reported) when not. */
static int check_signature(struct ob2 *x, const char *text, size_t len, const char *alg,
			   const char *pem)
{
	struct err e = ERR_INIT;

	if (sig_verify_jws(text, len, alg, NULL, pem, &e) < 0) {
		report_add(x->r, "signature", CHECK_FAIL, EFFECT_INVALID, "%s", e.msg);
		return -1;
	}
	report_add(x->r, "signature", CHECK_PASS, EFFECT_NONE, "the %s signature verifies", alg);
	return 0;
}

static int revoked_entry(const json_t *e, const char *id, const char *uid)
{
	const char *s = json_is_string(e) ? json_string_value(e) : json_str(e, "id");

	if (json_is_false(json_object_get(e, "revoked")))
		return 0;
	return (s && id && !strcmp(s, id)) || (uid && json_str(e, "uid") && !strcmp(json_str(e, "uid"), uid));
}

static void check_revocation_list(struct ob2 *x)
{
	json_t *list, *e;
	const char *url = json_str(x->issuer, "revocationList");
	size_t i;

	if (!url) {
		report_add(x->r, "revocation", CHECK_PASS, EFFECT_NONE,
			   "the issuer publishes no revocation list");
		return;
	}
	e = json_string(url);
	list = resolve(x, e, "revocation", "revocation list", CHECK_ONLY);
	json_decref(e);
	if (!list)
		return;
	json_array_foreach(json_object_get(list, "revokedAssertions"), i, e) {
		if (revoked_entry(e, json_str(x->assertion, "id"), json_str(x->assertion, "uid"))) {
			report_revoked(x, e, "revocation list");
			return;
		}
	}
	report_add(x->r, "revocation", CHECK_PASS, EFFECT_NONE, "not on the issuer's revocation list");
}

static void verify_signed(struct ob2 *x, const struct cred *c, const char *text, size_t len)
{
	const char *alg = json_str(c->jose, "alg");
	const char *creator = json_str(json_object_get(x->assertion, "verification"), "creator");
	json_t *key;

	if (!alg || !strcmp(alg, "none")) {
		report_add(x->r, "signature", CHECK_FAIL, EFFECT_INVALID, "an unsigned JWS (alg none) is refused");
		return;
	}
	if (!creator) {
		report_add(x->r, "key", CHECK_FAIL, EFFECT_INVALID,
			   "the signed badge names no key ('verification.creator')");
		return;
	}
	if (check_badge_and_issuer(x) < 0)
		return;
	/* The revocation list is looked up by the assertion's id: without a
	 * verified signature that id is not the issuer's word, and a forged
	 * badge naming a revoked one would be called revoked, not invalid
	 * (as for an OB 3.0 status entry, ob3.c). */
	key = trusted_key(x, creator);
	if (key && check_signature(x, text, len, alg, json_str(key, "publicKeyPem")) == 0)
		check_revocation_list(x);
	else
		report_add(x->r, "revocation", CHECK_SKIP, EFFECT_NONE,
			   "not checked: without a verified signature the badge's id is not the "
			   "issuer's");
	check_dates_and_recipient(x);
}

void verify_ob2(const struct cred *c, const char *text, size_t len, const struct verify_opts *o,
		struct report *r)
{
	struct ob2 x = { o, r, c->doc, NULL, NULL, json_array() };
	const char *type = json_str(json_object_get(c->doc, "verification"), "type");

	if (!strcmp(c->version, "0.5"))
		report_incomplete(r, "verification", "Open Badges 0.5 badges carry nothing to verify "
				  "them against; satchel cannot check this one");
	else if (c->encoding == CRED_ENC_JWS)
		verify_signed(&x, c, text, len);
	else if (type && (!strcmp(type, "SignedBadge") || !strcmp(type, "signed")))
		report_incomplete(r, "signature", "this copy of a signed badge lacks its signature "
				  "(import the JWS or the baked image)");
	else
		verify_hosted(&x);
	json_decref(x.keep);
}
