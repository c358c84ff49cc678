#!/usr/bin/env bash
# How lint time and peak memory grow with input size: generated worst cases, one process each
# (crates/core/examples/scale.rs). Prints one line per case. Usage: scripts/scale.sh [CASE...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh
cargo build --release -q -p shipshape-core --example scale
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(lines-5000 lines-20000 runs-5000 runs-20000 stages-2000 bomb-6 bomb-9)
for c in "${cases[@]}"; do
  timeout "${SCALE_TIMEOUT:-120}" "$CARGO_TARGET_DIR/release/examples/scale" "$c" || echo "scale $c: did not finish (exit $?)"
done
