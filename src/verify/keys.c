/* keys.c — verification methods to public keys: did:key, did:jwk,
 * did:web, https (SPECS.md sections 4-5 and pitfall 12).
 *
 * A key is only as good as its binding: besides the key itself this
 * module reports who controls it and whether that controller lists it
 * under assertionMethod, so the callers can insist that the controller
 * is the credential's issuer. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include "internal.h"
#include "satchel/codec.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

void vm_key_release(struct vm_key *k)
{
	EVP_PKEY_free(k->pkey);
	free(k->id);
	free(k->controller);
	memset(k, 0, sizeof(*k));
}

/* EC public key from an encoded point (compressed or uncompressed). */
static EVP_PKEY *ec_key(const char *group, const uint8_t *point, size_t len)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	OSSL_PARAM *params = NULL;
	EVP_PKEY *key = NULL;

	if (bld && ctx &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, len) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) && EVP_PKEY_fromdata_init(ctx) == 1)
		EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	return key;
}

static EVP_PKEY *rsa_key(const uint8_t *n, size_t nlen, const uint8_t *e, size_t elen)
{
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	BIGNUM *bn = BN_bin2bn(n, (int)nlen, NULL), *be = BN_bin2bn(e, (int)elen, NULL);
	OSSL_PARAM *params = NULL;
	EVP_PKEY *key = NULL;

	if (bld && ctx && bn && be && OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn) &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, be) &&
	    (params = OSSL_PARAM_BLD_to_param(bld)) && EVP_PKEY_fromdata_init(ctx) == 1)
		EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	EVP_PKEY_CTX_free(ctx);
	BN_free(bn);
	BN_free(be);
	return key;
}

/* Multikey headers (multicodec varints) and their keys. */
static const struct { uint8_t h0, h1; size_t len; const char *group; } multikeys[] = {
	{ 0xed, 0x01, 32, NULL },	/* Ed25519 */
	{ 0x80, 0x24, 33, "P-256" },
	{ 0x81, 0x24, 49, "P-384" },
};

EVP_PKEY *keys_from_multikey(const char *mb, struct err *err)
{
	struct buf b;
	EVP_PKEY *key = NULL;
	size_t i;

	buf_init(&b, 1024);
	if (!mb || multibase_decode(mb, strlen(mb), &b, err) < 0) {
		buf_release(&b);
		return NULL;
	}
	for (i = 0; i < sizeof(multikeys) / sizeof(multikeys[0]) && !key; i++) {
		const uint8_t *p = (const uint8_t *)b.s;

		if (b.len != 2 + multikeys[i].len || p[0] != multikeys[i].h0 || p[1] != multikeys[i].h1)
			continue;
		key = multikeys[i].group ? ec_key(multikeys[i].group, p + 2, multikeys[i].len) :
		      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, p + 2, 32);
		if (!key)
			err_set(err, ERR_FORMAT, "the key '%.20s...' is not a valid point", mb);
		buf_release(&b);
		return key;
	}
	buf_release(&b);
	err_set(err, ERR_FORMAT, "'%.24s...' is not an Ed25519, P-256 or P-384 Multikey", mb);
	return NULL;
}

/* base64url member of a JWK into out; 0 or -1. */
static int jwk_part(const json_t *jwk, const char *name, struct buf *out, struct err *err)
{
	const char *s = json_str(jwk, name);

	if (!s)
		return err_set(err, ERR_FORMAT, "the JWK has no '%s'", name);
	return b64url_decode(s, strlen(s), out, err);
}

static EVP_PKEY *jwk_ec(const json_t *jwk, struct err *err)
{
	const char *crv = json_str(jwk, "crv");
	const char *group = crv && !strcmp(crv, "P-256") ? "P-256" :
			    crv && !strcmp(crv, "P-384") ? "P-384" : NULL;
	size_t n = group && !strcmp(group, "P-384") ? 48 : 32;
	struct buf pt;
	EVP_PKEY *key = NULL;

	buf_init(&pt, 256);
	if (!group)
		err_set(err, ERR_FORMAT, "EC curve '%s' is not supported", crv ? crv : "?");
	else if (buf_addc(&pt, 4, err) == 0 && jwk_part(jwk, "x", &pt, err) == 0 &&
		 jwk_part(jwk, "y", &pt, err) == 0 && pt.len == 1 + 2 * n &&
		 !(key = ec_key(group, (uint8_t *)pt.s, pt.len)))
		err_set(err, ERR_FORMAT, "the EC JWK is not a valid point");
	else if (group && !key && pt.len != 1 + 2 * n)
		err_set(err, ERR_FORMAT, "the EC JWK has coordinates of the wrong size");
	buf_release(&pt);
	return key;
}

static EVP_PKEY *jwk_rsa(const json_t *jwk, struct err *err)
{
	struct buf n, e;
	EVP_PKEY *key = NULL;

	buf_init(&n, 2048);
	buf_init(&e, 64);
	if (jwk_part(jwk, "n", &n, err) == 0 && jwk_part(jwk, "e", &e, err) == 0 &&
	    !(key = rsa_key((uint8_t *)n.s, n.len, (uint8_t *)e.s, e.len)))
		err_set(err, ERR_FORMAT, "the RSA JWK is not a valid key");
	buf_release(&n);
	buf_release(&e);
	return key;
}

static EVP_PKEY *jwk_okp(const json_t *jwk, struct err *err)
{
	struct buf x;
	EVP_PKEY *key = NULL;

	buf_init(&x, 64);
	if (!json_str(jwk, "crv") || strcmp(json_str(jwk, "crv"), "Ed25519"))
		err_set(err, ERR_FORMAT, "OKP curve '%s' is not supported",
			json_str(jwk, "crv") ? json_str(jwk, "crv") : "?");
	else if (jwk_part(jwk, "x", &x, err) == 0 &&
		 !(key = x.len == 32 ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL,
								 (uint8_t *)x.s, 32) : NULL))
		err_set(err, ERR_FORMAT, "the Ed25519 JWK has a key of the wrong size");
	buf_release(&x);
	return key;
}

EVP_PKEY *keys_from_jwk(const json_t *jwk, struct err *err)
{
	const char *kty = json_str(jwk, "kty");

	if (json_str(jwk, "d")) {	/* a private key published by mistake */
		err_set(err, ERR_FORMAT, "the JWK contains a private key");
		return NULL;
	}
	if (kty && !strcmp(kty, "EC"))
		return jwk_ec(jwk, err);
	if (kty && !strcmp(kty, "RSA"))
		return jwk_rsa(jwk, err);
	if (kty && !strcmp(kty, "OKP"))
		return jwk_okp(jwk, err);
	err_set(err, ERR_FORMAT, "JWK key type '%s' is not supported", kty ? kty : "?");
	return NULL;
}

/* ---- resolution ------------------------------------------------------ */

/* Splits "did:...#frag" into the document part (owned) and *frag. */
static char *doc_part(const char *vm, const char **frag)
{
	const char *hash = strchr(vm, '#');

	*frag = hash ? hash + 1 : NULL;
	return hash ? xstrndup(vm, (size_t)(hash - vm)) : xstrdup(vm);
}

static int set_key(struct vm_key *out, EVP_PKEY *key, const char *id, const char *controller,
		   int assertion)
{
	if (!key)
		return -1;
	out->pkey = key;
	out->id = xstrdup(id);
	out->controller = xstrdup(controller);
	out->assertion = assertion;
	out->authentication = assertion;	/* DID methods that list the key everywhere */
	return 0;
}

/* The keys of the last did:keys met: a wallet holds many badges from few
 * issuers, and decoding the key and making an EVP_PKEY costs about a
 * tenth of checking an Ed25519 signature.  A did:key is its own key, so
 * there is nothing that could go stale.  Entries live for the process. */
#define DID_KEY_CACHE 16

static struct {
	char *mb;
	EVP_PKEY *key;
} did_keys[DID_KEY_CACHE];
static size_t did_keys_next;

static EVP_PKEY *did_key_pkey(const char *mb, struct err *err)
{
	EVP_PKEY *key;
	size_t i;

	for (i = 0; i < DID_KEY_CACHE && did_keys[i].mb; i++)
		if (!strcmp(did_keys[i].mb, mb))
			return EVP_PKEY_up_ref(did_keys[i].key) == 1 ? did_keys[i].key : NULL;
	if (!(key = keys_from_multikey(mb, err)) || EVP_PKEY_up_ref(key) != 1)
		return key;
	i = did_keys_next;
	did_keys_next = (did_keys_next + 1) % DID_KEY_CACHE;
	free(did_keys[i].mb);
	EVP_PKEY_free(did_keys[i].key);
	did_keys[i].mb = xstrdup(mb);
	did_keys[i].key = key;
	return key;
}

/* did:key: the key is the identifier; its document lists it for every
 * purpose, assertionMethod included. */
static int resolve_did_key(const char *vm, struct vm_key *out, struct err *err)
{
	const char *frag;
	char *did = doc_part(vm, &frag), *id;
	const char *mb = did + strlen("did:key:");
	int rc;

	if (frag && strcmp(frag, mb) != 0) {
		free(did);
		return err_set(err, ERR_FORMAT, "'%s': the fragment must repeat the did:key", vm);
	}
	id = xasprintf("%s#%s", did, mb);
	rc = set_key(out, did_key_pkey(mb, err), id, did, 1);
	free(id);
	free(did);
	return rc;
}

static int resolve_did_jwk(const char *vm, struct vm_key *out, struct err *err)
{
	const char *frag;
	char *did = doc_part(vm, &frag), *id;
	const char *b64 = did + strlen("did:jwk:");
	struct buf b;
	json_t *jwk = NULL;
	int rc = -1;

	buf_init(&b, 8192);
	if (frag && strcmp(frag, "0") != 0)
		err_set(err, ERR_FORMAT, "'%s': a did:jwk has only the method #0", vm);
	else if (b64url_decode(b64, strlen(b64), &b, err) == 0 &&
		 (jwk = json_strict_load(b.s, b.len, err)) != NULL) {
		/* did:jwk: a key for encryption ("use": "enc") is only for key
		 * agreement, never for assertions. */
		const char *use = json_str(jwk, "use");

		id = xasprintf("%s#0", did);
		rc = set_key(out, keys_from_jwk(jwk, err), id, did, !use || strcmp(use, "enc") != 0);
		free(id);
	}
	json_decref(jwk);
	buf_release(&b);
	free(did);
	return rc;
}

/* did:web:host%3Aport:path:to -> https://host:port/path/to/did.json;
 * without a path -> https://host/.well-known/did.json.  NULL with err
 * unless the DID is one: DID Core's idchar only (letters, digits, '.',
 * '-', '_', %XX) with ':' between the parts, a domain name that is not an
 * IP address (did:web), a port of digits.  Anything else could name
 * another host than it shows: "did:web:trusted.edu@evil.example" is
 * evil.example to a URL parser. */
static char *did_web_url(const char *did, struct err *err)
{
	const char *msid = did + strlen("did:web:"), *p, *host_end = strchr(msid, ':');
	size_t host_len = host_end ? (size_t)(host_end - msid) : strlen(msid), i, digits = 0;
	const char *port = NULL;
	struct buf u;

	for (p = msid; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".-_:", *p) &&
		    !(*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])))
			goto bad;
	for (i = 0; i + 3 <= host_len && !port; i++)
		if (!strncasecmp(msid + i, "%3A", 3))
			port = msid + i;
	if (port) {
		for (p = port + 3; p < msid + host_len; p++, digits++)
			if (!isdigit((unsigned char)*p))
				goto bad;
		if (!digits)
			goto bad;
		host_len = (size_t)(port - msid);
	}
	for (i = 0; i < host_len && (isdigit((unsigned char)msid[i]) || msid[i] == '.'); i++)
		;
	if (!host_len || i == host_len || memchr(msid, '%', host_len))
		goto bad;	/* empty, an IPv4 address, or an encoded character */
	buf_init(&u, 2048);
	buf_adds(&u, "https://", NULL);
	buf_add(&u, msid, host_len, NULL);
	if (port) {
		buf_addc(&u, ':', NULL);
		buf_add(&u, port + 3, digits, NULL);
	}
	for (p = host_end; p && *p; p++)
		buf_addc(&u, *p == ':' ? '/' : *p, NULL);
	buf_adds(&u, host_end ? "/did.json" : "/.well-known/did.json", NULL);
	return buf_detach(&u, NULL);
bad:
	err_set(err, ERR_FORMAT, "'%.200s' is not a did:web (a domain name, then ':'-separated path "
		"parts)", did);
	return NULL;
}

/* An id in a controller document, absolute or relative ("#key-1"). */
static int same_id(const char *a, const char *doc_id, const char *want)
{
	char *abs;
	int eq;

	if (!a)
		return 0;
	if (a[0] != '#')
		return !strcmp(a, want);
	abs = xasprintf("%s%s", doc_id ? doc_id : "", a);
	eq = !strcmp(abs, want);
	free(abs);
	return eq;
}

static json_t *find_vm(const json_t *doc, const char *vm)
{
	static const char *const lists[] = { "verificationMethod", "assertionMethod",
					     "authentication", "publicKey" };
	const char *doc_id = json_str(doc, "id");
	json_t *e;
	size_t i, k;

	for (k = 0; k < sizeof(lists) / sizeof(lists[0]); k++)
		json_array_foreach(json_object_get(doc, lists[k]), i, e)
			if (json_is_object(e) && same_id(json_str(e, "id"), doc_id, vm))
				return e;
	return NULL;
}

/* Whether the relationship rel of doc (a set; one entry alone counts as
 * a set of one, as JSON-LD reads it) lists vm, by reference or embedded. */
static int lists_in(const json_t *doc, const char *rel, const char *vm)
{
	const char *doc_id = json_str(doc, "id");
	const json_t *set = json_object_get(doc, rel), *e;
	size_t i, n = json_is_array(set) ? json_array_size(set) : set ? 1 : 0;

	for (i = 0; i < n; i++) {
		e = json_is_array(set) ? json_array_get(set, i) : set;
		if (same_id(json_is_string(e) ? json_string_value(e) : json_str(e, "id"), doc_id, vm))
			return 1;
	}
	return 0;
}

static EVP_PKEY *key_multibase(const json_t *m, struct err *err)
{
	const char *mb = json_str(m, "publicKeyMultibase");

	if (!mb) {
		err_set(err, ERR_FORMAT, "the verification method has no publicKeyMultibase");
		return NULL;
	}
	return keys_from_multikey(mb, err);
}

static EVP_PKEY *key_jwk(const json_t *m, struct err *err)
{
	const json_t *jwk = json_object_get(m, "publicKeyJwk");

	if (!json_is_object(jwk)) {
		err_set(err, ERR_FORMAT, "the verification method has no publicKeyJwk");
		return NULL;
	}
	return keys_from_jwk(jwk, err);
}

/* Ed25519VerificationKey2018: the raw key in base58. */
static EVP_PKEY *key_base58(const json_t *m, struct err *err)
{
	const char *b58 = json_str(m, "publicKeyBase58");
	struct buf b;
	EVP_PKEY *k = NULL;

	buf_init(&b, 64);
	if (b58 && b58_decode(b58, strlen(b58), &b, err) == 0 && b.len == 32)
		k = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, (uint8_t *)b.s, 32);
	if (!k)
		err_set(err, ERR_FORMAT, "publicKeyBase58 is not an Ed25519 key");
	buf_release(&b);
	return k;
}

/* The verification method types satchel reads, and where each keeps its
 * key (Data Integrity, CID 1.0 and the suites' specs; SPECS.md 5.8). */
static const struct {
	const char *type;
	EVP_PKEY *(*key)(const json_t *m, struct err *err);
} vm_types[] = {
	{ "Multikey", key_multibase },
	{ "Ed25519VerificationKey2020", key_multibase },
	{ "EcdsaSecp256r1VerificationKey2019", key_multibase },
	{ "JsonWebKey", key_jwk },
	{ "JsonWebKey2020", key_jwk },
	{ "Ed25519VerificationKey2018", key_base58 },
};

/* The key of a verification method object, by the property its type uses. */
static EVP_PKEY *vm_pkey(const json_t *m, struct err *err)
{
	const char *type = json_str(m, "type");
	size_t i;

	for (i = 0; type && i < sizeof(vm_types) / sizeof(vm_types[0]); i++)
		if (!strcmp(type, vm_types[i].type))
			return vm_types[i].key(m, err);
	err_set(err, ERR_FORMAT, "verification method type '%.100s' is not supported",
		type ? type : "(none)");
	return NULL;
}

/* A controller document (a DID document, or one at an https URL). */
static int from_controller_doc(const json_t *doc, const char *doc_url, const char *vm,
			       struct vm_key *out, struct err *err)
{
	const json_t *m = find_vm(doc, vm);
	const char *ctl = json_str(m, "controller");

	if (!json_str(doc, "id") || strcmp(json_str(doc, "id"), doc_url) != 0)
		return err_set(err, ERR_FORMAT, "the document at '%s' has another id", doc_url);
	if (!m)
		return err_set(err, ERR_FORMAT, "'%s' lists no verification method '%s'", doc_url, vm);
	if (!ctl || strcmp(ctl, doc_url) != 0)
		return err_set(err, ERR_FORMAT, "the method '%s' is controlled by '%s', not by its document",
			       vm, ctl ? ctl : "nobody");
	if (set_key(out, vm_pkey(m, err), vm, doc_url, lists_in(doc, "assertionMethod", vm)) < 0)
		return -1;
	out->authentication = lists_in(doc, "authentication", vm);
	return 0;
}

static int fetch_doc(const char *url, const struct verify_opts *o, json_t **doc, struct err *err)
{
	struct fetched f;

	if (verify_fetch(url, o, &f, err) < 0)
		return -1;
	if (f.status != 200 || !f.doc) {
		err_set(err, ERR_HTTP, "'%s' answered HTTP %ld%s", url, f.status,
			f.doc ? "" : " without a JSON document");
		fetched_release(&f);
		return -1;
	}
	*doc = json_incref(f.doc);
	fetched_release(&f);
	return 0;
}

static int resolve_did_web(const char *vm, const struct verify_opts *o, struct vm_key *out,
			   struct err *err)
{
	const char *frag;
	char *did = doc_part(vm, &frag), *url = did_web_url(did, err);
	json_t *doc = NULL;
	int rc = url ? fetch_doc(url, o, &doc, err) : -1;

	if (rc == 0)
		rc = from_controller_doc(doc, did, vm, out, err);
	json_decref(doc);
	free(url);
	free(did);
	return rc;
}

/* The origin of an https URL (scheme://authority); caller owns it. */
static char *origin(const char *url)
{
	const char *p = strstr(url, "://"), *end = p ? strchr(p + 3, '/') : NULL;

	return p ? xstrndup(url, end ? (size_t)(end - url) : strlen(url)) : xstrdup(url);
}

/* An https key URL: a bare JWK (OB 3.0 kid), a verification method
 * (with its controller document checked), or a controller document. */
static int resolve_https(const char *vm, const struct verify_opts *o, struct vm_key *out,
			 struct err *err)
{
	const char *frag;
	char *url = doc_part(vm, &frag), *ctl;
	json_t *doc = NULL;
	int rc = fetch_doc(url, o, &doc, err);

	if (rc == 0 && json_str(doc, "kty")) {
		/* A JWK names no controller: the key URL's origin stands for it,
		 * and the caller compares that with the issuer's origin. */
		ctl = origin(url);
		rc = set_key(out, keys_from_jwk(doc, err), vm, ctl, 1);
		free(ctl);
	} else if (rc == 0 && json_str(doc, "controller") && !frag) {
		const char *c = json_str(doc, "controller");
		char *where = !strncmp(c, "did:web:", 8) ? did_web_url(c, err) : xstrdup(c);
		json_t *cdoc = NULL;

		/* the controller may be a DID: its document, not the DID as a URL */
		rc = !where ? -1 : strncmp(c, "did:", 4) || !strncmp(c, "did:web:", 8) ?
		     fetch_doc(where, o, &cdoc, err) :
		     err_set(err, ERR_FORMAT, "controller '%s' of '%s' cannot be resolved", c, vm);
		free(where);
		if (rc == 0)
			rc = from_controller_doc(cdoc, json_str(doc, "controller"), vm, out, err);
		json_decref(cdoc);
	} else if (rc == 0) {
		rc = from_controller_doc(doc, url, vm, out, err);
	}
	json_decref(doc);
	free(url);
	return rc;
}

int keys_resolve(const char *vm, const char *base, const struct verify_opts *o,
		 struct vm_key *out, struct err *err)
{
	char *abs = vm && vm[0] == '#' && base ? xasprintf("%s%s", base, vm) : xstrdup(vm);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!abs)
		rc = err_set(err, ERR_FORMAT, "no verification method given");
	else if (!strncmp(abs, "did:key:", 8))
		rc = resolve_did_key(abs, out, err);
	else if (!strncmp(abs, "did:jwk:", 8))
		rc = resolve_did_jwk(abs, out, err);
	else if (!strncmp(abs, "did:web:", 8))
		rc = resolve_did_web(abs, o, out, err);
	else if (!strncmp(abs, "https://", 8))
		rc = resolve_https(abs, o, out, err);
	else
		rc = err_set(err, ERR_FORMAT, "cannot resolve the verification method '%s' "
			     "(did:key, did:jwk, did:web and https are supported)", abs);
	if (rc < 0)
		vm_key_release(out);
	free(abs);
	return rc;
}
