//! Fix builders the rules share: inserting a line next to an instruction, removing a flag,
//! appending `USER`. Rules import these from here, never from each other.

use super::{whole_lines, Context};
use crate::diagnostics::Fix;
use crate::dockerfile::model::Stage;
use crate::dockerfile::{Flag, Instruction};
use crate::source::{Span, TextEdit};

/// The line ending the file uses.
pub(crate) fn newline(text: &str) -> &'static str {
    // Decided by the first line ending, so asking costs one line, not the whole file.
    if text
        .find('\n')
        .is_some_and(|i| i > 0 && text.as_bytes()[i - 1] == b'\r')
    {
        "\r\n"
    } else {
        "\n"
    }
}

/// An edit putting `line` (no newline) on a line of its own right after instruction `ins`.
pub(crate) fn insert_line_after(text: &str, ins: &Instruction, line: &str) -> TextEdit {
    let end = whole_lines(text, ins.span).end;
    let nl = newline(text);
    if end == text.len() && !text.ends_with('\n') {
        TextEdit::insert(end, format!("{nl}{line}"))
    } else {
        TextEdit::insert(end, format!("{line}{nl}"))
    }
}

/// An edit putting `line` (no newline) on a line of its own right before instruction `ins`.
pub(crate) fn insert_line_before(text: &str, ins: &Instruction, line: &str) -> TextEdit {
    let start = whole_lines(text, ins.span).start;
    TextEdit::insert(start, format!("{line}{}", newline(text)))
}

/// An edit putting `line` (no newline) on a line of its own above instruction `ins` and the comment
/// lines directly above it (a description, or a `# hadolint ignore=` pragma that must stay next to it).
pub(crate) fn insert_line_above(
    df: &crate::dockerfile::Dockerfile,
    text: &str,
    ins: &Instruction,
    line: &str,
) -> TextEdit {
    let items = &df.items;
    let Some(pos) = items
        .iter()
        .position(|it| df.instruction(it).is_some_and(|i| std::ptr::eq(i, ins)))
    else {
        return insert_line_before(text, ins, line);
    };
    let mut at = pos;
    while at > 0
        && matches!(
            items[at - 1].kind,
            crate::dockerfile::ItemKind::Comment { .. }
        )
    {
        at -= 1;
    }
    if at == pos {
        return insert_line_before(text, ins, line);
    }
    TextEdit::insert(items[at].span.start, format!("{line}{}", newline(text)))
}

/// A fix deleting a FROM flag and the blanks after it.
pub(crate) fn remove_flag(text: &str, flag: &Flag) -> Fix {
    let rest = &text[flag.span.end..];
    let ws = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    Fix::unsafe_(
        "Remove --platform",
        vec![TextEdit::new(
            Span::new(flag.span.start, flag.span.end + ws),
            "",
        )],
    )
}

/// A fix appending `USER <user>` after the last instruction of `stage`.
pub(crate) fn append_user(cx: &Context<'_>, stage: &Stage<'_>, user: &str, title: String) -> Fix {
    let last = stage.instructions.last().copied().unwrap_or(stage.from);
    Fix::unsafe_(
        title,
        vec![insert_line_after(cx.text, last, &format!("USER {user}"))],
    )
}
