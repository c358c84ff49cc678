//! DL3032: `yum install` without `yum clean all` in the same RUN.

use super::common::{clean_check, INSTALL_VERBS};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

pub struct Dl3032;

static DL3032: RuleMeta = rule_meta! {
    id: "DL3032",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`yum install` without `yum clean all` in the same RUN",
    why: concat!(
        "yum keeps downloaded packages and repository metadata in `/var/cache/yum`; unless the \
same RUN cleans it (`yum clean all`), it stays in the layer. As in hadolint, the clean must come \
after the install, any `yum clean` counts and so does `rm -rf /var/cache/yum` (hadolint accepts \
any `rm -rf`; shipshape wants the cache folder).\n\n\
Unlike hadolint, a RUN with a cache or tmpfs mount on `/var/cache/yum` is not reported, since \
the cache then never reaches the layer (hadolint #497):\n\n    RUN --mount=type=cache,target=/var/cache/yum yum install -y httpd-2.4.6\n\n\
The fix appends `&& yum clean all`; it is safe.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM centos:7\nRUN yum install -y httpd-2.4.6\n",
    good: "FROM centos:7\nRUN yum install -y httpd-2.4.6 && yum clean all\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3032",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/619",
        "https://github.com/hadolint/hadolint/pull/620",
    ],
};

impl Rule for Dl3032 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3032
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        clean_check(
            cx,
            out,
            Manager::Yum,
            &["/var/cache/yum"],
            "clean all",
            INSTALL_VERBS,
        );
    }
}
