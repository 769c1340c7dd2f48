/* cmd-image.c — `satchel extract` and `satchel bake`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "satchel/baked.h"
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"

static const char *const gen_names[] = { "?", "ob2", "ob3", "clr" };

static int help_only(const char *name, int argc, char **argv, const char *shortopts,
		     const struct option *longopts, const char **out)
{
	int c;

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == 'o' && out)
			*out = optarg;
		else if (c == 'h')
			return cli_command_help(name) == 0 ? 1 : -1;
		else
			return cli_usage(name, _("unknown option")) ? -1 : -1;
	}
	return 0;
}

int cmd_extract(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	struct baked b = BAKED_INIT;
	struct err err = ERR_INIT;
	struct buf img;
	int p = help_only("extract", argc, argv, "h", longopts, NULL), rc = EXIT_OK;

	if (p)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	if (optind + 1 != argc)
		return cli_usage("extract", _("give exactly one IMAGE"));
	buf_init(&img, CRED_MAX_SOURCE);
	if (file_read(argv[optind], CRED_MAX_SOURCE, &img, &err) < 0 ||
	    baked_extract((uint8_t *)img.s, img.len, &b, &err) < 0) {
		err_prefix(&err, "'%s'", argv[optind]);
		rc = cli_error(&err);
	} else if (app->json) {
		json_t *o = json_pack("{s:s, s:s, s:s%}", "image", b.image == BAKED_PNG ? "png" : "svg",
				      "generation", gen_names[b.gen], "text", b.text, b.len);

		cli_print_json(o);
		json_decref(o);
	} else {
		fwrite(b.text, 1, b.len, stdout);
		if (isatty(STDOUT_FILENO) && b.len && b.text[b.len - 1] != '\n')
			putchar('\n');
	}
	baked_release(&b);
	buf_release(&img);
	return rc;
}

static int bake_to(struct app *app, const char *id, const char *image, const char *outpath)
{
	struct cred c = CRED_INIT;
	struct err err = ERR_INIT;
	struct buf raw, img, out;
	int rc = EXIT_OK;

	buf_init(&raw, WALLET_MAX_OBJECT);
	buf_init(&img, CRED_MAX_SOURCE);
	buf_init(&out, 0);
	if (collection_parse(app->wallet, id, &raw, &c, &err) < 0 ||
	    file_read(image, CRED_MAX_SOURCE, &img, &err) < 0 ||
	    baked_bake((uint8_t *)img.s, img.len, c.format == CRED_OB3 ? BAKED_OB3 : BAKED_OB2,
		       raw.s, raw.len, &out, &err) < 0 ||
	    file_write_atomic(outpath, out.s, out.len, 0644, &err) < 0)
		rc = cli_error(&err);
	else
		cli_note(app, _("baked %.12s into %s"), id, outpath);
	cred_release(&c);
	buf_release(&raw);
	buf_release(&img);
	buf_release(&out);
	return rc;
}

int cmd_bake(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *outpath = NULL;
	char id[WALLET_ID_LEN + 1];
	int p = help_only("bake", argc, argv, "o:h", longopts, &outpath), code;

	if (p)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	if (optind + 2 != argc || !outpath)
		return cli_usage("bake", _("give ID, IMAGE and -o OUT"));
	if (!app_wallet(app))
		return EXIT_ENV;
	if (cli_resolve(app, argv[optind], id, &code) < 0)
		return code;
	return bake_to(app, id, argv[optind + 1], outpath);
}
