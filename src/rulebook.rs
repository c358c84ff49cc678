//! The rule pages' logic: every rule of the core's one registry (the metadata `shipshape explain`
//! prints), searchable and filterable, and for one rule its examples as workspaces and its fix as
//! a diff on the bad example. Plain Rust, tested natively; `app/rules_page.rs` draws it.

use shipshape_core::rules::examples::{self, Example};
use shipshape_core::rules::registry::{self, Check};
use shipshape_core::{fix::apply_edits, lint, Category, Config, RuleMeta, Severity};

pub const CATEGORIES: [Category; 5] = [
    Category::Correctness,
    Category::Security,
    Category::Reproducibility,
    Category::Performance,
    Category::Style,
];

pub const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::Warning,
    Severity::Info,
    Severity::Style,
];

/// Every rule, in the registry's order.
pub fn all() -> &'static [Check] {
    registry::all()
}

/// A rule by id or alias (as `shipshape explain` finds it).
pub fn find(id_or_alias: &str) -> Option<&'static Check> {
    registry::find_check(id_or_alias)
}

/// Does the rule match a search and the filters? Every word of `query` must appear (ignoring case)
/// in the id, an alias, the summary or the explanation.
pub fn matches(
    m: &RuleMeta,
    query: &str,
    category: Option<Category>,
    severity: Option<Severity>,
) -> bool {
    if category.is_some_and(|c| c != m.category) || severity.is_some_and(|s| s != m.severity) {
        return false;
    }
    let hay = format!(
        "{} {} {} {}",
        m.id,
        m.aliases.join(" "),
        m.summary(),
        m.why()
    )
    // ASCII case folding: the rules' text is English, and Unicode's case tables would cost the
    // page ~4.6 KB brotli for nothing a search of it can find.
    .to_ascii_lowercase();
    query
        .split_whitespace()
        .all(|w| hay.contains(&w.to_ascii_lowercase()))
}

/// Whether every word of `query` is part of the rule's id or one of its aliases (the rule is
/// named by the search, not only mentioned): those are listed first.
pub fn names(m: &RuleMeta, query: &str) -> bool {
    let names = format!("{} {}", m.id, m.aliases.join(" ")).to_ascii_lowercase();
    !query.trim().is_empty()
        && query
            .split_whitespace()
            .all(|w| names.contains(&w.to_ascii_lowercase()))
}

/// Which tool an alias comes from: hadolint's `DL`/`SC` codes, BuildKit's CamelCase check names,
/// dclint's kebab-case names for compose rules, tally's for Dockerfile rules.
pub fn alias_tool(check: &Check, alias: &str) -> &'static str {
    let code = |p: &str| {
        alias
            .strip_prefix(p)
            .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    };
    if code("DL") || code("SC") {
        "hadolint"
    } else if alias.bytes().any(|b| b.is_ascii_uppercase()) {
        "BuildKit"
    } else if matches!(check, Check::Workspace(_)) {
        "dclint"
    } else {
        "tally"
    }
}

/// A rule's example as (path, text) files, ready for the playground.
pub fn example_files(check: &Check, which: Example) -> Vec<(String, String)> {
    examples::example_files(check, which)
        .into_iter()
        .map(|(p, t)| (p.to_string(), t))
        .collect()
}

/// The rule's fix on its bad example, as a unified diff (None when the rule has no fix).
pub fn fix_diff(check: &Check) -> Option<String> {
    let m = check.meta();
    if !m.has_fix {
        return None;
    }
    let path = examples::path_of(check, Example::Bad);
    let report = lint(
        &examples::example_workspace(check, Example::Bad),
        &Config::default(),
    );
    let fix = report
        .findings
        .iter()
        .filter(|f| f.rule == m.id && f.file == path)
        .find_map(|f| f.fix.as_ref())?;
    let fixed = apply_edits(m.bad(), &fix.edits).ok()?;
    Some(shipshape_core::diff::unified(path, m.bad(), &fixed, 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule of the registry has a page: found by its id and each alias, with a bad example
    /// that triggers it in the playground's configuration and a good one that does not, and a fix
    /// diff exactly when the rule has a fix.
    #[test]
    fn every_rule_has_a_page_whose_examples_work() {
        assert!(all().len() >= 100);
        for c in all() {
            let m = c.meta();
            assert!(std::ptr::eq(find(m.id).unwrap().meta(), m), "{}", m.id);
            for a in m.aliases {
                assert!(find(a).is_some(), "{}: alias {a}", m.id);
            }
            assert!(!m.summary().is_empty() && !m.why().is_empty(), "{}", m.id);
            let lint_of = |which| {
                let mut ws = shipshape_core::Workspace::new();
                for (p, t) in example_files(c, which) {
                    ws.add(p, t);
                }
                lint(&ws, &Config::default())
            };
            let bad = lint_of(Example::Bad);
            assert!(bad.errors.is_empty(), "{}: {:?}", m.id, bad.errors);
            assert!(
                bad.findings.iter().any(|f| f.rule == m.id),
                "{}: bad example is quiet",
                m.id
            );
            let good = lint_of(Example::Good);
            assert!(
                !good.findings.iter().any(|f| f.rule == m.id),
                "{}: good example triggers",
                m.id
            );
            let diff = fix_diff(c);
            assert_eq!(diff.is_some(), m.has_fix, "{}", m.id);
            if let Some(d) = diff {
                assert!(
                    d.contains("\n-") || d.contains("\n+"),
                    "{}: empty diff {d}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn search_and_filters() {
        let dl3007 = find("DL3007").unwrap().meta();
        assert!(matches(dl3007, "latest", None, None));
        // Named by an alias versus only mentioned in the explanation.
        let json = find("DL3025").unwrap().meta();
        assert!(names(json, "jsonargs"));
        assert!(!names(
            find("pragma-unknown-rule").unwrap().meta(),
            "jsonargs"
        ));
        assert!(!names(json, ""));
        assert!(matches(
            dl3007,
            "LATEST tag",
            Some(Category::Reproducibility),
            None
        ));
        assert!(!matches(dl3007, "latest", Some(Category::Style), None));
        assert!(!matches(dl3007, "latest", None, Some(Severity::Error)));
        let json = find("JSONArgsRecommended").unwrap();
        assert_eq!(json.meta().id, "DL3025");
        assert!(
            matches(json.meta(), "jsonargs", None, None),
            "aliases are searched"
        );
        let hits = all()
            .iter()
            .filter(|c| matches(c.meta(), "healthcheck", None, None))
            .count();
        assert!(hits >= 3 && hits < all().len());
    }

    #[test]
    fn aliases_name_their_tool() {
        let c = find("DL3025").unwrap();
        assert_eq!(alias_tool(c, "JSONArgsRecommended"), "BuildKit");
        assert_eq!(
            alias_tool(find("copy-from-unknown").unwrap(), "DL3022"),
            "hadolint"
        );
        assert_eq!(
            alias_tool(find("unused-stage").unwrap(), "no-unreachable-stages"),
            "tally"
        );
        assert_eq!(
            alias_tool(
                find("compose-no-version-field").unwrap(),
                "no-version-field"
            ),
            "dclint"
        );
    }
}
