#!/usr/bin/env bash
# Everything CI runs: setup (without trunk), fmt, clippy (native + wasm), native tests, the release
# wasm dist/, the wasm-bindgen-test browser tests in headless Chromium, and the e2e test of dist/.
# Every step runs even after a failure; the last line is always `N passed, M failed`
# (N/M summed from the test runners' "test result:" lines; a failed step with no failing test,
# e.g. clippy, counts as one failure), or `N passed, M failed, K skipped: no corpus` when K tests
# found no external corpus, and the exit status is non-zero if anything failed.
# A test that needs the corpus ($SHIPSHAPE_CORPUS, else ../shared/corpus) and does not find it
# returns early, which cargo counts as passed; it also appends `shipshape-skip: no corpus: <test>`
# to $SHIPSHAPE_SKIP_LOG, and each such line moves one test from passed to skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

LOG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-test.XXXXXX")
export SHIPSHAPE_SKIP_LOG="$LOG_DIR/skipped.log"
passed=0 failed=0 skipped=0 failed_steps=()
start=$SECONDS

# Tests skipped so far: lines in $SHIPSHAPE_SKIP_LOG.
skip_count() {
  if [ -f "$SHIPSHAPE_SKIP_LOG" ]; then grep -c '^shipshape-skip: ' "$SHIPSHAPE_SKIP_LOG" || true; else echo 0; fi
}

# step NAME CMD...: run CMD with its output shown and logged, then add up its test results.
step() {
  local name=$1; shift
  local log="$LOG_DIR/$name.log" t0=$SECONDS rc=0 p f k k0
  k0=$(skip_count)
  printf '\n=== %s: %s\n' "$name" "$*"
  "$@" 2>&1 | tee "$log" || rc=$?
  p=$(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
  f=$(sed -n 's/^test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed.*/\2/p' "$log" | awk '{s+=$1} END {print s+0}')
  if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  # A skipped test passed as far as cargo knows; count it as skipped only.
  k=$(($(skip_count) - k0))
  p=$((p - k))
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
  [ "$rc" = 0 ] || failed_steps+=("$name")
  printf '=== %s: exit %s, %s passed, %s failed%s, %ss\n' "$name" "$rc" "$p" "$f" \
    "$([ "$k" = 0 ] || echo ", $k skipped: no corpus")" "$((SECONDS - t0))"
  return "$rc"
}

summary() {
  printf '\n=== total %ss; logs in %s\n' "$((SECONDS - start))" "$LOG_DIR"
  if [ "${#failed_steps[@]}" -gt 0 ]; then echo "=== failed steps: ${failed_steps[*]}"; fi
  if [ "$skipped" -gt 0 ]; then
    echo "=== skipped for want of the corpus (set SHIPSHAPE_CORPUS): listed in $SHIPSHAPE_SKIP_LOG"
    echo "$passed passed, $failed failed, $skipped skipped: no corpus"
  else
    echo "$passed passed, $failed failed"
  fi
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
# Chromium started by chromedriver without a profile folder makes one (~75 MB) under $TMPDIR and
# leaves it there when the test runner ends the browser: tens of GB after a few hundred runs. The
# browser steps get a temporary folder of their own, removed when they are done.
BROWSER_TMP=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-browsers.XXXXXX")
step test-browser env TMPDIR="$BROWSER_TMP" cargo test --locked -p shipshape-web --target wasm32-unknown-unknown --tests || true
step e2e env TMPDIR="$BROWSER_TMP" cargo test --locked -p shipshape-e2e --tests || true
rm -rf "$BROWSER_TMP"

summary
[ "${#failed_steps[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
