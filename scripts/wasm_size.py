#!/usr/bin/env python3
"""What each part of a wasm module costs: its sections, and its code grouped by the crate (and,
for the crates named with --expand, the module) each function belongs to.

    wasm_size.py MODULE.wasm [--expand shipshape_core] [--top 25]

MODULE.wasm must keep its name section (`wasm-opt -g`, or wasm-bindgen's `--keep-debug`);
`scripts/size.sh` builds one alike to the page's wasm. A function belongs to the crate that
starts its demangled-enough name: `shipshape_core::lint::lint_on::h..` to `shipshape_core`,
`<yew::html::...CompStateInner<COMP> as ...>::view` to `yew` (a generic's copies count for the
crate that defines the generic: the page's own Yew views are compiled into yew's `view`).

Bytes are raw; the brotli column shares the whole code section's brotli size out in proportion
to each group's own brotli size (groups compressed apart compress worse than together, so only
the proportions are kept). Prints numbers; asserts nothing.
"""
import argparse
import collections
import re
import subprocess
import sys

SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
            6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data",
            12: "data count"}


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def name(b, i):
    n, i = leb(b, i)
    return b[i:i + n].decode("utf8", "replace"), i + n


def skip_limits(b, i):
    flags = b[i]
    _, i = leb(b, i + 1)
    if flags & 1:
        _, i = leb(b, i)
    return i


def brotli(blob):
    return len(subprocess.run(["brotli", "-q", "11", "-c"], input=blob,
                              capture_output=True, check=True).stdout)


def read(path):
    b = open(path, "rb").read()
    if b[:4] != b"\0asm":
        sys.exit(f"wasm_size: {path} is not a wasm module")
    i, sections = 8, []
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        sections.append((sid, j, size))
        i = j + size
    imported = 0
    bodies, names = [], {}
    for sid, off, size in sections:
        if sid == 2:
            n, j = leb(b, off)
            for _ in range(n):
                _, j = name(b, j)
                _, j = name(b, j)
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:
                    j = skip_limits(b, j + 1)
                elif kind == 2:
                    j = skip_limits(b, j)
                elif kind == 3:
                    j += 2
                else:
                    sys.exit(f"wasm_size: import kind {kind} unknown")
        elif sid == 10:
            n, j = leb(b, off)
            for _ in range(n):
                size_, k = leb(b, j)
                bodies.append(b[k:k + size_])
                j = k + size_
        elif sid == 0:
            title, j = name(b, off)
            if title != "name":
                continue
            end = off + size
            while j < end:
                sub = b[j]
                sub_size, j = leb(b, j + 1)
                if sub == 1:
                    n, k = leb(b, j)
                    for _ in range(n):
                        idx, k = leb(b, k)
                        names[idx], k = name(b, k)
                j += sub_size
    return b, sections, [(names.get(imported + n, "?"), body) for n, body in enumerate(bodies)]


def owner(fn_name, expand, depth):
    m = fn_name
    while m[:1] in "<&":
        m = m[1:].removeprefix("mut ").removeprefix("dyn ")
    parts = re.split(r"::|<| as |\[", m)
    crate = parts[0] or "?"
    if crate in expand:
        return "::".join(p for p in parts[:depth] if p)
    return crate


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("wasm")
    ap.add_argument("--expand", action="append", default=[],
                    help="a crate whose modules get a row each")
    ap.add_argument("--depth", type=int, default=3, help="path segments kept for --expand")
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    b, sections, funcs = read(args.wasm)
    named = sum(1 for n, _ in funcs if n != "?")
    if named * 2 < len(funcs):
        sys.exit("wasm_size: the module has no name section (build it with `wasm-opt -g`)")

    print("\n| section | bytes | brotli |\n|---|---:|---:|")
    for sid, off, size in sections:
        if sid == 0 and name(b, off)[0] in ("name", "producers", "target_features"):
            continue  # kept here for the names only; the page's wasm has none of these
        print(f"| {SECTIONS.get(sid, sid)} | {size:,} | {brotli(b[off:off + size]):,} |")

    groups = collections.defaultdict(list)
    for fn_name, body in funcs:
        groups[owner(fn_name, set(args.expand), args.depth)].append(body)
    code_br = brotli(b"".join(body for _, body in funcs))
    own = {g: brotli(b"".join(bodies)) for g, bodies in groups.items()}
    scale = code_br / sum(own.values())
    total = sum(len(body) for _, body in funcs)
    rows = sorted(groups, key=lambda g: -sum(map(len, groups[g])))
    print(f"\nCode by owner ({len(funcs):,} functions, {total:,} bytes, {code_br:,} brotli):\n")
    print("| owner | functions | bytes | share | ~brotli |\n|---|---:|---:|---:|---:|")
    shown = rows[:args.top]
    for g in shown:
        raw = sum(map(len, groups[g]))
        print(f"| {g} | {len(groups[g]):,} | {raw:,} | {100 * raw / total:.1f}% "
              f"| {round(own[g] * scale):,} |")
    rest = rows[args.top:]
    if rest:
        raw = sum(sum(map(len, groups[g])) for g in rest)
        n = sum(len(groups[g]) for g in rest)
        br = round(sum(own[g] for g in rest) * scale)
        print(f"| {len(rest)} others | {n:,} | {raw:,} | {100 * raw / total:.1f}% | {br:,} |")


if __name__ == "__main__":
    main()
