#!/bin/sh
# A badge must not drive the learner's terminal: names, descriptions,
# issuer names, URLs and messages that come from outside reach people's
# screens with their control characters (C0 but newline and tab, DEL,
# C1), bidirectional controls, invisible characters and bytes that are
# not UTF-8 shown as '?'.
# JSON output keeps the text exactly (JSON escapes what needs escaping).
# A file name that is not UTF-8 is outside text too: it must neither
# crash a command nor cost a report or a badge's record (U+FFFD in JSON).
. "$(dirname "$0")/../lib/testlib.sh"

export SATCHEL_PASSPHRASE=pw SATCHEL_WALLET="$TRASH/w"
satchel init -q >/dev/null 2>&1

# ESC sequences (colour, window title ending in BEL, clear screen), a C1
# CSI (U+009B), DEL, a right-to-left override (U+202E) and an isolate
# (U+2066); an ordinary accented letter must come through untouched.
python3 - <<-\PY || exit 1
import json
evil = "Evil\u001b[31mRED\u001b]0;pwned\u0007\u009b2J\u007f\u202etxt.exe\u2066x\u2069 Café"
d = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
     "id": "https://evil.example/a/1",
     "recipient": {"type": "email", "identity": "x@example.org", "hashed": False},
     "badge": {"type": "BadgeClass", "id": "https://evil.example/b/1", "name": evil,
               "description": "d\u001b[2J", "image": "https://evil.example/i.png",
               "criteria": {"narrative": "c"},
               "issuer": {"type": "Profile", "id": "https://evil.example/i",
                          "name": "Iss\u001b[5mBLINK", "url": "https://evil.example"}},
     "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "hosted"}}
json.dump(d, open("evil.json", "w"))
d["id"] = "https://evil.example/a/2\u001b[8m"
json.dump(d, open("evil2.json", "w"))
d["id"] = "https://evil.example/a/3\n    pass proof        forged line"
json.dump(d, open("evil3.json", "w"))
PY

# clean FILE: no ESC, BEL, DEL, C1 or bidi control, nor any other C0
# control but newline and tab, in FILE.
clean() {
	python3 - "$1" <<-\PY
	import re, sys
	t = open(sys.argv[1], "rb").read().decode("utf-8")
	bad = re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
	                 "\u2060-\u206f\ufeff\U000e0000-\U000e007f]", t)
	if bad:
	    print("unsafe characters:", [hex(ord(c)) for c in bad])
	    sys.exit(1)
	PY
}

test_expect_success 'import names the badge without its control characters' '
	satchel import evil.json >out 2>err && clean out && clean err &&
	grep -F "Evil?[31mRED?]0;pwned??2J??txt.exe?x? Café" out
'

test_expect_success 'list shows the name and issuer made safe' '
	satchel list >out 2>err && clean out && clean err &&
	grep -F "Evil?[31mRED" out && grep -F "Iss?[5mBLINK" out
'

test_expect_success 'show makes every field safe' '
	id=$(satchel --json list | python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"id\"])") &&
	satchel show "$id" >out 2>err && clean out && clean err &&
	grep -F "d?[2J" out
'

test_expect_success 'show indents a field'"'"'s further lines: none can pass for a field' '
	python3 -c "
import json
d = json.load(open(\"evil.json\"))
d[\"id\"] = \"https://evil.example/a/4\"
d[\"badge\"][\"name\"] = \"Honest badge\\nVerdict       verified\"
d[\"badge\"][\"description\"] = \"first line\\nsecond line\"
json.dump(d, open(\"forge.json\", \"w\"))" &&
	satchel import forge.json >/dev/null &&
	id=$(satchel --json list | python3 -c "import json,sys; print([r[\"id\"] for r in json.load(sys.stdin) if r[\"name\"].startswith(\"Honest\")][0])") &&
	satchel show "$id" >out &&
	! grep "^Verdict *verified" out && grep "^ \{14\}Verdict       verified" out &&
	grep "^ \{14\}second line" out
'

test_expect_success 'verify reports (target and messages) are made safe' '
	satchel --offline verify evil2.json >out 2>err; clean out && clean err &&
	grep -F "evil.example/a/2 [8m" out	# a message quoting the badge: ESC a space
'

test_expect_success 'a report message cannot add lines of its own' '
	satchel --offline verify evil3.json >out 2>err; test $? -le 1 && clean out &&
	! grep "^    pass proof" out && grep -F "a/3     pass proof        forged line" out &&
	satchel --offline --json verify evil3.json >out; test $? -le 1 &&
	python3 -c "
import json
for c in json.load(open(\"out\"))[0][\"checks\"]:
    assert \"\\n\" not in c[\"message\"], c"
'

test_expect_success 'JSON output keeps the text exactly' '
	satchel --json list >out &&
	python3 -c "
import json, sys
r = json.load(open(\"out\"))[0]
assert r[\"name\"].startswith(\"Evil\x1b[31mRED\x1b]0;pwned\x07\"), r[\"name\"]
assert r[\"name\"].endswith(\" Café\"), r[\"name\"]"
'

test_expect_success 'an error message that quotes outside text is made safe too' '
	printf "{\"@context\": \"https://w3id.org/openbadges/v2\", \"type\": \"Ass\033]0;x\007ertion\"}" >odd.json &&
	satchel import odd.json >out 2>err; clean out && clean err
'

test_expect_success 'list keeps its columns: a replaced character takes one column' '
	satchel list >out &&
	python3 -c "
lines = open(\"out\", encoding=\"utf-8\").read().splitlines()
assert len(lines) >= 2, lines
assert len(set(len(l) for l in lines)) == 1, [len(l) for l in lines]"
'

# Invisible characters make two names look alike: a zero-width space, a
# word joiner, a byte order mark, a right-to-left mark and a tag
# character are shown as '?'.  Zero-width joiners (emoji, Persian) stay.
test_expect_success 'an issuer name with invisible characters shows them as ?' '
	python3 -c "
import json
d = json.load(open(\"evil.json\"))
d[\"id\"] = \"https://evil.example/a/5\"
d[\"badge\"][\"name\"] = \"Grad \U0001F469\u200d\U0001F393 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645\"
d[\"badge\"][\"issuer\"][\"name\"] = \"Harv\u200bard Univ\u2060ersity\ufeff\u200e\U000E0041\"
json.dump(d, open(\"twin.json\", \"w\"))" &&
	SATCHEL_WALLET="$TRASH/w3" satchel init -q >/dev/null 2>&1 &&
	SATCHEL_WALLET="$TRASH/w3" satchel import twin.json >/dev/null &&
	SATCHEL_WALLET="$TRASH/w3" satchel list >out && clean out &&
	grep -F "Harv?ard Univ?ersity??" out &&
	SATCHEL_WALLET="$TRASH/w3" satchel show "$(SATCHEL_WALLET="$TRASH/w3" satchel --json list |
		python3 -c "import json,sys; print(json.load(sys.stdin)[0][\"id\"])")" >out &&
	clean out && grep -F "Harv?ard Univ?ersity???" out &&
	python3 -c "
t = open(\"out\", encoding=\"utf-8\").read()
assert \"Grad \U0001F469\u200d\U0001F393 \u0645\u06cc\u200c\u062e\" in t, t"
'

badname=$(printf 'latin1-\351t\351.json')
cp evil.json "$badname"

test_expect_success 'verify of a file whose name is not UTF-8: a report, U+FFFD in JSON' '
	satchel --offline --json verify "$badname" >out 2>err; test $? -le 1 &&
	python3 -c "
import json
r = json.load(open(\"out\"))
assert len(r) == 1 and r[0][\"target\"] == \"latin1-\ufffdt\ufffd.json\", r
assert r[0][\"verdict\"] in (\"unknown\", \"invalid\", \"verified\"), r" &&
	satchel --offline verify "$badname" >out 2>err; test $? -le 1 && clean out &&
	grep -F "latin1-�t�.json" out
'

test_expect_success 'import of such a file keeps the badge record: tags, source, date' '
	export SATCHEL_WALLET="$TRASH/w2" &&
	satchel init -q >/dev/null 2>&1 &&
	satchel --json import -t kept "$badname" >out &&
	python3 -c "
import json
r = json.load(open(\"out\"))
assert len(r) == 1 and r[0][\"status\"] == \"added\", r
assert r[0][\"source\"] == \"latin1-\ufffdt\ufffd.json\", r" &&
	id=$(python3 -c "import json; print(json.load(open(\"out\"))[0][\"id\"])") &&
	satchel --json show "$id" >s &&
	python3 -c "
import json
d = json.load(open(\"s\"))
assert d[\"tags\"] == [\"kept\"], d[\"tags\"]
assert d[\"added_at\"], d
assert d[\"source\"][\"location\"].endswith(\"latin1-\ufffdt\ufffd.json\"), d[\"source\"]"
'

test_done
