#!/bin/sh
# verify: the Open Badges 2.0 cases t1000 leaves out -- the issuer's
# verification policy (startsWith, allowedOrigins), a BadgeClass naming
# another issuer, a recipient that is not the learner, expiry, every form
# baked into PNG and SVG (same verdict as the JSON/JWS), and the public
# fixtures of 1EdTech's validator-core and of the openbadges-bakery
# projects ($CORPORA), served from a loopback server.
#
# Decisions this file pins down:
# - A recipient mismatch (--recipient names somebody else) is a visible
#   "warn" on the recipient check, not a failure: the badge itself is
#   genuine, and the identifiers are the learner's own input, which may be
#   incomplete (another address, a typo).  The verdict stays as the other
#   checks make it, and so does the exit status.
# - Fixtures that name http:// URLs (the OB 1.0 ones, the bakery images)
#   are never fetched: net.c refuses plain http by design.  A badge whose
#   hosted copy cannot be fetched is "unknown" (not checked), never
#   "verified" nor "invalid"; the plain-http server below proves that not
#   a single request is made.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
mkdir -p www wwwh srv srvh gen img
VC="$CORPORA/ob2-validator-core"
BK="$CORPORA/ob-bakery"

# the OB 1.0 fixtures' issuer, http://a.com: served, but must stay unasked
for f in instance:1_0_basic_assertion badgeclass:1_0_basic_badgeclass issuer:1_0_basic_issuer; do
	cp "$VC/components/${f#*:}.json" "wwwh/${f%%:*}" || exit 1
done
https_server_start srvh wwwh "" --http || exit 1
HTTP_PORT=$HTTPS_PORT
testca_init srv issuer.example badges.example example.org w3id.org localhost >/dev/null
cat >routes.json <<'JSON'
{ "/gone/assertions/g1.json": {"status": 410, "body": "{\"revoked\": true}"} }
JSON
https_server_start srv www routes.json || exit 1
trap 'https_server_stop "$TRASH/srv"; https_server_stop "$TRASH/srvh"' EXIT
P=$HTTPS_PORT
# validator-core's URLs are https://example.org/... (port 443), http://a.com/...
# and the context, https://w3id.org/openbadges/v2 (served, never to be asked)
export SATCHEL_CONNECT_TO="example.org:443:127.0.0.1:$P,a.com:80:127.0.0.1:$HTTP_PORT"
SATCHEL_CONNECT_TO="$SATCHEL_CONNECT_TO,w3id.org:443:127.0.0.1:$P"
T="$TOOLS/test-issuer"
K="$SRC_ROOT/tests/tools/keys"

# issue_at HOST KIND PATH SLUG [options]: a badge of an issuer at
# https://HOST:P/PATH; issue: the same at issuer.example
issue_at() {
	h=$1 kind=$2 path=$3 slug=$4; shift 4
	ext=json; [ "$kind" = ob2-signed ] && ext=jws && set -- "$@" --key "$K/test-only-rsa2048.pem"
	"$T" "$kind" --base-url "https://$h:$P/$path" --issuer-name "Issuer $path" \
		--name "Badge $slug" --description "d" --criteria "c" --id-suffix "$slug" \
		--recipient lena@example.org --salt salz --issued 2024-01-01T00:00:00Z \
		--site gen -o "$slug.$ext" "$@" >/dev/null 2>&1 &&
	cp -R gen/"$h:$P"/. www/
}
issue() { issue_at issuer.example "$@"; }
id_of() { sha256sum "$1" | cut -c1-64; }
# verdicts FILE: the verdicts of all reports, each after a space
verdicts() { json_get "$1" "\" \" + \" \".join(r[\"verdict\"] for r in d)"; }
# expect_report FILE VERDICT [CHECK=OUTCOME...]: the first report in FILE
# has VERDICT, and the first check of each CHECK name has OUTCOME ("none":
# no such check); one Python run, with a message saying what differs
expect_report() {
	python3 -c 'import json, sys
r = json.load(open(sys.argv[1]))[0]
got = {}
for c in r["checks"]:
    got.setdefault(c["check"], c["outcome"])
bad = [] if r["verdict"] == sys.argv[2] else ["verdict %s, want %s" % (r["verdict"], sys.argv[2])]
for kv in sys.argv[3:]:
    k, v = kv.split("=")
    if got.get(k, "none") != v:
        bad.append("%s %s, want %s" % (k, got.get(k, "none"), v))
if bad:
    sys.exit("%s: %s" % (sys.argv[1], "; ".join(bad)))' "$@"
}
# edit FILE STATEMENT: runs a Python statement on the JSON in FILE (as d)
edit() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[2])
json.dump(d, open(sys.argv[1], "w"))' "$@"
}
# the payload of a compact JWS, as JSON
jws_payload() {
	python3 -c 'import base64, sys
p = open(sys.argv[1]).read().strip().split(".")[1]
sys.stdout.write(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)).decode())' "$1"
}

U="https://issuer.example:$P"
issue ob2-hosted sw h-sw && issue ob2-hosted ao h-ao && issue ob2-hosted ao2 h-ao2 &&
issue ob2-hosted own h-own && issue_at badges.example ob2-hosted other h-oth &&
issue ob2-signed owns s-own && issue_at badges.example ob2-signed others s-oth &&
issue ob2-hosted ok h-ok && issue ob2-signed ok s-ok && issue ob2-hosted gone g1 &&
issue ob2-signed rl s-rl && issue ob2-hosted old x-h --expires 2025-01-01T00:00:00Z &&
issue ob2-signed olds x-s --expires 2025-01-01T00:00:00Z &&
issue ob2-signed oldrl x-rl --expires 2025-01-01T00:00:00Z &&
issue ob2-hosted tz x-tz --expires 2025-06-01T00:00:00Z || exit 1
for s in s-rl x-rl; do	# both on their issuer's revocation list
	jws_payload $s.jws >$s.payload || exit 1
	rl=$(json_get $s.payload "d[\"badge\"]" | sed 's,/badges/.*,/revocations.json,;s,.*:[0-9]*/,www/,')
	edit "$rl" "d[\"revokedAssertions\"] = [\"$(json_get $s.payload "d[\"id\"]")\"]" || exit 1
done

# ---- the issuer's verification policy --------------------------------

test_expect_success 'startsWith that matches: verified' '
	edit www/sw/issuer.json "d[\"verification\"] = {\"type\": \"VerificationObject\",
		\"startsWith\": [\"https://elsewhere.example/\", \"$U/sw/assertions/\"]}" &&
	satchel --json verify h-sw.json >out && expect_report out verified scope=pass
'

test_expect_success 'startsWith mismatch: invalid, the scope check says where' '
	edit www/sw/issuer.json "d[\"verification\"][\"startsWith\"] = \"$U/sw/other/\"" &&
	expect_code 1 satchel --json verify h-sw.json >out && expect_report out invalid scope=fail &&
	grep "h-sw.json.*outside" out
'

test_expect_success 'startsWith is a plain prefix: the same host on another port is outside' '
	edit www/sw/issuer.json "d[\"verification\"][\"startsWith\"] = \"https://issuer.example/sw/\"" &&
	expect_code 1 satchel --json verify h-sw.json >out && expect_report out invalid scope=fail
'

# h-ao lives on badges.example, its issuer on issuer.example
edit h-ao.json "d[\"id\"] = \"https://badges.example:$P/ao/assertions/h-ao.json\"" &&
cp h-ao.json www/ao/assertions/h-ao.json || exit 1

test_expect_success 'allowedOrigins naming the host: verified (host only, any port)' '
	edit www/ao/issuer.json \
		"d[\"verification\"] = {\"allowedOrigins\": [\"cdn.example\", \"badges.example\"]}" &&
	satchel --json verify h-ao.json >out && expect_report out verified scope=pass
'

test_expect_success 'allowedOrigins mismatch: invalid (the issuer origin is no longer implied)' '
	edit www/ao/issuer.json "d[\"verification\"][\"allowedOrigins\"] = \"issuer.example\"" &&
	expect_code 1 satchel --json verify h-ao.json >out && expect_report out invalid scope=fail
'

test_expect_success 'allowedOrigins and startsWith together: both must hold' '
	edit www/ao/issuer.json "d[\"verification\"] = {\"allowedOrigins\": \"badges.example\",
		\"startsWith\": \"https://badges.example:$P/ao/elsewhere/\"}" &&
	expect_code 1 satchel --json verify h-ao.json >out && expect_report out invalid scope=fail &&
	edit www/ao/issuer.json "d[\"verification\"][\"startsWith\"] = \"https://badges.example:$P/ao/\"" &&
	satchel --json verify h-ao.json >out && expect_report out verified
'

test_expect_success 'a host that only begins with an allowed origin is outside it' '
	edit h-ao2.json "d[\"id\"] = \"https://badges.example:$P/ao2/assertions/h-ao2.json\"" &&
	cp h-ao2.json www/ao2/assertions/h-ao2.json &&
	edit www/ao2/issuer.json "d[\"verification\"] = {\"allowedOrigins\": \"badges.ex\"}" &&
	expect_code 1 satchel --json verify h-ao2.json >out && expect_report out invalid scope=fail
'

# ---- a BadgeClass of another issuer ------------------------------------

test_expect_success 'hosted: a BadgeClass naming another issuer puts the badge out of scope' '
	edit www/own/badges/h-own.json "d[\"issuer\"] = \"https://badges.example:$P/other/issuer.json\"" &&
	expect_code 1 satchel --json verify h-own.json >out &&
	expect_report out invalid scope=fail && grep "Issuer other" out
'

test_expect_success 'signed: a BadgeClass naming another issuer breaks the key binding' '
	edit www/owns/badges/s-own.json "d[\"issuer\"] = \"https://badges.example:$P/others/issuer.json\"" &&
	expect_code 1 satchel --json verify s-own.jws >out &&
	expect_report out invalid key=fail && grep "do not name each other" out
'

test_expect_success 'signed: ...even when the other issuer lists the signing key' '
	edit www/others/issuer.json "d[\"publicKey\"] = [d[\"publicKey\"], \"$U/owns/keys/key-1.json\"]" &&
	expect_code 1 satchel --json verify s-own.jws >out && expect_report out invalid key=fail
'

# ---- recipient ----------------------------------------------------------

test_expect_success 'recipient mismatch: the check warns, the verdict stays verified' '
	satchel --json verify --recipient nobody@example.org h-ok.json >out &&
	expect_report out verified recipient=warn &&
	grep "not issued to any of the identifiers you gave" out &&
	satchel verify --recipient nobody@example.org h-ok.json >txt &&
	grep "warn *recipient" txt
'

test_expect_success 'recipient: one of several identifiers matching is enough' '
	satchel --json verify -r nobody@example.org -r lena@example.org s-ok.jws >out &&
	expect_report out verified recipient=pass
'

test_expect_success 'recipient: no identifier given, the check is skipped, not failed' '
	satchel --json verify h-ok.json >out && expect_report out verified recipient=skip
'

# ---- expiry -------------------------------------------------------------

test_expect_success 'a signed badge past its expiry is expired; before it, verified' '
	expect_code 1 satchel --json verify x-s.jws >out && expect_report out expired &&
	grep "expired on 2025-01-01" out &&
	satchel --json --now 2024-12-31T23:59:59Z verify x-s.jws >out && expect_report out verified
'

test_expect_success 'expired and on the revocation list: revoked wins' '
	expect_code 1 satchel --json verify x-rl.jws >out && expect_report out revoked dates=fail
'

test_expect_success 'the expiry offset is honoured (compared as instants)' '
	edit www/tz/assertions/x-tz.json "d[\"expires\"] = \"2025-06-01T01:00:00+02:00\"" &&
	expect_code 1 satchel --json --now 2025-05-31T23:30:00Z verify x-tz.json >out &&
	expect_report out expired &&
	satchel --json --now 2025-05-31T22:30:00Z verify x-tz.json >out && expect_report out verified
'

test_expect_success 'expiring before it was issued is invalid' '
	edit www/tz/assertions/x-tz.json "d[\"expires\"] = \"2023-12-31T00:00:00Z\"" &&
	expect_code 1 satchel --json verify x-tz.json >out && expect_report out invalid &&
	grep "expires before it was issued" out
'

# ---- every form baked into PNG and SVG ----------------------------------

"$T" png img/base.png >/dev/null 2>&1 &&
"$T" svg --title Medaille img/base.svg >/dev/null 2>&1 || exit 1
FORMS="h-ok.json:verified s-ok.jws:verified g1.json:revoked s-rl.jws:revoked
       x-h.json:expired x-s.jws:expired"

test_expect_success 'the JSON and JWS forms give the expected verdicts' '
	verds= srcs= &&
	for f in $FORMS; do srcs="$srcs ${f%%:*}" verds="$verds ${f#*:}"; done &&
	expect_code 1 satchel --json verify $srcs >out && test "$(verdicts out)" = "$verds"
'

# baked_matrix TOOL EXT: bakes every form into img/base.EXT with TOOL
# (test-issuer or satchel), imports the images into a wallet of their own,
# and checks that each stored badge is the JSON/JWS itself (same id) and
# gets its verdict, as does each image verified as a file.
baked_matrix() {
	tool=$1 ext=$2 w="$TRASH/w-$1-$2" imgs= ids= verds= added=
	satchel --wallet "$w" init -q >/dev/null 2>&1 || return 1
	for f in $FORMS; do
		src=${f%%:*} out=img/$tool-${f%%.*}.$ext
		if [ $tool = satchel ]; then
			satchel import -q "$src" >/dev/null && satchel bake "$(id_of "$src")" img/base.$ext -o "$out"
		else
			"$T" bake ob2 "$src" img/base.$ext "$out"
		fi || return 1
		imgs="$imgs $out" ids="$ids $(id_of "$src")" verds="$verds ${f#*:}"
		added="$added added:$(id_of "$src")"
	done
	satchel --wallet "$w" --json import $imgs >imp &&
	test "$(json_get imp "\" \" + \" \".join(x[\"status\"] + \":\" + x[\"id\"] for x in d)")" = "$added" &&
	expect_code 1 satchel --wallet "$w" --json verify $ids >stored &&
	test "$(verdicts stored)" = "$verds" &&
	expect_code 1 satchel --json verify $imgs >files &&
	test "$(verdicts files)" = "$verds"
}

test_expect_success 'baked into PNG (test-issuer bake): imported, same verdicts' 'baked_matrix test-issuer png'
test_expect_success 'baked into SVG (test-issuer bake): imported, same verdicts' 'baked_matrix test-issuer svg'
test_expect_success 'baked into PNG (satchel bake): imported, same verdicts' 'baked_matrix satchel png'
test_expect_success 'baked into SVG (satchel bake): imported, same verdicts' 'baked_matrix satchel svg'

test_expect_success 'a baked pointer (SVG verify="URL" only) verifies the hosted copy' '
	sed "s,<svg ,&xmlns:openbadges=\"http://openbadges.org\" ," img/base.svg |
	sed "s,<svg [^>]*>,&<openbadges:assertion verify=\"$U/ok/assertions/h-ok.json\"/>," \
		>img/ptr.svg &&
	satchel --json verify img/ptr.svg >out && expect_report out verified &&
	satchel --wallet "$TRASH/w-test-issuer-svg" --json import img/ptr.svg >imp &&
	test "$(json_get imp "d[0][\"id\"]")" = "$(id_of h-ok.json)"
'

test_expect_success 'a baked pointer to a revoked badge is revoked' '
	sed "s,ok/assertions/h-ok,gone/assertions/g1," img/ptr.svg >img/ptr-gone.svg &&
	expect_code 1 satchel --json verify img/ptr-gone.svg >out && expect_report out revoked
'

# ---- 1EdTech openbadges-validator-core fixtures ---------------------------

cp "$VC/components/2_0_basic_assertion.json" www/beths-robotics-badge.json &&
cp "$VC/components/2_0_basic_badgeclass.json" www/robotics-badge.json &&
cp "$VC/components/2_0_basic_issuer.json" www/organization.json &&
mkdir -p www/openbadges && cp "$VC/components/openbadges_context.json" www/openbadges/v2 || exit 1

test_expect_success 'validator-core: the fetch_map is what is served' '
	python3 - "$VC/manifest.json" <<-\PY
	import json, sys
	m = json.load(open(sys.argv[1]))["components"]["2_0_basic_assertion"]["fetch_map"]
	want = {"https://example.org/robotics-badge.json": "2_0_basic_badgeclass.json",
	        "https://example.org/organization.json": "2_0_basic_issuer.json",
	        "https://w3id.org/openbadges/v2": "openbadges_context.json"}
	assert m == want, m
	PY
'

test_expect_success 'validator-core 2.0 basic assertion: verified, recipient matches' '
	satchel --json verify -r nobody@example.org "$VC/components/2_0_basic_assertion.json" >out &&
	expect_report out verified recipient=pass scope=pass hosted-copy=pass &&
	grep "\"host\": \"example.org\".*\"path\": \"/beths-robotics-badge.json\"" srv/requests.log &&
	! grep "\"path\": \"/openbadges/v2\"" srv/requests.log
'

test_expect_success 'validator-core 2.0 basic assertion: imported, then verified by id' '
	satchel --json import "$VC/components/2_0_basic_assertion.json" >imp &&
	test "$(json_get imp "d[0][\"status\"]")" = added &&
	satchel --json verify "$(id_of "$VC/components/2_0_basic_assertion.json")" >out &&
	expect_report out verified
'

test_expect_success 'validator-core 2.0 basic assertion by its URL: imported with its BadgeClass' '
	w="$TRASH/w-url" && satchel --wallet "$w" init -q >/dev/null 2>&1 &&
	satchel --wallet "$w" --json import https://example.org/beths-robotics-badge.json >imp &&
	test "$(json_get imp "d[0][\"status\"] + \"/\" + d[0][\"name\"]")" = "added/Awesome Robotics Badge" &&
	satchel --json verify https://example.org/beths-robotics-badge.json >out &&
	expect_report out verified hosted-copy=pass
'

test_expect_success 'validator-core 1.1 assertion: the hosted (2.0) copy is checked, with a warning' '
	satchel --json verify "$VC/components/1_1_basic_assertion.json" >out &&
	expect_report out verified hosted-copy=warn
'

test_expect_success 'validator-core baked: the 2.0 assertion baked into public_domain_heart.png' '
	"$T" bake ob2 "$VC/components/2_0_basic_assertion.json" "$VC/public_domain_heart.png" img/heart.png &&
	satchel --json verify -r nobody@example.org img/heart.png >out &&
	expect_report out verified recipient=pass
'

test_expect_success 'validator-core recipient_identity_cases, each served as a hosted badge' '
	python3 - "$VC/manifest.json" "$VC/components/2_0_basic_assertion.json" <<-\PY >cases &&
	import json, sys
	cases = json.load(open(sys.argv[1]))["recipient_identity_cases"]
	for k, c in enumerate(cases):
	    a = json.load(open(sys.argv[2]))
	    a["id"] = "https://example.org/rcase-%d.json" % k
	    a["recipient"] = {x: c[x] for x in ("type", "hashed", "salt", "identity") if x in c}
	    for f in ("www/rcase-%d.json" % k, "rcase-%d.json" % k):
	        json.dump(a, open(f, "w"))
	    want = "warn" if c["expect"].startswith("no match") else "pass"
	    prof = c["profile"] if isinstance(c["profile"], list) else [c["profile"]]
	    print(k, want, " ".join("-r " + p for p in prof))
	PY
	test "$(wc -l <cases)" = 7 &&
	while read -r k rcpt rs; do
		satchel --json verify $rs rcase-$k.json >out &&
		expect_report out verified recipient="$rcpt" || return 1
	done <cases
'

test_expect_success 'validator-core 1.0 assertions (http://a.com): unknown, and never fetched' '
	for c in 1_0_basic_assertion 1_0_basic_assertion_with_extra_properties; do
		expect_code 1 satchel --json verify "$VC/components/$c.json" >out &&
		expect_report out unknown hosted=skip &&
		grep "plain http not allowed" out || return 1
	done &&
	test ! -s srvh/requests.log
'

test_expect_success 'validator-core 1.0 assertion with errors (bare-string recipient): invalid' '
	expect_code 1 satchel --json verify "$VC/components/1_0_assertion_with_errors.json" >out &&
	expect_report out invalid parse=fail
'

test_expect_success 'validator-core 0.5 assertions: unknown (nothing to check them against)' '
	for c in 0_5_assertion 0_5_1_assertion; do
		expect_code 1 satchel --json verify "$VC/components/$c.json" >out &&
		expect_report out unknown || return 1
	done
'

test_expect_success 'validator-core BadgeClass, Issuer and context documents are not badges' '
	for c in 2_0_basic_badgeclass 2_0_basic_issuer 1_1_basic_badgeclass 1_0_basic_issuer \
		 openbadges_context; do
		expect_code 1 satchel --json verify "$VC/components/$c.json" >out &&
		expect_report out invalid || return 1
		before=$(wallet_digest "$SATCHEL_WALLET") &&
		expect_code 1 satchel --json import "$VC/components/$c.json" >imp &&
		test "$(json_get imp "d[0][\"status\"]")" = rejected &&
		test "$before" = "$(wallet_digest "$SATCHEL_WALLET")" || return 1
	done
'

# ---- openbadges-bakery images ---------------------------------------------

# bakery KEY FILE: the manifest's KEY of one image, as JSON
bakery() {
	python3 -c 'import json, sys
c = [c for c in json.load(open(sys.argv[1]))["cases"] if c["file"] == sys.argv[3]][0]
print(json.dumps(c[sys.argv[2]]))' "$BK/manifest.json" "$1" "$2"
}

test_expect_success 'bakery: extract gives the manifest payload' '
	for f in concentricsky/testfiles/baked_heart.png mozilla/baked.svg; do
		test "$(bakery expect $f)" = "\"extract\"" &&
		satchel extract "$BK/$f" >got && bakery payload_json $f >want &&
		test "$(json_get got "json.dumps(d, sort_keys=True)")" = \
		     "$(json_get want "json.dumps(d, sort_keys=True)")" || return 1
	done
'

test_expect_success 'bakery: the baked heart (hosted at http://example.org) is unknown, never fetched' '
	: >srv/requests.log &&
	expect_code 1 satchel --json verify "$BK/concentricsky/testfiles/baked_heart.png" >out &&
	expect_report out unknown && grep "plain http not allowed" out &&
	test ! -s srv/requests.log && test ! -s srvh/requests.log
'

test_expect_success 'bakery: an SVG pointing to http://example.org is unknown' '
	test "$(bakery expect mozilla/no-json.svg)" = "\"extract-url-only\"" &&
	expect_code 1 satchel --json verify "$BK/mozilla/no-json.svg" >out &&
	expect_report out unknown && grep "plain http not allowed" out
'

test_expect_success 'bakery: bad JSON, a payload that is no badge, no baked data: invalid' '
	for f in mozilla/bad-json.svg mozilla/baked.svg mozilla/unbaked.svg mozilla/unbaked.png \
		 concentricsky/testfiles/unbaked_example.svg concentricsky/testfiles/public_domain_heart.png \
		 concentricsky/testfiles/baked_example.svg; do
		expect_code 1 satchel --json verify "$BK/$f" >out &&
		expect_report out invalid parse=fail || return 1
	done
'

test_expect_success 'bakery: import takes what can be stored and rejects the rest, with a reason' '
	w="$TRASH/w-bakery" && satchel --wallet "$w" init -q >/dev/null 2>&1 &&
	expect_code 1 satchel --wallet "$w" --json import "$BK/mozilla/bad-json.svg" \
		"$BK/mozilla/unbaked.png" "$BK/concentricsky/testfiles/public_domain_heart.png" >imp &&
	test "$(json_get imp "[x[\"status\"] for x in d]")" = \
		"[${SQ}rejected${SQ}, ${SQ}rejected${SQ}, ${SQ}rejected${SQ}]" &&
	test "$(json_get imp "all(x[\"error\"] for x in d)")" = True &&
	satchel --wallet "$w" --json import "$BK/concentricsky/testfiles/baked_heart.png" >imp &&
	test "$(json_get imp "d[0][\"status\"]")" = added &&
	expect_code 1 satchel --wallet "$w" --json verify --all >out &&
	expect_report out unknown
'

test_done
