/* fuzz-did.c — libFuzzer target for the key side of verification
 * (src/verify/keys.c): JWKs, Multikeys, did:key, did:jwk, and controller
 * documents (DID documents and https key documents).
 *
 * One input is used every way it can be:
 *   - as text: keys_from_multikey(), and keys_resolve() of "did:key:" +
 *     the text (the fragment rules too) and of "did:web:" + the text (its
 *     syntax; offline, so nothing is fetched);
 *   - as JSON: keys_from_jwk(), and keys_resolve() of "did:jwk:" +
 *     base64url(input), which parses it as the DID's JWK;
 *   - as a controller document, without a network: the input is put in
 *     the HTTP cache as the answer for a did:web document and for an https
 *     key URL, and keys_resolve() runs offline, which answers from the
 *     cache only.  The methods resolved are fixed ids plus the first id
 *     the document itself names, so that matching succeeds now and then.
 *
 * Invariants: a failure always says why (err.msg), and a success hands
 * back a key, an id and a controller.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/codec.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "../../src/net/cache.h"
#include "../../src/verify/internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define WEB_DID		"did:web:did.example"
#define WEB_DOC_URL	"https://did.example/.well-known/did.json"
#define HTTPS_KEY_URL	"https://keys.example/key-1.json"

static char *cache_dir;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void cache_cleanup(void)
{
	nftw(cache_dir, remove_one, 8, FTW_DEPTH | FTW_PHYS);
	free(cache_dir);
}

/* The cache is a directory of files: one private to this process, so
 * that nothing the fuzzer writes meets a real wallet's cache.  Each store
 * is fsync()ed, which on a disk limits the fuzzer to some 40 runs a
 * second: use memory (/dev/shm) when there is some. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char shm[] = "/dev/shm/fuzz-did.XXXXXX", tmp[] = "/tmp/fuzz-did.XXXXXX";
	const char *dir;

	(void)argc;
	(void)argv;
	dir = mkdtemp(shm);
	if (!dir)
		dir = mkdtemp(tmp);
	if (!dir)
		abort();
	cache_dir = strdup(dir);
	atexit(cache_cleanup);
	setenv("SATCHEL_CACHE_DIR", cache_dir, 1);
	unsetenv("SATCHEL_NOW");
	return 0;
}

static void check_key(EVP_PKEY *k, const struct err *e)
{
	if (!k && !e->msg[0])
		abort();	/* refused without saying why */
	EVP_PKEY_free(k);
}

/* keys_resolve and its contract: all or nothing, and a reason. */
static void resolve(const char *vm, const struct verify_opts *o)
{
	struct vm_key k = VM_KEY_INIT;
	struct err e = ERR_INIT;

	if (keys_resolve(vm, WEB_DID, o, &k, &e) == 0) {
		if (!k.pkey || !k.id || !k.controller)
			abort();
	} else if (k.pkey || k.id || k.controller || !e.msg[0]) {
		abort();
	}
	vm_key_release(&k);
}

static void as_text(const char *text)
{
	struct verify_opts offline = { 0 };
	struct err e = ERR_INIT;
	char *did;

	check_key(keys_from_multikey(text, &e), &e);
	did = malloc(strlen(text) + sizeof("did:key:"));
	if (!did)
		abort();
	sprintf(did, "did:key:%s", text);
	resolve(did, NULL);
	free(did);
	/* did:web syntax (offline: a DID that parses finds no document) */
	did = malloc(strlen(text) + sizeof("did:web:#k"));
	if (!did)
		abort();
	sprintf(did, "did:web:%s#k", text);
	offline.offline = 1;
	resolve(did, &offline);
	free(did);
}

static void as_json(const uint8_t *data, size_t size)
{
	json_t *j = json_strict_load((const char *)data, size, NULL);
	struct err e = ERR_INIT;
	char *b64, *did;

	if (json_is_object(j))
		check_key(keys_from_jwk(j, &e), &e);
	json_decref(j);
	b64 = b64url_encode(data, size);
	did = malloc(strlen(b64) + sizeof("did:jwk:#0"));
	if (!did)
		abort();
	sprintf(did, "did:jwk:%s#0", b64);
	resolve(did, NULL);
	free(did);
	free(b64);
}

/* Stores data as a fresh 200 answer for url. */
static void cache_put(const char *url, const uint8_t *data, size_t size)
{
	struct net_cache_entry ce = NET_CACHE_ENTRY_INIT;

	ce.url = (char *)url;		/* only read: the entry is not released */
	ce.status = 200;
	ce.fetched_at = time_now();
	buf_init(&ce.body, 0);
	if (buf_add(&ce.body, data, size, NULL) < 0 || net_cache_store(cache_dir, &ce, NULL) < 0)
		abort();
	buf_release(&ce.body);
}

/* The first verification method id the document names, if any. */
static char *first_vm_id(const uint8_t *data, size_t size)
{
	json_t *j = json_strict_load((const char *)data, size, NULL);
	json_t *vm = json_array_get(json_object_get(j, "verificationMethod"), 0);
	const char *id = json_str(vm, "id");
	char *s = id ? strdup(id) : NULL;

	json_decref(j);
	return s;
}

static void as_controller_doc(const uint8_t *data, size_t size)
{
	static const char *const fixed[] = {
		WEB_DID "#key-1", "#key-1", HTTPS_KEY_URL, HTTPS_KEY_URL "#key-1",
	};
	struct verify_opts o = { 0 };
	char *id = first_vm_id(data, size);
	size_t i;

	o.offline = 1;
	cache_put(WEB_DOC_URL, data, size);
	cache_put(HTTPS_KEY_URL, data, size);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		resolve(fixed[i], &o);
	if (id)
		resolve(id, &o);
	free(id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text;

	if (size > 65536)
		return 0;
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	if (strlen(text) == size)	/* C strings cannot hold a NUL */
		as_text(text);
	free(text);
	as_json(data, size);
	as_controller_doc(data, size);
	return 0;
}
