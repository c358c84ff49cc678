//! DL3061: instructions before the first FROM other than ARG.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::Keyword;

pub struct Dl3061;

static META: RuleMeta = RuleMeta {
    id: "DL3061",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Instruction before the first FROM (only ARG may come first)",
    why: "A Dockerfile starts with FROM; before it only parser directives, comments and ARG \
(global build arguments, usable in FROM lines) are allowed. Anything else has no stage to \
belong to and the build fails (\"no build stage in current context\"). Move the instruction below \
the FROM of the stage it belongs to. Every misplaced instruction is reported, also in a file with \
no FROM at all.",
    bad: "LABEL org.opencontainers.image.source=\"https://github.com/example/app\"\nFROM alpine:3.20\n",
    good: "ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERSION}\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3061"],
};

impl Rule for Dl3061 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in &cx.model.preamble {
            let k = ins.keyword();
            if k == Keyword::Arg {
                continue;
            }
            let name = if k == Keyword::Unknown {
                ins.command.name.to_ascii_uppercase()
            } else {
                k.as_str().to_string()
            };
            out.push(Diagnostic::new(
                ins.command.name_span,
                format!("{name} comes before the first FROM; only ARG may precede FROM"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl3061;

    #[test]
    fn only_arg_before_from() {
        assert!(run(
            &Dl3061,
            "# syntax=docker/dockerfile:1\n# comment\nARG V=1\nFROM a:$V\nRUN x\n"
        )
        .is_empty());
        assert_eq!(run(&Dl3061, "ENV A=1\nARG B\nRUN x\nFROM a:1\n").len(), 2);
        assert_eq!(run(&Dl3061, "RUN x\nCMD y\n").len(), 2, "no FROM at all");
        assert!(run(&Dl3061, "").is_empty());
    }
}
