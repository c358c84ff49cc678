//! Fix application: lint, apply every fix (unsafe ones included) in rounds, re-parse, re-lint.
//! The target repeats `fix_workspace`'s rounds itself, checking that each round's text is the
//! previous text with exactly the round's edits spliced in and nothing else changed, and then
//! that `fix_workspace` arrives at the same texts and reports a fix for every file it changed.
//! Input: files as in the workspace target (plain text is one Dockerfile).
#![no_main]
use libfuzzer_sys::fuzz_target;
use shipshape_core::fix::{apply_edits, fix_workspace, FixOptions, MAX_ROUNDS};
use shipshape_core::{dockerfile, lint, FileKind, TextEdit};
use shipshape_fuzz::check_report;

/// `new` is `old` with `edits` (sorted, not overlapping) spliced in, byte for byte.
fn check_splice(old: &str, edits: &[TextEdit], new: &str) {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    let (mut pos, mut at) = (0, 0);
    for e in sorted {
        let kept = &old[pos..e.start];
        assert!(
            new[at..].starts_with(kept),
            "text outside the edits changed"
        );
        at += kept.len();
        assert!(
            new[at..].starts_with(e.replacement.as_str()),
            "an edit was not applied as given"
        );
        at += e.replacement.len();
        pos = e.end;
    }
    assert_eq!(&new[at..], &old[pos..], "text after the last edit changed");
}

fuzz_target!(|data: &[u8]| {
    let selector = data.first().copied().unwrap_or(0);
    let ws = shipshape_fuzz::split_workspace(&shipshape_fuzz::text(data));
    let config = shipshape_fuzz::config(selector);
    let opts = FixOptions {
        include_unsafe: true,
        rules: Vec::new(),
    };
    let mut current = ws.clone();
    for _ in 0..MAX_ROUNDS {
        let report = lint(&current, &config);
        check_report(&current, &report);
        let mut changed = false;
        for file in ws.files() {
            let cur = current.get(&file.path).expect("every file stays").clone();
            let mut taken: Vec<TextEdit> = Vec::new();
            for f in report.findings.iter().filter(|f| f.file == file.path) {
                let Some(fix) = &f.fix else { continue };
                let clashes = fix.edits.iter().any(|e| {
                    taken.iter().any(|t| {
                        let (a, b) = (e.span(), t.span());
                        a.start < b.end && b.start < a.end
                            || a.start == b.start
                            || (a.is_empty() && b.contains(a.start))
                            || (b.is_empty() && a.contains(b.start))
                    })
                });
                if !clashes {
                    taken.extend(fix.edits.iter().cloned());
                }
            }
            if taken.is_empty() {
                continue;
            }
            let new = apply_edits(&cur.text, &taken).expect("non-overlapping in-range edits apply");
            check_splice(&cur.text, &taken, &new);
            if new != cur.text {
                current.add_as(file.path.clone(), new, file.kind);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let fixed = fix_workspace(&ws, &config, &opts);
    for file in ws.files() {
        let want = &current.get(&file.path).expect("every file stays").text;
        match fixed.iter().find(|f| f.path == file.path) {
            Some(f) => {
                assert_eq!(&f.before, &file.text);
                assert_eq!(&f.after, want, "fix_workspace differs from its rounds");
                assert!(!f.applied.is_empty(), "a file changed with no fix named");
            }
            None => assert_eq!(want, &file.text, "fix_workspace left out a changed file"),
        }
        if file.kind == FileKind::Dockerfile {
            let df = dockerfile::parse(want);
            assert_eq!(
                &df.reconstruct(want),
                want,
                "the fixed file parses losslessly"
            );
        }
    }
    assert!(
        fixed.iter().all(|f| ws.get(&f.path).is_some()),
        "only files of the workspace"
    );
    let report = lint(&current, &config);
    check_report(&current, &report);
});
