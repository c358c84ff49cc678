//! UndefinedArgInFrom: FROM uses a variable that no global ARG declares.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::model::referenced_vars;

pub struct UndefinedArgInFrom;

static META: RuleMeta = RuleMeta {
    id: "UndefinedArgInFrom",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM uses an ARG that is not declared before the first FROM",
    why:
        "Only ARGs declared before the first FROM (plus BuildKit's automatic platform ARGs such as \
`TARGETPLATFORM`) can be used in FROM. An ARG declared inside a stage is not visible to later FROM \
lines, so the variable expands to an empty string and the base image is wrong or invalid.",
    bad: "FROM alpine:3.20 AS base\nARG VERSION=3.20\nFROM alpine:${VERSION}\n",
    good: "ARG VERSION=3.20\nFROM alpine:3.20 AS base\nFROM alpine:${VERSION}\n",
    has_fix: false,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/undefined-arg-in-from/"],
};

impl Rule for UndefinedArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let cmd = &stage.from.command;
            let mut check = |text: &str, span| {
                for v in referenced_vars(text) {
                    if !cx.model.is_global_arg(&v) {
                        out.push(Diagnostic::new(
                            span,
                            format!("FROM uses `{v}`, which is not declared by an ARG before the first FROM"),
                        ));
                    }
                }
            };
            if let Some(base) = stage.base {
                check(&base.text, base.span);
            }
            for f in &cmd.flags {
                if let (Some(v), Some(span)) = (&f.value, f.value_span) {
                    check(v, span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::UndefinedArgInFrom;

    #[test]
    fn global_and_automatic_args() {
        assert!(run(&UndefinedArgInFrom, "ARG V=1\nFROM a:${V}\n").is_empty());
        assert!(run(&UndefinedArgInFrom, "FROM --platform=$BUILDPLATFORM a:1\n").is_empty());
        let d = run(&UndefinedArgInFrom, "FROM --platform=$PLATFROM a:1\n");
        assert_eq!(d.len(), 1);
        let d = run(&UndefinedArgInFrom, "FROM a:1\nARG V=1\nFROM b:${V:-2}\n");
        assert_eq!(d.len(), 1, "ARG inside a stage is not global");
    }
}
