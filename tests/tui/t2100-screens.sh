#!/bin/sh
# tui screens: dumps of the list, detail and help views at 80x24 compared
# with tests/tui/expected/, made through the replay hook
# (SATCHEL_TUI_SCRIPT + :save-display) in tmux and without a terminal, and
# checked against what tmux shows; UTF-8 that must not break the layout.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/tmux.sh"

EXP="$SRC_ROOT/tests/tui/expected"
export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w" SATCHEL_CONFIG=
SATCHEL_NOW=2026-01-01T00:00:00Z satchel init --samples -q >init.log 2>&1 || { cat init.log; exit 1; }

cat >views.script <<'SCRIPT'
# the list as it opens, a badge, the help
:save-display list.screen
jj<Enter>
:save-display detail.screen
q?
:save-display help.screen
:quit-all
SCRIPT

# cmp_screen NAME: the dump against the expected file (UPDATE=1 rewrites it)
cmp_screen() {
	if [ -n "${UPDATE:-}" ]; then cp "$1" "$EXP/$1"; fi
	test_cmp "$EXP/$1" "$1"
}

test_expect_success 'the replay hook writes the screens (tmux, 80x24)' '
	rm -f rc && SATCHEL_TUI_SCRIPT=$PWD/views.script tui_start sh -c "\"\$SATCHEL_BIN\"; echo \$? >rc" &&
	tui_wait_file rc && test "$(cat rc)" = 0 &&
	test -s list.screen && test -s detail.screen && test -s help.screen
'

test_expect_success 'list view at 80x24' 'cmp_screen list.screen'
test_expect_success 'detail view at 80x24' 'cmp_screen detail.screen'
test_expect_success 'help view at 80x24' 'cmp_screen help.screen'

test_expect_success 'the same screens without a terminal (SATCHEL_TUI_NO_DISPLAY)' '
	mkdir nd && cd nd &&
	SATCHEL_TUI_SCRIPT=../views.script SATCHEL_TUI_NO_DISPLAY=1 LINES=24 COLUMNS=80 \
		satchel tui </dev/null &&
	test_cmp ../list.screen list.screen && test_cmp ../detail.screen detail.screen &&
	test_cmp ../help.screen help.screen
'

test_expect_success 'save-display matches what tmux shows' '
	printf ":save-display shown.screen\n" >show.script &&
	SATCHEL_TUI_SCRIPT=$PWD/show.script tui_start "$SATCHEL_BIN" &&
	tui_wait_file shown.screen && tui_wait "6 badges" &&
	tui_snap >tmux.screen && test_cmp tmux.screen shown.screen &&
	tui_keys q && tui_wait_exit
'

# A badge whose texts try everything: umlauts, emoji (with a variation
# selector and a joiner), Arabic and Hebrew, CJK, a combining accent, a
# bidi override, control characters, a long word.
python3 - <<'PY'
import json
name = "Prüfung \u00fcber \U0001F600\u2764\ufe0f \U0001F469\u200d\U0001F4BB \u0627\u0644\u0639\u0631\u0628\u064a\u0629 \u05e2\u05d1\u05e8\u05d9\u05ea \u6f22\u5b57\u30c6\u30b9\u30c8 Cafe\u0301 \u202eevil\u202c\x07bell"
doc = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
       "id": "https://issuer.example/a/utf8",
       "recipient": {"type": "email", "hashed": False, "identity": "lena@example.org"},
       "badge": {"type": "BadgeClass", "id": "https://issuer.example/b/utf8", "name": name,
                 "description": "Ein sehr langes Wort: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenverleihungsurkunde und \u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57\u6f22\u5b57 \u05e2\u05d1\u05e8\u05d9\u05ea \u05e2\u05d1\u05e8\u05d9\u05ea \u05e2\u05d1\u05e8\u05d9\u05ea.",
                 "criteria": {"narrative": "## Kriterien\n\n* **Fleiß** und _Ausdauer_\n* [Mehr](https://issuer.example/k)"},
                 "image": "https://issuer.example/i.png",
                 "issuer": {"id": "https://issuer.example", "type": "Issuer",
                            "name": "\u6771\u4eac\u5927\u5b66 \u2014 Überprüfungsstelle", "url": "https://issuer.example"}},
       "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}
json.dump(doc, open("utf8.json", "w"), ensure_ascii=False)
PY
satchel import -q utf8.json >/dev/null 2>&1

# cols FILE: the display width of each line (East Asian wide = 2, combining = 0)
cols() {
	python3 -c '
import sys, unicodedata
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    print(w)' "$1"
}

for size in 80x24 200x60 40x12; do
	x=${size%x*} y=${size#*x}
	test_expect_success "UTF-8 texts keep the layout at $size" '
		printf ":save-display utf8-$size.screen\n/Prüfung<Enter><Enter>\n:save-display utf8-detail-$size.screen\n:quit-all\n" >u.script &&
		SATCHEL_TUI_SCRIPT=$PWD/u.script tui_start -x $x -y $y "$SATCHEL_BIN" && tui_wait_exit &&
		test "$(wc -l <utf8-$size.screen)" = $y && test "$(wc -l <utf8-detail-$size.screen)" = $y &&
		for f in utf8-$size.screen utf8-detail-$size.screen; do
			cols $f | while read w; do test "$w" -le $x || { echo "$f: a line of $w columns"; exit 1; }; done || return 1
		done &&
		! grep -q "$(printf "\342\200\256")" utf8-$size.screen utf8-detail-$size.screen &&
		! grep -q "$(printf "\007")" utf8-$size.screen utf8-detail-$size.screen &&
		grep "Prüfung" utf8-$size.screen
	'
done

test_expect_success 'a UTF-8 row lines up with the others (issued date column)' '
	for f in utf8-80x24.screen utf8-200x60.screen; do
		grep -E "(2024|2025|2021)-[0-9][0-9]-[0-9][0-9]" $f >rows &&
		python3 -c "
import sys, unicodedata
def w(s): return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in \"WF\" else 1 for c in s)
import re
cols = set()
for line in open(\"rows\", encoding=\"utf-8\"):
    m = re.search(r\"\\d{4}-\\d\\d-\\d\\d\", line)
    cols.add(w(line[:m.start()]))
sys.exit(0 if len(cols) == 1 else 1)
" || { cat rows; return 1; }
	done
'

test_expect_success 'the UTF-8 detail wraps long words and keeps every character whole' '
	grep "Donaudampfschifffahrts" utf8-detail-80x24.screen &&
	iconv -f UTF-8 -t UTF-8 utf8-detail-80x24.screen >/dev/null &&
	iconv -f UTF-8 -t UTF-8 utf8-80x24.screen >/dev/null &&
	grep "Fleiß und Ausdauer" utf8-detail-200x60.screen &&
	grep "Mehr (https://issuer.example/k)" utf8-detail-200x60.screen
'

test_expect_success 'what tmux shows of the UTF-8 badge is what satchel drew' '
	printf "/Prüfung<Enter>\n:save-display u-shown.screen\n" >u2.script &&
	SATCHEL_TUI_SCRIPT=$PWD/u2.script tui_start "$SATCHEL_BIN" && tui_wait_file u-shown.screen &&
	tui_wait "Prüfung" && tui_snap >u-tmux.screen && test_cmp u-tmux.screen u-shown.screen &&
	tui_keys q && tui_wait_exit
'

test_expect_success 'no sanitizer reports (ASan/UBSan builds)' 'tui_sanitizer_clean'

test_done
