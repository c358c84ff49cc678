//! compose-dockerfile-missing: `build` points at a Dockerfile the workspace does not have.

use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::levenshtein;
use crate::workspace::FileKind;

pub struct DockerfileMissing;

static META: RuleMeta = rule_meta! {
    id: "compose-dockerfile-missing",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A service builds a Dockerfile that is not in the workspace",
    why: "`build.dockerfile` is relative to `build.context`, not to the compose file, which makes it easy \
to point at a file that does not exist: `docker compose build` then fails. The closest Dockerfile name \
in the workspace is suggested. Nothing is reported when the workspace holds no Dockerfile at all (only \
the compose file was pasted), or when a variable without default makes the path unknowable.",
    bad: "services:\n  api:\n    build:\n      context: api\n      dockerfile: api/Dockerfile\n",
    good: "services:\n  api:\n    build:\n      context: api\n      dockerfile: Dockerfile\n",
    has_fix: false,
    files: &[("api/Dockerfile", "FROM alpine:3.20\n")],
    references: &["https://docs.docker.com/reference/compose-file/build/#dockerfile"],
};

impl WorkspaceRule for DockerfileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        let known: Vec<&str> =
            a.ws.files()
                .iter()
                .filter(|f| f.kind == FileKind::Dockerfile)
                .map(|f| f.path.as_str())
                .collect();
        if known.is_empty() {
            return;
        }
        for (c, s) in a.services() {
            let Some(b) = &s.build else { continue };
            let Some(path) = &b.dockerfile_path else {
                continue;
            };
            if a.ws.get(path).is_some() {
                continue;
            }
            let hint = known
                .iter()
                .map(|k| (levenshtein(k, path), *k))
                .min()
                .map(|(_, k)| format!("; the closest Dockerfile in the workspace is `{k}`"))
                .unwrap_or_default();
            let span = b
                .dockerfile
                .as_ref()
                .map(|d| d.span)
                .unwrap_or(b.context.span);
            out.push((
                c.path.clone(),
                Diagnostic::new(
                    span,
                    format!(
                        "service `{}` builds `{path}`, which is not in the workspace{hint}",
                        s.name
                    ),
                ),
            ));
        }
    }
}
