//! DL3063 / ReservedStageName: `scratch` and `context` cannot name a stage.

use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3063;

static META: RuleMeta = rule_meta! {
    id: "DL3063",
    aliases: &["ReservedStageName"],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Stage uses a reserved name (`scratch` or `context`)",
    why: "`scratch` is the empty base image and `context` is the build context in `COPY --from`; a \
stage with one of those names can never be referenced as a stage, so later instructions silently use \
the reserved meaning instead.",
    bad: "FROM alpine:3.20 AS scratch\nRUN echo hi > /x\nFROM scratch\nCOPY --from=scratch /x /x\n",
    good: "FROM alpine:3.20 AS prep\nRUN echo hi > /x\nFROM scratch\nCOPY --from=prep /x /x\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/build-checks/reserved-stage-name/",
        "https://github.com/hadolint/hadolint/wiki/DL3063",
    ],
};

impl Rule for Dl3063 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let (Some(name), Some(lower)) = (stage.name, stage.name_lower()) else {
                continue;
            };
            if lower == "scratch" || lower == "context" {
                out.push(Diagnostic::new(
                    name.span,
                    format!(
                        "`{}` is reserved and cannot be used as a stage name",
                        name.text
                    ),
                ));
            }
        }
    }
}
