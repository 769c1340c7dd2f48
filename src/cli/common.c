/* common.c — what every command shares: opening the wallet, the
 * passphrase, errors and exit codes, output helpers (include/satchel/cli.h). */
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>
#include "satchel/cli.h"
#include "satchel/codec.h"
#include "satchel/fsutil.h"
#include "satchel/i18n.h"
#include "satchel/json.h"
#include "satchel/keyring.h"
#include "satchel/xalloc.h"

/* Error code -> exit status: environment problems are 3, bad input that
 * is the user's to fix is 2, anything that "did not pass" is 1. */
static const struct { enum err_code code; int exit; } exit_map[] = {
	{ ERR_IO, EXIT_ENV }, { ERR_NET, EXIT_ENV }, { ERR_LOCKED, EXIT_ENV },
	{ ERR_AUTH, EXIT_ENV }, { ERR_NOMEM, EXIT_ENV }, { ERR_CONFIG, EXIT_ENV },
	{ ERR_OFFLINE, EXIT_ENV }, { ERR_USAGE, EXIT_USAGE }, { ERR_AMBIGUOUS, EXIT_USAGE },
};

/* ---- text for people -------------------------------------------------- */

/* Code points printed as '?' (besides C0 controls other than \n and
 * \t).  Badges bring names, URLs and messages of their own, and a control
 * character among them — DEL, C1 — could retitle the learner's terminal,
 * clear it or fake the lines above; a bidirectional override, isolate or
 * mark reorders what follows, and an invisible character (a zero-width
 * space, a word joiner, a byte order mark, tag characters) makes two
 * different names look the same, so that one issuer can pass for
 * another.  Zero-width (non-)joiners and variation selectors stay: words
 * in many scripts and emoji need them. */
static const struct { uint32_t lo, hi; } unsafe_ranges[] = {
	{ 0x007F, 0x009F },	/* DEL, C1 controls */
	{ 0x061C, 0x061C },	/* Arabic letter mark */
	{ 0x200B, 0x200B },	/* zero-width space */
	{ 0x200E, 0x200F },	/* left-to-right, right-to-left marks */
	{ 0x202A, 0x202E },	/* bidi embeddings and overrides */
	{ 0x2060, 0x206F },	/* word joiner, invisible operators, isolates */
	{ 0xFEFF, 0xFEFF },	/* zero-width no-break space, BOM */
	{ 0xE0000, 0xE007F },	/* tag characters */
};

/* Whether the character at s (n bytes left; its length in *len) must not
 * reach a terminal as it is (unsafe_ranges).  A byte that is not UTF-8 is
 * replaced too (*len 1). */
static int unsafe_char(const char *s, size_t n, size_t *len)
{
	uint32_t c;
	size_t i;

	if (!(*len = utf8_char(s, n, &c))) {
		*len = 1;
		return 1;
	}
	if (c < 0x20)
		return c != '\n' && c != '\t';
	if (c < 0x7F)
		return 0;
	for (i = 0; i < sizeof(unsafe_ranges) / sizeof(unsafe_ranges[0]); i++)
		if (c >= unsafe_ranges[i].lo && c <= unsafe_ranges[i].hi)
			return 1;
	return 0;
}

void cli_put_safe(FILE *f, const char *s, size_t n)
{
	size_t i = 0, run, len = 0;

	while (i < n) {
		for (run = i; run < n && !unsafe_char(s + run, n - run, &len); run += len)
			;
		fwrite(s + i, 1, run - i, f);
		if (run == n)
			break;
		fputc('?', f);
		i = run + len;
	}
}

static void vput_safe(FILE *f, const char *fmt, va_list ap)
{
	char small[512], *p = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n >= (int)sizeof(small)) {
		p = xmalloc((size_t)n + 1);
		vsnprintf(p, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	if (n > 0)
		cli_put_safe(f, p, (size_t)n);
	if (p != small)
		free(p);
}

void cli_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput_safe(stdout, fmt, ap);
	va_end(ap);
}

void cli_eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vput_safe(stderr, fmt, ap);
	va_end(ap);
}

int cli_error(const struct err *err)
{
	size_t i;

	cli_eprintf(_("satchel: error: %s\n"), err->msg[0] ? err->msg : err_name(err->code));
	for (i = 0; i < sizeof(exit_map) / sizeof(exit_map[0]); i++)
		if (exit_map[i].code == err->code)
			return exit_map[i].exit;
	return EXIT_FAIL;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fputs(_("satchel: error: "), stderr);
	va_start(ap, fmt);
	vput_safe(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("\nsee 'satchel %s --help'\n"), cmd);
	return EXIT_USAGE;
}

void cli_note(const struct app *app, const char *fmt, ...)
{
	va_list ap;

	if (app->quiet)
		return;
	fputs("satchel: ", stderr);
	va_start(ap, fmt);
	vput_safe(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_print_json(const json_t *v)
{
	/* One string and one write: json_dumpf goes through stdio for every
	 * token, a fifth of printing the reports of a long verify run. */
	char *s = json_text(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	if (s) {
		fputs(s, stdout);
		free(s);
	}
	fputc('\n', stdout);
}

void cli_json_item_start(struct buf *b, size_t index)
{
	buf_adds(b, index ? ",\n  " : "[\n  ", NULL);
}

void cli_print_json_item(const json_t *v, size_t index)
{
	/* Element index of an array printed as cli_print_json would print
	 * it: the same text one level deeper, written in one piece. */
	struct buf b;

	buf_init(&b, 0);
	cli_json_item_start(&b, index);
	if (json_text_add(&b, v, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY, 1) < 0)
		buf_adds(&b, "null", NULL);
	fwrite(b.s, 1, b.len, stdout);
	buf_release(&b);
}

void cli_print_json_end(size_t count)
{
	fputs(count ? "\n]\n" : "[]\n", stdout);
}

static void strip_newline(struct buf *b)
{
	char *nl = memchr(b->s, '\n', b->len);

	if (nl)
		b->len = (size_t)(nl - b->s);
	if (b->len && b->s[b->len - 1] == '\r')
		b->len--;
	b->s[b->len] = '\0';
}

/* Reads a passphrase from the terminal with echo off. */
static int prompt_tty(const char *prompt, struct buf *out, struct err *err)
{
	struct termios old, quiet;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), rc;

	if (fd < 0)
		return err_set(err, ERR_LOCKED, "no terminal to ask for the passphrase");
	if (write(fd, prompt, strlen(prompt)) < 0 || tcgetattr(fd, &old) < 0) {
		close(fd);
		return err_set(err, ERR_LOCKED, "no terminal to ask for the passphrase");
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	rc = fd_read_line(fd, 4096, out, err);
	tcsetattr(fd, TCSAFLUSH, &old);
	if (write(fd, "\n", 1) < 0)
		rc = -1;
	close(fd);
	return rc;
}

static int ask_twice(struct buf *out, struct err *err)
{
	struct buf again;
	int rc;

	if (prompt_tty(_("New wallet passphrase: "), out, err) < 0)
		return -1;
	buf_init(&again, 4096);
	rc = prompt_tty(_("Repeat the passphrase: "), &again, err);
	if (rc == 0 && (again.len != out->len || memcmp(again.s, out->s, out->len) != 0))
		rc = err_set(err, ERR_USAGE, _("the two passphrases differ"));
	buf_release_secure(&again);
	return rc;
}

int app_passphrase(void *ctx, int confirm, struct buf *out, struct err *err)
{
	struct app *app = ctx;
	const char *env = getenv("SATCHEL_PASSPHRASE");

	if (app->passphrase_file) {
		if (file_read(app->passphrase_file, 4096, out, err) < 0)
			return -1;
		strip_newline(out);
		return 0;
	}
	if (env && *env)
		return buf_adds(out, env, err);
	if (!isatty(STDIN_FILENO))
		return err_set(err, ERR_LOCKED, _("no passphrase: give --passphrase-file FILE or set SATCHEL_PASSPHRASE"));
	if (confirm)
		return ask_twice(out, err);
	return prompt_tty(_("Wallet passphrase: "), out, err);
}

struct wallet *app_wallet(struct app *app)
{
	struct wallet_unlock u = { app_passphrase, app, !app->no_keyring && keyring_enabled() };
	struct err err = ERR_INIT;

	if (app->wallet)
		return app->wallet;
	if (!app->wallet_dir)
		app->wallet_dir = wallet_default_dir();
	if (wallet_open(app->wallet_dir, &u, &app->wallet, &err) < 0) {
		cli_error(&err);
		return NULL;
	}
	return app->wallet;
}

int cli_resolve(struct app *app, const char *arg, char id[WALLET_ID_LEN + 1], int *code)
{
	struct err err = ERR_INIT;

	if (wallet_resolve(app->wallet, arg, id, &err) < 0) {
		*code = cli_error(&err);
		return -1;
	}
	return 0;
}

/* The columns character wc (at s, len bytes left) takes when printed:
 * one for what is printed as a space or as '?' (cli_put_safe). */
static int char_width(const char *s, size_t len, wchar_t wc)
{
	size_t k;

	if (wc == '\n' || wc == '\t' || unsafe_char(s, len, &k))
		return 1;
	return wcwidth(wc) < 0 ? 0 : wcwidth(wc);
}

int cli_width(const char *s)
{
	mbstate_t st = { 0 };
	size_t n, len = strlen(s);
	int w = 0, cw;
	wchar_t wc;

	while (len) {
		n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {	/* broken UTF-8: one column a byte */
			memset(&st, 0, sizeof(st));
			n = 1;
			cw = 1;
		} else {
			if (n == 0)
				break;
			cw = char_width(s, len, wc);
		}
		w += cw;
		s += n;
		len -= n;
	}
	return w;
}

void cli_print_cell(const char *s, int width)
{
	mbstate_t st = { 0 };
	size_t n, len = strlen(s);
	int used = 0, cw, full = cli_width(s) <= width;
	wchar_t wc;

	while (len && width > 0) {
		n = mbrtowc(&wc, s, len, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		cw = char_width(s, len, wc);
		/* Leave room for the ellipsis when the text will not fit. */
		if (used + cw > width - (full ? 0 : 1))
			break;
		if (wc == '\n' || wc == '\t')
			fputc(' ', stdout);
		else
			cli_put_safe(stdout, s, n);	/* a control character: '?' */
		used += cw;
		s += n;
		len -= n;
	}
	if (!full && width > 0) {
		fputs("…", stdout);
		used++;
	}
	while (used++ < width)
		fputc(' ', stdout);
}
