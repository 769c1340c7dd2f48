#!/bin/sh
# instr.sh — the deterministic side of the verify benchmark: what one
# `satchel verify` of N bench credentials executes and how it uses the
# data cache, under valgrind (callgrind, then cachegrind), with address
# space randomization off.  Shared machines make time figures swing by a
# quarter between minutes; these counts do not move, so a change to the
# verification path is judged by them first and by `make bench` after.
#
#	sh tests/bench/instr.sh [SATCHEL [N]]
#
# SATCHEL defaults to build/default/satchel, N to 200.  The credentials
# are the first N of build/bench-creds, which `make bench` (or
# `sh tests/bench/run.sh verify`) signs once; valgrind comes from
# apt-get (make check does not need it).  Per credential figures include
# the process's start, spread over N.  Prints:
#
#	instructions     total, inside libcrypto, outside it per credential
#	D1 misses        L1 data cache misses (32 KiB, 8-way) per credential
#	LL data misses   last-level misses (512 KiB, 8-way), per credential
#
# The cache sizes are fixed, not the machine's, so that figures compare
# across machines; what they model is one core's share of a busy one.
: "${BUILD:=build/default}"
cd "$(dirname "$0")/../.." || exit 2
sat=${1:-$BUILD/satchel}
n=${2:-200}
creds=build/bench-creds

die() { echo "instr.sh: $*" >&2; exit 2; }
command -v valgrind >/dev/null || die "valgrind is not installed (apt-get install valgrind)"
[ -x "$sat" ] || die "no satchel at $sat (make first)"
[ -d "$creds" ] || die "no $creds: run 'sh tests/bench/run.sh verify' once to sign them"
case $n in '' | *[!0-9]*) die "N must be a number, not '$n'" ;; esac
files=$(ls "$creds"/*.json | head -n "$n")
[ -n "$files" ] || die "$creds holds no credentials"
n=$(echo "$files" | wc -l)

tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# No wallet, no keyring, no cache: only the verification is measured.
export SATCHEL_NO_KEYRING=1 HOME="$tmp" SATCHEL_WALLET="$tmp/none" \
	SATCHEL_CACHE_DIR="$tmp/cache" SATCHEL_DATADIR="$PWD/share"
run() {
	# shellcheck disable=SC2086  # one argument per file
	setarch "$(uname -m)" -R valgrind "$@" "$sat" --offline \
		--now 2025-06-01T00:00:00Z --json verify $files >/dev/null 2>"$tmp/err" ||
		{ cat "$tmp/err" >&2; die "valgrind or satchel failed"; }
}

run --tool=callgrind --callgrind-out-file="$tmp/cg"
callgrind_annotate --inclusive=no "$tmp/cg" 2>/dev/null | awk -v n="$n" '
	/PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
	/libcrypto/ { v = $1; gsub(",", "", v); crypto += v }
	END {
		printf "instructions: %d total, %d in libcrypto, %d outside it = %.0f per credential (%d credentials)\n",
		       total, crypto, total - crypto, (total - crypto) / n, n
	}'

run --tool=cachegrind --cache-sim=yes --D1=32768,8,64 --LL=524288,8,64 \
	--cachegrind-out-file="$tmp/cache.out"
awk -v n="$n" '
	/D1  misses:/ { gsub(",", "", $4); printf "D1 misses: %d = %.0f per credential\n", $4, $4 / n }
	/LLd misses:/ { gsub(",", "", $4); printf "LL data misses: %d = %.0f per credential\n", $4, $4 / n }
' "$tmp/err"
