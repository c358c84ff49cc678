//! The lint pipeline: parse every file of a workspace, run the enabled rules, apply config and pragmas, return a report.

use crate::check_directive::CheckOptions;
use crate::config::{hadolint_config_for, Config};
pub use crate::diagnostics::{FileError, FileSummary, Finding, Report};
use crate::dockerfile::{self, Dockerfile};
use crate::rules::{self, Context, RuleMeta, Severity};
use crate::semantic::Analysis;
use crate::source::{LineCol, LineIndex};
use crate::workspace::{FileKind, Workspace};

/// Lint every file in the workspace with the given configuration.
pub fn lint(ws: &Workspace, config: &Config) -> Report {
    lint_analysed(&Analysis::new(ws), config)
}

/// [`lint`] on an analysis already built, for callers that also render the audit report from it
/// (`report::write_markdown`): the workspace is parsed once for both.
pub fn lint_analysed(analysis: &Analysis<'_>, config: &Config) -> Report {
    lint_on(analysis, config, crate::par::cores(), None)
}

/// [`lint`] of a workspace that is being edited: each Dockerfile whose own lint cannot have
/// changed since the last lint with the same `reuse` is not linted again ([`Reuse`] says when).
/// The report is the one [`lint`] gives.
pub fn lint_reusing(ws: &Workspace, config: &Config, reuse: &mut Reuse) -> Report {
    lint_on(&Analysis::new(ws), config, crate::par::cores(), Some(reuse))
}

/// What [`lint_reusing`] keeps from one lint of a workspace to the next: each Dockerfile's own
/// lint (its errors, its findings after its pragmas, its pragmas, what the cross-file rules read
/// of it). A Dockerfile's own lint reads its text, the configuration and the workspace's files
/// that are not Dockerfiles (compose files, `.dockerignore`, `.hadolint.yaml`), never another
/// Dockerfile: so while the configuration and those files stay as they were, a Dockerfile whose
/// text is unchanged keeps its lint, and an edit to one Dockerfile lints that one again (and the
/// cross-file rules, which always run).
#[derive(Default)]
pub struct Reuse {
    /// The configuration and the files other than Dockerfiles (path, kind, text) of the last lint.
    config: Option<Config>,
    context: Vec<(String, FileKind, String)>,
    /// Dockerfile path -> its own lint in the last lint.
    files: std::collections::HashMap<String, Kept>,
    /// How many Dockerfiles the last lint took from the one before.
    reused: usize,
}

impl Reuse {
    /// How many Dockerfiles the last lint took from the one before instead of linting them.
    pub fn reused(&self) -> usize {
        self.reused
    }

    /// Whether `ws` and `config` are the context the kept lints were made in.
    fn same_context(&self, ws: &Workspace, config: &Config) -> bool {
        let mut others = ws.files().iter().filter(|f| f.kind != FileKind::Dockerfile);
        self.config.as_ref() == Some(config)
            && self.context.iter().all(|(path, kind, text)| {
                others
                    .next()
                    .is_some_and(|f| f.path == *path && f.kind == *kind && f.text == *text)
            })
            && others.next().is_none()
    }

    /// Takes out the kept lint of each of the analysis's Dockerfiles that still holds (same text,
    /// same context, consistency docs made or not as this lint wants them); forgets the rest.
    fn take(&mut self, analysis: &Analysis<'_>, config: &Config, docs: bool) -> Vec<Option<Kept>> {
        if !self.same_context(analysis.ws, config) {
            self.files.clear();
            self.config = Some(config.clone());
            self.context = analysis
                .ws
                .files()
                .iter()
                .filter(|f| f.kind != FileKind::Dockerfile)
                .map(|f| (f.path.clone(), f.kind, f.text.clone()))
                .collect();
        }
        let mut old = std::mem::take(&mut self.files);
        let kept: Vec<Option<Kept>> = analysis
            .dockerfiles
            .iter()
            .map(|f| {
                old.remove(&f.path)
                    .filter(|k| k.text == f.text && k.doc.is_some() == docs)
            })
            .collect();
        self.reused = kept.iter().flatten().count();
        kept
    }
}

/// One Dockerfile's own lint as [`Reuse`] keeps it.
struct Kept {
    text: String,
    errors: Vec<FileError>,
    findings: Vec<Finding>,
    pragmas: crate::pragma::Pragmas,
    /// What the cross-file rules read of it, if the lint kept that.
    built: Option<crate::semantic::Built>,
    /// Its consistency doc, when the lint made those.
    doc: Option<rules::compose::KeptDoc>,
}

impl Kept {
    fn of(text: &str, one: &LintedFile<'_>, built: Option<&crate::semantic::Built>) -> Kept {
        Kept {
            text: text.to_string(),
            errors: one.errors.clone(),
            findings: one.findings.clone(),
            pragmas: one.pragmas.clone(),
            built: built.cloned(),
            doc: one.doc.as_ref().map(rules::compose::FileDoc::keep),
        }
    }

    /// The lint it kept, for Dockerfile `i` of `analysis` (whose text it was made from).
    fn linted<'a>(&self, analysis: &'a Analysis<'_>, i: usize) -> LintedFile<'a> {
        if let Some(b) = &self.built {
            analysis.restore_built(i, b.clone());
        }
        LintedFile {
            errors: self.errors.clone(),
            findings: self.findings.clone(),
            doc: self
                .doc
                .as_ref()
                .map(|d| rules::compose::kept_doc(analysis, i, d)),
            pragmas: self.pragmas.clone(),
        }
    }
}

/// [`lint_analysed`] on at most `cores` threads: the report is the same for any number, and with
/// or without a [`Reuse`].
fn lint_on(
    analysis: &Analysis<'_>,
    config: &Config,
    cores: usize,
    mut reuse: Option<&mut Reuse>,
) -> Report {
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
    // Natively the files are spread over the cores (a file's RUN memo is only touched by the
    // lint of that file). Cores left over, when there are fewer files than cores, go to each
    // file's own work.
    let n = analysis.dockerfiles.len();
    // The consistency rules compare Dockerfiles: each file's doc for them is built by its own
    // lint, while its RUN analyses exist, so none is kept past it.
    let docs_on = n >= 2 && rules::compose::docs_wanted(config);
    let kept = match reuse.as_deref_mut() {
        Some(r) => r.take(analysis, config, docs_on),
        None => (0..n).map(|_| None).collect(),
    };
    let todo: Vec<usize> = (0..n).filter(|&i| kept[i].is_none()).collect();
    let per_file = (cores / todo.len().max(1)).max(1);
    // In file order, like `todo`: each file without a kept lint takes the next of these.
    let mut linted = crate::par::map(todo.len(), cores, |j| {
        lint_one(ws, config, analysis, todo[j], per_file, docs_on)
    })
    .into_iter();
    let mut each = Vec::with_capacity(n);
    for (i, kept) in kept.into_iter().enumerate() {
        let (one, keep) = match kept {
            Some(k) => (k.linted(analysis, i), Some(k)),
            None => {
                let Some(one) = linted.next() else { break };
                let keep = reuse.is_some().then(|| {
                    let file = analysis.dockerfiles[i];
                    Kept::of(&file.text, &one, analysis.built_kept(i))
                });
                (one, keep)
            }
        };
        if let (Some(r), Some(k)) = (reuse.as_deref_mut(), keep) {
            r.files.insert(analysis.dockerfiles[i].path.clone(), k);
        }
        each.push(one);
    }
    let mut docs = Vec::with_capacity(if docs_on { n } else { 0 });
    // The report's findings are most of what a monorepo's lint holds: room for all at once.
    report
        .findings
        .reserve_exact(each.iter().map(|one| one.findings.len()).sum());
    // Each Dockerfile's pragmas, for the cross-file findings that land in it.
    let mut pragmas: std::collections::HashMap<&str, crate::pragma::Pragmas> =
        std::collections::HashMap::with_capacity(n);
    for (i, one) in each.into_iter().enumerate() {
        report.errors.extend(one.errors);
        report.findings.extend(one.findings);
        docs.extend(one.doc);
        pragmas.insert(analysis.dockerfiles[i].path.as_str(), one.pragmas);
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
    // The cross-file findings, gathered apart and then added at once (pushed one by one, the
    // report's vector, sized for the files' findings, would double).
    let mut cross = Vec::new();
    let compose_start = report.findings.len();
    // One line index per file, however many findings it gets.
    let mut indexes: std::collections::HashMap<&str, LineIndex> = std::collections::HashMap::new();
    let cx = if docs_on {
        rules::compose::WorkspaceCx::with_docs(analysis, docs)
    } else {
        rules::compose::WorkspaceCx::new(analysis)
    }
    .with_dclint(dclint_settings(ws, analysis, config, &mut report.errors));
    for rule in rules::registry::workspace_rules() {
        let meta = rule.meta();
        let Some(default_severity) = config.severity_for(meta) else {
            continue;
        };
        // A severity given on the command line wins over a `.dclintrc`'s level, 0 included.
        let chosen = config.overrides_severity(meta);
        raw.clear();
        rule.check(&cx, &mut raw);
        for (path, d) in raw.drain(..) {
            let Some(file) = ws.get(&path) else { continue };
            let severity = match cx.dclint(&path).and_then(|s| s.level_for(meta)) {
                Some(None) if !chosen => continue,
                Some(Some(level)) if !chosen => level,
                _ => default_severity,
            };
            let index = indexes
                .entry(file.path.as_str())
                .or_insert_with(|| LineIndex::new(&file.text));
            cross.push(finding(meta, severity, &file.path, &file.text, index, d));
        }
    }
    report.findings.reserve_exact(cross.len());
    report.findings.append(&mut cross);
    if !config.disable_ignore_pragma {
        crate::compose::comments::retain_unsilenced(
            ws,
            &analysis.composes,
            &mut report.findings,
            compose_start,
        );
        // Cross-file findings that land in a Dockerfile obey its `# hadolint ignore=` pragmas too.
        let mut n = 0;
        report.findings.retain(|f| {
            n += 1;
            if n <= compose_start {
                return true;
            }
            let silenced = pragmas.get(f.file.as_str()).is_some_and(|p| {
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

/// What the lint of one Dockerfile hands back ([`lint_one`]).
struct LintedFile<'a> {
    /// Its parse errors (and configuration errors).
    errors: Vec<FileError>,
    /// Its own rules' findings that its config and pragmas let through.
    findings: Vec<Finding>,
    /// The file as the consistency rules compare it (when they are on).
    doc: Option<rules::compose::FileDoc<'a>>,
    /// Its pragmas (those naming known rules), which silence cross-file findings in it too.
    pragmas: crate::pragma::Pragmas,
}

/// One Dockerfile parsed and linted: its parse errors and findings (its own rules, its config, its
/// pragmas), and with `doc`, the file as the consistency rules compare it. What the cross-file
/// rules read of it is kept in the analysis ([`Analysis::keep_built`]); its parse and RUN analyses
/// are let go here.
fn lint_one<'a>(
    ws: &Workspace,
    config: &Config,
    analysis: &'a Analysis<'_>,
    i: usize,
    threads: usize,
    doc: bool,
) -> LintedFile<'a> {
    let file = analysis.dockerfiles[i];
    let df = &dockerfile::parse(&file.text);
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
    let mut file_doc = None;
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
        threads,
        &mut |model, vars, runs| {
            analysis.keep_built(i, model);
            if doc {
                file_doc = Some(rules::compose::file_doc(analysis, i, model, vars, runs));
            }
        },
        &mut findings,
    );
    if !config.disable_ignore_pragma {
        findings.retain(|f| {
            let mut names = vec![f.rule];
            names.extend(f.aliases.iter().copied());
            !pragmas.silences(&names, f.span.start)
        });
    }
    // Nothing reads them after this file's lint: the cross-file rules read `file_doc`.
    analysis.run_scripts[i].clear();
    LintedFile {
        errors,
        findings,
        doc: file_doc,
        pragmas,
    }
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
        aliases: meta.aliases,
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

/// Each compose file's dclint settings: those of its nearest `.dclintrc` (none when the command
/// line's `--config` replaces the workspace's configuration files). A `.dclintrc` that cannot be
/// read is an error at its place, and the compose files under it get dclint's defaults.
fn dclint_settings(
    ws: &Workspace,
    analysis: &Analysis<'_>,
    config: &Config,
    errors: &mut Vec<FileError>,
) -> crate::config::dclint::DclintFiles {
    let mut out = crate::config::dclint::DclintFiles::default();
    if !config.use_workspace_config {
        return out;
    }
    // Each `.dclintrc` read once: its number in `out`, or none when it cannot be read.
    let mut read: std::collections::HashMap<&str, Option<usize>> = Default::default();
    for file in ws
        .files()
        .iter()
        .filter(|f| f.kind == FileKind::DclintConfig)
    {
        let which = match crate::config::dclint::parse(&file.text) {
            Ok(s) => Some(out.add(s)),
            Err(e) => {
                push_config_error(errors, file, e);
                None
            }
        };
        read.insert(file.path.as_str(), which);
    }
    if read.is_empty() {
        return out;
    }
    for c in &analysis.composes {
        let Some(file) = crate::config::nearest(ws, &c.path, FileKind::DclintConfig) else {
            continue;
        };
        if let Some(&Some(which)) = read.get(file.path.as_str()) {
            out.apply(&c.path, which);
        }
    }
    out
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
fn lint_dockerfile<'a>(
    ws: &Workspace,
    path: &str,
    text: &str,
    df: &'a Dockerfile,
    index: &LineIndex,
    config: &Config,
    opts: &CheckOptions,
    named_contexts: &[String],
    targets: &[String],
    run_scripts: &rules::RunScripts,
    composes: &[crate::compose::ComposeFile],
    built_by: &[(usize, usize)],
    pragma_shell: Option<&str>,
    threads: usize,
    with_runs: &mut dyn FnMut(
        &dockerfile::model::Model<'a>,
        &crate::semantic::vars::Vars,
        &[crate::semantic::runs::RunSite<'_>],
    ),
    out: &mut Vec<Finding>,
) {
    // Threads cost tens of microseconds to start: a small file is checked on this one.
    let threads = if df.instructions().nth(SPREAD_FROM).is_some() {
        threads
    } else {
        1
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
    // The rules that are on for this file (or for one of its instructions), in registry order.
    let on: Vec<(&dyn rules::Rule, Option<Severity>)> = rules::registry::dockerfile_rules()
        .filter_map(|rule| {
            let severity = severity_under(opts, rule.meta());
            (severity.is_some()
                || local
                    .iter()
                    .any(|(_, o)| severity_under(o, rule.meta()).is_some()))
            .then_some((rule, severity))
        })
        .collect();
    let model = dockerfile::model::Model::build(df);
    let vars = crate::semantic::vars::Vars::build(&model);
    let context = |runs| Context {
        path,
        workspace: ws,
        text,
        dockerfile: df,
        model: &model,
        config,
        named_contexts,
        targets,
        vars: &vars,
        composes,
        built_by,
        runs,
        memo: Default::default(),
    };
    // The memo several rules share (the ShellCheck-style walk) is filled RUN by RUN while the
    // RUNs are collected, each on the thread that analysed it, so each RUN's syntax tree is let
    // go right after its walk. The walk reads no RUN collection: it runs on a context without one.
    let fill_memo = on.iter().any(|(rule, _)| rule.reads_memo());
    let (runs, parts) = context(&[]).collect_runs(run_scripts, pragma_shell, threads, fill_memo);
    let cx = context(&runs);
    if let Some(parts) = parts {
        cx.keep_memo(parts);
    }
    let run_rule = |k: usize| -> Vec<Finding> {
        let (rule, severity) = on[k];
        let meta = rule.meta();
        let mut raw = Vec::new();
        rule.check(&cx, &mut raw);
        raw.into_iter()
            .filter_map(|d| {
                let here = local.iter().find(|(span, _)| {
                    span.start <= d.span.start && d.span.start < span.end.max(span.start + 1)
                });
                let severity = match here {
                    Some((_, o)) => severity_under(o, meta),
                    None => severity,
                }?;
                Some(finding(meta, severity, path, text, index, d))
            })
            .collect()
    };
    // Back in registry order, whichever thread ran what.
    let done = crate::par::map(on.len(), threads, run_rule);
    out.extend(done.into_iter().flatten());
    with_runs(&model, &vars, &runs);
}

/// Files with more instructions than this spread their RUN analyses and rules over the threads
/// [`lint`] leaves them (when there are fewer files than cores).
const SPREAD_FROM: usize = 128;

/// Every rule's metadata, in registry order.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    rules::registry::metas()
}

/// Rule metadata lookup by id or alias (what `shipshape explain` and the UI's rule pages use).
pub fn find_rule(id_or_alias: &str) -> Option<&'static RuleMeta> {
    rules::registry::find(id_or_alias)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file big enough to be spread over threads, with findings of many rules (ShellCheck-style
    /// ones read the shared memo), `# check=` options above single instructions, and pragmas.
    fn big_workspace() -> Workspace {
        let mut text = String::from("FROM ubuntu:22.04 AS build\nARG V\nENV A=1\n");
        for i in 0..SPREAD_FROM + 40 {
            match i % 6 {
                0 => text.push_str(&format!("RUN apt-get install curl{i} && echo $V{i} $A\n")),
                1 => text.push_str(&format!("# check=skip=JSONArgsRecommended\nCMD echo {i}\n")),
                2 => text.push_str(&format!("run cd /tmp/{i} && pip install x{i}\n")),
                3 => text.push_str(&format!(
                    "# hadolint ignore=DL3003\nRUN cd /x{i} && ls `pwd`\n"
                )),
                4 => text.push_str(&format!("COPY a{i} b c\n")),
                _ => text.push_str(&format!("RUN [ $x{i} == y ] && sudo true\n")),
            }
        }
        let mut ws = Workspace::new();
        ws.add("Dockerfile", text);
        ws
    }

    /// A compose project: a service building `api/Dockerfile` at a target with args, another
    /// building `worker/Dockerfile`, a third Dockerfile nothing builds, an ignore file and a
    /// hadolint configuration; each Dockerfile with findings of its own and of the cross-file
    /// and consistency rules.
    fn project() -> Workspace {
        let mut ws = Workspace::new();
        ws.add(
            "compose.yaml",
            "services:\n  api:\n    build:\n      context: api\n      target: run\n      args:\n        V: \"1\"\n    ports: [\"80:80\"]\n  worker:\n    build: worker\n",
        );
        ws.add(
            "api/Dockerfile",
            "FROM python:3.12 AS build\nARG V\nRUN pip install flask==$V\nCOPY app.py /src/app.py\nFROM python:3.12-slim AS run\nUSER 1000\nCOPY --from=build /src /src\nCMD python app.py\n",
        );
        ws.add("api/.dockerignore", ".git\nsecrets.txt\n");
        ws.add(
            "worker/Dockerfile",
            "FROM python:3.11\nRUN useradd -u 1001 app && pip install celery\nUSER app\nCMD [\"celery\"]\n",
        );
        ws.add(
            "tools/Dockerfile",
            "FROM ubuntu:latest\nRUN apt-get update && apt-get install curl\nMAINTAINER me\n",
        );
        ws.add(".hadolint.yaml", "ignored: []\n");
        ws
    }

    #[test]
    fn a_reused_lint_gives_the_fresh_report() {
        let config = Config::default();
        let mut ws = project();
        let mut reuse = Reuse::default();
        let mut check = |ws: &Workspace, reused: usize, what: &str| {
            let fresh = lint(ws, &config);
            let again = lint_reusing(ws, &config, &mut reuse);
            assert_eq!(format!("{again:?}"), format!("{fresh:?}"), "{what}");
            assert_eq!(reuse.reused(), reused, "files reused after: {what}");
            fresh
        };
        let first = check(&ws, 0, "the first lint");
        let rules: std::collections::HashSet<&str> =
            first.findings.iter().map(|f| f.rule).collect();
        assert!(
            rules.len() > 8
                && first
                    .findings
                    .iter()
                    .any(|f| f.rule.starts_with("inconsistent")),
            "the project has findings of many kinds: {rules:?}"
        );
        check(&ws, 3, "nothing changed");
        ws.add(
            "tools/Dockerfile",
            "FROM ubuntu:24.04\nRUN apt-get install -y curl\n",
        );
        check(&ws, 2, "one Dockerfile edited");
        ws.add(
            "worker/Dockerfile",
            "FROM python:3.12\nRUN useradd -u 1002 app\nUSER app\n",
        );
        check(
            &ws,
            2,
            "another edited (the consistency rules compare it anew)",
        );
        // What a Dockerfile's own rules read besides its text: every kept lint is dropped.
        ws.add("api/.dockerignore", ".git\napp.py\n");
        check(&ws, 0, "the ignore file edited");
        ws.add(
            "compose.yaml",
            "services:\n  api:\n    build:\n      context: api\n      target: build\n",
        );
        check(&ws, 0, "the compose file edited");
        ws.add("extra/Dockerfile", "FROM alpine:3.20\nRUN apk add curl\n");
        check(&ws, 3, "a Dockerfile added");
        let mut fewer = Workspace::new();
        for f in ws.files().iter().filter(|f| f.path != "tools/Dockerfile") {
            fewer.add_as(f.path.clone(), f.text.clone(), f.kind);
        }
        check(&fewer, 3, "a Dockerfile removed");
        let strict = Config {
            disable_ignore_pragma: true,
            ..Config::default()
        };
        let fresh = lint(&fewer, &strict);
        assert_eq!(
            format!("{:?}", lint_reusing(&fewer, &strict, &mut reuse)),
            format!("{fresh:?}"),
            "another configuration"
        );
        assert_eq!(reuse.reused(), 0, "a new configuration lints every file");
    }

    #[test]
    fn one_thread_or_several_give_the_same_report() {
        let ws = big_workspace();
        let analysis = Analysis::new(&ws);
        let one = lint_on(&analysis, &Config::default(), 1, None);
        assert!(
            one.findings.len() > 300,
            "the file has findings to compare: {}",
            one.findings.len()
        );
        let rules: std::collections::HashSet<&str> = one.findings.iter().map(|f| f.rule).collect();
        assert!(
            rules.len() > 8 && rules.iter().any(|r| r.starts_with("SC")),
            "{rules:?}"
        );
        for threads in [2, 3] {
            let analysis = Analysis::new(&ws);
            let many = lint_on(&analysis, &Config::default(), threads, None);
            assert_eq!(
                format!("{:?}", one),
                format!("{:?}", many),
                "{threads} threads"
            );
        }
    }
}
