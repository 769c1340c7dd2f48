#!/bin/sh
# verify: Open Badges 2.0 hosted and signed badges against a local HTTPS
# issuer (test CA, SATCHEL_RESOLVE); revocation by 410, by "revoked": true
# and by revocation list; tampering; scope; expiry; offline and unreachable
# issuers give "unknown", never "verified".
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
mkdir -p www srv gen
testca_init srv >/dev/null
cat >routes.json <<'JSON'
{ "/gone/assertions/g1.json": {"status": 410,
    "body": "{\"id\": \"x\", \"revoked\": true, \"revocationReason\": \"Prüfung wiederholt\"}"} }
JSON
https_server_start srv www routes.json || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
P=$HTTPS_PORT
T="$TOOLS/test-issuer"
K="$SRC_ROOT/tests/tools/keys"

# issue KIND PATH SLUG [options]: a badge of an issuer at https://issuer.example:P/PATH
issue() {
	kind=$1 path=$2 slug=$3; shift 3
	ext=json; [ "$kind" = ob2-signed ] && ext=jws && set -- "$@" --key "$K/test-only-rsa2048.pem"
	"$T" "$kind" --base-url "https://issuer.example:$P/$path" --issuer-name "Issuer $path" \
		--name "Badge $slug" --description "d" --criteria "c" --id-suffix "$slug" \
		--recipient lena@example.org --salt salz --issued 2024-01-01T00:00:00Z \
		--site gen -o "$slug.$ext" "$@" >/dev/null 2>&1 &&
	cp -R gen/"issuer.example:$P"/. www/
}
id_of() { sha256sum "$1" | cut -c1-64; }
verdict() { json_get "$1" "d[0][\"verdict\"]"; }

issue ob2-hosted ok h1 && issue ob2-signed ok s1 && issue ob2-signed rl s2 &&
issue ob2-hosted gone g1 && issue ob2-hosted old x1 --expires 2025-01-01T00:00:00Z &&
issue ob2-hosted scope h3 && issue ob2-signed evil s3 || exit 1
satchel import -q h1.json s1.jws s2.jws g1.json x1.json >/dev/null

test_expect_success 'a hosted badge verifies, recipient included' '
	satchel --json verify --recipient lena@example.org $(id_of h1.json) >out &&
	test "$(verdict out)" = verified &&
	json_get out "[c[\"check\"] for c in d[0][\"checks\"]]" | grep hosted &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"]==\"recipient\"][0]")" = pass
'

test_expect_success 'without --recipient, the identifiers from the settings are used' '
	satchel config set recipient.work lena@example.org &&
	satchel --json verify $(id_of h1.json) >out &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"]==\"recipient\"][0]")" = pass &&
	satchel config set recipient.work someone.else@example.org &&
	satchel --json verify $(id_of h1.json) >out &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"]==\"recipient\"][0]")" = warn &&
	satchel config unset recipient.work
'

test_expect_success 'the verdict and its time are kept: list and show' '
	satchel --json list --verdict verified >l && test "$(json_len l)" = 1 &&
	satchel --json show $(id_of h1.json) >s &&
	test "$(json_get s "d[\"report\"][\"verdict\"]")" = verified &&
	test "$(json_get s "d[\"checked_at\"] is not None")" = True
'

test_expect_success 'a signed badge verifies (RS256, key linked both ways)' '
	satchel --json verify $(id_of s1.jws) >out && test "$(verdict out)" = verified &&
	json_get out "[c[\"check\"] for c in d[0][\"checks\"] if c[\"outcome\"]==\"pass\"]" | grep signature
'

test_expect_success 'HTTP 410 Gone is revoked, with the reason' '
	expect_code 1 satchel --json verify $(id_of g1.json) >out &&
	test "$(verdict out)" = revoked && grep "Prüfung wiederholt" out
'

test_expect_success 'a hosted copy saying "revoked": true is revoked' '
	python3 - www/ok/assertions/h1.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1])); d["revoked"] = True
	json.dump(d, open(sys.argv[1], "w"))
	PY
	expect_code 1 satchel --json verify $(id_of h1.json) >out && test "$(verdict out)" = revoked
'

test_expect_success 'a signed badge on the revocation list is revoked' '
	python3 - www/rl/revocations.json s2.jws <<-\PY &&
	import base64, json, sys
	payload = open(sys.argv[2]).read().strip().split(".")[1]
	a = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
	d = json.load(open(sys.argv[1]))
	d["revokedAssertions"] = [{"id": a["id"], "revocationReason": "Betrug"}]
	json.dump(d, open(sys.argv[1], "w"))
	PY
	expect_code 1 satchel --json verify $(id_of s2.jws) >out &&
	test "$(verdict out)" = revoked && grep Betrug out
'

# tamper IN OUT: the JWS IN with its payload's issuedOn changed after
# signing, into OUT (the signature no longer matches).
tamper() {
	python3 - "$1" "$2" <<-\PY
	import base64, json, sys
	h, p, s = open(sys.argv[1]).read().strip().split(".")
	a = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
	a["issuedOn"] = "2023-01-01T00:00:00Z"
	p = base64.urlsafe_b64encode(json.dumps(a).encode()).decode().rstrip("=")
	open(sys.argv[2], "w").write(".".join([h, p, s]))
	PY
}

test_expect_success 'a tampered badge naming a revoked one is invalid, not revoked' '
	tamper s2.jws t2.jws &&
	expect_code 1 satchel --json verify t2.jws >out && test "$(verdict out)" = invalid &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"]==\"revocation\"] == [\"skip\"]")" = True &&
	! grep Betrug out
'

test_expect_success 'a tampered JWS is invalid (the signature fails)' '
	tamper s1.jws t1.jws &&
	expect_code 1 satchel --json verify t1.jws >out && test "$(verdict out)" = invalid &&
	json_get out "[c[\"message\"] for c in d[0][\"checks\"] if c[\"check\"]==\"signature\"]" | grep -i "does not verify"
'

test_expect_success 'a key the issuer does not list is not trusted' '
	python3 - www/evil/issuer.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1])); d["publicKey"] = "https://issuer.example/other-key.json"
	json.dump(d, open(sys.argv[1], "w"))
	PY
	expect_code 1 satchel --json verify s3.jws >out && test "$(verdict out)" = invalid &&
	grep "do not name each other" out
'

test_expect_success 'a badge hosted outside its issuer origin is invalid' '
	python3 - www/scope/assertions/h3.json h3.json "$P" <<-\PY &&
	import json, sys
	for f in sys.argv[1:3]:
	    d = json.load(open(f))
	    d["id"] = "https://badges.example:%s/scope/assertions/h3.json" % sys.argv[3]
	    json.dump(d, open(f, "w"))
	PY
	expect_code 1 satchel --json verify h3.json >out && test "$(verdict out)" = invalid &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"]==\"scope\"][0]")" = fail
'

test_expect_success 'an expired badge is expired; --now moves the clock' '
	expect_code 1 satchel --json verify $(id_of x1.json) >out && test "$(verdict out)" = expired &&
	satchel --json --now 2024-06-01T00:00:00Z verify $(id_of x1.json) >out &&
	test "$(verdict out)" = verified
'

test_expect_success 'verifying a FILE does not import it' '
	satchel --json list >before && satchel --json verify h3.json >/dev/null;
	satchel --json list >after && test_cmp before after
'

test_expect_success 'watch reports what changed since the last check' '
	satchel --json verify --all >/dev/null;
	satchel --json watch >w1; test "$(json_len w1)" = 0 &&
	python3 - www/ok/issuer.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1])); del d["name"]
	json.dump(d, open(sys.argv[1], "w"))
	PY
	expect_code 1 satchel --json watch >w2 &&
	test "$(json_get w2 "sorted(set(c[\"to\"] for c in d))")" = "[${SQ}invalid${SQ}]" &&
	satchel watch >w3; grep "no changes" w3
'

test_expect_success '--offline without a cached answer: unknown, says why' '
	SATCHEL_CACHE_DIR="$TRASH/empty-cache" expect_code 1 satchel --offline --json verify $(id_of s1.jws) >out &&
	test "$(verdict out)" = unknown && grep -i "offline" out
'

test_expect_success '--offline answers from the cache of earlier checks, and says how old' '
	expect_code 1 satchel --offline --json verify $(id_of s2.jws) >out &&
	test "$(verdict out)" = revoked && grep "from the cache, fetched" out
'

test_expect_success 'an unreachable issuer: unknown, not verified and not revoked' '
	SATCHEL_RESOLVE=issuer.example:$P:127.0.0.1,badges.example:$P:127.0.0.1 \
	https_proxy= expect_code 1 satchel --json verify $(id_of s1.jws) >/dev/null;
	https_server_stop "$TRASH/srv" &&
	expect_code 1 satchel --json verify $(id_of s1.jws) >out &&
	test "$(verdict out)" = unknown
'

test_expect_success 'an Open Badges 3.0 credential without a proof is invalid' '
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop(\"proof\"); json.dump(d, open(\"noproof.json\", \"w\"))" \
		"$SRC_ROOT/share/samples/ob3-teamarbeit-und-kommunikation.json" &&
	expect_code 1 satchel --json verify noproof.json >out &&
	test "$(verdict out)" = invalid && grep "no proof" out
'

test_expect_success 'verify needs a target' 'expect_code 2 satchel verify'

test_done
