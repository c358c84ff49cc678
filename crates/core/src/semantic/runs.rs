//! Every RUN of a Dockerfile with the SHELL in effect, collected once per file: the one answer to
//! "the RUNs of a stage". Each rule family views this list its own way; none walks the file for
//! RUNs or tracks SHELL itself.

use super::RunScripts;
use crate::dockerfile::model::Model;
use crate::dockerfile::{Args, Command, Dockerfile, Instruction, Keyword};
use crate::shell::packages::{install_of, Install, Manager};
use crate::shell::{Interpreter, Script};
use crate::source::BuildNameHasher;
use std::collections::HashSet;
use std::sync::Arc;

/// A simple command of a RUN's shell (or exec-form) scripts, with the package-manager install it
/// makes: every rule that asks "which packages does this RUN install" reads this answer, computed
/// once per file with the one install grammar (`shell::packages`).
pub struct Call {
    /// Index into [`RunSite::scripts`].
    pub script: usize,
    /// Index into that script's `commands`.
    pub cmd: usize,
    pub install: Option<Install>,
}

/// A RUN (or the RUN of an `ONBUILD RUN`) and what it runs.
pub struct RunSite<'a> {
    /// The instruction: the RUN, or the ONBUILD holding it.
    pub ins: &'a Instruction,
    /// Its position among the file's instructions.
    pub index: usize,
    /// The RUN command itself (the trigger of `ONBUILD RUN`).
    pub cmd: &'a Command,
    /// Its stage in `model.stages`; `None` before the first FROM.
    pub stage: Option<usize>,
    /// The SHELL argv in effect (empty: the default `/bin/sh -c`).
    pub shell: Vec<String>,
    pub onbuild: bool,
    /// The analysed scripts, from the file's shared memo.
    pub scripts: Arc<Vec<Script>>,
    /// The commands of the scripts that are shell or exec-form, in execution order (command-line
    /// script first, then heredoc bodies).
    pub calls: Vec<Call>,
}

/// The calls of a RUN's scripts (see [`RunSite::calls`]).
fn calls_of(scripts: &[Script]) -> Vec<Call> {
    let mut out = Vec::with_capacity(scripts.iter().map(|s| s.commands.len()).sum());
    for (si, script) in scripts.iter().enumerate() {
        if !(script.interpreter.is_shell() || script.interpreter == Interpreter::Exec) {
            continue;
        }
        for (ci, cmd) in script.commands.iter().enumerate() {
            out.push(Call {
                script: si,
                cmd: ci,
                install: install_of(cmd),
            });
        }
    }
    out
}

/// What a file's RUNs run, summed up once per file ([`Called::of`]): a rule about some programs
/// or package managers asks it first, and a file that runs none of them costs that rule nothing.
#[derive(Debug, Default)]
pub struct Called {
    /// Every name a command's program goes by ([`Cmd::program_names`](crate::shell::Cmd::program_names)).
    programs: HashSet<Box<str>, BuildNameHasher>,
    /// The package manager of every install ([`Call::install`]).
    managers: Vec<Manager>,
}

impl Called {
    /// The summary of `runs`: every command of every script (whatever its interpreter).
    pub fn of(runs: &[RunSite<'_>]) -> Called {
        let mut called = Called::default();
        // The first names found are compared one by one (a file runs a few dozen programs, and
        // hashing each command's names cost more than the rules this saves); past that, hashed.
        const FEW: usize = 64;
        let mut few: Vec<&str> = Vec::new();
        for run in runs {
            for cmd in run.scripts.iter().flat_map(|s| s.commands.iter()) {
                cmd.program_names(|p| {
                    if few.contains(&p) {
                        return;
                    }
                    if few.len() < FEW {
                        few.push(p);
                    } else if !called.programs.contains(p) {
                        called.programs.insert(p.into());
                    }
                });
            }
        }
        called.programs.extend(few.into_iter().map(Box::from));
        for call in runs.iter().flat_map(|r| r.calls.iter()) {
            if let Some(m) = call.install.as_ref().map(|i| i.manager) {
                if !called.managers.contains(&m) {
                    called.managers.push(m);
                }
            }
        }
        called
    }

    /// Whether some command runs one of `programs` (file names: `apt-get`, not `/usr/bin/apt-get`).
    pub fn any_program(&self, programs: &[&str]) -> bool {
        programs.iter().any(|p| self.programs.contains(*p))
    }

    /// Whether some command installs packages with one of `managers`.
    pub fn any_install(&self, managers: &[Manager]) -> bool {
        managers.iter().any(|m| self.managers.contains(m))
    }
}

/// The argv of a `SHELL ["…", …]` instruction.
pub fn shell_argv(ins: &Instruction) -> Option<Vec<String>> {
    match &ins.command.args {
        Args::Exec(words) if ins.keyword() == Keyword::Shell && !words.is_empty() => {
            Some(words.iter().map(|w| w.text.clone()).collect())
        }
        _ => None,
    }
}

/// Every RUN and ONBUILD RUN, in file order. The shell in effect is the stage's last SHELL before
/// it, else the one the local stage it is built on ended with (BuildKit carries the image config
/// over), else `pragma_shell` (`# hadolint shell=`), else the default.
pub fn collect<'a>(
    df: &'a Dockerfile,
    model: &Model<'a>,
    text: &str,
    memo: &RunScripts,
    pragma_shell: Option<&str>,
) -> Vec<RunSite<'a>> {
    collect_on(df, model, text, memo, pragma_shell, 1, None)
}

/// Called with each RUN (its `scripts` and `calls` not filled in yet) and its analysed scripts,
/// syntax trees included, during [`collect_on`].
pub type EachSite<'f, 'a> = &'f (dyn Fn(&RunSite<'a>, &[Script]) + Sync);

/// [`collect`], the scripts not yet in `memo` analysed on up to `threads` threads. With `each`,
/// every RUN is handed to it while its syntax trees exist, on the thread that analysed it, and
/// the RUNs analysed here come back without trees and are not remembered in `memo`
/// ([`RunScripts::get_all`]).
pub fn collect_on<'a>(
    df: &'a Dockerfile,
    model: &Model<'a>,
    text: &str,
    memo: &RunScripts,
    pragma_shell: Option<&str>,
    threads: usize,
    each: Option<EachSite<'_, 'a>>,
) -> Vec<RunSite<'a>> {
    let default: Vec<String> = pragma_shell
        .map(|s| vec![s.to_string()])
        .unwrap_or_default();
    let mut finals: Vec<Vec<String>> = Vec::with_capacity(model.stages.len());
    let mut out = Vec::new();
    // A file without FROM is one anonymous stage from its first instruction.
    let mut stage: Option<usize> = model.stages.first().filter(|s| s.anonymous).map(|_| 0);
    let mut shell = default.clone();
    for (index, ins) in df.instructions().enumerate() {
        if ins.keyword() == Keyword::From {
            if let Some(s) = stage {
                finals.push(shell.clone());
                debug_assert_eq!(finals.len(), s + 1);
            }
            let n = stage.map_or(0, |s| s + 1);
            stage = Some(n);
            shell = model
                .parent(n)
                .and_then(|p| finals.get(p).cloned())
                .unwrap_or_else(|| default.clone());
            continue;
        }
        if let Some(argv) = shell_argv(ins) {
            shell = argv;
            continue;
        }
        let (cmd, onbuild) = match (&ins.command.keyword, &ins.command.args) {
            (Keyword::Run, _) => (&ins.command, false),
            (Keyword::Onbuild, Args::Onbuild(inner)) if inner.keyword == Keyword::Run => {
                (&**inner, true)
            }
            _ => continue,
        };
        out.push(RunSite {
            ins,
            index,
            cmd,
            stage,
            shell: shell.clone(),
            onbuild,
            calls: Vec::new(),
            scripts: Arc::default(),
        });
    }
    let wanted: Vec<(&Instruction, &[String])> =
        out.iter().map(|r| (r.ins, r.shell.as_slice())).collect();
    let sites = &out;
    let each_run = each.map(|each| move |k: usize, scripts: &[Script]| each(&sites[k], scripts));
    let analysed = memo.get_all(
        &wanted,
        text,
        threads,
        each_run
            .as_ref()
            .map(|f| f as &(dyn Fn(usize, &[Script]) + Sync)),
    );
    for (site, scripts) in out.iter_mut().zip(analysed) {
        site.calls = calls_of(&scripts);
        site.scripts = scripts;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn called(src: &str) -> Called {
        let df = crate::dockerfile::parse(src);
        let model = Model::build(&df);
        let memo = RunScripts::default();
        Called::of(&collect(&df, &model, src, &memo, None))
    }

    #[test]
    fn called_names_programs_three_ways_and_install_managers() {
        let c = called(
            "FROM debian:12\nRUN env DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get install -y curl\n\
             ONBUILD RUN yarn install\nRUN <<EOF\napk add git\nEOF\n",
        );
        // The command's own first word, the program seen through `env`, any heredoc or trigger.
        assert!(c.any_program(&["env"]));
        assert!(c.any_program(&["apt-get"]));
        assert!(c.any_program(&["zypper", "yarn"]));
        assert!(c.any_program(&["apk"]));
        // Arguments and paths are not programs.
        assert!(!c.any_program(&["curl"]));
        assert!(!c.any_program(&["/usr/bin/apt-get"]));
        assert!(!c.any_program(&[]));
        assert!(c.any_install(&[Manager::AptGet]));
        assert!(c.any_install(&[Manager::Dnf, Manager::Apk]));
        assert!(!c.any_install(&[Manager::Dnf, Manager::Zypper]));
        // Each wrapper looked through is named too, not only the first word and the program.
        let w = called("FROM debian:12\nRUN env A=1 /usr/bin/sudo -u app make\n");
        assert!(w.any_program(&["env"]) && w.any_program(&["sudo"]) && w.any_program(&["make"]));
        // Past the names compared one by one, the rest are still found.
        let many: String = (0..100).map(|i| format!("RUN tool{i} --x\n")).collect();
        let c = called(&format!("FROM alpine:3.20\n{many}"));
        assert!(c.any_program(&["tool0"]) && c.any_program(&["tool63"]));
        assert!(c.any_program(&["tool64"]) && c.any_program(&["tool99"]));
        assert!(!c.any_program(&["tool100"]));
    }
}
