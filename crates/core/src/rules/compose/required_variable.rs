//! compose-required-variable: `${VAR:?message}` with no value available.

use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct RequiredVariable;

static META: RuleMeta = rule_meta! {
    id: "compose-required-variable",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A required variable (`${VAR:?...}`) has no value in the workspace",
    why: "`${VAR:?message}` makes compose stop with the message when VAR is unset. That is often \
intended (secrets come from the environment), so this is information: it lists what must be set \
before `docker compose up`. Values in a `.env` file beside the compose file count as set.",
    bad: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD:?set DB_PASSWORD}\n",
    good: "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password]\nsecrets:\n  db_password:\n    file: ./db_password.txt\n",
    has_fix: false,
    files: &[],
    references: &["https://docs.docker.com/reference/compose-file/interpolation/"],
};

impl WorkspaceRule for RequiredVariable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            for (name, msg, span) in &c.required {
                let why = if msg.is_empty() {
                    String::new()
                } else {
                    format!(" ({msg})")
                };
                out.push((
                    c.path.clone(),
                    Diagnostic::new(
                        *span,
                        format!("`{name}` must be set before running compose{why}"),
                    ),
                ));
            }
        }
    }
}
