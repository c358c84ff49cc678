#!/usr/bin/env bash
# Fuzz every cargo-fuzz target (fuzz/fuzz_targets) for SECONDS_PER_TARGET seconds each, one after
# the other, and end with the line `fuzz: T targets, E executions, C crashes`.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default 60 s, every target)
#
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Not part of
# scripts/test.sh: a real run is minutes per target. Seeds: fuzz/seed.py copies fuzz/seeds/ and the
# external corpus ($SHIPSHAPE_CORPUS, else ../shared/corpus) into fuzz/corpus/ (ignored by git).
# The fuzz crate builds into its own fuzz/target (CARGO_TARGET_DIR is not used), without a
# sanitizer (the core is safe Rust; overflow checks and debug assertions stay on).
#
# A crash (panic, failed invariant, stack overflow, a unit slower than FUZZ_TIMEOUT seconds or
# over FUZZ_RSS_MB of memory) stops that target; its input is written to fuzz/artifacts/TARGET/.
# Minimise it with `cargo +nightly fuzz tmin -s none TARGET ARTIFACT`, then add it to
# crates/core/tests/hostile.rs. The stack is limited to FUZZ_STACK_KB (default 1024: what
# wasm32, where the page lints, gives), so deep recursion is found here, not in the browser.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(dockerfile compose workspace share hadolint_config check_directive fix)
export PATH="$HOME/.cargo/bin:$PATH"
unset CARGO_TARGET_DIR

python3 fuzz/seed.py || exit 2
(cd fuzz && cargo +nightly fuzz build -s none) || { echo "fuzz: build failed"; exit 2; }
bin_dir=fuzz/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release
log_dir=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-fuzz.XXXXXX")

total_execs=0 crashes=0
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  log="$log_dir/$t.log"
  start=$SECONDS
  (
    ulimit -s "${FUZZ_STACK_KB:-1024}"
    exec "$bin_dir/$t" "fuzz/corpus/$t" \
      -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$secs" -print_final_stats=1 \
      -max_len="${FUZZ_MAX_LEN:-65536}" -timeout="${FUZZ_TIMEOUT:-30}" \
      -rss_limit_mb="${FUZZ_RSS_MB:-2048}"
  ) >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  if [ "$rc" != 0 ]; then
    crashes=$((crashes + 1))
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    echo "fuzz $t: CRASH after $((SECONDS - start)) s, $execs executions (exit $rc): ${artifact:-no artifact}; log $log"
    grep -m3 -E "panicked|ERROR: libFuzzer|==ERROR|stack overflow|ALARM|out-of-memory" "$log" | sed 's/^/  /'
  else
    echo "fuzz $t: $((SECONDS - start)) s, $execs executions, corpus $(ls "fuzz/corpus/$t" | wc -l) inputs"
  fi
done
echo "fuzz: ${#targets[@]} targets, $total_execs executions, $crashes crashes"
[ "$crashes" = 0 ]
