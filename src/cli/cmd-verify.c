/* cmd-verify.c — `satchel verify`: stored badges, files and URLs.
 *
 * Stored badges get their report saved in the sidecar (the list shows
 * the verdict and when it was checked); files and URLs are checked
 * without importing them.  Exit 0 only when every target is verified. */
#include <getopt.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
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
#include "satchel/xalloc.h"

extern char **environ;

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

/* Verifies a stored badge and records the report; *out (when not NULL)
 * receives a new reference to the report. */
static int check_stored(struct run *run, const char *target, const char *id, json_t **out)
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
	if (out) {
		*out = rep;
	} else {
		entry = index_entry_build(run->app->wallet, id, NULL);
		finish(run, rep, json_str(entry, "name"));
		json_decref(entry);
	}
	report_release(&r);
	buf_release(&raw);
	return rc;
}

static int verify_stored(struct run *run, const char *target, const char *id)
{
	return check_stored(run, target, id, NULL);
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

/* ---- watch ----------------------------------------------------------- */

/* Verdicts that need the learner's attention when a badge turns to them. */
static int is_bad(const char *v)
{
	return !strcmp(v, "revoked") || !strcmp(v, "suspended") || !strcmp(v, "expired") ||
	       !strcmp(v, "invalid");
}

/* A desktop notification through notify-send, when there is one. */
static void notify(const char *name, const char *from, const char *to)
{
	char *msg = xasprintf(_("'%s': %s → %s"), name ? name : "?", from, to);
	char *title = xstrdup(_("Badge status changed"));
	char prog[] = "notify-send", app[] = "--app-name=satchel";
	char *argv[] = { prog, app, title, msg, NULL };
	pid_t pid;

	if (posix_spawnp(&pid, "notify-send", NULL, NULL, argv, environ) == 0)
		waitpid(pid, NULL, 0);
	free(title);
	free(msg);
}

static json_t *watch_one(struct run *run, const char *id, int *bad)
{
	json_t *meta = NULL, *rep = NULL, *entry, *change = NULL;
	const char *before, *after;

	wallet_meta_get(run->app->wallet, id, &meta, NULL);
	before = json_str(meta, "verdict") ? json_str(meta, "verdict") : "unchecked";
	if (check_stored(run, id, id, &rep) == 0 && rep) {
		after = json_str(rep, "verdict");
		if (strcmp(before, after) != 0) {
			entry = index_entry_build(run->app->wallet, id, NULL);
			change = json_pack("{s:s, s:O?, s:s, s:s, s:O}", "id", id, "name",
					   json_object_get(entry, "name"), "from", before, "to", after,
					   "checked_at", json_object_get(rep, "checked_at"));
			json_decref(entry);
			if (is_bad(after))
				*bad = 1;
		}
	}
	json_decref(rep);
	json_decref(meta);
	return change;
}

int cmd_watch(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "notify", no_argument, NULL, 'n' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct run run = { app, { app->offline, 0, json_array() }, json_array(), 1, 0 };
	json_t *changes = json_array(), *c;
	char **ids = NULL;
	size_t n = 0, i;
	int opt, want_notify = 0, bad = 0, rc = EXIT_OK;
	struct err err = ERR_INIT;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (opt == 'n')
			want_notify = 1;
		else
			rc = opt == 'h' ? (cli_command_help("watch"), -1) : cli_usage("watch", _("unknown option"));
	}
	if (rc == EXIT_OK && optind < argc)
		rc = cli_usage("watch", _("unexpected argument '%s'"), argv[optind]);
	if (rc == EXIT_OK && !app_wallet(app))
		rc = EXIT_ENV;
	if (rc == EXIT_OK && wallet_ids(app->wallet, &ids, &n, &err) < 0)
		rc = cli_error(&err);
	for (i = 0; rc == EXIT_OK && i < n; i++)
		if ((c = watch_one(&run, ids[i], &bad)))
			json_array_append_new(changes, c);
	wallet_ids_free(ids);
	if (run.recorded)
		index_sync(app->wallet, NULL);
	json_array_foreach(changes, i, c) {
		if (!app->json)
			printf("%-13s -> %-13s %.12s  %s\n", json_str(c, "from"), json_str(c, "to"),
			       json_str(c, "id"), json_str(c, "name") ? json_str(c, "name") : "");
		if (want_notify)
			notify(json_str(c, "name"), json_str(c, "from"), json_str(c, "to"));
	}
	if (rc == EXIT_OK && app->json)
		cli_print_json(changes);
	else if (rc == EXIT_OK && !app->quiet && !json_array_size(changes))
		printf(_("no changes (%zu badges checked)\n"), n);
	json_decref(changes);
	json_decref(run.reports);
	json_decref(run.vo.recipients);
	if (rc < 0)
		return EXIT_OK;	/* --help */
	return rc != EXIT_OK ? rc : bad ? EXIT_FAIL : EXIT_OK;
}
