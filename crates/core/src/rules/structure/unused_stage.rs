//! unused-stage: a stage that neither ships nor feeds a stage that does.

use crate::diagnostics::Fix;
use crate::dockerfile::{ItemKind, Keyword};
use crate::rules::{parent_stage, Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::{Span, TextEdit};

pub struct UnusedStage;

static META: RuleMeta = rule_meta! {
    id: "unused-stage",
    aliases: &["no-unreachable-stages"],
    severity: Severity::Info,
    category: Category::Style,
    enabled_by_default: true,
    summary: "A build stage is not used by the shipped image",
    why: "BuildKit builds only the target stage and what it needs: the stages it is built `FROM`, \
copies from (`COPY --from=`) or mounts (`RUN --mount=from=`). A stage nothing reaches is skipped \
by a plain `docker build`, so it is either dead code left behind by a refactoring, or a stage \
meant to be built on its own with `--target` (a `test`, `dev` or `lint` stage). The rule cannot \
see command lines, CI files or bake files, so it stays at info and says which of the two it \
is: a stage without a name cannot be selected with `--target` at all. Targets are the last \
stage and every stage a compose service in the workspace names as `build.target`. tally calls \
the same check `no-unreachable-stages` (at warning); its name works here as an alias.\n\n\
The fix (unsafe: a CI job may build the stage with `--target`) deletes the stage with the \
comment lines directly above it; it is not offered when a later `COPY --from=<number>` would \
then point to another stage.",
    bad: "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM golang:1.22 AS old-build\nRUN make\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n",
    good: "FROM golang:1.22 AS build\nRUN go build -o /app .\n\nFROM gcr.io/distroless/static\nCOPY --from=build /app /app\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://docs.docker.com/build/building/multi-stage/#stop-at-a-specific-build-stage",
        "https://docs.docker.com/build/buildkit/#overview",
    ],
};

/// `RUN --mount=...,from=<stage>` values of an instruction.
fn mount_sources(ins: &crate::dockerfile::Instruction) -> Vec<String> {
    ins.command
        .flags_named("mount")
        .filter_map(|f| f.value())
        .flat_map(|v| v.split(','))
        .filter_map(|kv| kv.split_once('='))
        .filter(|(k, _)| k.trim().eq_ignore_ascii_case("from"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string())
        .collect()
}

/// Indexes of the stages each stage needs.
fn dependencies(cx: &Context<'_>) -> Vec<Vec<usize>> {
    let model = cx.model;
    let n = model.stages.len();
    let lookup = |name: &str, before: usize| -> Option<usize> {
        if let Ok(i) = name.parse::<usize>() {
            return (i < n).then_some(i);
        }
        model
            .stage_before(name, before)
            .or_else(|| model.stage_named(name))
            .map(|s| s.index)
    };
    model
        .stages
        .iter()
        .map(|stage| {
            let mut deps = Vec::new();
            deps.extend(parent_stage(model, stage).map(|p| p.index));
            for ins in &stage.instructions {
                if ins.keyword() == Keyword::Copy {
                    if let Some(from) = ins.command.flag("from").and_then(|f| f.value()) {
                        deps.extend(lookup(from, stage.index));
                    }
                }
                if ins.keyword() == Keyword::Run {
                    for from in mount_sources(ins) {
                        deps.extend(lookup(&from, stage.index));
                    }
                }
            }
            deps
        })
        .collect()
}

/// Stages reachable from the targets: the last stage and the compose targets.
pub(super) fn used_stages(cx: &Context<'_>) -> Vec<bool> {
    let n = cx.model.stages.len();
    let deps = dependencies(cx);
    let mut used = vec![false; n];
    let mut todo: Vec<usize> = cx.shipped_stages();
    todo.extend(n.checked_sub(1));
    while let Some(i) = todo.pop() {
        if i < n && !used[i] {
            used[i] = true;
            todo.extend(deps[i].iter().copied());
        }
    }
    used
}

/// The bytes of stage `index`: its FROM line (with the comment lines directly above) up to the
/// next stage's header, or the end of the file.
fn stage_span(cx: &Context<'_>, index: usize) -> Span {
    let items = &cx.dockerfile.items;
    let header_start = |from_start: usize| -> usize {
        // Items are in file order and do not overlap: a binary search, not a scan per stage.
        let k = items.partition_point(|it| it.span.end <= from_start);
        if !items.get(k).is_some_and(|it| it.span.contains(from_start)) {
            return from_start;
        }
        let mut j = k;
        while j > 0 && matches!(items[j - 1].kind, ItemKind::Comment { .. }) {
            j -= 1;
        }
        // Comments that open the file (or follow the parser directives) describe the file.
        if j == 0 || matches!(items[j - 1].kind, ItemKind::Directive(_)) {
            j = k;
        }
        items[j].span.start
    };
    let stages = &cx.model.stages;
    let start = header_start(stages[index].from.span.start);
    let end = match stages.get(index + 1) {
        Some(next) => header_start(next.from.span.start),
        None => cx.text.len(),
    };
    Span::new(start, end.max(start))
}

impl Rule for UnusedStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let stages = &cx.model.stages;
        if stages.len() < 2 {
            return;
        }
        let used = used_stages(cx);
        // Numeric `--from` references to later stages would shift if a stage went away.
        let numeric_refs: Vec<(usize, usize)> = stages
            .iter()
            .flat_map(|s| s.instructions.iter().map(move |i| (s.index, *i)))
            .filter_map(|(si, ins)| {
                let from = ins.command.flag("from")?.value()?;
                Some((si, from.parse::<usize>().ok()?))
            })
            .collect();
        for (i, stage) in stages.iter().enumerate() {
            // A FROM without an image is a parse error, reported as such.
            if used[i] || stage.base.is_none() {
                continue;
            }
            let (span, message) = match stage.name {
                Some(name) => (
                    name.span,
                    format!(
                        "stage `{}` is not used by the final stage, a compose target or another stage: \
a plain build skips it; fine if it is built with `--target {}` (a test or dev stage), otherwise remove it",
                        name.text, name.text
                    ),
                ),
                None => (
                    stage.from.command.name_span,
                    "this stage has no name and no other stage uses it: a build skips it and `--target` \
cannot select it, so it is dead code"
                        .to_string(),
                ),
            };
            let mut d = Diagnostic::new(span, message);
            let shifts = numeric_refs.iter().any(|(si, to)| *si > i && *to > i);
            if !shifts {
                d = d.with_fix(Fix::unsafe_(
                    "Remove the stage",
                    vec![TextEdit::new(stage_span(cx, i), "")],
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::apply_edits;
    use crate::rules::{run, run_at};

    fn unused(src: &str) -> Vec<String> {
        run(&UnusedStage, src)
            .iter()
            .map(|d| d.span.slice(src).to_string())
            .collect()
    }

    #[test]
    fn every_kind_of_use() {
        let src = "FROM alpine:3.20 AS base\nFROM base AS build\nRUN make\n\
FROM alpine:3.20 AS cache\nFROM alpine:3.20 AS assets\nFROM alpine:3.20 AS test\nRUN make test\n\
FROM alpine:3.20\nCOPY --from=build /a /a\nRUN --mount=type=cache,target=/c,from=cache true\n\
RUN --mount=type=bind,from=assets,source=/x,target=/y true\n";
        assert_eq!(unused(src), ["test"]);
        assert!(run(&UnusedStage, src)[0].message.contains("--target test"));
        // By index, and stage names are case-insensitive.
        let src = "FROM alpine:3.20\nRUN a\nFROM alpine:3.20 AS Build\nFROM scratch\nCOPY --from=0 /a /a\nCOPY --from=build /b /b\n";
        assert!(unused(src).is_empty());
        assert!(unused("FROM alpine:3.20\nRUN true\n").is_empty());
    }

    #[test]
    fn unnamed_stages_are_dead_code() {
        let src = "FROM alpine:3.20\nRUN a\nFROM alpine:3.20\nRUN b\n";
        let d = run(&UnusedStage, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("dead code"));
        assert_eq!(d[0].span.start, 0);
        // A FROM without an image is a parse error, not an unused stage.
        assert!(
            unused("FROM\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=b /a /a\n")
                .is_empty()
        );
    }

    #[test]
    fn compose_targets_are_used() {
        let src = "FROM alpine:3.20 AS dev\nRUN a\nFROM alpine:3.20 AS prod\nRUN b\n";
        let out = run_at(&UnusedStage, "Dockerfile", src, &["dev".to_string()]);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(unused(src), ["dev"]);
    }

    #[test]
    fn the_fix_removes_the_stage_and_its_comments() {
        let src = "FROM alpine:3.20 AS build\nRUN a\n\n# Old pipeline.\n# Unused.\nFROM alpine:3.20 AS old\nRUN b\n\n# Runtime.\nFROM alpine:3.20\nCOPY --from=build /a /a\n";
        let d = run(&UnusedStage, src);
        assert_eq!(d.len(), 1);
        let out = apply_edits(src, &d[0].fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "FROM alpine:3.20 AS build\nRUN a\n\n# Runtime.\nFROM alpine:3.20\nCOPY --from=build /a /a\n"
        );
        // The last stage is never unused, so a removed stage always has a successor: numeric
        // references past it would shift.
        let src =
            "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=0 /x /x\n";
        let d = run(&UnusedStage, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_some(), "index 0 stays index 0");
        let src =
            "FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=1 /x /x\n";
        let d = run(&UnusedStage, src);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none(), "index 1 would become 0");
    }
}
