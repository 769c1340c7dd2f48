#!/bin/sh
# tui verification against the local HTTPS test issuer: v and V run in
# the background (child processes), verdicts change on screen as results
# arrive, keys keep working while a slow issuer answers, the reports are
# kept in the wallet and shown check by check.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"
. "$SRC_ROOT/tests/lib/tmux.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w" SATCHEL_CONFIG=
satchel init -q >/dev/null 2>&1
mkdir -p www srv gen
testca_init srv >/dev/null
cat >routes.json <<'JSON'
{ "/gone/assertions/g1.json": {"status": 410,
    "body": "{\"id\": \"x\", \"revoked\": true, \"revocationReason\": \"Prüfung wiederholt\"}"},
  "/slow/assertions/sl.json": {"delay_ms": 4000, "body_file": "slow/assertions/sl.json"} }
JSON
https_server_start srv www routes.json || exit 1
trap 'https_server_stop "$TRASH/srv"; tui_stop' EXIT
P=$HTTPS_PORT
T="$TOOLS/test-issuer"

issue() {
	path=$1 slug=$2; shift 2
	"$T" ob2-hosted --base-url "https://issuer.example:$P/$path" --issuer-name "Issuer $path" \
		--name "Badge $slug" --description "d" --criteria "c" --id-suffix "$slug" \
		--recipient lena@example.org --salt salz --issued 2024-01-01T00:00:00Z \
		--site gen -o "$slug.json" "$@" >/dev/null 2>&1 &&
	cp -R gen/"issuer.example:$P"/. www/
}
issue ok h1 && issue gone g1 && issue slow sl || exit 1
# imported by URL, so that the BadgeClass and the issuer (linked by URL)
# come along and the list has names; g1 answers 410 now: import the file
U="https://issuer.example:$P"
satchel import -q "$U/ok/assertions/h1.json" "$U/slow/assertions/sl.json" >import.log 2>&1 ||
	{ cat import.log; exit 1; }
satchel import -q g1.json >/dev/null 2>&1

row() { tui_snap | grep "Badge $1"; }

test_expect_success 'three unchecked badges' '
	tui_start "$SATCHEL_BIN" && tui_wait "3 badges" && tui_wait "Badge sl" &&
	tui_snap | sed -n 3p | grep "(no name)" &&
	test "$(tui_snap | grep -c unchecked)" = 3
'

test_expect_success 'v verifies the selected badge; its verdict changes' '
	tui_keys j && tui_wait "[list] 2/3" && tui_keys v &&
	tui_wait "✓ Badge h1" && row h1 | grep verified &&
	tui_snap | grep "(no name).*unchecked" && tui_wait "verification done: 1 verified"
'

test_expect_success 'the detail shows the report check by check, with its time' '
	tui_keys Enter && tui_wait "[detail]" && tui_keys End && tui_wait "Last verification" &&
	tui_snap | grep "verified, checked 20" && tui_snap | grep "pass *hosted" &&
	tui_keys q && tui_wait "[list]"
'

test_expect_success 'V verifies all in the background; results arrive one by one' '
	tui_keys V && tui_wait "verifying" &&
	tui_wait "revoked" && tui_snap | grep "R (no name)" &&
	row sl | grep -E "checking|queued"
'

test_expect_success 'keys keep working while the slow issuer answers' '
	row sl | grep -E "checking|queued" &&
	tui_keys j && tui_wait "[list] 3/3" && tui_keys k && tui_wait "[list] 2/3" &&
	tui_keys "?" && tui_wait "keys and commands" && tui_keys q && tui_wait "[list]" &&
	row sl | grep -E "checking|queued" && tui_snap | grep "verifying"
'

test_expect_success 'the slow one arrives; the progress goes away' '
	tui_wait "✓ Badge sl" 20 && tui_wait_not "verifying" &&
	tui_wait "verification done" && tui_snap | grep "1 revoked"
'

test_expect_success 'the verdicts are kept in the wallet (the children recorded them)' '
	tui_keys q && tui_wait_exit &&
	satchel --json list --verdict revoked >l && test "$(json_len l)" = 1 &&
	satchel --json list --verdict verified >l && test "$(json_len l)" = 2
'

test_expect_success 'at the next start the verdicts are there at once' '
	tui_start "$SATCHEL_BIN" && tui_wait "3 badges" && tui_snap | grep "(no name).*revoked" &&
	row h1 | grep verified
'

test_expect_success 'filter by verdict' '
	tui_keys F && tui_type "rev" && tui_keys Tab && tui_wait "revoked" && tui_keys Enter &&
	tui_wait "only revoked" && tui_wait "[list] 1/1" && tui_keys Escape && tui_wait "[list] 1/3"
'

test_expect_success 'quitting while a check runs ends it and restores the terminal' '
	rm -f rc tty.after &&
	tui_start sh -c "stty -g >tty.before; \"\$SATCHEL_BIN\"; echo \$? >rc; stty -g >tty.after" &&
	tui_wait "3 badges" && tui_keys G v && tui_wait "checking" && tui_keys q &&
	tui_wait_file tty.after && test "$(cat rc)" = 0 && test_cmp tty.before tty.after &&
	! ps -eo args | grep -v grep | grep -q "satchel.* verify $(satchel --json list | json_get /dev/stdin "sorted(x[\"id\"] for x in d if x[\"name\"]==\"Badge sl\")[0]")"
'

test_expect_success 'the passphrase reaches the children without argv or environment' '
	unset SATCHEL_PASSPHRASE && printf "pw\n" >pf &&
	tui_start "$SATCHEL_BIN" --passphrase-file "$TRASH/pf" && tui_wait "3 badges" &&
	tui_keys g v && tui_wait "verification done: 1 revoked" 20 &&
	tui_keys q && tui_wait_exit
'

test_expect_success 'offline: nothing is fetched, the verdict is unknown' '
	export SATCHEL_PASSPHRASE=pw &&
	before=$(wc -l <srv/requests.log) &&
	tui_start "$SATCHEL_BIN" --offline && tui_wait "3 badges" &&
	tui_keys j v && tui_wait "verification done: 1" 20 &&
	tui_keys q && tui_wait_exit && test "$(wc -l <srv/requests.log)" = "$before"
'

test_expect_success 'no sanitizer reports (ASan/UBSan builds)' 'tui_sanitizer_clean'

test_done
