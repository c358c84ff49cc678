//! compose-service-image-require-explicit-tag: A service's image has no tag, or a moving one like `latest`.

use super::dclint_common::{services, text_of, written_entry, written_value};
use super::{WorkspaceCx, WorkspaceRule};
use crate::compose::interpolate::interpolate;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct ServiceImageRequireExplicitTag;

/// dclint's default list of tags that name no particular version.
pub(crate) const MOVING_TAGS: &[&str] = &[
    "latest", "stable", "edge", "test", "nightly", "dev", "beta", "canary", "lts",
];

static TAG_META: RuleMeta = rule_meta! {
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
with the anchored value, where dclint reports every alias as an image without a tag.\n\n\
Option, in a `.dclintrc` as for dclint: `service-image-require-explicit-tag: [2, { prohibitedTags: \
[latest, unstable] }]` replaces the list of moving tags (an image without a tag is still reported).",
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
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
        for c in &a.composes {
            let custom = a.compose_options(&c.path).prohibited_tags.as_deref();
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
                    Some(t) if custom.is_none() && MOVING_TAGS.contains(&t) => format!("image `{image}` of service `{name}` uses the moving tag `{t}`; pin a version"),
                    Some(t) if custom.is_some_and(|tags| tags.iter().any(|x| x == t)) => format!("image `{image}` of service `{name}` uses the tag `{t}`, which the dclint configuration prohibits; pin a version"),
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
    use super::super::dclint_common::bad_example_fixes;
    use super::*;

    #[test]
    fn tags_read_like_dclint() {
        assert_eq!(tag_of("localhost:5000/app"), None);
        assert_eq!(tag_of("nginx:1.27"), Some("1.27"));
        assert_eq!(tag_of("nginx@sha256:abc"), Some("abc"));
        assert_eq!(tag_of("app:${TAG:-latest}"), Some("${TAG"));
    }

    #[test]
    fn fix_of_the_bad_example() {
        assert!(bad_example_fixes(&ServiceImageRequireExplicitTag).is_empty());
    }
}
