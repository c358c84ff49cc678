#!/usr/bin/env bash
# What the page's wasm is made of, and what the lint alone costs. Prints numbers; asserts nothing.
#
#   (a) the page's wasm (app_bg.wasm, built as scripts/build-dist.sh builds it) by section, and its
#       code by the crate each function comes from, the core's by module (scripts/wasm_size.py
#       reads the names wasm-opt -g keeps; the page's own wasm has them stripped, same code)
#   (b) the lint alone: the core's `lint_reusing` behind one wasm-bindgen export taking and giving
#       JSON, as the page's worker calls it, with the page's size settings (opt-level z, LTO,
#       wasm-opt -Oz) and none of the page: no Yew, no web-sys, no share links or diffs in the UI.
#       This is the floor of what any page that lints in the tab with these rules fetches.
#
# Needs scripts/setup.sh's tools (wasm-bindgen, wasm-opt, brotli). The lint-alone crate is
# generated under $CARGO_TARGET_DIR/size-probe and built there (offline, with this checkout's
# Cargo.lock), not in the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
. scripts/env.sh

WORK=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-size.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
opt_params=$(sed -n 's/.*data-trunk rel="rust".*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
br() { brotli -q 11 -c "$1" | wc -c; }
say() { printf '\n=== %s\n' "$*"; }

say "(a) the page's wasm"
cargo build --locked -q --profile wasm-release --target wasm32-unknown-unknown --bin app
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$WORK/app" --out-name app \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
# shellcheck disable=SC2086 # the parameters are words
wasm-opt -Oz $opt_params "$WORK/app/app_bg.wasm" -o "$WORK/app.wasm"
# shellcheck disable=SC2086
wasm-opt -Oz -g $opt_params "$WORK/app/app_bg.wasm" -o "$WORK/app-named.wasm"
page_raw=$(stat -c %s "$WORK/app.wasm")
page_br=$(br "$WORK/app.wasm")
echo "app_bg.wasm as the page fetches it: $page_raw bytes, $page_br brotli -q 11"
python3 scripts/wasm_size.py "$WORK/app-named.wasm" --expand shipshape_core --expand shipshape_web \
  --depth 2 --top "${SIZE_TOP:-30}"

say "(b) the lint alone"
probe=$CARGO_TARGET_DIR/size-probe
mkdir -p "$probe/crate/src"
cat > "$probe/crate/Cargo.toml.new" <<EOF
[package]
name = "shipshape-lint-alone"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
shipshape-core = { path = "$ROOT/crates/core", default-features = false }
serde_json = "1"
wasm-bindgen = "=$(wasm_bindgen_version "$ROOT")"

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"

[workspace]
EOF
cat > "$probe/crate/src/lib.rs.new" <<'EOF'
use wasm_bindgen::prelude::*;

/// `[[path, text], ...]` in, the report as JSON out: what the page's worker does per lint.
#[wasm_bindgen]
pub fn lint(files: &str) -> String {
    let files: Vec<(String, String)> = serde_json::from_str(files).unwrap_or_default();
    let mut ws = shipshape_core::Workspace::new();
    for (path, text) in files {
        ws.add(path, text);
    }
    thread_local! {
        static REUSE: std::cell::RefCell<shipshape_core::lint::Reuse> = Default::default();
    }
    let config = shipshape_core::Config::default();
    let report = REUSE.with(|r| shipshape_core::lint::lint_reusing(&ws, &config, &mut r.borrow_mut()));
    serde_json::to_string(&report).unwrap_or_default()
}
EOF
# Rewritten only when changed, so cargo's fingerprints keep the build warm.
for f in Cargo.toml src/lib.rs; do
  cmp -s "$probe/crate/$f.new" "$probe/crate/$f" || mv "$probe/crate/$f.new" "$probe/crate/$f"
  rm -f "$probe/crate/$f.new"
done
cmp -s Cargo.lock "$probe/crate/Cargo.lock" || cp Cargo.lock "$probe/crate/Cargo.lock"
(cd "$probe/crate" && CARGO_TARGET_DIR="$probe/target" \
  cargo build --offline -q --release --target wasm32-unknown-unknown)
wasm-bindgen --target web --no-typescript --out-dir "$WORK/alone" --out-name lint \
  "$probe/target/wasm32-unknown-unknown/release/shipshape_lint_alone.wasm"
# shellcheck disable=SC2086
wasm-opt -Oz $opt_params "$WORK/alone/lint_bg.wasm" -o "$WORK/alone.wasm"
alone_raw=$(stat -c %s "$WORK/alone.wasm")
alone_br=$(br "$WORK/alone.wasm")
js_br=$(br "$WORK/alone/lint.js")
echo "the lint alone: $alone_raw bytes, $alone_br brotli -q 11 (its JS glue: $js_br brotli)"
echo "the page's wasm beyond it: $((page_raw - alone_raw)) bytes, $((page_br - alone_br)) brotli"
