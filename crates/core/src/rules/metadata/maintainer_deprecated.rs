//! DL4000 / MaintainerDeprecated: MAINTAINER is deprecated; a label carries the same information.

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Keyword};
use crate::rules::dockerfile_quote;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct Dl4000;

static META: RuleMeta = rule_meta! {
    id: "DL4000",
    aliases: &["MaintainerDeprecated"],
    severity: Severity::Error,
    category: Category::Style,
    enabled_by_default: true,
    summary: "MAINTAINER is deprecated",
    why: "MAINTAINER has been deprecated since Docker 1.13; tools read the \
`org.opencontainers.image.authors` or `maintainer` label instead. The fix replaces the instruction \
with `LABEL maintainer=\"...\"`, keeping the text.",
    bad: "FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\n",
    good: "FROM alpine:3.20\nLABEL maintainer=\"Jane Doe <jane@example.com>\"\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL4000",
        "https://docs.docker.com/reference/build-checks/maintainer-deprecated/",
    ],
};

impl Rule for Dl4000 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            if ins.keyword() != Keyword::Maintainer {
                continue;
            }
            let mut d = Diagnostic::new(
                ins.command.name_span,
                "MAINTAINER is deprecated; use `LABEL maintainer=\"...\"` instead",
            );
            if let Args::String(w) = &ins.command.args {
                let (a, b) = ins.command.args_logical;
                if ins.logical.is_contiguous(a, b) && ins.heredocs.is_empty() {
                    let span = Span::new(ins.command.name_span.start, ins.command.args_span.end);
                    d = d.with_fix(Fix::safe(
                        "Replace with LABEL maintainer=...",
                        vec![TextEdit::new(
                            span,
                            format!("LABEL maintainer={}", dockerfile_quote(&w.text)),
                        )],
                    ));
                }
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl4000;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn fix_quotes_the_value() {
        let src = "FROM a:1\nmaintainer Jo \"JJ\" <jo@x>\n";
        let d = run(&Dl4000, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1\nLABEL maintainer=\"Jo \\\"JJ\\\" <jo@x>\"\n");
    }
}
