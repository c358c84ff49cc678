#!/usr/bin/env bash
# Parity of shipshape's dclint-compatible compose rules with dclint itself, on the compose corpus.
#
#   scripts/parity-compose.sh [--details N]
#
# Runs `dclint -r -f json` and `shipshape lint --format json` over every file in
# $SHIPSHAPE_CORPUS/compose*/ (default: ../shared/corpus next to the repository), matches findings by
# (file, line, dclint rule name) and prints, per rule: findings both tools report, dclint-only,
# shipshape-only, and the agreement both ways (both / dclint's total, both / ours). Then up to N
# (default 3) disagreements per rule, and the deliberate differences with one example each.
#
# The corpus file names do not look like compose files (and the CLI lints an explicitly named file
# of unknown kind as a Dockerfile), so each file is copied to <tmp>/<n>/compose.yaml; the report maps
# the numbers back to corpus names.
#
# Needs node and dclint installed outside the repository:
#   npm install --prefix "$HOME/.cache/shipshape-tools/dclint" dclint
# Environment: SHIPSHAPE_CORPUS, SHIPSHAPE_TOOLS (default ~/.cache/shipshape-tools), SHIPSHAPE_BIN
# (a built shipshape binary; default: build it with cargo --release into $CARGO_TARGET_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
details=3
if [ "${1:-}" = "--details" ]; then details=${2:?--details needs a number}; fi

corpus=${SHIPSHAPE_CORPUS:-$root/../shared/corpus}
tools=${SHIPSHAPE_TOOLS:-$HOME/.cache/shipshape-tools}
dclint=$tools/dclint/node_modules/dclint/bin/dclint.cjs
if [ ! -f "$dclint" ]; then
  echo "dclint not found at $dclint; install it with:" >&2
  echo "  npm install --prefix \"$tools/dclint\" dclint" >&2
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

tmp=$(mktemp -d "${TMPDIR:-/tmp}/parity-compose.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/files"
n=0
for f in "$corpus"/compose*/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  mkdir -p "$tmp/files/$n"
  cp "$f" "$tmp/files/$n/compose.yaml"
  printf '%s\t%s\n' "$n" "${f#"$corpus"/}" >>"$tmp/map.tsv"
done
echo "dclint $(node "$dclint" --version) vs $("$bin" --version) on $n corpus files"

(cd "$tmp/files" && node "$dclint" -r -f json . >"$tmp/dclint.json" 2>"$tmp/dclint.err") || true
(cd "$tmp/files" && "$bin" lint --format json --no-fail . >"$tmp/shipshape.json") || true

node - "$tmp" "$details" <<'JS'
const fs = require('fs');
const [tmp, details] = [process.argv[2], Number(process.argv[3])];
const names = new Map(fs.readFileSync(`${tmp}/map.tsv`, 'utf8').trim().split('\n').map((l) => l.split('\t')));
const fileNo = (p) => p.replace(/^\.\//, '').split('/')[0];
const text = (no) => fs.readFileSync(`${tmp}/files/${no}/compose.yaml`, 'utf8').split('\n');
const RULES = [
  'no-build-and-image', 'no-duplicate-container-names', 'no-duplicate-exported-ports', 'no-quotes-in-volumes',
  'no-unbound-port-interfaces', 'no-version-field', 'require-project-name-field', 'require-quotes-in-ports',
  'service-container-name-regex', 'service-dependencies-alphabetical-order', 'service-image-require-explicit-tag',
  'service-keys-order', 'service-ports-alphabetical-order', 'services-alphabetical-order', 'top-level-properties-order',
];
// Rules whose findings shipshape puts on the list entry and dclint on the list's key line.
const ON_LIST_KEY = { 'no-unbound-port-interfaces': 'ports', 'no-duplicate-exported-ports': 'ports' };

const dclint = JSON.parse(fs.readFileSync(`${tmp}/dclint.json`, 'utf8'));
const ours = JSON.parse(fs.readFileSync(`${tmp}/shipshape.json`, 'utf8'));

// Files one of the tools could not lint: dclint runs no rule on a file its schema check rejects.
const skipped = new Map();
for (const r of dclint) {
  for (const m of r.messages) {
    if (!RULES.includes(m.rule)) skipped.set(fileNo(r.filePath), `dclint: ${m.rule}`);
  }
}
for (const e of ours.errors) skipped.set(fileNo(e.file), `shipshape: ${e.message.split('\n')[0]}`);
const linted = new Set([...names.keys()].filter((n) => !skipped.has(n)));

// (file, rule) -> lines, as multisets.
const bag = () => new Map();
const add = (b, file, rule, line) => {
  const k = `${file}\t${rule}`;
  if (!b.has(k)) b.set(k, []);
  b.get(k).push(line);
};
// dclint's line quirks, undone before matching (each is counted and explained in the output):
// - `comment`: for a key whose value is a block list or mapping, dclint reports the line above the
//   value's first entry, which is a comment line when comments sit between the key and the value;
// - `flow`: for a value written in flow style or as an alias (`ports: ["80:80"]`, `image: *img`)
//   that is the line above the key;
// - `first-match`: top-level-properties-order reports the first line starting with the key at any
//   indentation (a service's `networks:` above the top-level one).
const FIXED_KEY = {
  'no-build-and-image': 'build', 'no-unbound-port-interfaces': 'ports', 'no-duplicate-exported-ports': 'ports',
  'service-ports-alphabetical-order': 'ports', 'service-dependencies-alphabetical-order': 'depends_on',
  'service-image-require-explicit-tag': 'image', 'service-container-name-regex': 'container_name',
  'no-duplicate-container-names': 'container_name',
};
const quirks = { comment: 0, flow: 0, 'first-match': 0 };
const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const dclintLine = (no, m) => {
  const lines = text(no);
  const isComment = (l) => /^\s*(#.*)?$/.test(lines[l - 1] ?? 'x');
  if (m.rule === 'top-level-properties-order') {
    const i = lines.findIndex((l) => new RegExp(`^${esc(m.data.key)}\\s*:`).test(l));
    if (i >= 0 && i + 1 !== m.line) {
      quirks['first-match']++;
      return i + 1;
    }
    return m.line;
  }
  if (m.rule === 'require-project-name-field') return m.line;
  let line = m.line;
  const key = m.rule === 'service-keys-order' ? m.data.key : m.rule === 'services-alphabetical-order' ? m.data.serviceName : FIXED_KEY[m.rule];
  if (key && new RegExp(`^\\s*['"]?${esc(key)}['"]?\\s*:\\s*[[{*&!]`).test(lines[line] ?? '')) {
    quirks.flow++;
    return line + 1;
  }
  if (isComment(line) && line > 1) {
    while (line > 1 && isComment(line)) line--;
    quirks.comment++;
  }
  return line;
};
const theirs = bag();
for (const r of dclint) {
  const no = fileNo(r.filePath);
  if (!linted.has(no)) continue;
  for (const m of r.messages) if (RULES.includes(m.rule)) add(theirs, no, m.rule, dclintLine(no, m));
}
const mine = bag();
for (const f of ours.findings) {
  const rule = f.aliases.find((a) => RULES.includes(a));
  const no = fileNo(f.file);
  if (!rule || !linted.has(no)) continue;
  let line = f.line;
  const key = ON_LIST_KEY[rule];
  if (key) {
    const lines = text(no);
    const re = new RegExp(`^\\s*${key}\\s*:`);
    for (let l = line; l >= 1; l--) if (re.test(lines[l - 1])) { line = l; break; }
  }
  add(mine, no, rule, line);
}

const stats = Object.fromEntries(RULES.map((r) => [r, { both: 0, dOnly: [], sOnly: [] }]));
for (const k of new Set([...theirs.keys(), ...mine.keys()])) {
  const [no, rule] = k.split('\t');
  const a = [...(theirs.get(k) || [])];
  const b = [...(mine.get(k) || [])];
  for (const l of [...a]) {
    const i = b.indexOf(l);
    if (i >= 0) {
      b.splice(i, 1);
      a.splice(a.indexOf(l), 1);
      stats[rule].both++;
    }
  }
  for (const l of a) stats[rule].dOnly.push([no, l]);
  for (const l of b) stats[rule].sOnly.push([no, l]);
}

const pct = (x, y) => (y === 0 ? '   -  ' : `${((100 * x) / y).toFixed(1).padStart(5)}%`);
const w = Math.max(...RULES.map((r) => r.length));
console.log(`\nfiles compared: ${linted.size} of ${names.size} (${skipped.size} skipped: a tool could not lint them)`);
console.log(`findings matched by (file, line, rule); ${Object.keys(ON_LIST_KEY).join(', ')}: shipshape's line of`);
console.log('the entry is mapped to the line of its `ports:` key, where dclint reports.');
console.log(`dclint line quirks undone: ${Object.entries(quirks).map(([k, v]) => `${k} ${v}`).join(', ')} (see the script)\n`);
console.log(`${'rule'.padEnd(w)}   both  dclint-only  shipshape-only  of-dclint  of-shipshape`);
const tot = { both: 0, d: 0, s: 0 };
for (const r of RULES) {
  const s = stats[r];
  tot.both += s.both;
  tot.d += s.dOnly.length;
  tot.s += s.sOnly.length;
  console.log(
    `${r.padEnd(w)} ${String(s.both).padStart(6)} ${String(s.dOnly.length).padStart(12)} ${String(s.sOnly.length).padStart(15)}` +
      `     ${pct(s.both, s.both + s.dOnly.length)}       ${pct(s.both, s.both + s.sOnly.length)}`,
  );
}
console.log(
  `${'TOTAL'.padEnd(w)} ${String(tot.both).padStart(6)} ${String(tot.d).padStart(12)} ${String(tot.s).padStart(15)}` +
    `     ${pct(tot.both, tot.both + tot.d)}       ${pct(tot.both, tot.both + tot.s)}`,
);

if (details > 0) {
  console.log('\ndisagreements (corpus file:line: text):');
  for (const r of RULES) {
    const show = (list, who) =>
      list.slice(0, details).forEach(([no, l]) => {
        console.log(`  ${r} [${who} only] ${names.get(no)}:${l}: ${(text(no)[l - 1] || '').trim().slice(0, 80)}`);
      });
    show(stats[r].dOnly, 'dclint');
    show(stats[r].sOnly, 'shipshape');
  }
  if (skipped.size) {
    console.log('\nskipped files:');
    for (const [no, why] of skipped) console.log(`  ${names.get(no)}: ${why.slice(0, 100)}`);
  }
}
JS

cat <<'EOF'

Deliberate differences (each is also in the rule's `shipshape explain` text):
- no-duplicate-exported-ports: an entry that publishes no host port ("9000", "127.0.0.1::9000": Docker
  picks a free one) never clashes; dclint reads "9000" as host port 9000. The same port on two specific
  addresses does not clash either. e.g. docker/compose's TestPortRange fixture, services b and c both
  with `ports: [80]`: dclint reports c, shipshape does not (the fixture runs fine).
- service-container-name-regex: names are checked after interpolation, and not at all when a variable
  has no value. e.g. `container_name: ${FIXED_NAME}`: dclint reports it, shipshape does not.
- service-image-require-explicit-tag: values are interpolated when every variable has a value or
  default, e.g. `image: jaegertracing/all-in-one:${JAEGER_VERSION:-latest}`: shipshape reports
  `latest`, dclint sees the tag `${JAEGER_VERSION`. And `image: *superset-image` is checked with the
  anchored value (`apache/superset:${TAG:-latest-dev}`, pinned enough); dclint does not resolve
  aliases and reports every one as an image without a tag.
- top-level-properties-order: `models` (Compose spec 2025) belongs after `services`; dclint 3.1 does
  not know it and reports it wherever it is. e.g. docker/compose's TestComposeModel fixture.
- no-quotes-in-volumes (line only): dclint reports a quoted entry on the first line of the file that
  contains its text, so the same quoted volume in two services is reported twice on the first one's
  line; shipshape reports each entry where it is.
- Lines (undone above before matching, see "dclint line quirks"): dclint reports a key whose value is
  a block collection on the line above the value's first entry (a comment line when comments sit in
  between), a key whose value is in flow style or an alias on the line above the key, and
  top-level-properties-order on the first line starting with the key at any indentation. shipshape
  reports the key itself.
EOF
