#!/bin/sh
# Agreement with the reference verifier (../shared/oracle, Digital Bazaar /
# DCC libraries): every credential of its corpus is verified by satchel and
# the verdict compared with corpus/expected.json.  did:web documents and
# status lists are served by a local HTTPS server for issuer.example.edu
# and example.org (SATCHEL_CONNECT_TO maps their port 443 to it).
#
# Deliberate differences, where satchel follows the spec and its own
# security rules rather than the reference (see DIFFERENCES below):
#   edge/di-duplicate-json-key.json  the reference keeps the last of two
#       equal keys and verifies; satchel rejects duplicate keys in
#       credentials (a signed document must not have two readings).
#   valid/di-v2-special-chars.json  its description holds U+FFFF, which
#       RDFC-1.0's canonical N-Quads write as \uFFFF (not an XML Char);
#       rdf-canonize writes it raw, so the reference signed other bytes
#       than the canonical form and satchel finds the signature invalid.
# Both are argued in tests/conformance/DEVIATIONS.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

O="$SRC_ROOT/../shared/oracle/corpus"
if [ ! -f "$O/expected.json" ]; then
	test_expect_success 'the oracle corpus is present (../shared/oracle)' 'false'
	test_done; exit
fi
DIFFERENCES="credentials/edge/di-duplicate-json-key.json credentials/valid/di-v2-special-chars.json"

mkdir -p www srv
cp -R "$O/web/issuer.example.edu/." www/ && cp -R "$O/web/example.org/." www/
testca_init srv issuer.example.edu example.org >/dev/null
https_server_start srv www || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
export SATCHEL_CONNECT_TO="issuer.example.edu:443:127.0.0.1:$HTTPS_PORT,example.org:443:127.0.0.1:$HTTPS_PORT"
unset SATCHEL_RESOLVE
# Any instant from 2025-01-01T00:05Z up to 2089 gives the expected verdicts.
NOW=2026-06-01T00:00:00Z

# reference verdict -> satchel verdict
python3 - "$O/expected.json" >want.txt <<-\PY
import json, sys
m = {"ok": "verified", "expired": "expired", "not-yet-valid": "not-yet-valid",
     "revoked": "revoked", "suspended": "suspended"}
for f, e in sorted(json.load(open(sys.argv[1])).items()):
    print(f, m.get(e["reason"], "invalid"))
PY

while read -r f want; do
	got=$(satchel --json --now $NOW verify "$O/$f" 2>/dev/null |
	      python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["verdict"])' 2>/dev/null)
	echo "$f $want ${got:-error}"
done <want.txt >results.txt

test_expect_success 'the corpus has its 98 credentials' 'test "$(wc -l <results.txt)" -ge 98'

test_expect_success 'every verdict agrees with the reference (but the documented differences)' '
	awk -v diff="$DIFFERENCES" "BEGIN { n = split(diff, d, \" \"); for (i = 1; i <= n; i++) skip[d[i]] = 1 }
		!(\$1 in skip) && \$2 != \$3 { print; bad++ } END { exit bad > 0 }" results.txt
'

test_expect_success 'the duplicate-key edge case is rejected with a reason' '
	expect_code 1 satchel --json --now $NOW verify "$O/credentials/edge/di-duplicate-json-key.json" >out &&
	grep -i duplicate out
'

test_expect_success 'an embedded endorsement is verified and reported as its own check' '
	satchel --json --now $NOW verify "$O/credentials/valid/di-v2-embedded-endorsement.json" >out &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"]==\"endorsement\"]")" = "[${SQ}pass${SQ}]"
'

# The reports of one run are printed as they come (cli_print_json_item):
# the text must still be one JSON array, indented as a whole, in the
# order of the arguments, with the verdicts of the one-by-one runs.
test_expect_success 'one run over the whole corpus prints one array, in order' '
	awk "{ print \"$O/\" \$1 }" results.txt >files &&
	expect_code 1 satchel --json --now $NOW verify $(cat files) >all.json &&
	python3 - all.json files results.txt <<-\PY
	import json, sys
	text = open(sys.argv[1], encoding="utf-8").read()
	reports = json.loads(text)
	files = open(sys.argv[2]).read().split()
	got = [line.split()[2] for line in open(sys.argv[3])]
	assert text == json.dumps(reports, indent=2, ensure_ascii=False) + "\n", "layout"
	assert [r["target"] for r in reports] == files, "order"
	assert [r["verdict"] for r in reports] == got, "verdicts"
	PY
'

test_expect_success 'valid credentials verify, including did:web and status lists' '
	test "$(awk "\$2 == \"verified\" && \$3 == \"verified\"" results.txt | wc -l)" -ge 45
'

test_done
