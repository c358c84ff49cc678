//! DL3043: ONBUILD triggers that can never run (ONBUILD, FROM, MAINTAINER).

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{dockerfile_quote, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct Dl3043;

static META: RuleMeta = rule_meta! {
    id: "DL3043",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "ONBUILD with an ONBUILD, FROM or MAINTAINER trigger",
    why: "ONBUILD stores an instruction to run when another Dockerfile builds FROM this image. Three \
instructions are not allowed as triggers: `ONBUILD ONBUILD` (no chaining), `ONBUILD FROM` (a \
trigger cannot start a new stage) and `ONBUILD MAINTAINER` (deprecated metadata); the downstream \
build fails on them. shipshape's parser also records `ONBUILD ONBUILD` as an error; the rule \
reports all three so the finding carries hadolint's code either way.\n\n\
BuildKit refuses these triggers when it builds this very Dockerfile, so every fix changes what \
happens and is unsafe. `ONBUILD MAINTAINER text` becomes `ONBUILD LABEL maintainer=\"text\"` (what \
MAINTAINER means today, see DL4000); `ONBUILD ONBUILD X` becomes `ONBUILD X`, which runs the \
trigger one build earlier than written, since a trigger of a trigger is not possible. `ONBUILD \
FROM` has no fix.",
    bad: "FROM alpine:3.20\nONBUILD MAINTAINER Jane Doe <jane@example.com>\n",
    good: "FROM alpine:3.20\nONBUILD COPY . /app/\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3043"],
};

/// The fix for a forbidden trigger, when there is one.
fn fix(cx: &Context<'_>, ins: &Instruction, inner: &crate::dockerfile::Command) -> Option<Fix> {
    let (a, b) = ins.command.args_logical;
    if !ins.logical.is_contiguous(a, b) || !ins.heredocs.is_empty() {
        return None;
    }
    match inner.keyword {
        Keyword::Maintainer => {
            let Args::String(w) = &inner.args else {
                return None;
            };
            let span = Span::new(
                inner.name_span.start,
                inner.args_span.end.max(inner.name_span.end),
            );
            Some(Fix::unsafe_(
                "Replace with ONBUILD LABEL maintainer=...",
                vec![TextEdit::new(
                    span,
                    format!("LABEL maintainer={}", dockerfile_quote(&w.text)),
                )],
            ))
        }
        Keyword::Onbuild => {
            // Drop the nested keyword and the blanks after it.
            let rest = &cx.text[inner.name_span.end..];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            Some(Fix::unsafe_(
                "Drop the nested ONBUILD",
                vec![TextEdit::new(
                    Span::new(inner.name_span.start, inner.name_span.end + ws),
                    "",
                )],
            ))
        }
        _ => None,
    }
}

impl Rule for Dl3043 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for ins in cx.dockerfile.instructions() {
            let Args::Onbuild(inner) = &ins.command.args else {
                continue;
            };
            let what = match inner.keyword {
                Keyword::Onbuild => "ONBUILD cannot trigger another ONBUILD",
                Keyword::From => {
                    "FROM cannot be an ONBUILD trigger; a trigger cannot start a stage"
                }
                Keyword::Maintainer => "MAINTAINER cannot be an ONBUILD trigger",
                _ => continue,
            };
            let mut d = Diagnostic::new(inner.name_span, what);
            d.fix = fix(cx, ins, inner);
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3043;
    use crate::rules::run;

    #[test]
    fn forbidden_triggers() {
        assert_eq!(run(&Dl3043, "FROM a:1\nONBUILD ONBUILD RUN x\n").len(), 1);
        assert_eq!(run(&Dl3043, "FROM a:1\nonbuild maintainer me\n").len(), 1);
        assert_eq!(run(&Dl3043, "FROM a:1\nONBUILD FROM b\n").len(), 1);
        assert!(run(
            &Dl3043,
            "FROM a:1\nONBUILD RUN make\nONBUILD COPY . /app/\n"
        )
        .is_empty());
    }

    #[test]
    fn fixes_for_maintainer_and_nested_onbuild() {
        let fixed = |src: &str| {
            let d = run(&Dl3043, src);
            d[0].fix
                .as_ref()
                .map(|f| crate::diagnostics::apply_edits(src, &f.edits).unwrap())
        };
        assert_eq!(
            fixed("FROM a:1\nONBUILD MAINTAINER Jo \"J\" <j@x>\n").unwrap(),
            "FROM a:1\nONBUILD LABEL maintainer=\"Jo \\\"J\\\" <j@x>\"\n"
        );
        assert_eq!(
            fixed("FROM a:1\nONBUILD ONBUILD  RUN make\n").unwrap(),
            "FROM a:1\nONBUILD RUN make\n"
        );
        assert_eq!(fixed("FROM a:1\nONBUILD FROM b\n"), None);
        let out = fixed("FROM a:1\nonbuild maintainer me\n").unwrap();
        assert!(run(&Dl3043, &out).is_empty(), "{out}");
    }
}
