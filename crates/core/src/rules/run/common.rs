//! What the RUN rules share: every RUN analysed once per file with the SHELL in effect, and the
//! command-name questions hadolint asks (through `sudo`, `env`, `busybox`, ...).

use crate::dockerfile::model::Stage;
use crate::dockerfile::Instruction;
use crate::rules::Context;
use crate::shell::{Cmd, Interpreter, Script};

/// One RUN instruction (or `ONBUILD RUN`) with its analysed scripts.
#[derive(Debug)]
pub(crate) struct Run<'a> {
    /// Index into [`instructions`].
    pub ins: usize,
    /// Index of the stage in `cx.model.stages`; `None` for instructions before the first FROM.
    pub stage: Option<usize>,
    /// The `SHELL` argv in effect (empty: the default `/bin/sh -c`).
    pub shell: &'a [String],
    /// `ONBUILD RUN`: runs in a later build, under that build's shell.
    pub onbuild: bool,
    pub scripts: &'a [Script],
}

impl Run<'_> {
    /// The interpreter the `SHELL` in effect stands for.
    pub fn shell_interpreter(&self) -> Interpreter {
        Interpreter::from_argv(self.shell)
    }

    /// Scripts whose commands are known: parsed shell text, and exec-form arrays.
    pub fn command_scripts(&self) -> impl Iterator<Item = &Script> {
        self.scripts
            .iter()
            .filter(|s| s.is_parsed_shell() || s.interpreter == Interpreter::Exec)
    }

    /// Every command the instruction runs (commands of substitutions included).
    pub fn commands(&self) -> impl Iterator<Item = &Cmd> {
        self.command_scripts().flat_map(|s| s.commands.iter())
    }
}

/// The instructions of the file, in order (what [`Run::ins`] indexes).
pub(crate) fn instructions<'a>(cx: &Context<'a>) -> Vec<&'a Instruction> {
    cx.dockerfile.instructions().collect()
}

/// Every RUN of the file (`ONBUILD RUN` included) with its scripts: a view of the file's one RUN
/// collection (`semantic::runs`).
pub(crate) fn runs<'a>(cx: &Context<'a>) -> Vec<Run<'a>> {
    cx.runs
        .iter()
        .map(|r| Run {
            ins: r.index,
            stage: r.stage,
            shell: &r.shell,
            onbuild: r.onbuild,
            scripts: &r.scripts,
        })
        .collect()
}

/// The stage a run belongs to.
pub(crate) fn stage_of<'m, 'a>(cx: &'m Context<'a>, run: &Run) -> Option<&'m Stage<'a>> {
    run.stage.and_then(|i| cx.model.stages.get(i))
}

/// Whether an argv sets `-o pipefail` (`-o pipefail`, `-eo pipefail`, `-euxo pipefail`, `-opipefail`).
pub(crate) fn sets_pipefail<S: AsRef<str>>(args: &[S]) -> bool {
    let mut it = args.iter().map(AsRef::as_ref).peekable();
    while let Some(a) = it.next() {
        if a == "--" {
            return false;
        }
        if let Some(cluster) = a.strip_prefix('-') {
            if cluster.starts_with('-') {
                continue;
            }
            if let Some(rest) = cluster.strip_suffix("opipefail") {
                if rest.chars().all(|c| c.is_ascii_alphabetic()) {
                    return true;
                }
            }
            if cluster.ends_with('o')
                && cluster.chars().all(|c| c.is_ascii_alphabetic())
                && it.peek() == Some(&"pipefail")
            {
                return true;
            }
        }
    }
    false
}

/// The literal value of `$name` in `stage` before byte `before` (the one lookup,
/// `semantic::vars`).
pub(crate) fn stage_value(
    cx: &Context<'_>,
    stage: &Stage<'_>,
    before: usize,
    name: &str,
) -> Option<String> {
    cx.vars
        .lookup(stage.index, before, name)
        .known()
        .map(str::to_string)
}

/// The text of a word with `$NAME`/`${NAME}` replaced from `lookup`; `None` when a variable has no
/// known value or the word uses other expansions.
pub(crate) fn resolve_word(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            let ch = text[i..].chars().next()?;
            if matches!(ch, '`') {
                return None;
            }
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let (name, next) = if b.get(i + 1) == Some(&b'{') {
            let end = text[i + 2..].find('}')? + i + 2;
            (&text[i + 2..end], end + 1)
        } else {
            let len = text[i + 1..]
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                .count();
            (&text[i + 1..i + 1 + len], i + 1 + len)
        };
        if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_') {
            return None;
        }
        out.push_str(&lookup(name)?);
        i = next;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipefail_spellings() {
        assert!(sets_pipefail(&["/bin/bash", "-o", "pipefail", "-c"]));
        assert!(sets_pipefail(&["bash", "-euxo", "pipefail", "-c"]));
        assert!(sets_pipefail(&["set", "-opipefail"]));
        assert!(!sets_pipefail(&["/bin/bash", "-c"]));
        assert!(!sets_pipefail(&["bash", "-oe", "pipefail"]));
        assert!(!sets_pipefail(&["bash", "-o", "errexit"]));
    }

    #[test]
    fn resolving_words() {
        let l = |n: &str| (n == "UID").then(|| "1001".to_string());
        assert_eq!(resolve_word("$UID", l).as_deref(), Some("1001"));
        assert_eq!(resolve_word("${UID}x", l).as_deref(), Some("1001x"));
        assert_eq!(resolve_word("$GID", l), None);
        assert_eq!(resolve_word("$(id -u)", l), None);
    }
}
