#!/usr/bin/env bash
# Serves the playground at http://127.0.0.1:8080.
#
#   ./scripts/serve.sh           set up what a build needs (no trunk), build the release dist/ as the
#                                tests do (scripts/build-dist.sh: cargo + wasm-bindgen + wasm-opt) and
#                                serve it with scripts/serve.py (correct MIME types, no-cache)
#   ./scripts/serve.sh --watch   also install trunk (once, ~8 min) and rebuild on every save; refresh
#                                the tab to see a rebuild (trunk's live-reload client is an inline
#                                script, which the page's CSP refuses). Extra arguments go to `trunk serve`.
#
# ADDR and PORT override the address.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

ADDR=${ADDR:-127.0.0.1} PORT=${PORT:-8080}
if [ "${1:-}" = --watch ]; then
  shift
  WITH_TRUNK=1 bash scripts/setup.sh
  # trunk's own dist lives beside the shared target dir, not in the clone.
  exec trunk serve --address "$ADDR" --port "$PORT" --dist "$CARGO_TARGET_DIR/trunk-dist" \
    --no-autoreload "$@"
fi
if [ $# -gt 0 ]; then
  echo "serve.sh: unknown argument $1 (only --watch, then trunk's own arguments)" >&2
  exit 2
fi

# On a fresh machine the tools (wasm-bindgen-cli is a ~4 min cargo build) and the app are both
# long builds; the app's last minutes (link-time optimisation of one codegen unit) use one core, so
# they run side by side. The wasm32 target comes first: the app's build needs it.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
SETUP_FOR=serve bash scripts/setup.sh &
setup=$!
app=0
cargo build --locked --profile wasm-release --target wasm32-unknown-unknown --bin app || app=$?
wait "$setup" || { echo "serve.sh: setup failed" >&2; exit 1; }
[ "$app" = 0 ] || { echo "serve.sh: building the app failed" >&2; exit "$app"; }
bash scripts/build-dist.sh
exec python3 scripts/serve.py "$DIST_DIR" --bind "$ADDR" --port "$PORT"
