/* tui-int.h — the TUI's internals, shared by the files of src/tui/ only.
 *
 * Shape (STYLE.md 3.6, after tig): one X-macro table of actions gives the
 * enum, the names used by the config file and the ':' prompt, and the
 * help text.  Keys map to actions per keymap (keys.c, defaults in
 * share/satchel.conf).  Views are tables of callbacks; an action returns
 * reaction flags and only the event loop (tui.c) draws.  Verification
 * and import run in child processes (jobs.c) whose pipes the same poll()
 * loop watches, so the screen never waits for the network.
 *
 * Only files in src/tui/ include curses.
 */
#ifndef SATCHEL_TUI_INT_H
#define SATCHEL_TUI_INT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <curses.h>
#include "satchel/buf.h"
#include "satchel/cli.h"
#include "satchel/collection.h"
#include "satchel/i18n.h"

/* ---- actions ---------------------------------------------------------- */

#define ACTION_INFO(_) \
	_(MOVE_DOWN,      "move-down",      N_("Move down one line")) \
	_(MOVE_UP,        "move-up",        N_("Move up one line")) \
	_(PAGE_DOWN,      "page-down",      N_("Move down one page")) \
	_(PAGE_UP,        "page-up",        N_("Move up one page")) \
	_(MOVE_FIRST,     "move-first",     N_("Go to the first line")) \
	_(MOVE_LAST,      "move-last",      N_("Go to the last line")) \
	_(OPEN,           "open",           N_("Show the selected badge in detail")) \
	_(NEXT,           "next",           N_("Show the next badge")) \
	_(PREVIOUS,       "previous",       N_("Show the previous badge")) \
	_(BACK,           "back",           N_("Close the view")) \
	_(QUIT,           "quit",           N_("Close the view, or quit in the list")) \
	_(QUIT_ALL,       "quit-all",       N_("Quit satchel")) \
	_(SEARCH,         "search",         N_("Search as you type (name, issuer, description, tags)")) \
	_(CLEAR_FILTER,   "clear-filter",   N_("Clear the search and the filters")) \
	_(SORT,           "sort",           N_("Sort by the next key (name, issuer, date, verdict)")) \
	_(SORT_REVERSE,   "sort-reverse",   N_("Reverse the sort order")) \
	_(FILTER_TAG,     "filter-tag",     N_("Show only badges with a tag")) \
	_(FILTER_VERDICT, "filter-verdict", N_("Show only badges with a verdict")) \
	_(VERIFY,         "verify",         N_("Verify the selected badge (in the background)")) \
	_(VERIFY_ALL,     "verify-all",     N_("Verify every badge (in the background)")) \
	_(VERIFY_CANCEL,  "verify-cancel",  N_("Stop the verifications still queued")) \
	_(IMPORT,         "import",         N_("Import badges from a file, folder or URL")) \
	_(TAG,            "tag",            N_("Edit the tags of the selected badge")) \
	_(NOTE,           "note",           N_("Edit the note of the selected badge")) \
	_(REMOVE,         "remove",         N_("Remove the selected badge (asks first)")) \
	_(PATHWAYS,       "pathways",       N_("Show pathways")) \
	_(SHARE,          "share",          N_("Share the selected badge")) \
	_(COPY_URL,       "copy-url",       N_("Copy the LinkedIn add-to-profile URL (OSC 52)")) \
	_(COPY_LINK,      "copy-link",      N_("Copy the verification link (OSC 52)")) \
	_(OPEN_URL,       "open-url",       N_("Open the LinkedIn URL with xdg-open")) \
	_(LINKEDIN_ORG,   "linkedin-org",   N_("Set the issuer's LinkedIn organisation id")) \
	_(HELP,           "help",           N_("Show the keys and commands")) \
	_(PROMPT,         "prompt",         N_("Open the command prompt")) \
	_(RELOAD,         "reload",         N_("Re-read the wallet")) \
	_(REDRAW,         "redraw",         N_("Redraw the screen"))

enum action {
	ACT_NONE = 0,
#define ACTION_ENUM(id, name, help) ACT_##id,
	ACTION_INFO(ACTION_ENUM)
#undef ACTION_ENUM
	ACT_COUNT
};

/* What the loop must do after an action (htop's Htop_Reaction). */
enum reaction {
	RE_NONE = 0,
	RE_REDRAW = 1 << 0,	/* draw the screen again */
	RE_RELOAD = 1 << 1,	/* re-read the index, then draw */
	RE_QUIT = 1 << 2,	/* leave the loop */
	RE_UNHANDLED = 1 << 3,	/* the view did not take the action */
};

const char *action_name(enum action a);
const char *action_help(enum action a);	/* translated */
enum action action_lookup(const char *name);	/* ACT_NONE when unknown */

/* ---- keys and keymaps (keys.c) ---------------------------------------- */

/* A key is a Unicode code point, or KEYC_FN | a curses KEY_* code. */
#define KEYC_FN 0x1000000
#define KEYC_ENTER '\n'
#define KEYC_ESC 27

enum keymap { KM_GENERIC, KM_LIST, KM_DETAIL, KM_HELP, KM_PATHWAYS, KM_SHARE, KM_COUNT };

const char *keymap_name(enum keymap km);
int keymap_lookup(const char *name);	/* -1 when unknown */
/* Parses "j", "<Down>", "<C-x>", "<F1>", "ö"...; -1 when not a key. */
int key_parse(const char *s, const char **end);
/* Writes the config spelling of key into out. */
void key_format(int key, char *out, size_t n);
/* Binds (or with ACT_NONE unbinds) key in keymap. */
void keys_bind(enum keymap km, int key, enum action a);
/* The action of key in keymap km, falling back to generic. */
enum action keys_action(enum keymap km, int key);
/* The keys bound to a in exactly km, comma-separated, into out; 0 when none. */
int keys_of(enum keymap km, enum action a, char *out, size_t n);
void keys_reset(void);

/* ---- text (text.c): UTF-8 that cannot break the layout ----------------- */

/* Decodes one character (invalid bytes decode as U+FFFD, one byte). */
size_t u8_decode(const char *s, size_t len, uint32_t *cp);
/* Columns of a code point after cleaning; -1 for characters dropped. */
int text_cp_width(uint32_t cp);
/* A copy safe to draw: control, bidi-override and joiner characters
 * dropped, bad bytes and unprintable characters replaced; newlines and
 * tabs become spaces unless keep_newlines.  Caller frees. */
char *text_clean(const char *s, int keep_newlines);
int text_width(const char *clean);
/* Bytes of the longest prefix of clean that fits in width columns. */
size_t text_fit(const char *clean, int width, int *used);
/* Calls emit for each line of clean (newlines kept) word-wrapped to
 * width columns; words longer than a line break between characters. */
typedef void text_line_fn(void *ctx, const char *line, size_t len);
void text_wrap(const char *clean, int width, text_line_fn *emit, void *ctx);
/* Lower-cased copy for searching; caller frees. */
char *text_fold(const char *s);
/* 1 when the locale's codeset is UTF-8. */
int text_utf8(void);

/* ---- drawing (draw.c) -------------------------------------------------- */

enum tone { TONE_NORMAL, TONE_TITLE, TONE_STATUS, TONE_SELECTED, TONE_GOOD, TONE_BAD,
	    TONE_WARN, TONE_DIM, TONE_LABEL, TONE_HEADING, TONE_ERROR, TONE_COUNT };

/* The part of the screen the views draw in: all of it, or a side of it
 * when the list and a preview of the selected badge share the screen. */
struct area {
	int x, w;
};
extern struct area draw_area;

void draw_init_colors(int use_color);
attr_t tone_attr(enum tone t);
/* Draws clean text at y,x in at most width columns, cut at a character
 * boundary with an ellipsis when it does not fit, padded with spaces
 * when pad.  Returns the columns used. */
int draw_text(int y, int x, const char *clean, int width, attr_t attr, int pad);
/* Same for raw (uncleaned) text. */
int draw_raw(int y, int x, const char *raw, int width, attr_t attr, int pad);
void draw_fill(int y, int x, int width, attr_t attr);

/* Verdict names, markers and tones. */
const char *verdict_mark(const char *verdict);
const char *verdict_label(const char *verdict);	/* translated */
enum tone verdict_tone(const char *verdict);
int verdict_rank(const char *verdict);
const char *verdict_canonical(const char *verdict);	/* static, or NULL */
extern const char *const verdict_names[];	/* NULL-terminated */
const char *spinner_frame(unsigned tick);

/* ---- views ---------------------------------------------------------- */

struct tui;
struct view;

struct line {
	char *label;		/* clean UTF-8 drawn at column 1, or NULL */
	char *text;		/* clean UTF-8 drawn at indent */
	enum tone tone;
	int indent;
	const void *ref;	/* pathways: the requirement the line shows, or NULL */
};

struct view_ops {
	enum keymap keymap;
	/* Draws rows [top, top + height) of the body. */
	void (*draw)(struct tui *t, struct view *v, int top, int height);
	unsigned (*handle)(struct tui *t, struct view *v, enum action a);
	/* The text of the status line (left part). */
	void (*status)(struct tui *t, struct view *v, char *out, size_t n);
	/* Mouse: a click at body row y (0-based); wheel dir -1/+1 when y < 0. */
	unsigned (*click)(struct tui *t, struct view *v, int y, int dir, int twice);
	/* Builds the pager lines for width (pager views only). */
	void (*build)(struct tui *t, struct view *v, int width);
	void (*done)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	const char *title;	/* translated, static */
	/* pager state */
	struct line *lines;
	size_t nlines, cap;
	size_t top;
	int built_width;	/* 0: rebuild on next draw */
	char id[WALLET_ID_LEN + 1];	/* detail: the badge shown */
	json_t *entry;		/* detail: its details, built on demand */
	const void *sel;	/* pathways: the selected requirement (a line's ref) */
};

void pager_clear(struct view *v);
/* Rebuilds the lines when the width changed (keeps top in range). */
void pager_ensure(struct tui *t, struct view *v);
int pager_height(void);	/* rows of the body */
size_t pager_max_top(struct view *v);
void pager_add(struct view *v, enum tone tone, int indent, const char *raw);
/* Adds raw text wrapped to width - indent; the first line carries label. */
void pager_field(struct view *v, const char *label, enum tone tone, int indent, int width,
		 const char *raw);
#define pager_wrap(v, tone, indent, width, raw) pager_field(v, NULL, tone, indent, width, raw)
void pager_draw(struct tui *t, struct view *v, int top, int height);
unsigned pager_handle(struct tui *t, struct view *v, enum action a);
unsigned pager_click(struct tui *t, struct view *v, int y, int dir, int twice);
/* "first-last/total" of the lines on screen, for a status line. */
void pager_position(const struct view *v, char *out, size_t n);
void pager_status(struct tui *t, struct view *v, char *out, size_t n);
void pager_done(struct view *v);

struct view *view_list_new(void);
struct view *view_detail_new(const char *id);
struct view *view_help_new(void);
struct view *view_pathways_new(void);	/* pathways.c */
struct view *view_share_new(const char *id);	/* share.c */

/* ---- the list model (list.c) ---------------------------------------- */

enum sort_key { SORT_NAME, SORT_ISSUER, SORT_DATE, SORT_VERDICT, SORT_COUNT };
enum job_state { JS_IDLE, JS_QUEUED, JS_RUNNING };

struct item {
	const struct index_row *r;
	const char *verdict;	/* r's, or a newer one from a verification */
	char *hay;		/* folded search text, made on first search */
	char *key;		/* folded sort key for the current text sort */
	unsigned char state;	/* enum job_state */
};

struct list {
	struct item *items;	/* in index order (sorted by id) */
	size_t n;
	size_t *order;		/* items in sort order */
	size_t *vis;		/* the visible ones, in sort order */
	size_t nvis;
	size_t sel, top;	/* positions in vis */
	enum sort_key sort;
	int reverse;
	char *query, *qfold;	/* search text and its folded form */
	char *tag, *verdict;	/* filters, or NULL */
	size_t idle_next;	/* search texts are made up to here in idle time */
};

const char *sort_key_name(enum sort_key k);
int sort_key_lookup(const char *name);
/* (Re)builds the list over t->ix, keeping the selection by id. */
void list_rebuild(struct tui *t);
void list_release(struct list *l);
void list_set_query(struct tui *t, const char *q);
void list_set_sort(struct tui *t, enum sort_key k, int reverse);
void list_set_tag(struct tui *t, const char *tag);
void list_set_verdict(struct tui *t, const char *verdict);
/* The selected item, or NULL when the list is empty. */
struct item *list_selected(struct tui *t);
struct item *list_find(struct tui *t, const char *id);
/* Moves the selection by delta visible rows (clamped); 1 when it moved. */
int list_move(struct tui *t, long delta);
/* Idle work: makes the search texts of the next rows ahead of the first
 * search; returns 1 while rows are left. */
int list_idle(struct tui *t);
/* Every distinct user tag, sorted; NULL-terminated, caller frees array. */
const char **list_all_tags(struct tui *t, size_t *n);
const char *item_name(const struct item *it);

/* ---- the prompt (prompt.c) ------------------------------------------ */

typedef void prompt_change_fn(struct tui *t, const char *text);
typedef unsigned prompt_done_fn(struct tui *t, const char *text, int ok);
typedef void prompt_complete_fn(struct tui *t, struct buf *text, size_t *cursor);

struct prompt {
	int active;
	int yesno;		/* one key: y / n */
	char label[128];
	struct buf text;
	size_t cursor;		/* byte offset in text */
	prompt_change_fn *on_change;
	prompt_done_fn *on_done;
	prompt_complete_fn *complete;
	char saved[512];	/* for search: the query before, restored on cancel */
};

void prompt_open(struct tui *t, const char *label, const char *initial, prompt_change_fn *chg,
		 prompt_done_fn *done, prompt_complete_fn *comp);
void prompt_yesno(struct tui *t, const char *question, prompt_done_fn *done);
unsigned prompt_key(struct tui *t, int key);
void prompt_draw(struct tui *t, int y);
void prompt_release(struct prompt *p);
void complete_path(struct tui *t, struct buf *text, size_t *cursor);
/* Completes the word at the end of text from a NULL-terminated list. */
void complete_word(struct tui *t, struct buf *text, size_t *cursor, const char *const *words);

/* ---- commands and config (config.c) --------------------------------- */

/* Runs one command line (":" prompt, script, config); from_config limits
 * it to bind/set.  Returns reactions; errors go to the message line (or
 * err when not NULL). */
unsigned cmd_run(struct tui *t, const char *line, int from_config, char *err, size_t errlen);
/* Loads the built-in bindings and the user config; problems are kept as
 * messages "path:line: ...". */
void config_load(struct tui *t);
extern const char builtin_config[];

/* ---- background jobs (jobs.c) ----------------------------------------- */

enum job_kind { JOB_VERIFY, JOB_IMPORT };

struct job {
	enum job_kind kind;
	pid_t pid;
	int out_fd, err_fd;	/* -1 once at EOF */
	struct buf out, err;
	char **ids;		/* verify: the badges checked; import: the sources */
	size_t nids;
	int reaped, status;
};

#define JOBS_MAX 4

struct jobs {
	struct job run[JOBS_MAX];
	size_t nrun;
	char (*queue)[WALLET_ID_LEN + 1];	/* verify queue */
	size_t qhead, qlen, qcap;
	size_t total, done;	/* progress since the queue was last idle */
	unsigned tick;
	int64_t reload_due_ms;	/* an index reload is pending at this time */
};

void jobs_verify(struct tui *t, const char *id);
void jobs_import(struct tui *t, const char *source);
void jobs_cancel(struct tui *t);
/* Starts queued work; adds the jobs' fds to pfd (returns how many). */
size_t jobs_pollfds(struct tui *t, struct pollfd *pfd, size_t max);
/* Reads what is ready, handles finished jobs; returns reactions. */
unsigned jobs_service(struct tui *t);
int jobs_busy(const struct tui *t);
void jobs_kill_all(struct tui *t);
/* Restores the per-item state after the list was rebuilt. */
void jobs_mark_items(struct tui *t);
/* The progress text for the title bar, or "" when idle. */
void jobs_progress(const struct tui *t, char *out, size_t n);

/* ---- terminal (term.c) ---------------------------------------------- */

int term_start(int no_display, int use_color, int use_mouse, char *why, size_t n);
void term_end(void);
/* Self-pipe written by signal handlers: SIGWINCH, SIGINT, SIGTERM, SIGHUP. */
int term_signal_fd(void);
/* Reads pending signals; returns the last terminating one (or 0) and
 * sets *resized when the window size changed. */
int term_take_signals(int *resized);
void term_apply_resize(void);
void term_set_mouse(int on);
/* Reads one key (KEYC_*), or -1 when none is pending.  Mouse events are
 * returned as KEYC_FN | KEY_MOUSE with the event in *mev. */
int term_read_key(MEVENT *mev);

/* ---- script and screen dumps (script.c) ----------------------------- */

int script_load(struct tui *t, const char *path, char *why, size_t n);
/* Runs the next step when the script has one and is not waiting;
 * returns reactions, sets *more when steps remain. */
unsigned script_step(struct tui *t, int *more);
void script_free(struct tui *t);
int screen_save(const char *path, char *why, size_t n);

/* ---- the whole state (tui.c) ---------------------------------------- */

struct script;

struct tui {
	struct app *app;
	struct wallet *w;
	struct wallet_index ix;
	int have_ix;
	struct list list;
	struct view *views[8];
	int nviews;
	struct view *preview;	/* the selected badge beside a wide list */
	int split_x;		/* where the preview starts (0: no preview) */
	struct prompt prompt;
	struct jobs jobs;
	struct script *script;
	struct buf pass;	/* the passphrase that unlocked the wallet, for children */
	char msg[512];
	int msg_error;
	int use_color, use_mouse;
	int quit;
	int waiting;		/* script ':wait': until jobs are idle */
	int no_display;		/* $SATCHEL_TUI_NO_DISPLAY: draw to /dev/null */
	int exit_signal;	/* the signal that ended the loop */
	FILE *timing;		/* $SATCHEL_TUI_TIMING: timings for benchmarks */
	double filter_ms_max;
	char *pending_select;	/* an id to select after the next reload */
	char target[WALLET_ID_LEN + 1];	/* the badge an open prompt is about */
};

void tui_message(struct tui *t, int error, const char *fmt, ...) PRINTF_LIKE(3, 4);
struct view *tui_view(struct tui *t);
void tui_push(struct tui *t, struct view *v);
/* Pops the top view; 0 when the list is the only one left. */
int tui_pop(struct tui *t);
/* Handles one key (mev: the mouse event for KEY_MOUSE, else NULL). */
unsigned tui_key(struct tui *t, int key, const MEVENT *mev);
/* Runs one action through the view and the generic handler. */
unsigned tui_action(struct tui *t, enum action a, const char *arg);
void tui_draw(struct tui *t);
unsigned tui_reload(struct tui *t);
/* The badge the user means: the detail view's, else the list selection. */
const char *tui_target_id(struct tui *t);
int64_t tui_now_ms(void);

/* Wallet edits (edit.c). */
unsigned edit_tags(struct tui *t, const char *id, const char *text);
unsigned edit_note(struct tui *t, const char *id, const char *text);
unsigned edit_remove(struct tui *t, const char *id);
unsigned start_tag_prompt(struct tui *t);
unsigned start_note_prompt(struct tui *t);
unsigned start_remove_prompt(struct tui *t);
unsigned start_import_prompt(struct tui *t);
unsigned start_filter_tag_prompt(struct tui *t);
unsigned start_filter_verdict_prompt(struct tui *t);
unsigned start_search_prompt(struct tui *t);
unsigned start_command_prompt(struct tui *t);

#endif
