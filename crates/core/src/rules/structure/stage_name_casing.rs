//! StageNameCasing: stage names should be lowercase.

use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct StageNameCasing;

static META: RuleMeta = rule_meta! {
    id: "StageNameCasing",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Stage name is not lowercase",
    why: "Stage names are case-insensitive (`--target Build` and `--target build` are the same stage), \
and BuildKit warns when they are not lowercase so that references read the same everywhere. \
The fix lowercases the name; references keep working because matching ignores case.",
    bad: "FROM golang:1.23 AS Builder\nRUN go build ./...\n",
    good: "FROM golang:1.23 AS builder\nRUN go build ./...\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/stage-name-casing/"],
};

impl Rule for StageNameCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let Some(name) = stage.name else { continue };
            let lower = name.text.to_ascii_lowercase();
            if lower != name.text {
                out.push(
                    Diagnostic::new(
                        name.span,
                        format!("stage name `{}` should be lowercase", name.text),
                    )
                    .with_fix(Fix::safe(
                        format!("Rename to `{lower}`"),
                        vec![TextEdit::new(name.span, lower)],
                    )),
                );
            }
        }
    }
}
