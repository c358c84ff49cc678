//! The lint pipeline end to end: `# check=` directives, config, and the whole corpus linted without a panic
//! and with every finding's span and fix edits inside its file.

mod common;

use shipshape_core::{fix::apply_edits, lint, Config, Severity, Workspace};

fn lint_one(src: &str, config: &Config) -> shipshape_core::Report {
    let mut ws = Workspace::new();
    ws.add("Dockerfile", src);
    lint(&ws, config)
}

fn rules_of(r: &shipshape_core::Report) -> Vec<&'static str> {
    r.findings.iter().map(|f| f.rule).collect()
}

const SRC: &str = "FROM alpine:3.20 as Build\nCMD echo hi\n";

#[test]
fn check_directive_skip_error_and_all() {
    let base = lint_one(SRC, &Config::default());
    assert!(rules_of(&base).contains(&"DL3025"));
    assert!(rules_of(&base).contains(&"StageNameCasing"));
    let skipped = lint_one(
        &format!("# check=skip=JSONArgsRecommended\n{SRC}"),
        &Config::default(),
    );
    assert!(
        !rules_of(&skipped).contains(&"DL3025"),
        "skipped by BuildKit name"
    );
    assert!(rules_of(&skipped).contains(&"StageNameCasing"));
    let all = lint_one(&format!("# check=skip=all\n{SRC}"), &Config::default());
    assert!(!rules_of(&all)
        .iter()
        .any(|r| ["DL3025", "StageNameCasing", "FromAsCasing"].contains(r)));
    let err = lint_one(&format!("# check=error=true\n{SRC}"), &Config::default());
    assert!(err
        .findings
        .iter()
        .filter(|f| f.rule == "StageNameCasing")
        .all(|f| f.severity == Severity::Error));
    // a hadolint-only rule is not a build check: error=true leaves its severity alone
    let latest = lint_one(
        "# check=error=true\nFROM alpine:latest\n",
        &Config::default(),
    );
    assert!(latest
        .findings
        .iter()
        .any(|f| f.rule == "DL3007" && f.severity == Severity::Warning));
}

#[test]
fn check_directive_errors_and_cli_override() {
    let bad = lint_one(
        &format!("# check=skip=X;frobnicate=1\n{SRC}"),
        &Config::default(),
    );
    assert_eq!(bad.errors.len(), 1);
    assert_eq!((bad.errors[0].line, bad.errors[0].column), (1, 9));
    let cli = Config {
        check: Some("skip=StageNameCasing".into()),
        ..Config::default()
    };
    let r = lint_one(&format!("# check=skip=JSONArgsRecommended\n{SRC}"), &cli);
    assert!(
        rules_of(&r).contains(&"DL3025"),
        "the CLI's --check replaces the directive"
    );
    assert!(!rules_of(&r).contains(&"StageNameCasing"));
}

#[test]
fn experimental_checks_are_opt_in() {
    let src = "# stage that builds\nFROM golang:1.23 AS build\n";
    assert!(!rules_of(&lint_one(src, &Config::default())).contains(&"InvalidDefinitionDescription"));
    let on = lint_one(
        &format!("# check=experimental=all\n{src}"),
        &Config::default(),
    );
    assert!(rules_of(&on).contains(&"InvalidDefinitionDescription"));
}

#[test]
fn copy_ignored_file_reads_the_workspace_dockerignore() {
    let mut ws = Workspace::new();
    ws.add(
        "api/Dockerfile",
        "FROM node:22\nCOPY dist/ /app/\nCOPY src/ /app/src/\n",
    );
    ws.add("api/.dockerignore", "dist\n");
    let r = lint(&ws, &Config::default());
    let hits: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "CopyIgnoredFile")
        .collect();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].line, 2);
    ws.add("api/Dockerfile.dockerignore", "nothing\n");
    let r = lint(&ws, &Config::default());
    assert!(
        !rules_of(&r).contains(&"CopyIgnoredFile"),
        "a Dockerfile-specific ignore file wins"
    );
}

#[test]
fn whole_corpus_lints_with_spans_inside_files() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut ws = Workspace::new();
    for f in common::dockerfiles(&corpus) {
        ws.add_as(
            common::name(&f),
            common::read(&f),
            shipshape_core::FileKind::Dockerfile,
        );
    }
    let report = lint(&ws, &Config::default());
    assert!(
        report.findings.len() > 500,
        "the corpus should produce findings"
    );
    for f in &report.findings {
        let text = &ws.get(&f.file).unwrap().text;
        assert!(
            f.span.end <= text.len() && f.span.start <= f.span.end,
            "{f:?}"
        );
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert!(f.line >= 1 && f.column >= 1 && (f.end_line, f.end_column) >= (f.line, f.column));
        if let Some(fix) = &f.fix {
            apply_edits(text, &fix.edits)
                .unwrap_or_else(|e| panic!("{}: fix does not apply: {e}", f.rule));
        }
    }
    let mut per_rule = std::collections::BTreeMap::new();
    for f in &report.findings {
        *per_rule.entry(f.rule).or_insert(0) += 1;
    }
    println!("corpus findings per rule: {per_rule:?}");
}

#[test]
fn hadolint_pragmas_silence_findings() {
    let src = "# hadolint global ignore=DL3006\nFROM alpine\nFROM ubuntu:latest AS b\n# hadolint ignore=DL3025 we really want a shell here\nCMD echo a\nFROM ubuntu:latest\nCMD echo b\n";
    let r = lint_one(src, &Config::default());
    assert!(!rules_of(&r).contains(&"DL3006"), "global ignore");
    let cmds: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule == "DL3025")
        .map(|f| f.line)
        .collect();
    assert_eq!(cmds, [7], "only the CMD under the pragma is silenced");
    let off = Config {
        disable_ignore_pragma: true,
        ..Config::default()
    };
    assert!(rules_of(&lint_one(src, &off)).contains(&"DL3006"));
    // aliases work in pragmas too
    let r = lint_one(
        "FROM a:1\n# hadolint ignore=JSONArgsRecommended\nCMD x\n",
        &Config::default(),
    );
    assert!(!rules_of(&r).contains(&"DL3025"));
}

#[test]
fn workspace_hadolint_yaml_applies_to_dockerfiles_below_it() {
    let mut ws = Workspace::new();
    ws.add("api/Dockerfile", "FROM alpine:latest\nCMD x\n");
    ws.add("web/Dockerfile", "FROM alpine:latest\nCMD x\n");
    ws.add(
        "api/.hadolint.yaml",
        "ignored: [DL3007]\noverride:\n  error: [DL3025]\n",
    );
    let r = lint(&ws, &Config::default());
    let api: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.file == "api/Dockerfile")
        .map(|f| (f.rule, f.severity))
        .collect();
    let web: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.file == "web/Dockerfile")
        .map(|f| f.rule)
        .collect();
    assert!(!api.iter().any(|(r, _)| *r == "DL3007") && web.contains(&"DL3007"));
    assert!(api.contains(&("DL3025", Severity::Error)));
    ws.add("api/.hadolint.yaml", "ignored: [DL3007\n");
    let r = lint(&ws, &Config::default());
    assert_eq!(
        r.errors.len(),
        1,
        "a broken config is an error in the config file"
    );
    assert_eq!(r.errors[0].file, "api/.hadolint.yaml");
}

#[test]
fn hadolint_pragmas_silence_cross_file_findings_in_dockerfiles() {
    let ws = |worker: &str| {
        let mut ws = Workspace::new();
        ws.add("compose.yaml", "services:\n  api:\n    build: api\n");
        ws.add("api/Dockerfile", "FROM alpine:3.20\n");
        ws.add("worker/Dockerfile", worker);
        ws
    };
    let orphans = |r: &shipshape_core::Report| {
        r.findings
            .iter()
            .filter(|f| f.rule == "compose-orphan-dockerfile" && f.file == "worker/Dockerfile")
            .count()
    };
    let plain = lint(&ws("FROM alpine:3.20\n"), &Config::default());
    assert_eq!(orphans(&plain), 1, "{:?}", rules_of(&plain));
    let pragma = "# hadolint global ignore=compose-orphan-dockerfile\nFROM alpine:3.20\n";
    assert_eq!(orphans(&lint(&ws(pragma), &Config::default())), 0);
    let strict = Config {
        disable_ignore_pragma: true,
        ..Config::default()
    };
    assert_eq!(orphans(&lint(&ws(pragma), &strict)), 1);
}
