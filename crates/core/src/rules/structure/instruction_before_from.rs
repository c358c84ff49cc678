//! DL3061: instructions before the first FROM other than ARG.

use crate::diagnostics::{Fix, FixCopies};
use crate::dockerfile::Keyword;
use crate::rules::edits::{insert_line_after, newline};
use crate::rules::{whole_lines, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3061;

static META: RuleMeta = rule_meta! {
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
no FROM at all.\n\n\
In a file that has a FROM, an instruction before it belongs to no stage and is judged by this rule \
only; hadolint also applies its other rules to it (as if it were in a stage BuildKit never \
builds). A snippet with no FROM at all is judged as one stage, as hadolint does.\n\n\
The fix (unsafe) moves every misplaced instruction, in order, to just below the first FROM. Whether \
the first stage is where each one belongs is a guess, and an instruction that used a global ARG \
sees it only if the stage declares the ARG again, so review the result.",
    bad: "LABEL org.opencontainers.image.source=\"https://github.com/example/app\"\nFROM alpine:3.20\n",
    good: "ARG ALPINE_VERSION=3.20\nFROM alpine:${ALPINE_VERSION}\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3061",
        "https://docs.docker.com/reference/dockerfile/#format",
    ],
};

/// Move every instruction before the first FROM (except ARG) to just below it, keeping their order.
fn move_below_from(cx: &Context<'_>) -> Option<Fix> {
    let from = cx.model.first_from()?;
    let text = cx.text;
    let mut edits = Vec::new();
    let mut moved = Vec::new();
    for ins in cx
        .model
        .preamble
        .iter()
        .filter(|i| i.keyword() != Keyword::Arg)
    {
        let lines = whole_lines(text, ins.span);
        if lines.end > whole_lines(text, from.span).start {
            return None;
        }
        edits.push(TextEdit::new(lines, ""));
        let body = lines.slice(text);
        moved.push(body.trim_end_matches(['\n', '\r']).to_string());
    }
    if moved.is_empty() {
        return None;
    }
    let block = moved.join(newline(text));
    edits.push(insert_line_after(text, from, &block));
    let n = moved.len();
    let title = if n == 1 {
        "Move it below the first FROM".to_string()
    } else {
        format!("Move the {n} instructions below the first FROM")
    };
    Some(Fix::unsafe_(title, edits))
}

impl Rule for Dl3061 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let fix = move_below_from(cx);
        let mut copies = FixCopies::default();
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
            let mut d = Diagnostic::new(
                ins.command.name_span,
                format!("{name} comes before the first FROM; only ARG may precede FROM"),
            );
            // Every finding offers the same fix (moving all of them at once keeps their order).
            d.fix = copies.give(&fix);
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3061;
    use crate::rules::run;

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

    fn fixed(src: &str) -> Option<String> {
        let d = run(&Dl3061, src);
        let fix = d.first()?.fix.as_ref()?;
        assert!(d.iter().all(|x| x.fix.as_ref() == Some(fix)));
        Some(crate::diagnostics::apply_edits(src, &fix.edits).unwrap())
    }

    #[test]
    fn fix_moves_all_in_order_below_the_first_from() {
        assert_eq!(
            fixed("ENV A=1\nARG V=1\nENV B=$A\nFROM a:$V\nRUN x\n").unwrap(),
            "ARG V=1\nFROM a:$V\nENV A=1\nENV B=$A\nRUN x\n"
        );
        assert_eq!(
            fixed("LABEL a=b \\\n  c=d\nFROM a:1").unwrap(),
            "FROM a:1\nLABEL a=b \\\n  c=d"
        );
        assert_eq!(
            fixed("LABEL a=b\r\nFROM a:1\r\n").unwrap(),
            "FROM a:1\r\nLABEL a=b\r\n"
        );
        assert_eq!(fixed("RUN x\nCMD y\n"), None, "no FROM to move below");
        let out = fixed("ENV A=1\nFROM a:1\n").unwrap();
        assert!(run(&Dl3061, &out).is_empty());
    }
}
