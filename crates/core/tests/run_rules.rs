//! The RUN rules (rules/run/) end to end through `lint`: ids, severities, positions, pragmas,
//! the SHELL in effect, fixes, and a corpus sweep that every finding's span and fix stay inside
//! the file and that fixed text still parses.

mod common;

use shipshape_core::{fix::apply_edits, lint, rules, Config, Finding, Severity, Workspace};

fn lint_src(src: &str) -> Vec<Finding> {
    let mut ws = Workspace::new();
    ws.add("Dockerfile", src);
    let report = lint(&ws, &Config::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.findings
}

/// (rule, line, text under the span) for the findings of `rule_ids`.
fn found(src: &str, rule_ids: &[&str]) -> Vec<(&'static str, usize, String)> {
    lint_src(src)
        .into_iter()
        .filter(|f| rule_ids.contains(&f.rule))
        .map(|f| (f.rule, f.line, f.span.slice(src).to_string()))
        .collect()
}

const FAMILY: &[(&str, Severity)] = &[
    ("DL3001", Severity::Info),
    ("DL3003", Severity::Warning),
    ("DL3004", Severity::Error),
    ("DL3010", Severity::Info),
    ("DL3046", Severity::Warning),
    ("DL3047", Severity::Info),
    ("DL4001", Severity::Warning),
    ("DL4005", Severity::Warning),
    ("DL4006", Severity::Warning),
    ("no-user", Severity::Warning),
    ("SC2086", Severity::Info),
    ("SC2046", Severity::Warning),
    ("SC2155", Severity::Warning),
    ("SC2251", Severity::Info),
    ("SC2043", Severity::Warning),
    ("SC2028", Severity::Info),
    ("SC2016", Severity::Info),
    ("SC2102", Severity::Info),
    ("SC3040", Severity::Warning),
    ("SC2005", Severity::Style),
    ("SC2268", Severity::Style),
];

#[test]
fn every_rule_is_registered_with_hadolints_severity() {
    for (id, sev) in FAMILY {
        let rule = rules::registry::dockerfile_rules()
            .find(|r| r.meta().id == *id)
            .unwrap_or_else(|| panic!("{id} is not registered"));
        let m = rule.meta();
        assert_eq!(m.severity, *sev, "{id}");
        assert!(m.enabled_by_default, "{id}");
    }
}

#[test]
fn a_typical_dockerfile() {
    let src = "\
FROM debian:bookworm-slim
ARG VERSION=1.2.3
RUN apt-get update && sudo apt-get install -y curl wget \\
    && cd /tmp \\
    && wget https://example.com/tool-$VERSION.tar.gz \\
    && curl -fsSL https://example.com/key | gpg --dearmor > /k.gpg \\
    && echo $HOME $(date) \\
    && export BUILD=$(date +%s)
RUN useradd -u 1000000 app && ln -sf /bin/bash /bin/sh
CMD [\"app\"]
";
    let got = found(
        src,
        &[
            "DL3003", "DL3004", "DL3047", "DL4001", "DL4006", "DL3046", "DL4005", "SC2086",
            "SC2046", "SC2155", "no-user",
        ],
    );
    let want: Vec<(&str, usize, &str)> = vec![
        ("no-user", 1, "debian:bookworm-slim"),
        ("DL3004", 3, "sudo"),
        ("DL3003", 4, "cd"),
        ("DL3047", 5, "wget"),
        ("DL4001", 5, "wget"),
        (
            "DL4006",
            6,
            "curl -fsSL https://example.com/key | gpg --dearmor > /k.gpg",
        ),
        ("SC2086", 7, "$HOME"),
        ("SC2046", 7, "$(date)"),
        ("SC2155", 8, "BUILD=$(date +%s)"),
        ("SC2046", 8, "$(date +%s)"),
        ("DL3046", 9, "1000000"),
        ("DL4005", 9, "/bin/sh"),
    ];
    let got: Vec<(&str, usize, &str)> = got.iter().map(|(r, l, t)| (*r, *l, t.as_str())).collect();
    assert_eq!(got, want);
}

#[test]
fn pragmas_silence_shellcheck_codes() {
    let src = "FROM a:1\n# hadolint ignore=SC2086\nRUN echo $X\nRUN echo $Y\nUSER 1\n";
    let got = found(src, &["SC2086"]);
    assert_eq!(got, [("SC2086", 4, "$Y".to_string())]);
}

#[test]
fn the_shell_in_effect() {
    // PowerShell is not analysed; a stage built on one that set SHELL keeps it.
    let src = "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS win\nSHELL [\"powershell\", \"-Command\"]\nRUN Get-ChildItem $env:TEMP | Select-Object Name\nFROM win\nRUN echo $x | more\n";
    assert!(found(src, &["SC2086", "DL4006", "SC2046"]).is_empty());
    // bash: `export X=$Y` is not split, and `set -o pipefail` is fine.
    let src = "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail && export X=$Y && a | b\nUSER 1\n";
    assert!(lint_src(src)
        .iter()
        .all(|f| !["SC2086", "SC3040", "DL4006"].contains(&f.rule)));
    // sh: both are reported.
    let src = "FROM a:1\nRUN set -o pipefail && export X=$Y && a | b\nUSER 1\n";
    let rules: Vec<&str> = lint_src(src).iter().map(|f| f.rule).collect();
    assert!(
        rules.contains(&"SC3040") && rules.contains(&"SC2086"),
        "{rules:?}"
    );
    assert!(
        !rules.contains(&"DL4006"),
        "set -o pipefail in the script counts"
    );
}

#[test]
fn heredocs_follow_buildkit() {
    let src = "FROM a:1\nRUN <<EOF\n#!/usr/bin/env python3\nimport os; print(os.environ['X'] | 1)\nEOF\nRUN bash <<EOF\necho $Y | cat\nEOF\nUSER 1\n";
    let got = found(src, &["SC2086", "DL4006", "SC2016"]);
    assert_eq!(
        got,
        [
            ("DL4006", 7, "echo $Y | cat".to_string()),
            ("SC2086", 7, "$Y".to_string())
        ]
    );
}

#[test]
fn fixes_apply_and_remove_their_finding() {
    let cases: &[(&str, &str)] = &[
        ("DL3003", "FROM a:1\nRUN cd /src && make\nUSER 1\n"),
        ("DL3004", "FROM a:1\nRUN sudo make install\nUSER 1\n"),
        ("DL3046", "FROM a:1\nRUN useradd -u 1234567 app\nUSER 1\n"),
        ("DL3047", "FROM a:1\nRUN wget https://x.example/a\nUSER 1\n"),
        (
            "DL4006",
            "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\nUSER 1\n",
        ),
        ("SC2086", "FROM a:1\nRUN cp a $HOME/b\nUSER 1\n"),
        ("SC2046", "FROM a:1\nRUN rm $(cat list) x\nUSER 1\n"),
        (
            "SC2155",
            "FROM a:1\nRUN export V=\"$(cat /v)\" && echo \"$V\"\nUSER 1\n",
        ),
    ];
    for (rule, src) in cases {
        let findings = lint_src(src);
        let f = findings
            .iter()
            .find(|f| f.rule == *rule)
            .unwrap_or_else(|| panic!("{rule} not found in {src}"));
        let fix = f
            .fix
            .as_ref()
            .unwrap_or_else(|| panic!("{rule} has no fix"));
        let out = apply_edits(src, &fix.edits).unwrap();
        let mut ws = Workspace::new();
        ws.add("Dockerfile", out.clone());
        let after = lint(&ws, &Config::default());
        assert!(after.errors.is_empty(), "{rule}: {out}");
        assert!(
            !after.findings.iter().any(|g| g.rule == *rule),
            "{rule} still reported after its fix:\n{out}"
        );
    }
}

/// Every finding of the family on the corpus has a span inside its file, and its fix applies.
#[test]
fn corpus_sweep() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let ids: Vec<&str> = FAMILY.iter().map(|(id, _)| *id).collect();
    let mut total = 0;
    for path in common::dockerfiles(&corpus) {
        let Ok(src) = std::fs::read_to_string(&path) else {
            continue;
        };
        let mut ws = Workspace::new();
        ws.add("Dockerfile", src.clone());
        let report = lint(&ws, &Config::default());
        for f in report.findings.iter().filter(|f| ids.contains(&f.rule)) {
            total += 1;
            assert!(
                f.span.end <= src.len() && f.span.start <= f.span.end,
                "{}: {} span out of the file",
                path.display(),
                f.rule
            );
            if let Some(fix) = &f.fix {
                apply_edits(&src, &fix.edits).unwrap_or_else(|e| {
                    panic!("{}: {} fix does not apply: {e}", path.display(), f.rule)
                });
            }
        }
    }
    assert!(total > 1000, "only {total} findings on the corpus");
}
