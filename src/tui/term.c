/* term.c — the terminal: curses on and off, signals, keys, resize.
 *
 * The terminal is given back on every way out: term_end() at the end of
 * the loop and from atexit(); termination signals only write to a
 * self-pipe, so the loop ends normally and restores the screen; fatal
 * signals (and the allocator's fatal hook) write the reset sequences
 * captured at start and restore the saved termios with async-signal-safe
 * calls before the default action runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "tui-int.h"
#include "satchel/xalloc.h"

static int active;
static SCREEN *screen;
static FILE *null_out;
static int sig_pipe[2] = { -1, -1 };
static struct termios saved_tio;
static int have_tio;
static char reset_seq[256];
static size_t reset_len;
static int mouse_on;

static const int fatal_sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
static struct sigaction old_fatal[sizeof(fatal_sigs) / sizeof(fatal_sigs[0])];

static void on_signal(int sig)
{
	unsigned char c = (unsigned char)sig;
	int saved = errno;

	if (write(sig_pipe[1], &c, 1) < 0) {
		/* the pipe is full: enough is pending to wake the loop */
	}
	errno = saved;
}

static void emergency_restore(void)
{
	if (!active)
		return;
	active = 0;
	if (reset_len && write(STDOUT_FILENO, reset_seq, reset_len) < 0) {
		/* nothing more can be done */
	}
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
}

static void on_fatal(int sig)
{
	size_t i;

	emergency_restore();
	for (i = 0; i < sizeof(fatal_sigs) / sizeof(fatal_sigs[0]); i++)
		if (fatal_sigs[i] == sig)
			sigaction(sig, &old_fatal[i], NULL);
	raise(sig);
}

static void add_reset(const char *cap)
{
	const char *s = tigetstr(cap);
	size_t n;

	if (!s || s == (char *)-1)
		return;
	n = strlen(s);
	if (reset_len + n < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, s, n);
		reset_len += n;
	}
}

static void capture_reset(void)
{
	static const char mouse_off[] = "\033[?1006l\033[?1002l\033[?1000l";

	reset_len = 0;
	add_reset("sgr0");
	add_reset("cnorm");
	add_reset("rmkx");
	if (reset_len + sizeof(mouse_off) < sizeof(reset_seq)) {
		memcpy(reset_seq + reset_len, mouse_off, sizeof(mouse_off) - 1);
		reset_len += sizeof(mouse_off) - 1;
	}
	add_reset("rmcup");
}

static void install_signals(void)
{
	static const int term_sigs[] = { SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa;
	size_t i;

	if (sig_pipe[0] < 0 && pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		sig_pipe[0] = sig_pipe[1] = -1;
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;	/* no SA_RESTART: poll() wakes up */
	for (i = 0; i < sizeof(term_sigs) / sizeof(term_sigs[0]); i++)
		sigaction(term_sigs[i], &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_fatal;
	for (i = 0; i < sizeof(fatal_sigs) / sizeof(fatal_sigs[0]); i++)
		sigaction(fatal_sigs[i], &sa, &old_fatal[i]);
}

static int dumb_term(char *why, size_t n)
{
	const char *term = getenv("TERM");

	if (term && *term && strcmp(term, "dumb") != 0)
		return 0;
	snprintf(why, n, _("the terminal (TERM=%s) cannot show the full-screen view; "
			   "use the commands instead (satchel --help)"), term ? term : "");
	return 1;
}

static int usable_term(char *why, size_t n)
{
	const char *term = getenv("TERM");
	const char *cup;

	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {
		snprintf(why, n, _("the terminal (TERM=%s) cannot move the cursor; "
				   "use the commands instead (satchel --help)"), term);
		return 0;
	}
	return 1;
}

static void at_exit(void)
{
	term_end();
}

int term_start(int no_display, int use_color, int use_mouse, char *why, size_t n)
{
	static int registered;

	if (no_display) {
		null_out = fopen("/dev/null", "w");
		screen = null_out ? newterm(getenv("TERM") ? NULL : "xterm", null_out, stdin) : NULL;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			snprintf(why, n, _("the full-screen view needs a terminal"));
			return -1;
		}
		if (dumb_term(why, n))
			return -1;
		have_tio = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
		screen = newterm(NULL, stdout, stdin);
	}
	if (!screen) {
		snprintf(why, n, _("the terminal (TERM=%s) is not known"),
			 getenv("TERM") ? getenv("TERM") : "");
		return -1;
	}
	if (!no_display && !usable_term(why, n)) {
		endwin();
		delscreen(screen);
		screen = NULL;
		return -1;
	}
	active = 1;
	if (!registered++)
		atexit(at_exit);
	xalloc_fatal_hook = term_end;
	capture_reset();
	install_signals();
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	nodelay(stdscr, TRUE);
	curs_set(0);
	draw_init_colors(use_color);
	term_set_mouse(use_mouse && !no_display);
	return 0;
}

void term_set_mouse(int on)
{
	if (!active)
		return;
	mousemask(on ? (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0,
		  NULL);
	mouseinterval(0);
	mouse_on = on;
}

void term_end(void)
{
	if (!active)
		return;
	active = 0;
	if (mouse_on)
		mousemask(0, NULL);
	curs_set(1);
	endwin();
	fflush(stdout);
	if (have_tio)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
	delscreen(screen);
	screen = NULL;
	if (null_out)
		fclose(null_out);
	null_out = NULL;
}

int term_signal_fd(void)
{
	return sig_pipe[0];
}

int term_take_signals(int *resized)
{
	unsigned char c[32];
	ssize_t got, i;
	int last = 0;

	while ((got = read(sig_pipe[0], c, sizeof(c))) > 0)
		for (i = 0; i < got; i++) {
			if (c[i] == SIGWINCH)
				*resized = 1;
			else
				last = c[i];
		}
	return last;
}

void term_apply_resize(void)
{
	struct winsize ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

int term_read_key(MEVENT *mev)
{
	wint_t wc;
	int r = get_wch(&wc);

	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_MOUSE)
			return getmouse(mev) == OK ? (int)(KEYC_FN | KEY_MOUSE) : -1;
		if (wc == KEY_ENTER)
			return KEYC_ENTER;
		return (int)(KEYC_FN | (int)wc);
	}
	if (wc == '\r')
		return KEYC_ENTER;
	if (wc == 127 || wc == 8)
		return KEYC_FN | KEY_BACKSPACE;
	return (int)wc;
}
