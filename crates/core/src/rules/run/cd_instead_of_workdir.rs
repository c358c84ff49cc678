//! DL3003: `cd` in RUN; WORKDIR says where the following instructions run.

use super::common::{instructions, runs};
use crate::diagnostics::Fix;
use crate::rules::{recase, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::shell::{Op, Origin};
use crate::source::{Span, TextEdit};

pub struct Dl3003;

static META: RuleMeta = rule_meta! {
    id: "DL3003",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "`cd` in RUN; use WORKDIR to change directory",
    why:
        "A `cd` lasts only until the end of its RUN: the next instruction is back in the previous \
directory, which is easy to forget when a later RUN or COPY uses a relative path, and a failing \
`cd` in a `;` list silently runs the rest in the wrong place. WORKDIR sets the directory for every \
following instruction, creates it when missing and is visible in the image history.\n\n\
As in hadolint, every `cd` counts, also inside subshells, `$(...)` and `RUN <<EOF` bodies. The fix \
(unsafe, because the directory now also applies to later instructions) turns a leading \
`cd /absolute/path && ...` into a WORKDIR before the RUN.",
    bad: "FROM node:22-slim\nCOPY . /app\nRUN cd /app && npm ci\n",
    good: "FROM node:22-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\n",
    has_fix: true,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3003"],
};

impl Rule for Dl3003 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.called().any_program(&["cd"]) {
            return;
        }
        let all = instructions(cx);
        for run in runs(cx).iter() {
            for script in run.command_scripts() {
                for (i, c) in script.commands.iter().enumerate() {
                    if c.program_name() != Some("cd") {
                        continue;
                    }
                    let Some(word) = c.named_view().name else {
                        continue;
                    };
                    let mut d = Diagnostic::new(
                        word.span,
                        "`cd` only lasts until the end of this RUN; set the directory with WORKDIR",
                    );
                    if i == 0 && script.origin == Origin::Shell && !run.onbuild {
                        if let Some(fix) = workdir_fix(cx, all[run.ins], script, c) {
                            d = d.with_fix(fix);
                        }
                    }
                    out.push(d);
                }
            }
        }
    }
}

/// `RUN cd /dir && rest` → `WORKDIR /dir` + `RUN rest`.
fn workdir_fix(
    cx: &Context<'_>,
    ins: &crate::dockerfile::Instruction,
    script: &crate::shell::Script,
    cd: &crate::shell::Cmd,
) -> Option<Fix> {
    if !ins.heredocs.is_empty()
        || cd.name.as_ref()?.text != "cd"
        || cd.is_nested()
        || cd.in_pipeline
        || cd.prev_op.is_some()
        || cd.next_op != Some(Op::And)
        || !cd.redirects.is_empty()
        || !cd.assignments.is_empty()
        || cd.args.len() != 1
    {
        return None;
    }
    let dir = &cd.args[0];
    let ok_char = |ch: char| ch.is_ascii_alphanumeric() || "/._-+@:,".contains(ch);
    if dir.has_expansion || !dir.text.starts_with('/') || !dir.text.chars().all(ok_char) {
        return None;
    }
    let next = script.commands.get(1)?;
    if next.is_nested() || next.prev_op != Some(Op::And) || next.span.start < cd.span.end {
        return None;
    }
    let line_start = cx.text[..ins.span.start].rfind('\n').map_or(0, |p| p + 1);
    let indent = &cx.text[line_start..ins.span.start];
    if !indent.trim().is_empty() {
        return None;
    }
    let upper = ins.command.name.chars().all(|ch| !ch.is_ascii_lowercase());
    Some(Fix::unsafe_(
        format!("Move `cd {}` into a WORKDIR", dir.text),
        vec![
            TextEdit::new(
                Span::empty(ins.span.start),
                format!("{} {}\n{indent}", recase("WORKDIR", upper), dir.text),
            ),
            TextEdit::new(Span::new(cd.span.start, next.span.start), ""),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::Dl3003;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn every_cd_counts() {
        assert_eq!(run(&Dl3003, "FROM a:1\nRUN cd /x && make\n").len(), 1);
        assert_eq!(
            run(&Dl3003, "FROM a:1\nRUN (cd x && make) && cd y\n").len(),
            2
        );
        assert_eq!(
            run(&Dl3003, "FROM a:1\nRUN <<EOF\ncd /x\nmake\nEOF\n").len(),
            1
        );
        assert!(run(&Dl3003, "FROM a:1\nRUN echo cd && make -C /x\n").is_empty());
    }

    #[test]
    fn workdir_fix() {
        let src = "FROM a:1\nRUN cd /usr/src/app && \\\n    make install\n";
        let d = run(&Dl3003, src);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1\nWORKDIR /usr/src/app\nRUN make install\n");
        assert!(run(&Dl3003, &out).is_empty());
        let src = "FROM a:1\nrun cd /x && make\n";
        let out = apply_edits(src, &run(&Dl3003, src)[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(out, "FROM a:1\nworkdir /x\nrun make\n");
        for no_fix in [
            "FROM a:1\nRUN cd x && make\n",
            "FROM a:1\nRUN cd $HOME && make\n",
            "FROM a:1\nRUN cd /x; make\n",
            "FROM a:1\nRUN make && cd /x\n",
            "FROM a:1\nRUN cd /x && if true; then make; fi\n",
        ] {
            assert!(
                run(&Dl3003, no_fix).iter().all(|d| d.fix.is_none()),
                "{no_fix}"
            );
        }
    }
}
