/* cmd-import.c — `satchel import`: badges from files, folders, URLs, stdin. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/json.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"

struct import_report {
	struct app *app;
	json_t *results;	/* --json: array of result objects */
	int added, existed, rejected;
};

static const char *const status_names[] = { "added", "exists", "rejected" };

static void on_result(void *ctx, const struct import_result *r)
{
	struct import_report *rep = ctx;

	if (r->status == IMPORT_ADDED)
		rep->added++;
	else if (r->status == IMPORT_EXISTS)
		rep->existed++;
	else
		rep->rejected++;
	if (rep->app->json) {
		json_array_append_new(rep->results, json_pack("{s:o, s:s, s:s?, s:o?, s:o?}",
			"source", json_string_lossy(r->source), "status", status_names[r->status],
			"id", r->id[0] ? r->id : NULL, "name", json_string_lossy(r->name),
			"error", json_string_lossy(r->error)));
		return;
	}
	if (r->status == IMPORT_REJECTED)
		cli_eprintf(_("satchel: rejected %s: %s\n"), r->source, r->error);
	else if (!rep->app->quiet)
		cli_printf("%-8s %.12s  %s  (%s)\n", r->status == IMPORT_ADDED ? _("added") : _("exists"),
		       r->id, r->name ? r->name : _("(no name)"), r->source);
}

static int parse_tags(int argc, char **argv, json_t *tags)
{
	static const struct option longopts[] = {
		{ "tag", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "t:h", longopts, NULL)) != -1) {
		if (c == 't' && optarg[0])
			json_array_append_new(tags, json_string(optarg));
		else if (c == 'h')
			return 1;
		else
			return -1;
	}
	return 0;
}

int cmd_import(struct app *app, int argc, char **argv)
{
	struct import_report rep = { app, json_array(), 0, 0, 0 };
	struct import_opts opts = { json_array(), 0 };
	struct err err = ERR_INIT;
	struct importer *im;
	int i, rc = EXIT_OK, p = parse_tags(argc, argv, opts.tags);

	if (p != 0 || optind >= argc) {
		json_decref(opts.tags);
		json_decref(rep.results);
		return p > 0 ? cli_command_help("import") :
		       cli_usage("import", _("give at least one SOURCE"));
	}
	if (!app_wallet(app)) {
		rc = EXIT_ENV;
		goto out;
	}
	opts.offline = app->offline;
	im = importer_new(app->wallet, &opts, on_result, &rep);
	for (i = optind; i < argc && rc == EXIT_OK; i++)
		if (importer_add(im, argv[i], &err) < 0)
			rc = cli_error(&err);
	if (importer_finish(im, &err) < 0 && rc == EXIT_OK)
		rc = cli_error(&err);
	/* Bring the index up to date once, not once per badge. */
	index_sync(app->wallet, NULL);
	if (app->json)
		cli_print_json(rep.results);
	else if (!app->quiet && rep.added + rep.existed + rep.rejected > 1)
		cli_printf(_("%d added, %d already there, %d rejected\n"), rep.added, rep.existed,
		       rep.rejected);
	if (rc == EXIT_OK && rep.rejected)
		rc = EXIT_FAIL;
out:
	json_decref(opts.tags);
	json_decref(rep.results);
	return rc;
}
