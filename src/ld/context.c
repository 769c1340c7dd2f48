/* context.c — the Context Processing algorithm (JSON-LD 1.1 API 4.1.2)
 * with the memo of processed contexts (ld-internal.h). */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/buf.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

/* Memo flags beyond LD_PROC_*: the settings that change the result. */
#define LD_MEMO_MODE10 (1u << 8)
#define LD_MEMO_SAFE (1u << 9)

static int nullify(struct ld_env *env, struct ld_ctx **result, unsigned flags)
{
	struct ld_ctx *old = *result, *fresh;

	if (!(flags & LD_PROC_OVERRIDE) && old->nprotected)
		return ld_error(env, "invalid context nullification",
				"a context with protected terms cannot be set to null");
	fresh = ld_ctx_new(old->orig_base);
	if (flags & LD_PROC_NOPROPAGATE)
		fresh->prev = ld_ctx_copy(old);
	ld_ctx_unref(old);
	*result = fresh;
	return 0;
}

static int in_chain(const struct ld_remote *r, const char *url)
{
	size_t i;

	for (i = 0; r && i < r->n; i++)
		if (!strcmp(r->urls[i], url))
			return 1;
	return 0;
}

/* A context given by URL: load it, then process its @context with the
 * document's URL as base. */
static int process_remote(struct ld_env *env, struct ld_ctx **result, const char *ref,
			  const char *base, unsigned flags, const struct ld_remote *remote)
{
	struct ld_remote chain = { { NULL }, 0 };
	struct ld_ctx *r;
	json_t *doc, *ctx;
	char *url = ld_iri_resolve(base, ref);
	int ret = -1;

	if (!ld_is_absolute_iri(url)) {
		ret = ld_error(env, "loading document failed", "context '%s' is not an absolute IRI", url);
		goto out;
	}
	if ((flags & LD_PROC_NOVALIDATE) && in_chain(remote, url)) {
		ret = 0;
		goto out;
	}
	if (remote)
		chain = *remote;
	if (chain.n >= LD_MAX_REMOTE) {
		ret = ld_error(env, "context overflow", "more than %d nested contexts at '%s'",
			       LD_MAX_REMOTE, url);
		goto out;
	}
	chain.urls[chain.n++] = url;
	doc = ld_load_document(env, url);
	if (!doc)
		goto out;
	ctx = json_object_get(doc, "@context");
	if (!json_is_object(doc) || !ctx) {
		ret = ld_error(env, "invalid remote context", "'%s' has no @context", url);
		goto out;
	}
	r = ld_ctx_process(env, *result, ctx, url, flags & LD_PROC_NOVALIDATE, &chain);
	if (r) {
		ld_ctx_unref(*result);
		*result = r;
		ret = 0;
	}
out:
	free(url);
	return ret;
}

/* @import: the imported context's entries, overridden by the local ones. */
static json_t *import_context(struct ld_env *env, json_t *local, const char *base)
{
	json_t *v = json_object_get(local, "@import"), *doc, *ictx, *merged;
	char *url;

	if (env->mode10)
		return ld_error(env, "invalid context entry", "@import needs json-ld-1.1"), NULL;
	if (!json_is_string(v))
		return ld_error(env, "invalid @import value", "@import must be a string"), NULL;
	url = ld_iri_resolve(base, json_string_value(v));
	doc = ld_load_document(env, url);
	ictx = json_object_get(doc, "@context");
	if (doc && !json_is_object(ictx))
		ld_error(env, "invalid remote context", "'%s' has no @context map", url);
	free(url);
	if (!json_is_object(ictx))
		return NULL;
	if (json_object_get(ictx, "@import"))
		return ld_error(env, "invalid context entry", "an imported context has @import"),
		       NULL;
	merged = json_deep_copy(ictx);
	json_object_update(merged, local);
	json_object_del(merged, "@import");
	return merged;
}

static int set_base(struct ld_env *env, struct ld_ctx *r, json_t *v)
{
	const char *s = json_string_value(v);
	char *nb;

	if (json_is_null(v)) {
		free(r->base);
		r->base = NULL;
		return 0;
	}
	if (!s)
		return ld_error(env, "invalid base IRI", "@base must be a string or null");
	if (ld_is_absolute_iri(s))
		nb = xstrdup(s);
	else if (r->base)
		nb = ld_iri_resolve(r->base, s);
	else
		return ld_error(env, "invalid base IRI", "relative @base '%s' with no base", s);
	free(r->base);
	r->base = nb;
	return 0;
}

static int set_vocab(struct ld_env *env, struct ld_ctx *r, json_t *v)
{
	const char *s = json_string_value(v);
	char *iri;
	int failed = 0;

	if (json_is_null(v)) {
		free(r->vocab);
		r->vocab = NULL;
		return 0;
	}
	if (!s)
		return ld_error(env, "invalid vocab mapping", "@vocab must be a string or null");
	if (env->mode10 && !ld_is_absolute_iri(s) && !ld_is_bnode(s))
		return ld_error(env, "invalid vocab mapping", "@vocab '%s' is not absolute", s);
	iri = ld_expand_iri(env, r, s, 1, 1, NULL, &failed);
	if (failed)
		return -1;
	if (!iri)
		return ld_error(env, "invalid vocab mapping", "@vocab '%s' is not an IRI", s);
	if (env->safe && !ld_is_absolute_iri(iri) && !ld_is_bnode(iri)) {
		free(iri);
		return ld_unsafe(env, "relative @vocab '%s'", s);
	}
	free(r->vocab);
	r->vocab = iri;
	return 0;
}

static int set_language(struct ld_env *env, struct ld_ctx *r, json_t *v)
{
	if (!json_is_null(v) && !json_is_string(v))
		return ld_error(env, "invalid default language", "@language must be a string");
	/* Not well-formed: kept, with a warning that safe mode makes an error
	 * (as the reference verifiers do), even where no string uses it. */
	if (env->safe && json_is_string(v) && !ld_lang_well_formed(json_string_value(v)))
		return ld_unsafe(env, "default language '%s' is not a valid language tag",
				 json_string_value(v));
	free(r->lang);
	r->lang = json_is_string(v) ? ld_lowercase(json_string_value(v)) : NULL;
	return 0;
}

static int set_direction(struct ld_env *env, struct ld_ctx *r, json_t *v)
{
	const char *s = json_string_value(v);

	if (env->mode10)
		return ld_error(env, "invalid context entry", "@direction needs json-ld-1.1");
	if (!json_is_null(v) && (!s || (strcmp(s, "ltr") && strcmp(s, "rtl"))))
		return ld_error(env, "invalid base direction", "@direction must be ltr, rtl or null");
	free(r->dir);
	r->dir = s ? xstrdup(s) : NULL;
	return 0;
}

/* Steps 5.5 to 5.11: the context's own keywords. */
static int process_keywords(struct ld_env *env, struct ld_ctx *r, json_t *local,
			    const struct ld_remote *remote)
{
	json_t *v;

	if ((v = json_object_get(local, "@version"))) {
		if (!json_is_number(v) || json_number_value(v) != 1.1)
			return ld_error(env, "invalid @version value", "@version must be 1.1");
		if (env->mode10)
			return ld_error(env, "processing mode conflict",
					"@version 1.1 in json-ld-1.0 mode");
	}
	if ((v = json_object_get(local, "@base")) && (!remote || remote->n == 0) &&
	    set_base(env, r, v) < 0)
		return -1;
	if ((v = json_object_get(local, "@vocab")) && set_vocab(env, r, v) < 0)
		return -1;
	if ((v = json_object_get(local, "@language")) && set_language(env, r, v) < 0)
		return -1;
	if ((v = json_object_get(local, "@direction")) && set_direction(env, r, v) < 0)
		return -1;
	if ((v = json_object_get(local, "@propagate"))) {
		if (env->mode10)
			return ld_error(env, "invalid context entry", "@propagate needs json-ld-1.1");
		if (!json_is_boolean(v))
			return ld_error(env, "invalid @propagate value", "@propagate must be boolean");
	}
	return 0;
}

static int is_context_keyword(const char *k)
{
	static const char *const own[] = { "@base", "@direction", "@import", "@language",
					    "@propagate", "@protected", "@version", "@vocab" };
	size_t i;

	for (i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (!strcmp(k, own[i]))
			return 1;
	return 0;
}

/* Step 5.12-5.13: every term of the context definition. */
static int define_terms(struct ld_env *env, struct ld_ctx *r, json_t *local, const char *base,
			unsigned flags, const struct ld_remote *remote)
{
	struct ld_define d = { env, r, local, json_object(), base, remote, flags, 0 };
	json_t *p = json_object_get(local, "@protected");
	const char **keys;
	size_t i, n;
	int ret = 0;

	if (p && !json_is_boolean(p))
		ret = ld_error(env, "invalid @protected value", "@protected must be boolean");
	d.protect = json_is_true(p);
	keys = ld_sorted_keys(local, &n);
	for (i = 0; i < n && ret == 0; i++)
		if (!is_context_keyword(keys[i]))
			ret = ld_term_create(&d, keys[i]);
	free(keys);
	json_decref(d.defined);
	return ret;
}

static int process_map(struct ld_env *env, struct ld_ctx **result, json_t *local,
		       const char *base, unsigned flags, const struct ld_remote *remote)
{
	json_t *merged = NULL;
	int ret;

	if (json_object_get(local, "@import")) {
		merged = import_context(env, local, base);
		if (!merged)
			return -1;
		local = merged;
	}
	ret = process_keywords(env, *result, local, remote);
	if (ret == 0)
		ret = define_terms(env, *result, local, base, flags, remote);
	json_decref(merged);
	return ret;
}

/* Step 5: one item of the local context, applied to *result. */
static int process_item(struct ld_env *env, struct ld_ctx **result, json_t *item,
			const char *base, unsigned flags, const struct ld_remote *remote)
{
	if (json_is_null(item))
		return nullify(env, result, flags);
	if (json_is_string(item))
		return process_remote(env, result, json_string_value(item), base, flags, remote);
	if (!json_is_object(item))
		return ld_error(env, "invalid local context", "a context must be a map, IRI or null");
	return process_map(env, result, item, base, flags, remote);
}

static struct ld_ctx *process_uncached(struct ld_env *env, struct ld_ctx *active, json_t *local,
				       const char *base, unsigned flags,
				       const struct ld_remote *remote)
{
	json_t *prop = json_is_object(local) ? json_object_get(local, "@propagate") : NULL;
	size_t i, n = json_is_array(local) ? json_array_size(local) : 1;
	struct ld_ctx *result;

	env->work += active->n + 1;
	if (env->work > LD_MAX_WORK) {
		err_set(env->err, ERR_TOOBIG, "JSON-LD contexts too large to process");
		return NULL;
	}
	result = ld_ctx_copy(active);

	if (json_is_boolean(prop))
		flags = json_is_false(prop) ? flags | LD_PROC_NOPROPAGATE : flags & ~LD_PROC_NOPROPAGATE;
	if ((flags & LD_PROC_NOPROPAGATE) && !result->prev)
		result->prev = ld_ctx_ref(active);
	for (i = 0; i < n; i++) {
		json_t *item = json_is_array(local) ? json_array_get(local, i) : local;

		if (process_item(env, &result, item, base, flags, remote) < 0) {
			ld_ctx_unref(result);
			return NULL;
		}
	}
	return result;
}

/* The memo key of a context made only of URLs: the URLs themselves, so
 * that every credential naming the same contexts shares one entry. */
static char *url_list_key(json_t *local)
{
	struct buf b;
	size_t i, n = json_is_array(local) ? json_array_size(local) : 1;

	buf_init(&b, 0);
	for (i = 0; i < n; i++) {
		json_t *item = json_is_array(local) ? json_array_get(local, i) : local;

		if (!json_is_string(item)) {
			buf_release(&b);
			return NULL;
		}
		buf_adds(&b, "u:", NULL);
		buf_adds(&b, json_string_value(item), NULL);
		buf_addc(&b, '\n', NULL);
	}
	return buf_detach(&b, NULL);
}

/* A context written in a document is keyed by its content: the caller may
 * change or free the document, and a term's scoped context (keyed by
 * identity, the term holds it) may not. */
static char *memo_key(json_t *local, unsigned flags)
{
	char *ks = url_list_key(local), *dump;

	if (ks || !(flags & LD_PROC_BYVALUE))
		return ks;
	dump = json_text(local, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	ks = dump ? xasprintf("j:%s", dump) : NULL;
	free(dump);
	return ks;
}

struct ld_ctx *ld_ctx_process(struct ld_env *env, struct ld_ctx *active, json_t *local,
			      const char *base, unsigned flags, const struct ld_remote *remote)
{
	unsigned mflags;
	char *ks = NULL;
	json_t *kj = NULL;
	struct ld_ctx *r;

	if (++env->depth > LD_MAX_DEPTH) {
		env->depth--;
		return ld_error(env, "context overflow", "contexts nested too deeply"), NULL;
	}
	/* Only complete contexts are memo keys; a scoped context checked while
	 * its parent is being built (NOVALIDATE) is not worth keeping. */
	if (!(flags & LD_PROC_NOVALIDATE) && !(remote && remote->n)) {
		ks = memo_key(local, flags);
		kj = ks ? NULL : local;
	}
	flags &= ~(unsigned)LD_PROC_BYVALUE;
	mflags = flags | (env->mode10 ? LD_MEMO_MODE10 : 0) | (env->safe ? LD_MEMO_SAFE : 0);
	r = (ks || kj) ? ld_memo_get(active, kj, ks, base, mflags) : NULL;
	if (!r) {
		r = process_uncached(env, active, local, base, flags, remote);
		if (r && (ks || kj))
			ld_memo_put(active, kj, ks, base, mflags, r);
	}
	free(ks);
	env->depth--;
	return r;
}
