//! compose-service-container-name-regex: A `container_name` is not a valid container name.

use super::dclint_common::{
    replace_scalar, services, text_of, valid_container_name, written_entry, written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::compose::interpolate::interpolate;
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct ServiceContainerNameRegex;

static NAME_REGEX_META: RuleMeta = rule_meta! {
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

impl WorkspaceRule for ServiceContainerNameRegex {
    fn meta(&self) -> &'static RuleMeta {
        &NAME_REGEX_META
    }
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
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
                        Some((
                            replace_scalar(&c.fix_budget, text_of(a, c), &c.yaml, v.span, &n)?,
                            n,
                        ))
                    })
                    .map(|(e, n)| Fix::unsafe_(format!("Name it `{n}`"), vec![e]));
                let mut d = Diagnostic::new(v.span, format!("container name {shown} of service `{name}` is not valid: use letters, digits, `_`, `.` and `-`"));
                d.fix = fix;
                out.push((c.path.clone(), d));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::*;

    #[test]
    fn names_read_like_dclint() {
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
    fn fix_of_the_bad_example() {
        assert_eq!(
            bad_example_fixes(&ServiceContainerNameRegex),
            ["services:\n  web:\n    image: nginx:1.27\n    container_name: my-web\n"]
        );
    }
}
