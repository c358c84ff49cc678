//! DL3028: `gem install` without pinned versions.

use super::common::{finding, list, runs};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::ShWord;

pub struct Dl3028;

static DL3028: RuleMeta = rule_meta! {
    id: "DL3028",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`gem install` without pinned versions",
    why: concat!(
        "`gem install rails` installs the newest release on the day of the build, so the image \
changes (and can break) without the Dockerfile changing. Pin with `rails:7.2.1` or \
`-v 7.2.1`, or install from a `Gemfile.lock` with Bundler. As in hadolint, `gem install` and \
`gem i` are checked, a command with `-v`/`--version` is taken as pinned, and build options after \
`--` are not gems. Unlike hadolint, a local `.gem` file counts as pinned, and only options \
that take a value (`--install-dir DIR`) have their next word skipped: hadolint skips the word \
after any option and so misses `gem install --no-document rails`. (Its own test takes \
`gem install bundler:2.0.1 --use-system-libraries true` as pinned; `--use-system-libraries` is not \
an option of `gem install` but a build flag, which RubyGems' usage says goes after `--` \
(`gem install GEMNAME [options] -- --build-flags`), so `true` is read here as a second gem.)",
        scripts_note!()
    ),
    bad: "FROM ruby:3.3-slim\nRUN gem install bundler\n",
    good: "FROM ruby:3.3-slim\nRUN gem install bundler:2.5.18\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3028",
        "https://apidock.com/ruby/v2_6_3/Gem/Commands/InstallCommand/usage",
    ],
};

impl Rule for Dl3028 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3028
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::Gem]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let Some(inst) = site.install().filter(|i| i.manager == Manager::Gem) else {
                    continue;
                };
                if site.view().has_flag(Some('v'), Some("version")) {
                    continue;
                }
                let loose: Vec<&ShWord> = inst
                    .packages
                    .iter()
                    .filter(|p| !(p.text.contains(':') || p.text.ends_with(".gem")))
                    .collect();
                if !loose.is_empty() {
                    out.push(finding(
                        &site,
                        format!(
                            "`gem install` without a version for {}; pin it as `name:version`",
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
    use super::super::common::n;
    use super::*;

    #[test]
    fn dl3028_gems() {
        assert_eq!(n(&Dl3028, "gem install bundler"), 1);
        assert_eq!(n(&Dl3028, "gem i bundler"), 1);
        assert_eq!(n(&Dl3028, "gem install bundler:2.5"), 0);
        assert_eq!(n(&Dl3028, "gem install bundler -v 2.5"), 0);
        assert_eq!(n(&Dl3028, "gem install bundler --version=2.5"), 0);
        assert_eq!(
            n(
                &Dl3028,
                "gem install -N rails:7 mysql2:0.5 -- --with-mysql-dir=/x"
            ),
            0
        );
        assert_eq!(
            n(&Dl3028, "gem install --install-dir /g x:1 ./y-1.0.gem"),
            0
        );
        assert_eq!(n(&Dl3028, "gem update --system"), 0);
    }
}
