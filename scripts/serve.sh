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
SETUP_FOR=serve bash scripts/setup.sh
bash scripts/build-dist.sh
exec python3 scripts/serve.py "$DIST_DIR" --bind "$ADDR" --port "$PORT"
