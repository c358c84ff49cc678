#!/usr/bin/env python3
"""Agreement of shipshape with the reference tools' own rule tests.

    scripts/spec_agreement.py hadolint HADOLINT_CHECKOUT [--bin SHIPSHAPE] [--details N]

Reads hadolint's rule specifications (test/Hadolint/Rule/DL*Spec.hs of a hadolint checkout) at run
time, takes every `ruleCatches` / `ruleCatchesNot` / `onBuildRuleCatches` / `onBuildRuleCatchesNot`
case whose Dockerfile is written out literally (a string, or `Text.unlines` of a list of strings),
lints each one with shipshape (every rule on, the case's hadolint configuration translated to
flags) and counts the cases where shipshape agrees: the code is reported when the spec expects it,
and not when it does not. A finding counts for a code when the rule's id or one of its aliases is
that code. Nothing of the checkout is copied; the cases are read from it each run.

    scripts/spec_agreement.py buildkit BUILDKIT_CHECKOUT [--bin SHIPSHAPE] [--details N]

Does the same for BuildKit's check tests (frontend/dockerfile/dockerfile_check_test.go): each
`checkLinterWarnings` case (its Dockerfile and .dockerignore; cases that pass build options are
left out) is linted, and every expected (RuleName, line) must be reported by the rule with that
alias on that line; findings of BuildKit's rules the case does not expect count as unexpected.

Prints the totals and, per code, the disagreements (up to N examples each).
"""

import json
import os
import re
import subprocess
import sys
import tempfile

HELPERS = ("onBuildRuleCatchesNot", "onBuildRuleCatches", "ruleCatchesNot", "ruleCatches")


def hs_tokens(src):
    """Haskell tokens that matter here: string literals, identifiers, brackets and a few symbols."""
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("--", i) and (i + 2 >= n or src[i + 2] in "- \t\n"):
            j = src.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == '"':
            i += 1
            out = []
            while i < n and src[i] != '"':
                if src[i] == "\\":
                    i += 1
                    e = src[i]
                    if e.isspace():  # string gap: \   \
                        j = src.find("\\", i)
                        i = j + 1
                        continue
                    out.append({"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "&": ""}.get(e, "\\" + e))
                    i += 1
                else:
                    out.append(src[i])
                    i += 1
            i += 1
            yield ("str", "".join(out))
            continue
        if c.isalpha() or c == "_":
            j = i
            while j < n and (src[j].isalnum() or src[j] in "_'."):
                j += 1
            yield ("id", src[i:j].rstrip("."))
            i = j
            continue
        if c in "[](),$=":
            yield ("sym", c)
        elif src.startswith("<>", i):
            yield ("sym", "<>")
            i += 1
        i += 1


def parse_list(toks, k):
    """A list literal of strings starting at toks[k] == '['; returns (strings, next index)."""
    items, k = [], k + 1
    while k < len(toks) and toks[k] != ("sym", "]"):
        if toks[k][0] == "str":
            items.append(toks[k][1])
        elif toks[k] != ("sym", ","):
            return None, k
        k += 1
    return items, k + 1


def parse_text(toks, k, lets):
    """A Dockerfile text expression at toks[k]: "literal" ("<>" "literal")*, Text.unlines [..] / name,
    a let-bound name; with optional `$` and parentheses. Returns the text or None."""
    while k < len(toks) and toks[k] in (("sym", "$"), ("sym", "(")):
        k += 1
    if k >= len(toks):
        return None
    kind, val = toks[k]
    if kind == "str":
        s = val
        while k + 2 < len(toks) and toks[k + 1] == ("sym", "<>") and toks[k + 2][0] == "str":
            s += toks[k + 2][1]
            k += 2
        return s
    if kind == "id" and val in ("Text.unlines", "unlines", "T.unlines"):
        k += 1
        while k < len(toks) and toks[k] in (("sym", "$"), ("sym", "(")):
            k += 1
        if k < len(toks) and toks[k] == ("sym", "["):
            items, _ = parse_list(toks, k)
            return None if items is None else "".join(x + "\n" for x in items)
        if k < len(toks) and toks[k][0] == "id" and toks[k][1] in lets:
            v = lets[toks[k][1]]
            return "".join(x + "\n" for x in v) if isinstance(v, list) else None
        return None
    if kind == "id" and val in lets:
        v = lets[val]
        return v if isinstance(v, str) else None
    return None


def hadolint_cases(checkout):
    rule_dir = os.path.join(checkout, "test", "Hadolint", "Rule")
    cases = []
    for name in sorted(os.listdir(rule_dir)):
        if not re.match(r"DL\d+Spec\.hs$", name):
            continue
        src = open(os.path.join(rule_dir, name), encoding="utf-8").read()
        toks = list(hs_tokens(src))
        lets, config, skipped = {}, None, 0
        k = 0
        while k < len(toks):
            kind, val = toks[k]
            # `?config = def { allowedRegistries = [...] }` / `labelSchema = Map.fromList [("k", T)]`
            if kind == "id" and val == "allowedRegistries" and toks[k + 1] == ("sym", "="):
                items, _ = parse_list(toks, k + 2)
                config = ("registries", items or [])
            if kind == "id" and val == "strictLabels" and toks[k + 1] == ("sym", "="):
                config = (config or ("labels", []))
                config = (config[0], config[1], True) if len(config) == 2 else config
            if kind == "id" and val == "labelSchema" and toks[k + 1] == ("sym", "="):
                j = k + 2
                pairs = []
                while j < len(toks) and toks[j] != ("sym", "}"):
                    if toks[j][0] == "str" and j + 2 < len(toks) and toks[j + 2][0] == "id":
                        pairs.append((toks[j][1], toks[j + 2][1].split(".")[-1]))
                    if toks[j] == ("id", "in") or (toks[j][0] == "id" and toks[j][1] == "describe"):
                        break
                    j += 1
                config = ("labels", pairs)
            # `name = [ "...", ... ]` or `name = Text.unlines [...]` or `name = "..."`
            if kind == "id" and k + 1 < len(toks) and toks[k + 1] == ("sym", "=") and val not in (
                "allowedRegistries",
                "labelSchema",
            ):
                if k + 2 < len(toks) and toks[k + 2] == ("sym", "["):
                    items, _ = parse_list(toks, k + 2)
                    if items is not None:
                        lets[val] = items
                else:
                    t = parse_text(toks, k + 2, lets)
                    if t is not None:
                        lets[val] = t
            code_tok = toks[k + 1] if k + 1 < len(toks) else ("", "")
            if code_tok[0] == "id" and isinstance(lets.get(code_tok[1]), str):
                code_tok = ("str", lets[code_tok[1]])
            if kind == "id" and val in HELPERS and code_tok[0] == "str":
                code = code_tok[1]
                text = parse_text(toks, k + 2, lets)
                if text is None:
                    skipped += 1
                else:
                    onbuild = val.startswith("onBuild")
                    if onbuild:
                        text = re.sub(r"(?m)^(\s*)RUN\b", r"\1ONBUILD RUN", text)
                    cases.append(
                        {
                            "code": code,
                            "expect": not val.endswith("Not"),
                            "text": text + "\n",
                            "config": config,
                            "where": f"{name}:{src.count(chr(10), 0, 0)}",
                            "helper": val,
                        }
                    )
                k += 2
                continue
            k += 1
        if skipped:
            print(f"note: {name}: {skipped} case(s) not written out literally, left out", file=sys.stderr)
    return cases


def config_flags(config):
    if not config:
        return []
    kind, items = config[0], config[1]
    flags = ["--strict-labels"] if len(config) > 2 else []
    if kind == "registries":
        for r in items:
            flags += ["--trusted-registry", r]
    elif kind == "labels":
        types = {"RawText": "text", "Url": "url", "Rfc3339": "rfc3339", "Spdx": "spdx", "GitHash": "hash",
                 "SemVer": "semver", "Email": "email"}
        for key, t in items:
            flags += ["--require-label", f"{key}:{types.get(t, t.lower())}"]
    return flags


def lint(binary, cases, flags_of, strict=True):
    """Lint every case; returns per case the set of codes reported (ids and aliases) with lines."""
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault(tuple(flags_of(c)), []).append(i)
    found = [dict() for _ in cases]
    with tempfile.TemporaryDirectory() as tmp:
        for flags, idxs in groups.items():
            paths = []
            for i in idxs:
                d = os.path.join(tmp, str(i))
                os.mkdir(d)
                p = os.path.join(d, "Dockerfile")
                open(p, "w", encoding="utf-8").write(cases[i]["text"])
                if cases[i].get("ignore") is not None:
                    open(os.path.join(d, ".dockerignore"), "w", encoding="utf-8").write(cases[i]["ignore"])
                paths.append(d)
            for start in range(0, len(paths), 300):
                out = subprocess.run(
                    [binary, "lint", "--format", "json", "--no-fail", *(["--preset", "strict"] if strict else []), *flags, *paths[start:start + 300]],
                    capture_output=True, text=True, check=False,
                ).stdout
                for f in json.loads(out)["findings"]:
                    i = int(os.path.basename(os.path.dirname(f["file"])))
                    for code in [f["rule"], *f.get("aliases", [])]:
                        found[i].setdefault(code, set()).add(f["line"])
    return found


def report(cases, agree, details):
    total = len(cases)
    ok = sum(agree)
    print(f"{ok} of {total} cases agree ({100.0 * ok / max(total, 1):.1f}%), {total - ok} differ")
    per = {}
    for c, a in zip(cases, agree):
        per.setdefault(c["code"], []).append((c, a))
    for code in sorted(per):
        bad = [c for c, a in per[code] if not a]
        if bad:
            print(f"  {code}: {len(bad)} of {len(per[code])} differ")
            for c in bad[:details]:
                want = "expected" if c["expect"] else "not expected"
                print(f"    [{want}, {c['helper']}] {c['text'].strip()!r}"[:220])


def buildkit_cases(checkout):
    """Each `checkLinterWarnings(t, sb, &lintTestParams{...})` call with the Dockerfile and
    .dockerignore in effect at that point (set inline or by an earlier `dockerfile = []byte(...)`)."""
    path = os.path.join(checkout, "frontend", "dockerfile", "dockerfile_check_test.go")
    src = open(path, encoding="utf-8").read()
    cases = []
    var = {"dockerfile": None, "dockerignore": None}
    # `dockerfile := []byte(`...`)`, or `fmt.Appendf(nil, `...`, args)` with an image for each %s
    assign = re.compile(r"(?m)^\s*(dockerfile|dockerignore)\s*:?=\s*(?:\[\]byte\(|fmt\.Appendf\(nil,\s*)`(.*?)`", re.S)
    call = re.compile(r"checkLinterWarnings\(t, sb, &lintTestParams\{")
    pos = 0
    while True:
        a = assign.search(src, pos)
        c = call.search(src, pos)
        if c is None:
            break
        if a is not None and a.start() < c.start():
            var[a.group(1)] = a.group(2).replace("%s", "busybox")
            pos = a.end()
            continue
        if "\nfunc " in src[pos:c.start()]:
            var = {"dockerfile": None, "dockerignore": None}
        # the literal: up to the matching closing brace
        depth, i = 1, c.end()
        while depth and i < len(src):
            if src[i] == "`":
                i = src.index("`", i + 1)
            elif src[i] == "{":
                depth += 1
            elif src[i] == "}":
                depth -= 1
            i += 1
        body = src[c.end():i]
        pos = i
        text = var["dockerfile"]
        m = re.search(r"Dockerfile:\s*\[\]byte\(`(.*?)`\)", body, re.S)
        if m:
            text = m.group(1)
        ignore = var["dockerignore"]
        m = re.search(r"DockerIgnore:\s*\[\]byte\(`(.*?)`\)", body, re.S)
        if m:
            ignore = m.group(1)
        elif re.search(r"DockerIgnore:\s*dockerignore", body):
            ignore = var["dockerignore"]
        elif "DockerIgnore" not in body:
            ignore = None
        if text is None:
            continue
        # Warnings are expected; UnmarshalWarnings (of stages a build does not reach, with lines
        # counted their own way) only make their rules' findings not unexpected.
        warns = []
        main, _, unmarshal = body.partition("UnmarshalWarnings")
        for w in re.finditer(r"RuleName:\s*\"(\w+)\"(.*?)Line:\s*(\d+)", main, re.S):
            warns.append((w.group(1), int(w.group(3))))
        allowed = set(re.findall(r'RuleName:\s*"(\w+)"', unmarshal))
        # a test-local helper building a warning of the rule named last above it
        for w in re.finditer(r"makeLintWarning\(\"\w+\",\s*(\d+)\)", body):
            rule = re.findall(r'RuleName:\s*"(\w+)"', src[:c.start()])[-1]
            warns.append((rule, int(w.group(1))))
        cases.append({"text": text, "ignore": ignore, "warnings": warns,
                      "special": "FrontendAttrs" in body, "allowed": allowed,
                      "where": f"dockerfile_check_test.go:{src.count(chr(10), 0, c.start()) + 1}"})
    return cases


def main():
    args = sys.argv[1:]
    if len(args) < 2 or args[0] not in ("hadolint", "buildkit"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    which, checkout = args[0], args[1]
    binary, details = "shipshape", 3
    if "--bin" in args:
        binary = args[args.index("--bin") + 1]
    if "--details" in args:
        details = int(args[args.index("--details") + 1])
    if which == "hadolint":
        cases = hadolint_cases(checkout)
        found = lint(binary, cases, lambda c: config_flags(c["config"]))
        agree = [(c["code"] in f) == c["expect"] for c, f in zip(cases, found)]
        report(cases, agree, details)
    else:
        cases = [c for c in buildkit_cases(checkout) if not c["special"]]
        ruleset = open(os.path.join(checkout, "frontend", "dockerfile", "linter", "ruleset.go"), encoding="utf-8").read()
        bk_names = set(re.findall(r'Name:\s*"(\w+)"', ruleset))
        found = lint(binary, cases, lambda c: [], strict=False)
        expected = reproduced = unexpected = 0
        misses, extras = {}, {}
        for c, f in zip(cases, found):
            want = {}
            for name, line in c["warnings"]:
                want.setdefault(name, []).append(line)
                expected += 1
                if name in f and (line is None or line in f[name]):
                    reproduced += 1
                else:
                    misses.setdefault(name, []).append((c, line))
            for name, lines in f.items():
                if name in bk_names and name not in want and name not in c["allowed"]:
                    unexpected += len(lines)
                    extras.setdefault(name, []).append((c, sorted(lines)))
        print(f"{reproduced} of {expected} expected BuildKit warnings reproduced; {unexpected} unexpected")
        for title, table in (("missed", misses), ("unexpected", extras)):
            for name in sorted(table):
                print(f"  {title} {name}: {len(table[name])}")
                for c, line in table[name][:details]:
                    print(f"    line {line} {c['where']}: {c['text'].strip()!r}"[:240])


if __name__ == "__main__":
    main()
