//! DL3060: `yarn install` without `yarn cache clean` in the same RUN.

use super::common::{
    append_command, deletes, finding, operands, runs, stage_ships, stage_var, Site,
};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3060;

static DL3060: RuleMeta = rule_meta! {
    id: "DL3060",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`yarn install` without `yarn cache clean` in the same RUN",
    why: concat!(
        "yarn keeps a copy of every package it downloads in its cache (by default \
`/usr/local/share/.cache/yarn` for root with yarn 1), which stays in the layer next to \
`node_modules` and can double its size. Run `yarn cache clean` after `yarn install` in the same \
RUN, or keep the cache out of the layer with a cache mount, which also speeds up rebuilds \
(hadolint #497, #1139):\n\n    RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n\n\
As in hadolint, the rule looks at `yarn install`, accepts a mount on the yarn cache \
(`.../.cache/yarn`), and only reports stages that end up in an image: the last stage and any \
stage a later `FROM` builds on (a builder stage whose files are only copied out does not \
matter). Unlike hadolint, the clean must come after the install, deleting the cache \
folder with `rm -rf` counts, and mounts on `/root/.yarn` (yarn 2+), on `$YARN_CACHE_FOLDER` or \
on the command's `--cache-folder` are accepted too. The fix appends `&& yarn cache clean`; it is \
safe.",
        scripts_note!()
    ),
    bad: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\n",
    good: "FROM node:22-slim\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3060",
        "https://classic.yarnpkg.com/en/docs/cli/cache",
    ],
};

const YARN_OPTS: &[&str] = &[
    "cwd",
    "cache-folder",
    "modules-folder",
    "network-timeout",
    "mutex",
    "registry",
    "network-concurrency",
    "global-folder",
    "link-folder",
    "preferred-cache-folder",
    "use-yarnrc",
    "proxy",
    "https-proxy",
];

fn yarn_verbs<'r>(site: &Site<'r>) -> Vec<&'r str> {
    let v = site.view();
    if v.program() != Some("yarn") {
        return Vec::new();
    }
    operands(v.args, "", YARN_OPTS)
        .into_iter()
        .map(|w| w.text.as_str())
        .collect()
}

const YARN_CACHES: &[&str] = &[
    "/usr/local/share/.cache/yarn",
    "/root/.cache/yarn",
    "/root/.yarn",
];

impl Rule for Dl3060 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3060
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["yarn"]) {
            return;
        }
        for run in runs(cx) {
            let sites: Vec<Site> = run.sites().collect();
            let Some(install) = sites
                .iter()
                .rev()
                .find(|s| yarn_verbs(s).first() == Some(&"install"))
            else {
                continue;
            };
            let mut dirs: Vec<String> = YARN_CACHES.iter().map(|d| d.to_string()).collect();
            dirs.extend(stage_var(cx, run.stage, run.ins, "YARN_CACHE_FOLDER"));
            dirs.extend(
                install
                    .view()
                    .flag_value(None, Some("cache-folder"))
                    .map(|f| f.text),
            );
            let dirs: Vec<&str> = dirs.iter().map(String::as_str).collect();
            let user_cache = run.mounts().iter().any(|m| {
                (m.kind == "cache" || m.kind == "tmpfs")
                    && m.target
                        .as_deref()
                        .is_some_and(|t| t.trim_end_matches('/').ends_with("/.cache/yarn"))
            });
            let cleaned = sites.iter().any(|s| {
                s.seq > install.seq
                    && (yarn_verbs(s).starts_with(&["cache", "clean"]) || deletes(s, &dirs))
            });
            if cleaned || user_cache || run.mounts_cache(&dirs) || !stage_ships(cx, &run) {
                continue;
            }
            let mut d = finding(
                install,
                "`yarn install` leaves its package cache in the layer; run `yarn cache clean` in the same RUN (or use a cache mount)"
                    .to_string(),
            );
            if let Some(e) = append_command(cx, &run, "yarn cache clean") {
                d = d.with_fix(Fix::safe("Append `yarn cache clean`", vec![e]));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::run;

    #[test]
    fn dl3060_clean_and_mounts() {
        let n = |s: &str| run(&Dl3060, &format!("FROM n:1\nRUN {s}\n")).len();
        assert_eq!(n("yarn install"), 1);
        assert_eq!(n("yarn --cwd /app install --frozen-lockfile"), 1);
        assert_eq!(n("yarn install && yarn cache clean"), 0);
        assert_eq!(n("yarn cache clean && yarn install"), 1);
        assert_eq!(n("yarn install && rm -rf /usr/local/share/.cache/yarn"), 0);
        assert_eq!(n("yarn add a@1"), 0);
        assert_eq!(n("yarn"), 0);
        assert_eq!(
            n("--mount=type=cache,target=/usr/local/share/.cache/yarn yarn install"),
            0
        );
        assert_eq!(
            n("--mount=type=cache,target=/home/node/.cache/yarn yarn install"),
            0
        );
        assert_eq!(
            n("--mount=type=cache,target=/yc yarn install --cache-folder /yc"),
            0
        );
        assert_eq!(n("--mount=type=cache,target=/tmp/y yarn install"), 1);
        assert!(run(
            &Dl3060,
            "FROM n:1 AS b\nRUN yarn install\nFROM n:1\nCOPY --from=b /a /a\n"
        )
        .is_empty());
        assert_eq!(
            run(&Dl3060, "FROM n:1 AS b\nRUN yarn install\nFROM b\n").len(),
            1
        );
        let src = "FROM n:1\nRUN yarn install\n";
        let d = run(&Dl3060, src);
        let out = crate::diagnostics::apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM n:1\nRUN yarn install && yarn cache clean\n");
    }
}
