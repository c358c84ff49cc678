//! DL3043: ONBUILD triggers that can never run (ONBUILD, FROM, MAINTAINER).

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::{Args, Keyword};

pub struct Dl3043;

static META: RuleMeta = RuleMeta {
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
reports all three so the finding carries hadolint's code either way.",
    bad: "FROM alpine:3.20\nONBUILD FROM alpine:3.20\n",
    good: "FROM alpine:3.20\nONBUILD COPY . /app/\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3043"],
};

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
            out.push(Diagnostic::new(inner.name_span, what));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl3043;

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
}
