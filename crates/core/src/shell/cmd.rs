//! Questions rules ask about a command: its program, its flags, and what it runs through
//! `sudo`, `env`, `xargs` and friends.

use super::{basename, is_assignment, Cmd, ShWord};

/// Why a command word was looked through by [`Cmd::unwrapped`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WrapperKind {
    /// `sudo`, `doas`, `gosu USER`, `su-exec USER`: runs it as another user.
    Privilege,
    /// `env [-i] [-u N] [VAR=x]…`: runs it with a changed environment.
    Env,
    /// `exec`: replaces the shell with it.
    Exec,
    /// `nice`, `ionice`: runs it at another priority.
    Priority,
    /// `time` (the program, not the pipeline keyword): runs and times it.
    Time,
    /// `xargs`: runs it with more arguments read from standard input.
    Xargs,
    /// `command`, `builtin`: runs it bypassing functions/aliases (not with `-v`/`-V`).
    Builtin,
    /// `nohup`: runs it immune to hangups.
    Nohup,
    /// `timeout DURATION`: runs it with a time limit.
    Timeout,
    /// `stdbuf`: runs it with other stdio buffering.
    Stdbuf,
    /// `chroot NEWROOT`: runs it in another root directory.
    Chroot,
    /// `eatmydata`, `fakeroot`: runs it with an LD_PRELOAD shim.
    Preload,
}

impl WrapperKind {
    /// A short reason, for messages.
    pub fn reason(&self) -> &'static str {
        match self {
            WrapperKind::Privilege => "runs the command as another user",
            WrapperKind::Env => "runs the command with a modified environment",
            WrapperKind::Exec => "replaces the shell with the command",
            WrapperKind::Priority => "runs the command at another scheduling priority",
            WrapperKind::Time => "runs and times the command",
            WrapperKind::Xargs => "runs the command with extra arguments read from standard input",
            WrapperKind::Builtin => "runs the command bypassing shell functions",
            WrapperKind::Nohup => "runs the command immune to hangups",
            WrapperKind::Timeout => "runs the command with a time limit",
            WrapperKind::Stdbuf => "runs the command with modified stdio buffering",
            WrapperKind::Chroot => "runs the command in another root directory",
            WrapperKind::Preload => "runs the command under an LD_PRELOAD shim",
        }
    }
}

/// A wrapper command that was looked through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wrapper<'a> {
    pub word: &'a ShWord,
    pub kind: WrapperKind,
}

/// A command seen as program + arguments: the command itself ([`Cmd::view`]) or what it runs
/// through wrappers ([`Cmd::unwrapped`]). `args` is always a suffix of `cmd.args`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CmdView<'a> {
    pub cmd: &'a Cmd,
    pub name: Option<&'a ShWord>,
    pub args: &'a [ShWord],
    /// Outermost first.
    pub wrappers: Vec<Wrapper<'a>>,
}

/// The value of a flag: `--opt=value`, `--opt value`, `-o value`, `-ovalue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagValue<'a> {
    /// The value, unquoted.
    pub text: String,
    /// The word the value is in (the flag's own word for `--opt=value` and `-ovalue`).
    pub word: &'a ShWord,
}

struct WrapSpec {
    kind: WrapperKind,
    /// Short options that take a separate value when last in their cluster.
    short_val: &'static str,
    long_val: &'static [&'static str],
    /// Operands before the command (`timeout 10 cmd`, `gosu user cmd`).
    operands: usize,
    /// `VAR=x` words before the command are skipped (`env`).
    assignments: bool,
}

fn wrap_spec(program: &str) -> Option<WrapSpec> {
    // Every command is asked this: reject by length and first letter before comparing names.
    let b = program.as_bytes();
    let candidate = match (b.len(), b.first().copied().unwrap_or(0)) {
        (3, c) => c == b'e',
        (4, c) => matches!(c, b's' | b'd' | b'g' | b'e' | b'n' | b't'),
        (5, c) => matches!(c, b'x' | b'n'),
        (6, c) => matches!(c, b'i' | b's' | b'c'),
        (7, c) => matches!(c, b's' | b'c' | b'b' | b't'),
        (8, c) => c == b'f',
        (9, c) => c == b'e',
        _ => false,
    };
    if !candidate {
        return None;
    }
    let s = |kind, short_val, long_val, operands| WrapSpec {
        kind,
        short_val,
        long_val,
        operands,
        assignments: false,
    };
    Some(match program {
        "sudo" => s(
            WrapperKind::Privilege,
            "ugCDhprtTU",
            &[
                "user",
                "group",
                "close-from",
                "chdir",
                "host",
                "prompt",
                "role",
                "type",
                "command-timeout",
                "other-user",
            ],
            0,
        ),
        "doas" => s(WrapperKind::Privilege, "uC", &[], 0),
        "gosu" | "su-exec" => s(WrapperKind::Privilege, "", &[], 1),
        "env" => WrapSpec {
            kind: WrapperKind::Env,
            short_val: "uCS",
            long_val: &["unset", "chdir", "split-string"],
            operands: 0,
            assignments: true,
        },
        "exec" => s(WrapperKind::Exec, "a", &[], 0),
        "nice" => s(WrapperKind::Priority, "n", &["adjustment"], 0),
        "ionice" => s(
            WrapperKind::Priority,
            "cnpPu",
            &["class", "classdata", "pid", "pgid", "uid"],
            0,
        ),
        "time" => s(WrapperKind::Time, "fo", &["format", "output"], 0),
        "xargs" => s(
            WrapperKind::Xargs,
            "EILnPsda",
            &[
                "max-args",
                "max-procs",
                "max-chars",
                "delimiter",
                "arg-file",
                "process-slot-var",
            ],
            0,
        ),
        "command" | "builtin" => s(WrapperKind::Builtin, "", &[], 0),
        "nohup" => s(WrapperKind::Nohup, "", &[], 0),
        "timeout" => s(WrapperKind::Timeout, "ks", &["kill-after", "signal"], 1),
        "stdbuf" => s(WrapperKind::Stdbuf, "ioe", &["input", "output", "error"], 0),
        "chroot" => s(WrapperKind::Chroot, "", &["userspec", "groups"], 1),
        "eatmydata" => s(WrapperKind::Preload, "", &[], 0),
        "fakeroot" => s(WrapperKind::Preload, "lsib", &["lib", "faked"], 0),
        _ => return None,
    })
}

/// Index of the first word after a wrapper's own options and operands.
fn skip_wrapper_args(spec: &WrapSpec, args: &[ShWord]) -> Option<usize> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let t = a.text.as_str();
        if t == "--" {
            i += 1;
            break;
        }
        if spec.assignments && is_assignment(t) {
            i += 1;
            continue;
        }
        if let Some(long) = t.strip_prefix("--") {
            let takes = !long.contains('=') && spec.long_val.contains(&long);
            i += if takes { 2 } else { 1 };
            continue;
        }
        if let Some(cluster) = t.strip_prefix('-').filter(|c| !c.is_empty()) {
            if spec.kind == WrapperKind::Builtin && cluster.contains(['v', 'V']) {
                return None; // `command -v x` looks x up, it does not run it
            }
            let mut takes = false;
            for (k, c) in cluster.char_indices() {
                if spec.short_val.contains(c) {
                    takes = k + c.len_utf8() == cluster.len();
                    break;
                }
            }
            i += if takes { 2 } else { 1 };
            continue;
        }
        break;
    }
    let i = i + spec.operands;
    (i < args.len()).then_some(i)
}

/// `-abc` is a cluster of single-letter flags when it is all ASCII letters and digits.
fn is_cluster(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl<'a> CmdView<'a> {
    /// The command word's file name (`/usr/bin/apt-get` → `apt-get`), as written when it expands.
    pub fn program(&self) -> Option<&'a str> {
        self.name.map(|w| {
            if w.has_expansion {
                w.text.as_str()
            } else {
                basename(&w.text)
            }
        })
    }

    /// True when a wrapper of this kind was looked through.
    pub fn wrapped_by(&self, kind: WrapperKind) -> bool {
        self.wrappers.iter().any(|w| w.kind == kind)
    }

    /// Option words: the arguments before `--`.
    fn options(&self) -> impl Iterator<Item = (usize, &'a ShWord)> + 'a {
        let args = self.args;
        args.iter().enumerate().take_while(|(_, w)| w.text != "--")
    }

    /// Whether `-s` (also inside a cluster like `-yqs`) or `--long` (also `--long=value`) is
    /// among the arguments before `--`. A short flag only counts inside an all-alphanumeric
    /// cluster or as the first letter (`-oFoo=bar` has `o`, not `F`).
    pub fn has_flag(&self, short: Option<char>, long: Option<&str>) -> bool {
        self.options()
            .any(|(_, w)| flag_matches(&w.text, short, long))
    }

    /// The value of the first occurrence of a value-taking flag (see [`FlagValue`]).
    pub fn flag_value(&self, short: Option<char>, long: Option<&str>) -> Option<FlagValue<'a>> {
        self.flag_values(short, long).into_iter().next()
    }

    /// The values of every occurrence of a value-taking flag, in order.
    pub fn flag_values(&self, short: Option<char>, long: Option<&str>) -> Vec<FlagValue<'a>> {
        let mut out = Vec::new();
        let args = self.args;
        let next = |i: usize| {
            args.get(i + 1).map(|w| FlagValue {
                text: w.text.clone(),
                word: w,
            })
        };
        for (i, w) in self.options() {
            let t = w.text.as_str();
            if let Some(l) = t.strip_prefix("--") {
                match (long, l.split_once('=')) {
                    (Some(want), Some((n, v))) if n == want => out.push(FlagValue {
                        text: v.to_string(),
                        word: w,
                    }),
                    (Some(want), None) if l == want => out.extend(next(i)),
                    _ => {}
                }
                continue;
            }
            let (Some(c), Some(s)) = (short, t.strip_prefix('-')) else {
                continue;
            };
            let at = if is_cluster(s) {
                s.find(c)
            } else {
                s.starts_with(c).then_some(0)
            };
            if let Some(p) = at {
                let rest = &s[p + c.len_utf8()..];
                if rest.is_empty() {
                    out.extend(next(i));
                } else {
                    out.push(FlagValue {
                        text: rest.to_string(),
                        word: w,
                    });
                }
            }
        }
        out
    }

    /// Arguments that are not flags: not starting with `-` (a lone `-` counts), plus everything
    /// after `--`. Flags' separate values are included (this view does not know which flags take
    /// one); [`packages`](super::packages) knows for package managers.
    pub fn positional(&self) -> Vec<&'a ShWord> {
        let mut out = Vec::new();
        let mut rest = false;
        for w in self.args {
            if rest {
                out.push(w);
            } else if w.text == "--" {
                rest = true;
            } else if !w.text.starts_with('-') || w.text == "-" {
                out.push(w);
            }
        }
        out
    }

    /// The i-th positional argument's text.
    pub fn arg(&self, i: usize) -> Option<&'a str> {
        self.positional().get(i).map(|w| w.text.as_str())
    }
}

fn flag_matches(t: &str, short: Option<char>, long: Option<&str>) -> bool {
    if let Some(l) = t.strip_prefix("--") {
        let name = l.split_once('=').map_or(l, |x| x.0);
        return long.is_some_and(|want| !want.is_empty() && name == want);
    }
    match (short, t.strip_prefix('-')) {
        (Some(c), Some(s)) if is_cluster(s) => s.contains(c),
        (Some(c), Some(s)) => s.starts_with(c),
        _ => false,
    }
}

impl Cmd {
    /// The command itself as a view (no unwrapping).
    pub fn view(&self) -> CmdView<'_> {
        CmdView {
            cmd: self,
            name: self.name.as_ref(),
            args: &self.args,
            wrappers: Vec::new(),
        }
    }

    /// What this command really runs, looking through `sudo`, `doas`, `gosu`/`su-exec USER`,
    /// `env [VAR=x]…`, `exec`, `nice`, `ionice`, `time`, `xargs`, `command`/`builtin` (not
    /// `-v`), `nohup`, `timeout DURATION`, `stdbuf`, `chroot DIR`, `eatmydata`, `fakeroot`, and
    /// any chain of them. Each one looked through is kept in `wrappers` with its kind.
    pub fn unwrapped(&self) -> CmdView<'_> {
        let mut v = self.view();
        for &(kind, i) in &self.unwrap {
            if let Some(word) = v.name {
                v.wrappers.push(Wrapper { word, kind });
            }
            v.name = Some(&self.args[i]);
            v.args = &self.args[i + 1..];
        }
        v
    }

    /// What the command runs as hadolint names commands: [`Cmd::unwrapped`], then through
    /// `busybox APPLET` (the applet is the program, its arguments the rest).
    pub fn named_view(&self) -> CmdView<'_> {
        let mut v = self.unwrapped();
        if v.program() == Some("busybox") {
            if let Some((first, rest)) = v.args.split_first() {
                if !first.text.starts_with('-') && !first.has_expansion {
                    v.name = Some(first);
                    v.args = rest;
                }
            }
        }
        v
    }

    /// The program [`Cmd::named_view`] names, when its word is literal (`None` for `$CC …`):
    /// worked out once when the command is built, since most rules ask it of every command.
    pub fn program_name(&self) -> Option<&str> {
        let w = match self.program_word? {
            0 => self.name.as_ref()?,
            k => self.args.get(k - 1)?,
        };
        (!w.has_expansion).then(|| basename(&w.text))
    }

    /// Every name the command's program goes by, as rules name it: [`Cmd::program`] (the first
    /// word), the program of [`Cmd::unwrapped`], [`Cmd::program_name`], and the file name of each
    /// wrapper looked through (the `sudo` of `env sudo apt-get`). Usually one name, given once;
    /// otherwise a name may come more than once.
    pub fn program_names<'s>(&'s self, mut each: impl FnMut(&'s str)) {
        let own = self.program();
        if let Some(p) = own {
            each(p);
        }
        // Nothing looked through and the first word named: the other names are this one.
        if self.unwrap.is_empty() && self.program_word == Some(0) {
            return;
        }
        let view = self.unwrapped();
        for p in [view.program(), self.program_name()].into_iter().flatten() {
            if Some(p) != own {
                each(p);
            }
        }
        for w in &view.wrappers {
            each(basename(&w.word.text));
        }
    }

    /// Works out what is kept for [`Cmd::unwrapped`] and [`Cmd::program_name`]: called by the
    /// code that builds a command, once its words are in place.
    pub(crate) fn settle(&mut self) {
        self.unwrap = self.unwrap_steps();
        let v = self.named_view();
        self.program_word = v.name.and_then(|w| {
            if self.name.as_ref().is_some_and(|n| std::ptr::eq(n, w)) {
                return Some(0);
            }
            self.args
                .iter()
                .position(|a| std::ptr::eq(a, w))
                .map(|i| i + 1)
        });
    }

    /// The steps [`Cmd::unwrapped`] takes, each wrapper's kind and the index in `args` of the
    /// word it runs; computed once when the command is built (every rule asks for the view).
    pub(crate) fn unwrap_steps(&self) -> Vec<(WrapperKind, usize)> {
        let mut steps = Vec::new();
        let mut name = self.name.as_ref();
        let mut at = 0;
        for _ in 0..8 {
            let Some(word) = name else {
                break;
            };
            if word.has_expansion {
                break;
            }
            let Some(spec) = wrap_spec(basename(&word.text)) else {
                break;
            };
            let Some(i) = skip_wrapper_args(&spec, &self.args[at..]) else {
                break;
            };
            steps.push((spec.kind, at + i));
            name = Some(&self.args[at + i]);
            at += i + 1;
        }
        steps
    }

    /// The command word's file name (`/usr/bin/apt-get` → `apt-get`); no unwrapping.
    pub fn program(&self) -> Option<&str> {
        self.view().program()
    }

    /// See [`CmdView::has_flag`] (on this command's own arguments).
    pub fn has_flag(&self, short: Option<char>, long: Option<&str>) -> bool {
        self.view().has_flag(short, long)
    }

    /// See [`CmdView::flag_value`].
    pub fn flag_value(&self, short: Option<char>, long: Option<&str>) -> Option<FlagValue<'_>> {
        self.view().flag_value(short, long)
    }

    /// See [`CmdView::positional`].
    pub fn positional(&self) -> Vec<&ShWord> {
        self.view().positional()
    }

    /// Nested inside a command substitution, function body, … (anything in `nesting`).
    pub fn is_nested(&self) -> bool {
        !self.nesting.is_empty()
    }
}

impl ShWord {
    /// `NAME=value` split, for assignment words (value unquoted).
    pub fn assignment(&self) -> Option<(&str, &str)> {
        if !is_assignment(&self.raw) {
            return None;
        }
        self.text
            .split_once('=')
            .map(|(n, v)| (n.strip_suffix('+').unwrap_or(n), v))
    }

    /// True when the text is fixed (no expansion).
    pub fn is_literal(&self) -> bool {
        !self.has_expansion
    }
}

#[cfg(test)]
mod tests {
    use super::wrap_spec;

    #[test]
    fn wrapper_names_pass_the_quick_reject() {
        for name in [
            "sudo",
            "doas",
            "gosu",
            "su-exec",
            "env",
            "exec",
            "nice",
            "ionice",
            "time",
            "xargs",
            "command",
            "builtin",
            "nohup",
            "timeout",
            "stdbuf",
            "chroot",
            "eatmydata",
            "fakeroot",
        ] {
            assert!(wrap_spec(name).is_some(), "{name}");
        }
        for name in [
            "apt-get", "echo", "su", "envx", "", "s", "curl", "tar", "npm",
        ] {
            assert!(wrap_spec(name).is_none(), "{name}");
        }
    }
}
