//! DL3002: the shipped image should not end up running as root.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::{Args, Keyword};

pub struct Dl3002;

static META: RuleMeta = RuleMeta {
    id: "DL3002",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Security,
    enabled_by_default: true,
    summary: "Last USER of the shipped stage is root",
    why: "A process running as root inside the container is root on the host's kernel: a container \
escape or a writable host mount becomes a full compromise. Switch to an unprivileged user at the end \
of the final stage. Only the stage that ships is judged: builder stages may need root to install packages.",
    bad: "FROM debian:12-slim\nUSER root\nCMD [\"bash\"]\n",
    good: "FROM debian:12-slim\nUSER 10001:10001\nCMD [\"bash\"]\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3002"],
};

fn is_root(user: &str) -> bool {
    let name = user.split(':').next().unwrap_or(user).trim();
    name == "root" || name == "0"
}

impl Rule for Dl3002 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let Some(stage) = cx.model.final_stage() else {
            return;
        };
        let last_user = stage
            .instructions
            .iter()
            .rev()
            .find(|i| i.keyword() == Keyword::User);
        if let Some(ins) = last_user {
            if let Args::String(w) = &ins.command.args {
                if is_root(&w.text) {
                    out.push(Diagnostic::new(
                        w.span,
                        "the final stage's last USER is root; switch to an unprivileged user",
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl3002;

    #[test]
    fn only_the_shipped_stage_counts() {
        assert_eq!(run(&Dl3002, "FROM a:1\nUSER 0:0\n").len(), 1);
        assert!(run(&Dl3002, "FROM a:1 AS b\nUSER root\nFROM c:1\nUSER app\n").is_empty());
        assert!(run(&Dl3002, "FROM a:1\nUSER root\nRUN x\nUSER 1000\n").is_empty());
    }
}
