//! DL3030: `yum install` without `-y`.

use super::common::{assumes_yes, rpm_install, runs, yes_finding, INSTALL_VERBS};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

pub struct Dl3030;

static DL3030: RuleMeta = rule_meta! {
    id: "DL3030",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`yum install` without `-y`",
    why: concat!(
        "A build cannot answer yum's \"Is this ok [y/N]\"; without `-y` (`--assumeyes`) yum \
takes the default answer, no, and the build fails. This covers `install`, `groupinstall` and \
`localinstall`, as in hadolint. The fix adds `-y` after the subcommand; it is safe.",
        scripts_note!()
    ),
    bad: "FROM centos:7\nRUN yum install httpd-2.4.6 && yum clean all\n",
    good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3030"],
};

impl Rule for Dl3030 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3030
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Yum]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                if let Some((inst, verb)) = rpm_install(&site, &[Manager::Yum], INSTALL_VERBS) {
                    if !assumes_yes(&site) {
                        out.push(yes_finding(cx, &site, &inst, verb));
                    }
                }
            }
        }
    }
}
