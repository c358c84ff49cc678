//! apt rules: DL3008 (pins), DL3009 (package lists left behind), DL3014 (`-y`), DL3015
//! (recommended packages), DL3027 (`apt` instead of `apt-get`).

use super::common::{
    append_command, deletes, finding, insert_after, is_verb, list, replace_word, runs, stage_ships,
    subcommand, Site,
};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::{CmdView, ShWord};

/// `apt-get install` calls of a site (hadolint's rules look at `apt-get` only; `apt` is DL3027's).
fn apt_get_install<'r>(site: &Site<'r>) -> Option<(CmdView<'r>, Vec<ShWord>, ShWord)> {
    let inst = site.install()?;
    if inst.manager != Manager::AptGet || inst.subcommand != "install" {
        return None;
    }
    let v = site.view();
    let verb = subcommand(Manager::AptGet, &v)?.clone();
    Some((v, inst.packages.clone(), verb))
}

/// The values given with `-o`/`--option` (`APT::Get::Assume-Yes=true`), as (lower-cased key, value).
fn apt_options(v: &CmdView<'_>) -> Vec<(String, String)> {
    v.flag_values(Some('o'), Some("option"))
        .into_iter()
        .chain(
            // hadolint also accepts the option text anywhere among the arguments
            v.args
                .iter()
                .filter(|w| w.text.contains("::"))
                .map(|w| crate::shell::FlagValue {
                    text: w.text.clone(),
                    word: w,
                }),
        )
        .filter_map(|f| {
            let (k, val) = f.text.split_once('=')?;
            Some((
                k.trim().to_ascii_lowercase(),
                val.trim().trim_matches(['"', '\'']).to_ascii_lowercase(),
            ))
        })
        .collect()
}

fn truthy(v: &str) -> bool {
    matches!(v, "1" | "true" | "yes" | "on")
}

fn falsy(v: &str) -> bool {
    matches!(v, "0" | "false" | "no" | "off")
}

// ---------------------------------------------------------------------------------------------

pub struct Dl3008;

static DL3008: RuleMeta = RuleMeta {
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

// ---------------------------------------------------------------------------------------------

pub struct Dl3009;

static DL3009: RuleMeta = RuleMeta {
    id: "DL3009",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "apt package lists left in the image after `apt-get update`",
    why: concat!(
        "`apt-get update` downloads the package lists into `/var/lib/apt/lists` (tens of MB). \
Unless the same RUN deletes them (`rm -rf /var/lib/apt/lists/*`), they stay in that layer for \
good; a later RUN cannot shrink it. As in hadolint, the rule looks at `apt-get update`, \
`apt update` and `aptitude update`, and only reports stages that end up in an image: the last \
stage and any stage a later `FROM` builds on (a builder stage whose files are only copied out \
does not matter).\n\n\
Differences from hadolint: the deletion must come after the update and must remove the lists \
(hadolint accepts any `rm -rf`, even `rm -rf /tmp/*`, in any position; `find /var/lib/apt/lists \
-delete` and `apt-get dist-clean` count too). A RUN with a cache or tmpfs mount on \
`/var/lib/apt` or `/var/lib/apt/lists` is not reported, since the lists then never reach the \
layer (hadolint #497; hadolint also wants `/var/cache/apt` mounted when the mount is \
`/var/lib/apt`):\n\n    RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n        \
--mount=type=cache,target=/var/cache/apt,sharing=locked \\\n        \
apt-get update && apt-get install -y --no-install-recommends curl\n\n\
The fix appends `&& rm -rf /var/lib/apt/lists/*` to a RUN that installs after updating. It is \
unsafe: a later RUN that runs `apt-get install` without its own `apt-get update` then fails.",
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3009",
        "https://docs.docker.com/build/building/best-practices/#apt-get",
        "https://docs.docker.com/build/cache/optimize/#use-cache-mounts",
    ],
};

const APT_LISTS: &str = "/var/lib/apt/lists";

impl Rule for Dl3009 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3009
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            let sites = run.sites();
            let Some(update) = sites
                .iter()
                .rev()
                .find(|s| is_verb(s, &["apt-get", "apt", "aptitude"], &["update"]))
            else {
                continue;
            };
            let cleaned = sites.iter().any(|s| {
                s.seq > update.seq
                    && (deletes(s, &[APT_LISTS])
                        || is_verb(s, &["apt-get", "apt"], &["dist-clean", "distclean"]))
            });
            if cleaned || run.mounts_cache(&[APT_LISTS]) || !stage_ships(cx, &run) {
                continue;
            }
            let mut d = finding(
                update,
                "package lists from `apt-get update` stay in the layer; delete them in the same RUN \
with `rm -rf /var/lib/apt/lists/*` (or use a cache mount)"
                    .to_string(),
            );
            let installs_after = sites
                .iter()
                .any(|s| s.seq > update.seq && s.install().is_some_and(|i| i.manager.is_system()));
            if installs_after {
                if let Some(e) = append_command(cx, &run, "rm -rf /var/lib/apt/lists/*") {
                    d = d.with_fix(Fix::unsafe_(
                        "Delete the apt lists at the end of the RUN",
                        vec![e],
                    ));
                }
            }
            out.push(d);
        }
    }
}

// ---------------------------------------------------------------------------------------------

pub struct Dl3014;

static DL3014: RuleMeta = RuleMeta {
    id: "DL3014",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`apt-get install` without `-y`",
    why: concat!(
        "A build has no one to answer apt's \"Do you want to continue? [Y/n]\"; without `-y` \
apt-get aborts as soon as it has to ask (for example when a package pulls in dependencies), so \
the build fails. `-y`, `--yes` and `--assume-yes` answer it, and so does quiet level 2 (`-qq`, \
`-q -q`, `-q=2`), which implies `-y`. Like hadolint, a single `-q` is not enough; unlike \
hadolint, `--quiet=2`, higher levels (`-qqq`) and `-o APT::Get::Assume-Yes=true` are accepted. The fix adds `-y` after `install`; it is safe, since a \
build cannot answer the question anyway.",
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3014"],
};

/// Whether apt-get will not ask for confirmation.
fn apt_assumes_yes(v: &CmdView<'_>) -> bool {
    if v.has_flag(Some('y'), Some("yes")) || v.has_flag(None, Some("assume-yes")) {
        return true;
    }
    let mut quiet = 0u32;
    for w in v.args.iter().take_while(|w| w.text != "--") {
        let t = w.text.as_str();
        if let Some(l) = t.strip_prefix("--") {
            match l.split_once('=') {
                Some(("quiet", n)) => quiet = n.parse().unwrap_or(quiet),
                None if l == "quiet" => quiet += 1,
                _ => {}
            }
        } else if let Some(s) = t.strip_prefix('-') {
            if let Some(n) = s.strip_prefix("q=") {
                quiet = n.parse().unwrap_or(quiet);
            } else if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) {
                quiet += s.matches('q').count() as u32;
            }
        }
    }
    quiet >= 2
        || apt_options(v)
            .iter()
            .any(|(k, val)| k == "apt::get::assume-yes" && truthy(val))
}

impl Rule for Dl3014 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3014
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            for site in run.sites() {
                let Some((v, _, verb)) = apt_get_install(&site) else {
                    continue;
                };
                if apt_assumes_yes(&v) {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "`apt-get install` without `-y` stops at the confirmation prompt; add `-y`"
                        .to_string(),
                );
                if let Some(e) = insert_after(cx, &site, &verb, " -y") {
                    d = d.with_fix(Fix::safe("Add `-y`", vec![e]));
                }
                out.push(d);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

pub struct Dl3015;

static DL3015: RuleMeta = RuleMeta {
    id: "DL3015",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`apt-get install` without `--no-install-recommends`",
    why: concat!(
        "By default apt also installs every package the requested ones merely recommend: often \
documentation, X11 libraries or whole toolchains nobody asked for, which bloat the image and \
widen its attack surface. `--no-install-recommends` installs what is needed and nothing more; \
`-o APT::Install-Recommends=false` (or `0`, `no`, `off`) does the same.\n\n\
The fix adds `--no-install-recommends` after `install`. It is unsafe: the set of installed \
packages changes, and software that relied on a recommended package (a common one is \
`ca-certificates` for `curl`) must then list it explicitly.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3015"],
};

impl Rule for Dl3015 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3015
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            if !stage_ships(cx, &run) {
                continue;
            }
            for site in run.sites() {
                let Some((v, _, verb)) = apt_get_install(&site) else {
                    continue;
                };
                let off = v.has_flag(None, Some("no-install-recommends"))
                    || apt_options(&v)
                        .iter()
                        .any(|(k, val)| k.ends_with("apt::install-recommends") && falsy(val));
                if off {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "`apt-get install` also installs recommended packages; add `--no-install-recommends`"
                        .to_string(),
                );
                if let Some(e) = insert_after(cx, &site, &verb, " --no-install-recommends") {
                    d = d.with_fix(Fix::unsafe_("Add `--no-install-recommends`", vec![e]));
                }
                out.push(d);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

pub struct Dl3027;

static DL3027: RuleMeta = RuleMeta {
    id: "DL3027",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`apt` used in a script; use `apt-get` or `apt-cache`",
    why: concat!(
        "`apt` is the command-line front end for people: its output and options may change \
between releases, and it warns \"apt does not have a stable CLI interface. Use with caution in \
scripts.\" `apt-get` and `apt-cache` are the stable interfaces for scripts such as a RUN.\n\n\
The fix renames `apt` to `apt-get` for subcommands that mean the same in both (`install`, \
`remove`, `purge`, `update`, `autoremove`, `clean`, `autoclean`, `dist-upgrade`, `source`, \
`build-dep`); it is safe. It is not offered for `apt upgrade` (which, unlike `apt-get upgrade`, \
installs new dependencies) nor for `list`, `search` or `show`. Unlike hadolint, shipshape also \
sees `apt` behind `sudo` and similar wrappers.",
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3027"],
};

const SAME_IN_APT_GET: &[&str] = &[
    "install",
    "remove",
    "purge",
    "update",
    "autoremove",
    "clean",
    "autoclean",
    "dist-upgrade",
    "source",
    "build-dep",
];

impl Rule for Dl3027 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3027
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            for site in run.sites() {
                let v = site.view();
                if v.program() != Some("apt") {
                    continue;
                }
                let verb = subcommand(Manager::Apt, &v).map(|w| w.text.as_str());
                let mut d = finding(
                    &site,
                    match verb {
                        Some(verb) => format!("`apt {verb}` in a script; use `apt-get {verb}`, whose interface is stable"),
                        None => "`apt` in a script; use `apt-get` or `apt-cache`, whose interfaces are stable".to_string(),
                    },
                );
                if let (Some(name), Some(verb)) = (v.name, verb) {
                    if SAME_IN_APT_GET.contains(&verb) && name.raw == "apt" {
                        if let Some(e) = replace_word(cx, &site, name, "apt-get") {
                            d = d.with_fix(Fix::safe("Use `apt-get`", vec![e]));
                        }
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    fn fixed(rule: &dyn Rule, src: &str) -> String {
        let d = run(rule, src);
        apply_edits(src, &d[0].fix.as_ref().expect("a fix").edits).unwrap()
    }

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

    #[test]
    fn dl3009_cleanup_mounts_and_stages() {
        let n = |s: &str| run(&Dl3009, s).len();
        // A builder stage's layers are not shipped, but an ONBUILD trigger runs in the images built
        // on this one.
        assert_eq!(
            n("FROM d:1 AS b\nRUN apt-get update && apt-get install -y a\nFROM s:1\n"),
            0
        );
        assert_eq!(
            n("FROM d:1 AS b\nONBUILD RUN apt-get update && apt-get install -y a\nFROM s:1\n"),
            1
        );
        assert_eq!(
            n("FROM d:1\nRUN apt-get update && apt-get install -y a\n"),
            1
        );
        assert_eq!(n("FROM d:1\nRUN apt update\n"), 1);
        assert_eq!(n("FROM d:1\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*\n"), 0);
        assert_eq!(n("FROM d:1\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists\n"), 0);
        assert_eq!(
            n("FROM d:1\nRUN apt-get update && apt-get install -y a && rm -rf /tmp/*\n"),
            1,
            "hadolint accepts any rm -rf"
        );
        assert_eq!(
            n("FROM d:1\nRUN rm -rf /var/lib/apt/lists/* && apt-get update\n"),
            1,
            "cleanup before the update"
        );
        assert_eq!(
            n("FROM d:1\nRUN apt-get update && find /var/lib/apt/lists -type f -delete\n"),
            0
        );
        assert_eq!(
            n("FROM d:1\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"),
            0
        );
        assert_eq!(
            n("FROM d:1\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n"),
            0
        );
        assert_eq!(
            n("FROM d:1\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update\n"),
            0
        );
        assert_eq!(
            n("FROM d:1\nRUN --mount=type=bind,target=/var/lib/apt/lists apt-get update\n"),
            1
        );
        assert_eq!(
            n("FROM d:1 AS b\nRUN apt-get update\nFROM d:1\nCOPY --from=b /x /x\n"),
            0,
            "builder stage"
        );
        assert_eq!(
            n("FROM d:1 AS b\nRUN apt-get update\nFROM B AS c\nFROM d:1\n"),
            1,
            "a later FROM builds on it"
        );
        assert_eq!(n("FROM d:1\nONBUILD RUN apt-get update\n"), 1);
    }

    #[test]
    fn dl3009_fix_is_unsafe_and_only_with_an_install() {
        let src = "FROM d:1\nRUN apt-get update && apt-get install -y a # why\n";
        let d = run(&Dl3009, src);
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostics::Applicability::Unsafe
        );
        assert_eq!(
            fixed(&Dl3009, src),
            "FROM d:1\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/* # why\n"
        );
        assert!(run(&Dl3009, "FROM d:1\nRUN apt-get update\n")[0]
            .fix
            .is_none());
        assert!(run(
            &Dl3009,
            "FROM d:1\nRUN apt-get update && apt-get install -y a &\n"
        )[0]
        .fix
        .is_none());
    }

    #[test]
    fn dl3014_yes_and_quiet() {
        let n = |s: &str| run(&Dl3014, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt-get install a"), 1);
        assert_eq!(n("apt-get install -q a"), 1);
        assert_eq!(n("apt-get install --quiet a"), 1);
        for ok in [
            "apt-get install -y a",
            "apt-get -yq install a",
            "apt-get install --yes a",
            "apt-get install --assume-yes a",
            "apt-get install -qq a",
            "apt-get -q -q install a",
            "apt-get install -q=2 a",
            "apt-get install --quiet --quiet a",
            "apt-get -o APT::Get::Assume-Yes=true install a",
        ] {
            assert_eq!(n(ok), 0, "{ok}");
        }
        assert_eq!(
            fixed(&Dl3014, "FROM d:1\nRUN apt-get install \\\n  a\n"),
            "FROM d:1\nRUN apt-get install -y \\\n  a\n"
        );
        assert!(
            run(&Dl3014, "FROM d:1\nRUN [\"apt-get\", \"install\", \"a\"]\n")[0]
                .fix
                .is_none()
        );
    }

    #[test]
    fn dl3015_recommends() {
        let n = |s: &str| run(&Dl3015, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt-get install -y a"), 1);
        assert_eq!(n("apt-get install -y --no-install-recommends a"), 0);
        assert_eq!(
            n("apt-get -o APT::Install-Recommends=false install -y a"),
            0
        );
        assert_eq!(n("apt-get -o APT::Install-Recommends=0 install -y a"), 0);
        assert_eq!(n("apt-get -o APT::Install-Recommends=true install -y a"), 1);
        let d = run(&Dl3015, "FROM d:1\nRUN apt-get install -y a\n");
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostics::Applicability::Unsafe
        );
    }

    #[test]
    fn dl3027_apt() {
        let n = |s: &str| run(&Dl3027, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt update && apt install -y a"), 2);
        assert_eq!(n("apt-get update && apt-cache policy a"), 0);
        assert_eq!(n("sudo apt install a"), 1);
        assert_eq!(
            fixed(&Dl3027, "FROM d:1\nRUN sudo apt install -y a\n"),
            "FROM d:1\nRUN sudo apt-get install -y a\n"
        );
        assert!(run(&Dl3027, "FROM d:1\nRUN apt upgrade -y\n")[0]
            .fix
            .is_none());
        assert!(run(&Dl3027, "FROM d:1\nRUN apt list --installed\n")[0]
            .fix
            .is_none());
    }
}
