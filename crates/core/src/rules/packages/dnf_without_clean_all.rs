//! DL3040: `dnf install` without `dnf clean all` in the same RUN.

use super::common::clean_check;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

/// Everything after which dnf's cache holds downloaded packages (hadolint's DL3040 list).
const DNF_CACHE_VERBS: &[&str] = &[
    "install",
    "in",
    "groupinstall",
    "localinstall",
    "upgrade",
    "up",
    "upgrade-minimal",
    "up-min",
    "reinstall",
    "rei",
];

pub struct Dl3040;

static DL3040: RuleMeta = rule_meta! {
    id: "DL3040",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`dnf install` without `dnf clean all` in the same RUN",
    why: concat!(
        "dnf (and microdnf) keep downloaded packages and repository metadata in `/var/cache/dnf` \
(`/var/cache/yum` for microdnf, `/var/cache/libdnf5` for dnf5); unless the same RUN cleans it, \
it stays in the layer. As in hadolint, the clean must come after the install and be run by the \
same program (`microdnf install` wants `microdnf clean all`); deleting the cache folder counts \
too (hadolint accepts any `rm -rf`; shipshape wants a cache folder). As in hadolint, every \
command that downloads packages counts, under dnf's aliases too: `install`/`in`, `upgrade`/`up`, \
`upgrade-minimal`/`up-min`, `reinstall`/`rei` (and `groupinstall`, `localinstall`).\n\n\
Unlike hadolint, a RUN with a cache or tmpfs mount on the cache folder is not reported, since the \
cache then never reaches the layer (hadolint #497):\n\n    RUN --mount=type=cache,target=/var/cache/dnf dnf install -y httpd-2.4.62\n\n\
The fix appends `&& dnf clean all` (or `microdnf clean all`); it is safe.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM fedora:40\nRUN dnf install -y httpd-2.4.62\n",
    good: "FROM fedora:40\nRUN dnf install -y httpd-2.4.62 && dnf clean all\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3040",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/619",
        "https://github.com/hadolint/hadolint/pull/620",
    ],
};

const DNF_CACHES: &[&str] = &["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5"];

impl Rule for Dl3040 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3040
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut found = Vec::new();
        clean_check(
            cx,
            &mut found,
            Manager::Dnf,
            DNF_CACHES,
            "clean all",
            DNF_CACHE_VERBS,
        );
        clean_check(
            cx,
            &mut found,
            Manager::Microdnf,
            DNF_CACHES,
            "clean all",
            DNF_CACHE_VERBS,
        );
        crate::sort::sort_by_key(&mut found, |d| d.span.start);
        out.extend(found);
    }
}
