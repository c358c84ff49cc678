//! DL3050: Label not in the label schema (strict labels).

use super::common::{all_labels, Label};
use crate::diagnostics::Fix;
use crate::dockerfile::{closest, levenshtein, Args};
use crate::rules::{whole_lines, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct Dl3050;

static DL3050: RuleMeta = rule_meta! {
    id: "DL3050",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Label not in the label schema (strict labels)",
    why: "With `strict-labels: true` the label schema is the complete list of allowed labels; any \
other label is reported, which catches typos in label names and ad-hoc labels that nobody reads. \
Without `strict-labels` the rule is silent. Unlike hadolint, which reports once per LABEL \
instruction, each superfluous key is reported; keys built from variables are skipped.\n\n\
The fix (unsafe: the image's labels change) renames the key when it is a near miss of a schema \
label (`org.opencontainers.image.sorce`), and otherwise removes the label: the pair from a \
one-line LABEL, or the whole instruction when it sets nothing else.",
    bad: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\" team=payments\n",
    good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\n",
    has_fix: true,
    files: &[(".hadolint.yaml", "label-schema:\n  org.opencontainers.image.source: url\nstrict-labels: true\n")],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3050"],
};

/// A fix removing one label: its pair from a one-line LABEL, or the instruction when it is the only pair.
fn remove_label(cx: &Context<'_>, l: &Label<'_>) -> Option<Fix> {
    let Args::KeyValues(pairs) = &l.ins.command.args else {
        return None;
    };
    let i = pairs.iter().position(|p| std::ptr::eq(p, l.pair))?;
    let span = if pairs.len() == 1 {
        whole_lines(cx.text, l.ins.span)
    } else if i > 0 {
        Span::new(
            pairs[i - 1].value.span.end,
            l.pair.value.span.end.max(l.pair.key.span.end),
        )
    } else {
        Span::new(l.pair.key.span.start, pairs[1].key.span.start)
    };
    if pairs.len() > 1 && span.slice(cx.text).contains(['\n', '\r']) {
        return None;
    }
    Some(Fix::unsafe_(
        format!("Remove the label `{}`", l.key),
        vec![TextEdit::new(span, "")],
    ))
}

impl Rule for Dl3050 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3050
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        if !cx.config.strict_labels {
            return;
        }
        let labels = all_labels(cx);
        for l in &labels {
            if l.key.contains('$') || cx.config.label_schema.contains_key(&l.key) {
                continue;
            }
            let mut d = Diagnostic::new(
                l.pair.key.span,
                format!(
                    "label `{}` is not in the label schema, and strict labels allow no others",
                    l.key
                ),
            );
            // A near miss of a schema label that the file does not set otherwise: a typo.
            let near = closest(&l.key, cx.config.label_schema.keys().map(String::as_str))
                .filter(|k| levenshtein(&l.key, k) <= 2)
                .filter(|k| !labels.iter().any(|o| o.key == *k));
            d.fix = match near {
                Some(k) if l.pair.key.span.slice(cx.text) == l.key => Some(Fix::unsafe_(
                    format!("Rename to `{k}`"),
                    vec![TextEdit::new(l.pair.key.span, k)],
                )),
                _ => remove_label(cx, l),
            };
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::schema;
    use super::*;

    use crate::rules::run_with;

    #[test]
    fn strict_labels() {
        let src = "FROM x:1\nLABEL a=1 extra=2\n";
        assert!(run_with(&Dl3050, src, &schema(&[("a", "text")], false)).is_empty());
        let d = run_with(&Dl3050, src, &schema(&[("a", "text")], true));
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("`extra`"));
    }

    #[test]
    fn strict_labels_fix_renames_typos_or_removes() {
        let c = schema(
            &[("org.opencontainers.image.source", "url"), ("a", "text")],
            true,
        );
        let fixed = |src: &str| -> Vec<String> {
            run_with(&Dl3050, src, &c)
                .iter()
                .map(|d| {
                    crate::diagnostics::apply_edits(src, &d.fix.as_ref().unwrap().edits).unwrap()
                })
                .collect()
        };
        assert_eq!(
            fixed("FROM x:1\nLABEL org.opencontainers.image.sorce=u a=1\n"),
            ["FROM x:1\nLABEL org.opencontainers.image.source=u a=1\n"]
        );
        assert_eq!(
            fixed("FROM x:1\nLABEL team=x a=1 extra=\"y z\"\nLABEL b=2\n"),
            [
                "FROM x:1\nLABEL a=1 extra=\"y z\"\nLABEL b=2\n",
                "FROM x:1\nLABEL team=x a=1\nLABEL b=2\n",
                "FROM x:1\nLABEL team=x a=1 extra=\"y z\"\n",
            ]
        );
        // Already set: the near miss is removed, not renamed into a second value.
        assert_eq!(
            fixed("FROM x:1\nLABEL a=1 b=2\n"),
            ["FROM x:1\nLABEL a=1\n"]
        );
        // Across a continuation only the whole instruction could go: no fix.
        assert!(
            run_with(&Dl3050, "FROM x:1\nLABEL a=1 \\\n  team=x\n", &c)[0]
                .fix
                .is_none()
        );
    }
}
