//! The `tty` format: one header line per finding (`file:line:col: severity RULE message`), and
//! unless `--no-snippets` the source line under it with the finding's span underlined, the way
//! rustc and ruff show it:
//!
//! ```text
//! Dockerfile:1:6: warning DL3006 base image `ubuntu` has no tag
//!   --> Dockerfile:1:6
//!    |
//!  1 | FROM ubuntu
//!    |      ^^^^^^
//! ```
//!
//! The underline is measured in terminal cells: tabs are expanded to the next multiple of 4, wide
//! (East Asian, emoji) characters take two cells, combining marks none; control characters show as
//! `�` so a file cannot send escape sequences to the terminal. A span over several lines is
//! underlined on its first line; a `\r` before the newline (CRLF) is not shown.
//!
//! User text cannot rearrange a line: in file names, messages (which quote the file) and source
//! lines, the Unicode bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//! U+2066–U+2069) are shown as `\u{202E}`, so a right-to-left override in a file does not reverse
//! the rest of the line around it; control characters in names and messages are shown the same
//! way (see [`isolate`]).

use shipshape_core::{Report, Severity, Workspace};
use std::borrow::Cow;
use std::io::Write;

const TAB: usize = 4;

/// A Unicode bidirectional formatting character that changes the order text is shown in.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `c` as shown instead: `\u{202E}`.
fn escaped(c: char) -> String {
    format!("\\u{{{:04X}}}", c as u32)
}

/// User text (a file name, a message quoting a file) made safe for one terminal line: bidi
/// controls and control characters (escape sequences, line breaks; tabs stay) become `\u{202E}`.
pub fn isolate(s: &str) -> Cow<'_, str> {
    let bad = |c: char| is_bidi_control(c) || (c.is_control() && c != '\t');
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if bad(c) { escaped(c) } else { c.to_string() })
            .collect(),
    )
}

/// Write `report` in the tty format to `out` as it is made (the snippets are cut from the
/// workspace's texts).
pub fn write(
    out: &mut dyn Write,
    report: &Report,
    ws: &Workspace,
    color: bool,
    snippets: bool,
) -> std::io::Result<()> {
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for e in &report.errors {
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            isolate(&e.file),
            e.line,
            e.column,
            paint("1;31", "parse-error"),
            isolate(&e.message)
        )?;
        if snippets {
            if let Some(f) = ws.get(&e.file) {
                let start = e.span.start.min(f.text.len());
                let end = e.span.end.clamp(start, f.text.len());
                out.write_all(
                    snippet(
                        &f.text,
                        start,
                        end,
                        &e.file,
                        e.line,
                        e.column,
                        &|s| paint("1;31", s),
                        &|s| paint("1;34", s),
                    )
                    .as_bytes(),
                )?;
            }
        }
    }
    for f in &report.findings {
        let (sev, code) = match f.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
            Severity::Info => ("info", "1;36"),
            Severity::Style => ("style", "1;35"),
        };
        let fix = if f.fix.is_some() {
            paint("2", " [fix available]")
        } else {
            String::new()
        };
        writeln!(
            out,
            "{}:{}:{}: {} {} {}{fix}",
            isolate(&f.file),
            f.line,
            f.column,
            paint(code, sev),
            paint("1", f.rule),
            isolate(&f.message)
        )?;
        if snippets {
            if let Some(file) = ws.get(&f.file) {
                out.write_all(
                    snippet(
                        &file.text,
                        f.span.start,
                        f.span.end,
                        &f.file,
                        f.line,
                        f.column,
                        &|s| paint(code, s),
                        &|s| paint("1;34", s),
                    )
                    .as_bytes(),
                )?;
            }
        }
    }
    let files = report.files.len();
    writeln!(
        out,
        "{} finding(s), {} parse error(s) in {files} file(s)",
        report.findings.len(),
        report.errors.len()
    )?;
    Ok(())
}

/// The `-->` line, the source line holding byte `start` of `text`, and carets under
/// `start..end` (up to the end of that line; one caret for an empty span). Empty when `start` is
/// not a character boundary of `text` (never for a finding the core made).
#[allow(clippy::too_many_arguments)]
pub fn snippet(
    text: &str,
    start: usize,
    end: usize,
    file: &str,
    line: usize,
    column: usize,
    mark: &dyn Fn(&str) -> String,
    gutter: &dyn Fn(&str) -> String,
) -> String {
    if start > text.len() || !text.is_char_boundary(start) {
        return String::new();
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let mut shown_end = line_end;
    if text[line_start..shown_end].ends_with('\r') {
        shown_end -= 1;
    }
    let end = end.clamp(start, shown_end.max(start));
    let (shown, before, under) = layout(
        &text[line_start..shown_end],
        start - line_start,
        end - line_start,
    );
    let num = line.to_string();
    let pad = " ".repeat(num.len());
    let file = isolate(file);
    let carets = "^".repeat(under.max(1));
    format!(
        "{pad}{} {file}:{line}:{column}\n{pad} {}\n{} {} {shown}\n{pad} {}{}{}\n",
        gutter("-->"),
        gutter("|"),
        gutter(&num),
        gutter("|"),
        gutter("|"),
        " ".repeat(before + 1),
        mark(&carets)
    )
}

/// The line as shown (tabs expanded, control characters replaced), and how many cells come before
/// the byte offset `from` and between `from` and `to` (offsets into `line`, clamped to it).
fn layout(line: &str, from: usize, to: usize) -> (String, usize, usize) {
    let mut shown = String::with_capacity(line.len());
    let (mut col, mut before, mut at_end) = (0usize, None, None);
    for (i, c) in line.char_indices() {
        if before.is_none() && i >= from {
            before = Some(col);
        }
        if at_end.is_none() && i >= to {
            at_end = Some(col);
        }
        match c {
            '\t' => {
                let n = TAB - col % TAB;
                shown.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            c if c.is_control() => {
                shown.push('\u{fffd}');
                col += 1;
            }
            c if is_bidi_control(c) => {
                let e = escaped(c);
                col += e.len();
                shown.push_str(&e);
            }
            c => {
                shown.push(c);
                col += width(c);
            }
        }
    }
    let before = before.unwrap_or(col);
    let after = at_end.unwrap_or(col);
    (shown, before, after.saturating_sub(before))
}

/// Terminal cells a character takes: 0 for combining marks and zero-width characters, 2 for wide
/// East Asian characters and emoji, else 1 (a small table of the Unicode ranges that matter).
fn width(c: char) -> usize {
    let u = c as u32;
    let zero = matches!(u,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x200B..=0x200F
        | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F | 0xFEFF | 0xE0100..=0xE01EF);
    if zero {
        return 0;
    }
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F | 0x1F900..=0x1F9FF
        | 0x1F680..=0x1F6FF | 0x2600..=0x26FF | 0x2700..=0x27BF | 0x20000..=0x3FFFD);
    if wide {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> String {
        s.to_string()
    }

    fn snip(text: &str, start: usize, end: usize) -> String {
        snippet(text, start, end, "Dockerfile", 1, 1, &plain, &plain)
    }

    /// The source line and the caret line of a snippet.
    fn body(s: &str) -> (String, String) {
        let lines: Vec<&str> = s.lines().collect();
        (lines[2].to_string(), lines[3].to_string())
    }

    #[test]
    fn underlines_the_span_under_the_line() {
        let text = "FROM ubuntu\nRUN x\n";
        let s = snip(text, 5, 11);
        assert_eq!(
            s,
            " --> Dockerfile:1:1\n  |\n1 | FROM ubuntu\n  |      ^^^^^^\n"
        );
    }

    #[test]
    fn tabs_expand_and_carets_follow() {
        let text = "RUN\tfoo\n";
        let (line, carets) = body(&snip(text, 4, 7));
        assert_eq!(line, "1 | RUN foo");
        assert_eq!(carets, "  |     ^^^");
        let text = "\t\tX\n";
        let (line, carets) = body(&snip(text, 2, 3));
        assert_eq!(line, "1 |         X");
        assert_eq!(carets, "  |         ^");
    }

    #[test]
    fn wide_and_multibyte_characters() {
        let text = "LABEL a=\"日本\" b=é x\n";
        let b = text.find("b=").unwrap();
        let (_, carets) = body(&snip(text, b, b + 4));
        // `LABEL a="` is 9 cells, 日本 is 4, `" ` is 2: `b` starts at cell 15.
        assert_eq!(carets, format!("  | {}^^^", " ".repeat(15)));
        let j = text.find('日').unwrap();
        let (_, carets) = body(&snip(text, j, j + '日'.len_utf8() * 2));
        assert_eq!(carets, format!("  | {}^^^^", " ".repeat(9)));
        // A combining accent takes no cell.
        let text = "ENV e=e\u{301}x\n";
        let x = text.find('x').unwrap();
        let (_, carets) = body(&snip(text, x, x + 1));
        assert_eq!(carets, format!("  | {}^", " ".repeat(7)));
    }

    #[test]
    fn multi_line_spans_underline_the_first_line_and_crlf_is_hidden() {
        let text = "RUN a \\\r\n  && b\r\nCMD x\r\n";
        let s = snip(text, 4, 17);
        let (line, carets) = body(&s);
        assert_eq!(line, "1 | RUN a \\");
        assert_eq!(carets, "  |     ^^^");
        assert!(!s.contains('\r'));
    }

    #[test]
    fn bidi_controls_and_control_characters_cannot_rearrange_a_line() {
        assert_eq!(isolate("plain é 日本\tx"), "plain é 日本\tx");
        assert_eq!(
            isolate("a\u{202E}b\u{2066}c\u{2069}\u{202A}"),
            "a\\u{202E}b\\u{2066}c\\u{2069}\\u{202A}"
        );
        assert_eq!(isolate("x\u{1b}[2J\ny"), "x\\u{001B}[2J\\u{000A}y");
        // In a source line, the escape is what is shown, and the carets stay under the span.
        let text = "LABEL a=\"\u{202E}evil\" b=1\n";
        let b = text.find("b=").unwrap();
        let (line, carets) = body(&snip(text, b, b + 3));
        assert_eq!(line, "1 | LABEL a=\"\\u{202E}evil\" b=1");
        assert_eq!(
            carets,
            format!("  | {}^^^", " ".repeat(line.find("b=").unwrap() - 4))
        );
        // A whole report: names and messages quoting the file are isolated too.
        let mut ws = Workspace::new();
        let name = "evil\u{202E}elif/Dockerfile";
        ws.add(name, "FROM ubuntu\u{202E}x\n");
        let report = shipshape_core::lint(&ws, &shipshape_core::Config::default());
        let mut out = Vec::new();
        write(&mut out, &report, &ws, false, true).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!report.findings.is_empty());
        assert!(!out.contains('\u{202E}'), "{out}");
        assert!(out.contains("evil\\u{202E}elif/Dockerfile:1:"), "{out}");
    }

    #[test]
    fn empty_spans_end_of_file_and_control_characters() {
        let text = "FROM a\n";
        let (_, carets) = body(&snip(text, 6, 6));
        assert_eq!(carets, "  |       ^");
        let (line, carets) = body(&snip(text, 7, 7));
        assert_eq!(line, "1 | ");
        assert_eq!(carets, "  | ^");
        let text = "LABEL x=\x1b[31m\n";
        let (line, _) = body(&snip(text, 0, 5));
        assert!(!line.contains('\x1b'), "{line:?}");
        // Not a character boundary, or past the end: nothing rather than a panic.
        assert_eq!(snip("é", 1, 2), "");
        assert_eq!(snip("a", 5, 9), "");
        // The gutter is as wide as the line number.
        let s = snippet("a\n", 0, 1, "f", 120, 1, &plain, &plain);
        assert_eq!(s, "   --> f:120:1\n    |\n120 | a\n    | ^\n");
    }
}
