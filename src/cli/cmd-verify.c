/* cmd-verify.c — `satchel verify`: stored badges, files and URLs.
 *
 * Stored badges get their report saved in the sidecar (the list shows
 * the verdict and when it was checked); files and URLs are checked
 * without importing them.  Exit 0 only when every target is verified. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/timeutil.h"
#include "satchel/verify.h"

struct run {
	struct app *app;
	struct verify_opts vo;
	json_t *reports;	/* --json output */
	int all_verified;
	int recorded;		/* stored reports written: the index needs a sync */
};

static const char *const outcome_marks[] = { "pass", "FAIL", "warn", "skip" };

static void print_report(const json_t *rep, const char *name)
{
	json_t *c;
	size_t i;

	printf("%-13s %.12s  %s  (%s)\n", json_str(rep, "verdict"),
	       json_str(rep, "id") ? json_str(rep, "id") : "-", name ? name : "",
	       json_str(rep, "target"));
	json_array_foreach(json_object_get(rep, "checks"), i, c) {
		const char *o = json_str(c, "outcome");
		size_t k = !strcmp(o, "pass") ? 0 : !strcmp(o, "fail") ? 1 : !strcmp(o, "warn") ? 2 : 3;

		printf("    %-4s %-12s %s\n", outcome_marks[k], json_str(c, "check"),
		       json_str(c, "message"));
	}
}

/* Prints or collects one report; takes ownership of rep. */
static void finish(struct run *run, json_t *rep, const char *name)
{
	if (strcmp(json_str(rep, "verdict"), "verified") != 0)
		run->all_verified = 0;
	if (run->app->json)
		json_array_append(run->reports, rep);
	else if (!run->app->quiet)
		print_report(rep, name);
	else
		printf("%-13s %s\n", json_str(rep, "verdict"), json_str(rep, "target"));
	json_decref(rep);
}

static int verify_stored(struct run *run, const char *target, const char *id)
{
	struct report r = REPORT_INIT;
	struct err err = ERR_INIT;
	struct buf raw;
	json_t *rep, *entry;
	int rc = 0;

	buf_init(&raw, WALLET_MAX_OBJECT);
	if (wallet_get(run->app->wallet, id, &raw, &err) < 0)
		report_add(&r, "stored-copy", CHECK_FAIL, EFFECT_INVALID, "%s", err.msg);
	else
		verify_credential(raw.s, raw.len, &run->vo, &r, NULL);
	rep = report_json(&r, target, id, time_now());
	if (collection_record_report(run->app->wallet, id, rep, &err) < 0)
		rc = cli_error(&err);
	run->recorded = 1;
	entry = index_entry_build(run->app->wallet, id, NULL);
	finish(run, rep, json_str(entry, "name"));
	json_decref(entry);
	report_release(&r);
	buf_release(&raw);
	return rc;
}

static int verify_outside(struct run *run, const char *target, int is_url)
{
	struct report r = REPORT_INIT;
	struct err err = ERR_INIT;
	struct buf data, text;
	json_t *rep;

	buf_init(&data, CRED_MAX_SOURCE);
	buf_init(&text, CRED_MAX_TEXT);
	if (is_url)
		verify_url(target, &run->vo, &r, &text, NULL);
	else if (file_read(target, CRED_MAX_SOURCE, &data, &err) < 0)
		report_add(&r, "read", CHECK_FAIL, EFFECT_INVALID, "%s", err.msg);
	else
		verify_source((uint8_t *)data.s, data.len, &run->vo, &r, &text, NULL);
	rep = report_json(&r, target, NULL, time_now());
	finish(run, rep, NULL);
	report_release(&r);
	buf_release(&data);
	buf_release(&text);
	return 0;
}

static int is_url(const char *s)
{
	return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7);
}

static int is_file(const char *s)
{
	struct stat st;

	return stat(s, &st) == 0 && S_ISREG(st.st_mode);
}

static int verify_all(struct run *run)
{
	struct err err = ERR_INIT;
	char **ids;
	size_t n, i;
	int rc = 0;

	if (wallet_ids(run->app->wallet, &ids, &n, &err) < 0)
		return cli_error(&err);
	for (i = 0; i < n && !rc; i++)
		rc = verify_stored(run, ids[i], ids[i]);
	wallet_ids_free(ids);
	return rc;
}

static int verify_target(struct run *run, const char *arg)
{
	char id[WALLET_ID_LEN + 1];
	int code;

	if (is_url(arg))
		return verify_outside(run, arg, 1);
	if (is_file(arg))
		return verify_outside(run, arg, 0);
	if (!app_wallet(run->app))
		return EXIT_ENV;
	if (cli_resolve(run->app, arg, id, &code) < 0)
		return code;
	return verify_stored(run, arg, id);
}

static int parse_opts(int argc, char **argv, struct run *run, int *all)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' }, { "recipient", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "ar:h", longopts, NULL)) != -1) {
		if (c == 'a')
			*all = 1;
		else if (c == 'r')
			json_array_append_new(run->vo.recipients, json_string(optarg));
		else if (c == 'h')
			return cli_command_help("verify") == 0 ? 1 : -1;
		else
			return cli_usage("verify", _("unknown option")) ? -1 : -1;
	}
	if (!*all && optind >= argc) {
		cli_usage("verify", _("give ID, FILE or URL, or --all"));
		return -1;
	}
	return 0;
}

int cmd_verify(struct app *app, int argc, char **argv)
{
	struct run run = { app, { app->offline, 0, json_array() }, json_array(), 1, 0 };
	int all = 0, i, rc = EXIT_OK, p = parse_opts(argc, argv, &run, &all);

	if (p == 0 && all && !app_wallet(app))
		rc = EXIT_ENV;
	else if (p == 0 && all)
		rc = verify_all(&run);
	for (i = optind; p == 0 && rc == EXIT_OK && i < argc; i++)
		rc = verify_target(&run, argv[i]);
	if (run.recorded)
		index_sync(app->wallet, NULL);
	if (p == 0 && app->json)
		cli_print_json(run.reports);
	json_decref(run.reports);
	json_decref(run.vo.recipients);
	if (p != 0)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	return rc != EXIT_OK ? rc : run.all_verified ? EXIT_OK : EXIT_FAIL;
}
