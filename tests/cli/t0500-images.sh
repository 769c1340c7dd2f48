#!/bin/sh
# extract and bake: both image types, both generations, round trips.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
S="$SRC_ROOT/share/samples"
B="$CORPORA/ob-bakery"

test_expect_success 'extract from the bakery PNG prints the assertion JSON' '
	satchel extract "$B/concentricsky/testfiles/baked_heart.png" >out &&
	python3 -c "import json; d=json.load(open(\"out\")); assert d[\"uid\"] == \"123\""
'

test_expect_success 'extract --json names image and generation' '
	satchel --json extract "$B/mozilla/no-json.svg" >out &&
	test "$(json_get out "d[\"image\"], d[\"generation\"], d[\"text\"]")" = "(%s, %s, %s)" ||
	test "$(json_get out "d[\"image\"]+d[\"generation\"]+d[\"text\"]")" = "svgob2http://example.org"
'

test_expect_success 'extract of an unbaked image says so (exit 1)' '
	expect_code 1 satchel extract "$B/mozilla/unbaked.png" 2>err && grep -i "no" err
'

test_expect_success 'bake OB 2.0 JSON into PNG and SVG; extract and import give the same badge' '
	satchel --json import "$S/ob2-hosted-grundlagen-der-datenanalyse.json" >imp &&
	id=$(json_get imp "d[0][\"id\"]") &&
	satchel bake $id "$B/concentricsky/testfiles/public_domain_heart.png" -o b.png &&
	satchel bake $id "$B/mozilla/unbaked.svg" -o b.svg &&
	satchel extract b.png >x1 && cmp x1 "$S/ob2-hosted-grundlagen-der-datenanalyse.json" &&
	satchel extract b.svg >x2 && cmp x2 "$S/ob2-hosted-grundlagen-der-datenanalyse.json" &&
	satchel --json import b.png b.svg >imp2 &&
	test "$(json_get imp2 "[x[\"status\"] for x in d]")" = "[${SQ}exists${SQ}, ${SQ}exists${SQ}]"
'

test_expect_success 'bake OB 3.0 JWT into SVG uses the verify attribute' '
	satchel --json import "$S/ob3-jwt-cloud-security-essentials.jwt" >imp &&
	id=$(json_get imp "d[0][\"id\"]") &&
	satchel bake $id "$B/mozilla/unbaked.svg" -o j.svg &&
	grep -q "purl.imsglobal.org/ob/v3p0" j.svg && grep -q "verify=" j.svg &&
	satchel --json extract j.svg >x && test "$(json_get x "d[\"generation\"]")" = ob3
'

test_expect_success 're-baking replaces the baked badge (one chunk only)' '
	satchel --json import "$S/ob3-teamarbeit-und-kommunikation.json" >imp &&
	id=$(json_get imp "d[0][\"id\"]") &&
	satchel bake $id b.png -o bb.png &&
	satchel --json extract bb.png >x && test "$(json_get x "d[\"generation\"]")" = ob3 &&
	test "$(grep -c -a iTXt bb.png)" = 1
'

test_expect_success 'sample baked images import' '
	satchel --json import "$S/baked" >out &&
	test "$(json_get out "sorted(set(x[\"status\"] for x in d))")" != "[${SQ}rejected${SQ}]" &&
	python3 -c "
import json; r=json.load(open(\"out\")); assert all(x[\"status\"] != \"rejected\" for x in r), r"
'

test_expect_success 'bake needs -o' '
	expect_code 2 satchel bake abcd x.png 2>err
'

test_done
