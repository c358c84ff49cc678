//! Reading the unified diffs the core writes (`shipshape_core::diff::unified`, imara-diff) back into
//! lines with numbers, for colouring and for the side-by-side layout. One diff algorithm, two views.

/// What a line of a unified diff is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `--- a/…` / `+++ b/…`
    File,
    /// `@@ -a,b +c,d @@`
    Hunk,
    Context,
    Add,
    Del,
    /// `\ No newline at end of file`
    Note,
}

impl Kind {
    /// The CSS class the diff views use.
    pub fn class(self) -> &'static str {
        match self {
            Kind::File => "d-file",
            Kind::Hunk => "d-hunk",
            Kind::Context => "d-ctx",
            Kind::Add => "d-add",
            Kind::Del => "d-del",
            Kind::Note => "d-note",
        }
    }
}

/// One line of a unified diff: its kind, the whole line as written (prefix included), and its
/// 1-based line numbers in the old and new text where it has them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<'a> {
    pub kind: Kind,
    pub raw: &'a str,
    pub old: Option<usize>,
    pub new: Option<usize>,
}

impl<'a> Line<'a> {
    /// The file's text on this line (the raw line without its one-character prefix).
    pub fn text(&self) -> &'a str {
        match self.kind {
            Kind::Context | Kind::Add | Kind::Del => self.raw.get(1..).unwrap_or(""),
            _ => self.raw,
        }
    }
}

/// `a,b` or `a` of a hunk header: start and length (a missing length means 1).
fn range(s: &str) -> Option<(usize, usize)> {
    let (start, len) = match s.split_once(',') {
        Some((a, b)) => (a.parse().ok()?, b.parse().ok()?),
        None => (s.parse().ok()?, 1),
    };
    Some((start, len))
}

/// `@@ -a,b +c,d @@ …` as ((a, b), (c, d)).
fn hunk_header(line: &str) -> Option<((usize, usize), (usize, usize))> {
    let rest = line.strip_prefix("@@ -")?;
    let (old, rest) = rest.split_once(" +")?;
    let (new, _) = rest.split_once(" @@")?;
    Some((range(old)?, range(new)?))
}

/// Split a unified diff into lines. Inside a hunk the header's counts decide what a line is, so a
/// removed line that itself starts with `--` is still a removal, not a file header.
pub fn parse(diff: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    // Lines still expected in the current hunk, and the next line numbers.
    let (mut old_left, mut new_left) = (0usize, 0usize);
    let (mut old_no, mut new_no) = (0usize, 0usize);
    for raw in diff.lines() {
        let in_hunk = old_left > 0 || new_left > 0;
        let first = raw.chars().next();
        let line = |kind, old, new| Line {
            kind,
            raw,
            old,
            new,
        };
        let parsed = match first {
            Some('\\') => line(Kind::Note, None, None),
            Some(' ') if in_hunk => {
                old_left = old_left.saturating_sub(1);
                new_left = new_left.saturating_sub(1);
                old_no += 1;
                new_no += 1;
                line(Kind::Context, Some(old_no - 1), Some(new_no - 1))
            }
            Some('-') if old_left > 0 => {
                old_left -= 1;
                old_no += 1;
                line(Kind::Del, Some(old_no - 1), None)
            }
            Some('+') if new_left > 0 => {
                new_left -= 1;
                new_no += 1;
                line(Kind::Add, None, Some(new_no - 1))
            }
            _ => {
                if let Some(((a, b), (c, d))) = hunk_header(raw) {
                    (old_left, new_left) = (b, d);
                    // An empty range names the line before the change.
                    old_no = if b == 0 { a + 1 } else { a };
                    new_no = if d == 0 { c + 1 } else { c };
                    line(Kind::Hunk, None, None)
                } else if raw.starts_with("--- ") || raw.starts_with("+++ ") {
                    line(Kind::File, None, None)
                } else {
                    // Not a diff we wrote (or a count ran out): colour by the prefix alone.
                    let kind = match first {
                        Some('+') => Kind::Add,
                        Some('-') => Kind::Del,
                        _ => Kind::Context,
                    };
                    line(kind, None, None)
                }
            }
        };
        out.push(parsed);
    }
    out
}

/// One side of a side-by-side row: line number, text and kind (`Context`, `Add` or `Del`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell<'a> {
    pub no: Option<usize>,
    pub text: &'a str,
    pub kind: Kind,
}

/// A row of the side-by-side view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row<'a> {
    /// A file or hunk header, or a no-newline note, across both sides.
    Wide(Kind, &'a str),
    /// Old on the left, new on the right; `None` is an empty cell (an insertion or deletion).
    Pair(Option<Cell<'a>>, Option<Cell<'a>>),
}

/// The side-by-side layout of a unified diff: context on both sides, and each run of removed lines
/// paired row by row with the added lines that replace it.
pub fn side_by_side(diff: &str) -> Vec<Row<'_>> {
    let lines = parse(diff);
    let mut out = Vec::new();
    fn cell<'a>(l: &Line<'a>, no: Option<usize>) -> Cell<'a> {
        Cell {
            no,
            text: l.text(),
            kind: l.kind,
        }
    }
    let mut i = 0;
    while i < lines.len() {
        let l = &lines[i];
        match l.kind {
            Kind::Del | Kind::Add => {
                let dels: Vec<&Line<'_>> = lines[i..]
                    .iter()
                    .take_while(|x| x.kind == Kind::Del)
                    .collect();
                let adds: Vec<&Line<'_>> = lines[i + dels.len()..]
                    .iter()
                    .take_while(|x| x.kind == Kind::Add)
                    .collect();
                for n in 0..dels.len().max(adds.len()) {
                    out.push(Row::Pair(
                        dels.get(n).map(|d| cell(d, d.old)),
                        adds.get(n).map(|a| cell(a, a.new)),
                    ));
                }
                i += dels.len() + adds.len();
                continue;
            }
            Kind::Context => out.push(Row::Pair(Some(cell(l, l.old)), Some(cell(l, l.new)))),
            k => out.push(Row::Wide(k, l.raw)),
        }
        i += 1;
    }
    out
}

/// Lines added and removed by a diff (for "+3 −1" labels).
pub fn stats(diff: &str) -> (usize, usize) {
    parse(diff).iter().fold((0, 0), |(a, d), l| match l.kind {
        Kind::Add => (a + 1, d),
        Kind::Del => (a, d + 1),
        _ => (a, d),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::diff::unified;

    #[test]
    fn numbers_follow_the_hunk_headers() {
        let old = "FROM a\nRUN x\nRUN y\nCMD z\n";
        let new = "FROM a\nRUN x2\nRUN y\nUSER 1\nCMD z\n";
        let d = unified("Dockerfile", old, new, 1);
        let lines = parse(&d);
        let kinds: Vec<Kind> = lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[..2], [Kind::File, Kind::File]);
        let del = lines.iter().find(|l| l.kind == Kind::Del).unwrap();
        assert_eq!((del.text(), del.old, del.new), ("RUN x", Some(2), None));
        let adds: Vec<(&str, Option<usize>)> = lines
            .iter()
            .filter(|l| l.kind == Kind::Add)
            .map(|l| (l.text(), l.new))
            .collect();
        assert_eq!(adds, [("RUN x2", Some(2)), ("USER 1", Some(4))]);
        let ctx = lines.iter().find(|l| l.raw == " RUN y").unwrap();
        assert_eq!((ctx.old, ctx.new), (Some(3), Some(3)));
        assert_eq!(stats(&d), (2, 1));
    }

    #[test]
    fn removed_lines_that_look_like_headers_stay_removals() {
        // A file whose lines start with `-- ` and `++ `: in the diff they read `--- ` and `+++ `.
        let old = "a\n-- comment\nb\n";
        let new = "a\n++ other\nb\n";
        let d = unified("f", old, new, 1);
        let lines = parse(&d);
        let body: Vec<(Kind, &str)> = lines[2..].iter().map(|l| (l.kind, l.text())).collect();
        assert_eq!(
            body,
            [
                (Kind::Hunk, "@@ -1,3 +1,3 @@"),
                (Kind::Context, "a"),
                (Kind::Del, "-- comment"),
                (Kind::Add, "++ other"),
                (Kind::Context, "b"),
            ]
        );
    }

    #[test]
    fn empty_ranges_and_no_newline_notes() {
        let d = unified("f", "a\nb\n", "a\nx\nb\n", 0);
        let add = parse(&d).into_iter().find(|l| l.kind == Kind::Add).unwrap();
        assert_eq!(add.new, Some(2));
        let d = unified("f", "a\nb", "a\nc", 1);
        let lines = parse(&d);
        assert_eq!(
            lines.iter().filter(|l| l.kind == Kind::Note).count(),
            2,
            "{lines:?}"
        );
        let rows = side_by_side(&d);
        assert!(rows.contains(&Row::Pair(
            Some(Cell {
                no: Some(2),
                text: "b",
                kind: Kind::Del
            }),
            None
        )));
    }

    #[test]
    fn side_by_side_pairs_replacements_and_pads_the_rest() {
        let old = "FROM a\nRUN 1\nRUN 2\nCMD x\n";
        let new = "FROM a\nRUN one\nCMD x\nUSER 1\n";
        let d = unified("Dockerfile", old, new, 1);
        let rows = side_by_side(&d);
        type Side<'a> = Option<(usize, &'a str)>;
        let pairs: Vec<(Side, Side)> = rows
            .iter()
            .filter_map(|r| match r {
                Row::Pair(l, r) => Some((
                    l.as_ref().map(|c| (c.no.unwrap(), c.text)),
                    r.as_ref().map(|c| (c.no.unwrap(), c.text)),
                )),
                Row::Wide(..) => None,
            })
            .collect();
        assert_eq!(
            pairs,
            [
                (Some((1, "FROM a")), Some((1, "FROM a"))),
                (Some((2, "RUN 1")), Some((2, "RUN one"))),
                (Some((3, "RUN 2")), None),
                (Some((4, "CMD x")), Some((3, "CMD x"))),
                (None, Some((4, "USER 1"))),
            ]
        );
        assert!(matches!(rows[0], Row::Wide(Kind::File, _)));
        assert!(matches!(rows[2], Row::Wide(Kind::Hunk, _)));
    }

    #[test]
    fn garbage_never_panics() {
        for s in [
            "",
            "@@",
            "@@ -x +y @@",
            "+\n-\n \n",
            "@@ -1,99 +1,99 @@\n+a\n",
            "\u{e9}",
        ] {
            let _ = side_by_side(s);
            let _ = stats(s);
        }
        assert_eq!(parse("+a\n-b\n")[0].kind, Kind::Add);
    }
}
