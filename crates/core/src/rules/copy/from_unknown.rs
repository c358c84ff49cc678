//! copy-from-unknown (hadolint DL3022): `COPY --from` names no stage, named build context or image reference.

use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};

pub struct Dl3022;

static META: RuleMeta = rule_meta! {
    id: "copy-from-unknown",
    aliases: &["DL3022"],
    severity: Severity::Warning,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "COPY --from refers to no stage, named build context or image",
    why: "When `--from=name` matches no stage, BuildKit silently treats `name` as an image to pull: a \
typo in a stage name becomes a registry request (and possibly somebody else's image). \
Values that look like image references (with `:`, `/` or `@`) are not reported, nor are stage \
indexes the file has (`--from=0`; an index past the last stage is reported, as BuildKit rejects \
it). `COPY --from` an image is documented Docker usage (hadolint asks for a `FROM` alias instead \
and still reports a reference without a tag, hadolint #197, #1124). \
Unlike hadolint, a stage defined later in the file is accepted: BuildKit registers every stage \
before it resolves `--from`, and its own tests copy from a later stage (failing only on a \
cycle). A named \
build context (`docker build --build-context name=...`, compose `additional_contexts`) is a \
legitimate source: when a compose file in the workspace declares it (`additional_contexts`) for a \
service that builds this Dockerfile, it is not reported. Plain names of well-known official images \
(`--from=nginx`, `--from=busybox`) are taken as images on purpose. This replaces hadolint's DL3022, \
which reports named contexts and later stages as errors; `DL3022` stays an alias.",
    bad: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=buid /app /app\n",
    good: "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/hadolint/hadolint/wiki/DL3022",
        "https://docs.docker.com/build/building/multi-stage/#use-an-external-image-as-a-stage",
        "https://docs.docker.com/reference/dockerfile/#copy---from",
        "https://docs.docker.com/reference/cli/docker/buildx/build/#build-context",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert.go",
        "https://github.com/moby/buildkit/blob/master/frontend/dockerfile/dockerfile2llb/convert_test.go",
        "https://github.com/hadolint/hadolint/issues/197",
        "https://github.com/hadolint/hadolint/issues/1124",
    ],
};

/// Official images people copy from on purpose (`COPY --from=nginx ...`).
const OFFICIAL_IMAGES: &[&str] = &[
    "alpine",
    "busybox",
    "debian",
    "ubuntu",
    "nginx",
    "httpd",
    "node",
    "python",
    "golang",
    "rust",
    "ruby",
    "php",
    "composer",
    "openjdk",
    "eclipse-temurin",
    "maven",
    "gradle",
    "postgres",
    "mysql",
    "mariadb",
    "redis",
    "mongo",
    "traefik",
    "caddy",
    "docker",
    "hello-world",
    "scratch",
    "tini",
    "haproxy",
];

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
                let Some(value) = flag.value() else {
                    continue;
                };
                if value.is_empty() || value.contains([':', '/', '@', '$']) {
                    continue;
                }
                if value.bytes().all(|b| b.is_ascii_digit()) {
                    // A stage index: fine when the file has that many stages (a snippet without
                    // FROM has none).
                    let real = cx.model.stages.iter().filter(|s| !s.anonymous).count();
                    if value.parse::<usize>().is_ok_and(|i| i < real) {
                        continue;
                    }
                    out.push(Diagnostic::new(
                        flag.value_span.unwrap_or(flag.span),
                        format!(
                            "`--from={value}` names stage {value}, but this file has {real} stage(s) (counted from 0)"
                        ),
                    ));
                    continue;
                }
                if cx.model.stage_named(value).is_some()
                    || cx.named_contexts.iter().any(|n| n == value)
                {
                    continue;
                }
                let names: Vec<String> = cx
                    .model
                    .stages
                    .iter()
                    .filter_map(|s| s.name.map(|w| w.text.clone()))
                    .chain(cx.named_contexts.iter().cloned())
                    .collect();
                let suggestion =
                    crate::dockerfile::closest(value, names.iter().map(String::as_str));
                if suggestion.is_none()
                    && OFFICIAL_IMAGES.contains(&value.to_ascii_lowercase().as_str())
                {
                    continue;
                }
                let close = suggestion
                    .map(|n| format!("; did you mean `{n}`?"))
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
    use super::Dl3022;
    use crate::rules::run;

    #[test]
    fn stages_indexes_images_and_later_stages() {
        let d = run(
            &Dl3022,
            "FROM a:1 AS build\nFROM b:1\nCOPY --from=buidl /x /x\n",
        );
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("did you mean `build`"));
        assert!(run(
            &Dl3022,
            "FROM a:1 AS Build\nFROM b:1\nCOPY --from=build /x /x\n"
        )
        .is_empty());
        assert!(run(&Dl3022, "FROM a:1\nFROM b:1\nCOPY --from=0 /x /x\n").is_empty());
        assert_eq!(
            run(&Dl3022, "FROM a:1\nFROM b:1\nCOPY --from=2 /x /x\n").len(),
            1
        );
        assert_eq!(
            run(&Dl3022, "COPY --from=0 /x /x\n").len(),
            1,
            "a snippet has no stage 0"
        );
        assert!(run(&Dl3022, "FROM b:1\nCOPY --from=nginx:1.27 /x /x\n").is_empty());
        assert!(run(&Dl3022, "FROM b:1\nCOPY --from=ghcr.io/o/i /x /x\n").is_empty());
        assert!(run(
            &Dl3022,
            "FROM b:1 AS a\nCOPY --from=later /x /x\nFROM c:1 AS later\n"
        )
        .is_empty());
        assert!(
            run(
                &Dl3022,
                "FROM b:1\nCOPY --from=nginx /etc/nginx /etc/nginx\n"
            )
            .is_empty(),
            "an official image"
        );
        assert_eq!(
            run(&Dl3022, "FROM b:1\nCOPY --from=packages /p /p\n").len(),
            1
        );
    }
}
