//! UndefinedArgInFrom: FROM uses a variable that no global ARG declares.

use crate::diagnostics::Fix;
use crate::dockerfile::model::{arg_decls, referenced_vars, AUTOMATIC_PLATFORM_ARGS};
use crate::dockerfile::{closest, Keyword};
use crate::rules::edits::{insert_line_above, insert_line_after};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct UndefinedArgInFrom;

static META: RuleMeta = rule_meta! {
    id: "UndefinedArgInFrom",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "FROM uses an ARG that is not declared before the first FROM",
    why:
        "Only ARGs declared before the first FROM (plus BuildKit's automatic platform ARGs such as \
`TARGETPLATFORM`) can be used in FROM. An ARG declared inside a stage is not visible to later FROM \
lines, so the variable expands to an empty string and the base image is wrong or invalid.\n\n\
Two fixes, both unsafe because the base image changes: when a stage above declares the ARG, its \
declaration (default included) is copied before the first FROM, where FROM can see it (the \
declaration in the stage stays: a stage only sees an ARG it declares itself). When the name is \
close to a global ARG or a platform ARG (`$TARGETARH`), the reference is corrected instead.",
    bad: "FROM alpine:3.20 AS base\nARG VERSION=3.20\nFROM alpine:${VERSION}\n",
    good: "ARG VERSION=3.20\nFROM alpine:3.20 AS base\nFROM alpine:${VERSION}\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/undefined-arg-in-from/"],
};

/// Where a new global ARG goes: after the last one, else above the first FROM (and the comment
/// block that describes it).
fn global_arg_edit(cx: &Context<'_>, decl: &str) -> Option<TextEdit> {
    if let Some(last) = cx
        .model
        .preamble
        .iter()
        .rev()
        .find(|i| i.keyword() == Keyword::Arg)
    {
        return Some(insert_line_after(cx.text, last, &format!("ARG {decl}")));
    }
    let first = cx.model.first_from()?;
    Some(insert_line_above(
        cx.dockerfile,
        cx.text,
        first,
        &format!("ARG {decl}"),
    ))
}

/// Edit renaming the variable `from` to `to` where the FROM word at `span` references it.
fn rename_reference(text: &str, span: Span, from: &str, to: &str) -> Option<TextEdit> {
    let src = span.slice(text);
    let b = src.as_bytes();
    let mut i = 0;
    while let Some(p) = src[i..].find('$').map(|p| p + i) {
        let name_at = if b.get(p + 1) == Some(&b'{') {
            p + 2
        } else {
            p + 1
        };
        let len = src[name_at..]
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        if &src[name_at..name_at + len] == from {
            let s = span.start + name_at;
            return Some(TextEdit::new(Span::new(s, s + len), to));
        }
        i = p + 1;
    }
    None
}

impl UndefinedArgInFrom {
    fn fix(&self, cx: &Context<'_>, stage_index: usize, var: &str, span: Span) -> Option<Fix> {
        // Declared inside a stage above: copy the declaration to the global scope.
        let decl = cx.model.stages[..stage_index]
            .iter()
            .flat_map(|s| s.instructions.iter())
            .filter(|i| i.keyword() == Keyword::Arg)
            .flat_map(|i| arg_decls(i))
            .rfind(|d| d.name == var);
        if let Some(d) = decl {
            let written = d.span.slice(cx.text);
            if !written.contains(['\n', '\\']) {
                let edit = global_arg_edit(cx, written)?;
                return Some(Fix::unsafe_(
                    format!("Declare `ARG {written}` before the first FROM"),
                    vec![edit],
                ));
            }
        }
        let known = cx
            .model
            .global_args
            .iter()
            .map(|a| a.name.as_str())
            .chain(AUTOMATIC_PLATFORM_ARGS.iter().copied());
        let other = closest(var, known)?;
        let edit = rename_reference(cx.text, span, var, other)?;
        Some(Fix::unsafe_(format!("Use `{other}`"), vec![edit]))
    }
}

impl Rule for UndefinedArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let cmd = &stage.from.command;
            let mut check = |text: &str, span: Span| {
                for v in referenced_vars(text) {
                    if !cx.model.is_global_arg(&v) {
                        let mut d = Diagnostic::new(
                            span,
                            format!("FROM uses `{v}`, which is not declared by an ARG before the first FROM"),
                        );
                        d.fix = self.fix(cx, stage.index, &v, span);
                        out.push(d);
                    }
                }
            };
            if let Some(base) = stage.base {
                check(&base.text, base.span);
            }
            for f in &cmd.flags {
                if let (Some(v), Some(span)) = (f.value(), f.value_span) {
                    check(v, span);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UndefinedArgInFrom;
    use crate::diagnostics::apply_edits;
    use crate::rules::run;

    #[test]
    fn global_and_automatic_args() {
        assert!(run(&UndefinedArgInFrom, "ARG V=1\nFROM a:${V}\n").is_empty());
        assert!(run(&UndefinedArgInFrom, "FROM --platform=$BUILDPLATFORM a:1\n").is_empty());
        let d = run(&UndefinedArgInFrom, "FROM --platform=$PLATFROM a:1\n");
        assert_eq!(d.len(), 1);
        let d = run(&UndefinedArgInFrom, "FROM a:1\nARG V=1\nFROM b:${V:-2}\n");
        assert_eq!(d.len(), 1, "ARG inside a stage is not global");
    }

    fn fixed(src: &str) -> Option<String> {
        let d = run(&UndefinedArgInFrom, src);
        let fix = d.first()?.fix.as_ref()?;
        Some(apply_edits(src, &fix.edits).unwrap())
    }

    #[test]
    fn fix_declares_the_stage_arg_globally() {
        assert_eq!(
            fixed("# syntax=docker/dockerfile:1\n# build stage\nFROM a:1 AS build\nARG V=\"1 2\"\nFROM b:${V}\n").unwrap(),
            "# syntax=docker/dockerfile:1\nARG V=\"1 2\"\n# build stage\nFROM a:1 AS build\nARG V=\"1 2\"\nFROM b:${V}\n"
        );
        assert_eq!(
            fixed("ARG A=1\nFROM a:$A\nARG V\nFROM b:$V\n").unwrap(),
            "ARG A=1\nARG V\nFROM a:$A\nARG V\nFROM b:$V\n"
        );
        let out = fixed("FROM a:1\nARG V=1\nFROM b:${V}\n").unwrap();
        assert!(run(&UndefinedArgInFrom, &out).is_empty(), "{out}");
    }

    #[test]
    fn fix_corrects_a_misspelt_name() {
        assert_eq!(
            fixed("FROM --platform=$BUILDPLATFROM a:1\n").unwrap(),
            "FROM --platform=$BUILDPLATFORM a:1\n"
        );
        assert_eq!(
            fixed("ARG VERSION=1\nFROM a:${VERSOIN:-2}\n").unwrap(),
            "ARG VERSION=1\nFROM a:${VERSION:-2}\n"
        );
        assert_eq!(fixed("FROM a:${NOTHING_LIKE_IT}\n"), None);
    }
}
