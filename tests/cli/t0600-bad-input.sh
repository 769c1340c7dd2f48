#!/bin/sh
# Bad input of each kind: exit 1, a clear message, the wallet byte-identical.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
satchel import -q "$CORPORA/ob2-validator-core/components/2_0_basic_assertion.json" >/dev/null 2>&1
satchel list >/dev/null	# settle the index

heart="$CORPORA/ob-bakery/concentricsky/testfiles/baked_heart.png"

# rejects FILE PATTERN: import FILE must exit 1, say PATTERN, change nothing.
rejects() {
	before=$(wallet_digest "$SATCHEL_WALLET")
	expect_code 1 satchel import "$1" 2>err || return 1
	grep -i -- "$2" err || { cat err; return 1; }
	test "$before" = "$(wallet_digest "$SATCHEL_WALLET")"
}

test_expect_success 'truncated PNG' '
	head -c 200 "$heart" >trunc.png && rejects trunc.png "truncat"
'

test_expect_success 'PNG with two openbadges chunks' '
	python3 - "$heart" two.png <<-\PY
	import struct, sys, zlib
	d = open(sys.argv[1], "rb").read()
	text = b"openbadges\0\0\0\0\0" + b"{\"a\": 1}"
	chunk = struct.pack(">I", len(text)) + b"iTXt" + text + struct.pack(">I", zlib.crc32(b"iTXt" + text))
	# insert a second chunk right after IHDR (8 + 25 bytes)
	open(sys.argv[2], "wb").write(d[:33] + chunk + d[33:])
	PY
	rejects two.png "more than one\|two\|ambiguous\|several"
'

test_expect_success 'PNG with a bad CRC' '
	python3 -c "
import sys
d = bytearray(open(\"$heart\", \"rb\").read()); d[40] ^= 0xff
open(\"crc.png\", \"wb\").write(d)" && rejects crc.png "crc"
'

test_expect_success 'SVG whose badge element is only inside a comment' '
	cat >comment.svg <<-\EOF &&
	<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">
	<!-- <openbadges:assertion verify="https://evil.example/a.json"></openbadges:assertion> -->
	<rect width="1" height="1"/></svg>
	EOF
	rejects comment.svg "no baked badge"
'

test_expect_success 'SVG with the right element name in the wrong namespace' '
	cat >ns.svg <<-\EOF &&
	<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://evil.example/ns">
	<openbadges:assertion verify="https://evil.example/a.json"/></svg>
	EOF
	rejects ns.svg "no baked badge"
'

test_expect_success 'SVG with an unterminated CDATA section' '
	printf "<svg xmlns:ob=\"http://openbadges.org\"><ob:assertion><![CDATA[{\"a\":1}</ob:assertion></svg>" >cdata.svg &&
	rejects cdata.svg "cdata\|unterminated\|malformed"
'

test_expect_success 'JSON with duplicate keys' '
	printf "{\"@context\": \"https://w3id.org/openbadges/v2\", \"type\": \"Assertion\", \"badge\": \"https://a.example/b\", \"recipient\": {\"identity\": \"x\", \"type\": \"email\"}, \"badge\": \"https://evil.example/b\"}" >dup.json &&
	rejects dup.json "duplicate"
'

test_expect_success 'a 50 MB file' '
	head -c 52428800 /dev/zero >big.bin && rejects big.bin "larger than\|limit"
'

test_expect_success 'binary junk' '
	head -c 4096 /dev/urandom >junk.bin && rejects junk.bin "neither"
'

test_expect_success 'deeply nested JSON' '
	python3 -c "print(\"[\" * 5000 + \"]\" * 5000)" >deep.json && rejects deep.json "nested"
'

test_expect_success 'a JWS whose payload is not JSON' '
	printf "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln" >bad.jws && rejects bad.jws "json"
'

test_expect_success 'an unreachable URL' '
	before=$(wallet_digest "$SATCHEL_WALLET") &&
	expect_code 1 satchel import https://127.0.0.1:9/badge.json 2>err &&
	grep -i "connect\|refused\|reach" err &&
	test "$before" = "$(wallet_digest "$SATCHEL_WALLET")"
'

test_expect_success 'plain http is refused' '
	expect_code 1 satchel import http://issuer.example/a.json 2>err && grep "https only" err
'

test_expect_success 'a missing file' '
	rejects does-not-exist.json "cannot open"
'

test_expect_success 'one bad source does not stop the good ones' '
	expect_code 1 satchel --json import junk.bin "$CORPORA/ob2-validator-core/components/0_5_assertion.json" >out &&
	test "$(json_get out "[x[\"status\"] for x in d]")" = "[${SQ}rejected${SQ}, ${SQ}added${SQ}]"
'

test_expect_success 'verify: a missing file, a directory and a FIFO get reports, the rest are verified' '
	mkfifo pipe1 &&
	good="$CORPORA/ob2-validator-core/components/2_0_basic_assertion.json" &&
	before=$(wallet_digest "$SATCHEL_WALLET") &&
	expect_code 1 env -u SATCHEL_WALLET HOME="$TRASH/nohome" "$SATCHEL_BIN" --offline --json verify \
		no-such.json "$TRASH" pipe1 "$good" >out 2>err &&
	python3 -c "
import json
r = json.load(open(\"out\"))
assert [x[\"verdict\"] for x in r[:3]] == [\"invalid\"] * 3, r
msgs = [x[\"checks\"][0][\"message\"] for x in r[:3]]
assert msgs[0] == \"no such file ${SQ}no-such.json${SQ}\", msgs
assert msgs[1].endswith(\"is a directory, not a badge\"), msgs
assert msgs[2] == \"${SQ}pipe1${SQ} is not a regular file\", msgs
assert len(r) == 4 and r[3][\"target\"].endswith(\"2_0_basic_assertion.json\"), r" &&
	! grep "no wallet" err &&
	test "$before" = "$(wallet_digest "$SATCHEL_WALLET")"
'

test_expect_success 'fsck finds nothing wrong after all that' 'satchel fsck'

test_done
