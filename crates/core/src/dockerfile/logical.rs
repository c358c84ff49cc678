//! A logical line: an instruction's physical lines joined the way BuildKit joins them, with a map back to source bytes.

use crate::source::Span;

/// One run of logical text copied verbatim from the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    logical: usize,
    source: usize,
    len: usize,
}

/// Joined instruction text (continuations removed, inner comment and empty lines dropped) plus the
/// segment map, so any logical offset maps back to a byte offset in the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogicalLine {
    pub text: String,
    segments: Vec<Segment>,
}

impl LogicalLine {
    /// An empty line with room for one segment (a few when `continued`).
    pub(crate) fn with_segments(continued: bool) -> Self {
        LogicalLine {
            text: String::new(),
            segments: Vec::with_capacity(if continued { 4 } else { 1 }),
        }
    }

    /// Record the segment `source[src_start..src_start + len]` without copying its text yet; call
    /// [`Self::fill_text`] once every segment is in (the text is then allocated once, exactly).
    pub(crate) fn push_deferred(&mut self, src_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        let logical = self
            .segments
            .last()
            .map_or(self.text.len(), |s| s.logical + s.len);
        self.segments.push(Segment {
            logical,
            source: src_start,
            len,
        });
    }

    /// Copy the deferred segments' text from `source` (the whole file).
    pub(crate) fn fill_text(&mut self, source: &str) {
        let total = self.segments.last().map_or(0, |s| s.logical + s.len);
        let mut text = String::with_capacity(total);
        for s in &self.segments {
            text.push_str(&source[s.source..s.source + s.len]);
        }
        self.text = text;
    }

    pub fn push(&mut self, source: &str, src_start: usize) {
        if source.is_empty() {
            return;
        }
        self.segments.push(Segment {
            logical: self.text.len(),
            source: src_start,
            len: source.len(),
        });
        self.text.push_str(source);
    }

    /// Source offset of the byte at logical offset `off` (a span start).
    #[inline]
    pub fn source_start(&self, off: usize) -> usize {
        // One segment (most instructions): no search; the same answer as the general path below.
        if let [s] = self.segments.as_slice() {
            return s.source + off.saturating_sub(s.logical).min(s.len);
        }
        let i = match self.segments.binary_search_by(|s| s.logical.cmp(&off)) {
            Ok(i) => i,
            Err(0) => return self.segments.first().map(|s| s.source).unwrap_or(0),
            Err(i) => i - 1,
        };
        let s = self.segments[i];
        if off < s.logical + s.len || i + 1 == self.segments.len() {
            s.source + (off - s.logical).min(s.len)
        } else {
            self.segments[i + 1].source
        }
    }

    /// Source offset just after the byte before logical offset `off` (a span end): an end that falls
    /// on a segment boundary stays on the earlier line instead of jumping past the continuation.
    #[inline]
    pub fn source_end(&self, off: usize) -> usize {
        if let [s] = self.segments.as_slice() {
            return s.source + off.saturating_sub(s.logical).min(s.len);
        }
        if off == 0 {
            return self.source_start(0);
        }
        let i = match self.segments.binary_search_by(|s| s.logical.cmp(&off)) {
            Ok(i) => i.saturating_sub(1),
            Err(0) => return self.segments.first().map(|s| s.source).unwrap_or(0),
            Err(i) => i - 1,
        };
        let s = self.segments[i];
        s.source + (off - s.logical).min(s.len)
    }

    /// Map a logical range to a source span.
    #[inline]
    pub fn span(&self, start: usize, end: usize) -> Span {
        let s = self.source_start(start);
        if end <= start {
            return Span::empty(s);
        }
        let e = self.source_end(end).max(s);
        Span::new(s, e)
    }

    /// Whether the logical range `[start, end)` is one contiguous run of the source (so an edit of
    /// its source span replaces exactly that text).
    pub fn is_contiguous(&self, start: usize, end: usize) -> bool {
        self.segments
            .iter()
            .any(|s| s.logical <= start && end <= s.logical + s.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_segments() {
        // source: "RUN a \\\n  b" -> logical "RUN a   b"
        let src = "RUN a \\\n  b";
        let mut l = LogicalLine::default();
        l.push(&src[0..6], 0); // "RUN a "
        l.push(&src[8..11], 8); // "  b"
        assert_eq!(l.text, "RUN a   b");
        assert_eq!(l.source_start(0), 0);
        assert_eq!(l.source_start(6), 8);
        assert_eq!(l.source_end(6), 6);
        assert_eq!(l.span(8, 9), Span::new(10, 11));
        assert_eq!(l.span(4, 9), Span::new(4, 11));
        assert!(l.is_contiguous(0, 5));
        assert!(!l.is_contiguous(4, 9));
    }
}
