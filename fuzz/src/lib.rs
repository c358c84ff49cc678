//! What the fuzz targets share: turning bytes into files, and the invariants every lint must keep
//! besides not panicking (findings and errors point inside their file, on character boundaries,
//! at line and column 1 or later; every fix a rule offers applies to the text it was made for).

use shipshape_core::fix::apply_edits;
use shipshape_core::report::{self, Format};
use shipshape_core::{lint, Config, Report, Span, Workspace};

/// Most files the workspace target builds from one input.
pub const MAX_FILES: usize = 16;

/// The input as text (invalid UTF-8 replaced, as the CLI does).
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A configuration chosen by one byte: the default, or every rule on (the `strict` preset).
pub fn config(selector: u8) -> Config {
    if selector & 1 == 1 {
        Config::preset("strict").expect("the strict preset exists")
    } else {
        Config::default()
    }
}

/// Files from one text: a line `=== PATH` starts a file named PATH; text before the first such
/// line is a file named `Dockerfile`. At most [`MAX_FILES`] files (later markers stay text).
pub fn split_workspace(text: &str) -> Workspace {
    let mut ws = Workspace::new();
    let mut path = "Dockerfile".to_string();
    let mut body = String::new();
    let mut files = 0;
    for line in text.split_inclusive('\n') {
        if let Some(p) = line.strip_prefix("=== ") {
            if files + 1 < MAX_FILES {
                if !body.is_empty() || files > 0 {
                    ws.add(std::mem::take(&mut path), std::mem::take(&mut body));
                    files += 1;
                }
                let p = p.trim();
                path = if p.is_empty() {
                    "Dockerfile".into()
                } else {
                    p.into()
                };
                continue;
            }
        }
        body.push_str(line);
    }
    ws.add(path, body);
    ws
}

fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on character boundaries"
    );
}

/// Check a report's invariants against the workspace it was made from.
pub fn check_report(ws: &Workspace, report: &Report) {
    for f in &report.findings {
        let file = ws
            .get(&f.file)
            .unwrap_or_else(|| panic!("finding for a file not in the workspace: {:?}", f.file));
        let what = format!("{} at {}:{}:{}", f.rule, f.file, f.line, f.column);
        check_span(&file.text, f.span, &what);
        assert!(f.line >= 1 && f.column >= 1, "{what}: line/column from 1");
        assert!(
            (f.end_line, f.end_column) >= (f.line, f.column),
            "{what}: ends before it starts"
        );
        if let Some(fix) = &f.fix {
            if let Err(e) = apply_edits(&file.text, &fix.edits) {
                panic!("{what}: its fix {:?} does not apply: {e:?}", fix.title);
            }
        }
    }
    for e in &report.errors {
        let file = ws
            .get(&e.file)
            .unwrap_or_else(|| panic!("error for a file not in the workspace: {:?}", e.file));
        let what = format!("error at {}:{}:{}: {}", e.file, e.line, e.column, e.message);
        check_span(&file.text, e.span, &what);
        assert!(e.line >= 1 && e.column >= 1, "{what}: line/column from 1");
        assert!(!e.message.is_empty(), "{what}: an error says what is wrong");
    }
}

/// Lint, check the report, and render it in one of the output formats (chosen by `selector`).
pub fn lint_checked(ws: &Workspace, config: &Config, selector: u8) -> Report {
    let report = lint(ws, config);
    check_report(ws, &report);
    const FORMATS: [&str; 7] = [
        "markdown",
        "sarif",
        "checkstyle",
        "gitlab",
        "junit",
        "gnu",
        "github",
    ];
    let format = FORMATS[usize::from(selector >> 1) % FORMATS.len()];
    let _ = report::render(Format::parse(format).expect("a known format"), ws, &report);
    report
}
