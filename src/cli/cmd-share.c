/* cmd-share.c — `satchel share linkedin|link|qr`: shareable links and
 * QR codes, made on this machine (no third-party service). */
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/export.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

extern char **environ;

struct share_opts {
	int post, open;
	const char *png;
};

/* Opens url with xdg-open, when there is one. */
static void open_url(struct app *app, const char *url)
{
	char prog[] = "xdg-open", *arg = xstrdup(url);
	char *argv[] = { prog, arg, NULL };
	pid_t pid;

	if (posix_spawnp(&pid, prog, NULL, NULL, argv, environ) == 0)
		waitpid(pid, NULL, 0);
	else
		cli_note(app, _("cannot start xdg-open; the URL is printed above"));
	free(arg);
}

static int print_url(struct app *app, const char *url, const struct share_opts *o)
{
	if (app->json) {
		json_t *j = json_pack("{s:s}", "url", url);

		cli_print_json(j);
		json_decref(j);
	} else {
		cli_printf("%s\n", url);
	}
	if (o->open)
		open_url(app, url);
	return EXIT_OK;
}

static int share_qr(struct app *app, const char *text, const struct share_opts *o)
{
	struct err err = ERR_INIT;
	struct buf b;
	int rc = EXIT_OK;

	buf_init(&b, 0);
	if (o->png ? export_qr_png(text, &b, &err) < 0 ||
		     file_write_atomic(o->png, b.s, b.len, 0644, &err) < 0 :
		     export_qr_text(text, &b, &err) < 0)
		rc = cli_error(&err);
	else if (!o->png)
		fwrite(b.s, 1, b.len, stdout);
	else if (!app->quiet)
		cli_note(app, _("wrote the QR code of %s to %s"), text, o->png);
	buf_release(&b);
	return rc;
}

/* The details of a stored badge; NULL after reporting (*code set). */
static json_t *details_of(struct app *app, const char *arg, int *code)
{
	char id[WALLET_ID_LEN + 1];

	if (!app_wallet(app)) {
		*code = EXIT_ENV;
		return NULL;
	}
	if (cli_resolve(app, arg, id, code) < 0)
		return NULL;
	return index_entry_build(app->wallet, id, NULL);
}

static int share_badge(struct app *app, const char *what, const char *arg,
		       const struct share_opts *o)
{
	int code = EXIT_OK;
	json_t *d = details_of(app, arg, &code), *settings;
	const char *link;
	char *url = NULL;

	if (!d)
		return code;
	link = export_public_link(d);
	if (!strcmp(what, "linkedin") && !o->post) {
		settings = collection_settings(app->wallet, NULL);
		url = export_linkedin_add(d, settings);
		json_decref(settings);
	} else if (link) {
		url = !strcmp(what, "linkedin") ? export_linkedin_post(link) : xstrdup(link);
	}
	if (!url) {
		cli_eprintf(_("satchel: '%s' has no public verification link: it lives only "
				  "in a file (an embedded-proof credential without an https id)\n"),
			json_str(d, "name") ? json_str(d, "name") : arg);
		code = EXIT_FAIL;
	} else {
		code = !strcmp(what, "qr") ? share_qr(app, url, o) : print_url(app, url, o);
	}
	free(url);
	json_decref(d);
	return code;
}

int cmd_share(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "post", no_argument, NULL, 'p' }, { "open", no_argument, NULL, 'O' },
		{ "png", required_argument, NULL, 'P' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct share_opts o = { 0, 0, NULL };
	const char *what, *arg;
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'p')
			o.post = 1;
		else if (c == 'O')
			o.open = 1;
		else if (c == 'P')
			o.png = optarg;
		else
			return c == 'h' ? cli_command_help("share") : cli_usage("share", _("unknown option"));
	}
	what = optind < argc ? argv[optind] : "";
	arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (!arg || (strcmp(what, "linkedin") && strcmp(what, "link") && strcmp(what, "qr")))
		return cli_usage("share", _("give linkedin ID, link ID or qr ID|URL"));
	if (!strcmp(what, "qr") && (!strncmp(arg, "https://", 8) || !strncmp(arg, "http://", 7)))
		return share_qr(app, arg, &o);
	return share_badge(app, what, arg, &o);
}
