#!/bin/sh
# tui editing and setup: tags, notes, removal with confirmation, import
# with file name completion, filters, the ':' prompt, key bindings from
# the config file, the first run and the passphrase prompt.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/tmux.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
mkdir -p "$XDG_CONFIG_HOME/satchel"
SATCHEL_NOW=2026-01-01T00:00:00Z satchel init --samples -q >init.log 2>&1 || { cat init.log; exit 1; }
row() { tui_snap | grep "$1"; }
# prompts N: until the passphrase was asked for N times
prompts() {
	_i=0
	while [ "$(tui_snap | grep -c "passphrase:")" -lt "$1" ]; do
		_i=$((_i + 1)); [ $_i -lt 200 ] || { tui_snap; return 1; }; sleep 0.05
	done
}

test_expect_success 'bindings from the config file; a bad line is reported' '
	cat >"$XDG_CONFIG_HOME/satchel/config" <<-\CONF &&
	# my keys
	bind list ö move-down
	bind generic <F5> reload
	bind list x frobnicate
	CONF
	tui_start "$SATCHEL_BIN" && tui_wait "6 badges" &&
	tui_wait "~/config/satchel/config:4: no action '"'"'frobnicate'"'"'" &&
	tui_type "ö" && tui_wait "[list] 2/6" && tui_keys F5 && tui_wait "[list] 2/6"
'

test_expect_success 'help shows the rebound key' '
	tui_keys "?" && tui_wait "keys and commands" && tui_keys G &&
	tui_keys "?" && tui_wait "[list]"
'

test_expect_success 't edits the tags (completion from the known tags)' '
	tui_keys t && tui_wait "Tags (comma-separated): sample" &&
	tui_type ", beruf" && tui_keys Enter && tui_wait "tags saved" &&
	tui_keys Enter && tui_wait "sample, beruf" && tui_keys q &&
	satchel --json list --tag beruf >l && test "$(json_len l)" = 1
'

test_expect_success 'T filters by tag; Tab completes the tag' '
	tui_keys T && tui_type "be" && tui_keys Tab && tui_wait "empty: all): beruf" &&
	tui_keys Enter && tui_wait "tag: beruf" && tui_wait "[list] 1/1" &&
	tui_keys Escape && tui_wait "[list] 2/6"
'

test_expect_success 'n edits the note, shown in the detail' '
	tui_keys n && tui_wait "Note:" && tui_type "Für die Bewerbung 📎" && tui_keys Enter &&
	tui_wait "note saved" && tui_keys Enter && tui_wait "Für die Bewerbung" && tui_keys q
'

test_expect_success 'the : prompt runs commands (completion of names)' '
	tui_keys : && tui_type "sort issuer" && tui_keys Enter && tui_wait "sort: issuer" &&
	tui_keys : && tui_type "filter-ve" && tui_keys Tab && tui_wait ":filter-verdict" &&
	tui_keys C-u && tui_type "sort name" && tui_keys Enter && tui_wait "sort: name" &&
	tui_keys : && tui_type "frob" && tui_keys Enter && tui_wait "unknown command" &&
	tui_keys : && tui_type "bind list w verify" && tui_keys Enter &&
	tui_wait "w verify" && tui_keys w && tui_wait "verification done" 20
'

test_expect_success 'd asks first; n keeps the badge' '
	tui_keys g && tui_wait "[list] 1/6" && tui_keys d && tui_wait "Remove '"'"'Accessible Web Design'"'"'" &&
	tui_keys n && tui_wait "nothing removed" && tui_wait "6 badges"
'

test_expect_success 'd then y removes it' '
	tui_keys d && tui_wait "(y/n)" && tui_keys y && tui_wait "removed" && tui_wait "5 badges" &&
	tui_wait_not "Accessible Web Design" &&
	satchel --json list >l && test "$(json_len l)" = 5
'

test_expect_success 'i imports a file; Tab completes its name' '
	mkdir -p in && cp "$SRC_ROOT/share/samples/ob3-jwt-rs256-accessible-web-design.jwt" in/awd.jwt &&
	tui_keys i && tui_wait "Import" && tui_type "i" && tui_keys Tab && tui_wait "): in" &&
	tui_wait "init.log" && tui_type "/" && tui_keys Tab && tui_wait "in/awd.jwt" && tui_keys Enter &&
	tui_wait "imported: 1 added" && tui_wait "6 badges" && tui_wait "Accessible Web Design"
'

test_expect_success 'a rejected import says why' '
	echo "not a badge" >in/junk.txt &&
	tui_keys i && tui_type "in/junk.txt" && tui_keys Enter && tui_wait "1 rejected" &&
	tui_wait "6 badges"
'

test_expect_success 'quit' '
	tui_keys q && tui_wait_exit && rm -f "$XDG_CONFIG_HOME/satchel/config"
'

test_expect_success 'the first run creates a wallet with the samples' '
	tui_start env SATCHEL_WALLET="$TRASH/fresh" "$SATCHEL_BIN" &&
	tui_wait "There is no wallet" && tui_wait "[Y/n]" && tui_keys y Enter &&
	tui_wait "6 badges" && tui_wait "Teamarbeit" && tui_keys q && tui_wait_exit &&
	test -f fresh/wallet.json
'

test_expect_success 'the passphrase is asked for (echo off) when there is no keyring' '
	tui_start env -u SATCHEL_PASSPHRASE "$SATCHEL_BIN" &&
	tui_wait "passphrase:" && tui_type "wrong" && tui_keys Enter &&
	tui_wait "wrong passphrase" && tui_type "pw" && tui_keys Enter &&
	tui_wait "[list]" && ! tui_snap | grep -q "wrong$"
'

test_expect_success 'and the children get it too: verify works' '
	tui_keys v && tui_wait "verification done" 20 && tui_keys q && tui_wait_exit
'

test_expect_success 'three wrong passphrases: exit 3, the terminal untouched' '
	rm -f rc tty.after &&
	tui_start sh -c "stty -g >tty.before; env -u SATCHEL_PASSPHRASE \"\$SATCHEL_BIN\"; echo \$? >rc; stty -g >tty.after" &&
	tui_wait "passphrase:" && tui_type "a" && tui_keys Enter && prompts 2 &&
	tui_type "b" && tui_keys Enter && prompts 3 && tui_type "c" && tui_keys Enter &&
	tui_wait_file tty.after && test "$(cat rc)" = 3 && test_cmp tty.before tty.after
'

test_expect_success 'not on a terminal: a usage error, nothing asked' '
	env -u SATCHEL_PASSPHRASE "$SATCHEL_BIN" tui </dev/null >out 2>&1; test $? = 2 &&
	grep "needs a terminal" out
'

test_expect_success 'no sanitizer reports (ASan/UBSan builds)' 'tui_sanitizer_clean'

test_done
