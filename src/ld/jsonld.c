/* jsonld.c — the public entry points of include/satchel/jsonld.h, the
 * error helpers and small JSON utilities of the JSON-LD modules. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/xalloc.h"

int ld_error(struct ld_env *env, const char *code, const char *fmt, ...)
{
	char detail[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return err_set(env->err, ERR_PARSE, "%s (%s)", detail, code);
}

int ld_unsafe(struct ld_env *env, const char *fmt, ...)
{
	char detail[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return err_set(env->err, ERR_FORMAT, "safe mode: %s", detail);
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

const char **ld_sorted_keys(json_t *obj, size_t *n)
{
	const char **keys, *k;
	json_t *v;
	size_t i = 0;

	*n = json_object_size(obj);
	keys = xmalloc((*n + 1) * sizeof(*keys));
	json_object_foreach(obj, k, v)
		keys[i++] = k;
	qsort(keys, *n, sizeof(*keys), cmp_key);
	return keys;
}

void ld_append(json_t *arr, json_t *v)
{
	if (json_is_array(v))
		json_array_extend(arr, v);
	else if (v)
		json_array_append(arr, v);
}

void ld_add_value(json_t *obj, const char *key, json_t *v)
{
	json_t *arr = json_object_get(obj, key);

	if (!json_is_array(arr)) {
		json_t *n = json_array();

		if (arr)
			json_array_append(n, arr);
		json_object_set_new(obj, key, n);
		arr = n;
	}
	ld_append(arr, v);
}

json_t *ld_as_array(json_t *v)
{
	if (json_is_array(v))
		return json_incref(v);
	return v ? json_pack("[O]", v) : json_array();
}

char *ld_lowercase(const char *s)
{
	char *d = xstrdup(s ? s : ""), *p;

	for (p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

int ld_is_scalar(const json_t *v)
{
	return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

/* ---- initial contexts, kept so that the memo (ctxobj.c) can key on them */

#define LD_INITIAL_MAX 8

static struct ld_ctx *initial[LD_INITIAL_MAX];
static size_t initial_next;

static struct ld_ctx *initial_context(const char *base)
{
	size_t i;

	for (i = 0; i < LD_INITIAL_MAX; i++) {
		struct ld_ctx *c = initial[i];

		if (c && ((!c->base && !base) || (c->base && base && !strcmp(c->base, base))))
			return ld_ctx_ref(c);
	}
	ld_ctx_unref(initial[initial_next]);
	initial[initial_next] = ld_ctx_new(base);
	i = initial_next;
	initial_next = (initial_next + 1) % LD_INITIAL_MAX;
	return ld_ctx_ref(initial[i]);
}

void jsonld_cleanup(void)
{
	size_t i;

	ld_ctx_cache_cleanup();
	for (i = 0; i < LD_INITIAL_MAX; i++) {
		ld_ctx_unref(initial[i]);
		initial[i] = NULL;
	}
	initial_next = 0;
	ld_loader_cleanup();
	nquads_sym_cleanup();	/* the terms that held them are gone */
}

/* ---- the API ---------------------------------------------------------- */

static void env_init(struct ld_env *env, const struct jsonld_opts *o, struct err *err)
{
	memset(env, 0, sizeof(*env));
	if (o) {
		env->mode10 = o->processing_mode_10;
		env->safe = o->safe;
		env->rdf_direction = o->rdf_direction;
		env->generalized = o->produce_generalized_rdf;
	}
	env->err = err;
}

static struct ld_ctx *start_context(struct ld_env *env, const struct jsonld_opts *o)
{
	const char *base = o ? o->base : NULL;
	struct ld_ctx *c = initial_context(base), *n;
	json_t *ec = o ? o->expand_context : NULL;

	if (!ec)
		return c;
	if (json_is_object(ec) && json_object_get(ec, "@context"))
		ec = json_object_get(ec, "@context");
	n = ld_ctx_process(env, c, ec, base, LD_PROC_BYVALUE, NULL);
	ld_ctx_unref(c);
	return n;
}

static int expand(struct ld_env *env, json_t *doc, const struct jsonld_opts *o, json_t **out)
{
	struct ld_ctx *c = start_context(env, o);
	json_t *r, *g;
	int failed = 0;

	*out = NULL;
	if (!c)
		return -1;
	r = ld_expand(env, c, NULL, doc, o ? o->base : NULL, 0, &failed);
	ld_ctx_unref(c);
	if (failed)
		return -1;
	if (json_is_object(r) && json_object_size(r) == 1 && (g = json_object_get(r, "@graph"))) {
		json_incref(g);
		json_decref(r);
		r = g;
	}
	*out = r ? ld_as_array(r) : json_array();
	json_decref(r);
	return 0;
}

int jsonld_expand(json_t *doc, const struct jsonld_opts *o, json_t **expanded, struct err *err)
{
	struct err local = ERR_INIT;
	struct ld_env env;
	int r;

	env_init(&env, o, err ? err : &local);
	r = expand(&env, doc, o, expanded);
	if (r < 0 && err && err->code == ERR_OK)
		err_set(err, ERR_PARSE, "JSON-LD expansion failed");
	return r;
}

/* The direct path (direct.c) when the caller allows it, else expansion,
 * node map and toRdf. */
static int to_rdf(struct ld_env *env, json_t *doc, const struct jsonld_opts *o,
		  struct ld_issuer *is, struct rdf_dataset *out)
{
	json_t *expanded = NULL, *map;
	int r;

	if (o && o->any_labels && !o->expand_context && !o->processing_mode_10) {
		struct ld_ctx *c = start_context(env, o);

		r = c ? ld_direct_to_rdf(env, c, doc, o->base, is, out) : 1;
		ld_ctx_unref(c);
		if (r == 0)
			return 0;
	}
	if (expand(env, doc, o, &expanded) < 0)
		return -1;
	map = json_object();
	json_object_set_new(map, "@default", json_object());
	r = ld_node_map(env, expanded, map, "@default", NULL, NULL, NULL, is);
	if (r == 0)
		r = ld_to_rdf(env, map, is, out);
	json_decref(expanded);
	json_decref(map);
	return r;
}

int jsonld_to_rdf(json_t *doc, const struct jsonld_opts *o, struct rdf_dataset *out,
		  struct err *err)
{
	struct err local = ERR_INIT;
	struct ld_issuer is = { json_object(), 0 };
	struct ld_env env;
	int was_empty = out->n == 0, reserved = was_empty && out->cap < 128, r;

	env_init(&env, o, err ? err : &local);
	/* Room for a credential's hundred-odd quads at once: growing from
	 * eight copied 20 KB of quads on the way. */
	if (reserved)
		xgrow((void **)&out->quads, &out->cap, 128, sizeof(*out->quads));
	r = to_rdf(&env, doc, o, &is, out);
	if (reserved && out->n == 0) {
		/* Nothing came (an error, or no quads): as it was, nothing to free. */
		free(out->quads);
		out->quads = NULL;
		out->cap = 0;
	}
	/* Both paths drop repeated quads (ld_dedupe; direct.c's checks). */
	out->is_set = r == 0 && was_empty;
	json_decref(is.map);
	if (r < 0 && err && err->code == ERR_OK)
		err_set(err, ERR_PARSE, "JSON-LD to RDF failed");
	return r;
}
