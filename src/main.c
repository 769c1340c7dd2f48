/* main.c — satchel's entry: locale, global options, then one command.
 *
 * Global options may stand before or after the command (DESIGN.md), so
 * they are taken out of argv first; what remains is the command and its
 * own options, which each cmd_*() parses with getopt_long.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "satchel/cli.h"
#include "satchel/i18n.h"
#include "satchel/jsonpool.h"
#include "satchel/timeutil.h"
#include "satchel/tui.h"
#include "satchel/xalloc.h"

/* A global option and whether it takes a value. */
struct gopt {
	const char *name;
	int has_arg;
	int (*apply)(struct app *app, const char *val);
};

static int g_wallet(struct app *a, const char *v) { free(a->wallet_dir); a->wallet_dir = xstrdup(v); return 0; }
static int g_passfile(struct app *a, const char *v) { a->passphrase_file = v; return 0; }
static int g_json(struct app *a, const char *v) { (void)v; a->json = 1; return 0; }
static int g_quiet(struct app *a, const char *v) { (void)v; a->quiet = 1; return 0; }
static int g_offline(struct app *a, const char *v) { (void)v; a->offline = 1; return 0; }
static int g_nocolor(struct app *a, const char *v) { (void)v; a->no_color = 1; return 0; }
static int g_nokeyring(struct app *a, const char *v) { (void)v; a->no_keyring = 1; return 0; }

static int g_now(struct app *a, const char *v)
{
	int64_t t;

	if (time_parse(v, &t, NULL) < 0) {
		fprintf(stderr, _("satchel: error: --now wants an RFC 3339 date-time, not '%s'\n"), v);
		return -1;
	}
	a->now = v;
	setenv("SATCHEL_NOW", v, 1);	/* time_now() reads it, at every layer */
	return 0;
}

static const struct gopt gopts[] = {
	{ "--json", 0, g_json },
	{ "--no-color", 0, g_nocolor },
	{ "--no-keyring", 0, g_nokeyring },
	{ "--now", 1, g_now },
	{ "--offline", 0, g_offline },
	{ "--passphrase-file", 1, g_passfile },
	{ "--quiet", 0, g_quiet },
	{ "--wallet", 1, g_wallet },
	{ "-q", 0, g_quiet },
};

/* Matches "--name", "--name=value" or "--name value"; returns how many
 * argv entries it used (0: not a global option, -1: error). */
static int take_global(struct app *app, int argc, char **argv, int i)
{
	size_t k, n;

	for (k = 0; k < sizeof(gopts) / sizeof(gopts[0]); k++) {
		n = strlen(gopts[k].name);
		if (strncmp(argv[i], gopts[k].name, n) != 0)
			continue;
		if (argv[i][n] == '=' && gopts[k].has_arg)
			return gopts[k].apply(app, argv[i] + n + 1) < 0 ? -1 : 1;
		if (argv[i][n] != '\0')
			continue;
		if (!gopts[k].has_arg)
			return gopts[k].apply(app, NULL) < 0 ? -1 : 1;
		if (i + 1 >= argc) {
			fprintf(stderr, _("satchel: error: option '%s' needs a value\n"), argv[i]);
			return -1;
		}
		return gopts[k].apply(app, argv[i + 1]) < 0 ? -1 : 2;
	}
	return 0;
}

/* Removes global options from argv in place; returns the new argc or -1. */
static int strip_globals(struct app *app, int argc, char **argv)
{
	int i = 1, out = 1, used;

	while (i < argc) {
		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		used = take_global(app, argc, argv, i);
		if (used < 0)
			return -1;
		if (used == 0)
			argv[out++] = argv[i++];
		i += used;
	}
	argv[out] = NULL;
	return out;
}

static const struct cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < cli_ncommands; i++)
		if (!strcmp(cli_commands[i].name, name))
			return &cli_commands[i];
	return NULL;
}

static int run(struct app *app, int argc, char **argv)
{
	const struct cmd *c;

	if (argc < 2 && tui_wanted()) {	/* DESIGN.md: no command on a terminal */
		optind = 0;
		return cmd_tui(app, argc, argv);
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(app, argc > 1 ? argc - 1 : 1, argv + (argc > 1));
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("satchel %s\n", SATCHEL_VERSION);
		return EXIT_OK;
	}
	c = find_cmd(argv[1]);
	if (!c) {
		fprintf(stderr, _("satchel: error: '%s' is not a satchel command; see 'satchel --help'\n"),
			argv[1]);
		return EXIT_USAGE;
	}
	optind = 0;	/* each command runs getopt_long afresh */
	return c->fn(app, argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	struct app app = { 0 };
	int rc;

	json_pool_install();	/* before any jansson call: see jsonpool.h */
	setlocale(LC_ALL, "");
	i18n_init();
	argc = strip_globals(&app, argc, argv);
	if (argc < 0)
		return EXIT_USAGE;
	rc = run(&app, argc, argv);
	wallet_close(app.wallet);
	free(app.wallet_dir);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror(_("satchel: error: write failure on standard output"));
		return EXIT_ENV;
	}
	return rc;
}
