//! Generated from the cross-file registry: each rule's bad `compose.yaml` (with its `files`) triggers it,
//! the good one does not; plus the wiring rules on realistic workspaces.

use shipshape_core::compose::rules::registry;
use shipshape_core::{lint, Config, Workspace};

fn ws_with(compose: &str, files: &[(&str, &str)]) -> Workspace {
    let mut ws = Workspace::new();
    ws.add("compose.yaml", compose);
    for (p, t) in files {
        ws.add(*p, *t);
    }
    ws
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
        let bad = lint(&ws_with(m.bad, m.files), &Config::default());
        assert!(bad.errors.is_empty(), "{}: {:?}", m.id, bad.errors);
        assert!(
            bad.findings.iter().any(|f| f.rule == m.id),
            "{}: bad example does not trigger: {:?}",
            m.id,
            bad.findings
        );
        let good = lint(&ws_with(m.good, m.files), &Config::default());
        let hits: Vec<_> = good.findings.iter().filter(|f| f.rule == m.id).collect();
        assert!(hits.is_empty(), "{}: good example triggers: {hits:?}", m.id);
    }
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
    // anchors.md §8.2 #1: `COPY --from=packages` with `additional_contexts: packages: ...` is valid.
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
    assert_eq!(f.aliases, vec!["DL3022"]);
}
