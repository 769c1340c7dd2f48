/* test-wallet.c — the wallet store (init, unlock, objects, sidecars,
 * resolve, lock) and the collection above it (import, index, fsck). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "satchel/collection.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/wallet.h"
#include "satchel/xalloc.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PASS "correct horse battery staple"

/* ---- fixture: a fresh directory under build/trash/ ------------------- */

struct fx {
	char *root;	/* the mkdtemp directory */
	char *dir;	/* root/w: where the wallet goes */
	struct wallet *w;
};

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static int setup(void **state)
{
	struct fx *fx = xcalloc(1, sizeof(*fx));

	if (mkdir("build", 0755) < 0 && errno != EEXIST)
		return -1;
	if (mkdir("build/trash", 0755) < 0 && errno != EEXIST)
		return -1;
	fx->root = xstrdup("build/trash/wallet-XXXXXX");
	if (!mkdtemp(fx->root))
		return -1;
	fx->dir = path_join(fx->root, "w");
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	wallet_close(fx->w);
	nftw(fx->root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(fx->dir);
	free(fx->root);
	free(fx);
	return 0;
}

/* ---- passphrases -------------------------------------------------------- */

struct pass_ctx {
	const char *pass;	/* NULL: fail without setting err */
	int calls, confirms;
};

static int get_pass(void *ctx, int confirm, struct buf *out, struct err *err)
{
	struct pass_ctx *p = ctx;

	(void)err;
	p->calls++;
	p->confirms += confirm != 0;
	if (!p->pass)
		return -1;
	return buf_adds(out, p->pass, err);
}

static int init_wallet(const char *dir, int encrypt, const char *pass, struct err *err)
{
	struct pass_ctx pc = { pass, 0, 0 };
	struct wallet_init_opts o = { 0 };
	struct wallet_init_result res;

	o.encrypt = encrypt;
	o.unlock.get_pass = get_pass;
	o.unlock.ctx = &pc;
	return wallet_init(dir, &o, &res, err);
}

static struct wallet *open_wallet(const char *dir, const char *pass)
{
	struct pass_ctx pc = { pass, 0, 0 };
	struct wallet_unlock u = { get_pass, &pc, 0 };
	struct wallet *w = NULL;
	struct err e = ERR_INIT;

	if (wallet_open(dir, &u, &w, &e) != 0)
		fail_msg("wallet_open '%s': %s", dir, e.msg);
	return w;
}

/* A wallet in fx->dir, open in fx->w. */
static void make_wallet(struct fx *fx, int encrypt)
{
	struct err e = ERR_INIT;

	if (init_wallet(fx->dir, encrypt, PASS, &e) != 0)
		fail_msg("wallet_init: %s", e.msg);
	fx->w = open_wallet(fx->dir, PASS);
}

static void put(struct wallet *w, const char *data, char id[WALLET_ID_LEN + 1])
{
	struct err e = ERR_INIT;
	int existed = -1;

	assert_int_equal(wallet_lock(w, &e), 0);
	if (wallet_put(w, data, strlen(data), id, &existed, &e) != 0)
		fail_msg("wallet_put: %s", e.msg);
	wallet_unlock_write(w);
}

static void read_all(const char *path, struct buf *out)
{
	struct err e = ERR_INIT;

	buf_init(out, 0);
	if (file_read(path, 1u << 26, out, &e) != 0)
		fail_msg("%s", e.msg);
}

static void write_all(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Flips the last byte of a file. */
static void flip_last_byte(const char *path)
{
	struct buf b;

	read_all(path, &b);
	assert_true(b.len > 0);
	b.s[b.len - 1] ^= 0x01;
	write_all(path, b.s, b.len);
	buf_release(&b);
}

/* ---- a snapshot of a directory tree (names, sizes, mtimes) ---------- */

static struct buf snap;

static int snap_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)flag;
	(void)ftw;
	buf_addf(&snap, NULL, "%s %o %lld %lld.%09ld\n", path, (unsigned)st->st_mode,
		 (long long)st->st_size, (long long)st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	return 0;
}

static char *snapshot(const char *dir)
{
	buf_init(&snap, 0);
	assert_int_equal(nftw(dir, snap_entry, 16, FTW_PHYS), 0);
	return buf_detach(&snap, NULL);
}

/* ---- init and unlock ---------------------------------------------------- */

static void test_init_open_encrypted(void **state)
{
	struct fx *fx = *state;
	struct pass_ctx pc = { PASS, 0, 0 };
	struct wallet_init_opts o = { 0 };
	struct wallet_init_result res;
	struct wallet_unlock u = { get_pass, &pc, 0 };
	struct err e = ERR_INIT;
	struct buf conf;
	char *path;
	struct stat st;

	o.encrypt = 1;
	o.unlock.get_pass = get_pass;
	o.unlock.ctx = &pc;
	assert_int_equal(wallet_init(fx->dir, &o, &res, &e), 0);
	assert_int_equal(pc.calls, 1);
	assert_int_equal(pc.confirms, 1);	/* a new passphrase is asked twice */
	assert_int_equal(res.keyring_stored, 0);

	path = path_join(fx->dir, "wallet.json");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	read_all(path, &conf);
	assert_null(strstr(conf.s, PASS));
	buf_release(&conf);
	free(path);

	pc.calls = pc.confirms = 0;
	assert_int_equal(wallet_open(fx->dir, &u, &fx->w, &e), 0);
	assert_int_equal(pc.calls, 1);
	assert_int_equal(pc.confirms, 0);
	assert_int_equal(fx->w->encrypted, 1);
	assert_int_equal(fx->w->have_key, 1);
	assert_int_equal(fx->w->lock_fd, -1);
	assert_non_null(fx->w->wallet_id);
	assert_int_equal(strlen(fx->w->wallet_id), 32);
}

static void test_open_wrong_passphrase(void **state)
{
	struct fx *fx = *state;
	struct pass_ctx pc = { "wrong horse", 0, 0 };
	struct wallet_unlock u = { get_pass, &pc, 0 };
	struct wallet *w = NULL;
	struct err e = ERR_INIT;

	assert_int_equal(init_wallet(fx->dir, 1, PASS, &e), 0);
	assert_int_equal(wallet_open(fx->dir, &u, &w, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	assert_null(w);
	/* An empty passphrase is simply wrong too. */
	pc.pass = "";
	err_clear(&e);
	assert_int_equal(wallet_open(fx->dir, &u, &w, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	assert_null(w);
}

static void test_open_no_passphrase(void **state)
{
	struct fx *fx = *state;
	struct pass_ctx pc = { NULL, 0, 0 };
	struct wallet_unlock none = { NULL, NULL, 0 }, failing = { get_pass, &pc, 0 };
	struct wallet *w = NULL;
	struct err e = ERR_INIT;

	assert_int_equal(init_wallet(fx->dir, 1, PASS, &e), 0);
	assert_int_equal(wallet_open(fx->dir, &none, &w, &e), -1);
	assert_int_equal(e.code, ERR_LOCKED);
	err_clear(&e);
	assert_int_equal(wallet_open(fx->dir, NULL, &w, &e), -1);
	assert_int_equal(e.code, ERR_LOCKED);
	/* A callback that gives nothing (and says nothing) also leaves it locked. */
	err_clear(&e);
	assert_int_equal(wallet_open(fx->dir, &failing, &w, &e), -1);
	assert_int_equal(e.code, ERR_LOCKED);
	assert_int_equal(pc.calls, 1);
	assert_null(w);
}

/* A plain wallet opens without any passphrase. */
static void test_open_plain(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;

	assert_int_equal(init_wallet(fx->dir, 0, NULL, &e), 0);
	assert_int_equal(wallet_open(fx->dir, NULL, &fx->w, &e), 0);
	assert_int_equal(fx->w->encrypted, 0);
}

static void test_open_missing(void **state)
{
	struct fx *fx = *state;
	struct wallet *w = NULL;
	struct err e = ERR_INIT;

	assert_int_equal(wallet_open(fx->dir, NULL, &w, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	assert_int_equal(wallet_open(fx->root, NULL, &w, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	assert_null(w);
}

static void test_init_twice(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	char *before, *after;

	assert_int_equal(init_wallet(fx->dir, 1, PASS, &e), 0);
	before = snapshot(fx->dir);
	assert_int_equal(init_wallet(fx->dir, 1, PASS, &e), -1);
	assert_int_equal(e.code, ERR_EXISTS);
	err_clear(&e);
	assert_int_equal(init_wallet(fx->dir, 0, NULL, &e), -1);
	assert_int_equal(e.code, ERR_EXISTS);
	after = snapshot(fx->dir);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

/* Encrypting needs a non-empty passphrase; without one nothing is made. */
static void test_init_needs_passphrase(void **state)
{
	struct fx *fx = *state;
	struct wallet_init_opts o = { 0 };
	struct wallet_init_result res;
	struct pass_ctx pc = { "", 0, 0 };
	struct err e = ERR_INIT;
	char *conf = path_join(fx->dir, "wallet.json");

	o.encrypt = 1;
	assert_int_equal(wallet_init(fx->dir, &o, &res, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	o.unlock.get_pass = get_pass;
	o.unlock.ctx = &pc;
	err_clear(&e);
	assert_int_equal(wallet_init(fx->dir, &o, &res, &e), -1);
	assert_int_equal(e.code, ERR_USAGE);
	assert_int_equal(path_exists(conf), 0);
	free(conf);
}

/* ---- objects -------------------------------------------------------- */

#define CRED_TEXT "{\"a distinctive plaintext\": \"zebra-quokka-narwhal\"}"

static void test_put_get_roundtrip(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], id2[WALLET_ID_LEN + 1], want[WALLET_ID_LEN + 1];
	struct err e = ERR_INIT;
	struct buf b;
	int existed = -1;

	make_wallet(fx, 1);
	crypto_sha256_hex(CRED_TEXT, strlen(CRED_TEXT), want);
	assert_int_equal(wallet_has(fx->w, want), 0);
	assert_int_equal(wallet_lock(fx->w, &e), 0);
	assert_int_equal(wallet_put(fx->w, CRED_TEXT, strlen(CRED_TEXT), id, &existed, &e), 0);
	assert_string_equal(id, want);
	assert_int_equal(existed, 0);
	assert_int_equal(wallet_has(fx->w, id), 1);
	assert_int_equal(wallet_put(fx->w, CRED_TEXT, strlen(CRED_TEXT), id2, &existed, &e), 0);
	assert_string_equal(id2, want);
	assert_int_equal(existed, 1);
	wallet_unlock_write(fx->w);

	buf_init(&b, 0);
	assert_int_equal(buf_adds(&b, "pre", NULL), 0);
	assert_int_equal(wallet_get(fx->w, id, &b, &e), 0);
	assert_string_equal(b.s, "pre" CRED_TEXT);
	buf_release(&b);

	/* Another handle on the same wallet reads it too. */
	{
		struct wallet *w2 = open_wallet(fx->dir, PASS);

		buf_init(&b, 0);
		assert_int_equal(wallet_get(w2, id, &b, &e), 0);
		assert_string_equal(b.s, CRED_TEXT);
		buf_release(&b);
		wallet_close(w2);
	}
}

static void test_object_file_encrypted(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], *path;
	struct buf raw;
	struct stat st;

	make_wallet(fx, 1);
	put(fx->w, CRED_TEXT, id);
	path = wallet_object_path(fx->w, id, "");
	read_all(path, &raw);
	assert_memory_equal(raw.s, "SATCHEL\x01", 8);
	assert_int_equal(raw.len, 8 + AEAD_NONCE_LEN + strlen(CRED_TEXT) + AEAD_TAG_LEN);
	assert_null(memmem(raw.s, raw.len, "zebra", 5));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* objects/ab/cdef...: the first two hex digits name the folder. */
	{
		char *want = xasprintf("%s/objects/%.2s/%s", fx->dir, id, id + 2);

		assert_string_equal(path, want);
		free(want);
	}
	buf_release(&raw);
	free(path);
}

static void test_get_flipped_byte(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], *path;
	struct err e = ERR_INIT;
	struct buf b;

	make_wallet(fx, 1);
	put(fx->w, CRED_TEXT, id);
	path = wallet_object_path(fx->w, id, "");
	flip_last_byte(path);
	buf_init(&b, 0);
	assert_int_equal(wallet_get(fx->w, id, &b, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	assert_int_equal(b.len, 0);
	buf_release(&b);
	free(path);
}

/* A whole envelope moved to another object's name fails: the associated
 * data names the object. */
static void test_get_renamed(void **state)
{
	struct fx *fx = *state;
	char a[WALLET_ID_LEN + 1], b[WALLET_ID_LEN + 1], *pa, *pb;
	struct err e = ERR_INIT;
	struct buf out;

	make_wallet(fx, 1);
	put(fx->w, "object A", a);
	put(fx->w, "object B", b);
	pa = wallet_object_path(fx->w, a, "");
	pb = wallet_object_path(fx->w, b, "");
	assert_int_equal(rename(pa, pb), 0);
	buf_init(&out, 0);
	assert_int_equal(wallet_get(fx->w, b, &out, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	assert_int_equal(out.len, 0);
	err_clear(&e);
	assert_int_equal(wallet_get(fx->w, a, &out, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	buf_release(&out);
	free(pa);
	free(pb);
}

/* Not an envelope at all (e.g. a plain file dropped in): ERR_PARSE. */
static void test_get_not_envelope(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], *path;
	struct err e = ERR_INIT;
	struct buf out;

	make_wallet(fx, 1);
	put(fx->w, CRED_TEXT, id);
	path = wallet_object_path(fx->w, id, "");
	write_all(path, CRED_TEXT, strlen(CRED_TEXT));
	buf_init(&out, 0);
	assert_int_equal(wallet_get(fx->w, id, &out, &e), -1);
	assert_int_equal(e.code, ERR_PARSE);
	buf_release(&out);
	free(path);
}

static void test_plain_wallet_verbatim(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], *path;
	struct err e = ERR_INIT;
	struct buf raw, out;

	make_wallet(fx, 0);
	put(fx->w, CRED_TEXT, id);
	path = wallet_object_path(fx->w, id, "");
	read_all(path, &raw);
	assert_int_equal(raw.len, strlen(CRED_TEXT));
	assert_memory_equal(raw.s, CRED_TEXT, raw.len);
	buf_init(&out, 0);
	assert_int_equal(wallet_get(fx->w, id, &out, &e), 0);
	assert_string_equal(out.s, CRED_TEXT);
	buf_release(&out);
	/* Damage is caught by the hash. */
	flip_last_byte(path);
	buf_init(&out, 0);
	assert_int_equal(wallet_get(fx->w, id, &out, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	buf_release(&out);
	buf_release(&raw);
	free(path);
}

static void test_get_missing(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1];
	struct err e = ERR_INIT;
	struct buf out;

	make_wallet(fx, 1);
	crypto_sha256_hex("never stored", 12, id);
	buf_init(&out, 0);
	assert_int_equal(wallet_get(fx->w, id, &out, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	buf_release(&out);
}

/* ---- sidecars -------------------------------------------------------- */

static void test_meta(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], stamp[64], *path;
	struct err e = ERR_INIT;
	json_t *meta = NULL, *in;
	struct buf raw;

	make_wallet(fx, 1);
	put(fx->w, CRED_TEXT, id);
	assert_int_equal(wallet_meta_get(fx->w, id, &meta, &e), 0);
	assert_true(json_is_object(meta));
	assert_int_equal(json_object_size(meta), 0);
	assert_int_equal(e.code, ERR_OK);
	json_decref(meta);
	wallet_meta_stamp(fx->w, id, stamp);
	assert_string_equal(stamp, "");

	in = json_pack("{s:[s,s], s:s}", "tags", "work", "2024", "note", "platypus-note");
	assert_int_equal(wallet_meta_put(fx->w, id, in, &e), 0);
	assert_int_equal(wallet_meta_get(fx->w, id, &meta, &e), 0);
	assert_true(json_equal(meta, in));
	json_decref(meta);
	wallet_meta_stamp(fx->w, id, stamp);
	assert_true(stamp[0] != '\0');

	path = wallet_object_path(fx->w, id, ".meta");
	read_all(path, &raw);
	assert_null(memmem(raw.s, raw.len, "platypus", 8));
	buf_release(&raw);

	/* A damaged sidecar is an error, not an empty one. */
	flip_last_byte(path);
	assert_int_equal(wallet_meta_get(fx->w, id, &meta, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	assert_null(meta);
	free(path);
	json_decref(in);
}

/* A sidecar holding JSON that is not an object is refused. */
static void test_meta_not_object(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1];
	struct err e = ERR_INIT;
	json_t *meta = NULL, *arr = json_array();

	make_wallet(fx, 0);
	put(fx->w, CRED_TEXT, id);
	assert_int_equal(wallet_meta_put(fx->w, id, arr, &e), 0);
	assert_int_equal(wallet_meta_get(fx->w, id, &meta, &e), -1);
	assert_int_equal(e.code, ERR_PARSE);
	assert_null(meta);
	json_decref(arr);
}

/* A sidecar is bound to its object: moved to another's name it fails. */
static void test_meta_swapped(void **state)
{
	struct fx *fx = *state;
	char a[WALLET_ID_LEN + 1], b[WALLET_ID_LEN + 1], *pa, *pb;
	struct err e = ERR_INIT;
	json_t *m = json_pack("{s:s}", "note", "for A"), *got = NULL;

	make_wallet(fx, 1);
	put(fx->w, "object A", a);
	put(fx->w, "object B", b);
	assert_int_equal(wallet_meta_put(fx->w, a, m, &e), 0);
	pa = wallet_object_path(fx->w, a, ".meta");
	pb = wallet_object_path(fx->w, b, ".meta");
	assert_int_equal(rename(pa, pb), 0);
	assert_int_equal(wallet_meta_get(fx->w, b, &got, &e), -1);
	assert_int_equal(e.code, ERR_AUTH);
	assert_null(got);
	free(pa);
	free(pb);
	json_decref(m);
}

/* ---- linked documents --------------------------------------------------- */

static void test_linked(void **state)
{
	struct fx *fx = *state;
	static const char url[] = "https://example.org/badge.json", doc[] = "{\"name\":\"B\"}";
	struct err e = ERR_INIT;
	struct buf out;

	make_wallet(fx, 1);
	buf_init(&out, 0);
	assert_int_equal(wallet_linked_get(fx->w, url, &out, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	assert_int_equal(wallet_linked_put(fx->w, url, doc, strlen(doc), &e), 0);
	assert_int_equal(wallet_linked_get(fx->w, url, &out, &e), 0);
	assert_string_equal(out.s, doc);
	buf_release(&out);
}

/* ---- remove, ids -------------------------------------------------------- */

static void test_remove(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], *obj, *meta, *dir;
	struct err e = ERR_INIT;
	json_t *m = json_object();

	make_wallet(fx, 1);
	put(fx->w, CRED_TEXT, id);
	assert_int_equal(wallet_meta_put(fx->w, id, m, &e), 0);
	obj = wallet_object_path(fx->w, id, "");
	meta = wallet_object_path(fx->w, id, ".meta");
	dir = xasprintf("%s/objects/%.2s", fx->dir, id);
	assert_int_equal(path_exists(meta), 1);
	assert_int_equal(wallet_lock(fx->w, &e), 0);
	assert_int_equal(wallet_remove(fx->w, id, &e), 0);
	assert_int_equal(wallet_has(fx->w, id), 0);
	assert_int_equal(path_exists(obj), 0);
	assert_int_equal(path_exists(meta), 0);
	assert_int_equal(path_exists(dir), 0);	/* the empty folder goes too */
	assert_int_equal(wallet_remove(fx->w, id, &e), -1);
	assert_int_equal(e.code, ERR_NOTFOUND);
	wallet_unlock_write(fx->w);
	free(obj);
	free(meta);
	free(dir);
	json_decref(m);
}

static void test_ids_sorted(void **state)
{
	struct fx *fx = *state;
	char id[WALLET_ID_LEN + 1], *stray;
	char **ids;
	size_t n, i;
	struct err e = ERR_INIT;

	make_wallet(fx, 0);
	assert_int_equal(wallet_ids(fx->w, &ids, &n, &e), 0);
	assert_int_equal(n, 0);
	assert_null(ids[0]);
	wallet_ids_free(ids);
	for (i = 0; i < 20; i++) {
		char data[32];

		snprintf(data, sizeof(data), "credential %zu", i);
		put(fx->w, data, id);
	}
	/* Files that are not objects are not ids. */
	stray = xasprintf("%s/objects/%.2s/" TMP_PREFIX "x", fx->dir, id);
	write_all(stray, "x", 1);
	free(stray);
	stray = xasprintf("%s/objects/%.2s/%s.meta", fx->dir, id, id + 2);
	write_all(stray, "{}", 2);
	free(stray);
	stray = xasprintf("%s/objects/zz", fx->dir);
	assert_int_equal(mkdir(stray, 0700), 0);
	free(stray);

	assert_int_equal(wallet_ids(fx->w, &ids, &n, &e), 0);
	assert_int_equal(n, 20);
	for (i = 0; i < n; i++) {
		assert_int_equal(strlen(ids[i]), WALLET_ID_LEN);
		assert_int_equal(wallet_has(fx->w, ids[i]), 1);
		if (i)
			assert_true(strcmp(ids[i - 1], ids[i]) < 0);
	}
	assert_null(ids[n]);
	wallet_ids_free(ids);
	wallet_ids_free(NULL);
}

/* ---- resolve ------------------------------------------------------------ */

/* Finds two small inputs whose ids share the first four hex digits
 * (birthday bound over 16^4: a few hundred tries). */
static void colliding_pair(char a[32], char b[32])
{
	static int seen[65536];
	int i;

	memset(seen, 0xff, sizeof(seen));
	for (i = 0; i < 100000; i++) {
		char data[32], id[WALLET_ID_LEN + 1];
		unsigned slot;

		snprintf(data, sizeof(data), "obj-%d", i);
		crypto_sha256_hex(data, strlen(data), id);
		slot = (unsigned)strtoul((char[5]){ id[0], id[1], id[2], id[3], 0 }, NULL, 16);
		if (seen[slot] >= 0) {
			snprintf(a, 32, "obj-%d", seen[slot]);
			snprintf(b, 32, "obj-%d", i);
			return;
		}
		seen[slot] = i;
	}
	fail_msg("no collision found");
}

static void test_resolve(void **state)
{
	struct fx *fx = *state;
	char da[32], db[32], a[WALLET_ID_LEN + 1], b[WALLET_ID_LEN + 1], c[WALLET_ID_LEN + 1];
	char upper[WALLET_ID_LEN + 1], longer[WALLET_ID_LEN + 1], unknown[5], too_long[WALLET_ID_LEN + 2];
	size_t i, k;

	make_wallet(fx, 0);
	colliding_pair(da, db);
	put(fx->w, da, a);
	put(fx->w, db, b);
	assert_memory_equal(a, b, 4);
	put(fx->w, "a third one", c);
	assert_true(strncmp(c, a, 4) != 0);

	/* The shortest prefix that tells a from b. */
	for (k = 4; a[k] == b[k]; k++)
		;
	snprintf(longer, sizeof(longer), "%.*s", (int)k + 1, a);
	for (i = 0; i <= WALLET_ID_LEN; i++)
		upper[i] = (char)(c[i] >= 'a' && c[i] <= 'f' ? c[i] - 32 : c[i]);
	/* A 4-digit prefix no object has. */
	snprintf(unknown, sizeof(unknown), "%.4s", c);
	unknown[3] = unknown[3] == '0' ? '1' : '0';
	if (!strncmp(unknown, a, 4))
		unknown[2] = unknown[2] == '0' ? '1' : '0';
	snprintf(too_long, sizeof(too_long), "%s0", c);

	{
		const struct {
			const char *prefix;
			enum err_code code;
			const char *want;
		} rows[] = {
			{ c, ERR_OK, c },			/* full id */
			{ a, ERR_OK, a },
			{ (char[5]){ c[0], c[1], c[2], c[3], 0 }, ERR_OK, c },	/* unique 4 */
			{ (char[8]){ c[0], c[1], c[2], c[3], c[4], c[5], 0 }, ERR_OK, c },
			{ upper, ERR_OK, c },			/* hex in either case */
			{ longer, ERR_OK, a },
			{ (char[5]){ a[0], a[1], a[2], a[3], 0 }, ERR_AMBIGUOUS, NULL },
			{ (char[4]){ c[0], c[1], c[2], 0 }, ERR_USAGE, NULL },	/* too short */
			{ "", ERR_USAGE, NULL },
			{ "zzzz", ERR_USAGE, NULL },		/* not hex */
			{ "12g4", ERR_USAGE, NULL },
			{ "../..", ERR_USAGE, NULL },
			{ "abc ", ERR_USAGE, NULL },
			{ too_long, ERR_USAGE, NULL },		/* 65 digits */
			{ unknown, ERR_NOTFOUND, NULL },
		};

		for (i = 0; i < ARRAY_SIZE(rows); i++) {
			char id[WALLET_ID_LEN + 1] = "";
			struct err e = ERR_INIT;
			int rc = wallet_resolve(fx->w, rows[i].prefix, id, &e);

			if (rows[i].code == ERR_OK) {
				if (rc != 0)
					fail_msg("'%s': %s", rows[i].prefix, e.msg);
				assert_string_equal(id, rows[i].want);
				continue;
			}
			if (rc == 0)
				fail_msg("'%s' resolved to %s", rows[i].prefix, id);
			if (e.code != rows[i].code)
				fail_msg("'%s': code %s, want %s (%s)", rows[i].prefix, err_name(e.code),
					 err_name(rows[i].code), e.msg);
		}
	}
}

/* ---- the write lock --------------------------------------------------- */

static void test_lock(void **state)
{
	struct fx *fx = *state;
	struct wallet *w2;
	struct err e = ERR_INIT;

	make_wallet(fx, 0);
	w2 = open_wallet(fx->dir, PASS);
	assert_int_equal(wallet_lock(fx->w, &e), 0);
	assert_true(fx->w->lock_fd >= 0);
	assert_int_equal(wallet_trylock(w2, &e), -1);
	assert_int_equal(e.code, ERR_LOCKED);
	assert_int_equal(w2->lock_fd, -1);
	/* Taking it again on the holder is fine. */
	assert_int_equal(wallet_trylock(fx->w, &e), 0);
	wallet_unlock_write(fx->w);
	assert_int_equal(fx->w->lock_fd, -1);
	err_clear(&e);
	assert_int_equal(wallet_trylock(w2, &e), 0);
	assert_int_equal(wallet_trylock(fx->w, &e), -1);
	assert_int_equal(e.code, ERR_LOCKED);
	/* Closing the holder releases the lock. */
	wallet_close(w2);
	assert_int_equal(wallet_trylock(fx->w, &e), 0);
	wallet_unlock_write(fx->w);
	wallet_unlock_write(fx->w);	/* twice is harmless */
}

/* ---- collection: import, index, fsck ------------------------------------ */

#define OB2_GOOD \
	"{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\"," \
	"\"id\":\"urn:uuid:0b6f8a2e-2a5c-4d0e-9b3a-7a1c2d3e4f50\"," \
	"\"recipient\":{\"type\":\"email\",\"hashed\":false,\"identity\":\"learner@example.org\"}," \
	"\"badge\":{\"type\":\"BadgeClass\",\"id\":\"https://example.org/badges/tidy\"," \
	"\"name\":\"Tidy Tester\",\"issuer\":{\"type\":\"Profile\"," \
	"\"id\":\"https://example.org/issuer\",\"name\":\"Example Org\"}}," \
	"\"issuedOn\":\"2024-05-01T10:00:00Z\",\"verification\":{\"type\":\"hosted\"}}"

struct report {
	int calls;
	enum import_status status;
	char id[WALLET_ID_LEN + 1];
	char *name, *error;
};

static void on_report(void *ctx, const struct import_result *r)
{
	struct report *rep = ctx;

	rep->calls++;
	rep->status = r->status;
	memcpy(rep->id, r->id, sizeof(rep->id));
	free(rep->name);
	free(rep->error);
	rep->name = xstrdup(r->name);
	rep->error = xstrdup(r->error);
}

static void report_free(struct report *rep)
{
	free(rep->name);
	free(rep->error);
	memset(rep, 0, sizeof(*rep));
}

static int import_text(struct wallet *w, const char *text, json_t *tags, struct report *rep)
{
	struct import_opts o = { tags, 0 };
	struct err e = ERR_INIT;
	int rc;

	report_free(rep);
	rc = import_bytes(w, "badge.json", (const uint8_t *)text, strlen(text), &o, on_report, rep,
			  &e);
	if (rc < 0)
		fail_msg("import_bytes: %s", e.msg);
	return rc;
}

static void test_import(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	char want[WALLET_ID_LEN + 1], stamp1[64], stamp2[64];
	json_t *meta = NULL, *tags;
	struct err e = ERR_INIT;

	make_wallet(fx, 1);
	crypto_sha256_hex(OB2_GOOD, strlen(OB2_GOOD), want);
	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	assert_int_equal(rep.calls, 1);
	assert_int_equal(rep.status, IMPORT_ADDED);
	assert_string_equal(rep.id, want);
	assert_string_equal(rep.name, "Tidy Tester");
	assert_null(rep.error);
	assert_int_equal(wallet_has(fx->w, want), 1);
	assert_int_equal(wallet_meta_get(fx->w, want, &meta, &e), 0);
	assert_string_equal(json_str(json_object_get(meta, "source"), "location"), "badge.json");
	assert_string_equal(json_str(meta, "verdict"), "unchecked");
	json_decref(meta);
	wallet_meta_stamp(fx->w, want, stamp1);

	/* Again: nothing is written. */
	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	assert_int_equal(rep.status, IMPORT_EXISTS);
	assert_string_equal(rep.id, want);
	wallet_meta_stamp(fx->w, want, stamp2);
	assert_string_equal(stamp1, stamp2);

	/* Again with tags: they are merged into the sidecar. */
	tags = json_pack("[s]", "kept");
	assert_int_equal(import_text(fx->w, OB2_GOOD, tags, &rep), 0);
	assert_int_equal(rep.status, IMPORT_EXISTS);
	assert_int_equal(wallet_meta_get(fx->w, want, &meta, &e), 0);
	assert_true(json_has_string(json_object_get(meta, "tags"), "kept"));
	json_decref(meta);
	json_decref(tags);
	report_free(&rep);
}

static const struct {
	const char *what, *text, *why;	/* why: a substring of the reason */
} reject_rows[] = {
	{ "junk", "this is not a badge at all", NULL },
	{ "broken JSON", "{\"@context\":", NULL },
	{ "BadgeClass", "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"BadgeClass\","
	  "\"name\":\"x\",\"issuer\":\"https://example.org/i\"}", "not a badge awarded" },
	{ "duplicate keys", "{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\","
	  "\"type\":\"Assertion\"}", NULL },
};

static void test_import_rejected(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	char *before, *after;
	size_t i;

	make_wallet(fx, 1);
	before = snapshot(fx->dir);
	for (i = 0; i < ARRAY_SIZE(reject_rows); i++) {
		assert_int_equal(import_text(fx->w, reject_rows[i].text, NULL, &rep), 1);
		assert_int_equal(rep.calls, 1);
		if (rep.status != IMPORT_REJECTED)
			fail_msg("%s: not rejected", reject_rows[i].what);
		assert_string_equal(rep.id, "");
		assert_non_null(rep.error);
		if (reject_rows[i].why && !strstr(rep.error, reject_rows[i].why))
			fail_msg("%s: reason '%s' lacks '%s'", reject_rows[i].what, rep.error,
				 reject_rows[i].why);
	}
	after = snapshot(fx->dir);
	assert_string_equal(before, after);
	free(before);
	free(after);
	report_free(&rep);
}

static void test_index(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	struct err e = ERR_INIT;
	json_t *idx, *entry;
	char id[WALLET_ID_LEN + 1];

	make_wallet(fx, 1);
	idx = index_load(fx->w, &e);
	assert_non_null(idx);
	assert_int_equal(json_object_size(idx), 0);
	json_decref(idx);

	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	memcpy(id, rep.id, sizeof(id));
	idx = index_load(fx->w, &e);
	assert_non_null(idx);
	assert_int_equal(json_object_size(idx), 1);
	entry = json_object_get(idx, id);
	assert_non_null(entry);
	assert_string_equal(json_str(entry, "name"), "Tidy Tester");
	assert_string_equal(json_str(entry, "id"), id);
	assert_string_equal(json_str(json_object_get(entry, "issuer"), "name"), "Example Org");
	assert_null(json_object_get(entry, "error"));
	json_decref(idx);

	/* Loaded again from the written cache: the same. */
	idx = index_load(fx->w, &e);
	assert_string_equal(json_str(json_object_get(idx, id), "name"), "Tidy Tester");
	json_decref(idx);

	assert_int_equal(collection_remove(fx->w, id, &e), 0);
	assert_int_equal(fx->w->lock_fd, -1);	/* the lock is given back */
	idx = index_load(fx->w, &e);
	assert_non_null(idx);
	assert_null(json_object_get(idx, id));
	assert_int_equal(json_object_size(idx), 0);
	json_decref(idx);
	report_free(&rep);
}

/* A note lands in the sidecar (and so in the entry the TUI shows), under
 * the lock, and an empty one removes it. */
static void test_note(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	struct err e = ERR_INIT;
	json_t *idx, *meta = NULL;
	char id[WALLET_ID_LEN + 1];

	make_wallet(fx, 1);
	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	memcpy(id, rep.id, sizeof(id));
	assert_int_equal(collection_note(fx->w, id, "F\xc3\xbcr die Bewerbung", &e), 0);
	assert_int_equal(fx->w->lock_fd, -1);
	assert_int_equal(wallet_meta_get(fx->w, id, &meta, &e), 0);
	assert_string_equal(json_str(meta, "note"), "F\xc3\xbcr die Bewerbung");
	json_decref(meta);
	/* The entry the TUI shows (index_load's rows carry no note). */
	idx = index_entry_build(fx->w, id, &e);
	assert_non_null(idx);
	assert_string_equal(json_str(idx, "note"), "F\xc3\xbcr die Bewerbung");
	json_decref(idx);

	assert_int_equal(collection_note(fx->w, id, "", &e), 0);
	idx = index_entry_build(fx->w, id, &e);
	assert_non_null(idx);
	assert_null(json_str(idx, "note"));
	json_decref(idx);
	assert_int_equal(collection_note(fx->w, "0123456789abcdef", "x", &e), -1);
	assert_int_equal(fx->w->lock_fd, -1);
	report_free(&rep);
}

#define OB2_LINKED \
	"{\"@context\":\"https://w3id.org/openbadges/v2\",\"type\":\"Assertion\"," \
	"\"id\":\"https://example.org/assertions/7\"," \
	"\"recipient\":{\"type\":\"email\",\"hashed\":false,\"identity\":\"learner@example.org\"}," \
	"\"badge\":\"https://example.org/badges/linked\"," \
	"\"issuedOn\":\"2024-05-01T10:00:00Z\",\"verification\":{\"type\":\"hosted\"}}"

/* A badge whose BadgeClass is only a URL gets its name once the
 * documents a verification fetched are kept; what is kept stays. */
static void test_keep_linked(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	struct err e = ERR_INIT;
	const char *url = "https://example.org/badges/linked";
	json_t *idx, *linked;
	char id[WALLET_ID_LEN + 1];

	make_wallet(fx, 1);
	assert_int_equal(import_text(fx->w, OB2_LINKED, NULL, &rep), 0);
	memcpy(id, rep.id, sizeof(id));
	idx = index_entry_build(fx->w, id, &e);
	assert_null(json_str(idx, "name"));
	json_decref(idx);

	assert_int_equal(collection_keep_linked(fx->w, NULL, &e), 0);
	linked = json_object();
	assert_int_equal(collection_keep_linked(fx->w, linked, &e), 0);
	json_object_set_new(linked, url, json_pack("{s:s, s:s, s:s}", "type", "BadgeClass",
						   "id", url, "name", "Linked Badge"));
	assert_int_equal(collection_keep_linked(fx->w, linked, &e), 0);
	assert_int_equal(fx->w->lock_fd, -1);
	idx = index_entry_build(fx->w, id, &e);
	assert_string_equal(json_str(idx, "name"), "Linked Badge");
	json_decref(idx);

	json_object_set_new(json_object_get(linked, url), "name", json_string("Another Name"));
	assert_int_equal(collection_keep_linked(fx->w, linked, &e), 0);
	idx = index_entry_build(fx->w, id, &e);
	assert_string_equal(json_str(idx, "name"), "Linked Badge");
	json_decref(idx);
	json_decref(linked);
	report_free(&rep);
}

/* An object removed behind the index's back is dropped on the next load,
 * and one that cannot be read gets an entry with "error". */
static void test_index_reconciles(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	struct err e = ERR_INIT;
	json_t *idx;
	char id[WALLET_ID_LEN + 1], *path;

	make_wallet(fx, 1);
	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	memcpy(id, rep.id, sizeof(id));
	json_decref(index_load(fx->w, &e));
	path = wallet_object_path(fx->w, id, ".meta");
	assert_int_equal(unlink(path), 0);	/* a changed sidecar forces a rebuild */
	free(path);
	path = wallet_object_path(fx->w, id, "");
	flip_last_byte(path);
	idx = index_load(fx->w, &e);	/* a damaged object keeps its entry */
	assert_true(json_is_null(json_object_get(json_object_get(idx, id), "name")));
	json_decref(idx);
	{
		struct wallet_index ix;
		size_t i, found = 0;

		assert_int_equal(index_open(fx->w, &ix, &e), 0);
		for (i = 0; i < ix.n; i++)	/* with its reason in the error field */
			if (!strcmp(ix.rows[i].id, id) && ix.rows[i].f[IX_ERROR][0])
				found = 1;
		index_close(&ix);
		assert_true(found);
	}
	assert_int_equal(unlink(path), 0);
	idx = index_load(fx->w, &e);
	assert_int_equal(json_object_size(idx), 0);
	json_decref(idx);
	free(path);
	report_free(&rep);
}

static size_t count_severity(json_t *problems, const char *severity)
{
	size_t i, n = 0;
	json_t *p;

	json_array_foreach(problems, i, p)
		n += json_str(p, "severity") && !strcmp(json_str(p, "severity"), severity);
	return n;
}

static void test_fsck_clean_and_corrupt(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	struct err e = ERR_INIT;
	json_t *problems, *p;
	char id[WALLET_ID_LEN + 1], *path, *rel;

	make_wallet(fx, 1);
	problems = collection_fsck(fx->w, &e);
	assert_true(json_is_array(problems));
	assert_int_equal(json_array_size(problems), 0);
	json_decref(problems);

	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	memcpy(id, rep.id, sizeof(id));
	json_decref(index_load(fx->w, &e));	/* an index file is no problem */
	problems = collection_fsck(fx->w, &e);
	assert_int_equal(json_array_size(problems), 0);
	json_decref(problems);

	path = wallet_object_path(fx->w, id, "");
	flip_last_byte(path);
	problems = collection_fsck(fx->w, &e);
	assert_int_equal(json_array_size(problems), 1);
	p = json_array_get(problems, 0);
	assert_string_equal(json_str(p, "severity"), "error");
	assert_string_equal(json_str(p, "id"), id);
	rel = xasprintf("objects/%.2s/%s", id, id + 2);
	assert_string_equal(json_str(p, "path"), rel);
	assert_non_null(json_str(p, "problem"));
	free(rel);
	json_decref(problems);
	free(path);
	report_free(&rep);
}

/* An intact object that is not a badge is an error too. */
static void test_fsck_not_a_badge(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	json_t *problems;
	char id[WALLET_ID_LEN + 1];

	make_wallet(fx, 1);
	put(fx->w, "{\"other\": true}", id);
	problems = collection_fsck(fx->w, &e);
	assert_int_equal(json_array_size(problems), 1);
	assert_int_equal(count_severity(problems, "error"), 1);
	assert_string_equal(json_str(json_array_get(problems, 0), "id"), id);
	json_decref(problems);
}

static void test_fsck_stray_tmp(void **state)
{
	struct fx *fx = *state;
	struct report rep = { 0 };
	struct err e = ERR_INIT;
	json_t *problems, *p;
	char *stray, *before, *after;

	make_wallet(fx, 1);
	assert_int_equal(import_text(fx->w, OB2_GOOD, NULL, &rep), 0);
	stray = xasprintf("%s/objects/%.2s/" TMP_PREFIX "x", fx->dir, rep.id);
	write_all(stray, "partial", 7);
	before = snapshot(fx->dir);
	problems = collection_fsck(fx->w, &e);
	after = snapshot(fx->dir);
	assert_string_equal(before, after);	/* fsck changes nothing */
	assert_int_equal(json_array_size(problems), 1);
	assert_int_equal(count_severity(problems, "warning"), 1);
	p = json_array_get(problems, 0);
	assert_non_null(strstr(json_str(p, "path"), TMP_PREFIX "x"));
	assert_true(json_is_null(json_object_get(p, "id")) || !json_object_get(p, "id"));
	assert_int_equal(path_exists(stray), 1);
	json_decref(problems);
	free(before);
	free(after);
	free(stray);
	report_free(&rep);
}

/* Regression (fixed): collection_fsck only looked for leftover temporary files inside
 * objects/xx/.  file_write_atomic also writes wallet.json and index in
 * the wallet root and linked documents in linked/xx/, so a crash there
 * leaves a ".tmp-index.XXXXXX" (or ".tmp-<hash>.XXXXXX" in linked/xx/)
 * that fsck never reports, although collection.h says fsck checks
 * "every file of the wallet ... leftover temporary files" and fsutil.h
 * says "fsck reports leftovers of a crash by it". */
static void test_fsck_tmp_outside_objects(void **state)
{
	struct fx *fx = *state;
	struct err e = ERR_INIT;
	json_t *problems;
	char *stray;

	make_wallet(fx, 1);
	stray = path_join(fx->dir, TMP_PREFIX "index.AbC123");
	write_all(stray, "partial", 7);
	problems = collection_fsck(fx->w, &e);
	assert_int_equal(count_severity(problems, "warning"), 1);
	json_decref(problems);
	free(stray);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_open_encrypted),
		T(test_open_wrong_passphrase),
		T(test_open_no_passphrase),
		T(test_open_plain),
		T(test_open_missing),
		T(test_init_twice),
		T(test_init_needs_passphrase),
		T(test_put_get_roundtrip),
		T(test_object_file_encrypted),
		T(test_get_flipped_byte),
		T(test_get_renamed),
		T(test_get_not_envelope),
		T(test_plain_wallet_verbatim),
		T(test_get_missing),
		T(test_meta),
		T(test_meta_not_object),
		T(test_meta_swapped),
		T(test_linked),
		T(test_remove),
		T(test_ids_sorted),
		T(test_resolve),
		T(test_lock),
		T(test_import),
		T(test_import_rejected),
		T(test_index),
		T(test_note),
		T(test_keep_linked),
		T(test_index_reconciles),
		T(test_fsck_clean_and_corrupt),
		T(test_fsck_not_a_badge),
		T(test_fsck_stray_tmp),
		T(test_fsck_tmp_outside_objects),
	};

	setenv("SATCHEL_NO_KEYRING", "1", 1);
	setenv("SATCHEL_KDF_LOG2N", "10", 1);
	setenv("SATCHEL_NOW", "2025-01-02T03:04:05Z", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
