/* cmd-list.c — `satchel list`: the collection, sorted and filtered. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/json.h"

struct list_opts {
	const char *sort, *filter, *tag, *verdict;
	int reverse;
};

/* Sort keys: the entry field compared (as strings), by name. */
static const struct { const char *name; const char *field; const char *sub; } sort_keys[] = {
	{ "name", "name", NULL },
	{ "issuer", "issuer", "name" },
	{ "issued", "issued", NULL },
	{ "added", "added_at", NULL },
	{ "verdict", "verdict", NULL },
};

static int sort_index;
static int sort_reverse;

static const char *sort_value(const json_t *e)
{
	const char *sub = sort_keys[sort_index].sub;
	json_t *v = json_object_get(e, sort_keys[sort_index].field);
	const char *s = sub ? json_str(v, sub) : json_string_value(v);

	return s ? s : "";
}

static int entry_cmp(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	int r = strcasecmp(sort_value(x), sort_value(y));

	if (r == 0)	/* stable and total: fall back to the id */
		r = strcmp(json_str(x, "id"), json_str(y, "id"));
	return sort_reverse ? -r : r;
}

static int contains(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

static int matches(const json_t *e, const struct list_opts *o)
{
	json_t *tags = json_object_get(e, "tags"), *t;
	size_t i;

	if (o->tag && !json_has_string(tags, o->tag))
		return 0;
	if (o->verdict && strcmp(json_str(e, "verdict") ? json_str(e, "verdict") : "", o->verdict))
		return 0;
	if (!o->filter)
		return 1;
	if (contains(json_str(e, "name"), o->filter) ||
	    contains(json_str(json_object_get(e, "issuer"), "name"), o->filter) ||
	    contains(json_str(e, "description"), o->filter))
		return 1;
	json_array_foreach(tags, i, t)
		if (contains(json_string_value(t), o->filter))
			return 1;
	return 0;
}

static const char *const summary_keys[] = {
	"id", "format", "encoding", "name", "issuer", "issued", "expires", "tags", "verdict",
	"checked_at",
};

/* The contract's summary object, taken from an index entry. */
static json_t *summary_of(const json_t *e)
{
	json_t *s = json_object(), *issuer = json_object_get(e, "issuer");
	size_t i;

	for (i = 0; i < sizeof(summary_keys) / sizeof(summary_keys[0]); i++) {
		json_t *v = json_object_get(e, summary_keys[i]);

		json_object_set(s, summary_keys[i], v ? v : json_null());
	}
	json_object_set_new(s, "issuer", json_pack("{s:O?, s:O?}", "id",
			    json_object_get(issuer, "id"), "name", json_object_get(issuer, "name")));
	return s;
}

/* Verdict markers readable without colour. */
static const struct { const char *verdict; const char *mark; } marks[] = {
	{ "verified", "✓" }, { "revoked", "R" }, { "suspended", "S" }, { "expired", "E" },
	{ "not-yet-valid", "N" }, { "invalid", "✗" }, { "unknown", "?" }, { "unchecked", "·" },
};

static const char *mark_of(const char *v)
{
	size_t i;

	for (i = 0; v && i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strcmp(marks[i].verdict, v))
			return marks[i].mark;
	return "·";
}

static void print_row(const json_t *e)
{
	const char *issued = json_str(e, "issued"), *name = json_str(e, "name");
	const char *issuer = json_str(json_object_get(e, "issuer"), "name");

	printf("%.10s %s %-10.10s  ", json_str(e, "id"), mark_of(json_str(e, "verdict")),
	       issued ? issued : "");
	cli_print_cell(name ? name : json_str(e, "error") ? _("(unreadable)") : _("(no name)"), 40);
	fputs("  ", stdout);
	cli_print_cell(issuer ? issuer : json_str(json_object_get(e, "issuer"), "id") ?
		       json_str(json_object_get(e, "issuer"), "id") : "", 30);
	fputc('\n', stdout);
}

static int parse_list_opts(int argc, char **argv, struct list_opts *o)
{
	static const struct option longopts[] = {
		{ "sort", required_argument, NULL, 's' }, { "filter", required_argument, NULL, 'f' },
		{ "tag", required_argument, NULL, 't' }, { "verdict", required_argument, NULL, 'v' },
		{ "reverse", no_argument, NULL, 'r' }, { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t i;
	int c;

	while ((c = getopt_long(argc, argv, "s:f:t:rh", longopts, NULL)) != -1) {
		switch (c) {
		case 's': o->sort = optarg; break;
		case 'f': o->filter = optarg; break;
		case 't': o->tag = optarg; break;
		case 'v': o->verdict = optarg; break;
		case 'r': o->reverse = 1; break;
		case 'h': return cli_command_help("list") == 0 ? 1 : -1;
		default: cli_usage("list", _("unknown option")); return -1;
		}
	}
	if (optind < argc) {
		cli_usage("list", _("unexpected argument '%s'"), argv[optind]);
		return -1;
	}
	for (i = 0; i < sizeof(sort_keys) / sizeof(sort_keys[0]); i++)
		if (!strcmp(sort_keys[i].name, o->sort))
			return sort_index = (int)i, 0;
	cli_usage("list", _("unknown sort key '%s' (name, issuer, issued, added, verdict)"), o->sort);
	return -1;
}

int cmd_list(struct app *app, int argc, char **argv)
{
	struct list_opts o = { "name", NULL, NULL, NULL, 0 };
	struct err err = ERR_INIT;
	json_t *entries, *e, *out;
	json_t **rows;
	const char *key;
	size_t n = 0, i;
	int p = parse_list_opts(argc, argv, &o);

	if (p != 0)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	if (!app_wallet(app))
		return EXIT_ENV;
	entries = index_load(app->wallet, &err);
	if (!entries)
		return cli_error(&err);
	rows = calloc(json_object_size(entries) + 1, sizeof(*rows));
	json_object_foreach(entries, key, e)
		if (matches(e, &o))
			rows[n++] = e;
	sort_reverse = o.reverse;
	qsort(rows, n, sizeof(*rows), entry_cmp);
	out = json_array();
	for (i = 0; i < n; i++) {
		if (app->json)
			json_array_append_new(out, summary_of(rows[i]));
		else
			print_row(rows[i]);
	}
	if (app->json)
		cli_print_json(out);
	json_decref(out);
	free(rows);
	json_decref(entries);
	return EXIT_OK;
}
