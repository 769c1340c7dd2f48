#!/bin/sh
# satchel ld canon / ld nquads against the public suites: every RDFC-1.0
# evaluation test, the oracle's canonical N-Quads of real badges, and the
# JSON-LD toRdf tests of the core category (through --map-url).
. "$(dirname "$0")/../lib/testlib.sh"

RC="$CORPORA/rdf-canon"
OC="$SRC_ROOT/../shared/oracle/corpus"
JL="$CORPORA/json-ld-api"

test_expect_success 'RDFC-1.0: every evaluation test, byte for byte' '
	python3 - "$RC/manifest.jsonld" >cases <<-\PY &&
	import json, sys
	for e in json.load(open(sys.argv[1]))["entries"]:
	    if e["type"] == "rdfc:RDFC10EvalTest":
	        print(e["action"], e["result"], "sha384" if e.get("hashAlgorithm") == "SHA384" else "sha256")
	PY
	n=0 &&
	while read -r in out h; do
		satchel ld canon --hash $h "$RC/$in" >got || { echo "failed: $in"; return 1; }
		cmp -s got "$RC/$out" || { echo "differs: $in"; return 1; }
		n=$((n + 1))
	done <cases && echo "$n cases" && test $n -ge 60
'

test_expect_success 'RDFC-1.0: every map test (--map)' '
	python3 - "$RC/manifest.jsonld" >maps <<-\PY &&
	import json, sys
	for e in json.load(open(sys.argv[1]))["entries"]:
	    if e["type"] == "rdfc:RDFC10MapTest":
	        print(e["action"], e["result"], "sha384" if e.get("hashAlgorithm") == "SHA384" else "sha256")
	PY
	n=0 &&
	while read -r in out h; do
		satchel ld canon --map --hash $h "$RC/$in" >got.json || return 1
		python3 -c "import json,sys; a=json.load(open(\"got.json\")); b=json.load(open(sys.argv[1])); assert a == b, (a, b)" "$RC/$out" ||
			{ echo "differs: $in"; return 1; }
		n=$((n + 1))
	done <maps && echo "$n cases" && test $n -ge 20
'

test_expect_success 'RDFC-1.0: the poison graph is refused (work limit)' '
	expect_code 1 satchel ld canon "$RC/rdfc10/test074-in.nq" 2>err && grep -i "work\|too" err
'

test_expect_success 'real badges: the oracle canonical N-Quads (document and proof)' '
	test -d "$OC/canon" || { echo "# skip: no oracle corpus"; return 0; }
	python3 - "$OC" <<-\PY
	import json, os, subprocess, sys
	oc = sys.argv[1]
	idx = json.load(open(os.path.join(oc, "canon", "index.json")))
	bad = n = 0
	for e in idx:
	    cred = json.load(open(os.path.join(oc, e["source"])))
	    proof = cred.pop("proof")
	    proof = proof[0] if isinstance(proof, list) else proof
	    proof.pop("proofValue", None)
	    proof["@context"] = cred["@context"]
	    for key, doc in (("docNquads", cred), ("proofNquads", proof)):
	        open("in.json", "w").write(json.dumps(doc))
	        got = subprocess.run([os.environ["SATCHEL_BIN"], "ld", "canon", "--safe",
	                              "--rdf-direction", "i18n-datatype", "in.json"],
	                             capture_output=True).stdout
	        want = open(os.path.join(oc, e[key]), "rb").read()
	        n += 1
	        if "special-chars" in e[key]:	# U+FFFF: see tests/conformance/DEVIATIONS
	            want = want.replace("\uffff".encode(), b"\\uFFFF")
	        if got != want:
	            print("differs:", e[key])
	            bad += 1
	print(n, "files")
	assert n >= 20
	sys.exit(bad > 0)
	PY
'

test_expect_success 'JSON-LD toRdf core tests through ld nquads --map-url' '
	B=https://w3c.github.io/json-ld-api/tests/ &&
	python3 - "$JL/tests/toRdf-manifest.jsonld" "$JL/toRdf-manifest.jsonld" >cases <<-\PY &&
	import json, os, sys
	m = sys.argv[1] if os.path.exists(sys.argv[1]) else sys.argv[2]
	for e in json.load(open(m))["sequence"]:
	    t = e["@type"]
	    if "jld:PositiveEvaluationTest" in t and e["@id"].startswith("#t0") and "option" not in e:
	        print(os.path.dirname(m), e["input"], e["expect"])
	PY
	n=0 &&
	while read -r dir in out; do
		satchel ld nquads --base "$B$in" --map-url "$B=$dir/" "$dir/$in" >got.nq 2>err || { cat err; echo "failed: $in"; return 1; }
		satchel ld canon got.nq >a && satchel ld canon "$dir/$out" >b &&
		cmp -s a b || { echo "differs: $in"; return 1; }
		n=$((n + 1))
	done <cases && echo "$n cases" && test $n -ge 40
'

test_expect_success 'unknown contexts are never fetched: a clear error' '
	printf "{\"@context\": \"https://evil.example/ctx.json\", \"name\": \"x\"}" >evil.json &&
	expect_code 1 satchel ld nquads evil.json 2>err && grep "unknown context" err
'

test_expect_success 'ld canon: the direct path and --general agree on every oracle credential' '
	test -d "$OC/credentials" || { echo "# skip: no oracle corpus"; return 0; }
	python3 - "$OC/credentials" <<-\PY &&
	import json, os, sys
	n = 0
	for dp, dn, fn in os.walk(sys.argv[1]):
	    for f in sorted(fn):
	        try:
	            d = json.load(open(os.path.join(dp, f)))
	        except ValueError:
	            continue
	        if not isinstance(d, dict) or not isinstance(d.get("proof"), dict):
	            continue
	        p = dict(d.pop("proof"))
	        p.pop("proofValue", None)
	        p["@context"] = d.get("@context")
	        json.dump(d, open("d%03d.json" % n, "w"))
	        json.dump(p, open("p%03d.json" % n, "w"))
	        n += 1
	PY
	n=0 &&
	for f in d*.json p*.json; do
		satchel ld canon --safe --rdf-direction i18n-datatype "$f" >fast 2>fast.err; a=$?
		satchel ld canon --general --safe --rdf-direction i18n-datatype "$f" >gen 2>gen.err; b=$?
		test $a = $b && cmp -s fast gen && cmp -s fast.err gen.err ||
			{ echo "differs: $f ($a, $b)"; return 1; }
		n=$((n + 1))
	done && echo "$n documents" && test $n -ge 40
'

test_expect_success 'ld needs a subcommand and a file' 'expect_code 2 satchel ld frob x'

test_done
