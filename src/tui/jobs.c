/* jobs.c — verification and import in child processes.
 *
 * The verifier is not called in this process: its JSON-LD module is not
 * thread-safe and its network calls block.  Each job runs this same
 * binary (`satchel --json verify ID...`, `satchel --json import SOURCE`)
 * with its stdout and stderr on pipes that the event loop polls along
 * with the keyboard, so keys keep working and results show as each child
 * finishes.  A stored badge's child records the report in the wallet
 * itself; the list takes the verdict from the child's output at once and
 * re-reads the index a moment later.
 *
 * The wallet passphrase, when the keyring did not unlock the wallet,
 * goes to the child through an inherited pipe (--passphrase-file
 * /dev/fd/3): never in argv, never in the environment.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tui-int.h"
#include "satchel/json.h"
#include "satchel/xalloc.h"

extern char **environ;

#define JOB_OUT_MAX (16u * 1024 * 1024)
#define PASS_FD 3

static int counts[8];	/* verdicts since the queue was last idle */
static int failed;	/* badges no report came for, in that time */

int jobs_busy(const struct tui *t)
{
	return t->jobs.nrun > 0 || t->jobs.qlen > 0;
}

static int needs_passphrase(const struct tui *t)
{
	return t->w->encrypted && !t->w->keyring_used && t->pass.len > 0;
}

/* A read end the child gets as fd 3: moved above 3 so that the dup2 in
 * the child is a real one (which clears close-on-exec). */
static int pass_pipe(const struct tui *t)
{
	int p[2], fd;
	ssize_t w;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	w = write(p[1], t->pass.s, t->pass.len);
	close(p[1]);
	if (w != (ssize_t)t->pass.len) {
		close(p[0]);
		return -1;
	}
	if (p[0] <= PASS_FD) {
		fd = fcntl(p[0], F_DUPFD_CLOEXEC, PASS_FD + 1);
		close(p[0]);
		p[0] = fd;
	}
	return p[0];
}

static void build_argv(const struct tui *t, char **argv, size_t *n, int with_pass)
{
	static char prog[] = "satchel", json[] = "--json", wallet[] = "--wallet",
		    nokr[] = "--no-keyring", offline[] = "--offline", pf[] = "--passphrase-file",
		    fd[] = "/dev/fd/3";

	argv[(*n)++] = prog;
	argv[(*n)++] = json;
	argv[(*n)++] = wallet;
	argv[(*n)++] = t->w->dir;
	if (t->app->no_keyring)
		argv[(*n)++] = nokr;
	if (t->app->offline)
		argv[(*n)++] = offline;
	if (with_pass) {
		argv[(*n)++] = pf;
		argv[(*n)++] = fd;
	}
}

/* stdin /dev/null, stdout and stderr to the pipes, the passphrase as
 * fd 3; default signal handling (our SIGPIPE ignore too), its own
 * process group (Ctrl-C in the terminal is ours alone). */
static int spawn(pid_t *pid, char **argv, int out, int err, int pass)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, deflt;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, err, 2);
	if (pass >= 0)
		posix_spawn_file_actions_adddup2(&fa, pass, PASS_FD);
	posix_spawnattr_init(&attr);
	sigemptyset(&none);
	sigfillset(&deflt);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &deflt);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
				 POSIX_SPAWN_SETPGROUP);
	rc = posix_spawn(pid, "/proc/self/exe", &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	return rc;
}

static int spawn_job(struct tui *t, struct job *j, char **args, size_t nargs)
{
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, pass = -1, rc = -1;
	char **argv = xcalloc(nargs + 16, sizeof(*argv));
	size_t n = 0, i;

	if (needs_passphrase(t) && (pass = pass_pipe(t)) < 0)
		goto out;
	if (pipe2(out, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		goto out;
	build_argv(t, argv, &n, pass >= 0);
	for (i = 0; i < nargs; i++)
		argv[n++] = args[i];
	rc = spawn(&j->pid, argv, out[1], err[1], pass);
	if (rc != 0) {
		tui_message(t, 1, _("could not start a background job: %s"), strerror(rc));
		rc = -1;
		goto out;
	}
	j->out_fd = out[0];
	j->err_fd = err[0];
	out[0] = err[0] = -1;
	fcntl(j->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(j->err_fd, F_SETFL, O_NONBLOCK);
	buf_init(&j->out, JOB_OUT_MAX);
	buf_init(&j->err, 64 * 1024);
	j->reaped = 0;
	rc = 0;
out:
	for (i = 0; i < 2; i++) {
		if (out[i] >= 0)
			close(out[i]);
		if (err[i] >= 0)
			close(err[i]);
	}
	if (pass >= 0)
		close(pass);
	free(argv);
	return rc;
}

/* ---- the verification queue ----------------------------------------- */

void jobs_verify(struct tui *t, const char *id)
{
	struct jobs *q = &t->jobs;
	struct item *it = list_find(t, id);

	if (it && it->state != JS_IDLE)
		return;
	if (q->qhead + q->qlen >= q->qcap && q->qhead) {	/* slide to the front */
		memmove(q->queue, q->queue + q->qhead, q->qlen * sizeof(*q->queue));
		q->qhead = 0;
	}
	xgrow((void **)&q->queue, &q->qcap, q->qhead + q->qlen + 1, sizeof(*q->queue));
	snprintf(q->queue[q->qhead + q->qlen++], WALLET_ID_LEN + 1, "%s", id);
	if (!q->nrun && q->qlen == 1) {
		q->total = q->done = 0;
		memset(counts, 0, sizeof(counts));
		failed = 0;
	}
	q->total++;
	if (it)
		it->state = JS_QUEUED;
}

void jobs_cancel(struct tui *t)
{
	struct jobs *q = &t->jobs;
	size_t i;

	for (i = 0; i < q->qlen; i++) {
		struct item *it = list_find(t, q->queue[q->qhead + i]);

		if (it)
			it->state = JS_IDLE;
	}
	q->total -= q->qlen;
	q->qlen = q->qhead = 0;
}

static struct job *free_slot(struct tui *t)
{
	struct job *j;

	if (t->jobs.nrun >= JOBS_MAX)
		return NULL;
	j = &t->jobs.run[t->jobs.nrun];
	memset(j, 0, sizeof(*j));
	j->out_fd = j->err_fd = -1;
	return j;
}

/* A child verifies a few badges when many wait, so that a wallet of
 * thousands does not start thousands of processes (each unlocks the
 * wallet); one at a time otherwise, so that results come one by one. */
static void start_verify(struct tui *t)
{
	struct jobs *q = &t->jobs;
	size_t batch = q->qlen / (JOBS_MAX * 4), i;
	struct job *j;

	if (!q->qlen || !(j = free_slot(t)))
		return;
	if (batch < 1)
		batch = 1;
	if (batch > 16)
		batch = 16;
	j->kind = JOB_VERIFY;
	j->ids = xcalloc(batch + 2, sizeof(*j->ids));
	j->ids[j->nids++] = xstrdup("verify");
	for (i = 0; i < batch; i++) {
		struct item *it;

		j->ids[j->nids] = xstrdup(q->queue[q->qhead++]);
		q->qlen--;
		if ((it = list_find(t, j->ids[j->nids])))
			it->state = JS_RUNNING;
		j->nids++;
	}
	if (!q->qlen)
		q->qhead = 0;
	if (spawn_job(t, j, j->ids, j->nids) < 0) {
		for (i = 1; i < j->nids; i++) {
			struct item *it = list_find(t, j->ids[i]);

			if (it)
				it->state = JS_IDLE;
			free(j->ids[i]);
		}
		q->done += j->nids - 1;
		free(j->ids[0]);
		free(j->ids);
		return;
	}
	q->nrun++;
}

void jobs_import(struct tui *t, const char *source)
{
	struct job *j = free_slot(t);

	if (!j) {
		tui_message(t, 1, _("busy: try again when the background work is done"));
		return;
	}
	j->kind = JOB_IMPORT;
	j->ids = xcalloc(3, sizeof(*j->ids));
	j->ids[j->nids++] = xstrdup("import");
	j->ids[j->nids++] = xstrdup(source);
	if (spawn_job(t, j, j->ids, j->nids) < 0) {
		free(j->ids[0]);
		free(j->ids[1]);
		free(j->ids);
		return;
	}
	t->jobs.nrun++;
	tui_message(t, 0, _("importing %s…"), source);
}

size_t jobs_pollfds(struct tui *t, struct pollfd *pfd, size_t max)
{
	size_t i, n = 0;

	while (t->jobs.qlen && t->jobs.nrun < JOBS_MAX) {
		size_t before = t->jobs.nrun, qlen = t->jobs.qlen;

		start_verify(t);
		if (t->jobs.nrun == before && t->jobs.qlen == qlen)
			break;
	}
	for (i = 0; i < t->jobs.nrun && n + 2 <= max; i++) {
		struct job *j = &t->jobs.run[i];

		if (j->out_fd >= 0)
			pfd[n++] = (struct pollfd){ j->out_fd, POLLIN, 0 };
		if (j->err_fd >= 0)
			pfd[n++] = (struct pollfd){ j->err_fd, POLLIN, 0 };
	}
	return n;
}

/* Reads what fd has; closes it at EOF (or when the buffer is full). */
static void drain(int *fd, struct buf *b)
{
	char chunk[8192];
	ssize_t got;

	while (*fd >= 0) {
		got = read(*fd, chunk, sizeof(chunk));
		if (got > 0 && buf_add(b, chunk, (size_t)got, NULL) == 0)
			continue;
		if (got < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		close(*fd);
		*fd = -1;
	}
}

/* The first line of the child's stderr, without "satchel: error: ". */
static void child_error(const struct job *j, char *out, size_t n)
{
	const char *s = j->err.s ? j->err.s : "", *p = strstr(s, "error: ");
	size_t len;

	if (p && p - s < 40)
		s = p + 7;
	len = strcspn(s, "\n");
	if (!len) {
		snprintf(out, n, _("the background job ended with status %d"),
			 WIFEXITED(j->status) ? WEXITSTATUS(j->status) : 128 + WTERMSIG(j->status));
		return;
	}
	snprintf(out, n, "%.*s", (int)len, s);
}

static void invalidate_detail(struct tui *t, const char *id)
{
	int i;

	for (i = 0; i <= t->nviews; i++) {
		struct view *v = i < t->nviews ? t->views[i] : t->preview;

		if (!v)
			continue;
		if (v->ops->keymap == KM_DETAIL && !strcmp(v->id, id)) {
			json_decref(v->entry);
			v->entry = NULL;
			v->built_width = 0;
		}
	}
}

static void verdict_arrived(struct tui *t, const char *id, const char *verdict)
{
	struct item *it = list_find(t, id);
	const char *v = verdict_canonical(verdict);
	int k;

	if (it) {
		it->verdict = v ? v : "unknown";
		it->state = JS_IDLE;
	}
	for (k = 0; verdict_names[k]; k++)
		if (v == verdict_names[k])
			counts[k]++;
	invalidate_detail(t, id);
}

static void summary_message(struct tui *t)
{
	char msg[400];
	size_t len;
	int k;

	len = (size_t)snprintf(msg, sizeof(msg), _("verification done:"));
	for (k = 0; verdict_names[k] && len < sizeof(msg); k++)
		if (counts[k])
			len += (size_t)snprintf(msg + len, sizeof(msg) - len, " %d %s,", counts[k],
						verdict_label(verdict_names[k]));
	if (failed && len < sizeof(msg))
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, _(" %d not checked (see above),"),
					failed);
	if (len && msg[len - 1] == ',')
		msg[len - 1] = '\0';
	tui_message(t, failed != 0, "%s", msg);
}

static unsigned verify_finished(struct tui *t, struct job *j)
{
	json_t *out = json_loadb(j->out.s, j->out.len, 0, NULL), *rep;
	char why[300];
	size_t i;

	json_array_foreach(out, i, rep)
		if (json_str(rep, "id"))
			verdict_arrived(t, json_str(rep, "id"), json_str(rep, "verdict"));
	for (i = 1; i < j->nids; i++) {
		struct item *it = list_find(t, j->ids[i]);

		if (it && it->state != JS_IDLE) {	/* no report came for it */
			it->state = JS_IDLE;
			child_error(j, why, sizeof(why));
			tui_message(t, 1, _("could not verify %.12s: %s"), j->ids[i], why);
			failed++;
		}
		t->jobs.done++;
	}
	json_decref(out);
	if (!jobs_busy(t) && !failed)
		summary_message(t);
	/* results are on screen already: re-read the index soon, once */
	if (!t->jobs.reload_due_ms)
		t->jobs.reload_due_ms = tui_now_ms() + (jobs_busy(t) ? 2000 : 0);
	if (!jobs_busy(t))
		t->jobs.reload_due_ms = tui_now_ms();
	return RE_REDRAW;
}

static unsigned import_finished(struct tui *t, struct job *j)
{
	json_t *out = json_loadb(j->out.s, j->out.len, 0, NULL), *r;
	int added = 0, existed = 0, rejected = 0;
	const char *reason = NULL;
	char why[300];
	size_t i;

	if (!json_is_array(out)) {
		child_error(j, why, sizeof(why));
		tui_message(t, 1, _("import failed: %s"), why);
		json_decref(out);
		return RE_REDRAW;
	}
	json_array_foreach(out, i, r) {
		const char *st = json_str(r, "status");

		if (st && !strcmp(st, "added")) {
			if (!added++ && json_str(r, "id")) {
				free(t->pending_select);
				t->pending_select = xstrdup(json_str(r, "id"));
			}
		} else if (st && !strcmp(st, "exists")) {
			existed++;
		} else {
			rejected++;
			if (!reason)
				reason = json_str(r, "error");
		}
	}
	if (rejected)
		tui_message(t, 1, _("imported: %d added, %d already there, %d rejected (%s)"), added,
			    existed, rejected, reason ? reason : "?");
	else
		tui_message(t, 0, _("imported: %d added, %d already there"), added, existed);
	json_decref(out);
	return RE_RELOAD;
}

static void job_release(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nids; i++)
		free(j->ids[i]);
	free(j->ids);
	buf_release(&j->out);
	buf_release(&j->err);
	if (j->out_fd >= 0)
		close(j->out_fd);
	if (j->err_fd >= 0)
		close(j->err_fd);
}

unsigned jobs_service(struct tui *t)
{
	unsigned re = RE_NONE;
	size_t i = 0;

	while (i < t->jobs.nrun) {
		struct job *j = &t->jobs.run[i];

		drain(&j->out_fd, &j->out);
		drain(&j->err_fd, &j->err);
		if (j->out_fd >= 0 || j->err_fd >= 0 ||
		    waitpid(j->pid, &j->status, WNOHANG) != j->pid) {
			i++;
			continue;
		}
		t->jobs.nrun--;	/* out of the running set before the results */
		re |= j->kind == JOB_VERIFY ? verify_finished(t, j) : import_finished(t, j);
		job_release(j);
		memmove(j, j + 1, (t->jobs.nrun - i) * sizeof(*j));
	}
	if (t->jobs.reload_due_ms && tui_now_ms() >= t->jobs.reload_due_ms) {
		t->jobs.reload_due_ms = 0;
		re |= RE_RELOAD;
	}
	return re;
}

void jobs_kill_all(struct tui *t)
{
	size_t i;

	jobs_cancel(t);
	for (i = 0; i < t->jobs.nrun; i++) {
		struct job *j = &t->jobs.run[i];

		kill(j->pid, SIGTERM);
		while (waitpid(j->pid, &j->status, 0) < 0 && errno == EINTR)
			;
		job_release(j);
	}
	t->jobs.nrun = 0;
	free(t->jobs.queue);
	t->jobs.queue = NULL;
	t->jobs.qcap = 0;
}

void jobs_mark_items(struct tui *t)
{
	struct jobs *q = &t->jobs;
	size_t i, k;

	for (i = 0; i < q->qlen; i++) {
		struct item *it = list_find(t, q->queue[q->qhead + i]);

		if (it)
			it->state = JS_QUEUED;
	}
	for (i = 0; i < q->nrun; i++)
		for (k = 1; q->run[i].kind == JOB_VERIFY && k < q->run[i].nids; k++) {
			struct item *it = list_find(t, q->run[i].ids[k]);

			if (it)
				it->state = JS_RUNNING;
		}
}

void jobs_progress(const struct tui *t, char *out, size_t n)
{
	const struct jobs *q = &t->jobs;
	size_t i;
	int importing = 0;

	out[0] = '\0';
	for (i = 0; i < q->nrun; i++)
		if (q->run[i].kind == JOB_IMPORT)
			importing = 1;
	if (q->total && (q->qlen || q->nrun > (size_t)importing))
		snprintf(out, n, _("%s verifying %zu of %zu"), spinner_frame(q->tick),
			 q->done + 1 > q->total ? q->total : q->done + 1, q->total);
	else if (importing)
		snprintf(out, n, _("%s importing"), spinner_frame(q->tick));
}
