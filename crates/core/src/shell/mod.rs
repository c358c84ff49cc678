//! RUN script analysis on top of [brush-parser](https://docs.rs/brush-parser): the simple commands a
//! `RUN` (or shell-form `CMD`/`ENTRYPOINT`) executes, with words unquoted and every span pointing
//! back into the Dockerfile.
//!
//! # Which text is analysed
//!
//! [`analyse_run`] returns one [`Script`] per piece of text that something runs, following what
//! BuildKit's `dispatchRun` hands to the container:
//!
//! * **Shell form without heredocs** — the joined command text (continuations and inner comment
//!   lines removed, as BuildKit joins them), [`Origin::Shell`].
//! * **Shell form that is exactly one heredoc marker** (`RUN <<EOF`, `RUN --mount=… <<-EOF`):
//!   BuildKit runs the body itself. A body starting with `#!` is executed as a file, so its
//!   shebang picks the interpreter (`#!/usr/bin/env python3` → `Other("python3")`,
//!   `#!/bin/bash` → [`Interpreter::Bash`]); otherwise the body goes to the `SHELL` (default
//!   `/bin/sh -c`). One script, [`Origin::Heredoc(0)`](Origin::Heredoc), `<<-` tabs stripped.
//! * **Any other shell form with heredocs** (`RUN python3 <<EOF`, `RUN cat <<EOF >/x`,
//!   `RUN <<A bash && 3<<B cat`, and also `RUN <<A <<B`): BuildKit passes the command line
//!   followed by the bodies and terminators to the shell, so the parser is given exactly that
//!   text (with a position map, so spans stay right). That is one [`Origin::Shell`] script;
//!   then one [`Origin::Heredoc(i)`](Origin::Heredoc) script per heredoc: analysed as shell
//!   when it is the standard input of `sh`/`bash`/`dash`/`ash`/`zsh`/… running no `-c` string
//!   and no script file (through `sudo`, `env`, … too), otherwise data for that program
//!   (`Interpreter::Other("python3")`, `Other("cat")`; `Other("")` when no command reads it,
//!   as with `RUN <<A <<B`, which runs nothing) with no commands.
//! * **Exec form** — `["sh", "-c", "…"]`, `["/bin/bash", "-o", "pipefail", "-ec", "…"]`: the
//!   `-c` string is analysed ([`Origin::ExecShell`]); spans are exact when the JSON string has no
//!   escapes, else every span is the JSON string's span. Any other exec form is one [`Cmd`] made
//!   of the array's strings ([`Origin::Exec`], [`Interpreter::Exec`]).
//! * **`SHELL` that is not a POSIX shell** (`pwsh`, `powershell`, `cmd`): one script with
//!   `Interpreter::Other`, no commands, no error.
//!
//! # Positions
//!
//! brush-parser reports *character* indices into the text it was given. They are converted to
//! byte offsets of that text, then mapped to Dockerfile bytes: through
//! [`LogicalLine::source_start`](crate::dockerfile::LogicalLine::source_start)/`source_end` for
//! command-line text, and directly (body start + offset, with `\r` of CRLF bodies and `<<-` tabs
//! accounted for) for heredoc bodies. Commands inside `$(…)` and backquotes are parsed too and
//! mapped through the enclosing word when its text is a verbatim slice; otherwise they get the
//! enclosing word's span.
//!
//! # Errors
//!
//! A parse failure never panics: the script's `error` holds brush-parser's message,
//! `error_span` where it happened, and `commands` is empty. Text nested more than 48 levels
//! deep (brackets, `if`/`do`/`case`) is refused the same way instead of being parsed, because
//! brush-parser's recursion would overflow wasm32's 1 MiB stack past about 100 levels.
//!
//! # Words
//!
//! [`ShWord::text`] is the word as the command sees it when nothing expands: quotes and
//! backslashes removed, `$'…'` decoded. Expansions (`$x`, `${x}`, `$(…)`, backquotes, `$((…))`,
//! leading `~`) are kept as written and set [`ShWord::has_expansion`]; globs and brace
//! expansion are not expansions for this purpose.

mod cmd;
mod map;
pub mod packages;
mod parse;
mod plain;
/// For the corpus test: `None` when the plain-shell parser leaves `text` to brush-parser, else
/// whether the two build the same tree.
#[doc(hidden)]
pub fn plain_parser_agrees(text: &str) -> Option<bool> {
    plain::agrees(text)
}
/// For the corpus test: the same for the pieces of one word.
#[doc(hidden)]
pub fn plain_word_pieces_agree(raw: &str) -> Option<bool> {
    plain::word_pieces_agree(raw)
}
pub(crate) use parse::{is_plain_word, parse_program, word_pieces};
mod walk;
pub(crate) use map::CharMap;
pub(crate) use walk::too_deep;
mod words;

#[cfg(test)]
mod tests;

pub use cmd::{CmdView, FlagValue, Wrapper, WrapperKind};

use crate::dockerfile::{Args, Command, Instruction, Keyword, Word};
use crate::source::Span;
use map::Composite;

/// What runs a script's text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Interpreter {
    /// A POSIX shell: `sh`, `dash`, `ash`, `busybox sh` (parsed with bash grammar all the same).
    Sh,
    /// `bash` and the bash-like shells `zsh`, `ksh`, `mksh`.
    Bash,
    /// No shell: an exec-form array run directly.
    Exec,
    /// Anything else (`python3`, `node`, `pwsh`, `cmd`, `cat` for a data heredoc, …): the text is
    /// not analysed. The name is the program's file name, lower-cased, without `.exe`.
    Other(String),
}

impl Interpreter {
    /// The interpreter a program path or name stands for (`/bin/bash` → `Bash`).
    pub fn from_program(program: &str) -> Interpreter {
        let base = basename(program).to_ascii_lowercase();
        let base = base.strip_suffix(".exe").unwrap_or(&base).to_string();
        match base.as_str() {
            "sh" | "dash" | "ash" | "busybox" | "posh" => Interpreter::Sh,
            "bash" | "zsh" | "ksh" | "ksh93" | "mksh" | "pdksh" => Interpreter::Bash,
            _ => Interpreter::Other(base),
        }
    }

    /// The interpreter of an argv (a `SHELL` array or a shebang line split on whitespace), looking
    /// through `env [-S] [-i] [VAR=x]…`. Empty means the default, `/bin/sh`.
    pub fn from_argv<S: AsRef<str>>(argv: &[S]) -> Interpreter {
        let mut i = 0;
        while let Some(a) = argv.get(i) {
            let a = a.as_ref();
            if i > 0 && (a.starts_with('-') || is_assignment(a)) {
                i += 1;
                continue;
            }
            if basename(a) == "env" && i + 1 < argv.len() {
                i += 1;
                continue;
            }
            return Interpreter::from_program(a);
        }
        Interpreter::Sh
    }

    /// The interpreter named by a `#!` first line, if the text has one.
    pub fn from_shebang(script: &str) -> Option<Interpreter> {
        let line = script.strip_prefix("#!")?.lines().next().unwrap_or("");
        let argv: Vec<&str> = line.split_whitespace().collect();
        if argv.is_empty() {
            return None;
        }
        Some(Interpreter::from_argv(&argv))
    }

    /// True for the shells whose text is parsed ([`Sh`](Interpreter::Sh), [`Bash`](Interpreter::Bash)).
    pub fn is_shell(&self) -> bool {
        matches!(self, Interpreter::Sh | Interpreter::Bash)
    }

    pub fn name(&self) -> &str {
        match self {
            Interpreter::Sh => "sh",
            Interpreter::Bash => "bash",
            Interpreter::Exec => "exec",
            Interpreter::Other(s) => s,
        }
    }
}

/// Where a script's text comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The instruction's shell-form command text (plus heredoc bodies when it has any).
    Shell,
    /// The body of `ins.heredocs[i]`.
    Heredoc(usize),
    /// The `-c` string of an exec-form `["sh", "-c", "…"]`.
    ExecShell,
    /// An exec-form array that is not a shell `-c` call.
    Exec,
}

/// brush-parser's syntax tree of a [`Script`]'s text, kept for rules that walk the tree themselves
/// (the ShellCheck checks) so no script is parsed twice. `None` when the text was not parsed as
/// shell or did not parse. Equality is the text's: two scripts with equal text have equal trees.
#[derive(Clone, Default)]
pub struct Ast(pub Option<std::sync::Arc<brush_parser::ast::Program>>);

impl PartialEq for Ast {
    fn eq(&self, _: &Ast) -> bool {
        true
    }
}
impl Eq for Ast {}

impl std::fmt::Debug for Ast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Ast(..)"
        } else {
            "Ast(None)"
        })
    }
}

/// One analysed piece of script text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Simple commands in execution order (a command substitution's commands come before the
    /// command whose word contains it). `commands[i].index == i`.
    pub commands: Vec<Cmd>,
    /// brush-parser's message when the text does not parse.
    pub error: Option<String>,
    /// Where the parse error was detected, when brush-parser says.
    pub error_span: Option<Span>,
    pub interpreter: Interpreter,
    pub origin: Origin,
    /// Source span of the analysed text (for heredocs: the body).
    pub span: Span,
    /// The exact text given to the parser (continuations joined, `\r` dropped).
    pub text: String,
    /// The parsed tree of `text`.
    pub ast: Ast,
}

impl Script {
    /// Commands whose program, looking through wrappers like `sudo` ([`Cmd::unwrapped`]), is `name`.
    pub fn commands_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Cmd> + 'a {
        self.commands
            .iter()
            .filter(move |c| c.unwrapped().program() == Some(name))
    }

    /// The commands of pipeline `id` ([`Cmd::pipeline`]), in order.
    pub fn pipeline(&self, id: usize) -> impl Iterator<Item = &Cmd> + '_ {
        self.commands.iter().filter(move |c| c.pipeline == id)
    }

    /// True when the text was parsed as shell and had no error.
    pub fn is_parsed_shell(&self) -> bool {
        self.interpreter.is_shell() && self.error.is_none()
    }
}

/// How a pipeline is joined to the one after (or before) it in the same list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `&&`
    And,
    /// `||`
    Or,
    /// `;` or a newline
    Seq,
    /// `&`
    Async,
}

/// A construct a command sits inside (outermost first in [`Cmd::nesting`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Context {
    /// `( … )`
    Subshell,
    /// `{ …; }`
    Brace,
    /// Any part of `if … fi`.
    If,
    /// The condition list of `if`/`elif`/`while`/`until` (follows `If` or `Loop`).
    Condition,
    /// `for`, `while`, `until` (body and condition).
    Loop,
    /// A `case` arm.
    Case,
    /// A function body (runs only when called).
    Function(String),
    /// `$( … )` or backquotes.
    CommandSubstitution,
    /// `<( … )` or `>( … )`.
    ProcessSubstitution,
    /// `coproc`
    Coprocess,
}

/// A shell word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShWord {
    /// Unquoted: what the command receives when nothing expands. Expansions stay as written.
    pub text: String,
    /// As written (after the shell's own `\`-newline removal).
    pub raw: String,
    /// Source bytes in the Dockerfile.
    pub span: Span,
    /// Contains a parameter, command or arithmetic expansion, or a leading `~`.
    pub has_expansion: bool,
}

/// An I/O redirection of a simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The explicit file descriptor (`2` in `2>&1`).
    pub fd: Option<u32>,
    /// `<`, `>`, `>>`, `<>`, `>|`, `<&`, `>&`, `&>`, `&>>`, `<<`, `<<-`, `<<<`.
    pub op: &'static str,
    /// The file, fd (`1` in `2>&1`), here-doc delimiter or here-string word. For `|&`, a
    /// synthesised `1` with an empty span at the command's end.
    pub target: ShWord,
    /// From the fd (or operator) to the end of the target.
    pub span: Span,
    /// For `<<EOF` on the instruction line: the index into `ins.heredocs`.
    pub heredoc: Option<usize>,
}

impl Redirect {
    /// The descriptor written or read: the explicit fd, else 1 for output operators and 0 for input.
    pub fn effective_fd(&self) -> u32 {
        self.fd
            .unwrap_or(if self.op.starts_with('<') { 0 } else { 1 })
    }
    /// `&>`/`&>>`: both stdout and stderr.
    pub fn is_both_outputs(&self) -> bool {
        self.op.starts_with('&')
    }
    pub fn is_output(&self) -> bool {
        matches!(self.op, ">" | ">>" | ">|" | ">&" | "&>" | "&>>")
    }
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmd {
    /// Position in [`Script::commands`].
    pub index: usize,
    /// The command word; `None` for a command made only of assignments and redirects.
    pub name: Option<ShWord>,
    /// The remaining words in order (assignment-like arguments such as `export A=b` included,
    /// redirect targets excluded).
    pub args: Vec<ShWord>,
    /// `FOO=bar` prefixes.
    pub assignments: Vec<ShWord>,
    pub redirects: Vec<Redirect>,
    /// Source span of the whole simple command.
    pub span: Span,
    /// Member of a pipeline of 2 or more commands.
    pub in_pipeline: bool,
    /// Script-wide pipeline id; every command of a pipeline shares it.
    pub pipeline: usize,
    pub pipeline_index: usize,
    pub pipeline_len: usize,
    /// The pipeline starts with `!`.
    pub negated: bool,
    /// Operator joining this command's pipeline to the previous one in the same list.
    pub prev_op: Option<Op>,
    /// Operator joining this command's pipeline to the next one in the same list (`Seq` only
    /// when something follows; `Async` always for `&`).
    pub next_op: Option<Op>,
    pub nesting: Vec<Context>,
    /// The wrappers [`Cmd::unwrapped`] looks through, worked out once when the command is built:
    /// each wrapper's kind and the index in `args` of the word it runs.
    pub(crate) unwrap: Vec<(WrapperKind, usize)>,
    /// The word [`Cmd::program_name`] reads: 0 for `name`, `k` for `args[k - 1]`.
    pub(crate) program_word: Option<usize>,
}

/// Analyse what a `RUN` instruction (also `ONBUILD RUN`, and shell- or exec-form `CMD` and
/// `ENTRYPOINT`) runs. `text` is the Dockerfile source; `shell` the arguments of the `SHELL` in
/// effect (empty for the default `["/bin/sh", "-c"]`). Other instructions give no scripts.
pub fn analyse_run(ins: &Instruction, text: &str, shell: &[String]) -> Vec<Script> {
    let cmd = match &ins.command.args {
        Args::Onbuild(inner) if ins.command.keyword == Keyword::Onbuild => &**inner,
        _ => &ins.command,
    };
    if !matches!(
        cmd.keyword,
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint
    ) {
        return Vec::new();
    }
    match &cmd.args {
        Args::Exec(words) => vec![exec_form(words, text, cmd.args_span)],
        Args::Shell(word) => shell_form(ins, cmd, word, text, shell),
        _ => Vec::new(),
    }
}

/// Parse a standalone shell script (no Dockerfile around it); spans are byte offsets into `script`.
pub fn analyse_script(script: &str, interpreter: Interpreter) -> Script {
    let mut comp = Composite::default();
    comp.push_source(script, 0, script.len(), false);
    let ctx = walk::Ctx {
        comp: &comp,
        logical: None,
        markers: &[],
    };
    parse_with(&ctx, interpreter, Origin::Shell)
}

fn shell_form(
    ins: &Instruction,
    cmd: &Command,
    word: &Word,
    text: &str,
    shell: &[String],
) -> Vec<Script> {
    let interp = Interpreter::from_argv(shell);
    let (ls, le) = cmd.args_logical;
    let line = ins.logical.text.get(ls..le).unwrap_or(word.text.as_str());
    if !interp.is_shell() {
        return vec![opaque(
            interp,
            Origin::Shell,
            cmd.args_span,
            line.to_string(),
        )];
    }
    let heredocs = &ins.heredocs;
    if heredocs.is_empty() {
        let mut comp = Composite::default();
        comp.push_logical(line, ls);
        let ctx = walk::Ctx {
            comp: &comp,
            logical: Some(&ins.logical),
            markers: &[],
        };
        return vec![parse_with(&ctx, interp, Origin::Shell)];
    }

    // `RUN <<EOF`: BuildKit runs the single body itself.
    if heredocs.len() == 1
        && line.trim_matches(crate::dockerfile::words::is_go_space)
            == heredocs[0].marker.slice(text)
    {
        let h = &heredocs[0];
        let mut comp = Composite::default();
        comp.push_source(text, h.body.start, h.body.end, h.chomp);
        let interp = Interpreter::from_shebang(&comp.text).unwrap_or(interp);
        if !interp.is_shell() {
            return vec![opaque(interp, Origin::Heredoc(0), h.body, comp.text)];
        }
        let ctx = walk::Ctx {
            comp: &comp,
            logical: None,
            markers: &[],
        };
        return vec![parse_with(&ctx, interp, Origin::Heredoc(0))];
    }

    // Command line + "\n" + each body and terminator line, as BuildKit reconstitutes it.
    let mut comp = Composite::default();
    comp.push_logical(line, ls);
    let mut end = cmd.args_span.end;
    for h in heredocs {
        comp.push_synthetic("\n", h.body.start.saturating_sub(1));
        let stop = if h.terminator.is_empty() {
            h.body.end
        } else {
            h.terminator.end
        };
        comp.push_source(text, h.body.start, stop, false);
        end = stop;
    }
    comp.push_synthetic("\n", end);
    let markers: Vec<Span> = heredocs.iter().map(|h| h.marker).collect();
    let ctx = walk::Ctx {
        comp: &comp,
        logical: Some(&ins.logical),
        markers: &markers,
    };
    let mut main = parse_with(&ctx, interp, Origin::Shell);
    main.span = cmd.args_span.cover(Span::new(end, end));

    let mut out = Vec::with_capacity(1 + heredocs.len());
    for (i, h) in heredocs.iter().enumerate() {
        let consumer = main.commands.iter().find_map(|c| {
            c.redirects
                .iter()
                .find(|r| r.heredoc == Some(i))
                .map(|r| (c, r))
        });
        let reader = match consumer {
            Some((c, r)) if r.effective_fd() == 0 => stdin_shell(c),
            _ => None,
        };
        let mut body = Composite::default();
        body.push_source(text, h.body.start, h.body.end, h.chomp);
        match reader {
            Some(shell_interp) => {
                let ctx = walk::Ctx {
                    comp: &body,
                    logical: None,
                    markers: &[],
                };
                out.push(parse_with(&ctx, shell_interp, Origin::Heredoc(i)));
            }
            None => {
                let program = consumer
                    .and_then(|(c, _)| c.unwrapped().program().map(str::to_string))
                    .unwrap_or_default();
                out.push(opaque(
                    Interpreter::Other(program),
                    Origin::Heredoc(i),
                    h.body,
                    body.text,
                ));
            }
        }
    }
    out.insert(0, main);
    out
}

/// The shell a command is, when it reads its script from standard input (`bash`, `sh -e`,
/// `bash -s -- a b`; not `bash -c …` nor `bash file.sh`).
fn stdin_shell(c: &Cmd) -> Option<Interpreter> {
    let v = c.unwrapped();
    let interp = Interpreter::from_program(v.program()?);
    if !interp.is_shell() {
        return None;
    }
    let mut args = v.args.iter();
    while let Some(a) = args.next() {
        let t = a.text.as_str();
        if t == "-o" || t == "+o" || t == "-O" || t == "+O" {
            args.next();
            continue;
        }
        if t == "--" || t == "-" {
            // `bash -s -- args`: fine; `bash -- file`: a script file.
            return None;
        }
        if let Some(flags) = t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            if flags.starts_with('-') {
                continue; // --norc, --login, …
            }
            if flags.contains('c') {
                return None;
            }
            if flags.contains('s') {
                return Some(interp);
            }
            continue;
        }
        return None; // a script file operand
    }
    Some(interp)
}

fn exec_form(words: &[Word], text: &str, args_span: Span) -> Script {
    if let Some(w0) = words.first() {
        if Interpreter::from_program(&w0.text).is_shell() {
            if let Some(script) = c_string(&words[1..]) {
                let interp = Interpreter::from_program(&w0.text);
                let mut comp = Composite::default();
                let inner = Span::new(
                    (script.span.start + 1).min(script.span.end),
                    script.span.end.saturating_sub(1).max(script.span.start),
                );
                if inner.end >= inner.start
                    && text.get(inner.start..inner.end) == Some(script.text.as_str())
                {
                    comp.push_source(text, inner.start, inner.end, false);
                } else {
                    comp.push_imprecise(&script.text, script.span);
                }
                let ctx = walk::Ctx {
                    comp: &comp,
                    logical: None,
                    markers: &[],
                };
                return parse_with(&ctx, interp, Origin::ExecShell);
            }
        }
    }
    let mut cmd = Cmd {
        index: 0,
        name: None,
        args: Vec::new(),
        assignments: Vec::new(),
        redirects: Vec::new(),
        span: args_span,
        in_pipeline: false,
        pipeline: 0,
        pipeline_index: 0,
        pipeline_len: 1,
        negated: false,
        prev_op: None,
        next_op: None,
        nesting: Vec::new(),
        unwrap: Vec::new(),
        program_word: None,
    };
    let mut ws = words.iter().map(|w| ShWord {
        text: w.text.clone(),
        raw: w.text.clone(),
        span: w.span,
        has_expansion: false,
    });
    cmd.name = ws.next();
    cmd.args = ws.collect();
    cmd.settle();
    let commands = if cmd.name.is_some() {
        vec![cmd]
    } else {
        Vec::new()
    };
    Script {
        commands,
        error: None,
        error_span: None,
        interpreter: Interpreter::Exec,
        origin: Origin::Exec,
        span: args_span,
        text: words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        ast: Ast::default(),
    }
}

/// The `-c` script among a shell's exec-form arguments (`-c`, `-ec`, `-o pipefail -c`).
fn c_string(args: &[Word]) -> Option<&Word> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "-o" || t == "+o" || t == "-O" || t == "+O" {
            i += 2;
            continue;
        }
        match t.strip_prefix('-').or_else(|| t.strip_prefix('+')) {
            Some(f) if !f.starts_with('-') && f.contains('c') => return args.get(i + 1),
            Some(_) => i += 1,
            None => return None,
        }
    }
    None
}

fn opaque(interpreter: Interpreter, origin: Origin, span: Span, text: String) -> Script {
    Script {
        commands: Vec::new(),
        error: None,
        error_span: None,
        interpreter,
        origin,
        span,
        text,
        ast: Ast::default(),
    }
}

fn parse_with(ctx: &walk::Ctx<'_>, interpreter: Interpreter, origin: Origin) -> Script {
    let span = ctx.comp.span(0, ctx.comp.text.len(), ctx.logical);
    let (commands, error, error_span, ast) = walk::parse_commands(ctx);
    Script {
        commands,
        error,
        error_span,
        interpreter,
        origin,
        span,
        text: ctx.comp.text.clone(),
        ast,
    }
}

/// The file name of a path (`/usr/bin/apt-get` → `apt-get`; `\` also separates).
pub fn basename(path: &str) -> &str {
    // A byte scan: `rsplit` with a char set is slow, and this runs for every command name.
    match path.bytes().rposition(|b| b == b'/' || b == b'\\') {
        Some(i) => &path[i + 1..],
        None => path,
    }
}

/// `NAME=…` or `NAME+=…` with a valid shell variable name (array subscripts allowed).
pub fn is_assignment(word: &str) -> bool {
    // The name starts the word: a word not starting like a name is no assignment (most words).
    if !word
        .as_bytes()
        .first()
        .is_some_and(|&b| b == b'_' || b.is_ascii_alphabetic())
    {
        return false;
    }
    let Some(eq) = memchr::memchr(b'=', word.as_bytes()) else {
        return false;
    };
    let name = word[..eq].strip_suffix('+').unwrap_or(&word[..eq]);
    let name = match name.find('[') {
        Some(b) if name.ends_with(']') => &name[..b],
        _ => name,
    };
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}
