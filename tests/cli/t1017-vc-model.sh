#!/bin/sh
# The VC data-model rules that a valid signature does not cover: the
# credentials context comes first in @context (VC DM 2.0 §4.3), ids of the
# credential and its subjects are URLs (§4.4), and for an Open Badge the
# OB 3.0 context comes second (the OB 3.0 schema; a warning only, since
# the reference verifiers do not check it).  Each credential is signed
# here after the change, so that only the rule decides.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/signed.sh"

T="$TOOLS/test-issuer"
NOW=2025-06-01T00:00:00Z
signed_base base.json && signed_base base-v1.json --vc1 || exit 1

# name  expected-verdict  change (Python, on doc)
cat >cases <<'EOF'
plain            verified  pass
subject-did      verified  doc["credentialSubject"]["id"] = "did:example:ebfeb1f712ebc6f1c276e12ec21"
id-urn           verified  doc["id"] = "urn:uuid:3c1d5e7f-9a2b-4c6d-8e0f-1a3b5c7d9e2f"
contexts-swapped invalid   doc["@context"][0:2] = doc["@context"][1::-1]
subject-bnode    invalid   doc["credentialSubject"]["id"] = "_:c14n1"
id-bnode         invalid   doc["id"] = "_:b0"
ob-third         verified  doc["@context"].insert(1, "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json")
no-validfrom     verified  del doc["validFrom"]
v1-plain         verified  doc = json.load(open("base-v1.json")); doc.pop("proof", None)
v1-no-issuance   invalid   doc = json.load(open("base-v1.json")); doc.pop("proof", None); del doc["issuanceDate"]
subject-empty    invalid   doc["credentialSubject"] = {}
evidence-untyped invalid   doc["evidence"] = [{"id": "https://academy.example/evidence/1", "name": "Essay"}]
evidence-typed   verified  doc["evidence"] = [{"id": "https://academy.example/evidence/1", "type": ["Evidence"], "name": "Essay"}]
terms-empty      invalid   doc["termsOfUse"] = {}
EOF

mkdir -p creds
python3 - cases <<-\PY || exit 1
import json, sys
for line in open(sys.argv[1]):
    name, _, change = line.rstrip("\n").split(None, 2)
    doc = json.load(open("base.json"))
    doc.pop("proof", None)
    exec(change)
    json.dump(doc, open("creds/%s.unsigned.json" % name, "w"), indent=2)
PY
while read -r name rest; do
	"$T" sign-di --key a.pem --created $SIGNED creds/$name.unsigned.json -o creds/$name.json \
		2>/dev/null || exit 1
done <cases

verdict() { verdict_of "creds/$1.json" "out.$1"; }	# verdict NAME

expect_verdicts

test_expect_success 'each failure names its rule, and the proof itself still verifies' '
	grep -q "the first @context is .https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json., not the Verifiable Credentials context" out.contexts-swapped &&
	grep -q "credentialSubject.s id (._:c14n1.) is not a URL" out.subject-bnode &&
	grep -q "credential.s id (._:b0.) is not a URL" out.id-bnode &&
	for n in contexts-swapped subject-bnode id-bnode; do
		grep -q "proof by .* verifies" out.$n || return 1
	done
'

test_expect_success 'an Open Badge without the OB context second verifies, with a warning' '
	grep -q "second @context is not an Open Badges 3.0 context" out.ob-third &&
	! grep -q "second @context" out.plain
'

test_expect_success 'the members VC DM requires to be typed objects are named' '
	grep -q "the credentialSubject is not an object that says something" out.subject-empty &&
	grep -q "the evidence has no type" out.evidence-untyped &&
	grep -q "the termsOfUse is not an object that says something" out.terms-empty
'

test_expect_success 'VC DM 1.1 requires issuanceDate; OB 3.0 validFrom only warns' '
	grep -q "no issuanceDate, which VC DM 1.1 requires" out.v1-no-issuance &&
	grep -q "no validFrom, which Open Badges 3.0 requires" out.no-validfrom &&
	! grep -q "validFrom" out.plain
'

# Data Integrity: verificationMethod is a URL; an object in its place is
# named as such (it used to read "verification method '?'").
test_expect_success 'a verificationMethod given as an object is refused by name' '
	python3 -c "
import json
d = json.load(open(\"creds/plain.json\"))
d[\"proof\"][\"verificationMethod\"] = {\"id\": d[\"proof\"][\"verificationMethod\"]}
json.dump(d, open(\"creds/vm-object.json\", \"w\"))
" &&
	test "$(verdict vm-object)" = invalid &&
	grep -q "verificationMethod is not a URL string" out.vm-object
'

test_done
