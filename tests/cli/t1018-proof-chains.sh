#!/bin/sh
# Data Integrity proof chains (DI 1.0 "proof chains", SPECS.md 5.2): a
# proof with previousProof signs the document with the earlier proof as
# its proof, so it is verified over that, not over the bare document.
# The chains are made here with test-issuer sign-di --id / --previous.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/signed.sh"

T="$TOOLS/test-issuer"
NOW=2025-06-01T00:00:00Z
signed_base base.json || exit 1
python3 -c '
import json
d = json.load(open("base.json"))
d.pop("proof", None)
json.dump(d, open("bare.json", "w"), indent=2)
' || exit 1

sign() {	# sign IN OUT [sign-di options]
	in=$1 out=$2
	shift 2
	"$T" sign-di --key a.pem --created $SIGNED "$@" "$in" -o "$out" 2>err.sign
}

edit() {	# edit IN OUT PYTHON: OUT is IN changed by PYTHON (on d)
	python3 -c "
import json
d = json.load(open('$1'))
$3
json.dump(d, open('$2', 'w'), indent=2)
"
}

verdict() { verdict_of "$1" "out.$1"; }	# verdict FILE

# A first proof broken before it was chained stays broken; the chained
# one that signed it verifies, and one valid proof of the issuer is
# enough (as for proof sets).
test_expect_success 'a chain of two proofs verifies, and so does each link' '
	sign bare.json one.json --id urn:proof:1 &&
	sign one.json chain.json --id urn:proof:2 --previous urn:proof:1 &&
	test "$(verdict chain.json)" = verified &&
	! grep -q "another proof does not verify" out.chain.json &&
	edit one.json one-broken.json "d[\"proof\"][\"proofValue\"] = \"z\" + \"1\" * 87" &&
	sign one-broken.json second-only.json --id urn:proof:2 --previous urn:proof:1 &&
	test "$(verdict second-only.json)" = verified &&
	grep -q "another proof does not verify" out.second-only.json
'

test_expect_success 'the chained proof covers the earlier one: changing it breaks both' '
	edit chain.json changed.json "d[\"proof\"][0][\"created\"] = \"2024-03-16T09:00:00Z\"" &&
	test "$(verdict changed.json)" = invalid
'

test_expect_success 'a chained proof does not verify over the bare document' '
	edit chain.json unchained.json "del d[\"proof\"][1][\"previousProof\"]" &&
	edit unchained.json unchained2.json "d[\"proof\"] = d[\"proof\"][1]" &&
	test "$(verdict unchained2.json)" = invalid &&
	grep -q "signature does not verify" out.unchained2.json
'

test_expect_success 'a previousProof that is not in the proof set is named' '
	edit chain.json orphan.json "d[\"proof\"] = d[\"proof\"][1]" &&
	test "$(verdict orphan.json)" = invalid &&
	grep -q "the previous proof .urn:proof:1. is not in the proof set" out.orphan.json
'

test_expect_success 'signing refuses to chain to a proof that is not there' '
	! sign one.json bad.json --previous urn:proof:9 &&
	grep -q "is not in the proof set" err.sign
'

test_done
