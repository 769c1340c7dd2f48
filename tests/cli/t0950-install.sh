#!/bin/sh
# make install PREFIX=...: binary, data (contexts, samples), locale, man page;
# the installed binary finds its data and translations.
. "$(dirname "$0")/../lib/testlib.sh"

P="$TRASH/inst"

test_expect_success 'make install PREFIX puts everything in place' '
	make -s -C "$SRC_ROOT" install PREFIX="$P" >log 2>&1 &&
	test -x "$P/bin/satchel" && test -f "$P/share/man/man1/satchel.1" &&
	test -f "$P/share/satchel/contexts/contexts.json" &&
	test -f "$P/share/locale/de/LC_MESSAGES/satchel.mo" &&
	ls "$P/share/satchel/samples" | grep -q "\.json$"
'

test_expect_success 'the installed binary finds its samples (no SATCHEL_DATADIR)' '
	env -u SATCHEL_DATADIR SATCHEL_PASSPHRASE=pw "$P/bin/satchel" --wallet w init -q --samples &&
	env -u SATCHEL_DATADIR SATCHEL_PASSPHRASE=pw "$P/bin/satchel" --wallet w --json list >l &&
	test "$(json_get l "len(d)")" -ge 5
'

test_expect_success 'the installed binary speaks German' '
	if locale -a | grep -qi "^de_DE.utf-\?8$"; then
		LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 "$P/bin/satchel" --help | grep "^Verwendung"
	else
		echo "# skip: no de_DE.UTF-8 locale"
	fi
'

test_done
