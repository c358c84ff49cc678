//! DL4005: replacing `/bin/sh` with `ln` instead of using SHELL.

use super::common::{instructions, runs, Run};
use crate::diagnostics::Fix;
use crate::rules::{json_quote, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::{Cmd, Origin};
use crate::source::TextEdit;

pub struct Dl4005;

static META: RuleMeta = rule_meta! {
    id: "DL4005",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`ln ... /bin/sh` in RUN; use SHELL to change the shell",
    why: "Relinking `/bin/sh` to bash changes the shell of every program in the image that calls \
`system()` or `#!/bin/sh` scripts, not only of later RUN steps, and package upgrades may restore \
the link. To run the Dockerfile's own steps with another shell, use the SHELL instruction \
(`SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`), which changes nothing inside the image.\n\n\
Unlike hadolint, which reports any `ln` with a `/bin/sh` argument, only an `ln` whose link name \
(its last operand) is `/bin/sh` is reported: `ln -s /bin/sh /usr/local/bin/sh` creates a link to \
`/bin/sh` under another name and leaves `/bin/sh` alone (ln(1): `ln TARGET LINK_NAME`). `ln` behind `sudo` or named by path counts too.\n\n\
When the RUN does nothing but that `ln`, the fix replaces it with `SHELL [\"<target>\", \"-c\"]`. \
It is unsafe: later RUN steps keep running in that shell, but inside the image `/bin/sh` stays \
what the base image made it, for scripts and the programs calling it.",
    bad: "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\n",
    good: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL4005",
        "https://man7.org/linux/man-pages/man1/ln.1.html",
        "https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL4005.hs",
    ],
};

/// `RUN ln -sf /bin/bash /bin/sh` alone → `SHELL ["/bin/bash", "-c"]`.
fn shell_fix(cx: &Context<'_>, run: &Run, c: &Cmd) -> Option<Fix> {
    let ins = instructions(cx)[run.ins];
    let [script] = run.scripts else {
        return None;
    };
    if run.onbuild
        || script.origin != Origin::Shell
        || script.commands.len() != 1
        || !ins.command.flags.is_empty()
        || !ins.heredocs.is_empty()
        || !c.redirects.is_empty()
        || !c.assignments.is_empty()
        || c.name.as_ref().map(|n| n.text.as_str()) != Some("ln")
    {
        return None;
    }
    let v = c.named_view();
    let options_ok = v.args.iter().filter(|a| a.text.starts_with('-')).all(|a| {
        a.text.len() > 1
            && !a.text.starts_with("--")
            && a.text[1..]
                .chars()
                .all(|ch| matches!(ch, 's' | 'f' | 'n' | 'v'))
    });
    let pos = v.positional();
    if !options_ok
        || pos.len() != 2
        || !v
            .args
            .iter()
            .any(|a| a.text.contains('s') && a.text.starts_with('-'))
    {
        return None;
    }
    let target = &pos[0];
    if target.has_expansion || target.text.is_empty() || target.text.contains(char::is_whitespace) {
        return None;
    }
    let path = if target.text.starts_with('/') {
        target.text.clone()
    } else if !target.text.contains('/') {
        format!("/bin/{}", target.text)
    } else {
        return None;
    };
    let span = crate::source::Span::new(ins.command.name_span.start, ins.span.end);
    Some(Fix::unsafe_(
        format!("Use SHELL [\"{path}\", \"-c\"] instead"),
        vec![TextEdit::new(
            span,
            format!("SHELL [{}, \"-c\"]", json_quote(&path)),
        )],
    ))
}

impl Rule for Dl4005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["ln"]) {
            return;
        }
        for run in runs(cx).iter() {
            for c in run.commands() {
                if c.program_name() != Some("ln") {
                    continue;
                }
                let v = c.named_view();
                if v.has_flag(Some('t'), Some("target-directory")) {
                    continue;
                }
                let last = v.positional().last().copied();
                if let Some(w) = last.filter(|a| a.text == "/bin/sh") {
                    let mut d = Diagnostic::new(
                        w.span,
                        "relinking /bin/sh changes the shell for everything in the image; use SHELL for the Dockerfile's own steps",
                    );
                    d.fix = shell_fix(cx, run, c);
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl4005;
    use crate::rules::run;

    #[test]
    fn ln_to_bin_sh() {
        assert_eq!(
            run(&Dl4005, "FROM a:1\nRUN ln -s /bin/bash /bin/sh\n").len(),
            1
        );
        assert_eq!(
            run(&Dl4005, "FROM a:1\nRUN rm /bin/sh && ln -sf bash /bin/sh\n").len(),
            1
        );
        assert!(run(&Dl4005, "FROM a:1\nRUN ln -s /bin/sh /usr/local/bin/sh2\n").is_empty());
        assert!(run(&Dl4005, "FROM a:1\nRUN ln -s /bin/bash /usr/bin/bash5\n").is_empty());
    }

    #[test]
    fn fix_only_for_a_lone_ln() {
        let fixed = |src: &str| {
            run(&Dl4005, src)[0]
                .fix
                .as_ref()
                .map(|f| crate::diagnostics::apply_edits(src, &f.edits).unwrap())
        };
        assert_eq!(
            fixed("FROM a:1\nRUN ln -sf /bin/bash /bin/sh\nRUN x\n").unwrap(),
            "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\nRUN x\n"
        );
        assert_eq!(
            fixed("FROM a:1\nRUN ln -s -f bash \\\n  /bin/sh\n").unwrap(),
            "FROM a:1\nSHELL [\"/bin/bash\", \"-c\"]\n"
        );
        assert_eq!(
            fixed("FROM a:1\nRUN rm /bin/sh && ln -s bash /bin/sh\n"),
            None
        );
        assert_eq!(
            fixed("FROM a:1\nRUN ln /bin/bash /bin/sh\n"),
            None,
            "a hard link"
        );
        assert_eq!(fixed("FROM a:1\nRUN sudo ln -s /bin/bash /bin/sh\n"), None);
        assert_eq!(fixed("FROM a:1\nRUN ln -s $SH /bin/sh\n"), None);
    }
}
