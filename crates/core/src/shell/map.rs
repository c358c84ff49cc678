//! Position maps: the text handed to brush-parser is stitched from logical-line text, heredoc
//! bodies and synthetic newlines; [`Composite`] maps its byte offsets back to Dockerfile bytes,
//! and [`CharMap`] turns brush-parser's character indices into byte offsets.

use crate::dockerfile::LogicalLine;
use crate::source::Span;

#[derive(Debug, Clone, Copy)]
enum Target {
    /// Offset in the instruction's logical line.
    Logical(usize),
    /// Byte offset in the Dockerfile.
    Source(usize),
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    at: usize,
    len: usize,
    to: Target,
}

/// Text assembled from pieces, each mapped to where it came from.
#[derive(Debug, Clone, Default)]
pub(super) struct Composite {
    pub text: String,
    pieces: Vec<Piece>,
    /// When set, every position maps to this span (text that is not a verbatim slice).
    imprecise: Option<Span>,
}

impl Composite {
    fn push(&mut self, s: &str, to: Target) {
        if s.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            len: s.len(),
            to,
        });
        self.text.push_str(s);
    }

    /// Logical-line text starting at logical offset `logical`.
    pub fn push_logical(&mut self, s: &str, logical: usize) {
        self.push(s, Target::Logical(logical));
    }

    /// `src[start..end]` line by line, dropping the `\r` of `\r\n` and, with `chomp`, leading tabs.
    pub fn push_source(&mut self, src: &str, start: usize, end: usize, chomp: bool) {
        let Some(body) = src.get(start..end) else {
            return;
        };
        let mut at = start;
        for line in body.split_inclusive('\n') {
            let mut from = 0;
            if chomp {
                from = line.len() - line.trim_start_matches('\t').len();
            }
            let content_end = if line.ends_with("\r\n") {
                line.len() - 2
            } else {
                line.len()
            };
            if from < content_end {
                self.push(&line[from..content_end], Target::Source(at + from));
            }
            if content_end < line.len() && line.ends_with("\r\n") {
                self.push("\n", Target::Source(at + line.len() - 1));
            }
            at += line.len();
        }
    }

    /// Text that is not in the source, attributed to source offset `at`.
    pub fn push_synthetic(&mut self, s: &str, at: usize) {
        self.push(s, Target::Source(at));
    }

    /// Text with no exact source counterpart (a JSON string with escapes): all of it maps to `span`.
    pub fn push_imprecise(&mut self, s: &str, span: Span) {
        self.imprecise = Some(span);
        self.push(s, Target::Source(span.start));
    }

    fn piece_at(&self, off: usize) -> Option<&Piece> {
        let i = self.pieces.partition_point(|p| p.at <= off);
        self.pieces.get(i.checked_sub(1)?)
    }

    fn start(&self, off: usize, logical: Option<&LogicalLine>) -> usize {
        match self.piece_at(off) {
            None => 0,
            Some(p) => {
                let d = (off - p.at).min(p.len);
                match p.to {
                    Target::Source(s) => s + d,
                    Target::Logical(o) => logical.map_or(0, |l| l.source_start(o + d)),
                }
            }
        }
    }

    fn end(&self, off: usize, logical: Option<&LogicalLine>) -> usize {
        match self.piece_at(off.saturating_sub(1)) {
            None => 0,
            Some(p) => {
                let d = (off - p.at).min(p.len);
                match p.to {
                    Target::Source(s) => s + d,
                    Target::Logical(o) => logical.map_or(0, |l| l.source_end(o + d)),
                }
            }
        }
    }

    /// The Dockerfile span of composite bytes `[a, b)`.
    pub fn span(&self, a: usize, b: usize, logical: Option<&LogicalLine>) -> Span {
        if let Some(s) = self.imprecise {
            return s;
        }
        let s = self.start(a, logical);
        if b <= a {
            return Span::empty(s);
        }
        Span::new(s, self.end(b, logical).max(s))
    }
}

/// Character index → byte offset for one string (brush-parser reports characters): no table
/// for ASCII text. Shared by the shell analysis and the ShellCheck-style walk.
#[derive(Debug, Clone)]
pub(crate) enum CharMap {
    Ascii(usize),
    Table(Vec<usize>),
}

impl CharMap {
    pub fn new(s: &str) -> CharMap {
        if s.is_ascii() {
            CharMap::Ascii(s.len())
        } else {
            let mut t: Vec<usize> = s.char_indices().map(|(b, _)| b).collect();
            t.push(s.len());
            CharMap::Table(t)
        }
    }

    /// Byte offset of character `ci` (clamped to the end).
    pub fn byte(&self, ci: usize) -> usize {
        match self {
            CharMap::Ascii(len) => ci.min(*len),
            CharMap::Table(t) => t.get(ci).or(t.last()).copied().unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_pieces_drop_cr_and_chomp_tabs() {
        let src = "RUN x\r\n\tab\r\n\tEOF\r\n";
        let mut c = Composite::default();
        c.push_source(src, 7, src.len(), true);
        assert_eq!(c.text, "ab\nEOF\n");
        assert_eq!(c.span(0, 2, None).slice(src), "ab");
        assert_eq!(c.span(3, 6, None).slice(src), "EOF");
        assert_eq!(c.span(2, 3, None).slice(src), "\n");
    }

    #[test]
    fn char_map() {
        let m = CharMap::new("é-x");
        assert_eq!(m.byte(0), 0);
        assert_eq!(m.byte(1), 2);
        assert_eq!(m.byte(3), 4);
        assert_eq!(m.byte(9), 4);
        assert_eq!(CharMap::new("abc").byte(2), 2);
    }
}
