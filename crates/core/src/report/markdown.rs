//! The Markdown audit report: summary tables, a score and image card per Dockerfile, strengths, issues
//! with their fixes as diffs, compose key links, and a closing table. Deterministic for a given input.

use super::FileOutput;
use crate::diagnostics::{apply_edits, Applicability};
use crate::dockerfile::model::{ImageRef, Model, Stage};
use crate::dockerfile::{Args, Dockerfile, Keyword};
use crate::lint::{find_rule, Finding, Report};
use crate::rules::{Category, Severity};
use crate::semantic::{shipped_stage, stage_health, Analysis, Health, KeyLink};
use crate::workspace::{FileKind, Workspace};
use std::fmt::Write;

/// Points taken off per finding; documented in the report itself.
pub const PENALTY: [(Severity, u32); 4] = [
    (Severity::Error, 15),
    (Severity::Warning, 6),
    (Severity::Info, 2),
    (Severity::Style, 1),
];

fn penalty(s: Severity) -> u32 {
    PENALTY
        .iter()
        .find(|(x, _)| *x == s)
        .map(|(_, p)| *p)
        .unwrap_or(0)
}

/// A file's score out of 100: 100 minus the penalties of its findings (parse errors count as errors), at least 0.
pub fn score(report: &Report, file: &str) -> u32 {
    let errors = report.errors.iter().filter(|e| e.file == file).count();
    score_of(
        report
            .findings
            .iter()
            .filter(|f| f.file == file)
            .map(|f| f.severity),
        errors,
    )
}

/// [`score`] from a file's findings' severities and its number of parse errors.
fn score_of(severities: impl Iterator<Item = Severity>, errors: usize) -> u32 {
    let lost: u32 = severities.map(penalty).sum::<u32>() + errors as u32 * penalty(Severity::Error);
    100u32.saturating_sub(lost)
}

/// [`score`] of a file from the report's index by file.
fn score_in(output: Option<&FileOutput<'_>>) -> u32 {
    output.map_or(100, |o| {
        score_of(o.findings.iter().map(|f| f.severity), o.errors.len())
    })
}

pub fn status(score: u32) -> &'static str {
    match score {
        100 => "Excellent",
        90..=99 => "Very good",
        75..=89 => "Good",
        50..=74 => "Needs work",
        _ => "Poor",
    }
}

fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// One diff hunk covering the lines a fix touches (context: none needed, the lines are shown whole).
fn fix_diff(path: &str, text: &str, f: &Finding) -> Option<String> {
    let fix = f.fix.as_ref()?;
    let new = apply_edits(text, &fix.edits).ok()?;
    let start = fix.edits.iter().map(|e| e.start).min()?;
    let end = fix.edits.iter().map(|e| e.end).max()?;
    let line_start = text[..start].rfind('\n').map(|p| p + 1).unwrap_or(0);
    let line_end = text[end..]
        .find('\n')
        .map(|p| end + p + 1)
        .unwrap_or(text.len());
    let delta: isize = fix
        .edits
        .iter()
        .map(|e| e.replacement.len() as isize - (e.end - e.start) as isize)
        .sum();
    let new_end = (line_end as isize + delta).max(line_start as isize) as usize;
    let old_part = &text[line_start..line_end];
    let new_part = new.get(line_start..new_end.min(new.len())).unwrap_or("");
    let first = text[..line_start].matches('\n').count() + 1;
    let old_lines: Vec<&str> = old_part.lines().collect();
    let new_lines: Vec<&str> = new_part.lines().collect();
    let mut d = format!(
        "--- a/{path}\n+++ b/{path}\n@@ -{first},{} +{first},{} @@\n",
        old_lines.len(),
        new_lines.len()
    );
    for l in old_lines {
        let _ = writeln!(d, "-{l}");
    }
    for l in new_lines {
        let _ = writeln!(d, "+{l}");
    }
    Some(d)
}

/// The facts of the image a Dockerfile ships.
struct Card {
    rows: Vec<(&'static str, String)>,
    strengths: Vec<String>,
}

fn chain<'m, 'a>(model: &'m Model<'a>, stage: &'m Stage<'a>) -> Vec<&'m Stage<'a>> {
    let mut out = vec![stage];
    let mut cur = stage;
    while let Some(parent) = model.stages[..cur.index].iter().rev().find(|p| {
        p.name_lower().is_some()
            && p.name_lower().map(str::to_string)
                == cur.base_resolved.as_deref().map(str::to_ascii_lowercase)
    }) {
        out.push(parent);
        cur = parent;
        if out.len() > 64 {
            break;
        }
    }
    out
}

fn args_text(a: &Args) -> String {
    match a {
        Args::Exec(w) => format!(
            "[{}]",
            w.iter()
                .map(|x| format!("\"{}\"", x.text))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Args::Shell(w) | Args::String(w) => w.text.clone(),
        Args::Words(w) => w
            .iter()
            .map(|x| x.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn card(ws: &Workspace, path: &str, df: &Dockerfile, target: Option<&str>) -> Card {
    let model = Model::build(df);
    let mut rows = Vec::new();
    let mut strengths = Vec::new();
    let Some(ship) = shipped_stage(&model, target) else {
        return Card { rows, strengths };
    };
    let stage_name = |s: &Stage| {
        s.name
            .map(|n| n.text.clone())
            .unwrap_or_else(|| format!("#{}", s.index))
    };
    let bases: Vec<String> = model
        .stages
        .iter()
        .map(|s| {
            format!(
                "`{}` ({})",
                s.base_resolved
                    .clone()
                    .or_else(|| s.base.map(|b| b.text.clone()))
                    .unwrap_or_default(),
                stage_name(s)
            )
        })
        .collect();
    rows.push(("Base images", bases.join(", ")));
    let stages: Vec<String> = model
        .stages
        .iter()
        .map(|s| {
            if s.index == ship.index {
                format!("**{}** (ships)", stage_name(s))
            } else {
                stage_name(s)
            }
        })
        .collect();
    rows.push(("Stages", stages.join(" → ")));
    let lineage = chain(&model, ship);
    let last = |k: Keyword| {
        lineage.iter().find_map(|s| {
            s.instructions
                .iter()
                .rev()
                .find(|i| i.keyword() == k)
                .copied()
        })
    };
    let user = last(Keyword::User).map(|u| args_text(&u.command.args));
    let numeric = user
        .as_deref()
        .map(|u| {
            u.split(':')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or(false);
    let root = user
        .as_deref()
        .map(|u| matches!(u.split(':').next(), Some("root") | Some("0")))
        .unwrap_or(true);
    rows.push((
        "Runs as",
        match &user {
            Some(u) => format!("`{u}`{}", if numeric { " (numeric UID)" } else { "" }),
            None => "root (no USER)".to_string(),
        },
    ));
    let ports: Vec<String> = lineage
        .iter()
        .flat_map(|s| {
            s.instructions
                .iter()
                .filter(|i| i.keyword() == Keyword::Expose)
        })
        .map(|i| args_text(&i.command.args))
        .collect();
    rows.push((
        "Exposed ports",
        if ports.is_empty() {
            "none".into()
        } else {
            ports.join(", ")
        },
    ));
    let hc = last(Keyword::Healthcheck);
    let health = stage_health(&model, target);
    rows.push((
        "Healthcheck",
        match (health, hc) {
            (Health::Dockerfile, Some(h)) => {
                let flags: Vec<String> = h.command.flags.iter().map(|f| f.raw.clone()).collect();
                let cmd = match &h.command.args {
                    Args::Healthcheck { cmd, .. } => args_text(cmd),
                    _ => String::new(),
                };
                format!("`{}` {}", md(&cmd), flags.join(" "))
            }
            (Health::Disabled, _) => "disabled (`HEALTHCHECK NONE`)".into(),
            _ => "none".into(),
        },
    ));
    let ep = last(Keyword::Entrypoint).map(|i| args_text(&i.command.args));
    let cmd = last(Keyword::Cmd).map(|i| args_text(&i.command.args));
    rows.push((
        "Entrypoint / Cmd",
        format!(
            "`{}` / `{}`",
            md(ep.as_deref().unwrap_or("-")),
            md(cmd.as_deref().unwrap_or("-"))
        ),
    ));
    let mut mounts: Vec<String> = Vec::new();
    for s in &model.stages {
        for i in s
            .instructions
            .iter()
            .filter(|i| i.keyword() == Keyword::Run)
        {
            for f in i.command.flags_named("mount") {
                let v = f.value().unwrap_or("");
                if v.split(',').any(|p| p == "type=cache") {
                    if let Some(t) = v.split(',').find_map(|p| {
                        p.strip_prefix("target=")
                            .or_else(|| p.strip_prefix("dst="))
                            .or_else(|| p.strip_prefix("destination="))
                    }) {
                        if !mounts.contains(&t.to_string()) {
                            mounts.push(t.to_string());
                        }
                    }
                }
            }
        }
    }
    rows.push((
        "Cache mounts",
        if mounts.is_empty() {
            "none".into()
        } else {
            mounts
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        },
    ));

    // Strengths: good practices that are present.
    let copies_from_stage = ship
        .instructions
        .iter()
        .any(|i| i.keyword() == Keyword::Copy && i.command.flag("from").is_some());
    if model.stages.len() > 1 && copies_from_stage {
        strengths.push(
            "Multi-stage build: the shipped stage copies artifacts from a build stage".into(),
        );
    }
    if !root {
        strengths.push(format!(
            "Runs as a non-root user{}",
            if numeric { " with a numeric UID" } else { "" }
        ));
    }
    if health == Health::Dockerfile {
        let timeout = hc
            .map(|h| h.command.flag("timeout").is_some())
            .unwrap_or(false);
        strengths.push(format!(
            "HEALTHCHECK defined{}",
            if timeout { " with a timeout" } else { "" }
        ));
    }
    if !mounts.is_empty() {
        strengths.push("BuildKit cache mounts keep package caches out of the layers".into());
    }
    let external: Vec<ImageRef> = model
        .stages
        .iter()
        .filter(|s| {
            model
                .stage_named(s.base_resolved.as_deref().unwrap_or(""))
                .is_none()
        })
        .filter_map(|s| s.base_resolved.as_deref().map(ImageRef::parse))
        .filter(|r| !r.is_scratch())
        .collect();
    if !external.is_empty() && external.iter().all(|r| r.digest.is_some()) {
        strengths.push("Base images pinned by digest".into());
    } else if !external.is_empty()
        && external
            .iter()
            .all(|r| r.tag.is_some() && r.tag.as_deref() != Some("latest"))
    {
        strengths.push("Base images pinned to explicit tags".into());
    }
    let exec = [Keyword::Entrypoint, Keyword::Cmd]
        .iter()
        .filter_map(|k| last(*k))
        .all(|i| i.command.args.is_exec());
    if exec && (ep.is_some() || cmd.is_some()) {
        strengths.push("ENTRYPOINT/CMD in exec form (signals reach the process)".into());
    }
    if df.directive("syntax").is_some() {
        strengths.push("`# syntax=` directive pins the Dockerfile frontend".into());
    }
    let dir = path.rfind('/').map(|p| &path[..p + 1]).unwrap_or("");
    if ws.get(&format!("{dir}.dockerignore")).is_some()
        || ws.get(&format!("{path}.dockerignore")).is_some()
    {
        strengths.push("`.dockerignore` keeps the build context small".into());
    }
    Card { rows, strengths }
}

const SEVERITIES: [Severity; 4] = [
    Severity::Error,
    Severity::Warning,
    Severity::Info,
    Severity::Style,
];
const CATEGORIES: [Category; 5] = [
    Category::Correctness,
    Category::Security,
    Category::Reproducibility,
    Category::Performance,
    Category::Style,
];

fn category_of(f: &Finding) -> Category {
    find_rule(f.rule)
        .map(|m| m.category)
        .unwrap_or(Category::Correctness)
}

/// Render the audit report for a linted workspace, from the analysis it was linted from.
pub fn render(a: &Analysis<'_>, report: &Report) -> String {
    let mut o = String::new();
    write(a, report, &mut o);
    o
}

/// [`render`] written to `o` as it is made (the CLI streams it to standard output; a writer that
/// fails keeps its own error, as writing goes on). Each file's findings, each Dockerfile's
/// compose targets and each compose file's key links are gathered once, so the report's time
/// follows its size (not files × findings).
pub fn write(a: &Analysis<'_>, report: &Report, o: &mut dyn std::fmt::Write) {
    let files = super::by_file(report);
    // The targets compose builds of each Dockerfile, in service order.
    let mut targets_of: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for b in a.services().filter_map(|(_, s)| s.build.as_ref()) {
        if let (Some(path), Some(t)) = (&b.dockerfile_path, &b.target) {
            targets_of
                .entry(path.as_str())
                .or_default()
                .push(t.text.as_str());
        }
    }
    let links = a.key_links();
    let mut links_of: std::collections::HashMap<&str, Vec<&KeyLink>> = Default::default();
    for l in &links {
        links_of.entry(l.compose.as_str()).or_default().push(l);
    }
    let _ = writeln!(o, "# shipshape audit report\n");
    let _ = writeln!(
        o,
        "{} file(s) audited: {} finding(s), {} parse error(s). Generated by shipshape {}; the same files always give the same report.\n",
        report.files.len(),
        report.findings.len(),
        report.errors.len(),
        env!("CARGO_PKG_VERSION")
    );

    // Executive summary.
    let _ = writeln!(o, "## Summary\n");
    let _ = write!(o, "| Severity |");
    for c in CATEGORIES {
        let _ = write!(o, " {} |", c.as_str());
    }
    let _ = writeln!(o, " total |");
    let _ = writeln!(o, "|---|{}---|", "---|".repeat(CATEGORIES.len()));
    for s in SEVERITIES {
        let _ = write!(o, "| {} |", s.as_str());
        for c in CATEGORIES {
            let n = report
                .findings
                .iter()
                .filter(|f| f.severity == s && category_of(f) == c)
                .count();
            let _ = write!(o, " {n} |");
        }
        let _ = writeln!(
            o,
            " {} |",
            report.findings.iter().filter(|f| f.severity == s).count()
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "| File | Kind | Score | Status |\n|---|---|---|---|");
    for f in &report.files {
        if matches!(f.kind, FileKind::Dockerfile | FileKind::Compose) {
            let sc = score_in(files.get(f.path.as_str()));
            let _ = writeln!(
                o,
                "| `{}` | {} | {sc}/100 | {} |",
                md(&f.path),
                f.kind.as_str(),
                status(sc)
            );
        }
    }
    let _ = writeln!(o);

    // Per Dockerfile.
    for file in &a.dockerfiles {
        let df = &crate::dockerfile::parse(&file.text);
        let output = files.get(file.path.as_str());
        let sc = score_in(output);
        let _ = writeln!(o, "## `{}` — {sc}/100, {}\n", md(&file.path), status(sc));
        // The compose target, when exactly one service builds this file with a target.
        let target = match targets_of.get(file.path.as_str()).map(Vec::as_slice) {
            Some(&[one]) => Some(one),
            _ => None,
        };
        let c = card(a.ws, &file.path, df, target);
        let _ = writeln!(o, "### Image card\n\n| | |\n|---|---|");
        for (k, v) in &c.rows {
            let _ = writeln!(o, "| {k} | {v} |");
        }
        let _ = writeln!(o);
        let _ = writeln!(o, "### Strengths\n");
        if c.strengths.is_empty() {
            let _ = writeln!(o, "- none detected yet\n");
        } else {
            for s in &c.strengths {
                let _ = writeln!(o, "- {s}");
            }
            let _ = writeln!(o);
        }
        issues_section(o, &file.path, &file.text, output);
    }
    // Compose files: key links and their own issues.
    for c in &a.composes {
        let output = files.get(c.path.as_str());
        let sc = score_in(output);
        let _ = writeln!(o, "## `{}` — {sc}/100, {}\n", md(&c.path), status(sc));
        let _ = writeln!(o, "### Key links\n\n| Service | Dockerfile | Target | Build args | Healthcheck | Line |\n|---|---|---|---|---|---|");
        for l in links_of.get(c.path.as_str()).into_iter().flatten() {
            let mark = |ok: bool| if ok { "✓" } else { "✗" };
            let df = match &l.dockerfile {
                Some(p) => format!("{} `{}`", mark(l.dockerfile_found), md(p)),
                None => l
                    .image
                    .as_ref()
                    .map(|i| format!("image `{}`", md(i)))
                    .unwrap_or_else(|| "-".into()),
            };
            let target = match (&l.target, l.target_found) {
                (Some(t), Some(found)) => format!("{} `{}`", mark(found), md(t)),
                (Some(t), None) => format!("`{}`", md(t)),
                (None, _) => "final stage".into(),
            };
            let args = if l.args.is_empty() {
                "-".into()
            } else {
                l.args
                    .iter()
                    .map(|(a, ok)| format!("{} {}", mark(*ok), md(a)))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let health = match l.health {
                Health::Compose => "✓ compose",
                Health::Dockerfile => "✓ Dockerfile",
                Health::Disabled => "✗ disabled",
                Health::Missing => "✗ none",
                Health::Unknown => "? image's own",
            };
            let _ = writeln!(
                o,
                "| `{}` | {df} | {target} | {args} | {health} | `{}:{}` |",
                md(&l.service),
                md(&l.compose),
                l.line
            );
        }
        let _ = writeln!(o);
        let text = a.ws.get(&c.path).map(|f| f.text.as_str()).unwrap_or("");
        issues_section(o, &c.path, text, output);
    }

    // Cross-file observations: findings of workspace rules, wherever they are.
    let cross: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.rule.starts_with("compose-"))
        .collect();
    let _ = writeln!(o, "## Cross-file observations\n");
    if cross.is_empty() {
        let _ = writeln!(o, "- none\n");
    } else {
        for f in cross {
            let _ = writeln!(
                o,
                "- `{}:{}` **{}** — {}",
                md(&f.file),
                f.line,
                f.rule,
                md(&f.message)
            );
        }
        let _ = writeln!(o);
    }

    // Closing table.
    let _ = writeln!(o, "## All findings\n\n| File | Line | Issue | Severity | Fix available |\n|---|---|---|---|---|");
    for e in &report.errors {
        let _ = writeln!(
            o,
            "| `{}` | {} | parse error: {} | error | no |",
            md(&e.file),
            e.line,
            md(&e.message)
        );
    }
    for f in &report.findings {
        let fix = match &f.fix {
            Some(x) if x.applicability == Applicability::Safe => "yes (safe)",
            Some(_) => "yes (unsafe)",
            None => "no",
        };
        let _ = writeln!(
            o,
            "| `{}` | {} | {} — {} | {} | {fix} |",
            md(&f.file),
            f.line,
            f.rule,
            md(&f.message),
            f.severity.as_str()
        );
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "## How the score is computed\n");
    let _ = writeln!(
        o,
        "Each file starts at 100. Every finding in it takes off points by severity — {} — and every parse error counts as an error. The score never goes below 0. Status: 100 Excellent, 90–99 Very good, 75–89 Good, 50–74 Needs work, below 50 Poor. Findings silenced by configuration or `# hadolint ignore=` pragmas do not count.",
        PENALTY.iter().map(|(s, p)| format!("{}: {p}", s.as_str())).collect::<Vec<_>>().join(", ")
    );
}

/// A file's "Issues" section, from its part of the report.
fn issues_section(
    o: &mut dyn std::fmt::Write,
    path: &str,
    text: &str,
    output: Option<&FileOutput<'_>>,
) {
    let _ = writeln!(o, "### Issues\n");
    let (errs, fs): (&[&crate::lint::FileError], &[&Finding]) = match output {
        Some(x) => (&x.errors, &x.findings),
        None => (&[], &[]),
    };
    if errs.is_empty() && fs.is_empty() {
        let _ = writeln!(o, "No issues found.\n");
        return;
    }
    for e in errs.iter() {
        let _ = writeln!(
            o,
            "- `{}:{}:{}` **parse error** — {}",
            md(path),
            e.line,
            e.column,
            md(&e.message)
        );
    }
    for s in SEVERITIES {
        let group: Vec<&&Finding> = fs.iter().filter(|f| f.severity == s).collect();
        if group.is_empty() {
            continue;
        }
        let _ = writeln!(o, "\n#### {} ({})\n", s.as_str(), group.len());
        for f in group {
            let _ = writeln!(
                o,
                "- `{}:{}:{}` **{}** — {}",
                md(path),
                f.line,
                f.column,
                f.rule,
                md(&f.message)
            );
            // A build without the rules' docs (the playground before it loads them) has no why.
            if let Some(why) = find_rule(f.rule).map(|m| m.why()).filter(|w| !w.is_empty()) {
                let _ = writeln!(
                    o,
                    "  - Why it matters: {}",
                    md(why.split("\n\n").next().unwrap_or(why))
                );
            }
            if let (Some(fix), Some(diff)) = (&f.fix, fix_diff(path, text, f)) {
                let safe = if fix.applicability == Applicability::Safe {
                    "safe"
                } else {
                    "changes behaviour"
                };
                let _ = writeln!(o, "  - Fix ({safe}): {}\n\n    ```diff", md(&fix.title));
                for l in diff.lines() {
                    let _ = writeln!(o, "    {l}");
                }
                let _ = writeln!(o, "    ```");
            }
        }
    }
    let _ = writeln!(o);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report's scores come from its index by file: the same as scoring each file over the
    /// whole report, for files with findings, with parse errors, and with neither.
    #[test]
    fn indexed_scores_are_the_per_file_scores() {
        let mut ws = Workspace::new();
        ws.add(
            "a/Dockerfile",
            "FROM ubuntu\nRUN apt-get install curl\nMAINTAINER x\n",
        );
        ws.add(
            "b/Dockerfile",
            "FROM alpine:3.20\nUSER 1000\nCMD [\"sh\"]\n",
        );
        ws.add(
            "c/Dockerfile",
            "FROM alpine:3.20\nRUN \"unterminated\nONBUILD ONBUILD RUN x\n",
        );
        ws.add(
            "compose.yaml",
            "services:\n  a:\n    build: a\n  b:\n    build: {context: b, target: nope}\n",
        );
        let mut report = crate::lint::lint(&ws, &crate::Config::default());
        // Out of file order too: the index must not rely on the report's sort.
        report.findings.reverse();
        let files = super::super::by_file(&report);
        let mut lowered = 0;
        for f in &report.files {
            let want = score(&report, &f.path);
            assert_eq!(score_in(files.get(f.path.as_str())), want, "{}", f.path);
            lowered += usize::from(want < 100);
        }
        assert!(lowered >= 2, "the workspace has files that lose points");
        assert!(!report.errors.is_empty(), "a file with a parse error");
        let analysis = Analysis::new(&ws);
        let text = render(&analysis, &report);
        for f in &report.files {
            let heading = format!("## `{}` — {}/100", f.path, score(&report, &f.path));
            assert!(text.contains(&heading), "{heading} in:\n{text}");
        }
    }
}
