#!/bin/sh
# import: every form of the public corpora, dedupe, tags, stdin, reasons.
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1

test_expect_success 'OB 2.0 validator-core assertions import, non-awards are rejected with a reason' '
	expect_code 1 satchel --json import "$CORPORA/ob2-validator-core/components" >out &&
	python3 - out <<-\PY
	import json, sys
	r = {x["source"].rsplit("/", 1)[1]: x for x in json.load(open(sys.argv[1]))}
	for f in ["0_5_assertion.json", "0_5_1_assertion.json", "1_0_basic_assertion.json",
	          "1_1_basic_assertion.json", "2_0_basic_assertion.json"]:
	    assert r[f]["status"] == "added", (f, r[f])
	assert r["1_0_assertion_with_errors.json"]["status"] == "rejected"
	assert "identity object" in r["1_0_assertion_with_errors.json"]["error"]
	for f in ["2_0_basic_badgeclass.json", "2_0_basic_issuer.json", "1_1_basic_badgeclass.json"]:
	    assert r[f]["status"] == "rejected" and "not a badge awarded" in r[f]["error"], r[f]
	PY
'

test_expect_success 're-importing the same bytes says exists' '
	satchel --json import "$CORPORA/ob2-validator-core/components/2_0_basic_assertion.json" >out &&
	grep "\"status\": \"exists\"" out
'

test_expect_success 'OB 3.0 spec examples: credentials import, others rejected with reasons' '
	satchel --json import "$CORPORA/ob3-spec/examples" >out; test $? -le 1 &&
	python3 - out <<-\PY
	import json, sys
	res = json.load(open(sys.argv[1]))
	added = [x for x in res if x["status"] in ("added", "exists")]
	assert len(added) >= 10, len(added)
	for x in res:
	    if x["status"] == "rejected":
	        assert x["error"], x
	full = [x for x in res if x["source"].endswith("fullOpenBadge__01.json")]
	assert full and full[0]["status"] in ("added", "exists"), full
	PY
'

test_expect_success 'DCC fixtures: every signed OB 3.0 credential imports' '
	satchel --json import "$CORPORA/dcc-verifier-core" "$CORPORA/dcc-vc-test-fixtures/verifiableCredentials" >out; test $? -le 1 &&
	python3 - out <<-\PY
	import json, sys
	res = json.load(open(sys.argv[1]))
	ok = [x for x in res if x["status"] in ("added", "exists")]
	assert len(ok) >= 80, len(ok)
	for x in res:
	    if x["status"] == "rejected":
	        # status list credentials and other non-badges, each with a reason
	        assert x["error"], x
	PY
'

test_expect_success 'ob-bakery: baked PNG imports, unbaked images are rejected with a reason' '
	satchel --json import "$CORPORA/ob-bakery" >out; test $? = 1 &&
	python3 - out <<-\PY
	import json, sys
	r = {x["source"].split("ob-bakery/")[1]: x for x in json.load(open(sys.argv[1]))}
	assert r["concentricsky/testfiles/baked_heart.png"]["status"] in ("added", "exists")
	for f in ["concentricsky/testfiles/public_domain_heart.png", "mozilla/unbaked.png",
	          "mozilla/unbaked.svg", "concentricsky/testfiles/unbaked_example.svg"]:
	    assert r[f]["status"] == "rejected" and "no baked badge" in r[f]["error"], r[f]
	assert "invalid JSON" in r["mozilla/bad-json.svg"]["error"]
	# pointer-only baked badges: the hosted copy is out of reach here
	assert "https only" in r["mozilla/no-json.svg"]["error"]
	PY
'

test_expect_success 'import from stdin with tags' '
	satchel --json import --tag stdin-tag - <"$CORPORA/ob2-validator-core/components/0_5_assertion.json" >out &&
	grep "\"status\": \"exists\"" out &&
	id=$(python3 -c "import json,sys; print(json.load(open(\"out\"))[0][\"id\"])") &&
	satchel --json show $id >show && grep stdin-tag show
'

test_expect_success 'the stored object is the exact original bytes' '
	f="$CORPORA/ob2-validator-core/components/1_1_basic_assertion.json" &&
	id=$(sha256sum "$f" | cut -c1-64) &&
	satchel show --raw $id >raw && cmp raw "$f"
'

test_expect_success 'a baked PNG stores the baked credential text, deduplicated with the JSON' '
	satchel extract "$CORPORA/ob-bakery/concentricsky/testfiles/baked_heart.png" >baked.json &&
	satchel --json import baked.json >out && grep "\"status\": \"exists\"" out
'

test_expect_success 'encrypted at rest: no credential text in the wallet files' '
	! grep -rl "Basic McBadge" "$SATCHEL_WALLET" &&
	! grep -rl "beths-robot" "$SATCHEL_WALLET"
'

test_expect_success 'plain wallet keeps objects byte-identical and named by their hash' '
	satchel --wallet plain init --no-encryption -q &&
	f="$CORPORA/ob2-validator-core/components/2_0_basic_assertion.json" &&
	satchel --wallet plain import -q "$f" &&
	id=$(sha256sum "$f" | cut -c1-64) &&
	cmp "$f" plain/objects/$(echo $id | cut -c1-2)/$(echo $id | cut -c3-)
'

test_done
