//! Shared machinery of the package-manager rules: every RUN with its scripts analysed in the shell
//! its stage uses, the stage environment, cache mounts, and insertion points for fixes.

use crate::diagnostics::Fix;
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
    pub fn sites(&self) -> impl DoubleEndedIterator<Item = Site<'a>> + Clone + 'a {
        let scripts: &'a [Script] = self.scripts;
        self.site.calls.iter().enumerate().map(move |(seq, call)| {
            let script = &scripts[call.script];
            Site {
                script,
                cmd: &script.commands[call.cmd],
                seq,
                install: call.install.as_ref(),
            }
        })
    }

    /// The RUN's `--mount` flags.
    pub fn mounts(&self) -> Vec<Mount> {
        self.cmd
            .flags_named("mount")
            .filter_map(|f| f.value())
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
pub(super) fn runs<'a>(cx: &Context<'a>) -> impl Iterator<Item = Run<'a>> + Clone + 'a {
    cx.runs.iter().map(|r| Run {
        ins: r.ins,
        cmd: r.cmd,
        stage: r.stage,
        scripts: r.scripts.as_slice(),
        site: r,
    })
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

// apt-get: what the apt rules share.

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

// Test helpers of the family.

/// How many findings `rule` reports for `RUN s` in a stage (for the family's unit tests).
#[cfg(test)]
pub(super) fn n(rule: &dyn crate::rules::Rule, s: &str) -> usize {
    crate::rules::run(rule, &format!("FROM d:1\nRUN {s}\n")).len()
}

/// The text after applying the first finding's fix (for the family's unit tests).
#[cfg(test)]
pub(super) fn fixed(rule: &dyn crate::rules::Rule, src: &str) -> String {
    let d = crate::rules::run(rule, src);
    crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().expect("a fix").edits).unwrap()
}

// yum, dnf and microdnf: what each yum rule shares with its dnf twin.

pub(super) const INSTALL_VERBS: &[&str] = &["install", "groupinstall", "localinstall"];

/// An install call of one of `managers` with one of `verbs`, and the verb word.
pub(super) fn rpm_install<'r>(
    site: &Site<'r>,
    managers: &[Manager],
    verbs: &[&str],
) -> Option<(Install, &'r ShWord)> {
    let inst = site.install()?;
    if !managers.contains(&inst.manager) || !verbs.contains(&inst.subcommand.as_str()) {
        return None;
    }
    let verb = subcommand(inst.manager, &site.view())?;
    Some((inst.clone(), verb))
}

/// `<manager> module install NAME:STREAM ...`: the module words.
pub(super) fn module_installs<'r>(site: &Site<'r>, managers: &[Manager]) -> Vec<&'r ShWord> {
    let v = site.view();
    let Some(m) = v.program().and_then(super::common::os_manager) else {
        return Vec::new();
    };
    if !managers.contains(&m) {
        return Vec::new();
    }
    // The manager's one option grammar (`shell::packages`), as for its subcommand.
    let ops = crate::shell::packages::manager_operands(m, v.args);
    match ops.as_slice() {
        [module, install, rest @ ..] if module.text == "module" && install.text == "install" => {
            rest.to_vec()
        }
        _ => Vec::new(),
    }
}

pub(super) fn assumes_yes(site: &Site<'_>) -> bool {
    site.view().has_flag(Some('y'), Some("assumeyes"))
}

/// A `-y` finding with its fix.
pub(super) fn yes_finding(
    cx: &Context<'_>,
    site: &Site<'_>,
    inst: &Install,
    verb: &ShWord,
) -> Diagnostic {
    let name = site.program().unwrap_or(inst.manager.as_str());
    let mut d = finding(
        site,
        format!(
            "`{name} {}` without `-y` stops at the confirmation prompt; add `-y`",
            inst.subcommand
        ),
    );
    if let Some(e) = insert_after(cx, site, verb, " -y") {
        d = d.with_fix(Fix::safe("Add `-y`", vec![e]));
    }
    d
}

/// The clean rules of yum and dnf: the last install of `manager` in a RUN must be followed by a
/// `<same program> clean` or a deletion of the cache, unless a mount keeps the cache out.
pub(super) fn clean_check(
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    manager: Manager,
    caches: &[&str],
    clean: &str,
    verbs: &[&str],
) {
    if !cx.called().any_install(&[manager]) {
        return;
    }
    for run in runs(cx) {
        if !stage_ships(cx, &run) {
            continue;
        }
        let sites: Vec<Site> = run.sites().collect();
        let Some((install, inst)) = sites
            .iter()
            .rev()
            .find_map(|s| rpm_install(s, &[manager], verbs).map(|(i, _)| (s, i)))
        else {
            continue;
        };
        let cleaned = sites.iter().any(|s| {
            s.seq > install.seq
                && (deletes(s, caches)
                    || s.program().and_then(super::common::os_manager) == Some(manager)
                        && subcommand(manager, &s.view()).is_some_and(|w| w.text == "clean"))
        });
        if cleaned || run.mounts_cache(caches) {
            continue;
        }
        let program = install.program().unwrap_or(manager.as_str());
        let command = format!("{program} {clean}");
        let mut d = finding(
            install,
            format!(
                "`{program} {}` leaves its package cache in the layer; run `{command}` in the same RUN (or use a cache mount)",
                inst.subcommand
            ),
        );
        if let Some(e) = append_command(cx, &run, &command) {
            d = d.with_fix(Fix::safe(format!("Append `{command}`"), vec![e]));
        }
        out.push(d);
    }
}

pub(super) fn pin_finding(site: &Site<'_>, what: &str, loose: &[&ShWord], how: &str) -> Diagnostic {
    finding(
        site,
        format!("`{what}` without a version for {}; {how}", list(loose)),
    )
}

/// [`rpm_pinned`] where the RUN is: a version taken from a variable (`git-core-${VERSION}`, as
/// renovate-style pins write it) counts when the variable is set at that point (an ARG or ENV of
/// the stage, or ENV inherited from the stage it is built on).
pub(super) fn pinned_here(cx: &Context<'_>, run: &Run<'_>, p: &str) -> bool {
    if rpm_pinned(p) {
        return true;
    }
    if !p.contains('$') {
        return false;
    }
    let Some(stage) = run.stage else {
        return false;
    };
    let (expanded, missing) = crate::dockerfile::model::expand(p, |name| {
        match cx.vars.lookup(stage, run.ins.span.start, name) {
            crate::semantic::vars::Var::Unset => None,
            // Only its shape matters: a set version stands for a version.
            _ => Some("1".to_string()),
        }
    });
    missing.is_empty() && rpm_pinned(&expanded)
}

/// A package written `name-version[-release]` (or an `.rpm` file), as hadolint tests it.
pub(super) fn rpm_pinned(p: &str) -> bool {
    if p.ends_with(".rpm") {
        return true;
    }
    let mut parts = p.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    rest.iter().all(|part| {
        part.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
    }) && rest
        .iter()
        .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
}

/// The yum/dnf rules in pairs: each test holds the yum rule and its dnf twin to the same cases.
#[cfg(test)]
mod rpm_tests {
    use super::super::dnf_install_unpinned::Dl3041;
    use super::super::dnf_install_without_yes::Dl3038;
    use super::super::dnf_without_clean_all::Dl3040;
    use super::super::yum_install_unpinned::Dl3033;
    use super::super::yum_install_without_yes::Dl3030;
    use super::super::yum_without_clean_all::Dl3032;
    use super::n;

    use crate::diagnostics::apply_edits;
    use crate::rules::run;
    use crate::rules::Rule;

    #[test]
    fn yes_rules() {
        assert_eq!(n(&Dl3030, "yum install a-1"), 1);
        assert_eq!(n(&Dl3030, "yum groupinstall a"), 1);
        assert_eq!(n(&Dl3030, "yum -y install a-1"), 0);
        assert_eq!(n(&Dl3030, "yum install --assumeyes a-1"), 0);
        assert_eq!(n(&Dl3030, "yum remove a"), 0);
        assert_eq!(n(&Dl3038, "dnf install a-1"), 1);
        assert_eq!(n(&Dl3038, "microdnf install a-1"), 1);
        assert_eq!(n(&Dl3038, "microdnf install -y a-1"), 0);
        let src = "FROM r:1\nRUN dnf --setopt=x=1 install a-1\n";
        let d = run(&Dl3038, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM r:1\nRUN dnf --setopt=x=1 install -y a-1\n");
    }

    #[test]
    fn clean_rules() {
        assert_eq!(n(&Dl3032, "yum install -y a-1"), 1);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && yum clean all"), 0);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && yum clean metadata"), 0);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && rm -rf /var/cache/yum"), 0);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && rm -rf /tmp/x"), 1);
        assert_eq!(n(&Dl3032, "yum clean all && yum install -y a-1"), 1);
        assert_eq!(
            n(
                &Dl3032,
                "--mount=type=cache,target=/var/cache/yum yum install -y a-1"
            ),
            0
        );
        assert_eq!(n(&Dl3040, "dnf install -y a-1"), 1);
        assert_eq!(n(&Dl3040, "dnf install -y a-1 && dnf clean all"), 0);
        assert_eq!(n(&Dl3040, "microdnf install -y a-1 && dnf clean all"), 1);
        assert_eq!(
            n(&Dl3040, "microdnf install -y a-1 && microdnf clean all"),
            0
        );
        assert_eq!(
            n(&Dl3040, "dnf install -y a-1 && rm -rf /var/cache/dnf/*"),
            0
        );
        assert_eq!(
            n(
                &Dl3040,
                "--mount=type=cache,target=/var/cache/dnf dnf install -y a-1"
            ),
            0
        );
        assert_eq!(
            n(&Dl3040, "dnf install -y a-1 && microdnf install -y b-1"),
            2
        );
        let src = "FROM r:1\nRUN microdnf install -y a-1\n";
        let d = run(&Dl3040, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM r:1\nRUN microdnf install -y a-1 && microdnf clean all\n"
        );
    }

    #[test]
    fn pin_rules() {
        assert_eq!(n(&Dl3033, "yum install -y httpd"), 1);
        assert_eq!(n(&Dl3033, "yum install -y httpd-2.4 ./x.rpm"), 0);
        assert_eq!(n(&Dl3033, "yum install -y epel-release"), 1);
        assert_eq!(n(&Dl3033, "yum module install -y nodejs"), 1);
        assert_eq!(n(&Dl3033, "yum module install -y nodejs:18"), 0);
        assert_eq!(n(&Dl3041, "dnf install -y python3-devel"), 1);
        assert_eq!(
            n(
                &Dl3041,
                "dnf install -y python3-devel-3.12.4 httpd-2.4.62-1.fc40 x.rpm"
            ),
            0
        );
        assert_eq!(n(&Dl3041, "microdnf install -y httpd"), 1);
        assert_eq!(n(&Dl3041, "dnf group install -y 'Development Tools'"), 0);
        assert_eq!(n(&Dl3041, "dnf module install -y nodejs:20"), 0);
        assert_eq!(n(&Dl3041, "dnf module install -y nodejs"), 1);
        assert_eq!(n(&Dl3041, "dnf in -y httpd"), 1, "dnf's alias for install");
    }

    #[test]
    fn version_from_a_variable_set_in_scope() {
        let lint = |rule: &dyn Rule, src: &str| run(rule, src).len();
        assert_eq!(
            lint(
                &Dl3041,
                "FROM r:1\nARG GIT=2.51.0\nRUN dnf in -y git-core-${GIT} && dnf clean all\n"
            ),
            0
        );
        assert_eq!(
            lint(
                &Dl3033,
                "FROM r:1\nENV GIT=2.51.0\nRUN yum install -y git-core-$GIT\n"
            ),
            0
        );
        // ENV carries over to a stage built on this one; an ARG does not leave its stage.
        assert_eq!(
            lint(
                &Dl3033,
                "FROM r:1 AS a\nENV GIT=2.51.0\nFROM a\nRUN yum install -y git-core-$GIT\n"
            ),
            0
        );
        assert_eq!(
            lint(
                &Dl3033,
                "FROM r:1 AS a\nARG GIT=2.51.0\nFROM r:1\nRUN yum install -y git-core-$GIT\n"
            ),
            1
        );
        assert_eq!(
            lint(
                &Dl3041,
                "FROM r:1\nRUN dnf install -y git-core-${NOWHERE}\n"
            ),
            1
        );
    }

    #[test]
    fn dnf_aliases_need_a_clean_and_yes() {
        for verb in [
            "in",
            "up",
            "upgrade",
            "upgrade-minimal",
            "up-min",
            "reinstall",
            "rei",
        ] {
            assert_eq!(n(&Dl3040, &format!("dnf -y {verb} a-1")), 1, "{verb}");
            assert_eq!(
                n(&Dl3040, &format!("dnf -y {verb} a-1 && dnf clean all")),
                0,
                "{verb}"
            );
        }
        assert_eq!(n(&Dl3038, "dnf in a-1"), 1);
        assert_eq!(
            n(&Dl3038, "dnf upgrade"),
            0,
            "hadolint asks -y of installs only"
        );
    }
}

// zypper.

pub(super) const ZYPPER: &[&str] = &["zypper"];

/// DL3035 and DL3036 on the same scripts.
#[cfg(test)]
mod zypper_tests {
    use super::super::zypper_dist_upgrade::Dl3035;
    use super::super::zypper_without_clean::Dl3036;
    use super::n;

    #[test]
    fn dl3035_and_dl3036() {
        assert_eq!(n(&Dl3035, "zypper -n dup"), 1);
        assert_eq!(n(&Dl3035, "zypper -n dist-upgrade"), 1);
        assert_eq!(n(&Dl3035, "zypper -n up"), 0);
        assert_eq!(n(&Dl3036, "zypper -n in a=1"), 1);
        assert_eq!(n(&Dl3036, "zypper -n in a=1 && zypper cc -a"), 0);
        assert_eq!(n(&Dl3036, "zypper clean && zypper -n in a=1"), 1);
        assert_eq!(
            n(&Dl3036, "zypper -n in a=1 && rm -rf /var/cache/zypp/*"),
            0
        );
        assert_eq!(
            n(
                &Dl3036,
                "--mount=type=cache,target=/var/cache/zypp zypper -n in a=1"
            ),
            0
        );
    }
}

// pip.

/// `pip install` (also `pip3`, `pip3.12`, `python -m pip`): the packages and the `install` word.
pub(super) fn pip_install<'r>(site: &Site<'r>) -> Option<(Vec<ShWord>, &'r ShWord)> {
    let inst = site.install()?;
    if inst.manager != Manager::Pip || inst.subcommand != "install" {
        return None;
    }
    let verb = site.view().args.iter().find(|w| w.text == "install")?;
    Some((inst.packages.clone(), verb))
}

// apk.

/// `apk add` calls, with the `add` word.
pub(super) fn apk_add<'r>(site: &Site<'r>) -> Option<(Install, &'r ShWord)> {
    let inst = site.install()?;
    if inst.manager != Manager::Apk || inst.subcommand != "add" {
        return None;
    }
    // The `add` word, found with apk's one option grammar (`shell::packages`).
    let verb = crate::shell::packages::subcommand(Manager::Apk, site.view().args)?;
    Some((inst.clone(), verb))
}
