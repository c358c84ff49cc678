//! Rule names on the command line: ids, aliases, and glob patterns (`DL30*`, `SC*`, `compose-*`,
//! `DL300?`) matched case-insensitively against every rule's id and aliases. Patterns are expanded
//! here, before the core's `Config` is built, so the core only ever sees rule ids and aliases.

use shipshape_core::lint::{all_rules, find_rule};
use shipshape_core::RuleMeta;

/// Whether a name is a pattern (holds `*` or `?`) rather than a rule id or alias.
pub fn is_pattern(name: &str) -> bool {
    name.contains(['*', '?'])
}

/// `*` matches any run of characters, `?` one character; ASCII case is ignored.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().map(|c| c.to_ascii_lowercase()).collect();
    let n: Vec<char> = name.chars().map(|c| c.to_ascii_lowercase()).collect();
    // Iterative matching with backtracking to the last `*` (linear in practice, never recursive).
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The rules a pattern matches (by id or any alias), in registry order.
pub fn matching(pattern: &str) -> Vec<&'static RuleMeta> {
    all_rules()
        .into_iter()
        .filter(|m| {
            std::iter::once(m.id)
                .chain(m.aliases.iter().copied())
                .any(|n| glob_match(pattern, n))
        })
        .collect()
}

/// Expand a list of rule names: ids and aliases stay as given, patterns become the ids they match.
/// An unknown name, or a pattern that matches no rule, is an error for the user (exit 2).
pub fn expand(names: &[String], flag: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for name in names {
        if is_pattern(name) {
            let found = matching(name);
            if found.is_empty() {
                return Err(format!(
                    "{flag}: the pattern {name:?} matches no rule (see `shipshape rules`)"
                ));
            }
            out.extend(found.into_iter().map(|m| m.id.to_string()));
        } else if let Some(m) = find_rule(name) {
            // A namespaced name (`tally/no-unreachable-stages`) becomes the rule's own id.
            out.push(if name.contains('/') {
                m.id.to_string()
            } else {
                name.clone()
            });
        } else {
            return Err(format!(
                "{flag}: unknown rule {name:?} (see `shipshape rules`)"
            ));
        }
    }
    Ok(out)
}

/// What `--select` means for the configuration: every rule it does not name is ignored, and the
/// rules named exactly (not through a pattern) are turned on even when they are off by default.
/// Returns `(ignored, enabled)`.
pub fn select(names: &[String]) -> Result<(Vec<String>, Vec<String>), String> {
    let expanded = expand(names, "--select")?;
    let chosen: Vec<&'static RuleMeta> = expanded.iter().filter_map(|n| find_rule(n)).collect();
    let ignored = all_rules()
        .into_iter()
        .filter(|m| !chosen.iter().any(|c| c.id == m.id))
        .map(|m| m.id.to_string())
        .collect();
    let enabled = names.iter().filter(|n| !is_pattern(n)).cloned().collect();
    Ok((ignored, enabled))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("DL30*", "DL3006"));
        assert!(glob_match("dl30*", "DL3006"));
        assert!(!glob_match("DL30*", "DL4000"));
        assert!(glob_match("DL300?", "DL3006"));
        assert!(!glob_match("DL300?", "DL30060"));
        assert!(glob_match("*", "anything"));
        assert!(glob_match("compose-*", "compose-undefined-service"));
        assert!(glob_match("*-user", "no-user"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(glob_match("**", ""));
        assert!(!glob_match("?", ""));
    }

    #[test]
    fn patterns_expand_to_rule_ids() {
        let dl30 = expand(&["DL30*".into()], "--ignore").unwrap();
        assert!(dl30.contains(&"DL3006".to_string()), "{dl30:?}");
        // By id or by alias (hadolint's DL3057 is `no-healthcheck`).
        assert!(dl30.contains(&"no-healthcheck".to_string()), "{dl30:?}");
        assert!(
            dl30.iter().all(|id| {
                let m = find_rule(id).unwrap();
                std::iter::once(m.id)
                    .chain(m.aliases.iter().copied())
                    .any(|n| n.starts_with("DL30"))
            }),
            "{dl30:?}"
        );
        let sc = expand(&["sc*".into()], "--ignore").unwrap();
        assert!(!sc.is_empty() && sc.iter().all(|id| id.starts_with("SC")));
        // Aliases match too: BuildKit's names.
        let bk = expand(&["Maintainer*".into()], "--ignore").unwrap();
        assert_eq!(bk, ["DL4000"]);
        // Ids and aliases pass through; unknown names and empty patterns are errors.
        assert_eq!(
            expand(&["JSONArgsRecommended".into()], "--ignore").unwrap(),
            ["JSONArgsRecommended"]
        );
        assert!(expand(&["NOPE1".into()], "--ignore").is_err());
        let e = expand(&["XYZ*".into()], "--select").unwrap_err();
        assert!(e.contains("matches no rule"), "{e}");
    }

    #[test]
    fn select_ignores_everything_else() {
        let (ignored, enabled) = select(&["DL4000".into(), "SC*".into()]).unwrap();
        assert!(!ignored.iter().any(|i| i == "DL4000" || i.starts_with("SC")));
        assert!(ignored.iter().any(|i| i == "DL3006"));
        assert_eq!(enabled, ["DL4000"]);
        assert_eq!(
            ignored.len() + 1 + expand(&["SC*".into()], "x").unwrap().len(),
            all_rules().len()
        );
    }
}
