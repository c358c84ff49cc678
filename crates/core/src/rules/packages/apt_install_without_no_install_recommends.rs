//! DL3015: `apt-get install` without `--no-install-recommends`.

use super::common::{apt_get_install, apt_options, finding, insert_after, runs, stage_ships};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::packages::Manager;

fn falsy(v: &str) -> bool {
    matches!(v, "0" | "false" | "no" | "off")
}

pub struct Dl3015;

static DL3015: RuleMeta = rule_meta! {
    id: "DL3015",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`apt-get install` without `--no-install-recommends`",
    why: concat!(
        "By default apt also installs every package the requested ones merely recommend: often \
documentation, X11 libraries or whole toolchains nobody asked for, which bloat the image and \
widen its attack surface. `--no-install-recommends` installs what is needed and nothing more; \
`-o APT::Install-Recommends=false` (or `0`, `no`, `off`) does the same.\n\n\
The fix adds `--no-install-recommends` after `install`. It is unsafe: the set of installed \
packages changes, and software that relied on a recommended package (a common one is \
`ca-certificates` for `curl`) must then list it explicitly.",
        shipped_note!(),
        scripts_note!()
    ),
    bad: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    good: "FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3015",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/619",
        "https://github.com/hadolint/hadolint/pull/620",
    ],
};

impl Rule for Dl3015 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3015
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_install(&[Manager::AptGet]) {
            return;
        }
        for run in runs(cx) {
            if !stage_ships(cx, &run) {
                continue;
            }
            for site in run.sites() {
                let Some((v, _, verb)) = apt_get_install(&site) else {
                    continue;
                };
                let off = v.has_flag(None, Some("no-install-recommends"))
                    || apt_options(&v)
                        .iter()
                        .any(|(k, val)| k.ends_with("apt::install-recommends") && falsy(val));
                if off {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "`apt-get install` also installs recommended packages; add `--no-install-recommends`"
                        .to_string(),
                );
                if let Some(e) = insert_after(cx, &site, &verb, " --no-install-recommends") {
                    d = d.with_fix(Fix::unsafe_("Add `--no-install-recommends`", vec![e]));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::rules::run;

    #[test]
    fn dl3015_recommends() {
        let n = |s: &str| run(&Dl3015, &format!("FROM d:1\nRUN {s}\n")).len();
        assert_eq!(n("apt-get install -y a"), 1);
        assert_eq!(n("apt-get install -y --no-install-recommends a"), 0);
        assert_eq!(
            n("apt-get -o APT::Install-Recommends=false install -y a"),
            0
        );
        assert_eq!(n("apt-get -o APT::Install-Recommends=0 install -y a"), 0);
        assert_eq!(n("apt-get -o APT::Install-Recommends=true install -y a"), 1);
        let d = run(&Dl3015, "FROM d:1\nRUN apt-get install -y a\n");
        assert_eq!(
            d[0].fix.as_ref().unwrap().applicability,
            crate::diagnostics::Applicability::Unsafe
        );
    }
}
