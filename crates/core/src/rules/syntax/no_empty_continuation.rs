//! NoEmptyContinuation: an empty line inside a `\` continuation (BuildKit will make this an error).

use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{LineIndex, Span, TextEdit};

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
removed. The fix deletes the empty lines; the instruction does not change.\n\n\
As in BuildKit, an instruction gets one finding however many empty lines it has, on the last \
line of its continuation (the line that ends it, before any heredoc body): BuildKit's parser \
reports it there, and its check tests expect that line.",
    bad: "FROM alpine:3.20\nRUN apk add --no-cache \\\n\n    curl\n",
    good: "FROM alpine:3.20\nRUN apk add --no-cache \\\n    curl\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/reference/build-checks/no-empty-continuation/",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/parser/parser.go",
    ],
};

impl Rule for NoEmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let empties = &cx.dockerfile.empty_continuation_lines;
        if empties.is_empty() {
            return;
        }
        let index = LineIndex::new(cx.text);
        for ins in cx.dockerfile.instructions() {
            let own: Vec<Span> = empties
                .iter()
                .copied()
                .filter(|l| l.start >= ins.span.start && l.start <= ins.span.end)
                .collect();
            let Some(last_empty) = own.last() else {
                continue;
            };
            // The last line the continuation read: the line of the command text's last byte, or a
            // later empty or comment line when the continuation runs to the end of the file.
            let text_end = ins.logical.source_end(ins.logical.text.len());
            let line = [
                index.line_of(text_end.saturating_sub(1)),
                index.line_of(last_empty.start),
            ]
            .into_iter()
            .chain(ins.inner_comments.iter().map(|c| index.line_of(c.start)))
            .max()
            .unwrap_or(0);
            let start = index.line_start(line);
            let end = cx.text[start..]
                .find('\n')
                .map_or(cx.text.len(), |n| start + n);
            let end = if cx.text[start..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            let message = if own.len() == 1 {
                "this instruction's continuation has an empty line; it will be an error in a future \
BuildKit"
                    .to_string()
            } else {
                format!(
                    "this instruction's continuation has {} empty lines; they will be an error in a \
future BuildKit",
                    own.len()
                )
            };
            out.push(
                Diagnostic::new(Span::new(start, end), message).with_fix(Fix::safe(
                    "Delete the empty lines",
                    own.iter().map(|&l| TextEdit::new(l, "")).collect(),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NoEmptyContinuation;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    /// 1-based line of each finding's start.
    fn lines(src: &str) -> Vec<usize> {
        run(&NoEmptyContinuation, src)
            .iter()
            .map(|d| src[..d.span.start].matches('\n').count() + 1)
            .collect()
    }

    #[test]
    fn one_finding_per_instruction_on_its_last_line() {
        // Two empty lines in one RUN: one finding, on the line that ends the RUN.
        let src = "FROM a:1\nRUN apk add \\\n\n    curl \\\n  \n    git\nCMD [\"x\"]\n";
        assert_eq!(lines(src), [6]);
        // A comment line and an empty line in the middle: still the closing line.
        let src = "FROM a:1\nCOPY a \\\n# note\n\n  /b/\n";
        assert_eq!(lines(src), [5]);
        // Without empty lines there is nothing to report.
        assert!(lines("FROM a:1\nRUN a \\\n  b\n").is_empty());
    }

    #[test]
    fn heredoc_bodies_are_not_the_last_line() {
        let src = "FROM a:1\nRUN cat \\\n\n  <<EOF\nbody\nEOF\n";
        assert_eq!(lines(src), [4]);
    }

    #[test]
    fn continuation_running_to_the_end_of_the_file() {
        assert_eq!(lines("FROM a:1\nRUN a \\\n\n"), [3]);
    }

    #[test]
    fn the_fix_removes_every_empty_line() {
        let src = "FROM a:1\nRUN apk add \\\n\n    curl \\\n\n    git\n";
        let d = run(&NoEmptyContinuation, src);
        let fixed = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(fixed, "FROM a:1\nRUN apk add \\\n    curl \\\n    git\n");
    }
}
