//! DL3008: `apt-get install` without pinned package versions.

use super::common::{apt_get_install, finding, list, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3008;

static DL3008: RuleMeta = rule_meta! {
    id: "DL3008",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`apt-get install` without pinned package versions",
    why: concat!(
        "Without a version, `apt-get install curl` installs whatever the mirror has on the day of \
the build, so two builds of the same Dockerfile can differ and a rebuild can break. Pin with \
`curl=7.88.1-10+deb12u5`. As in hadolint, a package counts as pinned when it has `=` (a version), \
`/` (a release such as `curl/bookworm-backports`, or a path) or ends in `.deb`; the value of `-t` is \
not a package, and a variable (`$PKGS`) is not a pin.\n\n\
Pins have a cost: Debian mirrors drop superseded versions, so an old pin eventually fails to \
install (hadolint #999). Pair pins with a pinned base image and a routine to bump both, or \
silence the rule where you prefer fresh security updates. Unlike hadolint, shipshape also sees \
`apt-get` behind `sudo`, `env` and similar wrappers.",
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3008"],
};

pub(super) fn apt_pinned(p: &str) -> bool {
    p.contains('=') || p.contains('/') || p.ends_with(".deb")
}

impl Rule for Dl3008 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3008
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::AptGet]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let Some((_, packages, _)) = apt_get_install(&site) else {
                    continue;
                };
                let loose: Vec<&ShWord> =
                    packages.iter().filter(|p| !apt_pinned(&p.text)).collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`apt-get install` without a version for {}; pin it as `name=version`",
                            list(&loose)
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::run;

    #[test]
    fn dl3008_pins() {
        let n = |s: &str| run(&Dl3008, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt-get install -y curl"), 1);
        assert_eq!(n("apt-get install -y curl=1 ./x.deb foo/bookworm"), 0);
        assert_eq!(n("apt-get install -y -t bookworm-backports curl=1"), 0);
        assert_eq!(n("apt-get install -y $PKGS"), 1);
        assert_eq!(n("apt-get install -y curl=$V"), 0);
        assert_eq!(n("apt-get update"), 0);
        assert_eq!(n("sudo apt-get install -y curl"), 1, "through sudo");
        assert_eq!(n("apt install -y curl"), 0, "apt is DL3027's");
        assert_eq!(n("echo $(apt-get install -y a) && apt-get install -y b"), 2);
        assert_eq!(
            run(&Dl3008, "FROM d:1\nRUN [\"apt-get\", \"install\", \"a\"]\n").len(),
            1
        );
        assert_eq!(
            run(&Dl3008, "FROM d:1\nONBUILD RUN apt-get install a\n").len(),
            1
        );
        assert_eq!(
            run(&Dl3008, "FROM d:1\nRUN <<EOF\napt-get install -y a\nEOF\n").len(),
            1
        );
        assert_eq!(
            run(
                &Dl3008,
                "FROM d:1\nRUN bash <<EOF\napt-get install -y a\nEOF\n"
            )
            .len(),
            1
        );
        assert!(run(
            &Dl3008,
            "FROM d:1\nRUN <<EOF\n#!/usr/bin/env python3\napt-get install a\nEOF\n"
        )
        .is_empty());
        assert!(run(
            &Dl3008,
            "FROM d:1\nSHELL [\"pwsh\", \"-c\"]\nRUN apt-get install a\n"
        )
        .is_empty());
        assert!(run(
            &Dl3008,
            "# hadolint shell=powershell\nFROM d:1\nRUN apt-get install a\n"
        )
        .is_empty());
        assert!(
            run(
                &Dl3008,
                "FROM d:1 AS a\nSHELL [\"cmd\", \"/S\", \"/C\"]\nFROM a\nRUN apt-get install a\n"
            )
            .is_empty(),
            "SHELL is inherited from the parent stage"
        );
    }
}
