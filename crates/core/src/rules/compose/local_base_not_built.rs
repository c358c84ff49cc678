//! compose-local-base-not-built: FROM an image another service builds, with nothing ordering that build first.

use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct LocalBaseNotBuilt;

static META: RuleMeta = rule_meta! {
    id: "compose-local-base-not-built",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM an image built by another service, without ordering that build",
    why: "Compose builds services in parallel. When `worker`'s Dockerfile says `FROM myapp/base` and the \
`base` service builds `image: myapp/base`, a clean machine pulls (or fails to pull) `myapp/base` \
instead of waiting for it. Declare the dependency: `additional_contexts: {myapp/base: service:base}` \
(compose 2.17+) makes the build use the freshly built image; `depends_on` also orders it.",
    bad: "services:\n  base:\n    image: myapp/base:dev\n    build: base\n  worker:\n    build: worker\n",
    good: "services:\n  base:\n    image: myapp/base:dev\n    build: base\n  worker:\n    build:\n      context: worker\n      additional_contexts:\n        myapp/base:dev: service:base\n",
    has_fix: false,
    files: &[("base/Dockerfile", "FROM alpine:3.20\n"), ("worker/Dockerfile", "FROM myapp/base:dev\nCMD [\"work\"]\n")],
    references: &["https://docs.docker.com/reference/compose-file/build/#additional_contexts"],
};

impl WorkspaceRule for LocalBaseNotBuilt {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let built_images: Vec<(&str, &str)> = c
                .services
                .iter()
                .filter(|s| s.build.is_some())
                .filter_map(|s| {
                    s.image
                        .as_ref()
                        .filter(|i| !i.unknown)
                        .map(|i| (s.name.as_str(), i.text.as_str()))
                })
                .collect();
            for s in &c.services {
                let Some(b) = &s.build else { continue };
                let Some(path) = &b.dockerfile_path else {
                    continue;
                };
                let Some(built) = a.built(path) else {
                    continue;
                };
                for base in built.bases.iter().map(String::as_str) {
                    let Some((producer, _)) = built_images
                        .iter()
                        .find(|(name, img)| *img == base && *name != s.name)
                    else {
                        continue;
                    };
                    let ordered = s.depends_on.iter().any(|d| d.service == *producer)
                        || b.additional_contexts.iter().any(|(k, v)| {
                            k.text == base && v.text == format!("service:{producer}")
                        });
                    if !ordered {
                        out.push((
                            c.path.clone(),
                            Diagnostic::new(
                                s.name_span,
                                format!(
                                    "`{}` builds FROM `{base}`, which service `{producer}` builds, but nothing makes that build happen first; add `additional_contexts: {{{base}: service:{producer}}}`",
                                    s.name
                                ),
                            ),
                        ));
                    }
                }
            }
        }
    }
}
