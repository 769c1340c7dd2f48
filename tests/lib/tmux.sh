# tmux.sh — drive satchel's full-screen view in a private tmux server.
# Source after testlib.sh, then:
#
#   tui_start [-x COLS] [-y ROWS] CMD...   a detached session running CMD
#                                  (default 80x24) in the test directory,
#                                  with the test environment
#   tui_keys KEY...                tmux send-keys (j, Enter, Escape, C-c...)
#   tui_type TEXT                  literal text (send-keys -l)
#   tui_wait TEXT [SECONDS]        poll the screen until TEXT (a grep -F
#                                  pattern) shows; on timeout print the
#                                  screen to stderr and fail (default 10 s)
#   tui_wait_not TEXT [SECONDS]    the same, until TEXT is gone
#   tui_snap                       the screen as text, trailing blanks cut
#   tui_resize COLS ROWS           resize the window
#   tui_running                    true while the program still runs
#   tui_wait_exit [SECONDS]        wait for the program to end
#   tui_wait_file FILE [SECONDS]   wait until FILE is there, not empty
#   tui_status                     the exit status of the ended program
#   tui_stop                       kill the server (trap'ed at exit)
#   tui_sanitizer_clean            fails (printing them) when a program
#                                  under test wrote an ASan/UBSan report
#
# The server is private (-L satchel-PID, its own small config), so tests never
# touch a user's tmux.  Polling, never a bare sleep.

# Sanitizer reports of the programs under test go to files (a pane's
# stderr is gone with it); tui_sanitizer_clean fails when there is one.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}log_path=${TRASH:-/tmp}/sanitizer"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}log_path=${TRASH:-/tmp}/sanitizer:print_stacktrace=1"
tui_sanitizer_clean() {
	set -- "${TRASH:-/tmp}"/sanitizer.*
	[ -e "$1" ] || return 0
	cat "$@" | head -80
	return 1
}

TMUX_SOCK="satchel-$$"
TMUX_CONF="${TRASH:-/tmp}/.tmux-$$.conf"
# remain-on-exit keeps the pane (and its last screen) after the program
# ends, so tests can look at what it left behind.
printf 'set -g remain-on-exit on\nset -g status off\nset -g history-limit 0\n' >"$TMUX_CONF"
TM() { tmux -L "$TMUX_SOCK" -f "$TMUX_CONF" "$@"; }

tui_stop() { TM kill-server >/dev/null 2>&1 || true; }
trap 'tui_stop' EXIT

# The server runs in the foreground of a background job (-D), not as a
# daemon: daemon(3) fails when /dev/null is not the device (a command
# that renames a file over /dev/null breaks it for everyone).
tui_server() {
	case $(TM has-session -t satchel-none 2>&1) in
	*"no server running"*|*"error connecting"*) ;;
	*) return 0 ;;
	esac
	TM -D >"${TRASH:-/tmp}/.tmux-server-$$.log" 2>&1 &
	_n=200
	while [ "$_n" -gt 0 ]; do
		case $(TM has-session -t satchel-none 2>&1) in
		*"no server running"*|*"error connecting"*) ;;
		*) return 0 ;;
		esac
		sleep 0.02
		_n=$((_n - 1))
	done
	echo "tmux.sh: the tmux server did not start" >&2
	cat "${TRASH:-/tmp}/.tmux-server-$$.log" >&2
	return 1
}

tui_start() {
	_x=80 _y=24
	while [ $# -gt 0 ]; do
		case $1 in
		-x) _x=$2; shift 2 ;;
		-y) _y=$2; shift 2 ;;
		*) break ;;
		esac
	done
	tui_server || return 1
	TM kill-session -t t >/dev/null 2>&1
	while TM has-session -t t >/dev/null 2>&1; do sleep 0.02; done
	TM new-session -d -s t -x "$_x" -y "$_y" -c "$PWD" \
		"exec env $(tui_env) $(tui_quote "$@")" || return 1
}

# The environment for the program inside tmux: the tmux server keeps
# its own environment, so the test's is passed on explicitly.
tui_env() {
	for _v in HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME TZ LC_ALL LANG \
		SATCHEL_NO_KEYRING SATCHEL_KDF_LOG2N SATCHEL_DATADIR SATCHEL_WALLET \
		SATCHEL_PASSPHRASE SATCHEL_NOW SATCHEL_CA_FILE SATCHEL_RESOLVE SATCHEL_CONFIG \
		SATCHEL_TUI_SCRIPT SATCHEL_TUI_TIMING SATCHEL_BIN SATCHEL_LOCALEDIR NO_COLOR no_proxy NO_PROXY \
		ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS; do
		eval "_val=\${$_v+set}"
		[ "$_val" = set ] || continue
		eval "_val=\$$_v"
		printf "%s=%s" "$_v" "$(tui_quote "$_val")"
	done
	# tmux sends the keys of its own terminal type: TERM=screen-256color
	# reads <Home>/<End> and colours as tmux writes them.
	printf "TERM='%s' " "${TUI_TERM:-screen-256color}"
}

# Each argument single-quoted, for the shell tmux runs the command with.
tui_quote() {
	for _a in "$@"; do
		printf "'%s' " "$(printf %s "$_a" | sed "s/'/'\\\\''/g")"
	done
}

tui_keys() { TM send-keys -t t "$@"; }
tui_type() { TM send-keys -t t -l "$1"; }

tui_snap() { TM capture-pane -p -t t 2>/dev/null | sed -e 's/[[:space:]]*$//'; }

tui_wait() {
	_n=$(( ${2:-10} * 20 ))
	while [ "$_n" -gt 0 ]; do
		tui_snap | grep -qF -- "$1" && return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	echo "tui_wait: '$1' did not show; the screen:" >&2
	tui_snap >&2
	return 1
}

tui_wait_not() {
	_n=$(( ${2:-10} * 20 ))
	while [ "$_n" -gt 0 ]; do
		tui_snap | grep -qF -- "$1" || return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	echo "tui_wait_not: '$1' is still there; the screen:" >&2
	tui_snap >&2
	return 1
}

tui_resize() { TM resize-window -t t -x "$1" -y "$2"; }

tui_running() {
	[ "$(TM display-message -p -t t '#{pane_dead}' 2>/dev/null)" = 0 ]
}

tui_wait_exit() {
	_n=$(( ${1:-10} * 20 ))
	while [ "$_n" -gt 0 ]; do
		tui_running || return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	echo "tui_wait_exit: still running; the screen:" >&2
	tui_snap >&2
	return 1
}

# tui_wait_file FILE [SECONDS]: until FILE exists and is not empty.
tui_wait_file() {
	_n=$(( ${2:-10} * 20 ))
	while [ "$_n" -gt 0 ]; do
		[ -s "$1" ] && return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	echo "tui_wait_file: no $1; the screen:" >&2
	tui_snap >&2
	return 1
}

# The exit status of the program after it ended.
# (tmux may mark the pane dead a moment before it knows the status)
tui_status() {
	_n=40
	while [ "$_n" -gt 0 ]; do
		_st=$(TM display-message -p -t t '#{pane_dead_status}' 2>/dev/null)
		[ -n "$_st" ] && { echo "$_st"; return 0; }
		sleep 0.05
		_n=$((_n - 1))
	done
	echo "none"
}
