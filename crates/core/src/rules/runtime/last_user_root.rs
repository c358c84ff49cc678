//! DL3002: the shipped image should not end up running as root.

use crate::dockerfile::model::Stage;
use crate::dockerfile::{Args, Keyword};
use crate::rules::edits::append_user;
use crate::rules::{stage_chain, Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3002;

static META: RuleMeta = rule_meta! {
    id: "DL3002",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Security,
    enabled_by_default: true,
    summary: "Last USER of the shipped stage is root",
    why: "A process running as root inside the container is root on the host's kernel: a container \
escape or a writable host mount becomes a full compromise. Switch to an unprivileged user at the end \
of the final stage. Only the stage that ships is judged: builder stages may need root to install packages \
and their USER never reaches the image, since only what is copied out of them does (Docker's \
multi-stage docs). hadolint also reports a builder stage whose last USER is root; its users \
report that as a false positive (hadolint #405, #1068), and its maintainers narrowed the sibling \
DL3066 to the last stage because using root in build stages is common and legitimate (pull request \
1239). (A builder stage that is also built on its own with `--target` cannot be told apart from \
the Dockerfile alone.) A shipped stage that sets no USER runs as the last USER of the local stage it is built on \
(`FROM base`), so an inherited `USER root` is reported, on that USER line, as hadolint does.\n\n\
When the stage (or a local stage it is built on) switched to a non-root user before going back to \
root, the fix appends `USER <that user>` at the end of the stage, so the steps that needed root \
still run as root and only the container's user changes. It is unsafe: whatever the container runs \
must work as that user.",
    bad: "FROM node:22-slim\nUSER node\nWORKDIR /home/node/app\nUSER root\nRUN mkdir -p /data && chown node /data\nCMD [\"node\", \"server.js\"]\n",
    good: "FROM node:22-slim\nRUN mkdir -p /data && chown node /data\nUSER node\nWORKDIR /home/node/app\nCMD [\"node\", \"server.js\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3002",
        "https://docs.docker.com/build/building/multi-stage/",
        "https://github.com/hadolint/hadolint/issues/405",
        "https://github.com/hadolint/hadolint/issues/1068",
        "https://github.com/hadolint/hadolint/pull/1239",
    ],
};

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}

/// The non-root users a stage and the local stages it is built on switch to, latest first.
fn earlier_users<'a>(cx: &Context<'a>, stage: &Stage<'a>) -> Vec<String> {
    stage_chain(cx.model, stage)
        .into_iter()
        .flat_map(|s| s.instructions.iter().rev())
        .filter(|i| i.keyword() == Keyword::User)
        .filter_map(|i| match &i.command.args {
            Args::String(w) => Some(w.text.trim().to_string()),
            _ => None,
        })
        .filter(|u| !u.is_empty() && !is_root(u))
        .collect()
}

impl Rule for Dl3002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = cx.model.final_stage() else {
            return;
        };
        // The last USER along the chain (the stage, then the local stages it is built on): a
        // stage that sets none runs as the one it inherits.
        let last_user = stage_chain(cx.model, stage).into_iter().find_map(|s| {
            s.instructions
                .iter()
                .rev()
                .find(|i| i.keyword() == Keyword::User)
                .map(|i| (s, i))
        });
        if let Some((from, ins)) = last_user {
            if let Args::String(w) = &ins.command.args {
                if is_root(&w.text) {
                    let message = if from.index == stage.index {
                        "the final stage's last USER is root; switch to an unprivileged user"
                            .to_string()
                    } else {
                        "the final stage sets no USER and inherits this one from the stage it is built on: the container runs as root; end the final stage with `USER <uid>`".to_string()
                    };
                    let mut d = Diagnostic::new(w.span, message);
                    if let Some(user) = earlier_users(cx, stage).first() {
                        d = d.with_fix(append_user(
                            cx,
                            stage,
                            user,
                            format!("Switch back to `{user}` at the end of the stage"),
                        ));
                    }
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3002;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn only_the_shipped_stage_counts() {
        assert_eq!(run(&Dl3002, "FROM a:1\nUSER 0:0\n").len(), 1);
        assert!(run(&Dl3002, "FROM a:1 AS b\nUSER root\nFROM c:1\nUSER app\n").is_empty());
        assert!(run(&Dl3002, "FROM a:1\nUSER root\nRUN x\nUSER 1000\n").is_empty());
    }

    #[test]
    fn root_inherited_from_the_local_base_stage() {
        let src = "FROM a:1 AS base\nUSER root\nRUN x\nFROM base\nRUN y\n";
        let d = run(&Dl3002, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].span.start,
            src.find("root").unwrap(),
            "on the inherited USER"
        );
        assert!(run(
            &Dl3002,
            "FROM a:1 AS base\nUSER root\nFROM base\nUSER app\n"
        )
        .is_empty());
        assert!(run(&Dl3002, "FROM a:1 AS base\nUSER app\nFROM base\nRUN y\n").is_empty());
        assert_eq!(
            fixed("FROM a:1 AS base\nUSER app\nUSER root\nFROM base\nRUN y\n").unwrap(),
            "FROM a:1 AS base\nUSER app\nUSER root\nFROM base\nRUN y\nUSER app\n"
        );
    }

    fn fixed(src: &str) -> Option<String> {
        let d = run(&Dl3002, src);
        let fix = d.first()?.fix.as_ref()?;
        Some(apply_edits(src, &fix.edits).unwrap())
    }

    #[test]
    fn fix_returns_to_the_last_non_root_user() {
        assert_eq!(
            fixed("FROM a:1\nUSER app\nUSER 10001:10001\nUSER root\nRUN x\nCMD [\"y\"]\n").unwrap(),
            "FROM a:1\nUSER app\nUSER 10001:10001\nUSER root\nRUN x\nCMD [\"y\"]\nUSER 10001:10001\n"
        );
        // Inherited from the local stage it is built on; no trailing newline.
        assert_eq!(
            fixed("FROM a:1 AS base\nUSER app\nFROM base\nUSER root\nRUN x").unwrap(),
            "FROM a:1 AS base\nUSER app\nFROM base\nUSER root\nRUN x\nUSER app"
        );
        assert_eq!(fixed("FROM a:1\nUSER root\n"), None, "no user to return to");
        assert_eq!(
            fixed("FROM a:1 AS b\nUSER app\nFROM c:1\nUSER root\n"),
            None,
            "a user of an unrelated stage does not exist here"
        );
        let out = fixed("FROM a:1\nUSER app\nUSER root\n").unwrap();
        assert!(run(&Dl3002, &out).is_empty());
    }
}
