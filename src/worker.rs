//! Linting off the page's main thread: what the page sends its lint worker, what comes back, and
//! the page's budgets. Plain Rust, tested natively; `app/lint_worker.rs` runs it in a Web Worker
//! (the same wasm module as the page: `worker.js` instantiates it and calls [`run`]).
//!
//! The page never lints a file over [`MAX_FILE_BYTES`] or more than [`MAX_WORKSPACE_BYTES`] at
//! once: such files get one error at 1:1 saying what the limit is (the CLI lints up to 16 MiB a
//! file). A lint returns at most [`MAX_FINDINGS`] findings, so what the page has to read and draw
//! after a lint is bounded whatever the input.

use crate::model::Session;
use serde::{Deserialize, Serialize};
use shipshape_core::lint::lint_reusing;
use shipshape_core::{
    Applicability, Config, FileError, FileKind, FileSummary, Finding, Fix, Report, Severity, Span,
    TextEdit, Workspace,
};

/// Largest file the page lints (the same limit as for opening files).
pub const MAX_FILE_BYTES: usize = crate::persist::MAX_IMPORT_FILE;
/// Most text the page lints at once; files past it (in workspace order) are not linted.
pub const MAX_WORKSPACE_BYTES: usize = 4 << 20;
/// Findings a lint hands back to the page; the rest are counted (`Linted::omitted`).
pub const MAX_FINDINGS: usize = 1000;
/// Largest workspace "Apply all safe fixes" plans for: it lints again after every round of fixes,
/// on the page's main thread.
pub const MAX_FIX_ALL_BYTES: usize = 128 * 1024;

thread_local! {
    /// What the worker's next lint can take from its last ([`run`]).
    static REUSE: std::cell::RefCell<shipshape_core::lint::Reuse> = Default::default();
}

/// A lint to run: the files and the BuildKit check options.
#[derive(Serialize, Deserialize)]
struct Request {
    files: Vec<(String, String)>,
    check: Option<String>,
}

/// What the page prepares for one lint: the request for the linter, and the files it refused.
pub struct Plan {
    /// The request as the worker reads it (JSON).
    pub request: String,
    /// One error per file over a budget, at 1:1, saying what the limit is.
    pub refused: Vec<FileError>,
}

/// `n` bytes for people: "812 KiB", "8.0 MiB" (integer maths: no float printing in the wasm).
pub fn size_label(n: usize) -> String {
    if n < 1 << 20 {
        format!("{} KiB", n.div_ceil(1024))
    } else {
        let tenths = (n as u64 * 10).div_ceil(1 << 20);
        format!("{}.{} MiB", tenths / 10, tenths % 10)
    }
}

fn refused(path: &str, message: String) -> FileError {
    FileError {
        file: path.to_string(),
        span: Span::empty(0),
        line: 1,
        column: 1,
        message,
    }
}

/// Split the session into what the linter gets and what it does not (files over the budgets).
pub fn plan(session: &Session) -> Plan {
    let mut files = Vec::new();
    let mut refused_files = Vec::new();
    let mut total = 0usize;
    for d in session.docs() {
        let len = d.text.len();
        if len > MAX_FILE_BYTES {
            refused_files.push(refused(
                &d.path,
                format!(
                    "not linted: this file is {}, and the page lints files up to {} (the shipshape CLI up to 16 MiB)",
                    size_label(len),
                    size_label(MAX_FILE_BYTES)
                ),
            ));
        } else if total + len > MAX_WORKSPACE_BYTES {
            refused_files.push(refused(
                &d.path,
                format!(
                    "not linted: the page lints up to {} of files at once, and the files before this one take {} (the shipshape CLI has no such limit)",
                    size_label(MAX_WORKSPACE_BYTES),
                    size_label(total)
                ),
            ));
        } else {
            total += len;
            files.push((d.path.clone(), d.text.clone()));
        }
    }
    let request = Request {
        files,
        check: session.check.clone(),
    };
    Plan {
        request: serde_json::to_string(&request).unwrap_or_default(),
        refused: refused_files,
    }
}

#[derive(Serialize, Deserialize)]
struct WireFix {
    title: String,
    safe: bool,
    edits: Vec<(usize, usize, String)>,
}

#[derive(Serialize, Deserialize)]
struct WireFinding {
    rule: String,
    severity: String,
    file: String,
    span: (usize, usize),
    /// line, column, end line, end column
    at: (usize, usize, usize, usize),
    message: String,
    fix: Option<WireFix>,
}

#[derive(Serialize, Deserialize)]
struct WireError {
    file: String,
    span: (usize, usize),
    at: (usize, usize),
    message: String,
}

/// A report as the worker sends it (the core's `Report` serialises for the CLI's JSON contract,
/// without spans; this carries everything the page needs to rebuild it).
#[derive(Serialize, Deserialize)]
struct Wire {
    files: Vec<String>,
    findings: Vec<WireFinding>,
    errors: Vec<WireError>,
    omitted: usize,
}

/// What a lint gave the page.
#[derive(Clone, Debug)]
pub struct Linted {
    pub report: Report,
    /// Findings past [`MAX_FINDINGS`], not sent.
    pub omitted: usize,
}

/// The worker's job: read a request, lint, answer (JSON). A request that cannot be read gets a
/// report with one error saying so.
pub fn run(request: &str) -> String {
    let wire = match serde_json::from_str::<Request>(request) {
        Ok(req) => {
            let mut ws = Workspace::new();
            for (path, text) in &req.files {
                ws.add(path.as_str(), text.as_str());
            }
            let config = Config {
                check: req.check,
                ..Config::default()
            };
            // The worker lints one workspace as it is edited: a keystroke in one Dockerfile
            // lints that one again (and the cross-file rules), not every Dockerfile.
            REUSE.with(|r| to_wire(lint_reusing(&ws, &config, &mut r.borrow_mut())))
        }
        Err(e) => Wire {
            files: Vec::new(),
            findings: Vec::new(),
            errors: vec![WireError {
                file: String::new(),
                span: (0, 0),
                at: (1, 1),
                message: format!("the lint request could not be read: {e}"),
            }],
            omitted: 0,
        },
    };
    serde_json::to_string(&wire).unwrap_or_default()
}

fn to_wire(report: Report) -> Wire {
    let omitted = report.findings.len().saturating_sub(MAX_FINDINGS);
    Wire {
        files: report.files.into_iter().map(|f| f.path).collect(),
        findings: report
            .findings
            .into_iter()
            .take(MAX_FINDINGS)
            .map(|f| WireFinding {
                rule: f.rule.to_string(),
                severity: f.severity.as_str().to_string(),
                file: f.file,
                span: (f.span.start, f.span.end),
                at: (f.line, f.column, f.end_line, f.end_column),
                message: f.message,
                fix: f.fix.map(|x| WireFix {
                    title: x.title,
                    safe: x.applicability == Applicability::Safe,
                    edits: x
                        .edits
                        .into_iter()
                        .map(|e| (e.start, e.end, e.replacement))
                        .collect(),
                }),
            })
            .collect(),
        errors: report
            .errors
            .into_iter()
            .map(|e| WireError {
                file: e.file,
                span: (e.span.start, e.span.end),
                at: (e.line, e.column),
                message: e.message,
            })
            .collect(),
        omitted,
    }
}

/// Read the worker's answer back into the core's report. Rule ids come back as the registry's
/// own `&'static str`s (the page and the worker are the same build).
pub fn decode(answer: &str) -> Result<Linted, String> {
    let wire: Wire =
        serde_json::from_str(answer).map_err(|e| format!("the linter's answer is damaged: {e}"))?;
    let span = |(a, b): (usize, usize)| Span::new(a.min(b), b.max(a));
    let mut findings = Vec::with_capacity(wire.findings.len());
    for f in wire.findings {
        let meta = shipshape_core::lint::find_rule(&f.rule)
            .ok_or_else(|| format!("the linter answered with an unknown rule {}", f.rule))?;
        findings.push(Finding {
            rule: meta.id,
            aliases: meta.aliases,
            severity: Severity::parse(&f.severity).unwrap_or(meta.severity),
            file: f.file,
            span: span(f.span),
            line: f.at.0,
            column: f.at.1,
            end_line: f.at.2,
            end_column: f.at.3,
            message: f.message,
            fix: f.fix.map(|x| Fix {
                title: x.title,
                applicability: if x.safe {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                edits: x
                    .edits
                    .into_iter()
                    .map(|(a, b, r)| TextEdit::new(span((a, b)), r))
                    .collect(),
            }),
        });
    }
    let errors = wire
        .errors
        .into_iter()
        .map(|e| FileError {
            file: e.file,
            span: span(e.span),
            line: e.at.0,
            column: e.at.1,
            message: e.message,
        })
        .collect();
    let files = wire
        .files
        .into_iter()
        .map(|path| FileSummary {
            kind: FileKind::detect(&path),
            path,
        })
        .collect();
    Ok(Linted {
        report: Report {
            version: 1,
            files,
            findings,
            errors,
        },
        omitted: wire.omitted,
    })
}

/// Lint the session here and now, through the same request and answer as the worker (the browser
/// tests mount the app without a worker).
pub fn lint_inline(session: &Session) -> (Result<Linted, String>, Vec<FileError>) {
    let plan = plan(session);
    (decode(&run(&plan.request)), plan.refused)
}

/// The files a failed lint was about: those that changed since `linted` (path, text) was linted,
/// or every file when none did.
pub fn changed_files(session: &Session, linted: &[(String, std::rc::Rc<str>)]) -> Vec<String> {
    let changed: Vec<String> = session
        .docs()
        .iter()
        .filter(|d| !linted.iter().any(|(p, t)| *p == d.path && **t == *d.text))
        .map(|d| d.path.clone())
        .collect();
    if changed.is_empty() {
        session.docs().iter().map(|d| d.path.clone()).collect()
    } else {
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(files: &[(&str, &str)]) -> Session {
        Session::new(files)
    }

    #[test]
    fn the_answer_rebuilds_the_report_the_core_gives() {
        let s = session(&[
            (
                "Dockerfile",
                "FROM python:latest\nADD app.py /app/\nRUN apt-get install curl\nCMD python /app/app.py\n",
            ),
            ("compose.yaml", "services:\n  web:\n    build: .\n    ports: [80:80]\n"),
        ]);
        let (linted, refused) = lint_inline(&s);
        let linted = linted.expect("decoded");
        assert!(refused.is_empty());
        assert_eq!(linted.omitted, 0);
        let direct = s.lint();
        assert!(!direct.findings.is_empty());
        assert_eq!(
            linted.report, direct,
            "the trip through the worker loses nothing"
        );
    }

    #[test]
    fn check_options_travel_with_the_request() {
        let mut s = session(&[("Dockerfile", "from alpine AS base\n")]);
        let all = lint_inline(&s).0.expect("decoded").report.findings.len();
        s.check = Some("skip=all".into());
        let skipped = lint_inline(&s).0.expect("decoded").report.findings.len();
        assert_eq!(s.lint().findings.len(), skipped);
        assert!(skipped < all, "{skipped} < {all}");
    }

    /// A `.dclintrc` in the page's workspace reaches the worker's lint like any other file.
    #[test]
    fn a_dclintrc_in_the_workspace_applies_in_the_worker() {
        let compose = "services:\n  web:\n    image: nginx:1.27\n  api:\n    image: api:2.0\n";
        let ordered = |files: &[(&str, &str)]| {
            lint_inline(&session(files))
                .0
                .expect("decoded")
                .report
                .findings
                .iter()
                .filter(|f| f.aliases.contains(&"services-alphabetical-order"))
                .count()
        };
        assert_eq!(ordered(&[("compose.yaml", compose)]), 1);
        let rc = "{\"rules\": {\"services-alphabetical-order\": 0}}";
        assert_eq!(ordered(&[("compose.yaml", compose), (".dclintrc", rc)]), 0);
    }

    #[test]
    fn parse_errors_keep_their_spans() {
        let s = session(&[("compose.yaml", "services:\n  web: [\n")]);
        let report = lint_inline(&s).0.expect("decoded").report;
        assert_eq!(report.errors, s.lint().errors);
        assert!(!report.errors.is_empty());
    }

    #[test]
    fn files_over_the_budgets_are_refused_with_the_limit() {
        let big = "# x\n".repeat(MAX_FILE_BYTES / 4 + 1);
        let s = session(&[
            ("Dockerfile", big.as_str()),
            ("b.dockerfile", "FROM alpine\n"),
        ]);
        let plan = plan(&s);
        assert_eq!(plan.refused.len(), 1);
        let e = &plan.refused[0];
        assert_eq!((e.file.as_str(), e.line, e.column), ("Dockerfile", 1, 1));
        assert!(e.message.contains("up to 1.0 MiB"), "{}", e.message);
        assert!(e.message.contains("1.1 MiB"), "{}", e.message);
        let req: Request = serde_json::from_str(&plan.request).expect("request");
        assert_eq!(req.files.len(), 1);
        assert_eq!(req.files[0].0, "b.dockerfile");

        // Five files of 900 KiB: four fit in 4 MiB, the fifth is refused for the workspace budget.
        let text = "#".repeat(900 * 1024);
        let names = [
            "a/Dockerfile",
            "b/Dockerfile",
            "c/Dockerfile",
            "d/Dockerfile",
            "e/Dockerfile",
        ];
        let files: Vec<(&str, &str)> = names.iter().map(|n| (*n, text.as_str())).collect();
        let plan = super::plan(&session(&files));
        assert_eq!(plan.refused.len(), 1);
        assert_eq!(plan.refused[0].file, "e/Dockerfile");
        assert!(
            plan.refused[0].message.contains("up to 4.0 MiB"),
            "{}",
            plan.refused[0].message
        );
    }

    #[test]
    fn findings_past_the_cap_are_counted_not_sent() {
        let text = format!("FROM alpine\n{}", "RUN cd /tmp\n".repeat(MAX_FINDINGS + 50));
        let s = session(&[("Dockerfile", text.as_str())]);
        let direct = s.lint().findings.len();
        assert!(direct > MAX_FINDINGS);
        let linted = lint_inline(&s).0.expect("decoded");
        assert_eq!(linted.report.findings.len(), MAX_FINDINGS);
        assert_eq!(linted.omitted, direct - MAX_FINDINGS);
    }

    #[test]
    fn damaged_requests_and_answers_are_errors_not_panics() {
        let out = decode(&run("{not json")).expect("an answer");
        assert_eq!(out.report.errors.len(), 1);
        assert!(out.report.errors[0].message.contains("could not be read"));
        assert!(decode("[1,2").is_err());
        assert!(decode(r#"{"files":[],"findings":[{"rule":"no-such-rule","severity":"error","file":"x","span":[0,0],"at":[1,1,1,1],"message":"m","fix":null}],"errors":[],"omitted":0}"#).is_err());
    }

    #[test]
    fn a_failure_names_the_files_that_changed() {
        let s = session(&[
            ("Dockerfile", "FROM a\n"),
            ("compose.yaml", "services: {}\n"),
        ]);
        let linted = vec![
            ("Dockerfile".to_string(), std::rc::Rc::from("FROM a\n")),
            ("compose.yaml".to_string(), std::rc::Rc::from("services:\n")),
        ];
        assert_eq!(changed_files(&s, &linted), vec!["compose.yaml".to_string()]);
        assert_eq!(changed_files(&s, &[]).len(), 2);
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size_label(1), "1 KiB");
        assert_eq!(size_label(1 << 20), "1.0 MiB");
        assert_eq!(size_label(8 << 20), "8.0 MiB");
        assert_eq!(size_label((8 << 20) + 1), "8.1 MiB");
    }
}
