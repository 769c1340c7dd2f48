#!/bin/sh
# backup and restore: a round trip gives identical content; wrong
# passphrase, truncated and tampered files are refused with the wallet
# untouched; partial backups; merging into an existing wallet.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
satchel import -q --tag mine "$SRC_ROOT/share/samples" >/dev/null 2>&1
satchel tag $(satchel --json list | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])') special
satchel config set recipient.mail lena@example.org
# content: every object's bytes and the learner data that matters
content() {
	SATCHEL_WALLET="$1" satchel --json list | python3 -c '
import json, sys, subprocess
for r in sorted(json.load(sys.stdin), key=lambda r: r["id"]):
    print(r["id"], r["verdict"], sorted(r["tags"]))'
}

test_expect_success 'backup writes one file, encrypted' '
	satchel backup all.bak >out && grep "backed up" out &&
	head -c 15 all.bak | grep -q SATCHEL-BACKUP && ! grep -q "Datenanalyse" all.bak &&
	! grep -q lena all.bak
'

test_expect_success 'restore into a fresh wallet: identical content' '
	SATCHEL_WALLET="$TRASH/w2" satchel init -q &&
	SATCHEL_WALLET="$TRASH/w2" satchel --json restore all.bak >r && test "$(json_get r "d[\"added\"]")" -ge 6 &&
	content "$TRASH/w" >a && content "$TRASH/w2" >b && test_cmp a b &&
	for id in $(cut -d" " -f1 a); do
		satchel show --raw $id >x1 && SATCHEL_WALLET="$TRASH/w2" satchel show --raw $id >x2 && cmp x1 x2 || return 1
	done &&
	test "$(SATCHEL_WALLET="$TRASH/w2" satchel config get recipient.mail)" = lena@example.org
'

test_expect_success 'restoring again changes nothing' '
	SATCHEL_WALLET="$TRASH/w2" satchel --json restore all.bak >r &&
	test "$(json_get r "d[\"added\"]")" = 0 && test "$(json_get r "d[\"merged\"]")" = 0
'

test_expect_success 'merging: tags are joined, nothing is lost' '
	id=$(grep special a | cut -d" " -f1) && test -n "$id" &&
	SATCHEL_WALLET="$TRASH/w2" satchel tag $id local-only &&
	SATCHEL_WALLET="$TRASH/w2" satchel untag $id special &&
	SATCHEL_WALLET="$TRASH/w2" satchel restore all.bak >/dev/null &&
	SATCHEL_WALLET="$TRASH/w2" satchel --json show $id >s &&
	test "$(json_get s "sorted(d[\"tags\"])")" = "[${SQ}local-only${SQ}, ${SQ}mine${SQ}, ${SQ}special${SQ}]"
'

test_expect_success 'a wrong passphrase changes nothing' '
	SATCHEL_WALLET="$TRASH/w3" satchel init -q && before=$(wallet_digest "$TRASH/w3") &&
	SATCHEL_WALLET="$TRASH/w3" SATCHEL_PASSPHRASE=wrong expect_code 3 satchel restore all.bak 2>err ||
	SATCHEL_WALLET="$TRASH/w3" SATCHEL_PASSPHRASE=wrong satchel restore all.bak 2>err;
	grep -i "wrong passphrase\|damaged" err && test "$before" = "$(wallet_digest "$TRASH/w3")"
'

test_expect_success 'a truncated and a tampered backup are refused, wallet untouched' '
	before=$(wallet_digest "$TRASH/w3") &&
	head -c 300 all.bak >trunc.bak &&
	! SATCHEL_WALLET="$TRASH/w3" satchel restore trunc.bak 2>err && grep -i "damaged\|truncated" err &&
	python3 -c "
d = bytearray(open(\"all.bak\", \"rb\").read()); d[-40] ^= 1
open(\"tamper.bak\", \"wb\").write(d)" &&
	! SATCHEL_WALLET="$TRASH/w3" satchel restore tamper.bak 2>err && grep -i "damaged" err &&
	sed "s/\"log2n\":15/\"log2n\":14/" all.bak >hdr.bak &&
	! SATCHEL_WALLET="$TRASH/w3" satchel restore hdr.bak 2>/dev/null &&
	printf "not a backup" >junk.bak && ! SATCHEL_WALLET="$TRASH/w3" satchel restore junk.bak 2>err &&
	grep "not a satchel backup" err &&
	test "$before" = "$(wallet_digest "$TRASH/w3")"
'

test_expect_success 'partial backups: --tag and --only' '
	satchel backup --tag special one.bak && SATCHEL_WALLET="$TRASH/w4" satchel init -q &&
	SATCHEL_WALLET="$TRASH/w4" satchel --json restore one.bak >r && test "$(json_get r "d[\"added\"]")" = 1 &&
	id=$(cut -d" " -f1 a | tail -1) &&
	satchel backup two.bak --only $id && SATCHEL_WALLET="$TRASH/w5" satchel init -q &&
	SATCHEL_WALLET="$TRASH/w5" satchel --json restore two.bak >r && test "$(json_get r "d[\"added\"]")" = 1
'

test_expect_success 'the holder key travels with the backup' '
	satchel export portfolio --format vp --sign -o /dev/null 2>err1 &&
	satchel backup hk.bak && SATCHEL_WALLET="$TRASH/w6" satchel init -q &&
	SATCHEL_WALLET="$TRASH/w6" satchel restore hk.bak >/dev/null &&
	SATCHEL_WALLET="$TRASH/w6" satchel export portfolio --format vp --sign -o /dev/null 2>err2 &&
	test "$(grep -o "did:key:z6Mk[A-Za-z0-9]*" err1)" = "$(grep -o "did:key:z6Mk[A-Za-z0-9]*" err2)" &&
	test -c /dev/null
'

test_expect_success 'an output that is a pipe is written in place, not replaced' '
	mkfifo out.fifo && { cat out.fifo >fifo.got & } &&
	satchel export portfolio --format json -o out.fifo && wait &&
	test -p out.fifo && grep -q "\"badges\"" fifo.got &&
	mkdir outdir && expect_code 3 satchel export portfolio --format json -o outdir 2>err &&
	grep "folder" err
'

test_expect_success 'fsck opens settings, holder key and pathways too' '
	SATCHEL_WALLET="$TRASH/w6" satchel fsck -q &&
	printf "garbage" >"$TRASH/w6/settings" &&
	SATCHEL_WALLET="$TRASH/w6" expect_code 1 satchel fsck >out && grep "settings" out
'

test_expect_success 'the backup passphrase comes from --passphrase-file too' '
	printf "other\n" >pf && satchel --passphrase-file pf backup pf.bak 2>/dev/null ||
	SATCHEL_PASSPHRASE=pw satchel backup pf.bak;
	test -s pf.bak
'

test_done
