#!/bin/sh
# export portfolio: JSON (both generations), Verifiable Presentations with
# the stored credentials unchanged, JSON Resume (schema and merging), one
# self-contained HTML page (escaping, no external requests, redaction;
# rendered in headless Chromium when it is installed).
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q --samples >/dev/null 2>&1
# A hostile name, to prove escaping; and an unhashed recipient to redact.
python3 - <<-\PY
import json
json.dump({"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://evil.example/a/1",
           "recipient": {"type": "email", "hashed": False, "identity": "lena.private@example.org"},
           "badge": {"type": "BadgeClass", "id": "https://evil.example/b", "name": "<script>alert(1)</script> & \"x\"",
                     "description": "<img src=https://evil.example/t.png>", "criteria": "https://evil.example/c",
                     "image": "https://evil.example/i.png",
                     "issuer": {"id": "https://evil.example", "type": "Issuer", "name": "Evil & Co",
                                "url": "https://evil.example", "email": "e@evil.example"}},
           "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}},
          open("evil.json", "w"))
PY
satchel import -q --tag evil evil.json >/dev/null

test_expect_success 'json: both generations, each credential exactly as stored' '
	satchel export portfolio --format json -o p.json &&
	python3 - p.json "$SATCHEL_BIN" <<-\PY
	import json, subprocess, sys
	raw = open(sys.argv[1], "rb").read()
	d = json.loads(raw)
	assert d["format"] == "satchel-portfolio" and d["version"] == 1
	fmts = {b["format"] for b in d["badges"]}
	assert fmts == {"ob2", "ob3"}, fmts
	for b in d["badges"]:
	    stored = subprocess.run([sys.argv[2], "show", "--raw", b["id"]], capture_output=True).stdout
	    if b["encoding"] in ("jwt", "jws"):
	        assert b["credential"].encode() == stored.strip(), b["id"]
	    else:
	        assert b["credential"] == json.loads(stored), b["id"]
	        assert stored.strip() in raw, "not byte-exact: " + b["id"]
	PY
'

test_expect_success 'json: valid against share/portfolio.schema.json (required parts and enums)' '
	python3 - p.json "$SRC_ROOT/share/portfolio.schema.json" <<-\PY
	import json, sys
	d, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
	for k in s["required"]: assert k in d, k
	item = s["properties"]["badges"]["items"]
	for b in d["badges"]:
	    for k in item["required"]: assert k in b, k
	    assert b["format"] in item["properties"]["format"]["enum"]
	    assert b["encoding"] in item["properties"]["encoding"]["enum"]
	    assert b["summary"]["verdict"] in item["properties"]["summary"]["properties"]["verdict"]["enum"]
	PY
'

test_expect_success 'vp: VC 2.0 and VC 1.1 presentations apart; JWTs enveloped; OB 2.0 left out' '
	satchel export portfolio --format vp -o vp.json 2>err && grep "not Verifiable Credentials" err &&
	python3 - vp.json "$SATCHEL_BIN" <<-\PY
	import json, subprocess, sys
	d = json.load(open(sys.argv[1]))
	ctxs = sorted(p["@context"][0] for p in d["presentations"])
	assert ctxs == ["https://www.w3.org/2018/credentials/v1", "https://www.w3.org/ns/credentials/v2"], ctxs
	for p in d["presentations"]:
	    assert p["type"] == ["VerifiablePresentation"]
	    for vc in p["verifiableCredential"]:
	        assert isinstance(vc, dict) and "@context" in vc
	        if vc.get("type") == "EnvelopedVerifiableCredential":
	            assert vc["id"].startswith("data:application/vc+jwt,ey")
	ids = [r["id"] for r in d["verification"]]
	for i in ids:
	    out = subprocess.run([sys.argv[2], "--json", "show", i], capture_output=True).stdout
	    assert json.loads(out)["format"] == "ob3"
	assert len(ids) == 4, ids
	PY
'

test_expect_success 'vp --sign: holder-signed presentations that satchel verifies' '
	satchel export portfolio --format vp --sign -o svp.json 2>err && grep "holder key did:key:z6Mk" err &&
	satchel --json verify svp.json >out; test $? -le 1 &&
	python3 - svp.json out <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	for p in d["presentations"]:
	    assert p["holder"].startswith("did:key:z6Mk"), p.get("holder")
	    assert p["proof"]["proofPurpose"] == "authentication", p["proof"]
	r = json.load(open(sys.argv[2]))[0]
	proofs = [c for c in r["checks"] if c["check"] == "proof"]
	assert len(proofs) == 2 and all(c["outcome"] == "pass" for c in proofs), proofs
	creds = [c for c in r["checks"] if c["check"] == "credential"]
	assert len(creds) == 4, creds
	PY
'

test_expect_success 'the same holder key signs again; tampering breaks the holder proof' '
	satchel export portfolio --format vp --sign -o svp2.json 2>err &&
	test "$(json_get svp.json "d[\"presentations\"][0][\"holder\"]")" = "$(json_get svp2.json "d[\"presentations\"][0][\"holder\"]")" &&
	python3 - svp.json t.json <<-\PY &&
	import json, sys
	d = json.load(open(sys.argv[1]))
	p = d["presentations"][0]
	p["holder"] = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
	json.dump(p, open(sys.argv[2], "w"))
	PY
	expect_code 1 satchel --json verify t.json >out &&
	test "$(json_get out "[c[\"outcome\"] for c in d[0][\"checks\"] if c[\"check\"] == \"proof\"]")" = "[${SQ}fail${SQ}]"
'

test_expect_success 'the reference verifier accepts the holder-signed presentation' '
	command -v node >/dev/null && command -v npm >/dev/null || { echo "# skip: no node/npm"; return 0; }
	K="$SRC_ROOT/build/oracle"
	if [ ! -d "$K/node_modules/@digitalbazaar/vc" ]; then
		rm -rf "$K" && cp -r "$SRC_ROOT/../shared/oracle" "$K" &&
		(cd "$K" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null 2>&1) ||
		{ echo "# skip: the oracle kit could not be installed (npm registry?)"; return 0; }
	fi
	satchel import -q --tag vpref "$CORPORA/dcc-verifier-core/src/test-fixtures/verifiableCredentials/v2/v2OBv3SpecExample.json" &&
	satchel export portfolio --format vp --sign --challenge c-4711 --domain verifier.example --tag vpref -o ref.json 2>/dev/null &&
	node "$SRC_ROOT/tests/tools/verify-vp.mjs" ref.json c-4711 verifier.example >ref.out &&
	test "$(json_get ref.out "d[\"presentation\"]")" = True &&
	! node "$SRC_ROOT/tests/tools/verify-vp.mjs" ref.json wrong-challenge verifier.example >/dev/null
'

test_expect_success 'the holder key is in the wallet, never in clear' '
	test -f "$SATCHEL_WALLET/holder-key" && ! grep -q "PRIVATE KEY" "$SATCHEL_WALLET/holder-key"
'

test_expect_success 'jsonresume: the schema of the certificates section' '
	satchel export portfolio --format jsonresume -o r.json &&
	python3 - r.json <<-\PY
	import json, re, sys
	d = json.load(open(sys.argv[1]))
	pat = re.compile(r"^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$")
	assert len(d["certificates"]) >= 6
	for c in d["certificates"]:
	    assert set(c) <= {"name", "date", "issuer", "url"}, c
	    assert all(isinstance(v, str) for v in c.values()), c
	    if "date" in c: assert pat.match(c["date"]), c
	    if "url" in c: assert c["url"].startswith("https://"), c
	PY
'

test_expect_success 'jsonresume --resume merges into an existing resume, once' '
	printf "{\"basics\": {\"name\": \"Lena Schmidt\"}, \"certificates\": [{\"name\": \"Old\"}]}" >mine.json &&
	satchel export portfolio --format jsonresume --resume mine.json --tag evil -o m1.json &&
	python3 -c "
import json; d = json.load(open(\"m1.json\"))
assert d[\"basics\"][\"name\"] == \"Lena Schmidt\" and len(d[\"certificates\"]) == 2, d" &&
	satchel export portfolio --format jsonresume --resume m1.json --tag evil -o m2.json &&
	python3 -c "import json; assert len(json.load(open(\"m2.json\"))[\"certificates\"]) == 2"
'

test_expect_success 'html: escaped, self-contained, every badge on it' '
	satchel export portfolio --format html -o p.html && satchel --json list >all.json &&
	grep -q "Content-Security-Policy" p.html &&
	! grep -q "<script>" p.html && grep -q "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;" p.html &&
	! grep -q "<img src=https" p.html &&
	python3 - p.html all.json <<-\PY
	import sys
	from html.parser import HTMLParser
	class P(HTMLParser):
	    def __init__(s): super().__init__(); s.refs = []; s.badges = 0
	    def handle_starttag(s, tag, a):
	        a = dict(a)
	        for k in ("src", "href"):
	            if k in a: s.refs.append(a[k])
	        if tag == "section" and a.get("class") == "badge": s.badges += 1
	p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
	assert all(r.startswith("data:") for r in p.refs), p.refs
	assert p.badges == len(__import__("json").load(open(sys.argv[2]))), p.badges
	PY
'

test_expect_success 'html --redact leaves the recipient out' '
	satchel export portfolio --format html --tag evil -o e.html && grep -q lena.private e.html &&
	satchel export portfolio --format html --tag evil --redact -o r.html && ! grep -q lena.private r.html &&
	satchel export portfolio --format json --tag evil --redact -o r.json &&
	python3 -c "import json; d = json.load(open(\"r.json\")); assert \"recipient\" not in d[\"badges\"][0][\"summary\"]"
'

test_expect_success 'html renders in headless Chromium (no network), with a screenshot' '
	C=$(command -v chromium || command -v chromium-browser || true)
	[ -n "$C" ] || { echo "# skip: chromium not installed"; return 0; }
	timeout 60 "$C" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --user-data-dir="$TRASH/chrome" --dump-dom "file://$TRASH/p.html" >dom.html 2>/dev/null &&
	grep -q "Grundlagen der Datenanalyse" dom.html &&
	timeout 60 "$C" --headless --no-sandbox --disable-gpu --disable-background-networking \
		--no-first-run --user-data-dir="$TRASH/chrome" --window-size=1000,1600 \
		--screenshot="$TRASH/portfolio.png" "file://$TRASH/p.html" >/dev/null 2>&1 &&
	test -s portfolio.png
'

test_expect_success 'export needs portfolio and a known format' '
	expect_code 2 satchel export portfolio --format pdf && expect_code 2 satchel export frob --format json
'

test_done
