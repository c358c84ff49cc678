//! DL3041: `dnf install` without package versions.

use super::common::{module_installs, pin_finding, pinned_here, rpm_install, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3041;

static DL3041: RuleMeta = rule_meta! {
    id: "DL3041",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`dnf install` without package versions",
    why: concat!(
        "`dnf install httpd` installs whatever version the repositories have on the day of the \
build. Pin with `httpd-2.4.62` (name-version[-release]) and modules with a stream, \
`dnf module install nodejs:20`. As in hadolint (for `dnf`, `microdnf` and here `dnf5`), a \
package counts as pinned when it is an `.rpm` file or when what follows its first `-` looks \
like a version (letters, digits and `.~^_:+`, with a part starting with a digit), so \
`python3-devel` is not pinned but `python3-devel-3.12.4` is; `dnf group install` is not checked. \
Unlike hadolint, any `.rpm` file counts as pinned (hadolint wants a `-` in its name too), and \
dnf's alias `dnf in` is checked like `dnf install`.\n\n\
A version taken from a variable (`git-core-${GIT_VERSION}`) is pinned when the variable is set \
where the RUN is, as for DL3033 (hadolint also accepts an ARG of another stage, which Docker \
leaves empty there: an ARG goes out of scope at the end of its stage).",
        scripts_note!()
    ),
    bad: "FROM fedora:40\nRUN dnf install -y httpd && dnf clean all\n",
    good: "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3041",
        "https://docs.docker.com/reference/dockerfile/#scope",
    ],
};

impl Rule for Dl3041 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3041
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !(cx.called().any_install(&[Manager::Dnf, Manager::Microdnf])
            || cx.called().any_program(&["dnf", "dnf5", "microdnf"]))
        {
            return;
        }
        let dnfs = [Manager::Dnf, Manager::Microdnf];
        for run in runs(cx) {
            for site in run.sites() {
                if let Some((inst, _)) = rpm_install(&site, &dnfs, &["install", "in"]) {
                    let loose: Vec<&ShWord> = inst
                        .packages
                        .iter()
                        .filter(|p| !pinned_here(cx, &run, &p.text))
                        .collect();
                    if !loose.is_empty() {
                        let what =
                            format!("{} {}", site.program().unwrap_or("dnf"), inst.subcommand);
                        out.push(pin_finding(
                            &site,
                            &what,
                            &loose,
                            "pin it as `name-version`",
                        ));
                    }
                }
                let loose: Vec<&ShWord> = module_installs(&site, &dnfs)
                    .into_iter()
                    .filter(|m| !m.text.contains(':'))
                    .collect();
                if !loose.is_empty() {
                    out.push(pin_finding(
                        &site,
                        "dnf module install",
                        &loose,
                        "give a stream as `name:stream`",
                    ));
                }
            }
        }
    }
}
