//! dclint's comment directives in compose files, honoured for every compose finding (rules are named by
//! id or alias, case-insensitively; naming none means all rules):
//!
//! - `# dclint disable-file` as the first line (blank lines and `---` skipped): nothing in the file is reported.
//! - `# dclint disable [rules...]` on that first line: those rules are off for the whole file.
//! - `# dclint disable-line [rules...]` on any line: at the end of a line it covers that line; alone on
//!   a comment line it covers the next line.
//!
//! As in dclint, the directives are found in the raw text (also inside a quoted value), and a finding is
//! matched by its line. Findings on an entry of a list are also covered by a `disable-line` for the
//! line of the list's key (dclint reports `ports` problems on the `ports:` line). One deliberate
//! difference: dclint reads a `# dclint disable-line x` that happens to be the file's first line as a
//! file-wide `disable` of the rules `-line` and `x`; here it only covers line 2.

use super::edit::{real_end, written_entries, written_items, written_value};
use super::ComposeFile;
use crate::diagnostics::Finding;
use crate::source::LineIndex;
use crate::workspace::Workspace;
use crate::yaml::{Kind, Node};
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directives {
    /// `# dclint disable-file`.
    pub file: bool,
    /// `# dclint disable ...` on the first line: the rules named (empty: all).
    pub global: Option<Vec<String>>,
    /// `# dclint disable-line ...`: (1-based line covered, rules named (empty: all)).
    pub lines: Vec<(usize, Vec<String>)>,
}

/// After `#`: optional spaces, `dclint`, spaces, then `word`; returns the rest of the line.
fn directive<'a>(line: &'a str, word: &str) -> Option<&'a str> {
    line.match_indices('#').find_map(|(i, _)| {
        let rest = line[i + 1..].trim_start().strip_prefix("dclint")?;
        let after = rest.trim_start();
        if after.len() == rest.len() {
            return None;
        }
        after.strip_prefix(word)
    })
}

fn rule_list(rest: &str) -> Vec<String> {
    rest.split_whitespace().map(str::to_string).collect()
}

impl Directives {
    pub fn parse(text: &str) -> Self {
        let mut d = Directives::default();
        if let Some(first) = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && *l != "---")
        {
            if first.starts_with('#') && directive(first, "disable-file").is_some() {
                d.file = true;
            } else if let Some(rest) = directive(first, "disable").filter(|r| !r.starts_with('-')) {
                d.global = Some(rule_list(rest));
            }
        }
        for (i, line) in text.lines().enumerate() {
            if let Some(rest) = directive(line, "disable-line") {
                let target = if line.trim_start().starts_with('#') {
                    i + 2
                } else {
                    i + 1
                };
                d.lines.push((target, rule_list(rest)));
            }
        }
        d
    }

    pub fn is_empty(&self) -> bool {
        !self.file && self.global.is_none() && self.lines.is_empty()
    }

    /// Whether a finding of the rule known by `names` (id and aliases), reported on one of `lines`
    /// (1-based), is switched off.
    pub fn silences(&self, names: &[&str], lines: &[usize]) -> bool {
        let named = |rules: &Vec<String>| {
            rules.is_empty()
                || rules
                    .iter()
                    .any(|r| names.iter().any(|n| n.eq_ignore_ascii_case(r)))
        };
        self.file
            || self.global.as_ref().map(named).unwrap_or(false)
            || self
                .lines
                .iter()
                .any(|(l, rules)| lines.contains(l) && named(rules))
    }
}

/// The offset of the key whose list holds the entry at `at` (the innermost such list).
fn list_key(text: &str, node: &Node, at: usize) -> Option<usize> {
    let inside = |n: &Node| n.span.start <= at && at < real_end(text, n);
    match &node.kind {
        Kind::Map(_) => {
            for e in written_entries(node) {
                let Some(v) = written_value(e).filter(|v| inside(v)) else {
                    continue;
                };
                if let Kind::Seq(_) = v.kind {
                    let item = written_items(v).into_iter().find(|i| inside(i))?;
                    return list_key(text, item, at).or(Some(e.key.span.start));
                }
                return list_key(text, v, at);
            }
            None
        }
        Kind::Seq(_) => written_items(node)
            .into_iter()
            .find(|i| inside(i))
            .and_then(|i| list_key(text, i, at)),
        Kind::Scalar(..) => None,
    }
}

/// Remove the findings from `from` on that `# dclint` directives in their compose file switch off.
pub fn retain_unsilenced(
    ws: &Workspace,
    composes: &[ComposeFile],
    findings: &mut Vec<Finding>,
    from: usize,
) {
    // Per file: its directives (if any) and its line index, made once.
    let mut cache: HashMap<String, Option<(Directives, LineIndex)>> = HashMap::new();
    let mut n = 0;
    findings.retain(|f| {
        n += 1;
        if n <= from {
            return true;
        }
        let directives = cache.entry(f.file.clone()).or_insert_with(|| {
            let file = ws
                .get(&f.file)
                .filter(|file| file.kind == crate::workspace::FileKind::Compose)?;
            Some(Directives::parse(&file.text))
                .filter(|d| !d.is_empty())
                .map(|d| (d, LineIndex::new(&file.text)))
        });
        let silenced = directives.as_ref().is_some_and(|(d, index)| {
            let mut lines = vec![f.line];
            if let (Some(c), Some(file)) =
                (composes.iter().find(|c| c.path == f.file), ws.get(&f.file))
            {
                if let Some(key) = c.root().and_then(|r| list_key(&file.text, r, f.span.start)) {
                    lines.push(index.line_col(&file.text, key).line);
                }
            }
            let mut names = vec![f.rule];
            names.extend(f.aliases.iter().copied());
            d.silences(&names, &lines)
        });
        !silenced
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dclint_forms() {
        let d = Directives::parse(
            "\n---\n# dclint disable no-version-field top-level-properties-order\nversion: '3'\n",
        );
        assert_eq!(
            d.global,
            Some(vec![
                "no-version-field".to_string(),
                "top-level-properties-order".to_string()
            ])
        );
        assert!(!d.file);
        assert!(Directives::parse("# dclint disable-file\nservices: {}\n").file);
        assert_eq!(Directives::parse("#dclint disable\n").global, Some(vec![]));
        let d = Directives::parse("services:\n  a:\n    # dclint disable-line\n    image: x\n    ports: [] # dclint disable-line no-unbound-port-interfaces\n");
        assert_eq!(
            d.lines,
            vec![
                (4, vec![]),
                (5, vec!["no-unbound-port-interfaces".to_string()])
            ]
        );
        assert_eq!(
            d.global, None,
            "only the first line holds file-wide directives"
        );
        // `disable-line` on the first line is not a file-wide `disable`.
        let d = Directives::parse("# dclint disable-line x\nversion: '3'\n");
        assert_eq!(
            (d.global.clone(), d.lines.clone()),
            (None, vec![(2, vec!["x".to_string()])])
        );
        assert!(d.silences(&["compose-x", "X"], &[2]));
        assert!(!d.silences(&["y"], &[2]));
        assert!(Directives::parse("# just a comment # dclintdisable\n").is_empty());
    }
}
