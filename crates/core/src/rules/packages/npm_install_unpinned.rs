//! DL3016: `npm install` of a package without a version.

use super::common::{finding, list, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3016;

static DL3016: RuleMeta = rule_meta! {
    id: "DL3016",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`npm install` of a package without a version",
    why: concat!(
        "`npm install -g typescript` installs the newest release on the day of the build, so the \
image changes (and can break) without the Dockerfile changing. Pin with `typescript@5.6.3`. \
`npm install` and `npm ci` without package names install from `package.json` and the lock file \
and are not reported.\n\n\
As in hadolint, a package counts as pinned when it has `@version` (after any `@scope/`), is a \
git URL with `#ref`, a tarball (`.tgz`, `.tar.gz`, `.tar`) or a folder (`./x`, `../x`, `/x`, \
`~/x`). Unlike hadolint, shipshape also checks npm's aliases of install (`npm i`, `npm add`), which npm's \
docs list as the same command, and sees `npm` behind `sudo`; the values of options such as \
`--prefix`, `--omit dev` or `--workspace web` are not packages (hadolint pins them as if they were).",
        scripts_note!()
    ),
    bad: "FROM node:22-slim\nRUN npm install -g typescript\n",
    good: "FROM node:22-slim\nRUN npm install -g typescript@5.6.3\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3016",
        "https://github.com/npm/cli/blob/0d7f12477b678a71ffa7621b77091fb36ebf921f/docs/content/commands/npm-install.md",
    ],
};

fn npm_pinned(p: &str) -> bool {
    let lower = p.to_ascii_lowercase();
    if [
        "git://",
        "git+ssh://",
        "git+http://",
        "git+https://",
        "github:",
        "gitlab:",
        "bitbucket:",
    ]
    .iter()
    .any(|g| lower.starts_with(g))
    {
        return p.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"]
        .iter()
        .any(|s| lower.ends_with(s))
        || ["/", "./", "../", "~/", "file:"]
            .iter()
            .any(|s| p.starts_with(s))
    {
        return true;
    }
    let name = match p.strip_prefix('@') {
        Some(scoped) => scoped.split_once('/').map_or(scoped, |(_, rest)| rest),
        None => p,
    };
    name.contains('@')
}

impl Rule for Dl3016 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3016
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Npm]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let Some(inst) = site.install() else {
                    continue;
                };
                if inst.manager != Manager::Npm
                    || !matches!(
                        inst.subcommand.as_str(),
                        "install"
                            | "i"
                            | "add"
                            | "isntall"
                            | "in"
                            | "ins"
                            | "inst"
                            | "insta"
                            | "instal"
                    )
                {
                    continue;
                }
                let loose: Vec<&ShWord> = inst
                    .packages
                    .iter()
                    .filter(|p| !npm_pinned(&p.text))
                    .collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`npm {}` without a version for {}; pin it as `name@version`",
                            inst.subcommand,
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
    fn dl3016_pins() {
        let n = |s: &str| run(&Dl3016, &format!("FROM n:1\nRUN {s}\n")).len();
        assert_eq!(n("npm install"), 0);
        assert_eq!(n("npm ci"), 0);
        assert_eq!(n("npm install -g typescript"), 1);
        assert_eq!(n("npm i -g pnpm"), 1);
        assert_eq!(
            n("npm install a@1 @s/b@2 ./c d.tgz git+https://h/r#v1 ~/e /f"),
            0
        );
        assert_eq!(n("npm install @s/b"), 1);
        assert_eq!(n("npm install git+https://h/r"), 1);
        assert_eq!(n("npm --prefix /x install a@1"), 0);
        assert_eq!(n("npm run install"), 0);
        assert_eq!(n("npm install $PKG"), 1);
    }
}
