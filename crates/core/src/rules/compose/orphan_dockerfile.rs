//! compose-orphan-dockerfile: a Dockerfile no compose service builds.

use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::source::Span;
use crate::workspace::path::{dir_holds, dir_of};

pub struct OrphanDockerfile;

static META: RuleMeta = rule_meta! {
    id: "compose-orphan-dockerfile",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A Dockerfile that no compose service builds",
    why: "When a project has a compose file, a Dockerfile that no service builds is often left over from \
a rename, or a service that points at the wrong file. Reported only for Dockerfiles in the folder \
of a compose file (or below it), and not when a service of such a compose file has a build path \
that cannot be resolved (variables without defaults, remote contexts), since it might build it.",
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
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        let mut built = Vec::new();
        // Compose files whose services' builds cannot be resolved (they might build anything).
        let mut unresolved = Vec::new();
        for (c, s) in a.services() {
            if let Some(b) = &s.build {
                match &b.dockerfile_path {
                    Some(p) => built.push(p.clone()),
                    None if !b.inline => unresolved.push(c.path.as_str()),
                    None => {}
                }
            }
        }
        for f in &a.dockerfiles {
            if built.contains(&f.path) {
                continue;
            }
            // Judged only by the compose files whose folder holds the Dockerfile, so a Dockerfile
            // of a sibling project without compose is not reported.
            let holders: Vec<&str> = a
                .composes
                .iter()
                .map(|c| c.path.as_str())
                .filter(|c| dir_holds(dir_of(c), &f.path))
                .collect();
            if holders.is_empty() || holders.iter().any(|h| unresolved.contains(h)) {
                continue;
            }
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
