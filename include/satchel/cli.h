/* cli.h — the command-line face: global options, the command table, and
 * helpers shared by the cmd-*.c files.  Nothing below cli/ prints; cli/
 * decides how results and errors look (text or --json) and which exit
 * status they make (DESIGN.md: 0 ok, 1 something did not pass, 2 usage,
 * 3 environment).
 */
#ifndef SATCHEL_CLI_H
#define SATCHEL_CLI_H

#include <stdio.h>
#include <jansson.h>
#include "satchel/buf.h"
#include "satchel/err.h"
#include "satchel/wallet.h"

enum exit_code { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2, EXIT_ENV = 3 };

struct app {
	char *wallet_dir;		/* owned */
	const char *passphrase_file;
	int json, quiet, offline, no_color, no_keyring;
	const char *now;
	struct wallet *wallet;		/* opened on demand by app_wallet() */
};

typedef int cmd_fn(struct app *app, int argc, char **argv);

struct cmd {
	const char *name;
	cmd_fn *fn;
	const char *args;	/* synopsis after the name */
	const char *summary;	/* N_() marked; one line for `satchel --help` */
	const char *help;	/* N_() marked; the options, for `satchel CMD --help` */
};

/* The command table (sorted by name) and its length. */
extern const struct cmd cli_commands[];
extern const size_t cli_ncommands;

int cmd_backup(struct app *app, int argc, char **argv);
int cmd_bake(struct app *app, int argc, char **argv);
int cmd_config(struct app *app, int argc, char **argv);
int cmd_export(struct app *app, int argc, char **argv);
int cmd_extract(struct app *app, int argc, char **argv);
int cmd_fsck(struct app *app, int argc, char **argv);
int cmd_help(struct app *app, int argc, char **argv);
int cmd_import(struct app *app, int argc, char **argv);
int cmd_init(struct app *app, int argc, char **argv);
int cmd_ld(struct app *app, int argc, char **argv);
int cmd_list(struct app *app, int argc, char **argv);
int cmd_pathway(struct app *app, int argc, char **argv);
int cmd_remove(struct app *app, int argc, char **argv);
int cmd_restore(struct app *app, int argc, char **argv);
int cmd_share(struct app *app, int argc, char **argv);
int cmd_show(struct app *app, int argc, char **argv);
int cmd_tag(struct app *app, int argc, char **argv);
int cmd_tui(struct app *app, int argc, char **argv);
int cmd_untag(struct app *app, int argc, char **argv);
int cmd_verify(struct app *app, int argc, char **argv);
int cmd_watch(struct app *app, int argc, char **argv);

/* Opens the wallet (once) with keyring and passphrase; on failure prints
 * the error and returns NULL (the caller returns EXIT_ENV). */
struct wallet *app_wallet(struct app *app);
/* The passphrase callback for wallet_init/wallet_open. */
int app_passphrase(void *ctx, int confirm, struct buf *out, struct err *err);

/* Text for people, with what came from outside in it: like fwrite and
 * printf, except that control characters other than \n and \t (C0, DEL,
 * C1), bidirectional overrides and isolates, and bytes that are not UTF-8
 * are written as '?', so that a badge cannot drive the terminal.  Data
 * (JSON, exports, raw bytes asked for) is written as it is. */
void cli_put_safe(FILE *f, const char *s, size_t n);
void cli_printf(const char *fmt, ...) PRINTF_LIKE(1, 2);
void cli_eprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);

/* Prints "satchel: error: <msg>" on stderr; returns the exit code that
 * fits the error code. */
int cli_error(const struct err *err);
/* Prints a usage error for a command and returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Prints "satchel: <msg>" unless --quiet. */
void cli_note(const struct app *app, const char *fmt, ...) PRINTF_LIKE(2, 3);
/* Writes v as indented JSON to stdout with a newline. */
void cli_print_json(const json_t *v);
/* An array printed one element at a time, as cli_print_json prints the
 * whole: call cli_print_json_item for elements 0, 1, ... as they come,
 * then cli_print_json_end with their count (0 prints "[]"). */
void cli_print_json_item(const json_t *v, size_t index);
/* What goes before element index's text (one level deep, indent 2), for
 * a command that writes the element itself (report_json_add). */
void cli_json_item_start(struct buf *b, size_t index);
void cli_print_json_end(size_t count);
/* Prints the --help text of one command; returns EXIT_OK. */
int cli_command_help(const char *name);
/* Resolves an ID argument; prints the error and returns -1 on failure,
 * with *code set to the exit status to use. */
int cli_resolve(struct app *app, const char *arg, char id[WALLET_ID_LEN + 1], int *code);
/* The display width of UTF-8 text in terminal columns. */
int cli_width(const char *s);
/* Prints s padded or cut (at a character boundary, with "…") to width. */
void cli_print_cell(const char *s, int width);

#endif
