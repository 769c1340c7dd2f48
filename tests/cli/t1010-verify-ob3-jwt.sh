#!/bin/sh
# verify: Open Badges 3.0 VC-JWT with keys from did:key, did:web (with a
# port and a path) and an https JWK; tampering, alg none and a key that is
# not the issuer's are invalid.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
mkdir -p www srv gen
testca_init srv >/dev/null
https_server_start srv www || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
P=$HTTPS_PORT
T="$TOOLS/test-issuer"
K="$SRC_ROOT/tests/tools/keys"
S="$SRC_ROOT/share/samples"
verdict() { json_get "$1" "d[0][\"verdict\"]"; }

# jwt NAME KEY [options]: an OB 3.0 VC-JWT by an issuer under https://issuer.example:P/NAME
jwt() {
	name=$1 key=$2; shift 2
	"$T" ob3-jwt --base-url "https://issuer.example:$P/$name" --issuer-name "Issuer $name" \
		--name "Badge $name" --description d --criteria c --id-suffix "$name" \
		--recipient lena@example.org --salt salz --issued 2024-01-01T00:00:00Z \
		--key "$key" --site gen -o "$name.jwt" "$@" >/dev/null 2>&1 &&
	{ [ ! -d "gen/issuer.example:$P" ] || cp -R "gen/issuer.example:$P"/. www/; }
}

# The Ed25519 test key as a Multikey (from the did:key sample issuer).
MK=$(python3 -c "
import base64, json
h, p, s = open('$S/ob3-jwt-cloud-security-essentials.jwt').read().strip().split('.')
d = json.loads(base64.urlsafe_b64decode(p + '=' * (-len(p) % 4)))
iss = d['issuer'] if isinstance(d['issuer'], str) else d['issuer']['id']
print(iss.split(':')[2])")

test_expect_success 'did:key EdDSA sample verifies' '
	satchel --json verify "$S/ob3-jwt-cloud-security-essentials.jwt" >out &&
	test "$(verdict out)" = verified
'

test_expect_success 'RS256 with a kid that serves a JWK on the issuer origin' '
	jwt rs "$K/test-only-rsa2048.pem" &&
	satchel --json verify rs.jwt >out && test "$(verdict out)" = verified
'

test_expect_success 'did:web with a port and a path: the key from did.json' '
	DID="did:web:issuer.example%3A$P:org:web1" &&
	mkdir -p www/org/web1 &&
	cat >www/org/web1/did.json <<-JSON &&
	{"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
	 "id": "$DID",
	 "verificationMethod": [{"id": "$DID#key-1", "type": "Multikey", "controller": "$DID",
	                         "publicKeyMultibase": "$MK"}],
	 "assertionMethod": ["$DID#key-1"]}
	JSON
	jwt web1 "$K/test-only-ed25519.pem" --issuer-id "$DID" --kid "$DID#key-1" &&
	satchel --json verify web1.jwt >out && test "$(verdict out)" = verified &&
	grep "/org/web1/did.json" srv/requests.log >/dev/null
'

test_expect_success 'did:web key not listed under assertionMethod is refused' '
	DID="did:web:issuer.example%3A$P:org:web2" &&
	mkdir -p www/org/web2 &&
	cat >www/org/web2/did.json <<-JSON &&
	{"id": "$DID",
	 "verificationMethod": [{"id": "$DID#key-1", "type": "Multikey", "controller": "$DID",
	                         "publicKeyMultibase": "$MK"}],
	 "authentication": ["$DID#key-1"]}
	JSON
	jwt web2 "$K/test-only-ed25519.pem" --issuer-id "$DID" --kid "$DID#key-1" &&
	expect_code 1 satchel --json verify web2.jwt >out && test "$(verdict out)" = invalid &&
	grep assertionMethod out
'

# A verification method is read by its type (SPECS.md 5.8): an unknown
# type is refused even when it carries a key satchel could read; a
# relationship given as one entry instead of a set still lists it.
test_expect_success 'did:web: unknown method type refused, one-entry assertionMethod read' '
	for n in web3 web4; do
		DID="did:web:issuer.example%3A$P:org:$n" &&
		type=$([ $n = web3 ] && echo FooKey2099 || echo Multikey) &&
		mkdir -p www/org/$n &&
		cat >www/org/$n/did.json <<-JSON &&
		{"id": "$DID",
		 "verificationMethod": [{"id": "$DID#key-1", "type": "$type", "controller": "$DID",
		                         "publicKeyMultibase": "$MK"}],
		 "assertionMethod": "$DID#key-1"}
		JSON
		jwt $n "$K/test-only-ed25519.pem" --issuer-id "$DID" --kid "$DID#key-1" || return 1
	done &&
	expect_code 1 satchel --json verify web3.jwt >out && test "$(verdict out)" = invalid &&
	grep -q "type .FooKey2099. is not supported" out &&
	satchel --json verify web4.jwt >out && test "$(verdict out)" = verified
'

# A did:web is a domain name and ':'-separated path parts in DID Core's
# characters: "trusted.example@issuer.example" would be issuer.example to
# a URL parser (user info), and an IP address is not a domain name.
test_expect_success 'did:web that is not a domain name is refused before any request' '
	for d in "trusted.example@issuer.example%3A$P:org:web1" "127.0.0.1%3A$P:org:web1" \
		 "issuer.example%3A$P/org/web1" "issuer.example%3Ax$P:org:web1"; do
		DID="did:web:$d" &&
		jwt bad "$K/test-only-ed25519.pem" --issuer-id "$DID" --kid "$DID#key-1" &&
		n=$(wc -l <srv/requests.log) &&
		expect_code 1 satchel --json verify bad.jwt >out && test "$(verdict out)" = invalid &&
		grep -q "is not a did:web" out && test "$(wc -l <srv/requests.log)" = "$n" || return 1
	done
'

test_expect_success 'a key controlled by someone else than the issuer is refused' '
	jwt other "$K/test-only-ed25519.pem" --issuer-id "https://issuer.example:$P/other/issuer.json" \
		--kid "did:key:$MK#$MK" &&
	expect_code 1 satchel --json verify other.jwt >out && test "$(verdict out)" = invalid &&
	grep "not by the issuer" out
'

test_expect_success 'a tampered payload fails the signature' '
	python3 - "$S/ob3-jwt-cloud-security-essentials.jwt" t.jwt <<-\PY &&
	import base64, json, sys
	h, p, s = open(sys.argv[1]).read().strip().split(".")
	d = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
	d["credentialSubject"]["achievement"]["name"] = "Something Else"
	p = base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")
	open(sys.argv[2], "w").write(".".join([h, p, s]))
	PY
	expect_code 1 satchel --json verify t.jwt >out && test "$(verdict out)" = invalid
'

test_expect_success 'alg none is refused' '
	python3 - "$S/ob3-jwt-cloud-security-essentials.jwt" n.jwt <<-\PY &&
	import base64, sys
	h, p, s = open(sys.argv[1]).read().strip().split(".")
	h = base64.urlsafe_b64encode(b"{\"alg\":\"none\"}").decode().rstrip("=")
	open(sys.argv[2], "w").write(h + "." + p + ".")
	PY
	expect_code 1 satchel --json verify n.jwt >out && test "$(verdict out)" = invalid &&
	grep "alg none" out
'

test_expect_success 'an unreachable key server: unknown' '
	https_server_stop "$TRASH/srv" &&
	expect_code 1 satchel --json verify rs.jwt >out && test "$(verdict out)" = unknown
'

test_done
