//! Machine-readable formats for CI systems: SARIF 2.1.0, checkstyle XML, GitLab Code Quality, JUnit XML, GNU,
//! GitHub Actions workflow commands.

use super::xml_escape;
use crate::diagnostics::Applicability;
use crate::lint::{all_rules, Finding, Report};
use crate::rules::Severity;
use serde_json::{json, Value};

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// SARIF 2.1.0 with rule metadata and fixes (as byte-offset replacements).
pub fn sarif(report: &Report) -> String {
    let metas = all_rules();
    let used: Vec<&str> = {
        let mut v: Vec<&str> = report.findings.iter().map(|f| f.rule).collect();
        crate::sort::sort_unstable(&mut v);
        v.dedup();
        v
    };
    let rules: Vec<Value> = used
        .iter()
        .map(|id| {
            let m = metas.iter().find(|m| m.id == *id);
            let mut r = json!({ "id": id, "name": id });
            if let Some(m) = m {
                r["shortDescription"] = json!({ "text": m.summary() });
                r["fullDescription"] = json!({ "text": m.why() });
                r["defaultConfiguration"] = json!({ "level": sarif_level(m.severity) });
                r["properties"] = json!({ "category": m.category.as_str(), "aliases": m.aliases });
                if let Some(u) = m.references().first() {
                    r["helpUri"] = json!(u);
                }
            }
            r
        })
        .collect();
    let mut results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut r = json!({
                "ruleId": f.rule,
                "ruleIndex": used.iter().position(|u| *u == f.rule).unwrap_or(0),
                "level": sarif_level(f.severity),
                "message": { "text": f.message },
                "locations": [ { "physicalLocation": {
                    "artifactLocation": { "uri": f.file },
                    "region": { "startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column }
                } } ],
            });
            if let Some(fix) = &f.fix {
                r["fixes"] = json!([{
                    "description": { "text": format!("{}{}", fix.title, if fix.applicability == Applicability::Unsafe { " (changes behaviour)" } else { "" }) },
                    "artifactChanges": [ {
                        "artifactLocation": { "uri": f.file },
                        "replacements": fix.edits.iter().map(|e| json!({
                            "deletedRegion": { "byteOffset": e.start, "byteLength": e.end - e.start },
                            "insertedContent": { "text": e.replacement },
                        })).collect::<Vec<_>>(),
                    } ],
                }]);
            }
            r
        })
        .collect();
    for e in &report.errors {
        results.push(json!({
            "ruleId": "parse-error",
            "level": "error",
            "message": { "text": e.message },
            "locations": [ { "physicalLocation": {
                "artifactLocation": { "uri": e.file },
                "region": { "startLine": e.line, "startColumn": e.column }
            } } ],
        }));
    }
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [ {
            "tool": { "driver": {
                "name": "shipshape",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/shipshape",
                "rules": rules,
            } },
            "results": results,
        } ],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Checkstyle XML (one `<file>` per file with findings or errors).
pub fn checkstyle(report: &Report) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for file in files_with_output(report) {
        out.push_str(&format!("  <file name=\"{}\">\n", xml_escape(file)));
        for e in report.errors.iter().filter(|e| e.file == file) {
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"error\" message=\"{}\" source=\"shipshape.parse-error\"/>\n",
                e.line,
                e.column,
                xml_escape(&e.message)
            ));
        }
        for f in report.findings.iter().filter(|f| f.file == file) {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{sev}\" message=\"{}\" source=\"shipshape.{}\"/>\n",
                f.line,
                f.column,
                xml_escape(&f.message),
                xml_escape(f.rule)
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

fn files_with_output(report: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = report
        .findings
        .iter()
        .map(|f| f.file.as_str())
        .chain(report.errors.iter().map(|e| e.file.as_str()))
        .collect();
    crate::sort::sort_unstable(&mut v);
    v.dedup();
    v
}

/// FNV-1a, for stable fingerprints (GitLab needs one per issue).
fn fnv(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{h:016x}")
}

fn fingerprint(f: &Finding, nth: usize) -> String {
    fnv(&format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        f.rule, f.file, f.message, nth
    ))
}

/// GitLab Code Quality (Code Climate subset) JSON.
pub fn gitlab(report: &Report) -> String {
    let mut seen: Vec<(String, usize)> = Vec::new();
    let mut issues: Vec<Value> = Vec::new();
    for f in &report.findings {
        let key = format!("{}|{}|{}", f.rule, f.file, f.message);
        let nth = seen.iter().filter(|(k, _)| *k == key).count();
        seen.push((key, 0));
        let severity = match f.severity {
            Severity::Error => "critical",
            Severity::Warning => "major",
            Severity::Info => "minor",
            Severity::Style => "info",
        };
        issues.push(json!({
            "description": format!("{}: {}", f.rule, f.message),
            "check_name": f.rule,
            "fingerprint": fingerprint(f, nth),
            "severity": severity,
            "location": { "path": f.file, "lines": { "begin": f.line, "end": f.end_line } },
        }));
    }
    for e in &report.errors {
        issues.push(json!({
            "description": format!("parse error: {}", e.message),
            "check_name": "parse-error",
            "fingerprint": fnv(&format!("parse-error\u{0}{}\u{0}{}\u{0}{}", e.file, e.line, e.message)),
            "severity": "blocker",
            "location": { "path": e.file, "lines": { "begin": e.line } },
        }));
    }
    serde_json::to_string_pretty(&issues).unwrap_or_default()
}

/// JUnit XML: one test suite per file, one failing test case per finding (a clean file passes).
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let total = report.findings.len() + report.errors.len();
    out.push_str(&format!(
        "<testsuites name=\"shipshape\" tests=\"{}\" failures=\"{total}\">\n",
        total.max(report.files.len())
    ));
    for file in &report.files {
        let fs: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.file == file.path)
            .collect();
        let es: Vec<_> = report
            .errors
            .iter()
            .filter(|e| e.file == file.path)
            .collect();
        let n = fs.len() + es.len();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n}\">\n",
            xml_escape(&file.path),
            n.max(1)
        ));
        if n == 0 {
            out.push_str(&format!(
                "    <testcase name=\"{}\" classname=\"shipshape\"/>\n",
                xml_escape(&file.path)
            ));
        }
        for e in es {
            out.push_str(&format!(
                "    <testcase name=\"parse-error {}:{}\" classname=\"{}\">\n      <failure type=\"error\" message=\"{}\"/>\n    </testcase>\n",
                e.line,
                e.column,
                xml_escape(&file.path),
                xml_escape(&e.message)
            ));
        }
        for f in fs {
            out.push_str(&format!(
                "    <testcase name=\"{} {}:{}\" classname=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{} {}</failure>\n    </testcase>\n",
                xml_escape(f.rule),
                f.line,
                f.column,
                xml_escape(&file.path),
                f.severity.as_str(),
                xml_escape(&f.message),
                xml_escape(&f.file),
                f.line,
                f.column,
                xml_escape(&f.message)
            ));
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// GNU style: `file:line:col: severity: message [rule]`.
pub fn gnu(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&format!(
            "{}:{}:{}: error: {} [parse-error]\n",
            e.file, e.line, e.column, e.message
        ));
    }
    for f in &report.findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "note",
        };
        out.push_str(&format!(
            "{}:{}:{}: {sev}: {} [{}]\n",
            f.file, f.line, f.column, f.message, f.rule
        ));
    }
    out
}

/// A workflow command's message (its data): GitHub decodes `%25`, `%0D` and `%0A`, so those three
/// characters are encoded; everything else is taken literally.
fn github_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// A workflow command's property value: like the data, plus `:` and `,`, which end a value.
fn github_property(s: &str) -> String {
    github_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands, one line each, which a workflow step's output turns into
/// annotations on the files of a pull request:
/// `::warning file=F,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::message`. Errors stay
/// `error`, warnings `warning`, info and style become `notice`; a file that could not be parsed is
/// an `error` titled `parse-error`.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&format!(
            "::error file={},line={},col={},title=parse-error::{}\n",
            github_property(&e.file),
            e.line,
            e.column,
            github_data(&e.message)
        ));
    }
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "notice",
        };
        let fix = match &f.fix {
            Some(fix) if fix.applicability == Applicability::Safe => {
                format!(" (fix: {}; `shipshape fix` applies it)", fix.title)
            }
            Some(fix) => format!(" (fix that changes behaviour: {})", fix.title),
            None => String::new(),
        };
        out.push_str(&format!(
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}{}\n",
            github_property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            github_property(f.rule),
            github_data(&f.message),
            github_data(&fix)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{FileError, FileSummary};
    use crate::workspace::FileKind;

    fn finding(rule: &'static str, severity: Severity, file: &str, message: &str) -> Finding {
        Finding {
            rule,
            aliases: &[],
            severity,
            file: file.to_string(),
            span: Default::default(),
            line: 3,
            column: 5,
            end_line: 3,
            end_column: 11,
            message: message.to_string(),
            fix: None,
        }
    }

    #[test]
    fn github_commands_have_levels_positions_and_escapes() {
        let report = Report {
            version: 1,
            files: vec![FileSummary {
                path: "a,b:c/Dockerfile".into(),
                kind: FileKind::Dockerfile,
            }],
            findings: vec![
                finding(
                    "DL3006",
                    Severity::Warning,
                    "a,b:c/Dockerfile",
                    "100% sure\r\nnext: line, more",
                ),
                finding("DL4000", Severity::Error, "Dockerfile", "m"),
                finding("DL3059", Severity::Info, "Dockerfile", "m"),
                finding("no-healthcheck", Severity::Style, "Dockerfile", "m"),
            ],
            errors: vec![FileError {
                file: "compose.yaml".into(),
                span: Default::default(),
                line: 2,
                column: 7,
                message: "invalid YAML: bad\nthing 50%".into(),
            }],
        };
        let out = github(&report);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines,
            [
                "::error file=compose.yaml,line=2,col=7,title=parse-error::invalid YAML: bad%0Athing 50%25",
                "::warning file=a%2Cb%3Ac/Dockerfile,line=3,col=5,endLine=3,endColumn=11,title=DL3006::100%25 sure%0D%0Anext: line, more",
                "::error file=Dockerfile,line=3,col=5,endLine=3,endColumn=11,title=DL4000::m",
                "::notice file=Dockerfile,line=3,col=5,endLine=3,endColumn=11,title=DL3059::m",
                "::notice file=Dockerfile,line=3,col=5,endLine=3,endColumn=11,title=no-healthcheck::m",
            ]
        );
        // One command per line, whatever the message holds.
        assert_eq!(out.matches('\n').count(), 5);
        assert_eq!(
            github(&Report {
                findings: vec![],
                errors: vec![],
                ..report
            }),
            ""
        );
    }

    #[test]
    fn github_mentions_fixes() {
        let mut f = finding("DL4000", Severity::Error, "Dockerfile", "deprecated");
        f.fix = Some(crate::Fix {
            title: "Replace with LABEL".into(),
            applicability: Applicability::Safe,
            edits: vec![],
        });
        let report = Report {
            version: 1,
            files: vec![],
            findings: vec![f],
            errors: vec![],
        };
        assert!(github(&report)
            .ends_with("::deprecated (fix: Replace with LABEL; `shipshape fix` applies it)\n"));
    }
}
