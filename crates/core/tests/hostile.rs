//! Hostile and huge inputs, and the fuzzers' crashes as regression tests. Every input is made
//! here in code (nothing is copied from a corpus). Each must end in findings or a clear error with
//! a line and column: no panic, no stack overflow. No test times itself (speed is
//! `scripts/scale.sh`'s job), but each stays quick in a debug build so CI stays fast.

use shipshape_core::fix::{apply_edits, fix_workspace, FixOptions};
use shipshape_core::{lint, Config, Report, Workspace};

/// The configurations the fuzzers use: the default, and every rule on.
fn configs() -> [Config; 2] {
    [
        Config::default(),
        Config::preset("strict").expect("the strict preset"),
    ]
}

/// What every report must keep (the fuzz targets check the same, fuzz/src/lib.rs): findings and
/// errors inside their file, on character boundaries, from line 1 column 1; every fix applies.
fn check(ws: &Workspace, report: &Report) {
    for f in &report.findings {
        let file = ws
            .get(&f.file)
            .expect("a finding's file is in the workspace");
        let t = &file.text;
        assert!(f.span.start <= f.span.end && f.span.end <= t.len(), "{f:?}");
        assert!(
            t.is_char_boundary(f.span.start) && t.is_char_boundary(f.span.end),
            "{f:?}"
        );
        assert!(f.line >= 1 && f.column >= 1, "{f:?}");
        if let Some(fix) = &f.fix {
            apply_edits(t, &fix.edits).expect("a rule's fix applies");
        }
    }
    for e in &report.errors {
        let file = ws
            .get(&e.file)
            .expect("an error's file is in the workspace");
        assert!(e.span.end <= file.text.len() && file.text.is_char_boundary(e.span.start));
        assert!(
            e.line >= 1 && e.column >= 1 && !e.message.is_empty(),
            "{e:?}"
        );
    }
}

/// Lint `files` with both configurations and apply every fix (unsafe ones too); the report of
/// the strict lint.
fn lint_all(files: &[(&str, &str)]) -> Report {
    let mut ws = Workspace::new();
    for (p, t) in files {
        ws.add(*p, *t);
    }
    let mut last = None;
    for config in configs() {
        let report = lint(&ws, &config);
        check(&ws, &report);
        let opts = FixOptions {
            include_unsafe: true,
            rules: Vec::new(),
        };
        for fixed in fix_workspace(&ws, &config, &opts) {
            let mut again = ws.clone();
            again.add(fixed.path.clone(), fixed.after.clone());
            check(&again, &lint(&again, &config));
        }
        last = Some(report);
    }
    last.expect("two configurations")
}

// ---------------------------------------------------------------------------------------------
// Crashes the fuzzers found (minimised), each fixed in the core.

/// fuzz `compose`: a key ending in a multi-byte character made the service-order fix slice the
/// text inside that character (`compose::edit::line_after`).
#[test]
fn fuzz_compose_key_ending_in_a_multibyte_character() {
    lint_all(&[("compose.yaml", "services:\n  a\u{FFFD}:\n  :")]);
    lint_all(&[(
        "compose.yaml",
        "services:\n  b\u{e9}:\n    image: x\n  a\u{e9}:\n    image: y\n",
    )]);
}
