//! DL4003 / DL4004 / DL3012 (BuildKit: MultipleInstructionsDisallowed): only the last CMD, ENTRYPOINT
//! or HEALTHCHECK of a stage has any effect.

use crate::diagnostics::Fix;
use crate::dockerfile::Keyword;
use crate::rules::{whole_lines, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct MultipleInstructions {
    keyword: Keyword,
    meta: &'static RuleMeta,
}

#[cfg_attr(not(feature = "docs"), allow(dead_code))] // only docs read it
const WHY: &str = "Only the last CMD, ENTRYPOINT or HEALTHCHECK in a stage takes effect; the earlier \
ones are dead code that misleads readers (and often hides a merge mistake). The fix deletes the earlier \
instruction, which changes nothing in the image. shipshape keeps hadolint's three codes as three rules \
that share BuildKit's name, so `# check=skip=MultipleInstructionsDisallowed` silences all three. \
As in BuildKit, the finding is on each instruction that a later one overrides (BuildKit reports \
the previous one because it is the one ignored); hadolint reports the later ones, which are the \
ones that take effect.";

static CMD: RuleMeta = rule_meta! {
    id: "DL4003",
    aliases: &["MultipleInstructionsDisallowed"],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "More than one CMD in a stage",
    why: WHY,
    bad: "FROM node:22-slim\nCMD [\"node\", \"a.js\"]\nCMD [\"node\", \"b.js\"]\n",
    good: "FROM node:22-slim\nCMD [\"node\", \"b.js\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL4003",
        "https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/validations.go",
    ],
};

static ENTRYPOINT: RuleMeta = rule_meta! {
    id: "DL4004",
    aliases: &["MultipleInstructionsDisallowed"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "More than one ENTRYPOINT in a stage",
    why: WHY,
    bad: "FROM node:22-slim\nENTRYPOINT [\"node\"]\nENTRYPOINT [\"npm\"]\n",
    good: "FROM node:22-slim\nENTRYPOINT [\"npm\"]\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL4004",
        "https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/validations.go",
    ],
};

static HEALTHCHECK: RuleMeta = rule_meta! {
    id: "DL3012",
    aliases: &["MultipleInstructionsDisallowed"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "More than one HEALTHCHECK in a stage",
    why: WHY,
    bad: "FROM nginx:1.27\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nHEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1\n",
    good: "FROM nginx:1.27\nHEALTHCHECK CMD wget -q --spider http://localhost/ || exit 1\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3012",
        "https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/validations.go",
    ],
};

pub static DL4003: MultipleInstructions = MultipleInstructions {
    keyword: Keyword::Cmd,
    meta: &CMD,
};
pub static DL4004: MultipleInstructions = MultipleInstructions {
    keyword: Keyword::Entrypoint,
    meta: &ENTRYPOINT,
};
pub static DL3012: MultipleInstructions = MultipleInstructions {
    keyword: Keyword::Healthcheck,
    meta: &HEALTHCHECK,
};

impl Rule for MultipleInstructions {
    fn meta(&self) -> &'static RuleMeta {
        self.meta
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let found: Vec<_> = stage
                .instructions
                .iter()
                .filter(|i| i.keyword() == self.keyword)
                .collect();
            let Some((last, earlier)) = found.split_last() else {
                continue;
            };
            for ins in earlier {
                let k = self.keyword.as_str();
                out.push(
                    Diagnostic::new(
                        ins.command.name_span,
                        format!(
                            "{k} is overridden by the {k} on line {} and has no effect",
                            last.start_line
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Delete this {k}"),
                        vec![TextEdit::new(whole_lines(cx.text, ins.span), "")],
                    )),
                );
            }
        }
    }
}
