//! BuildKit's word-level algorithms (flag extraction, word splitting, JSON arrays), with byte ranges kept.
//!
//! Each function takes a string and returns ranges relative to it, so callers can map them through
//! a [`super::LogicalLine`] to source spans.

/// BuildKit's `reWhitespace`: `[\t\v\f\r ]+`.
pub fn is_bk_space(b: u8) -> bool {
    matches!(b, b'\t' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Go's `unicode.IsSpace` on a single byte, as BuildKit's flag scanner applies it.
pub fn is_go_space_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// Go's `unicode.IsSpace`.
pub fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// A processed word and its byte range `[start, end)` in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangedWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// `strings.TrimSpace` as a range.
pub fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    let sub = &s[start..end];
    let lead = sub.len() - sub.trim_start_matches(is_go_space).len();
    let trail = sub.trim_end_matches(is_go_space).len();
    if trail <= lead {
        return (start + lead, start + lead);
    }
    (start + lead, start + trail)
}

/// BuildKit's `reWhitespace.Split(s, -1)` over `s[start..end]`: ranges of the pieces (possibly empty ones).
pub fn split_bk_whitespace(s: &str, start: usize, end: usize, limit: usize) -> Vec<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut piece = start;
    let mut i = start;
    while i < end {
        if limit != 0 && out.len() + 1 == limit {
            break;
        }
        if is_bk_space(bytes[i]) {
            let ws = i;
            while i < end && is_bk_space(bytes[i]) {
                i += 1;
            }
            out.push((piece, ws));
            piece = i;
        } else {
            i += 1;
        }
    }
    out.push((piece, end));
    out
}

/// BuildKit's `extractBuilderFlags`: leading `--flag` words. Returns the flags (processed text and raw
/// range) and the offset where the remaining arguments start.
pub fn extract_builder_flags(s: &str, start: usize) -> (Vec<RangedWord>, usize) {
    let bytes = s.as_bytes();
    let end = s.len();
    let mut words = Vec::new();
    let mut pos = start;
    loop {
        // inSpaces
        while pos < end && is_go_space_byte(bytes[pos]) {
            pos += 1;
        }
        if pos >= end {
            return (words, end);
        }
        if !(bytes[pos] == b'-' && pos + 1 < end && bytes[pos + 1] == b'-') {
            return (words, pos);
        }
        // inWord / inQuote
        let wstart = pos;
        let mut word: Vec<u8> = Vec::new();
        let mut blank_ok = false;
        let mut quote: Option<u8> = None;
        loop {
            if pos >= end {
                let w = String::from_utf8_lossy(&word).into_owned();
                if w != "--" && (blank_ok || !w.is_empty()) {
                    words.push(RangedWord {
                        text: w,
                        start: wstart,
                        end: pos,
                    });
                }
                return (words, end);
            }
            let ch = bytes[pos];
            match quote {
                None => {
                    if is_go_space_byte(ch) {
                        let w = String::from_utf8_lossy(&word).into_owned();
                        if w == "--" {
                            return (words, pos);
                        }
                        if blank_ok || !w.is_empty() {
                            words.push(RangedWord {
                                text: w,
                                start: wstart,
                                end: pos,
                            });
                        }
                        break;
                    }
                    if ch == b'\'' || ch == b'"' {
                        quote = Some(ch);
                        blank_ok = true;
                        pos += 1;
                        continue;
                    }
                    if ch == b'\\' {
                        if pos + 1 == end {
                            pos += 1;
                            continue;
                        }
                        pos += 1;
                    }
                    word.push(bytes[pos]);
                    pos += 1;
                }
                Some(q) => {
                    if ch == q {
                        quote = None;
                        pos += 1;
                        continue;
                    }
                    if ch == b'\\' {
                        if pos + 1 == end {
                            quote = None;
                            pos += 1;
                            continue;
                        }
                        pos += 1;
                    }
                    word.push(bytes[pos]);
                    pos += 1;
                }
            }
        }
    }
}

/// BuildKit's `parseWords` (ENV, LABEL, ARG): split on unquoted whitespace; quotes and escapes stay in
/// the word text, except that an escape at the very end is dropped.
pub fn parse_words(s: &str, start: usize, end: usize, escape: char) -> Vec<RangedWord> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word = String::new();
    let mut wstart = start;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut it = s[start..end]
        .char_indices()
        .map(|(i, c)| (i + start, c))
        .peekable();
    loop {
        let Some((pos, ch)) = it.next() else {
            if phase != Phase::Spaces && (blank_ok || !word.is_empty()) {
                words.push(RangedWord {
                    text: std::mem::take(&mut word),
                    start: wstart,
                    end,
                });
            }
            break;
        };
        if phase == Phase::Spaces {
            if is_go_space(ch) {
                continue;
            }
            phase = Phase::Word;
            wstart = pos;
        }
        if phase == Phase::Word {
            if is_go_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || !word.is_empty() {
                    words.push(RangedWord {
                        text: std::mem::take(&mut word),
                        start: wstart,
                        end: pos,
                    });
                }
                word.clear();
                blank_ok = false;
                continue;
            }
            let mut ch = ch;
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                match it.next() {
                    None => continue,
                    Some((_, next)) => {
                        word.push(ch);
                        ch = next;
                    }
                }
            }
            word.push(ch);
            continue;
        }
        // Phase::Quote
        let mut ch = ch;
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            match it.next() {
                None => {
                    phase = Phase::Word;
                    continue;
                }
                Some((_, next)) => {
                    word.push(ch);
                    ch = next;
                }
            }
        }
        word.push(ch);
    }
    words
}

/// Result of reading arguments as a JSON array (BuildKit's `parseJSON`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// Not JSON (or invalid JSON): BuildKit falls back to shell form.
    NotJson,
    /// Valid JSON array with a non-string element: BuildKit rejects the instruction.
    NotStringArray,
    /// The decoded strings with the ranges of their quoted tokens.
    Strings(Vec<RangedWord>),
}

/// Parse `s[start..end]` as BuildKit's exec form.
pub fn parse_json_array(s: &str, start: usize, end: usize) -> Json {
    let sub = &s[start..end];
    let lead = sub.len() - sub.trim_start_matches(is_go_space).len();
    let body = &sub[lead..];
    if !body.starts_with('[') {
        return Json::NotJson;
    }
    let values: Vec<serde_json::Value> = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(_) => return Json::NotJson,
    };
    if values.iter().any(|v| !v.is_string()) {
        return Json::NotStringArray;
    }
    // Valid array of strings: locate each string token to get its range.
    let base = start + lead;
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(values.len());
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let tok_start = i;
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                if bytes[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            let tok_end = (i + 1).min(bytes.len());
            let text: String = serde_json::from_str(&body[tok_start..tok_end]).unwrap_or_default();
            out.push(RangedWord {
                text,
                start: base + tok_start,
                end: base + tok_end,
            });
        }
        i += 1;
    }
    Json::Strings(out)
}

/// Shell-like word splitting with quotes and escapes kept raw (BuildKit's lexer with RawQuotes,
/// RawEscapes and SkipUnsetEnv, as used to find heredoc markers). `${...}` never splits.
pub fn raw_shell_words(s: &str) -> Vec<RangedWord> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len()
            && (bytes[i] == b' ' || bytes[i] == b'\t' || bytes[i] == b'\r' || bytes[i] == b'\n')
        {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        let start = i;
        while i < bytes.len() {
            match bytes[i] {
                b' ' | b'\t' | b'\r' | b'\n' => break,
                b'\\' => i += 2,
                q @ (b'\'' | b'"') => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != q {
                        if q == b'"' && bytes[i] == b'\\' {
                            i += 1;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                b'$' if bytes.get(i + 1) == Some(&b'{') => {
                    while i < bytes.len() && bytes[i] != b'}' {
                        i += 1;
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        let end = i.min(bytes.len());
        out.push(RangedWord {
            text: s[start..end].to_string(),
            start,
            end,
        });
    }
    out
}

/// Remove shell quotes and backslash escapes from one word (`"a b"` -> `a b`, `'x'` -> `x`, `\ ` -> ` `).
/// Single quotes keep everything literally; inside double quotes only `\"`, `\\`, `` \` `` and `\$` escape.
pub fn unquote(word: &str, escape: char) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\'' {
            for d in chars.by_ref() {
                if d == '\'' {
                    break;
                }
                out.push(d);
            }
        } else if c == '"' {
            while let Some(d) = chars.next() {
                if d == '"' {
                    break;
                }
                if d == escape {
                    match chars.peek() {
                        Some(&n) if n == '"' || n == escape || n == '$' || n == '`' => {
                            out.push(n);
                            chars.next();
                            continue;
                        }
                        _ => {}
                    }
                }
                out.push(d);
            }
        } else if c == escape {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_extracted_with_quotes_removed() {
        let s = "--from=\"build\" --link /a /b";
        let (flags, rest) = extract_builder_flags(s, 0);
        let texts: Vec<_> = flags.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["--from=build", "--link"]);
        assert_eq!(&s[rest..], "/a /b");
        assert_eq!(&s[flags[0].start..flags[0].end], "--from=\"build\"");
        let (flags, rest) = extract_builder_flags("-- --x", 0);
        assert!(flags.is_empty());
        assert_eq!(rest, 2);
    }

    #[test]
    fn words_keep_quotes() {
        let s = "a=\"x y\" b=c\\ d";
        let w = parse_words(s, 0, s.len(), '\\');
        let texts: Vec<_> = w.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["a=\"x y\"", "b=c\\ d"]);
        assert_eq!(w[1].start, 8);
    }

    #[test]
    fn json_forms() {
        assert!(
            matches!(parse_json_array("[\"a\", \"b\"]", 0, 10), Json::Strings(v) if v.len() == 2)
        );
        assert_eq!(parse_json_array("['a']", 0, 5), Json::NotJson);
        assert_eq!(parse_json_array("[1]", 0, 3), Json::NotStringArray);
        assert_eq!(parse_json_array("echo [x]", 0, 8), Json::NotJson);
    }

    #[test]
    fn unquotes() {
        assert_eq!(unquote("\"a b\"", '\\'), "a b");
        assert_eq!(unquote("'a\\b'", '\\'), "a\\b");
        assert_eq!(unquote("a\\ b", '\\'), "a b");
        assert_eq!(unquote("\"a\\\"b\"", '\\'), "a\"b");
    }
}
