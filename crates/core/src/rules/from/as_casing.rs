//! FromAsCasing: the `AS` keyword should be cased like its `FROM`.

use crate::diagnostics::Fix;
use crate::dockerfile::Args;
use crate::rules::{recase, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::TextEdit;

pub struct FromAsCasing;

static META: RuleMeta = rule_meta! {
    id: "FromAsCasing",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "`AS` and `FROM` are cased differently",
    why: "`FROM image as name` mixes casings; BuildKit asks for `FROM ... AS` or `from ... as` so the \
file reads consistently. The fix recases `as` to match `FROM`.",
    bad: "FROM node:22 as build\nRUN npm ci\n",
    good: "FROM node:22 AS build\nRUN npm ci\n",
    has_fix: true,
    files: &[],
    references: &["https://docs.docker.com/reference/build-checks/from-as-casing/"],
};

impl Rule for FromAsCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in cx.model.stages.iter().filter(|s| !s.anonymous) {
            let Args::Words(words) = &stage.from.command.args else {
                continue;
            };
            let Some(as_word) = words
                .get(1)
                .filter(|w| words.len() == 3 && w.text.eq_ignore_ascii_case("as"))
            else {
                continue;
            };
            let from = &stage.from.command.name;
            let from_upper = from.to_ascii_uppercase() == *from;
            let from_lower = from.to_ascii_lowercase() == *from;
            let as_upper = as_word.text == "AS";
            let as_lower = as_word.text == "as";
            if (from_upper && !as_upper) || (from_lower && !as_lower) {
                let want = recase("as", from_upper);
                out.push(
                    Diagnostic::new(
                        as_word.span,
                        format!(
                            "`{}` and `{from}` keywords' casing do not match",
                            as_word.text
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Write `{want}`"),
                        vec![TextEdit::new(as_word.span, want)],
                    )),
                );
            }
        }
    }
}
