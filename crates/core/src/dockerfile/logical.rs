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
#[derive(Clone, Default, PartialEq, Eq)]
pub struct LogicalLine {
    pub text: String,
    /// The first segment, kept inline: most instructions are one line, so most lines need no
    /// segment vector at all.
    first: Option<Segment>,
    /// The segments after the first, in order.
    rest: Vec<Segment>,
}

impl std::fmt::Debug for LogicalLine {
    /// As when the segments were one vector (so dumps of parses stay comparable).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let segments: Vec<Segment> = self.segments().copied().collect();
        f.debug_struct("LogicalLine")
            .field("text", &self.text)
            .field("segments", &segments)
            .finish()
    }
}

impl LogicalLine {
    /// An empty line with room for the segments after the first when `continued`.
    pub(crate) fn with_segments(continued: bool) -> Self {
        LogicalLine {
            text: String::new(),
            first: None,
            rest: Vec::with_capacity(if continued { 3 } else { 0 }),
        }
    }

    fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.first.iter().chain(&self.rest)
    }

    fn last_segment(&self) -> Option<&Segment> {
        self.rest.last().or(self.first.as_ref())
    }

    fn add_segment(&mut self, segment: Segment) {
        if self.first.is_none() {
            self.first = Some(segment);
        } else {
            self.rest.push(segment);
        }
    }

    /// Record the segment `source[src_start..src_start + len]` without copying its text yet; call
    /// [`Self::fill_text`] once every segment is in (the text is then allocated once, exactly).
    pub(crate) fn push_deferred(&mut self, src_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        let logical = self
            .last_segment()
            .map_or(self.text.len(), |s| s.logical + s.len);
        self.add_segment(Segment {
            logical,
            source: src_start,
            len,
        });
    }

    /// Copy the deferred segments' text from `source` (the whole file).
    pub(crate) fn fill_text(&mut self, source: &str) {
        let total = self.last_segment().map_or(0, |s| s.logical + s.len);
        let mut text = String::with_capacity(total);
        for s in self.segments() {
            text.push_str(&source[s.source..s.source + s.len]);
        }
        self.text = text;
    }

    pub fn push(&mut self, source: &str, src_start: usize) {
        if source.is_empty() {
            return;
        }
        self.add_segment(Segment {
            logical: self.text.len(),
            source: src_start,
            len: source.len(),
        });
        self.text.push_str(source);
    }

    /// Source offset of the byte at logical offset `off` (a span start).
    #[inline]
    pub fn source_start(&self, off: usize) -> usize {
        let Some(first) = self.first else {
            return 0;
        };
        // One segment (most instructions): no search; the same answer as the general path below.
        if self.rest.is_empty() {
            return first.source + off.saturating_sub(first.logical).min(first.len);
        }
        if off < first.logical {
            return first.source;
        }
        // The last segment starting at or before `off`, and the one after it.
        let mut at = first;
        for next in &self.rest {
            if next.logical > off {
                return if off < at.logical + at.len {
                    at.source + (off - at.logical)
                } else {
                    next.source
                };
            }
            at = *next;
        }
        at.source + (off - at.logical).min(at.len)
    }

    /// Source offset just after the byte before logical offset `off` (a span end): an end that falls
    /// on a segment boundary stays on the earlier line instead of jumping past the continuation.
    #[inline]
    pub fn source_end(&self, off: usize) -> usize {
        // The last segment starting before `off` (the first one when none does).
        let Some(mut at) = self.first else {
            return 0;
        };
        for s in &self.rest {
            if s.logical < off {
                at = *s;
            } else {
                break;
            }
        }
        at.source + off.saturating_sub(at.logical).min(at.len)
    }

    /// Map a logical range to a source span.
    #[inline(always)]
    pub fn span(&self, start: usize, end: usize) -> Span {
        if let Some(one) = self.first {
            // Every range of a one-segment line, and a range that starts inside the first segment
            // and ends before the second one (flags and first-line words of the others): both ends
            // are the same clamp into the first segment, as `source_start` and `source_end` give.
            let within_first = |next: &Segment| {
                one.logical <= start
                    && start < (one.logical + one.len).min(next.logical)
                    && end <= next.logical
            };
            if self.rest.first().is_none_or(within_first) {
                let map = |off: usize| one.source + off.saturating_sub(one.logical).min(one.len);
                let s = map(start);
                if end <= start {
                    return Span::empty(s);
                }
                return Span::new(s, map(end).max(s));
            }
        }
        self.span_across(start, end)
    }

    /// [`Self::span`] on a line of several segments (kept out of line: the one-segment case is
    /// inlined into every caller).
    #[inline(never)]
    fn span_across(&self, start: usize, end: usize) -> Span {
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
        self.segments()
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

    /// The mapping as written over one vector of segments with `binary_search_by`.
    fn reference(segments: &[Segment], off: usize, end: bool) -> usize {
        let search = segments.binary_search_by(|s| s.logical.cmp(&off));
        if end && off > 0 {
            let i = match search {
                Ok(i) => i.saturating_sub(1),
                Err(0) => return segments.first().map(|s| s.source).unwrap_or(0),
                Err(i) => i - 1,
            };
            let s = segments[i];
            return s.source + (off - s.logical).min(s.len);
        }
        let i = match search {
            Ok(i) => i,
            Err(0) => return segments.first().map(|s| s.source).unwrap_or(0),
            Err(i) => i - 1,
        };
        let s = segments[i];
        if off < s.logical + s.len || i + 1 == segments.len() {
            s.source + (off - s.logical).min(s.len)
        } else {
            segments[i + 1].source
        }
    }

    #[test]
    fn inline_first_segment_maps_as_one_vector_did() {
        let layouts: [&[(usize, usize)]; 5] = [
            &[],
            &[(4, 7)],
            &[(0, 6), (8, 3)],
            &[(2, 1), (5, 4), (12, 2), (20, 5)],
            &[(0, 0), (3, 2)],
        ];
        for layout in layouts {
            let mut l = LogicalLine::with_segments(layout.len() > 1);
            for &(src, len) in layout {
                l.push_deferred(src, len);
            }
            let segments: Vec<Segment> = l.segments().copied().collect();
            for off in 0..16 {
                assert_eq!(l.source_start(off), reference(&segments, off, false));
                let want = if off == 0 {
                    reference(&segments, 0, false)
                } else {
                    reference(&segments, off, true)
                };
                assert_eq!(l.source_end(off), want, "{layout:?} {off}");
                // The first-segment shortcut of `span` agrees with the general mapping.
                for end in 0..16 {
                    assert_eq!(l.span(off, end), l.span_across(off, end), "{layout:?}");
                }
            }
        }
    }
}
