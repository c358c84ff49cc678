//! compose-duplicate-key: the same key twice in one mapping.

use super::WorkspaceRule;
use crate::compose::links::Analysis;
use crate::rules::{Category, Diagnostic, RuleMeta, Severity};
use crate::source::LineIndex;

pub struct DuplicateKey;

static META: RuleMeta = RuleMeta {
    id: "compose-duplicate-key",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A key appears twice in the same mapping",
    why: "YAML forbids duplicate keys and `docker compose` refuses the file (`mapping key already \
defined`). Other tools silently keep one of the two values, so a duplicated `environment:` or service \
name hides half of the configuration. shipshape keeps parsing (the first occurrence wins) and points \
at the second.",
    bad: "services:\n  web:\n    image: nginx:1.27\n  web:\n    image: nginx:1.26\n",
    good: "services:\n  web:\n    image: nginx:1.27\n  web-old:\n    image: nginx:1.26\n",
    has_fix: false,
    files: &[],
    references: &["https://yaml.org/spec/1.2.2/#mapping"],
};

impl WorkspaceRule for DuplicateKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
            let index = LineIndex::new(text);
            for d in &c.yaml.duplicate_keys {
                let first = index.line_col(text, d.first.start).line;
                out.push((
                    c.path.clone(),
                    Diagnostic::new(
                        d.span,
                        format!("`{}` is already defined on line {first}", d.key),
                    ),
                ));
            }
        }
    }
}
