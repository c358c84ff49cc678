//! Machine-readable formats for CI systems: SARIF 2.1.0, checkstyle XML, GitLab Code Quality, JUnit XML, GNU,
//! GitHub Actions workflow commands.

use super::{by_file, xml_escape, FileOutput};
use crate::diagnostics::Applicability;
use crate::lint::{all_rules, Finding, Report};
use crate::rules::Severity;
use serde_json::{json, Value};
use std::io::{self, Write};

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

/// A JSON value as `serde_json::to_string_pretty` writes it when it stands `depth` levels deep
/// in a pretty document (its lines after the first indented to that depth), so a long array can
/// be written one element at a time with the same bytes as the whole document at once.
fn write_pretty_at(out: &mut dyn Write, value: &Value, depth: usize) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::from)?;
    // A JSON string never holds a raw newline: every line break is the printer's.
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
            write_indent(out, depth)?;
        }
        out.write_all(line.as_bytes())?;
    }
    Ok(())
}

fn write_indent(out: &mut dyn Write, depth: usize) -> io::Result<()> {
    for _ in 0..depth {
        out.write_all(b"  ")?;
    }
    Ok(())
}

/// The elements of a pretty-printed JSON array that stands `depth` levels deep, one at a time
/// (the array's own brackets included): `[]` when there are none.
fn write_pretty_array(
    out: &mut dyn Write,
    depth: usize,
    items: impl Iterator<Item = Value>,
) -> io::Result<()> {
    let mut first = true;
    for item in items {
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        write_indent(out, depth + 1)?;
        write_pretty_at(out, &item, depth + 1)?;
    }
    if first {
        out.write_all(b"[]")
    } else {
        out.write_all(b"\n")?;
        write_indent(out, depth)?;
        out.write_all(b"]")
    }
}

/// SARIF 2.1.0 with rule metadata and fixes (as byte-offset replacements). The results are
/// written one at a time: a monorepo's report is never one document in memory.
pub fn sarif(report: &Report, out: &mut dyn Write) -> io::Result<()> {
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
    let finding = |f: &Finding| {
        let mut r = json!({
            "ruleId": f.rule,
            "ruleIndex": used.binary_search(&f.rule).unwrap_or(0),
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
    };
    let error = |e: &crate::lint::FileError| {
        json!({
            "ruleId": "parse-error",
            "level": "error",
            "message": { "text": e.message },
            "locations": [ { "physicalLocation": {
                "artifactLocation": { "uri": e.file },
                "region": { "startLine": e.line, "startColumn": e.column }
            } } ],
        })
    };
    // The document with no results, printed whole; the results go where its empty list is.
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
            "results": [],
        } ],
    });
    let skeleton = serde_json::to_string_pretty(&doc).map_err(io::Error::from)?;
    // The only line that is the key and an empty list, with or without a comma after it (a
    // string value cannot span lines).
    let line_start = skeleton
        .split_inclusive('\n')
        .scan(0, |at, line| {
            let start = *at;
            *at += line.len();
            Some((start, line))
        })
        .find(|(_, line)| {
            let line = line.trim();
            line.strip_suffix(',').unwrap_or(line) == "\"results\": []"
        })
        .map(|(start, _)| start)
        .ok_or_else(|| io::Error::other("SARIF skeleton without results"))?;
    let depth = (skeleton[line_start..].len() - skeleton[line_start..].trim_start().len()) / 2;
    let list = line_start + skeleton[line_start..].find('[').unwrap_or(0);
    out.write_all(&skeleton.as_bytes()[..list])?;
    let results = report
        .findings
        .iter()
        .map(finding)
        .chain(report.errors.iter().map(error));
    write_pretty_array(out, depth, results)?;
    out.write_all(&skeleton.as_bytes()[list + 2..])
}

/// Checkstyle XML (one `<file>` per file with findings or errors).
pub fn checkstyle(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n")?;
    let files = by_file(report);
    let mut paths: Vec<&str> = files.keys().copied().collect();
    crate::sort::sort_unstable(&mut paths);
    for file in paths {
        let output = &files[file];
        writeln!(out, "  <file name=\"{}\">", xml_escape(file))?;
        for e in &output.errors {
            writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"error\" message=\"{}\" source=\"shipshape.parse-error\"/>",
                e.line,
                e.column,
                xml_escape(&e.message)
            )?;
        }
        for f in &output.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Style => "info",
            };
            writeln!(
                out,
                "    <error line=\"{}\" column=\"{}\" severity=\"{sev}\" message=\"{}\" source=\"shipshape.{}\"/>",
                f.line,
                f.column,
                xml_escape(&f.message),
                xml_escape(f.rule)
            )?;
        }
        out.write_all(b"  </file>\n")?;
    }
    out.write_all(b"</checkstyle>\n")
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

/// A finding's fingerprint: its rule, file and message, and how many findings with the same three
/// came before it (`nth`), so two alike findings in one file stay apart.
fn fingerprint(f: &Finding, nth: usize) -> String {
    fnv(&format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        f.rule, f.file, f.message, nth
    ))
}

/// GitLab Code Quality (Code Climate subset) JSON, written one issue at a time.
pub fn gitlab(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // How many findings with the same rule, file and message came before, per triple.
    let mut seen: std::collections::HashMap<(&str, &str, &str), usize> = Default::default();
    let findings = report.findings.iter().map(|f| {
        let count = seen
            .entry((f.rule, f.file.as_str(), f.message.as_str()))
            .or_default();
        let nth = *count;
        *count += 1;
        let severity = match f.severity {
            Severity::Error => "critical",
            Severity::Warning => "major",
            Severity::Info => "minor",
            Severity::Style => "info",
        };
        json!({
            "description": format!("{}: {}", f.rule, f.message),
            "check_name": f.rule,
            "fingerprint": fingerprint(f, nth),
            "severity": severity,
            "location": { "path": f.file, "lines": { "begin": f.line, "end": f.end_line } },
        })
    });
    let errors = report.errors.iter().map(|e| {
        json!({
            "description": format!("parse error: {}", e.message),
            "check_name": "parse-error",
            "fingerprint": fnv(&format!("parse-error\u{0}{}\u{0}{}\u{0}{}", e.file, e.line, e.message)),
            "severity": "blocker",
            "location": { "path": e.file, "lines": { "begin": e.line } },
        })
    });
    write_pretty_array(out, 0, findings.chain(errors))
}

/// JUnit XML: one test suite per file, one failing test case per finding (a clean file passes).
pub fn junit(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
    let total = report.findings.len() + report.errors.len();
    writeln!(
        out,
        "<testsuites name=\"shipshape\" tests=\"{}\" failures=\"{total}\">",
        total.max(report.files.len())
    )?;
    let files = by_file(report);
    let none = FileOutput::default();
    for file in &report.files {
        let output = files.get(file.path.as_str()).unwrap_or(&none);
        let n = output.findings.len() + output.errors.len();
        writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{n}\">",
            xml_escape(&file.path),
            n.max(1)
        )?;
        if n == 0 {
            writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"shipshape\"/>",
                xml_escape(&file.path)
            )?;
        }
        for e in &output.errors {
            writeln!(
                out,
                "    <testcase name=\"parse-error {}:{}\" classname=\"{}\">\n      <failure type=\"error\" message=\"{}\"/>\n    </testcase>",
                e.line,
                e.column,
                xml_escape(&file.path),
                xml_escape(&e.message)
            )?;
        }
        for f in &output.findings {
            writeln!(
                out,
                "    <testcase name=\"{} {}:{}\" classname=\"{}\">\n      <failure type=\"{}\" message=\"{}\">{}:{}:{} {}</failure>\n    </testcase>",
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
            )?;
        }
        out.write_all(b"  </testsuite>\n")?;
    }
    out.write_all(b"</testsuites>\n")
}

/// GNU style: `file:line:col: severity: message [rule]`.
pub fn gnu(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for e in &report.errors {
        writeln!(
            out,
            "{}:{}:{}: error: {} [parse-error]",
            e.file, e.line, e.column, e.message
        )?;
    }
    for f in &report.findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Style => "note",
        };
        writeln!(
            out,
            "{}:{}:{}: {sev}: {} [{}]",
            f.file, f.line, f.column, f.message, f.rule
        )?;
    }
    Ok(())
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
pub fn github(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for e in &report.errors {
        writeln!(
            out,
            "::error file={},line={},col={},title=parse-error::{}",
            github_property(&e.file),
            e.line,
            e.column,
            github_data(&e.message)
        )?;
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
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}{}",
            github_property(&f.file),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            github_property(f.rule),
            github_data(&f.message),
            github_data(&fix)
        )?;
    }
    Ok(())
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
        let out = text(github, &report);
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
            text(
                github,
                &Report {
                    findings: vec![],
                    errors: vec![],
                    ..report
                }
            ),
            ""
        );
    }

    fn text(write: fn(&Report, &mut dyn Write) -> io::Result<()>, report: &Report) -> String {
        let mut out = Vec::new();
        write(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Findings in two files, out of file order, with a fix and a finding repeated; a parse error.
    fn mixed_report() -> Report {
        let mut fixed = finding(
            "DL3020",
            Severity::Error,
            "b/Dockerfile",
            "use \"COPY\"\nnot ADD",
        );
        fixed.fix = Some(crate::Fix {
            title: "Use COPY".into(),
            applicability: Applicability::Unsafe,
            edits: vec![crate::source::TextEdit::new(
                crate::source::Span::new(0, 3),
                "COPY",
            )],
        });
        Report {
            version: 1,
            files: vec![
                FileSummary {
                    path: "a/Dockerfile".into(),
                    kind: FileKind::Dockerfile,
                },
                FileSummary {
                    path: "b/Dockerfile".into(),
                    kind: FileKind::Dockerfile,
                },
                FileSummary {
                    path: "c/Dockerfile".into(),
                    kind: FileKind::Dockerfile,
                },
            ],
            findings: vec![
                fixed,
                finding("DL3006", Severity::Warning, "a/Dockerfile", "tag <it>"),
                finding("DL3006", Severity::Warning, "b/Dockerfile", "m"),
                finding("DL3006", Severity::Warning, "a/Dockerfile", "tag <it>"),
            ],
            errors: vec![FileError {
                file: "b/Dockerfile".into(),
                span: Default::default(),
                line: 1,
                column: 1,
                message: "bad & worse".into(),
            }],
        }
    }

    /// The documents written a piece at a time are byte for byte what printing the whole
    /// document at once gives (as the formats were made before they were streamed).
    #[test]
    fn streamed_json_documents_are_their_whole_pretty_print() {
        let empty = Report {
            findings: vec![],
            errors: vec![],
            ..mixed_report()
        };
        for report in [mixed_report(), empty] {
            for (write, results) in [
                (
                    sarif as fn(&Report, &mut dyn Write) -> io::Result<()>,
                    "/runs/0/results",
                ),
                (gitlab, ""),
            ] {
                let out = text(write, &report);
                let doc: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(out, serde_json::to_string_pretty(&doc).unwrap());
                let n = doc
                    .pointer(results)
                    .and_then(Value::as_array)
                    .unwrap()
                    .len();
                assert_eq!(n, report.findings.len() + report.errors.len());
            }
        }
        let sarif_doc: Value = serde_json::from_str(&text(sarif, &mixed_report())).unwrap();
        let first = &sarif_doc["runs"][0]["results"][0];
        assert_eq!(first["ruleId"], "DL3020");
        assert_eq!(
            first["fixes"][0]["description"]["text"],
            "Use COPY (changes behaviour)"
        );
        // Rules are listed once each, sorted, and results point at theirs.
        let rules = &sarif_doc["runs"][0]["tool"]["driver"]["rules"];
        assert_eq!(rules[0]["id"], "DL3006");
        assert_eq!(rules[1]["id"], "DL3020");
        assert_eq!(first["ruleIndex"], 1);
        // Alike findings in one file get different fingerprints; the same in another file too.
        let gitlab_doc: Value = serde_json::from_str(&text(gitlab, &mixed_report())).unwrap();
        let fps: std::collections::HashSet<&str> = gitlab_doc
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap())
            .collect();
        assert_eq!(fps.len(), 5);
    }

    /// Each file's errors, then its findings in report order, under one element per file, however
    /// the report's findings are ordered.
    #[test]
    fn xml_formats_group_each_file_once() {
        let report = mixed_report();
        let checkstyle = text(checkstyle, &report);
        let files: Vec<&str> = checkstyle
            .lines()
            .filter(|l| l.trim_start().starts_with("<file "))
            .collect();
        assert_eq!(
            files,
            [
                "  <file name=\"a/Dockerfile\">",
                "  <file name=\"b/Dockerfile\">"
            ]
        );
        let b = &checkstyle[checkstyle.find("b/Dockerfile").unwrap()..];
        let order: Vec<usize> = [
            "bad &amp; worse",
            "use &quot;COPY&quot;",
            "source=\"shipshape.DL3006\"",
        ]
        .iter()
        .map(|needle| b.find(needle).unwrap())
        .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{checkstyle}");
        assert_eq!(checkstyle.matches("tag &lt;it&gt;").count(), 2);

        let junit = text(junit, &report);
        assert!(junit.contains("<testsuites name=\"shipshape\" tests=\"5\" failures=\"5\">"));
        for (path, n) in [
            ("a/Dockerfile", 2),
            ("b/Dockerfile", 3),
            ("c/Dockerfile", 0),
        ] {
            let suite = format!(
                "<testsuite name=\"{path}\" tests=\"{}\" failures=\"{n}\">",
                n.max(1)
            );
            assert_eq!(junit.matches(&suite).count(), 1, "{suite} in {junit}");
        }
        assert_eq!(junit.matches("<failure ").count(), 5);
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
        assert!(text(github, &report)
            .ends_with("::deprecated (fix: Replace with LABEL; `shipshape fix` applies it)\n"));
    }
}
