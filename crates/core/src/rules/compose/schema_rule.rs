//! compose-schema: the file does not follow the official Compose schema.

use super::dclint_common::{replace_scalar, text_of};
use super::{WorkspaceCx, WorkspaceRule};
use crate::compose::schema::validate;
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct ComposeSchema;

static META: RuleMeta = rule_meta! {
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
interpolation.\n\n\
For a misspelt key the fix renames it to the suggested one (unless that key is already there). It \
is unsafe: the suggestion is the closest name, not necessarily the meant one, and the value now \
takes effect.",
    bad: "services:\n  web:\n    imagee: nginx:1.27\n",
    good: "services:\n  web:\n    image: nginx:1.27\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/compose-spec/compose-spec/blob/main/schema/compose-spec.json"],
};

impl WorkspaceRule for ComposeSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let text = text_of(a, c);
            for doc in &c.yaml.documents {
                for e in validate(doc) {
                    let fix = e
                        .suggestion
                        .as_deref()
                        .and_then(|k| {
                            Some((k, replace_scalar(&c.fix_budget, text, &c.yaml, e.span, k)?))
                        })
                        .map(|(k, edit)| Fix::unsafe_(format!("Rename to `{k}`"), vec![edit]));
                    let mut d = Diagnostic::new(e.span, e.message);
                    d.fix = fix;
                    out.push((c.path.clone(), d));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::*;

    #[test]
    fn fix_renames_a_misspelt_key() {
        assert_eq!(
            bad_example_fixes(&ComposeSchema),
            ["services:\n  web:\n    image: nginx:1.27\n"]
        );
        // The suggested key is already there: renaming would duplicate it.
        let src = "services:\n  web:\n    image: a:1\n    imagee: b:2\n";
        let mut ws = crate::Workspace::new();
        ws.add("compose.yaml", src);
        let r = crate::lint(&ws, &crate::Config::default());
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "compose-schema")
            .unwrap();
        assert!(f.fix.is_none());
    }
}
