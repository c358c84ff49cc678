#!/usr/bin/env bash
# Sets up the tools (including trunk) and serves the playground at http://127.0.0.1:8080, rebuilding
# on change (refresh the tab to see it). With SKIP_TRUNK=1 it serves a release build of dist/ instead.
# ADDR and PORT override the address; extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/env.sh

bash scripts/setup.sh
ADDR=${ADDR:-127.0.0.1} PORT=${PORT:-8080}
if [ "${SKIP_TRUNK:-0}" != 1 ] && command -v trunk >/dev/null; then
  # trunk's own dist lives beside the shared target dir, not in the clone. trunk still rebuilds on
  # change, but its live-reload client is an inline script that the page's CSP (rightly) refuses:
  # refresh the tab to pick up a rebuild.
  exec trunk serve --address "$ADDR" --port "$PORT" --dist "$CARGO_TARGET_DIR/trunk-dist" \
    --no-autoreload "$@"
fi
bash scripts/build-dist.sh
echo "serving $DIST_DIR at http://$ADDR:$PORT" >&2
exec python3 -m http.server --bind "$ADDR" --directory "$DIST_DIR" "$PORT"
