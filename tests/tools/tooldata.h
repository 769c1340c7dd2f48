/* tooldata.h — where the bench tools find satchel's data (the bundled
 * contexts) when run from the build tree.  Header-only: each tool is one
 * .c file linked with libsatchel (Makefile, $(BUILD)/tools/%).
 */
#ifndef SATCHEL_TOOLDATA_H
#define SATCHEL_TOOLDATA_H

#include <stdlib.h>
#include <unistd.h>

#include "satchel/paths.h"
#include "satchel/xalloc.h"

/* Without SATCHEL_DATADIR, use <exe>/../../../share when it holds the
 * context cache (a tool in build/<variant>/tools/), else ./share, so
 * that a tool works from the source tree without being installed. */
static inline void tool_datadir_from_tree(void)
{
	const char *v = getenv("SATCHEL_DATADIR");
	char *exe, *share, *probe;

	if (v && *v)
		return;
	exe = paths_exe_dir();
	share = xasprintf("%s/../../../share", exe);
	probe = xasprintf("%s/contexts/contexts.json", share);
	if (access(probe, R_OK) == 0)
		setenv("SATCHEL_DATADIR", share, 1);
	else if (access("share/contexts/contexts.json", R_OK) == 0)
		setenv("SATCHEL_DATADIR", "share", 1);
	free(probe);
	free(share);
	free(exe);
}

#endif
