/* dl.h — libraries opened when first needed instead of linked.
 *
 * libcurl and libsecret bring three dozen libraries between them; linked,
 * the dynamic loader mapped and relocated all of them before every
 * command, which was most of a command's start-up.  Their users (net.c,
 * keyring.c) keep a struct of function pointers with the libraries' own
 * types and fill it on first use from a table of names and offsets.
 */
#ifndef SATCHEL_DL_H
#define SATCHEL_DL_H

#include <stddef.h>
#include "satchel/err.h"

struct dl_fn {
	const char *symbol;
	size_t offset;		/* of its pointer in the caller's struct */
};

/* An entry of a table for struct type T: member M holds symbol S. */
#define DL_FN(T, M, S)	{ S, offsetof(T, M) }

/* Opens soname once (*handle keeps it) and stores each of the n symbols
 * of fns into fns[i].offset bytes into table.  0, or -1 with ERR_NET
 * naming the library and what is missing; *handle stays NULL then and the
 * table must not be used. */
int dl_open(void **handle, const char *soname, const struct dl_fn *fns, size_t n, void *table,
	    struct err *err);

#endif
