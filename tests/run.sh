#!/bin/sh
# run.sh — runs every test: the cmocka unit tests, the fuzz targets over
# their seed corpora, then the CLI scripts (tests/cli/t*.sh), then the TUI
# scripts (tests/tui/*.sh).  Prints each
# suite's result and, as its last line, "N passed, N failed".
# TESTS='pattern' limits the run to scripts/binaries whose name matches.

: "${BUILD:=build/default}"
export BUILD
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0
corpora=${SATCHEL_CORPORA:-../shared/corpora}
if [ ! -d "$corpora" ]; then
	echo "# the public test corpora are not at '$corpora' (set SATCHEL_CORPORA):"
	echo "# conformance tests skip (unit) or fail (cli) without them"
fi
log=build/test-logs
mkdir -p "$log"

count() {	# adds the counts of one suite's log to the totals
	p=$(sed -n 's/^# passed=\([0-9]*\) failed=\([0-9]*\)$/\1/p' "$1" | tail -1)
	f=$(sed -n 's/^# passed=\([0-9]*\) failed=\([0-9]*\)$/\2/p' "$1" | tail -1)
	if [ -z "$p" ]; then	# died before test_done: one failure
		p=0 f=1
	fi
	pass=$((pass + p)) fail=$((fail + f))
	[ "$f" = 0 ] && [ "$2" = 0 ] && echo "  PASS $3 ($p)" || { echo "  FAIL $3 ($p passed, $f failed)"; grep -E '^(not ok|#   |\[  FAILED|\[  ERROR)' "$1" | head -60; }
}

for t in "$BUILD"/tests/test-*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	case "$n" in *${TESTS:-}*) ;; *) continue ;; esac
	CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$log/$n.log" 2>&1; rc=$?
	# cmocka: "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), listed below:"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log/$n.log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test(s), listed.*/\1/p' "$log/$n.log" | tail -1)
	echo "# passed=${p:-0} failed=${f:-$([ $rc = 0 ] && echo 0 || echo 1)}" >>"$log/$n.log"
	count "$log/$n.log" "$rc" "unit/$n"
done

# Every fuzz target over its seed corpus (tests/fuzz/replay.c), one test
# each.  The share/ of this tree, wherever the binary is.
for t in "$BUILD"/replay/fuzz-*; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	case "$n" in *${TESTS:-}*) ;; *) continue ;; esac
	SATCHEL_DATADIR="$PWD/share" "$t" tests/fuzz/corpus/"${n#fuzz-}"/* >"$log/$n.log" 2>&1; rc=$?
	echo "# passed=$([ $rc = 0 ] && echo 1 || echo 0) failed=$([ $rc = 0 ] && echo 0 || echo 1)" >>"$log/$n.log"
	count "$log/$n.log" "$rc" "fuzz/$n"
done

for t in tests/cli/t*.sh tests/tui/*.sh; do
	[ -f "$t" ] || continue
	n=$(basename "$t" .sh)
	case "$n" in *${TESTS:-}*) ;; *) continue ;; esac
	sh "$t" >"$log/$n.log" 2>&1; rc=$?
	count "$log/$n.log" "$rc" "$(basename "$(dirname "$t")")/$n"
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
