/* cmd-pathway.c — `satchel pathway add|list|show|remove|suggest`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/net.h"
#include "satchel/pathway.h"

#define DEF_MAX (4u * 1024 * 1024)

struct pw_opts {
	int accept;		/* suggest --accept N (1-based), 0: none */
	const char *out;	/* suggest --accept N -o FILE */
};

/* The text of a pathway file or URL. */
static int read_source(const char *src, struct buf *b, struct err *err)
{
	struct net_opts no = { 0 };
	struct net_response resp = NET_RESPONSE_INIT;
	int rc;

	if (strncmp(src, "https://", 8) && strncmp(src, "http://", 7))
		return file_read(src, DEF_MAX, b, err);
	no.max_bytes = DEF_MAX;
	rc = net_get(src, &no, &resp, err);
	if (rc == 0 && resp.status != 200)
		rc = err_set(err, ERR_HTTP, "'%s' answered HTTP %ld", src, resp.status);
	if (rc == 0)
		rc = buf_add(b, resp.body.s, resp.body.len, err);
	net_response_release(&resp);
	return rc;
}

static int pw_add(struct app *app, const char *src)
{
	struct pathway p;
	struct err err = ERR_INIT;
	struct buf b;
	json_t *def = NULL;
	int rc = EXIT_OK;

	buf_init(&b, DEF_MAX);
	if (read_source(src, &b, &err) < 0 || pathway_parse(b.s, b.len, &p, &err) < 0) {
		err_prefix(&err, "'%s'", src);
		rc = cli_error(&err);
		buf_release(&b);
		return rc;
	}
	def = pathway_to_json(&p);	/* every form is kept in satchel's own */
	if (collection_pathway_put(app->wallet, def, &err) < 0)
		rc = cli_error(&err);
	else if (!app->quiet)
		cli_printf(_("added the pathway '%s'\n"), p.name);
	json_decref(def);
	pathway_release(&p);
	buf_release(&b);
	return rc;
}

/* The progress of every stored pathway (or one), as JSON. */
static json_t *progress_of(struct app *app, const char *only, struct err *err)
{
	json_t *defs = collection_pathways(app->wallet, err), *holdings, *out;

	holdings = collection_holdings(app->wallet, err);
	out = pathway_progress_all(defs, holdings, only);
	json_decref(holdings);
	json_decref(defs);
	return out;
}

static void bar(int count, int need)
{
	int i, filled = need ? (10 * count) / need : 10;

	for (i = 0; i < 10; i++)
		fputs(i < filled ? "█" : "░", stdout);
	cli_printf(" %d/%d", count, need);
}

static void print_node(const json_t *n, int depth)
{
	const json_t *k;
	size_t i;
	int leaf = !strcmp(json_str(n, "kind"), "leaf");
	const char *mark = json_is_true(json_object_get(n, "met")) ? "✓" :
			   json_array_size(json_object_get(n, "pending")) ? "·" : "✗";

	cli_printf("%*s%s %s", 2 * depth, "", mark, json_str(n, "label"));
	if (!leaf) {
		fputs("  ", stdout);
		bar((int)json_integer_value(json_object_get(n, "count")),
		    (int)json_integer_value(json_object_get(n, "need")));
	} else if (!json_is_true(json_object_get(n, "met")) &&
		   json_array_size(json_object_get(n, "pending"))) {
		fputs(_("  (would count once verified)"), stdout);
	}
	putchar('\n');
	json_array_foreach(json_object_get(n, "requirements"), i, k)
		print_node(k, depth + 1);
}

static void print_progress(const json_t *pr)
{
	const json_t *next = json_object_get(pr, "next"), *x;
	size_t i;

	cli_printf("%s  ", json_str(pr, "name"));
	bar((int)json_integer_value(json_object_get(pr, "met")),
	    (int)json_integer_value(json_object_get(pr, "required")));
	if (json_is_true(json_object_get(pr, "complete")))
		cli_printf("  %s", json_str(pr, "completed_by") ? _("complete (completion badge held)") :
		       _("complete"));
	putchar('\n');
	json_array_foreach(json_object_get(pr, "requirements"), i, x)
		print_node(x, 1);
	json_array_foreach(next, i, x)
		cli_printf(i ? "      %s%s%s\n" : _("Next: %s%s%s\n"), json_str(x, "label"),
		       json_str(x, "criteria") ? "  " : "",
		       json_str(x, "criteria") ? json_str(x, "criteria") : "");
}

static int pw_list_show(struct app *app, const char *name)
{
	struct err err = ERR_INIT;
	json_t *all = progress_of(app, name, &err), *pr;
	size_t i;
	int rc = EXIT_OK;

	if (name && !json_array_size(all)) {
		err_set(&err, ERR_NOTFOUND, "no pathway '%s'", name);
		rc = cli_error(&err);
	} else if (app->json) {
		cli_print_json(name ? json_array_get(all, 0) : all);
	} else {
		json_array_foreach(all, i, pr) {
			if (name) {
				print_progress(pr);
				continue;
			}
			cli_printf("%-40s ", json_str(pr, "name"));
			bar((int)json_integer_value(json_object_get(pr, "met")),
			    (int)json_integer_value(json_object_get(pr, "required")));
			puts(json_is_true(json_object_get(pr, "complete")) ? _("  complete") : "");
		}
	}
	json_decref(all);
	return rc;
}

static int pw_suggest(struct app *app, const struct pw_opts *o)
{
	struct err err = ERR_INIT;
	json_t *holdings = collection_holdings(app->wallet, &err), *sugg, *s;
	size_t i;
	int rc = EXIT_OK;

	sugg = pathway_suggest(holdings);
	if (o->accept) {
		s = json_array_get(sugg, (size_t)o->accept - 1);
		if (!s) {
			rc = cli_usage("pathway", _("no suggestion %d (there are %zu)"), o->accept,
				       json_array_size(sugg));
		} else if (o->out) {
			char *t = json_text(json_object_get(s, "pathway"), JSON_INDENT(2) | JSON_PRESERVE_ORDER);

			if (file_write_atomic(o->out, t, strlen(t), 0644, &err) < 0)
				rc = cli_error(&err);
			free(t);
		} else if (collection_pathway_put(app->wallet, json_object_get(s, "pathway"), &err) < 0) {
			rc = cli_error(&err);
		} else if (!app->quiet) {
			cli_printf(_("added the pathway '%s'\n"), json_str(json_object_get(s, "pathway"), "name"));
		}
	} else if (app->json) {
		cli_print_json(sugg);
	} else {
		json_array_foreach(sugg, i, s)
			cli_printf("%2zu  %-40s %s\n", i + 1, json_str(json_object_get(s, "pathway"), "name"),
			       json_str(s, "reason"));
	}
	json_decref(sugg);
	json_decref(holdings);
	return rc;
}

static int parse_opts(int argc, char **argv, struct pw_opts *o)
{
	static const struct option longopts[] = {
		{ "accept", required_argument, NULL, 'a' }, { "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "a:o:h", longopts, NULL)) != -1) {
		if (c == 'a' && atoi(optarg) > 0)
			o->accept = atoi(optarg);
		else if (c == 'o')
			o->out = optarg;
		else if (c == 'h')
			return cli_command_help("pathway") == 0 ? 1 : -1;
		else
			return cli_usage("pathway", _("bad option")) ? -1 : -1;
	}
	return 0;
}

int cmd_pathway(struct app *app, int argc, char **argv)
{
	struct pw_opts o = { 0, NULL };
	struct err err = ERR_INIT;
	const char *sub, *arg;
	int p = parse_opts(argc, argv, &o);

	if (p)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	sub = optind < argc ? argv[optind] : NULL;
	arg = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (!sub || (!arg && (!strcmp(sub, "add") || !strcmp(sub, "show") || !strcmp(sub, "remove"))))
		return cli_usage("pathway", _("give add FILE|URL, list, show NAME, remove NAME or suggest"));
	if (!app_wallet(app))
		return EXIT_ENV;
	if (!strcmp(sub, "add"))
		return pw_add(app, arg);
	if (!strcmp(sub, "list"))
		return pw_list_show(app, NULL);
	if (!strcmp(sub, "show"))
		return pw_list_show(app, arg);
	if (!strcmp(sub, "suggest"))
		return pw_suggest(app, &o);
	if (!strcmp(sub, "remove"))
		return collection_pathway_remove(app->wallet, arg, &err) < 0 ? cli_error(&err) : EXIT_OK;
	return cli_usage("pathway", _("unknown pathway command '%s'"), sub);
}
