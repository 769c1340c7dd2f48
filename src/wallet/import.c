/* import.c — bringing badges into the wallet from files, folders, stdin
 * and URLs (include/satchel/collection.h).
 *
 * Every source is judged completely before anything is written, so a bad
 * source never changes the wallet; one bad source never stops the others.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/net.h"
#include "satchel/timeutil.h"
#include "satchel/xalloc.h"

#define MAX_DEPTH 32	/* folder recursion */

/* What one import attempt gathered before writing. */
struct pending {
	const char *label;
	const char *kind;	/* "file", "stdin", "url" */
	struct cred_source src;
	struct cred cred;
	json_t *linked;		/* url -> {"body": text} fetched for display */
	const struct import_opts *opts;
};

/* Results wait in a queue until the batch holding their writes is
 * committed: "added" is said only of what is durable. */
struct queued {
	enum import_status status;
	char id[WALLET_ID_LEN + 1];
	char *source, *name, *error;
};

struct importer {
	struct wallet *w;
	const struct import_opts *opts;
	import_report_fn *report;
	void *ctx;
	struct queued *q;
	size_t nq, capq;
	size_t written;		/* credentials written since the last commit */
	int locked;
};

#define BATCH_MAX 256	/* commit at least this often: bounds memory and lost work */

static void queue_result(struct importer *im, const struct import_result *r)
{
	struct queued *e;

	xgrow((void **)&im->q, &im->capq, im->nq + 1, sizeof(*im->q));
	e = &im->q[im->nq++];
	e->status = r->status;
	memcpy(e->id, r->id, sizeof(e->id));
	e->source = xstrdup(r->source);
	e->name = xstrdup(r->name);
	e->error = xstrdup(r->error);
}

static void flush_results(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->nq; i++) {
		struct queued *e = &im->q[i];
		struct import_result r = { e->source, e->status, "", e->name, e->error };

		memcpy(r.id, e->id, sizeof(r.id));
		im->report(im->ctx, &r);
		free(e->source);
		free(e->name);
		free(e->error);
	}
	im->nq = 0;
}

static void report_reject(struct importer *im, const char *label, const char *why)
{
	struct import_result r = { label, IMPORT_REJECTED, "", NULL, why };

	queue_result(im, &r);
}

static int fetch(const char *url, const struct import_opts *opts, struct buf *body,
		 struct err *err)
{
	struct net_opts no = { 0 };
	struct net_response resp = NET_RESPONSE_INIT;
	int rc;

	if (opts->offline)
		return err_set(err, ERR_OFFLINE, "offline: not fetching '%s'", url);
	no.accept = "application/ld+json, application/json, image/png, image/svg+xml, text/plain";
	no.max_bytes = CRED_MAX_SOURCE;
	no.allow_http_loopback = opts->allow_http_loopback;
	rc = net_get(url, &no, &resp, err);
	if (rc == 0 && (resp.status < 200 || resp.status > 299))
		rc = err_set(err, ERR_HTTP, "'%s' answered HTTP %ld", url, resp.status);
	if (rc == 0)
		rc = buf_add(body, resp.body.s, resp.body.len, err);
	net_response_release(&resp);
	return rc;
}

static json_t *pending_linked(void *ctx, const char *url)
{
	struct pending *p = ctx;
	json_t *e = json_object_get(p->linked, url);
	const char *body = json_str(e, "body");

	return body ? json_strict_load(body, strlen(body), NULL) : NULL;
}

static int is_json_object(const char *s, size_t len)
{
	json_t *v = json_strict_load(s, len, NULL);
	int ok = json_is_object(v);

	json_decref(v);
	return ok;
}

/* OB 2.0 badges that name their BadgeClass and Issuer by URL: fetch and
 * keep those documents so the badge displays offline.  Failure is not
 * fatal: the badge itself is what the learner owns. */
static void fetch_linked(struct pending *p)
{
	json_t *urls;
	size_t i, rounds;

	for (rounds = 0; rounds < 2; rounds++) {	/* badge, then its issuer */
		urls = cred_linked_urls(&p->cred, pending_linked, p);
		for (i = 0; i < json_array_size(urls); i++) {
			const char *url = json_string_value(json_array_get(urls, i));
			struct buf b;

			if (json_object_get(p->linked, url))
				continue;
			buf_init(&b, WALLET_MAX_OBJECT);
			if (fetch(url, p->opts, &b, NULL) == 0 && is_json_object(b.s, b.len))
				json_object_set_new(p->linked, url, json_pack("{s:s%}", "body", b.s, b.len));
			buf_release(&b);
		}
		json_decref(urls);
	}
}

/* A baked hosted assertion that does not parse may still name where its
 * hosted copy lives (OB 1.x "verify.url"): the hosted copy is the badge. */
static char *pointer_url(const struct cred_source *src)
{
	json_t *doc = src->outer == KIND_PNG || src->outer == KIND_SVG ?
		      json_strict_load(src->text, src->len, NULL) : NULL;
	const char *url = json_str(json_object_get(doc, "verify"), "url");
	char *out;

	if (!url)
		url = json_str(json_object_get(doc, "verification"), "url");
	out = url ? xstrdup(url) : NULL;
	json_decref(doc);
	return out;
}

static int follow(struct pending *p, char *url, struct buf *fetched, struct err *err)
{
	int rc = fetch(url, p->opts, fetched, err);

	free(url);
	cred_source_release(&p->src);
	if (rc < 0)
		return -1;
	if (cred_source_open((uint8_t *)fetched->s, fetched->len, &p->src, err) < 0)
		return -1;
	if (p->src.inner == KIND_URL)
		return err_set(err, ERR_FORMAT, "the URL leads to another URL, not to a badge");
	if (!strcmp(p->kind, "file"))
		p->kind = "file+url";
	return 0;
}

/* Judges the bytes: finds the credential (following a baked URL pointer
 * once) and parses it.  Nothing is written. */
static int judge(struct pending *p, const uint8_t *data, size_t len, struct buf *fetched,
		 struct err *err)
{
	if (cred_source_open(data, len, &p->src, err) < 0)
		return -1;
	/* The hosted copy is the badge; what was baked only pointed to it. */
	if (p->src.inner == KIND_URL &&
	    follow(p, xstrndup(p->src.text, p->src.len), fetched, err) < 0)
		return -1;
	if (cred_parse(p->src.text, p->src.len, &p->cred, err) < 0) {
		char *url = fetched->len ? NULL : pointer_url(&p->src);
		struct err why = *err;

		if (!url)
			return -1;
		if (follow(p, url, fetched, err) < 0) {
			struct err fetch_err = *err;

			return err_set(err, fetch_err.code, "%s; the baked copy only points to its "
				       "hosted copy, which could not be fetched: %s", why.msg,
				       fetch_err.msg);
		}
		if (cred_parse(p->src.text, p->src.len, &p->cred, err) < 0)
			return -1;
	}
	if (!strcmp(p->kind, "url") || !strcmp(p->kind, "file+url"))
		fetch_linked(p);
	return 0;
}

static json_t *new_meta(struct pending *p)
{
	char now[32];
	json_t *tags = p->opts->tags ? json_deep_copy(p->opts->tags) : json_array();

	time_format(time_now(), now);
	/* location is a file name or URL as given: perhaps not UTF-8 */
	return json_pack("{s:s, s:{s:s, s:o, s:s}, s:o, s:n, s:s}", "added_at", now, "source",
			 "kind", p->kind, "location", json_string_lossy(p->label), "form",
			 cred_kind_name(p->src.outer), "tags", tags, "note", "verdict", "unchecked");
}

static void merge_tags(json_t *meta, const json_t *tags)
{
	json_t *have = json_object_get(meta, "tags"), *t;
	size_t i;

	if (!json_is_array(have)) {
		have = json_array();
		json_object_set_new(meta, "tags", have);
	}
	json_array_foreach(tags, i, t)
		if (!json_has_string(have, json_string_value(t)))
			json_array_append(have, t);
}

static int store_linked(struct wallet *w, struct pending *p, struct err *err)
{
	const char *url;
	json_t *e;

	json_object_foreach(p->linked, url, e) {
		const char *body = json_str(e, "body");

		if (wallet_linked_put(w, url, body, strlen(body), err) < 0)
			return -1;
	}
	return 0;
}

/* Takes the write lock and starts a batch, once per batch. */
static int importer_ready(struct importer *im, struct err *err)
{
	if (im->locked)
		return 0;
	if (wallet_lock(im->w, err) < 0)
		return -1;
	im->locked = 1;
	wallet_batch_begin(im->w);
	return 0;
}

/* Commits the batch, releases the lock (others may write between
 * batches), then tells what happened. */
static int importer_commit(struct importer *im, struct err *err)
{
	int rc = 0;

	if (im->locked) {
		rc = wallet_batch_commit(im->w, err);
		wallet_batch_end(im->w);
		wallet_unlock_write(im->w);
		im->locked = 0;
	}
	im->written = 0;
	if (rc == 0)
		flush_results(im);
	return rc;
}

/* Writes object, then sidecar: an object without a sidecar is complete. */
static int store(struct importer *im, struct pending *p, struct import_result *r,
		 struct err *err)
{
	struct wallet *w = im->w;
	json_t *meta = NULL;
	int existed, rc = -1;

	if (importer_ready(im, err) < 0)
		return -1;
	if (store_linked(w, p, err) < 0 ||
	    wallet_put(w, p->src.text, p->src.len, r->id, &existed, err) < 0)
		goto out;
	r->status = existed ? IMPORT_EXISTS : IMPORT_ADDED;
	if (!existed) {
		meta = new_meta(p);
		im->written++;
	} else if (p->opts->tags && json_array_size(p->opts->tags) && !wallet_pending(w, r->id)) {
		if (wallet_meta_get(w, r->id, &meta, err) < 0)
			goto out;
		merge_tags(meta, p->opts->tags);
	}
	rc = meta ? wallet_meta_put(w, r->id, meta, err) : 0;
out:
	json_decref(meta);
	return rc;
}

static int import_one(struct importer *im, struct pending *p, const uint8_t *data, size_t len,
		      struct err *err)
{
	struct import_result r = { p->label, IMPORT_REJECTED, "", NULL, NULL };
	struct err e = ERR_INIT;
	struct buf fetched;
	json_t *summary = NULL;
	int rc = 1;

	buf_init(&fetched, CRED_MAX_SOURCE);
	p->linked = json_object();
	if (judge(p, data, len, &fetched, &e) < 0) {
		report_reject(im, p->label, e.msg);
		goto out;
	}
	summary = cred_summary(&p->cred, pending_linked, p);
	r.name = json_str(summary, "name");
	if (store(im, p, &r, err) < 0) {
		rc = -1;	/* the wallet could not be written: stop */
		goto out;
	}
	queue_result(im, &r);
	rc = 0;
	if (im->written >= BATCH_MAX && importer_commit(im, err) < 0)
		rc = -1;
out:
	json_decref(summary);
	json_decref(p->linked);
	cred_release(&p->cred);
	cred_source_release(&p->src);
	buf_release(&fetched);
	return rc;
}

int importer_add_bytes(struct importer *im, const char *label, const uint8_t *data, size_t len,
		       struct err *err)
{
	struct pending p = { label, "file", { 0 }, CRED_INIT, NULL, im->opts };

	if (!strcmp(label, "-"))
		p.kind = "stdin";
	return import_one(im, &p, data, len, err);
}

static int import_url(struct importer *im, const char *url, struct err *err)
{
	struct pending p = { url, "url", { 0 }, CRED_INIT, NULL, im->opts };
	struct err e = ERR_INIT;
	struct buf body;
	int rc;

	buf_init(&body, CRED_MAX_SOURCE);
	if (fetch(url, im->opts, &body, &e) < 0) {
		report_reject(im, url, e.msg);
		buf_release(&body);
		return 1;
	}
	rc = import_one(im, &p, (uint8_t *)body.s, body.len, err);
	buf_release(&body);
	return rc;
}

static int import_file(struct importer *im, const char *path, struct err *err)
{
	struct err e = ERR_INIT;
	struct buf data;
	int rc;

	buf_init(&data, CRED_MAX_SOURCE);
	if (!strcmp(path, "-"))
		rc = fd_read(0, CRED_MAX_SOURCE, &data, &e);
	else
		rc = file_read(path, CRED_MAX_SOURCE, &data, &e);
	if (rc < 0) {
		if (e.code == ERR_TOOBIG)
			err_set(&e, ERR_TOOBIG, "larger than the limit of %u MiB for a badge",
				CRED_MAX_SOURCE >> 20);
		report_reject(im, path, e.msg);
		buf_release(&data);
		return 1;
	}
	rc = importer_add_bytes(im, path, (uint8_t *)data.s, data.len, err);
	buf_release(&data);
	return rc;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int import_tree(struct importer *im, const char *dir, int depth, struct err *err);

static int import_path(struct importer *im, const char *path, int depth, struct err *err)
{
	struct stat st;

	if (strcmp(path, "-") != 0 && lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return import_tree(im, path, depth + 1, err);
	return import_file(im, path, err);
}

/* Folders are walked in name order, hidden entries and symbolic links to
 * folders skipped (no loops), every file judged on its own. */
static int import_tree(struct importer *im, const char *dir, int depth, struct err *err)
{
	struct dirent **list;
	int i, n, rejected = 0;

	if (depth > MAX_DEPTH) {
		report_reject(im, dir, "folders nested too deeply");
		return 1;
	}
	n = scandir(dir, &list, NULL, name_cmp);
	if (n < 0) {
		report_reject(im, dir, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		char *p = path_join(dir, list[i]->d_name);
		int rc = 0;

		if (list[i]->d_name[0] != '.' && rejected >= 0)
			rc = import_path(im, p, depth, err);
		if (rc < 0)
			rejected = -1;
		else if (rejected >= 0)
			rejected += rc;
		free(p);
		free(list[i]);
	}
	free(list);
	return rejected;
}

struct importer *importer_new(struct wallet *w, const struct import_opts *opts,
			      import_report_fn *report, void *ctx)
{
	struct importer *im = xcalloc(1, sizeof(*im));

	im->w = w;
	im->opts = opts;
	im->report = report;
	im->ctx = ctx;
	return im;
}

int importer_add(struct importer *im, const char *source, struct err *err)
{
	if (!strncmp(source, "https://", 8) || !strncmp(source, "http://", 7))
		return import_url(im, source, err);
	return import_path(im, source, 0, err);
}

int importer_finish(struct importer *im, struct err *err)
{
	int rc = importer_commit(im, err);
	size_t i;

	/* On failure the queued results are not reported: nothing of the
	 * uncommitted batch became visible. */
	for (i = 0; i < im->nq; i++) {
		free(im->q[i].source);
		free(im->q[i].name);
		free(im->q[i].error);
	}
	free(im->q);
	free(im);
	return rc;
}

int import_source(struct wallet *w, const char *source, const struct import_opts *opts,
		  import_report_fn *report, void *ctx, struct err *err)
{
	struct importer *im = importer_new(w, opts, report, ctx);
	int rc = importer_add(im, source, err);

	if (importer_finish(im, rc < 0 ? NULL : err) < 0)
		rc = -1;
	return rc;
}

int import_bytes(struct wallet *w, const char *label, const uint8_t *data, size_t len,
		 const struct import_opts *opts, import_report_fn *report, void *ctx,
		 struct err *err)
{
	struct importer *im = importer_new(w, opts, report, ctx);
	int rc = importer_add_bytes(im, label, data, len, err);

	if (importer_finish(im, rc < 0 ? NULL : err) < 0)
		rc = -1;
	return rc;
}
