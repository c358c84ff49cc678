//! DL3025 / JSONArgsRecommended: CMD and ENTRYPOINT in shell form run under `/bin/sh -c` and miss signals.

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Keyword};
use crate::rules::json_quote;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct Dl3025;

static META: RuleMeta = rule_meta! {
    id: "DL3025",
    aliases: &["JSONArgsRecommended"],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "CMD/ENTRYPOINT/HEALTHCHECK CMD in shell form instead of JSON (exec) form",
    why: "In shell form the process runs as a child of `/bin/sh -c`, which does not forward SIGTERM: \
`docker stop` waits for its timeout and then kills the container, and shutdown hooks never run. \
The exec form `[\"prog\", \"arg\"]` makes the program PID 1.\n\n\
The fix rewrites a command that uses no shell features (no variables, quotes, globs, pipes or \
redirections) into exec form. It is marked unsafe because the process tree changes (that is the point). \
Following BuildKit, a `SHELL` in effect means shell form is intended (its check's docs: setting \
SHELL shows shell form is a conscious decision), and no finding is reported: \
one set earlier in the stage, or in the local stage it is built `FROM` (the image config carries \
it over). hadolint reports shell form whatever the SHELL.\n\n\
Like hadolint (since 2.15), `HEALTHCHECK CMD` in shell form is reported too: each probe then \
starts a shell before the check, and the image must have one (distroless and scratch images do \
not). BuildKit's JSONArgsRecommended does not look at HEALTHCHECK.",
    bad: "FROM node:22-slim\nCMD node server.js\n",
    good: "FROM node:22-slim\nCMD [\"node\", \"server.js\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3025",
        "https://docs.docker.com/reference/build-checks/json-args-recommended/",
    ],
};

/// The exec form of `words`: `["a", "b"]`.
fn json_array(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| json_quote(w)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Split a shell command into words when it uses no shell syntax at all.
fn plain_words(cmd: &str) -> Option<Vec<&str>> {
    if cmd.contains(|c: char| "$`\"'\\|&;<>(){}*?[]~#=!".contains(c)) {
        return None;
    }
    let words: Vec<&str> = cmd.split_whitespace().collect();
    (!words.is_empty()).then_some(words)
}

impl Rule for Dl3025 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        // Whether each stage ends with a SHELL set (in it or in the local stage it is built on);
        // parents come before their children.
        let mut ends_with_shell = vec![false; cx.model.stages.len()];
        for stage in &cx.model.stages {
            let mut shell = cx
                .parent_of(stage.index)
                .is_some_and(|p| ends_with_shell[p]);
            for ins in &stage.instructions {
                let k = ins.keyword();
                if k == Keyword::Shell {
                    shell = true;
                }
                if shell {
                    continue;
                }
                let w = match (k, &ins.command.args) {
                    (Keyword::Cmd | Keyword::Entrypoint, Args::Shell(w)) => w,
                    (Keyword::Healthcheck, Args::Healthcheck { cmd, .. }) => match &**cmd {
                        Args::Shell(w) => w,
                        _ => continue,
                    },
                    _ => continue,
                };
                if k == Keyword::Healthcheck {
                    let mut d = Diagnostic::new(
                        w.span,
                        "HEALTHCHECK CMD uses shell form: every probe starts a shell first (and the image needs one); use JSON form".to_string(),
                    );
                    if let Some(words) =
                        plain_words(&w.text).filter(|_| w.span.slice(cx.text) == w.text)
                    {
                        let json = json_array(&words);
                        d = d.with_fix(Fix::unsafe_(
                            format!("Rewrite as HEALTHCHECK CMD {json}"),
                            vec![TextEdit::new(w.span, json)],
                        ));
                    }
                    out.push(d);
                    continue;
                }
                let mut d = Diagnostic::new(
                    ins.command.args_span,
                    format!(
                        "{} uses shell form; use JSON form so the process receives signals directly",
                        k.as_str()
                    ),
                );
                let (a, b) = ins.command.args_logical;
                if let Some(words) = plain_words(&w.text) {
                    if ins.logical.is_contiguous(a, b) {
                        let json = json_array(&words);
                        d = d.with_fix(Fix::unsafe_(
                            format!("Rewrite as {} {json}", k.as_str()),
                            vec![TextEdit::new(ins.command.args_span, json)],
                        ));
                    }
                }
                out.push(d);
            }
            ends_with_shell[stage.index] = shell;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3025;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn fix_only_for_plain_commands() {
        let src = "FROM a:1\nENTRYPOINT nginx -g daemon-off\n";
        let d = run(&Dl3025, src);
        let fix = d[0].fix.as_ref().expect("plain words get a fix");
        assert_eq!(
            apply_edits(src, &fix.edits).unwrap(),
            "FROM a:1\nENTRYPOINT [\"nginx\", \"-g\", \"daemon-off\"]\n"
        );
        let d = run(&Dl3025, "FROM a:1\nCMD node $APP | tee log\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none(), "shell syntax: no mechanical fix");
        let d = run(&Dl3025, "FROM a:1\nCMD node \\\n  app.js\n");
        assert!(d[0].fix.is_none(), "continuation lines: no single-span fix");
    }

    #[test]
    fn explicit_shell_means_intended() {
        assert!(run(
            &Dl3025,
            "FROM a:1\nSHELL [\"pwsh\", \"-c\"]\nCMD Write-Host hi\n"
        )
        .is_empty());
        assert!(run(&Dl3025, "FROM a:1\nCMD [\"x\"]\n").is_empty());
    }

    #[test]
    fn healthcheck_cmd_in_shell_form() {
        let src = "FROM a:1\nHEALTHCHECK --interval=5s CMD probe --fast\nHEALTHCHECK CMD [\"probe\"]\nHEALTHCHECK NONE\n";
        let d = run(&Dl3025, src);
        assert_eq!(d.len(), 1, "{d:?}");
        let fix = d[0].fix.as_ref().expect("plain words get a fix");
        assert_eq!(
            apply_edits(src, &fix.edits).unwrap(),
            src.replace("CMD probe --fast", "CMD [\"probe\", \"--fast\"]")
        );
    }

    #[test]
    fn shell_inherited_from_the_local_base_stage() {
        let src = "FROM a:1 AS base\nSHELL [\"/bin/zsh\", \"-c\"]\nFROM base\nCMD serve now\nFROM a:1\nCMD serve now\n";
        let d = run(&Dl3025, src);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].span.start > src.rfind("FROM a:1").unwrap(),
            "only the stage without a SHELL"
        );
        // A SHELL after the CMD is not in effect for it.
        assert_eq!(
            run(
                &Dl3025,
                "FROM a:1\nCMD serve now\nSHELL [\"/bin/zsh\", \"-c\"]\n"
            )
            .len(),
            1
        );
    }
}
