/* cmd-init.c — `satchel init`: create a wallet. */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/json.h"
#include "satchel/fsutil.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/keyring.h"
#include "satchel/paths.h"
#include "satchel/xalloc.h"

static void count_sample(void *ctx, const struct import_result *r)
{
	int *added = ctx;

	if (r->status == IMPORT_ADDED)
		(*added)++;
}

/* The samples' issuer documents (share/samples/issuer-site/<host>/<path>)
 * stand in for the issuers' servers, so the OB 2.0 samples that name
 * their BadgeClass by URL display offline from the first start. */
static void preload_issuer_site(struct wallet *w, const char *dir, const char *rel)
{
	struct dirent **list;
	int i, n = scandir(dir, &list, NULL, alphasort);

	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		char *path = xasprintf("%s/%s", dir, name);
		char *r = xasprintf("%s%s%s", rel, *rel ? "/" : "", name);
		struct buf b;

		buf_init(&b, WALLET_MAX_OBJECT);
		if (name[0] != '.' && list[i]->d_type == DT_DIR) {
			preload_issuer_site(w, path, r);
		} else if (name[0] != '.' && file_read(path, b.max, &b, NULL) == 0) {
			char *url = xasprintf("https://%s", r);

			wallet_linked_put(w, url, b.s, b.len, NULL);
			free(url);
		}
		buf_release(&b);
		free(r);
		free(path);
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

static int import_samples(struct app *app)
{
	struct import_opts opts = { NULL, 0 };
	struct err err = ERR_INIT;
	char *data = paths_data_dir(), *dir = xasprintf("%s/samples", data);
	int added = 0, rc;
	json_t *tags = json_pack("[s]", "sample");

	opts.tags = tags;
	if (app_wallet(app) && wallet_lock(app->wallet, NULL) == 0) {
		char *site = xasprintf("%s/issuer-site", dir);

		preload_issuer_site(app->wallet, site, "");
		wallet_unlock_write(app->wallet);
		free(site);
	}
	rc = app_wallet(app) ? import_source(app->wallet, dir, &opts, count_sample, &added, &err) : -1;
	if (rc >= 0)
		index_sync(app->wallet, NULL);
	json_decref(tags);
	free(dir);
	free(data);
	if (rc < 0)
		return err.code ? cli_error(&err) : EXIT_ENV;
	cli_note(app, _("imported %d sample badges (tagged 'sample')"), added);
	return EXIT_OK;
}

int cmd_init(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-encryption", no_argument, NULL, 'n' },
		{ "samples", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct wallet_init_opts opts = { 1, 0, { app_passphrase, app, 0 } };
	struct wallet_init_result res;
	struct err err = ERR_INIT;
	int c, samples = 0;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'n')
			opts.encrypt = 0;
		else if (c == 's')
			samples = 1;
		else if (c == 'h')
			return cli_command_help("init");
		else
			return cli_usage("init", _("unknown option"));
	}
	if (optind < argc)
		return cli_usage("init", _("unexpected argument '%s'"), argv[optind]);
	if (!app->wallet_dir)
		app->wallet_dir = wallet_default_dir();
	opts.unlock.use_keyring = !app->no_keyring && keyring_enabled();
	if (wallet_init(app->wallet_dir, &opts, &res, &err) < 0)
		return cli_error(&err);
	if (app->json) {
		json_t *out = json_pack("{s:o, s:b, s:b}", "wallet",
					json_string_lossy(app->wallet_dir), "encrypted", opts.encrypt,
					"keyring", res.keyring_stored);

		cli_print_json(out);
		json_decref(out);
	} else
		cli_printf(_("created a wallet in %s\n"), app->wallet_dir);
	if (opts.encrypt && !res.keyring_stored)
		cli_note(app, _("the key is not in a keyring (%s): the passphrase will be asked for"),
			 res.keyring_note[0] ? res.keyring_note : _("keyring not used"));
	return samples ? import_samples(app) : EXIT_OK;
}
