//! DL3036: `zypper install` without `zypper clean` in the same RUN.

use super::common::{append_command, deletes, finding, is_verb, runs, stage_ships, ZYPPER};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3036;

static DL3036: RuleMeta = rule_meta! {
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
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3036",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/619",
        "https://github.com/hadolint/hadolint/pull/620",
    ],
};

impl Rule for Dl3036 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3036
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(ZYPPER) {
            return;
        }
        const CACHE: &[&str] = &["/var/cache/zypp"];
        for run in runs(cx) {
            if !stage_ships(cx, &run) {
                continue;
            }
            let sites: Vec<_> = run.sites().collect();
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
