#!/bin/sh
# share: LinkedIn add-to-profile and share URLs over a table of badges
# (OB 2.0, OB 3.0, with and without expiry, umlauts and '&', no public
# link), the verification link, QR codes (decoded back with zbarimg).
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q --samples >/dev/null 2>&1	# with the issuers' documents
id_named() { satchel --json list --filter "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'; }
# query PARAM URL: the decoded value of one query parameter ("" when absent)
query() { python3 -c 'import sys, urllib.parse as u; q = u.parse_qs(u.urlparse(sys.argv[2]).query); print(q.get(sys.argv[1], [""])[0])' "$1" "$2"; }

test_expect_success 'OB 2.0 hosted: name, organisation, issue date, certUrl, certId' '
	url=$(satchel share linkedin $(id_named Datenanalyse)) &&
	case "$url" in https://www.linkedin.com/profile/add\?startTask=CERTIFICATION_NAME\&*) ;; *) false ;; esac &&
	test "$(query name "$url")" = "Grundlagen der Datenanalyse" &&
	test "$(query organizationName "$url")" = "Volkshochschule Musterstadt" &&
	test "$(query issueYear "$url")" = 2024 && test "$(query issueMonth "$url")" = 3 &&
	test "$(query certUrl "$url")" = "https://vhs-musterstadt.example/openbadges/assertions/da-2024-0042.json" &&
	test -z "$(query expirationYear "$url")"
'

test_expect_success 'umlauts and & are percent-encoded; no link means no certUrl' '
	url=$(satchel share linkedin $(id_named Teamarbeit)) &&
	case "$url" in *"Teamarbeit%20%26%20Kommunikation"*) ;; *) false ;; esac &&
	case "$url" in *"f%C3%BCr"*) ;; *) false ;; esac &&
	test "$(query name "$url")" = "Teamarbeit & Kommunikation" &&
	test -z "$(query certUrl "$url")" &&
	case "$url" in *" "*|*"&Kommunikation"*) false ;; esac
'

test_expect_success 'an expiring badge carries its expiry' '
	url=$(satchel share linkedin $(id_named "Cloud Security")) &&
	test "$(query expirationYear "$url")" = 2027 && test "$(query expirationMonth "$url")" = 11
'

test_expect_success 'an organisation id set per issuer replaces the name' '
	iss=$(satchel --json show $(id_named Datenanalyse) | python3 -c "import json,sys; print(json.load(sys.stdin)[\"issuer\"][\"id\"])") &&
	satchel config set "linkedin.org.$iss" 4242 &&
	url=$(satchel share linkedin $(id_named Datenanalyse)) &&
	test "$(query organizationId "$url")" = 4242 && test -z "$(query organizationName "$url")"
'

test_expect_success 'share link: the hosted assertion; --json gives {"url"}' '
	satchel --json share link $(id_named Datenanalyse) >out &&
	test "$(json_get out "d[\"url\"]")" = "https://vhs-musterstadt.example/openbadges/assertions/da-2024-0042.json"
'

test_expect_success 'share link of a badge that lives only in a file: says so, exit 1' '
	expect_code 1 satchel share link $(id_named Teamarbeit) 2>err && grep "no public verification link" err
'

test_expect_success 'share linkedin --post: the share-offsite URL of the link' '
	url=$(satchel share linkedin --post $(id_named Datenanalyse)) &&
	case "$url" in https://www.linkedin.com/sharing/share-offsite/\?url=https%3A%2F%2Fvhs-musterstadt*) ;; *) false ;; esac
'

test_expect_success 'share qr in the terminal: half blocks, fits 80 columns' '
	satchel share qr https://example.org/b/1 >qr.txt &&
	grep -q "▀\|▄" qr.txt &&
	python3 -c "import sys; assert max(len(l.rstrip(\"\n\")) for l in open(\"qr.txt\", encoding=\"utf-8\")) <= 80"
'

test_expect_success 'share qr --png decodes back to the link (zbarimg)' '
	command -v zbarimg >/dev/null || { echo "# skip: no zbarimg (make check installs zbar-tools)"; return 0; }
	satchel share qr --png qr.png $(id_named Datenanalyse) &&
	zbarimg -q --raw qr.png 2>/dev/null | grep -x "https://vhs-musterstadt.example/openbadges/assertions/da-2024-0042.json" &&
	satchel share qr --png qr2.png "https://example.org/b?x=1&y=2" &&
	zbarimg -q --raw qr2.png 2>/dev/null | grep -x "https://example.org/b?x=1&y=2"
'

test_expect_success 'share needs a subcommand and an id' 'expect_code 2 satchel share frob x'

test_done
