//! DL4001: a stage that downloads with both wget and curl.

use super::common::runs;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl4001;

static META: RuleMeta = rule_meta! {
    id: "DL4001",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Performance,
    enabled_by_default: true,
    summary: "Both wget and curl are used in one stage",
    why: "wget and curl do the same job. Using both means installing (or keeping) two download \
tools and their TLS dependencies in the image, and two sets of flags for retries, redirects and \
certificate handling to get right. Pick one.\n\n\
As in hadolint, the tools are counted per stage and the finding is on every RUN that uses one of \
them once both have appeared in the stage. Unlike hadolint, calls behind `sudo`, `env` or a path \
(`/usr/bin/curl`) count as well.",
    bad: "FROM debian:bookworm-slim\nRUN wget -q https://example.com/a.tar.gz\nRUN curl -fsSLO https://example.com/b.tar.gz\n",
    good: "FROM debian:bookworm-slim\nRUN curl -fsSLO https://example.com/a.tar.gz \\\n    && curl -fsSLO https://example.com/b.tar.gz\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL4001"],
};

impl Rule for Dl4001 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !(cx.called().any_program(&["curl"]) && cx.called().any_program(&["wget"])) {
            return;
        }
        let mut stage = None;
        let (mut curl, mut wget) = (false, false);
        for run in runs(cx).iter() {
            if run.stage != stage {
                stage = run.stage;
                (curl, wget) = (false, false);
            }
            let mut first = None;
            for c in run.commands() {
                let p = c.program_name();
                if matches!(p, Some("curl" | "wget")) {
                    curl |= p == Some("curl");
                    wget |= p == Some("wget");
                    first = first.or(c.named_view().name);
                }
            }
            if let (Some(word), true) = (first, curl && wget) {
                out.push(Diagnostic::new(
                    word.span,
                    "this stage downloads with both wget and curl; use one of them",
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl4001;
    use crate::rules::run;

    #[test]
    fn per_stage() {
        assert_eq!(run(&Dl4001, "FROM a:1\nRUN wget x && curl y\n").len(), 1);
        assert_eq!(
            run(
                &Dl4001,
                "FROM a:1\nRUN wget x\nRUN echo\nRUN curl y\nRUN curl z\n"
            )
            .len(),
            2
        );
        assert!(run(&Dl4001, "FROM a:1\nRUN wget x\nFROM b:1\nRUN curl y\n").is_empty());
        assert!(run(&Dl4001, "FROM a:1\nRUN curl x && curl y\n").is_empty());
    }
}
