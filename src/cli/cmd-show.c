/* cmd-show.c — `satchel show`: one badge in detail, or its exact bytes. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/json.h"

/* Text view: labelled lines for the fields a learner reads. */
static const struct { const char *key; const char *label; } fields[] = {
	{ "name", N_("Name") }, { "description", N_("Description") },
	{ "issued", N_("Issued") }, { "expires", N_("Expires") }, { "verdict", N_("Verdict") },
	{ "checked_at", N_("Checked") }, { "achievement_id", N_("Achievement") },
	{ "credential_id", N_("Credential") }, { "image", N_("Image") },
	{ "added_at", N_("Added") },
};

/* A labelled field; the lines after a value's first are indented under
 * it, so that a badge's text can never start a line that reads as a
 * field of its own ("Verdict       verified"). */
static void print_line(const char *label, const char *value)
{
	const char *nl;

	if (!value || !*value)
		return;
	cli_printf("%-13s ", label);
	while ((nl = strchr(value, '\n'))) {
		cli_put_safe(stdout, value, (size_t)(nl - value));
		cli_printf("\n%-13s ", "");
		value = nl + 1;
	}
	cli_printf("%s\n", value);
}

static void print_text(const json_t *e)
{
	json_t *issuer = json_object_get(e, "issuer"), *crit = json_object_get(e, "criteria");
	json_t *tags = json_object_get(e, "tags"), *t;
	size_t i;

	cli_printf("%-13s %s  (%s %s, %s)\n", _("Id"), json_str(e, "id"), json_str(e, "format"),
	       json_str(e, "version") ? json_str(e, "version") : "", json_str(e, "encoding"));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		print_line(_(fields[i].label), json_str(e, fields[i].key));
	print_line(_("Issuer"), json_str(issuer, "name"));
	print_line(_("Issuer id"), json_str(issuer, "id"));
	print_line(_("Criteria"), json_str(crit, "narrative"));
	print_line(_("Criteria URL"), json_str(crit, "id"));
	print_line(_("Error"), json_str(e, "error"));
	if (json_array_size(tags)) {
		cli_printf("%-13s", _("Tags"));
		json_array_foreach(tags, i, t)
			cli_printf(" %s", json_string_value(t));
		putchar('\n');
	}
}

static int show_raw(struct app *app, const char *id)
{
	struct err err = ERR_INIT;
	struct buf raw;

	buf_init(&raw, WALLET_MAX_OBJECT);
	if (wallet_get(app->wallet, id, &raw, &err) < 0) {
		buf_release(&raw);
		return cli_error(&err);
	}
	fwrite(raw.s, 1, raw.len, stdout);
	buf_release(&raw);
	return EXIT_OK;
}

int cmd_show(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "raw", no_argument, NULL, 'r' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char id[WALLET_ID_LEN + 1];
	json_t *e;
	int c, raw = 0, code;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'r')
			raw = 1;
		else if (c == 'h')
			return cli_command_help("show");
		else
			return cli_usage("show", _("unknown option"));
	}
	if (optind + 1 != argc)
		return cli_usage("show", _("give exactly one ID"));
	if (!app_wallet(app))
		return EXIT_ENV;
	if (cli_resolve(app, argv[optind], id, &code) < 0)
		return code;
	if (raw)
		return show_raw(app, id);
	e = index_entry_build(app->wallet, id, NULL);
	json_object_del(e, "_stamp");
	if (app->json)
		cli_print_json(e);
	else
		print_text(e);
	code = json_str(e, "error") ? EXIT_FAIL : EXIT_OK;
	json_decref(e);
	return code;
}
