/* cmd-ld.c — `satchel ld nquads|canon`: the JSON-LD and RDFC-1.0
 * plumbing on the command line, so it can be checked against public
 * test suites.  --map-url exists for those suites only: it lets the
 * loader read URLs under a prefix from files; nothing is ever fetched. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/cred.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/jsonld.h"
#include "satchel/nquads.h"
#include "satchel/rdfc.h"
#include "satchel/xalloc.h"

struct ld_opts {
	struct jsonld_opts jo;
	json_t *expand_context;
	enum rdfc_hash hash;
	int map;	/* print the issued identifiers instead */
	int general;	/* canon: never the direct path (to compare the two) */
};

static int set_map(const char *arg, struct err *err)
{
	const char *eq = strchr(arg, '=');
	char *prefix;
	int rc;

	if (!eq || eq == arg || !eq[1])
		return err_set(err, ERR_USAGE, "--map-url wants PREFIX=DIR, not '%s'", arg);
	prefix = xstrndup(arg, (size_t)(eq - arg));
	rc = jsonld_loader_map(prefix, eq + 1, err);
	free(prefix);
	return rc;
}

static int load_json_file(const char *path, json_t **out, struct err *err)
{
	struct buf b;

	buf_init(&b, CRED_MAX_TEXT);
	*out = file_read(path, b.max, &b, err) == 0 ? json_strict_load(b.s, b.len, err) : NULL;
	buf_release(&b);
	return *out ? 0 : err_prefix(err, "'%s'", path);
}

/* One option; 0, or -1 after reporting (usage errors give exit 2). */
static int ld_option(int c, struct ld_opts *o, struct err *err)
{
	switch (c) {
	case 'b': o->jo.base = optarg; return 0;
	case 'e':
		json_decref(o->expand_context);
		if (load_json_file(optarg, &o->expand_context, err) < 0)
			return -1;
		o->jo.expand_context = o->expand_context;
		return 0;
	case 'm': return set_map(optarg, err);
	case 'p':
		if (strcmp(optarg, "json-ld-1.0") && strcmp(optarg, "json-ld-1.1"))
			return err_set(err, ERR_USAGE, "unknown processing mode '%s'", optarg);
		o->jo.processing_mode_10 = !strcmp(optarg, "json-ld-1.0");
		return 0;
	case 'd':
		if (strcmp(optarg, "i18n-datatype") && strcmp(optarg, "compound-literal"))
			return err_set(err, ERR_USAGE, "unknown rdf direction '%s'", optarg);
		o->jo.rdf_direction = !strcmp(optarg, "i18n-datatype") ? JSONLD_DIR_I18N_DATATYPE :
				      JSONLD_DIR_COMPOUND;
		return 0;
	case 's': o->jo.safe = 1; return 0;
	case 'M': o->map = 1; return 0;
	case 'G': o->general = 1; return 0;
	case 'H':
		if (strcmp(optarg, "sha256") && strcmp(optarg, "sha384"))
			return err_set(err, ERR_USAGE, "unknown hash '%s' (sha256, sha384)", optarg);
		o->hash = !strcmp(optarg, "sha384") ? RDFC_SHA384 : RDFC_SHA256;
		return 0;
	default:
		return err_set(err, ERR_USAGE, "unknown option");
	}
}

/* A dataset from a JSON-LD document, or from N-Quads (canon only). */
static int read_dataset(const char *path, const struct ld_opts *o, int allow_nq,
			struct rdf_dataset *ds, struct err *err)
{
	struct buf b;
	json_t *doc;
	int rc;

	buf_init(&b, CRED_MAX_TEXT);
	rc = !strcmp(path, "-") ? fd_read(0, b.max, &b, err) : file_read(path, b.max, &b, err);
	if (rc == 0 && allow_nq && cred_sniff((uint8_t *)b.s, b.len) != KIND_JSON) {
		rc = nquads_parse(b.s, b.len, ds, err);
	} else if (rc == 0) {
		doc = json_strict_load(b.s, b.len, err);
		rc = doc ? jsonld_to_rdf(doc, &o->jo, ds, err) : -1;
		json_decref(doc);
	}
	buf_release(&b);
	return rc < 0 ? err_prefix(err, "'%s'", path) : 0;
}

static int ld_run(const char *sub, const char *path, struct ld_opts *o, struct err *err)
{
	struct rdf_dataset ds = RDF_DATASET_INIT;
	int canon = !strcmp(sub, "canon");
	json_t *issued = NULL;
	struct buf out;
	int rc;

	/* Canonical N-Quads do not depend on the input's blank node labels,
	 * so canon may take the direct path; --map shows those labels. */
	o->jo.any_labels = canon && !o->map && !o->general;
	buf_init(&out, 0);
	rc = read_dataset(path, o, canon, &ds, err);
	if (rc == 0)
		rc = canon ? rdfc_canonicalize(&ds, o->hash, &out, o->map ? &issued : NULL, err) :
		     nquads_serialize(&ds, &out, err);
	if (rc == 0 && issued)
		cli_print_json(issued);	/* {"b0": "c14n0", ...}, labels without "_:" */
	else if (rc == 0)
		fwrite(out.s, 1, out.len, stdout);
	json_decref(issued);
	rdf_dataset_release(&ds);
	buf_release(&out);
	return rc;
}

int cmd_ld(struct app *app, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "expand-context", required_argument, NULL, 'e' },
		{ "map-url", required_argument, NULL, 'm' },
		{ "processing-mode", required_argument, NULL, 'p' },
		{ "rdf-direction", required_argument, NULL, 'd' },
		{ "safe", no_argument, NULL, 's' },
		{ "hash", required_argument, NULL, 'H' },
		{ "map", no_argument, NULL, 'M' },
		{ "general", no_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ld_opts o = { { NULL, NULL, 0, JSONLD_DIR_NONE, 0, 0, 0 }, NULL, RDFC_SHA256, 0, 0 };
	struct err err = ERR_INIT;
	int c, rc = EXIT_OK;

	(void)app;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (c == 'h')
			rc = cli_command_help("ld") == 0 ? -1 : EXIT_USAGE;
		else if (ld_option(c, &o, &err) < 0)
			rc = err.code == ERR_USAGE ? cli_usage("ld", "%s", err.msg) : cli_error(&err);
	}
	if (rc == EXIT_OK && (argc - optind != 2 ||
			      (strcmp(argv[optind], "nquads") && strcmp(argv[optind], "canon"))))
		rc = cli_usage("ld", _("give 'nquads' or 'canon' and one FILE"));
	if (rc == EXIT_OK && ld_run(argv[optind], argv[optind + 1], &o, &err) < 0)
		rc = cli_error(&err);
	json_decref(o.expand_context);
	return rc < 0 ? EXIT_OK : rc;
}
