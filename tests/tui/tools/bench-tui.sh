#!/bin/sh
# bench-tui.sh — how fast the full-screen view opens a 10,000-badge wallet
# and filters it per key.  Not a test (tests/run.sh only runs
# tests/tui/*.sh): run it by hand, `sh tests/tui/tools/bench-tui.sh`.
#
# Builds a wallet of N badges (default 10000, half OB 2.0 and half OB 3.0,
# as tests/bench/bench.py does) under build/bench-tui/, then runs the TUI
# without a terminal (SATCHEL_TUI_NO_DISPLAY) on a script that waits for
# the idle work, types two searches and quits, with SATCHEL_TUI_TIMING;
# prints the timings of each run: first screen (of which the unlock by
# passphrase, scrypt N = 2^15 unless SATCHEL_KDF_LOG2N says otherwise; a
# keyring makes it ~0), and the slowest filter step.
set -eu
N=${N:-10000}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BIN="$ROOT/${BUILD:-build/default}/satchel"
W="$ROOT/build/bench-tui"
export SATCHEL_NO_KEYRING=1 SATCHEL_PASSPHRASE=bench SATCHEL_CONFIG= SATCHEL_WALLET="$W/w$N"
export SATCHEL_DATADIR="$ROOT/share" HOME="$W" LC_ALL=C.UTF-8
mkdir -p "$W"
if [ ! -f "$SATCHEL_WALLET/wallet.json" ]; then
	python3 - "$W/in$N" "$N" <<'PY'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
for i in range(n):
    if i % 2:
        doc = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion",
               "id": "https://issuer.example/a/%d" % i,
               "recipient": {"type": "email", "hashed": False, "identity": "lena@example.org"},
               "badge": {"type": "BadgeClass", "id": "https://issuer.example/b/%d" % (i % 50),
                         "name": "Badge %d" % i, "description": "Beschreibung " * 10,
                         "criteria": {"narrative": "Kriterien"}, "image": "https://issuer.example/i.png",
                         "issuer": {"id": "https://issuer.example", "type": "Issuer",
                                    "name": "Bench Issuer", "url": "https://issuer.example"}},
               "issuedOn": "2024-01-01T00:00:00Z", "verification": {"type": "HostedBadge"}}
    else:
        doc = {"@context": ["https://www.w3.org/ns/credentials/v2",
                            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
               "id": "urn:uuid:00000000-0000-4000-8000-%012d" % i,
               "type": ["VerifiableCredential", "OpenBadgeCredential"],
               "issuer": {"id": "https://issuer.example/p", "type": ["Profile"], "name": "Akademie"},
               "validFrom": "2024-05-01T00:00:00Z",
               "credentialSubject": {"type": ["AchievementSubject"], "id": "did:example:lena",
                                     "achievement": {"id": "https://issuer.example/ach/%d" % i,
                                                     "type": ["Achievement"], "name": "Kurs %d" % i,
                                                     "description": "Ein Kurs " * 10,
                                                     "criteria": {"narrative": "Teilnahme"}}}}
    json.dump(doc, open(os.path.join(d, "%06d.json" % i), "w"))
PY
	"$BIN" init -q >/dev/null 2>&1
	"$BIN" import -q "$W/in$N" >/dev/null 2>&1
	"$BIN" list >/dev/null	# the index is written
fi
printf ':wait\n/kurs 12<Enter>\n<Esc>\n/bench issuer 4<Esc>\n:quit-all\n' >"$W/script"
for run in 1 2 3 4 5; do
	rm -f "$W/timing"
	SATCHEL_TUI_SCRIPT="$W/script" SATCHEL_TUI_NO_DISPLAY=1 LINES=24 COLUMNS=80 \
		SATCHEL_TUI_TIMING="$W/timing" "$BIN" tui </dev/null
	echo "run $run: $(grep first-screen "$W/timing"); slowest filter step $(sed -n 's/filter-ms-max //p' "$W/timing") ms"
done
