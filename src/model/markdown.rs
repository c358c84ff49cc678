//! A small reader for the Markdown subset the audit report (`shipshape_core::report::markdown`)
//! writes: ATX headings, paragraphs, `-` lists (nested by indentation), GitHub tables, fenced code
//! blocks, `**bold**`, `` `code` `` and backslash escapes. It builds a tree of plain strings, which
//! the page turns into elements: nothing is ever parsed as HTML, so file contents stay text.

/// Inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    Text(String),
    Code(String),
    Strong(Vec<Inline>),
}

/// A list item: its first line and whatever is indented under it (nested lists, code blocks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub text: Vec<Inline>,
    pub children: Vec<Block>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    Heading(u8, Vec<Inline>),
    Para(Vec<Inline>),
    List(Vec<Item>),
    Table {
        head: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
    },
    Code {
        lang: String,
        text: String,
    },
}

/// Nesting deeper than this is shown as plain paragraphs (the report nests two levels).
const MAX_DEPTH: usize = 16;

pub fn parse(md: &str) -> Vec<Block> {
    let lines: Vec<&str> = md.lines().collect();
    blocks(&lines, 0)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// `- x` / `* x` after `indent` spaces: the item's text.
fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start_matches(' ');
    t.strip_prefix("- ")
        .or_else(|| t.strip_prefix("* "))
        .or_else(|| (t == "-" || t == "*").then_some(""))
}

fn fence(line: &str) -> Option<&str> {
    line.trim_start_matches(' ').strip_prefix("```")
}

fn heading(line: &str) -> Option<(u8, &str)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    let rest = &line[hashes..];
    ((1..=6).contains(&hashes) && (rest.is_empty() || rest.starts_with(' ')))
        .then(|| (hashes as u8, rest.trim()))
}

fn table_row(line: &str) -> bool {
    line.trim_start().starts_with('|')
}

/// `|---|:--:|` and the like.
fn separator(line: &str) -> bool {
    let t = line.trim();
    t.starts_with('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Drop up to `n` leading spaces.
fn dedent(line: &str, n: usize) -> &str {
    &line[indent(line).min(n)..]
}

fn blocks(lines: &[&str], depth: usize) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if blank(line) {
            i += 1;
            continue;
        }
        if let Some(lang) = fence(line) {
            let ind = indent(line);
            let mut text = String::new();
            i += 1;
            while i < lines.len() && fence(lines[i]).is_none_or(|rest| !rest.trim().is_empty()) {
                text.push_str(dedent(lines[i], ind));
                text.push('\n');
                i += 1;
            }
            i += 1; // the closing fence (or the end)
            out.push(Block::Code {
                lang: lang.trim().to_string(),
                text,
            });
            continue;
        }
        if let Some((level, text)) = heading(line) {
            out.push(Block::Heading(level, inline(text)));
            i += 1;
            continue;
        }
        if table_row(line) && lines.get(i + 1).is_some_and(|l| separator(l)) {
            let head = cells(line);
            i += 2;
            let mut rows = Vec::new();
            while i < lines.len() && table_row(lines[i]) {
                rows.push(cells(lines[i]));
                i += 1;
            }
            out.push(Block::Table { head, rows });
            continue;
        }
        if bullet(line).is_some() && depth < MAX_DEPTH {
            let ind = indent(line);
            let mut items = Vec::new();
            while i < lines.len() && indent(lines[i]) == ind {
                let Some(first) = bullet(lines[i]) else { break };
                i += 1;
                // Everything more indented than the bullet (and blank lines between) is the item's.
                let start = i;
                while i < lines.len() && (blank(lines[i]) || indent(lines[i]) > ind) {
                    i += 1;
                }
                let mut end = i;
                while end > start && blank(lines[end - 1]) {
                    end -= 1;
                }
                let child_lines: Vec<&str> = lines[start..end]
                    .iter()
                    .map(|l| dedent(l, ind + 2))
                    .collect();
                items.push(Item {
                    text: inline(first),
                    children: blocks(&child_lines, depth + 1),
                });
                // Blank lines between items of the same list do not end it.
                while i < lines.len()
                    && blank(lines[i])
                    && lines[i + 1..]
                        .iter()
                        .find(|l| !blank(l))
                        .is_some_and(|l| indent(l) == ind && bullet(l).is_some())
                {
                    i += 1;
                }
            }
            out.push(Block::List(items));
            continue;
        }
        // A paragraph: lines up to a blank line or the start of another block.
        let mut text = String::from(line.trim());
        i += 1;
        while i < lines.len() {
            let l = lines[i];
            if blank(l)
                || fence(l).is_some()
                || heading(l).is_some()
                || bullet(l).is_some()
                || (table_row(l) && lines.get(i + 1).is_some_and(|n| separator(n)))
            {
                break;
            }
            text.push(' ');
            text.push_str(l.trim());
            i += 1;
        }
        out.push(Block::Para(inline(&text)));
    }
    out
}

/// A table row's cells; `\|` is a pipe inside a cell.
fn cells(line: &str) -> Vec<Vec<Inline>> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t
        .strip_suffix('|')
        .filter(|s| !s.ends_with('\\'))
        .unwrap_or(t);
    let mut out = Vec::new();
    let mut cell = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => out.push(inline(std::mem::take(&mut cell).trim())),
            c => cell.push(c),
        }
    }
    out.push(inline(cell.trim()));
    out
}

/// Inline markup: code spans first (their content is literal), then `**strong**`, then escapes.
pub fn inline(s: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut text = String::new();
    let push_text = |out: &mut Vec<Inline>, text: &mut String| {
        if !text.is_empty() {
            out.push(Inline::Text(std::mem::take(text)));
        }
    };
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // A run of n backticks closes at the next run of exactly n.
            let n = rest.len() - rest.trim_start_matches('`').len();
            let after = &rest[n..];
            let close = "`".repeat(n);
            let mut search = 0;
            let found = loop {
                match after[search..].find(&close) {
                    Some(p) => {
                        let at = search + p;
                        let run = after[at..].len() - after[at..].trim_start_matches('`').len();
                        if run == n {
                            break Some(at);
                        }
                        search = at + run;
                    }
                    None => break None,
                }
            };
            match found {
                Some(at) => {
                    push_text(&mut out, &mut text);
                    let code = &after[..at];
                    let code = if code.len() > 2 && code.starts_with(' ') && code.ends_with(' ') {
                        &code[1..code.len() - 1]
                    } else {
                        code
                    };
                    out.push(Inline::Code(code.to_string()));
                    rest = &after[at + n..];
                }
                None => {
                    text.push_str(&rest[..n]);
                    rest = after;
                }
            }
            continue;
        }
        if let Some(after) = rest.strip_prefix("**") {
            if let Some(end) = strong_end(after) {
                push_text(&mut out, &mut text);
                out.push(Inline::Strong(inline(&after[..end])));
                rest = &after[end + 2..];
                continue;
            }
        }
        if c == '\\' {
            if let Some(next) = rest[1..].chars().next().filter(char::is_ascii_punctuation) {
                text.push(next);
                rest = &rest[1 + next.len_utf8()..];
                continue;
            }
        }
        text.push(c);
        rest = &rest[c.len_utf8()..];
    }
    push_text(&mut out, &mut text);
    out
}

/// Where the `**` closing a strong run starts (not inside a code span), if it is there and the run
/// is not empty.
fn strong_end(s: &str) -> Option<usize> {
    let mut in_code = false;
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'`' => in_code = !in_code,
            b'\\' => i += 1,
            b'*' if !in_code && b.get(i + 1) == Some(&b'*') && i > 0 => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The plain text of inline content (for labels and tests).
pub fn plain(inl: &[Inline]) -> String {
    let mut s = String::new();
    for i in inl {
        match i {
            Inline::Text(t) | Inline::Code(t) => s.push_str(t),
            Inline::Strong(x) => s.push_str(&plain(x)),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.into())
    }
    fn c(s: &str) -> Inline {
        Inline::Code(s.into())
    }

    #[test]
    fn inline_code_bold_and_escapes() {
        assert_eq!(
            inline("- `Dockerfile:3:1` **DL3020** — ADD \\| COPY"),
            vec![
                t("- "),
                c("Dockerfile:3:1"),
                t(" "),
                Inline::Strong(vec![t("DL3020")]),
                t(" — ADD | COPY"),
            ]
        );
        // Code is literal: no bold or escapes inside; unclosed markers stay text.
        assert_eq!(inline("`**a\\|b**`"), vec![c("**a\\|b**")]);
        assert_eq!(inline("a ` b ** c"), vec![t("a ` b ** c")]);
        assert_eq!(
            inline("**`x`** y"),
            vec![Inline::Strong(vec![c("x")]), t(" y")]
        );
        assert_eq!(inline("``a`b``"), vec![c("a`b")]);
        assert_eq!(inline("****"), vec![t("****")]);
        assert_eq!(plain(&inline("**a** `b`")), "a b");
    }

    #[test]
    fn markup_in_text_is_just_text() {
        let b = parse("<script>alert(1)</script>\n\n- <img src=x onerror=alert(1)>\n");
        assert_eq!(
            b,
            vec![
                Block::Para(vec![t("<script>alert(1)</script>")]),
                Block::List(vec![Item {
                    text: vec![t("<img src=x onerror=alert(1)>")],
                    children: vec![]
                }]),
            ]
        );
    }

    #[test]
    fn tables_with_escaped_pipes_and_empty_headers() {
        let b = parse("| | |\n|---|---|\n| Runs as | `a\\|b` |\n| x |\n\nafter\n");
        assert_eq!(
            b,
            vec![
                Block::Table {
                    head: vec![vec![], vec![]],
                    rows: vec![vec![vec![t("Runs as")], vec![c("a|b")]], vec![vec![t("x")]]],
                },
                Block::Para(vec![t("after")]),
            ]
        );
        // A row of pipes without a separator under it is a paragraph.
        assert_eq!(parse("| a |\nb"), vec![Block::Para(vec![t("| a | b")])]);
    }

    #[test]
    fn nested_lists_with_indented_code() {
        let md = "#### error (1)\n\n- `f:1:1` **R** — msg\n  - Why it matters: because\n  - Fix (safe): do it\n\n    ```diff\n    --- a/f\n    +++ b/f\n    -x\n    +y\n    ```\n- second\n\n## Next\n";
        let b = parse(md);
        assert_eq!(b.len(), 3, "{b:#?}");
        assert_eq!(b[0], Block::Heading(4, vec![t("error (1)")]));
        let Block::List(items) = &b[1] else {
            panic!("{b:?}")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(plain(&items[1].text), "second");
        let Block::List(sub) = &items[0].children[0] else {
            panic!("{items:?}")
        };
        assert_eq!(plain(&sub[0].text), "Why it matters: because");
        assert_eq!(
            sub[1].children,
            vec![Block::Code {
                lang: "diff".into(),
                text: "--- a/f\n+++ b/f\n-x\n+y\n".into()
            }]
        );
        assert_eq!(b[2], Block::Heading(2, vec![t("Next")]));
    }

    #[test]
    fn the_real_report_reads_back() {
        use shipshape_core::{lint, Config, Workspace};
        let mut ws = Workspace::new();
        ws.add(
            "Dockerfile",
            "FROM python:latest\nADD a.txt .\nRUN pip install -r r.txt\nCMD python app.py\n",
        );
        ws.add(
            "compose.yaml",
            "services:\n  api:\n    build:\n      context: .\n      target: release\n",
        );
        let md = shipshape_core::report::render(
            shipshape_core::report::Format::Markdown,
            &ws,
            &lint(&ws, &Config::default()),
        );
        let b = parse(&md);
        let headings: Vec<String> = b
            .iter()
            .filter_map(|x| match x {
                Block::Heading(_, h) => Some(plain(h)),
                _ => None,
            })
            .collect();
        assert_eq!(headings[0], "shipshape audit report");
        assert!(headings.iter().any(|h| h == "All findings"), "{headings:?}");
        let tables = b
            .iter()
            .filter(|x| matches!(x, Block::Table { .. }))
            .count();
        assert!(tables >= 4, "{tables} tables");
        // Every fix diff in the report becomes a code block somewhere in a list.
        fn codes(bs: &[Block], n: &mut usize) {
            for b in bs {
                match b {
                    Block::Code { lang, .. } if lang == "diff" => *n += 1,
                    Block::List(items) => items.iter().for_each(|i| codes(&i.children, n)),
                    _ => {}
                }
            }
        }
        let mut n = 0;
        codes(&b, &mut n);
        assert_eq!(n, md.matches("```diff").count());
        assert!(n >= 2, "{md}");
    }

    #[test]
    fn odd_input_never_panics() {
        for s in [
            "",
            "#",
            "####### x",
            "```",
            "- ",
            "-",
            "|",
            "|-|",
            "**",
            "`",
            "\\",
            "é**é**",
            "  - a\n- b\n    - c\n  ```\n",
        ] {
            let _ = parse(s);
        }
        let deep: String = (0..200)
            .map(|i| format!("{}- x\n", " ".repeat(i * 2)))
            .collect();
        let _ = parse(&deep);
        assert_eq!(parse("#x"), vec![Block::Para(vec![t("#x")])]);
    }
}
