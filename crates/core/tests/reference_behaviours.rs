//! Behaviours where shipshape follows what hadolint and BuildKit themselves do on small inputs:
//! snippets without FROM, per-instruction `# check=` comments, pragma lists, and the corner cases
//! their own test suites exercise. Each case is written here in this project's own words.

use shipshape_core::{lint, Config, Report, Workspace};

fn lint_files(files: &[(&str, &str)]) -> Report {
    let mut ws = Workspace::new();
    for (name, text) in files {
        ws.add(*name, *text);
    }
    lint(&ws, &Config::default())
}

fn lint_one(src: &str) -> Report {
    lint_files(&[("Dockerfile", src)])
}

/// (rule id, line) of every finding.
fn found(r: &Report) -> Vec<(&'static str, usize)> {
    r.findings.iter().map(|f| (f.rule, f.line)).collect()
}

fn has(r: &Report, rule: &str, line: usize) -> bool {
    r.findings.iter().any(|f| f.rule == rule && f.line == line)
}

fn has_rule(r: &Report, rule: &str) -> bool {
    r.findings.iter().any(|f| f.rule == rule)
}

#[test]
fn snippet_without_from_is_linted_like_one_stage() {
    let src = "WORKDIR srv\nRUN cd /tmp && make\nCMD ./serve --port 80\n";
    let r = lint_one(src);
    // Still an invalid Dockerfile…
    assert!(has(&r, "DL3061", 1), "{:?}", found(&r));
    // …and every instruction is judged on its own as in a stage.
    assert!(has(&r, "DL3000", 1), "relative WORKDIR: {:?}", found(&r));
    assert!(has(&r, "DL3003", 2), "cd in RUN: {:?}", found(&r));
    assert!(has(&r, "DL3025", 3), "shell-form CMD: {:?}", found(&r));
    // Image-level advice needs an image: no USER/HEALTHCHECK findings for a snippet.
    for rule in ["no-user", "no-healthcheck", "DL3057"] {
        assert!(!has_rule(&r, rule), "{rule} on a snippet: {:?}", found(&r));
    }
    // Nor is a snippet a builder stage that wants build-stage advice.
    let r = lint_one("RUN pip install flask==3.0.3\n");
    assert!(!has_rule(&r, "prefer-cache-mount"), "{:?}", found(&r));
    assert!(
        has_rule(&r, "DL3042"),
        "the image's pip cache: {:?}",
        found(&r)
    );
    // An absolute WORKDIR before it makes the relative one well defined, as in a stage.
    let r = lint_one("WORKDIR /srv\nWORKDIR app\n");
    assert!(!has_rule(&r, "DL3000"), "{:?}", found(&r));
}

#[test]
fn snippet_variables_resolve_in_the_anonymous_stage() {
    // The ARG belongs to the snippet's one stage: using it in RUN is not the global-ARG mistake.
    let r = lint_one("ARG VERSION=1.2\nRUN echo \"$VERSION\"\n");
    assert!(!has_rule(&r, "arg-scope"), "{:?}", found(&r));
    assert!(!has_rule(&r, "UndefinedVar"), "{:?}", found(&r));
}

#[test]
fn check_comment_above_one_instruction_skips_only_there() {
    let src = "FROM alpine:3.20\n# check=skip=JSONArgsRecommended // signals are handled by tini\nCMD serve --port 80\nENTRYPOINT run me\n";
    let r = lint_one(src);
    assert!(
        !has(&r, "DL3025", 3),
        "skipped on its instruction: {:?}",
        found(&r)
    );
    assert!(
        has(&r, "DL3025", 4),
        "still reported below: {:?}",
        found(&r)
    );
    // `all` works too, and a comment that is not a check directive changes nothing.
    let r = lint_one("FROM alpine:3.20\n# check=skip=all\nWORKDIR app\nWORKDIR rel\n");
    assert!(
        !has(&r, "DL3000", 3) && !has(&r, "WorkdirRelativePath", 3),
        "{:?}",
        found(&r)
    );
    let r = lint_one("FROM alpine:3.20\n# check the next line\nCMD serve\n");
    assert!(has(&r, "DL3025", 3), "{:?}", found(&r));
    // An empty `#` line ends the comment block: the directive no longer belongs to CMD.
    let r = lint_one("FROM alpine:3.20\n# check=skip=all\n#\nCMD serve\n");
    assert!(has(&r, "DL3025", 4), "{:?}", found(&r));
    // A rule off by default turned on for one instruction only.
    let src = "FROM alpine:3.20\n# check=experimental=InvalidDefinitionDescription\n# a wrong description\nARG version=1\n# another one\nARG other=2\n";
    let r = lint_one(src);
    let idd: Vec<usize> = r
        .findings
        .iter()
        .filter(|f| f.rule == "InvalidDefinitionDescription")
        .map(|f| f.line)
        .collect();
    assert_eq!(idd.len(), 1, "{:?}", found(&r));
}

#[test]
fn copying_the_context_root_when_dockerignore_excludes_everything() {
    let df = "FROM alpine:3.20\nWORKDIR /src\nCOPY . .\nCOPY ./ /all/\n";
    for everything in ["*", "**", "**/*", "/*", "*/"] {
        let r = lint_files(&[
            ("Dockerfile", df),
            (".dockerignore", &format!("{everything}\n")),
        ]);
        assert!(
            has(&r, "CopyIgnoredFile", 3) && has(&r, "CopyIgnoredFile", 4),
            "{everything}: {:?}",
            found(&r)
        );
    }
    // Excluding some entries of the root is what .dockerignore is for.
    for some in [".*", "node_modules\n*.log", "src/*"] {
        let r = lint_files(&[("Dockerfile", df), (".dockerignore", some)]);
        assert!(!has_rule(&r, "CopyIgnoredFile"), "{some}: {:?}", found(&r));
    }
}

#[test]
fn pragmas_with_spaces_and_unknown_names() {
    let src = "FROM node:22 AS build\n# hadolint ignore=DL3023, DL3021\nCOPY --from=build a b /c\n";
    let r = lint_one(src);
    assert!(
        !has_rule(&r, "DL3023") && !has_rule(&r, "DL3021"),
        "{:?}",
        found(&r)
    );
    let r = lint_one("# hadolint global ignore = DL3023 , DL3021\nFROM node:22 AS build\nCOPY --from=build a b /c\n");
    assert!(
        !has_rule(&r, "DL3023") && !has_rule(&r, "DL3021"),
        "{:?}",
        found(&r)
    );
    // One unknown name and the pragma silences nothing; the pragma itself is reported.
    let r = lint_one("FROM alpine:3.20\n# hadolint ignore=crazy,DL3002\nUSER root\n");
    assert!(has(&r, "DL3002", 3), "{:?}", found(&r));
    assert!(has(&r, "pragma-unknown-rule", 2), "{:?}", found(&r));
}

#[test]
fn hadolint_ignore_dl3002_silences_an_inherited_root_user() {
    let src = "FROM debian:12 AS base\nUSER root\nRUN apt-get update\nFROM base\nCMD [\"app\"]\n";
    let r = lint_one(src);
    assert!(has(&r, "DL3002", 2), "{:?}", found(&r));
    assert!(
        !has_rule(&r, "no-user"),
        "one finding for one problem: {:?}",
        found(&r)
    );
    let silenced = lint_one(&src.replace("USER root", "# hadolint ignore=DL3002\nUSER root"));
    assert!(
        !has_rule(&silenced, "DL3002") && !has_rule(&silenced, "no-user"),
        "{:?}",
        found(&silenced)
    );
}

#[test]
fn shellcheck_checks_run_on_onbuild_run() {
    let src = "FROM alpine:3.20\nONBUILD RUN   echo $GREETING && \\\n   echo $NAME\n";
    let r = lint_one(src);
    let sc: Vec<&shipshape_core::Finding> =
        r.findings.iter().filter(|f| f.rule == "SC2086").collect();
    assert_eq!(sc.len(), 2, "{:?}", found(&r));
    // Located on the variables themselves, and the fix quotes exactly them.
    assert_eq!(sc[0].span.slice(src), "$GREETING");
    assert_eq!(sc[1].span.slice(src), "$NAME");
    let fix = sc[1].fix.as_ref().expect("a fix");
    let fixed = shipshape_core::fix::apply_edits(src, &fix.edits).unwrap();
    assert!(fixed.ends_with("echo \"$NAME\"\n"), "{fixed}");
}
