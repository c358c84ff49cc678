//! compose-no-duplicate-container-names: Two services use the same `container_name`.

use super::dclint_common::{
    replace_scalar, services, text_of, valid_container_name, written_entry, written_value,
};
use super::{WorkspaceCx, WorkspaceRule};
use crate::diagnostics::Fix;
use crate::diagnostics::{Category, Diagnostic, RuleMeta, Severity};

pub struct NoDuplicateContainerNames;

static DUP_NAME_META: RuleMeta = rule_meta! {
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
    fn check(&self, a: &WorkspaceCx<'_, '_>, out: &mut Vec<(String, Diagnostic)>) {
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
                        .then(|| {
                            replace_scalar(&c.fix_budget, text_of(a, c), &c.yaml, v.span, name)
                        })
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

/// A mapping's written `key` as a string.
fn written_get_str(map: &crate::yaml::Node, key: &str) -> Option<String> {
    written_entry(map, key)
        .and_then(written_value)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::super::dclint_common::bad_example_fixes;
    use super::*;

    #[test]
    fn fix_of_the_bad_example() {
        assert_eq!(
            bad_example_fixes(&NoDuplicateContainerNames),
            ["services:\n  db:\n    image: postgres:16\n    container_name: db\n  db-replica:\n    image: postgres:16\n    container_name: db-replica\n"]
        );
    }
}
