/* cmd-backup.c — `satchel backup FILE [--only ID... | --tag T]` and
 * `satchel restore FILE`: the whole wallet or part of it in one file
 * encrypted under a passphrase. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/json.h"

/* The ids to back up: --only IDs, --tag T, or everything. */
static int choose(struct app *app, json_t *only, const char *tag, json_t *ids)
{
	struct err err = ERR_INIT;
	struct wallet_index ix;
	char id[WALLET_ID_LEN + 1];
	json_t *x;
	size_t i;
	int code;

	json_array_foreach(only, i, x) {
		if (cli_resolve(app, json_string_value(x), id, &code) < 0)
			return code;
		json_array_append_new(ids, json_string(id));
	}
	if (json_array_size(only))
		return EXIT_OK;
	if (index_open(app->wallet, &ix, &err) < 0)
		return cli_error(&err);
	for (i = 0; i < ix.n; i++) {
		const char *tags = ix.rows[i].f[IX_TAGS], *p = tags;
		int hit = !tag;

		while (tag && p && *p && !hit) {	/* tags are joined by U+001F */
			const char *end = strchr(p, '\x1f');
			size_t len = end ? (size_t)(end - p) : strlen(p);

			hit = len == strlen(tag) && !memcmp(p, tag, len);
			p = end ? end + 1 : NULL;
		}
		if (hit)
			json_array_append_new(ids, json_string(ix.rows[i].id));
	}
	index_close(&ix);
	return EXIT_OK;
}

static int with_passphrase(struct app *app, int confirm, struct buf *pass)
{
	struct err err = ERR_INIT;

	buf_init(pass, 4096);
	if (app_passphrase(app, confirm, pass, &err) < 0)
		return cli_error(&err);
	if (!pass->len) {
		fprintf(stderr, _("satchel: error: the passphrase must not be empty\n"));
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

int cmd_backup(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "only", no_argument, NULL, 'o' }, { "tag", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	json_t *only = json_array(), *ids = json_array();
	struct err err = ERR_INIT;
	const char *tag = NULL, *file;
	int c, by_id = 0, rc;
	struct buf pass;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'o')
			by_id = 1;
		else if (c == 't')
			tag = optarg;
		else {
			json_decref(only);
			json_decref(ids);
			return c == 'h' ? cli_command_help("backup") : cli_usage("backup", _("unknown option"));
		}
	}
	file = optind < argc ? argv[optind++] : NULL;
	while (by_id && optind < argc)
		json_array_append_new(only, json_string(argv[optind++]));
	if (!file || optind < argc || (by_id && !json_array_size(only)))
		rc = cli_usage("backup", _("give FILE, and with --only at least one ID"));
	else if (!app_wallet(app))
		rc = EXIT_ENV;
	else if ((rc = choose(app, only, tag, ids)) == EXIT_OK &&
		 (rc = with_passphrase(app, 1, &pass)) == EXIT_OK) {
		if (collection_backup(app->wallet, ids, pass.s, pass.len, file, &err) < 0)
			rc = cli_error(&err);
		else if (!app->quiet)
			cli_printf(_("backed up %zu badges to %s\n"), json_array_size(ids), file);
		buf_release_secure(&pass);
	}
	json_decref(only);
	json_decref(ids);
	return rc;
}

int cmd_restore(struct app *app, int argc, char **argv)
{
	struct restore_counts n;
	struct err err = ERR_INIT;
	struct buf pass;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return cli_command_help("restore");
	if (argc != 2)
		return cli_usage("restore", _("give one FILE"));
	if (!app_wallet(app))
		return EXIT_ENV;
	if ((rc = with_passphrase(app, 0, &pass)) != EXIT_OK)
		return rc;
	if (collection_restore(app->wallet, argv[1], pass.s, pass.len, &n, &err) < 0) {
		rc = cli_error(&err);
	} else {
		index_sync(app->wallet, NULL);
		if (app->json) {
			json_t *j = json_pack("{s:i, s:i, s:i, s:i, s:i}", "added", (int)n.added,
					      "merged", (int)n.merged, "unchanged", (int)n.unchanged,
					      "pathways", (int)n.pathways, "pathways_kept", (int)n.kept_pathways);

			cli_print_json(j);
			json_decref(j);
		} else if (!app->quiet) {
			cli_printf(_("%zu added, %zu merged, %zu already there; %zu pathways added, %zu kept\n"),
			       n.added, n.merged, n.unchanged, n.pathways, n.kept_pathways);
		}
	}
	buf_release_secure(&pass);
	return rc;
}
