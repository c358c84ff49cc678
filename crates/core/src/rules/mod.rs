//! The rule model: metadata with docs, the `Rule` trait, the registry, and one module per rule.

pub use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::dockerfile::model::Model;
pub(crate) use crate::dockerfile::model::{parent_stage, stage_chain};
use crate::dockerfile::Dockerfile;
pub use crate::semantic::RunScripts;
use crate::source::Span;

// Topic folders, one file per rule (some files still hold a few closely related rules); the
// one list of rules is `registry.rs`.
mod caching;
pub mod compose;
mod copy;
pub(crate) mod edits;
pub mod examples;
mod from;
mod metadata;
mod packages;
pub mod registry;
mod run;
pub(crate) mod runtime;
mod structure;
mod syntax;
mod variables;

/// What a rule sees: the source, its lossless syntax tree and the semantic model (stages, args).
pub struct Context<'a> {
    /// This file's path in the workspace.
    pub path: &'a str,
    /// The whole workspace, for the files that are not Dockerfiles (`.dockerignore`, compose
    /// files). A Dockerfile's own rules never read another Dockerfile: `lint::Reuse` keeps a
    /// file's lint while only other Dockerfiles change (a cross-file rule compares Dockerfiles).
    pub workspace: &'a crate::workspace::Workspace,
    pub text: &'a str,
    pub dockerfile: &'a Dockerfile,
    pub model: &'a Model<'a>,
    /// The configuration in effect for this file (trusted registries, label schema, ...).
    pub config: &'a crate::config::Config,
    /// Named build contexts compose declares (`additional_contexts`) for services building this file.
    pub named_contexts: &'a [String],
    /// Compose `build.target`s that build this file (empty when no compose service names one).
    pub targets: &'a [String],
    /// The one answer to "what is `$NAME` here" (ENV/ARG scope, BuildKit's rules).
    pub vars: &'a crate::semantic::vars::Vars,
    /// The workspace's compose files, read once for the whole lint (the semantic analysis).
    pub composes: &'a [crate::compose::ComposeFile],
    /// The (compose file, service) pairs that build this Dockerfile, as indices into `composes`.
    pub built_by: &'a [(usize, usize)],
    /// Every RUN of this file with the SHELL in effect and its scripts (`semantic::runs`).
    pub runs: &'a [crate::semantic::runs::RunSite<'a>],
    /// What several rules of this file compute once and share (`Default::default()`).
    pub memo: Memo,
}

/// Results a family of rules computes once per file and shares, kept with the file's [`Context`]
/// (so they never outlive the lint that made them).
#[derive(Default)]
pub struct Memo {
    /// Every ShellCheck-style finding of the file (`run::sc::findings`), sorted: gathered RUN by
    /// RUN by the pipeline ([`Context::memo_of_run`], [`Context::keep_memo`]), or computed by the
    /// first rule to ask.
    pub(crate) sc: std::sync::OnceLock<std::sync::Arc<Vec<run::sc::ScFinding>>>,
    /// What the walk of every RUN reads about the file (`run::sc::Setup`), worked out by the first.
    pub(crate) sc_setup: std::sync::OnceLock<run::sc::Setup>,
    /// What the file's RUNs run ([`Context::called`]).
    called: std::sync::OnceLock<crate::semantic::runs::Called>,
}

/// The part of a file's [`Memo`] that one RUN gives (see [`Context::memo_of_run`]).
pub struct RunMemo(Vec<run::sc::ScFinding>);

impl Context<'_> {
    /// What the RUN `site`, whose analysed scripts are `scripts` (trees included), adds to the
    /// [`Memo`]. It reads nothing of [`Context::runs`], so the pipeline calls it while it collects
    /// the RUNs (`semantic::runs::collect_on`'s `each`), on a context whose `runs` are still empty:
    /// each RUN's tree is then let go right after its analysis.
    pub fn memo_of_run(
        &self,
        site: &crate::semantic::runs::RunSite<'_>,
        scripts: &[crate::shell::Script],
    ) -> RunMemo {
        RunMemo(run::sc::of_run(self, site, scripts))
    }

    /// Keeps the parts of every RUN of the file (in file order) as this context's [`Memo`].
    pub fn keep_memo(&self, parts: Vec<RunMemo>) {
        run::sc::gathered(self, parts.into_iter().flat_map(|p| p.0).collect());
    }
}

impl<'a> Context<'a> {
    /// The file's RUNs (`semantic::runs::collect_on`, on up to `threads` threads), asked of a
    /// context whose `runs` are still empty. With `fill`, each RUN is handed to
    /// [`Context::memo_of_run`] on the thread that analysed it, while its syntax tree exists, and
    /// the parts come back for the context made with these RUNs ([`Context::keep_memo`]).
    pub fn collect_runs(
        &self,
        memo: &crate::semantic::RunScripts,
        pragma_shell: Option<&str>,
        threads: usize,
        fill: bool,
    ) -> (
        Vec<crate::semantic::runs::RunSite<'a>>,
        Option<Vec<RunMemo>>,
    ) {
        let parts: Vec<std::sync::OnceLock<RunMemo>> = if fill {
            self.dockerfile
                .instructions()
                .map(|_| Default::default())
                .collect()
        } else {
            Vec::new()
        };
        let each = |site: &crate::semantic::runs::RunSite<'a>, scripts: &[crate::shell::Script]| {
            let _ = parts[site.index].set(self.memo_of_run(site, scripts));
        };
        let runs = crate::semantic::runs::collect_on(
            self.dockerfile,
            self.model,
            self.text,
            memo,
            pragma_shell,
            threads,
            fill.then_some(&each as crate::semantic::runs::EachSite<'_, 'a>),
        );
        let parts = fill.then(|| parts.into_iter().filter_map(|p| p.into_inner()).collect());
        (runs, parts)
    }
}

impl<'a> Context<'a> {
    /// What the file's RUNs run (programs, package managers), summed up by the first rule to ask:
    /// a rule about some programs returns at once when the file runs none of them.
    pub fn called(&self) -> &crate::semantic::runs::Called {
        self.memo
            .called
            .get_or_init(|| crate::semantic::runs::Called::of(self.runs))
    }

    /// The RUN collection's entry for `ins` (a RUN or an `ONBUILD RUN` of this file).
    pub fn run_of(
        &self,
        ins: &crate::dockerfile::Instruction,
    ) -> Option<&crate::semantic::runs::RunSite<'a>> {
        let at = self
            .runs
            .binary_search_by_key(&ins.span.start, |r| r.ins.span.start)
            .ok()?;
        self.runs.get(at)
    }

    /// Indexes of the stages that ship: each compose `target` that names a stage here, else the
    /// last stage. Image-size advice applies to these (and the local stages they build on, see
    /// [`Context::stage_chain`]); other stages are judged on caching and correctness only.
    pub fn shipped_stages(&self) -> Vec<usize> {
        self.model.shipped_stages(self.targets)
    }

    /// `index` and the local stages it builds on (`FROM <earlier stage>`), nearest first.
    pub fn stage_chain(&self, index: usize) -> Vec<usize> {
        self.model
            .stages
            .get(index)
            .map(|stage| {
                stage_chain(self.model, stage)
                    .iter()
                    .map(|s| s.index)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether stage `index` ends up in a shipped image (it ships, or a shipped stage builds on it).
    /// A snippet without FROM is not a builder stage either: its one stage counts as shipped here,
    /// though it has no final stage for image-level advice.
    pub fn is_shipped(&self, index: usize) -> bool {
        if self.model.stages.get(index).is_some_and(|s| s.anonymous) {
            return true;
        }
        self.shipped_stages()
            .into_iter()
            .any(|s| self.model.builds_on(s, index))
    }

    /// The local stage `index` is built on, if any (always an earlier stage).
    pub(crate) fn parent_of(&self, index: usize) -> Option<usize> {
        self.model.parent(index).filter(|&p| p < index)
    }

    /// For each stage, whether its chain (it and the local stages it is built on) starts from
    /// `scratch`, from [`Context::chain_roots`].
    pub(crate) fn scratch_chains(&self) -> Vec<bool> {
        self.chain_roots()
            .into_iter()
            .map(|r| {
                self.model
                    .stages
                    .get(r)
                    .and_then(|root| root.base_resolved.as_deref())
                    .is_some_and(|b| b.eq_ignore_ascii_case("scratch"))
            })
            .collect()
    }

    /// For each stage, the stage at the root of its chain (the one built on an image). One pass:
    /// a rule that needs each stage's root must not walk each stage's chain (10,000 chained
    /// stages would be 50 million steps).
    pub(crate) fn chain_roots(&self) -> Vec<usize> {
        let mut roots: Vec<usize> = Vec::with_capacity(self.model.stages.len());
        for s in 0..self.model.stages.len() {
            let root = self.parent_of(s).map_or(s, |p| roots[p]);
            roots.push(root);
        }
        roots
    }
}

/// Names that instructions of a stage's ancestors define (ENV, ARG, ...), asked per stage without
/// walking its chain: for each name, the stages that define it, and the O(1) builds-on test.
pub(crate) struct InheritedNames {
    definers: std::collections::HashMap<String, Vec<usize>, crate::source::BuildNameHasher>,
}

impl InheritedNames {
    /// `names` gives the names one instruction defines.
    pub(crate) fn new(
        model: &Model<'_>,
        names: impl Fn(&crate::dockerfile::Instruction) -> Vec<String>,
    ) -> Self {
        let mut definers: std::collections::HashMap<String, Vec<usize>, _> =
            std::collections::HashMap::with_hasher(crate::source::BuildNameHasher);
        for stage in &model.stages {
            for ins in &stage.instructions {
                for n in names(ins) {
                    let v = definers.entry(n).or_default();
                    if v.last() != Some(&stage.index) {
                        v.push(stage.index);
                    }
                }
            }
        }
        InheritedNames { definers }
    }

    /// Whether any stage of the file defines `name`.
    pub(crate) fn defined_anywhere(&self, name: &str) -> bool {
        self.definers.contains_key(name)
    }

    /// Whether a stage that `stage` is built on (not `stage` itself) defines `name`.
    pub(crate) fn inherited(&self, model: &Model<'_>, stage: usize, name: &str) -> bool {
        self.definers
            .get(name)
            .is_some_and(|v| v.iter().any(|&d| d != stage && model.builds_on(stage, d)))
    }
}

/// A step of [`stage_tree_walk`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Visit {
    Enter(usize),
    Leave(usize),
}

/// The stages as a depth-first walk of the built-on forest: each stage is entered after the stage
/// it is built on and left after every stage built on it, so a rule can carry state down a chain
/// and undo a stage's part on leaving it (linear, where walking each stage's chain is quadratic).
/// Iterative: chains can be 10,000 stages deep.
pub(crate) fn stage_tree_walk(model: &Model<'_>) -> Vec<Visit> {
    let n = model.stages.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for s in 0..n {
        match model.parent(s).filter(|&p| p < s) {
            Some(p) => children[p].push(s),
            None => roots.push(s),
        }
    }
    let mut out = Vec::with_capacity(2 * n);
    let mut stack: Vec<Visit> = roots.iter().rev().map(|&r| Visit::Enter(r)).collect();
    while let Some(v) = stack.pop() {
        out.push(v);
        if let Visit::Enter(s) = v {
            stack.push(Visit::Leave(s));
            stack.extend(children[s].iter().rev().map(|&c| Visit::Enter(c)));
        }
    }
    out
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>);
    /// Whether `check` reads a result of the file's [`Memo`]: the pipeline fills the memo while it
    /// collects the RUNs only when one of the rules it runs does.
    fn reads_memo(&self) -> bool {
        false
    }
    /// The implementing type's path (`shipshape_core::rules::from::latest_tag::Dl3007`), which
    /// says where the rule lives.
    ///
    /// Part of a rule's documentation: empty without the `docs` feature (the page, which never
    /// asks, would otherwise carry every rule's path).
    fn type_name(&self) -> &'static str {
        if cfg!(feature = "docs") {
            std::any::type_name::<Self>()
        } else {
            ""
        }
    }
}

/// Quote a string for a Dockerfile double-quoted value (LABEL/ENV), escaping `"`, `\` and `$`.
pub(crate) fn dockerfile_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if matches!(c, '"' | '\\' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// A JSON string literal (exec-form arguments).
pub(crate) fn json_quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// Run one rule over a Dockerfile with the default configuration (for the rules' own unit tests).
#[cfg(test)]
pub(crate) fn run(rule: &dyn Rule, src: &str) -> Vec<Diagnostic> {
    run_with(rule, src, &crate::config::Config::default())
}

/// Run one rule over a Dockerfile with a given configuration (for the rules' own unit tests).
#[cfg(test)]
pub(crate) fn run_with(
    rule: &dyn Rule,
    src: &str,
    config: &crate::config::Config,
) -> Vec<Diagnostic> {
    run_full(rule, "Dockerfile", src, config, &[])
}

/// Run one rule over a Dockerfile at `path`, built as the compose `targets` (for the rules' own
/// unit tests of file names and compose targets).
#[cfg(test)]
pub(crate) fn run_at(
    rule: &dyn Rule,
    path: &str,
    src: &str,
    targets: &[String],
) -> Vec<Diagnostic> {
    run_full(rule, path, src, &crate::config::Config::default(), targets)
}

#[cfg(test)]
fn run_full(
    rule: &dyn Rule,
    path: &str,
    src: &str,
    config: &crate::config::Config,
    targets: &[String],
) -> Vec<Diagnostic> {
    let df = crate::dockerfile::parse(src);
    let model = Model::build(&df);
    let ws = crate::workspace::Workspace::new();
    let run_scripts = RunScripts::default();
    let vars = crate::semantic::vars::Vars::build(&model);
    let shell = crate::pragma::collect(&df, src).shell;
    let runs = crate::semantic::runs::collect(&df, &model, src, &run_scripts, shell.as_deref());
    let cx = Context {
        path,
        workspace: &ws,
        text: src,
        dockerfile: &df,
        model: &model,
        config,
        named_contexts: &[],
        targets,
        vars: &vars,
        composes: &[],
        built_by: &[],
        runs: &runs,
        memo: Memo::default(),
    };
    let mut out = Vec::new();
    rule.check(&cx, &mut out);
    out
}

/// Extend a span to whole lines, the final newline included (for fixes that delete instructions or lines).
pub(crate) fn whole_lines(text: &str, span: Span) -> Span {
    let start = text[..span.start.min(text.len())]
        .rfind('\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let end = match text[span.end.min(text.len())..].find('\n') {
        Some(p) => span.end + p + 1,
        None => text.len(),
    };
    Span::new(start, end)
}

/// The same word in the casing of `like`: all upper if `like` is upper, else all lower.
pub(crate) fn recase(word: &str, upper: bool) -> String {
    if upper {
        word.to_ascii_uppercase()
    } else {
        word.to_ascii_lowercase()
    }
}

/// Variables a shell-quoted word expands (`$X`, `${X}`, ...): references inside single quotes and
/// escaped dollars (`\$X`) are literal text and not counted.
pub(crate) fn expanded_vars(raw: &str, escape: char) -> Vec<String> {
    let mut plain = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    let mut in_double = false;
    while let Some(c) = chars.next() {
        if c == '\'' && !in_double {
            for d in chars.by_ref() {
                if d == '\'' {
                    break;
                }
            }
            plain.push(' ');
        } else if c == escape {
            chars.next();
            plain.push(' ');
        } else if c == '"' {
            in_double = !in_double;
            plain.push(' ');
        } else {
            plain.push(c);
        }
    }
    crate::dockerfile::model::referenced_vars(&plain)
}
