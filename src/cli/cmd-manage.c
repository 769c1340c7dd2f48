/* cmd-manage.c — `satchel remove`, `tag`, `untag`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"

/* Shared option parsing: only --help; returns 1 after help, -1 on error. */
static int no_options(const char *name, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h')
			return cli_command_help(name) == 0 ? 1 : -1;
		return cli_usage(name, _("unknown option")) ? -1 : -1;
	}
	return 0;
}

int cmd_remove(struct app *app, int argc, char **argv)
{
	char id[WALLET_ID_LEN + 1];
	struct err err = ERR_INIT;
	int i, p = no_options("remove", argc, argv), rc = EXIT_OK, code;

	if (p)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	if (optind >= argc)
		return cli_usage("remove", _("give at least one ID"));
	if (!app_wallet(app))
		return EXIT_ENV;
	/* Resolve every ID first: a typo in the third must not leave the
	 * first two removed and the learner unsure what happened. */
	for (i = optind; i < argc; i++)
		if (cli_resolve(app, argv[i], id, &code) < 0)
			return code;
	for (i = optind; i < argc; i++) {
		if (cli_resolve(app, argv[i], id, &code) < 0) {
			rc = code;	/* the same ID given twice */
			continue;
		}
		if (collection_remove(app->wallet, id, &err) < 0)
			return cli_error(&err);
		if (!app->json)
			cli_note(app, _("removed %.12s"), id);
	}
	return rc;
}

static int tag_cmd(struct app *app, const char *name, int add, int argc, char **argv)
{
	char id[WALLET_ID_LEN + 1];
	struct err err = ERR_INIT;
	json_t *tags;
	int i, p = no_options(name, argc, argv), rc, code;

	if (p)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	if (argc - optind < 2)
		return cli_usage(name, _("give an ID and at least one TAG"));
	if (!app_wallet(app))
		return EXIT_ENV;
	if (cli_resolve(app, argv[optind], id, &code) < 0)
		return code;
	tags = json_array();
	for (i = optind + 1; i < argc; i++)
		if (argv[i][0])
			json_array_append_new(tags, json_string(argv[i]));
	rc = collection_tag(app->wallet, id, tags, add, &err) < 0 ? cli_error(&err) : EXIT_OK;
	json_decref(tags);
	return rc;
}

int cmd_tag(struct app *app, int argc, char **argv)
{
	return tag_cmd(app, "tag", 1, argc, argv);
}

int cmd_untag(struct app *app, int argc, char **argv)
{
	return tag_cmd(app, "untag", 0, argc, argv);
}
