//! dclint's per-service rules: `build` with `image`, container names (unique, valid), image tags.

use super::dclint_common::{
    insert_entry_after, replace_scalar, services, text_of, written_entry, written_value,
};
use super::WorkspaceRule;
use crate::compose::interpolate::interpolate;
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};
use crate::semantic::Analysis;

pub struct NoBuildAndImage;

static BUILD_IMAGE_META: RuleMeta = RuleMeta {
    id: "compose-no-build-and-image",
    aliases: &["no-build-and-image"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A service sets both `build` and `image` without a `pull_policy`",
    why: "With both `build` and `image`, compose tags what it builds with the `image` name, but `docker \
compose up` first tries to pull that name: when the registry has an image by that name, it runs the \
pulled image instead of your build, and which one you get depends on the machine. Keep one of the two, \
or say what you mean with `pull_policy: build` (always build) or another explicit policy, which is \
accepted.\n\n\
The fix adds `pull_policy: build` after `build`. It is unsafe: `up` then always builds and never \
pulls that name, which is wrong when the service is meant to run a published image and build only \
in development.",
    bad: "services:\n  api:\n    image: registry.example.com/api:1.4\n    build: ./api\n",
    good: "services:\n  api:\n    image: registry.example.com/api:1.4\n    build: ./api\n    pull_policy: build\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-build-and-image-rule.md",
        "https://docs.docker.com/reference/compose-file/services/#pull_policy",
    ],
};

impl WorkspaceRule for NoBuildAndImage {
    fn meta(&self) -> &'static RuleMeta {
        &BUILD_IMAGE_META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            for (svc, map) in services(c) {
                let (Some(build), Some(_)) =
                    (written_entry(map, "build"), written_entry(map, "image"))
                else {
                    continue;
                };
                if written_entry(map, "pull_policy").is_some() {
                    continue;
                }
                let name = svc.key.as_str().unwrap_or("");
                let fix = insert_entry_after(
                    &c.fix_budget,
                    text_of(a, c),
                    &build.key,
                    written_value(build),
                    "pull_policy: build",
                )
                .map(|e| Fix::unsafe_("Add `pull_policy: build`", vec![e]));
                let mut d = Diagnostic::new(
                    build.key.span,
                    format!("service `{name}` has both `build` and `image`: `up` may pull `image` instead of building; drop one or set `pull_policy`"),
                );
                d.fix = fix;
                out.push((c.path.clone(), d));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

pub struct NoDuplicateContainerNames;

static DUP_NAME_META: RuleMeta = RuleMeta {
    id: "compose-no-duplicate-container-names",
    aliases: &["no-duplicate-container-names"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "Two services use the same `container_name`",
    why: "Container names are unique per Docker host: the second service fails to start with `Conflict. \
The container name \"/db\" is already in use`. The later service is reported, naming the first. Names \
are compared as written, as dclint does.\n\n\
The fix (unsafe: scripts that `docker exec` by the old name break) names the later container after \
its service, when that name is valid and free.",
    bad: "services:\n  db:\n    image: postgres:16\n    container_name: db\n  db-replica:\n    image: postgres:16\n    container_name: db\n",
    good: "services:\n  db:\n    image: postgres:16\n    container_name: db\n  db-replica:\n    image: postgres:16\n    container_name: db-replica\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/no-duplicate-container-names-rule.md",
        "https://docs.docker.com/reference/compose-file/services/#container_name",
    ],
};

impl WorkspaceRule for NoDuplicateContainerNames {
    fn meta(&self) -> &'static RuleMeta {
        &DUP_NAME_META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let mut seen: Vec<(&str, &str)> = Vec::new();
            let all: Vec<String> = services(c)
                .iter()
                .filter_map(|(_, m)| written_get_str(m, "container_name"))
                .collect();
            for (svc, map) in services(c) {
                let Some(v) = written_entry(map, "container_name").and_then(written_value) else {
                    continue;
                };
                let Some(cn) = v.as_str() else { continue };
                let name = svc.key.as_str().unwrap_or("");
                match seen.iter().find(|(n, _)| *n == cn) {
                    Some((_, first)) => {
                        let fix = (valid_container_name(name)
                            && !all.iter().any(|o| o == name)
                            && !v.span.slice(text_of(a, c)).contains('$'))
                        .then(|| replace_scalar(&c.fix_budget, text_of(a, c), v.span, name))
                        .flatten()
                        .map(|e| Fix::unsafe_(format!("Name it `{name}`"), vec![e]));
                        let mut d = Diagnostic::new(v.span, format!("container name `{cn}` of service `{name}` is already used by service `{first}`"));
                        d.fix = fix;
                        out.push((c.path.clone(), d));
                    }
                    None => seen.push((cn, name)),
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

/// A mapping's written `key` as a string.
fn written_get_str(map: &crate::yaml::Node, key: &str) -> Option<String> {
    written_entry(map, key)
        .and_then(written_value)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

pub struct ServiceContainerNameRegex;

static NAME_REGEX_META: RuleMeta = RuleMeta {
    id: "compose-service-container-name-regex",
    aliases: &["service-container-name-regex"],
    severity: Severity::Error,
    category: Category::Correctness,
    enabled_by_default: true,
    summary: "A `container_name` is not a valid container name",
    why: "Docker accepts container names matching `[a-zA-Z0-9][a-zA-Z0-9_.-]+`: at least two characters, \
starting with a letter or digit, then only letters, digits, `_`, `.` and `-`. Anything else (spaces, \
`/`, `:`) makes `docker compose up` fail. Deliberate difference from dclint: a name built from variables \
is checked after interpolation (with defaults and the `.env` beside the file), and not at all when a \
variable has no value, where dclint reports every name containing `${`.\n\n\
For a name written without variables, the fix replaces each character Docker does not allow with \
`-` and drops leading ones (`my web` becomes `my-web`). It is unsafe: the container gets a \
different name.",
    bad: "services:\n  web:\n    image: nginx:1.27\n    container_name: my web\n",
    good: "services:\n  web:\n    image: nginx:1.27\n    container_name: my-web\n",
    has_fix: true,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-container-name-regex-rule.md",
        "https://docs.docker.com/reference/compose-file/services/#container_name",
    ],
};

/// `s` with the characters a container name may not have replaced by `-`, when that makes it valid.
fn sanitized_container_name(s: &str) -> Option<String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    let replaced: String = s.chars().map(|c| if ok(c) { c } else { '-' }).collect();
    let out = replaced.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
    valid_container_name(out).then(|| out.to_string())
}

fn valid_container_name(s: &str) -> bool {
    let mut chars = s.chars();
    let ok_rest = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-');
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && s.len() >= 2
        && chars.all(ok_rest)
}

impl WorkspaceRule for ServiceContainerNameRegex {
    fn meta(&self) -> &'static RuleMeta {
        &NAME_REGEX_META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            for (svc, map) in services(c) {
                let Some(v) = written_entry(map, "container_name").and_then(written_value) else {
                    continue;
                };
                let Some(raw) = v.as_str() else { continue };
                let r = interpolate(raw, &c.env);
                if !r.unknown.is_empty() || !r.required.is_empty() || valid_container_name(&r.value)
                {
                    continue;
                }
                let name = svc.key.as_str().unwrap_or("");
                let shown = if r.value == raw {
                    format!("`{raw}`")
                } else {
                    format!("`{raw}` (`{}`)", r.value)
                };
                let fix = (r.value == raw && !raw.contains('$'))
                    .then(|| sanitized_container_name(raw))
                    .flatten()
                    .and_then(|n| {
                        Some((replace_scalar(&c.fix_budget, text_of(a, c), v.span, &n)?, n))
                    })
                    .map(|(e, n)| Fix::unsafe_(format!("Name it `{n}`"), vec![e]));
                let mut d = Diagnostic::new(v.span, format!("container name {shown} of service `{name}` is not valid: use letters, digits, `_`, `.` and `-`"));
                d.fix = fix;
                out.push((c.path.clone(), d));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------

pub struct ServiceImageRequireExplicitTag;

/// dclint's default list of tags that name no particular version.
pub(crate) const MOVING_TAGS: &[&str] = &[
    "latest", "stable", "edge", "test", "nightly", "dev", "beta", "canary", "lts",
];

static TAG_META: RuleMeta = RuleMeta {
    id: "compose-service-image-require-explicit-tag",
    aliases: &["service-image-require-explicit-tag"],
    severity: Severity::Error,
    category: Category::Reproducibility,
    enabled_by_default: true,
    summary: "A service's image has no tag, or a moving one like `latest`",
    why: "An image without a tag means `:latest`, and tags like `latest`, `stable`, `edge`, `nightly`, \
`dev`, `beta`, `canary`, `lts` or `test` move: the same file runs different software next week, and \
a rollback does not roll back. Pin a version tag (or a digest). As in dclint, the tag is what follows \
the last `:` after the last `/` (so a registry port is not a tag) and a digest counts as pinned. \
Deliberate differences: a value with variables is checked after interpolation when every variable has \
a value or default, so `app:${TAG:-latest}` is reported (dclint sees the literal tag `${TAG`); when a \
variable has no value the text is checked as written, as dclint does. And `image: *alias` is checked \
with the anchored value, where dclint reports every alias as an image without a tag.",
    bad: "services:\n  cache:\n    image: redis\n",
    good: "services:\n  cache:\n    image: redis:7.4\n",
    has_fix: false,
    files: &[],
    references: &[
        "https://github.com/zavoloklom/docker-compose-linter/blob/main/docs/rules/service-image-require-explicit-tag-rule.md",
        "https://docs.docker.com/reference/compose-file/services/#image",
    ],
};

/// The tag dclint sees in an image reference (`None`: no tag at all).
fn tag_of(image: &str) -> Option<&str> {
    let last = image.rsplit('/').next().unwrap_or(image);
    let (_, rest) = last.split_once(':')?;
    Some(rest.split(':').next().unwrap_or(rest))
}

impl WorkspaceRule for ServiceImageRequireExplicitTag {
    fn meta(&self) -> &'static RuleMeta {
        &TAG_META
    }
    fn check(&self, a: &Analysis<'_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            for (svc, map) in services(c) {
                // An alias (`image: *img`) is checked with the anchored value, reported at the alias.
                let Some(e) = written_entry(map, "image") else {
                    continue;
                };
                let Some(raw) = e.value.as_str() else {
                    continue;
                };
                let span = written_value(e)
                    .map(|v| v.span)
                    .unwrap_or_else(|| alias_span(text_of(a, c), e));
                let r = interpolate(raw, &c.env);
                let known = r.unknown.is_empty() && r.required.is_empty();
                let image = if known { r.value.as_str() } else { raw };
                let name = svc.key.as_str().unwrap_or("");
                let problem = match tag_of(image) {
                    None => format!("image `{image}` of service `{name}` has no tag, so it means `latest`; pin a version"),
                    Some(t) if MOVING_TAGS.contains(&t) => format!("image `{image}` of service `{name}` uses the moving tag `{t}`; pin a version"),
                    Some(_) => continue,
                };
                out.push((c.path.clone(), Diagnostic::new(span, problem)));
            }
        }
    }
}

/// The `*alias` token after an entry's key (the parsed tree only has the anchored node's span).
fn alias_span(text: &str, e: &crate::yaml::Entry) -> crate::source::Span {
    let from = e.key.span.end;
    let rest = &text[from.min(text.len())..];
    match rest.find('*') {
        Some(p) if rest[..p].trim_start_matches([' ', ':', '\t']).is_empty() => {
            let len = rest[p..]
                .find(|c: char| c.is_whitespace())
                .unwrap_or(rest.len() - p);
            crate::source::Span::new(from + p, from + p + len)
        }
        _ => e.key.span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_names_read_like_dclint() {
        assert_eq!(tag_of("localhost:5000/app"), None);
        assert_eq!(tag_of("nginx:1.27"), Some("1.27"));
        assert_eq!(tag_of("nginx@sha256:abc"), Some("abc"));
        assert_eq!(tag_of("app:${TAG:-latest}"), Some("${TAG"));
        assert!(valid_container_name("db-1.a_b"));
        assert!(!valid_container_name("a"));
        assert!(!valid_container_name("-db"));
        assert!(!valid_container_name("my web"));
        assert_eq!(
            sanitized_container_name("my web").as_deref(),
            Some("my-web")
        );
        assert_eq!(sanitized_container_name("/app:1").as_deref(), Some("app-1"));
        assert_eq!(sanitized_container_name("-a").as_deref(), None);
    }

    #[test]
    fn fixes_of_the_bad_examples() {
        use super::super::dclint_common::bad_example_fixes;
        assert_eq!(
            bad_example_fixes(&NoBuildAndImage),
            ["services:\n  api:\n    image: registry.example.com/api:1.4\n    build: ./api\n    pull_policy: build\n"]
        );
        assert_eq!(
            bad_example_fixes(&NoDuplicateContainerNames),
            ["services:\n  db:\n    image: postgres:16\n    container_name: db\n  db-replica:\n    image: postgres:16\n    container_name: db-replica\n"]
        );
        assert_eq!(
            bad_example_fixes(&ServiceContainerNameRegex),
            ["services:\n  web:\n    image: nginx:1.27\n    container_name: my-web\n"]
        );
        assert!(bad_example_fixes(&ServiceImageRequireExplicitTag).is_empty());
    }

    #[test]
    fn build_and_image_fix_with_a_build_mapping() {
        let src = "services:\n  api:\n    build:\n      context: .\n      target: prod\n\n    image: a/b:1\n";
        let mut ws = crate::Workspace::new();
        ws.add("compose.yaml", src);
        let r = crate::lint(&ws, &crate::Config::default());
        let f = r
            .findings
            .iter()
            .find(|f| f.rule == "compose-no-build-and-image")
            .unwrap();
        let out = crate::diagnostics::apply_edits(src, &f.fix.as_ref().unwrap().edits).unwrap();
        assert_eq!(
            out,
            "services:\n  api:\n    build:\n      context: .\n      target: prod\n    pull_policy: build\n\n    image: a/b:1\n"
        );
    }
}
