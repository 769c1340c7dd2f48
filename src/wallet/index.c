/* index.c — the index cache of summaries (include/satchel/collection.h).
 *
 * The index is only a cache: it is rebuilt from objects/ when missing or
 * unreadable, and reconciled with objects/ on every load (new objects
 * parsed, removed ones dropped, entries whose sidecar changed rebuilt, by
 * the sidecar's mtime and size).  So a crash between writing an object
 * and writing the index loses nothing.
 */
#include <stdlib.h>
#include <string.h>
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

#define INDEX_MAX	(256u * 1024 * 1024)

static json_t *linked_lookup(void *ctx, const char *url)
{
	struct wallet *w = ctx;
	struct buf b;
	json_t *doc;

	buf_init(&b, WALLET_MAX_OBJECT);
	doc = wallet_linked_get(w, url, &b, NULL) == 0 ? json_strict_load(b.s, b.len, NULL) : NULL;
	buf_release(&b);
	return doc;
}

int collection_parse(struct wallet *w, const char *id, struct buf *raw, struct cred *out,
		     struct err *err)
{
	if (wallet_get(w, id, raw, err) < 0)
		return -1;
	return cred_parse(raw->s, raw->len, out, err);
}

static const char *const meta_keys[] = {
	"tags", "note", "verdict", "checked_at", "added_at", "source", "report",
};

static void entry_add_meta(json_t *e, json_t *meta)
{
	size_t i;

	for (i = 0; i < sizeof(meta_keys) / sizeof(meta_keys[0]); i++) {
		json_t *v = json_object_get(meta, meta_keys[i]);

		json_object_set(e, meta_keys[i], v ? v : json_null());
	}
	if (!json_is_array(json_object_get(e, "tags")))
		json_object_set_new(e, "tags", json_array());
	if (!json_is_string(json_object_get(e, "verdict")))
		json_object_set_new(e, "verdict", json_string("unchecked"));
}

json_t *index_entry_build(struct wallet *w, const char *id, struct err *err)
{
	struct cred c = CRED_INIT;
	struct err e = ERR_INIT;
	struct buf raw;
	json_t *entry, *meta = NULL;
	char stamp[64];

	(void)err;
	buf_init(&raw, WALLET_MAX_OBJECT);
	if (collection_parse(w, id, &raw, &c, &e) == 0) {
		entry = cred_summary(&c, linked_lookup, w);
	} else {
		entry = json_pack("{s:s, s:n}", "error", e.msg, "name");
		err_clear(&e);
	}
	json_object_set_new(entry, "id", json_string(id));
	if (wallet_meta_get(w, id, &meta, &e) < 0)
		json_object_set_new(entry, "meta_error", json_string(e.msg));
	entry_add_meta(entry, meta);
	wallet_meta_stamp(w, id, stamp);
	json_object_set_new(entry, "_stamp", json_string(stamp));
	json_decref(meta);
	cred_release(&c);
	buf_release(&raw);
	return entry;
}

/* What the list view, search and sorting need; details stay out of the
 * index (show builds them from the object), which keeps a 10,000-badge
 * index small to read and to hold in memory. */
static const char *const lean_keys[] = {
	"id", "format", "encoding", "version", "name", "issuer", "issued", "expires",
	"achievement_id", "tags", "verdict", "checked_at", "added_at", "error", "meta_error",
	"_stamp",
};

#define LEAN_DESCRIPTION 240	/* bytes of the description kept for search */

static json_t *lean_entry(json_t *full)
{
	json_t *e = json_object(), *issuer = json_object_get(full, "issuer");
	const char *desc = json_str(full, "description");
	size_t i, n;

	for (i = 0; i < sizeof(lean_keys) / sizeof(lean_keys[0]); i++) {
		json_t *v = json_object_get(full, lean_keys[i]);

		if (v)
			json_object_set(e, lean_keys[i], v);
	}
	if (issuer)
		json_object_set_new(e, "issuer", json_pack("{s:O?, s:O?}", "id",
				    json_object_get(issuer, "id"), "name", json_object_get(issuer, "name")));
	if (desc) {
		n = strlen(desc);
		if (n > LEAN_DESCRIPTION) {	/* cut at a character boundary */
			n = LEAN_DESCRIPTION;
			while (n && ((unsigned char)desc[n] & 0xC0) == 0x80)
				n--;
		}
		json_object_set_new(e, "description", json_stringn(desc, n));
	}
	json_decref(full);
	return e;
}

static char *index_path(struct wallet *w)
{
	return path_join(w->dir, "index");
}

#define INDEX_HEADER "satchel-index\t4\n"

/* ---- rendering a row ------------------------------------------------ */

static void put_escaped(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		const char *esc = *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r" :
				  *s == '\\' ? "\\\\" : NULL;

		if (esc)
			buf_adds(b, esc, NULL);
		else
			buf_addc(b, *s, NULL);
	}
}

static void put_field(struct buf *b, const char *s)
{
	buf_addc(b, '\t', NULL);
	put_escaped(b, s);
}

static void put_tags(struct buf *b, const json_t *tags)
{
	json_t *t;
	size_t i;

	buf_addc(b, '\t', NULL);
	json_array_foreach(tags, i, t) {
		if (i)
			buf_addc(b, '\x1f', NULL);
		put_escaped(b, json_string_value(t));
	}
}

/* The summary object of DESIGN.md's contract, exactly its keys. */
static const char *const summary_keys[] = {
	"id", "format", "encoding", "name", "issuer", "issued", "expires", "tags", "verdict",
	"checked_at",
};

static json_t *contract_summary(const json_t *e)
{
	json_t *s = json_object();
	size_t i;

	for (i = 0; i < sizeof(summary_keys) / sizeof(summary_keys[0]); i++) {
		json_t *v = json_object_get(e, summary_keys[i]);

		json_object_set(s, summary_keys[i], v ? v : json_null());
	}
	return s;
}

static void render_row(struct buf *b, const char *id, const json_t *e)
{
	json_t *summary = contract_summary(e);
	char *json = json_text(summary, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(summary);
	buf_adds(b, id, NULL);
	put_field(b, json_str(e, "_stamp"));
	put_field(b, json_str(e, "name"));
	put_field(b, json_str(json_object_get(e, "issuer"), "name"));
	put_field(b, json_str(e, "issued"));
	put_field(b, json_str(e, "added_at"));
	put_field(b, json_str(e, "verdict"));
	put_tags(b, json_object_get(e, "tags"));
	put_field(b, json_str(e, "description"));
	put_field(b, json_str(e, "error"));
	buf_addc(b, '\t', NULL);
	buf_adds(b, json, NULL);	/* compact JSON has no raw tab or newline */
	buf_addc(b, '\n', NULL);
	free(json);
}

/* ---- parsing rows --------------------------------------------------- */

/* Unescapes the field at *p in place (up to a tab or the end of line);
 * returns its start and leaves *p after the separator. */
static char *take_field(char **p)
{
	char *start = *p, *r = *p, *w = *p;

	while (*r && *r != '\t' && *r != '\n') {
		if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
			r++;
		} else {
			*w++ = *r++;
		}
	}
	*p = *r ? r + 1 : r;
	*w = '\0';
	return start;
}

static int parse_row(char *line, struct index_row *r)
{
	size_t k;

	r->id = take_field(&line);
	r->stamp = take_field(&line);
	for (k = 0; k < IX_NFIELDS; k++)
		r->f[k] = take_field(&line);
	r->json = line;	/* the rest of the line, NUL-terminated by the caller */
	return strlen(r->id) == WALLET_ID_LEN && *r->json == '{';
}

static void ix_add_text(struct wallet_index *ix, char *text)
{
	ix->text = xrealloc(ix->text, (ix->ntext + 1) * sizeof(*ix->text));
	ix->text[ix->ntext++] = text;
}

static void ix_push(struct wallet_index *ix, size_t *cap, const struct index_row *r)
{
	xgrow((void **)&ix->rows, cap, ix->n + 1, sizeof(*ix->rows));
	ix->rows[ix->n++] = *r;
}

/* Splits text (owned by ix afterwards) into rows; a damaged or
 * old-format index simply yields no rows and is rebuilt. */
static void parse_rows(struct wallet_index *ix, char *text, size_t len)
{
	size_t cap = 0, hl = strlen(INDEX_HEADER);
	char *p = text, *end = text + len;

	ix_add_text(ix, text);
	if (len < hl || memcmp(text, INDEX_HEADER, hl) != 0)
		return;
	for (p = text + hl; p < end; ) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		struct index_row r;

		if (!nl)
			break;
		*nl = '\0';
		if (parse_row(p, &r) && (!ix->n || strcmp(ix->rows[ix->n - 1].id, r.id) < 0))
			ix_push(ix, &cap, &r);
		p = nl + 1;
	}
}

static void index_read(struct wallet *w, struct wallet_index *ix)
{
	char *path = index_path(w);
	struct buf b;
	size_t len;
	char *text;

	memset(ix, 0, sizeof(*ix));
	buf_init(&b, INDEX_MAX);
	if (wallet_read_file(w, "index", "index", path, INDEX_MAX, &b, NULL) < 0)
		buf_reset(&b);
	text = buf_detach(&b, &len);
	parse_rows(ix, text, len);
	free(path);
}

void index_close(struct wallet_index *ix)
{
	size_t i;

	for (i = 0; i < ix->ntext; i++)
		free(ix->text[i]);
	free(ix->text);
	free(ix->rows);
	memset(ix, 0, sizeof(*ix));
}

json_t *index_row_entry(const struct index_row *r)
{
	return json_loads(r->json, 0, NULL);
}

static int index_write(struct wallet *w, const struct wallet_index *ix, struct err *err)
{
	char *path = index_path(w);
	struct buf b;
	size_t i, k;
	int rc;

	buf_init(&b, 0);
	buf_adds(&b, INDEX_HEADER, NULL);
	for (i = 0; i < ix->n; i++) {
		const struct index_row *r = &ix->rows[i];

		buf_adds(&b, r->id, NULL);
		put_field(&b, r->stamp);
		for (k = 0; k < IX_NFIELDS; k++) {
			if (k == IX_TAGS) {	/* already joined: only escape */
				buf_addc(&b, '\t', NULL);
				put_escaped(&b, r->f[k]);
			} else {
				put_field(&b, r->f[k]);
			}
		}
		buf_addc(&b, '\t', NULL);
		buf_adds(&b, r->json, NULL);
		buf_addc(&b, '\n', NULL);
	}
	rc = wallet_write_file(w, "index", "index", path, b.s, b.len, err);
	buf_release(&b);
	free(path);
	return rc;
}

/* A row for a freshly built entry; its text is owned by ix. */
static struct index_row fresh_row(struct wallet_index *ix, struct wallet *w, const char *id)
{
	json_t *e = lean_entry(index_entry_build(w, id, NULL));
	struct index_row r = { 0 };
	struct buf b;
	char *text;

	buf_init(&b, 0);
	render_row(&b, id, e);
	json_decref(e);
	text = buf_detach(&b, NULL);
	ix_add_text(ix, text);
	text[strlen(text) - 1] = '\0';	/* the newline */
	parse_row(text, &r);
	return r;
}

/* Merges the sorted rows with the sorted ids of objects/: keeps rows
 * whose sidecar stamp still matches, rebuilds the others, drops rows
 * of removed objects.  Returns whether anything changed. */
static int reconcile(struct wallet *w, struct wallet_index *ix, char **ids, size_t n)
{
	struct index_row *old = ix->rows;
	size_t nold = ix->n, i, j = 0, cap = 0;
	int changed = 0;

	ix->rows = NULL;
	ix->n = 0;
	for (i = 0; i < n; i++) {
		char stamp[64];

		while (j < nold && strcmp(old[j].id, ids[i]) < 0) {
			j++;	/* an object that is gone */
			changed = 1;
		}
		wallet_meta_stamp(w, ids[i], stamp);
		if (j < nold && !strcmp(old[j].id, ids[i]) && !strcmp(old[j].stamp, stamp)) {
			ix_push(ix, &cap, &old[j++]);
			continue;
		}
		if (j < nold && !strcmp(old[j].id, ids[i]))
			j++;
		{
			struct index_row r = fresh_row(ix, w, ids[i]);

			ix_push(ix, &cap, &r);
		}
		changed = 1;
	}
	if (j < nold)
		changed = 1;
	free(old);
	return changed;
}

int index_open(struct wallet *w, struct wallet_index *ix, struct err *err)
{
	int had_lock = w->lock_fd >= 0;
	char **ids;
	size_t n;

	index_read(w, ix);
	if (wallet_ids(w, &ids, &n, err) < 0) {
		index_close(ix);
		return -1;
	}
	/* Writing back is an optimisation: skip it when another process
	 * holds the lock; the next load will do it. */
	if (reconcile(w, ix, ids, n) && (had_lock || wallet_trylock(w, NULL) == 0)) {
		index_write(w, ix, NULL);
		if (!had_lock)
			wallet_unlock_write(w);
	}
	wallet_ids_free(ids);
	return 0;
}

json_t *index_load(struct wallet *w, struct err *err)
{
	struct wallet_index ix;
	json_t *entries;
	size_t i;

	if (index_open(w, &ix, err) < 0)
		return NULL;
	entries = json_object();
	for (i = 0; i < ix.n; i++) {
		json_t *e = index_row_entry(&ix.rows[i]);

		if (e)
			json_object_set_new(entries, ix.rows[i].id, e);
	}
	index_close(&ix);
	return entries;
}

int index_refresh(struct wallet *w, const char *id, struct err *err)
{
	struct wallet_index ix;
	char **ids;
	size_t n;
	int rc;

	/* A full reconcile: it rebuilds the changed entry (its sidecar stamp
	 * moved) and costs a directory scan, cheap next to the rewrite. */
	(void)id;
	index_read(w, &ix);
	if (wallet_ids(w, &ids, &n, err) < 0) {
		index_close(&ix);
		return -1;
	}
	reconcile(w, &ix, ids, n);
	rc = index_write(w, &ix, err);
	wallet_ids_free(ids);
	index_close(&ix);
	return rc;
}

int index_sync(struct wallet *w, struct err *err)
{
	struct wallet_index ix;

	if (index_open(w, &ix, err) < 0)
		return -1;
	index_close(&ix);
	return 0;
}

int index_row_has_tag(const struct index_row *r, const char *tag)
{
	const char *p = r->f[IX_TAGS];
	size_t n = strlen(tag);

	while (p && *p) {
		const char *end = strchr(p, '\x1f');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && !memcmp(p, tag, n))
			return 1;
		p = end ? end + 1 : NULL;
	}
	return 0;
}
