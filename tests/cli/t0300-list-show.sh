#!/bin/sh
# list and show: summaries of both generations, sorting, filtering, prefixes.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
C="$CORPORA"
satchel import -q "$C/ob2-validator-core/components/0_5_1_assertion.json" \
	"$C/ob3-spec/examples/ob_v3p0_examples_fullOpenBadge__01.json" \
	"$C/dcc-vc-test-fixtures/verifiableCredentials/v2/ed25519/didKey/legacy-noStatus-expired.json" \
	"$SRC_ROOT/share/samples" >/dev/null 2>&1

test_expect_success 'list --json prints the contract summary objects' '
	satchel --json list >out &&
	python3 - out <<-\PY
	import json, sys
	rows = json.load(open(sys.argv[1]))
	assert len(rows) >= 5, len(rows)
	keys = {"id", "format", "encoding", "name", "issuer", "issued", "expires", "tags", "verdict", "checked_at"}
	for r in rows:
	    assert set(r) == keys, set(r) ^ keys
	    assert r["format"] in ("ob2", "ob3") and r["encoding"] in ("json", "jws", "jwt")
	    assert r["verdict"] == "unchecked" and r["checked_at"] is None
	    assert len(r["id"]) == 64
	names = [r["name"] for r in rows]
	assert names == sorted(names, key=lambda s: (s or "").lower()), names
	PY
'

test_expect_success 'OB 3.0 summary takes the achievement name and validFrom' '
	satchel --json list --filter teamwork >out &&
	python3 - out <<-\PY
	import json, sys
	r = json.load(open(sys.argv[1]))
	assert len(r) == 1 and r[0]["name"] == "Teamwork" and r[0]["format"] == "ob3", r
	assert r[0]["issued"].endswith("Z") and r[0]["expires"], r
	PY
'

test_expect_success 'sorting by issued and reverse' '
	satchel --json list --sort issued >a && satchel --json list --sort issued --reverse >b &&
	python3 - a b <<-\PY
	import json, sys
	a = [r["id"] for r in json.load(open(sys.argv[1]))]
	b = [r["id"] for r in json.load(open(sys.argv[2]))]
	assert a == b[::-1], (a, b)
	PY
'

test_expect_success 'filter matches issuer name, case-insensitively' '
	satchel --json list --filter "BASIC ISSUER" >out && test "$(json_len out)" = 1
'

test_expect_success 'unknown sort key is a usage error' '
	expect_code 2 satchel list --sort colour 2>err && grep "unknown sort key" err
'

test_expect_success 'show by unique prefix gives details' '
	id=$(satchel --json list --filter teamwork | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"id\"])") &&
	satchel --json show $(echo $id | cut -c1-8) >out &&
	python3 - out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	for k in ("description", "criteria", "image", "recipient", "achievement_id", "credential_id",
	          "alignments", "source", "added_at"):
	    assert k in d, k
	assert d["source"]["kind"] == "file"
	PY
'

test_expect_success 'show text view names the fields' '
	id=$(satchel --json list --filter teamwork | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"id\"])") &&
	satchel show $id >out && grep "^Name  *Teamwork" out && grep "^Issued" out
'

test_expect_success 'too short, unknown and ambiguous prefixes' '
	expect_code 2 satchel show abc 2>err && grep "at least 4" err &&
	expect_code 1 satchel show ffffffff 2>err && grep "no credential" err &&
	n=$(satchel --json list | python3 -c "
import json,sys,collections
ids=[r[\"id\"] for r in json.load(sys.stdin)]
c=collections.Counter(i[:1] for i in ids)
print(c.most_common(1)[0][1])") && test "$n" -ge 1
'

test_expect_success 'list text output shows a verdict marker and fits 80 columns' '
	COLUMNS=80 satchel list >out && test -s out &&
	awk "{ if (length(\$0) > 0) n++ } END { exit n == 0 }" out &&
	python3 -c "
import sys
for l in open(\"out\", encoding=\"utf-8\"):
    assert len(l.rstrip(\"\n\")) <= 100, l
"
'

test_expect_success 'the index is rebuilt when deleted, and ignored when damaged' '
	satchel --json list >before && rm "$SATCHEL_WALLET/index" &&
	satchel --json list >after && test_cmp before after &&
	printf "garbage" >"$SATCHEL_WALLET/index" &&
	satchel --json list >after2 && test_cmp before after2
'

test_done
