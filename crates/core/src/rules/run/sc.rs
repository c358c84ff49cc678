//! A native re-implementation of the ShellCheck checks hadolint reports most often, over
//! brush-parser's AST of each RUN script (see [`crate::shell`] for which text is analysed).
//!
//! One walk per script computes every supported code; the rules in `shellcheck.rs` pick theirs.
//! The walk follows ShellCheck 0.11 (the version hadolint 2.15.1 bundles) where it matters:
//!
//! * **Quoting contexts** (ShellCheck's `isQuoteFree`): double quotes, assignments, `[[ ]]`,
//!   arithmetic, `case` subjects, `for … in` words and `${…}` contents never split; command
//!   arguments, redirection targets and here-strings do. Arguments of `export`/`local`/… that
//!   are assignments do not split in bash/dash/ash but do in plain `sh` (POSIX).
//! * **Variable data flow** for SC2086: a variable is *clean* when every value that can reach the
//!   expansion is free of blanks and glob characters (literals without them, arithmetic, `$#`,
//!   `$?`, …, other clean variables); unknown variables, command output and `read` input are not.
//!   Branches (`if`, `case`, `&&`, `||`) join, loops run their body twice, subshells, pipelines and
//!   `&` do not leak assignments, and `exit` ends a path. As in hadolint, variables declared by
//!   ARG or ENV earlier in the stage or in the local stages it is built on (hadolint exports them
//!   as `1` before the script) and the proxy variables are clean.
//! * **Dialect** from the interpreter's name: `sh` (POSIX), `dash`, `ash`/`busybox`, `bash`
//!   (also `zsh`), `ksh`/`mksh`.

use super::common::{self, instructions, runs, Run};
use crate::dockerfile::{Args, Heredoc, Instruction, Keyword};
use crate::rules::Context;
use crate::shell::{basename, is_assignment, Interpreter, Origin, Script};
use crate::source::BuildNameHasher;
use crate::source::Span;
use brush_parser::ast::{
    self, AndOr, CommandPrefixOrSuffixItem, CompoundCommand, CompoundList, ExtendedTestExpr,
    IoFileRedirectTarget, IoRedirect,
};
use brush_parser::word::{
    Parameter, ParameterExpr, SpecialParameter, WordPiece, WordPieceWithSource,
};
use std::collections::HashMap;
use std::rc::Rc;

/// One ShellCheck-style finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScFinding {
    pub code: &'static str,
    pub span: Span,
    pub message: String,
    /// Replacement edits `(span, text)` for a mechanical fix, when there is one.
    pub fix: Option<Vec<(Span, String)>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sh,
    Dash,
    Ash,
    Bash,
    Ksh,
}

impl Dialect {
    /// From the program's file name, ASCII case ignored and any `.exe` suffixes dropped.
    fn of(program: &str) -> Dialect {
        let mut base = basename(program);
        while let Some(stem) = base
            .len()
            .checked_sub(4)
            .filter(|&i| base.is_char_boundary(i) && base[i..].eq_ignore_ascii_case(".exe"))
            .map(|i| &base[..i])
        {
            base = stem;
        }
        let is = |names: &[&str]| names.iter().any(|n| base.eq_ignore_ascii_case(n));
        if is(&["dash"]) {
            Dialect::Dash
        } else if is(&["ash", "busybox"]) {
            Dialect::Ash
        } else if is(&["bash", "zsh"]) {
            Dialect::Bash
        } else if is(&["ksh", "ksh93", "mksh", "pdksh"]) {
            Dialect::Ksh
        } else {
            Dialect::Sh
        }
    }
}

/// Every ShellCheck-style finding of the file, sorted. The pipeline gathers them RUN by RUN while
/// it collects the RUNs ([`of_run`], [`gathered`]); a context linted on its own (a rule's unit
/// test, `rule_timing`) has them computed here by the first of the codes' rules to ask.
pub(crate) fn findings(cx: &Context<'_>) -> std::sync::Arc<Vec<ScFinding>> {
    std::sync::Arc::clone(cx.memo.sc.get_or_init(|| {
        let setup = setup(cx);
        let all = instructions(cx);
        let mut out = Vec::new();
        for run in &runs(cx) {
            walk_run(cx, setup, run, all[run.ins], &mut out);
        }
        settled(out)
    }))
}

/// The findings of one RUN, whose analysed scripts are `scripts` (with their trees). Reads
/// nothing of `cx.runs`: the pipeline calls it while it collects the RUNs, right after each RUN's
/// analysis, so the RUN's tree can be let go at once instead of all trees living until the rules
/// run.
pub(crate) fn of_run(
    cx: &Context<'_>,
    site: &crate::semantic::runs::RunSite<'_>,
    scripts: &[Script],
) -> Vec<ScFinding> {
    let run = Run {
        ins: site.index,
        stage: site.stage,
        shell: &site.shell,
        onbuild: site.onbuild,
        scripts,
    };
    let mut out = Vec::new();
    walk_run(cx, setup(cx), &run, site.ins, &mut out);
    out
}

/// Keeps what [`of_run`] found for every RUN of the file, in file order, as the file's findings.
pub(crate) fn gathered(cx: &Context<'_>, found: Vec<ScFinding>) {
    let _ = cx.memo.sc.set(settled(found));
}

fn settled(mut out: Vec<ScFinding>) -> std::sync::Arc<Vec<ScFinding>> {
    crate::sort::sort_by_key(&mut out, |f| (f.span.start, f.code));
    out.dedup();
    std::sync::Arc::new(out)
}

/// What the walk of every RUN reads about the file, worked out once.
pub(crate) struct Setup {
    known: KnownVariables,
    roots: Vec<usize>,
    /// Per stage: the SHELL line its RUNs' SC3040 fixes add ([`shell_line`]), by the first to ask.
    shell_lines: Vec<std::sync::OnceLock<Option<(usize, String)>>>,
}

fn setup<'m>(cx: &'m Context<'_>) -> &'m Setup {
    cx.memo.sc_setup.get_or_init(|| Setup {
        known: KnownVariables::new(cx),
        roots: cx.chain_roots(),
        shell_lines: cx
            .model
            .stages
            .iter()
            .map(|_| std::sync::OnceLock::new())
            .collect(),
    })
}

/// Walks the scripts of one RUN (`ins` is its instruction), adding what it finds to `out`.
fn walk_run(
    cx: &Context<'_>,
    setup: &Setup,
    run: &Run,
    ins: &Instruction,
    out: &mut Vec<ScFinding>,
) {
    // ONBUILD RUN too: hadolint hands its script to ShellCheck like any RUN's.
    if !run.shell_interpreter().is_shell() {
        return;
    }
    for script in run.scripts.iter() {
        if !script.is_parsed_shell() || script.interpreter == Interpreter::Exec {
            continue;
        }
        let stage = common::stage_of(cx, run).map(|s| s.index);
        let known = setup.known.in_script(cx, run, ins, &script.text);
        // A stage may have thousands of names in scope: listed only when a reference needs them.
        let in_scope = || -> Vec<String> {
            stage.map_or_else(Vec::new, |s| {
                let names = cx.vars.names_at(s, ins.span.start);
                names.into_iter().map(str::to_string).collect()
            })
        };
        let program = script_program(ins, run, script);
        let map = ScriptMap::new(cx.text, ins, script);
        // A SHELL line would change this image, not the one the trigger runs in.
        let shell_fix = (script.origin == Origin::Shell && run.shell.is_empty() && !run.onbuild)
            .then(|| {
                let stage = common::stage_of(cx, run)?.index;
                setup.shell_lines[stage]
                    .get_or_init(|| shell_line(cx, &setup.roots, run))
                    .as_ref()
            })
            .flatten();
        analyse(
            script,
            &map,
            cx.text,
            Dialect::of(&program),
            Names {
                known: &known,
                in_scope: &in_scope,
            },
            shell_fix,
            out,
        );
    }
}

/// The words of `text` that could name a variable (`[A-Za-z_][A-Za-z0-9_]*`, as long as they
/// run), in order, with their byte offsets: every name a reference in a script reads is one of
/// them, and every name an arithmetic expression assigns.
fn identifiers(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() && !(b[i].is_ascii_alphabetic() || b[i] == b'_') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
            i += 1;
        }
        Some((start, &text[start..i]))
    })
}

/// SC3040's fix for a RUN run by the default `/bin/sh`: a `SHELL` line at the top of its stage
/// naming a shell with `set -o pipefail` (ash on Alpine and BusyBox images, else bash), as (offset,
/// text). Every finding of the stage gets the same edit, so fixing them all adds one line.
fn shell_line(cx: &Context<'_>, roots: &[usize], run: &Run) -> Option<(usize, String)> {
    let stage = common::stage_of(cx, run).filter(|s| !s.anonymous)?;
    let root = cx.model.stages.get(*roots.get(stage.index)?)?;
    let base = root.base_resolved.as_deref()?.to_ascii_lowercase();
    let image = base.rsplit('/').next().unwrap_or(&base);
    let shell = if image.starts_with("alpine") || image.starts_with("busybox") {
        "/bin/ash"
    } else {
        "/bin/bash"
    };
    let edit = crate::rules::edits::insert_line_after(
        cx.text,
        stage.from,
        &format!("SHELL [\"{shell}\", \"-c\"]"),
    );
    Some((edit.start, edit.replacement))
}

/// Variables ShellCheck (as hadolint runs it) takes as set and clean at the start of the script:
/// every ARG (name only) and ENV name set before the RUN in its stage or anywhere in the stages it
/// is built on (the proxy variables are clean in every script: [`VarMap::get`]). Answered per name, so neither a chain of 10,000 stages
/// nor 20,000 RUNs in one stage is walked per RUN.
struct KnownVariables {
    /// ARG/ENV names of the stages each stage is built on.
    above: crate::rules::InheritedNames,
    /// Per stage: name -> where the stage first sets it.
    first: Vec<HashMap<String, usize, BuildNameHasher>>,
}

const PROXY_VARIABLES: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
];

/// Names an instruction sets for ShellCheck's purposes.
fn sets(i: &Instruction) -> Vec<String> {
    match (&i.command.args, i.keyword()) {
        // As in hadolint, the ARG names of the stages this one is built on count too.
        (Args::Names(_), Keyword::Arg) => crate::dockerfile::model::arg_decls(i)
            .into_iter()
            .map(|d| d.name)
            .collect(),
        (Args::KeyValues(kvs), Keyword::Env) => kvs.iter().map(|kv| kv.key.text.clone()).collect(),
        _ => Vec::new(),
    }
}

impl KnownVariables {
    fn new(cx: &Context<'_>) -> Self {
        let mut first = vec![HashMap::with_hasher(BuildNameHasher); cx.model.stages.len()];
        for stage in &cx.model.stages {
            for i in &stage.instructions {
                for n in sets(i) {
                    first[stage.index].entry(n).or_insert(i.span.start);
                }
            }
        }
        KnownVariables {
            above: crate::rules::InheritedNames::new(cx.model, sets),
            first,
        }
    }

    /// The known names among those `script` mentions (a variable it reads is written in it): set
    /// before the RUN in its stage or in the stages it is built on (as hadolint exports them), or
    /// in scope by [`Vars::is_named_at`](crate::semantic::vars::Vars::is_named_at). The walk
    /// looks up no name the script does not mention.
    fn in_script(
        &self,
        cx: &Context<'_>,
        run: &Run,
        ins: &Instruction,
        script: &str,
    ) -> Vec<String> {
        let stage = common::stage_of(cx, run).map(|s| s.index);
        let mut out: Vec<String> = Vec::new();
        let Some(stage) = stage else {
            return out;
        };
        for (_, name) in identifiers(script) {
            if out.iter().any(|o| o == name) {
                continue;
            }
            // Most words of a script are no ARG or ENV name of any stage: one probe each.
            let set = self.above.defined_anywhere(name)
                && !PROXY_VARIABLES.contains(&name)
                && (self
                    .first
                    .get(stage)
                    .and_then(|f| f.get(name))
                    .is_some_and(|&at| at < ins.span.start)
                    || self.above.inherited(cx.model, stage, name));
            if set || cx.vars.is_named_at(stage, ins.span.start, name) {
                out.push(name.to_string());
            }
        }
        out
    }
}

/// The program whose dialect the script is written in.
fn script_program(ins: &Instruction, run: &Run, script: &Script) -> String {
    let shell = || {
        run.shell
            .first()
            .cloned()
            .unwrap_or_else(|| "/bin/sh".into())
    };
    match script.origin {
        Origin::Shell => shell(),
        Origin::ExecShell => match &ins.command.args {
            Args::Exec(w) => w.first().map_or_else(shell, |w| w.text.clone()),
            _ => shell(),
        },
        Origin::Heredoc(i) => {
            if let Some(line) = script.text.strip_prefix("#!") {
                let argv: Vec<&str> = line
                    .lines()
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                let mut k = 0;
                while k + 1 < argv.len()
                    && (basename(argv[k]) == "env" || (k > 0 && argv[k].starts_with('-')))
                {
                    k += 1;
                }
                return argv.get(k).map_or_else(shell, |s| s.to_string());
            }
            let reader = run
                .scripts
                .first()
                .filter(|s| s.origin == Origin::Shell)
                .and_then(|m| {
                    m.commands
                        .iter()
                        .find(|c| c.redirects.iter().any(|r| r.heredoc == Some(i)))
                })
                .and_then(|c| c.unwrapped().program().map(str::to_string));
            reader.unwrap_or_else(shell)
        }
        Origin::Exec => shell(),
    }
}

// ---------------------------------------------------------------------------------------------
// Positions: script text bytes → Dockerfile spans (the same stitching as `shell::analyse_run`).

#[derive(Debug, Clone, Copy)]
enum Target {
    Logical(usize),
    Source(usize),
}

#[derive(Debug)]
pub(crate) struct ScriptMap<'a> {
    pieces: Vec<(usize, usize, Target)>,
    logical: Option<&'a crate::dockerfile::LogicalLine>,
    imprecise: Option<Span>,
}

impl<'a> ScriptMap<'a> {
    fn new(text: &str, ins: &'a Instruction, script: &Script) -> ScriptMap<'a> {
        let mut m = ScriptMap {
            pieces: Vec::new(),
            logical: Some(&ins.logical),
            imprecise: None,
        };
        let mut built = String::new();
        // The RUN itself: for `ONBUILD RUN`, its trigger.
        let cmd = match &ins.command.args {
            crate::dockerfile::Args::Onbuild(inner) => &**inner,
            _ => &ins.command,
        };
        let (ls, le) = cmd.args_logical;
        let line = ins.logical.text.get(ls..le).unwrap_or("");
        match script.origin {
            Origin::Shell if ins.heredocs.is_empty() => {
                m.push(&mut built, line, Target::Logical(ls))
            }
            Origin::Shell => {
                m.push(&mut built, line, Target::Logical(ls));
                let mut end = cmd.args_span.end;
                for h in &ins.heredocs {
                    m.push(
                        &mut built,
                        "\n",
                        Target::Source(h.body.start.saturating_sub(1)),
                    );
                    let stop = if h.terminator.is_empty() {
                        h.body.end
                    } else {
                        h.terminator.end
                    };
                    m.push_source(&mut built, text, h.body.start, stop, false);
                    end = stop;
                }
                m.push(&mut built, "\n", Target::Source(end));
            }
            Origin::Heredoc(i) => {
                if let Some(h) = ins.heredocs.get(i) {
                    let h: &Heredoc = h;
                    m.push_source(&mut built, text, h.body.start, h.body.end, h.chomp);
                }
            }
            Origin::ExecShell => {
                let inner = Span::new((script.span.start).min(script.span.end), script.span.end);
                if text.get(inner.start..inner.end) == Some(script.text.as_str()) {
                    m.push(&mut built, &script.text, Target::Source(inner.start));
                }
            }
            Origin::Exec => {}
        }
        if built != script.text {
            m.pieces.clear();
            m.imprecise = Some(cmd.args_span);
        }
        m
    }

    fn push(&mut self, built: &mut String, s: &str, to: Target) {
        if !s.is_empty() {
            self.pieces.push((built.len(), s.len(), to));
            built.push_str(s);
        }
    }

    fn push_source(
        &mut self,
        built: &mut String,
        src: &str,
        start: usize,
        end: usize,
        chomp: bool,
    ) {
        let Some(body) = src.get(start..end) else {
            return;
        };
        let mut at = start;
        for line in body.split_inclusive('\n') {
            let from = if chomp {
                line.len() - line.trim_start_matches('\t').len()
            } else {
                0
            };
            let content_end = if line.ends_with("\r\n") {
                line.len() - 2
            } else {
                line.len()
            };
            if from < content_end {
                self.push(built, &line[from..content_end], Target::Source(at + from));
            }
            if content_end < line.len() && line.ends_with("\r\n") {
                self.push(built, "\n", Target::Source(at + line.len() - 1));
            }
            at += line.len();
        }
    }

    fn at(&self, off: usize, end: bool) -> usize {
        let probe = if end { off.saturating_sub(1) } else { off };
        let i = self.pieces.partition_point(|p| p.0 <= probe);
        let Some(&(at, len, to)) = i.checked_sub(1).and_then(|i| self.pieces.get(i)) else {
            return 0;
        };
        let d = (off - at).min(len);
        match to {
            Target::Source(s) => s + d,
            Target::Logical(o) => self.logical.map_or(0, |l| {
                if end {
                    l.source_end(o + d)
                } else {
                    l.source_start(o + d)
                }
            }),
        }
    }

    /// The Dockerfile span of script bytes `[a, b)`.
    pub(crate) fn span(&self, a: usize, b: usize) -> Span {
        if let Some(s) = self.imprecise {
            return s;
        }
        let s = self.at(a, false);
        if b <= a {
            return Span::empty(s);
        }
        Span::new(s, self.at(b, true).max(s))
    }

    /// Whether script bytes `[a, b)` map to one verbatim run of the Dockerfile (safe to edit).
    fn exact(&self, text: &str, a: usize, b: usize, src: &str) -> bool {
        let sp = self.span(a, b);
        self.imprecise.is_none() && src.get(sp.start..sp.end) == text.get(a..b)
    }
}

// ---------------------------------------------------------------------------------------------
// Data flow.

/// ShellCheck's "space status" of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sp {
    /// No blanks or glob characters: expanding it unquoted is harmless.
    Clean,
    /// Empty string.
    Empty,
    /// May contain blanks or glob characters, or unknown.
    Dirty,
}

impl Sp {
    fn and(self, o: Sp) -> Sp {
        match (self, o) {
            (Sp::Dirty, _) | (_, Sp::Dirty) => Sp::Dirty,
            (Sp::Empty, x) | (x, Sp::Empty) => x,
            _ => Sp::Clean,
        }
    }
    fn join(self, o: Sp) -> Sp {
        if self == o {
            self
        } else {
            Sp::Dirty
        }
    }
    fn of_literal(s: &str) -> Sp {
        if s.is_empty() {
            Sp::Empty
        } else if s.contains(['*', '?', '[', ']', ' ', '\t', '\n']) {
            Sp::Dirty
        } else {
            Sp::Clean
        }
    }
}

/// Variable states along one path; `None` when the path cannot reach here (after `exit`).
type Vars = Option<VarMap>;

/// The variables whose state is known on one path: the script's clean starting names (shared by
/// every copy, never copied) overlaid with what the path assigned. The walk copies and joins the
/// state at every branch; only the assignments are copied. Keys are shared strings, so a copy
/// only bumps reference counts.
#[derive(Clone, Default)]
struct VarMap {
    /// Names clean when the script starts ([`WITHOUT_SPACES`] besides): set and blank-free ARG and
    /// ENV names, the proxy variables.
    base: Rc<std::collections::HashSet<Rc<str>, BuildNameHasher>>,
    /// What the path assigned since (`None`: unset, unknown again), which wins over `base`.
    local: HashMap<Rc<str>, Option<Sp>, BuildNameHasher>,
}

const CLEAN: Sp = Sp::Clean;

impl VarMap {
    fn new(base: Rc<std::collections::HashSet<Rc<str>, BuildNameHasher>>) -> VarMap {
        VarMap {
            base,
            local: HashMap::with_hasher(BuildNameHasher),
        }
    }

    fn get(&self, name: &str) -> Option<&Sp> {
        match self.local.get(name) {
            Some(local) => local.as_ref(),
            None => (WITHOUT_SPACES.contains(&name)
                || PROXY_VARIABLES.contains(&name)
                || self.base.contains(name))
            .then_some(&CLEAN),
        }
    }

    fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn insert(&mut self, name: Rc<str>, value: Sp) {
        self.local.insert(name, Some(value));
    }

    /// `unset`: nothing is known of the name any more.
    fn remove(&mut self, name: &str) {
        self.local.insert(Rc::from(name), None);
    }
}

/// Where two paths meet: a name is known only when both paths know it, and clean only when both
/// agree. Both sides share the script's base, so only their assignments are compared.
fn join(a: &Vars, b: &Vars) -> Vars {
    match (a, b) {
        (None, x) | (x, None) => x.clone(),
        (Some(a), Some(b)) => {
            let mut out = VarMap::new(Rc::clone(&a.base));
            // A name neither path assigned keeps its base state; one either path assigned (or
            // unset) is known afterwards only when both paths know it.
            let both = a
                .local
                .keys()
                .chain(b.local.keys().filter(|k| !a.local.contains_key(*k)));
            for k in both {
                match (a.get(k), b.get(k)) {
                    (Some(v), Some(w)) => out.insert(k.clone(), v.join(*w)),
                    _ => out.remove(k),
                }
            }
            Some(out)
        }
    }
}

/// Variables whose value never has blanks (ShellCheck's `variablesWithoutSpaces`).
const WITHOUT_SPACES: &[&str] = &[
    "$",
    "-",
    "?",
    "!",
    "#",
    "BASHPID",
    "BASH_ARGC",
    "BASH_LINENO",
    "BASH_SUBSHELL",
    "EUID",
    "LINENO",
    "OPTIND",
    "PPID",
    "RANDOM",
    "SECONDS",
    "SHELLOPTS",
    "SHLVL",
    "UID",
    "COLUMNS",
    "HISTFILESIZE",
    "HISTSIZE",
    "LINES",
    "EPOCHREALTIME",
    "EPOCHSECONDS",
    "SRANDOM",
];

// ---------------------------------------------------------------------------------------------
// The walk.

/// A parsed piece of text: the whole script or a substitution's content.
struct Frame<'t> {
    text: &'t str,
    /// Byte offset of `text` in the script text, when it is a verbatim slice of it.
    base: Option<usize>,
    /// Script range everything is attributed to otherwise.
    fallback: (usize, usize),
    /// Char index → byte offset (brush-parser reports characters).
    chars: crate::shell::CharMap,
}

impl<'t> Frame<'t> {
    fn new(text: &'t str, base: Option<usize>, fallback: (usize, usize)) -> Frame<'t> {
        Frame {
            text,
            base,
            fallback,
            chars: crate::shell::CharMap::new(text),
        }
    }
    fn byte(&self, ci: usize) -> usize {
        self.chars.byte(ci)
    }
    /// Script range of frame bytes `[a, b)`.
    fn range(&self, a: usize, b: usize) -> (usize, usize) {
        match self.base {
            Some(base) => (base + a, base + b),
            None => self.fallback,
        }
    }
}

/// How an expansion in a word is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Use {
    /// Split and globbed: command arguments, redirection targets, here-strings.
    Split,
    /// Not split: assignments, `[[ ]]`, case subjects, `for` words.
    Free,
}

/// A word as the walk sees it.
struct WordAt<'f> {
    raw: &'f str,
    /// Frame byte offset of `raw`.
    at: usize,
    pieces: Pieces,
}

/// A word's pieces in brush-parser's word grammar: a plain word's one text piece held inline (no
/// shared vector to allocate for the most common words), else the shared parse.
#[derive(Clone, Debug)]
enum Pieces {
    Plain([WordPieceWithSource; 1]),
    Parsed(std::sync::Arc<Vec<WordPieceWithSource>>),
}

impl Pieces {
    fn as_slice(&self) -> &[WordPieceWithSource] {
        match self {
            Pieces::Plain(one) => one,
            Pieces::Parsed(all) => all,
        }
    }
}

impl std::ops::Deref for Pieces {
    type Target = [WordPieceWithSource];
    fn deref(&self) -> &[WordPieceWithSource] {
        self.as_slice()
    }
}

const MAX_DEPTH: usize = 12;

struct Walker<'a> {
    script: &'a str,
    map: &'a ScriptMap<'a>,
    src: &'a str,
    dialect: Dialect,
    has_set_e: bool,
    mute: usize,
    depth: usize,
    /// Inside a function body (for `local -r`).
    functions: usize,
    /// SC3040's fix: a `SHELL` line to insert before the RUN, when the script is the RUN's own text.
    shell_fix: Option<&'a (usize, String)>,
    /// Variables read without a default (`$x`, `${x%.*}`; not `${x:-d}`), first place each (SC2154).
    refs: Vec<(String, (usize, usize))>,
    out: &'a mut Vec<ScFinding>,
}

/// The ARG/ENV names a script's walk knows.
struct Names<'n> {
    /// Those the script mentions and that are set for it ([`KnownVariables::in_script`]): the
    /// walk looks up no other name.
    known: &'n [String],
    /// Every one in scope, mentioned or not: what a misspelt reference is compared with (SC2153),
    /// listed only for such a reference.
    in_scope: &'n dyn Fn() -> Vec<String>,
}

fn analyse(
    parsed: &crate::shell::Script,
    map: &ScriptMap<'_>,
    src: &str,
    dialect: Dialect,
    names: Names<'_>,
    shell_fix: Option<&(usize, String)>,
    out: &mut Vec<ScFinding>,
) {
    let script = parsed.text.as_str();
    // The shell analysis already parsed this text; parse again only if it kept no tree.
    let fresh;
    let prog = match &parsed.ast.0 {
        Some(p) => p.as_ref(),
        None => {
            let Ok(p) = crate::shell::parse_program(script) else {
                return;
            };
            fresh = p;
            &fresh
        }
    };
    let base = names.known.iter().map(|n| Rc::from(n.as_str())).collect();
    let vars = VarMap::new(Rc::new(base));
    let mut w = Walker {
        script,
        map,
        src,
        dialect,
        has_set_e: sets_errexit(script),
        mute: 0,
        depth: 0,
        functions: 0,
        shell_fix,
        refs: Vec::new(),
        out,
    };
    let frame = Frame::new(script, Some(0), (0, script.len()));
    let mut st: Vars = Some(vars);
    let lists: Vec<&CompoundList> = prog.complete_commands.iter().collect();
    let items: Vec<&ast::CompoundListItem> = lists.iter().flat_map(|l| l.0.iter()).collect();
    w.items(&items, &frame, &mut st, ListKind::Returning);
    w.unassigned(&names);
}

/// Variables the environment of a build step normally provides: never reported as misspellings.
const ENVIRONMENT: &[&str] = &[
    "HOME",
    "PATH",
    "PWD",
    "OLDPWD",
    "USER",
    "LOGNAME",
    "HOSTNAME",
    "SHELL",
    "TERM",
    "LANG",
    "LANGUAGE",
    "LC_ALL",
    "UID",
    "EUID",
    "PPID",
    "IFS",
    "PS1",
    "PS2",
    "PS4",
    "OPTARG",
    "OPTIND",
    "RANDOM",
    "SECONDS",
    "LINENO",
    "TMPDIR",
    "DEBIAN_FRONTEND",
    "TARGETARCH",
    "TARGETOS",
    "TARGETPLATFORM",
    "TARGETVARIANT",
    "BUILDARCH",
    "BUILDOS",
    "BUILDPLATFORM",
    "BUILDVARIANT",
];

/// Names a script may assign anywhere, read off its text: `x=`, `x+=`, `read [-opts] x y`,
/// `for x`, `select x`, `getopts spec x`, `printf -v x`, `mapfile x`, declaring commands
/// (`export x`, `local x=1`), `${x:=d}`, arithmetic `x++`/`x = 1`. An over-estimate on purpose:
/// SC2154 must only report names nothing could have set.
fn assigned_names(script: &str) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    let b = script.as_bytes();
    let is_start = |c: u8| c.is_ascii_alphabetic() || c == b'_';
    let is_part = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut words: Vec<&str> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if is_start(b[i]) && (i == 0 || !is_part(b[i - 1])) {
            let s = i;
            while i < b.len() && is_part(b[i]) {
                i += 1;
            }
            let name = &script[s..i];
            let rest = script[i..].trim_start_matches([' ', '\t']);
            let before = script[..s].trim_end_matches([' ', '\t']);
            if rest.starts_with('=') && !rest.starts_with("==")
                || rest.starts_with("+=")
                || rest.starts_with("-=")
                || rest.starts_with("++")
                || rest.starts_with("--")
                || rest.starts_with(":=")
                || before.ends_with("++")
                || before.ends_with("--")
            {
                out.insert(name.to_string());
            }
            words.push(name);
            continue;
        }
        i += 1;
    }
    // Names that follow a command that sets the variables it is given.
    const SETTERS: &[&str] = &[
        "read",
        "for",
        "select",
        "getopts",
        "printf",
        "mapfile",
        "readarray",
        "export",
        "local",
        "declare",
        "typeset",
        "readonly",
        "let",
    ];
    for line in script.split(['\n', ';', '&', '|', '(', ')', '`']) {
        let mut after_setter = false;
        for word in line.split_whitespace() {
            let bare = word.trim_matches(|c: char| c == '"' || c == '\'');
            if SETTERS.contains(&bare) || bare.starts_with('-') {
                after_setter = after_setter || SETTERS.contains(&bare);
                continue;
            }
            if after_setter && is_name(bare.split('=').next().unwrap_or("")) {
                out.insert(bare.split('=').next().unwrap_or("").to_string());
            }
        }
    }
    out
}

/// `set -e`, `set -eux`, `set -o errexit` anywhere in the text (ShellCheck's `hasSetE`).
fn sets_errexit(text: &str) -> bool {
    if memchr::memmem::find(text.as_bytes(), b"set").is_none() {
        return false; // (most scripts: no `set` word to look for)
    }
    let toks: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')'))
        .filter(|t| !t.is_empty())
        .collect();
    toks.windows(2).any(|w| {
        w[0] == "set"
            && w[1].starts_with('-')
            && !w[1].starts_with("--")
            && w[1][1..].chars().all(|c| c.is_ascii_alphabetic())
            && w[1].contains('e')
    }) || toks
        .windows(3)
        .any(|w| w[0] == "set" && w[1].starts_with('-') && w[1].ends_with('o') && w[2] == "errexit")
}

/// Where a list's items stand for SC2251.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    /// The last item's status is the list's (script, subshell, brace group, function).
    Returning,
    /// Every item's status is ignored (`then`/`else`/loop bodies).
    Body,
    /// A condition (`if`, `while`): `!` is fine anywhere.
    Condition,
}

impl Walker<'_> {
    fn emit(&mut self, code: &'static str, range: (usize, usize), message: String) {
        self.emit_fix(code, range, message, None);
    }

    /// Run `f`, keeping its findings but not their fixes.
    fn mute_fix(&mut self, f: impl FnOnce(&mut Self)) {
        let n = self.out.len();
        f(self);
        for x in &mut self.out[n..] {
            x.fix = None;
        }
    }

    fn emit_fix(
        &mut self,
        code: &'static str,
        range: (usize, usize),
        message: String,
        fix: Option<Vec<(usize, usize, String)>>,
    ) {
        if self.mute > 0 {
            return;
        }
        let span = self.map.span(range.0, range.1);
        let fix = fix.and_then(|edits| {
            edits
                .into_iter()
                .map(|(a, b, t)| {
                    let sp = self.map.span(a, b);
                    let exact = a == b && self.map.imprecise.is_none()
                        || self.map.exact(self.script, a, b, self.src);
                    exact.then_some((sp, t))
                })
                .collect::<Option<Vec<_>>>()
        });
        self.out.push(ScFinding {
            code,
            span,
            message,
            fix,
        });
    }

    fn items(
        &mut self,
        items: &[&ast::CompoundListItem],
        f: &Frame<'_>,
        st: &mut Vars,
        kind: ListKind,
    ) {
        let n = items.len();
        for (k, item) in items.iter().enumerate() {
            let ast::CompoundListItem(aol, sep) = item;
            // SC2251: `! cmd` as a statement whose status nobody looks at.
            if self.has_set_e
                && aol.additional.is_empty()
                && aol.first.bang
                && kind != ListKind::Condition
                && (kind == ListKind::Body || k + 1 < n)
            {
                if let Some((a, b)) = self.pipeline_range(&aol.first, f) {
                    let fix = if matches!(sep, ast::SeparatorOperator::Async) {
                        None
                    } else {
                        self.bang_fix(&aol.first, f)
                    };
                    self.emit_fix(
                        "SC2251",
                        (a, b),
                        "`!` on a statement of its own hides failure from `set -e`: the script goes on either way; use `cmd && exit 1`, or test `$?`".into(),
                        fix,
                    );
                }
            }
            if matches!(sep, ast::SeparatorOperator::Async) {
                let mut copy = st.clone();
                self.and_or(aol, f, &mut copy, kind == ListKind::Condition);
            } else {
                self.and_or(aol, f, st, kind == ListKind::Condition);
            }
        }
    }

    fn list(&mut self, l: &CompoundList, f: &Frame<'_>, st: &mut Vars, kind: ListKind) {
        let items: Vec<&ast::CompoundListItem> = l.0.iter().collect();
        self.items(&items, f, st, kind);
    }

    fn pipeline_range(&self, p: &ast::Pipeline, f: &Frame<'_>) -> Option<(usize, usize)> {
        let mut lo = usize::MAX;
        let mut hi = 0;
        for c in &p.seq {
            if let Some((a, b)) = command_range(c, f) {
                lo = lo.min(a);
                hi = hi.max(b);
            }
        }
        if lo == usize::MAX {
            return None;
        }
        // Include the `!` before the first command.
        let before = f.text[..lo.min(f.text.len())].trim_end();
        let lo = if before.ends_with('!') {
            before.len() - 1
        } else {
            lo
        };
        Some(f.range(lo, hi))
    }

    /// SC2251's fix: `! cmd` → `if cmd; then exit 1; fi`, when the pipeline's text ends with its
    /// last command's words (no redirections or heredocs after them).
    fn bang_fix(&self, p: &ast::Pipeline, f: &Frame<'_>) -> Option<Vec<(usize, usize, String)>> {
        let base = f.base?;
        let last = p.seq.last()?;
        let redirected = match last {
            ast::Command::Simple(sc) => sc
                .prefix
                .iter()
                .flat_map(|x| x.0.iter())
                .chain(sc.suffix.iter().flat_map(|x| x.0.iter()))
                .any(|i| {
                    !matches!(
                        i,
                        CommandPrefixOrSuffixItem::Word(_)
                            | CommandPrefixOrSuffixItem::AssignmentWord(..)
                    )
                }),
            ast::Command::Compound(_, r) => r.is_some(),
            _ => true,
        };
        if redirected {
            return None;
        }
        let (first, _) = command_range(p.seq.first()?, f)?;
        let (_, hi) = command_range(last, f)?;
        let before = f.text.get(..first)?.trim_end();
        let bang = before.strip_suffix('!').map(str::len)?;
        let body = f.text.get(first..hi)?;
        if body.contains("<<") || body.trim().is_empty() {
            return None;
        }
        Some(vec![
            (base + bang, base + first, "if ".to_string()),
            (base + hi, base + hi, "; then exit 1; fi".to_string()),
        ])
    }

    fn and_or(&mut self, aol: &ast::AndOrList, f: &Frame<'_>, st: &mut Vars, _cond: bool) {
        self.pipeline(&aol.first, f, st);
        if aol.additional.is_empty() {
            return;
        }
        let mut acc = st.clone();
        for a in &aol.additional {
            let p = match a {
                AndOr::And(p) | AndOr::Or(p) => p,
            };
            self.pipeline(p, f, st);
            acc = join(&acc, st);
        }
        *st = acc;
    }

    fn pipeline(&mut self, p: &ast::Pipeline, f: &Frame<'_>, st: &mut Vars) {
        if p.seq.len() == 1 {
            self.command(&p.seq[0], f, st);
            return;
        }
        for c in &p.seq {
            let mut copy = st.clone();
            self.command(c, f, &mut copy);
        }
    }

    fn command(&mut self, c: &ast::Command, f: &Frame<'_>, st: &mut Vars) {
        match c {
            ast::Command::Simple(sc) => self.simple(sc, f, st),
            ast::Command::Compound(cc, redirects) => {
                self.compound(cc, f, st);
                if let Some(r) = redirects {
                    for r in &r.0 {
                        self.redirect(r, f, st, "");
                    }
                }
            }
            ast::Command::Function(fd) => {
                let mut copy = st.clone();
                self.functions += 1;
                match &fd.body.0 {
                    CompoundCommand::BraceGroup(b) => {
                        self.list(&b.list, f, &mut copy, ListKind::Returning)
                    }
                    other => self.compound(other, f, &mut copy),
                }
                self.functions -= 1;
            }
            ast::Command::ExtendedTest(t, _) => self.extended_test(&t.expr, f, st),
        }
    }

    fn compound(&mut self, cc: &CompoundCommand, f: &Frame<'_>, st: &mut Vars) {
        match cc {
            CompoundCommand::Arithmetic(a) => arith_assign(&a.expr.value, st),
            CompoundCommand::ArithmeticForClause(a) => {
                for e in [&a.initializer, &a.condition, &a.updater]
                    .into_iter()
                    .flatten()
                {
                    arith_assign(&e.value, st);
                }
                self.looped(st, |w, s| w.list(&a.body.list, f, s, ListKind::Body));
            }
            CompoundCommand::BraceGroup(b) => self.list(&b.list, f, st, ListKind::Returning),
            CompoundCommand::Subshell(s) => {
                let mut copy = st.clone();
                self.list(&s.list, f, &mut copy, ListKind::Returning);
            }
            CompoundCommand::ForClause(fc) => self.for_clause(fc, f, st),
            CompoundCommand::CaseClause(cc) => {
                if let Some(w) = self.word_at(&cc.value, f) {
                    self.word(&w, f, st, Use::Free, None);
                }
                let mut acc = st.clone();
                for item in &cc.cases {
                    if let Some(l) = &item.cmd {
                        let mut arm = st.clone();
                        self.list(l, f, &mut arm, ListKind::Body);
                        acc = join(&acc, &arm);
                    }
                }
                *st = acc;
            }
            CompoundCommand::IfClause(ic) => {
                self.list(&ic.condition, f, st, ListKind::Condition);
                let mut then = st.clone();
                self.list(&ic.then, f, &mut then, ListKind::Body);
                let mut acc = then;
                let mut rest = st.clone();
                let mut has_else = false;
                for e in ic.elses.iter().flatten() {
                    if let Some(c) = &e.condition {
                        self.list(c, f, &mut rest, ListKind::Condition);
                        let mut body = rest.clone();
                        self.list(&e.body, f, &mut body, ListKind::Body);
                        acc = join(&acc, &body);
                    } else {
                        let mut body = rest.clone();
                        self.list(&e.body, f, &mut body, ListKind::Body);
                        acc = join(&acc, &body);
                        has_else = true;
                    }
                }
                if !has_else {
                    acc = join(&acc, &rest);
                }
                *st = acc;
            }
            CompoundCommand::WhileClause(wc) | CompoundCommand::UntilClause(wc) => {
                self.looped(st, |w, s| {
                    w.list(&wc.0, f, s, ListKind::Condition);
                    w.list(&wc.1.list, f, s, ListKind::Body);
                });
            }
            CompoundCommand::Coprocess(c) => {
                let mut copy = st.clone();
                self.command(&c.body, f, &mut copy);
            }
        }
    }

    /// A loop body: a silent first pass finds what the body assigns, then the real pass starts
    /// from the join of the entry state and that (the state of a second iteration).
    fn looped(&mut self, st: &mut Vars, body: impl Fn(&mut Self, &mut Vars)) {
        let entry = st.clone();
        let mut first = entry.clone();
        self.mute += 1;
        body(self, &mut first);
        self.mute -= 1;
        let mut second = join(&entry, &first);
        body(self, &mut second);
        *st = join(&entry, &second);
    }

    fn for_clause(&mut self, fc: &ast::ForClauseCommand, f: &Frame<'_>, st: &mut Vars) {
        let words: Vec<WordAt<'_>> = fc
            .values
            .iter()
            .flatten()
            .filter_map(|w| self.word_at(w, f))
            .collect();
        let mut value = if fc.values.is_none() {
            Sp::Dirty
        } else {
            Sp::Empty
        };
        for w in &words {
            self.word(w, f, st, Use::Free, None);
            value = value.and(self.word_status(w, st, true));
        }
        if value == Sp::Empty {
            value = Sp::Clean;
        }
        if words.len() == 1 {
            self.single_iteration(&words[0], f);
        }
        let name = fc.variable_name.clone();
        let set = move |s: &mut Vars| {
            if let Some(m) = s {
                m.insert(Rc::from(name.as_str()), value);
            }
        };
        set(st);
        self.looped(st, |w, s| {
            set(s);
            w.list(&fc.body.list, f, s, ListKind::Body);
        });
    }

    /// SC2043: `for x in word` with one word that expands to one item.
    fn single_iteration(&mut self, w: &WordAt<'_>, f: &Frame<'_>) {
        let pieces = &w.pieces;
        if pieces.len() == 1 {
            match &pieces[0].piece {
                // SC2066 / SC2041 territory.
                WordPiece::SingleQuotedText(_) => return,
                WordPiece::DoubleQuotedSequence(inner)
                    if inner.iter().any(|p| {
                        splits(&p.piece)
                            || matches!(&p.piece, WordPiece::Text(t) if t.contains('*'))
                    }) =>
                {
                    return
                }
                WordPiece::Text(t) if t.contains(',') => return,
                _ => {}
            }
        }
        let unquoted_glob = pieces.iter().any(|p| match &p.piece {
            WordPiece::Text(t) => has_glob(t) || has_brace_expansion(t),
            _ => false,
        });
        if unquoted_glob || pieces.iter().any(|p| splits(&p.piece)) {
            return;
        }
        let range = f.range(w.at, w.at + w.raw.len());
        self.emit(
            "SC2043",
            range,
            format!("this loop runs exactly once: `{}` is a single word; list the items unquoted, or use a glob or an expansion", w.raw),
        );
    }

    fn extended_test(&mut self, e: &ExtendedTestExpr, f: &Frame<'_>, st: &mut Vars) {
        match e {
            ExtendedTestExpr::And(a, b) | ExtendedTestExpr::Or(a, b) => {
                self.extended_test(a, f, st);
                self.extended_test(b, f, st);
            }
            ExtendedTestExpr::Not(a) | ExtendedTestExpr::Parenthesized(a) => {
                self.extended_test(a, f, st)
            }
            ExtendedTestExpr::UnaryTest(_, w) => {
                if let Some(w) = self.word_at(w, f) {
                    self.word(&w, f, st, Use::Free, None);
                }
            }
            ExtendedTestExpr::BinaryTest(pred, l, r) => {
                let (l, r) = (self.word_at(l, f), self.word_at(r, f));
                for w in [&l, &r].into_iter().flatten() {
                    self.word(w, f, st, Use::Free, None);
                }
                use brush_parser::ast::BinaryPredicate as B;
                if let (Some(l), Some(r)) = (&l, &r) {
                    if matches!(
                        pred,
                        B::StringExactlyMatchesPattern
                            | B::StringDoesNotExactlyMatchPattern
                            | B::StringExactlyMatchesString
                            | B::StringDoesNotExactlyMatchString
                    ) {
                        self.leading_x(l, r, f, true);
                    }
                }
            }
        }
    }

    /// SC2268: `[ "x$a" = "xfoo" ]`. `extended`: inside `[[ ]]`, where words are not split.
    fn leading_x(&mut self, l: &WordAt<'_>, r: &WordAt<'_>, f: &Frame<'_>, extended: bool) {
        let x = |w: &WordAt<'_>| {
            let t = w.raw.trim_start_matches(['"', '\'']);
            t.starts_with(['x', 'X'])
                && match w.pieces.first().map(|p| &p.piece) {
                    Some(WordPiece::Text(t)) => t.starts_with(['x', 'X']),
                    Some(WordPiece::SingleQuotedText(t)) => t.starts_with(['x', 'X']),
                    Some(WordPiece::DoubleQuotedSequence(inner)) => matches!(
                        inner.first().map(|p| &p.piece),
                        Some(WordPiece::Text(t)) if t.starts_with(['x', 'X'])
                    ),
                    _ => false,
                }
        };
        if x(l) && x(r) {
            let range = f.range(l.at, r.at + r.raw.len());
            // The fix deletes each `x`, when what is left stays one non-empty word.
            let drop_x = |w: &WordAt<'_>| -> Option<(usize, usize, String)> {
                let at = w.raw.len() - w.raw.trim_start_matches(['"', '\'']).len();
                let rest = format!("{}{}", &w.raw[..at], &w.raw[at + 1..]);
                let pieces = word_pieces(&rest);
                let quoted = matches!(
                    pieces.as_slice(),
                    [p] if matches!(p.piece, WordPiece::DoubleQuotedSequence(_) | WordPiece::SingleQuotedText(_))
                );
                let plain = is_literal(&pieces) && !has_glob(&literal_text(&pieces));
                let one_word = quoted || (!rest.is_empty() && (extended || plain));
                let base = f.base?;
                one_word.then(|| (base + w.at + at, base + w.at + at + 1, String::new()))
            };
            let fix = match (drop_x(l), drop_x(r)) {
                (Some(a), Some(b)) => Some(vec![a, b]),
                _ => None,
            };
            self.emit_fix(
                "SC2268",
                range,
                "the `x` prefix in this comparison is an old workaround no current shell needs; compare the values directly".into(),
                fix,
            );
        }
    }

    /// The raw text of a word at its location in the frame.
    fn word_at<'f>(&self, w: &ast::Word, f: &'f Frame<'_>) -> Option<WordAt<'f>> {
        let loc = w.loc.as_ref()?;
        let (mut s, e) = (f.byte(loc.start.index), f.byte(loc.end.index));
        if e < s {
            return None;
        }
        let b = f.text.as_bytes();
        while s < e && matches!(b.get(s), Some(b' ' | b'\t')) && !w.value.starts_with([' ', '\t']) {
            s += 1;
        }
        let raw = f.text.get(s..e)?;
        let pieces = word_pieces(raw);
        Some(WordAt { raw, at: s, pieces })
    }

    /// The space status a word's value has (for assignments and `for` lists).
    fn word_status(&self, w: &WordAt<'_>, st: &Vars, split: bool) -> Sp {
        pieces_status(&w.pieces, st, split)
    }

    /// Walk a word: report unquoted expansions (when `how` is Split) and walk its substitutions.
    /// `cmd` is the command the word belongs to (for SC2016's exceptions).
    fn word(&mut self, w: &WordAt<'_>, f: &Frame<'_>, st: &Vars, how: Use, cmd: Option<&str>) {
        self.pieces(&w.pieces, w, f, st, how, false, cmd);
    }

    #[allow(clippy::too_many_arguments)]
    fn pieces(
        &mut self,
        pieces: &[WordPieceWithSource],
        w: &WordAt<'_>,
        f: &Frame<'_>,
        st: &Vars,
        how: Use,
        quoted: bool,
        cmd: Option<&str>,
    ) {
        for p in pieces {
            let (a, b) = (w.at + p.start_index, w.at + p.end_index);
            if let WordPiece::ParameterExpansion(pe) = &p.piece {
                self.bash_variable(pe, (a, b), f, st);
                let guarded = matches!(
                    pe,
                    ParameterExpr::UseDefaultValues { .. }
                        | ParameterExpr::AssignDefaultValues { .. }
                        | ParameterExpr::IndicateErrorIfNullOrUnset { .. }
                        | ParameterExpr::UseAlternativeValue { .. }
                );
                if let (Parameter::Named(n), false) = (parameter_of(pe).0, guarded) {
                    if !self.refs.iter().any(|(r, _)| r == n) {
                        self.refs.push((n.clone(), f.range(a, b)));
                    }
                }
            }
            match &p.piece {
                WordPiece::DoubleQuotedSequence(inner)
                | WordPiece::GettextDoubleQuotedSequence(inner) => {
                    self.pieces(inner, w, f, st, how, true, cmd)
                }
                WordPiece::ParameterExpansion(pe) if how == Use::Split && !quoted => {
                    self.unquoted_parameter(pe, (a, b), f, st, cmd);
                }
                WordPiece::CommandSubstitution(_) | WordPiece::BackquotedCommandSubstitution(_) => {
                    let raw = f.text.get(a..b).unwrap_or("");
                    let backquoted = matches!(p.piece, WordPiece::BackquotedCommandSubstitution(_));
                    let content = if backquoted {
                        raw.strip_prefix('`').and_then(|r| r.strip_suffix('`'))
                    } else {
                        raw.strip_prefix("$(").and_then(|r| r.strip_suffix(')'))
                    };
                    let content_at = a + if backquoted { 1 } else { 2 };
                    if how == Use::Split && !quoted {
                        let inner = content.unwrap_or("");
                        let name = first_command_name(inner);
                        if !inner.trim().is_empty()
                            && !inner.trim_start().starts_with('#')
                            && !matches!(name.as_deref(), Some("seq" | "pgrep"))
                        {
                            let r = f.range(a, b);
                            let fix = f.base.map(|base| {
                                vec![
                                    (base + a, base + a, "\"".to_string()),
                                    (base + b, base + b, "\"".to_string()),
                                ]
                            });
                            self.emit_fix(
                                "SC2046",
                                r,
                                "unquoted command substitution: its output is split into words and glob-expanded; quote it: \"$(...)\"".into(),
                                fix,
                            );
                        }
                    }
                    if let Some(content) = content {
                        let verbatim = !backquoted || !content.contains('\\');
                        let text = if verbatim {
                            content.to_string()
                        } else if let WordPiece::BackquotedCommandSubstitution(s) = &p.piece {
                            s.clone()
                        } else {
                            content.to_string()
                        };
                        let base = if verbatim {
                            f.base.map(|b| b + content_at)
                        } else {
                            None
                        };
                        self.substitution(&text, base, f.range(a, b), st);
                    }
                }
                WordPiece::SingleQuotedText(s) => {
                    self.single_quoted(s, f.range(a, b), cmd);
                }
                WordPiece::Text(t) if !quoted && how == Use::Split => {
                    self.char_range_glob(t, a, f, cmd, w);
                }
                _ => {}
            }
        }
    }

    /// SC2086 for one unquoted `$x`/`${x…}` in a split context.
    fn unquoted_parameter(
        &mut self,
        pe: &ParameterExpr,
        (a, b): (usize, usize),
        f: &Frame<'_>,
        st: &Vars,
        cmd: Option<&str>,
    ) {
        let (param, kind) = parameter_of(pe);
        // `$@`, `${a[@]}`: SC2068's business; `${#x}`: a number; `${x:+…}`: a guarded alternative.
        if kind == PeKind::Length || kind == PeKind::Alternative || is_array(param) {
            return;
        }
        if kind == PeKind::AssignDefault && cmd == Some(":") {
            return; // SC2223
        }
        let name = param_name(param);
        let Some(vars) = st else {
            return;
        };
        if vars.get(name.as_str()) == Some(&Sp::Clean) {
            return;
        }
        let raw = f.text.get(a..b).unwrap_or("");
        let fix = f.base.map(|base| {
            vec![
                (base + a, base + a, "\"".to_string()),
                (base + b, base + b, "\"".to_string()),
            ]
        });
        self.emit_fix(
            "SC2086",
            f.range(a, b),
            format!("unquoted `{raw}` is split into words and glob-expanded; quote it: \"{raw}\""),
            fix,
        );
    }

    /// SC2016: `$x`, `${`, `$(` or backquotes inside single quotes.
    fn single_quoted(&mut self, s: &str, range: (usize, usize), cmd: Option<&str>) {
        let b = s.as_bytes();
        let dollar = b.windows(2).any(|w| {
            w[0] == b'$'
                && (w[1] == b'{' || w[1] == b'(' || w[1].is_ascii_alphanumeric() || w[1] == b'_')
        });
        let backquotes = s
            .split('`')
            .skip(1)
            .step_by(2)
            .zip(s.matches('`').skip(1).step_by(2))
            .any(|(inner, _)| !inner.is_empty());
        if !dollar && !backquotes {
            return;
        }
        let name = cmd.unwrap_or("");
        if name == "sed" {
            let contra = b.windows(2).enumerate().any(|(i, w)| {
                w[0] == b'$'
                    && b"{dpsaic".contains(&w[1])
                    && !b.get(i + 2).is_some_and(|c| c.is_ascii_alphabetic())
            });
            if contra {
                return;
            }
        } else if name == "\u{0}ok"
            || [
                "trap",
                "sh",
                "bash",
                "ksh",
                "zsh",
                "ssh",
                "eval",
                "xprop",
                "alias",
                "sudo",
                "docker",
                "podman",
                "oc",
                "dpkg-query",
                "jq",
                "rename",
                "rg",
                "unset",
                "git filter-branch",
            ]
            .contains(&name)
            || name.ends_with("awk")
            || name.starts_with("perl")
        {
            return;
        }
        self.emit(
            "SC2016",
            range,
            "`$` and backquotes are literal inside single quotes: nothing is expanded here; use double quotes if an expansion was meant".into(),
        );
    }

    /// SC2102: a glob bracket like `[dev-torch,test]` with repeated characters.
    fn char_range_glob(
        &mut self,
        t: &str,
        at: usize,
        f: &Frame<'_>,
        cmd: Option<&str>,
        w: &WordAt<'_>,
    ) {
        if matches!(cmd, Some("tr" | "read")) {
            return;
        }
        let mut from = 0;
        while let Some(open) = memchr::memchr(b'[', &t.as_bytes()[from..]).map(|o| o + from) {
            let Some(close) = t[open + 1..].find(']').map(|c| c + open + 1) else {
                break;
            };
            let inner = &t[open + 1..close];
            from = close + 1;
            if inner.is_empty() || inner.contains('[') || inner.contains(char::is_whitespace) {
                continue;
            }
            let body = inner.strip_prefix(['!', '^']).unwrap_or(inner);
            if body.starts_with(':') && body.ends_with(':') && body.len() > 1 {
                continue; // SC2101
            }
            let mut chars: Vec<char> = body.chars().filter(|c| *c != '-').collect();
            crate::sort::sort_unstable(&mut chars);
            if chars.windows(2).any(|w| w[0] == w[1]) {
                // The fix quotes the whole word, when it is plain text with no other glob.
                let plain = matches!(w.pieces.as_slice(), [p] if matches!(p.piece, WordPiece::Text(_)))
                    && !w
                        .raw
                        .contains(['*', '?', '$', '`', '\\', '"', '\'', '{', '~']);
                let fix = f.base.filter(|_| plain).map(|base| {
                    let (s, e) = (base + w.at, base + w.at + w.raw.len());
                    vec![(s, s, "\"".to_string()), (e, e, "\"".to_string())]
                });
                self.emit_fix(
                    "SC2102",
                    f.range(at + open, at + close + 1),
                    format!("`[{inner}]` is a glob bracket matching one character, not the words in it; quote the word if the brackets are literal"),
                    fix,
                );
                return;
            }
        }
    }

    fn substitution(
        &mut self,
        text: &str,
        base: Option<usize>,
        fallback: (usize, usize),
        st: &Vars,
    ) {
        if self.depth >= MAX_DEPTH {
            return;
        }
        let Ok(prog) = crate::shell::parse_program(text) else {
            return;
        };
        let frame = Frame::new(text, base, fallback);
        let mut copy = st.clone();
        self.depth += 1;
        let items: Vec<&ast::CompoundListItem> = prog
            .complete_commands
            .iter()
            .flat_map(|l| l.0.iter())
            .collect();
        self.items(&items, &frame, &mut copy, ListKind::Returning);
        self.depth -= 1;
    }

    fn redirect(&mut self, r: &IoRedirect, f: &Frame<'_>, st: &Vars, cmd: &str) {
        let w = match r {
            IoRedirect::File(
                _,
                _,
                IoFileRedirectTarget::Filename(w) | IoFileRedirectTarget::Duplicate(w),
            ) => w,
            IoRedirect::File(_, _, IoFileRedirectTarget::ProcessSubstitution(_, sub)) => {
                let mut copy = st.clone();
                self.list(&sub.list, f, &mut copy, ListKind::Returning);
                return;
            }
            IoRedirect::HereString(_, w) | IoRedirect::OutputAndError(w, _) => w,
            _ => return,
        };
        if let Some(w) = self.word_at(w, f) {
            self.word(&w, f, st, Use::Split, Some(cmd));
        }
    }

    fn simple(&mut self, sc: &ast::SimpleCommand, f: &Frame<'_>, st: &mut Vars) {
        let mut prefix_assign: Vec<(String, Sp)> = Vec::new();
        let prefix = sc.prefix.iter().flat_map(|p| p.0.iter());
        let suffix: Vec<&CommandPrefixOrSuffixItem> =
            sc.suffix.iter().flat_map(|p| p.0.iter()).collect();
        let name_word = sc.word_or_name.as_ref().and_then(|w| self.word_at(w, f));
        let name = name_word
            .as_ref()
            .filter(|w| is_literal(&w.pieces))
            .map(|w| literal_text(&w.pieces));
        let base = name.as_deref().map(basename).map(str::to_string);
        // Words of the command line (arguments only), as WordAt.
        let mut args: Vec<(WordAt<'_>, bool)> = Vec::new();
        for item in &suffix {
            match item {
                CommandPrefixOrSuffixItem::Word(w) => {
                    if let Some(w) = self.word_at(w, f) {
                        args.push((w, false));
                    }
                }
                CommandPrefixOrSuffixItem::AssignmentWord(_, w) => {
                    if let Some(w) = self.word_at(w, f) {
                        args.push((w, true));
                    }
                }
                _ => {}
            }
        }
        // The name a command runs through `exec`, `command`, `builtin`, `busybox`, `run`.
        let mut name_index: Option<usize> = None; // index into args of the effective name
        if let Some(b) = base.as_deref() {
            if matches!(b, "exec" | "command" | "builtin" | "busybox" | "run") {
                name_index = args.iter().position(|(w, _)| !w.raw.starts_with('-'));
            }
        }
        // The command name a word's single quotes are judged against (SC2016).
        let closest = |args: &[(WordAt<'_>, bool)]| -> String {
            let b = base.clone().unwrap_or_default();
            if b == "find" {
                let lits: Vec<String> = args.iter().map(|(w, _)| literal_text(&w.pieces)).collect();
                if let Some(i) = lits.iter().position(|l| l == "-exec" || l == "-execdir") {
                    return lits
                        .get(i + 1)
                        .map(|s| basename(s).to_string())
                        .unwrap_or(b);
                }
            }
            if b == "git" && args.first().is_some_and(|(w, _)| w.raw == "filter-branch") {
                return "git filter-branch".into();
            }
            b
        };
        let cmd_name = closest(&args);

        // What the prefix assignments see (`A=1 B=$A`): copied from `st` at the first one (the
        // prefix items only read `st`, so that copy equals one taken here).
        let mut scratch: Option<Vars> = None;
        for item in prefix {
            match item {
                CommandPrefixOrSuffixItem::AssignmentWord(a, w) => {
                    if let Some(wa) = self.word_at(w, f) {
                        self.space_after_equals(&wa, f);
                        let sq_cmd = if ["PS1", "PS2", "PS3", "PS4", "PROMPT_COMMAND"]
                            .contains(&assignment_name(a).as_str())
                        {
                            "\u{0}ok".to_string()
                        } else {
                            cmd_name.clone()
                        };
                        self.word(&wa, f, st, Use::Free, Some(&sq_cmd));
                        // Assignments take effect left to right (`A=1 B=$A`).
                        let value = assignment_value(&wa);
                        let scratch = scratch.get_or_insert_with(|| st.clone());
                        let v = pieces_status(&value, scratch, false);
                        if let Some(m) = scratch.as_mut() {
                            m.insert(assignment_name(a).into(), v);
                        }
                        prefix_assign.push((assignment_name(a), v));
                    }
                }
                CommandPrefixOrSuffixItem::IoRedirect(r) => self.redirect(r, f, st, &cmd_name),
                CommandPrefixOrSuffixItem::ProcessSubstitution(_, sub) => {
                    let mut copy = st.clone();
                    self.list(&sub.list, f, &mut copy, ListKind::Returning);
                }
                CommandPrefixOrSuffixItem::Word(w) => {
                    if let Some(w) = self.word_at(w, f) {
                        self.word(&w, f, st, Use::Split, Some(&cmd_name));
                    }
                }
            }
        }
        // The command word itself: an expansion there is the command, not an argument.
        if let Some(w) = &name_word {
            let how = if is_single_expansion(&w.pieces) {
                Use::Free
            } else {
                Use::Split
            };
            self.word(w, f, st, how, Some(&cmd_name));
        }
        let declaring = matches!(
            name.as_deref(),
            Some("export" | "local" | "declare" | "readonly" | "typeset")
        );
        for (k, (w, assign)) in args.iter().enumerate() {
            let is_assign = *assign || is_assignment(w.raw);
            // The effective command name (`exec $cmd`) is not split; neither is an assignment
            // passed to `export` & co., except in plain sh (POSIX).
            let how = if (Some(k) == name_index && is_single_expansion(&w.pieces))
                || (declaring && is_assign && self.dialect != Dialect::Sh)
            {
                Use::Free
            } else {
                Use::Split
            };
            self.word(w, f, st, how, Some(&cmd_name));
        }
        for item in &suffix {
            match item {
                CommandPrefixOrSuffixItem::IoRedirect(r) => self.redirect(r, f, st, &cmd_name),
                CommandPrefixOrSuffixItem::ProcessSubstitution(_, sub) => {
                    let mut copy = st.clone();
                    self.list(&sub.list, f, &mut copy, ListKind::Returning);
                }
                _ => {}
            }
        }

        // Command-specific checks.
        let arg_words: Vec<&WordAt<'_>> = args.iter().map(|(w, _)| w).collect();
        // Where a plain `echo` starts, for fixes that rewrite the whole command.
        let echo_at = name_word
            .as_ref()
            .filter(|w| w.raw == "echo" && sc.prefix.is_none())
            .map(|w| w.at);
        match name.as_deref() {
            Some("echo") => self.echo_checks(&arg_words, f, echo_at),
            Some(n) if basename(n) == "echo" => self.echo_escapes(&arg_words, f, None),
            _ => {}
        }
        if let Some(w) = &name_word {
            self.by_command_name(base.as_deref(), w, &arg_words, f);
        }
        if declaring {
            for w in &arg_words {
                self.space_after_equals(w, f);
            }
        }
        if declaring {
            self.masked_returns(name.as_deref().unwrap_or(""), &args, sc, f);
        }
        if name.as_deref() == Some("set") && self.dialect == Dialect::Sh {
            self.set_options(&arg_words, f);
        }
        if matches!(name.as_deref(), Some("[" | "test")) {
            let lits: Vec<&WordAt<'_>> = arg_words
                .iter()
                .copied()
                .filter(|w| !(name.as_deref() == Some("[") && w.raw == "]"))
                .collect();
            if name.as_deref() == Some("test") && lits.len() == 3 || name.as_deref() == Some("[") {
                for i in 1..lits.len().saturating_sub(1) {
                    if matches!(lits[i].raw, "=" | "==" | "!=") {
                        // With more than three operands `-a`/`-o` parsing can still trip over
                        // values like `!` or `(`: the prefix is only dropped from a lone comparison.
                        if lits.len() == 3 {
                            self.leading_x(lits[i - 1], lits[i + 1], f, false);
                        } else {
                            self.mute_fix(|w| w.leading_x(lits[i - 1], lits[i + 1], f, false));
                        }
                    }
                }
            }
        }

        // Data flow.
        let Some(vars) = st.as_mut() else {
            return;
        };
        if name_word.is_none() {
            for (n, v) in prefix_assign {
                vars.insert(n.into(), v);
            }
            return;
        }
        match base.as_deref() {
            Some("export" | "local" | "declare" | "readonly" | "typeset") => {
                for (w, _) in &args {
                    if let Some((n, _)) = w.raw.split_once('=') {
                        let n = n.trim_end_matches('+');
                        if is_name(n) {
                            let value = assignment_value(w);
                            // The map is lent as a state (not copied) to judge the value.
                            let lent: Vars = Some(std::mem::take(vars));
                            let v = pieces_status(&value, &lent, false);
                            if let Some(m) = lent {
                                *vars = m;
                            }
                            vars.insert(n.into(), v);
                        }
                    }
                }
            }
            Some("read" | "getopts" | "mapfile" | "readarray") => {
                for (w, _) in &args {
                    if is_name(w.raw) {
                        vars.insert(w.raw.into(), Sp::Dirty);
                    }
                }
            }
            Some("unset") => {
                for (w, _) in &args {
                    vars.remove(w.raw);
                }
            }
            Some("let") => {
                for (w, _) in &args {
                    arith_assign(w.raw, st);
                }
            }
            Some("exit" | "return") => *st = None,
            _ => {}
        }
    }

    /// SC2154: a lowercase variable the script reads but nothing assigns (not the script, not an
    /// ARG or ENV of the stage: hadolint hands those to ShellCheck as exported). Upper-case names
    /// usually come from the environment: they are reported only as SC2153, when they are one
    /// or two edits away from a name that is assigned (a likely misspelling).
    fn unassigned(&mut self, names: &Names<'_>) {
        let known = names.known;
        if self.refs.is_empty() {
            return;
        }
        // What the script assigns is read only for a reference that is not a known ARG/ENV name
        // (most are), so it is worked out on first need.
        let script = self.script;
        let assigned = std::cell::OnceCell::new();
        let assigned = || assigned.get_or_init(|| assigned_names(script));
        // The names in scope the script does not mention, likewise (only an SC2153 candidate).
        let scope = std::cell::OnceCell::new();
        let scope = || scope.get_or_init(names.in_scope);
        let refs = std::mem::take(&mut self.refs);
        for (name, range) in refs {
            if known.iter().any(|k| k == &name)
                || PROXY_VARIABLES.contains(&name.as_str())
                || assigned().contains(&name)
            {
                continue;
            }
            if name.bytes().any(|c| c.is_ascii_lowercase()) {
                self.emit(
                    "SC2154",
                    range,
                    format!("`${name}` is read but nothing in this RUN (or an ARG/ENV before it) assigns it, so it expands to nothing"),
                );
                continue;
            }
            if ENVIRONMENT.contains(&name.as_str()) {
                continue;
            }
            // The closest assigned name, if it is close enough to be a typo of this one (two
            // edits at most, so names whose lengths differ by more are not measured).
            let lower = name.to_ascii_lowercase();
            let chars = name.chars().count();
            let best = assigned()
                .iter()
                .map(String::as_str)
                .chain(known.iter().map(String::as_str))
                .chain(scope().iter().map(String::as_str))
                .chain(PROXY_VARIABLES.iter().copied())
                .filter(|c| *c != name && c.chars().count().abs_diff(chars) <= 2)
                .map(|c| {
                    (
                        crate::dockerfile::levenshtein(&lower, &c.to_ascii_lowercase()),
                        c,
                    )
                })
                .min();
            if let Some((d, m)) = best {
                let l = m.chars().count();
                if (l > 3 && d <= 1) || (l > 7 && d <= 2) {
                    self.emit(
                        "SC2153",
                        range,
                        format!("`${name}` is not assigned anywhere here; did you mean `${m}`?"),
                    );
                }
            }
        }
    }

    /// SC3028: a variable only bash sets (`$RANDOM`, `$HOSTNAME`, `$UID`, …) read in POSIX sh,
    /// dash or ash, where it is empty. `$RANDOM` and `$SECONDS` always; the others unless the
    /// script (or the Dockerfile's ARG/ENV) assigns them; `$_` is fine in dash and ash.
    fn bash_variable(
        &mut self,
        pe: &ParameterExpr,
        (a, b): (usize, usize),
        f: &Frame<'_>,
        st: &Vars,
    ) {
        if !matches!(self.dialect, Dialect::Sh | Dialect::Dash | Dialect::Ash) {
            return;
        }
        let Parameter::Named(name) = parameter_of(pe).0 else {
            return;
        };
        const DYNAMIC: &[&str] = &["RANDOM", "SECONDS"];
        const BASH: &[&str] = &[
            "OSTYPE",
            "MACHTYPE",
            "HOSTTYPE",
            "HOSTNAME",
            "DIRSTACK",
            "EUID",
            "UID",
            "SHLVL",
            "PIPESTATUS",
            "SHELLOPTS",
            "_",
        ];
        let assigned = st.as_ref().is_some_and(|m| m.contains_key(name.as_str()));
        let bash_only =
            DYNAMIC.contains(&name.as_str()) || (BASH.contains(&name.as_str()) && !assigned);
        if !bash_only || (name == "_" && self.dialect != Dialect::Sh) {
            return;
        }
        let shell = if self.dialect == Dialect::Sh {
            "POSIX sh"
        } else {
            "dash and ash"
        };
        self.emit(
            "SC3028",
            f.range(a, b),
            format!("`${name}` is a bash variable: in {shell} it is not set, so this expands to nothing"),
        );
    }

    /// SC1007: `NAME= word` (an empty assignment, then a space, then more of the command) is
    /// usually a value meant for NAME. Not for `IFS`, and not when the command ends there
    /// (`A= && b`, `A= ;`). Reported on the space.
    fn space_after_equals(&mut self, w: &WordAt<'_>, f: &Frame<'_>) {
        let Some(name) = w.raw.strip_suffix('=') else {
            return;
        };
        if !is_name(name) || name == "IFS" {
            return;
        }
        let end = w.at + w.raw.len();
        let rest = f.text.get(end..).unwrap_or("");
        let after = rest.trim_start_matches([' ', '\t']);
        if after.len() == rest.len()
            || after.is_empty()
            || after.starts_with(['\r', '\n', ';', '&', '|', ')'])
        {
            return;
        }
        self.emit(
            "SC1007",
            f.range(end, end + 1),
            format!("`{name}=` assigns an empty value and runs the rest as the command; remove the space to assign it (write `{name}=''` if empty is meant)"),
        );
    }

    /// ShellCheck's checks dispatched on the command's name (its file name when written as a path):
    /// SC2185 (`find` without a path), SC2196 (`egrep`), SC2021 (`tr '[a-z]'`), and in POSIX sh
    /// SC3037 (echo flags) and SC3046 (`source`).
    fn by_command_name(
        &mut self,
        base: Option<&str>,
        name: &WordAt<'_>,
        args: &[&WordAt<'_>],
        f: &Frame<'_>,
    ) {
        let name_range = f.range(name.at, name.at + name.raw.len());
        let lit = |w: &WordAt<'_>| is_literal(&w.pieces).then(|| literal_text(&w.pieces));
        match base {
            Some("find") => {
                // GNU and BSD find take single-letter options before the path (`-L`, `-O3`,
                // `-D exec`); anything else that starts with `-` is an expression, so no path.
                let mut has_path = false;
                for w in args {
                    let s = lit(w).unwrap_or_else(|| "___".into());
                    if !s.starts_with('-') {
                        has_path = true;
                        break;
                    }
                    let leading = s.chars().count() <= 2
                        || s.chars().all(|c| "-EHLPXdfsxO0123456789".contains(c));
                    if !leading {
                        break;
                    }
                }
                let help = args.iter().any(|w| w.raw == "--help");
                if !has_path && !help {
                    self.emit(
                        "SC2185",
                        name_range,
                        "some `find` implementations (BusyBox, BSD) have no default path: write `find .` explicitly".into(),
                    );
                }
            }
            Some("egrep") => self.emit(
                "SC2196",
                name_range,
                "`egrep` is deprecated and prints a warning in current grep: use `grep -E`".into(),
            ),
            Some("tr") => {
                for w in args {
                    let unquoted_glob = w
                        .pieces
                        .iter()
                        .any(|p| matches!(&p.piece, WordPiece::Text(t) if has_glob(t)));
                    let Some(s) = lit(w).filter(|_| !unquoted_glob) else {
                        continue;
                    };
                    if !(s.starts_with("[:") || s.starts_with("[="))
                        && s.starts_with('[')
                        && s.ends_with(']')
                        && s.chars().count() > 2
                        && !s.contains('*')
                    {
                        self.emit(
                            "SC2021",
                            f.range(w.at, w.at + w.raw.len()),
                            format!("`tr` takes sets of characters, not classes in brackets: `{s}` also maps the `[` and `]` themselves; drop the brackets"),
                        );
                    }
                }
            }
            Some("echo") if matches!(self.dialect, Dialect::Dash | Dialect::Ash) => {
                // dash's echo knows only -n; BusyBox's -n and -e.
                if let Some(first) = args.first() {
                    let s = lit(first).unwrap_or_else(|| first.raw.to_string());
                    let flags = s.len() > 1
                        && s.starts_with('-')
                        && s[1..].chars().all(|c| matches!(c, 'e' | 'E' | 's' | 'n'));
                    let supported = if self.dialect == Dialect::Dash {
                        s == "-n"
                    } else {
                        s[1..].chars().all(|c| matches!(c, 'e' | 'n'))
                    };
                    if flags && !supported {
                        let (shell, known) = if self.dialect == Dialect::Dash {
                            ("dash", "-n")
                        } else {
                            ("BusyBox ash", "-n and -e")
                        };
                        self.emit(
                            "SC3036",
                            f.range(first.at, first.at + first.raw.len()),
                            format!("`echo {s}`: {shell}'s echo knows only {known}, so it prints the rest as text; use `printf`"),
                        );
                    }
                }
            }
            Some("echo") if self.dialect == Dialect::Sh => {
                if let Some(first) = args.first() {
                    let s = lit(first).unwrap_or_else(|| first.raw.to_string());
                    let s = s.as_str();
                    if s.len() > 1
                        && s.starts_with('-')
                        && s[1..].chars().all(|c| matches!(c, 'e' | 'E' | 's' | 'n'))
                    {
                        self.emit(
                            "SC3037",
                            f.range(first.at, first.at + first.raw.len()),
                            format!("`echo {s}`: POSIX sh does not define echo's options (dash prints `{s}`); use `printf`"),
                        );
                    }
                }
            }
            Some("source") if matches!(self.dialect, Dialect::Sh | Dialect::Dash) => {
                let end = args
                    .last()
                    .map_or(name.at + name.raw.len(), |w| w.at + w.raw.len());
                self.emit(
                    "SC3046",
                    f.range(name.at, end),
                    "`source` is not POSIX sh (dash has no `source`): use `.`".into(),
                );
            }
            _ => {}
        }
    }

    /// SC2005 (`echo $(cmd)`) and SC2028.
    fn echo_checks(&mut self, args: &[&WordAt<'_>], f: &Frame<'_>, echo_at: Option<usize>) {
        self.echo_escapes(args, f, echo_at);
        let [only] = args else {
            return;
        };
        let sub = match only.pieces.as_slice() {
            [p] => match &p.piece {
                WordPiece::CommandSubstitution(_) | WordPiece::BackquotedCommandSubstitution(_) => {
                    Some(p)
                }
                WordPiece::DoubleQuotedSequence(inner) => match inner.as_slice() {
                    [q] if matches!(
                        q.piece,
                        WordPiece::CommandSubstitution(_)
                            | WordPiece::BackquotedCommandSubstitution(_)
                    ) =>
                    {
                        Some(q)
                    }
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let Some(p) = sub else {
            return;
        };
        let raw = &only.raw[p.start_index..p.end_index];
        let content = raw
            .strip_prefix("$(")
            .and_then(|r| r.strip_suffix(')'))
            .or_else(|| raw.strip_prefix('`').and_then(|r| r.strip_suffix('`')))
            .unwrap_or("");
        let Ok(prog) = crate::shell::parse_program(content) else {
            return;
        };
        let items: Vec<&ast::CompoundListItem> = prog
            .complete_commands
            .iter()
            .flat_map(|l| l.0.iter())
            .collect();
        let single = match items.as_slice() {
            [ast::CompoundListItem(aol, _)] => {
                // `$(<file)` is only a redirection.
                !(aol.additional.is_empty()
                    && aol.first.seq.len() == 1
                    && matches!(&aol.first.seq[0], ast::Command::Simple(s) if s.word_or_name.is_none()))
            }
            _ => false,
        };
        if single {
            // The fix: `echo "$(cmd)"` → `cmd`, when the substitution is one plain pipeline on one
            // line (a `&&` list or a comment would change what the echo's redirections apply to).
            let plain = match items.as_slice() {
                [ast::CompoundListItem(aol, sep)] => {
                    aol.additional.is_empty()
                        && !aol.first.bang
                        && !matches!(sep, ast::SeparatorOperator::Async)
                }
                _ => false,
            };
            let backquoted = matches!(p.piece, WordPiece::BackquotedCommandSubstitution(_));
            let inner = content.trim();
            let fix = match (echo_at, f.base) {
                (Some(at), Some(base))
                    if plain
                        && !inner.is_empty()
                        && !inner.contains(['\n', '#'])
                        && (!backquoted || !inner.contains('\\')) =>
                {
                    Some(vec![(
                        base + at,
                        base + only.at + only.raw.len(),
                        inner.to_string(),
                    )])
                }
                _ => None,
            };
            self.emit_fix(
                "SC2005",
                f.range(only.at, only.at + only.raw.len()),
                "`echo $(cmd)` prints what `cmd` already prints (less its spacing); run `cmd` directly".into(),
                fix,
            );
        }
    }

    /// SC2028: echo with `\n`, `\t`, … in a shell whose echo does not interpret them.
    fn echo_escapes(&mut self, args: &[&WordAt<'_>], f: &Frame<'_>, echo_at: Option<usize>) {
        if !matches!(self.dialect, Dialect::Sh | Dialect::Bash | Dialect::Ksh) {
            return;
        }
        // echo's own options: any leading `-…` word with an `e` means escapes are on.
        let mut opts = true;
        for w in args {
            if opts
                && w.raw.starts_with('-')
                && w.raw.len() > 1
                && w.raw[1..].chars().all(|c| c.is_ascii_alphabetic())
            {
                if w.raw.contains('e') {
                    return;
                }
                continue;
            }
            opts = false;
        }
        for w in args {
            // (An escape in the literal needs a backslash in the word as written.)
            if !w.raw.as_bytes().contains(&b'\\') {
                continue;
            }
            let lit = escape_literal(&w.pieces, w.raw);
            if has_echo_escape(&lit) {
                // The fix: `echo 'a\tb'` → `printf 'a\tb\n'`, for a lone quoted argument without
                // `%` (a printf directive) or the escapes printf reads differently (`\0nnn`, `\c`).
                let fix = match (echo_at, f.base, args) {
                    (Some(at), Some(base), [only]) => {
                        let quoted = match only.pieces.as_slice() {
                            [p] => match &p.piece {
                                WordPiece::SingleQuotedText(_) => true,
                                WordPiece::DoubleQuotedSequence(inner) => inner.iter().all(|q| {
                                    matches!(
                                        q.piece,
                                        WordPiece::Text(_) | WordPiece::EscapeSequence(_)
                                    )
                                }),
                                _ => false,
                            },
                            _ => false,
                        };
                        let raw = only.raw;
                        (quoted
                            && !raw.contains(['%', '\n'])
                            && !raw.contains("\\0")
                            && !raw.contains("\\c"))
                        .then(|| {
                            let close = base + only.at + raw.len() - 1;
                            vec![
                                (base + at, base + at + "echo".len(), "printf".to_string()),
                                (close, close, "\\n".to_string()),
                            ]
                        })
                    }
                    _ => None,
                };
                self.emit_fix(
                    "SC2028",
                    f.range(w.at, w.at + w.raw.len()),
                    "this echo argument has a backslash escape (`\\n`, `\\t`, …) that `echo` may print literally; use `printf` for escapes".into(),
                    fix,
                );
            }
        }
    }

    /// SC2155: `export X=$(cmd)` hides cmd's exit status.
    fn masked_returns(
        &mut self,
        name: &str,
        args: &[(WordAt<'_>, bool)],
        sc: &ast::SimpleCommand,
        f: &Frame<'_>,
    ) {
        let flags: String = args
            .iter()
            .map(|(w, _)| w.raw)
            .take_while(|r| *r != "--")
            .filter(|r| r.starts_with('-'))
            .flat_map(|r| r.chars().skip(1))
            .collect();
        let readonly = name == "readonly" || flags.contains('r');
        // `local -r x=$(…)` inside a function: ShellCheck accepts it (the workaround is awkward).
        let local = matches!(name, "local" | "declare" | "typeset")
            && !flags.contains('g')
            && self.functions > 0;
        if readonly && local {
            return;
        }
        let assigns: Vec<&WordAt<'_>> = args
            .iter()
            .map(|(w, _)| w)
            .filter(|w| {
                w.raw
                    .split_once('=')
                    .is_some_and(|(n, _)| is_name(n.trim_end_matches('+')))
            })
            .collect();
        for w in &assigns {
            let value = assignment_value(w);
            let hides = value.iter().any(|p| match &p.piece {
                WordPiece::CommandSubstitution(_) | WordPiece::BackquotedCommandSubstitution(_) => {
                    true
                }
                WordPiece::DoubleQuotedSequence(inner) => inner.iter().any(|q| {
                    matches!(
                        q.piece,
                        WordPiece::CommandSubstitution(_)
                            | WordPiece::BackquotedCommandSubstitution(_)
                    )
                }),
                _ => false,
            });
            if !hides {
                continue;
            }
            let var = w
                .raw
                .split_once('=')
                .map_or("", |x| x.0)
                .trim_end_matches('+');
            // Fix: `export X=$(cmd)` → `X=$(cmd) && export X`, for a lone export without options.
            let fix =
                (name == "export" && args.len() == 1 && sc.prefix.is_none() && f.base.is_some())
                    .then(|| {
                        let base = f.base.unwrap_or(0);
                        let name_start = sc
                            .word_or_name
                            .as_ref()
                            .and_then(|n| n.loc.as_ref())
                            .map(|l| f.byte(l.start.index))
                            .unwrap_or(w.at);
                        vec![(
                            base + name_start,
                            base + w.at + w.raw.len(),
                            format!("{} && export {var}", w.raw),
                        )]
                    });
            self.emit_fix(
                "SC2155",
                f.range(w.at, w.at + w.raw.len()),
                format!("`{name} {var}=$(...)` returns {name}'s status, so a failing command substitution goes unnoticed; assign first, then `{name} {var}`"),
                fix,
            );
        }
    }

    /// SC3040: `set -o option` that POSIX sh does not define.
    fn set_options(&mut self, args: &[&WordAt<'_>], f: &Frame<'_>) {
        const POSIX: &[&str] = &[
            "allexport",
            "errexit",
            "ignoreeof",
            "monitor",
            "noclobber",
            "noexec",
            "noglob",
            "nolog",
            "notify",
            "nounset",
            "verbose",
            "vi",
            "xtrace",
        ];
        let mut i = 0;
        while i < args.len() {
            let r = args[i].raw;
            if r == "--" {
                break;
            }
            let cluster = r.strip_prefix('-').or_else(|| r.strip_prefix('+'));
            if let Some(c) = cluster {
                if c.ends_with('o') && c.chars().all(|ch| ch.is_ascii_alphabetic()) {
                    if let Some(opt) = args.get(i + 1) {
                        if !POSIX.contains(&opt.raw) && is_literal(&opt.pieces) {
                            let n = self.out.len();
                            self.emit(
                                "SC3040",
                                f.range(opt.at, opt.at + opt.raw.len()),
                                format!("`set -o {}` is not POSIX: plain `sh` (dash on Debian and Ubuntu) may reject it and fail the build; use bash (SHELL) or drop it", opt.raw),
                            );
                            if let (Some(x), Some((at, line))) =
                                (self.out.get_mut(n), self.shell_fix)
                            {
                                x.fix = Some(vec![(Span::empty(*at), line.clone())]);
                            }
                        }
                    }
                    i += 2;
                    continue;
                }
            }
            i += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Word helpers.

fn word_pieces(raw: &str) -> Pieces {
    // Plain text (no quote, escape, expansion or tilde) is one text piece in brush-parser's
    // grammar: skip its PEG parser and result cache for the most common words.
    if !raw.is_empty() && crate::shell::is_plain_word(raw) {
        return Pieces::Plain([WordPieceWithSource {
            piece: WordPiece::Text(raw.to_string()),
            start_index: 0,
            end_index: raw.len(),
        }]);
    }
    Pieces::Parsed(crate::shell::word_pieces(raw).unwrap_or_default())
}

fn is_literal(pieces: &[WordPieceWithSource]) -> bool {
    pieces.iter().all(|p| match &p.piece {
        WordPiece::Text(_) | WordPiece::SingleQuotedText(_) | WordPiece::EscapeSequence(_) => true,
        WordPiece::AnsiCQuotedText(_) => true,
        WordPiece::DoubleQuotedSequence(inner) => is_literal(inner),
        _ => false,
    })
}

fn literal_text(pieces: &[WordPieceWithSource]) -> String {
    let mut s = String::new();
    for p in pieces {
        match &p.piece {
            WordPiece::Text(t) | WordPiece::SingleQuotedText(t) | WordPiece::AnsiCQuotedText(t) => {
                s.push_str(t)
            }
            WordPiece::EscapeSequence(e) => s.push_str(e.strip_prefix('\\').unwrap_or(e)),
            WordPiece::DoubleQuotedSequence(inner) => s.push_str(&literal_text(inner)),
            _ => {}
        }
    }
    s
}

/// ShellCheck's `onlyLiteralString` for echo escapes: literal parts as ShellCheck keeps them
/// (unquoted escapes lose their backslash, single and double quoted text keeps it).
fn escape_literal(pieces: &[WordPieceWithSource], raw: &str) -> String {
    let mut s = String::new();
    for p in pieces {
        match &p.piece {
            WordPiece::Text(t) => s.push_str(t),
            WordPiece::SingleQuotedText(t) => s.push_str(t),
            WordPiece::EscapeSequence(e) => s.push_str(e.strip_prefix('\\').unwrap_or(e)),
            WordPiece::DoubleQuotedSequence(inner) => {
                for q in inner {
                    let text = raw.get(q.start_index..q.end_index).unwrap_or("");
                    match &q.piece {
                        // In double quotes only `\\`, `\"`, `\$` and `\`` are escapes.
                        WordPiece::Text(_) | WordPiece::EscapeSequence(_) => {
                            let mut chars = text.chars().peekable();
                            while let Some(c) = chars.next() {
                                if c == '\\' && matches!(chars.peek(), Some('\\' | '"' | '$' | '`'))
                                {
                                    s.extend(chars.next());
                                } else {
                                    s.push(c);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    s
}

fn has_echo_escape(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'\\'
            && match b.get(i + 1) {
                Some(c) if b"rntabefv\\'".contains(c) => true,
                Some(c) if (b'0'..=b'7').contains(c) => true,
                Some(b'x') => b.get(i + 2).is_some_and(|c| c.is_ascii_hexdigit()),
                _ => false,
            }
    })
}

/// A word that is exactly one expansion (possibly double-quoted): `$cmd`, `"$(which x)"`.
fn is_single_expansion(pieces: &[WordPieceWithSource]) -> bool {
    match pieces {
        [p] => match &p.piece {
            WordPiece::ParameterExpansion(_)
            | WordPiece::CommandSubstitution(_)
            | WordPiece::BackquotedCommandSubstitution(_) => true,
            WordPiece::DoubleQuotedSequence(inner) => is_single_expansion(inner),
            _ => false,
        },
        _ => false,
    }
}

fn splits(p: &WordPiece) -> bool {
    matches!(
        p,
        WordPiece::ParameterExpansion(_)
            | WordPiece::CommandSubstitution(_)
            | WordPiece::BackquotedCommandSubstitution(_)
    )
}

fn has_glob(t: &str) -> bool {
    t.contains(['*', '?']) || (t.contains('[') && t.contains(']'))
}

fn has_brace_expansion(t: &str) -> bool {
    match (t.find('{'), t.rfind('}')) {
        (Some(a), Some(b)) if a < b => {
            let inner = &t[a + 1..b];
            inner.contains(',') || inner.contains("..")
        }
        _ => false,
    }
}

/// The value part of an `N=value` word, as pieces with offsets relative to the word.
fn assignment_value(w: &WordAt<'_>) -> Vec<WordPieceWithSource> {
    let Some(eq) = w.raw.find('=') else {
        return Vec::new();
    };
    let value = &w.raw[eq + 1..];
    word_pieces(value)
        .iter()
        .cloned()
        .map(|mut p| {
            shift(&mut p, eq + 1);
            p
        })
        .collect()
}

fn shift(p: &mut WordPieceWithSource, by: usize) {
    p.start_index += by;
    p.end_index += by;
    if let WordPiece::DoubleQuotedSequence(inner) | WordPiece::GettextDoubleQuotedSequence(inner) =
        &mut p.piece
    {
        for q in inner {
            shift(q, by);
        }
    }
}

fn assignment_name(a: &ast::Assignment) -> String {
    match &a.name {
        ast::AssignmentName::VariableName(n) => n.clone(),
        ast::AssignmentName::ArrayElementName(n, _) => n.clone(),
    }
}

fn is_name(s: &str) -> bool {
    let mut c = s.chars();
    matches!(c.next(), Some(ch) if ch == '_' || ch.is_ascii_alphabetic())
        && c.all(|ch| ch == '_' || ch.is_ascii_alphanumeric())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeKind {
    Plain,
    Length,
    Alternative,
    AssignDefault,
    Other,
}

fn parameter_of(pe: &ParameterExpr) -> (&Parameter, PeKind) {
    use ParameterExpr as P;
    match pe {
        P::Parameter { parameter, .. } => (parameter, PeKind::Plain),
        P::ParameterLength { parameter, .. } => (parameter, PeKind::Length),
        P::UseAlternativeValue { parameter, .. } => (parameter, PeKind::Alternative),
        P::AssignDefaultValues { parameter, .. } => (parameter, PeKind::AssignDefault),
        P::UseDefaultValues { parameter, .. }
        | P::IndicateErrorIfNullOrUnset { parameter, .. }
        | P::RemoveSmallestSuffixPattern { parameter, .. }
        | P::RemoveLargestSuffixPattern { parameter, .. }
        | P::RemoveSmallestPrefixPattern { parameter, .. }
        | P::RemoveLargestPrefixPattern { parameter, .. }
        | P::Substring { parameter, .. }
        | P::Transform { parameter, .. }
        | P::UppercaseFirstChar { parameter, .. }
        | P::UppercasePattern { parameter, .. }
        | P::LowercaseFirstChar { parameter, .. }
        | P::LowercasePattern { parameter, .. }
        | P::ReplaceSubstring { parameter, .. } => (parameter, PeKind::Other),
        P::VariableNames { .. } | P::MemberKeys { .. } => (&ANY, PeKind::Length),
    }
}

static ANY: Parameter = Parameter::Special(SpecialParameter::PositionalParameterCount);

fn is_array(p: &Parameter) -> bool {
    matches!(
        p,
        Parameter::NamedWithAllIndices {
            concatenate: false,
            ..
        } | Parameter::Special(SpecialParameter::AllPositionalParameters { concatenate: false })
    )
}

fn param_name(p: &Parameter) -> String {
    match p {
        Parameter::Positional(n) => n.to_string(),
        Parameter::Special(s) => s.to_string(),
        Parameter::Named(n) => n.clone(),
        Parameter::NamedWithIndex { name, .. } | Parameter::NamedWithAllIndices { name, .. } => {
            name.clone()
        }
    }
}

/// The space status of a value made of `pieces` (`split`: for `for` words, where each item is
/// a separate value).
fn pieces_status(pieces: &[WordPieceWithSource], st: &Vars, split: bool) -> Sp {
    let mut acc = Sp::Empty;
    for p in pieces {
        let s = match &p.piece {
            WordPiece::Text(t) => {
                if split {
                    // `for x in a b` items are words: blanks only separate them.
                    if has_glob(t) {
                        Sp::Dirty
                    } else {
                        Sp::of_literal(t.trim())
                    }
                } else {
                    Sp::of_literal(t)
                }
            }
            WordPiece::SingleQuotedText(t) | WordPiece::AnsiCQuotedText(t) => Sp::of_literal(t),
            WordPiece::EscapeSequence(e) => Sp::of_literal(e.strip_prefix('\\').unwrap_or(e)),
            WordPiece::DoubleQuotedSequence(inner)
            | WordPiece::GettextDoubleQuotedSequence(inner) => pieces_status(inner, st, false),
            WordPiece::ParameterExpansion(_) if split => {
                // An unquoted expansion in a `for` list is split and globbed into the items:
                // ShellCheck does not vouch for them.
                Sp::Dirty
            }
            WordPiece::ParameterExpansion(pe) => {
                let (param, kind) = parameter_of(pe);
                if kind == PeKind::Length {
                    Sp::Clean
                } else {
                    let n = param_name(param);
                    st.as_ref()
                        .and_then(|m| m.get(n.as_str()).copied())
                        .unwrap_or(Sp::Dirty)
                }
            }
            WordPiece::CommandSubstitution(_) | WordPiece::BackquotedCommandSubstitution(_) => {
                Sp::Dirty
            }
            WordPiece::ArithmeticExpression(_) => Sp::Clean,
            WordPiece::TildeExpansion(_) => Sp::Clean,
        };
        acc = acc.and(s);
    }
    acc
}

/// Variables an arithmetic expression assigns (`x=1`, `x+=2`, `x++`, `--x`) become clean.
fn arith_assign(expr: &str, st: &mut Vars) {
    let Some(vars) = st.as_mut() else {
        return;
    };
    for (s, name) in identifiers(expr) {
        let rest = expr[s + name.len()..].trim_start();
        let before = expr[..s].trim_end();
        let assigns = (rest.starts_with('=') && !rest.starts_with("=="))
            || [
                "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "^=", "|=", "++", "--",
            ]
            .iter()
            .any(|op| rest.starts_with(op))
            || before.ends_with("++")
            || before.ends_with("--");
        if assigns {
            vars.insert(name.into(), Sp::Clean);
        }
    }
}

/// The command name of a substitution's text when it is one simple command.
fn first_command_name(content: &str) -> Option<String> {
    let prog = crate::shell::parse_program(content).ok()?;
    let items: Vec<&ast::CompoundListItem> = prog
        .complete_commands
        .iter()
        .flat_map(|l| l.0.iter())
        .collect();
    let [ast::CompoundListItem(aol, _)] = items.as_slice() else {
        return None;
    };
    let ast::Command::Simple(sc) = aol.first.seq.first()? else {
        return None;
    };
    Some(basename(&sc.word_or_name.as_ref()?.value).to_string())
}

/// The frame range of a command, from its words' locations.
fn command_range(c: &ast::Command, f: &Frame<'_>) -> Option<(usize, usize)> {
    use brush_parser::ast::SourceLocation;
    let loc = match c {
        ast::Command::Simple(sc) => {
            let mut lo: Option<usize> = None;
            let mut hi = 0;
            let mut add = |w: &ast::Word| {
                if let Some(l) = &w.loc {
                    lo = Some(lo.map_or(l.start.index, |x: usize| x.min(l.start.index)));
                    hi = hi.max(l.end.index);
                }
            };
            for item in sc
                .prefix
                .iter()
                .flat_map(|p| p.0.iter())
                .chain(sc.suffix.iter().flat_map(|p| p.0.iter()))
            {
                match item {
                    CommandPrefixOrSuffixItem::Word(w)
                    | CommandPrefixOrSuffixItem::AssignmentWord(_, w) => add(w),
                    _ => {}
                }
            }
            if let Some(w) = &sc.word_or_name {
                add(w);
            }
            return lo.map(|lo| (f.byte(lo), f.byte(hi)));
        }
        ast::Command::Compound(cc, _) => cc.location(),
        ast::Command::Function(fd) => fd.location(),
        ast::Command::ExtendedTest(t, _) => Some(t.loc.clone()),
    }?;
    Some((f.byte(loc.start.index), f.byte(loc.end.index)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialect_from_program_name() {
        for (program, want) in [
            ("/bin/sh", Dialect::Sh),
            ("/bin/BASH.EXE", Dialect::Bash),
            ("C:\\tools\\zsh.exe", Dialect::Bash),
            ("dash.exe.Exe", Dialect::Dash),
            ("/bin/busybox", Dialect::Ash),
            ("ash", Dialect::Ash),
            ("MKSH", Dialect::Ksh),
            ("ksh93", Dialect::Ksh),
            ("bash5", Dialect::Sh),
            (".exe", Dialect::Sh),
            ("bashé.exe", Dialect::Sh),
        ] {
            assert_eq!(Dialect::of(program), want, "{program}");
        }
    }

    #[test]
    fn plain_word_fast_path_matches_brush() {
        for raw in [
            "apt-get",
            "-y",
            "/usr/local/bin",
            "a=b",
            "x:y",
            "*.txt",
            "{a,b}",
            "é-ü",
            "a~b",
        ] {
            let slow =
                brush_parser::word::parse(raw, &brush_parser::ParserOptions::default()).unwrap();
            assert_eq!(
                format!("{:?}", word_pieces(raw).as_slice()),
                format!("{slow:?}"),
                "{raw}"
            );
        }
        // Words with quotes, expansions or a leading tilde still go to brush-parser.
        assert!(matches!(
            word_pieces("~/x")[0].piece,
            WordPiece::TildeExpansion(_)
        ));
        assert_eq!(word_pieces("\"a b\"").len(), 1);
        assert!(word_pieces("").is_empty());
    }

    /// A context for the pieces of `src`, as the pipeline makes one (no compose files).
    fn context<'a>(
        src: &'a str,
        df: &'a crate::dockerfile::Dockerfile,
        model: &'a crate::dockerfile::model::Model<'a>,
        vars: &'a crate::semantic::vars::Vars,
        config: &'a crate::config::Config,
        ws: &'a crate::workspace::Workspace,
        runs: &'a [crate::semantic::runs::RunSite<'a>],
    ) -> Context<'a> {
        Context {
            path: "Dockerfile",
            workspace: ws,
            text: src,
            dockerfile: df,
            model,
            config,
            named_contexts: &[],
            targets: &[],
            vars,
            composes: &[],
            built_by: &[],
            runs,
            memo: Default::default(),
        }
    }

    fn codes(src: &str) -> Vec<(&'static str, String)> {
        let df = crate::dockerfile::parse(src);
        let model = crate::dockerfile::model::Model::build(&df);
        let ws = crate::workspace::Workspace::new();
        let config = crate::config::Config::default();
        let run_scripts = crate::semantic::RunScripts::default();
        let vars = crate::semantic::vars::Vars::build(&model);
        let shell = crate::pragma::collect(&df, src).shell;
        let runs = crate::semantic::runs::collect(&df, &model, src, &run_scripts, shell.as_deref());
        let cx = context(src, &df, &model, &vars, &config, &ws, &runs);
        findings(&cx)
            .iter()
            .map(|f| (f.code, f.span.slice(src).to_string()))
            .collect()
    }

    /// The pipeline gathers the findings RUN by RUN while it collects the RUNs (each tree let go
    /// after its walk); a context linted on its own computes them at once from the trees it kept.
    /// Both give the same list, fixes and order included, on 1 or 3 threads.
    #[test]
    fn gathered_run_by_run_is_what_the_whole_walk_finds() {
        let src = "# hadolint shell=bash\nARG V=1\nFROM alpine:3 AS base\nENV HOME_DIR=/h\n\
RUN echo $HOME_DIR $undefined && cd /tmp; ls *.txt | grep $V\n\
RUN <<EOF\nfor f in $(ls); do echo $f; done\nEOF\n\
FROM base\nSHELL [\"/bin/bash\", \"-c\"]\nRUN [[ $x == y ]] && echo \"$(date)\" > $out\n\
ONBUILD RUN echo $1 $foo\nRUN [\"sh\", \"-c\", \"echo $PATH\"]\n\
FROM debian:12\nRUN set -o pipefail; curl x | sh; echo $(( 1 + $n ))\nRUN ! false\n";
        let df = crate::dockerfile::parse(src);
        let model = crate::dockerfile::model::Model::build(&df);
        let ws = crate::workspace::Workspace::new();
        let config = crate::config::Config::default();
        let vars = crate::semantic::vars::Vars::build(&model);
        let shell = crate::pragma::collect(&df, src).shell;
        let memo = crate::semantic::RunScripts::default();
        let runs = crate::semantic::runs::collect(&df, &model, src, &memo, shell.as_deref());
        let whole = findings(&context(src, &df, &model, &vars, &config, &ws, &runs));
        assert!(whole.len() >= 8, "{whole:?}");
        assert!(whole.iter().any(|f| f.code == "SC3040" || f.fix.is_some()));
        for threads in [1, 3] {
            let memo = crate::semantic::RunScripts::default();
            let (runs, parts) = context(src, &df, &model, &vars, &config, &ws, &[]).collect_runs(
                &memo,
                shell.as_deref(),
                threads,
                true,
            );
            // The memo kept no tree: the walk was their last reader.
            assert!(runs
                .iter()
                .flat_map(|r| r.scripts.iter())
                .all(|s| s.ast.0.is_none()));
            let cx = context(src, &df, &model, &vars, &config, &ws, &runs);
            cx.keep_memo(parts.expect("parts were asked for"));
            assert_eq!(*findings(&cx), *whole, "{threads} threads");
        }
    }

    fn run(body: &str) -> Vec<&'static str> {
        codes(&format!("FROM a:1\nRUN {body}\n"))
            .into_iter()
            .map(|(c, _)| c)
            .collect()
    }

    #[test]
    fn command_name_checks() {
        // SC2185: find with no starting point; single-letter options may come first.
        assert_eq!(run("find -name '*.pyc' -delete"), ["SC2185"]);
        assert_eq!(run("find"), ["SC2185"]);
        assert_eq!(
            codes("FROM a:1\nRUN /usr/bin/find -type f\n")[0].1,
            "/usr/bin/find"
        );
        for ok in [
            "find . -type f",
            "find -L /opt -name x",
            "find -O2 -D tree / -print",
            "find --help",
            "find \"$D\" -type d",
        ] {
            assert!(!run(ok).contains(&"SC2185"), "{ok}");
        }
        // SC2196: egrep, by name or path.
        assert_eq!(run("egrep -q x /etc/passwd"), ["SC2196"]);
        assert_eq!(run("/bin/egrep x y"), ["SC2196"]);
        assert!(run("grep -E x y").is_empty());
        // SC2021: bracketed ranges handed to tr (quoted, so not globs).
        assert_eq!(run("tr '[a-z]' '[A-Z]' < a"), ["SC2021", "SC2021"]);
        assert_eq!(
            codes("FROM a:1\nRUN tr -d \"[0-9]\" < a\n")[0].1,
            "\"[0-9]\""
        );
        for ok in [
            "tr -d '[:space:]' < a",
            "tr '[=e=]' e < a",
            "tr abc '[d*]' < a",
            "tr a-z A-Z < a",
            "tr '[]' x < a",
        ] {
            assert!(!run(ok).contains(&"SC2021"), "{ok}");
        }
        // SC3037: echo options in plain sh only.
        assert_eq!(run("echo -n x"), ["SC3037"]);
        assert_eq!(run("/bin/echo -e 'a'"), ["SC3037"]);
        assert!(run("echo - x").is_empty());
        assert!(run("echo -x a").is_empty());
        assert!(codes("FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo -n x\n").is_empty());
        // SC3028: bash's own variables in sh, unless the script sets them.
        assert_eq!(run("echo \"$HOSTNAME\" ${RANDOM}"), ["SC3028", "SC3028"]);
        assert!(run("UID=5; echo \"$UID\"").is_empty());
        assert_eq!(run("SECONDS=0; echo \"$SECONDS\""), ["SC3028"]);
        assert!(codes("FROM a:1\nARG HOSTNAME=x\nRUN echo \"$HOSTNAME\"\n").is_empty());
        assert!(codes("FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN echo \"$UID\"\n").is_empty());
        // SC3036: dash knows only `echo -n`, BusyBox ash `-n` and `-e`.
        let dash = |body: &str| {
            codes(&format!(
                "FROM a:1\nSHELL [\"/bin/dash\", \"-c\"]\nRUN {body}\n"
            ))
            .into_iter()
            .map(|(c, _)| c)
            .collect::<Vec<_>>()
        };
        assert_eq!(dash("echo -e 'a\\tb'"), ["SC3036"]);
        assert!(dash("echo -n x").is_empty());
        let ash = |body: &str| {
            codes(&format!(
                "FROM a:1\nSHELL [\"/bin/ash\", \"-c\"]\nRUN {body}\n"
            ))
            .into_iter()
            .map(|(c, _)| c)
            .collect::<Vec<_>>()
        };
        assert!(ash("echo -ne x").is_empty());
        assert_eq!(ash("echo -E x"), ["SC3036"]);
        // SC3046: source in sh and dash, not in bash.
        assert_eq!(run("source /etc/profile"), ["SC3046"]);
        assert!(
            codes("FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN source /etc/profile\n").is_empty()
        );
    }

    #[test]
    fn sc2154_read_but_never_assigned() {
        assert_eq!(run("echo \"$version\""), ["SC2154"]);
        assert_eq!(
            codes("FROM a:1\nRUN cp \"$srcdir/a\" \"$srcdir/b\" /x\n").len(),
            1
        );
        for ok in [
            "version=1; echo \"$version\"",
            "for f in a b; do echo \"$f\"; done",
            "read -r line < /etc/hostname; echo \"$line\"",
            "echo \"${name:-default}\" \"${other:?unset}\"",
            "echo \"$HOME\" \"$CUSTOM_UPPER\"",
            "echo \"$http_proxy\"",
            "printf -v out '%s' x; echo \"$out\"",
            "i=0; while [ \"$i\" -lt 3 ]; do i=$((i+1)); done",
        ] {
            assert!(!run(ok).contains(&"SC2154"), "{ok}: {:?}", run(ok));
        }
        // ARG and ENV names of the stage are set for the script, as hadolint exports them.
        assert!(codes("FROM a:1\nARG version=1\nRUN echo \"$version\"\n").is_empty());
        // SC2153: an upper-case name one edit from an assigned one.
        assert_eq!(
            codes("FROM a:1\nARG APP_VERSION=1\nRUN echo \"$APP_VERSON\"\n")[0].0,
            "SC2153"
        );
        assert_eq!(run("BUILD_DIR=/b; cd \"$BUILD_DIRR\""), ["SC2153"]);
        for ok in [
            "echo \"$CI\" \"$GOPATH\"",
            "A=1; echo \"$B\"",
            "echo \"$HOME\" \"$HOSTNAME_X\"",
        ] {
            assert!(!run(ok).contains(&"SC2153"), "{ok}: {:?}", run(ok));
        }
    }

    #[test]
    fn sc1007_space_after_equals() {
        assert_eq!(run("ARCH= uname -m"), ["SC1007"]);
        assert_eq!(codes("FROM a:1\nRUN A= B= && echo\n")[0].1, " ");
        assert_eq!(run("A= B= && echo"), ["SC1007"]);
        for ok in [
            "A= && echo",
            "A=; echo",
            "IFS= read -r x < f",
            "A='' b",
            "A=1 b",
            "(A= )",
        ] {
            assert!(!run(ok).contains(&"SC1007"), "{ok}");
        }
    }

    #[test]
    fn sc2086_data_flow() {
        assert_eq!(run("echo $Y"), ["SC2086"]);
        assert_eq!(codes("FROM a:1\nRUN echo $Y\n")[0].1, "$Y");
        assert!(codes("FROM a:1\nARG Y\nRUN echo $Y\n").is_empty());
        assert!(codes("FROM a:1\nENV Y=x\nRUN echo $Y\n").is_empty());
        assert!(codes("FROM a:1 AS b\nENV Y=x\nFROM b\nRUN echo $Y\n").is_empty());
        assert!(codes("FROM a:1 AS b\nARG Y\nFROM b\nRUN echo $Y\n").is_empty());
        assert_eq!(
            codes("FROM a:1 AS b\nARG Y\nFROM c\nRUN echo $Y\n").len(),
            1
        );
        for clean in [
            "echo $# $? ${#Y} $((1+2)) $$ $RANDOM",
            "X=abc; echo $X",
            "for i in a b; do echo $i; done",
            "for i in a \"b\" $((1)) ~; do echo $i; done",
            "echo ${Y:+\"$Y\"}",
            "echo \"$Y\" x\"$Y\"",
            "X=1 && echo $X",
            "(X=1; echo $X)",
            "$Y arg",
            "exec $Y arg",
            "X=$Y cmd",
            "case $Y in a) ;; esac",
            "[[ $Y = a ]]",
            "for i in $Y; do echo \"$i\"; done",
            "echo $@ ${A[@]}",
            "X=0; X=$((X+1)); echo $X",
            "A=1 B=$A; echo $B",
            "let n=1; echo $n",
            "X=1; if c; then X=2; fi; echo $X",
            "x=1; c || exit 1; echo $x",
        ] {
            // (`$RANDOM` is SC3028's in sh; nothing else may fire.)
            assert!(
                run(clean).iter().all(|c| *c == "SC3028"),
                "{clean}: {:?}",
                run(clean)
            );
        }
        for dirty in [
            "echo ${Y:-d}",
            "X=$(ls); echo $X",
            "X=\"a b\"; echo $X",
            "X=$Y; echo $X",
            "X=1; if c; then X=$(ls); fi; echo $X",
            "read X; echo $X",
            "c && X=1; echo $X",
            "X=1 | true; echo $X",
            "cat <<< $Y",
            "echo a > $Y",
            "echo \"$(echo $Y)\"",
            "for i in a $Y; do echo $i; done",
            "X=1; for i in $X; do echo $i; done",
            "[ -n $Y ]",
            "export X=$Y",
            "echo $*",
            "X=; echo $X",
        ] {
            assert!(run(dirty).contains(&"SC2086"), "{dirty}: {:?}", run(dirty));
        }
        assert!(codes("FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN export X=$Y\n").is_empty());
        // A loop's second iteration sees what the first assigned.
        assert_eq!(
            run("X=1; for i in a b; do echo $X; X=$(ls); done"),
            ["SC2086"]
        );
    }

    #[test]
    fn sc2046_and_sc2005() {
        assert_eq!(run("rm $(ls) x"), ["SC2046"]);
        assert_eq!(run("rm `ls` x"), ["SC2046"]);
        assert!(run("rm \"$(ls)\" $(seq 1 2)").is_empty());
        assert!(run("for f in $(ls); do rm \"$f\"; done").is_empty());
        assert!(run("$(which python) -V").is_empty());
        let mut e = run("echo $(date)");
        e.sort_unstable();
        assert_eq!(e, ["SC2005", "SC2046"]);
        assert_eq!(run("echo \"$(date)\""), ["SC2005"]);
        assert!(run("echo \"now $(date)\" && echo \"$(<f)\"").is_empty());
        assert_eq!(run("export X=$(ls)"), ["SC2155", "SC2046"]);
    }

    #[test]
    fn sc2155() {
        assert_eq!(run("export X=\"$(ls)\""), ["SC2155"]);
        assert_eq!(
            codes("FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN local a=$(f) && readonly b=`g`\n")
                .into_iter()
                .map(|c| c.0)
                .collect::<Vec<_>>(),
            ["SC2155", "SC2155"]
        );
        assert!(run("X=$(ls) && export X && export Y=1").is_empty());
        assert!(run("f() { local -r X=\"$(ls)\"; }").is_empty());
        assert_eq!(run("declare -r X=\"$(ls)\""), ["SC2155"]);
    }

    #[test]
    fn sc2251_needs_set_e() {
        assert_eq!(run("set -e; ! grep x f; echo ok"), ["SC2251"]);
        assert_eq!(run("set -eux; if a; then ! grep x f; fi; echo"), ["SC2251"]);
        assert!(run("! grep x f; echo ok").is_empty());
        assert!(run("set -e; echo; ! grep x f").is_empty());
        assert!(run("set -e; ! grep x f && echo; if ! a; then b; fi; echo").is_empty());
    }

    #[test]
    fn sc2043_single_word_loops() {
        assert_eq!(run("for k in ABC; do echo \"$k\"; done"), ["SC2043"]);
        assert_eq!(run("for k in \"abc\"; do echo \"$k\"; done"), ["SC2043"]);
        for ok in [
            "for k in a b; do :; done",
            "for k in *.txt; do :; done",
            "for k in $L; do :; done",
            "for k in \"$L\"; do :; done",
            "for k in a,b; do :; done",
            "for k in {a,b}; do :; done",
            "for k in 'a'; do :; done",
        ] {
            assert!(!run(ok).contains(&"SC2043"), "{ok}");
        }
    }

    #[test]
    fn sc2028_echo_escapes() {
        assert_eq!(run("echo '\\tx'"), ["SC2028"]);
        assert_eq!(run("echo \"a\\nb\""), ["SC2028"]);
        // `echo -e` interprets the escapes (its options are SC3037's business in sh).
        assert_eq!(
            run("echo -e 'a\\nb' && echo a\\nb && printf 'a\\n'"),
            ["SC3037"]
        );
        assert!(codes("FROM a:1\nSHELL [\"/bin/ash\", \"-c\"]\nRUN echo 'a\\tb'\n").is_empty());
    }

    #[test]
    fn sc2016_single_quotes() {
        assert_eq!(run("echo '$HOME'"), ["SC2016"]);
        assert_eq!(run("echo 'x `pwd`'"), ["SC2016"]);
        for ok in [
            "awk '{print $1}' f",
            "sed -n '$p' f",
            "sh -c 'echo $1'",
            "echo '$'",
            "find . -exec awk '{print $1}' {} +",
            "sudo sh -c 'echo $x'",
            "PS1='$PWD'",
        ] {
            assert!(run(ok).is_empty(), "{ok}: {:?}", run(ok));
        }
        assert_eq!(run("sed 's/${x}/y/' f"), ["SC2016"]);
    }

    #[test]
    fn sc2102_sc2268_sc3040() {
        assert_eq!(run("pip install -e ./x[dev-torch,testing]"), ["SC2102"]);
        assert!(run("pip install x[torch] \"y[dev,dev]\" && ls [a-z]*").is_empty());
        assert_eq!(run("if [ \"x$A\" = \"x\" ]; then :; fi"), ["SC2268"]);
        assert_eq!(
            run("[ \"x$A\" != xfoo ] && test x$B = xbar"),
            ["SC2268", "SC2268", "SC2086"]
        );
        assert!(run("[ \"x$A\" = foo ] && [[ $A == x* ]]").is_empty());
        assert_eq!(run("set -eo pipefail"), ["SC3040"]);
        assert!(run("set -o errexit -o nounset").is_empty());
        assert!(codes("FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN set -o pipefail\n").is_empty());
        assert!(codes("FROM a:1\nSHELL [\"/bin/ash\", \"-c\"]\nRUN set -o pipefail\n").is_empty());
    }

    #[test]
    fn heredocs_and_spans() {
        let src = "FROM a:1\nRUN <<EOF\necho $Y\nEOF\n";
        assert_eq!(codes(src), [("SC2086", "$Y".to_string())]);
        let src = "FROM a:1\nRUN echo a \\\n  $Y\n";
        assert_eq!(codes(src), [("SC2086", "$Y".to_string())]);
        assert!(codes("FROM a:1\nRUN python3 <<EOF\nprint($Y)\nEOF\n").is_empty());
        assert!(codes("FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN echo $Y\n").is_empty());
    }
}
