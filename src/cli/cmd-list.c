/* cmd-list.c — `satchel list`: the collection, sorted and filtered.
 *
 * Works on the index rows (collection.h) without parsing JSON: the sort
 * and filter fields are plain text there, and --json prints the stored
 * summary objects as they are, one per line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"
#include "satchel/xalloc.h"

struct list_opts {
	const char *sort, *filter, *tag, *verdict;
	int reverse;
};

static const struct { const char *name; enum index_field field; } sort_keys[] = {
	{ "name", IX_NAME }, { "issuer", IX_ISSUER }, { "issued", IX_ISSUED },
	{ "added", IX_ADDED }, { "verdict", IX_VERDICT },
};

/* A row with its sort key folded once, not in every comparison. */
struct sorted {
	const struct index_row *row;
	char *key;
};

static int sort_reverse;

static char *fold(const char *s)
{
	char *k = xstrdup(s), *p;

	for (p = k; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return k;
}

static int row_cmp(const void *a, const void *b)
{
	const struct sorted *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	if (r == 0)	/* stable and total: fall back to the id */
		r = strcmp(x->row->id, y->row->id);
	return sort_reverse ? -r : r;
}

static int matches(const struct index_row *r, const struct list_opts *o)
{
	static const enum index_field searched[] = { IX_NAME, IX_ISSUER, IX_DESCRIPTION, IX_TAGS };
	size_t i;

	if (o->tag && !index_row_has_tag(r, o->tag))
		return 0;
	if (o->verdict && strcmp(r->f[IX_VERDICT], o->verdict))
		return 0;
	if (!o->filter)
		return 1;
	for (i = 0; i < sizeof(searched) / sizeof(searched[0]); i++)
		if (strcasestr(r->f[searched[i]], o->filter))
			return 1;
	return 0;
}

/* Verdict markers readable without colour. */
static const struct { const char *verdict; const char *mark; } marks[] = {
	{ "verified", "✓" }, { "revoked", "R" }, { "suspended", "S" }, { "expired", "E" },
	{ "not-yet-valid", "N" }, { "invalid", "✗" }, { "unknown", "?" }, { "unchecked", "·" },
};

static const char *mark_of(const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (!strcmp(marks[i].verdict, v))
			return marks[i].mark;
	return "·";
}

static void print_row(const struct index_row *r)
{
	const char *name = r->f[IX_NAME];

	cli_printf("%.10s %s %-10.10s  ", r->id, mark_of(r->f[IX_VERDICT]), r->f[IX_ISSUED]);
	cli_print_cell(*name ? name : *r->f[IX_ERROR] ? _("(unreadable)") : _("(no name)"), 40);
	fputs("  ", stdout);
	cli_print_cell(r->f[IX_ISSUER], 30);
	fputc('\n', stdout);
}

static int parse_list_opts(int argc, char **argv, struct list_opts *o, enum index_field *field)
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
			return *field = sort_keys[i].field, 0;
	cli_usage("list", _("unknown sort key '%s' (name, issuer, issued, added, verdict)"), o->sort);
	return -1;
}

static void print_rows(const struct app *app, struct sorted *rows, size_t n)
{
	size_t i;

	if (app->json)
		fputs(n ? "[\n" : "[]\n", stdout);
	for (i = 0; i < n; i++) {
		if (app->json) {
			fputs("  ", stdout);
			fputs(rows[i].row->json, stdout);
			fputs(i + 1 < n ? ",\n" : "\n", stdout);
		} else {
			print_row(rows[i].row);
		}
		free(rows[i].key);
	}
	if (app->json && n)
		fputs("]\n", stdout);
}

int cmd_list(struct app *app, int argc, char **argv)
{
	struct list_opts o = { "name", NULL, NULL, NULL, 0 };
	struct err err = ERR_INIT;
	struct wallet_index ix;
	enum index_field field;
	struct sorted *rows;
	size_t n = 0, i;
	int p = parse_list_opts(argc, argv, &o, &field);

	if (p != 0)
		return p > 0 ? EXIT_OK : EXIT_USAGE;
	if (!app_wallet(app))
		return EXIT_ENV;
	if (index_open(app->wallet, &ix, &err) < 0)
		return cli_error(&err);
	rows = xcalloc(ix.n + 1, sizeof(*rows));
	for (i = 0; i < ix.n; i++) {
		if (!matches(&ix.rows[i], &o))
			continue;
		rows[n].row = &ix.rows[i];
		rows[n++].key = fold(ix.rows[i].f[field]);
	}
	sort_reverse = o.reverse;
	qsort(rows, n, sizeof(*rows), row_cmp);
	print_rows(app, rows, n);
	free(rows);
	index_close(&ix);
	return EXIT_OK;
}
