//! Fixes proven safe on the whole corpus (and on generated variants of it): after applying every
//! safe fix the file still parses, no safe-fixable finding is left, a second round changes nothing,
//! and instructions no fix touched stay byte-identical.

mod common;

use shipshape_core::dockerfile;
use shipshape_core::fix::{fix_workspace, FixOptions};
use shipshape_core::{lint, Config, FileKind, Workspace};

fn instructions(text: &str) -> Vec<String> {
    let df = dockerfile::parse(text);
    df.instructions()
        .map(|i| i.span.slice(text).to_string())
        .collect()
}

fn check(name: &str, text: &str, stats: &mut (usize, usize, usize)) {
    let mut ws = Workspace::new();
    ws.add_as("Dockerfile", text, FileKind::Dockerfile);
    let config = Config::default();
    let before_errors = dockerfile::parse(text).errors.len();
    let out = fix_workspace(&ws, &config, &FixOptions::default());
    stats.0 += 1;
    let Some(fixed) = out.first() else { return };
    stats.1 += 1;
    stats.2 += fixed.applied.len();
    let after = &fixed.after;
    let df = dockerfile::parse(after);
    assert!(
        df.errors.len() <= before_errors,
        "{name}: fixing added parse errors {:?}\n{after}",
        df.errors
    );
    assert_eq!(df.reconstruct(after), *after);
    let mut ws2 = Workspace::new();
    ws2.add_as("Dockerfile", after.clone(), FileKind::Dockerfile);
    let left: Vec<_> = lint(&ws2, &config)
        .findings
        .into_iter()
        .filter(|f| {
            f.fix
                .as_ref()
                .map(|x| x.applicability == shipshape_core::Applicability::Safe)
                .unwrap_or(false)
        })
        .map(|f| format!("{} {}:{}", f.rule, f.line, f.column))
        .collect();
    assert!(
        left.is_empty(),
        "{name}: safe fixes left after fixing: {left:?}"
    );
    assert!(
        fix_workspace(&ws2, &config, &FixOptions::default()).is_empty(),
        "{name}: a second round changed something"
    );
    let before = instructions(text);
    let now = instructions(after);
    let changed = before.iter().filter(|i| !now.contains(i)).count();
    assert!(
        changed <= fixed.applied.len(),
        "{name}: {changed} instructions changed by {} fixes",
        fixed.applied.len()
    );
}

#[test]
fn safe_fixes_hold_on_the_corpus() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut stats = (0, 0, 0);
    for f in common::dockerfiles(&corpus) {
        check(&common::name(&f), &common::read(&f), &mut stats);
    }
    println!(
        "corpus: {} files, {} changed by safe fixes, {} fixes applied",
        stats.0, stats.1, stats.2
    );
    assert!(stats.1 > 20, "the corpus should exercise the fixes");
}

/// Deterministic variants of corpus files that provoke fixable findings: keyword casing flips,
/// empty continuation lines, legacy ENV, MAINTAINER, ADD, duplicate CMDs.
#[test]
fn safe_fixes_hold_on_generated_variants() {
    let Some(corpus) = common::corpus() else {
        return;
    };
    let mut seed: u64 = 0x5eed;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut stats = (0, 0, 0);
    for f in common::dockerfiles(&corpus).iter().step_by(3) {
        let text = common::read(f);
        let mut out = String::new();
        for line in text.lines() {
            let r = next() % 12;
            let l = match r {
                0 => line.to_lowercase(),
                1 if line.trim_end().ends_with('\\') => format!("{line}\n"),
                _ => line.to_string(),
            };
            out.push_str(&l);
            out.push('\n');
            match next() % 40 {
                0 => out.push_str("MAINTAINER someone <a@b.c>\n"),
                1 => out.push_str("ENV LEGACY_KEY legacy\n"),
                2 => out.push_str("ADD local.txt /tmp/\n"),
                3 => out.push_str("CMD [\"true\"]\n"),
                _ => {}
            }
        }
        check(&format!("variant of {}", common::name(f)), &out, &mut stats);
    }
    println!(
        "variants: {} files, {} changed, {} fixes applied",
        stats.0, stats.1, stats.2
    );
}
