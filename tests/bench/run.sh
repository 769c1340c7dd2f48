#!/bin/sh
# make bench — two parts (both by default; `sh tests/bench/run.sh verify`
# or SATCHEL_BENCH=verify picks one):
#
# wallet: import 1,000 mixed credentials; list --json of a 10,000-
# credential wallet; peak RSS.  Times are reported with a baseline taken
# in the same run (sha256sum over the same input files: the bare cost of
# reading them), because shared machines are noisy: the ratio is the
# figure to compare between runs.  Goals (DESIGN/issue 2): import 1,000
# in <= 3 s, list --json of 10,000 in <= 300 ms, peak RSS <= 64 MiB.
#
# verify (issues 3 and 4): copies the reference oracle kit (../shared/oracle)
# to build/oracle and runs `npm ci` there once (network: the npm registry
# only; without it the reference figures are skipped), signs 2,000 distinct
# eddsa-rdfc-2022 did:key OB 3.0 credentials once into build/bench-creds
# (tests/bench/oracle/sign.mjs), then, pinned to core 0 in the same run:
# one `satchel verify` process over all 2,000, the reference stack over the
# same files (tests/bench/oracle/verify.mjs), `openssl speed ed25519`, and
# toRdf + RDFC-1.0 of a typical credential (build/.../tools/bench-ld) against
# the kit's bench.mjs, and nine back-to-back pairs of satchel and openssl
# speed runs (the machine's speed drifts between minutes), and the same
# ratio with both sides taking turns every 4 credentials in one process
# (build/.../tools/bench-verify: the drift then cancels).  Goals: >= 30x
# the reference and >= 50 % of the raw Ed25519 verify rate; <= 40 us per
# toRdf + RDFC-1.0.
#
# tui (issue 6): tests/tui/tools/bench-tui.sh — first screen of a 10,000-
# badge wallet (goal <= 150 ms) and the slowest filter key (<= 10 ms).
: "${BUILD:=build/default}"
cd "$(dirname "$0")/../.." || exit 2
part=${1:-${SATCHEL_BENCH:-}}
if [ "$part" = tui ]; then
	exec env BUILD="$BUILD" sh tests/tui/tools/bench-tui.sh
fi
python3 tests/bench/bench.py "$BUILD/satchel" "$@" || exit
if [ -z "$part" ]; then
	BUILD="$BUILD" sh tests/tui/tools/bench-tui.sh
fi
