//! DL3026: base images may only come from the registries the configuration trusts.

use crate::dockerfile::model::ImageRef;
use crate::dockerfile::Keyword;
use crate::rules::{Category, Context, Diagnostic, Rule, RuleMeta, Severity};
use crate::source::Span;

pub struct Dl3026;

static META: RuleMeta = rule_meta! {
    id: "DL3026",
    aliases: &[],
    severity: Severity::Error,
    category: Category::Security,
    enabled_by_default: true,
    summary: "Image from a registry that is not trusted",
    why: "Organisations often require images to come from a vetted mirror or their own registry. \
The rule is active only when trusted registries are configured (`trustedRegistries` in \
`.hadolint.yaml`, or `--trusted-registry`); every image the build pulls must then come from one of \
them: FROM images, and, as in hadolint 2.15, images named by `COPY --from=` and \
`RUN --mount=from=`. Names without a registry (`node:22`) come from Docker Hub, spelled \
`docker.io`. A pattern may use `*` as a wildcard (`*.gcr.io` matches `eu.gcr.io` but not \
`gcr.io`). Stage names and `scratch` are not images and are never reported, and `FROM ${BASE}` is \
checked with the ARG's default value.\n\n\
Unlike hadolint, shipshape treats `docker.io`, `index.docker.io`, `registry-1.docker.io` and \
`hub.docker.com` as the same registry both in patterns and in image names, so trusting \
`hub.docker.com` also accepts `docker.io/library/alpine`; and `COPY --from=` a stage index \
(`--from=0`) or a stage defined further down is not mistaken for an image.",
    bad: "FROM quay.io/prometheus/node-exporter:v1.8.2\n",
    good: "FROM registry.example.com/mirror/node-exporter:v1.8.2 AS exporter\nFROM exporter\n",
    has_fix: false,
    files: &[(
        ".hadolint.yaml",
        "trustedRegistries:\n  - docker.io\n  - registry.example.com\n",
    )],
    references: &["https://github.com/hadolint/hadolint/wiki/DL3026"],
};

const DOCKER_HUB: &[&str] = &[
    "docker.io",
    "index.docker.io",
    "registry-1.docker.io",
    "registry.hub.docker.com",
    "hub.docker.com",
];

/// Lower-cased, with Docker Hub's several names folded into `docker.io`.
fn normalize(registry: &str) -> String {
    let r = registry.to_ascii_lowercase();
    if DOCKER_HUB.contains(&r.as_str()) {
        "docker.io".to_string()
    } else {
        r
    }
}

/// `*` matches any run of characters; everything else literally.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, tail)) => {
            let Some(rest) = text.strip_prefix(head) else {
                return false;
            };
            (0..=rest.len())
                .filter(|&i| rest.is_char_boundary(i))
                .any(|i| glob(tail, &rest[i..]))
        }
    }
}

pub(crate) fn trusted(registry: &str, patterns: &[String]) -> bool {
    let r = normalize(registry);
    patterns.iter().any(|p| glob(&normalize(p.trim()), &r))
}

/// A finding when `image` (a reference as written, variables resolved) is from an untrusted registry.
fn untrusted(image_text: &str, span: Span, patterns: &[String]) -> Option<Diagnostic> {
    let image = ImageRef::parse(image_text);
    if image.is_scratch() {
        return None;
    }
    let registry = image.registry.as_deref().unwrap_or("docker.io");
    if trusted(registry, patterns) {
        return None;
    }
    Some(Diagnostic::new(
        span,
        format!(
            "`{image_text}` comes from `{registry}`, which is not a trusted registry (trusted: {})",
            patterns.join(", ")
        ),
    ))
}

impl Rule for Dl3026 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
    fn check(&self, cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
        let patterns = &cx.config.trusted_registries;
        if patterns.is_empty() {
            return;
        }
        let names: Vec<String> = cx
            .model
            .stages
            .iter()
            .filter_map(|s| s.name_lower().map(str::to_string))
            .collect();
        for stage in &cx.model.stages {
            if let (Some(base), Some(resolved)) = (stage.base, stage.base_resolved.as_deref()) {
                let lower = resolved.to_ascii_lowercase();
                let earlier_stage = cx.model.stage_before(&lower, stage.index).is_some();
                if !resolved.is_empty() && !resolved.contains('$') && !earlier_stage {
                    out.extend(untrusted(resolved, base.span, patterns));
                }
            }
            // Images pulled by `COPY --from=image` and `RUN --mount=from=image`.
            for ins in &stage.instructions {
                let sources: Vec<(String, Span)> = match ins.keyword() {
                    Keyword::Copy => ins
                        .command
                        .flag("from")
                        .and_then(|f| {
                            Some((f.value()?.to_string(), f.value_span.unwrap_or(f.span)))
                        })
                        .into_iter()
                        .collect(),
                    Keyword::Run => ins
                        .command
                        .flags_named("mount")
                        .filter_map(|f| {
                            let v = f.value()?;
                            let from = v
                                .split(',')
                                .find_map(|kv| kv.trim().strip_prefix("from="))?;
                            Some((from.to_string(), f.value_span.unwrap_or(f.span)))
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                for (value, span) in sources {
                    let is_stage = names.contains(&value.to_ascii_lowercase());
                    let is_index = !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
                    if value.is_empty() || value.contains('$') || is_stage || is_index {
                        continue;
                    }
                    out.extend(untrusted(&value, span, patterns));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{glob, Dl3026};
    use crate::config::Config;
    use crate::rules::{run, run_with};

    fn with(registries: &[&str]) -> Config {
        Config {
            trusted_registries: registries.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        }
    }

    #[test]
    fn off_without_configuration() {
        assert!(run(&Dl3026, "FROM quay.io/a/b:1\n").is_empty());
    }

    #[test]
    fn docker_hub_names_stages_and_scratch() {
        let hub = with(&["docker.io"]);
        assert!(run_with(
            &Dl3026,
            "FROM alpine:3\nFROM docker.io/library/alpine:3\n",
            &hub
        )
        .is_empty());
        assert!(run_with(
            &Dl3026,
            "FROM gcr.io/x/y:1 AS b\nFROM b\nFROM scratch\n",
            &with(&["gcr.io"])
        )
        .is_empty());
        assert_eq!(run_with(&Dl3026, "FROM gcr.io/x/y:1\n", &hub).len(), 1);
        let d = run_with(&Dl3026, "FROM alpine:3\n", &with(&["gcr.io"]));
        assert!(d[0].message.contains("docker.io"), "{}", d[0].message);
        assert!(run_with(
            &Dl3026,
            "FROM docker.io/alpine:3\n",
            &with(&["hub.docker.com"])
        )
        .is_empty());
        assert!(run_with(&Dl3026, "ARG B=gcr.io/x:1\nFROM ${B}\n", &with(&["gcr.io"])).is_empty());
        assert_eq!(
            run_with(
                &Dl3026,
                "ARG B=quay.io/x:1\nFROM ${B}\n",
                &with(&["gcr.io"])
            )
            .len(),
            1
        );
        assert!(run_with(
            &Dl3026,
            "FROM localhost:5000/x:1\n",
            &with(&["localhost:5000"])
        )
        .is_empty());
    }

    #[test]
    fn images_pulled_by_copy_and_mounts() {
        let src = "FROM gcr.io/a:1 AS b\nCOPY --from=nginx /a /a\nCOPY --from=B /a /a\nCOPY --from=0 /a /a\n\
COPY --from=later /a /a\nCOPY --from=gcr.io/x:1 /a /a\nRUN --mount=type=bind,from=quay.io/q:1,target=/x true\n\
RUN --mount=type=cache,target=/y true\nFROM gcr.io/c:1 AS later\n";
        let d = run_with(&Dl3026, src, &with(&["gcr.io"]));
        let found: Vec<&str> = d
            .iter()
            .map(|d| d.message.split('`').nth(1).unwrap())
            .collect();
        assert_eq!(found, ["nginx", "quay.io/q:1"]);
    }

    #[test]
    fn wildcards() {
        let c = with(&["*.gcr.io"]);
        assert!(run_with(&Dl3026, "FROM eu.gcr.io/x/y:1\n", &c).is_empty());
        assert_eq!(run_with(&Dl3026, "FROM gcr.io/x/y:1\n", &c).len(), 1);
        assert!(glob("*-docker.pkg.dev", "europe-docker.pkg.dev"));
        assert!(!glob("a*b", "ac"));
    }
}
