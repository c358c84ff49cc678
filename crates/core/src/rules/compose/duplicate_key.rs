//! compose-duplicate-key: the same key twice in one mapping.

use super::dclint_common::remove_entry_lines;
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::source::{LineIndex, Span};
use crate::yaml::{Entry, Kind, Node};

pub struct DuplicateKey;

static META: RuleMeta = rule_meta! {
    id: "compose-duplicate-key",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A key appears twice in the same mapping",
    why: "YAML forbids duplicate keys and `docker compose` refuses the file (`mapping key already \
defined`). Other tools silently keep one of the two values, so a duplicated `environment:` or service \
name hides half of the configuration. shipshape keeps parsing (the first occurrence wins) and points \
at the second.\n\n\
The fix deletes the first occurrence (its key and value), keeping the later one: the lenient YAML \
loaders that accepted such files (PyYAML in the old `docker-compose`, most YAML libraries) let the \
later key win, so that is the configuration the file has been running with. It is unsafe because \
nothing says which one the author meant: read both before applying it.",
    bad: "services:\n  web:\n    image: nginx:1.27\n  web:\n    image: nginx:1.26\n",
    good: "services:\n  web:\n    image: nginx:1.27\n  web-old:\n    image: nginx:1.26\n",
    has_fix: true,
    files: &[],
    references: &["https://yaml.org/spec/1.2.2/#mapping"],
};

/// The entry whose key is at `key` (the first occurrence of a duplicate), anywhere in the tree.
fn entry_with_key(node: &Node, key: Span) -> Option<&Entry> {
    match &node.kind {
        Kind::Map(entries) => entries.iter().find_map(|e| {
            if e.key.span == key {
                Some(e)
            } else {
                entry_with_key(&e.value, key)
            }
        }),
        Kind::Seq(items) => items.iter().find_map(|n| entry_with_key(n, key)),
        Kind::Scalar(..) => None,
    }
}

impl WorkspaceRule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
            let index = LineIndex::new(text);
            for d in &c.yaml.duplicate_keys {
                let first = index.line_col(text, d.first.start).line;
                let fix = c
                    .yaml
                    .documents
                    .iter()
                    .find_map(|doc| entry_with_key(doc, d.first))
                    // An anchored value may be shared with an alias elsewhere: leave it.
                    .filter(|e| {
                        !text[e.key.span.end..e.value.span.start.max(e.key.span.end)].contains('&')
                    })
                    .and_then(|e| remove_entry_lines(&c.fix_budget, text, &e.key, &e.value))
                    .map(|edit| {
                        Fix::unsafe_(
                            format!(
                                "Delete the first `{}` (line {first}), keeping this one",
                                d.key
                            ),
                            vec![edit],
                        )
                    });
                let mut diag = Diagnostic::new(
                    d.span,
                    format!("`{}` is already defined on line {first}", d.key),
                );
                diag.fix = fix;
                out.push((c.path.clone(), diag));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::DuplicateKey;

    #[test]
    fn fix_keeps_the_later_key() {
        assert_eq!(
            bad_example_fixes(&DuplicateKey),
            ["services:\n  web:\n    image: nginx:1.26\n"]
        );
    }

    #[test]
    fn nested_and_scalar_duplicates() {
        let src = "services:\n  web:\n    image: a:1\n    environment:\n      A: 1\n      B: 2\n      A: 3\n    image: b:2\n";
        let mut ws = crate::Workspace::new();
        ws.add("compose.yaml", src);
        let r = crate::lint(&ws, &crate::Config::default());
        let fixed: Vec<String> = r
            .findings
            .iter()
            .filter(|f| f.rule == "compose-duplicate-key")
            .map(|f| crate::diagnostics::apply_edits(src, &f.fix.as_ref().unwrap().edits).unwrap())
            .collect();
        assert_eq!(
            fixed,
            [
                "services:\n  web:\n    image: a:1\n    environment:\n      B: 2\n      A: 3\n    image: b:2\n",
                "services:\n  web:\n    environment:\n      A: 1\n      B: 2\n      A: 3\n    image: b:2\n",
            ]
        );
    }
}
