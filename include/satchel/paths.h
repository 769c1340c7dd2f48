/* paths.h — where satchel finds its own data (contexts, samples, locales).
 *
 * A binary run from the source tree finds the tree's share/, an installed
 * one $(PREFIX)/share/satchel; $SATCHEL_DATADIR overrides both.
 */
#ifndef SATCHEL_PATHS_H
#define SATCHEL_PATHS_H

/* The data directory (holding contexts/, samples/); caller owns it. */
char *paths_data_dir(void);
/* The directory of the running executable; caller owns it. */
char *paths_exe_dir(void);

#endif
