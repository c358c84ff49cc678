//! DL3014: `apt-get install` without `-y`.

use super::common::{apt_get_install, apt_options, finding, insert_after, runs};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;
use crate::shell::CmdView;

fn truthy(v: &str) -> bool {
    matches!(v, "1" | "true" | "yes" | "on")
}

pub struct Dl3014;

static DL3014: RuleMeta = rule_meta! {
    id: "DL3014",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "`apt-get install` without `-y`",
    why: concat!(
        "A build has no one to answer apt's \"Do you want to continue? [Y/n]\"; without `-y` \
apt-get aborts as soon as it has to ask (for example when a package pulls in dependencies), so \
the build fails. `-y`, `--yes` and `--assume-yes` answer it, and so does quiet level 2 (`-qq`, \
`-q -q`, `-q=2`), which implies `-y`. Like hadolint, a single `-q` is not enough; unlike \
hadolint, `--quiet=2`, higher levels (`-qqq`) and `-o APT::Get::Assume-Yes=true` are accepted. The fix adds `-y` after `install`; it is safe, since a \
build cannot answer the question anyway.",
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3014"],
};

/// Whether apt-get will not ask for confirmation.
fn apt_assumes_yes(v: &CmdView<'_>) -> bool {
    if v.has_flag(Some('y'), Some("yes")) || v.has_flag(None, Some("assume-yes")) {
        return true;
    }
    let mut quiet = 0u32;
    for w in v.args.iter().take_while(|w| w.text != "--") {
        let t = w.text.as_str();
        if let Some(l) = t.strip_prefix("--") {
            match l.split_once('=') {
                Some(("quiet", n)) => quiet = n.parse().unwrap_or(quiet),
                None if l == "quiet" => quiet += 1,
                _ => {}
            }
        } else if let Some(s) = t.strip_prefix('-') {
            if let Some(n) = s.strip_prefix("q=") {
                quiet = n.parse().unwrap_or(quiet);
            } else if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()) {
                quiet += s.matches('q').count() as u32;
            }
        }
    }
    quiet >= 2
        || apt_options(v)
            .iter()
            .any(|(k, val)| k == "apt::get::assume-yes" && truthy(val))
}

impl Rule for Dl3014 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3014
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::AptGet]) {
            return;
        }
        for run in runs(cx) {
            for site in run.sites() {
                let Some((v, _, verb)) = apt_get_install(&site) else {
                    continue;
                };
                if apt_assumes_yes(&v) {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "`apt-get install` without `-y` stops at the confirmation prompt; add `-y`"
                        .to_string(),
                );
                if let Some(e) = insert_after(cx, &site, &verb, " -y") {
                    d = d.with_fix(Fix::safe("Add `-y`", vec![e]));
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
    fn dl3014_yes_and_quiet() {
        let n = |s: &str| run(&Dl3014, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt-get install a"), 1);
        assert_eq!(n("apt-get install -q a"), 1);
        assert_eq!(n("apt-get install --quiet a"), 1);
        for ok in [
            "apt-get install -y a",
            "apt-get -yq install a",
            "apt-get install --yes a",
            "apt-get install --assume-yes a",
            "apt-get install -qq a",
            "apt-get -q -q install a",
            "apt-get install -q=2 a",
            "apt-get install --quiet --quiet a",
            "apt-get -o APT::Get::Assume-Yes=true install a",
        ] {
            assert_eq!(n(ok), 0, "{ok}");
        }
        assert_eq!(
            fixed(&Dl3014, "FROM d:1\nRUN apt-get install \\\n  a\n"),
            "FROM d:1\nRUN apt-get install -y \\\n  a\n"
        );
        assert!(
            run(&Dl3014, "FROM d:1\nRUN [\"apt-get\", \"install\", \"a\"]\n")[0]
                .fix
                .is_none()
        );
    }
}
