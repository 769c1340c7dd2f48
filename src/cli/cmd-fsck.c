/* cmd-fsck.c — `satchel fsck`: check every stored object, delete nothing. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/json.h"

int cmd_fsck(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	struct err err = ERR_INIT;
	json_t *problems, *p;
	size_t i, errors = 0, n = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1)
		return c == 'h' ? cli_command_help("fsck") : cli_usage("fsck", _("unknown option"));
	if (optind < argc)
		return cli_usage("fsck", _("unexpected argument '%s'"), argv[optind]);
	if (!app_wallet(app))
		return EXIT_ENV;
	problems = collection_fsck(app->wallet, &err);
	if (!problems)
		return cli_error(&err);
	json_array_foreach(problems, i, p) {
		if (!strcmp(json_str(p, "severity"), "error"))
			errors++;
		if (!app->json)
			cli_printf("%s: %s: %s\n", json_str(p, "severity"), json_str(p, "path"),
			       json_str(p, "problem"));
	}
	if (app->json) {
		cli_print_json(problems);
	} else if (!app->quiet) {
		char **ids;

		if (wallet_ids(app->wallet, &ids, &n, NULL) == 0)
			wallet_ids_free(ids);
		cli_printf(_("%zu objects checked, %zu errors, %zu warnings\n"), n, errors,
		       json_array_size(problems) - errors);
	}
	json_decref(problems);
	return errors ? EXIT_FAIL : EXIT_OK;
}
