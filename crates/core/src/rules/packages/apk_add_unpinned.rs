//! DL3018: `apk add` without pinned package versions.

use super::common::{apk_add, finding, list, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3018;

static DL3018: RuleMeta = rule_meta! {
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
        if !cx.called().any_install(&[Manager::Apk]) {
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
