#!/usr/bin/env bash
# Wall-time comparison on the real-world corpus, then the parser/linter throughput (divan).
#
#   (a) shipshape linting every corpus Dockerfile in one process (`shipshape lint --format json DIR`)
#   (b) hadolint linting the same files in one process (`hadolint -f json FILES...`)
#   (c) tally (pip `tally-cli`), if installed, on the same files minus the ones it refuses to parse
#       (tally aborts the whole run on the first file it cannot parse), with shipshape timed again on
#       exactly that subset. All three check RUN scripts for ShellCheck codes by default: hadolint
#       links ShellCheck, tally runs it as wasm, shipshape has native checks (since c949abb).
#   then `cargo bench -p shipshape-core --bench parse` and its MB/s.
#
# The corpus is $SHIPSHAPE_CORPUS, else ../shared/corpus beside the checkout. Its files are named
# like `owner+repo__path_Dockerfile`, which no tool recognises as a Dockerfile by name, so they are
# copied to a temp folder as `<name>.Dockerfile`: every tool then sees the same files.
#
# Knobs: BENCH_RUNS (shipshape, default 20), BENCH_SLOW_RUNS (hadolint, default 3),
# BENCH_TALLY_RUNS (default 1; one run takes minutes), BENCH_SKIP_TALLY=1,
# BENCH_SKIP_DIVAN=1, BENCH_SKIP_RULES=1 (no per-rule timing), BENCH_SKIP_MONOREPO=1 (no monorepo
# tree; BENCH_MONOREPO_DOCKERFILES / BENCH_MONOREPO_COMPOSE size it, default 10,000 / 1,000), BENCH_NO_BUILD=1 (time the binary already built), HADOLINT=/path,
# TALLY=/path (the Go binary, not the pip wrapper).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
. "$HERE/env.sh" # PATH for cargo, CARGO_TARGET_DIR (shared, outside the clone)

CORPUS=${SHIPSHAPE_CORPUS:-$(dirname "$0")/../../shared/corpus}
[ -d "$CORPUS/dockerfiles" ] || { echo "bench: no corpus at $CORPUS (set SHIPSHAPE_CORPUS)" >&2; exit 2; }
CORPUS=$(cd "$CORPUS" && pwd)
RUNS=${BENCH_RUNS:-20}
SLOW_RUNS=${BENCH_SLOW_RUNS:-3}
TALLY_RUNS=${BENCH_TALLY_RUNS:-1}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/shipshape-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

say() { printf '\n=== %s\n' "$*"; }
json_get() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# --- build --------------------------------------------------------------------------------------
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  say "cargo build --release -p shipshape-cli (CARGO_TARGET_DIR=$CARGO_TARGET_DIR)"
  (cd "$ROOT" && cargo build --release -p shipshape-cli)
fi
# A private copy: the target dir is shared, and a rebuild by someone else mid-run must not change
# the binary between the timings.
cp "$CARGO_TARGET_DIR/release/shipshape" "$WORK/shipshape"
SHIPSHAPE="$WORK/shipshape"

# --- tools --------------------------------------------------------------------------------------
# Resolve the real executables: pyenv shims and the pip wrapper of tally add process start-up cost.
if [ -z "${HADOLINT:-}" ]; then
  HADOLINT=$( (pyenv which hadolint || command -v hadolint) 2>/dev/null || true)
fi
if [ "${BENCH_SKIP_TALLY:-0}" = 1 ]; then
  TALLY=""
elif [ -z "${TALLY:-}" ] && command -v python3 >/dev/null; then
  TALLY=$(python3 - <<'EOF' 2>/dev/null || true
import os, platform
import tally_cli
arch = {"amd64": "x86_64", "aarch64": "arm64"}.get(platform.machine().lower(), platform.machine().lower())
exe = os.path.join(os.path.dirname(tally_cli.__file__), "bin", f"tally-{platform.system().lower()}-{arch}", "tally")
print(exe if os.path.isfile(exe) else "")
EOF
)
  [ -n "$TALLY" ] || TALLY=$(command -v tally || true)
fi
HAVE_HYPERFINE=0
command -v hyperfine >/dev/null && HAVE_HYPERFINE=1

# --- staging ------------------------------------------------------------------------------------
mkdir -p "$WORK/all"
n=0
for f in "$CORPUS"/dockerfiles/*; do
  [ -f "$f" ] || continue
  safe=$(basename "$f" | tr -c 'A-Za-z0-9._+\n-' '_')
  cp "$f" "$WORK/all/$safe.Dockerfile"
  n=$((n + 1))
done
FILES=("$WORK"/all/*.Dockerfile)
BYTES=$(cat "${FILES[@]}" | wc -c)
found=$("$SHIPSHAPE" lint --format json "$WORK/all" 2>/dev/null >"$WORK/s.json" || true; json_get "$WORK/s.json" 'len(d["files"])')
[ "$found" = "$n" ] || { echo "bench: shipshape found $found of $n files in the folder" >&2; exit 1; }

say "setup"
echo "corpus:    $CORPUS/dockerfiles ($n files, $BYTES bytes)"
echo "machine:   $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //')"
echo "shipshape: $CARGO_TARGET_DIR/release/shipshape (built $(date -r "$CARGO_TARGET_DIR/release/shipshape" '+%F %T'), timed as a copy)"
if [ -n "$HADOLINT" ]; then echo "hadolint:  $HADOLINT ($("$HADOLINT" --version 2>&1 | head -1))"; else echo "hadolint:  not found"; fi
if [ -n "${TALLY:-}" ]; then echo "tally:     $TALLY ($("$TALLY" version 2>&1 | head -1))"; else echo "tally:     not found (pip install tally-cli)"; fi
if [ "$HAVE_HYPERFINE" = 1 ]; then echo "timer:     $(hyperfine --version), mean of the runs"; else echo "timer:     bash, best of 3"; fi
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (other processes on the machine skew wall times; CPU times are shown too)"

# tally stops at the first file it cannot parse: drop such files one at a time (untimed; with every
# rule off, since parsing fails before the rules run). Its two error forms:
#   Error: failed to lint PATH: dockerfile parse error on line 45: unknown instruction: other
#   Error: PATH:1: Dockerfile has no stages to build; add a FROM instruction
TALLY_N=0 TALLY_DROPPED=()
if [ -n "${TALLY:-}" ]; then
  cp -r "$WORK/all" "$WORK/tally"
  for _ in $(seq 1 100); do
    rc=0
    "$TALLY" lint -f json --no-config --slow-checks off --ignore '*' "$WORK/tally" >/dev/null 2>"$WORK/tally.err" || rc=$?
    [ "$rc" -ge 2 ] || break
    bad=$(sed -n 's/^Error: \(failed to lint \)\{0,1\}\(.*\.Dockerfile\):.*/\2/p' "$WORK/tally.err" | head -1)
    if [ -z "$bad" ] || [ ! -f "$bad" ]; then
      echo "tally fails on the corpus and names no file; not timing it:"; head -3 "$WORK/tally.err"
      TALLY=""
      break
    fi
    TALLY_DROPPED+=("$(basename "$bad" .Dockerfile): $(sed -n 's/^Error: .*\.Dockerfile:[0-9: ]*//p' "$WORK/tally.err" | head -1)")
    rm "$bad"
  done
  TALLY_FILES=("$WORK"/tally/*.Dockerfile)
  TALLY_N=${#TALLY_FILES[@]}
  if [ -n "$TALLY" ]; then
    echo "tally refuses ${#TALLY_DROPPED[@]} file(s) (it aborts the whole run on them), timed on the other $TALLY_N:"
    for d in "${TALLY_DROPPED[@]}"; do echo "  - $d"; done
  fi
fi

# --- timing -------------------------------------------------------------------------------------
# time_cmd NAME RUNS WARMUP CMD...: prints "WALL CPU" in seconds (CPU = user + system; "-" without
# hyperfine); exit codes are ignored.
time_cmd() {
  local name=$1 runs=$2 warmup=$3
  shift 3
  if [ "$HAVE_HYPERFINE" = 1 ]; then
    # -N: no intermediate shell; output goes to /dev/null (hyperfine's default).
    hyperfine -N -i --style basic --warmup "$warmup" --runs "$runs" --export-json "$WORK/$name.json" \
      -n "$name" "$(printf '%q ' "$@")" >&2
    json_get "$WORK/$name.json" '"%.4f %.4f" % (d["results"][0]["mean"], d["results"][0]["user"] + d["results"][0]["system"])'
  else
    local best="" t0 t1 t
    for _ in 1 2 3; do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      t=$((t1 - t0))
      if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    # Shown as it goes (on stderr) and returned; not `tee /dev/stderr`, which reopens a log file
    # that stderr is redirected to and truncates it.
    local r
    r=$(echo "$best" | awk '{ printf "%.4f -\n", $1 / 1e9 }')
    echo "$r" >&2
    echo "$r"
  fi
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r >= 10 ? "%.0fx" : "%.1fx"), r }'; }
# ratios "WALL CPU" "WALL CPU": "248x (cpu 503x)"
ratios() {
  local a b
  read -r -a a <<<"$1"
  read -r -a b <<<"$2"
  if [ "${a[1]}" = - ]; then ratio "${a[0]}" "${b[0]}"; else echo "$(ratio "${a[0]}" "${b[0]}") (cpu $(ratio "${a[1]}" "${b[1]}"))"; fi
}
secs() { awk -v a="$1" 'BEGIN { printf (a < 1 ? "%.3f s" : "%.1f s"), a }'; }
# both "WALL CPU": "0.084 s (cpu 0.071 s)"
both() {
  set -- $1
  if [ "$2" = - ]; then secs "$1"; else echo "$(secs "$1") (cpu $(secs "$2"))"; fi
}

say "(a) shipshape lint --format json DIR ($n files)"
T_SHIP=$(time_cmd shipshape "$RUNS" 3 "$SHIPSHAPE" lint --format json "$WORK/all")


T_HADO=""
if [ -n "$HADOLINT" ]; then
  say "(b) hadolint -f json FILES... ($n files, $SLOW_RUNS runs)"
  T_HADO=$(time_cmd hadolint "$SLOW_RUNS" 0 "$HADOLINT" -f json "${FILES[@]}")
fi

T_TALLY="" T_SHIP_T=""
if [ -n "${TALLY:-}" ]; then
  say "(c) tally lint -f json --no-config --slow-checks off DIR ($TALLY_N files, $TALLY_RUNS run(s))"
  T_TALLY=$(time_cmd tally "$TALLY_RUNS" 0 "$TALLY" lint -f json --no-config --slow-checks off "$WORK/tally")
  say "(c') shipshape lint --format json DIR (tally's $TALLY_N files)"
  T_SHIP_T=$(time_cmd shipshape-tally-subset "$RUNS" 3 "$SHIPSHAPE" lint --format json "$WORK/tally")
fi

# --- divan --------------------------------------------------------------------------------------
PARSE_TP="" LINT_TP=""
# divan_mbs BENCH: the median throughput of BENCH (the line under its timings: fastest │ slowest │
# median │ mean, after the tree's own `│` for all but the last bench), converted to MB/s.
divan_mbs() {
  awk -v name="$1" '
    found { line = $0; sub(/^ *│/, "", line); split(line, c, "│"); v = c[3]; gsub(/^ +| +$/, "", v); split(v, p, " "); u = p[2]
            f = (u == "B/s") ? 1e-6 : (u == "KB/s") ? 1e-3 : (u == "MB/s") ? 1 : (u == "GB/s") ? 1e3 \
              : (u == "KiB/s") ? 1024 / 1e6 : (u == "MiB/s") ? 1048576 / 1e6 : (u == "GiB/s") ? 1073741824 / 1e6 : -1
            if (f > 0) printf (p[1] * f < 10 ? "%.2f" : "%.1f") " MB/s (divan median: %s)\n", p[1] * f, v; else print v; exit }
    $0 ~ ("[─ ]" name " ") { found = 1 }' "$WORK/divan.txt"
}
if [ "${BENCH_SKIP_DIVAN:-0}" != 1 ]; then
  say "cargo bench -p shipshape-core --bench parse"
  if (cd "$ROOT" && cargo bench -p shipshape-core --bench parse) >"$WORK/divan.txt" 2>"$WORK/divan.err"; then
    cat "$WORK/divan.txt"
    PARSE_TP=$(divan_mbs parse_1mb)
    LINT_TP=$(divan_mbs lint_1mb)
  else
    echo "cargo bench failed:"; tail -20 "$WORK/divan.err"
  fi
fi

if [ "${BENCH_SKIP_RULES:-0}" != 1 ]; then
  say "where shipshape's time goes (examples/rule_timing.rs: parse, RUN shell analysis, slowest rules)"
  (cd "$ROOT" && cargo run -q --release -p shipshape-core --example rule_timing -- "$WORK/all") \
    || echo "rule_timing failed"
fi

MONO=""
if [ "${BENCH_SKIP_MONOREPO:-0}" != 1 ]; then
  say "monorepo: ${BENCH_MONOREPO_DOCKERFILES:-10000} Dockerfiles and ${BENCH_MONOREPO_COMPOSE:-1000} compose files (scripts/monorepo.sh)"
  MONO=$(MONOREPO_NO_BUILD=1 "$HERE/monorepo.sh" "${BENCH_MONOREPO_DOCKERFILES:-10000}" "${BENCH_MONOREPO_COMPOSE:-1000}" | tail -1) \
    || MONO="monorepo: failed"
  echo "$MONO"
fi

# --- summary ------------------------------------------------------------------------------------
say "results: $n real-world Dockerfiles ($BYTES bytes), one process per tool: wall time (CPU user+sys)"
if [ -n "$T_HADO" ]; then
  echo "shipshape: $(both "$T_SHIP")  hadolint: $(both "$T_HADO")  ratio: $(ratios "$T_HADO" "$T_SHIP")"
else
  echo "shipshape: $(both "$T_SHIP")  hadolint: not installed"
fi
if [ -n "$T_TALLY" ]; then
  echo "shipshape: $(both "$T_SHIP_T")  tally: $(both "$T_TALLY")  ratio: $(ratios "$T_TALLY" "$T_SHIP_T")  (the $TALLY_N files tally accepts)"
fi
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [ -n "$PARSE_TP" ]; then echo "parse throughput (parse_1mb): $PARSE_TP"; fi
if [ -n "$LINT_TP" ]; then echo "lint throughput (lint_1mb):   $LINT_TP"; fi
if [ -n "$MONO" ]; then echo "$MONO"; fi
