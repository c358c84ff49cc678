//! zypper rules: DL3034 (non-interactive), DL3035 (`dist-upgrade`), DL3036 (clean), DL3037 (pins).

use super::common::{
    append_command, deletes, finding, insert_after, is_verb, list, os_manager, replace_word, runs,
    stage_ships, subcommand, Site,
};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

const ZYPPER: &[&str] = &["zypper"];

pub struct Dl3034;

static DL3034: RuleMeta = RuleMeta {
    id: "DL3034",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "zypper command without a non-interactive switch",
    why: concat!(
        "zypper asks for confirmation before installing or removing anything, and a build cannot \
answer. As in hadolint, `install`/`in`, `remove`/`rm`, `source-install`/`si` and `patch` need \
either the global `-n` (`--non-interactive`) or the command's `-y` (`--no-confirm`). The fix \
adds the global `-n` right after `zypper`, which works for every subcommand; it is safe.",
        scripts_note!()
    ),
    bad: "FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0 && zypper clean --all\n",
    good: "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean --all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3034"],
};

impl Rule for Dl3034 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3034
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        const VERBS: &[&str] = &[
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ];
        for run in runs(cx) {
            for site in run.sites() {
                if !is_verb(&site, ZYPPER, VERBS) {
                    continue;
                }
                let v = site.view();
                if v.has_flag(Some('y'), Some("no-confirm"))
                    || v.has_flag(Some('n'), Some("non-interactive"))
                {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "zypper asks for confirmation here; add `-n` (`--non-interactive`)".to_string(),
                );
                if let Some(e) = v.name.and_then(|name| insert_after(cx, &site, name, " -n")) {
                    d = d.with_fix(Fix::safe("Add `-n`", vec![e]));
                }
                out.push(d);
            }
        }
    }
}

pub struct Dl3035;

static DL3035: RuleMeta = RuleMeta {
    id: "DL3035",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`zypper dist-upgrade` in a Dockerfile",
    why: concat!(
        "`zypper dist-upgrade` (`dup`) moves the whole system to whatever the repositories offer \
today, possibly a new distribution release, so the image depends on the day it was built and \
may no longer match its base tag. Use a newer base image instead, and `zypper patch` or \
`zypper update` for fixes.\n\n\
The fix (unsafe: fewer packages change, and none crosses to another release) turns the \
subcommand into `update`, when no option specific to `dist-upgrade` follows it.",
        scripts_note!()
    ),
    bad: "FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade && zypper clean --all\n",
    good: "FROM opensuse/leap:15.6\nRUN zypper -n patch && zypper clean --all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3035"],
};

impl Rule for Dl3035 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3035
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            for site in run.sites() {
                if is_verb(&site, ZYPPER, &["dist-upgrade", "dup"]) {
                    let mut d = finding(
                        &site,
                        "`zypper dist-upgrade` upgrades the whole distribution; use a newer base image".to_string(),
                    );
                    d.fix = to_update(cx, &site);
                    out.push(d);
                }
            }
        }
    }
}

/// Options `zypper update` accepts as well as `dist-upgrade` (anything else: no fix).
const SHARED_UPGRADE_OPTS: &[&str] = &[
    "-y",
    "--no-confirm",
    "-l",
    "--auto-agree-with-licenses",
    "--auto-agree-with-product-licenses",
    "--no-recommends",
    "--recommends",
    "-D",
    "--dry-run",
    "-d",
    "--download-only",
    "--details",
    "--replacefiles",
];

/// `zypper dup` → `zypper update`, when every option after the subcommand means the same for both.
fn to_update(cx: &Context<'_>, site: &Site<'_>) -> Option<Fix> {
    let v = site.view();
    let sub = subcommand(os_manager(v.program()?)?, &v)?;
    let after = v.args.iter().skip_while(|w| !std::ptr::eq(*w, sub)).skip(1);
    for w in after {
        if w.text.starts_with('-') && !SHARED_UPGRADE_OPTS.contains(&w.text.as_str()) {
            return None;
        }
    }
    let edit = replace_word(cx, site, sub, "update")?;
    Some(Fix::unsafe_("Use `zypper update`", vec![edit]))
}

pub struct Dl3036;

static DL3036: RuleMeta = RuleMeta {
    id: "DL3036",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`zypper install` without `zypper clean` in the same RUN",
    why: concat!(
        "zypper keeps downloaded packages and repository metadata in `/var/cache/zypp`; unless \
the same RUN cleans it after installing (`zypper clean --all`, or `zypper cc`), it stays in the \
layer. As in hadolint, a RUN with a cache or tmpfs mount on `/var/cache/zypp` is not reported, \
since the cache then never reaches the layer:\n\n    RUN --mount=type=cache,target=/var/cache/zypp zypper -n install curl=8.6.0\n\n\
Unlike hadolint, deleting the cache (`rm -rf /var/cache/zypp/*`) counts as a clean. The fix \
appends `&& zypper clean --all`; it is safe.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0\n",
    good: "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean --all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3036"],
};

impl Rule for Dl3036 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3036
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        const CACHE: &[&str] = &["/var/cache/zypp"];
        for run in runs(cx) {
            if !stage_ships(cx, &run) {
                continue;
            }
            let sites = run.sites();
            let Some(install) = sites
                .iter()
                .rev()
                .find(|s| is_verb(s, ZYPPER, &["install", "in"]))
            else {
                continue;
            };
            let cleaned = sites.iter().any(|s| {
                s.seq > install.seq && (is_verb(s, ZYPPER, &["clean", "cc"]) || deletes(s, CACHE))
            });
            if cleaned || run.mounts_cache(CACHE) {
                continue;
            }
            let mut d = finding(
                install,
                "`zypper install` leaves its package cache in the layer; run `zypper clean --all` in the same RUN (or use a cache mount)"
                    .to_string(),
            );
            if let Some(e) = append_command(cx, &run, "zypper clean --all") {
                d = d.with_fix(Fix::safe("Append `zypper clean --all`", vec![e]));
            }
            out.push(d);
        }
    }
}

pub struct Dl3037;

static DL3037: RuleMeta = RuleMeta {
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
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn n(rule: &dyn Rule, s: &str) -> usize {
        run(rule, &format!("FROM z:1\nRUN {s}\n")).len()
    }

    #[test]
    fn dl3034_switches() {
        assert_eq!(n(&Dl3034, "zypper install a=1"), 1);
        assert_eq!(n(&Dl3034, "zypper rm a"), 1);
        assert_eq!(n(&Dl3034, "zypper -n install a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper --non-interactive in a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper install -y a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper in --no-confirm a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper refresh"), 0);
        let src = "FROM z:1\nRUN zypper --root /r install a=1\n";
        let d = run(&Dl3034, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM z:1\nRUN zypper -n --root /r install a=1\n");
    }

    #[test]
    fn dl3035_and_dl3036() {
        assert_eq!(n(&Dl3035, "zypper -n dup"), 1);
        assert_eq!(n(&Dl3035, "zypper -n dist-upgrade"), 1);
        assert_eq!(n(&Dl3035, "zypper -n up"), 0);
        assert_eq!(n(&Dl3036, "zypper -n in a=1"), 1);
        assert_eq!(n(&Dl3036, "zypper -n in a=1 && zypper cc -a"), 0);
        assert_eq!(n(&Dl3036, "zypper clean && zypper -n in a=1"), 1);
        assert_eq!(
            n(&Dl3036, "zypper -n in a=1 && rm -rf /var/cache/zypp/*"),
            0
        );
        assert_eq!(
            n(
                &Dl3036,
                "--mount=type=cache,target=/var/cache/zypp zypper -n in a=1"
            ),
            0
        );
    }

    #[test]
    fn dl3035_fix_updates_instead() {
        let fixed = |s: &str| {
            let src = format!("FROM z:1\nRUN {s}\n");
            run(&Dl3035, &src)[0]
                .fix
                .as_ref()
                .map(|f| apply_edits(&src, &f.edits).unwrap())
        };
        assert_eq!(
            fixed("zypper -n dup -l && zypper clean -a").unwrap(),
            "FROM z:1\nRUN zypper -n update -l && zypper clean -a\n"
        );
        assert_eq!(
            fixed("sudo zypper --non-interactive dist-upgrade").unwrap(),
            "FROM z:1\nRUN sudo zypper --non-interactive update\n"
        );
        assert_eq!(fixed("zypper -n dup --from repo-oss"), None);
        assert_eq!(fixed("zypper -n dup --allow-vendor-change"), None);
        let out = fixed("zypper -n dup").unwrap();
        assert!(run(&Dl3035, &out).is_empty());
    }

    #[test]
    fn dl3037_pins() {
        assert_eq!(n(&Dl3037, "zypper -n in a"), 1);
        assert_eq!(n(&Dl3037, "zypper -n in a=1 'b>=2' c.rpm"), 0);
    }
}
