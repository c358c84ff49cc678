//! compose-require-project-name-field: The file does not set a project `name`.

use super::dclint_common::text_of;
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::source::Span;
use crate::yaml::Kind;

pub struct RequireProjectNameField;

static NAME_META: RuleMeta = rule_meta! {
    id: "compose-require-project-name-field",
    aliases: &["require-project-name-field"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "The file does not set a project `name`",
    why: "Without a top-level `name`, the project is named after the folder the file sits in, so the same \
file run from two checkouts (or a renamed folder) creates differently named containers, networks and \
volumes, and `docker compose down` in one does not see the other's. Set `name:` to pin it. Reported on \
line 1, as dclint does.",
    bad: "services:\n  web:\n    image: nginx:1.27\n",
    good: "name: shop\nservices:\n  web:\n    image: nginx:1.27\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/require-project-name-field-rule.md",
        "https://docs.docker.com/reference/compose-file/version-and-name/#name-top-level-element",
    ],
};

impl WorkspaceRule for RequireProjectNameField {
    fn meta(&self) -> &'static RuleMeta {
        &NAME_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let Some(root) = c.root().filter(|r| matches!(r.kind, Kind::Map(_))) else {
                continue;
            };
            if root.get("name").is_some() {
                continue;
            }
            let text = text_of(a, c);
            let first = text.find('\n').unwrap_or(text.len());
            let span = Span::new(0, text[..first].trim_end_matches('\r').len());
            out.push((
                c.path.clone(),
                Diagnostic::new(
                    span,
                    "no top-level `name`: the project is named after the folder",
                ),
            ));
        }
    }
}
