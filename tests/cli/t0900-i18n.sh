#!/bin/sh
# i18n: the German catalog is used under a German locale (help, usage and
# error messages, exit codes unchanged), English stays under C.UTF-8; the
# man page exists and renders.
. "$(dirname "$0")/../lib/testlib.sh"

de() { LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 "$@"; }
en() { LANG=C.UTF-8 LC_ALL=C.UTF-8 "$@"; }

if locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\{0,1\}8'; then
	have_de=1
else
	have_de=
	say "# skip: locale de_DE.UTF-8 is not installed (locale -a); German output not tested"
fi

# ---- German -----------------------------------------------------------
if [ -n "$have_de" ]; then

test_expect_success 'the German catalog is built' '
	test -s "$SRC_ROOT/build/locale/de/LC_MESSAGES/satchel.mo"
'

test_expect_success 'satchel --help is German under de_DE.UTF-8' '
	de satchel --help >out &&
	grep "^Verwendung: satchel \[OPTIONEN\] BEFEHL" out &&
	grep "^Befehle:" out && grep "^Globale Optionen" out &&
	grep "^  list      die Abzeichen im Wallet auflisten$" out &&
	grep "^Rückgabewert:" out && ! grep -i "usage" out &&
	iconv -f UTF-8 -t UTF-8 out >/dev/null
'

test_expect_success 'satchel help and satchel COMMAND --help are German' '
	de satchel help list >a && de satchel list --help >b && test_cmp a b &&
	grep "^Verwendung: satchel list \[--sort FELD\]" b &&
	grep "^  -r, --reverse       Reihenfolge umkehren$" b
'

test_expect_success 'no command help shows the catalog header' '
	for c in bake extract fsck help import init list remove show tag untag; do
		de satchel $c --help >out.$c || { echo "$c --help failed"; exit 1; }
		grep -q "^Verwendung: satchel " out.$c || { echo "$c: not German"; exit 1; }
		if grep -q "Project-Id-Version\|Content-Type" out.$c; then
			echo "$c --help prints the PO header:"; cat out.$c; exit 1
		fi
	done
'

test_expect_success 'an unknown command is a German error, exit 2' '
	de expect_code 2 satchel frobnicate >out 2>err &&
	test ! -s out &&
	grep "^satchel: Fehler: „frobnicate“ ist kein satchel-Befehl" err
'

test_expect_success 'usage errors of a command are German, exit 2' '
	de expect_code 2 satchel list extra 2>err &&
	grep "^satchel: Fehler: unerwartetes Argument „extra“" err &&
	grep "^siehe „satchel list --help“" err &&
	de expect_code 2 satchel show 2>err &&
	grep "genau eine ID angeben" err
'

test_expect_success 'global option errors are German, exit 2' '
	de expect_code 2 satchel --now yesterday list 2>err &&
	grep "^satchel: Fehler: --now erwartet" err &&
	de expect_code 2 satchel list --wallet 2>err &&
	grep "^satchel: Fehler: Option „--wallet“ braucht einen Wert" err
'

test_expect_success 'errors from the wallet keep the German prefix, exit 3' '
	de expect_code 3 satchel --wallet nowhere show abcd 2>err &&
	grep "^satchel: Fehler: " err
'

test_expect_success 'a German wallet session: init, list, show labels' '
	export SATCHEL_PASSPHRASE=pw &&
	de satchel --wallet w init --samples >out 2>err &&
	grep "^Wallet in w angelegt$" out &&
	grep "^satchel: [0-9]* Beispiel-Abzeichen importiert" err &&
	de satchel --wallet w list >list && test -s list &&
	de satchel --wallet w list --json >l.json && id=$(json_get l.json "d[0][\"id\"]") &&
	test -n "$id" &&
	de satchel --wallet w show "$id" >show &&
	grep "^ID  *$id" show && grep "^Aufgenommen  *[0-9]" show && grep "^Tags  *sample" show &&
	de expect_code 2 satchel --wallet w tag "$id" 2>err &&
	grep "eine ID und mindestens ein TAG angeben" err
'

test_expect_success 'German output keeps JSON keys and values English' '
	SATCHEL_PASSPHRASE=pw de satchel --wallet w list --json >de.json &&
	SATCHEL_PASSPHRASE=pw en satchel --wallet w list --json >en.json &&
	test_cmp en.json de.json
'

else
	test_expect_success 'German output (skipped: no de_DE.UTF-8 locale)' 'true'
fi

# ---- English ----------------------------------------------------------
test_expect_success 'satchel --help stays English under C.UTF-8' '
	en satchel --help >out &&
	grep "^usage: satchel \[OPTIONS\] COMMAND \[ARGS\]" out &&
	grep "^Commands:" out && ! grep "Verwendung\|Befehle" out
'

test_expect_success 'an unknown command is an English error under C.UTF-8, exit 2' '
	en expect_code 2 satchel frobnicate 2>err &&
	grep "^satchel: error: .frobnicate. is not a satchel command" err
'

# ---- the catalog itself ------------------------------------------------
if command -v msgfmt >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
test_expect_success 'po/de.po passes msgfmt --check and translates all of po/satchel.pot' '
	msgfmt --check -o /dev/null "$SRC_ROOT/po/de.po" &&
	msgcmp "$SRC_ROOT/po/de.po" "$SRC_ROOT/po/satchel.pot" &&
	msgfmt --statistics -o /dev/null "$SRC_ROOT/po/de.po" 2>stats &&
	! grep -i "fuzzy\|untranslated" stats
'
else
	say "# skip: gettext tools (msgfmt, msgcmp) not installed"
	test_expect_success 'po/de.po checks (skipped: no gettext tools)' 'true'
fi

# ---- man page ----------------------------------------------------------
MANPAGE="$SRC_ROOT/share/man/satchel.1"

test_expect_success 'the man page exists and documents every command' '
	test -s "$MANPAGE" && grep -q "^\.TH SATCHEL 1" "$MANPAGE" &&
	en satchel --help | sed -n "/^Commands:/,/^$/s/^  \([a-z]*\) .*/\1/p" >cmds &&
	test -s cmds &&
	while read -r c; do
		grep -q "^\.B[IR]* \"*$c[ \"]" "$MANPAGE" || grep -q "^\.B $c$" "$MANPAGE" ||
			{ echo "command $c missing from the man page"; exit 1; }
	done <cmds
'

if command -v man >/dev/null 2>&1; then
test_expect_success 'man -l renders the man page' '
	MANWIDTH=80 en man -l "$MANPAGE" >man.out 2>man.err &&
	grep -q "^SATCHEL(1)" man.out && grep -q "^NAME" man.out &&
	grep -q "^EXIT STATUS" man.out && grep -q "^JSON OUTPUT" man.out
'
else
	say "# skip: man is not installed"
	test_expect_success 'man -l renders the man page (skipped: no man)' 'true'
fi

if command -v groff >/dev/null 2>&1; then
test_expect_success 'groff -ww formats the man page without warnings' '
	groff -man -Tutf8 -ww -z "$MANPAGE" 2>warn && test ! -s warn
'
fi

test_done
