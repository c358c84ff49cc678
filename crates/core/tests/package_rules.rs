//! The package-manager rules (DL3008 ... DL3062) through the whole lint pipeline, a table of cases
//! checked against hadolint 2.15.1's behaviour (with our deliberate differences marked), and an
//! optional parity report against hadolint's findings on the corpus.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use shipshape_core::{dockerfile, fix::apply_edits, lint, Config, Workspace};

const RULES: &[&str] = &[
    "DL3008", "DL3009", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019", "DL3027",
    "DL3028", "DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037", "DL3038",
    "DL3040", "DL3041", "DL3042", "DL3060", "DL3062",
];

/// (rule, 1-based start line of the instruction holding the finding) for our package rules.
fn ours(src: &str) -> BTreeSet<(String, usize)> {
    let mut ws = Workspace::new();
    ws.add("Dockerfile", src);
    let report = lint(&ws, &Config::default());
    let df = dockerfile::parse(src);
    report
        .findings
        .iter()
        .filter(|f| RULES.contains(&f.rule))
        .map(|f| {
            let line = df
                .instructions()
                .find(|i| {
                    i.span.start <= f.span.start && f.span.start < i.span.end.max(i.span.start + 1)
                })
                .map_or(f.line, |i| i.start_line);
            (f.rule.to_string(), line)
        })
        .collect()
}

fn codes(src: &str) -> Vec<String> {
    let mut v: Vec<String> = ours(src).into_iter().map(|(r, _)| r).collect();
    v.dedup();
    v
}

/// Cases run through hadolint 2.15.1 (`hadolint -f json`): the package-rule codes it reports on
/// the RUN, and ours where we differ on purpose (the reason is in the rule's docs).
/// (Dockerfile, rules it must trigger, rules it must not trigger — `None` when not checked).
type Case = (
    &'static str,
    &'static [&'static str],
    Option<&'static [&'static str]>,
);

const CASES: &[Case] = &[
    ("RUN apt-get install foo", &["DL3008", "DL3014", "DL3015"], None),
    ("RUN [\"apt-get\", \"install\", \"foo\"]", &["DL3008", "DL3014", "DL3015"], None),
    ("RUN <<EOF\napt-get install foo\nEOF", &["DL3008", "DL3014", "DL3015"], None),
    // hadolint analyses a python body as shell and misses a heredoc fed to bash (#1137)
    ("RUN <<EOF\n#!/usr/bin/env python3\napt-get install foo\nEOF", &["DL3008", "DL3014", "DL3015"], Some(&[])),
    ("RUN bash <<EOF\napt-get install foo\nEOF", &[], Some(&["DL3008", "DL3014", "DL3015"])),
    ("RUN command apt-get install foo", &["DL3008", "DL3014", "DL3015"], None),
    ("RUN x=$(apt-get install foo)", &["DL3008", "DL3014", "DL3015"], None),
    // hadolint does not look through sudo
    ("RUN sudo apt-get install foo", &[], Some(&["DL3008", "DL3014", "DL3015"])),
    ("RUN apt update", &["DL3009", "DL3027"], None),
    ("RUN apt-get update && rm -r /var/lib/apt/lists", &["DL3009"], Some(&[])),
    // apt >= 2.7 `dist-clean` deletes the lists too
    ("RUN apt-get update && apt-get dist-clean", &["DL3009"], Some(&[])),
    ("RUN apt-get update\nFROM debian:12 AS b\nRUN true", &[], None),
    ("RUN apk info -q | xargs apk add --no-network --virtual .rundeps", &[], None),
    // hadolint takes any `rm -rf` for a cleanup
    ("RUN apt-get update && rm -rf /tmp/*", &[], Some(&["DL3009"])),
    ("RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update", &[], None),
    ("RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update", &[], None),
    ("RUN --mount=type=cache,target=/var/lib/apt apt-get update", &["DL3009"], Some(&[])),
    ("RUN apt-get install -qq foo=1 --no-install-recommends", &[], None),
    ("RUN apt-get install -q foo=1 --no-install-recommends", &["DL3014"], None),
    ("RUN apt-get install -q -q foo=1 --no-install-recommends", &[], None),
    ("RUN apt-get -y install -o APT::Install-Recommends=false foo=1", &[], None),
    ("RUN apt-get -y install -t bookworm-backports --no-install-recommends foo", &["DL3008"], None),
    ("RUN apt-get -y install --no-install-recommends foo/bookworm ./x.deb", &[], None),
    ("RUN apt-get -y --no-install-recommends install $PKGS", &["DL3008"], None),
    ("RUN --mount=type=cache,target=/var/cache/apk apk add foo=1", &[], None),
    ("RUN --mount=type=cache,target=/etc/apk/cache apk add foo=1", &["DL3019"], Some(&[])),
    ("RUN apk add foo~1 bar.apk", &["DL3019"], None),
    ("RUN apk add --no-cache \"foo>1\" foo@edge", &["DL3018"], None),
    ("RUN apk --no-cache add -X http://x foo=1", &[], None),
    ("RUN zypper -n install foo=1 && zypper clean", &[], None),
    ("RUN zypper install -y foo=1", &["DL3036"], None),
    ("RUN zypper clean && zypper install -y foo=1", &["DL3036"], None),
    ("RUN zypper remove foo", &["DL3034"], None),
    ("RUN --mount=type=cache,target=/var/cache/zypp zypper install -y foo=1", &[], None),
    ("RUN yum install foo && zypper install foo && zypper dup && dnf install foo",
        &["DL3030", "DL3032", "DL3033", "DL3034", "DL3035", "DL3036", "DL3037", "DL3038", "DL3040", "DL3041"], None),
    ("RUN dnf install -y foo-1 && rm -rf /var/cache/yum/*", &[], None),
    ("RUN dnf install -y foo-1 && rm -rf /tmp/x", &[], Some(&["DL3040"])),
    ("RUN microdnf install foo && dnf clean all", &["DL3038", "DL3040", "DL3041"], None),
    ("RUN yum install -y foo-1 && yum clean metadata", &[], None),
    ("RUN yum clean all && yum install -y foo-1", &["DL3032"], None),
    // cache mounts for yum/dnf are ours only (hadolint #497)
    ("RUN --mount=type=cache,target=/var/cache/dnf dnf install -y foo-1", &["DL3040"], Some(&[])),
    ("RUN --mount=type=cache,target=/var/cache/yum yum install -y foo-1", &["DL3032"], Some(&[])),
    ("RUN go install foo@v1 && go install ./cmd/x && go get -d ./...", &[], None),
    ("RUN go install foo@latest", &["DL3062"], None),
    ("RUN go get foo", &["DL3062"], None),
    ("RUN go run foo@v1 arg", &[], None),
    ("RUN go run main.go", &["DL3062"], Some(&[])),
    ("RUN pip install --no-cache-dir -c c.txt foo", &[], None),
    ("RUN python3 -m pip install --no-cache-dir foo", &["DL3013"], None),
    ("RUN pipx install foo", &["DL3013"], None),
    ("RUN pip install --no-cache-dir foo==1 \"bar>=2\" git+https://x/y@v1 /tmp/x.whl ./local", &[], None),
    ("RUN pip install --no-cache-dir $PKGS", &["DL3013"], None),
    ("RUN PIP_NO_CACHE_DIR=1 pip install foo==1", &[], None),
    ("RUN pip install foo==1 --no-cache-dir", &[], None),
    ("RUN pip3.11 install foo==1", &["DL3042"], None),
    ("RUN --mount=type=cache,target=/root/.cache/pip pip install foo==1", &[], None),
    ("RUN --mount=type=cache,target=/root/.cache pip install foo==1", &["DL3042"], Some(&[])),
    ("RUN npm install && npm ci && npm install foo@1 @s/x@2 ./x foo.tgz", &[], None),
    ("RUN npm install -g foo", &["DL3016"], None),
    // npm's `i` alias is ours only
    ("RUN npm i foo", &[], Some(&["DL3016"])),
    ("RUN gem install foo:1 && gem install bar -v 1 && gem update --system", &[], None),
    ("RUN gem install -N foo:1 bar", &["DL3028"], None),
    // hadolint skips the word after any option
    ("RUN gem install --no-document foo", &[], Some(&["DL3028"])),
    ("RUN yum install -y epel-release python3-devel-3.6.8 && yum clean all", &["DL3033"], None),
    ("RUN apt-get --quiet=2 install foo=1 --no-install-recommends", &["DL3014"], Some(&[])),
    ("RUN go install -tags netgo foo@v1", &["DL3062"], Some(&[])),
    ("RUN yarn install", &["DL3060"], None),
    ("AS b\nRUN yarn install\nFROM debian:12\nCOPY --from=b /a /a", &[], None),
    ("AS b\nRUN yarn install\nFROM b", &["DL3060"], None),
    ("RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install", &[], None),
    ("RUN --mount=type=cache,target=/root/.yarn yarn install", &["DL3060"], Some(&[])),
    ("ONBUILD RUN apt-get install foo && apt install x && pip install foo && npm install foo && apk add foo && gem install foo && yarn install && go install foo",
        &["DL3008", "DL3013", "DL3014", "DL3015", "DL3016", "DL3018", "DL3019", "DL3027", "DL3028", "DL3042", "DL3060", "DL3062"], None),
];

#[test]
fn cases_match_hadolint_or_differ_on_purpose() {
    let mut failures = Vec::new();
    for (run, hadolint, differ) in CASES {
        let src = if run.starts_with("AS ") {
            format!("FROM debian:12 {run}\n")
        } else {
            format!("FROM debian:12\n{run}\n")
        };
        let want: Vec<&str> = differ.unwrap_or(hadolint).to_vec();
        let got = codes(&src);
        if got != want {
            failures.push(format!("{run:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn pragmas_and_stage_shells_apply() {
    let src =
        "FROM debian:12\n# hadolint ignore=DL3008,DL3015\nRUN apt-get install -y \\\n    curl\n";
    assert!(codes(src).is_empty());
    let src = "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get install curl\n";
    assert!(codes(src).is_empty(), "PowerShell RUNs are not analysed");
    let src = "FROM debian:12 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN apt-get install curl\n";
    assert_eq!(codes(src), ["DL3008", "DL3014", "DL3015"]);
}

#[test]
fn findings_point_at_the_command() {
    let src = "FROM debian:12\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends curl \\\n && rm -rf /var/lib/apt/lists/*\n";
    let mut ws = Workspace::new();
    ws.add("Dockerfile", src);
    let report = lint(&ws, &Config::default());
    let f = report
        .findings
        .iter()
        .find(|f| f.rule == "DL3008")
        .expect("DL3008");
    assert_eq!((f.line, f.column), (3, 5));
    assert!(f.message.contains("`curl`"), "{}", f.message);
}

#[test]
fn safe_fixes_together_clear_their_rules() {
    let src = "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl=1 \\\n && rm -rf /var/lib/apt/lists/*\nRUN apk add a=1 && pip install b==2 && yum install c-1 && dnf install d-1 && zypper install e=1 && yarn install\n";
    let mut ws = Workspace::new();
    ws.add("Dockerfile", src);
    let report = lint(&ws, &Config::default());
    let edits: Vec<_> = report
        .findings
        .iter()
        .filter(|f| RULES.contains(&f.rule))
        .filter_map(|f| f.fix.as_ref())
        .filter(|f| f.applicability == shipshape_core::fix::Applicability::Safe)
        .flat_map(|f| f.edits.clone())
        .collect();
    // the append fixes share one insertion point; apply the rest in one round
    let (appends, inserts): (Vec<_>, Vec<_>) = edits
        .into_iter()
        .partition(|e| e.replacement.starts_with(" && "));
    let mut out = apply_edits(src, &inserts).expect("non-overlapping");
    for e in appends.iter().rev() {
        out = apply_edits(&out, std::slice::from_ref(e)).expect("append applies");
    }
    let left = codes(&out);
    for fixed in [
        "DL3014", "DL3019", "DL3042", "DL3030", "DL3032", "DL3038", "DL3040", "DL3034", "DL3036",
        "DL3060",
    ] {
        assert!(
            !left.iter().any(|c| c == fixed),
            "{fixed} left after fixing:\n{out}"
        );
    }
}

/// With `SHIPSHAPE_HADOLINT_JSONL` pointing at hadolint's findings on the corpus (one JSON object
/// per line: `{"file": "dockerfiles/x", "findings": [{"code": "DL3008", "line": 3}, ...]}`, paths
/// relative to the corpus), print per-rule agreement: the share of hadolint's (file, line)
/// findings we also report, and of ours it reports. Files hadolint cannot parse (DL1000) are left out.
#[test]
fn hadolint_parity_report() {
    let Some(path) = std::env::var_os("SHIPSHAPE_HADOLINT_JSONL") else {
        eprintln!(
            "skipping: set SHIPSHAPE_HADOLINT_JSONL to compare with hadolint's corpus findings"
        );
        return;
    };
    let Some(corpus) = common::corpus() else {
        return;
    };
    let text = std::fs::read_to_string(path).expect("hadolint findings");
    // rule -> (both, hadolint only, ours only) with examples
    let mut stats: BTreeMap<&str, (usize, Vec<String>, Vec<String>)> = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let file = v["file"].as_str().unwrap_or_default();
        let found = v["findings"].as_array().cloned().unwrap_or_default();
        if found.iter().any(|f| f["code"] == "DL1000") {
            continue;
        }
        let theirs: BTreeSet<(String, usize)> = found
            .iter()
            .filter_map(|f| {
                Some((
                    f["code"].as_str()?.to_string(),
                    f["line"].as_u64()? as usize,
                ))
            })
            .filter(|(c, _)| RULES.contains(&c.as_str()))
            .collect();
        let src = common::read(&corpus.join(file));
        let mine = ours(&src);
        for rule in RULES {
            let e = stats.entry(rule).or_default();
            for (r, l) in theirs.iter().filter(|(r, _)| r == rule) {
                if mine.contains(&(r.clone(), *l)) {
                    e.0 += 1;
                } else {
                    e.1.push(format!("{file}:{l}"));
                }
            }
            for (r, l) in mine.iter().filter(|(r, _)| r == rule) {
                if !theirs.contains(&(r.clone(), *l)) {
                    e.2.push(format!("{file}:{l}"));
                }
            }
        }
    }
    println!("rule    both  hadolint-only  ours-only  agree(theirs)  agree(ours)");
    for (rule, (both, only_theirs, only_ours)) in &stats {
        let pct = |a: usize, b: usize| {
            if a + b == 0 {
                100.0
            } else {
                100.0 * a as f64 / (a + b) as f64
            }
        };
        println!(
            "{rule}  {both:5}  {:13}  {:9}  {:12.1}%  {:10.1}%",
            only_theirs.len(),
            only_ours.len(),
            pct(*both, only_theirs.len()),
            pct(*both, only_ours.len())
        );
        for x in only_theirs {
            println!("    hadolint only: {x}");
        }
        for x in only_ours {
            println!("    ours only:     {x}");
        }
    }
}

/// Image-size rules judge only stages that end up in an image (as hadolint does for DL3009 and DL3060, #619): a builder whose
/// files are copied out is left alone; the same RUN in the last stage, or in a stage a later FROM
/// builds on, is reported.
#[test]
fn size_rules_skip_builder_stages() {
    let size_rules = [
        "DL3009", "DL3015", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042",
    ];
    let runs = [
        "RUN apt-get update && apt-get install -y curl=7.88.1-10",
        "RUN apk add curl=8.5.0-r0",
        "RUN yum install -y curl-7.76.1",
        "RUN zypper install -y curl=8.0",
        "RUN dnf install -y curl-7.76.1",
        "RUN pip install requests==2.32.3",
    ];
    let size_hits = |src: &str| -> BTreeSet<(String, usize)> {
        ours(src)
            .into_iter()
            .filter(|(r, _)| size_rules.contains(&r.as_str()))
            .collect()
    };
    for run in runs {
        let builder = format!(
            "FROM alpine:3.20 AS build\n{run}\nFROM alpine:3.20\nCOPY --from=build /x /x\n"
        );
        assert!(
            size_hits(&builder).is_empty(),
            "{builder}: {:?}",
            size_hits(&builder)
        );
        let last = format!("FROM alpine:3.20\n{run}\n");
        assert!(!size_hits(&last).is_empty(), "{last}");
        let base = format!("FROM alpine:3.20 AS base\n{run}\nFROM base\nCMD [\"x\"]\n");
        assert!(!size_hits(&base).is_empty(), "{base}");
    }
}
