//! DL3022: `COPY --from` names no stage of this Dockerfile (a typo, or an image pulled by surprise).

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::dockerfile::Keyword;

pub struct Dl3022;

static META: RuleMeta = RuleMeta {
    id: "DL3022",
    aliases: &[],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "COPY --from refers to no stage of this Dockerfile",
    why: "When `--from=name` matches no stage, BuildKit silently treats `name` as an image to pull: a \
typo in a stage name becomes a registry request (and possibly somebody else's image). \
Values that look like image references (with `:`, `/` or `@`) and stage indexes are not reported. \
Unlike hadolint, a stage defined later in the file is accepted (BuildKit resolves it), and a named \
build context (`docker build --build-context name=...`, compose `additional_contexts`) is a \
legitimate source: when the workspace has a compose file declaring it, it is not reported.",
    bad: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=buid /app /app\n",
    good: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n",
    has_fix: false,
    files: &[],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3022"],
};

impl Rule for Dl3022 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for stage in &cx.model.stages {
            for ins in &stage.instructions {
                if ins.keyword() != Keyword::Copy {
                    continue;
                }
                let Some(flag) = ins.command.flag("from") else {
                    continue;
                };
                let Some(value) = flag.value.as_deref() else {
                    continue;
                };
                if value.is_empty()
                    || value.contains([':', '/', '@', '$'])
                    || value.bytes().all(|b| b.is_ascii_digit())
                {
                    continue;
                }
                if cx.model.stage_named(value).is_some() {
                    continue;
                }
                let names: Vec<String> = cx.model.stages.iter().filter_map(|s| s.name.map(|w| w.text.clone())).collect();
                let close = names
                    .iter()
                    .map(|n| (crate::dockerfile::levenshtein(&n.to_ascii_lowercase(), &value.to_ascii_lowercase()), n))
                    .filter(|(d, _)| *d <= 2)
                    .min()
                    .map(|(_, n)| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                out.push(Diagnostic::new(
                    flag.value_span.unwrap_or(flag.span),
                    format!("no stage is named `{value}`, so BuildKit will pull an image called `{value}`{close}"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl3022;

    #[test]
    fn stages_indexes_images_and_later_stages() {
        let d = run(&Dl3022, "FROM a:1 AS build\nFROM b:1\nCOPY --from=buidl /x /x\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("did you mean `build`"));
        assert!(run(&Dl3022, "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /x /x\n").is_empty());
        assert!(run(&Dl3022, "FROM a:1\nFROM b:1\nCOPY --from=0 /x /x\n").is_empty());
        assert!(run(&Dl3022, "FROM b:1\nCOPY --from=nginx:1.27 /x /x\n").is_empty());
        assert!(run(&Dl3022, "FROM b:1\nCOPY --from=ghcr.io/o/i /x /x\n").is_empty());
        assert!(run(&Dl3022, "FROM b:1 AS a\nCOPY --from=later /x /x\nFROM c:1 AS later\n").is_empty());
    }
}
