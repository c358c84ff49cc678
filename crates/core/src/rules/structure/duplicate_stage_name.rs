//! DL3024 / DuplicateStageName: two stages with the same name make `--from` and `--target` ambiguous.

use crate::diagnostics::Fix;
use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct Dl3024;

static META: RuleMeta = rule_meta! {
    id: "DL3024",
    aliases: &["DuplicateStageName"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Two stages share a name",
    why: "Stage names are compared case-insensitively; BuildKit refuses a Dockerfile where two stages \
have the same name, because `COPY --from=name` and `--target name` could mean either.\n\n\
The fix (unsafe) renames the later stage to `<name>-2` (or the next free number) together with the \
references that follow it (`FROM name`, `COPY --from=name`, `RUN --mount=from=name`), which \
shipshape reads as meaning the nearest stage of that name above them; references between the two \
stages keep pointing at the first. A `--target` given outside the file (a compose `target:`, a CI \
script) must be updated by hand.",
    bad: "FROM node:22 AS build\nRUN npm ci\nFROM node:22 AS BUILD\nRUN npm run build\n",
    good: "FROM node:22 AS deps\nRUN npm ci\nFROM node:22 AS build\nRUN npm run build\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3024",
        "https://docs.docker.com/reference/build-checks/duplicate-stage-name/",
    ],
};

/// Edits renaming the stage at `index` to `new` and every reference to it after it, or `None` when a
/// reference is not written plainly (quotes, variables) and cannot be renamed exactly.
fn rename(cx: &Context<'_>, index: usize, new: &str) -> Option<Vec<TextEdit>> {
    let stage = &cx.model.stages[index];
    let name = stage.name?;
    let lower = stage.name_lower()?;
    let mut edits = vec![TextEdit::new(name.span, new)];
    // The source text of `span` when it says exactly `lower` (case aside).
    let names_it = |span: Span| span.slice(cx.text).eq_ignore_ascii_case(lower);
    for later in &cx.model.stages[index + 1..] {
        // A later stage of the same name takes over the references after it.
        if later.name_lower() == Some(lower) {
            break;
        }
        if let Some(base) = later.base {
            if base.text.eq_ignore_ascii_case(lower) {
                if !names_it(base.span) {
                    return None;
                }
                edits.push(TextEdit::new(base.span, new));
            }
        }
        for ins in &later.instructions {
            match ins.keyword() {
                Keyword::Copy => {
                    if let Some(f) = ins.command.flag("from") {
                        if f.value().is_some_and(|v| v.eq_ignore_ascii_case(lower)) {
                            let span = f.value_span.filter(|s| names_it(*s))?;
                            edits.push(TextEdit::new(span, new));
                        }
                    }
                }
                Keyword::Run => {
                    for f in ins.command.flags_named("mount") {
                        let (Some(v), Some(vs)) = (f.value(), f.value_span) else {
                            continue;
                        };
                        let mut at = 0;
                        for field in v.split(',') {
                            let start = at + field.len() - field.trim_start().len();
                            at += field.len() + 1;
                            let Some((key, val)) = field.trim().split_once('=') else {
                                continue;
                            };
                            if !key.eq_ignore_ascii_case("from") || !val.eq_ignore_ascii_case(lower)
                            {
                                continue;
                            }
                            if vs.slice(cx.text) != v {
                                return None;
                            }
                            let s = vs.start + start + "from=".len();
                            edits.push(TextEdit::new(Span::new(s, s + val.len()), new));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    Some(edits)
}

impl Rule for Dl3024 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (i, stage) in cx.model.stages.iter().enumerate() {
            let (Some(name), Some(lower)) = (stage.name, stage.name_lower()) else {
                continue;
            };
            if let Some(first) = cx.model.stage_named(lower).filter(|f| f.index < i) {
                let line = first.from.start_line;
                let mut d = Diagnostic::new(
                    name.span,
                    format!(
                        "stage name `{}` is already used by the stage on line {line}",
                        name.text
                    ),
                );
                let free = (2..)
                    .map(|n| format!("{}-{n}", name.text))
                    .find(|c| cx.model.stage_named(&c.to_ascii_lowercase()).is_none())
                    .unwrap_or_default();
                if let Some(edits) = rename(cx, i, &free) {
                    let refs = edits.len() - 1;
                    let title = match refs {
                        0 => format!("Rename this stage to `{free}`"),
                        1 => format!("Rename this stage and the reference after it to `{free}`"),
                        n => {
                            format!("Rename this stage and the {n} references after it to `{free}`")
                        }
                    };
                    d = d.with_fix(Fix::unsafe_(title, edits));
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3024;
    use crate::rules::run;

    #[test]
    fn case_insensitive_and_points_at_the_second() {
        let src = "FROM a:1 AS x\nFROM b:1 AS X\nFROM c:1 AS y\n";
        let d = run(&Dl3024, src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.slice(src), "X");
    }

    fn fixed(src: &str) -> Option<String> {
        let d = run(&Dl3024, src);
        let fix = d.first()?.fix.as_ref()?;
        Some(crate::diagnostics::apply_edits(src, &fix.edits).unwrap())
    }

    #[test]
    fn fix_renames_the_later_stage_and_what_follows_it() {
        let src = "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\nFROM c:1 AS Build\nRUN x\n\
FROM build AS test\nCOPY --from=BUILD /y /y\nRUN --mount=type=cache,target=/c --mount=type=bind,from=build,target=/s true\n";
        let out = fixed(src).unwrap();
        assert_eq!(
            out,
            "FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\nFROM c:1 AS Build-2\nRUN x\n\
FROM Build-2 AS test\nCOPY --from=Build-2 /y /y\nRUN --mount=type=cache,target=/c --mount=type=bind,from=Build-2,target=/s true\n"
        );
        assert!(run(&Dl3024, &out).is_empty());
        // The next free number.
        let out = fixed("FROM a:1 AS x\nFROM b:1 AS x-2\nFROM c:1 AS x\n").unwrap();
        assert!(out.ends_with("AS x-3\n"), "{out}");
        // A quoted reference cannot be renamed exactly: no fix rather than a half rename.
        assert_eq!(
            fixed("FROM a:1 AS x\nFROM b:1 AS x\nFROM c:1\nCOPY --from=\"x\" /a /a\n"),
            None
        );
        // Inside the renamed stage itself a reference means the first one (a stage cannot use itself).
        assert_eq!(
            fixed("FROM a:1 AS x\nFROM b:1 AS x\nCOPY --from=x /a /a\n").unwrap(),
            "FROM a:1 AS x\nFROM b:1 AS x-2\nCOPY --from=x /a /a\n"
        );
    }
}
