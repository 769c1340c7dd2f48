/* share.c — the share view of one badge: the LinkedIn add-to-profile
 * URL, the public verification link and its QR code, with keys that
 * copy a link to the clipboard (OSC 52, through the terminal) or open it
 * with xdg-open.  Everything is made on this machine, as `satchel share`
 * does. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tui-int.h"
#include "satchel/codec.h"
#include "satchel/export.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

struct share_view {
	struct view v;		/* first: the pager frees it as a struct view */
	char *linkedin;		/* the add-to-profile URL, or NULL */
	char *link;		/* the verification link, or NULL */
	char *qr;		/* the QR code as text, or NULL */
	char *qr_error;
};

static void share_load(struct tui *t, struct share_view *s)
{
	struct err err = ERR_INIT;
	json_t *settings;
	const char *link;
	struct buf b;

	s->v.entry = index_entry_build(t->w, s->v.id, NULL);
	if (!s->v.entry)
		return;
	if (!(settings = collection_settings(t->w, NULL)))
		settings = json_object();
	s->linkedin = export_linkedin_add(s->v.entry, settings);
	json_decref(settings);
	if (!(link = export_public_link(s->v.entry)))
		return;
	s->link = xstrdup(link);
	buf_init(&b, 0);
	if (export_qr_text(link, &b, &err) < 0) {
		s->qr_error = xstrdup(err.msg);
		buf_release(&b);
		return;
	}
	s->qr = buf_detach(&b, NULL);
}

/* One QR row of the text form; outside UTF-8 each half-block character
 * becomes two rows of "##" / "  " pairs. */
static void add_qr_row(struct view *v, const char *row, size_t len)
{
	struct buf top, bottom;
	size_t i = 0;
	uint32_t cp;
	char *line;

	if (text_utf8()) {
		line = xstrndup(row, len);
		pager_add(v, TONE_NORMAL, 3, line);
		free(line);
		return;
	}
	buf_init(&top, 0);
	buf_init(&bottom, 0);
	while (i < len) {
		i += u8_decode(row + i, len - i, &cp);
		buf_adds(&top, cp == 0x2588 || cp == 0x2580 ? "##" : "  ", NULL);
		buf_adds(&bottom, cp == 0x2588 || cp == 0x2584 ? "##" : "  ", NULL);
	}
	pager_add(v, TONE_NORMAL, 3, top.s ? top.s : "");
	pager_add(v, TONE_NORMAL, 3, bottom.s ? bottom.s : "");
	buf_release(&top);
	buf_release(&bottom);
}

static void share_build(struct tui *t, struct view *v, int width)
{
	struct share_view *s = (struct share_view *)v;
	const char *p, *nl;
	char keys[64], *msg;

	if (!v->entry)
		share_load(t, s);
	if (!v->entry) {
		pager_wrap(v, TONE_ERROR, 1, width, _("This badge is no longer in the wallet."));
		return;
	}
	pager_wrap(v, TONE_HEADING, 1, width,
		   json_str(v->entry, "name") ? json_str(v->entry, "name") : _("(no name)"));
	pager_add(v, TONE_NORMAL, 1, "");
	pager_add(v, TONE_HEADING, 1, _("Add to your LinkedIn profile"));
	pager_wrap(v, TONE_NORMAL, 3, width, s->linkedin ? s->linkedin : "—");
	if (keys_of(KM_SHARE, ACT_COPY_URL, keys, sizeof(keys))) {
		msg = xasprintf(_("%s: copy this URL"), keys);
		if (keys_of(KM_SHARE, ACT_OPEN_URL, keys, sizeof(keys))) {
			char *m2 = xasprintf(_("%s; %s: open it in the browser"), msg, keys);

			free(msg);
			msg = m2;
		}
		pager_wrap(v, TONE_DIM, 3, width, msg);
		free(msg);
	}
	if (keys_of(KM_SHARE, ACT_LINKEDIN_ORG, keys, sizeof(keys))) {
		msg = xasprintf(_("%s: set the issuer's LinkedIn organisation id, so that LinkedIn "
				  "links the issuer's page instead of showing its name"), keys);
		pager_wrap(v, TONE_DIM, 3, width, msg);
		free(msg);
	}
	pager_add(v, TONE_NORMAL, 1, "");
	pager_add(v, TONE_HEADING, 1, _("Verification link"));
	if (!s->link) {
		pager_wrap(v, TONE_WARN, 3, width,
			   _("This badge has no public link: it lives only in your wallet (a file, "
			     "not hosted by its issuer). Share it as a file with 'satchel export'."));
		return;
	}
	pager_wrap(v, TONE_NORMAL, 3, width, s->link);
	if (keys_of(KM_SHARE, ACT_COPY_LINK, keys, sizeof(keys))) {
		msg = xasprintf(_("%s: copy this link"), keys);
		pager_wrap(v, TONE_DIM, 3, width, msg);
		free(msg);
	}
	pager_add(v, TONE_NORMAL, 1, "");
	pager_add(v, TONE_HEADING, 1, _("QR code of the verification link"));
	if (!s->qr) {
		msg = xasprintf(_("No QR code: %s"), s->qr_error ? s->qr_error : "?");
		pager_wrap(v, TONE_WARN, 3, width, msg);
		free(msg);
		return;
	}
	for (p = s->qr; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl) {
			add_qr_row(v, p, strlen(p));
			break;
		}
		add_qr_row(v, p, (size_t)(nl - p));
	}
}

/* OSC 52: the terminal puts text on the clipboard. */
static void copy_text(struct tui *t, const char *what, const char *text)
{
	char *b64, *seq;
	size_t len, off = 0;
	ssize_t n;

	if (t->no_display) {
		tui_message(t, 0, _("no terminal to copy to"));
		return;
	}
	b64 = b64_encode((const uint8_t *)text, strlen(text));
	seq = xasprintf("\033]52;c;%s\a", b64);
	len = strlen(seq);
	while (off < len) {
		n = write(STDOUT_FILENO, seq + off, len - off);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	free(seq);
	free(b64);
	tui_message(t, 0, _("copied the %s to the clipboard (if the terminal allows it)"), what);
}

/* The full path of prog on $PATH, or NULL. */
static char *find_program(const char *prog)
{
	const char *path = getenv("PATH"), *p, *end;
	char *full;

	for (p = path ? path : ""; *p; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		if (end == p)
			continue;
		full = xasprintf("%.*s/%s", (int)(end - p), p, prog);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

/* Starts prog url detached (its own session, no terminal, not our
 * child: a second fork leaves it to init). */
static int spawn_detached(const char *prog, const char *url)
{
	pid_t pid = fork(), pid2;
	int status, fd;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		setsid();
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			if (fd > STDERR_FILENO)
				close(fd);
		}
		signal(SIGPIPE, SIG_DFL);
		pid2 = fork();
		if (pid2 == 0) {
			execl(prog, prog, url, (char *)NULL);
			_exit(127);
		}
		_exit(pid2 < 0 ? 1 : 0);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

static void open_url(struct tui *t, const char *url)
{
	char *prog = find_program("xdg-open");

	if (!prog) {
		tui_message(t, 1, _("xdg-open is not installed; copy the URL instead"));
		return;
	}
	if (spawn_detached(prog, url) < 0)
		tui_message(t, 1, _("could not start xdg-open"));
	else
		tui_message(t, 0, _("opening the URL in the browser"));
	free(prog);
}

static const struct view_ops share_ops;

/* Forgets what share_load made, so that the next draw makes it again. */
static void share_reset(struct share_view *s)
{
	free(s->linkedin);
	free(s->link);
	free(s->qr);
	free(s->qr_error);
	s->linkedin = s->link = s->qr = s->qr_error = NULL;
	json_decref(s->v.entry);
	s->v.entry = NULL;
	s->v.built_width = 0;
}

static const char *issuer_id(const struct view *v)
{
	return json_str(json_object_get(v->entry, "issuer"), "id");
}

/* The prompt's answer: the setting linkedin.org.<issuer id> (satchel
 * config), which the add-to-profile URL then uses instead of the
 * issuer's name; empty removes it.  LinkedIn's ids are numbers. */
static unsigned org_done(struct tui *t, const char *text, int ok)
{
	struct view *v = t->nviews ? t->views[t->nviews - 1] : NULL;
	struct err err = ERR_INIT;
	char *key;

	if (!ok || !v || v->ops != &share_ops || !issuer_id(v))
		return RE_REDRAW;
	if (strspn(text, "0123456789") != strlen(text)) {
		tui_message(t, 1, _("a LinkedIn organisation id is a number, like 1337"));
		return RE_REDRAW;
	}
	key = xasprintf("linkedin.org.%s", issuer_id(v));
	if (collection_setting_set(t->w, key, *text ? text : NULL, &err) < 0) {
		tui_message(t, 1, "%s", err.msg);
	} else {
		tui_message(t, 0, *text ? _("organisation id saved") : _("organisation id removed"));
		share_reset((struct share_view *)v);
	}
	free(key);
	return RE_REDRAW;
}

static unsigned start_org_prompt(struct tui *t, struct view *v)
{
	json_t *settings;
	char *key, *label;

	if (!issuer_id(v)) {
		tui_message(t, 1, _("this badge names no issuer id"));
		return RE_REDRAW;
	}
	settings = collection_settings(t->w, NULL);
	key = xasprintf("linkedin.org.%s", issuer_id(v));
	label = xasprintf(_("LinkedIn organisation id of %s (empty: none): "),
			  json_str(json_object_get(v->entry, "issuer"), "name") ?
			  json_str(json_object_get(v->entry, "issuer"), "name") : issuer_id(v));
	prompt_open(t, label, json_str(settings, key), NULL, org_done, NULL);
	free(label);
	free(key);
	json_decref(settings);
	return RE_REDRAW;
}

static unsigned share_handle(struct tui *t, struct view *v, enum action a)
{
	struct share_view *s = (struct share_view *)v;

	switch (a) {
	case ACT_COPY_URL:
	case ACT_COPY_LINK:
	case ACT_OPEN_URL:
	case ACT_LINKEDIN_ORG:
		break;
	default:
		return pager_handle(t, v, a);
	}
	if (!v->entry)
		share_load(t, s);
	if (!v->entry)
		return RE_REDRAW;	/* the build says it is gone */
	if (a == ACT_LINKEDIN_ORG)
		return start_org_prompt(t, v);
	if (a == ACT_COPY_LINK) {
		if (s->link)
			copy_text(t, _("verification link"), s->link);
		else
			tui_message(t, 1, _("this badge has no public link"));
	} else if (!s->linkedin) {
		tui_message(t, 1, _("no LinkedIn URL for this badge"));
	} else if (a == ACT_COPY_URL) {
		copy_text(t, _("LinkedIn URL"), s->linkedin);
	} else {
		open_url(t, s->linkedin);
	}
	return RE_REDRAW;
}

static void share_status(struct tui *t, struct view *v, char *out, size_t n)
{
	char pos[64];

	(void)t;
	pager_position(v, pos, sizeof(pos));
	snprintf(out, n, "[share] %.12s  %s", v->id, pos);
}

static void share_done(struct view *v)
{
	share_reset((struct share_view *)v);
	pager_done(v);
}

static const struct view_ops share_ops = {
	KM_SHARE, pager_draw, share_handle, share_status, pager_click, share_build, share_done,
};

struct view *view_share_new(const char *id)
{
	struct share_view *s = xcalloc(1, sizeof(*s));

	s->v.ops = &share_ops;
	s->v.title = _("Share");
	snprintf(s->v.id, sizeof(s->v.id), "%s", id);
	return &s->v;
}
