//! DL3023: `COPY --from` names the stage it is in.

use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3023;

static META: RuleMeta = rule_meta! {
    id: "DL3023",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "COPY --from refers to its own stage",
    why: "A stage cannot copy from itself: the stage is not built yet while its own instructions run, \
so the builder stops with a dependency cycle. Usually the wrong stage name was pasted; files \
already in this stage can be moved with `RUN cp`. Besides the stage's name (compared without \
regard to case, as BuildKit does), shipshape also reports the stage's own index (`--from=1` in the \
second stage), which hadolint does not.",
    bad: "FROM golang:1.23 AS build\nCOPY --from=build /src/app /usr/local/bin/app\n",
    good: "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM alpine:3.20\nCOPY --from=build /out/app /usr/local/bin/app\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3023"],
};

impl Rule for Dl3023 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            let name = stage.name_lower();
            for ins in &stage.instructions {
                if ins.keyword() != Keyword::Copy {
                    continue;
                }
                let Some(flag) = ins.command.flag("from") else {
                    continue;
                };
                let Some(value) = flag.value() else {
                    continue;
                };
                let own_name = name == Some(value.to_ascii_lowercase().as_str());
                let own_index = value.parse::<usize>().ok() == Some(stage.index);
                if own_name || own_index {
                    out.push(Diagnostic::new(
                        flag.value_span.unwrap_or(flag.span),
                        format!("`COPY --from={value}` refers to the stage it is in; a stage cannot copy from itself"),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Dl3023;
    use crate::rules::run;

    #[test]
    fn names_indexes_and_other_stages() {
        assert_eq!(
            run(&Dl3023, "FROM a:1 AS Build\nCOPY --from=build /a /b\n").len(),
            1
        );
        assert_eq!(
            run(&Dl3023, "FROM a:1\nFROM b:1\nCOPY --from=1 /a /b\n").len(),
            1
        );
        assert!(run(&Dl3023, "FROM a:1\nFROM b:1\nCOPY --from=0 /a /b\n").is_empty());
        assert!(run(
            &Dl3023,
            "FROM a:1 AS x\nFROM b:1 AS y\nCOPY --from=x /a /b\n"
        )
        .is_empty());
        assert!(
            run(&Dl3023, "FROM a:1 AS x\nADD --from=x /a /b\n").is_empty(),
            "ADD has no --from"
        );
    }
}
