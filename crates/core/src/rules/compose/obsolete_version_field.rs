//! compose-no-version-field: The obsolete top-level `version` is set.

use super::dclint_common::{remove_entry_edit, text_of, written_entry};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::yaml::Kind;

pub struct NoVersionField;

static VERSION_META: RuleMeta = rule_meta! {
    id: "compose-no-version-field",
    aliases: &["no-version-field"],
    severity: Severity::Error,
    category: Category::Style,
    enabled_by_default: true,
    summary: "The obsolete top-level `version` is set",
    why: "The Compose specification made `version` informative only: `docker compose` ignores it and warns \
that it is obsolete, yet it suggests a file-format version that no longer picks any behaviour. dclint \
treats it as an error. The fix deletes the `version` line (and a blank line left behind at the top); \
nothing else changes, so it is safe.",
    bad: "version: \"3.8\"\n\nservices:\n  web:\n    image: nginx:1.27\n",
    good: "services:\n  web:\n    image: nginx:1.27\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-version-field-rule.md",
        "https://docs.docker.com/reference/compose-file/version-and-name/",
    ],
};

impl WorkspaceRule for NoVersionField {
    fn meta(&self) -> &'static RuleMeta {
        &VERSION_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let Some(root) = c.root().filter(|r| matches!(r.kind, Kind::Map(_))) else {
                continue;
            };
            let Some(e) = written_entry(root, "version") else {
                continue;
            };
            let text = text_of(a, c);
            let mut d = Diagnostic::new(e.key.span, "`version` is obsolete: compose ignores it");
            d.fix = remove_entry_edit(&c.fix_budget, text, &c.yaml, root, "version")
                .map(|edit| Fix::safe("Remove `version`", vec![edit]));
            out.push((c.path.clone(), d));
        }
    }
}
