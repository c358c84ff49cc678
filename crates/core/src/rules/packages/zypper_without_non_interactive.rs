//! DL3034: zypper command without a non-interactive switch.

use super::common::{finding, insert_after, is_verb, runs, ZYPPER};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3034;

static DL3034: RuleMeta = rule_meta! {
    id: "DL3034",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "zypper command without a non-interactive switch",
    why: concat!(
        "zypper asks for confirmation before installing or removing anything, and a build cannot \
answer. As in hadolint, `install`/`in`, `remove`/`rm`, `source-install`/`si` and `patch` need \
either the global `-n` (`--non-interactive`) or the command's `-y` (`--no-confirm`). The fix \
adds the global `-n` right after `zypper`, which works for every subcommand; it is safe.",
        scripts_note!()
    ),
    bad: "FROM opensuse/leap:15.6\nRUN zypper install curl=8.6.0 && zypper clean --all\n",
    good: "FROM opensuse/leap:15.6\nRUN zypper -n install curl=8.6.0 && zypper clean --all\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3034"],
};

impl Rule for Dl3034 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3034
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(ZYPPER) {
            return;
        }
        const VERBS: &[&str] = &[
            "install",
            "in",
            "remove",
            "rm",
            "source-install",
            "si",
            "patch",
        ];
        for run in runs(cx) {
            for site in run.sites() {
                if !is_verb(&site, ZYPPER, VERBS) {
                    continue;
                }
                let v = site.view();
                if v.has_flag(Some('y'), Some("no-confirm"))
                    || v.has_flag(Some('n'), Some("non-interactive"))
                {
                    continue;
                }
                let mut d = finding(
                    &site,
                    "zypper asks for confirmation here; add `-n` (`--non-interactive`)".to_string(),
                );
                if let Some(e) = v.name.and_then(|name| insert_after(cx, &site, name, " -n")) {
                    d = d.with_fix(Fix::safe("Add `-n`", vec![e]));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::n;
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn dl3034_switches() {
        assert_eq!(n(&Dl3034, "zypper install a=1"), 1);
        assert_eq!(n(&Dl3034, "zypper rm a"), 1);
        assert_eq!(n(&Dl3034, "zypper -n install a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper --non-interactive in a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper install -y a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper in --no-confirm a=1"), 0);
        assert_eq!(n(&Dl3034, "zypper refresh"), 0);
        let src = "FROM z:1\nRUN zypper --root /r install a=1\n";
        let d = run(&Dl3034, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM z:1\nRUN zypper -n --root /r install a=1\n");
    }
}
