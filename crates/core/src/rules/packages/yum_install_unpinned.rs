//! DL3033: `yum install` without package versions.

use super::common::{module_installs, pin_finding, pinned_here, rpm_install, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3033;

static DL3033: RuleMeta = rule_meta! {
    id: "DL3033",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`yum install` without package versions",
    why: concat!(
        "`yum install httpd` installs whatever version the repositories have on the day of the \
build. Pin with `httpd-2.4.6` (name-version[-release]) and modules with a stream, \
`yum module install nodejs:18`. As in hadolint, a package counts as pinned when what follows its \
first `-` looks like a version (letters, digits and `.~^_:+`, with a part starting with a \
digit), so `epel-release` and `python3-devel` are not pinned but `python3-devel-3.6.8` is. \
Unlike hadolint, any `.rpm` file counts as pinned (hadolint wants a `-` in its name too).\n\n\
A version taken from a variable (`git-core-${GIT_VERSION}`, the way renovate-managed pins are \
written) is pinned when the variable is set where the RUN is: an ARG or ENV of the stage, or ENV \
of the stage it is built on. hadolint also accepts an ARG declared in another stage; Docker does \
not carry an ARG past the end of its stage (\"An ARG instruction goes out of scope at the end of \
the build stage where it was defined\", docs.docker.com/reference/dockerfile/#scope), so the \
variable is empty there and the package is not pinned.",
        scripts_note!()
    ),
    bad: "FROM centos:7\nRUN yum install -y httpd && yum clean all\n",
    good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3033",
        "https://docs.docker.com/reference/dockerfile/#scope",
    ],
};

impl Rule for Dl3033 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3033
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !(cx.called().any_install(&[Manager::Yum]) || cx.called().any_program(&["yum"])) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                if let Some((inst, _)) = rpm_install(&site, &[Manager::Yum], &["install"]) {
                    let loose: Vec<&ShWord> = inst
                        .packages
                        .iter()
                        .filter(|p| !pinned_here(cx, &run, &p.text))
                        .collect();
                    if !loose.is_empty() {
                        out.push(pin_finding(
                            &site,
                            "yum install",
                            &loose,
                            "pin it as `name-version`",
                        ));
                    }
                }
                let loose: Vec<&ShWord> = module_installs(&site, &[Manager::Yum])
                    .into_iter()
                    .filter(|m| !m.text.contains(':'))
                    .collect();
                if !loose.is_empty() {
                    out.push(pin_finding(
                        &site,
                        "yum module install",
                        &loose,
                        "give a stream as `name:stream`",
                    ));
                }
            }
        }
    }
}
