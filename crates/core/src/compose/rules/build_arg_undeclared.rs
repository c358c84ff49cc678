//! compose-build-arg-undeclared: a `build.args` key with no matching ARG in the Dockerfile.

use super::WorkspaceRule;
use crate::compose::links::{declared_args, is_builtin_arg, Analysis};
use crate::dockerfile::{closest, model::Model};
use crate::rules::{Category, Diagnostic, RuleMeta, Severity};

pub struct BuildArgUndeclared;

static META: RuleMeta = RuleMeta {
    id: "compose-build-arg-undeclared",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A build arg is passed that the Dockerfile never declares",
    why: "A build argument only reaches the build when the Dockerfile declares it with `ARG`; otherwise \
BuildKit ignores it with a warning that scrolls by. Usually the ARG was renamed or is declared only \
before FROM and not inside the stage. Proxy variables and `BUILDKIT_*` switches need no ARG.",
    bad: "services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_VERSION: \"22\"\n",
    good: "services:\n  api:\n    build:\n      context: .\n      args:\n        NODE_VER: \"22\"\n",
    has_fix: false,
    files: &[("Dockerfile", "ARG NODE_VER=20\nFROM node:${NODE_VER}-slim\n")],
    references: &["https://docs.docker.com/reference/compose-file/build/#args"],
};

impl WorkspaceRule for BuildArgUndeclared {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for (c, s) in a.services() {
            let Some(b) = &s.build else { continue };
            let Some(path) = &b.dockerfile_path else {
                continue;
            };
            let Some((_, df)) = a.dockerfile(path) else {
                continue;
            };
            let declared = declared_args(&Model::build(df));
            for (k, _) in &b.args {
                if k.unknown || declared.contains(&k.text) || is_builtin_arg(&k.text) {
                    continue;
                }
                let hint = closest(&k.text, declared.iter().map(String::as_str))
                    .map(|d| format!("; did you mean `{d}`?"))
                    .unwrap_or_default();
                out.push((
                    c.path.clone(),
                    Diagnostic::new(
                        k.span,
                        format!(
                            "build arg `{}` is not declared by any ARG in `{path}`{hint}",
                            k.text
                        ),
                    ),
                ));
            }
        }
    }
}
