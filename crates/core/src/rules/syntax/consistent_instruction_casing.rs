//! ConsistentInstructionCasing: instruction keywords should all be upper- or all lowercase.

use crate::diagnostics::Fix;
use crate::dockerfile::{Args, Command, Keyword};
use crate::rules::{recase, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct ConsistentInstructionCasing;

static META: RuleMeta = rule_meta! {
    id: "ConsistentInstructionCasing",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Instruction keyword casing differs from the rest of the file",
    why: "Keywords are case-insensitive, but a file that mixes `RUN` and `run` is harder to scan. \
BuildKit reports keywords that do not match the majority casing; the fix recases them.",
    bad: "FROM alpine:3.20\nrun echo hi\nCMD [\"sh\"]\n",
    good: "FROM alpine:3.20\nRUN echo hi\nCMD [\"sh\"]\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/consistent-instruction-casing/"],
};

fn commands<'a>(cmd: &'a Command, out: &mut Vec<&'a Command>) {
    if cmd.keyword == Keyword::Unknown {
        return;
    }
    out.push(cmd);
    if let Args::Onbuild(inner) = &cmd.args {
        commands(inner, out);
    }
}

impl Rule for ConsistentInstructionCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let mut all = Vec::new();
        for ins in cx.dockerfile.instructions() {
            commands(&ins.command, &mut all);
        }
        let has = |name: &str, lower: bool| {
            name.bytes().any(|b| {
                if lower {
                    b.is_ascii_lowercase()
                } else {
                    b.is_ascii_uppercase()
                }
            })
        };
        // (A name is all upper case when it has no lower-case letter, and so on.)
        let upper = all.iter().filter(|c| !has(&c.name, true)).count();
        let lower = all.iter().filter(|c| !has(&c.name, false)).count();
        let majority_upper = upper >= lower;
        for c in all {
            if has(&c.name, majority_upper) {
                let want = recase(&c.name, majority_upper);
                let case = if majority_upper {
                    "uppercase"
                } else {
                    "lowercase"
                };
                out.push(
                    Diagnostic::new(
                        c.name_span,
                        format!(
                            "`{}` should match the casing of most instructions ({case})",
                            c.name
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Write `{want}`"),
                        vec![TextEdit::new(c.name_span, want)],
                    )),
                );
            }
        }
    }
}
