/* cmd-export.c — `satchel export portfolio`: JSON (both generations),
 * Verifiable Presentations, JSON Resume and a self-contained HTML page. */
#include <getopt.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/export.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/pathway.h"
#include "satchel/xalloc.h"

struct ex_opts {
	const char *format, *out, *tag, *pathway, *resume, *challenge, *domain;
	int redact, sign;
	json_t *ids;	/* chosen full ids */
};

/* The stored bytes, details and parsed credential of every chosen badge. */
struct loaded {
	struct portfolio_item *items;
	struct buf *raw;
	struct cred *creds;
	json_t **details;
	size_t n;
};

static void loaded_release(struct loaded *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		buf_release(&l->raw[i]);
		cred_release(&l->creds[i]);
		json_decref(l->details[i]);
	}
	free(l->items);
	free(l->raw);
	free(l->creds);
	free(l->details);
}

static int load(struct app *app, json_t *ids, struct loaded *l)
{
	struct err err = ERR_INIT;
	size_t i, n = json_array_size(ids);

	l->items = xcalloc(n + 1, sizeof(*l->items));
	l->raw = xcalloc(n + 1, sizeof(*l->raw));
	l->creds = xcalloc(n + 1, sizeof(*l->creds));
	l->details = xcalloc(n + 1, sizeof(*l->details));
	l->n = 0;
	for (i = 0; i < n; i++) {
		const char *id = json_string_value(json_array_get(ids, i));

		buf_init(&l->raw[i], WALLET_MAX_OBJECT);
		l->n++;
		if (collection_parse(app->wallet, id, &l->raw[i], &l->creds[i], &err) < 0)
			return cli_error(&err);
		l->details[i] = index_entry_build(app->wallet, id, NULL);
		l->items[i] = (struct portfolio_item){ l->details[i], l->creds[i].doc, l->raw[i].s,
						       l->raw[i].len };
	}
	return EXIT_OK;
}

/* Progress of the stored pathways (all, or the one named); new array. */
static json_t *pathways_progress(struct app *app, const char *only)
{
	json_t *defs = collection_pathways(app->wallet, NULL), *holdings, *out;

	holdings = collection_holdings(app->wallet, NULL);
	out = pathway_progress_all(defs, holdings, only);
	json_decref(holdings);
	json_decref(defs);
	return out;
}

/* Badges of a pathway: those that met it and those pending. */
static void ids_of_node(const json_t *node, json_t *ids)
{
	static const char *const keys[] = { "credentials", "pending" };
	json_t *x;
	size_t i, k;

	for (k = 0; k < 2; k++)
		json_array_foreach(json_object_get(node, keys[k]), i, x)
			if (!json_has_string(ids, json_string_value(x)))
				json_array_append(ids, x);
}

static int choose(struct app *app, struct ex_opts *o, int argc, char **argv, json_t *progress)
{
	char id[WALLET_ID_LEN + 1];
	struct wallet_index ix;
	struct err err = ERR_INIT;
	size_t i;
	int code;

	for (; optind < argc; optind++) {
		if (cli_resolve(app, argv[optind], id, &code) < 0)
			return code;
		json_array_append_new(o->ids, json_string(id));
	}
	if (json_array_size(o->ids))
		return EXIT_OK;
	if (o->pathway) {
		if (!json_array_size(progress)) {
			err_set(&err, ERR_NOTFOUND, "no pathway '%s'", o->pathway);
			return cli_error(&err);
		}
		ids_of_node(json_array_get(json_object_get(json_array_get(progress, 0), "requirements"), 0), o->ids);
		return EXIT_OK;
	}
	if (index_open(app->wallet, &ix, &err) < 0)
		return cli_error(&err);
	for (i = 0; i < ix.n; i++) {
		const char *t = ix.rows[i].f[IX_TAGS], *hit = o->tag ? strstr(t, o->tag) : t;
		size_t len = o->tag ? strlen(o->tag) : 0;

		/* tags are joined by U+001F: a whole tag, not a part of one */
		if (hit && (!o->tag || ((hit == t || hit[-1] == '\x1f') && (hit[len] == '\0' || hit[len] == '\x1f'))))
			json_array_append_new(o->ids, json_string(ix.rows[i].id));
	}
	index_close(&ix);
	return EXIT_OK;
}

static int read_resume(const char *path, json_t **out)
{
	struct err err = ERR_INIT;
	struct buf b;

	*out = NULL;
	if (!path)
		return EXIT_OK;
	buf_init(&b, 4u << 20);
	if (file_read(path, b.max, &b, &err) == 0)
		*out = json_strict_load(b.s, b.len, &err);
	buf_release(&b);
	if (!*out || !json_is_object(*out)) {
		json_decref(*out);
		err_prefix(&err, "'%s'", path);
		return cli_error(&err);
	}
	return EXIT_OK;
}

static int render(struct app *app, struct ex_opts *o, struct loaded *l, json_t *progress,
		  struct buf *out)
{
	struct err err = ERR_INIT;
	json_t *skipped = NULL, *resume = NULL;
	int rc = EXIT_OK;

	if (!strcmp(o->format, "json")) {
		rc = export_portfolio_json(l->items, l->n, progress, o->redact, out, &err);
	} else if (!strcmp(o->format, "vp") && o->sign) {
		EVP_PKEY *key = NULL;
		char *did = NULL;

		rc = collection_holder_key(app->wallet, &key, &did, &err);
		json_t *extra = json_pack("{s:s*, s:s*}", "challenge", o->challenge, "domain", o->domain);

		if (rc == 0)
			rc = export_portfolio_vp_signed(l->items, l->n, progress, key, did, extra, out,
							&skipped, &err);
		json_decref(extra);
		if (rc == 0 && !app->quiet)
			cli_note(app, _("signed by your holder key %s"), did);
		EVP_PKEY_free(key);
		free(did);
	} else if (!strcmp(o->format, "vp")) {
		rc = export_portfolio_vp(l->items, l->n, progress, out, &skipped, &err);
		if (rc == 0 && json_array_size(skipped))
			cli_note(app, _("%zu Open Badges 2.0 badges are not Verifiable Credentials: "
					"left out (use --format json)"), json_array_size(skipped));
	} else if (!strcmp(o->format, "jsonresume")) {
		rc = read_resume(o->resume, &resume);
		if (rc == EXIT_OK)
			rc = export_portfolio_jsonresume(l->items, l->n, resume, out, &err);
	} else {
		rc = export_portfolio_html(l->items, l->n, progress, o->redact, out, &err);
	}
	json_decref(skipped);
	json_decref(resume);
	return rc < 0 ? cli_error(&err) : rc;
}

static int parse(int argc, char **argv, struct ex_opts *o)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' }, { "output", required_argument, NULL, 'o' },
		{ "tag", required_argument, NULL, 't' }, { "pathway", required_argument, NULL, 'p' },
		{ "resume", required_argument, NULL, 'r' }, { "redact", no_argument, NULL, 'R' },
		{ "sign", no_argument, NULL, 'S' }, { "challenge", required_argument, NULL, 'c' },
		{ "domain", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "f:o:t:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f': o->format = optarg; break;
		case 'o': o->out = optarg; break;
		case 't': o->tag = optarg; break;
		case 'p': o->pathway = optarg; break;
		case 'r': o->resume = optarg; break;
		case 'R': o->redact = 1; break;
		case 'S': o->sign = 1; break;
		case 'c': o->challenge = optarg; break;
		case 'd': o->domain = optarg; break;
		case 'h': return cli_command_help("export") == 0 ? 1 : -1;
		default: cli_usage("export", _("unknown option")); return -1;
		}
	}
	if (optind >= argc || strcmp(argv[optind], "portfolio") || !o->format ||
	    (strcmp(o->format, "vp") && strcmp(o->format, "json") && strcmp(o->format, "jsonresume") &&
	     strcmp(o->format, "html"))) {
		cli_usage("export", _("give portfolio and --format vp|json|jsonresume|html"));
		return -1;
	}
	optind++;
	return 0;
}

int cmd_export(struct app *app, int argc, char **argv)
{
	struct ex_opts o = { NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, json_array() };
	struct loaded l = { NULL, NULL, NULL, NULL, 0 };
	struct err err = ERR_INIT;
	json_t *progress = NULL;
	struct buf out;
	int rc = parse(argc, argv, &o);

	buf_init(&out, 0);
	if (rc != 0) {
		rc = rc > 0 ? EXIT_OK : EXIT_USAGE;
	} else if (!app_wallet(app)) {
		rc = EXIT_ENV;
	} else {
		progress = pathways_progress(app, o.pathway);
		rc = choose(app, &o, argc, argv, progress);
		if (rc == EXIT_OK)
			rc = load(app, o.ids, &l);
		if (rc == EXIT_OK)
			rc = render(app, &o, &l, progress, &out);
		if (rc == EXIT_OK && o.out && file_write_atomic(o.out, out.s, out.len, 0644, &err) < 0)
			rc = cli_error(&err);
		else if (rc == EXIT_OK && !o.out)
			fwrite(out.s, 1, out.len, stdout);
	}
	loaded_release(&l);
	json_decref(progress);
	json_decref(o.ids);
	buf_release(&out);
	return rc;
}
