#!/usr/bin/env bash
# Everything CI runs: setup (without trunk), fmt, clippy (native + wasm), native tests, the release
# wasm dist/, the wasm-bindgen-test browser tests in headless Chromium, and the e2e test of dist/.
# Every step runs even after a failure; the last line is always `N passed, M failed`
# (N/M summed from the test runners' "test result:" lines; a failed step with no failing test,
# e.g. clippy, counts as one failure) and the exit status is non-zero if anything failed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-test.XXXXXX")
passed=0 failed=0 failed_steps=()
start=$SECONDS

# step NAME CMD...: run CMD with its output shown and logged, then add up its test results.
step() {
  local name=$1; shift
  local log="$LOG_DIR/$name.log" t0=$SECONDS rc=0 p f
  printf '\n=== %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log" || rc=$?
  p=$(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  passed=$((passed + p)) failed=$((failed + f))
  [ "$rc" = 0 ] || failed_steps+=("$name")
  printf '=== %s: exit %s, %s passed, %s failed, %ss\n' "$name" "$rc" "$p" "$f" "$((SECONDS - t0))"
  return "$rc"
}

summary() {
  printf '\n=== total %ss; logs in %s\n' "$((SECONDS - start))" "$LOG_DIR"
  if [ "${#failed_steps[@]}" -gt 0 ]; then echo "=== failed steps: ${failed_steps[*]}"; fi
  echo "$passed passed, $failed failed"
}

if ! step setup env SKIP_TRUNK=1 bash scripts/setup.sh; then
  summary
  exit 1
fi
step fmt cargo fmt --all --check || true
step clippy cargo clippy --workspace --all-targets --locked -- -D warnings || true
step clippy-wasm cargo clippy -p shipshape-web --target wasm32-unknown-unknown --all-targets --locked -- -D warnings || true
# The e2e crate drives the release dist/, so it runs after build-dist, not with the unit tests.
step test cargo test --workspace --exclude shipshape-e2e --locked || true
step build-dist bash scripts/build-dist.sh || true
step test-browser cargo test --locked -p shipshape-web --target wasm32-unknown-unknown --tests || true
step e2e cargo test --locked -p shipshape-e2e --tests || true

summary
[ "${#failed_steps[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
