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

/// Which fixes `fix_workspace` applies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixOptions {
    /// Also apply fixes that change behaviour.
    pub include_unsafe: bool,
    /// Only fixes of these rules (ids or aliases); empty = all.
    pub rules: Vec<String>,
}

/// One file's text before and after, with the fixes applied (rule id, title), in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixedFile {
    pub path: String,
    pub before: String,
    pub after: String,
    pub applied: Vec<(&'static str, String)>,
}

/// Most rounds of apply-and-relint before giving up (fixes that keep producing fixes).
pub const MAX_ROUNDS: usize = 10;

/// Apply every selected fix to the workspace: non-overlapping fixes in one pass, overlapping ones in
/// later rounds after re-linting, so the result equals applying them one by one. Returns the files
/// that changed; the input workspace is not modified.
pub fn fix_workspace(
    ws: &crate::Workspace,
    config: &crate::Config,
    opts: &FixOptions,
) -> Vec<FixedFile> {
    let mut current = ws.clone();
    let mut applied: std::collections::BTreeMap<String, Vec<(&'static str, String)>> =
        Default::default();
    for _ in 0..MAX_ROUNDS {
        let report = crate::lint(&current, config);
        let mut changed = false;
        for file in ws.files() {
            let Some(cur) = current.get(&file.path) else {
                continue;
            };
            let mut taken: Vec<&TextEdit> = Vec::new();
            let mut names: Vec<(&'static str, String)> = Vec::new();
            let candidates = report
                .findings
                .iter()
                .filter(|f| f.file == file.path)
                .filter_map(|f| {
                    let fix = f.fix.as_ref()?;
                    let wanted = opts.rules.is_empty()
                        || opts.rules.iter().any(|r| {
                            r.eq_ignore_ascii_case(f.rule)
                                || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(r))
                        });
                    (wanted && (opts.include_unsafe || fix.applicability == Applicability::Safe))
                        .then_some((f.rule, fix))
                });
            for (rule, fix) in candidates {
                let clashes = fix.edits.iter().any(|e| {
                    taken.iter().any(|t| {
                        let (a, b) = (e.span(), t.span());
                        a.start < b.end && b.start < a.end
                            || a.start == b.start
                            || (a.is_empty() && b.contains(a.start))
                            || (b.is_empty() && a.contains(b.start))
                    })
                });
                if clashes {
                    continue;
                }
                taken.extend(fix.edits.iter());
                names.push((rule, fix.title.clone()));
            }
            if taken.is_empty() {
                continue;
            }
            let edits: Vec<TextEdit> = taken.into_iter().cloned().collect();
            if let Ok(new) = apply_edits(&cur.text, &edits) {
                if new != cur.text {
                    current.add_as(file.path.clone(), new, file.kind);
                    applied.entry(file.path.clone()).or_default().extend(names);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    ws.files()
        .iter()
        .filter_map(|f| {
            let after = current.get(&f.path)?.text.clone();
            (after != f.text).then(|| FixedFile {
                path: f.path.clone(),
                before: f.text.clone(),
                after,
                applied: applied.remove(&f.path).unwrap_or_default(),
            })
        })
        .collect()
}
