//! DL3024 / DuplicateStageName: two stages with the same name make `--from` and `--target` ambiguous.

use super::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3024;

static META: RuleMeta = RuleMeta {
    id: "DL3024",
    aliases: &["DuplicateStageName"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Two stages share a name",
    why: "Stage names are compared case-insensitively; BuildKit refuses a Dockerfile where two stages \
have the same name, because `COPY --from=name` and `--target name` could mean either.",
    bad: "FROM node:22 AS build\nRUN npm ci\nFROM node:22 AS BUILD\nRUN npm run build\n",
    good: "FROM node:22 AS deps\nRUN npm ci\nFROM node:22 AS build\nRUN npm run build\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3024",
        "https://docs.docker.com/reference/build-checks/duplicate-stage-name/",
    ],
};

impl Rule for Dl3024 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        for (i, stage) in cx.model.stages.iter().enumerate() {
            let (Some(name), Some(lower)) = (stage.name, stage.name_lower()) else {
                continue;
            };
            if let Some(first) = cx.model.stage_named(lower).filter(|f| f.index < i) {
                let line = first.from.start_line;
                out.push(Diagnostic::new(
                    name.span,
                    format!(
                        "stage name `{}` is already used by the stage on line {line}",
                        name.text
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use super::Dl3024;

    #[test]
    fn case_insensitive_and_points_at_the_second() {
        let src = "FROM a:1 AS x\nFROM b:1 AS X\nFROM c:1 AS y\n";
        let d = run(&Dl3024, src);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].span.slice(src), "X");
    }
}
