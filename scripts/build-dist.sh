#!/usr/bin/env bash
# Builds the release playground into $DIST_DIR without trunk: cargo + wasm-bindgen + wasm-opt -Oz,
# then index.html (minus trunk's directives), boot.js, static/ and rule-docs.json. Same output trunk
# would give.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

cargo build --locked --profile wasm-release --target wasm32-unknown-unknown --bin app
rm -rf "$DIST_DIR"
mkdir -p "$DIST_DIR"
wasm-bindgen --target web --no-typescript --out-dir "$DIST_DIR" --out-name app \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/app.wasm"
# wasm-opt's extra parameters are trunk's, from index.html (data-wasm-opt-params):
# --low-memory-unused lets it assume the lowest 1 KiB of memory is never addressed (Rust's stack
# comes first and grows down to it only when it overflows; data starts at 1 MiB), so it can fold more
# address arithmetic into loads and stores: about 1% smaller.
opt_params=$(sed -n 's/.*data-trunk rel="rust".*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html)
# shellcheck disable=SC2086 # the parameters are words
wasm-opt -Oz $opt_params "$DIST_DIR/app_bg.wasm" -o "$DIST_DIR/app_bg.wasm"
# Lines carrying data-trunk are trunk's build directives; everything else is plain HTML.
grep -v 'data-trunk' index.html > "$DIST_DIR/index.html"
# trunk's copy-file directives (boot.js, static/sw.js): each file goes to the dist root.
sed -n 's/.*data-trunk rel="copy-file" href="\([^"]*\)".*/\1/p' index.html | while read -r f; do cp "$f" "$DIST_DIR/"; done
cp -r static "$DIST_DIR/"
# The rules' documentation, which the page fetches when first needed (its wasm is built without it):
# written from the rule files by a native build of the core (src/app/docs.rs, static/sw.js).
cargo run --locked -q -p shipshape-core --example rule_docs > "$DIST_DIR/rule-docs.json"
echo "dist: $DIST_DIR" >&2
