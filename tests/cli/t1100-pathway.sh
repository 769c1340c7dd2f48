#!/bin/sh
# pathway: add (own format, Badgr export, CLR associations, from a URL),
# list, show with exact progress, remove, suggest; malformed files give a
# clear error and save nothing.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1
mkdir -p in
# Three badges of one issuer (two verified by --now-free dates), a fourth elsewhere.
python3 - <<-\PY
import json
def badge(i, issuer, name, ach, tags=()):
    return {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
            "id": "https://%s/a/%d" % (issuer, i),
            "recipient": {"type": "email", "hashed": False, "identity": "lena@example.org"},
            "badge": {"type": "BadgeClass", "id": ach, "name": name, "description": "d",
                      "criteria": {"narrative": "Pass the course" if i != 3 else "Requires Data Basics first"},
                      "image": "https://%s/i.png" % issuer, "tags": list(tags),
                      "issuer": {"id": "https://%s/issuer" % issuer, "type": "Issuer",
                                 "name": "Issuer " + issuer, "url": "https://" + issuer, "email": "x@" + issuer}},
            "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}
for i, (iss, name, ach) in enumerate([("academy.example", "Data Basics", "urn:ach:basics"),
                                      ("academy.example", "Data Cleaning", "urn:ach:cleaning"),
                                      ("academy.example", "Data Viz", "urn:ach:viz"),
                                      ("other.example", "First Aid", "urn:ach:aid")], 1):
    json.dump(badge(i, iss, name, ach), open("in/%d.json" % i, "w"))
PY
satchel import -q in >/dev/null 2>&1
# The issuers' side: badges 1 and 2 hosted (verify says verified), badge
# 4 gone (410: revoked); badge 3 is never checked (unchecked).
mkdir -p srv www/a && testca_init srv academy.example other.example issuer.example >/dev/null
cp in/1.json www/a/1 && cp in/2.json www/a/2
cat >routes.json <<'EOF2'
{"/a/4": {"status": 410, "body": "{\"revoked\": true}"}}
EOF2
https_server_start srv www routes.json || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
export SATCHEL_CONNECT_TO="academy.example:443:127.0.0.1:$HTTPS_PORT,other.example:443:127.0.0.1:$HTTPS_PORT"
id_of() { sha256sum "in/$1.json" | cut -c1-64; }
satchel verify $(id_of 1) $(id_of 2) $(id_of 4) >/dev/null 2>&1

cat >own.json <<'EOF2'
{"format": "satchel-pathway", "version": 1, "name": "Data Analyst",
 "description": "Three steps", "completion": "urn:ach:analyst",
 "requires": {"label": "All three", "all": [
   {"label": "Basics", "order": 1, "achievement": "urn:ach:basics"},
   {"label": "Cleaning", "order": 2, "achievement": "urn:ach:cleaning"},
   {"label": "One more", "atLeast": 1, "of": [
      {"label": "Viz", "order": 3, "achievement": "urn:ach:viz", "criteria": "https://academy.example/viz"},
      {"label": "Aid", "issuer": "https://other.example/issuer", "name": "first aid"}]}]}}
EOF2

test_expect_success 'add a pathway in satchel format; list shows it' '
	satchel pathway add own.json >out && grep "Data Analyst" out &&
	satchel --json pathway list >l && test "$(json_len l)" = 1
'

test_expect_success 'the badges have the verdicts the pathway is evaluated on' '
	satchel --json list >l &&
	test "$(json_get l "sorted(x[\"verdict\"] for x in d)")" = "[${SQ}revoked${SQ}, ${SQ}unchecked${SQ}, ${SQ}verified${SQ}, ${SQ}verified${SQ}]"
'

test_expect_success 'show --json: verified count, unchecked pending, revoked never' '
	satchel --json pathway show "Data Analyst" >s &&
	python3 - s "$(id_of 1)" "$(id_of 3)" <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert set(d) >= {"name", "complete", "met", "required", "requirements", "next"}, d.keys()
	assert d["complete"] is False and d["met"] == 2 and d["required"] == 3, d
	root = d["requirements"][0]
	assert root["kind"] == "all" and root["need"] == 3 and root["count"] == 2
	basics, cleaning, more = root["requirements"]
	assert basics["met"] and basics["credentials"] == [sys.argv[2]], basics
	viz, aid = more["requirements"]
	assert not viz["met"] and viz["pending"] == [sys.argv[3]], viz     # unchecked: apart
	assert not aid["met"] and aid["pending"] == [] and aid["credentials"] == [], aid  # revoked
	assert d["next"][0] == {"label": "Viz", "criteria": "https://academy.example/viz"}, d["next"]
	assert d["next"][1] == {"label": "Aid"}, d["next"]   # ordered ones first
	PY
'

test_expect_success 'holding the completion badge completes the pathway, and says so' '
	sed "s/urn:ach:analyst/urn:ach:cleaning/; s/Data Analyst/Shortcut/" own.json >short.json &&
	satchel pathway add short.json && satchel --json pathway show Shortcut >s &&
	test "$(json_get s "d[\"complete\"]")" = True &&
	test "$(json_get s "d[\"completed_by\"]")" = "$(id_of 2)" &&
	satchel pathway remove Shortcut
'

test_expect_success 'show text: a tree with bars and what comes next' '
	satchel pathway show "Data Analyst" >t && grep "Data Analyst" t &&
	grep "Next: Viz" t && grep "would count once verified" t
'

test_expect_success 'a Badgr export and a CLR are read into the same model' '
	cat >badgr.json <<-\EOF2 &&
	{"rootElement": "r", "elements": [
	 {"@id": "r", "name": "Badgr Track", "requirements": {"@type": "ElementJunction",
	   "junctionConfig": {"@type": "Conjunction"}, "elements": ["e1"]}},
	 {"@id": "e1", "name": "Any two", "requirements": {"@type": "BadgeJunction",
	   "junctionConfig": {"@type": "Disjunction", "requiredNumber": 2},
	   "badges": ["urn:ach:basics", "urn:ach:cleaning", "urn:ach:viz"]}}]}
	EOF2
	cat >clr.json <<-\EOF2 &&
	{"type": ["VerifiableCredential", "ClrCredential"], "credentialSubject": {
	 "achievement": [{"id": "urn:prog", "name": "Data Programme"},
	   {"id": "urn:ach:basics", "name": "Data Basics"}, {"id": "urn:ach:viz", "name": "Data Viz"}],
	 "association": [
	   {"type": "Association", "associationType": "isParentOf", "sourceId": "urn:prog", "targetId": "urn:ach:basics"},
	   {"type": "Association", "associationType": "isPartOf", "sourceId": "urn:ach:viz", "targetId": "urn:prog"},
	   {"type": "Association", "associationType": "precedes", "sourceId": "urn:ach:basics", "targetId": "urn:ach:viz"}]}}
	EOF2
	satchel pathway add badgr.json && satchel pathway add clr.json &&
	satchel --json pathway show "Badgr Track" >b && test "$(json_get b "d[\"required\"]")" = 1 &&
	test "$(json_get b "d[\"requirements\"][0][\"requirements\"][0][\"need\"]")" = 2 &&
	satchel --json pathway show "Data Programme" >c && test "$(json_get c "d[\"required\"]")" = 2 &&
	test "$(json_get c "d[\"met\"]")" = 1 &&
	test "$(json_get c "d[\"next\"][0][\"label\"]")" = "Data Viz"
'

test_expect_success 'malformed pathways: a clear error, nothing saved' '
	before=$(wallet_digest "$SATCHEL_WALLET") &&
	printf "{\"format\": \"satchel-pathway\", \"version\": 1, \"name\": \"X\", \"requires\": {\"atLeast\": 5, \"of\": [{\"tag\": \"a\"}]}}" >bad1.json &&
	expect_code 1 satchel pathway add bad1.json 2>err && grep "atLeast" err &&
	printf "{\"format\": \"satchel-pathway\", \"version\": 1, \"name\": \"X\", \"requires\": {\"all\": [{\"x\": 1}]}}" >bad2.json &&
	expect_code 1 satchel pathway add bad2.json 2>err && grep "requires.all\[0\]" err &&
	printf "not json" >bad3.json && expect_code 1 satchel pathway add bad3.json 2>err && grep -i json err &&
	printf "{\"name\": \"dup\", \"name\": \"dup\"}" >bad4.json && expect_code 1 satchel pathway add bad4.json 2>err &&
	test "$before" = "$(wallet_digest "$SATCHEL_WALLET")"
'

test_expect_success 'a pathway fetched from an https URL' '
	sed "s/Data Analyst/Remote Track/" own.json >www/remote.json &&
	satchel pathway add "https://academy.example/remote.json" >out &&
	satchel --json pathway list >l && test "$(json_len l)" = 4
'

test_expect_success 'pathways are stored encrypted in the wallet' '
	! grep -rl "Remote Track" "$SATCHEL_WALLET/pathways"
'

test_expect_success 'suggest: the three academy badges belong together' '
	satchel --json pathway suggest >sg &&
	python3 - sg <<-\PY
	import json, sys
	s = json.load(open(sys.argv[1]))
	ac = [x for x in s if "academy.example" in x["reason"]]
	assert ac and len(ac[0]["pathway"]["requires"]["all"]) == 3, s
	built = [x for x in s if "criteria" in x["reason"]]
	assert built, s   # Data Viz names Data Basics in its criteria
	PY
'

test_expect_success 'suggest --accept N saves it; -o writes a file to edit' '
	n=$(python3 -c "
import json
s = json.load(open(\"sg\"))
print(1 + [i for i, x in enumerate(s) if \"academy.example\" in x[\"reason\"]][0])") &&
	satchel pathway suggest --accept $n -o edit.json && python3 -m json.tool edit.json >/dev/null &&
	satchel pathway suggest --accept $n && satchel --json pathway list >l && test "$(json_len l)" = 5
'

test_expect_success 'remove forgets a pathway; an unknown name is an error' '
	satchel pathway remove "Badgr Track" && satchel --json pathway list >l && test "$(json_len l)" = 4 &&
	expect_code 1 satchel pathway show "Badgr Track" 2>err && grep "no pathway" err
'

test_done
