//! The project's own Dockerfile and compose.yaml are what shipshape recommends: no findings, score 100.

mod common;

use shipshape_core::report::markdown::score;
use shipshape_core::{lint, Config, Workspace};

#[test]
fn our_own_dockerfile_and_compose_file_score_100() {
    let root = common::manifest_dir().join("../..");
    let mut ws = Workspace::new();
    for name in ["Dockerfile", "compose.yaml", ".dockerignore"] {
        let text =
            std::fs::read_to_string(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        ws.add(name, text);
    }
    let report = lint(&ws, &Config::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let findings: Vec<String> = report
        .findings
        .iter()
        .map(|f| format!("{}:{} {} {}", f.file, f.line, f.rule, f.message))
        .collect();
    assert!(
        findings.is_empty(),
        "our own files have findings:\n{}",
        findings.join("\n")
    );
    assert_eq!(score(&report, "Dockerfile"), 100);
    assert_eq!(score(&report, "compose.yaml"), 100);
}
