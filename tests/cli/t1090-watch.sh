#!/bin/sh
# watch: what changed since each badge's last check -- newly revoked
# (HTTP 410 between two runs), unreachable (its issuer's host stops
# answering), expiring within 30 days of --now (announced once), expired
# -- as text, --json and notifications; exit 1 only when a badge got worse
# (a bad verdict), not for "unreachable" or "expiring"; --offline with a
# warm and a cold cache.
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/testca.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w" SATCHEL_NET_TIMEOUT_MS=5000
satchel init -q >/dev/null 2>&1
mkdir -p www srv gen bin
testca_init srv issuer.example down.example localhost >/dev/null
echo '{}' >routes.json
https_server_start srv www routes.json || exit 1
trap 'https_server_stop "$TRASH/srv"' EXIT
P=$HTTPS_PORT
# down.example is the same server, until it is sent to 127.0.0.2, where
# nothing listens
UP="issuer.example:$P:127.0.0.1,down.example:$P:127.0.0.1"
DOWN="issuer.example:$P:127.0.0.1,down.example:$P:127.0.0.2"
T="$TOOLS/test-issuer"
K="$SRC_ROOT/tests/tools/keys"

# issue HOST KIND PATH SLUG [options]: a badge of an issuer at https://HOST:P/PATH
issue() {
	host=$1 kind=$2 path=$3 slug=$4; shift 4
	ext=json; [ "$kind" = ob2-signed ] && ext=jws && set -- "$@" --key "$K/test-only-rsa2048.pem"
	"$T" "$kind" --base-url "https://$host:$P/$path" --issuer-name "Issuer $path" \
		--name "Badge $slug" --description "d" --criteria "c" --id-suffix "$slug" \
		--recipient lena@example.org --salt salz --issued 2024-01-01T00:00:00Z \
		--site gen -o "$slug.$ext" "$@" >/dev/null 2>&1 &&
	cp -R gen/"$host:$P"/. www/
}
id_of() { sha256sum "$1" | cut -c1-64; }
# expect_changes FILE [SLUG:FROM>TO:KIND...]: watch's --json output in
# FILE holds these changes, in any order (the slugs are in ids, by id)
expect_changes() {
	python3 -c 'import json, sys
slug = dict(l.split() for l in open("ids"))
got = sorted("%s:%s>%s:%s" % (slug[c["id"]], c["from"], c["to"], c["kind"])
             for c in json.load(open(sys.argv[1])))
if got != sorted(sys.argv[2:]):
    sys.exit("changes: %s" % " ".join(got))' "$@"
}
# notify-send that writes its arguments down instead
printf '#!/bin/sh\nprintf "%%s|" "$@" >>"%s/notified"; echo >>"%s/notified"\n' "$TRASH" "$TRASH" \
	>bin/notify-send && chmod +x bin/notify-send

issue issuer.example ob2-hosted ok h-ok && issue issuer.example ob2-signed sig s-ok &&
issue issuer.example ob2-hosted rev h-rev && issue down.example ob2-hosted down h-down &&
issue issuer.example ob2-hosted exp h-exp --expires 2027-06-30T00:00:00Z || exit 1
# hosted badges by URL, so that their BadgeClass (and name) is kept too
for b in h-ok:ok h-rev:rev h-exp:exp h-down:down; do
	host=issuer.example; [ ${b%:*} = h-down ] && host=down.example
	satchel import -q "https://$host:$P/${b#*:}/assertions/${b%:*}.json" >/dev/null || exit 1
done
satchel import -q s-ok.jws >/dev/null || exit 1
for f in h-ok.json s-ok.jws h-rev.json h-down.json h-exp.json; do
	echo "$(id_of $f) ${f%.*}"
done >ids

test_expect_success 'the first check of new badges is a change for the better' '
	satchel --json --now 2027-05-01T09:00:00Z watch >out &&
	expect_changes out "h-down:unchecked>verified:better" "h-exp:unchecked>verified:better" \
		"h-ok:unchecked>verified:better" "h-rev:unchecked>verified:better" \
		"s-ok:unchecked>verified:better"
'

test_expect_success 'nothing changed: an empty array, "no changes", exit 0' '
	satchel --json --now 2027-05-02T09:00:00Z watch >out && test "$(json_len out)" = 0 &&
	satchel --now 2027-05-03T09:00:00Z watch >txt && grep "no changes (5 badges checked)" txt &&
	satchel -q --now 2027-05-04T09:00:00Z watch >txt && test ! -s txt
'

# between two runs: h-rev is revoked (410), down.example stops answering,
# and 2027-06-10 is within 30 days of h-exp's expiry
https_server_stop srv &&
cat >routes.json <<'JSON' &&
{ "/rev/assertions/h-rev.json": {"status": 410,
    "body": "{\"revoked\": true, \"revocationReason\": \"Prüfung nicht bestanden\"}"} }
JSON
https_server_start srv www routes.json --port "$P" || exit 1
SATCHEL_RESOLVE=$DOWN

test_expect_success 'revoked, unreachable and expiring are reported; exit 1 (revoked)' '
	expect_code 1 satchel --json --now 2027-06-10T09:00:00Z watch >out &&
	expect_changes out "h-down:verified>unknown:unreachable" \
		"h-exp:verified>expiring:expiring" "h-rev:verified>revoked:worse" &&
	python3 - out <<-\PY
	import json, sys
	c = {x["name"].split()[-1]: x for x in json.load(open(sys.argv[1]))}
	assert c["h-rev"]["name"] == "Badge h-rev", c["h-rev"]
	assert "Prüfung nicht bestanden" in c["h-rev"]["reason"], c["h-rev"]
	assert "410" in c["h-rev"]["reason"], c["h-rev"]
	assert "could not fetch" in c["h-down"]["reason"], c["h-down"]
	assert "down.example" in c["h-down"]["reason"], c["h-down"]
	assert c["h-exp"]["expires"] == "2027-06-30T00:00:00Z", c["h-exp"]
	assert c["h-exp"]["reason"] == "expires on 2027-06-30T00:00:00Z, in 20 days", c["h-exp"]
	assert c["h-exp"]["checked_at"] == "2027-06-10T09:00:00Z", c["h-exp"]
	assert set(c["h-rev"]) == {"id", "name", "from", "to", "kind", "reason", "expires",
	                           "checked_at"}, c["h-rev"]
	PY
'

test_expect_success 'the verdicts are kept: list shows them' '
	satchel --json list >l &&
	test "$(json_get l "sorted(x[\"verdict\"] for x in d)")" = \
		"[${SQ}revoked${SQ}, ${SQ}unknown${SQ}, ${SQ}verified${SQ}, ${SQ}verified${SQ}, ${SQ}verified${SQ}]"
'

test_expect_success 'the next run: nothing new (expiring is announced once), exit 0' '
	satchel --json --now 2027-06-11T09:00:00Z watch >out && test "$(json_len out)" = 0
'

test_expect_success 'unreachable alone does not fail the run' '
	SATCHEL_RESOLVE=$UP satchel --json --now 2027-06-12T09:00:00Z watch >out &&
	expect_changes out "h-down:unknown>verified:better" &&
	satchel --json --now 2027-06-13T09:00:00Z watch >out &&
	expect_changes out "h-down:verified>unknown:unreachable"
'

test_expect_success 'text output: one line per change, and why' '
	SATCHEL_RESOLVE=$UP satchel --now 2027-06-14T09:00:00Z watch >txt &&
	grep "^better *unknown -> verified  $(id_of h-down.json | cut -c1-12)  Badge h-down$" txt &&
	test "$(wc -l <txt)" = 1
'

test_expect_success '--notify: one desktop notification per change' '
	rm -f notified &&
	PATH="$TRASH/bin:$PATH" satchel -q --now 2027-06-15T09:00:00Z watch --notify >txt &&
	test "$(wc -l <txt)" = 2 && grep "^unreachable verified -> unknown" txt &&
	grep "could not fetch the hosted badge" txt &&
	test "$(cat notified)" = "--app-name=satchel|Badge status changed|${SQ}Badge h-down${SQ}: verified → unknown|"
'

test_expect_success 'expired: worse, exit 1; the stored verdict follows' '
	SATCHEL_RESOLVE=$UP expect_code 1 satchel --json --now 2027-07-01T09:00:00Z watch >out &&
	expect_changes out "h-down:unknown>verified:better" "h-exp:verified>expired:worse" &&
	test "$(json_get out "[c[\"reason\"] for c in d if c[\"to\"] == \"expired\"][0]")" = \
		"expired on 2027-06-30T00:00:00Z"
'

test_expect_success 'a badge that was never announced is announced once inside the window' '
	issue issuer.example ob2-hosted late h-late --expires 2027-07-20T00:00:00Z &&
	satchel import -q h-late.json >/dev/null && echo "$(id_of h-late.json) h-late" >>ids &&
	SATCHEL_RESOLVE=$UP satchel --json --now 2027-07-02T09:00:00Z watch >out &&
	expect_changes out "h-late:unchecked>verified:better" \
		"h-late:verified>expiring:expiring" &&
	SATCHEL_RESOLVE=$UP satchel --json --now 2027-07-03T09:00:00Z watch >out &&
	test "$(json_len out)" = 0
'

test_expect_success '--offline with a warm cache: the same answers, nothing fetched' '
	: >srv/requests.log &&
	satchel --offline --json --now 2027-07-04T09:00:00Z watch >out &&
	test "$(json_len out)" = 0 && test ! -s srv/requests.log &&
	satchel --json show $(id_of h-rev.json) >s &&
	test "$(json_get s "d[\"report\"][\"verdict\"]")" = revoked &&
	json_get s "[c[\"message\"] for c in d[\"report\"][\"checks\"] if c[\"check\"] == \"cache\"]" |
		grep "from the cache"
'

test_expect_success '--offline with a cold cache: every badge unreachable, exit 0' '
	SATCHEL_CACHE_DIR="$TRASH/cold" satchel --offline --json --now 2027-07-05T09:00:00Z watch >out &&
	expect_changes out "h-down:verified>unknown:unreachable" \
		"h-exp:expired>unknown:unreachable" "h-late:verified>unknown:unreachable" \
		"h-ok:verified>unknown:unreachable" "h-rev:revoked>unknown:unreachable" \
		"s-ok:verified>unknown:unreachable" &&
	test ! -s srv/requests.log &&
	json_get out "[c[\"reason\"] for c in d]" | grep -i offline
'

test_expect_success 'back online: better again, and a known revocation is told once more' '
	SATCHEL_RESOLVE=$UP expect_code 1 satchel --json --now 2027-07-06T09:00:00Z watch >out &&
	expect_changes out "h-down:unknown>verified:better" "h-exp:unknown>expired:worse" \
		"h-late:unknown>verified:better" "h-ok:unknown>verified:better" \
		"h-rev:unknown>revoked:worse" "s-ok:unknown>verified:better"
'

test_expect_success 'watch takes no arguments; -n is --notify; --help says how' '
	expect_code 2 satchel watch extra &&
	expect_code 2 satchel watch --bogus &&
	satchel watch --help >h && grep -i unreachable h && grep -i expiring h && grep cron h &&
	rm -f notified && SATCHEL_RESOLVE=$UP PATH="$TRASH/bin:$PATH" \
		satchel -q --now 2027-07-07T09:00:00Z watch -n >/dev/null && test ! -s notified
'

test_done
