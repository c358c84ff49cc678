#!/usr/bin/env bash
# The monorepo bench: a generated tree of DOCKERFILES Dockerfiles and COMPOSE compose files
# (default 10,000 and 1,000; scripts/monorepo.py says how it is shaped), linted by the release CLI in
# one process. Prints files/s and peak RSS:
#
#   scripts/monorepo.sh [DOCKERFILES] [COMPOSE]
#   monorepo: 11000 files (10000 Dockerfiles, 1000 compose) in 4.79 s = 2298 files/s, peak RSS 283 MB, 152126 findings
#
# Dockerfile texts come from the corpus ($SHIPSHAPE_CORPUS, else ../shared/corpus) when it is
# there, else from built-in templates. MONOREPO_NO_BUILD=1 times the binary already built.
# MONOREPO_FORMATS="sarif gitlab ..." also times the lint with those output formats (to /dev/null):
#
#   monorepo --format sarif: 4.68 s, peak RSS 275 MB
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/env.sh"
n_df=${1:-10000}
n_compose=${2:-1000}
CORPUS=${SHIPSHAPE_CORPUS:-$ROOT/../shared/corpus}
[ -d "$CORPUS/dockerfiles" ] || CORPUS=""
if [ "${MONOREPO_NO_BUILD:-0}" != 1 ]; then
  (cd "$ROOT" && cargo build --release -q -p shipshape-cli)
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-monorepo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cp "$CARGO_TARGET_DIR/release/shipshape" "$WORK/shipshape"
python3 "$HERE/monorepo.py" "$WORK/tree" "$n_df" "$n_compose" "$CORPUS"
python3 - "$WORK/shipshape" "$WORK/tree" "$n_df" "$n_compose" <<'PY'
import json, resource, subprocess, sys, time
binary, tree = sys.argv[1], sys.argv[2]
t = time.monotonic()
p = subprocess.run([binary, "lint", "--format", "json", tree], capture_output=True)
secs = time.monotonic() - t
if p.returncode > 1:
    sys.exit(f"monorepo: shipshape exited {p.returncode}: {p.stderr[:500].decode(errors='replace')}")
rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
d = json.loads(p.stdout)
files = len(d["files"])
print(f"monorepo: {files} files ({sys.argv[3]} Dockerfiles, {sys.argv[4]} compose) in {secs:.2f} s = "
      f"{files / max(secs, 1e-9):.0f} files/s, peak RSS {rss_mb:.0f} MB, {len(d['findings'])} findings")
PY
# Each format in a process of its own, timed from a small Python process (a child's peak RSS
# counts the memory of the process it was forked from, so not from the one that read the JSON).
[ -n "${MONOREPO_FORMATS:-}" ] || exit 0
python3 - "$WORK/shipshape" "$WORK/tree" $MONOREPO_FORMATS <<'PY'
import os, subprocess, sys, time
binary, tree = sys.argv[1], sys.argv[2]
for fmt in sys.argv[3:]:
    t = time.monotonic()
    with open(os.devnull, "wb") as null:
        child = subprocess.Popen([binary, "lint", "--format", fmt, tree], stdout=null, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
    secs = time.monotonic() - t
    code = os.waitstatus_to_exitcode(status)
    if code > 1:
        sys.exit(f"monorepo: shipshape --format {fmt} exited {code}")
    print(f"monorepo --format {fmt}: {secs:.2f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MB")
PY
