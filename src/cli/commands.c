/* commands.c — the command table and the help texts generated from it. */
#include <stdio.h>
#include <string.h>
#include "satchel/cli.h"
#include "satchel/i18n.h"

/* Keep sorted by name: `satchel --help` lists them in this order. */
const struct cmd cli_commands[] = {
	{ "backup", cmd_backup, N_("FILE [--tag T | --only ID...]"),
	  N_("write the wallet to one file encrypted under a passphrase"),
	  N_("      --tag TAG       only badges tagged TAG\n"
	     "      --only ID...    only these badges\n"
	     "The file holds the credentials, your data about them, linked documents,\n"
	     "pathways and settings -- never keyring secrets -- under scrypt and\n"
	     "AES-256-GCM.  The passphrase comes from --passphrase-file,\n"
	     "SATCHEL_PASSPHRASE or a prompt.  'satchel restore FILE' brings it back.\n") },
	{ "bake", cmd_bake, N_("ID IMAGE -o OUT"),
	  N_("bake a stored credential into a PNG or SVG image"),
	  N_("  -o, --output FILE   where to write the baked image (required)\n"
	     "Any badge already baked into IMAGE is replaced; the image is never compressed.\n") },
	{ "config", cmd_config, N_("list | get KEY | set KEY VALUE | unset KEY"),
	  N_("settings kept in the wallet"),
	  N_("Settings travel with the wallet and its backups.  Known keys:\n"
	     "  linkedin.org.ISSUER-ID   the issuer's LinkedIn organisation id, for\n"
	     "                           'share linkedin' (else the issuer's name is used)\n"
	     "  recipient.NAME           one of your identifiers (email, DID); 'verify'\n"
	     "                           checks that badges were issued to one of them\n") },
	{ "export", cmd_export, N_("portfolio [ID...] [--tag T] [--pathway NAME] --format F [-o FILE] [--redact]"),
	  N_("portfolio files: JSON, Verifiable Presentation, JSON Resume, HTML"),
	  N_("  -f, --format F      json: both badge generations, documented in\n"
	     "                      share/satchel/portfolio.schema.json;\n"
	     "                      vp: W3C Verifiable Presentations (VC 2.0, and VC 1.1 apart;\n"
	     "                      Open Badges 2.0 are not VCs and are left out);\n"
	     "                      jsonresume: the certificates section of JSON Resume;\n"
	     "                      html: one self-contained page\n"
	     "  -t, --tag TAG       the badges tagged TAG (default: all, or the IDs given)\n"
	     "      --pathway NAME  the badges of a pathway, with its progress\n"
	     "      --resume FILE   jsonresume: merge into this resume.json\n"
	     "      --redact        leave your identifiers out where the format allows\n"
	     "      --sign          vp: sign each presentation with your holder key (a did:key\n"
	     "                      kept in the wallet), so a verifier can tell you assembled it\n"
	     "      --challenge C   --sign: the verifier's challenge (and --domain D), signed too\n"
	     "  -o, --output FILE   write to FILE (default: standard output)\n"
	     "Credentials are exported exactly as stored, never re-serialised.\n") },
	{ "extract", cmd_extract, N_("IMAGE"),
	  N_("print the credential baked into a PNG or SVG image"),
	  N_("Prints the exact baked text (JSON, JWS or URL).  With --json: the image type,\n"
	     "the badge generation and the text.\n") },
	{ "fsck", cmd_fsck, "",
	  N_("check every stored object; never deletes anything"),
	  N_("Checks each object's envelope, hash and content, each sidecar, and reports\n"
	     "leftover temporary files.  Exit status 1 when a problem was found.\n") },
	{ "help", cmd_help, N_("[COMMAND]"), N_("show help for satchel or one command"), "" },
	{ "import", cmd_import, N_("[--tag T]... SOURCE..."),
	  N_("import badges from files, folders, URLs or - (stdin)"),
	  N_("  -t, --tag TAG       add TAG to every imported badge (repeatable)\n"
	     "SOURCE is a file (JSON, JWS/JWT, baked PNG or SVG), a folder (searched\n"
	     "recursively), an https URL of a hosted badge, or - for standard input.\n"
	     "Each source is judged on its own; a rejected one changes nothing.\n") },
	{ "init", cmd_init, N_("[--no-encryption] [--samples]"),
	  N_("create a wallet"),
	  N_("      --no-encryption  store credentials unencrypted\n"
	     "      --samples        import the sample badges shipped with satchel\n"
	     "The wallet key is kept in the desktop keyring when one is reachable, and is\n"
	     "always also wrapped by your passphrase, so losing the keyring never loses the\n"
	     "wallet.  The passphrase comes from --passphrase-file, SATCHEL_PASSPHRASE, or\n"
	     "a prompt.\n") },
	{ "ld", cmd_ld, N_("[OPTIONS] nquads|canon FILE"),
	  N_("JSON-LD to N-Quads, and RDFC-1.0 canonical N-Quads"),
	  N_("  nquads FILE                 the RDF dataset of a JSON-LD document, as N-Quads\n"
	     "  canon FILE                  RDFC-1.0 canonical N-Quads of a JSON-LD or N-Quads file\n"
	     "      --base IRI              the document's base IRI (default: none)\n"
	     "      --expand-context FILE   a context applied before the document's own\n"
	     "      --map-url PREFIX=DIR    read URLs under PREFIX from files under DIR\n"
	     "                              (for test suites; nothing is ever fetched)\n"
	     "      --processing-mode json-ld-1.0|json-ld-1.1\n"
	     "      --rdf-direction i18n-datatype|compound-literal\n"
	     "      --safe                  fail instead of dropping undefined terms\n"
	     "      --hash sha256|sha384    the hash of RDFC-1.0 (default sha256)\n"
	     "      --map                   canon: print the issued blank node labels as JSON\n"
	     "      --general               canon: only the general JSON-LD algorithms\n"
	     "Contexts come only from satchel's bundled set (share/contexts).\n") },
	{ "list", cmd_list, N_("[--sort K] [--filter TEXT] [--tag T] [--verdict V]"),
	  N_("list the badges in the wallet"),
	  N_("  -s, --sort KEY      name, issuer, issued or added (default: name)\n"
	     "  -r, --reverse       reverse the order\n"
	     "  -f, --filter TEXT   only badges whose name, issuer, description or tags\n"
	     "                      contain TEXT (case-insensitive)\n"
	     "  -t, --tag TAG       only badges tagged TAG\n"
	     "      --verdict V     only badges whose last verdict is V\n") },
	{ "pathway", cmd_pathway, N_("add FILE|URL | list | show NAME | remove NAME | suggest [--accept N [-o FILE]]"),
	  N_("stackable badges: goals made of badges, with progress"),
	  N_("  add FILE|URL        load a pathway: satchel's format, a Badgr pathway export\n"
	     "                      or a CLR 2.0 credential with associations\n"
	     "  list                every pathway with its progress\n"
	     "  show NAME           the requirement tree: what is met, by which badge, what\n"
	     "                      is missing and what comes next\n"
	     "  remove NAME         forget a pathway\n"
	     "  suggest             groupings satchel infers from your badges, with reasons\n"
	     "  -a, --accept N      save suggestion N as a pathway (with -o FILE: write it\n"
	     "                      to FILE to edit, then 'pathway add FILE')\n"
	     "Only verified badges count; never-checked ones are shown as 'would count once\n"
	     "verified'; revoked, suspended, expired and invalid ones never count.\n"
	     "The format is described in satchel-pathway(5).\n") },
	{ "remove", cmd_remove, N_("ID..."), N_("remove badges from the wallet"),
	  N_("ID is the credential's SHA-256 or a unique prefix of at least 4 digits.\n") },
	{ "restore", cmd_restore, N_("FILE"),
	  N_("bring a backup into the wallet, merging by content"),
	  N_("New badges are added; for badges already there the tags are joined and the\n"
	     "later verification kept; nothing is overwritten silently.  A wrong passphrase\n"
	     "or a damaged file changes nothing.\n") },
	{ "share", cmd_share, N_("linkedin [--post] ID | link ID | qr [--png FILE] ID|URL"),
	  N_("shareable links and QR codes, made on this machine"),
	  N_("  linkedin ID         the LinkedIn add-to-profile URL for the badge (with\n"
	     "                      'config set linkedin.org.ISSUER-ID N' the issuer's page)\n"
	     "      --post          the LinkedIn share URL of the badge's link instead\n"
	     "  link ID             the badge's public verification link, when it has one\n"
	     "  qr ID|URL           a QR code of the link, drawn in the terminal\n"
	     "      --png FILE      write the QR code as a PNG image instead\n"
	     "      --open          open the URL with xdg-open\n") },
	{ "show", cmd_show, N_("[--raw] ID"), N_("show one badge in detail"),
	  N_("      --raw           print the credential's exact original bytes\n") },
	{ "tag", cmd_tag, N_("ID TAG..."), N_("add tags to a badge"), "" },
	{ "tui", cmd_tui, "",
	  N_("open the wallet full-screen (the default on a terminal)"),
	  N_("Keys: ? shows them all; q goes back or quits.  Bindings can be changed with\n"
	     "'bind KEYMAP KEY ACTION' lines in $XDG_CONFIG_HOME/satchel/config.\n") },
	{ "untag", cmd_untag, N_("ID TAG..."), N_("remove tags from a badge"), "" },
	{ "verify", cmd_verify, N_("[--all] [--recipient ID]... [ID|FILE|URL]..."),
	  N_("check badges against their issuers: signatures, revocation, expiry"),
	  N_("  -a, --all           verify every badge in the wallet\n"
	     "  -r, --recipient ID  your email or other identifier, to check that the badge\n"
	     "                      was issued to you (repeatable)\n"
	     "Stored badges keep their last report (see 'satchel show').  A FILE or URL is\n"
	     "checked without importing it.  With --offline nothing is fetched and what\n"
	     "needs the issuer is reported as not checked.  Verdicts: verified, revoked,\n"
	     "suspended, expired, not-yet-valid, invalid, unknown (could not check).\n"
	     "Exit status 0 only when every badge is verified.\n") },
	{ "watch", cmd_watch, N_("[--notify]"),
	  N_("re-verify every badge and report what changed since the last check"),
	  N_("  -n, --notify        also show a desktop notification for each change\n"
	     "Each badge is compared with its last check (by watch or verify).  A change\n"
	     "is one of:\n"
	     "  worse        it became revoked, suspended, expired, invalid or not yet valid\n"
	     "  unreachable  it became unknown: its issuer could not be asked (down,\n"
	     "               or --offline without a cached answer); not held against it\n"
	     "  expiring     it expires within 30 days of now (or --now); told once\n"
	     "  better       it became verified (also on its first check)\n"
	     "With --json: an array of {id, name, from, to, kind, reason, expires,\n"
	     "checked_at}; \"to\" is the new verdict, or \"expiring\".  Exit status 1 only\n"
	     "when a badge got worse.  For cron, quiet unless something changed:\n"
	     "  0 9 * * * satchel watch --notify -q\n") },
};

const size_t cli_ncommands = sizeof(cli_commands) / sizeof(cli_commands[0]);

static const char global_help[] = N_(
	"Global options (before or after the command):\n"
	"      --wallet DIR            the wallet (default $SATCHEL_WALLET, else\n"
	"                              $XDG_DATA_HOME/satchel)\n"
	"      --passphrase-file FILE  read the wallet passphrase from FILE\n"
	"                              (or set SATCHEL_PASSPHRASE)\n"
	"      --no-keyring            do not use the desktop keyring\n"
	"      --offline               never use the network\n"
	"      --now RFC3339           the instant used for date checks\n"
	"      --json                  machine-readable output\n"
	"      --no-color              no colours\n"
	"  -q, --quiet                 fewer messages\n"
	"  -h, --help                  this help; 'satchel COMMAND --help' for one command\n"
	"  -V, --version               the version\n"
	"\n"
	"Exit status: 0 success, 1 something did not pass, 2 usage error,\n"
	"3 environment (wallet missing or locked, i/o, network).\n");

static void print_overview(void)
{
	size_t i;

	printf(_("usage: satchel [OPTIONS] COMMAND [ARGS]\n\n"
		 "satchel keeps your digital badges (Open Badges 2.0 and 3.0) in a wallet on\n"
		 "your own disk, encrypted, and checks and shares them.\n\nCommands:\n"));
	for (i = 0; i < cli_ncommands; i++)
		printf("  %-9s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
	printf("\n%s", _(global_help));
}

int cli_command_help(const char *name)
{
	size_t i;

	for (i = 0; i < cli_ncommands; i++) {
		const struct cmd *c = &cli_commands[i];

		if (strcmp(c->name, name) != 0)
			continue;
		/* _("") would return the catalogue header: never translate an empty string. */
		printf(_("usage: satchel %s %s\n\n%s\n"), c->name, c->args[0] ? _(c->args) : "",
		       _(c->summary));
		if (c->help[0])
			printf("\n%s", _(c->help));
		return EXIT_OK;
	}
	fprintf(stderr, _("satchel: error: no command '%s'\n"), name);
	return EXIT_USAGE;
}

int cmd_help(struct app *app, int argc, char **argv)
{
	(void)app;
	if (argc > 1 && strcmp(argv[1], "--help") && strcmp(argv[1], "-h"))
		return cli_command_help(argv[1]);
	print_overview();
	return EXIT_OK;
}
