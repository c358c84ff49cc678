//! DL3006: a base image without a tag (or digest) floats to whatever `latest` is today.

use crate::dockerfile::model::ImageRef;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3006;

static META: RuleMeta = rule_meta! {
    id: "DL3006",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "Base image has no explicit tag",
    why: "Without a tag, `FROM node` means `node:latest`: the next build may get a new major version \
and break, and two builds of the same commit can differ. Pin a tag (or a digest).\n\n\
Unlike hadolint, shipshape resolves `FROM ${BASE}` from the ARG's default before deciding, as \
BuildKit does when it builds (hadolint does not expand it, #339, #858, #1078), so \
`ARG BASE=node` followed by `FROM ${BASE}` is reported and `ARG BASE=node:22` is not. \
References to earlier stages (`FROM build`) and `scratch` are never reported.",
    bad: "FROM node\nCMD [\"node\", \"server.js\"]\n",
    good: "FROM node:22-bookworm-slim\nCMD [\"node\", \"server.js\"]\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3006",
        "https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact",
        "https://github.com/hadolint/hadolint/issues/858",
        "https://github.com/hadolint/hadolint/issues/1078",
    ],
};

impl Rule for Dl3006 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let (Some(base), Some(resolved)) = (stage.base, stage.base_resolved.as_deref()) else {
                continue;
            };
            // A reference to an earlier stage is not an image.
            if cx.model.stage_before(resolved, stage.index).is_some() {
                continue;
            }
            let image = ImageRef::parse(resolved);
            if image.is_scratch()
                || image.tag.is_some()
                || image.digest.is_some()
                || resolved.is_empty()
            {
                continue;
            }
            let shown = if resolved == base.text {
                String::new()
            } else {
                format!(" (`{}` resolves to `{resolved}`)", base.text)
            };
            out.push(Diagnostic::new(
                base.span,
                format!(
                    "base image `{}` has no tag{shown}; pin a version such as `{}:<version>`",
                    image.repository, image.repository
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3006;
    use crate::rules::run;

    #[test]
    fn resolves_arg_defaults_and_skips_stages_and_scratch() {
        assert_eq!(run(&Dl3006, "ARG BASE=node\nFROM ${BASE}\n").len(), 1);
        assert!(run(&Dl3006, "ARG BASE=node:22\nFROM ${BASE}\n").is_empty());
        assert!(
            run(&Dl3006, "ARG BASE\nFROM ${BASE}\n").is_empty(),
            "unknown value: no guess"
        );
        assert!(run(&Dl3006, "FROM golang:1.23 AS build\nFROM build\n").is_empty());
        assert!(run(&Dl3006, "FROM scratch\n").is_empty());
        assert!(run(&Dl3006, "FROM node@sha256:abcd\n").is_empty());
        let d = run(&Dl3006, "FROM registry.local:5000/team/app\n");
        assert_eq!(d.len(), 1, "a registry port is not a tag");
    }
}
