//! DL3007: `:latest` is a moving target, not a version.

use crate::dockerfile::model::ImageRef;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3007;

static META: RuleMeta = rule_meta! {
    id: "DL3007",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "Base image uses the `latest` tag",
    why:
        "`latest` changes whenever the image's maintainers publish: builds stop being reproducible \
and a new major version can arrive unannounced. Pin a release tag.\n\n\
shipshape resolves `FROM ${BASE}` from the ARG's default first, as BuildKit does (hadolint does \
not, #858), and does not report \
`image:latest@sha256:...`, which is pinned by its digest.",
    bad: "FROM ubuntu:latest\nCMD [\"bash\"]\n",
    good: "FROM ubuntu:24.04\nCMD [\"bash\"]\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3007",
        "https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact",
        "https://github.com/hadolint/hadolint/issues/858",
    ],
};

impl Rule for Dl3007 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let (Some(base), Some(resolved)) = (stage.base, stage.base_resolved.as_deref()) else {
                continue;
            };
            let image = ImageRef::parse(resolved);
            if image.tag.as_deref() == Some("latest") && image.digest.is_none() {
                out.push(Diagnostic::new(
                    base.span,
                    format!("`{resolved}` uses the `latest` tag; pin a release tag so builds are reproducible"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3007;
    use crate::rules::run;

    #[test]
    fn latest_unless_pinned_by_digest() {
        assert_eq!(run(&Dl3007, "FROM ubuntu:latest\n").len(), 1);
        assert_eq!(run(&Dl3007, "ARG T=latest\nFROM ubuntu:${T}\n").len(), 1);
        assert!(run(&Dl3007, "FROM ubuntu:latest@sha256:abcd\n").is_empty());
        assert!(run(&Dl3007, "FROM ubuntu:24.04\n").is_empty());
    }
}
