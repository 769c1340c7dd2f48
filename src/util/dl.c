/* dl.c — libraries opened when first needed (include/satchel/dl.h). */
#include <dlfcn.h>
#include <string.h>
#include "satchel/dl.h"

int dl_open(void **handle, const char *soname, const struct dl_fn *fns, size_t n, void *table,
	    struct err *err)
{
	void *lib;
	size_t i;

	if (*handle)
		return 0;
	if (!(lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL)))
		return err_set(err, ERR_NET, "cannot load %s: %s", soname, dlerror());
	for (i = 0; i < n; i++) {
		void *f = dlsym(lib, fns[i].symbol);

		if (!f) {
			dlclose(lib);
			return err_set(err, ERR_NET, "%s has no %s (too old a version?)", soname,
				       fns[i].symbol);
		}
		/* POSIX lets dlsym's pointer be used as a function pointer;
		 * copying its bytes says so without a cast C forbids. */
		memcpy((char *)table + fns[i].offset, &f, sizeof(f));
	}
	*handle = lib;
	return 0;
}
