//! DL3037: `zypper install` without package versions.

use super::common::{finding, list, runs, Site};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3037;

static DL3037: RuleMeta = rule_meta! {
    id: "DL3037",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`zypper install` without package versions",
    why: concat!(
        "`zypper install curl` installs whatever version the repositories have on the day of the \
build. Pin with `curl=8.6.0` or a range (`'curl>=8.6'`, quoted so the shell does not read a \
redirection). As in hadolint, a package counts as pinned when it contains `=`, `<` or `>` or is \
an `.rpm` file.",
        scripts_note!()
    ),
    bad: "FROM opensuse/leap:15.6\nRUN zypper -n install curl && zypper clean --all\n",
    good: "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean --all\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3037"],
};

fn zypper_install(site: &Site<'_>) -> Option<Vec<ShWord>> {
    let inst = site.install()?;
    (inst.manager == Manager::Zypper).then(|| inst.packages.clone())
}

impl Rule for Dl3037 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3037
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Zypper]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let Some(packages) = zypper_install(&site) else {
                    continue;
                };
                let loose: Vec<&ShWord> = packages
                    .iter()
                    .filter(|p| !(p.text.contains(['=', '<', '>']) || p.text.ends_with(".rpm")))
                    .collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`zypper install` without a version for {}; pin it as `name=version`",
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
    use super::super::common::n;
    use super::*;

    #[test]
    fn dl3037_pins() {
        assert_eq!(n(&Dl3037, "zypper -n in a"), 1);
        assert_eq!(n(&Dl3037, "zypper -n in a=1 'b>=2' c.rpm"), 0);
    }
}
