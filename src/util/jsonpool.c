/* jsonpool.c — free lists of small blocks for jansson (see jsonpool.h).
 *
 * Every block starts with a 16-byte header holding its size class (0 for
 * a block that came straight from malloc), so json_pool_free needs no
 * size and no search.  Sixteen bytes keep the payload aligned as malloc's
 * is.  Classes are multiples of 16 up to POOL_MAX: jansson's values,
 * object entries and short strings; larger blocks (hash tables of big
 * objects, dump buffers, long strings) go to malloc.
 */
#include <stdint.h>
#include <stdlib.h>
#include <jansson.h>
#include "satchel/jsonpool.h"

#define GRAIN     16
#define POOL_MAX  256
#define NCLASS    (POOL_MAX / GRAIN)
#define SLAB      (64 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define POOL_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_OFF 1
#endif
#endif

struct header {
	size_t cls;		/* 1..NCLASS, or 0: malloc'd */
	size_t unused;		/* pads the payload to 16 bytes */
};

struct free_block {
	struct free_block *next;
};

static struct free_block *free_list[NCLASS];
static char *carve, *carve_end;	/* the unused rest of the newest slab */

/* A new block of class cls from the current slab, or from a new one (the
 * old slab's tail, less than one block, is left unused). */
static void *carve_block(size_t cls)
{
	size_t need = sizeof(struct header) + cls * GRAIN;
	struct header *h;

	if ((size_t)(carve_end - carve) < need) {
		carve = malloc(SLAB);
		if (!carve)
			return NULL;
		carve_end = carve + SLAB;
	}
	h = (struct header *)(void *)carve;
	carve += need;
	h->cls = cls;
	return h + 1;
}

void *json_pool_malloc(size_t n)
{
	size_t cls = n ? (n + GRAIN - 1) / GRAIN : 1;
	struct free_block *b;
	struct header *h;

	if (cls > NCLASS) {
		if (n > SIZE_MAX - sizeof(*h) || !(h = malloc(sizeof(*h) + n)))
			return NULL;
		h->cls = 0;
		return h + 1;
	}
	b = free_list[cls - 1];
	if (!b)
		return carve_block(cls);
	free_list[cls - 1] = b->next;
	return b;
}

void json_pool_free(void *p)
{
	struct header *h;
	struct free_block *b = p;

	if (!p)
		return;
	h = (struct header *)p - 1;
	if (h->cls == 0) {
		free(h);
		return;
	}
	b->next = free_list[h->cls - 1];
	free_list[h->cls - 1] = b;
}

int json_pool_install(void)
{
#ifdef POOL_OFF
	return 0;
#else
	json_set_alloc_funcs(json_pool_malloc, json_pool_free);
	return 1;
#endif
}
