#!/usr/bin/env bash
# How lint time and peak memory grow with input size: generated worst cases, one process per run
# (crates/core/examples/scale.rs). Each case runs SCALE_RUNS times (default 9); prints the line of
# the median run, then the fastest and slowest times. Usage: scripts/scale.sh [CASE...]
#
#   scale runs-5000: 232834 bytes, lint 48.1 ms, peak RSS 62.5 MB, 0 findings, 0 errors (median of 9; 47.0-55.3 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
cargo build --release -q -p shipshape-core --example scale
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(lines-5000 lines-20000 runs-5000 runs-20000 stages-10000 compose-5000 keys-20000 keys-40000 preamble-40000 envchain-40000 bomb-6 bomb-9)
runs=${SCALE_RUNS:-9}
for c in "${cases[@]}"; do
  out=$(for _ in $(seq "$runs"); do
    timeout "${SCALE_TIMEOUT:-120}" "$CARGO_TARGET_DIR/release/examples/scale" "$c" || echo "scale $c: did not finish (exit $?)"
  done)
  if grep -q 'did not finish' <<<"$out"; then
    grep -m1 'did not finish' <<<"$out"
    continue
  fi
  # Sort the runs by their lint time (the field after "lint"); print the middle one.
  sort -t' ' -k6,6n <<<"$out" | awk -v n="$runs" '
    { line[NR] = $0; t[NR] = $6 }
    END { m = int((NR + 1) / 2); printf "%s (median of %d; %s-%s ms)\n", line[m], n, t[1], t[NR] }'
done
