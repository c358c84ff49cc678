//! Generated from the cross-file registry: each rule's bad example (with its `files`) triggers it,
//! the good one does not; plus the wiring rules on realistic workspaces.
//!
//! Where an example goes (the convention documented on `RuleMeta::bad`): at `compose.yaml`, unless
//! its first line is a comment holding only a Dockerfile path (`# api/Dockerfile`); then at that
//! path, its siblings in `files`.

use shipshape_core::fix::apply_edits;
use shipshape_core::rules::compose::WorkspaceRule;

/// The workspace rules, from the one registry.
fn registry() -> Vec<&'static dyn WorkspaceRule> {
    shipshape_core::rules::registry::workspace_rules().collect()
}
use shipshape_core::{lint, Config, Workspace};

fn ws_with(compose: &str, files: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    ws.add("compose.yaml", compose);
    for (p, t) in files {
        ws.add(*p, *t);
    }
    ws
}

/// The workspace path of a cross-file rule's `bad`/`good` example (the core's one convention).
fn example_path(example: &str) -> &str {
    shipshape_core::rules::examples::example_path(example)
}

/// The workspace of an example: the example at its path, plus `files`.
fn example_ws(example: &str, files: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    ws.add(example_path(example), example);
    for (p, t) in files {
        ws.add(*p, *t);
    }
    ws
}

#[test]
fn example_paths_follow_the_convention() {
    assert_eq!(
        example_path("services:\n  a:\n    image: x\n"),
        "compose.yaml"
    );
    assert_eq!(example_path("# api/Dockerfile\nFROM x\n"), "api/Dockerfile");
    assert_eq!(
        example_path("# docker/web.Dockerfile\nFROM x\n"),
        "docker/web.Dockerfile"
    );
    // Comments that are not a Dockerfile path leave the example a compose file.
    assert_eq!(
        example_path("# syntax=docker/dockerfile:1\nFROM x\n"),
        "compose.yaml"
    );
    assert_eq!(
        example_path("# the api Dockerfile\nservices: {}\n"),
        "compose.yaml"
    );
    assert_eq!(
        example_path("# compose.yaml\nservices: {}\n"),
        "compose.yaml"
    );
    for rule in registry() {
        let m = rule.meta();
        let (bad, good) = (example_path(m.bad), example_path(m.good));
        assert_eq!(
            bad, good,
            "{}: bad and good examples are different files",
            m.id
        );
        assert!(
            !m.files.iter().any(|(p, _)| *p == bad),
            "{}: `files` repeats the example's path {bad}",
            m.id
        );
    }
}

#[test]
fn every_cross_file_rule_has_working_examples() {
    assert!(registry().len() >= 6);
    for rule in registry() {
        let m = rule.meta();
        assert!(
            !m.why.is_empty() && !m.references.is_empty(),
            "{} lacks docs",
            m.id
        );
        let bad = lint(&example_ws(m.bad, m.files), &Config::default());
        assert!(bad.errors.is_empty(), "{}: {:?}", m.id, bad.errors);
        assert!(
            bad.findings.iter().any(|f| f.rule == m.id),
            "{}: bad example does not trigger: {:?}",
            m.id,
            bad.findings
        );
        if example_path(m.bad) != "compose.yaml" {
            // A Dockerfile example is where the finding shows.
            assert!(
                bad.findings
                    .iter()
                    .any(|f| f.rule == m.id && f.file == example_path(m.bad)),
                "{}: bad example is not reported in {}: {:?}",
                m.id,
                example_path(m.bad),
                bad.findings
            );
        }
        let good = lint(&example_ws(m.good, m.files), &Config::default());
        let hits: Vec<_> = good.findings.iter().filter(|f| f.rule == m.id).collect();
        assert!(hits.is_empty(), "{}: good example triggers: {hits:?}", m.id);
        check_fixes(m, &bad);
    }
}

/// Every fix the bad example gets applies to its file, leaves the workspace free of errors and
/// removes a finding of the rule; `has_fix` says whether there is one.
fn check_fixes(m: &shipshape_core::rules::RuleMeta, bad: &shipshape_core::Report) {
    let path = example_path(m.bad);
    let hits: Vec<_> = bad.findings.iter().filter(|f| f.rule == m.id).collect();
    let mut fixed = 0;
    for f in hits.iter().filter(|f| f.file == path) {
        let Some(fix) = &f.fix else { continue };
        let text = apply_edits(m.bad, &fix.edits)
            .unwrap_or_else(|e| panic!("{}: fix does not apply: {e:?}", m.id));
        let mut ws = example_ws(m.bad, m.files);
        ws.add(path, text.clone());
        let after = lint(&ws, &Config::default());
        assert!(
            after.errors.is_empty(),
            "{}: {:?}\n{text}",
            m.id,
            after.errors
        );
        let left = after.findings.iter().filter(|x| x.rule == m.id).count();
        assert!(
            left < hits.len(),
            "{}: the fix leaves the finding:\n{text}",
            m.id
        );
        fixed += 1;
    }
    assert_eq!(
        m.has_fix,
        fixed > 0,
        "{}: has_fix must say whether the bad example gets a fix",
        m.id
    );
}

#[test]
fn findings_point_at_the_compose_value() {
    let compose = "services:\n  api:\n    build:\n      context: api\n      target: prod\n      args:\n        - NODE_VER=22\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    build: db\n";
    let ws = ws_with(compose, &[("api/Dockerfile", "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION} AS build\nFROM build AS production\n"), ("db/Dockerfile", "FROM postgres:16\n")]);
    let r = lint(&ws, &Config::default());
    let get = |id: &str| {
        r.findings
            .iter()
            .find(|f| f.rule == id)
            .unwrap_or_else(|| panic!("{id} missing: {:?}", r.findings))
    };
    let t = get("compose-target-missing");
    assert_eq!((t.file.as_str(), t.line, t.column), ("compose.yaml", 5, 15));
    assert!(t.message.contains("production"), "{}", t.message);
    let a = get("compose-build-arg-undeclared");
    assert_eq!(a.line, 7);
    assert!(a.message.contains("NODE_VERSION"));
    let h = get("compose-healthy-without-healthcheck");
    assert_eq!(h.line, 10);
    assert!(h.message.contains("db/Dockerfile"));
}

#[test]
fn compose_only_workspaces_do_not_cry_missing() {
    let ws = ws_with("services:\n  api:\n    build: api\n", &[]);
    let r = lint(&ws, &Config::default());
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule == "compose-dockerfile-missing"));
    let bad_yaml = ws_with("services:\n  api: [\n", &[]);
    let r = lint(&bad_yaml, &Config::default());
    assert_eq!(r.errors.len(), 1);
    assert_eq!(r.errors[0].file, "compose.yaml");
}

#[test]
fn dot_env_satisfies_required_variables() {
    let compose = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set it}\n";
    let r = lint(&ws_with(compose, &[]), &Config::default());
    assert!(r
        .findings
        .iter()
        .any(|f| f.rule == "compose-required-variable" && f.line == 5));
    let r = lint(
        &ws_with(compose, &[(".env", "DB_PASSWORD=x\n")]),
        &Config::default(),
    );
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule == "compose-required-variable"));
}

#[test]
fn copy_from_a_compose_named_context_is_not_unknown() {
    // BuildKit resolves `--from=<name>` against stages, named contexts and images, so with compose's
    // `additional_contexts: packages: ...` the line is valid, though hadolint's DL3022 flags it.
    let dockerfile = "FROM node:22-slim\nCOPY --from=packages /pkgs /app/packages\n";
    let with = ws_with(
        "services:\n  api:\n    build:\n      context: api\n      additional_contexts:\n        packages: ../packages\n",
        &[("api/Dockerfile", dockerfile)],
    );
    let r = lint(&with, &Config::default());
    assert!(
        !r.findings.iter().any(|f| f.rule == "copy-from-unknown"),
        "{:?}",
        r.findings
    );
    let without = ws_with(
        "services:\n  api:\n    build: api\n",
        &[("api/Dockerfile", dockerfile)],
    );
    let r = lint(&without, &Config::default());
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "copy-from-unknown")
        .expect("reported without the context");
    assert_eq!(f.aliases, ["DL3022"]);
}

#[test]
fn consistency_rules_on_a_project() {
    // One project: compose builds four services; a test fixture and a second, separate project
    // (its own compose file) are not compared with it.
    let compose = "services:\n  api:\n    build: api\n  worker:\n    build: worker\n  web:\n    build: web\n  admin:\n    build: admin\n";
    let api = "FROM python:3.12-slim\nRUN useradd -u 1000 app\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt\nUSER app\n";
    let worker = "ARG PY=3.11\nFROM python:${PY}-slim\nRUN useradd -u 1001 app\nRUN --mount=type=cache,target=/tmp/pip pip install -r requirements.txt\nUSER app\n";
    let web = "FROM node:22-alpine\nRUN --mount=type=cache,target=/root/.npm npm ci\nUSER 1000\n";
    let admin = "FROM node:22-alpine\nRUN yarn install --frozen-lockfile\nUSER 1000\n";
    let ws = ws_with(
        compose,
        &[
            ("api/Dockerfile", api),
            ("worker/Dockerfile", worker),
            ("web/Dockerfile", web),
            ("admin/Dockerfile", admin),
            (
                "tests/e2e/Dockerfile",
                "FROM python:3.8\nRUN pipenv install\n",
            ),
            ("other/compose.yaml", "services:\n  x:\n    build: .\n"),
            ("other/Dockerfile", "FROM python:3.9\nUSER 4242\n"),
        ],
    );
    let r = lint(&ws, &Config::default());
    let got: Vec<(&str, &str, usize)> = r
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("inconsistent-"))
        .map(|f| (f.rule, f.file.as_str(), f.line))
        .collect();
    assert_eq!(
        got,
        vec![
            ("inconsistent-package-manager", "admin/Dockerfile", 2),
            ("inconsistent-base-images", "api/Dockerfile", 1),
            ("inconsistent-uids", "api/Dockerfile", 2),
            ("inconsistent-cache-mounts", "api/Dockerfile", 3),
            ("inconsistent-package-manager", "web/Dockerfile", 2),
            ("inconsistent-base-images", "worker/Dockerfile", 2),
            ("inconsistent-uids", "worker/Dockerfile", 3),
            ("inconsistent-cache-mounts", "worker/Dockerfile", 4),
        ],
        "{:#?}",
        r.findings
    );
    let base = r
        .findings
        .iter()
        .find(|f| f.rule == "inconsistent-base-images" && f.file == "worker/Dockerfile")
        .unwrap();
    assert!(
        base.message
            .starts_with("`python:3.11-slim` (from `python:${PY}-slim`) here, but `python:3.12-slim` in api/Dockerfile:1"),
        "{}",
        base.message
    );
    assert_eq!(base.column, 6, "points at the image word of the FROM");
}

#[test]
fn consistency_findings_respect_pragmas_and_explain_shows_the_file() {
    let ws = ws_with(
        "services:\n  a:\n    build: a\n  b:\n    build: b\n",
        &[
            (
                "a/Dockerfile",
                "# hadolint global ignore=inconsistent-base-images\nFROM node:20\n",
            ),
            ("b/Dockerfile", "FROM node:22\n"),
        ],
    );
    let r = lint(&ws, &Config::default());
    assert!(
        !r.findings
            .iter()
            .any(|f| f.rule == "inconsistent-base-images"),
        "{:?}",
        r.findings
    );
    let m = shipshape_core::lint::find_rule("inconsistent-base-images").expect("registered");
    assert_eq!(example_path(m.bad), "api/Dockerfile");
}
