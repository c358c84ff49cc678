//! todo-comment: TODO / FIXME / XXX / PLACEHOLDER markers left in comments.

use crate::dockerfile::{ItemKind, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::Span;

pub struct TodoComment;

static META: RuleMeta = rule_meta! {
    id: "todo-comment",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "TODO, FIXME, XXX or PLACEHOLDER left in a comment",
    why: "A marker comment says the file is not finished: a workaround to remove, a value to fill \
in, a step that is known to be wrong. In a Dockerfile that ships, it is worth a look before \
release. Markers count as words: `TODO`, `FIXME`, `XXX` and `PLACEHOLDER` in capitals, and \
`todo`/`fixme` in any case when written as a marker (`todo:`, `Fixme(...)`, `@todo`); words that \
merely contain them (`todos-app`, `TODO_LIST`) do not. Comment lines inside instructions and \
comments in `RUN <<EOF` scripts are read too; the contents of `COPY <<EOF` files are data and \
are not.",
    bad: "FROM python:3.12-slim\n# TODO: drop the dev dependencies before release\nRUN pip install --no-cache-dir -r requirements-dev.txt\n",
    good: "FROM python:3.12-slim\n# Runtime dependencies only.\nRUN pip install --no-cache-dir -r requirements.txt\n",
    has_fix: false,
    files: &[],
    references: &["https://docs.docker.com/reference/dockerfile/#format"],
};

/// Markers reported when written in capitals.
const UPPER: &[&str] = &["TODO", "FIXME", "XXX", "PLACEHOLDER"];
/// Markers reported in any case when they look like a marker (`todo:`, `fixme(`, `@todo`).
const ANY_CASE: &[&str] = &["todo", "fixme"];

/// The first marker in a comment's text: (byte offset, length).
fn find_marker(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut i = 0;
    while i < b.len() {
        if !is_word(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word(b[i]) {
            i += 1;
        }
        let word = &s[start..i];
        if UPPER.contains(&word) {
            return Some((start, i - start));
        }
        if ANY_CASE.iter().any(|m| word.eq_ignore_ascii_case(m)) {
            let before = start.checked_sub(1).map(|p| b[p]);
            let after = b.get(i).copied();
            if before == Some(b'@') || matches!(after, Some(b':') | Some(b'(')) {
                return Some((start, i - start));
            }
        }
    }
    None
}

impl Rule for TodoComment {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut report = |line: Span| {
            let text = line.slice(cx.text);
            if let Some((at, len)) = find_marker(text) {
                let marker = &text[at..at + len];
                let mut note: String = text.trim().trim_start_matches('#').trim().to_string();
                if note.chars().count() > 80 {
                    note = note.chars().take(77).collect::<String>() + "...";
                }
                out.push(Diagnostic::new(
                    Span::new(line.start + at, line.start + at + len),
                    format!("leftover `{marker}` comment: {note}"),
                ));
            }
        };
        for item in &cx.dockerfile.items {
            match &item.kind {
                ItemKind::Comment { text } => report(*text),
                &ItemKind::Instruction(i) => {
                    let ins = &cx.dockerfile.instructions[i];
                    for c in &ins.inner_comments {
                        report(*c);
                    }
                    let keyword = match &ins.command.args {
                        crate::dockerfile::Args::Onbuild(inner) => inner.keyword,
                        _ => ins.keyword(),
                    };
                    if keyword != Keyword::Run {
                        continue;
                    }
                    // Comment lines of `RUN <<EOF` scripts.
                    for h in &ins.heredocs {
                        let body = h.body.slice(cx.text);
                        let mut offset = h.body.start;
                        for line in body.split_inclusive('\n') {
                            let trimmed = line.trim_start();
                            if trimmed.starts_with('#') && !trimmed.starts_with("#!") {
                                let start = offset + (line.len() - trimmed.len());
                                report(Span::new(start, offset + line.trim_end().len()));
                            }
                            offset += line.len();
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    #[test]
    fn markers_are_words() {
        assert_eq!(find_marker("TODO: x"), Some((0, 4)));
        assert_eq!(find_marker("remove this FIXME"), Some((12, 5)));
        assert_eq!(find_marker("set to XXX for now"), Some((7, 3)));
        assert_eq!(find_marker("PLACEHOLDER value"), Some((0, 11)));
        assert_eq!(find_marker("todo: lower case marker"), Some((0, 4)));
        assert_eq!(find_marker("Fixme(alice) later"), Some((0, 5)));
        assert_eq!(find_marker("see @todo"), Some((5, 4)));
        for quiet in [
            "build the todos-app image",
            "TODO_LIST is a variable",
            "TODOS",
            "the todo app",
            "a placeholder image",
            "XXXX-XXXX",
            "0xXXX",
            "Todo list",
            "mastodon",
        ] {
            assert_eq!(find_marker(quiet), None, "{quiet}");
        }
    }

    #[test]
    fn comments_everywhere_but_data() {
        let src = "# TODO: pin\nFROM alpine:3.20\nRUN apk add a \\\n    # FIXME drop b\n    b\n\
RUN <<EOF\n# XXX slow\necho hi # TODO not a line comment\nEOF\nCOPY <<EOF /etc/app.conf\n# TODO in data\nEOF\n";
        let d = run(&TodoComment, src);
        let got: Vec<&str> = d.iter().map(|d| d.span.slice(src)).collect();
        assert_eq!(got, ["TODO", "FIXME", "XXX"], "{d:?}");
        assert!(d[0].message.contains("TODO: pin"), "{}", d[0].message);
    }

    #[test]
    fn directives_and_clean_comments_are_quiet() {
        assert!(run(
            &TodoComment,
            "# syntax=docker/dockerfile:1\n# Build the todos-app.\nFROM alpine:3.20\nRUN echo TODO\n"
        )
        .is_empty());
    }
}
