//! DL3009: apt package lists left in the image after `apt-get update`.

use super::common::{append_command, deletes, finding, is_verb, runs, stage_ships, Run};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3009;

static DL3009: RuleMeta = rule_meta! {
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
(hadolint's check takes any `rm` with `-rf` for the cleanup, even `rm -rf /tmp/*`, in any position, \
see its DL3009 source). `find /var/lib/apt/lists -delete` counts, and so does `apt-get \
dist-clean` (also `distclean`, and `apt`'s), which apt 2.7.8 added for exactly this: it removes \
the downloaded lists and keeps only the release files; the official Debian-based images use it \
instead of `rm -rf /var/lib/apt/lists/*` since Debian 13, and hadolint does not know it. A RUN with a cache or tmpfs mount on \
`/var/lib/apt` or `/var/lib/apt/lists` is not reported, since the lists then never reach the \
layer (hadolint #723):\n\n    RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n        \
--mount=type=cache,target=/var/cache/apt,sharing=locked \\\n        \
apt-get update && apt-get install -y --no-install-recommends curl\n\n\
That example first deletes `/etc/apt/apt.conf.d/docker-clean`, the file with which Debian and \
Ubuntu images empty /var/cache/apt after every apt run, so that the cache mount can keep the \
downloads. Once it is gone (in the same RUN, or earlier in the stage or a stage it is built on), a \
mount of `/var/lib/apt` alone leaves apt's package cache and the downloaded .debs in the layer, \
and the RUN is reported unless `/var/cache/apt` is mounted too or `apt-get clean` runs after the \
update. hadolint asks for both mounts whether or not docker-clean is there; with docker-clean in \
place /var/cache/apt stays empty, so shipshape accepts the `/var/lib/apt` mount alone.\n\n\
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
        "https://docs.docker.com/reference/dockerfile/#example-cache-apt-packages",
        "https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3009.hs",
        "https://github.com/docker-library/buildpack-deps/pull/154",
        "https://tracker.debian.org/news/1492892/accepted-apt-278-source-into-unstable/",
        "https://github.com/hadolint/hadolint/issues/723",
    ],
};

const APT_LISTS: &str = "/var/lib/apt/lists";
const APT_CACHE: &str = "/var/cache/apt";

/// Whether a RUN makes apt keep what it downloads: it deletes Debian's and Ubuntu's
/// `/etc/apt/apt.conf.d/docker-clean` (which empties /var/cache/apt after each run) or sets
/// `Binary::apt::APT::Keep-Downloaded-Packages "true"`, as Docker's cache-mount example does.
fn keeps_downloads(run: &Run<'_>) -> bool {
    let removes = run.sites().any(|s| {
        let v = s.view();
        v.program() == Some("rm")
            && v.args
                .iter()
                .any(|a| a.text.ends_with("/etc/apt/apt.conf.d/docker-clean"))
    });
    // (Each needle is on one line, so looking in each script is looking in the RUN's text.)
    let has = |needle: &str| run.scripts.iter().any(|s| s.text.contains(needle));
    removes || (has("Keep-Downloaded-Packages") && has("true"))
}

impl Rule for Dl3009 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3009
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["apt-get", "apt", "aptitude"]) {
            return;
        }
        let runs: Vec<Run> = runs(cx).collect();
        // (stage, position) of the RUNs that make apt keep what it downloads.
        let keeping: Vec<(Option<usize>, usize)> = runs
            .iter()
            .filter(|r| keeps_downloads(r))
            .map(|r| (r.stage, r.ins.span.start))
            .collect();
        for run in runs {
            let Some(update) = run
                .sites()
                .rev()
                .find(|s| is_verb(s, &["apt-get", "apt", "aptitude"], &["update"]))
            else {
                continue;
            };
            let update = &update;
            let sites: Vec<_> = run.sites().collect();
            let cleaned = sites.iter().any(|s| {
                s.seq > update.seq
                    && (deletes(s, &[APT_LISTS])
                        || is_verb(s, &["apt-get", "apt"], &["dist-clean", "distclean"]))
            });
            if cleaned || !stage_ships(cx, &run) {
                continue;
            }
            if run.mounts_cache(&[APT_LISTS]) {
                // The lists never reach the layer. But when `docker-clean` is gone (in this RUN or
                // earlier in the stage or a stage it is built on), apt also keeps its package
                // cache and downloaded .debs in /var/cache/apt: a mount of /var/lib/apt alone
                // then leaves those in the layer. A mount of the lists folder itself is taken
                // as enough, as in hadolint.
                let chain = run.stage.map(|i| cx.stage_chain(i)).unwrap_or_default();
                let kept = keeping.iter().any(|&(stage, at)| {
                    at <= run.ins.span.start
                        && (stage == run.stage || stage.is_some_and(|s| chain.contains(&s)))
                });
                let lists_mount = run.mounts().iter().any(|m| {
                    (m.kind == "cache" || m.kind == "tmpfs")
                        && m.target.as_deref().is_some_and(|t| {
                            let t = t.trim_end_matches('/');
                            t == APT_LISTS || t.starts_with("/var/lib/apt/lists/")
                        })
                });
                let cache_cleaned = sites
                    .iter()
                    .any(|s| s.seq > update.seq && is_verb(s, &["apt-get", "apt"], &["clean"]));
                if kept && !lists_mount && !cache_cleaned && !run.mounts_cache(&[APT_CACHE]) {
                    out.push(finding(
                        update,
                        "`/etc/apt/apt.conf.d/docker-clean` was removed, so apt keeps its package \
cache and downloads in /var/cache/apt, which this RUN does not mount: add \
`--mount=type=cache,target=/var/cache/apt,sharing=locked` (or run `apt-get clean`)"
                            .to_string(),
                    ));
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::common::fixed;
    use crate::rules::run;

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
    fn dl3009_docker_clean_removed() {
        let n = |s: &str| run(&Dl3009, s).len();
        let lib =
            "RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y a\n";
        let both = "RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y a\n";
        // docker-clean in place: /var/cache/apt stays empty, the /var/lib/apt mount is enough.
        assert_eq!(n(&format!("FROM d:1\n{lib}")), 0);
        // Removed in an earlier RUN of the stage, or of a stage this one is built on.
        assert_eq!(
            n(&format!(
                "FROM d:1\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n{lib}"
            )),
            1
        );
        assert_eq!(
            n(&format!(
                "FROM d:1 AS base\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM base\n{lib}"
            )),
            1
        );
        // ...or in the same RUN, or downloads kept by configuration.
        assert_eq!(
            n("FROM d:1\nRUN --mount=type=cache,target=/var/lib/apt rm -f /etc/apt/apt.conf.d/docker-clean && apt-get update\n"),
            1
        );
        assert_eq!(
            n(&format!("FROM d:1\nRUN echo 'Binary::apt::APT::Keep-Downloaded-Packages \"true\";' > /etc/apt/apt.conf.d/keep-cache\n{lib}")),
            1
        );
        // Mounting /var/cache/apt as well, cleaning it, or mounting the lists folder itself is fine.
        assert_eq!(
            n(&format!(
                "FROM d:1\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\n{both}"
            )),
            0
        );
        assert_eq!(
            n("FROM d:1\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y a && apt-get clean\n"),
            0
        );
        assert_eq!(
            n("FROM d:1\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update\n"),
            0
        );
        // A removal in an unrelated stage, or after the RUN, does not count.
        assert_eq!(
            n(&format!(
                "FROM d:1 AS other\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nFROM d:1\n{lib}"
            )),
            0
        );
        assert_eq!(
            n(&format!(
                "FROM d:1\n{lib}RUN rm -f /etc/apt/apt.conf.d/docker-clean\n"
            )),
            0
        );
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
}
