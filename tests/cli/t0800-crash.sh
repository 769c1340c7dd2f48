#!/bin/sh
# Crash safety: satchel is killed with SIGKILL at random points during a
# loop of imports; afterwards fsck proves every object intact and every
# import that completed before a kill is still there.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
mkdir -p in
python3 - <<-\PY
import json
for i in range(80):
    doc = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
           "id": "https://issuer.example/a/%d" % i,
           "recipient": {"type": "email", "hashed": False, "identity": "lena@example.org"},
           "badge": {"type": "BadgeClass", "id": "https://issuer.example/b/%d" % i,
                     "name": "Badge %d" % i, "description": "d", "criteria": "https://issuer.example/c",
                     "image": "https://issuer.example/i.png",
                     "issuer": {"id": "https://issuer.example", "type": "Issuer", "name": "Crash Test Issuer",
                                "url": "https://issuer.example", "email": "x@issuer.example"}},
           "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}
    json.dump(doc, open("in/%03d.json" % i, "w"))
PY

rand_ms() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % ${1:-40} )); }

test_expect_success 'import loop with random SIGKILLs' '
	: >completed && kills=0 &&
	for f in in/*.json; do
		satchel import -q "$f" >/dev/null 2>&1 &
		pid=$!
		sleep "0.$(printf %03d $(rand_ms 130))"
		if kill -KILL $pid 2>/dev/null; then kills=$((kills + 1)); fi
		if wait $pid; then echo "$f" >>completed; fi
	done &&
	echo "killed $kills, completed $(wc -l <completed)" &&
	test $kills -gt 0
'

test_expect_success 'kills during a multi-file import' '
	for n in 1 2 3 4 5; do
		satchel import -q in >/dev/null 2>&1 &
		pid=$!
		sleep "0.$(printf %02d $(rand_ms 90))"
		kill -KILL $pid 2>/dev/null
		wait $pid
	done; true
'

test_expect_success 'fsck: every object intact (leftover temp files are only warnings)' '
	satchel --json fsck >problems; rc=$? &&
	cat problems && test $rc = 0 &&
	test "$(json_get problems "len([p for p in d if p[\"severity\"] == \"error\"])")" = 0
'

test_expect_success 'every import that completed before a kill is there, byte for byte' '
	while read -r f; do
		id=$(sha256sum "$f" | cut -c1-64) &&
		satchel show --raw $id >raw && cmp raw "$f" || return 1
	done <completed
'

test_expect_success 'the index agrees with the objects' '
	satchel --json list >l &&
	test "$(json_get l "len(d)")" = "$(find "$SATCHEL_WALLET/objects" -type f ! -name "*.meta" ! -name ".tmp-*" | wc -l)"
'

test_expect_success 'a full import afterwards completes the set' '
	satchel import -q in >/dev/null && satchel --json list >l && test "$(json_get l "len(d)")" = 80 &&
	satchel fsck -q
'

test_done
