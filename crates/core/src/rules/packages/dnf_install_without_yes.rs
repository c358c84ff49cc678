//! DL3038: `dnf install` without `-y`.

use super::common::{assumes_yes, rpm_install, runs, yes_finding};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

/// dnf's installs under their aliases (`in` is `install`).
const DNF_INSTALL_VERBS: &[&str] = &["install", "in", "groupinstall", "localinstall"];

pub struct Dl3038;

static DL3038: RuleMeta = rule_meta! {
    id: "DL3038",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`dnf install` without `-y`",
    why: concat!(
        "A build cannot answer dnf's \"Is this ok [y/N]\"; without `-y` (`--assumeyes`) dnf \
takes the default answer, no, and the build fails. As in hadolint this covers `dnf` and \
`microdnf` with `install`, `groupinstall` and `localinstall` (and `dnf5`); unlike hadolint, \
dnf's alias `in` for `install` is covered too. The fix adds `-y` after the subcommand; it is safe.",
        scripts_note!()
    ),
    bad: "FROM fedora:40\nRUN dnf install httpd-2.4.62 && dnf clean all\n",
    good: "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3038"],
};

impl Rule for Dl3038 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3038
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Dnf, Manager::Microdnf]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                if let Some((inst, verb)) =
                    rpm_install(&site, &[Manager::Dnf, Manager::Microdnf], DNF_INSTALL_VERBS)
                {
                    if !assumes_yes(&site) {
                        out.push(yes_finding(cx, &site, &inst, verb));
                    }
                }
            }
        }
    }
}
