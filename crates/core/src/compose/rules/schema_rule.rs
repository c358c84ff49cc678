//! compose-schema: the file does not follow the official Compose schema.

use super::WorkspaceRule;
use crate::compose::links::Analysis;
use crate::compose::schema::validate;
use crate::rules::{Category, Diagnostic, RuleMeta, Severity};

pub struct ComposeSchema;

static META: RuleMeta = RuleMeta {
    id: "compose-schema",
    aliases: &["invalid-schema"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Not valid according to the Compose specification's schema",
    why: "`docker compose` rejects files that do not match the Compose schema: a misspelt key (`imagee`), \
a value of the wrong type, a duplicate list entry. shipshape validates against the official \
`compose-spec.json` (vendored, Apache-2.0) and points at the offending key or value, suggesting the \
closest known key. Values written with `${VAR}` are checked as written, as compose does before \
interpolation.",
    bad: "services:\n  web:\n    imagee: nginx:1.27\n",
    good: "services:\n  web:\n    image: nginx:1.27\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json"],
};

impl WorkspaceRule for ComposeSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            for doc in &c.yaml.documents {
                for e in validate(doc) {
                    out.push((c.path.clone(), Diagnostic::new(e.span, e.message)));
                }
            }
        }
    }
}
