//! DL3001: commands that do nothing useful in an image build (ssh, vim, service, ps, ...).

use super::common::runs;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3001;

static META: RuleMeta = rule_meta! {
    id: "DL3001",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Correctness,
    enabled_by_default: true,
    summary:
        "RUN uses a command that makes no sense in an image build (ssh, vim, service, ps, ...)",
    why: "A RUN step executes once, at build time, in a throwaway container with no terminal, no \
init system and no services running. `service nginx start` and `shutdown` change nothing that ends \
up in the image; `vim` waits for a terminal that never comes; `ps`, `top`, `free`, `kill`, `mount` \
and `ifconfig` inspect or change a build container that is discarded right after; `ssh` during a \
build usually means a key baked into a layer. Start services from CMD or ENTRYPOINT, edit files \
with `sed` or COPY, and fetch private sources with `RUN --mount=type=ssh`.\n\n\
As in hadolint, the commands are looked for anywhere in the script (in `$(...)`, subshells and \
`RUN <<EOF` bodies too). Unlike hadolint 2.15.1, `ifconfig` is reported (the message of its DL3001 lists it \
but the command set in its source does not), and commands are recognised through `sudo`, `env` \
and other wrappers, which run the command they are given, and when named by path \
(`/usr/bin/vim`), as hadolint itself now matches SHELL programs by file name (hadolint #977).",
    bad: "FROM debian:bookworm-slim\nRUN service nginx start\n",
    good: "FROM debian:bookworm-slim\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3001",
        "https://github.com/hadolint/hadolint/blob/master/src/Hadolint/Rule/DL3001.hs",
        "https://man.cx/sudo",
        "https://github.com/hadolint/hadolint/issues/977",
    ],
};

const POINTLESS: &[&str] = &[
    "free", "ifconfig", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

impl Rule for Dl3001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(POINTLESS) {
            return;
        }
        for run in runs(cx).iter() {
            for c in run.commands() {
                let v = c.named_view();
                let (Some(p), Some(word)) = (c.program_name(), v.name) else {
                    continue;
                };
                if POINTLESS.contains(&p) {
                    out.push(Diagnostic::new(
                        word.span,
                        format!("`{p}` has no lasting effect in a build step: nothing runs in the image at build time"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3001;
    use crate::rules::run;

    #[test]
    fn pointless_commands_anywhere() {
        assert_eq!(run(&Dl3001, "FROM a:1\nRUN vim /etc/x\n").len(), 1);
        assert_eq!(
            run(&Dl3001, "FROM a:1\nRUN ifconfig && /usr/bin/ssh h\n").len(),
            2
        );
        assert_eq!(
            run(&Dl3001, "FROM a:1\nRUN X=$(ps aux | grep y)\n").len(),
            1
        );
        assert_eq!(
            run(&Dl3001, "FROM a:1\nRUN sudo service x start\n").len(),
            1
        );
        assert_eq!(run(&Dl3001, "FROM a:1\nRUN <<EOF\nkill 1\nEOF\n").len(), 1);
        assert!(run(&Dl3001, "FROM a:1\nRUN echo ssh vim && ssh-keygen -A\n").is_empty());
        assert!(run(&Dl3001, "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nRUN ps\n").is_empty());
    }
}
