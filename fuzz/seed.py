#!/usr/bin/env python3
"""Seed the fuzz corpora: copy fuzz/seeds/<target>/ (small hand-written seeds, committed) and
seeds made from the external corpus (../shared/corpus, or $SHIPSHAPE_CORPUS) into
fuzz/corpus/<target>/. Nothing from the external corpus is committed: corpus/ is ignored by git.
Existing corpus files are kept (libFuzzer adds what it finds), so re-running only adds seeds.

Usage: fuzz/seed.py [CORPUS_DIR]"""

import base64
import hashlib
import json
import os
import sys
import zlib
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ["dockerfile", "compose", "workspace", "share", "hadolint_config", "check_directive", "fix"]
# libFuzzer runs with -max_len; longer seeds would only be cut.
MAX_SEED = 64 * 1024


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    data = data[:MAX_SEED]
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, "seed-" + hashlib.sha1(data).hexdigest())
    if not os.path.exists(p):
        with open(p, "wb") as f:
            f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def link(files):
    """A share fragment as `share::encode` makes it: version 1, raw deflate of the JSON, base64url."""
    payload = json.dumps({"f": [{"p": p, "t": t} for p, t in files]}, separators=(",", ":"))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    blob = bytes([1]) + c.compress(payload.encode()) + c.flush()
    return base64.urlsafe_b64encode(blob).decode().rstrip("="), payload


def hand_written():
    for t in TARGETS:
        d = os.path.join(HERE, "seeds", t)
        if os.path.isdir(d):
            for name in sorted(os.listdir(d)):
                put(t, read(os.path.join(d, name)))
    # The hand-written workspaces are also fix inputs and links.
    d = os.path.join(HERE, "seeds", "workspace")
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        text = read(os.path.join(d, name)).decode("utf-8", "replace")
        put("fix", text)
        files, path = [], None
        for line in text.splitlines(keepends=True):
            if line.startswith("=== "):
                path = line[4:].strip()
                files.append([path, ""])
            elif files:
                files[-1][1] += line
        frag, payload = link(files)
        put("share", b"\x00" + frag.encode())
        put("share", b"\x02" + payload.encode())


def from_corpus(root):
    sources = []  # (corpus file, repository, original path)
    for tsv in ("SOURCES.tsv", "SOURCES-wild.tsv"):
        p = os.path.join(root, tsv)
        if not os.path.exists(p):
            continue
        for line in open(p, encoding="utf-8").read().splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) >= 3 and os.path.exists(os.path.join(root, cols[0])):
                sources.append((os.path.join(root, cols[0]), cols[1], cols[2]))
    dockerfiles, composes = [], []
    for d in ("dockerfiles", "dockerfiles-wild", "edge"):
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            dockerfiles += [os.path.join(dirpath, n) for n in sorted(names) if not n.endswith(".expect")]
    for dirpath, _, names in os.walk(os.path.join(root, "buildkit-parser")):
        dockerfiles += [os.path.join(dirpath, n) for n in sorted(names) if n == "Dockerfile"]
    for d in ("compose", "compose-wild"):
        for dirpath, _, names in os.walk(os.path.join(root, d)):
            composes += [os.path.join(dirpath, n) for n in sorted(names)]
    for p in dockerfiles:
        text = read(p)
        put("dockerfile", text)
        put("fix", text)
        for line in text.decode("utf-8", "replace").splitlines():
            if line.lstrip("# ").lower().startswith("check="):
                put("check_directive", line.split("=", 1)[1])
    for p in composes:
        text = read(p)
        put("compose", text)
        put("hadolint_config", text)
        put("fix", b"=== compose.yaml\n" + text)
    # Workspaces: each compose file with the Dockerfiles of its repository under its folder.
    by_repo = defaultdict(list)
    for path, repo, orig in sources:
        by_repo[repo].append((orig, path))
    for repo, files in sorted(by_repo.items()):
        for orig, path in files:
            name = os.path.basename(orig).lower()
            if not (name.endswith((".yml", ".yaml")) and ("compose" in name)):
                continue
            folder = os.path.dirname(orig)
            members = [(orig, path)] + [
                (o, p) for o, p in files
                if "dockerfile" in os.path.basename(o).lower()
                and (folder == "" or o.startswith(folder + "/"))
            ][:15]
            ws = "".join(
                "=== %s\n%s" % (o, read(p).decode("utf-8", "replace")) for o, p in members
            )
            put("workspace", ws)
            put("fix", ws)
            texts = [(o, read(p).decode("utf-8", "replace")) for o, p in members]
            frag, payload = link(texts)
            if len(frag) < MAX_SEED:
                put("share", b"\x00" + frag.encode())
                put("share", b"\x02" + payload.encode())


def main():
    hand_written()
    root = sys.argv[1] if len(sys.argv) > 1 else os.environ.get(
        "SHIPSHAPE_CORPUS", os.path.join(HERE, "..", "..", "shared", "corpus"))
    if os.path.isdir(root):
        from_corpus(root)
    else:
        print("fuzz/seed.py: no corpus at %s; hand-written seeds only" % root, file=sys.stderr)
    for t in TARGETS:
        d = os.path.join(HERE, "corpus", t)
        print("seeds %s: %d" % (t, len(os.listdir(d)) if os.path.isdir(d) else 0))


if __name__ == "__main__":
    main()
