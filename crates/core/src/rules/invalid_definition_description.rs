//! InvalidDefinitionDescription (experimental): a comment above a named stage or ARG should start with its name.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::{model::arg_decls, ItemKind, Keyword};
use crate::source::Span;

pub struct InvalidDefinitionDescription;

static META: RuleMeta = RuleMeta {
    id: "InvalidDefinitionDescription",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: false,
    summary: "Comment above a stage or ARG is not a `# <name> <description>` description",
    why: "BuildKit (experimental) reads the comment directly above `FROM ... AS name` or `ARG name` as \
that definition's description (shown by `docker buildx build --call outline`), but only when it starts \
with the name. Off by default, as in BuildKit; turn it on with `# check=experimental=InvalidDefinitionDescription`.",
    bad: "# check=experimental=InvalidDefinitionDescription\n# compiles the server\nFROM golang:1.23 AS build\n",
    good: "# check=experimental=InvalidDefinitionDescription\n# build compiles the server\nFROM golang:1.23 AS build\n",
    has_fix: false,
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
            let ItemKind::Instruction(ins) = &item.kind else {
                continue;
            };
            let names: Vec<String> = match ins.keyword() {
                Keyword::From => cx
                    .model
                    .stages
                    .iter()
                    .find(|s| std::ptr::eq(s.from, &**ins))
                    .and_then(|s| s.name)
                    .map(|n| vec![n.text.clone()])
                    .unwrap_or_default(),
                Keyword::Arg => arg_decls(ins).into_iter().map(|a| a.name).collect(),
                _ => continue,
            };
            if names.len() != 1 {
                continue;
            }
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
            if first != names[0] {
                out.push(Diagnostic::new(
                    comment,
                    format!(
                        "the comment above `{}` should start with its name: `# {} <description>`",
                        names[0], names[0]
                    ),
                ));
            }
        }
    }
}
