/* ctxobj.c — active context objects: reference counting, copying and the
 * term table (ld-internal.h).  Copies share term definitions (each is
 * immutable once created), so copying a large context costs one pointer
 * per term. */
#include <stdlib.h>
#include <string.h>
#include "ld-internal.h"
#include "satchel/xalloc.h"

size_t ld_hash_str(const char *s)
{
	size_t h = 1469598103934665603u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

struct ld_ctx *ld_ctx_new(const char *base)
{
	struct ld_ctx *c = xcalloc(1, sizeof(*c));

	c->refs = 1;
	c->base = xstrdup(base);
	c->orig_base = xstrdup(base);
	return c;
}

struct ld_ctx *ld_ctx_ref(struct ld_ctx *c)
{
	if (c)
		c->refs++;
	return c;
}

void ld_term_unref(struct ld_term *t)
{
	if (!t || --t->refs > 0)
		return;
	free(t->key);
	free(t->iri);
	free(t->type);
	free(t->lang);
	free(t->dir);
	free(t->index);
	free(t->nest);
	free(t->ctx_base);
	json_decref(t->context);
	free(t);
}

void ld_ctx_unref(struct ld_ctx *c)
{
	size_t i;

	if (!c || --c->refs > 0)
		return;
	for (i = 0; i < c->cap; i++)
		ld_term_unref(c->slots[i].t);
	free(c->slots);
	free(c->base);
	free(c->orig_base);
	free(c->vocab);
	free(c->lang);
	free(c->dir);
	ld_ctx_unref(c->prev);
	free(c);
}

struct ld_ctx *ld_ctx_copy(const struct ld_ctx *c)
{
	struct ld_ctx *d = xcalloc(1, sizeof(*d));
	size_t i;

	d->refs = 1;
	d->base = xstrdup(c->base);
	d->orig_base = xstrdup(c->orig_base);
	d->vocab = xstrdup(c->vocab);
	d->lang = xstrdup(c->lang);
	d->dir = xstrdup(c->dir);
	d->prev = ld_ctx_ref(c->prev);
	d->cap = c->cap;
	d->n = c->n;
	d->nprotected = c->nprotected;
	memcpy(d->kw, c->kw, sizeof(d->kw));
	d->nkw = c->nkw;
	d->kw_over = c->kw_over;
	d->ncolon = c->ncolon;
	if (c->cap) {
		d->slots = xmalloc(c->cap * sizeof(*d->slots));
		memcpy(d->slots, c->slots, c->cap * sizeof(*d->slots));
		for (i = 0; i < c->cap; i++)
			if (d->slots[i].t)
				d->slots[i].t->refs++;
	}
	return d;
}

/* Index of the slot of key (whose hash is h), or of the empty slot where
 * it would go. */
static size_t find_slot(const struct ld_ctx *c, const char *key, size_t h)
{
	size_t i = h & (c->cap - 1);

	while (c->slots[i].t && (c->slots[i].hash != h || strcmp(c->slots[i].t->key, key)))
		i = (i + 1) & (c->cap - 1);
	return i;
}

const struct ld_term *ld_ctx_term(const struct ld_ctx *c, const char *key)
{
	if (!c || !c->cap || !key)
		return NULL;
	return c->slots[find_slot(c, key, ld_hash_str(key))].t;
}

static void grow(struct ld_ctx *c)
{
	struct ld_slot *old = c->slots;
	size_t i, oldcap = c->cap;

	c->cap = oldcap ? oldcap * 2 : 16;
	c->slots = xcalloc(c->cap, sizeof(*c->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].t)
			c->slots[find_slot(c, old[i].t->key, old[i].hash)] = old[i];
	free(old);
}

/* Backward-shift deletion keeps the probe chains of linear probing intact. */
static void remove_slot(struct ld_ctx *c, size_t i)
{
	size_t j = i, k;

	ld_term_unref(c->slots[i].t);
	c->slots[i].t = NULL;
	for (;;) {
		j = (j + 1) & (c->cap - 1);
		if (!c->slots[j].t)
			return;
		k = c->slots[j].hash & (c->cap - 1);
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			c->slots[i] = c->slots[j];
			c->slots[j].t = NULL;
			i = j;
		}
	}
}

static int is_kw_alias(const struct ld_term *t)
{
	return t->iri && t->iri[0] == '@';
}

/* Keeps c->kw in step with the slots: t comes in (add) or goes. */
static void track_alias(struct ld_ctx *c, const struct ld_term *t, int add)
{
	unsigned i;

	if (!is_kw_alias(t))
		return;
	if (add) {
		if (c->nkw < LD_KW_ALIASES)
			c->kw[c->nkw++] = t;
		else
			c->kw_over++;
		return;
	}
	for (i = 0; i < c->nkw && c->kw[i] != t; i++)
		;
	if (i < c->nkw)
		c->kw[i] = c->kw[--c->nkw];
	else
		c->kw_over--;
}

void ld_ctx_set_term(struct ld_ctx *c, const char *key, struct ld_term *t)
{
	size_t i, h = ld_hash_str(key);

	if (c->cap && c->slots[i = find_slot(c, key, h)].t) {
		if (c->slots[i].t->protect)
			c->nprotected--;
		if (strchr(key, ':'))
			c->ncolon--;
		track_alias(c, c->slots[i].t, 0);
		c->n--;
		remove_slot(c, i);
	}
	if (!t)
		return;
	if ((c->n + 1) * 2 > c->cap)
		grow(c);
	i = find_slot(c, key, h);
	c->slots[i].hash = h;
	c->slots[i].t = t;
	c->n++;
	track_alias(c, t, 1);
	if (t->protect)
		c->nprotected++;
	if (strchr(key, ':'))
		c->ncolon++;
}

/* ---- the memo: processed contexts keyed by (active context, local
 * context, base, flags).  It is global rather than per context so that a
 * result whose previous context is the key context makes no reference
 * cycle; it holds references to both. */

#define LD_MEMO_MAX 256

struct ld_memo {
	struct ld_ctx *owner;
	json_t *key_json;	/* held reference; identity is the key */
	char *key_str;		/* or a string key */
	char *base;
	unsigned flags;
	struct ld_ctx *result;
};

static struct ld_memo memo[LD_MEMO_MAX];
static size_t memo_n, memo_next;

static void memo_release(struct ld_memo *m)
{
	ld_ctx_unref(m->owner);
	json_decref(m->key_json);
	free(m->key_str);
	free(m->base);
	ld_ctx_unref(m->result);
	memset(m, 0, sizeof(*m));
}

static int memo_match(const struct ld_memo *m, const struct ld_ctx *c, json_t *kj,
		      const char *ks, const char *base, unsigned flags)
{
	if (m->owner != c || m->flags != flags)
		return 0;
	if (kj ? m->key_json != kj : (!m->key_str || strcmp(m->key_str, ks)))
		return 0;
	return (m->base == NULL) == (base == NULL) && (!base || !strcmp(m->base, base));
}

struct ld_ctx *ld_memo_get(struct ld_ctx *c, json_t *kj, const char *ks, const char *base,
			   unsigned flags)
{
	size_t i;

	for (i = 0; i < memo_n; i++)
		if (memo_match(&memo[i], c, kj, ks, base, flags))
			return ld_ctx_ref(memo[i].result);
	return NULL;
}

/* Ring buffer: the oldest entry goes first, so memory stays bounded over
 * long runs of varied input. */
void ld_memo_put(struct ld_ctx *c, json_t *kj, const char *ks, const char *base, unsigned flags,
		 struct ld_ctx *result)
{
	struct ld_memo *m = &memo[memo_next];

	memo_release(m);
	memo_next = (memo_next + 1) % LD_MEMO_MAX;
	if (memo_n < LD_MEMO_MAX)
		memo_n++;
	m->owner = ld_ctx_ref(c);
	m->key_json = json_incref(kj);
	m->key_str = xstrdup(ks);
	m->base = xstrdup(base);
	m->flags = flags;
	m->result = ld_ctx_ref(result);
}

void ld_ctx_cache_cleanup(void)
{
	size_t i;

	for (i = 0; i < LD_MEMO_MAX; i++)
		memo_release(&memo[i]);
	memo_n = memo_next = 0;
}
