//! DL3009: apt package lists left in the image after `apt-get update`.

use super::common::{append_command, deletes, finding, is_verb, runs, stage_ships};
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
