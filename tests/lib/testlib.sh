# testlib.sh — a small shell test library in the spirit of git's t/test-lib.sh.
#
# A test script sources this file, then calls
#   test_expect_success 'what it checks' 'commands'
# and ends with test_done.  Each script runs in a private directory with
# HOME, XDG_* and SATCHEL_* pointing into it, TZ=UTC, LC_ALL=C.UTF-8, so
# no test can see the user's real wallet, keyring or config.
# Output: "ok N - name" / "not ok N - name" (TAP-like); the last line of
# a script is "# passed=N failed=N", read by tests/run.sh.

set -u
TEST_NAME=$(basename "$0" .sh)
SRC_ROOT=$(cd "$(dirname "$0")/../.." && pwd)
: "${BUILD:=build/default}"
SATCHEL_BIN="$SRC_ROOT/$BUILD/satchel"; export SATCHEL_BIN
TOOLS="$SRC_ROOT/$BUILD/tools"
CORPORA=$(cd "${SATCHEL_CORPORA:-$SRC_ROOT/../shared/corpora}" 2>/dev/null && pwd || echo "${SATCHEL_CORPORA:-$SRC_ROOT/../shared/corpora}")
[ -d "$CORPORA" ] || echo "# note: no test corpora at $CORPORA (set SATCHEL_CORPORA): corpus tests fail" >&2
TRASH="$SRC_ROOT/build/trash/$TEST_NAME"
rm -rf "$TRASH" && mkdir -p "$TRASH" && cd "$TRASH" || exit 1

export HOME="$TRASH/home" XDG_DATA_HOME="$TRASH/home/data" XDG_CONFIG_HOME="$TRASH/home/config"
export XDG_CACHE_HOME="$TRASH/home/cache" TZ=UTC LC_ALL=C.UTF-8 LANG=C.UTF-8
unset SATCHEL_WALLET SATCHEL_PASSPHRASE SATCHEL_NOW SATCHEL_CA_FILE SATCHEL_RESOLVE LANGUAGE
export SATCHEL_NO_KEYRING=1	# tests that want a keyring start their own
export SATCHEL_KDF_LOG2N=12	# cheap scrypt for tests; real wallets use the default
export SATCHEL_DATADIR="$SRC_ROOT/share"
mkdir -p "$HOME"

test_count=0 test_failed=0

satchel() { "$SATCHEL_BIN" "$@"; }

say() { printf '%s\n' "$*"; }

test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out.$test_count" 2>&1; then
		say "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $1"
		sed -e 's/^/#   /' "$TRASH/.out.$test_count" | tail -40
	fi
}

# test_cmp EXPECTED ACTUAL: fail with a diff when the files differ.
test_cmp() { diff -u "$1" "$2"; }

# expect_code N cmd...: run cmd, fail unless it exits with N.
expect_code() {
	want=$1; shift
	"$@"; got=$?
	if [ "$got" != "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
	return 0
}

# wallet_digest DIR: a digest of every file in a wallet (names, bytes,
# modes), to prove a failed command left it byte-identical.
wallet_digest() {
	(cd "$1" && find . -type f ! -name lock -print0 | sort -z | xargs -0 sha256sum) | sha256sum
}

test_done() {
	say "# passed=$((test_count - test_failed)) failed=$test_failed"
	[ "$test_failed" = 0 ]
}

# json_len FILE: the length of the JSON array in FILE.
json_len() { python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$1"; }
# json_get FILE EXPR: evaluates a Python expression over the JSON as d.
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
SQ="'"
