#!/bin/sh
# Verifiable Credential dates (SPECS.md pitfall 11): validFrom and
# validUntil are compared with --now as instants, fractions of a second
# included, and must be XSD date-times; a proof's "created" too.  Each
# credential is signed here with its dates (test-issuer sign-di), so that
# only the date decides the verdict.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/signed.sh"

T="$TOOLS/test-issuer"
NOW=2025-06-01T00:00:00Z
signed_base base.json || exit 1

# name  expected-verdict  validFrom  validUntil ("-": left out)
cat >cases <<EOF
plain             verified       2024-03-15T09:00:00Z        -
until-fraction    verified       2024-03-15T09:00:00Z        2025-06-01T00:00:00.5Z
until-now         expired        2024-03-15T09:00:00Z        2025-06-01T00:00:00Z
until-before      expired        2024-03-15T09:00:00Z        2025-05-31T23:59:59.999Z
from-fraction     not-yet-valid  2025-06-01T00:00:00.001Z    -
from-offset       verified       2025-06-01T01:59:59+02:00   -
from-end-of-day   verified       2024-03-15T24:00:00Z        -
from-no-offset    verified       2024-03-15T09:00:00         -
date-only         invalid        2024-03-15                  -
lower-case        invalid        2024-03-15t09:00:00z        -
space             invalid        "2024-03-15 09:00:00Z"      -
leap-second       invalid        2024-12-31T23:59:60Z        -
offset-no-colon   invalid        2024-03-15T09:00:00+0100    -
hour-24-minutes   invalid        2024-03-15T24:30:00Z        -
until-year-10000  verified       2024-03-15T09:00:00Z        10000-01-01T00:00:00Z
from-before-0000  verified       -0001-06-01T00:00:00Z       -
until-past-0000   expired        -0044-03-15T09:00:00Z       -0001-01-01T00:00:00Z
year-leading-zero invalid        02024-03-15T09:00:00Z       -
year-plus-sign    invalid        +2024-03-15T09:00:00Z       -
EOF

mkdir -p creds
python3 - cases <<-\PY || exit 1
import json, shlex, sys
for line in open(sys.argv[1]):
    name, _, since, until = shlex.split(line)
    doc = json.load(open("base.json"))
    doc.pop("proof", None)
    doc["id"] = "https://academy.example/credentials/" + name
    doc["validFrom"] = since
    if until != "-":
        doc["validUntil"] = until
    json.dump(doc, open("creds/%s.unsigned.json" % name, "w"), indent=2)
PY
while read -r name rest; do
	"$T" sign-di --key a.pem --created $SIGNED creds/$name.unsigned.json -o creds/$name.json \
		2>/dev/null || exit 1
done <cases

verdict() { verdict_of "creds/$1.json" "out.$1" "${2:-}"; }	# verdict NAME [NOW]

expect_verdicts validity

test_expect_success 'a bad date is named as not a date, not as a bad signature' '
	grep -q "the start of validity .2024-03-15t09:00:00z. is not a date" out.lower-case &&
	grep -q "verifies" out.lower-case
'

test_expect_success 'the fraction of --now counts too' '
	test "$(verdict until-fraction 2025-06-01T00:00:00.4Z)" = verified &&
	test "$(verdict until-fraction 2025-06-01T00:00:00.5Z)" = expired
'

# "created" is in the signed proof configuration: a date-only value is
# refused before the signature is looked at.
test_expect_success 'a proof whose created is not an XSD date-time fails on that' '
	python3 -c "
import json
d = json.load(open(\"creds/plain.json\"))
d[\"proof\"][\"created\"] = \"2024-03-15\"
json.dump(d, open(\"creds/created-date-only.json\", \"w\"))
" &&
	test "$(verdict created-date-only)" = invalid &&
	grep -q "created. is not an XSD date-time" out.created-date-only
'

test_done
