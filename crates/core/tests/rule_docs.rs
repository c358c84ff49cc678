//! Generated from the registry: every rule has docs, its bad example triggers it, its good example
//! does not, and every fix it offers applies cleanly and still parses.

use shipshape_core::{fix::apply_edits, lint, rules, Config, Workspace};

fn config_enabling(id: &str) -> Config {
    Config {
        enabled: vec![id.to_string()],
        ..Config::default()
    }
}

#[test]
fn every_rule_has_docs_and_examples_that_work() {
    let mut ids = std::collections::HashSet::new();
    for rule in rules::registry::dockerfile_rules().collect::<Vec<_>>() {
        let m = rule.meta();
        assert!(ids.insert(m.id), "duplicate rule id {}", m.id);
        assert!(
            !m.summary.is_empty() && !m.why.is_empty(),
            "{} lacks docs",
            m.id
        );
        assert!(!m.references.is_empty(), "{} lacks references", m.id);
        let config = config_enabling(m.id);

        let mut bad = Workspace::new();
        bad.add("Dockerfile", m.bad);
        for (path, text) in m.files {
            bad.add(*path, *text);
        }
        let report = lint(&bad, &config);
        assert!(
            report.errors.is_empty(),
            "{}: bad example has parse errors {:?}",
            m.id,
            report.errors
        );
        let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == m.id).collect();
        assert!(
            !hits.is_empty(),
            "{}: the bad example does not trigger the rule",
            m.id
        );

        if m.has_fix {
            let fixed: Vec<_> = hits.iter().filter_map(|f| f.fix.as_ref()).collect();
            assert!(
                !fixed.is_empty(),
                "{}: claims a fix but the bad example gets none",
                m.id
            );
            for fix in fixed {
                let out = apply_edits(m.bad, &fix.edits).expect("fix applies");
                let mut ws = Workspace::new();
                ws.add("Dockerfile", out.clone());
                for (path, text) in m.files {
                    ws.add(*path, *text);
                }
                let after = lint(&ws, &config);
                assert!(
                    after.errors.is_empty(),
                    "{}: fixed text does not parse:\n{out}",
                    m.id
                );
                assert!(
                    !after.findings.iter().any(|f| f.rule == m.id),
                    "{}: the fix does not remove the finding:\n{out}",
                    m.id
                );
            }
        }

        let mut good = Workspace::new();
        good.add("Dockerfile", m.good);
        for (path, text) in m.files {
            good.add(*path, *text);
        }
        let report = lint(&good, &config);
        assert!(
            report.errors.is_empty(),
            "{}: good example has parse errors {:?}",
            m.id,
            report.errors
        );
        let hits: Vec<_> = report.findings.iter().filter(|f| f.rule == m.id).collect();
        assert!(
            hits.is_empty(),
            "{}: the good example triggers it: {hits:?}",
            m.id
        );
    }
    assert!(ids.len() >= 10);
}

#[test]
fn at_least_three_rules_offer_fixes() {
    let n = rules::registry::dockerfile_rules()
        .collect::<Vec<_>>()
        .iter()
        .filter(|r| r.meta().has_fix)
        .count();
    assert!(n >= 3, "only {n} rules have fixes");
}
