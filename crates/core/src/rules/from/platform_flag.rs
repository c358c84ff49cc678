//! DL3029: `FROM --platform` in any form (hadolint's policy rule).

use crate::dockerfile::model::referenced_vars;
use crate::rules::edits::remove_flag;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3029;

static META: RuleMeta = rule_meta! {
    id: "DL3029",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM uses --platform",
    why: "The platform of an image is normally chosen by whoever builds it (`docker build --platform`, \
buildx bake, a CI matrix). A `--platform` on FROM overrides that choice for the stage, which \
surprises people building for another architecture. Like hadolint (2.15), this rule reports every \
value except those built on `$BUILDPLATFORM` or `$TARGETPLATFORM`: constants such as \
`linux/amd64`, other variables, and also `$TARGETOS/$TARGETARCH` or `linux/$TARGETARCH`.\n\n\
Two BuildKit checks overlap with it, with different intent: FromPlatformFlagConstDisallowed \
reports only constant values (and accepts them when the stage name mentions the platform, as in \
`AS build-amd64`), and DL3065 (RedundantTargetPlatform) reports `--platform=$TARGETPLATFORM`, \
which DL3029 leaves alone. They stay separate rules so each can be ignored on its own.\n\n\
The fix removes the flag, so the stage is built for the platform being built. It is unsafe: a stage \
that really must run on one architecture (a tool only published for amd64) then breaks on others, \
and a cross-compiling build stage is better served by `--platform=$BUILDPLATFORM`.",
    bad: "FROM --platform=linux/amd64 python:3.12-slim\n",
    good: "FROM python:3.12-slim\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3029"],
};

impl Rule for Dl3029 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let Some(flag) = stage.platform else { continue };
            let value = flag.value().unwrap_or("");
            if value.is_empty() {
                continue;
            }
            let vars = referenced_vars(value);
            if vars
                .iter()
                .any(|v| v == "BUILDPLATFORM" || v == "TARGETPLATFORM")
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    flag.span,
                    format!("`--platform={value}` fixes this stage's platform regardless of the platform being built"),
                )
                .with_fix(remove_flag(cx.text, flag)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3029;
    use crate::rules::run;

    #[test]
    fn any_value_but_empty() {
        assert_eq!(run(&Dl3029, "FROM --platform=linux/arm64 a:1\n").len(), 1);
        assert!(run(&Dl3029, "FROM --platform=$BUILDPLATFORM a:1 AS build\n").is_empty());
        assert!(run(
            &Dl3029,
            "FROM --platform=${BUILDPLATFORM:-linux/amd64} a:1\n"
        )
        .is_empty());
        assert!(
            run(&Dl3029, "FROM --platform=${TARGETPLATFORM} a:1\n").is_empty(),
            "DL3065's business"
        );
        assert_eq!(
            run(&Dl3029, "FROM --platform=$TARGETOS/$TARGETARCH a:1\n").len(),
            1
        );
        assert_eq!(run(&Dl3029, "FROM --platform=$FOO a:1\n").len(), 1);
        assert!(run(&Dl3029, "FROM --platform= a:1\n").is_empty());
        assert!(run(&Dl3029, "FROM a:1\n").is_empty());
    }

    #[test]
    fn fix_drops_the_flag() {
        let src = "FROM --platform=linux/arm64   a:1 AS b\n";
        let d = run(&Dl3029, src);
        let out = crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1 AS b\n");
        assert!(run(&Dl3029, &out).is_empty());
    }
}
