//! yum, dnf and microdnf rules: DL3030/DL3038 (`-y`), DL3032/DL3040 (clean), DL3033/DL3041 (pins).

use super::common::{
    append_command, deletes, finding, insert_after, list, operands, runs, stage_ships, subcommand,
    Site,
};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::{Install, Manager};
use crate::shell::ShWord;

const INSTALL_VERBS: &[&str] = &["install", "groupinstall", "localinstall"];
/// dnf's installs under their aliases (`in` is `install`).
const DNF_INSTALL_VERBS: &[&str] = &["install", "in", "groupinstall", "localinstall"];
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

/// An install call of one of `managers` with one of `verbs`, and the verb word.
fn rpm_install<'r>(
    site: &Site<'r>,
    managers: &[Manager],
    verbs: &[&str],
) -> Option<(Install, &'r ShWord)> {
    let inst = site.install()?;
    if !managers.contains(&inst.manager) || !verbs.contains(&inst.subcommand.as_str()) {
        return None;
    }
    let verb = subcommand(inst.manager, &site.view())?;
    Some((inst.clone(), verb))
}

/// `<manager> module install NAME:STREAM ...`: the module words.
fn module_installs<'r>(site: &Site<'r>, managers: &[Manager]) -> Vec<&'r ShWord> {
    let v = site.view();
    let Some(m) = v.program().and_then(super::common::os_manager) else {
        return Vec::new();
    };
    if !managers.contains(&m) {
        return Vec::new();
    }
    let ops = operands(
        v.args,
        "cdexR",
        &[
            "config",
            "installroot",
            "releasever",
            "enablerepo",
            "disablerepo",
            "repo",
            "setopt",
        ],
    );
    match ops.as_slice() {
        [module, install, rest @ ..] if module.text == "module" && install.text == "install" => {
            rest.to_vec()
        }
        _ => Vec::new(),
    }
}

fn assumes_yes(site: &Site<'_>) -> bool {
    site.view().has_flag(Some('y'), Some("assumeyes"))
}

/// A `-y` finding with its fix.
fn yes_finding(cx: &Context<'_>, site: &Site<'_>, inst: &Install, verb: &ShWord) -> Diagnostic {
    let name = site.program().unwrap_or(inst.manager.as_str());
    let mut d = finding(
        site,
        format!(
            "`{name} {}` without `-y` stops at the confirmation prompt; add `-y`",
            inst.subcommand
        ),
    );
    if let Some(e) = insert_after(cx, site, verb, " -y") {
        d = d.with_fix(Fix::safe("Add `-y`", vec![e]));
    }
    d
}

// ---------------------------------------------------------------------------------------------

pub struct Dl3030;

static DL3030: RuleMeta = RuleMeta {
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

pub struct Dl3038;

static DL3038: RuleMeta = RuleMeta {
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

// ---------------------------------------------------------------------------------------------

/// The clean rules of yum and dnf: the last install of `manager` in a RUN must be followed by a
/// `<same program> clean` or a deletion of the cache, unless a mount keeps the cache out.
fn clean_check(
    cx: &Context<'_>,
    out: &mut Vec<Diagnostic>,
    manager: Manager,
    caches: &[&str],
    clean: &str,
    verbs: &[&str],
) {
    for run in runs(cx) {
        if !stage_ships(cx, &run) {
            continue;
        }
        let sites = run.sites();
        let Some((install, inst)) = sites
            .iter()
            .rev()
            .find_map(|s| rpm_install(s, &[manager], verbs).map(|(i, _)| (s, i)))
        else {
            continue;
        };
        let cleaned = sites.iter().any(|s| {
            s.seq > install.seq
                && (deletes(s, caches)
                    || s.program().and_then(super::common::os_manager) == Some(manager)
                        && subcommand(manager, &s.view()).is_some_and(|w| w.text == "clean"))
        });
        if cleaned || run.mounts_cache(caches) {
            continue;
        }
        let program = install.program().unwrap_or(manager.as_str());
        let command = format!("{program} {clean}");
        let mut d = finding(
            install,
            format!(
                "`{program} {}` leaves its package cache in the layer; run `{command}` in the same RUN (or use a cache mount)",
                inst.subcommand
            ),
        );
        if let Some(e) = append_command(cx, &run, &command) {
            d = d.with_fix(Fix::safe(format!("Append `{command}`"), vec![e]));
        }
        out.push(d);
    }
}

pub struct Dl3032;

static DL3032: RuleMeta = RuleMeta {
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
    references: &["https://github.com/hadolint/hadolint/wiki/DL3032"],
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

pub struct Dl3040;

static DL3040: RuleMeta = RuleMeta {
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
    references: &["https://github.com/hadolint/hadolint/wiki/DL3040"],
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
        found.sort_by_key(|d| d.span.start);
        out.extend(found);
    }
}

// ---------------------------------------------------------------------------------------------

pub struct Dl3033;

static DL3033: RuleMeta = RuleMeta {
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
    references: &["https://github.com/hadolint/hadolint/wiki/DL3033"],
};

fn pin_finding(site: &Site<'_>, what: &str, loose: &[&ShWord], how: &str) -> Diagnostic {
    finding(
        site,
        format!("`{what}` without a version for {}; {how}", list(loose)),
    )
}

impl Rule for Dl3033 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3033
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
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

pub struct Dl3041;

static DL3041: RuleMeta = RuleMeta {
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
    references: &["https://github.com/hadolint/hadolint/wiki/DL3041"],
};

/// [`rpm_pinned`] where the RUN is: a version taken from a variable (`git-core-${VERSION}`, as
/// renovate-style pins write it) counts when the variable is set at that point (an ARG or ENV of
/// the stage, or ENV inherited from the stage it is built on).
fn pinned_here(cx: &Context<'_>, run: &super::common::Run<'_>, p: &str) -> bool {
    if rpm_pinned(p) {
        return true;
    }
    if !p.contains('$') {
        return false;
    }
    let Some(stage) = run.stage else {
        return false;
    };
    let (expanded, missing) = crate::dockerfile::model::expand(p, |name| {
        match cx.vars.lookup(stage, run.ins.span.start, name) {
            crate::semantic::vars::Var::Unset => None,
            // Only its shape matters: a set version stands for a version.
            _ => Some("1".to_string()),
        }
    });
    missing.is_empty() && rpm_pinned(&expanded)
}

/// A package written `name-version[-release]` (or an `.rpm` file), as hadolint tests it.
fn rpm_pinned(p: &str) -> bool {
    if p.ends_with(".rpm") {
        return true;
    }
    let mut parts = p.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    if rest.is_empty() {
        return false;
    }
    rest.iter().all(|part| {
        part.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c))
    }) && rest
        .iter()
        .any(|part| part.starts_with(|c: char| c.is_ascii_digit()))
}

impl Rule for Dl3041 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3041
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn n(rule: &dyn Rule, s: &str) -> usize {
        run(rule, &format!("FROM r:1\nRUN {s}\n")).len()
    }

    #[test]
    fn yes_rules() {
        assert_eq!(n(&Dl3030, "yum install a-1"), 1);
        assert_eq!(n(&Dl3030, "yum groupinstall a"), 1);
        assert_eq!(n(&Dl3030, "yum -y install a-1"), 0);
        assert_eq!(n(&Dl3030, "yum install --assumeyes a-1"), 0);
        assert_eq!(n(&Dl3030, "yum remove a"), 0);
        assert_eq!(n(&Dl3038, "dnf install a-1"), 1);
        assert_eq!(n(&Dl3038, "microdnf install a-1"), 1);
        assert_eq!(n(&Dl3038, "microdnf install -y a-1"), 0);
        let src = "FROM r:1\nRUN dnf --setopt=x=1 install a-1\n";
        let d = run(&Dl3038, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM r:1\nRUN dnf --setopt=x=1 install -y a-1\n");
    }

    #[test]
    fn clean_rules() {
        assert_eq!(n(&Dl3032, "yum install -y a-1"), 1);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && yum clean all"), 0);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && yum clean metadata"), 0);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && rm -rf /var/cache/yum"), 0);
        assert_eq!(n(&Dl3032, "yum install -y a-1 && rm -rf /tmp/x"), 1);
        assert_eq!(n(&Dl3032, "yum clean all && yum install -y a-1"), 1);
        assert_eq!(
            n(
                &Dl3032,
                "--mount=type=cache,target=/var/cache/yum yum install -y a-1"
            ),
            0
        );
        assert_eq!(n(&Dl3040, "dnf install -y a-1"), 1);
        assert_eq!(n(&Dl3040, "dnf install -y a-1 && dnf clean all"), 0);
        assert_eq!(n(&Dl3040, "microdnf install -y a-1 && dnf clean all"), 1);
        assert_eq!(
            n(&Dl3040, "microdnf install -y a-1 && microdnf clean all"),
            0
        );
        assert_eq!(
            n(&Dl3040, "dnf install -y a-1 && rm -rf /var/cache/dnf/*"),
            0
        );
        assert_eq!(
            n(
                &Dl3040,
                "--mount=type=cache,target=/var/cache/dnf dnf install -y a-1"
            ),
            0
        );
        assert_eq!(
            n(&Dl3040, "dnf install -y a-1 && microdnf install -y b-1"),
            2
        );
        let src = "FROM r:1\nRUN microdnf install -y a-1\n";
        let d = run(&Dl3040, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM r:1\nRUN microdnf install -y a-1 && microdnf clean all\n"
        );
    }

    #[test]
    fn pin_rules() {
        assert_eq!(n(&Dl3033, "yum install -y httpd"), 1);
        assert_eq!(n(&Dl3033, "yum install -y httpd-2.4 ./x.rpm"), 0);
        assert_eq!(n(&Dl3033, "yum install -y epel-release"), 1);
        assert_eq!(n(&Dl3033, "yum module install -y nodejs"), 1);
        assert_eq!(n(&Dl3033, "yum module install -y nodejs:18"), 0);
        assert_eq!(n(&Dl3041, "dnf install -y python3-devel"), 1);
        assert_eq!(
            n(
                &Dl3041,
                "dnf install -y python3-devel-3.12.4 httpd-2.4.62-1.fc40 x.rpm"
            ),
            0
        );
        assert_eq!(n(&Dl3041, "microdnf install -y httpd"), 1);
        assert_eq!(n(&Dl3041, "dnf group install -y 'Development Tools'"), 0);
        assert_eq!(n(&Dl3041, "dnf module install -y nodejs:20"), 0);
        assert_eq!(n(&Dl3041, "dnf module install -y nodejs"), 1);
        assert_eq!(n(&Dl3041, "dnf in -y httpd"), 1, "dnf's alias for install");
    }

    #[test]
    fn version_from_a_variable_set_in_scope() {
        let lint = |rule: &dyn Rule, src: &str| run(rule, src).len();
        assert_eq!(
            lint(
                &Dl3041,
                "FROM r:1\nARG GIT=2.51.0\nRUN dnf in -y git-core-${GIT} && dnf clean all\n"
            ),
            0
        );
        assert_eq!(
            lint(
                &Dl3033,
                "FROM r:1\nENV GIT=2.51.0\nRUN yum install -y git-core-$GIT\n"
            ),
            0
        );
        // ENV carries over to a stage built on this one; an ARG does not leave its stage.
        assert_eq!(
            lint(
                &Dl3033,
                "FROM r:1 AS a\nENV GIT=2.51.0\nFROM a\nRUN yum install -y git-core-$GIT\n"
            ),
            0
        );
        assert_eq!(
            lint(
                &Dl3033,
                "FROM r:1 AS a\nARG GIT=2.51.0\nFROM r:1\nRUN yum install -y git-core-$GIT\n"
            ),
            1
        );
        assert_eq!(
            lint(
                &Dl3041,
                "FROM r:1\nRUN dnf install -y git-core-${NOWHERE}\n"
            ),
            1
        );
    }

    #[test]
    fn dnf_aliases_need_a_clean_and_yes() {
        for verb in [
            "in",
            "up",
            "upgrade",
            "upgrade-minimal",
            "up-min",
            "reinstall",
            "rei",
        ] {
            assert_eq!(n(&Dl3040, &format!("dnf -y {verb} a-1")), 1, "{verb}");
            assert_eq!(
                n(&Dl3040, &format!("dnf -y {verb} a-1 && dnf clean all")),
                0,
                "{verb}"
            );
        }
        assert_eq!(n(&Dl3038, "dnf in a-1"), 1);
        assert_eq!(
            n(&Dl3038, "dnf upgrade"),
            0,
            "hadolint asks -y of installs only"
        );
    }
}
