/* test-di.c — Data Integrity against the W3C test vectors: hashData
 * byte for byte (proof hash first), then the signature with the did:key
 * of the proof; and the issuer binding that makes these vectors
 * (issuer https://vc.example/..., key did:key:...) fail as a whole. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/verify/internal.h"
#include "satchel/codec.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "testutil.h"

#define V "../shared/corpora/"

static const struct vector {
	const char *signed_json, *combined_hex;
	enum rdfc_hash h;
	const char *alg;
} vectors[] = {
	{ V "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json",
	  V "vc-di-eddsa/TestVectors/eddsa-rdfc-2022/combinedHashDataInt.txt", RDFC_SHA256, "EdDSA" },
	{ V "vc-di-eddsa/TestVectors/Ed25519Signature2020/signedEdSig.json",
	  V "vc-di-eddsa/TestVectors/Ed25519Signature2020/combinedHashEdSig.txt", RDFC_SHA256, "EdDSA" },
	{ V "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256/signedECDSAP256.json",
	  V "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p256/combinedHashECDSAP256.txt", RDFC_SHA256, "ES256" },
	{ V "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384/signedECDSAP384.json",
	  V "vc-di-ecdsa/TestVectors/ecdsa-rdfc-2019-p384/combinedHashECDSAP384.txt", RDFC_SHA384, "ES384" },
};

static json_t *load(const char *path)
{
	struct buf b;
	json_t *v;

	buf_init(&b, 1 << 20);
	if (file_read(path, b.max, &b, NULL) < 0) {
		buf_release(&b);
		return NULL;
	}
	v = json_strict_load(b.s, b.len, NULL);
	buf_release(&b);
	return v;
}

static char *load_text(const char *path)
{
	struct buf b;
	char *s;

	buf_init(&b, 1 << 16);
	file_read(path, b.max, &b, NULL);
	while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == ' '))
		b.s[--b.len] = '\0';
	s = buf_detach(&b, NULL);
	return s;
}

static void test_vector(void **state)
{
	const struct vector *v = *state;
	json_t *doc = load(v->signed_json), *proof;
	struct verify_opts o = { 1, 0, NULL };	/* offline: did:key needs no network */
	struct vm_key k = VM_KEY_INIT;
	struct err e = ERR_INIT;
	struct buf sig;
	uint8_t data[96];
	size_t len = 0;
	char *want, *got;

	if (!doc)
		skip();
	proof = json_object_get(doc, "proof");
	assert_int_equal(di_hash_data(doc, proof, NULL, v->h, data, &len, &e), 0);
	want = load_text(v->combined_hex);
	got = hex_encode(data, len);
	assert_string_equal(got, want);
	assert_int_equal(keys_resolve(json_str(proof, "verificationMethod"), NULL, &o, &k, &e), 0);
	buf_init(&sig, 256);
	assert_int_equal(multibase_decode(json_str(proof, "proofValue"),
					  strlen(json_str(proof, "proofValue")), &sig, &e), 0);
	assert_int_equal(sig_verify_key(k.pkey, v->alg, data, len, (uint8_t *)sig.s, sig.len, &e), 0);
	sig.s[0] ^= 1;	/* and a damaged signature fails */
	assert_int_equal(sig_verify_key(k.pkey, v->alg, data, len, (uint8_t *)sig.s, sig.len, &e), -1);
	buf_release(&sig);
	vm_key_release(&k);
	free(want);
	free(got);
	json_decref(doc);
}

/* The vectors' issuer is an https URL, their key a did:key: a verifier
 * that binds keys to issuers must refuse them (as the reference does). */
static void test_binding(void **state)
{
	json_t *doc = load(vectors[0].signed_json);
	struct verify_opts o = { 1, 0, NULL };
	struct report r = REPORT_INIT;

	(void)state;
	if (!doc)
		skip();
	verify_di_doc(doc, &o, &r);
	assert_string_equal(report_verdict(&r), "invalid");
	assert_non_null(strstr(r.checks[0].message, "not controlled by the issuer"));
	report_release(&r);
	json_decref(doc);
}

static void test_tampered(void **state)
{
	json_t *doc = load(vectors[0].signed_json), *proof;
	uint8_t a[96], b[96];
	size_t la, lb;
	struct err e = ERR_INIT;

	(void)state;
	if (!doc)
		skip();
	proof = json_object_get(doc, "proof");
	assert_int_equal(di_hash_data(doc, proof, NULL, RDFC_SHA256, a, &la, &e), 0);
	json_object_set_new(doc, "validFrom", json_string("2023-01-02T00:00:00Z"));
	assert_int_equal(di_hash_data(doc, proof, NULL, RDFC_SHA256, b, &lb, &e), 0);
	assert_memory_equal(a, b, 32);			/* proof hash first: unchanged */
	assert_memory_not_equal(a + 32, b + 32, 32);	/* document hash: changed */
	json_decref(doc);
}

/* report_json_add writes, byte for byte, what json_text_add writes of
 * report_json's object: random reports with every outcome and effect,
 * messages with escapes, U+0000-free controls, non-ASCII and bytes that
 * are not UTF-8, a missing target or id, no checks. */
static void test_report_text(void **state)
{
	static const char *const bits[] = {
		"ok", " ", "\"", "\\", "/", "\t", "\n", "\x01", "\x7F", "caf\xC3\xA9", "\xE2\x82\xAC",
		"\xF0\x9D\x84\x9E", "\xFF", "\xE2\x82", "status list entry 7", "'quoted'",
	};
	static const char *const names[] = { "parse", "proof", "status", "dates", "x\"y" };
	size_t round, k, indent, depth;

	(void)state;
	for (round = 0; round < 500; round++) {
		struct report r = REPORT_INIT;
		char target[64], msg[128];
		const char *id = tu_rand(2) ? "0123abcd" : NULL, *tgt;
		struct buf mine, theirs;
		int64_t when;
		json_t *rep;

		target[0] = '\0';
		for (k = tu_rand(4); k; k--)
			strncat(target, bits[tu_rand(16)], sizeof(target) - strlen(target) - 1);
		for (k = tu_rand(5); k; k--) {
			size_t m;

			msg[0] = '\0';
			for (m = tu_rand(5); m; m--)
				strncat(msg, bits[tu_rand(16)], sizeof(msg) - strlen(msg) - 1);
			if (tu_rand(4))
				report_add(&r, names[tu_rand(5)], (enum check_outcome)tu_rand(4),
					   (enum check_effect)tu_rand(6), "%s", msg);
			else
				report_incomplete(&r, names[tu_rand(5)], "%s", msg);
		}
		indent = tu_rand(2) ? 2 : tu_rand(5);
		depth = tu_rand(3);
		when = 1748736000 + (int64_t)tu_rand(100000);
		tgt = tu_rand(5) ? target : NULL;
		buf_init(&mine, 0);
		buf_init(&theirs, 0);
		buf_adds(&mine, "[", NULL);
		buf_adds(&theirs, "[", NULL);
		report_json_add(&r, tgt, id, when, &mine, indent, depth);
		rep = report_json(&r, tgt, id, when);
		assert_non_null(rep);
		assert_int_equal(json_text_add(&theirs, rep, JSON_INDENT(indent) | JSON_PRESERVE_ORDER,
					       depth), 0);
		assert_string_equal(mine.s, theirs.s);
		json_decref(rep);
		buf_release(&mine);
		buf_release(&theirs);
		report_release(&r);
	}
}

int main(void)
{
	struct CMUnitTest tests[sizeof(vectors) / sizeof(vectors[0]) + 3];
	size_t i;

	setenv("SATCHEL_DATADIR", "share", 0);
	for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		struct CMUnitTest t = { vectors[i].signed_json + strlen(V), test_vector, NULL, NULL,
					(void *)&vectors[i] };

		tests[i] = t;
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_binding);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_tampered);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_report_text);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
