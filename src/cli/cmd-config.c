/* cmd-config.c — `satchel config get|set|unset|list`: settings kept in
 * the wallet. */
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/json.h"

static int config_list(struct app *app, json_t *s)
{
	const char *k;
	json_t *v;

	if (app->json) {
		cli_print_json(s);
		return EXIT_OK;
	}
	json_object_foreach(s, k, v)
		cli_printf("%s = %s\n", k, json_string_value(v));
	return EXIT_OK;
}

int cmd_config(struct app *app, int argc, char **argv)
{
	struct err err = ERR_INIT;
	const char *sub = argc > 1 ? argv[1] : NULL;
	json_t *s, *v;
	int rc = EXIT_OK;

	if (sub && (!strcmp(sub, "--help") || !strcmp(sub, "-h")))
		return cli_command_help("config");
	if (!sub || (strcmp(sub, "list") && argc < 3) || (!strcmp(sub, "set") && argc != 4))
		return cli_usage("config", _("give list, get KEY, set KEY VALUE or unset KEY"));
	if (!app_wallet(app))
		return EXIT_ENV;
	if (!strcmp(sub, "set") || !strcmp(sub, "unset"))
		return collection_setting_set(app->wallet, argv[2], !strcmp(sub, "set") ? argv[3] : NULL,
					      &err) < 0 ? cli_error(&err) : EXIT_OK;
	s = collection_settings(app->wallet, &err);
	if (!strcmp(sub, "list")) {
		rc = config_list(app, s);
	} else if (!strcmp(sub, "get")) {
		v = json_object_get(s, argv[2]);
		if (v)
			cli_printf("%s\n", json_string_value(v));
		else
			rc = EXIT_FAIL;
	} else {
		rc = cli_usage("config", _("unknown config command '%s'"), sub);
	}
	json_decref(s);
	return rc;
}
