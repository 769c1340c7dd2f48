#!/bin/sh
# tui pathways and share views: a stored pathway with its progress bar and
# what is missing (screen dump at 80x24, also outside UTF-8), no pathways;
# the cursor: Enter on a met requirement opens the badge that met it, on
# a group a view of just that group (q/Esc go back up);
# the share view of a badge: LinkedIn URL, verification link and QR code,
# copying with OSC 52 (tmux takes it as a paste buffer), opening with a
# stand-in xdg-open, and the message when xdg-open is missing.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/tmux.sh"

EXP="$SRC_ROOT/tests/tui/expected"
export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w" SATCHEL_CONFIG=
SATCHEL_NOW=2026-01-01T00:00:00Z satchel init --samples -q >init.log 2>&1 || { cat init.log; exit 1; }

# tui_wait_re REGEX: tui_wait for a grep (basic) regular expression
tui_wait_re() {
	_n=200
	while [ "$_n" -gt 0 ]; do
		tui_snap | grep -q -- "$1" && return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	echo "tui_wait_re: '$1' did not show; the screen:" >&2
	tui_snap >&2
	return 1
}

# qr_rows: how many rows of the screen are QR code rows
qr_rows() { tui_snap | grep -c "^   [█▀▄ ]*█[█▀▄ ]*$"; }

# Two sample badges with embedded proofs verify offline (did:key).
CLOUD=8e1a29401953c047cf38691e84c5375f3e569c92c983f6e377d9b63c39ef0b38
TEAM=5758d10ef8714c115a0e7416617107970d491b0f87e465a4b22f2c604784c248
DIDKEY=did:key:z6Mknb2iXAbxakh4mZAWVGnSpBwzieDnwVw334z9AXZxiHN2
SATCHEL_NOW=2026-01-01T00:00:00Z satchel verify $CLOUD $TEAM >verify.log 2>&1

cat >skills.json <<JSON
{"format": "satchel-pathway", "version": 1, "name": "Digital Skills",
 "description": "Security, teamwork and code",
 "requires": {"label": "All of them", "all": [
   {"label": "Cloud security", "order": 1, "issuer": "$DIDKEY", "name": "Cloud Security Essentials"},
   {"label": "Teamwork", "order": 2, "issuer": "$DIDKEY", "name": "Teamarbeit & Kommunikation"},
   {"label": "Python basics", "order": 3, "issuer": "https://issuer.example/issuer.json",
    "name": "Python Programming Fundamentals", "criteria": "https://issuer.example/python"},
   {"label": "One course more", "atLeast": 1, "of": [
      {"label": "Data analysis", "order": 4, "achievement": "urn:example:data-analysis"},
      {"label": "Web accessibility", "order": 5, "achievement": "urn:example:a11y"}]}]}}
JSON

test_expect_success 'the badges the pathway counts are verified' '
	satchel --json list >l &&
	test "$(grep -c "\"verified\"" l)" = 2
'

test_expect_success 'satchel pathway add stores the pathway' '
	satchel pathway add skills.json >out 2>&1 && grep "Digital Skills" out
'

test_expect_success 'p shows the pathway, its progress and what is missing' '
	tui_start "$SATCHEL_BIN" && tui_wait "6 badges" &&
	tui_keys p && tui_wait "[pathways]" && tui_wait "Digital Skills" &&
	tui_wait "2 of 4" && tui_wait "Still missing:" && tui_wait "- Python basics" &&
	tui_wait "https://issuer.example/python" && tui_wait "✓ Cloud security" &&
	tui_wait_re "^   █*░* 2 of 4$"
'

test_expect_success 'the pathways view scrolls and q closes it' '
	tui_keys G && tui_wait "Web accessibility" && tui_keys g && tui_wait "Pathways  1-" &&
	tui_keys q && tui_wait "[list]" && tui_keys q && tui_wait_exit
'

test_expect_success 'Enter on a met requirement opens the badge that met it, q goes back' '
	tui_start "$SATCHEL_BIN" && tui_wait "6 badges" &&
	tui_keys p && tui_wait "[pathways] Pathways" && tui_wait "<Enter> open" &&
	tui_keys j Enter && tui_wait "[detail]" && tui_wait "Cloud Security Essentials" &&
	tui_wait_not "Still missing:" &&
	tui_keys q && tui_wait "[pathways] Pathways" && tui_wait "Still missing:"
'

test_expect_success 'Enter on a requirement not met says so' '
	tui_keys j j Enter && tui_wait "not met yet: the badge would count once verified" &&
	tui_wait "[pathways] Pathways"
'

test_expect_success 'Enter on a group shows just that group, q goes back up' '
	tui_keys j Enter && tui_wait "[pathways] Pathway group  1-5/5" &&
	tui_wait_re "^ One course more$" && tui_wait_re "^   ░* 0 of 1$" &&
	tui_wait "✗ Data analysis" && tui_wait "✗ Web accessibility" &&
	tui_wait_not "Cloud security" && tui_wait_not "Still missing:" &&
	tui_keys q && tui_wait "[pathways] Pathways  1-16/16" && tui_wait "✓ Cloud security" &&
	tui_keys g Enter && tui_wait "[pathways] Pathway group  1-9/9" &&
	tui_wait_re "^ All of them$" && tui_wait_not "Still missing:" &&
	tui_keys G k k Enter && tui_wait "[pathways] Pathway group  1-5/5" &&
	tui_wait_not "Cloud security" &&
	tui_keys Escape && tui_wait "[pathways] Pathway group  1-9/9" &&
	tui_keys Escape && tui_wait "[pathways] Pathways  1-16/16" &&
	tui_keys q && tui_wait "[list]" && tui_keys q && tui_wait_exit
'

cat >pw.script <<'SCRIPT'
p
:save-display pathway.screen
:quit-all
SCRIPT

# cmp_screen NAME: the dump against the expected file (UPDATE=1 rewrites it)
cmp_screen() {
	if [ -n "${UPDATE:-}" ]; then cp "$1" "$EXP/$1"; fi
	test_cmp "$EXP/$1" "$1"
}

test_expect_success 'pathway view at 80x24 (tmux)' '
	rm -f rc && SATCHEL_TUI_SCRIPT=$PWD/pw.script tui_start sh -c "\"\$SATCHEL_BIN\"; echo \$? >rc" &&
	tui_wait_file rc && test "$(cat rc)" = 0 && cmp_screen pathway.screen
'

test_expect_success 'the same screen without a terminal (SATCHEL_TUI_NO_DISPLAY)' '
	mkdir nd && (cd nd &&
	SATCHEL_TUI_SCRIPT=../pw.script SATCHEL_TUI_NO_DISPLAY=1 LINES=24 COLUMNS=80 \
		satchel tui </dev/null) && test_cmp pathway.screen nd/pathway.screen
'

test_expect_success 'outside UTF-8 the bars and marks are ASCII' '
	mkdir c && (cd c &&
	SATCHEL_TUI_SCRIPT=../pw.script SATCHEL_TUI_NO_DISPLAY=1 LINES=24 COLUMNS=80 LC_ALL=C \
		satchel tui </dev/null) &&
	grep "^   ##########---------- 2 of 4$" c/pathway.screen &&
	grep "^       x Data analysis$" c/pathway.screen &&
	grep "+ Cloud security" c/pathway.screen &&
	! grep "█" c/pathway.screen
'

# A fake xdg-open that records what it was asked to open.
mkdir -p bin
cat >bin/xdg-open <<EOF2
#!/bin/sh
printf '%s\n' "\$1" >"$TRASH/opened.tmp" && mv "$TRASH/opened.tmp" "$TRASH/opened"
EOF2
chmod +x bin/xdg-open

test_expect_success 'the share view of a badge with a public link: URL, link, QR code' '
	tui_start -y 60 env "PATH=$TRASH/bin:$PATH" "$SATCHEL_BIN" && tui_wait "6 badges" &&
	tui_keys j j j && tui_wait "[list] 4/6" && tui_keys s && tui_wait "[share]" &&
	tui_wait "Grundlagen der Datenanalyse" &&
	tui_wait_re "^   https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME" &&
	tui_wait "https://vhs-musterstadt.example/openbadges/assertions/da-2024-0042.json" &&
	tui_wait "QR code of the verification link" &&
	n=0 && until test "$(qr_rows)" -ge 15; do
		n=$((n + 1)) && test $n -lt 100 && sleep 0.05 || { tui_snap; return 1; }
	done
'

test_expect_success 'c copies the LinkedIn URL with OSC 52' '
	TM set -g set-clipboard on && TM delete-buffer >/dev/null 2>&1; tui_keys c &&
	tui_wait "copied the LinkedIn URL" &&
	n=0 && until TM show-buffer >clip 2>/dev/null && test -s clip; do
		n=$((n + 1)) && test $n -lt 100 && sleep 0.05 || return 1
	done &&
	satchel share linkedin $(satchel --json list | python3 -c "import json,sys; print([x[\"id\"] for x in json.load(sys.stdin) if x[\"name\"].startswith(\"Grundlagen\")][0])") >want &&
	printf "%s\n" "$(cat clip)" >got && test_cmp want got
'

test_expect_success 'C copies the verification link' '
	TM delete-buffer >/dev/null 2>&1; tui_keys C && tui_wait "copied the verification link" &&
	n=0 && until TM show-buffer >clip 2>/dev/null && grep -q vhs-musterstadt clip; do
		n=$((n + 1)) && test $n -lt 100 && sleep 0.05 || return 1
	done &&
	test "$(cat clip)" = https://vhs-musterstadt.example/openbadges/assertions/da-2024-0042.json
'

test_expect_success 'o opens the LinkedIn URL with xdg-open' '
	tui_keys o && tui_wait "opening the URL" && tui_wait_file opened &&
	grep "^https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=Grundlagen" opened &&
	test_cmp want opened &&
	tui_keys q && tui_wait "[list]" && tui_keys q && tui_wait_exit
'

test_expect_success 'L sets the issuer'"'"'s LinkedIn organisation id, which the URL then uses' '
	tui_start -y 60 "$SATCHEL_BIN" && tui_wait "6 badges" &&
	tui_keys j j j && tui_wait "[list] 4/6" && tui_keys s && tui_wait "[share]" &&
	tui_wait "set the issuer" && tui_wait_re "organizationName=" &&
	tui_keys L && tui_wait "LinkedIn organisation id of" && tui_type "12ab" && tui_keys Enter &&
	tui_wait "is a number" &&
	tui_keys L && tui_type "1337" && tui_keys Enter && tui_wait "organisation id saved" &&
	tui_wait_re "organizationId=1337" &&
	satchel --json config list >cfg &&
	test "$(json_get cfg "[v for k, v in d.items() if k.startswith(\"linkedin.org.\")]")" = "[${SQ}1337${SQ}]" &&
	satchel share linkedin $(satchel --json list | python3 -c "import json,sys; print([x[\"id\"] for x in json.load(sys.stdin) if x[\"name\"].startswith(\"Grundlagen\")][0])") >url &&
	grep "organizationId=1337" url &&
	tui_keys L && tui_wait "(empty: none): 1337" && tui_keys C-u Enter &&
	tui_wait "organisation id removed" && tui_wait_re "organizationName=" &&
	satchel --json config list >cfg && ! grep linkedin.org cfg &&
	tui_keys q q && tui_wait_exit
'

test_expect_success 'without xdg-open on PATH, o says so' '
	tui_start env PATH=/nonexistent "$SATCHEL_BIN" && tui_wait "6 badges" &&
	tui_keys s && tui_wait "[share]" && tui_keys o && tui_wait "xdg-open is not installed" &&
	tui_keys q q && tui_wait_exit
'

test_expect_success 'a badge without a public link says so' '
	tui_start "$SATCHEL_BIN" && tui_wait "6 badges" && tui_keys s && tui_wait "[share]" &&
	tui_wait "Accessible Web Design" && tui_wait "has no public link" &&
	tui_wait "https://www.linkedin.com/profile/add" &&
	tui_keys C && tui_wait "this badge has no public link" &&
	tui_keys s && tui_wait "[list]" && tui_keys q && tui_wait_exit
'

test_expect_success 'help lists the share and pathways keys' '
	tui_start -y 200 "$SATCHEL_BIN" && tui_wait "6 badges" && tui_keys "?" &&
	tui_wait "Keys in the share view" && tui_wait_re "^ c  *copy-url  *Copy the LinkedIn" &&
	tui_wait_re "^ C  *copy-link" && tui_wait_re "^ o  *open-url" &&
	tui_wait_re "^ L  *linkedin-org  *Set the issuer" &&
	tui_wait "Keys in the pathways view" && tui_wait_re "^ <Enter>, l, <Rig open  " &&
	tui_keys q q && tui_wait_exit
'

test_expect_success 'no sanitizer reports (ASan/UBSan builds)' 'tui_sanitizer_clean'

test_done
