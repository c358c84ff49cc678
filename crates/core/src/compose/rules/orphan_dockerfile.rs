//! compose-orphan-dockerfile: a Dockerfile no compose service builds.

use super::WorkspaceRule;
use crate::compose::links::Analysis;
use crate::rules::{Category, Diagnostic, RuleMeta, Severity};
use crate::source::Span;

pub struct OrphanDockerfile;

static META: RuleMeta = RuleMeta {
    id: "compose-orphan-dockerfile",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A Dockerfile that no compose service builds",
    why: "When a project has a compose file, a Dockerfile that no service builds is often left over from \
a rename, or a service that points at the wrong file. Reported only when the workspace has a compose \
file, and not when a service's build path cannot be resolved (variables without defaults, remote \
contexts), since that service might build it.",
    bad: "services:\n  api:\n    build: api\n",
    good: "services:\n  api:\n    build: api\n  worker:\n    build: worker\n",
    has_fix: false,
    files: &[("api/Dockerfile", "FROM alpine:3.20\n"), ("worker/Dockerfile", "FROM alpine:3.20\n")],
    references: &["https://docs.docker.com/reference/compose-file/build/"],
};

impl WorkspaceRule for OrphanDockerfile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        if a.composes.is_empty() {
            return;
        }
        let mut built = Vec::new();
        for (_, s) in a.services() {
            if let Some(b) = &s.build {
                match &b.dockerfile_path {
                    Some(p) => built.push(p.clone()),
                    None if !b.inline => return,
                    None => {}
                }
            }
        }
        for (f, _) in &a.dockerfiles {
            if !built.contains(&f.path) {
                let first_line = f.text.find('\n').unwrap_or(f.text.len());
                out.push((
                    f.path.clone(),
                    Diagnostic::new(
                        Span::new(0, first_line),
                        format!("no compose service builds `{}`", f.path),
                    ),
                ));
            }
        }
    }
}
