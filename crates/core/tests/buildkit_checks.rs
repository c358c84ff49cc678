//! Every BuildKit build check is implemented by exactly one rule (id or alias), except the one that
//! needs registry access; docs/buildkit-checks.md lists them all.

mod common;

use shipshape_core::check_directive::BUILDKIT_CHECKS;
use shipshape_core::lint::all_rules;

/// Checks that cannot run offline, with the reason shown in the docs.
const UNAVAILABLE: &[&str] = &["InvalidBaseImagePlatform"];

#[test]
fn every_buildkit_check_has_a_rule_and_a_docs_row() {
    let docs =
        std::fs::read_to_string(common::manifest_dir().join("../../docs/buildkit-checks.md"))
            .unwrap();
    for name in BUILDKIT_CHECKS {
        assert!(
            docs.contains(&format!("| {name} |")),
            "docs/buildkit-checks.md has no row for {name}"
        );
        let rules: Vec<_> = all_rules()
            .into_iter()
            .filter(|m| m.id == *name || m.aliases.contains(name))
            .collect();
        if UNAVAILABLE.contains(name) {
            assert!(rules.is_empty());
            continue;
        }
        assert!(!rules.is_empty(), "no rule implements {name}");
        // MultipleInstructionsDisallowed is shared by DL4003/DL4004/DL3012 (one per instruction kind).
        if *name != "MultipleInstructionsDisallowed" {
            assert_eq!(
                rules.len(),
                1,
                "{name} is implemented twice: {:?}",
                rules.iter().map(|m| m.id).collect::<Vec<_>>()
            );
        }
        let row = docs
            .lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap();
        for m in &rules {
            assert!(row.contains(m.id), "row for {name} should name {}", m.id);
            let fix = if m.has_fix { "yes" } else { "no" };
            assert!(
                row.contains(&format!("| {fix} |")),
                "row for {name} should say fix {fix}: {row}"
            );
        }
    }
}
