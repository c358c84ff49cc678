//! apk rules: DL3018 (pins) and DL3019 (`--no-cache`).

use super::common::{finding, insert_after, list, operands, runs, stage_ships, Site};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::{Install, Manager};
use crate::shell::ShWord;

/// `apk add` calls, with the `add` word.
fn apk_add<'r>(site: &Site<'r>) -> Option<(Install, &'r ShWord)> {
    let inst = site.install()?;
    if inst.manager != Manager::Apk || inst.subcommand != "add" {
        return None;
    }
    let v = site.view();
    let verb = operands(
        v.args,
        "Xpt",
        &[
            "repository",
            "root",
            "virtual",
            "keys-dir",
            "repositories-file",
            "arch",
            "cache-dir",
            "cache-max-age",
            "progress-fd",
            "wait",
            "timeout",
        ],
    )
    .into_iter()
    .next()?;
    Some((inst.clone(), verb))
}

pub struct Dl3018;

static DL3018: RuleMeta = RuleMeta {
    id: "DL3018",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`apk add` without pinned package versions",
    why: concat!(
        "`apk add curl` installs whatever version the repository has on the day of the build, so \
rebuilding the same Dockerfile can give a different image or fail. Pin with `curl=8.9.1-r1`, or \
with a constraint such as `curl~8.9` (any 8.9 release) or `\"curl>8\"`. As in hadolint, a package \
counts as pinned when it contains `=`, `~`, `>` or `<` or is a local `.apk` file; the name given \
to `--virtual`/`-t` and repositories given to `-X` are not packages.\n\n\
Alpine keeps only the latest build of each package in a release branch, so exact pins break when \
a package is updated (hadolint #999); `~` constraints on the version prefix, together with a \
pinned `alpine:3.x` base, are the usual compromise.",
        scripts_note!()
    ),
    bad: "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
    good: "FROM alpine:3.20\nRUN apk add --no-cache curl~8.9\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3018"],
};

fn apk_pinned(p: &str) -> bool {
    p.contains(['=', '~', '>', '<']) || p.ends_with(".apk")
}

impl Rule for Dl3018 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3018
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for run in runs(cx) {
            for site in run.sites() {
                let Some((inst, _)) = apk_add(&site) else {
                    continue;
                };
                let loose: Vec<&ShWord> = inst
                    .packages
                    .iter()
                    .filter(|p| !apk_pinned(&p.text))
                    .collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`apk add` without a version for {}; pin it as `name=version` or `name~version`",
                            list(&loose)
                        ),
                    ));
                }
            }
        }
    }
}

pub struct Dl3019;

static DL3019: RuleMeta = RuleMeta {
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
link apk follows when it exists), and `apk add --no-network` (which downloads nothing) is not \
reported either:\n\n    RUN --mount=type=cache,target=/var/cache/apk apk add curl~8.9\n\n\
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
    ],
};

impl Rule for Dl3019 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3019
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
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
    fn dl3018_pins() {
        let n = |s: &str| run(&Dl3018, &format!("FROM a:1\nRUN {s}\n")).len();
        assert_eq!(n("apk add --no-cache curl"), 1);
        assert_eq!(n("apk add --no-cache curl=8 b~1 \"c>2\" ./d.apk"), 0);
        assert_eq!(n("apk add --no-cache --virtual .deps a=1"), 0);
        assert_eq!(n("apk add --no-cache --virtual=.deps a"), 1);
        assert_eq!(n("apk --no-cache -X http://r add a=1"), 0);
        assert_eq!(n("apk add --no-cache a@edge"), 1);
        assert_eq!(n("apk del a"), 0);
    }

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
