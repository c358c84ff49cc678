//! Unified diffs of two versions of a file, for showing what a fix would change before it is applied.

use imara_diff::{Algorithm, Diff, InternedInput, Interner, Token, UnifiedDiffConfig};
use std::fmt::{self, Write};

/// A `diff -u` style diff of `old` against `new` (`--- a/PATH`, `+++ b/PATH`, hunks with `context`
/// lines around each change). Identical texts give an empty string. A last line without a newline is
/// marked with `\ No newline at end of file`, as `diff` and `git` do, so the output applies with `patch`.
pub fn unified(path: &str, old: &str, new: &str, context: usize) -> String {
    if old == new {
        return String::new();
    }
    let input = InternedInput::new(old, new);
    let mut diff = Diff::compute(Algorithm::Histogram, &input);
    diff.postprocess_lines(&input);
    let mut config = UnifiedDiffConfig::default();
    config.context_len(
        u32::try_from(context)
            .unwrap_or(u32::MAX / 4)
            .min(u32::MAX / 4),
    );
    let printer = Printer(&input.interner);
    let mut out = format!("--- a/{path}\n+++ b/{path}\n");
    // Writing into a String cannot fail; a printer error would only ever truncate the diff.
    let _ = write!(out, "{}", diff.unified_diff(&printer, config, &input));
    out
}

/// imara-diff's basic printer, plus GNU diff's conventions: `@@ -N +M @@` for one-line ranges,
/// the line before for empty ranges, and the no-newline marker.
struct Printer<'a>(&'a Interner<&'a str>);

impl Printer<'_> {
    fn line(&self, mut f: impl Write, prefix: char, token: Token) -> fmt::Result {
        let line = self.0[token];
        f.write_char(prefix)?;
        f.write_str(line)?;
        if !line.ends_with('\n') {
            f.write_str("\n\\ No newline at end of file\n")?;
        }
        Ok(())
    }
}

fn range(start: u32, len: u32) -> String {
    match len {
        0 => format!("{start},0"),
        1 => format!("{}", start + 1),
        _ => format!("{},{len}", start + 1),
    }
}

impl imara_diff::UnifiedDiffPrinter for Printer<'_> {
    fn display_header(
        &self,
        mut f: impl Write,
        start_before: u32,
        start_after: u32,
        len_before: u32,
        len_after: u32,
    ) -> fmt::Result {
        writeln!(
            f,
            "@@ -{} +{} @@",
            range(start_before, len_before),
            range(start_after, len_after)
        )
    }

    fn display_context_token(&self, f: impl Write, token: Token) -> fmt::Result {
        self.line(f, ' ', token)
    }

    fn display_hunk(&self, mut f: impl Write, before: &[Token], after: &[Token]) -> fmt::Result {
        for &t in before {
            self.line(&mut f, '-', t)?;
        }
        for &t in after {
            self.line(&mut f, '+', t)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::unified;

    #[test]
    fn identical_texts_give_nothing() {
        assert_eq!(unified("Dockerfile", "FROM a\n", "FROM a\n", 3), "");
        assert_eq!(unified("Dockerfile", "", "", 3), "");
    }

    #[test]
    fn one_changed_line_with_context() {
        let old = "FROM ubuntu:latest\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\n";
        let new = "FROM ubuntu:24.04\nRUN a\nRUN b\nRUN c\nRUN d\nRUN e\n";
        assert_eq!(
            unified("Dockerfile", old, new, 3),
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,4 +1,4 @@\n\
             -FROM ubuntu:latest\n+FROM ubuntu:24.04\n RUN a\n RUN b\n RUN c\n"
        );
    }

    #[test]
    fn far_apart_changes_make_two_hunks() {
        let old: String = (1..=20).map(|i| format!("L{i}\n")).collect();
        let new = old.replace("L2\n", "X2\n").replace("L18\n", "X18\n");
        let d = unified("f", &old, &new, 1);
        assert_eq!(
            d,
            "--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n L1\n-L2\n+X2\n L3\n\
             @@ -17,3 +17,3 @@\n L17\n-L18\n+X18\n L19\n"
        );
    }

    #[test]
    fn insertion_and_deletion_ranges() {
        // An inserted line: the old range is empty and names the line before it.
        assert_eq!(
            unified("f", "a\nb\n", "a\nx\nb\n", 0),
            "--- a/f\n+++ b/f\n@@ -1,0 +2 @@\n+x\n"
        );
        assert_eq!(
            unified("f", "a\nx\nb\n", "a\nb\n", 0),
            "--- a/f\n+++ b/f\n@@ -2 +1,0 @@\n-x\n"
        );
        assert_eq!(
            unified("f", "", "a\n", 3),
            "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n"
        );
    }

    #[test]
    fn missing_final_newline_is_marked() {
        assert_eq!(
            unified("f", "a\nb", "a\nc", 1),
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n\
             +c\n\\ No newline at end of file\n"
        );
        assert_eq!(
            unified("f", "a", "a\n", 3),
            "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n\\ No newline at end of file\n+a\n"
        );
    }

    #[test]
    fn crlf_and_multibyte_lines_pass_through() {
        let d = unified("f", "é\r\nb\r\n", "é\r\nc\r\n", 1);
        assert_eq!(d, "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n é\r\n-b\r\n+c\r\n");
    }

    #[test]
    fn applies_a_fix_like_the_ui_does() {
        use crate::fix::apply_edits;
        use crate::source::{Span, TextEdit};
        let old = "FROM alpine\nRUN apk add curl\nCMD [\"sh\"]\n";
        let new = apply_edits(old, &[TextEdit::new(Span::new(24, 24), "--no-cache ")]).unwrap();
        assert_eq!(
            unified("Dockerfile", old, &new, 3),
            "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM alpine\n\
             -RUN apk add curl\n+RUN apk add --no-cache curl\n CMD [\"sh\"]\n"
        );
    }
}
