//! Rendering a lint [`Report`](crate::Report) for people and machines: the Markdown audit report, SARIF,
//! checkstyle, GitLab Code Quality, JUnit, GNU and GitHub Actions workflow commands.

pub mod machine;
pub mod markdown;

use crate::lint::Report;
use crate::workspace::Workspace;

/// Output formats other than the CLI's own `tty` and `json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Sarif,
    Checkstyle,
    Gitlab,
    Junit,
    Gnu,
    /// GitHub Actions workflow commands (`::error file=...::message`): annotations on the PR.
    Github,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "markdown" | "md" => Format::Markdown,
            "sarif" => Format::Sarif,
            "checkstyle" => Format::Checkstyle,
            "gitlab" | "gitlab_codeclimate" | "codeclimate" => Format::Gitlab,
            "junit" => Format::Junit,
            "gnu" => Format::Gnu,
            "github" | "github-actions" => Format::Github,
            _ => return None,
        })
    }
}

/// Render `report` (produced from `ws`) in `format`. The same input always renders the same output.
pub fn render(format: Format, ws: &Workspace, report: &Report) -> String {
    match format {
        Format::Markdown => markdown::render(&crate::semantic::Analysis::new(ws), report),
        _ => machine_format(format, report),
    }
}

/// The audit report ([`markdown::render`]) written to `out` as it is made, from the analysis the
/// report was linted from (`lint::lint_analysed`), so its wiring tables do not parse the
/// workspace again.
pub fn write_markdown(
    analysis: &crate::semantic::Analysis<'_>,
    report: &Report,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    /// `fmt::Write` over an `io::Write`, keeping the first error (the report goes on writing).
    struct Adapter<'a> {
        out: &'a mut dyn std::io::Write,
        error: Option<std::io::Error>,
    }
    impl std::fmt::Write for Adapter<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            if self.error.is_some() {
                return Err(std::fmt::Error);
            }
            self.out.write_all(s.as_bytes()).map_err(|e| {
                self.error = Some(e);
                std::fmt::Error
            })
        }
    }
    let mut adapter = Adapter { out, error: None };
    markdown::write(analysis, report, &mut adapter);
    adapter.error.map_or(Ok(()), Err)
}

/// The formats made from the report alone, as one string.
fn machine_format(format: Format, report: &Report) -> String {
    let mut out = Vec::new();
    // Writing to a vector cannot fail, and every format writes UTF-8.
    let _ = write_machine(format, report, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Write `report` to `out` in a format made from the report alone, as it is made (a monorepo's
/// report is never one string in memory). The audit report (`Format::Markdown`) needs the
/// analysis: it is refused here (use [`write_markdown`]).
pub fn write_machine(
    format: Format,
    report: &Report,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match format {
        Format::Markdown => Err(std::io::Error::other(
            "the audit report needs the analysis (write_markdown)",
        )),
        Format::Sarif => machine::sarif(report, out),
        Format::Checkstyle => machine::checkstyle(report, out),
        Format::Gitlab => machine::gitlab(report, out),
        Format::Junit => machine::junit(report, out),
        Format::Gnu => machine::gnu(report, out),
        Format::Github => machine::github(report, out),
    }
}

/// Each file's parse errors and findings, in report order, by path: found in one pass over the
/// report, for the formats that group by file (not one pass over every finding per file).
pub(crate) fn by_file(report: &Report) -> std::collections::HashMap<&str, FileOutput<'_>> {
    let mut map: std::collections::HashMap<&str, FileOutput<'_>> = Default::default();
    for e in &report.errors {
        map.entry(e.file.as_str()).or_default().errors.push(e);
    }
    for f in &report.findings {
        map.entry(f.file.as_str()).or_default().findings.push(f);
    }
    map
}

/// One file's part of a report ([`by_file`]).
#[derive(Default)]
pub(crate) struct FileOutput<'a> {
    pub errors: Vec<&'a crate::lint::FileError>,
    pub findings: Vec<&'a crate::lint::Finding>,
}

/// Escape text for XML attributes and content.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 forbids most control characters even escaped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
