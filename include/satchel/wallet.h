/* wallet.h — the store: objects, sidecars, linked documents, lock, keys.
 *
 * A wallet is a directory (DESIGN.md "On disk"):
 *   wallet.json           format version, KDF parameters, wrapped key
 *   objects/ab/cdef...    a credential's exact original bytes, named by
 *                         their SHA-256, inside an encryption envelope
 *   objects/ab/cdef.meta  the learner's own data (JSON) for it
 *   linked/ab/cdef...     documents a credential links to (OB 2.0 BadgeClass
 *                         and Issuer), named by the SHA-256 of their URL
 *   pathways/             pathway definitions
 *   index                 cache of the list view, always rebuildable
 *   lock                  flock(2) target: one writer at a time
 *
 * Envelope: an encrypted wallet stores every file as "SATCHEL\x01" ||
 * nonce || AES-256-GCM ciphertext || tag under the wallet key, with
 * "satchel/1 <role> <name>" as associated data, so a file moved to another
 * name or role fails to open.  An unencrypted wallet stores plain bytes.
 */
#ifndef SATCHEL_WALLET_H
#define SATCHEL_WALLET_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "satchel/buf.h"
#include "satchel/crypto.h"
#include "satchel/fsutil.h"

#define WALLET_FORMAT_VERSION	1
#define WALLET_KDF_LOG2N	15	/* scrypt N = 32768, r = 8, p = 1: ~32 MiB, ~0.1 s */
#define WALLET_MAX_OBJECT	(8u * 1024 * 1024)
#define WALLET_ID_LEN		SHA256_HEX_LEN
#define WALLET_MIN_PREFIX	4

struct wallet {
	char *dir;		/* owned */
	char *wallet_id;	/* owned; random, names the keyring entry */
	int encrypted;
	int have_key;
	uint8_t key[AEAD_KEY_LEN];	/* wiped by wallet_close */
	int lock_fd;		/* >= 0 while this process holds the write lock */
	int keyring_used;	/* the key came from the keyring */
	json_t *conf;		/* wallet.json, owned */
	struct write_batch *batch;	/* owned; non-NULL between batch begin and end */
};

/* Supplies a passphrase into out (a buffer the caller wipes); confirm asks
 * twice for a new one.  Returns 0, or -1 with err (e.g. none available). */
typedef int wallet_pass_fn(void *ctx, int confirm, struct buf *out, struct err *err);

struct wallet_unlock {
	wallet_pass_fn *get_pass;
	void *ctx;
	int use_keyring;
};

struct wallet_init_opts {
	int encrypt;
	unsigned kdf_log2n;	/* 0: WALLET_KDF_LOG2N (or $SATCHEL_KDF_LOG2N) */
	struct wallet_unlock unlock;
};

struct wallet_init_result {
	int keyring_stored;
	char keyring_note[256];	/* why not, when not */
};

/* The default wallet directory: $SATCHEL_WALLET, $XDG_DATA_HOME/satchel,
 * ~/.local/share/satchel.  Caller owns the result. */
char *wallet_default_dir(void);

/* Creates a wallet in dir (created if needed, must not hold one yet). */
int wallet_init(const char *dir, const struct wallet_init_opts *opts,
		struct wallet_init_result *res, struct err *err);

/* Opens dir: ERR_NOTFOUND when no wallet is there; for an encrypted one
 * the key comes from the keyring, else from the passphrase (ERR_AUTH when
 * wrong, ERR_LOCKED when none could be had).  A key unlocked by
 * passphrase is put back into a reachable keyring that lacks it.
 * *out is owned by the caller: wallet_close(). */
int wallet_open(const char *dir, const struct wallet_unlock *unlock, struct wallet **out,
		struct err *err);
void wallet_close(struct wallet *w);

/* Takes the exclusive write lock (waits up to 10 s; ERR_LOCKED after). */
int wallet_lock(struct wallet *w, struct err *err);
/* Non-blocking variant: ERR_LOCKED at once when another process holds it. */
int wallet_trylock(struct wallet *w, struct err *err);
void wallet_unlock_write(struct wallet *w);

/* Bulk writing (see fsutil.h, struct write_batch): after begin, writes
 * are deferred until wallet_batch_commit makes them durable together.
 * The caller holds the write lock for the whole batch.  wallet_has sees
 * objects pending in the batch. */
void wallet_batch_begin(struct wallet *w);
int wallet_batch_commit(struct wallet *w, struct err *err);
/* Ends batch mode, dropping what was not committed. */
void wallet_batch_end(struct wallet *w);
/* 1 when the object is written in the current batch but not committed. */
int wallet_pending(struct wallet *w, const char *id);

/* Envelope I/O for a file of the wallet: role and name form the
 * associated data.  read: ERR_NOTFOUND when missing, ERR_AUTH when the
 * envelope fails, ERR_PARSE when it is not an envelope. */
int wallet_read_file(struct wallet *w, const char *role, const char *name, const char *path,
		     size_t max, struct buf *out, struct err *err);
int wallet_write_file(struct wallet *w, const char *role, const char *name, const char *path,
		      const void *data, size_t len, struct err *err);

/* Stores data as an object; id receives its hex SHA-256; *existed says
 * whether it was already there (then nothing is written).  Needs the
 * write lock. */
int wallet_put(struct wallet *w, const void *data, size_t len, char id[WALLET_ID_LEN + 1],
	       int *existed, struct err *err);
/* Appends the object's original bytes to out and checks their hash
 * (ERR_AUTH / ERR_PARSE on damage). */
int wallet_get(struct wallet *w, const char *id, struct buf *out, struct err *err);
/* 1 when the object exists. */
int wallet_has(struct wallet *w, const char *id);
/* The sidecar: *meta is a new reference ({} when there is none). */
int wallet_meta_get(struct wallet *w, const char *id, json_t **meta, struct err *err);
int wallet_meta_put(struct wallet *w, const char *id, const json_t *meta, struct err *err);
/* A stamp of the sidecar file (mtime and size) for index freshness;
 * "" when there is none.  out has room for 64 bytes. */
void wallet_meta_stamp(struct wallet *w, const char *id, char out[64]);
/* Removes object and sidecar.  Needs the write lock. */
int wallet_remove(struct wallet *w, const char *id, struct err *err);

/* All object ids, sorted; *ids is a NULL-terminated array the caller
 * frees with wallet_ids_free. */
int wallet_ids(struct wallet *w, char ***ids, size_t *n, struct err *err);
void wallet_ids_free(char **ids);
/* Resolves a full id or a unique prefix of at least 4 hex characters:
 * ERR_NOTFOUND, ERR_AMBIGUOUS (message lists candidates) or ERR_USAGE. */
int wallet_resolve(struct wallet *w, const char *prefix, char id[WALLET_ID_LEN + 1],
		   struct err *err);

/* Linked documents (fetched BadgeClass / Issuer JSON), keyed by URL. */
int wallet_linked_put(struct wallet *w, const char *url, const void *data, size_t len,
		      struct err *err);
int wallet_linked_get(struct wallet *w, const char *url, struct buf *out, struct err *err);

/* Path of an object's file (kind "" for the object, ".meta" for its
 * sidecar); caller owns the result. */
char *wallet_object_path(struct wallet *w, const char *id, const char *suffix);

#endif
