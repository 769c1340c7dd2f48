/* sig.c — JWS-style signature verification with OpenSSL
 * (include/satchel/verify.h: sig_verify_pem). */
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include "internal.h"
#include "satchel/codec.h"
#include "satchel/jws.h"

/* JWS algorithms: digest, key type, and the raw size of an ECDSA
 * signature (r || s), which must be turned into DER for OpenSSL. */
static const struct alg {
	const char *name;
	const char *digest;	/* NULL: EdDSA signs the message itself */
	int key_type;
	size_t ec_raw;
} algs[] = {
	{ "RS256", "SHA256", EVP_PKEY_RSA, 0 },
	{ "ES256", "SHA256", EVP_PKEY_EC, 64 },
	{ "ES384", "SHA384", EVP_PKEY_EC, 96 },
	{ "EdDSA", NULL, EVP_PKEY_ED25519, 0 },
};

static const struct alg *find_alg(const char *name)
{
	size_t i;

	for (i = 0; name && i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(algs[i].name, name))
			return &algs[i];
	return NULL;
}

/* r || s (big-endian halves) to a DER ECDSA-Sig-Value; *der is owned
 * by the caller (OPENSSL_free). */
static int ec_raw_to_der(const uint8_t *sig, size_t len, unsigned char **der, int *dlen)
{
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)(len / 2), NULL);
	BIGNUM *s = BN_bin2bn(sig + len / 2, (int)(len / 2), NULL);

	if (!es || !r || !s || !ECDSA_SIG_set0(es, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(es);
		return -1;
	}
	*der = NULL;
	*dlen = i2d_ECDSA_SIG(es, der);
	ECDSA_SIG_free(es);
	return *dlen > 0 ? 0 : -1;
}

/* The contexts of the last Ed25519 keys.  EdDSA is one-shot, so a
 * context set up once serves any number of EVP_DigestVerify calls,
 * passing or failing; setting one up (fetching the algorithm, handing the
 * key to the provider) costs about 4 % of a check, and a wallet's badges
 * come from few issuers, in any order (as many as the did:key cache of
 * keys.c keeps).  An entry holds a reference to its key, so that the
 * key's address cannot be reused for another key while it is here.
 * Verification runs on one thread (TUI jobs are processes). */
#define ED_CONTEXTS 16

static struct {
	EVP_PKEY *key;
	EVP_MD_CTX *ctx;
} ed_ctx[ED_CONTEXTS];
static size_t ed_next;

static EVP_MD_CTX *ed_context(EVP_PKEY *key)
{
	EVP_MD_CTX *ctx;
	size_t i;

	for (i = 0; i < ED_CONTEXTS && ed_ctx[i].key; i++)
		if (ed_ctx[i].key == key)
			return ed_ctx[i].ctx;
	if (!(ctx = EVP_MD_CTX_new()))
		return NULL;
	if (EVP_DigestVerifyInit_ex(ctx, NULL, NULL, NULL, NULL, key, NULL) != 1 ||
	    EVP_PKEY_up_ref(key) != 1) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	i = ed_next;
	ed_next = (ed_next + 1) % ED_CONTEXTS;
	EVP_MD_CTX_free(ed_ctx[i].ctx);
	EVP_PKEY_free(ed_ctx[i].key);
	ed_ctx[i].key = key;
	ed_ctx[i].ctx = ctx;
	return ctx;
}

static int verify_with(EVP_PKEY *key, const struct alg *a, const void *msg, size_t mlen,
		       const uint8_t *sig, size_t slen, struct err *err)
{
	EVP_MD_CTX *ctx = NULL, *ed = NULL;
	unsigned char *der = NULL;
	int dlen = (int)slen, ok = 0;
	const unsigned char *s = sig;

	if (a->ec_raw) {
		if (slen != a->ec_raw || ec_raw_to_der(sig, slen, &der, &dlen) < 0)
			return err_set(err, ERR_CRYPTO, "%s signature has the wrong length", a->name);
		s = der;
	}
	if (a->key_type == EVP_PKEY_ED25519)
		ed = ed_context(key);
	else if ((ctx = EVP_MD_CTX_new()) &&
		 EVP_DigestVerifyInit_ex(ctx, NULL, a->digest, NULL, NULL, key, NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		ctx = NULL;
	}
	if (ed || ctx)
		ok = EVP_DigestVerify(ed ? ed : ctx, s, (size_t)dlen, msg, mlen) == 1;
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	if (!ok)
		return err_set(err, ERR_CRYPTO, "the %s signature does not verify", a->name);
	return 0;
}

int sig_verify_key(EVP_PKEY *key, const char *alg, const void *msg, size_t mlen,
		   const uint8_t *sig, size_t slen, struct err *err)
{
	const struct alg *a = find_alg(alg);

	if (!a)
		return err_set(err, ERR_FORMAT, "signature algorithm '%s' is not supported",
			       alg ? alg : "(none)");
	if (EVP_PKEY_get_base_id(key) != a->key_type)
		return err_set(err, ERR_FORMAT, "the key does not fit algorithm %s", a->name);
	return verify_with(key, a, msg, mlen, sig, slen, err);
}

int sig_verify_pem(const char *pem, const char *alg, const void *msg, size_t mlen,
		   const uint8_t *sig, size_t slen, struct err *err)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	EVP_PKEY *key = bio ? PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL) : NULL;
	int rc;

	BIO_free(bio);
	if (!key)
		return err_set(err, ERR_FORMAT, "the public key is not a PEM public key");
	rc = sig_verify_key(key, alg, msg, mlen, sig, slen, err);
	EVP_PKEY_free(key);
	return rc;
}

int sig_verify_jws(const char *text, size_t len, const char *alg, EVP_PKEY *key,
		   const char *pem, struct err *err)
{
	struct jws_parts p;
	struct buf sig;
	int rc = -1;

	buf_init(&sig, 16384);
	if (jws_split(text, len, &p, err) == 0 && b64url_decode(p.sig, p.sig_len, &sig, err) == 0)
		rc = key ? sig_verify_key(key, alg, p.header, p.signing_input_len,
					  (uint8_t *)sig.s, sig.len, err) :
			   sig_verify_pem(pem, alg, p.header, p.signing_input_len,
					  (uint8_t *)sig.s, sig.len, err);
	buf_release(&sig);
	return rc;
}
