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

/// The length of `s`'s leading [`is_go_space`] characters (ASCII bytes compared directly; the first
/// non-ASCII byte hands over to the `char` path).
pub fn leading_space(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c >= 0x80 {
            let rest = &s[i..];
            return i + rest.len() - rest.trim_start_matches(is_go_space).len();
        }
        if !is_go_space_byte(c) {
            return i;
        }
        i += 1;
    }
    i
}

/// The length of `s` without its trailing [`is_go_space`] characters.
fn without_trailing_space(s: &str) -> usize {
    let b = s.as_bytes();
    let mut e = b.len();
    while e > 0 {
        let c = b[e - 1];
        if c >= 0x80 {
            return s[..e].trim_end_matches(is_go_space).len();
        }
        if !is_go_space_byte(c) {
            return e;
        }
        e -= 1;
    }
    0
}

/// `strings.TrimSpace` as a range.
#[inline]
pub fn trim_range(s: &str, start: usize, end: usize) -> (usize, usize) {
    // ASCII ends (nearly always): the byte tests alone decide, without slicing `s`.
    let b = &s.as_bytes()[..end];
    let mut i = start;
    while i < end && is_go_space_byte(b[i]) {
        i += 1;
    }
    let mut e = end;
    while e > i && is_go_space_byte(b[e - 1]) {
        e -= 1;
    }
    if b.get(i).is_none_or(|&c| c < 0x80) && (e == i || b[e - 1] < 0x80) {
        return (i, e);
    }
    trim_range_chars(s, start, end)
}

/// [`trim_range`] when an end is a non-ASCII character (which may be Unicode whitespace).
#[inline(never)]
fn trim_range_chars(s: &str, start: usize, end: usize) -> (usize, usize) {
    let sub = &s[start..end];
    let lead = leading_space(sub);
    let trail = without_trailing_space(sub);
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

/// [`split_bk_whitespace`] without a limit, handing each piece's range to `piece` (no vector).
pub fn each_bk_piece(s: &str, start: usize, end: usize, mut piece: impl FnMut(usize, usize)) {
    let bytes = s.as_bytes();
    let mut from = start;
    let mut i = start;
    while i < end {
        if is_bk_space(bytes[i]) {
            let ws = i;
            while i < end && is_bk_space(bytes[i]) {
                i += 1;
            }
            piece(from, ws);
            from = i;
        } else {
            i += 1;
        }
    }
    piece(from, end);
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
    let mut words = Vec::new();
    let rest = each_builder_flag(s, start, |text, start, end, _| {
        words.push(RangedWord { text, start, end })
    });
    (words, rest)
}

/// [`extract_builder_flags`] handing each flag (processed text, raw range, and whether the text is
/// the raw range itself: no quotes or escapes) to `flag` as it is read; returns the offset where
/// the remaining arguments start.
pub fn each_builder_flag(
    s: &str,
    start: usize,
    mut flag: impl FnMut(String, usize, usize, bool),
) -> usize {
    let bytes = s.as_bytes();
    let end = s.len();
    let mut pos = start;
    loop {
        // inSpaces
        while pos < end && is_go_space_byte(bytes[pos]) {
            pos += 1;
        }
        if pos >= end {
            return end;
        }
        if !(bytes[pos] == b'-' && pos + 1 < end && bytes[pos + 1] == b'-') {
            return pos;
        }
        // inWord / inQuote
        let wstart = pos;
        // Fast path: a word without quotes or backslashes is its own text.
        let mut j = pos;
        while j < end && matches!(class(bytes[j]), PLAIN | HIGH | BACKTICK) {
            j += 1;
        }
        if j >= end || is_go_space_byte(bytes[j]) {
            let w = &s[wstart..j];
            if j >= end {
                if w != "--" {
                    flag(w.to_string(), wstart, j, true);
                }
                return end;
            }
            if w == "--" {
                return j;
            }
            flag(w.to_string(), wstart, j, true);
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
                    flag(w, wstart, pos, false);
                }
                return end;
            }
            let ch = bytes[pos];
            match quote {
                None => {
                    if is_go_space_byte(ch) {
                        let w = bytes_to_string(word);
                        if w == "--" {
                            return pos;
                        }
                        if blank_ok || !w.is_empty() {
                            flag(w, wstart, pos, false);
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
    // Room for the usual few words without regrowing.
    let mut words = Vec::with_capacity(4);
    parse_word_ranges_into(s, start, end, escape, &mut words);
    words
}

/// [`parse_word_ranges`] into `words` (cleared first), so a caller can reuse one vector.
pub fn parse_word_ranges_into(
    s: &str,
    start: usize,
    end: usize,
    escape: char,
    words: &mut Vec<(usize, usize, usize)>,
) {
    words.clear();
    if matches!(escape, '\\' | '`') {
        parse_word_ranges_bytes(s, start, end, escape as u8, words)
    } else {
        words.extend(parse_word_ranges_chars(s, start, end, escape))
    }
}

/// Byte classes for the scanners below: everything but `PLAIN` may end a run of word bytes.
const PLAIN: u8 = 0;
/// An ASCII byte [`is_go_space`] accepts.
const SPACE: u8 = 1;
const QUOTE: u8 = 2;
const BACKSLASH: u8 = 3;
const BACKTICK: u8 = 4;
/// A byte of a non-ASCII character.
const HIGH: u8 = 5;

static CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut i = 0x80;
    while i < 256 {
        t[i] = HIGH;
        i += 1;
    }
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[0x0b] = SPACE;
    t[0x0c] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'\'' as usize] = QUOTE;
    t[b'"' as usize] = QUOTE;
    t[b'\\' as usize] = BACKSLASH;
    t[b'`' as usize] = BACKTICK;
    t
};

#[inline(always)]
fn class(b: u8) -> u8 {
    CLASS[b as usize]
}

/// [`parse_word_ranges`] over bytes: every byte that changes the state (whitespace, quotes, the
/// escape) is ASCII, so only non-ASCII characters outside quotes are decoded (to test for Unicode
/// whitespace). Same results as [`parse_word_ranges_chars`], which `tests` check.
fn parse_word_ranges_bytes(
    s: &str,
    start: usize,
    end: usize,
    esc: u8,
    words: &mut Vec<(usize, usize, usize)>,
) {
    let b = &s.as_bytes()[..end];
    // The width of the non-ASCII character at `i` when it is whitespace, else 0.
    let high_space = |i: usize| -> usize {
        match s[i..end].chars().next() {
            Some(ch) if is_go_space(ch) => ch.len_utf8(),
            _ => 0,
        }
    };
    let mut i = start;
    'words: loop {
        // Spaces between words.
        loop {
            let Some(&c) = b.get(i) else {
                return;
            };
            match class(c) {
                SPACE => i += 1,
                HIGH => match high_space(i) {
                    0 => break,
                    w => i += w,
                },
                _ => break,
            }
        }
        let wstart = i;
        let mut blank_ok = false;
        // Outside quotes.
        loop {
            while i < end && class(b[i]) == PLAIN {
                i += 1;
            }
            let Some(&c) = b.get(i) else {
                if blank_ok || i > wstart {
                    words.push((wstart, i, end));
                }
                return;
            };
            match class(c) {
                SPACE => {
                    if blank_ok || i > wstart {
                        words.push((wstart, i, i));
                    }
                    i += 1;
                    continue 'words;
                }
                QUOTE => {
                    blank_ok = true;
                    i += 1;
                    // Inside quotes: only the closing quote and (outside single quotes) the escape
                    // matter; other bytes, non-ASCII ones included, are stepped over one by one.
                    let stop = if c == b'\'' { c } else { esc };
                    loop {
                        while i < end && b[i] != c && b[i] != stop {
                            i += 1;
                        }
                        if i >= end {
                            words.push((wstart, i, end));
                            return;
                        }
                        if b[i] == c {
                            i += 1;
                            break;
                        }
                        // The escape: a trailing one is dropped from the text.
                        if i + 1 >= end {
                            words.push((wstart, i, end));
                            return;
                        }
                        i += 1 + crate::source::utf8_width(b[i + 1]);
                    }
                }
                HIGH => match high_space(i) {
                    0 => i += crate::source::utf8_width(c),
                    w => {
                        if blank_ok || i > wstart {
                            words.push((wstart, i, i));
                        }
                        i += w;
                        continue 'words;
                    }
                },
                _ if c == esc => {
                    if i + 1 >= end {
                        // A trailing escape is dropped from the text.
                        if blank_ok || i > wstart {
                            words.push((wstart, i, end));
                        }
                        return;
                    }
                    i += 1 + crate::source::utf8_width(b[i + 1]);
                }
                // The other of `\\` and `` ` ``: an ordinary byte here.
                _ => i += 1,
            }
        }
    }
}

/// The `char`-by-`char` form of [`parse_word_ranges`] (for an escape other than `\\` and `` ` ``,
/// which the parser never passes, and as the reference in tests).
fn parse_word_ranges_chars(
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
    let lead = leading_space(sub);
    let body = &sub[lead..];
    if !body.starts_with('[') {
        return Json::NotJson;
    }
    if let Some(words) = plain_string_array(body, start + lead) {
        return Json::Strings(words);
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

/// JSON's whitespace.
fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The usual exec form, read without serde_json: `body` is a JSON array of strings that hold no
/// escape and no control character. Returns those strings with their ranges (offset by `base`), or
/// `None` for anything else, which [`parse_json_array`] then reads with serde_json (so the results
/// are the same either way: such a string's JSON text is its value).
fn plain_string_array(body: &str, base: usize) -> Option<Vec<RangedWord>> {
    let b = body.as_bytes();
    let skip_space = |mut i: usize| {
        while i < b.len() && is_json_space(b[i]) {
            i += 1;
        }
        i
    };
    let mut out = Vec::with_capacity(4);
    let mut i = skip_space(1);
    if b.get(i) == Some(&b']') {
        return (skip_space(i + 1) == b.len()).then_some(out);
    }
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let tok_start = i;
        i += 1;
        loop {
            match b.get(i) {
                Some(b'"') => break,
                Some(&c) if c >= 0x20 && c != b'\\' => i += 1,
                _ => return None,
            }
        }
        out.push(RangedWord {
            text: body[tok_start + 1..i].to_string(),
            start: base + tok_start,
            end: base + i + 1,
        });
        i = skip_space(i + 1);
        match b.get(i) {
            Some(b',') => i = skip_space(i + 1),
            Some(b']') => return (skip_space(i + 1) == b.len()).then_some(out),
            _ => return None,
        }
    }
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

    /// Pseudo-random strings over the characters that steer the word and flag scanners.
    fn tricky_strings(n: usize) -> Vec<String> {
        const ALPHABET: [&str; 18] = [
            "a", "=", " ", "\t", "\"", "'", "\\", "`", "-", "--", "é", "\u{a0}", "\u{2003}",
            "\u{85}", "\x0b", "\r", "\n", "x=y",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        (0..n)
            .map(|_| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let len = (seed >> 59) as usize;
                (0..len)
                    .map(|_| {
                        seed = seed
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        ALPHABET[(seed >> 33) as usize % ALPHABET.len()]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn word_ranges_bytes_match_chars() {
        for src in tricky_strings(20_000) {
            for escape in ['\\', '`'] {
                for start in (0..=src.len()).filter(|&i| src.is_char_boundary(i)) {
                    let mut bytes = Vec::new();
                    parse_word_ranges_bytes(&src, start, src.len(), escape as u8, &mut bytes);
                    assert_eq!(
                        bytes,
                        parse_word_ranges_chars(&src, start, src.len(), escape),
                        "{src:?} from {start} with {escape:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn trims_match_str_trims() {
        for src in tricky_strings(20_000) {
            let lead = src.len() - src.trim_start_matches(is_go_space).len();
            assert_eq!(leading_space(&src), lead, "{src:?}");
            assert_eq!(
                without_trailing_space(&src),
                src.trim_end_matches(is_go_space).len(),
                "{src:?}"
            );
            for start in (0..=src.len()).filter(|&i| src.is_char_boundary(i)) {
                assert_eq!(
                    trim_range(&src, start, src.len()),
                    trim_range_chars(&src, start, src.len()),
                    "{src:?} from {start}"
                );
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
        // `plain` says exactly when a flag's text is its raw range.
        for src in tricky_strings(20_000) {
            let src = format!("--{src}");
            each_builder_flag(&src, 0, |text, start, end, plain| {
                assert_eq!(plain, src[start..end] == text, "{src:?}")
            });
        }
        let (f, r) = extract_builder_flags("--x=é\u{a0}y", 0);
        assert_eq!((f[0].text.as_str(), r), ("--x=é\u{a0}y", 9));
    }

    #[test]
    fn plain_json_arrays_read_as_serde_json_does() {
        let cases = [
            "[]",
            "[ ] ",
            "[]x",
            "[\"a\"]",
            "[\"a\", \"b c\"]\n",
            "[ \"a\" ,\t\"é\" ]",
            "[\"a\",]",
            "[\"a\" \"b\"]",
            "[\"a\\\"b\"]",
            "[\"a\tb\"]",
            "[\"a\"] x",
            "[\"a\"",
            "[\"a",
            "[1]",
            "[\"a\", 1]",
            "[\"\u{a0}\"]\u{a0}",
            "['a']",
        ];
        for body in cases {
            let Some(fast) = plain_string_array(body, 3) else {
                continue;
            };
            let want: Vec<String> = serde_json::from_str(body).expect(body);
            let texts: Vec<String> = fast.iter().map(|w| w.text.clone()).collect();
            assert_eq!(texts, want, "{body:?}");
            for w in &fast {
                assert_eq!(
                    serde_json::from_str::<String>(&body[w.start - 3..w.end - 3]).unwrap(),
                    w.text
                );
            }
        }
        assert!(plain_string_array("[\"a\"]", 0).is_some());
        assert!(plain_string_array("[\"a\\n\"]", 0).is_none());
        assert!(plain_string_array("[\"a\"] x", 0).is_none());
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
