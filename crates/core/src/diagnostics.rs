//! The vocabulary every layer speaks: severities, categories, rule metadata, a rule's raw
//! diagnostic, fixes (titled text edits) and applying them, and the findings and report the
//! pipeline returns. Nothing here knows about Dockerfiles, compose files or rules.

use crate::source::{Span, TextEdit};
use crate::workspace::FileKind;
use serde::Serialize;

/// How serious a finding is. Ordered: `Style < Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Style,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(&self) -> &'static str {
        match self {
            Severity::Style => "style",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "style" => Some(Severity::Style),
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// The build fails or behaves differently than written.
    Correctness,
    /// Attack surface, secrets, running as root.
    Security,
    /// Reproducible builds: pinned versions and digests.
    Reproducibility,
    /// Build cache and image size.
    Performance,
    /// Deprecated syntax and readability.
    Style,
}

impl Category {
    pub fn as_str(&self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Reproducibility => "reproducibility",
            Category::Performance => "performance",
            Category::Style => "style",
        }
    }
}

/// Everything known about a rule except its code. The docs drive `shipshape explain`, the
/// playground's rule pages, and the generated tests (bad example triggers, good example does not).
///
/// Rules build it with [`rule_meta!`], never as a plain struct literal: without the `docs` feature
/// (the playground's build) that macro leaves the documentation fields (`summary`, `why`, `bad`,
/// `good`, `files`, `references`) empty, so their text stays out of the wasm, and the page loads the same
/// text at run time ([`install_docs`], from the `rule-docs.json` that [`docs_json`] writes). Read
/// those fields through the methods of the same name, which work in both builds.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// kebab-case slug, or a hadolint code where the semantics are hadolint's.
    pub id: &'static str,
    /// Other tools' names for the same check (hadolint code, BuildKit check name, dclint name, tally name).
    pub aliases: &'static [&'static str],
    pub severity: Severity,
    pub category: Category,
    pub enabled_by_default: bool,
    /// One line: what the rule reports.
    pub summary: &'static str,
    /// Why it matters, and where we deliberately differ from other tools.
    pub why: &'static str,
    /// A Dockerfile that triggers the rule.
    ///
    /// For a cross-file rule (`compose::rules`) `bad` and `good` are the file the finding lands in,
    /// and `files` the rest of the workspace: by default a `compose.yaml`; when the first line is a
    /// comment holding nothing but a Dockerfile path (`# api/Dockerfile`), that Dockerfile (the
    /// comment stays in it, so `explain` shows which file it is) with its sibling Dockerfiles in
    /// `files`. `tests/compose_rule_docs.rs` builds the workspaces this way.
    pub bad: &'static str,
    /// The same Dockerfile written well; it must not trigger the rule.
    pub good: &'static str,
    /// Whether the rule offers a fix for at least some findings.
    pub has_fix: bool,
    /// Other workspace files the examples need (e.g. a `.dockerignore`), as (path, text).
    pub files: &'static [(&'static str, &'static str)],
    pub references: &'static [&'static str],
}

/// A rule's documentation text: itself with the `docs` feature, empty (`$empty`) without it.
#[cfg(feature = "docs")]
macro_rules! rule_doc {
    ($text:expr, $empty:expr) => {
        $text
    };
}
#[cfg(not(feature = "docs"))]
macro_rules! rule_doc {
    ($text:expr, $empty:expr) => {
        $empty
    };
}

/// A [`RuleMeta`], written like its struct literal (`rule_meta! { id: "DL3000", ... }`). The
/// documentation fields (all but `id`, `aliases`, `severity`, `category`, `enabled_by_default` and
/// `has_fix`, which the lint itself needs) go through `rule_doc!`, so a build without the `docs` feature leaves their
/// text out; the text itself stays in each rule's file, its one source.
macro_rules! rule_meta {
    (@ summary $v:expr) => { rule_doc!($v, "") };
    (@ why $v:expr) => { rule_doc!($v, "") };
    (@ bad $v:expr) => { rule_doc!($v, "") };
    (@ good $v:expr) => { rule_doc!($v, "") };
    (@ files $v:expr) => { rule_doc!($v, &[]) };
    (@ references $v:expr) => { rule_doc!($v, &[]) };
    (@ $field:ident $v:expr) => { $v };
    ($($field:ident: $value:expr),* $(,)?) => {
        $crate::diagnostics::RuleMeta { $($field: rule_meta!(@ $field $value)),* }
    };
}

/// One rule's documentation as [`install_docs`] keeps it (the text leaked once: it lives as long
/// as the page).
struct Docs {
    summary: &'static str,
    why: &'static str,
    bad: &'static str,
    good: &'static str,
    files: &'static [(&'static str, &'static str)],
    references: &'static [&'static str],
}

static INSTALLED: std::sync::OnceLock<std::collections::HashMap<String, Docs>> =
    std::sync::OnceLock::new();

impl RuleMeta {
    fn installed(&self) -> Option<&'static Docs> {
        INSTALLED.get()?.get(self.id)
    }
    /// A documentation field: compiled in (the `docs` feature), else from the installed docs,
    /// else `none` while a build without them has none installed.
    fn doc<T>(&self, own: T, installed: impl FnOnce(&'static Docs) -> T, none: T) -> T {
        if cfg!(feature = "docs") {
            own
        } else {
            self.installed().map_or(none, installed)
        }
    }
    /// What the rule reports, in one line (see the field); empty while a build without the docs
    /// has none installed.
    pub fn summary(&self) -> &'static str {
        self.doc(self.summary, |d| d.summary, "")
    }
    /// Why it matters (see the field).
    pub fn why(&self) -> &'static str {
        self.doc(self.why, |d| d.why, "")
    }
    /// The example that triggers the rule (see the field).
    pub fn bad(&self) -> &'static str {
        self.doc(self.bad, |d| d.bad, "")
    }
    /// The example written well (see the field).
    pub fn good(&self) -> &'static str {
        self.doc(self.good, |d| d.good, "")
    }
    /// Other workspace files the examples need, as (path, text).
    pub fn files(&self) -> &'static [(&'static str, &'static str)] {
        self.doc(self.files, |d| d.files, &[])
    }
    pub fn references(&self) -> &'static [&'static str] {
        self.doc(self.references, |d| d.references, &[])
    }
}

/// Whether rules' documentation can be read: compiled in (the `docs` feature) or installed.
pub fn docs_available() -> bool {
    cfg!(feature = "docs") || INSTALLED.get().is_some()
}

/// The documentation of `rules` as JSON, what [`install_docs`] reads: an object with
/// `"rule-docs": 1` and `"rules"`, rule id → `summary`, `why`, `bad`, `good`, `files` (pairs of
/// path and text) and `references`. Read through the methods, so it needs a build that has the text.
pub fn docs_json<'a>(rules: impl IntoIterator<Item = &'a RuleMeta>) -> String {
    let rules: serde_json::Map<String, serde_json::Value> = rules
        .into_iter()
        .map(|m| {
            let doc = serde_json::json!({
                "summary": m.summary(),
                "why": m.why(),
                "bad": m.bad(),
                "good": m.good(),
                "files": m.files(),
                "references": m.references(),
            });
            (m.id.to_string(), doc)
        })
        .collect();
    serde_json::json!({ "rule-docs": 1, "rules": rules }).to_string()
}

fn parse_docs(json: &str) -> Result<std::collections::HashMap<String, Docs>, String> {
    use serde_json::Value;
    let v: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
    if v.get("rule-docs").and_then(Value::as_u64) != Some(1) {
        return Err("not a rule-docs file (version 1)".into());
    }
    let Some(rules) = v.get("rules").and_then(Value::as_object) else {
        return Err("no rules".into());
    };
    let leak = |v: Option<&Value>| -> &'static str {
        v.and_then(Value::as_str).unwrap_or("").to_string().leak()
    };
    fn list(v: Option<&Value>) -> &[Value] {
        v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
    }
    Ok(rules
        .iter()
        .map(|(id, d)| {
            let files: Vec<(&'static str, &'static str)> = list(d.get("files"))
                .iter()
                .map(|f| (leak(f.get(0)), leak(f.get(1))))
                .collect();
            let references: Vec<&'static str> = list(d.get("references"))
                .iter()
                .map(|r| leak(Some(r)))
                .collect();
            let docs = Docs {
                summary: leak(d.get("summary")),
                why: leak(d.get("why")),
                bad: leak(d.get("bad")),
                good: leak(d.get("good")),
                files: files.leak(),
                references: references.leak(),
            };
            (id.clone(), docs)
        })
        .collect())
}

/// Install the rules' documentation from [`docs_json`]'s JSON (once; later calls change nothing).
/// A build with the `docs` feature keeps reading its own text.
pub fn install_docs(json: &str) -> Result<(), String> {
    if INSTALLED.get().is_none() {
        let docs = parse_docs(json)?;
        let _ = INSTALLED.set(docs);
    }
    Ok(())
}

/// A rule's raw output; the pipeline adds the rule id, severity, file and line/column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Span,
    pub message: String,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    pub fn new(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            span,
            message: message.into(),
            fix: None,
        }
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

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

/// One fix that several findings offer (a reorder of a whole block, a move of several lines):
/// each finding gets a copy while the copies stay small, and past [`FixCopies::BUDGET`] bytes only
/// the first finding has it, so thousands of findings do not hold thousands of copies of a
/// whole file (applying the fix once fixes them all). One `FixCopies` per fix.
#[derive(Debug, Default)]
pub struct FixCopies {
    copied: usize,
    /// The fix's size, measured at the first copy (a fix can have thousands of edits).
    size: Option<usize>,
}

impl FixCopies {
    /// Most bytes of copies of one fix handed out.
    pub const BUDGET: usize = 1 << 20;

    /// The copy of `fix` the next finding carries, if the budget allows (the first always gets one).
    pub fn give(&mut self, fix: &Option<Fix>) -> Option<Fix> {
        let size = *self.size.get_or_insert_with(|| {
            fix.iter()
                .flat_map(|f| &f.edits)
                .map(|e| e.replacement.len() + 16)
                .sum()
        });
        if self.copied == 0 || self.copied + size <= Self::BUDGET {
            self.copied += size.max(1);
            fix.clone()
        } else {
            None
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
    crate::sort::sort_by_key(&mut sorted, |e| (e.start, e.end));
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

/// One problem found by a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    /// The rule's other names (its [`RuleMeta::aliases`]).
    pub aliases: &'static [&'static str],
    pub severity: Severity,
    pub file: String,
    #[serde(skip)]
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// A file that could not be (fully) parsed. Parsing recovers, so a file can have errors and findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub file: String,
    #[serde(skip)]
    pub span: Span,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub path: String,
    pub kind: FileKind,
}

/// Everything `lint` found, in the shape of the CLI's JSON output contract (`version` 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub version: u32,
    pub files: Vec<FileSummary>,
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
}

impl Report {
    /// The most severe finding's severity, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// True when some finding is at or above `threshold` (the CLI's exit status 1).
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= threshold)
    }

    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        match self.write_json(&mut out) {
            Ok(()) => String::from_utf8(out).unwrap_or_else(|_| "{}".to_string()),
            Err(_) => "{}".to_string(),
        }
    }

    /// [`Report::to_json`] written straight to `w`, without the whole text in memory first (the
    /// CLI prints a monorepo's report this way).
    pub fn write_json(&self, w: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(w, self).map_err(std::io::Error::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON the playground loads reads back as the text it was written from, every field.
    #[test]
    fn rule_docs_round_trip() {
        static M: RuleMeta = rule_meta! {
            id: "x-rule",
            aliases: &[],
            severity: Severity::Info,
            category: Category::Style,
            enabled_by_default: true,
            summary: "s",
            why: "Why \"quoted\"\n\nand a second paragraph.",
            bad: "FROM a\n",
            good: "FROM a:1\n",
            has_fix: false,
            files: &[(".dockerignore", "*\n")],
            references: &["https://example.com/a", "https://example.com/b"],
        };
        let docs = parse_docs(&docs_json([&M])).unwrap();
        let d = &docs["x-rule"];
        assert_eq!(
            (d.summary, d.why, d.bad, d.good, d.files, d.references),
            (
                M.summary(),
                M.why(),
                M.bad(),
                M.good(),
                M.files(),
                M.references()
            )
        );
        assert!(!d.why.is_empty() && d.files.len() == 1 && d.references.len() == 2);
        assert!(parse_docs("{}").is_err() && parse_docs("[").is_err());
    }

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
