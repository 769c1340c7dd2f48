/* bench-verify.c — satchel's verification rate as a share of the
 * machine's raw Ed25519 verify rate, both measured in the same
 * milliseconds (issue 4).
 *
 *	bench-verify [--now T] [--rounds R] [--batch B] FILE...
 *
 * Why: this machine's speed swings fourfold between one tenth of a second
 * and the next (a loop of bare Ed25519 verifies, timed in 100 ms slices of
 * its own CPU time, gave 1,982 to 8,199 /s within six seconds), so two
 * rates taken a second apart, as `satchel verify` and `openssl speed`
 * are, compare machine states as much as programs.  Here the two take
 * turns every millisecond or so in one process: B (default 4) credentials
 * verified
 * as `satchel --offline --json verify FILE...` verifies each one (the
 * same allocator set-up as main, read the file, verify_source, the --json
 * report text), then B bare Ed25519
 * verifies as `openssl speed ed25519` times them (one EVP_MD_CTX set up
 * once, EVP_DigestVerify of a 20-byte message), each batch timed by the
 * thread's CPU clock.  A slow spell then slows both sides alike.  The
 * bare loop does what openssl speed's does: callgrind counts 1.509 M
 * instructions per verify in it and 1.498 M in `openssl speed ed25519`.
 * Turns of 1, 4, 64 and 400 credentials gave 53-59 %, so the turns' cache
 * effects on each other stay within the drift between runs.
 *
 * Prints per round (all FILEs once) the two rates and their ratio, then
 * "bench-verify: ratio=... ratio_min=... ratio_max=... cred_rate=...
 * raw_rate=... n=... verified=..." for scripts: ratio is the pooled one
 * (all rounds' CPU times summed), min and max are the rounds'.
 * SATCHEL_DATADIR defaults to the source tree's share/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "satchel/buf.h"
#include "satchel/cred.h"
#include "satchel/err.h"
#include "satchel/fsutil.h"
#include "satchel/jsonpool.h"
#include "satchel/timeutil.h"
#include "satchel/verify.h"

#include "tooldata.h"

#define PROG		"bench-verify"
#define BATCH		4	/* credentials (and bare verifies) per turn: ~1 ms */
#define USAGE		"usage: bench-verify [--now T] [--rounds R] [--batch B] FILE..."
#define ROUNDS		5
#define RAW_MSG_LEN	20	/* what openssl speed signs and verifies */

/* The bare verify, set up once as openssl speed sets it up. */
struct raw {
	EVP_PKEY *key;
	EVP_MD_CTX *ctx;
	unsigned char msg[RAW_MSG_LEN];
	unsigned char sig[64];
	size_t siglen;
};

/* Totals of one round: as many bare verifies as credentials. */
struct tally {
	double cred_s, raw_s;	/* thread CPU seconds */
	size_t n, verified;
};

static void die(const char *msg)
{
	fprintf(stderr, "%s: %s\n", PROG, msg);
	exit(1);
}

static double cpu_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void raw_setup(struct raw *w)
{
	EVP_MD_CTX *sign = EVP_MD_CTX_new();

	memset(w->msg, 'm', sizeof(w->msg));
	w->siglen = sizeof(w->sig);
	w->key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	w->ctx = EVP_MD_CTX_new();
	if (!sign || !w->key || !w->ctx ||
	    EVP_DigestSignInit_ex(sign, NULL, NULL, NULL, NULL, w->key, NULL) != 1 ||
	    EVP_DigestSign(sign, w->sig, &w->siglen, w->msg, sizeof(w->msg)) != 1 ||
	    EVP_DigestVerifyInit_ex(w->ctx, NULL, NULL, NULL, NULL, w->key, NULL) != 1)
		die("cannot set up the bare Ed25519 verify");
	EVP_MD_CTX_free(sign);
}

static void raw_release(struct raw *w)
{
	EVP_MD_CTX_free(w->ctx);
	EVP_PKEY_free(w->key);
}

/* One credential as the CLI's verify_outside and finish_json handle it;
 * returns 1 when verified. */
static int verify_one(const char *path, const struct verify_opts *vo, FILE *sink)
{
	struct report r = REPORT_INIT;
	struct err err = ERR_INIT;
	struct buf data, text, out;
	int ok;

	buf_init(&data, CRED_MAX_SOURCE);
	buf_init(&text, CRED_MAX_TEXT);
	buf_init(&out, 0);
	if (file_read_regular(path, CRED_MAX_SOURCE, &data, &err) != 0)
		report_add(&r, "read", CHECK_FAIL, EFFECT_INVALID, "%s", err.msg);
	else
		verify_source((uint8_t *)data.s, data.len, vo, &r, &text, NULL);
	ok = strcmp(report_verdict(&r), "verified") == 0;
	buf_reserve(&out, 4096, NULL);
	report_json_add(&r, path, NULL, time_now(), &out, 2, 1);
	fwrite(out.s, 1, out.len, sink);
	buf_release(&out);
	report_release(&r);
	buf_release(&data);
	buf_release(&text);
	return ok;
}

static void raw_batch(struct raw *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (EVP_DigestVerify(w->ctx, w->sig, w->siglen, w->msg, sizeof(w->msg)) != 1)
			die("the bare Ed25519 verify failed");
}

/* All files once, taking turns by batch. */
static void round_run(char **files, size_t n, size_t batch, const struct verify_opts *vo,
		      struct raw *w, FILE *sink, struct tally *t)
{
	size_t i, j, k;
	double t0, t1, t2;

	for (i = 0; i < n; i += k) {
		k = n - i < batch ? n - i : batch;
		t0 = cpu_now();
		for (j = 0; j < k; j++)
			t->verified += (size_t)verify_one(files[i + j], vo, sink);
		t1 = cpu_now();
		raw_batch(w, k);
		t2 = cpu_now();
		t->cred_s += t1 - t0;
		t->raw_s += t2 - t1;
		t->n += k;
	}
}

/* The ratio: satchel's rate over the bare rate (the counts are equal). */
static double ratio_of(const struct tally *t)
{
	return t->raw_s / t->cred_s;
}

/* A positive number, for --rounds and --batch. */
static size_t count_arg(const char *opt, const char *v)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (end == v || *end || n < 1 || n > 1000000) {
		fprintf(stderr, "%s: %s wants a positive number, not '%s'\n", PROG, opt, v);
		exit(1);
	}
	return (size_t)n;
}

/* --now, checked as satchel's own --now is. */
static void now_arg(const char *v)
{
	int64_t t;

	if (time_parse(v, &t, NULL) < 0) {
		fprintf(stderr, "%s: --now wants an RFC 3339 date-time, not '%s'\n", PROG, v);
		exit(1);
	}
	setenv("SATCHEL_NOW", v, 1);
}

/* Returns the index of the first FILE. */
static int parse_args(int argc, char **argv, size_t *rounds, size_t *batch)
{
	int i = 1;

	for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
		if (!strcmp(argv[i], "--now"))
			now_arg(argv[i + 1]);
		else if (!strcmp(argv[i], "--rounds"))
			*rounds = count_arg(argv[i], argv[i + 1]);
		else if (!strcmp(argv[i], "--batch"))
			*batch = count_arg(argv[i], argv[i + 1]);
		else
			die(USAGE);
	}
	if (i >= argc || !strncmp(argv[i], "--", 2))
		die(USAGE);
	return i;
}

int main(int argc, char **argv)
{
	size_t rounds = ROUNDS, batch = BATCH, r;
	int first = parse_args(argc, argv, &rounds, &batch);
	size_t n = (size_t)(argc - first);
	struct verify_opts vo = { .offline = 1 };
	struct tally all = { 0 }, t, warm = { 0 };
	double lo = 0, hi = 0, q;
	struct raw w;
	FILE *sink = fopen("/dev/null", "w");

	json_pool_install();	/* as main does: jansson's blocks from the pool */
	if (!sink)
		die("cannot open /dev/null");
	tool_datadir_from_tree();
	raw_setup(&w);
	/* Warm-up: the contexts are processed on first use, the caches fill. */
	round_run(argv + first, n < 50 ? n : 50, batch, &vo, &w, sink, &warm);
	for (r = 0; r < rounds; r++) {
		memset(&t, 0, sizeof(t));
		round_run(argv + first, n, batch, &vo, &w, sink, &t);
		q = ratio_of(&t);
		printf("round %zu: satchel %.0f /s, bare Ed25519 %.0f /s: %.1f %%, %zu of %zu verified\n",
		       r + 1, (double)t.n / t.cred_s, (double)t.n / t.raw_s, 100 * q, t.verified, t.n);
		lo = r == 0 || q < lo ? q : lo;
		hi = r == 0 || q > hi ? q : hi;
		all.cred_s += t.cred_s;
		all.raw_s += t.raw_s;
		all.n += t.n;
		all.verified += t.verified;
	}
	printf("bench-verify: ratio=%.4f ratio_min=%.4f ratio_max=%.4f cred_rate=%.0f raw_rate=%.0f "
	       "n=%zu verified=%zu\n", ratio_of(&all), lo, hi, (double)all.n / all.cred_s,
	       (double)all.n / all.raw_s, all.n, all.verified);
	raw_release(&w);
	fclose(sink);
	return all.verified == all.n ? 0 : 1;
}
