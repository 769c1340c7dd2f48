/* test-issuer.c — a fake Open Badges issuer for tests and samples.
 *
 * Writes OB 2.0 hosted and signed assertions together with the issuer-side
 * documents they point to (mirrored as <site>/<host>/<path>, so a test
 * HTTPS server can serve them), OB 3.0 credentials as JSON and as VC-JWT,
 * small badge images, and bakes credentials into images.
 *
 * Every key this tool makes or reads is a TEST key: never use the tool or
 * its keys for real badges.
 *
 * Output depends only on the options: with fixed --uuid, --salt and dates
 * a rerun is byte-identical (RSA PKCS#1 v1.5 and Ed25519 signatures are
 * deterministic), which is what tests/tools/make-samples.sh relies on.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <zlib.h>

#include "satchel/baked.h"
#include "satchel/buf.h"
#include "satchel/codec.h"
#include "satchel/err.h"
#include "satchel/json.h"
#include "satchel/paths.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"
/* The verifier's own hashData (di_hash_data), so that what the tool signs
 * is by construction what satchel checks; test tools may reach inside. */
#include "../../src/verify/internal.h"
#include "tooldata.h"

#define PROG		"test-issuer"
#define EXIT_FAIL	1
#define EXIT_USAGE	2
#define MAX_LIST	16
#define FILE_MAX	(64u * 1024 * 1024)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define JSON_PRETTY	(JSON_INDENT(2) | JSON_PRESERVE_ORDER)
#define JSON_WIRE	(JSON_COMPACT | JSON_PRESERVE_ORDER)

#define OB2_CONTEXT	"https://w3id.org/openbadges/v2"
#define TEST_KEY_NOTE	"TEST KEY - never use for real badges (made by tests/tools/test-issuer)\n"

/* ---- errors and files ------------------------------------------------ */

static int fail(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Prints "test-issuer: error: ..." and returns -1 for `return fail(...)`. */
static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* OpenSSL keeps its reasons on a per-thread queue; show them, else they
 * are lost and "signing failed" tells nobody anything. */
static int fail_ssl(const char *what)
{
	unsigned long e;

	fail("%s", what);
	while ((e = ERR_get_error()))
		fprintf(stderr, "  openssl: %s\n", ERR_error_string(e, NULL));
	return -1;
}

/* Creates every missing directory on the way to (and including) dir. */
static int mkdir_p(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int ret = 0;

	for (s = p + 1;; s++) {
		char c = *s;

		if (c && c != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST) {
			ret = fail("cannot create '%s': %s", p, strerror(errno));
			break;
		}
		if (!c)
			break;
		*s = c;
	}
	free(p);
	return ret;
}

static int mkdir_parent(const char *path)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int ret = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		ret = mkdir_p(dir);
	}
	free(dir);
	return ret;
}

/* Writes a whole file through a temporary name and rename(), so a reader
 * (or a test server) never sees half a badge.  "-" means stdout. */
static int write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	char *tmp;
	FILE *f;
	int ok;

	if (!strcmp(path, "-"))
		return fwrite(data, 1, len, stdout) == len && !fflush(stdout) ? 0 :
		       fail("cannot write to stdout");
	if (mkdir_parent(path))
		return -1;
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	f = fopen(tmp, "wb");
	if (!f) {
		fail("cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		return -1;
	}
	ok = fwrite(data, 1, len, f) == len && !fflush(f) && !fsync(fileno(f));
	ok = !fclose(f) && ok && !chmod(tmp, mode) && !rename(tmp, path);
	if (!ok) {
		fail("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok ? 0 : -1;
}

static int read_file(const char *path, struct buf *out)
{
	char chunk[8192];
	struct err err = ERR_INIT;
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return fail("cannot open '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(out, chunk, n, &err)) {
			fclose(f);
			return fail("'%s': %s", path, err.msg);
		}
	}
	if (ferror(f)) {
		fclose(f);
		return fail("cannot read '%s'", path);
	}
	fclose(f);
	return 0;
}

/* Pretty JSON with a final newline, the way the samples are committed. */
static int write_json(const char *path, const json_t *j)
{
	char *s = json_text(j, JSON_PRETTY);
	char *text;
	int ret;

	if (!s)
		return fail("cannot serialise JSON for '%s'", path);
	text = xasprintf("%s\n", s);
	ret = write_file(path, text, strlen(text), 0644);
	free(text);
	free(s);
	return ret;
}

/* ---- URLs and the issuer site ------------------------------------------ */

static const char *const url_schemes[] = { "https://", "http://" };

/* The part after "scheme://", or NULL when url is not http(s). */
static const char *url_rest(const char *url)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(url_schemes); i++) {
		size_t n = strlen(url_schemes[i]);

		if (!strncmp(url, url_schemes[i], n))
			return url + n;
	}
	return NULL;
}

/* "https://host:8443/x" -> "host" (caller owns). */
static char *url_host(const char *url)
{
	const char *rest = url_rest(url);

	return rest ? xstrndup(rest, strcspn(rest, ":/?#")) : NULL;
}

/* Joins base and a relative path with exactly one '/' (caller owns). */
static char *url_join(const char *base, const char *path)
{
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	return xasprintf("%.*s/%s", (int)n, base, path);
}

/* True when some '/'-separated segment of s is "..". */
static int has_dotdot(const char *s)
{
	const char *p;

	for (p = strstr(s, ".."); p; p = strstr(p + 1, ".."))
		if ((p == s || p[-1] == '/') && (!p[2] || p[2] == '/'))
			return 1;
	return 0;
}

/* Maps url to <site>/<host>/<path>, the layout a static test server
 * serves.  Refuses what cannot be a plain file: no path, a trailing '/',
 * a query, a fragment or a ".." segment (it would escape the site). */
static char *site_path(const char *site, const char *url)
{
	const char *rest = url_rest(url);
	const char *slash = rest ? strchr(rest, '/') : NULL;

	if (!slash || !slash[1] || rest[strlen(rest) - 1] == '/' ||
	    strpbrk(rest, "?#") || has_dotdot(rest)) {
		fail("'%s' does not name a file on an http(s) site", url);
		return NULL;
	}
	return xasprintf("%s/%s", site, rest);
}

/* Writes j where a test server rooted at site serves url. */
static int site_write(const char *site, const char *url, const json_t *j)
{
	char *path = site_path(site, url);
	int ret;

	if (!path)
		return -1;
	ret = write_json(path, j);
	free(path);
	return ret;
}

/* ---- keys and signatures ------------------------------------------------ */

static json_t *jwk_rsa(EVP_PKEY *k);
static json_t *jwk_ed25519(EVP_PKEY *k);

/* One row per key type the tool supports: how to make it, the JOSE alg it
 * signs with, the digest EVP_DigestSign needs (NULL: EdDSA signs the
 * message itself), and its public JWK. */
struct key_kind {
	const char *name;	/* keygen argument */
	const char *ossl;	/* OpenSSL algorithm name */
	int rsa_bits;		/* 0: not RSA */
	const char *alg;	/* JOSE "alg" */
	const char *md;
	json_t *(*jwk)(EVP_PKEY *k);
};

static const struct key_kind key_kinds[] = {
	{ "rsa", "RSA", 2048, "RS256", "SHA256", jwk_rsa },
	{ "ed25519", "ED25519", 0, "EdDSA", NULL, jwk_ed25519 },
};

static const struct key_kind *key_kind_by_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_kinds); i++)
		if (!strcmp(key_kinds[i].name, name))
			return &key_kinds[i];
	return NULL;
}

static const struct key_kind *key_kind_of(EVP_PKEY *k)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_kinds); i++)
		if (EVP_PKEY_is_a(k, key_kinds[i].ossl))
			return &key_kinds[i];
	return NULL;
}

static EVP_PKEY *key_generate(const struct key_kind *kk)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, kk->ossl, NULL);
	EVP_PKEY *k = NULL;

	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0)
		goto out;
	if (kk->rsa_bits && EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, kk->rsa_bits) <= 0)
		goto out;
	if (EVP_PKEY_keygen(ctx, &k) <= 0)
		k = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	if (!k)
		fail_ssl("key generation failed");
	return k;
}

static EVP_PKEY *key_load(const char *path)
{
	FILE *f = fopen(path, "r");
	EVP_PKEY *k;

	if (!f) {
		fail("cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	/* PEM_read skips text before "-----BEGIN", such as TEST_KEY_NOTE */
	k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!k)
		fail_ssl("cannot read the private key");
	return k;
}

/* Takes the contents of a memory BIO as a C string (caller owns). */
static char *bio_string(BIO *bio)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);

	return n >= 0 ? xstrndup(data, (size_t)n) : NULL;
}

/* The SubjectPublicKeyInfo PEM that OB 2.0 publishes as publicKeyPem. */
static char *key_public_pem(EVP_PKEY *k)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *pem = NULL;

	if (bio && PEM_write_bio_PUBKEY(bio, k))
		pem = bio_string(bio);
	BIO_free(bio);
	if (!pem)
		fail_ssl("cannot write the public key");
	return pem;
}

static char *bn_param_b64url(EVP_PKEY *k, const char *param)
{
	BIGNUM *bn = NULL;
	unsigned char *bytes;
	char *s = NULL;
	int n;

	if (!EVP_PKEY_get_bn_param(k, param, &bn)) {
		fail_ssl("cannot read an RSA key parameter");
		return NULL;
	}
	n = BN_num_bytes(bn);
	bytes = xmalloc((size_t)n);
	BN_bn2bin(bn, bytes);
	s = b64url_encode(bytes, (size_t)n);
	free(bytes);
	BN_free(bn);
	return s;
}

static json_t *jwk_rsa(EVP_PKEY *k)
{
	char *n = bn_param_b64url(k, OSSL_PKEY_PARAM_RSA_N);
	char *e = bn_param_b64url(k, OSSL_PKEY_PARAM_RSA_E);
	json_t *j = NULL;

	if (n && e)
		j = json_pack("{s:s, s:s, s:s}", "kty", "RSA", "n", n, "e", e);
	free(n);
	free(e);
	return j;
}

static int ed25519_raw(EVP_PKEY *k, unsigned char raw[32])
{
	size_t n = 32;

	if (EVP_PKEY_get_raw_public_key(k, raw, &n) <= 0 || n != 32)
		return fail_ssl("cannot read the Ed25519 public key");
	return 0;
}

static json_t *jwk_ed25519(EVP_PKEY *k)
{
	unsigned char raw[32];
	char *x;
	json_t *j;

	if (ed25519_raw(k, raw))
		return NULL;
	x = b64url_encode(raw, sizeof(raw));
	j = json_pack("{s:s, s:s, s:s}", "kty", "OKP", "crv", "Ed25519", "x", x);
	free(x);
	return j;
}

/* did:key of an Ed25519 key: multibase base58btc ('z') of the multicodec
 * varint 0xed 0x01 followed by the raw 32-byte key, hence "z6Mk...". */
static char *did_key_of(EVP_PKEY *k)
{
	unsigned char mc[2 + 32] = { 0xed, 0x01 };
	char *mb, *did;

	if (ed25519_raw(k, mc + 2))
		return NULL;
	mb = multibase_encode('z', mc, sizeof(mc));
	did = xasprintf("did:key:%s", mb);
	free(mb);
	return did;
}

/* Signs msg the way its JOSE alg says; returns base64url(signature). */
static char *sign_b64url(EVP_PKEY *k, const struct key_kind *kk, const char *msg)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	const unsigned char *m = (const unsigned char *)msg;
	unsigned char *sig = NULL;
	size_t n = 0, mlen = strlen(msg);
	char *out = NULL;

	if (!ctx || EVP_DigestSignInit_ex(ctx, NULL, kk->md, NULL, NULL, k, NULL) <= 0)
		goto out;
	if (EVP_DigestSign(ctx, NULL, &n, m, mlen) <= 0)
		goto out;
	sig = xmalloc(n);
	if (EVP_DigestSign(ctx, sig, &n, m, mlen) <= 0)
		goto out;
	out = b64url_encode(sig, n);
out:
	if (!out)
		fail_ssl("signing failed");
	free(sig);
	EVP_MD_CTX_free(ctx);
	return out;
}

static char *json_b64url(const json_t *j)
{
	char *s = json_text(j, JSON_WIRE);
	char *b;

	if (!s)
		return NULL;
	b = b64url_encode((const unsigned char *)s, strlen(s));
	free(s);
	return b;
}

/* Compact JWS (RFC 7515 §7.1): b64url(header) "." b64url(payload) "."
 * b64url(signature over the first two, exactly as written). */
static char *jws_sign(const json_t *header, const json_t *payload, EVP_PKEY *k,
		      const struct key_kind *kk)
{
	char *h = json_b64url(header), *p = json_b64url(payload);
	char *input = NULL, *sig = NULL, *jws = NULL;

	if (h && p) {
		input = xasprintf("%s.%s", h, p);
		sig = sign_b64url(k, kk, input);
	}
	if (sig)
		jws = xasprintf("%s.%s", input, sig);
	free(h);
	free(p);
	free(input);
	free(sig);
	return jws;
}

/* ---- hashes, ids, dates ------------------------------------------------- */

/* "sha256$" + hex(SHA-256(identity || salt)): the salt is appended, as
 * OB 2.0 and OB 3.0 both say (SPECS.md §1.4). */
static char *identity_hash(const char *identity, const char *salt)
{
	unsigned char md[32];
	char hex[2 * sizeof(md) + 1];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int ok;
	size_t i;

	ok = ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) &&
	     EVP_DigestUpdate(ctx, identity, strlen(identity)) &&
	     EVP_DigestUpdate(ctx, salt, strlen(salt)) &&
	     EVP_DigestFinal_ex(ctx, md, NULL) &&
	     OPENSSL_buf2hexstr_ex(hex, sizeof(hex), NULL, md, sizeof(md), '\0');
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		fail_ssl("SHA-256 failed");
		return NULL;
	}
	for (i = 0; hex[i]; i++)	/* OpenSSL writes upper case */
		if (hex[i] >= 'A' && hex[i] <= 'F')
			hex[i] = (char)(hex[i] - 'A' + 'a');
	return xasprintf("sha256$%s", hex);
}

/* Fresh randomness, only used when the caller did not pin a value. */
static char *random_hex(size_t bytes)
{
	unsigned char b[32];
	char hex[2 * sizeof(b) + 1];

	if (bytes > sizeof(b) || RAND_bytes(b, (int)bytes) != 1 ||
	    !OPENSSL_buf2hexstr_ex(hex, sizeof(hex), NULL, b, bytes, '\0')) {
		fail_ssl("no randomness");
		return NULL;
	}
	return xstrdup(hex);
}

static char *random_uuid(void)
{
	unsigned char b[16];

	if (RAND_bytes(b, sizeof(b)) != 1) {
		fail_ssl("no randomness");
		return NULL;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	return xasprintf("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5],
			 b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Parses "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+hh:mm"/"-hh:mm".
 * The tool writes the text as given; the instant only feeds the JWT nbf/exp
 * claims and the expires-after-issued check, so no fractions. */
static int parse_time(const char *s, int64_t *out)
{
	struct tm tm = { 0 };
	int n = 0, oh = 0, om = 0, sign = 1;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || n != 19)
		return -1;
	s += n;
	if (strcmp(s, "Z")) {
		if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 ||
		    sscanf(s + 1, "%2d:%2d", &oh, &om) != 2 || oh > 23 || om > 59)
			return -1;
		sign = s[0] == '-' ? -1 : 1;
	}
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
	    tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*out = (int64_t)timegm(&tm) - sign * (oh * 3600 + om * 60);
	return 0;
}

/* ---- images ----------------------------------------------------------- */

#define PNG_SIDE 64

struct rgb {
	unsigned char r, g, b;
};

static int parse_color(const char *s, struct rgb *c)
{
	char *end;
	unsigned long v;

	s += *s == '#';
	if (strlen(s) != 6)
		return -1;
	v = strtoul(s, &end, 16);
	if (*end)
		return -1;
	c->r = (unsigned char)(v >> 16);
	c->g = (unsigned char)(v >> 8);
	c->b = (unsigned char)v;
	return 0;
}

/* Moves each channel toward black (pct < 0) or white (pct > 0). */
static struct rgb shade(struct rgb c, int pct)
{
	int t = pct < 0 ? 0 : 255, p = pct < 0 ? -pct : pct;
	struct rgb o = {
		(unsigned char)(c.r + (t - c.r) * p / 100),
		(unsigned char)(c.g + (t - c.g) * p / 100),
		(unsigned char)(c.b + (t - c.b) * p / 100),
	};

	return o;
}

/* A medal: rings from the outside in, as (squared doubled radius, shade).
 * Doubled coordinates put the centre on a pixel corner, so it is round. */
static const struct {
	int r2;
	int pct;
} medal_rings[] = {
	{ 62 * 62, -45 }, { 56 * 56, 0 }, { 42 * 42, 35 }, { 34 * 34, 0 }, { 14 * 14, 60 },
};

static struct rgb medal_pixel(int x, int y, struct rgb base)
{
	int dx = 2 * x - (PNG_SIDE - 1), dy = 2 * y - (PNG_SIDE - 1);
	int d2 = dx * dx + dy * dy;
	struct rgb px = { 255, 255, 255 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(medal_rings) && d2 <= medal_rings[i].r2; i++)
		px = shade(base, medal_rings[i].pct);
	return px;
}

static void png_chunk(struct buf *out, const char type[4], const void *data, uint32_t len)
{
	unsigned char be[4] = { (unsigned char)(len >> 24), (unsigned char)(len >> 16),
				(unsigned char)(len >> 8), (unsigned char)len };
	uLong crc = crc32(0, (const Bytef *)type, 4);

	crc = crc32(crc, (const Bytef *)data, len);	/* CRC covers type + data */
	buf_add(out, be, 4, NULL);
	buf_add(out, type, 4, NULL);
	buf_add(out, data, len, NULL);
	be[0] = (unsigned char)(crc >> 24);
	be[1] = (unsigned char)(crc >> 16);
	be[2] = (unsigned char)(crc >> 8);
	be[3] = (unsigned char)crc;
	buf_add(out, be, 4, NULL);
}

/* Appends a 64x64 8-bit RGB PNG of a medal in colour c to out. */
static int png_medal(struct rgb c, struct buf *out)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	static const unsigned char ihdr[13] = { 0, 0, 0, PNG_SIDE, 0, 0, 0, PNG_SIDE,
						8, 2, 0, 0, 0 };	/* depth 8, RGB */
	enum { ROW = 1 + 3 * PNG_SIDE };
	unsigned char raw[ROW * PNG_SIDE], *p = raw;
	uLongf zlen = compressBound(sizeof(raw));
	unsigned char *z = xmalloc(zlen);
	int x, y;

	for (y = 0; y < PNG_SIDE; y++) {
		*p++ = 0;	/* filter type None */
		for (x = 0; x < PNG_SIDE; x++) {
			struct rgb px = medal_pixel(x, y, c);

			*p++ = px.r;
			*p++ = px.g;
			*p++ = px.b;
		}
	}
	if (compress2(z, &zlen, raw, sizeof(raw), Z_BEST_COMPRESSION) != Z_OK) {
		free(z);
		return fail("zlib failed");
	}
	buf_add(out, sig, sizeof(sig), NULL);
	png_chunk(out, "IHDR", ihdr, sizeof(ihdr));
	png_chunk(out, "IDAT", z, (uint32_t)zlen);
	png_chunk(out, "IEND", "", 0);
	free(z);
	return 0;
}

/* XML text/attribute escaping for the few characters that need it. */
static void xml_escape(struct buf *out, const char *s, size_t n)
{
	static const char *const ent[256] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;",
	};
	size_t i;

	for (i = 0; i < n; i++) {
		const char *e = ent[(unsigned char)s[i]];

		if (e)
			buf_adds(out, e, NULL);
		else
			buf_addc(out, s[i], NULL);
	}
}

/* Long titles get two lines, broken at the space nearest the middle
 * (a byte position, but a space is never inside a UTF-8 sequence). */
static size_t title_break(const char *t)
{
	size_t n = strlen(t), best = 0, i;

	if (n <= 16)
		return 0;
	for (i = 1; i < n; i++)
		if (t[i] == ' ' && (!best || labs((long)(2 * i) - (long)n) <
					     labs((long)(2 * best) - (long)n)))
			best = i;
	return best;
}

static void svg_title_line(struct buf *out, const char *s, size_t n, int y)
{
	buf_addf(out, NULL, "  <text x=\"100\" y=\"%d\" font-family=\"sans-serif\" "
		 "font-size=\"15\" font-weight=\"bold\" text-anchor=\"middle\" "
		 "fill=\"#ffffff\">", y);
	xml_escape(out, s, n);
	buf_adds(out, "</text>\n", NULL);
}

/* Appends a 200x200 SVG medal with the title written on it to out. */
static void svg_medal(struct rgb c, const char *title, struct buf *out)
{
	struct rgb dark = shade(c, -45);
	size_t brk = title_break(title);

	buf_addf(out, NULL, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\" "
		 "viewBox=\"0 0 200 200\">\n  <title>");
	xml_escape(out, title, strlen(title));
	buf_addf(out, NULL, "</title>\n"
		 "  <circle cx=\"100\" cy=\"100\" r=\"96\" fill=\"#%02x%02x%02x\"/>\n"
		 "  <circle cx=\"100\" cy=\"100\" r=\"84\" fill=\"#%02x%02x%02x\"/>\n",
		 dark.r, dark.g, dark.b, c.r, c.g, c.b);
	if (brk) {
		svg_title_line(out, title, brk, 96);
		svg_title_line(out, title + brk + 1, strlen(title + brk + 1), 116);
	} else {
		svg_title_line(out, title, strlen(title), 106);
	}
	buf_adds(out, "</svg>\n", NULL);
}

/* "data:<type>;base64,..." for an image in memory (caller owns). */
static char *data_uri(const char *type, const void *data, size_t len)
{
	char *b64 = b64_encode(data, len);
	char *uri = xasprintf("data:%s;base64,%s", type, b64);

	free(b64);
	return uri;
}

/* --image: a URL or data: URI is used as given, anything else is a PNG or
 * SVG file to embed; without it, the medal PNG in colour c. */
static char *badge_image(const char *arg, struct rgb c)
{
	struct buf b;
	char *uri = NULL;

	if (arg && (url_rest(arg) || !strncmp(arg, "data:", 5)))
		return xstrdup(arg);
	buf_init(&b, FILE_MAX);
	if (arg ? !read_file(arg, &b) : !png_medal(c, &b))
		uri = data_uri(png_is_png((const uint8_t *)b.s, b.len) ? "image/png" :
			       "image/svg+xml", b.s, b.len);
	buf_release(&b);
	return uri;
}

/* ---- badge options ---------------------------------------------------- */

/* Which badge command an option applies to (bit set in opt_def.cmds). */
enum {
	F_OB2H = 1 << 0,
	F_OB2S = 1 << 1,
	F_OB3J = 1 << 2,
	F_OB3W = 1 << 3,
	F_OB2 = F_OB2H | F_OB2S,
	F_OB3 = F_OB3J | F_OB3W,
	F_ALL = F_OB2 | F_OB3,
};

struct str_list {
	const char *v[MAX_LIST];
	size_t n;
};

struct badge_opts {
	const char *base_url, *issuer_name, *issuer_url, *issuer_email, *issuer_id;
	const char *name, *description, *criteria, *lang, *id_suffix, *badge_slug;
	const char *recipient, *salt, *uuid, *issued, *expires, *subject_id;
	const char *achievement_id, *achievement_type, *image, *color;
	const char *key, *kid, *site, *out;
	struct str_list tags, aligns;
	int vc1;
};

enum opt_kind { OPT_STR, OPT_LIST, OPT_FLAG };

struct opt_def {
	const char *name;
	enum opt_kind kind;
	size_t off;
	unsigned cmds;		/* commands that take it */
	unsigned required;	/* commands that need it */
	const char *arg;
	const char *help;
};

#define O(field) offsetof(struct badge_opts, field)

static const struct opt_def opt_defs[] = {
	{ "base-url", OPT_STR, O(base_url), F_ALL, F_ALL, "URL",
	  "issuer base URL (https://host[/path]); documents live below it" },
	{ "issuer-name", OPT_STR, O(issuer_name), F_ALL, F_ALL, "TEXT", "issuer name" },
	{ "issuer-url", OPT_STR, O(issuer_url), F_ALL, 0, "URL",
	  "issuer home page (OB 2.0 default: --base-url)" },
	{ "issuer-email", OPT_STR, O(issuer_email), F_ALL, 0, "EMAIL",
	  "issuer contact (OB 2.0 default: badges@HOST)" },
	{ "issuer-id", OPT_STR, O(issuer_id), F_OB3, 0, "URI",
	  "issuer id (default: did:key of an Ed25519 --key, else BASE/issuer.json)" },
	{ "name", OPT_STR, O(name), F_ALL, F_ALL, "TEXT", "badge name" },
	{ "description", OPT_STR, O(description), F_ALL, F_ALL, "TEXT", "badge description" },
	{ "criteria", OPT_STR, O(criteria), F_ALL, F_ALL, "TEXT", "criteria narrative (Markdown)" },
	{ "lang", OPT_STR, O(lang), F_ALL, 0, "de|en", "language of the texts (default en)" },
	{ "id-suffix", OPT_STR, O(id_suffix), F_ALL, F_ALL, "SLUG",
	  "names BASE/assertions/SLUG.json (hosted) and, by default, the badge" },
	{ "badge-slug", OPT_STR, O(badge_slug), F_ALL, 0, "SLUG",
	  "names BASE/badges/SLUG.json, BASE/achievements/SLUG (default: --id-suffix)" },
	{ "recipient", OPT_STR, O(recipient), F_ALL, F_ALL, "EMAIL", "learner's email (hashed)" },
	{ "salt", OPT_STR, O(salt), F_ALL, 0, "TEXT", "identity hash salt (default random)" },
	{ "uuid", OPT_STR, O(uuid), F_OB2S | F_OB3, 0, "UUID",
	  "urn:uuid of the assertion/credential (default random)" },
	{ "issued", OPT_STR, O(issued), F_ALL, F_ALL, "DATETIME", "issuedOn/validFrom, e.g. 2024-03-15T09:00:00Z" },
	{ "expires", OPT_STR, O(expires), F_ALL, 0, "DATETIME", "expires/validUntil" },
	{ "subject-id", OPT_STR, O(subject_id), F_OB3, 0, "URI", "credentialSubject.id (JWT sub)" },
	{ "achievement-id", OPT_STR, O(achievement_id), F_OB3, 0, "URI",
	  "achievement id (default BASE/achievements/SLUG)" },
	{ "achievement-type", OPT_STR, O(achievement_type), F_OB3, 0, "TYPE",
	  "achievementType, e.g. Badge, Certificate" },
	{ "image", OPT_STR, O(image), F_ALL, 0, "URL|FILE",
	  "badge image: a URL or data: URI, or a PNG/SVG file to embed" },
	{ "color", OPT_STR, O(color), F_ALL, 0, "RRGGBB", "colour of the default embedded PNG" },
	{ "tag", OPT_LIST, O(tags), F_ALL, 0, "TEXT", "a tag (repeatable)" },
	{ "alignment", OPT_LIST, O(aligns), F_ALL, 0, "NAME|URL[|CODE[|FRAMEWORK]]",
	  "an alignment (repeatable)" },
	{ "key", OPT_STR, O(key), F_OB2S | F_OB3, F_OB2S | F_OB3W, "PEM",
	  "TEST signing key (ob3-json: Ed25519, only to derive the did:key issuer)" },
	{ "kid", OPT_STR, O(kid), F_OB3W, 0, "URI",
	  "JWT kid (default: did:key VM, else BASE/keys/key-1-jwk.json)" },
	{ "vc1", OPT_FLAG, O(vc1), F_OB3, 0, NULL,
	  "VCDM 1.1 form (issuanceDate, context-3.0.2, AchievementCredential)" },
	{ "site", OPT_STR, O(site), F_ALL, F_OB2, "DIR",
	  "write issuer-side documents to DIR/<host>/<path>" },
	{ "out", OPT_STR, O(out), F_ALL, F_ALL, "FILE", "the learner's credential ('-': stdout); also -o" },
};

#undef O

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, const struct cmd *c);
	unsigned flag;		/* F_* for badge commands */
	const char *args;
	const char *summary;
};

static void usage_command(FILE *f, const struct cmd *c)
{
	size_t i;

	fprintf(f, "usage: " PROG " %s %s\n", c->name, c->args);
	for (i = 0; c->flag && i < ARRAY_SIZE(opt_defs); i++) {
		const struct opt_def *d = &opt_defs[i];
		char lhs[64];

		if (!(d->cmds & c->flag))
			continue;
		snprintf(lhs, sizeof(lhs), "--%s%s%s", d->name, d->arg ? " " : "",
			 d->arg ? d->arg : "");
		fprintf(f, "  %-40s %s%s\n", lhs, d->help,
			d->required & c->flag ? " (required)" : "");
	}
}

static int usage_error(const struct cmd *c, const char *fmt, ...) PRINTF_LIKE(2, 3);

/* Reports a usage problem, shows the command's usage, returns EXIT_USAGE. */
static int usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list ap;

	if (fmt) {
		fputs(PROG ": ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	usage_command(stderr, c);
	return EXIT_USAGE;
}

static int opt_set(struct badge_opts *o, const struct opt_def *d, const char *arg)
{
	char *field = (char *)o + d->off;
	struct str_list *l = (struct str_list *)field;

	if (d->kind == OPT_FLAG) {
		*(int *)field = 1;
	} else if (d->kind == OPT_STR) {
		*(const char **)field = arg;
	} else {
		if (l->n == MAX_LIST)
			return -1;
		l->v[l->n++] = arg;
	}
	return 0;
}

static size_t opt_index(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_defs); i++)
		if (!strcmp(opt_defs[i].name, name))
			break;
	return i;
}

/* Fills o from argv with getopt_long; option names come from opt_defs,
 * and only those the command c takes are offered.  When the command must
 * stop here (after --help or a usage error) sets *done and returns the
 * exit status to use. */
static int opts_parse(int argc, char **argv, const struct cmd *c, struct badge_opts *o,
		      int *done)
{
	struct option lo[ARRAY_SIZE(opt_defs) + 2];
	size_t i, n = 0;
	int ch;

	for (i = 0; i < ARRAY_SIZE(opt_defs); i++)
		if (opt_defs[i].cmds & c->flag)
			lo[n++] = (struct option){ opt_defs[i].name,
				opt_defs[i].kind == OPT_FLAG ? no_argument : required_argument,
				NULL, (int)(1000 + i) };
	lo[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	*done = 1;
	while ((ch = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		if (ch == 'h') {
			usage_command(stdout, c);
			return 0;
		}
		if (ch == 'o')
			ch = 1000 + (int)opt_index("out");
		if (ch < 1000)	/* getopt has already said what was wrong */
			return usage_error(c, NULL);
		i = (size_t)(ch - 1000);
		if (opt_set(o, &opt_defs[i], optarg))
			return usage_error(c, "more than %d --%s", MAX_LIST, opt_defs[i].name);
	}
	if (optind < argc)
		return usage_error(c, "unexpected argument '%s'", argv[optind]);
	*done = 0;
	return 0;
}

static int opts_check(const struct badge_opts *o, const struct cmd *c)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(opt_defs); i++) {
		const struct opt_def *d = &opt_defs[i];

		if ((d->required & c->flag) && d->kind == OPT_STR &&
		    !*(const char *const *)((const char *)o + d->off))
			return usage_error(c, "--%s is required", d->name);
	}
	if (o->lang && strcmp(o->lang, "de") && strcmp(o->lang, "en"))
		return usage_error(c, "--lang must be de or en");
	if (!url_rest(o->base_url))
		return usage_error(c, "--base-url must be an http(s) URL");
	return 0;
}

/* ---- one badge being issued --------------------------------------------- */

/* Everything derived from the options: owned strings, the key, the URLs
 * of the issuer-side documents. */
struct issue {
	const struct badge_opts *o;
	unsigned cmd;
	const char *slug, *lang;
	EVP_PKEY *key;
	const struct key_kind *kind;
	int64_t issued, expires;
	char *salt, *uuid, *hash, *image;
	char *issuer_id, *issuer_email, *kid;
	char *badge_url, *assertion_url, *key_url, *revlist_url;
};

static void issue_release(struct issue *is)
{
	char **owned[] = { &is->salt, &is->uuid, &is->hash, &is->image, &is->issuer_id,
			   &is->issuer_email, &is->kid, &is->badge_url, &is->assertion_url,
			   &is->key_url, &is->revlist_url };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(owned); i++) {
		free(*owned[i]);
		*owned[i] = NULL;
	}
	EVP_PKEY_free(is->key);
	is->key = NULL;
}

static int issue_dates(struct issue *is, const struct cmd *c)
{
	const struct badge_opts *o = is->o;

	if (parse_time(o->issued, &is->issued))
		return usage_error(c, "--issued '%s' is not YYYY-MM-DDTHH:MM:SS(Z|+hh:mm)", o->issued);
	if (o->expires && parse_time(o->expires, &is->expires))
		return usage_error(c, "--expires '%s' is not YYYY-MM-DDTHH:MM:SS(Z|+hh:mm)", o->expires);
	if (o->expires && is->expires < is->issued)
		return usage_error(c, "--expires is before --issued");
	return 0;
}

/* Loads --key and checks it suits the command: OB 2.0 validators only
 * know RS256, and a did:key issuer needs Ed25519. */
static int issue_key(struct issue *is, const struct cmd *c)
{
	if (!is->o->key)
		return 0;
	is->key = key_load(is->o->key);
	if (!is->key)
		return EXIT_FAIL;
	is->kind = key_kind_of(is->key);
	if (!is->kind)
		return usage_error(c, "'%s': neither an RSA nor an Ed25519 key", is->o->key);
	if (is->cmd == F_OB2S && strcmp(is->kind->name, "rsa"))
		return usage_error(c, "OB 2.0 signed badges need an RSA key (RS256)");
	if (is->cmd == F_OB3J && strcmp(is->kind->name, "ed25519"))
		return usage_error(c, "ob3-json takes only an Ed25519 key (for a did:key issuer)");
	return 0;
}

static int issue_ids(struct issue *is)
{
	const struct badge_opts *o = is->o;
	char *host = url_host(o->base_url);

	is->salt = o->salt ? xstrdup(o->salt) : random_hex(8);
	is->uuid = o->uuid ? xstrdup(o->uuid) : random_uuid();
	is->hash = is->salt ? identity_hash(o->recipient, is->salt) : NULL;
	is->issuer_email = o->issuer_email ? xstrdup(o->issuer_email) :
			   is->cmd & F_OB2 ? xasprintf("badges@%s", host) : NULL;
	free(host);
	return is->salt && is->uuid && is->hash ? 0 : -1;
}

/* The OB 3.0 issuer is a did:key when the key allows it, else https. */
static int issue_issuer(struct issue *is)
{
	const struct badge_opts *o = is->o;
	int did = !o->issuer_id && is->key && !strcmp(is->kind->name, "ed25519") &&
		  is->cmd & F_OB3;

	if (o->issuer_id)
		is->issuer_id = xstrdup(o->issuer_id);
	else if (did)
		is->issuer_id = did_key_of(is->key);
	else
		is->issuer_id = url_join(o->base_url, "issuer.json");
	if (!is->issuer_id)
		return -1;
	if (o->kid)
		is->kid = xstrdup(o->kid);
	else if (!strncmp(is->issuer_id, "did:key:", 8))
		is->kid = xasprintf("%s#%s", is->issuer_id, is->issuer_id + 8);
	else
		is->kid = url_join(o->base_url, "keys/key-1-jwk.json");
	return 0;
}

static void issue_urls(struct issue *is)
{
	const char *base = is->o->base_url;
	char *p;

	p = xasprintf("badges/%s.json", is->slug);
	is->badge_url = url_join(base, p);
	free(p);
	p = xasprintf("assertions/%s.json", is->o->id_suffix);
	is->assertion_url = url_join(base, p);
	free(p);
	is->key_url = url_join(base, "keys/key-1.json");
	is->revlist_url = url_join(base, "revocations.json");
}

/* Resolves the options into is; returns 0 or an exit status. */
static int issue_init(struct issue *is, const struct badge_opts *o, const struct cmd *c)
{
	struct rgb color = { 0x2a, 0x6f, 0xdb };
	int rc;

	memset(is, 0, sizeof(*is));
	is->o = o;
	is->cmd = c->flag;
	is->slug = o->badge_slug ? o->badge_slug : o->id_suffix;
	is->lang = o->lang ? o->lang : "en";
	if (o->color && parse_color(o->color, &color))
		return usage_error(c, "--color must be RRGGBB");
	rc = issue_dates(is, c);
	if (!rc)
		rc = issue_key(is, c);
	if (rc)
		return rc;
	issue_urls(is);
	is->image = badge_image(o->image, color);
	if (!is->image || issue_ids(is) || issue_issuer(is))
		return EXIT_FAIL;
	return 0;
}

/* ---- OB 2.0 documents (SPECS.md §1) ------------------------------------ */

static json_t *ob2_issuer(const struct issue *is)
{
	const struct badge_opts *o = is->o;
	int signed_badge = is->cmd == F_OB2S;

	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s*, s:s*}",
			 "@context", OB2_CONTEXT, "type", "Issuer", "id", is->issuer_id,
			 "name", o->issuer_name,
			 "url", o->issuer_url ? o->issuer_url : o->base_url,
			 "email", is->issuer_email,
			 "publicKey", signed_badge ? is->key_url : NULL,
			 "revocationList", signed_badge ? is->revlist_url : NULL);
}

/* Splits "NAME|URL[|CODE[|FRAMEWORK]]" into fields; NULL when missing. */
static int alignment_split(const char *spec, char *f[4])
{
	char *copy = xstrdup(spec), *s = copy;
	size_t i;

	for (i = 0; i < 4; i++) {
		char *bar = s ? strchr(s, '|') : NULL;

		if (bar)
			*bar = '\0';
		f[i] = s && *s ? xstrdup(s) : NULL;
		s = bar ? bar + 1 : NULL;
	}
	free(copy);
	return f[0] && f[1] ? 0 : fail("alignment '%s' is not NAME|URL[|CODE[|FRAMEWORK]]", spec);
}

/* The alignment array in OB 2.0 (ob3 = 0) or OB 3.0 form; NULL when the
 * list is empty, since empty arrays must be omitted (OB 3.0 serialisation). */
static json_t *alignments(const struct str_list *l, int ob3, int *bad)
{
	json_t *a = l->n ? json_array() : NULL;
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		char *f[4];

		if (alignment_split(l->v[i], f)) {
			*bad = 1;
		} else {
			json_t *one = ob3 ? json_pack("{s:[s]}", "type", "Alignment") :
				      json_object();

			json_object_update_new(one, json_pack("{s:s, s:s, s:s*, s:s*}",
				"targetName", f[0], "targetUrl", f[1], "targetCode", f[2],
				"targetFramework", f[3]));
			json_array_append_new(a, one);
		}
		for (k = 0; k < 4; k++)
			free(f[k]);
	}
	return a;
}

static json_t *string_array(const struct str_list *l)
{
	json_t *a = l->n ? json_array() : NULL;
	size_t i;

	for (i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i]));
	return a;
}

static json_t *ob2_badgeclass(const struct issue *is)
{
	const struct badge_opts *o = is->o;
	int bad = 0;
	json_t *align = alignments(&o->aligns, 0, &bad);
	json_t *j;

	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:s}, s:s, s:o*, s:o*}",
		      "@context", OB2_CONTEXT, "type", "BadgeClass", "id", is->badge_url,
		      "@language", is->lang, "name", o->name, "description", o->description,
		      "image", is->image, "criteria", "narrative", o->criteria,
		      "issuer", is->issuer_id, "tags", string_array(&o->tags),
		      "alignment", align);
	if (bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

static json_t *ob2_assertion(const struct issue *is)
{
	const struct badge_opts *o = is->o;
	int hosted = is->cmd == F_OB2H;
	char *id = hosted ? xstrdup(is->assertion_url) : xasprintf("urn:uuid:%s", is->uuid);
	json_t *j;

	j = json_pack("{s:s, s:s, s:s, s:{s:s, s:b, s:s, s:s}, s:s, s:s, s:s*, s:{s:s, s:s*}}",
		      "@context", OB2_CONTEXT, "type", "Assertion", "id", id,
		      "recipient", "type", "email", "hashed", 1, "salt", is->salt,
		      "identity", is->hash, "badge", is->badge_url, "issuedOn", o->issued,
		      "expires", o->expires, "verification",
		      "type", hosted ? "HostedBadge" : "SignedBadge",
		      "creator", hosted ? NULL : is->key_url);
	free(id);
	return j;
}

static json_t *ob2_key(const struct issue *is)
{
	char *pem = key_public_pem(is->key);
	json_t *j = NULL;

	if (pem)
		j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "@context", OB2_CONTEXT,
			      "type", "CryptographicKey", "id", is->key_url,
			      "owner", is->issuer_id, "publicKeyPem", pem);
	free(pem);
	return j;
}

static json_t *ob2_revocation_list(const struct issue *is)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:[]}", "@context", OB2_CONTEXT,
			 "id", is->revlist_url, "type", "RevocationList",
			 "issuer", is->issuer_id, "revokedAssertions");
}

/* Writes each (url, document) pair to the site; consumes the documents. */
static int site_write_all(const char *site, const char *const *urls, json_t **docs, size_t n)
{
	int ret = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!docs[i])
			ret = fail("cannot build the document for '%s'", urls[i]);
		else if (site && site_write(site, urls[i], docs[i]))
			ret = -1;
		json_decref(docs[i]);
	}
	return ret;
}

static int issue_ob2_hosted(struct issue *is)
{
	const char *urls[] = { is->issuer_id, is->badge_url, is->assertion_url };
	json_t *docs[] = { ob2_issuer(is), ob2_badgeclass(is), ob2_assertion(is) };
	int ret = docs[2] ? write_json(is->o->out, docs[2]) : -1;

	return site_write_all(is->o->site, urls, docs, ARRAY_SIZE(docs)) || ret;
}

/* OB 2.0 signed: the payload is the bare Assertion, header {"alg":"RS256"}
 * and nothing else (validator-core hard-codes RS256, SPECS.md §1.6). */
static int issue_ob2_signed(struct issue *is)
{
	const char *urls[] = { is->issuer_id, is->badge_url, is->key_url, is->revlist_url };
	json_t *docs[] = { ob2_issuer(is), ob2_badgeclass(is), ob2_key(is),
			   ob2_revocation_list(is) };
	json_t *assertion = ob2_assertion(is);
	json_t *header = json_pack("{s:s}", "alg", "RS256");
	char *jws = assertion ? jws_sign(header, assertion, is->key, is->kind) : NULL;
	int ret = jws ? write_file(is->o->out, jws, strlen(jws), 0644) : -1;

	free(jws);
	json_decref(header);
	json_decref(assertion);
	return site_write_all(is->o->site, urls, docs, ARRAY_SIZE(docs)) || ret;
}

/* ---- OB 3.0 documents (SPECS.md §3, §4) ---------------------------------- */

/* The two wire forms an OB 3.0 credential comes in (SPECS.md §3.1). */
struct vc_model {
	const char *vc_context, *ob_context, *type, *from, *until;
	int in_language;	/* the OB context defines Achievement.inLanguage */
};

static const struct vc_model vc_models[] = {
	{ "https://www.w3.org/ns/credentials/v2",
	  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
	  "OpenBadgeCredential", "validFrom", "validUntil", 1 },
	{ "https://www.w3.org/2018/credentials/v1",
	  "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
	  "AchievementCredential", "issuanceDate", "expirationDate", 0 },
};

static json_t *ob3_profile(const struct issue *is, const struct vc_model *m, int standalone)
{
	const struct badge_opts *o = is->o;
	json_t *j = standalone ? json_pack("{s:[s, s]}", "@context", m->vc_context,
					   m->ob_context) : json_object();

	json_object_update_new(j, json_pack("{s:s, s:[s], s:s, s:s*, s:s*}",
		"id", is->issuer_id, "type", "Profile", "name", o->issuer_name,
		"url", o->issuer_url, "email", is->issuer_email));
	return j;
}

static json_t *ob3_achievement(const struct issue *is, const struct vc_model *m, int *bad)
{
	const struct badge_opts *o = is->o;
	char *path = xasprintf("achievements/%s", is->slug);
	char *id = o->achievement_id ? xstrdup(o->achievement_id) : url_join(o->base_url, path);
	json_t *j;

	j = json_pack("{s:s, s:[s], s:s*, s:s, s:s, s:{s:s}, s:{s:s, s:s}, s:s*, s:o*, s:o*}",
		      "id", id, "type", "Achievement", "achievementType", o->achievement_type,
		      "name", o->name, "description", o->description,
		      "criteria", "narrative", o->criteria, "image", "id", is->image,
		      "type", "Image", "inLanguage", m->in_language ? is->lang : NULL,
		      "alignment", alignments(&o->aligns, 1, bad),
		      "tag", string_array(&o->tags));
	free(id);
	free(path);
	return j;
}

static json_t *ob3_subject(const struct issue *is, const struct vc_model *m, int *bad)
{
	return json_pack("{s:s*, s:[s], s:[{s:s, s:b, s:s, s:s, s:s}], s:o}",
			 "id", is->o->subject_id, "type", "AchievementSubject",
			 "identifier", "type", "IdentityObject", "hashed", 1,
			 "identityHash", is->hash, "identityType", "emailAddress",
			 "salt", is->salt, "achievement", ob3_achievement(is, m, bad));
}

/* The credential without a proof: `sign-di` adds a Data Integrity proof
 * afterwards, so that any JSON (status lists, hand-edited test cases) can
 * be signed the same way. */
static json_t *ob3_credential(const struct issue *is)
{
	const struct badge_opts *o = is->o;
	const struct vc_model *m = &vc_models[o->vc1 ? 1 : 0];
	char *id = xasprintf("urn:uuid:%s", is->uuid);
	int bad = 0;
	json_t *j;

	j = json_pack("{s:[s, s], s:s, s:[s, s], s:o, s:s, s:s*, s:s, s:o}",
		      "@context", m->vc_context, m->ob_context, "id", id,
		      "type", "VerifiableCredential", m->type,
		      "issuer", ob3_profile(is, m, 0), m->from, o->issued,
		      m->until, o->expires, "name", o->name,
		      "credentialSubject", ob3_subject(is, m, &bad));
	free(id);
	if (bad) {
		json_decref(j);
		return NULL;
	}
	return j;
}

/* Issuer documents a test server can serve for an https issuer: the
 * Profile at its id and, for a JWT, the public JWK at the kid URL. */
static int ob3_site(const struct issue *is)
{
	const struct vc_model *m = &vc_models[is->o->vc1 ? 1 : 0];
	json_t *jwk;
	int ret = 0;

	if (!is->o->site)
		return 0;
	if (url_rest(is->issuer_id)) {
		json_t *p = ob3_profile(is, m, 1);

		ret = site_write(is->o->site, is->issuer_id, p);
		json_decref(p);
	}
	if (is->cmd != F_OB3W || !url_rest(is->kid))
		return ret;
	jwk = is->kind->jwk(is->key);
	if (!jwk)
		return -1;
	json_object_set_new(jwk, "kid", json_string(is->kid));
	json_object_set_new(jwk, "alg", json_string(is->kind->alg));
	ret |= site_write(is->o->site, is->kid, jwk);
	json_decref(jwk);
	return ret;
}

static int issue_ob3_json(struct issue *is)
{
	json_t *cred = ob3_credential(is);
	int ret = cred ? write_json(is->o->out, cred) : fail("cannot build the credential");

	json_decref(cred);
	fputs(PROG ": note: the credential is UNSIGNED: sign it with '" PROG " sign-di'\n",
	      stderr);
	return ob3_site(is) || ret;
}

/* OB 3.0 VC-JWT: the credential itself is the payload (no "vc" wrapper)
 * plus iss/jti/sub/nbf/exp, and the header carries alg, typ and kid only
 * (SPECS.md §4.1, §4.2). */
static json_t *ob3_jwt_payload(const struct issue *is, json_t *cred)
{
	json_t *p = json_deep_copy(cred);

	json_object_update_new(p, json_pack("{s:s, s:O, s:s*, s:I}",
		"iss", is->issuer_id, "jti", json_object_get(cred, "id"),
		"sub", is->o->subject_id, "nbf", (json_int_t)is->issued));
	if (is->o->expires)
		json_object_set_new(p, "exp", json_integer((json_int_t)is->expires));
	return p;
}

static int issue_ob3_jwt(struct issue *is)
{
	json_t *cred = ob3_credential(is);
	json_t *payload = cred ? ob3_jwt_payload(is, cred) : NULL;
	json_t *header = json_pack("{s:s, s:s, s:s}", "alg", is->kind->alg, "typ", "JWT",
				   "kid", is->kid);
	char *jwt = payload ? jws_sign(header, payload, is->key, is->kind) : NULL;
	int ret = jwt ? write_file(is->o->out, jwt, strlen(jwt), 0644) : -1;

	if (!payload)
		fail("cannot build the credential");
	free(jwt);
	json_decref(header);
	json_decref(payload);
	json_decref(cred);
	return ob3_site(is) || ret;
}

/* ---- Data Integrity signing (SPECS.md §5.3) ------------------------------ */

#define DI_V2_CONTEXT	"https://w3id.org/security/data-integrity/v2"

/* VCDM 1.1's context does not define DataIntegrityProof or its terms,
 * so a proof under it would be dropped by JSON-LD (SPECS.md pitfall 4)
 * and hashing fails in safe mode.  Issuers then add the Data Integrity
 * context; do the same unless the document already has a context that
 * defines the proof (VCDM 2.0, or a Data Integrity context). */
static const char *const di_defining_contexts[] = {
	"https://www.w3.org/ns/credentials/v2",
	DI_V2_CONTEXT,
	"https://w3id.org/security/data-integrity/v1",
};

static int di_context(json_t *doc)
{
	json_t *ctx = json_object_get(doc, "@context");
	size_t i, k;
	json_t *v;

	json_array_foreach(ctx, i, v)
		for (k = 0; k < ARRAY_SIZE(di_defining_contexts); k++)
			if (json_is_string(v) && !strcmp(json_string_value(v), di_defining_contexts[k]))
				return 0;
	if (!json_is_array(ctx))
		return 0;	/* hashing reports what is wrong with it */
	if (json_object_get(doc, "proof"))	/* the proof there signs the old @context */
		return fail("the document needs the context " DI_V2_CONTEXT
			    " but is signed already: adding it would break that proof");
	json_array_append_new(ctx, json_string(DI_V2_CONTEXT));
	fputs(PROG ": note: added the Data Integrity context " DI_V2_CONTEXT
	      " (the document's contexts do not define the proof)\n", stderr);
	return 0;
}

/* Pure Ed25519 (RFC 8032) over msg; returns "z" + base58btc(signature). */
static char *ed25519_sign_mb(EVP_PKEY *k, const uint8_t *msg, size_t len)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sig[64];
	size_t n = sizeof(sig);
	char *out = NULL;

	if (ctx && EVP_DigestSignInit_ex(ctx, NULL, NULL, NULL, NULL, k, NULL) > 0 &&
	    EVP_DigestSign(ctx, sig, &n, msg, len) > 0 && n == sizeof(sig))
		out = multibase_encode('z', sig, n);
	EVP_MD_CTX_free(ctx);
	if (!out)
		fail_ssl("Ed25519 signing failed");
	return out;
}

/* A second signature makes a proof set: each proof signs the document
 * without any proof, so they verify independently (DI "Proof Sets"). */
static void proof_attach(json_t *doc, json_t *proof)
{
	json_t *old = json_object_get(doc, "proof");

	if (json_is_array(old)) {
		json_array_append_new(old, proof);
	} else if (old) {
		json_object_set_new(doc, "proof", json_pack("[O, o]", old, proof));
	} else {
		json_object_set_new(doc, "proof", proof);
	}
}

/* Adds an eddsa-rdfc-2022 proof by key k to doc: proofValue signs
 * hashData = H(canonical proof options) || H(canonical document), as
 * computed by the verifier itself (di_hash_data), so the two cannot
 * drift apart.  Not satchel's di_sign(): tests need a fixed `created`
 * (reproducible samples) and proof sets. */
static int add_di_proof(json_t *doc, EVP_PKEY *k, const char *vm, const char *created,
			const char *id, const char *previous)
{
	json_t *proof = json_pack("{s:s, s:s, s:s, s:s, s:s}", "type", "DataIntegrityProof",
				  "cryptosuite", "eddsa-rdfc-2022", "created", created,
				  "verificationMethod", vm, "proofPurpose", "assertionMethod");
	json_t *prior = NULL;
	struct err err = ERR_INIT;
	uint8_t data[96];
	size_t len = 0;
	char *pv;
	int rc;

	if (!proof)
		return fail("cannot build the proof options");
	if (id)
		json_object_set_new(proof, "id", json_string(id));
	if (previous)	/* a chain: the earlier proof is part of what is signed */
		json_object_set_new(proof, "previousProof", json_string(previous));
	if (di_context(doc)) {
		json_decref(proof);
		return -1;
	}
	rc = di_prior_proofs(doc, proof, &prior, &err);
	if (rc == 0)
		rc = di_hash_data(doc, proof, prior, RDFC_SHA256, data, &len, &err);
	json_decref(prior);
	if (rc < 0) {
		json_decref(proof);
		return fail("cannot sign the document: %s", err.msg);
	}
	pv = ed25519_sign_mb(k, data, len);
	if (!pv) {
		json_decref(proof);
		return -1;
	}
	json_object_set_new(proof, "proofValue", json_string(pv));
	free(pv);
	proof_attach(doc, proof);
	return 0;
}

struct di_opts {
	const char *key, *vm, *created, *out, *in, *id, *previous;
};

/* Fills o; like opts_parse, sets *done (with the exit status to use)
 * when the command must stop here: --help or a usage error. */
static int di_opts_parse(int argc, char **argv, const struct cmd *c, struct di_opts *o,
			 int *done)
{
	static const struct option lo[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "vm", required_argument, NULL, 'v' },
		{ "created", required_argument, NULL, 'c' },
		{ "out", required_argument, NULL, 'o' },
		{ "id", required_argument, NULL, 'i' },
		{ "previous", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char **field[128] = { ['k'] = &o->key, ['v'] = &o->vm, ['c'] = &o->created,
				    ['o'] = &o->out, ['i'] = &o->id, ['p'] = &o->previous };
	int64_t t;
	int ch;

	*done = 1;
	while ((ch = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		if (ch == 'h') {
			usage_command(stdout, c);
			return 0;
		}
		if (ch < 0 || ch >= (int)ARRAY_SIZE(field) || !field[ch])
			return usage_error(c, NULL);
		*field[ch] = optarg;
	}
	if (optind != argc - 1 || !o->key || !o->out)
		return usage_error(c, "--key, -o and one input file are required");
	o->in = argv[optind];
	if (o->created && parse_time(o->created, &t))
		return usage_error(c, "--created '%s' is not YYYY-MM-DDTHH:MM:SS(Z|+hh:mm)",
				   o->created);
	*done = 0;
	return 0;
}

/* The document to sign: any JSON object, duplicate keys refused (a
 * signed document must have one reading, as satchel's parser says). */
static json_t *json_read_object(const char *path)
{
	json_error_t je;
	struct buf b;
	json_t *j;

	buf_init(&b, FILE_MAX);
	if (read_file(path, &b)) {
		buf_release(&b);
		return NULL;
	}
	j = json_loadb(b.s, b.len, JSON_REJECT_DUPLICATES, &je);
	buf_release(&b);
	if (!j) {
		fail("'%s': line %d: %s", path, je.line, je.text);
	} else if (!json_is_object(j)) {
		fail("'%s' is not a JSON object", path);
		json_decref(j);
		j = NULL;
	}
	return j;
}

/* The did:key verification method of an Ed25519 key, did:key:z..#z...
 * (the fragment is the multibase key, SPECS.md §5.9). */
static char *did_key_vm(EVP_PKEY *k)
{
	char *did = did_key_of(k), *vm;

	if (!did)
		return NULL;
	vm = xasprintf("%s#%s", did, did + strlen("did:key:"));
	free(did);
	return vm;
}

static int cmd_sign_di(int argc, char **argv, const struct cmd *c)
{
	struct di_opts o = { 0 };
	char now[32], *vm = NULL;
	EVP_PKEY *k = NULL;
	json_t *doc = NULL;
	int ret, done;

	ret = di_opts_parse(argc, argv, c, &o, &done);
	if (done)
		return ret;
	ret = EXIT_FAIL;
	tool_datadir_from_tree();	/* contexts from the source tree's share/ */
	k = key_load(o.key);
	if (k && !EVP_PKEY_is_a(k, "ED25519")) {
		ret = usage_error(c, "'%s' is not an Ed25519 key (eddsa-rdfc-2022)", o.key);
		goto out;
	}
	vm = !k ? NULL : o.vm ? xstrdup(o.vm) : did_key_vm(k);
	doc = vm ? json_read_object(o.in) : NULL;
	if (!o.created)
		time_format(time_now(), now);	/* honours SATCHEL_NOW */
	if (doc && !add_di_proof(doc, k, vm, o.created ? o.created : now, o.id, o.previous) &&
	    !write_json(o.out, doc))
		ret = 0;
out:
	json_decref(doc);
	free(vm);
	EVP_PKEY_free(k);
	return ret;
}

/* Prints the did:key of an Ed25519 key, for scripts that build issuers. */
static int cmd_did_key(int argc, char **argv, const struct cmd *c)
{
	EVP_PKEY *k;
	char *did = NULL;

	if (argc != 2)
		return usage_error(c, NULL);
	k = key_load(argv[1]);
	if (k && !EVP_PKEY_is_a(k, "ED25519")) {
		EVP_PKEY_free(k);
		return usage_error(c, "'%s' is not an Ed25519 key", argv[1]);
	}
	did = k ? did_key_of(k) : NULL;
	if (did)
		printf("%s\n", did);
	free(did);
	EVP_PKEY_free(k);
	return did ? 0 : EXIT_FAIL;
}

/* ---- commands ---------------------------------------------------------- */

static const struct {
	unsigned flag;
	int (*fn)(struct issue *is);
} issuers[] = {
	{ F_OB2H, issue_ob2_hosted },
	{ F_OB2S, issue_ob2_signed },
	{ F_OB3J, issue_ob3_json },
	{ F_OB3W, issue_ob3_jwt },
};

static int cmd_badge(int argc, char **argv, const struct cmd *c)
{
	struct badge_opts o = { 0 };
	struct issue is;
	int done, rc;
	size_t i;

	rc = opts_parse(argc, argv, c, &o, &done);
	if (done)
		return rc;
	rc = opts_check(&o, c);
	if (!rc)
		rc = issue_init(&is, &o, c);
	else
		memset(&is, 0, sizeof(is));
	for (i = 0; !rc && i < ARRAY_SIZE(issuers); i++)
		if (issuers[i].flag == c->flag)
			rc = issuers[i].fn(&is) ? EXIT_FAIL : 0;
	issue_release(&is);
	return rc;
}

static int cmd_keygen(int argc, char **argv, const struct cmd *c)
{
	const struct key_kind *kk = argc == 3 ? key_kind_by_name(argv[1]) : NULL;
	BIO *bio;
	EVP_PKEY *k;
	char *pem = NULL;
	int ret;

	if (argc != 3)
		return usage_error(c, NULL);
	if (!kk)
		return usage_error(c, "unknown key type '%s'", argv[1]);
	k = key_generate(kk);
	bio = BIO_new(BIO_s_mem());
	if (k && bio && BIO_puts(bio, TEST_KEY_NOTE) > 0 &&
	    PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL))
		pem = bio_string(bio);
	ret = pem ? write_file(argv[2], pem, strlen(pem), 0600) : fail_ssl("cannot write the key");
	if (pem) {
		OPENSSL_cleanse(pem, strlen(pem));
		fprintf(stderr, PROG ": wrote TEST key '%s' - never use it for real badges\n",
			argv[2]);
	}
	free(pem);
	BIO_free(bio);
	EVP_PKEY_free(k);
	return ret ? EXIT_FAIL : 0;
}

/* Options of the image commands: --color and, for svg, --title. */
static int image_opts(int argc, char **argv, const struct cmd *c, struct rgb *color,
		      const char **title)
{
	static const struct option lo[] = {
		{ "color", required_argument, NULL, 'c' },
		{ "title", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		if (ch == 'c' && !parse_color(optarg, color))
			continue;
		if (ch == 't' && title) {
			*title = optarg;
			continue;
		}
		return usage_error(c, ch == 'c' ? "--color must be RRGGBB" : NULL);
	}
	if (optind != argc - 1 || (title && !*title))
		return usage_error(c, NULL);
	return 0;
}

static int cmd_png(int argc, char **argv, const struct cmd *c)
{
	struct rgb color = { 0x2a, 0x6f, 0xdb };
	struct buf b;
	int ret;

	ret = image_opts(argc, argv, c, &color, NULL);
	if (ret)
		return ret;
	buf_init(&b, 0);
	ret = png_medal(color, &b) || write_file(argv[optind], b.s, b.len, 0644);
	buf_release(&b);
	return ret ? EXIT_FAIL : 0;
}

static int cmd_svg(int argc, char **argv, const struct cmd *c)
{
	struct rgb color = { 0x2a, 0x6f, 0xdb };
	const char *title = NULL;
	struct buf b;
	int ret;

	ret = image_opts(argc, argv, c, &color, &title);
	if (ret)
		return ret;
	buf_init(&b, 0);
	svg_medal(color, title, &b);
	ret = write_file(argv[optind], b.s, b.len, 0644);
	buf_release(&b);
	return ret ? EXIT_FAIL : 0;
}

static const struct {
	const char *name;
	enum baked_gen gen;
} bake_gens[] = {
	{ "ob2", BAKED_OB2 },
	{ "ob3", BAKED_OB3 },
	{ "clr", BAKED_CLR },
};

/* png_bake/svg_bake chosen by sniffing the image, as a wallet would. */
static const struct {
	int (*is)(const uint8_t *data, size_t len);
	int (*bake)(const uint8_t *img, size_t len, enum baked_gen gen, const char *text,
		    size_t tlen, struct buf *out, struct err *err);
} bakers[] = {
	{ png_is_png, png_bake },
	{ svg_is_svg, svg_bake },
};

static int bake_into(enum baked_gen gen, const struct buf *cred, const struct buf *img,
		     struct buf *out)
{
	const uint8_t *data = (const uint8_t *)img->s;
	struct err err = ERR_INIT;
	size_t i, n = cred->len;

	/* A compact JWS has no white space: drop the file's final newline.
	 * JSON is baked byte for byte, so the baked copy and the file are
	 * the same credential (same SHA-256) in the wallet. */
	while (n && cred->s[0] != '{' && strchr(" \t\r\n", cred->s[n - 1]))
		n--;
	for (i = 0; i < ARRAY_SIZE(bakers); i++) {
		if (!bakers[i].is(data, img->len))
			continue;
		if (bakers[i].bake(data, img->len, gen, cred->s, n, out, &err))
			return fail("cannot bake: %s", err.msg);
		return 0;
	}
	return fail("the image is neither PNG nor SVG");
}

static int cmd_bake(int argc, char **argv, const struct cmd *c)
{
	struct buf cred, img, out;
	size_t i;
	int ret;

	for (i = 0; argc == 5 && i < ARRAY_SIZE(bake_gens); i++)
		if (!strcmp(argv[1], bake_gens[i].name))
			break;
	if (argc != 5 || i == ARRAY_SIZE(bake_gens))
		return usage_error(c, NULL);
	buf_init(&cred, FILE_MAX);
	buf_init(&img, FILE_MAX);
	buf_init(&out, 0);
	ret = read_file(argv[2], &cred) || read_file(argv[3], &img) ||
	      bake_into(bake_gens[i].gen, &cred, &img, &out) ||
	      write_file(argv[4], out.s, out.len, 0644);
	buf_release(&cred);
	buf_release(&img);
	buf_release(&out);
	return ret ? EXIT_FAIL : 0;
}

static int cmd_extract(int argc, char **argv, const struct cmd *c)
{
	static const char *const gen_names[] = { "?", "ob2", "ob3", "clr" };
	struct baked bk = BAKED_INIT;
	struct err err = ERR_INIT;
	struct buf img;
	int ret;

	if (argc != 2)
		return usage_error(c, NULL);
	buf_init(&img, FILE_MAX);
	ret = read_file(argv[1], &img);
	if (!ret && baked_extract((const uint8_t *)img.s, img.len, &bk, &err))
		ret = fail("'%s': %s", argv[1], err.msg);
	if (!ret) {
		fprintf(stderr, "%s%s\n", bk.gen <= BAKED_CLR ? gen_names[bk.gen] : "?",
			bk.from_attr ? " (verify attribute)" : "");
		fwrite(bk.text, 1, bk.len, stdout);
		putchar('\n');
	}
	baked_release(&bk);
	buf_release(&img);
	return ret ? EXIT_FAIL : 0;
}

static const struct cmd commands[] = {	/* keep alphabetical */
	{ "bake", cmd_bake, 0, "ob2|ob3|clr CREDENTIAL IMAGE OUT",
	  "bake a credential file (JSON or JWS) into a PNG or SVG" },
	{ "did-key", cmd_did_key, 0, "ED25519.pem", "print the did:key of an Ed25519 key" },
	{ "extract", cmd_extract, 0, "IMAGE", "print the credential baked into a PNG or SVG" },
	{ "keygen", cmd_keygen, 0, "rsa|ed25519 OUT.pem", "generate a TEST key (RSA 2048 or Ed25519)" },
	{ "ob2-hosted", cmd_badge, F_OB2H, "[OPTIONS] --site DIR -o FILE",
	  "OB 2.0 hosted Assertion + BadgeClass + Issuer" },
	{ "ob2-signed", cmd_badge, F_OB2S, "[OPTIONS] --key RSA.pem --site DIR -o FILE",
	  "OB 2.0 signed Assertion (JWS RS256) + key, issuer, revocation list" },
	{ "ob3-json", cmd_badge, F_OB3J, "[OPTIONS] -o FILE",
	  "OB 3.0 OpenBadgeCredential as JSON, UNSIGNED (sign it with sign-di)" },
	{ "ob3-jwt", cmd_badge, F_OB3W, "[OPTIONS] --key PEM -o FILE",
	  "OB 3.0 credential as a VC-JWT (EdDSA or RS256)" },
	{ "png", cmd_png, 0, "[--color RRGGBB] OUT.png", "write a 64x64 medal PNG" },
	{ "sign-di", cmd_sign_di, 0,
	  "--key ED25519.pem [--vm URL] [--created DATETIME] [--id URL] [--previous ID] IN.json "
	  "-o OUT.json",
	  "add an eddsa-rdfc-2022 Data Integrity proof (--vm default: the key's did:key); "
	  "--previous chains it to the proof of that id" },
	{ "svg", cmd_svg, 0, "--title TEXT [--color RRGGBB] OUT.svg", "write a medal SVG with a title" },
};

static const size_t n_commands = ARRAY_SIZE(commands);

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: " PROG " COMMAND [ARGS]\n"
	      "A fake badge issuer for satchel's tests: TEST keys only, never real badges.\n\n",
	      f);
	for (i = 0; i < n_commands; i++)
		fprintf(f, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'" PROG " COMMAND --help' shows the options of one command.\n", f);
}

int main(int argc, char **argv)
{
	size_t i;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	for (i = 0; i < n_commands; i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		rc = commands[i].fn(argc - 1, argv + 1, &commands[i]);
		if (fflush(stdout) || ferror(stdout)) {
			fail("cannot write to stdout");
			return EXIT_FAIL;
		}
		return rc;
	}
	fprintf(stderr, PROG ": unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
