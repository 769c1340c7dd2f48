#!/bin/sh
# tests/tools/bench-verify, which make bench uses for the share of the
# raw Ed25519 rate: it must verify what satchel verifies, count what it
# does not, and refuse bad arguments, or the figure it prints means
# nothing.  (Its speed is make bench's business, not a test's.)
. "$(dirname "$0")/../lib/testlib.sh"
. "$SRC_ROOT/tests/lib/signed.sh"

B="$TOOLS/bench-verify"
NOW=2025-06-01T00:00:00Z
signed_base base1.json || exit 1
signed_base base2.json --uuid 5e2f7a9c-1b3d-4e6f-8a0c-2d4f6b8d0e1a || exit 1
for n in 1 2; do
	"$TOOLS/test-issuer" sign-di --key a.pem --created $SIGNED base$n.json -o cred$n.json \
		2>/dev/null || exit 1
done
sed 's/Test Badge/Test Badgf/' cred1.json >tampered.json
cmp -s cred1.json tampered.json && exit 1

# "bench-verify: k=v ..." -> the value of key $2 in file $1
field() { sed -n "s/^bench-verify: .*\<$2=\([^ ]*\).*/\1/p" "$1"; }

test_expect_success 'signed credentials: all verified, every round counted' '
	"$B" --now $NOW --rounds 3 --batch 1 cred1.json cred2.json >out 2>err &&
	test "$(field out n)" = 6 && test "$(field out verified)" = 6 &&
	test "$(grep -c "^round [123]: " out)" = 3
'

test_expect_success 'the ratio is a share of the bare rate, within its rounds' '
	python3 -c "
import sys
f = dict(kv.split(\"=\") for kv in open(\"out\").read().split(\"bench-verify: \")[1].split())
r, lo, hi = float(f[\"ratio\"]), float(f[\"ratio_min\"]), float(f[\"ratio_max\"])
assert 0 < lo <= hi and 0 < r, f
# the pooled ratio is a weighted mean of the rounds: between them (rounding aside)
assert lo - 1e-3 <= r <= hi + 1e-3, f
assert float(f[\"cred_rate\"]) > 0 and float(f[\"raw_rate\"]) > 0, f
"
'

test_expect_success 'a changed credential is counted as not verified, and fails the run' '
	expect_code 1 "$B" --now $NOW --rounds 1 cred1.json tampered.json >out2 2>err2 &&
	test "$(field out2 n)" = 2 && test "$(field out2 verified)" = 1
'

test_expect_success 'a missing file is not verified either' '
	expect_code 1 "$B" --now $NOW --rounds 1 cred1.json nothere.json >out3 2>err3 &&
	test "$(field out3 verified)" = 1
'

test_expect_success 'bad arguments: one line, exit 1, nothing timed' '
	expect_code 1 "$B" --batch 0 cred1.json >out4 2>err4 &&
	grep -q "^bench-verify: --batch wants a positive number, not .0.$" err4 &&
	expect_code 1 "$B" --rounds x cred1.json 2>err5 &&
	grep -q "^bench-verify: --rounds wants a positive number" err5 &&
	expect_code 1 "$B" --now $NOW 2>err6 &&
	grep -q "^bench-verify: usage: " err6 &&
	expect_code 1 "$B" --frobnicate 1 cred1.json 2>err7 &&
	grep -q "^bench-verify: usage: " err7 &&
	expect_code 1 "$B" --now yesterday cred1.json >out8 2>err8 &&
	grep -q "^bench-verify: --now wants an RFC 3339 date-time, not .yesterday.$" err8 &&
	! grep -q "^bench-verify: ratio" out8 &&
	! grep -q "^bench-verify: ratio" out4
'

test_done
