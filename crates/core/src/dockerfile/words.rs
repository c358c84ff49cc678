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

/// Bytes of a `&str` with only ASCII bytes removed are still UTF-8; the lossy path is a safety net.
fn bytes_to_string(word: Vec<u8>) -> String {
    match String::from_utf8(word) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
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
        // Fast path: a word without quotes or backslashes is its own text.
        let mut j = pos;
        while j < end && !is_go_space_byte(bytes[j]) && !matches!(bytes[j], b'\'' | b'"' | b'\\') {
            j += 1;
        }
        if j >= end || is_go_space_byte(bytes[j]) {
            let w = &s[wstart..j];
            if j >= end {
                if w != "--" {
                    words.push(RangedWord {
                        text: w.to_string(),
                        start: wstart,
                        end: j,
                    });
                }
                return (words, end);
            }
            if w == "--" {
                return (words, j);
            }
            words.push(RangedWord {
                text: w.to_string(),
                start: wstart,
                end: j,
            });
            pos = j;
            continue;
        }
        let mut word: Vec<u8> = Vec::with_capacity(16);
        let mut blank_ok = false;
        let mut quote: Option<u8> = None;
        loop {
            if pos >= end {
                let w = bytes_to_string(word);
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
                        let w = bytes_to_string(word);
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
    parse_word_ranges(s, start, end, escape)
        .into_iter()
        .map(|(ws, te, we)| RangedWord {
            text: s[ws..te].to_string(),
            start: ws,
            end: we,
        })
        .collect()
}

/// [`parse_words`] without copies: `(start, text_end, end)` per word, where the word's text is
/// `s[start..text_end]` and its raw range is `[start, end)`.
pub fn parse_word_ranges(
    s: &str,
    start: usize,
    end: usize,
    escape: char,
) -> Vec<(usize, usize, usize)> {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    // Every character of a word is kept except an escape at the very end of the input, so a word's
    // text is always the source slice `[wstart, text_end)`: track that end instead of copying chars.
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut wstart = start;
    let mut text_end = start;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut it = CharCursor { s, pos: start, end };
    loop {
        let Some((pos, ch)) = it.next() else {
            if phase != Phase::Spaces && (blank_ok || text_end > wstart) {
                words.push((wstart, text_end, end));
            }
            break;
        };
        if phase == Phase::Spaces {
            if is_go_space(ch) {
                continue;
            }
            phase = Phase::Word;
            wstart = pos;
            text_end = pos;
        }
        if phase == Phase::Word {
            if is_go_space(ch) {
                phase = Phase::Spaces;
                if blank_ok || text_end > wstart {
                    words.push((wstart, text_end, pos));
                }
                blank_ok = false;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
            }
            if ch == escape {
                match it.next() {
                    None => continue,
                    Some((npos, next)) => {
                        text_end = npos + next.len_utf8();
                        continue;
                    }
                }
            }
            text_end = pos + ch.len_utf8();
            continue;
        }
        // Phase::Quote
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            match it.next() {
                None => {
                    phase = Phase::Word;
                    continue;
                }
                Some((npos, next)) => {
                    text_end = npos + next.len_utf8();
                    continue;
                }
            }
        }
        text_end = pos + ch.len_utf8();
    }
    words
}

/// `char_indices` over `s[..end]` from `pos`, decoding only non-ASCII bytes.
struct CharCursor<'a> {
    s: &'a str,
    pos: usize,
    end: usize,
}

impl CharCursor<'_> {
    #[inline(always)]
    fn next(&mut self) -> Option<(usize, char)> {
        let p = self.pos;
        if p >= self.end {
            return None;
        }
        let b = self.s.as_bytes()[p];
        let c = if b < 0x80 {
            b as char
        } else {
            self.s[p..self.end].chars().next()?
        };
        self.pos = p + c.len_utf8();
        Some((p, c))
    }
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
    // An array of strings decodes straight into `Vec<String>` (the common case); anything else is
    // classified through `Value` exactly as before.
    let decoded: Option<Vec<String>> = serde_json::from_str(body).ok();
    if decoded.is_none() {
        let values: Vec<serde_json::Value> = match serde_json::from_str(body) {
            Ok(v) => v,
            Err(_) => return Json::NotJson,
        };
        if values.iter().any(|v| !v.is_string()) {
            return Json::NotStringArray;
        }
    }
    let mut decoded = decoded.map(|v| v.into_iter());
    // Valid array of strings: locate each string token to get its range.
    let base = start + lead;
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(decoded.as_ref().map_or(0, |d| d.len()));
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
            let text: String = match decoded.as_mut().and_then(|d| d.next()) {
                Some(t) => t,
                None => serde_json::from_str(&body[tok_start..tok_end]).unwrap_or_default(),
            };
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
    raw_shell_word_ranges(s)
        .into_iter()
        .map(|(start, end)| RangedWord {
            text: s[start..end].to_string(),
            start,
            end,
        })
        .collect()
}

/// [`raw_shell_words`] as byte ranges only (no copies).
pub fn raw_shell_word_ranges(s: &str) -> Vec<(usize, usize)> {
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
        out.push((start, end));
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

    /// The original char-by-char `parseWords`, kept as the reference for the copy-free version.
    fn parse_words_reference(s: &str, start: usize, end: usize, escape: char) -> Vec<RangedWord> {
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
        let mut it = s[start..end].char_indices().map(|(i, c)| (i + start, c));
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

    #[test]
    fn parse_words_matches_reference() {
        let cases = [
            "",
            " ",
            "a",
            "a=b c=d",
            "a=\"x y\" b='p q' c=\\ d",
            "k=v\\",
            "k=\"v\\",
            "k='v\\'",
            "''",
            "\"\" x",
            "é=ü\u{a0}next\u{2003}x\u{85}y",
            "a=`b` c=``",
            "\\",
            "a\tb\x0bc\rd",
            "x=\"a\\\"b\" z",
            "unterminated=\"abc",
            "ends with escape `",
        ];
        for src in cases {
            for escape in ['\\', '`'] {
                for start in 0..=src.len() {
                    if !src.is_char_boundary(start) {
                        continue;
                    }
                    let got = parse_words(src, start, src.len(), escape);
                    let want = parse_words_reference(src, start, src.len(), escape);
                    assert_eq!(got, want, "{src:?} from {start} with {escape:?}");
                }
            }
        }
    }

    #[test]
    fn flag_fast_path_matches_quoted_path() {
        // Plain words take the fast path; quoted ones the byte-by-byte path: same results.
        let (plain, rest) = extract_builder_flags("--mount=type=cache,target=/x --link /a", 0);
        let (quoted, rest_q) =
            extract_builder_flags("--mount=type=cache,\"target=/x\" --li'nk' /a", 0);
        let texts = |f: &[RangedWord]| f.iter().map(|w| w.text.clone()).collect::<Vec<_>>();
        assert_eq!(texts(&plain), ["--mount=type=cache,target=/x", "--link"]);
        assert_eq!(texts(&quoted), texts(&plain));
        assert_eq!((plain[1].start, plain[1].end), (29, 35));
        assert_eq!(rest, 36);
        assert_eq!(rest_q, 40);
        // `--` alone ends the flags, at the end of the input too.
        assert_eq!(extract_builder_flags("--a --", 0).0.len(), 1);
        assert_eq!(extract_builder_flags("--a --", 0).1, 6);
        assert_eq!(extract_builder_flags("--a -- b", 0).1, 6);
        let (f, r) = extract_builder_flags("--x=é\u{a0}y", 0);
        assert_eq!((f[0].text.as_str(), r), ("--x=é\u{a0}y", 9));
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
