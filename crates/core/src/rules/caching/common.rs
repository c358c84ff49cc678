//! What the caching rules share: the RUNs of each stage with their commands, the environment a
//! command sees (ENV, ARG, inline assignments, USER and its home, WORKDIR), `--mount` flags, and
//! OS package installs with the removals that undo them.

use crate::dockerfile::model::ImageRef;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{Args, Command, Flag, Instruction, Keyword};
use crate::rules::Context;
use crate::semantic::runs::Call;
use crate::shell::packages::{Install, Manager};
use crate::shell::{Cmd, Script, ShWord, WrapperKind};
use crate::source::Span;

/// One `RUN` of a stage (ONBUILD RUNs run in another build and are left out).
pub(super) struct Step<'a> {
    pub ins: &'a Instruction,
    pub cmd: &'a Command,
    /// Index into `cx.model.stages`.
    pub stage: usize,
    pub scripts: &'a [Script],
    /// The RUN's commands with the install each makes (`semantic::runs::RunSite::calls`).
    pub calls: &'a [Call],
}

impl Step<'_> {
    /// Every command of [`Step::commands`] with the package-manager install it makes, as the
    /// file's RUN collection worked it out once.
    pub fn calls(&self) -> impl Iterator<Item = (&Cmd, Option<&Install>)> {
        self.calls.iter().filter_map(|c| {
            let script = self.scripts.get(c.script)?;
            let readable =
                script.is_parsed_shell() || script.interpreter == crate::shell::Interpreter::Exec;
            readable
                .then(|| script.commands.get(c.cmd))
                .flatten()
                .map(|cmd| (cmd, c.install.as_ref()))
        })
    }

    /// Every command the RUN runs whose text is known (parsed shell, exec-form arrays).
    pub fn commands(&self) -> impl Iterator<Item = &Cmd> {
        self.scripts
            .iter()
            .filter(|s| s.is_parsed_shell() || s.interpreter == crate::shell::Interpreter::Exec)
            .flat_map(|s| s.commands.iter())
    }

    /// Whether a script of the RUN could not be read (another interpreter, a parse error).
    pub fn has_unread_script(&self) -> bool {
        use crate::shell::Interpreter;
        // Data heredocs (`COPY`-like `cat <<EOF > file`) are not scripts.
        let data = |i: &Interpreter| matches!(i, Interpreter::Other(p) if p.is_empty() || p == "cat" || p == "tee");
        self.scripts.iter().any(|s| {
            !(s.is_parsed_shell() || s.interpreter == Interpreter::Exec || data(&s.interpreter))
        })
    }

    /// The RUN's `--mount` flags.
    pub fn mounts(&self) -> Vec<Mount<'_>> {
        self.cmd
            .flags_named("mount")
            .filter_map(|f| f.value().map(|v| parse_mount(f, v)))
            .collect()
    }
}

/// The 1-based line of a byte offset.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

/// Every RUN in a stage (not `ONBUILD RUN`), in file order: a view of the file's one RUN
/// collection (`semantic::runs`).
pub(super) fn steps<'a>(cx: &Context<'a>) -> Vec<Step<'a>> {
    cx.runs
        .iter()
        .filter(|r| !r.onbuild)
        .filter_map(|r| {
            Some(Step {
                ins: r.ins,
                cmd: r.cmd,
                stage: r.stage?,
                scripts: &r.scripts,
                calls: &r.calls,
            })
        })
        .collect()
}

/// The arguments after the program (see [`Cmd::program_name`]).
pub(super) fn args(c: &Cmd) -> &[ShWord] {
    c.named_view().args
}

/// Operands of a command: arguments not starting with `-`.
pub(super) fn operands(c: &Cmd) -> Vec<&ShWord> {
    args(c)
        .iter()
        .filter(|w| !w.text.starts_with('-'))
        .collect()
}

/// Whether any argument is `flag` or `flag=...`.
pub(super) fn has_arg(c: &Cmd, flags: &[&str]) -> bool {
    args(c).iter().any(|w| {
        flags
            .iter()
            .any(|f| w.text == *f || w.text.strip_prefix(f).is_some_and(|r| r.starts_with('=')))
    })
}

/// The value of `--flag value` or `--flag=value`, and whether it expands.
pub(super) fn arg_text(c: &Cmd, flags: &[&str]) -> Option<(String, bool)> {
    let a = args(c);
    for (i, w) in a.iter().enumerate() {
        for f in flags {
            if w.text == *f {
                return a.get(i + 1).map(|v| (v.text.clone(), v.has_expansion));
            }
            if let Some(v) = w.text.strip_prefix(f).and_then(|r| r.strip_prefix('=')) {
                return Some((v.to_string(), w.has_expansion));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------------------------
// The environment

pub(super) use crate::semantic::vars::Var;

/// The value of `name` from ENV and ARG in stage `stage` (and, for ENV, the local stages it is
/// built on) before byte offset `before`: the one lookup, `semantic::vars`.
pub(super) fn stage_env(cx: &Context<'_>, stage: usize, before: usize, name: &str) -> Var {
    cx.vars.lookup(stage, before, name)
}

/// Assignments to `name` inside the RUN itself (`NAME=x cmd`, `export NAME=x`, `env NAME=x cmd`):
/// `Unset` when there are none, the value when every one is the same literal, else unknown.
pub(super) fn run_assigned(step: &Step<'_>, name: &str) -> Var {
    let mut vals: Vec<Option<String>> = Vec::new();
    for c in step.commands() {
        let mut words: Vec<&ShWord> = c.assignments.iter().collect();
        let prog = c.program();
        if matches!(
            prog,
            Some("export" | "env" | "declare" | "typeset" | "local" | "readonly")
        ) || c.unwrapped().wrapped_by(WrapperKind::Env)
        {
            words.extend(c.args.iter());
        }
        for w in words {
            let Some(eq) = w.text.find('=') else { continue };
            if &w.text[..eq] != name {
                continue;
            }
            let value = &w.text[eq + 1..];
            vals.push((!w.has_expansion && !value.contains('$')).then(|| value.to_string()));
        }
    }
    match vals.split_first() {
        None => Var::Unset,
        Some((first, rest)) => match first {
            Some(v) if rest.iter().all(|r| r.as_deref() == Some(v.as_str())) => Var::Set(v.clone()),
            _ => Var::Unknown,
        },
    }
}

/// The variable as a command of `step` sees it: the RUN's own assignments, else ENV/ARG.
pub(super) fn var(cx: &Context<'_>, step: &Step<'_>, name: &str) -> Var {
    match run_assigned(step, name) {
        Var::Unset => stage_env(cx, step.stage, step.ins.span.start, name),
        v => v,
    }
}

/// The last `USER` of the stage chain before `before` (`None`: the image's user, normally root).
pub(super) fn user_at(cx: &Context<'_>, stage: usize, before: usize) -> Option<(String, Span)> {
    let mut found = None;
    for s in cx.stage_chain(stage).into_iter().rev() {
        let Some(st) = cx.model.stages.get(s) else {
            continue;
        };
        for ins in &st.instructions {
            if s == stage && ins.span.start >= before {
                break;
            }
            if ins.keyword() == Keyword::User {
                if let Args::String(w) = &ins.command.args {
                    found = Some((w.text.trim().to_string(), ins.span));
                }
            }
        }
    }
    found
}

/// Whether a USER value is root (`root`, `0`, `root:root`, `0:0`).
pub(super) fn is_root_user(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user);
    name == "root" || name == "0"
}

/// Where `~` is for a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Home {
    /// `/root`, or a literal `HOME`.
    Known(String),
    /// A non-root user whose home this analysis cannot see (usually `/home/<user>`), never `/root`.
    OtherUser(String),
    /// Cannot tell (a variable USER, `gosu someone`).
    Unknown,
}

/// The home directory of a command in `step`.
pub(super) fn home_of(cx: &Context<'_>, step: &Step<'_>, c: &Cmd) -> Home {
    let v = c.unwrapped();
    for w in &v.wrappers {
        if w.kind == WrapperKind::Privilege {
            let by = crate::shell::basename(&w.word.text);
            let other_user = c
                .args
                .iter()
                .any(|a| a.text == "-u" || a.text.starts_with("--user"));
            return if (by == "sudo" || by == "doas") && !other_user {
                Home::Known("/root".into())
            } else {
                Home::Unknown
            };
        }
    }
    match var(cx, step, "HOME") {
        Var::Set(h) if h.starts_with('/') => return Home::Known(h),
        Var::Unset => {}
        _ => return Home::Unknown,
    }
    match user_at(cx, step.stage, step.ins.span.start) {
        None => Home::Known("/root".into()),
        Some((u, _)) if is_root_user(&u) => Home::Known("/root".into()),
        Some((u, _)) if u.contains('$') => Home::Unknown,
        Some((u, _)) => Home::OtherUser(u.split(':').next().unwrap_or(&u).to_string()),
    }
}

/// The `WORKDIR` in effect in `stage` before `before` (`/` when none), when literal.
pub(super) fn workdir_at(cx: &Context<'_>, stage: usize, before: usize) -> Option<String> {
    let mut dir = "/".to_string();
    for s in cx.stage_chain(stage).into_iter().rev() {
        let st = cx.model.stages.get(s)?;
        for ins in &st.instructions {
            if s == stage && ins.span.start >= before {
                break;
            }
            if ins.keyword() == Keyword::Workdir {
                let Args::String(w) = &ins.command.args else {
                    return None;
                };
                let raw = unquote(w.text.trim(), cx.dockerfile.escape);
                let v = if raw.contains('$') {
                    cx.vars.expand(s, ins.span.start, &raw)?
                } else {
                    raw
                };
                dir = join_path(&dir, &v);
            }
        }
    }
    Some(dir)
}

/// `base` joined with `rel` (absolute `rel` wins), `.` and `..` folded.
pub(super) fn join_path(base: &str, rel: &str) -> String {
    let full = if rel.starts_with('/') {
        rel.to_string()
    } else {
        format!("{base}/{rel}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in full.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The image the stage chain starts from: the repository's last path part, lower-cased
/// (`docker.io/library/golang:1.22` → `golang`), and the whole reference.
pub(super) fn root_image(cx: &Context<'_>, stage: usize) -> Option<(String, ImageRef)> {
    let root = *cx.stage_chain(stage).last()?;
    let st = cx.model.stages.get(root)?;
    let base = st.base_resolved.as_deref()?;
    if cx.model.stage_before(base, root).is_some() {
        return None;
    }
    let r = ImageRef::parse(base);
    let name = r.repository.rsplit('/').next()?.to_ascii_lowercase();
    Some((name, r))
}

// ---------------------------------------------------------------------------------------------
// Mounts

/// A `--mount` flag of a RUN.
#[derive(Debug, Clone)]
pub(super) struct Mount<'a> {
    pub flag: &'a Flag,
    /// `cache`, `tmpfs`, `bind` (the default), `secret`, `ssh`.
    pub kind: String,
    /// The target as written (quotes removed).
    pub target: Option<String>,
}

fn parse_mount<'a>(flag: &'a Flag, value: &str) -> Mount<'a> {
    let mut kind = "bind".to_string();
    let mut target = None;
    for field in value.split(',') {
        let (k, v) = field.split_once('=').unwrap_or((field, ""));
        let v = v.trim().trim_matches('"').trim_matches('\'');
        match k.trim().to_ascii_lowercase().as_str() {
            "type" => kind = v.to_ascii_lowercase(),
            "target" | "dst" | "destination" => target = Some(v.to_string()),
            _ => {}
        }
    }
    Mount { flag, kind, target }
}

impl Mount<'_> {
    pub fn is_cache(&self) -> bool {
        self.kind == "cache"
    }

    /// The absolute target: variables from the stage environment, relative paths against WORKDIR.
    pub fn resolved_target(&self, cx: &Context<'_>, step: &Step<'_>) -> Option<String> {
        let t = self.target.as_deref()?;
        let t = if t.contains('$') {
            cx.vars
                .expand(step.stage, step.ins.span.start, t)
                .filter(|v| !v.is_empty())?
        } else {
            t.to_string()
        };
        if t.starts_with('/') {
            return Some(join_path("/", &t));
        }
        let wd = workdir_at(cx, step.stage, step.ins.span.start)?;
        Some(join_path(&wd, &t))
    }

    /// The span of the target value in the source, when it is written plainly (for fixes).
    pub fn target_value_span(&self, text: &str) -> Option<Span> {
        let src = self.flag.span.slice(text);
        if src != self.flag.raw {
            return None;
        }
        let value_start = src.find('=')? + 1;
        let mut at = value_start;
        for field in src[value_start..].split(',') {
            if let Some((k, v)) = field.split_once('=') {
                let k = k.trim().to_ascii_lowercase();
                if matches!(k.as_str(), "target" | "dst" | "destination") {
                    if v.is_empty() || v.contains(['"', '\'', '$']) {
                        return None;
                    }
                    let s = self.flag.span.start + at + field.len() - v.len();
                    return Some(Span::new(s, s + v.len()));
                }
            }
            at += field.len() + 1;
        }
        None
    }
}

fn trim_path(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        "/"
    } else {
        t
    }
}

/// Whether a mount at `target` holds `dir`: the same folder, a folder inside it, or a folder
/// containing it (other than `/`).
pub(super) fn covers(target: &str, dir: &str) -> bool {
    let (t, d) = (trim_path(target), trim_path(dir));
    if t == "/" || !t.starts_with('/') {
        return false;
    }
    t == d || t.starts_with(&format!("{d}/")) || d.starts_with(&format!("{t}/"))
}

// ---------------------------------------------------------------------------------------------
// OS packages

/// One package named by an OS package install.
#[derive(Debug, Clone)]
pub(super) struct OsPackage {
    /// The package name without version or architecture (`gcc=4:12` → `gcc`).
    pub name: String,
}

/// An OS package install (`apt-get install`, `apk add`, `dnf install`, ...).
pub(super) struct OsInstall<'r> {
    pub cmd: &'r Cmd,
    pub packages: Vec<OsPackage>,
    /// `apk add --virtual NAME`: the group the packages can be deleted by.
    pub virtual_name: Option<String>,
}

/// The package name of a package word: version, release and architecture suffixes removed.
pub(super) fn package_name(word: &str) -> String {
    let w = word.split(['=', '~', '>', '<']).next().unwrap_or(word);
    let w = w.split(':').next().unwrap_or(w);
    w.to_ascii_lowercase()
}

/// The OS package install a command makes, given the install it makes ([`Step::calls`]).
pub(super) fn os_install<'c>((c, inst): (&'c Cmd, Option<&Install>)) -> Option<OsInstall<'c>> {
    let inst = inst?;
    if !inst.manager.is_system() {
        return None;
    }
    let v = c.unwrapped();
    // The install's packages by where they are written, looked up per argument: an install of
    // thousands of packages must not cost their square.
    let named: std::collections::HashMap<crate::source::Span, &str> = inst
        .packages
        .iter()
        .map(|p| (p.span, p.text.as_str()))
        .collect();
    let packages = v
        .args
        .iter()
        .filter(|w| named.get(&w.span) == Some(&w.text.as_str()))
        .filter(|w| !w.has_expansion)
        .map(|w| OsPackage {
            name: package_name(&w.text),
        })
        .collect();
    let virtual_name = if inst.manager == Manager::Apk {
        arg_text(c, &["--virtual", "-t"]).map(|(v, _)| v)
    } else {
        None
    };
    Some(OsInstall {
        cmd: c,
        packages,
        virtual_name,
    })
}

/// Package names a command removes (`apt-get purge`, `apk del`, `dnf remove`, ...), and whether
/// it removes every automatically installed package as well (`--auto-remove`, `autoremove`).
pub(super) fn os_removal(c: &Cmd) -> Option<(Vec<String>, bool)> {
    let prog = c.program_name()?;
    let verbs: &[&str] = match prog {
        "apt-get" | "apt" => &["purge", "remove", "autoremove", "autopurge"],
        "apk" => &["del"],
        "yum" | "dnf" | "dnf5" | "microdnf" => &["remove", "erase", "autoremove"],
        "zypper" => &["remove", "rm"],
        "pip" | "pip3" => &["uninstall"],
        _ => return None,
    };
    let ops = operands(c);
    let (verb, rest) = ops.split_first()?;
    if !verbs.contains(&verb.text.as_str()) {
        return None;
    }
    let auto = verb.text.starts_with("auto") || has_arg(c, &["--auto-remove", "--autoremove"]);
    Some((rest.iter().map(|w| package_name(&w.text)).collect(), auto))
}

/// Every package removal of a file's RUNs, indexed once per rule run: asking "is this package
/// removed later?" for every installed package by scanning every later RUN made a file with
/// thousands of installs quadratic.
pub(super) struct Removals {
    /// Package name -> (step, command start) of each command that removes it.
    by_name: std::collections::HashMap<String, Vec<(usize, usize)>>,
    /// (step, command start) of each removal that also takes automatically installed packages.
    auto: Vec<(usize, usize)>,
}

impl Removals {
    pub fn new(steps: &[Step<'_>]) -> Removals {
        let mut by_name: std::collections::HashMap<String, Vec<(usize, usize)>> =
            Default::default();
        let mut auto = Vec::new();
        for (i, s) in steps.iter().enumerate() {
            for c in s.commands() {
                let Some((names, all_auto)) = os_removal(c) else {
                    continue;
                };
                for n in names {
                    by_name.entry(n).or_default().push((i, c.span.start));
                }
                if all_auto {
                    auto.push((i, c.span.start));
                }
            }
        }
        Removals { by_name, auto }
    }

    /// Whether package `name` from `install` (in RUN `at` of `steps`) is removed again by the
    /// same RUN or a later RUN of a stage in `chain`.
    pub fn removed(
        &self,
        steps: &[Step<'_>],
        at: usize,
        install: &OsInstall<'_>,
        name: &str,
        chain: &[usize],
    ) -> bool {
        let later = |&(i, start): &(usize, usize)| {
            i >= at && chain.contains(&steps[i].stage) && !(i == at && start < install.cmd.span.end)
        };
        let named = |n: &str| self.by_name.get(n).is_some_and(|v| v.iter().any(later));
        // `apt-mark auto` + `purge --auto-remove` (the official images' pattern) removes what
        // the RUN installed: only an auto-removal in the same RUN counts.
        let auto_here = || {
            self.auto.iter().any(|e| e.0 == at && later(e))
                && steps[at].commands().any(|c| {
                    c.program_name() == Some("apt-mark")
                        && operands(c).first().is_some_and(|w| w.text == "auto")
                })
        };
        named(name) || install.virtual_name.as_deref().is_some_and(named) || auto_here()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(join_path("/app", "target/"), "/app/target");
        assert_eq!(join_path("/app", "/x/../y"), "/y");
        assert!(covers("/root/.cache", "/root/.cache/pip"));
        assert!(covers("/root/.cache/pip/wheels", "/root/.cache/pip"));
        assert!(!covers("/root/.cache/uv", "/root/.cache/pip"));
        assert!(!covers("/", "/root/.cache/pip"));
        assert_eq!(package_name("gcc=4:12.2.0-3"), "gcc");
        assert_eq!(package_name("libwebp-dev:amd64"), "libwebp-dev");
        assert_eq!(package_name("build-base~=0.5"), "build-base");
    }

    #[test]
    fn mount_target_span() {
        let src = "FROM x\nRUN --mount=type=cache,id=a,target=/root/.cache/uv pip install x\n";
        let df = crate::dockerfile::parse(src);
        let ins = df.instructions().nth(1).unwrap();
        let f = ins.command.flag("mount").unwrap();
        let m = parse_mount(f, f.value().unwrap());
        assert_eq!(m.target.as_deref(), Some("/root/.cache/uv"));
        let sp = m.target_value_span(src).unwrap();
        assert_eq!(sp.slice(src), "/root/.cache/uv");
    }
}
