#!/bin/sh
# make bench — import 1,000 mixed credentials; list --json of a 10,000-
# credential wallet; peak RSS.  Times are reported with a baseline taken
# in the same run (sha256sum over the same input files: the bare cost of
# reading them), because shared machines are noisy: the ratio is the
# figure to compare between runs.  Goals (DESIGN/issue 2): import 1,000
# in <= 3 s, list --json of 10,000 in <= 300 ms, peak RSS <= 64 MiB.
: "${BUILD:=build/default}"
cd "$(dirname "$0")/../.." || exit 2
exec python3 tests/bench/bench.py "$BUILD/satchel"
