//! DL3004: `sudo` in RUN.

use super::common::runs;
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::basename;
use crate::source::{Span, TextEdit};

pub struct Dl3004;

static META: RuleMeta = rule_meta! {
    id: "DL3004",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Security,
    enabled_by_default: true,
    summary: "`sudo` in RUN",
    why:
        "Build steps run as the current USER, root unless the Dockerfile switched. As root, `sudo` \
is dead weight (and one more setuid binary in the image); as another user, it means that user can \
become root, which defeats the point of switching. sudo also resets the environment and may ask \
for a password, so the step behaves differently from what it looks like. Run the step before \
`USER`, or switch with `USER root` around it; to drop privileges in an entrypoint, use a tool made \
for it (`gosu`, `su-exec`, `setpriv`).\n\n\
As in hadolint, every `sudo` in the script counts, also in `$(...)`, subshells and `RUN <<EOF` \
bodies; unlike hadolint, `sudo` behind `env`, `exec`, `command` or `busybox` is found too. \
The fix (unsafe: it changes which user runs the command when the stage's USER is not root) \
removes a `sudo` that has no options of its own.",
    bad: "FROM debian:bookworm-slim\nRUN sudo apt-get update\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update\nUSER app\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3004"],
};

impl Rule for Dl3004 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["sudo"]) {
            return;
        }
        for run in runs(cx).iter() {
            for c in run.commands() {
                let own = c
                    .name
                    .as_ref()
                    .filter(|w| !w.has_expansion && basename(&w.text) == "sudo");
                let v = c.unwrapped();
                let word = own.or_else(|| {
                    v.wrappers
                        .iter()
                        .find(|w| basename(&w.word.text) == "sudo")
                        .map(|w| w.word)
                });
                let Some(word) = word else { continue };
                let mut d = Diagnostic::new(
                    word.span,
                    "`sudo` in a build step: run it as root before USER (or with `USER root`) instead",
                );
                // `sudo cmd ...` with no sudo options: drop the word.
                if let (Some(own), Some(first)) = (own, c.args.first()) {
                    if !first.text.starts_with('-')
                        && own.span.end <= first.span.start
                        && cx.text[own.span.end..first.span.start].trim().is_empty()
                    {
                        d = d.with_fix(Fix::unsafe_(
                            "Remove `sudo`",
                            vec![TextEdit::new(
                                Span::new(own.span.start, first.span.start),
                                "",
                            )],
                        ));
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3004;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn sudo_anywhere_and_the_fix() {
        let src = "FROM a:1\nRUN sudo apt-get update && echo $(sudo id)\n";
        let d = run(&Dl3004, src);
        assert_eq!(d.len(), 2);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1\nRUN apt-get update && echo $(sudo id)\n");
        assert!(run(&Dl3004, "FROM a:1\nRUN sudo -u app make\n")[0]
            .fix
            .is_none());
        assert_eq!(run(&Dl3004, "FROM a:1\nRUN env X=1 sudo make\n").len(), 1);
        assert!(run(&Dl3004, "FROM a:1\nRUN echo sudo && gosu app id\n").is_empty());
        assert_eq!(run(&Dl3004, "FROM a:1\nRUN [\"sudo\", \"id\"]\n").len(), 1);
    }
}
