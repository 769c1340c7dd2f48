#!/bin/sh
# The Digital Credentials Consortium fixtures (../shared/corpora, README
# sections 8-10): every credential of dcc-verifier-core, dcc-vc-test-fixtures,
# dcc-lcw and dcc-verifier-plus gets the verdict its manifest.json expects.
#
# The manifests state expectations in three ways, mapped to satchel's
# verdicts by expectations() below:
#   dcc-verifier-core     free text ("verified", "unverified: expiration",
#                         "fatal did_web_unresolved", ...) and mutations of
#                         base fixtures (derived_negative_cases, all fatal)
#   dcc-vc-test-fixtures  fields inferred from the file names: signature,
#                         revoked, expired, notYetValid, statusListProblem
#   dcc-lcw, -plus        short text ("signature valid", "unsigned ...")
# A failure that upstream calls fatal is "invalid", a DID or status list
# that cannot be had is "unknown" (could not check), and when several
# apply satchel's precedence decides: revoked > invalid > expired >
# not-yet-valid > unknown.
#
# The documents the credentials point to are served by the local HTTPS
# server at their own URLs: status lists and did:web documents of
# digitalcredentials.github.io and raw.githubusercontent.com (the manifests
# name the local copies).  The deliberately broken ones (did:web
# dcc-did-web-bad, status list e5VK8...) are not served, so they are 404s.
#
# Where satchel disagrees with a manifest on purpose, the case and the
# argument are in tests/conformance/DEVIATIONS; those cases are not
# compared with the manifest, but must still give the verdict written
# there.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

DEVIATIONS="$SRC_ROOT/tests/conformance/DEVIATIONS"
CORPUS_LIST="dcc-verifier-core dcc-vc-test-fixtures dcc-lcw dcc-verifier-plus"
for c in $CORPUS_LIST; do
	if [ ! -f "$CORPORA/$c/manifest.json" ]; then
		test_expect_success "the corpus $c is present ($CORPORA)" 'false'
		test_done; exit
	fi
done

# Verification instants.  The fixtures carry real dates: expired ones end
# in 2010-2025, "notExpired" ones in 2030-9999, one starts in 2099, and
# legacy-noStatus-noExpiry-lcwExperience was issued on 2026-01-23.  Any
# instant from then until 2030 gives the manifests' verdicts, so pin one
# instead of trusting the clock.  The learner-credential-wallet mocks
# expired on 2025-08-16 and their status list was issued on 2022-08-19:
# their manifest describes them while valid, so they are checked as of
# mid-2024.
NOW=2026-06-01T00:00:00Z
NOW_LCW=2024-06-01T00:00:00Z

# ---- the issuers' web sites ----------------------------------------------
# One document root holds both hosts: their paths do not overlap.  Status
# list URLs have no ".json"; the server sends any file, whatever its name.
DCC="$CORPORA/dcc-vc-test-fixtures"
W=www
mkdir -p $W/vc-test-fixtures/statusLists $W/vc-test-fixtures/dids $W/dcc-did-web \
	$W/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status \
	$W/credential-status-playground
for f in "$DCC"/statusLists/*/*.json; do
	d=$W/vc-test-fixtures/statusLists/$(basename "$(dirname "$f")")
	mkdir -p "$d" && cp "$f" "$d/$(basename "$f" .json)"
done
cp -R "$DCC/dids/." $W/vc-test-fixtures/dids/
cp -R "$DCC/dids-dcc-did-web/." $W/dcc-did-web/
cp "$CORPORA/dcc-verifier-core/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj.json" \
	$W/digitalcredentials/verifier-core/refs/heads/main/src/test-fixtures/status/e5WK8CbZ1GjycuPombrj
cp "$CORPORA/dcc-lcw/status/JWZM3H8WKU.json" $W/credential-status-playground/JWZM3H8WKU

mkdir -p srv
testca_init srv digitalcredentials.github.io raw.githubusercontent.com >/dev/null || exit 1
https_server_start srv $W || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
export SATCHEL_CONNECT_TO="digitalcredentials.github.io:443:127.0.0.1:$HTTPS_PORT,raw.githubusercontent.com:443:127.0.0.1:$HTTPS_PORT"
unset SATCHEL_RESOLVE

# ---- expectations ----------------------------------------------------------
# Writes "CASE FILE EXPECTED NOW" lines.  CASE is the corpus path (or
# corpus/derived/BASE-MUTATION for a mutated copy, FILE#N for an element of
# a JSON array); FILE is what satchel verifies.
mkdir -p derived
python3 - "$CORPORA" "$NOW" "$NOW_LCW" >cases <<-\PY || exit 1
import json, os, re, sys
C, NOW, NOW_LCW = sys.argv[1:4]
out = []

def case(cid, path, want, now=NOW):
    assert want in ("verified", "revoked", "suspended", "invalid", "expired",
                    "not-yet-valid", "unknown"), (cid, want)
    out.append(f"{cid} {path} {want} {now}")

def manifest(corpus):
    return json.load(open(f"{C}/{corpus}/manifest.json"))

# dcc-verifier-core: the first rule that matches decides, strongest first
# (the text is free: "unverified: ..." contains "verified", and lcw's
# "signature valid; ... name says revoked" is not revoked).
TEXT_RULES = [
    (r"^fatal did_web_unresolved", "unknown"), (r"^fatal", "invalid"),
    (r"URL 404", "unknown"), (r"proofs fail", "invalid"),
    (r"^unverified: (revoked|revocation_status invalid)", "revoked"),
    (r"^unverified: expir", "expired"),
    (r"^(verified|valid)\b|signature valid", "verified"),
]

def from_text(text):
    for rule, want in TEXT_RULES:
        if re.search(rule, text):
            return want
    raise SystemExit(f"no rule for the expectation '{text}'")

m = manifest("dcc-verifier-core")
for c in m["cases"]:
    case(f"dcc-verifier-core/{c['file']}", f"{C}/dcc-verifier-core/{c['file']}",
         from_text(c["expect"]))

def drop_v2(d):
    d["@context"].remove("https://www.w3.org/ns/credentials/v2")

MUTATIONS = {
    "name = 'tampered!'": lambda d: d.update(name="tampered!"),
    "name = 'Introduction to Tampering'": lambda d: d.update(name="Introduction to Tampering"),
    "delete proof": lambda d: d.pop("proof"),
    "id = '0923lksjf'": lambda d: d.update(id="0923lksjf"),
    "delete @context": lambda d: d.pop("@context"),
    "remove 'https://www.w3.org/ns/credentials/v2' from @context": drop_v2,
}
for c in m["derived_negative_cases"]:
    base = c["base"]
    d = json.load(open(f"{C}/dcc-verifier-core/{base}"))
    MUTATIONS[c["mutate"]](d)
    slug = re.sub(r"[^a-z0-9]+", "-", c["mutate"].lower()).strip("-")
    name = os.path.basename(base)[:-5] + "-" + slug
    json.dump(d, open(f"derived/{name}.json", "w"), indent=2, ensure_ascii=False)
    case(f"dcc-verifier-core/derived/{name}", f"derived/{name}.json", from_text(c["expect"]))

# dcc-vc-test-fixtures: in satchel's order of precedence.
def from_fields(e):
    if e["revoked"]:
        return "revoked"
    if e["signature"] == "invalid" or e["schemaProblem"]:
        return "invalid"
    if e["expired"]:
        return "expired"
    if e["notYetValid"]:
        return "not-yet-valid"
    if e["signature"] == "unresolvable-did" or e["statusListProblem"]:
        return "unknown"
    assert e["signature"] == "valid", e
    return "verified"

for c in manifest("dcc-vc-test-fixtures")["cases"]:
    case(f"dcc-vc-test-fixtures/{c['file']}", f"{C}/dcc-vc-test-fixtures/{c['file']}",
         from_fields(c["expected"]))

# dcc-lcw: the mocks as they were while valid; "unsigned" cannot verify;
# credentials.json is an array (of mockCredential twice): each element.
for c in manifest("dcc-lcw")["cases"]:
    f, text = c["file"], c["expect"]
    if f.endswith("credentials.json"):
        for i, cred in enumerate(json.load(open(f"{C}/dcc-lcw/{f}"))):
            json.dump(cred, open(f"derived/lcw-credentials-{i}.json", "w"))
            case(f"dcc-lcw/{f}#{i}", f"derived/lcw-credentials-{i}.json", "verified", NOW_LCW)
        continue
    want = "invalid" if "unsigned" in text else from_text(text)
    case(f"dcc-lcw/{f}", f"{C}/dcc-lcw/{f}", want, NOW_LCW)

# dcc-verifier-plus: "valid ..." fixtures; testVP is a presentation, which
# `verify` does not take: its manifest gives no verdict, so the credential
# inside is checked (the reference verifier in ../shared/oracle accepts it).
for c in manifest("dcc-verifier-plus")["cases"]:
    f, text = c["file"], c["expect"]
    if "presentation" in text:
        vp = json.load(open(f"{C}/dcc-verifier-plus/{f}"))["vp"]
        json.dump(vp["verifiableCredential"], open("derived/plus-testVP-vc.json", "w"))
        case(f"dcc-verifier-plus/{f}#verifiableCredential", "derived/plus-testVP-vc.json",
             "verified")
        continue
    assert text.startswith("valid"), text
    case(f"dcc-verifier-plus/{f}", f"{C}/dcc-verifier-plus/{f}", "verified")

print("\n".join(out))
PY

# ---- run -----------------------------------------------------------------------
# One satchel per verification instant (contexts are processed once);
# its JSON array has one report per file, in order.  results: "CASE
# EXPECTED GOT", GOT "error" when there is no report; reports/CASE.json
# keeps each report for a look when something disagrees.
for now in $(awk '{ print $4 }' cases | sort -u); do
	awk -v now=$now '$4 == now { print $2 }' cases | tr '\n' '\0' |
		xargs -0 "$SATCHEL_BIN" --json --now $now verify >reports.$now.json 2>err.$now
	awk -v now=$now '$4 == now' cases >cases.$now
	python3 - cases.$now reports.$now.json <<-\PY
	import json, os, sys
	cases = [l.split() for l in open(sys.argv[1])]
	try:
	    reports = json.load(open(sys.argv[2]))
	except ValueError:
	    reports = []
	for i, (cid, path, want, now) in enumerate(cases):
	    r = reports[i] if i < len(reports) and reports[i].get("target") == path else None
	    print(cid, want, r["verdict"] if r else "error")
	    os.makedirs(os.path.dirname("reports/" + cid), exist_ok=True)
	    json.dump(r, open(f"reports/{cid}.json", "w"), indent=2)
	PY
done >results

# The documented deviations: "CASE EXPECTED SATCHEL REASON" lines.
grep -v '^[[:space:]]*\(#\|$\)' "$DEVIATIONS" >deviations 2>/dev/null

# agree CORPUS: prints "N M D" (agreeing, compared, deviations) and lists
# every case that disagrees but is not a documented deviation.
agree() {
	awk -v c="$1/" 'FILENAME == ARGV[1] { dev[$1] = 1; next }
		index($1, c) != 1 { next }
		$1 in dev { d++; next }
		{ n++ } $2 == $3 { ok++; next }
		{ print "  " $1 ": manifest " $2 ", satchel " $3 >"/dev/stderr" }
		END { printf "%d %d %d\n", ok, n, d; exit ok != n }' deviations results
}

for c in $CORPUS_LIST; do
	test_expect_success "$c: every verdict agrees with the manifest (but DEVIATIONS)" "
		agree $c >agree.$c
	"
	set -- $(agree $c 2>/dev/null)
	say "# $c: $1 of $2 agree; $3 documented deviations"
done

# dcc-verifier-core: 24 fixtures + 9 mutations; dcc-lcw: 6 files, one an
# array of two credentials.
test_expect_success 'each corpus has all its cases' '
	for want in dcc-verifier-core:33 dcc-vc-test-fixtures:89 dcc-lcw:8 dcc-verifier-plus:4; do
		n=$(grep -c "^${want%:*}/" cases)
		test "$n" = "${want#*:}" || { echo "$want: $n cases"; return 1; }
	done
'

test_expect_success 'every documented deviation still gives the verdict written there' '
	while read -r id want sat why; do
		case "$id" in dcc-*) ;; *) continue ;; esac
		got=$(awk -v id="$id" "\$1 == id { print \$3 }" results)
		test -n "$got" || { echo "$id: not a case here"; return 1; }
		test "$got" = "$sat" || { echo "$id: DEVIATIONS says $sat, satchel now $got"; return 1; }
		test "$want" = "$(awk -v id="$id" "\$1 == id { print \$2 }" results)" ||
			{ echo "$id: the manifest expects something else now"; return 1; }
	done <deviations
'

test_expect_success 'no sanitizer complained (ASan builds: BUILD=build/asan)' '
	! grep -l "Sanitizer" err.*
'

test_expect_success 'documents were fetched from both hosts, the broken ones 404' '
	grep -q "/vc-test-fixtures/dids/legacy/did.json" srv/requests.log &&
	grep -q "/digitalcredentials/verifier-core/" srv/requests.log &&
	grep -q "/dcc-did-web-bad/did.json" srv/requests.log &&
	grep -q "e5VK8CbZ1GjycuPombrj" srv/requests.log
'

test_done
