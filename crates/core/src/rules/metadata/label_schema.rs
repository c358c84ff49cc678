//! DL3049 / DL3050 / DL3051: labels against the configured label schema (`label-schema` in
//! `.hadolint.yaml`): required labels present, no others with `strict-labels`, none empty.

use crate::diagnostics::Fix;
use crate::dockerfile::model::Stage;
use crate::dockerfile::words::unquote;
use crate::dockerfile::{closest, levenshtein, Args, Instruction, KeyValue, Keyword};
use crate::rules::{
    expanded_vars, stage_chain, whole_lines, Category, Context, Diagnostic, Rule, RuleMeta,
    Severity,
};
use crate::source::{Span, TextEdit};
use std::collections::HashSet;

/// One `key=value` of a LABEL instruction, unquoted.
pub(crate) struct Label<'a> {
    /// The LABEL instruction.
    pub ins: &'a Instruction,
    pub key: String,
    pub value: String,
    /// The value uses variables, so its text is only known at build time.
    pub dynamic: bool,
    pub pair: &'a KeyValue,
}

/// The labels an instruction sets (none unless it is a LABEL).
pub(crate) fn labels_of<'a>(ins: &'a Instruction, escape: char) -> Vec<Label<'a>> {
    if ins.keyword() != Keyword::Label {
        return Vec::new();
    }
    let Args::KeyValues(pairs) = &ins.command.args else {
        return Vec::new();
    };
    pairs
        .iter()
        .map(|p| Label {
            ins,
            key: unquote(&p.key.text, escape),
            value: unquote(&p.value.text, escape),
            dynamic: !expanded_vars(&p.value.text, escape).is_empty(),
            pair: p,
        })
        .collect()
}

/// Every label of the Dockerfile, in order.
pub(crate) fn all_labels<'a>(cx: &Context<'a>) -> Vec<Label<'a>> {
    cx.dockerfile
        .instructions()
        .flat_map(|i| labels_of(i, cx.dockerfile.escape))
        .collect()
}

pub struct Dl3049;
pub struct Dl3050;
pub struct Dl3051;

static DL3049: RuleMeta = RuleMeta {
    id: "DL3049",
    aliases: &[],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "Required label missing",
    why: "When the configuration has a label schema (`label-schema` in `.hadolint.yaml`, or \
`--require-label`), every label in it must be set on the images you ship, so that registries, \
scanners and people can find the source, version or owner. The finding is on the FROM of the \
stage that lacks the label; labels set in a stage this one is built on (`FROM base`) count.\n\n\
Which stages must carry the labels: like hadolint, stages only used as a `COPY --from` source \
(builders) are exempt. shipshape also exempts stages that serve as the base of another stage or as \
a `RUN --mount=from=` source, since they are not shipped themselves; the last stage is always \
checked. hadolint reports those intermediate base stages.",
    bad: "FROM alpine:3.20\nRUN apk add --no-cache ca-certificates\n",
    good: "FROM alpine:3.20\nLABEL org.opencontainers.image.source=\"https://github.com/example/app\"\nRUN apk add --no-cache ca-certificates\n",
    has_fix: false,
    files: &[(".hadolint.yaml", "label-schema:\n  org.opencontainers.image.source: url\n")],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3049"],
};

static DL3050: RuleMeta = RuleMeta {
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

static DL3051: RuleMeta = RuleMeta {
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

/// Whether a stage is only an ingredient of other stages (a base, a `COPY --from` or mount source).
fn consumed(cx: &Context<'_>, stage: &Stage<'_>) -> bool {
    let name = stage.name_lower();
    let refers = |v: &str| {
        let v = v.to_ascii_lowercase();
        name == Some(v.as_str()) || v.parse::<usize>().ok() == Some(stage.index)
    };
    cx.model
        .stages
        .iter()
        .filter(|s| s.index != stage.index)
        .any(|s| {
            crate::rules::parent_stage(cx.model, s).map(|p| p.index) == Some(stage.index)
                || s.instructions.iter().any(|ins| {
                    let cmd = &ins.command;
                    (ins.keyword() == Keyword::Copy
                        && cmd
                            .flag("from")
                            .and_then(|f| f.value.as_deref())
                            .is_some_and(refers))
                        || (ins.keyword() == Keyword::Run
                            && cmd
                                .flags_named("mount")
                                .filter_map(|f| f.value.as_deref())
                                .any(|m| {
                                    m.split(',')
                                        .filter_map(|kv| kv.split_once('='))
                                        .any(|(k, v)| k.trim() == "from" && refers(v.trim()))
                                }))
                })
        })
}

impl Rule for Dl3049 {
    fn meta(&self) -> &'static RuleMeta {
        &DL3049
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let schema = &cx.config.label_schema;
        if schema.is_empty() {
            return;
        }
        let last = cx.model.stages.len().saturating_sub(1);
        // A file without FROM has no image to label.
        for stage in cx.model.stages.iter().filter(|s| !s.anonymous) {
            if stage.index != last && consumed(cx, stage) {
                continue;
            }
            let present: HashSet<String> = stage_chain(cx.model, stage)
                .iter()
                .flat_map(|s| s.instructions.iter())
                .flat_map(|i| labels_of(i, cx.dockerfile.escape))
                .map(|l| l.key)
                .collect();
            let what = match stage.name {
                Some(n) => format!("stage `{}`", n.text),
                None => format!("stage {}", stage.index),
            };
            for required in schema.keys().filter(|k| !present.contains(*k)) {
                out.push(Diagnostic::new(
                    stage.from.command.name_span,
                    format!("{what} has no label `{required}`, which the label schema requires"),
                ));
            }
        }
    }
}

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
    use super::{Dl3049, Dl3050, Dl3051};
    use crate::config::Config;
    use crate::rules::{run, run_with};

    fn schema(pairs: &[(&str, &str)], strict: bool) -> Config {
        Config {
            label_schema: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            strict_labels: strict,
            ..Config::default()
        }
    }

    #[test]
    fn required_labels_per_shipped_stage() {
        let c = schema(&[("a", "text"), ("b", "text")], false);
        assert!(
            run(&Dl3049, "FROM x:1\n").is_empty(),
            "no schema, no findings"
        );
        assert_eq!(run_with(&Dl3049, "FROM x:1\nLABEL a=1\n", &c).len(), 1);
        assert!(run_with(&Dl3049, "FROM x:1\nLABEL a=1 b=2\n", &c).is_empty());
        // A builder copied from, and a base stage whose labels are inherited.
        let src = "FROM x:1 AS build\nRUN make\nFROM y:1 AS base\nLABEL a=1\nFROM base\nLABEL b=2\nCOPY --from=build /o /o\n";
        assert!(run_with(&Dl3049, src, &c).is_empty());
        // Two leaf stages: both ship (e.g. `--target`), both need the labels.
        let d = run_with(
            &Dl3049,
            "FROM x:1 AS one\nLABEL a=1 b=2\nFROM y:1 AS two\n",
            &c,
        );
        assert_eq!(d.len(), 2);
        assert!(d[0].message.contains("stage `two`"));
        assert!(run_with(&Dl3049, "FROM x:1\nRUN make\nFROM x:1\nRUN --mount=type=bind,from=0,target=/s true\nLABEL a=1 b=2\n", &c).is_empty());
    }

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
