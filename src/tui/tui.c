/* tui.c — `satchel tui` (and `satchel` on a terminal): the wallet
 * full-screen.  Opening the wallet, the view stack, the generic action
 * handler, drawing, and the one event loop: poll() on the keyboard, the
 * signal self-pipe and the pipes of the background jobs, with a timer
 * for the spinner.  Only this loop draws.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "tui-int.h"
#include "satchel/keyring.h"
#include "satchel/tui.h"
#include "satchel/xalloc.h"

int64_t tui_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static double now_ms_f(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	t->msg_error = error;
}

/* ---- views ------------------------------------------------------------ */

struct view *tui_view(struct tui *t)
{
	return t->views[t->nviews - 1];
}

void tui_push(struct tui *t, struct view *v)
{
	if (t->nviews == (int)(sizeof(t->views) / sizeof(t->views[0]))) {
		v->ops->done(v);
		return;
	}
	t->views[t->nviews++] = v;
}

int tui_pop(struct tui *t)
{
	struct view *v;

	if (t->nviews <= 1)
		return 0;
	v = t->views[--t->nviews];
	v->ops->done(v);
	return 1;
}

const char *tui_target_id(struct tui *t)
{
	struct view *v = tui_view(t);
	struct item *it;

	if (v->ops->keymap == KM_DETAIL)
		return v->id;
	it = list_selected(t);
	return it ? it->r->id : NULL;
}

unsigned tui_reload(struct tui *t)
{
	struct wallet_index fresh, old = t->ix;
	struct err err = ERR_INIT;

	if (index_open(t->w, &fresh, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
		return RE_REDRAW;
	}
	/* the old rows stay alive until the list has moved to the new ones */
	t->ix = fresh;
	t->have_ix = 1;
	list_rebuild(t);
	index_close(&old);
	return RE_REDRAW;
}

/* ---- actions ---------------------------------------------------------- */

static void verify_all(struct tui *t)
{
	struct list *l = &t->list;
	size_t i;

	/* the rows on screen first, then the rest */
	for (i = 0; i < l->nvis; i++)
		jobs_verify(t, l->items[l->vis[i]].r->id);
	for (i = 0; i < l->n; i++)
		jobs_verify(t, l->items[i].r->id);
	if (!l->n)
		tui_message(t, 0, _("the wallet is empty"));
}

static unsigned show(struct tui *t, struct view *v)
{
	struct view *top = tui_view(t);

	if (top->ops == v->ops) {	/* pressed again: close it */
		v->ops->done(v);
		tui_pop(t);
		return RE_REDRAW;
	}
	tui_push(t, v);
	return RE_REDRAW;
}

static unsigned list_action(struct tui *t, enum action a)
{
	while (tui_pop(t))
		;
	return t->views[0]->ops->handle(t, t->views[0], a) & ~(unsigned)RE_UNHANDLED;
}

static unsigned badge_action(struct tui *t, enum action a)
{
	const char *id = tui_target_id(t);

	if (!id) {
		tui_message(t, 1, _("no badge selected"));
		return RE_REDRAW;
	}
	switch (a) {
	case ACT_VERIFY:
		jobs_verify(t, id);
		return RE_REDRAW;
	case ACT_TAG:
		return start_tag_prompt(t);
	case ACT_NOTE:
		return start_note_prompt(t);
	case ACT_REMOVE:
		return start_remove_prompt(t);
	default:
		return RE_NONE;
	}
}

/* The generic handler: what the view did not take (tig's view_driver). */
static unsigned generic_action(struct tui *t, enum action a)
{
	switch (a) {
	case ACT_QUIT:
		return tui_pop(t) ? RE_REDRAW : RE_QUIT;
	case ACT_BACK:
		return tui_pop(t) ? RE_REDRAW : RE_NONE;
	case ACT_QUIT_ALL:
		return RE_QUIT;
	case ACT_HELP:
		return show(t, view_help_new());
	case ACT_PATHWAYS:
		return show(t, view_pathways_new());
	case ACT_SHARE:
		if (tui_view(t)->ops->keymap == KM_SHARE)
			return tui_pop(t) ? RE_REDRAW : RE_NONE;
		if (!tui_target_id(t)) {
			tui_message(t, 1, _("no badge selected"));
			return RE_REDRAW;
		}
		return show(t, view_share_new(tui_target_id(t)));
	case ACT_PROMPT:
		return start_command_prompt(t);
	case ACT_SEARCH:
		return start_search_prompt(t);
	case ACT_FILTER_TAG:
		return start_filter_tag_prompt(t);
	case ACT_FILTER_VERDICT:
		return start_filter_verdict_prompt(t);
	case ACT_CLEAR_FILTER:
	case ACT_SORT:
	case ACT_SORT_REVERSE:
	case ACT_OPEN:
		return list_action(t, a);
	case ACT_VERIFY:
	case ACT_TAG:
	case ACT_NOTE:
	case ACT_REMOVE:
		return badge_action(t, a);
	case ACT_VERIFY_ALL:
		verify_all(t);
		return RE_REDRAW;
	case ACT_VERIFY_CANCEL:
		jobs_cancel(t);
		tui_message(t, 0, jobs_busy(t) ? _("queue emptied; the checks already running finish")
					      : _("nothing is waiting to be verified"));
		return RE_REDRAW;
	case ACT_IMPORT:
		return start_import_prompt(t);
	case ACT_RELOAD:
		return RE_RELOAD;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return RE_REDRAW;
	default:
		return RE_NONE;
	}
}

unsigned tui_action(struct tui *t, enum action a, const char *arg)
{
	struct view *v = tui_view(t);
	unsigned re;

	(void)arg;
	if (a == ACT_NONE)
		return RE_NONE;
	re = v->ops->handle(t, v, a);
	if (!(re & RE_UNHANDLED))
		return re;
	return generic_action(t, a);
}

static unsigned mouse(struct tui *t, const MEVENT *m)
{
	struct view *v = tui_view(t);
	int body_top = 1, body_h = LINES - 3;

	if (m->bstate & BUTTON4_PRESSED)
		return v->ops->click(t, v, -1, -1, 0);
#ifdef BUTTON5_PRESSED
	if (m->bstate & BUTTON5_PRESSED)
		return v->ops->click(t, v, -1, 1, 0);
#endif
	if (!(m->bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return RE_NONE;
	if (m->y < body_top || m->y >= body_top + body_h || (t->split_x && m->x >= t->split_x))
		return RE_NONE;
	return v->ops->click(t, v, m->y - body_top, 0, 0);
}

unsigned tui_key(struct tui *t, int key, const MEVENT *mev)
{
	enum action a;
	char name[32];

	if (key == (KEYC_FN | KEY_RESIZE))
		return RE_REDRAW;
	if (t->prompt.active)
		return prompt_key(t, key);
	if (key == (KEYC_FN | KEY_MOUSE))
		return mev ? mouse(t, mev) : RE_NONE;
	t->msg[0] = '\0';
	a = keys_action(tui_view(t)->ops->keymap, key);
	if (a == ACT_NONE) {
		key_format(key, name, sizeof(name));
		tui_message(t, 0, _("%s does nothing here; ? shows the keys"), name);
		return RE_REDRAW;
	}
	return tui_action(t, a, NULL) | RE_REDRAW;
}

/* ---- drawing ---------------------------------------------------------- */

static int raw_width(const char *raw)
{
	char *c = text_clean(raw, 0);
	int w = text_width(c);

	free(c);
	return w;
}

static void draw_title(struct tui *t)
{
	struct list *l = &t->list;
	char left[600], right[160];
	attr_t a = tone_attr(TONE_TITLE);
	int rw;
	size_t n;

	n = (size_t)snprintf(left, sizeof(left), _(" satchel · %zu badges · sort: %s%s"), l->n,
			     sort_key_name(l->sort), l->reverse ? _(" (reversed)") : "");
	if (l->query && n < sizeof(left))
		n += (size_t)snprintf(left + n, sizeof(left) - n, " · /%s", l->query);
	if (l->tag && n < sizeof(left))
		n += (size_t)snprintf(left + n, sizeof(left) - n, _(" · tag: %s"), l->tag);
	if (l->verdict && n < sizeof(left))
		snprintf(left + n, sizeof(left) - n, _(" · only %s"), verdict_label(l->verdict));
	jobs_progress(t, right, sizeof(right));
	rw = raw_width(right);
	draw_fill(0, 0, COLS, a);
	draw_raw(0, 0, left, COLS - rw - 2, a, 0);
	if (rw && rw < COLS)
		draw_raw(0, COLS - rw - 1, right, rw, a, 0);
}

static const enum action hint_actions[] = {
	ACT_OPEN, ACT_SEARCH, ACT_VERIFY, ACT_HELP, ACT_QUIT,
};

static void draw_status(struct tui *t)
{
	struct view *v = tui_view(t);
	char left[256], hints[256], keys[64];
	attr_t a = tone_attr(TONE_STATUS);
	size_t i, n = 0;
	int hw;

	if (t->prompt.active && t->msg[0]) {	/* completions while the prompt has the last line */
		draw_fill(LINES - 2, 0, COLS, a);
		draw_raw(LINES - 2, 0, t->msg, COLS - 1, a, 0);
		return;
	}
	v->ops->status(t, v, left, sizeof(left));
	hints[0] = '\0';
	for (i = 0; i < sizeof(hint_actions) / sizeof(hint_actions[0]); i++) {
		char *comma;

		if (!keys_of(v->ops->keymap, hint_actions[i], keys, sizeof(keys)) &&
		    !keys_of(KM_GENERIC, hint_actions[i], keys, sizeof(keys)))
			continue;
		if ((comma = strchr(keys, ',')))
			*comma = '\0';
		if (n < sizeof(hints))
			n += (size_t)snprintf(hints + n, sizeof(hints) - n, "%s%s %s", n ? "  " : "",
					      keys, action_name(hint_actions[i]));
	}
	hw = raw_width(hints);
	draw_fill(LINES - 2, 0, COLS, a);
	draw_raw(LINES - 2, 0, left, COLS - 1, a, 0);
	if (hw + raw_width(left) + 3 < COLS)
		draw_raw(LINES - 2, COLS - hw - 1, hints, hw, a, 0);
}

/* A wide list shares the screen with the details of its selection. */
#define SPLIT_MIN_COLS 160

static void draw_preview(struct tui *t, int x)
{
	struct item *it = list_selected(t);
	struct view *p = t->preview;
	int y;

	if (!p)
		p = t->preview = view_detail_new(it->r->id);
	if (strcmp(p->id, it->r->id) != 0) {
		snprintf(p->id, sizeof(p->id), "%s", it->r->id);
		json_decref(p->entry);
		p->entry = NULL;
		p->built_width = 0;
		p->top = 0;
	}
	for (y = 1; y < LINES - 2; y++)
		mvaddstr(y, x, text_utf8() ? "│" : "|");
	draw_area.x = x + 1;
	draw_area.w = COLS - x - 1;
	p->ops->draw(t, p, 1, LINES - 3);
}

void tui_draw(struct tui *t)
{
	struct view *v = tui_view(t);

	erase();
	draw_area.x = 0;
	draw_area.w = COLS;
	if (LINES < 5 || COLS < 20) {
		draw_raw(0, 0, _("The window is too small for satchel."), COLS, A_NORMAL, 0);
		refresh();
		return;
	}
	draw_title(t);
	t->split_x = t->nviews == 1 && COLS >= SPLIT_MIN_COLS && list_selected(t) ? COLS * 11 / 20 : 0;
	if (t->split_x) {
		draw_area.w = t->split_x;
		v->ops->draw(t, v, 1, LINES - 3);
		attrset(tone_attr(TONE_DIM));
		draw_preview(t, t->split_x);
		draw_area.x = 0;
		draw_area.w = COLS;
	} else {
		v->ops->draw(t, v, 1, LINES - 3);
	}
	draw_status(t);
	if (t->prompt.active) {
		prompt_draw(t, LINES - 1);
	} else {
		curs_set(0);
		draw_raw(LINES - 1, 0, t->msg, COLS - 1,
			 tone_attr(t->msg_error ? TONE_ERROR : TONE_NORMAL), 0);
	}
	refresh();
}

/* ---- the loop --------------------------------------------------------- */

static int poll_timeout(struct tui *t, int script_more, int idle_work)
{
	int64_t now = tui_now_ms(), due = t->jobs.reload_due_ms;

	if ((script_more && !t->waiting) || idle_work)
		return 0;
	if (jobs_busy(t) || t->waiting)
		return 100;	/* the spinner */
	if (due)
		return due > now ? (int)(due - now) : 0;
	return -1;
}

static unsigned read_keys(struct tui *t)
{
	unsigned re = RE_NONE;
	MEVENT mev;
	int key;

	while (!(re & RE_QUIT) && (key = term_read_key(&mev)) >= 0)
		re |= tui_key(t, key, key == (KEYC_FN | KEY_MOUSE) ? &mev : NULL);
	return re;
}

static void loop(struct tui *t)
{
	unsigned re = RE_REDRAW;
	int64_t last_tick = 0;
	int more = t->script != NULL, idle = 1;

	for (;;) {
		struct pollfd pfd[2 + 2 * JOBS_MAX];
		size_t n = 0;
		int resized = 0, sig;

		if (re & RE_RELOAD)
			re |= tui_reload(t);
		if (re & RE_QUIT)
			break;
		if (re & RE_REDRAW)
			tui_draw(t);
		re = RE_NONE;
		if (t->script) {
			re |= script_step(t, &more);
			if (re)
				continue;
		} else {
			more = 0;
		}
		if (!t->no_display)
			pfd[n++] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
		pfd[n++] = (struct pollfd){ term_signal_fd(), POLLIN, 0 };
		n += jobs_pollfds(t, pfd + n, sizeof(pfd) / sizeof(pfd[0]) - n);
		if (t->no_display && !more && !jobs_busy(t) && !t->jobs.reload_due_ms)
			break;	/* a script without a terminal has ended */
		if (poll(pfd, n, poll_timeout(t, more, idle)) < 0 && errno != EINTR)
			break;
		if ((sig = term_take_signals(&resized))) {
			t->exit_signal = sig;
			break;
		}
		if (resized) {
			term_apply_resize();
			re |= RE_REDRAW;
		}
		re |= jobs_service(t);
		if (jobs_busy(t) && tui_now_ms() - last_tick >= 100) {
			t->jobs.tick++;
			last_tick = tui_now_ms();
			re |= RE_REDRAW;
		}
		if (!t->no_display)
			re |= read_keys(t);
		idle = !re && list_idle(t);	/* between keys, a slice at a time */
	}
}

/* ---- opening the wallet ------------------------------------------------ */

/* Remembers the passphrase that unlocks the wallet, for the children. */
static int pass_cb(void *ctx, int confirm, struct buf *out, struct err *err)
{
	struct tui *t = ctx;

	if (t->pass.len)
		return buf_add(out, t->pass.s, t->pass.len, err);
	if (app_passphrase(t->app, confirm, out, err) < 0)
		return -1;
	return buf_add(&t->pass, out->s, out->len, err);
}

static void forget_pass(struct tui *t)
{
	buf_release_secure(&t->pass);
	buf_init(&t->pass, 4096);
}

static int ask_yes(const char *question)
{
	char answer[32];

	fputs(question, stdout);
	fflush(stdout);
	if (!fgets(answer, sizeof(answer), stdin))
		return 0;
	return answer[0] == '\n' || answer[0] == 'y' || answer[0] == 'Y' || answer[0] == 'j' ||
	       answer[0] == 'J';
}

/* First run: `satchel init --samples`, with the passphrase asked once
 * here and handed to it through a memory file it may read twice. */
static int first_run(struct tui *t, struct err *err)
{
	struct buf tmp;
	char path[64], *argv[] = { (char *)"init", (char *)"--samples", NULL };
	const char *saved = t->app->passphrase_file;
	int fd, rc;

	if (!isatty(STDIN_FILENO))
		return -1;	/* err says there is no wallet */
	printf(_("There is no wallet in %s yet.\n"), t->app->wallet_dir);
	if (!ask_yes(_("Create one and import the sample badges? [Y/n] ")))
		return -1;
	buf_init(&tmp, 4096);
	rc = pass_cb(t, 1, &tmp, err);
	buf_release_secure(&tmp);
	if (rc < 0)
		return -1;
	fd = memfd_create("satchel-passphrase", MFD_CLOEXEC);
	if (fd < 0 || write(fd, t->pass.s, t->pass.len) != (ssize_t)t->pass.len) {
		if (fd >= 0)
			close(fd);
		return err_set(err, ERR_IO, "cannot hand over the passphrase");
	}
	snprintf(path, sizeof(path), "/dev/fd/%d", fd);
	t->app->passphrase_file = path;
	optind = 0;
	rc = cmd_init(t->app, 2, argv);
	t->app->passphrase_file = saved;
	close(fd);
	if (rc != EXIT_OK)
		return err_set(err, ERR_IO, "the wallet was not created");
	return 0;
}

static int open_wallet(struct tui *t, struct err *err)
{
	struct wallet_unlock u = { pass_cb, t, !t->app->no_keyring && keyring_enabled() };
	int tries, interactive = !t->app->passphrase_file && !getenv("SATCHEL_PASSPHRASE");

	if (!t->app->wallet_dir)
		t->app->wallet_dir = wallet_default_dir();
	for (tries = 0; tries < 3; tries++) {
		err_clear(err);
		if (t->app->wallet) {	/* opened by the first run */
			t->w = t->app->wallet;
			return 0;
		}
		if (wallet_open(t->app->wallet_dir, &u, &t->app->wallet, err) == 0) {
			t->w = t->app->wallet;
			return 0;
		}
		if (err->code == ERR_NOTFOUND && tries == 0) {
			if (first_run(t, err) < 0)
				return -1;
			continue;
		}
		if (err->code != ERR_AUTH || !interactive)
			return -1;
		fprintf(stderr, _("satchel: %s\n"), err->msg);
		forget_pass(t);
	}
	return -1;
}

/* ---- setup and teardown ------------------------------------------------ */

static int env_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0") != 0;
}

static void teardown(struct tui *t)
{
	jobs_kill_all(t);
	term_end();
	while (t->nviews > 0) {
		struct view *v = t->views[--t->nviews];

		v->ops->done(v);
	}
	if (t->preview)
		t->preview->ops->done(t->preview);
	list_release(&t->list);
	if (t->have_ix)
		index_close(&t->ix);
	prompt_release(&t->prompt);
	buf_release_secure(&t->pass);
	free(t->pending_select);
	script_free(t);
	if (t->timing) {
		fprintf(t->timing, "filter-ms-max %.3f\n", t->filter_ms_max);
		fclose(t->timing);
	}
}

static int start(struct tui *t, double t0)
{
	char why[512];
	const char *script = getenv("SATCHEL_TUI_SCRIPT"), *timing = getenv("SATCHEL_TUI_TIMING");
	struct err err = ERR_INIT;
	double t_open, t_list;

	if (timing && *timing)
		t->timing = fopen(timing, "a");
	if (script && *script && script_load(t, script, why, sizeof(why)) < 0) {
		fprintf(stderr, _("satchel: error: SATCHEL_TUI_SCRIPT: %s\n"), why);
		return EXIT_USAGE;
	}
	if (!t->no_display && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, _("satchel: error: the full-screen view needs a terminal; "
				  "see 'satchel --help' for the commands\n"));
		return EXIT_USAGE;
	}
	if (open_wallet(t, &err) < 0) {
		cli_error(&err);
		return EXIT_ENV;	/* as app_wallet: wallet missing or locked */
	}
	t_open = now_ms_f();
	if (term_start(t->no_display, t->use_color, t->use_mouse, why, sizeof(why)) < 0) {
		fprintf(stderr, _("satchel: error: %s\n"), why);
		return EXIT_ENV;
	}
	tui_push(t, view_list_new());
	t_list = now_ms_f();
	tui_reload(t);
	t_list = now_ms_f() - t_list;
	tui_draw(t);
	if (t->timing)
		fprintf(t->timing, "first-screen-ms %.1f (unlock %.1f, index and list %.1f, screen %.1f) "
			"rows=%zu\n", now_ms_f() - t0, t_open - t0, t_list,
			now_ms_f() - t_open - t_list, t->list.n);
	return EXIT_OK;
}

int cmd_tui(struct app *app, int argc, char **argv)
{
	static struct tui tui;	/* static: reachable from the signal-safe paths */
	struct tui *t = &tui;
	double t0 = now_ms_f();
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return cli_command_help("tui");
	if (argc > 1)
		return cli_usage("tui", _("unexpected argument '%s'"), argv[1]);
	memset(t, 0, sizeof(*t));
	t->app = app;
	t->use_color = !app->no_color && !(getenv("NO_COLOR") && *getenv("NO_COLOR"));
	t->use_mouse = 1;
	t->no_display = env_on("SATCHEL_TUI_NO_DISPLAY");
	buf_init(&t->pass, 4096);
	config_load(t);
	rc = start(t, t0);
	if (rc == EXIT_OK)
		loop(t);
	teardown(t);
	if (rc == EXIT_OK && t->exit_signal)
		rc = 128 + t->exit_signal;
	return rc;
}

int tui_wanted(void)
{
	const char *term = getenv("TERM");

	return isatty(STDIN_FILENO) && isatty(STDOUT_FILENO) && term && *term &&
	       strcmp(term, "dumb") != 0;
}
