//! Byte spans, the byte <-> line/column index, and text edits: the coordinates everything else speaks.

use serde::Serialize;

/// A half-open byte range `[start, end)` into one file's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }
    pub fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
    /// The text under this span, or "" when the span does not fit the text (never panics).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A 1-based line and column. Columns count characters (Unicode scalar values), as editors show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Maps byte offsets to line/column and back. Lines end at `\n`; a `\r` before it belongs to the line.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; always starts with 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line number containing `offset` (offsets past the end map to the last line).
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset where 0-based `line` starts (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// 1-based line and character column of a byte offset in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        LineCol {
            line: line + 1,
            column: column + 1,
        }
    }

    /// Byte offset of a 1-based line and character column (clamped to the line's end).
    pub fn offset(&self, text: &str, lc: LineCol) -> usize {
        let line = lc.line.saturating_sub(1);
        let start = self.line_start(line);
        let end = self.line_start(line + 1).min(text.len());
        let line_text = text.get(start..end).unwrap_or("");
        let mut off = start;
        for (n, ch) in line_text.chars().enumerate() {
            if n + 1 >= lc.column {
                break;
            }
            off += ch.len_utf8();
        }
        off.min(end)
    }
}

/// Replace the bytes in `[start, end)` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextEdit {
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl TextEdit {
    pub fn new(span: Span, replacement: impl Into<String>) -> Self {
        TextEdit {
            start: span.start,
            end: span.end,
            replacement: replacement.into(),
        }
    }
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        TextEdit::new(Span::empty(at), text)
    }
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end.max(self.start))
    }
}

/// The byte length of the UTF-8 character whose first byte is `lead` (byte scanners step over a
/// character with it without decoding it).
#[inline]
pub(crate) fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_handles_crlf() {
        let text = "ab\r\ncé x\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 4), LineCol { line: 2, column: 1 });
        // 'x' is at byte 8 (c=4, é=5..7, space=7) -> column 4 in characters
        assert_eq!(idx.line_col(text, 8), LineCol { line: 2, column: 4 });
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 4 }), 8);
        assert_eq!(idx.line_col(text, 999), LineCol { line: 3, column: 5 });
    }

    #[test]
    fn slice_never_panics() {
        assert_eq!(Span::new(3, 10).slice("abc"), "");
        assert_eq!(Span::new(1, 2).slice("abc"), "b");
    }
}

/// A small multiplicative hash for names (variables, ARG and ENV keys, programs) and the parse
/// cache's texts, in hash maps built or probed per RUN or per branch of a shell walk, where
/// SipHash dominated. The keys come from the linted file; the worst a crafted file can do is make
/// a lint slower, not wrong (the parse cache holds at most a few thousand texts).
#[derive(Clone, Copy, Default)]
pub(crate) struct BuildNameHasher;

impl std::hash::BuildHasher for BuildNameHasher {
    type Hasher = NameHasher;
    fn build_hasher(&self) -> NameHasher {
        NameHasher(0)
    }
}

pub(crate) struct NameHasher(u64);

impl NameHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for NameHasher {
    /// Eight bytes at a time (names are short, but RUN texts, also keys, are not).
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ (rest.len() as u64) << 59);
        }
    }
    fn finish(&self) -> u64 {
        // The product's high bits are its best: fold them into the low ones (the table index).
        self.0 ^ (self.0 >> 32)
    }
}
