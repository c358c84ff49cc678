//! Fixes: a titled set of text edits with an applicability, and applying edits to text without losing any.

use crate::source::TextEdit;
use serde::Serialize;

/// Whether a fix preserves behaviour (`Safe`, applied by "apply all") or changes it (`Unsafe`, one at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    Safe,
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<TextEdit>,
}

impl Fix {
    pub fn safe(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }
    pub fn unsafe_(title: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

/// Why a set of edits could not be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApplyError {
    /// An edit's range is outside the text or splits a UTF-8 character.
    OutOfRange { start: usize, end: usize },
    /// Two edits overlap (or insert at the same point); apply them in separate rounds.
    Overlap { first: usize, second: usize },
}

impl std::fmt::Display for ApplyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApplyError::OutOfRange { start, end } => {
                write!(f, "edit {start}..{end} does not fit the text")
            }
            ApplyError::Overlap { first, second } => {
                write!(f, "edits at {first} and {second} overlap")
            }
        }
    }
}

impl std::error::Error for ApplyError {}

/// Apply non-overlapping edits to `text` and return the new text. The input is never modified,
/// so a refused set of edits loses nothing.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> Result<String, ApplyError> {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.start, e.end));
    for e in &sorted {
        if e.start > e.end
            || e.end > text.len()
            || !text.is_char_boundary(e.start)
            || !text.is_char_boundary(e.end)
        {
            return Err(ApplyError::OutOfRange {
                start: e.start,
                end: e.end,
            });
        }
    }
    for w in sorted.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.start < a.end || (a.start == a.end && b.start == a.start) {
            return Err(ApplyError::Overlap {
                first: a.start,
                second: b.start,
            });
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in sorted {
        out.push_str(&text[pos..e.start]);
        out.push_str(&e.replacement);
        pos = e.end;
    }
    out.push_str(&text[pos..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn applies_in_any_order() {
        let edits = vec![
            TextEdit::new(Span::new(6, 11), "there"),
            TextEdit::new(Span::new(0, 5), "howdy"),
        ];
        assert_eq!(apply_edits("hello world", &edits).unwrap(), "howdy there");
    }

    #[test]
    fn refuses_overlap_and_out_of_range() {
        let overlap = vec![
            TextEdit::new(Span::new(0, 5), "a"),
            TextEdit::new(Span::new(3, 7), "b"),
        ];
        assert!(matches!(
            apply_edits("hello world", &overlap),
            Err(ApplyError::Overlap { .. })
        ));
        let oob = vec![TextEdit::new(Span::new(3, 70), "b")];
        assert!(matches!(
            apply_edits("hello", &oob),
            Err(ApplyError::OutOfRange { .. })
        ));
        // splitting 'é' (2 bytes) is refused, not a panic
        let split = vec![TextEdit::new(Span::new(1, 2), "x")];
        assert!(apply_edits("é", &split).is_err());
    }
}
