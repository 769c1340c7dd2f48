/* jsonpool.h — a small-object allocator for jansson.
 *
 * Verifying one credential makes and frees about five hundred jansson
 * values (its parse tree, shallow copies, the report).  Through glibc's
 * malloc that churn also fragments the heap the JSON-LD and RDFC code
 * then works in; serving it from the pool made a verify run of 2,000
 * credentials 6-11 % faster.  json_pool serves jansson's small blocks
 * from free lists of 16-byte size classes carved out of 64 KiB slabs,
 * and leaves every other allocation to malloc.
 *
 * Rules, once installed:
 *  - json_pool_install() must run before the first jansson call (main
 *    does it); memory jansson allocated before that would be freed
 *    through the pool.
 *  - Nothing jansson returns may be passed to free(): json_dumps'
 *    result in particular.  Use json_text() (json.h), which returns
 *    malloc'd text; src/ calls json_dumps nowhere else (a test checks).
 *  - Single-threaded: satchel makes jansson calls from one thread only.
 *  - Freed blocks are kept for reuse, never returned to the system: the
 *    pool is as large as the most jansson memory ever live at once.
 *
 * Under AddressSanitizer json_pool_install() does nothing, so that
 * jansson's blocks stay visible to the sanitizer.
 */
#ifndef SATCHEL_JSONPOOL_H
#define SATCHEL_JSONPOOL_H

#include <stddef.h>

/* Makes jansson allocate through the pool; returns 1 when installed, 0
 * when not (sanitizer build).  Call once, before any jansson use. */
int json_pool_install(void);

/* The pool's own entry points (what jansson calls once installed); for
 * the unit tests.  json_pool_free(NULL) does nothing. */
void *json_pool_malloc(size_t n);
void json_pool_free(void *p);

#endif
