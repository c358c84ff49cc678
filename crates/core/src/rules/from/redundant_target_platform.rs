//! DL3065 / RedundantTargetPlatform: `FROM --platform=$TARGETPLATFORM` is the default.

use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct Dl3065;

static META: RuleMeta = rule_meta! {
    id: "DL3065",
    aliases: &["RedundantTargetPlatform"],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "`--platform=$TARGETPLATFORM` is redundant",
    why: "A stage is built for the target platform unless told otherwise, so \
`--platform=$TARGETPLATFORM` only adds noise (and suggests a cross-compilation setup that is not \
there). The fix removes the flag.",
    bad: "FROM --platform=$TARGETPLATFORM alpine:3.20\n",
    good: "FROM alpine:3.20\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/build-checks/redundant-target-platform/",
        "https://github.com/hadolint/hadolint/wiki/DL3065",
    ],
};

impl Rule for Dl3065 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let Some(flag) = stage.platform else { continue };
            let v = flag.value().unwrap_or("");
            if v == "$TARGETPLATFORM" || v == "${TARGETPLATFORM}" {
                // Remove the flag and the whitespace after it.
                let rest = &cx.text[flag.span.end..];
                let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
                let span = Span::new(flag.span.start, flag.span.end + ws);
                out.push(
                    Diagnostic::new(
                        flag.span,
                        "setting the platform to $TARGETPLATFORM is redundant; it is the default",
                    )
                    .with_fix(Fix::safe(
                        "Remove --platform",
                        vec![TextEdit::new(span, "")],
                    )),
                );
            }
        }
    }
}
