//! DL4005: replacing `/bin/sh` with `ln` instead of using SHELL.

use super::common::{self, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl4005;

static META: RuleMeta = RuleMeta {
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
(its last operand) is `/bin/sh` is reported: `ln -s /bin/sh /usr/local/bin/sh` leaves `/bin/sh` \
alone. `ln` behind `sudo` or named by path counts too.",
    bad: "FROM debian:bookworm-slim\nRUN ln -sf /bin/bash /bin/sh\n",
    good: "FROM debian:bookworm-slim\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL4005"],
};

impl Rule for Dl4005 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx).iter() {
            for c in run.commands() {
                if common::program(c) != Some("ln") {
                    continue;
                }
                let v = common::view(c);
                if v.has_flag(Some('t'), Some("target-directory")) {
                    continue;
                }
                let last = v.positional().last().copied();
                if let Some(w) = last.filter(|a| a.text == "/bin/sh") {
                    out.push(Diagnostic::new(
                        w.span,
                        "relinking /bin/sh changes the shell for everything in the image; use SHELL for the Dockerfile's own steps",
                    ));
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
}
