//! base-image-digest: a base image is referenced by tag only, not by `@sha256:` digest.

use crate::dockerfile::model::ImageRef;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct BaseImageDigest;

static META: RuleMeta = rule_meta! {
    id: "base-image-digest",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Reproducibility,
    enabled_by_default: false,
    summary: "Base image is not pinned by digest",
    why: "A tag is a movable name: `node:22-alpine` today and next week can be different images, \
so two builds of the same commit may differ, and a compromised or re-pushed tag reaches your \
build unnoticed. `FROM node:22-alpine@sha256:…` builds from exactly one image (the tag stays for \
readers and is ignored once a digest is given). The price is that security updates no longer \
arrive by themselves: pair digests with a bot that bumps them (Renovate, Dependabot). That is why \
this rule is off by default; `--preset strict` turns it on.\n\n\
Stages built on earlier stages, `scratch`, named build contexts and `FROM ${ARG}` without a \
known default are not reported. No fix: the digest has to come from the registry \
(`docker buildx imagetools inspect <image>`).",
    bad: "FROM node:22-alpine\nCMD [\"node\", \"server.js\"]\n",
    good: "FROM node:22-alpine@sha256:9bef0ef1e268f60627da9ba7d7605e8831d5b56ad07487d24d1aa386336d1944\nCMD [\"node\", \"server.js\"]\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/dockerfile/#from",
        "https://docs.docker.com/build/building/best-practices/#pin-base-image-versions",
    ],
};

impl Rule for BaseImageDigest {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let (Some(word), Some(base)) = (stage.base, stage.base_resolved.as_deref()) else {
                continue;
            };
            if base.is_empty()
                || base.contains('$')
                || cx.model.stage_before(base, stage.index).is_some()
                || cx.named_contexts.iter().any(|n| n == base)
            {
                continue;
            }
            // An ARG without a default (or an automatic platform ARG) is only known at build time.
            let unknown = crate::dockerfile::model::referenced_vars(&word.text)
                .iter()
                .any(|v| {
                    cx.model
                        .global_args
                        .iter()
                        .rev()
                        .find(|a| a.name == *v)
                        .is_none_or(|a| a.default.is_none())
                });
            if unknown {
                continue;
            }
            let r = ImageRef::parse(base);
            if r.digest.is_some() || r.is_scratch() || base.eq_ignore_ascii_case("scratch") {
                continue;
            }
            let shown = if word.text == base {
                format!("`{base}`")
            } else {
                format!("`{}` (`{base}` by default)", word.text)
            };
            out.push(Diagnostic::new(
                word.span,
                format!(
                    "{shown} is not pinned by digest: the tag can point to a different image on the next build; \
append `@sha256:…` to build from exactly one image"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    #[test]
    fn reports_tags_only() {
        let src = "FROM node:22-alpine AS build\nFROM build AS test\nFROM scratch\nCOPY --from=build /a /a\n";
        let d = run(&BaseImageDigest, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(d[0].span.slice(src), "node:22-alpine");
        assert!(run(
            &BaseImageDigest,
            "FROM node:22-alpine@sha256:9bef0ef1e268f60627da9ba7d7605e8831d5b56ad07487d24d1aa386336d1944\n"
        )
        .is_empty());
        assert!(run(
            &BaseImageDigest,
            "FROM registry.example.com:5000/team/app@sha256:abc\n"
        )
        .is_empty());
    }

    #[test]
    fn args_resolve_or_are_skipped() {
        let src = "ARG BASE=python:3.12-slim\nFROM ${BASE}\n";
        let d = run(&BaseImageDigest, src);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("python:3.12-slim"),
            "{}",
            d[0].message
        );
        assert!(run(&BaseImageDigest, "ARG BASE\nFROM ${BASE}\n").is_empty());
        assert!(run(&BaseImageDigest, "ARG ARCH\nFROM ${ARCH}/python:3.12\n").is_empty());
        assert!(run(&BaseImageDigest, "FROM ${TARGETARCH}/python:3.12\n").is_empty());
        assert_eq!(
            run(&BaseImageDigest, "ARG V=3.12\nFROM python:${V}-slim\n").len(),
            1
        );
        assert!(run(
            &BaseImageDigest,
            "ARG DIGEST=sha256:abc\nFROM alpine:3.20@${DIGEST}\n"
        )
        .is_empty());
    }

    #[test]
    fn off_by_default() {
        assert!(!META.enabled_by_default);
        let cfg = crate::config::Config::default();
        assert!(cfg.severity_for(&META).is_none());
    }
}
