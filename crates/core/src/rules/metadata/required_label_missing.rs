//! DL3049: Required label missing.

use super::common::labels_of;
use crate::dockerfile::model::Stage;
use crate::dockerfile::Keyword;
use crate::rules::{stage_chain, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use std::collections::HashSet;

pub struct Dl3049;

static DL3049: RuleMeta = rule_meta! {
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
                        && cmd.flag("from").and_then(|f| f.value()).is_some_and(refers))
                        || (ins.keyword() == Keyword::Run
                            && cmd.flags_named("mount").filter_map(|f| f.value()).any(|m| {
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

#[cfg(test)]
mod tests {
    use super::super::common::schema;
    use super::*;

    use crate::rules::{run, run_with};

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
}
