//! DL3046: `useradd` with a high UID and without `-l`.

use super::common::{self, instructions, runs};
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3046;

static META: RuleMeta = rule_meta! {
    id: "DL3046",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "`useradd` with a high UID and without `-l` (`--no-log-init`)",
    why: "useradd records the new user in `/var/log/lastlog` and `/var/log/faillog`, files indexed \
by UID. With a large UID they become huge sparse files, and image layers do not keep files sparse: \
`useradd -u 1000000000` can add gigabytes to the image. `-l` (`--no-log-init`) skips those records.\n\n\
As in hadolint, a UID of six digits or more counts as high (hadolint's threshold follows the \
usual UID_MAX of 65535, pull request 554). hadolint measures the argument's text, so `-u $UID` is \
low and `-u ${APP_UID}` high whatever the value; its maintainers chose for DL3066 not to guess \
what a build argument holds (pull request 1226). Here a UID given by a variable is resolved from the ARG and ENV defaults of the stage \
(`ARG UID=1001` is low) and not reported when its value is unknown; `--uid N`, `--uid=N`, `-uN` \
and `sudo useradd` are recognised too. The fix adds `-l` (`--no-log-init`).",
    bad: "FROM debian:bookworm-slim\nRUN useradd -u 1000000 app\n",
    good: "FROM debian:bookworm-slim\nRUN useradd -l -u 1000000 app\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3046",
        "https://github.com/hadolint/hadolint/pull/554",
        "https://github.com/hadolint/hadolint/pull/1226",
        "https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3046.hs",
    ],
};

impl Rule for Dl3046 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["useradd"]) {
            return;
        }
        let all = instructions(cx);
        for run in runs(cx).iter() {
            for c in run.commands() {
                if c.program_name() != Some("useradd") {
                    continue;
                }
                let v = c.named_view();
                if v.has_flag(Some('l'), Some("no-log-init")) {
                    continue;
                }
                let Some(uid) = v.flag_value(Some('u'), Some("uid")) else {
                    continue;
                };
                let value = if uid.word.has_expansion {
                    let Some(stage) = common::stage_of(cx, run) else {
                        continue;
                    };
                    let before = all[run.ins].span.start;
                    let resolved = common::resolve_word(&uid.text, |n| {
                        common::stage_value(cx, stage, before, n)
                    });
                    let Some(r) = resolved else { continue };
                    r
                } else {
                    uid.text.clone()
                };
                let digits = value.trim();
                if digits.len() <= 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                let Some(name) = v.name else { continue };
                out.push(
                    Diagnostic::new(
                        uid.word.span,
                        format!("useradd with UID {digits} and without `-l`: lastlog and faillog grow with the UID and bloat the image; add `-l` (`--no-log-init`)"),
                    )
                    .with_fix(Fix::safe(
                        "Add `-l` (--no-log-init) to useradd",
                        vec![TextEdit::insert(name.span.end, " -l")],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3046;
    use crate::rules::run;

    #[test]
    fn high_uids() {
        for bad in [
            "useradd -u 1000000 x",
            "useradd --uid 100000 x",
            "useradd --uid=123456 x",
            "useradd -r -u \"1000000\" -g 1000000 x",
            "sudo useradd -u1000000 x",
        ] {
            assert_eq!(
                run(&Dl3046, &format!("FROM a:1\nRUN {bad}\n")).len(),
                1,
                "{bad}"
            );
        }
        for good in [
            "useradd -u 99999 x",
            "useradd -l -u 1000000 x",
            "useradd -lu 1000000 x",
            "useradd --no-log-init -u 1000000 x",
            "useradd -u $UNKNOWN x",
            "useradd x",
        ] {
            assert!(
                run(&Dl3046, &format!("FROM a:1\nRUN {good}\n")).is_empty(),
                "{good}"
            );
        }
    }

    #[test]
    fn variables_resolve_from_args() {
        assert!(run(
            &Dl3046,
            "FROM a:1\nARG UID=1001\nRUN useradd -u \"$UID\" x\n"
        )
        .is_empty());
        assert_eq!(
            run(
                &Dl3046,
                "FROM a:1\nARG UID=1000001\nRUN useradd -u ${UID} x\n"
            )
            .len(),
            1
        );
        assert_eq!(
            run(
                &Dl3046,
                "ARG UID=1000001\nFROM a:1\nARG UID\nRUN useradd -u $UID x\n"
            )
            .len(),
            1
        );
        assert_eq!(
            run(
                &Dl3046,
                "FROM a:1 AS b\nENV UID=1000001\nFROM b\nRUN useradd -u $UID x\n"
            )
            .len(),
            1
        );
    }
}
