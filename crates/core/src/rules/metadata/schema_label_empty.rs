//! DL3051: Schema label has an empty value.

use super::common::all_labels;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3051;

static DL3051: RuleMeta = rule_meta! {
    id: "DL3051",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Schema label has an empty value",
    why:
        "A label the schema requires but set to `\"\"` satisfies the presence check while telling \
nobody anything. Like hadolint, only labels named in the label schema are checked: an empty \
value is the normal way to clear a label inherited from the base image. Values built from \
variables are only known at build time and are not reported.",
    bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"\"\n",
    good: "FROM alpine:3.20\nLABEL org.opencontainers.image.version=\"1.4.2\"\n",
    has_fix: false,
    files: &[(
        ".hadolint.yaml",
        "label-schema:\n  org.opencontainers.image.version: semver\n",
    )],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3051"],
};

impl Rule for Dl3051 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3051
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for l in all_labels(cx) {
            if !cx.config.label_schema.contains_key(&l.key)
                || l.dynamic
                || !l.value.trim().is_empty()
            {
                continue;
            }
            out.push(Diagnostic::new(
                l.pair.value.span.cover(l.pair.key.span),
                format!(
                    "label `{}` is empty; the label schema expects a value",
                    l.key
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::schema;
    use super::*;

    use crate::rules::run_with;

    #[test]
    fn empty_schema_labels() {
        let c = schema(&[("a", "text")], false);
        assert_eq!(run_with(&Dl3051, "FROM x:1\nLABEL a=\"\"\n", &c).len(), 1);
        assert_eq!(run_with(&Dl3051, "FROM x:1\nLABEL a=''\n", &c).len(), 1);
        assert!(
            run_with(&Dl3051, "FROM x:1\nLABEL other=\"\"\n", &c).is_empty(),
            "clearing an inherited label"
        );
        assert!(run_with(&Dl3051, "FROM x:1\nLABEL a=$VERSION\n", &c).is_empty());
        assert!(run_with(&Dl3051, "FROM x:1\nLABEL a=1\n", &c).is_empty());
    }
}
