//! DL3019: `apk add` without `--no-cache`.

use super::common::{apk_add, finding, insert_after, runs, stage_ships};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

pub struct Dl3019;

static DL3019: RuleMeta = rule_meta! {
    id: "DL3019",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`apk add` without `--no-cache`",
    why: concat!(
        "Without `--no-cache`, apk keeps the package index it downloads (with `--update` or an \
earlier `apk update`) in `/var/cache/apk`, where it stays in the layer. `apk add --no-cache` \
fetches the index, installs and leaves nothing behind, so neither `apk update` nor \
`rm -rf /var/cache/apk/*` is needed.\n\n\
As in hadolint, a RUN with a cache or tmpfs mount on `/var/cache/apk` is not reported, since the \
cache then never reaches the layer; shipshape also accepts a mount on `/etc/apk/cache` (the cache \
link apk follows when it exists), and `apk add --no-network` (which downloads nothing, see apk(8)) \
is not reported either:\n\n    RUN --mount=type=cache,target=/var/cache/apk apk add curl~8.9\n\n\
The fix adds `--no-cache` after `add`; it is safe, since the same packages are installed.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM alpine:3.20\nRUN apk add curl~8.9\n",
    good: "FROM alpine:3.20\nRUN apk add --no-cache curl~8.9\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3019",
        "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/619",
        "https://github.com/hadolint/hadolint/pull/620",
        "https://man.archlinux.org/man/apk.8",
    ],
};

impl Rule for Dl3019 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3019
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Apk]) {
            return;
        }
        for run in runs(cx) {
            if !stage_ships(cx, &run) || run.mounts_cache(&["/var/cache/apk", "/etc/apk/cache"]) {
                continue;
            }
            for site in run.sites() {
                let Some((_, verb)) = apk_add(&site) else {
                    continue;
                };
                let v = site.view();
                if v.has_flag(None, Some("no-cache")) || v.has_flag(None, Some("no-network")) {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "`apk add` without `--no-cache` leaves the package index in the layer; add `--no-cache`"
                        .to_string(),
                );
                if let Some(e) = insert_after(cx, &site, verb, " --no-cache") {
                    d = d.with_fix(Fix::safe("Add `--no-cache`", vec![e]));
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

    #[test]
    fn dl3019_no_cache_and_mounts() {
        let n = |s: &str| run(&Dl3019, &format!("FROM a:1\nRUN {s}\n")).len();
        assert_eq!(n("apk add a=1"), 1);
        assert_eq!(n("apk --update add a=1 && rm -rf /var/cache/apk/*"), 1);
        assert_eq!(n("apk add --no-cache a=1"), 0);
        assert_eq!(
            n("apk info -q | xargs apk add --no-network --virtual .rundeps"),
            0
        );
        assert_eq!(n("apk --no-cache add a=1"), 0);
        assert_eq!(n("--mount=type=cache,target=/var/cache/apk apk add a=1"), 0);
        assert_eq!(n("--mount=type=cache,target=/etc/apk/cache apk add a=1"), 0);
        assert_eq!(
            n("--mount=type=cache,target=/var/cache/apkx apk add a=1"),
            1
        );
        let src = "FROM a:1\nRUN apk add a=1\n";
        let d = run(&Dl3019, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1\nRUN apk add --no-cache a=1\n");
    }
}
