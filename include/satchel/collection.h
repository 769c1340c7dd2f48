/* collection.h — the wallet as a learner sees it: the index of summaries,
 * import from every source, and management (tags, removal).
 *
 * Sits above wallet/ (storage) and cred/ (parsing); both faces (cli/,
 * tui/) call only this and wallet.h.
 */
#ifndef SATCHEL_COLLECTION_H
#define SATCHEL_COLLECTION_H

#include <jansson.h>
#include "satchel/wallet.h"

/* ---- index --------------------------------------------------------- */

/* The index file is text inside the wallet envelope: a header line, then
 * one line per credential, sorted by id, of tab-separated fields
 * (backslash escapes for tab, newline, CR and backslash):
 *   id  stamp  name  issuer  issued  added  verdict  tags  description  error  json
 * where tags are joined by U+001F and json is the contract's summary
 * object (DESIGN.md), compact.
 * list can then sort, filter and print without parsing any JSON. */
enum index_field {
	IX_NAME, IX_ISSUER, IX_ISSUED, IX_ADDED, IX_VERDICT, IX_TAGS, IX_DESCRIPTION, IX_ERROR,
	IX_NFIELDS
};

struct index_row {
	const char *id;			/* these point into the index's text */
	const char *stamp;
	const char *f[IX_NFIELDS];	/* unescaped, NUL-terminated */
	const char *json;		/* the summary object, compact JSON */
};

struct wallet_index {
	struct index_row *rows;		/* sorted by id */
	size_t n;
	char **text;			/* owned storage the rows point into */
	size_t ntext;
};

/* Loads the index and reconciles it with objects/ (see index_load);
 * release with index_close. */
int index_open(struct wallet *w, struct wallet_index *ix, struct err *err);
void index_close(struct wallet_index *ix);
/* The summary object of a row, parsed; a new reference. */
json_t *index_row_entry(const struct index_row *r);
/* Whether tag is one of a row's tags (r->f[IX_TAGS], joined by U+001F). */
int index_row_has_tag(const struct index_row *r, const char *tag);

/* The list view: a new reference to a JSON object mapping id -> the
 * summary object of DESIGN.md's contract (an unreadable object has a
 * null name; its reason is in the row's IX_ERROR field).  The cached index is brought up to date with objects/ (new, removed and
 * changed entries) and written back when the write lock can be had. */
json_t *index_load(struct wallet *w, struct err *err);

/* Brings the cached index up to date with objects/ and the sidecars
 * (as index_open does) without returning it. */
int index_sync(struct wallet *w, struct err *err);

/* Recomputes the entry of one credential (after import, tag, verify) in
 * the cached index; needs the write lock. */
int index_refresh(struct wallet *w, const char *id, struct err *err);

/* Builds one entry from the object and its sidecar; a new reference. */
json_t *index_entry_build(struct wallet *w, const char *id, struct err *err);

/* ---- import -------------------------------------------------------- */

enum import_status { IMPORT_ADDED, IMPORT_EXISTS, IMPORT_REJECTED };

struct import_opts {
	json_t *tags;			/* borrowed array of strings, or NULL */
	int allow_http_loopback;	/* tests only */
	int offline;			/* never fetch: URL sources are rejected */
};

/* Called once per source judged; res is borrowed for the call. */
struct import_result {
	const char *source;
	enum import_status status;
	char id[WALLET_ID_LEN + 1];	/* "" when rejected */
	const char *name;		/* may be NULL */
	const char *error;		/* why rejected, else NULL */
};

typedef void import_report_fn(void *ctx, const struct import_result *res);

/* Imports one source: a file, a directory (recursively, each file on
 * its own), "-" for standard input, or an https URL.  Takes the write
 * lock per credential.  Returns the number of rejected sources (0 when
 * all were added or existed); environment failures (wallet unwritable)
 * return -1 with err. */
int import_source(struct wallet *w, const char *source, const struct import_opts *opts,
		  import_report_fn *report, void *ctx, struct err *err);

/* Bulk import: an importer holds the write lock for a batch of up to
 * 256 credentials and makes them durable together (one filesystem sync
 * per batch instead of four per credential); results are reported after
 * their batch is committed, so "added" always means durable.  Sources
 * are judged exactly as with import_source.  importer_finish commits
 * what is left and frees the importer; -1 with err when the wallet could
 * not be written (then the results of the last batch are not reported). */
struct importer;
struct importer *importer_new(struct wallet *w, const struct import_opts *opts,
			      import_report_fn *report, void *ctx);
int importer_add(struct importer *im, const char *source, struct err *err);
int importer_add_bytes(struct importer *im, const char *label, const uint8_t *data,
		       size_t len, struct err *err);
int importer_finish(struct importer *im, struct err *err);

/* Imports bytes already in hand (label names them in reports). */
int import_bytes(struct wallet *w, const char *label, const uint8_t *data, size_t len,
		 const struct import_opts *opts, import_report_fn *report, void *ctx,
		 struct err *err);

/* ---- management ---------------------------------------------------- */

/* Adds (add=1) or removes tags on a credential's sidecar and index entry. */
int collection_tag(struct wallet *w, const char *id, json_t *tags, int add, struct err *err);
/* Sets the learner's note on a credential's sidecar and index entry; an
 * empty or NULL text removes it.  text is borrowed. */
int collection_note(struct wallet *w, const char *id, const char *text, struct err *err);
/* Records a verification in the credential's sidecar (verdict,
 * checked_at, the report object).  The index picks it up at its next
 * load (index_sync after a batch of these).  report is borrowed. */
int collection_record_report(struct wallet *w, const char *id, const json_t *report,
			     struct err *err);
/* Keeps the documents a verification fetched that describe a badge
 * (struct report's linked: URL -> JSON object; borrowed, may be NULL)
 * where the wallet has none yet, so that a badge imported from a file
 * shows its BadgeClass's name from then on, offline too.  Documents
 * already kept stay as they are.  Call it before
 * collection_record_report, whose sidecar change makes the index entry
 * be rebuilt. */
int collection_keep_linked(struct wallet *w, const json_t *linked, struct err *err);
/* Removes a credential (object, sidecar, index entry). */
int collection_remove(struct wallet *w, const char *id, struct err *err);

/* Parses a stored credential; out must be released with cred_release. */
struct cred;
int collection_parse(struct wallet *w, const char *id, struct buf *raw, struct cred *out,
		     struct err *err);

/* ---- pathways ------------------------------------------------------ */

/* Stores a pathway definition (own format, borrowed) under its name,
 * replacing one of the same name. */
int collection_pathway_put(struct wallet *w, const json_t *def, struct err *err);
/* All stored definitions, sorted by file name; a new array reference. */
json_t *collection_pathways(struct wallet *w, struct err *err);
int collection_pathway_remove(struct wallet *w, const char *name, struct err *err);
/* Every credential with details, for pathway evaluation; a new array. */
json_t *collection_holdings(struct wallet *w, struct err *err);

/* ---- settings ------------------------------------------------------ */

/* The learner's settings ({} when none); a new reference.  Known keys:
 *   linkedin.org.<issuer-id>   the issuer's LinkedIn organisation id
 *   recipient.<n>              the learner's own identifiers (emails, DIDs)
 */
json_t *collection_settings(struct wallet *w, struct err *err);
/* Sets key to value (NULL removes it). */
int collection_setting_set(struct wallet *w, const char *key, const char *value,
			   struct err *err);

/* ---- backup ------------------------------------------------------- */

/* Writes the credentials ids (an array of full ids), their sidecars and
 * linked documents, every pathway and setting to one file encrypted
 * under pass (scrypt + AES-256-GCM; format in src/wallet/backup.c and
 * satchel(1)).  Keyring secrets are never included. */
int collection_backup(struct wallet *w, json_t *ids, const char *pass, size_t pass_len,
		      const char *path, struct err *err);

/* Decrypts backup bytes (the reader restore uses; also for fuzzing):
 * *body is a new reference to the content object.  ERR_PARSE / ERR_FORMAT
 * for a damaged file, ERR_AUTH for a wrong passphrase or tampering. */
int collection_backup_open(const char *data, size_t len, const char *pass, size_t pass_len,
			   json_t **body, struct err *err);

struct restore_counts {
	size_t added, merged, unchanged, pathways, kept_pathways;
};

/* Brings a backup into the wallet, merging by content hash: new
 * credentials are added, existing sidecars merged (tags joined, the later
 * verification kept, nothing overwritten silently), pathways of an
 * existing name kept.  A damaged or tampered backup, or a wrong
 * passphrase, changes nothing. */
int collection_restore(struct wallet *w, const char *path, const char *pass, size_t pass_len,
		       struct restore_counts *n, struct err *err);

/* ---- the holder's key -------------------------------------------- */

/* The learner's Ed25519 signing key (made on first use, kept in the
 * wallet's envelope, never in clear) and its did:key.  *key (free with
 * EVP_PKEY_free) and *did (free) are owned by the caller. */
typedef struct evp_pkey_st EVP_PKEY;
int collection_holder_key(struct wallet *w, EVP_PKEY **key, char **did, struct err *err);

/* ---- fsck ---------------------------------------------------------- */

/* Checks every file of the wallet without changing anything: envelope,
 * hash, parse, sidecar JSON, leftover temporary files, stray files.
 * Returns a new array of {path, id, problem, severity}; severity "error"
 * or "warning". */
json_t *collection_fsck(struct wallet *w, struct err *err);

#endif
