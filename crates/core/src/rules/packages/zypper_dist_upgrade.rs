//! DL3035: `zypper dist-upgrade` in a Dockerfile.

use super::common::{finding, is_verb, os_manager, replace_word, runs, subcommand, Site, ZYPPER};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3035;

static DL3035: RuleMeta = rule_meta! {
    id: "DL3035",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "`zypper dist-upgrade` in a Dockerfile",
    why: concat!(
        "`zypper dist-upgrade` (`dup`) moves the whole system to whatever the repositories offer \
today, possibly a new distribution release, so the image depends on the day it was built and \
may no longer match its base tag. Use a newer base image instead, and `zypper patch` or \
`zypper update` for fixes.\n\n\
The fix (unsafe: fewer packages change, and none crosses to another release) turns the \
subcommand into `update`, when no option specific to `dist-upgrade` follows it.",
        scripts_note!()
    ),
    bad: "FROM opensuse/leap:15.6\nRUN zypper -n dist-upgrade && zypper clean --all\n",
    good: "FROM opensuse/leap:15.6\nRUN zypper -n patch && zypper clean --all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3035"],
};

impl Rule for Dl3035 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3035
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(ZYPPER) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                if is_verb(&site, ZYPPER, &["dist-upgrade", "dup"]) {
                    let mut d = finding(
                        &site,
                        "`zypper dist-upgrade` upgrades the whole distribution; use a newer base image".to_string(),
                    );
                    d.fix = to_update(cx, &site);
                    out.push(d);
                }
            }
        }
    }
}

/// Options `zypper update` accepts as well as `dist-upgrade` (anything else: no fix).
const SHARED_UPGRADE_OPTS: &[&str] = &[
    "-y",
    "--no-confirm",
    "-l",
    "--auto-agree-with-licenses",
    "--auto-agree-with-product-licenses",
    "--no-recommends",
    "--recommends",
    "-D",
    "--dry-run",
    "-d",
    "--download-only",
    "--details",
    "--replacefiles",
];

/// `zypper dup` → `zypper update`, when every option after the subcommand means the same for both.
fn to_update(cx: &Context<'_>, site: &Site<'_>) -> Option<Fix> {
    let v = site.view();
    let sub = subcommand(os_manager(v.program()?)?, &v)?;
    let after = v.args.iter().skip_while(|w| !std::ptr::eq(*w, sub)).skip(1);
    for w in after {
        if w.text.starts_with('-') && !SHARED_UPGRADE_OPTS.contains(&w.text.as_str()) {
            return None;
        }
    }
    let edit = replace_word(cx, site, sub, "update")?;
    Some(Fix::unsafe_("Use `zypper update`", vec![edit]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn dl3035_fix_updates_instead() {
        let fixed = |s: &str| {
            let src = format!("FROM z:1\nRUN {s}\n");
            run(&Dl3035, &src)[0]
                .fix
                .as_ref()
                .map(|f| apply_edits(&src, &f.edits).unwrap())
        };
        assert_eq!(
            fixed("zypper -n dup -l && zypper clean -a").unwrap(),
            "FROM z:1\nRUN zypper -n update -l && zypper clean -a\n"
        );
        assert_eq!(
            fixed("sudo zypper --non-interactive dist-upgrade").unwrap(),
            "FROM z:1\nRUN sudo zypper --non-interactive update\n"
        );
        assert_eq!(fixed("zypper -n dup --from repo-oss"), None);
        assert_eq!(fixed("zypper -n dup --allow-vendor-change"), None);
        let out = fixed("zypper -n dup").unwrap();
        assert!(run(&Dl3035, &out).is_empty());
    }
}
