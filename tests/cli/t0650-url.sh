#!/bin/sh
# import from https URLs, served by a local test server (test CA,
# SATCHEL_RESOLVE): hosted OB 2.0 with its BadgeClass and Issuer kept
# for offline display, OB 3.0, baked images, HTTP errors.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
mkdir -p site/badges srv
testca_init srv >/dev/null
cat >routes.json <<'JSON'
{
  "/badges/gone.json": {"status": 410, "body": "{\"revoked\": true}"},
  "/badges/moved.json": {"status": 302, "redirect": "https://issuer.example:{{PORT}}/badges/a.json"},
  "/badges/a.json": {"body_file": "badges/a.json", "template": true},
  "/badges/class.json": {"body_file": "badges/class.json", "template": true},
  "/badges/issuer.json": {"body_file": "badges/issuer.json", "template": true}
}
JSON
cat >site/badges/a.json <<'JSON'
{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
 "id": "https://issuer.example:{{PORT}}/badges/a.json",
 "recipient": {"type": "email", "hashed": false, "identity": "lena@example.org"},
 "badge": "https://issuer.example:{{PORT}}/badges/class.json",
 "verification": {"type": "HostedBadge"}, "issuedOn": "2025-03-01T10:00:00+01:00"}
JSON
cat >site/badges/class.json <<'JSON'
{"@context": "https://w3id.org/openbadges/v2", "type": "BadgeClass",
 "id": "https://issuer.example:{{PORT}}/badges/class.json", "name": "Löten für Anfänger",
 "description": "Grundlagen des Lötens", "image": "https://issuer.example/i.png",
 "criteria": {"narrative": "Eine Platine löten."},
 "issuer": "https://issuer.example:{{PORT}}/badges/issuer.json"}
JSON
cat >site/badges/issuer.json <<'JSON'
{"@context": "https://w3id.org/openbadges/v2", "type": "Issuer",
 "id": "https://issuer.example:{{PORT}}/badges/issuer.json", "name": "Makerspace Musterstadt",
 "url": "https://issuer.example", "email": "info@issuer.example"}
JSON
cp "$SRC_ROOT/share/samples/ob3-jwt-cloud-security-essentials.jwt" site/badges/vc.jwt
cp "$SRC_ROOT/share/samples/baked/"*.png site/badges/ 2>/dev/null
https_server_start srv site routes.json || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
U="https://issuer.example:$HTTPS_PORT/badges"

test_expect_success 'a hosted OB 2.0 URL imports with its BadgeClass and Issuer' '
	satchel --json import "$U/a.json" >out &&
	test "$(json_get out "d[0][\"status\"]")" = added &&
	test "$(json_get out "d[0][\"name\"]")" = "Löten für Anfänger" &&
	grep "GET /badges/class.json" srv/requests.log >/dev/null ||
	grep "/badges/class.json" srv/requests.log
'

test_expect_success 'the linked documents are kept: the badge displays offline' '
	rm -f "$SATCHEL_WALLET/index" &&
	SATCHEL_RESOLVE=issuer.example:$HTTPS_PORT:127.0.0.2 satchel --json list >out &&
	test "$(json_get out "[x[\"issuer\"][\"name\"] for x in d]")" = "[${SQ}Makerspace Musterstadt${SQ}]"
'

test_expect_success 'source URL is remembered' '
	id=$(satchel --json list | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"id\"])") &&
	satchel --json show $id >s && test "$(json_get s "d[\"source\"][\"kind\"]")" = url
'

test_expect_success 'a redirect is followed (same badge: exists)' '
		satchel --json import "$U/moved.json" >out && test "$(json_get out "d[0][\"status\"]")" = exists
'

test_expect_success 'an OB 3.0 VC-JWT by URL' '
		satchel --json import "$U/vc.jwt" >out && test "$(json_get out "d[0][\"status\"]")" = added
'

test_expect_success 'HTTP 410 and 404 are rejected with the status' '
		before=$(wallet_digest "$SATCHEL_WALLET") &&
	expect_code 1 satchel import "$U/gone.json" "$U/nothere.json" 2>err &&
	grep "HTTP 410" err && grep "HTTP 404" err &&
	test "$before" = "$(wallet_digest "$SATCHEL_WALLET")"
'

test_expect_success '--offline never fetches' '
	: >srv/requests.log &&
	expect_code 1 satchel --offline import "$U/vc.jwt" 2>err && grep "offline" err &&
	test ! -s srv/requests.log
'

test_expect_success 'a server with an untrusted certificate is refused' '
		SATCHEL_CA_FILE=/etc/ssl/certs/ca-certificates.crt expect_code 1 satchel import "$U/a.json" 2>err &&
	grep -i "certificate" err
'

# A hosted assertion saved as a file names its BadgeClass by URL; import
# does not fetch for files, so the first online verification keeps the
# BadgeClass and Issuer it fetched, and the badge has its name from then on.
W2="$TRASH/w2"
test_expect_success 'a hosted badge imported from a file gets its name when verified' '
	sed "s/{{PORT}}/$HTTPS_PORT/g" site/badges/a.json >bare.json &&
	SATCHEL_WALLET=$W2 satchel init -q >/dev/null 2>&1 &&
	SATCHEL_WALLET=$W2 satchel --json import bare.json >out &&
	test "$(json_get out "d[0][\"status\"]")" = added &&
	test "$(json_get out "d[0][\"name\"]")" = None &&
	id=$(json_get out "d[0][\"id\"]") &&
	SATCHEL_WALLET=$W2 satchel --json verify $id >v &&
	test "$(json_get v "d[0][\"verdict\"]")" = verified &&
	SATCHEL_WALLET=$W2 satchel --json list >l &&
	test "$(json_get l "d[0][\"name\"]")" = "Löten für Anfänger" &&
	test "$(json_get l "d[0][\"issuer\"][\"name\"]")" = "Makerspace Musterstadt"
'

test_expect_success 'the name stays offline, and a second verification keeps what is kept' '
	rm -f "$W2/index" &&
	SATCHEL_RESOLVE=issuer.example:$HTTPS_PORT:127.0.0.2 SATCHEL_WALLET=$W2 \
		satchel --offline --json list >l &&
	test "$(json_get l "d[0][\"name\"]")" = "Löten für Anfänger" &&
	before=$(find "$W2/linked" -type f | sort | xargs cat | sha256sum) &&
	SATCHEL_WALLET=$W2 satchel --json verify $(json_get l "d[0][\"id\"]") >v &&
	test "$(find "$W2/linked" -type f | sort | xargs cat | sha256sum)" = "$before"
'

test_done
