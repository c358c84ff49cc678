//! DL3027: `apt` used in a script; use `apt-get` or `apt-cache`.

use super::common::{finding, replace_word, runs, subcommand};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

pub struct Dl3027;

static DL3027: RuleMeta = rule_meta! {
    id: "DL3027",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`apt` used in a script; use `apt-get` or `apt-cache`",
    why: concat!(
        "`apt` is the command-line front end for people: its output and options may change \
between releases, and it warns \"apt does not have a stable CLI interface. Use with caution in \
scripts.\" `apt-get` and `apt-cache` are the stable interfaces for scripts such as a RUN.\n\n\
The fix renames `apt` to `apt-get` for subcommands that mean the same in both (`install`, \
`remove`, `purge`, `update`, `autoremove`, `clean`, `autoclean`, `dist-upgrade`, `source`, \
`build-dep`); it is safe. It is not offered for `apt upgrade` (which, unlike `apt-get upgrade`, \
installs new dependencies) nor for `list`, `search` or `show`. Unlike hadolint, shipshape also \
sees `apt` behind `sudo` and similar wrappers.",
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update && apt install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3027"],
};

const SAME_IN_APT_GET: &[&str] = &[
    "install",
    "remove",
    "purge",
    "update",
    "autoremove",
    "clean",
    "autoclean",
    "dist-upgrade",
    "source",
    "build-dep",
];

impl Rule for Dl3027 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3027
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["apt"]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let v = site.view();
                if v.program() != Some("apt") {
                    continue;
                }
                let verb = subcommand(Manager::Apt, &v).map(|w| w.text.as_str());
                let mut d = finding(
                    &site,
                    match verb {
                        Some(verb) => format!("`apt {verb}` in a script; use `apt-get {verb}`, whose interface is stable"),
                        None => "`apt` in a script; use `apt-get` or `apt-cache`, whose interfaces are stable".to_string(),
                    },
                );
                if let (Some(name), Some(verb)) = (v.name, verb) {
                    if SAME_IN_APT_GET.contains(&verb) && name.raw == "apt" {
                        if let Some(e) = replace_word(cx, &site, name, "apt-get") {
                            d = d.with_fix(Fix::safe("Use `apt-get`", vec![e]));
                        }
                    }
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::common::fixed;
    use crate::rules::run;

    #[test]
    fn dl3027_apt() {
        let n = |s: &str| run(&Dl3027, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt update && apt install -y a"), 2);
        assert_eq!(n("apt-get update && apt-cache policy a"), 0);
        assert_eq!(n("sudo apt install a"), 1);
        assert_eq!(
            fixed(&Dl3027, "FROM d:1\nRUN sudo apt install -y a\n"),
            "FROM d:1\nRUN sudo apt-get install -y a\n"
        );
        assert!(run(&Dl3027, "FROM d:1\nRUN apt upgrade -y\n")[0]
            .fix
            .is_none());
        assert!(run(&Dl3027, "FROM d:1\nRUN apt list --installed\n")[0]
            .fix
            .is_none());
    }
}
