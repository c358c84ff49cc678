//! The lint pipeline: parse every file of a workspace, run the enabled rules, apply config and pragmas, return a report.

use crate::check_directive::CheckOptions;
use crate::config::{hadolint_config_for, Config};
pub use crate::diagnostics::{FileError, FileSummary, Finding, Report};
use crate::dockerfile::{self, Dockerfile};
use crate::rules::{self, Context, RuleMeta, Severity};
use crate::semantic::Analysis;
use crate::source::{LineCol, LineIndex};
use crate::workspace::Workspace;

/// Lint every file in the workspace with the given configuration.
pub fn lint(ws: &Workspace, config: &Config) -> Report {
    lint_analysed(&Analysis::new(ws), config)
}

/// [`lint`] on an analysis already built, for callers that also render the audit report from it
/// (`report::render_analysed`): the workspace is parsed once for both.
pub fn lint_analysed(analysis: &Analysis<'_>, config: &Config) -> Report {
    let ws = analysis.ws;
    let mut report = Report {
        version: 1,
        files: Vec::new(),
        findings: Vec::new(),
        errors: Vec::new(),
    };
    for file in ws.files() {
        report.files.push(FileSummary {
            path: file.path.clone(),
            kind: file.kind,
        });
    }
    for (errors, findings) in each_dockerfile(analysis, |i| lint_one(ws, config, analysis, i)) {
        report.errors.extend(errors);
        report.findings.extend(findings);
    }
    for (path, e) in &analysis.compose_errors {
        if let Some(file) = ws.get(path) {
            let lc = LineIndex::new(&file.text).line_col(&file.text, e.span.start);
            report.errors.push(FileError {
                file: path.clone(),
                span: e.span,
                line: lc.line,
                column: lc.column,
                message: format!("invalid YAML: {}", e.message),
            });
        }
    }
    let mut raw = Vec::new();
    let compose_start = report.findings.len();
    // One line index per file, however many findings it gets.
    let mut indexes: std::collections::HashMap<&str, LineIndex> = std::collections::HashMap::new();
    let cx = rules::compose::WorkspaceCx::new(analysis);
    for rule in rules::registry::workspace_rules() {
        let meta = rule.meta();
        let Some(severity) = config.severity_for(meta) else {
            continue;
        };
        raw.clear();
        rule.check(&cx, &mut raw);
        for (path, d) in raw.drain(..) {
            let Some(file) = ws.get(&path) else { continue };
            let index = indexes
                .entry(file.path.as_str())
                .or_insert_with(|| LineIndex::new(&file.text));
            report
                .findings
                .push(finding(meta, severity, &file.path, &file.text, index, d));
        }
    }
    if !config.disable_ignore_pragma {
        crate::compose::comments::retain_unsilenced(
            ws,
            &analysis.composes,
            &mut report.findings,
            compose_start,
        );
        // Cross-file findings that land in a Dockerfile obey its `# hadolint ignore=` pragmas too.
        let mut pragmas: std::collections::HashMap<&str, crate::pragma::Pragmas> =
            std::collections::HashMap::new();
        let mut n = 0;
        report.findings.retain(|f| {
            n += 1;
            if n <= compose_start {
                return true;
            }
            let silenced = analysis.dockerfile(&f.file).is_some_and(|(file, df)| {
                let p = pragmas.entry(file.path.as_str()).or_insert_with(|| {
                    let mut p = crate::pragma::collect(df, &file.text);
                    p.reject_unknown(rules::registry::is_known_pragma_name);
                    p
                });
                let mut names = vec![f.rule];
                names.extend(f.aliases.iter().copied());
                p.silences(&names, f.span.start)
            });
            !silenced
        });
    }
    crate::sort::sort_by(&mut report.findings, |a, b| {
        (a.file.as_str(), a.span.start, a.rule).cmp(&(b.file.as_str(), b.span.start, b.rule))
    });
    report
}

/// Runs `one` for every Dockerfile of the analysis, in order. Natively the files are spread over
/// the machine's cores (each file's rules run on one thread; a file's RUN memo is only touched by
/// that thread until the cross-file rules run afterwards); on wasm32, where the page lints in one
/// thread, one after the other.
fn each_dockerfile<T: Send>(analysis: &Analysis<'_>, one: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let n = analysis.dockerfiles.len();
    #[cfg(not(target_arch = "wasm32"))]
    {
        let threads = std::thread::available_parallelism()
            .map_or(1, |t| t.get())
            .min(n);
        if threads > 1 {
            let next = std::sync::atomic::AtomicUsize::new(0);
            let mut done: Vec<(usize, T)> = std::thread::scope(|scope| {
                let workers: Vec<_> = (0..threads)
                    .map(|_| {
                        scope.spawn(|| {
                            let mut mine = Vec::new();
                            loop {
                                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                if i >= n {
                                    break mine;
                                }
                                mine.push((i, one(i)));
                            }
                        })
                    })
                    .collect();
                workers
                    .into_iter()
                    .flat_map(|w| match w.join() {
                        Ok(v) => v,
                        Err(panic) => std::panic::resume_unwind(panic),
                    })
                    .collect()
            });
            crate::sort::sort_by_key(&mut done, |(i, _)| *i);
            return done.into_iter().map(|(_, t)| t).collect();
        }
    }
    (0..n).map(one).collect()
}

/// One Dockerfile's parse errors and findings (its own rules, its config, its pragmas).
fn lint_one(
    ws: &Workspace,
    config: &Config,
    analysis: &Analysis<'_>,
    i: usize,
) -> (Vec<FileError>, Vec<Finding>) {
    let (file, df) = &analysis.dockerfiles[i];
    let mut errors = Vec::new();
    let mut findings = Vec::new();
    let index = LineIndex::new(&file.text);
    for e in &df.errors {
        let lc = index.line_col(&file.text, e.span.start);
        errors.push(FileError {
            file: file.path.clone(),
            span: e.span,
            line: lc.line,
            column: lc.column,
            message: e.message.clone(),
        });
    }
    let layered;
    let config = match config
        .use_workspace_config
        .then(|| hadolint_config_for(ws, &file.path))
        .flatten()
    {
        Some(cfg_file) => match Config::from_hadolint_yaml(&cfg_file.text) {
            Ok(settings) => {
                layered = config.layered_over(&settings.config);
                &layered
            }
            Err(e) => {
                push_config_error(&mut errors, cfg_file, e);
                config
            }
        },
        None => config,
    };
    let opts = check_options(&file.path, &file.text, df, &index, config, &mut errors);
    // Named build contexts that compose gives this Dockerfile (usable in COPY --from and FROM).
    let mut named: Vec<String> = analysis
        .builds_of(&file.path)
        .flat_map(|(_, _, b)| b.additional_contexts.iter().map(|(k, _)| k.text.clone()))
        .collect();
    crate::sort::sort(&mut named);
    named.dedup();
    // Stages compose builds as `target:` (those ship instead of the last stage).
    let mut targets: Vec<String> = analysis
        .builds_of(&file.path)
        .filter_map(|(_, _, b)| b.target.as_ref().map(|t| t.text.clone()))
        .collect();
    crate::sort::sort(&mut targets);
    targets.dedup();
    let mut pragmas = crate::pragma::collect(df, &file.text);
    // A pragma naming no known rule silences nothing (`pragma-unknown-rule` reports it).
    pragmas.reject_unknown(rules::registry::is_known_pragma_name);
    lint_dockerfile(
        ws,
        &file.path,
        &file.text,
        df,
        &index,
        config,
        &opts,
        &named,
        &targets,
        &analysis.run_scripts[i],
        &analysis.composes,
        analysis.built_by(&file.path),
        pragmas.shell.as_deref(),
        &mut findings,
    );
    if !config.disable_ignore_pragma {
        findings.retain(|f| {
            let mut names = vec![f.rule];
            names.extend(f.aliases.iter().copied());
            !pragmas.silences(&names, f.span.start)
        });
    }
    analysis.run_scripts[i].release_trees();
    (errors, findings)
}

fn finding(
    meta: &'static RuleMeta,
    severity: Severity,
    path: &str,
    text: &str,
    index: &LineIndex,
    d: rules::Diagnostic,
) -> Finding {
    let start = index.line_col(text, d.span.start);
    let end: LineCol = index.line_col(text, d.span.end);
    Finding {
        rule: meta.id,
        aliases: meta.aliases.to_vec(),
        severity,
        file: path.to_string(),
        span: d.span,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        message: d.message,
        fix: d.fix,
    }
}

fn push_config_error(
    errors: &mut Vec<FileError>,
    file: &crate::workspace::File,
    e: crate::config::ConfigError,
) {
    if errors
        .iter()
        .any(|x| x.file == file.path && x.span == e.span)
    {
        return;
    }
    let lc = LineIndex::new(&file.text).line_col(&file.text, e.span.start);
    errors.push(FileError {
        file: file.path.clone(),
        span: e.span,
        line: lc.line,
        column: lc.column,
        message: e.message,
    });
}

/// The `# check=` directive, overridden by the config's `check` string.
fn check_options(
    path: &str,
    text: &str,
    df: &Dockerfile,
    index: &LineIndex,
    config: &Config,
    errors: &mut Vec<FileError>,
) -> CheckOptions {
    let (source, span) = match (&config.check, df.directive("check")) {
        (Some(s), _) => (s.clone(), None),
        (None, Some(d)) => (d.value.clone(), Some(d.value_span)),
        (None, None) => return CheckOptions::default(),
    };
    match CheckOptions::parse(&source) {
        Ok(o) => o,
        Err(msg) => {
            let span = span.unwrap_or_default();
            let lc = index.line_col(text, span.start);
            errors.push(FileError {
                file: path.to_string(),
                span,
                line: lc.line,
                column: lc.column,
                message: format!("check directive: {msg}"),
            });
            CheckOptions::default()
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lint_dockerfile(
    ws: &Workspace,
    path: &str,
    text: &str,
    df: &Dockerfile,
    index: &LineIndex,
    config: &Config,
    opts: &CheckOptions,
    named_contexts: &[String],
    targets: &[String],
    run_scripts: &rules::RunScripts,
    composes: &[crate::compose::ComposeFile],
    built_by: &[(usize, usize)],
    pragma_shell: Option<&str>,
    out: &mut Vec<Finding>,
) {
    let model = dockerfile::model::Model::build(df);
    let vars = crate::semantic::vars::Vars::build(&model);
    let runs = crate::semantic::runs::collect(df, &model, text, run_scripts, pragma_shell);
    let cx = Context {
        path,
        workspace: ws,
        text,
        dockerfile: df,
        model: &model,
        config,
        named_contexts,
        targets,
        run_scripts,
        vars: &vars,
        composes,
        built_by,
        runs: &runs,
        memo: Default::default(),
    };
    // `# check=` comments directly above single instructions: the file's options merged with
    // theirs apply to that instruction's findings (the file's `config.check` replaces them all).
    let local: Vec<(crate::source::Span, CheckOptions)> = if config.check.is_some() {
        Vec::new()
    } else {
        df.instructions()
            .filter_map(|ins| {
                CheckOptions::from_comments(&ins.prev_comments).map(|o| (ins.span, opts.merged(&o)))
            })
            .collect()
    };
    let severity_under = |o: &CheckOptions, meta: &'static RuleMeta| -> Option<Severity> {
        let severity = match o.decide(meta) {
            Some(false) => return None,
            Some(true) => config.severity_with(meta, true),
            None => config.severity_for(meta),
        }?;
        Some(if o.error && CheckOptions::buildkit_name(meta).is_some() {
            Severity::Error
        } else {
            severity
        })
    };
    let mut raw = Vec::new();
    for rule in rules::registry::dockerfile_rules() {
        let meta = rule.meta();
        let severity = severity_under(opts, meta);
        if severity.is_none() && !local.iter().any(|(_, o)| severity_under(o, meta).is_some()) {
            continue;
        }
        raw.clear();
        rule.check(&cx, &mut raw);
        for d in raw.drain(..) {
            let here = local.iter().find(|(span, _)| {
                span.start <= d.span.start && d.span.start < span.end.max(span.start + 1)
            });
            let severity = match here {
                Some((_, o)) => severity_under(o, meta),
                None => severity,
            };
            if let Some(severity) = severity {
                out.push(finding(meta, severity, path, text, index, d));
            }
        }
    }
}

/// Every rule's metadata, in registry order.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    rules::registry::metas()
}

/// Rule metadata lookup by id or alias (what `shipshape explain` and the UI's rule pages use).
pub fn find_rule(id_or_alias: &str) -> Option<&'static RuleMeta> {
    rules::registry::find(id_or_alias)
}
