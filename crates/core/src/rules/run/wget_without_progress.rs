//! DL3047: `wget` without progress control floods the build log.

use super::common::runs;
use crate::diagnostics::Fix;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3047;

static META: RuleMeta = rule_meta! {
    id: "DL3047",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "`wget` without `-q`, `-nv` or `--progress`",
    why:
        "Without a terminal, GNU wget prints its progress bar as a dot per kilobyte: downloading a \
few hundred megabytes writes thousands of log lines, which slows CI log viewers and buries the \
errors. Use `--progress=dot:giga`, `-nv` (`--no-verbose`) or `-q` (`--quiet`); sending the log \
elsewhere (`-o FILE`, `-a FILE`) counts too.\n\n\
As in hadolint the check covers every `wget` in the script; unlike hadolint, it also finds wget \
behind `sudo` or `env` and named by path (`/usr/bin/wget`). The fix (unsafe, since `-q` also \
silences wget's own error messages) adds `-q`, the one quiet flag BusyBox wget understands too.",
    bad: "FROM debian:bookworm-slim\nRUN wget https://example.com/tool.tar.gz\n",
    good:
        "FROM debian:bookworm-slim\nRUN wget --progress=dot:giga https://example.com/tool.tar.gz\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3047"],
};

impl Rule for Dl3047 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["wget"]) {
            return;
        }
        for run in runs(cx).iter() {
            for c in run.commands() {
                if c.program_name() != Some("wget") {
                    continue;
                }
                let v = c.named_view();
                let quiet = v.has_flag(Some('q'), Some("quiet"))
                    || v.has_flag(Some('o'), Some("output-file"))
                    || v.has_flag(Some('a'), Some("append-output"))
                    || v.has_flag(None, Some("no-verbose"))
                    || v.has_flag(None, Some("progress"))
                    || v.args.iter().any(|a| a.text == "-nv");
                if quiet {
                    continue;
                }
                let Some(word) = v.name else { continue };
                out.push(
                    Diagnostic::new(
                        word.span,
                        "wget without progress control: its dot progress fills the build log; add `--progress=dot:giga`, `-nv` or `-q`",
                    )
                    .with_fix(Fix::unsafe_(
                        "Add `-q` to wget",
                        vec![TextEdit::insert(word.span.end, " -q")],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3047;
    use crate::rules::run;

    #[test]
    fn quiet_flags() {
        assert_eq!(run(&Dl3047, "FROM a:1\nRUN wget -O- x | sh\n").len(), 1);
        assert_eq!(run(&Dl3047, "FROM a:1\nRUN busybox wget x\n").len(), 1);
        assert_eq!(run(&Dl3047, "FROM a:1\nRUN /usr/bin/wget -nc x\n").len(), 1);
        for quiet in [
            "wget -q x",
            "wget -qO- x",
            "wget -nv x",
            "wget --no-verbose x",
            "wget --progress=dot:giga x",
            "wget --progress bar x",
            "wget -o /dev/null x",
            "wget --output-file=log x",
            "wget -a log x",
            "wget --quiet x",
        ] {
            assert!(
                run(&Dl3047, &format!("FROM a:1\nRUN {quiet}\n")).is_empty(),
                "{quiet}"
            );
        }
    }
}
