/* cmd-verify.c — `satchel verify`: stored badges, files and URLs.
 *
 * Stored badges get their report saved in the sidecar (the list shows
 * the verdict and when it was checked); files and URLs are checked
 * without importing them.  Exit 0 only when every target is verified. */
#include <errno.h>
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
	size_t printed;		/* --json: reports printed (as they come) */
	int all_verified;
	int recorded;		/* stored reports written: the index needs a sync */
};

static const char *const outcome_marks[] = { "pass", "FAIL", "warn", "skip" };

static void print_report(const json_t *rep, const char *name)
{
	json_t *c;
	size_t i;

	cli_printf("%-13s %.12s  %s  (%s)\n", json_str(rep, "verdict"),
	       json_str(rep, "id") ? json_str(rep, "id") : "-", name ? name : "",
	       json_str(rep, "target"));
	json_array_foreach(json_object_get(rep, "checks"), i, c) {
		const char *o = json_str(c, "outcome");
		size_t k = !strcmp(o, "pass") ? 0 : !strcmp(o, "fail") ? 1 : !strcmp(o, "warn") ? 2 : 3;

		cli_printf("    %-4s %-12s %s\n", outcome_marks[k], json_str(c, "check"),
		       json_str(c, "message"));
	}
}

/* Prints or collects one report; takes ownership of rep. */
static void finish(struct run *run, json_t *rep, const char *name)
{
	if (strcmp(json_str(rep, "verdict"), "verified") != 0)
		run->all_verified = 0;
	if (run->app->json)
		cli_print_json_item(rep, run->printed++);
	else if (!run->app->quiet)
		print_report(rep, name);
	else
		cli_printf("%-13s %s\n", json_str(rep, "verdict"), json_str(rep, "target"));
	json_decref(rep);
}

/* finish for --json, written straight from r: making the report object
 * only to print it cost 25,000 instructions a credential (callgrind),
 * a tenth of what verifying one takes besides the signature and the
 * canonical form. */
static void finish_json(struct run *run, const struct report *r, const char *target)
{
	struct buf b;

	if (strcmp(report_verdict(r), "verified") != 0)
		run->all_verified = 0;
	buf_init(&b, 0);
	buf_reserve(&b, 4096, NULL);	/* a report's size: no regrowing */
	cli_json_item_start(&b, run->printed++);
	report_json_add(r, target, NULL, time_now(), &b, 2, 1);
	fwrite(b.s, 1, b.len, stdout);
	buf_release(&b);
}

/* Verdicts that need the learner's attention, and the effect of the
 * failing check that gives each (report.c's precedence decides which
 * verdict a report gets; this only finds the check behind it). */
static const struct {
	const char *verdict;
	enum check_effect effect;
} bad_verdicts[] = {
	{ "revoked", EFFECT_REVOKED },
	{ "suspended", EFFECT_SUSPENDED },
	{ "invalid", EFFECT_INVALID },
	{ "expired", EFFECT_EXPIRED },
	{ "not-yet-valid", EFFECT_NOT_YET_VALID },
};

/* The effect behind a bad verdict; EFFECT_NONE for the others. */
static enum check_effect bad_effect(const char *verdict)
{
	size_t k;

	for (k = 0; k < sizeof(bad_verdicts) / sizeof(bad_verdicts[0]); k++)
		if (!strcmp(bad_verdicts[k].verdict, verdict))
			return bad_verdicts[k].effect;
	return EFFECT_NONE;
}

static int is_bad(const char *verdict)
{
	return bad_effect(verdict) != EFFECT_NONE;
}

/* The message of the check that gave r its verdict: the first failure
 * with the verdict's effect, for "unknown" the first check that could
 * not be completed; NULL for "verified".  Borrowed from r. */
static const char *verdict_reason(const struct report *r, const char *verdict)
{
	enum check_effect want = bad_effect(verdict);
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct check *c = &r->checks[i];

		if (want != EFFECT_NONE ? c->outcome == CHECK_FAIL && c->effect == want : c->incomplete)
			return c->message;
	}
	return NULL;
}

/* Verifies a stored badge and records the report.  Without out the
 * report is printed; with it, *out receives a new reference to the report
 * and *why (when not NULL) a copy of what made its verdict, or NULL. */
static int check_stored(struct run *run, const char *target, const char *id, json_t **out,
			char **why)
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
	/* Display documents first: the report's sidecar change then makes
	 * the index entry be rebuilt with them.  Not keeping them only
	 * costs the name, so it is a note, not a failed verification. */
	if (collection_keep_linked(run->app->wallet, r.linked, &err) < 0) {
		cli_note(run->app, _("could not keep the BadgeClass for display: %s"), err.msg);
		err_clear(&err);
	}
	if (collection_record_report(run->app->wallet, id, rep, &err) < 0)
		rc = cli_error(&err);
	run->recorded = 1;
	if (out) {
		const char *reason = verdict_reason(&r, json_str(rep, "verdict"));

		*out = rep;
		if (why)
			*why = reason ? xstrdup(reason) : NULL;
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
	return check_stored(run, target, id, NULL, NULL);
}

/* Prints the report of a badge from outside the wallet (not recorded). */
static void finish_outside(struct run *run, const struct report *r, const char *target)
{
	if (run->app->json)
		finish_json(run, r, target);
	else
		finish(run, report_json(r, target, NULL, time_now()), NULL);
}

/* Verifies the badge at URL target, or else the file target when it is a
 * regular file; returns 1 (nothing done) when it is not one. */
static int verify_outside(struct run *run, const char *target, int is_url)
{
	struct report r = REPORT_INIT;
	struct err err = ERR_INIT;
	struct buf data, text;
	int rc = 0;

	buf_init(&data, CRED_MAX_SOURCE);
	buf_init(&text, CRED_MAX_TEXT);
	if (is_url)
		verify_url(target, &run->vo, &r, &text, NULL);
	else if ((rc = file_read_regular(target, CRED_MAX_SOURCE, &data, &err)) < 0)
		report_add(&r, "read", CHECK_FAIL, EFFECT_INVALID, "%s", err.msg);
	else if (rc == 0)
		verify_source((uint8_t *)data.s, data.len, &run->vo, &r, &text, NULL);
	if (rc <= 0)
		finish_outside(run, &r, target);
	report_release(&r);
	buf_release(&data);
	buf_release(&text);
	return rc > 0;
}

/* A target that is neither a URL, a regular file nor an ID (IDs are hex
 * digits): a mistyped path, a directory, a device.  Its report says which,
 * instead of the wallet being opened to look up a name it cannot hold,
 * and the other targets are still verified. */
static int verify_not_file(struct run *run, const char *target)
{
	struct report r = REPORT_INIT;
	struct stat st;

	if (stat(target, &st) < 0)
		report_add(&r, "read", CHECK_FAIL, EFFECT_INVALID,
			   errno == ENOENT || errno == ENOTDIR ? N_("no such file '%s'") :
			   N_("cannot read '%s'"), target);
	else
		report_add(&r, "read", CHECK_FAIL, EFFECT_INVALID,
			   S_ISDIR(st.st_mode) ? N_("'%s' is a directory, not a badge") :
			   N_("'%s' is not a regular file"), target);
	finish_outside(run, &r, target);
	report_release(&r);
	return 0;
}

/* Whether s could be a badge's ID or a prefix of one. */
static int could_be_id(const char *s)
{
	size_t n = strlen(s);

	return n >= WALLET_MIN_PREFIX && n <= WALLET_ID_LEN &&
	       strspn(s, "0123456789abcdefABCDEF") == n;
}

static int is_url(const char *s)
{
	return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7);
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
	/* A file by that name comes first, opened without a stat before. */
	if (verify_outside(run, arg, 0) == 0)
		return 0;
	if (!could_be_id(arg))
		return verify_not_file(run, arg);
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

/* Without --recipient, the learner's own identifiers from the wallet's
 * settings (config set recipient.NAME VALUE) are what badges are checked
 * against -- when there is a wallet (files can be verified without one). */
static void configured_recipients(struct run *run)
{
	char *conf;
	json_t *settings, *v;
	const char *k;

	if (json_array_size(run->vo.recipients))
		return;
	if (!run->app->wallet_dir)
		run->app->wallet_dir = wallet_default_dir();
	conf = path_join(run->app->wallet_dir, "wallet.json");
	if (path_exists(conf) && app_wallet(run->app)) {
		settings = collection_settings(run->app->wallet, NULL);
		json_object_foreach(settings, k, v)
			if (!strncmp(k, "recipient.", 10) && json_is_string(v))
				json_array_append(run->vo.recipients, v);
		json_decref(settings);
	}
	free(conf);
}

int cmd_verify(struct app *app, int argc, char **argv)
{
	struct run run = { app, { app->offline, 0, json_array() }, 0, 1, 0 };
	int all = 0, i, rc = EXIT_OK, p = parse_opts(argc, argv, &run, &all);

	if (p == 0)
		configured_recipients(&run);
	if (p == 0 && all && !app_wallet(app))
		rc = EXIT_ENV;
	else if (p == 0 && all)
		rc = verify_all(&run);
	for (i = optind; p == 0 && rc == EXIT_OK && i < argc; i++)
		rc = verify_target(&run, argv[i]);
	if (run.recorded)
		index_sync(app->wallet, NULL);
	if (p == 0 && app->json)
		cli_print_json_end(run.printed);
	json_decref(run.vo.recipients);
	if (p != 0)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	return rc != EXIT_OK ? rc : run.all_verified ? EXIT_OK : EXIT_FAIL;
}

/* ---- watch ----------------------------------------------------------- */

/* A badge is announced as "expiring" once, by the first check within this
 * many days of its expiry. */
#define WATCH_EXPIRING_DAYS	30
#define DAY_SECONDS		INT64_C(86400)

/* One run of watch. */
struct watch {
	struct run run;
	json_t *changes;	/* the change objects, in wallet order */
	int worse;		/* a badge turned to a bad verdict: exit 1 */
	int64_t now;
};

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

/* Only a bad verdict is "worse".  A badge turning "unknown" is told as
 * "unreachable": its issuer could not be asked (down, offline without a
 * cached answer), which says nothing against the badge, so it does not
 * fail the run; its stored verdict is "unknown" until the next answer. */
static const char *change_kind(const char *to)
{
	if (is_bad(to))
		return "worse";
	if (!strcmp(to, "unknown"))
		return "unreachable";
	if (!strcmp(to, "expiring"))
		return "expiring";
	return "better";
}

/* Appends {id, name, from, to, kind, reason, expires, checked_at}; the
 * summary entry gives name and expires, why may be NULL. */
static void watch_add(struct watch *w, const json_t *rep, const json_t *entry, const char *from,
		      const char *to, const char *why)
{
	const char *kind = change_kind(to);

	json_array_append_new(w->changes, json_pack("{s:O, s:O?, s:s, s:s, s:s, s:s?, s:O?, s:O}",
		"id", json_object_get(rep, "id"), "name", json_object_get(entry, "name"),
		"from", from, "to", to, "kind", kind, "reason", why,
		"expires", json_object_get(entry, "expires"),
		"checked_at", json_object_get(rep, "checked_at")));
	if (!strcmp(kind, "worse"))
		w->worse = 1;
}

/* Announces a badge whose expiry is at most WATCH_EXPIRING_DAYS away,
 * unless its previous check already fell within that window (and so
 * announced it): like the verdict, this compares with the last check of
 * the badge.  A badge with a bad verdict needs no reminder. */
static void watch_expiring(struct watch *w, const json_t *rep, const json_t *entry,
			   const char *prev_check)
{
	const char *verdict = json_str(rep, "verdict"), *expires = json_str(entry, "expires");
	int64_t at, opens, prev;
	char *why;

	if (!expires || is_bad(verdict) || time_parse(expires, &at, NULL) < 0)
		return;
	opens = at - WATCH_EXPIRING_DAYS * DAY_SECONDS;
	if (w->now < opens || w->now >= at)
		return;
	if (prev_check && time_parse(prev_check, &prev, NULL) == 0 && prev >= opens)
		return;
	why = xasprintf(_("expires on %s, in %lld days"), expires,
			(long long)((at - w->now + DAY_SECONDS - 1) / DAY_SECONDS));
	watch_add(w, rep, entry, verdict, "expiring", why);
	free(why);
}

/* Re-verifies one stored badge and notes what changed since its last check. */
static int watch_one(struct watch *w, const char *id)
{
	json_t *meta = NULL, *rep = NULL, *entry;
	const char *before, *after;
	char *why = NULL;
	int rc;

	wallet_meta_get(w->run.app->wallet, id, &meta, NULL);
	before = json_str(meta, "verdict") ? json_str(meta, "verdict") : "unchecked";
	rc = check_stored(&w->run, id, id, &rep, &why);
	if (rc == EXIT_OK) {
		entry = index_entry_build(w->run.app->wallet, id, NULL);
		after = json_str(rep, "verdict");
		if (strcmp(before, after) != 0)
			watch_add(w, rep, entry, before, after, why);
		watch_expiring(w, rep, entry, json_str(meta, "checked_at"));
		json_decref(entry);
	}
	free(why);
	json_decref(rep);
	json_decref(meta);
	return rc;
}

static void watch_print(const struct watch *w, size_t checked, int want_notify)
{
	const struct app *app = w->run.app;
	json_t *c;
	size_t i;

	json_array_foreach(w->changes, i, c) {
		const char *name = json_str(c, "name"), *why = json_str(c, "reason");

		if (!app->json) {
			cli_printf("%-11s %s -> %s  %.12s  %s\n", json_str(c, "kind"), json_str(c, "from"),
			       json_str(c, "to"), json_str(c, "id"), name ? name : "");
			if (why)
				cli_printf("            %s\n", why);
		}
		if (want_notify)
			notify(name, json_str(c, "from"), json_str(c, "to"));
	}
	if (app->json)
		cli_print_json(w->changes);
	else if (!app->quiet && !json_array_size(w->changes))
		cli_printf(_("no changes (%zu badges checked)\n"), checked);
}

/* EXIT_OK to go on, -1 after --help, else the exit status. */
static int watch_opts(int argc, char **argv, int *want_notify)
{
	static const struct option longopts[] = {
		{ "notify", no_argument, NULL, 'n' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt;

	while ((opt = getopt_long(argc, argv, "nh", longopts, NULL)) != -1) {
		if (opt == 'n')
			*want_notify = 1;
		else if (opt == 'h') {
			cli_command_help("watch");
			return -1;
		} else
			return cli_usage("watch", _("unknown option"));
	}
	if (optind < argc)
		return cli_usage("watch", _("unexpected argument '%s'"), argv[optind]);
	return EXIT_OK;
}

int cmd_watch(struct app *app, int argc, char **argv)
{
	struct watch w = { { app, { app->offline, 0, json_array() }, 0, 1, 0 },
			   json_array(), 0, time_now() };
	struct err err = ERR_INIT;
	char **ids = NULL;
	size_t n = 0, i;
	int want_notify = 0, rc = watch_opts(argc, argv, &want_notify);

	if (rc == EXIT_OK && app_wallet(app))
		configured_recipients(&w.run);
	if (rc == EXIT_OK && !app_wallet(app))
		rc = EXIT_ENV;
	if (rc == EXIT_OK && wallet_ids(app->wallet, &ids, &n, &err) < 0)
		rc = cli_error(&err);
	for (i = 0; rc == EXIT_OK && i < n; i++)
		rc = watch_one(&w, ids[i]);
	wallet_ids_free(ids);
	if (w.run.recorded)
		index_sync(app->wallet, NULL);
	/* after a failure too: the changes already recorded are not seen again */
	if (rc == EXIT_OK || (rc > 0 && json_array_size(w.changes)))
		watch_print(&w, n, want_notify);
	json_decref(w.changes);
	json_decref(w.run.vo.recipients);
	if (rc < 0)
		return EXIT_OK;	/* --help */
	return rc != EXIT_OK ? rc : w.worse ? EXIT_FAIL : EXIT_OK;
}
