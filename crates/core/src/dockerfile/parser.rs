//! The Dockerfile parser: BuildKit's line algorithm (directives, continuations, heredocs, dispatch)
//! reproduced with byte spans, plus error recovery so one bad instruction never hides the rest.

use super::logical::LogicalLine;
use super::words::{self, Json, RangedWord};
use super::*;
use crate::source::Span;

/// Parse a Dockerfile. Never fails: problems are listed in `errors` and parsing goes on.
pub fn parse(text: &str) -> Dockerfile {
    let mut p = Parser {
        text,
        lines: Lines {
            bytes: text.as_bytes(),
            pos: 0,
            last: Line {
                start: 0,
                content_end: 0,
                end: 0,
            },
        },
        escape: '\\',
        directives_done: false,
        directives: Vec::new(),
        items: Vec::new(),
        instructions: Vec::new(),
        errors: Vec::new(),
        empty_continuation_lines: Vec::new(),
        word_ranges: Vec::new(),
    };
    // Never more items than lines: reserve once instead of regrowing a large vector.
    let (newlines, starts) = count_lines(text.as_bytes());
    p.items.reserve_exact(newlines + 1);
    // At most one instruction per line that starts with a letter (most do; heredoc bodies and
    // unindented continuations may too): room for all at once, as the vector would otherwise be
    // copied each time it grows.
    p.instructions.reserve_exact(starts);
    p.run();
    // Continuation and heredoc lines share an item: give back the room a file held for them
    // (a workspace keeps every file's parse while it is linted).
    if p.items.capacity() > p.items.len() + p.items.len() / 4 {
        p.items.shrink_to_fit();
    }
    if p.instructions.capacity() > 2 * p.instructions.len() + 16 {
        p.instructions.shrink_to_fit();
    }
    Dockerfile {
        items: p.items,
        instructions: p.instructions,
        directives: p.directives,
        escape: p.escape,
        errors: p.errors,
        empty_continuation_lines: p.empty_continuation_lines,
        len: text.len(),
    }
}

/// The number of `\n` bytes, and of lines that start with an ASCII letter (the first line and
/// each one after a `\n`), counted in blocks of 255 so the per-block counts fit a `u8` (and the
/// compiler vectorises them).
fn count_lines(bytes: &[u8]) -> (usize, usize) {
    let letter = |b: u8| (b | 0x20).wrapping_sub(b'a') < 26;
    let newlines = bytes
        .chunks(255)
        .map(|block| {
            block
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n'))) as usize
        })
        .sum();
    let first = usize::from(bytes.first().is_some_and(|&b| letter(b)));
    let after = bytes.len().saturating_sub(1);
    let starts = bytes[..after]
        .chunks(255)
        .zip(bytes[bytes.len().min(1)..].chunks(255))
        .map(|(this, next)| {
            this.iter().zip(next).fold(0u8, |n, (&b, &c)| {
                n.wrapping_add(u8::from(b == b'\n' && letter(c)))
            }) as usize
        })
        .sum::<usize>();
    (newlines, first + starts)
}

#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    /// End of content: trailing `\r`/`\n` removed (BuildKit's trimNewline).
    content_end: usize,
    /// End including the newline.
    end: usize,
}

/// The physical lines, read one at a time (no line table is built).
struct Lines<'a> {
    bytes: &'a [u8],
    /// Start of the next line (the text's length once every line was read).
    pos: usize,
    /// The line most recently returned by `next`.
    last: Line,
}

impl Lines<'_> {
    fn has_next(&self) -> bool {
        self.pos < self.bytes.len()
    }

    /// The next line; only call when `has_next()`.
    fn next(&mut self) -> Line {
        let bytes = self.bytes;
        let start = self.pos;
        let end = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        // The only `\n` is the last byte, so the trailing `\r`/`\n` run is that `\n` and `\r`s before it.
        let mut content_end = end;
        if content_end > start && bytes[content_end - 1] == b'\n' {
            content_end -= 1;
        }
        while content_end > start && bytes[content_end - 1] == b'\r' {
            content_end -= 1;
        }
        let line = Line {
            start,
            content_end,
            end,
        };
        self.pos = end;
        self.last = line;
        line
    }
}

struct Parser<'a> {
    text: &'a str,
    lines: Lines<'a>,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    items: Vec<Item>,
    instructions: Vec<Instruction>,
    errors: Vec<ParseError>,
    empty_continuation_lines: Vec<Span>,
    /// Scratch for ENV/LABEL/ARG word ranges, reused from one instruction to the next.
    word_ranges: Vec<(usize, usize, usize)>,
}

/// BuildKit's error classes: `Syntax` errors make BuildKit's parser fail; `Check` errors come from
/// its instruction checks (unknown instruction, wrong argument count, unknown flag).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Syntax,
    Check,
}

/// Go regexp `\s` (ASCII `[\t\n\f\r ]`).
fn is_re_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

/// Match BuildKit's `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`; ranges are relative to `s`.
fn match_directive(s: &str) -> Option<((usize, usize), (usize, usize))> {
    let b = s.as_bytes();
    if b.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    let ns = i;
    if i >= b.len() || !b[i].is_ascii_alphabetic() {
        return None;
    }
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let ne = i;
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < b.len() && is_re_space(b[i]) {
        i += 1;
    }
    let vs = i;
    let mut ve = b.len();
    while ve > vs && is_re_space(b[ve - 1]) {
        ve -= 1;
    }
    if ve <= vs {
        return None;
    }
    Some(((ns, ne), (vs, ve)))
}

/// BuildKit's `trimContinuationCharacter`: the logical end of a line, and whether it continues.
fn trim_continuation(s: &str, escape: char) -> (usize, bool) {
    // The escape is `\` or `` ` `` (the only values the directive accepts): compare bytes.
    debug_assert!(escape.is_ascii());
    let b = s.as_bytes();
    let esc = escape as u8;
    let mut t = b.len();
    while t > 0 && matches!(b[t - 1], b' ' | b'\t') {
        t -= 1;
    }
    if t > 0 && b[t - 1] == esc {
        let before = t - 1;
        if before == 0 {
            return (0, true);
        }
        if b[before - 1] != esc {
            return (before, true);
        }
    }
    (s.len(), false)
}

fn allowed_flags(k: Keyword) -> &'static [&'static str] {
    match k {
        Keyword::From => &["platform"],
        Keyword::Run => &["mount", "network", "security", "device"],
        Keyword::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
        Keyword::Add => &[
            "chown",
            "chmod",
            "link",
            "checksum",
            "keep-git-dir",
            "exclude",
            "parents",
            "unpack",
        ],
        Keyword::Healthcheck => &[
            "interval",
            "timeout",
            "start-period",
            "start-interval",
            "retries",
        ],
        _ => &[],
    }
}

/// Edit distance, for "did you mean" on unknown instructions.
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

impl<'a> Parser<'a> {
    fn error(&mut self, span: Span, message: impl Into<String>, class: Class) {
        self.errors.push(ParseError {
            span,
            message: message.into(),
            syntax: class == Class::Syntax,
        });
    }

    /// BuildKit's `possibleParserDirective` on one (newline-trimmed) line; returns the directive index when this line is one.
    #[inline]
    fn directive(&mut self, token_start: usize, token: &str) -> Option<usize> {
        if self.directives_done {
            return None;
        }
        self.directive_line(token_start, token)
    }

    /// [`Self::directive`] while directives may still come (the first lines of a file).
    #[inline(never)]
    fn directive_line(&mut self, token_start: usize, token: &str) -> Option<usize> {
        let Some(((ns, ne), (vs, ve))) = match_directive(token) else {
            self.directives_done = true;
            return None;
        };
        let name = token[ns..ne].to_ascii_lowercase();
        if !matches!(name.as_str(), "escape" | "syntax" | "check") {
            self.directives_done = true;
            return None;
        }
        let span = Span::new(token_start, token_start + token.len());
        if self.directives.iter().any(|d| d.name == name) {
            self.error(
                span,
                format!("only one {name} parser directive can be used"),
                Class::Syntax,
            );
            return None;
        }
        let value = token[vs..ve].to_string();
        if name == "escape" {
            match value.as_str() {
                "\\" => self.escape = '\\',
                "`" => self.escape = '`',
                _ => {
                    self.error(
                        Span::new(token_start + vs, token_start + ve),
                        format!("invalid escape token '{value}' does not match ` or \\"),
                        Class::Syntax,
                    );
                    return None;
                }
            }
        }
        self.directives.push(Directive {
            name,
            value,
            span,
            name_span: Span::new(token_start + ns, token_start + ne),
            value_span: Span::new(token_start + vs, token_start + ve),
        });
        Some(self.directives.len() - 1)
    }

    fn run(&mut self) {
        let text = self.text;
        let mut comments: Vec<String> = Vec::new();
        let mut i = 0;
        while self.lines.has_next() {
            let line = self.lines.next();
            let mut start = line.start;
            if i == 0 && text[start..line.content_end].starts_with('\u{feff}') {
                start += '\u{feff}'.len_utf8();
            }
            let raw = &text[start..line.content_end];
            let token_start = start + words::leading_space(raw);
            let token = &text[token_start..line.content_end];
            let directive = self.directive(token_start, token);
            if let Some(inner) = token.strip_prefix('#') {
                let kind = match directive {
                    Some(d) => ItemKind::Directive(d),
                    None => {
                        let ts = token_start + 1 + words::leading_space(inner);
                        let te = token_start + token.trim_end().len();
                        // An empty `#` line ends the block of comments above an instruction
                        // (BuildKit's PrevComment starts again after it).
                        if ts >= te {
                            comments.clear();
                        } else {
                            comments.push(text[ts..te].to_string());
                        }
                        ItemKind::Comment {
                            text: Span::new(ts, te.max(ts)),
                        }
                    }
                };
                self.items.push(Item {
                    span: Span::new(line.start, line.end),
                    kind,
                });
                i += 1;
                continue;
            }
            if token.is_empty() {
                self.items.push(Item {
                    span: Span::new(line.start, line.end),
                    kind: ItemKind::Blank,
                });
                i += 1;
                continue;
            }
            let first_line = i;
            let (lend, mut cont) = trim_continuation(token, self.escape);
            let mut logical = LogicalLine::with_segments(cont);
            logical.push_deferred(token_start, lend);
            let mut inner_comments = Vec::new();
            let mut content_end = line.content_end;
            i += 1;
            while cont && self.lines.has_next() {
                let l = self.lines.next();
                let content = &text[l.start..l.content_end];
                self.directive(l.start, content);
                i += 1;
                let lt = words::leading_space(content);
                if content[lt..].starts_with('#') {
                    inner_comments.push(Span::new(l.start + lt, l.content_end));
                    continue;
                }
                if lt == content.len() {
                    self.empty_continuation_lines
                        .push(Span::new(l.start, l.end));
                    continue;
                }
                let (lend, c) = trim_continuation(content, self.escape);
                logical.push_deferred(l.start, lend);
                content_end = l.content_end;
                cont = c;
            }
            logical.fill_text(text);
            if cont {
                // Continuation at end of file: the instruction ends where the file does.
                content_end = self.lines.last.content_end.max(content_end);
            }
            let mut has_error = false;
            let n_errors = self.errors.len();
            let command = self.command(&logical, 0, logical.text.len(), 0);
            let mut heredocs = Vec::new();
            if can_contain_heredoc(&command) {
                for (word_start, word_end, name, fd, expand, chomp) in
                    heredoc_markers(&logical.text)
                {
                    let marker = logical.span(word_start, word_end);
                    // Once every line was read, `pos` is the text's length.
                    let body_start = self.lines.pos;
                    let mut terminator = None;
                    while self.lines.has_next() {
                        let l = self.lines.next();
                        let content = &text[l.start..l.content_end];
                        let candidate = if chomp {
                            content.trim_start_matches('\t')
                        } else {
                            content
                        };
                        i += 1;
                        if candidate == name {
                            terminator = Some((
                                l.start,
                                Span::new(l.content_end - candidate.len(), l.content_end),
                            ));
                            break;
                        }
                    }
                    let (body_end, term) = match terminator {
                        Some((line_start, t)) => (line_start, t),
                        None => {
                            self.error(
                                marker,
                                format!("unterminated heredoc: no line `{name}` closes the heredoc started here"),
                                Class::Syntax,
                            );
                            (text.len(), Span::empty(text.len()))
                        }
                    };
                    content_end = if term.is_empty() {
                        text.len()
                    } else {
                        term.end
                    };
                    heredocs.push(Heredoc {
                        name,
                        fd,
                        expand,
                        chomp,
                        marker,
                        body: Span::new(body_start, body_end.max(body_start)),
                        terminator: term,
                    });
                }
            }
            if self.errors.len() > n_errors {
                has_error = true;
            }
            let last = self.lines.last;
            let end = content_end.max(token_start);
            let ins = Instruction {
                span: Span::new(token_start, end),
                command,
                heredocs,
                inner_comments,
                logical,
                start_line: first_line + 1,
                end_line: i,
                prev_comments: std::mem::take(&mut comments),
                has_error,
            };
            self.items.push(Item {
                span: Span::new(line.start, last.end),
                kind: ItemKind::Instruction(self.instructions.len()),
            });
            self.instructions.push(ins);
        }
        if self.instructions.is_empty() {
            let at = text.len();
            self.error(Span::empty(at), "file with no instructions", Class::Syntax);
        }
    }

    /// BuildKit's `newNodeFromLine` over the logical range `[a, b)`.
    fn command(&mut self, ll: &LogicalLine, a: usize, b: usize, depth: usize) -> Command {
        let t = ll.text.as_str();
        let (s, e) = words::trim_range(t, a, b);
        let bytes = t.as_bytes();
        let mut name_end = s;
        while name_end < e && !words::is_bk_space(bytes[name_end]) {
            name_end += 1;
        }
        let written = &t[s..name_end];
        let name_span = ll.span(s, name_end);
        let keyword = Keyword::from_name(written);
        let name = if written == keyword.as_str() {
            std::borrow::Cow::Borrowed(keyword.as_str())
        } else {
            std::borrow::Cow::Owned(written.to_string())
        };
        let mut rest = name_end;
        while rest < e && words::is_bk_space(bytes[rest]) {
            rest += 1;
        }
        // Each flag becomes a `Flag` as the scanner reads it (no list of raw words in between).
        let mut flags = Vec::new();
        let args_from = if rest < e {
            words::each_builder_flag(&t[..e], rest, |text, f_start, f_end, plain| {
                // A flag written without quotes or escapes (`plain`) is its own text: its value
                // starts where the text's does, and its `=` need not be searched for again.
                let mut flag = Flag::new(text, ll.span(f_start, f_end), None);
                // The value as written runs from the source's first `=` to the flag's end.
                if let Some(at) = flag.value_at {
                    let eq = if plain {
                        f_start + at as usize
                    } else {
                        find_eq(&t[f_start..f_end])
                            .map(|p| f_start + p + 1)
                            .unwrap_or(f_end)
                    };
                    flag.value_span = Some(ll.span(eq, f_end));
                }
                flags.push(flag);
            })
        } else {
            e
        };
        let (as_, ae) = words::trim_range(t, args_from.min(e), e);
        let args_span = ll.span(as_, ae);
        if keyword == Keyword::Unknown {
            let upper = name.to_ascii_uppercase();
            let hint = Keyword::ALL
                .iter()
                .map(|k| (levenshtein(&upper, k.as_str()), k.as_str()))
                .filter(|(d, _)| *d <= 2)
                .min()
                .map(|(_, k)| format!(" (did you mean {k}?)"))
                .unwrap_or_default();
            self.error(
                name_span,
                format!("unknown instruction: {name}{hint}"),
                Class::Check,
            );
        } else {
            let allowed = allowed_flags(keyword);
            for f in &flags {
                if !allowed.contains(&f.name()) {
                    let msg = if allowed.is_empty() {
                        format!(
                            "{} takes no flags, but got --{}",
                            keyword.as_str(),
                            f.name()
                        )
                    } else {
                        format!(
                            "unknown flag --{} for {} (known: {})",
                            f.name(),
                            keyword.as_str(),
                            allowed
                                .iter()
                                .map(|a| format!("--{a}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    self.error(f.span, msg, Class::Check);
                }
            }
        }
        let args = match self.dispatch(keyword, ll, as_, ae, depth) {
            Ok(args) => args,
            Err((msg, class)) => {
                let span = if ae > as_ { args_span } else { name_span };
                self.error(span, msg, class);
                Args::Invalid
            }
        };
        let cmd = Command {
            keyword,
            name,
            name_span,
            flags,
            args,
            args_span,
            args_logical: (as_, ae),
        };
        self.check_arity(&cmd);
        cmd
    }

    fn dispatch(
        &mut self,
        keyword: Keyword,
        ll: &LogicalLine,
        a: usize,
        b: usize,
        depth: usize,
    ) -> Result<Args, (String, Class)> {
        let t = ll.text.as_str();
        let word = |w: RangedWord| Word {
            span: ll.span(w.start, w.end),
            text: w.text,
        };
        let whole = || Word {
            text: t[a..b].to_string(),
            span: ll.span(a, b),
        };
        let split = || -> Vec<Word> {
            if a == b {
                return Vec::new();
            }
            // Room for the usual few words (FROM x AS y, COPY a b) without regrowing.
            let mut out = Vec::with_capacity(4);
            words::each_bk_piece(t, a, b, |s, e| {
                out.push(Word {
                    text: t[s..e].to_string(),
                    span: ll.span(s, e),
                })
            });
            out
        };
        let not_array = || {
            (
                "exec form must be a JSON array of strings (found a non-string element)"
                    .to_string(),
                Class::Syntax,
            )
        };
        Ok(match keyword {
            Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell => {
                if a == b {
                    return Ok(Args::None);
                }
                match words::parse_json_array(t, a, b) {
                    Json::Strings(v) => Args::Exec(v.into_iter().map(word).collect()),
                    Json::NotStringArray => return Err(not_array()),
                    Json::NotJson => Args::Shell(whole()),
                }
            }
            Keyword::Add | Keyword::Copy | Keyword::Volume => {
                match words::parse_json_array(t, a, b) {
                    Json::Strings(v) => Args::Exec(v.into_iter().map(word).collect()),
                    Json::NotStringArray => return Err(not_array()),
                    Json::NotJson if a == b => Args::None,
                    Json::NotJson => Args::Words(split()),
                }
            }
            Keyword::From | Keyword::Expose => {
                if a == b {
                    Args::None
                } else {
                    Args::Words(split())
                }
            }
            Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir => {
                if a == b {
                    Args::None
                } else {
                    Args::String(whole())
                }
            }
            Keyword::Arg => {
                let mut ws = std::mem::take(&mut self.word_ranges);
                words::parse_word_ranges_into(t, a, b, self.escape, &mut ws);
                let args = if ws.is_empty() {
                    Args::None
                } else {
                    Args::Names(
                        ws.iter()
                            .map(|&(s, text_end, e)| Word {
                                text: t[s..text_end].to_string(),
                                span: ll.span(s, e),
                            })
                            .collect(),
                    )
                };
                self.word_ranges = ws;
                args
            }
            Keyword::Env | Keyword::Label => {
                let mut ws = std::mem::take(&mut self.word_ranges);
                words::parse_word_ranges_into(t, a, b, self.escape, &mut ws);
                let args = key_values(keyword, ll, a, b, &ws);
                self.word_ranges = ws;
                return args;
            }
            Keyword::Healthcheck => {
                let bytes = t.as_bytes();
                let mut sep = a;
                while sep < b && !words::is_go_space_byte(bytes[sep]) {
                    sep += 1;
                }
                if sep == a {
                    return Ok(Args::None);
                }
                let mut next = sep;
                while next < b && words::is_go_space_byte(bytes[next]) {
                    next += 1;
                }
                let kind = Word {
                    text: t[a..sep].to_string(),
                    span: ll.span(a, sep),
                };
                let cmd = self.dispatch(Keyword::Cmd, ll, next, b, depth)?;
                Args::Healthcheck {
                    kind,
                    cmd: Box::new(cmd),
                }
            }
            Keyword::Onbuild => {
                if a == b {
                    Args::None
                } else if depth > 0 {
                    // ONBUILD ONBUILD: BuildKit rejects chaining; keep the text so nothing is lost.
                    return Err((
                        "chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
                        Class::Check,
                    ));
                } else {
                    Args::Onbuild(Box::new(self.command(ll, a, b, depth + 1)))
                }
            }
            Keyword::Unknown => Args::Ignored,
        })
    }

    /// The argument-count checks BuildKit's instruction layer applies after parsing.
    fn check_arity(&mut self, cmd: &Command) {
        let k = cmd.keyword;
        let n = match &cmd.args {
            Args::None => 0,
            Args::Invalid | Args::Ignored | Args::Onbuild(_) => return,
            Args::Exec(v) | Args::Words(v) | Args::Names(v) => v.len(),
            Args::KeyValues(v) => v.len(),
            Args::String(_) | Args::Shell(_) => 1,
            Args::Healthcheck { kind, cmd: inner } => {
                let upper = kind.text.to_ascii_uppercase();
                let has_cmd = !matches!(**inner, Args::None);
                match upper.as_str() {
                    "NONE" if has_cmd => self.error(
                        cmd.args_span,
                        "HEALTHCHECK NONE takes no arguments",
                        Class::Check,
                    ),
                    "CMD" if !has_cmd => self.error(
                        cmd.args_span,
                        "HEALTHCHECK CMD needs a command to run",
                        Class::Check,
                    ),
                    "NONE" | "CMD" => {}
                    _ => self.error(
                        kind.span,
                        format!(
                            "unknown type {:?} in HEALTHCHECK (use CMD or NONE)",
                            kind.text
                        ),
                        Class::Check,
                    ),
                }
                return;
            }
        };
        let at = if n == 0 { cmd.name_span } else { cmd.args_span };
        let msg = match k {
            Keyword::From if !(n == 1 || (n == 3 && from_has_as(&cmd.args))) => Some(
                "FROM takes an image and optionally `AS name` (one or three arguments)".to_string(),
            ),
            Keyword::Copy | Keyword::Add if n == 1 => None, // heredoc sources are checked below
            Keyword::Copy | Keyword::Add if n == 0 => Some(format!(
                "{} needs at least a source and a destination",
                k.as_str()
            )),
            Keyword::Env | Keyword::Label | Keyword::Arg | Keyword::Expose | Keyword::Volume
                if n == 0 =>
            {
                Some(format!("{} needs at least one argument", k.as_str()))
            }
            Keyword::Workdir | Keyword::User | Keyword::Maintainer | Keyword::Stopsignal
                if n == 0 =>
            {
                Some(format!("{} needs exactly one argument", k.as_str()))
            }
            Keyword::Run | Keyword::Shell if n == 0 => {
                Some(format!("{} needs a command", k.as_str()))
            }
            _ => None,
        };
        if let Some(msg) = msg {
            self.error(at, msg, Class::Check);
        }
    }
}

/// ENV and LABEL arguments from their words (`(start, text_end, end)` as [`words::parse_word_ranges`]
/// gives them): `key=value` pairs, or BuildKit's legacy `ENV key value`.
fn key_values(
    keyword: Keyword,
    ll: &LogicalLine,
    a: usize,
    b: usize,
    ws: &[(usize, usize, usize)],
) -> Result<Args, (String, Class)> {
    let t = ll.text.as_str();
    if ws.is_empty() {
        return Ok(Args::None);
    }
    if find_eq(&t[ws[0].0..ws[0].1]).is_none() {
        let parts = words::split_bk_whitespace(t, a, b, 2);
        if parts.len() < 2 {
            return Err((
                format!(
                    "{} must have two arguments (name and value)",
                    keyword.as_str()
                ),
                Class::Syntax,
            ));
        }
        let (ks, ke) = parts[0];
        let (vs, ve) = parts[1];
        return Ok(Args::KeyValues(vec![KeyValue {
            key: Word {
                text: t[ks..ke].to_string(),
                span: ll.span(ks, ke),
            },
            value: Word {
                text: t[vs..ve].to_string(),
                span: ll.span(vs, ve),
            },
            legacy: true,
        }]));
    }
    let mut pairs = Vec::with_capacity(ws.len());
    for &(w_start, w_text_end, w_end) in ws {
        // The word's processed text is the source slice up to `w_text_end`.
        let w_text = &t[w_start..w_text_end];
        let Some(eq) = find_eq(w_text) else {
            return Err((
                format!(
                    "syntax error: can't find = in {:?}; {} pairs must be of the form name=value",
                    w_text,
                    keyword.as_str()
                ),
                Class::Syntax,
            ));
        };
        // The key never contains quotes or escapes before the first '=' in the raw text
        // unless written so; locate '=' in the raw range to keep spans exact.
        let raw = &t[w_start..w_end];
        let raw_eq = find_eq(raw).map(|p| w_start + p).unwrap_or(w_start + eq);
        pairs.push(KeyValue {
            key: Word {
                text: w_text[..eq].to_string(),
                span: ll.span(w_start, raw_eq),
            },
            value: Word {
                text: w_text[eq + 1..].to_string(),
                span: ll.span(raw_eq + 1, w_end),
            },
            legacy: false,
        });
    }
    Ok(Args::KeyValues(pairs))
}

fn from_has_as(args: &Args) -> bool {
    matches!(args, Args::Words(w) if w.len() == 3 && w[1].text.eq_ignore_ascii_case("as"))
}

/// The byte offset of the first `=` (`str::find('=')` without the searcher's set-up: these words are
/// short and their `=` is near the start).
fn find_eq(s: &str) -> Option<usize> {
    s.bytes().position(|b| b == b'=')
}

/// BuildKit's `canContainHeredoc`: RUN/COPY/ADD (also as ONBUILD triggers) in shell form.
fn can_contain_heredoc(cmd: &Command) -> bool {
    let cmd = match &cmd.args {
        Args::Onbuild(inner) if cmd.keyword == Keyword::Onbuild => inner,
        _ => cmd,
    };
    matches!(cmd.keyword, Keyword::Run | Keyword::Copy | Keyword::Add) && !cmd.args.is_exec()
}

/// Heredoc markers in a logical line (BuildKit's `heredocsFromLine`): every shell word matching
/// `^(\d*)<<(-?)([^<]*)$`. Returns (start, end, name, fd, expand, chomp).
fn heredoc_markers(line: &str) -> Vec<(usize, usize, String, u32, bool, bool)> {
    let mut out = Vec::new();
    // Every marker contains `<<`; most lines have none, so skip the word split for them.
    let b = line.as_bytes();
    if !memchr::memchr_iter(b'<', b).any(|i| b.get(i + 1) == Some(&b'<')) {
        return out;
    }
    for (ws, we) in words::raw_shell_word_ranges(line) {
        let s = &line[ws..we];
        let digits = s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let Some(after) = s[digits..].strip_prefix("<<") else {
            continue;
        };
        let (chomp, rest) = match after.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, after),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let name = words::unquote(rest, '\\');
        if name.is_empty() || name.chars().any(char::is_whitespace) && !rest.contains(['"', '\'']) {
            continue;
        }
        let quotes = |x: &str| x.matches(['\'', '"']).count();
        let expand = quotes(&name) == quotes(rest);
        let fd = s[..digits].parse().unwrap_or(0);
        out.push((ws, we, name, fd, expand, chomp));
    }
    out
}

/// The candidate most likely meant by `word` (for "did you mean"): a case-insensitive prefix match
/// first, else the smallest edit distance within a third of the word's length (at least 2).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let l = c.to_ascii_lowercase();
        let score = if !w.is_empty() && (l.starts_with(&w) || w.starts_with(&l)) {
            0
        } else {
            let d = levenshtein(&l, &w);
            if d > (w.chars().count() / 3).max(2) {
                continue;
            }
            d
        };
        if best.map(|(s, _)| score < s).unwrap_or(true) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(df: &Dockerfile) -> Vec<&'static str> {
        df.instructions().map(|i| i.keyword().as_str()).collect()
    }

    #[test]
    fn continuation_with_comments_and_blank_lines() {
        let src = "FROM a\nRUN echo \\\n  # c\n\n  b\nCMD x\n";
        let df = parse(src);
        assert_eq!(kinds(&df), ["FROM", "RUN", "CMD"]);
        let run = df.instructions().nth(1).unwrap();
        assert_eq!(run.logical.text, "RUN echo   b");
        assert_eq!(run.inner_comments.len(), 1);
        assert_eq!(df.empty_continuation_lines.len(), 1);
        assert_eq!(df.reconstruct(src), src);
        assert!(df.errors.is_empty(), "{:?}", df.errors);
    }

    #[test]
    fn heredoc_not_first_and_two_heredocs() {
        let src = "FROM a\nRUN python3 <<EOF\nFROM x\nEOF\nRUN <<A cat && 3<<'B' cat\n1\nA\n2\nB\nCMD [\"sh\"]\n";
        let df = parse(src);
        assert_eq!(kinds(&df), ["FROM", "RUN", "RUN", "CMD"]);
        let r2 = df.instructions().nth(2).unwrap();
        assert_eq!(r2.heredocs.len(), 2);
        assert_eq!(r2.heredocs[1].name, "B");
        assert!(!r2.heredocs[1].expand);
        assert_eq!(r2.heredocs[1].fd, 3);
        assert_eq!(r2.heredocs[1].body.slice(src), "2\n");
        assert_eq!(df.reconstruct(src), src);
    }

    #[test]
    fn unknown_instruction_recovers() {
        let src = "FROM alpine\nFOO bar\nRUN echo ok\n";
        let df = parse(src);
        assert_eq!(kinds(&df), ["FROM", "UNKNOWN", "RUN"]);
        assert_eq!(df.errors.len(), 1);
        assert_eq!(df.errors[0].span.slice(src), "FOO");
    }

    #[test]
    fn escape_backtick() {
        let src = "# escape=`\nFROM w\nRUN a `\n  b\nCOPY x c:\\\nWORKDIR C:\\app\n";
        let df = parse(src);
        assert_eq!(df.escape, '`');
        assert_eq!(kinds(&df), ["FROM", "RUN", "COPY", "WORKDIR"]);
    }

    #[test]
    fn flags_and_spans() {
        let src = "FROM a\nCOPY --from=build --link --chmod=755 /src /dst\n";
        let df = parse(src);
        let copy = df.instructions().nth(1).unwrap();
        let names: Vec<_> = copy.command.flags.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["from", "link", "chmod"]);
        assert_eq!(
            copy.command.flags[0].value_span.unwrap().slice(src),
            "build"
        );
        assert_eq!(copy.command.args_span.slice(src), "/src /dst");
        // Name and value are read from the flag's one string: a value may hold `=` itself, be
        // empty, or have had its quotes removed.
        let src =
            "FROM a\nRUN --mount=type=cache,target=/x --network=none --x= --y=\"a b\" --z true\n";
        let df = parse(src);
        let run = df.instructions().nth(1).unwrap();
        let got: Vec<(&str, Option<&str>, &str)> = run
            .command
            .flags
            .iter()
            .map(|f| (f.name(), f.value(), f.raw.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "mount",
                    Some("type=cache,target=/x"),
                    "--mount=type=cache,target=/x"
                ),
                ("network", Some("none"), "--network=none"),
                ("x", Some(""), "--x="),
                ("y", Some("a b"), "--y=a b"),
                ("z", None, "--z"),
            ]
        );
        assert_eq!(
            run.command.flag("network").and_then(|f| f.value()),
            Some("none")
        );
        assert_eq!(run.command.flags_named("mount").count(), 1);
    }

    #[test]
    fn lines_and_lines_starting_with_a_letter() {
        assert_eq!(count_lines(b""), (0, 0));
        assert_eq!(count_lines(b"FROM a"), (0, 1));
        assert_eq!(count_lines(b"FROM a\n  RUN b\nrun c\n#x\n\n9\n"), (6, 2));
        // Across the 255-byte blocks the counts are made in.
        for at in [253, 254, 255, 256, 509, 510] {
            let mut text = vec![b' '; 600];
            text[at] = b'\n';
            text[at + 1] = b'R';
            assert_eq!(count_lines(&text), (1, 1), "newline at {at}");
        }
    }

    #[test]
    fn keywords_by_name() {
        for k in Keyword::ALL {
            assert_eq!(Keyword::from_name(k.as_str()), k);
            assert_eq!(Keyword::from_name(&k.as_str().to_ascii_lowercase()), k);
        }
        for name in [
            "",
            "RU",
            "RUNS",
            "HEALTHCHECKS",
            "ünknown",
            "UNKNOWN",
            "Run\u{0}",
            "\u{0}RUN",
            "R\u{15}N",
            "RU\u{ce}",
            "{UN",
            "[UN",
            "rUn\u{20}",
        ] {
            assert_eq!(Keyword::from_name(name), Keyword::Unknown, "{name:?}");
        }
        assert_eq!(Keyword::from_name("hEaLtHcHeCk"), Keyword::Healthcheck);
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        for src in [
            "",
            "\\",
            "#",
            "RUN <<",
            "RUN <<EOF",
            "FROM \u{feff}",
            "\u{feff}FROM a",
            "ENV",
            "ENV a",
            "RUN [1]",
            "ONBUILD ONBUILD RUN x",
            "FROM a\r\nRUN b \\\r\n c\r\n",
            "é\\\n\\",
        ] {
            let df = parse(src);
            assert_eq!(df.reconstruct(src), src, "{src:?}");
        }
    }
}
