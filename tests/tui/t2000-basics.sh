#!/bin/sh
# tui basics in tmux: the list of the sample wallet, search as you type,
# the detail view, help, the pathways and share views, resize, quitting with a clean
# terminal, and the ways the full-screen view refuses to start.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/tmux.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w" SATCHEL_CONFIG=
SATCHEL_NOW=2026-01-01T00:00:00Z satchel init --samples -q >init.log 2>&1 || { cat init.log; exit 1; }

test_expect_success 'satchel tui shows the sample badges' '
	tui_start "$SATCHEL_BIN" tui &&
	tui_wait "6 badges" && tui_wait "Accessible Web Design" &&
	tui_wait "Teamarbeit & Kommunikation" && tui_wait "unchecked" &&
	tui_snap | grep "Open Web Institute"
'

test_expect_success 'search narrows the list as you type' '
	tui_keys / && tui_type "grund" && tui_wait "/grund" &&
	tui_wait_not "Accessible Web Design" &&
	tui_snap | grep "Erste Hilfe Grundkurs" &&
	tui_snap | grep "Grundlagen der Datenanalyse" &&
	tui_snap | grep "\[list\] 1/2" &&
	tui_type "lagen" && tui_wait_not "Erste Hilfe Grundkurs" &&
	tui_keys Enter && tui_wait "[list] 1/1"
'

test_expect_success 'the search covers the description and the issuer' '
	tui_keys / C-u && tui_type "wiederbelebung" && tui_wait "[list] 1/1" &&
	tui_snap | grep "Erste Hilfe" && tui_keys C-u && tui_type "riverside" &&
	tui_wait "Python Programming" && tui_keys Enter
'

test_expect_success 'Esc clears the search' '
	tui_keys Escape && tui_wait "showing all badges" && tui_wait "/6" &&
	tui_wait "Accessible Web Design" && tui_keys g && tui_wait "[list] 1/6"
'

test_expect_success 'a search that matches nothing says so' '
	tui_keys / && tui_type "zzzz" && tui_wait "No badge matches" && tui_keys Escape &&
	tui_wait "[list] 1/6"
'

test_expect_success 'the detail view shows issuer and criteria' '
	tui_keys j j Enter && tui_wait "[detail]" &&
	tui_wait "Erste Hilfe Grundkurs" && tui_snap | grep "Issuer *Erste-Hilfe-Schule Musterstadt" &&
	tui_snap | grep "https://erste-hilfe-musterstadt.example" &&
	tui_snap | grep "^ Criteria" && tui_snap | grep "Vollständige Teilnahme"
'

test_expect_success 'the detail view scrolls to the verification section' '
	tui_keys End && tui_wait "Last verification" && tui_snap | grep "press v" &&
	tui_keys Home && tui_wait "Issuer"
'

test_expect_success 'next and previous badge in the detail view' '
	tui_keys J && tui_wait "Grundlagen der Datenanalyse" && tui_keys K &&
	tui_wait "Erste Hilfe Grundkurs"
'

test_expect_success 'q goes back to the list' '
	tui_keys q && tui_wait "[list] 3/6"
'

test_expect_success 'help is generated from the keymap' '
	tui_keys "?" && tui_wait "keys and commands" &&
	tui_snap | grep "j, <Down> *move-down *Move down one line" &&
	tui_keys G && tui_wait "Verdicts" && tui_snap | grep "save-display FILE" &&
	tui_keys q && tui_wait "[list]"
'

test_expect_success 'pathways (none yet) and share open and close' '
	tui_keys p && tui_wait "No pathways yet" && tui_snap | grep "satchel pathway add FILE" &&
	tui_keys q && tui_wait "[list]" && tui_keys s && tui_wait "[share]" &&
	tui_snap | grep "Erste Hilfe Grundkurs" &&
	tui_snap | grep "https://www.linkedin.com/profile/add" && tui_keys q && tui_wait "[list]"
'

test_expect_success 'sort by issuer, date, verdict; reverse' '
	tui_keys o && tui_wait "sort: issuer" &&
	tui_snap | sed -n 3p | grep "^ . Teamarbeit" &&
	tui_keys o && tui_wait "sort: date" &&
	tui_snap | sed -n 3p | grep "^ . Accessible Web" &&
	tui_keys O && tui_wait "(reversed)" &&
	tui_snap | sed -n 3p | grep "^ . Erste Hilfe" &&
	tui_keys o o && tui_wait "sort: name"
'

# mouse COL ROW BUTTON: an X10 mouse report (what TERM=screen announces)
mouse() {
	tui_type "$(printf "\033[M%b%b%b" "\\0$(printf %o $((32 + $3)))" \
		"\\0$(printf %o $((33 + $1)))" "\\0$(printf %o $((33 + $2)))")"
}

test_expect_success 'mouse: a click selects, a click on the selection opens, the wheel scrolls' '
	tui_keys g && tui_wait "[list] 1/6" &&
	mouse 5 5 0 && mouse 5 5 3 && tui_wait "[list] 4/6" &&
	mouse 5 20 65 && tui_wait "[list] 6/6" && mouse 5 20 64 && tui_wait "[list] 3/6" &&
	mouse 5 4 0 && mouse 5 4 3 && tui_wait "[detail]" && tui_keys q && tui_wait "[list] 3/6"
'

test_expect_success 'a wide window shows the selected badge beside the list' '
	tui_resize 200 40 && tui_wait "│ Erste Hilfe Grundkurs" &&
	tui_snap | grep "│ Issuer *Erste-Hilfe-Schule Musterstadt e. V." &&
	tui_keys j && tui_wait "│ Grundlagen der Datenanalyse" && tui_keys k &&
	tui_wait "│ Erste Hilfe Grundkurs" && tui_resize 80 24 && tui_wait_not "│"
'

test_expect_success 'resize to 200x60 and back; tiny windows do not crash' '
	tui_resize 200 60 && tui_wait "Teamarbeit & Kommunikation" &&
	tui_snap | grep "Akademie für Schlüsselkompeten" &&
	test "$(tui_snap | grep -c "\[list\]")" = 1 &&
	tui_resize 30 8 && tui_wait "[list]" &&
	tui_resize 12 3 && tui_wait "The window" &&
	tui_resize 80 24 && tui_wait "Akademie für Schl" && tui_wait "[list]"
'

test_expect_success 'q quits; exit status 0; the terminal is as before' '
	rm -f tty.after &&
	tui_start sh -c "stty -g >tty.before; \"\$SATCHEL_BIN\"; echo rc=\$? >rc; stty -g >tty.after; echo DONE" &&
	tui_wait "6 badges" && tui_keys q && tui_wait_file tty.after &&
	test "$(cat rc)" = rc=0 && test_cmp tty.before tty.after &&
	! tui_snap | grep "satchel ·"
'

test_expect_success 'SIGTERM ends it cleanly, the terminal restored' '
	rm -f tty.after &&
	tui_start sh -c "stty -g >tty.before; sh -c '"'"'echo \$\$ >pid; exec \"\$SATCHEL_BIN\"'"'"'; echo rc=\$? >rc; stty -g >tty.after; echo DONE" &&
	tui_wait "6 badges" && kill -TERM "$(cat pid)" && tui_wait_file tty.after &&
	test "$(cat rc)" = rc=143 && test_cmp tty.before tty.after
'

for sig in HUP ABRT; do
	test_expect_success "SIG$sig: the terminal is restored" '
		rm -f tty.after rc &&
		tui_start sh -c "stty -g >tty.before; sh -c '"'"'echo \$\$ >pid; exec \"\$SATCHEL_BIN\"'"'"'; echo rc=\$? >rc; stty -g >tty.after" &&
		tui_wait "6 badges" && kill -$sig "$(cat pid)" && tui_wait_file tty.after &&
		test_cmp tty.before tty.after && cat rc
	'
done

test_expect_success 'Ctrl-C quits too' '
	rm -f tty.after &&
	tui_start sh -c "trap \"\" INT; stty -g >tty.before; \"\$SATCHEL_BIN\"; echo rc=\$? >rc; stty -g >tty.after" &&
	tui_wait "6 badges" && tui_keys C-c && tui_wait_file tty.after && test_cmp tty.before tty.after &&
	test "$(cat rc)" = rc=130
'

test_expect_success 'NO_COLOR: no colour sequences, markers still readable' '
	NO_COLOR=1 tui_start "$SATCHEL_BIN" && tui_wait "6 badges" &&
	! TM capture-pane -p -e -t t | grep -E "\[(3[0-7]|4[0-7]|38;5|48;5)" &&
	tui_snap | grep "· Accessible Web Design.*unchecked" &&
	tui_keys q && tui_wait_exit
'

test_expect_success 'with colours the title is coloured' '
	tui_start "$SATCHEL_BIN" && tui_wait "6 badges" &&
	TM capture-pane -p -e -t t | grep -E "\[(3[0-7]|4[0-7]|38;5|48;5)" >/dev/null &&
	tui_keys q && tui_wait_exit
'

test_expect_success 'monochrome terminal (TERM=vt100) works' '
	rm -f rc && TUI_TERM=vt100 tui_start sh -c "\"\$SATCHEL_BIN\"; echo \$? >rc" &&
	tui_wait "6 badges" && tui_snap | grep "Accessible Web Design" && tui_keys q &&
	tui_wait_file rc && test "$(cat rc)" = 0
'

test_expect_success 'TERM=dumb is refused with a clear message' '
	rm -f rc && TUI_TERM=dumb tui_start sh -c "\"\$SATCHEL_BIN\" tui; echo \$? >rc" &&
	tui_wait_file rc && test "$(cat rc)" = 3 &&
	{ TERM=dumb "$SATCHEL_BIN" tui </dev/null 2>dumb.err; true; } && grep "terminal" dumb.err
'

test_expect_success 'satchel without a command prints help when not on a terminal' '
	satchel </dev/null >out 2>&1 && grep "^usage: satchel" out
'

test_expect_success 'satchel tui without a terminal is a usage error' '
	expect_code 2 satchel tui </dev/null >out 2>&1 && grep "needs a terminal" out
'

test_expect_success 'satchel tui --help' '
	satchel tui --help >out && grep "usage: satchel tui" out
'

test_expect_success 'a missing wallet, not on a terminal: a clear error' '
	SATCHEL_WALLET=$TRASH/none SATCHEL_TUI_NO_DISPLAY=1 expect_code 3 satchel tui </dev/null 2>err &&
	grep "no wallet" err
'

test_expect_success 'no sanitizer reports (ASan/UBSan builds)' 'tui_sanitizer_clean'

test_done
