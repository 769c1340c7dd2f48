/* test-rdfc-evp.c — test-rdfc again, with RDFC-1.0's SHA-256 and SHA-384
 * through EVP.
 *
 * rdfc.c hashes with OpenSSL's SHA256_* / SHA384_* functions, which
 * OpenSSL 3 deprecates; against an OpenSSL built without them it takes
 * its EVP path instead.  Debian's OpenSSL has them, so that path would
 * never run here: this test compiles rdfc.c into itself with
 * SATCHEL_RDFC_EVP and runs every test of test-rdfc.c (the W3C suite,
 * the SHA-384 ECDSA vectors, the limits) against it.  Its definitions
 * take the place of the library's rdfc.o at link time. */
#define SATCHEL_RDFC_EVP 1
#include "../../src/ld/rdfc.c"

#ifndef RDFC_SHA_VIA_EVP
#error "rdfc.c did not take its EVP path"
#endif

#include "test-rdfc.c"
