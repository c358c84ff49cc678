//! InvalidDefinitionDescription (experimental): a comment above a named stage or ARG should start with its name.

use crate::diagnostics::Fix;
use crate::dockerfile::{model::arg_decls, ItemKind, Keyword};
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct InvalidDefinitionDescription;

static META: RuleMeta = rule_meta! {
    id: "InvalidDefinitionDescription",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: false,
    summary: "Comment above a stage or ARG is not a `# <name> <description>` description",
    why: "BuildKit (experimental) reads the comment directly above `FROM ... AS name` or `ARG name` as \
that definition's description (shown by `docker buildx build --call outline`), but only when it starts \
with the name. Off by default, as in BuildKit; turn it on with `# check=experimental=InvalidDefinitionDescription`.\n\n\
The fix starts the comment with the name (or corrects the name's casing when the comment already \
starts with it). It is unsafe only in what it says: a comment that is not meant as a description \
(a TODO, a note) reads oddly with the name in front, and is better separated from the definition \
by an empty line.\n\nAs in BuildKit, the finding is on the ARG or FROM the comment describes; an ARG that declares several names is described by a comment starting with any of them; an empty `#` line ends the comment block, so a comment above it describes nothing.",
    bad: "# check=experimental=InvalidDefinitionDescription\n# compiles the server\nFROM golang:1.23 AS build\n",
    good: "# check=experimental=InvalidDefinitionDescription\n# build compiles the server\nFROM golang:1.23 AS build\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/invalid-definition-description/"],
};

impl Rule for InvalidDefinitionDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let items = &cx.dockerfile.items;
        for (i, item) in items.iter().enumerate() {
            let Some(ins) = cx.dockerfile.instruction(item) else {
                continue;
            };
            let names: Vec<String> = match ins.keyword() {
                Keyword::From => cx
                    .model
                    .stages
                    .iter()
                    .find(|s| std::ptr::eq(s.from, ins))
                    .and_then(|s| s.name)
                    // BuildKit lowercases stage names, descriptions included.
                    .map(|n| vec![n.text.to_ascii_lowercase()])
                    .unwrap_or_default(),
                Keyword::Arg => arg_decls(ins).into_iter().map(|a| a.name).collect(),
                _ => continue,
            };
            if names.is_empty() {
                continue;
            }
            // The description is the comment line directly above (an empty line in between
            // separates them; an empty `#` line ends the comment block, so nothing is described).
            let Some(prev) = i.checked_sub(1).and_then(|j| items.get(j)) else {
                continue;
            };
            let ItemKind::Comment { text } = prev.kind else {
                continue;
            };
            let comment: Span = text;
            let first = comment
                .slice(cx.text)
                .split_whitespace()
                .next()
                .unwrap_or("");
            if first.is_empty() || names.iter().any(|n| n == first) {
                continue;
            }
            let what = if ins.keyword() == Keyword::From {
                "stage"
            } else {
                "ARG"
            };
            let at = ins.command.name_span;
            if let [name] = names.as_slice() {
                let edit = if first.eq_ignore_ascii_case(name) {
                    let at = comment.start + comment.slice(cx.text).find(first).unwrap_or(0);
                    TextEdit::new(Span::new(at, at + first.len()), name.clone())
                } else {
                    TextEdit::insert(comment.start, format!("{name} "))
                };
                out.push(
                    Diagnostic::new(
                        at,
                        format!(
                            "the comment above {what} `{name}` should start with its name: `# {name} <description>`"
                        ),
                    )
                    .with_fix(Fix::unsafe_(
                        format!("Start the comment with `{name}`"),
                        vec![edit],
                    )),
                );
            } else {
                out.push(Diagnostic::new(
                    at,
                    format!(
                        "the comment above this ARG should start with one of its names ({}): `# <name> <description>`",
                        names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::InvalidDefinitionDescription;
    use crate::rules::run;

    fn fixed(src: &str) -> Vec<String> {
        run(&InvalidDefinitionDescription, src)
            .iter()
            .map(|d| crate::diagnostics::apply_edits(src, &d.fix.as_ref().unwrap().edits).unwrap())
            .collect()
    }

    #[test]
    fn stages_and_args_and_the_fix() {
        let src = "# the version\nARG VERSION=1\n# Build compiles\nFROM a:1 AS build\n# build2 is fine\nFROM a:1 AS build2\n";
        assert_eq!(
            fixed(src),
            [
                "# VERSION the version\nARG VERSION=1\n# Build compiles\nFROM a:1 AS build\n# build2 is fine\nFROM a:1 AS build2\n",
                "# the version\nARG VERSION=1\n# build compiles\nFROM a:1 AS build\n# build2 is fine\nFROM a:1 AS build2\n",
            ]
        );
        assert!(run(
            &InvalidDefinitionDescription,
            "# x\n\nFROM a:1 AS b\nARG A B\n"
        )
        .is_empty());
    }

    #[test]
    fn reported_on_the_definition_with_several_names_and_after_empty_comments() {
        let src = "FROM a:1
# the versions
ARG A=1 B=2
# B is fine too
ARG A=1 B=2
# a note
#
ARG C=3
";
        let found = run(&InvalidDefinitionDescription, src);
        assert_eq!(found.len(), 1, "{found:?}");
        // on the ARG keyword (line 3), not on the comment
        assert_eq!(found[0].span.slice(src), "ARG");
        assert_eq!(found[0].span.start, src.find("ARG A=1 B=2").unwrap());
        assert!(
            found[0].fix.is_none(),
            "which name to add is the author's call"
        );
        // A stage's name is lowercase for BuildKit: the description must use that spelling.
        assert_eq!(
            run(
                &InvalidDefinitionDescription,
                "# Base image\nFROM a:1 AS Base\n"
            )
            .len(),
            1
        );
        assert!(run(
            &InvalidDefinitionDescription,
            "# base image\nFROM a:1 AS Base\n"
        )
        .is_empty());
    }
}
