//! NoEmptyContinuation: an empty line inside a `\` continuation (BuildKit will make this an error).

use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct NoEmptyContinuation;

static META: RuleMeta = rule_meta! {
    id: "NoEmptyContinuation",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Empty line inside a line continuation",
    why: "BuildKit silently skips an empty line in the middle of a continued instruction today, but \
has announced that it will become an error. It usually means a `\\` was left behind when lines were \
removed. The fix deletes the empty line; the instruction does not change. The finding is on the \
empty line itself; BuildKit reports it on the instruction's last line.",
    bad: "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n",
    good: "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/no-empty-continuation/"],
};

impl Rule for NoEmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for &line in &cx.dockerfile.empty_continuation_lines {
            out.push(
                Diagnostic::new(
                    line,
                    "empty continuation line; it will be an error in a future BuildKit",
                )
                .with_fix(Fix::safe(
                    "Delete the empty line",
                    vec![TextEdit::new(line, "")],
                )),
            );
        }
    }
}
