#!/bin/sh
# VC-JWT header and claim rules (RFC 7515 §4.1, RFC 7519 §2 and §4.1,
# Open Badges 3.0 §8, SPECS.md section 4): each JWT is built and signed
# here (EdDSA, openssl pkeyutl) with one rule broken, so that only that
# rule decides.  Verification time is fixed: --now is NOW below, Unix
# time 1748736000.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/signed.sh"

NOW=2025-06-01T00:00:00Z
signed_base base.json && signed_base base-v1.json --vc1 || exit 1

# name  expected-verdict  change (Python, on header h and payload p; key
# "jwk" makes the issuer a did:jwk of the same key, its JWK as given)
cat >cases <<'EOF'
plain              verified       pass
crit               invalid        h["crit"] = ["foo"]; h["foo"] = 1
b64-false          invalid        h["crit"] = ["b64"]; h["b64"] = False
b64-only           invalid        h["b64"] = False
kid-number         invalid        h["kid"] = 7
no-kid             invalid        del h["kid"]
jwk-private        invalid        h["jwk"] = dict(JWK, d="AAAA")
exp-fraction-left  verified       p["exp"] = 1748736000.5
exp-now            expired        p["exp"] = 1748736000
exp-float-past     expired        p["exp"] = 1748649599.5
nbf-float-future   not-yet-valid  p["nbf"] = 1748822400.5
exp-string         invalid        p["exp"] = "1748649600"
nbf-iso            invalid        p["nbf"] = "2024-03-15T09:00:00Z"
iat-string         invalid        p["iat"] = "1710493200"
iss-number         invalid        p["iss"] = 42
iss-array          invalid        p["iss"] = [p["iss"]]
jti-number         invalid        p["jti"] = 1
kid-bare-didkey    invalid        h["kid"] = h["kid"].split("#")[0]
kid-fragment-only  verified       h["kid"] = "#" + h["kid"].split("#")[1]
didjwk-sig         verified       ISSUER = "jwk"
didjwk-enc         invalid        ISSUER = "jwk"; JWK["use"] = "enc"
didjwk-bare-kid    invalid        ISSUER = "jwk"; BARE = True
v1-minimal         verified       p = v1_minimal(p)
v1-minimal-no-iss  invalid        p = v1_minimal(p); del p["iss"]
EOF

python3 - cases <<-\PY || exit 1
import base64, json, shlex, subprocess, sys

def b64(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")

pub = subprocess.run(["openssl", "pkey", "-in", "a.pem", "-pubout", "-outform", "DER"],
                     check=True, capture_output=True).stdout[-32:]
base = json.load(open("base.json"))
base.pop("proof", None)
did_key = base["issuer"]["id"] if isinstance(base["issuer"], dict) else base["issuer"]

def v1_minimal(p):
    """A VC DM 1.1 JWT whose vc claim leaves issuer, issuanceDate, id and
    the subject's id to iss, nbf, jti and sub (VC DM 1.1 §6.3.1)."""
    vc = json.load(open("base-v1.json"))
    vc.pop("proof", None)
    claims = {"iss": p["iss"], "nbf": 1710493200, "jti": vc.pop("id"),
              "sub": vc["credentialSubject"].pop("id", None)}
    vc.pop("issuer")
    vc.pop("issuanceDate")
    if claims["sub"] is None:
        del claims["sub"]
    return dict(claims, vc=vc)

for line in open(sys.argv[1]):
    name, _, change = line.rstrip("\n").split(None, 2)
    p = json.loads(json.dumps(base))
    h = {"alg": "EdDSA", "typ": "JWT", "kid": did_key + "#" + did_key.split(":")[2]}
    scope = {"h": h, "p": p, "ISSUER": "key", "v1_minimal": v1_minimal,
             "JWK": {"kty": "OKP", "crv": "Ed25519", "x": b64(pub)}}
    # A change of issuer comes first (the claims follow the credential);
    # any other change comes last, to break one rule of a signed JWT.
    if change.startswith("ISSUER"):
        exec(change, scope)
        if scope["ISSUER"] == "jwk":
            did = "did:jwk:" + b64(json.dumps(scope["JWK"], separators=(",", ":")).encode())
            if isinstance(p["issuer"], dict):
                p["issuer"]["id"] = did
            else:
                p["issuer"] = did
            h["kid"] = did if scope.get("BARE") else did + "#0"
    iss = p["issuer"]["id"] if isinstance(p["issuer"], dict) else p["issuer"]
    p.update({"iss": iss, "jti": p["id"], "nbf": 1710493200})
    sub = p["credentialSubject"]
    if isinstance(sub, dict) and "id" in sub:
        p["sub"] = sub["id"]
    if not change.startswith("ISSUER"):
        exec(change, scope)
    p = scope["p"]
    si = b64(json.dumps(h).encode()) + "." + b64(json.dumps(p).encode())
    open("si", "w").write(si)
    sig = subprocess.run(["openssl", "pkeyutl", "-sign", "-inkey", "a.pem", "-rawin", "-in", "si"],
                         check=True, capture_output=True).stdout
    open(name + ".jwt", "w").write(si + "." + b64(sig) + "\n")
PY

verdict() { verdict_of "$1.jwt" "out.$1"; }	# verdict NAME

expect_verdicts

test_expect_success 'each refusal names its rule' '
	grep -q "critical extensions (.crit.)" out.crit &&
	grep -q "not base64url-encoded (.b64.)" out.b64-only &&
	grep -q "kid. is not a string" out.kid-number &&
	grep -q "requires .kid. or .jwk." out.no-kid &&
	grep -q "holds a private key" out.jwk-private &&
	grep -q "claim .exp. is not a NumericDate" out.exp-string &&
	grep -q "claim .iat. is not a NumericDate" out.iat-string &&
	grep -q "claim .iss. is not a string" out.iss-array &&
	grep -q "does not list the key .* for assertions" out.didjwk-enc &&
	grep -q "kid .did:key:[^#]*. is a DID, not one of its keys" out.kid-bare-didkey &&
	grep -q "kid .did:jwk:[^#]*. is a DID, not one of its keys" out.didjwk-bare-kid
'

test_expect_success 'a VC DM 1.1 JWT takes what its vc claim leaves out from the claims' '
	grep -q "the key .* belongs to the issuer" out.v1-minimal &&
	grep -q "without an .issuer. id" out.v1-minimal-no-iss
'

test_done
