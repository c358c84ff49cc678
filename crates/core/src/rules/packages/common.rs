//! Shared machinery of the package-manager rules: every RUN with its scripts analysed in the shell
//! its stage uses, the stage environment, cache mounts, and insertion points for fixes.

use crate::dockerfile::model::Model;
use crate::dockerfile::{Command, Instruction, Keyword};
use crate::rules::{parent_stage, Context, Diagnostic};
use crate::semantic::runs::RunSite;
use crate::shell::packages::{Install, Manager};
use crate::shell::{Cmd, CmdView, Origin, Script, ShWord};
use crate::source::TextEdit;

/// One `RUN` (or `ONBUILD RUN`) and what it runs.
pub(super) struct Run<'a> {
    pub ins: &'a Instruction,
    /// The RUN command itself (the trigger of `ONBUILD RUN`).
    pub cmd: &'a Command,
    /// Index of its stage in `model.stages`; `None` before the first FROM.
    pub stage: Option<usize>,
    /// What it runs ([`shell::analyse_run`]), shared by all the rules of this family.
    pub scripts: &'a [Script],
    site: &'a RunSite<'a>,
}

/// A simple command of a RUN, in execution order across the RUN's scripts.
#[derive(Clone, Copy)]
pub(super) struct Site<'r> {
    pub script: &'r Script,
    pub cmd: &'r Cmd,
    /// Position among all the RUN's commands (command-line script first, then heredoc bodies).
    pub seq: usize,
    install: Option<&'r Install>,
}

impl<'r> Site<'r> {
    /// What the command runs, looking through `sudo`, `env`, ...
    pub fn view(&self) -> CmdView<'r> {
        self.cmd.unwrapped()
    }
    /// The program's file name (`/usr/bin/apt-get` → `apt-get`).
    pub fn program(&self) -> Option<&'r str> {
        self.cmd.unwrapped().program()
    }
    /// The install call the command makes, if any (the file's one answer, `semantic::runs`).
    pub fn install(&self) -> Option<&'r Install> {
        self.install
    }
}

/// A `--mount` of a RUN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Mount {
    /// `cache`, `tmpfs`, `bind` (the default), `secret`, `ssh`.
    pub kind: String,
    pub target: Option<String>,
}

impl<'a> Run<'a> {
    /// The commands of the scripts that are shell (or an exec-form array), in execution order.
    pub fn sites(&self) -> Vec<Site<'a>> {
        let scripts: &'a [Script] = self.scripts;
        self.site
            .calls
            .iter()
            .enumerate()
            .map(|(seq, call)| {
                let script = &scripts[call.script];
                Site {
                    script,
                    cmd: &script.commands[call.cmd],
                    seq,
                    install: call.install.as_ref(),
                }
            })
            .collect()
    }

    /// The RUN's `--mount` flags.
    pub fn mounts(&self) -> Vec<Mount> {
        self.cmd
            .flags_named("mount")
            .filter_map(|f| f.value.as_deref())
            .map(parse_mount)
            .collect()
    }

    /// Whether a cache or tmpfs mount keeps `dir` out of the layer: its target is `dir`, a folder
    /// inside it, or a folder containing it (but not `/`).
    pub fn mounts_cache(&self, dirs: &[&str]) -> bool {
        self.mounts().iter().any(|m| {
            (m.kind == "cache" || m.kind == "tmpfs")
                && m.target
                    .as_deref()
                    .is_some_and(|t| dirs.iter().any(|d| path_covers(t, d)))
        })
    }

    /// The shell text of the RUN (all analysed scripts joined), for plain-text checks.
    pub fn text(&self) -> String {
        self.scripts
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `type=cache,target=/x,id=y` → the mount's type and target.
fn parse_mount(value: &str) -> Mount {
    let mut kind = "bind".to_string();
    let mut target = None;
    for field in value.split(',') {
        let (k, v) = field.split_once('=').unwrap_or((field, ""));
        match k.trim().to_ascii_lowercase().as_str() {
            "type" => kind = v.trim().to_ascii_lowercase(),
            "target" | "dst" | "destination" => target = Some(v.trim().to_string()),
            _ => {}
        }
    }
    Mount { kind, target }
}

fn trim_path(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/"
    } else {
        t
    }
}

/// Whether a mount at `target` holds `dir`: the same folder, a folder inside `dir` (as hadolint
/// accepts), or a folder containing `dir` other than `/`.
pub(super) fn path_covers(target: &str, dir: &str) -> bool {
    let (t, d) = (trim_path(target), trim_path(dir));
    if t == "/" || !t.starts_with('/') {
        return false;
    }
    t == d || t.starts_with(&format!("{d}/")) || d.starts_with(&format!("{t}/"))
}

/// Whether a path written in a command (`/var/lib/apt/lists/*`, `/var/cache/yum/`) removes `dir`
/// or something inside it: the path with a trailing `*` or `/` dropped is `dir`, inside it, or a
/// folder containing it (other than `/`, which no build deletes).
pub(super) fn removes_dir(path: &str, dir: &str) -> bool {
    path_covers(path.trim_end_matches('*'), dir)
}

/// Whether a command deletes `dir` or something in it: `rm [-rf] PATH`, or `find PATH ... -delete`.
pub(super) fn deletes(site: &Site<'_>, dirs: &[&str]) -> bool {
    let v = site.view();
    let hits = |w: &ShWord| dirs.iter().any(|d| removes_dir(&w.text, d));
    match v.program() {
        Some("rm") => v.positional().into_iter().any(hits),
        Some("find") => {
            v.args
                .iter()
                .any(|a| a.text == "-delete" || a.text == "-exec")
                && v.args
                    .iter()
                    .take_while(|a| !a.text.starts_with('-'))
                    .any(hits)
        }
        _ => false,
    }
}

/// Every RUN and ONBUILD RUN of the file with its scripts, analysed in the shell in effect: a
/// view of the file's one RUN collection (`semantic::runs`).
pub(super) fn runs<'a>(cx: &Context<'a>) -> Vec<Run<'a>> {
    cx.runs
        .iter()
        .map(|r| Run {
            ins: r.ins,
            cmd: r.cmd,
            stage: r.stage,
            scripts: r.scripts.as_slice(),
            site: r,
        })
        .collect()
}

/// The literal value of `$name` as instruction `before` of stage `stage` sees it (the one
/// lookup, `semantic::vars`).
pub(super) fn stage_var(
    cx: &Context<'_>,
    stage: Option<usize>,
    before: &Instruction,
    name: &str,
) -> Option<String> {
    cx.vars
        .lookup(stage?, before.span.start, name)
        .known()
        .map(str::to_string)
}

/// The RUNs of earlier instructions in the same stage chain (parents' RUNs included), for effects
/// that persist in the image such as `pip config set`.
pub(super) fn earlier_runs<'r, 'a>(
    model: &Model<'_>,
    all: &'r [Run<'a>],
    run: &Run<'a>,
) -> Vec<&'r Run<'a>> {
    let Some(mut stage) = run.stage.and_then(|i| model.stages.get(i)) else {
        return Vec::new();
    };
    let mut chain = vec![stage.index];
    while let Some(p) = parent_stage(model, stage) {
        chain.push(p.index);
        stage = p;
    }
    all.iter()
        .filter(|r| {
            r.stage.is_some_and(|s| chain.contains(&s))
                && r.ins.span.start < run.ins.span.start
                && r.ins.keyword() == Keyword::Run
        })
        .collect()
}

/// Whether the RUN's stage ends up in an image: the last stage, or one a later FROM builds on
/// (hadolint's test for DL3009 and DL3060; a stage only copied from does not count).
pub(super) fn stage_ships(cx: &Context<'_>, run: &Run<'_>) -> bool {
    // An ONBUILD trigger runs in the images built FROM this one, whichever stage it sits in.
    if run.ins.keyword() == Keyword::Onbuild {
        return true;
    }
    let stages = &cx.model.stages;
    let Some(i) = run.stage else {
        return true;
    };
    if i + 1 >= stages.len() {
        return true;
    }
    cx.model.named_by_later_from(i)
}

/// An edit inserting `text` right after `word`, when the word's span is exactly its text in the
/// Dockerfile (shell-form RUN text or a heredoc body, not an exec-form JSON string).
pub(super) fn insert_after(
    cx: &Context<'_>,
    site: &Site<'_>,
    word: &ShWord,
    text: &str,
) -> Option<TextEdit> {
    exact(cx, site, word).then(|| TextEdit::insert(word.span.end, text))
}

/// An edit replacing `word` with `text`, under the same condition as [`insert_after`].
pub(super) fn replace_word(
    cx: &Context<'_>,
    site: &Site<'_>,
    word: &ShWord,
    text: &str,
) -> Option<TextEdit> {
    exact(cx, site, word).then(|| TextEdit::new(word.span, text))
}

fn exact(cx: &Context<'_>, site: &Site<'_>, word: &ShWord) -> bool {
    matches!(site.script.origin, Origin::Shell | Origin::Heredoc(_))
        && site.script.interpreter.is_shell()
        && word.span.slice(cx.text) == word.raw
}

/// An edit appending `&& <command>` after the last command of a one-script shell-form RUN, when
/// that command runs at the top level and nothing (not even `&`) follows it.
pub(super) fn append_command(cx: &Context<'_>, run: &Run<'_>, command: &str) -> Option<TextEdit> {
    let [script] = run.scripts else {
        return None;
    };
    if script.origin != Origin::Shell || !script.is_parsed_shell() || !run.ins.heredocs.is_empty() {
        return None;
    }
    let last = script.commands.iter().max_by_key(|c| c.span.end)?;
    if last.is_nested()
        || last.next_op.is_some()
        || last.in_pipeline && last.pipeline_index + 1 != last.pipeline_len
    {
        return None;
    }
    let end = last.span.end;
    let inside = run.cmd.args_span.start <= last.span.start && end <= run.cmd.args_span.end;
    let before = cx.text.get(..end)?.chars().next_back()?;
    if !inside || before.is_whitespace() {
        return None;
    }
    Some(TextEdit::insert(end, format!(" && {command}")))
}

/// A finding on a command, with an optional fix.
pub(super) fn finding(site: &Site<'_>, message: String) -> Diagnostic {
    Diagnostic::new(site.cmd.span, message)
}

/// Operand words of a command's arguments: words not starting with `-` (and everything after
/// `--`), minus the values of the options listed as taking one (`short` letters last in their
/// cluster, `long` names written without `=`).
pub(super) fn operands<'v>(
    args: &'v [ShWord],
    short: &'static str,
    long: &'static [&'static str],
) -> Vec<&'v ShWord> {
    crate::shell::packages::operands_with(args, short, long)
}

/// The subcommand of an OS package manager's command (one option grammar, in
/// `shell::packages`); `None` for other managers.
pub(super) fn subcommand<'v>(manager: Manager, v: &CmdView<'v>) -> Option<&'v ShWord> {
    match manager {
        Manager::Apt | Manager::AptGet | Manager::Yum | Manager::Dnf | Manager::Microdnf => {
            crate::shell::packages::subcommand(manager, v.args)
        }
        Manager::Zypper => crate::shell::packages::subcommand(manager, v.args),
        _ => operands(v.args, "", &[]).into_iter().next(),
    }
}

/// The OS package manager a program name stands for.
pub(super) fn os_manager(program: &str) -> Option<Manager> {
    Some(match program {
        "apt-get" => Manager::AptGet,
        "apt" => Manager::Apt,
        "yum" => Manager::Yum,
        "dnf" | "dnf5" => Manager::Dnf,
        "microdnf" => Manager::Microdnf,
        "zypper" => Manager::Zypper,
        _ => return None,
    })
}

/// Whether the command is `<program> <verb>` for one of `verbs` (the first operand after global options).
pub(super) fn is_verb(site: &Site<'_>, programs: &[&str], verbs: &[&str]) -> bool {
    let v = site.view();
    let Some(p) = v.program().filter(|p| programs.contains(p)) else {
        return false;
    };
    let Some(m) = os_manager(p) else {
        return operands(v.args, "", &[])
            .first()
            .is_some_and(|w| verbs.contains(&w.text.as_str()));
    };
    subcommand(m, &v).is_some_and(|w| verbs.contains(&w.text.as_str()))
}

/// Short list of words for a message: `a`, `b` and 3 more.
pub(super) fn list(words: &[&ShWord]) -> String {
    let shown: Vec<String> = words
        .iter()
        .take(3)
        .map(|w| format!("`{}`", w.text))
        .collect();
    match words.len() {
        0 => String::new(),
        n if n <= 3 => shown.join(", "),
        n => format!("{} and {} more", shown.join(", "), n - 3),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_paths() {
        assert!(path_covers("/var/cache/apk", "/var/cache/apk"));
        assert!(path_covers("/var/cache/apk/", "/var/cache/apk"));
        assert!(path_covers("/var/lib/apt", "/var/lib/apt/lists"));
        assert!(path_covers(
            "/var/lib/apt/lists/partial",
            "/var/lib/apt/lists"
        ));
        assert!(!path_covers("/var/cache/apkx", "/var/cache/apk"));
        assert!(!path_covers("/", "/var/cache/apk"));
        assert!(!path_covers("cache", "/var/cache/apk"));
        assert!(removes_dir("/var/lib/apt/lists/*", "/var/lib/apt/lists"));
        assert!(removes_dir("/var/lib/apt/*", "/var/lib/apt/lists"));
        assert!(removes_dir("/var/cache/*", "/var/cache/yum"));
        assert!(!removes_dir("/tmp/*", "/var/lib/apt/lists"));
        assert_eq!(
            parse_mount("type=cache,id=x,dst=/root/.cache/pip,sharing=locked"),
            Mount {
                kind: "cache".into(),
                target: Some("/root/.cache/pip".into())
            }
        );
        assert_eq!(parse_mount("target=/x").kind, "bind");
    }

    #[test]
    fn operand_grammar() {
        let s = crate::shell::analyse_script(
            "apt-get -o Dpkg::Use-Pty=0 -qq -t bookworm install -y x",
            crate::shell::Interpreter::Sh,
        );
        let v = s.commands[0].unwrapped();
        let ops: Vec<&str> = operands(v.args, "otca", &[])
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(ops, ["install", "x"]);
    }
}

/// `apt-get install` calls of a site (hadolint's rules look at `apt-get` only; `apt` is DL3027's).
pub(super) fn apt_get_install<'r>(site: &Site<'r>) -> Option<(CmdView<'r>, Vec<ShWord>, ShWord)> {
    let inst = site.install()?;
    if inst.manager != Manager::AptGet || inst.subcommand != "install" {
        return None;
    }
    let v = site.view();
    let verb = subcommand(Manager::AptGet, &v)?.clone();
    Some((v, inst.packages.clone(), verb))
}

/// The values given with `-o`/`--option` (`APT::Get::Assume-Yes=true`), as (lower-cased key, value).
pub(super) fn apt_options(v: &CmdView<'_>) -> Vec<(String, String)> {
    v.flag_values(Some('o'), Some("option"))
        .into_iter()
        .chain(
            // hadolint also accepts the option text anywhere among the arguments
            v.args
                .iter()
                .filter(|w| w.text.contains("::"))
                .map(|w| crate::shell::FlagValue {
                    text: w.text.clone(),
                    word: w,
                }),
        )
        .filter_map(|f| {
            let (k, val) = f.text.split_once('=')?;
            Some((
                k.trim().to_ascii_lowercase(),
                val.trim().trim_matches(['"', '\'']).to_ascii_lowercase(),
            ))
        })
        .collect()
}

/// The text after applying the first finding's fix (for the family's unit tests).
#[cfg(test)]
pub(super) fn fixed(rule: &dyn crate::rules::Rule, src: &str) -> String {
    let d = crate::rules::run(rule, src);
    crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().expect("a fix").edits).unwrap()
}
