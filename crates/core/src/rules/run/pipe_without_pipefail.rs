//! DL4006: a pipe in RUN while the shell does not have `-o pipefail`.

use super::common::{self, instructions, runs, sets_pipefail};
use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Instruction, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::{basename, Cmd, Context as Nest, Interpreter, Origin, Script};
use crate::source::TextEdit;

pub struct Dl4006;

static META: RuleMeta = rule_meta! {
    id: "DL4006",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Pipe in RUN without `-o pipefail`",
    why: "A pipeline's exit status is its last command's: in `RUN curl -fsSL $URL | tar -xz` a \
failed download hands tar an empty stream, and depending on tar the step fails with a confusing \
message or succeeds with nothing extracted. With `-o pipefail` any failing command fails the \
pipeline, so the build stops where the problem is. Set it for all RUNs with \
`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` (BusyBox `ash` on Alpine supports it too), or \
at the start of the script with `set -o pipefail`.\n\n\
Differences from hadolint, which only looks at a SHELL instruction in the same stage: `set -o \
pipefail` (also `set -euo pipefail`) earlier in the same script counts (Docker's best practices \
recommend exactly `RUN set -o pipefail && wget ... | wc -l`); a SHELL inherited from the local \
stage this one is built on counts (BuildKit copies the image config, SHELL included, from that \
stage); any POSIX shell given `-o pipefail` counts: BusyBox `sh` accepts it (hadolint #350), \
dash implements it, and a shell that did not would fail every RUN with an unknown option, so a \
build that passes has pipefail on (hadolint itself no longer requires the exact path \
`/bin/bash`, #977); exec-form RUNs are judged by their own argv \
(`[\"bash\", \"-o\", \"pipefail\", \"-c\", \"...\"]`), and exec-form RUNs without a shell have no \
pipes (the exec form runs no shell; hadolint stopped running ShellCheck on it for that reason, \
pull request 1194); a `RUN <<EOF` body with a shebang is judged by its interpreter, and bodies \
for other programs (`python3 <<EOF`) are not shell (hadolint #806, #1137). Non-POSIX shells \
(PowerShell, cmd) are skipped, as in hadolint. \
The fix (unsafe: failures that were hidden now fail the build) adds `\"-o\", \"pipefail\"` to the \
stage's bash, zsh, ksh or ash SHELL instruction.",
    bad: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-c\"]\nRUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt\n",
    good: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL4006",
        "https://docs.docker.com/build/building/best-practices/#using-pipes",
        "https://github.com/hadolint/hadolint/issues/350",
        "https://github.com/hadolint/hadolint/issues/977",
        "https://kernel.googlesource.com/pub/scm/utils/dash/dash/+/6347b9fc52d742f36a0276cdea06cd9ad1f02c77",
        "https://docs.docker.com/reference/dockerfile/#shell-and-exec-form",
        "https://github.com/hadolint/hadolint/pull/1194",
        "https://github.com/hadolint/hadolint/issues/806",
        "https://github.com/hadolint/hadolint/issues/1137",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert.go",
    ],
};

/// Whether `set -o pipefail` runs at the top level of `script` before command `before`.
pub(crate) fn sets_pipefail_before(script: &Script, before: usize) -> bool {
    script.commands[..before.min(script.commands.len())]
        .iter()
        .any(|c| {
            c.name.as_ref().is_some_and(|n| n.text == "set")
                && !c.in_pipeline
                && !c.nesting.iter().any(|n| {
                    matches!(
                        n,
                        Nest::Subshell
                            | Nest::CommandSubstitution
                            | Nest::ProcessSubstitution
                            | Nest::Function(_)
                            | Nest::Coprocess
                    )
                })
                && sets_pipefail(&c.args.iter().map(|a| a.text.as_str()).collect::<Vec<_>>())
        })
}

/// The argv options that start the shell running `script` (after the program name).
fn launcher_pipefail(ins: &Instruction, run: &common::Run, script: &Script) -> bool {
    let shell_opts = || run.shell.len() > 1 && sets_pipefail(&run.shell[1..]);
    match script.origin {
        Origin::Shell => shell_opts(),
        Origin::ExecShell => match &ins.command.args {
            Args::Exec(words) => {
                let argv: Vec<&str> = words.iter().skip(1).map(|w| w.text.as_str()).collect();
                let end = argv.iter().position(|a| {
                    a.starts_with('-')
                        && !a.starts_with("--")
                        && a.contains('c')
                        && !a.starts_with("-o")
                });
                sets_pipefail(&argv[..end.unwrap_or(argv.len())])
            }
            _ => false,
        },
        Origin::Heredoc(i) => {
            if let Some(line) = script.text.strip_prefix("#!") {
                let argv: Vec<&str> = line
                    .lines()
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .collect();
                return sets_pipefail(&argv);
            }
            // `RUN <<EOF` without a shebang runs under SHELL; `RUN bash -o pipefail <<EOF` under
            // the command reading it.
            let main = run.scripts.first().filter(|s| s.origin == Origin::Shell);
            let reader = main.and_then(|m| {
                m.commands
                    .iter()
                    .find(|c| c.redirects.iter().any(|r| r.heredoc == Some(i)))
            });
            match reader {
                Some(c) => {
                    let v = c.unwrapped();
                    sets_pipefail(&v.args.iter().map(|a| a.text.as_str()).collect::<Vec<_>>())
                }
                None => shell_opts(),
            }
        }
        Origin::Exec => true,
    }
}

/// The pipeline's commands (from the first command of the first pipe found).
fn first_pipe(script: &Script) -> Option<(usize, &Cmd, &Cmd)> {
    let (i, first) = script
        .commands
        .iter()
        .enumerate()
        .find(|(_, c)| c.in_pipeline)?;
    let last = script.pipeline(first.pipeline).last()?;
    Some((i, first, last))
}

/// Add `"-o", "pipefail"` to the SHELL instruction of the stage in effect for `ins`.
fn shell_fix(cx: &Context<'_>, run: &common::Run, ins: &Instruction) -> Option<Fix> {
    let stage = common::stage_of(cx, run)?;
    let shell = stage
        .instructions
        .iter()
        .take_while(|i| i.span.start < ins.span.start)
        .filter(|i| i.keyword() == Keyword::Shell)
        .last()?;
    let Args::Exec(words) = &shell.command.args else {
        return None;
    };
    let prog = basename(&words.first()?.text);
    if !matches!(prog, "bash" | "zsh" | "ksh" | "mksh" | "ash") {
        return None;
    }
    let c = words.iter().skip(1).find(|w| w.text == "-c")?;
    Some(Fix::unsafe_(
        "Add -o pipefail to SHELL",
        vec![TextEdit::insert(c.span.start, "\"-o\", \"pipefail\", ")],
    ))
}

impl Rule for Dl4006 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let all = instructions(cx);
        for run in runs(cx).iter() {
            if run.onbuild || !run.shell_interpreter().is_shell() {
                continue;
            }
            let ins = all[run.ins];
            for script in run.scripts.iter() {
                if !script.is_parsed_shell() || script.interpreter == Interpreter::Exec {
                    continue;
                }
                let Some((index, first, last)) = first_pipe(script) else {
                    continue;
                };
                if launcher_pipefail(ins, run, script) || sets_pipefail_before(script, index) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    first.span.cover(last.span),
                    "pipe without `-o pipefail`: only the last command's failure fails this RUN; use `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail`",
                );
                if script.origin == Origin::Shell {
                    if let Some(fix) = shell_fix(cx, run, ins) {
                        d = d.with_fix(fix);
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl4006;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn n(src: &str) -> usize {
        run(&Dl4006, &format!("FROM a:1\n{src}\n")).len()
    }

    #[test]
    fn pipes_and_pipefail() {
        assert_eq!(n("RUN a | b"), 1);
        assert_eq!(n("RUN echo $(a | b)"), 1);
        assert_eq!(n("RUN a |& b"), 1);
        assert_eq!(n("RUN a || b"), 0);
        assert_eq!(
            n("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b"),
            0
        );
        assert_eq!(
            n("SHELL [\"/bin/bash\", \"-exo\", \"pipefail\", \"-c\"]\nRUN a | b"),
            0
        );
        assert_eq!(
            n("SHELL [\"/usr/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b"),
            0
        );
        assert_eq!(n("SHELL [\"/bin/bash\", \"-c\"]\nRUN a | b"), 1);
        assert_eq!(n("SHELL [\"powershell\", \"-c\"]\nRUN a | b"), 0);
        assert_eq!(n("RUN set -o pipefail && a | b"), 0);
        assert_eq!(n("RUN set -euxo pipefail; a | b"), 0);
        assert_eq!(n("RUN a | b; set -o pipefail"), 1);
        assert_eq!(n("RUN (set -o pipefail) && a | b"), 1);
        assert_eq!(n("RUN [\"a\", \"|\", \"b\"]"), 0);
        assert_eq!(n("RUN [\"sh\", \"-c\", \"a | b\"]"), 1);
        assert_eq!(
            n("RUN [\"bash\", \"-o\", \"pipefail\", \"-c\", \"a | b\"]"),
            0
        );
        assert_eq!(n("RUN <<EOF\na | b\nEOF"), 1);
        assert_eq!(n("RUN <<EOF\n#!/bin/bash\nset -o pipefail\na | b\nEOF"), 0);
        assert_eq!(n("RUN python3 <<EOF\nprint(1 | 2)\nEOF"), 0);
        assert_eq!(n("RUN bash -o pipefail <<EOF\na | b\nEOF"), 0);
    }

    #[test]
    fn stages_inherit_shell() {
        let src = "FROM a:1 AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nFROM base\nRUN a | b\nFROM c:1\nRUN a | b\n";
        assert_eq!(run(&Dl4006, src).len(), 1);
    }

    #[test]
    fn fix_adds_pipefail_to_shell() {
        let src = "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN a | b\n";
        let d = run(&Dl4006, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM a:1\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n"
        );
        assert!(run(&Dl4006, "FROM a:1\nRUN a | b\n")[0].fix.is_none());
    }
}
