//! Syntax highlighting for the playground's editor: the tokens of a Dockerfile or a YAML file as byte
//! spans, read off the parsers' own output (`dockerfile::parse`, `yaml::parse`) plus a small lexical
//! pass for what a syntax tree does not keep (variables, quotes, comments, anchors and aliases).
//!
//! The result is sorted, never overlapping, on character boundaries and inside the text, so a view
//! can cut the text at the spans without further checks. Text between tokens is plain.

use crate::dockerfile::{self, Args, Command, ItemKind};
use crate::source::Span;
use crate::yaml;

/// What a token is; [`TokenKind::class`] names it for a stylesheet (`tok-<kind>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TokenKind {
    /// A parser directive line (`# syntax=…`, `# escape=…`, `# check=…`).
    Directive,
    /// An instruction keyword (`FROM`, `RUN`, …; also ONBUILD's trigger and HEALTHCHECK's CMD/NONE).
    Instruction,
    /// A `--name[=value]` flag of an instruction.
    Flag,
    Comment,
    /// `$NAME`, `${NAME}`, `${NAME:-default}`, `$1`, …
    Variable,
    /// A quoted string (and exec-form JSON strings, YAML quoted and block scalars).
    String,
    /// A heredoc's marker (`<<EOF`), body and terminator.
    Heredoc,
    /// A YAML mapping key; ENV/LABEL keys and ARG names.
    Key,
    /// A plain YAML scalar value.
    Scalar,
    /// A YAML number, boolean or null.
    Literal,
    /// A YAML anchor (`&name`).
    Anchor,
    /// A YAML alias (`*name`) or merge key (`<<`).
    Alias,
    /// A YAML tag (`!!str`, `!reset`).
    Tag,
}

impl TokenKind {
    /// The CSS class of the kind: `tok-instruction`, `tok-flag`, …
    pub fn class(self) -> &'static str {
        match self {
            TokenKind::Directive => "tok-directive",
            TokenKind::Instruction => "tok-instruction",
            TokenKind::Flag => "tok-flag",
            TokenKind::Comment => "tok-comment",
            TokenKind::Variable => "tok-variable",
            TokenKind::String => "tok-string",
            TokenKind::Heredoc => "tok-heredoc",
            TokenKind::Key => "tok-key",
            TokenKind::Scalar => "tok-scalar",
            TokenKind::Literal => "tok-literal",
            TokenKind::Anchor => "tok-anchor",
            TokenKind::Alias => "tok-alias",
            TokenKind::Tag => "tok-tag",
        }
    }
}

/// Which highlighter a file gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Dockerfile,
    Yaml,
    /// Comments only (`.dockerignore`).
    Ignore,
    Plain,
}

impl Language {
    pub fn of(kind: crate::workspace::FileKind, path: &str) -> Language {
        use crate::workspace::FileKind;
        match kind {
            FileKind::Dockerfile => Language::Dockerfile,
            // A `.dclintrc` in JSON reads as YAML's flow style, which JSON is.
            FileKind::Compose | FileKind::HadolintConfig | FileKind::DclintConfig => Language::Yaml,
            FileKind::Dockerignore => Language::Ignore,
            FileKind::Other => {
                let lower = path.to_ascii_lowercase();
                if lower.ends_with(".yml") || lower.ends_with(".yaml") {
                    Language::Yaml
                } else {
                    Language::Plain
                }
            }
        }
    }
}

/// The tokens of `text` in `language`.
pub fn highlight(text: &str, language: Language) -> Vec<(Span, TokenKind)> {
    match language {
        Language::Dockerfile => dockerfile(text),
        Language::Yaml => yaml(text),
        Language::Ignore => ignore(text),
        Language::Plain => Vec::new(),
    }
}

/// Tokens of a Dockerfile, from `dockerfile::parse`.
pub fn dockerfile(text: &str) -> Vec<(Span, TokenKind)> {
    let df = dockerfile::parse(text);
    let escape = df.escape as u8;
    let mut out: Vec<(Span, TokenKind)> = Vec::new();
    for item in &df.items {
        match &item.kind {
            ItemKind::Blank => {}
            ItemKind::Comment { .. } => {
                let line = item.span.slice(text);
                if let Some(hash) = line.find('#') {
                    let start = item.span.start + hash;
                    out.push((Span::new(start, line_end(text, start)), TokenKind::Comment));
                }
            }
            ItemKind::Directive(_) => {
                let line = item.span.slice(text);
                let start = item.span.start + line.find('#').unwrap_or(0);
                out.push((
                    Span::new(start, line_end(text, start)),
                    TokenKind::Directive,
                ));
            }
            &ItemKind::Instruction(i) => {
                let ins = &df.instructions[i];
                let mut skip: Vec<Span> = ins.inner_comments.clone();
                for c in &ins.inner_comments {
                    out.push((*c, TokenKind::Comment));
                }
                let shell_body = matches!(
                    ins.command.keyword,
                    dockerfile::Keyword::Run
                        | dockerfile::Keyword::Cmd
                        | dockerfile::Keyword::Entrypoint
                        | dockerfile::Keyword::Onbuild
                );
                for h in &ins.heredocs {
                    skip.push(h.marker);
                    skip.push(h.body);
                    out.push((h.marker, TokenKind::Heredoc));
                    out.push((h.terminator, TokenKind::Heredoc));
                    out.push((h.body, TokenKind::Heredoc));
                    if h.expand {
                        let mut s = Scanner::new(text, escape, shell_body, &[]);
                        s.scan(h.body, true);
                        out.extend(s.out);
                    }
                }
                crate::sort::sort_unstable(&mut skip);
                command(text, escape, &ins.command, &skip, &mut out);
            }
        }
    }
    flatten(text, out)
}

fn command(text: &str, escape: u8, cmd: &Command, skip: &[Span], out: &mut Vec<(Span, TokenKind)>) {
    out.push((cmd.name_span, TokenKind::Instruction));
    for f in &cmd.flags {
        out.push((f.span, TokenKind::Flag));
    }
    args(text, escape, &cmd.args, cmd.args_span, skip, out);
}

/// Strings, variables (and in shell text, comments) in `span`.
fn words(
    text: &str,
    escape: u8,
    skip: &[Span],
    span: Span,
    shell: bool,
    out: &mut Vec<(Span, TokenKind)>,
) {
    let mut s = Scanner::new(text, escape, shell, skip);
    s.scan(span, false);
    out.extend(s.out);
}

fn args(
    text: &str,
    escape: u8,
    a: &Args,
    span: Span,
    skip: &[Span],
    out: &mut Vec<(Span, TokenKind)>,
) {
    match a {
        Args::None | Args::Invalid => {}
        Args::Exec(ws) => {
            for w in ws {
                out.push((w.span, TokenKind::String));
            }
        }
        Args::Shell(_) => words(text, escape, skip, span, true, out),
        Args::Words(_) | Args::String(_) | Args::Ignored => {
            words(text, escape, skip, span, false, out)
        }
        Args::Names(ws) => {
            for w in ws {
                let raw = w.span.slice(text);
                let name_len = raw.find('=').unwrap_or(raw.len());
                out.push((
                    Span::new(w.span.start, w.span.start + name_len),
                    TokenKind::Key,
                ));
                if name_len < raw.len() {
                    let value = Span::new(w.span.start + name_len + 1, w.span.end);
                    words(text, escape, skip, value, false, out);
                }
            }
        }
        Args::KeyValues(kvs) => {
            for kv in kvs {
                out.push((kv.key.span, TokenKind::Key));
                words(text, escape, skip, kv.value.span, false, out);
            }
        }
        Args::Healthcheck { kind, cmd: inner } => {
            out.push((kind.span, TokenKind::Instruction));
            let rest = Span::new(kind.span.end.min(span.end), span.end);
            args(text, escape, inner, rest, skip, out);
        }
        Args::Onbuild(trigger) => command(text, escape, trigger, skip, out),
    }
}

/// A `.dockerignore`: `#` comment lines.
fn ignore(text: &str) -> Vec<(Span, TokenKind)> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            let s = start + (line.len() - trimmed.len());
            out.push((Span::new(s, line_end(text, s)), TokenKind::Comment));
        }
        start += line.len();
    }
    out
}

/// Tokens of a YAML file: keys and scalars from `yaml::parse` when it parses, a line-based guess at
/// keys and quoted strings while it does not (the user is typing), and comments, anchors, aliases and
/// tags from a lexical pass either way.
pub fn yaml(text: &str) -> Vec<(Span, TokenKind)> {
    let mut out: Vec<(Span, TokenKind)> = Vec::new();
    // Spans of scalars the lexical pass must not look into (a `#` inside a string is no comment).
    let mut opaque: Vec<Span> = Vec::new();
    let parsed = yaml::parse(text).ok();
    if let Some(y) = &parsed {
        let mut stack: Vec<(&yaml::Node, bool)> = y.documents.iter().map(|d| (d, false)).collect();
        while let Some((node, is_key)) = stack.pop() {
            match &node.kind {
                yaml::Kind::Map(entries) => {
                    for e in entries {
                        stack.push((&e.key, true));
                        stack.push((&e.value, false));
                    }
                }
                yaml::Kind::Seq(items) => stack.extend(items.iter().map(|n| (n, false))),
                yaml::Kind::Scalar(value, style) => {
                    if node.span.is_empty() {
                        continue;
                    }
                    let kind = if is_key {
                        TokenKind::Key
                    } else {
                        match style {
                            yaml::Style::Plain if is_literal(value) => TokenKind::Literal,
                            yaml::Style::Plain => TokenKind::Scalar,
                            _ => TokenKind::String,
                        }
                    };
                    if *style != yaml::Style::Plain {
                        opaque.push(node.span);
                    }
                    out.push((node.span, kind));
                }
            }
        }
        // Merged maps and aliases repeat nodes: keep each span once.
        crate::sort::sort_unstable(&mut out);
        out.dedup_by(|a, b| a.0 == b.0);
    }
    crate::sort::sort_unstable(&mut opaque);
    yaml_lexical(text, parsed.is_none(), &opaque, &mut out);
    flatten(text, out)
}

fn is_literal(v: &str) -> bool {
    matches!(
        v,
        "true" | "false" | "True" | "False" | "TRUE" | "FALSE" | "null" | "Null" | "NULL" | "~"
    ) || (!v.is_empty()
        && v.trim_start_matches(['-', '+'])
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.')
        && v.parse::<f64>().is_ok())
}

/// Comments, anchors, aliases, tags and `<<`; with `guess`, also keys and quoted strings.
fn yaml_lexical(text: &str, guess: bool, opaque: &[Span], out: &mut Vec<(Span, TokenKind)>) {
    let b = text.as_bytes();
    let mut line_start = 0;
    // Index into `opaque`.
    let mut o = 0;
    // Block scalar bodies (when guessing): lines indented deeper than the `|`/`>` line.
    let mut block_indent: Option<usize> = None;
    while line_start < b.len() {
        let end = text[line_start..]
            .find('\n')
            .map_or(b.len(), |i| line_start + i);
        let line = &text[line_start..end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(bi) = block_indent {
            if line.trim().is_empty() || indent > bi {
                line_start = end + 1;
                continue;
            }
            block_indent = None;
        }
        let mut i = line_start + indent;
        let mut key_done = !guess;
        // A sequence's dashes come before a key on the same line.
        while guess && i + 1 < end && b[i] == b'-' && b[i + 1] == b' ' {
            i += 2;
            while i < end && b[i] == b' ' {
                i += 1;
            }
        }
        let mut prev_space = true;
        while i < end {
            while o < opaque.len() && opaque[o].end <= i {
                o += 1;
            }
            if o < opaque.len() && opaque[o].start <= i {
                i = opaque[o].end.max(i + 1);
                prev_space = false;
                continue;
            }
            let c = b[i];
            match c {
                b'#' if prev_space => {
                    out.push((Span::new(i, line_trim_end(text, end)), TokenKind::Comment));
                    break;
                }
                b'&' | b'*' | b'!' if prev_space || i == line_start + indent => {
                    let mut j = i + 1;
                    while j < end
                        && !matches!(b[j], b' ' | b'\t' | b',' | b'[' | b']' | b'{' | b'}')
                    {
                        j += 1;
                    }
                    if j > i + 1 {
                        let kind = match c {
                            b'&' => TokenKind::Anchor,
                            b'*' => TokenKind::Alias,
                            _ => TokenKind::Tag,
                        };
                        out.push((Span::new(i, j), kind));
                    }
                    i = j;
                    prev_space = false;
                    continue;
                }
                b'<' if prev_space && text[i..end].starts_with("<<:") => {
                    out.push((Span::new(i, i + 2), TokenKind::Alias));
                    i += 2;
                    key_done = true;
                    prev_space = false;
                    continue;
                }
                b'"' | b'\'' if guess => {
                    let close = quoted_close(b, i, end);
                    out.push((Span::new(i, close), TokenKind::String));
                    i = close;
                    prev_space = false;
                    continue;
                }
                b'|' | b'>' if guess && prev_space => {
                    let rest = text[i + 1..end].trim();
                    if rest.is_empty() || rest.starts_with('#') || rest.len() <= 2 {
                        block_indent = Some(indent);
                    }
                }
                _ if !key_done && c != b' ' => {
                    // `key:` followed by a space or the line's end.
                    key_done = true;
                    if let Some(colon) = key_colon(&text[i..end]) {
                        out.push((Span::new(i, i + colon), TokenKind::Key));
                        i += colon + 1;
                        prev_space = false;
                        continue;
                    }
                }
                _ => {}
            }
            prev_space = c == b' ' || c == b'\t';
            i += 1;
        }
        line_start = end + 1;
    }
}

/// Byte length of a plain key before its `: ` (or `:` at the end), if the text starts with one.
fn key_colon(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if matches!(
        b.first(),
        Some(b'#' | b'-' | b'[' | b'{' | b'"' | b'\'' | b'|' | b'>')
    ) {
        return None;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b':' if i > 0 && (i + 1 == b.len() || b[i + 1] == b' ' || b[i + 1] == b'\t') => {
                return Some(s[..i].trim_end().len());
            }
            b'#' if i > 0 && b[i - 1] == b' ' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

fn quoted_close(b: &[u8], start: usize, end: usize) -> usize {
    let q = b[start];
    let mut i = start + 1;
    while i < end {
        if q == b'"' && b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == q {
            if q == b'\'' && i + 1 < end && b[i + 1] == b'\'' {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    end
}

/// Strings, variables and (in shell text) comments inside Dockerfile arguments or a heredoc body.
struct Scanner<'a> {
    text: &'a [u8],
    escape: u8,
    shell: bool,
    skip: &'a [Span],
    out: Vec<(Span, TokenKind)>,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str, escape: u8, shell: bool, skip: &'a [Span]) -> Self {
        Scanner {
            text: text.as_bytes(),
            escape,
            shell,
            skip,
            out: Vec::new(),
        }
    }

    /// `body`: a heredoc body, where quotes are only text (a script may quote across lines).
    fn scan(&mut self, span: Span, body: bool) {
        let b = self.text;
        let end = span.end.min(b.len());
        let mut i = span.start;
        let mut prev_space = true;
        let mut k = 0;
        while i < end {
            while k < self.skip.len() && self.skip[k].end <= i {
                k += 1;
            }
            if k < self.skip.len() && self.skip[k].start <= i {
                i = self.skip[k].end.max(i + 1);
                prev_space = true;
                continue;
            }
            let c = b[i];
            if c == self.escape {
                // An escaped character, or a line continuation.
                i += 2;
                prev_space = false;
                continue;
            }
            match c {
                b'$' => {
                    let j = self.variable(i, end);
                    if j > i + 1 {
                        self.out.push((Span::new(i, j), TokenKind::Variable));
                    }
                    i = j.max(i + 1);
                    prev_space = false;
                    continue;
                }
                b'\'' if !body => {
                    let j = b[i + 1..end]
                        .iter()
                        .position(|&x| x == b'\'')
                        .map_or(end, |p| i + 1 + p + 1);
                    self.out.push((Span::new(i, j), TokenKind::String));
                    i = j;
                    prev_space = false;
                    continue;
                }
                b'"' if !body => {
                    i = self.double_quoted(i, end);
                    prev_space = false;
                    continue;
                }
                b'#' if self.shell && prev_space => {
                    let j = b[i..end]
                        .iter()
                        .position(|&x| x == b'\n')
                        .map_or(end, |p| i + p);
                    let j = trim_cr(b, i, j);
                    self.out.push((Span::new(i, j), TokenKind::Comment));
                    i = j;
                    continue;
                }
                _ => {}
            }
            prev_space = matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b';' | b'&' | b'|');
            i += 1;
        }
    }

    /// A `"…"` string: string pieces around the variables inside it. Returns the end.
    fn double_quoted(&mut self, start: usize, end: usize) -> usize {
        let b = self.text;
        let mut piece = start;
        let mut i = start + 1;
        while i < end {
            let c = b[i];
            if c == self.escape || (c == b'\\' && self.shell) {
                i += 2;
                continue;
            }
            if c == b'"' {
                i += 1;
                break;
            }
            if c == b'$' {
                let j = self.variable(i, end);
                if j > i + 1 {
                    if i > piece {
                        self.out.push((Span::new(piece, i), TokenKind::String));
                    }
                    self.out.push((Span::new(i, j), TokenKind::Variable));
                    piece = j;
                    i = j;
                    continue;
                }
            }
            i += 1;
        }
        let i = i.min(end);
        if i > piece {
            self.out.push((Span::new(piece, i), TokenKind::String));
        }
        i
    }

    /// The end of a variable reference starting with the `$` at `i` (`i + 1` when it is none).
    fn variable(&self, i: usize, end: usize) -> usize {
        let b = self.text;
        let Some(&n) = b.get(i + 1).filter(|_| i + 1 < end) else {
            return i + 1;
        };
        if n == b'{' {
            let mut depth = 0usize;
            let mut j = i + 1;
            while j < end {
                match b[j] {
                    b'{' => depth += 1,
                    b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    b'\n' => return j,
                    _ => {}
                }
                j += 1;
            }
            return end;
        }
        if n == b'_' || n.is_ascii_alphabetic() {
            let mut j = i + 2;
            while j < end && (b[j] == b'_' || b[j].is_ascii_alphanumeric()) {
                j += 1;
            }
            return j;
        }
        if self.shell
            && (n.is_ascii_digit() || matches!(n, b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-'))
        {
            return i + 2;
        }
        i + 1
    }
}

fn trim_cr(b: &[u8], start: usize, end: usize) -> usize {
    if end > start && b[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// The end of the line holding `at`, without its `\r\n`/`\n`.
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    trim_cr(text.as_bytes(), at, end)
}

fn line_trim_end(text: &str, end: usize) -> usize {
    let mut e = end;
    let b = text.as_bytes();
    while e > 0 && matches!(b[e - 1], b'\r' | b' ' | b'\t') {
        e -= 1;
    }
    e
}

/// Make the tokens sorted, non-overlapping, inside the text and on character boundaries. Tokens
/// inside a larger token (a variable in a heredoc body) win over it: the larger one is cut around
/// them. A token that crosses the end of an earlier sibling is dropped.
fn flatten(text: &str, mut toks: Vec<(Span, TokenKind)>) -> Vec<(Span, TokenKind)> {
    let len = text.len();
    let fix = |i: usize| {
        let mut i = i.min(len);
        while i > 0 && !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    for (s, _) in toks.iter_mut() {
        let start = fix(s.start);
        *s = Span::new(start, fix(s.end).max(start));
    }
    toks.retain(|(s, _)| !s.is_empty());
    crate::sort::sort_by(&mut toks, |a, b| {
        a.0.start.cmp(&b.0.start).then(b.0.end.cmp(&a.0.end))
    });
    let mut out: Vec<(Span, TokenKind)> = Vec::with_capacity(toks.len());
    let emit = |out: &mut Vec<(Span, TokenKind)>, start: usize, end: usize, kind: TokenKind| {
        let start = start.max(out.last().map_or(0, |l: &(Span, TokenKind)| l.0.end));
        if end > start {
            out.push((Span::new(start, end), kind));
        }
    };
    // Open containers, innermost last.
    let mut stack: Vec<(Span, TokenKind)> = Vec::new();
    // Where the next emitted text starts.
    let mut cur = 0usize;
    for (span, kind) in toks {
        while let Some(&(top, k)) = stack.last() {
            if top.end <= span.start {
                emit(&mut out, cur, top.end, k);
                cur = cur.max(top.end);
                stack.pop();
            } else {
                break;
            }
        }
        if span.start < cur {
            // Overlaps something already emitted (a sibling, or a duplicate): drop it.
            continue;
        }
        if let Some(&(top, k)) = stack.last() {
            if span.end > top.end {
                continue;
            }
            emit(&mut out, cur, span.start, k);
        }
        cur = span.start;
        stack.push((span, kind));
    }
    while let Some((top, k)) = stack.pop() {
        emit(&mut out, cur, top.end, k);
        cur = cur.max(top.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, toks: &[(Span, TokenKind)]) -> Vec<(TokenKind, String)> {
        toks.iter()
            .map(|(s, k)| (*k, s.slice(text).to_string()))
            .collect()
    }

    fn has(text: &str, toks: &[(Span, TokenKind)], kind: TokenKind, s: &str) -> bool {
        toks.iter().any(|(sp, k)| *k == kind && sp.slice(text) == s)
    }

    fn well_formed(text: &str, toks: &[(Span, TokenKind)]) {
        let mut last = 0;
        for (s, k) in toks {
            assert!(s.start >= last, "overlap or unsorted at {s:?} {k:?}");
            assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            last = s.end;
        }
    }

    #[test]
    fn dockerfile_tokens() {
        let src = "# syntax=docker/dockerfile:1\n# a comment\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nARG VERSION=1.0\nENV PATH=\"/app/bin:${PATH}\" MODE=prod\nRUN --mount=type=cache,target=/root/.cache \\\n    # inner comment\n    go build -o /out/app . && echo 'done $x' # trailing\nCOPY <<EOF /etc/app.conf\nname=${NAME}\nEOF\nCMD [\"/app\", \"--serve\"]\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nONBUILD RUN echo hi\n";
        let t = dockerfile(src);
        well_formed(src, &t);
        assert!(
            has(
                src,
                &t,
                TokenKind::Directive,
                "# syntax=docker/dockerfile:1"
            ),
            "{:?}",
            show(src, &t)
        );
        assert!(has(src, &t, TokenKind::Comment, "# a comment"));
        assert!(has(src, &t, TokenKind::Instruction, "FROM"));
        assert!(has(src, &t, TokenKind::Flag, "--platform=$BUILDPLATFORM"));
        assert!(has(src, &t, TokenKind::Key, "VERSION"));
        assert!(has(src, &t, TokenKind::Key, "PATH"));
        assert!(has(src, &t, TokenKind::String, "\"/app/bin:"));
        assert!(has(src, &t, TokenKind::Variable, "${PATH}"));
        assert!(has(src, &t, TokenKind::String, "\""));
        assert!(has(
            src,
            &t,
            TokenKind::Flag,
            "--mount=type=cache,target=/root/.cache"
        ));
        assert!(has(src, &t, TokenKind::Comment, "# inner comment"));
        assert!(
            has(src, &t, TokenKind::String, "'done $x'"),
            "no expansion in single quotes"
        );
        assert!(has(src, &t, TokenKind::Comment, "# trailing"));
        assert!(has(src, &t, TokenKind::Heredoc, "<<EOF"));
        assert!(has(src, &t, TokenKind::Heredoc, "name="));
        assert!(has(src, &t, TokenKind::Variable, "${NAME}"));
        assert!(has(src, &t, TokenKind::Heredoc, "EOF"));
        assert!(has(src, &t, TokenKind::String, "\"/app\""));
        assert!(has(src, &t, TokenKind::Instruction, "HEALTHCHECK"));
        assert!(has(src, &t, TokenKind::Instruction, "CMD"));
        assert!(has(src, &t, TokenKind::Instruction, "ONBUILD"));
        assert!(has(src, &t, TokenKind::Instruction, "RUN"));
        // The flag's variable is not split out of the flag (flags are one token).
        assert!(!has(src, &t, TokenKind::Variable, "$BUILDPLATFORM"));
    }

    #[test]
    fn escape_directive_and_broken_input() {
        let src = "# escape=`\nFROM alpine\nRUN echo `$HOME \"a`\"b\" `\n  && ls\nFRM x\nRUN echo \"unterminated $X\n";
        let t = dockerfile(src);
        well_formed(src, &t);
        assert!(has(src, &t, TokenKind::Directive, "# escape=`"));
        assert!(!t
            .iter()
            .any(|(s, k)| *k == TokenKind::Variable && s.slice(src) == "$HOME"));
        assert!(
            has(src, &t, TokenKind::Variable, "$X"),
            "{:?}",
            show(src, &t)
        );
        // Garbage never panics and stays well formed.
        for s in [
            "",
            "\\",
            "RUN \"",
            "RUN ${",
            "RUN $",
            "FROM é ${é",
            "COPY <<",
            "RUN <<EOF\n$",
        ] {
            well_formed(s, &dockerfile(s));
        }
    }

    #[test]
    fn yaml_tokens() {
        let src = "# top\nx-base: &base\n  image: \"nginx:1.27\" # pinned\n  restart: always\nservices:\n  web:\n    <<: *base\n    ports:\n      - 8080:80\n    healthcheck:\n      disable: false\n    command: |\n      echo # not a comment\n    tag: !reset null\n";
        let t = yaml(src);
        well_formed(src, &t);
        let s = show(src, &t);
        assert!(has(src, &t, TokenKind::Comment, "# top"), "{s:?}");
        assert!(has(src, &t, TokenKind::Key, "x-base"), "{s:?}");
        assert!(has(src, &t, TokenKind::Anchor, "&base"), "{s:?}");
        assert!(has(src, &t, TokenKind::Key, "image"));
        assert!(has(src, &t, TokenKind::String, "\"nginx:1.27\""));
        assert!(has(src, &t, TokenKind::Comment, "# pinned"));
        assert!(has(src, &t, TokenKind::Scalar, "always"));
        assert!(has(src, &t, TokenKind::Alias, "<<"), "{s:?}");
        assert!(has(src, &t, TokenKind::Alias, "*base"), "{s:?}");
        assert!(has(src, &t, TokenKind::Literal, "false"));
        assert!(has(src, &t, TokenKind::Tag, "!reset"), "{s:?}");
        assert!(
            !has(src, &t, TokenKind::Comment, "# not a comment"),
            "{s:?}"
        );
    }

    #[test]
    fn yaml_while_typing_still_highlights() {
        let src = "services:\n  web:\n    image: \"nginx\n    ports: [80\n  db: &d\n    image: postgres # db\n";
        assert!(crate::yaml::parse(src).is_err());
        let t = yaml(src);
        well_formed(src, &t);
        assert!(
            has(src, &t, TokenKind::Key, "services"),
            "{:?}",
            show(src, &t)
        );
        assert!(has(src, &t, TokenKind::Key, "db"));
        assert!(has(src, &t, TokenKind::Anchor, "&d"));
        assert!(has(src, &t, TokenKind::Comment, "# db"));
        for s in [
            "",
            ":",
            "- - -",
            "a: 'x",
            "a: \"\\",
            "&",
            "*",
            "é: é # é",
            "key:\n  |\n   x",
        ] {
            well_formed(s, &yaml(s));
        }
    }

    #[test]
    fn ignore_files_and_languages() {
        let src = "# build context\nnode_modules\n  # indented\n";
        let t = highlight(src, Language::Ignore);
        assert_eq!(t.len(), 2);
        assert_eq!(
            Language::of(crate::workspace::FileKind::Compose, "compose.yaml"),
            Language::Yaml
        );
        assert_eq!(
            Language::of(crate::workspace::FileKind::Other, "notes.txt"),
            Language::Plain
        );
        assert!(highlight("FROM x", Language::Plain).is_empty());
        assert_eq!(TokenKind::Instruction.class(), "tok-instruction");
    }

    #[test]
    fn flatten_cuts_containers_around_inner_tokens() {
        let text = "abcdefghij";
        let t = flatten(
            text,
            vec![
                (Span::new(0, 10), TokenKind::Heredoc),
                (Span::new(2, 4), TokenKind::Variable),
                (Span::new(3, 6), TokenKind::String), // crosses the variable's end: dropped
                (Span::new(6, 8), TokenKind::Comment),
            ],
        );
        assert_eq!(
            show(text, &t),
            vec![
                (TokenKind::Heredoc, "ab".into()),
                (TokenKind::Variable, "cd".into()),
                (TokenKind::Heredoc, "ef".into()),
                (TokenKind::Comment, "gh".into()),
                (TokenKind::Heredoc, "ij".into()),
            ]
        );
    }

    /// Every Dockerfile of BuildKit's parser testfiles (kept in this repository) highlights into
    /// well-formed tokens that start with the instructions' keywords.
    #[test]
    fn buildkit_testfiles_are_well_formed() {
        let root = crate::manifest_dir().join("tests/buildkit-parser");
        let mut n = 0;
        for sub in ["testfiles", "testfiles-negative"] {
            for dir in std::fs::read_dir(root.join(sub))
                .expect("testfiles")
                .flatten()
            {
                let Ok(text) = std::fs::read_to_string(dir.path().join("Dockerfile")) else {
                    continue;
                };
                let toks = dockerfile(&text);
                well_formed(&text, &toks);
                let df = crate::dockerfile::parse(&text);
                for ins in df.instructions() {
                    let name = ins.command.name_span;
                    assert!(
                        toks.iter()
                            .any(|(s, k)| *s == name && *k == TokenKind::Instruction),
                        "{}: {:?}",
                        dir.path().display(),
                        name.slice(&text)
                    );
                }
                n += 1;
            }
        }
        assert!(n >= 30, "only {n} testfiles");
    }

    /// A 5,000-line Dockerfile highlights in well under a keystroke's budget (debug builds are
    /// ~10x slower than the release wasm, so the bound here is loose; the e2e measures the page).
    #[test]
    fn five_thousand_lines_are_fast() {
        let mut src = String::from("# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\n");
        while src.lines().count() < 5000 {
            src.push_str("RUN --mount=type=cache,target=/go/pkg go build -o \"/out/${APP}\" ./cmd/$APP && echo 'ok' # build\n");
            src.push_str("ENV PATH=\"/usr/local/bin:${PATH}\" MODE=prod\n");
            src.push_str("COPY --from=build /out/app /usr/local/bin/app\n");
            src.push_str("# a comment line between instructions\n");
        }
        let t0 = std::time::Instant::now();
        let toks = dockerfile(&src);
        let took = t0.elapsed();
        well_formed(&src, &toks);
        assert!(toks.len() > 20_000, "{}", toks.len());
        eprintln!("5,000-line Dockerfile: {} tokens in {took:?}", toks.len());
        assert!(took.as_millis() < 1500, "{took:?}");
    }
}
